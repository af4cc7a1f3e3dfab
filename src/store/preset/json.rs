//! Any store of JSON strings: no default prefix (`--prefix` says where the sessions are), the
//! user under `user`. Auto-detection never recognises it by key name: it is the fallback that
//! [`crate::store::detect`] considers only when no framework store is found, for JSON shaped like
//! sessions.

use super::{Doc, Layout, Sample};
use crate::store::codec::Encoding;

/// Any store of JSON strings.
#[derive(Debug)]
pub struct Json;

impl Layout for Json {
    fn name(&self) -> &'static str {
        "json"
    }

    fn help(&self) -> &'static str {
        "Any store of JSON strings (with --prefix and --user-field)"
    }

    fn doc(&self) -> Doc {
        Doc {
            keys: "`--prefix` required",
            rtype: "string",
            encoding: "JSON",
            user: "`user` (an object there stands for its `id`)",
            companions: "none",
        }
    }

    fn samples(&self) -> &'static [Sample] {
        &[Sample {
            what: "plain JSON under `app:sess:`, the user at `user.id`",
            records: include_str!("../../../assets/sandbox/json.jsonl"),
        }]
    }

    fn default_prefix(&self) -> Option<&'static str> {
        None
    }

    fn default_user_fields(&self) -> &'static [&'static str] {
        &["user"]
    }

    fn encodings(&self) -> &'static [Encoding] {
        &[Encoding::Json]
    }
}
