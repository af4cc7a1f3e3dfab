//! `sessctl jwt revoke` and `jwt verify --check-revoked` against a real redis-server: denylist
//! entries by jti or SHA-256 with TTL = remaining lifetime, expired tokens need none, per-user
//! cut-offs from `revoke-user`, and the audit log.

use serde_json::Value;

use crate::support::redis::TestRedis;
use crate::support::{fixture, hs256, run, run_json};

/// The moment every test runs "at".
const T: i64 = 1_800_000_000;

fn verify(r: &TestRedis, token: &str, at: i64) -> (i32, Value, String) {
    run_json(
        &[
            "--redis-url",
            &r.url(0),
            "-o",
            "json",
            "jwt",
            "verify",
            "--secret-file",
            fixture("jwt/keys/hs256.secret").to_str().unwrap(),
            "--check-revoked",
            "--at",
            &at.to_string(),
            token,
        ],
        "",
    )
}

/// `jwt verify --check-revoked` of tokens on standard input, with the fixture secret, at T.
pub(crate) fn check_revoked_args(url: &str, output: &str) -> Vec<String> {
    let secret = fixture("jwt/keys/hs256.secret");
    [
        "--redis-url",
        url,
        "-o",
        output,
        "jwt",
        "verify",
        "--secret-file",
        secret.to_str().unwrap(),
        "--check-revoked",
        "--at",
        &T.to_string(),
    ]
    .map(str::to_owned)
    .to_vec()
}

fn ttl(r: &TestRedis, key: &str) -> i64 {
    redis::cmd("TTL").arg(key).query(&mut r.conn(0)).unwrap()
}

#[test]
fn revoke_then_verify_round_trip_with_ttls() {
    let r = TestRedis::start();
    let with_jti = hs256(&format!(
        r#"{{"sub":"42","jti":"tok-1","iat":{},"exp":{}}}"#,
        T - 60,
        T + 1000
    ));
    let without = hs256(&format!(
        r#"{{"sub":"7","iat":{},"exp":{}}}"#,
        T - 60,
        T + 500
    ));
    // Both valid before revocation.
    for t in [&with_jti, &without] {
        let (code, v, err) = verify(&r, t, T);
        assert_eq!(code, 0, "{err}");
        assert_eq!(v["valid"], true);
    }
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("audit.jsonl");
    let (code, v, err) = run_json(
        &[
            "--redis-url",
            &r.url(0),
            "-o",
            "json",
            "jwt",
            "revoke",
            "--at",
            &T.to_string(),
            "--audit-log",
            log.to_str().unwrap(),
            &with_jti,
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["status"], "revoked");
    assert_eq!(v["key"], "sessctl:revoked:jti:tok-1");
    assert_eq!(v["ttl"], 1000);
    let t = ttl(&r, "sessctl:revoked:jti:tok-1");
    assert!((990..=1000).contains(&t), "TTL {t}");
    let (code, v, _) = verify(&r, &with_jti, T);
    assert_eq!(code, 1);
    assert_eq!(v["valid"], false);
    assert_eq!(v["reason"], "revoked");
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .contains("sessctl:revoked:jti:tok-1")
    );
    // The other token is untouched; revoke it from standard input, pasted as a header.
    let (code, v, _) = verify(&r, &without, T);
    assert_eq!((code, &v["valid"]), (0, &Value::Bool(true)));
    let (code, v, err) = run_json(
        &[
            "--redis-url",
            &r.url(0),
            "-o",
            "json",
            "jwt",
            "revoke",
            "--at",
            &T.to_string(),
        ],
        &format!("Authorization: Bearer {without}\n\nnot-a-token\n"),
    );
    assert_eq!(code, 1, "the bad line makes it a partial failure: {err}");
    let items = v.as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["line"], 1);
    assert_eq!(items[0]["status"], "revoked");
    let key = items[0]["key"].as_str().unwrap().to_owned();
    assert!(
        key.starts_with("sessctl:revoked:sha256:") && key.len() == 23 + 64,
        "{key}"
    );
    assert_eq!(items[1]["status"], "error");
    let t = ttl(&r, &key);
    assert!((490..=500).contains(&t), "TTL {t}");
    let (code, v, _) = verify(&r, &without, T);
    assert_eq!((code, v["reason"].as_str()), (1, Some("revoked")));
    // The audit log has the run, without the token.
    let audit = std::fs::read_to_string(&log).unwrap();
    assert_eq!(audit.lines().count(), 3, "{audit}");
    assert!(!audit.contains(&with_jti[..20]), "{audit}");
    assert!(audit.contains("sessctl:revoked:jti:tok-1"));
}

