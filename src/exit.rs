//! Exit codes, the one place they are defined, and the classification of errors into them.
//!
//! The scheme is part of sessctl's contract with scripts; README.md's table is generated from
//! [`Exit::meaning`] (a test compares them). sysexits (64-78) were considered and rejected: the contract
//! fixes small codes, and mixing two schemes confuses scripts.
//!
//! Errors are classified by walking the `anyhow` chain for typed marker errors created at the layer
//! boundaries ([`UsageError`], [`ConnectError`]). Anything unclassified is 1, as in nextest.

use std::fmt;
use std::io;

/// The process exit status of one sessctl run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// 0: everything asked for was done (every token decoded, every token valid).
    Ok,
    /// 1: a negative answer or a partial failure: some input could not be decoded, a token is
    /// invalid, a session was not found. Also any error not classified otherwise.
    Failure,
    /// 2: the command line was wrong, or a key or secret given to sessctl cannot be used.
    Usage,
    /// 3: the session store (Redis) could not be reached or refused the connection.
    Connection,
}

impl Exit {
    /// Every exit code, in order; the README's table is checked against this list.
    pub const ALL: [Exit; 4] = [Exit::Ok, Exit::Failure, Exit::Usage, Exit::Connection];

    /// The numeric process status.
    pub fn code(self) -> u8 {
        match self {
            Exit::Ok => 0,
            Exit::Failure => 1,
            Exit::Usage => 2,
            Exit::Connection => 3,
        }
    }

    /// What the code means, as README.md's exit-code table says it (generated from here: a test
    /// compares the two).
    pub fn meaning(self) -> &'static str {
        match self {
            Exit::Ok => "everything asked for was done (every token decoded, every token valid)",
            Exit::Failure => {
                "a negative answer or a partial failure: some input could not be decoded, a token is invalid, a session was not found or not removed"
            }
            Exit::Usage => {
                "the command line was wrong, or a key or secret given to sessctl cannot be used"
            }
            Exit::Connection => {
                "the session store (Redis) could not be reached or refused the connection"
            }
        }
    }

    /// README.md's exit-code table, in Markdown.
    pub fn markdown_table() -> String {
        let mut t = String::from("| code | meaning |\n|---|---|\n");
        for e in Exit::ALL {
            t.push_str(&format!("| {} | {} |\n", e.code(), e.meaning()));
        }
        t
    }

    /// The worse of two outcomes, for runs over many inputs (`Ok` < `Failure` < `Usage` < `Connection`).
    pub fn merge(self, other: Exit) -> Exit {
        self.max(other)
    }
}

/// Marker error: the user's command line or the material it names (a key file, a secret) is unusable.
/// Classified as exit 2.
#[derive(Debug)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Marker error: the session store could not be reached. Classified as exit 3.
#[derive(Debug)]
pub struct ConnectError(pub String);

impl fmt::Display for ConnectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConnectError {}

/// Returns a usage error (exit 2) carrying `msg`.
pub fn usage(msg: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(UsageError(msg.into()))
}

/// True when some cause in the chain is a broken pipe: the reader went away (`sessctl … | head`),
/// which is success, not an error.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Maps an error to its exit code by walking its chain for marker errors.
pub fn classify(err: &anyhow::Error) -> Exit {
    if is_broken_pipe(err) {
        return Exit::Ok;
    }
    for cause in err.chain() {
        if cause.is::<ConnectError>() {
            return Exit::Connection;
        }
        if cause.is::<UsageError>() {
            return Exit::Usage;
        }
        if cause.is::<clap::Error>() {
            return Exit::Usage;
        }
    }
    Exit::Failure
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context as _;

    #[test]
    fn codes_are_the_documented_ones() {
        let codes: Vec<u8> = Exit::ALL.iter().map(|e| e.code()).collect();
        assert_eq!(codes, [0, 1, 2, 3]);
    }

    #[test]
    fn merge_keeps_the_worst() {
        assert_eq!(Exit::Ok.merge(Exit::Failure), Exit::Failure);
        assert_eq!(Exit::Usage.merge(Exit::Failure), Exit::Usage);
        assert_eq!(Exit::Ok.merge(Exit::Ok), Exit::Ok);
    }

    #[test]
    fn classify_walks_the_chain() {
        let err = Err::<(), _>(usage("key file is empty"))
            .context("loading key")
            .unwrap_err();
        assert_eq!(classify(&err), Exit::Usage);
        let err = anyhow::Error::new(ConnectError("refused".into())).context("listing sessions");
        assert_eq!(classify(&err), Exit::Connection);
        assert_eq!(classify(&anyhow::anyhow!("other")), Exit::Failure);
        let pipe =
            anyhow::Error::new(io::Error::from(io::ErrorKind::BrokenPipe)).context("writing");
        assert_eq!(classify(&pipe), Exit::Ok);
    }
}
