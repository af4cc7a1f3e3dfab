//! The Redis connection and the batched, pipelined scan.
//!
//! Connecting: `redis://`, `rediss://` (TLS, system roots), `redis+unix://` / `unix://`, a
//! database number, `user:password@`; a password given separately overrides the URL's. Connect and
//! command timeouts. Every failure to reach or authenticate is a [`ConnectError`] (exit 3) naming
//! the URL with its password masked and the cause; the password itself is never shown.
//!
//! Scanning is gentle on production: `SCAN MATCH … COUNT …` (never `KEYS`; `TYPE hash` for hash
//! stores) on one connection, and per batch of keys, on a second connection, one `MGET` (or an
//! `HGETALL` each), then the `PTTL`s of the records the caller keeps. Each command is short; the
//! server is never blocked for long. Values over the decoding limit are dropped undecoded. The
//! scan runs a batch or two ahead of the fetch, and the fetch one batch ahead of the caller's
//! decoding, so network and decoding overlap and a handful of batches are in memory.
//!
//! Every error reply is an error: a refused `TYPE`, `HGETALL`, `MGET`, `PTTL` or `GETRANGE`
//! (NOPERM, BUSY, LOADING, MISCONF, …) stops the command with one line naming the command, the
//! key and the server's words; it is never read as a missing key, an empty session or no expiry.
//! The one per-record exception is WRONGTYPE on a key scanned as a hash (it changed type since):
//! that record becomes [`RawValue::Failed`]. A timeout names the real `--timeout`.

use std::sync::mpsc;
use std::time::Duration;

use anyhow::Context as _;
use redis::Value as RV;

use super::{Limits, RawRecord, RawValue, RedisType};
use crate::exit::ConnectError;

/// Which fetched records to keep (and fetch TTLs for): a cheap pre-filter run in the fetcher.
pub type Want<'a> = &'a (dyn Fn(&RawRecord) -> bool + Sync);

/// A password, never printed: `Debug` shows `(redacted)`.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    /// Wraps a password.
    pub fn new(p: String) -> Password {
        Password(p)
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("(redacted)")
    }
}

/// How to reach Redis.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    /// The URL as given (may hold a password: never print it, use [`mask_url`]).
    pub url: RedactedUrl,
    /// A password asked for on the terminal: overrides the URL's.
    pub password: Option<Password>,
    /// A password from the environment: used only when the URL has none.
    pub env_password: Option<Password>,
    /// Connect and per-command timeout.
    pub timeout: Duration,
}

/// A URL that may carry a password: `Debug` shows it masked.
#[derive(Clone)]
pub struct RedactedUrl(pub String);

impl std::fmt::Debug for RedactedUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&mask_url(&self.0))
    }
}

