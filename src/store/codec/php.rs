//! PHP sessions as phpredis stores them. The values use PHP's `serialize()` grammar, read with the
//! phpserz token parser; only the small session framing of the default `php` handler
//! (`name|value` pairs, no separator) is parsed here. Objects become maps with a `__class`
//! member; nothing is ever instantiated.

use phpserz::{PhpParser, PhpToken};
use serde_json::{Map, Value};

/// True for a `php_serialize` session: `a:<n>:{`.
pub fn looks_like_serialize(b: &[u8]) -> bool {
    let Some(rest) = b.strip_prefix(b"a:") else {
        return false;
    };
    let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
    digits > 0 && rest[digits..].starts_with(b":{")
}

/// True for a `php` handler session: `<name>|` followed by a serialized value.
pub fn looks_like_session(b: &[u8]) -> bool {
    match b.iter().position(|&c| c == b'|') {
        Some(i) if i > 0 => {
            !b[..i].iter().any(|c| c.is_ascii_control())
                && matches!(
                    b.get(i + 1),
                    Some(b'N' | b'b' | b'i' | b'd' | b's' | b'a' | b'O' | b'C' | b'r' | b'R')
                )
        }
        _ => false,
    }
}

/// Decodes the `php` handler's `name|value…` framing into an object.
///
/// # Errors
/// A name without `|`, or a value that is not valid serialize() output.
pub fn decode_session(bytes: &[u8], max_depth: usize) -> Result<Value, String> {
    let mut m = Map::new();
    let mut pos = 0;
    while pos < bytes.len() {
        let rest = &bytes[pos..];
        let bar = rest
            .iter()
            .position(|&c| c == b'|')
            .ok_or_else(|| format!("at byte {pos}: a name without `|`"))?;
        let name = String::from_utf8_lossy(&rest[..bar]).into_owned();
        if name.is_empty() || rest[..bar].iter().any(|c| c.is_ascii_control()) {
            return Err(format!("at byte {pos}: not a session variable name"));
        }
        let mut p = PhpParser::new(&rest[bar + 1..]);
        let v = value(&mut p, max_depth).map_err(|e| format!("variable {name:?}: {e}"))?;
        pos += bar + 1 + p.position();
        m.insert(name, v);
    }
    Ok(Value::Object(m))
}

/// Decodes one `serialize()` value that must span all of `bytes` (the `php_serialize` handler).
///
/// # Errors
/// Invalid serialize() output or trailing bytes.
pub fn decode_serialize(bytes: &[u8], max_depth: usize) -> Result<Value, String> {
    let mut p = PhpParser::new(bytes);
    let v = value(&mut p, max_depth)?;
    if p.position() != bytes.len() {
        return Err(format!("{} trailing bytes", bytes.len() - p.position()));
    }
    Ok(v)
}

fn value(p: &mut PhpParser<'_>, depth: usize) -> Result<Value, String> {
    if depth == 0 {
        return Err("nested too deeply".into());
    }
    let tok = p.read_token().map_err(|e| e.to_string())?;
    Ok(match tok {
        PhpToken::Null => Value::Null,
        PhpToken::Boolean(b) => Value::Bool(b),
        PhpToken::Integer(i) => Value::from(i),
        PhpToken::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        PhpToken::String(s) => super::text(s.as_bytes()),
        PhpToken::Array { elements } => {
            let entries = pairs(p, elements, depth)?;
            let is_list = entries
                .iter()
                .enumerate()
                .all(|(i, (k, _))| k.as_i64() == Some(i as i64));
            if is_list {
                Value::Array(entries.into_iter().map(|(_, v)| v).collect())
            } else {
                Value::Object(entries.into_iter().map(|(k, v)| (key_text(k), v)).collect())
            }
        }
        PhpToken::Object { class, properties } => {
            let mut m = Map::new();
            m.insert("__class".into(), super::text(class.as_bytes()));
            for (k, v) in pairs(p, properties, depth)? {
                m.insert(key_text(k), v);
            }
            Value::Object(m)
        }
        PhpToken::CustomObject { class, payload } => {
            serde_json::json!({"__class": super::text(class.as_bytes()), "__serialized": super::text(payload.as_bytes())})
        }
        PhpToken::Reference { id, .. } => serde_json::json!({"__reference": id}),
        PhpToken::End => return Err("unexpected `}`".into()),
    })
}

fn pairs(p: &mut PhpParser<'_>, n: u32, depth: usize) -> Result<Vec<(Value, Value)>, String> {
    let mut out = Vec::new();
    for _ in 0..n {
        let k = value(p, depth - 1)?;
        let v = value(p, depth - 1)?;
        out.push((k, v));
    }
    match p.read_token().map_err(|e| e.to_string())? {
        PhpToken::End => Ok(out),
        _ => Err("more elements than declared".into()),
    }
}

fn key_text(k: Value) -> String {
    match k {
        Value::String(s) => s,
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn session_framing_with_bars_in_strings() {
        let b = br#"user_id|i:42;username|s:5:"alice";flash|a:1:{s:4:"info";s:7:"a|b;c:d";}logged|b:1;f|d:9.5;n|N;"#;
        let v = decode_session(b, 16).unwrap();
        assert_eq!(
            v,
            json!({"user_id": 42, "username": "alice", "flash": {"info": "a|b;c:d"}, "logged": true, "f": 9.5, "n": null})
        );
    }

    #[test]
    fn php_serialize_and_lists() {
        let b = br#"a:2:{s:7:"user_id";i:7;s:5:"roles";a:2:{i:0;s:6:"editor";i:1;s:6:"viewer";}}"#;
        let v = decode_serialize(b, 16).unwrap();
        assert_eq!(v, json!({"user_id": 7, "roles": ["editor", "viewer"]}));
    }

    #[test]
    fn malformed() {
        assert!(decode_session(b"\x80\x04\xffgarbage|not;a:php:session{", 16).is_err());
        assert!(decode_serialize(b"a:99999999:{", 16).is_err());
        assert!(decode_serialize(b"s:999999999:\"x\";", 16).is_err());
        let deep = "a:1:{i:0;".repeat(50);
        assert!(decode_serialize(deep.as_bytes(), 16).is_err());
    }
}
