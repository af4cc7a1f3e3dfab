//! `sessctl sessions expire` against a real redis-server: new TTLs, never longer ones (`LT`, and
//! the script for servers without it), `--in 0`, not-found ids, spring's `expires:` key kept in
//! step, the audit log.

use crate::revoke_user::records;
use crate::support::redis::TestRedis;
use crate::support::{run, run_json};

#[test]
fn sets_the_lifetime_and_reports_each_id() {
    let r = TestRedis::start();
    r.load(0, &["connect-redis/records.jsonl"]);
    let id = records("connect-redis/records.jsonl")
        .into_iter()
        .find(|(_, role, u)| role == "session" && u.as_deref() == Some("99"))
        .map(|(k, _, _)| String::from_utf8(k[5..].to_vec()).unwrap())
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("audit.jsonl");
    let (code, v, err) = run_json(
        &[
            "--redis-url",
            &r.url(0),
            "-o",
            "json",
            "sessions",
            "expire",
            &id,
            "gone",
            "--in",
            "10m",
            "--audit-log",
            log.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(v["in"], 600);
    assert_eq!(v["in_ms"], 600_000);
    assert_eq!(v["sessions"][0]["status"], "expired");
    let ttl = v["sessions"][0]["ttl"].as_i64().unwrap();
    assert!((595..=600).contains(&ttl), "{ttl}");
    assert_eq!(v["sessions"][1]["status"], "not_found");
    let mut c = r.conn(0);
    let t: i64 = redis::cmd("TTL")
        .arg(format!("sess:{id}"))
        .query(&mut c)
        .unwrap();
    assert!(
        (595..=600).contains(&t),
        "the session without TTL now has {t}"
    );
    let audit = std::fs::read_to_string(&log).unwrap();
    let steps: Vec<String> = audit
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["step"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    // A batch line per session changed; the id not found changed nothing.
    assert_eq!(steps, ["start", "batch", "done"]);
    // --in 0 ends it now.
    let (code, out, err) = run(
        &[
            "--redis-url",
            &r.url(0),
            "sessions",
            "expire",
            &id,
            "--in",
            "0",
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, format!("{id}  ended now (deleted)\n"));
    let n: i64 = redis::cmd("EXISTS")
        .arg(format!("sess:{id}"))
        .query(&mut c)
        .unwrap();
    assert_eq!(n, 0);
}

#[test]
fn spring_expires_key_follows_the_session() {
    let r = TestRedis::start();
    r.load(0, &["spring-session/indexed/records.jsonl"]);
    let id = records("spring-session/indexed/records.jsonl")
        .into_iter()
        .find(|(_, role, u)| role == "session" && u.as_deref() == Some("7"))
        .map(|(k, _, _)| String::from_utf8(k["spring:session:sessions:".len()..].to_vec()).unwrap())
        .unwrap();
    let (code, out, err) = run(
        &[
            "--redis-url",
            &r.url(0),
            "sessions",
            "expire",
            &id,
            "--in",
            "2m",
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, format!("{id}  expires in 2m\n"));
    let mut c = r.conn(0);
    for k in [
        format!("spring:session:sessions:{id}"),
        format!("spring:session:sessions:expires:{id}"),
    ] {
        let t: i64 = redis::cmd("TTL").arg(&k).query(&mut c).unwrap();
        assert!((115..=120).contains(&t), "{k}: {t}");
    }
}

/// A connect-redis session `sess:<id>` of `user` with `ttl` seconds to live (`None`: no expiry).
fn seed(c: &mut redis::Connection, id: &str, user: &str, ttl: Option<u64>) {
    let mut cmd = redis::cmd("SET");
    cmd.arg(format!("sess:{id}")).arg(format!(
        r#"{{"cookie":{{}},"passport":{{"user":"{user}"}}}}"#
    ));
    if let Some(t) = ttl {
        cmd.arg("EX").arg(t);
    }
    let () = cmd.query(c).unwrap();
}

fn ttl_of(c: &mut redis::Connection, key: &str) -> i64 {
    redis::cmd("TTL").arg(key).query(c).unwrap()
}

#[test]
fn never_lengthens_a_lifetime_and_says_so_in_every_output_mode() {
    let r = TestRedis::start();
    let mut c = r.conn(0);
    seed(&mut c, "day-left", "1", Some(86_400));
    seed(&mut c, "year-left", "2", Some(365 * 86_400));
    seed(&mut c, "forever", "3", None);
    let url = r.url(0);
    let base = ["--redis-url", url.as_str(), "--store", "connect-redis"];

    // One run: one session already ends sooner, one is shortened, one without expiry gets it.
    let mut a = base.to_vec();
    a.extend([
        "-o",
        "json",
        "sessions",
        "expire",
        "day-left",
        "year-left",
        "forever",
        "--in",
        "3650d",
    ]);
    let (code, v, err) = run_json(&a, "");
    assert_eq!((code, err.as_str()), (0, ""), "unchanged is not an error");
    let s = &v["sessions"];
    assert_eq!(s[0]["status"], "unchanged");
    assert!((86_395..=86_400).contains(&s[0]["ttl"].as_i64().unwrap()));
    assert_eq!(s[1]["status"], "unchanged");
    assert_eq!(s[2]["status"], "expired");
    assert_eq!(s[2]["ttl"], 3650 * 86_400);
    assert!((86_395..=86_400).contains(&ttl_of(&mut c, "sess:day-left")));
    assert!(ttl_of(&mut c, "sess:year-left") <= 365 * 86_400);
    assert!(ttl_of(&mut c, "sess:forever") > 3649 * 86_400);

    // NDJSON: the same item.
    let mut a = base.to_vec();
    a.extend([
        "-o", "ndjson", "sessions", "expire", "day-left", "--in", "30d",
    ]);
    let (code, out, err) = run(&a, "");
    assert_eq!((code, err.as_str()), (0, ""));
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["sessions"][0]["status"], "unchanged");
    assert!(v["sessions"][0]["ttl"].as_i64().unwrap() > 86_000);

    // Table: a line saying it was left alone and when it ends.
    let mut a = base.to_vec();
    a.extend(["sessions", "expire", "day-left", "year-left", "--in", "2d"]);
    let (code, out, err) = run(&a, "");
    assert_eq!((code, err.as_str()), (0, ""));
    let mut lines = out.lines();
    let first = lines.next().unwrap();
    assert!(
        [
            "day-left  unchanged: already expires in 1d",
            "day-left  unchanged: already expires in 23h 59m"
        ]
        .contains(&first),
        "{out}"
    );
    assert_eq!(lines.next(), Some("year-left  expires in 2d"));
    assert_eq!(lines.next(), None);
    assert!(ttl_of(&mut c, "sess:day-left") <= 86_400);
    assert!((172_795..=172_800).contains(&ttl_of(&mut c, "sess:year-left")));
}

#[test]
fn spring_expires_key_is_shortened_only_where_it_ends_later() {
    let r = TestRedis::start();
    r.load(0, &["spring-session/indexed/records.jsonl"]);
    let id = records("spring-session/indexed/records.jsonl")
        .into_iter()
        .find(|(_, role, u)| role == "session" && u.as_deref() == Some("7"))
        .map(|(k, _, _)| String::from_utf8(k["spring:session:sessions:".len()..].to_vec()).unwrap())
        .unwrap();
    let session = format!("spring:session:sessions:{id}");
    let expires = format!("spring:session:sessions:expires:{id}");
    let mut c = r.conn(0);
    // The fixture: the hash lives 2100 s, its `expires:` key 1800 s. 1950 s shortens the hash
    // and leaves the `expires:` key, which already ends sooner.
    let url = r.url(0);
    let expire = |d: &str| {
        run_json(
            &[
                "--redis-url",
                &url,
                "-o",
                "json",
                "sessions",
                "expire",
                &id,
                "--in",
                d,
            ],
            "",
        )
    };
    let (code, v, err) = expire("1950s");
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(v["sessions"][0]["status"], "expired");
    assert!((1945..=1950).contains(&ttl_of(&mut c, &session)));
    assert!((1795..=1800).contains(&ttl_of(&mut c, &expires)));
    // Longer than both: neither changes.
    let (code, v, err) = expire("3650d");
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(v["sessions"][0]["status"], "unchanged");
    assert!((1945..=1950).contains(&ttl_of(&mut c, &session)));
    assert!((1795..=1800).contains(&ttl_of(&mut c, &expires)));
}

/// The Redis 6 path (no `PEXPIRE … LT`) checked on the real server: the `PTTL` script gives the
/// same answers as `LT`.
#[test]
fn the_fallback_without_lt_gives_the_same_answers() {
    use sessctl::store::revoke::{Shortened, Shortener};
    let r = TestRedis::start();
    let mut c = r.conn(0);
    for mut s in [Shortener::without_lt(), Shortener::new()] {
        let () = redis::cmd("FLUSHDB").query(&mut c).unwrap();
        seed(&mut c, "a", "1", Some(1000));
        seed(&mut c, "b", "2", None);
        seed(&mut c, "companion", "3", Some(100));
        let longer = s.shorten(&mut c, b"sess:a", &[], 5_000_000).unwrap();
        assert!(matches!(longer, Shortened::Unchanged(t) if (995_000..=1_000_000).contains(&t)));
        assert_eq!(ttl_of(&mut c, "sess:a"), 1000);
        let shorter = s
            .shorten(&mut c, b"sess:a", &[b"sess:companion".to_vec()], 500_000)
            .unwrap();
        assert!(matches!(shorter, Shortened::Set(t) if (495_000..=500_000).contains(&t)));
        assert!((495..=500).contains(&ttl_of(&mut c, "sess:a")));
        assert_eq!(
            ttl_of(&mut c, "sess:companion"),
            100,
            "a companion ending sooner"
        );
        let never = s.shorten(&mut c, b"sess:b", &[], 60_000).unwrap();
        assert!(matches!(never, Shortened::Set(_)));
        assert!((55..=60).contains(&ttl_of(&mut c, "sess:b")));
        let gone = s.shorten(&mut c, b"sess:none", &[], 60_000).unwrap();
        assert_eq!(gone, Shortened::Gone);
        assert_eq!(ttl_of(&mut c, "sess:none"), -2, "nothing created");
    }
}

/// `--in` takes milliseconds (PEXPIRE does): the report gives `in` in seconds, with a fraction
/// for a sub-second part, and the exact `in_ms`.
#[test]
fn sub_second_lifetimes_are_set_to_the_millisecond() {
    let r = TestRedis::start();
    let mut c = r.conn(0);
    redis::cmd("SET")
        .arg("sess:short")
        .arg(r#"{"cookie":{},"passport":{"user":"5"}}"#)
        .query::<()>(&mut c)
        .unwrap();
    let (code, v, err) = run_json(
        &[
            "--redis-url",
            &r.url(0),
            "--store",
            "connect-redis",
            "-o",
            "json",
            "sessions",
            "expire",
            "short",
            "--in",
            "1500ms",
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["in"], 1.5);
    assert_eq!(v["in_ms"], 1500);
    assert_eq!(v["sessions"][0]["status"], "expired");
    assert_eq!(v["sessions"][0]["ttl"], 2, "seconds, rounded up");
    let pttl: i64 = redis::cmd("PTTL").arg("sess:short").query(&mut c).unwrap();
    assert!((1000..=1500).contains(&pttl), "{pttl}");
}
