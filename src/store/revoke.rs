//! Check-and-delete on the server: one short Lua script per batch of sessions (`EVALSHA`, loaded
//! with `SCRIPT LOAD`, `EVAL` again after `NOSCRIPT`), which re-reads each session and removes it
//! (and its companion keys) only if the bytes sessctl decoded and found to be the user's are still
//! there. A session rewritten between the scan and the delete is never removed: it is reported
//! `changed` and left for the next pass (`--until-clean`), which decodes it again with the same
//! decoder that listed it. So there is one rule for who owns a session, sessctl's decoder; the
//! script never interprets a value.
//!
//! The check, per session, by SHA-1 digest (`redis.sha1hex` on the server), so that every script
//! call stays small whatever the values weigh:
//! - a string: the digest of its whole value;
//! - a hash (spring-session): the digest of each field that names its user (absent stays absent).
//!
//! Companion operations (spring's principal index and expirations members, its `expires:` key,
//! php's `_LOCK` key) run in the given order, before the session key is unlinked, in the same
//! atomic script. Every key a script touches is declared in KEYS.
//!
//! Must not import `cli`, `commands`, `report` or `output`.

use redis::Value as RV;

use super::pace::Kind;
use super::preset::Preset;
use super::redis::RedisStore;
use super::{RawRecord, RawValue, Session};

/// Sessions per script call at most: short scripts, so Redis is never blocked for long.
pub const BATCH: usize = 200;

/// Bytes of stored values one script call may read (and hash) at most; a single larger session
/// gets a call of its own. Values are never sent to the server, only their 40-byte digests.
pub const BATCH_BYTES: u64 = 8 << 20;

/// What must still hold for a session to be deleted.
#[derive(Debug, Clone)]
pub enum Check {
    /// The string value has this SHA-1 (lowercase hex).
    Value(String),
    /// Each hash field holds a value with this SHA-1 (`None`: the field is absent).
    Fields(Vec<(Vec<u8>, Option<String>)>),
    /// No check: delete whatever is there (`sessions delete` and `expire --in 0` by id).
    None,
    /// The session key must *not* exist: only its companions run (a stale principal index
    /// member is removed only while the session it names is still absent, so that a session
    /// re-created meanwhile keeps its index entry). `deleted` when a companion removed
    /// something, `gone` when nothing was left to remove, `changed` when the key exists again.
    Absent,
}

/// A companion operation, run before the session key is unlinked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// `SREM key member`.
    Srem(Vec<u8>, Vec<u8>),
    /// `ZREM key member`.
    Zrem(Vec<u8>, Vec<u8>),
    /// `UNLINK key`.
    Unlink(Vec<u8>),
}

/// One session to remove.
#[derive(Debug, Clone)]
pub struct Target {
    /// The session key.
    pub key: Vec<u8>,
    /// What must still hold.
    pub check: Check,
    /// Companion operations, in order.
    pub ops: Vec<Op>,
    /// Bytes the script reads to check it (the value's size when it was fetched).
    pub size: u64,
}

/// The key an operation names.
fn op_key(op: &Op) -> &[u8] {
    match op {
        Op::Srem(k, _) | Op::Zrem(k, _) | Op::Unlink(k) => k,
    }
}

/// What happened to one target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Removed (with its companions).
    Deleted,
    /// The key no longer existed.
    Gone,
    /// The session changed and no longer provably belongs to the user: left alone.
    Changed,
}

const SCRIPT: &str = r"
local n = tonumber(ARGV[1])
local a = 2
local out = {}
-- An error answer to a command on KEYS[k] other than WRONGTYPE (the key changed type: the
-- session changed) stops the call: its outcome so far is unknown to the caller, which says so.
local function refused(r)
  return type(r) == 'table' and r.err ~= nil and string.sub(r.err, 1, 9) ~= 'WRONGTYPE'
end
local function failed(k, cmd, r)
  return {'failed', tostring(k), cmd, r.err}
end
-- A command the user may not run on a key, worded as the server words a refusal: the command
-- itself, or the key.
local function denied(k, cmd)
  if redis.acl_check_cmd(cmd) then
    return failed(k, cmd, {err = 'NOPERM this user has no permissions to access one of the keys used as arguments'})
  end
  return failed(k, cmd, {err = 'NOPERM this user has no permissions to run the \'' .. string.lower(cmd) .. '\' command'})
