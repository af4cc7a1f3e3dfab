//! The session store domain: where sessions live in Redis and how each web framework encodes them.
//!
//! - [`redis`]: the connection (URL forms, password sources, timeouts; failures are
//!   [`crate::exit::ConnectError`]) and the batched scan: `SCAN MATCH … COUNT … [TYPE …]`, with the
//!   values, sizes and TTLs of each batch fetched in pipelines on a background thread.
//! - [`pace`]: how hard scans may work the server (`--pace`): one small request at a time with
//!   rests, adaptive, or full speed.
//! - [`tls`]: `rediss://` as deployed (private CA, client certificates, another name to verify,
//!   no verification), its connections made by sessctl with rustls, and which check failed.
//! - [`preset`]: one module per framework (key layout, Redis type, codec, user location,
//!   companion keys and delete order, sandbox sample) and the one table of them all.
//! - [`detect`]: auto-detection by sampling, asking each preset of the table.
//! - [`acl`]: the least-privilege ACL users' rules, and a refusal (`NOPERM`) worded with the
//!   rule that would allow it.
//! - [`codec`]: stored bytes → `serde_json::Value` (JSON, pickle, msgpack, Java serialization,
//!   PHP session encoding, compression), bounded in size and depth, never executing or
//!   instantiating anything.
//!
//! No printing, no environment, no clock: time comes in as a parameter. Must not import `cli`,
//! `commands`, `report` or `output`.

pub mod acl;
pub mod cluster;
pub mod codec;
pub mod denylist;
pub mod detect;
pub mod pace;
pub mod preset;
pub mod records;
pub mod redis;
pub mod revocation;
pub mod revoke;
pub mod tls;

use serde_json::Value;

pub use preset::{Kind, Preset};

/// The Redis type of a key, as `TYPE` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedisType {
    /// A string value.
    String,
    /// A hash (Spring Session).
    Hash,
    /// A set.
    Set,
    /// A sorted set.
    Zset,
    /// A list (job queues).
    List,
    /// A stream.
    Stream,
    /// Anything else (a module's type, …).
    Other,
}

impl RedisType {
    /// The name `TYPE` uses.
    pub fn as_str(self) -> &'static str {
        match self {
            RedisType::String => "string",
            RedisType::Hash => "hash",
            RedisType::Set => "set",
            RedisType::Zset => "zset",
            RedisType::List => "list",
            RedisType::Stream => "stream",
            RedisType::Other => "other",
        }
    }

    /// From `TYPE`'s answer.
    pub fn parse(s: &str) -> RedisType {
        match s {
            "string" => RedisType::String,
            "hash" => RedisType::Hash,
            "set" => RedisType::Set,
            "zset" => RedisType::Zset,
            "list" => RedisType::List,
            "stream" => RedisType::Stream,
            _ => RedisType::Other,
        }
    }
}

/// A stored value as fetched, before decoding.
#[derive(Debug, Clone)]
pub enum RawValue {
    /// A string's bytes.
    Bytes(Vec<u8>),
    /// A hash's fields and values.
    Hash(Vec<(Vec<u8>, Vec<u8>)>),
    /// The value was not fetched: larger than the decoding limit (its size is still known).
    TooLarge,
    /// The key disappeared between the scan and the fetch.
    Gone,
    /// The record was not read, or could not be (a hash with too many fields, a key that changed
    /// type under the fetch): why.
    Failed(String),
}

/// One key as fetched from Redis.
#[derive(Debug, Clone)]
pub struct RawRecord {
    /// The exact key bytes.
    pub key: Vec<u8>,
    /// Its Redis type.
    pub rtype: RedisType,
    /// The value.
    pub value: RawValue,
    /// Milliseconds to live: `None` when the key has no expiry.
    pub pttl_ms: Option<i64>,
    /// Size of the value in bytes (string length; sum of field and value lengths for a hash).
    pub size: u64,
}

