//! Redis Cluster: found from any one node, scanned node by node, written slot by slot.
//!
//! When the server of `--redis-url` says it is a cluster node (`INFO cluster` →
//! `cluster_enabled:1`; never `CONFIG`, which managed services refuse), sessctl reads the slot map
//! (`CLUSTER SLOTS`) and connects to every primary with the same password, TLS settings and
//! timeout: a cluster is several [`Endpoint`]s, one per primary, plus the map from each of the
//! 16,384 slots to its primary. A scan walks every primary's own keyspace (SCAN is per node), the
//! primaries in parallel; values are read with a `GET` each, pipelined to the key's node, since an
//! `MGET` may name keys of one slot only. Writes go to the key's node, and a script names keys of
//! one slot only ([`RedisStore::same_slot_groups`]).
//!
//! A primary that cannot be reached, at the start or during a scan, and slots no primary
//! serves, are named with their slot ranges: a scan that did not cover them ends with an error
//! (exit 1) after handing over what it found elsewhere, never as a complete answer.
//!
//! Not here yet: MOVED/ASK redirections (a resharding during a run fails the request that met
//! it), reading from replicas, several seed URLs, and mapping advertised addresses to reachable
//! ones.
//!
//! Must not import `cli`, `commands`, `report` or `output`.

use std::collections::HashMap;

use redis::Value as RV;
use redis::cluster_routing::Slot;

use super::pace::Kind;
use super::redis::{ConnectOptions, Endpoint, RedisStore, connect_error, redis_error};
use crate::exit::ConnectError;

/// The slots of a cluster.
const SLOTS: u16 = 16384;

/// The primaries of a cluster and the slot map.
pub(super) struct Cluster {
    nodes: Vec<Node>,
    /// Each served slot's node (an index into `nodes`).
    slots: HashMap<Slot, usize>,
    /// Slot ranges no primary serves.
    unserved: Vec<(u16, u16)>,
}

/// One primary: its address as the cluster advertises it, its slot ranges, and its connection,
/// or why it could not be reached.
struct Node {
    addr: String,
    ranges: Vec<(u16, u16)>,
    ep: Result<Endpoint, String>,
}

/// A field of an `INFO`-style answer (`name:value` lines).
fn field<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    text.lines()
        .find_map(|l| l.trim_end().strip_prefix(name)?.strip_prefix(':'))
}

/// A primary as `CLUSTER SLOTS` names it: host, port, slot ranges.
type Primary = (String, u16, Vec<(u16, u16)>);

/// Keys grouped by node: the node's endpoint and its keys.
type NodeKeys<'a> = (&'a mut Endpoint, Vec<Vec<u8>>);

