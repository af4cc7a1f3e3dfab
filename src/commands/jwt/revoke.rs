//! `jwt revoke`: record each token in the Redis denylist (by `jti`, else by SHA-256) with a TTL
//! of its remaining lifetime (none when that is over 100 years: `denylist::MAX_TTL`); an expired
//! token needs no entry. Each token gets its own verdict. (The check behind
//! `jwt verify --check-revoked` is `store::denylist::RevocationCheck`.)

use std::io::BufRead;

use serde_json::{Value, json};

use crate::audit::AuditLog;
use crate::cli::JwtRevokeArgs;
use crate::commands::removal;
use crate::context::Ctx;
use crate::exit::{self, Exit};
use crate::input::{Line, LineReader, extract_token};
use crate::jwt;
use crate::report::Sink;
use crate::report::revoke::{JwtRevokeItem, RevokeEvent};
use crate::store::denylist::{Denylist, EntryLife, entry_life};
use crate::store::redis::RedisStore;

/// Tokens recorded per pipeline (and per audit line).
const BATCH: usize = 1000;

/// Runs `jwt revoke`. Each token gets its own verdict: a token whose entry the server refuses is
/// an `error` item and the others proceed (exit 1). A lost connection stops the run (exit 3),
/// but the items known so far are printed first, the batch in flight as errors.
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
    let mut store = crate::commands::connect::redis(ctx, ctx.store.connect.timeout, sink)?;
    let denylist = Denylist {
        prefix: args.denylist.denylist_prefix.clone(),
    };
    crate::store::acl::note_denylist(&denylist.prefix);
    let mut audit = AuditLog::open(
        args.audit.audit_log.as_deref(),
        &crate::audit::Invoker::detect(),
        "jwt revoke",
        json!({ "url": store.shown(), "denylist_prefix": denylist.prefix }),
    )?;
    let mut run = Recorder {
        denylist: &denylist,
        store: &mut store,
        now,
        dry_run: args.dry_run,
        items: Vec::new(),
        pending: Vec::new(),
    };
    let result = removal::logged(&mut audit, |audit| {
        if !run.dry_run {
            audit.write("start", &json!({}), "started")?;
        }
        match argument {
            Some(t) => {
                let item = revoke_item(run.denylist, t, None, now, args.max_size, run.dry_run);
                run.push(item);
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
                            revoke_item(run.denylist, &t, Some(n), now, args.max_size, run.dry_run)
                        }
                        Line::NotUtf8 => error_item(Some(n), "not UTF-8 text".into()),
                        Line::TooLong(len) => {
                            error_item(Some(n), format!("line of {len} bytes is over --max-size"))
                        }
                    };
                    run.push(item);
                    if run.pending.len() >= BATCH {
                        run.flush(audit)?;
                    }
                }
            }
        }
        run.flush(audit)?;
        if !run.dry_run {
            let count = |status: &str| run.items.iter().filter(|i| i.status == status).count();
            let not_recorded = run
                .items
                .iter()
                .filter(|i| i.key.is_some() && i.status == "error");
            let not_recorded = not_recorded.count();
            audit.write(
                "done",
                &json!({
                    "revoked": count("revoked"),
                    "not_recorded": not_recorded,
                    "tokens": run.items.len(),
                }),
                if not_recorded == 0 { "ok" } else { "partial" },
            )?;
        }
        Ok(())
    });
    // A run stopped by an error (reading standard input) never sent the entries still pending.
    for i in std::mem::take(&mut run.pending) {
        let item = &mut run.items[i];
        item.status = "error";
        item.ttl = None;
        item.error =
            Some("not recorded: the run stopped before this token's batch was sent".to_owned());
    }
    let items = run.items;
    // What is known is printed even when the run stopped, before its error.
    let shown = if items.is_empty() {
        Ok(())
    } else {
        sink.revoke(RevokeEvent::JwtRevoke {
            items: &items,
            collection: argument.is_none(),
        })
    };
    result?;
    shown?;
    if items.is_empty() {
        anyhow::bail!(jwt::DecodeError::Empty);
    }
    Ok(if items.iter().any(|i| i.status == "error") {
        Exit::Failure
    } else {
        Exit::Ok
    })
}

