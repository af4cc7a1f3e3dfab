//! What each fuzz target asserts about one input, shared by the targets (`fuzz/fuzz_targets/*.rs`)
//! and the normal test suite (`tests/cli/fuzz_regressions.rs`), which replays every committed seed
//! and every failing input ever found through the same function.
//!
//! Besides "no panic", each check asserts the resource budget where the decoder has one: what a
//! decoder returns fits the record's `Limits`, and it charged the record's `Budget` at least what
//! it returned, so that a back-reference bomb shows up as a failure even when it is fast. Time and
//! memory per input are bounded by libFuzzer's flags (`fuzz/run.sh`).

#![allow(dead_code)]

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;
use sessctl::input::{Line, LineReader, extract_token};
use sessctl::jwt::{JsonText, KeySet, Payload, keys};
use sessctl::store::Limits;
use sessctl::store::codec::compress::{decompress as decompress_capped, magic};
use sessctl::store::codec::{
    Budget, Encoding, INTERNAL_ERROR, decode_as, decode_within, java as java_codec,
    msgpack as msgpack_codec, pickle as pickle_codec, user_at,
};

/// What a target runs on one input; it panics on a failure.
pub(crate) type Check = fn(&[u8]);

/// The checks by target name, for the tests that replay the corpora.
pub(crate) const TARGETS: [(&str, Check); 10] = [
    ("decode", decode),
    ("decompress", decompress),
    ("java", java),
    ("json_fast_path", json_fast_path),
    ("keys", keys),
    ("msgpack", msgpack),
    ("php_serialize", php_serialize),
    ("php_session", php_session),
    ("pickle", pickle),
    ("token", token),
];

/// The limits sessctl runs with: the defaults must keep a hostile value within libFuzzer's time
/// and memory limits, not some smaller setting.
fn limits() -> Limits {
    Limits::default()
}

