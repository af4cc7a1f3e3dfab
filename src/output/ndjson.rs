//! `--output ndjson` of the bulk commands, written by hand: the keys are static text, and the
//! header and payload are copied as the compact JSON text the report holds, where serde would walk
//! a tree. The bytes are exactly those serde_json writes for the report structs (the tests below
//! check that on reports of every shape); any new field must be added here too.

use crate::report::{DecodeItem, DecodeReport, JsonText, TimeReport, VerifyReport};

/// Appends one `jwt decode` item as one compact JSON object (without the newline).
pub(super) fn decode_item(buf: &mut Vec<u8>, item: &DecodeItem) {
    match item {
        DecodeItem::Token(report) => decode_report(buf, report),
        DecodeItem::Error(e) => {
            buf.extend_from_slice(b"{\"line\":");
            opt_u64(buf, e.line);
            buf.extend_from_slice(b",\"error\":");
            string(buf, &e.error);
            buf.push(b'}');
        }
    }
}

fn decode_report(buf: &mut Vec<u8>, r: &DecodeReport) {
    buf.extend_from_slice(b"{\"line\":");
    opt_u64(buf, r.line);
    buf.extend_from_slice(b",\"kind\":");
    string(buf, r.kind);
    buf.extend_from_slice(b",\"encrypted\":");
    boolean(buf, r.encrypted);
    buf.extend_from_slice(b",\"alg\":");
    opt_string(buf, r.alg.as_deref());
    buf.extend_from_slice(b",\"header\":");
    json(buf, &r.header);
    buf.extend_from_slice(b",\"payload\":");
    json(buf, &r.payload);
    buf.extend_from_slice(b",\"payload_encoding\":");
    opt_string(buf, r.payload_encoding);
    buf.extend_from_slice(b",\"detached\":");
    boolean(buf, r.detached);
    buf.extend_from_slice(b",\"nested\":");
    boolean(buf, r.nested);
    buf.extend_from_slice(b",\"signature\":");
    opt_string(buf, r.signature.as_deref());
    buf.extend_from_slice(b",\"signature_bytes\":");
    opt_u64(buf, r.signature_bytes.map(|n| n as u64));
    buf.extend_from_slice(b",\"jwe\":");
    match &r.jwe {
        None => buf.extend_from_slice(b"null"),
        Some(j) => {
            buf.extend_from_slice(b"{\"encrypted_key_bytes\":");
            u64_(buf, j.encrypted_key_bytes as u64);
            buf.extend_from_slice(b",\"iv_bytes\":");
            u64_(buf, j.iv_bytes as u64);
            buf.extend_from_slice(b",\"ciphertext_bytes\":");
            u64_(buf, j.ciphertext_bytes as u64);
            buf.extend_from_slice(b",\"tag_bytes\":");
            u64_(buf, j.tag_bytes as u64);
            buf.push(b'}');
        }
    }
    buf.extend_from_slice(b",\"times\":");
    times(buf, &r.times);
    buf.extend_from_slice(b",\"warnings\":");
    strings(buf, &r.warnings);
    buf.extend_from_slice(b",\"inner\":");
    match &r.inner {
        None => buf.extend_from_slice(b"null"),
        Some(inner) => decode_report(buf, inner),
    }
    buf.push(b'}');
}

