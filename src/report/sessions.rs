//! The JSON contract of `sessions list|show|stats` and `sandbox`. Field doc comments are the
//! reference docs/sessions.md repeats.

use serde::Serialize;
use serde_json::Value;

use crate::store::Session;

/// One session in `sessions list` (and the head of `sessions show`).
#[derive(Debug, Clone, Serialize)]
pub struct SessionSummary {
    /// The session id as the application's cookie carries it: the key without the store's
    /// prefix, escaped reversibly (a backslash as `\\`; bytes that are not UTF-8, control bytes
    /// and DEL as `\xNN`). Given back to `sessions show|expire|delete` it names this session.
    pub id: String,
    /// The whole Redis key (escaped the same way).
    pub key: String,
    /// The user id as a string, whatever JSON type the framework stored; null for an anonymous
    /// session or a record that could not be decoded.
    pub user: Option<String>,
    /// Seconds to live; null when the key never expires (a finding: such a session outlives
    /// every logout policy).
    pub ttl: Option<i64>,
    /// Size of the stored value in bytes.
    pub size: u64,
    /// Creation time (UTC, RFC 3339) where the format records it (spring-session), else null.
    pub created: Option<String>,
    /// Last access time (UTC, RFC 3339) where the format records it (spring-session), else null.
    pub last_access: Option<String>,
    /// The Redis type: `string` or `hash`.
    #[serde(rename = "type")]
    pub rtype: &'static str,
    /// Why the record could not be decoded; null when it was.
    pub error: Option<String>,
    /// A remark about the record (django `cached_db`: Redis is only a cache), else null.
    pub note: Option<&'static str>,
}

fn rfc3339(ms: Option<i64>) -> Option<String> {
    let ms = ms?;
    jiff::Timestamp::from_millisecond(ms).ok().map(|t| {
        t.round(jiff::Unit::Second)
            .map_or_else(|_| t.to_string(), |t| t.to_string())
    })
}

impl SessionSummary {
    /// The summary of a decoded session.
    pub fn new(s: &Session) -> SessionSummary {
        SessionSummary {
            id: s.id.clone(),
            key: s.key_text.clone(),
            user: s.user.clone(),
            ttl: s.ttl,
            size: s.size,
            created: rfc3339(s.created_ms),
            last_access: rfc3339(s.last_access_ms),
            rtype: s.rtype.as_str(),
            error: s.data.as_ref().err().cloned(),
            note: s.note,
        }
    }
}

/// `sessions list`'s footer (table form only): what was scanned.
#[derive(Debug, Clone, Serialize)]
pub struct ListFooter {
    /// The store preset in use.
    pub store: &'static str,
    /// Keys the scan looked at (those matching the store's pattern and type).
    pub scanned: u64,
    /// Sessions listed.
    pub matched: u64,
    /// Records that could not be decoded (listed with their error).
    pub undecodable: u64,
    /// Sessions without expiry among those listed.
    pub never_expire: u64,
    /// True when `--limit` stopped the listing early.
    pub truncated: bool,
    /// What stopped the listing before its end (the rows before it were printed); in JSON
    /// output, the array's last element is `{"error": "…"}`.
    pub error: Option<String>,
}

/// `sessions show`: the summary fields plus the decoded record.
#[derive(Debug, Clone, Serialize)]
pub struct SessionDetail {
    /// The list fields.
    #[serde(flatten)]
    pub summary: SessionSummary,
    /// The store preset in use.
    pub store: &'static str,
    /// The decoded record (null when it could not be decoded, see `error`).
    pub data: Value,
}

/// One bucket of a histogram.
#[derive(Debug, Clone, Serialize)]
pub struct Bucket {
    /// The bucket's label (`< 1h`, `1h-1d`, `never`, `< 1 KiB`, …).
    pub bucket: &'static str,
    /// Sessions in it.
    pub count: u64,
}

/// A user with many sessions.
#[derive(Debug, Clone, Serialize)]
pub struct TopUser {
    /// The user id.
    pub user: String,
    /// How many sessions they hold.
    pub sessions: u64,
}

/// `sessions stats`.
#[derive(Debug, Clone, Serialize)]
pub struct StatsReport {
    /// The store preset in use.
    pub store: &'static str,
    /// Keys the scan looked at.
    pub scanned: u64,
    /// Sessions in total (decoded or not).
    pub sessions: u64,
    /// Sessions with a user.
    pub logged_in: u64,
    /// Decoded sessions without a user.
    pub anonymous: u64,
    /// Distinct user ids.
    pub distinct_users: u64,
    /// The users with the most sessions, most first (ties by user id).
    pub top_users: Vec<TopUser>,
    /// Sessions that never expire.
    pub never_expire: u64,
    /// Records that could not be decoded.
    pub undecodable: u64,
    /// Total bytes of all session values.
    pub total_bytes: u64,
    /// The largest session value in bytes.
    pub max_size: u64,
    /// Sessions by time to live.
    pub ttl_histogram: Vec<Bucket>,
    /// Sessions by size.
    pub size_histogram: Vec<Bucket>,
    /// Remarks about the store (e.g. django `cached_db`).
    pub notes: Vec<String>,
}

/// `sandbox`: where the private Redis listens.
#[derive(Debug, Clone, Serialize)]
pub struct SandboxInfo {
    /// One database per preset: its URL and the preset loaded there.
    pub databases: Vec<SandboxDb>,
    /// The temporary directory holding the server's files (removed on exit).
    pub dir: String,
}

/// One database of the sandbox.
#[derive(Debug, Clone, Serialize)]
pub struct SandboxDb {
    /// The preset whose sample records were loaded.
    pub store: &'static str,
    /// `--redis-url` for it.
    pub url: String,
    /// Keys loaded.
    pub keys: u64,
}

/// What the session commands hand the sink.
#[derive(Debug)]
pub enum SessionEvent<'a> {
    /// Starts a listing (so that `--output json` opens an array).
    ListBegin,
    /// One listed session, in order.
    Item(&'a SessionSummary),
    /// The end of a listing.
    ListEnd(&'a ListFooter),
    /// Scan progress: keys scanned so far (drawn on stderr only when it is a terminal).
    Progress(u64),
    /// One session in full.
    Show(&'a SessionDetail),
    /// Store statistics.
    Stats(&'a StatsReport),
    /// The sandbox is ready.
    Sandbox(&'a SandboxInfo),
    /// A remark for people (stderr in table form; JSON output carries it in its fields).
    Notice(&'a str),
}
