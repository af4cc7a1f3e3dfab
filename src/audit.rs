//! The audit log of destructive commands (`sessions expire|delete`, `revoke-user`, `jwt revoke`):
//! one JSON object per line, appended (`O_APPEND`) and flushed line by line, so that a run that
//! dies midway still leaves lines saying what it had done. A run writes a `start` line before it
//! changes anything, one `batch` line after each batch of changes, and a `done` (or `error`)
//! line at the end.
//!
//! Secrets never reach the log: arguments are redacted when captured ([`redact_args`]): a
//! `--secret` value, a URL's password, and tokens (shown as their SHA-256) are removed.
//!
//! Reads the process environment only in [`Invoker::detect`], called once by `context`. Must not
//! import `cli`, `commands` or `output`.

use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::os::unix::fs::OpenOptionsExt as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde::Serialize;
use serde_json::Value;

/// Who runs sessctl, where, and with which (redacted) arguments.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Invoker {
    /// The operating-system user (`USER`, else `LOGNAME`, else the numeric uid).
    pub os_user: Option<String>,
    /// The host name.
    pub host: Option<String>,
    /// The command line, secrets removed.
    pub args: Vec<String>,
}

impl Invoker {
    /// Reads the process environment: user, host name, arguments. Called only when an audit log
    /// is opened, so that commands which never write one do not pay for it at start-up.
    pub fn detect() -> Invoker {
        let os_user = ["USER", "LOGNAME"]
            .iter()
            .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
            .or_else(uid_from_proc);
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
            .ok()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .or_else(|| std::env::var("HOSTNAME").ok());
        let args: Vec<String> = std::env::args_os()
            .skip(1)
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        Invoker {
            os_user,
            host,
            args: redact_args(&args),
        }
    }
}

fn uid_from_proc() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("Uid:"))?;
    let uid = line.split_whitespace().nth(1)?;
    Some(format!("uid {uid}"))
}

/// Options whose value is a secret.
const SECRET_OPTIONS: &[&str] = &["--secret"];

/// The arguments with secrets removed: the value of `--secret`, passwords in URLs, and anything
/// that looks like a token (replaced by `<token sha256:…>`, the hash `jwt revoke` would use).
pub fn redact_args(args: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(args.len());
    let mut hide_next = false;
    for a in args {
        if hide_next {
            out.push("***".to_owned());
            hide_next = false;
            continue;
        }
        if SECRET_OPTIONS.contains(&a.as_str()) {
            hide_next = true;
            out.push(a.clone());
            continue;
        }
        if let Some((name, _)) = a.split_once('=')
            && SECRET_OPTIONS.contains(&name)
        {
            out.push(format!("{name}=***"));
            continue;
        }
        if a.contains("://") {
            out.push(crate::store::redis::mask_url(a));
            continue;
        }
        let token = crate::input::extract_token(a);
        if looks_like_token(token) {
            out.push(format!(
                "<token sha256:{}>",
                crate::store::denylist::sha256_hex(token.as_bytes())
            ));
            continue;
        }
        out.push(a.clone());
    }
    out
}

/// Two or four dots between base64url segments, and long enough to be a JWT.
fn looks_like_token(s: &str) -> bool {
    let dots = s.bytes().filter(|&b| b == b'.').count();
    (dots == 2 || dots == 4)
        && s.len() >= 16
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// One line of the audit log.
#[derive(Debug, Serialize)]
struct Line<'a> {
    time: String,
    os_user: Option<&'a str>,
    host: Option<&'a str>,
    command: &'a str,
    args: &'a [String],
    store: &'a Value,
    step: &'a str,
    changed: &'a Value,
    result: &'a str,
}

/// An open audit log (or none, when not configured): every [`AuditLog::write`] appends one line
/// and flushes it.
#[derive(Debug)]
pub struct AuditLog {
    file: Option<(File, PathBuf)>,
    invoker: Invoker,
    command: &'static str,
    store: Value,
}

impl AuditLog {
    /// Opens (creates) `path` for appending; `None` logs nothing. A new file is created with mode
    /// 0600 (owner only): it holds session ids, which for some stores are the cookie values. An
    /// existing file keeps its mode.
    ///
    /// # Errors
    /// The file cannot be opened: a usage error (exit 2), before anything is changed.
    pub fn open(
        path: Option<&Path>,
        invoker: &Invoker,
        command: &'static str,
        store: Value,
    ) -> anyhow::Result<AuditLog> {
        let file = match path {
            Some(p) => Some((
                OpenOptions::new()
                    .create(true)
                    .append(true)
                    .mode(0o600)
                    .open(p)
                    .map_err(|e| {
                        crate::exit::usage(format!("opening the audit log {}: {e}", p.display()))
                    })?,
                p.to_path_buf(),
            )),
            None => None,
        };
        Ok(AuditLog {
            file,
            invoker: invoker.clone(),
            command,
            store,
        })
    }

    /// True when lines are being written somewhere.
    pub fn enabled(&self) -> bool {
        self.file.is_some()
    }

