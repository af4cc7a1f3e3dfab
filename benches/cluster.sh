#!/usr/bin/env bash
# Benchmark for `sessctl sessions list --user` on a Redis Cluster (issue 14, item 6).
#
# In one run, side by side: its own Redis Cluster of 3 primaries (no replicas, to be fair to the
# single server; `redis-server --cluster-enabled yes` on free loopback ports, each node in its
# own temporary directory, no persistence, joined with `redis-cli --cluster create …
# --cluster-replicas 0 --cluster-yes`) and one standalone redis-server (benches/redis_server.sh).
# Both get the same N connect-redis sessions (default 1,000,000) for U users (default 10,000)
# from benches/seed_connect_redis.py: the server with `redis-cli --pipe`, the cluster by
# splitting the same protocol stream by each key's hash slot (benches/cluster_slots.py, checked
# against `CLUSTER KEYSLOT` first) and piping each primary its share. Then R rounds (default 3),
# the order reversed every other round, of
#
#   A: sessctl sessions list --user 4242 --output json --pace full --redis-url <the server>
#   B: the same with --redis-url <the cluster's first node> (sessctl finds the other primaries)
#   C: redis-cli --scan --pattern 'sess:*' | wc -l on each primary, one after another (what a
#      user would otherwise do), and the same three run in parallel
#   D: redis-cli --scan --pattern 'sess:*' | wc -l on the server (for scale)
#
# timed with GNU time (wall, peak RSS, sessctl's CPU time), with the servers' CPU time (INFO cpu)
# during A and B.
# Checks that A and B list the same session ids every round and that every enumeration counts N.
# Reports medians, the ratio B/A (target: B <= 1.0 x A, a cluster no slower than one server) and
# sessctl's peak RSS (target < 64 MB).
#
# usage: benches/cluster.sh [N] [USERS] [ROUNDS]
# needs: redis-server, redis-cli, python3, GNU time (/usr/bin/time), cargo
set -euo pipefail
N=${1:-1000000}
USERS=${2:-10000}
ROUNDS=${3:-3}
WANT=4242
NODES=3
cd "$(dirname "$0")/.."
# shellcheck source=benches/redis_server.sh
. benches/redis_server.sh # $BIN, $DIR, $PORT (the single server), trap cleanup EXIT

NODE_PORTS=()
NODE_DIRS=()
cluster_cleanup() {
    for p in "${NODE_PORTS[@]}"; do redis-cli -p "$p" shutdown nosave >/dev/null 2>&1 || true; done
    for d in "${NODE_DIRS[@]}"; do rm -rf "$d"; done
    cleanup
}
trap cluster_cleanup EXIT

# A free loopback port whose cluster bus port (port + 10000) is free too.
free_port_pair() {
    python3 - <<'PY'
import random, socket
for _ in range(1000):
    p = random.randint(20000, 55000)
    try:
        for q in (p, p + 10000):
            s = socket.socket(); s.bind(("127.0.0.1", q)); s.close()
    except OSError:
        continue
    print(p); break
else:
    raise SystemExit("no free port pair")
PY
}

echo "machine: $(nproc) cores; $(uptime | sed 's/.*load/load/'); fuzzer: $(pgrep -f fuzz >/dev/null && echo running || echo none); $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "sessctl: $BIN ($(git log -1 --format=%h))"

for _ in $(seq "$NODES"); do
    p=$(free_port_pair)
    d=$(mktemp -d)
    NODE_PORTS+=("$p")
    NODE_DIRS+=("$d")
    redis-server --port "$p" --bind 127.0.0.1 --save "" --appendonly no --dir "$d" \
        --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 60000 \
        --logfile "$d/redis.log" --daemonize yes --pidfile "$d/redis.pid"
done
for p in "${NODE_PORTS[@]}"; do
    for _ in $(seq 100); do redis-cli -p "$p" ping >/dev/null 2>&1 && break; sleep 0.05; done
done
addrs=()
for p in "${NODE_PORTS[@]}"; do addrs+=("127.0.0.1:$p"); done
redis-cli --cluster create "${addrs[@]}" --cluster-replicas 0 --cluster-yes >"$DIR/create.log" 2>&1 ||
    { cat "$DIR/create.log" >&2; exit 1; }
deadline=$((SECONDS + 30))
while :; do
    ok=0
    for p in "${NODE_PORTS[@]}"; do
        info=$(redis-cli -p "$p" cluster info 2>/dev/null || true)
        if grep -q '^cluster_state:ok' <<<"$info" && grep -q '^cluster_slots_ok:16384' <<<"$info" &&
            grep -q "^cluster_known_nodes:$NODES" <<<"$info"; then
            ok=$((ok + 1))
        fi
    done
    [ "$ok" -eq "$NODES" ] && break
    if [ "$SECONDS" -gt "$deadline" ]; then
        echo "the cluster did not reach cluster_state:ok in 30 s:" >&2
        redis-cli -p "${NODE_PORTS[0]}" cluster info >&2 || true
        exit 1
    fi
    sleep 0.1
