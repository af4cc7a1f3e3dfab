//! Auto-detection, beside the presets: which store a Redis database holds (`--store auto`), and
//! which django app when several share it. A store is one preset under one prefix: each django
//! app (cache `KEY_PREFIX` and `VERSION`) and each Spring Session namespace is a store of its own;
//! with several, or none, detection stops with a usage error listing what it found. A database
//! holds more than sessions (caches, job queues, counters, locks, flags): a framework's store wins
//! over any JSON, and JSON counts as a store only when its values are shaped like sessions.
//!
//! Must not import `cli`, `commands`, `report` or `output`.

use std::collections::BTreeMap;

use serde_json::Value;

use super::preset::{self, Json, Kind, Layout as _, PRESETS, Preset};
use super::redis::RedisStore;
use super::{RedisType, codec, escape_key};
use crate::exit;

/// The preset `kind` for the store, without `--prefix`: the prefix the preset finds by looking
/// at the store (django: the one app whose sessions it holds), else its default. `how` names the
/// option in errors.
///
/// # Errors
/// Redis failures; a store that needs `--prefix` to say which (several django apps), or a
/// preset without a default prefix (usage errors).
pub fn without_prefix(
    store: &mut RedisStore,
    kind: Kind,
    field: Option<&str>,
    how: &str,
) -> anyhow::Result<Preset> {
    let found = kind.find_prefix(store, how)?;
    Preset::new(kind, found.as_deref(), field).map_err(exit::usage)
}

/// Keys sampled by auto-detection.
const SAMPLE: usize = 10_000;
/// JSON values read whole per key prefix to tell a JSON session store from other JSON.
const JSON_PROBES_PER_PREFIX: usize = 8;
/// JSON values read whole in all (the largest prefixes first).
const JSON_PROBES: usize = 256;
/// The largest JSON value read whole; a longer one is not looked at.
const JSON_PROBE_BYTES: usize = 64 * 1024;
/// JSON values asked for per pipeline (bounds the memory held at once).
const JSON_PROBE_BATCH: usize = 32;

