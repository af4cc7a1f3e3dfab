//! `sessctl sessions list` against a real redis-server loaded with the records each real library
//! wrote (tests/fixtures/sessions).

use serde_json::Value;

use crate::support::redis::TestRedis;
use crate::support::{fixture, run, run_json, sessctl};

/// (fixture file, preset) for every record set.
pub(crate) const SETS: &[(&str, &str)] = &[
    ("connect-redis/records.jsonl", "connect-redis"),
    ("connect-redis/fastify/records.jsonl", "connect-redis"),
    ("django/records.jsonl", "django"),
    ("django/django-redis/records.jsonl", "django"),
    ("django/django-redis-zlib/records.jsonl", "django"),
    ("django/cached-db/records.jsonl", "django"),
    ("flask-session/records.jsonl", "flask-session"),
    ("flask-session/json/records.jsonl", "flask-session"),
    (
        "flask-session/flask-session-0.6/records.jsonl",
        "flask-session",
    ),
    ("php/records.jsonl", "php"),
    ("php/php_serialize/records.jsonl", "php"),
    ("spring-session/records.jsonl", "spring-session"),
    ("spring-session/indexed/records.jsonl", "spring-session"),
    (
        "spring-session/indexed-sortedset/records.jsonl",
        "spring-session",
    ),
    ("json/records.jsonl", "json"),
    ("koa-redis/records.jsonl", "koa-redis"),
];

/// The fixture's session records: (escaped key, user, ttl was -1).
pub(crate) fn expected(file: &str) -> Vec<(String, Option<String>, bool)> {
    let text = std::fs::read_to_string(fixture(&format!("sessions/{file}"))).unwrap();
    let mut out: Vec<_> = text
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|r| r["role"] == "session")
        .map(|r| {
            let key = match r["key"].as_str() {
                Some(k) => k.to_owned(),
                None => {
                    use base64::Engine as _;
                    let b = base64::engine::general_purpose::STANDARD
                        .decode(r["key_b64"].as_str().unwrap())
                        .unwrap();
                    sessctl::store::escape_key(&b)
                }
            };
            (key, r["user"].as_str().map(str::to_owned), r["ttl"] == -1)
        })
        .collect();
    out.sort();
    out
}

