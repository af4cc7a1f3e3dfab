//! Compact serialization (RFC 7515 section 7.1, RFC 7516 section 7.1): splitting a token into its
//! segments, strict base64url, and telling signed, unsecured, encrypted and nested tokens apart.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};

use super::claims::{self, Finding};
use super::error::{DecodeError, Segment};
use super::json::{self, JsonError, member};

/// How many levels of `cty: JWT` nesting are decoded before stopping.
const MAX_NESTING: usize = 3;

/// The kind of a compact token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Signed (JWS compact, three segments).
    Jws,
    /// Encrypted (JWE compact, five segments).
    Jwe,
    /// `alg: none`: nothing protects it.
    Unsecured,
}

impl Kind {
    /// The contract name (`jws`, `jwe`, `unsecured`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Jws => "jws",
            Kind::Jwe => "jwe",
            Kind::Unsecured => "unsecured",
        }
    }
}

/// What the payload segment holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// A JSON value (a claims set when it is an object).
    Json(Value),
    /// UTF-8 text that is not JSON.
    Text(String),
    /// Bytes that are not UTF-8.
    Binary(Vec<u8>),
    /// An empty payload segment: the content travels separately (RFC 7515 appendix F).
    Detached,
    /// A JWE: unreadable without the key.
    Encrypted,
}

/// The sizes of a JWE's segments (their content is opaque without the key).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JweParts {
    /// Bytes of the encrypted content-encryption key (0 for `dir` and ECDH-ES).
    pub encrypted_key: usize,
    /// Bytes of the initialization vector.
    pub iv: usize,
    /// Bytes of ciphertext.
    pub ciphertext: usize,
    /// Bytes of the authentication tag.
    pub tag: usize,
}

/// A decoded compact token. Nothing here has been verified.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// Signed, encrypted or unsecured.
    pub kind: Kind,
    /// The JOSE header, every member as sent, in order.
    pub header: Map<String, Value>,
    /// The payload, for a JWS.
    pub payload: Payload,
    /// The signature segment exactly as received (base64url), for a JWS.
    pub signature_b64: Option<String>,
    /// The decoded signature's length in bytes.
    pub signature_len: usize,
    /// Segment sizes, for a JWE.
    pub jwe: Option<JweParts>,
    /// `cty: JWT`: the payload is itself a token.
    pub nested: bool,
    /// The inner token of a nested JWS, when it could be decoded.
    pub inner: Option<Box<Decoded>>,
    /// What is worth a warning, in the order found.
    pub findings: Vec<Finding>,
}

impl Decoded {
    /// The header's `alg`, when it is a string.
    pub fn alg(&self) -> Option<&str> {
        member(&self.header, "alg").and_then(Value::as_str)
    }

    /// The payload as a claims set, when it is a JSON object.
    pub fn claims(&self) -> Option<&Map<String, Value>> {
        match &self.payload {
            Payload::Json(Value::Object(m)) => Some(m),
            _ => None,
        }
    }
}

/// Counts the dot-separated segments of `token` without allocating.
pub fn segment_count(token: &str) -> usize {
    token.bytes().filter(|&b| b == b'.').count() + 1
}

/// Decodes a compact token (already stripped of `Bearer ` and similar wrappers).
///
/// # Errors
/// A [`DecodeError`] naming the segment and the cause: empty input, over `max_size`, wrong number
/// of segments, non-canonical base64url, a header that is not a JSON object, JSON nested too deeply.
pub fn decode(token: &str, max_size: usize) -> Result<Decoded, DecodeError> {
    decode_nested(token, max_size, 0)
}

fn decode_nested(token: &str, max_size: usize, depth: usize) -> Result<Decoded, DecodeError> {
    if token.is_empty() {
        return Err(DecodeError::Empty);
    }
    if token.len() > max_size {
        return Err(DecodeError::TooLarge {
            len: token.len(),
            max: max_size,
        });
    }
    match segment_count(token) {
        3 => decode_jws(token, max_size, depth),
        5 => decode_jwe(token),
        found => Err(DecodeError::SegmentCount { found }),
    }
}

fn b64(segment: Segment, text: &str) -> Result<Vec<u8>, DecodeError> {
    URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|e| DecodeError::Base64 {
            segment,
            detail: describe_base64_error(text, e),
        })
}

