//! The machine-output contract: the `Serialize` structs whose field names scripts rely on. Commands
//! build these from domain values; `output/` renders them. Field doc comments are the reference the
//! JSON sections of docs/ repeat. Fields the contract lists are always present (`null` when empty).
//!
//! Must not import `commands`, `output` or any store connection code.

pub mod revoke;
pub mod sessions;

use serde::Serialize;

use crate::jwt::{Decoded, Kind, Payload, TimeStatus};
pub use crate::jwt::{JsonRef, JsonText};
use base64::Engine as _;

/// One decoded token (`jwt decode`).
#[derive(Debug, Serialize)]
pub struct DecodeReport {
    /// Input line number when the token came from standard input; null for a TOKEN argument.
    pub line: Option<u64>,
    /// `jws` (signed), `jwe` (encrypted) or `unsecured` (`alg: none`).
    pub kind: &'static str,
    /// True for a JWE: the payload cannot be read without the key.
    pub encrypted: bool,
    /// The header's `alg`, when it is a string.
    pub alg: Option<String>,
    /// The JOSE header, every member as sent, in order.
    pub header: JsonText,
    /// The payload: its JSON value; a string for a payload that is not JSON (base64url when it is
    /// not UTF-8, see `payload_encoding`); null for a JWE or a detached payload.
    pub payload: JsonText,
    /// `json`, `text`, `base64url`, or null when there is no payload to show.
    pub payload_encoding: Option<&'static str>,
    /// True when the payload segment is empty (detached content, RFC 7515 appendix F).
    pub detached: bool,
    /// True when the header says `cty: JWT`: the payload is itself a token (see `inner`).
    pub nested: bool,
    /// The signature segment exactly as sent (base64url); null for a JWE.
    pub signature: Option<String>,
    /// The signature's length in bytes; null for a JWE.
    pub signature_bytes: Option<usize>,
    /// Segment sizes of a JWE; null otherwise.
    pub jwe: Option<JweReport>,
    /// The time claims (`exp`, `nbf`, `iat`, `auth_time`) read as of now or `--at`.
    pub times: Vec<TimeReport>,
    /// Findings worth attention, as sentences.
    pub warnings: Vec<String>,
    /// The decoded inner token of a nested token; null otherwise.
    pub inner: Option<Box<DecodeReport>>,
}

/// Segment sizes of an encrypted token.
#[derive(Debug, Serialize)]
pub struct JweReport {
    /// Bytes of the encrypted key.
    pub encrypted_key_bytes: usize,
    /// Bytes of the initialization vector.
    pub iv_bytes: usize,
    /// Bytes of ciphertext.
    pub ciphertext_bytes: usize,
    /// Bytes of the authentication tag.
    pub tag_bytes: usize,
}

/// A time claim read as of a moment.
#[derive(Debug, Serialize)]
pub struct TimeReport {
    /// The claim's name.
    pub claim: &'static str,
    /// The value exactly as sent.
    pub value: JsonText,
    /// The time in UTC, RFC 3339; null when out of range.
    pub utc: Option<String>,
    /// Relative to now or `--at`: "expires in 14m", "expired 3h 2m ago".
    pub relative: String,
    /// True when this claim makes the token unusable at that moment (expired, not yet valid,
    /// issued in the future).
    pub alarming: bool,
}

/// A line of standard input that could not be decoded.
#[derive(Debug, Serialize)]
pub struct LineError {
    /// Input line number; null for a TOKEN argument.
    pub line: Option<u64>,
    /// What is wrong and where.
    pub error: String,
}

/// One item of `jwt decode` output: a token, or an input that could not be decoded.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum DecodeItem {
    /// A decoded token.
    Token(Box<DecodeReport>),
    /// An input that could not be decoded.
    Error(LineError),
}

impl DecodeReport {
    /// Builds the report of `decoded`, reading time claims as of `now` (unix seconds).
    pub fn new(decoded: Decoded, now: i64, line: Option<u64>) -> DecodeReport {
        let times = decoded
            .time_claims(now)
            .into_iter()
            .map(|t| TimeReport {
                claim: t.name,
                value: t.raw,
                utc: t.utc,
                relative: t.relative,
                alarming: t.status == TimeStatus::Alarming,
            })
            .collect();
        let warnings = decoded.findings.iter().map(ToString::to_string).collect();
        let alg = decoded.alg().map(std::borrow::Cow::into_owned);
        let detached = decoded.payload == Payload::Detached;
        let (payload, payload_encoding) = match decoded.payload {
            Payload::Json(v) => (v, Some("json")),
            Payload::Text(t) => (JsonText::string(&t), Some("text")),
            Payload::Binary(b) => (
                JsonText::string(&base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)),
                Some("base64url"),
            ),
            Payload::Detached | Payload::Encrypted => (JsonText::null(), None),
        };
        let is_jwe = decoded.kind == Kind::Jwe;
        DecodeReport {
            line,
            kind: decoded.kind.as_str(),
            encrypted: is_jwe,
            alg,
            header: decoded.header,
            payload,
            payload_encoding,
            detached,
            nested: decoded.nested,
            signature: decoded.signature_b64,
            signature_bytes: (!is_jwe).then_some(decoded.signature_len),
            jwe: decoded.jwe.map(|j| JweReport {
                encrypted_key_bytes: j.encrypted_key,
                iv_bytes: j.iv,
                ciphertext_bytes: j.ciphertext,
                tag_bytes: j.tag,
            }),
            times,
            warnings,
            inner: decoded
                .inner
                .map(|d| Box::new(DecodeReport::new(*d, now, None))),
        }
    }
}

