//! `sessctl jwt …` commands.

pub(crate) mod decode;
