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
//! Topology changes (a resharding, a failover) during a run:
//! - A request by key goes through the cluster itself ([`redis::ConnectionLike`]), which follows
//!   redirections: after `MOVED` the slot map is read again (`CLUSTER SLOTS`; a node new in it
//!   is connected to as the others were) and the command sent to the slot's new node; after
//!   `ASK`, `ASKING` and the command go to the migration's target on one connection; after
//!   `TRYAGAIN` (a script whose keys a migration has split) the command goes again after a
//!   pause. Only the redirected commands of a pipeline are sent again; a check-and-delete script
//!   is sent again whole, and checks again where it runs. The redirections are bounded: then
//!   the request fails naming the key, its slot and the last redirection.
//! - A scan reads the slot map and the slots being migrated (every primary's `CLUSTER NODES`)
//!   before and after. Each node hands over the keys of the slots it serves; a slot being
//!   migrated is scanned at its source, then at its target (keys only move from the one to the
//!   other, so what left the source before its scan saw it is at the target). A slot that moved
//!   meanwhile (or whose keys answered `MOVED`/`ASK`) is scanned again at its new node, in at
//!   most three rounds, each key handed over once: the keys handed over of such slots are
//!   remembered, theirs only, so memory stays flat. What could not be covered is reported by
//!   node and slot range ([`Unscanned`]): a slot that moved after some of its keys were handed
//!   over (a rescan would name them twice), slots still moving after the last round.
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
//! Not here yet: a connection to a node that is lost mid-run is not made again (its requests
//! fail as a lost connection).
//!
//! Must not import `cli`, `commands`, `report` or `output`.

use std::collections::{HashMap, HashSet};

use redis::ConnectionLike as _;
use redis::Value as RV;
use redis::cluster_routing::Slot;

use super::pace::Kind;
use super::redis::{ConnectOptions, Endpoint, RedisStore, Scan, Want, connect_error, redis_error};
use super::{Limits, RawRecord, RedisType};
use crate::exit::ConnectError;

/// The slots of a cluster.
const SLOTS: u16 = 16384;

/// The most primaries a slot map may name (Redis Cluster is designed for up to 1,000 nodes).
const MAX_PRIMARIES: usize = 1000;

/// The most replicas of one primary sessctl considers (`--read-from replica` reads one).
const MAX_REPLICAS: usize = 16;

