//! Verifying a decoded token: structure, algorithm, key, signature, then claims. Pure: the keys are
//! parsed beforehand, the time is a parameter.
//!
//! The order of checks, and so which reason a token with several faults gets:
//!
//! 1. kind: a JWE is `encrypted`, `alg: none` is `unsecured`;
//! 2. structure (`malformed`): `alg` missing or not a string, a `kid` that is not a string,
//!    duplicate header members, any `crit` (sessctl implements no JWS extension, RFC 7515
//!    4.1.11), `b64: false` (RFC 7797), a detached (empty) payload;
//! 3. algorithm (`alg_not_allowed`): the header's `alg` must be one the configured keys verify
//!    after `--alg` narrowed them; the token never chooses the algorithm family;
//! 4. key (`no_matching_key`): by `kid`, else the only key for the algorithm;
//! 5. signature (`bad_signature`) over the exact received bytes `header "." payload`;
//! 6. claims, only once the signature holds: a payload that is not a JSON object, duplicate
//!    members, or a time claim that is not a number (`malformed`); required claims
//!    (`missing_claim`); `exp` (`expired`), `nbf` (`not_yet_valid`), `iat` + `--max-age`
//!    (`expired`); `iss`, `aud`, `sub` (`wrong_*`); the header's `typ` (`malformed`).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

use super::claims::{Finding, human_duration, json_type, seconds};
use super::compact::{Decoded, Kind, Payload};
use super::error::Segment;
use super::json::JsonRef;
use super::keys::{Alg, Key, KeySet};
use super::reason::{Failure, Reason};

/// What a token is checked against, besides its signature.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The moment of verification, unix seconds.
    pub now: i64,
    /// Clock skew tolerated on `exp`, `nbf` and `--max-age`, seconds.
    pub leeway: i64,
    /// Do not check `exp`.
    pub ignore_exp: bool,
    /// Required `iss`.
    pub issuer: Option<String>,
    /// Required member of `aud`.
    pub audience: Option<String>,
    /// Required `sub`.
    pub subject: Option<String>,
    /// Required header `typ` (compared ignoring case and an `application/` prefix).
    pub typ: Option<String>,
    /// Maximum age since `iat`, seconds (makes `iat` required).
    pub max_age: Option<i64>,
    /// Claims that must be present.
    pub require: Vec<String>,
}

fn malformed(detail: impl Into<String>) -> Failure {
    Failure::new(Reason::Malformed, detail)
}

/// Verifies `decoded`, the decoding of `token` (the compact token exactly as received).
/// Returns the key that verified the signature.
///
/// # Errors
/// The first check that fails, in the order documented on this module.
pub fn verify<'k>(
    token: &str,
    decoded: &Decoded,
    keys: &'k KeySet,
    opts: &Options,
) -> Result<&'k Key, Failure> {
    match decoded.kind {
        Kind::Jwe => {
            return Err(Failure::new(
                Reason::Encrypted,
                "the token is encrypted (JWE): sessctl verifies signed tokens (JWS) only",
            ));
        }
        Kind::Unsecured => {
            return Err(Failure::new(
                Reason::Unsecured,
                "alg is none: nothing protects the token, anyone can forge it",
            ));
        }
        Kind::Jws => {}
    }
    let header = Obj(decoded.header.get());
    let alg_name = match header.0.member("alg") {
        Some(a) => a
            .as_str()
            .ok_or_else(|| malformed("the header's alg is not a string"))?,
        None => return Err(malformed("the header has no alg")),
    };
    let alg_name = alg_name.as_ref();
    let kid = match header.0.member("kid") {
        None => None,
        Some(k) => Some(
            k.as_str()
                .ok_or_else(|| malformed("the header's kid is not a string"))?,
        ),
    };
    let kid = kid.as_deref();
    check_structure(decoded)?;

    let alg = Alg::from_name(alg_name).ok_or_else(|| {
        Failure::new(
            Reason::AlgNotAllowed,
            format!("alg {alg_name:?} is not a supported signature algorithm"),
        )
    })?;
    let key = keys.select(alg, kid)?;

    let (signing_input, signature_b64) = token
        .rsplit_once('.')
        .ok_or_else(|| malformed("no signature segment"))?;
    let signature = URL_SAFE_NO_PAD
        .decode(signature_b64)
        .map_err(|e| malformed(format!("the signature is not base64url: {e}")))?;
    if !key.verify(alg, signing_input.as_bytes(), &signature) {
        return Err(Failure::new(
            Reason::BadSignature,
            format!(
                "the {alg} signature does not verify with {}",
                key.describe()
            ),
        ));
    }

    let claims = claims_set(decoded)?;
    check_claims(header, claims, opts)?;
    Ok(key)
}

