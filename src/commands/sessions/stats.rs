//! `sessctl sessions stats`: the numbers wanted first in an incident.

use std::collections::HashMap;

use crate::cli::StatsArgs;
use crate::context::Ctx;
use crate::exit::Exit;
use crate::report::Sink;
use crate::report::sessions::{Bucket, SessionEvent, StatsReport, TopUser};
use crate::store::{self, preset::CACHED_DB_NOTE};

const TTL_BUCKETS: [(&str, i64); 6] = [
    ("< 1m", 60),
    ("1m-1h", 3600),
    ("1h-1d", 86_400),
    ("1d-7d", 7 * 86_400),
    ("7d-30d", 30 * 86_400),
    (">= 30d", i64::MAX),
];

const SIZE_BUCKETS: [(&str, u64); 5] = [
    ("< 1 KiB", 1 << 10),
    ("1-10 KiB", 10 << 10),
    ("10-100 KiB", 100 << 10),
    ("100K-1 MiB", 1 << 20),
    (">= 1 MiB", u64::MAX),
];

/// Runs `sessions stats`.
///
/// # Errors
/// Connection and preset errors, Redis failures, output errors.
pub(crate) fn run(args: &StatsArgs, ctx: &Ctx, sink: &mut dyn Sink) -> anyhow::Result<Exit> {
    let (mut redis, preset) = crate::commands::connect::open(ctx, sink)?;
    let mut r = StatsReport {
        store: preset.kind.name(),
        scanned: 0,
        sessions: 0,
        logged_in: 0,
        anonymous: 0,
        distinct_users: 0,
        top_users: Vec::new(),
        never_expire: 0,
        undecodable: 0,
        total_bytes: 0,
        max_size: 0,
        ttl_histogram: Vec::new(),
        size_histogram: Vec::new(),
        notes: Vec::new(),
    };
    let mut users: HashMap<String, u64> = HashMap::new();
    let mut ttl = [0u64; TTL_BUCKETS.len() + 1];
    let mut size = [0u64; SIZE_BUCKETS.len()];
    let mut cached_db = false;
    let sink_cell = std::cell::RefCell::new(&mut *sink);
    r.scanned = store::scan_sessions(
        &mut redis,
        &preset,
        args.scan_count as usize,
        store::Filter::All,
        &mut |n| Ok(sink_cell.borrow_mut().sessions(SessionEvent::Progress(n))?),
        &mut |s| {
            r.sessions += 1;
            r.total_bytes += s.size;
            r.max_size = r.max_size.max(s.size);
            cached_db |= s.note == Some(CACHED_DB_NOTE);
            match (&s.user, s.is_error()) {
                (_, true) => r.undecodable += 1,
                (Some(u), _) => {
                    r.logged_in += 1;
                    *users.entry(u.clone()).or_insert(0) += 1;
                }
                (None, false) => r.anonymous += 1,
            }
            match s.ttl {
                None => {
                    r.never_expire += 1;
                    ttl[TTL_BUCKETS.len()] += 1;
                }
                Some(t) => {
                    let i = TTL_BUCKETS
                        .iter()
                        .position(|(_, max)| t < *max)
                        .unwrap_or(TTL_BUCKETS.len() - 1);
                    ttl[i] += 1;
                }
            }
            let i = SIZE_BUCKETS
                .iter()
                .position(|(_, max)| s.size < *max)
                .unwrap_or(SIZE_BUCKETS.len() - 1);
            size[i] += 1;
            Ok(true)
        },
    )?;
    r.distinct_users = users.len() as u64;
    let mut top: Vec<(String, u64)> = users.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    top.truncate(args.top);
    r.top_users = top
        .into_iter()
        .map(|(user, sessions)| TopUser { user, sessions })
        .collect();
    r.ttl_histogram = TTL_BUCKETS
        .iter()
        .map(|(b, _)| *b)
        .chain(["never"])
        .zip(ttl)
        .map(|(bucket, count)| Bucket { bucket, count })
        .collect();
    r.size_histogram = SIZE_BUCKETS
        .iter()
        .zip(size)
        .map(|((bucket, _), count)| Bucket { bucket, count })
        .collect();
    if cached_db {
        r.notes.push(CACHED_DB_NOTE.to_owned());
    }
    sink.sessions(SessionEvent::Stats(&r))?;
    Ok(Exit::Ok)
}
