//! The Redis connection and the batched, pipelined scan.
//!
//! Connecting: `redis://`, `rediss://` (TLS, made by [`super::tls`]), `redis+unix://` / `unix://`, a
//! database number, `user:password@`; a password given separately overrides the URL's. Connect and
//! command timeouts. Every failure to reach or authenticate is a [`ConnectError`] (exit 3) naming
//! the URL with its password masked and the cause; the password itself is never shown.
//!
//! Scanning is gentle on production: `SCAN MATCH … COUNT …` (never `KEYS`; `TYPE hash` for hash
//! stores) on one connection, and per batch of keys, on a second connection, the sizes (`STRLEN`,
//! or `HLEN`), then the values within the limits (`MGET` in requests of at most 32 MiB, or an
//! `HGETALL` each), then the `PTTL`s of the records the caller keeps. Each command is short; the
//! server is never blocked for long. A value over the decoding limit, or a hash of more than 1,024
//! fields, is never fetched. The
//! scan runs a batch or two ahead of the fetch, and the fetch one batch ahead of the caller's
//! decoding, so network and decoding overlap and a handful of batches are in memory.

use std::sync::mpsc;
use std::time::Duration;

use redis::Value as RV;

use super::{Limits, RawRecord, RawValue, RedisType};
use crate::exit::ConnectError;

/// Which fetched records to keep (and fetch TTLs for): a cheap pre-filter run in the fetcher.
pub type Want<'a> = &'a (dyn Fn(&RawRecord) -> bool + Sync);

/// Fields a session hash may have to be read: a larger one (a hostile or broken record) is
/// reported, not read, so that one `HGETALL` never blocks the server (a million fields: 0.5 s).
pub const MAX_FIELDS: u64 = 1024;

/// Bytes of values one `MGET` may return: a batch's values are fetched, and handed on, in parts of
/// at most this much (a single larger value, up to the decoding limit, in a part of its own).
pub const FETCH_BYTES: u64 = 16 << 20;

/// Hashes fetched per part (each at most [`MAX_FIELDS`] fields).
pub const HASHES_PER_PART: usize = 64;

/// How to reach Redis.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    /// The URL as given (may hold a password: never print it, use [`mask_url`]).
    pub url: RedactedUrl,
    /// More seed nodes of the same Redis Cluster (`--redis-url` repeated), tried in order after
    /// `url` when it does not answer.
    pub more_seeds: Vec<RedactedUrl>,
    /// `--read-from replica`: on a Redis Cluster, scans and value fetches go to a replica of each
    /// shard (on one server, `read_url` names the replica).
    pub read_replicas: bool,
    /// `--cluster-address-map`: addresses a Redis Cluster advertises, and where to reach them.
    pub address_map: Vec<super::cluster::AddressMapping>,
    /// A password asked for on the terminal: overrides the URL's.
    pub password: Option<Password>,
    /// A password from the environment: used only when the URL has none.
    pub env_password: Option<Password>,
    /// Connect and per-command timeout.
    pub timeout: Duration,
    /// A replica to read from (`--read-url`): scans and reads go there, writes to `url`. Same
    /// password and TLS settings.
    pub read_url: Option<RedactedUrl>,
    /// How hard scans may work the server (`--pace`).
    pub pace: Pace,
    /// `rediss://` settings (CA, client certificate, server name, verification): see [`super::tls`].
    pub tls: super::tls::TlsOptions,
}

use super::cluster::Cluster;
use super::pace::{Kind, Pace, Pacer};
pub use crate::secret::{Password, RedactedUrl, mask_url};

/// One server sessctl talks to: its client (for more connections), the main connection, the URL
/// as shown (password masked), and the TLS tunnel its connections go through.
pub(super) struct Endpoint {
    client: redis::Client,
    pub(super) conn: redis::Connection,
    pub(super) shown: String,
    /// `CLIENT NO-TOUCH` is in force on `conn`.
    no_touch: bool,
    /// A Redis Cluster replica read from: every connection to it sends `READONLY` first.
    pub(super) readonly: bool,
    /// The TLS tunnel the client's connections go through (`rediss://`), kept while they are.
    _tls: Option<super::tls::Tunnel>,
}

/// A connected store: the server writes go to (`--redis-url`), and the replica reads go to when
/// one is given (`--read-url`).
pub struct RedisStore {
    pub(super) main: Endpoint,
    replica: Option<Endpoint>,
    pub(super) timeout: Duration,
    pub(super) pacer: Pacer,
    /// The nodes of a Redis Cluster and their slots, when `main` is a cluster node
    /// ([`super::cluster`]); `None` on one server.
    pub(super) cluster: Option<Cluster>,
    /// What `--verbose` says about the connection: the seed that answered, where reads go.
    notes: Vec<String>,
}

/// Names a new connection (`CLIENT SETNAME sessctl-<pid>-<role>`, so that an operator sees it in
/// `CLIENT LIST`) and asks the server not to refresh the LRU/LFU clocks of the keys it reads
/// (`CLIENT NO-TOUCH ON`, Redis 7.2+ and Valkey): an inspection must not change which keys the
/// server evicts. Both are best effort: an older server (Redis 7.0 has no NO-TOUCH) or an ACL user
/// without `CLIENT` carries on. Returns whether NO-TOUCH is in force.
fn introduce(conn: &mut redis::Connection, role: &str) -> bool {
    let mut p = redis::pipe();
    p.ignore_errors();
    p.cmd("CLIENT")
        .arg("SETNAME")
        .arg(format!("sessctl-{}-{role}", std::process::id()));
    p.cmd("CLIENT").arg("NO-TOUCH").arg("ON");
    match p.query::<Vec<RV>>(conn) {
        Ok(replies) => matches!(replies.get(1), Some(RV::Okay | RV::SimpleString(_))),
        Err(_) => false,
    }
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisStore")
            .field("url", &self.main.shown)
            .finish()
    }
}

/// An error reply to one command of a pipeline: every error reply is an error (a command refused
/// by ACL, `BUSY`, `LOADING`, `MISCONF`…), never taken for an absent record.
fn refused(
    shown: &str,
    timeout: Duration,
    command: &str,
    key: &[u8],
    e: redis::ServerError,
) -> anyhow::Error {
    let what = format!("{command} {}", super::escape_key(key));
    redis_error_at(
        shown,
        timeout,
        &what,
        Some(key),
        &redis::RedisError::from(e),
    )
}

pub(super) fn redis_error(
    shown: &str,
    timeout: Duration,
    what: &str,
    e: &redis::RedisError,
) -> anyhow::Error {
    redis_error_at(shown, timeout, what, None, e)
}

/// A refusal quotes the server's answer, and for an ACL refusal the rule that would allow it
/// ([`super::acl::answer`]).
fn redis_error_at(
    shown: &str,
    timeout: Duration,
    what: &str,
    key: Option<&[u8]>,
    e: &redis::RedisError,
) -> anyhow::Error {
    if is_timeout(e) || e.is_io_error() || e.is_connection_dropped() {
        connect_error(shown, format!("{what}: {}", cause(e, timeout)))
    } else {
        let answer = super::acl::answer(e, what, key);
        anyhow::anyhow!("{what} refused by Redis at {shown}: {answer}")
    }
}

/// A timeout, also when a socket's read timeout surfaces as an io error of kind `WouldBlock`
/// somewhere in the error's sources (`Resource temporarily unavailable (os error 11)`).
fn is_timeout(e: &redis::RedisError) -> bool {
    if e.is_timeout() {
        return true;
    }
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>()
            && matches!(
                io.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            )
        {
            return true;
        }
        source = s.source();
    }
    false
}

pub(super) fn connect_error(shown: &str, cause: String) -> anyhow::Error {
    anyhow::Error::new(ConnectError(format!(
        "cannot reach Redis at {shown}: {cause}"
    )))
}

