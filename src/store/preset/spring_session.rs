//! Spring Session Data Redis: each session a hash at `spring:session:sessions:<uuid>`
//! (`creationTime`, `lastAccessedTime`, `maxInactiveInterval`, `sessionAttr:<name>`), each field
//! Java-serialized. The indexed repository keeps more beside it, and all of that lives here:
//! the `…sessions:expires:<id>` key, the expirations sets (`spring:session:expirations:<ms>`, or
//! the `…sessions:expirations` sorted set) and the principal index
//! (`spring:session:index:…PRINCIPAL_NAME_INDEX_NAME:<principal>`, a set of session ids), which
//! [`Layout::user_index`] reads to find a user's sessions without a scan.

use anyhow::Context;
use serde_json::Value;

use super::{Doc, Layout, Preset, Sample, glob_escape, key_prefix};
use crate::store::codec::Encoding;
use crate::store::redis::{RedisStore, redis_error};
use crate::store::revocation::{IndexMember, UserIndex};
use crate::store::revoke::{self, Op, stale_member_target};
use crate::store::{RedisType, Session, escape_key};

/// The session attribute Spring's principal index is named after.
/// The most members of one principal index sessctl reads (a user's sessions; a million is far
/// beyond any real user, and about 100 MB held).
const MAX_INDEX_MEMBERS: u64 = 1_000_000;

const INDEX_NAME: &str =
    "org.springframework.session.FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME";

/// Spring Session Data Redis.
#[derive(Debug)]
pub struct SpringSession;