/// Appends one `jwt verify` verdict as one compact JSON object (without the newline), in the
/// field order of `VerifyReport`'s `Serialize`.
pub(super) fn verify_report(buf: &mut Vec<u8>, r: &VerifyReport) {
    let t = r.token.as_ref();
    buf.extend_from_slice(b"{\"line\":");
    opt_u64(buf, r.line);
    buf.extend_from_slice(b",\"valid\":");
    boolean(buf, r.valid);
    buf.extend_from_slice(b",\"reason\":");
    opt_string(buf, r.reason);
    buf.extend_from_slice(b",\"message\":");
    opt_string(buf, r.message.as_deref());
    buf.extend_from_slice(b",\"alg\":");
    opt_string(buf, t.and_then(|t| t.alg.as_deref()));
    buf.extend_from_slice(b",\"kid\":");
    opt_string(buf, r.kid.as_deref());
    buf.extend_from_slice(b",\"key\":");
    opt_string(buf, r.key.as_deref());
    buf.extend_from_slice(b",\"kind\":");
    opt_string(buf, t.map(|t| t.kind));
    buf.extend_from_slice(b",\"header\":");
    match t {
        Some(t) => json(buf, &t.header),
        None => buf.extend_from_slice(b"null"),
    }
    buf.extend_from_slice(b",\"payload\":");
    match t {
        Some(t) => json(buf, &t.payload),
        None => buf.extend_from_slice(b"null"),
    }
    buf.extend_from_slice(b",\"payload_encoding\":");
    opt_string(buf, t.and_then(|t| t.payload_encoding));
    buf.extend_from_slice(b",\"times\":");
    times(buf, t.map_or(&[][..], |t| &t.times[..]));
    buf.extend_from_slice(b",\"warnings\":");
    strings(buf, t.map_or(&[][..], |t| &t.warnings[..]));
    buf.push(b'}');
}

fn times(buf: &mut Vec<u8>, times: &[TimeReport]) {
    buf.push(b'[');
    for (i, t) in times.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        buf.extend_from_slice(b"{\"claim\":");
        string(buf, t.claim);
        buf.extend_from_slice(b",\"value\":");
        json(buf, &t.value);
        buf.extend_from_slice(b",\"utc\":");
        opt_string(buf, t.utc.as_deref());
        buf.extend_from_slice(b",\"relative\":");
        string(buf, &t.relative);
        buf.extend_from_slice(b",\"alarming\":");
        boolean(buf, t.alarming);
        buf.push(b'}');
    }
    buf.push(b']');
}

fn strings(buf: &mut Vec<u8>, items: &[String]) {
    buf.push(b'[');
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        string(buf, s);
    }
    buf.push(b']');
}

fn json(buf: &mut Vec<u8>, text: &JsonText) {
    buf.extend_from_slice(text.as_str().as_bytes());
}

fn boolean(buf: &mut Vec<u8>, b: bool) {
    buf.extend_from_slice(if b { b"true" } else { b"false" });
}

fn u64_(buf: &mut Vec<u8>, n: u64) {
    buf.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

fn opt_u64(buf: &mut Vec<u8>, n: Option<u64>) {
    match n {
        Some(n) => u64_(buf, n),
        None => buf.extend_from_slice(b"null"),
    }
}

fn opt_string(buf: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => string(buf, s),
        None => buf.extend_from_slice(b"null"),
    }
}

/// A JSON string with serde_json's escapes: `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, and `\u00XX`
/// for the other control characters; everything else as it is.
fn string(buf: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    buf.push(b'"');
    let bytes = s.as_bytes();
    if !needs_escape(bytes) {
        buf.extend_from_slice(bytes);
        buf.push(b'"');
        return;
    }
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            0x0c => b"\\f",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0..0x20 => &[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xf)],
            ],
            _ => continue,
        };
        buf.extend_from_slice(bytes.get(run..i).unwrap_or_default());
        buf.extend_from_slice(escape);
        run = i + 1;
    }
    buf.extend_from_slice(bytes.get(run..).unwrap_or_default());
    buf.push(b'"');
}

