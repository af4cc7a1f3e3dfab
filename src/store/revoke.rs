//! Check-and-delete on the server: one short Lua script per batch of sessions (`EVALSHA`, loaded
//! with `SCRIPT LOAD`), which re-reads each session and removes it (and its companion keys) only
//! if it still belongs to the user. A session rewritten for another user between the scan and the
//! delete is never removed.
//!
//! The check, per session:
//! - a string value is compared with the exact bytes that were decoded and found to be the
//!   user's: unchanged → delete. For JSON stores a changed value is decoded in the script (cjson)
//!   and deleted only when the user id, read at the preset's paths as sessctl reads it, is still
//!   the user's. Binary encodings (pickle, msgpack, Java, PHP) are compare-and-delete only: a
//!   rewritten session is left for the next pass (`--until-clean`).
//! - a hash (spring-session) is deleted when the fields that name its user hold the same bytes.
//!
//! Companion operations (spring's principal index and expirations members, its `expires:` key,
//! php's `_LOCK` key) run in the given order, before the session key is unlinked, in the same
//! atomic script.
//!
//! Must not import `cli`, `commands`, `report` or `output`.

use anyhow::Context as _;
use redis::Value as RV;

use super::preset::{Preset, PresetKind, spring_index_key};
use super::redis::RedisStore;
use super::{RawRecord, RawValue, Session};

/// Sessions per script call: short scripts, so Redis is never blocked for long.
pub const BATCH: usize = 200;

/// What must still hold for a session to be deleted.
#[derive(Debug, Clone)]
pub enum Check {
    /// The string value is exactly these bytes (or, for JSON stores, still names the user).
    Value(Vec<u8>),
    /// Each hash field holds these bytes (`None`: the field is absent).
    Fields(Vec<(Vec<u8>, Option<Vec<u8>>)>),
    /// No check: delete whatever is there (`sessions expire --in 0` by id).
    None,
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

/// For JSON stores: the user and where the id sits, so that the script can re-check a value that
/// changed since it was read.
#[derive(Debug, Clone)]
pub struct JsonOwner {
    /// The user id, as text.
    pub user: String,
    /// Dotted paths, split (the preset's user fields).
    pub paths: Vec<Vec<String>>,
}

const SCRIPT: &str = r"
local user = ARGV[1]
local paths = nil
if ARGV[2] ~= '' then paths = cjson.decode(ARGV[2]) end
local function scalar(v)
  local t = type(v)
  if t == 'string' then return v end
  if t == 'number' and v == math.floor(v) and math.abs(v) < 1e15 then
    return string.format('%d', v)
  end
  return nil
end
local function owner(raw)
  local ok, doc = pcall(cjson.decode, raw)
  if not ok or type(doc) ~= 'table' then return nil end
  for _, path in ipairs(paths) do
    local v = doc
    for _, part in ipairs(path) do
      if type(v) ~= 'table' then v = nil; break end
      v = v[part]
    end
    if v ~= nil then
      local s = scalar(v)
      if s == nil and type(v) == 'table' then s = scalar(v['id']) end
      if s ~= nil then return s end
    end
  end
  return nil
end
local n = tonumber(ARGV[3])
local a = 4
local out = {}
for i = 1, n do
  local key = KEYS[tonumber(ARGV[a])]
  local kind = ARGV[a + 1]
  a = a + 2
  local ok = false
  local status = 'changed'
  if kind == 's' then
    local expected = ARGV[a]
    a = a + 1
    local cur = redis.pcall('GET', key)
    if cur == false then
      status = 'gone'
    elseif type(cur) == 'string' then
      if cur == expected then
        ok = true
      elseif paths ~= nil and owner(cur) == user then
        ok = true
      end
    end
  elseif kind == 'h' then
    local nf = tonumber(ARGV[a])
    a = a + 1
    local ex = redis.call('EXISTS', key) == 1
    ok = ex
    if not ex then status = 'gone' end
    for _ = 1, nf do
      local f, present, val = ARGV[a], ARGV[a + 1], ARGV[a + 2]
      a = a + 3
      local cur = redis.pcall('HGET', key, f)
      if type(cur) == 'table' then
        ok = false
      elseif present == '1' then
        if cur ~= val then ok = false end
      elseif cur ~= false then
        ok = false
      end
    end
  else
    ok = redis.call('EXISTS', key) == 1
    if not ok then status = 'gone' end
  end
  local nops = tonumber(ARGV[a])
  a = a + 1
  if ok then
    for j = 0, nops - 1 do
      local op = ARGV[a + 3 * j]
      local k = KEYS[tonumber(ARGV[a + 3 * j + 1])]
      local m = ARGV[a + 3 * j + 2]
      if op == 'srem' then redis.pcall('SREM', k, m)
      elseif op == 'zrem' then redis.pcall('ZREM', k, m)
      else redis.pcall('UNLINK', k) end
    end
    redis.call('UNLINK', key)
    status = 'deleted'
  end
  a = a + 3 * nops
  out[i] = status
end
return out
";

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

