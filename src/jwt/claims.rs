//! What is worth knowing about a token's contents: findings raised as warnings, and the time
//! claims read against a moment the caller supplies.

use std::fmt;

use serde_json::{Map, Value};

use super::error::Segment;
use super::json::member;

/// Lifetimes (exp - iat) longer than this are a finding.
const LONG_LIFETIME_SECS: i64 = 24 * 3600;

/// Depth to which payload member names are searched for secret-looking names.
const SENSITIVE_SEARCH_DEPTH: usize = 8;

/// Something about a token worth a warning. `Display` is the warning text (the `warnings` strings
/// of the JSON output).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// `alg: none`.
    Unsecured,
    /// `alg: none` but with a non-empty signature segment.
    UnsecuredWithSignature,
    /// `alg` spelled like none in another case (`None`, `NONE`).
    NoneVariant(String),
    /// No `alg` member.
    NoAlg,
    /// `alg` is present but not a string.
    AlgNotString,
    /// A signed token with an empty signature.
    EmptySignature,
    /// A member name repeated in the same object.
    DuplicateMember {
        /// Header or payload.
        segment: Segment,
        /// Dotted path of the repeated member.
        path: String,
    },
    /// Empty payload segment.
    Detached,
    /// RFC 7797 `b64: false`.
    UnencodedPayload,
    /// The payload is JSON but not an object.
    PayloadNotObject(&'static str),
    /// The payload is text, not JSON.
    PayloadText,
    /// The payload is not UTF-8.
    PayloadBinary,
    /// The inner token of a `cty: JWT` token did not decode.
    NestedUndecodable(String),
    /// Nesting deeper than sessctl decodes.
    NestedTooDeep,
    /// A header member that a naive verifier would use to find its key.
    KeyLocatingHeader(&'static str),
    /// A `kid` with path or control characters.
    SuspiciousKid(String),
    /// No `exp` claim.
    NoExp,
    /// exp - iat over 24 hours.
    LongLifetime(i64),
    /// A claim whose name suggests a secret.
    SensitiveClaim(String),
    /// A NumericDate claim that is not a JSON number.
    TimeClaimNotNumber {
        /// The claim name.
        claim: &'static str,
        /// Its JSON type.
        found: &'static str,
    },
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Finding::Unsecured => f.write_str(
                "unsecured token (alg: none): nothing protects it, anyone can forge or change it",
            ),
            Finding::UnsecuredWithSignature => {
                f.write_str("alg is none but the signature segment is not empty")
            }
            Finding::NoneVariant(a) => write!(
                f,
                "alg is \"{a}\": a case variant of none that some libraries once accepted unsigned"
            ),
            Finding::NoAlg => f.write_str("the header has no alg member"),
            Finding::AlgNotString => f.write_str("the header's alg is not a string"),
            Finding::EmptySignature => f.write_str("the signature segment is empty"),
            Finding::DuplicateMember { segment, path } => write!(
                f,
                "duplicate member name \"{path}\" in the {}: verifiers disagree on which value wins",
                if *segment == Segment::Header { "header" } else { "payload" }
            ),
            Finding::Detached => f.write_str(
                "detached payload: the payload segment is empty and the content travels separately (RFC 7515 appendix F)",
            ),
            Finding::UnencodedPayload => {
                f.write_str("unencoded payload (b64: false, RFC 7797): the payload segment is shown as sent")
            }
            Finding::PayloadNotObject(t) => {
                write!(f, "the payload is JSON but {t}, not an object: not a JWT claims set")
            }
            Finding::PayloadText => f.write_str("the payload is not JSON: shown as text"),
            Finding::PayloadBinary => {
                f.write_str("the payload is neither JSON nor UTF-8 text: shown as base64url")
            }
            Finding::NestedUndecodable(e) => write!(f, "cty is JWT but the inner token does not decode: {e}"),
            Finding::NestedTooDeep => f.write_str("nested tokens deeper than 3 levels are not decoded"),
            Finding::KeyLocatingHeader(name) => write!(
                f,
                "the header carries {name}: a naive verifier would use it to find its key; never trust it"
            ),
            Finding::SuspiciousKid(kid) => write!(
                f,
                "kid {kid:?} contains path or control characters: a verifier that looks keys up by file name or query can be tricked"
            ),
            Finding::NoExp => f.write_str("no exp claim: this token never expires"),
            Finding::LongLifetime(secs) => write!(
                f,
                "lifetime (exp - iat) of {} is over 24 hours",
                human_duration(secs.unsigned_abs())
            ),
            Finding::SensitiveClaim(path) => write!(
                f,
                "claim \"{path}\" looks like a secret: the payload is readable by anyone who holds the token"
            ),
            Finding::TimeClaimNotNumber { claim, found } => write!(
                f,
                "{claim} is {found}, not a NumericDate number: a careful verifier rejects this token"
            ),
        }
    }
}

