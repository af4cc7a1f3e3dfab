//! Issue 10's property, "revoke-user and delete must never be wrong", checked with proptest
//! against a real redis-server and the real `sessctl` binary.
//!
//! Each case is a keyspace of several users' sessions for one store (connect-redis, php, json):
//! ids adversarial to the target (`42` beside `420`, `4`, `042`, `42 `, `x42`, `42.0`), numbers,
//! strings, `\u` escapes, the user's id elsewhere in another user's record, anonymous sessions,
//! zlib/gzip/zstd compression, undecodable records (truncated, invalid UTF-8, garbage after a
//! compression magic, compressed garbage) some of which mention the target as a token, php
//! `_LOCK` companions, keys outside the store, keys of another type, and odd bytes in keys.
//! While `revoke-user` runs (a child process), a writer thread rewrites sessions (another user's
//! taken over by the target, the target's taken over by another user), creates new ones of both
//! and deletes some, and records what it wrote.
//!
//! After the run with the writer, the invariant that holds whatever the timing:
//! - a key whose last write named someone else than the target exists, with that value;
//! - a key nobody wrote to that was not the target's is byte-identical (`DUMP`), and a target
//!   session nobody wrote to is gone (it existed for the whole scan, so it was found, and its
//!   bytes never changed, so its check-and-delete succeeded);
//! - every id the report says it removed is a key that held a session of the target (or an
//!   undecodable record mentioning the target, with `--include-undecodable-matching`), and every
//!   key that disappeared is in the report;
//! - `undecidable` is exactly the in-scope undecodable records (see `Preset::may_belong_to`)
//!   that stay; `not_removed` only names keys the writer touched; the audit log's `batch` lines
//!   delete exactly the report's `sessions`; the exit code follows the report.
//!
//! Then, with the writer stopped, one more `revoke-user --until-clean` and the strict invariant:
//! every session of the target is removed (with its `_LOCK`) and reported, every in-scope
//! undecodable record is removed (when it mentions the target and that was asked for) or reported
//! undecidable, nothing else changed, and `clean` (and exit 0) exactly when nothing undecidable
//! stays.
//!
//! The normal suite runs a fixed seed and a few cases; `tests/soak/revoke_property.sh` runs the
//! same property with random seeds for as long as it is given (`SESSCTL_PROPTEST_SECONDS`).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};
use serde_json::Value;
use sessctl::store::escape_key;

use crate::support::redis::TestRedis;
use crate::support::sessctl_process;

// ---------------------------------------------------------------------------------------------
// The generated case.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Store {
    ConnectRedis,
    Php,
    Json,
}

impl Store {
    const ALL: [Store; 3] = [Store::ConnectRedis, Store::Php, Store::Json];

    fn name(self) -> &'static str {
        match self {
            Store::ConnectRedis => "connect-redis",
            Store::Php => "php",
            Store::Json => "json",
        }
    }

    fn prefix(self) -> &'static [u8] {
        match self {
            Store::ConnectRedis => b"sess:",
            Store::Php => b"PHPREDIS_SESSION:",
            Store::Json => b"app:",
        }
    }

    /// A prefix the store's SCAN pattern may match but whose keys are not its sessions.
    fn outside(self) -> &'static [u8] {
        match self {
            Store::ConnectRedis => b"Sess:",
            Store::Php => b"PHPREDIS_X_SESSION:",
            Store::Json => b"apps:",
        }
    }

    fn args(self) -> Vec<&'static str> {
        match self {
            Store::Json => vec!["--store", "json", "--prefix", "app:"],
            s => vec!["--store", s.name()],
        }
    }
}

const TARGETS: [&str; 4] = ["42", "7", "alice", "u-1"];

/// Other users' ids, each a near miss of the target's.
fn others(t: &str) -> Vec<String> {
    let mut v = vec![
        format!("{t}0"),
        t[..t.len() - 1].to_owned(),
        format!("0{t}"),
        format!("{t} "),
        format!(" {t}"),
        format!("x{t}"),
        format!("{t}.0"),
        t.to_uppercase(),
        format!("{t}\n"),
        format!("{t}_"),
        "1000".to_owned(),
    ];
    v.retain(|u| !u.is_empty() && u != t);
    v.dedup();
    v
}

/// Odd bytes after a key's index (never starting with a digit, so ids stay distinct).
const SUFFIXES: [&[u8]; 16] = [
    b"",
    b" ",
    b"*",
    b"?",
    b"[x]",
    b"\\",
    b"\n",
    b"\xff",
    b"\x00",
    b":",
    "\u{e9}".as_bytes(),
    b"%s",
    b"{}",
    b"\"",
    b"\x7f",
    b"\t",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Target,
    Other(u8),
}

