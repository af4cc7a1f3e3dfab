//! Least-privilege ACL users (Redis 7.0+): the exact rules of the two users docs/sessions.md
//! describes ("Least-privilege ACL users"), derived from the commands each subcommand sends
//! (pinned by tests/cli/commands_sent.rs), and the wording of a refusal (`NOPERM`) that names the
//! rule which would allow it.
//!
//! - A read-only operator (`sessions list|show|stats`, auto-detection, the `--dry-run`s,
//!   `jwt verify --check-revoked`): [`CONNECT`] and [`READ`] on the store's keys
//!   ([`crate::store::preset::Layout::acl_keys`]) and the JWT denylist's.
//! - A revoking operator (adds `sessions expire|delete`, `revoke-user`, `jwt revoke`): also
//!   [`REVOKE`] on the store's keys (the check-and-delete script and what runs in it), and the
//!   denylist only through a selector, [`DENYLIST`]: it may record a revocation, never write a
//!   session (`SET`) nor remove a revocation (`UNLINK`).
//!
//! Which keys the rules name is process state: the command that opens a store or a denylist says
//! so once ([`note_store`], [`note_denylist`]), so that a refusal anywhere below can name the key
//! pattern that would allow it (sessctl connects to one store per run).
//!
//! Must not import `cli`, `commands`, `report` or `output`.

use std::sync::Mutex;

use super::preset::{PRESETS, Preset, glob_escape};

/// Where the rules are explained; every refusal points there.
pub const DOCS: &str = "docs/sessions.md#least-privilege-acl-users";

/// The denylist prefix when `--denylist-prefix` is not given.
pub const DEFAULT_DENYLIST: &str = "sessctl:revoked:";

/// Commands without keys every sessctl user sends on connecting: `PING` (the check),
/// `SELECT` (a database other than 0 in the URL), `CLIENT SETNAME` (best effort: each connection
/// is named `sessctl-<pid>-<role>`), `INFO` (`INFO cluster`: is this a Redis Cluster node?
/// Refused, sessctl stops rather than scan one node of a cluster and call it the store), and on
/// a cluster `CLUSTER INFO`, `CLUSTER SLOTS` and `CLUSTER NODES` (its state, its slot map and
/// the slots being migrated), `ASKING` (a request that follows an `ASK` redirection during a
/// resharding), and `READONLY` on each connection to a replica read from (`--read-from
/// replica`). On Redis 7.2+ and
/// Valkey, `CLIENT NO-TOUCH` too (best effort; Redis 7.0 refuses the rule itself, so it is not
/// in the list: see the docs).
pub const CONNECT: &[&str] = &[
    "ping",
    "select",
    "client|setname",
    "info",
    "cluster|info",
    "cluster|slots",
    "cluster|nodes",
    "asking",
    "readonly",
];

/// The reads: scanning (`SCAN`), sizes (`STRLEN`, `HLEN`), values (`MGET`, `HGETALL`; on a Redis
/// Cluster a `GET` per key, since an `MGET` may name keys of one slot only), TTLs (`PTTL`),
/// auto-detection (`TYPE`, `GETRANGE`), spring-session's principal index (`EXISTS`,
/// `SCARD`, `SSCAN`, `SISMEMBER`).
pub const READ: &[&str] = &[
    "scan",
    "type",
    "strlen",
    "getrange",
    "mget",
    "get",
    "hlen",
    "hgetall",
    "pttl",
    "exists",
    "scard",
    "sscan",
    "sismember",
];

/// The writes on the store's keys: the check-and-delete script (`SCRIPT LOAD`, `EVALSHA`,
/// `EVAL` after `NOSCRIPT`) and the commands it runs (`GET` and `EXISTS`, of [`READ`]; `HGET`,
/// `UNLINK`, `SREM`, `ZREM`), and `sessions expire`'s `PEXPIRE` (its fallback script on servers
/// without `PEXPIRE … LT` runs `PTTL` and `PEXPIRE`). No `SET`: a revoking operator cannot write
/// a session.
pub const REVOKE: &[&str] = &[
    "hget",
    "unlink",
    "srem",
    "zrem",
    "pexpire",
    "script|load",
    "evalsha",
    "eval",
];

/// The revoking operator's rights on the JWT denylist, a selector of their own: `MGET`
/// (`jwt verify --check-revoked`), `SET` (`jwt revoke`), the cut-off script (`EVAL`, and `GET`
/// and `SET` in it).
pub const DENYLIST: &[&str] = &["mget", "get", "set", "eval"];

