//! Why a token could not be decoded, typed by cause so that callers (and later fuzzers) can tell
//! the cases apart. `Display` is the one-line message the user sees.

use std::fmt;

/// A part of a compact token, named as the user would look for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment {
    /// JWS segment 1, or the JWE protected header.
    Header,
    /// JWS segment 2.
    Payload,
    /// JWS segment 3.
    Signature,
    /// JWE segment 2.
    EncryptedKey,
    /// JWE segment 3.
    Iv,
    /// JWE segment 4.
    Ciphertext,
    /// JWE segment 5.
    Tag,
}

impl Segment {
    /// 1-based position of the segment in the compact form.
    pub fn position(self) -> usize {
        match self {
            Segment::Header => 1,
            Segment::Payload | Segment::EncryptedKey => 2,
            Segment::Signature | Segment::Iv => 3,
            Segment::Ciphertext => 4,
            Segment::Tag => 5,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Segment::Header => "header",
            Segment::Payload => "payload",
            Segment::Signature => "signature",
            Segment::EncryptedKey => "encrypted key",
            Segment::Iv => "initialization vector",
            Segment::Ciphertext => "ciphertext",
            Segment::Tag => "authentication tag",
        }
    }
}

impl fmt::Display for Segment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "segment {} ({})", self.position(), self.name())
    }
}

/// Why a token could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// Nothing was left once whitespace and wrappers were removed.
    Empty,
    /// The token is over the size cap.
    TooLarge {
        /// The token's size in bytes.
        len: usize,
        /// The cap.
        max: usize,
    },
    /// Neither 3 (JWS) nor 5 (JWE) segments.
    SegmentCount {
        /// How many dot-separated segments were found.
        found: usize,
    },
    /// A segment is not canonical unpadded base64url.
    Base64 {
        /// Which segment.
        segment: Segment,
        /// What is wrong with it.
        detail: String,
    },
    /// A header or payload that must be JSON is not.
    NotJson {
        /// Which segment.
        segment: Segment,
        /// What the JSON parser said.
        detail: String,
    },
    /// The header is JSON but not an object.
    NotObject {
        /// Which segment.
        segment: Segment,
        /// The JSON type found instead.
        found: &'static str,
    },
    /// JSON nested deeper than the parser's limit.
    TooDeep {
        /// Which segment.
        segment: Segment,
    },
    /// The header is not UTF-8 text.
    NotUtf8 {
        /// Which segment.
        segment: Segment,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Empty => f.write_str("empty input: no token found"),
            DecodeError::TooLarge { len, max } => write!(
                f,
                "token is {len} bytes, over the limit of {max} bytes (raise it with --max-size)"
            ),
            DecodeError::SegmentCount { found } => write!(
                f,
                "not a compact JWT: found {found} dot-separated segment{}, expected 3 (JWS) or 5 (JWE)",
                if *found == 1 { "" } else { "s" }
            ),
            DecodeError::Base64 { segment, detail } => {
                write!(f, "{segment} is not base64url: {detail}")
            }
            DecodeError::NotJson { segment, detail } => {
                write!(f, "{segment} is not JSON: {detail}")
            }
            DecodeError::NotObject { segment, found } => {
                write!(f, "{segment} is not a JSON object: found {found}")
            }
            DecodeError::TooDeep { segment } => {
                write!(f, "{segment} is JSON nested too deeply (limit 128 levels)")
            }
            DecodeError::NotUtf8 { segment } => write!(f, "{segment} is not UTF-8 text"),
        }
    }
}

impl std::error::Error for DecodeError {}
