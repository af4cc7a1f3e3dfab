//! Rendering of the destructive commands: a summary line and a table of what was removed for
//! people, the report structs as JSON for scripts.

use std::io;

use comfy_table::{ContentArrangement, Table, presets};

use super::sessions::{human_size, human_ttl};
use super::{BOLD, GREEN, Printer, YELLOW, paint};
use crate::cli::OutputFormat;
use crate::report::Sink as _;
use crate::report::revoke::{
    DeleteReport, ExpireReport, JwtRevokeItem, RevokeEvent, RevokeUserReport,
};
use crate::report::sessions::SessionSummary;
use crate::sanitize::{escaped, text};

pub(super) fn event(p: &mut Printer<'_>, ev: RevokeEvent<'_>) -> io::Result<()> {
    if p.format != OutputFormat::Table {
        return match ev {
            RevokeEvent::Expire(r) => one(p, r),
            RevokeEvent::Delete(r) => one(p, r),
            RevokeEvent::RevokeUser(r) => one(p, r),
            RevokeEvent::JwtRevoke { items, collection } => {
                p.begin(collection)?;
                for i in items {
                    p.json_item(i)?;
                }
                p.finish()
            }
        };
    }
    match ev {
        RevokeEvent::Expire(r) => expire(p, r),
        RevokeEvent::Delete(r) => delete(p, r),
        RevokeEvent::RevokeUser(r) => revoke_user(p, r),
        RevokeEvent::JwtRevoke { items, .. } => jwt(p, items),
    }
}