done
echo "cluster: primaries on ports ${NODE_PORTS[*]}, cluster_state:ok; single server on port $PORT"
python3 benches/cluster_slots.py check "${NODE_PORTS[0]}"

# --- load -------------------------------------------------------------------------------------
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$(date +%s.%N)"; }
pipe_into() { # port file: loads the file with redis-cli --pipe, fails on any error reply
    local out
    out=$(redis-cli -p "$1" --pipe <"$2" | tail -1)
    grep -q '^errors: 0,' <<<"$out" || { echo "loading $2 into port $1: $out" >&2; return 1; }
    echo "$out"
}
echo "loading $N connect-redis sessions for $USERS users into both ..."
t0=$(date +%s.%N)
python3 benches/seed_connect_redis.py "$N" "$USERS" >"$DIR/seed.resp"
echo "  generated $(du -m "$DIR/seed.resp" | cut -f1) MB of protocol in $(elapsed "$t0") s"
t0=$(date +%s.%N)
echo "  single server: $(pipe_into "$PORT" "$DIR/seed.resp") ($(elapsed "$t0") s)"
t0=$(date +%s.%N)
python3 benches/cluster_slots.py split "${NODE_PORTS[0]}" "$DIR" <"$DIR/seed.resp" >"$DIR/split.txt"
rm -f "$DIR/seed.resp"
echo "  split by hash slot in $(elapsed "$t0") s: $(awk '{printf "%s%s keys for port %s", (NR>1?", ":""), $3, $1}' "$DIR/split.txt")"
t0=$(date +%s.%N)
pids=()
while read -r p f _; do
    pipe_into "$p" "$f" >"$f.log" &
    pids+=($!)
done <"$DIR/split.txt"
for pid in "${pids[@]}"; do wait "$pid"; done
echo "  cluster, each primary in parallel: $(cat "$DIR"/node-*.resp.log | paste -sd ';' -) ($(elapsed "$t0") s)"
rm -f "$DIR"/node-*.resp
single=$(redis-cli -p "$PORT" dbsize)
total=0
while read -r p _ c; do
    n=$(redis-cli -p "$p" dbsize)
    [ "$n" -eq "$c" ] || { echo "port $p holds $n keys, $c were sent to it" >&2; exit 1; }
    total=$((total + n))
done <"$DIR/split.txt"
echo "DBSIZE: single server $single, cluster $total (sum over primaries)"
if [ "$single" -ne "$N" ] || [ "$total" -ne "$N" ]; then echo "DBSIZE differs from N=$N" >&2; exit 1; fi

# --- timing -----------------------------------------------------------------------------------
server_cpu() { # total CPU seconds (user + sys) of the servers on the given ports
    for p in "$@"; do redis-cli -p "$p" info cpu; done |
        awk -F: '/^used_cpu_(user|sys):/ { s += $2 } END { printf "%.3f", s }'
}
sub() { python3 -c "import sys; print(f'{float(sys.argv[1]) - float(sys.argv[2]):.2f}')" "$1" "$2"; }
export NODE_LIST="${NODE_PORTS[*]}"
run_a() {
    local c0
    c0=$(server_cpu "$PORT")
    /usr/bin/time -o "$DIR/a.time" -f "%e %M %U %S" "$BIN" sessions list --user "$WANT" --output json \
        --pace full --redis-url "redis://127.0.0.1:$PORT/0" >"$DIR/a.json" 2>"$DIR/a.err" ||
        { cat "$DIR/a.err" >&2; exit 1; }
    echo "$(awk '{ printf "%s %s %.2f", $1, $2, $3 + $4 }' "$DIR/a.time") $(sub "$(server_cpu "$PORT")" "$c0")" >"$DIR/a.res"
}
run_b() {
    local c0
    c0=$(server_cpu "${NODE_PORTS[@]}")
    /usr/bin/time -o "$DIR/b.time" -f "%e %M %U %S" "$BIN" sessions list --user "$WANT" --output json \
        --pace full --redis-url "redis://127.0.0.1:${NODE_PORTS[0]}" >"$DIR/b.json" 2>"$DIR/b.err" ||
        { cat "$DIR/b.err" >&2; exit 1; }
    echo "$(awk '{ printf "%s %s %.2f", $1, $2, $3 + $4 }' "$DIR/b.time") $(sub "$(server_cpu "${NODE_PORTS[@]}")" "$c0")" >"$DIR/b.res"
}
run_c_seq() { # one primary after another, as a user would
    # shellcheck disable=SC2016
    /usr/bin/time -o "$DIR/cs.time" -f "%e" bash -c 'total=0
        for p in $NODE_LIST; do
            n=$(redis-cli -p "$p" --scan --pattern "sess:*" | wc -l); total=$((total + n))
        done
        echo "$total"' >"$DIR/cs.out"
}
run_c_par() { # the three at once
    # shellcheck disable=SC2016
    /usr/bin/time -o "$DIR/cp.time" -f "%e" bash -c 'for p in $NODE_LIST; do
            redis-cli -p "$p" --scan --pattern "sess:*" | wc -l > "$1/cp.$p" &
        done
        wait' _ "$DIR"
    cat "$DIR"/cp.[0-9]* | awk '{ s += $1 } END { print s }' >"$DIR/cp.out"
    rm -f "$DIR"/cp.[0-9]*
}
run_d() {
    /usr/bin/time -o "$DIR/d.time" -f "%e" sh -c "redis-cli -p $PORT --scan --pattern 'sess:*' | wc -l" >"$DIR/d.out"
}

