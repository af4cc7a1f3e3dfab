//! `sessctl jwt verify`: the fixture table (tokens made by PyJWT, jwcrypto, node jose and the RFCs,
//! with their expected verdicts), every key format and algorithm, every reason code, key
//! selection, JWKS over HTTP, secret sources, JSON shape and exit codes.

use std::io::{Read as _, Write as _};
use std::net::TcpListener;
use std::path::Path;
use std::thread;

use serde_json::Value;
use snapbox::str;

use crate::support::{b64, fixture, fixture_text, run, run_json, run_on_terminal, sessctl};

/// 2027-01-15T08:00:00Z: after every fixture's iat and nbf, before their exp (2100).
const AT: &str = "1800000000";

fn key(name: &str) -> String {
    fixture(&format!("jwt/keys/{name}"))
        .to_str()
        .unwrap()
        .to_owned()
}

fn tok(name: &str) -> String {
    fixture_text(&format!("jwt/tokens/{name}"))
}

/// The arguments that pass `verify_with` (a path relative to tests/fixtures/jwt) as the key.
fn key_args(verify_with: &str) -> Vec<String> {
    let path = fixture(&format!("jwt/{verify_with}"))
        .to_str()
        .unwrap()
        .to_owned();
    if verify_with.ends_with(".secret.b64") {
        vec!["--secret-file".into(), path, "--secret-base64".into()]
    } else if verify_with.ends_with(".secret") {
        vec!["--secret-file".into(), path]
    } else {
        vec!["--key".into(), path]
    }
}

/// Runs `jwt verify -o json --at AT <args> TOKEN`; returns (status, report, stderr).
fn verify(token: &str, args: &[&str]) -> (i32, Value, String) {
    let mut argv = vec!["jwt", "verify", "-o", "json", "--at", AT];
    argv.extend_from_slice(args);
    argv.push(token);
    run_json(&argv, "")
}

fn verdict(v: &Value) -> (bool, Option<&str>) {
    (v["valid"].as_bool().unwrap(), v["reason"].as_str())
}

#[test]
fn every_fixture_token_gets_its_expected_verdict() {
    let table: serde_json::Map<String, Value> =
        serde_json::from_str(&fixture_text("jwt/expectations.json")).unwrap();
    let mut checked = 0;
    for (file, e) in &table {
        let token = tok(file);
        // A JWE's verify_with is the key that decrypts it, which is not a signature key
        // (`use: enc`, and sessctl refuses it: see `an_encryption_key_is_refused`); any
        // signature key gives the verdict. Unsecured tokens have no key at all.
        let key_arg = match (e["kind"].as_str(), e["verify_with"].as_str()) {
            (Some("jwe"), _) | (_, None) => "keys/rsa_public_spki.pem".to_owned(),
            (_, Some(k)) => k.to_owned(),
        };
        let args = key_args(&key_arg);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, v, err) = verify(&token, &args);
        let want = (e["valid"].as_bool().unwrap(), e["reason"].as_str());
        assert_eq!(verdict(&v), want, "{file}: {}\nstderr: {err}", v["message"]);
        assert_eq!(code, if want.0 { 0 } else { 1 }, "{file}: {err}");
        if want.0 {
            assert!(v["key"].is_string(), "{file}: {v}");
        } else {
            assert!(
                v["message"].as_str().is_some_and(|m| !m.is_empty()),
                "{file}"
            );
        }
        checked += 1;
    }
    assert_eq!(checked, 74);
}

#[test]
fn every_algorithm_from_pyjwt_and_jose_verifies() {
    let cases = [
        ("hs256", "keys/hs256.secret"),
        ("hs384", "keys/hs512.secret"),
        ("hs512", "keys/hs512.secret"),
        ("rs256", "keys/rsa_public_spki.pem"),
        ("rs384", "keys/rsa_public_spki.pem"),
        ("rs512", "keys/rsa_public_spki.pem"),
        ("ps256", "keys/rsa_public_spki.pem"),
        ("ps384", "keys/rsa_public_spki.pem"),
        ("ps512", "keys/rsa_public_spki.pem"),
        ("es256", "keys/ec_p256_public_spki.pem"),
        ("es384", "keys/ec_p384_public_spki.pem"),
        ("es512", "keys/ec_p521_public_spki.pem"),
        ("es256k", "keys/ec_secp256k1_public_spki.pem"),
        ("eddsa", "keys/ed25519_public_spki.pem"),
    ];
    for (alg, k) in cases {
        for maker in ["pyjwt", "jose"] {
            let file = format!("{alg}_{maker}.jwt");
            if alg == "es256k" && maker == "jose" {
                continue; // WebCrypto has no secp256k1
            }
            let args = key_args(k);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let (code, v, err) = verify(&tok(&file), &args);
            assert_eq!((code, verdict(&v)), (0, (true, None)), "{file}: {v}\n{err}");
            // Every one of them also verifies through the JWKS, found by its kid.
            if !alg.starts_with("hs") {
                let (code, v, _) = verify(&tok(&file), &["--key", &key("jwks.json")]);
                assert_eq!(code, 0, "{file} via jwks.json: {v}");
                assert!(
                    v["key"]
                        .as_str()
                        .unwrap()
                        .contains(v["kid"].as_str().unwrap()),
                    "{v}"
                );
            }
        }
    }
}