fn one<T: serde::Serialize>(p: &mut Printer<'_>, r: &T) -> io::Result<()> {
    p.begin(false)?;
    p.json_item(r)?;
    p.finish()
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

fn rows_table(p: &mut Printer<'_>, rows: &[SessionSummary]) -> io::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut t = table(p);
    t.set_header(["ID", "USER", "TTL", "SIZE"]);
    for r in rows {
        t.add_row([
            escaped(&r.id).into_owned(),
            text(r.user.as_deref().unwrap_or("-")).into_owned(),
            human_ttl(r.ttl),
            human_size(r.size),
        ]);
    }
    let text = t.to_string();
    for line in text.lines() {
        writeln!(p.out, "{}", line.trim_end())?;
    }
    Ok(())
}

fn expire(p: &mut Printer<'_>, r: &ExpireReport) -> io::Result<()> {
    let style = p.out_style;
    for s in &r.sessions {
        let id = escaped(&s.id);
        match s.status {
            "expired" => writeln!(p.out, "{id}  expires in {}", human_ttl(s.ttl))?,
            "unchanged" => writeln!(
                p.out,
                "{id}  unchanged: already expires in {}",
                human_ttl(s.ttl)
            )?,
            "deleted" => writeln!(p.out, "{id}  ended now (deleted)")?,
            _ => writeln!(p.out, "{id}  {}", paint(style, YELLOW, "not found"))?,
        }
    }
    p.out.flush()
}

fn delete(p: &mut Printer<'_>, r: &DeleteReport) -> io::Result<()> {
    let style = p.out_style;
    rows_table(p, &r.sessions)?;
    let verb = if r.dry_run { "would delete" } else { "deleted" };
    let mut line = format!(
        "{} {} session{} ({})",
        paint(style, BOLD, verb),
        r.deleted.len(),
        plural(r.deleted.len()),
        r.store
    );
    if !r.index_removed.is_empty() {
        let entries: Vec<String> = r
            .index_removed
            .iter()
            .map(|e| format!("{} from {}", e.id, e.key))
            .collect();
        line.push_str(&format!(
            "; {} stale principal index entr{}: {}",
            if r.dry_run { "would remove" } else { "removed" },
            if entries.len() == 1 { "y" } else { "ies" },
            escaped(&entries.join(", "))
        ));
    }
    if !r.not_found.is_empty() {
        line.push_str(&format!(
            "; not found: {}",
            escaped(&r.not_found.join(", "))
        ));
    }
    writeln!(p.out, "{line}")?;
    p.out.flush()
}

fn revoke_user(p: &mut Printer<'_>, r: &RevokeUserReport) -> io::Result<()> {
    let style = p.out_style;
    rows_table(p, &r.rows)?;
    let user = text(&r.user);
    let n = if r.dry_run {
        r.sessions.len()
    } else {
        r.deleted as usize
    };
    let verb = if r.dry_run { "would remove" } else { "removed" };
    let how = if r.used_index {
        "via the principal index"
    } else {
        "by scan"
    };
    writeln!(
        p.out,
        "{}: {verb} {n} session{} of user {user} ({}, {how}, {} key{} scanned, {} pass{}{})",
        paint(style, if r.dry_run { BOLD } else { GREEN }, "revoke-user"),
        plural(n),
        r.store,
        r.scanned,
        plural(r.scanned as usize),
        r.passes,
        if r.passes == 1 { "" } else { "es" },
        if r.clean { ", clean" } else { "" },
    )?;
    if !r.stale_index_removed.is_empty() {
        let n = r.stale_index_removed.len();
        writeln!(
            p.out,
            "{verb} {n} stale principal index entr{} (no such session): {}",
            if n == 1 { "y" } else { "ies" },
            escaped(&r.stale_index_removed.join(", "))
        )?;
    }
    let listed = [
        ("not removed", &r.not_removed),
        ("in flight (sent, outcome unknown)", &r.in_flight),
        ("not reached", &r.not_reached),
    ];
    for (what, ids) in listed {
        if !ids.is_empty() {
            writeln!(
                p.out,
                "{} {what}: {}",
                paint(style, YELLOW, "warning:"),
                escaped(&ids.join(", "))
            )?;
        }
    }
    for u in &r.unscanned {
        writeln!(
            p.out,
            "{} not scanned: {} (slots {}): {}",
            paint(style, YELLOW, "warning:"),
            escaped(u.node.as_deref().unwrap_or("no primary")),
            u.slots,
            escaped(&u.error)
        )?;
    }
    if !r.undecidable.is_empty() {
        let ids: Vec<&str> = r.undecidable.iter().map(|u| u.id.as_str()).collect();
        writeln!(
            p.out,
            "{} undecidable (owner unknown, left in place): {}",
            paint(style, YELLOW, "warning:"),
            escaped(&ids.join(", "))
        )?;
    }
    if let Some(e) = &r.cutoff_error {
        writeln!(
            p.out,
            "{} JWT cut-off not recorded: {}",
            paint(style, YELLOW, "warning:"),
            escaped(e)
        )?;
    }
    if r.error.is_some() {
        writeln!(
            p.out,
            "{} the run stopped before its end: this is a partial report",
            paint(style, YELLOW, "warning:")
        )?;
    }
    if let Some(c) = &r.cutoff {
        let at = jiff::Timestamp::from_second(c.at)
            .map(|t| t.to_string())
            .unwrap_or_else(|_| c.at.to_string());
        writeln!(
            p.out,
            "JWT cut-off: tokens issued before {at} are revoked ({})",
            text(&c.key)
        )?;
    }
    p.out.flush()
}

fn jwt(p: &mut Printer<'_>, items: &[JwtRevokeItem]) -> io::Result<()> {
    let style = p.out_style;
    for i in items {
        let prefix = i.line.map(|n| format!("line {n}: ")).unwrap_or_default();
        let key = text(i.key.as_deref().unwrap_or(""));
        match i.status {
            "revoked" | "dry_run" => {
                let verb = if i.status == "revoked" {
                    paint(style, GREEN, "revoked")
                } else {
                    paint(style, BOLD, "would revoke")
                };
                let life = match (i.ttl, i.exp) {
                    (Some(t), _) => format!("entry expires in {}", human_ttl(Some(t))),
                    (None, Some(_)) => {
                        "exp over 100 years away: the entry never expires".to_owned()
                    }
                    (None, None) => "no exp: the entry never expires".to_owned(),
                };
                writeln!(p.out, "{prefix}{verb} {key} ({life})")?;
            }
            "expired" => writeln!(
                p.out,
                "{prefix}already expired: no entry needed{}",
                i.jti
                    .as_deref()
                    .map(|j| format!(" (jti {})", text(j)))
                    .unwrap_or_default()
            )?,
            _ => {
                p.out.flush()?;
                p.input_error(i.line, i.error.as_deref().unwrap_or("not a token"))?;
            }
        }
    }
    p.out.flush()
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