/// Limits that keep decoding bounded whatever a value holds.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Values larger than this are not fetched or decoded (their size and TTL still are).
    pub max_value: usize,
    /// Maximum size after decompression.
    pub max_decompressed: usize,
    /// Maximum nesting depth of a decoded value.
    pub max_depth: usize,
    /// Maximum number of values (JSON nodes) one record decodes to, counting every copy a
    /// back-reference makes.
    pub max_nodes: usize,
    /// Maximum bytes of text (strings and object keys) one record decodes to, counting every copy
    /// a back-reference makes.
    pub max_text: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_value: 16 << 20,
            max_decompressed: 32 << 20,
            max_depth: 128,
            max_nodes: 1_000_000,
            max_text: 64 << 20,
        }
    }
}

/// A decoded session.
#[derive(Debug, Clone)]
pub struct Session {
    /// The exact key bytes.
    pub key: Vec<u8>,
    /// The key shown as text, escaped by [`escape_key`].
    pub key_text: String,
    /// The session id as the application's cookie carries it (the key without the store's prefix),
    /// escaped like `key_text`.
    pub id: String,
    /// The Redis type.
    pub rtype: RedisType,
    /// Seconds to live (rounded up), `None` when the key never expires.
    pub ttl: Option<i64>,
    /// Size of the stored value in bytes.
    pub size: u64,
    /// The user the session belongs to, as a string; `None` for an anonymous session or when the
    /// record could not be decoded.
    pub user: Option<String>,
    /// Creation time, unix milliseconds, where the format records it.
    pub created_ms: Option<i64>,
    /// Last access time, unix milliseconds, where the format records it.
    pub last_access_ms: Option<i64>,
    /// The decoded record, or why it could not be decoded.
    pub data: Result<Value, String>,
    /// A remark about the record (e.g. django `cached_db`: Redis is only a cache).
    pub note: Option<&'static str>,
}

impl Session {
    /// True when the value could not be decoded.
    pub fn is_error(&self) -> bool {
        self.data.is_err()
    }
}

/// Key bytes as text, reversibly ([`unescape_key`] gives the same bytes back): a backslash is
/// written `\\`; bytes that are not UTF-8, C0 control bytes (0x00–0x1f) and DEL (0x7f) are
/// written `\xNN` (lowercase hex); any other UTF-8 is kept as it is. Distinct keys always give
/// distinct texts, so an id copied from `sessions list` names that session and no other.
pub fn escape_key(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\u{0}'..='\u{1f}' | '\u{7f}' => push_hex(&mut out, c as u8),
                _ => out.push(c),
            }
        }
        for &b in chunk.invalid() {
            push_hex(&mut out, b);
        }
    }
    out
}

fn push_hex(out: &mut String, b: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push_str("\\x");
    out.push(char::from(HEX[usize::from(b >> 4)]));
    out.push(char::from(HEX[usize::from(b & 0xf)]));
}

/// The reverse of [`escape_key`], for ids and keys typed by a user: `\\` is a backslash and
/// `\xNN` a byte (either hex case); everything else stands for itself.
///
/// # Errors
/// Any other backslash sequence, or one cut short (a usage error naming the text).
pub fn unescape_key(text: &str) -> anyhow::Result<Vec<u8>> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            out.push(b[i]);
            i += 1;
            continue;
        }
        match (b.get(i + 1), b.get(i + 2), b.get(i + 3)) {
            (Some(b'\\'), _, _) => {
                out.push(b'\\');
                i += 2;
            }
            (Some(b'x'), Some(&hi), Some(&lo)) => match (hex_value(hi), hex_value(lo)) {
                (Some(hi), Some(lo)) => {
                    out.push(hi << 4 | lo);
                    i += 4;
                }
                _ => return Err(bad_escape(text)),
            },
            _ => return Err(bad_escape(text)),
        }
    }
    Ok(out)
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

fn bad_escape(text: &str) -> anyhow::Error {
    crate::exit::usage(format!(
        "bad escape in session id `{text}`: use \\\\ for a backslash, \\xNN for a byte"
    ))
}

/// Compares a user id with the one asked for: exactly, as strings.
pub fn user_matches(user: Option<&str>, wanted: &str) -> bool {
    user == Some(wanted)
}

/// Stack for the thread that decodes values: the decoders cap nesting depth, and this leaves
/// ample room for it (the memory is reserved, not used, until touched).
const DECODER_STACK: usize = 256 << 20;

