//! The sessctl binary: parse the command line, run, exit with the status. Nothing else lives here.

use std::io::Write as _;
use std::process::ExitCode;

// The system allocator: since bulk decoding stopped building JSON trees it is as fast there as
// mimalloc was, and a process decoding one token starts 0.5 ms sooner without mimalloc's arenas.

fn main() -> ExitCode {
    let cli = match sessctl::cli::Cli::parse_args(std::env::args_os()) {
        Ok(cli) => cli,
        // Help and --version exit 0, usage errors exit 2 (clap's codes match sessctl's table).
        Err(e) => e.exit(),
    };
    let env = sessctl::context::Environment::detect();
    let stdin = std::io::stdin();
    let mut stdin = stdin.lock();
    let stdout = std::io::stdout();
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let stderr = std::io::stderr();
    let mut stderr = stderr.lock();
    let status = sessctl::run(&cli, &env, &mut stdin, &mut stdout, &mut stderr);
    // A reader that went away (`| head`) is not an error.
    let _ = stdout.flush();
    let _ = stderr.flush();
    ExitCode::from(status.code())
}
