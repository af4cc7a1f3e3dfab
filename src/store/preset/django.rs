//! django.contrib.sessions with the cache (or cached_db) backend: strings under
//! `<KEY_PREFIX>:<VERSION>:django.contrib.sessions.cache<key>` (and `…cached_db<key>`), pickled
//! by the cache (django-redis may compress them), the user at `_auth_user_id`. Each app (cache
//! `KEY_PREFIX` and `VERSION`) is a store of its own: without `--prefix`, the key names are
//! scanned for the one app whose sessions the database holds.

use std::collections::BTreeMap;

use super::{Doc, Layout, Sample, glob_escape};
use crate::exit;
use crate::store::codec::Encoding;
use crate::store::escape_key;
use crate::store::redis::RedisStore;

/// What sessctl says about django's cached_db backend.
pub const CACHED_DB_NOTE: &str = "django cached_db: the database holds the session, Redis only a cache copy; deleting this key does not log anyone out";

/// What every django session key holds after its app prefix, before `cache` or `cached_db`.
const MARK: &[u8] = b"django.contrib.sessions.";
/// The session backends' key prefixes (`cache` and `cached_db`), after [`MARK`].
const BACKENDS: [&[u8]; 2] = [b"cached_db", b"cache"];
/// Keys asked for per `SCAN` when looking for django apps.
const APP_SCAN_COUNT: usize = 1000;

/// django.contrib.sessions with the cache (or cached_db) backend.
#[derive(Debug)]
pub struct Django;

