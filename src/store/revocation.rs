//! Revoking a user, as a pipeline: [`find`] the user's sessions, and every record whose owner
//! cannot be read, into a [`Plan`]; the caller shows or confirms it; [`execute`] removes them pass
//! by pass (each session with a check-and-delete, see [`super::revoke`]), then records the JWT
//! cut-off; the [`Outcome`] says exactly what happened, also when the run stopped midway. Every
//! step is announced to an [`Observer`] (the audit log): a batch is announced *before* it is sent,
//! so that a run that dies with a batch in flight still leaves its ids behind.
//!
//! The rules the outcome keeps:
//! - a session is removed only while its bytes are the ones that were decoded and found to be the
//!   user's (one rule for the listing and the delete: sessctl's decoder);
//! - a record under the store's prefix that cannot be decoded has an unknown owner: it is
//!   reported (`undecidable`), never silently dropped, and never removed unless the caller asked
//!   for the records that mention the user ([`Request::include_undecodable_matching`]);
//! - spring-session's principal index is left clean: a member of the user's index whose session
//!   hash no longer exists (a stale member, which Spring leaves behind) is removed with a checked
//!   `SREM` (only while that session is still absent: a session re-created meanwhile keeps its
//!   entry); another user's index is never touched;
//! - `clean` is true only when a pass found nothing of the user left (no session, no stale index
//!   member) and nothing undecidable, and scanned the whole store;
//! - on a Redis Cluster with a primary down, or slots that moved during the scan and could not be
//!   scanned again, a pass acts on what it reached: the plan names the part it did not scan
//!   ([`Plan::unscanned`]), the user's sessions elsewhere are still removed, `--until-clean`
//!   makes another pass (which reads the slot map again), and the outcome ends with the last
//!   pass's part as its error (`clean: false`, exit 1);
//! - the JWT cut-off is recorded first (the user's tokens stop working at once wherever the
//!   application checks it, so a user logging in again cannot outrun `--until-clean`), but its
//!   failure never stops the revocation: a server refusing writes (OOM) still lets the sessions go
//!   (`UNLINK` works under `maxmemory`), the cut-off is tried again after them, and a second
//!   failure is a loud error.
//!
//! Must not import `cli`, `commands`, `report` or `output`.

use serde_json::Value;

use super::cluster::Unscanned;
use super::denylist::Denylist;
use super::preset::{CACHED_DB_NOTE, Preset};
use super::redis::RedisStore;
use super::revoke::{
    self, Outcome as Removal, Remover, Target, stale_member_target, store_error, target_for,
};
use super::{
    Filter, RawRecord, RawValue, Session, escape_key, load_each, scan_sessions, user_matches,
};

/// What to revoke, and how.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// The user id (compared exactly, as text).
    pub user: &'a str,
    /// Scan the whole store even where a per-user index exists.
    pub full_scan: bool,
    /// The SCAN COUNT hint.
    pub scan_count: usize,
    /// Also remove undecodable records whose bytes mention the user id as a whole token.
    pub include_undecodable_matching: bool,
    /// Repeat passes until one finds nothing of the user.
    pub until_clean: bool,
    /// The bound on passes.
    pub max_passes: u32,
    /// The JWT cut-off to record after the sessions are gone; `None` for `--no-cutoff`.
    pub cutoff: Option<Cutoff<'a>>,
}

/// A JWT cut-off to record.
#[derive(Debug, Clone)]
pub struct Cutoff<'a> {
    /// Where.
    pub denylist: &'a Denylist,
    /// The claim it applies to.
    pub claim: &'a str,
    /// The cut-off time, unix seconds.
    pub at: i64,
}

/// A record to remove (or that could be): the session as found and its check-and-delete.
#[derive(Debug, Clone)]
pub struct Found {
    /// The session as decoded (its decoded value is not kept), or the error that stopped it.
    pub session: Session,
    /// How to remove it.
    pub target: Target,
    /// For an undecodable record: its bytes (inflated, where compressed) hold the user id as a
    /// whole token.
    pub mentions_user: bool,
}

