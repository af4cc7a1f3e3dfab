//! `sessctl sessions …` and `sessctl sandbox`: argument types only.

use clap::{Args, Subcommand, ValueEnum};

use super::Lazy;

/// Inspect the server-side sessions a web framework keeps in Redis.
#[derive(Debug, Subcommand)]
pub enum SessionsCommand {
    /// List sessions: id, user, time to live, created and last access, size.
    #[command(after_help = "Examples:\n  \
        sessctl sessions list --user 42\n  \
        sessctl sessions list --store django --sort ttl --limit 20\n  \
        sessctl sessions list -o ndjson | jq -c 'select(.ttl == null)'")]
    List(Lazy<ListArgs>),

    /// Show one session: the whole decoded record, its key, type, TTL, size and user.
    #[command(after_help = "Examples:\n  \
        sessctl sessions show k7obPvQskwPcKQ_HOCfkZ1f3_gzhEBAu\n  \
        sessctl sessions show -o json 3619d7d7-3156-41ad-89d2-14f3e11fbcbc | jq .data")]
    Show(Lazy<ShowArgs>),

    /// Count sessions: logged in vs anonymous, distinct users, top users, TTL and size histograms.
    #[command(
        after_help = "Examples:\n  sessctl sessions stats\n  sessctl sessions stats -o json --top 20"
    )]
    Stats(Lazy<StatsArgs>),

    /// Shorten sessions' remaining lifetime, never lengthening it (`--in 0` ends them now).
    #[command(after_help = "Examples:\n  \
        sessctl sessions expire k7obPvQskwPcKQ_HOCfkZ1f3_gzhEBAu --in 10m\n  \
        sessctl sessions expire ID1 ID2 --in 0")]
    Expire(Lazy<crate::cli::ExpireArgs>),

    /// Delete sessions with everything that belongs to them (asks first on a terminal).
    #[command(after_help = "Examples:\n  \
        sessctl sessions delete k7obPvQskwPcKQ_HOCfkZ1f3_gzhEBAu --dry-run\n  \
        sessctl sessions delete ID1 ID2 --yes")]
    Delete(Lazy<crate::cli::DeleteArgs>),
}

/// Sort order of `sessions list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortKey {
    /// Shortest time to live first; sessions that never expire last.
    Ttl,
    /// Largest first.
    Size,
    /// By user id (as text); anonymous sessions last.
    User,
    /// By session id.
    Id,
}

/// Arguments of `sessions list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only the sessions of this user id (compared exactly, as text: 42 matches a numeric 42 and
    /// the string "42", never "420").
    #[arg(long, value_name = "ID", value_parser = crate::cli::parse::user_id)]
    pub user: Option<String>,

    /// Stop after this many sessions.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,

    /// Sort the listing (holds every matching session in memory; unsorted listings stream).
    #[arg(long, value_enum)]
    pub sort: Option<SortKey>,

    /// Keys asked for per SCAN call (the COUNT hint).
    #[arg(long, value_name = "N", default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub scan_count: u32,
}

/// Arguments of `sessions show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The session id as the application's cookie carries it (the key without the store's
    /// prefix); bytes that are not UTF-8 as `\xNN`.
    pub id: String,
}

/// Arguments of `sessions stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// How many of the users with the most sessions to show.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,

    /// Keys asked for per SCAN call (the COUNT hint).
    #[arg(long, value_name = "N", default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub scan_count: u32,
}

/// Arguments of `sandbox`.
#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// The redis-server binary to start (default: `redis-server` on PATH).
    #[arg(long, value_name = "PATH", default_value = "redis-server")]
    pub redis_server: String,
}
