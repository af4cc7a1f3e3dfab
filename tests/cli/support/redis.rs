//! `TestRedis`: a throwaway redis-server per test (../shared/STYLE.md §4.2). Free loopback port,
//! own temporary directory, no persistence, PING readiness under one 10 s deadline, the server
//! log in every panic, kill and wait on drop. A missing redis-server fails the test loudly.
//!
//! [`TestRedis::with_tls`] adds a TLS port (certificates from [`super::tls::TestPki`]); the plain
//! port stays, for the test's own setup (readiness, loading fixtures), and sessctl is pointed at
//! the TLS one.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const INSTALL: &str = "install redis-server (Debian: apt-get install redis-server redis-tools)";

pub struct TestRedis {
    child: Child,
    pub port: u16,
    /// The TLS port, for a server started with [`TestRedis::with_tls`].
    pub tls_port: Option<u16>,
    dir: tempfile::TempDir,
    password: Option<String>,
}

/// How a TLS test server is set up: its certificate and key, the CA it checks client
/// certificates against, and whether it requires one (`tls-auth-clients yes`).
pub struct TlsServer<'a> {
    pub cert: &'a std::path::Path,
    pub key: &'a std::path::Path,
    pub client_ca: &'a std::path::Path,
    pub auth_clients: bool,
}

/// What makes a server a (not yet joined) node of a Redis Cluster.
const CLUSTER_NODE: &[&str] = &[
    "--cluster-enabled",
    "yes",
    "--cluster-config-file",
    "nodes.conf",
    // Long enough that a node killed by a test is not failed over while the test runs: the
    // cluster stays `cluster_state:ok` with that node's slots unreachable.
    "--cluster-node-timeout",
    "60000",
];

fn server_bin() -> String {
    std::env::var("SESSCTL_TEST_REDIS_SERVER").unwrap_or_else(|_| "redis-server".into())
}

fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

impl TestRedis {
    pub fn start() -> TestRedis {
        Self::start_with(None, None, &[])
    }

    /// A node of a Redis Cluster (`--cluster-enabled yes`, its `nodes.conf` in its own
    /// directory), not yet joined: see [`super::cluster::TestCluster`].
    pub fn cluster_node() -> TestRedis {
        Self::start_with(None, None, CLUSTER_NODE)
    }

    /// A node of a Redis Cluster that also listens for TLS. With `tls_cluster`, its nodes speak
    /// TLS to each other (`--tls-cluster yes`: the cluster bus runs on the TLS port plus 10000,
    /// and `CLUSTER SLOTS` asked over TLS advertises the TLS ports), its own outgoing connections
    /// made with `client` (a server certificate made for `serverAuth` only is not one a peer
    /// with `tls-auth-clients yes` accepts). Without, only clients use TLS, and the cluster
    /// advertises its plain ports to every client, TLS ones included (Redis 7.0). The plain port
    /// stays, for the test's own setup; asked over it, the cluster advertises the plain ports.
    pub fn tls_cluster_node(
        tls: &TlsServer<'_>,
        client: &super::tls::Pair,
        tls_cluster: bool,
    ) -> TestRedis {
        let path = |p: &std::path::Path| p.to_str().expect("a UTF-8 temporary path").to_owned();
        let (cert, key) = (path(&client.cert), path(&client.key));
        let mut args = CLUSTER_NODE.to_vec();
        if tls_cluster {
            args.extend([
                "--tls-cluster",
                "yes",
                "--tls-client-cert-file",
                &cert,
                "--tls-client-key-file",
                &key,
            ]);
        }
        Self::start_with(None, Some(tls), &args)
    }

    /// Kills the server now (a node going down), waiting for it to exit.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// A server that requires `password` (`--requirepass`).
    pub fn with_password(password: &str) -> TestRedis {
        Self::start_with(Some(password), None, &[])
    }

    /// A server that also listens for TLS (`--tls-port`), as `tls` says. Needs a redis-server
    /// built with TLS (Debian's is).
    pub fn with_tls(tls: &TlsServer<'_>) -> TestRedis {
        Self::start_with(None, Some(tls), &[])
    }

    fn start_with(
        password: Option<&str>,
        tls: Option<&TlsServer<'_>>,
        extra: &[&str],
    ) -> TestRedis {
        let mut last = String::new();
        for _ in 0..5 {
            let dir = tempfile::tempdir().unwrap();
            let log = dir.path().join("redis.log");
            let port = free_port();
            let mut cmd = Command::new(server_bin());
            cmd.args([
                "--port",
                &port.to_string(),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .arg("--dir")
            .arg(dir.path())
            .arg("--logfile")
            .arg(&log)
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
            if let Some(p) = password {
                cmd.args(["--requirepass", p]);
            }
            let tls_port = tls.map(|tls| {
                let tls_port = free_port();
                cmd.args(["--tls-port", &tls_port.to_string()])
                    .arg("--tls-cert-file")
                    .arg(tls.cert)
                    .arg("--tls-key-file")
                    .arg(tls.key)
                    .arg("--tls-ca-cert-file")
                    .arg(tls.client_ca)
                    .args([
                        "--tls-auth-clients",
                        if tls.auth_clients { "yes" } else { "no" },
                    ]);
                tls_port
            });
            let child = match cmd.spawn() {
                Ok(c) => c,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    panic!("{INSTALL}: `{}` not found", server_bin())
                }
                Err(e) => panic!("starting {}: {e}", server_bin()),
            };
            let mut server = TestRedis {
                child,
                port,
                tls_port,
                dir,
                password: password.map(str::to_owned),
            };
            let deadline = Instant::now() + Duration::from_secs(10);
            loop {
                if let Ok(Some(status)) = server.child.try_wait() {
                    // Most likely lost the race for the port: try another one.
                    last = format!("exited with {status}; log:\n{}", server.log());
                    break;
                }
                if let Ok(mut c) = server.try_connect()
                    && redis::cmd("PING").query::<String>(&mut c).is_ok()
                {
                    return server;
                }
                if Instant::now() > deadline {
                    panic!(
                        "redis-server on port {port} not ready within 10s; log:\n{}",
                        server.log()
                    );
                }
                std::thread::sleep(Duration::from_millis(10));
            }
        }
        panic!("redis-server failed to start 5 times: {last}")
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("redis.log")).unwrap_or_default()
    }

