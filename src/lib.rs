//! sessctl: inspect and administer sessions and tokens.
//!
//! The library exists so that the binary and its tests share code; it has no stability promise.
//!
//! Data flows one way:
//!
//! ```text
//! argv → cli (clap types) → context (resolved settings) → commands (orchestration)
//!      → jwt (domain) → report (Serialize data) → output (rendering)
//! errors ↑ anyhow with typed markers → exit::classify → main
//! ```
//!
//! `jwt/` is pure (no I/O, no clock). Only `output/` and `main.rs` write to stdout or stderr.

#![warn(missing_docs)]

pub mod audit;
pub mod cli;
pub mod commands;
pub mod context;
pub mod exit;
pub mod input;
pub mod jwt;
pub mod output;
pub mod parallel;
pub mod prompt;
pub mod report;
pub mod sanitize;
pub mod secret;
pub mod store;

use std::io::{BufRead, Write};

use context::{Ctx, Environment};
use exit::Exit;

/// Runs one parsed command line: resolves the context, dispatches the command, renders the result.
/// Returns the exit status; errors that stop the whole run are printed here, as one line.
pub fn run(
    cli: &cli::Cli,
    env: &Environment,
    stdin: &mut dyn BufRead,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Exit {
    let ctx = Ctx::new(&cli.global, env);
    let mut stdout = output::NamedStdout(stdout);
    let result = {
        let mut printer = output::Printer::new(
            ctx.format,
            ctx.out_style,
            ctx.err_style,
            &mut stdout,
            &mut *stderr,
        );
        commands::dispatch(&cli.command, &ctx, stdin, &mut printer)
    };
    // Output still buffered is written now, so that a full disk is an error, not a silent loss.
    let result = result.and_then(|status| {
        stdout.flush()?;
        Ok(status)
    });
    match result {
        Ok(status) => status,
        Err(err) => {
            let status = exit::classify(&err);
            if !exit::is_broken_pipe(&err) {
                output::error(stderr, ctx.err_style, &format!("{err:#}"), &[]);
            }
            status
        }
    }
}
