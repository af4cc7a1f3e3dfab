//! Issue 10, "never wrong and never silently incomplete", against a real redis-server: compressed
//! sessions are found and removed, undecodable records in scope are reported and keep `clean`
//! false, the script and the decoder apply one ownership rule, the sessions go before the JWT
//! cut-off (so a server out of memory still loses them), and a run that fails midway prints and
//! audits what it did, what was in flight and what it never reached.

use std::time::Duration;

use serde_json::Value;

use sessctl::store::preset::{ConnectRedis, Preset};
use sessctl::store::redis::{ConnectOptions, RedactedUrl, RedisStore};
use sessctl::store::revocation::{self, Event, Observer, Request, Unobserved};

use crate::revoke_user::snapshot;
use crate::support::redis::TestRedis;
use crate::support::run_json;

fn set(c: &mut redis::Connection, key: &str, value: &[u8]) {
    redis::cmd("SET")
        .arg(key)
        .arg(value)
        .query::<()>(c)
        .unwrap();
}

fn exists(c: &mut redis::Connection, key: &str) -> bool {
    redis::cmd("EXISTS").arg(key).query(c).unwrap()
}

fn zstd(data: &[u8]) -> Vec<u8> {
    ruzstd::encoding::compress_to_vec(data, ruzstd::encoding::CompressionLevel::Fastest)
}