#[test]
fn every_key_format_is_accepted() {
    let cases = [
        ("rsa_public_spki.pem", "rs256_pyjwt.jwt"),
        ("rsa_public_pkcs1.pem", "rs256_pyjwt.jwt"),
        ("rsa_public_spki.der", "ps256_pyjwt.jwt"),
        ("rsa_cert.pem", "rs512_jose.jwt"),
        ("rsa_cert.der", "ps512_jose.jwt"),
        ("rsa_private_pkcs8.pem", "rs256_pyjwt.jwt"),
        ("rsa_private_pkcs1.pem", "rs384_pyjwt.jwt"),
        ("rsa_public.jwk", "rs256_pyjwt.jwt"),
        ("ec_p256_public_spki.pem", "es256_pyjwt.jwt"),
        ("ec_p256_private_pkcs8.pem", "es256_jose.jwt"),
        ("ec_p256_private_sec1.pem", "es256_pyjwt.jwt"),
        ("ec_p256_public.jwk", "es256_pyjwt.jwt"),
        ("ec_p256_cert.pem", "es256_jose.jwt"),
        ("ec_p384_public_spki.pem", "es384_pyjwt.jwt"),
        ("ec_p384_private_pkcs8.pem", "es384_pyjwt.jwt"),
        ("ec_p384_private_sec1.pem", "es384_jose.jwt"),
        ("ec_p384_public.jwk", "es384_jose.jwt"),
        ("ec_p521_public_spki.pem", "es512_pyjwt.jwt"),
        ("ec_p521_private_pkcs8.pem", "es512_pyjwt.jwt"),
        ("ec_p521_private_sec1.pem", "es512_jose.jwt"),
        ("ec_p521_public.jwk", "es512_jose.jwt"),
        ("ec_secp256k1_public_spki.pem", "es256k_pyjwt.jwt"),
        ("ec_secp256k1_private_pkcs8.pem", "es256k_pyjwt.jwt"),
        ("ec_secp256k1_private_sec1.pem", "es256k_pyjwt.jwt"),
        ("ec_secp256k1_public.jwk", "es256k_pyjwt.jwt"),
        ("ed25519_public_spki.pem", "eddsa_pyjwt.jwt"),
        ("ed25519_private_pkcs8.pem", "eddsa_jose.jwt"),
        ("ed25519_public.jwk", "eddsa_jose.jwt"),
        ("jwks.json", "ps384_jose.jwt"),
    ];
    for (k, t) in cases {
        let (code, v, err) = verify(&tok(t), &["--key", &key(k)]);
        assert_eq!(
            (code, verdict(&v)),
            (0, (true, None)),
            "{k} with {t}: {v}\n{err}"
        );
        assert_eq!(err, "", "{k}");
    }
    // The second, unrelated keys are real keys too: they just did not sign these tokens.
    for (k, t) in [
        ("rsa2_public_spki.pem", "rs256_pyjwt.jwt"),
        ("rsa2_private_pkcs8.pem", "ps256_jose.jwt"),
        ("ec_p256_2_public_spki.pem", "es256_pyjwt.jwt"),
        ("ec_p256_2_private_pkcs8.pem", "es256_pyjwt.jwt"),
        ("ec_p256_2_public.jwk", "es256_jose.jwt"),
    ] {
        let (code, v, _) = verify(&tok(t), &["--key", &key(k)]);
        assert_eq!(
            (code, verdict(&v)),
            (1, (false, Some("bad_signature"))),
            "{k}"
        );
    }
    // and rs256_wrong_key.jwt was signed by rsa2.
    let (code, v, _) = verify(
        &tok("rs256_wrong_key.jwt"),
        &["--key", &key("rsa2_public_spki.pem")],
    );
    assert_eq!((code, verdict(&v)), (0, (true, None)));
}

#[test]
fn rfc_examples_verify_over_the_exact_received_bytes() {
    // RFC 7515 A.1's header has CR LF inside; the MAC is over those bytes as sent.
    for (t, k) in [
        ("rfc7515_a1_hs256.jwt", "rfc7515_a1.jwk"),
        ("rfc7515_a2_rs256.jwt", "rfc7515_a2.jwk"),
        ("rfc7515_a3_es256.jwt", "rfc7515_a3.jwk"),
    ] {
        let (code, v, err) = verify(&tok(t), &["--key", &key(k), "--ignore-exp"]);
        assert_eq!((code, verdict(&v)), (0, (true, None)), "{t}: {v}\n{err}");
    }
    // The others sign text, not a claims set: the signature is checked first, and holds.
    for (t, k) in [
        ("rfc7515_a4_es512.jwt", "rfc7515_a4.jwk"),
        ("rfc7520_4_1_rs256.jwt", "rfc7520_rsa.jwk"),
        ("rfc7520_4_2_ps384.jwt", "rfc7520_rsa.jwk"),
        ("rfc7520_4_3_es512.jwt", "rfc7520_ec_p521.jwk"),
        ("rfc7520_4_4_hs256.jwt", "rfc7520_hmac.jwk"),
        ("rfc8037_a4_eddsa.jwt", "rfc8037_a4.jwk"),
    ] {
        let (_, v, _) = verify(&tok(t), &["--key", &key(k)]);
        assert_eq!(verdict(&v), (false, Some("malformed")), "{t}");
        assert_eq!(
            v["message"], "the payload is not JSON: not a claims set",
            "{t}"
        );
        // With another key of the same type the signature is what fails.
        let other = if k.contains("hmac") {
            key_args("keys/hs256.secret")
        } else if k.contains("rsa") {
            key_args("keys/rsa_public_spki.pem")
        } else if k.contains("8037") {
            key_args("keys/ed25519_public_spki.pem")
        } else {
            key_args("keys/ec_p521_public_spki.pem")
        };
        let other: Vec<&str> = other.iter().map(String::as_str).collect();
        let (_, v, _) = verify(&tok(t), &other);
        assert_eq!(verdict(&v), (false, Some("bad_signature")), "{t}");
    }
}

