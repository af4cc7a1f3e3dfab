//! Verification keys: recognised by content, parsed once, and chosen per token.
//!
//! Accepted material: PEM (`PUBLIC KEY` SPKI, `RSA PUBLIC KEY` PKCS#1, `CERTIFICATE` X.509,
//! `PRIVATE KEY` PKCS#8, `RSA PRIVATE KEY` PKCS#1, `EC PRIVATE KEY` SEC 1; of a private key only the
//! public half is used), the same structures as DER, a JWK, a JWKS (`{"keys": [...]}`), and HMAC
//! secrets ([`Secret`]). Each key is turned into ready-to-use verifiers (aws-lc-rs
//! `ParsedPublicKey` or `hmac::Key`) for exactly the algorithms its type allows: an RSA key verifies
//! RS*/PS*, a P-256 key ES256, a secp256k1 key ES256K, an Ed25519 key EdDSA, a secret HS*. The
//! token's header never widens that set (no algorithm confusion), and header members that point at
//! keys (`jku`, `x5u`, `x5c`, `jwk`) are never used.
//!
//! Pure: bytes in, keys out. Reading files and fetching URLs is the caller's job.

use std::fmt;

use aws_lc_rs::signature::{self, KeyPair as _, ParsedPublicKey, VerificationAlgorithm};
use aws_lc_rs::{hmac, rsa};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};
use spki::der::asn1::ObjectIdentifier as Oid;
use spki::der::{Decode as _, Encode as _};

use super::reason::{Failure, Reason};

/// The JWS algorithms sessctl verifies (RFC 7518 3.1, RFC 8037, RFC 8812).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)]
pub enum Alg {
    HS256,
    HS384,
    HS512,
    RS256,
    RS384,
    RS512,
    PS256,
    PS384,
    PS512,
    ES256,
    ES384,
    ES512,
    ES256K,
    EdDSA,
}

impl Alg {
    /// Every supported algorithm.
    pub const ALL: [Alg; 14] = [
        Alg::HS256,
        Alg::HS384,
        Alg::HS512,
        Alg::RS256,
        Alg::RS384,
        Alg::RS512,
        Alg::PS256,
        Alg::PS384,
        Alg::PS512,
        Alg::ES256,
        Alg::ES384,
        Alg::ES512,
        Alg::ES256K,
        Alg::EdDSA,
    ];

    const RSA: [Alg; 6] = [
        Alg::RS256,
        Alg::RS384,
        Alg::RS512,
        Alg::PS256,
        Alg::PS384,
        Alg::PS512,
    ];

    const HMAC: [Alg; 3] = [Alg::HS256, Alg::HS384, Alg::HS512];

    /// The registered name, as in a JOSE header.
    pub fn name(self) -> &'static str {
        match self {
            Alg::HS256 => "HS256",
            Alg::HS384 => "HS384",
            Alg::HS512 => "HS512",
            Alg::RS256 => "RS256",
            Alg::RS384 => "RS384",
            Alg::RS512 => "RS512",
            Alg::PS256 => "PS256",
            Alg::PS384 => "PS384",
            Alg::PS512 => "PS512",
            Alg::ES256 => "ES256",
            Alg::ES384 => "ES384",
            Alg::ES512 => "ES512",
            Alg::ES256K => "ES256K",
            Alg::EdDSA => "EdDSA",
        }
    }

    /// The algorithm with this exact (case-sensitive) name.
    pub fn from_name(name: &str) -> Option<Alg> {
        Alg::ALL.into_iter().find(|a| a.name() == name)
    }

    fn rsa_params(self) -> Option<&'static signature::RsaParameters> {
        Some(match self {
            Alg::RS256 => &signature::RSA_PKCS1_2048_8192_SHA256,
            Alg::RS384 => &signature::RSA_PKCS1_2048_8192_SHA384,
            Alg::RS512 => &signature::RSA_PKCS1_2048_8192_SHA512,
            Alg::PS256 => &signature::RSA_PSS_2048_8192_SHA256,
            Alg::PS384 => &signature::RSA_PSS_2048_8192_SHA384,
            Alg::PS512 => &signature::RSA_PSS_2048_8192_SHA512,
            _ => return None,
        })
    }

    fn hmac(self) -> Option<hmac::Algorithm> {
        Some(match self {
            Alg::HS256 => hmac::HMAC_SHA256,
            Alg::HS384 => hmac::HMAC_SHA384,
            Alg::HS512 => hmac::HMAC_SHA512,
            _ => return None,
        })
    }
}

impl fmt::Display for Alg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An elliptic curve sessctl verifies on, with its one JWS algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Curve {
    P256,
    P384,
    P521,
    Secp256k1,
}

impl Curve {
    fn from_oid(oid: &Oid) -> Option<Curve> {
        const P256: Oid = Oid::new_unwrap("1.2.840.10045.3.1.7");
        const P384: Oid = Oid::new_unwrap("1.3.132.0.34");
        const P521: Oid = Oid::new_unwrap("1.3.132.0.35");
        const K256: Oid = Oid::new_unwrap("1.3.132.0.10");
        match *oid {
            P256 => Some(Curve::P256),
            P384 => Some(Curve::P384),
            P521 => Some(Curve::P521),
            K256 => Some(Curve::Secp256k1),
            _ => None,
        }
    }

