//! Rendering: the only place that writes to stdout and stderr (besides `main`'s final error line).
//! Takes `report` values and a resolved [`Style`]; never looks at the environment, and never
//! imports the domain modules or commands.
//!
//! `--output json` writes one document: an object for a single item, an array when the command
//! reads many (standard input). `ndjson` writes one compact object per line, flushed per batch.
//! `table` is the human form.

#![allow(clippy::print_stdout, clippy::print_stderr)]

mod decode;
mod ndjson;
mod revoke;
mod sessions;
mod verify;

use std::io::{self, Write};

use serde::Serialize;

use crate::cli::OutputFormat;
use crate::context::Style;
use crate::report::{DecodeItem, ItemRenderer, Sink, VerifyReport};
use crate::sanitize::escaped;

/// Renders items as JSON: pretty for `json`, one line for `ndjson`. Holds no stream, so worker
/// threads can share it.
struct JsonRenderer {
    pretty: bool,
}

impl ItemRenderer for JsonRenderer {
    fn render_decode(&self, item: &DecodeItem, buf: &mut Vec<u8>) -> io::Result<()> {
        if self.pretty {
            render_json(true, item, buf)
        } else {
            ndjson::decode_item(buf, item);
            buf.push(b'\n');
            Ok(())
        }
    }

    fn render_verify(&self, item: &VerifyReport, buf: &mut Vec<u8>) -> io::Result<()> {
        if self.pretty {
            render_json(true, item, buf)
        } else {
            ndjson::verify_report(buf, item);
            buf.push(b'\n');
            Ok(())
        }
    }
}

/// One item of machine output: pretty JSON (`json`, framed later into the document), or one
/// compact line with its newline (`ndjson`).
fn render_json<T: Serialize>(pretty: bool, item: &T, buf: &mut Vec<u8>) -> io::Result<()> {
    if pretty {
        serde_json::to_writer_pretty(&mut *buf, item)?;
    } else {
        serde_json::to_writer(&mut *buf, item)?;
        buf.push(b'\n');
    }
    Ok(())
}

/// Standard output with its write errors named ("writing to standard output: No space left on
/// device"). The error kind is kept, so that a reader going away (`| head`) is still recognised
/// as a broken pipe and stays a quiet success.
#[derive(Debug)]
pub struct NamedStdout<W: Write>(pub W);

impl<W: Write> Write for NamedStdout<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf).map_err(named)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush().map_err(named)
    }
}

fn named(e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("writing to standard output: {e}"))
}

/// Renders reports onto stdout, and diagnostics onto stderr.
pub struct Printer<'a> {
    format: OutputFormat,
    out_style: Style,
    err_style: Style,
    out: &'a mut dyn Write,
    err: &'a mut dyn Write,
    collection: bool,
    items: u64,
    buf: Vec<u8>,
    json: Option<JsonRenderer>,
    sessions: sessions::State,
}

impl<'a> Printer<'a> {
    /// A printer writing `format` to `out`, and diagnostics to `err`.
    pub fn new(
        format: OutputFormat,
        out_style: Style,
        err_style: Style,
        out: &'a mut dyn Write,
        err: &'a mut dyn Write,
    ) -> Printer<'a> {
        Printer {
            format,
            out_style,
            err_style,
            out,
            err,
            collection: false,
            items: 0,
            buf: Vec::with_capacity(1 << 16),
            sessions: sessions::State::default(),
            json: match format {
                OutputFormat::Table => None,
                OutputFormat::Json => Some(JsonRenderer { pretty: true }),
                OutputFormat::Ndjson => Some(JsonRenderer { pretty: false }),
            },
        }
    }

    /// Appends one rendered item of machine output to the buffer, framed for the format.
    fn push_rendered(&mut self, rendered: &[u8]) {
        match self.format {
            OutputFormat::Json if self.collection => {
                self.buf
                    .extend_from_slice(if self.items == 0 { b"\n  " } else { b",\n  " });
                for (i, line) in rendered.split(|&b| b == b'\n').enumerate() {
                    if i > 0 {
                        self.buf.extend_from_slice(b"\n  ");
                    }
                    self.buf.extend_from_slice(line);
                }
            }
            OutputFormat::Json => {
                self.buf.extend_from_slice(rendered);
                self.buf.push(b'\n');
            }
            _ => self.buf.extend_from_slice(rendered),
        }
        self.items += 1;
    }

    /// Renders and appends one item of machine output.
    fn json_item<T: Serialize>(&mut self, item: &T) -> io::Result<()> {
        let mut rendered = Vec::new();
        render_json(self.format == OutputFormat::Json, item, &mut rendered)?;
        self.push_rendered(&rendered);
        Ok(())
    }

    /// Renders and appends one item of machine output with the worker threads' renderer.
    fn render_item(
        &mut self,
        render: impl FnOnce(&JsonRenderer, &mut Vec<u8>) -> io::Result<()>,
    ) -> io::Result<()> {
        let Some(renderer) = &self.json else {
            return Ok(());
        };
        let mut rendered = Vec::new();
        render(renderer, &mut rendered)?;
        self.push_rendered(&rendered);
        Ok(())
    }

    fn flush_buf(&mut self) -> io::Result<()> {
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        if self.format == OutputFormat::Ndjson {
            self.out.flush()?;
        }
        Ok(())
    }

    /// Writes a warning line on stderr.
    fn warn(&mut self, line: Option<u64>, msg: &str) -> io::Result<()> {
        let msg = escaped(msg);
        let label = paint(self.err_style, YELLOW, "warning:");
        match line {
            Some(n) => writeln!(self.err, "{label} line {n}: {msg}"),
            None => writeln!(self.err, "{label} {msg}"),
        }
    }

    /// Writes an error line for one input on stderr (the run goes on).
    fn input_error(&mut self, line: Option<u64>, msg: &str) -> io::Result<()> {
        let msg = escaped(msg);
        let label = paint(self.err_style, RED, "error:");
        match line {
            Some(n) => writeln!(self.err, "sessctl: {label} line {n}: {msg}"),
            None => writeln!(self.err, "sessctl: {label} {msg}"),
        }
    }
}

