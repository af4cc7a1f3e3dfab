#!/usr/bin/env bash
# Benchmark for `sessctl sessions list --user` (issue 4, item 8).
#
# Starts its own redis-server on a free loopback port (temporary directory, no persistence),
# loads N connect-redis sessions (default 1,000,000) for U users (default 10,000; 100 sessions
# each) with `redis-cli --pipe`, then times, in the same run and alternating, R rounds (default 3) of
#
#   A: redis-cli --scan --pattern 'sess:*' | wc -l          (bare key enumeration, no values)
#   B: sessctl sessions list --user 4242 --output json --pace full   (auto-detected store)
#
# at full speed (issue 4's target; the default pace, which spares the other clients, is measured
# against the same enumeration by benches/impact.sh)
#
# and reports the median wall time of each, the ratio B/A, and sessctl's peak RSS
# (/usr/bin/time -f %M). Target: B <= 0.8 x A, peak RSS < 64 MB.
#
# usage: benches/sessions_list.sh [N] [USERS] [ROUNDS]
# needs: redis-server, redis-cli, python3, GNU time (/usr/bin/time), cargo
set -euo pipefail
N=${1:-1000000}
USERS=${2:-10000}
ROUNDS=${3:-3}
WANT=4242
cd "$(dirname "$0")/.."
. benches/redis_server.sh

echo "loading $N connect-redis sessions for $USERS users into redis://127.0.0.1:$PORT/0 ..."
start=$(date +%s.%N)
python3 benches/seed_connect_redis.py "$N" "$USERS" | redis-cli -p "$PORT" --pipe | tail -1
echo "loaded $(redis-cli -p "$PORT" dbsize) keys in $(python3 -c "print(round($(date +%s.%N)-$start,1))") s"

URL="redis://127.0.0.1:$PORT/0"
declare -a TA TB MB
for r in $(seq "$ROUNDS"); do
    a=$( { /usr/bin/time -f "%e" sh -c "redis-cli -p $PORT --scan --pattern 'sess:*' | wc -l > $DIR/a.out"; } 2>&1 )
    b=$( { /usr/bin/time -f "%e %M" "$BIN" sessions list --user "$WANT" --output json --pace full --redis-url "$URL" > "$DIR/b.out"; } 2>&1 | tail -1)
    TA+=("$a"); TB+=("${b% *}"); MB+=("${b#* }")
    echo "round $r: enumeration $a s ($(cat "$DIR/a.out") keys); sessctl $(echo "$b" | awk '{print $1}') s, peak $(echo "$b" | awk '{printf "%.1f", $2/1024}') MB ($(python3 -c "import json;print(len(json.load(open('$DIR/b.out'))))") sessions of user $WANT)"
done
python3 - "${TA[*]}" "${TB[*]}" "${MB[*]}" <<'PY'
import sys, statistics as st
a = [float(x) for x in sys.argv[1].split()]
b = [float(x) for x in sys.argv[2].split()]
m = [int(x) for x in sys.argv[3].split()]
ma, mb = st.median(a), st.median(b)
print(f"median: redis-cli --scan | wc -l {ma:.2f} s; sessctl sessions list --user {mb:.2f} s; "
      f"ratio {mb/ma:.2f} (target <= 0.80); peak RSS {max(m)/1024:.1f} MB (target < 64 MB)")
PY
