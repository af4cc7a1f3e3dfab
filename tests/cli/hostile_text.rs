//! Hostile text (issue 11, item 11): session ids, keys, user ids and token claims holding terminal
//! escapes (a title set with `ESC ] 0 ; … BEL`, a clear screen `ESC [2J`, an OSC 8 link, the C1
//! CSI U+009B), a bidi override, or a newline that draws a fake table row, must reach no human
//! output as they are: tables, summaries, warnings, errors and the confirmation question show
//! them escaped (`\x1b`, `\xc2\x9b`, `\xe2\x80\xae`, `\x0a`), with or without `--color always`,
//! on a pipe or on a terminal. JSON carries the values as JSON does.

use serde_json::Value;

use crate::support::redis::TestRedis;
use crate::support::{run, run_json, run_on_terminal, token};

const TITLE: &str = "7\x1b]0;pwned\x07\x1b[2J";
const OSC8: &str = "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\";
const C1: &str = "\u{9b}31mred";
const BIDI: &str = "admin\u{202e}nimda";
const ROW: &str = "7\n fake-row  42  never (!)";

/// (Redis key, user id) of the hostile sessions, connect-redis style.
const SESSIONS: &[(&str, &str)] = &[
    ("sess:t\x1b]0;pwned\x07", TITLE),
    ("sess:o\x1b]8;;https://evil.example/\x1b\\", OSC8),
    ("sess:c\u{9b}2J", C1),
    ("sess:b\u{202e}abc", BIDI),
    ("sess:n\n fake-row  9  never (!)", ROW),
];

/// A record that cannot be decoded (cut-off JSON) but mentions user `C1`, under a hostile key.
const UNDECODABLE: &str = "sess:u\u{9b}2J\u{202e}";

/// The user ids as sessctl shows them.
const SHOWN_USERS: &[&str] = &[
    r"7\x1b]0;pwned\x07\x1b[2J",
    r"\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",
    r"\xc2\x9b31mred",
    r"admin\xe2\x80\xaenimda",
    r"7\x0a fake-row  42  never (!)",
];

