//! Secrets, held from the moment the command line or the environment is parsed in types whose
//! `Debug` and `Display` never show them (as xh does): an HMAC secret given with `--secret`, a
//! Redis password, a Redis URL that may carry one. So no later `{:?}` or `{}` can print one. The
//! bytes come out only through `expose`, at the one place that hands them on.
//!
//! Must not import anything else of the crate: `cli` uses these types.

use std::fmt;

/// A secret string (`--secret`, a Redis password): `Debug` and `Display` show `(redacted)`.
#[derive(Clone)]
pub struct SecretString(String);

impl SecretString {
    /// Wraps a secret.
    pub fn new(s: String) -> SecretString {
        SecretString(s)
    }

    /// For clap: every string is a valid secret.
    ///
    /// # Errors
    /// Never.
    pub fn parse(s: &str) -> Result<SecretString, String> {
        Ok(SecretString(s.to_owned()))
    }

    /// The secret itself. Call only to hand it to what needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(redacted)")
    }
}

impl fmt::Display for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(redacted)")
    }
}

/// A Redis password.
pub type Password = SecretString;

/// A URL that may carry a password: `Debug` and `Display` show it masked ([`mask_url`]).
#[derive(Clone, PartialEq, Eq)]
pub struct RedactedUrl(pub String);

impl RedactedUrl {
    /// For clap: any text (it is checked when connecting).
    ///
    /// # Errors
    /// Never.
    pub fn parse(s: &str) -> Result<RedactedUrl, String> {
        Ok(RedactedUrl(s.to_owned()))
    }

    /// The URL itself, password and all. Call only to connect.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for RedactedUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&mask_url(&self.0))
    }
}

impl fmt::Display for RedactedUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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

#[cfg(test)]
mod secrets_never_print {
    use super::*;

    const SECRET: &str = "hunter2-s3cret";

    fn assert_hidden(what: &str, text: &str) {
        assert!(!text.contains(SECRET), "{what} shows the secret: {text}");
        assert!(!text.contains("hunter2"), "{what} shows part of it: {text}");
    }

    /// Every struct that carries a secret, built with a known one: neither `{:?}` nor `{}` shows
    /// it, from the parsed command line down to the connection options and the key set.
    #[test]
    fn no_debug_or_display_shows_a_secret() {
        let url = format!("redis://ops:{SECRET}@127.0.0.1:6379/0");
        let cli = crate::cli::Cli::parse_args([
            "sessctl",
            "--redis-url",
            &url,
            "jwt",
            "verify",
            "--secret",
            SECRET,
            "eyJhbGciOiJIUzI1NiJ9.e30.c2ln",
        ])
        .unwrap();
        assert_hidden("Cli", &format!("{cli:?}"));
        let env = crate::context::Environment {
            redis_password: Some(Password::new(SECRET.to_owned())),
            ..Default::default()
        };
        let ctx = crate::context::Ctx::new(&cli.global, &env);
        assert_hidden("Ctx", &format!("{ctx:?}"));
        assert_hidden("Environment", &format!("{env:?}"));
        assert_hidden("ConnectOptions", &format!("{:?}", ctx.store.connect));
        let secret = SecretString::new(SECRET.to_owned());
        assert_hidden("SecretString", &format!("{secret:?} {secret}"));
        let url = RedactedUrl(url);
        assert_hidden("RedactedUrl", &format!("{url:?} {url}"));
        let hmac = crate::jwt::Secret::new(SECRET.as_bytes().to_vec());
        assert_hidden("jwt::Secret", &format!("{hmac:?}"));
        let key = crate::jwt::Key::from_secret(&hmac, "the secret given with --secret");
        assert_hidden("jwt::Key", &format!("{key:?}"));
    }
}