end
for i = 1, n do
  local ki = tonumber(ARGV[a])
  local key = KEYS[ki]
  local kind = ARGV[a + 1]
  a = a + 2
  local ok = false
  local status = 'changed'
  if kind == 's' then
    local expected = ARGV[a]
    a = a + 1
    local cur = redis.pcall('GET', key)
    if refused(cur) then return failed(ki, 'GET', cur) end
    if cur == false then
      status = 'gone'
    elseif type(cur) == 'string' and redis.sha1hex(cur) == expected then
      ok = true
    end
  elseif kind == 'h' then
    local nf = tonumber(ARGV[a])
    a = a + 1
    local ex = redis.call('EXISTS', key) == 1
    ok = ex
    if not ex then status = 'gone' end
    for _ = 1, nf do
      local f, present, digest = ARGV[a], ARGV[a + 1], ARGV[a + 2]
      a = a + 3
      local cur = redis.pcall('HGET', key, f)
      if refused(cur) then return failed(ki, 'HGET', cur) end
      if type(cur) == 'table' then
        ok = false
      elseif present == '1' then
        if cur == false or redis.sha1hex(cur) ~= digest then ok = false end
      elseif cur ~= false then
        ok = false
      end
    end
  elseif kind == 'a' then
    ok = redis.call('EXISTS', key) == 0
  else
    ok = redis.call('EXISTS', key) == 1
    if not ok then status = 'gone' end
  end
  local nops = tonumber(ARGV[a])
  a = a + 1
  if ok then
    -- Where the server can tell (Redis 7), a command the user may not run is found before
    -- anything of this session is touched.
    if redis.acl_check_cmd then
      for j = 0, nops - 1 do
        local op = ARGV[a + 3 * j]
        local kj = tonumber(ARGV[a + 3 * j + 1])
        local cmd = string.upper(op)
        local allowed
        if op == 'unlink' then
          allowed = redis.acl_check_cmd('UNLINK', KEYS[kj])
        else
          allowed = redis.acl_check_cmd(cmd, KEYS[kj], ARGV[a + 3 * j + 2])
        end
        if not allowed then
          return denied(kj, cmd)
        end
      end
      if kind ~= 'a' and not redis.acl_check_cmd('UNLINK', key) then
        return denied(ki, 'UNLINK')
      end
    end
    local removed = 0
    for j = 0, nops - 1 do
      local op = ARGV[a + 3 * j]
      local kj = tonumber(ARGV[a + 3 * j + 1])
      local k = KEYS[kj]
      local m = ARGV[a + 3 * j + 2]
      local r
      if op == 'srem' then r = redis.pcall('SREM', k, m)
      elseif op == 'zrem' then r = redis.pcall('ZREM', k, m)
      else r = redis.pcall('UNLINK', k) end
      if refused(r) then return failed(kj, string.upper(op), r) end
      if type(r) == 'number' then removed = removed + r end
    end
    if kind == 'a' then
      if removed > 0 then status = 'deleted' else status = 'gone' end
    else
      redis.call('UNLINK', key)
      status = 'deleted'
    end
  end
  a = a + 3 * nops
  out[i] = status
end
return out
";

