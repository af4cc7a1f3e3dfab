#!/usr/bin/env python3
"""Writes N realistic HS256 tokens, one per line, for the decode and verify benchmarks.

Usage: gen_tokens.py N SECRET > tokens.txt
Tokens differ in sub, jti and times, as tokens pulled from an access log would.
"""
import base64
import hashlib
import hmac
import json
import sys


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def main() -> None:
    n = int(sys.argv[1])
    secret = sys.argv[2].encode()
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": "2024-key-1"}, separators=(",", ":")).encode())
    out = sys.stdout
    for i in range(n):
        claims = {
            "iss": "https://auth.example.com/",
            "sub": str(100000 + i % 10000),
            "aud": "api.example.com",
            "iat": 1700000000 + i,
            "exp": 1700000900 + i,
            "jti": f"{i:016x}",
            "scope": "read:orders write:orders",
            "email": f"user{i % 10000}@example.com",
        }
        payload = b64(json.dumps(claims, separators=(",", ":")).encode())
        signing_input = f"{header}.{payload}"
        sig = b64(hmac.new(secret, signing_input.encode(), hashlib.sha256).digest())
        out.write(f"{signing_input}.{sig}\n")


if __name__ == "__main__":
    main()
