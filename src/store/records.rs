//! The fixture record format (`records.jsonl`, see tests/fixtures/sessions/README.md): one Redis
//! key per line with its type, base64 value(s) and TTL. Loaded by `sessctl sandbox` and by the
//! tests, restoring types and TTLs (TTLs restart at load time).

use anyhow::Context as _;
use base64::Engine as _;
use serde::Deserialize;

#[derive(Deserialize)]
struct Record {
    key_b64: String,
    #[serde(rename = "type")]
    rtype: String,
    value_b64: Option<String>,
    hash: Option<serde_json::Map<String, serde_json::Value>>,
    members_b64: Option<Vec<String>>,
    zmembers: Option<Vec<(String, f64)>>,
    #[serde(default = "no_ttl")]
    ttl: i64,
}

fn no_ttl() -> i64 {
    -1
}

fn b64(s: &str) -> anyhow::Result<Vec<u8>> {
    base64::engine::general_purpose::STANDARD
        .decode(s)
        .context("bad base64 in a record")
}

/// Loads every record of `jsonl` into the connection's current database (each key is replaced).
/// Returns the number of keys written.
///
/// # Errors
/// A malformed line, or a Redis failure.
pub fn load_jsonl(conn: &mut redis::Connection, jsonl: &str) -> anyhow::Result<u64> {
    let mut p = redis::pipe();
    let mut n = 0;
    for (i, line) in jsonl.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let r: Record =
            serde_json::from_str(line).with_context(|| format!("record line {}", i + 1))?;
        let key = b64(&r.key_b64)?;
        p.cmd("DEL").arg(&key).ignore();
        match r.rtype.as_str() {
            "string" => {
                let v = b64(r.value_b64.as_deref().unwrap_or_default())?;
                p.cmd("SET").arg(&key).arg(v).ignore();
            }
            "hash" => {
                let mut c = redis::cmd("HSET");
                c.arg(&key);
                for (f, v) in r.hash.unwrap_or_default() {
                    c.arg(f.as_bytes())
                        .arg(b64(v.as_str().unwrap_or_default())?);
                }
                p.add_command(c).ignore();
            }
            "set" => {
                let mut c = redis::cmd("SADD");
                c.arg(&key);
                for m in r.members_b64.unwrap_or_default() {
                    c.arg(b64(&m)?);
                }
                p.add_command(c).ignore();
            }
            "zset" => {
                let mut c = redis::cmd("ZADD");
                c.arg(&key);
                for (m, score) in r.zmembers.unwrap_or_default() {
                    c.arg(score).arg(b64(&m)?);
                }
                p.add_command(c).ignore();
            }
            other => anyhow::bail!("record line {}: unsupported type {other}", i + 1),
        }
        if r.ttl > 0 {
            p.cmd("EXPIRE").arg(&key).arg(r.ttl).ignore();
        }
        n += 1;
    }
    p.query::<()>(conn).context("loading records")?;
    Ok(n)
}