/// Slot ranges as people write them: `0-5460, 10923-16383`.
fn ranges_text(ranges: &[(u16, u16)]) -> String {
    ranges
        .iter()
        .map(|(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}-{b}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The primaries of a `CLUSTER SLOTS` answer: `(host, port, slot ranges)`, in the order the
/// answer names them. A host of `""` or `"?"` (the node does not know its own address) is
/// `seed_host`.
fn primaries(reply: RV, seed_host: &str) -> anyhow::Result<Vec<Primary>> {
    let int = |v: &RV| match v {
        RV::Int(n) => u16::try_from(*n).ok(),
        _ => None,
    };
    let text = |v: &RV| match v {
        RV::BulkString(b) => Some(String::from_utf8_lossy(b).into_owned()),
        RV::SimpleString(s) => Some(s.clone()),
        _ => None,
    };
    let RV::Array(items) = reply else {
        anyhow::bail!("CLUSTER SLOTS answered something other than a list of slot ranges");
    };
    let mut out: Vec<Primary> = Vec::new();
    for item in items {
        let RV::Array(parts) = item else {
            anyhow::bail!("CLUSTER SLOTS answered a slot range that is not a list");
        };
        let (Some(start), Some(end), Some(RV::Array(primary))) = (
            parts.first().and_then(int),
            parts.get(1).and_then(int),
            parts.get(2),
        ) else {
            anyhow::bail!("CLUSTER SLOTS answered a slot range without its primary");
        };
        let (Some(host), Some(port)) =
            (primary.first().and_then(text), primary.get(1).and_then(int))
        else {
            anyhow::bail!("CLUSTER SLOTS answered a primary without its address");
        };
        let host = if host.is_empty() || host == "?" {
            seed_host.to_owned()
        } else {
            host
        };
        match out.iter_mut().find(|(h, p, _)| *h == host && *p == port) {
            Some((_, _, ranges)) => ranges.push((start, end)),
            None => out.push((host, port, vec![(start, end)])),
        }
    }
    for (_, _, ranges) in &mut out {
        ranges.sort_unstable();
    }
    Ok(out)
}

/// A cluster node refused to switch to database `db` (clusters have only database 0): the usage
/// error that says so, or `None` for any other failure.
pub(super) fn database_refused(
    shown: &str,
    db: &i64,
    e: &redis::RedisError,
) -> Option<anyhow::Error> {
    (*db != 0
        && e.to_string()
            .contains("SELECT is not allowed in cluster mode"))
    .then(|| database_error(shown, *db))
}

fn database_error(shown: &str, db: i64) -> anyhow::Error {
    crate::exit::usage(format!(
        "{shown} names database {db}, but it is a Redis Cluster node: a cluster has one database, 0 (drop the /{db})"
    ))
}

/// A part of a Redis Cluster a scan did not cover: a primary not reached (or lost mid-scan),
/// with its slot ranges and why, or slot ranges no primary serves.
#[derive(Debug, Clone)]
pub struct Uncovered {
    /// The node (`host:port`, as the cluster advertises it); `None` for slots no primary serves.
    pub node: Option<String>,
    /// Its slot ranges, as people write them (`0-5460, 10923-16383`).
    pub slots: String,
    /// Why it was not covered.
    pub why: String,
}

/// The error a scan of a Redis Cluster ends with when it did not cover every slot, after handing
/// over what the other nodes hold: a partial result (exit 1). A caller that can act on the part
/// it reached (revoke-user) takes it from the error chain (`downcast_ref`).
#[derive(Debug, Clone)]
pub struct Unscanned {
    /// Keys scanned on the other nodes.
    pub scanned: u64,
    /// What was not covered.
    pub parts: Vec<Uncovered>,
}

impl std::fmt::Display for Unscanned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .parts
            .iter()
            .map(|p| match &p.node {
                Some(node) => format!("node {node} (slots {}): {}", p.slots, p.why),
                None => format!("slots {} are served by no primary", p.slots),
            })
            .collect();
        write!(
            f,
            "the Redis Cluster was not wholly scanned ({} keys scanned on the other nodes): {}",
            self.scanned,
            parts.join("; ")
        )
    }
}

impl std::error::Error for Unscanned {}