    fn from_jwk(crv: &str) -> Option<Curve> {
        match crv {
            "P-256" => Some(Curve::P256),
            "P-384" => Some(Curve::P384),
            "P-521" => Some(Curve::P521),
            "secp256k1" => Some(Curve::Secp256k1),
            _ => None,
        }
    }

    fn alg(self) -> Alg {
        match self {
            Curve::P256 => Alg::ES256,
            Curve::P384 => Alg::ES384,
            Curve::P521 => Alg::ES512,
            Curve::Secp256k1 => Alg::ES256K,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
            Curve::Secp256k1 => "secp256k1",
        }
    }

    /// Bytes of a coordinate.
    fn field_len(self) -> usize {
        match self {
            Curve::P256 | Curve::Secp256k1 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }

    fn verify_alg(self) -> &'static signature::EcdsaVerificationAlgorithm {
        match self {
            Curve::P256 => &signature::ECDSA_P256_SHA256_FIXED,
            Curve::P384 => &signature::ECDSA_P384_SHA384_FIXED,
            Curve::P521 => &signature::ECDSA_P521_SHA512_FIXED,
            Curve::Secp256k1 => &signature::ECDSA_P256K1_SHA256_FIXED,
        }
    }

    fn signing_alg(self) -> &'static signature::EcdsaSigningAlgorithm {
        match self {
            Curve::P256 => &signature::ECDSA_P256_SHA256_FIXED_SIGNING,
            Curve::P384 => &signature::ECDSA_P384_SHA384_FIXED_SIGNING,
            Curve::P521 => &signature::ECDSA_P521_SHA512_FIXED_SIGNING,
            Curve::Secp256k1 => &signature::ECDSA_P256K1_SHA256_FIXED_SIGNING,
        }
    }
}

/// An HMAC secret. Its `Debug` never shows the bytes.
#[derive(Clone)]
pub struct Secret(Vec<u8>);

impl Secret {
    /// Wraps secret bytes.
    pub fn new(bytes: Vec<u8>) -> Secret {
        Secret(bytes)
    }

    /// The secret's bytes. Call only to hand them to the MAC.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True for an empty secret.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret(redacted, {} bytes)", self.0.len())
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        // Best effort: overwrite the bytes before the allocation is freed.
        for b in &mut self.0 {
            *b = 0;
        }
        std::hint::black_box(&self.0);
    }
}

/// What a key is, for messages (never its material).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyType {
    /// An RSA public key of this many bits.
    Rsa(usize),
    /// An EC public key on this curve (`P-256`, …).
    Ec(&'static str),
    /// An Ed25519 public key.
    Ed25519,
    /// An HMAC secret of this many bytes.
    Secret(usize),
}

impl fmt::Display for KeyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyType::Rsa(bits) => write!(f, "RSA {bits}-bit key"),
            KeyType::Ec(crv) => write!(f, "EC {crv} key"),
            KeyType::Ed25519 => f.write_str("Ed25519 key"),
            KeyType::Secret(n) => write!(f, "{n}-byte secret"),
        }
    }
}

enum Verifier {
    Public(ParsedPublicKey),
    Hmac(Box<hmac::Key>),
}

impl Verifier {
    fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        match self {
            Verifier::Public(k) => k.verify_sig(message, signature).is_ok(),
            Verifier::Hmac(k) => hmac::verify(k, message, signature).is_ok(),
        }
    }
}

/// One usable key: where it came from, its `kid`, and a ready verifier per algorithm it may verify.
pub struct Key {
    /// Where the key came from, for messages (a file name, `file#2`, a URL).
    pub source: String,
    /// The key's `kid` (JWK/JWKS only).
    pub kid: Option<String>,
    /// What kind of key this is.
    pub key_type: KeyType,
    /// The key is one entry of a JWKS, where the `kid` is what tells keys apart. A key given on
    /// its own (a PEM or JWK file, a secret) is used whatever `kid` the token names.
    pub in_set: bool,
    verifiers: Vec<(Alg, Verifier)>,
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Key")
            .field("source", &self.source)
            .field("kid", &self.kid)
            .field("key_type", &self.key_type)
            .field("algs", &self.algs().collect::<Vec<_>>())
            .finish()
    }
}

