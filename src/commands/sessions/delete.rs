//! `sessctl sessions delete ID...`: resolve each id to its session, show (`--dry-run`) or confirm
//! what will go, then remove each session with its companion keys in one atomic script per batch.
//! Django `cached_db` sessions are refused: the database holds them. Spring-session: an id with no
//! session that a principal index still names (a stale member) is removed from that index.

use serde_json::json;

use crate::audit::AuditLog;
use crate::cli::DeleteArgs;
use crate::commands::removal::{self, store_json};
use crate::context::Ctx;
use crate::exit::{self, Exit};
use crate::prompt::{self, Decision, TtyPrompter};
use crate::report::Sink;
use crate::report::revoke::{DeleteReport, IndexEntry, RevokeEvent};
use crate::report::sessions::SessionSummary;
use crate::store::preset::{CACHED_DB_NOTE, Preset};
use crate::store::redis::RedisStore;
use crate::store::revocation;
use crate::store::revoke::{Check, Outcome, Remover, Target, target_for};
use crate::store::{RawRecord, Session, escape_key, load, unescape_key};

/// Runs `sessions delete`.
///
/// # Errors
/// Connection and preset errors, a refusal (no terminal and no `--yes`; `cached_db`), Redis
/// failures, output errors.
pub(crate) fn run(args: &DeleteArgs, ctx: &Ctx, sink: &mut dyn Sink) -> anyhow::Result<Exit> {
    let ids = parse_ids(&args.ids)?;
    let (mut store, preset) = crate::commands::connect::open(ctx, sink)?;
    let mut found: Vec<(String, RawRecord, Session)> = Vec::new();
    let mut missing: Vec<(String, Vec<u8>)> = Vec::new();
    for (id, bytes) in args.ids.iter().zip(&ids) {
        match find(&mut store, &preset, bytes)? {
            Some((r, s)) => found.push((id.clone(), r, s)),
            None => missing.push((id.clone(), bytes.clone())),
        }
    }
    // An id with no session may still be named by a principal index (spring-session): such a
    // stale member goes too, and the id is not "not found".
    let missing_bytes: Vec<Vec<u8>> = missing.iter().map(|(_, b)| b.clone()).collect();
    let entries = revocation::index_entries(&mut store, &preset, &missing_bytes)?;
    let mut stale: Vec<(String, Vec<u8>, Target)> = Vec::new();
    let mut not_found = Vec::new();
    for ((id, _), these) in missing.into_iter().zip(entries) {
        if these.is_empty() {
            not_found.push(id);
        } else {
            stale.extend(these.into_iter().map(|m| (id.clone(), m.index, m.target)));
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
        index_removed: Vec::new(),
    };
    if args.dry_run || (found.is_empty() && stale.is_empty()) {
        report.deleted = found.iter().map(|(id, _, _)| id.clone()).collect();
        report.sessions = found
            .iter()
            .map(|(_, _, s)| SessionSummary::new(s))
            .collect();
        report.index_removed = stale.iter().map(|(id, k, _)| entry(id, k)).collect();
        sink.revoke(RevokeEvent::Delete(&report))?;
        return Ok(status(&report));
    }
    let mut audit = AuditLog::open(
        args.audit.audit_log.as_deref(),
        &crate::audit::Invoker::detect(),
        "sessions delete",
        store_json(&store, &preset),
    )?;
    let mut parts = Vec::new();
    if !found.is_empty() {
        parts.push(format!(
            "{} ({})",
            removal::count(found.len()),
            owners(found.iter().map(|(_, _, s)| s))
        ));
    }
    if !stale.is_empty() {
        parts.push(removal::stale_entries(stale.len()));
    }
    let what = format!(
        "delete {} from {} at {}",
        parts.join(" and "),
        preset.kind.name(),
        store.shown()
    );
    if prompt::confirm(args.yes, ctx.stdin_tty, &mut TtyPrompter, &what)? == Decision::Declined {
        anyhow::bail!("not confirmed: nothing was deleted");
    }
    removal::logged(&mut audit, |audit| {
        let ids: Vec<&str> = found.iter().map(|(id, _, _)| id.as_str()).collect();
        let mut start = json!({ "ids": ids });
        if !stale.is_empty() {
            let entries: Vec<IndexEntry> = stale.iter().map(|(id, k, _)| entry(id, k)).collect();
            start["stale_index"] = json!(entries);
        }
        audit.write("start", &start, "started")?;
        let targets: Vec<_> = found
            .iter()
            .map(|(_, r, s)| {
                let mut t = target_for(&preset, r, s);
                // The ids were named explicitly: delete whatever the session holds now.
                t.check = Check::None;
                t
            })
            .collect();
        let mut remover = Remover::new();
        let outcomes = remover.remove(&mut store, &targets)?;
        for ((id, _, s), o) in found.iter().zip(outcomes) {
            match o {
                Outcome::Deleted => {
                    report.deleted.push(id.clone());
                    report.sessions.push(SessionSummary::new(s));
                }
                Outcome::Gone | Outcome::Changed => report.not_found.push(id.clone()),
            }
        }
        // Each stale member goes only while no session has its id (checked on the server).
        let targets: Vec<Target> = stale.iter().map(|(_, _, t)| t.clone()).collect();
        let outcomes = remover.remove(&mut store, &targets)?;
        for ((id, k, _), o) in stale.iter().zip(outcomes) {
            if o == Outcome::Deleted {
                report.index_removed.push(entry(id, k));
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for (id, _, _) in &stale {
            if seen.insert(id) && !report.index_removed.iter().any(|e| &e.id == id) {
                report.not_found.push(id.clone());
            }
        }
        audit.write(
            "done",
            &json!({
                "deleted": report.deleted,
                "not_found": report.not_found,
                "index_removed": report.index_removed,
            }),
            "ok",
        )
    })?;
    sink.revoke(RevokeEvent::Delete(&report))?;
    Ok(status(&report))
}

fn entry(id: &str, key: &[u8]) -> IndexEntry {
    IndexEntry {
        id: id.to_owned(),
        key: escape_key(key),
    }
}

fn status(r: &DeleteReport) -> Exit {
    if r.not_found.is_empty() {
        Exit::Ok
    } else {
        Exit::Failure
    }
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
