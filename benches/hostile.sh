#!/usr/bin/env bash
# Benchmark for issue 11 ("Hostile records"): memory and time of the session commands over a store
# seeded with every hostile record of the issue (benches/hostile_store.py), and of `sessions list`
# in each output mode over 500,000 plain sessions.
#
# Starts its own redis-server on a free loopback port (temporary directory, no persistence) and
# measures, with GNU time (peak RSS, wall clock):
#
# 1. over each seeded database (spring-session, django, flask-session; each with good sessions of
#    user 42 beside the bombs): `sessions list`, `sessions stats`, `revoke-user 42 --dry-run`, and
#    `revoke-user 42 --yes --no-cutoff`. Target: every run finishes under 256 MB peak RSS, listing
#    every bomb as an undecodable record with its reason (checked here), and removing user 42's
#    good sessions.
# 2. `sessions list` over 500,000 connect-redis sessions in table, json and ndjson output.
#    Target: memory flat in every output mode (the table streams in pages).
#
# usage: benches/hostile.sh
# needs: redis-server, redis-cli, python3, GNU time (/usr/bin/time), cargo
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/redis_server.sh
redis-cli -p "$PORT" config set proto-max-bulk-len 1gb >/dev/null

echo "seeding the hostile store (python's pickle, zlib and lzma; this takes a minute) ..."
python3 benches/hostile_store.py "$DIR/hostile.resp" tests/fixtures/sessions
redis-cli -p "$PORT" --pipe < "$DIR/hostile.resp" | tail -1
rm -f "$DIR/hostile.resp"
for db in 0 1 2; do echo "db $db: $(redis-cli -p "$PORT" -n "$db" dbsize) keys"; done

# run LABEL ARGS...: prints wall seconds, peak RSS (MB) and the exit code.
run() {
    local label=$1; shift
    local t0 code
    set +e
    /usr/bin/time -f "%e %M" -o "$DIR/time" "$BIN" "$@" > "$DIR/out" 2> "$DIR/err"
    code=$?
    set -e
    read -r secs kb < <(tail -n 1 "$DIR/time")
    printf '%-46s %7.2f s %7.1f MB  exit %d\n' "$label" "$secs" "$(awk "BEGIN{print $kb/1024}")" "$code"
    if (( kb > 262144 )); then echo "  OVER 256 MB"; fi
}

printf '\n%-46s %9s %10s\n' "run" "wall" "peak RSS"
for spec in "0 spring-session" "1 django" "2 flask-session"; do
    set -- $spec
    db=$1 store=$2
    url="redis://127.0.0.1:$PORT/$db"
    run "$store: sessions list -o json" sessions list -o json --store "$store" --redis-url "$url"
    python3 - "$DIR/out" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
bombs = [r for r in rows if "bomb" in r["id"]]
bad = [r["id"] for r in bombs if not r["error"]]
print(f"  {len(rows)} rows; {len(bombs)} bombs; decoded without error (bounded, not refused): {bad or 'none'}")
for r in bombs:
    print(f"    {r['id']:<22} {r['size']:>10} B  {(r['error'] or '(decoded: ' + str(r['user']) + ')')[:90]}")
PY
    run "$store: sessions stats" sessions stats --store "$store" --redis-url "$url"
    run "$store: revoke-user 42 --dry-run" revoke-user 42 --dry-run -o json --store "$store" --redis-url "$url"
    run "$store: revoke-user 42 --yes" revoke-user 42 --yes --no-cutoff -o json --store "$store" --redis-url "$url"
    python3 - "$DIR/out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"  deleted {r['deleted']} of user 42; undecidable {len(r['undecidable'])}; clean {r['clean']}; error {r['error']}")
PY
done

echo
echo "loading 500,000 connect-redis sessions ..."
python3 - "$DIR" <<'PY'
import sys
d = sys.argv[1]
def cmd(*a):
    return b"*%d\r\n" % len(a) + b"".join(b"$%d\r\n%s\r\n" % (len(x), x) for x in a)
with open(d + "/plain.resp", "wb") as f:
    f.write(cmd(b"SELECT", b"3"))
    for i in range(500_000):
        v = (b'{"cookie":{"originalMaxAge":86400000,"httpOnly":true,"path":"/"},'
             b'"passport":{"user":%d}}' % (i % 10000))
        f.write(cmd(b"SET", b"sess:%07d" % i, v, b"EX", b"86400"))
PY
redis-cli -p "$PORT" --pipe < "$DIR/plain.resp" | tail -1
url="redis://127.0.0.1:$PORT/3"
for fmt in table json ndjson; do
    run "500k sessions: sessions list -o $fmt" sessions list -o "$fmt" --store connect-redis --redis-url "$url"
done
