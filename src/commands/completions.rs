//! `sessctl completions <SHELL>` and the hidden `sessctl man`: generated from the clap definition,
//! so they can never drift from it.

use crate::cli::Cli;
use crate::exit::Exit;
use crate::report::Sink;
use anyhow::Context as _;

pub(crate) fn completions(
    shell: clap_complete::Shell,
    sink: &mut dyn Sink,
) -> anyhow::Result<Exit> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::full_command(), "sessctl", &mut buf);
    // The error names standard output already, whether it came from this write (a script
    // larger than the output buffer) or from the final flush.
    sink.raw(&buf)?;
    Ok(Exit::Ok)
}

pub(crate) fn man(sink: &mut dyn Sink) -> anyhow::Result<Exit> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::full_command())
        .render(&mut buf)
        .context("rendering the man page")?;
    sink.raw(&buf)?;
    Ok(Exit::Ok)
}
