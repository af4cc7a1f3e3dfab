//! MessagePack (Flask-Session 0.7+ default, django-redis' msgpack serializer), through rmpv with a
//! depth limit. Binary becomes a lossy string, extension types `{"ext": type, "data": [bytes]}`.
//! The values are counted on the bytes first, without building anything: a one-byte `nil` costs
//! rmpv and serde_json about a hundred bytes, so a long array of them is refused up front.

use serde_json::{Map, Value};

use super::Budget;

/// Decodes one msgpack value that must span all of `bytes`.
///
/// # Errors
/// Malformed data, trailing bytes, nesting beyond `max_depth`, or output beyond the budget.
pub fn decode(bytes: &[u8], max_depth: usize, budget: &mut Budget) -> Result<Value, String> {
    let (nodes, text) = count(bytes);
    budget.spend(nodes, text)?;
    let mut rd = bytes;
    let v =
        rmpv::decode::read_value_with_max_depth(&mut rd, max_depth).map_err(|e| e.to_string())?;
    if !rd.is_empty() {
        return Err(format!("{} trailing bytes", rd.len()));
    }
    let v = to_json(v);
    // The count reads text as stored; what is built can hold more (invalid UTF-8 in a key or a
    // binary becomes U+FFFD, a key that is not a string is written out): the rest is charged now.
    let (built_nodes, built_text) = super::size(&v);
    budget.spend(
        built_nodes.saturating_sub(nodes),
        built_text.saturating_sub(text),
    )?;
    Ok(v)
}

/// What follows a marker.
enum Then {
    /// Nothing more for the value, after `n` fixed bytes.
    Skip(usize),
    /// Text (str, bin) of the length that follows in `n` bytes.
    Text(usize),
    /// Extension data of `n` bytes after its type byte (fixext).
    FixExt(usize),
    /// Extension data of the length that follows in `n` bytes, after its type byte.
    Ext(usize),
    /// Array items; their count follows in `n` bytes.
    Array(usize),
    /// Map entries; their count follows in `n` bytes.
    Map(usize),
}

/// An upper bound on the values (map keys included) and bytes of text that the first value in
/// `bytes` decodes to, read without building anything. Counting stops at the first malformed or
/// missing byte: what was counted is still charged, and rmpv reports the error.
fn count(bytes: &[u8]) -> (usize, usize) {
    let (mut nodes, mut text) = (0usize, 0usize);
    // Values still to read: one, plus the items of each container met.
    let mut pending: u64 = 1;
    let mut pos = 0usize;
    let be = |pos: usize, n: usize| -> Option<usize> {
        let s = bytes.get(pos..pos.checked_add(n)?)?;
        Some(s.iter().fold(0usize, |acc, &b| (acc << 8) | usize::from(b)))
    };
    while pending > 0 && nodes < usize::MAX / 2 {
        let Some(&m) = bytes.get(pos) else { break };
        pos += 1;
        pending -= 1;
        nodes += 1;
        let then = match m {
            0x00..=0x7f | 0xe0..=0xff | 0xc0 | 0xc2 | 0xc3 => continue,
            0x80..=0x8f => {
                pending += 2 * u64::from(m & 0x0f);
                continue;
            }
            0x90..=0x9f => {
                pending += u64::from(m & 0x0f);
                continue;
            }
            0xa0..=0xbf => {
                let n = usize::from(m & 0x1f);
                text = text.saturating_add(n);
                pos = pos.saturating_add(n);
                continue;
            }
            0xcc | 0xd0 => Then::Skip(1),
            0xcd | 0xd1 => Then::Skip(2),
            0xca | 0xce | 0xd2 => Then::Skip(4),
            0xcb | 0xcf | 0xd3 => Then::Skip(8),
            0xd4 => Then::FixExt(1),
            0xd5 => Then::FixExt(2),
            0xd6 => Then::FixExt(4),
            0xd7 => Then::FixExt(8),
            0xd8 => Then::FixExt(16),
            0xc4 | 0xd9 => Then::Text(1),
            0xc5 | 0xda => Then::Text(2),
            0xc6 | 0xdb => Then::Text(4),
            0xc7 => Then::Ext(1),
            0xc8 => Then::Ext(2),
            0xc9 => Then::Ext(4),
            0xdc => Then::Array(2),
            0xdd => Then::Array(4),
            0xde => Then::Map(2),
            0xdf => Then::Map(4),
            // 0xc1 is never used: rmpv says so.
            _ => break,
        };
        let (prefix, n) = match then {
            Then::Skip(n) => {
                pos = pos.saturating_add(n);
                continue;
            }
            Then::FixExt(n) => (0, n),
            Then::Text(p) | Then::Ext(p) | Then::Array(p) | Then::Map(p) => match be(pos, p) {
                Some(n) => (p, n),
                None => break,
            },
        };
        pos += prefix;
        match then {
            Then::Text(_) => {
                text = text.saturating_add(n);
                pos = pos.saturating_add(n);
            }
            // `{"ext": type, "data": [byte, …]}`: the type, the array and each byte are values.
            Then::FixExt(_) | Then::Ext(_) => {
                nodes = nodes.saturating_add(n + 2);
                text = text.saturating_add("ext".len() + "data".len());
                pos = pos.saturating_add(n + 1);
            }
            Then::Array(_) => pending += n as u64,
            Then::Map(_) => pending += 2 * n as u64,
            Then::Skip(_) => {}
        }
    }
    (nodes, text)
}

