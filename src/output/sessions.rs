//! Rendering of the session commands: tables for people (comfy-table), JSON/NDJSON for scripts,
//! a progress line on stderr for long scans when stderr is a terminal.

use std::io::{self, Write};

use comfy_table::{Cell, ContentArrangement, Table, presets};

use super::{BOLD, Printer, YELLOW, paint};
use crate::cli::OutputFormat;
use crate::report::sessions::{
    Bucket, ListFooter, SandboxInfo, SessionDetail, SessionEvent, SessionSummary, StatsReport,
};
use crate::sanitize::{escaped, json, text};

/// Rows of the `sessions list` table held before a page is printed: memory stays flat however
/// many sessions a listing streams.
const PAGE: usize = 1000;

/// Per-run state of the session renderers.
#[derive(Default)]
pub(super) struct State {
    rows: Vec<SessionSummary>,
    /// The list table's column widths, fixed by its first page (a wider value widens its column
    /// from its own page on); `None` until the first page is printed.
    widths: Option<Vec<usize>>,
    progress: Option<indicatif::ProgressBar>,
}

pub(super) fn event(p: &mut Printer<'_>, ev: SessionEvent<'_>) -> io::Result<()> {
    match ev {
        SessionEvent::Progress(n) => {
            if p.err_style.terminal {
                let bar = p.sessions.progress.get_or_insert_with(|| {
                    let b = indicatif::ProgressBar::with_draw_target(
                        None,
                        indicatif::ProgressDrawTarget::stderr(),
                    );
                    b.set_style(
                        indicatif::ProgressStyle::with_template("{spinner} scanned {pos} keys")
                            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
                    );
                    b
                });
                bar.set_position(n);
            }
            Ok(())
        }
        SessionEvent::ListBegin => {
            use crate::report::Sink as _;
            p.begin(true)
        }
        SessionEvent::Item(s) => match p.format {
            OutputFormat::Json | OutputFormat::Ndjson => {
                p.json_item(s)?;
                p.flush_buf()
            }
            OutputFormat::Table => {
                p.sessions.rows.push(s.clone());
                if p.sessions.rows.len() >= PAGE {
                    list_page(p)?;
                }
                Ok(())
            }
        },
        SessionEvent::ListEnd(footer) => {
            clear_progress(p);
            if p.format == OutputFormat::Table {
                list_page(p)?;
                list_footer(p, footer)?;
            } else if let Some(e) = &footer.error {
                // The document stays well-formed: the array closes after an error element.
                p.json_item(&serde_json::json!({ "error": e }))?;
            }
            use crate::report::Sink as _;
            p.finish()
        }
        SessionEvent::Show(d) => {
            clear_progress(p);
            match p.format {
                OutputFormat::Json | OutputFormat::Ndjson => {
                    p.json_item(d)?;
                    p.flush_buf()
                }
                OutputFormat::Table => show(p, d),
            }
        }
        SessionEvent::Stats(s) => {
            clear_progress(p);
            match p.format {
                OutputFormat::Json | OutputFormat::Ndjson => {
                    p.json_item(s)?;
                    p.flush_buf()
                }
                OutputFormat::Table => stats(p, s),
            }
        }
        SessionEvent::Sandbox(info) => match p.format {
            OutputFormat::Json | OutputFormat::Ndjson => {
                p.json_item(info)?;
                p.flush_buf()?;
                p.out.flush()
            }
            OutputFormat::Table => sandbox(p, info),
        },
        SessionEvent::Notice(msg) => {
            if p.format == OutputFormat::Table {
                let msg = escaped(msg);
                writeln!(p.err, "{} {msg}", paint(p.err_style, BOLD, "note:"))?;
            }
            Ok(())
        }
    }
}

fn clear_progress(p: &mut Printer<'_>) {
    if let Some(bar) = p.sessions.progress.take() {
        bar.finish_and_clear();
    }
}

/// A duration in seconds, short: `59s`, `23h 59m`, `30d`.
pub(super) fn human_ttl(ttl: Option<i64>) -> String {
    let Some(s) = ttl else {
        return "never".into();
    };
    let (d, h, m) = (s / 86400, (s % 86400) / 3600, (s % 3600) / 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{s}s"),
        (0, 0, m) if s % 60 == 0 => format!("{m}m"),
        (0, 0, m) => format!("{m}m {}s", s % 60),
        (0, h, m) => format!("{h}h {m}m"),
        (d, 0, _) => format!("{d}d"),
        (d, h, _) => format!("{d}d {h}h"),
    }
}