impl Cluster {
    /// `None` when `seed` is not a cluster node (`INFO cluster`). Otherwise checks that the cluster can be used as `opts` asks,
    /// reads its slot map and connects to every primary; a primary that cannot be reached is
    /// kept, named, as not reached.
    ///
    /// # Errors
    /// `INFO` refused; a database other than 0 or a `--read-url` (usage errors); a cluster that
    /// is not in
    /// `cluster_state:ok`, or whose slot map cannot be read (connection errors).
    pub(super) fn discover(
        seed: &mut Endpoint,
        opts: &ConnectOptions,
    ) -> anyhow::Result<Option<Cluster>> {
        // Refused, sessctl cannot tell one server from one node of a cluster, and scanning one
        // node of a cluster would pass for the whole store: stop.
        let info = redis::cmd("INFO")
            .arg("cluster")
            .query::<String>(&mut seed.conn)
            .map_err(|e| {
                redis_error(&seed.shown, opts.timeout, "INFO cluster", &e).context(
                    "telling whether the server is a Redis Cluster node (a user without +info cannot: see docs/sessions.md#least-privilege-acl-users)",
                )
            })?;
        if field(&info, "cluster_enabled") != Some("1") {
            return Ok(None);
        }
        let url = opts.url.0.as_str();
        let seed_info = redis::IntoConnectionInfo::into_connection_info(url)
            .map_err(|e| connect_error(&seed.shown, e.to_string()))?;
        let db = seed_info.redis_settings().db();
        if db != 0 {
            return Err(database_error(&seed.shown, db));
        }
        if opts.read_url.is_some() {
            return Err(crate::exit::usage(format!(
                "--read-url: {} is a Redis Cluster node; reading from a cluster's replicas is not supported yet (leave out --read-url)",
                seed.shown
            )));
        }
        let state: String = redis::cmd("CLUSTER")
            .arg("INFO")
            .query(&mut seed.conn)
            .map_err(|e| redis_error(&seed.shown, opts.timeout, "CLUSTER INFO", &e))?;
        let state = field(&state, "cluster_state").unwrap_or("unknown");
        if state != "ok" {
            return Err(anyhow::Error::new(ConnectError(format!(
                "the Redis Cluster of {} is not serving (cluster_state:{state}): a node or a slot range is down",
                seed.shown
            ))));
        }
        let reply: RV = redis::cmd("CLUSTER")
            .arg("SLOTS")
            .query(&mut seed.conn)
            .map_err(|e| redis_error(&seed.shown, opts.timeout, "CLUSTER SLOTS", &e))?;
        let (seed_host, tls) = match seed_info.addr() {
            redis::ConnectionAddr::Tcp(h, _) => (h.clone(), None),
            redis::ConnectionAddr::TcpTls {
                host,
                insecure,
                tls_params,
                ..
            } => (host.clone(), Some((*insecure, tls_params.clone()))),
            _ => ("127.0.0.1".to_owned(), None),
        };
        let scheme = if tls.is_some() { "rediss" } else { "redis" };
        let mut nodes = Vec::new();
        let mut slots = HashMap::new();
        for (host, port, ranges) in primaries(reply, &seed_host)? {
            let addr = match &tls {
                None => redis::ConnectionAddr::Tcp(host.clone(), port),
                Some((insecure, tls_params)) => redis::ConnectionAddr::TcpTls {
                    host: host.clone(),
                    port,
                    insecure: *insecure,
                    tls_params: tls_params.clone(),
                },
            };
            let shown_host = if host.contains(':') {
                format!("[{host}]")
            } else {
                host.clone()
            };
            let shown = format!("{scheme}://{shown_host}:{port}");
            let info = seed_info.clone().set_addr(addr);
            let ep = Endpoint::connect_info(info, url, shown, opts, "main")
                .map_err(|e| format!("{e:#}"));
            for (a, b) in &ranges {
                for n in *a..=*b {
                    if let Some(slot) = Slot::new(n) {
                        slots.insert(slot, nodes.len());
                    }
                }
            }
            nodes.push(Node {
                addr: format!("{shown_host}:{port}"),
                ranges,
                ep,
            });
        }
        let mut unserved = Vec::new();
        let mut n = 0;
        while n < SLOTS {
            let served = |n: u16| Slot::new(n).is_some_and(|s| slots.contains_key(&s));
            if served(n) {
                n += 1;
                continue;
            }
            let start = n;
            while n < SLOTS && !served(n) {
                n += 1;
            }
            unserved.push((start, n - 1));
        }
        Ok(Some(Cluster {
            nodes,
            slots,
            unserved,
        }))
    }

    /// The primaries that were reached, with their node numbers.
    pub(super) fn reachable_mut(&mut self) -> Vec<(usize, &mut Endpoint)> {
        self.nodes
            .iter_mut()
            .enumerate()
            .filter_map(|(i, n)| n.ep.as_mut().ok().map(|ep| (i, ep)))
            .collect()
    }

