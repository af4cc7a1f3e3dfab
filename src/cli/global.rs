//! Options shared by every command (`global = true`, so they are accepted before or after the
//! subcommand).
//!
//! The fields are `Option`s although most have a default: clap shows the defaults in help, but
//! parsing ([`super::Cli::parse_args`]) leaves an omitted option `None` and `Ctx` applies the
//! default (the enums' `Default`, which a test checks against these). A global default would otherwise be matched and copied at every level of the command
//! path, which was a fifth of a one-token `jwt decode`'s start-up.

use clap::{Args, ValueEnum};

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

/// Which web framework's session format the Redis store holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum StorePreset {
    /// Recognise the format by sampling the keyspace.
    #[default]
    Auto,
    /// express-session with connect-redis (`sess:<id>`, JSON).
    ConnectRedis,
    /// Spring Session Data Redis (`spring:session:sessions:<id>` hashes).
    SpringSession,
    /// Django's cache session backend (`:1:django.contrib.sessions.cache<key>`, pickle).
    Django,
    /// Flask-Session (`session:<id>`, msgpack).
    FlaskSession,
    /// PHP's phpredis session handler (`PHPREDIS_SESSION:<id>`).
    Php,
    /// Any store of JSON strings (with --prefix and --user-field).
    Json,
}

/// `--redis-url`'s default.
pub const DEFAULT_REDIS_URL: &str = "redis://127.0.0.1:6379/0";

/// The global options whose defaults [`super::Cli::parse_args`] leaves to `Ctx` (clap ids).
pub(super) const DEFAULTED: [&str; 4] = ["output", "color", "redis_url", "store"];

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
    /// optional user:password@ and database number.
    #[arg(
        long,
        global = true,
        env = "SESSCTL_REDIS_URL",
        hide_env_values = true,
        default_value = DEFAULT_REDIS_URL,
        value_parser = crate::secret::RedactedUrl::parse
    )]
    pub redis_url: Option<crate::secret::RedactedUrl>,

    /// The session format in the store (which web framework wrote it).
    #[arg(
        long,
        global = true,
        env = "SESSCTL_STORE",
        value_enum,
        default_value = "auto"
    )]
    pub store: Option<StorePreset>,
}
