//! The human form of `jwt decode`.

use std::io::{self, Write};

use super::{BOLD, DIM, GREEN, RED, YELLOW, paint};
use crate::context::Style;
use crate::report::{DecodeReport, JsonRef};
use crate::sanitize::{json, text};

/// Renders one decoded token for people.
pub(super) fn render(
    w: &mut Vec<u8>,
    r: &DecodeReport,
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
    render_body(w, r, style, "")
}

fn heading(w: &mut Vec<u8>, style: Style, indent: &str, text: &str) -> io::Result<()> {
    writeln!(w, "{indent}{}", paint(style, BOLD, text))
}

/// JSON laid out over lines (its strings escaped for the screen).
fn block(w: &mut Vec<u8>, indent: &str, pretty: &str) -> io::Result<()> {
    for line in json(pretty).lines() {
        writeln!(w, "{indent}{line}")?;
    }
    Ok(())
}

pub(super) fn render_body(
    w: &mut Vec<u8>,
    r: &DecodeReport,
    style: Style,
    indent: &str,
) -> io::Result<()> {
    let alg = r
        .alg
        .as_deref()
        .map_or("no alg".to_string(), |a| text(a).into_owned());
    match r.kind {
        "unsecured" => {
            writeln!(
                w,
                "{indent}{} {}",
                paint(style, BOLD, "Kind:"),
                paint(style, RED, "UNSECURED (alg: none)")
            )?;
            writeln!(
                w,
                "{indent}      {}",
                paint(
                    style,
                    RED,
                    "Nothing protects this token: anyone can forge or change it. It proves nothing."
                )
            )?;
        }
        "jwe" => {
            let enc = r.header.get().member("enc").and_then(JsonRef::as_str);
            let enc = enc.as_deref().unwrap_or("?");
            writeln!(
                w,
                "{indent}{} JWE, encrypted ({alg}, {})",
                paint(style, BOLD, "Kind:"),
                text(enc)
            )?;
            writeln!(
                w,
                "{indent}      The payload cannot be read without the decryption key."
            )?;
        }
        _ => {
            writeln!(
                w,
                "{indent}{} JWS, signed with {alg}: signed, not encrypted",
                paint(style, BOLD, "Kind:")
            )?;
            writeln!(
                w,
                "{indent}      {}",
                paint(
                    style,
                    DIM,
                    "Anyone who holds this token can read its payload; the signature only proves it was not changed."
                )
            )?;
        }
    }
    if r.nested {
        writeln!(
            w,
            "{indent}      Nested: the payload is itself a token (cty: JWT)."
        )?;
    }
    heading(w, style, indent, "Header:")?;
    block(w, indent, &r.header.pretty())?;

    if r.kind != "jwe" {
        heading(w, style, indent, "Payload:")?;
        match (r.payload.get().as_str(), r.payload_encoding) {
            (_, None) if r.detached => writeln!(
                w,
                "{indent}(detached: the payload segment is empty and travels separately)"
            )?,
            (Some(s), Some("text")) => writeln!(w, "{indent}{}", text(&s))?,
            (Some(s), Some("base64url")) => writeln!(w, "{indent}(not UTF-8, base64url) {s}")?,
            _ => block(w, indent, &r.payload.pretty())?,
        }
    }

    if !r.times.is_empty() {
        heading(w, style, indent, "Times:")?;
        let values: Vec<_> = r.times.iter().map(|t| json(t.value.as_str())).collect();
        let width = values.iter().map(|v| v.len()).max().unwrap_or(0);
        for (t, value) in r.times.iter().zip(&values) {
            let utc = t.utc.as_deref().unwrap_or("out of range");
            let rel = if t.alarming {
                paint(style, YELLOW, &t.relative)
            } else {
                paint(style, GREEN, &t.relative)
            };
            writeln!(
                w,
                "{indent}  {:<9} {:<width$}  {utc}  {rel}",
                t.claim, value
            )?;
        }
    }

    if let Some(sig) = &r.signature {
        heading(w, style, indent, "Signature:")?;
        let bytes = r.signature_bytes.unwrap_or(0);
        if sig.is_empty() {
            writeln!(w, "{indent}  (empty)")?;
        } else {
            writeln!(w, "{indent}  {} ({bytes} bytes)", text(sig))?;
        }
    }
    if let Some(j) = &r.jwe {
        heading(w, style, indent, "Segments:")?;
        writeln!(
            w,
            "{indent}  encrypted key {} bytes, iv {} bytes, ciphertext {} bytes, tag {} bytes",
            j.encrypted_key_bytes, j.iv_bytes, j.ciphertext_bytes, j.tag_bytes
        )?;
    }
    if let Some(inner) = &r.inner {
        heading(w, style, indent, "Inner token:")?;
        let deeper = format!("{indent}  ");
        render_body(w, inner, style, &deeper)?;
    }
    Ok(())
}
