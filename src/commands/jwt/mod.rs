//! `sessctl jwt …` commands.

pub(crate) mod decode;
pub(crate) mod revoke;
pub(crate) mod verify;
