//! Why a token is not valid. The snake_case names below are the contract strings scripts match on
//! (`reason` in `jwt verify`'s JSON output); they are spelled here and nowhere else.

use std::fmt;

/// The reason a token failed verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    /// The signature or MAC does not match the signing input under the selected key.
    BadSignature,
    /// `exp` has passed (beyond the leeway), or the token is older than `--max-age`.
    Expired,
    /// `nbf` is still in the future (beyond the leeway).
    NotYetValid,
    /// `iss` is not the one pinned with `--iss`.
    WrongIssuer,
    /// `aud` does not contain the audience pinned with `--aud`.
    WrongAudience,
    /// `sub` is not the one pinned with `--sub`.
    WrongSubject,
    /// A claim that is required (by `--require`, or by a pinned check) is absent.
    MissingClaim,
    /// The token's `alg` is not allowed: not in `--alg`, or no configured key can verify it.
    AlgNotAllowed,
    /// No configured key fits the token (kid unknown, or several keys fit and the token has no kid).
    NoMatchingKey,
    /// The token is not a well-formed signed JWT: bad structure, a payload that is not a claims
    /// set, a mistyped claim, an unsupported `crit` extension, duplicate members, a wrong `typ`.
    Malformed,
    /// `alg: none`: nothing protects the token.
    Unsecured,
    /// A JWE: encrypted tokens are not verified by sessctl.
    Encrypted,
    /// Valid, but revoked: in the denylist, or issued before its user's cut-off
    /// (`--check-revoked`).
    Revoked,
}

impl Reason {
    /// Every reason, in the order of docs/jwt.md's table.
    pub const ALL: [Reason; 13] = [
        Reason::BadSignature,
        Reason::Expired,
        Reason::NotYetValid,
        Reason::WrongIssuer,
        Reason::WrongAudience,
        Reason::WrongSubject,
        Reason::MissingClaim,
        Reason::AlgNotAllowed,
        Reason::NoMatchingKey,
        Reason::Malformed,
        Reason::Unsecured,
        Reason::Encrypted,
        Reason::Revoked,
    ];

    /// The contract string (`bad_signature`, `expired`, …).
    pub fn code(self) -> &'static str {
        match self {
            Reason::BadSignature => "bad_signature",
            Reason::Expired => "expired",
            Reason::NotYetValid => "not_yet_valid",
            Reason::WrongIssuer => "wrong_issuer",
            Reason::WrongAudience => "wrong_audience",
            Reason::WrongSubject => "wrong_subject",
            Reason::MissingClaim => "missing_claim",
            Reason::AlgNotAllowed => "alg_not_allowed",
            Reason::NoMatchingKey => "no_matching_key",
            Reason::Malformed => "malformed",
            Reason::Unsecured => "unsecured",
            Reason::Encrypted => "encrypted",
            Reason::Revoked => "revoked",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A failed verification: the reason code and what exactly was wrong, in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The contract reason.
    pub reason: Reason,
    /// One sentence for people: what was found and what was expected.
    pub detail: String,
}

impl Failure {
    /// A failure with its explanation.
    pub fn new(reason: Reason, detail: impl Into<String>) -> Failure {
        Failure {
            reason,
            detail: detail.into(),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.reason, self.detail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case() {
        let codes: std::collections::HashSet<_> = Reason::ALL.iter().map(|r| r.code()).collect();
        assert_eq!(codes.len(), Reason::ALL.len());
        assert!(
            codes
                .iter()
                .all(|c| c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'))
        );
    }
}
