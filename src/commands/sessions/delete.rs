//! `sessctl sessions delete ID...`: resolve each id to its session, show (`--dry-run`) or confirm
//! what will go, then remove each session with its companion keys in one atomic script per batch.
//! Django `cached_db` sessions are refused: the database holds them.

use serde_json::json;

use crate::audit::AuditLog;
use crate::cli::DeleteArgs;
use crate::commands::removal::{self, store_json};
use crate::context::Ctx;
use crate::exit::{self, Exit};
use crate::prompt::{self, Decision, TtyPrompter};
use crate::report::Sink;
use crate::report::revoke::{DeleteReport, RevokeEvent};
use crate::report::sessions::SessionSummary;
use crate::store::preset::{CACHED_DB_NOTE, Preset};
use crate::store::redis::RedisStore;
use crate::store::revoke::{Check, Outcome, Remover, target_for};
use crate::store::{RawRecord, Session, load, unescape_key};

/// Runs `sessions delete`.
///
/// # Errors
/// Connection and preset errors, a refusal (no terminal and no `--yes`; `cached_db`), Redis
/// failures, output errors.
pub(crate) fn run(args: &DeleteArgs, ctx: &Ctx, sink: &mut dyn Sink) -> anyhow::Result<Exit> {
    let ids = parse_ids(&args.ids)?;
    let (mut store, preset) = super::open(ctx)?;
    let mut found: Vec<(String, RawRecord, Session)> = Vec::new();
    let mut not_found = Vec::new();
    for (id, bytes) in args.ids.iter().zip(&ids) {
        match find(&mut store, &preset, bytes)? {
            Some((r, s)) => found.push((id.clone(), r, s)),
            None => not_found.push(id.clone()),
        }
    }
    if let Some((id, _, _)) = found
        .iter()
        .find(|(_, _, s)| s.note == Some(CACHED_DB_NOTE))
    {
        return Err(exit::usage(format!(
            "refusing to delete session {id}: {CACHED_DB_NOTE}; delete it in Django (the django_session table) instead"
        )));
    }
    let mut report = DeleteReport {
        store: preset.kind.name(),
        dry_run: args.dry_run,
        deleted: Vec::new(),
        not_found,
        sessions: Vec::new(),
    };
    if args.dry_run || found.is_empty() {
        report.deleted = found.iter().map(|(id, _, _)| id.clone()).collect();
        report.sessions = found
            .iter()
            .map(|(_, _, s)| SessionSummary::new(s))
            .collect();
        sink.revoke(RevokeEvent::Delete(&report))?;
        return Ok(status(&report));
    }
    let mut audit = AuditLog::open(
        args.audit.audit_log.as_deref(),
        &crate::audit::Invoker::detect(),
        "sessions delete",
        store_json(&store, &preset),
    )?;
    let what = format!(
        "delete {} ({}) from {} at {}",
        count(found.len()),
        owners(found.iter().map(|(_, _, s)| s)),
        preset.kind.name(),
        store.shown()
    );
    if prompt::confirm(args.yes, ctx.stdin_tty, &mut TtyPrompter, &what)? == Decision::Declined {
        anyhow::bail!("not confirmed: nothing was deleted");
    }
    removal::logged(&mut audit, |audit| {
        let ids: Vec<&str> = found.iter().map(|(id, _, _)| id.as_str()).collect();
        audit.write("start", &json!({ "ids": ids }), "started")?;
        let targets: Vec<_> = found
            .iter()
            .map(|(_, r, s)| {
                let mut t = target_for(&preset, r, s);
                // The ids were named explicitly: delete whatever the session holds now.
                t.check = Check::None;
                t
            })
            .collect();
        let outcomes = Remover::new().remove(&mut store, &targets)?;
        for ((id, _, s), o) in found.iter().zip(outcomes) {
            match o {
                Outcome::Deleted => {
                    report.deleted.push(id.clone());
                    report.sessions.push(SessionSummary::new(s));
                }
                Outcome::Gone | Outcome::Changed => report.not_found.push(id.clone()),
            }
        }
        audit.write(
            "done",
            &json!({ "deleted": report.deleted, "not_found": report.not_found }),
            "ok",
        )
    })?;
    sink.revoke(RevokeEvent::Delete(&report))?;
    Ok(status(&report))
}

fn status(r: &DeleteReport) -> Exit {
    if r.not_found.is_empty() {
        Exit::Ok
    } else {
        Exit::Failure
    }
}

pub(crate) fn count(n: usize) -> String {
    format!("{n} session{}", if n == 1 { "" } else { "s" })
}

/// "of user 42", "of users 42, 7 and 1 anonymous", "anonymous".
fn owners<'a>(sessions: impl Iterator<Item = &'a Session>) -> String {
    let mut users: Vec<&str> = Vec::new();
    let mut anonymous = 0;
    for s in sessions {
        match s.user.as_deref() {
            Some(u) if !users.contains(&u) => users.push(u),
            Some(_) => {}
            None => anonymous += 1,
        }
    }
    let mut parts = Vec::new();
    match users.len() {
        0 => {}
        // Raw user ids, escaped so that the question reads unambiguously (the prompt escapes
        // control characters in any case).
        1 => parts.push(format!("of user {}", crate::sanitize::text(users[0]))),
        _ => {
            let users: Vec<_> = users.iter().map(|u| crate::sanitize::text(u)).collect();
            parts.push(format!("of users {}", users.join(", ")));
        }
    }
    if anonymous > 0 {
        parts.push(format!("{anonymous} anonymous"));
    }
    parts.join(" and ")
}

/// The bytes of each id given (escaped as `sessions list` shows them: `\\`, `\xNN`).
///
/// # Errors
/// A bad escape (a usage error naming the id).
pub(super) fn parse_ids(ids: &[String]) -> anyhow::Result<Vec<Vec<u8>>> {
    ids.iter().map(|id| unescape_key(id)).collect()
}

/// The session with this id (its bytes, from [`parse_ids`]), if any.
///
/// # Errors
/// Redis failures.
pub(super) fn find(
    store: &mut RedisStore,
    preset: &Preset,
    bytes: &[u8],
) -> anyhow::Result<Option<(RawRecord, Session)>> {
    let keys = preset.keys_for_id(bytes);
    let loaded = load(store, preset, &keys)?;
    Ok(loaded
        .into_iter()
        .find(|(r, _)| preset.session_id(&r.key) == Some(bytes)))
}
