//! `sessctl sessions stats`.

use crate::support::redis::TestRedis;
use crate::support::{run, run_json};

#[test]
fn connect_redis_counts() {
    let r = TestRedis::start();
    r.load(0, &["connect-redis/records.jsonl"]);
    let (code, v, err) = run_json(
        &[
            "sessions",
            "stats",
            "-o",
            "json",
            "--top",
            "2",
            "--redis-url",
            &r.url(0),
        ],
        "",
    );
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(v["store"], "connect-redis");
    assert_eq!(v["sessions"], 12);
    assert_eq!(v["logged_in"], 8);
    assert_eq!(v["anonymous"], 3);
    assert_eq!(v["undecodable"], 1);
    assert_eq!(v["distinct_users"], 5);
    assert_eq!(v["never_expire"], 1);
    assert_eq!(
        v["top_users"],
        serde_json::json!([{"user": "42", "sessions": 4}, {"user": "420", "sessions": 1}])
    );
    let ttl: u64 = v["ttl_histogram"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["count"].as_u64().unwrap())
        .sum();
    assert_eq!(ttl, 12);
    let never = v["ttl_histogram"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["bucket"] == "never")
        .unwrap();
    assert_eq!(never["count"], 1);
    let big = v["size_histogram"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["bucket"] == ">= 1 MiB")
        .unwrap();
    assert_eq!(big["count"], 1);
}

#[test]
fn every_preset_counts_its_users() {
    for (file, _) in crate::sessions_list::SETS {
        let r = TestRedis::start();
        r.load(0, &[file]);
        let (code, v, err) = run_json(
            &["sessions", "stats", "-o", "json", "--redis-url", &r.url(0)],
            "",
        );
        assert_eq!(code, 0, "{file}: {err}");
        let expected = crate::sessions_list::expected(file);
        assert_eq!(v["sessions"], expected.len(), "{file}");
        let logged_in = expected.iter().filter(|(_, u, _)| u.is_some()).count();
        assert_eq!(v["logged_in"], logged_in, "{file}");
        let undecodable = expected
            .iter()
            .filter(|(k, _, _)| k.contains("undecodable"))
            .count();
        assert_eq!(v["undecodable"], undecodable, "{file}");
        let never = expected.iter().filter(|(_, _, never)| *never).count();
        assert_eq!(v["never_expire"], never, "{file}");
        assert_eq!(
            v["top_users"][0],
            serde_json::json!({"user": "42", "sessions": expected.iter().filter(|(_, u, _)| u.as_deref() == Some("42")).count()}),
            "{file}"
        );
    }
}

#[test]
fn cached_db_is_noted_and_the_human_form_reads() {
    let r = TestRedis::start();
    r.load(0, &["django/cached-db/records.jsonl"]);
    let (code, out, err) = run(&["sessions", "stats", "--redis-url", &r.url(0)], "");
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(out.contains(" distinct users  4\n"), "{out}");
    assert!(out.contains(" never expire    1 (!)\n"), "{out}");
    assert!(
        out.contains("note: django cached_db: the database holds the session"),
        "{out}"
    );
}
