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
//! Several seed nodes (`--redis-url` repeated) are tried in order until one answers
//! ([`RedisStore::connect`]). Every address the slot map advertises goes through
//! `--cluster-address-map` ([`AddressMapping`]) before sessctl connects to it, and a node that
//! cannot be reached is named by the address the cluster advertises, with the mapping that would
//! reach it. With `--read-from replica`, each shard's scans and value fetches go to one of its
//! replicas (`READONLY` on each of its connections), the first that answers, or to the primary
//! when none does (said in `--verbose`); writes and check-and-deletes always go to the primary.
//!
//! Not here yet: MOVED/ASK redirections (a resharding during a run fails the request that met
//! it).
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
    /// What `--verbose` says about where reads go.
    notes: Vec<String>,
}

/// One primary: its address as the cluster advertises it, its slot ranges, and its connection,
/// or why it could not be reached; with `--read-from replica`, the replica its reads go to.
struct Node {
    addr: String,
    ranges: Vec<(u16, u16)>,
    ep: Result<Endpoint, String>,
    /// The replica scans and value fetches go to (`--read-from replica`, `READONLY` sent), or
    /// `None`: they go to the primary.
    replica: Option<Endpoint>,
}

impl Node {
    /// Where this shard's reads go: its replica, else the primary (when reached).
    fn reader_mut(&mut self) -> Option<&mut Endpoint> {
        match &mut self.replica {
            Some(r) => Some(r),
            None => self.ep.as_mut().ok(),
        }
    }
}

/// One `--cluster-address-map` entry: an address a Redis Cluster advertises (`FROM`) and the
/// address that reaches the same node from here (`TO`), each `host:port`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressMapping {
    from: (String, u16),
    to: (String, u16),
}

impl AddressMapping {
    /// For clap: `FROM=TO`, each `host:port` (an IPv6 address in brackets: `[::1]:7000`).
    ///
    /// # Errors
    /// Not of that shape, with an example.
    pub fn parse(s: &str) -> Result<AddressMapping, String> {
        let bad = |why: String| {
            format!("{why}; expected FROM=TO, each host:port (e.g. 10.0.0.5:6379=127.0.0.1:16379)")
        };
        let (from, to) = s
            .split_once('=')
            .ok_or_else(|| bad(format!("{s:?} has no `=`")))?;
        Ok(AddressMapping {
            from: host_port(from).map_err(bad)?,
            to: host_port(to).map_err(bad)?,
        })
    }
}

/// `host:port` (`[v6]:port`) as a host without brackets and a port.
fn host_port(s: &str) -> Result<(String, u16), String> {
    let (host, port) = match s.strip_prefix('[') {
        Some(rest) => rest
            .split_once("]:")
            .ok_or_else(|| format!("{s:?} is not [IPv6 address]:port"))?,
        None => s
            .rsplit_once(':')
            .ok_or_else(|| format!("{s:?} has no :port"))?,
    };
    let valid = !host.is_empty()
        && !host
            .chars()
            .any(|c| c.is_whitespace() || "/@=[]".contains(c))
        && (s.starts_with('[') || !host.contains(':'));
    if !valid {
        return Err(format!("{s:?} is not host:port"));
    }
    match port.parse::<u16>() {
        Ok(p) if p > 0 => Ok((host.to_owned(), p)),
        _ => Err(format!("{s:?}: {port:?} is not a port number")),
    }
}

/// `host:port` as people write it (an IPv6 address in brackets).
fn addr_text(host: &str, port: u16) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// A field of an `INFO`-style answer (`name:value` lines).
fn field<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    text.lines()
        .find_map(|l| l.trim_end().strip_prefix(name)?.strip_prefix(':'))
}

/// A primary's address and its replicas' (host, port), as `CLUSTER SLOTS` lists them.
type Shard = ((String, u16), Vec<(String, u16)>);

/// A primary as `CLUSTER SLOTS` names it: host, port, slot ranges.
type Primary = (String, u16, Vec<(u16, u16)>);

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