fn zlib(data: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn ids(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect();
    out.sort();
    out
}

/// phpredis with `redis.session.compression=zstd` (or lzf/lz4) stores the session encoded, then
/// compressed: a standard zstd frame. The pre-filter must not skip it for not spelling `42`.
#[test]
fn compressed_sessions_are_listed_and_removed() {
    let r = TestRedis::start();
    let mut c = r.conn(0);
    set(
        &mut c,
        "PHPREDIS_SESSION:plain42",
        b"user_id|i:42;views|i:1;",
    );
    set(
        &mut c,
        "PHPREDIS_SESSION:zstd42",
        &zstd(b"user_id|i:42;views|i:3;"),
    );
    set(
        &mut c,
        "PHPREDIS_SESSION:zlib42",
        &zlib(b"user_id|i:42;views|i:9;"),
    );
    set(
        &mut c,
        "PHPREDIS_SESSION:zstd7",
        &zstd(b"user_id|i:7;views|i:3;"),
    );
    let url = r.url(0);
    let base = ["--redis-url", url.as_str(), "--store", "php"];
    let (code, v, err) = run_json(
        &[
            &base[..],
            &["sessions", "list", "--user", "42", "-o", "json"],
        ]
        .concat(),
        "",
    );
    assert_eq!(code, 0, "{err}");
    let listed: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(listed.len(), 3, "{v}");
    let (code, v, err) = run_json(
        &[
            &base[..],
            &[
                "revoke-user",
                "42",
                "--yes",
                "--until-clean",
                "--no-cutoff",
                "-o",
                "json",
            ],
        ]
        .concat(),
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(ids(&v["sessions"]), ["plain42", "zlib42", "zstd42"], "{v}");
    assert_eq!(v["clean"], true);
    assert!(!exists(&mut c, "PHPREDIS_SESSION:zstd42"));
    assert!(!exists(&mut c, "PHPREDIS_SESSION:zlib42"));
    assert!(exists(&mut c, "PHPREDIS_SESSION:zstd7"), "user 7's stays");
}

/// Records whose owner cannot be read: JSON nested deeper than the limit, a value over the 16 MiB
/// decoding limit, truncated JSON, and a Spring hash with one attribute that is not Java
/// serialization. None is dropped without a word, and `clean` is never true while they exist.
#[test]
fn undecodable_records_are_reported_and_never_clean() {
    let r = TestRedis::start();
    let mut c = r.conn(0);
    set(
        &mut c,
        "sess:good",
        br#"{"cookie":{},"passport":{"user":42}}"#,
    );
    let deep = format!(
        r#"{{"passport":{{"user":42}},"x":{}{}}}"#,
        "[".repeat(300),
        "]".repeat(300)
    );
    set(&mut c, "sess:deep", deep.as_bytes());
    let big = format!(
        r#"{{"passport":{{"user":7}},"pad":"{}"}}"#,
        "a".repeat(17 << 20)
    );
    set(&mut c, "sess:big", big.as_bytes());
    set(&mut c, "sess:cut", br#"{"passport":{"user":42"#);
    // Truncated too, but its bytes cannot spell 42 under any decoding: not the user's, not listed.
    set(&mut c, "sess:cut7", br#"{"passport":{"user":7"#);
    set(&mut c, "sess:other", br#"{"passport":{"user":7}}"#);
    let url = r.url(0);
    let base = ["--redis-url", url.as_str(), "--store", "connect-redis"];
    let revoke = |more: &[&str]| {
        run_json(
            &[
                &base[..],
                &["revoke-user", "42", "--no-cutoff", "-o", "json"],
                more,
            ]
            .concat(),
            "",
        )
    };

    // The dry run lists them, and exits 1: the operator has to look.
    let before = snapshot(&mut c);
    let (code, v, err) = revoke(&["--dry-run"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(v["clean"], false);
    assert_eq!(ids(&v["sessions"]), ["good"]);
    let undecidable: Vec<&Value> = v["undecidable"].as_array().unwrap().iter().collect();
    let mut u_ids: Vec<&str> = undecidable
        .iter()
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    u_ids.sort_unstable();
    assert_eq!(u_ids, ["big", "cut", "deep"], "{v}");
    for u in &undecidable {
        assert!(!u["reason"].as_str().unwrap().is_empty());
        assert_eq!(u["mentions_user"], u["id"] != "big", "{u}");
    }
    assert!(
        err.contains("3 records under the store could not be decoded"),
        "{err}"
    );
    assert_eq!(before, snapshot(&mut c), "the dry run changed nothing");

    // The run removes the user's session, keeps the rest, and does not claim clean.
    let (code, v, err) = revoke(&["--yes", "--until-clean"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(v["deleted"], 1);
    assert_eq!(v["clean"], false);
    assert_eq!(v["undecidable"].as_array().unwrap().len(), 3);
    assert!(!exists(&mut c, "sess:good"));
    for k in [
        "sess:deep",
        "sess:big",
        "sess:cut",
        "sess:cut7",
        "sess:other",
    ] {
        assert!(exists(&mut c, k), "{k} was removed");
    }

    // Asked for deliberately: the records that mention 42 go, shown first in the dry run.
    let (code, v, _) = revoke(&["--dry-run", "--include-undecodable-matching"]);
    assert_eq!(code, 1);
    assert_eq!(ids(&v["sessions"]), ["cut", "deep"]);
    let (code, v, err) = revoke(&["--yes", "--include-undecodable-matching"]);
    assert_eq!(code, 1, "the big record stays undecidable: {err}");
    assert_eq!(ids(&v["sessions"]), ["cut", "deep"]);
    assert!(!exists(&mut c, "sess:deep") && !exists(&mut c, "sess:cut"));
    assert!(exists(&mut c, "sess:big") && exists(&mut c, "sess:cut7"));
}

/// One bad attribute makes a Spring session undecodable: it is reported, never "gone".
#[test]
fn a_spring_session_with_a_bad_attribute_is_undecidable() {
    let r = TestRedis::start();
    r.load(0, &["spring-session/records.jsonl"]);
    let mut c = r.conn(0);
    let theirs: Vec<Vec<u8>> = crate::revoke_user::records("spring-session/records.jsonl")
        .into_iter()
        .filter(|(_, role, u)| role == "session" && u.as_deref() == Some("42"))
        .map(|(k, _, _)| k)
        .collect();
    let bad = &theirs[0];
    redis::cmd("HSET")
        .arg(bad)
        .arg("sessionAttr:cart")
        .arg(b"\xac\xed\x00\x05\x73\xff\xff".as_slice())
        .query::<()>(&mut c)
        .unwrap();
    let (code, v, err) = run_json(
        &[
            "--redis-url",
            &r.url(0),
            "--store",
            "spring-session",
            "revoke-user",
            "42",
            "--yes",
            "--full-scan",
            "--until-clean",
            "--no-cutoff",
            "-o",
            "json",
        ],
        "",
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(v["clean"], false);
    // The fixture's own undecodable record is there too; ours is found by its key.
    let u = v["undecidable"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["key"].as_str().unwrap().as_bytes() == bad.as_slice())
        .unwrap_or_else(|| panic!("{v}"));
    assert!(
        u["reason"].as_str().unwrap().contains("sessionAttr:cart"),
        "{u}"
    );
    assert_eq!(
        u["mentions_user"], true,
        "the principal name attribute holds 42"
    );
    assert_eq!(v["deleted"], theirs.len() as u64 - 1);
    let still: bool = redis::cmd("EXISTS").arg(bad).query(&mut c).unwrap();
    assert!(still);
}

fn connect(r: &TestRedis, timeout: Duration) -> RedisStore {
    RedisStore::connect(&ConnectOptions {
        url: RedactedUrl(r.url(0)),
        password: None,
        env_password: None,
        timeout,
        pace: sessctl::store::pace::Pace::Auto,
        read_url: None,
        more_seeds: Vec::new(),
        read_replicas: false,
        address_map: Vec::new(),
        tls: Default::default(),
    })
    .unwrap()
}

fn request(user: &str) -> Request<'_> {
    Request {
        user,
        full_scan: false,
        scan_count: 1000,
        include_undecodable_matching: false,
        until_clean: false,
        max_passes: 10,
        cutoff: None,
    }
}

/// The check-and-delete compares the bytes that were decoded: a value rewritten between the read
/// and the delete is never judged by another rule (the old script read `42.0`, `4.2e1` and
/// `0x2A` as 42 where the listing did not). The next pass decodes it as the listing does.
#[test]
fn the_script_and_the_decoder_agree_on_the_owner() {
    let r = TestRedis::start();
    let mut c = r.conn(0);
    let rewrites: [(&str, &[u8]); 5] = [
        ("float", br#"{"passport":{"user":42.0}}"#),
        ("exp", br#"{"passport":{"user":4.2e1}}"#),
        ("hex", br#"{"passport":{"user":0x2A}}"#),
        ("badutf8", b"{\"passport\":{\"user\":\"42\xff\"}}"),
        ("touched", br#"{"cookie":{"n":1},"passport":{"user":42}}"#),
    ];
    for (k, _) in &rewrites {
        set(
            &mut c,
            &format!("sess:{k}"),
            br#"{"cookie":{},"passport":{"user":42}}"#,
        );
    }
    let preset = Preset::new(&ConnectRedis, None, None).unwrap();
    let mut store = connect(&r, Duration::from_secs(5));
    let mut req = request("42");
    let plan = revocation::find(&mut store, &preset, &req).unwrap();
    assert_eq!(plan.sessions.len(), 5);
    // Rewritten after the read, before the delete.
    for (k, v) in &rewrites {
        set(&mut c, &format!("sess:{k}"), v);
    }
    let out = revocation::execute(&mut store, &preset, &req, plan, &mut Unobserved);
    assert!(out.error.is_none());
    assert!(out.deleted.is_empty(), "nothing rewritten is deleted");
    assert_eq!(out.not_removed.len(), 5);
    assert!(!out.clean);

    // What the listing says of each rewritten value is what the next pass acts on.
    let (code, listed, _) = run_json(
        &["--redis-url", &r.url(0), "sessions", "list", "-o", "json"],
        "",
    );
    assert_eq!(code, 0);
    let users: std::collections::BTreeMap<String, Value> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["id"].as_str().unwrap().to_owned(), s["user"].clone()))
        .collect();
    assert_eq!(users["touched"], "42");
    for k in ["float", "exp", "hex", "badutf8"] {
        assert_ne!(users[k], "42", "{k}: {}", users[k]);
    }
    req.until_clean = true;
    let plan = revocation::find(&mut store, &preset, &req).unwrap();
    let out = revocation::execute(&mut store, &preset, &req, plan, &mut Unobserved);
    assert!(out.error.is_none());
    let deleted: Vec<&str> = out.deleted.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(deleted, ["touched"]);
    for k in ["float", "exp", "hex"] {
        assert!(exists(&mut c, &format!("sess:{k}")), "{k}");
    }
    // The record that is not UTF-8 cannot be decoded: it stays, and keeps the run from clean.
    assert!(exists(&mut c, "sess:badutf8"));
    assert_eq!(out.undecidable.len(), 1);
    assert!(!out.clean);
}

/// `maxmemory` reached with `noeviction`: writes are refused, `UNLINK` is not. The refused cut-off
/// does not stop the revocation: the sessions go, the cut-off is tried again, and its second
/// refusal is a loud error, exit 1.
#[test]
fn sessions_go_first_when_the_server_is_out_of_memory() {
    let r = TestRedis::start();
    r.load(0, &["connect-redis/records.jsonl"]);
    let mut c = r.conn(0);
    redis::cmd("CONFIG")
        .arg("SET")
        .arg("maxmemory")
        .arg("1")
        .query::<()>(&mut c)
        .unwrap();
    let (code, v, err) = run_json(
        &[
            "--redis-url",
            &r.url(0),
            "--store",
            "connect-redis",
            "revoke-user",
            "42",
            "--yes",
            "-o",
            "json",
        ],
        "",
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(v["deleted"], 4, "{v}");
    assert!(v["cutoff"].is_null());
    assert!(v["cutoff_error"].as_str().unwrap().contains("OOM"), "{v}");
    assert!(
        err.contains("the sessions were removed, but the JWT cut-off for user 42 was not recorded"),
        "{err}"
    );
    redis::cmd("CONFIG")
        .arg("SET")
        .arg("maxmemory")
        .arg("0")
        .query::<()>(&mut c)
        .unwrap();
    let (code, v, _) = run_json(
        &[
            "--redis-url",
            &r.url(0),
            "sessions",
            "list",
            "--user",
            "42",
            "-o",
            "json",
        ],
        "",
    );
    assert_eq!(code, 0);
    assert_eq!(v.as_array().unwrap().len(), 0);
}

/// Pauses the server's writes when the second batch is announced: that batch times out on the
/// client and runs on the server after sessctl gave up.
struct PauseOnSecondBatch {
    conn: redis::Connection,
    sent: usize,
    events: Vec<String>,
}

impl Observer for PauseOnSecondBatch {
    fn event(&mut self, e: &Event<'_>) -> anyhow::Result<()> {
        match e {
            Event::Sent { ids, .. } => {
                self.sent += 1;
                self.events.push(format!("sent {}", ids.len()));
                if self.sent == 2 {
                    redis::cmd("CLIENT")
                        .arg("PAUSE")
                        .arg(1500)
                        .arg("WRITE")
                        .query::<()>(&mut self.conn)?;
                }
            }
            Event::Batch { deleted, .. } => self.events.push(format!("batch {}", deleted.len())),
            Event::Finished(o) => self.events.push(format!("finished {}", o.error.is_some())),
            _ => {}
        }
        Ok(())
    }
}

#[test]
fn a_batch_that_times_out_is_reported_in_flight() {
    let r = TestRedis::start();
    let mut c = r.conn(0);
    let mut p = redis::pipe();
    for i in 0..450 {
        p.cmd("SET")
            .arg(format!("sess:s{i:03}"))
            .arg(r#"{"passport":{"user":42}}"#)
            .ignore();
    }
    p.query::<()>(&mut c).unwrap();
    let preset = Preset::new(&ConnectRedis, None, None).unwrap();
    let mut store = connect(&r, Duration::from_millis(300));
    let req = request("42");
    let plan = revocation::find(&mut store, &preset, &req).unwrap();
    let mut observer = PauseOnSecondBatch {
        conn: r.conn(0),
        sent: 0,
        events: Vec::new(),
    };
    let out = revocation::execute(&mut store, &preset, &req, plan, &mut observer);
    let err = format!("{:#}", out.error.as_ref().expect("the run failed"));
    assert!(err.contains("EVALSHA"), "{err}");
    assert!(err.contains("timed out after 300ms"), "{err}");
    assert!(!err.contains("os error"), "{err}");
    assert_eq!(out.deleted.len(), 200);
    assert_eq!(out.in_flight.len(), 200);
    assert_eq!(out.not_reached.len(), 50);
    assert!(!out.clean);
    assert_eq!(
        observer.events,
        ["sent 200", "batch 200", "sent 200", "finished true"]
    );
    // The batch sessctl gave up on ran once the pause ended: "in flight" was the truth.
    std::thread::sleep(Duration::from_millis(2000));
    let left: usize = redis::cmd("DBSIZE").query(&mut c).unwrap();
    assert_eq!(left, 50);
}

/// A run refused midway (here: the revoking user may not run scripts) prints its partial report,
/// well-formed, in every output mode, and the audit log says what was sent.
#[test]
fn a_failed_run_prints_and_audits_its_partial_report() {
    let r = TestRedis::start();
    r.load(0, &["connect-redis/records.jsonl"]);
    let mut c = r.conn(0);
    redis::cmd("ACL")
        .arg("SETUSER")
        .arg("noscript")
        .arg("on")
        .arg(">pw")
        .arg("~*")
        .arg("&*")
        .arg("+@all")
        .arg("-evalsha")
        .arg("-eval")
        .query::<()>(&mut c)
        .unwrap();
    let url = format!("redis://noscript:pw@127.0.0.1:{}/0", r.port);
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("audit.jsonl");
    let before = snapshot(&mut c);
    for format in ["json", "ndjson", "table"] {
        let (code, out, err) = crate::support::run(
            &[
                "--redis-url",
                &url,
                "--store",
                "connect-redis",
                "revoke-user",
                "42",
                "--yes",
                "--audit-log",
                log.to_str().unwrap(),
                "-o",
                format,
            ],
            "",
        );
        assert_eq!(code, 1, "{format}: {err}");
        assert!(err.contains("EVALSHA"), "{err}");
        assert!(err.to_lowercase().contains("noperm"), "{err}");
        assert!(!err.contains("pw@"), "{err}");
        // The server refused the script call before running it (ACL): its batch was not
        // reached, and nothing is in doubt.
        if format == "table" {
            assert!(out.contains("not reached"), "{out}");
            assert!(!out.contains("in flight"), "{out}");
            continue;
        }
        let v: Value = serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("{e}: {out}"));
        assert_eq!(v["deleted"], 0);
        assert_eq!(v["in_flight"].as_array().unwrap().len(), 0, "{v}");
        assert_eq!(v["not_reached"].as_array().unwrap().len(), 4, "{v}");
        assert!(
            v["error"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains("noperm")
        );
        assert_eq!(v["clean"], false);
    }
    assert_eq!(before, snapshot(&mut c));
    let lines: Vec<Value> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let steps: Vec<&str> = lines.iter().map(|l| l["step"].as_str().unwrap()).collect();
    // The cut-off is refused too (EVAL), tried first and again after the sessions.
    assert_eq!(
        &steps[..5],
        ["start", "cutoff", "sent", "cutoff", "error"],
        "{steps:?}"
    );
    // The batch is announced before it is sent; the server's refusal then leaves it not reached.
    assert_eq!(lines[2]["result"], "sent, outcome unknown");
    assert_eq!(lines[2]["changed"]["ids"].as_array().unwrap().len(), 4);
    assert_eq!(
        lines[4]["changed"]["in_flight"].as_array().unwrap().len(),
        0
    );
    assert_eq!(
        lines[4]["changed"]["not_reached"].as_array().unwrap().len(),
        4
    );
}