/// The tokens of one run and the entries not yet sent.
struct Recorder<'a> {
    denylist: &'a Denylist,
    store: &'a mut RedisStore,
    now: i64,
    dry_run: bool,
    /// One per token, in input order.
    items: Vec<JwtRevokeItem>,
    /// Indexes into `items` of the entries to record with the next pipeline.
    pending: Vec<usize>,
}

impl Recorder<'_> {
    fn push(&mut self, item: JwtRevokeItem) {
        if item.status == "revoked" && item.key.is_some() {
            self.pending.push(self.items.len());
        }
        self.items.push(item);
    }

    /// Records the pending entries in one pipeline; an entry the server refuses makes its token
    /// an error. The audit log's batch line names the keys recorded and those that failed.
    ///
    /// # Errors
    /// The connection failed (the batch's tokens are then errors whose outcome is unknown), or
    /// the audit log could not be written.
    fn flush(&mut self, audit: &mut AuditLog) -> anyhow::Result<()> {
        let pending = std::mem::take(&mut self.pending);
        if pending.is_empty() || self.dry_run {
            return Ok(());
        }
        let entries: Vec<(String, Option<u64>)> = pending
            .iter()
            .map(|&i| {
                let item = &self.items[i];
                let ttl = item.ttl.and_then(|t| u64::try_from(t).ok());
                (item.key.clone().unwrap_or_default(), ttl)
            })
            .collect();
        let results = match self.denylist.record(self.store, &entries, self.now) {
            Ok(r) => r,
            Err(e) => {
                for &i in &pending {
                    let item = &mut self.items[i];
                    item.status = "error";
                    item.ttl = None;
                    item.error = Some(
                        "not confirmed: the connection to Redis failed while this token's batch \
                         was being recorded (its entry may or may not be there)"
                            .to_owned(),
                    );
                }
                let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
                // The run's own error line follows; this one names what is in doubt.
                let _ = audit.write("batch", &json!({ "in_flight": keys }), "error");
                return Err(e);
            }
        };
        let mut recorded = Vec::new();
        let mut failed = Vec::new();
        for ((&i, (key, _)), result) in pending.iter().zip(&entries).zip(results) {
            match result {
                Ok(()) => recorded.push(key.as_str()),
                Err(reply) => {
                    let item = &mut self.items[i];
                    item.status = "error";
                    item.ttl = None;
                    item.error = Some(format!("not recorded: Redis answered {reply}"));
                    failed.push(json!({ "line": item.line, "key": key, "error": reply }));
                }
            }
        }
        let result = if failed.is_empty() { "ok" } else { "partial" };
        audit.write(
            "batch",
            &json!({ "recorded": recorded, "failed": failed }),
            result,
        )
    }
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

/// `exp` as whole seconds, rounded up (a fraction of a second left still needs an entry) and
/// saturated to the `i64` range; `None` when absent or not a number.
fn exp_seconds(v: Option<&Value>) -> Option<i64> {
    let v = v?;
    // `as` saturates: 1e300 is i64::MAX.
    v.as_i64().or_else(|| v.as_f64().map(|f| f.ceil() as i64))
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
    let exp = exp_seconds(claims.and_then(|c| c.get("exp")));
    let ttl = match entry_life(exp, now) {
        EntryLife::Expired => {
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
        // At most MAX_TTL, so it fits.
        EntryLife::Seconds(t) => i64::try_from(t).ok(),
        EntryLife::Forever => None,
    };
    JwtRevokeItem {
        line,
        status: if dry_run { "dry_run" } else { "revoked" },
        key: Some(denylist.token_key(jti.as_deref(), token)),
        jti,
        ttl,
        exp,
        error: None,
    }
}
