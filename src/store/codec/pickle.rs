//! Python pickle (Django's cache backends, Flask-Session ≤ 0.6), through serde-pickle, which
//! interprets the opcodes without running anything: globals (classes, functions) are replaced by
//! null rather than resolved, recursive structures are cut.

use serde_json::{Map, Value};
use serde_pickle::{DeOptions, HashableValue, Value as P};

/// Decodes one pickle.
///
/// # Errors
/// Malformed data or nesting beyond `max_depth`.
pub fn decode(bytes: &[u8], max_depth: usize) -> Result<Value, String> {
    let opts = DeOptions::new()
        .replace_unresolved_globals()
        .replace_recursive_structures();
    let v = serde_pickle::value_from_slice(bytes, opts).map_err(|e| e.to_string())?;
    to_json(v, max_depth)
}

fn to_json(v: P, depth: usize) -> Result<Value, String> {
    if depth == 0 {
        return Err("nested too deeply".into());
    }
    Ok(match v {
        P::None => Value::Null,
        P::Bool(b) => Value::Bool(b),
        P::I64(i) => Value::from(i),
        P::Int(b) => big(&b.to_string()),
        P::F64(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        P::Bytes(b) => super::text(&b),
        P::String(s) => Value::String(s),
        P::List(items) | P::Tuple(items) => Value::Array(
            items
                .into_iter()
                .map(|i| to_json(i, depth - 1))
                .collect::<Result<_, _>>()?,
        ),
        P::Set(items) | P::FrozenSet(items) => Value::Array(
            items
                .into_iter()
                .map(|i| hashable(i, depth - 1))
                .collect::<Result<_, _>>()?,
        ),
        P::Dict(entries) => {
            let mut m = Map::new();
            for (k, v) in entries {
                let key = match hashable(k, depth - 1)? {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                m.insert(key, to_json(v, depth - 1)?);
            }
            Value::Object(m)
        }
    })
}

fn hashable(v: HashableValue, depth: usize) -> Result<Value, String> {
    if depth == 0 {
        return Err("nested too deeply".into());
    }
    Ok(match v {
        HashableValue::None => Value::Null,
        HashableValue::Bool(b) => Value::Bool(b),
        HashableValue::I64(i) => Value::from(i),
        HashableValue::Int(b) => big(&b.to_string()),
        HashableValue::F64(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        HashableValue::Bytes(b) => super::text(&b),
        HashableValue::String(s) => Value::String(s),
        HashableValue::Tuple(items) => Value::Array(
            items
                .into_iter()
                .map(|i| hashable(i, depth - 1))
                .collect::<Result<_, _>>()?,
        ),
        HashableValue::FrozenSet(items) => Value::Array(
            items
                .into_iter()
                .map(|i| hashable(i, depth - 1))
                .collect::<Result<_, _>>()?,
        ),
    })
}

/// A big integer as a JSON number (serde_json's arbitrary precision keeps its digits).
fn big(digits: &str) -> Value {
    serde_json::from_str(digits).unwrap_or_else(|_| Value::String(digits.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn django_session_dict() {
        // pickle.dumps({"_auth_user_id": "42", "n": 1}, protocol=5)
        let b = b"\x80\x05\x95\x1f\x00\x00\x00\x00\x00\x00\x00}\x94(\x8c\r_auth_user_id\x94\x8c\x0242\x94\x8c\x01n\x94K\x01u.";
        let v = decode(b, 16).unwrap();
        assert_eq!(v, serde_json::json!({"_auth_user_id": "42", "n": 1}));
    }

    #[test]
    fn globals_are_never_resolved() {
        // pickle of os.system("x") via REDUCE: must not run, becomes null or an error.
        let b = b"\x80\x04cposix\nsystem\nX\x01\x00\x00\x00x\x85R.";
        match decode(b, 16) {
            Ok(v) => assert_eq!(v, Value::Null),
            Err(e) => assert!(!e.is_empty()),
        }
        assert!(decode(b"\x80\x05\x95garbage-not-a-pickle\xff\x00", 16).is_err());
    }
}
