//! sessctl's integration tests: one binary, one module per command, shared helpers in `support`.
//! Each test runs the real `sessctl` binary with a scrubbed environment and asserts its status,
//! stdout and stderr together.

#![allow(clippy::unwrap_used, clippy::expect_used, unreachable_pub)]

mod support;

mod acl;
mod auto_detect;
mod cluster;
mod cluster_nodes;
mod cluster_tls;
mod command_line;
mod commands_sent;
mod completions;
mod django_prefixes;
mod fuzz_regressions;
mod hostile_records;
mod hostile_text;
mod jwt_decode;
mod jwt_oracle;
mod jwt_revoke;
mod jwt_verify;
mod pace;
mod presets;
mod read_replica;
mod readme;
mod refused_commands;
mod revoke_property;
mod revoke_truth;
mod revoke_user;
mod sandbox;
mod session_ids;
mod sessions_connection;
mod sessions_delete;
mod sessions_expire;
mod sessions_list;
mod sessions_show;
mod sessions_stats;
mod spring_index;
mod tls;
mod url_passwords;