fn describe_base64_error(text: &str, e: base64::DecodeError) -> String {
    use base64::DecodeError as E;
    match e {
        E::InvalidByte(_, b'=') | E::InvalidPadding if text.contains('=') => {
            let offset = text.find('=').unwrap_or(0);
            format!(
                "padding '=' at offset {offset} is not allowed in JWTs (base64url without padding)"
            )
        }
        E::InvalidByte(offset, byte @ (b'+' | b'/')) => format!(
            "'{}' at offset {offset} is standard base64, not base64url (which uses '-' and '_')",
            byte as char
        ),
        E::InvalidByte(offset, byte) => {
            format!("invalid character {} at offset {offset}", show_byte(byte))
        }
        E::InvalidLength(len) => format!(
            "invalid length {len} (a base64url segment is never 1 more than a multiple of 4)"
        ),
        E::InvalidLastSymbol(offset, byte) => format!(
            "not canonical: the last character '{}' at offset {offset} has unused bits set",
            byte as char
        ),
        E::InvalidPadding => "invalid padding".to_string(),
    }
}

fn show_byte(byte: u8) -> String {
    if byte.is_ascii_graphic() {
        format!("'{}'", byte as char)
    } else {
        format!("0x{byte:02x}")
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn parse_header(segment: &str) -> Result<(Map<String, Value>, Vec<String>), DecodeError> {
    let bytes = b64(Segment::Header, segment)?;
    let parsed = json::parse(&bytes).map_err(|e| {
        // UTF-8 is checked only on failure: the JSON parser validates it on the happy path.
        if std::str::from_utf8(&bytes).is_err() {
            DecodeError::NotUtf8 {
                segment: Segment::Header,
            }
        } else {
            json_error(Segment::Header, e)
        }
    })?;
    match parsed.value {
        Value::Object(map) => Ok((map, parsed.duplicates)),
        other => Err(DecodeError::NotObject {
            segment: Segment::Header,
            found: json_type(&other),
        }),
    }
}

fn json_error(segment: Segment, e: JsonError) -> DecodeError {
    match e {
        JsonError::TooDeep => DecodeError::TooDeep { segment },
        JsonError::Invalid(detail) => DecodeError::NotJson { segment, detail },
    }
}

fn decode_jws(token: &str, max_size: usize, depth: usize) -> Result<Decoded, DecodeError> {
    let mut parts = token.splitn(3, '.');
    let (h, p, s) = match (parts.next(), parts.next(), parts.next()) {
        (Some(h), Some(p), Some(s)) => (h, p, s),
        _ => {
            return Err(DecodeError::SegmentCount {
                found: segment_count(token),
            });
        }
    };
    let (header, header_dups) = parse_header(h)?;
    let signature = b64(Segment::Signature, s)?;
    let mut findings: Vec<Finding> = header_dups
        .into_iter()
        .map(|path| Finding::DuplicateMember {
            segment: Segment::Header,
            path,
        })
        .collect();

    // RFC 7797: with `b64: false` the payload segment is the payload itself, not base64url.
    let unencoded = member(&header, "b64") == Some(&Value::Bool(false));
    let payload = if p.is_empty() {
        findings.push(Finding::Detached);
        Payload::Detached
    } else {
        let bytes = if unencoded {
            findings.push(Finding::UnencodedPayload);
            p.as_bytes().to_vec()
        } else {
            b64(Segment::Payload, p)?
        };
        classify_payload(bytes, &mut findings)?
    };

    let alg = member(&header, "alg");
    let kind = match alg {
        Some(Value::String(a)) if a == "none" => Kind::Unsecured,
        _ => Kind::Jws,
    };
    match alg {
        None => findings.push(Finding::NoAlg),
        Some(Value::String(a)) if a == "none" => {
            findings.push(Finding::Unsecured);
            if !signature.is_empty() {
                findings.push(Finding::UnsecuredWithSignature);
            }
        }
        Some(Value::String(a)) if a.eq_ignore_ascii_case("none") => {
            findings.push(Finding::NoneVariant(a.clone()));
        }
        Some(Value::String(_)) => {}
        Some(_) => findings.push(Finding::AlgNotString),
    }
    if kind == Kind::Jws && signature.is_empty() && alg.is_some() {
        findings.push(Finding::EmptySignature);
    }
    claims::header_findings(&header, &mut findings);

    let nested = member(&header, "cty")
        .and_then(Value::as_str)
        .is_some_and(|c| c.eq_ignore_ascii_case("jwt"));
    let mut inner = None;
    if nested {
        if let Payload::Text(text) = &payload {
            if depth + 1 < MAX_NESTING {
                match decode_nested(text.trim(), max_size, depth + 1) {
                    Ok(d) => inner = Some(Box::new(d)),
                    Err(e) => findings.push(Finding::NestedUndecodable(e.to_string())),
                }
            } else {
                findings.push(Finding::NestedTooDeep);
            }
        }
    } else if let Payload::Json(Value::Object(claims)) = &payload {
        claims::payload_findings(claims, &mut findings);
    }

    Ok(Decoded {
        kind,
        header,
        payload,
        signature_b64: Some(s.to_owned()),
        signature_len: signature.len(),
        jwe: None,
        nested,
        inner,
        findings,
    })
}

fn classify_payload(bytes: Vec<u8>, findings: &mut Vec<Finding>) -> Result<Payload, DecodeError> {
    match json::parse(&bytes) {
        Ok(parsed) => {
            findings.extend(
                parsed
                    .duplicates
                    .into_iter()
                    .map(|path| Finding::DuplicateMember {
                        segment: Segment::Payload,
                        path,
                    }),
            );
            if !parsed.value.is_object() {
                findings.push(Finding::PayloadNotObject(json_type(&parsed.value)));
            }
            Ok(Payload::Json(parsed.value))
        }
        Err(JsonError::TooDeep) => Err(DecodeError::TooDeep {
            segment: Segment::Payload,
        }),
        Err(JsonError::Invalid(_)) => match String::from_utf8(bytes) {
            Ok(text) => {
                findings.push(Finding::PayloadText);
                Ok(Payload::Text(text))
            }
            Err(e) => {
                findings.push(Finding::PayloadBinary);
                Ok(Payload::Binary(e.into_bytes()))
            }
        },
    }
}

fn decode_jwe(token: &str) -> Result<Decoded, DecodeError> {
    let segs: Vec<&str> = token.split('.').collect();
    let [h, k, iv, c, t] = segs.as_slice() else {
        return Err(DecodeError::SegmentCount { found: segs.len() });
    };
    let (header, dups) = parse_header(h)?;
    let parts = JweParts {
        encrypted_key: b64(Segment::EncryptedKey, k)?.len(),
        iv: b64(Segment::Iv, iv)?.len(),
        ciphertext: b64(Segment::Ciphertext, c)?.len(),
        tag: b64(Segment::Tag, t)?.len(),
    };
    let mut findings: Vec<Finding> = dups
        .into_iter()
        .map(|path| Finding::DuplicateMember {
            segment: Segment::Header,
            path,
        })
        .collect();
    claims::header_findings(&header, &mut findings);
    let nested = member(&header, "cty")
        .and_then(Value::as_str)
        .is_some_and(|c| c.eq_ignore_ascii_case("jwt"));
    Ok(Decoded {
        kind: Kind::Jwe,
        header,
        payload: Payload::Encrypted,
        signature_b64: None,
        signature_len: 0,
        jwe: Some(parts),
        nested,
        inner: None,
        findings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(s: &str) -> String {
        URL_SAFE_NO_PAD.encode(s)
    }

    fn tok(h: &str, p: &str) -> String {
        format!("{}.{}.c2ln", enc(h), enc(p))
    }

    const MAX: usize = 1 << 20;

    #[test]
    fn signed_token() {
        let d = decode(
            &tok(
                r#"{"alg":"HS256","typ":"JWT"}"#,
                r#"{"sub":"42","exp":4102444800}"#,
            ),
            MAX,
        )
        .unwrap();
        assert_eq!(d.kind, Kind::Jws);
        assert_eq!(d.alg(), Some("HS256"));
        assert_eq!(d.signature_len, 3);
        assert_eq!(d.claims().unwrap()["sub"], "42");
        assert!(d.findings.is_empty(), "{:?}", d.findings);
    }

    #[test]
    fn segment_counts() {
        assert_eq!(
            decode("abc", MAX).unwrap_err(),
            DecodeError::SegmentCount { found: 1 }
        );
        assert_eq!(
            decode("a.b", MAX).unwrap_err(),
            DecodeError::SegmentCount { found: 2 }
        );
        assert_eq!(
            decode("a.b.c.d", MAX).unwrap_err(),
            DecodeError::SegmentCount { found: 4 }
        );
        let dots = ".".repeat(15_000);
        assert_eq!(
            decode(&dots, MAX).unwrap_err(),
            DecodeError::SegmentCount { found: 15_001 }
        );
    }

    #[test]
    fn size_cap() {
        let t = tok(r#"{"alg":"HS256"}"#, r#"{}"#);
        assert!(matches!(
            decode(&t, 10),
            Err(DecodeError::TooLarge { max: 10, .. })
        ));
    }

    #[test]
    fn base64_errors_name_the_segment() {
        let h = enc(r#"{"alg":"HS256"}"#);
        let e = decode(&format!("{h}.ab*c.c2ln"), MAX).unwrap_err();
        assert_eq!(
            e.to_string(),
            "segment 2 (payload) is not base64url: invalid character '*' at offset 2"
        );
        let e = decode(&format!("{h}.e30=.c2ln"), MAX).unwrap_err();
        assert!(e.to_string().contains("padding '='"), "{e}");
        let e = decode(&format!("{h}.e3+/.c2ln"), MAX).unwrap_err();
        assert!(e.to_string().contains("standard base64"), "{e}");
        // "e31" decodes leniently to "{}" but its last symbol has unused bits set.
        let e = decode(&format!("{h}.e31.c2ln"), MAX).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("segment 2 (payload) is not base64url: not canonical"),
            "{e}"
        );
    }

    #[test]
    fn header_must_be_a_json_object() {
        let e = decode(&tok("[1,2]", "{}"), MAX).unwrap_err();
        assert_eq!(
            e.to_string(),
            "segment 1 (header) is not a JSON object: found an array"
        );
        let e = decode(&tok("nope", "{}"), MAX).unwrap_err();
        assert!(
            e.to_string().starts_with("segment 1 (header) is not JSON"),
            "{e}"
        );
    }

    #[test]
    fn unsecured() {
        let t = format!("{}.{}.", enc(r#"{"alg":"none"}"#), enc(r#"{"sub":"1"}"#));
        let d = decode(&t, MAX).unwrap();
        assert_eq!(d.kind, Kind::Unsecured);
        assert!(d.findings.contains(&Finding::Unsecured));
    }

    #[test]
    fn payloads_that_are_not_json() {
        let d = decode(&tok(r#"{"alg":"HS256"}"#, "Payload"), MAX).unwrap();
        assert_eq!(d.payload, Payload::Text("Payload".into()));
        let t = format!(
            "{}.{}.c2ln",
            enc(r#"{"alg":"HS256"}"#),
            URL_SAFE_NO_PAD.encode([0xff, 0xfe, 0])
        );
        let d = decode(&t, MAX).unwrap();
        assert_eq!(d.payload, Payload::Binary(vec![0xff, 0xfe, 0]));
        let t = format!("{}..c2ln", enc(r#"{"alg":"HS256"}"#));
        assert_eq!(decode(&t, MAX).unwrap().payload, Payload::Detached);
    }

    #[test]
    fn nested_token_is_decoded() {
        let inner = tok(r#"{"alg":"HS256"}"#, r#"{"sub":"7","exp":4102444800}"#);
        let d = decode(&tok(r#"{"alg":"HS256","cty":"JWT"}"#, &inner), MAX).unwrap();
        assert!(d.nested);
        assert_eq!(d.inner.unwrap().claims().unwrap()["sub"], "7");
    }

    #[test]
    fn jwe() {
        let t = format!(
            "{}.AAAA.AAAAAAAAAAAAAAAA.AAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA",
            enc(r#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#)
        );
        let d = decode(&t, MAX).unwrap();
        assert_eq!(d.kind, Kind::Jwe);
        assert_eq!(d.payload, Payload::Encrypted);
        assert_eq!(d.jwe.unwrap().iv, 12);
    }
}
