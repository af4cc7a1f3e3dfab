#!/usr/bin/env bash
# Regenerates the sample records `sessctl sandbox` embeds: each preset's real-library fixture
# (tests/fixtures/sessions/) minus records whose value is over 64 KiB (the ~2 MB "huge" test
# sessions, which would bloat the binary). Run from anywhere; needs python3.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
fx="$here/../../tests/fixtures/sessions"
python3 - "$fx" "$here" <<'PY'
import json, sys, os
fx, out = sys.argv[1], sys.argv[2]
sets = {
    "connect-redis": "connect-redis/records.jsonl",
    "connect-redis-fastify": "connect-redis/fastify/records.jsonl",
    "spring-session": "spring-session/records.jsonl",
    "spring-session-indexed": "spring-session/indexed/records.jsonl",
    "django": "django/records.jsonl",
    "django-redis-zlib": "django/django-redis-zlib/records.jsonl",
    "flask-session": "flask-session/records.jsonl",
    "php": "php/records.jsonl",
    "json": "json/records.jsonl",
    "koa-redis": "koa-redis/records.jsonl",
}
for name, rel in sets.items():
    kept = []
    for line in open(os.path.join(fx, rel)):
        if not line.strip():
            continue
        rec = json.loads(line)
        if len(rec.get("value_b64", "")) > 64 * 1024 * 4 // 3:
            continue
        kept.append(json.dumps({k: rec[k] for k in ("key_b64", "type", "value_b64", "hash", "members_b64", "zmembers", "ttl") if k in rec}, separators=(",", ":")))
    with open(os.path.join(out, name + ".jsonl"), "w") as f:
        f.write("\n".join(kept) + "\n")
    print(name, len(kept))
PY
