//! `jwt verify`: resolve the one key source (files, a JWKS URL, or a secret from a file, the
//! environment, a prompt or the command line), parse the keys once, then verify each token into a
//! [`VerifyReport`]. Standard input is verified in batches on every core, in order.

use std::io::BufRead;
use std::path::Path;
use std::time::Duration;

use anyhow::Context as _;
use base64::Engine as _;

use crate::cli::CheckRevokedArgs;
use crate::cli::VerifyArgs;
use crate::context::Ctx;
use crate::exit::{self, Exit};
use crate::input::{Line, extract_token};
use crate::jwt::{self, Key, KeySet, Reason, Secret, VerifyOptions};
use crate::parallel;
use crate::report::{DecodeReport, ItemRenderer, Sink, VerifyReport};
use crate::store::denylist::Lookup;
use crate::store::denylist::{Denylist, RevocationCheck};

use super::bulk::{self, LineJob};

/// HMAC secrets shorter than this get a warning (RFC 7518 3.2: at least the hash size, 256 bits
/// for HS256).
const MIN_SECRET_BYTES: usize = 32;

/// The largest JWKS document accepted from --jwks-url.
const MAX_JWKS_BYTES: u64 = 1 << 20;

pub(crate) fn run(
    args: &VerifyArgs,
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
    let keys = load_keys(args, ctx, argument.is_none(), sink)?;
    let now = args.at.unwrap_or(ctx.now);
    let opts = VerifyOptions {
        now,
        leeway: to_secs(args.leeway),
        ignore_exp: args.ignore_exp,
        issuer: args.iss.clone(),
        audience: args.aud.clone(),
        subject: args.sub.clone(),
        typ: args.typ.clone(),
        max_age: args.max_age.map(to_secs),
        require: args.require.clone(),
    };
    let revoked = check_revoked(&args.revoked, ctx, timeout(ctx), sink)?;
    let check = Check {
        keys: &keys,
        opts: &opts,
        max_size: args.max_size,
        revoked: revoked.as_ref(),
    };
    match argument {
        Some(token) => {
            let (mut report, lookup) = check.unchecked(token, None);
            check.revocations(std::slice::from_mut(&mut report), vec![lookup]);
            sink.begin(false)?;
            sink.verify_items(std::slice::from_ref(&report))?;
            sink.finish()?;
            Ok(if report.valid {
                Exit::Ok
            } else {
                Exit::Failure
            })
        }
        None => bulk::run(&check, args.max_size, stdin, sink),
    }
}

/// `--timeout` as `jwt verify` reads it: it bounds the --jwks-url fetch and each Redis step of
/// --check-revoked alike, and defaults to 10s (the JWKS fetch is a whole HTTPS request).
fn timeout(ctx: &Ctx) -> Duration {
    ctx.timeout.unwrap_or(DEFAULT_TIMEOUT)
}

/// `jwt verify --timeout`'s default.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

fn to_secs(d: u64) -> i64 {
    i64::try_from(d).unwrap_or(i64::MAX)
}

/// Everything needed to verify one token; shared by the worker threads.
struct Check<'a> {
    keys: &'a KeySet,
    opts: &'a VerifyOptions,
    max_size: usize,
    /// `--check-revoked`: consulted for tokens that are otherwise valid.
    revoked: Option<&'a RevocationCheck>,
}

impl Check<'_> {
    /// Verifies one token, except for `--check-revoked`: with it, a token valid otherwise comes
    /// with the lookup that [`Check::revocations`] makes.
    fn unchecked(&self, text: &str, line: Option<u64>) -> (VerifyReport, Option<Lookup>) {
        let token = extract_token(text);
        let decoded = match jwt::decode(token, self.max_size) {
            Ok(d) => d,
            Err(e) => return (malformed(line, e.to_string()), None),
        };
        let result = jwt::verify(token, &decoded, self.keys, self.opts);
        let kid = decoded
            .header
            .get()
            .member("kid")
            .and_then(|k| k.as_str())
            .map(|k| k.into_owned());
        let (valid, reason, message, key) = match result {
            Ok(key) => (true, None, None, Some(key.describe())),
            Err(f) => (false, Some(f.reason.code()), Some(f.detail), None),
        };
        let lookup = match self.revoked {
            Some(r) if valid => Some(r.lookup(token, decoded.claims())),
            _ => None,
        };
        let report = VerifyReport {
            line,
            valid,
            reason,
            message,
            kid,
            key,
            token: Some(DecodeReport::new(decoded, self.opts.now, line)),
        };
        (report, lookup)
    }

    fn line(&self, (n, line): &(u64, Line)) -> (VerifyReport, Option<Lookup>) {
        match line {
            Line::Text(text) => self.unchecked(text, Some(*n)),
            Line::NotUtf8 => (malformed(Some(*n), "not UTF-8 text".to_owned()), None),
            Line::TooLong(len) => (
                malformed(
                    Some(*n),
                    jwt::DecodeError::TooLarge {
                        len: *len,
                        max: self.max_size,
                    }
                    .to_string(),
                ),
                None,
            ),
        }
    }

    /// Makes the `--check-revoked` lookups of `reports` (`lookups[i]` belongs to `reports[i]`) in
    /// one round trip, and marks the revoked ones invalid.
    fn revocations(&self, reports: &mut [VerifyReport], lookups: Vec<Option<Lookup>>) {
        let Some(revoked) = self.revoked else {
            return;
        };
        let mut at = Vec::new();
        let mut wanted = Vec::new();
        for (i, lookup) in lookups.into_iter().enumerate() {
            if let Some(l) = lookup {
                at.push(i);
                wanted.push(l);
            }
        }
        for (i, why) in at.into_iter().zip(revoked.verdicts(&wanted)) {
            if let (Some(why), Some(report)) = (why, reports.get_mut(i)) {
                report.valid = false;
                report.reason = Some(Reason::Revoked.code());
                report.message = Some(why);
            }
        }
    }

    /// Verifies `lines`, the revocation lookups of the whole slice in one round trip.
    fn lines(&self, lines: &[(u64, Line)], threads: usize) -> Vec<VerifyReport> {
        let (mut reports, lookups): (Vec<_>, Vec<_>) =
            parallel::map_ordered(lines, threads, |l| self.line(l))
                .into_iter()
                .unzip();
        self.revocations(&mut reports, lookups);
        reports
    }
}

