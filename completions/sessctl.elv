
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
            cand --read-url 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user''s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database'
            cand --store 'The session format in the store (which web framework wrote it)'
            cand --prefix 'Key prefix of the sessions, overriding the store preset''s (e.g. `myapp:sess:`)'
            cand --user-field 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset''s. An object found there stands for its `id` member'
            cand --timeout 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long'
            cand --pace 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications'' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)'
            cand --tls-ca 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system''s'
            cand --tls-cert 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key'
            cand --tls-key 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed'
            cand --tls-server-name 'rediss://: verify the server''s certificate against NAME (and send it as SNI) rather than the URL''s host: for a server reached through a tunnel or by IP address'
            cand -v 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace'
            cand --verbose 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace'
            cand --ask-password 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL''s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH'
            cand --tls-insecure 'rediss://: do not verify the server''s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand jwt 'Decode, inspect and verify JSON Web Tokens'
            cand sessions 'List, show and count the server-side sessions web frameworks keep in Redis'
            cand revoke-user 'Remove every session of a user, and record a JWT cut-off for them'
            cand sandbox 'Start a private redis-server loaded with every store preset''s sample sessions'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff) on standard output'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessctl;jwt'= {
            cand -o 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --output 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --color 'When to use colour. `auto` honours NO_COLOR and colours only a terminal'
            cand --redis-url 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number'
            cand --read-url 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user''s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database'
            cand --store 'The session format in the store (which web framework wrote it)'
            cand --prefix 'Key prefix of the sessions, overriding the store preset''s (e.g. `myapp:sess:`)'
            cand --user-field 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset''s. An object found there stands for its `id` member'
            cand --timeout 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long'
            cand --pace 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications'' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)'
            cand --tls-ca 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system''s'
            cand --tls-cert 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key'
            cand --tls-key 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed'
            cand --tls-server-name 'rediss://: verify the server''s certificate against NAME (and send it as SNI) rather than the URL''s host: for a server reached through a tunnel or by IP address'
            cand -v 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace'
            cand --verbose 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace'
            cand --ask-password 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL''s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH'
            cand --tls-insecure 'rediss://: do not verify the server''s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand decode 'Show a token''s header, payload and signature, and what is worth knowing about it'
            cand verify 'Check a token''s signature and claims: is it valid, and if not, why'
            cand revoke 'Revoke tokens: record each in the Redis denylist until it would have expired'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessctl;jwt;decode'= {
            cand --at 'Evaluate the time claims as of this moment instead of now (RFC 3339 or unix seconds)'
            cand --max-size 'Refuse any token larger than this many bytes (accepts K, M suffixes: 64K, 1M)'
            cand -o 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --output 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --color 'When to use colour. `auto` honours NO_COLOR and colours only a terminal'
            cand --redis-url 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number'
            cand --read-url 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user''s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database'
            cand --store 'The session format in the store (which web framework wrote it)'
            cand --prefix 'Key prefix of the sessions, overriding the store preset''s (e.g. `myapp:sess:`)'
            cand --user-field 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset''s. An object found there stands for its `id` member'
            cand --timeout 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long'
            cand --pace 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications'' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)'
            cand --tls-ca 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system''s'
            cand --tls-cert 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key'
            cand --tls-key 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed'
            cand --tls-server-name 'rediss://: verify the server''s certificate against NAME (and send it as SNI) rather than the URL''s host: for a server reached through a tunnel or by IP address'
            cand -v 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace'
            cand --verbose 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace'
            cand --ask-password 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL''s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH'
            cand --tls-insecure 'rediss://: do not verify the server''s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessctl;jwt;verify'= {
            cand --key 'Verify with the key(s) in FILE: PEM (public key, certificate, or private key, of which only the public half is used), DER, a JWK, or a JWKS. Recognised by content. Repeatable'
            cand --jwks-url 'Fetch the JWKS to verify with from URL (https, or http on a loopback address), once'
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
            cand --denylist-prefix 'Key namespace of the JWT denylist and the per-user cut-offs'
            cand --user-claim 'The claim holding the user id that per-user cut-offs apply to'
            cand -o 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --output 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --color 'When to use colour. `auto` honours NO_COLOR and colours only a terminal'
            cand --redis-url 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number'
            cand --read-url 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user''s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database'
            cand --store 'The session format in the store (which web framework wrote it)'
            cand --prefix 'Key prefix of the sessions, overriding the store preset''s (e.g. `myapp:sess:`)'
            cand --user-field 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset''s. An object found there stands for its `id` member'
            cand --timeout 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long'
            cand --pace 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications'' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)'
            cand --tls-ca 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system''s'
            cand --tls-cert 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key'
            cand --tls-key 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed'
            cand --tls-server-name 'rediss://: verify the server''s certificate against NAME (and send it as SNI) rather than the URL''s host: for a server reached through a tunnel or by IP address'
            cand --secret-prompt 'Ask for the HMAC secret on the terminal, without echo (needs a terminal on standard input, so the token must be the argument)'
            cand --secret-base64 'The secret is base64 or base64url text (as many identity providers hand them out): decode it and use the bytes'
            cand --ignore-exp 'Do not check `exp` (an expired token can still have a valid signature)'
            cand --check-revoked 'Also consult the JWT denylist and the per-user cut-offs in Redis (--redis-url): a revoked token fails with reason `revoked`'
            cand -v 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace'
            cand --verbose 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace'
            cand --ask-password 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL''s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH'
            cand --tls-insecure 'rediss://: do not verify the server''s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessctl;jwt;revoke'= {
            cand --audit-log 'Append one JSON line per step of this destructive command to FILE (created when missing): time, user, host, command, arguments (secrets removed), store, what changed, result'
            cand --denylist-prefix 'Key namespace of the JWT denylist and the per-user cut-offs (see docs/revocation.md for the layout)'
            cand --at 'Take this as the current time (RFC 3339 or unix seconds): remaining lifetimes are counted from it'
            cand --max-size 'Refuse any token larger than this many bytes (accepts K, M suffixes: 64K, 1M)'
            cand -o 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --output 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --color 'When to use colour. `auto` honours NO_COLOR and colours only a terminal'
            cand --redis-url 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number'
            cand --read-url 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user''s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database'
            cand --store 'The session format in the store (which web framework wrote it)'
            cand --prefix 'Key prefix of the sessions, overriding the store preset''s (e.g. `myapp:sess:`)'
            cand --user-field 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset''s. An object found there stands for its `id` member'
            cand --timeout 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long'
            cand --pace 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications'' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)'
            cand --tls-ca 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system''s'
            cand --tls-cert 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key'
            cand --tls-key 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed'
            cand --tls-server-name 'rediss://: verify the server''s certificate against NAME (and send it as SNI) rather than the URL''s host: for a server reached through a tunnel or by IP address'
            cand --dry-run 'Show what would be recorded and change nothing'
            cand -v 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace'
            cand --verbose 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace'
            cand --ask-password 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL''s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH'
            cand --tls-insecure 'rediss://: do not verify the server''s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessctl;jwt;help'= {
            cand decode 'Show a token''s header, payload and signature, and what is worth knowing about it'
            cand verify 'Check a token''s signature and claims: is it valid, and if not, why'
            cand revoke 'Revoke tokens: record each in the Redis denylist until it would have expired'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessctl;jwt;help;decode'= {
        }
        &'sessctl;jwt;help;verify'= {
        }
        &'sessctl;jwt;help;revoke'= {
        }
        &'sessctl;jwt;help;help'= {
        }
        &'sessctl;sessions'= {
            cand -o 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --output 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --color 'When to use colour. `auto` honours NO_COLOR and colours only a terminal'
            cand --redis-url 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number'
            cand --read-url 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user''s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database'
            cand --store 'The session format in the store (which web framework wrote it)'
            cand --prefix 'Key prefix of the sessions, overriding the store preset''s (e.g. `myapp:sess:`)'
            cand --user-field 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset''s. An object found there stands for its `id` member'
            cand --timeout 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long'
            cand --pace 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications'' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)'
            cand --tls-ca 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system''s'
            cand --tls-cert 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key'
            cand --tls-key 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed'
            cand --tls-server-name 'rediss://: verify the server''s certificate against NAME (and send it as SNI) rather than the URL''s host: for a server reached through a tunnel or by IP address'
            cand -v 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace'
            cand --verbose 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace'
            cand --ask-password 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL''s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH'
            cand --tls-insecure 'rediss://: do not verify the server''s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand list 'List sessions: id, user, time to live, created and last access, size'
            cand show 'Show one session: the whole decoded record, its key, type, TTL, size and user'
            cand stats 'Count sessions: logged in vs anonymous, distinct users, top users, TTL and size histograms'
            cand expire 'Shorten sessions'' remaining lifetime, never lengthening it (`--in 0` ends them now)'
            cand delete 'Delete sessions with everything that belongs to them (asks first on a terminal)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessctl;sessions;list'= {
            cand --user 'Only the sessions of this user id (compared exactly, as text: 42 matches a numeric 42 and the string "42", never "420")'
            cand --limit 'Stop after this many sessions'
            cand --sort 'Sort the listing (holds every matching session in memory; unsorted listings stream)'
            cand --scan-count 'Keys asked for per SCAN call (the COUNT hint)'
            cand -o 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --output 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --color 'When to use colour. `auto` honours NO_COLOR and colours only a terminal'
            cand --redis-url 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number'
            cand --read-url 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user''s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database'
            cand --store 'The session format in the store (which web framework wrote it)'
            cand --prefix 'Key prefix of the sessions, overriding the store preset''s (e.g. `myapp:sess:`)'
            cand --user-field 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset''s. An object found there stands for its `id` member'
            cand --timeout 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long'
            cand --pace 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications'' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)'
            cand --tls-ca 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system''s'
            cand --tls-cert 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key'
            cand --tls-key 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed'
            cand --tls-server-name 'rediss://: verify the server''s certificate against NAME (and send it as SNI) rather than the URL''s host: for a server reached through a tunnel or by IP address'
            cand -v 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace'
            cand --verbose 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace'
            cand --ask-password 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL''s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH'
            cand --tls-insecure 'rediss://: do not verify the server''s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessctl;sessions;show'= {
            cand -o 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --output 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --color 'When to use colour. `auto` honours NO_COLOR and colours only a terminal'
            cand --redis-url 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number'
            cand --read-url 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user''s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database'
            cand --store 'The session format in the store (which web framework wrote it)'
            cand --prefix 'Key prefix of the sessions, overriding the store preset''s (e.g. `myapp:sess:`)'
            cand --user-field 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset''s. An object found there stands for its `id` member'
            cand --timeout 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long'
            cand --pace 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications'' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)'
            cand --tls-ca 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system''s'
            cand --tls-cert 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key'
            cand --tls-key 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed'
            cand --tls-server-name 'rediss://: verify the server''s certificate against NAME (and send it as SNI) rather than the URL''s host: for a server reached through a tunnel or by IP address'
            cand -v 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace'
            cand --verbose 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace'
            cand --ask-password 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL''s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH'
            cand --tls-insecure 'rediss://: do not verify the server''s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessctl;sessions;stats'= {
            cand --top 'How many of the users with the most sessions to show'
            cand --scan-count 'Keys asked for per SCAN call (the COUNT hint)'
            cand -o 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --output 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --color 'When to use colour. `auto` honours NO_COLOR and colours only a terminal'
            cand --redis-url 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number'
            cand --read-url 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user''s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database'
            cand --store 'The session format in the store (which web framework wrote it)'
            cand --prefix 'Key prefix of the sessions, overriding the store preset''s (e.g. `myapp:sess:`)'
            cand --user-field 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset''s. An object found there stands for its `id` member'
            cand --timeout 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long'
            cand --pace 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications'' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)'
            cand --tls-ca 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system''s'
            cand --tls-cert 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key'
            cand --tls-key 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed'
            cand --tls-server-name 'rediss://: verify the server''s certificate against NAME (and send it as SNI) rather than the URL''s host: for a server reached through a tunnel or by IP address'
            cand -v 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace'
            cand --verbose 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace'
            cand --ask-password 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL''s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH'
            cand --tls-insecure 'rediss://: do not verify the server''s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessctl;sessions;expire'= {
            cand --audit-log 'Append one JSON line per step of this destructive command to FILE (created when missing): time, user, host, command, arguments (secrets removed), store, what changed, result'
            cand --in 'The longest remaining lifetime: `500ms`, `30s`, `10m`, `1m30s`, `2h` (a session that ends sooner is left as it is); `0` ends the session now'
            cand -o 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --output 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --color 'When to use colour. `auto` honours NO_COLOR and colours only a terminal'
            cand --redis-url 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number'
            cand --read-url 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user''s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database'
            cand --store 'The session format in the store (which web framework wrote it)'
            cand --prefix 'Key prefix of the sessions, overriding the store preset''s (e.g. `myapp:sess:`)'
            cand --user-field 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset''s. An object found there stands for its `id` member'
            cand --timeout 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long'
            cand --pace 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications'' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)'
            cand --tls-ca 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system''s'
            cand --tls-cert 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key'
            cand --tls-key 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed'
            cand --tls-server-name 'rediss://: verify the server''s certificate against NAME (and send it as SNI) rather than the URL''s host: for a server reached through a tunnel or by IP address'
            cand -v 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace'
            cand --verbose 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace'
            cand --ask-password 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL''s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH'
            cand --tls-insecure 'rediss://: do not verify the server''s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessctl;sessions;delete'= {
            cand --audit-log 'Append one JSON line per step of this destructive command to FILE (created when missing): time, user, host, command, arguments (secrets removed), store, what changed, result'
            cand -o 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --output 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --color 'When to use colour. `auto` honours NO_COLOR and colours only a terminal'
            cand --redis-url 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number'
            cand --read-url 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user''s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database'
            cand --store 'The session format in the store (which web framework wrote it)'
            cand --prefix 'Key prefix of the sessions, overriding the store preset''s (e.g. `myapp:sess:`)'
            cand --user-field 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset''s. An object found there stands for its `id` member'
            cand --timeout 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long'
            cand --pace 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications'' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)'
            cand --tls-ca 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system''s'
            cand --tls-cert 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key'
            cand --tls-key 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed'
            cand --tls-server-name 'rediss://: verify the server''s certificate against NAME (and send it as SNI) rather than the URL''s host: for a server reached through a tunnel or by IP address'
            cand --dry-run 'Show what would be deleted and change nothing'
            cand -y 'Do not ask for confirmation (needed without a terminal)'
            cand --yes 'Do not ask for confirmation (needed without a terminal)'
            cand -v 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace'
            cand --verbose 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace'
            cand --ask-password 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL''s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH'
            cand --tls-insecure 'rediss://: do not verify the server''s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessctl;sessions;help'= {
            cand list 'List sessions: id, user, time to live, created and last access, size'
            cand show 'Show one session: the whole decoded record, its key, type, TTL, size and user'
            cand stats 'Count sessions: logged in vs anonymous, distinct users, top users, TTL and size histograms'
            cand expire 'Shorten sessions'' remaining lifetime, never lengthening it (`--in 0` ends them now)'
            cand delete 'Delete sessions with everything that belongs to them (asks first on a terminal)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessctl;sessions;help;list'= {
        }
        &'sessctl;sessions;help;show'= {
        }
        &'sessctl;sessions;help;stats'= {
        }
        &'sessctl;sessions;help;expire'= {
        }
        &'sessctl;sessions;help;delete'= {
        }
        &'sessctl;sessions;help;help'= {
        }
        &'sessctl;revoke-user'= {
            cand --audit-log 'Append one JSON line per step of this destructive command to FILE (created when missing): time, user, host, command, arguments (secrets removed), store, what changed, result'
            cand --denylist-prefix 'Key namespace of the JWT denylist and the per-user cut-offs (see docs/revocation.md for the layout)'
            cand --max-passes 'The bound on --until-clean''s passes'
            cand --user-claim 'The JWT claim the cut-off applies to (the user id is compared with it)'
            cand --scan-count 'Keys asked for per SCAN call (the COUNT hint)'
            cand -o 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --output 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --color 'When to use colour. `auto` honours NO_COLOR and colours only a terminal'
            cand --redis-url 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number'
            cand --read-url 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user''s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database'
            cand --store 'The session format in the store (which web framework wrote it)'
            cand --prefix 'Key prefix of the sessions, overriding the store preset''s (e.g. `myapp:sess:`)'
            cand --user-field 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset''s. An object found there stands for its `id` member'
            cand --timeout 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long'
            cand --pace 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications'' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)'
            cand --tls-ca 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system''s'
            cand --tls-cert 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key'
            cand --tls-key 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed'
            cand --tls-server-name 'rediss://: verify the server''s certificate against NAME (and send it as SNI) rather than the URL''s host: for a server reached through a tunnel or by IP address'
            cand --dry-run 'Show what would be deleted and change nothing (no cut-off is recorded either)'
            cand -y 'Do not ask for confirmation (needed without a terminal)'
            cand --yes 'Do not ask for confirmation (needed without a terminal)'
            cand --until-clean 'Repeat passes until one finds no session of the user (a user logging in again during the scan can leave a new session behind); at most --max-passes'
            cand --full-scan 'Scan the whole store even where a per-user index exists (spring-session), to catch sessions the index missed'
            cand --include-undecodable-matching 'Also remove records that cannot be decoded (so whose owner is unknown) when their bytes hold the user id as a whole token. Never by default; try it with --dry-run first, which lists them first'
            cand --no-cutoff 'Do not record a JWT cut-off for the user'
            cand -v 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace'
            cand --verbose 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace'
            cand --ask-password 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL''s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH'
            cand --tls-insecure 'rediss://: do not verify the server''s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessctl;sandbox'= {
            cand --redis-server 'The redis-server binary to start (default: `redis-server` on PATH)'
            cand -o 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --output 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --color 'When to use colour. `auto` honours NO_COLOR and colours only a terminal'
            cand --redis-url 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number'
            cand --read-url 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user''s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database'
            cand --store 'The session format in the store (which web framework wrote it)'
            cand --prefix 'Key prefix of the sessions, overriding the store preset''s (e.g. `myapp:sess:`)'
            cand --user-field 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset''s. An object found there stands for its `id` member'
            cand --timeout 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long'
            cand --pace 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications'' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)'
            cand --tls-ca 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system''s'
            cand --tls-cert 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key'
            cand --tls-key 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed'
            cand --tls-server-name 'rediss://: verify the server''s certificate against NAME (and send it as SNI) rather than the URL''s host: for a server reached through a tunnel or by IP address'
            cand -v 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace'
            cand --verbose 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace'
            cand --ask-password 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL''s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH'
            cand --tls-insecure 'rediss://: do not verify the server''s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessctl;completions'= {
            cand -o 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --output 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --color 'When to use colour. `auto` honours NO_COLOR and colours only a terminal'
            cand --redis-url 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number'
            cand --read-url 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user''s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database'
            cand --store 'The session format in the store (which web framework wrote it)'
            cand --prefix 'Key prefix of the sessions, overriding the store preset''s (e.g. `myapp:sess:`)'
            cand --user-field 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset''s. An object found there stands for its `id` member'
            cand --timeout 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long'
            cand --pace 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications'' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)'
            cand --tls-ca 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system''s'
            cand --tls-cert 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key'
            cand --tls-key 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed'
            cand --tls-server-name 'rediss://: verify the server''s certificate against NAME (and send it as SNI) rather than the URL''s host: for a server reached through a tunnel or by IP address'
            cand -v 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace'
            cand --verbose 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace'
            cand --ask-password 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL''s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH'
            cand --tls-insecure 'rediss://: do not verify the server''s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessctl;man'= {
            cand -o 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --output 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line'
            cand --color 'When to use colour. `auto` honours NO_COLOR and colours only a terminal'
            cand --redis-url 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number'
            cand --read-url 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user''s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database'
            cand --store 'The session format in the store (which web framework wrote it)'
            cand --prefix 'Key prefix of the sessions, overriding the store preset''s (e.g. `myapp:sess:`)'
            cand --user-field 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset''s. An object found there stands for its `id` member'
            cand --timeout 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long'
            cand --pace 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications'' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)'
            cand --tls-ca 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system''s'
            cand --tls-cert 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key'
            cand --tls-key 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed'
            cand --tls-server-name 'rediss://: verify the server''s certificate against NAME (and send it as SNI) rather than the URL''s host: for a server reached through a tunnel or by IP address'
            cand -v 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace'
            cand --verbose 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace'
            cand --ask-password 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL''s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH'
            cand --tls-insecure 'rediss://: do not verify the server''s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessctl;help'= {
            cand jwt 'Decode, inspect and verify JSON Web Tokens'
            cand sessions 'List, show and count the server-side sessions web frameworks keep in Redis'
            cand revoke-user 'Remove every session of a user, and record a JWT cut-off for them'
            cand sandbox 'Start a private redis-server loaded with every store preset''s sample sessions'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff) on standard output'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessctl;help;jwt'= {
            cand decode 'Show a token''s header, payload and signature, and what is worth knowing about it'
            cand verify 'Check a token''s signature and claims: is it valid, and if not, why'
            cand revoke 'Revoke tokens: record each in the Redis denylist until it would have expired'
        }
        &'sessctl;help;jwt;decode'= {
        }
        &'sessctl;help;jwt;verify'= {
        }
        &'sessctl;help;jwt;revoke'= {
        }
        &'sessctl;help;sessions'= {
            cand list 'List sessions: id, user, time to live, created and last access, size'
            cand show 'Show one session: the whole decoded record, its key, type, TTL, size and user'
            cand stats 'Count sessions: logged in vs anonymous, distinct users, top users, TTL and size histograms'
            cand expire 'Shorten sessions'' remaining lifetime, never lengthening it (`--in 0` ends them now)'
            cand delete 'Delete sessions with everything that belongs to them (asks first on a terminal)'
        }
        &'sessctl;help;sessions;list'= {
        }
        &'sessctl;help;sessions;show'= {
        }
        &'sessctl;help;sessions;stats'= {
        }
        &'sessctl;help;sessions;expire'= {
        }
        &'sessctl;help;sessions;delete'= {
        }
        &'sessctl;help;revoke-user'= {
        }
        &'sessctl;help;sandbox'= {
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
