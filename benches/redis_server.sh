# Sourced by the Redis benchmarks (sessions_list.sh, revoke_user.sh), from the repository root:
# builds the release binary ($BIN), checks the tools, and starts a private redis-server on a free
# loopback port in a temporary directory ($DIR, $PORT), stopped and removed on exit.
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
cargo build --release --locked -q
BIN=$CARGO_TARGET_DIR/release/sessctl
for tool in redis-server redis-cli python3 /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "missing $tool (Debian: apt-get install redis-server redis-tools python3 time)" >&2; exit 2; }
done

DIR=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
redis-server --port "$PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$DIR" \
    --logfile "$DIR/redis.log" --daemonize yes --pidfile "$DIR/redis.pid"
cleanup() { redis-cli -p "$PORT" shutdown nosave >/dev/null 2>&1 || true; rm -rf "$DIR"; }
trap cleanup EXIT
for _ in $(seq 100); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.05; done
