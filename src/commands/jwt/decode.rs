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
use crate::report::{DecodeItem, DecodeReport, LineError, Sink};

/// Lines decoded per batch: large enough to amortise thread start-up, small enough to stream.
const BATCH: usize = 4096;

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
    let mut batch = Vec::with_capacity(BATCH);
    let mut started = false;
    loop {
        batch.clear();
        while batch.len() < BATCH {
            match reader.next_line().context("reading standard input")? {
                None => break,
                Some((_, Line::Text(t))) if t.trim().is_empty() => {}
                Some(line) => batch.push(line),
            }
        }
        if batch.is_empty() {
            break;
        }
        if !started {
            sink.begin(true)?;
            started = true;
        }
        tokens += batch.len() as u64;
        let failed = match sink.renderer() {
            Some(renderer) => {
                // Decode, render and drop each report on the worker thread that built it.
                let rendered = parallel::map_ordered(&batch, ctx.threads, |l| {
                    let item = decode_line(l, args.max_size, now);
                    let mut buf = Vec::with_capacity(1024);
                    let ok = renderer.render_decode(&item, &mut buf);
                    (matches!(item, DecodeItem::Error(_)), ok.map(|()| buf))
                });
                let failed = rendered.iter().any(|(failed, _)| *failed);
                let bufs = rendered
                    .into_iter()
                    .map(|(_, buf)| buf)
                    .collect::<Result<Vec<_>, _>>()
                    .context("rendering the output")?;
                sink.rendered(&bufs)?;
                failed
            }
            None => {
                let items = parallel::map_ordered(&batch, ctx.threads, |l| {
                    decode_line(l, args.max_size, now)
                });
                sink.decode_items(&items)?;
                items.iter().any(|i| matches!(i, DecodeItem::Error(_)))
            }
        };
        if failed {
            status = Exit::Failure;
        }
    }
    if tokens == 0 {
        anyhow::bail!(jwt::DecodeError::Empty);
    }
    sink.finish()?;
    Ok(status)
}
