//! Store presets: what each web framework's session library writes into Redis by default (key
//! naming, Redis type, value encoding, where the user id sits, which keys are companions rather
//! than sessions), with `--prefix` and `--user-field` overrides, and auto-detection.
//!
//! The layouts were read from each library's source and checked against records the real
//! libraries wrote (tests/fixtures/sessions/README.md).

use serde_json::{Map, Value};

use super::codec::{self, Encoding};
use super::{Limits, RawRecord, RawValue, RedisType, Session, escape_key};

/// The frameworks sessctl knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PresetKind {
    /// express-session / @fastify/session with connect-redis.
    ConnectRedis,
    /// Spring Session Data Redis.
    SpringSession,
    /// django.contrib.sessions with the cache (or cached_db) backend.
    Django,
    /// Flask-Session's Redis backend.
    FlaskSession,
    /// PHP with phpredis' session handler.
    Php,
    /// Any store of JSON strings.
    Json,
}

impl PresetKind {
    /// Every preset, in the order auto-detection reports them.
    pub const ALL: [PresetKind; 6] = [
        PresetKind::ConnectRedis,
        PresetKind::SpringSession,
        PresetKind::Django,
        PresetKind::FlaskSession,
        PresetKind::Php,
        PresetKind::Json,
    ];

    /// The `--store` name.
    pub fn name(self) -> &'static str {
        match self {
            PresetKind::ConnectRedis => "connect-redis",
            PresetKind::SpringSession => "spring-session",
            PresetKind::Django => "django",
            PresetKind::FlaskSession => "flask-session",
            PresetKind::Php => "php",
            PresetKind::Json => "json",
        }
    }

    /// The default key prefix (`None` for json, which needs `--prefix`; for django the part before
    /// `django.contrib.sessions.`: the cache key function's `<KEY_PREFIX>:<VERSION>:`, by default
    /// `:1:`).
    pub fn default_prefix(self) -> Option<&'static str> {
        match self {
            PresetKind::ConnectRedis => Some("sess:"),
            PresetKind::SpringSession => Some("spring:session:sessions:"),
            PresetKind::Django => Some(":1:"),
            PresetKind::FlaskSession => Some("session:"),
            PresetKind::Php => Some("PHPREDIS_SESSION:"),
            PresetKind::Json => None,
        }
    }

    /// Where the user id sits, as docs/sessions.md documents it.
    pub fn default_user_fields(self) -> &'static [&'static str] {
        match self {
            PresetKind::ConnectRedis => &["passport.user", "passport"],
            PresetKind::SpringSession => &[
                "sessionAttr:org.springframework.session.FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME",
                "sessionAttr:SPRING_SECURITY_CONTEXT",
            ],
            PresetKind::Django => &["_auth_user_id"],
            PresetKind::FlaskSession => &["_user_id"],
            PresetKind::Php => &["user_id"],
            PresetKind::Json => &["user"],
        }
    }

    fn encodings(self) -> &'static [Encoding] {
        match self {
            PresetKind::ConnectRedis | PresetKind::Json => &[Encoding::Json],
            PresetKind::SpringSession => &[Encoding::Java, Encoding::Json],
            PresetKind::Django => &[Encoding::Pickle, Encoding::Json, Encoding::Msgpack],
            PresetKind::FlaskSession => &[Encoding::Msgpack, Encoding::Json, Encoding::Pickle],
            PresetKind::Php => &[Encoding::PhpSession, Encoding::PhpSerialize],
        }
    }
}

/// What every django session key holds after its app prefix, before `cache` or `cached_db`.
const DJANGO_MARK: &[u8] = b"django.contrib.sessions.";
/// The session backends' key prefixes (`cache` and `cached_db`), after [`DJANGO_MARK`].
const DJANGO_BACKENDS: [&[u8]; 2] = [b"cached_db", b"cache"];
const SPRING_INDEX: &str =
    "org.springframework.session.FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME";

