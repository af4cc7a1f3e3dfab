//! The human form of `jwt verify`: the verdict first, in plain words, then the token as `jwt decode`
//! shows it.

use std::io::{self, Write};

use super::{BOLD, GREEN, RED, decode, paint};
use crate::context::Style;
use crate::report::VerifyReport;
use crate::sanitize::{escaped, text};

/// Renders one verdict for people.
pub(super) fn render(
    w: &mut Vec<u8>,
    r: &VerifyReport,
    style: Style,
    many: bool,
) -> io::Result<()> {
    if many {
        let title = match r.line {
            Some(n) => format!("── line {n} ──"),
            None => "──".to_string(),
        };
        writeln!(w, "{}", paint(style, BOLD, &title))?;
    }
    if r.valid {
        let key = r.key.as_deref().unwrap_or("the key");
        let alg = r
            .token
            .as_ref()
            .and_then(|t| t.alg.as_deref())
            .unwrap_or("?");
        writeln!(
            w,
            "{} signature ({}) verified with {}; every claim check passed.",
            paint(style, GREEN, "VALID:"),
            text(alg),
            escaped(key)
        )?;
    } else {
        let reason = r.reason.unwrap_or("invalid");
        let message = r.message.as_deref().unwrap_or("");
        writeln!(
            w,
            "{} {}",
            paint(style, RED, &format!("INVALID ({reason}):")),
            escaped(message)
        )?;
    }
    if let Some(token) = &r.token {
        decode::render_body(w, token, style, "")?;
    }
    Ok(())
}
