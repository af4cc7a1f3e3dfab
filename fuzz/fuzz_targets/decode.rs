//! Fuzz target `decode`: what it asserts is `checks::decode`, which the normal test suite also runs
//! on every seed and every failing input found (`tests/cli/fuzz_regressions.rs`).
#![no_main]

#[path = "checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::decode(data));