impl Key {
    /// The algorithms this key verifies.
    pub fn algs(&self) -> impl Iterator<Item = Alg> + '_ {
        self.verifiers.iter().map(|(a, _)| *a)
    }

    /// True when `signature` is valid for `message` under `alg` with this key.
    pub fn verify(&self, alg: Alg, message: &[u8], signature: &[u8]) -> bool {
        self.verifiers
            .iter()
            .find(|(a, _)| *a == alg)
            .is_some_and(|(_, v)| v.verify(message, signature))
    }

    /// A name for messages: `kid "x" (source)` or the source.
    pub fn describe(&self) -> String {
        match &self.kid {
            Some(kid) => format!("kid {kid:?} ({})", self.source),
            None => self.source.clone(),
        }
    }

    fn hmac(secret: &[u8], source: String, kid: Option<String>, algs: &[Alg]) -> Key {
        Key {
            source,
            kid,
            key_type: KeyType::Secret(secret.len()),
            in_set: false,
            verifiers: algs
                .iter()
                .filter_map(|a| {
                    Some((
                        *a,
                        Verifier::Hmac(Box::new(hmac::Key::new(a.hmac()?, secret))),
                    ))
                })
                .collect(),
        }
    }

    /// An HMAC key for HS256/384/512 from a secret.
    pub fn from_secret(secret: &Secret, source: impl Into<String>) -> Key {
        Key::hmac(secret.expose(), source.into(), None, &Alg::HMAC)
    }
}

/// Why key material could not be used. `Display` names what was expected, never the material.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyError(pub String);

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for KeyError {}

fn err(msg: impl Into<String>) -> KeyError {
    KeyError(msg.into())
}

const NOT_A_KEY: &str = "not a key: expected a PEM public key, certificate or private key, the same as DER, a JWK or a JWKS";

/// If `bytes` look like public-key material (PEM, JWK, JWKS, DER, an SSH key), what they look
/// like. Used to refuse such material as an HMAC secret, which is the algorithm-confusion attack.
pub fn looks_like_key_material(bytes: &[u8]) -> Option<&'static str> {
    let text = String::from_utf8_lossy(bytes);
    let t = text.trim_start();
    if t.starts_with("-----BEGIN") {
        return Some("PEM key or certificate");
    }
    if t.starts_with('{')
        && let Ok(Value::Object(m)) = serde_json::from_str::<Value>(t)
        && (m.contains_key("kty") || m.contains_key("keys"))
    {
        return Some("JWK or JWKS");
    }
    if ["ssh-rsa ", "ssh-ed25519 ", "ecdsa-sha2-"]
        .iter()
        .any(|p| t.starts_with(p))
    {
        return Some("SSH public key");
    }
    if bytes.first() == Some(&0x30) && parse_der(bytes, "secret").is_ok() {
        return Some("DER key or certificate");
    }
    None
}

/// Parses key material recognised by its content. Returns the keys found and warnings (JWKS
/// entries that were skipped).
///
/// # Errors
/// The material is not a key, is malformed, is of an unsupported type, or is too weak (RSA under
/// 2048 bits); the message says what was expected.
pub fn load(bytes: &[u8], source: &str) -> Result<(Vec<Key>, Vec<String>), KeyError> {
    let text = std::str::from_utf8(bytes).ok().map(str::trim_start);
    match text {
        Some(t) if t.starts_with('{') => load_json(t, source),
        Some(t) if t.contains("-----BEGIN") => load_pem(t, source).map(|k| (k, Vec::new())),
        _ if bytes.first() == Some(&0x30) => {
            parse_der(bytes, source).map(|k| (vec![k], Vec::new()))
        }
        _ => Err(err(NOT_A_KEY)),
    }
}

fn load_pem(text: &str, source: &str) -> Result<Vec<Key>, KeyError> {
    let blocks = pem::parse_many(text).map_err(|e| err(format!("unreadable PEM: {e}")))?;
    if blocks.is_empty() {
        return Err(err(NOT_A_KEY));
    }
    let mut keys = Vec::new();
    let mut seen_cert = false;
    for block in &blocks {
        let der = block.contents();
        let key = match block.tag() {
            "PUBLIC KEY" => from_spki(der, source.to_owned()),
            "RSA PUBLIC KEY" => rsa_key(der, source.to_owned(), None, &Alg::RSA),
            "CERTIFICATE" => {
                // The first certificate is the leaf; the rest of a chain are its issuers.
                if seen_cert {
                    continue;
                }
                seen_cert = true;
                from_certificate(der, source.to_owned())
            }
            "PRIVATE KEY" => from_pkcs8(der, source.to_owned()),
            "RSA PRIVATE KEY" => from_pkcs1_private(der, source.to_owned()),
            "EC PRIVATE KEY" => from_sec1(der, source.to_owned()),
            "ENCRYPTED PRIVATE KEY" => Err(err(
                "an encrypted private key: give the public key (PEM PUBLIC KEY) instead",
            )),
            "EC PARAMETERS" => continue,
            other => Err(err(format!(
                "PEM block \"{other}\" is not a key: expected PUBLIC KEY, RSA PUBLIC KEY, CERTIFICATE, PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY"
            ))),
        }?;
        keys.push(key);
    }
    if keys.is_empty() {
        return Err(err(NOT_A_KEY));
    }
    Ok(keys)
}

