//! Fuzz target `pickle`: what it asserts is `checks::pickle`, which the normal test suite also runs
//! on every seed and every failing input found (`tests/cli/fuzz_regressions.rs`).
#![no_main]

#[path = "checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::pickle(data));