impl Layout for SpringSession {
    fn name(&self) -> &'static str {
        "spring-session"
    }

    fn help(&self) -> &'static str {
        "Spring Session Data Redis (`spring:session:sessions:<id>` hashes)"
    }

    fn doc(&self) -> Doc {
        Doc {
            keys: "`spring:session:sessions:<uuid>`",
            rtype: "hash: `creationTime`, `lastAccessedTime`, `maxInactiveInterval`, `sessionAttr:<name>`",
            encoding: "each field Java-serialized (or Jackson JSON)",
            user: "the `sessionAttr:…PRINCIPAL_NAME_INDEX_NAME` attribute if set, else `authentication.principal` of `sessionAttr:SPRING_SECURITY_CONTEXT` (its `username`, or the principal string)",
            companions: "indexed repository: `…sessions:expires:<id>`, `spring:session:expirations:<ms>`, `…sessions:expirations`, `spring:session:index:…:<principal>`; only hashes are scanned (`SCAN … TYPE hash`)",
        }
    }

    fn samples(&self) -> &'static [Sample] {
        &[
            Sample {
                what: "RedisSessionRepository (Spring Boot 3's default)",
                records: include_str!("../../../assets/sandbox/spring-session.jsonl"),
            },
            Sample {
                what: "RedisIndexedSessionRepository (principal index, expirations)",
                records: include_str!("../../../assets/sandbox/spring-session-indexed.jsonl"),
            },
        ]
    }

    fn default_prefix(&self) -> Option<&'static str> {
        Some("spring:session:sessions:")
    }

    fn default_user_fields(&self) -> &'static [&'static str] {
        &[
            "sessionAttr:org.springframework.session.FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME",
            "sessionAttr:SPRING_SECURITY_CONTEXT",
        ]
    }

    fn encodings(&self) -> &'static [Encoding] {
        &[Encoding::Java, Encoding::Json]
    }

    /// Hashes: so that the `expires:` strings and the `expirations` sorted set under the same
    /// prefix are not taken for sessions.
    fn redis_type(&self) -> RedisType {
        RedisType::Hash
    }

    /// A hash field name: a session attribute (`sessionAttr:` is added when missing).
    fn user_field(&self, given: &str) -> Vec<String> {
        if given.starts_with("sessionAttr:") {
            vec![given.to_owned()]
        } else {
            vec![format!("sessionAttr:{given}")]
        }
    }

    fn user_of(&self, fields: &[Vec<String>], data: &Value) -> Option<String> {
        fields.iter().find_map(|f| {
            let v = data.get(f.first()?.as_str())?;
            principal(v)
        })
    }

    fn session_id<'k>(&self, prefix: &[u8], key: &'k [u8]) -> Option<&'k [u8]> {
        let id = key.strip_prefix(prefix)?;
        let companion = id.starts_with(b"expires:") || id == b"expirations";
        (!id.is_empty() && !companion).then_some(id)
    }

    /// The whole namespace: the sessions, their `expires:` keys, the expirations sets and the
    /// principal indexes.
    fn acl_keys(&self, prefix: &[u8]) -> Vec<Vec<u8>> {
        vec![namespace(prefix).into_bytes()]
    }

    /// The indexed repository's `expires:` key.
    fn companion_keys(&self, prefix: &[u8], key: &[u8]) -> Vec<Vec<u8>> {
        match self.session_id(prefix, key) {
            Some(id) => vec![[prefix, b"expires:", id].concat()],
            None => vec![],
        }
    }

    /// The `expires:` key drives Spring's SessionExpiredEvent: it ends with the session.
    fn expiry_companions(&self, prefix: &[u8], key: &[u8]) -> Vec<Vec<u8>> {
        self.companion_keys(prefix, key)
    }

    fn owns_key_name(&self, key: &[u8]) -> bool {
        key.starts_with(b"spring:session:")
    }

    /// Each namespace is a store: the prefix is the key's, up to its last `:`.
    fn store_prefix(&self, key: &[u8], rtype: RedisType, _head: &[u8]) -> Option<Vec<u8>> {
        (rtype == RedisType::Hash)
            .then(|| key_prefix(key).map(<[u8]>::to_vec))
            .flatten()
    }

    /// Spring's own `deleteById` order: the principal index member, the expirations member
    /// (minute bucket set, or the sorted set), then the `expires:` key, then the session hash.
    fn removal_ops(&self, preset: &Preset, key: &[u8], session: &Session) -> Vec<Op> {
        let mut ops = Vec::new();
        let prefix = &preset.prefix;
        if let Some(id) = self.session_id(prefix, key) {
            let id_text = String::from_utf8_lossy(id).into_owned();
            let ns = namespace(prefix);
            if let Some(user) = &session.user {
                ops.push(Op::Srem(index_key(&ns, user), java_string(&id_text)));
            }
            if let Some(bucket) = bucket(session) {
                ops.push(Op::Srem(
                    format!("{ns}expirations:{bucket}").into_bytes(),
                    java_string(&format!("expires:{id_text}")),
                ));
            }
            ops.push(Op::Zrem(
                [prefix.as_slice(), b"expirations"].concat(),
                java_string(&id_text),
            ));
        }
        ops.extend(self.companion_keys(prefix, key).into_iter().map(Op::Unlink));
        ops
    }

    /// The user's principal index set, when it exists: its members (Java-serialized session
    /// ids) with the session key each names. A member that is not a Java string names nothing
    /// sessctl can check: it is left alone (but counted as looked at).
    fn user_index(
        &self,
        store: &mut RedisStore,
        preset: &Preset,
        user: &str,
    ) -> anyhow::Result<Option<UserIndex>> {
        let prefix = &preset.prefix;
        let index = index_key(&namespace(prefix), user);
        let failed = |store: &RedisStore, cmd: &str, e: &::redis::RedisError| {
            let what = format!("{cmd} {} (the principal index)", escape_key(&index));
            store.error_at(&what, &index, e)
        };
        // Its size first (`SCARD`, O(1)): an index too large to hold is refused, said, rather
        // than read (an empty set does not exist: no index).
        let size: u64 = ::redis::cmd("SCARD")
            .arg(&index)
            // On a Redis Cluster, the index's node.
            .query(store.connection_for(&index)?)
            .map_err(|e| failed(store, "SCARD", &e))?;
        if size == 0 {
            return Ok(None);
        }
        let too_large = |n: u64| {
            anyhow::anyhow!(
                "the principal index {} holds {n} members, more than sessctl reads ({MAX_INDEX_MEMBERS})",
                escape_key(&index)
            )
        };
        if size > MAX_INDEX_MEMBERS {
            return Err(too_large(size));
        }
        // Read a page at a time (`SSCAN`), never in one long command.
        let mut members: Vec<Vec<u8>> = Vec::new();
        let mut cursor = 0u64;
        loop {
            let (next, page): (u64, Vec<Vec<u8>>) = ::redis::cmd("SSCAN")
                .arg(&index)
                .arg(cursor)
                .arg("COUNT")
                .arg(1000)
                .query(store.connection_for(&index)?)
                .map_err(|e| failed(store, "SSCAN", &e))?;
            members.extend(page);
            if members.len() as u64 > 2 * MAX_INDEX_MEMBERS {
                // Grown meanwhile (SSCAN may name a member twice, never this often).
                return Err(too_large(members.len() as u64));
            }
            if next == 0 {
                break;
            }
            cursor = next;
        }
        // SSCAN may name a member twice.
        members.sort_unstable();
        members.dedup();
        let read = members.len() as u64;
        let members = members
            .into_iter()
            .filter_map(|m| {
                let id = parse_java_string(&m)?;
                Some(([prefix.as_slice(), id.as_bytes()].concat(), m, id))
            })
            .collect();
        Ok(Some(UserIndex {
            key: index,
            members,
            read,
        }))
    }

    /// The sets of the index namespace (`<namespace>index:*`: the principal index of every
    /// user) that name each id, with the checked `SREM` that removes it (only while no session
    /// has that id). Which user's index names an id cannot be known without its session, so the
    /// index keys are scanned. Ids that are not text are named by no index.
    fn index_entries(
        &self,
        store: &mut RedisStore,
        preset: &Preset,
        ids: &[Vec<u8>],
    ) -> anyhow::Result<Vec<Vec<IndexMember>>> {
        let mut out = vec![Vec::new(); ids.len()];
        let members: Vec<Option<Vec<u8>>> = ids
            .iter()
            .map(|id| std::str::from_utf8(id).ok().map(java_string))
            .collect();
        if members.iter().all(Option::is_none) {
            return Ok(out);
        }
        let ns = namespace(&preset.prefix);
        let pattern = [glob_escape(ns.as_bytes()).as_slice(), b"index:*"].concat();
        // Every primary's indexes on a Redis Cluster (the index keys are not hash-tagged).
        let timeout = store.timeout;
        store
            .scan_matching(&pattern, "set", |conn, shown, keys| {
                let pairs: Vec<(&Vec<u8>, usize, &Vec<u8>)> = keys
                    .iter()
                    .flat_map(|k| {
                        members
                            .iter()
                            .enumerate()
                            .filter_map(move |(i, m)| m.as_ref().map(|m| (k, i, m)))
                    })
                    .collect();
                for chunk in pairs.chunks(revoke::BATCH) {
                    let mut p = ::redis::pipe();
                    for (k, _, m) in chunk {
                        p.cmd("SISMEMBER").arg(k).arg(m);
                    }
                    let hits: Vec<bool> = p.query(conn).map_err(|e| {
                        redis_error(
                            shown,
                            timeout,
                            "reading the principal indexes (SISMEMBER)",
                            &e,
                        )
                    })?;
                    for ((k, i, m), hit) in chunk.iter().zip(hits) {
                        if hit {
                            let session = [preset.prefix.as_slice(), &ids[*i]].concat();
                            out[*i].push(IndexMember {
                                index: (*k).clone(),
                                target: stale_member_target(&session, k, m),
                            });
                        }
                    }
                }
                Ok(())
            })
            .context("scanning the principal indexes")?;
        for entries in &mut out {
            entries.sort_by(|a, b| a.index.cmp(&b.index));
            entries.dedup_by(|a, b| a.index == b.index);
        }
        Ok(out)
    }
}

