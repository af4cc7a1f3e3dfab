//! Hostile records (issue 11): a stored value crafted to crash, exhaust memory or stall a decoder
//! must become one undecodable record, listed with its reason beside the good sessions, and
//! `sessions delete` must still remove it. The values are built here, each beside a real fixture
//! set that holds sessions of user 42.

use std::io::Write as _;

use serde_json::Value;

use crate::support::redis::TestRedis;
use crate::support::{run, run_json};

/// Java serialization: `Object[]` (array of `[Ljava.lang.Object;`, descriptor handle 0x7e0000,
/// array handle 0x7e0001) with `n` elements; the elements follow.
fn java_object_array(n: u32) -> Vec<u8> {
    let mut b = vec![0xac, 0xed, 0x00, 0x05, 0x75, 0x72, 0x00, 0x13];
    b.extend_from_slice(b"[Ljava.lang.Object;");
    // serialVersionUID, flags SC_SERIALIZABLE, 0 fields, TC_ENDBLOCKDATA, no superclass.
    b.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x00, 0x00, 0x78, 0x70]);
    b.extend_from_slice(&n.to_be_bytes());
    b
}

/// The 46-byte value that panicked: `Object[1] { TC_RESET, TC_NULL }`.
fn java_reset() -> Vec<u8> {
    let mut b = java_object_array(1);
    b.extend_from_slice(&[0x79, 0x70]);
    b
}

/// 116 KB that expanded to half a gigabyte: `Object[8001]` holding a 65,535-byte `TC_STRING`
/// (handle 0x7e0002) and 8,000 `TC_REFERENCE`s to it (`71 00 7e 00 02`).
fn java_references() -> Vec<u8> {
    let mut b = java_object_array(8001);
    b.extend_from_slice(&[0x74, 0xff, 0xff]);
    b.extend(std::iter::repeat_n(b'a', 0xffff));
    for _ in 0..8000 {
        b.extend_from_slice(&[0x71, 0x00, 0x7e, 0x00, 0x02]);
    }
    b
}

/// Pickle protocol 4: `]` (EMPTY_LIST) a million times, then `a` (APPEND) to put each list in
/// the one below: a list nested a million deep, 2 MB that aborted the process.
fn pickle_deep() -> Vec<u8> {
    let mut b = b"\x80\x04".to_vec();
    b.extend(std::iter::repeat_n(b']', 1_000_000));
    b.extend(std::iter::repeat_n(b'a', 999_999));
    b.push(b'.');
    b
}

/// Pickle: `LONG4` (0x8b) with a 1,000,000-byte integer (conversion is quadratic).
fn pickle_long() -> Vec<u8> {
    let mut b = b"\x80\x04\x8b".to_vec();
    b.extend_from_slice(&1_000_000u32.to_le_bytes());
    b.resize(b.len() + 1_000_000, 0x11);
    b.push(b'.');
    b
}

/// zlib (as django-redis compresses) of a pickled list of 4 million `None`: `] ( N… e .`.
fn pickle_nones_zlib() -> Vec<u8> {
    let mut p = b"\x80\x04](".to_vec();
    p.resize(p.len() + 4_000_000, b'N');
    p.extend_from_slice(b"e.");
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    z.write_all(&p).unwrap();
    z.finish().unwrap()
}

/// msgpack: array32 (0xdd) of 2 million nils (0xc0).
fn msgpack_nils() -> Vec<u8> {
    let n = 2_000_000u32;
    let mut b = vec![0xdd];
    b.extend_from_slice(&n.to_be_bytes());
    b.resize(b.len() + n as usize, 0xc0);
    b
}

