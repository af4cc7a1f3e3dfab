//! `sessctl jwt …`: the token commands.

use std::path::PathBuf;

use clap::{ArgGroup, Args, Subcommand};

use super::Lazy;

/// Token commands.
#[derive(Debug, Subcommand)]
pub enum JwtCommand {
    /// Show a token's header, payload and signature, and what is worth knowing about it.
    ///
    /// A signed token (JWS) is not encrypted: anyone who holds it can read its payload. The
    /// signature only proves the payload was not changed, and this command does not check it (see
    /// `sessctl jwt verify`).
    #[command(after_help = DECODE_AFTER_HELP)]
    Decode(Lazy<DecodeArgs>),

    /// Check a token's signature and claims: is it valid, and if not, why.
    ///
    /// The key decides the algorithm family (an RSA key verifies only RS*/PS*, a secret only HS*),
    /// never the token's header; header members that point at keys (jku, x5u, x5c, jwk) are never
    /// used. Exactly one key source is required.
    #[command(after_help = VERIFY_AFTER_HELP)]
    Verify(Lazy<Box<VerifyArgs>>),

    /// Revoke tokens: record each in the Redis denylist until it would have expired.
    ///
    /// The entry's key is the token's `jti`, or the SHA-256 of the token when it has none; its
    /// TTL is the token's remaining lifetime, so the list cleans itself. An expired token needs
    /// no entry.
    #[command(after_help = "Examples:\n  \
        sessctl jwt revoke \"$TOKEN\"\n  \
        grep -o 'eyJ[^\" ]*' leaked.log | sessctl jwt revoke -o ndjson")]
    Revoke(Lazy<Box<super::JwtRevokeArgs>>),
}

const VERIFY_AFTER_HELP: &str = "\
Key sources (exactly one): --key FILE (PEM public key, certificate or private key, DER, JWK or
JWKS; repeatable), --jwks-url URL, --secret-file FILE, --secret-env VAR, --secret-prompt, or
--secret SECRET (visible to other users in the process list: avoid).

Reasons: bad_signature, expired, not_yet_valid, wrong_issuer, wrong_audience, wrong_subject,
missing_claim, alg_not_allowed, no_matching_key, malformed, unsecured, encrypted, and with
--check-revoked: revoked.

Examples:
  sessctl jwt verify --key issuer.pem \"$TOKEN\"
  sessctl jwt verify --jwks-url https://login.example.com/.well-known/jwks.json --aud api \"$TOKEN\"
  SECRET=... sessctl jwt verify --secret-env SECRET --iss https://issuer.example \"$TOKEN\"
  grep -o 'eyJ[^\" ]*' access.log | sessctl jwt verify --key jwks.json -o ndjson | jq -c 'select(.valid|not)'

Exit codes:
  0  every token is valid
  1  some token is not valid
  2  usage error, or a key or secret that cannot be used";

const DECODE_AFTER_HELP: &str = "\
Input forms: a bare token, `Bearer <token>`, a whole `Authorization: Bearer <token>` header line,
or a `name=<token>` cookie pair. On standard input every non-empty line is a token.

Examples:
  sessctl jwt decode eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2ln
  pbpaste | sessctl jwt decode
  sessctl jwt decode --at 2024-03-01T12:00:00Z \"$TOKEN\"
  grep -o 'eyJ[^\" ]*' access.log | sessctl jwt decode -o ndjson | jq -c .payload.sub

Exit codes:
  0  every token decoded
  1  some input could not be decoded
  2  usage error";

/// Arguments of `jwt decode`.
#[derive(Debug, Args)]
pub struct DecodeArgs {
    /// The token. Omitted or `-`: read tokens from standard input, one per line.
    pub token: Option<String>,

    /// Evaluate the time claims as of this moment instead of now (RFC 3339 or unix seconds).
    #[arg(long, value_name = "TIME", value_parser = super::parse::timestamp)]
    pub at: Option<i64>,

    /// Refuse any token larger than this many bytes (accepts K, M suffixes: 64K, 1M).
    #[arg(long, value_name = "BYTES", default_value = "1M", value_parser = super::parse::byte_size)]
    pub max_size: usize,
}