fn check_structure(decoded: &Decoded) -> Result<(), Failure> {
    let header = Obj(decoded.header.get());
    for f in &decoded.findings {
        if let Finding::DuplicateMember {
            segment: Segment::Header,
            path,
        } = f
        {
            return Err(malformed(format!(
                "the header has member {path:?} twice: verifiers disagree on which one counts"
            )));
        }
    }
    if let Some(crit) = header.get("crit").as_ref() {
        let names: Option<Vec<&str>> = crit
            .as_array()
            .map(|a| a.iter().map(Value::as_str).collect::<Option<Vec<_>>>())
            .unwrap_or(None);
        return Err(match names {
            Some(n) if !n.is_empty() => malformed(format!(
                "crit names {}: sessctl implements no JWS extension, so it must reject the token (RFC 7515 4.1.11)",
                n.join(", ")
            )),
            _ => malformed("crit is not a non-empty array of names (RFC 7515 4.1.11)"),
        });
    }
    if header.get("b64") == Some(Value::Bool(false)) {
        return Err(malformed(
            "b64 is false: unencoded payloads (RFC 7797) are not supported",
        ));
    }
    if decoded.payload == Payload::Detached {
        return Err(malformed(
            "the payload segment is empty (detached content): there is nothing to verify",
        ));
    }
    Ok(())
}

fn claims_set(decoded: &Decoded) -> Result<Obj<'_>, Failure> {
    let claims = match (&decoded.payload, decoded.claims_text()) {
        (Payload::Json(_), Some(c)) => Obj(c),
        (Payload::Json(_), None) => {
            return Err(malformed(
                "the payload is JSON but not an object: not a claims set",
            ));
        }
        _ if decoded.nested => {
            return Err(malformed(
                "the payload is a nested token (cty: JWT), not a claims set: nested tokens are not followed",
            ));
        }
        _ => return Err(malformed("the payload is not JSON: not a claims set")),
    };
    for f in &decoded.findings {
        if let Finding::DuplicateMember {
            segment: Segment::Payload,
            path,
        } = f
        {
            return Err(malformed(format!(
                "the payload has claim {path:?} twice: verifiers disagree on which one counts"
            )));
        }
    }
    Ok(claims)
}

fn utc(secs: i64) -> String {
    jiff::Timestamp::from_second(secs).map_or_else(|_| secs.to_string(), |t| t.to_string())
}

/// A JSON object read member by member from its compact text: the checks look at a handful of
/// members, and building the whole map cost a fifth of a bulk HS256 run.
#[derive(Debug, Clone, Copy)]
struct Obj<'a>(JsonRef<'a>);

impl Obj<'_> {
    /// The member `name` (the first of that name: duplicates are refused before any check).
    /// The text was validated when the token was decoded; should it not parse, it reads as
    /// `null`, which every check refuses.
    fn get(self, name: &str) -> Option<Value> {
        let m = self.0.member(name)?;
        Some(serde_json::from_str(m.text()).unwrap_or(Value::Null))
    }

    fn contains_key(self, name: &str) -> bool {
        self.0.member(name).is_some()
    }
}

