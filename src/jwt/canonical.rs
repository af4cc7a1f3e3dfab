//! The fast path of JSON parsing: one pass over the bytes that validates them and writes the compact
//! text serde_json would write for the parsed value, without building the value.
//!
//! It accepts only what it can reproduce exactly and declines everything else (invalid JSON,
//! duplicate member names, lone or odd surrogate escapes, nesting over [`MAX_DEPTH`], objects over
//! [`MAX_KEYS`] open members, serde_json's private number token): the caller then parses with
//! serde_json, which decides (and words the error). So where it accepts, its text is exactly
//! `serde_json::to_string` of [`super::json::parse`]'s value; the tests check that on many inputs.

/// Deeper nesting is left to serde_json, which allows 127 levels.
const MAX_DEPTH: usize = 100;

/// Member names kept for duplicate detection across the objects being scanned; more are left to
/// serde_json's map (the pairwise comparison here is for the usual small claims sets).
const MAX_KEYS: usize = 64;

/// serde_json's marker for a number carried as text: an object whose first member has this name
/// is read as a number by the slow path, so it is left to it.
const NUMBER_TOKEN: &[u8] = b"$serde_json::private::Number";

/// The input is not something the fast path reproduces; parse it with serde_json.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Declined;

/// Where a top-level member of an object sits in the compact text: its name's first byte (after
/// the quote), and its value's start and end. The name ends 2 bytes before the value (`":`).
pub(crate) type Span = [u32; 3];

/// Writes to `out` the compact text of the JSON document `input`, as serde_json (with
/// `preserve_order` and `arbitrary_precision`) would parse and then write it; and to `index` where
/// the members of a top-level object sit in it.
///
/// Most tokens are already compact with nothing to re-escape: a first pass only validates, and the
/// bytes are then copied whole. Input with whitespace, escapes or exponents takes a second pass
/// that writes as it goes.
///
/// Returns true when the input was copied as it is: then the text has no escapes at all.
///
/// # Errors
/// [`Declined`] when the input is not valid JSON, or is valid but outside what this pass handles.
pub(crate) fn canonicalize(
    input: &[u8],
    out: &mut String,
    index: &mut Vec<Span>,
) -> Result<bool, Declined> {
    let text = std::str::from_utf8(input).map_err(|_| Declined)?;
    index.clear();
    match Scanner::<false>::run(text, out, index) {
        Ok(()) => {
            out.push_str(text);
            return Ok(true);
        }
        Err(Stop::Declined) => return Err(Declined),
        Err(Stop::Rewrite) => {}
    }
    index.clear();
    match Scanner::<true>::run(text, out, index) {
        Ok(()) => Ok(false),
        Err(_) => Err(Declined),
    }
}

/// Why a pass stopped.
enum Stop {
    Declined,
    /// The text must be rewritten (validation-only pass): whitespace, an escape, an exponent.
    Rewrite,
}

impl From<Declined> for Stop {
    fn from(_: Declined) -> Stop {
        Stop::Declined
    }
}

/// One pass. With `WRITE` false it only validates, and stops at anything the output would not
/// copy as it is; with `WRITE` true it writes the compact text to `out`.
struct Scanner<'a, 'o, const WRITE: bool> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    out: &'o mut String,
    /// Where the output text starts in `out` (output positions are relative to it).
    base: usize,
    /// The member names of the objects being scanned, innermost last: span in the output text,
    /// and [`fingerprint`].
    keys: [(u32, u32, u64); MAX_KEYS],
    nkeys: usize,
    index: &'o mut Vec<Span>,
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// For the 8 bytes of `w` (little-endian: the first byte lowest), a mask whose lowest set bit is
/// the high bit of the first byte that is `"`, `\` or a control character (below 0x20): where a
/// string's plain run stops. Zero when there is none. The classic has-zero / has-less tests: a
/// false positive can only follow a true one, so the lowest set bit is exact.
fn attention(w: u64) -> u64 {
    let quote = w ^ (LO * u64::from(b'"'));
    let backslash = w ^ (LO * u64::from(b'\\'));
    let has_zero = |x: u64| x.wrapping_sub(LO) & !x & HI;
    let control = w.wrapping_sub(LO * 0x20) & !w & HI;
    has_zero(quote) | has_zero(backslash) | control
}