impl Layout for Django {
    fn name(&self) -> &'static str {
        "django"
    }

    fn help(&self) -> &'static str {
        "Django's cache session backend (`:1:django.contrib.sessions.cache<key>`, pickle)"
    }

    fn doc(&self) -> Doc {
        Doc {
            keys: "`<KEY_PREFIX>:<VERSION>:django.contrib.sessions.cache<key>` and `…cached_db<key>` (default prefix `:1:`; one app per prefix, see below)",
            rtype: "string",
            encoding: "pickle 4/5 (django-redis may compress: zlib, gzip, lzma/xz, lz4, zstd, recognised by magic bytes; its JSON and msgpack serializers are read too)",
            user: "`_auth_user_id` (a string)",
            companions: "none",
        }
    }

    fn samples(&self) -> &'static [Sample] {
        &[
            Sample {
                what: "Django 5.2, its RedisCache (pickle 5)",
                records: include_str!("../../../assets/sandbox/django.jsonl"),
            },
            Sample {
                what: "django-redis with zlib compression (pickle 4)",
                records: include_str!("../../../assets/sandbox/django-redis-zlib.jsonl"),
            },
        ]
    }

    fn default_prefix(&self) -> Option<&'static str> {
        Some(":1:")
    }

    fn default_user_fields(&self) -> &'static [&'static str] {
        &["_auth_user_id"]
    }

    fn encodings(&self) -> &'static [Encoding] {
        &[Encoding::Pickle, Encoding::Json, Encoding::Msgpack]
    }

    /// The full key prefix of one backend (`<app>django.contrib.sessions.cache`, `…cached_db`, or
    /// `<app>django.contrib.sessions.`) stands for its `<app>` part; anything else is the app
    /// prefix itself.
    fn prefix_from(&self, given: &[u8]) -> Vec<u8> {
        let Some(at) = memchr::memmem::rfind(given, MARK) else {
            return given.to_vec();
        };
        let rest = &given[at + MARK.len()..];
        if rest.is_empty() || BACKENDS.contains(&rest) {
            given[..at].to_vec()
        } else {
            given.to_vec()
        }
    }

    /// Both backends of this app (`cache` is a prefix of `cached_db`).
    fn pattern(&self, prefix: &[u8]) -> Vec<u8> {
        [&glob_escape(prefix)[..], MARK, b"cache*"].concat()
    }

    /// Exactly this app's keys: the rest of another app's key would hold the mark again.
    fn session_id<'k>(&self, prefix: &[u8], key: &'k [u8]) -> Option<&'k [u8]> {
        let rest = key.strip_prefix(prefix)?.strip_prefix(MARK)?;
        let id = BACKENDS.iter().find_map(|b| rest.strip_prefix(*b))?;
        (!id.is_empty() && memchr::memmem::find(id, MARK).is_none()).then_some(id)
    }

    /// Both backends of this app (`cache` is a prefix of `cached_db`), nothing else of its
    /// cache.
    fn acl_keys(&self, prefix: &[u8]) -> Vec<Vec<u8>> {
        vec![[prefix, MARK, b"cache"].concat()]
    }

    fn keys_for_id(&self, prefix: &[u8], id: &[u8]) -> Vec<Vec<u8>> {
        [b"cache".as_slice(), b"cached_db"]
            .iter()
            .map(|b| [prefix, MARK, b, id].concat())
            .collect()
    }

    fn note(&self, key: &[u8]) -> Option<&'static str> {
        memchr::memmem::find(key, b"sessions.cached_db").map(|_| CACHED_DB_NOTE)
    }

    fn owns_key_name(&self, key: &[u8]) -> bool {
        app_of(key).is_some()
    }

    fn store_prefix(
        &self,
        key: &[u8],
        rtype: crate::store::RedisType,
        head: &[u8],
    ) -> Option<Vec<u8>> {
        (rtype == crate::store::RedisType::String && super::value_fits(self, head))
            .then(|| app_of(key).map(<[u8]>::to_vec))
            .flatten()
    }

    fn compresses(&self) -> bool {
        true
    }

    fn prefix_hint(&self) -> Option<&'static str> {
        Some("for django the cache KEY_PREFIX and VERSION, e.g. `:1:`")
    }

    /// The one app (cache `KEY_PREFIX` and `VERSION`) whose sessions the store holds, found by
    /// scanning every key name: two apps sharing a database are two stores, and a user id of one
    /// is not the same person in the other. No django keys at all: the default `:1:`.
    fn find_prefix(&self, store: &mut RedisStore, how: &str) -> anyhow::Result<Option<Vec<u8>>> {
        let apps = apps(store, APP_SCAN_COUNT)?;
        if apps.len() > 1 {
            let list = apps
                .iter()
                .map(|a| {
                    format!(
                        "`{}` ({} keys, e.g. `{}`)",
                        escape_key(&a.prefix),
                        a.keys,
                        escape_key(&a.example)
                    )
                })
                .collect::<Vec<_>>()
                .join("; ");
            return Err(exit::usage(format!(
                "{how}: the sessions of {} django apps share {}: {list}; choose one with --prefix (the cache KEY_PREFIX and VERSION before `django.contrib.sessions.`, e.g. --prefix {})",
                apps.len(),
                store.shown(),
                apps.iter()
                    .map(|a| escape_key(&a.prefix))
                    .find(|p| !p.is_empty())
                    .unwrap_or_else(|| "''".into())
            )));
        }
        Ok(apps.into_iter().next().map(|a| a.prefix))
    }
}

/// The django app a key belongs to: the part before its last `django.contrib.sessions.cache`
/// (or `…cached_db`), which is the cache's `<KEY_PREFIX>:<VERSION>:`. `None` for other keys.
fn app_of(key: &[u8]) -> Option<&[u8]> {
    let at = memchr::memmem::rfind(key, MARK)?;
    let rest = &key[at + MARK.len()..];
    rest.starts_with(b"cache").then_some(&key[..at])
}

/// The session keys of one application in a store shared by several: their prefix, how many
/// there are, and one of them.
#[derive(Debug, Clone, PartialEq, Eq)]
struct App {
    /// `<KEY_PREFIX>:<VERSION>:`.
    prefix: Vec<u8>,
    /// How many keys were found under it.
    keys: u64,
    /// One of those keys (the smallest, so that the same keys always give the same example).
    example: Vec<u8>,
}