fn check_claims(header: Obj<'_>, claims: Obj<'_>, opts: &Options) -> Result<(), Failure> {
    let mut times = [None; 3];
    for (slot, name) in times.iter_mut().zip(["exp", "nbf", "iat"]) {
        if let Some(v) = claims.get(name) {
            *slot = Some(seconds(&v).ok_or_else(|| {
                malformed(format!(
                    "{name} is {}, not a NumericDate number",
                    json_type(&v)
                ))
            })?);
        }
    }
    let [exp, nbf, iat] = times;

    let mut required: Vec<&str> = opts.require.iter().map(String::as_str).collect();
    for (pinned, name) in [
        (opts.issuer.is_some(), "iss"),
        (opts.audience.is_some(), "aud"),
        (opts.subject.is_some(), "sub"),
        (opts.max_age.is_some(), "iat"),
    ] {
        if pinned {
            required.push(name);
        }
    }
    for name in required {
        if !claims.contains_key(name) {
            return Err(Failure::new(
                Reason::MissingClaim,
                format!("the required claim {name} is missing"),
            ));
        }
    }

    let now = opts.now;
    let leeway = opts.leeway;
    if !opts.ignore_exp
        && let Some(exp) = exp
        && now >= exp.saturating_add(leeway)
    {
        return Err(Failure::new(
            Reason::Expired,
            format!(
                "expired at {} ({} ago)",
                utc(exp),
                human_duration(now.saturating_sub(exp).unsigned_abs())
            ),
        ));
    }
    if let Some(nbf) = nbf
        && now.saturating_add(leeway) < nbf
    {
        return Err(Failure::new(
            Reason::NotYetValid,
            format!(
                "not valid before {} (in {})",
                utc(nbf),
                human_duration(nbf.saturating_sub(now).unsigned_abs())
            ),
        ));
    }
    if let (Some(max_age), Some(iat)) = (opts.max_age, iat) {
        let age = now.saturating_sub(iat);
        if age > max_age.saturating_add(leeway) {
            return Err(Failure::new(
                Reason::Expired,
                format!(
                    "issued at {}, {} ago: older than the maximum age of {}",
                    utc(iat),
                    human_duration(age.unsigned_abs()),
                    human_duration(max_age.unsigned_abs())
                ),
            ));
        }
    }

    if let Some(want) = &opts.issuer {
        match claims.get("iss").as_ref() {
            Some(Value::String(iss)) if iss == want => {}
            other => {
                return Err(Failure::new(
                    Reason::WrongIssuer,
                    format!("iss is {}, expected {want:?}", show(other)),
                ));
            }
        }
    }
    if let Some(want) = &opts.audience {
        let aud = claims.get("aud");
        let aud = aud.as_ref();
        let ok = match aud {
            Some(Value::String(a)) => a == want,
            Some(Value::Array(list)) => {
                if list.iter().any(|v| !v.is_string()) {
                    return Err(malformed(
                        "aud is an array with members that are not strings",
                    ));
                }
                list.iter().any(|v| v.as_str() == Some(want.as_str()))
            }
            Some(v) => {
                return Err(malformed(format!(
                    "aud is {}, not a string or an array of strings",
                    json_type(v)
                )));
            }
            None => false,
        };
        if !ok {
            return Err(Failure::new(
                Reason::WrongAudience,
                format!("aud is {}, which does not include {want:?}", show(aud)),
            ));
        }
    }
    if let Some(want) = &opts.subject {
        match claims.get("sub").as_ref() {
            Some(Value::String(sub)) if sub == want => {}
            other => {
                return Err(Failure::new(
                    Reason::WrongSubject,
                    format!("sub is {}, expected {want:?}", show(other)),
                ));
            }
        }
    }
    if let Some(want) = &opts.typ {
        match header.get("typ").as_ref() {
            None => {
                return Err(Failure::new(
                    Reason::MissingClaim,
                    format!("the header has no typ, expected {want:?}"),
                ));
            }
            Some(Value::String(typ)) if media_type_eq(typ, want) => {}
            Some(other) => {
                return Err(malformed(format!(
                    "the header's typ is {}, expected {want:?}",
                    show(Some(other))
                )));
            }
        }
    }
    Ok(())
}

/// RFC 7515 4.1.9: media type names compare case-insensitively, and `application/` may be left out.
fn media_type_eq(a: &str, b: &str) -> bool {
    fn norm(s: &str) -> String {
        let l = s.trim().to_ascii_lowercase();
        match l.strip_prefix("application/") {
            Some(rest) => rest.to_owned(),
            None => l,
        }
    }
    norm(a) == norm(b)
}

