//! Where tokens come from: a TOKEN argument or standard input, one per line, and the wrappers
//! people paste around them (`Bearer `, a whole `Authorization:` header line, a `name=value`
//! cookie pair). Reading is bounded: a line longer than the cap is skipped, not buffered.

use std::io::{self, BufRead};

/// Removes surrounding whitespace and the wrappers a token is commonly pasted in:
/// `Authorization: Bearer <t>`, `Bearer <t>`, `Cookie: a=b; name=<t>`, `name=<t>`.
pub fn extract_token(input: &str) -> &str {
    let mut s = input.trim();
    // The common case, a bare token, has none of the characters the wrappers use.
    let b = s.as_bytes();
    if memchr::memchr3(b' ', b'\t', b';', b).is_none() && memchr::memchr2(b'=', b':', b).is_none() {
        return s;
    }
    for header in ["authorization:", "cookie:", "set-cookie:"] {
        if let Some(rest) = strip_prefix_ignore_case(s, header) {
            s = rest.trim_start();
            break;
        }
    }
    for scheme in ["bearer ", "bearer\t"] {
        if let Some(rest) = strip_prefix_ignore_case(s, scheme) {
            s = rest.trim_start();
            break;
        }
    }
    if s.contains(';') {
        // A cookie header: take the first pair whose value looks like a token.
        let mut pairs = s.split(';').map(str::trim);
        let first = pairs.next().unwrap_or("");
        let pick = std::iter::once(first)
            .chain(pairs)
            .find(|p| cookie_value(p).contains('.'))
            .unwrap_or(first);
        s = pick;
    }
    cookie_value(s).trim()
}

/// `s` without `prefix` (ASCII, any case), if it starts with it. Never slices inside a character.
fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// The value of a `name=value` pair; the whole string when it is not one. A JWT never contains
/// `=`, and a cookie name never contains `.`, so the two cannot be confused.
fn cookie_value(s: &str) -> &str {
    match s.split_once('=') {
        Some((name, value)) if !name.is_empty() && !name.contains('.') && !name.contains(' ') => {
            value.trim_matches('"')
        }
        _ => s,
    }
}

/// One line read from standard input.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// A line within the cap (without its line ending).
    Text(String),
    /// A line that is not UTF-8.
    NotUtf8,
    /// A line over the cap: its length in bytes; its content was skipped.
    TooLong(usize),
}

/// Reads lines with a cap on their length, numbering them from 1.
pub struct LineReader<R> {
    reader: R,
    cap: usize,
    line: u64,
    buf: Vec<u8>,
}

impl<R: BufRead> LineReader<R> {
    /// Reads from `reader`, refusing lines over `cap` bytes.
    pub fn new(reader: R, cap: usize) -> Self {
        LineReader {
            reader,
            cap,
            line: 0,
            buf: Vec::new(),
        }
    }

    /// The next line and its number, or `None` at the end of input.
    ///
    /// # Errors
    /// Reading failed.
    pub fn next_line(&mut self) -> io::Result<Option<(u64, Line)>> {
        self.buf.clear();
        let mut total = 0usize;
        let mut any = false;
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(c) => c,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                if !any {
                    return Ok(None);
                }
                break;
            }
            any = true;
            let (part, done) = match memchr::memchr(b'\n', chunk) {
                Some(i) => (&chunk[..i], Some(i + 1)),
                None => (chunk, None),
            };
            total += part.len();
            if total <= self.cap {
                self.buf.extend_from_slice(part);
            }
            let used = done.unwrap_or(chunk.len());
            self.reader.consume(used);
            if done.is_some() {
                break;
            }
        }
        self.line += 1;
        if total > self.cap {
            return Ok(Some((self.line, Line::TooLong(total))));
        }
        if self.buf.last() == Some(&b'\r') {
            self.buf.pop();
        }
        let line = match String::from_utf8(std::mem::take(&mut self.buf)) {
            Ok(s) => Line::Text(s),
            Err(e) => {
                self.buf = e.into_bytes();
                Line::NotUtf8
            }
        };
        Ok(Some((self.line, line)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrappers_are_removed() {
        assert_eq!(extract_token("  a.b.c \n"), "a.b.c");
        assert_eq!(extract_token("Bearer a.b.c"), "a.b.c");
        assert_eq!(extract_token("bearer   a.b.c"), "a.b.c");
        assert_eq!(extract_token("Authorization: Bearer a.b.c"), "a.b.c");
        assert_eq!(extract_token("authorization:Bearer a.b.c"), "a.b.c");
        assert_eq!(extract_token("token=a.b.c"), "a.b.c");
        assert_eq!(
            extract_token("Cookie: theme=dark; session=a.b.c; x=1"),
            "a.b.c"
        );
        assert_eq!(
            extract_token("Set-Cookie: id=a.b.c; Path=/; HttpOnly"),
            "a.b.c"
        );
        assert_eq!(extract_token("a.b.c="), "a.b.c=");
        assert_eq!(extract_token("é.é.é"), "é.é.é");
        assert_eq!(extract_token("Bearé"), "Bearé");
    }

    #[test]
    fn lines_are_numbered_and_capped() {
        let input = b"one\r\n\ntoo long line\n\xff\xfe\nlast";
        let mut r = LineReader::new(&input[..], 8);
        assert_eq!(r.next_line().unwrap(), Some((1, Line::Text("one".into()))));
        assert_eq!(r.next_line().unwrap(), Some((2, Line::Text(String::new()))));
        assert_eq!(r.next_line().unwrap(), Some((3, Line::TooLong(13))));
        assert_eq!(r.next_line().unwrap(), Some((4, Line::NotUtf8)));
        assert_eq!(r.next_line().unwrap(), Some((5, Line::Text("last".into()))));
        assert_eq!(r.next_line().unwrap(), None);
    }

    #[test]
    fn a_long_line_is_not_buffered() {
        let big = vec![b'a'; 10 << 20];
        let mut r = LineReader::new(io::BufReader::new(&big[..]), 1024);
        assert_eq!(r.next_line().unwrap(), Some((1, Line::TooLong(10 << 20))));
        assert!(r.buf.capacity() <= 1 << 20);
    }
}