/// Nodes and bytes of text (strings and object keys) in `v`, counted as the budget counts them.
fn size(v: &Value) -> (usize, usize) {
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

/// `v` fits `limits`, and `budget` (which started full) was charged at least what `v` holds.
fn assert_charged(v: &Value, budget: &Budget, limits: &Limits) {
    let (nodes, text) = size(v);
    assert!(nodes <= limits.max_nodes, "{nodes} nodes decoded");
    assert!(text <= limits.max_text, "{text} bytes of text decoded");
    // What is left must not cover one node (or byte) more than the limit minus the output.
    let mut left = *budget;
    assert!(
        left.spend(limits.max_nodes - nodes + 1, 0).is_err(),
        "{nodes} nodes decoded but fewer charged"
    );
    let mut left = *budget;
    assert!(
        left.spend(0, limits.max_text - text + 1).is_err(),
        "{text} bytes of text decoded but fewer charged"
    );
}

/// `store::codec::decode_within`, as `sessions` calls it on each value: decompression, sniffing,
/// every decoder in turn. A panic there is caught and reported as an internal error: a failure.
pub(crate) fn decode(data: &[u8]) {
    const ALL: [Encoding; 6] = [
        Encoding::Json,
        Encoding::Pickle,
        Encoding::Msgpack,
        Encoding::Java,
        Encoding::PhpSession,
        Encoding::PhpSerialize,
    ];
    let limits = limits();
    let mut budget = Budget::new(&limits);
    match decode_within(data, &ALL, &limits, &mut budget) {
        Ok((v, _)) => {
            assert_charged(&v, &budget, &limits);
            let _ = user_at(&v, &["passport".to_owned(), "user".to_owned()]);
        }
        Err(e) => assert_ne!(e, INTERNAL_ERROR, "a decoder panicked"),
    }
}

/// `compress::decompress` (zlib, gzip, xz, lz4 frame, zstd, by magic bytes): output never past the
/// cap, and a value without a magic left alone.
pub(crate) fn decompress(data: &[u8]) {
    let max = limits().max_decompressed;
    match decompress_capped(data, max) {
        Ok(Some(out)) => assert!(out.len() <= max, "{} bytes, cap {max}", out.len()),
        Ok(None) => assert!(
            magic(data).is_none() || (magic(data) == Some("zlib") && data.len() < 16),
            "a {:?} stream was left alone",
            magic(data)
        ),
        Err(e) => assert!(!e.is_empty()),
    }
}

/// Java serialization.
pub(crate) fn java(data: &[u8]) {
    let limits = limits();
    let mut budget = Budget::new(&limits);
    if let Ok(v) = java_codec::decode(data, limits.max_depth, &mut budget) {
        assert_charged(&v, &budget, &limits);
    }
}

/// Python pickle.
pub(crate) fn pickle(data: &[u8]) {
    let limits = limits();
    let mut budget = Budget::new(&limits);
    if let Ok(v) = pickle_codec::decode(data, limits.max_depth, &mut budget) {
        assert_charged(&v, &budget, &limits);
    }
}

/// MessagePack.
pub(crate) fn msgpack(data: &[u8]) {
    let limits = limits();
    let mut budget = Budget::new(&limits);
    if let Ok(v) = msgpack_codec::decode(data, limits.max_depth, &mut budget) {
        assert_charged(&v, &budget, &limits);
    }
}

/// PHP's `php` session handler.
pub(crate) fn php_session(data: &[u8]) {
    php(data, Encoding::PhpSession);
}

/// PHP's `php_serialize` session handler.
pub(crate) fn php_serialize(data: &[u8]) {
    php(data, Encoding::PhpSerialize);
}

/// PHP, through `decode_as` (which charges the budget). The output is also proportional to the
/// input: the format has no back-reference that copies (`R:`/`r:` become `{"__reference": n}`).
fn php(data: &[u8], enc: Encoding) {
    let limits = limits();
    let mut budget = Budget::new(&limits);
    if let Ok(v) = decode_as(data, enc, &limits, &mut budget) {
        assert_charged(&v, &budget, &limits);
        let (nodes, text) = size(&v);
        // Every value takes at least two bytes (`N;`); invalid UTF-8 becomes U+FFFD (3 bytes for
        // 1); `__class`, `__serialized` and `__reference` keys are added.
        assert!(
            nodes <= data.len() + 1,
            "{nodes} nodes from {} bytes",
            data.len()
        );
        assert!(
            text <= 4 * data.len() + 16,
            "{text} bytes of text from {} bytes",
            data.len()
        );
    }
}

/// Key material (`keys::load`: PEM, DER, JWK, JWKS, certificates) and the HMAC-secret check
/// (`looks_like_key_material`). What loads can describe itself and refuses a made-up signature.
pub(crate) fn keys(data: &[u8]) {
    let _ = keys::looks_like_key_material(data);
    match keys::load(data, "fuzz") {
        Ok((loaded, _warnings)) => {
            for k in &loaded {
                let _ = k.describe();
                for alg in k.algs() {
                    assert!(!k.verify(alg, b"header.payload", &[0u8; 64]));
                }
            }
            let _ = KeySet::new(loaded, None);
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

/// The JSON fast path (`JsonText::parse`, through `jwt/canonical.rs` when it can) against
/// serde_json: the same verdict and, where both accept, exactly serde_json's compact and pretty
/// text, the same tree and the same members.
pub(crate) fn json_fast_path(data: &[u8]) {
    let fast = JsonText::parse(data);
    let slow = serde_json::from_slice::<Value>(data);
    match (fast, slow) {
        (Some(text), Ok(value)) => {
            assert_eq!(text.as_str(), serde_json::to_string(&value).unwrap());
            assert_eq!(text.to_value(), value);
            assert_eq!(text.pretty(), serde_json::to_string_pretty(&value).unwrap());
            if let Value::Object(map) = &value {
                let members: Vec<(String, String)> = text
                    .get()
                    .members()
                    .map(|(k, v)| (k.name().into_owned(), v.text().to_owned()))
                    .collect();
                let want: Vec<(String, String)> = map
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_string()))
                    .collect();
                assert_eq!(members, want);
                // `member(name)` is documented for names that JSON writes without escapes.
                let plain =
                    |k: &String| !k.contains(['"', '\\']) && !k.chars().any(char::is_control);
                for (k, v) in map.iter().filter(|(k, _)| plain(k)) {
                    let got = text.get().member(k).map(|m| m.text().to_owned());
                    assert_eq!(got, Some(v.to_string()), "member {k:?}");
                    if let Value::String(s) = v {
                        let got = text.get().member(k).and_then(|m| m.as_str());
                        assert_eq!(got.as_deref(), Some(s.as_str()), "member {k:?}");
                    }
                }
            }
        }
        (None, Err(_)) => {}
        (Some(text), Err(e)) => panic!("accepted what serde_json rejects ({e}): {}", text.as_str()),
        (None, Ok(v)) => panic!("rejected what serde_json accepts: {v}"),
    }
}

/// The longest standard-input line the token check reads.
const LINE_CAP: usize = 64 << 10;

/// What a token is wrapped in, for the built form of [`token`].
const WRAPPERS: [&str; 6] = [
    "",
    "Bearer ",
    "Authorization: Bearer ",
    "Cookie: theme=dark; session=",
    "token=\"",
    "Set-Cookie: id=",
];

/// The token reader, every input form: standard-input lines (`LineReader`), the wrappers
/// (`Bearer`, `Authorization:`, cookie pairs: `extract_token`) and `jwt::decode`, with what `jwt
/// decode` then reads from a decoded token. The first byte picks the form: even, the rest is
/// standard input; odd, a token built from three (bit 1 clear) or five parts of the rest split at
/// 0xff, each base64url-encoded, in one of [`WRAPPERS`] (the byte's upper bits).
pub(crate) fn token(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode & 1 == 0 {
        let mut lines = LineReader::new(rest, LINE_CAP);
        while let Ok(Some((_, line))) = lines.next_line() {
            match line {
                Line::Text(s) => {
                    assert!(s.len() <= LINE_CAP);
                    read_token(&s);
                }
                Line::TooLong(n) => assert!(n > LINE_CAP),
                Line::NotUtf8 => {}
            }
        }
    } else {
        let parts: Vec<&[u8]> = rest.split(|&b| b == 0xff).collect();
        let n = if mode & 2 == 0 { 3 } else { 5 };
        let mut token = String::from(WRAPPERS[usize::from(mode >> 2) % WRAPPERS.len()]);
        for i in 0..n {
            if i > 0 {
                token.push('.');
            }
            token.push_str(&URL_SAFE_NO_PAD.encode(parts.get(i).copied().unwrap_or_default()));
        }
        read_token(&token);
    }
}

fn read_token(line: &str) {
    let token = extract_token(line);
    assert!(line.contains(token), "{token:?} is not part of {line:?}");
    match sessctl::jwt::decode(token, 1 << 20) {
        Ok(d) => {
            let _ = d.alg();
            let _ = d.header_map();
            let _ = d.header.pretty();
            let _ = d.claims();
            let _ = d.time_claims(1_700_000_000);
            for f in &d.findings {
                let _ = f.to_string();
            }
            let _ = serde_json::to_string(&d.header);
            if let Payload::Json(p) = &d.payload {
                let _ = p.pretty();
                let _ = p.to_value();
            }
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}