/// A redis error in words, without anything that could hold the password.
fn cause(e: &redis::RedisError, timeout: Duration) -> String {
    // A TLS connection's failure happens in the tunnel; redis-rs saw only its socket close.
    if let Some(why) = super::tls::take_failure() {
        return why;
    }
    if is_timeout(e) {
        return format!("timed out after {}", humantime(timeout));
    }
    if e.is_connection_refusal() {
        return "connection refused".into();
    }
    let text = e.to_string();
    let lower = text.to_ascii_lowercase();
    if e.kind() == redis::ErrorKind::AuthenticationFailed
        || lower.contains("wrongpass")
        || lower.contains("noauth")
        || lower.contains("invalid password")
        || lower.contains("invalid username-password")
    {
        return format!("authentication failed (wrong user name or password): {text}");
    }
    if lower.contains("tls") || lower.contains("certificate") || lower.contains("handshake") {
        return format!("TLS failure: {text}");
    }
    // A user without `PING` or `SELECT`: the rule that would allow it.
    let hint = super::acl::connect_hint(&text);
    text + &hint
}

/// A timeout as the user gave it: `5s`, `500ms`.
pub(super) fn humantime(d: Duration) -> String {
    let ms = d.as_millis();
    if ms.is_multiple_of(1000) {
        format!("{}s", ms / 1000)
    } else {
        format!("{ms}ms")
    }
}

impl Endpoint {
    /// Connects to `url` with `opts`' password, TLS settings and timeout, checks the connection
    /// with `PING`, and introduces it as `role`.
    fn connect(url: &str, opts: &ConnectOptions, role: &str) -> anyhow::Result<Endpoint> {
        let shown = mask_url(url);
        let info = redis::IntoConnectionInfo::into_connection_info(url).map_err(|e| {
            connect_error(
                &shown,
                format!(
                    "not a Redis URL ({}); use redis://[user:password@]host[:port][/db], rediss://… or redis+unix:///path/to/socket[?db=N]",
                    e.category()
                ),
            )
        })?;
        Self::connect_info(info, url, shown, opts, role)
    }

    /// Connects as [`Endpoint::connect`] does, to `info` (parsed from, or derived from, `url`,
    /// which says whether TLS is asked for), shown as `shown`.
    pub(super) fn connect_info(
        info: redis::ConnectionInfo,
        url: &str,
        shown: String,
        opts: &ConnectOptions,
        role: &str,
    ) -> anyhow::Result<Endpoint> {
        let url_has_password = info.redis_settings().password().is_some();
        let password = opts
            .password
            .as_ref()
            .or(opts.env_password.as_ref().filter(|_| !url_has_password));
        let info = match password {
            Some(p) => {
                let settings = info.redis_settings().clone().set_password(p.expose());
                info.set_redis_settings(settings)
            }
            None => info,
        };
        let info_db = info.redis_settings().db();
        let (info, tls) = super::tls::tunnel(info, &opts.tls, url, opts.timeout)?;
        let client = redis::Client::open(info)
            .map_err(|e| connect_error(&shown, cause(&e, opts.timeout)))?;
        let mut conn = client
            .get_connection_with_timeout(opts.timeout)
            .map_err(
                |e| match super::cluster::database_refused(&shown, &info_db, &e) {
                    Some(usage) => usage,
                    None => connect_error(&shown, cause(&e, opts.timeout)),
                },
            )?;
        conn.set_read_timeout(Some(opts.timeout))
            .and_then(|()| conn.set_write_timeout(Some(opts.timeout)))
            .map_err(|e| connect_error(&shown, cause(&e, opts.timeout)))?;
        redis::cmd("PING")
            .query::<()>(&mut conn)
            .map_err(|e| connect_error(&shown, cause(&e, opts.timeout)))?;
        let no_touch = introduce(&mut conn, role);
        Ok(Endpoint {
            client,
            conn,
            shown,
            no_touch,
            readonly: false,
            _tls: tls,
        })
    }
}

/// Connects to the first seed node that answers, in the order given (`--redis-url`, then each
/// repeated one), and returns it with the options it is the URL of, and, when several were
/// given, a `--verbose` note naming the seed used and why the ones before it were not.
///
/// # Errors
/// A usage error at once (a database refused by a cluster node, an unusable TLS option); when no
/// seed answers, the one seed's error, or every seed's.
fn connect_seed(opts: &ConnectOptions) -> anyhow::Result<(Endpoint, ConnectOptions, Vec<String>)> {
    let seeds: Vec<&RedactedUrl> = std::iter::once(&opts.url).chain(&opts.more_seeds).collect();
    let mut failed: Vec<anyhow::Error> = Vec::new();
    for url in &seeds {
        match Endpoint::connect(&url.0, opts, "main") {
            Ok(ep) => {
                let mut notes = Vec::new();
                if seeds.len() > 1 {
                    let before: Vec<String> = failed.iter().map(|e| format!("{e:#}")).collect();
                    notes.push(if before.is_empty() {
                        format!("seed node {} answered", ep.shown)
                    } else {
                        format!(
                            "seed node {} answered, after {} did not: {}",
                            ep.shown,
                            before.len(),
                            before.join("; ")
                        )
                    });
                }
                let mut opts = opts.clone();
                opts.url = (*url).clone();
                return Ok((ep, opts, notes));
            }
            Err(e) if e.chain().any(|c| c.is::<crate::exit::UsageError>()) => return Err(e),
            Err(e) => failed.push(e),
        }
    }
    if failed.len() == 1 {
        return Err(failed.remove(0));
    }
    let why: Vec<String> = failed.iter().map(|e| format!("{e:#}")).collect();
    Err(anyhow::Error::new(ConnectError(format!(
        "none of the {} seed nodes (--redis-url) answered: {}",
        failed.len(),
        why.join("; ")
    ))))
}

impl RedisStore {
    /// Connects, authenticates and checks the connection with `PING`.
    ///
    /// # Errors
    /// A [`ConnectError`] for an unusable URL, an unreachable server, a timeout, a refused
    /// password or a TLS failure.
    pub fn connect(opts: &ConnectOptions) -> anyhow::Result<RedisStore> {
        let (mut main, opts, mut notes) = connect_seed(opts)?;
        let opts = &opts;
        let cluster = Cluster::discover(&mut main, opts)?;
        match &cluster {
            Some(c) => notes.extend(c.notes().iter().cloned()),
            None => {
                if !opts.more_seeds.is_empty() {
                    return Err(crate::exit::usage(format!(
                        "--redis-url is given {} times, as seed nodes of a Redis Cluster, but {} is one Redis server, not a cluster node: give one --redis-url",
                        opts.more_seeds.len() + 1,
                        main.shown
                    )));
                }
                if !opts.address_map.is_empty() {
                    return Err(crate::exit::usage(format!(
                        "--cluster-address-map maps the addresses of a Redis Cluster's nodes, but {} is one Redis server, not a cluster node: leave it out",
                        main.shown
                    )));
                }
                if opts.read_replicas && opts.read_url.is_none() {
                    return Err(crate::exit::usage(format!(
                        "--read-from replica: {} is one Redis server, not a Redis Cluster node: give the replica to read from with --read-url",
                        main.shown
                    )));
                }
            }
        }
        let replica = match &opts.read_url {
            Some(url) => {
                let replica = Endpoint::connect(&url.0, opts, "read")?;
                let db = |u: &str| {
                    redis::IntoConnectionInfo::into_connection_info(u)
                        .map(|i| i.redis_settings().db())
                        .unwrap_or(0)
                };
                if db(&url.0) != db(&opts.url.0) {
                    return Err(crate::exit::usage(format!(
                        "--read-url {} names database {}, --redis-url {} database {}: they must hold the same data",
                        replica.shown,
                        db(&url.0),
                        main.shown,
                        db(&opts.url.0)
                    )));
                }
                Some(replica)
            }
            None => None,
        };
        Ok(RedisStore {
            main,
            replica,
            timeout: opts.timeout,
            pacer: Pacer::new(opts.pace),
            cluster,
            notes,
        })
    }

