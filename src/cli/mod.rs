//! The command line, as clap types. Parsing only: nothing here reads the environment (beyond clap's
//! `env` attributes), touches a terminal or does any work. `context.rs` resolves these values and
//! `commands/` acts on them; clap types never reach the domain modules.

mod global;
mod jwt;
mod lazy;
pub mod parse;
mod revoke;
mod sessions;
mod store;

use std::ffi::OsString;

use clap::error::ErrorKind;
use clap::{CommandFactory as _, FromArgMatches as _, Parser, Subcommand};

pub use global::{ColorChoice, DEFAULT_REDIS_URL, GlobalArgs, OutputFormat, ReadFrom};
pub use jwt::{DecodeArgs, JwtCommand, VerifyArgs};
pub use lazy::Lazy;
pub use revoke::{
    AuditArgs, CheckRevokedArgs, DeleteArgs, DenylistArgs, ExpireArgs, JwtRevokeArgs,
    RevokeUserArgs,
};
pub use sessions::{ListArgs, SandboxArgs, SessionsCommand, ShowArgs, SortKey, StatsArgs};
pub use store::StorePreset;

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

impl Cli {
    /// Parses a command line (`args[0]` is the program name), doing no more work than it needs:
    /// clap defines only the subcommands on the path taken ([`Lazy`]), and the global options'
    /// defaults are left to `Ctx` (see `global.rs`). Help is still rendered from the whole
    /// definition, defaults included. Meant for once per process: the definition is not freed.
    ///
    /// # Errors
    /// clap's usage error, or the help or version text to show (`Error::exit` prints either).
    pub fn parse_args<I, T>(args: I) -> Result<Cli, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString>,
    {
        let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
        let mut lean = global::DEFAULTED.iter().fold(Self::command(), |cmd, id| {
            cmd.mut_arg(id, |arg| arg.default_value(None))
        });
        match lean.try_get_matches_from_mut(&args) {
            Ok(mut matches) => {
                let cli = Self::from_arg_matches_mut(&mut matches).map_err(|e| e.format(&mut lean));
                // Freeing the definition's few hundred allocations would cost a tenth of a
                // one-token decode's start-up; a process parses once, and its memory goes with it.
                std::mem::forget(lean);
                cli
            }
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
                ) =>
            {
                // The lean tree's help would not show the defaults: render it from the full one.
                Err(Self::command()
                    .try_get_matches_from(&args)
                    .err()
                    .unwrap_or(e))
            }
            Err(e) => Err(e),
        }
    }

    /// The whole command tree, every subcommand defined: for completions, the man page and tests
    /// that walk it. Parsing ([`Cli::parse_args`]) defines only the subcommands it enters.
    #[must_use]
    pub fn full_command() -> clap::Command {
        lazy::expanded(<Self as clap::CommandFactory>::command)
    }
}

/// sessctl's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Decode, inspect and verify JSON Web Tokens.
    #[command(subcommand, arg_required_else_help = true)]
    Jwt(Lazy<JwtCommand>),

    /// List, show and count the server-side sessions web frameworks keep in Redis.
    #[command(subcommand, arg_required_else_help = true)]
    Sessions(Lazy<SessionsCommand>),

    /// Remove every session of a user, and record a JWT cut-off for them.
    #[command(after_help = REVOKE_USER_AFTER_HELP)]
    RevokeUser(Lazy<Box<RevokeUserArgs>>),

    /// Start a private redis-server loaded with every store preset's sample sessions.
    #[command(
        after_help = "Examples:\n  sessctl sandbox\n  # in another shell, with the printed export line:\n  sessctl sessions list --user 42"
    )]
    Sandbox(Lazy<SandboxArgs>),

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
        Cli::full_command().debug_assert();
        Cli::command().debug_assert();
    }

    #[test]
    fn global_options_go_before_or_after_the_subcommand() {
        for args in [
            &["sessctl", "-o", "json", "jwt", "decode", "x"][..],
            &["sessctl", "jwt", "-o", "json", "decode", "x"],
            &["sessctl", "jwt", "decode", "x", "--output", "json"],
        ] {
            let cli = Cli::parse_args(args).unwrap();
            assert_eq!(cli.global.output, Some(OutputFormat::Json), "{args:?}");
        }
    }

    #[test]
    fn unknown_output_format_is_a_usage_error() {
        let err = Cli::parse_args(["sessctl", "-o", "yaml", "jwt", "decode"]).unwrap_err();
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn omitted_global_options_are_left_to_ctx_and_their_help_defaults_are_ctxs() {
        let lean = Cli::parse_args(["sessctl", "jwt", "decode", "x"])
            .unwrap()
            .global;
        assert_eq!(lean.output, None);
        assert_eq!(lean.color, None);
        assert_eq!(lean.store, None);
        // The defaults clap shows in help, as the full definition applies them.
        let shown = Cli::try_parse_from(["sessctl", "jwt", "decode", "x"])
            .unwrap()
            .global;
        assert_eq!(shown.output, Some(OutputFormat::default()));
        assert_eq!(shown.color, Some(ColorChoice::default()));
        assert_eq!(shown.store, Some(StorePreset::default()));
        if std::env::var_os("SESSCTL_REDIS_URL").is_none() {
            assert_eq!(
                shown
                    .redis_url
                    .first()
                    .map(crate::secret::RedactedUrl::expose),
                Some(DEFAULT_REDIS_URL)
            );
        }
    }

    #[test]
    fn help_from_the_lean_parse_still_shows_the_defaults() {
        for args in [
            &["sessctl", "jwt", "decode", "--help"][..],
            &["sessctl", "help", "sessions", "list"],
            &["sessctl", "sessions"],
        ] {
            let help = Cli::parse_args(args).unwrap_err().render().to_string();
            assert!(help.contains("[default: table]"), "{args:?}: {help}");
            assert!(
                help.contains("[default: redis://127.0.0.1:6379/0]"),
                "{args:?}: {help}"
            );
        }
    }

    #[test]
    fn lazy_subcommands_keep_their_variants_about() {
        let mut cmd = Cli::full_command();
        let jwt = cmd.find_subcommand_mut("jwt").unwrap();
        assert_eq!(
            jwt.get_about().map(ToString::to_string).as_deref(),
            Some("Decode, inspect and verify JSON Web Tokens")
        );
        let verify = jwt.find_subcommand("verify").unwrap();
        assert!(verify.get_arguments().any(|a| a.get_id() == "key"));
        assert!(
            verify
                .get_about()
                .is_some_and(|a| a.to_string().starts_with("Check a token's signature"))
        );
    }
}
