//! The session commands on a Redis Cluster (three primaries started by the test, see
//! `support::cluster`), found from one node's URL: the same answers as on one server, writes
//! routed to each key's node with every script naming keys of one slot, a database other than 0
//! refused, and a primary that is down named, with exit 1, never a complete-looking answer. And
//! topology changes: slots being migrated (half their keys moved: `ASK`), a slot moved after
//! sessctl read the map (`MOVED`; to a node it did not know; by a failover), a
//! `redis-cli --cluster reshard` or a failover while `sessions list` or `revoke-user
//! --until-clean` runs (with a concurrent writer).

use std::collections::BTreeSet;

use serde_json::Value;

use crate::jwt_revoke::check_revoked_args;
use crate::revoke_user::{records, store_args};
use crate::sessions_list::{SETS, expected, listed};
use crate::support::cluster::TestCluster;
use crate::support::{hs256, run, run_json};

/// Presets whose sessions have companion keys in other hash slots (spring-session's `expires:`
/// key, expirations and principal index sets; php's `_LOCK` key): removed step by step, in
/// Spring's `deleteById` order, each step on its key's node.
fn companions_elsewhere(file: &str) -> bool {
    file.starts_with("spring-session/") || file.starts_with("php/")
}

fn flush(cluster: &TestCluster) {
    for n in &cluster.nodes {
        let _: () = redis::cmd("FLUSHALL").query(&mut n.conn(0)).unwrap();
    }
}

#[test]
fn every_preset_lists_and_counts_the_same_sessions_as_on_one_server() {
    let cluster = TestCluster::start();
    for (file, preset) in SETS {
        flush(&cluster);
        cluster.load(&[file]);
        // Every node holds some of the records: the scan must visit them all.
        assert!(cluster.keys().len() > cluster.keys_on(0).len(), "{file}");
        for seed in 0..cluster.nodes.len() {
            let base = store_args(&cluster.url(seed), preset);
            let mut args = vec!["sessions", "list", "-o", "json"];
            args.extend(base.iter().map(String::as_str));
            let (code, v, err) = run_json(&args, "");
            assert_eq!(code, 0, "{file} from node {seed}: {err}");
            assert_eq!(err, "", "{file}");
            assert_eq!(listed(&v), expected(file), "{file} from node {seed}");
        }
        let base = store_args(&cluster.url(1), preset);
        let mut args = vec!["sessions", "stats", "-o", "json"];
        args.extend(base.iter().map(String::as_str));
        let (code, v, err) = run_json(&args, "");
        assert_eq!(code, 0, "{file}: {err}");
        assert_eq!(
            v["sessions"].as_u64(),
            Some(expected(file).len() as u64),
            "{file}: {v}"
        );
    }
}

#[test]
fn show_reads_each_session_on_its_own_node() {
    let cluster = TestCluster::start();
    let file = "connect-redis/records.jsonl";
    cluster.load(&[file]);
    let base = store_args(&cluster.url(0), "connect-redis");
    let (_, listed, _) = run_json(
        &[&["sessions", "list", "-o", "json"][..], &base_refs(&base)].concat(),
        "",
    );
    let ids: Vec<String> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(ids.len() >= 4);
    for id in &ids {
        let mut args = vec!["sessions", "show", "-o", "json", id.as_str()];
        args.extend(base_refs(&base));
        let (code, v, err) = run_json(&args, "");
        assert_eq!(code, 0, "{id}: {err}");
        assert_eq!(v["id"].as_str(), Some(id.as_str()), "{v}");
    }
}

fn base_refs(base: &[String]) -> Vec<&str> {
    base.iter().map(String::as_str).collect()
}

#[test]
fn revoke_user_removes_exactly_the_users_sessions_on_every_node() {
    let cluster = TestCluster::start();
    for (file, preset) in SETS {
        flush(&cluster);
        cluster.load(&[file]);
        let recs = records(file);
        let theirs: BTreeSet<Vec<u8>> = recs
            .iter()
            .filter(|(_, role, user)| role == "session" && user.as_deref() == Some("42"))
            .map(|(k, _, _)| k.clone())
            .collect();
        // php: the user's sessions are locked (`<key>_LOCK`, in another slot than the key's).
        let locks: Vec<String> = if file.starts_with("php/") {
            theirs
                .iter()
                .map(|k| format!("{}_LOCK", String::from_utf8_lossy(k)))
                .collect()
        } else {
            Vec::new()
        };
        for lock in &locks {
            set_on_its_node(&cluster, lock, 1);
        }
        let before: BTreeSet<Vec<u8>> = cluster.keys().into_iter().collect();
        let base = store_args(&cluster.url(2), preset);
        let mut args = vec!["revoke-user", "42", "--yes", "--no-cutoff", "-o", "json"];
        args.extend(base_refs(&base));
        let (code, v, err) = run_json(&args, "");
        let after: BTreeSet<Vec<u8>> = cluster.keys().into_iter().collect();
        if file.contains("cached-db") {
            assert_eq!(code, 1, "{file}: {err}");
            assert_eq!(before, after, "{file}");
            continue;
        }
        let undecidable = v["undecidable"].as_array().unwrap();
        assert_eq!(code, i32::from(!undecidable.is_empty()), "{file}: {err}");
        assert_eq!(v["deleted"], theirs.len() as u64, "{file}: {v}");
        // Exactly the user's sessions (and their companions) are gone.
        let gone: BTreeSet<Vec<u8>> = before.difference(&after).cloned().collect();
        for k in &theirs {
            assert!(gone.contains(k), "{file}: {k:?} still there");
        }
        for (k, role, user) in &recs {
            if user.as_deref() != Some("42") && role == "session" {
                assert!(!gone.contains(k), "{file}: {k:?} of another user removed");
            }
            // Another user's companions (php's _LOCK, spring's expires: key and principal
            // index) stay; the user's own go with their sessions.
            if role == "companion" && user.is_some() {
                let theirs_too = user.as_deref() == Some("42");
                assert_eq!(gone.contains(k), theirs_too, "{file}: {k:?}");
            }
        }
        for lock in &locks {
            assert!(gone.contains(lock.as_bytes()), "{file}: {lock} left");
        }
        if companions_elsewhere(file) {
            // Removed step by step: no member of any set still names a removed session.
            for k in cluster.keys() {
                let members = set_members(&cluster, &k);
                for s in &theirs {
                    let id = &s[s.iter().rposition(|b| *b == b':').unwrap() + 1..];
                    assert!(
                        !members.iter().any(|m| m.windows(id.len()).any(|w| w == id)),
                        "{file}: {k:?} still names {id:?}"
                    );
                }
            }
        }
    }
}