#[test]
fn at_decides_expiry_and_leeway_widens_it() {
    let a1 = tok("rfc7515_a1_hs256.jwt");
    let k = key("rfc7515_a1.jwk");
    // exp = 1300819380 (2011-03-22T18:43:00Z)
    let at = |t: &str, extra: &[&str]| {
        let mut args = vec!["jwt", "verify", "-o", "json", "--key", &k, "--at", t];
        args.extend_from_slice(extra);
        args.push(&a1);
        let (code, v, _) = run_json(&args, "");
        (code, v["reason"].clone())
    };
    assert_eq!(at("1300819379", &[]), (0, Value::Null));
    assert_eq!(at("2011-03-22T18:43:00Z", &[]), (1, "expired".into()));
    assert_eq!(at("1300819380", &["--leeway", "1s"]), (0, Value::Null));
    assert_eq!(at("1300819440", &["--leeway", "1m"]), (1, "expired".into()));
    assert_eq!(
        at("2030-01-01T00:00:00Z", &["--ignore-exp"]),
        (0, Value::Null)
    );

    let (_, v, _) = verify(
        &tok("hs256_expired.jwt"),
        &["--secret-file", &key("hs256.secret")],
    );
    assert_eq!(v["message"], "expired at 2023-11-14T23:13:20Z (3y 62d ago)");
    let nyv = tok("hs256_not_yet_valid.jwt");
    let (_, v, _) = verify(&nyv, &["--secret-file", &key("hs256.secret")]);
    assert_eq!(verdict(&v), (false, Some("not_yet_valid")));
    let s = key("hs256.secret");
    let nyv_at = |t: &str, leeway: &str| {
        let args = [
            "jwt",
            "verify",
            "-o",
            "json",
            "--secret-file",
            &s,
            "--at",
            t,
            "--leeway",
            leeway,
            &nyv,
        ];
        let (_, v, _) = run_json(&args, "");
        v["reason"].clone()
    };
    // nbf = 4000000000
    assert_eq!(nyv_at("3999999990", "10"), Value::Null);
    assert_eq!(nyv_at("3999999989", "10"), "not_yet_valid");
    assert_eq!(nyv_at("4000000000", "0"), Value::Null);
}

#[test]
fn pinned_claims_give_the_wrong_reasons() {
    let t = tok("hs256_pyjwt.jwt");
    let s = key("hs256.secret");
    let check = |extra: &[&str]| {
        let mut args = vec!["--secret-file", s.as_str()];
        args.extend_from_slice(extra);
        let (_, v, _) = verify(&t, &args);
        (
            v["reason"].as_str().map(str::to_owned),
            v["message"].as_str().map(str::to_owned),
        )
    };
    assert_eq!(
        check(&[
            "--iss",
            "https://issuer.example",
            "--aud",
            "sessctl-tests",
            "--sub",
            "42",
            "--typ",
            "application/jwt",
            "--require",
            "jti",
            "--require",
            "iat"
        ]),
        (None, None)
    );
    assert_eq!(
        check(&["--iss", "https://evil.example"]),
        (
            Some("wrong_issuer".into()),
            Some(r#"iss is "https://issuer.example", expected "https://evil.example""#.into())
        )
    );
    assert_eq!(
        check(&["--aud", "other"]).0.as_deref(),
        Some("wrong_audience")
    );
    assert_eq!(check(&["--sub", "43"]).0.as_deref(), Some("wrong_subject"));
    assert_eq!(
        check(&["--require", "email"]),
        (
            Some("missing_claim".into()),
            Some("the required claim email is missing".into())
        )
    );
    assert_eq!(check(&["--typ", "at+jwt"]).0.as_deref(), Some("malformed"));
    assert_eq!(check(&["--max-age", "1h"]).0.as_deref(), Some("expired"));
    assert_eq!(check(&["--max-age", "2000d"]), (None, None));

    // aud as an array: any member matches.
    let arr = tok("hs256_aud_array.jwt");
    let (_, v, _) = verify(&arr, &["--secret-file", &s, "--aud", "sessctl-tests"]);
    assert_eq!(verdict(&v), (true, None));
    let (_, v, _) = verify(&arr, &["--secret-file", &s, "--aud", "b"]);
    assert_eq!(verdict(&v), (false, Some("wrong_audience")));

    // exp is optional unless required.
    let no_exp = tok("hs256_no_exp.jwt");
    let (_, v, _) = verify(&no_exp, &["--secret-file", &s]);
    assert_eq!(verdict(&v), (true, None));
    let (_, v, _) = verify(&no_exp, &["--secret-file", &s, "--require", "exp"]);
    assert_eq!(verdict(&v), (false, Some("missing_claim")));
    // custom typ at+jwt
    let (_, v, _) = verify(
        &tok("hs256_custom_header.jwt"),
        &["--secret-file", &s, "--typ", "AT+JWT"],
    );
    assert_eq!(verdict(&v), (true, None));
}

#[test]
fn algorithm_confusion_is_refused() {
    let t = tok("alg_confusion_hs256_rsa_pub.jwt");
    // The RSA key verifies RS*/PS* only: an HS256 token is not allowed.
    let (code, v, _) = verify(&t, &["--key", &key("rsa_public_spki.pem")]);
    assert_eq!((code, verdict(&v)), (1, (false, Some("alg_not_allowed"))));
    assert_eq!(
        v["message"],
        "alg HS256 is not allowed: the keys given verify only RS256, RS384, RS512, PS256, PS384, PS512"
    );
    // And the public key file is never accepted as an HMAC secret.
    let pem = key("rsa_public_spki.pem");
    let (code, out, err) = run(&["jwt", "verify", "--secret-file", &pem, &t], "");
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        format!(
            "sessctl: error: the secret in {pem} looks like a PEM key or certificate: public key material is never used as an HMAC secret (that is the algorithm-confusion attack); pass keys with --key\n"
        )
    );
    for k in ["rsa_public.jwk", "jwks.json", "rsa_public_spki.der"] {
        let (code, _, err) = run(&["jwt", "verify", "--secret-file", &key(k), &t], "");
        assert_eq!(code, 2, "{k}: {err}");
        assert!(err.contains("never used as an HMAC secret"), "{k}: {err}");
    }
}

