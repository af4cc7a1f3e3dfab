#!/usr/bin/env python3
"""Writes N connect-redis sessions for USERS users as Redis protocol on stdout, for
`redis-cli --pipe` (used by benches/sessions_list.sh and benches/impact.sh).

usage: python3 benches/seed_connect_redis.py N USERS | redis-cli -p PORT --pipe
"""
import sys, os, random, base64
n, users = int(sys.argv[1]), int(sys.argv[2])
rnd = random.Random(42)
out = sys.stdout.buffer
buf = []
for i in range(n):
    sid = base64.urlsafe_b64encode(rnd.getrandbits(192).to_bytes(24, "big")).decode()
    user = i % users
    # express-session + passport, as connect-redis stores it (see tests/fixtures/sessions).
    form = i % 10
    if form == 0:
        u = '"%d"' % user
    elif form == 1:
        u = '{"id":%d,"name":"user%d"}' % (user, user)
    else:
        u = str(user)
    val = ('{"cookie":{"originalMaxAge":86400000,"expires":"2026-11-24T10:%02d:%02d.000Z",'
           '"httpOnly":true,"path":"/"},"views":%d,"passport":{"user":%s}}'
           % (i // 60 % 60, i % 60, i % 7, u)).encode()
    key = b"sess:" + sid.encode()
    buf.append(b"*5\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n$2\r\nEX\r\n$5\r\n86400\r\n"
               % (len(key), key, len(val), val))
    if len(buf) == 10000:
        out.write(b"".join(buf)); buf = []
out.write(b"".join(buf))