/// Lists `store` (loaded from `fixture`, plus the hostile keys) and checks that every hostile
/// record is listed with its reason, that user 42's sessions are still found, and that
/// `sessions delete --yes` removes the hostile records.
fn check(r: &TestRedis, fixture: &str, store: &str, prefix: &str, hostile: &[(&str, &str)]) {
    r.load(0, &[fixture]);
    let url = r.url(0);
    let args = ["--redis-url", &url, "--store", store, "-o", "json"];
    let mut list = args.to_vec();
    list.extend(["sessions", "list"]);
    let (code, v, err) = run_json(&list, "");
    assert_eq!(code, 0, "{store}: {err}");
    assert_eq!(err, "", "{store}");
    let sessions = v.as_array().unwrap();
    for (id, reason) in hostile {
        let key = format!("{prefix}{id}");
        let s = sessions
            .iter()
            .find(|s| s["key"] == key.as_str())
            .unwrap_or_else(|| panic!("{key} is not listed: {v}"));
        let error = s["error"].as_str().unwrap_or_default();
        assert!(error.contains(reason), "{key}: {error:?}");
        assert_eq!(s["user"], Value::Null, "{key}");
    }
    assert!(
        sessions.iter().any(|s| s["user"] == "42"),
        "{store}: user 42's sessions are listed: {v}"
    );

    let mut delete = args.to_vec();
    delete.extend(["sessions", "delete", "--yes"]);
    delete.extend(hostile.iter().map(|(id, _)| *id));
    let (code, out, err) = run(&delete, "");
    assert_eq!(code, 0, "{store}: {out}{err}");
    assert_eq!(err, "", "{store}");
    let mut c = r.conn(0);
    for (id, _) in hostile {
        let n: u64 = redis::cmd("EXISTS")
            .arg(format!("{prefix}{id}"))
            .query(&mut c)
            .unwrap();
        assert_eq!(n, 0, "{id} was deleted");
    }
}

#[test]
fn java_attributes_that_crash_or_explode_become_undecodable_records() {
    let r = TestRedis::start();
    let mut c = r.conn(0);
    let prefix = "spring:session:sessions:";
    for (id, value) in [
        ("hostile-reset", java_reset()),
        ("hostile-refs", java_references()),
    ] {
        redis::cmd("HSET")
            .arg(format!("{prefix}{id}"))
            .arg("sessionAttr:evil")
            .arg(value)
            .query::<()>(&mut c)
            .unwrap();
    }
    check(
        &r,
        "spring-session/records.jsonl",
        "spring-session",
        prefix,
        &[
            (
                "hostile-reset",
                "field sessionAttr:evil: not valid java: at byte 45: reset marker inside an object",
            ),
            (
                "hostile-refs",
                "too large: more than 67108864 bytes of text",
            ),
        ],
    );
}

#[test]
fn pickles_that_overflow_stall_or_explode_become_undecodable_records() {
    let r = TestRedis::start();
    let mut c = r.conn(0);
    let prefix = ":1:django.contrib.sessions.cache";
    for (id, value) in [
        ("hostiledeep", pickle_deep()),
        ("hostilelong", pickle_long()),
        ("hostilenones", pickle_nones_zlib()),
    ] {
        redis::cmd("SET")
            .arg(format!("{prefix}{id}"))
            .arg(value)
            .query::<()>(&mut c)
            .unwrap();
    }
    check(
        &r,
        "django/records.jsonl",
        "django",
        prefix,
        &[
            ("hostiledeep", "nested too deeply"),
            (
                "hostilelong",
                "integer of 1000000 bytes is too long (the limit is 256)",
            ),
            ("hostilenones", "too large: more than 1000000 nodes"),
        ],
    );
}

#[test]
fn msgpack_that_explodes_becomes_an_undecodable_record() {
    let r = TestRedis::start();
    let mut c = r.conn(0);
    redis::cmd("SET")
        .arg("session:hostile-nils")
        .arg(msgpack_nils())
        .query::<()>(&mut c)
        .unwrap();
    check(
        &r,
        "flask-session/records.jsonl",
        "flask-session",
        "session:",
        &[("hostile-nils", "too large: more than 1000000 nodes")],
    );
}