#[test]
fn alg_pins_the_accepted_algorithms() {
    let rs = tok("rs256_pyjwt.jwt");
    let k = key("rsa_public_spki.pem");
    let (_, v, _) = verify(&rs, &["--key", &k, "--alg", "RS256"]);
    assert_eq!(verdict(&v), (true, None));
    let (_, v, _) = verify(&rs, &["--key", &k, "--alg", "PS256,PS384"]);
    assert_eq!(verdict(&v), (false, Some("alg_not_allowed")));
    // An allowlist no key can serve is a usage error.
    let (code, out, err) = run(&["jwt", "verify", "--key", &k, "--alg", "ES256", &rs], "");
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.starts_with("sessctl: error: no key can verify the allowed algorithms (ES256)"),
        "{err}"
    );
    let (code, _, err) = run(&["jwt", "verify", "--key", &k, "--alg", "none", &rs], "");
    assert_eq!(code, 2);
    assert!(err.contains("alg none is never accepted"), "{err}");
    let (code, _, err) = run(&["jwt", "verify", "--key", &k, "--alg", "rs256", &rs], "");
    assert_eq!(code, 2);
    assert!(err.contains("is not a supported algorithm"), "{err}");
}

#[test]
fn jwks_selects_by_kid_and_explains_failures() {
    let jwks = key("jwks.json");
    let (code, v, _) = verify(&tok("rs256_unknown_kid.jwt"), &["--key", &jwks]);
    assert_eq!((code, verdict(&v)), (1, (false, Some("no_matching_key"))));
    assert_eq!(
        v["message"],
        r#"no RS256 key has kid "no-such-kid"; kids on offer: "rsa1-RS256", "rsa2""#
    );
    let (_, v, _) = verify(
        &tok("rs256_no_kid.jwt"),
        &["--key", &key("jwks_no_kid.json")],
    );
    assert_eq!(verdict(&v), (false, Some("no_matching_key")));
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .starts_with("the token has no kid and 2 keys verify RS256: "),
        "{v}"
    );
    // The kid names the key, but the signature must still hold: rs256_wrong_key claims rsa1.
    let (_, v, _) = verify(&tok("rs256_wrong_key.jwt"), &["--key", &jwks]);
    assert_eq!(verdict(&v), (false, Some("bad_signature")));
    // Header members that point at keys are never followed.
    let (_, v, _) = verify(&tok("rs256_embedded_jwk.jwt"), &["--key", &jwks]);
    assert_eq!(verdict(&v), (false, Some("bad_signature")));
    // Several --key files make one key set.
    let (_, v, _) = verify(
        &tok("es256_jose.jwt"),
        &[
            "--key",
            &key("rsa_public_spki.pem"),
            "--key",
            &key("ec_p256_public.jwk"),
        ],
    );
    assert_eq!(verdict(&v), (true, None));
    assert_eq!(
        v["key"],
        format!("kid \"ec-p256\" ({})", key("ec_p256_public.jwk"))
    );
}

#[test]
fn unusable_keys_are_usage_errors_that_name_the_file() {
    let t = tok("rs256_pyjwt.jwt");
    let missing = key("nope.pem");
    let (code, out, err) = run(&["jwt", "verify", "--key", &missing, &t], "");
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        format!(
            "sessctl: error: key file {missing}: cannot read it: No such file or directory (os error 2)\n"
        )
    );
    let garbage = key("hs256.secret");
    let (code, _, err) = run(&["jwt", "verify", "--key", &garbage, &t], "");
    assert_eq!(code, 2);
    assert_eq!(
        err,
        format!(
            "sessctl: error: key file {garbage}: not a key: expected a PEM public key, certificate or private key, the same as DER, a JWK or a JWKS\n"
        )
    );
}