/// Which of the two users.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// `sessions list|show|stats`, auto-detection, `--dry-run`, `jwt verify --check-revoked`.
    Read,
    /// Also `sessions expire|delete`, `revoke-user`, `jwt revoke`.
    Revoke,
}

impl Role {
    /// The user's name in the docs.
    pub fn user(self) -> &'static str {
        match self {
            Role::Read => "sessctl-read",
            Role::Revoke => "sessctl-revoke",
        }
    }

    fn who(self) -> &'static str {
        match self {
            Role::Read => "a read-only operator",
            Role::Revoke => "a revoking operator",
        }
    }
}

/// `~<prefix>*` for each key prefix, glob metacharacters escaped.
pub fn patterns(prefixes: &[Vec<u8>]) -> Vec<String> {
    prefixes.iter().map(|p| pattern(p)).collect()
}

fn pattern(prefix: &[u8]) -> String {
    let mut p = glob_escape(prefix);
    p.push(b'*');
    format!("~{}", String::from_utf8_lossy(&p))
}

/// The denylist selector of a revoking operator: `(~<prefix>* +mget +get +set +eval)`.
pub fn denylist_selector(denylist: &str) -> String {
    let cmds: Vec<String> = DENYLIST.iter().map(|c| format!("+{c}")).collect();
    format!("({} {})", pattern(denylist.as_bytes()), cmds.join(" "))
}

/// The rules of `role` for a store whose keys start with `store` (see
/// [`crate::store::preset::Layout::acl_keys`]) and the denylist under `denylist`, one
/// `ACL SETUSER` argument each, to follow `reset on >PASSWORD`.
pub fn rules(role: Role, store: &[Vec<u8>], denylist: &str) -> Vec<String> {
    let commands = match role {
        Role::Read => [CONNECT, READ].concat(),
        Role::Revoke => [CONNECT, READ, REVOKE].concat(),
    };
    let mut out: Vec<String> = commands.iter().map(|c| format!("+{c}")).collect();
    out.extend(patterns(store));
    match role {
        Role::Read => out.push(pattern(denylist.as_bytes())),
        Role::Revoke => out.push(denylist_selector(denylist)),
    }
    out
}

/// The whole `ACL SETUSER` line (as typed in `redis-cli`, and, without `ACL SETUSER`, as an ACL
/// file's `user` line), the selector quoted.
pub fn setuser(role: Role, store: &[Vec<u8>], denylist: &str) -> String {
    let rules: Vec<String> = rules(role, store, denylist)
        .into_iter()
        .map(|r| {
            if r.contains(' ') {
                format!("\"{r}\"")
            } else {
                r
            }
        })
        .collect();
    format!(
        "ACL SETUSER {} reset on >PASSWORD {}",
        role.user(),
        rules.join(" ")
    )
}

/// docs/sessions.md's generated part of "Least-privilege ACL users": the two users for
/// connect-redis, and each preset's key patterns (a test checks the page against it).
pub fn markdown() -> String {
    let connect = Preset::new(PRESETS[0], None, None)
        .map(|p| p.acl_keys())
        .unwrap_or_default();
    let mut out = String::from("```\n");
    for role in [Role::Read, Role::Revoke] {
        out.push_str(&setuser(role, &connect, DEFAULT_DENYLIST));
        out.push('\n');
    }
    out.push_str("```\n\n| preset | its key patterns (in place of `~sess:*`) |\n|---|---|\n");
    for k in PRESETS {
        let prefix = k.default_prefix().unwrap_or("<prefix>");
        let keys = k.acl_keys(prefix.as_bytes());
        let shown: Vec<String> = patterns(&keys).iter().map(|p| format!("`{p}`")).collect();
        out.push_str(&format!("| `{}` | {} |\n", k.name(), shown.join(" ")));
    }
    out
}

/// The keys this run works on, for naming the pattern a refused key needs.
#[derive(Debug)]
struct InForce {
    store: Vec<Vec<u8>>,
    store_name: String,
    denylist: Option<String>,
}

static IN_FORCE: Mutex<InForce> = Mutex::new(InForce {
    store: Vec::new(),
    store_name: String::new(),
    denylist: None,
});

/// Notes the store this run works on (the preset resolved), for [`hint`].
pub fn note_store(preset: &Preset) {
    if let Ok(mut f) = IN_FORCE.lock() {
        f.store = preset.acl_keys();
        f.store_name = preset.kind.name().to_owned();
    }
}

