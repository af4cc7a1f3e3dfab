#!/usr/bin/env python3
"""Writes, as RESP for `redis-cli --pipe`, a store seeded with every hostile record of issue 11,
each beside good sessions of user 42 of the same preset:

  db 0  spring-session: Java attributes (46-byte TC_RESET, 116 KB and 566 KB reference bombs, a
        900 KB class-descriptor bomb) and a session hash of 1,000,000 fields;
  db 1  django: a pickle list nested 1,000,000 deep (2 MB), LONG4 integers of 4 MB and 8 MB, a
        32 KB zlib value holding a list of 32 million None, xz bombs (python's lzma, as
        django-redis writes them) inflating to 1 GiB and 4 GiB, three 100 MB values (over the
        fetch limit), and twelve 8 MB sessions of user 42 (valid pickles);
  db 2  flask-session: three msgpack arrays of 16 million nils (16 MB each).

Pickle, zlib and xz bytes come from Python's own pickle, zlib and lzma modules where the bomb is
a real value; the hostile opcode streams and the Java and msgpack layouts are written byte by
byte (their layouts are commented below). usage: hostile_store.py OUT.resp FIXTURES_DIR
"""
import base64
import json
import lzma
import pickle
import struct
import sys
import zlib

out_path, fixtures = sys.argv[1], sys.argv[2]
out = open(out_path, "wb")


def cmd(*args):
    parts = [a if isinstance(a, bytes) else str(a).encode() for a in args]
    out.write(b"*%d\r\n" % len(parts))
    for p in parts:
        out.write(b"$%d\r\n%s\r\n" % (len(p), p))


# ---- db 0: spring-session ------------------------------------------------------------------
cmd("SELECT", 0)
records = [json.loads(l) for l in open(f"{fixtures}/spring-session/records.jsonl")]
good = next(r for r in records if r.get("user") == "42" and r["type"] == "hash")
good_fields = {k: base64.b64decode(v) for k, v in good["hash"].items()}


def spring(sid, extra):
    args = ["HSET", f"spring:session:sessions:{sid}"]
    for k, v in {**good_fields, **extra}.items():
        args += [k.encode(), v]
    cmd(*args)


for i in range(3):
    spring(f"good-42-{i}", {})
# The bombs are anonymous sessions: the good one's times, none of its principal attributes.
good_fields = {k: v for k, v in good_fields.items() if not k.startswith("sessionAttr:")}


def java_object_array(n):
    # TC_ARRAY, TC_CLASSDESC "[Ljava.lang.Object;", suid 0, SC_SERIALIZABLE, 0 fields,
    # TC_ENDBLOCKDATA, no superclass, then the length. Handles: desc 0x7e0000, array 0x7e0001.
    name = b"[Ljava.lang.Object;"
    return (b"\xac\xed\x00\x05\x75\x72" + struct.pack(">H", len(name)) + name
            + b"\x00" * 8 + b"\x02\x00\x00\x78\x70" + struct.pack(">I", n))


# The 46 bytes that panicked: Object[1] { TC_RESET, TC_NULL }.
spring("bomb-reset", {"sessionAttr:bomb": java_object_array(1) + b"\x79\x70"})


def java_references(refs):
    # Object[refs + 1] { TC_STRING of 65,535 bytes (handle 0x7e0002), refs x TC_REFERENCE to it }.
    return (java_object_array(refs + 1) + b"\x74\xff\xff" + b"a" * 0xFFFF
            + b"\x71\x00\x7e\x00\x02" * refs)


spring("bomb-refs-116k", {"sessionAttr:bomb": java_references(8000)})
spring("bomb-refs-566k", {"sessionAttr:bomb": java_references(100_000)})