#[test]
fn an_encryption_key_is_refused() {
    let k = key("jwe_dir_a128cbc_hs256.jwk");
    let (code, _, err) = run(
        &["jwt", "verify", "--key", &k, &tok("jwe_dir_a128cbc.jwe")],
        "",
    );
    assert_eq!(code, 2);
    assert_eq!(
        err,
        format!(
            "sessctl: error: key file {k}: the JWK is for encryption (use/key_ops), not for verifying signatures\n"
        )
    );
}

#[test]
fn secret_sources() {
    let t = tok("hs256_pyjwt.jwt");
    let secret = std::fs::read_to_string(key("hs256.secret")).unwrap();
    // Environment variable.
    let out = sessctl(&["jwt", "verify", "--at", AT, "--secret-env", "MY_SECRET", &t])
        .env("MY_SECRET", &secret)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let (code, _, err) = run(
        &["jwt", "verify", "--secret-env", "SESSCTL_NOT_SET", &t],
        "",
    );
    assert_eq!(
        (code, err.as_str()),
        (
            2,
            "sessctl: error: --secret-env: the variable SESSCTL_NOT_SET is not set\n"
        )
    );
    // A file with a trailing newline (as `echo` writes it) works.
    let dir = tempfile::tempdir().unwrap();
    let nl = dir.path().join("secret-nl");
    std::fs::write(&nl, format!("{secret}\n")).unwrap();
    let (code, v, err) = verify(&t, &["--secret-file", nl.to_str().unwrap()]);
    assert_eq!((code, verdict(&v), err.as_str()), (0, (true, None), ""));
    // Base64: the file holds base64url text of binary bytes.
    let b64t = tok("hs256_b64_secret.jwt");
    let b = key("hs256.secret.b64");
    let (_, v, _) = verify(&b64t, &["--secret-file", &b, "--secret-base64"]);
    assert_eq!(verdict(&v), (true, None));
    let (_, v, _) = verify(&b64t, &["--secret-file", &b]);
    assert_eq!(verdict(&v), (false, Some("bad_signature")));
    // On the command line: works, with a warning.
    let (code, _, err) = run(
        &[
            "jwt", "verify", "-o", "json", "--at", AT, "--secret", &secret, &t,
        ],
        "",
    );
    assert_eq!(code, 0);
    assert_eq!(
        err,
        "warning: --secret puts the secret in the process list and shell history: prefer --secret-file, --secret-env or --secret-prompt\n"
    );
    // The prompt needs a terminal; tests have none.
    let (code, _, err) = run(&["jwt", "verify", "--secret-prompt", &t], "");
    assert_eq!(
        (code, err.as_str()),
        (
            2,
            "sessctl: error: --secret-prompt needs a terminal on standard input and the token as an argument: use --secret-file or --secret-env instead\n"
        )
    );
    // Empty and short secrets.
    let empty = dir.path().join("empty");
    std::fs::write(&empty, "").unwrap();
    let empty = empty.to_str().unwrap().to_owned();
    let (code, _, err) = run(&["jwt", "verify", "--secret-file", &empty, &t], "");
    assert_eq!(
        (code, err),
        (
            2,
            format!("sessctl: error: the secret in {empty} is empty\n")
        )
    );
    let short = key("short.secret");
    let (code, _, err) = run(
        &[
            "jwt",
            "verify",
            "-o",
            "ndjson",
            "--at",
            AT,
            "--secret-file",
            &short,
            &tok("hs256_short_secret.jwt"),
        ],
        "",
    );
    assert_eq!(code, 0);
    assert_eq!(
        err,
        format!(
            "warning: the secret in {short} is only 8 bytes: HMAC secrets should be at least 32 bytes (RFC 7518 3.2), or they can be guessed offline from any token\n"
        )
    );
}

#[test]
fn exactly_one_key_source_is_required() {
    let t = tok("hs256_pyjwt.jwt");
    let (code, out, err) = run(&["jwt", "verify", &t], "");
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.contains("the following required arguments were not provided"),
        "{err}"
    );
    let (code, _, err) = run(
        &[
            "jwt",
            "verify",
            "--secret-env",
            "X",
            "--key",
            &key("rsa_public.jwk"),
            &t,
        ],
        "",
    );
    assert_eq!(code, 2);
    assert!(err.contains("cannot be used with"), "{err}");
}

/// Serves `body` to each connection (up to `n`), over plain HTTP on a loopback port.
fn serve(body: String, n: usize) -> (String, thread::JoinHandle<usize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = thread::spawn(move || {
        let mut served = 0;
        for stream in listener.incoming().take(n) {
            let mut stream = stream.unwrap();
            let mut req = [0u8; 4096];
            let _ = stream.read(&mut req);
            let resp = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            stream.write_all(resp.as_bytes()).unwrap();
            served += 1;
        }
        served
    });
    (
        format!("http://127.0.0.1:{port}/.well-known/jwks.json"),
        handle,
    )
}

#[test]
fn jwks_url_is_fetched_once_for_many_tokens() {
    let (url, server) = serve(fixture_text("jwt/keys/jwks.json"), 1);
    let input = [
        "rs256_pyjwt.jwt",
        "es512_jose.jwt",
        "eddsa_pyjwt.jwt",
        "rs256_unknown_kid.jwt",
    ]
    .map(tok)
    .join("\n");
    let (code, out, err) = run(
        &[
            "jwt",
            "verify",
            "--at",
            AT,
            "--jwks-url",
            &url,
            "-o",
            "ndjson",
        ],
        &input,
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(err, "");
    let verdicts: Vec<(u64, bool)> = out
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (v["line"].as_u64().unwrap(), v["valid"].as_bool().unwrap())
        })
        .collect();
    assert_eq!(verdicts, [(1, true), (2, true), (3, true), (4, false)]);
    assert_eq!(server.join().unwrap(), 1);
}

