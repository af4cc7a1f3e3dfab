//! JSON parsing for token headers and payloads that keeps what a plain parse would lose: member
//! order (serde_json `preserve_order`), numbers as sent (`arbitrary_precision`), and duplicate
//! member names, which RFC 7515 says must be rejected or handled with care because verifiers
//! disagree on which value wins. The last value is kept (as serde_json and most parsers do) and
//! every duplicate name is reported. Depth is bounded by serde_json's recursion limit (128).
//!
//! Decoding keeps a value as [`JsonText`], the compact text serde_json writes for it: most tokens
//! get it in one pass over their bytes ([`super::canonical`]), the others through serde_json.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::canonical::Span;

/// serde_json's token for a number carried as text under `arbitrary_precision`.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// The result of parsing: the value and the dotted paths of duplicate member names.
#[derive(Debug)]
pub(crate) struct Parsed {
    pub(crate) value: Value,
    pub(crate) duplicates: Vec<String>,
}

/// Why the JSON could not be parsed.
#[derive(Debug)]
pub(crate) enum JsonError {
    TooDeep,
    Invalid(String),
}

/// A JSON value held as the compact text serde_json writes for it: no whitespace, members in the
/// order sent (a repeated name keeps its first place and its last value), numbers as sent except
/// that an exponent is written `e+N` or `e-N`, strings with exactly serde_json's escapes (`\"`,
/// `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, `\u00XX` for other control characters). It renders
/// byte for byte as the parsed value does, without the value being built.
#[derive(Debug, Clone)]
pub struct JsonText {
    text: String,
    /// Where the members of a top-level object sit, when the fast path parsed it (lookups then
    /// skip the walk over the text).
    index: Option<Vec<Span>>,
    /// The text has no backslash: its strings need no unescaping.
    plain: bool,
}

impl PartialEq for JsonText {
    fn eq(&self, other: &JsonText) -> bool {
        self.text == other.text
    }
}

impl Eq for JsonText {}

impl JsonText {
    fn unindexed(text: String) -> JsonText {
        let plain = !text.as_bytes().contains(&b'\\');
        JsonText {
            text,
            index: None,
            plain,
        }
    }

    /// `null`.
    pub fn null() -> JsonText {
        JsonText::unindexed("null".to_owned())
    }

    /// `s` as a JSON string.
    pub fn string(s: &str) -> JsonText {
        let mut out = String::with_capacity(s.len() + 2);
        super::canonical::push_json_string(&mut out, s);
        JsonText::unindexed(out)
    }

    /// Parses the JSON document `bytes` (see [`parse_text`]); `None` when it is not JSON.
    pub fn parse(bytes: &[u8]) -> Option<JsonText> {
        parse_text(bytes).ok().map(|(text, _)| text)
    }

    /// The compact text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// A view of the value, to look inside it.
    pub fn get(&self) -> JsonRef<'_> {
        JsonRef {
            text: &self.text,
            index: self.index.as_deref(),
            plain: self.plain,
        }
    }

    /// The text laid out as `serde_json::to_string_pretty` lays out the value (two-space indent,
    /// `"name": value`, `{}` and `[]` when empty), without building the tree.
    pub fn pretty(&self) -> String {
        let text = self.text.as_bytes();
        let mut out = Vec::with_capacity(text.len() * 2);
        let newline = |out: &mut Vec<u8>, depth: usize| {
            out.push(b'\n');
            out.resize(out.len() + 2 * depth, b' ');
        };
        let mut depth = 0usize;
        let mut i = 0;
        while let Some(&c) = text.get(i) {
            match c {
                b'"' => {
                    // Copy the string whole: its bytes are never layout.
                    let end = string_end(text, i).unwrap_or(text.len());
                    out.extend_from_slice(text.get(i..end).unwrap_or_default());
                    i = end;
                    continue;
                }
                b'{' | b'[' => {
                    out.push(c);
                    if let Some(&close @ (b'}' | b']')) = text.get(i + 1) {
                        out.push(close);
                        i += 1;
                    } else {
                        depth += 1;
                        newline(&mut out, depth);
                    }
                }
                b'}' | b']' => {
                    depth = depth.saturating_sub(1);
                    newline(&mut out, depth);
                    out.push(c);
                }
                b',' => {
                    out.push(c);
                    newline(&mut out, depth);
                }
                b':' => out.extend_from_slice(b": "),
                _ => out.push(c),
            }
            i += 1;
        }
        // Only ASCII was added between whole UTF-8 sequences, so this never replaces anything.
        String::from_utf8_lossy(&out).into_owned()
    }

    /// The value as a `serde_json` tree, for the code that wants one.
    pub fn to_value(&self) -> Value {
        // The text is what serde_json wrote, so it parses; `null` keeps this total all the same.
        parse(self.text.as_bytes()).map_or(Value::Null, |p| p.value)
    }
}