pub(crate) fn listed(v: &Value) -> Vec<(String, Option<String>, bool)> {
    let mut out: Vec<_> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["key"].as_str().unwrap().to_owned(),
                s["user"].as_str().map(str::to_owned),
                s["ttl"].is_null(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_preset_lists_the_real_records_with_the_right_user() {
    for (file, store) in SETS {
        let r = TestRedis::start();
        r.load(0, &[file]);
        let url = r.url(0);
        for explicit in [true, false] {
            let mut args = vec!["sessions", "list", "-o", "json", "--redis-url", &url];
            if explicit {
                args.extend(["--store", store]);
                if *store == "json" {
                    args.extend(["--prefix", "app:sess:"]);
                }
            }
            let (code, v, err) = run_json(&args, "");
            assert_eq!(code, 0, "{file} (explicit store: {explicit}): {err}");
            assert_eq!(err, "", "{file}");
            assert_eq!(
                listed(&v),
                expected(file),
                "{file} (explicit store: {explicit})"
            );
            for s in v.as_array().unwrap() {
                let key = s["key"].as_str().unwrap();
                let id = s["id"].as_str().unwrap();
                assert!(
                    key.ends_with(id) && key.len() > id.len(),
                    "{file}: id {id} of {key}"
                );
                assert!(s["size"].as_u64().unwrap() > 0, "{file}: {key}");
                // Exactly the synthetic undecodable record carries an error.
                assert_eq!(
                    s["error"].is_string(),
                    key.contains("undecodable"),
                    "{file}: {key}: {}",
                    s["error"]
                );
                if s["error"].is_string() {
                    assert!(s["user"].is_null());
                }
                if *store == "spring-session" && !key.contains("undecodable") {
                    assert!(s["created"].as_str().unwrap().ends_with('Z'), "{file}: {s}");
                    assert!(s["last_access"].is_string(), "{file}: {s}");
                }
            }
        }
    }
}

#[test]
fn non_utf8_keys_are_listed_escaped() {
    let r = TestRedis::start();
    r.load(
        0,
        &[
            "connect-redis/fastify/records.jsonl",
            "connect-redis/records.jsonl",
        ],
    );
    let (code, v, _) = run_json(
        &["sessions", "list", "-o", "json", "--redis-url", &r.url(0)],
        "",
    );
    assert_eq!(code, 0);
    let odd: Vec<&Value> = v
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["id"] == "\\xff\\xfe")
        .collect();
    assert_eq!(odd.len(), 1, "{v}");
    assert_eq!(odd[0]["key"], "sess:\\xff\\xfe");
    assert!(odd[0]["user"].is_null());
}

#[test]
fn user_ids_match_exactly_never_as_substrings() {
    let r = TestRedis::start();
    r.load(0, &["connect-redis/records.jsonl"]);
    let url = r.url(0);
    let users = |u: &str| {
        let (code, v, err) = run_json(
            &[
                "sessions",
                "list",
                "--user",
                u,
                "-o",
                "json",
                "--redis-url",
                &url,
            ],
            "",
        );
        assert_eq!(code, 0, "{err}");
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s["user"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    // 42 as a number (2), a string and an object {id: 42}: all four, and never 420.
    assert_eq!(users("42"), ["42"; 4]);
    assert_eq!(users("420"), ["420"]);
    assert!(users("4").is_empty());
    assert!(users("2").is_empty());
    assert_eq!(users("9001"), ["9001"]);
}

#[test]
fn connect_redis_number_string_and_object_users() {
    let r = TestRedis::start();
    let mut c = r.conn(0);
    for (key, value) in [
        ("sess:num", r#"{"cookie":{},"passport":{"user":42}}"#),
        ("sess:str", r#"{"cookie":{},"passport":{"user":"42"}}"#),
        (
            "sess:obj",
            r#"{"cookie":{},"passport":{"user":{"id":42,"name":"alice"}}}"#,
        ),
        ("sess:fastify", r#"{"cookie":{},"passport":42}"#),
        (
            "sess:other",
            r#"{"cookie":{},"passport":{"user":{"id":420}}}"#,
        ),
        ("sess:anon", r#"{"cookie":{},"views":3}"#),
    ] {
        redis::cmd("SET")
            .arg(key)
            .arg(value)
            .arg("EX")
            .arg(600)
            .query::<()>(&mut c)
            .unwrap();
    }
    let (code, v, err) = run_json(
        &[
            "sessions",
            "list",
            "--user",
            "42",
            "--sort",
            "id",
            "-o",
            "json",
            "--redis-url",
            &r.url(0),
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["fastify", "num", "obj", "str"]);
    let (_, v, _) = run_json(
        &[
            "sessions",
            "list",
            "--sort",
            "user",
            "-o",
            "json",
            "--redis-url",
            &r.url(0),
        ],
        "",
    );
    let users: Vec<Value> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["user"].clone())
        .collect();
    assert_eq!(
        users,
        [
            Value::from("42"),
            "42".into(),
            "42".into(),
            "42".into(),
            "420".into(),
            Value::Null
        ]
    );
}

#[test]
fn two_stores_in_one_database_stop_auto_detection_with_what_was_found() {
    let r = TestRedis::start();
    r.load(
        0,
        &["php/records.jsonl", "spring-session/indexed/records.jsonl"],
    );
    let (code, out, err) = run(&["sessions", "list", "--redis-url", &r.url(0)], "");
    assert_eq!(code, 2, "{err}");
    assert_eq!(out, "");
    assert!(
        err.starts_with(
            "sessctl: error: --store auto: several session stores found at redis://127.0.0.1:"
        ),
        "{err}"
    );
    assert!(
        err.contains("php (8 keys under `PHPREDIS_SESSION:`"),
        "{err}"
    );
    assert!(
        err.contains("spring-session (9 keys under `spring:session:sessions:`"),
        "{err}"
    );
    assert!(err.contains("choose one with --store"), "{err}");
    // Choosing resolves it.
    let (code, v, _) = run_json(
        &[
            "sessions",
            "list",
            "--store",
            "php",
            "-o",
            "json",
            "--redis-url",
            &r.url(0),
        ],
        "",
    );
    assert_eq!(code, 0);
    assert_eq!(v.as_array().unwrap().len(), 9);
}

#[test]
fn an_empty_database_is_explained() {
    let r = TestRedis::start();
    let (code, out, err) = run(&["sessions", "list", "--redis-url", &r.url(0)], "");
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert!(
        err.contains("no session store recognised among the 0 keys sampled"),
        "{err}"
    );
    // With an explicit store, an empty listing is fine.
    let (code, v, err) = run_json(
        &[
            "sessions",
            "list",
            "--store",
            "django",
            "-o",
            "json",
            "--redis-url",
            &r.url(0),
        ],
        "",
    );
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(v, serde_json::json!([]));
}

#[test]
fn spring_companion_keys_are_not_sessions() {
    let r = TestRedis::start();
    let n = r.load(0, &["spring-session/indexed/records.jsonl"]);
    assert_eq!(n, 22);
    let (code, out, err) = run(
        &[
            "sessions",
            "list",
            "--store",
            "spring-session",
            "--redis-url",
            &r.url(0),
        ],
        "",
    );
    assert_eq!(code, 0);
    assert!(!out.contains("expires:"), "{out}");
    assert!(out.contains("9 sessions (store spring-session, 9 keys scanned, 1 could not be decoded, 1 never expire)"), "{out}");
    assert!(
        err.starts_with(
            "warning: spring:session:sessions:00000000-dead-beef-0000-undecodable0: field "
        ),
        "{err}"
    );
}

#[test]
fn table_output() {
    let r = TestRedis::start();
    let mut c = r.conn(0);
    redis::cmd("SET")
        .arg("sess:aaa")
        .arg(r#"{"passport":{"user":42}}"#)
        .arg("EX")
        .arg(7200)
        .query::<()>(&mut c)
        .unwrap();
    redis::cmd("SET")
        .arg("sess:bbb")
        .arg(r#"{"views":1}"#)
        .query::<()>(&mut c)
        .unwrap();
    redis::cmd("SET")
        .arg("sess:ccc")
        .arg("\u{1b}[31mnot json")
        .arg("EX")
        .arg(60)
        .query::<()>(&mut c)
        .unwrap();
    sessctl(&["sessions", "list", "--sort", "id", "--redis-url", &r.url(0)])
        .assert()
        .code(0)
        .stdout_eq(snapbox::str![[r#"
 ID   USER           TTL        CREATED  LAST ACCESS  SIZE
 aaa  42             [..]-        -            24 B
 bbb  -              never (!)  -        -            11 B
 ccc  (undecodable)  [..]-        -            13 B
3 sessions (store connect-redis, 3 keys scanned, 1 could not be decoded, 1 never expire)

"#]])
        .stderr_eq(snapbox::str![[r#"
warning: sess:ccc: not valid json: expected value at line 1 column 1

"#]]);
}

#[test]
fn limit_sort_and_ndjson() {
    let r = TestRedis::start();
    r.load(0, &["connect-redis/records.jsonl"]);
    let url = r.url(0);
    let (code, v, _) = run_json(
        &[
            "sessions",
            "list",
            "--sort",
            "size",
            "--limit",
            "2",
            "-o",
            "json",
            "--redis-url",
            &url,
        ],
        "",
    );
    assert_eq!(code, 0);
    let a = v.as_array().unwrap();
    assert_eq!(a.len(), 2);
    assert_eq!(a[0]["user"], "9001", "the huge session is the largest");
    assert!(a[0]["size"].as_u64().unwrap() > 1_000_000);
    let (code, v, _) = run_json(
        &[
            "sessions",
            "list",
            "--sort",
            "ttl",
            "-o",
            "json",
            "--redis-url",
            &url,
        ],
        "",
    );
    assert_eq!(code, 0);
    let a = v.as_array().unwrap();
    assert_eq!(a.last().unwrap()["user"], "99", "never-expiring last");
    assert!(a.last().unwrap()["ttl"].is_null());
    let (code, out, err) = run(
        &[
            "sessions",
            "list",
            "--limit",
            "3",
            // Many small batches: the scan stops early with batches still in flight.
            "--scan-count",
            "1",
            "-o",
            "ndjson",
            "--redis-url",
            &url,
        ],
        "",
    );
    assert_eq!((code, err.as_str()), (0, ""));
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    for l in lines {
        for f in [
            "id",
            "key",
            "user",
            "ttl",
            "size",
            "created",
            "last_access",
            "type",
            "error",
            "note",
        ] {
            assert!(l.get(f).is_some(), "field {f} in {l}");
        }
    }
}

#[test]
fn prefix_and_user_field_override_the_preset() {
    let r = TestRedis::start();
    r.load(0, &["json/records.jsonl"]);
    let mut c = r.conn(0);
    redis::cmd("SET")
        .arg("other:1")
        .arg(r#"{"account":{"uid":"u-42"}}"#)
        .query::<()>(&mut c)
        .unwrap();
    let url = r.url(0);
    let (code, v, err) = run_json(
        &[
            "sessions",
            "list",
            "--store",
            "json",
            "--prefix",
            "app:sess:",
            "--user",
            "42",
            "-o",
            "json",
            "--redis-url",
            &url,
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(v.as_array().unwrap().len(), 2);
    let (code, v, err) = run_json(
        &[
            "sessions",
            "list",
            "--store",
            "json",
            "--prefix",
            "other:",
            "--user-field",
            "account.uid",
            "-o",
            "json",
            "--redis-url",
            &url,
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(v[0]["user"], "u-42");
    assert_eq!(v[0]["id"], "1");
    let (code, _, err) = run(
        &["sessions", "list", "--store", "json", "--redis-url", &url],
        "",
    );
    assert_eq!(code, 2);
    assert!(err.contains("the json store needs --prefix"), "{err}");
}

#[test]
fn values_over_the_limit_are_listed_not_fetched() {
    let r = TestRedis::start();
    let mut c = r.conn(0);
    let big = format!(
        r#"{{"passport":{{"user":5}},"blob":"{}"}}"#,
        "x".repeat(17 << 20)
    );
    redis::cmd("SET")
        .arg("sess:big")
        .arg(big.as_str())
        .query::<()>(&mut c)
        .unwrap();
    redis::cmd("SET")
        .arg("sess:small")
        .arg(r#"{"passport":{"user":5}}"#)
        .query::<()>(&mut c)
        .unwrap();
    let (code, v, err) = run_json(
        &[
            "sessions",
            "list",
            "--sort",
            "id",
            "-o",
            "json",
            "--redis-url",
            &r.url(0),
        ],
        "",
    );
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(v[0]["id"], "big");
    assert_eq!(v[0]["size"], big.len());
    assert!(
        v[0]["error"]
            .as_str()
            .unwrap()
            .contains("over the 16777216 byte decoding limit"),
        "{}",
        v[0]
    );
    assert_eq!(v[1]["user"], "5");
}

#[test]
fn django_cached_db_is_noted() {
    let r = TestRedis::start();
    r.load(0, &["django/cached-db/records.jsonl"]);
    let (code, v, _) = run_json(
        &[
            "sessions",
            "list",
            "--user",
            "7",
            "-o",
            "json",
            "--redis-url",
            &r.url(0),
        ],
        "",
    );
    assert_eq!(code, 0);
    assert!(
        v[0]["note"]
            .as_str()
            .unwrap()
            .contains("deleting this key does not log anyone out")
    );
}

/// The server goes away in the middle of a listing: the rows already found are printed, the JSON
/// array is closed with an error element, and the error is on stderr with exit 3.
#[test]
fn a_scan_that_fails_midway_prints_what_it_found_and_closes_the_array() {
    use std::io::Read as _;
    let r = TestRedis::start();
    let mut c = r.conn(0);
    let mut p = redis::pipe();
    for i in 0..20_000 {
        p.cmd("SET")
            .arg(format!("sess:{i:05}"))
            .arg(format!(
                r#"{{"cookie":{{}},"passport":{{"user":{}}}}}"#,
                i % 50
            ))
            .ignore();
    }
    p.query::<()>(&mut c).unwrap();
    let mut child = std::process::Command::new(snapbox::cmd::cargo_bin!("sessctl"))
        .args([
            "--redis-url",
            &r.url(0),
            "--store",
            "connect-redis",
            "sessions",
            "list",
            "--scan-count",
            "20",
            "-o",
            "json",
        ])
        .env_remove("SESSCTL_REDIS_URL")
        .env_remove("SESSCTL_STORE")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut out = vec![0u8; 1];
    stdout.read_exact(&mut out).unwrap();
    // The first rows are out: stop the server under the scan.
    let _ = redis::cmd("SHUTDOWN").arg("NOSAVE").query::<()>(&mut c);
    stdout.read_to_end(&mut out).unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(3), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON document ({e}): …{}",
            String::from_utf8_lossy(&out[out.len().saturating_sub(300)..])
        )
    });
    let items = v.as_array().unwrap();
    let (last, rows) = items.split_last().unwrap();
    assert!(
        last["error"]
            .as_str()
            .unwrap()
            .contains("cannot reach Redis"),
        "{last}"
    );
    assert!(
        !rows.is_empty() && rows.len() < 20_000,
        "{} rows",
        rows.len()
    );
    assert!(rows.iter().all(|r| r["id"].is_string()));
    assert!(
        err.starts_with("sessctl: error: sessions list stopped before the end"),
        "{err}"
    );
}

/// The table streams in pages (memory stays flat however many sessions): one header, every row,
/// and the columns of later pages where the first page put them.
#[test]
fn the_table_streams_in_pages_with_one_header_and_one_layout() {
    let r = TestRedis::start();
    let mut c = r.conn(0);
    let mut p = redis::pipe();
    for i in 0..2500 {
        p.cmd("SET")
            .arg(format!("sess:{i:06}"))
            .arg(format!(
                r#"{{"cookie":{{}},"passport":{{"user":{}}}}}"#,
                100 + i % 800
            ))
            .arg("EX")
            .arg(3600)
            .ignore();
    }
    p.query::<()>(&mut c).unwrap();
    let (code, out, err) = crate::support::run(
        &[
            "--redis-url",
            &r.url(0),
            "--store",
            "connect-redis",
            "sessions",
            "list",
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.trim_start().starts_with("ID "))
            .count(),
        1
    );
    assert_eq!(lines.len(), 1 + 2500 + 1, "header, rows, footer");
    assert!(
        lines[2501].starts_with("2500 sessions (store connect-redis"),
        "{}",
        lines[2501]
    );
    let user_col = lines[0].find("USER").unwrap();
    let size_col = lines[0].find("SIZE").unwrap();
    for l in &lines[1..2501] {
        assert_eq!(&l[user_col - 1..user_col], " ", "{l}");
        assert!(
            l[user_col..].starts_with(|c: char| c.is_ascii_digit()),
            "{l}"
        );
        assert!(l[size_col..].ends_with(" B"), "{l}");
    }
}
