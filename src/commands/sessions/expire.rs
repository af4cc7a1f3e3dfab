//! `sessctl sessions expire ID... --in DURATION`: shorten each session's remaining lifetime to at
//! most DURATION (`PEXPIRE … LT`, or a `PTTL` check on servers without `LT`); a session that
//! already ends sooner is left as it is (`unchanged`), one without expiry gets the lifetime.
//! `--in 0` ends it now, removing it with its companion keys as `delete` does. Companions the
//! preset names get the same treatment (the indexed spring-session's `expires:` key), so that Spring's own expiry
//! bookkeeping stays consistent. No confirmation: it never lengthens a lifetime.

use serde_json::json;

use crate::audit::AuditLog;
use crate::cli::ExpireArgs;
use crate::commands::removal::{self, store_json};
use crate::context::Ctx;
use crate::exit::Exit;
use crate::report::Sink;
use crate::report::revoke::{ExpireItem, ExpireReport, RevokeEvent, seconds_of_ms};
use crate::store::preset::CACHED_DB_NOTE;
use crate::store::revoke::{
    Check, Outcome, Remover, Shortened, Shortener, store_error, target_for,
};

/// Runs `sessions expire`.
///
/// # Errors
/// Connection and preset errors, Redis failures, output errors.
pub(crate) fn run(args: &ExpireArgs, ctx: &Ctx, sink: &mut dyn Sink) -> anyhow::Result<Exit> {
    let ids = super::delete::parse_ids(&args.ids)?;
    let (mut store, preset) = crate::commands::connect::open(ctx, sink)?;
    let mut audit = AuditLog::open(
        args.audit.audit_log.as_deref(),
        &crate::audit::Invoker::detect(),
        "sessions expire",
        store_json(&store, &preset),
    )?;
    let ms = u64::try_from(args.in_.as_millis()).unwrap_or(u64::MAX);
    let mut report = ExpireReport {
        store: preset.kind.name(),
        in_secs: seconds_of_ms(ms),
        in_ms: ms,
        sessions: Vec::new(),
    };
    removal::logged(&mut audit, |audit| {
        audit.write(
            "start",
            &json!({ "ids": args.ids, "in": report.in_secs, "in_ms": ms }),
            "started",
        )?;
        let mut remover = Remover::new();
        let mut shortener = Shortener::new();
        for (id, bytes) in args.ids.iter().zip(&ids) {
            let Some((raw, session)) = super::delete::find(&mut store, &preset, bytes)? else {
                report.sessions.push(ExpireItem {
                    id: id.clone(),
                    key: None,
                    status: "not_found",
                    ttl: None,
                });
                continue;
            };
            if session.note == Some(CACHED_DB_NOTE) {
                return Err(crate::exit::usage(format!(
                    "refusing to expire session {id}: {CACHED_DB_NOTE}"
                )));
            }
            let key_text = session.key_text.clone();
            let item = if ms == 0 {
                let mut t = target_for(&preset, &raw, &session);
                t.check = Check::None;
                let outcome = remover.remove(&mut store, &[t])?;
                let deleted = outcome.first() == Some(&Outcome::Deleted);
                ExpireItem {
                    id: id.clone(),
                    key: Some(key_text),
                    status: if deleted { "deleted" } else { "not_found" },
                    ttl: None,
                }
            } else {
                // E.g. the indexed spring-session's `expires:` key, which drives
                // SessionExpiredEvent.
                let companions = preset.kind.expiry_companions(&preset.prefix, &raw.key);
                let done = if store.is_cluster() {
                    // On a Redis Cluster, each key on its own node (the companions may be in
                    // other hash slots).
                    for c in &companions {
                        shortener
                            .shorten(store.connection_for(c)?, c, &[], ms)
                            .map_err(|e| store.error_at("PEXPIRE", c, &e))?;
                    }
                    shortener
                        .shorten(store.connection_for(&raw.key)?, &raw.key, &[], ms)
                        .map_err(|e| store.error_at("PEXPIRE", &raw.key, &e))?
                } else {
                    shortener
                        .shorten(store.connection(), &raw.key, &companions, ms)
                        .map_err(|e| store_error(&store, "PEXPIRE", &e))?
                };
                let (status, pttl) = match done {
                    Shortened::Gone => ("not_found", None),
                    Shortened::Set(t) => ("expired", Some(t)),
                    Shortened::Unchanged(t) => ("unchanged", Some(t)),
                };
                ExpireItem {
                    id: id.clone(),
                    key: Some(key_text),
                    status,
                    ttl: pttl.filter(|t| *t >= 0).map(|t| (t + 999).div_euclid(1000)),
                }
            };
            audit.write(
                "batch",
                &json!({ "id": item.id, "key": item.key, "status": item.status, "ttl": item.ttl }),
                "ok",
            )?;
            report.sessions.push(item);
        }
        audit.write("done", &json!({ "sessions": report.sessions.len() }), "ok")
    })?;
    sink.revoke(RevokeEvent::Expire(&report))?;
    Ok(if report.sessions.iter().any(|s| s.status == "not_found") {
        Exit::Failure
    } else {
        Exit::Ok
    })
}
