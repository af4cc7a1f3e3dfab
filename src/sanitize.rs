//! Escaping of untrusted text (Redis values, keys, ids, user ids, token contents, error messages
//! quoting them) before it reaches a person, in every human output (tables, summaries, warnings,
//! errors, prompts), whether or not the stream is a terminal and whatever `--color` says: a raw
//! `ESC`, C1 control or bidi override could repaint the screen, set the title, plant a link or
//! reorder what is shown, and a raw newline draws a fake table row.
//!
//! The escapes follow [`crate::store::escape_key`], so one rule reads everywhere: a character that
//! is not safe to show is written as `\xNN`, one per byte of its UTF-8 encoding (`ESC` is `\x1b`,
//! a newline `\x0a`, U+009B `\xc2\x9b`, U+202E `\xe2\x80\xae`). Ids and keys written that way can
//! be copied back into `sessions show`/`delete` and name the same key.
//!
//! Not safe: C0 controls (with `\n`, `\r`, `\t`), DEL, C1 controls (U+0080–U+009F), the bidi
//! marks, embeddings, overrides and isolates (U+061C, U+200E, U+200F, U+202A–U+202E,
//! U+2066–U+2069), zero-width characters (U+200B–U+200D, U+FEFF) and the line and paragraph
//! separators (U+2028, U+2029).
//!
//! Machine output (JSON, NDJSON) is not for this module: JSON escapes C0 controls itself and keeps
//! the others as they are (valid JSON). A leaf: imports nothing of the crate, so `output` and
//! `prompt` can both use it.

use std::borrow::Cow;

/// True for a character that must not reach a screen as itself.
pub fn is_unsafe(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{61c}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
    )
}

/// Quick test: only bytes below 0x20, DEL and non-ASCII can start an unsafe character.
fn may_be_unsafe(s: &str) -> bool {
    s.bytes().any(|b| !(0x20..0x7f).contains(&b))
}

fn push_bytes(out: &mut String, c: char) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut buf = [0u8; 4];
    for &b in c.encode_utf8(&mut buf).as_bytes() {
        out.push_str("\\x");
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0xf)]));
    }
}

/// Raw untrusted text (a user id, a claim, a reason): a backslash becomes `\\` and every unsafe
/// character `\xNN…`, so the text shown names one original and no other.
pub fn text(s: &str) -> Cow<'_, str> {
    if !s.contains('\\') && !may_be_unsafe(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            c if is_unsafe(c) => push_bytes(&mut out, c),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Text that is already escaped the [`crate::store::escape_key`] way (session ids and keys), or a
/// message that quotes such text: unsafe characters become `\xNN…`, backslashes stay as they are
/// (they already start escapes). Messages quoting raw text should quote it through [`text`].
pub fn escaped(s: &str) -> Cow<'_, str> {
    if !may_be_unsafe(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) {
            push_bytes(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// JSON text laid out for people (`jwt decode`'s header and payload, `sessions show`'s data):
/// unsafe characters become JSON escapes (`\u009b`, `\u202e`), so the text stays the same JSON
/// value; the newlines of the layout are kept (JSON strings cannot hold a raw newline).
pub fn json(s: &str) -> Cow<'_, str> {
    if !may_be_unsafe(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c != '\n' && is_unsafe(c) {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &[&str] = &[
        "\x1b]0;pwned\x07",
        "\x1b[2J\x1b[H",
        "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",
        "\u{9b}31m",
        "\u{9d}0;title\u{9c}",
        "user\u{202e}cod.exe",
        "a\u{2066}b\u{2069}\u{200e}\u{200f}\u{61c}\u{feff}\u{200b}",
        "7\n fake-row  42  never (!)",
        "a\rb\tc\x7f\x00",
        "line\u{2028}sep",
    ];

    fn assert_inert(shown: &str) {
        assert!(!shown.chars().any(is_unsafe), "{shown:?}");
    }

    #[test]
    fn hostile_text_is_inert_in_every_mode() {
        for s in HOSTILE {
            assert_inert(&text(s));
            assert_inert(&escaped(s));
            let j = json(s);
            assert!(!j.chars().any(|c| c != '\n' && is_unsafe(c)), "{j:?}");
        }
    }

    #[test]
    fn escapes_are_the_bytes_as_escape_key_writes_them() {
        assert_eq!(text("plain"), "plain");
        assert_eq!(text("a\x1b[2Jb"), "a\\x1b[2Jb");
        assert_eq!(text("7\n fake"), "7\\x0a fake");
        assert_eq!(text("\u{9b}31m"), "\\xc2\\x9b31m");
        assert_eq!(text("evil\u{202e}txt"), "evil\\xe2\\x80\\xaetxt");
        assert_eq!(text("é€😀 ~"), "é€😀 ~");
    }

    #[test]
    fn text_escapes_backslashes_so_distinct_texts_stay_distinct() {
        assert_eq!(text("a\\x1b"), "a\\\\x1b");
        assert_ne!(text("a\\x1b"), text("a\x1b"));
        assert_ne!(text("\\xc2\\x9b"), text("\u{9b}"));
    }

    #[test]
    fn escaped_keeps_existing_escapes_and_round_trips_through_unescape_key() {
        assert_eq!(escaped("sess:a\\x1bb\\\\c"), "sess:a\\x1bb\\\\c");
        for raw in ["sess:\u{9b}x", "sess:\u{202e}abc", "sess:a\u{85}\\b\x1b"] {
            let id = crate::store::escape_key(raw.as_bytes());
            let shown = escaped(&id);
            assert_inert(&shown);
            assert_eq!(crate::store::unescape_key(&shown).unwrap(), raw.as_bytes());
        }
    }

    #[test]
    fn json_stays_the_same_json_value() {
        let v = serde_json::json!({"user": "a\u{9b}b\u{202e}c\u{7f}", "n": "x\ny"});
        let pretty = serde_json::to_string_pretty(&v).unwrap();
        let shown = json(&pretty);
        assert!(
            shown.contains("\\u009b") && shown.contains("\\u202e") && shown.contains("\\u007f")
        );
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&shown).unwrap(),
            v
        );
        assert_eq!(json("\"\u{1f600}\""), "\"\u{1f600}\"");
    }
}