/// Arguments of `jwt verify`.
#[derive(Debug, Args)]
#[command(group(
    ArgGroup::new("key_source")
        .required(true)
        .args(["key", "jwks_url", "secret_file", "secret_env", "secret_prompt", "secret"])
))]
pub struct VerifyArgs {
    /// The token. Omitted or `-`: read tokens from standard input, one per line.
    pub token: Option<String>,

    /// Verify with the key(s) in FILE: PEM (public key, certificate, or private key, of which only
    /// the public half is used), DER, a JWK, or a JWKS. Recognised by content. Repeatable.
    #[arg(long, value_name = "FILE")]
    pub key: Vec<PathBuf>,

    /// Fetch the JWKS to verify with from URL (https, or http on a loopback address), once.
    #[arg(long, value_name = "URL")]
    pub jwks_url: Option<String>,

    /// Read the HMAC secret from FILE (its bytes; one trailing line ending is removed).
    #[arg(long, value_name = "FILE")]
    pub secret_file: Option<PathBuf>,

    /// Read the HMAC secret from the environment variable VAR.
    #[arg(long, value_name = "VAR")]
    pub secret_env: Option<String>,

    /// Ask for the HMAC secret on the terminal, without echo (needs a terminal on standard input,
    /// so the token must be the argument).
    #[arg(long)]
    pub secret_prompt: bool,

    /// The HMAC secret itself. Avoid: it shows in the process list and shell history; prefer
    /// --secret-file, --secret-env or --secret-prompt.
    #[arg(long, value_name = "SECRET", hide_env_values = true, value_parser = crate::secret::SecretString::parse)]
    pub secret: Option<crate::secret::SecretString>,

    /// The secret is base64 or base64url text (as many identity providers hand them out): decode
    /// it and use the bytes.
    #[arg(long)]
    pub secret_base64: bool,

    /// Accept only these algorithms (comma-separated or repeated), further narrowing what the key
    /// type allows. Default: every algorithm of the key type.
    #[arg(long, value_name = "ALG", value_delimiter = ',', value_parser = super::parse::alg)]
    pub alg: Vec<crate::jwt::Alg>,

    /// Require `iss` to be exactly this.
    #[arg(long, value_name = "ISSUER")]
    pub iss: Option<String>,

    /// Require `aud` to be, or to contain, this audience.
    #[arg(long, value_name = "AUDIENCE")]
    pub aud: Option<String>,

    /// Require `sub` to be exactly this.
    #[arg(long, value_name = "SUBJECT")]
    pub sub: Option<String>,

    /// Require the header's `typ` to be this media type (case-insensitive; `application/` may be
    /// left out): `at+jwt` keeps an ID token from passing as an access token.
    #[arg(long, value_name = "TYPE")]
    pub typ: Option<String>,

    /// Require this claim to be present (repeatable). `exp` is not required unless named here.
    #[arg(long, value_name = "CLAIM")]
    pub require: Vec<String>,

    /// Tolerate this much clock skew on exp, nbf and --max-age (30s, 2m).
    #[arg(long, value_name = "DURATION", default_value = "0", value_parser = super::parse::seconds)]
    pub leeway: u64,

    /// Do not check `exp` (an expired token can still have a valid signature).
    #[arg(long)]
    pub ignore_exp: bool,

    /// Reject tokens issued (`iat`) longer ago than this (15m, 1d); makes `iat` required.
    #[arg(long, value_name = "DURATION", value_parser = super::parse::seconds)]
    pub max_age: Option<u64>,

    /// Verify as of this moment instead of now (RFC 3339 or unix seconds).
    #[arg(long, value_name = "TIME", value_parser = super::parse::timestamp)]
    pub at: Option<i64>,

    /// Refuse any token larger than this many bytes (accepts K, M suffixes: 64K, 1M).
    #[arg(long, value_name = "BYTES", default_value = "1M", value_parser = super::parse::byte_size)]
    pub max_size: usize,

    /// Revocation check (`--check-revoked`).
    #[command(flatten)]
    pub revoked: super::CheckRevokedArgs,
}
