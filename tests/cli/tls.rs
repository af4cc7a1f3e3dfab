//! TLS as it is deployed: a redis-server with a TLS port and certificates made at test time
//! (`support::tls::TestPki`): a private CA (`--tls-ca`), mutual TLS (`--tls-cert`/`--tls-key`
//! against `tls-auth-clients yes`), a certificate for another name (`--tls-server-name`), an
//! expired one, `--tls-insecure`, the environment variables, and the errors that say which check
//! failed.

use std::path::Path;

use crate::support::redis::{TestRedis, TlsServer};
use crate::support::sessctl;
use crate::support::tls::{Pair, TestPki};

fn server(pki: &TestPki, pair: &Pair, auth_clients: bool) -> TestRedis {
    let r = TestRedis::with_tls(&TlsServer {
        cert: &pair.cert,
        key: &pair.key,
        client_ca: &pki.ca,
        auth_clients,
    });
    r.load(0, &["connect-redis/records.jsonl"]);
    r
}

/// Runs sessctl with extra environment variables; returns (status, stdout, stderr).
fn run_env(args: &[&str], env: &[(&str, &Path)]) -> (i32, String, String) {
    let mut cmd = sessctl(args);
    for (k, v) in env {
        cmd = cmd.env(k, v.as_os_str());
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn run(args: &[&str]) -> (i32, String, String) {
    run_env(args, &[])
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A `sessions list -o json` document without its TTLs, which count down between two runs.
fn listing(out: &str) -> serde_json::Value {
    let mut v: serde_json::Value =
        serde_json::from_str(out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"));
    for item in v.as_array_mut().unwrap() {
        item.as_object_mut().unwrap().remove("ttl");
    }
    v
}

/// `sessions list` of the fixture over the plain port: what the TLS runs must list too.
fn plain_listing(r: &TestRedis) -> serde_json::Value {
    let (code, out, err) = run(&[
        "sessions",
        "list",
        "--store",
        "connect-redis",
        "--sort",
        "id",
        "-o",
        "json",
        "--redis-url",
        &r.url(0),
    ]);
    assert_eq!((code, err.as_str()), (0, ""));
    let v = listing(&out);
    assert_eq!(v.as_array().unwrap().len(), 12, "{out}");
    v
}

fn list<'a>(url: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "sessions",
        "list",
        "--store",
        "connect-redis",
        "--sort",
        "id",
        "-o",
        "json",
        "--redis-url",
        url,
    ];
    args.extend_from_slice(extra);
    args
}

#[test]
fn sessions_list_over_rediss_with_the_private_ca() {
    let pki = TestPki::new();
    let r = server(&pki, &pki.server, false);
    let expected = plain_listing(&r);
    let url = r.tls_url("localhost", 0);
    // The option goes after the subcommand or before it, as every global option does.
    let (code, out, err) = run(&list(&url, &["--tls-ca", p(&pki.ca)]));
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(listing(&out), expected);
    let mut before = vec!["--tls-ca", p(&pki.ca)];
    before.extend(list(&url, &[]));
    let (code, out, err) = run(&before);
    assert_eq!(
        (code, err.as_str(), listing(&out)),
        (0, "", expected.clone())
    );
    // By address: the certificate names 127.0.0.1 too.
    let by_ip = r.tls_url("127.0.0.1", 0);
    let (code, out, err) = run(&list(&by_ip, &["--tls-ca", p(&pki.ca)]));
    assert_eq!((code, err.as_str(), listing(&out)), (0, "", expected));
}

#[test]
fn a_server_signed_by_a_ca_nobody_gave_is_an_unknown_ca() {
    let pki = TestPki::new();
    let r = server(&pki, &pki.server, false);
    let url = r.tls_url("localhost", 0);
    // The "system" roots: a CA that did not sign the server's certificate.
    let (code, out, err) = run_env(&list(&url, &[]), &[("SSL_CERT_FILE", &pki.other_ca)]);
    assert_eq!((code, out.as_str()), (3, ""));
    assert_eq!(
        err,
        format!(
            "sessctl: error: cannot reach Redis at {url}: TLS: unknown CA: the server's certificate is not signed by a CA the system trusts; pass its CA with --tls-ca FILE\n"
        )
    );
    let (code, out, err) = run(&list(&url, &["--tls-ca", p(&pki.other_ca)]));
    assert_eq!((code, out.as_str()), (3, ""));
    assert_eq!(
        err,
        format!(
            "sessctl: error: cannot reach Redis at {url}: TLS: unknown CA: the server's certificate is not signed by a CA in --tls-ca {}\n",
            pki.other_ca.display()
        )
    );
}

#[test]
fn another_name_is_a_name_mismatch_until_tls_server_name_gives_it() {
    let pki = TestPki::new();
    // Its certificate is for redis.internal only; reached by address, as through a tunnel.
    let r = server(&pki, &pki.other_name, false);
    let expected = plain_listing(&r);
    let url = r.tls_url("127.0.0.1", 0);
    let (code, out, err) = run(&list(&url, &["--tls-ca", p(&pki.ca)]));
    assert_eq!((code, out.as_str()), (3, ""));
    assert_eq!(
        err,
        format!(
            "sessctl: error: cannot reach Redis at {url}: TLS: name mismatch: the server's certificate is not valid for 127.0.0.1 (it is for redis.internal); through a tunnel or by IP address, give the name it is for with --tls-server-name NAME\n"
        )
    );
    let (code, out, err) = run(&list(
        &url,
        &[
            "--tls-ca",
            p(&pki.ca),
            "--tls-server-name",
            "redis.internal",
        ],
    ));
    assert_eq!((code, err.as_str(), listing(&out)), (0, "", expected));
    // A wrong name is still refused.
    let (code, out, err) = run(&list(
        &url,
        &["--tls-ca", p(&pki.ca), "--tls-server-name", "redis.example"],
    ));
    assert_eq!((code, out.as_str()), (3, ""));
    assert_eq!(
        err,
        format!(
            "sessctl: error: cannot reach Redis at {url}: TLS: name mismatch: the server's certificate is not valid for redis.example (it is for redis.internal)\n"
        )
    );
}

#[test]
fn an_expired_certificate_is_refused_saying_so() {
    let pki = TestPki::new();
    let r = server(&pki, &pki.expired, false);
    let url = r.tls_url("localhost", 0);
    let (code, out, err) = run(&list(&url, &["--tls-ca", p(&pki.ca)]));
    assert_eq!((code, out.as_str()), (3, ""));
    assert_eq!(
        err,
        format!(
            "sessctl: error: cannot reach Redis at {url}: TLS: expired certificate: the server's certificate expired at 2021-01-01T00:00:00Z\n"
        )
    );
}

#[test]
fn mutual_tls_needs_the_client_certificate() {
    let pki = TestPki::new();
    let r = server(&pki, &pki.server, true);
    let expected = plain_listing(&r);
    let url = r.tls_url("localhost", 0);
    let (code, out, err) = run(&list(&url, &["--tls-ca", p(&pki.ca)]));
    assert_eq!((code, out.as_str()), (3, ""));
    assert_eq!(
        err,
        format!(
            "sessctl: error: cannot reach Redis at {url}: TLS: the server requires a client certificate (--tls-cert/--tls-key)\n"
        )
    );
    let (code, out, err) = run(&list(
        &url,
        &[
            "--tls-ca",
            p(&pki.ca),
            "--tls-cert",
            p(&pki.client.cert),
            "--tls-key",
            p(&pki.client.key),
        ],
    ));
    assert_eq!((code, err.as_str(), listing(&out)), (0, "", expected));
    // A certificate from a CA the server does not trust.
    let (code, out, err) = run(&list(
        &url,
        &[
            "--tls-ca",
            p(&pki.ca),
            "--tls-cert",
            p(&pki.foreign_client.cert),
            "--tls-key",
            p(&pki.foreign_client.key),
        ],
    ));
    assert_eq!((code, out.as_str()), (3, ""));
    assert_eq!(
        err,
        format!(
            "sessctl: error: cannot reach Redis at {url}: TLS: the server refused the client certificate in --tls-cert {} (alert: unknown CA)\n",
            pki.foreign_client.cert.display()
        )
    );
}

#[test]
fn tls_insecure_connects_to_anything_and_warns_every_time() {
    let pki = TestPki::new();
    let r = server(&pki, &pki.other_name, false);
    let expected = plain_listing(&r);
    let url = r.tls_url("localhost", 0);
    let warning = "warning: --tls-insecure: the server's certificate is not verified; anyone on the network path can read and change this connection, passwords and sessions included\n";
    for _ in 0..2 {
        let (code, out, err) = run_env(
            &list(&url, &["--tls-insecure"]),
            &[("SSL_CERT_FILE", &pki.other_ca)],
        );
        assert_eq!(
            (code, err.as_str(), listing(&out)),
            (0, warning, expected.clone())
        );
    }
    // redis-rs' own spelling of it, in the URL, is the same thing and warned about the same way.
    let fragment = format!("{url}#insecure");
    let (code, out, err) = run(&list(&fragment, &[]));
    assert_eq!((code, err.as_str(), listing(&out)), (0, warning, expected));
}

#[test]
fn every_option_has_its_environment_variable() {
    let pki = TestPki::new();
    let r = server(&pki, &pki.other_name, true);
    let expected = plain_listing(&r);
    let url = r.tls_url("127.0.0.1", 0);
    let ca = pki.ca.as_path();
    let (cert, key) = (pki.client.cert.as_path(), pki.client.key.as_path());
    let (code, out, err) = run_env(
        &list(&url, &[]),
        &[
            ("SESSCTL_TLS_CA", ca),
            ("SESSCTL_TLS_CERT", cert),
            ("SESSCTL_TLS_KEY", key),
            ("SESSCTL_TLS_SERVER_NAME", Path::new("redis.internal")),
        ],
    );
    assert_eq!(
        (code, err.as_str(), listing(&out)),
        (0, "", expected.clone())
    );
    let (code, out, err) = run_env(
        &list(&url, &[]),
        &[
            ("SESSCTL_TLS_INSECURE", Path::new("1")),
            ("SESSCTL_TLS_CERT", cert),
            ("SESSCTL_TLS_KEY", key),
        ],
    );
    assert_eq!(
        (code, err.as_str(), listing(&out)),
        (
            0,
            "warning: --tls-insecure: the server's certificate is not verified; anyone on the network path can read and change this connection, passwords and sessions included\n",
            expected
        )
    );
    // The command line wins over the environment.
    let (code, out, err) = run_env(
        &list(&url, &["--tls-server-name", "redis.example"]),
        &[
            ("SESSCTL_TLS_CA", ca),
            ("SESSCTL_TLS_CERT", cert),
            ("SESSCTL_TLS_KEY", key),
            ("SESSCTL_TLS_SERVER_NAME", Path::new("redis.internal")),
        ],
    );
    assert_eq!((code, out.as_str()), (3, ""));
    assert!(err.contains("name mismatch"), "{err}");
}

#[test]
fn tls_options_with_a_plain_url_are_a_usage_error() {
    let pki = TestPki::new();
    let (code, out, err) = run(&[
        "sessions",
        "list",
        "--store",
        "connect-redis",
        "--redis-url",
        "redis://:s3cret@127.0.0.1:1/0",
        "--tls-ca",
        p(&pki.ca),
    ]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "sessctl: error: --tls-ca needs a rediss:// URL, and the Redis URL is redis://:***@127.0.0.1:1/0\n"
    );
    sessctl(&["revoke-user", "42", "--dry-run", "--store", "php"])
        .env("SESSCTL_REDIS_URL", "redis://127.0.0.1:1/0")
        .env("SESSCTL_TLS_INSECURE", "true")
        .env("SESSCTL_TLS_SERVER_NAME", "redis.internal")
        .assert()
        .code(2)
        .stdout_eq("")
        .stderr_eq("sessctl: error: --tls-server-name, --tls-insecure need a rediss:// URL, and the Redis URL is redis://127.0.0.1:1/0\n");
    // --tls-cert without --tls-key, and the other way round.
    let (code, _, err) = run(&[
        "sessions",
        "list",
        "--redis-url",
        "rediss://localhost:1",
        "--tls-cert",
        p(&pki.client.cert),
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("the following required arguments were not provided:\n  --tls-key <FILE>"),
        "{err}"
    );
}

#[test]
fn a_bad_key_file_is_named_and_never_shown() {
    let pki = TestPki::new();
    let r = server(&pki, &pki.server, true);
    let url = r.tls_url("localhost", 0);
    let secret = "c2Vzc2N0bC1zZWNyZXQta2V5LWJ5dGVz";
    let not_a_key = pki.file(
        "broken.key",
        &format!("-----BEGIN PRIVATE KEY-----\n{secret}!!\n-----END PRIVATE KEY-----\n"),
    );
    let wrong_key = &pki.foreign_client.key;
    let missing = pki.dir().join("missing.key");
    for (key, why) in [
        (
            not_a_key.as_path(),
            format!(
                "--tls-key {}: no private key found (expected PEM `-----BEGIN PRIVATE KEY-----`, `RSA PRIVATE KEY` or `EC PRIVATE KEY`)",
                not_a_key.display()
            ),
        ),
        (
            wrong_key.as_path(),
            format!(
                "--tls-key {} cannot be used with --tls-cert {}: the key does not belong to the certificate",
                wrong_key.display(),
                pki.client.cert.display()
            ),
        ),
        (
            missing.as_path(),
            format!(
                "cannot read --tls-key {}: No such file or directory (os error 2)",
                missing.display()
            ),
        ),
    ] {
        let (code, out, err) = run(&list(
            &url,
            &[
                "--tls-ca",
                p(&pki.ca),
                "--tls-cert",
                p(&pki.client.cert),
                "--tls-key",
                p(key),
            ],
        ));
        assert_eq!((code, out.as_str()), (2, ""), "{err}");
        assert_eq!(err, format!("sessctl: error: {why}\n"));
        let key_text = std::fs::read_to_string(key).unwrap_or_default();
        for line in key_text.lines().filter(|l| !l.starts_with("-----")) {
            assert!(!err.contains(line), "the key's bytes are shown: {err}");
        }
        assert!(!err.contains(secret));
    }
}

#[test]
fn a_closed_port_or_a_plain_one_says_so() {
    let pki = TestPki::new();
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = format!("rediss://:s3cret@127.0.0.1:{closed}/0");
    let (code, out, err) = run(&list(&url, &["--tls-ca", p(&pki.ca)]));
    assert_eq!((code, out.as_str()), (3, ""));
    assert_eq!(
        err,
        format!(
            "sessctl: error: cannot reach Redis at rediss://:***@127.0.0.1:{closed}/0: connection refused\n"
        )
    );
    // A server that does not speak TLS and answers in plain text.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let plain = std::thread::spawn(move || {
        use std::io::Write as _;
        let (mut c, _) = listener.accept().unwrap();
        let _ = c.write_all(b"-ERR unknown command\r\n");
        std::thread::sleep(std::time::Duration::from_millis(200));
    });
    let url = format!("rediss://localhost:{port}/0");
    let (code, out, err) = run(&list(&url, &["--tls-ca", p(&pki.ca)]));
    assert_eq!((code, out.as_str()), (3, ""));
    assert_eq!(
        err,
        format!(
            "sessctl: error: cannot reach Redis at {url}: TLS: the server at localhost:{port} did not answer in TLS; is it a TLS port? (rediss:// is TLS, redis:// plain)\n"
        )
    );
    plain.join().unwrap();
}
