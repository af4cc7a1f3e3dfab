#!/usr/bin/env bash
# Benchmark: bulk `jwt verify` (issue 3). For HS256, RS256, ES256 and EdDSA it verifies N tokens
# (default 200,000, each with its own jti) piped on stdin to `--output ndjson`, and reports
# tokens/s next to the raw single-core verify rate of the backend (aws-lc-rs, measured in the same
# run by `cargo bench --bench verify -- raw`) and OpenSSL's `openssl speed` figures.
#
# Target: bulk >= 80% of raw single-core rate x cores used, and never below openssl's single-core
# RSA-2048 verify rate.
#
# Usage: benches/verify.sh [N]      (builds the release binary and the bench helper first)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-200000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
keys=tests/fixtures/jwt/keys
cores=$(nproc)

cargo build --release --quiet
cargo bench --quiet --bench verify --no-run 2>/dev/null
helper() { cargo bench --quiet --bench verify -- "$@"; }
bin=target/release/sessctl

echo "$N tokens per algorithm, $cores cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
helper raw 2 | tee "$work/raw"

declare -A keyargs=(
    [HS256]="--secret-file $keys/hs256.secret"
    [RS256]="--key $keys/rsa_public_spki.pem"
    [ES256]="--key $keys/ec_p256_public_spki.pem"
    [EdDSA]="--key $keys/ed25519_public_spki.pem"
)
for alg in HS256 RS256 ES256 EdDSA; do
    helper gen "$alg" "$N" > "$work/$alg.txt"
    best=""
    for run in 1 2 3; do
        # shellcheck disable=SC2086
        /usr/bin/time -f "%e %U %S" -o "$work/time" \
            "$bin" jwt verify ${keyargs[$alg]} --at 1800000000 -o ndjson < "$work/$alg.txt" > "$work/out.ndjson"
        read -r secs user sys < "$work/time"
        if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN{print u + s}'); fi
    done
    valid=$(grep -c '"valid":true' "$work/out.ndjson" || true)
    [ "$valid" = "$N" ] || { echo "expected $N valid tokens, got $valid" >&2; exit 1; }
    raw=$(awk -v a="$alg" '$3 == a {sub("/s", "", $NF); print $NF}' "$work/raw")
    awk -v alg="$alg" -v n="$N" -v s="$best" -v cpu="$cpu" -v raw="$raw" -v c="$cores" 'BEGIN{
        rate = n / s; target = 0.8 * raw * c;
        printf "sessctl jwt verify %-5s -o ndjson: %7.0f tokens/s (best of 3: %.2f s wall, %.2f s CPU) = %3.0f%% of raw x %d cores (%s target 80%%); per CPU-second %.0f tokens = %.0f%% of raw\n",
            alg, rate, s, cpu, 100 * rate / (raw * c), c, (rate >= target ? "meets" : "MISSES"), n / cpu, 100 * n / cpu / raw
    }'
done

# OpenSSL's own single-core rates for the same primitives, for reference.
if command -v openssl >/dev/null 2>&1; then
    openssl speed -seconds 3 rsa2048 ecdsap256 ed25519 2>/dev/null \
        | grep -E '^(rsa 2048|[[:space:]]*256 bits ecdsa|[[:space:]]*253 bits EdDSA)' \
        | sed 's/^ */openssl speed (1 core): /'
    openssl speed -seconds 3 -bytes 256 hmac 2>/dev/null | grep -E '^hmac' | sed 's/^/openssl speed (1 core, 256-byte input, bytes\/s): /' || true
fi
