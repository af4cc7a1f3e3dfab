//! `sessctl revoke-user USER`: a short composition of the revocation pipeline in
//! [`crate::store::revocation`]: find → (dry run: report) → confirm → execute, with the audit log
//! observing every step → report. The report is printed in every case, also when the run stopped
//! midway; then the run's error, if any, ends the command.

use crate::audit::{AuditLog, Invoker};
use crate::cli::RevokeUserArgs;
use crate::commands::removal::store_json;
use crate::context::Ctx;
use crate::exit::Exit;
use crate::prompt::{self, Decision, TtyPrompter};
use crate::report::Sink;
use crate::report::revoke::{
    CutoffReport, RevokeEvent, RevokeUserReport, UndecidableItem, UnscannedItem,
};
use crate::report::sessions::SessionSummary;
use crate::store::cluster::Unscanned;
use crate::store::denylist::Denylist;
use crate::store::preset::{CACHED_DB_NOTE, Kind};
use crate::store::redis::RedisStore;
use crate::store::revocation::{self, Cutoff, Found, Outcome, Plan, Request};

/// Runs `revoke-user`: find → (dry run: report) → confirm → execute, the audit log observing →
/// report → the run's error or exit status.
///
/// # Errors
/// Connection and preset errors, a refusal (no terminal and no `--yes`), Redis failures (after
/// the partial report is printed), a cut-off that could not be recorded, output errors.
pub(crate) fn run(args: &RevokeUserArgs, ctx: &Ctx, sink: &mut dyn Sink) -> anyhow::Result<Exit> {
    let (mut redis, preset) = crate::commands::connect::open(ctx, sink)?;
    let denylist = Denylist {
        prefix: args.denylist.denylist_prefix.clone(),
    };
    crate::store::acl::note_denylist(&denylist.prefix);
    let req = request(args, &denylist, ctx.now);
    let plan = revocation::find(&mut redis, &preset, &req)?;
    let mut report = new_report(&req, preset.kind, &plan);
    if args.dry_run {
        warn_undecidable(sink, &report)?;
        sink.revoke(RevokeEvent::RevokeUser(&report))?;
        if let Some(u) = plan.unscanned {
            return Err(anyhow::Error::new(u).context(format!(
                "revoke-user {} --dry-run: the sessions listed are those of the nodes reached",
                args.user
            )));
        }
        return Ok(exit_status(report.undecidable.is_empty()));
    }
    let mut audit = AuditLog::open(
        args.audit.audit_log.as_deref(),
        &Invoker::detect(),
        "revoke-user",
        store_json(&redis, &preset),
    )?;
    let question = question(args, &report, &redis);
    if prompt::confirm(args.yes, ctx.stdin_tty, &mut TtyPrompter, &question)? == Decision::Declined
    {
        anyhow::bail!("not confirmed: nothing was deleted");
    }
    let outcome = revocation::execute(&mut redis, &preset, &req, plan, &mut audit);
    fill_report(&mut report, &outcome);
    warn(sink, args, &report, &outcome)?;
    sink.revoke(RevokeEvent::RevokeUser(&report))?;
    finish(args, outcome)
}

/// The pipeline's request from the command line.
fn request<'a>(args: &'a RevokeUserArgs, denylist: &'a Denylist, now: i64) -> Request<'a> {
    Request {
        user: &args.user,
        full_scan: args.full_scan,
        scan_count: args.scan_count as usize,
        include_undecodable_matching: args.include_undecodable_matching,
        until_clean: args.until_clean,
        max_passes: args.max_passes,
        cutoff: (!args.no_cutoff).then_some(Cutoff {
            denylist,
            claim: &args.user_claim,
            at: now,
        }),
    }
}