/// DER of unknown structure: tried as each supported one in turn.
fn parse_der(der: &[u8], source: &str) -> Result<Key, KeyError> {
    if let Ok(k) = from_certificate(der, source.to_owned()) {
        return Ok(k);
    }
    if spki::SubjectPublicKeyInfoRef::from_der(der).is_ok() {
        return from_spki(der, source.to_owned());
    }
    if pkcs8::PrivateKeyInfoRef::from_der(der).is_ok() {
        return from_pkcs8(der, source.to_owned());
    }
    if sec1::EcPrivateKey::from_der(der).is_ok() {
        return from_sec1(der, source.to_owned());
    }
    if let Ok(k) = from_pkcs1_private(der, source.to_owned()) {
        return Ok(k);
    }
    rsa_key(der, source.to_owned(), None, &Alg::RSA).map_err(|_| err(NOT_A_KEY))
}

const RSA_OID: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
const EC_OID: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
const ED25519_OID: Oid = Oid::new_unwrap("1.3.101.112");

fn unsupported_oid(oid: &Oid) -> KeyError {
    const PSS: Oid = Oid::new_unwrap("1.2.840.113549.1.1.10");
    const ED448: Oid = Oid::new_unwrap("1.3.101.113");
    const X25519: Oid = Oid::new_unwrap("1.3.101.110");
    let what = match *oid {
        PSS => "an RSASSA-PSS-only key (use the plain rsaEncryption form of the key)".to_owned(),
        ED448 => "an Ed448 key".to_owned(),
        X25519 => "an X25519 key-agreement key".to_owned(),
        _ => format!("a key of algorithm {oid}"),
    };
    err(format!(
        "{what} is not supported: expected RSA, EC (P-256, P-384, P-521, secp256k1) or Ed25519"
    ))
}

fn curve_of(params: Option<Oid>) -> Result<Curve, KeyError> {
    let oid = params.ok_or_else(|| err("EC key without a named curve"))?;
    Curve::from_oid(&oid).ok_or_else(|| {
        err(format!(
            "EC curve {oid} is not supported: expected P-256, P-384, P-521 or secp256k1"
        ))
    })
}

fn from_spki(der: &[u8], source: String) -> Result<Key, KeyError> {
    let info = spki::SubjectPublicKeyInfoRef::from_der(der)
        .map_err(|e| err(format!("malformed public key (SubjectPublicKeyInfo): {e}")))?;
    let (oid, params) = info
        .algorithm
        .oids()
        .map_err(|e| err(format!("malformed public key algorithm: {e}")))?;
    match oid {
        RSA_OID => rsa_key(der, source, None, &Alg::RSA),
        EC_OID => ec_key(curve_of(params)?, der, source, None),
        ED25519_OID => ed25519_key(der, source, None),
        other => Err(unsupported_oid(&other)),
    }
}

fn from_certificate(der: &[u8], source: String) -> Result<Key, KeyError> {
    let cert = x509_cert::Certificate::from_der(der)
        .map_err(|e| err(format!("malformed X.509 certificate: {e}")))?;
    let spki = cert
        .tbs_certificate()
        .subject_public_key_info()
        .to_der()
        .map_err(|e| err(format!("malformed certificate public key: {e}")))?;
    from_spki(&spki, source)
}

fn from_pkcs8(der: &[u8], source: String) -> Result<Key, KeyError> {
    let info = pkcs8::PrivateKeyInfoRef::from_der(der)
        .map_err(|e| err(format!("malformed private key (PKCS#8): {e}")))?;
    let (oid, params) = info
        .algorithm
        .oids()
        .map_err(|e| err(format!("malformed private key algorithm: {e}")))?;
    let rejected = |e: aws_lc_rs::error::KeyRejected| err(format!("private key rejected: {e}"));
    match oid {
        RSA_OID => {
            let pair = signature::RsaKeyPair::from_pkcs8(der).map_err(rejected)?;
            rsa_key(pair.public_key().as_ref(), source, None, &Alg::RSA)
        }
        EC_OID => {
            let curve = curve_of(params)?;
            let pair =
                signature::EcdsaKeyPair::from_pkcs8(curve.signing_alg(), der).map_err(rejected)?;
            ec_key(curve, pair.public_key().as_ref(), source, None)
        }
        ED25519_OID => {
            let pair =
                signature::Ed25519KeyPair::from_pkcs8_maybe_unchecked(der).map_err(rejected)?;
            ed25519_key(pair.public_key().as_ref(), source, None)
        }
        other => Err(unsupported_oid(&other)),
    }
}

fn from_pkcs1_private(der: &[u8], source: String) -> Result<Key, KeyError> {
    let pair = signature::RsaKeyPair::from_der(der)
        .map_err(|e| err(format!("malformed RSA private key (PKCS#1): {e}")))?;
    rsa_key(pair.public_key().as_ref(), source, None, &Alg::RSA)
}

