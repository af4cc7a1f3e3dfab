//! `TestCluster`: a throwaway Redis Cluster of three primaries (../shared/STYLE.md §4.2 item 6):
//! three [`TestRedis::cluster_node`]s on free loopback ports, joined with `redis-cli --cluster
//! create … --cluster-yes`, ready when every node's `CLUSTER INFO` says `cluster_state:ok` with
//! all 16,384 slots assigned and the three nodes known (one 20 s deadline). A missing redis-cli
//! fails the test loudly. The nodes are killed on drop, like any `TestRedis`.
//!
//! [`TestCluster::with_replicas`] gives each primary a replica (six nodes, `--cluster-replicas
//! 1`), ready when every replica's link to its primary is up; [`TestCluster::wait_replicas`]
//! waits until each replica has applied what its primary holds.
//!
//! [`TestCluster::with_tls`] gives three primaries that speak TLS to each other and to sessctl
//! (`--tls-cluster yes`, certificates from [`TestPki`]), with client certificates required or
//! not; each keeps a plain port for the test's own setup. [`TestCluster::with_tls_clients_only`]:
//! TLS for clients only (`tls-cluster no`), the cluster advertising its plain ports.

use std::ffi::OsStr;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::redis::{TestRedis, TlsServer};
use super::tls::TestPki;

const INSTALL: &str = "install redis-cli (Debian: apt-get install redis-tools)";

pub struct TestCluster {
    pub nodes: Vec<TestRedis>,
    /// For each replica (by index into `nodes`), its primary's index; empty without replicas.
    pub replica_of: Vec<(usize, usize)>,
}

fn cli_bin() -> String {
    std::env::var("SESSCTL_TEST_REDIS_CLI").unwrap_or_else(|_| "redis-cli".into())
}

impl TestCluster {
    /// Three primaries, no replicas, every slot assigned.
    pub fn start() -> TestCluster {
        Self::start_with(0)
    }

    /// Three primaries, each with one replica (six nodes), every slot assigned, every
    /// replica's link up.
    pub fn with_replicas() -> TestCluster {
        let mut cluster = Self::start_with(1);
        cluster.find_replicas();
        cluster
    }

    fn start_with(replicas: usize) -> TestCluster {
        let nodes: Vec<TestRedis> = (0..3 * (1 + replicas))
            .map(|_| TestRedis::cluster_node())
            .collect();
        Self::create(nodes, replicas, &[])
    }

    /// Three primaries, no replicas, that speak only TLS among themselves and advertise their
    /// TLS ports to TLS clients (`--tls-cluster yes`), with certificates from `pki`
    /// (`pki.server`, for `localhost` and 127.0.0.1, signed by `pki.ca`); with `auth_clients`,
    /// they require a client certificate signed by `pki.ca` (`--tls-auth-clients yes`), such as
    /// `pki.client`. Created over TLS (`redis-cli --tls … --cluster create` of the TLS ports).
    /// Each node keeps a plain port for the test's own setup ([`TestRedis::conn`], [`Self::load`]
    /// and the other helpers); [`Self::tls_url`] is the URL to give sessctl.
    pub fn with_tls(pki: &TestPki, auth_clients: bool) -> TestCluster {
        let server = TlsServer {
            cert: &pki.server.cert,
            key: &pki.server.key,
            client_ca: &pki.ca,
            auth_clients,
        };
        let nodes: Vec<TestRedis> = (0..3)
            .map(|_| TestRedis::tls_cluster_node(&server, &pki.client, true))
            .collect();
        let tls = [
            "--tls".as_ref(),
            "--cacert".as_ref(),
            pki.ca.as_os_str(),
            "--cert".as_ref(),
            pki.client.cert.as_os_str(),
            "--key".as_ref(),
            pki.client.key.as_os_str(),
        ];
        Self::create(nodes, 0, &tls)
    }