    /// What `--verbose` says about the connection beyond the server's name: the seed node that
    /// answered when several were given, and where a cluster's reads go.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// Where reads go (the replica of `--read-url`, else the main server), and the pacer.
    fn reader(&mut self) -> (&mut Endpoint, &Pacer) {
        let ep = match &mut self.replica {
            Some(r) => r,
            None => &mut self.main,
        };
        (ep, &self.pacer)
    }

    /// Waits until the replicas reads go to (`--read-url`; on a cluster, with `--read-from
    /// replica`, each shard's) have applied everything their primary had done when this was
    /// called (their replication offsets), so that the next read sees the writes just made: a
    /// confirming pass of `revoke-user --until-clean` must not take a lagging replica's copy of a
    /// deleted session for a session still there, nor miss one created just before. Nothing to
    /// do without a replica.
    ///
    /// # Errors
    /// `INFO` refused, a server read from is not a replica, or it did not catch up within the
    /// timeout.
    pub fn catch_up(&mut self) -> anyhow::Result<()> {
        let timeout = self.timeout;
        if let Some(c) = &mut self.cluster {
            return c.catch_up(timeout);
        }
        match &mut self.replica {
            Some(replica) => caught_up(&mut self.main, replica, timeout, "--read-url"),
            None => Ok(()),
        }
    }

    /// The replica reads go to (`--read-url`), its password masked, when there is one.
    pub fn read_shown(&self) -> Option<&str> {
        self.replica.as_ref().map(|r| r.shown.as_str())
    }

    /// Paces this store's requests (`--pace`): every scan and fetch goes through it, and so do
    /// the batches of writes built elsewhere in the store layer.
    pub fn pacer(&self) -> &Pacer {
        &self.pacer
    }

    /// True when the server keeps this client's reads from refreshing key access times
    /// (`CLIENT NO-TOUCH`, Redis 7.2+); false on older servers, which carry on without it.
    pub fn no_touch(&self) -> bool {
        self.replica.as_ref().unwrap_or(&self.main).no_touch
    }

    /// The URL with the password masked.
    pub fn shown(&self) -> &str {
        &self.main.shown
    }

    fn failed(&self, what: &str, e: &redis::RedisError) -> anyhow::Error {
        redis_error(&self.main.shown, self.timeout, what, e)
    }

    /// A Redis error as sessctl reports it, `what` naming the command (and key) that failed: a
    /// lost connection or a timeout is a [`ConnectError`] ("timed out after 5s", never an `os
    /// error`), anything else the server's answer.
    pub fn error(&self, what: &str, e: &redis::RedisError) -> anyhow::Error {
        self.failed(what, e)
    }

    /// [`RedisStore::error`] for a command on `key`: an ACL refusal names the key pattern that
    /// would allow it.
    /// On a Redis Cluster, the node named is the key's.
    pub fn error_at(&self, what: &str, key: &[u8], e: &redis::RedisError) -> anyhow::Error {
        redis_error_at(self.shown_for(key), self.timeout, what, Some(key), e)
    }

    /// Scans keys matching `pattern` of type `rtype`, fetching each batch's values and TTLs, and
    /// hands every batch to `on_batch` (with the number of keys scanned so far) until the scan
    /// ends or `on_batch` returns `false`. Only records `want` keeps are handed over (and have
    /// their TTL fetched). Returns the number of keys scanned. On a Redis Cluster, every primary
    /// in parallel, following slots that move meanwhile (see `RedisStore::scan_cluster`).
    ///
    /// # Errors
    /// Redis failures (a [`ConnectError`] when the connection is lost), or `on_batch`'s error;
    /// on a cluster, a [`super::cluster::Unscanned`] naming what was not covered, after
    /// everything else was handed over.
    pub fn scan(
        &mut self,
        pattern: &[u8],
        rtype: RedisType,
        count: usize,
        limits: &Limits,
        want: Want<'_>,
        on_batch: &mut dyn FnMut(Vec<RawRecord>, u64) -> anyhow::Result<bool>,
    ) -> anyhow::Result<u64> {
        if self.cluster.is_some() {
            return self.scan_cluster(pattern, rtype, count, limits, want, on_batch);
        }
        let scan = Scan {
            pattern,
            rtype,
            count: self.pacer.pace().scan_count(count),
            limits,
            want,
            timeout: self.timeout,
            pacer: &self.pacer,
        };
        // One server, or its replica.
        let ep = match &mut self.replica {
            Some(r) => r,
            None => &mut self.main,
        };
        let moved = std::sync::Mutex::new(Vec::new());
        let round = scan.nodes(
            vec![(0, ep)],
            false,
            false,
            &moved,
            0,
            &mut |_, records, scanned| on_batch(records, scanned),
        )?;
        Ok(round.total)
    }

    /// Fetches the given keys (values, sizes, TTLs); keys that do not exist are left out.
    ///
    /// # Errors
    /// Redis failures.
    pub fn fetch(&mut self, keys: &[Vec<u8>], limits: &Limits) -> anyhow::Result<Vec<RawRecord>> {
        let mut out = Vec::new();
        self.fetch_each(keys, limits, &mut |records| {
            out.extend(records);
            Ok(true)
        })?;
        Ok(out)
    }

    /// Fetches the given keys (values, sizes, TTLs) and hands them to `on_records` in parts of at
    /// most [`FETCH_BYTES`] of values, so that a caller that consumes each part holds no more
    /// than that; keys that do not exist are left out. Stops when `on_records` returns `false`.
    ///
    /// # Errors
    /// Redis failures, or `on_records`' error.
    pub fn fetch_each(
        &mut self,
        keys: &[Vec<u8>],
        limits: &Limits,
        on_records: &mut dyn FnMut(Vec<RawRecord>) -> anyhow::Result<bool>,
    ) -> anyhow::Result<()> {
        let timeout = self.timeout;
        if let Some(c) = &mut self.cluster {
            // Each node is asked for its own keys: its replica with --read-from replica, else
            // through the cluster, which follows the redirections of a resharding.
            for (node, these) in c.group_by_node(keys)? {
                if let Some(why) = c.unreached(node) {
                    anyhow::bail!("{why}");
                }
                if let Some(r) = c.replica_of(node) {
                    let server = (
                        &mut r.conn as &mut dyn redis::ConnectionLike,
                        r.shown.clone(),
                    );
                    if !fetch_each_on(
                        server,
                        &self.pacer,
                        timeout,
                        true,
                        &these,
                        limits,
                        on_records,
                    )? {
                        break;
                    }
                    continue;
                }
                let shown = c.endpoint_of(node).map(|ep| ep.shown.clone());
                c.route = node;
                let server = (
                    c as &mut dyn redis::ConnectionLike,
                    shown.unwrap_or_default(),
                );
                if !fetch_each_on(
                    server,
                    &self.pacer,
                    timeout,
                    true,
                    &these,
                    limits,
                    on_records,
                )? {
                    break;
                }
            }
            return Ok(());
        }
        let (ep, pacer) = self.reader();
        let server = (
            &mut ep.conn as &mut dyn redis::ConnectionLike,
            ep.shown.clone(),
        );
        fetch_each_on(server, pacer, timeout, false, keys, limits, on_records).map(|_| ())
    }

