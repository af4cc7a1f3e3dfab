//! `--read-url` (issue 13 item 3): scans and reads go to a replica, writes to `--redis-url`, and
//! a replica that lags behind can never cause a wrong deletion: revoke-user's check-and-delete
//! runs on the primary, against what the primary holds.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use crate::support::redis::{TestRedis, commands_counted, reset_stats};
use crate::support::{run, run_json};

fn dbsize(c: &mut redis::Connection) -> u64 {
    redis::cmd("DBSIZE").query(c).unwrap()
}

/// Makes `replica` a replica of `primary` and waits until it holds what the primary holds.
fn replicate(primary: &TestRedis, replica: &TestRedis) {
    let mut r = replica.conn(0);
    redis::cmd("REPLICAOF")
        .arg("127.0.0.1")
        .arg(primary.port)
        .query::<()>(&mut r)
        .unwrap();
    wait_for_sync(primary, replica);
}

fn wait_for_sync(primary: &TestRedis, replica: &TestRedis) {
    let (mut p, mut r) = (primary.conn(0), replica.conn(0));
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let info: String = redis::cmd("INFO").arg("replication").query(&mut r).unwrap();
        if info.contains("master_link_status:up") && dbsize(&mut r) == dbsize(&mut p) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the replica did not sync: {info}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn reads_go_to_the_replica_and_writes_to_the_primary() {
    let primary = TestRedis::start();
    let replica = TestRedis::start();
    primary.load(0, &["connect-redis/records.jsonl"]);
    replicate(&primary, &replica);
    let (mut p, mut r) = (primary.conn(0), replica.conn(0));
    let (purl, rurl) = (primary.url(0), replica.url(0));

    let (code, direct, _) = run_json(
        &["sessions", "list", "-o", "json", "--redis-url", &purl],
        "",
    );
    assert_eq!(code, 0);
    reset_stats(&mut p);
    reset_stats(&mut r);
    let (code, via, err) = run_json(
        &[
            "sessions",
            "list",
            "-o",
            "json",
            "--redis-url",
            &purl,
            "--read-url",
            &rurl,
        ],
        "",
    );
    assert_eq!((code, err.as_str()), (0, ""));
    let keys = |v: &serde_json::Value| -> BTreeSet<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s["key"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(keys(&via), keys(&direct));
    // Nothing but the connection's introduction reached the primary.
    assert_eq!(
        commands_counted(&mut p),
        BTreeSet::from(["client|setname".to_owned(), "ping".to_owned()])
    );
    let on_replica = commands_counted(&mut r);
    for cmd in ["scan", "strlen", "mget", "pttl"] {
        assert!(
            on_replica.contains(cmd),
            "{cmd} on the replica: {on_replica:?}"
        );
    }

    // revoke-user: found on the replica, checked and deleted on the primary.
    reset_stats(&mut p);
    reset_stats(&mut r);
    let (code, out, err) = run_json(
        &[
            "revoke-user",
            "42",
            "--yes",
            "--until-clean",
            "--no-cutoff",
            "-o",
            "json",
            "--redis-url",
            &purl,
            "--read-url",
            &rurl,
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out["deleted"], 4, "{out}");
    // The confirming pass read the replica once it had caught up with the deletions.
    assert_eq!(out["clean"], true, "{out}");
    assert_eq!(out["passes"], 2, "{out}");
    let on_primary = commands_counted(&mut p);
    assert!(
        !on_primary.contains("scan") && !on_primary.contains("mget"),
        "{on_primary:?}"
    );
    assert!(
        on_primary.iter().any(|c| c.starts_with("eval")),
        "{on_primary:?}"
    );
    wait_for_sync(&primary, &replica);
    let (code, left, _) = run_json(
        &[
            "sessions",
            "list",
            "--user",
            "42",
            "-o",
            "json",
            "--redis-url",
            &rurl,
        ],
        "",
    );
    assert_eq!(code, 0);
    assert_eq!(left.as_array().unwrap().len(), 0);
}

#[test]
fn a_lagging_replica_never_causes_a_wrong_deletion() {
    // The "replica" holds what the primary held a moment ago: sess:a was user 42's, and the
    // primary has since given that id to user 7. sess:b is 42's on both.
    let primary = TestRedis::start();
    let stale = TestRedis::start();
    let set = |r: &TestRedis, k: &str, user: u32| {
        let v = format!(r#"{{"cookie":{{}},"passport":{{"user":{user}}}}}"#);
        redis::cmd("SET")
            .arg(k)
            .arg(v)
            .query::<()>(&mut r.conn(0))
            .unwrap();
    };
    set(&stale, "sess:a", 42);
    set(&stale, "sess:b", 42);
    set(&primary, "sess:a", 7);
    set(&primary, "sess:b", 42);
    let (code, out, _) = run_json(
        &[
            "revoke-user",
            "42",
            "--yes",
            "--no-cutoff",
            "--store",
            "connect-redis",
            "-o",
            "json",
            "--redis-url",
            &primary.url(0),
            "--read-url",
            &stale.url(0),
        ],
        "",
    );
    // sess:b goes; sess:a, user 7's now, stays, and the report says it was not removed.
    assert_eq!(out["deleted"], 1, "{out}");
    assert_eq!(out["clean"], false, "{out}");
    assert_eq!(out["not_removed"], serde_json::json!(["a"]), "{out}");
    assert_eq!(code, 1);
    let mut p = primary.conn(0);
    let a: Option<String> = redis::cmd("GET").arg("sess:a").query(&mut p).unwrap();
    assert!(a.unwrap().contains(r#""user":7"#));
    let b: Option<String> = redis::cmd("GET").arg("sess:b").query(&mut p).unwrap();
    assert_eq!(b, None);
}

#[test]
fn the_replica_must_hold_the_same_database() {
    let primary = TestRedis::start();
    let replica = TestRedis::start();
    let (code, _, err) = run(
        &[
            "sessions",
            "list",
            "--redis-url",
            &primary.url(0),
            "--read-url",
            &replica.url(3),
        ],
        "",
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("names database 3"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn a_confirming_pass_refuses_a_read_url_that_is_not_a_replica() {
    // --until-clean confirms on the replica once it has caught up with the primary; a server
    // that is no replica at all cannot confirm anything, and the run says so.
    let primary = TestRedis::start();
    let other = TestRedis::start();
    for r in [&primary, &other] {
        redis::cmd("SET")
            .arg("sess:b")
            .arg(r#"{"cookie":{},"passport":{"user":42}}"#)
            .query::<()>(&mut r.conn(0))
            .unwrap();
    }
    let (code, out, err) = run_json(
        &[
            "revoke-user",
            "42",
            "--yes",
            "--until-clean",
            "--no-cutoff",
            "--store",
            "connect-redis",
            "-o",
            "json",
            "--redis-url",
            &primary.url(0),
            "--read-url",
            &other.url(0),
        ],
        "",
    );
    assert_ne!(code, 0, "{out}");
    assert_eq!(out["deleted"], 1, "{out}");
    assert_eq!(out["clean"], false, "{out}");
    let why = out["error"].as_str().unwrap_or_default().to_owned() + &err;
    assert!(
        why.contains("is not a replica (INFO replication says role:master)"),
        "{why}"
    );
}