#[test]
fn jwks_url_failures_are_clear() {
    let t = tok("rs256_pyjwt.jwt");
    // Nobody listens: connection refused.
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}/jwks.json");
    let (code, out, err) = run(&["jwt", "verify", "--jwks-url", &url, &t], "");
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.starts_with(&format!(
            "sessctl: error: --jwks-url {url}: cannot fetch the key set: "
        )),
        "{err}"
    );
    // A server that accepts but never answers: the timeout ends it.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/jwks.json", silent.local_addr().unwrap());
    let (code, _, err) = run(
        &["jwt", "verify", "--timeout", "1s", "--jwks-url", &url, &t],
        "",
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("cannot fetch the key set") && err.contains("imeout"),
        "{err}"
    );
    drop(silent);
    // A document that is not a key set.
    let (url, server) = serve("{\"hello\": 1}".to_owned(), 1);
    let (code, _, err) = run(&["jwt", "verify", "--jwks-url", &url, &t], "");
    assert_eq!(
        (code, err),
        (
            2,
            format!("sessctl: error: key set from {url}: JWK without \"kty\"\n")
        )
    );
    server.join().unwrap();
    // Plain http elsewhere than loopback is refused before any connection.
    let (code, _, err) = run(
        &[
            "jwt",
            "verify",
            "--jwks-url",
            "http://keys.example/jwks.json",
            &t,
        ],
        "",
    );
    assert_eq!(code, 2);
    assert!(err.contains("refusing plain http"), "{err}");
}

#[test]
fn bulk_verdicts_in_input_order_with_exit_codes() {
    let s = key("hs256.secret");
    let good = tok("hs256_pyjwt.jwt");
    let all_good = format!("{good}\n\nBearer {good}\n");
    let (code, out, err) = run(
        &[
            "jwt",
            "verify",
            "--at",
            AT,
            "--secret-file",
            &s,
            "-o",
            "ndjson",
        ],
        &all_good,
    );
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(out.lines().count(), 2);

    let mut lines = Vec::new();
    for i in 0..300 {
        lines.push(match i % 3 {
            0 => good.clone(),
            1 => tok("hs256_expired.jwt"),
            _ => "not a token".to_owned(),
        });
    }
    let (code, v, _) = run_json(
        &[
            "jwt",
            "verify",
            "--at",
            AT,
            "--secret-file",
            &s,
            "-o",
            "json",
        ],
        &lines.join("\n"),
    );
    assert_eq!(code, 1);
    let items = v.as_array().unwrap();
    assert_eq!(items.len(), 300);
    for (i, item) in items.iter().enumerate() {
        assert_eq!(item["line"], i as u64 + 1);
        let want = match i % 3 {
            0 => (true, None),
            1 => (false, Some("expired")),
            _ => (false, Some("malformed")),
        };
        assert_eq!(verdict(item), want, "line {}", i + 1);
    }
    assert_eq!(
        items[2]["message"],
        "not a compact JWT: found 1 dot-separated segment, expected 3 (JWS) or 5 (JWE)"
    );
}

#[test]
fn json_shape() {
    let (code, v, _) = verify(
        &tok("rs256_pyjwt.jwt"),
        &["--key", &key("rsa_public_spki.pem")],
    );
    assert_eq!(code, 0);
    let fields: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        fields,
        [
            "line",
            "valid",
            "reason",
            "message",
            "alg",
            "kid",
            "key",
            "kind",
            "header",
            "payload",
            "payload_encoding",
            "times",
            "warnings"
        ]
    );
    assert_eq!(v["alg"], "RS256");
    assert_eq!(v["kid"], "rsa1-RS256");
    assert_eq!(v["key"], key("rsa_public_spki.pem"));
    assert_eq!(v["payload"]["sub"], "42");
    assert_eq!(v["header"]["typ"], "JWT");
    assert_eq!(v["times"][0]["claim"], "exp");
    assert_eq!(v["times"][0]["utc"], "2100-01-01T00:00:00Z");
    // An input that does not decode still has every field.
    let (code, v, _) = verify("a.b", &["--key", &key("rsa_public_spki.pem")]);
    assert_eq!(code, 1);
    assert_eq!(v.as_object().unwrap().len(), 13);
    assert_eq!(v["header"], Value::Null);
    assert_eq!(v["reason"], "malformed");
}

