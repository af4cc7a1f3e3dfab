//! Codecs: the bytes a framework stored → a `serde_json::Value` to show and to search for the user.
//!
//! Every decoder is bounded (input size, decompressed size, nesting depth) and none executes
//! anything: pickle globals are replaced, Java classes are described, never instantiated, PHP
//! objects become plain maps.

pub mod compress;
pub mod java;
pub mod json;
pub mod msgpack;
pub mod php;
pub mod pickle;

use serde_json::Value;

use super::Limits;

/// A value encoding sessctl can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 JSON.
    Json,
    /// Python pickle (protocol 2 to 5).
    Pickle,
    /// MessagePack.
    Msgpack,
    /// Java serialization (`ac ed 00 05`).
    Java,
    /// PHP's `php` session handler: `name|serialized` pairs.
    PhpSession,
    /// PHP's `php_serialize` session handler: one serialized array.
    PhpSerialize,
}

impl Encoding {
    /// Its name in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Json => "json",
            Encoding::Pickle => "pickle",
            Encoding::Msgpack => "msgpack",
            Encoding::Java => "java",
            Encoding::PhpSession => "php",
            Encoding::PhpSerialize => "php_serialize",
        }
    }
}

/// Guesses the encoding from the first bytes (after decompression).
pub fn sniff(bytes: &[u8]) -> Option<Encoding> {
    let first = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    let b = &bytes[first..];
    match b[0] {
        b'{' | b'[' => return Some(Encoding::Json),
        0x80 if b.len() > 1 && (2..=5).contains(&b[1]) => return Some(Encoding::Pickle),
        0xac if b.starts_with(&[0xac, 0xed, 0x00, 0x05]) => return Some(Encoding::Java),
        0x80..=0x8f | 0xde | 0xdf => return Some(Encoding::Msgpack),
        _ => {}
    }
    if php::looks_like_serialize(b) {
        return Some(Encoding::PhpSerialize);
    }
    if php::looks_like_session(b) {
        return Some(Encoding::PhpSession);
    }
    None
}

/// Decodes `bytes` with the first of `order` that succeeds, after undoing any compression whose
/// magic bytes are recognised. The encoding sniffed from the bytes is tried first when it is in
/// `order`. Returns the value and the encoding used.
///
/// # Errors
/// A message naming what was tried and why the most likely candidate failed.
pub fn decode(
    bytes: &[u8],
    order: &[Encoding],
    limits: &Limits,
) -> Result<(Value, Encoding), String> {
    let owned;
    let bytes = match compress::decompress(bytes, limits.max_decompressed)? {
        Some(plain) => {
            owned = plain;
            &owned[..]
        }
        None => bytes,
    };
    let sniffed = sniff(bytes).filter(|e| order.contains(e));
    let mut first_err: Option<String> = None;
    let candidates = sniffed
        .into_iter()
        .chain(order.iter().copied().filter(|e| Some(*e) != sniffed));
    for enc in candidates {
        match decode_as(bytes, enc, limits) {
            Ok(v) => return Ok((v, enc)),
            Err(e) => {
                if first_err.is_none() {
                    first_err = Some(format!("not valid {}: {e}", enc.as_str()));
                }
            }
        }
    }
    Err(first_err.unwrap_or_else(|| "no decoder applies".into()))
}

/// Decodes `bytes` as `enc`.
///
/// # Errors
/// Why the bytes are not valid `enc`, or exceed a limit.
pub fn decode_as(bytes: &[u8], enc: Encoding, limits: &Limits) -> Result<Value, String> {
    match enc {
        Encoding::Json => json::decode(bytes),
        Encoding::Pickle => pickle::decode(bytes, limits.max_depth),
        Encoding::Msgpack => msgpack::decode(bytes, limits.max_depth),
        Encoding::Java => java::decode(bytes, limits.max_depth),
        Encoding::PhpSession => php::decode_session(bytes, limits.max_depth),
        Encoding::PhpSerialize => php::decode_serialize(bytes, limits.max_depth),
    }
}

/// The user id at `path` in `data`, as a string: a string as is, a number as written, an object
/// by its `id` member (e.g. passport's `{"id": 42, "name": …}`); `None` for null, a missing
/// member, or any other type.
pub fn user_at(data: &Value, path: &[String]) -> Option<String> {
    let mut v = data;
    for part in path {
        v = v.as_object()?.get(part.as_str())?;
    }
    scalar_id(v).or_else(|| v.as_object().and_then(|o| o.get("id")).and_then(scalar_id))
}

fn scalar_id(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Bytes as a JSON string: UTF-8 text as is, anything else lossily with replacement characters.
pub(crate) fn text(bytes: &[u8]) -> Value {
    Value::String(String::from_utf8_lossy(bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn path(p: &str) -> Vec<String> {
        p.split('.').map(str::to_owned).collect()
    }

    #[test]
    fn user_forms() {
        let p = path("passport.user");
        assert_eq!(
            user_at(&json!({"passport": {"user": 42}}), &p).as_deref(),
            Some("42")
        );
        assert_eq!(
            user_at(&json!({"passport": {"user": "42"}}), &p).as_deref(),
            Some("42")
        );
        assert_eq!(
            user_at(&json!({"passport": {"user": {"id": 42, "name": "a"}}}), &p).as_deref(),
            Some("42")
        );
        assert_eq!(user_at(&json!({"passport": {}}), &p), None);
        assert_eq!(user_at(&json!({"views": 1}), &p), None);
        assert_eq!(user_at(&json!({"passport": {"user": null}}), &p), None);
        assert_eq!(user_at(&json!({"passport": {"user": true}}), &p), None);
    }

    #[test]
    fn sniffing() {
        assert_eq!(sniff(b" {\"a\":1}"), Some(Encoding::Json));
        assert_eq!(sniff(b"\x80\x05\x95"), Some(Encoding::Pickle));
        assert_eq!(sniff(b"\x80\x04\x95"), Some(Encoding::Pickle));
        assert_eq!(sniff(b"\xac\xed\x00\x05t"), Some(Encoding::Java));
        assert_eq!(sniff(b"\x82\xaa_permanent"), Some(Encoding::Msgpack));
        assert_eq!(sniff(b"a:1:{s:1:\"a\";i:1;}"), Some(Encoding::PhpSerialize));
        assert_eq!(sniff(b"views|i:2;"), Some(Encoding::PhpSession));
        assert_eq!(sniff(b"garbage"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn decode_falls_back_in_order() {
        let l = Limits::default();
        let (v, e) = decode(b"{\"a\":1}", &[Encoding::Msgpack, Encoding::Json], &l).unwrap();
        assert_eq!(e, Encoding::Json);
        assert_eq!(v, json!({"a": 1}));
        let err = decode(
            b"\xc1\xc1\xffnope",
            &[Encoding::Msgpack, Encoding::Json],
            &l,
        )
        .unwrap_err();
        assert!(err.starts_with("not valid msgpack"), "{err}");
    }
}
