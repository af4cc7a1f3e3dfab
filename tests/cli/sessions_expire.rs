//! `sessctl sessions expire` against a real redis-server: new TTLs, `--in 0`, not-found ids,
//! spring's `expires:` key kept in step, the audit log.

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
