//! The destructive commands' arguments (`sessions expire|delete`, `revoke-user`, `jwt revoke`) and
//! the revocation options `jwt verify --check-revoked` shares with them. Argument types only.

use std::path::PathBuf;

use clap::Args;

/// Where the audit log goes.
#[derive(Debug, Clone, Args)]
pub struct AuditArgs {
    /// Append one JSON line per step of this destructive command to FILE (created when missing):
    /// time, user, host, command, arguments (secrets removed), store, what changed, result.
    #[arg(long, value_name = "FILE", env = "SESSCTL_AUDIT_LOG")]
    pub audit_log: Option<PathBuf>,
}

/// Where JWT revocations live in Redis.
#[derive(Debug, Clone, Args)]
pub struct DenylistArgs {
    /// Key namespace of the JWT denylist and the per-user cut-offs (see docs/revocation.md for the
    /// layout).
    #[arg(long, value_name = "PREFIX", default_value = "sessctl:revoked:")]
    pub denylist_prefix: String,
}

/// Arguments of `sessions expire`.
#[derive(Debug, Args)]
pub struct ExpireArgs {
    /// Audit log.
    #[command(flatten)]
    pub audit: AuditArgs,

    /// The session ids (the key without the store's prefix).
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,

    /// The longest remaining lifetime: `500ms`, `30s`, `10m`, `1m30s`, `2h` (a session that
    /// ends sooner is left as it is); `0` ends the session now.
    #[arg(long = "in", value_name = "DURATION", value_parser = super::parse::duration)]
    pub in_: std::time::Duration,
}

/// Arguments of `sessions delete`.
#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Audit log.
    #[command(flatten)]
    pub audit: AuditArgs,

    /// The session ids (the key without the store's prefix).
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,

    /// Show what would be deleted and change nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Do not ask for confirmation (needed without a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
}

/// Arguments of `revoke-user`.
#[derive(Debug, Args)]
pub struct RevokeUserArgs {
    /// Audit log.
    #[command(flatten)]
    pub audit: AuditArgs,

    /// JWT denylist namespace.
    #[command(flatten)]
    pub denylist: DenylistArgs,

    /// The user id (compared exactly, as text: 42 never matches "420").
    #[arg(value_parser = super::parse::user_id)]
    pub user: String,

    /// Show what would be deleted and change nothing (no cut-off is recorded either).
    #[arg(long)]
    pub dry_run: bool,

    /// Do not ask for confirmation (needed without a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,

    /// Repeat passes until one finds no session of the user (a user logging in again during the
    /// scan can leave a new session behind); at most --max-passes.
    #[arg(long)]
    pub until_clean: bool,

    /// The bound on --until-clean's passes.
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub max_passes: u32,

    /// Scan the whole store even where a per-user index exists (spring-session), to catch
    /// sessions the index missed.
    #[arg(long)]
    pub full_scan: bool,

    /// Also remove records that cannot be decoded (so whose owner is unknown) when their bytes
    /// hold the user id as a whole token. Never by default; try it with --dry-run first, which
    /// lists them first.
    #[arg(long)]
    pub include_undecodable_matching: bool,

    /// Do not record a JWT cut-off for the user.
    #[arg(long)]
    pub no_cutoff: bool,

    /// The JWT claim the cut-off applies to (the user id is compared with it).
    #[arg(long, value_name = "CLAIM", default_value = "sub")]
    pub user_claim: String,

    /// Keys asked for per SCAN call (the COUNT hint).
    #[arg(long, value_name = "N", default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub scan_count: u32,
}

/// Arguments of `jwt revoke`.
#[derive(Debug, Args)]
pub struct JwtRevokeArgs {
    /// Audit log.
    #[command(flatten)]
    pub audit: AuditArgs,

    /// JWT denylist namespace.
    #[command(flatten)]
    pub denylist: DenylistArgs,

    /// The token. Omitted or `-`: read tokens from standard input, one per line.
    pub token: Option<String>,

    /// Take this as the current time (RFC 3339 or unix seconds): remaining lifetimes are counted
    /// from it.
    #[arg(long, value_name = "TIME", value_parser = super::parse::timestamp)]
    pub at: Option<i64>,

    /// Refuse any token larger than this many bytes (accepts K, M suffixes: 64K, 1M).
    #[arg(long, value_name = "BYTES", default_value = "1M", value_parser = super::parse::byte_size)]
    pub max_size: usize,

    /// Show what would be recorded and change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `jwt verify --check-revoked` and its options.
#[derive(Debug, Clone, Args)]
pub struct CheckRevokedArgs {
    /// Also consult the JWT denylist and the per-user cut-offs in Redis (--redis-url): a revoked
    /// token fails with reason `revoked`.
    #[arg(long)]
    pub check_revoked: bool,

    /// Key namespace of the JWT denylist and the per-user cut-offs.
    #[arg(
        long,
        value_name = "PREFIX",
        default_value = "sessctl:revoked:",
        requires = "check_revoked"
    )]
    pub denylist_prefix: String,

    /// The claim holding the user id that per-user cut-offs apply to.
    #[arg(
        long,
        value_name = "CLAIM",
        default_value = "sub",
        requires = "check_revoked"
    )]
    pub user_claim: String,
}