    /// Every primary, or an error naming those not reached.
    pub(super) fn all_mut(&mut self) -> anyhow::Result<Vec<&mut Endpoint>> {
        self.complete(0, Vec::new())?;
        Ok(self.reachable_mut().into_iter().map(|(_, ep)| ep).collect())
    }

    /// The end of a scan of every reachable primary that scanned `total` keys, with the nodes
    /// that failed meanwhile: `total` when every slot was covered, else an [`Unscanned`] error
    /// naming each node not (wholly) scanned and each slot range no primary serves.
    pub(super) fn complete(
        &self,
        total: u64,
        failures: Vec<(usize, anyhow::Error)>,
    ) -> anyhow::Result<u64> {
        let mut parts: Vec<Uncovered> = Vec::new();
        for (i, node) in self.nodes.iter().enumerate() {
            let why = match &node.ep {
                Err(why) => Some(why.clone()),
                Ok(_) => failures
                    .iter()
                    .find(|(n, _)| *n == i)
                    .map(|(_, e)| format!("{e:#}")),
            };
            if let Some(why) = why {
                parts.push(Uncovered {
                    node: Some(node.addr.clone()),
                    slots: ranges_text(&node.ranges),
                    why,
                });
            }
        }
        if !self.unserved.is_empty() {
            parts.push(Uncovered {
                node: None,
                slots: ranges_text(&self.unserved),
                why: "served by no primary".to_owned(),
            });
        }
        if parts.is_empty() {
            return Ok(total);
        }
        // Not a ConnectError (exit 3): the rest of the cluster answered, and what it held was
        // handed over; this is a partial result (exit 1).
        Err(anyhow::Error::new(Unscanned {
            scanned: total,
            parts,
        }))
    }

    /// The node serving `key`'s slot, or an error naming the slot and why it cannot be reached.
    fn node_of(&self, key: &[u8]) -> anyhow::Result<usize> {
        let slot = Slot::for_key(key);
        let Some(&i) = self.slots.get(&slot) else {
            anyhow::bail!(
                "the key {} is in a slot no primary of the Redis Cluster serves",
                super::escape_key(key)
            );
        };
        if let Err(why) = &self.nodes[i].ep {
            anyhow::bail!(
                "the key {} is on node {}, which could not be reached: {why}",
                super::escape_key(key),
                self.nodes[i].addr
            );
        }
        Ok(i)
    }

    fn endpoint(&mut self, key: &[u8]) -> anyhow::Result<&mut Endpoint> {
        let i = self.node_of(key)?;
        self.nodes[i]
            .ep
            .as_mut()
            .map_err(|why| anyhow::anyhow!("{why}"))
    }

    /// `keys` grouped by the node that serves them, each group with its node's endpoint, in
    /// node order.
    ///
    /// # Errors
    /// A key whose node is not reached, or whose slot is served by no primary.
    pub(super) fn group_by_node(&mut self, keys: &[Vec<u8>]) -> anyhow::Result<Vec<NodeKeys<'_>>> {
        let mut groups: Vec<Vec<Vec<u8>>> = vec![Vec::new(); self.nodes.len()];
        for k in keys {
            groups[self.node_of(k)?].push(k.clone());
        }
        Ok(self
            .nodes
            .iter_mut()
            .zip(groups)
            .filter(|(_, g)| !g.is_empty())
            .filter_map(|(n, g)| n.ep.as_mut().ok().map(|ep| (ep, g)))
            .collect())
    }
}

impl RedisStore {
    /// True when the store is a Redis Cluster.
    pub fn is_cluster(&self) -> bool {
        self.cluster.is_some()
    }