/// Bytes, short: `312 B`, `4.1 KiB`, `2.4 MiB`.
pub(super) fn human_size(n: u64) -> String {
    const K: f64 = 1024.0;
    let f = n as f64;
    if n < 1024 {
        format!("{n} B")
    } else if f < K * K {
        format!("{:.1} KiB", f / K)
    } else {
        format!("{:.1} MiB", f / (K * K))
    }
}

fn table(p: &Printer<'_>) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled);
    if !p.out_style.color {
        t.force_no_tty();
    }
    t
}

/// Prints the rows held as one page of the list table (the header before the first page), then
/// their warnings on stderr.
fn list_page(p: &mut Printer<'_>) -> io::Result<()> {
    let rows = std::mem::take(&mut p.sessions.rows);
    if rows.is_empty() {
        return Ok(());
    }
    clear_progress(p);
    let style = p.out_style;
    let header =
        ["ID", "USER", "TTL", "CREATED", "LAST ACCESS", "SIZE"].map(|h| (h.to_owned(), h.len()));
    let cells: Vec<[(String, usize); 6]> = rows
        .iter()
        .map(|r| {
            let user = match (&r.user, &r.error) {
                (Some(u), _) => text(u).into_owned(),
                (None, Some(_)) => "(undecodable)".into(),
                (None, None) => "-".into(),
            };
            let (ttl, ttl_width) = if r.ttl.is_none() {
                (paint(style, YELLOW, "never (!)"), "never (!)".len())
            } else {
                let t = human_ttl(r.ttl);
                let w = t.len();
                (t, w)
            };
            let plain = |t: String| {
                let w = unicode_width::UnicodeWidthStr::width(t.as_str());
                (t, w)
            };
            [
                plain(escaped(&r.id).into_owned()),
                plain(user),
                (ttl, ttl_width),
                plain(r.created.clone().unwrap_or_else(|| "-".into())),
                plain(r.last_access.clone().unwrap_or_else(|| "-".into())),
                plain(human_size(r.size)),
            ]
        })
        .collect();
    let first = p.sessions.widths.is_none();
    let mut widths = p
        .sessions
        .widths
        .take()
        .unwrap_or_else(|| header.iter().map(|(_, w)| *w).collect());
    for row in &cells {
        for (w, (_, cw)) in widths.iter_mut().zip(row) {
            *w = (*w).max(*cw);
        }
    }
    // The layout of comfy-table's borderless preset: each cell padded by one space on each side.
    let mut line = String::new();
    let mut write_row = |buf: &mut Vec<u8>, row: &[(String, usize)]| -> io::Result<()> {
        line.clear();
        for ((cell, cw), w) in row.iter().zip(&widths) {
            line.push(' ');
            line.push_str(cell);
            line.extend(std::iter::repeat_n(' ', w.saturating_sub(*cw) + 1));
        }
        writeln!(buf, "{}", line.trim_end())
    };
    if first {
        write_row(&mut p.buf, &header)?;
    }
    for row in &cells {
        write_row(&mut p.buf, row)?;
    }
    p.sessions.widths = Some(widths);
    p.flush_buf()?;
    for r in &rows {
        if let Some(e) = &r.error {
            let msg = escaped(&format!("{}: {e}", r.key)).into_owned();
            writeln!(p.err, "{} {msg}", paint(p.err_style, YELLOW, "warning:"))?;
        }
        if let Some(n) = r.note {
            writeln!(
                p.err,
                "{} {}: {n}",
                paint(p.err_style, BOLD, "note:"),
                escaped(&r.key)
            )?;
        }
    }
    Ok(())
}

/// The list table's footer: what was scanned and found.
fn list_footer(p: &mut Printer<'_>, f: &ListFooter) -> io::Result<()> {
    let style = p.out_style;
    let mut footer = format!(
        "{} {} (store {}, {} keys scanned",
        f.matched,
        if f.matched == 1 {
            "session"
        } else {
            "sessions"
        },
        f.store,
        f.scanned
    );
    if f.undecodable > 0 {
        footer.push_str(&format!(", {} could not be decoded", f.undecodable));
    }
    if f.never_expire > 0 {
        footer.push_str(&format!(", {} never expire", f.never_expire));
    }
    if f.truncated {
        footer.push_str(", stopped at --limit");
    }
    if f.error.is_some() {
        footer.push_str(", stopped by an error: partial listing");
    }
    footer.push(')');
    writeln!(p.buf, "{}", paint(style, BOLD, &footer))?;
    p.flush_buf()
}

