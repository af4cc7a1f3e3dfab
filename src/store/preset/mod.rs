//! Store presets: what each web framework's session library writes into Redis by default (key
//! naming, Redis type, value encoding, where the user id sits, which keys are companions rather
//! than sessions), with `--prefix` and `--user-field` overrides.
//!
//! One module per preset holds everything about it, as an implementation of [`Layout`]; one
//! table, [`PRESETS`], lists them, and everything else reads that table: the `--store` values and
//! their help, auto-detection ([`super::detect`]), `sessctl sandbox`, the revocation pipeline
//! (which asks the preset for its companions, delete order and per-user index) and the docs'
//! preset table ([`markdown_table`], checked against docs/sessions.md by a test). Adding a preset
//! is one module and one row in [`PRESETS`]: docs/development.md has the recipe.
//!
//! The layouts were read from each library's source and checked against records the real
//! libraries wrote (tests/fixtures/sessions/README.md).

mod connect_redis;
mod django;
mod flask_session;
mod json;
mod koa_redis;
mod php;
mod spring_session;

use serde_json::{Map, Value};

pub use connect_redis::ConnectRedis;
pub use django::{CACHED_DB_NOTE, Django};
pub use flask_session::FlaskSession;
pub use json::Json;
pub use koa_redis::KoaRedis;
pub use php::Php;
pub use spring_session::SpringSession;

use super::codec::{self, Encoding};
use super::redis::RedisStore;
use super::revocation::{IndexMember, UserIndex};
use super::revoke::Op;
use super::{Limits, RawRecord, RawValue, RedisType, Session, escape_key};

/// Every preset, in `--store`'s order (which is also the sandbox's database order). Adding a
/// preset: its module above, and a row here.
pub static PRESETS: &[Kind] = &[
    &ConnectRedis,
    &SpringSession,
    &Django,
    &FlaskSession,
    &Php,
    &Json,
    &KoaRedis,
];

/// A preset: one of [`PRESETS`].
pub type Kind = &'static dyn Layout;

/// The preset called `name` (its `--store` name).
pub fn named(name: &str) -> Option<Kind> {
    PRESETS.iter().copied().find(|k| k.name() == name)
}

/// The preset table in docs/sessions.md, one row per preset (a test checks the page against it).
#[derive(Debug, Clone, Copy)]
pub struct Doc {
    /// The keys, default prefix included.
    pub keys: &'static str,
    /// The Redis type (and, for a hash, its fields).
    pub rtype: &'static str,
    /// How values are encoded.
    pub encoding: &'static str,
    /// Where the user id sits.
    pub user: &'static str,
    /// Keys kept beside the sessions that are not sessions.
    pub companions: &'static str,
}

/// One database of `sessctl sandbox`: a preset's sample records, the real-library fixtures of
/// tests/fixtures/sessions minus the huge test records (assets/sandbox/make.sh).
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    /// What wrote them, as the sandbox's database list says (e.g. `connect-redis via
    /// @fastify/session`).
    pub what: &'static str,
    /// The records, in the fixtures' jsonl format.
    pub records: &'static str,
}

