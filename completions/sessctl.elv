
use builtin;
use str;

set edit:completion:arg-completer[sessctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'sessctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'sessctl'= {
            cand -o 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --output 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --color 'When to use colour. `auto` honours NO_COLOR and colours only a terminal'
            cand --redis-url 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number'
            cand --store 'The session format in the store (which web framework wrote it)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand jwt 'Decode, inspect and verify JSON Web Tokens'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff) on standard output'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessctl;jwt'= {
            cand -o 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --output 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --color 'When to use colour. `auto` honours NO_COLOR and colours only a terminal'
            cand --redis-url 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number'
            cand --store 'The session format in the store (which web framework wrote it)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand decode 'Show a token''s header, payload and signature, and what is worth knowing about it'
            cand verify 'Check a token''s signature and claims: is it valid, and if not, why'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessctl;jwt;decode'= {
            cand --at 'Evaluate the time claims as of this moment instead of now (RFC 3339 or unix seconds)'
            cand --max-size 'Refuse any token larger than this many bytes (accepts K, M suffixes: 64K, 1M)'
            cand -o 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --output 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --color 'When to use colour. `auto` honours NO_COLOR and colours only a terminal'
            cand --redis-url 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number'
            cand --store 'The session format in the store (which web framework wrote it)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessctl;jwt;verify'= {
            cand --key 'Verify with the key(s) in FILE: PEM (public key, certificate, or private key, of which only the public half is used), DER, a JWK, or a JWKS. Recognised by content. Repeatable'
            cand --jwks-url 'Fetch the JWKS to verify with from URL (https, or http on a loopback address), once'
            cand --timeout 'Give up on --jwks-url after this long (30s, 1m)'
            cand --secret-file 'Read the HMAC secret from FILE (its bytes; one trailing line ending is removed)'
            cand --secret-env 'Read the HMAC secret from the environment variable VAR'
            cand --secret 'The HMAC secret itself. Avoid: it shows in the process list and shell history; prefer --secret-file, --secret-env or --secret-prompt'
            cand --alg 'Accept only these algorithms (comma-separated or repeated), further narrowing what the key type allows. Default: every algorithm of the key type'
            cand --iss 'Require `iss` to be exactly this'
            cand --aud 'Require `aud` to be, or to contain, this audience'
            cand --sub 'Require `sub` to be exactly this'
            cand --typ 'Require the header''s `typ` to be this media type (case-insensitive; `application/` may be left out): `at+jwt` keeps an ID token from passing as an access token'
            cand --require 'Require this claim to be present (repeatable). `exp` is not required unless named here'
            cand --leeway 'Tolerate this much clock skew on exp, nbf and --max-age (30s, 2m)'
            cand --max-age 'Reject tokens issued (`iat`) longer ago than this (15m, 1d); makes `iat` required'
            cand --at 'Verify as of this moment instead of now (RFC 3339 or unix seconds)'
            cand --max-size 'Refuse any token larger than this many bytes (accepts K, M suffixes: 64K, 1M)'
            cand -o 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --output 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --color 'When to use colour. `auto` honours NO_COLOR and colours only a terminal'
            cand --redis-url 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number'
            cand --store 'The session format in the store (which web framework wrote it)'
            cand --secret-prompt 'Ask for the HMAC secret on the terminal, without echo (needs a terminal on standard input, so the token must be the argument)'
            cand --secret-base64 'The secret is base64 or base64url text (as many identity providers hand them out): decode it and use the bytes'
            cand --ignore-exp 'Do not check `exp` (an expired token can still have a valid signature)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessctl;jwt;help'= {
            cand decode 'Show a token''s header, payload and signature, and what is worth knowing about it'
            cand verify 'Check a token''s signature and claims: is it valid, and if not, why'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessctl;jwt;help;decode'= {
        }
        &'sessctl;jwt;help;verify'= {
        }
        &'sessctl;jwt;help;help'= {
        }
        &'sessctl;completions'= {
            cand -o 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --output 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --color 'When to use colour. `auto` honours NO_COLOR and colours only a terminal'
            cand --redis-url 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number'
            cand --store 'The session format in the store (which web framework wrote it)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessctl;man'= {
            cand -o 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --output 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --color 'When to use colour. `auto` honours NO_COLOR and colours only a terminal'
            cand --redis-url 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number'
            cand --store 'The session format in the store (which web framework wrote it)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessctl;help'= {
            cand jwt 'Decode, inspect and verify JSON Web Tokens'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff) on standard output'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessctl;help;jwt'= {
            cand decode 'Show a token''s header, payload and signature, and what is worth knowing about it'
            cand verify 'Check a token''s signature and claims: is it valid, and if not, why'
        }
        &'sessctl;help;jwt;decode'= {
        }
        &'sessctl;help;jwt;verify'= {
        }
        &'sessctl;help;completions'= {
        }
        &'sessctl;help;man'= {
        }
        &'sessctl;help;help'= {
        }
    ]
    $completions[$command]
}