/// One store found: (preset name, key prefix) → (kind, keys, an example key).
type Found = BTreeMap<(&'static str, Vec<u8>), (Kind, u64, String)>;

/// The JSON strings of one key prefix that no framework claims.
#[derive(Default)]
struct JsonGroup {
    keys: u64,
    example: String,
    probes: Vec<Vec<u8>>,
    /// Probed values that decoded to a JSON object, and those of them shaped like a session.
    objects: u64,
    sessions: u64,
}

/// What the sample held, by Redis type, for the "none found" message.
#[derive(Default)]
struct Seen {
    json: u64,
    strings: u64,
    hashes: u64,
    lists: u64,
    sets: u64,
    zsets: u64,
    streams: u64,
    other: u64,
    /// Keys the user may not read (an ACL user restricted to other keys): not looked at.
    unreadable: u64,
}

impl Seen {
    fn count(&mut self, rtype: RedisType) {
        let n = match rtype {
            RedisType::String => &mut self.strings,
            RedisType::Hash => &mut self.hashes,
            RedisType::List => &mut self.lists,
            RedisType::Set => &mut self.sets,
            RedisType::Zset => &mut self.zsets,
            RedisType::Stream => &mut self.streams,
            RedisType::Other => &mut self.other,
        };
        *n += 1;
    }

    /// "9 other strings, 6 hashes, 5 lists" (the JSON strings are described apart).
    fn describe(&self) -> String {
        let strings = if self.json > 0 {
            "other string"
        } else {
            "string"
        };
        [
            (self.strings, strings),
            (self.hashes, "hash"),
            (self.lists, "list"),
            (self.sets, "set"),
            (self.zsets, "sorted set"),
            (self.streams, "stream"),
            (self.other, "key of another type"),
            (self.unreadable, "key this user may not read (ACL)"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| plural(*n, what))
        .collect::<Vec<_>>()
        .join(", ")
    }
}

fn plural(n: u64, what: &str) -> String {
    match (n, what) {
        (1, _) => format!("1 {what}"),
        (_, "hash" | "key prefix") => format!("{n} {what}es"),
        (_, "key of another type") => format!("{n} keys of another type"),
        (_, "key this user may not read (ACL)") => {
            format!("{n} keys this user may not read (ACL)")
        }
        _ => format!("{n} {what}s"),
    }
}

/// Whether a decoded JSON value looks like a session rather than any JSON (a cache entry, a job,
/// a task result): an object holding the user field, connect-redis's `cookie` with
/// `originalMaxAge` or `expires`, or an expiry or session key of its own.
fn session_shaped(v: &Value, user_fields: &[Vec<String>]) -> bool {
    let Value::Object(o) = v else {
        return false;
    };
    let has_path = |path: &[String]| {
        let mut at = v;
        for part in path {
            match at.get(part.as_str()) {
                Some(next) => at = next,
                None => return false,
            }
        }
        !path.is_empty()
    };
    user_fields.iter().any(|f| has_path(f))
        || o.get("cookie").is_some_and(|c| {
            c.is_object() && (c.get("originalMaxAge").is_some() || c.get("expires").is_some())
        })
        || ["_expires", "expires", "exp", "session"]
            .iter()
            .any(|k| o.contains_key(*k))
}

/// The one store `store` holds, by sampling keys (their type and first bytes), with the
/// `--prefix` and `--user-field` overrides.
///
/// A framework's store (any preset but json) is taken when
/// it is the only one found, whatever else the database holds (caches, queues, counters). A
/// generic JSON store counts only when no framework store is found, and only for a key prefix
/// whose values, read whole (a few per prefix, each at most 64 KiB), are mostly shaped like
/// sessions.
///
/// # Errors
/// Redis failures; none or several stores found (a usage error listing them and how to choose).
pub fn detect(
    store: &mut RedisStore,
    prefix: Option<&str>,
    field: Option<&str>,
) -> anyhow::Result<Preset> {
    let taken = store.sample(SAMPLE, 32)?;
    let sample = taken.keys;
    // A store is one preset under one prefix: django's apps (cache KEY_PREFIX and VERSION) and
    // spring's namespaces are told apart; php's PHPREDIS_SESSION: and PHPREDIS_CLUSTER_SESSION:
    // are one store.
    let mut found = Found::new();
    let mut json: BTreeMap<Vec<u8>, JsonGroup> = BTreeMap::new();
    let mut seen = Seen {
        unreadable: taken.unreadable,
        ..Seen::default()
    };
    let mut sampled = 0u64;
    for (key, rtype, head) in &sample {
        if let Some(p) = prefix
            && !key.starts_with(p.as_bytes())
        {
            continue;
        }
        sampled += 1;
        // The first preset whose key names this is (in the table's order) says whether its type
        // and first bytes fit, and under which prefix.
        let by_key = PRESETS.iter().copied().find(|k| k.owns_key_name(key));
        let verdict = match by_key {
            Some(k) => k.store_prefix(key, *rtype, head).map(|p| (k, p)),
            None if *rtype == RedisType::String
                && codec::sniff(head) == Some(codec::Encoding::Json) =>
            {
                let p = match prefix {
                    Some(p) => p.as_bytes().to_vec(),
                    None => preset::key_prefix(key).unwrap_or_default().to_vec(),
                };
                let g = json.entry(p).or_default();
                let shown = escape_key(key);
                if g.keys == 0 || shown < g.example {
                    g.example = shown;
                }
                g.keys += 1;
                if g.probes.len() < JSON_PROBES_PER_PREFIX {
                    g.probes.push(key.clone());
                }
                seen.json += 1;
                continue;
            }
            None => None,
        };
        match verdict {
            Some((kind, p)) => {
                // The smallest key is the example, so that the message does not depend on
                // the order SCAN happened to return the keys in.
                let shown = escape_key(key);
                let entry = found
                    .entry((kind.name(), p))
                    .or_insert((kind, 0, shown.clone()));
                entry.1 += 1;
                if shown < entry.2 {
                    entry.2 = shown;
                }
            }
            None => seen.count(*rtype),
        }
    }
    // A framework's store wins over any JSON; only without one is JSON looked at closely.
    if found.is_empty() && !json.is_empty() {
        let unchecked = probe_json(store, &mut json, field)?;
        for (p, g) in &json {
            if g.objects > 0 && g.sessions * 2 > g.objects {
                found.insert((Json.name(), p.clone()), (&Json, g.keys, g.example.clone()));
            }
        }
        if found.is_empty() {
            return Err(none_found(store, sampled, prefix, &seen, &json, unchecked));
        }
    }
    let mut stores = found.iter();
    match (stores.next(), stores.next()) {
        (None, _) => Err(none_found(store, sampled, prefix, &seen, &json, 0)),
        (Some(((_, p), (kind, _, _))), None) => {
            let found = match prefix {
                Some(p) => Some(p.as_bytes().to_vec()),
                // The preset may look at the whole store for its prefix (the sample may have
                // missed another django app), else the one the sample showed.
                None => kind
                    .find_prefix(store, "--store auto")?
                    .or_else(|| Some(p.clone())),
            };
            Preset::new(*kind, found.as_deref(), field).map_err(exit::usage)
        }
        _ => {
            let hints: Vec<&str> = PRESETS.iter().filter_map(|k| k.prefix_hint()).collect();
            let hints = if hints.is_empty() {
                String::new()
            } else {
                format!(" ({})", hints.join("; "))
            };
            Err(exit::usage(format!(
                "--store auto: several session stores found at {}: {}; choose one with --store and --prefix{hints}, or point --redis-url at another database",
                store.shown(),
                describe(&found)
            )))
        }
    }
}

/// Reads a few values of each JSON group whole (the largest groups first, within
/// [`JSON_PROBES`]) and counts those shaped like a session. Returns the number of groups left
/// unread.
fn probe_json(
    store: &mut RedisStore,
    json: &mut BTreeMap<Vec<u8>, JsonGroup>,
    field: Option<&str>,
) -> anyhow::Result<usize> {
    let user_fields = Preset::new(&Json, Some(b""), field)
        .map_err(exit::usage)?
        .user_fields;
    let mut order: Vec<&Vec<u8>> = json.keys().collect();
    order.sort_by_key(|p| std::cmp::Reverse(json[*p].keys));
    let mut budget = JSON_PROBES;
    let mut plan: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    let mut unchecked = 0;
    for p in order {
        let g = &json[p];
        if g.probes.len() > budget {
            unchecked += 1;
            continue;
        }
        budget -= g.probes.len();
        plan.extend(g.probes.iter().map(|k| (p.clone(), k.clone())));
    }
    let limits = super::Limits::default();
    for batch in plan.chunks(JSON_PROBE_BATCH) {
        let keys: Vec<Vec<u8>> = batch.iter().map(|(_, k)| k.clone()).collect();
        let values = store.small_values(&keys, JSON_PROBE_BYTES)?;
        for ((p, _), value) in batch.iter().zip(values) {
            let Some(bytes) = value else { continue };
            let Ok((v, _)) = codec::decode(&bytes, &[codec::Encoding::Json], &limits) else {
                continue;
            };
            if let Some(g) = json.get_mut(p)
                && v.is_object()
            {
                g.objects += 1;
                g.sessions += u64::from(session_shaped(&v, &user_fields));
            }
        }
    }
    Ok(unchecked)
}

/// The "none found" usage error, naming how many keys were sampled and what they were.
fn none_found(
    store: &RedisStore,
    sampled: u64,
    prefix: Option<&str>,
    seen: &Seen,
    json: &BTreeMap<Vec<u8>, JsonGroup>,
    unchecked: usize,
) -> anyhow::Error {
    let under = match prefix {
        Some(p) => format!(" under `{}`", escape_key(p.as_bytes())),
        None => String::new(),
    };
    let mut saw = Vec::new();
    if seen.json > 0 {
        let example = json
            .values()
            .max_by_key(|g| g.keys)
            .map(|g| g.example.clone())
            .unwrap_or_default();
        let mut s = format!(
            "{}, none shaped like a session (e.g. `{example}`)",
            plural(seen.json, "JSON string")
        );
        if unchecked > 0 {
            s.push_str(&format!(
                ", {} not read (at most {JSON_PROBES} values are)",
                plural(unchecked as u64, "key prefix")
            ));
        }
        saw.push(s);
    }
    let rest = seen.describe();
    if !rest.is_empty() {
        saw.push(rest);
    }
    let saw = if saw.is_empty() {
        String::new()
    } else {
        format!(": {}", saw.join("; "))
    };
    exit::usage(format!(
        "--store auto: no session store recognised among the {} sampled{under} at {}{saw}; choose one with --store {}",
        plural(sampled, "key"),
        store.shown(),
        preset::choices()
    ))
}

fn describe(found: &Found) -> String {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn shaped(v: &Value, field: Option<&str>) -> bool {
        let fields = Preset::new(&Json, Some(b""), field).unwrap().user_fields;
        session_shaped(v, &fields)
    }

    #[test]
    fn sessions_are_told_from_other_json_by_their_shape() {
        for v in [
            json!({"user": {"id": 42}, "created_at": 1}),
            json!({"user": null}),
            json!({"cookie": {"originalMaxAge": 86_400_000, "httpOnly": true}}),
            json!({"cookie": {"expires": "2026-11-25T08:00:00.000Z"}, "views": 1}),
            json!({"_expires": 1_795_433_600, "cart": []}),
            json!({"sub": "42", "exp": 1_795_433_600}),
            json!({"session": {"id": "x"}}),
        ] {
            assert!(shaped(&v, None), "{v}");
        }
        for v in [
            json!({"id": 1, "name": "alice", "email": "alice@example.com"}),
            json!({"status": "SUCCESS", "result": 4, "task_id": "t"}),
            json!({"user_id": 42, "ip": "203.0.113.7"}),
            json!({"cookie": "a=b"}),
            json!({"cookie": {"name": "sid"}}),
            json!([{"user": 1}]),
            json!("user"),
        ] {
            assert!(!shaped(&v, None), "{v}");
        }
    }

    #[test]
    fn the_user_field_in_force_is_a_session_shape() {
        let v = json!({"account": {"id": "42"}, "cart": []});
        assert!(!shaped(&v, None));
        assert!(shaped(&v, Some("account.id")));
        assert!(!shaped(&v, Some("account.uid")));
    }

    #[test]
    fn what_was_seen_is_counted_by_type() {
        let mut seen = Seen::default();
        for t in [
            RedisType::String,
            RedisType::Hash,
            RedisType::Hash,
            RedisType::List,
            RedisType::Zset,
            RedisType::Stream,
            RedisType::Stream,
        ] {
            seen.count(t);
        }
        assert_eq!(
            seen.describe(),
            "1 string, 2 hashes, 1 list, 1 sorted set, 2 streams"
        );
        seen.json = 3;
        assert!(seen.describe().starts_with("1 other string, "));
    }
}
