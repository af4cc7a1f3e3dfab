#!/usr/bin/env bash
# Issue 10's soak run: the revoke-user property (tests/cli/revoke_property.rs) with random seeds,
# over and over, for SECONDS seconds (default 600). Prints each seed and its cases, then the
# totals; exits non-zero on any violation and keeps the failing seed, its message and the
# minimal case in FAILURES (default target/soak/revoke_property). Replay one with
#   SESSCTL_PROPTEST_SEED=<seed> cargo test --test cli revoke_user_is_never_wrong
# Needs redis-server (as the test suite does).
#
# Usage: tests/soak/revoke_property.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds="${1:-600}"
failures="${SESSCTL_PROPTEST_FAILURES:-$PWD/target/soak/revoke_property}"
mkdir -p "$failures"
log="$failures/run-$(date +%Y%m%dT%H%M%S).log"

echo "revoke-user property: random seeds for ${seconds}s; log $log, failing seeds in $failures"
status=0
SESSCTL_PROPTEST_SECONDS="$seconds" SESSCTL_PROPTEST_FAILURES="$failures" \
    cargo test --locked --test cli revoke_property_soak -- --ignored --exact \
    revoke_property::revoke_property_soak --nocapture 2>&1 | tee "$log" || status=$?

summary="$(grep -E '^soak: ' "$log" | tail -n 1 || true)"
echo "${summary:-soak: no summary (the test did not finish); see $log}"
if [ "$status" -ne 0 ] || [ -z "$summary" ]; then
    echo "VIOLATION or failure: see $log and $failures" >&2
    exit 1
fi