fn from_sec1(der: &[u8], source: String) -> Result<Key, KeyError> {
    let key = sec1::EcPrivateKey::from_der(der)
        .map_err(|e| err(format!("malformed EC private key (SEC 1): {e}")))?;
    let curve = curve_of(key.parameters.and_then(|p| p.named_curve()))?;
    let pair = signature::EcdsaKeyPair::from_private_key_der(curve.signing_alg(), der)
        .map_err(|e| err(format!("EC private key rejected: {e}")))?;
    ec_key(curve, pair.public_key().as_ref(), source, None)
}

fn public(
    alg: &'static dyn VerificationAlgorithm,
    bytes: &[u8],
    what: &str,
) -> Result<Verifier, KeyError> {
    ParsedPublicKey::new(alg, bytes)
        .map(Verifier::Public)
        .map_err(|e| err(format!("invalid {what}: {e}")))
}

/// An RSA key from DER (PKCS#1 RSAPublicKey or SPKI).
fn rsa_key(der: &[u8], source: String, kid: Option<String>, algs: &[Alg]) -> Result<Key, KeyError> {
    let pk =
        rsa::PublicKey::from_der(der).map_err(|e| err(format!("malformed RSA public key: {e}")))?;
    let bits = pk.modulus_len() * 8;
    if bits < 2048 {
        return Err(err(format!(
            "RSA key of {bits} bits is too weak: at least 2048 bits are required (RFC 7518 3.3)"
        )));
    }
    let mut verifiers = Vec::new();
    for alg in algs {
        if let Some(params) = alg.rsa_params() {
            verifiers.push((*alg, public(params, der, "RSA public key")?));
        }
    }
    Ok(Key {
        source,
        kid,
        key_type: KeyType::Rsa(bits),
        in_set: false,
        verifiers,
    })
}

/// An EC key from SPKI DER or an uncompressed point.
fn ec_key(
    curve: Curve,
    bytes: &[u8],
    source: String,
    kid: Option<String>,
) -> Result<Key, KeyError> {
    let v = public(
        curve.verify_alg(),
        bytes,
        &format!("EC {} key", curve.name()),
    )?;
    Ok(Key {
        source,
        kid,
        key_type: KeyType::Ec(curve.name()),
        in_set: false,
        verifiers: vec![(curve.alg(), v)],
    })
}

/// An Ed25519 key from SPKI DER or the raw 32 bytes.
fn ed25519_key(bytes: &[u8], source: String, kid: Option<String>) -> Result<Key, KeyError> {
    let v = public(&signature::ED25519, bytes, "Ed25519 key")?;
    Ok(Key {
        source,
        kid,
        key_type: KeyType::Ed25519,
        in_set: false,
        verifiers: vec![(Alg::EdDSA, v)],
    })
}

fn load_json(text: &str, source: &str) -> Result<(Vec<Key>, Vec<String>), KeyError> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| err(format!("not a JWK or JWKS: invalid JSON: {e}")))?;
    let Value::Object(obj) = value else {
        return Err(err("not a JWK or JWKS: expected a JSON object"));
    };
    if let Some(keys) = obj.get("keys") {
        let Value::Array(entries) = keys else {
            return Err(err("not a JWKS: \"keys\" is not an array"));
        };
        let mut out = Vec::new();
        let mut warnings = Vec::new();
        for (i, entry) in entries.iter().enumerate() {
            let name = format!("{source}#{i}");
            let Value::Object(jwk) = entry else {
                warnings.push(format!("{name}: skipped: not a JSON object"));
                continue;
            };
            match from_jwk(jwk, &name) {
                Ok(Some(mut k)) => {
                    k.in_set = true;
                    out.push(k);
                }
                // Keys for encryption are not an error in a JWKS: they are simply not ours.
                Ok(None) => {}
                Err(e) => warnings.push(format!("{name}: skipped: {e}")),
            }
        }
        if out.is_empty() {
            return Err(err(format!(
                "the JWKS holds no usable signature verification key ({} entries)",
                entries.len()
            )));
        }
        return Ok((out, warnings));
    }
    match from_jwk(&obj, source)? {
        Some(k) => Ok((vec![k], Vec::new())),
        None => Err(err(
            "the JWK is for encryption (use/key_ops), not for verifying signatures",
        )),
    }
}

fn jwk_str<'a>(jwk: &'a Map<String, Value>, name: &str) -> Result<Option<&'a str>, KeyError> {
    match jwk.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(err(format!("JWK member \"{name}\" is not a string"))),
    }
}

fn jwk_bytes(jwk: &Map<String, Value>, name: &str, kty: &str) -> Result<Vec<u8>, KeyError> {
    let s = jwk_str(jwk, name)?.ok_or_else(|| err(format!("{kty} JWK without \"{name}\"")))?;
    URL_SAFE_NO_PAD
        .decode(s.trim_end_matches('='))
        .map_err(|e| err(format!("JWK member \"{name}\" is not base64url: {e}")))
}

