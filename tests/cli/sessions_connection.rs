//! Connecting to Redis: URL forms, password sources, timeouts, and exit 3 with the masked URL.

use crate::support::redis::TestRedis;
use crate::support::{run, run_json, sessctl};

fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

#[test]
fn unreachable_redis_exits_3_with_the_masked_url() {
    let port = closed_port();
    let url = format!("redis://admin:s3cret-pw@127.0.0.1:{port}/0");
    let (code, out, err) = run(
        &[
            "sessions",
            "list",
            "--store",
            "connect-redis",
            "--redis-url",
            &url,
        ],
        "",
    );
    assert_eq!(code, 3);
    assert_eq!(out, "");
    assert_eq!(
        err,
        format!(
            "sessctl: error: cannot reach Redis at redis://admin:***@127.0.0.1:{port}/0: connection refused\n"
        )
    );
}

#[test]
fn the_url_can_come_from_the_environment() {
    let port = closed_port();
    sessctl(&["sessions", "stats", "--store", "php"])
        .env("SESSCTL_REDIS_URL", format!("redis://:pw@127.0.0.1:{port}/3"))
        .assert()
        .code(3)
        .stdout_eq("")
        .stderr_eq(format!("sessctl: error: cannot reach Redis at redis://:***@127.0.0.1:{port}/3: connection refused\n"));
}

#[test]
fn a_silent_server_times_out() {
    // Accepts connections and never answers.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let url = format!("redis://127.0.0.1:{port}/0");
    let (code, out, err) = run(
        &[
            "sessions",
            "list",
            "--store",
            "php",
            "--timeout",
            "300ms",
            "--redis-url",
            &url,
        ],
        "",
    );
    assert_eq!(code, 3);
    assert_eq!(out, "");
    assert_eq!(
        err,
        format!("sessctl: error: cannot reach Redis at {url}: timed out after 300ms\n")
    );
    drop(listener);
}

#[test]
fn a_wrong_password_exits_3_without_showing_it() {
    let r = TestRedis::with_password("right-horse");
    let url = format!("redis://:battery-staple@127.0.0.1:{}/0", r.port);
    let (code, out, err) = run(
        &["sessions", "list", "--store", "php", "--redis-url", &url],
        "",
    );
    assert_eq!(code, 3, "{err}");
    assert_eq!(out, "");
    assert!(err.starts_with(&format!(
        "sessctl: error: cannot reach Redis at redis://:***@127.0.0.1:{}/0: authentication failed",
        r.port
    )), "{err}");
    assert!(
        !err.contains("battery") && !err.contains("right-horse"),
        "{err}"
    );
    // No password at all.
    let (code, _, err) = run(
        &[
            "sessions",
            "list",
            "--store",
            "php",
            "--redis-url",
            &r.url(0),
        ],
        "",
    );
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("authentication"), "{err}");
}

#[test]
fn password_sources() {
    let r = TestRedis::with_password("right-horse");
    r.load(0, &["php/records.jsonl"]);
    let url = r.url(0);
    for var in ["REDISCLI_AUTH", "SESSCTL_REDIS_PASSWORD"] {
        let out = sessctl(&[
            "sessions",
            "list",
            "--store",
            "php",
            "-o",
            "json",
            "--redis-url",
            &url,
        ])
        .env(var, "right-horse")
        .output()
        .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{var}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v.as_array().unwrap().len(), 9);
    }
    // The URL's own password wins over the environment's.
    let with_pw = format!("redis://:right-horse@127.0.0.1:{}/0", r.port);
    let out = sessctl(&[
        "sessions",
        "list",
        "--store",
        "php",
        "-o",
        "json",
        "--redis-url",
        &with_pw,
    ])
    .env("REDISCLI_AUTH", "stale")
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(0));
    // --ask-password never waits without a terminal.
    let (code, out, err) = run(
        &[
            "sessions",
            "list",
            "--store",
            "php",
            "--ask-password",
            "--redis-url",
            &url,
        ],
        "",
    );
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("--ask-password needs a terminal"), "{err}");
}

#[test]
fn database_numbers_are_honoured() {
    let r = TestRedis::start();
    r.load(3, &["flask-session/records.jsonl"]);
    let (code, v, err) = run_json(
        &["sessions", "list", "-o", "json", "--redis-url", &r.url(3)],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(v.as_array().unwrap().len(), 9);
    let (code, _, err) = run(&["sessions", "list", "--redis-url", &r.url(0)], "");
    assert_eq!(code, 2);
    assert!(err.contains("no session store recognised"), "{err}");
}

#[test]
fn a_bad_url_is_a_connection_error() {
    let (code, out, err) = run(
        &["sessions", "list", "--redis-url", "http://example.invalid/"],
        "",
    );
    assert_eq!((code, out.as_str()), (3, ""));
    assert!(
        err.starts_with(
            "sessctl: error: cannot reach Redis at http://example.invalid/: not a Redis URL"
        ),
        "{err}"
    );
}