/// Everything about one framework's store. Each preset module implements it; generic code asks
/// it rather than naming a preset. Only the first block has no default.
pub trait Layout: Sync + std::fmt::Debug {
    /// The `--store` name.
    fn name(&self) -> &'static str;
    /// `--store`'s help for it: the library, the default key and the encoding.
    fn help(&self) -> &'static str;
    /// Its row in the docs' preset table.
    fn doc(&self) -> Doc;
    /// The sandbox's sample record sets, one database each.
    fn samples(&self) -> &'static [Sample];
    /// The default key prefix; `None` when the preset has none and needs `--prefix`.
    fn default_prefix(&self) -> Option<&'static str>;
    /// Where the user id sits, first match wins (dotted paths, or see [`Layout::user_field`]).
    fn default_user_fields(&self) -> &'static [&'static str];
    /// The encodings its values may have, most likely first.
    fn encodings(&self) -> &'static [Encoding];

    /// The Redis type of its sessions (`SCAN … TYPE`).
    fn redis_type(&self) -> RedisType {
        RedisType::String
    }

    /// The prefix in force for a `--prefix` given by the user.
    fn prefix_from(&self, given: &[u8]) -> Vec<u8> {
        given.to_vec()
    }

    /// A `--user-field` (or default user field) as the path [`Layout::user_of`] follows.
    fn user_field(&self, given: &str) -> Vec<String> {
        given.split('.').map(str::to_owned).collect()
    }

    /// The user id in a decoded record, from the paths in force.
    fn user_of(&self, fields: &[Vec<String>], data: &Value) -> Option<String> {
        fields.iter().find_map(|path| codec::user_at(data, path))
    }

    /// The `SCAN MATCH` pattern for the sessions under `prefix`.
    fn pattern(&self, prefix: &[u8]) -> Vec<u8> {
        let mut pat = glob_escape(prefix);
        pat.push(b'*');
        pat
    }

    /// The session id in `key`, or `None` when the key is not a session of this store (another
    /// prefix, or a companion key).
    fn session_id<'k>(&self, prefix: &[u8], key: &'k [u8]) -> Option<&'k [u8]> {
        key.strip_prefix(prefix).filter(|id| !id.is_empty())
    }

    /// Keys a session with this id may be stored under (the first is the default layout).
    fn keys_for_id(&self, prefix: &[u8], id: &[u8]) -> Vec<Vec<u8>> {
        vec![[prefix, id].concat()]
    }

    /// Every key sessctl reads or writes for a store under `prefix` (its sessions and their
    /// companions), as key prefixes: a least-privilege ACL user gets `~<prefix>*` for each
    /// ([`crate::store::acl`]).
    fn acl_keys(&self, prefix: &[u8]) -> Vec<Vec<u8>> {
        vec![prefix.to_vec()]
    }

    /// Keys that belong with the session at `key` and are deleted with it.
    fn companion_keys(&self, _prefix: &[u8], _key: &[u8]) -> Vec<Vec<u8>> {
        Vec::new()
    }

    /// Companion keys whose lifetime `sessions expire` shortens with the session's.
    fn expiry_companions(&self, _prefix: &[u8], _key: &[u8]) -> Vec<Vec<u8>> {
        Vec::new()
    }

    /// A remark about the record at `key` that every listing carries.
    fn note(&self, _key: &[u8]) -> Option<&'static str> {
        None
    }

    /// Auto-detection: whether a key's name says it is this preset's (its prefix, or its shape).
    fn owns_key_name(&self, _key: &[u8]) -> bool {
        false
    }

    /// Auto-detection, for a key whose name this preset owns: the prefix of the store it belongs
    /// to, when its type and first bytes fit too.
    fn store_prefix(&self, _key: &[u8], rtype: RedisType, head: &[u8]) -> Option<Vec<u8>> {
        (rtype == RedisType::String && value_fits(self, head)).then(|| {
            self.default_prefix()
                .unwrap_or_default()
                .as_bytes()
                .to_vec()
        })
    }

    /// Auto-detection: a truncated compressed head counts as this preset's (its libraries
    /// compress values).
    fn compresses(&self) -> bool {
        false
    }

    /// A hint for choosing among several stores found, e.g. what `--prefix` means here.
    fn prefix_hint(&self) -> Option<&'static str> {
        None
    }

    /// The prefix to use when none was given, found by looking at the store (django: the one
    /// app whose sessions it holds); `None` for the default. `how` names the option in errors.
    ///
    /// # Errors
    /// Redis failures; a store that needs `--prefix` to say which (a usage error).
    fn find_prefix(&self, _store: &mut RedisStore, _how: &str) -> anyhow::Result<Option<Vec<u8>>> {
        Ok(None)
    }

    /// How to remove the session at `key` (besides unlinking it), in the order a running
    /// application tolerates: by default, unlink its companion keys.
    fn removal_ops(&self, preset: &Preset, key: &[u8], _session: &Session) -> Vec<Op> {
        self.companion_keys(&preset.prefix, key)
            .into_iter()
            .map(Op::Unlink)
            .collect()
    }

    /// The store's own index of a user's sessions, read, when it keeps one (spring-session's
    /// principal index); `None` otherwise, and the sessions are found by scanning.
    ///
    /// # Errors
    /// Redis failures.
    fn user_index(
        &self,
        _store: &mut RedisStore,
        _preset: &Preset,
        _user: &str,
    ) -> anyhow::Result<Option<UserIndex>> {
        Ok(None)
    }

    /// For each id, the index entries that still name it (spring-session's principal indexes),
    /// each with its checked removal.
    ///
    /// # Errors
    /// Redis failures.
    fn index_entries(
        &self,
        _store: &mut RedisStore,
        _preset: &Preset,
        ids: &[Vec<u8>],
    ) -> anyhow::Result<Vec<Vec<IndexMember>>> {
        Ok(vec![Vec::new(); ids.len()])
    }
}