/// A member of the user's principal index whose session does not exist.
#[derive(Debug, Clone)]
pub struct Stale {
    /// The session id it names (escaped like `sessions list`'s).
    pub id: String,
    /// Its checked `SREM`.
    pub target: Target,
}

/// What a pass found.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// The user's sessions.
    pub sessions: Vec<Found>,
    /// Members of the user's principal index (spring-session) that name no session.
    pub stale: Vec<Stale>,
    /// Records under the store's prefix that could not be decoded: their owner is unknown.
    pub undecodable: Vec<Found>,
    /// The user's django `cached_db` copies: the database holds the session, not Redis.
    pub cached_db: Vec<Session>,
    /// Keys looked at (index members included).
    pub scanned: u64,
    /// True when the store's per-user index was read.
    pub used_index: bool,
    /// On a Redis Cluster, the nodes (and slot ranges) the scan did not reach: what they hold
    /// is unknown.
    pub unscanned: Option<Unscanned>,
}

impl Plan {
    /// What [`execute`] removes: undecodable records that mention the user first (when asked
    /// for), then the user's sessions.
    pub fn removable(&self, include_undecodable: bool) -> impl Iterator<Item = &Found> {
        self.undecodable
            .iter()
            .filter(move |f| include_undecodable && f.mentions_user)
            .chain(&self.sessions)
    }

    /// The undecodable records that stay (not removed by the request).
    pub fn undecidable(&self, include_undecodable: bool) -> impl Iterator<Item = &Found> {
        self.undecodable
            .iter()
            .filter(move |f| !(include_undecodable && f.mentions_user))
    }

    /// True when nothing of the user (no session, no stale index member), and nothing
    /// undecidable, was found.
    pub fn is_clean(&self, include_undecodable: bool) -> bool {
        self.removable(include_undecodable).next().is_none()
            && self.stale.is_empty()
            && self.undecidable(include_undecodable).next().is_none()
            && self.cached_db.is_empty()
            && self.unscanned.is_none()
    }
}

/// One step of [`execute`], as the observer hears of it.
#[derive(Debug)]
pub enum Event<'a> {
    /// Before anything is changed.
    Start {
        /// The user.
        user: &'a str,
        /// Records to remove in the first pass.
        removing: usize,
        /// Stale principal index members to remove in the first pass.
        stale_index: usize,
        /// Undecidable records left alone.
        undecidable: usize,
    },
    /// A batch is about to be sent: until [`Event::Batch`], its outcome is unknown.
    Sent {
        /// The pass (from 1).
        pass: u32,
        /// The session ids in it.
        ids: &'a [String],
    },
    /// A batch's outcome.
    Batch {
        /// The pass.
        pass: u32,
        /// Removed.
        deleted: &'a [String],
        /// Already gone.
        gone: &'a [String],
        /// Changed since they were read: left for the next pass.
        changed: &'a [String],
    },
    /// Stale principal index members are about to be removed: until [`Event::StaleBatch`],
    /// the outcome is unknown.
    StaleSent {
        /// The pass.
        pass: u32,
        /// The session ids they name.
        ids: &'a [String],
    },
    /// The outcome of removing stale principal index members.
    StaleBatch {
        /// The pass.
        pass: u32,
        /// Removed from the index.
        removed: &'a [String],
        /// No longer in the index (removed by someone else meanwhile).
        gone: &'a [String],
        /// Their session exists again: the member was kept.
        recreated: &'a [String],
    },
    /// The JWT cut-off was recorded.
    Cutoff {
        /// Its key.
        key: &'a str,
        /// Its time.
        at: i64,
    },
    /// Recording the JWT cut-off failed.
    CutoffFailed {
        /// Why.
        error: &'a str,
    },
    /// The run ended (see the outcome's `error`).
    Finished(&'a Outcome),
}

