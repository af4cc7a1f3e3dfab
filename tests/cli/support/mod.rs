//! Shared helpers: a hermetic `sessctl` command and fixture paths.

#![allow(dead_code)]

use std::path::PathBuf;

use snapbox::cmd::Command;

/// Every environment variable sessctl reads, removed so that tests never depend on the
/// developer's shell.
const SCRUBBED: &[&str] = &[
    "SESSCTL_REDIS_URL",
    "SESSCTL_STORE",
    "SESSCTL_REDIS_PASSWORD",
    "SESSCTL_AUDIT_LOG",
    "REDISCLI_AUTH",
    "SESSCTL_TLS_CA",
    "SESSCTL_TLS_CERT",
    "SESSCTL_TLS_KEY",
    "SESSCTL_TLS_SERVER_NAME",
    "SESSCTL_TLS_INSECURE",
    "SESSCTL_PACE",
    "SESSCTL_READ_URL",
    "SESSCTL_READ_FROM",
    "SESSCTL_CLUSTER_ADDRESS_MAP",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "NO_COLOR",
    "CLICOLOR_FORCE",
    "TERM",
];

/// `sessctl` with a scrubbed environment and the given arguments.
pub fn sessctl(args: &[&str]) -> Command {
    let mut cmd = Command::new(snapbox::cmd::cargo_bin!("sessctl"));
    for var in SCRUBBED {
        cmd = cmd.env_remove(var);
    }
    cmd.args(args)
}

/// `sessctl` as a plain `std::process::Command` with the same scrubbed environment, for tests
/// that run it as a child process while they do something else (feed its standard input, or
/// write to Redis concurrently).
pub fn sessctl_process(args: &[&str]) -> std::process::Command {
    let mut cmd = std::process::Command::new(snapbox::cmd::cargo_bin!("sessctl"));
    for var in SCRUBBED {
        cmd.env_remove(var);
    }
    cmd.args(args);
    cmd
}

/// An HS256 token over `payload` (JSON text), signed with tests/fixtures/jwt/keys/hs256.secret.
pub fn hs256(payload: &str) -> String {
    let secret = std::fs::read(fixture("jwt/keys/hs256.secret")).unwrap();
    let secret = secret.strip_suffix(b"\n").unwrap_or(&secret);
    let input = format!(
        "{}.{}",
        b64(br#"{"alg":"HS256","typ":"JWT"}"#),
        b64(payload.as_bytes())
    );
    let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, secret);
    let tag = aws_lc_rs::hmac::sign(&key, input.as_bytes());
    format!("{input}.{}", b64(tag.as_ref()))
}

/// A file under tests/fixtures.
pub fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

/// A fixture file's text with surrounding whitespace removed.
pub fn fixture_text(path: &str) -> String {
    let p = fixture(path);
    std::fs::read_to_string(&p)
        .unwrap_or_else(|e| panic!("reading fixture {}: {e}", p.display()))
        .trim()
        .to_string()
}

/// Runs sessctl and returns (status code, stdout, stderr).
pub fn run(args: &[&str], stdin: &str) -> (i32, String, String) {
    let out = sessctl(args)
        .stdin(stdin.to_owned())
        .output()
        .expect("running sessctl");
    (
        out.status.code().expect("sessctl was killed by a signal"),
        String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    )
}

/// Runs sessctl expecting JSON on stdout; returns (status, parsed stdout, stderr).
pub fn run_json(args: &[&str], stdin: &str) -> (i32, serde_json::Value, String) {
    let (code, out, err) = run(args, stdin);
    let v = serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{out}\nstderr:\n{err}"));
    (code, v, err)
}

/// Base64url without padding.
pub fn b64(data: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let n = match chunk.len() {
            3 => (u32::from(chunk[0]) << 16) | (u32::from(chunk[1]) << 8) | u32::from(chunk[2]),
            2 => (u32::from(chunk[0]) << 16) | (u32::from(chunk[1]) << 8),
            _ => u32::from(chunk[0]) << 16,
        };
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// A token with the given header and payload text and a dummy 32-byte signature.
pub fn token(header: &str, payload: &str) -> String {
    format!(
        "{}.{}.{}",
        b64(header.as_bytes()),
        b64(payload.as_bytes()),
        b64(&[7u8; 32])
    )
}

/// Runs sessctl under `script`, which gives it a terminal (a pty) as standard input and
/// `/dev/tty`; `input` is typed into that terminal. Returns (status, what the terminal showed).
pub fn run_on_terminal(args: &[&str], input: &str) -> (i32, String) {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let bin = snapbox::cmd::cargo_bin!("sessctl");
    let mut line = bin.to_str().unwrap().to_owned();
    for a in args {
        line.push_str(&format!(" '{a}'"));
    }
    let mut child = Command::new("script")
        .args(["-q", "-e", "-c", &line, "/dev/null"])
        .env_remove("NO_COLOR")
        .env("TERM", "dumb")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "running `script` (util-linux) failed: {e}; install it: apt-get install bsdutils"
            )
        });
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n"),
    )
}

pub mod cluster;
pub mod redis;
pub mod tls;
