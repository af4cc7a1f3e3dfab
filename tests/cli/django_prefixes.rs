//! Two django apps in one Redis database (cache `KEY_PREFIX`s `` and `blog`, both version 1) are
//! two stores: user 42 of one is not user 42 of the other. Without `--prefix`, auto-detection and
//! `--store django` refuse and list both apps; with it, only that app's sessions are touched.
//! php's `PHPREDIS_SESSION:` and `PHPREDIS_CLUSTER_SESSION:` keys, though, are one store.

use std::collections::BTreeMap;

use base64::Engine as _;
use serde_json::Value;

use crate::revoke_user::{records, snapshot};
use crate::support::redis::TestRedis;
use crate::support::{fixture, run, run_json};

const FILE: &str = "django/records.jsonl";

/// The real django records (written under `:1:`) with their keys moved to the app prefix `app`.
fn under(app: &str) -> String {
    let b64 = base64::engine::general_purpose::STANDARD;
    let text = std::fs::read_to_string(fixture(&format!("sessions/{FILE}"))).unwrap();
    let mut out = String::new();
    for line in text.lines() {
        let mut r: Value = serde_json::from_str(line).unwrap();
        let key = b64.decode(r["key_b64"].as_str().unwrap()).unwrap();
        let key = [app.as_bytes(), key.strip_prefix(b":1:").unwrap()].concat();
        r["key_b64"] = b64.encode(&key).into();
        r["key"] = String::from_utf8(key).map_or(Value::Null, Value::from);
        out.push_str(&r.to_string());
        out.push('\n');
    }
    out
}

/// A server holding the django fixture under each of `apps`.
fn apps(apps: &[&str]) -> TestRedis {
    let r = TestRedis::start();
    let mut c = r.conn(0);
    for app in apps {
        let n = sessctl::store::records::load_jsonl(&mut c, &under(app)).unwrap();
        assert_eq!(n, 9);
    }
    r
}

/// The keys of user 42's sessions in app `app`.
fn sessions_of_42(app: &str) -> Vec<Vec<u8>> {
    records(FILE)
        .into_iter()
        .filter(|(_, role, user)| role == "session" && user.as_deref() == Some("42"))
        .map(|(k, _, _)| [app.as_bytes(), &k[3..]].concat())
        .collect()
}

/// The smallest key of the fixture under `app` (the example a refusal names).
fn example(app: &str) -> String {
    let k = records(FILE).into_iter().map(|(k, _, _)| k).min().unwrap();
    format!("{app}{}", String::from_utf8(k[3..].to_vec()).unwrap())
}

#[test]
fn two_apps_without_prefix_are_refused_and_nothing_changes() {
    let r = apps(&[":1:", "blog:1:"]);
    let url = r.url(0);
    let mut c = r.conn(0);
    let before = snapshot(&mut c);
    let django_refusal = format!(
        "sessctl: error: --store django: the sessions of 2 django apps share {url}: `:1:` (9 keys, e.g. `{}`); `blog:1:` (9 keys, e.g. `{}`); choose one with --prefix (the cache KEY_PREFIX and VERSION before `django.contrib.sessions.`, e.g. --prefix :1:)\n",
        example(":1:"),
        example("blog:1:"),
    );
    for command in [
        &["sessions", "list"][..],
        &["revoke-user", "42", "--yes", "--no-cutoff"],
    ] {
        let mut args = command.to_vec();
        args.extend(["--redis-url", &url, "--store", "django"]);
        let (code, out, err) = run(&args, "");
        assert_eq!((code, out.as_str()), (2, ""), "{args:?}: {err}");
        assert_eq!(err, django_refusal, "{args:?}");

        let mut args = command.to_vec();
        args.extend(["--redis-url", &url]);
        let (code, out, err) = run(&args, "");
        assert_eq!((code, out.as_str()), (2, ""), "{args:?}: {err}");
        assert!(
            err.starts_with(&format!(
                "sessctl: error: --store auto: several session stores found at {url}: django (9 keys under `:1:`, e.g. `:1:django.contrib.sessions.cache"
            )),
            "{err}"
        );
        assert!(
            err.contains(
                "; django (9 keys under `blog:1:`, e.g. `blog:1:django.contrib.sessions.cache"
            ),
            "{err}"
        );
        assert!(
            err.ends_with("choose one with --store and --prefix (for django the cache KEY_PREFIX and VERSION, e.g. `:1:`), or point --redis-url at another database\n"),
            "{err}"
        );
    }
    assert_eq!(snapshot(&mut c), before);
}

