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

/// Output that cannot be written (a full disk) is an error naming standard output, exit 1; a
/// reader that goes away early stays a quiet success.
#[test]
fn write_failures_are_errors_and_a_closed_pipe_is_not() {
    for args in [
        &["completions", "bash"][..],
        &["man"],
        &[
            "jwt",
            "decode",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2lnbmF0dXJl",
        ],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = std::process::Command::new(snapbox::cmd::cargo_bin!("sessctl"))
            .args(args)
            .stdout(full)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("sessctl: error: writing to standard output: No space left on device"),
            "{args:?}: {err}"
        );
    }
    let mut child = std::process::Command::new(snapbox::cmd::cargo_bin!("sessctl"))
        .args(["completions", "bash"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}