/// Notes the JWT denylist prefix this run works on, for [`hint`].
pub fn note_denylist(prefix: &str) {
    if let Ok(mut f) = IN_FORCE.lock() {
        f.denylist = Some(prefix.to_owned());
    }
}

/// What an ACL refusal refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// The command (lowercase, `script|load` for a subcommand); `None` when the server did not
    /// name it (a command refused inside a script, Redis 7.0).
    Command(Option<String>),
    /// A key the command names.
    Key,
}

/// The refusal in a server's error answer, if it is one: `NOPERM` from the server (Redis 7.0:
/// "this user has no permissions to run the 'x' command", "… to access one of the keys …";
/// Redis 7.2+ and Valkey: "User u has no permissions to run the 'x' command", "No permissions to
/// access a key"), or, inside a script, Redis 7.0's `ERR The user executing the script can't
/// run this command …` / `… can't access at least one of the keys …`.
pub fn refused(code: &str, detail: &str) -> Option<Refused> {
    let lower = detail.to_ascii_lowercase();
    let script = code == "ERR" && lower.starts_with("the user executing the script can't");
    if code != "NOPERM" && !script {
        return None;
    }
    if let Some(at) = lower.find("run the '") {
        let rest = &lower[at + "run the '".len()..];
        let name = rest.split('\'').next().unwrap_or_default();
        return Some(Refused::Command(Some(name.to_owned())));
    }
    if lower.contains("key") {
        return Some(Refused::Key);
    }
    Some(Refused::Command(None))
}

/// What to add to a refusal's message: `; <who> needs <rule> (see docs/…)`, naming the rule of
/// the users in [`DOCS`] that would allow it. `command` is the command sessctl sent (lowercase,
/// `script|load`), when it knows it; `key` the key it named, if one. Empty when `code`/`detail`
/// is not an ACL refusal.
pub fn hint(code: &str, detail: &str, command: Option<&str>, key: Option<&[u8]>) -> String {
    let Some(refusal) = refused(code, detail) else {
        return String::new();
    };
    let (store, store_name, denylist) = match IN_FORCE.lock() {
        Ok(f) => (f.store.clone(), f.store_name.clone(), f.denylist.clone()),
        Err(_) => (Vec::new(), String::new(), None),
    };
    let denylist = denylist.unwrap_or_else(|| DEFAULT_DENYLIST.to_owned());
    let on_denylist = key.is_some_and(|k| k.starts_with(denylist.as_bytes()));
    let command = match &refusal {
        Refused::Command(Some(c)) => Some(c.as_str()),
        _ => command,
    };
    let who = |c: &str| {
        if CONNECT.contains(&c) {
            "every sessctl user"
        } else if READ.contains(&c) {
            Role::Read.who()
        } else {
            Role::Revoke.who()
        }
    };
    let rule = match (&refusal, command) {
        // Writing the denylist is the revoking operator's selector.
        (_, Some(c)) if on_denylist && !READ.contains(&c) => {
            format!(
                "{} needs {}",
                Role::Revoke.who(),
                denylist_selector(&denylist)
            )
        }
        (Refused::Command(_), Some(c)) => format!("{} needs +{c}", who(c)),
        (Refused::Command(_), None) => "sessctl's users need the commands listed there".into(),
        (Refused::Key, c) => {
            if on_denylist {
                format!(
                    "{} needs {} (the JWT denylist)",
                    c.map_or(Role::Read.who(), who),
                    pattern(denylist.as_bytes())
                )
            } else if store.is_empty() {
                "sessctl's users need the key patterns of the store's preset".into()
            } else {
                // The pattern that covers the key, else (a key none of the store's, say one
                // auto-detection sampled) all of the store's.
                let covering: Vec<Vec<u8>> = store
                    .iter()
                    .filter(|p| key.is_some_and(|k| k.starts_with(p)))
                    .cloned()
                    .collect();
                let wanted = if covering.is_empty() {
                    &store
                } else {
                    &covering
                };
                // Both users have the same patterns on the store's keys.
                format!(
                    "sessctl's users need {} (the {store_name} store)",
                    patterns(wanted).join(" ")
                )
            }
        }
    };
    format!("; {rule} (see {DOCS})")
}