    /// The connection to the node that serves `key` (the main connection on one server), for
    /// commands built elsewhere in the store layer that name `key` (and only keys of its slot).
    ///
    /// # Errors
    /// On a cluster, the key's node could not be reached or its slot is served by no primary.
    pub fn connection_for(&mut self, key: &[u8]) -> anyhow::Result<&mut redis::Connection> {
        match &mut self.cluster {
            Some(c) => Ok(&mut c.endpoint(key)?.conn),
            None => Ok(&mut self.main.conn),
        }
    }

    /// The URL (password masked) of the node that serves `key`: the main URL on one server.
    pub fn shown_for(&self, key: &[u8]) -> &str {
        match &self.cluster {
            Some(c) => match c.node_of(key) {
                Ok(i) => c.nodes[i].ep.as_ref().map_or(self.shown(), |ep| &ep.shown),
                Err(_) => self.shown(),
            },
            None => self.shown(),
        }
    }

    /// Runs `request` on the connection of `key`'s node as one paced request of `kind` naming
    /// `keys` keys (see [`super::pace::Pacer::run`]).
    ///
    /// # Errors
    /// On a cluster, the key's node could not be reached (the request is not sent).
    pub fn paced_for<T>(
        &mut self,
        key: &[u8],
        kind: Kind,
        keys: usize,
        request: impl FnOnce(&mut redis::Connection) -> T,
    ) -> anyhow::Result<T> {
        let conn = match &mut self.cluster {
            Some(c) => &mut c.endpoint(key)?.conn,
            None => &mut self.main.conn,
        };
        Ok(self.pacer.run(kind, keys, || request(conn)))
    }

    /// The string values of `keys` on a cluster (`None`: no such key), in order: a `GET` per
    /// key, one pipeline per node, since an `MGET` may only name keys of one slot. On one server,
    /// one pipeline on the main connection.
    ///
    /// # Errors
    /// The failure, as `at <node>: GET <key>: <the server's words>` (an ACL refusal names the
    /// rule that would allow it), or a key whose node was not reached, named with its slot's
    /// node.
    pub fn get_each(&mut self, keys: &[&[u8]]) -> Result<Vec<Option<String>>, String> {
        let mut groups: Vec<(Option<usize>, Vec<usize>)> = Vec::new();
        match &self.cluster {
            None => groups.push((None, (0..keys.len()).collect())),
            Some(c) => {
                let mut per: Vec<Vec<usize>> = vec![Vec::new(); c.nodes.len()];
                for (i, k) in keys.iter().enumerate() {
                    per[c
                        .node_of(k)
                        .map_err(|e| format!("at {}: {e:#}", self.main.shown))?]
                    .push(i);
                }
                groups.extend(
                    per.into_iter()
                        .enumerate()
                        .filter(|(_, g)| !g.is_empty())
                        .map(|(n, g)| (Some(n), g)),
                );
            }
        }
        let mut out = vec![None; keys.len()];
        for (node, idx) in groups {
            let ep = match (node, &mut self.cluster) {
                (Some(n), Some(c)) => c.nodes[n].ep.as_mut().map_err(|why| why.clone())?,
                _ => &mut self.main,
            };
            let mut p = redis::pipe();
            for &i in &idx {
                p.cmd("GET").arg(keys[i]);
            }
            let got: Vec<Option<String>> = p.query(&mut ep.conn).map_err(|e| {
                let first = keys[idx[0]];
                let what = format!("GET {}", super::escape_key(first));
                let answer = super::acl::answer(&e, &what, Some(first));
                format!("at {}: {what}: {answer}", ep.shown)
            })?;
            if got.len() != idx.len() {
                return Err(format!(
                    "at {}: the server answered {} of {} GETs",
                    ep.shown,
                    got.len(),
                    idx.len()
                ));
            }
            for (i, v) in idx.into_iter().zip(got) {
                out[i] = v;
            }
        }
        Ok(out)
    }

