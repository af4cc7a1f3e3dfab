
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'sessctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'sessctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'sessctl' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `auto` honours NO_COLOR and colours only a terminal')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number. Any node of a Redis Cluster will do; repeat the option to give several nodes of one cluster, which are tried in order until one answers')
            [CompletionResult]::new('--read-url', '--read-url', [CompletionResultType]::ParameterName, 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user''s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database. On a Redis Cluster, use --read-from replica instead')
            [CompletionResult]::new('--read-from', '--read-from', [CompletionResultType]::ParameterName, 'On a Redis Cluster, where scans and value fetches go: each shard''s `primary`, or one of its replicas (`replica`: READONLY; a shard with no replica that answers is read from its primary, as --verbose says). Writes and revoke-user''s check before each deletion always go to the primary. On one server, give the replica with --read-url')
            [CompletionResult]::new('--cluster-address-map', '--cluster-address-map', [CompletionResultType]::ParameterName, 'Reach the Redis Cluster node that the cluster advertises as FROM at TO instead (each host:port), for nodes behind NAT, a tunnel or a container network. Repeatable; in the environment, comma-separated')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The session format in the store (which web framework wrote it)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key prefix of the sessions, overriding the store preset''s (e.g. `myapp:sess:`)')
            [CompletionResult]::new('--user-field', '--user-field', [CompletionResultType]::ParameterName, 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset''s. An object found there stands for its `id` member')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long')
            [CompletionResult]::new('--pace', '--pace', [CompletionResultType]::ParameterName, 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications'' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system''s')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'rediss://: verify the server''s certificate against NAME (and send it as SNI) rather than the URL''s host: for a server reached through a tunnel or by IP address')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from')
            [CompletionResult]::new('--ask-password', '--ask-password', [CompletionResultType]::ParameterName, 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL''s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH')
            [CompletionResult]::new('--tls-insecure', '--tls-insecure', [CompletionResultType]::ParameterName, 'rediss://: do not verify the server''s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('jwt', 'jwt', [CompletionResultType]::ParameterValue, 'Decode, inspect and verify JSON Web Tokens')
            [CompletionResult]::new('sessions', 'sessions', [CompletionResultType]::ParameterValue, 'List, show and count the server-side sessions web frameworks keep in Redis')
            [CompletionResult]::new('revoke-user', 'revoke-user', [CompletionResultType]::ParameterValue, 'Remove every session of a user, and record a JWT cut-off for them')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'Start a private redis-server loaded with every store preset''s sample sessions')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff) on standard output')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessctl;jwt' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `auto` honours NO_COLOR and colours only a terminal')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number. Any node of a Redis Cluster will do; repeat the option to give several nodes of one cluster, which are tried in order until one answers')
            [CompletionResult]::new('--read-url', '--read-url', [CompletionResultType]::ParameterName, 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user''s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database. On a Redis Cluster, use --read-from replica instead')
            [CompletionResult]::new('--read-from', '--read-from', [CompletionResultType]::ParameterName, 'On a Redis Cluster, where scans and value fetches go: each shard''s `primary`, or one of its replicas (`replica`: READONLY; a shard with no replica that answers is read from its primary, as --verbose says). Writes and revoke-user''s check before each deletion always go to the primary. On one server, give the replica with --read-url')
            [CompletionResult]::new('--cluster-address-map', '--cluster-address-map', [CompletionResultType]::ParameterName, 'Reach the Redis Cluster node that the cluster advertises as FROM at TO instead (each host:port), for nodes behind NAT, a tunnel or a container network. Repeatable; in the environment, comma-separated')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The session format in the store (which web framework wrote it)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key prefix of the sessions, overriding the store preset''s (e.g. `myapp:sess:`)')
            [CompletionResult]::new('--user-field', '--user-field', [CompletionResultType]::ParameterName, 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset''s. An object found there stands for its `id` member')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long')
            [CompletionResult]::new('--pace', '--pace', [CompletionResultType]::ParameterName, 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications'' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system''s')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'rediss://: verify the server''s certificate against NAME (and send it as SNI) rather than the URL''s host: for a server reached through a tunnel or by IP address')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from')
            [CompletionResult]::new('--ask-password', '--ask-password', [CompletionResultType]::ParameterName, 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL''s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH')
            [CompletionResult]::new('--tls-insecure', '--tls-insecure', [CompletionResultType]::ParameterName, 'rediss://: do not verify the server''s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('decode', 'decode', [CompletionResultType]::ParameterValue, 'Show a token''s header, payload and signature, and what is worth knowing about it')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a token''s signature and claims: is it valid, and if not, why')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke tokens: record each in the Redis denylist until it would have expired')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessctl;jwt;decode' {
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Evaluate the time claims as of this moment instead of now (RFC 3339 or unix seconds)')
            [CompletionResult]::new('--max-size', '--max-size', [CompletionResultType]::ParameterName, 'Refuse any token larger than this many bytes (accepts K, M suffixes: 64K, 1M)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `auto` honours NO_COLOR and colours only a terminal')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number. Any node of a Redis Cluster will do; repeat the option to give several nodes of one cluster, which are tried in order until one answers')
            [CompletionResult]::new('--read-url', '--read-url', [CompletionResultType]::ParameterName, 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user''s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database. On a Redis Cluster, use --read-from replica instead')
            [CompletionResult]::new('--read-from', '--read-from', [CompletionResultType]::ParameterName, 'On a Redis Cluster, where scans and value fetches go: each shard''s `primary`, or one of its replicas (`replica`: READONLY; a shard with no replica that answers is read from its primary, as --verbose says). Writes and revoke-user''s check before each deletion always go to the primary. On one server, give the replica with --read-url')
            [CompletionResult]::new('--cluster-address-map', '--cluster-address-map', [CompletionResultType]::ParameterName, 'Reach the Redis Cluster node that the cluster advertises as FROM at TO instead (each host:port), for nodes behind NAT, a tunnel or a container network. Repeatable; in the environment, comma-separated')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The session format in the store (which web framework wrote it)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key prefix of the sessions, overriding the store preset''s (e.g. `myapp:sess:`)')
            [CompletionResult]::new('--user-field', '--user-field', [CompletionResultType]::ParameterName, 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset''s. An object found there stands for its `id` member')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long')
            [CompletionResult]::new('--pace', '--pace', [CompletionResultType]::ParameterName, 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications'' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system''s')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'rediss://: verify the server''s certificate against NAME (and send it as SNI) rather than the URL''s host: for a server reached through a tunnel or by IP address')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from')
            [CompletionResult]::new('--ask-password', '--ask-password', [CompletionResultType]::ParameterName, 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL''s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH')
            [CompletionResult]::new('--tls-insecure', '--tls-insecure', [CompletionResultType]::ParameterName, 'rediss://: do not verify the server''s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessctl;jwt;verify' {
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Verify with the key(s) in FILE: PEM (public key, certificate, or private key, of which only the public half is used), DER, a JWK, or a JWKS. Recognised by content. Repeatable')
            [CompletionResult]::new('--jwks-url', '--jwks-url', [CompletionResultType]::ParameterName, 'Fetch the JWKS to verify with from URL (https, or http on a loopback address), once')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the HMAC secret from FILE (its bytes; one trailing line ending is removed)')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Read the HMAC secret from the environment variable VAR')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The HMAC secret itself. Avoid: it shows in the process list and shell history; prefer --secret-file, --secret-env or --secret-prompt')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'Accept only these algorithms (comma-separated or repeated), further narrowing what the key type allows. Default: every algorithm of the key type')
            [CompletionResult]::new('--iss', '--iss', [CompletionResultType]::ParameterName, 'Require `iss` to be exactly this')
            [CompletionResult]::new('--aud', '--aud', [CompletionResultType]::ParameterName, 'Require `aud` to be, or to contain, this audience')
            [CompletionResult]::new('--sub', '--sub', [CompletionResultType]::ParameterName, 'Require `sub` to be exactly this')
            [CompletionResult]::new('--typ', '--typ', [CompletionResultType]::ParameterName, 'Require the header''s `typ` to be this media type (case-insensitive; `application/` may be left out): `at+jwt` keeps an ID token from passing as an access token')
            [CompletionResult]::new('--require', '--require', [CompletionResultType]::ParameterName, 'Require this claim to be present (repeatable). `exp` is not required unless named here')
            [CompletionResult]::new('--leeway', '--leeway', [CompletionResultType]::ParameterName, 'Tolerate this much clock skew on exp, nbf and --max-age (30s, 2m)')
            [CompletionResult]::new('--max-age', '--max-age', [CompletionResultType]::ParameterName, 'Reject tokens issued (`iat`) longer ago than this (15m, 1d); makes `iat` required')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Verify as of this moment instead of now (RFC 3339 or unix seconds)')
            [CompletionResult]::new('--max-size', '--max-size', [CompletionResultType]::ParameterName, 'Refuse any token larger than this many bytes (accepts K, M suffixes: 64K, 1M)')
            [CompletionResult]::new('--denylist-prefix', '--denylist-prefix', [CompletionResultType]::ParameterName, 'Key namespace of the JWT denylist and the per-user cut-offs')
            [CompletionResult]::new('--user-claim', '--user-claim', [CompletionResultType]::ParameterName, 'The claim holding the user id that per-user cut-offs apply to')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `auto` honours NO_COLOR and colours only a terminal')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number. Any node of a Redis Cluster will do; repeat the option to give several nodes of one cluster, which are tried in order until one answers')
            [CompletionResult]::new('--read-url', '--read-url', [CompletionResultType]::ParameterName, 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user''s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database. On a Redis Cluster, use --read-from replica instead')
            [CompletionResult]::new('--read-from', '--read-from', [CompletionResultType]::ParameterName, 'On a Redis Cluster, where scans and value fetches go: each shard''s `primary`, or one of its replicas (`replica`: READONLY; a shard with no replica that answers is read from its primary, as --verbose says). Writes and revoke-user''s check before each deletion always go to the primary. On one server, give the replica with --read-url')
            [CompletionResult]::new('--cluster-address-map', '--cluster-address-map', [CompletionResultType]::ParameterName, 'Reach the Redis Cluster node that the cluster advertises as FROM at TO instead (each host:port), for nodes behind NAT, a tunnel or a container network. Repeatable; in the environment, comma-separated')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The session format in the store (which web framework wrote it)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key prefix of the sessions, overriding the store preset''s (e.g. `myapp:sess:`)')
            [CompletionResult]::new('--user-field', '--user-field', [CompletionResultType]::ParameterName, 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset''s. An object found there stands for its `id` member')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long')
            [CompletionResult]::new('--pace', '--pace', [CompletionResultType]::ParameterName, 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications'' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system''s')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'rediss://: verify the server''s certificate against NAME (and send it as SNI) rather than the URL''s host: for a server reached through a tunnel or by IP address')
            [CompletionResult]::new('--secret-prompt', '--secret-prompt', [CompletionResultType]::ParameterName, 'Ask for the HMAC secret on the terminal, without echo (needs a terminal on standard input, so the token must be the argument)')
            [CompletionResult]::new('--secret-base64', '--secret-base64', [CompletionResultType]::ParameterName, 'The secret is base64 or base64url text (as many identity providers hand them out): decode it and use the bytes')
            [CompletionResult]::new('--ignore-exp', '--ignore-exp', [CompletionResultType]::ParameterName, 'Do not check `exp` (an expired token can still have a valid signature)')
            [CompletionResult]::new('--check-revoked', '--check-revoked', [CompletionResultType]::ParameterName, 'Also consult the JWT denylist and the per-user cut-offs in Redis (--redis-url): a revoked token fails with reason `revoked`')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from')
            [CompletionResult]::new('--ask-password', '--ask-password', [CompletionResultType]::ParameterName, 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL''s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH')
            [CompletionResult]::new('--tls-insecure', '--tls-insecure', [CompletionResultType]::ParameterName, 'rediss://: do not verify the server''s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessctl;jwt;revoke' {
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Append one JSON line per step of this destructive command to FILE (created when missing): time, user, host, command, arguments (secrets removed), store, what changed, result')
            [CompletionResult]::new('--denylist-prefix', '--denylist-prefix', [CompletionResultType]::ParameterName, 'Key namespace of the JWT denylist and the per-user cut-offs (see docs/revocation.md for the layout)')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Take this as the current time (RFC 3339 or unix seconds): remaining lifetimes are counted from it')
            [CompletionResult]::new('--max-size', '--max-size', [CompletionResultType]::ParameterName, 'Refuse any token larger than this many bytes (accepts K, M suffixes: 64K, 1M)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `auto` honours NO_COLOR and colours only a terminal')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number. Any node of a Redis Cluster will do; repeat the option to give several nodes of one cluster, which are tried in order until one answers')
            [CompletionResult]::new('--read-url', '--read-url', [CompletionResultType]::ParameterName, 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user''s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database. On a Redis Cluster, use --read-from replica instead')
            [CompletionResult]::new('--read-from', '--read-from', [CompletionResultType]::ParameterName, 'On a Redis Cluster, where scans and value fetches go: each shard''s `primary`, or one of its replicas (`replica`: READONLY; a shard with no replica that answers is read from its primary, as --verbose says). Writes and revoke-user''s check before each deletion always go to the primary. On one server, give the replica with --read-url')
            [CompletionResult]::new('--cluster-address-map', '--cluster-address-map', [CompletionResultType]::ParameterName, 'Reach the Redis Cluster node that the cluster advertises as FROM at TO instead (each host:port), for nodes behind NAT, a tunnel or a container network. Repeatable; in the environment, comma-separated')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The session format in the store (which web framework wrote it)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key prefix of the sessions, overriding the store preset''s (e.g. `myapp:sess:`)')
            [CompletionResult]::new('--user-field', '--user-field', [CompletionResultType]::ParameterName, 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset''s. An object found there stands for its `id` member')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long')
            [CompletionResult]::new('--pace', '--pace', [CompletionResultType]::ParameterName, 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications'' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system''s')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'rediss://: verify the server''s certificate against NAME (and send it as SNI) rather than the URL''s host: for a server reached through a tunnel or by IP address')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be recorded and change nothing')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from')
            [CompletionResult]::new('--ask-password', '--ask-password', [CompletionResultType]::ParameterName, 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL''s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH')
            [CompletionResult]::new('--tls-insecure', '--tls-insecure', [CompletionResultType]::ParameterName, 'rediss://: do not verify the server''s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessctl;jwt;help' {
            [CompletionResult]::new('decode', 'decode', [CompletionResultType]::ParameterValue, 'Show a token''s header, payload and signature, and what is worth knowing about it')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a token''s signature and claims: is it valid, and if not, why')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke tokens: record each in the Redis denylist until it would have expired')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessctl;jwt;help;decode' {
            break
        }
        'sessctl;jwt;help;verify' {
            break
        }
        'sessctl;jwt;help;revoke' {
            break
        }
        'sessctl;jwt;help;help' {
            break
        }
        'sessctl;sessions' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `auto` honours NO_COLOR and colours only a terminal')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number. Any node of a Redis Cluster will do; repeat the option to give several nodes of one cluster, which are tried in order until one answers')
            [CompletionResult]::new('--read-url', '--read-url', [CompletionResultType]::ParameterName, 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user''s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database. On a Redis Cluster, use --read-from replica instead')
            [CompletionResult]::new('--read-from', '--read-from', [CompletionResultType]::ParameterName, 'On a Redis Cluster, where scans and value fetches go: each shard''s `primary`, or one of its replicas (`replica`: READONLY; a shard with no replica that answers is read from its primary, as --verbose says). Writes and revoke-user''s check before each deletion always go to the primary. On one server, give the replica with --read-url')
            [CompletionResult]::new('--cluster-address-map', '--cluster-address-map', [CompletionResultType]::ParameterName, 'Reach the Redis Cluster node that the cluster advertises as FROM at TO instead (each host:port), for nodes behind NAT, a tunnel or a container network. Repeatable; in the environment, comma-separated')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The session format in the store (which web framework wrote it)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key prefix of the sessions, overriding the store preset''s (e.g. `myapp:sess:`)')
            [CompletionResult]::new('--user-field', '--user-field', [CompletionResultType]::ParameterName, 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset''s. An object found there stands for its `id` member')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long')
            [CompletionResult]::new('--pace', '--pace', [CompletionResultType]::ParameterName, 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications'' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system''s')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'rediss://: verify the server''s certificate against NAME (and send it as SNI) rather than the URL''s host: for a server reached through a tunnel or by IP address')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from')
            [CompletionResult]::new('--ask-password', '--ask-password', [CompletionResultType]::ParameterName, 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL''s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH')
            [CompletionResult]::new('--tls-insecure', '--tls-insecure', [CompletionResultType]::ParameterName, 'rediss://: do not verify the server''s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List sessions: id, user, time to live, created and last access, size')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one session: the whole decoded record, its key, type, TTL, size and user')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Count sessions: logged in vs anonymous, distinct users, top users, TTL and size histograms')
            [CompletionResult]::new('expire', 'expire', [CompletionResultType]::ParameterValue, 'Shorten sessions'' remaining lifetime, never lengthening it (`--in 0` ends them now)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete sessions with everything that belongs to them (asks first on a terminal)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessctl;sessions;list' {
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Only the sessions of this user id (compared exactly, as text: 42 matches a numeric 42 and the string "42", never "420")')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Stop after this many sessions')
            [CompletionResult]::new('--sort', '--sort', [CompletionResultType]::ParameterName, 'Sort the listing (holds every matching session in memory; unsorted listings stream)')
            [CompletionResult]::new('--scan-count', '--scan-count', [CompletionResultType]::ParameterName, 'Keys asked for per SCAN call (the COUNT hint)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `auto` honours NO_COLOR and colours only a terminal')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number. Any node of a Redis Cluster will do; repeat the option to give several nodes of one cluster, which are tried in order until one answers')
            [CompletionResult]::new('--read-url', '--read-url', [CompletionResultType]::ParameterName, 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user''s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database. On a Redis Cluster, use --read-from replica instead')
            [CompletionResult]::new('--read-from', '--read-from', [CompletionResultType]::ParameterName, 'On a Redis Cluster, where scans and value fetches go: each shard''s `primary`, or one of its replicas (`replica`: READONLY; a shard with no replica that answers is read from its primary, as --verbose says). Writes and revoke-user''s check before each deletion always go to the primary. On one server, give the replica with --read-url')
            [CompletionResult]::new('--cluster-address-map', '--cluster-address-map', [CompletionResultType]::ParameterName, 'Reach the Redis Cluster node that the cluster advertises as FROM at TO instead (each host:port), for nodes behind NAT, a tunnel or a container network. Repeatable; in the environment, comma-separated')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The session format in the store (which web framework wrote it)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key prefix of the sessions, overriding the store preset''s (e.g. `myapp:sess:`)')
            [CompletionResult]::new('--user-field', '--user-field', [CompletionResultType]::ParameterName, 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset''s. An object found there stands for its `id` member')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long')
            [CompletionResult]::new('--pace', '--pace', [CompletionResultType]::ParameterName, 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications'' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system''s')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'rediss://: verify the server''s certificate against NAME (and send it as SNI) rather than the URL''s host: for a server reached through a tunnel or by IP address')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from')
            [CompletionResult]::new('--ask-password', '--ask-password', [CompletionResultType]::ParameterName, 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL''s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH')
            [CompletionResult]::new('--tls-insecure', '--tls-insecure', [CompletionResultType]::ParameterName, 'rediss://: do not verify the server''s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessctl;sessions;show' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `auto` honours NO_COLOR and colours only a terminal')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number. Any node of a Redis Cluster will do; repeat the option to give several nodes of one cluster, which are tried in order until one answers')
            [CompletionResult]::new('--read-url', '--read-url', [CompletionResultType]::ParameterName, 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user''s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database. On a Redis Cluster, use --read-from replica instead')
            [CompletionResult]::new('--read-from', '--read-from', [CompletionResultType]::ParameterName, 'On a Redis Cluster, where scans and value fetches go: each shard''s `primary`, or one of its replicas (`replica`: READONLY; a shard with no replica that answers is read from its primary, as --verbose says). Writes and revoke-user''s check before each deletion always go to the primary. On one server, give the replica with --read-url')
            [CompletionResult]::new('--cluster-address-map', '--cluster-address-map', [CompletionResultType]::ParameterName, 'Reach the Redis Cluster node that the cluster advertises as FROM at TO instead (each host:port), for nodes behind NAT, a tunnel or a container network. Repeatable; in the environment, comma-separated')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The session format in the store (which web framework wrote it)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key prefix of the sessions, overriding the store preset''s (e.g. `myapp:sess:`)')
            [CompletionResult]::new('--user-field', '--user-field', [CompletionResultType]::ParameterName, 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset''s. An object found there stands for its `id` member')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long')
            [CompletionResult]::new('--pace', '--pace', [CompletionResultType]::ParameterName, 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications'' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system''s')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'rediss://: verify the server''s certificate against NAME (and send it as SNI) rather than the URL''s host: for a server reached through a tunnel or by IP address')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from')
            [CompletionResult]::new('--ask-password', '--ask-password', [CompletionResultType]::ParameterName, 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL''s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH')
            [CompletionResult]::new('--tls-insecure', '--tls-insecure', [CompletionResultType]::ParameterName, 'rediss://: do not verify the server''s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessctl;sessions;stats' {
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'How many of the users with the most sessions to show')
            [CompletionResult]::new('--scan-count', '--scan-count', [CompletionResultType]::ParameterName, 'Keys asked for per SCAN call (the COUNT hint)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `auto` honours NO_COLOR and colours only a terminal')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number. Any node of a Redis Cluster will do; repeat the option to give several nodes of one cluster, which are tried in order until one answers')
            [CompletionResult]::new('--read-url', '--read-url', [CompletionResultType]::ParameterName, 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user''s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database. On a Redis Cluster, use --read-from replica instead')
            [CompletionResult]::new('--read-from', '--read-from', [CompletionResultType]::ParameterName, 'On a Redis Cluster, where scans and value fetches go: each shard''s `primary`, or one of its replicas (`replica`: READONLY; a shard with no replica that answers is read from its primary, as --verbose says). Writes and revoke-user''s check before each deletion always go to the primary. On one server, give the replica with --read-url')
            [CompletionResult]::new('--cluster-address-map', '--cluster-address-map', [CompletionResultType]::ParameterName, 'Reach the Redis Cluster node that the cluster advertises as FROM at TO instead (each host:port), for nodes behind NAT, a tunnel or a container network. Repeatable; in the environment, comma-separated')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The session format in the store (which web framework wrote it)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key prefix of the sessions, overriding the store preset''s (e.g. `myapp:sess:`)')
            [CompletionResult]::new('--user-field', '--user-field', [CompletionResultType]::ParameterName, 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset''s. An object found there stands for its `id` member')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long')
            [CompletionResult]::new('--pace', '--pace', [CompletionResultType]::ParameterName, 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications'' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system''s')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'rediss://: verify the server''s certificate against NAME (and send it as SNI) rather than the URL''s host: for a server reached through a tunnel or by IP address')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from')
            [CompletionResult]::new('--ask-password', '--ask-password', [CompletionResultType]::ParameterName, 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL''s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH')
            [CompletionResult]::new('--tls-insecure', '--tls-insecure', [CompletionResultType]::ParameterName, 'rediss://: do not verify the server''s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessctl;sessions;expire' {
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Append one JSON line per step of this destructive command to FILE (created when missing): time, user, host, command, arguments (secrets removed), store, what changed, result')
            [CompletionResult]::new('--in', '--in', [CompletionResultType]::ParameterName, 'The longest remaining lifetime: `500ms`, `30s`, `10m`, `1m30s`, `2h` (a session that ends sooner is left as it is); `0` ends the session now')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `auto` honours NO_COLOR and colours only a terminal')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number. Any node of a Redis Cluster will do; repeat the option to give several nodes of one cluster, which are tried in order until one answers')
            [CompletionResult]::new('--read-url', '--read-url', [CompletionResultType]::ParameterName, 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user''s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database. On a Redis Cluster, use --read-from replica instead')
            [CompletionResult]::new('--read-from', '--read-from', [CompletionResultType]::ParameterName, 'On a Redis Cluster, where scans and value fetches go: each shard''s `primary`, or one of its replicas (`replica`: READONLY; a shard with no replica that answers is read from its primary, as --verbose says). Writes and revoke-user''s check before each deletion always go to the primary. On one server, give the replica with --read-url')
            [CompletionResult]::new('--cluster-address-map', '--cluster-address-map', [CompletionResultType]::ParameterName, 'Reach the Redis Cluster node that the cluster advertises as FROM at TO instead (each host:port), for nodes behind NAT, a tunnel or a container network. Repeatable; in the environment, comma-separated')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The session format in the store (which web framework wrote it)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key prefix of the sessions, overriding the store preset''s (e.g. `myapp:sess:`)')
            [CompletionResult]::new('--user-field', '--user-field', [CompletionResultType]::ParameterName, 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset''s. An object found there stands for its `id` member')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long')
            [CompletionResult]::new('--pace', '--pace', [CompletionResultType]::ParameterName, 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications'' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system''s')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'rediss://: verify the server''s certificate against NAME (and send it as SNI) rather than the URL''s host: for a server reached through a tunnel or by IP address')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from')
            [CompletionResult]::new('--ask-password', '--ask-password', [CompletionResultType]::ParameterName, 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL''s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH')
            [CompletionResult]::new('--tls-insecure', '--tls-insecure', [CompletionResultType]::ParameterName, 'rediss://: do not verify the server''s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessctl;sessions;delete' {
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Append one JSON line per step of this destructive command to FILE (created when missing): time, user, host, command, arguments (secrets removed), store, what changed, result')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `auto` honours NO_COLOR and colours only a terminal')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number. Any node of a Redis Cluster will do; repeat the option to give several nodes of one cluster, which are tried in order until one answers')
            [CompletionResult]::new('--read-url', '--read-url', [CompletionResultType]::ParameterName, 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user''s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database. On a Redis Cluster, use --read-from replica instead')
            [CompletionResult]::new('--read-from', '--read-from', [CompletionResultType]::ParameterName, 'On a Redis Cluster, where scans and value fetches go: each shard''s `primary`, or one of its replicas (`replica`: READONLY; a shard with no replica that answers is read from its primary, as --verbose says). Writes and revoke-user''s check before each deletion always go to the primary. On one server, give the replica with --read-url')
            [CompletionResult]::new('--cluster-address-map', '--cluster-address-map', [CompletionResultType]::ParameterName, 'Reach the Redis Cluster node that the cluster advertises as FROM at TO instead (each host:port), for nodes behind NAT, a tunnel or a container network. Repeatable; in the environment, comma-separated')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The session format in the store (which web framework wrote it)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key prefix of the sessions, overriding the store preset''s (e.g. `myapp:sess:`)')
            [CompletionResult]::new('--user-field', '--user-field', [CompletionResultType]::ParameterName, 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset''s. An object found there stands for its `id` member')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long')
            [CompletionResult]::new('--pace', '--pace', [CompletionResultType]::ParameterName, 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications'' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system''s')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'rediss://: verify the server''s certificate against NAME (and send it as SNI) rather than the URL''s host: for a server reached through a tunnel or by IP address')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be deleted and change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed without a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from')
            [CompletionResult]::new('--ask-password', '--ask-password', [CompletionResultType]::ParameterName, 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL''s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH')
            [CompletionResult]::new('--tls-insecure', '--tls-insecure', [CompletionResultType]::ParameterName, 'rediss://: do not verify the server''s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessctl;sessions;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List sessions: id, user, time to live, created and last access, size')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one session: the whole decoded record, its key, type, TTL, size and user')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Count sessions: logged in vs anonymous, distinct users, top users, TTL and size histograms')
            [CompletionResult]::new('expire', 'expire', [CompletionResultType]::ParameterValue, 'Shorten sessions'' remaining lifetime, never lengthening it (`--in 0` ends them now)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete sessions with everything that belongs to them (asks first on a terminal)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessctl;sessions;help;list' {
            break
        }
        'sessctl;sessions;help;show' {
            break
        }
        'sessctl;sessions;help;stats' {
            break
        }
        'sessctl;sessions;help;expire' {
            break
        }
        'sessctl;sessions;help;delete' {
            break
        }
        'sessctl;sessions;help;help' {
            break
        }
        'sessctl;revoke-user' {
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Append one JSON line per step of this destructive command to FILE (created when missing): time, user, host, command, arguments (secrets removed), store, what changed, result')
            [CompletionResult]::new('--denylist-prefix', '--denylist-prefix', [CompletionResultType]::ParameterName, 'Key namespace of the JWT denylist and the per-user cut-offs (see docs/revocation.md for the layout)')
            [CompletionResult]::new('--max-passes', '--max-passes', [CompletionResultType]::ParameterName, 'The bound on --until-clean''s passes')
            [CompletionResult]::new('--user-claim', '--user-claim', [CompletionResultType]::ParameterName, 'The JWT claim the cut-off applies to (the user id is compared with it)')
            [CompletionResult]::new('--scan-count', '--scan-count', [CompletionResultType]::ParameterName, 'Keys asked for per SCAN call (the COUNT hint)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `auto` honours NO_COLOR and colours only a terminal')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number. Any node of a Redis Cluster will do; repeat the option to give several nodes of one cluster, which are tried in order until one answers')
            [CompletionResult]::new('--read-url', '--read-url', [CompletionResultType]::ParameterName, 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user''s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database. On a Redis Cluster, use --read-from replica instead')
            [CompletionResult]::new('--read-from', '--read-from', [CompletionResultType]::ParameterName, 'On a Redis Cluster, where scans and value fetches go: each shard''s `primary`, or one of its replicas (`replica`: READONLY; a shard with no replica that answers is read from its primary, as --verbose says). Writes and revoke-user''s check before each deletion always go to the primary. On one server, give the replica with --read-url')
            [CompletionResult]::new('--cluster-address-map', '--cluster-address-map', [CompletionResultType]::ParameterName, 'Reach the Redis Cluster node that the cluster advertises as FROM at TO instead (each host:port), for nodes behind NAT, a tunnel or a container network. Repeatable; in the environment, comma-separated')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The session format in the store (which web framework wrote it)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key prefix of the sessions, overriding the store preset''s (e.g. `myapp:sess:`)')
            [CompletionResult]::new('--user-field', '--user-field', [CompletionResultType]::ParameterName, 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset''s. An object found there stands for its `id` member')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long')
            [CompletionResult]::new('--pace', '--pace', [CompletionResultType]::ParameterName, 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications'' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system''s')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'rediss://: verify the server''s certificate against NAME (and send it as SNI) rather than the URL''s host: for a server reached through a tunnel or by IP address')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be deleted and change nothing (no cut-off is recorded either)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed without a terminal)')
            [CompletionResult]::new('--until-clean', '--until-clean', [CompletionResultType]::ParameterName, 'Repeat passes until one finds no session of the user (a user logging in again during the scan can leave a new session behind); at most --max-passes')
            [CompletionResult]::new('--full-scan', '--full-scan', [CompletionResultType]::ParameterName, 'Scan the whole store even where a per-user index exists (spring-session), to catch sessions the index missed')
            [CompletionResult]::new('--include-undecodable-matching', '--include-undecodable-matching', [CompletionResultType]::ParameterName, 'Also remove records that cannot be decoded (so whose owner is unknown) when their bytes hold the user id as a whole token. Never by default; try it with --dry-run first, which lists them first')
            [CompletionResult]::new('--no-cutoff', '--no-cutoff', [CompletionResultType]::ParameterName, 'Do not record a JWT cut-off for the user')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from')
            [CompletionResult]::new('--ask-password', '--ask-password', [CompletionResultType]::ParameterName, 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL''s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH')
            [CompletionResult]::new('--tls-insecure', '--tls-insecure', [CompletionResultType]::ParameterName, 'rediss://: do not verify the server''s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessctl;sandbox' {
            [CompletionResult]::new('--redis-server', '--redis-server', [CompletionResultType]::ParameterName, 'The redis-server binary to start (default: `redis-server` on PATH)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `auto` honours NO_COLOR and colours only a terminal')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number. Any node of a Redis Cluster will do; repeat the option to give several nodes of one cluster, which are tried in order until one answers')
            [CompletionResult]::new('--read-url', '--read-url', [CompletionResultType]::ParameterName, 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user''s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database. On a Redis Cluster, use --read-from replica instead')
            [CompletionResult]::new('--read-from', '--read-from', [CompletionResultType]::ParameterName, 'On a Redis Cluster, where scans and value fetches go: each shard''s `primary`, or one of its replicas (`replica`: READONLY; a shard with no replica that answers is read from its primary, as --verbose says). Writes and revoke-user''s check before each deletion always go to the primary. On one server, give the replica with --read-url')
            [CompletionResult]::new('--cluster-address-map', '--cluster-address-map', [CompletionResultType]::ParameterName, 'Reach the Redis Cluster node that the cluster advertises as FROM at TO instead (each host:port), for nodes behind NAT, a tunnel or a container network. Repeatable; in the environment, comma-separated')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The session format in the store (which web framework wrote it)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key prefix of the sessions, overriding the store preset''s (e.g. `myapp:sess:`)')
            [CompletionResult]::new('--user-field', '--user-field', [CompletionResultType]::ParameterName, 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset''s. An object found there stands for its `id` member')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long')
            [CompletionResult]::new('--pace', '--pace', [CompletionResultType]::ParameterName, 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications'' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system''s')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'rediss://: verify the server''s certificate against NAME (and send it as SNI) rather than the URL''s host: for a server reached through a tunnel or by IP address')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from')
            [CompletionResult]::new('--ask-password', '--ask-password', [CompletionResultType]::ParameterName, 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL''s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH')
            [CompletionResult]::new('--tls-insecure', '--tls-insecure', [CompletionResultType]::ParameterName, 'rediss://: do not verify the server''s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessctl;completions' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `auto` honours NO_COLOR and colours only a terminal')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number. Any node of a Redis Cluster will do; repeat the option to give several nodes of one cluster, which are tried in order until one answers')
            [CompletionResult]::new('--read-url', '--read-url', [CompletionResultType]::ParameterName, 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user''s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database. On a Redis Cluster, use --read-from replica instead')
            [CompletionResult]::new('--read-from', '--read-from', [CompletionResultType]::ParameterName, 'On a Redis Cluster, where scans and value fetches go: each shard''s `primary`, or one of its replicas (`replica`: READONLY; a shard with no replica that answers is read from its primary, as --verbose says). Writes and revoke-user''s check before each deletion always go to the primary. On one server, give the replica with --read-url')
            [CompletionResult]::new('--cluster-address-map', '--cluster-address-map', [CompletionResultType]::ParameterName, 'Reach the Redis Cluster node that the cluster advertises as FROM at TO instead (each host:port), for nodes behind NAT, a tunnel or a container network. Repeatable; in the environment, comma-separated')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The session format in the store (which web framework wrote it)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key prefix of the sessions, overriding the store preset''s (e.g. `myapp:sess:`)')
            [CompletionResult]::new('--user-field', '--user-field', [CompletionResultType]::ParameterName, 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset''s. An object found there stands for its `id` member')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long')
            [CompletionResult]::new('--pace', '--pace', [CompletionResultType]::ParameterName, 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications'' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system''s')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'rediss://: verify the server''s certificate against NAME (and send it as SNI) rather than the URL''s host: for a server reached through a tunnel or by IP address')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from')
            [CompletionResult]::new('--ask-password', '--ask-password', [CompletionResultType]::ParameterName, 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL''s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH')
            [CompletionResult]::new('--tls-insecure', '--tls-insecure', [CompletionResultType]::ParameterName, 'rediss://: do not verify the server''s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessctl;man' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `auto` honours NO_COLOR and colours only a terminal')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number. Any node of a Redis Cluster will do; repeat the option to give several nodes of one cluster, which are tried in order until one answers')
            [CompletionResult]::new('--read-url', '--read-url', [CompletionResultType]::ParameterName, 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user''s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database. On a Redis Cluster, use --read-from replica instead')
            [CompletionResult]::new('--read-from', '--read-from', [CompletionResultType]::ParameterName, 'On a Redis Cluster, where scans and value fetches go: each shard''s `primary`, or one of its replicas (`replica`: READONLY; a shard with no replica that answers is read from its primary, as --verbose says). Writes and revoke-user''s check before each deletion always go to the primary. On one server, give the replica with --read-url')
            [CompletionResult]::new('--cluster-address-map', '--cluster-address-map', [CompletionResultType]::ParameterName, 'Reach the Redis Cluster node that the cluster advertises as FROM at TO instead (each host:port), for nodes behind NAT, a tunnel or a container network. Repeatable; in the environment, comma-separated')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The session format in the store (which web framework wrote it)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key prefix of the sessions, overriding the store preset''s (e.g. `myapp:sess:`)')
            [CompletionResult]::new('--user-field', '--user-field', [CompletionResultType]::ParameterName, 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset''s. An object found there stands for its `id` member')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long')
            [CompletionResult]::new('--pace', '--pace', [CompletionResultType]::ParameterName, 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications'' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system''s')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'rediss://: verify the server''s certificate against NAME (and send it as SNI) rather than the URL''s host: for a server reached through a tunnel or by IP address')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys'' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from')
            [CompletionResult]::new('--ask-password', '--ask-password', [CompletionResultType]::ParameterName, 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL''s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH')
            [CompletionResult]::new('--tls-insecure', '--tls-insecure', [CompletionResultType]::ParameterName, 'rediss://: do not verify the server''s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessctl;help' {
            [CompletionResult]::new('jwt', 'jwt', [CompletionResultType]::ParameterValue, 'Decode, inspect and verify JSON Web Tokens')
            [CompletionResult]::new('sessions', 'sessions', [CompletionResultType]::ParameterValue, 'List, show and count the server-side sessions web frameworks keep in Redis')
            [CompletionResult]::new('revoke-user', 'revoke-user', [CompletionResultType]::ParameterValue, 'Remove every session of a user, and record a JWT cut-off for them')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'Start a private redis-server loaded with every store preset''s sample sessions')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff) on standard output')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessctl;help;jwt' {
            [CompletionResult]::new('decode', 'decode', [CompletionResultType]::ParameterValue, 'Show a token''s header, payload and signature, and what is worth knowing about it')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a token''s signature and claims: is it valid, and if not, why')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke tokens: record each in the Redis denylist until it would have expired')
            break
        }
        'sessctl;help;jwt;decode' {
            break
        }
        'sessctl;help;jwt;verify' {
            break
        }
        'sessctl;help;jwt;revoke' {
            break
        }
        'sessctl;help;sessions' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List sessions: id, user, time to live, created and last access, size')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one session: the whole decoded record, its key, type, TTL, size and user')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Count sessions: logged in vs anonymous, distinct users, top users, TTL and size histograms')
            [CompletionResult]::new('expire', 'expire', [CompletionResultType]::ParameterValue, 'Shorten sessions'' remaining lifetime, never lengthening it (`--in 0` ends them now)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete sessions with everything that belongs to them (asks first on a terminal)')
            break
        }
        'sessctl;help;sessions;list' {
            break
        }
        'sessctl;help;sessions;show' {
            break
        }
        'sessctl;help;sessions;stats' {
            break
        }
        'sessctl;help;sessions;expire' {
            break
        }
        'sessctl;help;sessions;delete' {
            break
        }
        'sessctl;help;revoke-user' {
            break
        }
        'sessctl;help;sandbox' {
            break
        }
        'sessctl;help;completions' {
            break
        }
        'sessctl;help;man' {
            break
        }
        'sessctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