impl serde::Serialize for JsonText {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Through the tree, so that every serializer (pretty ones too) lays it out as its own.
        // Bulk output writes the text as it is instead (`output/ndjson.rs`).
        self.to_value().serialize(s)
    }
}

/// The JSON type of a value, as the words messages use ("a string", "an array").
pub(crate) fn type_words(first: Option<u8>) -> &'static str {
    match first {
        Some(b'{') => "an object",
        Some(b'[') => "an array",
        Some(b'"') => "a string",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') | None => "null",
        Some(_) => "a number",
    }
}

/// A value inside a [`JsonText`]: its compact text.
#[derive(Debug, Clone, Copy)]
pub struct JsonRef<'a> {
    text: &'a str,
    index: Option<&'a [Span]>,
    /// No backslash in the text.
    plain: bool,
}

impl<'a> JsonRef<'a> {
    fn inner(text: &'a str, plain: bool) -> JsonRef<'a> {
        JsonRef {
            text,
            index: None,
            plain,
        }
    }

    /// The compact text of the value.
    pub fn text(self) -> &'a str {
        self.text
    }

    /// The value on its own.
    pub fn to_text(self) -> JsonText {
        JsonText {
            text: self.text.to_owned(),
            index: None,
            plain: self.plain,
        }
    }

    fn first(self) -> Option<u8> {
        self.text.as_bytes().first().copied()
    }

    /// True for an object.
    pub fn is_object(self) -> bool {
        self.first() == Some(b'{')
    }

    /// True for a number.
    pub fn is_number(self) -> bool {
        matches!(self.first(), Some(b'-' | b'0'..=b'9'))
    }

    /// The JSON type, as words for messages ("a string", "an array").
    pub fn type_words(self) -> &'static str {
        type_words(self.first())
    }

    /// The string, unescaped, when the value is a string.
    pub fn as_str(self) -> Option<Cow<'a, str>> {
        let inner = self.text.strip_prefix('"')?.strip_suffix('"')?;
        Some(if self.plain {
            Cow::Borrowed(inner)
        } else {
            unescape(inner)
        })
    }

    /// The members of an object, in order (none for other values).
    pub fn members(self) -> Members<'a> {
        let walk = if !self.is_object() {
            Walk::Done
        } else if let Some(index) = self.index {
            Walk::Indexed(index.iter())
        } else if self.text.len() > 2 {
            Walk::Scan(1)
        } else {
            Walk::Done
        };
        Members {
            text: self.text,
            plain: self.plain,
            walk,
        }
    }

    /// The member at position `i` of an object (0 is the first).
    pub fn member_at(self, i: usize) -> Option<(JsonKey<'a>, JsonRef<'a>)> {
        match self.index {
            Some(index) if self.is_object() => {
                member_from_span(self.text, self.plain, *index.get(i)?)
            }
            _ => self.members().nth(i),
        }
    }

    /// The member `name` of an object.
    pub fn member(self, name: &str) -> Option<JsonRef<'a>> {
        self.members().find(|(k, _)| k.is(name)).map(|(_, v)| v)
    }
}

/// A member name inside a [`JsonText`], as written (escaped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonKey<'a> {
    raw: &'a str,
    plain: bool,
}

impl<'a> JsonKey<'a> {
    /// True when the name is `name` (a name with no character JSON escapes).
    pub fn is(self, name: &str) -> bool {
        self.raw == name
    }

    /// The name as written, escapes and all.
    pub fn raw(self) -> &'a str {
        self.raw
    }

    /// The name, unescaped.
    pub fn name(self) -> Cow<'a, str> {
        if self.plain {
            Cow::Borrowed(self.raw)
        } else {
            unescape(self.raw)
        }
    }
}