fn show(p: &mut Printer<'_>, d: &SessionDetail) -> io::Result<()> {
    let style = p.out_style;
    let s = &d.summary;
    let mut t = table(p);
    let dash = |o: Option<&str>| o.unwrap_or("-").to_owned();
    let rows: Vec<(&str, String)> = vec![
        ("id", escaped(&s.id).into_owned()),
        ("key", escaped(&s.key).into_owned()),
        ("store", d.store.to_owned()),
        ("type", s.rtype.to_owned()),
        (
            "user",
            s.user
                .as_deref()
                .map_or_else(|| "-".to_owned(), |u| text(u).into_owned()),
        ),
        (
            "ttl",
            match s.ttl {
                Some(t) => format!("{} ({t}s)", human_ttl(Some(t))),
                None => "never (!): this session never expires".into(),
            },
        ),
        ("size", format!("{} ({} bytes)", human_size(s.size), s.size)),
        ("created", dash(s.created.as_deref())),
        ("last access", dash(s.last_access.as_deref())),
    ];
    for (k, v) in rows {
        t.add_row([Cell::new(paint(style, BOLD, k)), Cell::new(v)]);
    }
    for line in t.to_string().lines() {
        writeln!(p.buf, "{}", line.trim_end())?;
    }
    if let Some(n) = s.note {
        writeln!(p.buf, "{} {n}", paint(style, YELLOW, "note:"))?;
    }
    match &s.error {
        Some(e) => writeln!(
            p.buf,
            "{} {}",
            paint(style, YELLOW, "undecodable:"),
            escaped(e)
        )?,
        None => {
            writeln!(p.buf, "{}", paint(style, BOLD, "data:"))?;
            let pretty = serde_json::to_string_pretty(&d.data).unwrap_or_default();
            for line in json(&pretty).lines() {
                writeln!(p.buf, "  {line}")?;
            }
        }
    }
    p.flush_buf()
}

fn histogram(p: &mut Printer<'_>, title: &str, buckets: &[Bucket]) -> io::Result<()> {
    writeln!(p.buf, "{}", paint(p.out_style, BOLD, title))?;
    let max = buckets.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    for b in buckets {
        let bar = "#".repeat(((b.count * 40).div_ceil(max)) as usize);
        let line = format!("  {:<12} {:>8}  {bar}", b.bucket, b.count);
        writeln!(p.buf, "{}", line.trim_end())?;
    }
    Ok(())
}

fn stats(p: &mut Printer<'_>, s: &StatsReport) -> io::Result<()> {
    let style = p.out_style;
    let mut t = table(p);
    let rows = [
        ("store", s.store.to_string()),
        ("keys scanned", s.scanned.to_string()),
        ("sessions", s.sessions.to_string()),
        ("logged in", s.logged_in.to_string()),
        ("anonymous", s.anonymous.to_string()),
        ("distinct users", s.distinct_users.to_string()),
        (
            "never expire",
            if s.never_expire > 0 {
                paint(style, YELLOW, &format!("{} (!)", s.never_expire))
            } else {
                "0".into()
            },
        ),
        ("undecodable", s.undecodable.to_string()),
        ("total size", human_size(s.total_bytes)),
        ("largest", human_size(s.max_size)),
    ];
    for (k, v) in rows {
        t.add_row([Cell::new(paint(style, BOLD, k)), Cell::new(v)]);
    }
    for line in t.to_string().lines() {
        writeln!(p.buf, "{}", line.trim_end())?;
    }
    if !s.top_users.is_empty() {
        writeln!(p.buf, "{}", paint(style, BOLD, "top users"))?;
        for u in &s.top_users {
            writeln!(p.buf, "  {:<20} {:>8}", text(&u.user), u.sessions)?;
        }
    }
    histogram(p, "time to live", &s.ttl_histogram)?;
    histogram(p, "size", &s.size_histogram)?;
    for n in &s.notes {
        writeln!(p.buf, "{} {n}", paint(style, YELLOW, "note:"))?;
    }
    p.flush_buf()
}

fn sandbox(p: &mut Printer<'_>, info: &SandboxInfo) -> io::Result<()> {
    writeln!(
        p.buf,
        "sandbox redis-server running; one database per store preset:"
    )?;
    for db in &info.databases {
        writeln!(p.buf, "  {:<15} {}  ({} keys)", db.store, db.url, db.keys)?;
    }
    if let Some(first) = info.databases.first() {
        writeln!(p.buf)?;
        writeln!(p.buf, "export SESSCTL_REDIS_URL={}", first.url)?;
        writeln!(p.buf)?;
        writeln!(
            p.buf,
            "then: sessctl sessions list --user 42   (or --redis-url with another database above)"
        )?;
    }
    writeln!(
        p.buf,
        "files in {}; press Ctrl-C to stop and remove them",
        info.dir
    )?;
    p.flush_buf()?;
    p.out.flush()
}
