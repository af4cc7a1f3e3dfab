//! Flask-Session's Redis backend: `session:<sid>` strings, msgpack (0.7+), JSON or pickle (0.6
//! and older), the user where Flask-Login puts it.

use super::{Doc, Layout, Sample};
use crate::store::codec::Encoding;

/// Flask-Session's Redis backend.
#[derive(Debug)]
pub struct FlaskSession;

impl Layout for FlaskSession {
    fn name(&self) -> &'static str {
        "flask-session"
    }

    fn help(&self) -> &'static str {
        "Flask-Session (`session:<id>`, msgpack)"
    }

    fn doc(&self) -> Doc {
        Doc {
            keys: "`session:<sid>`",
            rtype: "string",
            encoding: "msgpack (0.7+ default), JSON, pickle (0.6 and older)",
            user: "`_user_id` (Flask-Login, a string)",
            companions: "none",
        }
    }

    fn samples(&self) -> &'static [Sample] {
        &[Sample {
            what: "Flask-Session 0.8, Flask-Login",
            records: include_str!("../../../assets/sandbox/flask-session.jsonl"),
        }]
    }

    fn default_prefix(&self) -> Option<&'static str> {
        Some("session:")
    }

    fn default_user_fields(&self) -> &'static [&'static str] {
        &["_user_id"]
    }

    fn encodings(&self) -> &'static [Encoding] {
        &[Encoding::Msgpack, Encoding::Json, Encoding::Pickle]
    }

    fn owns_key_name(&self, key: &[u8]) -> bool {
        key.starts_with(b"session:")
    }
}
