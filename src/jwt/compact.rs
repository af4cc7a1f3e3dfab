//! Compact serialization (RFC 7515 section 7.1, RFC 7516 section 7.1): splitting a token into its
//! segments, strict base64url, and telling signed, unsecured, encrypted and nested tokens apart.

use std::borrow::Cow;
use std::sync::OnceLock;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};

use super::claims::{self, Finding, HeaderFacts, TimeClaim};
use super::error::{DecodeError, Segment};
use super::json::{self, JsonError, JsonRef, JsonText};

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
    Json(JsonText),
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
    /// The JOSE header, every member as sent, in order (a JSON object).
    pub header: JsonText,
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
    /// The header as a tree, built when first asked for.
    header_map: OnceLock<Map<String, Value>>,
    /// The claims set as a tree, built when first asked for.
    claims_map: OnceLock<Option<Map<String, Value>>>,
    /// Where the time claims are among the claims, when the findings pass found them.
    time_positions: Option<claims::TimePositions>,
}

impl Decoded {
    /// The header's `alg`, when it is a string.
    pub fn alg(&self) -> Option<Cow<'_, str>> {
        self.header.get().member("alg").and_then(JsonRef::as_str)
    }

    /// The header as a `serde_json` map (built on first use).
    pub fn header_map(&self) -> &Map<String, Value> {
        self.header_map
            .get_or_init(|| match self.header.to_value() {
                Value::Object(m) => m,
                _ => Map::new(),
            })
    }

    /// The payload as a claims set, when it is a JSON object.
    pub fn claims_text(&self) -> Option<JsonRef<'_>> {
        match &self.payload {
            Payload::Json(j) if j.get().is_object() => Some(j.get()),
            _ => None,
        }
    }

    /// The time claims (`exp`, `nbf`, `iat`, `auth_time`) of a claims set, read as of `now`.
    pub fn time_claims(&self, now: i64) -> Vec<TimeClaim> {
        let Some(c) = self.claims_text() else {
            return Vec::new();
        };
        match self.time_positions {
            Some(at) => claims::time_claims_at(c, at, now),
            None => claims::time_claims(c, now),
        }
    }

    /// The payload as a `serde_json` claims set, when it is a JSON object (built on first use).
    pub fn claims(&self) -> Option<&Map<String, Value>> {
        self.claims_map
            .get_or_init(
                || match self.claims_text().map(|c| c.to_text().to_value()) {
                    Some(Value::Object(m)) => Some(m),
                    _ => None,
                },
            )
            .as_ref()
    }
}

