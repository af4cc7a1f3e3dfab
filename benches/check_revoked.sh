#!/usr/bin/env bash
# Benchmark: bulk `jwt verify --check-revoked` against a private redis-server. N HS256 tokens
# (default 200,000, each with its own jti), the first tenth revoked with `sessctl jwt revoke`;
# times verify with and without the revocation check (best of 3 each), so the figure shows what
# the Redis lookups add. BASE=/path/to/another/sessctl times that binary too, in the same run.
#
# Usage: benches/check_revoked.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-200000}
# shellcheck source=benches/redis_server.sh
. benches/redis_server.sh
URL="redis://127.0.0.1:$PORT/0"
secret=tests/fixtures/jwt/keys/hs256.secret
cargo bench --quiet --bench verify --no-run 2>/dev/null
cargo bench --quiet --bench verify -- gen HS256 "$N" > "$DIR/tokens.txt"
head -n $((N / 10)) "$DIR/tokens.txt" |
    "$BIN" --redis-url "$URL" jwt revoke --at 1800000000 -o ndjson > /dev/null
echo "$N tokens, $((N / 10)) of them revoked, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

best() { # best wall time of 3 runs of: sessctl-binary args...
    local b=""
    for _ in 1 2 3; do
        /usr/bin/time -f "%e" -o "$DIR/time" "$@" < "$DIR/tokens.txt" > "$DIR/out.ndjson" || true
        local s
        s=$(tail -n 1 "$DIR/time") # GNU time first notes a non-zero exit status
        if [ -z "$b" ] || awk "BEGIN{exit !($s < $b)}"; then b=$s; fi
    done
    echo "$b"
}
for bin in "$BIN" ${BASE:+"$BASE"}; do
    plain=$(best "$bin" jwt verify --secret-file "$secret" --at 1800000000 -o ndjson)
    checked=$(best "$bin" --redis-url "$URL" jwt verify --secret-file "$secret" --at 1800000000 \
        -o ndjson --check-revoked)
    revoked=$(grep -c '"reason":"revoked"' "$DIR/out.ndjson" || true)
    [ "$revoked" = $((N / 10)) ] || { echo "$bin: expected $((N / 10)) revoked, got $revoked" >&2; exit 1; }
    awk -v bin="$bin" -v n="$N" -v p="$plain" -v c="$checked" 'BEGIN{
        printf "%s\n  verify:                  %8.0f tokens/s (%.2f s)\n  verify --check-revoked:  %8.0f tokens/s (%.2f s), %.2f times the time of verify alone\n",
            bin, n / p, p, n / c, c, c / p
    }'
done