/// A preset resolved with its overrides: what to scan and how to read it.
#[derive(Debug, Clone)]
pub struct Preset {
    /// The framework.
    pub kind: PresetKind,
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
    /// `json` without a prefix.
    pub fn new(
        kind: PresetKind,
        prefix: Option<&[u8]>,
        user_field: Option<&str>,
    ) -> Result<Preset, String> {
        let prefix = match (prefix, kind) {
            (Some(p), PresetKind::Django) => django_app_prefix(p).to_vec(),
            (Some(p), _) => p.to_vec(),
            (None, k) => k
                .default_prefix()
                .ok_or("the json store needs --prefix (the part of the key before the session id)")?
                .as_bytes()
                .to_vec(),
        };
        let user_fields = match user_field {
            Some(f) if kind == PresetKind::SpringSession => {
                let f = if f.starts_with("sessionAttr:") {
                    f.to_owned()
                } else {
                    format!("sessionAttr:{f}")
                };
                vec![vec![f]]
            }
            Some(f) => vec![f.split('.').map(str::to_owned).collect()],
            None if kind == PresetKind::SpringSession => kind
                .default_user_fields()
                .iter()
                .map(|f| vec![(*f).to_owned()])
                .collect(),
            None => kind
                .default_user_fields()
                .iter()
                .map(|f| f.split('.').map(str::to_owned).collect())
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
        let mut pat = match self.kind {
            PresetKind::Php if self.prefix == b"PHPREDIS_SESSION:" => {
                return b"PHPREDIS_*SESSION:*".to_vec();
            }
            PresetKind::Django => [&glob_escape(&self.prefix)[..], DJANGO_MARK, b"cache"].concat(),
            _ => glob_escape(&self.prefix),
        };
        pat.push(b'*');
        pat
    }

    /// The `SCAN TYPE` filter: sessions are hashes for spring-session (so that the `expires:`
    /// strings and the `expirations` sorted set under the same prefix are not taken for sessions),
    /// strings elsewhere.
    pub fn redis_type(&self) -> RedisType {
        if self.kind == PresetKind::SpringSession {
            RedisType::Hash
        } else {
            RedisType::String
        }
    }

    /// The session id in `key`, or `None` when the key is not a session of this store (a
    /// companion such as php's `_LOCK` or spring's `expires:` key, or another prefix).
    pub fn session_id<'k>(&self, key: &'k [u8]) -> Option<&'k [u8]> {
        let p = &self.prefix[..];
        let id = match self.kind {
            PresetKind::Php if p == b"PHPREDIS_SESSION:" => key
                .strip_prefix(p)
                .or_else(|| key.strip_prefix(&b"PHPREDIS_CLUSTER_SESSION:"[..]))?,
            // Exactly this app's keys: the rest of another app's key would hold the mark again.
            PresetKind::Django => {
                let rest = key.strip_prefix(p)?.strip_prefix(DJANGO_MARK)?;
                let id = DJANGO_BACKENDS.iter().find_map(|b| rest.strip_prefix(*b))?;
                if memchr::memmem::find(id, DJANGO_MARK).is_some() {
                    return None;
                }
                id
            }
            _ => key.strip_prefix(p)?,
        };
        let companion = match self.kind {
            PresetKind::Php => id.ends_with(b"_LOCK"),
            PresetKind::SpringSession => id.starts_with(b"expires:") || id == b"expirations",
            _ => false,
        };
        (!id.is_empty() && !companion).then_some(id)
    }

    /// Keys a session with this id may be stored under (the first is the default layout).
    pub fn keys_for_id(&self, id: &[u8]) -> Vec<Vec<u8>> {
        let p = &self.prefix[..];
        match self.kind {
            PresetKind::Django => [b"cache".as_slice(), b"cached_db"]
                .iter()
                .map(|b| [p, DJANGO_MARK, b, id].concat())
                .collect(),
            PresetKind::Php if p == b"PHPREDIS_SESSION:" => {
                vec![
                    [p, id].concat(),
                    [&b"PHPREDIS_CLUSTER_SESSION:"[..], id].concat(),
                ]
            }
            _ => vec![[p, id].concat()],
        }
    }

    /// Keys that belong with a session (deleted with it): php's `_LOCK`, the indexed
    /// spring-session's `expires:` key.
    pub fn companion_keys(&self, key: &[u8]) -> Vec<Vec<u8>> {
        match self.kind {
            PresetKind::Php => vec![[key, b"_LOCK"].concat()],
            PresetKind::SpringSession => match self.session_id(key) {
                Some(id) => vec![[&self.prefix[..], b"expires:", id].concat()],
                None => vec![],
            },
            _ => vec![],
        }
    }

    /// True when a value that does not contain `user` as text cannot belong to that user, so that
    /// a `--user` listing can skip decoding it (text encodings only, and only when the bytes hold
    /// no escape that could spell the id differently and are not compressed). A record it rules
    /// out cannot name the user under any decoding, so it is never an undecidable record either.
    pub fn may_belong_to(&self, raw: &RawRecord, user: &str) -> bool {
        let text_encoded = matches!(
            self.kind,
            PresetKind::ConnectRedis | PresetKind::Json | PresetKind::Php
        );
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
        let mut note = None;
        if self.kind == PresetKind::Django
            && memchr::memmem::find(&raw.key, b"sessions.cached_db").is_some()
        {
            note = Some(CACHED_DB_NOTE);
        }
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
        if self.kind == PresetKind::SpringSession {
            return self.user_fields.iter().find_map(|f| {
                let v = data.get(f.first()?.as_str())?;
                spring_principal(v)
            });
        }
        self.user_fields
            .iter()
            .find_map(|path| codec::user_at(data, path))
    }
}

