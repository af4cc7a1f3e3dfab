#!/usr/bin/env bash
# What a scan costs the other clients of the server (issue 13, item 1).
#
# Starts its own redis-server on a free loopback port (temporary directory, no persistence), loads
# N connect-redis sessions (default 1,000,000) for 10,000 users, and then, in one run:
#
# 1. The other clients: `redis-benchmark -t get -c 10 -n REQUESTS` (default 300,000) while each
#    load below runs in a loop (restarted as soon as it ends, so that it covers the whole
#    benchmark): nothing, `redis-cli --scan --pattern 'sess:*' | wc -l`, and
#    `sessctl sessions list --user 4242 --output json` at each --pace (full, auto, gentle).
#    Reports GET p50/p95/p99 and requests per second for each.
# 2. The time of one scan alone, alternating, ROUNDS times (default 3): `redis-cli --scan |
#    wc -l` against `sessctl sessions list --user 4242` at each pace. Reports the medians and each
#    one's ratio to redis-cli's.
#
# Targets: at the default pace (auto), GET p99 within 1 ms of its value when nothing else runs,
# and `sessions list --user` no slower than `redis-cli --scan | wc -l`.
#
# usage: benches/impact.sh [N] [REQUESTS] [ROUNDS]
# needs: redis-server, redis-cli, redis-benchmark (Debian: redis-tools), python3, GNU time, cargo
set -euo pipefail
N=${1:-1000000}
REQUESTS=${2:-300000}
ROUNDS=${3:-3}
WANT=4242
cd "$(dirname "$0")/.."
command -v redis-benchmark >/dev/null || { echo "missing redis-benchmark (Debian: apt-get install redis-tools)" >&2; exit 2; }
. benches/redis_server.sh

echo "loading $N connect-redis sessions into redis://127.0.0.1:$PORT/0 ..."
python3 benches/seed_connect_redis.py "$N" 10000 | redis-cli -p "$PORT" --pipe | tail -1
URL="redis://127.0.0.1:$PORT/0"
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(redis-server --version | cut -d' ' -f3), $N sessions"

scan_cli() { redis-cli -p "$PORT" --scan --pattern 'sess:*' | wc -l >/dev/null; }
scan_sessctl() { "$BIN" sessions list --user "$WANT" --output json --redis-url "$URL" --pace "$1" >/dev/null; }

# Runs "$@" in a loop in the background until stopped; sets LOOP_PID.
start_loop() {
    ( trap 'exit 0' TERM; while :; do "$@"; done ) &
    LOOP_PID=$!
    sleep 0.5
}
stop_loop() { kill "$LOOP_PID" 2>/dev/null; wait "$LOOP_PID" 2>/dev/null || true; }

# One redis-benchmark; prints "p50 p95 p99 rps".
bench() {
    redis-benchmark -p "$PORT" -t get -c 10 -n "$REQUESTS" --csv 2>/dev/null |
        python3 -c '
import csv, sys
rows = list(csv.reader(sys.stdin))
h, r = rows[0], rows[1]
v = dict(zip(h, r))
print(v["p50_latency_ms"], v["p95_latency_ms"], v["p99_latency_ms"], v["rps"])'
}

echo
echo "| while | GET p50 | GET p95 | GET p99 | requests/s |"
echo "|---|---|---|---|---|"
row() { read -r p50 p95 p99 rps <<<"$2"; echo "| $1 | $p50 ms | $p95 ms | $p99 ms | ${rps%.*} |"; }
row "nothing else runs" "$(bench)"
start_loop scan_cli; row "\`redis-cli --scan --pattern 'sess:*' | wc -l\`" "$(bench)"; stop_loop
for pace in full auto gentle; do
    start_loop scan_sessctl "$pace"
    row "\`sessctl sessions list --user $WANT --pace $pace\`" "$(bench)"
    stop_loop
done

echo
echo "one scan alone, $ROUNDS rounds alternating (median wall time):"
declare -A T
for r in $(seq "$ROUNDS"); do
    t=$( { /usr/bin/time -f "%e" bash -c "redis-cli -p $PORT --scan --pattern 'sess:*' | wc -l >/dev/null"; } 2>&1 )
    T[cli]+="$t "
    for pace in full auto gentle; do
        t=$( { /usr/bin/time -f "%e" "$BIN" sessions list --user "$WANT" --output json --redis-url "$URL" --pace "$pace" >/dev/null; } 2>&1 )
        T[$pace]+="$t "
    done
done
python3 - "${T[cli]}" "${T[full]}" "${T[auto]}" "${T[gentle]}" <<'PY'
import sys, statistics as st
names = ["redis-cli --scan | wc -l", "sessctl --pace full", "sessctl --pace auto (default)", "sessctl --pace gentle"]
meds = [st.median(float(x) for x in a.split()) for a in sys.argv[1:]]
for n, m in zip(names, meds):
    print(f"  {n:32} {m:6.2f} s   ratio to redis-cli {m / meds[0]:.2f}")
PY