/// Findings in the header: members that locate keys, and suspicious `kid`s.
pub(crate) fn header_findings(header: &Map<String, Value>, findings: &mut Vec<Finding>) {
    for name in ["jku", "x5u", "jwk", "x5c"] {
        if member(header, name).is_some() {
            findings.push(Finding::KeyLocatingHeader(name));
        }
    }
    if let Some(Value::String(kid)) = member(header, "kid")
        && (kid.contains(['/', '\\', '\0'])
            || kid.contains("..")
            || kid.chars().any(char::is_control))
    {
        findings.push(Finding::SuspiciousKid(kid.clone()));
    }
}

/// Findings in a claims set: expiry, lifetime, secret-looking names, mistyped time claims.
pub(crate) fn payload_findings(claims: &Map<String, Value>, findings: &mut Vec<Finding>) {
    for claim in TIME_CLAIMS {
        if let Some(v) = member(claims, claim)
            && !v.is_number()
        {
            findings.push(Finding::TimeClaimNotNumber {
                claim,
                found: json_type(v),
            });
        }
    }
    match member(claims, "exp") {
        None => findings.push(Finding::NoExp),
        Some(exp) => {
            if let (Some(exp), Some(iat)) = (seconds(exp), member(claims, "iat").and_then(seconds))
            {
                let lifetime = exp.saturating_sub(iat);
                if lifetime > LONG_LIFETIME_SECS {
                    findings.push(Finding::LongLifetime(lifetime));
                }
            }
        }
    }
    sensitive_names(claims, "", 0, findings);
}

/// The JSON type of `v`, as words for messages ("a string", "an array").
pub(crate) fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn sensitive_names(
    map: &Map<String, Value>,
    prefix: &str,
    depth: usize,
    findings: &mut Vec<Finding>,
) {
    if depth > SENSITIVE_SEARCH_DEPTH {
        return;
    }
    for (name, value) in map {
        let nested = matches!(value, Value::Object(_));
        if !nested && !looks_sensitive(name) {
            continue;
        }
        let path = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        if looks_sensitive(name) {
            findings.push(Finding::SensitiveClaim(path.clone()));
        }
        if let Value::Object(inner) = value {
            sensitive_names(inner, &path, depth + 1, findings);
        }
    }
}

/// True for claim names that suggest a secret or regulated personal data. Compares a lowercase
/// copy without separators, kept on the stack: this runs for every claim of every token.
fn looks_sensitive(name: &str) -> bool {
    const EXACT: [&[u8]; 9] = [
        b"pwd", b"pass", b"pin", b"ssn", b"pan", b"cvv", b"cvc", b"cvv2", b"iban",
    ];
    const CONTAINS: [&[u8]; 12] = [
        b"password",
        b"passwd",
        b"passphrase",
        b"secret",
        b"apikey",
        b"privatekey",
        b"accesskey",
        b"cardnumber",
        b"creditcard",
        b"ccnumber",
        b"socialsecurity",
        b"securitycode",
    ];
    let mut buf = [0u8; 64];
    let mut len = 0;
    for b in name.bytes() {
        if matches!(b, b'_' | b'-' | b' ' | b'.') {
            continue;
        }
        if len == buf.len() {
            break;
        }
        buf[len] = b.to_ascii_lowercase();
        len += 1;
    }
    let norm = &buf[..len];
    EXACT.contains(&norm)
        || (len >= 6
            && CONTAINS
                .iter()
                .any(|w| norm.windows(w.len()).any(|win| win == *w)))
}

/// The NumericDate claims that are read as times.
pub(crate) const TIME_CLAIMS: [&str; 4] = ["exp", "nbf", "iat", "auth_time"];

/// Whole seconds of a NumericDate (fractions are floored), when it is a number in range.
pub(crate) fn seconds(v: &Value) -> Option<i64> {
    let n = v.as_number()?;
    if let Some(i) = n.as_i64() {
        return Some(i);
    }
    let f = n.as_f64()?;
    (f.is_finite() && f >= i64::MIN as f64 && f <= i64::MAX as f64).then(|| f.floor() as i64)
}

/// Whether a time claim puts the token outside its validity at the moment of reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeStatus {
    /// Nothing wrong at that moment.
    Ok,
    /// Expired, not yet valid, or issued in the future.
    Alarming,
}

/// One time claim, read as of a moment.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeClaim {
    /// `exp`, `nbf`, `iat` or `auth_time`.
    pub name: &'static str,
    /// The value exactly as sent.
    pub raw: Value,
    /// Whole seconds since the epoch.
    pub seconds: i64,
    /// UTC RFC 3339, when the time is representable.
    pub utc: Option<String>,
    /// "expires in 14m", "expired 3h 2m ago", "issued 2d ago", …
    pub relative: String,
    /// Whether this claim makes the token unusable at that moment.
    pub status: TimeStatus,
}