/// True when some byte of `bytes` is `"`, `\` or a control character. Eight bytes at a time
/// (the classic has-zero / has-less word tests, exact as to whether any byte matches).
fn needs_escape(bytes: &[u8]) -> bool {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let has_zero = |x: u64| x.wrapping_sub(LO) & !x & HI;
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let Ok(word) = <[u8; 8]>::try_from(word) else {
            return true;
        };
        let w = u64::from_le_bytes(word);
        let control = w.wrapping_sub(LO * 0x20) & !w & HI;
        if (has_zero(w ^ (LO * u64::from(b'"'))) | has_zero(w ^ (LO * u64::from(b'\\'))) | control)
            != 0
        {
            return true;
        }
    }
    words
        .remainder()
        .iter()
        .any(|&b| b < 0x20 || b == b'"' || b == b'\\')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{JweReport, LineError};

    fn text(s: &str) -> JsonText {
        JsonText::parse(s.as_bytes()).unwrap()
    }

    fn report(line: Option<u64>, inner: Option<Box<DecodeReport>>) -> DecodeReport {
        DecodeReport {
            line,
            kind: "jws",
            encrypted: false,
            alg: Some("HS\"256\u{1}".into()),
            header: text(r#"{"alg":"HS256","kid":"a\nb","x":[1,2.50,1e+3]}"#),
            payload: text(r#"{"sub":"é😀","exp":1700000900,"n":{"deep":null}}"#),
            payload_encoding: Some("json"),
            detached: false,
            nested: inner.is_some(),
            signature: Some("c2ln".into()),
            signature_bytes: Some(3),
            jwe: None,
            times: vec![TimeReport {
                claim: "exp",
                value: text("1700000900"),
                utc: Some("2023-11-14T22:28:20Z".into()),
                relative: "expires in 6m 40s".into(),
                alarming: false,
            }],
            warnings: vec!["one \"quoted\"\t\u{7f}".into(), "two".into()],
            inner,
        }
    }

    fn jwe() -> DecodeReport {
        DecodeReport {
            line: None,
            kind: "jwe",
            encrypted: true,
            alg: None,
            header: text("{}"),
            payload: JsonText::null(),
            payload_encoding: None,
            detached: false,
            nested: false,
            signature: None,
            signature_bytes: None,
            jwe: Some(JweReport {
                encrypted_key_bytes: 256,
                iv_bytes: 12,
                ciphertext_bytes: 0,
                tag_bytes: 16,
            }),
            times: vec![],
            warnings: vec![],
            inner: None,
        }
    }

    #[test]
    fn decode_items_are_what_serde_json_writes() {
        let items = [
            DecodeItem::Token(Box::new(report(Some(7), None))),
            DecodeItem::Token(Box::new(report(None, Some(Box::new(report(None, None)))))),
            DecodeItem::Token(Box::new(jwe())),
            DecodeItem::Error(LineError {
                line: Some(3),
                error: "bad \u{0}\u{1f} \\ \"x\"".into(),
            }),
            DecodeItem::Error(LineError {
                line: None,
                error: String::new(),
            }),
        ];
        for item in &items {
            let mut buf = Vec::new();
            decode_item(&mut buf, item);
            assert_eq!(
                String::from_utf8(buf).unwrap(),
                serde_json::to_string(item).unwrap()
            );
        }
    }

    #[test]
    fn verify_reports_are_what_serde_json_writes() {
        let reports = [
            VerifyReport {
                line: Some(1),
                valid: true,
                reason: None,
                message: None,
                kid: Some("k\u{1}".into()),
                key: Some("secret".into()),
                token: Some(report(Some(1), None)),
            },
            VerifyReport {
                line: None,
                valid: false,
                reason: Some("malformed"),
                message: Some("no \"token\"".into()),
                kid: None,
                key: None,
                token: None,
            },
        ];
        for r in &reports {
            let mut buf = Vec::new();
            verify_report(&mut buf, r);
            assert_eq!(
                String::from_utf8(buf).unwrap(),
                serde_json::to_string(r).unwrap()
            );
        }
    }

    #[test]
    fn strings_are_escaped_as_serde_json_does() {
        let mut all = String::new();
        for c in (0u32..0x80).chain([0xe9, 0x2028, 0x1f600]) {
            all.push(char::from_u32(c).unwrap());
        }
        let long = "0123456789abcdef".repeat(3);
        let mut cases = vec![
            all.clone(),
            String::new(),
            "plain".into(),
            "\\".into(),
            long.clone(),
        ];
        for i in 0..long.len() {
            for c in ['"', '\\', '\u{0}', '\u{1f}', '\u{7f}', 'é'] {
                let mut s = long.clone();
                s.replace_range(i..=i, c.encode_utf8(&mut [0; 4]));
                cases.push(s);
            }
        }
        for s in &cases {
            let mut buf = Vec::new();
            string(&mut buf, s);
            assert_eq!(
                String::from_utf8(buf).unwrap(),
                serde_json::to_string(s).unwrap()
            );
        }
    }
}
