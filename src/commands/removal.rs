//! Shared by the destructive session commands (`sessions expire|delete`, `revoke-user`): reading
//! sessions by key (decoded on a thread with a large stack), the audit log's description of the
//! store, and the audit wrapper that logs an `error` line when a run fails midway.

use serde_json::{Value, json};

use crate::audit::AuditLog;
use crate::store::preset::Preset;
use crate::store::redis::RedisStore;
use crate::store::{RawRecord, Session};

/// Fetches `keys` and decodes each (keys that do not exist are left out), keeping the raw record
/// beside the session: the bytes a check-and-delete compares with.
///
/// # Errors
/// Redis failures.
pub(crate) fn load(
    store: &mut RedisStore,
    preset: &Preset,
    keys: &[Vec<u8>],
) -> anyhow::Result<Vec<(RawRecord, Session)>> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let raws = store.fetch(keys, &preset.limits)?;
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(256 << 20)
            .spawn_scoped(s, || {
                raws.into_iter()
                    .filter_map(|r| preset.decode(r.clone()).map(|s| (r, s)))
                    .collect::<Vec<_>>()
            })?
            .join()
            .map_err(|_| anyhow::anyhow!("the decoder thread panicked"))
    })
}

/// The store as the audit log names it: preset, prefix and URL (password masked).
pub(crate) fn store_json(store: &RedisStore, preset: &Preset) -> Value {
    json!({
        "preset": preset.kind.name(),
        "prefix": crate::store::escape_key(&preset.prefix),
        "url": store.shown(),
    })
}

/// Runs `body`; when it fails, appends an `error` line (what had been done is in the lines
/// before) and passes the error on.
pub(crate) fn logged<T>(
    audit: &mut AuditLog,
    body: impl FnOnce(&mut AuditLog) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    match body(audit) {
        Ok(v) => Ok(v),
        Err(e) => {
            let _ = audit.write("error", &json!({}), &format!("error: {e:#}"));
            Err(e)
        }
    }
}
