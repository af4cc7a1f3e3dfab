//! JSON values (connect-redis, Flask-Session's json format, the generic `json` store).
//! serde_json's own recursion limit (128) bounds the depth.

use serde_json::Value;

/// Parses UTF-8 JSON.
///
/// # Errors
/// serde_json's message (line and column).
pub fn decode(bytes: &[u8]) -> Result<Value, String> {
    serde_json::from_slice(bytes).map_err(|e| e.to_string())
}