/// The members of an object in a [`JsonText`], in order.
pub struct Members<'a> {
    text: &'a str,
    plain: bool,
    walk: Walk<'a>,
}

enum Walk<'a> {
    /// From the index the fast path made.
    Indexed(std::slice::Iter<'a, Span>),
    /// Over the text: where the next member name's opening quote is.
    Scan(usize),
    Done,
}

impl<'a> Iterator for Members<'a> {
    type Item = (JsonKey<'a>, JsonRef<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let (name, value) = match &mut self.walk {
            Walk::Done => return None,
            Walk::Indexed(spans) => return member_from_span(self.text, self.plain, *spans.next()?),
            Walk::Scan(pos) => {
                let b = self.text.as_bytes();
                let key_start = *pos;
                let key_end = string_end(b, key_start)?;
                let value_start = key_end + 1;
                let value_end = value_end(b, value_start);
                *pos = value_end + 1;
                if b.get(value_end) != Some(&b',') {
                    self.walk = Walk::Done;
                }
                (key_start + 1..key_end - 1, value_start..value_end)
            }
        };
        let raw = self.text.get(name)?;
        let value = self.text.get(value)?;
        let plain = self.plain;
        Some((JsonKey { raw, plain }, JsonRef::inner(value, plain)))
    }
}

/// The member of `text` at an index [`Span`].
fn member_from_span(text: &str, plain: bool, span: Span) -> Option<(JsonKey<'_>, JsonRef<'_>)> {
    let [k, v, e] = span.map(|n| n as usize);
    let raw = text.get(k..v.saturating_sub(2))?;
    let value = text.get(v..e)?;
    Some((JsonKey { raw, plain }, JsonRef::inner(value, plain)))
}

