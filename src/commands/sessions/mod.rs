//! `sessctl sessions …`: open the store ([`super::connect::open`]), then list, show, count, expire
//! or delete.

pub(super) mod delete;
pub(super) mod expire;
pub(super) mod list;
pub(super) mod show;
pub(super) mod stats;
