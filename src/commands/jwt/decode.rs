//! `jwt decode`: decode each input into a [`DecodeReport`]; a bad input becomes a [`LineError`]
//! and the others go on. Standard input is processed in batches decoded on every core, in order.

use std::io::BufRead;

use anyhow::Context as _;

use crate::cli::DecodeArgs;
use crate::context::Ctx;
use crate::exit::{self, Exit};
use crate::input::{Line, LineReader, extract_token};
use crate::jwt;
use crate::parallel;
use crate::report::{DecodeItem, DecodeReport, ItemRenderer, LineError, Sink};

/// Lines decoded per batch: large enough to amortise thread start-up, small enough to stream.
const BATCH: usize = 8192;

/// Lines per chunk of a batch that a worker takes at a time: small enough that the threads finish
/// a batch together.
const CHUNK: usize = 512;

/// Room for wrappers (`Authorization: Bearer `, cookie names) on top of the token size cap.
const WRAPPER_ALLOWANCE: usize = 4096;

pub(crate) fn run(
    args: &DecodeArgs,
    ctx: &Ctx,
    stdin: &mut dyn BufRead,
    sink: &mut dyn Sink,
) -> anyhow::Result<Exit> {
    let now = args.at.unwrap_or(ctx.now);
    match args.token.as_deref() {
        Some(token) if token != "-" => {
            let decoded = jwt::decode(extract_token(token), args.max_size)
                .context("cannot decode the token")?;
            sink.begin(false)?;
            sink.decode_items(&[DecodeItem::Token(Box::new(DecodeReport::new(
                decoded, now, None,
            )))])?;
            sink.finish()?;
            Ok(Exit::Ok)
        }
        _ => {
            if ctx.stdin_tty {
                return Err(exit::usage(
                    "no token given and standard input is a terminal: pass TOKEN, or pipe tokens in (one per line)",
                ));
            }
            run_stdin(args, ctx, now, stdin, sink)
        }
    }
}

fn decode_line(line: &(u64, Line), max_size: usize, now: i64) -> DecodeItem {
    let (n, line) = line;
    let error = |error: String| {
        DecodeItem::Error(LineError {
            line: Some(*n),
            error,
        })
    };
    match line {
        Line::Text(text) => match jwt::decode(extract_token(text), max_size) {
            Ok(d) => DecodeItem::Token(Box::new(DecodeReport::new(d, now, Some(*n)))),
            Err(e) => error(e.to_string()),
        },
        Line::NotUtf8 => error("not UTF-8 text".to_string()),
        Line::TooLong(len) => error(
            jwt::DecodeError::TooLarge {
                len: *len,
                max: max_size,
            }
            .to_string(),
        ),
    }
}

/// One worker's share of a batch, rendered. Kept from batch to batch so its buffers are reused.
/// Shared with `jwt verify`.
#[derive(Default)]
pub(super) struct RenderedChunk {
    /// The rendered items, one after another.
    pub(super) buf: Vec<u8>,
    /// The end offset of each item in `buf`.
    pub(super) ends: Vec<usize>,
    /// Some item in the chunk failed (could not be decoded, is not valid).
    pub(super) failed: bool,
}

fn render_chunk(
    lines: &[(u64, Line)],
    chunk: &mut RenderedChunk,
    renderer: &dyn ItemRenderer,
    max_size: usize,
    now: i64,
) -> std::io::Result<()> {
    chunk.buf.clear();
    chunk.ends.clear();
    chunk.failed = false;
    for line in lines {
        let item = decode_line(line, max_size, now);
        chunk.failed |= matches!(item, DecodeItem::Error(_));
        renderer.render_decode(&item, &mut chunk.buf)?;
        chunk.ends.push(chunk.buf.len());
    }
    Ok(())
}

/// Reads up to [`BATCH`] non-blank lines. Shared with `jwt verify`.
pub(super) fn read_batch<R: BufRead>(
    reader: &mut LineReader<R>,
) -> anyhow::Result<Vec<(u64, Line)>> {
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

fn run_stdin(
    args: &DecodeArgs,
    ctx: &Ctx,
    now: i64,
    stdin: &mut dyn BufRead,
    sink: &mut dyn Sink,
) -> anyhow::Result<Exit> {
    let mut reader = LineReader::new(stdin, args.max_size.saturating_add(WRAPPER_ALLOWANCE));
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
                // Decode, render and drop each report on the worker thread that built it, into
                // one buffer per chunk, while this thread reads the next batch and then helps
                // (so one thread per core in all).
                let (results, next) = parallel::map_chunks_shared(
                    &batch,
                    CHUNK,
                    &mut chunks,
                    ctx.threads.saturating_sub(1).max(1),
                    |lines, chunk| render_chunk(lines, chunk, renderer, args.max_size, now),
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
            None => {
                let items = parallel::map_ordered(&batch, ctx.threads, |l| {
                    decode_line(l, args.max_size, now)
                });
                sink.decode_items(&items)?;
                let failed = items.iter().any(|i| matches!(i, DecodeItem::Error(_)));
                (failed, read_batch(&mut reader))
            }
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