/// One JWK. `Ok(None)`: a well-formed key that is not for signatures (`use: enc`).
fn from_jwk(jwk: &Map<String, Value>, source: &str) -> Result<Option<Key>, KeyError> {
    let kty = jwk_str(jwk, "kty")?.ok_or_else(|| err("JWK without \"kty\""))?;
    let kid = jwk_str(jwk, "kid")?.map(str::to_owned);
    if let Some(u) = jwk_str(jwk, "use")?
        && u != "sig"
    {
        return Ok(None);
    }
    if let Some(ops) = jwk.get("key_ops") {
        let verifies = ops
            .as_array()
            .is_some_and(|a| a.iter().any(|o| o == "verify"));
        if !verifies {
            return Ok(None);
        }
    }
    let pinned = match jwk_str(jwk, "alg")? {
        None => None,
        Some(name) => match Alg::from_name(name) {
            Some(a) => Some(a),
            // An encryption algorithm (RSA-OAEP, ECDH-ES, …): not a signature key.
            None if !name.is_empty() && !name.eq_ignore_ascii_case("none") => {
                if matches!(
                    name,
                    "RSA1_5" | "RSA-OAEP" | "RSA-OAEP-256" | "dir" | "A128KW" | "A192KW" | "A256KW"
                ) || name.starts_with("ECDH-ES")
                    || name.contains("GCM")
                    || name.starts_with("PBES2")
                {
                    return Ok(None);
                }
                return Err(err(format!("JWK alg \"{name}\" is not supported")));
            }
            None => return Err(err(format!("JWK alg \"{name}\" is not allowed"))),
        },
    };
    let source = source.to_owned();
    let key = match kty {
        "RSA" => {
            let n = jwk_bytes(jwk, "n", kty)?;
            let e = jwk_bytes(jwk, "e", kty)?;
            let algs: Vec<Alg> = match pinned {
                Some(a) if Alg::RSA.contains(&a) => vec![a],
                Some(a) => return Err(err(format!("RSA JWK with alg {a}"))),
                None => Alg::RSA.to_vec(),
            };
            let n = strip_leading_zeros(&n);
            let bits =
                (n.len() * 8).saturating_sub(n.first().map_or(0, |b| b.leading_zeros() as usize));
            if bits < 2048 {
                return Err(err(format!(
                    "RSA key of {bits} bits is too weak: at least 2048 bits are required (RFC 7518 3.3)"
                )));
            }
            let components = rsa::PublicKeyComponents {
                n,
                e: strip_leading_zeros(&e),
            };
            let mut verifiers = Vec::new();
            for alg in algs {
                if let Some(params) = alg.rsa_params() {
                    let parsed = components
                        .to_parsed_public_key(params)
                        .map_err(|e| err(format!("invalid RSA JWK: {e}")))?;
                    verifiers.push((alg, Verifier::Public(parsed)));
                }
            }
            Key {
                source,
                kid,
                key_type: KeyType::Rsa(bits),
                in_set: false,
                verifiers,
            }
        }
        "EC" => {
            let crv = jwk_str(jwk, "crv")?.ok_or_else(|| err("EC JWK without \"crv\""))?;
            let curve = Curve::from_jwk(crv).ok_or_else(|| {
                err(format!(
                    "EC curve \"{crv}\" is not supported: expected P-256, P-384, P-521 or secp256k1"
                ))
            })?;
            if let Some(a) = pinned
                && a != curve.alg()
            {
                return Err(err(format!("EC {crv} JWK with alg {a}")));
            }
            let x = jwk_bytes(jwk, "x", kty)?;
            let y = jwk_bytes(jwk, "y", kty)?;
            if x.len() != curve.field_len() || y.len() != curve.field_len() {
                return Err(err(format!(
                    "EC {crv} JWK coordinates must be {} bytes each",
                    curve.field_len()
                )));
            }
            let mut point = Vec::with_capacity(1 + 2 * x.len());
            point.push(4);
            point.extend_from_slice(&x);
            point.extend_from_slice(&y);
            ec_key(curve, &point, source, kid)?
        }
        "OKP" => {
            let crv = jwk_str(jwk, "crv")?.ok_or_else(|| err("OKP JWK without \"crv\""))?;
            if crv != "Ed25519" {
                return Err(err(format!(
                    "OKP curve \"{crv}\" is not supported: expected Ed25519"
                )));
            }
            if let Some(a) = pinned
                && a != Alg::EdDSA
            {
                return Err(err(format!("Ed25519 JWK with alg {a}")));
            }
            ed25519_key(&jwk_bytes(jwk, "x", kty)?, source, kid)?
        }
        "oct" => {
            let k = Secret::new(jwk_bytes(jwk, "k", kty)?);
            if k.is_empty() {
                return Err(err("oct JWK with an empty \"k\""));
            }
            let algs: Vec<Alg> = match pinned {
                Some(a) if Alg::HMAC.contains(&a) => vec![a],
                Some(a) => return Err(err(format!("oct JWK with alg {a}"))),
                None => Alg::HMAC.to_vec(),
            };
            Key::hmac(k.expose(), source, kid, &algs)
        }
        other => {
            return Err(err(format!(
                "JWK kty \"{other}\" is not supported: expected RSA, EC, OKP or oct"
            )));
        }
    };
    Ok(Some(key))
}