/// The first 8 bytes of a name (zero-padded), to tell names apart without comparing them whole.
fn fingerprint(name: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    for (w, b) in word.iter_mut().zip(name) {
        *w = *b;
    }
    u64::from_le_bytes(word)
}

fn hex4(b: &[u8]) -> Option<u32> {
    let mut n = 0u32;
    for &c in b.get(..4)? {
        n = n * 16 + char::from(c).to_digit(16)?;
    }
    Some(n)
}

/// Appends `c` as serde_json writes it inside a string.
pub(crate) fn push_escaped_char(out: &mut String, c: char) {
    match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if u32::from(c) < 0x20 => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let b = u32::from(c) as usize;
            out.push_str("\\u00");
            out.push(char::from(HEX[b >> 4]));
            out.push(char::from(HEX[b & 0xf]));
        }
        c => out.push(c),
    }
}

/// Appends `s` as a JSON string, quoted and escaped as serde_json writes it.
pub(crate) fn push_json_string(out: &mut String, s: &str) {
    out.push('"');
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        if b < 0x20 || b == b'"' || b == b'\\' {
            out.push_str(s.get(run..i).unwrap_or_default());
            push_escaped_char(out, char::from(b));
            run = i + 1;
        }
    }
    out.push_str(s.get(run..).unwrap_or_default());
    out.push('"');
}