/// The URL with its password replaced by `***`, whatever its shape and whether or not it parses:
/// userinfo after `:` (`redis://user:***@host`, `redis://:***@host`), a lone userinfo (redis-rs
/// reads `redis://***@host` as a password), a `pass=`/`password=` query parameter, and, when
/// there is no `@`, anything after a `:` that is not a port (`redis://:***`,
/// `redis://user:***`): from there to the end is dropped, since a password typed unencoded may
/// hold `/`, `?` or `#` and its end cannot be told.
pub fn mask_url(url: &str) -> String {
    let (scheme, rest) = match url.find("://") {
        Some(i) => (&url[..i + 3], &url[i + 3..]),
        None => ("", url),
    };
    let rest = mask_params(rest);
    if scheme.ends_with("unix://") {
        // A socket path, then the query: no authority.
        return format!("{scheme}{rest}");
    }
    // The authority ends at the first `/` or `?` after the last `@`: a password typed with a raw
    // `/`, `?` or `@` in it (unencoded) is still inside the part that gets masked.
    let host_start = rest.rfind('@').map_or(0, |at| at + 1);
    let auth_end = rest[host_start..]
        .find(['/', '?'])
        .map_or(rest.len(), |i| host_start + i);
    let (authority, tail) = rest.split_at(auth_end);
    // A userinfo never starts with `[`: an `@` after `[IPv6]:` is inside a password.
    let at = authority.rfind('@').filter(|_| !authority.starts_with('['));
    let Some(at) = at else {
        return match port_less(authority) {
            // No `@`, but a `:` that does not start a port: the rest is taken for a password.
            Some(kept) => format!("{scheme}{kept}:***"),
            None => format!("{scheme}{authority}{tail}"),
        };
    };
    let userinfo = &authority[..at];
    let host = &authority[at + 1..];
    let userinfo = match userinfo.split_once(':') {
        // `redis://:@x`, `redis://@x`, `redis://x:@`: an empty password is more likely a
        // password holding `@` or `:` (unencoded) than no password at all; all of it is hidden.
        Some((_, "")) => return format!("{scheme}***"),
        None if userinfo.is_empty() => return format!("{scheme}***"),
        Some((user, _)) => format!("{user}:***"),
        // redis://secret@host: a lone userinfo is the password (redis-rs reads it so).
        None => "***".to_owned(),
    };
    format!("{scheme}{userinfo}@{host}{tail}")
}

/// For an authority without `@` whose `:` does not start a port (`:secret`, `user:secret`,
/// `host:port-that-is-not-digits`, an empty host): the part to keep before the `:`.
fn port_less(authority: &str) -> Option<&str> {
    let (host, after) = if authority.starts_with('[') {
        // [IPv6]:port
        let Some(close) = authority.find(']') else {
            // Not a host: hide all of it.
            return Some("");
        };
        let close = close + 1;
        let after = &authority[close..];
        if after.is_empty() {
            return None;
        }
        (
            &authority[..close],
            after.strip_prefix(':').unwrap_or(after),
        )
    } else {
        let (host, port) = authority.split_once(':')?;
        (host, port)
    };
    let is_port =
        !after.is_empty() && after.len() <= 5 && after.bytes().all(|b| b.is_ascii_digit());
    if is_port && !host.is_empty() {
        None
    } else {
        Some(host)
    }
}

/// `text` with the value of every `pass`/`password` query parameter (after `?` or `&`, up to the
/// next `&`) replaced by `***`. Done before the authority is looked for, so that an `@` in such a
/// value cannot pass for the end of a userinfo.
fn mask_params(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(off) = lower[i..].find(['?', '&']) {
        let sep = i + off;
        out.push_str(&text[i..=sep]);
        i = sep + 1;
        let name = ["password=", "pass="]
            .into_iter()
            .find(|n| lower[i..].starts_with(n));
        if let Some(name) = name {
            out.push_str(&text[i..i + name.len()]);
            out.push_str("***");
            i = lower[i..].find('&').map_or(text.len(), |n| i + n);
        }
    }
    out.push_str(&text[i..]);
    out
}

/// A connected store.
pub struct RedisStore {
    conn: redis::Connection,
    client: redis::Client,
    server: Server,
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisStore")
            .field("url", &self.server.shown)
            .finish()
    }
}

fn connect_error(shown: &str, cause: String) -> anyhow::Error {
    anyhow::Error::new(ConnectError(format!(
        "cannot reach Redis at {shown}: {cause}"
    )))
}

/// A redis error in words, without anything that could hold the password.
fn cause(e: &redis::RedisError, timeout: Duration) -> String {
    if is_timeout(e) {
        return format!("timed out after {}", humantime(timeout));
    }
    if e.is_connection_refusal() {
        return "connection refused".into();
    }
    let text = error_text(e);
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
    text
}

/// True for a timeout, however it surfaces: redis-rs' own, or a socket read or write timeout
/// (an io error of kind `WouldBlock`, "Resource temporarily unavailable", or `TimedOut`)
/// anywhere in the error's sources.
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