impl PartialEq for dyn Layout {
    fn eq(&self, other: &Self) -> bool {
        self.name() == other.name()
    }
}

impl Eq for dyn Layout {}

/// A preset resolved with its overrides: what to scan and how to read it.
#[derive(Debug, Clone)]
pub struct Preset {
    /// The framework.
    pub kind: Kind,
    /// The key prefix in force. For django, the app's part before `django.contrib.sessions.`
    /// (the cache's `<KEY_PREFIX>:<VERSION>:`, e.g. `:1:`), which covers both the `cache` and the
    /// `cached_db` backend.
    pub prefix: Vec<u8>,
    /// Where the user id sits: dotted paths, the first that yields wins (for spring-session,
    /// hash field names).
    pub user_fields: Vec<Vec<String>>,
    /// Size limits for decoding.
    pub limits: Limits,
}

impl Preset {
    /// The preset `kind` with optional overrides.
    ///
    /// For django, `prefix` is the app's `<KEY_PREFIX>:<VERSION>:`; the full key prefix of one
    /// backend (`…django.contrib.sessions.cache` or `…cached_db`) is accepted too and means the
    /// same app.
    ///
    /// # Errors
    /// A preset without a default prefix (json) and no `prefix`.
    pub fn new(
        kind: Kind,
        prefix: Option<&[u8]>,
        user_field: Option<&str>,
    ) -> Result<Preset, String> {
        let prefix = match prefix {
            Some(p) => kind.prefix_from(p),
            None => kind
                .default_prefix()
                .ok_or_else(|| {
                    format!(
                        "the {} store needs --prefix (the part of the key before the session id)",
                        kind.name()
                    )
                })?
                .as_bytes()
                .to_vec(),
        };
        let user_fields = match user_field {
            Some(f) => vec![kind.user_field(f)],
            None => kind
                .default_user_fields()
                .iter()
                .map(|f| kind.user_field(f))
                .collect(),
        };
        Ok(Preset {
            kind,
            prefix,
            user_fields,
            limits: Limits::default(),
        })
    }

    /// The `SCAN MATCH` pattern.
    pub fn pattern(&self) -> Vec<u8> {
        self.kind.pattern(&self.prefix)
    }

    /// The `SCAN TYPE` filter (spring-session's sessions are hashes beside strings, sets and a
    /// sorted set under the same prefix).
    pub fn redis_type(&self) -> RedisType {
        self.kind.redis_type()
    }

