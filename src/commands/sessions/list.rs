//! `sessctl sessions list`: scan, filter by user, sort, limit; rows stream unless sorted.

use crate::cli::{ListArgs, SortKey};
use crate::context::Ctx;
use crate::exit::{self, Exit};
use crate::report::Sink;
use crate::report::sessions::{ListFooter, SessionEvent, SessionSummary};
use crate::store;

/// Runs `sessions list`.
///
/// # Errors
/// Connection and preset errors, Redis failures, output errors.
pub(crate) fn run(args: &ListArgs, ctx: &Ctx, sink: &mut dyn Sink) -> anyhow::Result<Exit> {
    let (mut redis, preset) = crate::commands::connect::open(ctx, sink)?;
    sink.sessions(SessionEvent::ListBegin)?;
    let mut footer = ListFooter {
        store: preset.kind.name(),
        scanned: 0,
        matched: 0,
        undecodable: 0,
        never_expire: 0,
        truncated: false,
        error: None,
    };
    let limit = args.limit.unwrap_or(usize::MAX);
    let mut held: Vec<SessionSummary> = Vec::new();
    let sorting = args.sort.is_some();
    let mut seen = 0;
    let scanned = {
        let sink_cell = std::cell::RefCell::new(&mut *sink);
        let footer_ref = &mut footer;
        let held_ref = &mut held;
        let seen = &mut seen;
        store::scan_sessions(
            &mut redis,
            &preset,
            args.scan_count as usize,
            args.user
                .as_deref()
                .map_or(store::Filter::All, store::Filter::User),
            &mut |n| {
                *seen = n;
                Ok(sink_cell.borrow_mut().sessions(SessionEvent::Progress(n))?)
            },
            &mut |s| {
                let summary = SessionSummary::new(&s);
                drop(s);
                if sorting {
                    held_ref.push(summary);
                    return Ok(true);
                }
                count(footer_ref, &summary);
                sink_cell
                    .borrow_mut()
                    .sessions(SessionEvent::Item(&summary))?;
                if footer_ref.matched as usize >= limit {
                    footer_ref.truncated = true;
                    return Ok(false);
                }
                Ok(true)
            },
        )
    };
    // After a failure the rows found so far are printed, then the error (unless the output
    // itself is what failed).
    let (scanned, failure) = match scanned {
        Ok(n) => (n, None),
        Err(e) if exit::is_broken_pipe(&e) => return Err(e),
        Err(e) => (seen, Some(e)),
    };
    footer.scanned = scanned;
    if let Some(key) = args.sort {
        sort(&mut held, key);
        if held.len() > limit {
            held.truncate(limit);
            footer.truncated = true;
        }
        for s in &held {
            count(&mut footer, s);
            sink.sessions(SessionEvent::Item(s))?;
        }
    }
    footer.error = failure.as_ref().map(|e| format!("{e:#}"));
    sink.sessions(SessionEvent::ListEnd(&footer))?;
    match failure {
        Some(e) => Err(e.context("sessions list stopped before the end of the scan")),
        None => Ok(Exit::Ok),
    }
}

fn count(f: &mut ListFooter, s: &SessionSummary) {
    f.matched += 1;
    f.undecodable += u64::from(s.error.is_some());
    f.never_expire += u64::from(s.ttl.is_none());
}

fn sort(v: &mut [SessionSummary], key: SortKey) {
    match key {
        SortKey::Ttl => v.sort_by_key(|s| (s.ttl.is_none(), s.ttl, s.id.clone())),
        SortKey::Size => v.sort_by(|a, b| b.size.cmp(&a.size).then_with(|| a.id.cmp(&b.id))),
        SortKey::User => v.sort_by(|a, b| {
            (a.user.is_none(), &a.user, &a.id).cmp(&(b.user.is_none(), &b.user, &b.id))
        }),
        SortKey::Id => v.sort_by(|a, b| a.id.cmp(&b.id)),
    }
}