/// A redis error as one line: a server's answer as the server worded it (`NOPERM User …`),
/// anything else as redis-rs words it.
fn error_text(e: &redis::RedisError) -> String {
    if let Some(errs) = e.clone().into_server_errors()
        && let Some((_, first)) = errs.first()
    {
        return server_text(first);
    }
    match (e.code(), e.detail()) {
        (Some(code), Some(detail)) => format!("{code} {detail}"),
        (Some(code), None) => code.to_owned(),
        _ => e.to_string(),
    }
}

/// A server's error reply as the server worded it: its code, then its message.
pub fn server_text(e: &redis::ServerError) -> String {
    match e.details() {
        Some(d) => format!("{} {d}", e.code()),
        None => e.code().to_owned(),
    }
}

/// A pipeline's replies, one per command sent: `n` of them, a missing one standing as `Nil` (which
/// every caller takes for an unexpected reply rather than for an answer).
fn pad(replies: Vec<RV>, n: usize) -> impl Iterator<Item = RV> {
    replies
        .into_iter()
        .chain(std::iter::repeat(RV::Nil))
        .take(n)
}

/// Where a command went, for wording its failures: the URL (password masked) and the timeout.
#[derive(Debug, Clone)]
struct Server {
    shown: String,
    timeout: Duration,
}

impl Server {
    /// A failed command (or pipeline) `what`: a lost connection or a timeout is a
    /// [`ConnectError`]; anything else names `what`, the server and its answer.
    fn failed(&self, what: &str, e: &redis::RedisError) -> anyhow::Error {
        if is_timeout(e) || e.is_io_error() || e.is_connection_dropped() {
            connect_error(&self.shown, format!("{what}: {}", cause(e, self.timeout)))
        } else {
            anyhow::anyhow!("{what} on {}: {}", self.shown, error_text(e))
        }
    }

    /// An error reply to `cmd` on `key`: the command, the key (escaped), the server and its
    /// answer, in one line.
    fn refused(&self, cmd: &str, key: &[u8], e: &redis::ServerError) -> anyhow::Error {
        anyhow::anyhow!(
            "{cmd} {} refused by Redis at {}: {}",
            super::escape_key(key),
            self.shown,
            server_text(e)
        )
    }

    /// `TYPE key`'s answer: the key's type, `None` when it does not exist.
    fn type_of(&self, key: &[u8], reply: RV) -> anyhow::Result<Option<RedisType>> {
        match reply {
            RV::SimpleString(s) if s == "none" => Ok(None),
            RV::SimpleString(s) => Ok(Some(RedisType::parse(&s))),
            RV::ServerError(e) => Err(self.refused("TYPE", key, &e)),
            _ => Err(self.unexpected("TYPE", key)),
        }
    }

    /// A reply of a shape `cmd` never gives.
    fn unexpected(&self, cmd: &str, key: &[u8]) -> anyhow::Error {
        anyhow::anyhow!(
            "{cmd} {} on {}: unexpected reply",
            super::escape_key(key),
            self.shown
        )
    }
}

fn humantime(d: Duration) -> String {
    let ms = d.as_millis();
    if ms.is_multiple_of(1000) {
        format!("{}s", ms / 1000)
    } else {
        format!("{ms}ms")
    }
}

