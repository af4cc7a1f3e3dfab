//! The session store domain: where sessions live in Redis and how each web framework encodes them.
//!
//! - [`redis`]: the connection (URL forms, password sources, timeouts; failures are
//!   [`crate::exit::ConnectError`]) and the batched scan: `SCAN MATCH … COUNT … [TYPE …]`, with the
//!   values, sizes and TTLs of each batch fetched in pipelines on a background thread.
//! - [`preset`]: each framework's key layout, Redis type, codec, user location and companion keys,
//!   and auto-detection by sampling.
//! - [`codec`]: stored bytes → `serde_json::Value` (JSON, pickle, msgpack, Java serialization,
//!   PHP session encoding, compression), bounded in size and depth, never executing or
//!   instantiating anything.
//!
//! No printing, no environment, no clock: time comes in as a parameter. Must not import `cli`,
//! `commands`, `report` or `output`.

pub mod codec;
pub mod denylist;
pub mod preset;
pub mod records;
pub mod redis;
pub mod revoke;

use serde_json::Value;

pub use preset::{Preset, PresetKind};

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
    /// Anything else (list, stream, …).
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
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_value: 16 << 20,
            max_decompressed: 32 << 20,
            max_depth: 128,
        }
    }
}

/// A decoded session.
#[derive(Debug, Clone)]
pub struct Session {
    /// The exact key bytes.
    pub key: Vec<u8>,
    /// The key shown as text: UTF-8 as is, other bytes escaped as `\xNN`.
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

/// Key bytes as text: UTF-8 kept, anything else escaped as `\xNN` (and a literal backslash as
/// `\\` only when escaping was needed, so plain keys are shown as they are).
pub fn escape_key(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => {
            let mut out = String::with_capacity(bytes.len() + 8);
            for chunk in bytes.utf8_chunks() {
                for c in chunk.valid().chars() {
                    if c == '\\' {
                        out.push_str("\\\\");
                    } else {
                        out.push(c);
                    }
                }
                for b in chunk.invalid() {
                    out.push_str(&format!("\\x{b:02x}"));
                }
            }
            out
        }
    }
}

/// The reverse of [`escape_key`] for ids typed by a user: `\xNN` and `\\` escapes are decoded
/// when present.
pub fn unescape_key(text: &str) -> Vec<u8> {
    if !text.contains('\\') {
        return text.as_bytes().to_vec();
    }
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && i + 1 < b.len() {
            if b[i + 1] == b'\\' {
                out.push(b'\\');
                i += 2;
                continue;
            }
            if b[i + 1] == b'x'
                && i + 3 < b.len()
                && let Ok(v) = u8::from_str_radix(&text[i + 2..i + 4], 16)
            {
                out.push(v);
                i += 4;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
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

/// The session keys of one application in a store shared by several (django's cache
/// `KEY_PREFIX`): their prefix, how many there are, and one of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppGroup {
    /// The prefix the keys share (for django, `<KEY_PREFIX>:<VERSION>:`).
    pub prefix: Vec<u8>,
    /// How many keys were found under it.
    pub keys: u64,
    /// One of those keys (the smallest, so that the same keys always give the same example).
    pub example: Vec<u8>,
}

/// Every django application whose sessions the store holds, by app prefix (the part before
/// `django.contrib.sessions.`), found by scanning all key names once; sorted by prefix.
///
/// # Errors
/// Redis failures (a [`crate::exit::ConnectError`] when the connection is lost).
pub fn django_apps(store: &mut redis::RedisStore, count: usize) -> anyhow::Result<Vec<AppGroup>> {
    let mut groups: std::collections::BTreeMap<Vec<u8>, AppGroup> = Default::default();
    store.scan_keys(b"*django.contrib.sessions.cache*", count, &mut |keys| {
        for key in keys {
            let Some(prefix) = preset::django_group(&key) else {
                continue;
            };
            let g = groups.entry(prefix.to_vec()).or_insert_with(|| AppGroup {
                prefix: prefix.to_vec(),
                keys: 0,
                example: key.clone(),
            });
            g.keys += 1;
            if key < g.example {
                g.example = key;
            }
        }
    })?;
    Ok(groups.into_values().collect())
}

/// Scans every session of `preset` in the store: keys are scanned and fetched on one thread,
/// decoded on another, and handed to `on_session` here, in scan order. With `user`, only that
/// user's sessions are handed over (values that cannot hold the id as text are skipped without
/// decoding). `on_progress` gets the number of keys scanned after each batch. Stops early when
/// `on_session` returns `false`. Returns the number of keys scanned.
///
/// # Errors
/// Redis failures (a [`crate::exit::ConnectError`] when the connection is lost) and the
/// callbacks' errors.
pub fn scan_sessions(
    store: &mut redis::RedisStore,
    preset: &Preset,
    count: usize,
    user: Option<&str>,
    on_progress: &mut dyn FnMut(u64) -> anyhow::Result<()>,
    on_session: &mut dyn FnMut(Session) -> anyhow::Result<bool>,
) -> anyhow::Result<u64> {
    use std::sync::mpsc;
    let (raw_tx, raw_rx) = mpsc::sync_channel::<Vec<RawRecord>>(1);
    let (ses_tx, ses_rx) = mpsc::sync_channel::<Vec<Session>>(2);
    std::thread::scope(|s| {
        let decoder = std::thread::Builder::new()
            .stack_size(DECODER_STACK)
            .spawn_scoped(s, move || {
                for batch in raw_rx {
                    let sessions: Vec<Session> = batch
                        .into_iter()
                        .filter_map(|r| preset.decode(r))
                        .filter(|s| user.is_none_or(|u| user_matches(s.user.as_deref(), u)))
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
            &|r| user.is_none_or(|u| preset.may_belong_to(r, u)),
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
        let scanned = scanned?;
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
        Ok(scanned)
    })
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_escape_and_unescape() {
        assert_eq!(escape_key(b"sess:abc"), "sess:abc");
        assert_eq!(escape_key(b"sess:\xff\xfe"), "sess:\\xff\\xfe");
        assert_eq!(escape_key(b"a\\b\xff"), "a\\\\b\\xff");
        assert_eq!(unescape_key("sess:\\xff\\xfe"), b"sess:\xff\xfe");
        assert_eq!(unescape_key("a\\\\b\\xff"), b"a\\b\xff");
        assert_eq!(unescape_key("plain"), b"plain");
    }

    #[test]
    fn users_match_exactly() {
        assert!(user_matches(Some("42"), "42"));
        assert!(!user_matches(Some("420"), "42"));
        assert!(!user_matches(None, "42"));
    }
}
