//! What is worth knowing about a token's contents: findings raised as warnings, and the time
//! claims read against a moment the caller supplies.

use std::fmt;

use serde_json::Value;

use super::error::Segment;
use super::json::{JsonKey, JsonRef, JsonText};

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

/// The header members that decoding and its findings look at, found in one pass.
#[derive(Default)]
pub(crate) struct HeaderFacts<'a> {
    pub(crate) alg: Option<JsonRef<'a>>,
    pub(crate) b64: Option<JsonRef<'a>>,
    pub(crate) cty: Option<JsonRef<'a>>,
    kid: Option<JsonRef<'a>>,
    /// `jku`, `x5u`, `jwk`, `x5c` present.
    key_locating: [bool; 4],
}

impl<'a> HeaderFacts<'a> {
    pub(crate) fn of(header: JsonRef<'a>) -> HeaderFacts<'a> {
        let mut facts = HeaderFacts::default();
        for (name, value) in header.members() {
            match name.raw() {
                "alg" => facts.alg = Some(value),
                "b64" => facts.b64 = Some(value),
                "cty" => facts.cty = Some(value),
                "kid" => facts.kid = Some(value),
                "jku" => facts.key_locating[0] = true,
                "x5u" => facts.key_locating[1] = true,
                "jwk" => facts.key_locating[2] = true,
                "x5c" => facts.key_locating[3] = true,
                _ => {}
            }
        }
        facts
    }

    /// `cty: JWT` (any case): the payload is itself a token.
    pub(crate) fn cty_is_jwt(&self) -> bool {
        self.cty
            .and_then(JsonRef::as_str)
            .is_some_and(|c| c.eq_ignore_ascii_case("jwt"))
    }
}

/// Findings in the header: members that locate keys, and suspicious `kid`s.
pub(crate) fn header_findings(header: &HeaderFacts<'_>, findings: &mut Vec<Finding>) {
    const KEY_LOCATING: [&str; 4] = ["jku", "x5u", "jwk", "x5c"];
    for (name, _) in KEY_LOCATING
        .iter()
        .zip(header.key_locating)
        .filter(|(_, p)| *p)
    {
        findings.push(Finding::KeyLocatingHeader(name));
    }
    if let Some(kid) = header.kid.and_then(JsonRef::as_str)
        && (kid.contains(['/', '\\', '\0'])
            || kid.contains("..")
            || kid.chars().any(char::is_control))
    {
        findings.push(Finding::SuspiciousKid(kid.into_owned()));
    }
}

/// Where a claim sits in [`TIME_CLAIMS`].
fn time_claim_index(name: &str) -> Option<usize> {
    match name {
        "exp" => Some(0),
        "nbf" => Some(1),
        "iat" => Some(2),
        "auth_time" => Some(3),
        _ => None,
    }
}

/// Where the time claims of a claims set are among its members, in [`TIME_CLAIMS`] order.
pub(crate) type TimePositions = [Option<usize>; 4];

/// [`TimePositions`] of a claims set.
pub(crate) fn time_positions(claims: JsonRef<'_>) -> TimePositions {
    let mut found = [None; 4];
    for (i, (name, _)) in claims.members().enumerate() {
        if let Some(slot) = time_claim_index(name.raw()).and_then(|t| found.get_mut(t)) {
            *slot = Some(i);
        }
    }
    found
}

/// Findings in a claims set: expiry, lifetime, secret-looking names, mistyped time claims. Returns
/// where the time claims are, found on the way.
pub(crate) fn payload_findings(claims: JsonRef<'_>, findings: &mut Vec<Finding>) -> TimePositions {
    // One pass: the time claims, and the secret-looking names (reported after the others).
    let mut times = [None; 4];
    let mut positions = [None; 4];
    let mut sensitive = Vec::new();
    for (i, (name, value)) in claims.members().enumerate() {
        if let Some(t) = time_claim_index(name.raw()) {
            if let Some(slot) = times.get_mut(t) {
                *slot = Some(value);
            }
            if let Some(slot) = positions.get_mut(t) {
                *slot = Some(i);
            }
        }
        sensitive_member(name, value, "", 0, &mut sensitive);
    }
    for (claim, v) in TIME_CLAIMS.into_iter().zip(times) {
        if let Some(v) = v
            && !v.is_number()
        {
            findings.push(Finding::TimeClaimNotNumber {
                claim,
                found: v.type_words(),
            });
        }
    }
    let [exp, _, iat, _] = times;
    match exp {
        None => findings.push(Finding::NoExp),
        Some(exp) => {
            if let (Some(exp), Some(iat)) = (seconds_of(exp), iat.and_then(seconds_of)) {
                let lifetime = exp.saturating_sub(iat);
                if lifetime > LONG_LIFETIME_SECS {
                    findings.push(Finding::LongLifetime(lifetime));
                }
            }
        }
    }
    findings.append(&mut sensitive);
    positions
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

/// Secret-looking member names of `map`, and of the objects inside it, depth first.
fn sensitive_names(map: JsonRef<'_>, prefix: &str, depth: usize, findings: &mut Vec<Finding>) {
    for (name, value) in map.members() {
        sensitive_member(name, value, prefix, depth, findings);
    }
}

/// One member for [`sensitive_names`] (`depth` is its object's).
fn sensitive_member(
    name: JsonKey<'_>,
    value: JsonRef<'_>,
    prefix: &str,
    depth: usize,
    findings: &mut Vec<Finding>,
) {
    if depth > SENSITIVE_SEARCH_DEPTH {
        return;
    }
    let nested = value.is_object();
    let name = name.name();
    let sensitive = looks_sensitive(&name);
    if !nested && !sensitive {
        return;
    }
    let path = if prefix.is_empty() {
        name.into_owned()
    } else {
        format!("{prefix}.{name}")
    };
    if sensitive {
        findings.push(Finding::SensitiveClaim(path.clone()));
    }
    if nested {
        sensitive_names(value, &path, depth + 1, findings);
    }
}

/// True for claim names that suggest a secret or regulated personal data. Compares a lowercase
/// copy without separators, kept on the stack: this runs for every claim of every token.
fn looks_sensitive(name: &str) -> bool {
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
    let exact = matches!(
        norm,
        b"pwd" | b"pass" | b"pin" | b"ssn" | b"pan" | b"cvv" | b"cvc" | b"cvv2" | b"iban"
    );
    exact
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
    number_seconds(n.as_str())
}

/// [`seconds`] of a value in compact text.
pub(crate) fn seconds_of(v: JsonRef<'_>) -> Option<i64> {
    v.is_number().then(|| number_seconds(v.text())).flatten()
}

/// Whole seconds of a number's text, read as serde_json's `as_i64`, then `as_f64`, read it.
fn number_seconds(n: &str) -> Option<i64> {
    // The usual case, up to 18 digits, read here; anything else as serde_json reads it.
    let (negative, digits) = match n.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, n),
    };
    if (1..=18).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
        let v = digits
            .bytes()
            .fold(0i64, |v, b| v * 10 + i64::from(b - b'0'));
        return Some(if negative { -v } else { v });
    }
    if let Ok(i) = n.parse::<i64>() {
        return Some(i);
    }
    let f = n.parse::<f64>().ok().filter(|f| f.is_finite())?;
    (f >= i64::MIN as f64 && f <= i64::MAX as f64).then(|| f.floor() as i64)
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
    pub raw: JsonText,
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
pub fn time_claims(claims: JsonRef<'_>, now: i64) -> Vec<TimeClaim> {
    time_claims_at(claims, time_positions(claims), now)
}