/// The members of `key` when it is a set or sorted set, on its node (empty otherwise).
fn set_members(cluster: &TestCluster, key: &[u8]) -> Vec<Vec<u8>> {
    for n in &cluster.nodes {
        let mut c = n.conn(0);
        let t: Result<String, _> = redis::cmd("TYPE").arg(key).query(&mut c);
        match t.as_deref() {
            Ok("set") => return redis::cmd("SMEMBERS").arg(key).query(&mut c).unwrap(),
            Ok("zset") => {
                return redis::cmd("ZRANGE")
                    .arg(key)
                    .arg(0)
                    .arg(-1)
                    .query(&mut c)
                    .unwrap();
            }
            Ok("none") | Err(_) => {}
            Ok(_) => return Vec::new(),
        }
    }
    Vec::new()
}

#[test]
fn delete_and_expire_by_id_reach_each_node() {
    let cluster = TestCluster::start();
    let file = "connect-redis/records.jsonl";
    cluster.load(&[file]);
    let base = store_args(&cluster.url(0), "connect-redis");
    let (_, v, _) = run_json(
        &[&["sessions", "list", "-o", "json"][..], &base_refs(&base)].concat(),
        "",
    );
    let ids: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    let n = cluster.keys().len();
    let mut args = vec!["sessions", "delete", "--yes", "-o", "json"];
    args.extend(ids.iter().map(String::as_str));
    args.extend(base_refs(&base));
    let (code, _, err) = run(&args, "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(cluster.keys().len(), n - ids.len());
}

#[test]
fn a_database_other_than_0_is_refused() {
    let cluster = TestCluster::start();
    let url = cluster.url(0).replace("/0", "/3");
    let (code, out, err) = run(&["sessions", "list", "--redis-url", &url], "");
    assert_eq!(code, 2, "{err}");
    assert_eq!(out, "");
    assert_eq!(
        err,
        format!(
            "sessctl: error: {url} names database 3, but it is a Redis Cluster node: a cluster has one database, 0 (drop the /3)\n"
        )
    );
}

#[test]
fn a_primary_that_is_down_is_named_and_the_answer_is_partial() {
    let mut cluster = TestCluster::start();
    let file = "connect-redis/records.jsonl";
    cluster.load(&[file]);
    let on_2: BTreeSet<Vec<u8>> = cluster.keys_on(2).into_iter().collect();
    let elsewhere: usize = cluster.keys_on(0).len() + cluster.keys_on(1).len();
    assert!(!on_2.is_empty() && elsewhere > 0);
    let down = format!("127.0.0.1:{}", cluster.nodes[2].port);
    cluster.nodes[2].kill();
    let base = store_args(&cluster.url(0), "connect-redis");
    let (code, v, err) = run_json(
        &[&["sessions", "list", "-o", "json"][..], &base_refs(&base)].concat(),
        "",
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("was not wholly scanned"), "{err}");
    assert!(err.contains(&format!("node {down} (slots ")), "{err}");
    // What the other primaries hold is listed; nothing of the node that is down.
    // The JSON document ends with the error, as after any failure mid-scan.
    let items: &Vec<Value> = v.as_array().unwrap();
    let (last, got) = items.split_last().unwrap();
    assert!(
        last["error"]
            .as_str()
            .unwrap()
            .contains(&format!("node {down} (slots ")),
        "{last}"
    );
    assert!(!got.is_empty());
    for s in got {
        let key = s["key"].as_str().unwrap().as_bytes().to_vec();
        assert!(!on_2.contains(&key));
    }
    let mut args = vec!["revoke-user", "42", "--yes", "--no-cutoff", "-o", "json"];
    args.extend(base_refs(&base));
    let (code, _, err) = run(&args, "");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains(&format!("node {down} (slots ")), "{err}");
}

#[test]
fn revoke_user_records_the_cutoff_on_its_keys_node() {
    let cluster = TestCluster::start();
    cluster.load(&["connect-redis/records.jsonl"]);
    let base = store_args(&cluster.url(1), "connect-redis");
    let mut args = vec!["revoke-user", "42", "--yes", "-o", "json"];
    args.extend(base_refs(&base));
    let (code, v, err) = run_json(&args, "");
    assert_eq!(code, 0, "{err}");
    let key = v["cutoff"]["key"].as_str().unwrap_or_else(|| panic!("{v}"));
    assert!(
        cluster.keys().contains(&key.as_bytes().to_vec()),
        "{key} recorded"
    );
}

/// Sets `key` to `value` on the node that serves it (the one that does not answer `MOVED`).
fn set_on_its_node(cluster: &TestCluster, key: &str, value: i64) {
    let set = cluster.nodes.iter().any(|n| {
        redis::cmd("SET")
            .arg(key)
            .arg(value)
            .query::<()>(&mut n.conn(0))
            .is_ok()
    });
    assert!(set, "no node took {key}");
}

