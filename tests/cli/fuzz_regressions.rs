//! The fuzz targets' findings, kept (issue 11 item 13): every input that ever made a target fail
//! (crash, timeout, out of memory, failed assertion) is committed under
//! `tests/fixtures/fuzz/<target>/` and replayed here through the very check the target runs
//! (`fuzz/fuzz_targets/checks.rs`), on stable and without libFuzzer. The committed seed corpora
//! (`fuzz/corpus/<target>/`) are replayed too, so a check that no longer holds on a plain input
//! fails here before anyone fuzzes.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[path = "../../fuzz/fuzz_targets/checks.rs"]
mod checks;

/// Per input, in this (debug) build: libFuzzer's limit is 1 s in an optimized build, so a finding
/// that was a timeout takes far longer than this when it comes back.
const SLOW: Duration = Duration::from_secs(20);

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    files.sort();
    files
}

/// Runs `check` on every file in `dir`; returns how many there were and a line for each that
/// failed.
fn replay(target: &str, check: checks::Check, dir: &Path) -> (usize, Vec<String>) {
    let inputs = files(dir);
    let mut failed = Vec::new();
    for path in &inputs {
        let data = std::fs::read(path).unwrap();
        let start = Instant::now();
        let outcome = std::panic::catch_unwind(|| check(&data));
        let took = start.elapsed();
        if outcome.is_err() {
            failed.push(format!("fuzz target {target} fails on {}", path.display()));
        } else if took > SLOW {
            failed.push(format!(
                "fuzz target {target} took {took:?} on {}",
                path.display()
            ));
        }
    }
    (inputs.len(), failed)
}

#[test]
fn every_fuzz_finding_stays_fixed() {
    let findings = root().join("tests/fixtures/fuzz");
    // Every directory there belongs to a target (a typo would skip its inputs silently).
    for dir in files_and_dirs(&findings) {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            checks::TARGETS.iter().any(|(t, _)| *t == name),
            "tests/fixtures/fuzz/{name} is not a fuzz target"
        );
    }
    let mut failed = Vec::new();
    for (target, check) in checks::TARGETS {
        failed.extend(replay(target, check, &findings.join(target)).1);
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn every_fuzz_seed_passes_its_check() {
    let mut failed = Vec::new();
    for (target, check) in checks::TARGETS {
        let (n, f) = replay(target, check, &root().join("fuzz/corpus").join(target));
        assert!(n > 0, "fuzz/corpus/{target} has no seeds");
        failed.extend(f);
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// The fuzz targets are exactly the checks replayed here.
#[test]
fn every_fuzz_target_is_replayed() {
    let mut targets: Vec<String> = files(&root().join("fuzz/fuzz_targets"))
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .filter(|t| t != "checks")
        .collect();
    targets.sort();
    let checked: Vec<&str> = checks::TARGETS.iter().map(|(t, _)| *t).collect();
    assert_eq!(targets, checked);
}

fn files_and_dirs(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.map(|e| e.unwrap().path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default()
}
