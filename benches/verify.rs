//! Benchmark helper for `jwt verify` (run by benches/verify.sh).
//!
//! - `gen ALG N`: prints N signed tokens (one per line) with the fixture keys, each with its own
//!   `jti`, signed by aws-lc-rs. ALG is HS256, RS256, ES256 or EdDSA.
//! - `raw [SECONDS]`: the backend's own verification rate on one core: aws-lc-rs verifying the
//!   same kind of signing input with keys parsed once (ParsedPublicKey / hmac::Key), as sessctl
//!   does, with no decoding, JSON or output around it.
//!
//! `cargo bench --bench verify -- raw` (cargo adds `--bench`, which is ignored).

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::unwrap_used,
    clippy::expect_used
)]

use std::io::{BufWriter, Write as _};
use std::time::{Duration, Instant};

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{self, KeyPair as _, ParsedPublicKey};
use aws_lc_rs::{hmac, signature::Ed25519KeyPair};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

const KEYS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/jwt/keys/");

fn der(name: &str) -> Vec<u8> {
    let text = std::fs::read_to_string(format!("{KEYS}{name}")).unwrap();
    pem::parse(text).unwrap().into_contents()
}

fn secret() -> Vec<u8> {
    std::fs::read(format!("{KEYS}hs256.secret")).unwrap()
}

/// Verifies a signature over a message.
type Verify = Box<dyn Fn(&[u8], &[u8]) -> bool>;

enum Signer {
    Hmac(Box<hmac::Key>),
    Rsa(signature::RsaKeyPair),
    Ec(signature::EcdsaKeyPair),
    Ed(Ed25519KeyPair),
}

impl Signer {
    fn new(alg: &str) -> Signer {
        match alg {
            "HS256" => Signer::Hmac(Box::new(hmac::Key::new(hmac::HMAC_SHA256, &secret()))),
            "RS256" => Signer::Rsa(
                signature::RsaKeyPair::from_pkcs8(&der("rsa_private_pkcs8.pem")).unwrap(),
            ),
            "ES256" => Signer::Ec(
                signature::EcdsaKeyPair::from_pkcs8(
                    &signature::ECDSA_P256_SHA256_FIXED_SIGNING,
                    &der("ec_p256_private_pkcs8.pem"),
                )
                .unwrap(),
            ),
            "EdDSA" => Signer::Ed(
                Ed25519KeyPair::from_pkcs8_maybe_unchecked(&der("ed25519_private_pkcs8.pem"))
                    .unwrap(),
            ),
            other => panic!("unknown alg {other}: use HS256, RS256, ES256 or EdDSA"),
        }
    }

    fn sign(&self, input: &[u8], rng: &SystemRandom) -> Vec<u8> {
        match self {
            Signer::Hmac(k) => hmac::sign(k, input).as_ref().to_vec(),
            Signer::Rsa(k) => {
                let mut sig = vec![0; k.public_modulus_len()];
                k.sign(&signature::RSA_PKCS1_SHA256, rng, input, &mut sig)
                    .unwrap();
                sig
            }
            Signer::Ec(k) => k.sign(rng, input).unwrap().as_ref().to_vec(),
            Signer::Ed(k) => k.sign(input).as_ref().to_vec(),
        }
    }

    fn verifier(&self) -> Verify {
        match self {
            Signer::Hmac(_) => {
                let k = hmac::Key::new(hmac::HMAC_SHA256, &secret());
                Box::new(move |m, s| hmac::verify(&k, m, s).is_ok())
            }
            Signer::Rsa(k) => {
                let p = ParsedPublicKey::new(
                    &signature::RSA_PKCS1_2048_8192_SHA256,
                    k.public_key().as_ref(),
                )
                .unwrap();
                Box::new(move |m, s| p.verify_sig(m, s).is_ok())
            }
            Signer::Ec(k) => {
                let p = ParsedPublicKey::new(
                    &signature::ECDSA_P256_SHA256_FIXED,
                    k.public_key().as_ref(),
                )
                .unwrap();
                Box::new(move |m, s| p.verify_sig(m, s).is_ok())
            }
            Signer::Ed(k) => {
                let p = ParsedPublicKey::new(&signature::ED25519, k.public_key().as_ref()).unwrap();
                Box::new(move |m, s| p.verify_sig(m, s).is_ok())
            }
        }
    }
}

/// A token like the ones an identity provider issues (about 20 claims' worth of typical size).
fn token(alg: &str, signer: &Signer, rng: &SystemRandom, i: u64) -> String {
    let header = format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#);
    let payload = format!(
        r#"{{"sub":"user-{}","iss":"https://issuer.example","aud":"sessctl-tests","iat":1700000000,"nbf":1700000000,"exp":4102444800,"jti":"bench-{i}","scope":"openid profile email","email":"user{}@example.com"}}"#,
        i % 100_000,
        i % 100_000
    );
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(payload)
    );
    let sig = signer.sign(input.as_bytes(), rng);
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(sig))
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let rng = SystemRandom::new();
    match args.first().map(String::as_str) {
        Some("gen") => {
            let alg = args.get(1).expect("gen ALG N");
            let n: u64 = args.get(2).and_then(|n| n.parse().ok()).expect("gen ALG N");
            let signer = Signer::new(alg);
            let mut out = BufWriter::new(std::io::stdout().lock());
            for i in 0..n {
                writeln!(out, "{}", token(alg, &signer, &rng, i)).unwrap();
            }
        }
        Some("raw") | None => {
            let secs: f64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(2.0);
            for alg in ["HS256", "RS256", "ES256", "EdDSA"] {
                let signer = Signer::new(alg);
                let t = token(alg, &signer, &rng, 1);
                let (input, sig) = t.rsplit_once('.').unwrap();
                let sig = URL_SAFE_NO_PAD.decode(sig).unwrap();
                let verify = signer.verifier();
                assert!(verify(input.as_bytes(), &sig));
                let budget = Duration::from_secs_f64(secs);
                let start = Instant::now();
                let mut n = 0u64;
                while start.elapsed() < budget {
                    for _ in 0..64 {
                        assert!(verify(std::hint::black_box(input.as_bytes()), &sig));
                    }
                    n += 64;
                }
                let rate = n as f64 / start.elapsed().as_secs_f64();
                println!("raw aws-lc-rs {alg} verify, 1 core: {rate:.0}/s");
            }
        }
        Some(other) => panic!("unknown mode {other}: use gen ALG N, or raw [SECONDS]"),
    }
}
