//! `sessctl revoke-user USER`: find every session of the user (the spring-session principal index
//! where there is one, every member checked against its hash; SCAN otherwise, or as well with
//! `--full-scan`), confirm, record the JWT cut-off, then remove them with a check-and-delete
//! script per batch, which re-reads each session and removes it only if it still belongs to the
//! user. `--until-clean` repeats passes until one finds none (bounded by `--max-passes`).

use serde_json::json;

use crate::audit::AuditLog;
use crate::cli::RevokeUserArgs;
use crate::commands::removal::{self, load, store_json};
use crate::commands::sessions;
use crate::context::Ctx;
use crate::exit::Exit;
use crate::prompt::{self, Decision, TtyPrompter};
use crate::report::Sink;
use crate::report::revoke::{CutoffReport, RevokeEvent, RevokeUserReport};
use crate::report::sessions::SessionSummary;
use crate::store::denylist::Denylist;
use crate::store::preset::{CACHED_DB_NOTE, Preset, PresetKind, spring_index_key};
use crate::store::redis::RedisStore;
use crate::store::revoke::{
    self as rv, JsonOwner, Outcome, Remover, parse_java_string, spring_namespace, store_error,
    target_for,
};
use crate::store::{self, user_matches};

/// Runs `revoke-user`.
///
/// # Errors
/// Connection and preset errors, a refusal (no terminal and no `--yes`), Redis failures, output
/// errors.
pub(crate) fn run(args: &RevokeUserArgs, ctx: &Ctx, sink: &mut dyn Sink) -> anyhow::Result<Exit> {
    let (mut redis, preset) = sessions::open(ctx, &args.store)?;
    let user = args.user.as_str();
    let mut report = RevokeUserReport {
        user: user.to_owned(),
        store: preset.kind.name(),
        deleted: 0,
        sessions: Vec::new(),
        dry_run: args.dry_run,
        scanned: 0,
        passes: 0,
        clean: false,
        used_index: false,
        not_removed: Vec::new(),
        cutoff: None,
        rows: Vec::new(),
    };
    // First pass: find what will go, before asking or changing anything.
    let first = find(&mut redis, &preset, user, args, &mut report)?;
    if args.dry_run {
        report.passes = 1;
        report.clean = first.is_empty();
        for (_, s) in &first {
            if s.note == Some(CACHED_DB_NOTE) {
                report.not_removed.push(s.id.clone());
            } else {
                report.sessions.push(s.id.clone());
                report.rows.push(SessionSummary::new(s));
            }
        }
        sink.revoke(RevokeEvent::RevokeUser(&report))?;
        return Ok(Exit::Ok);
    }
    let mut audit = AuditLog::open(
        args.audit.audit_log.as_deref(),
        &crate::audit::Invoker::detect(),
        "revoke-user",
        store_json(&redis, &preset),
    )?;
    let what = format!(
        "delete {} of user {user} from {} at {}{}",
        sessions::delete::count(first.len()),
        preset.kind.name(),
        redis.shown(),
        if args.no_cutoff {
            String::new()
        } else {
            " and revoke the user's JWTs issued until now".to_owned()
        }
    );
    if prompt::confirm(args.yes, ctx.stdin_tty, &mut TtyPrompter, &what)? == Decision::Declined {
        anyhow::bail!("not confirmed: nothing was deleted");
    }
    let owner = json_owner(&preset, user);
    let denylist = Denylist {
        prefix: args.denylist.denylist_prefix.clone(),
    };
    let exit = removal::logged(&mut audit, |audit| {
        audit.write(
            "start",
            &json!({ "user": user, "found": first.len() }),
            "started",
        )?;
        if !args.no_cutoff {
            let key = denylist.set_cutoff(&mut redis, &args.user_claim, user, ctx.now)?;
            audit.write(
                "batch",
                &json!({ "cutoff": { "key": key, "at": ctx.now } }),
                "ok",
            )?;
            report.cutoff = Some(CutoffReport { key, at: ctx.now });
        }
        let mut remover = Remover::new();
        let mut found = first;
        let mut left_changed: Vec<String>;
        loop {
            report.passes += 1;
            left_changed = Vec::new();
            let mut removable = 0usize;
            let mut cached_db = Vec::new();
            let mut targets = Vec::new();
            let mut shown = Vec::new();
            for (raw, s) in &found {
                if s.note == Some(CACHED_DB_NOTE) {
                    cached_db.push(s.id.clone());
                    continue;
                }
                removable += 1;
                targets.push(target_for(&preset, raw, s));
                shown.push(s);
            }
            for (chunk_t, chunk_s) in targets.chunks(rv::BATCH).zip(shown.chunks(rv::BATCH)) {
                let outcomes = remover.remove(&mut redis, chunk_t, owner.as_ref())?;
                let mut ids = Vec::new();
                for (o, s) in outcomes.iter().zip(chunk_s) {
                    match o {
                        Outcome::Deleted => {
                            ids.push(s.id.clone());
                            report.rows.push(SessionSummary::new(s));
                        }
                        Outcome::Gone => {}
                        Outcome::Changed => left_changed.push(s.id.clone()),
                    }
                }
                report.deleted += ids.len() as u64;
                audit.write(
                    "batch",
                    &json!({ "pass": report.passes, "deleted": ids, "left_changed": left_changed }),
                    "ok",
                )?;
                report.sessions.extend(ids);
            }
            report.not_removed = cached_db;
            if removable == 0 {
                report.clean = true;
                break;
            }
            if !args.until_clean || report.passes >= args.max_passes {
                break;
            }
            found = find(&mut redis, &preset, user, args, &mut report)?;
        }
        report.not_removed.extend(left_changed);
        if args.until_clean && !report.clean {
            sink.warning(&format!(
                "--until-clean: stopped after {} passes (--max-passes) with sessions of user {user} still being found",
                report.passes
            ))?;
        }
        audit.write(
            "done",
            &json!({
                "deleted": report.deleted,
                "passes": report.passes,
                "clean": report.clean,
                "not_removed": report.not_removed,
            }),
            if report.not_removed.is_empty() {
                "ok"
            } else {
                "partial"
            },
        )?;
        Ok(if report.not_removed.is_empty() {
            Exit::Ok
        } else {
            Exit::Failure
        })
    })?;
    if !report.not_removed.is_empty() && report.store == PresetKind::Django.name() {
        sink.warning(CACHED_DB_NOTE)?;
    }
    sink.revoke(RevokeEvent::RevokeUser(&report))?;
    Ok(exit)
}

