//! `sessctl sessions delete` against a real redis-server: what is named goes, with its companion
//! keys; dry-run changes nothing; no terminal means no deletion without --yes; django cached_db
//! is refused.

use crate::revoke_user::{records, snapshot};
use crate::support::redis::TestRedis;
use crate::support::{run, run_json};

/// The session ids of `user` in a fixture, as the application's cookie carries them.
fn ids_of(file: &str, prefix: &str, user: &str) -> Vec<String> {
    records(file)
        .into_iter()
        .filter(|(_, role, u)| role == "session" && u.as_deref() == Some(user))
        .map(|(k, _, _)| String::from_utf8(k[prefix.len()..].to_vec()).unwrap())
        .collect()
}

#[test]
fn deletes_the_named_sessions_and_reports_the_missing_ones() {
    let r = TestRedis::start();
    r.load(0, &["connect-redis/records.jsonl"]);
    let mut c = r.conn(0);
    let ids = ids_of("connect-redis/records.jsonl", "sess:", "7");
    assert_eq!(ids.len(), 1);
    let before = snapshot(&mut c);
    let (code, v, err) = run_json(
        &[
            "--redis-url",
            &r.url(0),
            "-o",
            "json",
            "sessions",
            "delete",
            &ids[0],
            "no-such-id",
            "--yes",
        ],
        "",
    );
    assert_eq!(code, 1, "a missing id is a negative answer: {err}");
    assert_eq!(v["deleted"], serde_json::json!([ids[0]]));
    assert_eq!(v["not_found"], serde_json::json!(["no-such-id"]));
    assert_eq!(v["dry_run"], false);
    assert_eq!(v["sessions"][0]["user"], "7");
    let after = snapshot(&mut c);
    assert_eq!(before.len() - 1, after.len());
    assert!(!after.contains_key(format!("sess:{}", ids[0]).as_bytes()));
}

#[test]
fn dry_run_and_refusal_change_nothing() {
    let r = TestRedis::start();
    r.load(0, &["php/records.jsonl"]);
    let mut c = r.conn(0);
    let ids = ids_of("php/records.jsonl", "PHPREDIS_SESSION:", "42");
    let before = snapshot(&mut c);
    let url = r.url(0);
    let mut a = vec!["--redis-url", url.as_str(), "sessions", "delete"];
    a.extend(ids.iter().map(String::as_str));
    let mut dry = a.clone();
    dry.extend(["--dry-run", "-o", "json"]);
    let (code, v, err) = run_json(&dry, "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["dry_run"], true);
    assert_eq!(v["deleted"].as_array().unwrap().len(), 2);
    assert_eq!(before, snapshot(&mut c));
    let (code, out, err) = run(&a, "y\n");
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert!(
        err.starts_with("sessctl: error: refusing to delete 2 sessions (of user 42) from php"),
        "{err}"
    );
    assert!(err.contains("pass --yes"), "{err}");
    assert_eq!(before, snapshot(&mut c));
}

#[test]
fn php_lock_and_spring_companions_go_with_the_session() {
    let r = TestRedis::start();
    r.load(0, &["php/records.jsonl"]);
    r.load(1, &["spring-session/indexed/records.jsonl"]);
    // php: user 7's session is the one holding a _LOCK.
    let ids = ids_of("php/records.jsonl", "PHPREDIS_SESSION:", "7");
    let (code, _, err) = run(
        &[
            "--redis-url",
            &r.url(0),
            "sessions",
            "delete",
            &ids[0],
            "--yes",
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    let mut c = r.conn(0);
    let left: Vec<Vec<u8>> = redis::cmd("KEYS").arg("*LOCK*").query(&mut c).unwrap();
    assert!(left.is_empty(), "{left:?}");
    // spring indexed: hash, expires: key, index member, expirations member.
    let ids = ids_of(
        "spring-session/indexed/records.jsonl",
        "spring:session:sessions:",
        "420",
    );
    let (code, out, err) = run(
        &[
            "--redis-url",
            &r.url(1),
            "sessions",
            "delete",
            &ids[0],
            "--yes",
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("deleted 1 session (spring-session)"), "{out}");
    let mut c = r.conn(1);
    let keys: Vec<Vec<u8>> = redis::cmd("KEYS").arg("*").query(&mut c).unwrap();
    let keys: Vec<String> = keys
        .iter()
        .map(|k| String::from_utf8_lossy(k).into_owned())
        .collect();
    assert!(
        keys.iter()
            .all(|k| !k.contains(&ids[0]) && !k.ends_with(":420")),
        "{keys:?}"
    );
    for k in keys
        .iter()
        .filter(|k| k.starts_with("spring:session:expirations:"))
    {
        let members: Vec<Vec<u8>> = redis::cmd("SMEMBERS").arg(k).query(&mut c).unwrap();
        assert!(
            members
                .iter()
                .all(|m| !String::from_utf8_lossy(m).contains(&ids[0]))
        );
    }
}

#[test]
fn django_cached_db_is_refused() {
    let r = TestRedis::start();
    r.load(0, &["django/cached-db/records.jsonl"]);
    let mut c = r.conn(0);
    let before = snapshot(&mut c);
    let key = records("django/cached-db/records.jsonl")
        .into_iter()
        .find(|(_, role, u)| role == "session" && u.as_deref() == Some("7"))
        .unwrap()
        .0;
    let key = String::from_utf8(key).unwrap();
    let id = key.rsplit("cached_db").next().unwrap();
    let (code, out, err) = run(
        &["--redis-url", &r.url(0), "sessions", "delete", id, "--yes"],
        "",
    );
    assert_eq!(code, 2, "{err}");
    assert_eq!(out, "");
    assert!(err.contains("the database holds the session"), "{err}");
    assert_eq!(before, snapshot(&mut c));
}

#[test]
fn the_audit_log_is_created_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt as _;
    let r = TestRedis::start();
    r.load(0, &["php/records.jsonl"]);
    let ids = ids_of("php/records.jsonl", "PHPREDIS_SESSION:", "42");
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("audit.jsonl");
    let (code, _, err) = run(
        &[
            "--redis-url",
            &r.url(0),
            "sessions",
            "delete",
            &ids[0],
            "--yes",
            "--audit-log",
            log.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    // It holds session ids, which for PHP are the cookie values.
    assert!(std::fs::read_to_string(&log).unwrap().contains(&ids[0]));
    let mode = std::fs::metadata(&log).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "mode {mode:o}");
}
