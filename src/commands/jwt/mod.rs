//! `sessctl jwt …` commands.

pub(crate) mod decode;
pub(crate) mod verify;
