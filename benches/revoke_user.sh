#!/usr/bin/env bash
# Benchmark for `sessctl revoke-user` (issue 5, item 8).
#
# Starts its own redis-server on a free loopback port (temporary directory, no persistence) and
# measures, in the same run:
#
# 1. connect-redis, by scan: N sessions (default 1,000,000) of which 100 belong to the user
#    (the rest spread over 10,000 other users). Alternating, R rounds (default 3) of
#      A: sessctl sessions list --user 777777 --output json
#      B: sessctl revoke-user 777777 --yes --no-cutoff --output json   (removes the 100)
#    with the 100 sessions put back (untimed) after each B. Target: median B <= 1.2 x median A.
# 2. spring-session indexed, via the principal index: the same 100 sessions of user 42 (the
#    real fixture hash, under new ids, with index members and expires: keys) among N filler
#    hashes; revoke-user 42 timed R rounds. Target: < 50 ms whatever N.
#
# usage: benches/revoke_user.sh [N] [ROUNDS]
# needs: redis-server, redis-cli, python3, GNU time (/usr/bin/time), cargo
set -euo pipefail
N=${1:-1000000}
ROUNDS=${2:-3}
cd "$(dirname "$0")/.."
. benches/redis_server.sh

# RESP for connect-redis sessions: db 0 gets the N-100 others (once), the 100 of the user
# (again after each revoke).
python3 - "$N" "$DIR" <<'PY'
import sys, random, base64
n, d = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(5)
def cmd(*a):
    return b"*%d\r\n" % len(a) + b"".join(b"$%d\r\n%s\r\n" % (len(x), x) for x in a)
def sess(user, i):
    sid = base64.urlsafe_b64encode(rnd.getrandbits(192).to_bytes(24, "big"))
    val = ('{"cookie":{"originalMaxAge":86400000,"expires":"2026-11-24T10:%02d:%02d.000Z",'
           '"httpOnly":true,"path":"/"},"views":%d,"passport":{"user":%d}}'
           % (i // 60 % 60, i % 60, i % 7, user)).encode()
    return cmd(b"SET", b"sess:" + sid, val, b"EX", b"86400")
with open(d + "/others.resp", "wb") as f:
    for i in range(n - 100):
        f.write(sess(i % 10000, i))
with open(d + "/user.resp", "wb") as f:
    for i in range(100):
        f.write(sess(777777, i))
PY
echo "loading $N connect-redis sessions (100 of user 777777) ..."
redis-cli -p "$PORT" -n 0 --pipe < "$DIR/others.resp" | tail -1
redis-cli -p "$PORT" -n 0 --pipe < "$DIR/user.resp" | tail -1
echo "db 0: $(redis-cli -p "$PORT" -n 0 dbsize) keys"

URL="redis://127.0.0.1:$PORT/0"
declare -a TA TB
for r in $(seq "$ROUNDS"); do
    a=$( { /usr/bin/time -f "%e" "$BIN" sessions list --user 777777 --output json --store connect-redis --redis-url "$URL" > "$DIR/a.out"; } 2>&1 | tail -1)
    b=$( { /usr/bin/time -f "%e" "$BIN" revoke-user 777777 --yes --no-cutoff --output json --store connect-redis --redis-url "$URL" > "$DIR/b.out"; } 2>&1 | tail -1)
    TA+=("$a"); TB+=("$b")
    echo "round $r: list --user $a s ($(python3 -c "import json;print(len(json.load(open('$DIR/a.out'))))") sessions); revoke-user $b s ($(python3 -c "import json;print(json.load(open('$DIR/b.out'))['deleted'])") deleted)"
    redis-cli -p "$PORT" -n 0 --pipe < "$DIR/user.resp" >/dev/null
done

# spring-session indexed in db 1: the fixture's user-42 hash under 100 new ids, with index
# members and expires: keys, among N filler hashes.
python3 - "$N" "$DIR" tests/fixtures/sessions/spring-session/indexed/records.jsonl <<'PY'
import sys, json, base64, uuid, random
n, d, fixture = int(sys.argv[1]), sys.argv[2], sys.argv[3]
rnd = random.Random(7)
def cmd(*a):
    return b"*%d\r\n" % len(a) + b"".join(b"$%d\r\n%s\r\n" % (len(x), x) for x in a)
recs = [json.loads(l) for l in open(fixture)]
h42 = next(r for r in recs if r["role"] == "session" and r["user"] == "42" and r["type"] == "hash")
fields = [(k.encode(), base64.b64decode(v)) for k, v in h42["hash"].items()]
ns = b"spring:session:"
idx = ns + b"index:org.springframework.session.FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME:42"
def jstr(s):
    return b"\xac\xed\x00\x05\x74" + len(s).to_bytes(2, "big") + s
with open(d + "/spring_user.resp", "wb") as f:
    for i in range(100):
        sid = str(uuid.UUID(int=rnd.getrandbits(128), version=4)).encode()
        key = ns + b"sessions:" + sid
        f.write(cmd(b"HSET", key, *[x for kv in fields for x in kv]))
        f.write(cmd(b"EXPIRE", key, b"2100"))
        f.write(cmd(b"SET", ns + b"sessions:expires:" + sid, b"", b"EX", b"1800"))
        f.write(cmd(b"SADD", idx, jstr(sid)))
with open(d + "/spring_fill.resp", "wb") as f:
    for i in range(n):
        sid = str(uuid.UUID(int=rnd.getrandbits(128), version=4)).encode()
        f.write(cmd(b"HSET", ns + b"sessions:" + sid, b"creationTime", b"x", b"maxInactiveInterval", b"y"))
PY
echo "loading $N spring-session filler hashes and 100 indexed sessions of user 42 ..."
redis-cli -p "$PORT" -n 1 --pipe < "$DIR/spring_fill.resp" | tail -1
redis-cli -p "$PORT" -n 1 --pipe < "$DIR/spring_user.resp" | tail -1
echo "db 1: $(redis-cli -p "$PORT" -n 1 dbsize) keys"
URL1="redis://127.0.0.1:$PORT/1"
declare -a TS
for r in $(seq "$ROUNDS"); do
    t0=$(date +%s%N)
    "$BIN" revoke-user 42 --yes --no-cutoff --output json --store spring-session --redis-url "$URL1" > "$DIR/s.out"
    s=$(python3 -c "print(($(date +%s%N) - $t0) / 1e9)")
    TS+=("$s")
    echo "round $r: spring revoke-user via the index $(python3 -c "print(round($s*1000,1))") ms ($(python3 -c "import json;v=json.load(open('$DIR/s.out'));print(v['deleted'], 'deleted, used_index', v['used_index'])"))"
    redis-cli -p "$PORT" -n 1 --pipe < "$DIR/spring_user.resp" >/dev/null
done

python3 - "${TA[*]}" "${TB[*]}" "${TS[*]}" <<'PY'
import sys, statistics as st
a = [float(x) for x in sys.argv[1].split()]
b = [float(x) for x in sys.argv[2].split()]
s = [float(x) for x in sys.argv[3].split()]
ma, mb, ms = st.median(a), st.median(b), st.median(s)
print(f"connect-redis: median list --user {ma:.2f} s, revoke-user {mb:.2f} s, ratio {mb/ma:.2f} (target <= 1.2)")
print(f"spring-session indexed: median revoke-user {ms*1000:.1f} ms (target < 50 ms; whole process, wall clock)")
PY