impl<'a, 'o, const WRITE: bool> Scanner<'a, 'o, WRITE> {
    fn run(text: &'a str, out: &'o mut String, index: &'o mut Vec<Span>) -> Result<(), Stop> {
        let base = out.len();
        let mut s = Scanner::<WRITE> {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            out,
            base,
            keys: [(0, 0, 0); MAX_KEYS],
            nkeys: 0,
            index,
        };
        s.skip_ws()?;
        s.value(0)?;
        s.skip_ws()?;
        if s.pos == s.bytes.len() {
            Ok(())
        } else {
            Err(Stop::Declined)
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// The current position in the output text.
    fn out_pos(&self) -> usize {
        if WRITE {
            self.out.len() - self.base
        } else {
            self.pos
        }
    }

    /// The output text so far (the input itself when validating, as they are the same).
    fn written(&self) -> &[u8] {
        if WRITE {
            self.out.as_bytes().get(self.base..).unwrap_or_default()
        } else {
            self.bytes
        }
    }

    fn push(&mut self, c: char) {
        if WRITE {
            self.out.push(c);
        }
    }

    fn push_str(&mut self, s: &str) {
        if WRITE {
            self.out.push_str(s);
        }
    }

    fn skip_ws(&mut self) -> Result<(), Stop> {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            if !WRITE {
                return Err(Stop::Rewrite);
            }
            self.pos += 1;
        }
        Ok(())
    }

    /// Copies input bytes `from..to` (both at ASCII positions, so on character boundaries).
    fn copy(&mut self, from: usize, to: usize) -> Result<(), Declined> {
        if WRITE {
            self.out.push_str(self.text.get(from..to).ok_or(Declined)?);
        }
        Ok(())
    }

    fn value(&mut self, depth: usize) -> Result<(), Stop> {
        match self.peek() {
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string(),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => Ok(self.literal("true")?),
            Some(b'f') => Ok(self.literal("false")?),
            Some(b'n') => Ok(self.literal("null")?),
            _ => Err(Stop::Declined),
        }
    }

    fn literal(&mut self, word: &str) -> Result<(), Declined> {
        let end = self.pos + word.len();
        if self.bytes.get(self.pos..end) != Some(word.as_bytes()) {
            return Err(Declined);
        }
        self.push_str(word);
        self.pos = end;
        Ok(())
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    /// A number, as serde_json's `arbitrary_precision` scanner spells it: the text as sent, with
    /// the exponent marker written `e` and its sign always present.
    fn number(&mut self) -> Result<(), Stop> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(Stop::Declined),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(Stop::Declined);
            }
        }
        self.copy(start, self.pos)?;
        if let Some(b'e' | b'E') = self.peek() {
            if !WRITE {
                return Err(Stop::Rewrite);
            }
            self.pos += 1;
            self.push('e');
            match self.peek() {
                Some(b'+') => {
                    self.pos += 1;
                    self.push('+');
                }
                Some(b'-') => {
                    self.pos += 1;
                    self.push('-');
                }
                _ => self.push('+'),
            }
            let digits = self.pos;
            if self.digits() == 0 {
                return Err(Stop::Declined);
            }
            self.copy(digits, self.pos)?;
        }
        Ok(())
    }

    /// A string, from its opening quote; written with serde_json's escapes.
    fn string(&mut self) -> Result<(), Stop> {
        self.push('"');
        self.pos += 1;
        loop {
            let run = self.pos;
            loop {
                if let Some(chunk) = self.bytes.get(self.pos..self.pos + 8) {
                    let word = u64::from_le_bytes(chunk.try_into().map_err(|_| Declined)?);
                    let found = attention(word);
                    if found == 0 {
                        self.pos += 8;
                        continue;
                    }
                    self.pos += (found.trailing_zeros() / 8) as usize;
                } else {
                    while let Some(b) = self.peek() {
                        if b == b'"' || b == b'\\' || b < 0x20 {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                break;
            }
            self.copy(run, self.pos)?;
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    self.push('"');
                    return Ok(());
                }
                Some(b'\\') if !WRITE => return Err(Stop::Rewrite),
                Some(b'\\') => self.escape()?,
                // End of input, or a raw control character: serde_json's error.
                _ => return Err(Stop::Declined),
            }
        }
    }

    /// One escape sequence, from its backslash.
    fn escape(&mut self) -> Result<(), Declined> {
        let c = match self.bytes.get(self.pos + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let rest = self.bytes.get(self.pos + 2..).unwrap_or_default();
                let n = hex4(rest).ok_or(Declined)?;
                let code = match n {
                    0xDC00..=0xDFFF => return Err(Declined),
                    0xD800..=0xDBFF => {
                        // A pair: `\uD8xx\uDCxx`. Anything else is left to serde_json.
                        if rest.get(4..6) != Some(b"\\u") {
                            return Err(Declined);
                        }
                        let low = rest.get(6..).and_then(hex4).ok_or(Declined)?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(Declined);
                        }
                        self.pos += 6;
                        0x10000 + ((n - 0xD800) << 10) + (low - 0xDC00)
                    }
                    n => n,
                };
                self.pos += 4;
                char::from_u32(code).ok_or(Declined)?
            }
            _ => return Err(Declined),
        };
        self.pos += 2;
        if WRITE {
            push_escaped_char(self.out, c);
        }
        Ok(())
    }

    fn array(&mut self, depth: usize) -> Result<(), Stop> {
        if depth > MAX_DEPTH {
            return Err(Stop::Declined);
        }
        self.pos += 1;
        self.push('[');
        self.skip_ws()?;
        if self.peek() == Some(b']') {
            self.pos += 1;
            self.push(']');
            return Ok(());
        }
        loop {
            self.value(depth)?;
            self.skip_ws()?;
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.push(',');
                    self.skip_ws()?;
                }
                Some(b']') => {
                    self.pos += 1;
                    self.push(']');
                    return Ok(());
                }
                _ => return Err(Stop::Declined),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<(), Stop> {
        if depth > MAX_DEPTH {
            return Err(Stop::Declined);
        }
        self.pos += 1;
        self.push('{');
        self.skip_ws()?;
        if self.peek() == Some(b'}') {
            self.pos += 1;
            self.push('}');
            return Ok(());
        }
        let first_key = self.nkeys;
        loop {
            if self.peek() != Some(b'"') {
                return Err(Stop::Declined);
            }
            let start = self.out_pos() + 1;
            self.string()?;
            let end = self.out_pos() - 1;
            self.new_key(first_key, start, end)?;
            self.skip_ws()?;
            if self.peek() != Some(b':') {
                return Err(Stop::Declined);
            }
            self.pos += 1;
            self.push(':');
            self.skip_ws()?;
            let value_start = self.out_pos();
            self.value(depth)?;
            if depth == 1 {
                let span = [start, value_start, self.out_pos()].map(u32::try_from);
                if let [Ok(k), Ok(v), Ok(e)] = span {
                    self.index.push([k, v, e]);
                } else {
                    return Err(Stop::Declined);
                }
            }
            self.skip_ws()?;
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.push(',');
                    self.skip_ws()?;
                }
                Some(b'}') => {
                    self.pos += 1;
                    self.push('}');
                    self.nkeys = first_key;
                    return Ok(());
                }
                _ => return Err(Stop::Declined),
            }
        }
    }

    /// Records the member name at `start..end` of the output text (escaped as written, which
    /// compares the same as the unescaped names do), declining when the object already has it.
    fn new_key(&mut self, first_key: usize, start: usize, end: usize) -> Result<(), Declined> {
        let written = self.written();
        let name = written.get(start..end).ok_or(Declined)?;
        if first_key == self.nkeys && name == NUMBER_TOKEN {
            return Err(Declined);
        }
        let len = name.len();
        let print = fingerprint(name);
        for &(s, e, p) in self.keys.get(first_key..self.nkeys).unwrap_or_default() {
            if p == print
                && (e - s) as usize == len
                && (len <= 8 || written.get(s as usize..e as usize) == Some(name))
            {
                return Err(Declined);
            }
        }
        let slot = self.keys.get_mut(self.nkeys).ok_or(Declined)?;
        *slot = (
            u32::try_from(start).map_err(|_| Declined)?,
            u32::try_from(end).map_err(|_| Declined)?,
            print,
        );
        self.nkeys += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(s: &str) -> Option<String> {
        let mut out = String::new();
        canonicalize(s.as_bytes(), &mut out, &mut Vec::new())
            .ok()
            .map(|_| out)
    }

    #[test]
    fn writes_what_serde_json_writes() {
        assert_eq!(
            canon(" { \"a\" : [1, -0, 1.50, 1E3, 2e-7, true, null, false], \"b\":{}} ").as_deref(),
            Some(r#"{"a":[1,-0,1.50,1e+3,2e-7,true,null,false],"b":{}}"#)
        );
        assert_eq!(
            canon(r#""\u0041\/\u00e9\ud83d\ude00\u001f\"\\\n""#).as_deref(),
            Some("\"A/é😀\\u001f\\\"\\\\\\n\"")
        );
    }

    #[test]
    fn declines_what_it_does_not_reproduce() {
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\":1,}",
            "01",
            "1.",
            "-",
            "1e",
            "tru",
            "nul",
            "{\"a\":1,\"a\":2}",
            "\"\\ud800\"",
            "\"\\udc00\"",
            "\"\\ud800\\u0041\"",
            "\"a\u{1}\"",
            "\"\\x\"",
            "{\"$serde_json::private::Number\":\"1\"}",
            "1 2",
            "{1:2}",
        ] {
            assert_eq!(canon(bad), None, "{bad:?}");
        }
        assert_eq!(canon(&"[".repeat(200)), None);
        assert_eq!(canon(r#"{"abcdefghij":1,"abcdefghij":2}"#), None);
        assert!(canon(r#"{"abcdefghij":1,"abcdefghik":2}"#).is_some());
        let many: Vec<String> = (0..MAX_KEYS + 1).map(|i| format!("\"k{i}\":{i}")).collect();
        assert_eq!(canon(&format!("{{{}}}", many.join(","))), None);
        assert!(canon(&format!("{{{}}}", many[..MAX_KEYS].join(","))).is_some());
    }

    /// A small deterministic generator of JSON-like text: valid documents, and documents with a
    /// byte changed, dropped or repeated.
    struct Gen(u64);

    impl Gen {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: u64) -> usize {
            (self.next() % n) as usize
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len() as u64)]
        }

        fn ws(&mut self, out: &mut String) {
            if self.below(4) == 0 {
                out.push_str(self.pick(&[" ", "\n", "\t", "\r", "  ", "\u{a0}", "\u{c}"]));
            }
        }

        fn string(&mut self, out: &mut String) {
            out.push('"');
            for _ in 0..self.below(6) {
                out.push_str(self.pick(&[
                    "a",
                    "sub",
                    "exp",
                    "é",
                    "😀",
                    "\\n",
                    "\\\"",
                    "\\\\",
                    "\\/",
                    "\\u0041",
                    "\\u00e9",
                    "\\u001f",
                    "\\u0000",
                    "\\ud83d\\ude00",
                    "\\ud800",
                    "\\udc00",
                    "\\uD83D\\uDE00",
                    "\\x",
                    "\u{1}",
                    "\u{7f}",
                    "\\b",
                    "\\f",
                    "\\r",
                    "\\t",
                    " ",
                    "password",
                    "$serde_json::private::Number",
                    "\\u12",
                    "\u{2028}",
                ]));
            }
            out.push('"');
        }

        fn value(&mut self, out: &mut String, depth: usize) {
            let choice = if depth > 4 {
                2 + self.below(3)
            } else {
                self.below(6)
            };
            match choice {
                0 => {
                    out.push('{');
                    for i in 0..self.below(5) {
                        if i > 0 {
                            out.push(',');
                        }
                        self.ws(out);
                        self.string(out);
                        self.ws(out);
                        out.push(':');
                        self.ws(out);
                        self.value(out, depth + 1);
                        self.ws(out);
                    }
                    out.push('}');
                }
                1 => {
                    out.push('[');
                    for i in 0..self.below(4) {
                        if i > 0 {
                            out.push(',');
                        }
                        self.ws(out);
                        self.value(out, depth + 1);
                        self.ws(out);
                    }
                    out.push(']');
                }
                2 => self.string(out),
                3 => out.push_str(self.pick(&[
                    "0",
                    "-0",
                    "1",
                    "-1",
                    "1.50",
                    "1E3",
                    "1e-3",
                    "2E+2",
                    "1.0e0",
                    "01",
                    "1.",
                    "-",
                    ".5",
                    "1e",
                    "12345678901234567890123",
                    "-9223372036854775808",
                    "18446744073709551615",
                    "18446744073709551616",
                    "1700000000",
                    "1.7e9",
                    "-12.5e-1",
                    "1e400",
                    "0.000",
                ])),
                _ => out.push_str(self.pick(&["true", "false", "null", "tru", "nul", "nulll"])),
            }
        }
    }

    #[test]
    fn agrees_with_serde_json() {
        let mut g = Gen(0x9E37_79B9_7F4A_7C15);
        let (mut accepted, mut declined) = (0, 0);
        for round in 0..60_000 {
            let mut doc = String::new();
            g.ws(&mut doc);
            g.value(&mut doc, 0);
            g.ws(&mut doc);
            let mut bytes = doc.into_bytes();
            if round % 3 == 0 && !bytes.is_empty() {
                let at = g.below(bytes.len() as u64);
                match g.below(4) {
                    0 => bytes[at] = b"{}[],:\"\\ 0a-eE.\xff\x01"[g.below(17)],
                    1 => {
                        bytes.remove(at);
                    }
                    2 => bytes.insert(at, bytes[at]),
                    _ => bytes.truncate(at),
                }
            }
            let mut fast = String::new();
            let fast = canonicalize(&bytes, &mut fast, &mut Vec::new()).map(|verbatim| {
                assert!(!verbatim || !fast.contains('\\'));
                fast
            });
            let slow = crate::jwt::json::parse(&bytes);
            match (&fast, slow) {
                (Ok(text), Ok(parsed)) => {
                    accepted += 1;
                    assert!(parsed.duplicates.is_empty(), "{bytes:?}");
                    let want = serde_json::to_string(&parsed.value).unwrap();
                    assert_eq!(text, &want, "{:?}", String::from_utf8_lossy(&bytes));
                    // The view over the text agrees with the tree.
                    let text = crate::jwt::json::JsonText::parse(&bytes).unwrap();
                    assert_eq!(text.to_value(), parsed.value);
                    let want = serde_json::to_string_pretty(&parsed.value).unwrap();
                    assert_eq!(text.pretty(), want, "{:?}", String::from_utf8_lossy(&bytes));
                    if let serde_json::Value::Object(map) = &parsed.value {
                        let members: Vec<_> = text
                            .get()
                            .members()
                            .map(|(k, v)| (k.name().into_owned(), v.text().to_owned()))
                            .collect();
                        let want: Vec<_> = map
                            .iter()
                            .map(|(k, v)| (k.clone(), v.to_string()))
                            .collect();
                        assert_eq!(members, want);
                        for (k, v) in map {
                            if let serde_json::Value::String(s) = v {
                                let got = text.get().member(k).and_then(|v| v.as_str());
                                if !k.contains(['"', '\\']) && !k.chars().any(char::is_control) {
                                    assert_eq!(got.as_deref(), Some(s.as_str()));
                                }
                            }
                        }
                    }
                }
                (Ok(_), Err(_)) => panic!(
                    "accepted what serde_json rejects: {:?}",
                    String::from_utf8_lossy(&bytes)
                ),
                (Err(_), _) => declined += 1,
            }
        }
        // Both kinds are exercised.
        assert!(
            accepted > 10_000 && declined > 10_000,
            "{accepted} {declined}"
        );
    }
}
