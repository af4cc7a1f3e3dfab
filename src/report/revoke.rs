//! The JSON contract of the destructive commands: `sessions expire|delete`, `revoke-user`,
//! `jwt revoke`. Field doc comments are the reference docs/revocation.md repeats.

use serde::Serialize;

use super::sessions::SessionSummary;

/// One id of `sessions expire`.
#[derive(Debug, Clone, Serialize)]
pub struct ExpireItem {
    /// The session id as given.
    pub id: String,
    /// The Redis key; null when not found.
    pub key: Option<String>,
    /// `expired` (the new, shorter lifetime was set; also for a session that never expired),
    /// `unchanged` (the session already ends sooner: its lifetime is never lengthened; not an
    /// error), `deleted` (`--in 0`: ended now) or `not_found`.
    pub status: &'static str,
    /// Seconds to live now: the new lifetime for `expired`, the current one for `unchanged`;
    /// null when deleted or not found.
    pub ttl: Option<i64>,
}

/// `sessions expire`.
#[derive(Debug, Clone, Serialize)]
pub struct ExpireReport {
    /// The store preset in use.
    pub store: &'static str,
    /// The lifetime asked for, seconds: a whole number (`--in 10m`: 600), or with a fraction when
    /// it has a sub-second part (`--in 500ms`: 0.5).
    #[serde(rename = "in")]
    pub in_secs: serde_json::Number,
    /// The lifetime asked for, milliseconds (what PEXPIRE is given): exact, always an integer.
    pub in_ms: u64,
    /// One entry per id, in the order given.
    pub sessions: Vec<ExpireItem>,
}

/// `sessions delete`.
#[derive(Debug, Clone, Serialize)]
pub struct DeleteReport {
    /// The store preset in use.
    pub store: &'static str,
    /// True when nothing was changed (`--dry-run`).
    pub dry_run: bool,
    /// Ids deleted (with `--dry-run`: that would be deleted).
    pub deleted: Vec<String>,
    /// Ids with no session.
    pub not_found: Vec<String>,
    /// The sessions deleted (or that would be), as `sessions list` shows them.
    pub sessions: Vec<SessionSummary>,
    /// Spring-session: ids that had no session but that a principal index still named (a stale
    /// member), removed from that index (with `--dry-run`: that would be removed). Such an id
    /// is not in `not_found`.
    pub index_removed: Vec<IndexEntry>,
}

/// A stale principal index member that `sessions delete` removed.
#[derive(Debug, Clone, Serialize)]
pub struct IndexEntry {
    /// The session id as given.
    pub id: String,
    /// The index set's Redis key.
    pub key: String,
}

/// The JWT cut-off `revoke-user` recorded.
#[derive(Debug, Clone, Serialize)]
pub struct CutoffReport {
    /// The Redis key.
    pub key: String,
    /// The cut-off time, unix seconds: tokens for the user issued (`iat`) before it are revoked.
    pub at: i64,
}

/// A record whose owner could not be read.
#[derive(Debug, Clone, Serialize)]
pub struct UndecidableItem {
    /// The session id (escaped like `sessions list`'s).
    pub id: String,
    /// The whole Redis key.
    pub key: String,
    /// Why it could not be decoded.
    pub reason: String,
    /// Size of the stored value in bytes.
    pub size: u64,
    /// True when its bytes hold the user id as a whole token (what
    /// `--include-undecodable-matching` removes).
    pub mentions_user: bool,
}

/// A part of a Redis Cluster that `revoke-user` could not scan.
#[derive(Debug, Clone, Serialize)]
pub struct UnscannedItem {
    /// The primary (`host:port`, as the cluster advertises it); null for slots that no primary
    /// serves.
    pub node: Option<String>,
    /// Its slot ranges (`0-5460, 10923-16383`).
    pub slots: String,
    /// Why it was not scanned.
    pub error: String,
}