/// A session's content: whose (none: anonymous), in which form, and whether the target's id
/// also appears elsewhere in it.
#[derive(Debug, Clone)]
struct Doc {
    who: Option<Who>,
    form: u8,
    mention: bool,
    n: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pack {
    Plain,
    Zlib,
    Gzip,
    Zstd,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Broken {
    /// Cut short (JSON), or an invalid variable after the valid ones (php).
    Truncated,
    /// A string that is not UTF-8 (JSON; php: as `Truncated`).
    BadUtf8,
    /// A compression magic followed by the plain text.
    BadMagic,
}

#[derive(Debug, Clone)]
enum Spec {
    Session(Doc, Pack),
    Undecodable(Doc, Broken, Pack),
    /// Under a prefix that is not the store's.
    Outside(Doc),
    /// A list under the store's prefix (SCAN's TYPE filter skips it).
    OtherType(Doc),
}

#[derive(Debug, Clone)]
struct Entry {
    suffix: u8,
    spec: Spec,
    /// php: a `_LOCK` companion beside it.
    lock: bool,
}

#[derive(Debug, Clone, Copy)]
enum Slot {
    /// The n-th initial decodable session (modulo their number).
    Existing(u8),
    /// A new key `w<n>`.
    New(u8),
}

#[derive(Debug, Clone)]
enum WriteOp {
    Set(Slot, Doc, Pack),
    Del(Slot),
}

#[derive(Debug, Clone)]
struct Case {
    store: Store,
    target: usize,
    entries: Vec<Entry>,
    /// A value under the key that is exactly the prefix (an empty id: not a session).
    bare: Option<Doc>,
    /// The writer's operations, each after a pause in microseconds.
    writes: Vec<(u16, WriteOp)>,
    /// The writer's pause before its first operation, in microseconds.
    start_us: u16,
    until_clean: bool,
    include: bool,
    scan_count: u8,
}

fn doc() -> impl Strategy<Value = Doc> {
    let who = prop_oneof![
        3 => Just(Some(Who::Target)),
        4 => (0u8..16).prop_map(|i| Some(Who::Other(i))),
        1 => Just(None),
    ];
    (who, 0u8..6, prop::bool::weighted(0.25), 0u16..1000).prop_map(|(who, form, mention, n)| Doc {
        who,
        form,
        mention,
        n,
    })
}

fn pack() -> impl Strategy<Value = Pack> {
    prop_oneof![
        4 => Just(Pack::Plain),
        1 => Just(Pack::Zlib),
        1 => Just(Pack::Gzip),
        1 => Just(Pack::Zstd),
    ]
}

fn spec() -> impl Strategy<Value = Spec> {
    let broken = prop_oneof![
        Just(Broken::Truncated),
        Just(Broken::BadUtf8),
        Just(Broken::BadMagic)
    ];
    prop_oneof![
        10 => (doc(), pack()).prop_map(|(d, p)| Spec::Session(d, p)),
        4 => (doc(), broken, pack()).prop_map(|(d, b, p)| Spec::Undecodable(d, b, p)),
        1 => doc().prop_map(Spec::Outside),
        1 => doc().prop_map(Spec::OtherType),
    ]
}

fn write_op() -> impl Strategy<Value = (u16, WriteOp)> {
    let slot = prop_oneof![
        (0u8..32).prop_map(Slot::Existing),
        (0u8..6).prop_map(Slot::New)
    ];
    let op = prop_oneof![
        6 => (slot.clone(), doc(), pack()).prop_map(|(s, d, p)| WriteOp::Set(s, d, p)),
        1 => slot.prop_map(WriteOp::Del),
    ];
    (0u16..700, op)
}

fn case() -> impl Strategy<Value = Case> {
    let entry = (0u8..16, spec(), prop::bool::weighted(0.3))
        .prop_map(|(suffix, spec, lock)| Entry { suffix, spec, lock });
    (
        0usize..Store::ALL.len(),
        0usize..TARGETS.len(),
        prop::collection::vec(entry, 0..24),
        prop::option::weighted(0.2, doc()),
        prop::collection::vec(write_op(), 0..16),
        0u16..4000,
        any::<bool>(),
        prop::bool::weighted(0.3),
        1u8..=20,
    )
        .prop_map(
            |(store, target, entries, bare, writes, start_us, until_clean, include, scan_count)| {
                Case {
                    store: Store::ALL[store],
                    target,
                    entries,
                    bare,
                    writes,
                    start_us,
                    until_clean,
                    include,
                    scan_count,
                }
            },
        )
}

// ---------------------------------------------------------------------------------------------
// Rendering a case into records whose owner is known (the oracle: the generator's own labels,
// not sessctl's decoder).

#[derive(Debug, Clone, PartialEq, Eq)]
enum Label {
    /// A decodable session of the target.
    Target,
    /// A decodable session of someone else, or of nobody.
    NotTarget,
    /// A record of the store that cannot be decoded.
    Undecodable { mentions: bool, in_scope: bool },
    /// Not a session of the store (other prefix, other type, the bare prefix).
    Ignored,
    /// php's `_LOCK` beside this session key.
    Lock(Vec<u8>),
}

#[derive(Debug, Clone)]
enum Stored {
    Str(Vec<u8>),
    List(Vec<u8>),
}

#[derive(Debug, Clone)]
struct Rec {
    key: Vec<u8>,
    value: Stored,
    label: Label,
}

/// A value the writer writes, and whether it is the target's session; `None`: a delete.
type Written = Option<(Vec<u8>, bool)>;

/// What the writer does, resolved: (pause µs, key, what it writes).
type Write = (u16, Vec<u8>, Written);

/// When the writer wrote (since sessctl started) which key.
type Timeline = Vec<(Duration, Vec<u8>)>;

struct World {
    store: Store,
    target: String,
    recs: Vec<Rec>,
    writes: Vec<Write>,
}

fn is_json_number(u: &str) -> bool {
    let b = u.as_bytes();
    !b.is_empty()
        && b[0].is_ascii_digit()
        && (b[0] != b'0' || b.len() == 1)
        && !u.ends_with('.')
        && b.iter().filter(|c| **c == b'.').count() <= 1
        && b.iter().all(|c| c.is_ascii_digit() || *c == b'.')
}

fn is_php_int(u: &str) -> bool {
    is_json_number(u) && !u.contains('.')
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// Every character as a `\u` escape.
fn json_escaped(s: &str) -> String {
    let mut out = String::from("\"");
    for u in s.encode_utf16() {
        out.push_str(&format!("\\u{u:04x}"));
    }
    out.push('"');
    out
}

fn php_string(s: &str) -> String {
    format!("s:{}:\"{s}\";", s.len())
}

impl World {
    fn user(&self, who: Who) -> String {
        match who {
            Who::Target => self.target.clone(),
            Who::Other(i) => {
                let o = others(&self.target);
                o[usize::from(i) % o.len()].clone()
            }
        }
    }

    /// The valid plain text of `doc`.
    fn plain(&self, doc: &Doc) -> Vec<u8> {
        let t = &self.target;
        let user = doc.who.map(|w| self.user(w));
        let n = doc.n;
        match self.store {
            Store::ConnectRedis | Store::Json => {
                let uv = user.as_deref().map(|u| match doc.form {
                    0 | 5 if is_json_number(u) => u.to_owned(),
                    2 => json_escaped(u),
                    3 => format!(r#"{{"id":{},"name":"n"}}"#, json_string(u)),
                    _ => json_string(u),
                });
                let note = if doc.mention {
                    format!(r#","note":{}"#, json_string(t))
                } else {
                    String::new()
                };
                let s = match (self.store, uv) {
                    (Store::ConnectRedis, Some(uv)) if doc.form == 5 => {
                        format!(r#"{{"cookie":{{"n":{n}{note}}},"passport":{uv}}}"#)
                    }
                    (Store::ConnectRedis, Some(uv)) => {
                        format!(r#"{{"cookie":{{"n":{n}{note}}},"passport":{{"user":{uv}}}}}"#)
                    }
                    (Store::ConnectRedis, None) if doc.form.is_multiple_of(2) => {
                        format!(r#"{{"cookie":{{"n":{n}{note}}}}}"#)
                    }
                    (Store::ConnectRedis, None) => {
                        format!(r#"{{"cookie":{{"n":{n}{note}}},"passport":{{}}}}"#)
                    }
                    (_, Some(uv)) => format!(r#"{{"n":{n}{note},"user":{uv}}}"#),
                    (_, None) => format!(r#"{{"n":{n}{note}}}"#),
                };
                s.into_bytes()
            }
            Store::Php => {
                let note = if doc.mention {
                    format!("note|{}", php_string(t))
                } else {
                    String::new()
                };
                let s = match user {
                    Some(u) => {
                        let uv = if doc.form.is_multiple_of(4) && is_php_int(&u) {
                            format!("i:{u};")
                        } else {
                            php_string(&u)
                        };
                        match doc.form % 4 {
                            2 => {
                                let mut fields = vec![
                                    format!("{}{uv}", php_string("user_id")),
                                    format!("{}i:{n};", php_string("n")),
                                ];
                                if doc.mention {
                                    fields.push(format!("{}{}", php_string("note"), php_string(t)));
                                }
                                format!("a:{}:{{{}}}", fields.len(), fields.concat())
                            }
                            3 => format!("{note}views|i:{n};user_id|{uv}"),
                            _ => format!("{note}user_id|{uv}views|i:{n};"),
                        }
                    }
                    None if n.is_multiple_of(5) && !doc.mention => String::new(),
                    None => format!("{note}views|i:{n};"),
                };
                s.into_bytes()
            }
        }
    }

    fn encoded(&self, doc: &Doc, pack: Pack) -> Vec<u8> {
        compress(pack, &self.plain(doc))
    }

    /// An undecodable record: (stored bytes, the plain text inside where it can be inflated).
    fn broken(&self, doc: &Doc, how: Broken, pack: Pack) -> (Vec<u8>, Option<Vec<u8>>) {
        let mut plain = self.plain(doc);
        let text = self.store != Store::Php;
        match how {
            Broken::Truncated | Broken::BadUtf8 if !text => {
                plain.extend_from_slice(b"x|z:1;");
            }
            Broken::Truncated => {
                plain.pop();
            }
            Broken::BadUtf8 => {
                plain.splice(1..1, b"\"bad\":\"\xff\",".iter().copied());
            }
            Broken::BadMagic => {
                let magic: &[u8] = match pack {
                    Pack::Gzip => b"\x1f\x8b",
                    Pack::Zstd => b"\x28\xb5\x2f\xfd",
                    Pack::Plain | Pack::Zlib => b"\x78\x9c",
                };
                // A zlib magic on fewer than 16 bytes that fails to inflate is read as plain
                // (django-redis leaves short values uncompressed): make it long enough.
                let mut stored = [magic, &plain].concat();
                if stored.len() < 16 {
                    stored.resize(16, b' ');
                }
                return (stored, None);
            }
        }
        let stored = compress(pack, &plain);
        (stored, Some(plain))
    }

    fn label_of(&self, doc: &Doc) -> Label {
        if doc.who == Some(Who::Target) {
            Label::Target
        } else {
            Label::NotTarget
        }
    }

    fn build(case: &Case) -> World {
        let store = case.store;
        let mut w = World {
            store,
            target: TARGETS[case.target].to_owned(),
            recs: Vec::new(),
            writes: Vec::new(),
        };
        let t = w.target.clone();
        let prefix = store.prefix();
        let mut sessions: Vec<Vec<u8>> = Vec::new();
        for (i, e) in case.entries.iter().enumerate() {
            let id = [
                i.to_string().as_bytes(),
                SUFFIXES[usize::from(e.suffix) % 16],
            ]
            .concat();
            let key = [prefix, &id].concat();
            let (key, value, label) = match &e.spec {
                Spec::Session(d, p) => {
                    sessions.push(key.clone());
                    (key, Stored::Str(w.encoded(d, *p)), w.label_of(d))
                }
                Spec::Undecodable(d, how, p) => {
                    let (stored, plain) = w.broken(d, *how, *p);
                    let mentions = has_token(&stored, t.as_bytes())
                        || plain.as_deref().is_some_and(|p| has_token(p, t.as_bytes()));
                    let in_scope = compressed(&stored)
                        || memchr::memmem::find(&stored, t.as_bytes()).is_some()
                        || stored.contains(&b'\\');
                    (
                        key,
                        Stored::Str(stored),
                        Label::Undecodable { mentions, in_scope },
                    )
                }
                Spec::Outside(d) => (
                    [store.outside(), &id].concat(),
                    Stored::Str(w.plain(d)),
                    Label::Ignored,
                ),
                Spec::OtherType(d) => (key, Stored::List(w.plain(d)), Label::Ignored),
            };
            let session_key = matches!(e.spec, Spec::Session(..) | Spec::Undecodable(..));
            if store == Store::Php && e.lock && session_key {
                w.recs.push(Rec {
                    key: [&key[..], b"_LOCK"].concat(),
                    value: Stored::Str(format!("web-{i}|{}", 4000 + i).into_bytes()),
                    label: Label::Lock(key.clone()),
                });
            }
            w.recs.push(Rec { key, value, label });
        }
        if let Some(d) = &case.bare {
            w.recs.push(Rec {
                key: prefix.to_vec(),
                value: Stored::Str(w.plain(d)),
                label: Label::Ignored,
            });
        }
        for (k, (pause, op)) in case.writes.iter().enumerate() {
            let slot = match op {
                WriteOp::Set(s, ..) | WriteOp::Del(s) => *s,
            };
            let key = match slot {
                Slot::Existing(i) if !sessions.is_empty() => {
                    sessions[usize::from(i) % sessions.len()].clone()
                }
                Slot::Existing(i) | Slot::New(i) => [prefix, format!("w{i}").as_bytes()].concat(),
            };
            let value = match op {
                WriteOp::Set(_, d, p) => {
                    // Distinct bytes for every write.
                    let d = Doc {
                        n: 1000 + k as u16,
                        ..d.clone()
                    };
                    Some((w.encoded(&d, *p), d.who == Some(Who::Target)))
                }
                WriteOp::Del(_) => None,
            };
            w.writes.push((*pause, key, value));
        }
        w
    }

    /// The session id of `key` as the report writes it, for keys of the store.
    fn id_of(&self, key: &[u8]) -> Option<String> {
        let id = key.strip_prefix(self.store.prefix())?;
        if id.is_empty() || (self.store == Store::Php && id.ends_with(b"_LOCK")) {
            return None;
        }
        Some(escape_key(id))
    }

    /// A readable listing of the case, for failure messages.
    fn describe(&self, flags: &str) -> String {
        let mut s = format!(
            "store {} target {:?} {flags}\nkeyspace:\n",
            self.store.name(),
            self.target
        );
        for r in &self.recs {
            let (kind, v) = match &r.value {
                Stored::Str(v) => ("", v),
                Stored::List(v) => (" (list)", v),
            };
            s.push_str(&format!(
                "  {}{kind} = {}  [{:?}]\n",
                escape_key(&r.key),
                shown(v),
                r.label
            ));
        }
        s.push_str("writer:\n");
        for (pause, key, v) in &self.writes {
            match v {
                Some((v, target)) => s.push_str(&format!(
                    "  +{pause}us SET {} = {}  [{}]\n",
                    escape_key(key),
                    shown(v),
                    if *target { "Target" } else { "NotTarget" }
                )),
                None => s.push_str(&format!("  +{pause}us DEL {}\n", escape_key(key))),
            }
        }
        s
    }
}

fn shown(v: &[u8]) -> String {
    let mut e = escape_key(v);
    if e.len() > 120 {
        let mut cut = 120;
        while !e.is_char_boundary(cut) {
            cut -= 1;
        }
        e.truncate(cut);
        e.push('…');
    }
    e
}

fn compress(pack: Pack, data: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    match pack {
        Pack::Plain => data.to_vec(),
        Pack::Zlib => {
            let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
            e.write_all(data).unwrap();
            e.finish().unwrap()
        }
        Pack::Gzip => {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            e.write_all(data).unwrap();
            e.finish().unwrap()
        }
        Pack::Zstd => {
            ruzstd::encoding::compress_to_vec(data, ruzstd::encoding::CompressionLevel::Fastest)
        }
    }
}

/// True when the bytes start with a compression magic sessctl recognises (zlib, gzip, zstd: the
/// only ones generated).
fn compressed(b: &[u8]) -> bool {
    matches!(b, [0x78, b1, ..] if (0x7800u16 | u16::from(*b1)).is_multiple_of(31))
        || b.starts_with(b"\x1f\x8b")
        || b.starts_with(b"\x28\xb5\x2f\xfd")
}

/// `needle` in `hay` with no ASCII letter, digit or `_` on either side (the documented rule of
/// `--include-undecodable-matching`).
fn has_token(hay: &[u8], needle: &[u8]) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    (0..hay.len().saturating_sub(needle.len() - 1)).any(|at| {
        hay[at..].starts_with(needle)
            && !at.checked_sub(1).is_some_and(|i| word(hay[i]))
            && !hay.get(at + needle.len()).copied().is_some_and(word)
    })
}

// ---------------------------------------------------------------------------------------------
// Running a case.

type Snapshot = BTreeMap<Vec<u8>, Vec<u8>>;

/// Every key with its `DUMP`.
fn snapshot(c: &mut redis::Connection) -> Snapshot {
    let keys: Vec<Vec<u8>> = redis::cmd("KEYS").arg("*").query(c).unwrap();
    if keys.is_empty() {
        return Snapshot::new();
    }
    let mut p = redis::pipe();
    for k in &keys {
        p.cmd("DUMP").arg(k);
    }
    let dumps: Vec<Vec<u8>> = p.query(c).unwrap();
    keys.into_iter().zip(dumps).collect()
}

struct Run {
    code: i32,
    report: Value,
    stderr: String,
    /// The ids the audit log's `batch` lines say were deleted, in order.
    audited: Vec<String>,
    /// The `deleted` count of the audit log's last line.
    audited_total: Option<u64>,
}

fn run_revoke(
    r: &TestRedis,
    w: &World,
    case: &Case,
    log: &Path,
    until_clean: bool,
    writer: bool,
) -> Result<(Run, Timeline), TestCaseError> {
    let url = r.url(0);
    let scan = case.scan_count.to_string();
    let mut args = vec![
        "revoke-user",
        w.target.as_str(),
        "--yes",
        "-o",
        "json",
        "--audit-log",
        log.to_str().unwrap(),
        "--scan-count",
        &scan,
        "--redis-url",
        &url,
    ];
    args.extend(w.store.args());
    if until_clean {
        args.push("--until-clean");
    }
    if case.include {
        args.push("--include-undecodable-matching");
    }
    let (start_tx, start_rx) = std::sync::mpsc::channel::<Instant>();
    let writes = if writer { w.writes.clone() } else { Vec::new() };
    let start_us = case.start_us;
    let mut conn = r.conn(0);
    let writer = std::thread::spawn(move || {
        let mut done = Vec::new();
        let Ok(t0) = start_rx.recv() else {
            return done;
        };
        std::thread::sleep(Duration::from_micros(u64::from(start_us)));
        for (pause, key, value) in writes {
            std::thread::sleep(Duration::from_micros(u64::from(pause)));
            match value {
                Some((v, _)) => redis::cmd("SET").arg(&key).arg(v).query::<()>(&mut conn),
                None => redis::cmd("DEL").arg(&key).query::<()>(&mut conn),
            }
            .unwrap();
            done.push((t0.elapsed(), key));
        }
        done
    });
    let child = sessctl_process(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    start_tx.send(Instant::now()).unwrap();
    let out = child.wait_with_output().unwrap();
    let done = writer.join().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let code = out.status.code().unwrap_or(-1);
    let report: Value = serde_json::from_str(&stdout).map_err(|e| {
        TestCaseError::fail(format!(
            "stdout is not JSON ({e}): {stdout}\nstderr: {stderr}"
        ))
    })?;
    let mut text = String::new();
    std::fs::File::open(log)
        .and_then(|mut f| f.read_to_string(&mut text))
        .map_err(|e| TestCaseError::fail(format!("reading the audit log: {e}")))?;
    let mut audited = Vec::new();
    let mut audited_total = None;
    for line in text.lines() {
        let l: Value = serde_json::from_str(line)
            .map_err(|e| TestCaseError::fail(format!("audit line is not JSON ({e}): {line}")))?;
        if l["step"] == "batch"
            && let Some(ids) = l["changed"]["deleted"].as_array()
        {
            audited.extend(
                ids.iter()
                    .map(|i| i.as_str().unwrap_or_default().to_owned()),
            );
        }
        if l["step"] == "done" || l["step"] == "error" {
            audited_total = l["changed"]["deleted"].as_u64();
        }
    }
    Ok((
        Run {
            code,
            report,
            stderr,
            audited,
            audited_total,
        },
        done,
    ))
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|s| s.as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

const DENYLIST: &[u8] = b"sessctl:revoked:";

/// What every run must say about itself: the audit log and the report agree, the cut-off was
/// recorded, no error, no panic, and the exit code follows the report.
fn check_report(run: &Run, after: &Snapshot, until_clean: bool) -> Result<(), String> {
    let v = &run.report;
    let sessions = strings(&v["sessions"]);
    if !v["error"].is_null() || !v["cutoff_error"].is_null() {
        return Err(format!("the run failed: {v}"));
    }
    if run.stderr.contains("panicked") {
        return Err(format!("sessctl panicked: {}", run.stderr));
    }
    if v["deleted"].as_u64() != Some(sessions.len() as u64) {
        return Err("`deleted` is not the number of `sessions`".into());
    }
    if sorted(run.audited.clone()) != sorted(sessions.clone()) {
        return Err(format!(
            "the audit log's batches deleted {:?}, the report says {sessions:?}",
            run.audited
        ));
    }
    if run.audited_total != Some(sessions.len() as u64) {
        return Err(format!(
            "the audit log's last line says {:?} deleted",
            run.audited_total
        ));
    }
    let cutoff = v["cutoff"]["key"].as_str().unwrap_or_default();
    if !cutoff.as_bytes().starts_with(DENYLIST) || !after.contains_key(cutoff.as_bytes()) {
        return Err(format!("the cut-off {cutoff:?} is not in Redis"));
    }
    let undecidable = v["undecidable"].as_array().map_or(0, Vec::len);
    let not_removed = v["not_removed"].as_array().map_or(0, Vec::len);
    let want_code = i32::from(undecidable + not_removed > 0);
    if run.code != want_code {
        return Err(format!(
            "exit {} where the report says {want_code}",
            run.code
        ));
    }
    let clean = v["clean"] == true;
    if clean && want_code != 0 {
        return Err("`clean` with records left".into());
    }
    let passes = v["passes"].as_u64().unwrap_or_default();
    if !until_clean && passes != 1 {
        return Err(format!("{passes} passes without --until-clean"));
    }
    if until_clean && !clean && undecidable == 0 && passes != 10 {
        return Err(format!(
            "--until-clean stopped unclean after {passes} passes with nothing undecidable"
        ));
    }
    Ok(())
}

/// The undecidable records the report lists: key → mentions_user.
fn undecidable(v: &Value) -> BTreeMap<String, bool> {
    v["undecidable"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|u| {
            (
                u["key"].as_str().unwrap_or_default().to_owned(),
                u["mentions_user"] == true,
            )
        })
        .collect()
}

fn check_case(r: &TestRedis, dir: &Path, case: &Case) -> Result<(), TestCaseError> {
    let w = World::build(case);
    let flags = format!(
        "until_clean {} include {} scan_count {} writer starts +{}us",
        case.until_clean, case.include, case.scan_count, case.start_us
    );
    let fail = |what: String, run: Option<&Run>, extra: &str| {
        let mut m = format!("{what}\n{}", w.describe(&flags));
        if let Some(run) = run {
            m.push_str(&format!(
                "report: {}\nexit {} stderr: {}\n",
                run.report, run.code, run.stderr
            ));
        }
        m.push_str(extra);
        TestCaseError::fail(m)
    };
    let mut c = r.conn(0);
    redis::cmd("FLUSHALL").query::<()>(&mut c).unwrap();
    let mut p = redis::pipe();
    for rec in &w.recs {
        match &rec.value {
            Stored::Str(v) => p.cmd("SET").arg(&rec.key).arg(v).ignore(),
            Stored::List(v) => p.cmd("RPUSH").arg(&rec.key).arg(v).ignore(),
        };
    }
    if !w.recs.is_empty() {
        p.query::<()>(&mut c).unwrap();
    }
    let before = snapshot(&mut c);
    let labels: BTreeMap<Vec<u8>, Label> = w
        .recs
        .iter()
        .map(|r| (r.key.clone(), r.label.clone()))
        .collect();
    let mut key_of: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for k in labels.keys().chain(w.writes.iter().map(|(_, k, _)| k)) {
        if let Some(id) = w.id_of(k) {
            key_of.insert(id, k.clone());
        }
    }

    // Run 1, with the writer.
    let log1 = dir.join("audit1.jsonl");
    let _ = std::fs::remove_file(&log1);
    let (run, done) = run_revoke(r, &w, case, &log1, case.until_clean, true)?;
    let after = snapshot(&mut c);
    let timeline: String = done
        .iter()
        .map(|(t, k)| format!("  writer {:?} {}\n", t, escape_key(k)))
        .collect();
    let f1 = |what: String| {
        fail(
            format!("run 1 (with writer): {what}"),
            Some(&run),
            &timeline,
        )
    };
    check_report(&run, &after, case.until_clean).map_err(f1)?;
    let removed: Vec<Vec<u8>> = strings(&run.report["sessions"])
        .iter()
        .map(|id| {
            key_of
                .get(id)
                .cloned()
                .ok_or_else(|| f1(format!("removed id {id:?} is no session of the case")))
        })
        .collect::<Result<_, _>>()?;
    let removed_set: BTreeSet<&Vec<u8>> = removed.iter().collect();
    // The writer's history per key: (value, is the target's) or a delete.
    let mut history: BTreeMap<&Vec<u8>, Vec<&Written>> = BTreeMap::new();
    for (_, k, v) in &w.writes {
        history.entry(k).or_default().push(v);
    }
    let mut keys: BTreeSet<&Vec<u8>> = before.keys().collect();
    keys.extend(history.keys().copied());
    for k in keys {
        let now = after.get(k);
        let name = escape_key(k);
        let was_removed = removed_set.contains(k);
        if let Some(h) = history.get(k) {
            let last = h.last().unwrap();
            let ever_target = labels.get(k) == Some(&Label::Target)
                || h.iter().any(|v| matches!(v, Some((_, true))));
            match (last, now) {
                (Some((_, false)), None) => {
                    return Err(f1(format!(
                        "{name}: last written as someone else's session, and gone"
                    )));
                }
                (None, Some(_)) => {
                    return Err(f1(format!("{name}: deleted by the writer, and back")));
                }
                (Some(_), Some(_)) => {
                    let v: Vec<u8> = redis::cmd("GET").arg(k).query(&mut c).unwrap();
                    if Some(&v) != last.as_ref().map(|(v, _)| v) {
                        return Err(f1(format!("{name}: not the writer's last value")));
                    }
                }
                _ => {}
            }
            if was_removed && !ever_target {
                return Err(f1(format!(
                    "{name}: removed, but never held a session of the target"
                )));
            }
            if now.is_none() && !was_removed && last.is_some() {
                return Err(f1(format!("{name}: gone, and not in the report")));
            }
            continue;
        }
        let label = &labels[k];
        let goes = match label {
            Label::Target => true,
            Label::Undecodable {
                mentions: true,
                in_scope: true,
            } => case.include,
            Label::Lock(session) => removed_set.contains(session),
            _ => false,
        };
        let is_session = !matches!(label, Label::Lock(_));
        if goes {
            if now.is_some() {
                return Err(f1(format!(
                    "{name} ({label:?}): untouched, and still there"
                )));
            }
            let times = removed.iter().filter(|r| *r == k).count();
            if is_session && times != 1 {
                return Err(f1(format!("{name}: reported removed {times} times")));
            }
        } else {
            if now != before.get(k) {
                return Err(f1(format!(
                    "{name} ({label:?}): nobody's to remove, and changed"
                )));
            }
            if was_removed {
                return Err(f1(format!("{name} ({label:?}): reported removed")));
            }
        }
    }
    for k in after.keys() {
        if !before.contains_key(k) && !history.contains_key(k) && !k.starts_with(DENYLIST) {
            return Err(f1(format!("{}: appeared from nowhere", escape_key(k))));
        }
    }
    let undecodable_left = |snap: &Snapshot| -> BTreeMap<String, bool> {
        labels
            .iter()
            .filter(|(k, _)| snap.contains_key(*k) && !history.contains_key(k))
            .filter_map(|(k, l)| match l {
                Label::Undecodable {
                    mentions,
                    in_scope: true,
                } if !(case.include && *mentions) => Some((escape_key(k), *mentions)),
                _ => None,
            })
            .collect()
    };
    let want = undecodable_left(&after);
    if undecidable(&run.report) != want {
        return Err(f1(format!(
            "`undecidable` is not the undecodable records in scope that stay: want {want:?}"
        )));
    }
    for id in strings(&run.report["not_removed"]) {
        let touched = key_of.get(&id).is_some_and(|k| history.contains_key(k));
        if !touched {
            return Err(f1(format!("{id:?} not removed, but nobody changed it")));
        }
    }

    // Run 2: the writer has stopped; one more --until-clean, and the strict invariant.
    let mut now_labels: BTreeMap<Vec<u8>, Label> = BTreeMap::new();
    for k in after.keys() {
        let l = match history.get(k).and_then(|h| h.last().copied()) {
            Some(Some((_, true))) => Label::Target,
            Some(_) => Label::NotTarget,
            None => labels.get(k).cloned().unwrap_or(Label::Ignored),
        };
        now_labels.insert(k.clone(), l);
    }
    let log2 = dir.join("audit2.jsonl");
    let _ = std::fs::remove_file(&log2);
    let (run2, _) = run_revoke(r, &w, case, &log2, true, false)?;
    let after2 = snapshot(&mut c);
    let f2 = |what: String| fail(format!("run 2 (no writer): {what}"), Some(&run2), &timeline);
    check_report(&run2, &after2, true).map_err(f2)?;
    let mut want_removed: Vec<String> = Vec::new();
    for (k, l) in &now_labels {
        let goes = match l {
            Label::Target => true,
            Label::Undecodable {
                mentions: true,
                in_scope: true,
            } => case.include,
            _ => false,
        };
        if goes {
            want_removed.push(w.id_of(k).unwrap_or_default());
        }
    }
    let got_removed = sorted(strings(&run2.report["sessions"]));
    if got_removed != sorted(want_removed.clone()) {
        return Err(f2(format!(
            "removed {got_removed:?}, the target's (and matching undecodable) are {want_removed:?}"
        )));
    }
    let removed2: BTreeSet<Vec<u8>> = got_removed.iter().map(|id| key_of[id].clone()).collect();
    for (k, d) in &after {
        let goes = removed2.contains(k)
            || matches!(&now_labels[k], Label::Lock(s) if removed2.contains(s));
        let now = after2.get(k);
        if goes && now.is_some() {
            return Err(f2(format!("{}: still there", escape_key(k))));
        }
        if !goes && now != Some(d) && !k.starts_with(DENYLIST) {
            return Err(f2(format!(
                "{} ({:?}): changed",
                escape_key(k),
                now_labels[k]
            )));
        }
    }
    for k in after2.keys() {
        if !after.contains_key(k) && !k.starts_with(DENYLIST) {
            return Err(f2(format!("{}: appeared", escape_key(k))));
        }
    }
    let want = undecodable_left(&after2);
    if undecidable(&run2.report) != want {
        return Err(f2(format!(
            "`undecidable` is not the undecodable records in scope that stay: want {want:?}"
        )));
    }
    let clean = run2.report["clean"] == true;
    if clean != want.is_empty() || !strings(&run2.report["not_removed"]).is_empty() {
        return Err(f2(format!(
            "clean {clean} with {} undecidable left",
            want.len()
        )));
    }
    let passes = run2.report["passes"].as_u64().unwrap_or_default();
    let want_passes = if got_removed.is_empty() { 1 } else { 2 };
    if passes != want_passes {
        return Err(f2(format!("{passes} passes, want {want_passes}")));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Runners: a fixed seed in the suite, random seeds in the soak script.

fn rng(seed: u64) -> TestRng {
    let mut bytes = [0u8; 32];
    for (i, chunk) in bytes.chunks_mut(8).enumerate() {
        chunk.copy_from_slice(
            &(seed ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)).to_le_bytes(),
        );
    }
    TestRng::from_seed(RngAlgorithm::ChaCha, &bytes)
}

fn env_u64(name: &str) -> Option<u64> {
    let v = std::env::var(name).ok()?;
    Some(
        v.parse()
            .unwrap_or_else(|_| panic!("{name}={v:?} is not a whole number")),
    )
}

/// Runs `cases` cases from `seed`; the failure (after shrinking) as text.
fn run_seed(r: &TestRedis, seed: u64, cases: u32) -> Result<u32, String> {
    let dir = tempfile::tempdir().unwrap();
    let config = Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 200,
        ..Config::default()
    };
    let mut runner = TestRunner::new_with_rng(config, rng(seed));
    let ran = std::cell::Cell::new(0u32);
    match runner.run(&case(), |c| {
        ran.set(ran.get() + 1);
        check_case(r, dir.path(), &c)
    }) {
        Ok(()) => Ok(ran.get()),
        Err(TestError::Fail(why, minimal)) => Err(format!(
            "seed {seed}: revoke-user broke the invariant\n{why}\nminimal case: {minimal:#?}"
        )),
        Err(TestError::Abort(why)) => Err(format!("seed {seed}: aborted: {why}")),
    }
}

/// The fixed seed of the suite (`SESSCTL_PROPTEST_SEED` and `SESSCTL_PROPTEST_CASES` replay
/// another).
const SEED: u64 = 0x5e55_c710;

#[test]
fn revoke_user_is_never_wrong_under_concurrent_writes() {
    let seed = env_u64("SESSCTL_PROPTEST_SEED").unwrap_or(SEED);
    let cases = env_u64("SESSCTL_PROPTEST_CASES").map_or(64, |n| n as u32);
    let r = TestRedis::start();
    if let Err(e) = run_seed(&r, seed, cases) {
        panic!("{e}");
    }
}

/// The soak run (`tests/soak/revoke_property.sh`): random seeds until `SESSCTL_PROPTEST_SECONDS`
/// have passed; each failing seed is written to `SESSCTL_PROPTEST_FAILURES` (a directory).
#[test]
#[ignore = "soak run: tests/soak/revoke_property.sh"]
#[allow(clippy::print_stderr)]
fn revoke_property_soak() {
    let seconds = env_u64("SESSCTL_PROPTEST_SECONDS").unwrap_or(600);
    let per_seed = env_u64("SESSCTL_PROPTEST_CASES").map_or(16, |n| n as u32);
    let failures = std::env::var_os("SESSCTL_PROPTEST_FAILURES").map_or_else(
        || PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("revoke_property"),
        PathBuf::from,
    );
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let r = TestRedis::start();
    let (mut seeds, mut cases, mut violations) = (0u64, 0u64, 0u64);
    while Instant::now() < deadline {
        let mut b = [0u8; 8];
        std::fs::File::open("/dev/urandom")
            .and_then(|mut f| f.read_exact(&mut b))
            .unwrap();
        let seed = u64::from_le_bytes(b);
        seeds += 1;
        match run_seed(&r, seed, per_seed) {
            Ok(n) => {
                cases += u64::from(n);
                eprintln!("seed {seed}: {n} cases ok");
            }
            Err(e) => {
                violations += 1;
                std::fs::create_dir_all(&failures).unwrap();
                let f = failures.join(format!("seed-{seed}.txt"));
                std::fs::write(&f, &e).unwrap();
                eprintln!("{e}\nVIOLATION: seed {seed}, written to {}", f.display());
                break;
            }
        }
    }
    eprintln!("soak: {seeds} seeds, {cases} passing cases, {violations} violations");
    assert_eq!(violations, 0, "see {}", failures.display());
}
