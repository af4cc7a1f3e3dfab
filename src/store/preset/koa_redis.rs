//! Koa with koa-generic-session and koa-redis: `koa:sess:<sid>` strings of JSON (the session with
//! its `cookie` options), the user where koa-passport puts it.

use super::{Doc, Layout, Sample};
use crate::store::codec::Encoding;

/// Koa with koa-generic-session and koa-redis.
#[derive(Debug)]
pub struct KoaRedis;

impl Layout for KoaRedis {
    fn name(&self) -> &'static str {
        "koa-redis"
    }

    fn help(&self) -> &'static str {
        "Koa with koa-generic-session and koa-redis (`koa:sess:<id>`, JSON)"
    }

    fn doc(&self) -> Doc {
        Doc {
            keys: "`koa:sess:<sid>` (koa-generic-session's `prefix`)",
            rtype: "string",
            encoding: "JSON",
            user: "`passport.user` (koa-passport); a number, a string, or an object whose `id` member is the id",
            companions: "none",
        }
    }

    fn samples(&self) -> &'static [Sample] {
        &[Sample {
            what: "koa-generic-session, koa-redis, koa-passport",
            records: include_str!("../../../assets/sandbox/koa-redis.jsonl"),
        }]
    }

    fn default_prefix(&self) -> Option<&'static str> {
        Some("koa:sess:")
    }

    fn default_user_fields(&self) -> &'static [&'static str] {
        &["passport.user"]
    }

    fn encodings(&self) -> &'static [Encoding] {
        &[Encoding::Json]
    }

    fn owns_key_name(&self, key: &[u8]) -> bool {
        key.starts_with(b"koa:sess:")
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::raw;
    use super::super::{ConnectRedis, Preset};
    use super::*;

    #[test]
    fn koa_passport_users_and_anonymous_sessions() {
        let p = Preset::new(&KoaRedis, None, None).unwrap();
        let cookie = r#""cookie":{"httpOnly":true,"path":"/","overwrite":true,"signed":true,"maxAge":86400000}"#;
        let s = p
            .decode(raw(
                b"koa:sess:abc",
                format!(r#"{{{cookie},"passport":{{"user":42}}}}"#).as_bytes(),
            ))
            .unwrap();
        assert_eq!((s.id.as_str(), s.user.as_deref()), ("abc", Some("42")));
        let anon = p
            .decode(raw(
                b"koa:sess:def",
                format!(r#"{{{cookie},"views":2}}"#).as_bytes(),
            ))
            .unwrap();
        assert_eq!(anon.user, None);
        assert_eq!(p.pattern(), b"koa:sess:*");
    }

    #[test]
    fn its_keys_are_not_connect_redis_ones() {
        assert!(KoaRedis.owns_key_name(b"koa:sess:abc"));
        assert!(!ConnectRedis.owns_key_name(b"koa:sess:abc"));
        assert!(!KoaRedis.owns_key_name(b"sess:abc"));
    }
}
