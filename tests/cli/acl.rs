//! Least-privilege ACL users (docs/sessions.md, "Least-privilege ACL users"): every command works
//! under exactly the documented rules, the same as under the default user, for every preset; the
//! rules are what the docs show (both come from `sessctl::store::acl`); each rule is needed; the
//! revoking operator cannot write a session nor remove a revocation; and a command the server
//! refuses fails with one line naming the command or key and the rule that would allow it.

use std::collections::{BTreeMap, BTreeSet};

use base64::Engine as _;
use serde_json::Value;
use sessctl::store::acl::{self, DEFAULT_DENYLIST, Role};
use sessctl::store::preset::{self, Preset};

use crate::support::redis::{TestRedis, commands_counted, reset_stats};
use crate::support::{hs256, run};

const DOCS: &str = "see docs/sessions.md#least-privilege-acl-users";

/// One fixture per preset (spring-session twice: its indexed repository with minute buckets,
/// and with the sorted set), with the `--prefix` the json store needs.
const CASES: &[(&str, &str, Option<&str>)] = &[
    ("connect-redis/records.jsonl", "connect-redis", None),
    (
        "spring-session/indexed/records.jsonl",
        "spring-session",
        None,
    ),
    (
        "spring-session/indexed-sortedset/records.jsonl",
        "spring-session",
        None,
    ),
    ("django/records.jsonl", "django", None),
    ("flask-session/records.jsonl", "flask-session", None),
    ("php/records.jsonl", "php", None),
    ("json/records.jsonl", "json", Some("app:sess:")),
    ("koa-redis/records.jsonl", "koa-redis", None),
];

/// The database the fixtures go in: not 0, so that `SELECT` is needed too.
const DB: u8 = 1;

