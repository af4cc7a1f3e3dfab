//! `jwt revoke`: record each token in the Redis denylist (by `jti`, else by SHA-256) with a TTL
//! of its remaining lifetime; an expired token needs no entry. Also the check behind
//! `jwt verify --check-revoked` ([`RevocationCheck`]).

use std::io::BufRead;
use std::sync::Mutex;

use serde_json::{Value, json};

use crate::audit::AuditLog;
use crate::cli::{CheckRevokedArgs, JwtRevokeArgs};
use crate::commands::removal;
use crate::context::Ctx;
use crate::exit::{self, Exit};
use crate::input::{Line, LineReader, extract_token};
use crate::jwt;
use crate::report::Sink;
use crate::report::revoke::{JwtRevokeItem, RevokeEvent};
use crate::store::denylist::{Denylist, Lookup, Revoked};
use crate::store::redis::RedisStore;

/// Tokens recorded per pipeline (and per audit line).
const BATCH: usize = 1000;

/// Runs `jwt revoke`.
///
/// # Errors
/// Connection failures, Redis failures, output errors.
pub(crate) fn run(
    args: &JwtRevokeArgs,
    ctx: &Ctx,
    stdin: &mut dyn BufRead,
    sink: &mut dyn Sink,
) -> anyhow::Result<Exit> {
    let argument = args.token.as_deref().filter(|t| *t != "-");
    if argument.is_none() && ctx.stdin_tty {
        return Err(exit::usage(
            "no token given and standard input is a terminal: pass TOKEN, or pipe tokens in (one per line)",
        ));
    }
    let now = args.at.unwrap_or(ctx.now);
    let mut store =
        crate::commands::sessions::connect(ctx, args.redis.timeout, args.redis.ask_password)?;
    let denylist = Denylist {
        prefix: args.denylist.denylist_prefix.clone(),
    };
    let mut audit = AuditLog::open(
        args.audit.audit_log.as_deref(),
        &crate::audit::Invoker::detect(),
        "jwt revoke",
        json!({ "url": store.shown(), "denylist_prefix": denylist.prefix }),
    )?;
    let mut items: Vec<JwtRevokeItem> = Vec::new();
    let dry_run = args.dry_run;
    removal::logged(&mut audit, |audit| {
        if !dry_run {
            audit.write("start", &json!({}), "started")?;
        }
        let mut pending: Vec<(String, Option<u64>)> = Vec::new();
        let mut flush = |pending: &mut Vec<(String, Option<u64>)>,
                         audit: &mut AuditLog|
         -> anyhow::Result<()> {
            if pending.is_empty() || dry_run {
                pending.clear();
                return Ok(());
            }
            denylist.record(&mut store, pending, now)?;
            let keys: Vec<&str> = pending.iter().map(|(k, _)| k.as_str()).collect();
            audit.write("batch", &json!({ "recorded": keys }), "ok")?;
            pending.clear();
            Ok(())
        };
        match argument {
            Some(t) => {
                let item = revoke_item(&denylist, t, None, now, args.max_size, dry_run);
                if let (Some(k), "revoked") = (&item.key, item.status) {
                    pending.push((k.clone(), item.ttl.map(|t| t.max(1) as u64)));
                }
                items.push(item);
            }
            None => {
                let mut reader = LineReader::new(
                    stdin,
                    args.max_size.saturating_add(super::bulk::WRAPPER_ALLOWANCE),
                );
                while let Some((n, line)) = reader
                    .next_line()
                    .map_err(|e| anyhow::anyhow!("reading standard input: {e}"))?
                {
                    let item = match line {
                        Line::Text(t) if t.trim().is_empty() => continue,
                        Line::Text(t) => {
                            revoke_item(&denylist, &t, Some(n), now, args.max_size, dry_run)
                        }
                        Line::NotUtf8 => error_item(Some(n), "not UTF-8 text".into()),
                        Line::TooLong(len) => {
                            error_item(Some(n), format!("line of {len} bytes is over --max-size"))
                        }
                    };
                    if let (Some(k), "revoked") = (&item.key, item.status) {
                        pending.push((k.clone(), item.ttl.map(|t| t.max(1) as u64)));
                    }
                    items.push(item);
                    if pending.len() >= BATCH {
                        flush(&mut pending, audit)?;
                    }
                }
            }
        }
        flush(&mut pending, audit)?;
        if !dry_run {
            let revoked = items.iter().filter(|i| i.status == "revoked").count();
            audit.write(
                "done",
                &json!({ "revoked": revoked, "tokens": items.len() }),
                "ok",
            )?;
        }
        Ok(())
    })?;
    if argument.is_none() && items.is_empty() {
        anyhow::bail!(jwt::DecodeError::Empty);
    }
    sink.revoke(RevokeEvent::JwtRevoke {
        items: &items,
        collection: argument.is_none(),
    })?;
    Ok(if items.iter().any(|i| i.status == "error") {
        Exit::Failure
    } else {
        Exit::Ok
    })
}