#[test]
fn jwt_revoke_and_check_revoked_reach_each_entrys_node() {
    const T: i64 = 1_800_000_000;
    let cluster = TestCluster::start();
    let tokens: Vec<String> = (0..12)
        .map(|i| {
            hs256(&format!(
                r#"{{"sub":"u{i}","jti":"tok-{i}","iat":{},"exp":{}}}"#,
                T - 60,
                T + 1000
            ))
        })
        .collect();
    // The even tokens are revoked, each from a different seed node.
    for (n, t) in tokens.iter().enumerate().step_by(2) {
        let url = cluster.url(n % 3);
        let at = T.to_string();
        let args = [
            "--redis-url",
            &url,
            "-o",
            "json",
            "jwt",
            "revoke",
            "--at",
            &at,
            t,
        ];
        let (code, v, err) = run_json(&args, "");
        assert_eq!(code, 0, "{err}");
        assert_eq!(v["status"], "revoked", "{v}");
        assert_eq!(v["key"], format!("sessctl:revoked:jti:tok-{n}"), "{v}");
    }
    // Their entries sit on several nodes: one request could not have read them all.
    let holding = (0..cluster.nodes.len())
        .filter(|&i| {
            cluster
                .keys_on(i)
                .iter()
                .any(|k| k.starts_with(b"sessctl:revoked:jti:"))
        })
        .count();
    assert!(holding >= 2, "{holding}");
    // User u1 has a cut-off after its token was issued.
    set_on_its_node(&cluster, "sessctl:revoked:user:sub:u1", T);
    let args = check_revoked_args(&cluster.url(1), "ndjson");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    for (args, stdin) in [
        (args.clone(), tokens.join("\n")),
        ([&args[..], &[tokens[2].as_str()]].concat(), String::new()),
    ] {
        let (code, out, err) = run(&args, &stdin);
        assert_eq!(code, 1, "{err}");
        let items: Vec<Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert!(!items.is_empty());
        for item in &items {
            let n = item["line"].as_u64().map_or(2, |l| l as usize - 1);
            let message = item["message"].as_str().unwrap_or_default();
            if n % 2 == 0 {
                assert_eq!(item["reason"], "revoked", "token {n}: {item}");
                assert!(
                    message.contains(&format!("sessctl:revoked:jti:tok-{n}")),
                    "{item}"
                );
            } else if n == 1 {
                assert_eq!(item["reason"], "revoked", "{item}");
                assert!(message.contains("sessctl:revoked:user:sub:u1"), "{item}");
            } else {
                assert_eq!(item["valid"], true, "token {n}: {item}");
            }
        }
    }
}