    /// Three primaries whose clients may use TLS (certificates from `pki`, no client certificate
    /// required) but whose cluster bus is plain (`tls-cluster no`, the default): asked over TLS
    /// too, they advertise their plain ports (Redis 7.0). Created over the plain ports.
    pub fn with_tls_clients_only(pki: &TestPki) -> TestCluster {
        let server = TlsServer {
            cert: &pki.server.cert,
            key: &pki.server.key,
            client_ca: &pki.ca,
            auth_clients: false,
        };
        let nodes: Vec<TestRedis> = (0..3)
            .map(|_| TestRedis::tls_cluster_node(&server, &pki.client, false))
            .collect();
        Self::create(nodes, 0, &[])
    }

    /// Joins `nodes` into a cluster (`redis-cli [tls…] --cluster create`, of their TLS ports
    /// when `tls` is given), waits for `cluster_state:ok`.
    fn create(nodes: Vec<TestRedis>, replicas: usize, tls: &[&OsStr]) -> TestCluster {
        let addrs: Vec<String> = nodes
            .iter()
            .map(|n| {
                let port = if tls.is_empty() {
                    n.port
                } else {
                    n.tls_port.expect("a node started with TLS")
                };
                format!("127.0.0.1:{port}")
            })
            .collect();
        let out = Command::new(cli_bin())
            .args(tls)
            .args(["--cluster", "create"])
            .args(&addrs)
            .args(["--cluster-replicas", &replicas.to_string(), "--cluster-yes"])
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("{INSTALL}: running `{}`: {e}", cli_bin()));
        assert!(
            out.status.success(),
            "redis-cli {tls:?} --cluster create {addrs:?} failed{}: {}{}",
            if tls.is_empty() {
                ""
            } else {
                " (it needs a redis-cli and redis-server built with TLS, as Debian's are)"
            },
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let cluster = TestCluster {
            nodes,
            replica_of: Vec::new(),
        };
        cluster.wait_ok();
        cluster
    }