impl Sink for Printer<'_> {
    fn begin(&mut self, collection: bool) -> io::Result<()> {
        self.collection = collection;
        if self.format == OutputFormat::Json && collection {
            self.buf.push(b'[');
        }
        Ok(())
    }

    fn decode_items(&mut self, items: &[DecodeItem]) -> io::Result<()> {
        match self.format {
            OutputFormat::Json | OutputFormat::Ndjson => {
                for item in items {
                    self.render_item(|r, buf| r.render_decode(item, buf))?;
                }
            }
            OutputFormat::Table => {
                for item in items {
                    match item {
                        DecodeItem::Token(report) => {
                            decode::render(&mut self.buf, report, self.out_style, self.collection)?;
                            self.items += 1;
                            self.flush_buf()?;
                            for w in &report.warnings {
                                self.warn(report.line, w)?;
                            }
                        }
                        DecodeItem::Error(e) => {
                            self.flush_buf()?;
                            self.input_error(e.line, &e.error)?;
                        }
                    }
                }
            }
        }
        self.flush_buf()
    }

    fn verify_items(&mut self, items: &[VerifyReport]) -> io::Result<()> {
        match self.format {
            OutputFormat::Json | OutputFormat::Ndjson => {
                for item in items {
                    self.render_item(|r, buf| r.render_verify(item, buf))?;
                }
            }
            OutputFormat::Table => {
                for item in items {
                    verify::render(&mut self.buf, item, self.out_style, self.collection)?;
                    self.items += 1;
                    self.flush_buf()?;
                    if let Some(token) = &item.token {
                        for w in &token.warnings {
                            self.warn(item.line, w)?;
                        }
                    }
                }
            }
        }
        self.flush_buf()
    }

    fn warning(&mut self, message: &str) -> io::Result<()> {
        self.warn(None, message)
    }

    fn note(&mut self, message: &str) -> io::Result<()> {
        writeln!(self.err, "sessctl: {}", escaped(message))
    }

    fn renderer(&self) -> Option<&dyn ItemRenderer> {
        self.json.as_ref().map(|r| r as &dyn ItemRenderer)
    }

    fn rendered(&mut self, buf: &[u8], ends: &[usize]) -> io::Result<()> {
        if self.format == OutputFormat::Ndjson {
            // Lines are complete: write the chunk as it is.
            self.flush_buf()?;
            self.items += ends.len() as u64;
            self.out.write_all(buf)?;
            return self.out.flush();
        }
        let mut start = 0;
        for &end in ends {
            self.push_rendered(&buf[start..end]);
            start = end;
        }
        self.flush_buf()
    }

    fn sessions(&mut self, event: crate::report::sessions::SessionEvent<'_>) -> io::Result<()> {
        sessions::event(self, event)
    }

    fn revoke(&mut self, event: crate::report::revoke::RevokeEvent<'_>) -> io::Result<()> {
        revoke::event(self, event)
    }

    fn raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)
    }

    fn finish(&mut self) -> io::Result<()> {
        if self.format == OutputFormat::Json && self.collection {
            self.buf
                .extend_from_slice(if self.items == 0 { b"]\n" } else { b"\n]\n" });
        }
        self.flush_buf()?;
        self.out.flush()
    }
}

const RED: anstyle::Style = anstyle::AnsiColor::Red.on_default().bold();
const YELLOW: anstyle::Style = anstyle::AnsiColor::Yellow.on_default().bold();
const BOLD: anstyle::Style = anstyle::Style::new().bold();
const DIM: anstyle::Style = anstyle::Style::new().dimmed();
const GREEN: anstyle::Style = anstyle::AnsiColor::Green.on_default();

/// `text` wrapped in `style` when colour is on.
fn paint(style: Style, ansi: anstyle::Style, text: &str) -> String {
    if style.color {
        format!("{}{text}{}", ansi.render(), ansi.render_reset())
    } else {
        text.to_owned()
    }
}

/// Writes the final error line of a failed run: `sessctl: error: outer: inner: cause`, then any
/// `hint:` lines.
pub fn error(err: &mut dyn Write, style: Style, message: &str, hints: &[String]) {
    let label = paint(style, RED, "error:");
    let message = escaped(message);
    let _ = writeln!(err, "sessctl: {label} {message}");
    for hint in hints {
        let hint = escaped(hint);
        let _ = writeln!(err, "{} {hint}", paint(style, BOLD, "hint:"));
    }
}
