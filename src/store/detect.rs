//! Auto-detection, beside the presets: which store a Redis database holds (`--store auto`), and
//! which django app when several share it. A store is one preset under one prefix: each django
//! app (cache `KEY_PREFIX` and `VERSION`) and each Spring Session namespace is a store of its own;
//! with several, or none, detection stops with a usage error listing what it found.
//!
//! Must not import `cli`, `commands`, `report` or `output`.

use std::collections::BTreeMap;

use super::preset::{self, Preset, PresetKind};
use super::redis::RedisStore;
use super::{RedisType, codec, escape_key};
use crate::exit;

/// Keys asked for per `SCAN` when looking for django apps.
const APP_SCAN_COUNT: usize = 1000;

/// The django preset for the one app (cache `KEY_PREFIX` and `VERSION`) whose sessions the store
/// holds, found by scanning every key name: two apps sharing a database are two stores, and a
/// user id of one is not the same person in the other. No django keys at all: the default `:1:`.
///
/// # Errors
/// Redis failures; several apps (a usage error listing them, saying to pass `--prefix`).
pub fn django_app(
    store: &mut RedisStore,
    field: Option<&str>,
    how: &str,
) -> anyhow::Result<Preset> {
    let apps = super::django_apps(store, APP_SCAN_COUNT)?;
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
    let prefix = apps.first().map(|a| a.prefix.as_slice());
    Preset::new(PresetKind::Django, prefix, field).map_err(exit::usage)
}

/// Keys sampled by auto-detection.
const SAMPLE: usize = 10_000;

/// The one store `store` holds, by sampling keys (their type and first bytes), with the
/// `--prefix` and `--user-field` overrides.
///
/// # Errors
/// Redis failures; none or several stores found (a usage error listing them and how to choose).
pub fn detect(
    store: &mut RedisStore,
    prefix: Option<&str>,
    field: Option<&str>,
) -> anyhow::Result<Preset> {
    let sample = store.sample(SAMPLE, 32)?;
    // (preset, key prefix) → (kind, keys, an example key). A store is one preset under one
    // prefix: django's apps (cache KEY_PREFIX and VERSION) and spring's namespaces are told
    // apart; php's PHPREDIS_SESSION: and PHPREDIS_CLUSTER_SESSION: are one store.
    let mut found: BTreeMap<(&'static str, Vec<u8>), (PresetKind, u64, String)> = BTreeMap::new();
    for (key, rtype, head) in &sample {
        if let Some(p) = prefix
            && !key.starts_with(p.as_bytes())
        {
            continue;
        }
        let by_key = preset::kind_by_key(key);
        let verdict = match by_key {
            Some(PresetKind::SpringSession) => (*rtype == RedisType::Hash)
                .then(|| preset::key_prefix(key).map(|p| (PresetKind::SpringSession, p.to_vec())))
                .flatten(),
            Some(PresetKind::Django)
                if *rtype == RedisType::String && preset::value_fits(PresetKind::Django, head) =>
            {
                preset::django_group(key).map(|p| (PresetKind::Django, p.to_vec()))
            }
            Some(k) if *rtype == RedisType::String && preset::value_fits(k, head) => Some((
                k,
                k.default_prefix().unwrap_or_default().as_bytes().to_vec(),
            )),
            Some(_) => None,
            None if *rtype == RedisType::String
                && codec::sniff(head) == Some(codec::Encoding::Json) =>
            {
                let p = match prefix {
                    Some(p) => p.as_bytes().to_vec(),
                    None => preset::key_prefix(key).unwrap_or_default().to_vec(),
                };
                Some((PresetKind::Json, p))
            }
            None => None,
        };
        if let Some((kind, p)) = verdict {
            found
                .entry((kind.name(), p))
                .or_insert((kind, 0, escape_key(key)))
                .1 += 1;
        }
    }
    let describe = |found: &BTreeMap<(&'static str, Vec<u8>), (PresetKind, u64, String)>| {
        found
            .iter()
            .map(|((name, p), (_, n, example))| {
                format!(
                    "{name} ({n} keys under `{}`, e.g. `{example}`)",
                    escape_key(p)
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let mut stores = found.iter();
    match (stores.next(), stores.next()) {
        (None, _) => Err(exit::usage(format!(
            "--store auto: no session store recognised among the {} keys sampled at {}; choose one with --store connect-redis|spring-session|django|flask-session|php|json (json needs --prefix)",
            sample.len(),
            store.shown()
        ))),
        (Some(((_, p), (kind, _, _))), None) => {
            let preset = match (kind, prefix) {
                (_, Some(p)) => Preset::new(*kind, Some(p.as_bytes()), field),
                // The sample may have missed another app: look at every key.
                (PresetKind::Django, None) => Ok(django_app(store, field, "--store auto")?),
                (_, None) => Preset::new(*kind, Some(p), field),
            }
            .map_err(exit::usage)?;
            Ok(preset)
        }
        _ => Err(exit::usage(format!(
            "--store auto: several session stores found at {}: {}; choose one with --store and --prefix (for django the cache KEY_PREFIX and VERSION, e.g. `:1:`), or point --redis-url at another database",
            store.shown(),
            describe(&found)
        ))),
    }
}