/// A server's error answer as the server worded it (`NOPERM this user has no permissions …`,
/// not redis-rs' rendering, also for an answer within a pipeline), followed, for an ACL refusal,
/// by the rule that would allow it ([`hint`]). `what` is how sessctl names what it sent
/// (`HGETALL <key>`, `SCRIPT LOAD`); `key` the key, when one.
pub fn answer(e: &redis::RedisError, what: &str, key: Option<&[u8]>) -> String {
    let (code, detail) = match (e.code(), e.detail()) {
        (Some(code), Some(detail)) => (code.to_owned(), detail.to_owned()),
        _ => match e
            .clone()
            .into_server_errors()
            .and_then(|errs| errs.first().map(|(_, se)| se.clone()))
        {
            Some(se) => (
                se.code().to_owned(),
                se.details().unwrap_or_default().to_owned(),
            ),
            None => return e.to_string(),
        },
    };
    let hint = hint(&code, &detail, command_in(what).as_deref(), key);
    format!("{code} {detail}{hint}")
}

/// The rule to add to a connection's failure when the server refused a command sent on
/// connecting (`PING`, or redis-rs' `SELECT`): empty for any other failure.
pub fn connect_hint(text: &str) -> String {
    if text.contains("no permissions to run the '") {
        hint("NOPERM", text, None, None)
    } else {
        String::new()
    }
}

/// A command as the server names it (lowercase, `script|load`) from how sessctl describes it in
/// an error (`SCRIPT LOAD`, `EVALSHA (check-and-delete)`, `HGETALL key`): its leading uppercase
/// words. `None` when it does not start with a command.
pub fn command_in(what: &str) -> Option<String> {
    let mut words = what
        .split_whitespace()
        .take_while(|w| w.len() > 1 && w.bytes().all(|b| b.is_ascii_uppercase() || b == b'-'))
        .map(str::to_ascii_lowercase);
    let first = words.next()?;
    let known: Vec<&str> = [CONNECT, READ, REVOKE, DENYLIST].concat();
    match words.next().map(|sub| format!("{first}|{sub}")) {
        Some(sub) if known.contains(&sub.as_str()) => Some(sub),
        _ => Some(first),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_are_read_from_every_server_s_words() {
        assert_eq!(
            refused(
                "NOPERM",
                "this user has no permissions to run the 'script|load' command"
            ),
            Some(Refused::Command(Some("script|load".into())))
        );
        assert_eq!(
            refused(
                "NOPERM",
                "User ro has no permissions to run the 'evalsha' command"
            ),
            Some(Refused::Command(Some("evalsha".into())))
        );
        assert_eq!(
            refused(
                "NOPERM",
                "this user has no permissions to access one of the keys used as arguments"
            ),
            Some(Refused::Key)
        );
        assert_eq!(
            refused("NOPERM", "No permissions to access a key"),
            Some(Refused::Key)
        );
        assert_eq!(
            refused(
                "ERR",
                "The user executing the script can't run this command or subcommand script: 1, on @user_script:1."
            ),
            Some(Refused::Command(None))
        );
        assert_eq!(
            refused(
                "ERR",
                "The user executing the script can't access at least one of the keys mentioned in the command arguments"
            ),
            Some(Refused::Key)
        );
        assert_eq!(refused("WRONGTYPE", "Operation against a key"), None);
        assert_eq!(refused("ERR", "syntax error"), None);
    }

    #[test]
    fn commands_are_read_from_sessctl_s_words() {
        assert_eq!(command_in("SCRIPT LOAD").as_deref(), Some("script|load"));
        assert_eq!(
            command_in("EVALSHA (check-and-delete)").as_deref(),
            Some("evalsha")
        );
        assert_eq!(command_in("HGETALL spring:x").as_deref(), Some("hgetall"));
        assert_eq!(command_in("MGET").as_deref(), Some("mget"));
        assert_eq!(command_in("recording the user's cut-off"), None);
    }

    #[test]
    fn the_revoking_operator_cannot_write_a_session() {
        let keys = vec![b"sess:".to_vec()];
        let r = rules(Role::Revoke, &keys, DEFAULT_DENYLIST);
        assert!(!r.iter().any(|x| x == "+set"), "{r:?}");
        assert!(r.contains(&"(~sessctl:revoked:* +mget +get +set +eval)".to_owned()));
        let r = rules(Role::Read, &keys, DEFAULT_DENYLIST);
        for w in REVOKE {
            assert!(!r.contains(&format!("+{w}")), "{w}");
        }
        assert_eq!(patterns(&[b"a*b:".to_vec()]), vec!["~a\\*b:*".to_owned()]);
    }
}
