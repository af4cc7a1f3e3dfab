//! Settings resolved once, at the top, from the command line and the environment: output format,
//! colour and terminal safety per stream, whether stdin is a terminal, and the clock. Commands and
//! renderers read these; none of them looks at the environment again.

use crate::cli::{ColorChoice, DEFAULT_REDIS_URL, GlobalArgs, OutputFormat, ReadFrom, StorePreset};
use crate::store::redis::{ConnectOptions, Password, RedactedUrl};
use crate::store::tls::TlsOptions;

/// What `main` observed about the process: terminals, colour variables, the time. Captured once so
/// that tests can build a [`Ctx`] without a terminal.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    /// Standard input is a terminal.
    pub stdin_tty: bool,
    /// Standard output is a terminal.
    pub stdout_tty: bool,
    /// Standard error is a terminal.
    pub stderr_tty: bool,
    /// The value of NO_COLOR, if set.
    pub no_color: Option<String>,
    /// The value of TERM, if set.
    pub term: Option<String>,
    /// The current time, unix seconds.
    pub now: i64,
    /// A Redis password from SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH (redis-cli's variable).
    pub redis_password: Option<Password>,
}

impl Environment {
    /// Reads the real process environment.
    pub fn detect() -> Environment {
        use std::io::IsTerminal as _;
        Environment {
            stdin_tty: std::io::stdin().is_terminal(),
            stdout_tty: std::io::stdout().is_terminal(),
            stderr_tty: std::io::stderr().is_terminal(),
            no_color: std::env::var("NO_COLOR").ok(),
            term: std::env::var("TERM").ok(),
            now: jiff::Timestamp::now().as_second(),
            redis_password: ["SESSCTL_REDIS_PASSWORD", "REDISCLI_AUTH"]
                .iter()
                .find_map(|v| std::env::var(v).ok().filter(|p| !p.is_empty()))
                .map(Password::new),
        }
    }
}

/// How one output stream is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Style {
    /// Use ANSI colour.
    pub color: bool,
    /// The stream is a terminal (a progress line is drawn only there). Untrusted text is escaped
    /// whether or not it is one (`crate::sanitize`).
    pub terminal: bool,
}

/// Resolved settings for one run.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// The output format.
    pub format: OutputFormat,
    /// How stdout is written.
    pub out_style: Style,
    /// How stderr is written.
    pub err_style: Style,
    /// Standard input is a terminal (never wait on it for tokens).
    pub stdin_tty: bool,
    /// The current time, unix seconds.
    pub now: i64,
    /// Where the sessions are and how they are stored.
    pub store: StoreSettings,
    /// `--timeout` as given: commands with their own default (`jwt verify`) apply it;
    /// `store.connect.timeout` has it resolved for Redis.
    pub timeout: Option<std::time::Duration>,
}

/// The session store settings: connection and preset choice with its overrides.
#[derive(Debug, Clone)]
pub struct StoreSettings {
    /// How to reach Redis (the password from the environment rides along, used only when the URL
    /// has none).
    pub connect: ConnectOptions,
    /// `--store`.
    pub preset: StorePreset,
    /// `--prefix`: the sessions' key prefix, overriding the preset's.
    pub prefix: Option<String>,
    /// `--user-field`: the dotted path of the user id, overriding the preset's.
    pub user_field: Option<String>,
    /// `--ask-password`: prompt for the Redis password on the terminal.
    pub ask_password: bool,
    /// `--verbose`: say what was learnt about the server on stderr.
    pub verbose: bool,
}

/// `--timeout`'s default for Redis (`connect.timeout` when the option is omitted).
pub const DEFAULT_REDIS_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

impl Ctx {
    /// Resolves the global options against the observed environment.
    pub fn new(global: &GlobalArgs, env: &Environment) -> Ctx {
        let env_allows = env.no_color.as_deref().is_none_or(str::is_empty)
            && env.term.as_deref() != Some("dumb");
        let color = |tty: bool| match global.color.unwrap_or_default() {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && env_allows,
        };
        Ctx {
            format: global.output.unwrap_or_default(),
            out_style: Style {
                color: color(env.stdout_tty),
                terminal: env.stdout_tty,
            },
            err_style: Style {
                color: color(env.stderr_tty),
                terminal: env.stderr_tty,
            },
            stdin_tty: env.stdin_tty,
            now: env.now,
            store: StoreSettings {
                connect: ConnectOptions {
                    url: global
                        .redis_url
                        .first()
                        .cloned()
                        .unwrap_or_else(|| RedactedUrl(DEFAULT_REDIS_URL.to_owned())),
                    more_seeds: global.redis_url.iter().skip(1).cloned().collect(),
                    read_replicas: global.read_from.unwrap_or_default() == ReadFrom::Replica,
                    address_map: global.cluster_address_map.clone(),
                    password: None,
                    env_password: env.redis_password.clone(),
                    timeout: global.timeout.unwrap_or(DEFAULT_REDIS_TIMEOUT),
                    pace: global.pace.unwrap_or_default(),
                    read_url: global.read_url.clone(),
                    tls: TlsOptions {
                        ca: global.tls_ca.clone(),
                        cert: global.tls_cert.clone(),
                        key: global.tls_key.clone(),
                        server_name: global.tls_server_name.clone(),
                        insecure: global.tls_insecure,
                    },
                },
                preset: global.store.unwrap_or_default(),
                prefix: global.prefix.clone(),
                user_field: global.user_field.clone(),
                ask_password: global.ask_password,
                verbose: global.verbose,
            },
            timeout: global.timeout,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use clap::Parser as _;

    fn ctx(args: &[&str], env: Environment) -> Ctx {
        let cli = Cli::parse_args(args).unwrap();
        Ctx::new(&cli.global, &env)
    }

    #[test]
    fn omitted_options_resolve_to_the_defaults_help_shows() {
        let args = ["s", "jwt", "decode"];
        let lean = ctx(&args, Environment::default());
        let full = Ctx::new(
            &Cli::try_parse_from(args).unwrap().global,
            &Environment::default(),
        );
        assert_eq!(lean.format, full.format);
        assert_eq!(lean.out_style, full.out_style);
        assert_eq!(lean.store.preset, full.store.preset);
        assert_eq!(lean.store.connect.url.0, full.store.connect.url.0);
        assert_eq!(lean.format, OutputFormat::Table);
    }

    #[test]
    fn color_follows_tty_and_no_color() {
        let tty = Environment {
            stdout_tty: true,
            stderr_tty: true,
            ..Default::default()
        };
        assert!(ctx(&["s", "jwt", "decode"], tty.clone()).out_style.color);
        let no = Environment {
            no_color: Some("1".into()),
            ..tty.clone()
        };
        assert!(!ctx(&["s", "jwt", "decode"], no).out_style.color);
        let empty = Environment {
            no_color: Some(String::new()),
            ..tty.clone()
        };
        assert!(ctx(&["s", "jwt", "decode"], empty).out_style.color);
        let dumb = Environment {
            term: Some("dumb".into()),
            ..tty
        };
        assert!(!ctx(&["s", "jwt", "decode"], dumb).out_style.color);
        let pipe = Environment::default();
        assert!(!ctx(&["s", "jwt", "decode"], pipe.clone()).out_style.color);
        assert!(
            ctx(&["s", "--color", "always", "jwt", "decode"], pipe)
                .out_style
                .color
        );
    }
}