/// [`time_claims`], knowing where they are.
pub(crate) fn time_claims_at(claims: JsonRef<'_>, at: TimePositions, now: i64) -> Vec<TimeClaim> {
    let mut out = Vec::new();
    for (name, at) in TIME_CLAIMS.into_iter().zip(at) {
        let Some((_, raw)) = at.and_then(|i| claims.member_at(i)) else {
            continue;
        };
        let Some(secs) = seconds_of(raw) else {
            continue;
        };
        let delta = secs.saturating_sub(now);
        let future = delta > 0;
        let (before, after, alarming) = match (name, future) {
            ("exp", true) => ("expires in ", "", false),
            ("exp", false) if delta == 0 => ("expires now", "", true),
            ("exp", false) => ("expired ", " ago", true),
            ("nbf", true) => ("not valid for another ", "", true),
            ("nbf", false) => ("valid since ", " ago", false),
            ("iat", true) => ("issued ", " in the future", true),
            ("iat", false) => ("issued ", " ago", false),
            (_, true) => ("authenticated ", " in the future", true),
            (_, false) => ("authenticated ", " ago", false),
        };
        let mut relative = String::with_capacity(before.len() + 12 + after.len());
        relative.push_str(before);
        if delta != 0 || name != "exp" {
            push_human_duration(&mut relative, delta.unsigned_abs());
            relative.push_str(after);
        }
        out.push(TimeClaim {
            name,
            raw: raw.to_text(),
            seconds: secs,
            utc: rfc3339(secs),
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
    let mut out = String::with_capacity(12);
    push_human_duration(&mut out, secs);
    out
}

/// Appends [`human_duration`] of `secs` to `out`.
fn push_human_duration(out: &mut String, secs: u64) {
    const UNITS: [(u64, char); 5] = [
        (365 * 86400, 'y'),
        (86400, 'd'),
        (3600, 'h'),
        (60, 'm'),
        (1, 's'),
    ];
    if secs == 0 {
        out.push_str("0s");
        return;
    }
    let mut digits = itoa::Buffer::new();
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
}

/// The last second jiff's `Timestamp` holds (9999-12-30T22:00:00Z; it keeps a day's margin for
/// offsets). Later times are "out of range", as before.
const LAST_SECOND: i64 = 253_402_207_200;

/// `secs` as UTC RFC 3339 (`2023-11-14T22:13:20Z`), as jiff's `Timestamp` displays it; `None`
/// out of its range. Times from 1970 on are formatted here (days to civil date after Howard
/// Hinnant's `civil_from_days`), the others by jiff.
pub(crate) fn rfc3339(secs: i64) -> Option<String> {
    if !(0..=LAST_SECOND).contains(&secs) {
        return jiff::Timestamp::from_second(secs)
            .ok()
            .map(|t| t.to_string());
    }
    let (days, rem) = (secs / 86400, secs % 86400);
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let mut text = *b"0000-00-00T00:00:00Z";
    for (at, width, n) in [
        (0, 4, year),
        (5, 2, month),
        (8, 2, day),
        (11, 2, rem / 3600),
        (14, 2, rem / 60 % 60),
        (17, 2, rem % 60),
    ] {
        let mut n = n;
        for digit in text.iter_mut().skip(at).take(width).rev() {
            *digit = b'0' + (n % 10) as u8;
            n /= 10;
        }
    }
    String::from_utf8(text.to_vec()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> JsonText {
        JsonText::parse(v.to_string().as_bytes()).unwrap()
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
    fn rfc3339_is_what_jiff_displays() {
        let jiff = |s: i64| jiff::Timestamp::from_second(s).ok().map(|t| t.to_string());
        let mut secs: Vec<i64> = vec![
            0,
            1,
            59,
            86399,
            86400,
            951_782_400, // 2000-02-29
            951_868_800,
            1_700_000_000,
            4_102_444_800,
            LAST_SECOND - 1,
            LAST_SECOND,
            LAST_SECOND + 1,
            253_402_300_799,
            253_402_300_800,
            -1,
            -62_135_596_800,
            i64::MAX,
            i64::MIN,
        ];
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            secs.push((x % (LAST_SECOND as u64 + 10)) as i64);
        }
        for s in secs {
            assert_eq!(rfc3339(s), jiff(s), "{s}");
        }
    }

    #[test]
    fn time_claims_relative_to_now() {
        let c = map(json!({"iat": 1000, "exp": 1000 + 14 * 60, "nbf": 1000}));
        let t = time_claims(c.get(), 1000);
        let exp = t.iter().find(|t| t.name == "exp").unwrap();
        assert_eq!(exp.relative, "expires in 14m");
        assert_eq!(exp.utc.as_deref(), Some("1970-01-01T00:30:40Z"));
        let later = time_claims(c.get(), 1000 + 14 * 60 + 3 * 3600 + 2 * 60);
        let exp = later.iter().find(|t| t.name == "exp").unwrap();
        assert_eq!(exp.relative, "expired 3h 2m ago");
        assert_eq!(exp.status, TimeStatus::Alarming);
    }

    #[test]
    fn findings_in_claims() {
        let mut f = Vec::new();
        payload_findings(
            map(json!({"sub": "1", "user": {"Password": "x"}, "card_number": 1})).get(),
            &mut f,
        );
        assert!(f.contains(&Finding::NoExp));
        assert!(f.contains(&Finding::SensitiveClaim("user.Password".into())));
        assert!(f.contains(&Finding::SensitiveClaim("card_number".into())));
        let mut f = Vec::new();
        payload_findings(
            map(json!({"iat": 0, "exp": 30 * 86400, "session": 1, "classname": 2})).get(),
            &mut f,
        );
        assert_eq!(f, [Finding::LongLifetime(30 * 86400)]);
        let mut f = Vec::new();
        payload_findings(map(json!({"exp": "1"})).get(), &mut f);
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
        let h = map(json!({"jku": "https://x", "kid": "../../etc/passwd"}));
        header_findings(&HeaderFacts::of(h.get()), &mut f);
        assert_eq!(f.len(), 2);
        assert!(matches!(f[1], Finding::SuspiciousKid(_)));
    }
}