/// What else a production database holds: a cache entry (JSON), a job queue, a counter, a hash.
fn load_neighbours(r: &TestRedis) {
    let mut c = r.conn(DB);
    redis::pipe()
        .cmd("SET")
        .arg("cache:user:1")
        .arg(r#"{"id":1,"name":"alice"}"#)
        .cmd("RPUSH")
        .arg("queue:mail")
        .arg("job-1")
        .cmd("SET")
        .arg("rate:203.0.113.7")
        .arg("5")
        .cmd("HSET")
        .arg("flags")
        .arg("beta")
        .arg("1")
        .query::<()>(&mut c)
        .unwrap();
}

fn server(file: &str) -> TestRedis {
    let r = TestRedis::start();
    r.load(DB, &[file]);
    load_neighbours(&r);
    r
}

fn preset_of(store: &str, prefix: Option<&str>) -> Preset {
    Preset::new(
        preset::named(store).unwrap(),
        prefix.map(str::as_bytes),
        None,
    )
    .unwrap()
}

/// Every key with its type and contents, TTLs left out; the time (now) a cut-off or a denylist
/// entry holds as `<now>`.
fn snapshot(c: &mut redis::Connection) -> BTreeMap<Vec<u8>, (String, Vec<Vec<u8>>)> {
    let keys: Vec<Vec<u8>> = redis::cmd("KEYS").arg("*").query(c).unwrap();
    keys.into_iter()
        .map(|k| {
            let t: String = redis::cmd("TYPE").arg(&k).query(c).unwrap();
            let mut items: Vec<Vec<u8>> = match t.as_str() {
                // Cut-offs and denylist entries hold the time they were written.
                "string" if k.starts_with(b"sessctl:revoked:") => vec![b"<now>".to_vec()],
                "string" => vec![redis::cmd("GET").arg(&k).query(c).unwrap()],
                "hash" => {
                    let m: Vec<(Vec<u8>, Vec<u8>)> =
                        redis::cmd("HGETALL").arg(&k).query(c).unwrap();
                    m.into_iter()
                        .map(|(f, v)| [f, b"=".to_vec(), v].concat())
                        .collect()
                }
                "set" => redis::cmd("SMEMBERS").arg(&k).query(c).unwrap(),
                "list" => redis::cmd("LRANGE")
                    .arg(&k)
                    .arg(0)
                    .arg(-1)
                    .query(c)
                    .unwrap(),
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

/// The commands the server counted since the last call (the test's own left out), reset.
fn counted(c: &mut redis::Connection) -> BTreeSet<String> {
    let mut sent = commands_counted(c);
    reset_stats(c);
    sent.remove("acl|setuser");
    sent
}

/// JSON output without what differs from one second to the next (TTLs, the cut-off's time).
fn steady(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.remove("ttl");
            m.remove("at");
            // A session whose TTL sits at a bucket's edge (a day) moves bucket between two runs.
            m.remove("ttl_histogram");
            m.values_mut().for_each(steady);
        }
        Value::Array(a) => a.iter_mut().for_each(steady),
        _ => {}
    }
}

/// Runs one sessctl command line as `url`'s user: (exit code, steady JSON output, stderr).
fn as_user(url: &str, store: &[&str], args: &[&str]) -> (i32, Value, String) {
    let full = [&["--redis-url", url, "-o", "json"][..], store, args].concat();
    let (code, out, err) = run(&full, "");
    let mut v = if out.trim().is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&out)
            .unwrap_or_else(|e| panic!("{args:?}: stdout is not JSON ({e}):\n{out}\n{err}"))
    };
    steady(&mut v);
    (code, v, err)
}

/// Ids of the fixture's sessions, by user ("" for anonymous), sorted.
fn ids_by_user(url: &str, store: &[&str]) -> BTreeMap<String, Vec<String>> {
    let (code, v, err) = as_user(url, store, &["sessions", "list", "--sort", "id"]);
    assert_eq!(code, 0, "{err}");
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for s in v.as_array().unwrap() {
        if s["error"].is_null() && s["note"].is_null() {
            let user = s["user"].as_str().unwrap_or_default().to_owned();
            out.entry(user)
                .or_default()
                .push(s["id"].as_str().unwrap().to_owned());
        }
    }
    out
}

/// Each command line runs as the default user on `admin` and as `url`'s user on a server with
/// the same keys: same exit code, same output, same warnings. `Some(code)` is the exit code it
/// must have; `None`, 0 or 1 (a session not found, a record undecidable: as the fixture has it).
fn same_as_default(
    admin: &TestRedis,
    url: &str,
    store: &[&str],
    what: &str,
    commands: &[(&[&str], Option<i32>)],
) {
    let admin_url = admin.url(DB);
    for (args, code) in commands {
        let (a_code, a_out, a_err) = as_user(&admin_url, store, args);
        let (l_code, l_out, l_err) = as_user(url, store, args);
        match code {
            Some(code) => assert_eq!(a_code, *code, "{what} {args:?}: {a_err}"),
            None => assert!(a_code <= 1, "{what} {args:?}: {a_err}"),
        }
        // The two revocations were recorded by two runs, maybe in different seconds.
        let untimed = |v: &Value| -> Value {
            serde_json::from_str(&untimed(&v.to_string())).unwrap_or_else(|_| v.clone())
        };
        let (l_out, a_out) = (untimed(&l_out), untimed(&a_out));
        assert_eq!(
            (l_code, &l_out, l_err.as_str()),
            (a_code, &a_out, a_err.as_str()),
            "{what} {args:?} under the documented rules"
        );
    }
}

/// `text` with each `revoked at <RFC 3339 time>` as `revoked at <time>`.
fn untimed(text: &str) -> String {
    const AT: &str = "revoked at ";
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(AT) {
        let after = &rest[i + AT.len()..];
        let time_len = after
            .find(|c: char| !(c.is_ascii_digit() || "-:TZ".contains(c)))
            .unwrap_or(after.len());
        out.push_str(&rest[..i + AT.len()]);
        out.push_str("<time>");
        rest = &after[time_len..];
    }
    out.push_str(rest);
    out
}

#[test]
fn every_command_works_under_exactly_the_documented_rules() {
    let token = hs256(r#"{"sub":"42","jti":"j-42","iat":1700000000,"exp":4102444800}"#);
    let other = hs256(r#"{"sub":"7","iat":1700000000,"exp":4102444800}"#);
    let verify = |t: &str| -> Vec<String> {
        [
            "jwt",
            "verify",
            "--secret-file",
            "tests/fixtures/jwt/keys/hs256.secret",
            "--check-revoked",
            t,
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect()
    };
    let mut used = BTreeSet::new();
    for (file, store, prefix) in CASES {
        let preset = preset_of(store, *prefix);
        let admin = server(file);
        let lp = server(file);
        let read = lp.acl_user_exactly(
            Role::Read.user(),
            &acl::rules(Role::Read, &preset.acl_keys(), DEFAULT_DENYLIST),
            DB,
        );
        let revoke = lp.acl_user_exactly(
            Role::Revoke.user(),
            &acl::rules(Role::Revoke, &preset.acl_keys(), DEFAULT_DENYLIST),
            DB,
        );
        let mut c = lp.conn(DB);
        counted(&mut c);
        // Auto-detection (no --store) among keys the user may not read; json needs --prefix.
        let auto: Vec<&str> = match prefix {
            Some(p) => vec!["--prefix", p],
            None => vec![],
        };
        let ids = ids_by_user(&read, &auto);
        let id_42 = ids["42"][0].as_str();
        let id_7 = ids["7"][0].as_str();
        let id_420 = ids["420"][0].as_str();
        let id_99 = ids["99"][0].as_str();
        let (v1, v2) = (verify(&token), verify(&other));
        let (v1, v2): (Vec<&str>, Vec<&str>) = (
            v1.iter().map(String::as_str).collect(),
            v2.iter().map(String::as_str).collect(),
        );

        // The read-only operator: everything that reads, and nothing changes.
        let before = snapshot(&mut c);
        counted(&mut c);
        same_as_default(
            &admin,
            &read,
            &auto,
            store,
            &[
                (&["sessions", "list", "--sort", "id"], Some(0)),
                (
                    &["sessions", "list", "--user", "42", "--sort", "id"],
                    Some(0),
                ),
                (&["sessions", "stats"], Some(0)),
                (&["sessions", "show", id_42], Some(0)),
                (&["revoke-user", "42", "--dry-run"], None),
                (
                    &["sessions", "delete", "--dry-run", id_7, "no-such-id"],
                    None,
                ),
                (&v1, Some(0)),
            ],
        );
        used.extend(counted(&mut c));
        assert_eq!(snapshot(&mut c), before, "{store}: the reads wrote nothing");
        counted(&mut c);

        // The revoking operator: the writes too, with the same outcome as the default user.
        let explicit = [&["--store", store][..], &auto].concat();
        same_as_default(
            &admin,
            &revoke,
            &explicit,
            store,
            &[
                (&["sessions", "expire", id_7, "--in", "10m"], Some(0)),
                (&["sessions", "expire", id_420, "--in", "0"], Some(0)),
                (&["sessions", "delete", id_99, "no-such-id", "--yes"], None),
                (&["revoke-user", "42", "--yes"], None),
                (&["jwt", "revoke", &token], Some(0)),
                (&v1, None),
                (&v2, Some(0)),
            ],
        );
        used.extend(counted(&mut c));
        assert_eq!(
            snapshot(&mut c),
            snapshot(&mut admin.conn(DB)),
            "{store}: the same keys are left under the documented rules as under the default user"
        );
        assert!(
            !snapshot(&mut c)
                .keys()
                .any(|k| k.ends_with(id_99.as_bytes())),
            "{store}: deleted"
        );
    }
    // Every rule is needed: each command the rules allow was sent by some command above (and
    // `AUTH`, which needs no rule).
    used.remove("auth");
    let rules: BTreeSet<String> = [acl::CONNECT, acl::READ, acl::REVOKE, acl::DENYLIST]
        .concat()
        .iter()
        // `INFO` cannot be told from the test's own here (sessctl's is pinned by the refusal
        // test below); `CLUSTER INFO|SLOTS|NODES` and `ASKING` are sent on a cluster only,
        // `READONLY` to a cluster's replicas only.
        .filter(|c| {
            !matches!(
                **c,
                "info" | "cluster|info" | "cluster|slots" | "cluster|nodes" | "asking" | "readonly"
            )
        })
        .map(|c| (*c).to_owned())
        .collect();
    assert_eq!(
        used, rules,
        "the commands sent are exactly the rules' commands"
    );
}

#[test]
fn the_docs_show_the_rules_the_tests_use() {
    let path = format!("{}/docs/sessions.md", env!("CARGO_MANIFEST_DIR"));
    let docs = std::fs::read_to_string(&path).unwrap();
    let start = "<!-- generated from src/store/acl.rs";
    let end = "<!-- end of the generated rules -->";
    let from = docs
        .find(start)
        .expect("docs/sessions.md marks the generated rules");
    let from = from + docs[from..].find('\n').unwrap() + 1;
    let to = docs
        .find(end)
        .expect("docs/sessions.md ends the generated rules");
    let generated = acl::markdown();
    if std::env::var_os("SNAPSHOTS").is_some_and(|v| v == "overwrite") {
        let updated = format!("{}{generated}{}", &docs[..from], &docs[to..]);
        if updated != docs {
            std::fs::write(&path, updated).unwrap();
        }
        return;
    }
    assert_eq!(
        &docs[from..to],
        generated,
        "docs/sessions.md's ACL rules differ from src/store/acl.rs (regenerate with SNAPSHOTS=overwrite cargo test --test cli acl)"
    );
    // The connect-redis lines are the rules, whole.
    for role in [Role::Read, Role::Revoke] {
        let connect = preset_of("connect-redis", None);
        let line = acl::setuser(role, &connect.acl_keys(), DEFAULT_DENYLIST);
        assert!(docs.contains(&line), "{line}");
        assert!(
            line.ends_with(
                &acl::rules(role, &connect.acl_keys(), DEFAULT_DENYLIST)
                    .iter()
                    .map(|r| if r.contains(' ') {
                        format!("\"{r}\"")
                    } else {
                        r.clone()
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            )
        );
    }
    // Each preset's patterns cover every key of its sandbox sample (sessions and companions),
    // and every preset is run under the rules above.
    for k in preset::PRESETS {
        assert!(
            CASES.iter().any(|(_, store, _)| *store == k.name()),
            "{}: no fixture in CASES",
            k.name()
        );
        let prefix = k.default_prefix().unwrap_or("app:sess:");
        let keys = k.acl_keys(prefix.as_bytes());
        for sample in k.samples() {
            for line in sample.records.lines().filter(|l| !l.trim().is_empty()) {
                let v: Value = serde_json::from_str(line).unwrap();
                let key = base64::engine::general_purpose::STANDARD
                    .decode(v["key_b64"].as_str().unwrap())
                    .unwrap();
                assert!(
                    keys.iter().any(|p| key.starts_with(p)),
                    "{}: {} is outside its ACL patterns",
                    k.name(),
                    String::from_utf8_lossy(&key)
                );
            }
        }
    }
}

/// `err` is exactly one error line, `line`.
fn one_line(err: &str, line: &str) {
    assert_eq!(err, format!("sessctl: error: {line}\n"));
}

#[test]
fn a_command_the_user_may_not_run_names_the_rule_that_would_allow_it() {
    let r = server("connect-redis/records.jsonl");
    let preset = preset_of("connect-redis", None);
    let read = r.acl_user_exactly(
        Role::Read.user(),
        &acl::rules(Role::Read, &preset.acl_keys(), DEFAULT_DENYLIST),
        DB,
    );
    let masked = format!("redis://sessctl-read:***@127.0.0.1:{}/{DB}", r.port);
    let store = ["--redis-url", read.as_str(), "--store", "connect-redis"];
    let by_user = ids_by_user(&read, &store[2..]);
    let id_7 = by_user["7"][0].as_str();
    let mut c = r.conn(DB);
    let before = snapshot(&mut c);

    let (code, out, err) = run(
        &[&store[..], &["sessions", "delete", id_7, "--yes"]].concat(),
        "",
    );
    assert_eq!((code, out.as_str()), (1, ""));
    one_line(
        &err,
        &format!(
            "SCRIPT LOAD refused by Redis at {masked}: NOPERM this user has no permissions to run the 'script|load' command; a revoking operator needs +script|load ({DOCS})"
        ),
    );

    let (code, out, err) = run(
        &[&store[..], &["sessions", "expire", id_7, "--in", "10m"]].concat(),
        "",
    );
    assert_eq!((code, out.as_str()), (1, ""));
    one_line(
        &err,
        &format!(
            "PEXPIRE refused by Redis at {masked}: NOPERM this user has no permissions to run the 'pexpire' command; a revoking operator needs +pexpire ({DOCS})"
        ),
    );

    let token = hs256(r#"{"sub":"7","jti":"j-7","exp":4102444800}"#);
    let (code, out, err) = run(&[&store[..2], &["jwt", "revoke", &token]].concat(), "");
    assert_eq!((code, out.as_str()), (1, ""));
    one_line(
        &err,
        &format!(
            "not recorded: Redis answered NOPERM: this user has no permissions to run the 'set' command; a revoking operator needs (~sessctl:revoked:* +mget +get +set +eval) ({DOCS})"
        ),
    );

    // revoke-user stops before anything is sent: its sessions are not reached, none in flight.
    let (code, out, err) = run(
        &[
            &store[..],
            &["revoke-user", "7", "--yes", "--no-cutoff", "-o", "json"],
        ]
        .concat(),
        "",
    );
    assert_eq!(code, 1, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["deleted"], 0);
    assert_eq!(v["in_flight"], serde_json::json!([]));
    assert_eq!(v["not_reached"], serde_json::json!(by_user["7"]));
    let expected = format!(
        "SCRIPT LOAD refused by Redis at {masked}: NOPERM this user has no permissions to run the 'script|load' command; a revoking operator needs +script|load ({DOCS})"
    );
    assert_eq!(v["error"], expected.as_str());
    assert_eq!(err.lines().last(), Some(format!("sessctl: error: revoke-user 7 stopped after removing 0 sessions (0 in flight, 1 not reached): {expected}").as_str()), "{err}");

    assert_eq!(snapshot(&mut c), before, "nothing was written");
}

#[test]
fn a_key_outside_the_user_s_patterns_names_the_pattern_that_would_allow_it() {
    let r = server("spring-session/indexed/records.jsonl");
    let preset = preset_of("spring-session", None);
    let keys = preset.acl_keys();
    assert_eq!(keys, [b"spring:session:".to_vec()]);
    // The revoking rules with the sessions' prefix only: the principal index is out of reach.
    let narrow = r.acl_user_exactly(
        "narrow",
        &acl::rules(
            Role::Revoke,
            &[b"spring:session:sessions:".to_vec()],
            DEFAULT_DENYLIST,
        ),
        DB,
    );
    let masked = format!("redis://narrow:***@127.0.0.1:{}/{DB}", r.port);
    let mut c = r.conn(DB);
    let before = snapshot(&mut c);
    let (code, out, err) = run(
        &[
            "--redis-url",
            &narrow,
            "--store",
            "spring-session",
            "revoke-user",
            "42",
            "--yes",
        ],
        "",
    );
    assert_eq!((code, out.as_str()), (1, ""));
    one_line(
        &err,
        &format!(
            "SCARD spring:session:index:org.springframework.session.FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME:42 (the principal index) refused by Redis at {masked}: NOPERM this user has no permissions to access one of the keys used as arguments; sessctl's users need ~spring:session:* (the spring-session store) ({DOCS})"
        ),
    );
    assert_eq!(snapshot(&mut c), before, "nothing was written");

    // With the index but not the expirations sets: the server refuses the script call, which
    // declares them, before running it: the sessions are not reached, none is in flight.
    let no_expirations = r.acl_user_exactly(
        "noexp",
        &acl::rules(
            Role::Revoke,
            &[
                b"spring:session:sessions:".to_vec(),
                b"spring:session:index:".to_vec(),
            ],
            DEFAULT_DENYLIST,
        ),
        DB,
    );
    let (code, out, err) = run(
        &[
            "--redis-url",
            &no_expirations,
            "--store",
            "spring-session",
            "-o",
            "json",
            "revoke-user",
            "42",
            "--yes",
            "--no-cutoff",
        ],
        "",
    );
    assert_eq!(code, 1, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (v["deleted"].as_u64(), &v["in_flight"]),
        (Some(0), &serde_json::json!([]))
    );
    assert_eq!(v["not_reached"].as_array().map(Vec::len), Some(2), "{v}");
    assert_eq!(
        v["error"],
        format!(
            "EVALSHA (check-and-delete) refused by Redis at redis://noexp:***@127.0.0.1:{}/{DB}: NOPERM this user has no permissions to access one of the keys used as arguments; sessctl's users need ~spring:session:* (the spring-session store) ({DOCS})",
            r.port
        )
    );
    assert_eq!(snapshot(&mut c), before, "nothing was written");

    // The read rules without the denylist: a token checked against it counts as revoked (fail
    // closed), and says which pattern is missing.
    let mut rules = acl::rules(Role::Read, &keys, DEFAULT_DENYLIST);
    rules.retain(|r| r != "~sessctl:revoked:*");
    let blind = r.acl_user_exactly("blind", &rules, DB);
    let token = hs256(r#"{"sub":"42","exp":4102444800}"#);
    let (code, out, err) = run(
        &[
            "--redis-url",
            &blind,
            "-o",
            "json",
            "jwt",
            "verify",
            "--secret-file",
            "tests/fixtures/jwt/keys/hs256.secret",
            "--check-revoked",
            &token,
        ],
        "",
    );
    assert_eq!((code, err.as_str()), (1, ""));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["reason"], "revoked");
    let why = v["message"].as_str().unwrap_or_else(|| panic!("{v}"));
    assert!(
        why.contains("NOPERM this user has no permissions to access one of the keys used as arguments; a read-only operator needs ~sessctl:revoked:* (the JWT denylist) (see docs/sessions.md#least-privilege-acl-users) (treated as revoked)"),
        "{why}"
    );

    // A user whose patterns cover none of the keys: auto-detection says so.
    let elsewhere = r.acl_user_exactly(
        "elsewhere",
        &acl::rules(Role::Read, &[b"other:".to_vec()], DEFAULT_DENYLIST),
        DB,
    );
    let keys_in_db: u64 = redis::cmd("DBSIZE").query(&mut c).unwrap();
    let (code, out, err) = run(
        &[
            "--redis-url",
            &elsewhere,
            "sessions",
            "list",
            "--user",
            "42",
        ],
        "",
    );
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.starts_with(&format!(
            "sessctl: error: --store auto: no session store recognised among the 0 keys sampled at redis://elsewhere:***@127.0.0.1:{}/{DB}: {keys_in_db} keys this user may not read (ACL); choose one with --store ",
            r.port
        )),
        "{err}"
    );
}

#[test]
fn the_revoking_operator_cannot_write_a_session_nor_remove_a_revocation() {
    let r = server("connect-redis/records.jsonl");
    let preset = preset_of("connect-redis", None);
    let url = r.acl_user_exactly(
        Role::Revoke.user(),
        &acl::rules(Role::Revoke, &preset.acl_keys(), DEFAULT_DENYLIST),
        DB,
    );
    let _: () = redis::cmd("SET")
        .arg("sessctl:revoked:jti:old")
        .arg(1)
        .query(&mut r.conn(DB))
        .unwrap();
    let mut c = redis::Client::open(url.as_str())
        .unwrap()
        .get_connection()
        .unwrap();
    let refused = |r: redis::RedisResult<Value>| r.err().and_then(|e| e.code().map(str::to_owned));
    let mut try_cmd = |args: &[&str]| -> Option<String> {
        let mut cmd = redis::cmd(args[0]);
        for a in &args[1..] {
            cmd.arg(*a);
        }
        refused(cmd.query::<redis::Value>(&mut c).map(|_| Value::Null))
    };
    // It may not forge or rewrite a session, nor take a revocation back.
    assert_eq!(
        try_cmd(&["SET", "sess:forged", "{}"]).as_deref(),
        Some("NOPERM")
    );
    assert_eq!(
        try_cmd(&["UNLINK", "sessctl:revoked:jti:old"]).as_deref(),
        Some("NOPERM")
    );
    assert_eq!(
        try_cmd(&["PEXPIRE", "sessctl:revoked:jti:old", "1"]).as_deref(),
        Some("NOPERM")
    );
    // Nor touch anything else in the database.
    assert_eq!(try_cmd(&["GET", "cache:user:1"]).as_deref(), Some("NOPERM"));
    assert_eq!(try_cmd(&["FLUSHDB"]).as_deref(), Some("NOPERM"));
    assert_eq!(try_cmd(&["CONFIG", "GET", "*"]).as_deref(), Some("NOPERM"));
    // It may record a revocation.
    assert_eq!(try_cmd(&["SET", "sessctl:revoked:jti:new", "1"]), None);
}

#[test]
fn a_user_who_may_not_send_info_is_stopped_not_shown_one_node() {
    // Without INFO, sessctl cannot tell one server from one node of a Redis Cluster, and one
    // node's sessions would pass for the whole store's.
    let r = TestRedis::start();
    r.load(0, &["connect-redis/records.jsonl"]);
    let url = r.acl_user("noinfo", &["-info"], 0);
    let (code, out, err) = run(&["sessions", "list", "--redis-url", &url], "");
    assert_ne!(code, 0);
    assert_eq!(out, "");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("INFO cluster"), "{err}");
    assert!(err.contains("+info"), "{err}");
}