/// What sessctl says about django's cached_db backend.
pub const CACHED_DB_NOTE: &str = "django cached_db: the database holds the session, Redis only a cache copy; deleting this key does not log anyone out";

/// The principal name in a spring-session attribute: a plain string (the principal index
/// attribute, or a String principal), else `Authentication.getName()` of a security context:
/// the principal's `username` (UserDetails) or `name`.
fn spring_principal(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => {
            let auth = o.get("authentication").unwrap_or(v);
            match auth.get("principal")? {
                Value::String(s) => Some(s.clone()),
                Value::Object(p) => p
                    .get("username")
                    .or_else(|| p.get("name"))
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                _ => None,
            }
        }
        _ => None,
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

/// The app prefix a `--prefix` for django names: the full key prefix of one backend
/// (`<app>django.contrib.sessions.cache`, `…cached_db`, or `<app>django.contrib.sessions.`) stands
/// for its `<app>` part; anything else is the app prefix itself.
fn django_app_prefix(p: &[u8]) -> &[u8] {
    let Some(at) = memchr::memmem::rfind(p, DJANGO_MARK) else {
        return p;
    };
    let rest = &p[at + DJANGO_MARK.len()..];
    if rest.is_empty() || DJANGO_BACKENDS.contains(&rest) {
        &p[..at]
    } else {
        p
    }
}

/// The django app a key belongs to: the part before its last `django.contrib.sessions.cache`
/// (or `…cached_db`), which is the cache's `<KEY_PREFIX>:<VERSION>:`. `None` for other keys.
pub fn django_group(key: &[u8]) -> Option<&[u8]> {
    let at = memchr::memmem::rfind(key, DJANGO_MARK)?;
    let rest = &key[at + DJANGO_MARK.len()..];
    rest.starts_with(b"cache").then_some(&key[..at])
}

/// What a sampled key looks like, for auto-detection: the preset its name suggests, if any.
pub fn kind_by_key(key: &[u8]) -> Option<PresetKind> {
    if key.starts_with(b"sess:") {
        Some(PresetKind::ConnectRedis)
    } else if key.starts_with(b"spring:session:") {
        Some(PresetKind::SpringSession)
    } else if django_group(key).is_some() {
        Some(PresetKind::Django)
    } else if key.starts_with(b"session:") {
        Some(PresetKind::FlaskSession)
    } else if key.starts_with(b"PHPREDIS_SESSION:") || key.starts_with(b"PHPREDIS_CLUSTER_SESSION:")
    {
        Some(PresetKind::Php)
    } else {
        None
    }
}

/// Whether a value's first bytes fit what `kind` writes (auto-detection's second check).
pub fn value_fits(kind: PresetKind, head: &[u8]) -> bool {
    let plain;
    let head = match codec::compress::decompress(head, 1 << 16) {
        Ok(Some(p)) => {
            plain = p;
            &plain[..]
        }
        // A truncated compressed head fails to inflate: the magic alone is evidence enough.
        Err(_) => return kind == PresetKind::Django,
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

/// The spring principal index key for a user (issue 5's fast path).
pub fn spring_index_key(namespace: &str, user: &str) -> Vec<u8> {
    format!("{namespace}index:{SPRING_INDEX}:{user}").into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(key: &[u8], value: &[u8]) -> RawRecord {
        RawRecord {
            key: key.to_vec(),
            rtype: RedisType::String,
            value: RawValue::Bytes(value.to_vec()),
            pttl_ms: Some(1500),
            size: value.len() as u64,
        }
    }

    #[test]
    fn a_record_that_failed_to_read_is_undecodable_never_gone() {
        let p = Preset::new(PresetKind::SpringSession, None, None).unwrap();
        let why = "the key changed type while it was read (HGETALL answered WRONGTYPE …)";
        let s = p
            .decode(RawRecord {
                key: b"spring:session:sessions:abc".to_vec(),
                rtype: RedisType::Hash,
                value: RawValue::Failed(why.into()),
                pttl_ms: None,
                size: 0,
            })
            .expect("still a session of the store");
        assert_eq!(s.id, "abc");
        assert_eq!(s.data, Err(why.to_owned()));
        assert!(s.is_error());
        assert_eq!(s.user, None);
    }

    #[test]
    fn connect_redis_user_forms() {
        let p = Preset::new(PresetKind::ConnectRedis, None, None).unwrap();
        for v in [
            &br#"{"passport":{"user":42}}"#[..],
            br#"{"passport":{"user":"42"}}"#,
            br#"{"passport":{"user":{"id":42,"name":"alice"}}}"#,
            br#"{"cookie":{},"passport":42}"#,
        ] {
            let s = p.decode(raw(b"sess:abc", v)).unwrap();
            assert_eq!(
                s.user.as_deref(),
                Some("42"),
                "{}",
                String::from_utf8_lossy(v)
            );
            assert_eq!(s.id, "abc");
            assert_eq!(s.ttl, Some(2));
        }
        let anon = p.decode(raw(b"sess:x", br#"{"views":1}"#)).unwrap();
        assert_eq!(anon.user, None);
        assert!(p.decode(raw(b"other:x", b"{}")).is_none());
    }

    #[test]
    fn companions_are_not_sessions() {
        let php = Preset::new(PresetKind::Php, None, None).unwrap();
        assert!(php.session_id(b"PHPREDIS_SESSION:abc_LOCK").is_none());
        assert_eq!(php.session_id(b"PHPREDIS_SESSION:abc"), Some(&b"abc"[..]));
        assert_eq!(
            php.session_id(b"PHPREDIS_CLUSTER_SESSION:abc"),
            Some(&b"abc"[..])
        );
        let spring = Preset::new(PresetKind::SpringSession, None, None).unwrap();
        assert!(
            spring
                .session_id(b"spring:session:sessions:expires:abc")
                .is_none()
        );
        assert!(
            spring
                .session_id(b"spring:session:sessions:expirations")
                .is_none()
        );
        assert_eq!(
            spring.companion_keys(b"spring:session:sessions:abc"),
            vec![b"spring:session:sessions:expires:abc".to_vec()]
        );
    }

    const SHOP: &[u8] = b"shop:1:django.contrib.sessions.cacheabc";
    const SHOP_DB: &[u8] = b"shop:1:django.contrib.sessions.cached_dbabc";
    const BLOG: &[u8] = b"blog:1:django.contrib.sessions.cacheabc";
    const DEFAULT: &[u8] = b":1:django.contrib.sessions.cacheabc";

    #[test]
    fn django_prefix_is_the_app_part_in_every_accepted_form() {
        let default = Preset::new(PresetKind::Django, None, None).unwrap();
        assert_eq!(default.prefix, b":1:");
        for given in [
            &b"shop:1:"[..],
            b"shop:1:django.contrib.sessions.cache",
            b"shop:1:django.contrib.sessions.cached_db",
            b"shop:1:django.contrib.sessions.",
        ] {
            let p = Preset::new(PresetKind::Django, Some(given), None).unwrap();
            assert_eq!(p.prefix, b"shop:1:", "{}", String::from_utf8_lossy(given));
        }
        // Only a whole backend prefix is cut: other presets keep theirs as given.
        let p = Preset::new(
            PresetKind::Json,
            Some(b"x:django.contrib.sessions.cache"),
            None,
        );
        assert_eq!(p.unwrap().prefix, b"x:django.contrib.sessions.cache");
    }

    #[test]
    fn django_pattern_covers_both_backends_of_one_app_only() {
        let p = Preset::new(PresetKind::Django, Some(b"shop:1:"), None).unwrap();
        assert_eq!(p.pattern(), b"shop:1:django.contrib.sessions.cache*");
        let odd = Preset::new(PresetKind::Django, Some(b"a*[b]:1:"), None).unwrap();
        assert_eq!(
            odd.pattern(),
            b"a\\*\\[b\\]:1:django.contrib.sessions.cache*"
        );
        let php = Preset::new(PresetKind::Php, None, None).unwrap();
        assert_eq!(php.pattern(), b"PHPREDIS_*SESSION:*");
    }

    #[test]
    fn django_session_ids_are_those_of_the_app_in_force() {
        let shop = Preset::new(PresetKind::Django, Some(b"shop:1:"), None).unwrap();
        assert_eq!(shop.session_id(SHOP), Some(&b"abc"[..]));
        assert_eq!(shop.session_id(SHOP_DB), Some(&b"abc"[..]));
        assert_eq!(shop.session_id(BLOG), None);
        assert_eq!(shop.session_id(DEFAULT), None);
        assert_eq!(shop.session_id(b"shop:1:other"), None);
        assert_eq!(
            shop.session_id(b"shop:1:django.contrib.sessions.cache"),
            None
        );
        // A key of another app whose prefix starts with this one's.
        assert_eq!(
            shop.session_id(
                b"shop:1:django.contrib.sessions.cachex:django.contrib.sessions.cacheabc"
            ),
            None
        );
        let default = Preset::new(PresetKind::Django, None, None).unwrap();
        assert_eq!(default.session_id(DEFAULT), Some(&b"abc"[..]));
        assert_eq!(default.session_id(SHOP), None);
    }

    #[test]
    fn keys_for_an_id_are_under_the_prefix_in_force() {
        let shop = Preset::new(PresetKind::Django, Some(b"shop:1:"), None).unwrap();
        assert_eq!(
            shop.keys_for_id(b"abc"),
            vec![SHOP.to_vec(), SHOP_DB.to_vec()]
        );
        let php = Preset::new(PresetKind::Php, None, None).unwrap();
        assert_eq!(
            php.keys_for_id(b"abc"),
            vec![
                b"PHPREDIS_SESSION:abc".to_vec(),
                b"PHPREDIS_CLUSTER_SESSION:abc".to_vec()
            ]
        );
        let json = Preset::new(PresetKind::Json, Some(b"app:"), None).unwrap();
        assert_eq!(json.keys_for_id(b"abc"), vec![b"app:abc".to_vec()]);
    }

    #[test]
    fn django_groups_are_the_part_before_the_backend() {
        assert_eq!(django_group(SHOP), Some(&b"shop:1:"[..]));
        assert_eq!(django_group(SHOP_DB), Some(&b"shop:1:"[..]));
        assert_eq!(django_group(DEFAULT), Some(&b":1:"[..]));
        assert_eq!(
            django_group(b"django.contrib.sessions.cacheabc"),
            Some(&b""[..])
        );
        assert_eq!(django_group(b"shop:1:django.contrib.auth.x"), None);
        assert_eq!(django_group(b"sess:abc"), None);
        assert_eq!(kind_by_key(SHOP), Some(PresetKind::Django));
        assert_eq!(kind_by_key(b":1:views.decorators.cache.x"), None);
    }

    #[test]
    fn prefix_and_user_field_overrides() {
        let p = Preset::new(PresetKind::Json, Some(b"app:sess:"), Some("account.uid")).unwrap();
        let s = p
            .decode(raw(b"app:sess:1", br#"{"account":{"uid":"u-1"}}"#))
            .unwrap();
        assert_eq!(s.user.as_deref(), Some("u-1"));
        assert_eq!(p.pattern(), b"app:sess:*");
        assert!(Preset::new(PresetKind::Json, None, None).is_err());
        assert_eq!(glob_escape(b"a*b[c]?\\"), b"a\\*b\\[c\\]\\?\\\\");
    }

    #[test]
    fn prefilter_only_skips_what_cannot_match() {
        let p = Preset::new(PresetKind::ConnectRedis, None, None).unwrap();
        assert!(!p.may_belong_to(&raw(b"sess:a", br#"{"passport":{"user":7}}"#), "42"));
        assert!(p.may_belong_to(&raw(b"sess:a", br#"{"passport":{"user":420}}"#), "42"));
        assert!(p.may_belong_to(
            &raw(b"sess:a", br#"{"passport":{"user":"\u0034\u0032"}}"#),
            "42"
        ));
    }
}
