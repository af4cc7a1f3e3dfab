//! The complete set of Redis commands each subcommand sends, read from the server's
//! `INFO commandstats` (commands called inside sessctl's scripts included), pinned, so that a new
//! command cannot sneak in unnoticed; and never one that managed services refuse or that stalls a
//! production server (`CONFIG`, `KEYS`, `DEBUG`, `SCRIPT FLUSH`, `MONITOR`, `FLUSH*`).

use std::collections::BTreeSet;

use crate::support::redis::{TestRedis, commands_counted, reset_stats};
use crate::support::{hs256, run};

#[test]
fn each_subcommand_sends_exactly_its_pinned_commands() {
    let token = hs256(r#"{"sub":"42","jti":"j-1","iat":1700000000,"exp":4102444800}"#);
    let connect = ["ping", "client|setname"];
    let cases: [(&[&str], &[&str]); 9] = [
        (&["sessions", "list"], &["scan", "strlen", "mget", "pttl"]),
        (
            &["sessions", "list", "--user", "42"],
            &["scan", "strlen", "mget", "pttl"],
        ),
        (&["sessions", "stats"], &["scan", "strlen", "mget", "pttl"]),
        (
            &["sessions", "show", "k7obPvQskwPcKQ_HOCfkZ1f3_gzhEBAu"],
            &["type", "strlen", "mget", "pttl"],
        ),
        (
            &[
                "sessions",
                "expire",
                "k7obPvQskwPcKQ_HOCfkZ1f3_gzhEBAu",
                "--in",
                "10m",
            ],
            &["type", "strlen", "mget", "pttl", "pexpire"],
        ),
        (
            &[
                "sessions",
                "delete",
                "k7obPvQskwPcKQ_HOCfkZ1f3_gzhEBAu",
                "--yes",
            ],
            &[
                "type",
                "strlen",
                "mget",
                "pttl",
                "script|load",
                "evalsha",
                "exists",
                "unlink",
            ],
        ),
        (
            &["revoke-user", "42", "--yes"],
            &[
                "scan",
                "type",
                "strlen",
                "mget",
                "pttl",
                "eval",
                "get",
                "set",
                "script|load",
                "evalsha",
                "unlink",
            ],
        ),
        (&["jwt", "revoke", token.as_str()], &["set"]),
        (
            &[
                "jwt",
                "verify",
                "--secret-file",
                "tests/fixtures/jwt/keys/hs256.secret",
                "--check-revoked",
                token.as_str(),
            ],
            &["mget"],
        ),
    ];
    let forbidden = [
        "config",
        "keys",
        "debug",
        "script|flush",
        "monitor",
        "flushall",
        "flushdb",
    ];
    for (args, pinned) in cases {
        let r = TestRedis::start();
        r.load(0, &["connect-redis/records.jsonl"]);
        let mut c = r.conn(0);
        reset_stats(&mut c);
        let url = r.url(0);
        let full = [
            &["--redis-url", url.as_str(), "--store", "connect-redis"][..],
            args,
        ]
        .concat();
        let (code, _, err) = run(&full, "");
        assert!(code <= 1, "{args:?}: {err}");
        let sent = commands_counted(&mut c);
        let expected: BTreeSet<String> = connect
            .iter()
            .chain(pinned)
            .map(|s| (*s).to_owned())
            .collect();
        assert_eq!(sent, expected, "{args:?}: the commands sent changed");
        for f in forbidden {
            assert!(
                !sent
                    .iter()
                    .any(|s| s == f || s.starts_with(&format!("{f}|"))),
                "{args:?} sent {f}"
            );
        }
    }
}

/// The same for the spring-session paths (the principal index, hashes, companion keys).
#[test]
fn spring_session_commands_are_pinned_too() {
    let connect = ["ping", "client|setname"];
    let cases: [(&[&str], &[&str]); 2] = [
        (&["sessions", "list"], &["scan", "hlen", "hgetall", "pttl"]),
        (
            &["revoke-user", "42", "--yes"],
            &[
                "exists",
                "scard",
                "sscan",
                "type",
                "hlen",
                "hgetall",
                "pttl",
                "eval",
                "get",
                "set",
                "script|load",
                "evalsha",
                "hget",
                "srem",
                "zrem",
                "unlink",
            ],
        ),
    ];
    for (args, pinned) in cases {
        let r = TestRedis::start();
        r.load(0, &["spring-session/indexed/records.jsonl"]);
        let mut c = r.conn(0);
        reset_stats(&mut c);
        let url = r.url(0);
        let full = [
            &["--redis-url", url.as_str(), "--store", "spring-session"][..],
            args,
        ]
        .concat();
        let (code, _, err) = run(&full, "");
        assert!(code <= 1, "{args:?}: {err}");
        let expected: BTreeSet<String> = connect
            .iter()
            .chain(pinned)
            .map(|s| (*s).to_owned())
            .collect();
        assert_eq!(
            commands_counted(&mut c),
            expected,
            "{args:?}: the commands sent changed"
        );
    }
}