    /// Fills `replica_of` from each node's `INFO replication`, waiting (20 s deadline) until
    /// every replica's link to its primary is up.
    fn find_replicas(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let mut found = Vec::new();
            let mut waiting = Vec::new();
            for (i, n) in self.nodes.iter().enumerate() {
                let info: String = redis::cmd("INFO")
                    .arg("replication")
                    .query(&mut n.conn(0))
                    .unwrap_or_default();
                if !info.contains("role:slave") {
                    continue;
                }
                let port = info
                    .lines()
                    .find_map(|l| l.trim_end().strip_prefix("master_port:"))
                    .and_then(|p| p.parse::<u16>().ok());
                let primary = self.nodes.iter().position(|m| Some(m.port) == port);
                match primary {
                    Some(p) if info.contains("master_link_status:up") => found.push((i, p)),
                    _ => waiting.push(info),
                }
            }
            if waiting.is_empty() && found.len() == self.nodes.len() / 2 {
                self.replica_of = found;
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the test cluster's replicas did not come up within 20s: {waiting:?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The indices of the primaries (every node without replicas).
    pub fn primaries(&self) -> Vec<usize> {
        (0..self.nodes.len())
            .filter(|i| !self.replica_of.iter().any(|(r, _)| r == i))
            .collect()
    }

    /// The index of primary `p`'s replica.
    pub fn replica(&self, p: usize) -> usize {
        self.replica_of
            .iter()
            .find(|(_, m)| *m == p)
            .map(|(r, _)| *r)
            .unwrap_or_else(|| panic!("node {p} has no replica"))
    }

    /// Waits (20 s deadline) until every replica has applied all its primary has done
    /// (`WAIT 1` on a connection of the primary: its `master_repl_offset` as of now).
    pub fn wait_replicas(&self) {
        for &(r, p) in &self.replica_of {
            let mut c = self.nodes[p].conn(0);
            // WAIT counts the replicas that acknowledged this connection's offset, which is
            // the primary's whole replication stream so far.
            let _: () = redis::cmd("SET")
                .arg(format!("test:wait:{{{}}}", self.hash_tag_on(p)))
                .arg(1)
                .query(&mut c)
                .unwrap();
            let acked: i64 = redis::cmd("WAIT").arg(1).arg(20_000).query(&mut c).unwrap();
            assert_eq!(
                acked, 1,
                "the replica {r} of node {p} did not acknowledge within 20s"
            );
            let _: () = redis::cmd("DEL")
                .arg(format!("test:wait:{{{}}}", self.hash_tag_on(p)))
                .query(&mut c)
                .unwrap();
            let acked: i64 = redis::cmd("WAIT").arg(1).arg(20_000).query(&mut c).unwrap();
            assert_eq!(
                acked, 1,
                "the replica {r} of node {p} did not acknowledge within 20s"
            );
        }
        // A primary lists a replica in CLUSTER SLOTS once it has heard (on the cluster bus)
        // that the replica's replication offset is not 0.
        let deadline = Instant::now() + Duration::from_secs(20);
        for p in self.primaries() {
            loop {
                let slots: redis::Value = redis::cmd("CLUSTER")
                    .arg("SLOTS")
                    .query(&mut self.nodes[p].conn(0))
                    .unwrap();
                let text = format!("{slots:?}");
                let listed = self
                    .replica_of
                    .iter()
                    .all(|(r, _)| text.contains(&format!("int({})", self.nodes[*r].port)));
                if listed {
                    break;
                }
                assert!(
                    Instant::now() < deadline,
                    "node {p}'s CLUSTER SLOTS did not list every replica within 20s: {text}"
                );
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }

    /// A hash tag whose slot node `p` serves.
    pub fn hash_tag_on(&self, p: usize) -> String {
        let mut c = self.nodes[p].conn(0);
        (0..10_000)
            .map(|i| format!("t{i}"))
            .find(|t| {
                redis::cmd("EXISTS")
                    .arg(format!("{{{t}}}"))
                    .query::<i64>(&mut c)
                    .is_ok()
            })
            .unwrap_or_else(|| panic!("no hash tag served by node {p}"))
    }

    /// Waits until every live node says `cluster_state:ok`, all slots assigned, all nodes known.
    fn wait_ok(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let infos: Vec<String> = self
                .nodes
                .iter()
                .map(|n| {
                    redis::cmd("CLUSTER")
                        .arg("INFO")
                        .query::<String>(&mut n.conn(0))
                        .unwrap_or_default()
                })
                .collect();
            let ok = infos.iter().all(|i| {
                i.contains("cluster_state:ok")
                    && i.contains("cluster_slots_ok:16384")
                    && i.contains(&format!("cluster_known_nodes:{}", self.nodes.len()))
            });
            if ok {
                return;
            }
            if Instant::now() > deadline {
                panic!(
                    "the test cluster did not reach cluster_state:ok within 20s: {infos:?}; first node's log:\n{}",
                    self.nodes[0].log()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// A new primary, without slots, joined to the cluster (`CLUSTER MEET`), once every node
    /// knows every other; returns its number.
    pub fn add_node(&mut self) -> usize {
        let node = TestRedis::cluster_node();
        let _: () = redis::cmd("CLUSTER")
            .arg("MEET")
            .arg("127.0.0.1")
            .arg(node.port)
            .query(&mut self.nodes[0].conn(0))
            .unwrap();
        self.nodes.push(node);
        self.wait_ok();
        self.nodes.len() - 1
    }

    /// A new node, joined as a replica of node `primary`, once it has caught up with it;
    /// returns its number.
    pub fn add_replica(&mut self, primary: usize) -> usize {
        let i = self.add_node();
        let id = self.id(primary);
        let _: () = redis::cmd("CLUSTER")
            .arg("REPLICATE")
            .arg(&id)
            .query(&mut self.nodes[i].conn(0))
            .unwrap();
        self.wait_for(i, "master_link_status:up");
        i
    }

    /// Node `replica` takes over from its primary (`CLUSTER FAILOVER`, the manual failover
    /// that loses nothing), once it says it is the primary.
    pub fn failover(&self, replica: usize) {
        let _: () = redis::cmd("CLUSTER")
            .arg("FAILOVER")
            .query(&mut self.nodes[replica].conn(0))
            .unwrap();
        self.wait_for(replica, "role:master");
    }

    /// Waits until node `i`'s `INFO replication` says `what` (20 s at most).
    fn wait_for(&self, i: usize, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let info: String = redis::cmd("INFO")
                .arg("replication")
                .query(&mut self.nodes[i].conn(0))
                .unwrap();
            if info.contains(what) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "node {i} never said {what}: {info}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// `redis://127.0.0.1:<port>/0` of node `i`.
    pub fn url(&self, i: usize) -> String {
        self.nodes[i].url(0)
    }

    /// `rediss://127.0.0.1:<tls port>/0` of node `i`, of a cluster started with
    /// [`TestCluster::with_tls`].
    pub fn tls_url(&self, i: usize) -> String {
        self.nodes[i].tls_url("127.0.0.1", 0)
    }

    /// Loads fixture files (paths under tests/fixtures/sessions) into the cluster, record by
    /// record, each on the node that serves its key (the one that does not answer `MOVED`),
    /// restoring types and TTLs. Returns the number of keys.
    pub fn load(&self, files: &[&str]) -> u64 {
        let mut conns: Vec<redis::Connection> = self.nodes.iter().map(|n| n.conn(0)).collect();
        let mut n = 0;
        for f in files {
            let path = super::fixture(&format!("sessions/{f}"));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let mut errors = Vec::new();
                let loaded =
                    conns.iter_mut().find_map(|c| {
                        match sessctl::store::records::load_jsonl(c, line) {
                            Ok(k) => Some(k),
                            Err(e) => {
                                errors.push(format!("{e:#}"));
                                None
                            }
                        }
                    });
                n += loaded.unwrap_or_else(|| panic!("loading {line}: {errors:?}"));
            }
        }
        n
    }

    /// The keys held by node `i` (its own SCAN).
    pub fn keys_on(&self, i: usize) -> Vec<Vec<u8>> {
        let mut c = self.nodes[i].conn(0);
        let mut out: Vec<Vec<u8>> = redis::cmd("KEYS").arg("*").query(&mut c).unwrap();
        out.sort();
        out
    }

    /// Every key of the cluster (its primaries'), sorted.
    pub fn keys(&self) -> Vec<Vec<u8>> {
        let mut out: Vec<Vec<u8>> = self
            .primaries()
            .into_iter()
            .flat_map(|i| self.keys_on(i))
            .collect();
        out.sort();
        out
    }

    /// Node `i`'s id (`CLUSTER MYID`).
    pub fn id(&self, i: usize) -> String {
        redis::cmd("CLUSTER")
            .arg("MYID")
            .query(&mut self.nodes[i].conn(0))
            .unwrap()
    }

    /// The hash slot of `key` (`CLUSTER KEYSLOT`).
    pub fn slot(&self, key: &[u8]) -> u16 {
        redis::cmd("CLUSTER")
            .arg("KEYSLOT")
            .arg(key)
            .query(&mut self.nodes[0].conn(0))
            .unwrap()
    }

    /// The node that holds `key` now (`ASKING` first: the target of a migration answers for
    /// the keys moved to it so far).
    pub fn holder(&self, key: &[u8]) -> Option<usize> {
        (0..self.nodes.len()).find(|&i| {
            redis::pipe()
                .cmd("ASKING")
                .ignore()
                .cmd("EXISTS")
                .arg(key)
                .query::<(i64,)>(&mut self.nodes[i].conn(0))
                .is_ok_and(|(n,)| n == 1)
        })
    }

    /// The node that serves `key`'s slot (the one that answers for it rather than `MOVED`).
    pub fn owner(&self, key: &[u8]) -> usize {
        (0..self.nodes.len())
            .find(|&i| {
                redis::cmd("EXISTS")
                    .arg(key)
                    .query::<i64>(&mut self.nodes[i].conn(0))
                    .is_ok()
            })
            .expect("some node serves every slot")
    }

    /// Puts `slot` into migration from node `from` to node `to`, as `redis-cli --cluster
    /// reshard` does first (`CLUSTER SETSLOT … IMPORTING` on the target, `… MIGRATING` on the
    /// source); no key moves yet.
    pub fn start_migration(&self, slot: u16, from: usize, to: usize) {
        let (from_id, to_id) = (self.id(from), self.id(to));
        let _: () = redis::cmd("CLUSTER")
            .arg(&["SETSLOT", &slot.to_string(), "IMPORTING", &from_id])
            .query(&mut self.nodes[to].conn(0))
            .unwrap();
        let _: () = redis::cmd("CLUSTER")
            .arg(&["SETSLOT", &slot.to_string(), "MIGRATING", &to_id])
            .query(&mut self.nodes[from].conn(0))
            .unwrap();
    }

    /// Moves `key` from node `from` to node `to` (`MIGRATE`), its slot being migrated.
    pub fn migrate(&self, key: &[u8], from: usize, to: usize) {
        let _: () = redis::cmd("MIGRATE")
            .arg("127.0.0.1")
            .arg(self.nodes[to].port)
            .arg(key)
            .arg(0)
            .arg(5000)
            .query(&mut self.nodes[from].conn(0))
            .unwrap();
    }

    /// Ends the migration of `slot` to node `to`: every node is told (`CLUSTER SETSLOT … NODE`),
    /// the target first, as `redis-cli` does.
    pub fn finish_migration(&self, slot: u16, to: usize) {
        let to_id = self.id(to);
        let order = std::iter::once(to).chain((0..self.nodes.len()).filter(|&i| i != to));
        for i in order {
            let _: () = redis::cmd("CLUSTER")
                .arg(&["SETSLOT", &slot.to_string(), "NODE", &to_id])
                .query(&mut self.nodes[i].conn(0))
                .unwrap();
        }
    }

    /// `redis-cli --cluster reshard` moving `slots` slots from node `from` to node `to`, started;
    /// [`Reshard::wait`] waits for it to end.
    pub fn reshard(&self, from: usize, to: usize, slots: u32) -> Reshard {
        // Its output (a line per slot) goes to a file: a pipe nobody reads would stop it.
        let log = tempfile::NamedTempFile::new().unwrap();
        let child = Command::new(cli_bin())
            .args(["--cluster", "reshard"])
            .arg(format!("127.0.0.1:{}", self.nodes[from].port))
            .args(["--cluster-from", &self.id(from)])
            .args(["--cluster-to", &self.id(to)])
            .args(["--cluster-slots", &slots.to_string()])
            .args(["--cluster-yes"])
            .stdin(Stdio::null())
            .stdout(log.reopen().unwrap())
            .stderr(log.reopen().unwrap())
            .spawn()
            .unwrap_or_else(|e| panic!("{INSTALL}: running `{}`: {e}", cli_bin()));
        Reshard { child, log }
    }
}

/// A `redis-cli --cluster reshard` under way.
pub struct Reshard {
    child: std::process::Child,
    log: tempfile::NamedTempFile,
}

impl Reshard {
    /// Waits for the resharding to end; fails the test, with its output, if it failed.
    pub fn wait(mut self) {
        let status = self.child.wait().unwrap();
        assert!(
            status.success(),
            "redis-cli --cluster reshard: {status}: {}",
            std::fs::read_to_string(self.log.path()).unwrap_or_default()
        );
    }
}