/// Decodes `raw` on a thread with a large stack (for a single lookup such as `sessions show`).
///
/// # Errors
/// Only if the thread cannot be started.
pub fn decode_one(preset: &Preset, raw: RawRecord) -> anyhow::Result<Option<Session>> {
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(DECODER_STACK)
            .spawn_scoped(s, || preset.decode(raw))?
            .join()
            .map_err(|_| anyhow::anyhow!("the decoder thread panicked"))
    })
}

/// Which scanned sessions [`scan_sessions`] hands over.
#[derive(Debug, Clone, Copy)]
pub enum Filter<'a> {
    /// Every session.
    All,
    /// The sessions of this user.
    User(&'a str),
    /// The sessions of this user, and every record whose owner could not be read (it may be the
    /// user's): what a revocation must account for.
    UserOrUndecodable(&'a str),
}

impl Filter<'_> {
    fn wanted(self) -> Option<String> {
        match self {
            Filter::All => None,
            Filter::User(u) | Filter::UserOrUndecodable(u) => Some(u.to_owned()),
        }
    }

    fn keeps(self, s: &Session) -> bool {
        match self {
            Filter::All => true,
            Filter::User(u) => user_matches(s.user.as_deref(), u),
            Filter::UserOrUndecodable(u) => s.is_error() || user_matches(s.user.as_deref(), u),
        }
    }
}

/// Fetches `keys` and decodes each on a thread with a large stack (keys that do not exist, and
/// keys that are not sessions of `preset`, are left out), keeping the raw record beside the
/// session: the bytes a check-and-delete compares with.
///
/// # Errors
/// Redis failures.
pub fn load(
    store: &mut redis::RedisStore,
    preset: &Preset,
    keys: &[Vec<u8>],
) -> anyhow::Result<Vec<(RawRecord, Session)>> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let raws = store.fetch(keys, &preset.limits)?;
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(DECODER_STACK)
            .spawn_scoped(s, || {
                raws.into_iter()
                    .filter_map(|r| preset.decode(r.clone()).map(|s| (r, s)))
                    .collect::<Vec<_>>()
            })?
            .join()
            .map_err(|_| anyhow::anyhow!("the decoder thread panicked"))
    })
}

/// Fetches `keys` and decodes them part by part (at most [`redis::FETCH_BYTES`] of values at a
/// time, on a thread with a large stack), handing each record with its session to `on_record`,
/// which keeps what it needs: memory stays bounded however large the values.
///
/// # Errors
/// Redis failures, or `on_record`'s error.
pub fn load_each(
    store: &mut redis::RedisStore,
    preset: &Preset,
    keys: &[Vec<u8>],
    on_record: &mut dyn FnMut(RawRecord, Session) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    store.fetch_each(keys, &preset.limits, &mut |raws| {
        let decoded = std::thread::scope(|s| {
            std::thread::Builder::new()
                .stack_size(DECODER_STACK)
                .spawn_scoped(s, || {
                    raws.into_iter()
                        .filter_map(|r| preset.decode(r.clone()).map(|s| (r, s)))
                        .collect::<Vec<_>>()
                })?
                .join()
                .map_err(|_| anyhow::anyhow!("the decoder thread panicked"))
        })?;
        for (raw, session) in decoded {
            on_record(raw, session)?;
        }
        Ok(true)
    })
}