fn to_json(v: rmpv::Value) -> Value {
    use rmpv::Value as M;
    match v {
        M::Nil => Value::Null,
        M::Boolean(b) => Value::Bool(b),
        M::Integer(i) => {
            if let Some(n) = i.as_i64() {
                Value::from(n)
            } else if let Some(n) = i.as_u64() {
                Value::from(n)
            } else {
                Value::Null
            }
        }
        M::F32(f) => serde_json::Number::from_f64(f64::from(f)).map_or(Value::Null, Value::Number),
        M::F64(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        M::String(s) => match s.into_str() {
            Some(s) => Value::String(s),
            None => Value::Null,
        },
        M::Binary(b) => super::text(&b),
        M::Array(a) => Value::Array(a.into_iter().map(to_json).collect()),
        M::Map(entries) => {
            let mut m = Map::new();
            for (k, v) in entries {
                let key = match k {
                    M::String(s) => String::from_utf8_lossy(s.as_bytes()).into_owned(),
                    other => other.to_string(),
                };
                m.insert(key, to_json(v));
            }
            Value::Object(m)
        }
        M::Ext(t, data) => serde_json::json!({"ext": t, "data": data}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn budget() -> Budget {
        Budget::new(&crate::store::Limits::default())
    }

    #[test]
    fn flask_session_map() {
        let v = decode(
            b"\x82\xaa_permanent\xc3\xa8_user_id\xa242",
            16,
            &mut budget(),
        )
        .unwrap();
        assert_eq!(v, serde_json::json!({"_permanent": true, "_user_id": "42"}));
    }

    #[test]
    fn garbage_and_depth() {
        assert!(decode(b"\xc1\xc1\xff", 16, &mut budget()).is_err());
        assert!(decode(b"\x82\xaa_permanent\xc3", 16, &mut budget()).is_err());
        let deep = [0x91u8; 100];
        assert!(decode(&deep, 16, &mut budget()).is_err());
    }

    #[test]
    fn values_are_counted_before_they_are_built() {
        // array32 of 16 million nils: 16 MB that became 1.87 GB.
        let n = 16_000_000u32;
        let mut b = vec![0xdd];
        b.extend_from_slice(&n.to_be_bytes());
        b.resize(b.len() + n as usize, 0xc0);
        let start = std::time::Instant::now();
        assert_eq!(
            decode(&b, 16, &mut budget()).unwrap_err(),
            "too large: more than 1000000 nodes"
        );
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
        // The count bounds the value: {"a": [1, "xy", bin "z", ext 5 [1, 2]]} (the key "a" is
        // counted as a value too).
        let v = b"\x81\xa1a\x94\x01\xa2xy\xc4\x01z\xd5\x05\x01\x02";
        assert_eq!(count(v), (11, 1 + 2 + 1 + 7));
        let decoded = decode(v, 16, &mut budget()).unwrap();
        assert_eq!(
            decoded,
            serde_json::json!({"a": [1, "xy", "z", {"ext": 5, "data": [1, 2]}]})
        );
        assert_eq!(crate::store::codec::size(&decoded), (10, 1 + 2 + 1 + 7));
    }
}