#[test]
fn revoke_user_with_a_primary_down_removes_the_users_sessions_on_the_others_and_says_so() {
    let mut cluster = TestCluster::start();
    let file = "connect-redis/records.jsonl";
    cluster.load(&[file]);
    let theirs: BTreeSet<Vec<u8>> = records(file)
        .into_iter()
        .filter(|(_, role, user)| role == "session" && user.as_deref() == Some("42"))
        .map(|(k, _, _)| k)
        .collect();
    let held = |i: usize| -> BTreeSet<Vec<u8>> {
        cluster
            .keys_on(i)
            .into_iter()
            .filter(|k| theirs.contains(k))
            .collect()
    };
    // A node holding some of the user's sessions, the others holding the rest.
    let down_i = (0..cluster.nodes.len())
        .find(|&i| !held(i).is_empty() && held(i).len() < theirs.len())
        .expect("the fixture's sessions of user 42 sit on several nodes");
    let on_down = held(down_i);
    let elsewhere: BTreeSet<Vec<u8>> = theirs.difference(&on_down).cloned().collect();
    let up: Vec<usize> = (0..cluster.nodes.len()).filter(|&i| i != down_i).collect();
    let before_up: BTreeSet<Vec<u8>> = up.iter().flat_map(|&i| cluster.keys_on(i)).collect();
    let down = format!("127.0.0.1:{}", cluster.nodes[down_i].port);
    cluster.nodes[down_i].kill();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("audit.jsonl");
    let base = store_args(&cluster.url(up[0]), "connect-redis");
    let mut args = vec!["revoke-user", "42", "--yes", "--no-cutoff", "-o", "json"];
    args.extend(["--audit-log", log.to_str().unwrap()]);
    args.extend(base_refs(&base));
    let (code, v, err) = run_json(&args, "");
    assert_eq!(code, 1, "{err}");
    // The report tells the truth: what was removed, and which node (and slots) was not scanned.
    assert_eq!(v["clean"], false, "{v}");
    assert_eq!(v["deleted"], elsewhere.len() as u64, "{v}");
    let unscanned = v["unscanned"].as_array().unwrap();
    assert_eq!(unscanned.len(), 1, "{v}");
    assert_eq!(unscanned[0]["node"], down.as_str(), "{v}");
    let slots = unscanned[0]["slots"].as_str().unwrap();
    assert!(!slots.is_empty());
    let named = format!("node {down} (slots {slots}): ");
    assert!(v["error"].as_str().unwrap().contains(&named), "{v}");
    // One error line naming the node and its slots.
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(&format!(
            "sessctl: error: revoke-user 42 removed {} sessions on the nodes it reached, but not all of them: the Redis Cluster was not wholly scanned",
            elsewhere.len()
        )),
        "{err}"
    );
    assert!(err.contains(&named), "{err}");
    // Exactly the user's sessions on the nodes reached are gone.
    let after_up: BTreeSet<Vec<u8>> = up.iter().flat_map(|&i| cluster.keys_on(i)).collect();
    let gone: BTreeSet<Vec<u8>> = before_up.difference(&after_up).cloned().collect();
    assert_eq!(gone, elsewhere);
    // The audit log shows what was removed, and ends naming the node not scanned.
    let lines: Vec<Value> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let deleted: usize = lines
        .iter()
        .filter(|l| l["step"] == "batch")
        .map(|l| l["changed"]["deleted"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(deleted, elsewhere.len(), "{lines:?}");
    let last = lines.last().unwrap();
    assert_eq!(last["step"], "error", "{last}");
    assert_eq!(last["changed"]["clean"], false, "{last}");
    assert_eq!(
        last["changed"]["unscanned"][0]["node"],
        down.as_str(),
        "{last}"
    );
    assert!(last["result"].as_str().unwrap().contains(&named), "{last}");
    // A dry run says the same, and changes nothing.
    let mut args = vec!["revoke-user", "42", "--dry-run", "-o", "json"];
    args.extend(base_refs(&base));
    let (code, v, err) = run_json(&args, "");
    assert_eq!(code, 1, "{err}");
    assert_eq!(v["clean"], false, "{v}");
    assert_eq!(v["unscanned"][0]["node"], down.as_str(), "{v}");
    assert!(err.contains(&named), "{err}");
}

#[test]
fn a_spring_companion_step_that_fails_is_named_after_its_session_was_deleted() {
    let cluster = TestCluster::start();
    let file = "spring-session/indexed/records.jsonl";
    cluster.load(&[file]);
    let theirs: Vec<Vec<u8>> = records(file)
        .into_iter()
        .filter(|(_, role, user)| role == "session" && user.as_deref() == Some("42"))
        .map(|(k, _, _)| k)
        .collect();
    assert_eq!(theirs.len(), 2);
    // The sorted set of expirations is a string here: its ZREM step fails (WRONGTYPE).
    set_on_its_node(&cluster, "spring:session:sessions:expirations", 1);
    let base = store_args(&cluster.url(0), "spring-session");
    let mut args = vec!["revoke-user", "42", "--yes", "--no-cutoff", "-o", "json"];
    args.extend(base_refs(&base));
    let (code, v, err) = run_json(&args, "");
    assert_eq!(code, 1, "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("after the session key was deleted: ZREM spring:session:sessions:expirations on redis://127.0.0.1:"),
        "{err}"
    );
    assert!(err.contains("2 of 4 steps done before it"), "{err}");
    assert!(err.contains("WRONGTYPE"), "{err}");
    assert_eq!(v["clean"], false, "{v}");
    // The session went first (its check-and-delete before any companion), and is reported
    // deleted; the other was never sent; nothing is of unknown outcome.
    assert_eq!(v["deleted"], 1, "{v}");
    assert_eq!(v["in_flight"], serde_json::json!([]), "{v}");
    assert_eq!(v["not_reached"].as_array().unwrap().len(), 1, "{v}");
    let keys = cluster.keys();
    let gone: Vec<&Vec<u8>> = theirs.iter().filter(|k| !keys.contains(k)).collect();
    assert_eq!(gone.len(), 1, "{keys:?}");
    // The principal index no longer names the deleted session (its SREM came first); the other
    // session, never sent, keeps its entry.
    let id = |k: &[u8]| k[k.iter().rposition(|b| *b == b':').unwrap() + 1..].to_vec();
    let index = "spring:session:index:org.springframework.session.FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME:42";
    let names = |members: &[Vec<u8>], id: &[u8]| members.iter().any(|m| m.ends_with(id));
    let members = set_members(&cluster, index.as_bytes());
    assert!(!names(&members, &id(gone[0])), "{members:?}");
    let kept = theirs.iter().find(|k| keys.contains(k)).unwrap();
    assert!(names(&members, &id(kept)), "{members:?}");
    // With the expirations set mended, a second run removes the rest (it still exits 1: the
    // fixture holds an undecodable record, so no run is clean).
    let mended = cluster.nodes.iter().any(|n| {
        redis::cmd("DEL")
            .arg("spring:session:sessions:expirations")
            .query::<i64>(&mut n.conn(0))
            == Ok(1)
    });
    assert!(mended);
    let (_, v, err) = run_json(&args, "");
    assert_eq!(v["deleted"], 1, "{v}: {err}");
    assert_eq!(v["error"], Value::Null, "{v}");
    let keys = cluster.keys();
    assert!(theirs.iter().all(|k| !keys.contains(k)), "{keys:?}");
}

#[test]
fn expire_by_id_reaches_each_node() {
    let cluster = TestCluster::start();
    for (file, preset) in [
        ("connect-redis/records.jsonl", "connect-redis"),
        ("spring-session/indexed/records.jsonl", "spring-session"),
    ] {
        flush(&cluster);
        expire_each(&cluster, file, preset);
    }
}

/// Expires every listed session of `file` by id, from node 0: each is shortened on its node,
/// with its companions (spring's `expires:` key, in another slot) on theirs.
fn expire_each(cluster: &TestCluster, file: &str, preset: &str) {
    cluster.load(&[file]);
    let base = store_args(&cluster.url(0), preset);
    let (_, v, _) = run_json(
        &[&["sessions", "list", "-o", "json"][..], &base_refs(&base)].concat(),
        "",
    );
    let ids: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    let mut args = vec!["sessions", "expire", "--in", "1h", "-o", "json"];
    args.extend(ids.iter().map(String::as_str));
    args.extend(base_refs(&base));
    let (code, v, err) = run_json(&args, "");
    assert_eq!(code, 0, "{err}");
    for s in v["sessions"].as_array().unwrap() {
        assert!(
            ["expired", "unchanged"].contains(&s["status"].as_str().unwrap()),
            "{file}: {s}"
        );
        assert!(s["ttl"].as_i64().unwrap() <= 3600, "{file}: {s}");
    }
    // The companions' lifetimes are shortened too.
    for k in cluster.keys() {
        if k.starts_with(b"spring:session:sessions:expires:") {
            let ttl: i64 = cluster
                .nodes
                .iter()
                .find_map(|n| redis::cmd("PTTL").arg(&k).query::<i64>(&mut n.conn(0)).ok())
                .unwrap();
            assert!((0..=3_600_000).contains(&ttl), "{k:?}: {ttl}");
        }
    }
}

/// The id `sessions list` shows for a connect-redis key (`sess:<id>`).
fn connect_id(key: &[u8]) -> String {
    String::from_utf8_lossy(&key[b"sess:".len()..]).into_owned()
}

#[test]
fn sessions_in_slots_being_migrated_are_listed_read_deleted_and_revoked_once() {
    let cluster = TestCluster::start();
    let file = "connect-redis/records.jsonl";
    cluster.load(&[file]);
    let recs = records(file);
    let session = |k: &&(Vec<u8>, String, Option<String>)| k.1 == "session";
    let theirs: Vec<Vec<u8>> = recs
        .iter()
        .filter(session)
        .filter(|(_, _, user)| user.as_deref() == Some("42"))
        .map(|(k, _, _)| k.clone())
        .collect();
    let other = recs
        .iter()
        .filter(session)
        .find(|(_, _, user)| user.as_deref().is_some_and(|u| u != "42"))
        .map(|(k, _, _)| k.clone())
        .unwrap();
    // Each of the user's sessions, and another user's, in a slot being migrated to the next
    // node (as `redis-cli --cluster reshard` leaves it midway): half of them moved already (the
    // source answers `ASK`), the rest still at the source.
    let mut moving = theirs.clone();
    moving.push(other.clone());
    let slots: BTreeSet<u16> = moving.iter().map(|k| cluster.slot(k)).collect();
    assert_eq!(
        slots.len(),
        moving.len(),
        "the fixture's sessions share a slot"
    );
    let mut moved = 0;
    for (n, key) in moving.iter().enumerate() {
        let from = cluster.holder(key).unwrap();
        let to = (from + 1) % cluster.nodes.len();
        cluster.start_migration(cluster.slot(key), from, to);
        if n % 2 == 0 || *key == other {
            cluster.migrate(key, from, to);
            assert_eq!(cluster.holder(key), Some(to));
            moved += 1;
        }
    }
    assert!(moved >= 2 && moved < moving.len());
    let base = store_args(&cluster.url(0), "connect-redis");
    // Every session listed once, the scan complete: each slot being migrated was scanned at its
    // source, then at its target.
    let (code, v, err) = run_json(
        &[&["sessions", "list", "-o", "json"][..], &base_refs(&base)].concat(),
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(listed(&v), expected(file));
    // Each is read where it is (`ASK`: `ASKING` and the reads on the target).
    for key in &moving {
        let id = connect_id(key);
        let (code, v, err) = run_json(
            &[
                &["sessions", "show", "-o", "json", id.as_str()][..],
                &base_refs(&base),
            ]
            .concat(),
            "",
        );
        assert_eq!(code, 0, "{id}: {err}");
        assert_eq!(v["id"].as_str(), Some(id.as_str()), "{v}");
    }
    // The other user's session, moved already, is deleted by id on the target.
    let id = connect_id(&other);
    let (code, _, err) = run(
        &[
            &["sessions", "delete", "--yes", "-o", "json", id.as_str()][..],
            &base_refs(&base),
        ]
        .concat(),
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(cluster.holder(&other), None);
    // The user's sessions go, on either side of their migrations, and nothing else.
    let before: BTreeSet<Vec<u8>> = cluster.keys().into_iter().collect();
    let mut args = vec![
        "revoke-user",
        "42",
        "--yes",
        "--until-clean",
        "--no-cutoff",
        "-o",
        "json",
    ];
    args.extend(base_refs(&base));
    let (code, v, err) = run_json(&args, "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["clean"], true, "{v}");
    assert_eq!(v["deleted"], theirs.len() as u64, "{v}");
    let after: BTreeSet<Vec<u8>> = cluster.keys().into_iter().collect();
    let gone: BTreeSet<Vec<u8>> = before.difference(&after).cloned().collect();
    assert_eq!(gone, theirs.iter().cloned().collect::<BTreeSet<_>>());
    // Once the slots have moved for good, the map sessctl reads names the new nodes.
    for key in &moving {
        let slot = cluster.slot(key);
        let to = (0..cluster.nodes.len())
            .find(|&i| {
                let text: String = redis::cmd("CLUSTER")
                    .arg("NODES")
                    .query(&mut cluster.nodes[i].conn(0))
                    .unwrap();
                text.lines()
                    .any(|l| l.contains("myself") && l.contains(&format!("[{slot}-<-")))
            })
            .unwrap();
        cluster.finish_migration(slot, to);
    }
    let (code, v, err) = run_json(
        &[&["sessions", "list", "-o", "json"][..], &base_refs(&base)].concat(),
        "",
    );
    assert_eq!(code, 0, "{err}");
    let left: Vec<_> = expected(file)
        .into_iter()
        .filter(|(k, user, _)| user.as_deref() != Some("42") && k.as_bytes() != other)
        .collect();
    assert_eq!(listed(&v), left);
}

/// The value of `key`, read on the node that holds it.
fn value_of(cluster: &TestCluster, key: &[u8]) -> Vec<u8> {
    let i = cluster.holder(key).unwrap();
    redis::cmd("GET")
        .arg(key)
        .query(&mut cluster.nodes[i].conn(0))
        .unwrap()
}

/// Loads more sessions into the cluster (through a cluster client), copies of `file`'s records
/// under other ids in every part of the keyspace: `of_42` of user 42's, 2,000 of user 420's
/// (whose id holds 42). Returns every key of user 42 (the fixture's and the copies), a value of
/// user 420's, and the cluster connection.
fn with_more_sessions(
    cluster: &TestCluster,
    file: &str,
    of_42: usize,
) -> (
    BTreeSet<Vec<u8>>,
    Vec<u8>,
    redis::cluster::ClusterConnection,
) {
    let recs = records(file);
    let mut theirs: BTreeSet<Vec<u8>> = recs
        .iter()
        .filter(|(_, role, user)| role == "session" && user.as_deref() == Some("42"))
        .map(|(k, _, _)| k.clone())
        .collect();
    let mine = value_of(cluster, theirs.first().unwrap());
    let (other_key, _, _) = recs
        .iter()
        .find(|(_, role, user)| role == "session" && user.as_deref() == Some("420"))
        .unwrap();
    let other = value_of(cluster, other_key);
    let client = redis::cluster::ClusterClient::new(vec![cluster.url(0)]).unwrap();
    let mut c = client.get_connection().unwrap();
    let mut p = redis::cluster::cluster_pipe();
    for n in 0..of_42 {
        let key = format!("sess:more-42-{n}");
        p.cmd("SET")
            .arg(&key)
            .arg(&mine)
            .arg("EX")
            .arg(86400)
            .ignore();
        theirs.insert(key.into_bytes());
    }
    for n in 0..2000 {
        p.cmd("SET")
            .arg(format!("sess:more-420-{n}"))
            .arg(&other)
            .arg("EX")
            .arg(86400)
            .ignore();
    }
    let _: () = p.query(&mut c).unwrap();
    (theirs, other, c)
}

#[test]
fn revoke_user_until_clean_during_a_resharding_leaves_the_user_clean_and_everyone_else_untouched() {
    let cluster = TestCluster::start();
    let file = "connect-redis/records.jsonl";
    cluster.load(&[file]);
    let (theirs, other, mut c) = with_more_sessions(&cluster, file, 300);
    let before: BTreeSet<Vec<u8>> = cluster.keys().into_iter().collect();
    // A writer keeps saving new sessions of user 420 (through a cluster client, which follows
    // the resharding) until the revocation is over.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let stop = stop.clone();
        let other = other.clone();
        std::thread::spawn(move || {
            let mut written = Vec::new();
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let key = format!("sess:writer-420-{n}");
                n += 1;
                let set: redis::RedisResult<()> = redis::cmd("SET")
                    .arg(&key)
                    .arg(&other)
                    .arg("EX")
                    .arg(86400)
                    .query(&mut c);
                if set.is_ok() {
                    written.push(key.into_bytes());
                }
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            written
        })
    };
    // A few hundred slots (and the keys in them) move from node 0 to node 1 meanwhile.
    let reshard = cluster.reshard(0, 1, 1500);
    // Once the resharding is under way (a slot being migrated to node 1, or moved there).
    let state_of_1 = |cluster: &TestCluster| -> (usize, bool) {
        let text: String = redis::cmd("CLUSTER")
            .arg("NODES")
            .query(&mut cluster.nodes[1].conn(0))
            .unwrap();
        let me = text.lines().find(|l| l.contains("myself")).unwrap();
        let mut owned = 0;
        let mut importing = false;
        for s in me.split(' ').skip(8) {
            if s.starts_with('[') {
                importing = true;
            } else if let Some((a, b)) = s.split_once('-') {
                owned += b.parse::<usize>().unwrap() - a.parse::<usize>().unwrap() + 1;
            } else {
                owned += 1;
            }
        }
        (owned, importing)
    };
    let (at_start, _) = state_of_1(&cluster);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let (owned, importing) = state_of_1(&cluster);
        if importing || owned != at_start {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the resharding did not start"
        );
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let base = store_args(&cluster.url(2), "connect-redis");
    let mut args = vec![
        "revoke-user",
        "42",
        "--yes",
        "--until-clean",
        "--max-passes",
        "1000",
        "--no-cutoff",
        "-o",
        "json",
    ];
    args.extend(base_refs(&base));
    let (code, v, err) = run_json(&args, "");
    reshard.wait();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let written = writer.join().unwrap();
    assert!(!written.is_empty());
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["clean"], true, "{v}");
    // Nothing of the user is left on any node.
    let after: BTreeSet<Vec<u8>> = cluster.keys().into_iter().collect();
    let left: Vec<&Vec<u8>> = after.intersection(&theirs).collect();
    assert!(left.is_empty(), "{left:?}");
    // Every other session is still there, the writer's too.
    let lost: Vec<&Vec<u8>> = before
        .difference(&theirs)
        .chain(written.iter())
        .filter(|k| !after.contains(*k))
        .collect();
    assert!(lost.is_empty(), "{lost:?}");
    assert_eq!(v["deleted"], theirs.len() as u64, "{v}");
}

#[test]
fn a_slot_moved_after_sessctl_read_the_map_is_followed_to_its_new_node() {
    slot_moved_after_the_map_was_read(Move::ToAnother);
}

#[test]
fn a_slot_moved_to_a_node_that_joined_after_sessctl_read_the_map_is_followed_there() {
    slot_moved_after_the_map_was_read(Move::ToNewNode);
}

#[test]
fn a_failover_after_sessctl_read_the_map_is_followed_to_the_new_primary() {
    slot_moved_after_the_map_was_read(Move::Failover);
}

/// How a slot changes node in [`slot_moved_after_the_map_was_read`].
#[derive(PartialEq)]
enum Move {
    /// Migrated to another primary.
    ToAnother,
    /// Migrated to a primary that joined the cluster after sessctl read the map.
    ToNewNode,
    /// Its primary's replica (unknown to sessctl, which connects to primaries) takes over.
    Failover,
}

/// `jwt revoke` (waiting on its input, after it has read the slot map and connected to every
/// primary) records an entry whose slot has changed node meanwhile (`how`): it meets `MOVED`,
/// reads the map again, connects to the new node if it is new, and writes there.
fn slot_moved_after_the_map_was_read(how: Move) {
    use std::io::Write as _;
    const T: i64 = 1_800_000_000;
    let mut cluster = TestCluster::start();
    let key = "sessctl:revoked:jti:moved-1";
    let token = hs256(&format!(
        r#"{{"sub":"u1","jti":"moved-1","iat":{},"exp":{}}}"#,
        T - 60,
        T + 1000
    ));
    let slot = cluster.slot(key.as_bytes());
    let from = cluster.owner(key.as_bytes());
    let primaries = cluster.nodes.len();
    let mut to = (from + 1) % primaries;
    let seed = (from + 2) % primaries;
    if how == Move::Failover {
        to = cluster.add_replica(from);
    }
    let (url, at) = (cluster.url(seed), T.to_string());
    // `jwt revoke` reads its tokens after it has connected: it waits for them on its input.
    let mut child = crate::support::sessctl_process(&[
        "--redis-url",
        &url,
        "-o",
        "json",
        "jwt",
        "revoke",
        "--at",
        &at,
    ])
    .stdin(std::process::Stdio::piped())
    .stdout(std::process::Stdio::piped())
    .stderr(std::process::Stdio::piped())
    .spawn()
    .unwrap();
    // Once it has read the slot map and connected to every primary (each one's `CLIENT LIST`
    // names its connection), the token's slot moves to another node.
    let name = format!("name=sessctl-{}-main", child.id());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !cluster.nodes[..primaries].iter().all(|n| {
        redis::cmd("CLIENT")
            .arg("LIST")
            .query::<String>(&mut n.conn(0))
            .unwrap()
            .contains(&name)
    }) {
        assert!(
            std::time::Instant::now() < deadline,
            "sessctl did not connect to every node"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    match how {
        Move::ToAnother => {}
        Move::ToNewNode => to = cluster.add_node(),
        Move::Failover => cluster.failover(to),
    }
    if how != Move::Failover {
        cluster.start_migration(slot, from, to);
        cluster.finish_migration(slot, to);
    }
    let _: () = redis::cmd("CONFIG")
        .arg("RESETSTAT")
        .query(&mut cluster.nodes[from].conn(0))
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{token}").unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("\"revoked\""), "{stdout}");
    // The entry is on the slot's new node, reached after the old one answered MOVED.
    assert_eq!(cluster.holder(key.as_bytes()), Some(to));
    let stats: String = redis::cmd("INFO")
        .arg("errorstats")
        .query(&mut cluster.nodes[from].conn(0))
        .unwrap();
    assert!(stats.contains("errorstat_MOVED:count="), "{stats}");
}

/// The slots an `Unscanned` error names: every `(slots a-b, c)` of its message.
fn slots_named(err: &str) -> BTreeSet<u16> {
    let mut out = BTreeSet::new();
    for part in err.split("(slots ").skip(1) {
        let ranges = part.split_once("):").map_or(part, |(r, _)| r);
        for r in ranges.split(", ") {
            let (a, b) = r.split_once('-').unwrap_or((r, r));
            let (a, b): (u16, u16) = (a.trim().parse().unwrap(), b.trim().parse().unwrap());
            out.extend(a..=b);
        }
    }
    out
}

#[test]
fn sessions_listed_during_a_resharding_are_listed_once_and_what_was_not_covered_is_named() {
    let cluster = TestCluster::start();
    let file = "connect-redis/records.jsonl";
    cluster.load(&[file]);
    let (key, _, _) = records(file)
        .into_iter()
        .find(|(_, role, user)| role == "session" && user.as_deref() == Some("420"))
        .unwrap();
    let value = value_of(&cluster, &key);
    let client = redis::cluster::ClusterClient::new(vec![cluster.url(0)]).unwrap();
    let mut c = client.get_connection().unwrap();
    let mut p = redis::cluster::cluster_pipe();
    for n in 0..2000 {
        p.cmd("SET")
            .arg(format!("sess:more-{n}"))
            .arg(&value)
            .arg("EX")
            .arg(86400)
            .ignore();
    }
    let _: () = p.query(&mut c).unwrap();
    // The sessions as `sessions list` names them (keys escaped), with their slots.
    let all: std::collections::BTreeMap<String, u16> = expected(file)
        .into_iter()
        .map(|(k, _, _)| k)
        .chain((0..2000).map(|n| format!("sess:more-{n}")))
        .map(|k| {
            let raw = sessctl::store::unescape_key(&k).unwrap();
            (k, cluster.slot(&raw))
        })
        .collect();
    let reshard = cluster.reshard(0, 2, 1500);
    let base = store_args(&cluster.url(1), "connect-redis");
    let mut args = vec!["sessions", "list", "-o", "json", "--pace", "2000/s"];
    args.extend(base_refs(&base));
    let (code, v, err) = run_json(&args, "");
    reshard.wait();
    let mut items: Vec<Value> = v.as_array().unwrap().clone();
    if code != 0 {
        // The listing ends with the error, naming the nodes and slots it did not cover.
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("was not wholly scanned"), "{err}");
        let last = items.pop().unwrap();
        assert!(last["error"].as_str().is_some(), "{last}");
    }
    let listed: Vec<String> = items
        .iter()
        .map(|s| s["key"].as_str().unwrap().to_owned())
        .collect();
    let once: BTreeSet<String> = listed.iter().cloned().collect();
    assert_eq!(once.len(), listed.len(), "a session was listed twice");
    assert!(once.iter().all(|k| all.contains_key(k)), "{once:?}");
    // What is missing is in the slots the error names (none when it succeeded).
    let named = slots_named(&err);
    for (k, slot) in &all {
        assert!(
            once.contains(k) || named.contains(slot),
            "{k} not listed, and its slot {slot} not named: {err}"
        );
    }
}

#[test]
fn sessions_of_one_slot_split_by_a_migration_are_revoked_one_call_each() {
    let cluster = TestCluster::start();
    let file = "connect-redis/records.jsonl";
    cluster.load(&[file]);
    let recs = records(file);
    let theirs: BTreeSet<Vec<u8>> = recs
        .iter()
        .filter(|(_, role, user)| role == "session" && user.as_deref() == Some("42"))
        .map(|(k, _, _)| k.clone())
        .collect();
    // Two more sessions of the user, copies of one of the fixture's, in one slot (a hash tag),
    // which a migration has split: one of them moved to the next node, the other not yet. A
    // check-and-delete naming both is answered TRYAGAIN by either node.
    let value = value_of(&cluster, theirs.first().unwrap());
    let (a, b) = (b"sess:{split}-1".to_vec(), b"sess:{split}-2".to_vec());
    let slot = cluster.slot(&a);
    let from = cluster.owner(&a);
    let to = (from + 1) % cluster.nodes.len();
    for k in [&a, &b] {
        let _: () = redis::cmd("SET")
            .arg(k)
            .arg(&value)
            .arg("EX")
            .arg(86400)
            .query(&mut cluster.nodes[from].conn(0))
            .unwrap();
    }
    cluster.start_migration(slot, from, to);
    cluster.migrate(&a, from, to);
    let before: BTreeSet<Vec<u8>> = cluster.keys().into_iter().collect();
    let base = store_args(&cluster.url(0), "connect-redis");
    let mut args = vec![
        "revoke-user",
        "42",
        "--yes",
        "--until-clean",
        "--no-cutoff",
        "-o",
        "json",
    ];
    args.extend(base_refs(&base));
    let (code, v, err) = run_json(&args, "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["clean"], true, "{v}");
    assert_eq!(v["deleted"], theirs.len() as u64 + 2, "{v}");
    let after: BTreeSet<Vec<u8>> = cluster.keys().into_iter().collect();
    let gone: BTreeSet<Vec<u8>> = before.difference(&after).cloned().collect();
    let mut expected = theirs.clone();
    expected.extend([a, b]);
    assert_eq!(gone, expected);
}

#[test]
fn revoke_user_until_clean_through_a_failover_leaves_the_user_clean_and_everyone_else_untouched() {
    let mut cluster = TestCluster::start();
    let file = "connect-redis/records.jsonl";
    cluster.load(&[file]);
    let (theirs, _, _) = with_more_sessions(&cluster, file, 200);
    let replica = cluster.add_replica(0);
    let primaries = [0, 1, 2];
    let keys_of = |cluster: &TestCluster, nodes: &[usize]| -> BTreeSet<Vec<u8>> {
        nodes.iter().flat_map(|&i| cluster.keys_on(i)).collect()
    };
    let before = keys_of(&cluster, &primaries);
    // A paced revocation, from node 1, with node 0's replica taking over while it runs.
    let url = cluster.url(1);
    let child = crate::support::sessctl_process(&[
        "--redis-url",
        &url,
        "--store",
        "connect-redis",
        "--pace",
        "2000/s",
        "-o",
        "json",
        "revoke-user",
        "42",
        "--yes",
        "--until-clean",
        "--max-passes",
        "100",
        "--no-cutoff",
    ])
    .stdout(std::process::Stdio::piped())
    .stderr(std::process::Stdio::piped())
    .spawn()
    .unwrap();
    let name = format!("name=sessctl-{}-scan", child.id());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !redis::cmd("CLIENT")
        .arg("LIST")
        .query::<String>(&mut cluster.nodes[0].conn(0))
        .unwrap()
        .contains(&name)
    {
        assert!(
            std::time::Instant::now() < deadline,
            "sessctl never scanned node 0"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    cluster.failover(replica);
    let out = child.wait_with_output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["clean"], true, "{v}");
    assert_eq!(v["deleted"], theirs.len() as u64, "{v}");
    // Nothing of the user is left on the primaries (node 0's slots are the replica's now), and
    // every other session is still there.
    let after = keys_of(&cluster, &[replica, 1, 2]);
    let left: Vec<&Vec<u8>> = after.intersection(&theirs).collect();
    assert!(left.is_empty(), "{left:?}");
    let lost: Vec<&Vec<u8>> = before
        .difference(&theirs)
        .filter(|k| !after.contains(*k))
        .collect();
    assert!(lost.is_empty(), "{lost:?}");
}

#[test]
fn delete_of_an_id_only_a_principal_index_names_finds_the_index_on_any_node() {
    let cluster = TestCluster::start();
    cluster.load(&["spring-session/indexed/records.jsonl"]);
    let index = "spring:session:index:org.springframework.session.FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME:42";
    // A stale member (no session has that id): a Java-serialized String, as Spring writes it.
    let mut member = vec![0xac, 0xed, 0x00, 0x05, 0x74, 0x00, 0x0a];
    member.extend_from_slice(b"stale-42-a");
    let holder = (0..cluster.nodes.len())
        .find(|&i| {
            redis::cmd("SADD")
                .arg(index)
                .arg(&member)
                .query::<i64>(&mut cluster.nodes[i].conn(0))
                .is_ok()
        })
        .expect("a node takes the index");
    // Asked through a node that does not hold the index.
    let seed = (holder + 1) % cluster.nodes.len();
    let base = store_args(&cluster.url(seed), "spring-session");
    let mut args = vec!["sessions", "delete", "stale-42-a", "--yes", "-o", "json"];
    args.extend(base_refs(&base));
    let (code, v, err) = run_json(&args, "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        v["index_removed"],
        serde_json::json!([{ "id": "stale-42-a", "key": index }]),
        "{v}"
    );
    let left: bool = redis::cmd("SISMEMBER")
        .arg(index)
        .arg(&member)
        .query(&mut cluster.nodes[holder].conn(0))
        .unwrap();
    assert!(!left, "the stale member is still in {index}");
}

/// Writes `per_node` connect-redis sessions on each primary (keys hash-tagged to land there), in
/// one pipeline per node; the users are `0..per_node`.
fn fill_every_node(cluster: &TestCluster, per_node: usize) {
    for (n, node) in cluster.nodes.iter().enumerate() {
        let mut c = node.conn(0);
        // A hash tag this node serves: the first one it accepts a write for.
        let tag = (0..)
            .map(|t| format!("{{n{n}t{t}}}"))
            .find(|tag| {
                redis::cmd("SET")
                    .arg(format!("probe:{tag}"))
                    .arg(1)
                    .query::<()>(&mut c)
                    .is_ok()
            })
            .unwrap();
        let _: () = redis::cmd("DEL")
            .arg(format!("probe:{tag}"))
            .query(&mut c)
            .unwrap();
        let mut p = redis::pipe();
        for i in 0..per_node {
            p.cmd("SET")
                .arg(format!("sess:{tag}{n}-{i}"))
                .arg(format!(
                    r#"{{"cookie":{{"originalMaxAge":86400000}},"passport":{{"user":{i}}}}}"#
                ))
                .ignore();
        }
        let _: () = p.query(&mut c).unwrap();
    }
}

#[test]
fn a_primary_killed_mid_scan_is_named_and_the_answer_is_partial() {
    use std::io::{BufRead, BufReader, Read};
    let mut cluster = TestCluster::start();
    fill_every_node(&cluster, 6000);
    let down = format!("127.0.0.1:{}", cluster.nodes[2].port);
    // At 1,000 keys/s per node, each node's scan takes about 6 s: node 2 dies during it.
    let base = store_args(&cluster.url(0), "connect-redis");
    let mut args = vec!["sessions", "list", "-o", "ndjson", "--pace", "1000/s"];
    args.extend(base_refs(&base));
    let mut child = crate::support::sessctl_process(&args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    assert!(first.contains("\"id\""), "{first}");
    cluster.nodes[2].kill();
    let mut rest = String::new();
    out.read_to_string(&mut rest).unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let code = child.wait().unwrap().code();
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("was not wholly scanned"), "{err}");
    assert!(err.contains(&format!("node {down} (slots ")), "{err}");
    // The sessions of the nodes that stayed up are all listed, before the error line.
    let lines: Vec<Value> = std::iter::once(first.as_str())
        .chain(rest.lines())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let (last, sessions) = lines.split_last().unwrap();
    assert!(last["error"].as_str().unwrap().contains(&down), "{last}");
    let of = |n: usize| {
        sessions
            .iter()
            .filter(|s| s["id"].as_str().unwrap().contains(&format!("}}{n}-")))
            .count()
    };
    assert_eq!((of(0), of(1)), (6000, 6000));
    assert!(of(2) < 6000, "node 2 was killed before its scan ended");
}

#[test]
fn the_confirmation_names_the_cluster_nodes_not_scanned() {
    let mut cluster = TestCluster::start();
    cluster.load(&["connect-redis/records.jsonl"]);
    let down = format!("127.0.0.1:{}", cluster.nodes[2].port);
    cluster.nodes[2].kill();
    let base = store_args(&cluster.url(0), "connect-redis");
    let mut args = vec!["revoke-user", "42", "--no-cutoff"];
    args.extend(base_refs(&base));
    let before = cluster.keys_on(0).len() + cluster.keys_on(1).len();
    let (_, screen) = crate::support::run_on_terminal(&args, "n\n");
    assert!(
        screen.contains(&format!(
            "(not scanned: 1 cluster node down, whose sessions stay: {down})"
        )),
        "{screen}"
    );
    // Answered no: nothing changed.
    assert_eq!(cluster.keys_on(0).len() + cluster.keys_on(1).len(), before);
}
