//! `--store auto` in a real keyspace (issue 12 item 1): beside the sessions, a production Redis
//! holds job queues (BullMQ, Sidekiq, Celery, RQ), JSON cache entries, rate-limit counters,
//! locks and feature flags. A framework's store is picked whatever else is there; a generic JSON
//! store only when no framework store is found and its values are shaped like sessions.

use crate::sessions_list::{SETS, expected, listed};
use crate::support::redis::TestRedis;
use crate::support::{run, run_json};

/// What [`noise`] writes: 40 keys, none of them a session.
const NOISE_KEYS: u64 = 40;

/// Fills database `db` with the shapes a production Redis holds beside its sessions, as the
/// libraries write them: 12 JSON strings (Celery results, cache entries, an audit record), 10
/// other strings (counters, locks, flags), 6 hashes, 5 lists, 3 sets, 3 sorted sets, 1 stream.
fn noise(r: &TestRedis, db: u8) {
    let mut c = r.conn(db);
    let mut p = redis::pipe();
    // BullMQ: one hash per job, the wait list, the id counter, meta, completed set, events.
    for id in 1..=3 {
        p.cmd("HSET")
            .arg(format!("bull:email:{id}"))
            .arg("name")
            .arg("welcome")
            .arg("data")
            .arg(format!(
                r#"{{"to":"user{id}@example.com","template":"welcome"}}"#
            ))
            .arg("opts")
            .arg(r#"{"attempts":3,"backoff":{"type":"exponential","delay":1000}}"#)
            .arg("timestamp")
            .arg("1795433600000")
            .arg("delay")
            .arg("0")
            .arg("priority")
            .arg("0");
    }
    p.cmd("RPUSH").arg("bull:email:wait").arg("2").arg("3");
    p.cmd("SET").arg("bull:email:id").arg("3");
    p.cmd("HSET")
        .arg("bull:email:meta")
        .arg("opts.maxLenEvents")
        .arg("10000")
        .arg("version")
        .arg("bullmq:5.12.0");
    p.cmd("ZADD")
        .arg("bull:email:completed")
        .arg(1_795_433_601_000_i64)
        .arg("1");
    p.cmd("XADD")
        .arg("bull:email:events")
        .arg("*")
        .arg("event")
        .arg("completed")
        .arg("jobId")
        .arg("1")
        .arg("returnvalue")
        .arg("null");
    // Sidekiq: queues as lists of JSON job payloads, counters, the retry and schedule sets.
    let job = |queue: &str, jid: &str| {
        format!(
            r#"{{"retry":true,"queue":"{queue}","class":"HardWorker","args":[1,"bob"],"jid":"{jid}","created_at":1795433600.1,"enqueued_at":1795433600.2}}"#
        )
    };
    p.cmd("LPUSH")
        .arg("queue:default")
        .arg(job("default", "b4a577edbccf1d805744efa9"))
        .arg(job("default", "c3b0a6e2d1f4a5b6c7d8e9f0"));
    p.cmd("LPUSH")
        .arg("queue:mailers")
        .arg(job("mailers", "0a1b2c3d4e5f6a7b8c9d0e1f"));
    p.cmd("SADD").arg("queues").arg("default").arg("mailers");
    p.cmd("INCRBY").arg("stat:processed").arg(1042);
    p.cmd("INCRBY").arg("stat:failed").arg(3);
    p.cmd("ZADD")
        .arg("retry")
        .arg(1_795_437_200.5)
        .arg(job("default", "d1e2f3a4b5c6d7e8f9a0b1c2"));
    p.cmd("ZADD")
        .arg("schedule")
        .arg(1_795_440_800.0)
        .arg(job("mailers", "e1f2a3b4c5d6e7f8a9b0c1d2"));
    // Celery: results as JSON strings, the kombu binding set, the queue list.
    for (i, task) in [
        "4f0c2b1e-8a5d-4c3e-9f7a-1b2c3d4e5f60",
        "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b",
        "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
    ]
    .iter()
    .enumerate()
    {
        p.cmd("SET")
            .arg(format!("celery-task-meta-{task}"))
            .arg(format!(
                r#"{{"status": "SUCCESS", "result": {i}, "traceback": null, "children": [], "date_done": "2026-11-24T08:00:0{i}.000000", "task_id": "{task}"}}"#
            ));
    }
    p.cmd("SADD")
        .arg("_kombu.binding.celery")
        .arg("celery\x06\x16\x06\x16celery");
    p.cmd("LPUSH").arg("celery").arg(
        r#"{"body": "W1syLCAyXSwge30sIHt9XQ==", "content-encoding": "utf-8", "content-type": "application/json", "headers": {"lang": "py", "task": "tasks.add"}, "properties": {"delivery_tag": "1"}}"#,
    );
    // RQ: jobs as hashes, the queue list and the set of queues.
    for id in [
        "a3f1c2d4-0000-4e5f-8a9b-000000000001",
        "a3f1c2d4-0000-4e5f-8a9b-000000000002",
    ] {
        p.cmd("HSET")
            .arg(format!("rq:job:{id}"))
            .arg("status")
            .arg("queued")
            .arg("origin")
            .arg("default")
            .arg("description")
            .arg("tasks.count_words('https://example.com')")
            .arg("created_at")
            .arg("2026-11-24T08:00:00.000000Z");
    }
    p.cmd("RPUSH")
        .arg("rq:queue:default")
        .arg("a3f1c2d4-0000-4e5f-8a9b-000000000001");
    p.cmd("SADD").arg("rq:queues").arg("rq:queue:default");
    // Rate-limit counters, locks, feature flags.
    for ip in ["203.0.113.7", "198.51.100.23"] {
        p.cmd("INCR").arg(format!("rl:{ip}"));
        p.cmd("EXPIRE").arg(format!("rl:{ip}")).arg(60);
    }
    for name in ["invoice-run", "nightly-report"] {
        p.cmd("SET")
            .arg(format!("lock:{name}"))
            .arg("7f3c9a2e-5b1d-4e8f-a6c4-2d9b0e1f3a5c")
            .arg("NX")
            .arg("PX")
            .arg(30_000);
    }
    p.cmd("SET").arg("flag:new-checkout").arg("1");
    p.cmd("SET").arg("flag:beta-search").arg("true");
    p.cmd("SET").arg("flag:dark-mode").arg("0");
    // JSON cache entries and an audit record: JSON, but not sessions.
    for (id, name) in [(1, "alice"), (2, "bob"), (3, "carol")] {
        p.cmd("SET").arg(format!("cache:user:{id}")).arg(format!(
            r#"{{"id":{id},"name":"{name}","email":"{name}@example.com","roles":["viewer"]}}"#
        ));
        p.cmd("SET").arg(format!("cache:product:{id}")).arg(format!(
            r#"{{"sku":"A-{id}","price":{id}9.90,"stock":{id}2}}"#
        ));
    }
    p.cmd("SET")
        .arg("cache:top-products")
        .arg(r#"[{"sku":"A-1","sold":120},{"sku":"A-2","sold":87}]"#);
    p.cmd("SET")
        .arg("cache:config:site")
        .arg(r#"{"theme":"dark","maintenance":false}"#);
    p.cmd("SET")
        .arg("audit:last-login")
        .arg(r#"{"user_id":42,"ip":"203.0.113.7","at":"2026-11-24T08:00:00Z"}"#);
    let () = p.query(&mut c).expect("writing the noise");
    let size: u64 = redis::cmd("DBSIZE").query(&mut c).unwrap();
    assert_eq!(size, NOISE_KEYS, "the noise alone");
}

#[test]
fn each_preset_is_picked_among_queues_caches_and_counters() {
    let r = TestRedis::start();
    assert!(SETS.len() <= 16, "one database per record set");
    for (db, (file, _)) in SETS.iter().enumerate() {
        let db = u8::try_from(db).unwrap();
        noise(&r, db);
        r.load(db, &[file]);
        let (code, v, err) = run_json(
            &["sessions", "list", "-o", "json", "--redis-url", &r.url(db)],
            "",
        );
        assert_eq!((code, err.as_str()), (0, ""), "{file}");
        assert_eq!(listed(&v), expected(file), "{file}");
    }
}

#[test]
fn one_json_cache_key_beside_an_express_store_is_not_a_second_store() {
    // The issue's report: connect-redis sessions and one JSON audit record made auto refuse with
    // "several session stores found … json (1 keys under `audit:`)".
    let r = TestRedis::start();
    r.load(0, &["connect-redis/records.jsonl"]);
    let mut c = r.conn(0);
    let () = redis::cmd("SET")
        .arg("audit:last-login")
        .arg(r#"{"user":42,"ip":"203.0.113.7","at":"2026-11-24T08:00:00Z"}"#)
        .query(&mut c)
        .unwrap();
    let (code, v, err) = run_json(
        &["sessions", "list", "-o", "json", "--redis-url", &r.url(0)],
        "",
    );
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(listed(&v), expected("connect-redis/records.jsonl"));
}

#[test]
fn two_framework_stores_among_the_noise_are_refused_listing_both() {
    let r = TestRedis::start();
    noise(&r, 0);
    r.load(
        0,
        &["php/records.jsonl", "spring-session/indexed/records.jsonl"],
    );
    let url = r.url(0);
    let (code, out, err) = run(&["sessions", "list", "--redis-url", &url], "");
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(
        err.starts_with(&format!(
            "sessctl: error: --store auto: several session stores found at {url}: php (8 keys under `PHPREDIS_SESSION:`, e.g. `PHPREDIS_SESSION:"
        )),
        "{err}"
    );
    assert!(
        err.contains("; spring-session (9 keys under `spring:session:sessions:`, e.g. `spring:session:sessions:"),
        "{err}"
    );
    // The noise is not a store: neither JSON cache entries nor job queues are listed.
    assert!(!err.contains("json"), "{err}");
    assert!(!err.contains("cache:"), "{err}");
    assert!(err.contains("choose one with --store"), "{err}");
}

#[test]
fn a_database_without_sessions_says_none_found_and_what_was_sampled() {
    let r = TestRedis::start();
    noise(&r, 0);
    let url = r.url(0);
    for command in [&["sessions", "list"][..], &["revoke-user", "42", "--yes"]] {
        let mut args = command.to_vec();
        args.extend(["--redis-url", &url]);
        let (code, out, err) = run(&args, "");
        assert_eq!((code, out.as_str()), (2, ""), "{args:?}");
        assert_eq!(
            err,
            format!(
                "sessctl: error: --store auto: no session store recognised among the {NOISE_KEYS} keys sampled at {url}: 12 JSON strings, none shaped like a session (e.g. `cache:user:1`); 10 other strings, 6 hashes, 5 lists, 3 sets, 3 sorted sets, 1 stream; choose one with --store {}\n",
                // Every preset of the table: connect-redis|spring-session|…|json (json needs --prefix).
                sessctl::store::preset::choices()
            ),
            "{args:?}"
        );
    }
    let size: u64 = redis::cmd("DBSIZE").query(&mut r.conn(0)).unwrap();
    assert_eq!(size, NOISE_KEYS, "nothing was deleted");
}

/// Writes JSON sessions as an express app with a custom store would: `{"user":…,"cookie":{…}}`,
/// one of them anonymous (no user yet, only the cookie).
fn json_sessions(r: &TestRedis, prefix: &str) {
    let mut c = r.conn(0);
    let cookie = r#"{"originalMaxAge":86400000,"expires":"2026-11-25T08:00:00.000Z","httpOnly":true,"path":"/"}"#;
    let mut p = redis::pipe();
    for (id, user) in [("s1", Some("42")), ("s2", Some("7")), ("s3", None)] {
        let value = match user {
            Some(u) => format!(r#"{{"user":"{u}","cookie":{cookie}}}"#),
            None => format!(r#"{{"cookie":{cookie},"views":3}}"#),
        };
        p.cmd("SET")
            .arg(format!("{prefix}{id}"))
            .arg(value)
            .arg("EX")
            .arg(86_400);
    }
    let () = p.query(&mut c).unwrap();
}

#[test]
fn a_json_session_store_under_an_unknown_prefix_is_found_among_the_noise() {
    let r = TestRedis::start();
    noise(&r, 0);
    json_sessions(&r, "app:sess:");
    let (code, v, err) = run_json(
        &["sessions", "list", "-o", "json", "--redis-url", &r.url(0)],
        "",
    );
    assert_eq!((code, err.as_str()), (0, ""));
    let mut got: Vec<_> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["key"].as_str().unwrap(), s["user"].as_str()))
        .collect();
    got.sort_unstable();
    assert_eq!(
        got,
        [
            ("app:sess:s1", Some("42")),
            ("app:sess:s2", Some("7")),
            ("app:sess:s3", None)
        ]
    );
}

#[test]
fn json_sessions_are_told_by_the_user_field_in_force() {
    // Sessions that keep the user under `account.id` and have no cookie: JSON like any cache
    // entry, until --user-field names where the user sits.
    let r = TestRedis::start();
    noise(&r, 0);
    let mut c = r.conn(0);
    for (id, user) in [("a", 42), ("b", 7)] {
        let () = redis::cmd("SET")
            .arg(format!("web:s:{id}"))
            .arg(format!(r#"{{"account":{{"id":"{user}"}},"cart":[]}}"#))
            .query(&mut c)
            .unwrap();
    }
    let url = r.url(0);
    let (code, _, err) = run(&["sessions", "list", "--redis-url", &url], "");
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("no session store recognised among the 42 keys sampled at"),
        "{err}"
    );
    assert!(
        err.contains(": 14 JSON strings, none shaped like a session"),
        "{err}"
    );
    let (code, v, err) = run_json(
        &[
            "sessions",
            "list",
            "-o",
            "json",
            "--user-field",
            "account.id",
            "--redis-url",
            &url,
        ],
        "",
    );
    assert_eq!((code, err.as_str()), (0, ""));
    let mut users: Vec<_> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["user"].as_str().unwrap().to_owned())
        .collect();
    users.sort_unstable();
    assert_eq!(users, ["42", "7"]);
}