#[test]
fn human_form() {
    let k = key("ed25519_public.jwk");
    sessctl(&["jwt", "verify", "--at", AT, "--key", &k, &tok("eddsa_jose.jwt")])
        .assert()
        .success()
        .stdout_eq(str![[r#"
VALID: signature (EdDSA) verified with kid "ed25519" ([..]ed25519_public.jwk); every claim check passed.
Kind: JWS, signed with EdDSA: signed, not encrypted
...
"#]])
        .stderr_eq(str![[r#"
warning: lifetime (exp - iat) of 76y 66d is over 24 hours

"#]]);
    sessctl(&[
        "jwt",
        "verify",
        "--at",
        AT,
        "--key",
        &key("rfc8037_a4.jwk"),
        &tok("rfc8037_a4_eddsa.jwt"),
    ])
    .assert()
    .code(1)
    .stdout_eq(str![[r#"
INVALID (malformed): the payload is not JSON: not a claims set
Kind: JWS, signed with EdDSA: signed, not encrypted
...
"#]]);
    let (code, out, _) = run(&["jwt", "verify", "--key", &k, "x.y"], "");
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "INVALID (malformed): not a compact JWT: found 2 dot-separated segments, expected 3 (JWS) or 5 (JWE)\n"
    );
}

#[test]
fn every_reason_code_is_reachable() {
    let s = key("hs256.secret");
    let rsa = key("rsa_public_spki.pem");
    let cases: [(&str, &[&str], &str); 12] = [
        ("rs256_tampered.jwt", &["--key", &rsa], "bad_signature"),
        ("hs256_expired.jwt", &["--secret-file", &s], "expired"),
        (
            "hs256_not_yet_valid.jwt",
            &["--secret-file", &s],
            "not_yet_valid",
        ),
        (
            "hs256_pyjwt.jwt",
            &["--secret-file", &s, "--iss", "x"],
            "wrong_issuer",
        ),
        (
            "hs256_pyjwt.jwt",
            &["--secret-file", &s, "--aud", "x"],
            "wrong_audience",
        ),
        (
            "hs256_pyjwt.jwt",
            &["--secret-file", &s, "--sub", "x"],
            "wrong_subject",
        ),
        (
            "hs256_pyjwt.jwt",
            &["--secret-file", &s, "--require", "x"],
            "missing_claim",
        ),
        (
            "alg_confusion_hs256_rsa_pub.jwt",
            &["--key", &rsa],
            "alg_not_allowed",
        ),
        (
            "rs256_unknown_kid.jwt",
            &["--key", &key("jwks.json")],
            "no_matching_key",
        ),
        ("hs256_crit.jwt", &["--secret-file", &s], "malformed"),
        ("none.jwt", &["--secret-file", &s], "unsecured"),
        ("jwe_rsa_oaep_a256gcm.jwe", &["--key", &rsa], "encrypted"),
    ];
    let mut seen = std::collections::BTreeSet::new();
    for (t, args, reason) in cases {
        let (code, v, _) = verify(&tok(t), args);
        assert_eq!((code, v["reason"].as_str()), (1, Some(reason)), "{t}: {v}");
        seen.insert(reason);
    }
    assert_eq!(seen.len(), 12);
}

#[test]
fn token_from_an_argument_in_its_wrappers() {
    let s = key("hs256.secret");
    let good = tok("hs256_pyjwt.jwt");
    for form in [
        format!("Bearer {good}"),
        format!("Authorization: Bearer {good}"),
    ] {
        let (code, v, _) = verify(&form, &["--secret-file", &s]);
        assert_eq!((code, verdict(&v)), (0, (true, None)), "{form}");
    }
    let forged = format!(
        "{}.{}.",
        b64(br#"{"alg":"none"}"#),
        b64(br#"{"sub":"admin"}"#)
    );
    let (_, v, _) = verify(&forged, &["--secret-file", &s]);
    assert_eq!(verdict(&v), (false, Some("unsecured")));
    assert!(Path::new(&s).exists());
}

#[test]
fn secret_prompt_reads_the_terminal() {
    let t = tok("hs256_pyjwt.jwt");
    let secret = std::fs::read_to_string(key("hs256.secret")).unwrap();
    let args = [
        "jwt",
        "verify",
        "--at",
        AT,
        "-o",
        "ndjson",
        "--secret-prompt",
        &t,
    ];
    let (code, screen) = run_on_terminal(&args, &format!("{secret}\n"));
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("HMAC secret: "), "{screen}");
    assert!(screen.contains(r#""valid":true"#), "{screen}");
    let (code, screen) = run_on_terminal(&args, "not-the-secret-but-long-enough-0123456789\n");
    assert_eq!(code, 1, "{screen}");
    assert!(screen.contains(r#""reason":"bad_signature""#), "{screen}");
}

// --check-revoked: what other applications store under the documented layout must be read as
// they write it, and what cannot be read must fail closed.

mod check_revoked {
    use serde_json::Value;

    use crate::support::redis::TestRedis;
    use crate::support::{fixture, hs256, run_json};

    const T: i64 = 1_800_000_000;

    /// `jwt verify --check-revoked -o ndjson --at T` of `tokens` on standard input.
    fn check(r: &TestRedis, tokens: &[String]) -> (i32, Vec<Value>, String) {
        let secret = fixture("jwt/keys/hs256.secret");
        let (code, out, err) = crate::support::run(
            &[
                "--redis-url",
                &r.url(0),
                "-o",
                "ndjson",
                "jwt",
                "verify",
                "--secret-file",
                secret.to_str().unwrap(),
                "--check-revoked",
                "--at",
                &T.to_string(),
            ],
            &tokens.join("\n"),
        );
        let items = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        (code, items, err)
    }

    fn set(r: &TestRedis, key: &str, value: &str) {
        let _: () = redis::cmd("SET")
            .arg(key)
            .arg(value)
            .query(&mut r.conn(0))
            .unwrap();
    }

    fn user_token(sub: &str, iat: &str) -> String {
        hs256(&format!(
            r#"{{"sub":"{sub}","iat":{iat},"exp":{}}}"#,
            T + 3600
        ))
    }

    #[test]
    fn cutoffs_written_as_decimals_or_exponents_revoke() {
        // Python's time.time() writes 1796282952.5; other writers use an exponent. A token issued
        // in the second before a fractional cut-off is revoked, one issued at or after it is not.
        let r = TestRedis::start();
        set(&r, "sessctl:revoked:user:sub:py", "1796282952.5");
        set(&r, "sessctl:revoked:user:sub:exp", "1.8e9");
        set(&r, "sessctl:revoked:user:sub:pad", " 1796282952.0\n");
        let cases = [
            (user_token("py", "1796282952"), Some("2026-12-03T")),
            (user_token("py", "1796282952.25"), Some("2026-12-03T")),
            (user_token("py", "1796282952.75"), None),
            (user_token("py", "1796282953"), None),
            (
                user_token("exp", "1799999999"),
                Some("2027-01-15T07:59:59Z"),
            ),
            (user_token("exp", "1800000000"), None),
            (user_token("pad", "1796282951"), Some("2026-12-03T")),
            (user_token("pad", "1796282952"), None),
        ];
        let tokens: Vec<String> = cases.iter().map(|(t, _)| t.clone()).collect();
        let (code, items, err) = check(&r, &tokens);
        assert_eq!((code, err.as_str()), (1, ""));
        assert_eq!(items.len(), cases.len());
        for (n, (item, (_, revoked))) in items.iter().zip(&cases).enumerate() {
            match revoked {
                Some(issued) => {
                    assert_eq!(item["reason"], "revoked", "line {}: {item}", n + 1);
                    let message = item["message"].as_str().unwrap();
                    assert!(
                        message.contains("before its user's cut-off") && message.contains(issued),
                        "line {}: {message}",
                        n + 1
                    );
                }
                None => assert_eq!(item["valid"], true, "line {}: {item}", n + 1),
            }
        }
        // The fractional cut-off is shown with its fraction.
        let message = items[0]["message"].as_str().unwrap();
        assert!(message.contains("2026-12-03T07:29:12.5Z"), "{message}");
    }

    #[test]
    fn stored_values_that_cannot_be_read_fail_closed() {
        let r = TestRedis::start();
        for (user, value) in [
            ("garbage", "soon"),
            ("nan", "nan"),
            ("inf", "-inf"),
            ("empty", ""),
            ("hex", "0x6B49D200"),
        ] {
            set(&r, &format!("sessctl:revoked:user:sub:{user}"), value);
        }
        set(&r, "sessctl:revoked:jti:odd", "revoked-by-ops");
        let mut tokens: Vec<String> = ["garbage", "nan", "inf", "empty", "hex"]
            .iter()
            .map(|u| user_token(u, &(T - 10).to_string()))
            .collect();
        tokens.push(hs256(&format!(
            r#"{{"sub":"ok","jti":"odd","iat":{},"exp":{}}}"#,
            T - 10,
            T + 60
        )));
        tokens.push(user_token("nobody", &(T - 10).to_string()));
        let (code, items, err) = check(&r, &tokens);
        assert_eq!((code, err.as_str()), (1, ""));
        assert_eq!(items.len(), 7);
        for item in &items[..5] {
            assert_eq!(item["reason"], "revoked", "{item}");
            let message = item["message"].as_str().unwrap();
            assert!(
                message.contains("could not be read as a time")
                    && message.contains("treated as revoked"),
                "{message}"
            );
        }
        assert_eq!(items[5]["reason"], "revoked", "{}", items[5]);
        assert_eq!(
            items[5]["message"],
            "revoked (denylist entry sessctl:revoked:jti:odd; its stored value could not be read as a time)"
        );
        assert_eq!(items[6]["valid"], true, "{}", items[6]);
    }

    #[test]
    fn revoke_user_never_moves_a_later_cutoff_back_and_replaces_an_unreadable_one() {
        let r = TestRedis::start();
        r.load(0, &["connect-redis/records.jsonl"]);
        let mut c = r.conn(0);
        let later = "4102444800.5"; // 2100, as a decimal
        set(&r, "sessctl:revoked:user:sub:42", later);
        let unreadable = ["nan", "inf", "soon", "1e999", "0x10"];
        for (n, v) in unreadable.iter().enumerate() {
            set(&r, &format!("sessctl:revoked:user:sub:u{n}"), v);
        }
        let _: () = redis::cmd("HSET")
            .arg("sessctl:revoked:user:sub:hash")
            .arg("at")
            .arg("1")
            .query(&mut c)
            .unwrap();
        let users = ["42", "u0", "u1", "u2", "u3", "u4", "hash"];
        for user in users {
            let (code, _, err) = run_json(
                &[
                    "--redis-url",
                    &r.url(0),
                    "-o",
                    "json",
                    "revoke-user",
                    user,
                    "--yes",
                ],
                "",
            );
            assert_eq!(code, 0, "{user}: {err}");
        }
        let get = |c: &mut redis::Connection, user: &str| -> String {
            redis::cmd("GET")
                .arg(format!("sessctl:revoked:user:sub:{user}"))
                .query(c)
                .unwrap()
        };
        assert_eq!(get(&mut c, "42"), later);
        for user in &users[1..] {
            let v: i64 = get(&mut c, user).parse().unwrap();
            assert!(v > 1_700_000_000, "{user}: {v}");
        }
    }
}
