//! `sessctl sessions show ID`.

use crate::support::redis::TestRedis;
use crate::support::{run, run_json};

fn key_of(file: &str, user: &str) -> String {
    let text = crate::support::fixture_text(&format!("sessions/{file}"));
    text.lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|r| r["role"] == "session" && r["user"] == user)
        .unwrap()["key"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn every_preset_shows_a_whole_record() {
    for (file, store) in crate::sessions_list::SETS {
        let r = TestRedis::start();
        r.load(0, &[file]);
        let key = key_of(file, "420");
        let list = run_json(
            &[
                "sessions",
                "list",
                "--user",
                "420",
                "-o",
                "json",
                "--redis-url",
                &r.url(0),
            ],
            "",
        )
        .1;
        let id = list[0]["id"].as_str().unwrap().to_owned();
        let (code, v, err) = run_json(
            &[
                "sessions",
                "show",
                &id,
                "-o",
                "json",
                "--redis-url",
                &r.url(0),
            ],
            "",
        );
        assert_eq!(code, 0, "{file}: {err}");
        assert_eq!(err, "");
        assert_eq!(v["key"], key.as_str(), "{file}");
        assert_eq!(v["id"], id.as_str());
        assert_eq!(v["user"], "420", "{file}");
        assert_eq!(v["store"], *store);
        assert!(v["ttl"].as_i64().unwrap() > 0);
        assert!(v["data"].is_object(), "{file}: {v}");
        assert!(v["error"].is_null());
    }
}

#[test]
fn decoded_data_is_shown() {
    let r = TestRedis::start();
    r.load(0, &["php/records.jsonl"]);
    let id = key_of("php/records.jsonl", "42")
        .trim_start_matches("PHPREDIS_SESSION:")
        .to_owned();
    let (code, v, _) = run_json(
        &[
            "sessions",
            "show",
            &id,
            "-o",
            "json",
            "--redis-url",
            &r.url(0),
        ],
        "",
    );
    assert_eq!(code, 0);
    assert_eq!(v["data"]["user_id"], 42);
    assert_eq!(v["data"]["roles"], serde_json::json!(["editor", "viewer"]));
    assert_eq!(v["type"], "string");
    // The human form.
    let (code, out, err) = run(&["sessions", "show", &id, "--redis-url", &r.url(0)], "");
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(out.contains(" user         42\n"), "{out}");
    assert!(out.contains("\"username\": \"alice\""), "{out}");
}

#[test]
fn missing_sessions_exit_1() {
    let r = TestRedis::start();
    r.load(0, &["connect-redis/fastify/records.jsonl"]);
    let (code, out, err) = run(&["sessions", "show", "nope", "--redis-url", &r.url(0)], "");
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        format!(
            "sessctl: error: no session `nope` in the connect-redis store at {}\n",
            r.url(0)
        )
    );
}

#[test]
fn odd_records_show_their_error_and_escaped_keys_work() {
    let r = TestRedis::start();
    r.load(0, &["django/records.jsonl"]);
    let (code, v, _) = run_json(
        &[
            "sessions",
            "show",
            "undecodable000000000000000000000",
            "-o",
            "json",
            "--redis-url",
            &r.url(0),
        ],
        "",
    );
    assert_eq!(code, 0);
    assert!(v["data"].is_null());
    assert!(
        v["error"].as_str().unwrap().starts_with("not valid pickle"),
        "{v}"
    );
    let (code, v, _) = run_json(
        &[
            "sessions",
            "show",
            "\\xff\\xfe",
            "-o",
            "json",
            "--redis-url",
            &r.url(0),
        ],
        "",
    );
    assert_eq!(code, 0);
    assert_eq!(v["key"], ":1:django.contrib.sessions.cache\\xff\\xfe");
    assert_eq!(v["data"], serde_json::json!({"views": 2}));
}

#[test]
fn django_keys_under_another_cache_prefix_are_found() {
    let r = TestRedis::start();
    let mut c = r.conn(0);
    // KEY_PREFIX "shop", VERSION 2; pickle of {"_auth_user_id": "42"}.
    let value =
        b"\x80\x05\x95\x15\x00\x00\x00\x00\x00\x00\x00}\x94\x8c\r_auth_user_id\x94\x8c\x0242\x94s.";
    redis::cmd("SET")
        .arg("shop:2:django.contrib.sessions.cacheabc123")
        .arg(&value[..])
        .query::<()>(&mut c)
        .unwrap();
    let (code, v, err) = run_json(
        &[
            "sessions",
            "show",
            "abc123",
            "--store",
            "django",
            "-o",
            "json",
            "--redis-url",
            &r.url(0),
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["user"], "42");
    assert_eq!(v["key"], "shop:2:django.contrib.sessions.cacheabc123");
}
