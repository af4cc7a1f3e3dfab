//! The bulk path shared by `jwt decode` and `jwt verify`: tokens on standard input, one per line,
//! read in batches, processed and rendered on every core, written in input order. Each command
//! says what to do with one line ([`LineJob`]); this module does the reading, the threads, the
//! buffers and the exit status.

use std::io::BufRead;

use anyhow::Context as _;

use crate::exit::Exit;
use crate::input::{Line, LineReader};
use crate::jwt;
use crate::parallel;
use crate::report::{ItemRenderer, Sink};

/// Lines processed per batch: large enough to amortise thread start-up, small enough to stream.
const BATCH: usize = 8192;

/// Lines per chunk of a batch that a worker takes at a time: small enough that the threads finish
/// a batch together.
const CHUNK: usize = 512;

/// Room for wrappers (`Authorization: Bearer `, cookie names) on top of the token size cap.
pub(super) const WRAPPER_ALLOWANCE: usize = 4096;

/// What a bulk command does with each line of standard input.
pub(super) trait LineJob: Sync {
    /// Processes a chunk of lines and renders each result into `buf`, one after another, pushing
    /// the end offset of each onto `ends`; true when some line failed (could not be decoded, is
    /// not valid). A chunk at a time, so that a job can make one round trip for all its lines.
    ///
    /// # Errors
    /// Rendering failed.
    fn render(
        &self,
        lines: &[(u64, Line)],
        renderer: &dyn ItemRenderer,
        buf: &mut Vec<u8>,
        ends: &mut Vec<usize>,
    ) -> std::io::Result<bool>;

    /// Processes a batch (on `threads` threads) and hands the results to a sink that renders
    /// items itself (table, one JSON document); true when some line failed.
    ///
    /// # Errors
    /// Writing failed.
    fn emit(
        &self,
        batch: &[(u64, Line)],
        threads: usize,
        sink: &mut dyn Sink,
    ) -> anyhow::Result<bool>;
}

/// One chunk of a batch, rendered. Kept from batch to batch so its buffers are reused.
#[derive(Default)]
struct RenderedChunk {
    /// The rendered items, one after another.
    buf: Vec<u8>,
    /// The end offset of each item in `buf`.
    ends: Vec<usize>,
    /// Some item in the chunk failed.
    failed: bool,
}

/// Runs `job` over every non-blank line of `stdin` (lines over `max_size` plus wrappers are
/// reported by the job as too large). Exit 1 when some line failed; an input without any token
/// is an error.
///
/// # Errors
/// Reading standard input, writing the output, or no token at all.
pub(super) fn run<J: LineJob>(
    job: &J,
    max_size: usize,
    stdin: &mut dyn BufRead,
    sink: &mut dyn Sink,
) -> anyhow::Result<Exit> {
    let mut reader = LineReader::new(stdin, max_size.saturating_add(WRAPPER_ALLOWANCE));
    let mut status = Exit::Ok;
    let mut tokens = 0u64;
    let mut batch = read_batch(&mut reader)?;
    let mut chunks: Vec<RenderedChunk> = (0..BATCH.div_ceil(CHUNK))
        .map(|_| RenderedChunk::default())
        .collect();
    if !batch.is_empty() {
        sink.begin(true)?;
    }
    while !batch.is_empty() {
        tokens += batch.len() as u64;
        let (failed, next) = match sink.renderer() {
            Some(renderer) => {
                // Process, render and drop each result on the worker thread that built it, into
                // one buffer per chunk, while this thread reads the next batch and then helps
                // (so one thread per core in all).
                let (results, next) = parallel::map_chunks_shared(
                    &batch,
                    CHUNK,
                    &mut chunks,
                    parallel::threads_for(batch.len()) - 1,
                    |lines, chunk| render_chunk(job, lines, chunk, renderer),
                    || read_batch(&mut reader),
                );
                let mut failed = false;
                for (result, chunk) in results.into_iter().zip(&chunks) {
                    result.context("rendering the output")?;
                    failed |= chunk.failed;
                    sink.rendered(&chunk.buf, &chunk.ends)?;
                }
                (failed, next)
            }
            None => (
                job.emit(&batch, parallel::threads_for(batch.len()), sink)?,
                read_batch(&mut reader),
            ),
        };
        if failed {
            status = Exit::Failure;
        }
        batch = next?;
    }
    if tokens == 0 {
        anyhow::bail!(jwt::DecodeError::Empty);
    }
    sink.finish()?;
    Ok(status)
}

fn render_chunk<J: LineJob>(
    job: &J,
    lines: &[(u64, Line)],
    chunk: &mut RenderedChunk,
    renderer: &dyn ItemRenderer,
) -> std::io::Result<()> {
    chunk.buf.clear();
    chunk.ends.clear();
    chunk.failed = job.render(lines, renderer, &mut chunk.buf, &mut chunk.ends)?;
    Ok(())
}

/// Reads up to [`BATCH`] non-blank lines.
fn read_batch<R: BufRead>(reader: &mut LineReader<R>) -> anyhow::Result<Vec<(u64, Line)>> {
    let mut batch = Vec::with_capacity(BATCH);
    while batch.len() < BATCH {
        match reader.next_line().context("reading standard input")? {
            None => break,
            Some((_, Line::Text(t))) if t.trim().is_empty() => {}
            Some(line) => batch.push(line),
        }
    }
    Ok(batch)
}