/// The verdict on one token (`jwt verify`). Serialized with every field present (null when it does
/// not apply); the token's decoded fields are those of `jwt decode`.
#[derive(Debug)]
pub struct VerifyReport {
    /// Input line number when the token came from standard input; null for a TOKEN argument.
    pub line: Option<u64>,
    /// True when the signature verifies with a configured key and every claim check passes.
    pub valid: bool,
    /// Why the token is not valid (one of the reason codes); null when valid.
    pub reason: Option<&'static str>,
    /// The reason in plain words, with the specifics (which claim, which time, which kids); null
    /// when valid.
    pub message: Option<String>,
    /// The header's `kid`, when it is a string.
    pub kid: Option<String>,
    /// The configured key that verified the signature (its source, and kid when it has one); null
    /// when no signature was verified.
    pub key: Option<String>,
    /// The decoded token (kind, alg, header, payload, times, warnings as `jwt decode` reports
    /// them); absent when the input could not be decoded, and then those fields are null.
    pub token: Option<DecodeReport>,
}

impl Serialize for VerifyReport {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let t = self.token.as_ref();
        let mut st = s.serialize_struct("VerifyReport", 13)?;
        st.serialize_field("line", &self.line)?;
        st.serialize_field("valid", &self.valid)?;
        st.serialize_field("reason", &self.reason)?;
        st.serialize_field("message", &self.message)?;
        st.serialize_field("alg", &t.and_then(|t| t.alg.as_deref()))?;
        st.serialize_field("kid", &self.kid)?;
        st.serialize_field("key", &self.key)?;
        st.serialize_field("kind", &t.map(|t| t.kind))?;
        st.serialize_field("header", &t.map(|t| &t.header))?;
        st.serialize_field("payload", &t.map(|t| &t.payload))?;
        st.serialize_field("payload_encoding", &t.and_then(|t| t.payload_encoding))?;
        st.serialize_field("times", t.map_or(&[][..], |t| &t.times[..]))?;
        st.serialize_field("warnings", t.map_or(&[][..], |t| &t.warnings[..]))?;
        st.end()
    }
}

/// Renders one item of machine output into bytes. Shared by the worker threads of bulk commands,
/// so that rendering runs in parallel and each report is dropped on the thread that built it.
/// Each call appends one complete item (for ndjson, its line with the newline); a worker renders a
/// whole chunk into one buffer and hands it to [`Sink::rendered`] with the items' end offsets.
pub trait ItemRenderer: Sync {
    /// Appends the rendering of `item` to `buf`.
    ///
    /// # Errors
    /// Serialization failed.
    fn render_decode(&self, item: &DecodeItem, buf: &mut Vec<u8>) -> std::io::Result<()>;

    /// Appends the rendering of a verification verdict to `buf`.
    ///
    /// # Errors
    /// Serialization failed.
    fn render_verify(&self, item: &VerifyReport, buf: &mut Vec<u8>) -> std::io::Result<()>;
}

/// Where commands hand their results. Implemented by `output::Printer`; commands never write to
/// stdout or stderr themselves.
pub trait Sink {
    /// Starts the document. `collection` is true when the command may produce many items (input
    /// from standard input), so that `--output json` writes an array rather than one object.
    ///
    /// # Errors
    /// Writing failed.
    fn begin(&mut self, collection: bool) -> std::io::Result<()>;

    /// Emits decoded tokens (or their errors), in input order.
    ///
    /// # Errors
    /// Writing failed.
    fn decode_items(&mut self, items: &[DecodeItem]) -> std::io::Result<()>;

    /// Emits verification verdicts, in input order.
    ///
    /// # Errors
    /// Writing failed.
    fn verify_items(&mut self, items: &[VerifyReport]) -> std::io::Result<()>;

    /// Writes a warning about the run as a whole (not about one token) on stderr.
    ///
    /// # Errors
    /// Writing failed.
    fn warning(&mut self, message: &str) -> std::io::Result<()>;

    /// Writes a line of `--verbose` detail about the run on stderr.
    ///
    /// # Errors
    /// Writing failed.
    fn note(&mut self, message: &str) -> std::io::Result<()>;

    /// A renderer for worker threads, when the output format renders items independently (json,
    /// ndjson); `None` for the human form, which goes through [`Sink::decode_items`].
    fn renderer(&self) -> Option<&dyn ItemRenderer>;

    /// Writes items already rendered by [`Sink::renderer`] into `buf`, in order; `ends` holds the
    /// end offset of each item in `buf`.
    ///
    /// # Errors
    /// Writing failed.
    fn rendered(&mut self, buf: &[u8], ends: &[usize]) -> std::io::Result<()>;

    /// Emits what a session command produced (see [`sessions::SessionEvent`]).
    ///
    /// # Errors
    /// Writing failed.
    fn sessions(&mut self, event: sessions::SessionEvent<'_>) -> std::io::Result<()>;

    /// Emits what a destructive command did (see [`revoke::RevokeEvent`]).
    ///
    /// # Errors
    /// Writing failed.
    fn revoke(&mut self, event: revoke::RevokeEvent<'_>) -> std::io::Result<()>;

    /// Writes bytes to stdout as they are (completion scripts, the man page).
    ///
    /// # Errors
    /// Writing failed.
    fn raw(&mut self, bytes: &[u8]) -> std::io::Result<()>;

    /// Ends the document.
    ///
    /// # Errors
    /// Writing failed.
    fn finish(&mut self) -> std::io::Result<()>;
}
