//! `sessctl sessions …`: connect, choose the store preset (or detect it), then list, show or
//! count. Shared here: opening the store and auto-detection.

pub(super) mod delete;
pub(super) mod expire;
pub(super) mod list;
pub(super) mod show;
pub(super) mod stats;

use std::collections::BTreeMap;

use crate::cli::{StoreArgs, StorePreset};
use crate::context::Ctx;
use crate::exit;
use crate::store::preset::{self, Preset, PresetKind};
use crate::store::redis::{Password, RedisStore};
use crate::store::{RedisType, codec};

/// Connects to Redis (no store preset needed), with the password from the URL, else the terminal
/// when `ask_password` (`--ask-password`), else the environment.
///
/// # Errors
/// `--ask-password` without a terminal, connection failures (exit 3).
pub(crate) fn connect(
    ctx: &Ctx,
    timeout: std::time::Duration,
    ask_password: bool,
) -> anyhow::Result<RedisStore> {
    let mut connect = ctx.store.connect.clone();
    connect.timeout = timeout;
    if ask_password {
        if !ctx.stdin_tty {
            return Err(exit::usage(
                "--ask-password needs a terminal; without one, set SESSCTL_REDIS_PASSWORD or REDISCLI_AUTH",
            ));
        }
        let p = rpassword::prompt_password("Redis password: ")
            .map_err(|e| exit::usage(format!("reading the password from the terminal: {e}")))?;
        connect.password = Some(Password::new(p));
    }
    RedisStore::connect(&connect)
}

/// Connects to the store and resolves the preset (detecting it for `--store auto`).
///
/// # Errors
/// Connection failures (exit 3), `--ask-password` without a terminal, an unusable preset, or an
/// auto-detection that found no store or several.
pub(crate) fn open(ctx: &Ctx, args: &StoreArgs) -> anyhow::Result<(RedisStore, Preset)> {
    let mut store = connect(ctx, args.redis.timeout, args.redis.ask_password)?;
    let prefix = args.prefix.as_deref();
    let field = args.user_field.as_deref();
    let kind = match ctx.store.preset {
        StorePreset::Auto => return detect(store, prefix, field),
        StorePreset::ConnectRedis => PresetKind::ConnectRedis,
        StorePreset::SpringSession => PresetKind::SpringSession,
        StorePreset::Django => PresetKind::Django,
        StorePreset::FlaskSession => PresetKind::FlaskSession,
        StorePreset::Php => PresetKind::Php,
        StorePreset::Json => PresetKind::Json,
    };
    let preset = Preset::new(kind, prefix, field).map_err(exit::usage)?;
    let _ = &mut store;
    Ok((store, preset))
}

/// Keys sampled by auto-detection.
const SAMPLE: usize = 10_000;

fn detect(
    mut store: RedisStore,
    prefix: Option<&str>,
    field: Option<&str>,
) -> anyhow::Result<(RedisStore, Preset)> {
    let sample = store.sample(SAMPLE, 32)?;
    // (preset, prefix) → (keys, an example key)
    let mut found: BTreeMap<(&'static str, Vec<u8>), (u64, String)> = BTreeMap::new();
    let mut kinds: BTreeMap<(&'static str, Vec<u8>), PresetKind> = BTreeMap::new();
    for (key, rtype, head) in &sample {
        if let Some(p) = prefix
            && !key.starts_with(p.as_bytes())
        {
            continue;
        }
        let by_key = preset::kind_by_key(key);
        let verdict = match by_key {
            Some(PresetKind::SpringSession) => (*rtype == RedisType::Hash).then(|| {
                (
                    PresetKind::SpringSession,
                    b"spring:session:sessions:".to_vec(),
                )
            }),
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
            let e = found
                .entry((kind.name(), p.clone()))
                .or_insert((0, crate::store::escape_key(key)));
            e.0 += 1;
            kinds.insert((kind.name(), p), kind);
        }
    }
    let describe = |found: &BTreeMap<(&'static str, Vec<u8>), (u64, String)>| {
        found
            .iter()
            .map(|((name, p), (n, example))| {
                let p = crate::store::escape_key(p);
                format!("{name} ({n} keys under `{p}`, e.g. `{example}`)")
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    match found.len() {
        0 => Err(exit::usage(format!(
            "--store auto: no session store recognised among the {} keys sampled at {}; choose one with --store connect-redis|spring-session|django|flask-session|php|json (json needs --prefix)",
            sample.len(),
            store.shown()
        ))),
        1 => {
            let ((_, p), _) = found
                .iter()
                .next()
                .map(|(k, v)| (k.clone(), v.clone()))
                .unwrap_or_default();
            let kind = kinds.values().next().copied().unwrap_or(PresetKind::Json);
            let p = match (kind, prefix) {
                (PresetKind::Json, _) => Some(p),
                (_, Some(p)) => Some(p.as_bytes().to_vec()),
                _ => None,
            };
            let preset = match p {
                // The prefix as found, bytes and all (it need not be UTF-8).
                Some(p) => {
                    let mut preset = Preset::new(kind, Some(""), field).map_err(exit::usage)?;
                    preset.prefix = Some(p);
                    preset
                }
                None => Preset::new(kind, None, field).map_err(exit::usage)?,
            };
            Ok((store, preset))
        }
        _ => Err(exit::usage(format!(
            "--store auto: several session stores found at {}: {}; choose one with --store (and --prefix for json), or point --redis-url at another database",
            store.shown(),
            describe(&found)
        ))),
    }
}
