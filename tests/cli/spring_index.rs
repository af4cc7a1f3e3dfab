//! Spring Session's principal index left clean (issue 12 item 3), against a real redis-server
//! loaded with the indexed fixture: members of a user's index whose session hash no longer exists
//! (stale members, which Spring leaves behind) go with `revoke-user` (with and without
//! `--full-scan`), and only the user's; `clean` stays false while one is left; a session
//! re-created between the read and the delete keeps its index entry; `sessions delete` of an id
//! that only an index still names removes it from that index.

use std::collections::BTreeSet;
use std::time::Duration;

use serde_json::{Value, json};

use sessctl::store::preset::{Preset, SpringSession};
use sessctl::store::redis::{ConnectOptions, RedactedUrl, RedisStore};
use sessctl::store::revocation::{self, RECREATED, Request, Unobserved};

use crate::revoke_user::snapshot;
use crate::support::redis::TestRedis;
use crate::support::{run, run_json};

const FIXTURE: &str = "spring-session/indexed/records.jsonl";
const INDEX: &str = "spring:session:index:org.springframework.session.FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME:";
/// The fixture's sessions of user 42 (both in 42's index).
const OF_42: [&str; 2] = [
    "0a82ec58-eaff-4b0f-a976-adc0990483df",
    "cba08448-ff97-4d40-b71f-71511b573838",
];
/// The fixture's session of user 420 (in 420's index).
const OF_420: &str = "02fb2d14-a281-4302-b741-72c0f4fc694a";

/// A Java-serialized `String`, as Spring writes index members.
fn jstr(s: &str) -> Vec<u8> {
    let mut out = vec![0xac, 0xed, 0x00, 0x05, 0x74];
    out.extend_from_slice(&u16::try_from(s.len()).unwrap().to_be_bytes());
    out.extend_from_slice(s.as_bytes());
    out
}

fn index(user: &str) -> String {
    format!("{INDEX}{user}")
}

fn add_member(c: &mut redis::Connection, user: &str, id: &str) {
    let _: () = redis::cmd("SADD")
        .arg(index(user))
        .arg(jstr(id))
        .query(c)
        .unwrap();
}

/// The ids an index names, sorted.
fn members(c: &mut redis::Connection, user: &str) -> BTreeSet<String> {
    let m: Vec<Vec<u8>> = redis::cmd("SMEMBERS").arg(index(user)).query(c).unwrap();
    m.iter()
        .map(|b| String::from_utf8(b[7..].to_vec()).unwrap())
        .collect()
}

fn sorted(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = v
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect();
    out.sort();
    out
}

fn set_of(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| (*s).to_owned()).collect()
}

/// The fixture without its undecodable record (an owner unknown keeps any run from clean, and
/// a run whose index is gone scans), plus two stale members in 42's index and one in 420's.
fn store_with_stale_members() -> TestRedis {
    let r = fixture_store();
    let mut c = r.conn(0);
    add_member(&mut c, "42", "stale-42-a");
    add_member(&mut c, "42", "stale-42-b");
    add_member(&mut c, "420", "stale-420");
    r
}

/// The fixture without its undecodable record.
fn fixture_store() -> TestRedis {
    let r = TestRedis::start();
    r.load(0, &[FIXTURE]);
    let _: () = redis::cmd("DEL")
        .arg("spring:session:sessions:00000000-dead-beef-0000-undecodable0")
        .query(&mut r.conn(0))
        .unwrap();
    r
}