: >"$DIR/rounds.txt"
for r in $(seq "$ROUNDS"); do
    if [ $((r % 2)) -eq 1 ]; then order="a b cs cp d"; else order="d cp cs b a"; fi
    for x in $order; do
        case $x in
        a) run_a ;; b) run_b ;; cs) run_c_seq ;; cp) run_c_par ;; d) run_d ;;
        esac
    done
    same=$(python3 - "$DIR/a.json" "$DIR/b.json" "$N" "$USERS" "$WANT" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
n, users, want = (int(x) for x in sys.argv[3:6])
expected = len(range(want, n, users)) if want < users else 0  # the seeder's session i is user i % users
ia, ib = {s["id"] for s in a}, {s["id"] for s in b}
if ia != ib or len(ia) != len(a) or len(ib) != len(b) or len(ia) != expected:
    print(f"DIFFERENT: {len(ia)} ids on the server, {len(ib)} on the cluster ({expected} expected), "
          f"{len(ia - ib)} only on the server, {len(ib - ia)} only on the cluster")
else:
    print(f"same {len(ia)} ids")
PY
)
    cs=$(cat "$DIR/cs.out") cp=$(cat "$DIR/cp.out") d=$(cat "$DIR/d.out")
    read -r a_s a_kb a_own a_cpu <"$DIR/a.res"
    read -r b_s b_kb b_own b_cpu <"$DIR/b.res"
    echo "round $r ($order): A server ${a_s} s (${a_kb} KB, sessctl CPU ${a_own} s, server CPU ${a_cpu} s);" \
        "B cluster ${b_s} s (${b_kb} KB, sessctl CPU ${b_own} s, servers' CPU ${b_cpu} s); $same;" \
        "C one by one $(cat "$DIR/cs.time") s ($cs keys), in parallel $(cat "$DIR/cp.time") s ($cp keys); D server $(cat "$DIR/d.time") s ($d keys)"
    echo "$a_s $a_kb $a_own $a_cpu $b_s $b_kb $b_own $b_cpu $(cat "$DIR/cs.time") $(cat "$DIR/cp.time") $(cat "$DIR/d.time")" >>"$DIR/rounds.txt"
    case $same in same*) ;; *) echo "A and B listed different sessions" >&2; exit 1 ;; esac
    for c in "$cs" "$cp" "$d"; do
        [ "$c" -eq "$N" ] || { echo "an enumeration counted $c keys, not $N" >&2; exit 1; }
    done
done
echo "end: $(uptime | sed 's/.*load/load/'); fuzzer: $(pgrep -f fuzz >/dev/null && echo running || echo none); $(date -u '+%H:%M UTC')"

python3 - "$DIR/rounds.txt" <<'PY'
import sys, statistics as st
# Per round: A wall, KB, sessctl CPU, server CPU; B the same; C one by one, in parallel; D.
rows = [[float(x) for x in line.split()] for line in open(sys.argv[1])]
med = [st.median(col) for col in zip(*rows)]
mb = lambda kb: f"{kb / 1024:.1f} MB"
print()
print("| round | A: `sessions list`, one server | B: `sessions list`, cluster | B/A "
      "| sessctl CPU A / B | servers' CPU A / B "
      "| C: `redis-cli --scan` per primary, one by one / in parallel "
      "| D: `redis-cli --scan`, one server |")
print("|---|---|---|---|---|---|---|---|")
for i, r in enumerate(rows, 1):
    print(f"| {i} | {r[0]:.2f} s, {mb(r[1])} | {r[4]:.2f} s, {mb(r[5])} | {r[4] / r[0]:.2f} "
          f"| {r[2]:.2f} s / {r[6]:.2f} s | {r[3]:.2f} s / {r[7]:.2f} s "
          f"| {r[8]:.2f} s / {r[9]:.2f} s | {r[10]:.2f} s |")
peak_a = max(r[1] for r in rows)
peak_b = max(r[5] for r in rows)
ratio = med[4] / med[0]
print(f"| median | {med[0]:.2f} s, peak {mb(peak_a)} | {med[4]:.2f} s, peak {mb(peak_b)} "
      f"| **{ratio:.2f}** | {med[2]:.2f} s / {med[6]:.2f} s | {med[3]:.2f} s / {med[7]:.2f} s "
      f"| {med[8]:.2f} s / {med[9]:.2f} s | {med[10]:.2f} s |")
print()
peak = max(peak_a, peak_b) / 1024
print(f"ratio B/A {ratio:.2f} (target <= 1.00: {'met' if ratio <= 1.0 else 'MISSED'}); "
      f"B against C one by one {med[4] / med[8]:.2f}, in parallel {med[4] / med[9]:.2f}; "
      f"peak RSS {peak:.1f} MB (target < 64 MB: {'met' if peak < 64 else 'MISSED'})")
PY
