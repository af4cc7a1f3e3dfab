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

    /// The default key prefix (`None` for json, which needs `--prefix`; django's default is the
    /// cache key function's `:1:` plus the backend's prefix).
    pub fn default_prefix(self) -> Option<&'static str> {
        match self {
            PresetKind::ConnectRedis => Some("sess:"),
            PresetKind::SpringSession => Some("spring:session:sessions:"),
            PresetKind::Django => Some(":1:django.contrib.sessions.cache"),
            PresetKind::FlaskSession => Some("session:"),
            PresetKind::Php => Some("PHPREDIS_SESSION:"),
            PresetKind::Json => None,
        }
    }

    /// Where the user id sits, as the README documents it.
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

const DJANGO_MARK: &[u8] = b"django.contrib.sessions.cache";
const SPRING_INDEX: &str =
    "org.springframework.session.FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME";

/// A preset resolved with its overrides: what to scan and how to read it.
#[derive(Debug, Clone)]
pub struct Preset {
    /// The framework.
    pub kind: PresetKind,
    /// The key prefix in force; `None` for django without `--prefix` (any cache KEY_PREFIX and
    /// VERSION are recognised).
    pub prefix: Option<Vec<u8>>,
    /// Where the user id sits: dotted paths, the first that yields wins (for spring-session,
    /// hash field names).
    pub user_fields: Vec<Vec<String>>,
    /// Size limits for decoding.
    pub limits: Limits,
}

impl Preset {
    /// The preset `kind` with optional overrides.
    ///
    /// # Errors
    /// `json` without a prefix.
    pub fn new(
        kind: PresetKind,
        prefix: Option<&str>,
        user_field: Option<&str>,
    ) -> Result<Preset, String> {
        let prefix = match (prefix, kind) {
            (Some(p), _) => Some(p.as_bytes().to_vec()),
            (None, PresetKind::Django) => None,
            (None, k) => Some(
                k.default_prefix()
                    .ok_or(
                        "the json store needs --prefix (the part of the key before the session id)",
                    )?
                    .as_bytes()
                    .to_vec(),
            ),
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
        match (&self.prefix, self.kind) {
            (Some(p), PresetKind::Php) if p == b"PHPREDIS_SESSION:" => {
                b"PHPREDIS_*SESSION:*".to_vec()
            }
            (Some(p), _) => {
                let mut pat = glob_escape(p);
                pat.push(b'*');
                pat
            }
            (None, _) => b"*django.contrib.sessions.cache*".to_vec(),
        }
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
        let id = match (&self.prefix, self.kind) {
            (Some(p), PresetKind::Php) if p == b"PHPREDIS_SESSION:" => key
                .strip_prefix(&b"PHPREDIS_SESSION:"[..])
                .or_else(|| key.strip_prefix(&b"PHPREDIS_CLUSTER_SESSION:"[..]))?,
            (Some(p), _) => key.strip_prefix(&p[..])?,
            (None, _) => {
                let at = memchr::memmem::find(key, DJANGO_MARK)?;
                let rest = &key[at + DJANGO_MARK.len()..];
                rest.strip_prefix(&b"d_db"[..]).unwrap_or(rest)
            }
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
        let join = |p: &[u8]| [p, id].concat();
        match (&self.prefix, self.kind) {
            (None, PresetKind::Django) => vec![
                join(b":1:django.contrib.sessions.cache"),
                join(b":1:django.contrib.sessions.cached_db"),
            ],
            (Some(p), PresetKind::Php) if p == b"PHPREDIS_SESSION:" => {
                vec![join(p), join(b"PHPREDIS_CLUSTER_SESSION:")]
            }
            (Some(p), _) => vec![join(p)],
            (None, _) => vec![],
        }
    }

    /// A pattern finding a session with this id under any prefix the preset accepts (django's
    /// configurable KEY_PREFIX and VERSION), for when [`Preset::keys_for_id`] found nothing.
    pub fn pattern_for_id(&self, id: &[u8]) -> Option<Vec<u8>> {
        (self.prefix.is_none()).then(|| {
            [
                b"*django.contrib.sessions.cache*".as_slice(),
                &glob_escape(id),
            ]
            .concat()
        })
    }

    /// Keys that belong with a session (deleted with it): php's `_LOCK`, the indexed
    /// spring-session's `expires:` key.
    pub fn companion_keys(&self, key: &[u8]) -> Vec<Vec<u8>> {
        match self.kind {
            PresetKind::Php => vec![[key, b"_LOCK"].concat()],
            PresetKind::SpringSession => match (self.session_id(key), &self.prefix) {
                (Some(id), Some(p)) => vec![[p.as_slice(), b"expires:", id].concat()],
                _ => vec![],
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

/// What a sampled key looks like, for auto-detection: the preset its name suggests, if any.
pub fn kind_by_key(key: &[u8]) -> Option<PresetKind> {
    if key.starts_with(b"sess:") {
        Some(PresetKind::ConnectRedis)
    } else if key.starts_with(b"spring:session:") {
        Some(PresetKind::SpringSession)
    } else if memchr::memmem::find(key, DJANGO_MARK).is_some() {
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
        let django = Preset::new(PresetKind::Django, None, None).unwrap();
        assert_eq!(
            django.session_id(b":1:django.contrib.sessions.cacheabc"),
            Some(&b"abc"[..])
        );
        assert_eq!(
            django.session_id(b"pfx:2:django.contrib.sessions.cached_dbabc"),
            Some(&b"abc"[..])
        );
    }

    #[test]
    fn prefix_and_user_field_overrides() {
        let p = Preset::new(PresetKind::Json, Some("app:sess:"), Some("account.uid")).unwrap();
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