    /// The indices of `keys` grouped by hash slot, each group in the given order and the groups
    /// in the order of their first key; on one server, one group of them all.
    pub fn same_slot_groups(&self, keys: &[&[u8]]) -> Vec<Vec<usize>> {
        if self.cluster.is_none() {
            return if keys.is_empty() {
                Vec::new()
            } else {
                vec![(0..keys.len()).collect()]
            };
        }
        let mut order: Vec<Slot> = Vec::new();
        let mut groups: HashMap<Slot, Vec<usize>> = HashMap::new();
        for (i, k) in keys.iter().enumerate() {
            let slot = Slot::for_key(k);
            groups
                .entry(slot)
                .or_insert_with(|| {
                    order.push(slot);
                    Vec::new()
                })
                .push(i);
        }
        order
            .into_iter()
            .filter_map(|s| groups.remove(&s))
            .collect()
    }

    /// True when every key of `keys` hashes to one slot (always on one server).
    pub fn same_slot(&self, keys: &[&[u8]]) -> bool {
        self.cluster.is_none()
            || keys
                .windows(2)
                .all(|w| Slot::for_key(w[0]) == Slot::for_key(w[1]))
    }
}

impl RedisStore {
    /// Every key matching `pattern` of type `rtype` (`SCAN … MATCH … TYPE`, 1,000 at a time, not
    /// paced: for small keyspaces such as Spring's principal indexes), node by node on a Redis
    /// Cluster: `each` gets the connection and URL (password masked) of the node the page came
    /// from, whose keys all live there.
    ///
    /// # Errors
    /// On a cluster, a primary that was not reached (named with its slots; nothing is scanned);
    /// a failed `SCAN`, naming its node; `each`'s error.
    pub fn scan_matching(
        &mut self,
        pattern: &[u8],
        rtype: &str,
        mut each: impl FnMut(&mut redis::Connection, &str, Vec<Vec<u8>>) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let timeout = self.timeout;
        let endpoints: Vec<&mut Endpoint> = match &mut self.cluster {
            Some(c) => c.all_mut()?,
            None => vec![&mut self.main],
        };
        for ep in endpoints {
            let mut cursor = 0u64;
            loop {
                let (next, keys): (u64, Vec<Vec<u8>>) = redis::cmd("SCAN")
                    .arg(cursor)
                    .arg("MATCH")
                    .arg(pattern)
                    .arg("COUNT")
                    .arg(1000)
                    .arg("TYPE")
                    .arg(rtype)
                    .query(&mut ep.conn)
                    .map_err(|e| redis_error(&ep.shown, timeout, "SCAN", &e))?;
                each(&mut ep.conn, &ep.shown, keys)?;
                if next == 0 {
                    break;
                }
                cursor = next;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slot_ranges_read_as_people_write_them() {
        assert_eq!(ranges_text(&[(0, 5460), (7000, 7000)]), "0-5460, 7000");
    }

    #[test]
    fn cluster_slots_are_read_per_primary() {
        let node = |h: &str, p: i64| {
            RV::Array(vec![
                RV::BulkString(h.as_bytes().to_vec()),
                RV::Int(p),
                RV::BulkString(b"id".to_vec()),
            ])
        };
        let reply = RV::Array(vec![
            RV::Array(vec![RV::Int(0), RV::Int(99), node("10.0.0.1", 7000)]),
            RV::Array(vec![RV::Int(100), RV::Int(199), node("", 7001)]),
            RV::Array(vec![RV::Int(200), RV::Int(16383), node("10.0.0.1", 7000)]),
        ]);
        let p = primaries(reply, "seed").unwrap();
        assert_eq!(
            p,
            vec![
                ("10.0.0.1".to_owned(), 7000, vec![(0, 99), (200, 16383)]),
                ("seed".to_owned(), 7001, vec![(100, 199)]),
            ]
        );
    }

    #[test]
    fn info_fields_are_read() {
        let info = "# Cluster\r\ncluster_enabled:1\r\n";
        assert_eq!(field(info, "cluster_enabled"), Some("1"));
        assert_eq!(field(info, "cluster_state"), None);
    }
}