fn strip_leading_zeros(b: &[u8]) -> &[u8] {
    let start = b.iter().position(|&x| x != 0).unwrap_or(b.len());
    &b[start..]
}

/// The keys a run verifies with, after `--alg` has narrowed them.
#[derive(Debug)]
pub struct KeySet {
    keys: Vec<Key>,
}

impl KeySet {
    /// Builds the set, keeping for each key only the algorithms in `allow` (all when `None`).
    ///
    /// # Errors
    /// No key is left that can verify any allowed algorithm; the message lists what the keys offer.
    pub fn new(keys: Vec<Key>, allow: Option<&[Alg]>) -> Result<KeySet, KeyError> {
        let offered: Vec<String> = keys
            .iter()
            .map(|k| {
                let algs: Vec<&str> = k.algs().map(Alg::name).collect();
                format!("{} ({}: {})", k.describe(), k.key_type, algs.join(", "))
            })
            .collect();
        let mut kept = Vec::with_capacity(keys.len());
        for mut key in keys {
            if let Some(allow) = allow {
                key.verifiers.retain(|(a, _)| allow.contains(a));
            }
            if !key.verifiers.is_empty() {
                kept.push(key);
            }
        }
        if kept.is_empty() {
            let allowed: Vec<&str> = allow.unwrap_or(&[]).iter().map(|a| a.name()).collect();
            return Err(err(format!(
                "no key can verify the allowed algorithms ({}); the keys offer: {}",
                allowed.join(", "),
                offered.join("; ")
            )));
        }
        Ok(KeySet { keys: kept })
    }

    /// The keys.
    pub fn keys(&self) -> &[Key] {
        &self.keys
    }

    /// Every algorithm some key verifies, sorted.
    pub fn algs(&self) -> Vec<Alg> {
        let mut all: Vec<Alg> = self.keys.iter().flat_map(Key::algs).collect();
        all.sort();
        all.dedup();
        all
    }

    /// The one key to verify a token with `alg` and `kid`.
    ///
    /// A token with a kid takes the key with that kid; failing that, a key given on its own (not
    /// a JWKS entry: a PEM or JWK file, a secret) stands for any kid. A token without a kid takes
    /// the only key for its algorithm.
    ///
    /// # Errors
    /// `alg_not_allowed` when no key verifies `alg`; `no_matching_key` when no key has the kid, or
    /// several keys fit a token without a kid. The message lists the kids on offer.
    pub fn select(&self, alg: Alg, kid: Option<&str>) -> Result<&Key, Failure> {
        let for_alg: Vec<&Key> = self
            .keys
            .iter()
            .filter(|k| k.algs().any(|a| a == alg))
            .collect();
        if for_alg.is_empty() {
            let algs: Vec<&str> = self.algs().into_iter().map(Alg::name).collect();
            return Err(Failure::new(
                Reason::AlgNotAllowed,
                format!(
                    "alg {alg} is not allowed: the keys given verify only {}",
                    algs.join(", ")
                ),
            ));
        }
        let candidates: Vec<&Key> = match kid {
            Some(kid) => {
                let exact: Vec<&Key> = for_alg
                    .iter()
                    .copied()
                    .filter(|k| k.kid.as_deref() == Some(kid))
                    .collect();
                if exact.is_empty() {
                    for_alg.iter().copied().filter(|k| !k.in_set).collect()
                } else {
                    exact
                }
            }
            None => for_alg.clone(),
        };
        match (candidates.as_slice(), kid) {
            ([one], _) => Ok(one),
            ([], Some(kid)) => Err(Failure::new(
                Reason::NoMatchingKey,
                format!(
                    "no {alg} key has kid {kid:?}; kids on offer: {}",
                    kid_list(&for_alg)
                ),
            )),
            (several, Some(kid)) => Err(Failure::new(
                Reason::NoMatchingKey,
                format!(
                    "{} {alg} keys have kid {kid:?}: {}",
                    several.len(),
                    describe_list(several)
                ),
            )),
            (several, None) => Err(Failure::new(
                Reason::NoMatchingKey,
                format!(
                    "the token has no kid and {} keys verify {alg}: {}",
                    several.len(),
                    describe_list(several)
                ),
            )),
        }
    }
}

fn kid_list(keys: &[&Key]) -> String {
    let kids: Vec<String> = keys
        .iter()
        .filter_map(|k| k.kid.as_ref().map(|kid| format!("{kid:?}")))
        .collect();
    if kids.is_empty() {
        "none".to_owned()
    } else {
        kids.join(", ")
    }
}

