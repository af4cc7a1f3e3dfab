//! Shared by every command that talks to Redis: connecting (the password from the URL, the
//! terminal or the environment) and opening a session store (the preset chosen, or detected by
//! [`crate::store::detect`]). Commands use this module, never each other.

use crate::cli::StorePreset;
use crate::context::Ctx;
use crate::exit;
use crate::report::Sink;
use crate::store::acl;
use crate::store::detect;
use crate::store::preset::Preset;
use crate::store::redis::RedisStore;
use crate::store::tls;

/// Connects to Redis (no store preset needed) with this timeout for the connection and each
/// command, and the password from the URL, else the terminal (`--ask-password`), else the
/// environment. A connection that does not verify the server's certificate (`--tls-insecure`)
/// is warned about on `sink`, every time.
///
/// # Errors
/// `--ask-password` without a terminal, `--tls-*` options without a `rediss://` URL or with
/// files that cannot be used (exit 2), connection failures (exit 3).
pub(crate) fn redis(
    ctx: &Ctx,
    timeout: std::time::Duration,
    sink: &mut dyn Sink,
) -> anyhow::Result<RedisStore> {
    let mut options = ctx.store.connect.clone();
    options.timeout = timeout;
    // Seed nodes of one cluster: all TLS, or none.
    let mut modes = Vec::new();
    for url in std::iter::once(&options.url).chain(&options.more_seeds) {
        modes.push(tls::mode(url.expose(), &options.tls)?);
    }
    if modes.contains(&tls::Mode::Plain) && modes.iter().any(|m| *m != tls::Mode::Plain) {
        return Err(exit::usage(
            "--redis-url: the seed nodes mix TLS (rediss://) and plain URLs; give the same scheme for every node of the cluster",
        ));
    }
    if modes.contains(&tls::Mode::Insecure) {
        sink.warning(tls::INSECURE_WARNING)?;
    }
    if ctx.store.ask_password {
        if !ctx.stdin_tty {
            return Err(exit::usage(
                "--ask-password needs a terminal; without one, set SESSCTL_REDIS_PASSWORD or REDISCLI_AUTH",
            ));
        }
        let p = crate::prompt::secret("Redis password")
            .map_err(|e| exit::usage(format!("reading the password from the terminal: {e}")))?;
        options.password = Some(p);
    }
    let store = RedisStore::connect(&options)?;
    if ctx.store.verbose {
        let touch = if store.no_touch() {
            "CLIENT NO-TOUCH is on: reading sessions leaves their access times (LRU/LFU) alone"
        } else {
            "this server has no CLIENT NO-TOUCH (Redis 7.2+, Valkey), or this user may not send \
             it: reading sessions refreshes their access times (LRU/LFU), as any client's reads do"
        };
        let reads = match store.read_shown() {
            Some(r) => format!(", reading from the replica {r}"),
            None => String::new(),
        };
        sink.note(&format!(
            "connected to {}{reads}; {touch}; pace {}",
            store.shown(),
            store.pacer().pace()
        ))?;
        for note in store.notes() {
            sink.note(note)?;
        }
    }
    Ok(store)
}

/// Connects to the store (as [`redis`] does) and resolves the preset (detecting it for `--store auto`). Without
/// `--prefix`, the preset may look at the store for its prefix: django takes the one app whose
/// sessions the store holds (see [`detect::without_prefix`]).
///
/// # Errors
/// Connection failures (exit 3), `--ask-password` without a terminal, an unusable preset, or an
/// auto-detection that found no store or several; several django apps without `--prefix`.
pub(crate) fn open(ctx: &Ctx, sink: &mut dyn Sink) -> anyhow::Result<(RedisStore, Preset)> {
    let mut store = redis(ctx, ctx.store.connect.timeout, sink)?;
    let prefix = ctx.store.prefix.as_deref();
    let field = ctx.store.user_field.as_deref();
    let kind = match ctx.store.preset {
        StorePreset::Auto => {
            let preset = detect::detect(&mut store, prefix, field)?;
            acl::note_store(&preset);
            return Ok((store, preset));
        }
        StorePreset::Preset(kind) => kind,
    };
    let preset = match prefix {
        None => {
            detect::without_prefix(&mut store, kind, field, &format!("--store {}", kind.name()))?
        }
        Some(p) => Preset::new(kind, Some(p.as_bytes()), field).map_err(exit::usage)?,
    };
    // A refusal from here on names the key patterns of this store (see store::acl).
    acl::note_store(&preset);
    Ok((store, preset))
}