/// Runs sessctl with `args`, sampling its resident memory until it exits (a guard, not a speed
/// measure: a run that has not finished after 120 s is killed and fails). Returns (exit code,
/// stdout, stderr, peak RSS in bytes seen).
fn run_bounded(args: &[&str]) -> (i32, String, String, u64) {
    use std::io::Read as _;
    let mut child = crate::support::sessctl_process(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut out_pipe = child.stdout.take().unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let (mut o, mut e) = (String::new(), String::new());
        out_pipe.read_to_string(&mut o).unwrap();
        err_pipe.read_to_string(&mut e).unwrap();
        (o, e)
    });
    let started = std::time::Instant::now();
    let mut peak = 0u64;
    let status = loop {
        if let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status"))
            && let Some(kb) = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<u64>().ok())
        {
            peak = peak.max(kb * 1024);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > std::time::Duration::from_secs(120) {
            let _ = child.kill();
            panic!("{args:?} did not finish within 120 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    let (out, err) = reader.join().unwrap();
    (status.code().expect("killed by a signal"), out, err, peak)
}

/// Every command over a store holding each kind of hostile record beside user 42's good
/// sessions finishes, stays under 256 MB, lists the bad records with a reason, and removes the
/// good sessions of user 42.
#[test]
fn every_command_over_a_store_of_bombs_finishes_within_bounds() {
    const LIMIT: u64 = 256 << 20;
    let r = TestRedis::start();
    let mut c = r.conn(0);
    redis::cmd("CONFIG")
        .arg("SET")
        .arg("proto-max-bulk-len")
        .arg("1gb")
        .query::<()>(&mut c)
        .unwrap();
    r.load(0, &["django/records.jsonl"]);
    let prefix = ":1:django.contrib.sessions.cache";
    let xz = std::fs::read(crate::support::fixture("hostile/xz-1gib-zeros.bin")).unwrap();
    let mut p = redis::pipe();
    for (id, value) in [
        ("bombdeep", pickle_deep()),
        ("bomblong", pickle_long()),
        ("bombnones", pickle_nones_zlib()),
        ("bombxz", xz),
        // Over the fetch limit: sized, never fetched.
        (
            "bomb40m",
            [b"\x80\x05".as_slice(), &vec![b'z'; 40 << 20]].concat(),
        ),
    ] {
        p.cmd("SET")
            .arg(format!("{prefix}{id}"))
            .arg(value)
            .ignore();
    }
    p.query::<()>(&mut c).unwrap();
    let url = r.url(0);
    let base = ["--redis-url", url.as_str(), "--store", "django"];
    let bombs = ["bombdeep", "bomblong", "bombnones", "bombxz", "bomb40m"];
    let runs: [&[&str]; 5] = [
        &["sessions", "list", "-o", "json"],
        &["sessions", "stats", "-o", "json"],
        &["sessions", "show", "bombxz", "-o", "json"],
        &["revoke-user", "42", "--yes", "--no-cutoff", "-o", "json"],
        &[
            "sessions",
            "delete",
            "--yes",
            "-o",
            "json",
            "bombdeep",
            "bomblong",
            "bombnones",
            "bombxz",
            "bomb40m",
        ],
    ];
    for run in runs {
        let args = [&base[..], run].concat();
        let (code, out, err, peak) = run_bounded(&args);
        assert!(peak < LIMIT, "{run:?}: peak RSS {} MB", peak >> 20);
        let v: Value =
            serde_json::from_str(&out).unwrap_or_else(|e| panic!("{run:?}: {e}: {out}{err}"));
        match run[1] {
            "list" => {
                assert_eq!(code, 0, "{err}");
                for id in bombs {
                    let row = v
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|s| s["id"] == id)
                        .unwrap();
                    assert!(
                        row["error"].as_str().is_some_and(|e| !e.is_empty()),
                        "{row}"
                    );
                }
            }
            "stats" => assert_eq!(code, 0, "{err}"),
            "show" => assert!(
                v["error"]
                    .as_str()
                    .unwrap()
                    .contains("more than 33554432 bytes"),
                "{v}"
            ),
            "42" => {
                assert_eq!(code, 1, "bombs are undecidable: {err}");
                assert_eq!(v["deleted"], 2, "{v}");
                let u: Vec<&str> = v["undecidable"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|u| u["id"].as_str().unwrap())
                    .collect();
                for id in bombs {
                    assert!(u.contains(&id), "{id} not in {u:?}");
                }
            }
            _ => {
                assert_eq!(code, 0, "{err}");
                assert_eq!(v["deleted"].as_array().unwrap().len(), bombs.len(), "{v}");
            }
        }
    }
}
