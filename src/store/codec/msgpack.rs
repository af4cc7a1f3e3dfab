//! MessagePack (Flask-Session 0.7+ default, django-redis' msgpack serializer), through rmpv with a
//! depth limit. Binary becomes a lossy string, extension types `{"ext": type, "data": [bytes]}`.

use serde_json::{Map, Value};

/// Decodes one msgpack value that must span all of `bytes`.
///
/// # Errors
/// Malformed data, trailing bytes, or nesting beyond `max_depth`.
pub fn decode(bytes: &[u8], max_depth: usize) -> Result<Value, String> {
    let mut rd = bytes;
    let v =
        rmpv::decode::read_value_with_max_depth(&mut rd, max_depth).map_err(|e| e.to_string())?;
    if !rd.is_empty() {
        return Err(format!("{} trailing bytes", rd.len()));
    }
    Ok(to_json(v))
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

    #[test]
    fn flask_session_map() {
        let v = decode(b"\x82\xaa_permanent\xc3\xa8_user_id\xa242", 16).unwrap();
        assert_eq!(v, serde_json::json!({"_permanent": true, "_user_id": "42"}));
    }

    #[test]
    fn garbage_and_depth() {
        assert!(decode(b"\xc1\xc1\xff", 16).is_err());
        assert!(decode(b"\x82\xaa_permanent\xc3", 16).is_err());
        let deep = [0x91u8; 100];
        assert!(decode(&deep, 16).is_err());
    }
}