/// The replicas of each primary of a `CLUSTER SLOTS` answer, as `(primary, its replicas)`, each
/// `(host, port)` in the order the answer lists them (a host of `""` or `"?"` is `seed_host`).
/// Anything unreadable is left out: [`primaries`] reports a malformed answer.
fn replicas(reply: &RV, seed_host: &str) -> Vec<Shard> {
    let addr = |v: &RV| -> Option<(String, u16)> {
        let RV::Array(node) = v else { return None };
        let host = match node.first()? {
            RV::BulkString(b) => String::from_utf8_lossy(b).into_owned(),
            RV::SimpleString(s) => s.clone(),
            _ => return None,
        };
        let RV::Int(port) = node.get(1)? else {
            return None;
        };
        let host = if host.is_empty() || host == "?" {
            seed_host.to_owned()
        } else {
            host
        };
        Some((host, u16::try_from(*port).ok()?))
    };
    let mut out: Vec<Shard> = Vec::new();
    let RV::Array(items) = reply else {
        return out;
    };
    for item in items {
        let RV::Array(parts) = item else { continue };
        let Some(primary) = parts.get(2).and_then(addr) else {
            continue;
        };
        let listed: Vec<(String, u16)> = parts.iter().skip(3).filter_map(addr).collect();
        match out.iter_mut().find(|(p, _)| *p == primary) {
            Some((_, known)) => {
                for r in listed {
                    if !known.contains(&r) {
                        known.push(r);
                    }
                }
            }
            None => out.push((primary, listed)),
        }
    }
    out
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

/// `ep`, a replica, made ready for reads (`READONLY`: without it a cluster replica redirects
/// every key to its primary), once it says it is a replica whose link to its primary is up (a
/// replica still loading its copy would answer with an empty or old keyspace).
fn readable(mut ep: Endpoint, timeout: std::time::Duration) -> Result<Endpoint, String> {
    let info: String = redis::cmd("INFO")
        .arg("replication")
        .query(&mut ep.conn)
        .map_err(|e| {
            format!(
                "{:#}",
                redis_error(&ep.shown, timeout, "INFO replication", &e)
            )
        })?;
    if field(&info, "role") != Some("slave") {
        return Err(format!(
            "{} is not a replica (role:{})",
            ep.shown,
            field(&info, "role").unwrap_or("unknown")
        ));
    }
    if field(&info, "master_link_status") != Some("up") {
        return Err(format!(
            "{}: its link to its primary is down (master_link_status:{}), its copy may be old",
            ep.shown,
            field(&info, "master_link_status").unwrap_or("unknown")
        ));
    }
    redis::cmd("READONLY")
        .query::<()>(&mut ep.conn)
        .map_err(|e| format!("{:#}", redis_error(&ep.shown, timeout, "READONLY", &e)))?;
    ep.readonly = true;
    Ok(ep)
}

impl Cluster {
    /// `None` when `seed` is not a cluster node (`INFO cluster`). Otherwise checks that the
    /// cluster can be used as `opts` asks, reads its slot map and connects to every primary (and,
    /// with `--read-from replica`, to one replica of each), every advertised address through
    /// `--cluster-address-map`; a primary that cannot be reached is kept, named, as not reached.
    ///
    /// # Errors
    /// `INFO` refused; a database other than 0 or a `--read-url` (usage errors); a cluster that
    /// is not in `cluster_state:ok`, whose slot map cannot be read, or none of whose primaries
    /// can be reached (connection errors).
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
                "--read-url: {} is a Redis Cluster node; to read from the cluster's replicas, use --read-from replica instead (sessctl finds them)",
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
        // Connects to a node at the address the cluster advertises, or where
        // --cluster-address-map says that address is reached from here.
        let connect = |host: &str, port: u16, role: &str| -> Result<Endpoint, String> {
            let advertised = addr_text(host, port);
            let to = opts
                .address_map
                .iter()
                .find(|m| m.from.0.eq_ignore_ascii_case(host) && m.from.1 == port)
                .map(|m| &m.to);
            let (host_here, port_here) = to.map_or((host, port), |(h, p)| (h.as_str(), *p));
            let addr = match &tls {
                None => redis::ConnectionAddr::Tcp(host_here.to_owned(), port_here),
                Some((insecure, tls_params)) => redis::ConnectionAddr::TcpTls {
                    host: host_here.to_owned(),
                    port: port_here,
                    insecure: *insecure,
                    tls_params: tls_params.clone(),
                },
            };
            let shown = format!("{scheme}://{}", addr_text(host_here, port_here));
            let info = seed_info.clone().set_addr(addr);
            // A mapped node's certificate is still that of the name the cluster advertises.
            let mapped_tls;
            let node_opts = if to.is_some() && tls.is_some() && opts.tls.server_name.is_none() {
                let mut o = opts.clone();
                o.tls.server_name = Some(host.to_owned());
                mapped_tls = o;
                &mapped_tls
            } else {
                opts
            };
            Endpoint::connect_info(info, url, shown, node_opts, role).map_err(|e| {
                let unreachable = e.chain().any(|c| c.is::<ConnectError>());
                match to {
                    Some(_) => format!(
                        "{e:#} (the cluster advertises it as {advertised}: --cluster-address-map)"
                    ),
                    None if unreachable => format!(
                        "{e:#}; if this address the cluster advertises is not reachable from here, map it to one that is: --cluster-address-map {advertised}=<reachable host:port>"
                    ),
                    None => format!("{e:#}"),
                }
            })
        };
        let listed = replicas(&reply, &seed_host);
        let mut nodes = Vec::new();
        let mut slots = HashMap::new();
        for (host, port, ranges) in primaries(reply, &seed_host)? {
            let ep = connect(&host, port, "main");
            for (a, b) in &ranges {
                for n in *a..=*b {
                    if let Some(slot) = Slot::new(n) {
                        slots.insert(slot, nodes.len());
                    }
                }
            }
            nodes.push(Node {
                addr: addr_text(&host, port),
                ranges,
                ep,
                replica: None,
            });
        }
        if !nodes.is_empty() && nodes.iter().all(|n| n.ep.is_err()) {
            let why: Vec<String> = nodes
                .iter()
                .map(|n| {
                    format!(
                        "node {} (slots {}): {}",
                        n.addr,
                        ranges_text(&n.ranges),
                        n.ep.as_ref().err().map_or("", String::as_str)
                    )
                })
                .collect();
            return Err(anyhow::Error::new(ConnectError(format!(
                "no primary of the Redis Cluster of {} could be reached: {}",
                seed.shown,
                why.join("; ")
            ))));
        }
        let mut notes = Vec::new();
        if opts.read_replicas {
            for node in nodes.iter_mut().filter(|n| n.ep.is_ok()) {
                let theirs = listed
                    .iter()
                    .find(|((h, p), _)| addr_text(h, *p) == node.addr)
                    .map_or(&[][..], |(_, r)| r.as_slice());
                let mut tried = Vec::new();
                for (host, port) in theirs {
                    match connect(host, *port, "read").and_then(|ep| readable(ep, opts.timeout)) {
                        Ok(ep) => {
                            node.replica = Some(ep);
                            break;
                        }
                        Err(why) => tried.push(why),
                    }
                }
                let slots = ranges_text(&node.ranges);
                notes.push(match (&node.replica, theirs.is_empty()) {
                    (Some(r), _) => format!(
                        "--read-from replica: slots {slots} (primary {}) are read from the replica {}",
                        node.addr, r.shown
                    ),
                    (None, true) => format!(
                        "--read-from replica: slots {slots} are read from their primary {}: the cluster lists no replica of it",
                        node.addr
                    ),
                    (None, false) => format!(
                        "--read-from replica: slots {slots} are read from their primary {}: no replica of it could be read from: {}",
                        node.addr,
                        tried.join("; ")
                    ),
                });
            }
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
            notes,
        }))
    }

    /// What `--verbose` says about how the cluster is read (`--read-from replica`: each shard's
    /// replica, or its primary and why).
    pub(super) fn notes(&self) -> &[String] {
        &self.notes
    }

    /// Where each reached shard's reads go (its replica with `--read-from replica`, else its
    /// primary), with the node numbers.
    pub(super) fn readers_mut(&mut self) -> Vec<(usize, &mut Endpoint)> {
        self.nodes
            .iter_mut()
            .enumerate()
            .filter_map(|(i, n)| {
                if n.ep.is_err() {
                    return None;
                }
                n.reader_mut().map(|ep| (i, ep))
            })
            .collect()
    }

    /// Every shard's reader ([`Cluster::readers_mut`]), or an error naming the primaries not
    /// reached.
    pub(super) fn all_readers_mut(&mut self) -> anyhow::Result<Vec<&mut Endpoint>> {
        self.complete(0, Vec::new())?;
        Ok(self.readers_mut().into_iter().map(|(_, ep)| ep).collect())
    }

    /// The indices of `keys` grouped by the shard that holds them, each group with its shard's
    /// reader ([`Cluster::readers_mut`]), in node order.
    ///
    /// # Errors
    /// A key whose node is not reached, or whose slot is served by no primary.
    pub(super) fn reader_groups(
        &mut self,
        keys: &[&[u8]],
    ) -> anyhow::Result<Vec<(&mut Endpoint, Vec<usize>)>> {
        let mut groups: Vec<Vec<usize>> = vec![Vec::new(); self.nodes.len()];
        for (i, k) in keys.iter().enumerate() {
            groups[self.node_of(k)?].push(i);
        }
        Ok(self
            .nodes
            .iter_mut()
            .zip(groups)
            .filter(|(_, g)| !g.is_empty())
            .filter_map(|(n, g)| n.reader_mut().map(|ep| (ep, g)))
            .collect())
    }

    /// Waits until each replica reads go to has applied what its primary had done when this was
    /// called ([`super::redis::caught_up`]); nothing to do when reads go to the primaries.
    ///
    /// # Errors
    /// As [`super::redis::caught_up`], for the first shard whose replica did not catch up.
    pub(super) fn catch_up(&mut self, timeout: std::time::Duration) -> anyhow::Result<()> {
        for node in &mut self.nodes {
            if let (Ok(primary), Some(replica)) = (&mut node.ep, &mut node.replica) {
                super::redis::caught_up(primary, replica, timeout, "the replica")?;
            }
        }
        Ok(())
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
            // The primaries, whatever --read-from says (the indexes are read where they are
            // written).
            Some(c) => {
                c.complete(0, Vec::new())?;
                c.nodes
                    .iter_mut()
                    .filter_map(|n| n.ep.as_mut().ok())
                    .collect()
            }
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
    fn replicas_are_read_after_their_primary() {
        let node = |h: &str, p: i64| {
            RV::Array(vec![
                RV::BulkString(h.as_bytes().to_vec()),
                RV::Int(p),
                RV::BulkString(b"id".to_vec()),
            ])
        };
        let reply = RV::Array(vec![
            RV::Array(vec![
                RV::Int(0),
                RV::Int(99),
                node("10.0.0.1", 7000),
                node("10.0.0.4", 7003),
                node("?", 7006),
            ]),
            RV::Array(vec![RV::Int(100), RV::Int(199), node("10.0.0.2", 7001)]),
            RV::Array(vec![
                RV::Int(200),
                RV::Int(16383),
                node("10.0.0.1", 7000),
                node("10.0.0.4", 7003),
            ]),
        ]);
        let r = replicas(&reply, "seed");
        assert_eq!(
            r,
            vec![
                (
                    ("10.0.0.1".to_owned(), 7000),
                    vec![("10.0.0.4".to_owned(), 7003), ("seed".to_owned(), 7006)]
                ),
                (("10.0.0.2".to_owned(), 7001), vec![]),
            ]
        );
    }

    #[test]
    fn address_mappings_are_host_port_pairs() {
        let m = AddressMapping::parse("10.0.0.5:6379=127.0.0.1:16379").unwrap();
        assert_eq!(m.from, ("10.0.0.5".to_owned(), 6379));
        assert_eq!(m.to, ("127.0.0.1".to_owned(), 16379));
        let m = AddressMapping::parse("[fd00::5]:7000=node-1.example:7000").unwrap();
        assert_eq!(m.from, ("fd00::5".to_owned(), 7000));
        assert_eq!(addr_text(&m.from.0, m.from.1), "[fd00::5]:7000");
        for bad in [
            "10.0.0.5:6379",
            "10.0.0.5=127.0.0.1:1",
            "10.0.0.5:x=127.0.0.1:1",
            "10.0.0.5:0=127.0.0.1:1",
            ":6379=127.0.0.1:1",
            "fd00::5:7000=127.0.0.1:1",
            "a b:1=c:2",
        ] {
            let e = AddressMapping::parse(bad).unwrap_err();
            assert!(e.contains("expected FROM=TO, each host:port"), "{bad}: {e}");
        }
    }

    #[test]
    fn info_fields_are_read() {
        let info = "# Cluster\r\ncluster_enabled:1\r\n";
        assert_eq!(field(info, "cluster_enabled"), Some("1"));
        assert_eq!(field(info, "cluster_state"), None);
    }
}
