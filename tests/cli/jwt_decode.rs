//! `sessctl jwt decode`: input forms, kinds, bad inputs, JSON shape, exit codes.

use serde_json::{Value, json};
use snapbox::str;

use crate::support::{b64, run, run_json, sessctl, token};

const HS: &str = r#"{"alg":"HS256","typ":"JWT"}"#;
const CLAIMS: &str = r#"{"sub":"42","iat":1700000000,"exp":1700000840}"#;
/// 2023-11-14T22:13:20Z, the tokens' iat.
const AT: &str = "1700000000";

#[test]
fn human_form_of_a_signed_token() {
    let t = token(HS, CLAIMS);
    sessctl(&["jwt", "decode", "--at", AT, &t]).assert().success().stdout_eq(str![[r#"
Kind: JWS, signed with HS256: signed, not encrypted
      Anyone who holds this token can read its payload; the signature only proves it was not changed.
Header:
{
  "alg": "HS256",
  "typ": "JWT"
}
Payload:
{
  "sub": "42",
  "iat": 1700000000,
  "exp": 1700000840
}
Times:
  exp       1700000840  2023-11-14T22:27:20Z  expires in 14m
  iat       1700000000  2023-11-14T22:13:20Z  issued 0s ago
Signature:
  BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc (32 bytes)

"#]]).stderr_eq(str![""]);
}

#[test]
fn at_evaluates_time_claims_as_of_another_moment() {
    let t = token(HS, CLAIMS);
    let (code, v, _) = run_json(
        &[
            "jwt",
            "decode",
            "-o",
            "json",
            "--at",
            "2023-11-15T01:17:20Z",
            &t,
        ],
        "",
    );
    assert_eq!(code, 0);
    let exp = &v["times"][0];
    assert_eq!(exp["claim"], "exp");
    assert_eq!(exp["utc"], "2023-11-14T22:27:20Z");
    assert_eq!(exp["relative"], "expired 2h 50m ago");
    assert_eq!(exp["alarming"], true);
}

#[test]
fn json_shape_for_one_token() {
    let t = token(HS, r#"{"z":1,"a":1.50,"n":123456789012345678901234567890}"#);
    let (code, v, err) = run_json(&["jwt", "decode", &t, "--output", "json"], "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["kind"], "jws");
    assert_eq!(v["encrypted"], false);
    assert_eq!(v["alg"], "HS256");
    assert_eq!(v["line"], Value::Null);
    assert_eq!(v["header"], json!({"alg": "HS256", "typ": "JWT"}));
    assert_eq!(v["signature"], b64(&[7u8; 32]));
    assert_eq!(v["signature_bytes"], 32);
    assert!(
        v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().starts_with("no exp claim"))
    );
    // Claims in their original order, numbers as sent.
    let (_, out, _) = run(&["jwt", "decode", &t, "-o", "ndjson"], "");
    assert!(
        out.contains(r#""payload":{"z":1,"a":1.50,"n":123456789012345678901234567890}"#),
        "{out}"
    );
}

#[test]
fn every_input_form_is_accepted() {
    let t = token(HS, CLAIMS);
    for form in [
        t.clone(),
        format!("  {t}\n"),
        format!("Bearer {t}"),
        format!("Authorization: Bearer {t}"),
        format!("access_token={t}"),
        format!("Cookie: theme=dark; jwt={t}"),
    ] {
        let (code, v, err) = run_json(&["-o", "json", "jwt", "decode", &form], "");
        assert_eq!(
            (code, v["payload"]["sub"].as_str()),
            (0, Some("42")),
            "form {form:?}: {err}"
        );
        let (code, v, err) = run_json(&["-o", "json", "jwt", "decode"], &format!("{form}\n"));
        assert_eq!(
            (code, v[0]["payload"]["sub"].as_str()),
            (0, Some("42")),
            "stdin form {form:?}: {err}"
        );
    }
}

#[test]
fn stdin_with_dash_and_without_argument() {
    let t = token(HS, CLAIMS);
    for args in [
        &["jwt", "decode", "-", "-o", "ndjson"][..],
        &["jwt", "decode", "-o", "ndjson"][..],
    ] {
        let (code, out, err) = run(args, &format!("{t}\r\n\n{t}\n"));
        assert_eq!(code, 0, "{err}");
        let lines: Vec<Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(
            (lines[0]["line"].as_u64(), lines[1]["line"].as_u64()),
            (Some(1), Some(3))
        );
    }
}

#[test]
fn bad_lines_are_reported_with_their_number_and_the_rest_decoded() {
    let t = token(HS, CLAIMS);
    let input = format!("{t}\nnot-a-token\n{t}\na.b.c.d\n");
    let (code, out, err) = run(&["jwt", "decode", "-o", "ndjson"], &input);
    assert_eq!(code, 1);
    assert_eq!(err, "");
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["kind"], "jws");
    assert_eq!(
        lines[1],
        json!({"line": 2, "error": "not a compact JWT: found 1 dot-separated segment, expected 3 (JWS) or 5 (JWE)"})
    );
    assert_eq!(lines[2]["line"], 3);
    assert_eq!(lines[3]["line"], 4);
    assert!(
        lines[3]["error"]
            .as_str()
            .unwrap()
            .contains("found 4 dot-separated segments")
    );

    // The human form reports the bad line on stderr and goes on.
    sessctl(&["jwt", "decode", "--at", AT])
        .stdin(format!("{t}\nnot-a-token\n"))
        .assert()
        .code(1)
        .stdout_eq(str![[r#"
── line 1 ──
Kind: JWS, signed with HS256: signed, not encrypted
...
"#]])
        .stderr_eq(str![[r#"
sessctl: error: line 2: not a compact JWT: found 1 dot-separated segment, expected 3 (JWS) or 5 (JWE)

"#]]);
}

#[test]
fn json_output_of_stdin_is_one_array_in_input_order() {
    let a = token(HS, r#"{"sub":"a"}"#);
    let b = token(HS, r#"{"sub":"b"}"#);
    let input: String = (0..300)
        .map(|i| format!("{}\n", if i % 2 == 0 { &a } else { &b }))
        .collect();
    let (code, v, _) = run_json(&["jwt", "decode", "-o", "json"], &input);
    assert_eq!(code, 0);
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 300);
    for (i, item) in arr.iter().enumerate() {
        assert_eq!(item["line"], i as u64 + 1);
        assert_eq!(item["payload"]["sub"], if i % 2 == 0 { "a" } else { "b" });
    }
}

#[test]
fn empty_input_is_an_error() {
    sessctl(&["jwt", "decode"])
        .stdin("\n  \n")
        .assert()
        .code(1)
        .stdout_eq(str![""])
        .stderr_eq(str![[r#"
sessctl: error: empty input: no token found

"#]]);
    sessctl(&["jwt", "decode", "  "])
        .assert()
        .code(1)
        .stderr_eq(str![[r#"
sessctl: error: cannot decode the token: empty input: no token found

"#]]);
}

#[test]
fn unsecured_tokens_are_flagged_loudly() {
    let t = format!(
        "{}.{}.",
        b64(br#"{"alg":"none"}"#),
        b64(br#"{"sub":"admin","exp":4102444800}"#)
    );
    let (code, v, _) = run_json(&["-o", "json", "jwt", "decode", &t], "");
    assert_eq!(code, 0);
    assert_eq!(v["kind"], "unsecured");
    assert_eq!(v["signature_bytes"], 0);
    assert!(
        v["warnings"][0]
            .as_str()
            .unwrap()
            .starts_with("unsecured token (alg: none)")
    );
    let (_, out, err) = run(&["jwt", "decode", &t], "");
    assert!(out.starts_with("Kind: UNSECURED (alg: none)\n"), "{out}");
    assert!(err.starts_with("warning: unsecured token"), "{err}");
}

#[test]
fn encrypted_tokens_show_their_protected_header_only() {
    let h = b64(br#"{"alg":"RSA-OAEP","enc":"A256GCM","kid":"k1"}"#);
    let t = format!(
        "{h}.{}.{}.{}.{}",
        b64(&[1; 256]),
        b64(&[2; 12]),
        b64(&[3; 40]),
        b64(&[4; 16])
    );
    let (code, v, _) = run_json(&["-o", "json", "jwt", "decode", &t], "");
    assert_eq!(code, 0);
    assert_eq!(v["kind"], "jwe");
    assert_eq!(v["encrypted"], true);
    assert_eq!(v["payload"], Value::Null);
    assert_eq!(v["signature"], Value::Null);
    assert_eq!(v["header"]["enc"], "A256GCM");
    assert_eq!(
        v["jwe"],
        json!({"encrypted_key_bytes": 256, "iv_bytes": 12, "ciphertext_bytes": 40, "tag_bytes": 16})
    );
    let (_, out, _) = run(&["jwt", "decode", &t], "");
    assert!(
        out.contains("The payload cannot be read without the decryption key."),
        "{out}"
    );
}

#[test]
fn nested_tokens_are_decoded_inside() {
    let inner = token(HS, r#"{"sub":"7","exp":4102444800}"#);
    let t = token(r#"{"alg":"HS256","cty":"JWT"}"#, &inner);
    let (code, v, _) = run_json(&["-o", "json", "jwt", "decode", &t], "");
    assert_eq!(code, 0);
    assert_eq!(v["nested"], true);
    assert_eq!(v["payload"], inner);
    assert_eq!(v["payload_encoding"], "text");
    assert_eq!(v["inner"]["payload"]["sub"], "7");
}

#[test]
fn payloads_that_are_not_json_still_decode() {
    let t = token(HS, "Payload");
    let (code, v, _) = run_json(&["-o", "json", "jwt", "decode", &t], "");
    assert_eq!(
        (code, &v["payload"], &v["payload_encoding"]),
        (0, &json!("Payload"), &json!("text"))
    );
    assert!(v["warnings"][0].as_str().unwrap().contains("not JSON"));

    let t = format!(
        "{}.{}.{}",
        b64(HS.as_bytes()),
        b64(&[0xff, 0xfe, 0]),
        b64(&[1; 32])
    );
    let (code, v, _) = run_json(&["-o", "json", "jwt", "decode", &t], "");
    assert_eq!(
        (code, &v["payload"], &v["payload_encoding"]),
        (0, &json!("__4A"), &json!("base64url"))
    );

    let t = format!("{}..{}", b64(HS.as_bytes()), b64(&[1; 32]));
    let (code, v, _) = run_json(&["-o", "json", "jwt", "decode", &t], "");
    assert_eq!(
        (code, v["detached"].as_bool(), &v["payload"]),
        (0, Some(true), &Value::Null)
    );
}

#[test]
fn findings_are_warnings() {
    let t = token(
        r#"{"alg":"RS256","jku":"https://evil.example/keys","kid":"../../dev/null"}"#,
        r#"{"sub":"1","sub":"2","iat":0,"exp":2592000,"card_number":"4111","ssn":"1"}"#,
    );
    let (code, v, _) = run_json(&["-o", "json", "jwt", "decode", &t], "");
    assert_eq!(code, 0);
    let warnings: Vec<&str> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert_eq!(
        warnings,
        [
            "duplicate member name \"sub\" in the payload: verifiers disagree on which value wins",
            "the header carries jku: a naive verifier would use it to find its key; never trust it",
            "kid \"../../dev/null\" contains path or control characters: a verifier that looks keys up by file name or query can be tricked",
            "lifetime (exp - iat) of 30d is over 24 hours",
            "claim \"card_number\" looks like a secret: the payload is readable by anyone who holds the token",
            "claim \"ssn\" looks like a secret: the payload is readable by anyone who holds the token",
        ]
    );
    assert_eq!(v["payload"]["sub"], "2");
}

#[test]
fn bad_inputs_get_one_clear_line_and_exit_1() {
    let h = b64(HS.as_bytes());
    let p = b64(b"{}");
    let cases = [
        (
            "a.b".to_string(),
            "not a compact JWT: found 2 dot-separated segments, expected 3 (JWS) or 5 (JWE)",
        ),
        (
            ".".repeat(15_000),
            "not a compact JWT: found 15001 dot-separated segments, expected 3 (JWS) or 5 (JWE)",
        ),
        (
            format!("{h}.ab*c.c2ln"),
            "segment 2 (payload) is not base64url: invalid character '*' at offset 2",
        ),
        (
            format!("{h}.e30=.c2ln"),
            "segment 2 (payload) is not base64url: padding '=' at offset 3 is not allowed in JWTs (base64url without padding)",
        ),
        (
            format!("{h}.e31.c2ln"),
            "segment 2 (payload) is not base64url: not canonical: the last character '1' at offset 2 has unused bits set",
        ),
        (
            format!("{h}.{p}.c2l"),
            "segment 3 (signature) is not base64url: not canonical: the last character 'l' at offset 2 has unused bits set",
        ),
        (
            format!("{}.{p}.c2ln", b64(b"[1,2]")),
            "segment 1 (header) is not a JSON object: found an array",
        ),
        (
            format!("{}.{p}.c2ln", b64(b"alg")),
            "segment 1 (header) is not JSON: expected value at line 1 column 1",
        ),
        (
            format!("{}.{p}.c2ln", b64(&[0xff])),
            "segment 1 (header) is not UTF-8 text",
        ),
        (
            format!("{h}.{}.c2ln", b64("[".repeat(5000).as_bytes())),
            "segment 2 (payload) is JSON nested too deeply (limit 128 levels)",
        ),
    ];
    for (input, message) in cases {
        let (code, out, err) = run(&["jwt", "decode", &input], "");
        assert_eq!(code, 1, "{input:.80}");
        assert_eq!(out, "");
        assert_eq!(
            err,
            format!("sessctl: error: cannot decode the token: {message}\n"),
            "{input:.80}"
        );
    }
}

#[test]
fn size_cap_is_enforced_and_configurable() {
    let huge = token(HS, &format!(r#"{{"sub":"{}"}}"#, "x".repeat(2 << 20)));
    let (code, _, err) = run(&["jwt", "decode"], &huge);
    assert_eq!(code, 1);
    assert!(err.contains("line 1: token is 2796"), "{err}");
    assert!(
        err.contains("over the limit of 1048576 bytes (raise it with --max-size)"),
        "{err}"
    );
    let (code, _, err) = run(&["jwt", "decode", "-o", "json", "--max-size", "4M"], &huge);
    assert_eq!(code, 0, "{err}");
    // An argument (at most 128 KiB on Linux) against a smaller cap.
    let big = token(HS, &format!(r#"{{"sub":"{}"}}"#, "x".repeat(80_000)));
    let (code, _, err) = run(&["jwt", "decode", "--max-size", "64K", &big], "");
    assert_eq!(code, 1);
    assert!(err.contains("over the limit of 65536 bytes"), "{err}");
    // On stdin the oversized line is skipped, not buffered, and the next one decodes.
    let ok = token(HS, CLAIMS);
    let (code, out, _) = run(
        &["jwt", "decode", "-o", "ndjson", "--max-size", "64K"],
        &format!("{big}\n{ok}\n"),
    );
    assert_eq!(code, 1);
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        lines[0]["error"]
            .as_str()
            .unwrap()
            .contains("over the limit of 65536 bytes")
    );
    assert_eq!(lines[1]["payload"]["sub"], "42");
}

#[test]
fn usage_errors_exit_2() {
    let (code, _, err) = run(&["jwt", "decode", "--at", "yesterday", "x.y.z"], "");
    assert_eq!(code, 2);
    assert!(err.contains("is not a time: use RFC 3339"), "{err}");
    let (code, _, _) = run(&["jwt", "decode", "--bogus"], "");
    assert_eq!(code, 2);
    let (code, _, _) = run(&["jwt", "decode", "--max-size", "0", "x"], "");
    assert_eq!(code, 2);
}

#[test]
fn garbage_never_panics() {
    let h = b64(HS.as_bytes());
    let mut inputs = vec![
        "\u{0}".to_string(),
        "....".to_string(),
        "é.é.é".to_string(),
        format!("{h}.{h}.{h}.{h}.{h}"),
        format!(
            "{}.{}.",
            b64(b"{\"alg\":\"none\",\"cty\":\"JWT\"}"),
            b64(b"a.b.c")
        ),
    ];
    // A token nested in itself many times.
    let mut t = token(HS, "{}");
    for _ in 0..6 {
        t = token(r#"{"alg":"HS256","cty":"JWT"}"#, &t);
    }
    inputs.push(t);
    let stdin: String = inputs.iter().map(|i| format!("{i}\n")).collect();
    let (code, out, err) = run(&["jwt", "decode", "-o", "ndjson"], &stdin);
    assert!(code == 0 || code == 1, "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.lines().count(), inputs.len());
}

#[test]
fn color_is_off_in_pipes_and_on_when_asked() {
    let t = token(HS, CLAIMS);
    let (_, out, _) = run(&["jwt", "decode", &t], "");
    assert!(!out.contains('\u{1b}'));
    let (_, out, _) = run(&["jwt", "decode", "--color", "always", &t], "");
    assert!(out.contains("\u{1b}[1m"), "{out}");
    let (_, out, _) = run(&["jwt", "decode", "--color", "never", &t], "");
    assert!(!out.contains('\u{1b}'));
}

#[test]
fn help_has_examples_and_exit_codes() {
    let (code, out, _) = run(&["jwt", "decode", "--help"], "");
    assert_eq!(code, 0);
    assert!(
        out.contains("Examples:") && out.contains("Exit codes:"),
        "{out}"
    );
    let (code, out, _) = run(&["--version"], "");
    assert_eq!(
        (code, out),
        (0, format!("sessctl {}\n", env!("CARGO_PKG_VERSION")))
    );
}

/// Every token fixture made by another implementation (PyJWT, jwcrypto, node jose) or copied from
/// the RFCs decodes to the kind tests/fixtures/jwt/expectations.json records, and every malformed
/// one is an error, in one run over standard input.
#[test]
fn fixtures_from_other_implementations_and_the_rfcs() {
    let expectations: serde_json::Map<String, Value> =
        serde_json::from_str(&crate::support::fixture_text("jwt/expectations.json")).unwrap();
    let names: Vec<&String> = expectations.keys().collect();
    let stdin: String = names
        .iter()
        .map(|n| {
            format!(
                "{}\n",
                crate::support::fixture_text(&format!("jwt/tokens/{n}"))
            )
        })
        .collect();
    let (code, out, err) = run(
        &["jwt", "decode", "-o", "ndjson", "--max-size", "64K"],
        &stdin,
    );
    assert_eq!(code, 1, "malformed fixtures make the run exit 1: {err}");
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), names.len());
    for (name, got) in names.iter().zip(&lines) {
        let want = &expectations[name.as_str()];
        match want["kind"].as_str().unwrap() {
            "error" => assert!(got["error"].is_string(), "{name} should not decode: {got}"),
            kind => {
                assert_eq!(got["kind"], kind, "{name}: {got}");
                assert_eq!(got["alg"], want["alg"], "{name}");
            }
        }
    }
}

#[test]
fn rfc_7515_examples() {
    let decode = |name: &str| {
        let t = crate::support::fixture_text(&format!("jwt/tokens/{name}"));
        let (code, v, err) = run_json(&["-o", "json", "jwt", "decode", &t], "");
        assert_eq!(code, 0, "{name}: {err}");
        v
    };
    // A.1: the header has CR LF inside its JSON; it decodes as sent.
    let a1 = decode("rfc7515_a1_hs256.jwt");
    assert_eq!(a1["header"], json!({"typ": "JWT", "alg": "HS256"}));
    assert_eq!(a1["payload"]["iss"], "joe");
    assert_eq!(a1["payload"]["http://example.com/is_root"], true);
    assert_eq!(a1["times"][0]["utc"], "2011-03-22T18:43:00Z");
    assert_eq!(a1["signature_bytes"], 32);
    // A.3 and A.4: ECDSA signatures are R || S, 64 and 132 bytes.
    assert_eq!(decode("rfc7515_a3_es256.jwt")["signature_bytes"], 64);
    let a4 = decode("rfc7515_a4_es512.jwt");
    assert_eq!(
        (a4["signature_bytes"].as_u64(), &a4["payload"]),
        (Some(132), &json!("Payload"))
    );
    assert_eq!(a4["payload_encoding"], "text");
    // A.5: unsecured.
    let a5 = decode("rfc7515_a5_none.jwt");
    assert_eq!(
        (a5["kind"].as_str(), a5["signature_bytes"].as_u64()),
        (Some("unsecured"), Some(0))
    );
    // RFC 7520 4.5: detached content.
    assert_eq!(decode("rfc7520_4_5_hs256_detached.jwt")["detached"], true);
    // RFC 7516 A.1: a JWE, 256-byte encrypted key, 96-bit IV, 128-bit tag.
    let jwe = decode("rfc7516_a1_rsa_oaep_a256gcm.jwe");
    assert_eq!(jwe["header"], json!({"alg": "RSA-OAEP", "enc": "A256GCM"}));
    assert_eq!(jwe["jwe"]["iv_bytes"], 12);
    assert_eq!(jwe["jwe"]["tag_bytes"], 16);
    // RFC 7797 unencoded payload: shown as sent, with a warning.
    let b64f = decode("hs256_b64_false.jwt");
    assert!(
        b64f["warnings"].to_string().contains("b64: false"),
        "{b64f}"
    );
}
