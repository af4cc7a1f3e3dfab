//! `sessctl sandbox`: a private redis-server with every preset's sample records, until Ctrl-C.

use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};

use crate::support::run_json;

#[test]
fn sandbox_serves_every_preset_and_cleans_up_on_ctrl_c() {
    let mut child = Command::new(snapbox::cmd::cargo_bin!("sessctl"))
        .arg("sandbox")
        .env_remove("SESSCTL_REDIS_URL")
        .env_remove("SESSCTL_STORE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut lines = Vec::new();
    let mut line = String::new();
    while out.read_line(&mut line).unwrap() > 0 {
        lines.push(line.trim_end().to_owned());
        let done = line.starts_with("files in ");
        line.clear();
        if done {
            break;
        }
    }
    let text = lines.join("\n");
    let export = lines
        .iter()
        .find_map(|l| l.strip_prefix("export SESSCTL_REDIS_URL="))
        .unwrap_or_else(|| panic!("no export line in:\n{text}"))
        .to_owned();
    let dbs: Vec<(String, String)> = lines
        .iter()
        .filter(|l| l.starts_with("  "))
        .map(|l| {
            let mut w = l.split_whitespace();
            (w.next().unwrap().to_owned(), w.next().unwrap().to_owned())
        })
        .collect();
    // One database per sample of the preset table, in its order.
    let expected: Vec<&str> = sessctl::store::preset::sandbox()
        .map(|(k, _)| k.name())
        .collect();
    assert_eq!(
        dbs.iter().map(|(s, _)| s.as_str()).collect::<Vec<_>>(),
        expected,
        "{text}"
    );
    assert_eq!(dbs[0].1, export);
    // Auto-detection finds the right preset in each database, and user 42 is there.
    for (store, url) in &dbs {
        let (code, v, err) = run_json(&["sessions", "stats", "-o", "json", "--redis-url", url], "");
        assert_eq!(code, 0, "{store} at {url}: {err}");
        assert_eq!(v["store"], store.as_str(), "{url}");
        let (code, v, err) = run_json(
            &[
                "sessions",
                "list",
                "--user",
                "42",
                "-o",
                "json",
                "--redis-url",
                url,
            ],
            "",
        );
        assert_eq!(code, 0, "{err}");
        assert!(!v.as_array().unwrap().is_empty(), "{store} at {url}");
    }
    let dir = lines
        .iter()
        .find_map(|l| l.strip_prefix("files in "))
        .and_then(|l| l.split(';').next())
        .unwrap()
        .to_owned();
    assert!(std::path::Path::new(&dir).is_dir());
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert_eq!(err, "note: sandbox stopped and removed\n");
    assert!(!std::path::Path::new(&dir).exists(), "{dir} was removed");
    let port: u16 = export
        .rsplit(':')
        .next()
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
        "the server is stopped"
    );
}