/// The principal name in a spring-session attribute: a plain string (the principal index
/// attribute, or a String principal), else `Authentication.getName()` of a security context:
/// the principal's `username` (UserDetails) or `name`.
fn principal(v: &Value) -> Option<String> {
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

/// Spring's namespace (`spring:session:`) from the sessions prefix (`spring:session:sessions:`).
fn namespace(prefix: &[u8]) -> String {
    let p = String::from_utf8_lossy(prefix);
    p.strip_suffix("sessions:").unwrap_or(&p).to_owned()
}

/// The principal index key of a user.
fn index_key(namespace: &str, user: &str) -> Vec<u8> {
    format!("{namespace}index:{INDEX_NAME}:{user}").into_bytes()
}

/// The minute bucket of Spring's expirations set holding a session: its expiry
/// (`lastAccessedTime + maxInactiveInterval`) rounded up to the next whole minute, as
/// `RedisSessionExpirationPolicy.roundUpToNextMinute` does; none for a session that never expires.
fn bucket(session: &Session) -> Option<i64> {
    let data = session.data.as_ref().ok()?;
    let last = session.last_access_ms?;
    let interval = data.get("maxInactiveInterval").and_then(Value::as_i64)?;
    if interval < 0 {
        return None;
    }
    let expires = last.checked_add(interval.checked_mul(1000)?)?;
    Some((expires.div_euclid(60_000) + 1) * 60_000)
}

/// Java serialization of a `java.lang.String` (`TC_STRING`), as Spring's default
/// `JdkSerializationRedisSerializer` writes index and expirations members.
fn java_string(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = vec![0xac, 0xed, 0x00, 0x05, 0x74];
    out.extend_from_slice(&(b.len().min(0xffff) as u16).to_be_bytes());
    out.extend_from_slice(b);
    out
}

/// The string in a Java-serialized `java.lang.String`, if that is what `bytes` hold.
fn parse_java_string(bytes: &[u8]) -> Option<String> {
    let rest = bytes.strip_prefix(&[0xac, 0xed, 0x00, 0x05, 0x74][..])?;
    let len = u16::from_be_bytes([*rest.first()?, *rest.get(1)?]) as usize;
    let body = rest.get(2..2 + len)?;
    (rest.len() == 2 + len)
        .then(|| std::str::from_utf8(body).ok().map(str::to_owned))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::super::Preset;
    use super::*;
    use crate::store::{RawRecord, RawValue};

    #[test]
    fn a_record_that_failed_to_read_is_undecodable_never_gone() {
        let p = Preset::new(&SpringSession, None, None).unwrap();
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
    fn companions_are_not_sessions() {
        let spring = Preset::new(&SpringSession, None, None).unwrap();
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

    #[test]
    fn java_strings_round_trip() {
        let id = "3619d7d7-3156-41ad-89d2-14f3e11fbcbc";
        let b = java_string(id);
        assert_eq!(&b[..7], &[0xac, 0xed, 0x00, 0x05, 0x74, 0x00, 0x24]);
        assert_eq!(parse_java_string(&b).as_deref(), Some(id));
        assert_eq!(parse_java_string(b"\xac\xed\x00\x05\x74\x00\x05ab"), None);
    }

    #[test]
    fn user_fields_are_session_attributes() {
        let p = Preset::new(&SpringSession, None, Some("login")).unwrap();
        assert_eq!(p.user_fields, vec![vec!["sessionAttr:login".to_owned()]]);
        let p = Preset::new(&SpringSession, None, Some("sessionAttr:a.b")).unwrap();
        assert_eq!(p.user_fields, vec![vec!["sessionAttr:a.b".to_owned()]]);
        assert_eq!(
            index_key(&namespace(&p.prefix), "42"),
            format!("spring:session:index:{INDEX_NAME}:42").into_bytes()
        );
    }
}