#[test]
fn revoke_user_removes_the_users_stale_index_members_and_only_the_users() {
    for full_scan in [false, true] {
        let r = store_with_stale_members();
        let mut c = r.conn(0);
        let url = r.url(0);
        let mut base = vec!["--redis-url", url.as_str(), "--store", "spring-session"];
        base.extend(["revoke-user", "42", "--no-cutoff", "-o", "json"]);
        if full_scan {
            base.push("--full-scan");
        }

        // --dry-run shows them and changes nothing; the store is not clean.
        let before = snapshot(&mut c);
        let (code, v, err) = run_json(&[&base[..], &["--dry-run"]].concat(), "");
        assert_eq!(code, 0, "{err}");
        assert_eq!(
            sorted(&v["stale_index_removed"]),
            ["stale-42-a", "stale-42-b"]
        );
        assert_eq!(v["clean"], false);
        assert_eq!(before, snapshot(&mut c), "--dry-run changed the store");

        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("audit.jsonl");
        let (code, v, err) = run_json(
            &[&base[..], &["--yes", "--audit-log", log.to_str().unwrap()]].concat(),
            "",
        );
        assert_eq!(code, 0, "full scan {full_scan}: {err}");
        assert_eq!(v["used_index"], true);
        assert_eq!(sorted(&v["sessions"]), OF_42);
        assert_eq!(
            sorted(&v["stale_index_removed"]),
            ["stale-42-a", "stale-42-b"],
            "full scan {full_scan}: {v}"
        );
        // 42's index named nothing else: it is gone with its last member.
        let exists: bool = redis::cmd("EXISTS").arg(index("42")).query(&mut c).unwrap();
        assert!(
            !exists,
            "full scan {full_scan}: {:?}",
            members(&mut c, "42")
        );
        // 420's stale member is not 42's business: it stays, beside 420's live session.
        assert_eq!(members(&mut c, "420"), set_of(&[OF_420, "stale-420"]));

        // The audit log names the index members it removed.
        let lines: Vec<Value> = std::fs::read_to_string(&log)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines[0]["changed"]["stale_index"], 2, "{:?}", lines[0]);
        let sent = lines
            .iter()
            .find(|l| l["step"] == "sent" && l["changed"]["stale_index"].is_array())
            .expect("the stale members are announced before they are sent");
        assert_eq!(
            sorted(&sent["changed"]["stale_index"]),
            ["stale-42-a", "stale-42-b"]
        );
        let batch = lines
            .iter()
            .find(|l| l["step"] == "batch" && l["changed"]["stale_index_removed"].is_array())
            .expect("a batch line for the stale members");
        assert_eq!(
            sorted(&batch["changed"]["stale_index_removed"]),
            ["stale-42-a", "stale-42-b"]
        );
        let done = lines.last().unwrap();
        assert_eq!(
            sorted(&done["changed"]["stale_index_removed"]),
            ["stale-42-a", "stale-42-b"]
        );

        // Nothing of 42 is left for the next run.
        let (_, v, err) = run_json(&[&base[..], &["--dry-run"]].concat(), "");
        assert_eq!(v["stale_index_removed"], json!([]), "{err}");
        assert_eq!(v["sessions"], json!([]), "{err}");
        assert_eq!(v["clean"], true, "{v}");
    }
}