    /// Appends one line: `step` (`start`, `batch`, `done`, `error`), what changed, the result.
    ///
    /// # Errors
    /// Writing failed (the run stops rather than go on unlogged).
    pub fn write(&mut self, step: &str, changed: &Value, result: &str) -> anyhow::Result<()> {
        let Some((file, path)) = &mut self.file else {
            return Ok(());
        };
        let time = jiff::Timestamp::now()
            .round(jiff::Unit::Millisecond)
            .map(|t| t.to_string())
            .unwrap_or_default();
        let line = Line {
            time,
            os_user: self.invoker.os_user.as_deref(),
            host: self.invoker.host.as_deref(),
            command: self.command,
            args: &self.invoker.args,
            store: &self.store,
            step,
            changed,
            result,
        };
        let mut buf = serde_json::to_vec(&line).context("serializing an audit line")?;
        buf.push(b'\n');
        // One write per line: with O_APPEND, concurrent runs never interleave inside a line.
        file.write_all(&buf)
            .and_then(|()| file.flush())
            .with_context(|| format!("writing the audit log {}", path.display()))
    }
}

/// The audit log hears every step of a revocation: `start`; `sent` before each batch (its ids,
/// outcome unknown until the next line); `batch` with what it removed; the cut-off; then `done`,
/// or `error` naming what was in flight and what was never reached.
impl crate::store::revocation::Observer for AuditLog {
    fn event(&mut self, event: &crate::store::revocation::Event<'_>) -> anyhow::Result<()> {
        use crate::store::revocation::Event;
        use serde_json::json;
        match event {
            Event::Start {
                user,
                removing,
                stale_index,
                undecidable,
            } => self.write(
                "start",
                &json!({
                    "user": user,
                    "found": removing,
                    "stale_index": stale_index,
                    "undecidable": undecidable,
                }),
                "started",
            ),
            Event::Sent { pass, ids } => self.write(
                "sent",
                &json!({ "pass": pass, "ids": ids }),
                "sent, outcome unknown",
            ),
            Event::Batch {
                pass,
                deleted,
                gone,
                changed,
            } => self.write(
                "batch",
                &json!({ "pass": pass, "deleted": deleted, "gone": gone, "left_changed": changed }),
                "ok",
            ),
            Event::StaleSent { pass, ids } => self.write(
                "sent",
                &json!({ "pass": pass, "stale_index": ids }),
                "sent, outcome unknown",
            ),
            Event::StaleBatch {
                pass,
                removed,
                gone,
                recreated,
            } => self.write(
                "batch",
                &json!({
                    "pass": pass,
                    "stale_index_removed": removed,
                    "stale_index_gone": gone,
                    "stale_index_kept_recreated": recreated,
                }),
                "ok",
            ),
            Event::Cutoff { key, at } => self.write(
                "batch",
                &json!({ "cutoff": { "key": key, "at": at } }),
                "ok",
            ),
            Event::CutoffFailed { error } => self.write(
                "cutoff",
                &json!({}),
                &format!("error: recording the JWT cut-off: {error}"),
            ),
            Event::Finished(o) => {
                let changed = json!({
                    "deleted": o.deleted.len(),
                    "stale_index_removed": o.stale_index_removed,
                    "passes": o.passes,
                    "clean": o.clean,
                    "not_removed": o.not_removed.iter().map(|(id, _)| id).collect::<Vec<_>>(),
                    "undecidable": o.undecidable.iter().map(|f| &f.session.id).collect::<Vec<_>>(),
                    "in_flight": o.in_flight,
                    "not_reached": o.not_reached,
                    "unscanned": o.unscanned.iter().flat_map(|u| &u.parts).map(|p| json!({
                        "node": p.node, "slots": p.slots, "error": p.why,
                    })).collect::<Vec<_>>(),
                });
                match &o.error {
                    Some(e) => self.write("error", &changed, &format!("error: {e:#}")),
                    None if o.not_removed.is_empty()
                        && o.undecidable.is_empty()
                        && o.cutoff_error.is_none() =>
                    {
                        self.write("done", &changed, "ok")
                    }
                    None => self.write("done", &changed, "partial"),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_removed_from_arguments() {
        let tok = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2lnbmF0dXJl";
        let args: Vec<String> = [
            "jwt",
            "verify",
            "--secret",
            "hunter2",
            "--secret=hunter3",
            "--redis-url",
            "redis://u:pw@h:6379/0",
            tok,
            "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2lnbmF0dXJl",
            "42",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        let r = redact_args(&args);
        let joined = r.join(" ");
        assert!(!joined.contains("hunter"), "{joined}");
        assert!(!joined.contains("pw@"), "{joined}");
        assert!(!joined.contains("eyJ"), "{joined}");
        assert_eq!(r[3], "***");
        assert_eq!(r[4], "--secret=***");
        assert_eq!(r[6], "redis://u:***@h:6379/0");
        assert_eq!(
            r[7],
            format!(
                "<token sha256:{}>",
                crate::store::denylist::sha256_hex(tok.as_bytes())
            )
        );
        assert_eq!(r[9], "42");
    }

    #[test]
    fn lines_are_appended_and_flushed() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("audit.jsonl");
        let inv = Invoker {
            os_user: Some("ops".into()),
            host: Some("h".into()),
            args: vec!["revoke-user".into(), "42".into()],
        };
        let mut log = AuditLog::open(Some(&p), &inv, "revoke-user", Value::Null).unwrap();
        log.write("start", &serde_json::json!({}), "started")
            .unwrap();
        // Visible before the log is dropped: flushed per line.
        let text = std::fs::read_to_string(&p).unwrap();
        assert_eq!(text.lines().count(), 1);
        let v: Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
        assert_eq!(v["os_user"], "ops");
        assert_eq!(v["step"], "start");
        drop(log);
        let mut log = AuditLog::open(Some(&p), &inv, "revoke-user", Value::Null).unwrap();
        log.write("done", &serde_json::json!({"deleted": 1}), "ok")
            .unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap().lines().count(), 2);
    }
}