fn show(v: Option<&Value>) -> String {
    match v {
        None => "absent".to_owned(),
        Some(v) => {
            let s = v.to_string();
            if s.chars().count() > 80 {
                let cut: String = s.chars().take(77).collect();
                format!("{cut}...")
            } else {
                s
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jwt::keys::{Key, KeySet, Secret};
    use aws_lc_rs::hmac;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn sign(header: &str, payload: &str) -> String {
        let input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header),
            URL_SAFE_NO_PAD.encode(payload)
        );
        let tag = hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, SECRET), input.as_bytes());
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(tag.as_ref()))
    }

    fn keys() -> KeySet {
        KeySet::new(
            vec![Key::from_secret(&Secret::new(SECRET.to_vec()), "test")],
            None,
        )
        .unwrap()
    }

    fn check(token: &str, opts: &Options) -> Result<(), Reason> {
        let d = crate::jwt::decode(token, 1 << 20).unwrap();
        verify(token, &d, &keys(), opts)
            .map(|_| ())
            .map_err(|f| f.reason)
    }

    const H: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

    #[test]
    fn time_claims_with_leeway() {
        let t = sign(H, r#"{"exp":1000,"nbf":500,"iat":500}"#);
        let at = |now, leeway| Options {
            now,
            leeway,
            ..Options::default()
        };
        assert_eq!(check(&t, &at(999, 0)), Ok(()));
        assert_eq!(check(&t, &at(1000, 0)), Err(Reason::Expired));
        assert_eq!(check(&t, &at(1000, 1)), Ok(()));
        assert_eq!(check(&t, &at(499, 0)), Err(Reason::NotYetValid));
        assert_eq!(check(&t, &at(499, 1)), Ok(()));
        let ignore = Options {
            now: 5000,
            ignore_exp: true,
            ..Options::default()
        };
        assert_eq!(check(&t, &ignore), Ok(()));
        let old = Options {
            now: 900,
            max_age: Some(300),
            ..Options::default()
        };
        assert_eq!(check(&t, &old), Err(Reason::Expired));
    }

    #[test]
    fn pinned_claims() {
        let t = sign(H, r#"{"iss":"a","aud":["x","y"],"sub":"42"}"#);
        let o = |f: fn(&mut Options)| {
            let mut o = Options::default();
            f(&mut o);
            o
        };
        assert_eq!(check(&t, &o(|o| o.audience = Some("y".into()))), Ok(()));
        assert_eq!(
            check(&t, &o(|o| o.audience = Some("z".into()))),
            Err(Reason::WrongAudience)
        );
        assert_eq!(
            check(&t, &o(|o| o.issuer = Some("b".into()))),
            Err(Reason::WrongIssuer)
        );
        assert_eq!(
            check(&t, &o(|o| o.subject = Some("43".into()))),
            Err(Reason::WrongSubject)
        );
        assert_eq!(
            check(&t, &o(|o| o.require = vec!["exp".into()])),
            Err(Reason::MissingClaim)
        );
        assert_eq!(
            check(&t, &o(|o| o.typ = Some("application/JWT".into()))),
            Ok(())
        );
        assert_eq!(
            check(&t, &o(|o| o.typ = Some("at+jwt".into()))),
            Err(Reason::Malformed)
        );
    }

    #[test]
    fn structure_before_signature() {
        let crit = sign(r#"{"alg":"HS256","crit":["x"],"x":1}"#, "{}");
        assert_eq!(check(&crit, &Options::default()), Err(Reason::Malformed));
        let mut bad = sign(H, r#"{"sub":"1"}"#);
        bad.pop();
        bad.push('A');
        assert_eq!(check(&bad, &Options::default()), Err(Reason::BadSignature));
        let rs = sign(r#"{"alg":"RS256"}"#, "{}");
        assert_eq!(check(&rs, &Options::default()), Err(Reason::AlgNotAllowed));
        let num = sign(H, r#"{"exp":"1"}"#);
        assert_eq!(check(&num, &Options::default()), Err(Reason::Malformed));
    }
}