/// Hears every step of [`execute`] (the audit log). An error stops the run before its next
/// change: a revocation never goes on unrecorded.
pub trait Observer {
    /// One step.
    ///
    /// # Errors
    /// The step could not be recorded.
    fn event(&mut self, event: &Event<'_>) -> anyhow::Result<()>;
}

/// An observer that records nothing.
#[derive(Debug, Default)]
pub struct Unobserved;

impl Observer for Unobserved {
    fn event(&mut self, _: &Event<'_>) -> anyhow::Result<()> {
        Ok(())
    }
}

/// What [`execute`] did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Removed, in order.
    pub deleted: Vec<Session>,
    /// Of the user but not removed: ids with why (`changed`, `recreated`, or the `cached_db`
    /// note).
    pub not_removed: Vec<(String, &'static str)>,
    /// Ids named by stale principal index members that were removed from the index, in order.
    pub stale_index_removed: Vec<String>,
    /// Undecodable records left in place (the last pass's).
    pub undecidable: Vec<Found>,
    /// Ids of the batch that was sent when the run failed: their outcome is unknown.
    pub in_flight: Vec<String>,
    /// Ids found but never sent, because the run stopped.
    pub not_reached: Vec<String>,
    /// Passes made.
    pub passes: u32,
    /// Keys looked at over all passes.
    pub scanned: u64,
    /// True when a per-user index was used.
    pub used_index: bool,
    /// On a Redis Cluster, what the last pass could not scan (then `error` says so too).
    pub unscanned: Option<Unscanned>,
    /// True when the last pass found nothing of the user and nothing undecidable, and the run
    /// did not fail.
    pub clean: bool,
    /// The cut-off recorded: (key, time).
    pub cutoff: Option<(String, i64)>,
    /// Why the cut-off could not be recorded.
    pub cutoff_error: Option<String>,
    /// What stopped the run, if anything did.
    pub error: Option<anyhow::Error>,
}

/// Why a session of the user was left: it changed between the read and the delete.
pub const CHANGED: &str = "changed since it was read";

/// Why a stale index member of the user was left: its session exists again.
pub const RECREATED: &str = "its session was re-created since it was read";

/// One discovery pass: the user's sessions (the store's own index of them when it keeps one,
/// spring-session's principal index; SCAN otherwise or as well with `full_scan`), each read and decoded, and every record
/// under the store's prefix whose owner could not be read.
///
/// # Errors
/// Redis failures.
pub fn find(store: &mut RedisStore, preset: &Preset, req: &Request<'_>) -> anyhow::Result<Plan> {
    let user = req.user;
    let mut plan = Plan::default();
    let mut keys: Vec<Vec<u8>> = Vec::new();
    // The index's members, with the session key each names: (key, member, id).
    let mut indexed: Vec<(Vec<u8>, Vec<u8>, String)> = Vec::new();
    let mut index_key = Vec::new();
    let mut scan = true;
    if let Some(index) = preset.kind.user_index(store, preset, user)? {
        plan.used_index = true;
        scan = req.full_scan;
        plan.scanned += index.read;
        for (key, member, id) in index.members {
            keys.push(key.clone());
            indexed.push((key, member, id));
        }
        index_key = index.key;
    }
    if scan {
        let scanned = scan_sessions(
            store,
            preset,
            req.scan_count,
            Filter::UserOrUndecodable(user),
            &mut |_| Ok(()),
            &mut |s| {
                keys.push(s.key);
                Ok(true)
            },
        );
        plan.scanned += match scanned {
            Ok(n) => n,
            // A cluster node down: the user's sessions on the others are still found.
            Err(e) => match e.downcast::<Unscanned>() {
                Ok(u) => {
                    let n = u.scanned;
                    plan.unscanned = Some(u);
                    n
                }
                Err(e) => return Err(e),
            },
        };
    }
    keys.sort();
    keys.dedup();
    let mut seen: std::collections::HashSet<Vec<u8>> = std::collections::HashSet::new();
    for chunk in keys.chunks(revoke::BATCH) {
        load_each(store, preset, chunk, &mut |raw, session| {
            seen.insert(raw.key.clone());
            classify(preset, user, &raw, session, &mut plan);
            Ok(())
        })?;
    }
    indexed.retain(|(key, _, _)| !seen.contains(key));
    plan.stale = absent(store, &index_key, indexed)?;
    Ok(plan)
}

/// Of the index members whose session was not loaded, those whose key does not exist (a key of
/// another type exists: its member is not stale).
fn absent(
    store: &mut RedisStore,
    index: &[u8],
    candidates: Vec<(Vec<u8>, Vec<u8>, String)>,
) -> anyhow::Result<Vec<Stale>> {
    let mut stale = Vec::new();
    for chunk in candidates.chunks(revoke::BATCH) {
        // One pipeline per hash slot on a Redis Cluster (one in all on one server).
        let keys: Vec<&[u8]> = chunk.iter().map(|(k, _, _)| k.as_slice()).collect();
        let mut exists = vec![true; chunk.len()];
        for group in store.same_slot_groups(&keys) {
            let mut p = ::redis::pipe();
            for &i in &group {
                p.cmd("EXISTS").arg(keys[i]);
            }
            let got: Vec<bool> = p
                .query(store.connection_for(keys[group[0]])?)
                .map_err(|e| store_error(store, "checking the principal index's sessions", &e))?;
            for (&i, e) in group.iter().zip(got) {
                exists[i] = e;
            }
        }
        for ((key, member, id), exists) in chunk.iter().zip(exists) {
            if !exists {
                stale.push(Stale {
                    id: escape_key(id.as_bytes()),
                    target: stale_member_target(key, index, member),
                });
            }
        }
    }
    Ok(stale)
}

/// An index set that names a session id, and the checked `SREM` that removes the member.
#[derive(Debug, Clone)]
pub struct IndexMember {
    /// The index set's key.
    pub index: Vec<u8>,
    /// Its `SREM`, only while no session has the id.
    pub target: Target,
}

/// A store's own index of one user's sessions, as read (spring-session's principal index; see
/// [`crate::store::preset::Layout::user_index`]).
#[derive(Debug, Clone)]
pub struct UserIndex {
    /// The index's key.
    pub key: Vec<u8>,
    /// Its members that name a session: (session key, member, session id).
    pub members: Vec<(Vec<u8>, Vec<u8>, String)>,
    /// Members read (those that name nothing sessctl can check included).
    pub read: u64,
}

/// For each id, the index entries of the store (spring-session's principal indexes) that name
/// it, with the checked `SREM` that removes each (only while no session has that id). Empty for
/// stores that keep no index.
///
/// # Errors
/// Redis failures.
pub fn index_entries(
    store: &mut RedisStore,
    preset: &Preset,
    ids: &[Vec<u8>],
) -> anyhow::Result<Vec<Vec<IndexMember>>> {
    preset.kind.index_entries(store, preset, ids)
}

/// Files one loaded record into the plan: the user's, undecodable, or neither (changed since
/// the scan, or another user's).
fn classify(preset: &Preset, user: &str, raw: &RawRecord, mut session: Session, plan: &mut Plan) {
    if session.is_error() {
        let target = target_for(preset, raw, &session);
        let mentions_user = mentions(preset, raw, user);
        plan.undecodable.push(Found {
            session,
            target,
            mentions_user,
        });
    } else if user_matches(session.user.as_deref(), user) {
        if session.note == Some(CACHED_DB_NOTE) {
            session.data = Ok(Value::Null);
            plan.cached_db.push(session);
            return;
        }
        let target = target_for(preset, raw, &session);
        // Only the summary is needed from here on.
        session.data = Ok(Value::Null);
        plan.sessions.push(Found {
            session,
            target,
            mentions_user: true,
        });
    }
}

/// True when the record's bytes (inflated, where compressed) hold `user` as a whole token: not
/// preceded or followed by a letter, digit or `_`.
fn mentions(preset: &Preset, raw: &RawRecord, user: &str) -> bool {
    let check = |b: &[u8]| {
        let inflated = super::codec::compress::decompress(b, preset.limits.max_decompressed)
            .ok()
            .flatten();
        has_token(b, user.as_bytes()) || inflated.is_some_and(|p| has_token(&p, user.as_bytes()))
    };
    match &raw.value {
        RawValue::Bytes(b) => check(b),
        RawValue::Hash(fields) => fields.iter().any(|(_, v)| check(v)),
        _ => false,
    }
}

/// True when `needle` occurs in `hay` with no word byte (ASCII letter, digit, `_`) on either side.
pub fn has_token(hay: &[u8], needle: &[u8]) -> bool {
    if needle.is_empty() {
        return false;
    }
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    memchr::memmem::find_iter(hay, needle).any(|at| {
        let before = at.checked_sub(1).map(|i| hay[i]);
        let after = hay.get(at + needle.len()).copied();
        !before.is_some_and(word) && !after.is_some_and(word)
    })
}

/// Removes what `plan` found, pass after pass while `until_clean` asks for it, then records the
/// cut-off. Never fails as a whole: what stopped it is in the outcome's `error`, beside what was
/// done, what was in flight and what was not reached.
pub fn execute(
    store: &mut RedisStore,
    preset: &Preset,
    req: &Request<'_>,
    plan: Plan,
    observer: &mut dyn Observer,
) -> Outcome {
    let include = req.include_undecodable_matching;
    let mut out = Outcome {
        scanned: plan.scanned,
        used_index: plan.used_index,
        ..Outcome::default()
    };
    let start = Event::Start {
        user: req.user,
        removing: plan.removable(include).count(),
        stale_index: plan.stale.len(),
        undecidable: plan.undecidable(include).count(),
    };
    if let Err(e) = observer.event(&start) {
        out.error = Some(e);
        return out;
    }
    // The cut-off first: from now on the user's tokens are refused wherever the application
    // checks it, so a user logging in again during a long scan cannot keep minting sessions. A
    // refusal does not stop the revocation: the sessions still go, and it is tried again after.
    if let Some(c) = &req.cutoff {
        record_cutoff(store, req.user, c, observer, &mut out);
        if out.error.is_some() {
            return finish(out, observer);
        }
    }
    let mut plan = plan;
    let mut remover = Remover::new();
    loop {
        out.passes += 1;
        out.unscanned.clone_from(&plan.unscanned);
        let found: Vec<&Found> = plan.removable(include).collect();
        // The script is loaded before the first batch is announced: a refusal (a user without
        // `+script|load`) stops the run with nothing in flight.
        let loaded = if found.is_empty() && plan.stale.is_empty() {
            Ok(())
        } else {
            remover.load(store).map_err(|error| Stopped {
                deleted: Vec::new(),
                stale_removed: Vec::new(),
                in_flight: Vec::new(),
                // The stale index members are added below, as for any stopped pass.
                not_reached: found.iter().map(|f| f.session.id.clone()).collect(),
                error,
            })
        };
        // The sessions first, then the stale index members (each checked on the server).
        let pass = match loaded
            .and_then(|()| remove_pass(store, &mut remover, out.passes, &found, observer))
        {
            Ok(p) => match remove_stale(store, &mut remover, out.passes, &plan.stale, observer) {
                Ok(stale) => Ok((p, stale)),
                Err(mut stop) => {
                    stop.deleted = p.deleted;
                    Err(stop)
                }
            },
            Err(mut stop) => {
                // The stale index members were never sent either.
                stop.not_reached
                    .extend(plan.stale.iter().map(|s| s.id.clone()));
                Err(stop)
            }
        };
        let (changed, recreated) = match pass {
            Ok((p, stale)) => {
                out.deleted.extend(p.deleted);
                out.stale_index_removed.extend(stale.removed);
                (p.changed, stale.recreated)
            }
            Err(stop) => {
                out.deleted.extend(stop.deleted);
                out.stale_index_removed.extend(stop.stale_removed);
                out.in_flight = stop.in_flight;
                out.not_reached = stop.not_reached;
                out.error = Some(stop.error);
                out.undecidable = plan.undecidable(include).cloned().collect();
                // Not an earlier pass's list: what it left may be gone by now.
                out.not_removed = plan
                    .cached_db
                    .iter()
                    .map(|s| (s.id.clone(), CACHED_DB_NOTE))
                    .collect();
                break;
            }
        };
        out.undecidable = plan.undecidable(include).cloned().collect();
        out.not_removed = plan
            .cached_db
            .iter()
            .map(|s| (s.id.clone(), CACHED_DB_NOTE))
            .chain(changed.into_iter().map(|id| (id, CHANGED)))
            .chain(recreated.into_iter().map(|id| (id, RECREATED)))
            .collect();
        if found.is_empty() && plan.stale.is_empty() {
            out.clean =
                out.undecidable.is_empty() && out.not_removed.is_empty() && out.unscanned.is_none();
            // A pass that found nothing but did not scan everything (on a Redis Cluster, slots
            // that moved during the scan, or a node down) is no clean pass: --until-clean
            // goes on, and the next pass reads the slot map again.
            if out.clean || out.unscanned.is_none() {
                break;
            }
        }
        if !req.until_clean || out.passes >= req.max_passes {
            break;
        }
        // With a replica to read from, the next pass reads what the primary holds now.
        if let Err(e) = store.catch_up() {
            out.error = Some(e.context(format!("pass {}: finding sessions", out.passes + 1)));
            break;
        }
        match find(store, preset, req) {
            Ok(next) => {
                out.scanned += next.scanned;
                out.used_index |= next.used_index;
                plan = next;
            }
            Err(e) => {
                out.error = Some(e.context(format!("pass {}: finding sessions", out.passes + 1)));
                break;
            }
        }
    }
    // What the nodes reached held was dealt with; the run still ends as incomplete, naming the
    // part it could not scan.
    if out.error.is_none()
        && let Some(u) = &out.unscanned
    {
        out.error = Some(anyhow::Error::new(u.clone()));
    }
    // The cut-off is retried after the sessions when the first attempt failed (a server out of
    // memory refuses it, but still lets the sessions go); a second failure is the run's error.
    if out.cutoff.is_none()
        && let Some(c) = &req.cutoff
    {
        let unreachable = out
            .error
            .as_ref()
            .is_some_and(|e| e.downcast_ref::<crate::exit::ConnectError>().is_some());
        if unreachable {
            out.cutoff_error = Some(format!(
                "{}; not retried: the server could not be reached",
                out.cutoff_error.as_deref().unwrap_or("not recorded")
            ));
        } else {
            record_cutoff(store, req.user, c, observer, &mut out);
        }
    }
    finish(out, observer)
}

fn finish(mut out: Outcome, observer: &mut dyn Observer) -> Outcome {
    if let Err(e) = observer.event(&Event::Finished(&out)) {
        out.error.get_or_insert(e);
    }
    out
}

/// Records the cut-off; a failure is kept in `cutoff_error`, a failure to observe it in `error`.
fn record_cutoff(
    store: &mut RedisStore,
    user: &str,
    c: &Cutoff<'_>,
    observer: &mut dyn Observer,
    out: &mut Outcome,
) {
    match c.denylist.set_cutoff(store, c.claim, user, c.at) {
        Ok(key) => {
            let noted = observer.event(&Event::Cutoff {
                key: &key,
                at: c.at,
            });
            out.cutoff = Some((key, c.at));
            out.cutoff_error = None;
            if let Err(e) = noted {
                out.error.get_or_insert(e);
            }
        }
        Err(e) => {
            let msg = format!("{e:#}");
            if let Err(e) = observer.event(&Event::CutoffFailed { error: &msg }) {
                out.error.get_or_insert(e);
            }
            out.cutoff_error = Some(msg);
        }
    }
}

/// What one pass removed, and the ids left because they changed.
struct Pass {
    deleted: Vec<Session>,
    changed: Vec<String>,
}

/// A pass that stopped: what it had removed, the batch in flight, what it never sent.
struct Stopped {
    deleted: Vec<Session>,
    stale_removed: Vec<String>,
    in_flight: Vec<String>,
    not_reached: Vec<String>,
    error: anyhow::Error,
}

fn remove_pass(
    store: &mut RedisStore,
    remover: &mut Remover,
    pass: u32,
    found: &[&Found],
    observer: &mut dyn Observer,
) -> Result<Pass, Stopped> {
    let targets: Vec<Target> = found.iter().map(|f| f.target.clone()).collect();
    let ids =
        |from: &[&Found]| -> Vec<String> { from.iter().map(|f| f.session.id.clone()).collect() };
    let mut done = Pass {
        deleted: Vec::new(),
        changed: Vec::new(),
    };
    let mut start = 0;
    for end in revoke::batch_ends(&targets) {
        let batch = &found[start..end];
        let sent = ids(batch);
        let stop = |done: Pass, in_flight: Vec<String>, error| Stopped {
            deleted: done.deleted,
            stale_removed: Vec::new(),
            in_flight,
            not_reached: ids(&found[end..]),
            error,
        };
        if let Err(e) = observer.event(&Event::Sent { pass, ids: &sent }) {
            let mut s = stop(done, Vec::new(), e);
            s.not_reached = ids(&found[start..]);
            return Err(s);
        }
        let outcomes = match remover.remove_batch(store, &targets[start..end]) {
            Ok(o) => o,
            // What the calls before the failure answered is reported as done (on a cluster a
            // batch is several calls); the call that failed is in flight, unless it was refused
            // before it ran (ACL); the rest was not reached.
            Err(f) => {
                let (mut deleted, mut gone, mut changed) = (Vec::new(), Vec::new(), Vec::new());
                let (mut in_flight, mut not_reached) = (Vec::new(), Vec::new());
                for (i, (f_, o)) in batch.iter().zip(&f.known).enumerate() {
                    let id = f_.session.id.clone();
                    match o {
                        Some(Removal::Deleted) => {
                            deleted.push(id);
                            done.deleted.push(f_.session.clone());
                        }
                        Some(Removal::Gone) => gone.push(id),
                        Some(Removal::Changed) => changed.push(id),
                        None if f.sent.contains(&i) => in_flight.push(id),
                        None => not_reached.push(id),
                    }
                }
                if !(deleted.is_empty() && gone.is_empty() && changed.is_empty()) {
                    // The audit log learns what was done; the batch's error is what is said.
                    let _ = observer.event(&Event::Batch {
                        pass,
                        deleted: &deleted,
                        gone: &gone,
                        changed: &changed,
                    });
                }
                done.changed.extend(changed);
                let mut s = stop(done, in_flight, f.error);
                not_reached.append(&mut s.not_reached);
                s.not_reached = not_reached;
                return Err(s);
            }
        };
        let (mut deleted, mut gone, mut changed) = (Vec::new(), Vec::new(), Vec::new());
        for (f, o) in batch.iter().zip(outcomes) {
            let id = f.session.id.clone();
            match o {
                Removal::Deleted => {
                    deleted.push(id);
                    done.deleted.push(f.session.clone());
                }
                Removal::Gone => gone.push(id),
                Removal::Changed => changed.push(id),
            }
        }
        let noted = observer.event(&Event::Batch {
            pass,
            deleted: &deleted,
            gone: &gone,
            changed: &changed,
        });
        done.changed.extend(changed);
        if let Err(e) = noted {
            return Err(stop(done, Vec::new(), e));
        }
        start = end;
    }
    Ok(done)
}

/// What removing the stale index members did.
struct StaleDone {
    removed: Vec<String>,
    recreated: Vec<String>,
}

/// Removes stale principal index members, each only while its session is still absent, one
/// script call per batch, each announced before it is sent.
fn remove_stale(
    store: &mut RedisStore,
    remover: &mut Remover,
    pass: u32,
    stale: &[Stale],
    observer: &mut dyn Observer,
) -> Result<StaleDone, Stopped> {
    let targets: Vec<Target> = stale.iter().map(|s| s.target.clone()).collect();
    let ids = |from: &[Stale]| -> Vec<String> { from.iter().map(|s| s.id.clone()).collect() };
    let mut done = StaleDone {
        removed: Vec::new(),
        recreated: Vec::new(),
    };
    let mut start = 0;
    for end in revoke::batch_ends(&targets) {
        let batch = &stale[start..end];
        let sent = ids(batch);
        let stop = |done: StaleDone, in_flight: Vec<String>, from: usize, error| Stopped {
            deleted: Vec::new(),
            stale_removed: done.removed,
            in_flight,
            not_reached: ids(&stale[from..]),
            error,
        };
        if let Err(e) = observer.event(&Event::StaleSent { pass, ids: &sent }) {
            return Err(stop(done, Vec::new(), start, e));
        }
        let outcomes = match remover.remove_batch(store, &targets[start..end]) {
            Ok(o) => o,
            // As in `remove_pass`: what was answered counts, the failed call is in flight, the
            // rest was not reached.
            Err(f) => {
                let (mut removed, mut gone, mut recreated) = (Vec::new(), Vec::new(), Vec::new());
                let (mut in_flight, mut not_reached) = (Vec::new(), Vec::new());
                for (i, (s, o)) in batch.iter().zip(&f.known).enumerate() {
                    let id = s.id.clone();
                    match o {
                        Some(Removal::Deleted) => removed.push(id),
                        Some(Removal::Gone) => gone.push(id),
                        Some(Removal::Changed) => recreated.push(id),
                        None if f.sent.contains(&i) => in_flight.push(id),
                        None => not_reached.push(id),
                    }
                }
                if !(removed.is_empty() && gone.is_empty() && recreated.is_empty()) {
                    let _ = observer.event(&Event::StaleBatch {
                        pass,
                        removed: &removed,
                        gone: &gone,
                        recreated: &recreated,
                    });
                }
                done.removed.extend(removed);
                done.recreated.extend(recreated);
                let mut s = stop(done, in_flight, end, f.error);
                not_reached.append(&mut s.not_reached);
                s.not_reached = not_reached;
                return Err(s);
            }
        };
        let (mut removed, mut gone, mut recreated) = (Vec::new(), Vec::new(), Vec::new());
        for (s, o) in batch.iter().zip(outcomes) {
            match o {
                Removal::Deleted => removed.push(s.id.clone()),
                Removal::Gone => gone.push(s.id.clone()),
                Removal::Changed => recreated.push(s.id.clone()),
            }
        }
        let noted = observer.event(&Event::StaleBatch {
            pass,
            removed: &removed,
            gone: &gone,
            recreated: &recreated,
        });
        done.removed.extend(removed);
        done.recreated.extend(recreated);
        if let Err(e) = noted {
            return Err(stop(done, Vec::new(), end, e));
        }
        start = end;
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_whole() {
        assert!(has_token(b"user_id|i:42;", b"42"));
        assert!(has_token(br#"{"user":"42"}"#, b"42"));
        assert!(has_token(b"42", b"42"));
        assert!(!has_token(b"user_id|i:420;", b"42"));
        assert!(!has_token(b"a42", b"42"));
        assert!(!has_token(b"x_42", b"42"));
        assert!(has_token(b"420 and 42", b"42"));
        assert!(!has_token(b"anything", b""));
    }
}