    fn try_connect(&self) -> redis::RedisResult<redis::Connection> {
        let client = redis::Client::open(self.url_with_auth(0).as_str())?;
        client.get_connection_with_timeout(Duration::from_millis(100))
    }

    fn url_with_auth(&self, db: u8) -> String {
        match &self.password {
            Some(p) => format!("redis://:{p}@127.0.0.1:{}/{db}", self.port),
            None => format!("redis://127.0.0.1:{}/{db}", self.port),
        }
    }

    /// `redis://127.0.0.1:<port>/<db>` (no password).
    pub fn url(&self, db: u8) -> String {
        format!("redis://127.0.0.1:{}/{db}", self.port)
    }

    /// `rediss://<host>:<tls port>/<db>`, for a server started with [`TestRedis::with_tls`].
    pub fn tls_url(&self, host: &str, db: u8) -> String {
        let port = self
            .tls_port
            .expect("a server started with TestRedis::with_tls");
        format!("rediss://{host}:{port}/{db}")
    }

    /// A connection to database `db`, authenticated when the server has a password.
    pub fn conn(&self, db: u8) -> redis::Connection {
        let client = redis::Client::open(self.url_with_auth(db).as_str()).unwrap();
        client
            .get_connection_with_timeout(Duration::from_secs(5))
            .unwrap_or_else(|e| panic!("connecting to the test redis: {e}; log:\n{}", self.log()))
    }

    /// Creates (or resets) the ACL user `name` with password `pw`, all keys, all commands, then
    /// `rules` (e.g. `-hgetall`), through the default user's connection. Returns its URL for
    /// database `db`.
    pub fn acl_user(&self, name: &str, rules: &[&str], db: u8) -> String {
        let mut c = self.conn(0);
        let mut cmd = redis::cmd("ACL");
        cmd.arg("SETUSER")
            .arg(name)
            .arg("reset")
            .arg("on")
            .arg(">pw")
            .arg("~*")
            .arg("&*")
            .arg("+@all");
        for r in rules {
            cmd.arg(*r);
        }
        let _: () = cmd
            .query(&mut c)
            .unwrap_or_else(|e| panic!("ACL SETUSER {name} {rules:?}: {e}"));
        format!("redis://{name}:pw@127.0.0.1:{}/{db}", self.port)
    }

    /// Creates (or resets) the ACL user `name` with password `pw` and nothing but `rules` (one
    /// `ACL SETUSER` argument each, as `sessctl::store::acl::rules` gives them: what
    /// docs/sessions.md shows after `reset on >PASSWORD`). Returns its URL for database `db`.
    pub fn acl_user_exactly(&self, name: &str, rules: &[String], db: u8) -> String {
        let mut c = self.conn(0);
        let mut cmd = redis::cmd("ACL");
        cmd.arg("SETUSER")
            .arg(name)
            .arg("reset")
            .arg("on")
            .arg(">pw");
        for r in rules {
            cmd.arg(r.as_str());
        }
        let _: () = cmd
            .query(&mut c)
            .unwrap_or_else(|e| panic!("ACL SETUSER {name} {rules:?}: {e}"));
        format!("redis://{name}:pw@127.0.0.1:{}/{db}", self.port)
    }

    /// Loads fixture files (paths under tests/fixtures/sessions) into database `db`, restoring
    /// types and TTLs. Returns the number of keys.
    pub fn load(&self, db: u8, files: &[&str]) -> u64 {
        let mut c = self.conn(db);
        let mut n = 0;
        for f in files {
            let path: PathBuf = super::fixture(&format!("sessions/{f}"));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            n += sessctl::store::records::load_jsonl(&mut c, &text).unwrap();
        }
        let size: u64 = redis::cmd("DBSIZE").query(&mut c).unwrap();
        assert!(size >= n, "the test redis holds the keys just loaded");
        n
    }
}

impl Drop for TestRedis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The commands `c`'s server counted since the last [`reset_stats`] (`INFO commandstats`,
/// commands called inside scripts included), leaving out the test's own (`INFO`, `CONFIG
/// RESETSTAT`), replication's (`REPLCONF`, `PSYNC`) and `CLIENT NO-TOUCH` (Redis 7.2+; Debian's
/// 7.0 rejects it and does not count it).
pub fn commands_counted(c: &mut redis::Connection) -> std::collections::BTreeSet<String> {
    let info: String = redis::cmd("INFO").arg("commandstats").query(c).unwrap();
    info.lines()
        .filter_map(|l| l.strip_prefix("cmdstat_"))
        .filter_map(|l| l.split(':').next())
        .filter(|name| {
            !matches!(
                *name,
                "info" | "config|resetstat" | "client|no-touch" | "replconf" | "psync"
            )
        })
        .map(str::to_owned)
        .collect()
}

/// Resets the server's command counts (`CONFIG RESETSTAT`).
pub fn reset_stats(c: &mut redis::Connection) {
    redis::cmd("CONFIG")
        .arg("RESETSTAT")
        .query::<()>(c)
        .unwrap();
}
