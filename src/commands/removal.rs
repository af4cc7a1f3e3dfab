//! Shared by the destructive session commands (`sessions expire|delete`, `revoke-user`): the audit
//! log's description of the store, and the audit wrapper that logs an `error` line when a run
//! fails midway.

use serde_json::{Value, json};

use crate::audit::AuditLog;
use crate::store::preset::Preset;
use crate::store::redis::RedisStore;

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

/// "1 session", "4 sessions".
pub(crate) fn count(n: usize) -> String {
    format!("{n} session{}", if n == 1 { "" } else { "s" })
}

/// "1 stale principal index entry", "2 stale principal index entries".
pub(crate) fn stale_entries(n: usize) -> String {
    format!(
        "{n} stale principal index entr{}",
        if n == 1 { "y" } else { "ies" }
    )
}
