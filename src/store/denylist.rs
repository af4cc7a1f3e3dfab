//! JWT revocation state in Redis: the token denylist and the per-user cut-offs. The layout is part
//! of the contract (docs/revocation.md, "JWT revocation: key layout"), so that an application can make the
//! same check in one round trip (`MGET`):
//!
//! - `<prefix>jti:<jti>`: a revoked token that has a `jti`; value = revocation time (unix
//!   seconds); TTL = the token's remaining lifetime (no TTL for a token without `exp`).
//! - `<prefix>sha256:<hex>`: a revoked token without `jti`, by the SHA-256 of the token text
//!   (lowercase hex); value and TTL as above.
//! - `<prefix>user:<claim>:<value>`: the cut-off for a user: tokens whose `<claim>` is `<value>`
//!   and whose `iat` is before this time (unix seconds) are revoked; no TTL.
//!
//! Stored times are read as numbers of unix seconds: an integer, a decimal (`1796282952.5`, as
//! Python's `time.time()` writes) or with an exponent (`1.8e9`), with optional surrounding spaces
//! ([`Seconds::parse`]). A value that cannot be read that way fails closed: the token counts as
//! revoked. A denylist entry never lives longer than [`MAX_TTL`]: a token whose remaining lifetime
//! is longer (or cannot be computed) gets an entry without TTL.
//!
//! The default prefix is `sessctl:revoked:`. Must not import `cli`, `commands` or `output`.

use std::sync::Mutex;

use super::redis::RedisStore;
use super::revoke::store_error;

/// The denylist namespace.
#[derive(Debug, Clone)]
pub struct Denylist {
    /// The key prefix (`sessctl:revoked:` by default).
    pub prefix: String,
}

/// The longest TTL of a denylist entry, seconds: 100 years (of 365.25 days). A token whose
/// remaining lifetime is longer, or cannot be computed, gets an entry without TTL (it never
/// expires). Redis refuses `SET … EX` beyond about 9.2e15 seconds; this stays far below.
pub const MAX_TTL: u64 = 3_155_760_000;

/// How long the denylist entry of a token lives ([`entry_life`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryLife {
    /// The token has expired: it needs no entry.
    Expired,
    /// The entry lives this many seconds (1 to [`MAX_TTL`]): the token's remaining lifetime.
    Seconds(u64),
    /// The entry never expires: the token has no `exp`, or its remaining lifetime is over
    /// [`MAX_TTL`] (or overflows).
    Forever,
}

/// The life of the denylist entry of a token that expires at `exp` (unix seconds; `None`: no
/// `exp`), revoked at `now`. Never overflows.
pub fn entry_life(exp: Option<i64>, now: i64) -> EntryLife {
    let Some(exp) = exp else {
        return EntryLife::Forever;
    };
    if exp <= now {
        return EntryLife::Expired;
    }
    match exp.checked_sub(now).and_then(|t| u64::try_from(t).ok()) {
        Some(t) if (1..=MAX_TTL).contains(&t) => EntryLife::Seconds(t),
        _ => EntryLife::Forever,
    }
}

/// A time in unix seconds, as stored in Redis or claimed in a token: whole, or with a fraction.
/// Comparisons between the two forms are exact.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Seconds {
    /// A whole number of seconds.
    Whole(i64),
    /// A finite number with a fraction (or outside the `i64` range).
    Fraction(f64),
}

/// 2^63 as an `f64`: the first value above the `i64` range.
const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;

impl Seconds {
    /// Reads stored text: an optional sign, digits with an optional fraction (`.5`, `5.`, `5.5`)
    /// and an optional exponent (`e9`, `E+9`), between optional spaces, tabs and line ends.
    /// `None` for anything else (`inf`, `nan`, hex, empty) and for numbers too large for an
    /// `f64`. The same grammar as the cut-off writer's Lua ([`Denylist::set_cutoff`]).
    pub fn parse(text: &str) -> Option<Seconds> {
        let t = text.trim_matches([' ', '\t', '\r', '\n']);
        if !well_formed(t.as_bytes()) {
            return None;
        }
        if !t.contains(['.', 'e', 'E'])
            && let Ok(n) = t.parse::<i64>()
        {
            return Some(Seconds::Whole(n));
        }
        let f = t.parse::<f64>().ok().filter(|f| f.is_finite())?;
        Some(Seconds::from_f64(f))
    }

    /// A JSON number (a claim such as `iat`); `None` for anything else.
    pub fn from_json(v: &serde_json::Value) -> Option<Seconds> {
        if let Some(n) = v.as_i64() {
            return Some(Seconds::Whole(n));
        }
        v.as_f64().filter(|f| f.is_finite()).map(Seconds::from_f64)
    }

