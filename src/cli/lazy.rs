//! [`Lazy`]: a subcommand whose arguments clap builds only when the parser enters it.
//!
//! Building the whole command tree (about 20 subcommands, each with its arguments, help texts and
//! groups) was the largest part of a one-token `sessctl jwt decode`'s start-up. clap's
//! [`Command::defer`] postpones a subcommand's definition until that subcommand is parsed, or until
//! the whole tree is built for help, completions or the man page; the derive API has no attribute
//! for it yet (clap-rs/clap#4959), so variants wrap their arguments in `Lazy<…>` instead.

use std::cell::Cell;
use std::ops::Deref;

use clap::{ArgMatches, Args, Command, FromArgMatches, Subcommand};

thread_local! {
    /// Set while [`expanded`] builds a tree: `Lazy` then defines its arguments at once.
    static EXPAND: Cell<bool> = const { Cell::new(false) };
}

/// Builds a command with every `Lazy` part defined at once. Generators that walk the tree
/// (completions, the man page, tests listing options) need this: clap copies the subcommand tree
/// for `sessctl help <TAB>` before a deferred subcommand is defined, so it would come out empty.
pub(super) fn expanded(build: fn() -> Command) -> Command {
    /// Clears the flag however `build` ends, a panic included.
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            EXPAND.set(false);
        }
    }
    EXPAND.set(true);
    let _reset = Reset;
    build()
}

/// Defers `augment` until clap builds `cmd`, or runs it now inside [`expanded`].
fn defer(cmd: Command, deferred: fn(Command) -> Command) -> Command {
    if EXPAND.get() {
        deferred(cmd)
    } else {
        cmd.defer(deferred)
    }
}

/// `T`'s arguments (or subcommands), defined when clap first builds this subcommand.
#[derive(Debug)]
pub struct Lazy<T>(pub T);

impl<T> Deref for Lazy<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: FromArgMatches> FromArgMatches for Lazy<T> {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(Lazy)
    }

    fn from_arg_matches_mut(matches: &mut ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches_mut(matches).map(Lazy)
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }

    fn update_from_arg_matches_mut(&mut self, matches: &mut ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches_mut(matches)
    }
}

impl<T: Args> Args for Lazy<T> {
    fn group_id() -> Option<clap::Id> {
        T::group_id()
    }

    fn augment_args(cmd: Command) -> Command {
        defer(cmd, |cmd| keep_variant_about(cmd, T::augment_args))
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        defer(cmd, |cmd| {
            keep_variant_about(cmd, T::augment_args_for_update)
        })
    }
}

/// Runs `augment` on `cmd`, keeping the about texts the enum variant gave it. Without deferral the
/// variant's doc comment is applied after the argument struct's (or subcommand enum's) and wins; a
/// deferred one's would be applied last, so the variant's texts are put back.
fn keep_variant_about(cmd: Command, augment: fn(Command) -> Command) -> Command {
    let about = cmd.get_about().cloned();
    let long_about = cmd.get_long_about().cloned();
    let cmd = augment(cmd);
    match (about, long_about) {
        (Some(about), Some(long_about)) => cmd.about(about).long_about(long_about),
        (Some(about), None) => cmd.about(about).long_about(None),
        (None, _) => cmd,
    }
}

impl<T: Subcommand> Subcommand for Lazy<T> {
    fn augment_subcommands(cmd: Command) -> Command {
        defer(cmd, |cmd| keep_variant_about(cmd, T::augment_subcommands))
    }

    fn augment_subcommands_for_update(cmd: Command) -> Command {
        defer(cmd, |cmd| {
            keep_variant_about(cmd, T::augment_subcommands_for_update)
        })
    }

    fn has_subcommand(name: &str) -> bool {
        T::has_subcommand(name)
    }
}