/// Counts the dot-separated segments of `token` without allocating.
pub fn segment_count(token: &str) -> usize {
    memchr::memchr_iter(b'.', token.as_bytes()).count() + 1
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

/// Decodes a segment: strict unpadded base64url with canonical trailing bits. base64-simd does the
/// work; when it refuses, the base64 crate (which accepts exactly the same strings; see the tests)
/// says why.
fn b64(segment: Segment, text: &str) -> Result<Vec<u8>, DecodeError> {
    base64_simd::URL_SAFE_NO_PAD
        .decode_to_vec(text)
        .or_else(|_| slow_b64(segment, text))
}

/// The decoded length of a segment whose bytes are not needed, checked as [`b64`] checks it.
fn b64_len(segment: Segment, text: &str) -> Result<usize, DecodeError> {
    let simd = base64_simd::URL_SAFE_NO_PAD;
    match simd.check(text.as_bytes()) {
        Ok(()) => simd
            .decoded_length(text.as_bytes())
            .or_else(|_| slow_b64(segment, text).map(|b| b.len())),
        Err(_) => slow_b64(segment, text).map(|b| b.len()),
    }
}

fn slow_b64(segment: Segment, text: &str) -> Result<Vec<u8>, DecodeError> {
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

fn parse_header(segment: &str) -> Result<(JsonText, Vec<String>), DecodeError> {
    let bytes = b64(Segment::Header, segment)?;
    let (header, duplicates) = json::parse_text(&bytes).map_err(|e| {
        // UTF-8 is checked only on failure: the JSON parser validates it on the happy path.
        if std::str::from_utf8(&bytes).is_err() {
            DecodeError::NotUtf8 {
                segment: Segment::Header,
            }
        } else {
            json_error(Segment::Header, e)
        }
    })?;
    if header.get().is_object() {
        Ok((header, duplicates))
    } else {
        Err(DecodeError::NotObject {
            segment: Segment::Header,
            found: header.get().type_words(),
        })
    }
}

fn json_error(segment: Segment, e: JsonError) -> DecodeError {
    match e {
        JsonError::TooDeep => DecodeError::TooDeep { segment },
        JsonError::Invalid(detail) => DecodeError::NotJson { segment, detail },
    }
}

fn decode_jws(token: &str, max_size: usize, depth: usize) -> Result<Decoded, DecodeError> {
    let mut dots = memchr::memchr_iter(b'.', token.as_bytes());
    let parts = match (dots.next(), dots.next()) {
        (Some(a), Some(b)) => token
            .get(..a)
            .zip(token.get(a + 1..b))
            .zip(token.get(b + 1..)),
        _ => None,
    };
    let Some(((h, p), s)) = parts else {
        return Err(DecodeError::SegmentCount {
            found: segment_count(token),
        });
    };
    let (header, header_dups) = parse_header(h)?;
    let signature_len = b64_len(Segment::Signature, s)?;
    let mut findings: Vec<Finding> = header_dups
        .into_iter()
        .map(|path| Finding::DuplicateMember {
            segment: Segment::Header,
            path,
        })
        .collect();

    let facts = HeaderFacts::of(header.get());
    // RFC 7797: with `b64: false` the payload segment is the payload itself, not base64url.
    let unencoded = facts.b64.is_some_and(|v| v.text() == "false");
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

    // Outer `None`: no alg; inner `None`: an alg that is not a string.
    let alg = facts.alg.map(JsonRef::as_str);
    let kind = match &alg {
        Some(Some(a)) if a == "none" => Kind::Unsecured,
        _ => Kind::Jws,
    };
    match &alg {
        None => findings.push(Finding::NoAlg),
        Some(Some(a)) if a == "none" => {
            findings.push(Finding::Unsecured);
            if signature_len != 0 {
                findings.push(Finding::UnsecuredWithSignature);
            }
        }
        Some(Some(a)) if a.eq_ignore_ascii_case("none") => {
            findings.push(Finding::NoneVariant(a.clone().into_owned()));
        }
        Some(Some(_)) => {}
        Some(None) => findings.push(Finding::AlgNotString),
    }
    if kind == Kind::Jws && signature_len == 0 && alg.is_some() {
        findings.push(Finding::EmptySignature);
    }
    claims::header_findings(&facts, &mut findings);

    let nested = facts.cty_is_jwt();
    let mut inner = None;
    let mut time_positions = None;
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
    } else if let Payload::Json(claims) = &payload
        && claims.get().is_object()
    {
        time_positions = Some(claims::payload_findings(claims.get(), &mut findings));
    }

    Ok(Decoded {
        kind,
        header,
        payload,
        signature_b64: Some(s.to_owned()),
        signature_len,
        jwe: None,
        nested,
        inner,
        findings,
        header_map: OnceLock::new(),
        claims_map: OnceLock::new(),
        time_positions,
    })
}

fn classify_payload(bytes: Vec<u8>, findings: &mut Vec<Finding>) -> Result<Payload, DecodeError> {
    match json::parse_text(&bytes) {
        Ok((value, duplicates)) => {
            findings.extend(duplicates.into_iter().map(|path| Finding::DuplicateMember {
                segment: Segment::Payload,
                path,
            }));
            if !value.get().is_object() {
                findings.push(Finding::PayloadNotObject(value.get().type_words()));
            }
            Ok(Payload::Json(value))
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
        encrypted_key: b64_len(Segment::EncryptedKey, k)?,
        iv: b64_len(Segment::Iv, iv)?,
        ciphertext: b64_len(Segment::Ciphertext, c)?,
        tag: b64_len(Segment::Tag, t)?,
    };
    let mut findings: Vec<Finding> = dups
        .into_iter()
        .map(|path| Finding::DuplicateMember {
            segment: Segment::Header,
            path,
        })
        .collect();
    let facts = HeaderFacts::of(header.get());
    claims::header_findings(&facts, &mut findings);
    let nested = facts.cty_is_jwt();
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
        header_map: OnceLock::new(),
        claims_map: OnceLock::new(),
        time_positions: None,
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
        assert_eq!(d.alg().as_deref(), Some("HS256"));
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
    fn simd_base64_accepts_what_the_base64_crate_accepts() {
        const CHARS: &[u8] = b"AQgwz09-_+/=.* \xc3";
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut cases: Vec<Vec<u8>> = Vec::new();
        // Every string of up to 3 characters over a small alphabet (all trailing-bit cases).
        for len in 0..=3u32 {
            for n in 0..CHARS.len().pow(len) {
                let mut s = Vec::new();
                let mut n = n;
                for _ in 0..len {
                    s.push(CHARS[n % CHARS.len()]);
                    n /= CHARS.len();
                }
                cases.push(s);
            }
        }
        // Random strings long enough for the vector paths, mostly valid, some with a bad byte.
        for _ in 0..50_000 {
            let len = (next() % 140) as usize;
            let mut s: Vec<u8> = (0..len)
                .map(|_| URL_SAFE_ALPHABET[(next() % 64) as usize])
                .collect();
            if len > 0 && next() % 3 == 0 {
                let at = (next() as usize) % len;
                s[at] = CHARS[(next() as usize) % CHARS.len()];
            }
            cases.push(s);
        }
        for s in cases {
            let Ok(text) = std::str::from_utf8(&s) else {
                continue;
            };
            let want = URL_SAFE_NO_PAD.decode(text).ok();
            let got = base64_simd::URL_SAFE_NO_PAD.decode_to_vec(text).ok();
            if got.is_some() {
                assert_eq!(got, want, "{text:?}");
            }
            assert_eq!(b64(Segment::Payload, text).ok(), want, "{text:?}");
            assert_eq!(
                b64_len(Segment::Payload, text).ok(),
                want.map(|w| w.len()),
                "{text:?}"
            );
        }
    }

    const URL_SAFE_ALPHABET: &[u8; 64] =
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

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