    fn from_f64(f: f64) -> Seconds {
        if f.fract() == 0.0 && (-TWO_POW_63..TWO_POW_63).contains(&f) {
            // In range and whole: the conversion is exact.
            Seconds::Whole(f as i64)
        } else {
            Seconds::Fraction(f)
        }
    }

    /// True when `self` is strictly before `other`, exactly.
    pub fn before(self, other: Seconds) -> bool {
        match (self, other) {
            (Seconds::Whole(a), Seconds::Whole(b)) => a < b,
            (Seconds::Fraction(a), Seconds::Fraction(b)) => a < b,
            (Seconds::Whole(a), Seconds::Fraction(b)) => int_before_float(a, b),
            (Seconds::Fraction(a), Seconds::Whole(b)) => {
                !(int_before_float(b, a) || int_equals_float(b, a))
            }
        }
    }

    /// Whole seconds and nanoseconds (floored), when they fit an `i64`.
    pub fn parts(self) -> Option<(i64, i32)> {
        match self {
            Seconds::Whole(s) => Some((s, 0)),
            Seconds::Fraction(f) => {
                let fl = f.floor();
                if !(-TWO_POW_63..TWO_POW_63).contains(&fl) {
                    return None;
                }
                let nanos = (((f - fl) * 1e9) as i32).clamp(0, 999_999_999);
                Some((fl as i64, nanos))
            }
        }
    }
}

impl std::fmt::Display for Seconds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Seconds::Whole(s) => write!(f, "{s}"),
            Seconds::Fraction(x) => write!(f, "{x}"),
        }
    }
}

