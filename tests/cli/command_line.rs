//! One command line: the store options (`--prefix`, `--user-field`, `--timeout`,
//! `--ask-password`) go before or after the subcommand like `--store` and `--redis-url`, with the
//! same effect in either place; every duration option takes the same grammar (`500ms`, `1m30s`).

use std::net::TcpListener;

use crate::support::redis::TestRedis;
use crate::support::{hs256, run, sessctl};

/// A JSON store under `myapp:s:` whose user id sits at `account.id`: `--store json` needs
/// `--prefix`, and without `--user-field` every session would be anonymous.
fn json_store() -> TestRedis {
    let r = TestRedis::start();
    let mut c = r.conn(0);
    redis::cmd("SET")
        .arg("myapp:s:alpha")
        .arg(r#"{"account":{"id":"42"}}"#)
        .query::<()>(&mut c)
        .unwrap();
    redis::cmd("SET")
        .arg("myapp:s:beta")
        .arg(r#"{"account":{"id":7}}"#)
        .arg("EX")
        .arg(86_400)
        .query::<()>(&mut c)
        .unwrap();
    // Another prefix: never listed.
    redis::cmd("SET")
        .arg("other:gamma")
        .arg(r#"{"account":{"id":"42"}}"#)
        .query::<()>(&mut c)
        .unwrap();
    r
}

/// The session commands, each with the arguments that make it succeed on [`json_store`]
/// (destructive ones as dry runs, or with a lifetime reset before each run).
const COMMANDS: &[&[&str]] = &[
    &["sessions", "list", "--sort", "id"],
    &["sessions", "show", "alpha"],
    &["sessions", "stats"],
    &["sessions", "expire", "alpha", "--in", "1h"],
    &["sessions", "delete", "alpha", "--dry-run"],
    &["revoke-user", "42", "--dry-run", "--no-cutoff"],
];

/// Runs sessctl with extra environment; returns (status, stdout, stderr).
fn run_env(args: &[String], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut cmd = sessctl(&args.iter().map(String::as_str).collect::<Vec<_>>());
    for (k, v) in env {
        cmd = cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// JSON output with every `"ttl"` number replaced by `<ttl>`: a lifetime counted in whole
/// seconds may tick down between two runs.
fn whole_seconds_blurred(out: &str) -> String {
    out.lines()
        .map(|l| match l.split_once("\"ttl\": ") {
            Some((head, n)) if n.trim_end_matches(',').parse::<i64>().is_ok() => {
                let comma = if n.ends_with(',') { "," } else { "" };
                format!("{head}\"ttl\": <ttl>{comma}\n")
            }
            _ => format!("{l}\n"),
        })
        .collect()
}

/// `before` + `command` + `after`.
fn line(before: &[&str], command: &[&str], after: &[&str]) -> Vec<String> {
    [before, command, after]
        .concat()
        .into_iter()
        .map(str::to_owned)
        .collect()
}

#[test]
fn store_options_before_or_after_the_subcommand_act_alike() {
    let r = json_store();
    let url = r.url(0);
    let options: [[&str; 2]; 4] = [
        ["--store", "json"],
        ["--prefix", "myapp:s:"],
        ["--user-field", "account.id"],
        ["--timeout", "1m30s"],
    ];
    let connection = ["--redis-url", url.as_str(), "-o", "json"];
    for command in COMMANDS {
        let run_once = |before: Vec<&str>, after: Vec<&str>, env: &[(&str, &str)]| {
            // `sessions expire` sets a lifetime: start each run from a session without one.
            redis::cmd("PERSIST")
                .arg("myapp:s:alpha")
                .query::<()>(&mut r.conn(0))
                .unwrap();
            let (code, out, err) = run_env(&line(&before, command, &after), env);
            (code, whole_seconds_blurred(&out), err)
        };
        let all: Vec<&str> = options.iter().flatten().copied().collect();
        let mut after = connection.to_vec();
        after.extend(&all);
        let expected = run_once(vec![], after, &[]);
        assert_eq!(expected.0, 0, "{command:?}: {}", expected.2);
        assert_eq!(expected.2, "", "{command:?}");
        // The options took effect: the sessions under the prefix, with their users (expire
        // reports keys only).
        assert!(
            expected.1.contains("\"42\"") || expected.1.contains("\"myapp:s:alpha\""),
            "{command:?}: {}",
            expected.1
        );
        assert!(!expected.1.contains("gamma"), "{command:?}: {}", expected.1);

        let mut all_before = connection.to_vec();
        all_before.extend(&all);
        assert_eq!(
            run_once(all_before, vec![], &[]),
            expected,
            "{command:?}, all before"
        );
        for (i, moved) in options.iter().enumerate() {
            let mut before = connection.to_vec();
            before.extend(moved);
            let mut after: Vec<&str> = Vec::new();
            for (j, o) in options.iter().enumerate() {
                if j != i {
                    after.extend(o);
                }
            }
            assert_eq!(
                run_once(before, after, &[]),
                expected,
                "{command:?}, {} before the subcommand",
                moved[0]
            );
        }
        // The environment variables in place of --store and --redis-url.
        let rest: Vec<&str> = options[1..].iter().flatten().copied().collect();
        for (before, after) in [(rest.clone(), vec![]), (vec![], rest.clone())] {
            let mut after = after;
            after.extend(["-o", "json"]);
            assert_eq!(
                run_once(
                    before,
                    after,
                    &[("SESSCTL_STORE", "json"), ("SESSCTL_REDIS_URL", &url)]
                ),
                expected,
                "{command:?} with SESSCTL_STORE and SESSCTL_REDIS_URL"
            );
        }
    }
}

/// The issue's own example, which failed with "unexpected argument '--prefix'".
#[test]
fn the_json_preset_options_go_before_the_subcommand() {
    let r = json_store();
    let (code, out, err) = run(
        &[
            "--redis-url",
            &r.url(0),
            "--store",
            "json",
            "--prefix",
            "myapp:s:",
            "--user-field",
            "account.id",
            "sessions",
            "list",
            "--sort",
            "id",
        ],
        "",
    );
    assert_eq!((code, err.as_str()), (0, ""));
    let ids_users: Vec<Vec<&str>> = out
        .lines()
        .skip(1)
        .take(2)
        .map(|l| l.split_whitespace().take(2).collect())
        .collect();
    assert_eq!(ids_users, [["alpha", "42"], ["beta", "7"]], "{out}");
}

/// Every command that talks to Redis.
const REDIS_COMMANDS: &[&[&str]] = &[
    &["sessions", "list"],
    &["sessions", "show", "alpha"],
    &["sessions", "stats"],
    &["sessions", "expire", "alpha", "--in", "1h"],
    &["sessions", "delete", "alpha", "--dry-run"],
    &["revoke-user", "42", "--dry-run"],
    &["jwt", "revoke", "--dry-run", "TOKEN"],
    &[
        "jwt",
        "verify",
        "--check-revoked",
        "--secret-env",
        "SECRET",
        "TOKEN",
    ],
];

fn with_token<'a>(command: &[&'a str], token: &'a str) -> Vec<&'a str> {
    command
        .iter()
        .map(|a| if *a == "TOKEN" { token } else { a })
        .collect()
}

#[test]
fn timeout_before_or_after_the_subcommand_bounds_every_redis_command() {
    // Accepts connections and never answers.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "redis://127.0.0.1:{}/0",
        silent.local_addr().unwrap().port()
    );
    let token = hs256(r#"{"sub":"42"}"#);
    let expected = (
        3,
        String::new(),
        format!("sessctl: error: cannot reach Redis at {url}: timed out after 500ms\n"),
    );
    for command in REDIS_COMMANDS {
        let command = with_token(command, &token);
        let store = ["--redis-url", url.as_str(), "--store", "php"];
        for (before, after) in [
            (vec!["--timeout", "500ms"], vec![]),
            (vec![], vec!["--timeout", "500ms"]),
        ] {
            let args = line(&[&store[..], &before].concat(), &command, &after);
            let got = run_env(
                &args,
                &[("SECRET", "a-secret-of-at-least-thirty-two-bytes")],
            );
            assert_eq!(got, expected, "{args:?}");
        }
    }
    drop(silent);
}

#[test]
fn ask_password_before_or_after_the_subcommand_is_honoured() {
    let r = json_store();
    let url = r.url(0);
    let token = hs256(r#"{"sub":"42"}"#);
    for command in REDIS_COMMANDS {
        let command = with_token(command, &token);
        let store = [
            "--redis-url",
            url.as_str(),
            "--store",
            "json",
            "--prefix",
            "myapp:s:",
        ];
        for (before, after) in [
            (vec!["--ask-password"], vec![]),
            (vec![], vec!["--ask-password"]),
        ] {
            let args = line(&[&store[..], &before].concat(), &command, &after);
            // Without a terminal it is refused rather than waiting; ignored, the command would
            // have run.
            let got = run_env(
                &args,
                &[("SECRET", "a-secret-of-at-least-thirty-two-bytes")],
            );
            assert_eq!(
                got,
                (
                    2,
                    String::new(),
                    "sessctl: error: --ask-password needs a terminal; without one, set \
                     SESSCTL_REDIS_PASSWORD or REDISCLI_AUTH\n"
                        .to_owned()
                ),
                "{args:?}"
            );
        }
    }
}

#[test]
fn jwt_verify_timeout_takes_sub_second_durations_before_or_after() {
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let jwks = format!("http://{}/jwks.json", silent.local_addr().unwrap());
    let token = hs256(r#"{"sub":"42"}"#);
    for args in [
        &[
            "--timeout",
            "500ms",
            "jwt",
            "verify",
            "--jwks-url",
            &jwks,
            &token,
        ][..],
        &[
            "jwt",
            "verify",
            "--timeout",
            "500ms",
            "--jwks-url",
            &jwks,
            &token,
        ],
        &[
            "jwt",
            "verify",
            "--jwks-url",
            &jwks,
            &token,
            "--timeout",
            "1m30s",
        ],
    ] {
        let started = std::time::Instant::now();
        let (code, out, err) = if args.contains(&"1m30s") {
            // Accepted, not run out: an unknown duration would be a usage error at once.
            let mut child = crate::support::sessctl_process(args)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            std::thread::sleep(std::time::Duration::from_millis(700));
            assert!(child.try_wait().unwrap().is_none(), "{args:?} ended early");
            child.kill().unwrap();
            child.wait().unwrap();
            continue;
        } else {
            run(args, "")
        };
        assert_eq!((code, out.as_str()), (2, ""), "{args:?}: {err}");
        assert!(
            err.contains("cannot fetch the key set") && err.contains("imeout"),
            "{args:?}: {err}"
        );
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "{args:?}"
        );
    }
    drop(silent);
}

#[test]
fn durations_share_one_grammar_and_are_refused_alike() {
    let token = hs256(r#"{"sub":"42","iat":1700000000,"exp":1700000100}"#);
    let secret = crate::support::fixture("jwt/keys/hs256.secret");
    let secret = secret.to_str().unwrap();
    // --leeway and --max-age take the grammar, in whole seconds.
    let (code, _, err) = run(
        &[
            "jwt",
            "verify",
            "--secret-file",
            secret,
            "--at",
            "1700000130",
            "--leeway",
            "1m30s",
            "--max-age",
            "2m",
            &token,
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(
        &[
            "jwt",
            "verify",
            "--secret-file",
            secret,
            "--leeway",
            "500ms",
            &token,
        ],
        "",
    );
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.contains("`500ms`: this option counts whole seconds"),
        "{err}"
    );
    // The same bad value gets the same message from every duration option.
    for args in [
        &[
            "jwt",
            "verify",
            "--secret-file",
            secret,
            "--leeway",
            "5x",
            &token,
        ][..],
        &[
            "jwt",
            "verify",
            "--secret-file",
            secret,
            "--max-age",
            "5x",
            &token,
        ],
        &["--timeout", "5x", "sessions", "list"],
        &["sessions", "expire", "id", "--in", "5x"],
    ] {
        let (code, out, err) = run(args, "");
        assert_eq!((code, out.as_str()), (2, ""), "{args:?}");
        assert!(
            err.contains(
                "`5x` is not a duration: use seconds or a number with a unit ms, s, m, h, d or w \
                 (500ms, 30s, 10m, 1m30s, 2h, 7d)"
            ),
            "{args:?}: {err}"
        );
    }
    // A timeout of zero would never connect.
    let (code, _, err) = run(&["sessions", "list", "--timeout", "0"], "");
    assert_eq!(code, 2);
    assert!(err.contains("a timeout must be at least 1ms"), "{err}");
}

#[test]
fn every_command_s_help_lists_the_store_options() {
    for args in [
        &["sessions", "list", "--help"][..],
        &["sessions", "expire", "--help"],
        &["revoke-user", "--help"],
        &["jwt", "revoke", "--help"],
        &["jwt", "verify", "--help"],
        &["--help"],
    ] {
        let (code, out, _) = run(args, "");
        assert_eq!(code, 0, "{args:?}");
        for option in [
            "--prefix <PREFIX>",
            "--user-field <PATH>",
            "--timeout <DURATION>",
            "--ask-password",
        ] {
            assert!(out.contains(option), "{args:?} lacks {option}");
        }
    }
    let (_, out, _) = run(&["jwt", "verify", "--help"], "");
    assert!(out.contains("also for fetching --jwks-url"), "{out}");
}
