//! jsonwebtoken as an independent oracle for `jwt verify` (issue 12 item 7): tokens it signs
//! verify in sessctl, and on every algorithm both support their verdicts agree, for valid,
//! tampered, wrongly keyed, expired and not-yet-valid tokens.

use std::path::Path;

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde_json::{Value, json};

use crate::support::{fixture, run_json};

/// One algorithm's case: how jsonwebtoken signs and verifies, the public key file sessctl
/// verifies with, and another key's file of the same kind.
struct Case {
    alg: Algorithm,
    sign: EncodingKey,
    verify: DecodingKey,
    key: String,
    other: String,
}

fn key_file(name: &str) -> String {
    fixture(&format!("jwt/keys/{name}"))
        .to_str()
        .unwrap()
        .to_owned()
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(key_file(name)).unwrap()
}

/// A fresh public key of the same kind (SPKI DER in `dir`), for algorithms the fixtures hold one
/// key of: made with aws-lc-rs at test time.
fn fresh_public_key(dir: &Path, alg: Algorithm) -> String {
    use aws_lc_rs::encoding::AsDer as _;
    use aws_lc_rs::signature::{self, KeyPair as _};
    let der = if alg == Algorithm::ES384 {
        let rng = aws_lc_rs::rand::SystemRandom::new();
        let pkcs8 = signature::EcdsaKeyPair::generate_pkcs8(
            &signature::ECDSA_P384_SHA384_FIXED_SIGNING,
            &rng,
        )
        .unwrap();
        let pair = signature::EcdsaKeyPair::from_pkcs8(
            &signature::ECDSA_P384_SHA384_FIXED_SIGNING,
            pkcs8.as_ref(),
        )
        .unwrap();
        pair.public_key().as_der().unwrap().as_ref().to_vec()
    } else {
        let pair = signature::Ed25519KeyPair::generate().unwrap();
        pair.public_key().as_der().unwrap().as_ref().to_vec()
    };
    let path = dir.join(format!("{alg:?}.der"));
    std::fs::write(&path, der).unwrap();
    path.to_str().unwrap().to_owned()
}

fn cases(dir: &Path) -> Vec<Case> {
    let secret = {
        let s = read("hs256.secret");
        s.strip_suffix(b"\n").map(<[u8]>::to_vec).unwrap_or(s)
    };
    let mut v = Vec::new();
    for alg in [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512] {
        v.push(Case {
            alg,
            sign: EncodingKey::from_secret(&secret).unwrap(),
            verify: DecodingKey::from_secret(&secret).unwrap(),
            key: key_file("hs256.secret"),
            other: key_file("hs512.secret"),
        });
    }
    for alg in [
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
    ] {
        v.push(Case {
            alg,
            sign: EncodingKey::from_rsa_pem(&read("rsa_private_pkcs8.pem")).unwrap(),
            verify: DecodingKey::from_rsa_pem(&read("rsa_public_spki.pem")).unwrap(),
            key: key_file("rsa_public_spki.pem"),
            other: key_file("rsa2_public_spki.pem"),
        });
    }
    v.push(Case {
        alg: Algorithm::ES256,
        sign: EncodingKey::from_ec_pem(&read("ec_p256_private_pkcs8.pem")).unwrap(),
        verify: DecodingKey::from_ec_pem(&read("ec_p256_public_spki.pem")).unwrap(),
        key: key_file("ec_p256_public_spki.pem"),
        other: key_file("ec_p256_2_public_spki.pem"),
    });
    v.push(Case {
        alg: Algorithm::ES384,
        sign: EncodingKey::from_ec_pem(&read("ec_p384_private_pkcs8.pem")).unwrap(),
        verify: DecodingKey::from_ec_pem(&read("ec_p384_public_spki.pem")).unwrap(),
        key: key_file("ec_p384_public_spki.pem"),
        other: fresh_public_key(dir, Algorithm::ES384),
    });
    v.push(Case {
        alg: Algorithm::EdDSA,
        sign: EncodingKey::from_ed_pem(&read("ed25519_private_pkcs8.pem")).unwrap(),
        verify: DecodingKey::from_ed_pem(&read("ed25519_public_spki.pem")).unwrap(),
        key: key_file("ed25519_public_spki.pem"),
        other: fresh_public_key(dir, Algorithm::EdDSA),
    });
    v
}

/// sessctl's verdict on `token` with the key file `path` (`--secret-file` for HMAC).
fn sessctl_valid(alg: Algorithm, path: &str, token: &str) -> (bool, Value) {
    let source = if path.ends_with(".secret") {
        "--secret-file"
    } else {
        "--key"
    };
    let alg = format!("{alg:?}");
    let (code, v, err) = run_json(
        &[
            "jwt", "verify", source, path, "--alg", &alg, "-o", "json", token,
        ],
        "",
    );
    assert!(code == 0 || code == 1, "{err}");
    assert_eq!(v["valid"] == true, code == 0, "{v}");
    (code == 0, v)
}

/// jsonwebtoken's verdict: signature, `exp` and `nbf` without leeway, as sessctl applies them.
fn oracle_valid(alg: Algorithm, key: &DecodingKey, token: &str) -> bool {
    let mut validation = Validation::new(alg);
    validation.leeway = 0;
    validation.validate_nbf = true;
    validation.required_spec_claims.clear();
    jsonwebtoken::decode::<Value>(token, key, &validation).is_ok()
}

fn now() -> i64 {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    i64::try_from(since.as_secs()).unwrap()
}

/// Flips one character in the middle of the payload segment.
fn tampered(token: &str) -> String {
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    let p = &mut parts[1];
    let i = p.len() / 2;
    let flipped = if p.as_bytes()[i] == b'A' { "B" } else { "A" };
    p.replace_range(i..=i, flipped);
    parts.join(".")
}

#[test]
fn tokens_jsonwebtoken_signs_verify_and_verdicts_agree() {
    let t = now();
    let dir = tempfile::tempdir().unwrap();
    for c in cases(dir.path()) {
        let sign = |claims: Value| {
            jsonwebtoken::encode(&Header::new(c.alg), &claims, &c.sign)
                .unwrap_or_else(|e| panic!("{:?}: {e}", c.alg))
        };
        let good = sign(json!({"sub": "42", "iat": t, "exp": t + 3600}));
        let checks = [
            ("valid", good.clone(), &c.key, true),
            ("tampered", tampered(&good), &c.key, false),
            ("another key", good.clone(), &c.other, false),
            (
                "expired",
                sign(json!({"sub": "42", "exp": t - 120})),
                &c.key,
                false,
            ),
            (
                "not yet valid",
                sign(json!({"sub": "42", "nbf": t + 600, "exp": t + 3600})),
                &c.key,
                false,
            ),
        ];
        for (what, token, key, expected) in checks {
            let (ours, report) = sessctl_valid(c.alg, key, &token);
            // The oracle holds the right key only; with another key it must say no as well.
            let theirs = *key == c.key && oracle_valid(c.alg, &c.verify, &token);
            assert_eq!(theirs, expected, "{:?} {what}: jsonwebtoken", c.alg);
            assert_eq!(ours, theirs, "{:?} {what}: sessctl says {report}", c.alg);
        }
    }
}