#[test]
fn an_expired_token_needs_no_entry() {
    let r = TestRedis::start();
    let old = hs256(&format!(r#"{{"sub":"42","jti":"old","exp":{}}}"#, T - 1));
    let (code, out, err) = run(
        &[
            "--redis-url",
            &r.url(0),
            "jwt",
            "revoke",
            "--at",
            &T.to_string(),
            &old,
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "already expired: no entry needed (jti old)\n");
    let n: i64 = redis::cmd("DBSIZE").query(&mut r.conn(0)).unwrap();
    assert_eq!(n, 0);
}

#[test]
fn revoke_user_cutoff_revokes_the_users_older_tokens_only() {
    let r = TestRedis::start();
    r.load(0, &["connect-redis/records.jsonl"]);
    let (code, _, err) = run(
        &["--redis-url", &r.url(0), "revoke-user", "42", "--yes"],
        "",
    );
    assert_eq!(code, 0, "{err}");
    let cutoff: i64 = redis::cmd("GET")
        .arg("sessctl:revoked:user:sub:42")
        .query(&mut r.conn(0))
        .unwrap();
    let now = cutoff;
    let old42 = hs256(&format!(
        r#"{{"sub":"42","iat":{},"exp":{}}}"#,
        now - 60,
        now + 3600
    ));
    let new42 = hs256(&format!(
        r#"{{"sub":"42","iat":{},"exp":{}}}"#,
        now + 5,
        now + 3600
    ));
    let old420 = hs256(&format!(
        r#"{{"sub":"420","iat":{},"exp":{}}}"#,
        now - 60,
        now + 3600
    ));
    let (code, v, _) = verify(&r, &old42, now + 10);
    assert_eq!((code, v["reason"].as_str()), (1, Some("revoked")));
    assert!(v["message"].as_str().unwrap().contains("cut-off"), "{v}");
    let (code, v, err) = verify(&r, &new42, now + 10);
    assert_eq!(code, 0, "{v} {err}");
    let (code, _, err) = verify(&r, &old420, now + 10);
    assert_eq!(code, 0, "42's cut-off never touches 420: {err}");
}

#[test]
fn bulk_check_revoked_judges_every_line_across_chunks() {
    // 1,300 tokens span three of the bulk driver's 512-line chunks (one round trip each): some
    // listed by jti, some by hash, some older than their user's cut-off, some expired, a few
    // malformed; the verdict of every line must be its own, in input order, on both output paths.
    let r = TestRedis::start();
    let mut c = r.conn(0);
    let _: () = redis::cmd("SET")
        .arg("sessctl:revoked:user:sub:u3")
        .arg(T - 30)
        .query(&mut c)
        .unwrap();
    let mut input = String::new();
    let mut want = Vec::new();
    for i in 0..1300u32 {
        if i % 97 == 50 {
            input.push_str("not.a-token\n");
            want.push("malformed");
            continue;
        }
        let user = format!("u{}", i % 11);
        let iat = if i % 2 == 0 { T - 60 } else { T - 10 };
        let exp = if i % 89 == 7 { T - 1 } else { T + 600 };
        let jti = (i % 3 != 0).then(|| format!("j{i}"));
        let payload = match &jti {
            Some(j) => format!(r#"{{"sub":"{user}","jti":"{j}","iat":{iat},"exp":{exp}}}"#),
            // `n` keeps the tokens without a jti distinct (their denylist key is their hash).
            None => format!(r#"{{"sub":"{user}","n":{i},"iat":{iat},"exp":{exp}}}"#),
        };
        let token = hs256(&payload);
        let listed = i % 5 == 0;
        if listed {
            let key = match &jti {
                Some(j) => format!("sessctl:revoked:jti:{j}"),
                None => {
                    let d = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, token.as_bytes());
                    let hex: String = d.as_ref().iter().map(|b| format!("{b:02x}")).collect();
                    format!("sessctl:revoked:sha256:{hex}")
                }
            };
            let _: () = redis::cmd("SET").arg(key).arg(T - 5).query(&mut c).unwrap();
        }
        want.push(if exp < T {
            "expired"
        } else if listed || (user == "u3" && iat < T - 30) {
            "revoked"
        } else {
            "valid"
        });
        input.push_str(&token);
        input.push('\n');
    }
    for output in ["ndjson", "json"] {
        let args = check_revoked_args(&r.url(0), output);
        let (code, out, err) = run(&args.iter().map(String::as_str).collect::<Vec<_>>(), &input);
        assert_eq!(code, 1, "{output}: {err}");
        let items: Vec<Value> = if output == "json" {
            serde_json::from_str::<Vec<Value>>(&out).unwrap()
        } else {
            out.lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect()
        };
        assert_eq!(items.len(), want.len(), "{output}");
        for (n, (item, want)) in items.iter().zip(&want).enumerate() {
            assert_eq!(item["line"], n + 1, "{output}");
            let got = if item["valid"] == true {
                "valid"
            } else {
                item["reason"].as_str().unwrap()
            };
            assert_eq!(got, *want, "{output}, line {}: {item}", n + 1);
        }
        assert!(want.iter().filter(|w| **w == "revoked").count() > 300);
    }
}

#[test]
fn a_failed_revocation_lookup_counts_as_revoked() {
    // A user that may connect but not read (no MGET): every lookup fails, and every token that is
    // otherwise valid must come out revoked (fail closed), saying why, without the password.
    let r = TestRedis::start();
    let _: () = redis::cmd("ACL")
        .arg(&[
            "SETUSER",
            "noread",
            "on",
            ">s3cret-pw",
            "~*",
            "+@all",
            "-mget",
        ])
        .query(&mut r.conn(0))
        .unwrap();
    let url = r
        .url(0)
        .replacen("redis://", "redis://noread:s3cret-pw@", 1);
    let tokens: Vec<String> = (0..3)
        .map(|i| hs256(&format!(r#"{{"sub":"{i}","jti":"f{i}","exp":{}}}"#, T + 60)))
        .collect();
    let base = check_revoked_args(&url, "ndjson");
    let base: Vec<&str> = base.iter().map(String::as_str).collect();
    let one = [&base[..], &[tokens[0].as_str()]].concat();
    for (args, stdin) in [(one, String::new()), (base.clone(), tokens.join("\n"))] {
        let (code, out, err) = run(&args, &stdin);
        assert_eq!(code, 1, "{err}");
        let items: Vec<Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert!(!items.is_empty());
        for item in &items {
            assert_eq!(item["valid"], false, "{item}");
            assert_eq!(item["reason"], "revoked", "{item}");
            let message = item["message"].as_str().unwrap();
            assert!(message.contains("treated as revoked"), "{message}");
            assert!(!out.contains("s3cret-pw") && !err.contains("s3cret-pw"));
        }
    }
}

#[test]
fn environment_variables_reach_options_of_subcommands_clap_builds_late() {
    // Subcommands are defined only when the parser enters them, and the global options' defaults
    // are applied after parsing: variables must still be read and checked as the help says.
    let r = TestRedis::start();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("audit.jsonl");
    let token = hs256(&format!(
        r#"{{"sub":"42","jti":"env-1","exp":{}}}"#,
        T + 100
    ));
    let out = crate::support::sessctl(&["jwt", "revoke", "--at", &T.to_string(), &token])
        .env("SESSCTL_REDIS_URL", r.url(0))
        .env("SESSCTL_AUDIT_LOG", &log)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _: String = redis::cmd("GET")
        .arg("sessctl:revoked:jti:env-1")
        .query(&mut r.conn(0))
        .unwrap();
    let audit = std::fs::read_to_string(&log).unwrap();
    assert!(audit.contains("sessctl:revoked:jti:env-1"), "{audit}");
    // A bad SESSCTL_STORE is a usage error even for a command that does not use it.
    let out = crate::support::sessctl(&["jwt", "decode", &token])
        .env("SESSCTL_STORE", "bogus")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid value 'bogus' for '--store"));
}

/// `jwt revoke -o <output> --at <at> [--audit-log <log>]` on `url`, tokens on standard input.
fn revoke_args(url: &str, output: &str, at: &str, log: Option<&std::path::Path>) -> Vec<String> {
    let mut args: Vec<String> = ["--redis-url", url, "-o", output, "jwt", "revoke"]
        .map(str::to_owned)
        .to_vec();
    args.push(format!("--at={at}"));
    if let Some(log) = log {
        args.extend(["--audit-log".to_owned(), log.to_str().unwrap().to_owned()]);
    }
    args
}

fn ndjson(out: &str) -> Vec<Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn audit_lines(log: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(log)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn dbsize(r: &TestRedis) -> i64 {
    redis::cmd("DBSIZE").query(&mut r.conn(0)).unwrap()
}

#[test]
fn a_huge_exp_on_line_1_of_2501_gets_an_entry_without_ttl_and_the_rest_are_recorded() {
    // `jwt revoke` verifies no signature: anyone who can put a line into the log being revoked
    // chooses `exp`. Redis refuses `SET … EX 1e16`; the entry must be written without TTL
    // instead, and the 2,500 other tokens recorded as usual.
    let r = TestRedis::start();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("audit.jsonl");
    let mut input = hs256(&format!(r#"{{"jti":"hostile","exp":1e16,"iat":{T}}}"#));
    input.push('\n');
    for i in 0..2500 {
        input.push_str(&hs256(&format!(r#"{{"jti":"t{i}","exp":{}}}"#, T + 600)));
        input.push('\n');
    }
    let args = revoke_args(&r.url(0), "ndjson", &T.to_string(), Some(&log));
    let (code, out, err) = run(&args.iter().map(String::as_str).collect::<Vec<_>>(), &input);
    assert_eq!((code, err.as_str()), (0, ""));
    let items = ndjson(&out);
    assert_eq!(items.len(), 2501);
    assert!(items.iter().all(|i| i["status"] == "revoked"));
    assert_eq!(items[0]["key"], "sessctl:revoked:jti:hostile");
    assert_eq!(items[0]["ttl"], Value::Null);
    assert_eq!(items[0]["exp"], 10_000_000_000_000_000_i64);
    assert_eq!(items[1]["ttl"], 600);
    assert_eq!(dbsize(&r), 2501);
    assert_eq!(ttl(&r, "sessctl:revoked:jti:hostile"), -1, "no TTL");
    let t = ttl(&r, "sessctl:revoked:jti:t2499");
    assert!((590..=600).contains(&t), "TTL {t}");
    let audit = audit_lines(&log);
    let steps: Vec<&str> = audit.iter().map(|l| l["step"].as_str().unwrap()).collect();
    assert_eq!(steps, ["start", "batch", "batch", "batch", "done"]);
    let recorded: usize = audit[1..4]
        .iter()
        .map(|l| l["changed"]["recorded"].as_array().unwrap().len())
        .sum();
    assert_eq!(recorded, 2501);
}

#[test]
fn absurd_times_never_overflow_a_ttl() {
    let r = TestRedis::start();
    let cases = [
        // exp far beyond i64: saturated, no TTL.
        (
            T.to_string(),
            r#"{"jti":"e300","exp":1e300}"#.to_owned(),
            None,
        ),
        // A lifetime just over 100 years: no TTL; just under: that TTL.
        (
            T.to_string(),
            format!(r#"{{"jti":"over","exp":{}}}"#, T + 3_155_760_001),
            None,
        ),
        (
            T.to_string(),
            format!(r#"{{"jti":"under","exp":{}}}"#, T + 3_155_760_000),
            Some(3_155_760_000_i64),
        ),
        // `exp - now` overflows i64.
        (
            "-9223372036854775807".to_owned(),
            format!(r#"{{"jti":"early","exp":{T}}}"#),
            None,
        ),
        // A fraction of a second left still needs an entry.
        (
            T.to_string(),
            format!(r#"{{"jti":"frac","exp":{}.25}}"#, T),
            Some(1),
        ),
    ];
    for (at, payload, want) in cases {
        let token = hs256(&payload);
        let args = revoke_args(&r.url(0), "json", &at, None);
        let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
        args.push(&token);
        let (code, v, err) = run_json(&args, "");
        assert_eq!((code, err.as_str()), (0, ""), "{payload}");
        assert_eq!(v["status"], "revoked", "{payload}");
        let key = v["key"].as_str().unwrap().to_owned();
        match want {
            None => {
                assert_eq!(v["ttl"], Value::Null, "{payload}");
                assert_eq!(ttl(&r, &key), -1, "{payload}");
            }
            Some(t) => {
                assert_eq!(v["ttl"], t, "{payload}");
                let got = ttl(&r, &key);
                assert!((t - 10..=t).contains(&got), "{payload}: TTL {got}");
            }
        }
    }
    assert_eq!(dbsize(&r), 5);
    // The human form says why the entry never expires.
    let token = hs256(r#"{"jti":"human","exp":1e16}"#);
    let (code, out, err) = run(
        &[
            "--redis-url",
            &r.url(0),
            "jwt",
            "revoke",
            "--at",
            &T.to_string(),
            &token,
        ],
        "",
    );
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        "revoked sessctl:revoked:jti:human (exp over 100 years away: the entry never expires)\n"
    );
}

#[test]
fn one_refused_entry_is_that_tokens_error_and_the_others_are_recorded() {
    // The server refuses one SET of a pipeline of 1,000 (here: the ACL does not cover its key):
    // that token, on line 1 of 2,501, is an error item; the 2,500 others are recorded, each
    // batch line of the audit log names what was recorded and what failed, and the exit code
    // is 1.
    let r = TestRedis::start();
    let _: () = redis::cmd("ACL")
        .arg(&[
            "SETUSER",
            "revoker",
            "on",
            ">pw-revoker",
            "~sessctl:revoked:jti:ok-*",
            "+@all",
        ])
        .query(&mut r.conn(0))
        .unwrap();
    let url = r
        .url(0)
        .replacen("redis://", "redis://revoker:pw-revoker@", 1);
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("audit.jsonl");
    let mut input = hs256(&format!(r#"{{"jti":"evil","exp":{}}}"#, T + 60));
    input.push('\n');
    for i in 0..2500 {
        input.push_str(&hs256(&format!(r#"{{"jti":"ok-{i}","exp":{}}}"#, T + 600)));
        input.push('\n');
    }
    for output in ["ndjson", "json"] {
        let _: () = redis::cmd("FLUSHALL").query(&mut r.conn(0)).unwrap();
        let _ = std::fs::remove_file(&log);
        let args = revoke_args(&url, output, &T.to_string(), Some(&log));
        let (code, out, err) = run(&args.iter().map(String::as_str).collect::<Vec<_>>(), &input);
        assert_eq!((code, err.as_str()), (1, ""), "{output}");
        let items = if output == "json" {
            serde_json::from_str::<Vec<Value>>(&out).unwrap()
        } else {
            ndjson(&out)
        };
        assert_eq!(items.len(), 2501, "{output}");
        assert_eq!(items[0]["status"], "error");
        assert_eq!(items[0]["line"], 1);
        assert_eq!(items[0]["key"], "sessctl:revoked:jti:evil");
        assert_eq!(items[0]["ttl"], Value::Null);
        let error = items[0]["error"].as_str().unwrap();
        assert!(
            error.starts_with("not recorded: Redis answered NOPERM"),
            "{error}"
        );
        assert!(!error.contains("pw-revoker"));
        for (n, item) in items.iter().enumerate().skip(1) {
            assert_eq!(item["line"], n + 1);
            assert_eq!(item["status"], "revoked", "{item}");
        }
        assert_eq!(dbsize(&r), 2500, "{output}");
        let audit = audit_lines(&log);
        let steps: Vec<&str> = audit.iter().map(|l| l["step"].as_str().unwrap()).collect();
        assert_eq!(steps, ["start", "batch", "batch", "batch", "done"]);
        assert_eq!(audit[1]["result"], "partial");
        assert_eq!(
            audit[1]["changed"]["failed"][0]["key"],
            "sessctl:revoked:jti:evil"
        );
        assert_eq!(audit[1]["changed"]["failed"][0]["line"], 1);
        assert_eq!(audit[2]["result"], "ok");
        let recorded: usize = audit[1..4]
            .iter()
            .map(|l| l["changed"]["recorded"].as_array().unwrap().len())
            .sum();
        assert_eq!(recorded, 2500);
        assert_eq!(audit[4]["changed"]["revoked"], 2500);
        assert_eq!(audit[4]["changed"]["not_recorded"], 1);
        assert_eq!(audit[4]["result"], "partial");
    }
    // The human form: recorded lines on stdout, the refused one on stderr.
    let _: () = redis::cmd("FLUSHALL").query(&mut r.conn(0)).unwrap();
    let first_two: String = input.lines().take(2).map(|l| format!("{l}\n")).collect();
    let args = revoke_args(&url, "table", &T.to_string(), None);
    let (code, out, err) = run(
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
        &first_two,
    );
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "line 2: revoked sessctl:revoked:jti:ok-0 (entry expires in 10m)\n"
    );
    assert!(
        err.starts_with("sessctl: error: line 1: not recorded: Redis answered NOPERM"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn a_lost_connection_prints_the_tokens_done_so_far_then_the_error() {
    // The server drops idle clients after 1 s. The first 1,000 tokens are recorded; then
    // standard input pauses, the server drops the connection, and the next batch cannot be
    // recorded: the run fails (exit 3), but stdout is still a well-formed JSON array with the
    // 1,000 recorded tokens and the batch in flight as errors, before the error on stderr.
    use std::io::Write as _;
    let r = TestRedis::start();
    let _: () = redis::cmd("CONFIG")
        .arg(&["SET", "timeout", "1"])
        .query(&mut r.conn(0))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("audit.jsonl");
    let args = revoke_args(&r.url(0), "json", &T.to_string(), Some(&log));
    let mut child =
        crate::support::sessctl_process(&args.iter().map(String::as_str).collect::<Vec<_>>())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let token = |i: u32| hs256(&format!(r#"{{"jti":"c{i}","exp":{}}}"#, T + 600));
    for i in 0..1000 {
        writeln!(stdin, "{}", token(i)).unwrap();
    }
    stdin.flush().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while dbsize(&r) < 1000 {
        assert!(
            std::time::Instant::now() < deadline,
            "the first batch never arrived"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // Wait until the server has dropped sessctl's idle connection (only ours is left).
    loop {
        assert!(
            std::time::Instant::now() < deadline,
            "the server kept the idle client"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
        let clients: String = redis::cmd("CLIENT")
            .arg("LIST")
            .query(&mut r.conn(0))
            .unwrap();
        if clients.lines().count() <= 1 {
            break;
        }
    }
    for i in 1000..1005 {
        writeln!(stdin, "{}", token(i)).unwrap();
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    let items: Vec<Value> = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("stdout is not a JSON array ({e}): {stdout}"));
    assert_eq!(items.len(), 1005);
    assert!(items[..1000].iter().all(|i| i["status"] == "revoked"));
    for item in &items[1000..] {
        assert_eq!(item["status"], "error", "{item}");
        let error = item["error"].as_str().unwrap();
        assert!(error.starts_with("not confirmed:"), "{error}");
    }
    assert!(
        stderr.starts_with("sessctl: error: cannot reach Redis at ") && stderr.lines().count() == 1,
        "{stderr}"
    );
    let audit = audit_lines(&log);
    let steps: Vec<&str> = audit.iter().map(|l| l["step"].as_str().unwrap()).collect();
    assert_eq!(steps, ["start", "batch", "batch", "error"]);
    assert_eq!(
        audit[2]["changed"]["in_flight"].as_array().unwrap().len(),
        5
    );
}
