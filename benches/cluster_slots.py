#!/usr/bin/env python3
"""Redis Cluster hash slots for benches/cluster.sh.

    python3 benches/cluster_slots.py check PORT
        Compares slot() with the server's `CLUSTER KEYSLOT` for a few keys (hash tags, empty
        tags, sessions as the seeder writes them); exits 1 on any difference.

    python3 benches/cluster_slots.py split PORT DIR < commands.resp
        Reads Redis protocol (as benches/seed_connect_redis.py writes it: arrays of bulk
        strings, the key second), and writes each command to DIR/node-<port>.resp of the primary
        that serves its key's slot, the map read from `CLUSTER NODES` on PORT. Prints one line
        per primary: `<port> <file> <commands>`.

The slot of a key is CRC16 (XMODEM: polynomial 0x1021, initial value 0; binascii.crc_hqx)
of the key, or of its hash tag (the bytes between the first `{` and the first `}` after it,
when there is at least one), modulo 16384: see https://redis.io/docs/reference/cluster-spec/.
"""
import binascii
import os
import subprocess
import sys

SLOTS = 16384
# The check value of CRC16/XMODEM, also the one the Redis Cluster specification gives.
assert binascii.crc_hqx(b"123456789", 0) == 0x31C3


def slot(key: bytes) -> int:
    start = key.find(b"{")
    if start >= 0:
        end = key.find(b"}", start + 1)
        if end > start + 1:
            key = key[start + 1:end]
    return binascii.crc_hqx(key, 0) % SLOTS


def cli(port, *args) -> bytes:
    return subprocess.run(["redis-cli", "-p", str(port), *args], check=True,
                          stdout=subprocess.PIPE).stdout


def check(port):
    keys = [b"", b"a", b"foo", b"123456789", b"sess:abc", b"user1000", b"{user1000}.following",
            b"foo{}{bar}", b"foo{{bar}}zap", b"foo{bar}{zap}", b"{}", b"{", b"}{a}", b"a{b",
            "sess:é{ü}".encode()]
    # The first sessions of the seeder's stream: the key is the second bulk string of each
    # `*5 SET key value EX 86400`.
    seed = subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__),
                                                         "seed_connect_redis.py"), "20", "10"],
                          check=True, stdout=subprocess.PIPE).stdout
    keys += [line for line in seed.split(b"\r\n") if line.startswith(b"sess:")]
    bad = 0
    for k in keys:
        # -x: the key as the last argument, byte for byte, from standard input.
        theirs = int(subprocess.run(["redis-cli", "-p", str(port), "-x", "CLUSTER", "KEYSLOT"],
                                    input=k, check=True, stdout=subprocess.PIPE).stdout)
        if theirs != slot(k):
            print(f"slot mismatch for {k!r}: ours {slot(k)}, CLUSTER KEYSLOT {theirs}",
                  file=sys.stderr)
            bad += 1
    print(f"slot function: {len(keys) - bad} of {len(keys)} keys agree with CLUSTER KEYSLOT")
    sys.exit(1 if bad else 0)


def slot_map(port):
    """The primaries' ports and a list of 16384 indices into it (CLUSTER NODES)."""
    ports, owner = [], [None] * SLOTS
    for line in cli(port, "CLUSTER", "NODES").decode().splitlines():
        parts = line.split()
        if "master" not in parts[2].split(","):
            continue
        ports.append(int(parts[1].split("@")[0].rsplit(":", 1)[1]))
        for r in parts[8:]:
            if r.startswith("["):  # a slot being migrated
                continue
            a, _, b = r.partition("-")
            for s in range(int(a), int(b or a) + 1):
                owner[s] = len(ports) - 1
    missing = owner.count(None)
    if missing:
        raise SystemExit(f"{missing} slots are served by no primary")
    return ports, owner


def split(port, outdir):
    ports, owner = slot_map(port)
    paths = [os.path.join(outdir, f"node-{p}.resp") for p in ports]
    files = [open(p, "wb") for p in paths]
    counts = [0] * len(ports)
    inp = sys.stdin.buffer
    rest = b""
    while True:
        chunk = inp.read(8 << 20)
        data = rest + chunk
        parts = [[] for _ in ports]
        pos, n = 0, len(data)
        # Inlined parsing of `*N` arrays of `$len` bulk strings; the key is the second one.
        while pos < n:
            eol = data.find(b"\r\n", pos)
            if eol < 0:
                break
            if data[pos] != 0x2A:  # b"*"
                raise SystemExit(f"not an array of bulk strings at byte {pos} of a chunk")
            count = int(data[pos + 1:eol])
            p = eol + 2
            key = None
            done = True
            for i in range(count):
                eol = data.find(b"\r\n", p)
                if eol < 0:
                    done = False
                    break
                length = int(data[p + 1:eol])
                end = eol + 2 + length + 2
                if end > n:
                    done = False
                    break
                if i == 1:
                    key = data[eol + 2:eol + 2 + length]
                p = end
            if not done:
                break
            if key is None:
                raise SystemExit(f"a command without a key at byte {pos} of a chunk")
            node = owner[slot(key)]
            parts[node].append(data[pos:p])
            counts[node] += 1
            pos = p
        for f, part in zip(files, parts):
            f.write(b"".join(part))
        rest = data[pos:]
        if not chunk:
            break
    if rest:
        raise SystemExit(f"{len(rest)} bytes of an incomplete command at the end of the input")
    for f in files:
        f.close()
    for p, path, c in zip(ports, paths, counts):
        print(p, path, c)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "check":
        check(int(sys.argv[2]))
    elif len(sys.argv) == 4 and sys.argv[1] == "split":
        split(int(sys.argv[2]), sys.argv[3])
    else:
        raise SystemExit(__doc__)
