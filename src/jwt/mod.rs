//! The JWT domain: pure functions over token text. No I/O, no environment, no clock (the time is a
//! parameter), no printing. Must not import `cli`, `context`, `commands`, `output` or `report`.

mod canonical;
mod claims;
mod compact;
mod error;
mod json;
pub mod keys;
mod reason;
mod verify;

pub use claims::{Finding, TimeClaim, TimeStatus, time_claims};
pub use compact::{Decoded, JweParts, Kind, Payload, decode, segment_count};
pub use error::{DecodeError, Segment};
pub use json::{JsonKey, JsonRef, JsonText, Members};
pub use keys::{Alg, Key, KeyError, KeySet, Secret};
pub use reason::{Failure, Reason};
pub use verify::{Options as VerifyOptions, verify};