/// For JSON stores, what the delete script needs to re-check a session that changed.
fn json_owner(preset: &Preset, user: &str) -> Option<JsonOwner> {
    matches!(preset.kind, PresetKind::ConnectRedis | PresetKind::Json).then(|| JsonOwner {
        user: user.to_owned(),
        paths: preset.user_fields.clone(),
    })
}

/// One discovery pass: the user's sessions, each read and decoded (the raw record is what the
/// check-and-delete compares with). Adds the keys looked at to `report.scanned`.
fn find(
    redis: &mut RedisStore,
    preset: &Preset,
    user: &str,
    args: &RevokeUserArgs,
    report: &mut RevokeUserReport,
) -> anyhow::Result<Vec<(store::RawRecord, store::Session)>> {
    let mut keys: Vec<Vec<u8>> = Vec::new();
    let mut scan = true;
    if preset.kind == PresetKind::SpringSession {
        let prefix = &preset.prefix;
        let index = spring_index_key(&spring_namespace(prefix), user);
        let (exists, members): (bool, Vec<Vec<u8>>) = redis::pipe()
            .cmd("EXISTS")
            .arg(&index)
            .cmd("SMEMBERS")
            .arg(&index)
            .query(redis.connection())
            .map_err(|e| store_error(redis, "reading the principal index", &e))?;
        if exists {
            report.used_index = true;
            scan = args.full_scan;
            report.scanned += members.len() as u64;
            keys.extend(
                members
                    .iter()
                    .filter_map(|m| parse_java_string(m))
                    .map(|id| [prefix.as_slice(), id.as_bytes()].concat()),
            );
        }
    }
    if scan {
        let scanned = store::scan_sessions(
            redis,
            preset,
            args.scan_count as usize,
            Some(user),
            &mut |_| Ok(()),
            &mut |s| {
                keys.push(s.key);
                Ok(true)
            },
        )?;
        report.scanned += scanned;
    }
    keys.sort();
    keys.dedup();
    let mut out = Vec::new();
    for chunk in keys.chunks(rv::BATCH) {
        out.extend(
            load(redis, preset, chunk)?
                .into_iter()
                .filter(|(_, s)| user_matches(s.user.as_deref(), user)),
        );
    }
    Ok(out)
}
