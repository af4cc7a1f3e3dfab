//! The committed completion scripts are exactly what `sessctl completions` prints, and the man
//! page renders. Regenerate with `SNAPSHOTS=overwrite cargo test --test cli completions`.

use snapbox::file;

use crate::support::{run, sessctl};

#[test]
fn committed_completions_are_current() {
    for (shell, expected) in [
        ("bash", file!["../../completions/sessctl.bash"]),
        ("zsh", file!["../../completions/_sessctl"]),
        ("fish", file!["../../completions/sessctl.fish"]),
        ("elvish", file!["../../completions/sessctl.elv"]),
        ("powershell", file!["../../completions/_sessctl.ps1"]),
    ] {
        sessctl(&["completions", shell])
            .assert()
            .success()
            .stdout_eq(expected.raw());
    }
}

#[test]
fn man_page_renders_and_names_every_command() {
    let (code, out, _) = run(&["man"], "");
    assert_eq!(code, 0);
    assert!(out.starts_with(".ie"), "{}", &out[..40.min(out.len())]);
    assert!(out.contains(".TH sessctl"));
    for sub in ["jwt", "completions"] {
        assert!(out.contains(sub), "man page lacks {sub}");
    }
}
