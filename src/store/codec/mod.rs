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

    /// True for a text encoding: a user id in the value is there as text (a `--user` listing can
    /// skip values that do not contain it).
    pub fn is_text(self) -> bool {
        matches!(
            self,
            Encoding::Json | Encoding::PhpSession | Encoding::PhpSerialize
        )
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

/// What one record may still decode to: values (JSON nodes) and bytes of text, each copy made by
/// a back-reference included. One budget is shared by all the fields of a hash, so a record's
/// output stays bounded however it is split.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    nodes: usize,
    text: usize,
    max_nodes: usize,
    max_text: usize,
}

impl Budget {
    /// The whole budget `limits` allow for one record.
    pub fn new(limits: &Limits) -> Budget {
        Budget {
            nodes: limits.max_nodes,
            text: limits.max_text,
            max_nodes: limits.max_nodes,
            max_text: limits.max_text,
        }
    }

    /// Takes `nodes` values and `text` bytes of text from the budget.
    ///
    /// # Errors
    /// `too large: …` when the budget does not cover them.
    pub fn spend(&mut self, nodes: usize, text: usize) -> Result<(), String> {
        if nodes > self.nodes {
            return Err(format!("too large: more than {} nodes", self.max_nodes));
        }
        if text > self.text {
            return Err(format!(
                "too large: more than {} bytes of text",
                self.max_text
            ));
        }
        self.nodes -= nodes;
        self.text -= text;
        Ok(())
    }

    /// Takes what `v` holds: its nodes and the bytes of its strings and object keys.
    ///
    /// # Errors
    /// As [`Budget::spend`].
    pub fn spend_value(&mut self, v: &Value) -> Result<(), String> {
        let (nodes, text) = size(v);
        self.spend(nodes, text)
    }
}

/// Nodes and bytes of text (strings and object keys) in `v`, without recursion.
pub(crate) fn size(v: &Value) -> (usize, usize) {
    let (mut nodes, mut text) = (0usize, 0usize);
    let mut todo = vec![v];
    while let Some(v) = todo.pop() {
        nodes += 1;
        match v {
            Value::String(s) => text += s.len(),
            Value::Array(a) => todo.extend(a),
            Value::Object(o) => {
                for (k, v) in o {
                    text += k.len();
                    todo.push(v);
                }
            }
            _ => {}
        }
    }
    (nodes, text)
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
    decode_within(bytes, order, limits, &mut Budget::new(limits))
}

/// [`decode`], taking the output from `budget` (shared by the fields of one record).
///
/// A decoder that panics (a bug, whatever the input) makes this value undecodable instead of
/// ending the run: the panic is caught here and its message is kept off stderr.
///
/// # Errors
/// As [`decode`]; `decoder failed on this value: internal error` after a panic.
pub fn decode_within(
    bytes: &[u8],
    order: &[Encoding],
    limits: &Limits,
    budget: &mut Budget,
) -> Result<(Value, Encoding), String> {
    guarded(|| decode_unguarded(bytes, order, limits, budget))
}

fn decode_unguarded(
    bytes: &[u8],
    order: &[Encoding],
    limits: &Limits,
    budget: &mut Budget,
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
        // A candidate that fails gives back what it spent.
        let mut trial = *budget;
        match decode_as(bytes, enc, limits, &mut trial) {
            Ok(v) => {
                *budget = trial;
                return Ok((v, enc));
            }
            Err(e) => {
                if first_err.is_none() {
                    first_err = Some(format!("not valid {}: {e}", enc.as_str()));
                }
            }
        }
    }
    Err(first_err.unwrap_or_else(|| "no decoder applies".into()))
}

/// Decodes `bytes` as `enc`, taking the output from `budget`.
///
/// # Errors
/// Why the bytes are not valid `enc`, or exceed a limit.
pub fn decode_as(
    bytes: &[u8],
    enc: Encoding,
    limits: &Limits,
    budget: &mut Budget,
) -> Result<Value, String> {
    let depth = limits.max_depth;
    match enc {
        Encoding::Pickle => pickle::decode(bytes, depth, budget),
        Encoding::Msgpack => msgpack::decode(bytes, depth, budget),
        Encoding::Java => java::decode(bytes, depth, budget),
        // No back-references: the output is proportional to the input; charged afterwards so
        // that a hash's fields share one budget.
        Encoding::Json => json::decode(bytes).and_then(|v| budget.spend_value(&v).map(|()| v)),
        Encoding::PhpSession => {
            php::decode_session(bytes, depth).and_then(|v| budget.spend_value(&v).map(|()| v))
        }
        Encoding::PhpSerialize => {
            php::decode_serialize(bytes, depth).and_then(|v| budget.spend_value(&v).map(|()| v))
        }
    }
}

/// The message a value gets when its decoder panicked.
pub const INTERNAL_ERROR: &str = "decoder failed on this value: internal error";

std::thread_local! {
    /// True while this thread runs a decoder under [`guarded`]: its panics are not reported.
    static DECODING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, turning a panic into [`INTERNAL_ERROR`].
///
/// The first call wraps the process's panic hook once: panics raised while a decoder runs under
/// this guard (on this thread) are silent, since the record's error says what happened; any other
/// panic still reaches the previous hook and is reported as before.
fn guarded<T>(f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    static QUIET_HOOK: std::sync::Once = std::sync::Once::new();
    QUIET_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !DECODING.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    let outer = DECODING.with(|d| d.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    DECODING.with(|d| d.set(outer));
    result.unwrap_or_else(|_| Err(INTERNAL_ERROR.into()))
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

    #[test]
    fn a_panicking_decoder_makes_an_error_not_a_crash() {
        let r: Result<(), String> = guarded(|| panic!("decoder bug"));
        assert_eq!(r.unwrap_err(), INTERNAL_ERROR);
        // The guard is left: the thread is no longer marked as decoding.
        assert!(!DECODING.with(std::cell::Cell::get));
        assert_eq!(guarded(|| Ok::<_, String>(7)), Ok(7));
    }

    #[test]
    fn one_budget_for_a_record() {
        let l = Limits {
            max_nodes: 5,
            max_text: 8,
            ..Limits::default()
        };
        let mut b = Budget::new(&l);
        // {"a": [1, "xyz"]}: 4 nodes, 4 bytes of text.
        let v = decode_within(b"{\"a\":[1,\"xyz\"]}", &[Encoding::Json], &l, &mut b).unwrap();
        assert_eq!(v.0, json!({"a": [1, "xyz"]}));
        let err = decode_within(b"[1,2]", &[Encoding::Json], &l, &mut b).unwrap_err();
        assert_eq!(err, "not valid json: too large: more than 5 nodes");
        let err = decode_within(b"\"abcdefgh\"", &[Encoding::Json], &l, &mut b).unwrap_err();
        assert_eq!(err, "not valid json: too large: more than 8 bytes of text");
        // A failed value gave back what it tried to spend.
        assert!(decode_within(b"[]", &[Encoding::Json], &l, &mut b).is_ok());
    }
}
