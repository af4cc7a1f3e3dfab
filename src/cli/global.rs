//! Options shared by every command (`global = true`, so they are accepted before or after the
//! subcommand).
//!
//! The fields are `Option`s although most have a default: clap shows the defaults in help, but
//! parsing ([`super::Cli::parse_args`]) leaves an omitted option `None` and `Ctx` applies the
//! default (the enums' `Default`, which a test checks against these). A global default would otherwise be matched and copied at every level of the command
//! path, which was a fifth of a one-token `jwt decode`'s start-up.

use clap::{Args, ValueEnum};

use super::StorePreset;

/// How results are written on standard output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// The human form: text and tables.
    #[default]
    Table,
    /// One JSON document.
    Json,
    /// One JSON object per line per item, for streaming into jq.
    Ndjson,
}

/// When to use colour.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when the stream is a terminal, NO_COLOR is unset or empty and TERM is not dumb.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Where scans and value fetches go on a Redis Cluster (`--read-from`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ReadFrom {
    /// Each shard's primary.
    #[default]
    Primary,
    /// A replica of each shard (the primary for a shard none of whose replicas answers).
    Replica,
}

/// `--redis-url`'s default.
pub const DEFAULT_REDIS_URL: &str = "redis://127.0.0.1:6379/0";

/// The global options whose defaults [`super::Cli::parse_args`] leaves to `Ctx` (clap ids).
pub(super) const DEFAULTED: [&str; 5] = ["output", "color", "redis_url", "store", "read_from"];

/// Options every command accepts.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Output format: `table` for people, `json` for one document, `ndjson` for one object per line.
    #[arg(short, long, global = true, value_enum, default_value = "table")]
    pub output: Option<OutputFormat>,

    /// When to use colour. `auto` honours NO_COLOR and colours only a terminal.
    #[arg(long, global = true, value_enum, default_value = "auto")]
    pub color: Option<ColorChoice>,

    /// The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an
    /// optional user:password@ and database number. Any node of a Redis Cluster will do; repeat
    /// the option to give several nodes of one cluster, which are tried in order until one
    /// answers.
    #[arg(
        long,
        global = true,
        env = "SESSCTL_REDIS_URL",
        hide_env_values = true,
        default_value = DEFAULT_REDIS_URL,
        value_name = "URL",
        value_parser = crate::secret::RedactedUrl::parse
    )]
    pub redis_url: Vec<crate::secret::RedactedUrl>,

    /// A replica of --redis-url to read from: every scan and read goes there, every write (and
    /// revoke-user's check before each deletion) to --redis-url, so that a lagging replica never
    /// causes a wrong deletion. Same password, TLS options and database. On a Redis Cluster, use
    /// --read-from replica instead.
    #[arg(
        long,
        global = true,
        env = "SESSCTL_READ_URL",
        hide_env_values = true,
        value_name = "URL",
        value_parser = crate::secret::RedactedUrl::parse
    )]
    pub read_url: Option<crate::secret::RedactedUrl>,

    /// On a Redis Cluster, where scans and value fetches go: each shard's `primary`, or one of its
    /// replicas (`replica`: READONLY; a shard with no replica that answers is read from its
    /// primary, as --verbose says). Writes and revoke-user's check before each deletion always
    /// go to the primary. On one server, give the replica with --read-url.
    #[arg(
        long,
        global = true,
        env = "SESSCTL_READ_FROM",
        value_enum,
        default_value = "primary"
    )]
    pub read_from: Option<ReadFrom>,

    /// Reach the Redis Cluster node that the cluster advertises as FROM at TO instead (each
    /// host:port), for nodes behind NAT, a tunnel or a container network. Repeatable; in the
    /// environment, comma-separated.
    #[arg(
        long,
        global = true,
        env = "SESSCTL_CLUSTER_ADDRESS_MAP",
        value_name = "FROM=TO",
        value_delimiter = ',',
        value_parser = crate::store::cluster::AddressMapping::parse
    )]
    pub cluster_address_map: Vec<crate::store::cluster::AddressMapping>,

    /// The session format in the store (which web framework wrote it).
    #[arg(
        long,
        global = true,
        env = "SESSCTL_STORE",
        value_enum,
        default_value = "auto"
    )]
    pub store: Option<StorePreset>,

    /// Key prefix of the sessions, overriding the store preset's (e.g. `myapp:sess:`).
    #[arg(long, global = true, value_name = "PREFIX")]
    pub prefix: Option<String>,

    /// Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the
    /// store preset's. An object found there stands for its `id` member.
    #[arg(long, global = true, value_name = "PATH")]
    pub user_field: Option<String>,

    /// Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`,
    /// also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An
    /// unreachable or silent server fails with exit 3 after this long.
    #[arg(long, global = true, value_name = "DURATION", value_parser = crate::cli::parse::timeout)]
    pub timeout: Option<std::time::Duration>,

    /// How hard to work the Redis server while scanning: `auto` (default: one small request at a
    /// time, resting half as long as each took, longer when the server slows down), `gentle`
    /// (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications' requests
    /// wait; for emergencies), or a rate of keys scanned per second (`2000/s`).
    #[arg(long, global = true, env = "SESSCTL_PACE", value_name = "PACE", value_parser = crate::store::pace::Pace::parse)]
    pub pace: Option<crate::store::pace::Pace>,

    /// Say on stderr what sessctl learns about the Redis server and how it treats it: whether
    /// reads leave the keys' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace;
    /// on a Redis Cluster, the seed node used and where each shard is read from.
    #[arg(short, long, global = true)]
    pub verbose: bool,

    /// Ask for the Redis password on the terminal (not echoed). Otherwise the URL's password is
    /// used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH.
    #[arg(long, global = true)]
    pub ask_password: bool,

    /// rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system's.
    #[arg(
        long,
        global = true,
        env = "SESSCTL_TLS_CA",
        value_name = "FILE",
        help_heading = "TLS (rediss://)"
    )]
    pub tls_ca: Option<std::path::PathBuf>,

    /// rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with
    /// `tls-auth-clients yes`. Needs --tls-key.
    #[arg(
        long,
        global = true,
        env = "SESSCTL_TLS_CERT",
        value_name = "FILE",
        requires = "tls_key",
        help_heading = "TLS (rediss://)"
    )]
    pub tls_cert: Option<std::path::PathBuf>,

    /// rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed.
    #[arg(
        long,
        global = true,
        env = "SESSCTL_TLS_KEY",
        value_name = "FILE",
        requires = "tls_cert",
        help_heading = "TLS (rediss://)"
    )]
    pub tls_key: Option<std::path::PathBuf>,

    /// rediss://: verify the server's certificate against NAME (and send it as SNI) rather than
    /// the URL's host: for a server reached through a tunnel or by IP address.
    #[arg(
        long,
        global = true,
        env = "SESSCTL_TLS_SERVER_NAME",
        value_name = "NAME",
        help_heading = "TLS (rediss://)"
    )]
    pub tls_server_name: Option<String>,

    /// rediss://: do not verify the server's certificate at all (anyone on the path can read and
    /// change the traffic). Warned about on stderr every time.
    #[arg(
        long,
        global = true,
        env = "SESSCTL_TLS_INSECURE",
        value_parser = clap::builder::BoolishValueParser::new(),
        help_heading = "TLS (rediss://)"
    )]
    pub tls_insecure: bool,
}