    /// The session id in `key`, or `None` when the key is not a session of this store (a
    /// companion such as php's `_LOCK` or spring's `expires:` key, or another prefix).
    pub fn session_id<'k>(&self, key: &'k [u8]) -> Option<&'k [u8]> {
        self.kind.session_id(&self.prefix, key)
    }

    /// Keys a session with this id may be stored under (the first is the default layout).
    pub fn keys_for_id(&self, id: &[u8]) -> Vec<Vec<u8>> {
        self.kind.keys_for_id(&self.prefix, id)
    }

    /// Every key sessctl reads or writes for this store, as key prefixes (see
    /// [`Layout::acl_keys`]).
    pub fn acl_keys(&self) -> Vec<Vec<u8>> {
        self.kind.acl_keys(&self.prefix)
    }

    /// Keys that belong with a session (deleted with it): php's `_LOCK`, the indexed
    /// spring-session's `expires:` key.
    pub fn companion_keys(&self, key: &[u8]) -> Vec<Vec<u8>> {
        self.kind.companion_keys(&self.prefix, key)
    }

    /// True when a value that does not contain `user` as text cannot belong to that user, so that
    /// a `--user` listing can skip decoding it (text encodings only, and only when the bytes hold
    /// no escape that could spell the id differently and are not compressed). A record it rules
    /// out cannot name the user under any decoding, so it is never an undecidable record either.
    pub fn may_belong_to(&self, raw: &RawRecord, user: &str) -> bool {
        let text_encoded = self.kind.encodings().iter().all(|e| e.is_text());
        match &raw.value {
            // A compressed value (phpredis `redis.session.compression`, django-redis) holds the
            // id only once inflated: it is always decoded.
            RawValue::Bytes(b) if text_encoded && !user.is_empty() => {
                memchr::memmem::find(b, user.as_bytes()).is_some()
                    || memchr::memchr(b'\\', b).is_some()
                    || codec::compress::magic(b).is_some()
            }
            _ => true,
        }
    }

    /// Decodes a fetched record into a session; `None` when the key is not a session of this
    /// store.
    pub fn decode(&self, raw: RawRecord) -> Option<Session> {
        let id = escape_key(self.session_id(&raw.key)?);
        let note = self.kind.note(&raw.key);
        let ttl = raw.pttl_ms.map(|ms| (ms + 999).div_euclid(1000));
        let data = match &raw.value {
            RawValue::Bytes(b) => {
                codec::decode(b, self.kind.encodings(), &self.limits).map(|(v, _)| v)
            }
            RawValue::Hash(fields) => self.decode_hash(fields),
            RawValue::TooLarge => Err(format!(
                "value of {} bytes is over the {} byte decoding limit",
                raw.size, self.limits.max_value
            )),
            RawValue::Gone => Err("the key disappeared while it was read".into()),
            RawValue::Failed(why) => Err(why.clone()),
        };
        let (user, created_ms, last_access_ms) = match &data {
            Ok(v) => (
                self.user_of(v),
                v.get("creationTime").and_then(Value::as_i64),
                v.get("lastAccessedTime").and_then(Value::as_i64),
            ),
            Err(_) => (None, None, None),
        };
        Some(Session {
            key_text: escape_key(&raw.key),
            key: raw.key,
            id,
            rtype: raw.rtype,
            ttl,
            size: raw.size,
            user,
            created_ms,
            last_access_ms,
            data,
            note,
        })
    }

    fn decode_hash(&self, fields: &[(Vec<u8>, Vec<u8>)]) -> Result<Value, String> {
        let mut m = Map::new();
        // One budget for the whole record: many fields cannot each use all of it.
        let mut budget = codec::Budget::new(&self.limits);
        for (f, v) in fields {
            let name = String::from_utf8_lossy(f).into_owned();
            let value = if v.is_empty() {
                Value::String(String::new())
            } else {
                codec::decode_within(v, self.kind.encodings(), &self.limits, &mut budget)
                    .map(|(v, _)| v)
                    .map_err(|e| format!("field {name}: {e}"))?
            };
            m.insert(name, value);
        }
        Ok(Value::Object(m))
    }

    /// The user id in a decoded record.
    pub fn user_of(&self, data: &Value) -> Option<String> {
        self.kind.user_of(&self.user_fields, data)
    }
}

/// Escapes glob metacharacters for `SCAN MATCH`.
pub fn glob_escape(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() + 4);
    for &b in s {
        if matches!(b, b'*' | b'?' | b'[' | b']' | b'\\') {
            out.push(b'\\');
        }
        out.push(b);
    }
    out
}

/// Whether a value's first bytes fit what `kind` writes (auto-detection's second check).
pub fn value_fits<K: Layout + ?Sized>(kind: &K, head: &[u8]) -> bool {
    let plain;
    let head = match codec::compress::decompress(head, 1 << 16) {
        Ok(Some(p)) => {
            plain = p;
            &plain[..]
        }
        // A truncated compressed head fails to inflate: the magic alone is evidence enough.
        Err(_) => return kind.compresses(),
        Ok(None) => head,
    };
    match codec::sniff(head) {
        Some(e) => kind.encodings().contains(&e),
        None => false,
    }
}

/// The prefix of a key up to and including its last `:` (how a json store is described).
pub fn key_prefix(key: &[u8]) -> Option<&[u8]> {
    let i = memchr::memrchr(b':', key)?;
    Some(&key[..=i])
}