impl RedisStore {
    /// Connects, authenticates and checks the connection with `PING`.
    ///
    /// # Errors
    /// A [`ConnectError`] for an unusable URL, an unreachable server, a timeout, a refused
    /// password or a TLS failure.
    pub fn connect(opts: &ConnectOptions) -> anyhow::Result<RedisStore> {
        let shown = mask_url(&opts.url.0);
        if opts.url.0.starts_with("rediss://") {
            // rustls needs a process-wide crypto provider; another part of sessctl may have
            // installed one already, which is fine.
            let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
        }
        let info = redis::IntoConnectionInfo::into_connection_info(opts.url.0.as_str())
            .map_err(|e| {
                connect_error(
                    &shown,
                    format!(
                        "not a Redis URL ({}); use redis://[user:password@]host[:port][/db], rediss://… or redis+unix:///path/to/socket[?db=N]",
                        e.category()
                    ),
                )
            })?;
        let url_has_password = info.redis_settings().password().is_some();
        let password = opts
            .password
            .as_ref()
            .or(opts.env_password.as_ref().filter(|_| !url_has_password));
        let info = match password {
            Some(p) => {
                let settings = info.redis_settings().clone().set_password(&p.0);
                info.set_redis_settings(settings)
            }
            None => info,
        };
        let client = redis::Client::open(info)
            .map_err(|e| connect_error(&shown, cause(&e, opts.timeout)))?;
        let mut conn = client
            .get_connection_with_timeout(opts.timeout)
            .map_err(|e| connect_error(&shown, cause(&e, opts.timeout)))?;
        conn.set_read_timeout(Some(opts.timeout))
            .and_then(|()| conn.set_write_timeout(Some(opts.timeout)))
            .map_err(|e| connect_error(&shown, cause(&e, opts.timeout)))?;
        redis::cmd("PING")
            .query::<()>(&mut conn)
            .map_err(|e| connect_error(&shown, cause(&e, opts.timeout)))?;
        Ok(RedisStore {
            conn,
            client,
            server: Server {
                shown,
                timeout: opts.timeout,
            },
        })
    }

    /// The URL with the password masked.
    pub fn shown(&self) -> &str {
        &self.server.shown
    }

    /// The connect and per-command timeout.
    pub fn timeout(&self) -> Duration {
        self.server.timeout
    }

    /// A failed command in one line, for the store layer's other modules: a lost connection or
    /// a timeout (with the real duration) is a [`ConnectError`]; anything else names `what`, the
    /// server and its answer as the server worded it.
    pub fn failed(&self, what: &str, e: &redis::RedisError) -> anyhow::Error {
        self.server.failed(what, e)
    }

    /// An error reply to `cmd` on `key`, in one line naming both.
    pub fn refused(&self, cmd: &str, key: &[u8], e: &redis::ServerError) -> anyhow::Error {
        self.server.refused(cmd, key, e)
    }