fn describe_list(keys: &[&Key]) -> String {
    keys.iter()
        .map(|k| k.describe())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        let path = format!(
            "{}/tests/fixtures/jwt/keys/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn types(name: &str) -> Vec<(KeyType, Vec<Alg>)> {
        let (keys, _) = load(&fixture(name), name).unwrap_or_else(|e| panic!("{name}: {e}"));
        keys.iter()
            .map(|k| (k.key_type.clone(), k.algs().collect()))
            .collect()
    }

    #[test]
    fn every_fixture_format_is_recognised() {
        let rsa = (KeyType::Rsa(2048), Alg::RSA.to_vec());
        for name in [
            "rsa_public_spki.pem",
            "rsa_public_pkcs1.pem",
            "rsa_public_spki.der",
            "rsa_cert.pem",
            "rsa_cert.der",
            "rsa_private_pkcs8.pem",
            "rsa_private_pkcs1.pem",
            "rsa_public.jwk",
        ] {
            assert_eq!(types(name), std::slice::from_ref(&rsa), "{name}");
        }
        for (curve, alg, crv) in [
            ("p256", Alg::ES256, "P-256"),
            ("p384", Alg::ES384, "P-384"),
            ("p521", Alg::ES512, "P-521"),
            ("secp256k1", Alg::ES256K, "secp256k1"),
        ] {
            for form in [
                "public_spki.pem",
                "private_pkcs8.pem",
                "private_sec1.pem",
                "public.jwk",
            ] {
                let name = format!("ec_{curve}_{form}");
                assert_eq!(types(&name), [(KeyType::Ec(crv), vec![alg])], "{name}");
            }
        }
        assert_eq!(
            types("ec_p256_cert.pem"),
            [(KeyType::Ec("P-256"), vec![Alg::ES256])]
        );
        for name in [
            "ed25519_public_spki.pem",
            "ed25519_private_pkcs8.pem",
            "ed25519_public.jwk",
            "rfc8037_a4.jwk",
        ] {
            assert_eq!(
                types(name),
                [(KeyType::Ed25519, vec![Alg::EdDSA])],
                "{name}"
            );
        }
        assert_eq!(types("rfc7515_a1.jwk")[0].0, KeyType::Secret(64));
        assert_eq!(types("jwks.json").len(), 13);
    }

    #[test]
    fn non_keys_are_refused_with_what_was_expected() {
        let e = load(b"hello", "x").unwrap_err();
        assert!(e.0.starts_with("not a key: expected"), "{e}");
        let e = load(&fixture("jwe_dir_a128cbc_hs256.jwk"), "x").unwrap_err();
        assert!(e.0.contains("encryption"), "{e}");
        let e = load(b"{\"keys\": []}", "x").unwrap_err();
        assert!(e.0.contains("no usable"), "{e}");
        let e = load(b"-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n", "x").unwrap_err();
        assert!(e.0.contains("\"FOO\" is not a key"), "{e}");
    }

    #[test]
    fn key_material_is_recognised_as_such() {
        assert!(looks_like_key_material(&fixture("rsa_public_spki.pem")).is_some());
        assert!(looks_like_key_material(&fixture("rsa_public_spki.der")).is_some());
        assert!(looks_like_key_material(&fixture("rsa_public.jwk")).is_some());
        assert!(looks_like_key_material(&fixture("jwks.json")).is_some());
        assert!(looks_like_key_material(&fixture("hs256.secret")).is_none());
        assert!(looks_like_key_material(b"{\"not\":\"a key\"}").is_none());
    }

    #[test]
    fn secret_debug_is_redacted() {
        let s = Secret::new(b"hunter2hunter2".to_vec());
        assert_eq!(format!("{s:?}"), "Secret(redacted, 14 bytes)");
    }

    #[test]
    fn selection_by_kid_and_alg() {
        let (keys, _) = load(&fixture("jwks.json"), "jwks.json").unwrap();
        let set = KeySet::new(keys, None).unwrap();
        let k = set.select(Alg::PS384, Some("rsa1-PS384")).unwrap();
        assert_eq!(k.kid.as_deref(), Some("rsa1-PS384"));
        let e = set.select(Alg::RS256, Some("nope")).unwrap_err();
        assert_eq!(e.reason, Reason::NoMatchingKey);
        assert!(e.detail.contains("\"rsa1-RS256\""), "{}", e.detail);
        let e = set.select(Alg::HS256, None).unwrap_err();
        assert_eq!(e.reason, Reason::AlgNotAllowed);
        let (keys, _) = load(&fixture("jwks_no_kid.json"), "j").unwrap();
        let set = KeySet::new(keys, None).unwrap();
        let e = set.select(Alg::RS256, None).unwrap_err();
        assert_eq!(e.reason, Reason::NoMatchingKey);
        assert!(e.detail.contains("2 keys"), "{}", e.detail);
    }

    #[test]
    fn alg_allowlist_narrows_keys() {
        let (keys, _) = load(&fixture("rsa_public_spki.pem"), "rsa").unwrap();
        let set = KeySet::new(keys, Some(&[Alg::PS256])).unwrap();
        assert_eq!(set.algs(), [Alg::PS256]);
        let (keys, _) = load(&fixture("rsa_public_spki.pem"), "rsa").unwrap();
        let e = KeySet::new(keys, Some(&[Alg::HS256])).unwrap_err();
        assert!(e.0.contains("RSA 2048-bit key"), "{e}");
    }
}