/// Reads the numeric time claims of `claims` as of `now` (unix seconds).
pub fn time_claims(claims: &Map<String, Value>, now: i64) -> Vec<TimeClaim> {
    let mut out = Vec::new();
    for name in TIME_CLAIMS {
        let Some(raw) = member(claims, name) else {
            continue;
        };
        let Some(secs) = seconds(raw) else { continue };
        let utc = jiff::Timestamp::from_second(secs)
            .ok()
            .map(|t| t.to_string());
        let delta = secs.saturating_sub(now);
        let span = human_duration(delta.unsigned_abs());
        let future = delta > 0;
        let (relative, alarming) = match (name, future) {
            ("exp", true) => (format!("expires in {span}"), false),
            ("exp", false) if delta == 0 => ("expires now".to_string(), true),
            ("exp", false) => (format!("expired {span} ago"), true),
            ("nbf", true) => (format!("not valid for another {span}"), true),
            ("nbf", false) => (format!("valid since {span} ago"), false),
            ("iat", true) => (format!("issued {span} in the future"), true),
            ("iat", false) => (format!("issued {span} ago"), false),
            (_, true) => (format!("authenticated {span} in the future"), true),
            (_, false) => (format!("authenticated {span} ago"), false),
        };
        out.push(TimeClaim {
            name,
            raw: raw.clone(),
            seconds: secs,
            utc,
            relative,
            status: if alarming {
                TimeStatus::Alarming
            } else {
                TimeStatus::Ok
            },
        });
    }
    out
}

/// "3h 2m", "14m", "45s", "2d 3h", "1y 20d": the two largest non-zero units.
pub(crate) fn human_duration(secs: u64) -> String {
    const UNITS: [(u64, char); 5] = [
        (365 * 86400, 'y'),
        (86400, 'd'),
        (3600, 'h'),
        (60, 'm'),
        (1, 's'),
    ];
    if secs == 0 {
        return "0s".to_string();
    }
    let mut digits = itoa::Buffer::new();
    let mut out = String::with_capacity(12);
    let mut parts = 0;
    let mut rest = secs;
    for (size, unit) in UNITS {
        if rest >= size {
            if parts > 0 {
                out.push(' ');
            }
            out.push_str(digits.format(rest / size));
            out.push(unit);
            rest %= size;
            parts += 1;
        } else if parts > 0 {
            // Keep the two units adjacent: "1h 0m" reads oddly, stop at the first gap.
            break;
        }
        if parts == 2 {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn durations() {
        assert_eq!(human_duration(0), "0s");
        assert_eq!(human_duration(45), "45s");
        assert_eq!(human_duration(14 * 60), "14m");
        assert_eq!(human_duration(3 * 3600 + 2 * 60 + 5), "3h 2m");
        assert_eq!(human_duration(3600 + 5), "1h");
        assert_eq!(human_duration(2 * 86400 + 3 * 3600), "2d 3h");
        assert_eq!(human_duration(400 * 86400), "1y 35d");
    }

    #[test]
    fn time_claims_relative_to_now() {
        let c = map(json!({"iat": 1000, "exp": 1000 + 14 * 60, "nbf": 1000}));
        let t = time_claims(&c, 1000);
        let exp = t.iter().find(|t| t.name == "exp").unwrap();
        assert_eq!(exp.relative, "expires in 14m");
        assert_eq!(exp.utc.as_deref(), Some("1970-01-01T00:30:40Z"));
        let later = time_claims(&c, 1000 + 14 * 60 + 3 * 3600 + 2 * 60);
        let exp = later.iter().find(|t| t.name == "exp").unwrap();
        assert_eq!(exp.relative, "expired 3h 2m ago");
        assert_eq!(exp.status, TimeStatus::Alarming);
    }

    #[test]
    fn findings_in_claims() {
        let mut f = Vec::new();
        payload_findings(
            &map(json!({"sub": "1", "user": {"Password": "x"}, "card_number": 1})),
            &mut f,
        );
        assert!(f.contains(&Finding::NoExp));
        assert!(f.contains(&Finding::SensitiveClaim("user.Password".into())));
        assert!(f.contains(&Finding::SensitiveClaim("card_number".into())));
        let mut f = Vec::new();
        payload_findings(
            &map(json!({"iat": 0, "exp": 30 * 86400, "session": 1, "classname": 2})),
            &mut f,
        );
        assert_eq!(f, [Finding::LongLifetime(30 * 86400)]);
        let mut f = Vec::new();
        payload_findings(&map(json!({"exp": "1"})), &mut f);
        assert_eq!(
            f,
            [Finding::TimeClaimNotNumber {
                claim: "exp",
                found: "a string"
            }]
        );
    }

    #[test]
    fn findings_in_header() {
        let mut f = Vec::new();
        header_findings(
            &map(json!({"jku": "https://x", "kid": "../../etc/passwd"})),
            &mut f,
        );
        assert_eq!(f.len(), 2);
        assert!(matches!(f[1], Finding::SuspiciousKid(_)));
    }
}