/// What the confirmation asks.
fn question(args: &RevokeUserArgs, report: &RevokeUserReport, redis: &RedisStore) -> String {
    format!(
        "delete {}{} of user {} from {} at {}{}{}{}",
        crate::commands::removal::count(report.sessions.len()),
        match report.stale_index_removed.len() {
            0 => String::new(),
            n => format!(" and {}", crate::commands::removal::stale_entries(n)),
        },
        crate::sanitize::text(&args.user),
        report.store,
        redis.shown(),
        if args.no_cutoff {
            ""
        } else {
            " and revoke the user's JWTs issued until now"
        },
        match report.undecidable.len() {
            0 => String::new(),
            n => format!(" ({n} undecodable records stay: see --dry-run)"),
        },
        // On a Redis Cluster with a node down: what the user is not told otherwise until after.
        match report.unscanned.len() {
            0 => String::new(),
            n => format!(
                " (not scanned: {n} cluster node{} down, whose sessions stay: {})",
                if n == 1 { "" } else { "s" },
                report
                    .unscanned
                    .iter()
                    .map(|u| crate::sanitize::text(u.node.as_deref().unwrap_or("no primary")))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    )
}

/// The warnings of a run, on stderr, before its report.
fn warn(
    sink: &mut dyn Sink,
    args: &RevokeUserArgs,
    report: &RevokeUserReport,
    outcome: &Outcome,
) -> anyhow::Result<()> {
    if args.until_clean && !outcome.clean && outcome.error.is_none() {
        sink.warning(&format!(
            "--until-clean: stopped after {} passes without a clean pass (--max-passes {})",
            outcome.passes, args.max_passes
        ))?;
    }
    if outcome
        .not_removed
        .iter()
        .any(|(_, why)| *why == CACHED_DB_NOTE)
    {
        sink.warning(CACHED_DB_NOTE)?;
    }
    warn_undecidable(sink, report)
}

/// The run's end, after its report: what stopped it, a cut-off that could not be recorded, or
/// exit 1 when something of the user remains or is undecidable.
fn finish(args: &RevokeUserArgs, outcome: Outcome) -> anyhow::Result<Exit> {
    if let Some(e) = outcome.error {
        if e.is::<Unscanned>() {
            return Err(e.context(format!(
                "revoke-user {} removed {} sessions on the nodes it reached, but not all of them",
                args.user,
                outcome.deleted.len()
            )));
        }
        return Err(e.context(format!(
            "revoke-user {} stopped after removing {} sessions ({} in flight, {} not reached)",
            args.user,
            outcome.deleted.len(),
            outcome.in_flight.len(),
            outcome.not_reached.len()
        )));
    }
    if let Some(e) = outcome.cutoff_error {
        anyhow::bail!(
            "the sessions were removed, but the JWT cut-off for user {} was not recorded: {e}",
            args.user
        );
    }
    Ok(exit_status(
        outcome.not_removed.is_empty() && outcome.undecidable.is_empty(),
    ))
}

fn exit_status(all_done: bool) -> Exit {
    if all_done { Exit::Ok } else { Exit::Failure }
}

/// The report of what `plan` found (for `--dry-run`, what would be removed).
fn new_report(req: &Request<'_>, kind: Kind, plan: &Plan) -> RevokeUserReport {
    let include = req.include_undecodable_matching;
    let removable: Vec<&Found> = plan.removable(include).collect();
    RevokeUserReport {
        user: req.user.to_owned(),
        store: kind.name(),
        deleted: 0,
        sessions: removable.iter().map(|f| f.session.id.clone()).collect(),
        dry_run: true,
        scanned: plan.scanned,
        passes: 1,
        clean: plan.is_clean(include),
        used_index: plan.used_index,
        not_removed: plan.cached_db.iter().map(|s| s.id.clone()).collect(),
        stale_index_removed: plan.stale.iter().map(|s| s.id.clone()).collect(),
        undecidable: plan.undecidable(include).map(undecidable_item).collect(),
        in_flight: Vec::new(),
        not_reached: Vec::new(),
        unscanned: unscanned_items(plan.unscanned.as_ref()),
        cutoff: None,
        cutoff_error: None,
        error: None,
        rows: removable
            .iter()
            .map(|f| SessionSummary::new(&f.session))
            .collect(),
    }
}

/// The report of what was done.
fn fill_report(r: &mut RevokeUserReport, o: &Outcome) {
    r.dry_run = false;
    r.deleted = o.deleted.len() as u64;
    r.sessions = o.deleted.iter().map(|s| s.id.clone()).collect();
    r.rows = o.deleted.iter().map(SessionSummary::new).collect();
    r.scanned = o.scanned;
    r.passes = o.passes;
    r.clean = o.clean;
    r.used_index = o.used_index;
    r.not_removed = o.not_removed.iter().map(|(id, _)| id.clone()).collect();
    r.stale_index_removed.clone_from(&o.stale_index_removed);
    r.undecidable = o.undecidable.iter().map(undecidable_item).collect();
    r.in_flight.clone_from(&o.in_flight);
    r.not_reached.clone_from(&o.not_reached);
    r.unscanned = unscanned_items(o.unscanned.as_ref());
    r.cutoff = o.cutoff.as_ref().map(|(key, at)| CutoffReport {
        key: key.clone(),
        at: *at,
    });
    r.cutoff_error.clone_from(&o.cutoff_error);
    r.error = o.error.as_ref().map(|e| format!("{e:#}"));
}

fn unscanned_items(u: Option<&Unscanned>) -> Vec<UnscannedItem> {
    u.iter()
        .flat_map(|u| &u.parts)
        .map(|p| UnscannedItem {
            node: p.node.clone(),
            slots: p.slots.clone(),
            error: p.why.clone(),
        })
        .collect()
}

fn undecidable_item(f: &Found) -> UndecidableItem {
    UndecidableItem {
        id: f.session.id.clone(),
        key: f.session.key_text.clone(),
        reason: f.session.data.as_ref().err().cloned().unwrap_or_default(),
        size: f.session.size,
        mentions_user: f.mentions_user,
    }
}

fn warn_undecidable(sink: &mut dyn Sink, r: &RevokeUserReport) -> anyhow::Result<()> {
    if r.undecidable.is_empty() {
        return Ok(());
    }
    let mentioning = r.undecidable.iter().filter(|u| u.mentions_user).count();
    sink.warning(&format!(
        "{} record{} under the store could not be decoded, so whose owner is unknown, left in place ({mentioning} mention user {} as a token; --include-undecodable-matching removes those): {}",
        r.undecidable.len(),
        if r.undecidable.len() == 1 { "" } else { "s" },
        r.user,
        r.undecidable
            .iter()
            .map(|u| format!("{} ({})", u.id, u.reason))
            .collect::<Vec<_>>()
            .join(", ")
    ))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn errors_are_classified_after_the_report() {
        // The exit code of a run that stopped midway comes from the error's chain (a lost
        // connection stays exit 3 under the context added above).
        let e = anyhow::Error::new(crate::exit::ConnectError("gone".into()))
            .context("revoke-user 42 stopped");
        assert_eq!(crate::exit::classify(&e), crate::exit::Exit::Connection);
    }
}