/// Spring expired both sessions of 42 but left its index behind: the run is not clean until
/// the index is; `--until-clean` removes the members, and its last pass is clean.
#[test]
fn stale_members_alone_keep_clean_false_until_they_are_removed() {
    let r = fixture_store();
    let mut c = r.conn(0);
    for id in OF_42 {
        let _: () = redis::cmd("DEL")
            .arg(format!("spring:session:sessions:{id}"))
            .query(&mut c)
            .unwrap();
    }
    let url = r.url(0);
    let base = [
        "--redis-url",
        url.as_str(),
        "--store",
        "spring-session",
        "revoke-user",
        "42",
        "--no-cutoff",
        "-o",
        "json",
    ];
    let (code, v, err) = run_json(&[&base[..], &["--dry-run"]].concat(), "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["sessions"], json!([]));
    assert_eq!(sorted(&v["stale_index_removed"]), OF_42);
    assert_eq!(
        v["clean"], false,
        "the index still names the user's sessions"
    );

    let (code, v, err) = run_json(&[&base[..], &["--yes", "--until-clean"]].concat(), "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["deleted"], 0);
    assert_eq!(sorted(&v["stale_index_removed"]), OF_42);
    assert_eq!(v["passes"], 2);
    assert_eq!(v["clean"], true, "{v}");
    assert!(members(&mut c, "42").is_empty());

    // The human form says what went.
    add_member(&mut c, "42", "stale-42-a");
    let (code, out, err) = run(
        &[
            "--redis-url",
            url.as_str(),
            "--store",
            "spring-session",
            "revoke-user",
            "42",
            "--no-cutoff",
            "--yes",
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("removed 1 stale principal index entry (no such session): stale-42-a"),
        "{out}"
    );
}

fn connect(r: &TestRedis) -> RedisStore {
    RedisStore::connect(&ConnectOptions {
        url: RedactedUrl(r.url(0)),
        password: None,
        env_password: None,
        timeout: Duration::from_secs(5),
        pace: sessctl::store::pace::Pace::Auto,
        read_url: None,
        more_seeds: Vec::new(),
        read_replicas: false,
        address_map: Vec::new(),
        tls: Default::default(),
    })
    .unwrap()
}

/// A session re-created between the read and the delete is no longer stale: its index entry
/// stays (the `SREM` is checked on the server), and the run says it was not removed.
#[test]
fn a_session_recreated_before_the_delete_keeps_its_index_entry() {
    let r = store_with_stale_members();
    let mut c = r.conn(0);
    let preset = Preset::new(&SpringSession, None, None).unwrap();
    let mut store = connect(&r);
    let req = Request {
        user: "42",
        full_scan: false,
        scan_count: 1000,
        include_undecodable_matching: false,
        until_clean: false,
        max_passes: 10,
        cutoff: None,
    };
    let plan = revocation::find(&mut store, &preset, &req).unwrap();
    let stale: BTreeSet<String> = plan.stale.iter().map(|s| s.id.clone()).collect();
    assert_eq!(stale, set_of(&["stale-42-a", "stale-42-b"]));
    // Spring writes the session again after the read.
    let _: () = redis::cmd("HSET")
        .arg("spring:session:sessions:stale-42-a")
        .arg("maxInactiveInterval")
        .arg(b"\xac\xed\x00\x05sr\x00\x11java.lang.Integer".as_slice())
        .query(&mut c)
        .unwrap();
    let out = revocation::execute(&mut store, &preset, &req, plan, &mut Unobserved);
    assert!(
        out.error.is_none(),
        "{:?}",
        out.error.map(|e| format!("{e:#}"))
    );
    assert_eq!(out.stale_index_removed, ["stale-42-b"]);
    assert_eq!(out.deleted.len(), 2);
    assert!(
        out.not_removed
            .iter()
            .any(|(id, why)| id == "stale-42-a" && *why == RECREATED),
        "{:?}",
        out.not_removed
    );
    assert!(!out.clean);
    assert_eq!(members(&mut c, "42"), set_of(&["stale-42-a"]));
}

#[test]
fn sessions_delete_removes_an_id_that_only_an_index_names() {
    let r = store_with_stale_members();
    let mut c = r.conn(0);
    let url = r.url(0);
    let base = [
        "--redis-url",
        url.as_str(),
        "--store",
        "spring-session",
        "-o",
        "json",
        "sessions",
        "delete",
        "stale-42-a",
        "no-such-id",
    ];
    // --dry-run: named, nothing changed; without a terminal and --yes: refused.
    let before = snapshot(&mut c);
    let (code, v, err) = run_json(&[&base[..], &["--dry-run"]].concat(), "");
    assert_eq!(code, 1, "no-such-id exists nowhere: {err}");
    assert_eq!(
        v["index_removed"],
        json!([{ "id": "stale-42-a", "key": index("42") }])
    );
    assert_eq!(v["not_found"], json!(["no-such-id"]));
    assert_eq!(before, snapshot(&mut c));
    let (code, out, err) = run(&base, "");
    assert_eq!(code, 2, "{err}");
    assert_eq!(out, "");
    assert!(
        err.contains("refusing to delete 1 stale principal index entry from spring-session"),
        "{err}"
    );
    assert_eq!(before, snapshot(&mut c));

    let (code, v, err) = run_json(&[&base[..], &["--yes"]].concat(), "");
    assert_eq!(code, 1, "{err}");
    assert_eq!(v["deleted"], json!([]));
    assert_eq!(
        v["index_removed"],
        json!([{ "id": "stale-42-a", "key": index("42") }])
    );
    assert_eq!(v["not_found"], json!(["no-such-id"]));
    let mut left: BTreeSet<String> = set_of(&OF_42);
    left.insert("stale-42-b".to_owned());
    assert_eq!(members(&mut c, "42"), left);
    assert_eq!(members(&mut c, "420"), set_of(&[OF_420, "stale-420"]));

    // Only an index named it: now it exists nowhere, and a stale id alone succeeds.
    let (code, v, err) = run_json(&base[..9], "");
    assert_eq!(code, 1, "{err}");
    assert_eq!(v["not_found"], json!(["stale-42-a"]));
    let (code, out, err) = run(
        &[
            "--redis-url",
            url.as_str(),
            "--store",
            "spring-session",
            "sessions",
            "delete",
            "stale-420",
            "--yes",
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        format!(
            "deleted 0 sessions (spring-session); removed stale principal index entry: stale-420 from {}\n",
            index("420")
        )
    );
    assert_eq!(members(&mut c, "420"), set_of(&[OF_420]));
}
