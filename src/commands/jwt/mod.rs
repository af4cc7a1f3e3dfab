//! `sessctl jwt …` commands.

mod bulk;
pub(crate) mod decode;
pub(crate) mod revoke;
pub(crate) mod verify;