    /// Up to `max` keys of any type from the keyspace (for auto-detection), with each one's type
    /// and first `head` bytes (strings only). On a Redis Cluster the keys come from every shard
    /// reached, as evenly as their keys allow (a sample of the seed node alone would miss a
    /// store whose keys sit on the others). A key the user may not read (an ACL user restricted
    /// to the session keys, `~sess:*`) is left out and counted, not an error: it is none of the
    /// stores this user works on.
    ///
    /// # Errors
    /// Redis failures; a refused command (`TYPE`, `GETRANGE`).
    pub fn sample(&mut self, max: usize, head: usize) -> anyhow::Result<Sampled> {
        let timeout = self.timeout;
        let pacer = &self.pacer;
        let mut eps: Vec<&mut Endpoint> = match (&mut self.cluster, &mut self.replica) {
            (Some(c), _) => c.readers_mut().into_iter().map(|(_, ep)| ep).collect(),
            (None, Some(r)) => vec![r],
            (None, None) => vec![&mut self.main],
        };
        let mut samples: Vec<NodeSample> = eps.iter().map(|_| NodeSample::default()).collect();
        // Each node's share of what is still wanted, until `max` keys or every node's end.
        loop {
            let total: usize = samples.iter().map(|s| s.keys.len()).sum();
            let open = samples.iter().filter(|s| !s.done).count();
            if total >= max || open == 0 {
                break;
            }
            let share = (max - total).div_ceil(open);
            for (ep, s) in eps.iter_mut().zip(&mut samples) {
                let want = s.keys.len() + share;
                s.more(ep, pacer, timeout, want)?;
            }
        }
        // A SCAN page may bring more than asked for: the excess goes from the largest shares.
        let mut total: usize = samples.iter().map(|s| s.keys.len()).sum();
        while total > max {
            if let Some(s) = samples.iter_mut().max_by_key(|s| s.keys.len()) {
                s.keys.pop();
            }
            total -= 1;
        }
        let mut out = Sampled::default();
        for (ep, s) in eps.into_iter().zip(samples) {
            describe_sample(ep, pacer, timeout, &s.keys, head, &mut out)?;
        }
        Ok(out)
    }

    /// The whole values of the string keys `keys` that are at most `max` bytes long (for
    /// auto-detection's look at JSON candidates): `None` for a longer value, a key that is gone or
    /// no longer a string. One pipeline of `STRLEN` and a `GETRANGE` bounded by `max`, so that a
    /// value that grew in between is never read past `max` either (on a Redis Cluster, one per
    /// shard, each key read where it is held).
    ///
    /// # Errors
    /// Redis failures.
    pub fn small_values(
        &mut self,
        keys: &[Vec<u8>],
        max: usize,
    ) -> anyhow::Result<Vec<Option<Vec<u8>>>> {
        let timeout = self.timeout;
        let mut out = vec![None; keys.len()];
        if keys.is_empty() || max == 0 {
            return Ok(out);
        }
        let pacer = &self.pacer;
        let refs: Vec<&[u8]> = keys.iter().map(Vec::as_slice).collect();
        let groups: Vec<(&mut Endpoint, Vec<usize>)> = match (&mut self.cluster, &mut self.replica)
        {
            (Some(c), _) => c.reader_groups(&refs)?,
            (None, Some(r)) => vec![(r, (0..keys.len()).collect())],
            (None, None) => vec![(&mut self.main, (0..keys.len()).collect())],
        };
        for (ep, idx) in groups {
            let mut p = redis::pipe();
            p.ignore_errors();
            for &i in &idx {
                p.cmd("STRLEN").arg(&keys[i]);
                p.cmd("GETRANGE").arg(&keys[i]).arg(0).arg(max - 1);
            }
            let conn = &mut ep.conn;
            let replies: Vec<RV> = pacer
                .run(Kind::Values, idx.len(), || p.query(conn))
                .map_err(|e| redis_error(&ep.shown, timeout, "STRLEN", &e))?;
            for (&i, pair) in idx.iter().zip(replies.chunks(2)) {
                let k = &keys[i];
                let len = match &pair[0] {
                    RV::Int(n) => usize::try_from(*n).unwrap_or(0),
                    RV::ServerError(e) if e.code() == "WRONGTYPE" => 0,
                    RV::ServerError(e) => {
                        return Err(refused(&ep.shown, timeout, "STRLEN", k, e.clone()));
                    }
                    _ => 0,
                };
                out[i] = match pair.get(1) {
                    Some(RV::BulkString(b)) if len > 0 && len <= max && b.len() == len => {
                        Some(b.clone())
                    }
                    Some(RV::ServerError(e)) if e.code() != "WRONGTYPE" => {
                        return Err(refused(&ep.shown, timeout, "GETRANGE", k, e.clone()));
                    }
                    _ => None,
                };
            }
        }
        Ok(out)
    }

    /// Scans the names of the keys matching `pattern` (no values), handing each batch to
    /// `on_batch`. Returns the number of keys scanned.
    ///
    /// # Errors
    /// Redis failures (a [`ConnectError`] when the connection is lost).
    pub fn scan_keys(
        &mut self,
        pattern: &[u8],
        count: usize,
        on_batch: &mut dyn FnMut(Vec<Vec<u8>>),
    ) -> anyhow::Result<u64> {
        let timeout = self.timeout;
        let pacer = &self.pacer;
        let count = pacer.pace().scan_count(count);
        let eps: Vec<&mut Endpoint> = match (&mut self.cluster, &mut self.replica) {
            (Some(c), _) => c.all_readers_mut()?,
            (None, Some(r)) => vec![r],
            (None, None) => vec![&mut self.main],
        };
        let mut scanned = 0u64;
        for ep in eps {
            let mut cursor = 0u64;
            loop {
                let conn = &mut ep.conn;
                let (next, keys): (u64, Vec<Vec<u8>>) = pacer
                    .run(Kind::Scan, count, || {
                        Fetcher::scan_cmd(cursor, pattern, RedisType::String, count).query(conn)
                    })
                    .map_err(|e| redis_error(&ep.shown, timeout, "SCAN", &e))?;
                scanned += keys.len() as u64;
                on_batch(keys);
                if next == 0 {
                    break;
                }
                cursor = next;
            }
        }
        Ok(scanned)
    }

    /// The raw connection, for commands built elsewhere in the store layer.
    pub fn connection(&mut self) -> &mut redis::Connection {
        &mut self.main.conn
    }
}