/// The primaries of a cluster and the slot map.
pub(super) struct Cluster {
    nodes: Vec<Node>,
    /// Each served slot's node (an index into `nodes`).
    slots: HashMap<Slot, usize>,
    /// Slot ranges no primary serves.
    unserved: Vec<(u16, u16)>,
    /// What `--verbose` says about where reads go.
    notes: Vec<String>,
    /// How to connect to a node named later (a new owner after a resharding or a failover).
    dialer: Dialer,
    /// The node a request through the cluster's [`redis::ConnectionLike`] goes to first (set by
    /// [`RedisStore::connection_for`]); redirections take it elsewhere.
    pub(super) route: usize,
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
    let mut covered = 0usize;
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
        // A slot map that is not one (slots out of range, more than the 16,384, more primaries
        // than a cluster may have) is refused before anything is built from it.
        if start > end || end >= SLOTS {
            anyhow::bail!("CLUSTER SLOTS answered the slot range {start}-{end}, which is not one");
        }
        covered += usize::from(end - start) + 1;
        if covered > usize::from(SLOTS) {
            anyhow::bail!("CLUSTER SLOTS answered more than the 16,384 slots a cluster has");
        }
        let host = if host.is_empty() || host == "?" {
            seed_host.to_owned()
        } else {
            host
        };
        let full = out.len() >= MAX_PRIMARIES;
        match out.iter_mut().find(|(h, p, _)| *h == host && *p == port) {
            Some((_, _, ranges)) => ranges.push((start, end)),
            None if full => anyhow::bail!(
                "CLUSTER SLOTS answered more than {MAX_PRIMARIES} primaries, more than a Redis Cluster has"
            ),
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
    // More ranges than slots is no slot map ([`primaries`] says so): nothing is read from it.
    let RV::Array(items) = reply else {
        return out;
    };
    if items.len() > usize::from(SLOTS) {
        return out;
    }
    for item in items {
        let RV::Array(parts) = item else { continue };
        let Some(primary) = parts.get(2).and_then(addr) else {
            continue;
        };
        let listed: Vec<(String, u16)> = parts
            .iter()
            .skip(3)
            .take(MAX_REPLICAS)
            .filter_map(addr)
            .collect();
        let full = out.len() >= MAX_PRIMARIES;
        match out.iter_mut().find(|(p, _)| *p == primary) {
            Some((_, known)) => {
                for r in listed {
                    if known.len() < MAX_REPLICAS && !known.contains(&r) {
                        known.push(r);
                    }
                }
            }
            None if full => break,
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

/// The address a node's `CLUSTER NODES` answer gives it on its own line (`myself`), as
/// `(host, port)`: the address the cluster advertises for it.
fn own_address(nodes: &str) -> Option<(String, u16)> {
    let me = nodes.lines().find(|l| {
        l.split(' ')
            .nth(2)
            .is_some_and(|flags| flags.split(',').any(|f| f == "myself"))
    })?;
    let addr = me.split(' ').nth(1)?.split(['@', ',']).next()?;
    let (host, port) = split_addr(addr)?;
    Some((host.to_owned(), port))
}

/// When no primary of a cluster reached by TLS could be reached: if the cluster advertises the
/// seed node at another port than the one its TLS answered on (and no `--cluster-address-map`
/// says where that address is reached), the likely reason, in words: a cluster whose nodes do
/// not use TLS among themselves (`tls-cluster no`) advertises its plain ports, to TLS clients
/// too. `None` when that is not so, or cannot be told (`CLUSTER NODES` refused).
fn plain_ports_hint(
    seed: &mut Endpoint,
    seed_info: &redis::ConnectionInfo,
    opts: &ConnectOptions,
) -> Option<String> {
    let redis::ConnectionAddr::TcpTls { host, port, .. } = seed_info.addr() else {
        return None;
    };
    let text: String = redis::cmd("CLUSTER")
        .arg("NODES")
        .query(&mut seed.conn)
        .ok()?;
    let (adv_host, adv_port) = own_address(&text)?;
    let adv_host = if adv_host.is_empty() || adv_host == "?" {
        host.clone()
    } else {
        adv_host
    };
    let mapped = opts
        .address_map
        .iter()
        .any(|m| m.from.0.eq_ignore_ascii_case(&adv_host) && m.from.1 == adv_port);
    if adv_port == *port || mapped {
        return None;
    }
    let advertised = addr_text(&adv_host, adv_port);
    let here = addr_text(host, *port);
    Some(format!(
        "the seed node answers TLS at {here} but the cluster advertises it as {advertised}: a cluster whose nodes do not use TLS among themselves (tls-cluster no) advertises its plain ports, to TLS clients too; map each node's advertised address to its TLS port (--cluster-address-map {advertised}={here}, and so for every node), or run the cluster with tls-cluster yes"
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
        let seed_host = match seed_info.addr() {
            redis::ConnectionAddr::Tcp(h, _) | redis::ConnectionAddr::TcpTls { host: h, .. } => {
                h.clone()
            }
            _ => "127.0.0.1".to_owned(),
        };
        let dialer = Dialer {
            info: seed_info,
            url: url.to_owned(),
            seed_host: seed_host.clone(),
            opts: opts.clone(),
        };
        let connect = |host: &str, port: u16, role: &str| dialer.connect(host, port, role);
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
            let hint = plain_ports_hint(seed, &dialer.info, opts)
                .map(|h| format!("; {h}"))
                .unwrap_or_default();
            return Err(anyhow::Error::new(ConnectError(format!(
                "no primary of the Redis Cluster of {} could be reached: {}{hint}",
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
        let unserved = unserved(&slots);
        Ok(Some(Cluster {
            nodes,
            slots,
            unserved,
            notes,
            dialer,
            route: 0,
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
                // A node that serves no slot (a former primary, a replica since a failover)
                // holds nothing of its own: read, it would list its new primary's keys twice.
                if n.ep.is_err() || n.ranges.is_empty() {
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
            // A node that serves no slot now (one that lost its slots to a resharding).
            if node.ranges.is_empty() {
                continue;
            }
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

    /// Sends the next request through the cluster ([`redis::ConnectionLike`]) to the node of
    /// `key`'s slot; when that node cannot be reached (a failover since), the slot map is read
    /// again first.
    fn route_to(&mut self, key: &[u8]) -> anyhow::Result<()> {
        let i = match self.node_of(key) {
            Ok(i) => i,
            Err(e) => {
                if self.refresh().is_err() {
                    return Err(e);
                }
                self.node_of(key)?
            }
        };
        self.route = i;
        Ok(())
    }

    /// `keys` grouped by the node that serves them (node numbers, in node order).
    ///
    /// # Errors
    /// A key whose node is not reached, or whose slot is served by no primary.
    pub(super) fn group_by_node(
        &mut self,
        keys: &[Vec<u8>],
    ) -> anyhow::Result<Vec<(usize, Vec<Vec<u8>>)>> {
        let mut groups: Vec<Vec<Vec<u8>>> = vec![Vec::new(); self.nodes.len()];
        for k in keys {
            let i = match self.node_of(k) {
                Ok(i) => i,
                Err(e) => {
                    if self.refresh().is_err() {
                        return Err(e);
                    }
                    groups.resize(self.nodes.len(), Vec::new());
                    self.node_of(k)?
                }
            };
            groups[i].push(k.clone());
        }
        Ok(groups
            .into_iter()
            .enumerate()
            .filter(|(_, g)| !g.is_empty())
            .collect())
    }
}

/// Slot ranges of the 16,384 that no node of `slots` serves.
fn unserved(slots: &HashMap<Slot, usize>) -> Vec<(u16, u16)> {
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
    unserved
}

/// Redirections (`MOVED`, `ASK`) one command follows before it fails.
const REDIRECTS: u32 = 5;

/// Times a command answered `TRYAGAIN` (a script whose keys a migration has split between two
/// nodes) is sent again, after a pause that doubles each time (20 ms to 640 ms, 1.3 s in all).
const TRYAGAINS: u32 = 6;

/// `ASKING`, packed: sent before a command that follows an `ASK` redirection, on the same
/// connection.
const ASKING: &[u8] = b"*1\r\n$6\r\nASKING\r\n";

/// CRC16 (XMODEM: polynomial 0x1021, no reflection, initial value 0) of each byte value, for
/// [`slot_of`]: a scan computes the slot of every key it hands over.
const CRC16: [u16; 256] = {
    let mut table = [0u16; 256];
    let mut b = 0;
    while b < 256 {
        let mut crc = (b as u16) << 8;
        let mut i = 0;
        while i < 8 {
            crc = if crc & 0x8000 == 0 {
                crc << 1
            } else {
                (crc << 1) ^ 0x1021
            };
            i += 1;
        }
        table[b] = crc;
        b += 1;
    }
    table
};

/// The hash slot of `key`, as a number: CRC16 (XMODEM) of the key, or of its hash tag (the text
/// between the first `{` and the next `}`, when not empty), modulo 16,384.
pub(super) fn slot_of(key: &[u8]) -> u16 {
    let tag = key.iter().position(|&b| b == b'{').and_then(|open| {
        let len = key[open + 1..].iter().position(|&b| b == b'}')?;
        (len > 0).then(|| &key[open + 1..open + 1 + len])
    });
    let mut crc: u16 = 0;
    for &b in tag.unwrap_or(key) {
        crc = (crc << 8) ^ CRC16[usize::from((crc >> 8) as u8 ^ b)];
    }
    crc % SLOTS
}

/// A redirection a node answered instead of running a command.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Redirect {
    /// `MOVED slot host:port`: the slot is served elsewhere now.
    Moved(u16, String),
    /// `ASK slot host:port`: the slot is being migrated and the key is at the target already.
    Ask(u16, String),
    /// `TRYAGAIN`: the keys of a multi-key command are split between the two nodes of a
    /// migration.
    TryAgain,
}

impl std::fmt::Display for Redirect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Redirect::Moved(slot, addr) => write!(f, "MOVED {slot} {addr}"),
            Redirect::Ask(slot, addr) => write!(f, "ASK {slot} {addr}"),
            Redirect::TryAgain => f.write_str("TRYAGAIN"),
        }
    }
}

/// The redirection `reply` is, if it is one.
fn redirect(reply: &RV) -> Option<Redirect> {
    let RV::ServerError(e) = reply else {
        return None;
    };
    let target = || {
        let mut it = e.details()?.split_ascii_whitespace();
        let slot = it.next()?.parse::<u16>().ok()?;
        Some((slot, it.next()?.to_owned()))
    };
    match e.code() {
        "MOVED" => target().map(|(s, a)| Redirect::Moved(s, a)),
        "ASK" => target().map(|(s, a)| Redirect::Ask(s, a)),
        "TRYAGAIN" => Some(Redirect::TryAgain),
        _ => None,
    }
}

/// True when `e`, a node's answer to one command of a scan's pipeline, says that the key's slot
/// is served elsewhere now or is being migrated (`MOVED`, `ASK`, `TRYAGAIN`).
pub(super) fn is_redirect(e: &redis::ServerError) -> bool {
    matches!(e.code(), "MOVED" | "ASK" | "TRYAGAIN")
}

/// The error a request fails with when the cluster kept redirecting it: worded like a server's
/// answer (`REDIRECTED <why>`), so that it reads as one in the request's error line.
fn unsettled_error(why: &str) -> redis::RedisError {
    let line = format!("-REDIRECTED {}\r\n", why.replace(['\r', '\n'], " "));
    match redis::parse_redis_value(line.as_bytes()) {
        Ok(RV::ServerError(e)) => e.into(),
        _ => redis::RedisError::from((
            redis::ErrorKind::Client,
            "the Redis Cluster kept redirecting a request",
            why.to_owned(),
        )),
    }
}

/// One command of a packed request: its bytes and its arguments.
type Packed<'a> = (&'a [u8], Vec<&'a [u8]>);

/// The commands of a packed request (arrays of bulk strings, as redis-rs writes them), or `None`
/// if `bytes` is not that.
fn split_packed(bytes: &[u8]) -> Option<Vec<Packed<'_>>> {
    fn header(bytes: &[u8], at: &mut usize, prefix: u8) -> Option<usize> {
        if *bytes.get(*at)? != prefix {
            return None;
        }
        let end = *at + bytes[*at..].windows(2).position(|w| w == b"\r\n")?;
        let n = std::str::from_utf8(&bytes[*at + 1..end])
            .ok()?
            .parse()
            .ok()?;
        *at = end + 2;
        Some(n)
    }
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let start = at;
        let n = header(bytes, &mut at, b'*')?;
        let mut args = Vec::with_capacity(n.min(64));
        for _ in 0..n {
            let len = header(bytes, &mut at, b'$')?;
            args.push(bytes.get(at..at + len)?);
            if bytes.get(at + len..at + len + 2)? != b"\r\n" {
                return None;
            }
            at += len + 2;
        }
        out.push((&bytes[start..at], args));
    }
    Some(out)
}

/// The key a packed command names first (a script's first key), for messages.
fn first_key(args: &[&[u8]]) -> Option<Vec<u8>> {
    let name = args.first()?.to_ascii_uppercase();
    let at = if name == b"EVAL" || name == b"EVALSHA" {
        (args.get(2).is_some_and(|n| *n != b"0")).then_some(3)?
    } else {
        1
    };
    args.get(at).map(|k| k.to_vec())
}

/// `host:port` (`[v6]:port` too) as host and port.
fn split_addr(addr: &str) -> Option<(&str, u16)> {
    let (host, port) = addr.rsplit_once(':')?;
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    Some((host, port.parse().ok()?))
}

/// How sessctl connects to a node of the cluster it did not know at first: the seed's URL
/// settings (user, password, TLS) with the node's address, and the same options.
struct Dialer {
    info: redis::ConnectionInfo,
    url: String,
    seed_host: String,
    opts: ConnectOptions,
}

impl Dialer {
    /// A connection (`role`: `main`, `read`, …) to the node the cluster advertises at
    /// `host:port`, or where `--cluster-address-map` says that address is reached from here; or
    /// why there is none, naming the advertised address (and the mapping that would reach it).
    fn connect(&self, host: &str, port: u16, role: &str) -> Result<Endpoint, String> {
        let opts = &self.opts;
        let tls = match self.info.addr() {
            redis::ConnectionAddr::TcpTls {
                insecure,
                tls_params,
                ..
            } => Some((*insecure, tls_params.clone())),
            _ => None,
        };
        let scheme = if tls.is_some() { "rediss" } else { "redis" };
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
        let info = self.info.clone().set_addr(addr);
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
        Endpoint::connect_info(info, &self.url, shown, node_opts, role).map_err(|e| {
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
    }

    /// A connection to the primary the cluster advertises at `host:port` (a new owner after a
    /// resharding or a failover), or why there is none.
    fn dial(&self, host: &str, port: u16) -> Node {
        Node {
            addr: addr_text(host, port),
            ranges: Vec::new(),
            ep: self.connect(host, port, "main"),
            replica: None,
        }
    }
}

/// The cluster's slots at one moment, as a scan compares them before and after: each slot's
/// primary (an index into the nodes) and, for a slot being migrated, its source and target
/// (`CLUSTER NODES`: `[slot->-id]` on the source, `[slot-<-id]` on the target).
pub(super) struct Topology {
    /// Each slot's node, `None` when no primary serves it.
    pub(super) owner: Vec<Option<usize>>,
    /// Each slot being migrated: (source, target).
    pub(super) moving: Vec<Option<(usize, usize)>>,
}

/// A migration a node's own `CLUSTER NODES` line (`myself`) shows: the slot, whether the node
/// is its source (`->`, else its target, `-<`), and the other node's address (`host:port`).
type Migration = (u16, bool, String);

/// The migrations a node's `CLUSTER NODES` answer shows on its own line (a node shows only its
/// own), with the other node's address read from its line.
fn migrations(nodes: &str) -> Vec<Migration> {
    let fields = |l: &str| l.split(' ').map(str::to_owned).collect::<Vec<_>>();
    let lines: Vec<Vec<String>> = nodes.lines().map(fields).collect();
    let addr_of = |id: &str| {
        let line = lines.iter().find(|f| f.first().is_some_and(|i| i == id))?;
        let addr = line.get(1)?;
        Some(addr.split(['@', ',']).next()?.to_owned())
    };
    let Some(me) = lines
        .iter()
        .find(|f| f.get(2).is_some_and(|flags| flags.contains("myself")))
    else {
        return Vec::new();
    };
    me.iter()
        .skip(8)
        .filter_map(|s| {
            let s = s.strip_prefix('[')?.strip_suffix(']')?;
            let (slot, source, other) = if let Some((slot, id)) = s.split_once("->-") {
                (slot, true, id)
            } else {
                let (slot, id) = s.split_once("-<-")?;
                (slot, false, id)
            };
            Some((slot.parse().ok()?, source, addr_of(other)?))
        })
        .collect()
}

impl Cluster {
    /// The endpoint of node `i`, or the error a request to it fails with.
    fn node_conn(&mut self, i: usize) -> redis::RedisResult<&mut redis::Connection> {
        let node = self.nodes.get_mut(i).ok_or_else(|| {
            redis::RedisError::from((
                redis::ErrorKind::Client,
                "no such node",
                format!("node {i}"),
            ))
        })?;
        match &mut node.ep {
            Ok(ep) => Ok(&mut ep.conn),
            Err(why) => Err(redis::RedisError::from((
                redis::ErrorKind::Io,
                "a Redis Cluster node could not be reached",
                format!("{}: {why}", node.addr),
            ))),
        }
    }

    /// The node at `host:port` (as `MOVED`, `ASK` or `CLUSTER SLOTS` name it), connected to now
    /// if it is new.
    fn node_at(&mut self, host: &str, port: u16) -> usize {
        let host = if host.is_empty() || host == "?" {
            self.dialer.seed_host.clone()
        } else {
            host.to_owned()
        };
        let known = self.nodes.iter().position(|n| {
            split_addr(&n.addr).is_some_and(|(h, p)| h.eq_ignore_ascii_case(&host) && p == port)
        });
        known.unwrap_or_else(|| {
            // Redirections name nodes the server chose: past twice the most primaries a cluster
            // has, a new one is not connected to (each connection could cost a --timeout).
            let node = if self.nodes.len() >= 2 * MAX_PRIMARIES {
                Node {
                    addr: addr_text(&host, port),
                    ranges: Vec::new(),
                    ep: Err(format!(
                        "not connected: the cluster named more than {} nodes",
                        2 * MAX_PRIMARIES
                    )),
                    replica: None,
                }
            } else {
                self.dialer.dial(&host, port)
            };
            self.nodes.push(node);
            self.nodes.len() - 1
        })
    }

    /// Reads the slot map again (`CLUSTER SLOTS`, from the first node that answers) and
    /// connects to the primaries that are new in it.
    ///
    /// # Errors
    /// No node answered (the last one's failure).
    pub(super) fn refresh(&mut self) -> anyhow::Result<()> {
        let timeout = self.dialer.opts.timeout;
        let mut failed = None;
        let mut reply = None;
        for node in &mut self.nodes {
            let Ok(ep) = &mut node.ep else { continue };
            match redis::cmd("CLUSTER").arg("SLOTS").query::<RV>(&mut ep.conn) {
                Ok(r) => {
                    reply = Some(r);
                    break;
                }
                Err(e) => failed = Some(redis_error(&ep.shown, timeout, "CLUSTER SLOTS", &e)),
            }
        }
        let Some(reply) = reply else {
            return Err(failed.unwrap_or_else(|| {
                anyhow::anyhow!(
                    "no node of the Redis Cluster could be reached to read its slot map"
                )
            }));
        };
        let primaries = primaries(reply, &self.dialer.seed_host)?;
        for node in &mut self.nodes {
            node.ranges.clear();
        }
        self.slots.clear();
        for (host, port, ranges) in primaries {
            let i = self.node_at(&host, port);
            for (a, b) in &ranges {
                for n in *a..=*b {
                    if let Some(slot) = Slot::new(n) {
                        self.slots.insert(slot, i);
                    }
                }
            }
            self.nodes[i].ranges = ranges;
        }
        self.unserved = unserved(&self.slots);
        Ok(())
    }

    /// The slot map as it is now ([`Cluster::refresh`]), with the slots being migrated, as every
    /// reachable primary's `CLUSTER NODES` says (a node shows only its own migrations).
    ///
    /// # Errors
    /// The slot map could not be read; a primary refused `CLUSTER NODES`.
    pub(super) fn topology(&mut self) -> anyhow::Result<Topology> {
        self.refresh()?;
        let timeout = self.dialer.opts.timeout;
        let mut owner = vec![None; usize::from(SLOTS)];
        for (i, node) in self.nodes.iter().enumerate() {
            for (a, b) in &node.ranges {
                for n in *a..=*b {
                    if let Some(o) = owner.get_mut(usize::from(n)) {
                        *o = Some(i);
                    }
                }
            }
        }
        let mut moving = vec![None; usize::from(SLOTS)];
        for i in 0..self.nodes.len() {
            if self.nodes[i].ranges.is_empty() {
                continue;
            }
            let Ok(ep) = &mut self.nodes[i].ep else {
                continue;
            };
            let text: String = redis::cmd("CLUSTER")
                .arg("NODES")
                .query(&mut ep.conn)
                .map_err(|e| {
                    redis_error(&ep.shown, timeout, "CLUSTER NODES", &e)
                        .context("telling whether slots are being migrated")
                })?;
            for (slot, source, other) in migrations(&text) {
                let Some((host, port)) = split_addr(&other) else {
                    continue;
                };
                let other = self.node_at(host, port);
                if let Some(m) = moving.get_mut(usize::from(slot)) {
                    *m = Some(if source { (i, other) } else { (other, i) });
                }
            }
        }
        Ok(Topology { owner, moving })
    }

    /// The address of node `i`, as the cluster advertises it.
    pub(super) fn addr(&self, i: usize) -> &str {
        self.nodes.get(i).map_or("?", |n| n.addr.as_str())
    }

    /// Node `i`'s endpoint, when it was reached.
    pub(super) fn endpoint_of(&mut self, i: usize) -> Option<&mut Endpoint> {
        self.nodes.get_mut(i).and_then(|n| n.ep.as_mut().ok())
    }

    /// The replica node `i`'s reads go to (`--read-from replica`), if it has one.
    pub(super) fn replica_of(&mut self, i: usize) -> Option<&mut Endpoint> {
        self.nodes.get_mut(i).and_then(|n| n.replica.as_mut())
    }

    /// Why node `i` was not reached, when it was not.
    pub(super) fn unreached(&self, i: usize) -> Option<&str> {
        self.nodes
            .get(i)
            .and_then(|n| n.ep.as_ref().err())
            .map(String::as_str)
    }

    /// Sends `packed` (`count` commands, pipelined) to node [`Cluster::route`] and follows the
    /// redirections of those answered `MOVED`, `ASK` or `TRYAGAIN`: after a `MOVED`, the slot
    /// map is read again (once per request) and the command sent to its new node; after an
    /// `ASK`, `ASKING` and the command go to the migration's target on one connection (the map
    /// is left as it is); after a `TRYAGAIN`, the command goes to the same node again after a
    /// pause. Only the redirected commands are sent again; a script goes again whole, and checks
    /// again where it runs.
    ///
    /// # Errors
    /// A node could not be reached or failed; a command still redirected after [`REDIRECTS`]
    /// redirections: an error naming its key, slot and last redirection. (A command still
    /// answered `TRYAGAIN` after [`TRYAGAINS`] tries has that answer: it did not run.)
    fn routed(&mut self, packed: &[u8], count: usize) -> redis::RedisResult<Vec<RV>> {
        let first = self.route;
        let mut replies = self
            .node_conn(first)?
            .req_packed_commands(packed, 0, count)?;
        if !replies.iter().any(|r| redirect(r).is_some()) {
            return Ok(replies);
        }
        let Some(cmds) = split_packed(packed).filter(|c| c.len() == replies.len()) else {
            return Ok(replies);
        };
        // Where each command went last: (node, after ASKING).
        let mut sent = vec![(first, false); replies.len()];
        let mut redirects = vec![0u32; replies.len()];
        let mut tries = vec![0u32; replies.len()];
        let mut refreshed = false;
        // Commands whose redirection is their answer.
        let mut answered = vec![false; replies.len()];
        loop {
            let pending: Vec<(usize, Redirect)> = replies
                .iter()
                .enumerate()
                .filter(|(i, _)| !answered[*i])
                .filter_map(|(i, r)| redirect(r).map(|d| (i, d)))
                .collect();
            if pending.is_empty() {
                return Ok(replies);
            }
            let mut pause = 0;
            for (i, d) in &pending {
                let i = *i;
                let unsettled = |what: String| {
                    let key = first_key(&cmds[i].1)
                        .map_or_else(|| "?".to_owned(), |k| super::escape_key(&k));
                    let slot = first_key(&cmds[i].1).map_or(0, |k| slot_of(&k));
                    unsettled_error(&format!("the key {key} (slot {slot}) {what} (last: {d})"))
                };
                match d {
                    Redirect::Moved(_, addr) | Redirect::Ask(_, addr) => {
                        redirects[i] += 1;
                        if redirects[i] > REDIRECTS {
                            return Err(unsettled(format!(
                                "was still redirected after {REDIRECTS} redirections"
                            )));
                        }
                        let Some((host, port)) = split_addr(addr) else {
                            return Err(unsettled(
                                "was redirected to an address that cannot be read".to_owned(),
                            ));
                        };
                        let asking = matches!(d, Redirect::Ask(..));
                        if !asking && !refreshed {
                            // The map is read again; a failure leaves it as it was, and the
                            // redirection is still followed.
                            let _ = self.refresh();
                            refreshed = true;
                        }
                        sent[i] = (self.node_at(host, port), asking);
                    }
                    // Still split after the last try: the TRYAGAIN is the answer (nothing ran).
                    Redirect::TryAgain if tries[i] >= TRYAGAINS => answered[i] = true,
                    Redirect::TryAgain => {
                        tries[i] += 1;
                        pause = pause.max(tries[i]);
                    }
                }
            }
            if pause > 0 {
                std::thread::sleep(std::time::Duration::from_millis(10 << pause));
            }
            let mut groups: Vec<((usize, bool), Vec<usize>)> = Vec::new();
            for (i, _) in pending.iter().filter(|(i, _)| !answered[*i]) {
                match groups.iter_mut().find(|(to, _)| *to == sent[*i]) {
                    Some((_, g)) => g.push(*i),
                    None => groups.push((sent[*i], vec![*i])),
                }
            }
            for ((node, asking), group) in groups {
                let mut bytes = Vec::new();
                for &i in &group {
                    if asking {
                        bytes.extend_from_slice(ASKING);
                    }
                    bytes.extend_from_slice(cmds[i].0);
                }
                let per = if asking { 2 } else { 1 };
                let got =
                    self.node_conn(node)?
                        .req_packed_commands(&bytes, 0, group.len() * per)?;
                // `ASKING` refused (an ACL user without +asking): that is the answer.
                if let Some(RV::ServerError(e)) = got
                    .iter()
                    .step_by(per)
                    .find(|r| asking && matches!(r, RV::ServerError(_)))
                {
                    return Err(e.clone().into());
                }
                for (&i, reply) in group.iter().zip(got.into_iter().skip(per - 1).step_by(per)) {
                    replies[i] = reply;
                }
            }
        }
    }
}

/// Requests through the cluster go to node [`Cluster::route`] first and follow redirections
/// ([`Cluster::routed`]).
impl redis::ConnectionLike for Cluster {
    fn req_packed_command(&mut self, cmd: &[u8]) -> redis::RedisResult<RV> {
        self.routed(cmd, 1)?.pop().ok_or_else(|| {
            redis::RedisError::from((
                redis::ErrorKind::Parse,
                "no answer",
                "the Redis Cluster node answered nothing".to_owned(),
            ))
        })
    }

    fn req_packed_commands(
        &mut self,
        cmd: &[u8],
        offset: usize,
        count: usize,
    ) -> redis::RedisResult<Vec<RV>> {
        if offset != 0 {
            // A transaction: sent as it is.
            return self
                .node_conn(self.route)?
                .req_packed_commands(cmd, offset, count);
        }
        self.routed(cmd, count)
    }

    fn get_db(&self) -> i64 {
        0
    }

    fn check_connection(&mut self) -> bool {
        self.node_conn(self.route)
            .is_ok_and(|c| c.check_connection())
    }

    fn is_open(&self) -> bool {
        self.nodes
            .get(self.route)
            .and_then(|n| n.ep.as_ref().ok())
            .is_some_and(|ep| ep.conn.is_open())
    }
}

/// Rounds of a cluster scan: the first over every primary, then at most two more over the new
/// nodes of slots that moved meanwhile.
const ROUNDS: u32 = 3;

/// Slot numbers, ascending, as ranges.
fn ranges_of(slots: impl IntoIterator<Item = u16>) -> Vec<(u16, u16)> {
    let mut out: Vec<(u16, u16)> = Vec::new();
    for s in slots {
        match out.last_mut() {
            Some((_, end)) if end.checked_add(1) == Some(s) => *end = s,
            _ => out.push((s, s)),
        }
    }
    out
}

impl RedisStore {
    /// [`RedisStore::scan`] on a Redis Cluster: every primary in parallel, each handing over the
    /// keys of the slots it serves; the slot map and the slots being migrated are read before
    /// and after. A slot that moved or was being migrated meanwhile (or whose keys answered
    /// `MOVED`/`ASK`) is scanned again at its new node, in at most [`ROUNDS`] rounds, each
    /// key handed over once: the keys handed over of such slots are remembered (only theirs,
    /// so memory stays flat). A moved slot some of whose keys were handed over before anyone
    /// knew it would move cannot be scanned again without naming them twice: it is reported, as
    /// are slots still moving after the last round, nodes that failed, and slots no primary
    /// serves ([`Unscanned`], after everything else was handed over).
    pub(super) fn scan_cluster(
        &mut self,
        pattern: &[u8],
        rtype: RedisType,
        count: usize,
        limits: &Limits,
        want: Want<'_>,
        on_batch: &mut dyn FnMut(Vec<RawRecord>, u64) -> anyhow::Result<bool>,
    ) -> anyhow::Result<u64> {
        let RedisStore {
            cluster,
            pacer,
            timeout,
            ..
        } = self;
        let Some(c) = cluster else {
            anyhow::bail!("not a Redis Cluster");
        };
        let scan = Scan {
            pattern,
            rtype,
            count: pacer.pace().scan_count(count),
            limits,
            want,
            timeout: *timeout,
            pacer,
        };
        let all = usize::from(SLOTS);
        let mut before = c.topology()?;
        // Slots whose keys handed over are remembered, so that a rescan skips them.
        let mut watched: Vec<bool> = before.moving.iter().map(Option::is_some).collect();
        let mut seen: HashSet<Vec<u8>> = HashSet::new();
        // Slots some of whose keys were handed over.
        let mut delivered = vec![false; all];
        // This round's plan: each slot's node, and for a slot being migrated from it, the
        // target, scanned after it (`None`: the slot is not scanned in this round).
        let plan_of = |t: &Topology, s: usize| {
            t.owner[s].map(|o| (o, t.moving[s].filter(|(from, _)| *from == o).map(|m| m.1)))
        };
        let mut plan: Vec<Option<(usize, Option<usize>)>> =
            (0..all).map(|s| plan_of(&before, s)).collect();
        // Slots not covered, by node and why.
        let mut parts: Vec<Uncovered> = Vec::new();
        let mut uncovered = |node: Option<&str>, slots: Vec<u16>, why: String| {
            if !slots.is_empty() {
                parts.push(Uncovered {
                    node: node.map(str::to_owned),
                    slots: ranges_text(&ranges_of(slots)),
                    why,
                });
            }
        };
        let slots_of = |wanted: &[Option<usize>], node: usize| -> Vec<u16> {
            (0..SLOTS)
                .filter(|&s| wanted[usize::from(s)] == Some(node))
                .collect()
        };
        uncovered(
            None,
            (0..SLOTS)
                .filter(|&s| before.owner[usize::from(s)].is_none())
                .collect(),
            "served by no primary".to_owned(),
        );
        let mut total = 0u64;
        'rounds: for round in 1..=ROUNDS {
            let moved = std::sync::Mutex::new(Vec::new());
            // Every slot's node in parallel, then the targets of the slots being migrated
            // (keys only ever move from the source to the target: what left the source
            // before its scan saw it is at the target when the target is scanned).
            for step in 0..2 {
                let mut wanted: Vec<Option<usize>> = plan
                    .iter()
                    .map(|p| match (step, p) {
                        (0, Some((n, _))) | (1, Some((_, Some(n)))) => Some(*n),
                        _ => None,
                    })
                    .collect();
                let mut nodes: Vec<usize> = wanted.iter().flatten().copied().collect();
                nodes.sort_unstable();
                nodes.dedup();
                let addrs: Vec<String> = (0..c.nodes.len()).map(|n| c.addr(n).to_owned()).collect();
                let mut drop_node = |n: usize, why: String, wanted: &mut [Option<usize>]| {
                    uncovered(Some(&addrs[n]), slots_of(wanted, n), why);
                    for (s, w) in wanted.iter_mut().enumerate() {
                        if *w == Some(n) {
                            *w = None;
                            plan[s] = None;
                        }
                    }
                };
                for &n in &nodes {
                    if let Some(why) = c.unreached(n) {
                        drop_node(n, why.to_owned(), &mut wanted);
                    }
                }
                if wanted.iter().all(Option::is_none) {
                    continue;
                }
                // Each shard's reader: its replica with --read-from replica, else the primary.
                let eps: Vec<(usize, &mut Endpoint)> = c
                    .readers_mut()
                    .into_iter()
                    .filter(|(i, _)| nodes.contains(i))
                    .collect();
                let done = scan.nodes(
                    eps,
                    true,
                    step == 1,
                    &moved,
                    total,
                    &mut |node, records, n| {
                        let records: Vec<RawRecord> = records
                            .into_iter()
                            .filter(|r| {
                                let s = usize::from(slot_of(&r.key));
                                // A key of a slot the node does not serve now (a migration's
                                // target holds the keys moved so far) is its own node's.
                                if wanted[s] != Some(node) {
                                    return false;
                                }
                                if watched[s] && !seen.insert(r.key.clone()) {
                                    return false;
                                }
                                delivered[s] = true;
                                true
                            })
                            .collect();
                        on_batch(records, n)
                    },
                )?;
                total += done.total;
                for (n, e) in done.failures {
                    drop_node(n, format!("{e:#}"), &mut wanted);
                }
                if done.stopped {
                    break 'rounds;
                }
            }
            let after = match c.topology() {
                Ok(t) => t,
                Err(e) => {
                    let why = format!(
                        "the slot map could not be read again after the scan, to tell whether slots moved meanwhile: {e:#}"
                    );
                    let firsts: Vec<Option<usize>> = plan.iter().map(|p| p.map(|p| p.0)).collect();
                    let mut nodes: Vec<usize> = firsts.iter().flatten().copied().collect();
                    nodes.sort_unstable();
                    nodes.dedup();
                    for n in nodes {
                        uncovered(Some(c.addr(n)), slots_of(&firsts, n), why.clone());
                    }
                    break;
                }
            };
            let mut moved_slots = vec![false; all];
            for s in moved.into_inner().unwrap_or_default() {
                if let Some(m) = moved_slots.get_mut(usize::from(s)) {
                    *m = true;
                }
            }
            let mut again: Vec<Option<(usize, Option<usize>)>> = vec![None; all];
            // Slots not settled, by the node they were scanned on: moved after some of their
            // keys were listed, still moving after the last round, or served by no primary now.
            let mut listed: Vec<(usize, u16)> = Vec::new();
            let mut moving: Vec<(usize, u16)> = Vec::new();
            let mut orphaned: Vec<u16> = Vec::new();
            for s in 0..SLOTS {
                let i = usize::from(s);
                let Some((from, target)) = plan[i] else {
                    continue;
                };
                let settled = match target {
                    // Scanned at its node alone: nothing moved meanwhile.
                    None => {
                        before.moving[i].is_none()
                            && after.moving[i].is_none()
                            && before.owner[i] == after.owner[i]
                            && !moved_slots[i]
                    }
                    // Scanned at the source, then at the target: the same migration still
                    // under way, or finished.
                    Some(t) => {
                        (before.owner[i] == after.owner[i] && before.moving[i] == after.moving[i])
                            || (after.moving[i].is_none() && after.owner[i] == Some(t))
                    }
                };
                if settled {
                    continue;
                }
                if delivered[i] && !watched[i] {
                    listed.push((from, s));
                    continue;
                }
                match plan_of(&after, i) {
                    None => orphaned.push(s),
                    Some(_) if round == ROUNDS => moving.push((from, s)),
                    Some(p) => {
                        again[i] = Some(p);
                        watched[i] = true;
                    }
                }
            }
            for (list, why) in [
                (
                    listed,
                    "moved to another node during the scan, after some of their keys were listed: what they hold now was not scanned".to_owned(),
                ),
                (
                    moving,
                    format!("still moving between nodes after {ROUNDS} scans"),
                ),
            ] {
                let mut from: Vec<usize> = list.iter().map(|(n, _)| *n).collect();
                from.sort_unstable();
                from.dedup();
                for n in from {
                    let slots = list.iter().filter(|(m, _)| *m == n).map(|(_, s)| *s);
                    uncovered(Some(c.addr(n)), slots.collect(), why.clone());
                }
            }
            uncovered(
                None,
                orphaned,
                "served by no primary after they moved during the scan".to_owned(),
            );
            if again.iter().all(Option::is_none) {
                break;
            }
            plan = again;
            before = after;
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
}

impl RedisStore {
    /// True when the store is a Redis Cluster.
    pub fn is_cluster(&self) -> bool {
        self.cluster.is_some()
    }

    /// The connection to the node that serves `key` (the main connection on one server), for
    /// commands built elsewhere in the store layer that name `key` (and only keys of its slot).
    /// On a cluster, a request through it follows `MOVED`/`ASK` redirections (a resharding or
    /// a failover meanwhile), as `Cluster::routed` says.
    ///
    /// # Errors
    /// On a cluster, the key's node could not be reached or its slot is served by no primary.
    pub fn connection_for(&mut self, key: &[u8]) -> anyhow::Result<&mut dyn redis::ConnectionLike> {
        match &mut self.cluster {
            Some(c) => {
                c.route_to(key)?;
                Ok(c)
            }
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

    /// Runs `request` on the connection of `key`'s node (following redirections, as
    /// [`RedisStore::connection_for`]) as one paced request of `kind` naming
    /// `keys` keys (see [`super::pace::Pacer::run`]).
    ///
    /// # Errors
    /// On a cluster, the key's node could not be reached (the request is not sent).
    pub fn paced_for<T>(
        &mut self,
        key: &[u8],
        kind: Kind,
        keys: usize,
        request: impl FnOnce(&mut dyn redis::ConnectionLike) -> T,
    ) -> anyhow::Result<T> {
        let conn: &mut dyn redis::ConnectionLike = match &mut self.cluster {
            Some(c) => {
                c.route_to(key)?;
                c
            }
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
            let (conn, shown): (&mut dyn redis::ConnectionLike, String) =
                match (node, &mut self.cluster) {
                    (Some(n), Some(c)) => {
                        if let Some(why) = c.unreached(n) {
                            return Err(why.to_owned());
                        }
                        c.route = n;
                        let shown = c.endpoint_of(n).map(|ep| ep.shown.clone());
                        (c, shown.unwrap_or_default())
                    }
                    _ => (&mut self.main.conn, self.main.shown.clone()),
                };
            let mut p = redis::pipe();
            for &i in &idx {
                p.cmd("GET").arg(keys[i]);
            }
            let got: Vec<Option<String>> = p.query(conn).map_err(|e| {
                let first = keys[idx[0]];
                let what = format!("GET {}", super::escape_key(first));
                let answer = super::acl::answer(&e, &what, Some(first));
                format!("at {shown}: {what}: {answer}")
            })?;
            if got.len() != idx.len() {
                return Err(format!(
                    "at {shown}: the server answered {} of {} GETs",
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
                    .filter(|n| !n.ranges.is_empty())
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
    fn slots_are_those_redis_computes() {
        for key in [
            &b""[..],
            b"sess:abc",
            b"foo",
            b"{user1000}.following",
            b"foo{}{bar}",
            b"foo{{bar}}zap",
            b"foo{bar}{zap}",
            b"spring:session:sessions:expires:0b8d",
            b"\xff\x00{\x01}",
        ] {
            assert_eq!(Slot::new(slot_of(key)), Some(Slot::for_key(key)), "{key:?}");
        }
        // The examples of the cluster specification.
        assert_eq!(slot_of(b"123456789"), 0x31c3 % SLOTS);
        assert_eq!(slot_of(b"{user1000}.following"), slot_of(b"user1000"));
    }

    #[test]
    fn packed_requests_split_into_commands() {
        let mut p = redis::pipe();
        p.cmd("GET").arg("a\r\nb");
        p.cmd("EVALSHA").arg("sha").arg(1).arg("k").arg("");
        let packed = p.get_packed_pipeline();
        let cmds = split_packed(&packed).unwrap();
        assert_eq!(cmds.len(), 2);
        assert_eq!(cmds[0].1, vec![&b"GET"[..], b"a\r\nb"]);
        assert_eq!(first_key(&cmds[0].1), Some(b"a\r\nb".to_vec()));
        assert_eq!(first_key(&cmds[1].1), Some(b"k".to_vec()));
        assert_eq!([cmds[0].0, cmds[1].0].concat(), packed);
        assert!(split_packed(b"*1\r\n$3\r\nGE").is_none());
        assert_eq!(split_packed(ASKING).unwrap()[0].1, vec![&b"ASKING"[..]]);
    }

    #[test]
    fn migrating_slots_are_read_from_the_nodes_own_line() {
        let nodes = "a1 127.0.0.1:7001@17001,host-a master - 0 0 2 connected 5461-10922\n\
            b2 127.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-5460 [93->-a1] [5462-<-a1]\n";
        assert_eq!(
            migrations(nodes),
            vec![
                (93, true, "127.0.0.1:7001".to_owned()),
                (5462, false, "127.0.0.1:7001".to_owned())
            ]
        );
        assert_eq!(
            migrations("x 1:1@2 myself,master - 0 0 1 connected 0-5\n"),
            vec![]
        );
    }

    #[test]
    fn a_request_redirected_too_often_fails_naming_why() {
        let e = unsettled_error("the key sess:a (slot 1) was still redirected (last: ASK 1 h:1)");
        assert_eq!(e.code(), Some("REDIRECTED"));
        assert_eq!(
            e.detail(),
            Some("the key sess:a (slot 1) was still redirected (last: ASK 1 h:1)")
        );
    }

    #[test]
    fn slot_numbers_read_as_ranges() {
        assert_eq!(
            ranges_of([1, 2, 3, 7, 9, 10]),
            vec![(1, 3), (7, 7), (9, 10)]
        );
        assert_eq!(ranges_of([]), vec![]);
        assert_eq!(split_addr("[::1]:7000"), Some(("::1", 7000)));
        assert_eq!(split_addr("10.0.0.1:7000"), Some(("10.0.0.1", 7000)));
    }

    #[test]
    fn a_nodes_own_address_is_read_from_its_myself_line() {
        let nodes = "b7bb 127.0.0.1:17002@27002 master - 0 1796309967402 2 connected 5461-10922\n\
                     eec0 127.0.0.1:17001@27001,node-1 myself,master - 0 0 1 connected 0-5460\n";
        assert_eq!(own_address(nodes), Some(("127.0.0.1".to_owned(), 17001)));
        let v6 = "eec0 [::1]:7000@17000 myself,master - 0 0 1 connected 0-5460\n";
        assert_eq!(own_address(v6), Some(("::1".to_owned(), 7000)));
        assert_eq!(
            own_address("b7bb 127.0.0.1:17002@27002 master - 0 0 2 connected\n"),
            None
        );
    }

    #[test]
    fn a_slot_map_that_is_not_one_is_refused() {
        let node = RV::Array(vec![RV::BulkString(b"10.0.0.1".to_vec()), RV::Int(7000)]);
        let range = |a: i64, b: i64| RV::Array(vec![RV::Int(a), RV::Int(b), node.clone()]);
        for (reply, why) in [
            (RV::Array(vec![range(0, 16384)]), "not one"),
            (RV::Array(vec![range(9, 3)]), "not one"),
            (
                RV::Array(vec![range(0, 16383), range(0, 0)]),
                "more than the 16,384 slots",
            ),
        ] {
            let e = primaries(reply, "seed").unwrap_err().to_string();
            assert!(e.contains(why), "{e}");
        }
        let many = RV::Array(
            (0..=MAX_PRIMARIES as i64)
                .map(|i| {
                    let n = RV::Array(vec![
                        RV::BulkString(b"10.0.0.1".to_vec()),
                        RV::Int(1000 + i),
                    ]);
                    RV::Array(vec![RV::Int(i), RV::Int(i), n])
                })
                .collect(),
        );
        let e = primaries(many, "seed").unwrap_err().to_string();
        assert!(e.contains("more than 1000 primaries"), "{e}");
    }

    #[test]
    fn info_fields_are_read() {
        let info = "# Cluster\r\ncluster_enabled:1\r\n";
        assert_eq!(field(info, "cluster_enabled"), Some("1"));
        assert_eq!(field(info, "cluster_state"), None);
    }
}
