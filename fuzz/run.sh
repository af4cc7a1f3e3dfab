#!/usr/bin/env bash
# Runs every cargo-fuzz target (or the ones named) for SECONDS each, one at a time, on one core,
# with the per-input resource budget, and prints a summary table.
#
#   fuzz/run.sh SECONDS [TARGET...]
#
# Needs the nightly toolchain (`cargo +nightly`) and cargo-fuzz (`cargo install cargo-fuzz
# --locked`). Per input: more than 1 s (-timeout=1), an allocation over 256 MB
# (-malloc_limit_mb=256) or a process over 512 MB (-rss_limit_mb=512) is a failure; so is a
# failed assertion inside a target (budget charged, output within the limits, agreement with
# serde_json). The committed seeds are in fuzz/corpus/<target>/ and are never written to; what a
# run learns goes to fuzz/work/<target>/, failing inputs to fuzz/artifacts/<target>/ and the
# libFuzzer output to fuzz/logs/<target>.log (all three ignored by git). Every failing input found
# must become a regression test in the normal suite (tests/fixtures/fuzz/<target>/).
#
# Exit status: 0 when every target ran without a failure, 1 when some target failed, 2 when a
# tool is missing or the arguments are wrong.
set -uo pipefail

usage() {
    echo "usage: fuzz/run.sh SECONDS [TARGET...]" >&2
    exit 2
}
[ $# -ge 1 ] || usage
SECONDS_PER_TARGET=$1
shift
case "$SECONDS_PER_TARGET" in
'' | *[!0-9]*) usage ;;
esac

FUZZ_DIR=$(cd "$(dirname "$0")" && pwd)
cd "$FUZZ_DIR/.." || exit 2

missing=0
if ! command -v cargo >/dev/null 2>&1; then
    echo "fuzz/run.sh: missing: cargo (no \`cargo\` on PATH)." >&2
    echo "  install rustup (https://rustup.rs), then: rustup toolchain install nightly" >&2
    echo "  and: cargo install cargo-fuzz --locked" >&2
    exit 2
fi
if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "fuzz/run.sh: missing: the nightly Rust toolchain (\`cargo +nightly\` does not run)." >&2
    echo "  install it with: rustup toolchain install nightly" >&2
    missing=1
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "fuzz/run.sh: missing: cargo-fuzz (\`cargo +nightly fuzz\` does not run)." >&2
    echo "  install it with: cargo install cargo-fuzz --locked" >&2
    missing=1
fi
[ "$missing" -eq 0 ] || exit 2

ALL_TARGETS=$(cargo +nightly fuzz list) || exit 2
if [ $# -gt 0 ]; then
    TARGETS="$*"
    for t in $TARGETS; do
        if ! grep -qx "$t" <<<"$ALL_TARGETS"; then
            echo "fuzz/run.sh: no target named \"$t\"; the targets are:" $ALL_TARGETS >&2
            exit 2
        fi
    done
else
    TARGETS=$ALL_TARGETS
fi

echo "building the fuzz targets (cargo +nightly fuzz build)"
cargo +nightly fuzz build || {
    echo "fuzz/run.sh: the build failed" >&2
    exit 1
}
TRIPLE=$(rustc +nightly -vV | sed -n 's/^host: //p')
BIN_DIR="$FUZZ_DIR/target/$TRIPLE/release"

# AddressSanitizer keeps up to 256 MB of freed memory in quarantine (to catch use after free) and
# returns little to the system, so over a million inputs the process's RSS creeps up to the
# 512 MB limit although no input needs more than ~60 MB: an "out-of-memory" that no single input
# reproduces. A smaller quarantine, given back to the system, keeps -rss_limit_mb about the input.
# AddressSanitizer also records the call stack of every allocation, once per distinct stack, and
# never forgets one: in a recursive decoder (msgpack, pickle, java) the fuzzer keeps finding new
# combinations of 30 frames, and msgpack crept to 515 MB in 2.2 million inputs with 26 MB live
# (measured: 347 MB after 780,000 inputs with 30 frames, 124 MB after 810,000 with 5).
export ASAN_OPTIONS="${ASAN_OPTIONS:-quarantine_size_mb=32:allocator_release_to_os_interval_ms=500:malloc_context_size=5}"

mkdir -p "$FUZZ_DIR/logs"
SUMMARY="$FUZZ_DIR/logs/summary.txt"
row() { printf '%-16s %8s %10s %8s %8s %8s  %s\n' "$@"; }
{
    echo "# fuzz/run.sh $SECONDS_PER_TARGET, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(cargo +nightly --version)"
    row target seconds execs/s cov ft failures status
} | tee "$SUMMARY"

failed=0
for t in $TARGETS; do
    work="$FUZZ_DIR/work/$t"
    artifacts="$FUZZ_DIR/artifacts/$t"
    log="$FUZZ_DIR/logs/$t.log"
    rundir="$FUZZ_DIR/logs/$t.run"
    mkdir -p "$work" "$artifacts" "$FUZZ_DIR/corpus/$t"
    rm -rf "$rundir" && mkdir -p "$rundir"
    before=$(find "$artifacts" -type f | wc -l)
    start=$(date +%s)
    # -jobs=1 -workers=1: one fuzzing process (libFuzzer writes its output to fuzz-0.log in the
    # current directory); new inputs go to the first corpus directory only.
    (cd "$rundir" && "$BIN_DIR/$t" \
        -jobs=1 -workers=1 \
        -max_total_time="$SECONDS_PER_TARGET" \
        -timeout=1 -rss_limit_mb=512 -malloc_limit_mb=256 \
        -max_len=16384 -print_final_stats=1 \
        -artifact_prefix="$artifacts/" \
        "$work" "$FUZZ_DIR/corpus/$t") >"$rundir/parent.log" 2>&1
    status=$?
    elapsed=$(($(date +%s) - start))
    cat "$rundir"/fuzz-*.log "$rundir/parent.log" >"$log" 2>/dev/null
    # The last libFuzzer status line: "#N  DONE  cov: C ft: F corp: … exec/s: E rss: …".
    stats=$(grep -E '^#[0-9]+' "$log" | grep -E 'cov: ' | tail -1)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$stats")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$stats")
    eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    [ -n "$eps" ] || eps=$(sed -n 's/.* exec\/s: \([0-9]*\).*/\1/p' <<<"$stats")
    after=$(find "$artifacts" -type f | wc -l)
    found=$((after - before))
    if [ "$status" -ne 0 ] || [ "$found" -ne 0 ]; then
        failed=1
        result="FAIL (exit $status; see $log)"
    else
        result=ok
    fi
    row "$t" "$elapsed" "${eps:-?}" "${cov:-?}" "${ft:-?}" "$found" "$result" | tee -a "$SUMMARY"
done
echo "summary: $SUMMARY; logs: $FUZZ_DIR/logs/; failing inputs: $FUZZ_DIR/artifacts/"
exit "$failed"
