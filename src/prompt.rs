//! Confirmations before destructive steps, asked on the terminal (`/dev/tty`), never on stdout or
//! stderr, so that piped output stays clean. Without a terminal sessctl never waits for an answer:
//! it refuses, and the error names `--yes` (exit 2).
//!
//! The [`Prompter`] trait lets tests script the answers. Must not import `cli`, `commands` or
//! `output`.
//!
//! A question quotes session data (user ids, ids) and is written raw to the terminal, so it is a
//! [`Question`], which can only be built by escaping control and bidi characters
//! ([`crate::sanitize`]): an id holding `ESC ] 0 ; … BEL` or `ESC [2J` cannot repaint the question
//! the operator is answering.

use std::io::{BufRead as _, BufReader, Write as _};

/// A question that is safe to write to a terminal: control characters (newlines included), C1
/// controls and bidi overrides are escaped (`\x1b`, `\xe2\x80\xae`) when it is built, and there
/// is no other way to build one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question(String);

impl Question {
    /// `text` with every unsafe character escaped. Backslashes are kept: ids quoted in it are
    /// already escaped; quote raw text (a user id) through [`crate::sanitize::text`] so that it
    /// reads unambiguously.
    pub fn new(text: &str) -> Question {
        Question(crate::sanitize::escaped(text).into_owned())
    }

    /// The escaped text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Question {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Asks a yes/no question.
pub trait Prompter {
    /// Shows `question` and returns true only for an explicit yes.
    ///
    /// # Errors
    /// The terminal could not be read or written.
    fn confirm(&mut self, question: &Question) -> std::io::Result<bool>;
}

/// Asks on the controlling terminal.
#[derive(Debug, Default)]
pub struct TtyPrompter;

impl Prompter for TtyPrompter {
    fn confirm(&mut self, question: &Question) -> std::io::Result<bool> {
        let tty = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/tty")?;
        let mut out = tty.try_clone()?;
        write!(out, "{question} [y/N] ")?;
        out.flush()?;
        let mut answer = String::new();
        BufReader::new(tty).read_line(&mut answer)?;
        Ok(is_yes(&answer))
    }
}

/// Answers from a script, in order (tests); a missing answer is a no.
#[derive(Debug, Default)]
pub struct ScriptedPrompter {
    /// The answers still to give.
    pub answers: std::collections::VecDeque<bool>,
    /// The questions asked so far.
    pub asked: Vec<String>,
}

impl Prompter for ScriptedPrompter {
    fn confirm(&mut self, question: &Question) -> std::io::Result<bool> {
        self.asked.push(question.as_str().to_owned());
        Ok(self.answers.pop_front().unwrap_or(false))
    }
}

fn is_yes(answer: &str) -> bool {
    matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes")
}

/// What the confirmation policy decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Go ahead.
    Proceed,
    /// The person at the terminal said no.
    Declined,
}

/// The policy of `delete` and `revoke-user`: `--yes` proceeds; without a terminal, refuse with a
/// usage error naming `--yes` (`what` says what would have been done); otherwise ask.
///
/// # Errors
/// The refusal (exit 2), or a terminal that cannot be used.
pub fn confirm(
    yes: bool,
    terminal: bool,
    prompter: &mut dyn Prompter,
    what: &str,
) -> anyhow::Result<Decision> {
    if yes {
        return Ok(Decision::Proceed);
    }
    if !terminal {
        return Err(crate::exit::usage(format!(
            "refusing to {what} without a terminal to confirm on; pass --yes to go ahead (or --dry-run to see what would go)"
        )));
    }
    match prompter.confirm(&Question::new(&format!("{}?", capitalize(what)))) {
        Ok(true) => Ok(Decision::Proceed),
        Ok(false) => Ok(Decision::Declined),
        Err(e) => Err(crate::exit::usage(format!(
            "asking for confirmation on the terminal: {e}; pass --yes to go ahead"
        ))),
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Reads a secret typed on the terminal without echo (`label` is a fixed text such as `Redis
/// password`, never outside data). The secret is held as a [`crate::secret::SecretString`] from
/// the moment it is read.
///
/// # Errors
/// The terminal could not be read.
pub fn secret(label: &'static str) -> std::io::Result<crate::secret::SecretString> {
    rpassword::prompt_password(format!("{label}: ")).map(crate::secret::SecretString::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yes_skips_the_question() {
        let mut p = ScriptedPrompter::default();
        assert_eq!(
            confirm(true, false, &mut p, "delete 2 sessions").unwrap(),
            Decision::Proceed
        );
        assert!(p.asked.is_empty());
    }

    #[test]
    fn no_terminal_refuses_naming_yes() {
        let mut p = ScriptedPrompter::default();
        let err = confirm(false, false, &mut p, "delete 2 sessions of user 42").unwrap_err();
        assert_eq!(crate::exit::classify(&err), crate::exit::Exit::Usage);
        assert!(err.to_string().contains("--yes"), "{err}");
        assert!(p.asked.is_empty());
    }

    #[test]
    fn terminal_asks_and_obeys() {
        let mut p = ScriptedPrompter {
            answers: [true, false].into(),
            ..Default::default()
        };
        assert_eq!(
            confirm(false, true, &mut p, "delete 2 sessions of user 42").unwrap(),
            Decision::Proceed
        );
        assert_eq!(
            confirm(false, true, &mut p, "delete 1 session").unwrap(),
            Decision::Declined
        );
        assert_eq!(p.asked[0], "Delete 2 sessions of user 42?");
        assert!(is_yes(" YES\n") && !is_yes("") && !is_yes("n"));
    }

    #[test]
    fn the_question_cannot_carry_terminal_escapes() {
        let mut p = ScriptedPrompter::default();
        let what = "delete 1 session of user 7\x1b]0;owned\x07\x1b[2J\u{9b}1A\u{202e}\n y";
        let _ = confirm(false, true, &mut p, what).unwrap();
        let asked = &p.asked[0];
        assert!(
            !asked.chars().any(crate::sanitize::is_unsafe),
            "raw control or bidi character in {asked:?}"
        );
        assert_eq!(
            asked,
            "Delete 1 session of user 7\\x1b]0;owned\\x07\\x1b[2J\\xc2\\x9b1A\\xe2\\x80\\xae\\x0a y?"
        );
    }
}
