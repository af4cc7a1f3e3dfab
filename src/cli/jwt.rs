//! `sessctl jwt …`: the token commands.

use clap::{Args, Subcommand};

/// Token commands.
#[derive(Debug, Subcommand)]
pub enum JwtCommand {
    /// Show a token's header, payload and signature, and what is worth knowing about it.
    ///
    /// A signed token (JWS) is not encrypted: anyone who holds it can read its payload. The
    /// signature only proves the payload was not changed, and this command does not check it (see
    /// `sessctl jwt verify`).
    #[command(after_help = DECODE_AFTER_HELP)]
    Decode(DecodeArgs),
}

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