    /// Scans keys matching `pattern` of type `rtype`, fetching each batch's values and TTLs, and
    /// hands every batch to `on_batch` (with the number of keys scanned so far) until the scan
    /// ends or `on_batch` returns `false`. Only records `want` keeps are handed over (and have
    /// their TTL fetched). Returns the number of keys scanned.
    ///
    /// # Errors
    /// Redis failures (a [`ConnectError`] when the connection is lost), or `on_batch`'s error.
    pub fn scan(
        &mut self,
        pattern: &[u8],
        rtype: RedisType,
        count: usize,
        limits: &Limits,
        want: Want<'_>,
        on_batch: &mut dyn FnMut(Vec<RawRecord>, u64) -> anyhow::Result<bool>,
    ) -> anyhow::Result<u64> {
        // Three connections keep the (single-threaded) server busy: one walks the SCAN cursor,
        // two fetch the values of the batches before it in turn; while the client reads one
        // reply, the server is already answering the other connection.
        let mut scan_conn = self.side_connection()?;
        let mut second = self.side_connection()?;
        let (keys_tx, keys_rx) = mpsc::sync_channel::<anyhow::Result<(Vec<Vec<u8>>, u64)>>(2);
        // Shared by the fetchers, and dropped with the last of them, so that the scanner stops.
        let keys_rx = std::sync::Arc::new(std::sync::Mutex::new(keys_rx));
        let (tx, rx) = mpsc::sync_channel::<anyhow::Result<(Vec<RawRecord>, u64)>>(2);
        let server = self.server.clone();
        let conn = &mut self.conn;
        std::thread::scope(|s| {
            let scan_server = server.clone();
            s.spawn(move || {
                let mut scanner = Fetcher {
                    conn: &mut scan_conn,
                    server: scan_server,
                    limits,
                };
                let mut cursor = 0;
                let mut scanned = 0u64;
                loop {
                    match scanner.scan_once(cursor, pattern, rtype, count) {
                        Ok((next, keys)) => {
                            scanned += keys.len() as u64;
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
            for conn in [conn, &mut second] {
                let (keys_rx, tx, server) = (keys_rx.clone(), tx.clone(), server.clone());
                s.spawn(move || {
                    let mut fetcher = Fetcher {
                        conn,
                        server,
                        limits,
                    };
                    loop {
                        // The lock is held only while waiting for the next batch of keys.
                        let item = match keys_rx.lock() {
                            Ok(rx) => rx.recv(),
                            Err(_) => return,
                        };
                        let sent = match item {
                            Ok(Ok((keys, scanned))) => {
                                match fetcher.fetch_batch(&keys, rtype, None, want) {
                                    Ok((records, _)) => tx.send(Ok((records, scanned))),
                                    Err(e) => tx.send(Err(e)),
                                }
                            }
                            Ok(Err(e)) => tx.send(Err(e)),
                            Err(_) => return,
                        };
                        if sent.is_err() {
                            return;
                        }
                    }
                });
            }
            drop((tx, keys_rx));
            let mut total = 0;
            for item in rx.iter() {
                let (records, scanned) = item?;
                // Two fetchers may hand batches over out of turn.
                total = total.max(scanned);
                if !on_batch(records, scanned)? {
                    break;
                }
            }
            drop(rx);
            Ok(total)
        })
    }

    /// Another connection to the same server, with the same timeouts.
    fn side_connection(&self) -> anyhow::Result<redis::Connection> {
        let conn = self
            .client
            .get_connection_with_timeout(self.server.timeout)
            .map_err(|e| connect_error(&self.server.shown, cause(&e, self.server.timeout)))?;
        conn.set_read_timeout(Some(self.server.timeout))
            .and_then(|()| conn.set_write_timeout(Some(self.server.timeout)))
            .map_err(|e| connect_error(&self.server.shown, cause(&e, self.server.timeout)))?;
        Ok(conn)
    }

    /// Fetches the given keys (values, sizes, TTLs); keys that do not exist are left out.
    ///
    /// # Errors
    /// Redis failures.
    pub fn fetch(&mut self, keys: &[Vec<u8>], limits: &Limits) -> anyhow::Result<Vec<RawRecord>> {
        let mut p = redis::pipe();
        p.ignore_errors();
        for k in keys {
            p.cmd("TYPE").arg(k);
        }
        let replies: Vec<RV> = p
            .query(&mut self.conn)
            .map_err(|e| self.failed("TYPE", &e))?;
        let types = keys
            .iter()
            .zip(pad(replies, keys.len()))
            .map(|(k, reply)| self.server.type_of(k, reply))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let mut out = Vec::new();
        for rtype in [RedisType::String, RedisType::Hash] {
            let these: Vec<Vec<u8>> = keys
                .iter()
                .zip(&types)
                .filter(|(_, t)| **t == Some(rtype))
                .map(|(k, _)| k.clone())
                .collect();
            if these.is_empty() {
                continue;
            }
            let mut f = Fetcher {
                conn: &mut self.conn,
                server: self.server.clone(),
                limits,
            };
            let (records, _) = f.fetch_batch(&these, rtype, None, &|_| true)?;
            out.extend(
                records
                    .into_iter()
                    .filter(|r| !matches!(r.value, RawValue::Gone)),
            );
        }
        Ok(out)
    }

    /// Up to `max` keys of any type from the keyspace (for auto-detection), with each one's type
    /// and first `head` bytes (strings only).
    ///
    /// # Errors
    /// Redis failures.
    pub fn sample(&mut self, max: usize, head: usize) -> anyhow::Result<Vec<Sample>> {
        let mut keys: Vec<Vec<u8>> = Vec::new();
        let mut cursor = 0u64;
        loop {
            let (next, batch): (u64, Vec<Vec<u8>>) = redis::cmd("SCAN")
                .arg(cursor)
                .arg("COUNT")
                .arg(1000)
                .query(&mut self.conn)
                .map_err(|e| self.failed("SCAN", &e))?;
            keys.extend(batch);
            cursor = next;
            if cursor == 0 || keys.len() >= max {
                break;
            }
        }
        keys.truncate(max);
        let mut out = Vec::with_capacity(keys.len());
        for chunk in keys.chunks(500) {
            let mut p = redis::pipe();
            p.ignore_errors();
            for k in chunk {
                p.cmd("TYPE").arg(k);
                p.cmd("GETRANGE").arg(k).arg(0).arg(head.saturating_sub(1));
            }
            let replies: Vec<RV> = p
                .query(&mut self.conn)
                .map_err(|e| self.failed("TYPE", &e))?;
            let mut replies = pad(replies, chunk.len() * 2);
            for k in chunk {
                let (t, h) = (replies.next(), replies.next());
                let Some(t) = self.server.type_of(k, t.unwrap_or(RV::Nil))? else {
                    // Gone since the scan.
                    continue;
                };
                let h = match h {
                    Some(RV::BulkString(b)) => b,
                    // Not a string: GETRANGE answers WRONGTYPE, and the type says what it is.
                    Some(RV::ServerError(e)) if e.code() == "WRONGTYPE" => Vec::new(),
                    Some(RV::ServerError(e)) => return Err(self.refused("GETRANGE", k, &e)),
                    _ => return Err(self.server.unexpected("GETRANGE", k)),
                };
                out.push((k.clone(), t, h));
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
        let mut cursor = 0u64;
        let mut scanned = 0u64;
        loop {
            let (next, keys): (u64, Vec<Vec<u8>>) =
                Fetcher::scan_cmd(cursor, pattern, RedisType::String, count)
                    .query(&mut self.conn)
                    .map_err(|e| self.failed("SCAN", &e))?;
            scanned += keys.len() as u64;
            on_batch(keys);
            if next == 0 {
                return Ok(scanned);
            }
            cursor = next;
        }
    }

    /// The raw connection, for commands built elsewhere in the store layer.
    pub fn connection(&mut self) -> &mut redis::Connection {
        &mut self.conn
    }
}

/// A sampled key: its bytes, type and first bytes.
pub type Sample = (Vec<u8>, RedisType, Vec<u8>);

type NextScan<'p> = Option<(u64, &'p [u8], usize)>;

/// The reply to a pipelined next SCAN: its cursor and keys.
type ScanReply = Option<(u64, Vec<Vec<u8>>)>;

struct Fetcher<'a> {
    conn: &'a mut redis::Connection,
    server: Server,
    limits: &'a Limits,
}

impl Fetcher<'_> {
    fn failed(&self, what: &str, e: &redis::RedisError) -> anyhow::Error {
        self.server.failed(what, e)
    }

    /// An error reply to a batch's `MGET`: named by its first key and the number of keys.
    fn mget_refused(&self, keys: &[Vec<u8>], e: &redis::ServerError) -> anyhow::Error {
        let first = keys.first().map_or(&[][..], Vec::as_slice);
        let more = match keys.len() {
            0 | 1 => String::new(),
            n => format!(" (and {} more keys)", n - 1),
        };
        anyhow::anyhow!(
            "MGET {}{more} refused by Redis at {}: {}",
            super::escape_key(first),
            self.server.shown,
            server_text(e)
        )
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
        Self::scan_cmd(cursor, pattern, rtype, count)
            .query(self.conn)
            .map_err(|e| self.failed("SCAN", &e))
            .context("scanning keys (SCAN … TYPE needs Redis 6 or newer)")
    }

    /// One batch: the values (strings with one `MGET`, hashes with `HGETALL` each) pipelined with
    /// the next SCAN; then the TTLs of the records `want` keeps. Records `want` rejects are
    /// dropped here, so that a filtered scan asks the server for little more than the values.
    ///
    /// One `MGET` per batch rather than a command per key: measured on 1,000,000 sessions, it
    /// costs the server about 2.4 s of CPU against 3.3 s for a `GETRANGE` each, and the server's
    /// CPU is what bounds a scan. A value over the limit is read, then dropped undecoded.
    fn fetch_batch(
        &mut self,
        keys: &[Vec<u8>],
        rtype: RedisType,
        next: NextScan<'_>,
        want: Want<'_>,
    ) -> anyhow::Result<(Vec<RawRecord>, ScanReply)> {
        let hash = rtype == RedisType::Hash;
        if keys.is_empty() && next.is_none() {
            return Ok((Vec::new(), None));
        }
        let mut p = redis::pipe();
        p.ignore_errors();
        if hash {
            for k in keys {
                p.cmd("HGETALL").arg(k);
            }
        } else if !keys.is_empty() {
            p.cmd("MGET").arg(keys);
        }
        if let Some((cursor, pattern, count)) = next {
            p.add_command(Self::scan_cmd(cursor, pattern, rtype, count));
        }
        let mut replies: Vec<RV> = p
            .query(self.conn)
            .map_err(|e| self.failed("fetching values", &e))?;
        let following = match next {
            Some((cursor, _, _)) => match replies.pop() {
                Some(RV::ServerError(e)) => {
                    return Err(self
                        .server
                        .refused("SCAN", cursor.to_string().as_bytes(), &e));
                }
                Some(scan) => Some(
                    redis::from_redis_value::<(u64, Vec<Vec<u8>>)>(scan)
                        .map_err(|e| self.failed("SCAN", &e.into()))?,
                ),
                None => {
                    return Err(self
                        .server
                        .unexpected("SCAN", cursor.to_string().as_bytes()));
                }
            },
            None => None,
        };
        if !hash && !keys.is_empty() {
            replies = match replies.pop() {
                Some(RV::Array(values)) if values.len() == keys.len() => values,
                Some(RV::ServerError(e)) => return Err(self.mget_refused(keys, &e)),
                _ => return Err(self.server.unexpected("MGET", &keys[0])),
            };
        }
        let max = self.limits.max_value as u64;
        let mut records = Vec::with_capacity(keys.len());
        for (k, reply) in keys.iter().zip(pad(replies, keys.len())) {
            let (value, size) = if hash {
                match reply {
                    // The key is no longer a hash (it changed type since the scan): this
                    // record cannot be read, the others can.
                    RV::ServerError(e) if e.code() == "WRONGTYPE" => (
                        RawValue::Failed(format!(
                            "the key changed type while it was read (HGETALL answered {})",
                            server_text(&e)
                        )),
                        0,
                    ),
                    // Refused (NOPERM, BUSY, LOADING, MISCONF, …): never taken for "no session".
                    RV::ServerError(e) => return Err(self.server.refused("HGETALL", k, &e)),
                    reply @ (RV::Array(_) | RV::Map(_)) => {
                        let fields = hash_fields(reply);
                        let size = fields.iter().map(|(f, v)| (f.len() + v.len()) as u64).sum();
                        if fields.is_empty() {
                            // HGETALL answers an empty hash for a key that no longer exists.
                            (RawValue::Gone, 0)
                        } else {
                            (RawValue::Hash(fields), size)
                        }
                    }
                    _ => return Err(self.server.unexpected("HGETALL", k)),
                }
            } else {
                match reply {
                    RV::BulkString(b) if b.len() as u64 <= max => {
                        let n = b.len() as u64;
                        (RawValue::Bytes(b), n)
                    }
                    RV::BulkString(b) => (RawValue::TooLarge, b.len() as u64),
                    // Nil: gone since the scan, or not a string (MGET answers nil for those).
                    RV::Nil => (RawValue::Gone, 0),
                    _ => return Err(self.server.unexpected("MGET", k)),
                }
            };
            records.push(RawRecord {
                key: k.clone(),
                rtype,
                value,
                pttl_ms: None,
                size,
            });
        }
        records.retain(|r| !matches!(r.value, RawValue::Gone) && want(r));
        if !records.is_empty() {
            let mut p = redis::pipe();
            p.ignore_errors();
            for r in &records {
                p.cmd("PTTL").arg(&r.key);
            }
            let ttls: Vec<RV> = p.query(self.conn).map_err(|e| self.failed("PTTL", &e))?;
            let n = records.len();
            for (r, t) in records.iter_mut().zip(pad(ttls, n)) {
                match t {
                    RV::Int(ms) if ms >= 0 => r.pttl_ms = Some(ms),
                    // No expiry.
                    RV::Int(-1) => {}
                    RV::Int(-2) => r.value = RawValue::Gone,
                    // Refused: never taken for "never expires".
                    RV::ServerError(e) => return Err(self.server.refused("PTTL", &r.key, &e)),
                    _ => return Err(self.server.unexpected("PTTL", &r.key)),
                }
            }
        }
        Ok((records, following))
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

    fn server() -> Server {
        Server {
            shown: "redis://u:***@h:6379/0".into(),
            timeout: Duration::from_millis(500),
        }
    }

    fn server_error(reply: &[u8]) -> redis::ServerError {
        match redis::parse_redis_value(reply).unwrap() {
            RV::ServerError(e) => e,
            other => panic!("not an error reply: {other:?}"),
        }
    }

    #[test]
    fn refusals_name_the_command_the_key_and_the_servers_words() {
        let e = server_error(b"-NOPERM User u has no permissions to run the 'hgetall' command\r\n");
        assert_eq!(
            server()
                .refused("HGETALL", b"spring:session:sessions:a\xff", &e)
                .to_string(),
            "HGETALL spring:session:sessions:a\\xff refused by Redis at redis://u:***@h:6379/0: \
             NOPERM User u has no permissions to run the 'hgetall' command"
        );
        let e = server_error(b"-LOADING Redis is loading the dataset in memory\r\n");
        assert_eq!(
            server_text(&e),
            "LOADING Redis is loading the dataset in memory"
        );
    }

    #[test]
    fn type_answers_are_types_or_errors() {
        let s = server();
        assert_eq!(
            s.type_of(b"k", RV::SimpleString("hash".into())).unwrap(),
            Some(RedisType::Hash)
        );
        assert_eq!(
            s.type_of(b"k", RV::SimpleString("none".into())).unwrap(),
            None
        );
        let busy = RV::ServerError(server_error(b"-BUSY Redis is busy running a script\r\n"));
        assert_eq!(
            s.type_of(b"k", busy).unwrap_err().to_string(),
            "TYPE k refused by Redis at redis://u:***@h:6379/0: BUSY Redis is busy running a script"
        );
        assert!(s.type_of(b"k", RV::Nil).is_err());
    }

    #[test]
    fn socket_timeouts_are_timeouts_of_the_real_duration() {
        for kind in [std::io::ErrorKind::WouldBlock, std::io::ErrorKind::TimedOut] {
            let e = redis::RedisError::from(std::io::Error::from(kind));
            let err = server().failed("SCAN", &e);
            assert_eq!(
                crate::exit::classify(&err),
                crate::exit::Exit::Connection,
                "{kind:?}"
            );
            assert_eq!(
                err.to_string(),
                "cannot reach Redis at redis://u:***@h:6379/0: SCAN: timed out after 500ms"
            );
        }
    }

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
