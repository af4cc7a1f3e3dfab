//! A command the server refuses (an ACL without HGETALL, PTTL or TYPE; BUSY, LOADING, …) stops
//! sessctl with one line naming the command, the key and the server's answer: a refused read is
//! never taken for a missing session, a session that never expires, or a clean store. And a
//! server that stalls mid-scan is a timeout of the real duration (exit 3), never "os error 11".

use std::time::{Duration, Instant};

use std::collections::BTreeMap;

use crate::support::redis::TestRedis;
use crate::support::run;

const SPRING: &str = "spring-session/records.jsonl";
/// A session of user 42 in the spring-session fixture.
const ID_42: &str = "369028b2-09bf-4b83-baf7-bfdce9b3e2b5";

/// Every key with its type and contents, in an order that reads cannot change (a `DUMP` of a
/// hash can change when a read moves its table's rehashing along).
fn snapshot(c: &mut redis::Connection) -> BTreeMap<Vec<u8>, (String, Vec<Vec<u8>>)> {
    let keys: Vec<Vec<u8>> = redis::cmd("KEYS").arg("*").query(c).unwrap();
    keys.into_iter()
        .map(|k| {
            let t: String = redis::cmd("TYPE").arg(&k).query(c).unwrap();
            let mut items: Vec<Vec<u8>> = match t.as_str() {
                "string" => vec![redis::cmd("GET").arg(&k).query(c).unwrap()],
                "hash" => {
                    let m: Vec<(Vec<u8>, Vec<u8>)> =
                        redis::cmd("HGETALL").arg(&k).query(c).unwrap();
                    m.into_iter()
                        .map(|(f, v)| [f, b"=".to_vec(), v].concat())
                        .collect()
                }
                "set" => redis::cmd("SMEMBERS").arg(&k).query(c).unwrap(),
                _ => redis::cmd("ZRANGE")
                    .arg(&k)
                    .arg(0)
                    .arg(-1)
                    .arg("WITHSCORES")
                    .query(c)
                    .unwrap(),
            };
            items.sort();
            (k, (t, items))
        })
        .collect()
}

/// Asserts that `err` is exactly one error line, about `cmd` refused on a spring session key by
/// the server at `masked`, quoting its NOPERM answer.
fn assert_refused(err: &str, cmd: &str, masked: &str) {
    assert_eq!(err.lines().count(), 1, "one line:\n{err}");
    assert!(err.starts_with("sessctl: error: "), "{err}");
    let expected = format!(" refused by Redis at {masked}: NOPERM ");
    let at = err
        .find(&format!("{cmd} spring:session:sessions:"))
        .unwrap_or_else(|| panic!("names {cmd} and the key:\n{err}"));
    assert!(err[at..].contains(&expected), "{err}");
    assert!(
        err.to_ascii_lowercase()
            .contains(&format!("'{}'", cmd.to_ascii_lowercase())),
        "quotes the server's answer: {err}"
    );
}

/// `sessions list`, `sessions show` and `revoke-user 42 --yes --until-clean` as an ACL user
/// without `rule`'s command: each stops with the refusal, and nothing is deleted.
fn each_command_stops(rule: &str, cmd: &str) {
    let r = TestRedis::start();
    r.load(0, &[SPRING]);
    let name = format!("no{}", cmd.to_ascii_lowercase());
    let url = r.acl_user(&name, &[rule], 0);
    let masked = format!("redis://{name}:***@127.0.0.1:{}/0", r.port);
    let store = ["--redis-url", url.as_str(), "--store", "spring-session"];
    let mut c = r.conn(0);
    let before = snapshot(&mut c);

    let (code, out, err) = run(&[&["sessions", "list"][..], &store].concat(), "");
    assert_eq!(code, 1, "sessions list -{cmd}: {out}{err}");
    assert!(out.starts_with("0 sessions"), "nothing listed: {out}");
    assert!(out.contains("stopped by an error"), "{out}");
    assert!(
        err.starts_with("sessctl: error: sessions list stopped before the end of the scan: "),
        "{err}"
    );
    assert_refused(&err, cmd, &masked);

    let (code, out, err) = run(&[&["sessions", "show", ID_42][..], &store].concat(), "");
    assert_eq!((code, out.as_str()), (1, ""), "sessions show -{cmd}: {err}");
    assert!(
        !err.contains("no session"),
        "not taken for a missing one: {err}"
    );
    assert_refused(&err, cmd, &masked);

    let (code, out, err) = run(
        &[&["revoke-user", "42", "--yes", "--until-clean"][..], &store].concat(),
        "",
    );
    assert_eq!((code, out.as_str()), (1, ""), "revoke-user -{cmd}: {err}");
    assert!(!out.contains("clean"), "{out}");
    assert_refused(&err, cmd, &masked);
    assert_eq!(snapshot(&mut c), before, "-{cmd}: nothing was written");
}

#[test]
fn a_refused_hgetall_is_an_error_not_a_missing_session() {
    each_command_stops("-hgetall", "HGETALL");
}

