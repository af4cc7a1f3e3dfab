//! PHP with phpredis' session handler: `PHPREDIS_SESSION:<sid>` (and `PHPREDIS_CLUSTER_SESSION:`)
//! strings in the `php` or `php_serialize` encoding, and the `<key>_LOCK` key session locking
//! keeps beside a session.

use super::{Doc, Layout, Sample, glob_escape};
use crate::store::codec::Encoding;

/// phpredis' default prefix.
const PREFIX: &[u8] = b"PHPREDIS_SESSION:";
/// What phpredis' cluster session handler writes instead.
const CLUSTER_PREFIX: &[u8] = b"PHPREDIS_CLUSTER_SESSION:";

/// PHP with phpredis' session handler.
#[derive(Debug)]
pub struct Php;

impl Layout for Php {
    fn name(&self) -> &'static str {
        "php"
    }

    fn help(&self) -> &'static str {
        "PHP's phpredis session handler (`PHPREDIS_SESSION:<id>`)"
    }

    fn doc(&self) -> Doc {
        Doc {
            keys: "`PHPREDIS_SESSION:<sid>` (and `PHPREDIS_CLUSTER_SESSION:`)",
            rtype: "string",
            encoding: "PHP session encoding `name|serialized…` (the `php` handler) or `a:N:{…}` (`php_serialize`)",
            user: "`user_id` (an app convention; often an int)",
            companions: "`<key>_LOCK` (session locking)",
        }
    }

    fn samples(&self) -> &'static [Sample] {
        &[Sample {
            what: "PHP 8.2, phpredis (with a `_LOCK` key)",
            records: include_str!("../../../assets/sandbox/php.jsonl"),
        }]
    }

    fn default_prefix(&self) -> Option<&'static str> {
        Some("PHPREDIS_SESSION:")
    }

    fn default_user_fields(&self) -> &'static [&'static str] {
        &["user_id"]
    }

    fn encodings(&self) -> &'static [Encoding] {
        &[Encoding::PhpSession, Encoding::PhpSerialize]
    }

    fn pattern(&self, prefix: &[u8]) -> Vec<u8> {
        if prefix == PREFIX {
            return b"PHPREDIS_*SESSION:*".to_vec();
        }
        let mut pat = glob_escape(prefix);
        pat.push(b'*');
        pat
    }

    fn session_id<'k>(&self, prefix: &[u8], key: &'k [u8]) -> Option<&'k [u8]> {
        let id = if prefix == PREFIX {
            key.strip_prefix(prefix)
                .or_else(|| key.strip_prefix(CLUSTER_PREFIX))?
        } else {
            key.strip_prefix(prefix)?
        };
        // The lock phpredis keeps while a request holds the session is not a session.
        (!id.is_empty() && !id.ends_with(b"_LOCK")).then_some(id)
    }

    fn keys_for_id(&self, prefix: &[u8], id: &[u8]) -> Vec<Vec<u8>> {
        if prefix == PREFIX {
            vec![[prefix, id].concat(), [CLUSTER_PREFIX, id].concat()]
        } else {
            vec![[prefix, id].concat()]
        }
    }

    /// Both handlers' keys (their `_LOCK` keys start the same way).
    fn acl_keys(&self, prefix: &[u8]) -> Vec<Vec<u8>> {
        if prefix == PREFIX {
            vec![PREFIX.to_vec(), CLUSTER_PREFIX.to_vec()]
        } else {
            vec![prefix.to_vec()]
        }
    }

    fn companion_keys(&self, _prefix: &[u8], key: &[u8]) -> Vec<Vec<u8>> {
        vec![[key, b"_LOCK"].concat()]
    }

    fn owns_key_name(&self, key: &[u8]) -> bool {
        key.starts_with(PREFIX) || key.starts_with(CLUSTER_PREFIX)
    }
}

#[cfg(test)]
mod tests {
    use super::super::Preset;
    use super::*;

    #[test]
    fn locks_are_companions_not_sessions() {
        let php = Preset::new(&Php, None, None).unwrap();
        assert!(php.session_id(b"PHPREDIS_SESSION:abc_LOCK").is_none());
        assert_eq!(php.session_id(b"PHPREDIS_SESSION:abc"), Some(&b"abc"[..]));
        assert_eq!(
            php.session_id(b"PHPREDIS_CLUSTER_SESSION:abc"),
            Some(&b"abc"[..])
        );
        assert_eq!(
            php.companion_keys(b"PHPREDIS_SESSION:abc"),
            vec![b"PHPREDIS_SESSION:abc_LOCK".to_vec()]
        );
    }

    #[test]
    fn both_handlers_keys_are_scanned_and_looked_up() {
        let php = Preset::new(&Php, None, None).unwrap();
        assert_eq!(php.pattern(), b"PHPREDIS_*SESSION:*");
        assert_eq!(
            php.keys_for_id(b"abc"),
            vec![
                b"PHPREDIS_SESSION:abc".to_vec(),
                b"PHPREDIS_CLUSTER_SESSION:abc".to_vec()
            ]
        );
        let own = Preset::new(&Php, Some(b"app:"), None).unwrap();
        assert_eq!(own.pattern(), b"app:*");
        assert_eq!(own.keys_for_id(b"abc"), vec![b"app:abc".to_vec()]);
    }
}