fn malformed(line: Option<u64>, message: String) -> VerifyReport {
    VerifyReport {
        line,
        valid: false,
        reason: Some(Reason::Malformed.code()),
        message: Some(message),
        kid: None,
        key: None,
        token: None,
    }
}

impl LineJob for Check<'_> {
    fn render(
        &self,
        lines: &[(u64, Line)],
        renderer: &dyn ItemRenderer,
        buf: &mut Vec<u8>,
        ends: &mut Vec<usize>,
    ) -> std::io::Result<bool> {
        let mut failed = false;
        let mut put = |report: &VerifyReport, buf: &mut Vec<u8>| -> std::io::Result<()> {
            renderer.render_verify(report, buf)?;
            ends.push(buf.len());
            failed |= !report.valid;
            Ok(())
        };
        if self.revoked.is_some() {
            // The chunk's lookups go in one round trip, before anything is rendered.
            for report in self.lines(lines, 1) {
                put(&report, buf)?;
            }
        } else {
            for line in lines {
                put(&self.line(line).0, buf)?;
            }
        }
        Ok(failed)
    }

    fn emit(
        &self,
        batch: &[(u64, Line)],
        threads: usize,
        sink: &mut dyn Sink,
    ) -> anyhow::Result<bool> {
        let reports = self.lines(batch, threads);
        sink.verify_items(&reports)?;
        Ok(reports.iter().any(|r| !r.valid))
    }
}

/// Loads the one key source, narrowed by `--alg`.
fn load_keys(
    args: &VerifyArgs,
    ctx: &Ctx,
    tokens_on_stdin: bool,
    sink: &mut dyn Sink,
) -> anyhow::Result<KeySet> {
    let mut keys: Vec<Key> = Vec::new();
    let mut warnings = Vec::new();
    for path in &args.key {
        let name = path.display().to_string();
        let bytes = read_key_file(path)?;
        let (found, w) = jwt::keys::load(&bytes, &name)
            .map_err(|e| exit::usage(format!("key file {name}: {e}")))?;
        keys.extend(found);
        warnings.extend(w);
    }
    if let Some(url) = &args.jwks_url {
        let bytes = fetch(url, timeout(ctx))?;
        let (found, w) = jwt::keys::load(&bytes, url)
            .map_err(|e| exit::usage(format!("key set from {url}: {e}")))?;
        keys.extend(found);
        warnings.extend(w);
    }
    if let Some((secret, source)) = read_secret(args, ctx, tokens_on_stdin, &mut warnings)? {
        keys.push(Key::from_secret(&secret, source));
    }
    for w in &warnings {
        sink.warning(w)?;
    }
    let allow = (!args.alg.is_empty()).then_some(args.alg.as_slice());
    KeySet::new(keys, allow).map_err(|e| exit::usage(e.to_string()))
}

fn read_key_file(path: &Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(path)
        .map_err(|e| exit::usage(format!("key file {}: cannot read it: {e}", path.display())))
}