/// The `--store` names, `a|b|c`, and those that need `--prefix`: for messages.
pub fn choices() -> String {
    let names: Vec<&str> = PRESETS.iter().map(|k| k.name()).collect();
    let need: Vec<String> = PRESETS
        .iter()
        .filter(|k| k.default_prefix().is_none())
        .map(|k| format!("{} needs --prefix", k.name()))
        .collect();
    if need.is_empty() {
        names.join("|")
    } else {
        format!("{} ({})", names.join("|"), need.join(", "))
    }
}

/// docs/sessions.md's preset table, generated from [`PRESETS`].
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| preset | keys (default) | Redis type | value encoding | the user id | companions (not sessions) |\n|---|---|---|---|---|---|\n",
    );
    for k in PRESETS {
        let d = k.doc();
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} |\n",
            k.name(),
            d.keys,
            d.rtype,
            d.encoding,
            d.user,
            d.companions
        ));
    }
    out.push_str("| `auto` (default) | | | | | |\n");
    out
}

/// The sandbox's databases, in order: (preset, sample).
pub fn sandbox() -> impl Iterator<Item = (Kind, &'static Sample)> {
    PRESETS
        .iter()
        .flat_map(|k| k.samples().iter().map(move |s| (*k, s)))
}

/// docs/sessions.md's list of the sandbox's databases, generated from [`PRESETS`].
pub fn sandbox_markdown() -> String {
    let mut out = String::from("| database | preset | records |\n|---|---|---|\n");
    for (db, (k, s)) in sandbox().enumerate() {
        out.push_str(&format!("| {db} | `{}` | {} |\n", k.name(), s.what));
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn raw(key: &[u8], value: &[u8]) -> RawRecord {
        RawRecord {
            key: key.to_vec(),
            rtype: RedisType::String,
            value: RawValue::Bytes(value.to_vec()),
            pttl_ms: Some(1500),
            size: value.len() as u64,
        }
    }

    #[test]
    fn names_are_unique_and_found() {
        for &k in PRESETS {
            assert_eq!(named(k.name()), Some(k), "{}", k.name());
            assert_eq!(
                PRESETS.iter().filter(|o| o.name() == k.name()).count(),
                1,
                "{}",
                k.name()
            );
            assert!(
                !k.samples().is_empty(),
                "{} has no sandbox sample",
                k.name()
            );
            assert!(!k.help().ends_with('.'), "{}: clap's style", k.name());
        }
        assert_eq!(named("auto"), None);
    }

    #[test]
    fn a_text_store_prefilters_and_others_decode_everything() {
        let p = Preset::new(&ConnectRedis, None, None).unwrap();
        assert!(!p.may_belong_to(&raw(b"sess:a", br#"{"passport":{"user":7}}"#), "42"));
        let f = Preset::new(&FlaskSession, None, None).unwrap();
        assert!(f.may_belong_to(&raw(b"session:a", b"\x81\xa8_user_id\xa17"), "42"));
    }

    #[test]
    fn prefix_and_user_field_overrides() {
        let p = Preset::new(&Json, Some(b"app:sess:"), Some("account.uid")).unwrap();
        let s = p
            .decode(raw(b"app:sess:1", br#"{"account":{"uid":"u-1"}}"#))
            .unwrap();
        assert_eq!(s.user.as_deref(), Some("u-1"));
        assert_eq!(p.pattern(), b"app:sess:*");
        assert_eq!(
            Preset::new(&Json, None, None).unwrap_err(),
            "the json store needs --prefix (the part of the key before the session id)"
        );
        assert_eq!(glob_escape(b"a*b[c]?\\"), b"a\\*b\\[c\\]\\?\\\\");
    }

    #[test]
    fn prefilter_only_skips_what_cannot_match() {
        let p = Preset::new(&ConnectRedis, None, None).unwrap();
        assert!(!p.may_belong_to(&raw(b"sess:a", br#"{"passport":{"user":7}}"#), "42"));
        assert!(p.may_belong_to(&raw(b"sess:a", br#"{"passport":{"user":420}}"#), "42"));
        assert!(p.may_belong_to(
            &raw(b"sess:a", br#"{"passport":{"user":"\u0034\u0032"}}"#),
            "42"
        ));
    }

    #[test]
    fn the_choices_name_every_preset() {
        assert_eq!(
            choices(),
            format!(
                "{} (json needs --prefix)",
                PRESETS
                    .iter()
                    .map(|k| k.name())
                    .collect::<Vec<_>>()
                    .join("|")
            )
        );
    }
}