fn seed() -> TestRedis {
    let r = TestRedis::start();
    let mut c = r.conn(0);
    for (key, user) in SESSIONS {
        let value = serde_json::json!({
            "cookie": { "originalMaxAge": null, "path": "/" },
            "passport": { "user": user },
        });
        redis::cmd("SET")
            .arg(*key)
            .arg(value.to_string())
            .query::<()>(&mut c)
            .unwrap();
    }
    let cut = format!(r#"{{"passport":{{"user":"{C1}"#);
    redis::cmd("SET")
        .arg(UNDECODABLE)
        .arg(cut)
        .query::<()>(&mut c)
        .unwrap();
    r
}

fn base(r: &TestRedis) -> Vec<String> {
    vec![
        "--redis-url".into(),
        r.url(0),
        "--store".into(),
        "connect-redis".into(),
    ]
}

fn with<'a>(base: &'a [String], more: &[&'a str]) -> Vec<&'a str> {
    base.iter()
        .map(String::as_str)
        .chain(more.iter().copied())
        .collect()
}

/// `s` without the colour sequences sessctl itself writes (`ESC [ digits/; m`).
fn without_colors(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("\x1b[") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let n = after
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .unwrap_or(after.len());
        if after[n..].starts_with('m') {
            rest = &after[n + 1..];
        } else {
            // Not a colour: keep the ESC for the check to find.
            out.push_str("\x1b[");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// No raw ESC, C1 control, bidi mark or other control character (but the line ends), and no
/// line that a newline inside a value started.
fn assert_inert(what: &str, s: &str) {
    let s = without_colors(s);
    for c in s.chars() {
        let bad = (c.is_control() && c != '\n' && c != '\r')
            || matches!(
                c,
                '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
            );
        assert!(!bad, "{what}: raw {:#x} reached the output:\n{s}", c as u32);
    }
    assert!(
        !s.lines().any(|l| l.trim_start().starts_with("fake-row")),
        "{what}: a newline drew a fake row:\n{s}"
    );
}

/// The session ids as `sessions list -o json` gives them (escaped, to be given back).
fn ids(r: &TestRedis) -> Vec<String> {
    let b = base(r);
    let (code, v, err) = run_json(&with(&b, &["sessions", "list", "-o", "json"]), "");
    assert_eq!(code, 0, "{err}");
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn list_table_shows_hostile_ids_and_user_ids_escaped_on_one_row_each() {
    let r = seed();
    let b = base(&r);
    for color in [&[][..], &["--color", "always"][..]] {
        let mut args = with(&b, color);
        args.extend(["sessions", "list"]);
        let (code, out, err) = run(&args, "");
        assert_eq!(code, 0, "{err}");
        assert_inert("list stdout", &out);
        assert_inert("list stderr", &err);
        let out = without_colors(&out);
        for user in SHOWN_USERS {
            assert!(out.contains(user), "{user} shown escaped:\n{out}");
        }
        // A header, one line per record, the footer.
        assert_eq!(out.lines().count(), 1 + SESSIONS.len() + 1 + 1, "{out}");
        assert!(out.contains(r"c\xc2\x9b2J "), "{out}");
        assert!(out.contains(r"b\xe2\x80\xaeabc "), "{out}");
        assert!(out.contains(r"n\x0a fake-row  9  never (!)"), "{out}");
        assert!(
            err.contains(r"u\xc2\x9b2J\xe2\x80\xae"),
            "the undecodable record's warning names its key escaped: {err}"
        );
    }
}

#[test]
fn json_output_carries_the_values_as_json() {
    let r = seed();
    let b = base(&r);
    let (code, out, err) = run(&with(&b, &["sessions", "list", "-o", "json"]), "");
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains('\x1b'), "JSON escapes ESC: {out}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let mut users: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["user"].as_str())
        .collect();
    users.sort_unstable();
    let mut want: Vec<&str> = SESSIONS.iter().map(|(_, u)| *u).collect();
    want.sort_unstable();
    assert_eq!(users, want, "the user ids come through unchanged");

    let (code, out, err) = run(&with(&b, &["sessions", "list", "-o", "ndjson"]), "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), SESSIONS.len() + 1);
    for line in out.lines() {
        serde_json::from_str::<Value>(line).unwrap();
    }
}

#[test]
fn show_escapes_the_id_the_user_and_the_data() {
    let r = seed();
    let b = base(&r);
    // The id as shown (C1 as its bytes) names the session.
    let (code, out, err) = run(&with(&b, &["sessions", "show", r"c\xc2\x9b2J"]), "");
    assert_eq!(code, 0, "{err}");
    assert_inert("show stdout", &out);
    assert_inert("show stderr", &err);
    assert!(out.contains(r" user         \xc2\x9b31mred"), "{out}");
    assert!(
        out.contains(r#""user": "\u009b31mred""#),
        "data stays JSON: {out}"
    );

    for id in ids(&r) {
        let (code, out, err) = run(
            &with(&b, &["--color", "always", "sessions", "show", &id]),
            "",
        );
        assert!(code == 0 || code == 1, "{id}: {err}");
        assert_inert("show stdout", &out);
        assert_inert("show stderr", &err);
    }

    // The final error line quotes what was typed, escaped.
    let (code, out, err) = run(&with(&b, &["sessions", "show", "zz\u{9b}2J"]), "");
    assert_eq!(code, 1, "{err}");
    assert_eq!(out, "");
    assert_inert("error line", &err);
    assert!(err.contains(r"zz\xc2\x9b2J"), "{err}");
}

#[test]
fn the_delete_question_on_a_terminal_shows_user_ids_escaped() {
    let r = seed();
    let b = base(&r);
    let ids = ids(&r);
    let mut args = with(&b, &["sessions", "delete"]);
    args.extend(ids.iter().map(String::as_str));
    let (code, screen) = run_on_terminal(&args, "n\n");
    assert_eq!(code, 1, "declined: {screen}");
    assert!(screen.contains("[y/N]"), "{screen}");
    assert!(screen.contains("nothing was deleted"), "{screen}");
    assert_inert("the terminal", &screen);
    for user in SHOWN_USERS {
        assert!(screen.contains(user), "{user} in the question: {screen}");
    }
    let keys: Vec<String> = redis::cmd("KEYS").arg("*").query(&mut r.conn(0)).unwrap();
    assert_eq!(keys.len(), SESSIONS.len() + 1, "nothing was deleted");
}

#[test]
fn revoke_user_summary_and_warnings_show_user_ids_and_keys_escaped() {
    for (user, shown) in [(C1, SHOWN_USERS[2]), (ROW, SHOWN_USERS[4])] {
        for color in [&[][..], &["--color", "always"][..]] {
            let r = seed();
            let b = base(&r);
            let mut args = with(&b, color);
            args.extend(["revoke-user", user, "--yes"]);
            let (code, out, err) = run(&args, "");
            assert_inert("revoke-user stdout", &out);
            assert_inert("revoke-user stderr", &err);
            let out = without_colors(&out);
            assert!(
                out.contains(&format!("removed 1 session of user {shown} ")),
                "{out}"
            );
            assert!(
                out.contains(&format!("revoked:user:sub:{shown})")),
                "the cut-off key: {out}"
            );
            if user == C1 {
                // The cut-off record mentions the user: it stays, named in a warning.
                assert_eq!(code, 1, "{out}{err}");
                assert!(
                    out.contains(
                        r"undecidable (owner unknown, left in place): u\xc2\x9b2J\xe2\x80\xae"
                    ),
                    "{out}"
                );
            } else {
                assert_eq!(code, 0, "{out}{err}");
            }
        }
    }
}

#[test]
fn jwt_decode_shows_hostile_claims_escaped() {
    let header = serde_json::json!({ "alg": "HS256\u{202e}", "typ": "JWT", "kid": TITLE });
    let payload = serde_json::json!({
        "sub": TITLE, "name": BIDI, "link": OSC8, "csi": C1, "row": ROW, "exp": C1,
    });
    let claims = token(&header.to_string(), &payload.to_string());
    let text = token(&header.to_string(), "hello\x1b[2J\n fake-row\u{9b}1A");
    let input = format!("{claims}\n{text}\nnot\x1b[2J.a\u{9b}.token\n");
    for color in [&[][..], &["--color", "always"][..]] {
        let mut args = color.to_vec();
        args.extend(["jwt", "decode"]);
        let (code, out, err) = run(&args, &input);
        assert_eq!(code, 1, "one line is not a token: {err}");
        assert_inert("decode stdout", &out);
        assert_inert("decode stderr", &err);
        let out = without_colors(&out);
        assert!(
            out.contains(r#""sub": "7\u001b]0;pwned\u0007\u001b[2J""#),
            "{out}"
        );
        assert!(out.contains(r#""name": "admin\u202enimda""#), "{out}");
        assert!(out.contains(r#""csi": "\u009b31mred""#), "{out}");
        assert!(out.contains(r"signed with HS256\xe2\x80\xae:"), "{out}");
        assert!(
            out.contains(r"hello\x1b[2J\x0a fake-row\xc2\x9b1A"),
            "{out}"
        );
    }
    let (_, v, _) = run_json(&["jwt", "decode", "-o", "json"], &input);
    assert_eq!(v[0]["payload"]["sub"], TITLE);
    assert_eq!(v[0]["payload"]["csi"], C1);
    assert_eq!(v[0]["header"]["alg"], "HS256\u{202e}");
}
