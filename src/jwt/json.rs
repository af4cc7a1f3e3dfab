//! JSON parsing for token headers and payloads that keeps what a plain parse would lose: member
//! order (serde_json `preserve_order`), numbers as sent (`arbitrary_precision`), and duplicate
//! member names, which RFC 7515 says must be rejected or handled with care because verifiers
//! disagree on which value wins. The last value is kept (as serde_json and most parsers do) and
//! every duplicate name is reported. Depth is bounded by serde_json's recursion limit (128).

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

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

/// The member `name` of `map`. Token headers and claims sets are small, and a linear scan beats
/// hashing the name with the map's SipHash for them; large objects use the index.
pub(crate) fn member<'a>(map: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    if map.len() <= 24 {
        map.iter().find(|(k, _)| k.as_str() == name).map(|(_, v)| v)
    } else {
        map.get(name)
    }
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
