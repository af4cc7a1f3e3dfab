//! `--pace`: every pace finds exactly the same sessions (issue 13 item 1); what each costs the
//! other clients is measured by benches/impact.sh, not here.

use crate::support::redis::TestRedis;
use crate::support::{run, run_json, sessctl_process};

/// `sessions list -o json` of `url` at `pace`, with `extra` arguments: each session's key, user,
/// size and error (not its TTL, which moves on between runs), sorted by key.
fn listed(url: &str, pace: &str, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["sessions", "list", "-o", "json", "--redis-url", url];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["--pace", pace]);
    let (code, v, err) = run_json(&args, "");
    assert_eq!((code, err.as_str()), (0, ""), "--pace {pace}");
    let mut rows: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|s| format!("{} {} {} {}", s["key"], s["user"], s["size"], s["error"]))
        .collect();
    rows.sort();
    rows
}

#[test]
fn every_pace_finds_the_same_sessions() {
    let r = TestRedis::start();
    r.load(0, &["connect-redis/records.jsonl"]);
    // Enough sessions for many paced requests (500 keys each, 200 when gentle), some of them
    // over the paced fetch's 1 MiB of values per request.
    let mut c = r.conn(0);
    let mut p = redis::pipe();
    for i in 0..3000 {
        let body = if i % 1000 == 7 {
            "x".repeat(700_000)
        } else {
            String::new()
        };
        p.cmd("SET")
            .arg(format!("sess:paced-{i:05}"))
            .arg(format!(
                r#"{{"cookie":{{"expires":"2030-01-01T00:00:00.000Z"}},"passport":{{"user":{}}},"pad":"{body}"}}"#,
                i % 7
            ))
            .ignore();
    }
    let () = p.query(&mut c).unwrap();
    let url = r.url(0);
    let full = listed(&url, "full", &[]);
    assert!(full.len() > 3000, "{}", full.len());
    for pace in ["auto", "gentle", "50000/s"] {
        assert_eq!(listed(&url, pace, &[]), full, "--pace {pace}");
    }
    // A user's sessions, and a rate given as a bare number.
    let of_3 = listed(&url, "100000", &["--user", "3"]);
    assert_eq!(
        of_3.len(),
        full.iter()
            .filter(|s| s.split(' ').nth(1) == Some("\"3\""))
            .count()
    );
    assert!(of_3.len() >= 3000 / 7);
}

#[test]
fn a_pace_that_is_not_one_is_a_usage_error() {
    for bad in ["fast", "0", "-1/s", "1.5/s"] {
        let (code, out, err) = run(&["sessions", "list", &format!("--pace={bad}")], "");
        assert_eq!(code, 2, "{bad}: {err}");
        assert!(out.is_empty());
        let want =
            format!("`{bad}` is not a pace: use auto, gentle, full, or keys per second (2000/s)");
        assert!(err.contains(&want), "{err}");
    }
}

#[test]
fn the_pace_comes_from_the_environment_too() {
    let r = TestRedis::start();
    r.load(0, &["connect-redis/records.jsonl"]);
    let out = sessctl_process(&["sessions", "stats", "-o", "json", "--redis-url", &r.url(0)])
        .env("SESSCTL_PACE", "gentle")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let out = sessctl_process(&["sessions", "stats", "--redis-url", &r.url(0)])
        .env("SESSCTL_PACE", "sometimes")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`sometimes` is not a pace"));
}

#[test]
fn verbose_says_how_the_server_is_treated() {
    let r = TestRedis::start();
    r.load(0, &["connect-redis/records.jsonl"]);
    let url = r.url(0);
    let (code, _, err) = run(
        &[
            "sessions",
            "stats",
            "-v",
            "--pace",
            "gentle",
            "--redis-url",
            &url,
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    // Debian's Redis 7.0 has no CLIENT NO-TOUCH: said, not an error.
    assert_eq!(
        err,
        format!(
            "sessctl: connected to {url}; this server has no CLIENT NO-TOUCH (Redis 7.2+, Valkey), \
             or this user may not send it: reading sessions refreshes their access times \
             (LRU/LFU), as any client's reads do; pace gentle\n"
        )
    );
    // Without --verbose, nothing.
    let (code, _, err) = run(&["sessions", "stats", "--redis-url", &url], "");
    assert_eq!((code, err.as_str()), (0, ""));
}