/// `revoke-user`.
#[derive(Debug, Clone, Serialize)]
pub struct RevokeUserReport {
    /// The user id.
    pub user: String,
    /// The store preset in use.
    pub store: &'static str,
    /// Sessions removed (0 with `--dry-run`).
    pub deleted: u64,
    /// Ids of the sessions removed (with `--dry-run`: that would be removed).
    pub sessions: Vec<String>,
    /// True when nothing was changed (`--dry-run`).
    pub dry_run: bool,
    /// Keys looked at, over all passes (index members included).
    pub scanned: u64,
    /// Passes made (more than 1 only with `--until-clean`).
    pub passes: u32,
    /// True only when the last pass found no session of the user left, no stale member in the
    /// user's principal index, no record whose owner is unknown (`undecidable`), and the run
    /// did not fail.
    pub clean: bool,
    /// True when the store's per-user index was used (spring-session indexed).
    pub used_index: bool,
    /// Sessions of the user found but not removed: changed meanwhile, re-created meanwhile (a
    /// stale index member whose session exists again: its index entry is kept), or django
    /// `cached_db` (the database holds the session); their ids.
    pub not_removed: Vec<String>,
    /// Spring-session: ids that the user's principal index still named although their session
    /// no longer existed (stale members, which Spring leaves behind), removed from the index
    /// (with `--dry-run`: that would be removed). Other users' indexes are never touched.
    pub stale_index_removed: Vec<String>,
    /// Records under the store's prefix that could not be decoded, so whose owner is unknown:
    /// left in place (see `--include-undecodable-matching`).
    pub undecidable: Vec<UndecidableItem>,
    /// After a failure: ids of the batch that was sent when it failed (removed or not: unknown).
    pub in_flight: Vec<String>,
    /// After a failure: ids found but never sent.
    pub not_reached: Vec<String>,
    /// On a Redis Cluster: the primaries (and slot ranges) the last pass could not scan, whose
    /// sessions are unknown (the user's sessions on the other nodes are removed all the same;
    /// `clean` is false, exit 1). Empty otherwise.
    pub unscanned: Vec<UnscannedItem>,
    /// The JWT cut-off recorded; null with `--dry-run` or `--no-cutoff`, or when it failed.
    pub cutoff: Option<CutoffReport>,
    /// Why the JWT cut-off could not be recorded; null otherwise.
    pub cutoff_error: Option<String>,
    /// What stopped the run (also on stderr); null when it ran to the end.
    pub error: Option<String>,
    /// The sessions removed (table form only).
    #[serde(skip)]
    pub rows: Vec<SessionSummary>,
}

/// One token of `jwt revoke`.
#[derive(Debug, Clone, Serialize)]
pub struct JwtRevokeItem {
    /// Input line number (standard input); null for a TOKEN argument.
    pub line: Option<u64>,
    /// `revoked` (entry recorded), `expired` (no entry needed), `dry_run` (would be recorded) or
    /// `error` (the input is not a token, Redis refused its entry, or the connection failed
    /// while its entry was being recorded).
    pub status: &'static str,
    /// The token's `jti`, when it has one.
    pub jti: Option<String>,
    /// The denylist key; null for an expired token or an input that is not a token (set for an
    /// `error` whose entry was refused or is in doubt).
    pub key: Option<String>,
    /// Seconds the entry lives (the token's remaining lifetime); null when the entry never
    /// expires (no `exp`, or a remaining lifetime over 100 years) or no entry was written.
    pub ttl: Option<i64>,
    /// The token's `exp`, when it has one (whole seconds, a fraction rounded up, saturated to
    /// the 64-bit range).
    pub exp: Option<i64>,
    /// What went wrong; null unless `status` is `error`.
    pub error: Option<String>,
}

/// What the destructive commands hand the sink.
#[derive(Debug)]
pub enum RevokeEvent<'a> {
    /// `sessions expire` finished.
    Expire(&'a ExpireReport),
    /// `sessions delete` finished.
    Delete(&'a DeleteReport),
    /// `revoke-user` finished.
    RevokeUser(&'a RevokeUserReport),
    /// `jwt revoke` results; `collection` when the tokens came from standard input.
    JwtRevoke {
        /// One per token, in input order.
        items: &'a [JwtRevokeItem],
        /// Tokens came from standard input (JSON output is an array).
        collection: bool,
    },
}

/// `ms` as seconds for JSON: an integer when whole (as before sub-second durations), else a
/// fraction (1500 → 1.5).
#[must_use]
pub fn seconds_of_ms(ms: u64) -> serde_json::Number {
    if ms.is_multiple_of(1000) {
        serde_json::Number::from(ms / 1000)
    } else {
        #[allow(clippy::cast_precision_loss)] // exact below 2^53 ms, 285 000 years
        let secs = ms as f64 / 1000.0;
        serde_json::Number::from_f64(secs).unwrap_or_else(|| serde_json::Number::from(ms / 1000))
    }
}
