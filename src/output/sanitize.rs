//! Escaping of untrusted text (claims, session data) before it reaches a terminal: control
//! characters, bidi overrides and zero-width characters could otherwise rewrite the screen or
//! disguise what is shown. Only applied when the stream is a terminal; pipes and JSON get the raw
//! value.

use std::borrow::Cow;

fn is_unsafe(c: char, keep_newlines: bool) -> bool {
    match c {
        '\n' | '\t' => !keep_newlines,
        c if c.is_control() => true,
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}' => true,
        _ => false,
    }
}

/// Escapes unsafe characters as `\u{…}`. Newlines and tabs are kept when `keep_newlines`.
pub(crate) fn sanitize(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe(c, keep_newlines)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c, keep_newlines) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_tricks() {
        assert_eq!(sanitize("plain", false), "plain");
        assert_eq!(sanitize("a\x1b[2Jb", false), "a\\u{1b}[2Jb");
        assert_eq!(sanitize("evil\u{202E}txt", false), "evil\\u{202e}txt");
        assert_eq!(sanitize("a\nb", true), "a\nb");
        assert_eq!(sanitize("a\nb", false), "a\\u{a}b");
        assert_eq!(sanitize("\u{9b}31m", true), "\\u{9b}31m");
    }
}
