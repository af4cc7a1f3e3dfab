//! `TestPki`: certificates made at test time with rcgen, written as PEM files in a temporary
//! directory: a private CA; server certificates for `localhost` and 127.0.0.1, for another name
//! only, and one that expired; a client certificate; and a second CA that signed none of the
//! servers' certificates (the "system roots" a test gives through SSL_CERT_FILE), with a client
//! certificate of its own.

use std::path::{Path, PathBuf};

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};

/// A certificate and its key, as files.
pub struct Pair {
    pub cert: PathBuf,
    pub key: PathBuf,
}

pub struct TestPki {
    dir: tempfile::TempDir,
    /// The private CA that signed every server certificate and `client`.
    pub ca: PathBuf,
    /// For `localhost` and 127.0.0.1.
    pub server: Pair,
    /// For `redis.internal` only (a server reached through a tunnel or by address).
    pub other_name: Pair,
    /// For `localhost` and 127.0.0.1, valid in 2020 only.
    pub expired: Pair,
    /// A client certificate (clientAuth).
    pub client: Pair,
    /// A CA that signed none of the above.
    pub other_ca: PathBuf,
    /// A client certificate signed by `other_ca`.
    pub foreign_client: Pair,
}

fn ca(name: &str) -> (rcgen::Certificate, Issuer<'static, KeyPair>) {
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, name);
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let key = KeyPair::generate().unwrap();
    let cert = params.self_signed(&key).unwrap();
    (cert, Issuer::new(params, key))
}

fn leaf(
    issuer: &Issuer<'static, KeyPair>,
    names: &[&str],
    usage: ExtendedKeyUsagePurpose,
    expired: bool,
) -> (String, String) {
    let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
    let mut params = CertificateParams::new(names.clone()).unwrap();
    params.distinguished_name.push(
        DnType::CommonName,
        names.first().map_or("client", String::as_str),
    );
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages = vec![usage];
    params.use_authority_key_identifier_extension = true;
    if expired {
        params.not_before = rcgen::date_time_ymd(2020, 1, 1);
        params.not_after = rcgen::date_time_ymd(2021, 1, 1);
    }
    let key = KeyPair::generate().unwrap();
    let cert = params.signed_by(&key, issuer).unwrap();
    (cert.pem(), key.serialize_pem())
}

impl TestPki {
    pub fn new() -> TestPki {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| -> PathBuf {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            path
        };
        let pair = |name: &str, (cert, key): (String, String)| Pair {
            cert: write(&format!("{name}.crt"), &cert),
            key: write(&format!("{name}.key"), &key),
        };
        let (ca_cert, issuer) = ca("sessctl test CA");
        let (other_cert, other_issuer) = ca("another CA");
        let server = ExtendedKeyUsagePurpose::ServerAuth;
        let client = ExtendedKeyUsagePurpose::ClientAuth;
        TestPki {
            ca: write("ca.crt", &ca_cert.pem()),
            server: pair(
                "server",
                leaf(&issuer, &["localhost", "127.0.0.1"], server.clone(), false),
            ),
            other_name: pair(
                "other-name",
                leaf(&issuer, &["redis.internal"], server.clone(), false),
            ),
            expired: pair(
                "expired",
                leaf(&issuer, &["localhost", "127.0.0.1"], server, true),
            ),
            client: pair("client", leaf(&issuer, &[], client.clone(), false)),
            other_ca: write("other-ca.crt", &other_cert.pem()),
            foreign_client: pair("foreign-client", leaf(&other_issuer, &[], client, false)),
            dir,
        }
    }

    /// A file in the PKI's directory, written with `text`.
    pub fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}
