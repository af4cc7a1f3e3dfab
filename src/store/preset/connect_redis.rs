//! express-session / @fastify/session with connect-redis: `sess:<sid>` strings of JSON, the user
//! where passport puts it.

use super::{Doc, Layout, Sample};
use crate::store::codec::Encoding;

/// express-session / @fastify/session with connect-redis.
#[derive(Debug)]
pub struct ConnectRedis;

impl Layout for ConnectRedis {
    fn name(&self) -> &'static str {
        "connect-redis"
    }

    fn help(&self) -> &'static str {
        "express-session with connect-redis (`sess:<id>`, JSON)"
    }

    fn doc(&self) -> Doc {
        Doc {
            keys: "`sess:<sid>`",
            rtype: "string",
            encoding: "JSON",
            user: "`passport.user` (express + passport), else top-level `passport` (@fastify/passport); a number, a string, or an object whose `id` member is the id",
            companions: "none",
        }
    }

    fn samples(&self) -> &'static [Sample] {
        &[
            Sample {
                what: "express-session, passport",
                records: include_str!("../../../assets/sandbox/connect-redis.jsonl"),
            },
            Sample {
                what: "@fastify/session, @fastify/passport",
                records: include_str!("../../../assets/sandbox/connect-redis-fastify.jsonl"),
            },
        ]
    }

    fn default_prefix(&self) -> Option<&'static str> {
        Some("sess:")
    }

    fn default_user_fields(&self) -> &'static [&'static str] {
        &["passport.user", "passport"]
    }

    fn encodings(&self) -> &'static [Encoding] {
        &[Encoding::Json]
    }

    fn owns_key_name(&self, key: &[u8]) -> bool {
        key.starts_with(b"sess:")
    }
}

#[cfg(test)]
mod tests {
    use super::super::Preset;
    use super::super::tests::raw;
    use super::*;

    #[test]
    fn connect_redis_user_forms() {
        let p = Preset::new(&ConnectRedis, None, None).unwrap();
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
}