/// Every django application whose sessions the store holds, by app prefix (the part before
/// `django.contrib.sessions.`), found by scanning all key names once; sorted by prefix.
fn apps(store: &mut RedisStore, count: usize) -> anyhow::Result<Vec<App>> {
    let mut groups: BTreeMap<Vec<u8>, App> = BTreeMap::new();
    store.scan_keys(b"*django.contrib.sessions.cache*", count, &mut |keys| {
        for key in keys {
            let Some(prefix) = app_of(&key) else {
                continue;
            };
            let g = groups.entry(prefix.to_vec()).or_insert_with(|| App {
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

#[cfg(test)]
mod tests {
    use super::super::{Json, Preset};
    use super::*;

    const SHOP: &[u8] = b"shop:1:django.contrib.sessions.cacheabc";
    const SHOP_DB: &[u8] = b"shop:1:django.contrib.sessions.cached_dbabc";
    const BLOG: &[u8] = b"blog:1:django.contrib.sessions.cacheabc";
    const DEFAULT: &[u8] = b":1:django.contrib.sessions.cacheabc";

    #[test]
    fn django_prefix_is_the_app_part_in_every_accepted_form() {
        let default = Preset::new(&Django, None, None).unwrap();
        assert_eq!(default.prefix, b":1:");
        for given in [
            &b"shop:1:"[..],
            b"shop:1:django.contrib.sessions.cache",
            b"shop:1:django.contrib.sessions.cached_db",
            b"shop:1:django.contrib.sessions.",
        ] {
            let p = Preset::new(&Django, Some(given), None).unwrap();
            assert_eq!(p.prefix, b"shop:1:", "{}", String::from_utf8_lossy(given));
        }
        // Only a whole backend prefix is cut: other presets keep theirs as given.
        let p = Preset::new(&Json, Some(b"x:django.contrib.sessions.cache"), None);
        assert_eq!(p.unwrap().prefix, b"x:django.contrib.sessions.cache");
    }

    #[test]
    fn django_pattern_covers_both_backends_of_one_app_only() {
        let p = Preset::new(&Django, Some(b"shop:1:"), None).unwrap();
        assert_eq!(p.pattern(), b"shop:1:django.contrib.sessions.cache*");
        let odd = Preset::new(&Django, Some(b"a*[b]:1:"), None).unwrap();
        assert_eq!(
            odd.pattern(),
            b"a\\*\\[b\\]:1:django.contrib.sessions.cache*"
        );
    }

    #[test]
    fn django_session_ids_are_those_of_the_app_in_force() {
        let shop = Preset::new(&Django, Some(b"shop:1:"), None).unwrap();
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
        let default = Preset::new(&Django, None, None).unwrap();
        assert_eq!(default.session_id(DEFAULT), Some(&b"abc"[..]));
        assert_eq!(default.session_id(SHOP), None);
    }

    #[test]
    fn keys_for_an_id_are_under_the_prefix_in_force() {
        let shop = Preset::new(&Django, Some(b"shop:1:"), None).unwrap();
        assert_eq!(
            shop.keys_for_id(b"abc"),
            vec![SHOP.to_vec(), SHOP_DB.to_vec()]
        );
        let json = Preset::new(&Json, Some(b"app:"), None).unwrap();
        assert_eq!(json.keys_for_id(b"abc"), vec![b"app:abc".to_vec()]);
    }

    #[test]
    fn django_groups_are_the_part_before_the_backend() {
        assert_eq!(app_of(SHOP), Some(&b"shop:1:"[..]));
        assert_eq!(app_of(SHOP_DB), Some(&b"shop:1:"[..]));
        assert_eq!(app_of(DEFAULT), Some(&b":1:"[..]));
        assert_eq!(app_of(b"django.contrib.sessions.cacheabc"), Some(&b""[..]));
        assert_eq!(app_of(b"shop:1:django.contrib.auth.x"), None);
        assert_eq!(app_of(b"sess:abc"), None);
        assert!(Django.owns_key_name(SHOP));
        assert!(!Django.owns_key_name(b":1:views.decorators.cache.x"));
    }

    #[test]
    fn cached_db_records_carry_the_note() {
        assert_eq!(Django.note(SHOP_DB), Some(CACHED_DB_NOTE));
        assert_eq!(Django.note(SHOP), None);
    }
}
