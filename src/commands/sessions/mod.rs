//! `sessctl sessions …`: connect, choose the store preset (or detect it, [`crate::store::detect`]),
//! then list, show, count, expire or delete. Shared here: opening the store.

pub(super) mod delete;
pub(super) mod expire;
pub(super) mod list;
pub(super) mod show;
pub(super) mod stats;

use crate::cli::StorePreset;
use crate::context::Ctx;
use crate::exit;
use crate::store::detect;
use crate::store::preset::{Preset, PresetKind};
use crate::store::redis::{Password, RedisStore};

/// Connects to Redis (no store preset needed) with this timeout for the connection and each
/// command, and the password from the URL, else the terminal (`--ask-password`), else the
/// environment.
///
/// # Errors
/// `--ask-password` without a terminal, connection failures (exit 3).
pub(crate) fn connect(ctx: &Ctx, timeout: std::time::Duration) -> anyhow::Result<RedisStore> {
    let mut connect = ctx.store.connect.clone();
    connect.timeout = timeout;
    if ctx.store.ask_password {
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

/// Connects to the store and resolves the preset (detecting it for `--store auto`). Django without
/// `--prefix` takes the one app whose sessions the store holds (see [`detect::django_app`]).
///
/// # Errors
/// Connection failures (exit 3), `--ask-password` without a terminal, an unusable preset, or an
/// auto-detection that found no store or several; several django apps without `--prefix`.
pub(crate) fn open(ctx: &Ctx) -> anyhow::Result<(RedisStore, Preset)> {
    let mut store = connect(ctx, ctx.store.connect.timeout)?;
    let prefix = ctx.store.prefix.as_deref();
    let field = ctx.store.user_field.as_deref();
    let kind = match ctx.store.preset {
        StorePreset::Auto => {
            let preset = detect::detect(&mut store, prefix, field)?;
            return Ok((store, preset));
        }
        StorePreset::ConnectRedis => PresetKind::ConnectRedis,
        StorePreset::SpringSession => PresetKind::SpringSession,
        StorePreset::Django => PresetKind::Django,
        StorePreset::FlaskSession => PresetKind::FlaskSession,
        StorePreset::Php => PresetKind::Php,
        StorePreset::Json => PresetKind::Json,
    };
    let preset = match (kind, prefix) {
        (PresetKind::Django, None) => detect::django_app(&mut store, field, "--store django")?,
        _ => Preset::new(kind, prefix.map(str::as_bytes), field).map_err(exit::usage)?,
    };
    Ok((store, preset))
}