#[test]
fn a_refused_pttl_is_an_error_not_a_session_that_never_expires() {
    each_command_stops("-pttl", "PTTL");
}

#[test]
fn a_refused_type_is_an_error_not_a_missing_session() {
    let r = TestRedis::start();
    r.load(0, &[SPRING]);
    let url = r.acl_user("notype", &["-type"], 0);
    let masked = format!("redis://notype:***@127.0.0.1:{}/0", r.port);
    let store = ["--redis-url", url.as_str(), "--store", "spring-session"];
    let mut c = r.conn(0);
    let before = snapshot(&mut c);

    // The listing never asks TYPE (SCAN filters by type on the server): it works.
    let (code, out, err) = run(&[&["sessions", "list"][..], &store].concat(), "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("9 sessions (store spring-session"), "{out}");

    let (code, out, err) = run(&[&["sessions", "show", ID_42][..], &store].concat(), "");
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
    assert_refused(&err, "TYPE", &masked);

    let (code, out, err) = run(
        &[&["revoke-user", "42", "--yes", "--until-clean"][..], &store].concat(),
        "",
    );
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
    assert_refused(&err, "TYPE", &masked);
    assert_eq!(snapshot(&mut c), before, "nothing was written");
}

#[test]
fn a_refused_read_in_the_delete_script_names_it_and_deletes_nothing() {
    let r = TestRedis::start();
    r.load(0, &["spring-session/indexed/records.jsonl"]);
    let mut c = r.conn(0);
    let before = snapshot(&mut c);
    for (rule, cmd) in [("-hget", "HGET"), ("-srem", "SREM")] {
        let name = format!("no{}", cmd.to_ascii_lowercase());
        let url = r.acl_user(&name, &[rule], 0);
        let (code, out, err) = run(
            &[
                "revoke-user",
                "42",
                "--yes",
                "--no-cutoff",
                "--until-clean",
                "--redis-url",
                &url,
                "--store",
                "spring-session",
            ],
            "",
        );
        assert_eq!(code, 1, "{rule}: {out}{err}");
        assert!(out.contains("removed 0 sessions"), "{rule}: {out}");
        assert!(!out.contains("clean"), "{rule}: {out}");
        assert_eq!(err.lines().count(), 1, "{rule}: {err}");
        assert!(
            err.contains(&format!(
                "{cmd} spring:session:{}",
                if cmd == "HGET" { "sessions:" } else { "index:" }
            )) && err.contains(&format!(
                "refused by Redis at redis://{name}:***@127.0.0.1:{}/0 in the check-and-delete script: ",
                r.port
            )),
            "{rule}: {err}"
        );
        assert_eq!(snapshot(&mut c), before, "{rule}: nothing was deleted");
    }
}

#[test]
fn a_server_stalling_mid_scan_times_out_after_the_given_duration() {
    let r = TestRedis::start();
    let mut c = r.conn(0);
    // Enough sessions that a scan of one key per SCAN call outlasts the pause below.
    for chunk in 0..20 {
        let mut p = redis::pipe();
        for i in 0..2_500 {
            p.cmd("SET")
                .arg(format!("sess:{chunk}-{i}"))
                .arg(r#"{"cookie":{"originalMaxAge":null},"user":"u"}"#)
                .ignore();
        }
        p.query::<()>(&mut c).unwrap();
    }
    let clients = |c: &mut redis::Connection| -> usize {
        let list: String = redis::cmd("CLIENT").arg("LIST").query(c).unwrap();
        list.lines().count()
    };
    let alone = clients(&mut c);
    let url = r.url(0);
    let run_list = {
        let url = url.clone();
        std::thread::spawn(move || {
            run(
                &[
                    "sessions",
                    "list",
                    "--store",
                    "connect-redis",
                    "--scan-count",
                    "1",
                    "--timeout",
                    "500ms",
                    "--redis-url",
                    &url,
                ],
                "",
            )
        })
    };
    // Once sessctl's scan connections are open (the connection it checked with PING, the
    // scanner's and the second fetcher's), the server stops answering for 3 s.
    let deadline = Instant::now() + Duration::from_secs(20);
    while clients(&mut c) < alone + 3 {
        assert!(Instant::now() < deadline, "sessctl never started its scan");
        assert!(!run_list.is_finished(), "sessctl ended before its scan");
        std::thread::sleep(Duration::from_millis(5));
    }
    let _: () = redis::cmd("CLIENT")
        .arg("PAUSE")
        .arg(3000)
        .arg("ALL")
        .query(&mut c)
        .unwrap();
    let (code, _out, err) = run_list.join().unwrap();
    assert_eq!(code, 3, "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("sessctl: error: ")
            && err.contains(&format!("cannot reach Redis at {url}: "))
            && err.trim_end().ends_with(": timed out after 500ms"),
        "{err}"
    );
    assert!(!err.contains("os error"), "{err}");
}