    /// Removes `targets` (at most [`BATCH`] at a time, one script call each) and returns the
    /// outcome of each, in order. `owner` enables the JSON re-check of changed values.
    ///
    /// # Errors
    /// Redis failures (a [`crate::exit::ConnectError`] when the connection is lost).
    pub fn remove(
        &mut self,
        store: &mut RedisStore,
        targets: &[Target],
        owner: Option<&JsonOwner>,
    ) -> anyhow::Result<Vec<Outcome>> {
        let mut out = Vec::with_capacity(targets.len());
        for chunk in targets.chunks(BATCH) {
            out.extend(self.remove_batch(store, chunk, owner)?);
        }
        Ok(out)
    }

    fn remove_batch(
        &mut self,
        store: &mut RedisStore,
        targets: &[Target],
        owner: Option<&JsonOwner>,
    ) -> anyhow::Result<Vec<Outcome>> {
        let mut keys: Vec<Vec<u8>> = Vec::new();
        let mut argv: Vec<Vec<u8>> = Vec::new();
        let key_index = |k: &[u8], keys: &mut Vec<Vec<u8>>| -> Vec<u8> {
            keys.push(k.to_vec());
            keys.len().to_string().into_bytes()
        };
        argv.push(
            owner
                .map(|o| o.user.as_bytes().to_vec())
                .unwrap_or_default(),
        );
        argv.push(match owner {
            Some(o) => serde_json::to_vec(&o.paths).context("encoding user paths")?,
            None => Vec::new(),
        });
        argv.push(targets.len().to_string().into_bytes());
        for t in targets {
            argv.push(key_index(&t.key, &mut keys));
            match &t.check {
                Check::Value(v) => {
                    argv.push(b"s".to_vec());
                    argv.push(v.clone());
                }
                Check::Fields(fields) => {
                    argv.push(b"h".to_vec());
                    argv.push(fields.len().to_string().into_bytes());
                    for (f, v) in fields {
                        argv.push(f.clone());
                        argv.push(if v.is_some() {
                            b"1".to_vec()
                        } else {
                            b"0".to_vec()
                        });
                        argv.push(v.clone().unwrap_or_default());
                    }
                }
                Check::None => argv.push(b"n".to_vec()),
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
        let outcomes: Vec<Outcome> = items
            .into_iter()
            .map(|v| match v {
                RV::BulkString(b) if b == b"deleted" => Outcome::Deleted,
                RV::BulkString(b) if b == b"gone" => Outcome::Gone,
                _ => Outcome::Changed,
            })
            .collect();
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
        for attempt in 0..2 {
            let sha = match &self.sha {
                Some(s) => s.clone(),
                None => {
                    let s: String = redis::cmd("SCRIPT")
                        .arg("LOAD")
                        .arg(SCRIPT)
                        .query(store.connection())
                        .map_err(|e| store_error(store, "SCRIPT LOAD", &e))?;
                    self.sha = Some(s.clone());
                    s
                }
            };
            let mut c = redis::cmd("EVALSHA");
            c.arg(&sha).arg(keys.len());
            for k in keys {
                c.arg(k);
            }
            for a in argv {
                c.arg(a);
            }
            match c.query::<RV>(store.connection()) {
                Ok(v) => return Ok(v),
                Err(e) if e.code() == Some("NOSCRIPT") && attempt == 0 => {
                    // SCRIPT FLUSH or a failover: load it again.
                    self.sha = None;
                }
                Err(e) => return Err(store_error(store, "EVALSHA (check-and-delete)", &e)),
            }
        }
        anyhow::bail!("the delete script could not be loaded on {}", store.shown())
    }
}

/// The removal of `session` (read as `raw`): what must still hold, and its companions in the
/// order a running application tolerates. Spring Session (indexed): the principal index member,
/// the expirations member (minute bucket set, or the sorted set), then the `expires:` key, then
/// the session hash, which is Spring's own `deleteById` order; php: the `_LOCK` key.
pub fn target_for(preset: &Preset, raw: &RawRecord, session: &Session) -> Target {
    let check = match &raw.value {
        RawValue::Bytes(b) => Check::Value(b.clone()),
        RawValue::Hash(fields) => Check::Fields(
            preset
                .user_fields
                .iter()
                .filter_map(|f| f.first())
                .map(|f| {
                    let name = f.as_bytes();
                    let value = fields
                        .iter()
                        .find(|(n, _)| n.as_slice() == name)
                        .map(|(_, v)| v.clone());
                    (name.to_vec(), value)
                })
                .collect(),
        ),
        // Never decoded, so never found to be the user's; nothing to compare with.
        RawValue::TooLarge | RawValue::Gone => Check::Fields(vec![(
            b"\x00sessctl-unmatchable".to_vec(),
            Some(Vec::new()),
        )]),
    };
    let mut ops = Vec::new();
    if preset.kind == PresetKind::SpringSession
        && let Some(id) = preset.session_id(&raw.key)
    {
        let prefix = &preset.prefix;
        let id_text = String::from_utf8_lossy(id).into_owned();
        let ns = spring_namespace(prefix);
        if let Some(user) = &session.user {
            ops.push(Op::Srem(spring_index_key(&ns, user), java_string(&id_text)));
        }
        if let Some(bucket) = spring_bucket(session) {
            ops.push(Op::Srem(
                format!("{ns}expirations:{bucket}").into_bytes(),
                java_string(&format!("expires:{id_text}")),
            ));
        }
        ops.push(Op::Zrem(
            [prefix.as_slice(), b"expirations"].concat(),
            java_string(&id_text),
        ));
    }
    ops.extend(preset.companion_keys(&raw.key).into_iter().map(Op::Unlink));
    Target {
        key: raw.key.clone(),
        check,
        ops,
    }
}

/// Spring's namespace (`spring:session:`) from the sessions prefix (`spring:session:sessions:`).
pub fn spring_namespace(prefix: &[u8]) -> String {
    let p = String::from_utf8_lossy(prefix);
    p.strip_suffix("sessions:").unwrap_or(&p).to_owned()
}

/// The minute bucket of Spring's expirations set holding a session: its expiry
/// (`lastAccessedTime + maxInactiveInterval`) rounded up to the next whole minute, as
/// `RedisSessionExpirationPolicy.roundUpToNextMinute` does; none for a session that never expires.
fn spring_bucket(session: &Session) -> Option<i64> {
    let data = session.data.as_ref().ok()?;
    let last = session.last_access_ms?;
    let interval = data
        .get("maxInactiveInterval")
        .and_then(serde_json::Value::as_i64)?;
    if interval < 0 {
        return None;
    }
    let expires = last.checked_add(interval.checked_mul(1000)?)?;
    Some((expires.div_euclid(60_000) + 1) * 60_000)
}

/// A Redis error as sessctl reports it: lost connections are [`crate::exit::ConnectError`]s.
pub fn store_error(store: &RedisStore, what: &str, e: &redis::RedisError) -> anyhow::Error {
    if e.is_io_error() || e.is_timeout() || e.is_connection_dropped() {
        anyhow::Error::new(crate::exit::ConnectError(format!(
            "cannot reach Redis at {}: {what}: {e}",
            store.shown()
        )))
    } else {
        anyhow::anyhow!("{what} on {}: {e}", store.shown())
    }
}

/// Java serialization of a `java.lang.String` (`TC_STRING`), as Spring's default
/// `JdkSerializationRedisSerializer` writes index and expirations members.
pub fn java_string(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = vec![0xac, 0xed, 0x00, 0x05, 0x74];
    out.extend_from_slice(&(b.len().min(0xffff) as u16).to_be_bytes());
    out.extend_from_slice(b);
    out
}

/// The string in a Java-serialized `java.lang.String`, if that is what `bytes` hold.
pub fn parse_java_string(bytes: &[u8]) -> Option<String> {
    let rest = bytes.strip_prefix(&[0xac, 0xed, 0x00, 0x05, 0x74][..])?;
    let len = u16::from_be_bytes([*rest.first()?, *rest.get(1)?]) as usize;
    let body = rest.get(2..2 + len)?;
    (rest.len() == 2 + len)
        .then(|| std::str::from_utf8(body).ok().map(str::to_owned))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_strings_round_trip() {
        let id = "3619d7d7-3156-41ad-89d2-14f3e11fbcbc";
        let b = java_string(id);
        assert_eq!(&b[..7], &[0xac, 0xed, 0x00, 0x05, 0x74, 0x00, 0x24]);
        assert_eq!(parse_java_string(&b).as_deref(), Some(id));
        assert_eq!(parse_java_string(b"\xac\xed\x00\x05\x74\x00\x05ab"), None);
    }
}