/// The HMAC secret from whichever secret option was given, checked; `None` when the key source
/// is not a secret.
fn read_secret(
    args: &VerifyArgs,
    ctx: &Ctx,
    tokens_on_stdin: bool,
    warnings: &mut Vec<String>,
) -> anyhow::Result<Option<(Secret, String)>> {
    let (raw, source): (Vec<u8>, String) = if let Some(path) = &args.secret_file {
        let mut bytes = std::fs::read(path).map_err(|e| {
            exit::usage(format!(
                "secret file {}: cannot read it: {e}",
                path.display()
            ))
        })?;
        if bytes.ends_with(b"\r\n") {
            bytes.truncate(bytes.len() - 2);
        } else if bytes.ends_with(b"\n") {
            bytes.pop();
        }
        (bytes, format!("the secret in {}", path.display()))
    } else if let Some(var) = &args.secret_env {
        // The variable is named on the command line, so it cannot be resolved up front in the
        // context like the others.
        let value = std::env::var_os(var)
            .ok_or_else(|| exit::usage(format!("--secret-env: the variable {var} is not set")))?;
        (value.into_encoded_bytes(), format!("the secret in ${var}"))
    } else if args.secret_prompt {
        if !ctx.stdin_tty || tokens_on_stdin {
            return Err(exit::usage(
                "--secret-prompt needs a terminal on standard input and the token as an argument: use --secret-file or --secret-env instead",
            ));
        }
        let typed =
            crate::prompt::secret("HMAC secret").context("reading the secret from the terminal")?;
        (
            typed.expose().as_bytes().to_vec(),
            "the secret typed at the prompt".to_owned(),
        )
    } else if let Some(s) = &args.secret {
        warnings.push(
            "--secret puts the secret in the process list and shell history: prefer --secret-file, --secret-env or --secret-prompt".to_owned(),
        );
        (
            s.expose().as_bytes().to_vec(),
            "the secret given with --secret".to_owned(),
        )
    } else {
        return Ok(None);
    };
    let raw = Secret::new(raw);
    let secret = if args.secret_base64 {
        let text = std::str::from_utf8(raw.expose())
            .map_err(|_| exit::usage(format!("{source}: --secret-base64, but it is not text")))?;
        Secret::new(decode_base64(text).ok_or_else(|| {
            exit::usage(format!(
                "{source}: --secret-base64, but it is not base64 or base64url"
            ))
        })?)
    } else {
        raw
    };
    if secret.is_empty() {
        return Err(exit::usage(format!("{source} is empty")));
    }
    if let Some(what) = jwt::keys::looks_like_key_material(secret.expose()) {
        return Err(exit::usage(format!(
            "{source} looks like a {what}: public key material is never used as an HMAC secret (that is the algorithm-confusion attack); pass keys with --key"
        )));
    }
    if secret.len() < MIN_SECRET_BYTES {
        warnings.push(format!(
            "{source} is only {} bytes: HMAC secrets should be at least {MIN_SECRET_BYTES} bytes (RFC 7518 3.2), or they can be guessed offline from any token",
            secret.len()
        ));
    }
    Ok(Some((secret, source)))
}

/// Base64 in any of its common spellings: standard or URL-safe alphabet, padded or not.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
    let t: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let t = t.trim_end_matches('=');
    URL_SAFE_NO_PAD
        .decode(t)
        .or_else(|_| STANDARD_NO_PAD.decode(t))
        .ok()
}

/// Fetches a JWKS document: https, or plain http to a loopback address only; one request with a
/// deadline; at most [`MAX_JWKS_BYTES`].
fn fetch(url: &str, timeout: Duration) -> anyhow::Result<Vec<u8>> {
    let lower = url.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("http://") {
        let host = rest
            .split(['/', '?', '#'])
            .next()
            .unwrap_or("")
            .rsplit('@')
            .next()
            .unwrap_or("");
        let host = match host.strip_prefix('[') {
            Some(v6) => v6.split(']').next().unwrap_or(""),
            None => host.split(':').next().unwrap_or(""),
        };
        let loopback = host == "localhost"
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        if !loopback {
            return Err(exit::usage(format!(
                "--jwks-url {url}: refusing plain http for keys (anyone on the path could swap them): use https"
            )));
        }
    } else if !lower.starts_with("https://") {
        return Err(exit::usage(format!(
            "--jwks-url {url}: expected an https:// URL"
        )));
    }
    let provider = std::sync::Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let tls = ureq::tls::TlsConfig::builder()
        .provider(ureq::tls::TlsProvider::Rustls)
        .unversioned_rustls_crypto_provider(provider)
        .build();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .max_redirects(3)
        .tls_config(tls)
        .build()
        .into();
    let fetched = agent
        .get(url)
        .header("Accept", "application/jwk-set+json, application/json")
        .call()
        .and_then(|mut resp| {
            resp.body_mut()
                .with_config()
                .limit(MAX_JWKS_BYTES)
                .read_to_vec()
        });
    fetched.map_err(|e| exit::usage(format!("--jwks-url {url}: cannot fetch the key set: {e}")))
}

/// The revocation check of `--check-revoked`, connected; `None` without it.
///
/// # Errors
/// Connection failures (exit 3).
fn check_revoked(
    args: &CheckRevokedArgs,
    ctx: &Ctx,
    timeout: Duration,
    sink: &mut dyn Sink,
) -> anyhow::Result<Option<RevocationCheck>> {
    if !args.check_revoked {
        return Ok(None);
    }
    let store = crate::commands::connect::redis(ctx, timeout, sink)?;
    crate::store::acl::note_denylist(&args.denylist_prefix);
    Ok(Some(RevocationCheck::new(
        Denylist {
            prefix: args.denylist_prefix.clone(),
        },
        args.user_claim.clone(),
        store,
    )))
}