/// `[+-]? (digits ('.' digits?)? | '.' digits) ([eE] [+-]? digits)?`
fn well_formed(b: &[u8]) -> bool {
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let mut mantissa = digits(&mut i);
    if b.get(i) == Some(&b'.') {
        i += 1;
        mantissa += digits(&mut i);
    }
    if mantissa == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// `a < b` exactly, for a finite `b`.
fn int_before_float(a: i64, b: f64) -> bool {
    if b >= TWO_POW_63 {
        return true;
    }
    if b < -TWO_POW_63 {
        return false;
    }
    let fl = b.floor();
    // -2^63 <= fl < 2^63 and whole: exact.
    let whole = fl as i64;
    a < whole || (a == whole && b > fl)
}

/// `a == b` exactly.
fn int_equals_float(a: i64, b: f64) -> bool {
    b.fract() == 0.0 && (-TWO_POW_63..TWO_POW_63).contains(&b) && b as i64 == a
}

/// Why a token counts as revoked.
#[derive(Debug, Clone, PartialEq)]
pub enum Revoked {
    /// Its `jti` or hash is in the denylist, revoked at this time (unix seconds).
    Listed {
        /// The denylist key.
        key: String,
        /// When it was revoked; `None` when the stored value cannot be read as a time (the
        /// entry still revokes the token).
        at: Option<Seconds>,
    },
    /// The user's cut-off is later than the token's `iat` (or the token has no `iat`).
    CutOff {
        /// The cut-off key.
        key: String,
        /// The cut-off time.
        cutoff: Seconds,
        /// The token's `iat`.
        iat: Option<Seconds>,
    },
    /// The user has a cut-off whose stored value cannot be read as a time: every token of the
    /// user counts as revoked (fail closed).
    UnreadableCutOff {
        /// The cut-off key.
        key: String,
    },
}

/// The cut-off writer: `KEYS[1]` = the cut-off key, `ARGV[1]` = the new cut-off. Reads the
/// stored value with the grammar of [`Seconds::parse`] (Lua's `tonumber` alone would also take
/// `inf`, `nan` and hex); sets the new cut-off unless the stored one is readable and not earlier.
const SET_CUTOFF: &str = r"
local v = redis.pcall('GET', KEYS[1])
local c = nil
if type(v) == 'string' then
  local s = string.match(v, '^[ \t\r\n]*(.-)[ \t\r\n]*$')
  local m = string.match(s, '^[+-]?%d+%.?%d*$') or string.match(s, '^[+-]?%.%d+$')
  if not m then
    m = string.match(s, '^[+-]?%d+%.?%d*[eE][+-]?%d+$')
      or string.match(s, '^[+-]?%.%d+[eE][+-]?%d+$')
  end
  if m then
    c = tonumber(s)
    if c ~= nil and (c ~= c or c == math.huge or c == -math.huge) then c = nil end
  end
end
local now = tonumber(ARGV[1])
if c == nil or c < now then
  -- Where the server can tell (Redis 7), a user who may not write the cut-off is told so as the
  -- server words a refusal, naming SET.
  if redis.acl_check_cmd and not redis.acl_check_cmd('SET', KEYS[1], ARGV[1]) then
    return redis.error_reply('NOPERM this user has no permissions to run the \'set\' command')
  end
  redis.call('SET', KEYS[1], ARGV[1])
end
return 1
";

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
        format!("{}sha256:{}", self.prefix, sha256_hex(token.as_bytes()))
    }

    /// The cut-off key of a user.
    pub fn cutoff_key(&self, claim: &str, user: &str) -> String {
        format!("{}user:{claim}:{user}", self.prefix)
    }

    /// Records denylist entries: `(key, ttl seconds or None for no expiry)`, value `now`, in one
    /// pipeline. Each entry gets its own result: an error reply from the server (say, a key the
    /// ACL refuses) fails that entry only, as its message, and the others are still recorded. A
    /// TTL over [`MAX_TTL`] is recorded as no TTL, a TTL of 0 as 1 second.
    ///
    /// # Errors
    /// The connection failed (then which entries were recorded is unknown).
    pub fn record(
        &self,
        store: &mut RedisStore,
        entries: &[(String, Option<u64>)],
        now: i64,
    ) -> anyhow::Result<Vec<Result<(), String>>> {
        if entries.is_empty() {
            return Ok(Vec::new());
        }
        // One pipeline per node on a Redis Cluster (each entry's key on its slot's node).
        let keys: Vec<&[u8]> = entries.iter().map(|(k, _)| k.as_bytes()).collect();
        let mut replies: Vec<redis::Value> = vec![redis::Value::Nil; entries.len()];
        let mut answered = 0;
        for group in store.same_slot_groups(&keys) {
            let mut p = redis::pipe();
            p.ignore_errors();
            for &i in &group {
                let (key, ttl) = &entries[i];
                match ttl.filter(|t| *t <= MAX_TTL) {
                    Some(t) => p.cmd("SET").arg(key).arg(now).arg("EX").arg(t.max(1)),
                    None => p.cmd("SET").arg(key).arg(now),
                };
            }
            let got: Vec<redis::Value> = p
                .query(store.connection_for(keys[group[0]])?)
                .map_err(|e| store_error(store, "recording revoked tokens", &e))?;
            answered += got.len();
            for (&i, v) in group.iter().zip(got) {
                replies[i] = v;
            }
        }
        if answered != entries.len() {
            anyhow::bail!(
                "recording revoked tokens on {}: the server answered {} of {} commands",
                store.shown(),
                answered,
                entries.len()
            );
        }
        Ok(replies
            .into_iter()
            .zip(entries)
            .map(|(v, (key, _))| match v {
                redis::Value::ServerError(e) => Err(match e.details() {
                    // An ACL refusal names the rule that would allow it.
                    Some(d) => format!(
                        "{}: {d}{}",
                        e.code(),
                        super::acl::hint(e.code(), d, Some("set"), Some(key.as_bytes()))
                    ),
                    None => e.code().to_owned(),
                }),
                _ => Ok(()),
            })
            .collect())
    }

    /// Records the user's cut-off at `now`. A later cut-off is never moved back; a stored value
    /// that cannot be read as a time ([`Seconds::parse`]'s grammar, or a key of another type)
    /// is replaced.
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
            .arg(SET_CUTOFF)
            .arg(1)
            .arg(&key)
            .arg(now)
            .query::<i64>(store.connection_for(key.as_bytes())?)
            .map_err(|e| {
                store.error_at(
                    &format!("EVAL (recording the user's cut-off {key})"),
                    key.as_bytes(),
                    &e,
                )
            })?;
        Ok(key)
    }

    /// What to fetch to check one token: its hash key, its jti key when it has a `jti`, and the
    /// cut-off key of `user` (claim, value). `iat` comes from its payload.
    pub fn lookup(
        &self,
        token: &str,
        jti: Option<&str>,
        user: Option<(&str, &str)>,
        iat: Option<Seconds>,
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

    /// Checks many tokens in one round trip: one `MGET` per token, pipelined (on a Redis
    /// Cluster, whose `MGET` may name keys of one slot only: a `GET` per key, one pipeline per
    /// node). The verdicts come in the order of `lookups`.
    ///
    /// # Errors
    /// Redis failures (then no verdict is known), as `at <server>: <command>: <the server's
    /// words>`.
    pub fn check_many(
        &self,
        store: &mut RedisStore,
        lookups: &[Lookup],
    ) -> Result<Vec<Option<Revoked>>, String> {
        if lookups.is_empty() {
            return Ok(Vec::new());
        }
        let values: Vec<Vec<Option<String>>> = if store.is_cluster() {
            let keys: Vec<&[u8]> = lookups
                .iter()
                .flat_map(|l| l.keys.iter().map(String::as_bytes))
                .collect();
            let mut got = store.get_each(&keys)?.into_iter();
            lookups
                .iter()
                .map(|l| got.by_ref().take(l.keys.len()).collect())
                .collect()
        } else {
            let mut p = redis::pipe();
            for l in lookups {
                p.cmd("MGET").arg(&l.keys);
            }
            p.query(store.connection()).map_err(|e| {
                // The server's words (and, for an ACL refusal, the rule that would allow it),
                // naming the first key looked up.
                let first = lookups.first().and_then(|l| l.keys.first());
                let what = format!("MGET {}", first.map(String::as_str).unwrap_or_default());
                let answer = super::acl::answer(&e, &what, first.map(String::as_bytes));
                format!("at {}: {what}: {answer}", store.shown())
            })?
        };
        if values.len() != lookups.len() {
            return Err(format!(
                "at {}: the server answered a different number of lookups than were sent",
                store.shown()
            ));
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
    iat: Option<Seconds>,
}

impl Lookup {
    /// The verdict from the values of `keys`, in order. A value that cannot be read as a time
    /// fails closed: a denylist entry revokes whatever it holds, a cut-off revokes every token
    /// of its user.
    fn verdict(&self, values: &[Option<String>]) -> Option<Revoked> {
        for (k, v) in self.keys.iter().zip(values).take(self.listed) {
            if let Some(v) = v {
                return Some(Revoked::Listed {
                    key: k.clone(),
                    at: Seconds::parse(v),
                });
            }
        }
        let key = self.keys.get(self.listed)?;
        let stored = values.get(self.listed)?.as_deref()?;
        let Some(cutoff) = Seconds::parse(stored) else {
            return Some(Revoked::UnreadableCutOff { key: key.clone() });
        };
        self.iat
            .is_none_or(|iat| iat.before(cutoff))
            .then(|| Revoked::CutOff {
                key: key.clone(),
                cutoff,
                iat: self.iat,
            })
    }
}

/// `jwt verify --check-revoked`: the tokens that are otherwise valid are looked up a chunk at a
/// time, one pipelined round trip per chunk (an `MGET` per token; a `GET` per key and node on a
/// Redis Cluster) on a shared connection.
pub struct RevocationCheck {
    denylist: Denylist,
    claim: String,
    conn: Mutex<RedisStore>,
}

impl RevocationCheck {
    /// A check against `denylist`, per-user cut-offs on `claim`, over `store`.
    pub fn new(denylist: Denylist, claim: String, store: RedisStore) -> RevocationCheck {
        RevocationCheck {
            denylist,
            claim,
            conn: Mutex::new(store),
        }
    }

    /// The keys to fetch for `token`, from its `jti`, its user claim and its `iat`.
    pub fn lookup(
        &self,
        token: &str,
        claims: Option<&serde_json::Map<String, serde_json::Value>>,
    ) -> Lookup {
        let get = |name: &str| claims.and_then(|c| c.get(name));
        let jti = get("jti").and_then(serde_json::Value::as_str);
        let user = match get(&self.claim) {
            Some(serde_json::Value::String(s)) => Some(s.clone()),
            Some(serde_json::Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let iat = get("iat").and_then(Seconds::from_json);
        self.denylist.lookup(
            token,
            jti,
            user.as_deref().map(|u| (self.claim.as_str(), u)),
            iat,
        )
    }

    /// For each lookup, why the token is revoked, in plain words; `None` when it is not. All in
    /// one round trip. A failed lookup counts as revoked (fail closed) and says why.
    pub fn verdicts(&self, lookups: &[Lookup]) -> Vec<Option<String>> {
        let mut store = match self.conn.lock() {
            Ok(s) => s,
            Err(p) => p.into_inner(),
        };
        match self.denylist.check_many(&mut store, lookups) {
            Ok(verdicts) => verdicts.into_iter().map(|v| v.map(why)).collect(),
            Err(e) => {
                let failed = format!("the revocation check failed {e} (treated as revoked)");
                vec![Some(failed); lookups.len()]
            }
        }
    }
}

/// Why a token is revoked, in plain words.
fn why(revoked: Revoked) -> String {
    match revoked {
        Revoked::Listed { key, at } => match at {
            Some(at) => format!("revoked at {} (denylist entry {key})", utc(at)),
            None => format!(
                "revoked (denylist entry {key}; its stored value could not be read as a time)"
            ),
        },
        Revoked::CutOff { key, cutoff, iat } => match iat {
            Some(iat) => format!(
                "issued at {} before its user's cut-off {} ({key})",
                utc(iat),
                utc(cutoff)
            ),
            None => format!(
                "no iat, and its user has a cut-off at {} ({key})",
                utc(cutoff)
            ),
        },
        Revoked::UnreadableCutOff { key } => format!(
            "its user's cut-off ({key}) holds a value that could not be read as a time in unix \
             seconds (treated as revoked)"
        ),
    }
}

fn utc(t: Seconds) -> String {
    t.parts()
        .and_then(|(s, ns)| jiff::Timestamp::new(s, ns).ok())
        .map(|t| t.to_string())
        .unwrap_or_else(|| t.to_string())
}

/// Lowercase hex SHA-256: how a token without `jti` is named in the denylist (and in the audit
/// log's arguments).
pub fn sha256_hex(bytes: &[u8]) -> String {
    let d = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, bytes);
    let mut s = String::with_capacity(64);
    for b in d.as_ref() {
        s.push_str(&format!("{b:02x}"));
    }
    s
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

    #[test]
    fn stored_times_in_every_number_form() {
        use Seconds::{Fraction, Whole};
        let ok = [
            ("1796282952", Whole(1_796_282_952)),
            (" 1796282952\r\n", Whole(1_796_282_952)),
            ("+5", Whole(5)),
            ("-5", Whole(-5)),
            ("1796282952.5", Fraction(1_796_282_952.5)),
            ("1800000000.0", Whole(1_800_000_000)),
            ("1.8e9", Whole(1_800_000_000)),
            ("1.8E+9", Whole(1_800_000_000)),
            ("5.", Whole(5)),
            (".5", Fraction(0.5)),
            ("9223372036854775808", Fraction(TWO_POW_63)),
            ("1e300", Fraction(1e300)),
        ];
        for (text, want) in ok {
            assert_eq!(Seconds::parse(text), Some(want), "{text:?}");
        }
        for bad in [
            "", " ", "soon", "nan", "NaN", "inf", "-inf", "infinity", "0x10", "1e", "1e+", ".",
            "-", "1 2", "1_000", "1e999", "\u{b}5",
        ] {
            assert_eq!(Seconds::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn comparisons_are_exact_across_forms() {
        use Seconds::{Fraction, Whole};
        let cut = Fraction(1_796_282_952.5);
        assert!(Whole(1_796_282_952).before(cut));
        assert!(!Whole(1_796_282_953).before(cut));
        assert!(Fraction(1_796_282_952.25).before(cut));
        assert!(!Fraction(1_796_282_952.75).before(cut));
        assert!(Fraction(1_796_282_951.5).before(Whole(1_796_282_952)));
        assert!(!Fraction(1_796_282_952.5).before(Whole(1_796_282_952)));
        assert!(!Whole(5).before(Whole(5)));
        // Beyond 2^53 an f64 cannot tell neighbours apart; the whole forms stay exact.
        assert!(Whole(i64::MAX - 1).before(Whole(i64::MAX)));
        assert!(Whole(i64::MAX).before(Fraction(1e300)));
        assert!(!Whole(i64::MIN).before(Fraction(-1e300)));
        assert!(Fraction(-1e300).before(Whole(i64::MIN)));
        assert_eq!(Fraction(-0.5).parts(), Some((-1, 500_000_000)));
        assert_eq!(Fraction(1e300).parts(), None);
    }

    #[test]
    fn entry_lives_the_remaining_lifetime_up_to_a_hundred_years() {
        let now = 1_800_000_000;
        assert_eq!(entry_life(None, now), EntryLife::Forever);
        assert_eq!(entry_life(Some(now), now), EntryLife::Expired);
        assert_eq!(entry_life(Some(now + 1), now), EntryLife::Seconds(1));
        let max = i64::try_from(MAX_TTL).unwrap();
        assert_eq!(
            entry_life(Some(now + max), now),
            EntryLife::Seconds(MAX_TTL)
        );
        assert_eq!(entry_life(Some(now + max + 1), now), EntryLife::Forever);
        assert_eq!(entry_life(Some(i64::MAX), now), EntryLife::Forever);
        assert_eq!(entry_life(Some(now), -i64::MAX), EntryLife::Forever);
        assert_eq!(entry_life(Some(i64::MIN), i64::MAX), EntryLife::Expired);
    }
}
