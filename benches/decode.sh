#!/usr/bin/env bash
# Benchmark: bulk `jwt decode` (issue 2). Decodes N tokens (default 1,000,000) piped on stdin to
# `--output ndjson`, and reports tokens per second and peak memory; then times one process
# decoding one token, beside jwt-cli when it is installed (`cargo install jwt-cli`), and PyJWT
# decoding in a loop when it is importable (`pip install pyjwt`).
#
# Usage: benches/decode.sh [N]      (builds the release binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
SECRET=bench-secret-0123456789abcdef0123
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet
bin=target/release/sessctl
python3 benches/gen_tokens.py "$N" "$SECRET" > "$work/tokens.txt"
echo "input: $N tokens, $(wc -c < "$work/tokens.txt") bytes, $(nproc) cores"

# Bulk: three runs, best wall time; peak RSS from GNU time.
best=""
for run in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$work/time" "$bin" jwt decode -o ndjson < "$work/tokens.txt" > /dev/null
    read -r secs kb < "$work/time"
    echo "run $run: ${secs}s, peak ${kb} KB"
    if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; best_kb=$kb; fi
done
awk -v n="$N" -v s="$best" -v kb="$best_kb" 'BEGIN{printf "sessctl jwt decode -o ndjson: %.0f tokens/s (best of 3: %.2f s), peak %.1f MB\n", n/s, s, kb/1024}'

# Memory must not grow with the input: a tenth of the input should peak about the same.
head -n $((N / 10)) "$work/tokens.txt" > "$work/small.txt"
/usr/bin/time -f "%M" -o "$work/time" "$bin" jwt decode -o ndjson < "$work/small.txt" > /dev/null
echo "peak memory at N/10: $(( $(cat "$work/time") / 1024 )) MB (flat memory: about the same as at N)"

# Baseline: PyJWT decoding (no verification) in a loop.
if python3 -c 'import jwt' 2>/dev/null; then
    python3 - "$work/tokens.txt" <<'PY'
import sys, time, jwt
lines = [l.strip() for _, l in zip(range(200000), open(sys.argv[1]))]
t = time.perf_counter()
for l in lines:
    jwt.decode(l, options={"verify_signature": False})
dt = time.perf_counter() - t
print(f"PyJWT {jwt.__version__} decode loop: {len(lines) / dt:.0f} tokens/s")
PY
else
    echo "PyJWT not installed (pip install pyjwt): baseline skipped"
fi

# Start-up: one process decoding one token, side by side with jwt-cli, the runs interleaved
# (benches/startup.py: A B A B ..., so a burst of load on this noisy machine hits both alike).
token=$(head -n 1 "$work/tokens.txt")
jwtbin=$(command -v jwt || true)
[ -z "$jwtbin" ] && [ -x /tmp/jwtcli/bin/jwt ] && jwtbin=/tmp/jwtcli/bin/jwt
cmds=(-- "$PWD/$bin" jwt decode "$token")
if [ -n "$jwtbin" ]; then
    cmds+=(-- "$jwtbin" decode "$token")
else
    echo "jwt-cli not installed (cargo install jwt-cli): start-up comparison without it"
fi
for round in 1 2 3; do
    echo "start-up, round $round of 3 (2000 interleaved runs each):"
    python3 benches/startup.py 2000 "${cmds[@]}"
done
# Instructions executed, a count the machine's noise does not move (valgrind, when installed).
if command -v valgrind >/dev/null 2>&1; then
    for c in "$PWD/$bin jwt decode" ${jwtbin:+"$jwtbin decode"}; do
        n=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null $c "$token" 2>&1 >/dev/null |
            awk '/refs:/ {print $NF}')
        echo "instructions, ${c%% *}: $n"
    done
fi
