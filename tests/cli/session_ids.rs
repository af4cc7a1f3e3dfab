//! Session ids as sessctl prints them address exactly the session they were printed for (issue
//! 10): against a real redis-server holding a key for every byte value and keys whose text looks
//! like an escape, each id taken from `sessions list` is shown, expired and deleted as that key
//! and no other. Bad escapes are usage errors before anything connects.

use std::collections::{BTreeMap, BTreeSet};

use crate::support::redis::TestRedis;
use crate::support::{run, run_json};

/// Keys beside the 256 `sess:a<byte>b` ones: literal escape-like text next to the keys that
/// text would have named before (`sess:\x41bc` beside `sess:Abc`), the key whose id once
/// panicked `sessions show` (`sess:\xaé`), backslashes alone and at the end.
const EXTRAS: &[(&[u8], &str)] = &[
    (b"sess:\\x41bc", "666"),
    (b"sess:Abc", "42"),
    (b"sess:\\\\x41bc", "667"),
    ("sess:\\xaé".as_bytes(), "668"),
    (b"sess:\xaa\xc3\xa9", "669"),
    (b"sess:\\", "670"),
    (b"sess:\\\\", "671"),
    (b"sess:x\\", "672"),
];

/// Seeds the store: returns user → key bytes (every user id is distinct).
fn seed(r: &TestRedis) -> BTreeMap<String, Vec<u8>> {
    let mut c = r.conn(0);
    let mut keys = BTreeMap::new();
    for b in 0..=255u8 {
        keys.insert(
            format!("u{b:03}"),
            vec![b's', b'e', b's', b's', b':', b'a', b, b'b'],
        );
    }
    for (k, u) in EXTRAS {
        keys.insert((*u).to_owned(), k.to_vec());
    }
    for (user, key) in &keys {
        let value = format!(r#"{{"cookie":{{}},"passport":{{"user":"{user}"}}}}"#);
        let () = redis::cmd("SET")
            .arg(key)
            .arg(value)
            .arg("EX")
            .arg(3600)
            .query(&mut c)
            .unwrap();
    }
    keys
}

fn all_keys(c: &mut redis::Connection) -> BTreeSet<Vec<u8>> {
    redis::cmd("KEYS").arg("*").query(c).unwrap()
}

fn argv(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn ttl(c: &mut redis::Connection, key: &[u8]) -> i64 {
    redis::cmd("TTL").arg(key).query(c).unwrap()
}

#[test]
fn every_listed_id_shows_expires_and_deletes_exactly_its_own_key() {
    let r = TestRedis::start();
    let url = r.url(0);
    let by_user = seed(&r);
    let mut c = r.conn(0);
    let base = ["--redis-url", url.as_str(), "--store", "connect-redis"];
    let with = |rest: &[&str]| -> Vec<String> {
        base.iter().chain(rest).map(|s| (*s).to_owned()).collect()
    };

    // user → (id, key) as listed.
    let list = with(&["-o", "json", "sessions", "list"]);
    let (code, v, err) = run_json(&argv(&list), "");
    assert_eq!((code, err.as_str()), (0, ""));
    let mut listed: BTreeMap<String, (String, String)> = BTreeMap::new();
    for s in v.as_array().unwrap() {
        let user = s["user"].as_str().unwrap().to_owned();
        let id = s["id"].as_str().unwrap().to_owned();
        let key = s["key"].as_str().unwrap().to_owned();
        assert_eq!(key, format!("sess:{id}"));
        assert!(listed.insert(user, (id, key)).is_none());
    }
    assert_eq!(listed.len(), by_user.len(), "every key listed once");
    let ids: BTreeSet<&str> = listed.values().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids.len(), listed.len(), "no two keys share an id");
    // The shapes users see: printable ASCII as is, the rest escaped, a backslash doubled.
    assert_eq!(listed["u065"].0, "aAb");
    assert_eq!(listed["u092"].0, "a\\\\b");
    assert_eq!(listed["u010"].0, "a\\x0ab");
    assert_eq!(listed["u127"].0, "a\\x7fb");
    assert_eq!(listed["u255"].0, "a\\xffb");
    assert_eq!(listed["666"].0, "\\\\x41bc");
    assert_eq!(listed["42"].0, "Abc");
    assert_eq!(listed["668"].0, "\\\\xaé");
    assert_eq!(listed["669"].0, "\\xaaé");

    // show: each id gives back its own key and user (no panic on any of them).
    for (user, (id, key)) in &listed {
        let show = with(&["-o", "json", "sessions", "show", id]);
        let (code, v, err) = run_json(&argv(&show), "");
        assert_eq!((code, err.as_str()), (0, ""), "show {id}");
        assert_eq!(v["key"], key.as_str(), "show {id}");
        assert_eq!(v["user"], user.as_str(), "show {id}");
    }

    // expire, all 256 byte keys in one run: each item is its own key, and only those changed.
    let byte_users: Vec<&String> = listed.keys().filter(|u| u.starts_with('u')).collect();
    let mut expire = with(&["-o", "json", "sessions", "expire", "--in", "100"]);
    expire.extend(byte_users.iter().map(|u| listed[*u].0.clone()));
    let (code, v, err) = run_json(&argv(&expire), "");
    assert_eq!((code, err.as_str()), (0, ""));
    let items = v["sessions"].as_array().unwrap();
    assert_eq!(items.len(), 256);
    for (item, user) in items.iter().zip(&byte_users) {
        assert_eq!(item["id"], listed[*user].0.as_str());
        assert_eq!(item["key"], listed[*user].1.as_str());
        assert_eq!(item["status"], "expired");
    }
    for (user, key) in &by_user {
        let t = ttl(&mut c, key);
        if user.starts_with('u') {
            assert!((95..=100).contains(&t), "{user}: {t}");
        } else {
            assert!(t > 3500, "{user} was not named but now has {t}");
        }
    }
    // expire by the id of the literal `\x41bc` key: that key, not `Abc`.
    let one = with(&[
        "-o",
        "json",
        "sessions",
        "expire",
        "--in",
        "50",
        &listed["666"].0,
    ]);
    let (code, v, err) = run_json(&argv(&one), "");
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(v["sessions"][0]["key"], "sess:\\\\x41bc");
    assert!((45..=50).contains(&ttl(&mut c, b"sess:\\x41bc")));
    assert!(ttl(&mut c, b"sess:Abc") > 3500);

    // delete, one id at a time: exactly that key goes.
    let mut left: BTreeSet<Vec<u8>> = by_user.values().cloned().collect();
    assert_eq!(all_keys(&mut c), left);
    for (user, (id, key)) in &listed {
        let del = with(&["-o", "json", "sessions", "delete", id, "--yes"]);
        let (code, v, err) = run_json(&argv(&del), "");
        assert_eq!((code, err.as_str()), (0, ""), "delete {id}");
        assert_eq!(v["deleted"], serde_json::json!([id]));
        assert_eq!(v["sessions"][0]["key"], key.as_str());
        assert!(left.remove(&by_user[user]));
        assert_eq!(all_keys(&mut c), left, "after deleting {id} ({user})");
    }
    assert!(left.is_empty());
}

#[test]
fn bad_escapes_are_usage_errors_before_connecting() {
    // Nothing listens on port 1: a usage error must come first.
    let url = "redis://127.0.0.1:1/0";
    for (args, id) in [
        (vec!["sessions", "show", "a\\qb"], "a\\qb"),
        (vec!["sessions", "delete", "x", "a\\x4", "--yes"], "a\\x4"),
        (vec!["sessions", "expire", "a\\", "--in", "1m"], "a\\"),
        (vec!["sessions", "show", "\\xé1"], "\\xé1"),
    ] {
        let mut a = vec!["--redis-url", url];
        a.extend(args);
        let (code, out, err) = run(&a, "");
        assert_eq!(code, 2, "{a:?}: {err}");
        assert_eq!(out, "");
        assert_eq!(
            err,
            format!(
                "sessctl: error: bad escape in session id `{id}`: use \\\\ for a backslash, \\xNN for a byte\n"
            )
        );
    }
}