/// [`RedisStore::fetch_each`] on one server, its connection and its URL as shown (`cluster`: a
/// cluster node, whose `keys` are its own). Returns `false` when `on_records` asked to stop.
#[allow(clippy::too_many_arguments)]
fn fetch_each_on(
    (conn, shown): (&mut dyn redis::ConnectionLike, String),
    pacer: &Pacer,
    timeout: Duration,
    cluster: bool,
    keys: &[Vec<u8>],
    limits: &Limits,
    on_records: &mut dyn FnMut(Vec<RawRecord>) -> anyhow::Result<bool>,
) -> anyhow::Result<bool> {
    let mut p = redis::pipe();
    p.ignore_errors();
    for k in keys {
        p.cmd("TYPE").arg(k);
    }
    let types: Vec<RV> = pacer
        .run(Kind::Small, keys.len(), || p.query(&mut *conn))
        .map_err(|e| redis_error(&shown, timeout, "TYPE", &e))?;
    for (k, t) in keys.iter().zip(&types) {
        if let RV::ServerError(e) = t {
            return Err(refused(&shown, timeout, "TYPE", k, e.clone()));
        }
    }
    for rtype in [RedisType::String, RedisType::Hash] {
        let these: Vec<Vec<u8>> = keys
            .iter()
            .zip(&types)
            .filter(|(_, t)| matches!(t, RV::SimpleString(s) if RedisType::parse(s) == rtype))
            .map(|(k, _)| k.clone())
            .collect();
        if these.is_empty() {
            continue;
        }
        let mut f = Fetcher {
            conn: &mut *conn,
            shown: shown.clone(),
            timeout,
            limits,
            pacer,
            cluster,
            moved: None,
            asking: false,
        };
        let go_on = f.fetch_batch(&these, rtype, &|_| true, &mut |records| {
            on_records(
                records
                    .into_iter()
                    .filter(|r| !matches!(r.value, RawValue::Gone))
                    .collect(),
            )
        })?;
        if !go_on {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Waits until `replica` has applied everything `primary` had done when this was called
/// (`INFO replication`: its `slave_repl_offset` reaches the primary's `master_repl_offset`), at
/// most `timeout`. `label` names the replica in errors (`--read-url`).
///
/// # Errors
/// `INFO` refused, `replica` is not a replica, or it did not catch up within `timeout`.
pub(super) fn caught_up(
    primary: &mut Endpoint,
    replica: &mut Endpoint,
    timeout: Duration,
    label: &str,
) -> anyhow::Result<()> {
    let info = |conn: &mut redis::Connection, shown: &str| -> anyhow::Result<String> {
        redis::cmd("INFO")
            .arg("replication")
            .query::<String>(conn)
            .map_err(|e| redis_error(shown, timeout, "INFO replication", &e))
    };
    let field = |text: &str, name: &str| -> Option<String> {
        text.lines()
            .find_map(|l| l.trim_end().strip_prefix(name)?.strip_prefix(':'))
            .map(str::to_owned)
    };
    let text = info(&mut primary.conn, &primary.shown)?;
    let target: u64 = field(&text, "master_repl_offset")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let start = std::time::Instant::now();
    loop {
        let text = info(&mut replica.conn, &replica.shown)?;
        if field(&text, "role").as_deref() != Some("slave") {
            anyhow::bail!(
                "{label} {} is not a replica (INFO replication says role:{}): its reads cannot confirm what {} holds",
                replica.shown,
                field(&text, "role").unwrap_or_default(),
                primary.shown
            );
        }
        let at: u64 = field(&text, "slave_repl_offset")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        if at >= target {
            return Ok(());
        }
        if start.elapsed() >= timeout {
            anyhow::bail!(
                "the replica {} lags behind {}: replication offset {at} of {target} after {}; its reads cannot confirm what the primary holds",
                replica.shown,
                primary.shown,
                humantime(timeout)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Another connection to `ep`'s server, with the same timeouts, introduced as `role` (and, to a
/// cluster replica read from, `READONLY`).
fn side_connection(
    ep: &Endpoint,
    timeout: Duration,
    role: &str,
) -> anyhow::Result<redis::Connection> {
    let mut conn = ep
        .client
        .get_connection_with_timeout(timeout)
        .map_err(|e| connect_error(&ep.shown, cause(&e, timeout)))?;
    conn.set_read_timeout(Some(timeout))
        .and_then(|()| conn.set_write_timeout(Some(timeout)))
        .map_err(|e| connect_error(&ep.shown, cause(&e, timeout)))?;
    introduce(&mut conn, role);
    if ep.readonly {
        redis::cmd("READONLY")
            .query::<()>(&mut conn)
            .map_err(|e| redis_error(&ep.shown, timeout, "READONLY", &e))?;
    }
    Ok(conn)
}

/// The keys sampled from one server for auto-detection, and where its `SCAN` is.
#[derive(Default)]
struct NodeSample {
    keys: Vec<Vec<u8>>,
    cursor: u64,
    /// The `SCAN` came back to cursor 0: every key of the server was seen.
    done: bool,
}

impl NodeSample {
    /// `SCAN`s on until `want` keys were seen or the keyspace ends.
    fn more(
        &mut self,
        ep: &mut Endpoint,
        pacer: &Pacer,
        timeout: Duration,
        want: usize,
    ) -> anyhow::Result<()> {
        while !self.done && self.keys.len() < want {
            let count = pacer.pace().scan_count(1000);
            let conn = &mut ep.conn;
            let cursor = self.cursor;
            let (next, batch): (u64, Vec<Vec<u8>>) = pacer
                .run(Kind::Scan, count, || {
                    redis::cmd("SCAN")
                        .arg(cursor)
                        .arg("COUNT")
                        .arg(count)
                        .query(conn)
                })
                .map_err(|e| redis_error(&ep.shown, timeout, "SCAN", &e))?;
            self.keys.extend(batch);
            self.cursor = next;
            self.done = next == 0;
        }
        Ok(())
    }
}

/// Each of `keys` (held by `ep`'s server) with its type and first `head` bytes, into `out`; a
/// key the user may not read is counted there, not an error (see [`RedisStore::sample`]).
fn describe_sample(
    ep: &mut Endpoint,
    pacer: &Pacer,
    timeout: Duration,
    keys: &[Vec<u8>],
    head: usize,
    out: &mut Sampled,
) -> anyhow::Result<()> {
    let key_refused = |e: &redis::ServerError| {
        super::acl::refused(e.code(), e.details().unwrap_or_default())
            == Some(super::acl::Refused::Key)
    };
    for chunk in keys.chunks(500) {
        let mut p = redis::pipe();
        p.ignore_errors();
        for k in chunk {
            p.cmd("TYPE").arg(k);
            p.cmd("GETRANGE").arg(k).arg(0).arg(head.saturating_sub(1));
        }
        let conn = &mut ep.conn;
        let replies: Vec<RV> = pacer
            .run(Kind::Small, chunk.len(), || p.query(conn))
            .map_err(|e| redis_error(&ep.shown, timeout, "TYPE", &e))?;
        for (k, pair) in chunk.iter().zip(replies.chunks(2)) {
            let t = match &pair[0] {
                RV::SimpleString(s) => RedisType::parse(s),
                RV::ServerError(e) if key_refused(e) => {
                    out.unreadable += 1;
                    continue;
                }
                RV::ServerError(e) => {
                    return Err(refused(&ep.shown, timeout, "TYPE", k, e.clone()));
                }
                _ => RedisType::Other,
            };
            let h = match pair.get(1) {
                Some(RV::BulkString(b)) => b.clone(),
                // Not a string: its head is not needed.
                Some(RV::ServerError(e)) if e.code() == "WRONGTYPE" => Vec::new(),
                Some(RV::ServerError(e)) => {
                    return Err(refused(&ep.shown, timeout, "GETRANGE", k, e.clone()));
                }
                _ => Vec::new(),
            };
            out.keys.push((k.clone(), t, h));
        }
    }
    Ok(())
}

/// What a scan walks and how: the pattern, type, `SCAN COUNT`, limits and filter, with the
/// store's timeout and pacer.
pub(super) struct Scan<'a> {
    pub(super) pattern: &'a [u8],
    pub(super) rtype: RedisType,
    /// The `SCAN COUNT` hint, as the pace allows it.
    pub(super) count: usize,
    pub(super) limits: &'a Limits,
    pub(super) want: Want<'a>,
    pub(super) timeout: Duration,
    pub(super) pacer: &'a Pacer,
}

/// What [`Scan::nodes`] did: the keys it scanned, the nodes that failed (on a cluster), and
/// whether the caller asked it to stop.
pub(super) struct Round {
    pub(super) total: u64,
    pub(super) failures: Vec<(usize, anyhow::Error)>,
    pub(super) stopped: bool,
}

impl Scan<'_> {
    /// Scans each of `eps` (numbered), in parallel, fetching each batch's values and TTLs, and
    /// hands every batch to `on_batch` with the number of the node it came from and the number
    /// of keys scanned so far (from `base`). On a cluster (`cluster`), a node that fails is
    /// noted in the round's failures and the others go on, and keys whose slot has moved away
    /// are skipped, their slots noted in `moved`; on one server, a failure ends the scan. With
    /// `asking`, every read of a key is preceded by `ASKING` (the nodes are the targets of
    /// migrations, whose keys moved so far they are asked for).
    ///
    /// # Errors
    /// On one server, Redis failures; `on_batch`'s error.
    pub(super) fn nodes(
        &self,
        eps: Vec<(usize, &mut Endpoint)>,
        cluster: bool,
        asking: bool,
        moved: &std::sync::Mutex<Vec<u16>>,
        base: u64,
        on_batch: &mut dyn FnMut(usize, Vec<RawRecord>, u64) -> anyhow::Result<bool>,
    ) -> anyhow::Result<Round> {
        let Scan {
            pattern,
            rtype,
            count,
            limits,
            want,
            timeout,
            pacer,
        } = *self;
        let mut failures: Vec<(usize, anyhow::Error)> = Vec::new();
        let scanned_so_far = std::sync::atomic::AtomicU64::new(base);
        type Item = Result<(usize, Vec<RawRecord>, u64), (usize, anyhow::Error)>;
        let (tx, rx) = mpsc::sync_channel::<Item>(2 * eps.len().max(1));
        let moved = cluster.then_some(moved);
        // Three connections per server keep the (single-threaded) server busy: one walks the
        // SCAN cursor, two fetch the values of the batches before it in turn; while the client
        // reads one reply, the server is already answering the other.
        let mut servers = Vec::new();
        for (node, ep) in eps {
            let conns = side_connection(ep, timeout, "scan")
                .and_then(|a| Ok((a, side_connection(ep, timeout, "fetch")?)));
            match conns {
                Ok((scan_conn, second)) => servers.push((node, ep, scan_conn, second)),
                Err(e) if cluster => failures.push((node, e)),
                Err(e) => return Err(e),
            }
        }
        let mut stopped = false;
        let total = std::thread::scope(|s| {
            for (node, ep, scan_conn, second) in &mut servers {
                let node = *node;
                let (keys_tx, keys_rx) =
                    mpsc::sync_channel::<anyhow::Result<(Vec<Vec<u8>>, u64)>>(2);
                // Shared by the fetchers, and dropped with the last of them, so that the
                // scanner stops.
                let keys_rx = std::sync::Arc::new(std::sync::Mutex::new(keys_rx));
                let shown = ep.shown.clone();
                let scanned_so_far = &scanned_so_far;
                let scan_shown = shown.clone();
                s.spawn(move || {
                    let mut scanner = Fetcher {
                        conn: scan_conn,
                        shown: scan_shown,
                        timeout,
                        limits,
                        pacer,
                        cluster,
                        moved,
                        asking,
                    };
                    let mut cursor = 0;
                    loop {
                        match scanner.scan_once(cursor, pattern, rtype, count) {
                            Ok((next, keys)) => {
                                let n = keys.len() as u64;
                                let scanned = scanned_so_far
                                    .fetch_add(n, std::sync::atomic::Ordering::Relaxed)
                                    + n;
                                if keys_tx.send(Ok((keys, scanned))).is_err() || next == 0 {
                                    return;
                                }
                                cursor = next;
                            }
                            Err(e) => {
                                let _ = keys_tx.send(Err(e));
                                return;
                            }
                        }
                    }
                });
                for conn in [&mut ep.conn, second] {
                    let (keys_rx, tx, shown) = (keys_rx.clone(), tx.clone(), shown.clone());
                    s.spawn(move || {
                        let mut fetcher = Fetcher {
                            conn,
                            shown,
                            timeout,
                            limits,
                            pacer,
                            cluster,
                            moved,
                            asking,
                        };
                        loop {
                            // The lock is held only while waiting for the next batch of keys.
                            let item = match keys_rx.lock() {
                                Ok(rx) => rx.recv(),
                                Err(_) => return,
                            };
                            let sent = match item {
                                // A batch's values go in parts of at most FETCH_BYTES each, so
                                // that the pipeline never holds more than a few parts.
                                Ok(Ok((keys, scanned))) => {
                                    match fetcher.fetch_batch(&keys, rtype, want, &mut |records| {
                                        Ok(tx.send(Ok((node, records, scanned))).is_ok())
                                    }) {
                                        Ok(true) => Ok(()),
                                        Ok(false) => return,
                                        Err(e) => tx.send(Err((node, e))),
                                    }
                                }
                                Ok(Err(e)) => tx.send(Err((node, e))),
                                Err(_) => return,
                            };
                            if sent.is_err() {
                                return;
                            }
                        }
                    });
                }
            }
            drop(tx);
            let mut total = base;
            for item in rx.iter() {
                match item {
                    Ok((node, records, scanned)) => {
                        // Fetchers may hand batches over out of turn.
                        total = total.max(scanned);
                        if !on_batch(node, records, scanned)? {
                            stopped = true;
                            break;
                        }
                    }
                    // A cluster node that fails is named at the end; the others go on.
                    Err((node, e)) if cluster => failures.push((node, e)),
                    Err((_, e)) => return Err(e),
                }
            }
            drop(rx);
            Ok(total)
        })?;
        Ok(Round {
            total: total - base,
            failures,
            stopped,
        })
    }
}

/// A sampled key: its bytes, type and first bytes.
pub type Sample = (Vec<u8>, RedisType, Vec<u8>);

/// Auto-detection's sample: the keys read, and how many the user may not read (ACL) were left out.
#[derive(Debug, Default)]
pub struct Sampled {
    /// The keys read.
    pub keys: Vec<Sample>,
    /// Keys left out: the server refused this user access to them.
    pub unreadable: u64,
}

struct Fetcher<'a> {
    conn: &'a mut dyn redis::ConnectionLike,
    shown: String,
    timeout: Duration,
    limits: &'a Limits,
    pacer: &'a Pacer,
    /// A cluster node: values are read with a `GET` each (pipelined), since an `MGET` may name
    /// keys of one slot only.
    cluster: bool,
    /// In a scan of a cluster node: where the slots of keys the node no longer serves, or is
    /// migrating (answered `MOVED`, `ASK` or `TRYAGAIN`), are noted; such a key is skipped here,
    /// and its slot scanned again at its new node. `None` elsewhere: requests by key go through
    /// the cluster, which follows the redirections.
    moved: Option<&'a std::sync::Mutex<Vec<u16>>>,
    /// Each command names a key of a slot this cluster node is importing: `ASKING` goes first
    /// (else the node answers `MOVED` to the slot's source).
    asking: bool,
}

impl Fetcher<'_> {
    /// Adds `ASKING` to `p` when the keys are of a slot being imported ([`Fetcher::asking`]);
    /// its answer is not kept.
    fn ask(&self, p: &mut redis::Pipeline) {
        if self.asking {
            p.cmd("ASKING").ignore();
        }
    }

    /// True when `e` is a redirection met in a scan of a cluster node: `key`'s slot is noted as
    /// moved (see [`Fetcher::moved`]), and the key skipped.
    fn moved_away(&self, key: &[u8], e: &redis::ServerError) -> bool {
        let Some(moved) = self.moved else {
            return false;
        };
        if !super::cluster::is_redirect(e) {
            return false;
        }
        if let Ok(mut m) = moved.lock() {
            m.push(super::cluster::slot_of(key));
        }
        true
    }

    fn failed(&self, what: &str, e: &redis::RedisError) -> anyhow::Error {
        redis_error(&self.shown, self.timeout, what, e)
    }

    /// An error reply to one command of a pipeline, naming the command and the key.
    fn refused(&self, command: &str, key: &[u8], e: redis::ServerError) -> anyhow::Error {
        refused(&self.shown, self.timeout, command, key, e)
    }

    fn scan_cmd(cursor: u64, pattern: &[u8], rtype: RedisType, count: usize) -> redis::Cmd {
        let mut c = redis::cmd("SCAN");
        c.arg(cursor)
            .arg("MATCH")
            .arg(pattern)
            .arg("COUNT")
            .arg(count);
        // TYPE makes the server look every key up (measured: SCAN cost +50%). Strings need no
        // such filter: a key of another type answers the batch's GETRANGE with WRONGTYPE and is
        // skipped. Hashes (spring-session) share their prefix with strings, sets and a sorted
        // set, so they are filtered on the server.
        if rtype == RedisType::Hash {
            c.arg("TYPE").arg(rtype.as_str());
        }
        c
    }

    fn scan_once(
        &mut self,
        cursor: u64,
        pattern: &[u8],
        rtype: RedisType,
        count: usize,
    ) -> anyhow::Result<(u64, Vec<Vec<u8>>)> {
        let conn = &mut *self.conn;
        self.pacer
            .run(Kind::Scan, count, || {
                Self::scan_cmd(cursor, pattern, rtype, count).query(conn)
            })
            .map_err(|e| {
                // Redis 5 knows no `SCAN … TYPE` and calls it a syntax error; any other failure
                // (a lost connection, an ACL refusal) is said as it is.
                let old_server = rtype == RedisType::Hash && e.to_string().contains("syntax error");
                let failed = self.failed("SCAN", &e);
                if old_server {
                    failed.context("scanning keys (SCAN … TYPE needs Redis 6 or newer)")
                } else {
                    failed.context("scanning keys")
                }
            })
    }

    /// One batch of keys: first the size of every value (`STRLEN`, or `HLEN` for hashes); then,
    /// part by part, the values within the limits (strings with an `MGET` of at most
    /// [`FETCH_BYTES`], hashes with `HGETALL` each, [`HASHES_PER_PART`] at a time) and the TTLs
    /// of the records `want` keeps, each part handed to `emit` before the next is fetched. A
    /// value over the limit is never fetched: it is handed over as too large, with its size.
    /// Records `want` rejects are dropped here, so that a filtered scan asks the server for little
    /// more than the values. Returns `false` when `emit` asked to stop.
    ///
    /// `MGET` rather than a command per key: measured on 1,000,000 sessions, it costs the server
    /// about 2.4 s of CPU against 3.3 s for a `GETRANGE` each, and the server's CPU is what bounds
    /// a scan.
    fn fetch_batch(
        &mut self,
        keys: &[Vec<u8>],
        rtype: RedisType,
        want: Want<'_>,
        emit: &mut dyn FnMut(Vec<RawRecord>) -> anyhow::Result<bool>,
    ) -> anyhow::Result<bool> {
        let hash = rtype == RedisType::Hash;
        if keys.is_empty() {
            return Ok(true);
        }
        let size_cmd = if hash { "HLEN" } else { "STRLEN" };
        let mut p = redis::pipe();
        p.ignore_errors();
        for k in keys {
            self.ask(&mut p);
            p.cmd(size_cmd).arg(k);
        }
        let conn = &mut *self.conn;
        let replies: Vec<RV> = self
            .pacer
            .run(Kind::Small, keys.len(), || p.query(conn))
            .map_err(|e| self.failed(size_cmd, &e))?;
        let max = self.limits.max_value as u64;
        let record = |key: &[u8], value, size| RawRecord {
            key: key.to_vec(),
            rtype,
            value,
            pttl_ms: None,
            size,
        };
        // Records settled by their size alone go with the first part.
        let mut settled: Vec<RawRecord> = Vec::new();
        let mut to_fetch: Vec<(&[u8], u64)> = Vec::new();
        for (k, reply) in keys.iter().zip(replies) {
            let n = match reply {
                RV::Int(n) => u64::try_from(n).unwrap_or(0),
                // Not a string (a string scan has no TYPE filter), or no longer a hash.
                RV::ServerError(e) if e.code() == "WRONGTYPE" => continue,
                // Its slot moved away (a resharding): scanned again at its new node.
                RV::ServerError(e) if self.moved_away(k, &e) => continue,
                RV::ServerError(e) => return Err(self.refused(size_cmd, k, e)),
                _ => 0,
            };
            if hash && n > MAX_FIELDS {
                let why = format!(
                    "hash of {n} fields is over the {MAX_FIELDS} field limit: not read (HLEN)"
                );
                settled.push(record(k, RawValue::Failed(why), 0));
            } else if !hash && n > max {
                settled.push(record(k, RawValue::TooLarge, n));
            } else {
                to_fetch.push((k, n));
            }
        }
        let (part_keys, part_bytes) = self.pacer.pace().part_limits(FETCH_BYTES);
        let mut start = 0;
        loop {
            let mut end = start;
            let mut bytes = 0u64;
            while end < to_fetch.len()
                && (end == start
                    || if hash {
                        end - start < HASHES_PER_PART.min(part_keys)
                    } else {
                        end - start < part_keys && bytes + to_fetch[end].1 <= part_bytes
                    })
            {
                bytes += to_fetch[end].1;
                end += 1;
            }
            let mut part = std::mem::take(&mut settled);
            let chunk = &to_fetch[start..end];
            if hash {
                self.fetch_hashes(chunk, &record, &mut part)?;
            } else if !chunk.is_empty() {
                let cluster = self.cluster;
                let mut p = redis::pipe();
                p.ignore_errors();
                for (k, _) in chunk.iter().filter(|_| cluster) {
                    self.ask(&mut p);
                    p.cmd("GET").arg(*k);
                }
                let conn = &mut *self.conn;
                let values: Vec<RV> = self
                    .pacer
                    .run(Kind::Values, chunk.len(), || {
                        if cluster {
                            p.query(conn)
                        } else {
                            redis::cmd("MGET")
                                .arg(chunk.iter().map(|(k, _)| *k).collect::<Vec<_>>())
                                .query(conn)
                        }
                    })
                    .map_err(|e| self.failed(if cluster { "GET" } else { "MGET" }, &e))?;
                for ((k, _), v) in chunk.iter().zip(values) {
                    part.push(match v {
                        RV::BulkString(b) if b.len() as u64 <= max => {
                            let n = b.len() as u64;
                            record(k, RawValue::Bytes(b), n)
                        }
                        // Grown past the limit since STRLEN.
                        RV::BulkString(b) => record(k, RawValue::TooLarge, b.len() as u64),
                        // Its slot moved away since the scan (a resharding): not read here.
                        RV::ServerError(e) if self.moved_away(k, &e) => {
                            record(k, RawValue::Gone, 0)
                        }
                        // A GET (on a cluster) refused for another reason than the key's type.
                        RV::ServerError(e) if e.code() != "WRONGTYPE" => {
                            return Err(self.refused("GET", k, e));
                        }
                        // Nil: gone since the scan, or no longer a string.
                        _ => record(k, RawValue::Gone, 0),
                    });
                }
            }
            part.retain(|r| !matches!(r.value, RawValue::Gone) && want(r));
            self.ttls(&mut part)?;
            if !part.is_empty() && !emit(part)? {
                return Ok(false);
            }
            start = end;
            if start >= to_fetch.len() {
                return Ok(true);
            }
        }
    }

    /// The values of `chunk`'s hashes (`HGETALL` each, pipelined) into `part`.
    fn fetch_hashes(
        &mut self,
        chunk: &[(&[u8], u64)],
        record: &dyn Fn(&[u8], RawValue, u64) -> RawRecord,
        part: &mut Vec<RawRecord>,
    ) -> anyhow::Result<()> {
        if chunk.is_empty() {
            return Ok(());
        }
        let max = self.limits.max_value as u64;
        let mut p = redis::pipe();
        p.ignore_errors();
        for (k, _) in chunk {
            self.ask(&mut p);
            p.cmd("HGETALL").arg(*k);
        }
        let conn = &mut *self.conn;
        let replies: Vec<RV> = self
            .pacer
            .run(Kind::Values, chunk.len(), || p.query(conn))
            .map_err(|e| self.failed("fetching values", &e))?;
        for ((k, _), reply) in chunk.iter().zip(replies) {
            part.push(match reply {
                // The key stopped being a hash since the scan: its owner is unknown now.
                RV::ServerError(e) if e.code() == "WRONGTYPE" => record(
                    k,
                    RawValue::Failed("the key changed type while it was read (WRONGTYPE)".into()),
                    0,
                ),
                RV::ServerError(e) if self.moved_away(k, &e) => record(k, RawValue::Gone, 0),
                RV::ServerError(e) => return Err(self.refused("HGETALL", k, e)),
                other => {
                    let fields = hash_fields(other);
                    let size: u64 = fields.iter().map(|(f, v)| (f.len() + v.len()) as u64).sum();
                    if fields.is_empty() {
                        record(k, RawValue::Gone, 0)
                    } else if size > max {
                        record(k, RawValue::TooLarge, size)
                    } else {
                        record(k, RawValue::Hash(fields), size)
                    }
                }
            });
        }
        Ok(())
    }

    /// The TTLs of `records`; a record found gone meanwhile is marked so.
    fn ttls(&mut self, records: &mut [RawRecord]) -> anyhow::Result<()> {
        if records.is_empty() {
            return Ok(());
        }
        let mut p = redis::pipe();
        p.ignore_errors();
        for r in records.iter() {
            self.ask(&mut p);
            p.cmd("PTTL").arg(&r.key);
        }
        let conn = &mut *self.conn;
        let ttls: Vec<RV> = self
            .pacer
            .run(Kind::Small, records.len(), || p.query(conn))
            .map_err(|e| self.failed("PTTL", &e))?;
        for (r, t) in records.iter_mut().zip(ttls) {
            match t {
                RV::Int(ms) if ms >= 0 => r.pttl_ms = Some(ms),
                RV::Int(-2) => r.value = RawValue::Gone,
                RV::ServerError(e) if self.moved_away(&r.key, &e) => r.value = RawValue::Gone,
                // -1: no expiry. An error is never taken for "never expires".
                RV::ServerError(e) => return Err(self.refused("PTTL", &r.key, e)),
                _ => {}
            }
        }
        Ok(())
    }
}

fn hash_fields(v: RV) -> Vec<(Vec<u8>, Vec<u8>)> {
    let bytes = |v: RV| match v {
        RV::BulkString(b) => b,
        RV::SimpleString(s) => s.into_bytes(),
        _ => Vec::new(),
    };
    match v {
        RV::Array(items) => {
            let mut out = Vec::with_capacity(items.len() / 2);
            let mut it = items.into_iter();
            while let (Some(f), Some(v)) = (it.next(), it.next()) {
                out.push((bytes(f), bytes(v)));
            }
            out
        }
        RV::Map(pairs) => pairs
            .into_iter()
            .map(|(f, v)| (bytes(f), bytes(v)))
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_masked() {
        assert_eq!(
            mask_url("redis://127.0.0.1:6379/0"),
            "redis://127.0.0.1:6379/0"
        );
        assert_eq!(
            mask_url("redis://user:s3cret@host:6379/0"),
            "redis://user:***@host:6379/0"
        );
        assert_eq!(mask_url("redis://:s3cret@host/2"), "redis://:***@host/2");
        assert_eq!(mask_url("rediss://s3cret@host"), "rediss://***@host");
        assert_eq!(mask_url("redis://u:p@ss@host/0"), "redis://u:***@host/0");
        assert_eq!(mask_url("redis://:pa/ss?w@host/0"), "redis://:***@host/0");
        assert_eq!(
            mask_url("--redis-url=redis://u:s3/cret@host"),
            "--redis-url=redis://u:***@host"
        );
        assert_eq!(
            mask_url("redis+unix:///run/redis.sock?db=1&pass=s3cret"),
            "redis+unix:///run/redis.sock?db=1&pass=***"
        );
        assert_eq!(
            format!("{:?}", RedactedUrl("redis://a:b@h".into())),
            "redis://a:***@h"
        );
        assert_eq!(format!("{:?}", Password::new("x".into())), "(redacted)");
    }

    #[test]
    fn urls_without_a_password_are_shown_as_they_are() {
        for url in [
            "redis://127.0.0.1:6379/0",
            "redis://host",
            "rediss://host:6380/1",
            "redis://[::1]:6379/2",
            "redis://[::1]",
            "redis://host/0?protocol=resp3",
            "redis+unix:///run/redis.sock?db=1",
            "localhost:6379",
        ] {
            assert_eq!(mask_url(url), url);
        }
    }

    #[test]
    fn every_shape_of_url_is_masked() {
        let cases = [
            ("redis://:secret", "redis://:***"),
            ("redis://user:secret", "redis://user:***"),
            ("redis://user:secret/0", "redis://user:***"),
            ("redis://secret@", "redis://***@"),
            ("rediss://:pw@/0", "rediss://:***@/0"),
            ("redis://:p@ss", "redis://:***@ss"),
            ("redis://:@secret", "redis://***"),
            ("redis://secret:@", "redis://***"),
            ("redis://@secret/0", "redis://***"),
            ("redis://:6379", "redis://:***"),
            ("redis://[::1]:secret", "redis://[::1]:***"),
            ("redis://[secret:x", "redis://:***"),
            (":secret", ":***"),
            ("user:secret", "user:***"),
            (":secret@host", ":***@host"),
            ("secret@host", "***@host"),
            (
                "redis://host/0?password=secret",
                "redis://host/0?password=***",
            ),
            (
                "redis://host?PASS=secret&db=2",
                "redis://host?PASS=***&db=2",
            ),
        ];
        for (url, masked) in cases {
            assert_eq!(mask_url(url), masked, "{url}");
        }
    }

    /// Every URL shape × passwords holding the characters that end a URL part: the masked text
    /// never holds the password.
    #[test]
    fn no_shape_and_no_password_leaks() {
        const SHAPES: &[&str] = &[
            "redis://:{S}",
            "redis://user:{S}",
            "redis://{S}@",
            "redis://{S}@host",
            "rediss://:{S}@/0",
            "redis://:{S}@host",
            "redis://user:{S}@host:6379/0",
            "redis://user:{S}@host:6379/0?db=1",
            "redis://:{S}@[::1]:6379/0",
            "redis://:{S}/0",
            "redis://user:{S}?db=2",
            "redis://[::1]:{S}",
            "rediss://default:{S}@host#frag",
            ":{S}",
            "user:{S}",
            ":{S}@host",
            "user:{S}@host/0",
            "{S}@host",
            "--redis-url=redis://u:{S}@h",
            "redis://host/0?password={S}",
            "redis://host?db=1&pass={S}",
            "redis://:{S}@host/0?password={S}",
            "redis+unix:///run/redis.sock?db=1&password={S}",
            "unix:///tmp/r.sock?pass={S}",
        ];
        const SECRETS: &[&str] = &[
            "s3cr3t",
            "s3@cr3t",
            "s3:cr3t",
            "s3/cr3t",
            "s3?cr3t",
            "s3#cr3t",
            "s3%40cr3t",
            "@s3cr3t",
            "s3cr3t@",
            ":s3cr3t",
            "s3cr3t:",
            "/s3cr3t",
            "s3cr3t/",
            "?s3cr3t",
            "#s3cr3t",
            "%s3cr3t",
            "s3@:/?#%cr3t",
            "@:/?#%",
            "p@ss:w/o?r#d%",
        ];
        for shape in SHAPES {
            for secret in SECRETS {
                let url = shape.replace("{S}", secret);
                let masked = mask_url(&url);
                assert!(
                    !masked.contains(secret),
                    "{url:?} was masked as {masked:?}, which holds the password"
                );
                assert!(masked.contains("***"), "{url:?} → {masked:?}");
            }
        }
    }
}
