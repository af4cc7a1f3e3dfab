//! JWT revocation state in Redis: the token denylist and the per-user cut-offs. The layout is part
//! of the contract (README "JWT revocation: key layout"), so that an application can make the
//! same check in one round trip (`MGET`):
//!
//! - `<prefix>jti:<jti>`: a revoked token that has a `jti`; value = revocation time (unix
//!   seconds); TTL = the token's remaining lifetime (no TTL for a token without `exp`).
//! - `<prefix>sha256:<hex>`: a revoked token without `jti`, by the SHA-256 of the token text
//!   (lowercase hex); value and TTL as above.
//! - `<prefix>user:<claim>:<value>`: the cut-off for a user: tokens whose `<claim>` is `<value>`
//!   and whose `iat` is before this time (unix seconds) are revoked; no TTL.
//!
//! The default prefix is `sessctl:revoked:`. Must not import `cli`, `commands` or `output`.

use super::redis::RedisStore;
use super::revoke::store_error;

/// The denylist namespace.
#[derive(Debug, Clone)]
pub struct Denylist {
    /// The key prefix (`sessctl:revoked:` by default).
    pub prefix: String,
}

/// Why a token counts as revoked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Revoked {
    /// Its `jti` or hash is in the denylist, revoked at this time (unix seconds).
    Listed {
        /// The denylist key.
        key: String,
        /// When it was revoked, when recorded.
        at: Option<i64>,
    },
    /// The user's cut-off is later than the token's `iat` (or the token has no `iat`).
    CutOff {
        /// The cut-off key.
        key: String,
        /// The cut-off time.
        cutoff: i64,
        /// The token's `iat`.
        iat: Option<i64>,
    },
}

impl Denylist {
    /// The denylist key of a token: by `jti` when it has one, else by the SHA-256 of its text.
    pub fn token_key(&self, jti: Option<&str>, token: &str) -> String {
        match jti {
            Some(j) => format!("{}jti:{j}", self.prefix),
            None => self.hash_key(token),
        }
    }

    /// The key by the token's SHA-256.
    pub fn hash_key(&self, token: &str) -> String {
        format!(
            "{}sha256:{}",
            self.prefix,
            crate::audit::sha256_hex(token.as_bytes())
        )
    }

    /// The cut-off key of a user.
    pub fn cutoff_key(&self, claim: &str, user: &str) -> String {
        format!("{}user:{claim}:{user}", self.prefix)
    }

    /// Records denylist entries: `(key, ttl seconds or None for no expiry)`, value `now`. One
    /// pipeline.
    ///
    /// # Errors
    /// Redis failures.
    pub fn record(
        &self,
        store: &mut RedisStore,
        entries: &[(String, Option<u64>)],
        now: i64,
    ) -> anyhow::Result<()> {
        if entries.is_empty() {
            return Ok(());
        }
        let mut p = redis::pipe();
        for (key, ttl) in entries {
            match ttl {
                Some(t) => p.cmd("SET").arg(key).arg(now).arg("EX").arg(*t).ignore(),
                None => p.cmd("SET").arg(key).arg(now).ignore(),
            };
        }
        p.query::<()>(store.connection())
            .map_err(|e| store_error(store, "recording revoked tokens", &e))
    }

    /// Records the user's cut-off at `now` (a later cut-off is never moved back).
    ///
    /// # Errors
    /// Redis failures.
    pub fn set_cutoff(
        &self,
        store: &mut RedisStore,
        claim: &str,
        user: &str,
        now: i64,
    ) -> anyhow::Result<String> {
        let key = self.cutoff_key(claim, user);
        redis::cmd("EVAL")
            .arg(
                "local c = tonumber(redis.call('GET', KEYS[1]) or '0') or 0 \
                 if c < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) end return 1",
            )
            .arg(1)
            .arg(&key)
            .arg(now)
            .query::<i64>(store.connection())
            .map_err(|e| store_error(store, "recording the user's cut-off", &e))?;
        Ok(key)
    }

    /// What to fetch to check one token: its hash key, its jti key when it has a `jti`, and the
    /// cut-off key of `user` (claim, value). `iat` comes from its payload.
    pub fn lookup(
        &self,
        token: &str,
        jti: Option<&str>,
        user: Option<(&str, &str)>,
        iat: Option<i64>,
    ) -> Lookup {
        let mut keys = vec![self.hash_key(token)];
        if let Some(j) = jti {
            keys.push(self.token_key(Some(j), token));
        }
        let listed = keys.len();
        if let Some((claim, u)) = user {
            keys.push(self.cutoff_key(claim, u));
        }
        Lookup { keys, listed, iat }
    }

    /// Checks many tokens in one round trip: one `MGET` per token, pipelined. The verdicts come
    /// in the order of `lookups`.
    ///
    /// # Errors
    /// Redis failures (then no verdict is known).
    pub fn check_many(
        &self,
        conn: &mut redis::Connection,
        lookups: &[Lookup],
    ) -> redis::RedisResult<Vec<Option<Revoked>>> {
        if lookups.is_empty() {
            return Ok(Vec::new());
        }
        let mut p = redis::pipe();
        for l in lookups {
            p.cmd("MGET").arg(&l.keys);
        }
        let values: Vec<Vec<Option<String>>> = p.query(conn)?;
        if values.len() != lookups.len() {
            return Err(redis::RedisError::from((
                redis::ErrorKind::Client,
                "the server answered a different number of lookups than were sent",
            )));
        }
        Ok(lookups
            .iter()
            .zip(&values)
            .map(|(l, v)| l.verdict(v))
            .collect())
    }
}

/// The keys that decide whether one token is revoked ([`Denylist::lookup`]).
#[derive(Debug, Clone)]
pub struct Lookup {
    /// The hash key, the jti key if any, then the cut-off key if any.
    keys: Vec<String>,
    /// How many of `keys` are denylist entries (the rest is the cut-off).
    listed: usize,
    /// The token's `iat`.
    iat: Option<i64>,
}

impl Lookup {
    /// The verdict from the values of `keys`, in order.
    fn verdict(&self, values: &[Option<String>]) -> Option<Revoked> {
        for (k, v) in self.keys.iter().zip(values).take(self.listed) {
            if let Some(v) = v {
                return Some(Revoked::Listed {
                    key: k.clone(),
                    at: v.trim().parse().ok(),
                });
            }
        }
        let key = self.keys.get(self.listed)?;
        let cutoff = values
            .get(self.listed)?
            .as_deref()?
            .trim()
            .parse::<i64>()
            .ok()?;
        self.iat
            .is_none_or(|iat| iat < cutoff)
            .then(|| Revoked::CutOff {
                key: key.clone(),
                cutoff,
                iat: self.iat,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_layout() {
        let d = Denylist {
            prefix: "sessctl:revoked:".into(),
        };
        assert_eq!(d.token_key(Some("abc"), "t"), "sessctl:revoked:jti:abc");
        assert_eq!(
            d.token_key(None, "abc"),
            "sessctl:revoked:sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(d.cutoff_key("sub", "42"), "sessctl:revoked:user:sub:42");
    }
}
