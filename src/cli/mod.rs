//! The command line, as clap types. Parsing only: nothing here reads the environment (beyond clap's
//! `env` attributes), touches a terminal or does any work. `context.rs` resolves these values and
//! `commands/` acts on them; clap types never reach the domain modules.

mod global;
mod jwt;
pub mod parse;
mod revoke;
mod sessions;

use clap::{Parser, Subcommand};

pub use global::{ColorChoice, GlobalArgs, OutputFormat, StorePreset};
pub use jwt::{DecodeArgs, JwtCommand, VerifyArgs};
pub use revoke::{
    AuditArgs, CheckRevokedArgs, DeleteArgs, DenylistArgs, ExpireArgs, JwtRevokeArgs,
    RevokeUserArgs,
};
pub use sessions::{
    ListArgs, RedisArgs, SandboxArgs, SessionsCommand, ShowArgs, SortKey, StatsArgs,
};

/// The exit-code table, shown at the end of `sessctl --help`.
pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  success: every token decoded (or valid)
  1  some input could not be decoded, or a negative answer
  2  usage error, or a key or secret that cannot be used
  3  the session store (Redis) could not be reached";

const REVOKE_USER_AFTER_HELP: &str = "\
Each removal is a check-and-delete done on the server: a session rewritten for another user
between the scan and the delete is never removed.

Examples:
  sessctl revoke-user 42 --dry-run
  sessctl revoke-user 42 --yes --until-clean --audit-log /var/log/sessctl-audit.jsonl
  sessctl --store spring-session revoke-user alice@example.com --full-scan

Exit codes:
  0  every session of the user was removed (or none was found)
  1  some session could not be removed (e.g. django cached_db)
  2  usage error, or refused without a terminal and without --yes
  3  the session store (Redis) could not be reached";

/// Inspect and administer sessions and tokens.
///
/// sessctl decodes and checks JWTs and works on the server-side sessions that web frameworks keep
/// in Redis.
#[derive(Debug, Parser)]
#[command(
    name = "sessctl",
    version,
    max_term_width = 100,
    arg_required_else_help = true,
    after_help = concat!(
        "Examples:\n",
        "  sessctl jwt decode eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2ln\n",
        "  grep -o 'eyJ[^\" ]*' access.log | sessctl jwt decode -o ndjson\n\n",
        "Exit codes:\n",
        "  0  success: every token decoded (or valid)\n",
        "  1  some input could not be decoded, or a negative answer\n",
        "  2  usage error, or a key or secret that cannot be used\n",
        "  3  the session store (Redis) could not be reached",
    )
)]
pub struct Cli {
    /// Options every command accepts.
    #[command(flatten)]
    pub global: GlobalArgs,

    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// sessctl's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Decode, inspect and verify JSON Web Tokens.
    #[command(subcommand, arg_required_else_help = true)]
    Jwt(JwtCommand),

    /// List, show and count the server-side sessions web frameworks keep in Redis.
    #[command(subcommand, arg_required_else_help = true)]
    Sessions(SessionsCommand),

    /// Remove every session of a user, and record a JWT cut-off for them.
    #[command(after_help = REVOKE_USER_AFTER_HELP)]
    RevokeUser(Box<RevokeUserArgs>),

    /// Start a private redis-server loaded with every store preset's sample sessions.
    #[command(
        after_help = "Examples:\n  sessctl sandbox\n  # in another shell, with the printed export line:\n  sessctl sessions list --user 42"
    )]
    Sandbox(SandboxArgs),

    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  sessctl completions bash > ~/.local/share/bash-completion/completions/sessctl\n  sessctl completions zsh > \"${fpath[1]}/_sessctl\""
    )]
    Completions {
        /// The shell to generate the script for.
        shell: clap_complete::Shell,
    },

    /// Print the man page (roff) on standard output.
    #[command(hide = true, after_help = "Examples:\n  sessctl man > sessctl.1")]
    Man,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn global_options_go_before_or_after_the_subcommand() {
        let before = Cli::try_parse_from(["sessctl", "-o", "json", "jwt", "decode", "x"]).unwrap();
        let after =
            Cli::try_parse_from(["sessctl", "jwt", "decode", "x", "--output", "json"]).unwrap();
        assert_eq!(before.global.output, OutputFormat::Json);
        assert_eq!(after.global.output, OutputFormat::Json);
    }

    #[test]
    fn unknown_output_format_is_a_usage_error() {
        let err = Cli::try_parse_from(["sessctl", "-o", "yaml", "jwt", "decode"]).unwrap_err();
        assert_eq!(err.exit_code(), 2);
    }
}
