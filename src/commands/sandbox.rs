//! `sessctl sandbox`: a private redis-server on a free loopback port, in a temporary directory,
//! loaded with every store preset's sample records (one database per preset, so that `--store
//! auto` works against each), running until Ctrl-C; then the server is stopped and the directory
//! removed.
//!
//! The records are each preset's samples ([`crate::store::preset::sandbox`], one database per
//! sample in the preset table's order): the real-library fixtures of tests/fixtures/sessions,
//! embedded in the binary (assets/sandbox/, without the ~2 MB "huge" test records; regenerate
//! with assets/sandbox/make.sh), so an installed sessctl needs nothing else but redis-server.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context as _;

use crate::cli::SandboxArgs;
use crate::context::Ctx;
use crate::exit::{self, Exit};
use crate::report::Sink;
use crate::report::sessions::{SandboxDb, SandboxInfo, SessionEvent};
use crate::store::{preset, records};

struct Server {
    child: Child,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> anyhow::Result<u16> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").context("finding a free loopback port")?;
    Ok(l.local_addr()?.port())
}

fn start(bin: &str, dir: &std::path::Path) -> anyhow::Result<(Server, u16)> {
    let mut last = String::new();
    for _ in 0..5 {
        let port = free_port()?;
        let log = dir.join("redis.log");
        let child = Command::new(bin)
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .arg("--dir")
            .arg(dir)
            .arg("--logfile")
            .arg(&log)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group: Ctrl-C reaches sessctl, which then stops it in order.
            .process_group(0)
            .spawn()
            .map_err(|e| exit::usage(format!("starting `{bin}`: {e} (install redis-server, e.g. Debian: apt-get install redis-server)")))?;
        let mut server = Server { child };
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Ok(Some(status)) = server.child.try_wait() {
                last = format!(
                    "redis-server exited ({status}): {}",
                    std::fs::read_to_string(&log).unwrap_or_default().trim()
                );
                break;
            }
            let url = format!("redis://127.0.0.1:{port}/0");
            if let Ok(client) = redis::Client::open(url.as_str())
                && let Ok(mut c) = client.get_connection_with_timeout(Duration::from_millis(100))
                && redis::cmd("PING").query::<String>(&mut c).is_ok()
            {
                return Ok((server, port));
            }
            if Instant::now() > deadline {
                last = format!(
                    "redis-server did not answer PING within 10s: {}",
                    std::fs::read_to_string(&log).unwrap_or_default().trim()
                );
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    anyhow::bail!("starting the sandbox: {last}")
}

use std::os::unix::process::CommandExt as _;

/// Runs `sandbox`.
///
/// # Errors
/// redis-server missing or failing to start, loading errors, output errors.
pub(crate) fn run(args: &SandboxArgs, _ctx: &Ctx, sink: &mut dyn Sink) -> anyhow::Result<Exit> {
    let (stop_tx, stop_rx) = std::sync::mpsc::channel::<()>();
    ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    })
    .context("installing the Ctrl-C handler")?;
    let dir = tempfile::Builder::new()
        .prefix("sessctl-sandbox-")
        .tempdir()
        .context("creating the sandbox directory")?;
    let (server, port) = start(&args.redis_server, dir.path())?;
    let mut databases = Vec::new();
    for (db, (kind, sample)) in preset::sandbox().enumerate() {
        let url = format!("redis://127.0.0.1:{port}/{db}");
        let client = redis::Client::open(url.as_str()).context("connecting to the sandbox")?;
        let mut conn = client
            .get_connection_with_timeout(Duration::from_secs(5))
            .context("connecting to the sandbox")?;
        let keys = records::load_jsonl(&mut conn, sample.records)?;
        databases.push(SandboxDb {
            store: kind.name(),
            url,
            keys,
        });
    }
    let info = SandboxInfo {
        databases,
        dir: dir.path().display().to_string(),
    };
    sink.sessions(SessionEvent::Sandbox(&info))?;
    let _ = stop_rx.recv();
    drop(server);
    dir.close().context("removing the sandbox directory")?;
    sink.sessions(SessionEvent::Notice("sandbox stopped and removed"))?;
    Ok(Exit::Ok)
}