/// Scans every session of `preset` in the store: keys are scanned and fetched on one thread,
/// decoded on another, and handed to `on_session` here, in scan order. `filter` says which are
/// handed over (for a user, values that cannot hold the id as text are skipped without
/// decoding). `on_progress` gets the number of keys scanned after each batch. Stops early when
/// `on_session` returns `false`. Returns the number of keys scanned.
///
/// # Errors
/// Redis failures (a [`crate::exit::ConnectError`] when the connection is lost) and the
/// callbacks' errors; a [`cluster::Unscanned`] after every session of the nodes reached was
/// handed over.
pub fn scan_sessions(
    store: &mut redis::RedisStore,
    preset: &Preset,
    count: usize,
    filter: Filter<'_>,
    on_progress: &mut dyn FnMut(u64) -> anyhow::Result<()>,
    on_session: &mut dyn FnMut(Session) -> anyhow::Result<bool>,
) -> anyhow::Result<u64> {
    use std::sync::mpsc;
    let wanted = filter.wanted();
    let (raw_tx, raw_rx) = mpsc::sync_channel::<Vec<RawRecord>>(1);
    let (ses_tx, ses_rx) = mpsc::sync_channel::<Vec<Session>>(2);
    std::thread::scope(|s| {
        let decoder = std::thread::Builder::new()
            .stack_size(DECODER_STACK)
            .spawn_scoped(s, move || {
                for batch in raw_rx {
                    // Only what the scan's consumers read is kept of a decoded record (its
                    // summary and user, or its error): a batch holds no decoded values.
                    let sessions: Vec<Session> = batch
                        .into_iter()
                        .filter_map(|r| preset.decode(r))
                        .filter(|s| filter.keeps(s))
                        .map(|mut s| {
                            if s.data.is_ok() {
                                s.data = Ok(Value::Null);
                            }
                            s
                        })
                        .collect();
                    if ses_tx.send(sessions).is_err() {
                        return;
                    }
                }
            })?;
        let mut stopped = false;
        let mut deliver = |batch: Vec<Session>, stopped: &mut bool| -> anyhow::Result<()> {
            for s in batch {
                if *stopped {
                    break;
                }
                if !on_session(s)? {
                    *stopped = true;
                }
            }
            Ok(())
        };
        let raw_tx = raw_tx;
        let scanned = store.scan(
            &preset.pattern(),
            preset.redis_type(),
            count,
            &preset.limits,
            &|r| wanted.as_deref().is_none_or(|u| preset.may_belong_to(r, u)),
            &mut |batch, scanned| {
                on_progress(scanned)?;
                while let Ok(done) = ses_rx.try_recv() {
                    deliver(done, &mut stopped)?;
                }
                let mut batch = batch;
                loop {
                    if stopped {
                        return Ok(false);
                    }
                    match raw_tx.try_send(batch) {
                        Ok(()) => return Ok(true),
                        // The decoder is busy: take what it finished meanwhile (it cannot be
                        // blocked on us while its input is full).
                        Err(mpsc::TrySendError::Full(b)) => {
                            batch = b;
                            match ses_rx.recv() {
                                Ok(done) => deliver(done, &mut stopped)?,
                                Err(_) => return Ok(false),
                            }
                        }
                        Err(mpsc::TrySendError::Disconnected(_)) => return Ok(false),
                    }
                }
            },
        );
        drop(raw_tx);
        // A cluster scan that missed a node still hands over everything it found elsewhere
        // (what the decoder holds too) before its error.
        if let Err(e) = &scanned
            && e.downcast_ref::<cluster::Unscanned>().is_none()
        {
            return scanned;
        }
        while !stopped {
            match ses_rx.recv() {
                Ok(done) => deliver(done, &mut stopped)?,
                Err(_) => break,
            }
        }
        drop(ses_rx);
        decoder
            .join()
            .map_err(|_| anyhow::anyhow!("the decoder thread panicked"))?;
        scanned
    })
}
#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(bytes: &[u8]) {
        let text = escape_key(bytes);
        assert_eq!(
            unescape_key(&text).unwrap(),
            bytes,
            "{bytes:02x?} shown as {text}"
        );
    }

    #[test]
    fn keys_escape_and_unescape() {
        assert_eq!(escape_key(b"sess:abc"), "sess:abc");
        assert_eq!(escape_key(b"sess:\xff\xfe"), "sess:\\xff\\xfe");
        assert_eq!(escape_key(b"a\\b\xff"), "a\\\\b\\xff");
        assert_eq!(unescape_key("sess:\\xff\\xfe").unwrap(), b"sess:\xff\xfe");
        assert_eq!(unescape_key("a\\\\b\\xff").unwrap(), b"a\\b\xff");
        assert_eq!(unescape_key("plain").unwrap(), b"plain");
        assert_eq!(unescape_key("").unwrap(), b"");
    }

    #[test]
    fn a_literal_backslash_is_always_escaped() {
        // Valid UTF-8 with a backslash: once shown as itself, so `\x41bc` (the text) and `Abc`
        // both came back as `Abc`.
        assert_eq!(escape_key(b"sess:\\x41bc"), "sess:\\\\x41bc");
        assert_eq!(unescape_key("sess:\\\\x41bc").unwrap(), b"sess:\\x41bc");
        assert_eq!(unescape_key("sess:\\x41bc").unwrap(), b"sess:Abc");
        assert_eq!(escape_key(b"\\\\"), "\\\\\\\\");
        assert_eq!(unescape_key("\\\\\\\\").unwrap(), b"\\\\");
        assert_ne!(escape_key(b"\\x41bc"), escape_key(b"Abc"));
    }

    #[test]
    fn control_bytes_and_del_are_escaped_other_utf8_kept() {
        assert_eq!(escape_key(b"a\x00b\x1f\x7f"), "a\\x00b\\x1f\\x7f");
        assert_eq!(escape_key(b"\n\t\x1b[31m"), "\\x0a\\x09\\x1b[31m");
        assert_eq!(escape_key("é€😀 ~".as_bytes()), "é€😀 ~");
        // C1 controls are valid UTF-8 and kept (the terminal sanitizer deals with them).
        assert_eq!(escape_key("\u{85}".as_bytes()), "\u{85}");
        // A truncated UTF-8 sequence next to valid text.
        assert_eq!(escape_key(b"\xc3"), "\\xc3");
        assert_eq!(escape_key("\\xaé".as_bytes()), "\\\\xaé");
        assert_eq!(escape_key(b"\xaa\xc3\xa9"), "\\xaaé");
    }

    #[test]
    fn every_single_byte_round_trips() {
        for b in 0..=255u8 {
            round_trip(&[b]);
            round_trip(&[b'a', b, b'b']);
            round_trip(&[b'\\', b]);
            round_trip(&[b, b'\\']);
            let text = escape_key(&[b]);
            let plain = (0x20..0x7f).contains(&b) && b != b'\\';
            assert_eq!(
                text.len(),
                if plain {
                    1
                } else if b == b'\\' {
                    2
                } else {
                    4
                }
            );
            // Either hex case is accepted.
            assert_eq!(unescape_key(&format!("\\x{b:02X}")).unwrap(), [b]);
            assert_eq!(unescape_key(&format!("\\x{b:02x}")).unwrap(), [b]);
        }
    }

    #[test]
    fn random_byte_strings_round_trip_and_stay_distinct() {
        // xorshift64*: deterministic, no dependency.
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            state.wrapping_mul(0x2545_f491_4f6c_dd1d)
        };
        let alphabet = b"\\x41abcAF:\xc3\xa9\xff\x00\x7f";
        let mut seen = std::collections::HashMap::new();
        for _ in 0..20_000 {
            let len = (next() % 12) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    let r = next();
                    if r % 3 == 0 {
                        (r >> 8) as u8
                    } else {
                        alphabet[(r >> 8) as usize % alphabet.len()]
                    }
                })
                .collect();
            round_trip(&bytes);
            let text = escape_key(&bytes);
            if let Some(other) = seen.insert(text.clone(), bytes.clone()) {
                assert_eq!(other, bytes, "two keys shown as {text}");
            }
        }
    }

    #[test]
    fn bad_escapes_are_usage_errors_naming_the_id() {
        for bad in [
            "\\", "a\\", "\\x", "\\x4", "ab\\x4", "\\q", "\\n", "\\xg1", "\\x1g", "\\u0041",
            "\\xé1", "\\x1é", "sess\\",
        ] {
            let e = unescape_key(bad).unwrap_err();
            assert_eq!(crate::exit::classify(&e), crate::exit::Exit::Usage, "{bad}");
            assert_eq!(
                e.to_string(),
                format!(
                    "bad escape in session id `{bad}`: use \\\\ for a backslash, \\xNN for a byte"
                )
            );
        }
    }

    #[test]
    fn users_match_exactly() {
        assert!(user_matches(Some("42"), "42"));
        assert!(!user_matches(Some("420"), "42"));
        assert!(!user_matches(None, "42"));
    }
}