def java_classdesc_bomb(refs):
    # Object[refs + 1] { TC_CLASS TC_CLASSDESC "C" with 65,535 int fields (handle 0x7e0002; the
    # Class object 0x7e0003), then refs x TC_CLASS TC_REFERENCE 0x7e0002: 6 bytes each }.
    fields = b"".join(b"I" + struct.pack(">H", 2) + struct.pack(">H", i) for i in range(0xFFFF))
    desc = (b"\x72" + struct.pack(">H", 1) + b"C" + b"\x00" * 8 + b"\x02"
            + struct.pack(">H", 0xFFFF) + fields + b"\x78\x70")
    return java_object_array(refs + 1) + b"\x76" + desc + b"\x76\x71\x00\x7e\x00\x02" * refs


spring("bomb-classdesc", {"sessionAttr:bomb": java_classdesc_bomb(95_000)})

# A session hash of 1,000,000 fields (HGETALL of it blocked the server for 0.5 s).
key = b"spring:session:sessions:bomb-fields"
for start in range(0, 1_000_000, 10_000):
    args = ["HSET", key]
    for i in range(start, start + 10_000):
        args += [b"sessionAttr:f%d" % i, b"x"]
    cmd(*args)

# ---- db 1: django (pickle, django-redis compression) ------------------------------------------
cmd("SELECT", 1)
DJ = ":1:django.contrib.sessions.cache"


def django_session(user, pad=b""):
    # What django's cache backend stores: the session dict, pickled (protocol 5).
    return pickle.dumps({"_auth_user_id": user, "_auth_user_backend":
                         "django.contrib.auth.backends.ModelBackend", "pad": pad}, protocol=5)


for i in range(3):
    cmd("SET", f"{DJ}good42-{i}", django_session("42"), "EX", 3600)
for i in range(12):
    cmd("SET", f"{DJ}big42-{i}", django_session("42", b"p" * (8 << 20)), "EX", 3600)
# A list nested a million deep: PROTO 4, EMPTY_LIST x 1e6, APPEND x (1e6 - 1), STOP.
cmd("SET", f"{DJ}bomb-deep", b"\x80\x04" + b"]" * 1_000_000 + b"a" * 999_999 + b".")
# LONG4 integers of 4 MB and 8 MB (conversion is quadratic).
for mb in (4, 8):
    n = mb << 20
    cmd("SET", f"{DJ}bomb-long{mb}m", b"\x80\x04\x8b" + struct.pack("<I", n) + b"\x11" * n + b".")
# zlib (level 9, as django-redis' zlib compressor) of a list of 32 million None: about 32 KB.
nones = b"\x80\x04](" + b"N" * 32_000_000 + b"e."
cmd("SET", f"{DJ}bomb-nones-zlib", zlib.compress(nones, 9))
# xz bombs (django-redis' lzma compressor writes the xz format): 1 GiB and 4 GiB of zeros.
for gib in (1, 4):
    c = lzma.LZMACompressor(format=lzma.FORMAT_XZ, preset=9)
    chunk = b"\x00" * (64 << 20)
    data = b"".join(c.compress(chunk) for _ in range(gib * 16)) + c.flush()
    cmd("SET", f"{DJ}bomb-xz-{gib}g", data)
# Three values of 100 MB: over the 16 MiB fetch limit, never fetched.
for i in range(3):
    cmd("SET", f"{DJ}bomb-100m-{i}", b"\x80\x05" + b"z" * (100 << 20))

# ---- db 2: flask-session (msgpack) ----------------------------------------------------------
cmd("SELECT", 2)
for i in range(3):
    # {"_user_id": "42", "_fresh": true} in msgpack: fixmap 2.
    cmd("SET", f"session:good42-{i}", b"\x82\xa8_user_id\xa242\xa6_fresh\xc3", "EX", 3600)
for i in range(3):
    # array32 of 16 million nils: 16 MB.
    n = 16_000_000
    cmd("SET", f"session:bomb-nils-{i}", b"\xdd" + struct.pack(">I", n) + b"\xc0" * n)
out.close()
