//! `sessctl revoke-user` against a real redis-server loaded with the records each real library
//! wrote: exactly the user's sessions go (42, never 420), companions and the spring index stay
//! consistent, dry-run changes nothing, no terminal means no deletion without --yes, and a
//! concurrent writer never loses another user's session.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use base64::Engine as _;
use serde_json::Value;

use crate::sessions_list::SETS;
use crate::support::redis::TestRedis;
use crate::support::{fixture, run, run_json, run_on_terminal};

/// Every key of the database with its `DUMP` (type and value).
pub(crate) fn snapshot(c: &mut redis::Connection) -> BTreeMap<Vec<u8>, Vec<u8>> {
    let keys: Vec<Vec<u8>> = redis::cmd("KEYS").arg("*").query(c).unwrap();
    keys.into_iter()
        .map(|k| {
            let d: Vec<u8> = redis::cmd("DUMP").arg(&k).query(c).unwrap();
            (k, d)
        })
        .collect()
}

/// The fixture's records: (key bytes, role, user).
pub(crate) fn records(file: &str) -> Vec<(Vec<u8>, String, Option<String>)> {
    let text = std::fs::read_to_string(fixture(&format!("sessions/{file}"))).unwrap();
    text.lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|r| {
            let key = base64::engine::general_purpose::STANDARD
                .decode(r["key_b64"].as_str().unwrap())
                .unwrap();
            (
                key,
                r["role"].as_str().unwrap().to_owned(),
                r["user"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

/// Options selecting the fixture's store; they go after the subcommand (`--prefix` is the
/// session commands' own).
pub(crate) fn store_args(url: &str, preset: &str) -> Vec<String> {
    let mut v = vec![
        "--redis-url".to_owned(),
        url.to_owned(),
        "--store".to_owned(),
        preset.to_owned(),
    ];
    if preset == "json" {
        v.extend(["--prefix".to_owned(), "app:sess:".to_owned()]);
    }
    v
}

/// The command `more`, then the store options `base`.
fn args<'a>(base: &'a [String], more: &[&'a str]) -> Vec<&'a str> {
    more.iter()
        .copied()
        .chain(base.iter().map(String::as_str))
        .collect()
}

#[test]
fn every_preset_loses_exactly_the_users_sessions() {
    for (file, preset) in SETS {
        let r = TestRedis::start();
        r.load(0, &[file]);
        let mut c = r.conn(0);
        let before = snapshot(&mut c);
        let recs = records(file);
        let theirs: BTreeSet<Vec<u8>> = recs
            .iter()
            .filter(|(_, role, user)| role == "session" && user.as_deref() == Some("42"))
            .map(|(k, _, _)| k.clone())
            .collect();
        assert!(!theirs.is_empty(), "{file} has sessions of user 42");
        let base = store_args(&r.url(0), preset);
        let (code, v, err) = run_json(
            &args(
                &base,
                &["revoke-user", "42", "--yes", "--no-cutoff", "-o", "json"],
            ),
            "",
        );
        let after = snapshot(&mut c);
        if file.contains("cached-db") {
            // The database holds these sessions: nothing is pretended.
            assert_eq!(code, 1, "{file}: {err}");
            assert_eq!(v["deleted"], 0, "{file}");
            assert_eq!(v["not_removed"].as_array().unwrap().len(), theirs.len());
            assert_eq!(before, after, "{file}: cached_db left untouched");
            continue;
        }
        // The fixtures' undecodable records have an unknown owner: reported, and exit 1.
        let undecidable = v["undecidable"].as_array().unwrap();
        assert_eq!(code, i32::from(!undecidable.is_empty()), "{file}: {err}");
        for u in undecidable {
            assert!(
                u["id"].as_str().unwrap().contains("undecodable"),
                "{file}: {u}"
            );
        }
        assert_eq!(v["user"], "42");
        assert_eq!(v["dry_run"], false);
        assert_eq!(v["deleted"], theirs.len() as u64, "{file}: {v}");
        assert_eq!(v["sessions"].as_array().unwrap().len(), theirs.len());
        for k in &theirs {
            assert!(!after.contains_key(k), "{file}: {k:?} still there");
        }
        // Every other session (420, 7, 99, anonymous, undecodable, non-UTF-8) is byte-identical.
        for (k, role, user) in &recs {
            if role == "session" && user.as_deref() != Some("42") {
                assert_eq!(
                    before.get(k),
                    after.get(k),
                    "{file}: {} changed",
                    String::from_utf8_lossy(k)
                );
            }
            // Companions of other users' sessions are untouched too.
            if role == "companion" && user.is_some() && user.as_deref() != Some("42") {
                assert_eq!(before.get(k), after.get(k), "{file}: companion changed");
            }
            // The user's own companions (expires: keys, the index set) are gone.
            if role == "companion" && user.as_deref() == Some("42") {
                assert!(!after.contains_key(k), "{file}: {k:?} left behind");
            }
        }
    }
}

#[test]
fn spring_index_and_expirations_stay_consistent() {
    for file in [
        "spring-session/indexed/records.jsonl",
        "spring-session/indexed-sortedset/records.jsonl",
    ] {
        let r = TestRedis::start();
        r.load(0, &[file]);
        let mut c = r.conn(0);
        let base = store_args(&r.url(0), "spring-session");
        let (code, v, err) = run_json(
            &args(&base, &["revoke-user", "42", "--yes", "-o", "json"]),
            "",
        );
        assert_eq!(code, 0, "{err}");
        assert_eq!(v["used_index"], true);
        let ids: Vec<String> = v["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect();
        assert_eq!(ids.len(), 2);
        // No index set, expirations bucket or sorted set still names a removed session.
        let keys: Vec<Vec<u8>> = redis::cmd("KEYS").arg("*").query(&mut c).unwrap();
        for k in keys {
            let t: String = redis::cmd("TYPE").arg(&k).query(&mut c).unwrap();
            let members: Vec<Vec<u8>> = match t.as_str() {
                "set" => redis::cmd("SMEMBERS").arg(&k).query(&mut c).unwrap(),
                "zset" => redis::cmd("ZRANGE")
                    .arg(&k)
                    .arg(0)
                    .arg(-1)
                    .query(&mut c)
                    .unwrap(),
                _ => continue,
            };
            for m in members {
                let text = String::from_utf8_lossy(&m);
                for id in &ids {
                    assert!(!text.contains(id.as_str()), "{file}: {text} in {k:?}");
                }
            }
            for id in &ids {
                assert!(!String::from_utf8_lossy(&k).contains(id.as_str()));
            }
        }
        // The other users' index sets are intact and still point at live sessions.
        let (code, v, _) = run_json(
            &args(&base, &["sessions", "list", "--user", "420", "-o", "json"]),
            "",
        );
        assert_eq!(code, 0);
        assert_eq!(v.as_array().unwrap().len(), 1);
    }
}

#[test]
fn dry_run_changes_nothing_and_shows_what_would_go() {
    for (file, preset) in [
        ("connect-redis/records.jsonl", "connect-redis"),
        ("spring-session/indexed/records.jsonl", "spring-session"),
        ("php/records.jsonl", "php"),
    ] {
        let r = TestRedis::start();
        r.load(0, &[file]);
        let mut c = r.conn(0);
        let before = snapshot(&mut c);
        let base = store_args(&r.url(0), preset);
        let (code, v, err) = run_json(
            &args(&base, &["revoke-user", "42", "--dry-run", "-o", "json"]),
            "",
        );
        assert_eq!(code, 0, "{err}");
        assert_eq!(v["dry_run"], true);
        assert_eq!(v["deleted"], 0);
        assert!(v["cutoff"].is_null());
        let n = records(file)
            .iter()
            .filter(|(_, role, u)| role == "session" && u.as_deref() == Some("42"))
            .count();
        assert_eq!(v["sessions"].as_array().unwrap().len(), n, "{file}");
        assert_eq!(
            before,
            snapshot(&mut c),
            "{file}: dry-run changed the store"
        );
    }
}

#[test]
fn refuses_without_a_terminal_and_without_yes() {
    let r = TestRedis::start();
    r.load(0, &["connect-redis/records.jsonl"]);
    let mut c = r.conn(0);
    let before = snapshot(&mut c);
    let (code, out, err) = run(
        &[
            "--redis-url",
            &r.url(0),
            "--store",
            "connect-redis",
            "revoke-user",
            "42",
        ],
        "y\n",
    );
    assert_eq!(code, 2, "{err}");
    assert_eq!(out, "");
    assert!(
        err.starts_with("sessctl: error: refusing to delete 4 sessions of user 42"),
        "{err}"
    );
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(before, snapshot(&mut c));
}

#[test]
fn asks_on_a_terminal_and_obeys_the_answer() {
    let r = TestRedis::start();
    r.load(0, &["connect-redis/records.jsonl"]);
    let mut c = r.conn(0);
    let before = snapshot(&mut c);
    let url = r.url(0);
    let args = [
        "--redis-url",
        url.as_str(),
        "--store",
        "connect-redis",
        "revoke-user",
        "42",
        "--no-cutoff",
        "-o",
        "json",
    ];
    let (code, screen) = run_on_terminal(&args, "n\n");
    assert!(
        screen.contains("Delete 4 sessions of user 42 from connect-redis"),
        "the question names how many of whom: {screen}"
    );
    assert!(screen.contains("[y/N]"), "{screen}");
    assert_eq!(code, 1, "declined: {screen}");
    assert!(screen.contains("nothing was deleted"), "{screen}");
    assert_eq!(before, snapshot(&mut c), "declining changes nothing");

    let (code, screen) = run_on_terminal(&args, "y\n");
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains(r#""deleted": 4"#), "{screen}");
    assert_eq!(snapshot(&mut c).len(), before.len() - 4);
}

#[test]
fn human_form_prints_the_table_and_a_summary_and_records_the_cutoff() {
    let r = TestRedis::start();
    r.load(0, &["connect-redis/records.jsonl"]);
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("audit.jsonl");
    let (code, out, err) = run(
        &[
            "--redis-url",
            &r.url(0),
            "revoke-user",
            "42",
            "--yes",
            "--audit-log",
            log.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with(" ID "), "{out}");
    assert!(
        out.contains("revoke-user: removed 4 sessions of user 42 (connect-redis, by scan, 12 keys scanned, 1 pass)"),
        "{out}"
    );
    assert!(out.contains("JWT cut-off: tokens issued before"), "{out}");
    let mut c = r.conn(0);
    let cutoff: Option<i64> = redis::cmd("GET")
        .arg("sessctl:revoked:user:sub:42")
        .query(&mut c)
        .unwrap();
    assert!(cutoff.is_some());
    let lines: Vec<Value> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let steps: Vec<&str> = lines.iter().map(|l| l["step"].as_str().unwrap()).collect();
    assert_eq!(steps, ["start", "batch", "sent", "batch", "done"]);
    for l in &lines {
        assert_eq!(l["command"], "revoke-user");
        assert_eq!(l["store"]["preset"], "connect-redis");
        assert!(l["time"].is_string() && l["host"].is_string());
        assert!(l["args"].as_array().unwrap().iter().any(|a| a == "42"));
    }
    assert!(
        lines[1]["changed"]["cutoff"].is_object(),
        "the cut-off first"
    );
    assert_eq!(lines[2]["changed"]["ids"].as_array().unwrap().len(), 4);
    assert_eq!(lines[2]["result"], "sent, outcome unknown");
    assert_eq!(lines[3]["changed"]["deleted"].as_array().unwrap().len(), 4);
    assert_eq!(lines[4]["result"], "ok");
}

/// A writer creates and rewrites sessions for user 42 and others while `revoke-user
/// --until-clean` runs: no other user's session is lost, and none of 42's is left.
#[test]
fn concurrent_writer_loses_no_other_users_session() {
    let r = TestRedis::start();
    let mut c = r.conn(0);
    let mut p = redis::pipe();
    for i in 0..5000 {
        let user = 1000 + i % 97;
        p.cmd("SET")
            .arg(format!("sess:seed-{i}"))
            .arg(format!(r#"{{"cookie":{{}},"passport":{{"user":{user}}}}}"#))
            .ignore();
    }
    for i in 0..100 {
        p.cmd("SET")
            .arg(format!("sess:seed42-{i}"))
            .arg(r#"{"cookie":{},"passport":{"user":42}}"#)
            .ignore();
    }
    p.query::<()>(&mut c).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let url = r.url(0);
    let writer = {
        let stop = stop.clone();
        let mut w = r.conn(0);
        std::thread::spawn(move || {
            let mut others: Vec<String> = Vec::new();
            let mut created_after_cutoff = 0;
            let mut i = 0u64;
            loop {
                let cutoff: bool = redis::cmd("EXISTS")
                    .arg("sessctl:revoked:user:sub:42")
                    .query(&mut w)
                    .unwrap();
                let make_42 = !cutoff || created_after_cutoff < 300;
                if !make_42 && stop.load(Ordering::SeqCst) {
                    break;
                }
                let mut p = redis::pipe();
                if make_42 {
                    // A new session of 42, and an existing one of 42 "touched" (rewritten).
                    p.cmd("SET")
                        .arg(format!("sess:w42-{i}"))
                        .arg(format!(
                            r#"{{"cookie":{{"n":{i}}},"passport":{{"user":42}}}}"#
                        ))
                        .ignore();
                    if cutoff {
                        created_after_cutoff += 1;
                    }
                }
                // A new session of another user, and a seeded 42 session taken over by user 7
                // (a rewrite for another user between scan and delete must survive).
                let k = format!("sess:wo-{i}");
                p.cmd("SET")
                    .arg(&k)
                    .arg(format!(
                        r#"{{"cookie":{{}},"passport":{{"user":"{}"}}}}"#,
                        420 + i % 3
                    ))
                    .ignore();
                others.push(k);
                if i < 100 && i.is_multiple_of(2) {
                    let k = format!("sess:seed42-{i}");
                    p.cmd("SET")
                        .arg(&k)
                        .arg(r#"{"cookie":{},"passport":{"user":7}}"#)
                        .ignore();
                    others.push(k);
                }
                // Rewrite a seeded session of another user.
                p.cmd("SET")
                    .arg(format!("sess:seed-{}", i % 5000))
                    .arg(format!(
                        r#"{{"cookie":{{"n":{i}}},"passport":{{"user":{}}}}}"#,
                        1000 + (i % 5000) % 97
                    ))
                    .ignore();
                p.query::<()>(&mut w).unwrap();
                i += 1;
            }
            others
        })
    };
    let (code, v, err) = run_json(
        &[
            "--redis-url",
            &url,
            "--store",
            "connect-redis",
            "revoke-user",
            "42",
            "--yes",
            "--until-clean",
            "--max-passes",
            "200",
            // The writer adds sessions of other users as fast as it can for as long as the
            // revocation runs; at the default pace sessctl backs off from the busy server while
            // the keyspace grows (it converged, in 10 s here). What is checked here is that
            // nothing is lost or left, not how gently.
            "--pace",
            "full",
            "-o",
            "json",
        ],
        "",
    );
    stop.store(true, Ordering::SeqCst);
    let others = writer.join().unwrap();
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["clean"], true, "{v}");
    // Zero sessions of other users lost.
    let mut p = redis::pipe();
    for k in &others {
        p.cmd("EXISTS").arg(k);
    }
    for i in 0..5000 {
        p.cmd("EXISTS").arg(format!("sess:seed-{i}"));
    }
    let exists: Vec<bool> = p.query(&mut c).unwrap();
    let lost = exists.iter().filter(|e| !**e).count();
    assert_eq!(lost, 0, "{lost} sessions of other users lost");
    // Zero sessions of 42 left.
    let keys: Vec<String> = redis::cmd("KEYS").arg("sess:*").query(&mut c).unwrap();
    let mut left = Vec::new();
    for k in keys {
        let v: String = redis::cmd("GET").arg(&k).query(&mut c).unwrap();
        let doc: Value = serde_json::from_str(&v).unwrap();
        if doc["passport"]["user"] == 42 {
            left.push(k);
        }
    }
    assert!(left.is_empty(), "sessions of 42 left: {left:?}");
}

#[test]
fn an_empty_or_blank_user_is_refused_before_anything_is_recorded() {
    let r = TestRedis::start();
    r.load(0, &["connect-redis/records.jsonl"]);
    let mut c = r.conn(0);
    let before = snapshot(&mut c);
    let url = r.url(0);
    for user in ["", " ", "\t"] {
        for a in [
            vec!["--redis-url", url.as_str(), "revoke-user", user, "--yes"],
            vec![
                "--redis-url",
                url.as_str(),
                "sessions",
                "list",
                "--user",
                user,
            ],
        ] {
            let (code, out, err) = run(&a, "");
            assert_eq!(code, 2, "{a:?}: {err}");
            assert_eq!(out, "");
            assert!(
                err.contains("the user id is empty: give the id the sessions are stored under"),
                "{a:?}: {err}"
            );
        }
    }
    // No cut-off for the empty user, no session touched.
    assert_eq!(before, snapshot(&mut c));
}
