//! Commands: orchestration between the command line, the domain and the report sink. The only
//! layer that sees both `cli` argument structs and domain modules. Never writes to stdout or
//! stderr: results go to a [`Sink`].

mod completions;
mod connect;
mod jwt;
mod removal;
mod revoke_user;
mod sandbox;
mod sessions;

use std::io::BufRead;

use crate::cli::{Command, JwtCommand, SessionsCommand};
use crate::context::Ctx;
use crate::exit::Exit;
use crate::report::Sink;

/// Runs `command`, sending results to `sink`. Returns the exit status for a run that completed
/// (possibly with some inputs failing); an `Err` is a failure of the whole run.
///
/// # Errors
/// Whatever stopped the command as a whole: unusable arguments, I/O errors.
pub fn dispatch(
    command: &Command,
    ctx: &Ctx,
    stdin: &mut dyn BufRead,
    sink: &mut dyn Sink,
) -> anyhow::Result<Exit> {
    match command {
        Command::Jwt(cmd) => match &**cmd {
            JwtCommand::Decode(args) => jwt::decode::run(args, ctx, stdin, sink),
            JwtCommand::Verify(args) => jwt::verify::run(args, ctx, stdin, sink),
            JwtCommand::Revoke(args) => jwt::revoke::run(args, ctx, stdin, sink),
        },
        Command::Sessions(cmd) => match &**cmd {
            SessionsCommand::List(args) => sessions::list::run(args, ctx, sink),
            SessionsCommand::Show(args) => sessions::show::run(args, ctx, sink),
            SessionsCommand::Stats(args) => sessions::stats::run(args, ctx, sink),
            SessionsCommand::Expire(args) => sessions::expire::run(args, ctx, sink),
            SessionsCommand::Delete(args) => sessions::delete::run(args, ctx, sink),
        },
        Command::RevokeUser(args) => revoke_user::run(args, ctx, sink),
        Command::Sandbox(args) => sandbox::run(args, ctx, sink),
        Command::Completions { shell } => completions::completions(*shell, sink),
        Command::Man => completions::man(sink),
    }
}