fn error_item(line: Option<u64>, error: String) -> JwtRevokeItem {
    JwtRevokeItem {
        line,
        status: "error",
        jti: None,
        key: None,
        ttl: None,
        exp: None,
        error: Some(error),
    }
}

/// A time claim as whole seconds (JSON numbers may carry a fraction).
fn seconds(v: Option<&Value>) -> Option<i64> {
    let v = v?;
    v.as_i64().or_else(|| v.as_f64().map(|f| f as i64))
}

fn revoke_item(
    denylist: &Denylist,
    text: &str,
    line: Option<u64>,
    now: i64,
    max_size: usize,
    dry_run: bool,
) -> JwtRevokeItem {
    let token = extract_token(text);
    let decoded = match jwt::decode(token, max_size) {
        Ok(d) => d,
        Err(e) => return error_item(line, e.to_string()),
    };
    let claims = decoded.claims();
    let jti = claims
        .and_then(|c| c.get("jti"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let exp = seconds(claims.and_then(|c| c.get("exp")));
    if let Some(e) = exp
        && e <= now
    {
        return JwtRevokeItem {
            line,
            status: "expired",
            jti,
            key: None,
            ttl: None,
            exp,
            error: None,
        };
    }
    JwtRevokeItem {
        line,
        status: if dry_run { "dry_run" } else { "revoked" },
        key: Some(denylist.token_key(jti.as_deref(), token)),
        jti,
        ttl: exp.map(|e| e - now),
        exp,
        error: None,
    }
}

/// `jwt verify --check-revoked`: the tokens that are otherwise valid are looked up a chunk at a
/// time, one pipelined round trip per chunk (an `MGET` per token) on a shared connection.
pub(crate) struct RevocationCheck {
    denylist: Denylist,
    claim: String,
    conn: Mutex<RedisStore>,
}

impl RevocationCheck {
    /// Connects when `--check-revoked` is given.
    ///
    /// # Errors
    /// Connection failures (exit 3).
    pub(crate) fn open(
        args: &CheckRevokedArgs,
        ctx: &Ctx,
        timeout: std::time::Duration,
    ) -> anyhow::Result<Option<RevocationCheck>> {
        if !args.check_revoked {
            return Ok(None);
        }
        Ok(Some(RevocationCheck {
            denylist: Denylist {
                prefix: args.denylist_prefix.clone(),
            },
            claim: args.user_claim.clone(),
            conn: Mutex::new(crate::commands::sessions::connect(
                ctx,
                timeout,
                args.ask_password,
            )?),
        }))
    }

    /// The keys to fetch for `token`, from its `jti`, its user claim and its `iat`.
    pub(crate) fn lookup(
        &self,
        token: &str,
        claims: Option<&serde_json::Map<String, Value>>,
    ) -> Lookup {
        let get = |name: &str| claims.and_then(|c| c.get(name));
        let jti = get("jti").and_then(Value::as_str);
        let user = match get(&self.claim) {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let iat = seconds(get("iat"));
        self.denylist.lookup(
            token,
            jti,
            user.as_deref().map(|u| (self.claim.as_str(), u)),
            iat,
        )
    }

    /// For each lookup, why the token is revoked, in plain words; `None` when it is not. All in
    /// one round trip. A failed lookup counts as revoked (fail closed) and says why.
    pub(crate) fn verdicts(&self, lookups: &[Lookup]) -> Vec<Option<String>> {
        let mut store = match self.conn.lock() {
            Ok(s) => s,
            Err(p) => p.into_inner(),
        };
        let shown = store.shown().to_owned();
        match self.denylist.check_many(store.connection(), lookups) {
            Ok(verdicts) => verdicts.into_iter().map(|v| v.map(why)).collect(),
            Err(e) => {
                let failed =
                    format!("the revocation check failed at {shown}: {e} (treated as revoked)");
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
            None => format!("revoked (denylist entry {key})"),
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
    }
}

fn utc(secs: i64) -> String {
    jiff::Timestamp::from_second(secs)
        .map(|t| t.to_string())
        .unwrap_or_else(|_| secs.to_string())
}