#[test]
fn the_prefix_chooses_the_app_and_the_other_stays_byte_identical() {
    // (--store, --prefix, the app it names): auto and django, the app part in both apps, and the
    // older full form of one backend's prefix.
    for (store, prefix, app) in [
        ("django", ":1:", ":1:"),
        ("auto", "blog:1:", "blog:1:"),
        ("django", "blog:1:django.contrib.sessions.cache", "blog:1:"),
    ] {
        let r = apps(&[":1:", "blog:1:"]);
        let mut c = r.conn(0);
        let before = snapshot(&mut c);
        let theirs = sessions_of_42(app);
        let (code, v, err) = run_json(
            &[
                "revoke-user",
                "42",
                "--yes",
                "--no-cutoff",
                "-o",
                "json",
                "--redis-url",
                &r.url(0),
                "--store",
                store,
                "--prefix",
                prefix,
            ],
            "",
        );
        // The fixture's undecodable record (owner unknown) makes the run exit 1, with a warning.
        assert_eq!(code, 1, "{store} {prefix}: {err}");
        assert_eq!(v["undecidable"].as_array().unwrap().len(), 1, "{v}");
        assert_eq!(v["store"], "django");
        assert_eq!(v["deleted"], 2, "{store} {prefix}: {v}");
        let after = snapshot(&mut c);
        let mut expected: BTreeMap<_, _> = before.clone();
        for k in &theirs {
            expected.remove(k);
        }
        assert_eq!(
            after, expected,
            "{store} {prefix}: only {app}'s user 42 went"
        );

        let (code, v, err) = run_json(
            &[
                "sessions",
                "list",
                "-o",
                "json",
                "--redis-url",
                &r.url(0),
                "--store",
                store,
                "--prefix",
                prefix,
            ],
            "",
        );
        assert_eq!(code, 0, "{err}");
        let keys: Vec<&str> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["key"].as_str().unwrap())
            .collect();
        assert_eq!(keys.len(), 7, "{v}");
        assert!(keys.iter().all(|k| k.starts_with(app)), "{keys:?}");
    }
}

#[test]
fn one_app_under_any_prefix_is_found_and_named_in_the_audit_log() {
    for store in ["auto", "django"] {
        let r = apps(&["shop:2:"]);
        let mut c = r.conn(0);
        let before = snapshot(&mut c);
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("audit.jsonl");
        let (code, v, err) = run_json(
            &[
                "revoke-user",
                "42",
                "--yes",
                "--no-cutoff",
                "-o",
                "json",
                "--redis-url",
                &r.url(0),
                "--store",
                store,
                "--audit-log",
                log.to_str().unwrap(),
            ],
            "",
        );
        assert_eq!(code, 1, "{store}: the fixture's undecodable record: {err}");
        assert_eq!(v["deleted"], 2, "{store}: {v}");
        assert_eq!(snapshot(&mut c).len(), before.len() - 2);
        let start: Value = serde_json::from_str(
            std::fs::read_to_string(&log)
                .unwrap()
                .lines()
                .next()
                .unwrap(),
        )
        .unwrap();
        assert_eq!(
            start["store"]["prefix"], "shop:2:",
            "{store}: the prefix in force"
        );

        // An id of that app, as its cookie carries it.
        let id = String::from_utf8(sessions_of_42(":1:")[0][3 + 29..].to_vec()).unwrap();
        let (code, _, err) = run(
            &[
                "sessions",
                "show",
                &id,
                "--redis-url",
                &r.url(0),
                "--store",
                store,
            ],
            "",
        );
        assert_eq!(code, 1, "{store}: deleted, so not found: {err}");
        let (code, v, err) = run_json(
            &[
                "sessions",
                "show",
                "undecodable000000000000000000000",
                "-o",
                "json",
                "--redis-url",
                &r.url(0),
                "--store",
                store,
            ],
            "",
        );
        assert_eq!(code, 0, "{store}: {err}");
        assert_eq!(
            v["key"],
            "shop:2:django.contrib.sessions.cacheundecodable000000000000000000000"
        );
    }
}

#[test]
fn an_empty_django_store_lists_nothing() {
    let r = TestRedis::start();
    let (code, v, err) = run_json(
        &[
            "sessions",
            "list",
            "-o",
            "json",
            "--redis-url",
            &r.url(0),
            "--store",
            "django",
        ],
        "",
    );
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(v, serde_json::json!([]));
}

#[test]
fn php_session_and_cluster_session_keys_are_one_store() {
    let r = TestRedis::start();
    r.load(0, &["php/records.jsonl"]);
    let mut c = r.conn(0);
    // phpredis in cluster mode writes the same sessions under PHPREDIS_CLUSTER_SESSION:.
    let theirs: Vec<Vec<u8>> = records("php/records.jsonl")
        .into_iter()
        .filter(|(_, role, user)| role == "session" && user.as_deref() == Some("42"))
        .map(|(k, _, _)| k)
        .collect();
    assert_eq!(theirs.len(), 2);
    for k in &theirs {
        let id = k.strip_prefix(b"PHPREDIS_SESSION:").unwrap();
        redis::cmd("COPY")
            .arg(k)
            .arg([&b"PHPREDIS_CLUSTER_SESSION:"[..], id].concat())
            .query::<()>(&mut c)
            .unwrap();
    }
    let before = snapshot(&mut c);
    let (code, v, err) = run_json(
        &[
            "revoke-user",
            "42",
            "--yes",
            "--no-cutoff",
            "-o",
            "json",
            "--redis-url",
            &r.url(0),
        ],
        "",
    );
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(v["store"], "php");
    assert_eq!(v["deleted"], 4, "{v}");
    assert_eq!(snapshot(&mut c).len(), before.len() - 4);
}
