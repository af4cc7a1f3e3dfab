//! A password in `--redis-url` is never printed (issue 11, item 12), whatever the URL's shape and
//! whether or not it parses: the error quotes the URL with `***` in its place.

use crate::support::run;

#[test]
fn a_url_that_is_not_a_redis_url_is_quoted_with_its_password_masked() {
    for (url, shown) in [
        ("redis://:s3cr3t-pw", "redis://:***"),
        ("redis://user:s3cr3t-pw", "redis://user:***"),
        ("redis://user:s3cr3t-pw/0", "redis://user:***"),
        ("redis://:s3cr3t-pw?db=1", "redis://:***"),
        (":s3cr3t-pw@localhost", ":***@localhost"),
    ] {
        let (code, out, err) = run(&["--redis-url", url, "sessions", "list"], "");
        assert_eq!(code, 3, "{url}: {err}");
        assert_eq!(out, "");
        assert!(
            !err.contains("s3cr3t"),
            "{url}: the password was printed: {err}"
        );
        assert!(
            err.starts_with(&format!("sessctl: error: cannot reach Redis at {shown}: ")),
            "{url}: {err}"
        );
        assert!(err.contains("not a Redis URL"), "{url}: {err}");
    }
}

#[test]
fn a_password_in_the_query_is_masked() {
    let (code, out, err) = run(
        &[
            "--redis-url",
            "redis+unix:///nonexistent/sessctl-test.sock?db=1&password=s3cr3t@pw",
            "sessions",
            "list",
        ],
        "",
    );
    assert_eq!(code, 3, "{err}");
    assert_eq!(out, "");
    assert!(!err.contains("s3cr3t"), "the password was printed: {err}");
    assert!(
        err.contains("redis+unix:///nonexistent/sessctl-test.sock?db=1&password=***"),
        "{err}"
    );
}