/// Lowercase hex SHA-1, as `redis.sha1hex` writes it.
pub fn sha1_hex(bytes: &[u8]) -> String {
    let d = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA1_FOR_LEGACY_USE_ONLY, bytes);
    let mut s = String::with_capacity(40);
    for b in d.as_ref() {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Splits `targets` into script calls: at most [`BATCH`] sessions and [`BATCH_BYTES`] of values
/// each (a larger single session gets a call of its own). Returns the end index of each call.
pub fn batch_ends(targets: &[Target]) -> Vec<usize> {
    let mut ends = Vec::new();
    let (mut n, mut bytes) = (0usize, 0u64);
    for (i, t) in targets.iter().enumerate() {
        if n > 0 && (n == BATCH || bytes.saturating_add(t.size) > BATCH_BYTES) {
            ends.push(i);
            n = 0;
            bytes = 0;
        }
        n += 1;
        bytes = bytes.saturating_add(t.size);
    }
    if n > 0 {
        ends.push(targets.len());
    }
    ends
}

/// Runs check-and-delete batches on one connection, loading the script once.
#[derive(Debug, Default)]
pub struct Remover {
    sha: Option<String>,
}

impl Remover {
    /// A remover; the script is loaded on first use.
    pub fn new() -> Remover {
        Remover::default()
    }

    /// Loads the script (`SCRIPT LOAD`) unless it is loaded: done by the first removal, or
    /// before it by a caller that wants a refusal (a user without `+script|load`) before
    /// anything is sent.
    ///
    /// # Errors
    /// Redis failures; nothing was removed.
    pub fn load(&mut self, store: &mut RedisStore) -> anyhow::Result<()> {
        if self.sha.is_none() {
            let s: String = redis::cmd("SCRIPT")
                .arg("LOAD")
                .arg(SCRIPT)
                .query(store.connection())
                .map_err(|e| store_error(store, "SCRIPT LOAD", &e))?;
            self.sha = Some(s);
        }
        Ok(())
    }

    /// Removes `targets` (split as [`batch_ends`] says, one script call each) and returns the
    /// outcome of each, in order.
    ///
    /// # Errors
    /// Redis failures (a [`crate::exit::ConnectError`] when the connection is lost).
    pub fn remove(
        &mut self,
        store: &mut RedisStore,
        targets: &[Target],
    ) -> anyhow::Result<Vec<Outcome>> {
        let mut out = Vec::with_capacity(targets.len());
        let mut start = 0;
        for end in batch_ends(targets) {
            out.extend(
                self.remove_batch(store, &targets[start..end])
                    .map_err(|f| f.error)?,
            );
            start = end;
        }
        Ok(out)
    }

    /// One script call for `targets` (keep them within [`batch_ends`]' bounds); on a Redis
    /// Cluster, one call per hash slot of the batch, each naming keys of its slot only, so that
    /// each session's check-and-delete stays atomic on its node.
    ///
    /// A session whose companion keys sit in other slots (spring-session's `expires:` key,
    /// expirations and principal index sets; php's `_LOCK` key) is removed step by step: its
    /// check-and-delete first, alone in its slot, then, once it is deleted, each companion step
    /// in the order of its `ops` (Spring's own `deleteById` order), one command on its key's
    /// node ([`Remover::remove_across_slots`]).
    ///
    /// # Errors
    /// A [`BatchFailure`]: what the calls before the failure answered, which targets the failed
    /// call named (their outcome unknown, unless it was refused before it ran), and the error
    /// (a [`crate::exit::ConnectError`] when the connection is lost; [`NotRun`] when refused).
    pub fn remove_batch(
        &mut self,
        store: &mut RedisStore,
        targets: &[Target],
    ) -> Result<Vec<Outcome>, BatchFailure> {
        let mut known: Vec<Option<Outcome>> = vec![None; targets.len()];
        // The failure of the call that named `these` targets.
        let failed = |known: Vec<Option<Outcome>>, these: &[usize], error: anyhow::Error| {
            let sent = if error.is::<NotRun>() {
                Vec::new()
            } else {
                these.to_vec()
            };
            BatchFailure { known, sent, error }
        };
        if !store.is_cluster() {
            let all: Vec<usize> = (0..targets.len()).collect();
            return self
                .remove_slot(store, targets)
                .map_err(|e| failed(known, &all, e));
        }
        let mut together: Vec<usize> = Vec::new();
        for (i, t) in targets.iter().enumerate() {
            let keys: Vec<&[u8]> = std::iter::once(t.key.as_slice())
                .chain(t.ops.iter().map(op_key))
                .collect();
            if store.same_slot(&keys) {
                together.push(i);
                continue;
            }
            match self.remove_across_slots(store, t) {
                Ok(o) => known[i] = Some(o),
                // Deleted, but a companion step failed: the outcome is known, the error stands.
                Err((Some(o), e)) => {
                    known[i] = Some(o);
                    return Err(failed(known, &[], e));
                }
                Err((None, e)) => return Err(failed(known, &[i], e)),
            }
        }
        let keys: Vec<&[u8]> = together
            .iter()
            .map(|&i| targets[i].key.as_slice())
            .collect();
        for group in store.same_slot_groups(&keys) {
            let group: Vec<usize> = group.into_iter().map(|g| together[g]).collect();
            let these: Vec<Target> = group.iter().map(|&i| targets[i].clone()).collect();
            match self.remove_slot(store, &these) {
                Ok(outcomes) => {
                    for (&i, o) in group.iter().zip(outcomes) {
                        known[i] = Some(o);
                    }
                }
                // A migration has split the call's keys between two nodes, and nothing ran:
                // one call per session, each naming keys that are on one node.
                Err(e) if these.len() > 1 && e.is::<Split>() => {
                    for (&i, t) in group.iter().zip(&these) {
                        match self.remove_slot(store, std::slice::from_ref(t)) {
                            Ok(o) => known[i] = o.first().copied(),
                            Err(e) => return Err(failed(known, &[i], e)),
                        }
                    }
                }
                Err(e) => return Err(failed(known, &group, e)),
            }
        }
        let mut out = Vec::with_capacity(known.len());
        for o in known {
            match o {
                Some(o) => out.push(o),
                None => {
                    let error = anyhow::anyhow!(
                        "the delete script answered for fewer sessions than it was sent"
                    );
                    let all: Vec<usize> = (0..targets.len()).collect();
                    return Err(failed(vec![None; targets.len()], &all, error));
                }
            }
        }
        Ok(out)
    }

    /// One session whose companion keys are in other slots than its own, on a Redis Cluster.
    /// The session's check-and-delete runs first, alone in its slot; only once it deleted the
    /// session does each companion step (in the order of `ops`: Spring's `deleteById` order)
    /// run, one command on its key's node, checked. So a session that changed keeps its
    /// companions, and a failed step can only leave a companion of a deleted session (a stale
    /// principal index member, which the next `revoke-user` pass or `sessions delete` finds and
    /// removes), never a live session whose index entry is gone. A session whose check must find
    /// it absent (a stale index member) is looked up first, and its companions go only while it
    /// is absent.
    ///
    /// # Errors
    /// The failure, with the outcome already known: `Some(Deleted)` when the session was deleted
    /// and a companion step failed (named, with its node); `None` when the session's own call
    /// (or, for a stale member, a step) failed.
    fn remove_across_slots(
        &mut self,
        store: &mut RedisStore,
        t: &Target,
    ) -> Result<Outcome, (Option<Outcome>, anyhow::Error)> {
        let absent = matches!(t.check, Check::Absent);
        let outcome = if absent {
            let exists: bool = store
                .paced_for(&t.key, Kind::Write, 1, |c| {
                    redis::cmd("EXISTS").arg(&t.key).query(c)
                })
                .map_err(|e| (None, e))?
                .map_err(|e| (None, store.error_at("EXISTS", &t.key, &e)))?;
            if exists {
                return Ok(Outcome::Changed);
            }
            None
        } else {
            let alone = Target {
                key: t.key.clone(),
                check: t.check.clone(),
                ops: Vec::new(),
                size: t.size,
            };
            let outcome = self
                .remove_slot(store, std::slice::from_ref(&alone))
                .map_err(|e| (None, e))?
                .first()
                .copied()
                .ok_or_else(|| {
                    (
                        None,
                        anyhow::anyhow!("the delete script answered for no session"),
                    )
                })?;
            if outcome != Outcome::Deleted {
                return Ok(outcome);
            }
            Some(outcome)
        };
        let mut removed = 0;
        for (n, op) in t.ops.iter().enumerate() {
            let k = op_key(op);
            let c = match op {
                Op::Srem(k, m) => redis::cmd("SREM").arg(k).arg(m).clone(),
                Op::Zrem(k, m) => redis::cmd("ZREM").arg(k).arg(m).clone(),
                Op::Unlink(k) => redis::cmd("UNLINK").arg(k).clone(),
            };
            let got: Result<i64, redis::RedisError> = store
                .paced_for(k, Kind::Write, 1, |conn| c.query(conn))
                .map_err(|e| (outcome, e))?;
            match got {
                Ok(r) => removed += r,
                Err(e) => {
                    let name = match op {
                        Op::Srem(..) => "SREM",
                        Op::Zrem(..) => "ZREM",
                        Op::Unlink(..) => "UNLINK",
                    };
                    let step = format!("{name} {}", super::escape_key(k));
                    let state = if absent {
                        "its session absent"
                    } else {
                        "after the session key was deleted"
                    };
                    let ran = if e.is_io_error() || e.is_timeout() || e.is_connection_dropped() {
                        " (it may have run)"
                    } else {
                        ""
                    };
                    let msg = format!(
                        "removing the companions of session {} one by one (they are in other hash slots of the Redis Cluster), {state}: {step} on {} failed{ran}, {n} of {} steps done before it; what is left names a session that no longer exists (a principal index member is removed by the next revoke-user pass or sessions delete; expiry records and locks lapse on their own): {}",
                        super::escape_key(&t.key),
                        store.shown_for(k),
                        t.ops.len(),
                        super::acl::answer(&e, &step, Some(k)),
                    );
                    // A lost connection stays a connection error (exit 3).
                    let error = if ran.is_empty() {
                        anyhow::anyhow!(msg)
                    } else {
                        anyhow::Error::new(crate::exit::ConnectError(msg))
                    };
                    return Err((outcome, error));
                }
            }
        }
        Ok(match outcome {
            Some(o) => o,
            None if removed > 0 => Outcome::Deleted,
            None => Outcome::Gone,
        })
    }

    /// One script call for `targets`, whose keys all share one slot on a cluster.
    fn remove_slot(
        &mut self,
        store: &mut RedisStore,
        targets: &[Target],
    ) -> anyhow::Result<Vec<Outcome>> {
        let mut keys: Vec<Vec<u8>> = Vec::new();
        let mut argv: Vec<Vec<u8>> = Vec::new();
        let key_index = |k: &[u8], keys: &mut Vec<Vec<u8>>| -> Vec<u8> {
            keys.push(k.to_vec());
            keys.len().to_string().into_bytes()
        };
        argv.push(targets.len().to_string().into_bytes());
        for t in targets {
            argv.push(key_index(&t.key, &mut keys));
            match &t.check {
                Check::Value(digest) => {
                    argv.push(b"s".to_vec());
                    argv.push(digest.as_bytes().to_vec());
                }
                Check::Fields(fields) => {
                    argv.push(b"h".to_vec());
                    argv.push(fields.len().to_string().into_bytes());
                    for (f, digest) in fields {
                        argv.push(f.clone());
                        argv.push(if digest.is_some() {
                            b"1".to_vec()
                        } else {
                            b"0".to_vec()
                        });
                        argv.push(digest.clone().unwrap_or_default().into_bytes());
                    }
                }
                Check::None => argv.push(b"n".to_vec()),
                Check::Absent => argv.push(b"a".to_vec()),
            }
            argv.push(t.ops.len().to_string().into_bytes());
            for op in &t.ops {
                let (name, k, m): (&[u8], &[u8], &[u8]) = match op {
                    Op::Srem(k, m) => (b"srem", k, m),
                    Op::Zrem(k, m) => (b"zrem", k, m),
                    Op::Unlink(k) => (b"unlink", k, b""),
                };
                argv.push(name.to_vec());
                argv.push(key_index(k, &mut keys));
                argv.push(m.to_vec());
            }
        }
        let reply = self.eval(store, &keys, &argv)?;
        let items = match reply {
            RV::Array(items) => items,
            _ => anyhow::bail!(
                "the delete script on {} answered with something other than a list of outcomes",
                store.shown()
            ),
        };
        if let Some(e) = script_failure(store, &keys, &items) {
            return Err(e);
        }
        let outcomes = items
            .into_iter()
            .map(|v| match v {
                RV::BulkString(b) if b == b"deleted" => Ok(Outcome::Deleted),
                RV::BulkString(b) if b == b"gone" => Ok(Outcome::Gone),
                RV::BulkString(b) if b == b"changed" => Ok(Outcome::Changed),
                _ => Err(anyhow::anyhow!(
                    "the delete script on {} answered an outcome it never gives",
                    store.shown()
                )),
            })
            .collect::<anyhow::Result<Vec<Outcome>>>()?;
        anyhow::ensure!(
            outcomes.len() == targets.len(),
            "the delete script answered for {} of {} sessions",
            outcomes.len(),
            targets.len()
        );
        Ok(outcomes)
    }

    fn eval(
        &mut self,
        store: &mut RedisStore,
        keys: &[Vec<u8>],
        argv: &[Vec<u8>],
    ) -> anyhow::Result<RV> {
        let with_args = |mut c: redis::Cmd| {
            c.arg(keys.len());
            for k in keys {
                c.arg(k);
            }
            for a in argv {
                c.arg(a);
            }
            c
        };
        self.load(store)?;
        // The node of the batch's slot (the main server on one server); a node that has not
        // seen the script answers NOSCRIPT, and EVAL caches it there.
        let first = keys.first().map_or(&[][..], Vec::as_slice);
        let mut c = redis::cmd("EVALSHA");
        c.arg(self.sha.as_deref().unwrap_or_default());
        // Each call is paced like a scan's requests (`--pace`): at most 200 sessions and 8 MiB.
        match store.paced_for(first, Kind::Write, keys.len(), |conn| {
            with_args(c).query::<RV>(conn)
        })? {
            Ok(v) => Ok(v),
            // The script cache was flushed, a failover reached a server without it, or (on a
            // cluster) this node has not seen it yet: send the script itself (EVAL caches it).
            Err(e) if e.code() == Some("NOSCRIPT") => {
                let mut c = redis::cmd("EVAL");
                c.arg(SCRIPT);
                with_args(c)
                    .query::<RV>(store.connection_for(first)?)
                    .map_err(|e| call_error(store, "EVAL (check-and-delete)", &e))
            }
            Err(e) => Err(call_error(store, "EVALSHA (check-and-delete)", &e)),
        }
    }
}

/// A script call the server refused before running any of it: an ACL refusal (`NOPERM`) of
/// `EVALSHA`/`EVAL` itself or of a key the call declares. Nothing of its batch was touched. (A
/// command refused inside the script is answered otherwise: the script's own `failed`, or an
/// `ERR` naming the script.)
#[derive(Debug)]
pub struct NotRun(String);

impl std::fmt::Display for NotRun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NotRun {}

/// A batch that failed ([`Remover::remove_batch`]): on a Redis Cluster a batch is several calls,
/// and those before the failure answered. `known` holds what each target's call answered
/// (`None`: not answered), `sent` the targets of the call that failed, whose outcome is unknown
/// (empty when it was refused before it ran); a target neither known nor sent was not reached.
#[derive(Debug)]
pub struct BatchFailure {
    /// Each target's outcome, where its call answered.
    pub known: Vec<Option<Outcome>>,
    /// The targets (indices) of the call that failed, when it may have run.
    pub sent: Vec<usize>,
    /// Why the batch stopped.
    pub error: anyhow::Error,
}

/// A script call a Redis Cluster refused with `TRYAGAIN` (still, after retries): a slot
/// migration has split the keys it names between two nodes. Nothing of it ran.
#[derive(Debug)]
struct Split(String);

impl std::fmt::Display for Split {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Split {}

/// A script call's failure: [`NotRun`] for an ACL refusal of the call, [`Split`] for keys split
/// by a migration, else as [`store_error`].
fn call_error(store: &RedisStore, what: &str, e: &redis::RedisError) -> anyhow::Error {
    let error = store_error(store, what, e);
    match e.code() {
        Some("NOPERM") => anyhow::Error::new(NotRun(format!("{error:#}"))),
        Some("TRYAGAIN") => anyhow::Error::new(Split(format!("{error:#}"))),
        _ => error,
    }
}

/// The removal of `session` (read as `raw`): what must still hold, and the companion operations
/// its preset asks for, in the order a running application tolerates
/// ([`crate::store::preset::Layout::removal_ops`]: php's `_LOCK` key; the indexed
/// spring-session's index and expirations members and `expires:` key, in Spring's own
/// `deleteById` order).
pub fn target_for(preset: &Preset, raw: &RawRecord, session: &Session) -> Target {
    let check = match &raw.value {
        RawValue::Bytes(b) => Check::Value(sha1_hex(b)),
        // A decoded hash: the fields its user is read from. An undecodable one: every field.
        RawValue::Hash(fields) if session.data.is_ok() => Check::Fields(
            preset
                .user_fields
                .iter()
                .filter_map(|f| f.first())
                .map(|f| {
                    let name = f.as_bytes();
                    let value = fields
                        .iter()
                        .find(|(n, _)| n.as_slice() == name)
                        .map(|(_, v)| sha1_hex(v));
                    (name.to_vec(), value)
                })
                .collect(),
        ),
        RawValue::Hash(fields) => Check::Fields(
            fields
                .iter()
                .map(|(n, v)| (n.clone(), Some(sha1_hex(v))))
                .collect(),
        ),
        // Never decoded, so never found to be the user's; nothing to compare with.
        _ => Check::Fields(vec![(
            b"\x00sessctl-unmatchable".to_vec(),
            Some(String::new()),
        )]),
    };
    let ops = preset.kind.removal_ops(preset, &raw.key, session);
    Target {
        key: raw.key.clone(),
        check,
        ops,
        size: raw.size,
    }
}

/// The removal of a stale index member: `SREM index member`, only while `session_key` (the
/// session the member names) does not exist.
pub fn stale_member_target(session_key: &[u8], index: &[u8], member: &[u8]) -> Target {
    Target {
        key: session_key.to_vec(),
        check: Check::Absent,
        ops: vec![Op::Srem(index.to_vec(), member.to_vec())],
        size: 0,
    }
}

/// What [`Shortener::shorten`] did to a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortened {
    /// The key does not exist.
    Gone,
    /// The new lifetime was set; the key's milliseconds to live now.
    Set(i64),
    /// The key already ends sooner (or at the same time) and was left as it was; its
    /// milliseconds to live.
    Unchanged(i64),
}

/// Shortens lifetimes and never lengthens one: `PEXPIRE key ms LT` (Redis 7+); on a server that
/// answers that `LT` is a syntax error (Redis 6), a short script that reads `PTTL` and sets the
/// lifetime only when that is shorter, atomically. A key that never expires gets the lifetime
/// (`LT` counts no expiry as infinite).
#[derive(Debug)]
pub struct Shortener {
    lt: bool,
}

impl Default for Shortener {
    fn default() -> Shortener {
        Shortener { lt: true }
    }
}

/// The fallback for servers without `PEXPIRE … LT`: `{set, pttl}` for `KEYS[1]`.
const SHORTEN_SCRIPT: &str = r"
local ms = tonumber(ARGV[1])
local t = redis.call('PTTL', KEYS[1])
if t == -2 then return {0, -2} end
if t == -1 or t > ms then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  return {1, redis.call('PTTL', KEYS[1])}
end
return {0, t}
";

impl Shortener {
    /// A shortener that tries `LT` first.
    pub fn new() -> Shortener {
        Shortener::default()
    }

    /// A shortener that goes straight to the `PTTL` script, as on a server without `LT`.
    pub fn without_lt() -> Shortener {
        Shortener { lt: false }
    }

    /// Gives `key` at most `ms` milliseconds to live, and each of `companions` the same
    /// treatment (their outcome is not reported). Returns what happened to `key`.
    ///
    /// # Errors
    /// Redis failures.
    pub fn shorten(
        &mut self,
        conn: &mut dyn redis::ConnectionLike,
        key: &[u8],
        companions: &[Vec<u8>],
        ms: u64,
    ) -> redis::RedisResult<Shortened> {
        if self.lt {
            let mut p = redis::pipe();
            p.cmd("PEXPIRE").arg(key).arg(ms).arg("LT");
            p.cmd("PTTL").arg(key);
            for k in companions {
                p.cmd("PEXPIRE").arg(k).arg(ms).arg("LT").ignore();
            }
            match p.query::<(i64, i64)>(conn) {
                Ok((set, pttl)) => return Ok(shortened(set, pttl)),
                // The answers come back as a pipeline failure naming each command's error.
                Err(e)
                    if e.clone().into_server_errors().is_some_and(|errs| {
                        errs.iter()
                            .any(|(_, se)| lt_unsupported(Some(se.code()), se.details()))
                    }) =>
                {
                    self.lt = false;
                }
                Err(e) => return Err(e),
            }
        }
        let mut p = redis::pipe();
        for k in std::iter::once(key).chain(companions.iter().map(Vec::as_slice)) {
            p.cmd("EVAL").arg(SHORTEN_SCRIPT).arg(1).arg(k).arg(ms);
        }
        let replies: Vec<(i64, i64)> = p.query(conn)?;
        let (set, pttl) = replies.first().copied().unwrap_or((0, -2));
        Ok(shortened(set, pttl))
    }
}

fn shortened(set: i64, pttl: i64) -> Shortened {
    match (set, pttl) {
        (_, -2) => Shortened::Gone,
        (1, t) => Shortened::Set(t),
        (_, t) => Shortened::Unchanged(t),
    }
}

/// True when a server's error answer to `PEXPIRE key ms LT` means it does not know `LT`:
/// Redis 6 has no options (wrong number of arguments), others answer a syntax error or an
/// unsupported option.
fn lt_unsupported(code: Option<&str>, detail: Option<&str>) -> bool {
    if code != Some("ERR") {
        return false;
    }
    let detail = detail.unwrap_or_default().to_ascii_lowercase();
    [
        "wrong number of arguments",
        "syntax error",
        "unsupported option",
    ]
    .iter()
    .any(|m| detail.contains(m))
}

/// A Redis error as sessctl reports it: lost connections and timeouts (with the real duration)
/// are [`crate::exit::ConnectError`]s; a server's answer is quoted as the server worded it.
pub fn store_error(store: &RedisStore, what: &str, e: &redis::RedisError) -> anyhow::Error {
    store.error(what, e)
}

/// The delete script's answer when a command in it was refused (`{'failed', key index, command,
/// error}`): an error naming the command, the key and the server's words. The sessions before
/// it in the same call were handled; the caller reports the whole call as in flight.
fn script_failure(store: &RedisStore, keys: &[Vec<u8>], items: &[RV]) -> Option<anyhow::Error> {
    let text = |v: &RV| match v {
        RV::BulkString(b) => Some(String::from_utf8_lossy(b).into_owned()),
        RV::SimpleString(s) => Some(s.clone()),
        _ => None,
    };
    let [tag, index, cmd, err] = items else {
        return None;
    };
    if text(tag).as_deref() != Some("failed") {
        return None;
    }
    let key = text(index)
        .and_then(|i| i.parse::<usize>().ok())
        .and_then(|i| keys.get(i.checked_sub(1)?))
        .map_or_else(|| "?".to_owned(), |k| super::escape_key(k));
    let cmd = text(cmd).unwrap_or_default();
    let err = text(err).unwrap_or_default();
    // An ACL refusal names the rule that would allow it.
    let (code, detail) = err.split_once(' ').unwrap_or((err.as_str(), ""));
    let key_bytes = text(index)
        .and_then(|i| i.parse::<usize>().ok())
        .and_then(|i| keys.get(i.checked_sub(1)?));
    let hint = super::acl::hint(
        code,
        detail,
        Some(&cmd.to_ascii_lowercase()),
        key_bytes.map(Vec::as_slice),
    );
    Some(anyhow::anyhow!(
        "{cmd} {key} refused by Redis at {} in the check-and-delete script: {err}{hint}",
        store.shown(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_are_what_redis_sha1hex_writes() {
        assert_eq!(sha1_hex(b""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
        assert_eq!(sha1_hex(b"abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
    }

    #[test]
    fn batches_are_bounded_in_count_and_bytes() {
        let t = |size| Target {
            key: b"k".to_vec(),
            check: Check::None,
            ops: Vec::new(),
            size,
        };
        assert_eq!(batch_ends(&[]), Vec::<usize>::new());
        assert_eq!(batch_ends(&vec![t(10); 450]), vec![200, 400, 450]);
        // Two values of 5 MiB do not share a call; one of 100 MiB gets its own.
        let big = [t(5 << 20), t(5 << 20), t(100 << 20), t(1)];
        assert_eq!(batch_ends(&big), vec![1, 2, 3, 4]);
    }

    #[test]
    fn servers_without_lt_are_recognised() {
        // Redis 6.2 (PEXPIRE takes no options), a syntax error, an unknown option.
        for detail in [
            "wrong number of arguments for 'pexpire' command",
            "syntax error",
            "Unsupported option LT",
        ] {
            assert!(lt_unsupported(Some("ERR"), Some(detail)), "{detail}");
        }
        assert!(!lt_unsupported(
            Some("NOPERM"),
            Some("this user has no permissions")
        ));
        assert!(!lt_unsupported(
            Some("READONLY"),
            Some("You can't write against a read only replica.")
        ));
        assert!(!lt_unsupported(
            Some("ERR"),
            Some("value is not an integer or out of range")
        ));
        assert!(!lt_unsupported(None, None));
    }

    #[test]
    fn shortened_reads_the_replies() {
        assert_eq!(shortened(0, -2), Shortened::Gone);
        assert_eq!(shortened(1, 5000), Shortened::Set(5000));
        assert_eq!(shortened(0, 3000), Shortened::Unchanged(3000));
    }
}