/// The end (one past the closing quote) of the string whose opening quote is at `start`.
fn string_end(b: &[u8], start: usize) -> Option<usize> {
    if b.get(start) != Some(&b'"') {
        return None;
    }
    let mut i = start + 1;
    loop {
        match b.get(i)? {
            b'"' => return Some(i + 1),
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
}

/// The end of the value starting at `start`, in compact text.
fn value_end(b: &[u8], start: usize) -> usize {
    match b.get(start) {
        Some(b'"') => string_end(b, start).unwrap_or(b.len()),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut i = start;
            while let Some(&c) = b.get(i) {
                match c {
                    b'"' => {
                        i = string_end(b, i).unwrap_or(b.len());
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return i + 1;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            b.len()
        }
        _ => {
            let rest = b.get(start..).unwrap_or_default();
            start
                + rest
                    .iter()
                    .position(|&c| matches!(c, b',' | b'}' | b']'))
                    .unwrap_or(rest.len())
        }
    }
}

/// The text of a JSON string's contents with its escapes resolved.
fn unescape(s: &str) -> Cow<'_, str> {
    if !s.as_bytes().contains(&b'\\') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let c = match chars.next() {
            Some('b') => '\u{8}',
            Some('f') => '\u{c}',
            Some('n') => '\n',
            Some('r') => '\r',
            Some('t') => '\t',
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                let n = u32::from_str_radix(&hex, 16).unwrap_or(0xFFFD);
                char::from_u32(n).unwrap_or('\u{FFFD}')
            }
            Some(other) => other,
            None => break,
        };
        out.push(c);
    }
    Cow::Owned(out)
}

/// Parses the JSON document `bytes` into its [`JsonText`] and the dotted paths of repeated member
/// names: in one pass when it can, through serde_json otherwise (which also words the errors).
pub(crate) fn parse_text(bytes: &[u8]) -> Result<(JsonText, Vec<String>), JsonError> {
    let mut out = String::with_capacity(bytes.len());
    let mut index = Vec::with_capacity(16);
    if let Ok(verbatim) = super::canonical::canonicalize(bytes, &mut out, &mut index) {
        let plain = verbatim || !out.as_bytes().contains(&b'\\');
        let index = Some(index);
        return Ok((
            JsonText {
                text: out,
                index,
                plain,
            },
            Vec::new(),
        ));
    }
    let parsed = parse(bytes)?;
    let text =
        serde_json::to_string(&parsed.value).map_err(|e| JsonError::Invalid(e.to_string()))?;
    Ok((JsonText::unindexed(text), parsed.duplicates))
}

/// Parses one JSON document from `bytes`, collecting duplicate member names.
pub(crate) fn parse(bytes: &[u8]) -> Result<Parsed, JsonError> {
    let mut duplicates = Vec::new();
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let seed = ValueSeed {
        duplicates: &mut duplicates,
        frame: None,
    };
    let value = seed.deserialize(&mut de).and_then(|v| de.end().map(|()| v));
    match value {
        Ok(value) => Ok(Parsed { value, duplicates }),
        Err(e) => {
            let msg = e.to_string();
            if msg.starts_with("recursion limit exceeded") {
                Err(JsonError::TooDeep)
            } else {
                Err(JsonError::Invalid(msg))
            }
        }
    }
}

/// Where a value sits, as a chain of parent frames; turned into a dotted path only when a
/// duplicate is found, so the common case allocates nothing for it.
enum Frame<'p> {
    Key(&'p str, Option<&'p Frame<'p>>),
    Index(usize, Option<&'p Frame<'p>>),
}

fn render_path(frame: Option<&Frame<'_>>, last: &str) -> String {
    let mut chain = Vec::new();
    let mut cur = frame;
    while let Some(f) = cur {
        chain.push(f);
        cur = match f {
            Frame::Key(_, parent) | Frame::Index(_, parent) => *parent,
        };
    }
    let mut out = String::new();
    for f in chain.iter().rev() {
        match f {
            Frame::Key(k, _) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Frame::Index(i, _) => out.push_str(&format!("[{i}]")),
        }
    }
    if !out.is_empty() {
        out.push('.');
    }
    out.push_str(last);
    out
}

struct ValueSeed<'a, 'p> {
    duplicates: &'a mut Vec<String>,
    frame: Option<&'p Frame<'p>>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_, '_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("number out of range"))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        let mut index = 0usize;
        loop {
            let frame = Frame::Index(index, self.frame);
            let seed = ValueSeed {
                duplicates: &mut *self.duplicates,
                frame: Some(&frame),
            };
            match seq.next_element_seed(seed)? {
                Some(v) => out.push(v),
                None => break,
            }
            index += 1;
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        let mut first = true;
        while let Some(key) = map.next_key::<String>()? {
            if first && key == NUMBER_TOKEN {
                let text: String = map.next_value()?;
                let n: Number = text.parse().map_err(de::Error::custom)?;
                return Ok(Value::Number(n));
            }
            first = false;
            let value = {
                let frame = Frame::Key(&key, self.frame);
                map.next_value_seed(ValueSeed {
                    duplicates: &mut *self.duplicates,
                    frame: Some(&frame),
                })?
            };
            match out.entry(key) {
                serde_json::map::Entry::Vacant(v) => {
                    v.insert(value);
                }
                serde_json::map::Entry::Occupied(mut o) => {
                    self.duplicates.push(render_path(self.frame, o.key()));
                    o.insert(value);
                }
            }
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_numbers_as_sent() {
        let p = parse(br#"{"z":1,"a":1.50,"big":123456789012345678901234567890,"e":1e3}"#).unwrap();
        // serde_json spells exponents with an explicit sign; digits are kept as sent.
        assert_eq!(
            p.value.to_string(),
            r#"{"z":1,"a":1.50,"big":123456789012345678901234567890,"e":1e+3}"#
        );
        assert!(p.duplicates.is_empty());
    }

    #[test]
    fn reports_duplicates_with_their_path() {
        let p =
            parse(br#"{"sub":"42","sub":"admin","o":{"k":1,"k":2},"l":[{"x":1,"x":2}]}"#).unwrap();
        assert_eq!(p.duplicates, ["sub", "o.k", "l[0].x"]);
        assert_eq!(p.value["sub"], "admin");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "[".repeat(100_000);
        assert!(matches!(parse(deep.as_bytes()), Err(JsonError::TooDeep)));
        let deep = "{\"a\":".repeat(10_000);
        assert!(matches!(parse(deep.as_bytes()), Err(JsonError::TooDeep)));
    }

    #[test]
    fn trailing_data_and_garbage_are_errors() {
        assert!(matches!(parse(b"{} x"), Err(JsonError::Invalid(_))));
        assert!(matches!(parse(b"Payload"), Err(JsonError::Invalid(_))));
        assert!(matches!(parse(b""), Err(JsonError::Invalid(_))));
    }
}
