//! `jwt decode`: decode each input into a [`DecodeReport`]; a bad input becomes a [`LineError`]
//! and the others go on. Standard input goes through the shared bulk path ([`bulk`]).

use std::io::BufRead;

use anyhow::Context as _;

use crate::cli::DecodeArgs;
use crate::context::Ctx;
use crate::exit::{self, Exit};
use crate::input::{Line, extract_token};
use crate::jwt;
use crate::parallel;
use crate::report::{DecodeItem, DecodeReport, ItemRenderer, LineError, Sink};

use super::bulk::{self, LineJob};

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
            let job = DecodeJob {
                max_size: args.max_size,
                now,
            };
            bulk::run(&job, args.max_size, stdin, sink)
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

/// `jwt decode` on each line of standard input.
struct DecodeJob {
    max_size: usize,
    now: i64,
}

impl LineJob for DecodeJob {
    fn render(
        &self,
        lines: &[(u64, Line)],
        renderer: &dyn ItemRenderer,
        buf: &mut Vec<u8>,
        ends: &mut Vec<usize>,
    ) -> std::io::Result<bool> {
        let mut failed = false;
        for line in lines {
            let item = decode_line(line, self.max_size, self.now);
            renderer.render_decode(&item, buf)?;
            ends.push(buf.len());
            failed |= matches!(item, DecodeItem::Error(_));
        }
        Ok(failed)
    }

    fn emit(
        &self,
        batch: &[(u64, Line)],
        threads: usize,
        sink: &mut dyn Sink,
    ) -> anyhow::Result<bool> {
        let items =
            parallel::map_ordered(batch, threads, |l| decode_line(l, self.max_size, self.now));
        sink.decode_items(&items)?;
        Ok(items.iter().any(|i| matches!(i, DecodeItem::Error(_))))
    }
}
