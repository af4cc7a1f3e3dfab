# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_sessctl_global_optspecs
    string join \n o/output= color= redis-url= read-url= read-from= cluster-address-map= store= prefix= user-field= timeout= pace= v/verbose ask-password tls-ca= tls-cert= tls-key= tls-server-name= tls-insecure h/help V/version
end

function __fish_sessctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_sessctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_sessctl_using_subcommand
    set -l cmd (__fish_sessctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c sessctl -n "__fish_sessctl_needs_command" -s o -l output -d 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line' -r -f -a "table\t'The human form: text and tables'
json\t'One JSON document'
ndjson\t'One JSON object per line per item, for streaming into jq'"
complete -c sessctl -n "__fish_sessctl_needs_command" -l color -d 'When to use colour. `auto` honours NO_COLOR and colours only a terminal' -r -f -a "auto\t'Colour when the stream is a terminal, NO_COLOR is unset or empty and TERM is not dumb'
always\t'Always colour'
never\t'Never colour'"
complete -c sessctl -n "__fish_sessctl_needs_command" -l redis-url -d 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number. Any node of a Redis Cluster will do; repeat the option to give several nodes of one cluster, which are tried in order until one answers' -r
complete -c sessctl -n "__fish_sessctl_needs_command" -l read-url -d 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user\'s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database. On a Redis Cluster, use --read-from replica instead' -r
complete -c sessctl -n "__fish_sessctl_needs_command" -l read-from -d 'On a Redis Cluster, where scans and value fetches go: each shard\'s `primary`, or one of its replicas (`replica`: READONLY; a shard with no replica that answers is read from its primary, as --verbose says). Writes and revoke-user\'s check before each deletion always go to the primary. On one server, give the replica with --read-url' -r -f -a "primary\t'Each shard\'s primary'
replica\t'A replica of each shard (the primary for a shard none of whose replicas answers)'"
complete -c sessctl -n "__fish_sessctl_needs_command" -l cluster-address-map -d 'Reach the Redis Cluster node that the cluster advertises as FROM at TO instead (each host:port), for nodes behind NAT, a tunnel or a container network. Repeatable; in the environment, comma-separated' -r
complete -c sessctl -n "__fish_sessctl_needs_command" -l store -d 'The session format in the store (which web framework wrote it)' -r -f -a "auto\t'Recognise the format by sampling the keyspace'
connect-redis\t'express-session with connect-redis (`sess:<id>`, JSON)'
spring-session\t'Spring Session Data Redis (`spring:session:sessions:<id>` hashes)'
django\t'Django\'s cache session backend (`:1:django.contrib.sessions.cache<key>`, pickle)'
flask-session\t'Flask-Session (`session:<id>`, msgpack)'
php\t'PHP\'s phpredis session handler (`PHPREDIS_SESSION:<id>`)'
json\t'Any store of JSON strings (with --prefix and --user-field)'
koa-redis\t'Koa with koa-generic-session and koa-redis (`koa:sess:<id>`, JSON)'"
complete -c sessctl -n "__fish_sessctl_needs_command" -l prefix -d 'Key prefix of the sessions, overriding the store preset\'s (e.g. `myapp:sess:`)' -r
complete -c sessctl -n "__fish_sessctl_needs_command" -l user-field -d 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset\'s. An object found there stands for its `id` member' -r
complete -c sessctl -n "__fish_sessctl_needs_command" -l timeout -d 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long' -r
complete -c sessctl -n "__fish_sessctl_needs_command" -l pace -d 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications\' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)' -r
complete -c sessctl -n "__fish_sessctl_needs_command" -l tls-ca -d 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system\'s' -r -F
complete -c sessctl -n "__fish_sessctl_needs_command" -l tls-cert -d 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key' -r -F
complete -c sessctl -n "__fish_sessctl_needs_command" -l tls-key -d 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed' -r -F
complete -c sessctl -n "__fish_sessctl_needs_command" -l tls-server-name -d 'rediss://: verify the server\'s certificate against NAME (and send it as SNI) rather than the URL\'s host: for a server reached through a tunnel or by IP address' -r
complete -c sessctl -n "__fish_sessctl_needs_command" -s v -l verbose -d 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys\' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from'
complete -c sessctl -n "__fish_sessctl_needs_command" -l ask-password -d 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL\'s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH'
complete -c sessctl -n "__fish_sessctl_needs_command" -l tls-insecure -d 'rediss://: do not verify the server\'s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time'
complete -c sessctl -n "__fish_sessctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessctl -n "__fish_sessctl_needs_command" -s V -l version -d 'Print version'
complete -c sessctl -n "__fish_sessctl_needs_command" -f -a "jwt" -d 'Decode, inspect and verify JSON Web Tokens'
complete -c sessctl -n "__fish_sessctl_needs_command" -f -a "sessions" -d 'List, show and count the server-side sessions web frameworks keep in Redis'
complete -c sessctl -n "__fish_sessctl_needs_command" -f -a "revoke-user" -d 'Remove every session of a user, and record a JWT cut-off for them'
complete -c sessctl -n "__fish_sessctl_needs_command" -f -a "sandbox" -d 'Start a private redis-server loaded with every store preset\'s sample sessions'
complete -c sessctl -n "__fish_sessctl_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c sessctl -n "__fish_sessctl_needs_command" -f -a "man" -d 'Print the man page (roff) on standard output'
complete -c sessctl -n "__fish_sessctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and not __fish_seen_subcommand_from decode verify revoke help" -s o -l output -d 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line' -r -f -a "table\t'The human form: text and tables'
json\t'One JSON document'
ndjson\t'One JSON object per line per item, for streaming into jq'"
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and not __fish_seen_subcommand_from decode verify revoke help" -l color -d 'When to use colour. `auto` honours NO_COLOR and colours only a terminal' -r -f -a "auto\t'Colour when the stream is a terminal, NO_COLOR is unset or empty and TERM is not dumb'
always\t'Always colour'
never\t'Never colour'"
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and not __fish_seen_subcommand_from decode verify revoke help" -l redis-url -d 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number. Any node of a Redis Cluster will do; repeat the option to give several nodes of one cluster, which are tried in order until one answers' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and not __fish_seen_subcommand_from decode verify revoke help" -l read-url -d 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user\'s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database. On a Redis Cluster, use --read-from replica instead' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and not __fish_seen_subcommand_from decode verify revoke help" -l read-from -d 'On a Redis Cluster, where scans and value fetches go: each shard\'s `primary`, or one of its replicas (`replica`: READONLY; a shard with no replica that answers is read from its primary, as --verbose says). Writes and revoke-user\'s check before each deletion always go to the primary. On one server, give the replica with --read-url' -r -f -a "primary\t'Each shard\'s primary'
replica\t'A replica of each shard (the primary for a shard none of whose replicas answers)'"
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and not __fish_seen_subcommand_from decode verify revoke help" -l cluster-address-map -d 'Reach the Redis Cluster node that the cluster advertises as FROM at TO instead (each host:port), for nodes behind NAT, a tunnel or a container network. Repeatable; in the environment, comma-separated' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and not __fish_seen_subcommand_from decode verify revoke help" -l store -d 'The session format in the store (which web framework wrote it)' -r -f -a "auto\t'Recognise the format by sampling the keyspace'
connect-redis\t'express-session with connect-redis (`sess:<id>`, JSON)'
spring-session\t'Spring Session Data Redis (`spring:session:sessions:<id>` hashes)'
django\t'Django\'s cache session backend (`:1:django.contrib.sessions.cache<key>`, pickle)'
flask-session\t'Flask-Session (`session:<id>`, msgpack)'
php\t'PHP\'s phpredis session handler (`PHPREDIS_SESSION:<id>`)'
json\t'Any store of JSON strings (with --prefix and --user-field)'
koa-redis\t'Koa with koa-generic-session and koa-redis (`koa:sess:<id>`, JSON)'"
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and not __fish_seen_subcommand_from decode verify revoke help" -l prefix -d 'Key prefix of the sessions, overriding the store preset\'s (e.g. `myapp:sess:`)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and not __fish_seen_subcommand_from decode verify revoke help" -l user-field -d 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset\'s. An object found there stands for its `id` member' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and not __fish_seen_subcommand_from decode verify revoke help" -l timeout -d 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and not __fish_seen_subcommand_from decode verify revoke help" -l pace -d 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications\' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and not __fish_seen_subcommand_from decode verify revoke help" -l tls-ca -d 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system\'s' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and not __fish_seen_subcommand_from decode verify revoke help" -l tls-cert -d 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and not __fish_seen_subcommand_from decode verify revoke help" -l tls-key -d 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and not __fish_seen_subcommand_from decode verify revoke help" -l tls-server-name -d 'rediss://: verify the server\'s certificate against NAME (and send it as SNI) rather than the URL\'s host: for a server reached through a tunnel or by IP address' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and not __fish_seen_subcommand_from decode verify revoke help" -s v -l verbose -d 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys\' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from'
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and not __fish_seen_subcommand_from decode verify revoke help" -l ask-password -d 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL\'s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH'
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and not __fish_seen_subcommand_from decode verify revoke help" -l tls-insecure -d 'rediss://: do not verify the server\'s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time'
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and not __fish_seen_subcommand_from decode verify revoke help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and not __fish_seen_subcommand_from decode verify revoke help" -f -a "decode" -d 'Show a token\'s header, payload and signature, and what is worth knowing about it'
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and not __fish_seen_subcommand_from decode verify revoke help" -f -a "verify" -d 'Check a token\'s signature and claims: is it valid, and if not, why'
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and not __fish_seen_subcommand_from decode verify revoke help" -f -a "revoke" -d 'Revoke tokens: record each in the Redis denylist until it would have expired'
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and not __fish_seen_subcommand_from decode verify revoke help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from decode" -l at -d 'Evaluate the time claims as of this moment instead of now (RFC 3339 or unix seconds)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from decode" -l max-size -d 'Refuse any token larger than this many bytes (accepts K, M suffixes: 64K, 1M)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from decode" -s o -l output -d 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line' -r -f -a "table\t'The human form: text and tables'
json\t'One JSON document'
ndjson\t'One JSON object per line per item, for streaming into jq'"
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from decode" -l color -d 'When to use colour. `auto` honours NO_COLOR and colours only a terminal' -r -f -a "auto\t'Colour when the stream is a terminal, NO_COLOR is unset or empty and TERM is not dumb'
always\t'Always colour'
never\t'Never colour'"
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from decode" -l redis-url -d 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number. Any node of a Redis Cluster will do; repeat the option to give several nodes of one cluster, which are tried in order until one answers' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from decode" -l read-url -d 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user\'s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database. On a Redis Cluster, use --read-from replica instead' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from decode" -l read-from -d 'On a Redis Cluster, where scans and value fetches go: each shard\'s `primary`, or one of its replicas (`replica`: READONLY; a shard with no replica that answers is read from its primary, as --verbose says). Writes and revoke-user\'s check before each deletion always go to the primary. On one server, give the replica with --read-url' -r -f -a "primary\t'Each shard\'s primary'
replica\t'A replica of each shard (the primary for a shard none of whose replicas answers)'"
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from decode" -l cluster-address-map -d 'Reach the Redis Cluster node that the cluster advertises as FROM at TO instead (each host:port), for nodes behind NAT, a tunnel or a container network. Repeatable; in the environment, comma-separated' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from decode" -l store -d 'The session format in the store (which web framework wrote it)' -r -f -a "auto\t'Recognise the format by sampling the keyspace'
connect-redis\t'express-session with connect-redis (`sess:<id>`, JSON)'
spring-session\t'Spring Session Data Redis (`spring:session:sessions:<id>` hashes)'
django\t'Django\'s cache session backend (`:1:django.contrib.sessions.cache<key>`, pickle)'
flask-session\t'Flask-Session (`session:<id>`, msgpack)'
php\t'PHP\'s phpredis session handler (`PHPREDIS_SESSION:<id>`)'
json\t'Any store of JSON strings (with --prefix and --user-field)'
koa-redis\t'Koa with koa-generic-session and koa-redis (`koa:sess:<id>`, JSON)'"
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from decode" -l prefix -d 'Key prefix of the sessions, overriding the store preset\'s (e.g. `myapp:sess:`)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from decode" -l user-field -d 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset\'s. An object found there stands for its `id` member' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from decode" -l timeout -d 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from decode" -l pace -d 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications\' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from decode" -l tls-ca -d 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system\'s' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from decode" -l tls-cert -d 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from decode" -l tls-key -d 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from decode" -l tls-server-name -d 'rediss://: verify the server\'s certificate against NAME (and send it as SNI) rather than the URL\'s host: for a server reached through a tunnel or by IP address' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from decode" -s v -l verbose -d 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys\' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from'
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from decode" -l ask-password -d 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL\'s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH'
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from decode" -l tls-insecure -d 'rediss://: do not verify the server\'s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time'
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from decode" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l key -d 'Verify with the key(s) in FILE: PEM (public key, certificate, or private key, of which only the public half is used), DER, a JWK, or a JWKS. Recognised by content. Repeatable' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l jwks-url -d 'Fetch the JWKS to verify with from URL (https, or http on a loopback address), once' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l secret-file -d 'Read the HMAC secret from FILE (its bytes; one trailing line ending is removed)' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l secret-env -d 'Read the HMAC secret from the environment variable VAR' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l secret -d 'The HMAC secret itself. Avoid: it shows in the process list and shell history; prefer --secret-file, --secret-env or --secret-prompt' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l alg -d 'Accept only these algorithms (comma-separated or repeated), further narrowing what the key type allows. Default: every algorithm of the key type' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l iss -d 'Require `iss` to be exactly this' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l aud -d 'Require `aud` to be, or to contain, this audience' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l sub -d 'Require `sub` to be exactly this' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l typ -d 'Require the header\'s `typ` to be this media type (case-insensitive; `application/` may be left out): `at+jwt` keeps an ID token from passing as an access token' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l require -d 'Require this claim to be present (repeatable). `exp` is not required unless named here' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l leeway -d 'Tolerate this much clock skew on exp, nbf and --max-age (30s, 2m)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l max-age -d 'Reject tokens issued (`iat`) longer ago than this (15m, 1d); makes `iat` required' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l at -d 'Verify as of this moment instead of now (RFC 3339 or unix seconds)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l max-size -d 'Refuse any token larger than this many bytes (accepts K, M suffixes: 64K, 1M)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l denylist-prefix -d 'Key namespace of the JWT denylist and the per-user cut-offs' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l user-claim -d 'The claim holding the user id that per-user cut-offs apply to' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -s o -l output -d 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line' -r -f -a "table\t'The human form: text and tables'
json\t'One JSON document'
ndjson\t'One JSON object per line per item, for streaming into jq'"
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l color -d 'When to use colour. `auto` honours NO_COLOR and colours only a terminal' -r -f -a "auto\t'Colour when the stream is a terminal, NO_COLOR is unset or empty and TERM is not dumb'
always\t'Always colour'
never\t'Never colour'"
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l redis-url -d 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number. Any node of a Redis Cluster will do; repeat the option to give several nodes of one cluster, which are tried in order until one answers' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l read-url -d 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user\'s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database. On a Redis Cluster, use --read-from replica instead' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l read-from -d 'On a Redis Cluster, where scans and value fetches go: each shard\'s `primary`, or one of its replicas (`replica`: READONLY; a shard with no replica that answers is read from its primary, as --verbose says). Writes and revoke-user\'s check before each deletion always go to the primary. On one server, give the replica with --read-url' -r -f -a "primary\t'Each shard\'s primary'
replica\t'A replica of each shard (the primary for a shard none of whose replicas answers)'"
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l cluster-address-map -d 'Reach the Redis Cluster node that the cluster advertises as FROM at TO instead (each host:port), for nodes behind NAT, a tunnel or a container network. Repeatable; in the environment, comma-separated' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l store -d 'The session format in the store (which web framework wrote it)' -r -f -a "auto\t'Recognise the format by sampling the keyspace'
connect-redis\t'express-session with connect-redis (`sess:<id>`, JSON)'
spring-session\t'Spring Session Data Redis (`spring:session:sessions:<id>` hashes)'
django\t'Django\'s cache session backend (`:1:django.contrib.sessions.cache<key>`, pickle)'
flask-session\t'Flask-Session (`session:<id>`, msgpack)'
php\t'PHP\'s phpredis session handler (`PHPREDIS_SESSION:<id>`)'
json\t'Any store of JSON strings (with --prefix and --user-field)'
koa-redis\t'Koa with koa-generic-session and koa-redis (`koa:sess:<id>`, JSON)'"
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l prefix -d 'Key prefix of the sessions, overriding the store preset\'s (e.g. `myapp:sess:`)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l user-field -d 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset\'s. An object found there stands for its `id` member' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l timeout -d 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l pace -d 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications\' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l tls-ca -d 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system\'s' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l tls-cert -d 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l tls-key -d 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l tls-server-name -d 'rediss://: verify the server\'s certificate against NAME (and send it as SNI) rather than the URL\'s host: for a server reached through a tunnel or by IP address' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l secret-prompt -d 'Ask for the HMAC secret on the terminal, without echo (needs a terminal on standard input, so the token must be the argument)'
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l secret-base64 -d 'The secret is base64 or base64url text (as many identity providers hand them out): decode it and use the bytes'
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l ignore-exp -d 'Do not check `exp` (an expired token can still have a valid signature)'
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l check-revoked -d 'Also consult the JWT denylist and the per-user cut-offs in Redis (--redis-url): a revoked token fails with reason `revoked`'
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -s v -l verbose -d 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys\' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from'
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l ask-password -d 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL\'s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH'
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -l tls-insecure -d 'rediss://: do not verify the server\'s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time'
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from revoke" -l audit-log -d 'Append one JSON line per step of this destructive command to FILE (created when missing): time, user, host, command, arguments (secrets removed), store, what changed, result' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from revoke" -l denylist-prefix -d 'Key namespace of the JWT denylist and the per-user cut-offs (see docs/revocation.md for the layout)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from revoke" -l at -d 'Take this as the current time (RFC 3339 or unix seconds): remaining lifetimes are counted from it' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from revoke" -l max-size -d 'Refuse any token larger than this many bytes (accepts K, M suffixes: 64K, 1M)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from revoke" -s o -l output -d 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line' -r -f -a "table\t'The human form: text and tables'
json\t'One JSON document'
ndjson\t'One JSON object per line per item, for streaming into jq'"
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from revoke" -l color -d 'When to use colour. `auto` honours NO_COLOR and colours only a terminal' -r -f -a "auto\t'Colour when the stream is a terminal, NO_COLOR is unset or empty and TERM is not dumb'
always\t'Always colour'
never\t'Never colour'"
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from revoke" -l redis-url -d 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number. Any node of a Redis Cluster will do; repeat the option to give several nodes of one cluster, which are tried in order until one answers' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from revoke" -l read-url -d 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user\'s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database. On a Redis Cluster, use --read-from replica instead' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from revoke" -l read-from -d 'On a Redis Cluster, where scans and value fetches go: each shard\'s `primary`, or one of its replicas (`replica`: READONLY; a shard with no replica that answers is read from its primary, as --verbose says). Writes and revoke-user\'s check before each deletion always go to the primary. On one server, give the replica with --read-url' -r -f -a "primary\t'Each shard\'s primary'
replica\t'A replica of each shard (the primary for a shard none of whose replicas answers)'"
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from revoke" -l cluster-address-map -d 'Reach the Redis Cluster node that the cluster advertises as FROM at TO instead (each host:port), for nodes behind NAT, a tunnel or a container network. Repeatable; in the environment, comma-separated' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from revoke" -l store -d 'The session format in the store (which web framework wrote it)' -r -f -a "auto\t'Recognise the format by sampling the keyspace'
connect-redis\t'express-session with connect-redis (`sess:<id>`, JSON)'
spring-session\t'Spring Session Data Redis (`spring:session:sessions:<id>` hashes)'
django\t'Django\'s cache session backend (`:1:django.contrib.sessions.cache<key>`, pickle)'
flask-session\t'Flask-Session (`session:<id>`, msgpack)'
php\t'PHP\'s phpredis session handler (`PHPREDIS_SESSION:<id>`)'
json\t'Any store of JSON strings (with --prefix and --user-field)'
koa-redis\t'Koa with koa-generic-session and koa-redis (`koa:sess:<id>`, JSON)'"
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from revoke" -l prefix -d 'Key prefix of the sessions, overriding the store preset\'s (e.g. `myapp:sess:`)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from revoke" -l user-field -d 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset\'s. An object found there stands for its `id` member' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from revoke" -l timeout -d 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from revoke" -l pace -d 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications\' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from revoke" -l tls-ca -d 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system\'s' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from revoke" -l tls-cert -d 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from revoke" -l tls-key -d 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from revoke" -l tls-server-name -d 'rediss://: verify the server\'s certificate against NAME (and send it as SNI) rather than the URL\'s host: for a server reached through a tunnel or by IP address' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from revoke" -l dry-run -d 'Show what would be recorded and change nothing'
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from revoke" -s v -l verbose -d 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys\' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from'
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from revoke" -l ask-password -d 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL\'s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH'
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from revoke" -l tls-insecure -d 'rediss://: do not verify the server\'s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time'
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from help" -f -a "decode" -d 'Show a token\'s header, payload and signature, and what is worth knowing about it'
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check a token\'s signature and claims: is it valid, and if not, why'
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke tokens: record each in the Redis denylist until it would have expired'
complete -c sessctl -n "__fish_sessctl_using_subcommand jwt; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and not __fish_seen_subcommand_from list show stats expire delete help" -s o -l output -d 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line' -r -f -a "table\t'The human form: text and tables'
json\t'One JSON document'
ndjson\t'One JSON object per line per item, for streaming into jq'"
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and not __fish_seen_subcommand_from list show stats expire delete help" -l color -d 'When to use colour. `auto` honours NO_COLOR and colours only a terminal' -r -f -a "auto\t'Colour when the stream is a terminal, NO_COLOR is unset or empty and TERM is not dumb'
always\t'Always colour'
never\t'Never colour'"
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and not __fish_seen_subcommand_from list show stats expire delete help" -l redis-url -d 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number. Any node of a Redis Cluster will do; repeat the option to give several nodes of one cluster, which are tried in order until one answers' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and not __fish_seen_subcommand_from list show stats expire delete help" -l read-url -d 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user\'s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database. On a Redis Cluster, use --read-from replica instead' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and not __fish_seen_subcommand_from list show stats expire delete help" -l read-from -d 'On a Redis Cluster, where scans and value fetches go: each shard\'s `primary`, or one of its replicas (`replica`: READONLY; a shard with no replica that answers is read from its primary, as --verbose says). Writes and revoke-user\'s check before each deletion always go to the primary. On one server, give the replica with --read-url' -r -f -a "primary\t'Each shard\'s primary'
replica\t'A replica of each shard (the primary for a shard none of whose replicas answers)'"
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and not __fish_seen_subcommand_from list show stats expire delete help" -l cluster-address-map -d 'Reach the Redis Cluster node that the cluster advertises as FROM at TO instead (each host:port), for nodes behind NAT, a tunnel or a container network. Repeatable; in the environment, comma-separated' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and not __fish_seen_subcommand_from list show stats expire delete help" -l store -d 'The session format in the store (which web framework wrote it)' -r -f -a "auto\t'Recognise the format by sampling the keyspace'
connect-redis\t'express-session with connect-redis (`sess:<id>`, JSON)'
spring-session\t'Spring Session Data Redis (`spring:session:sessions:<id>` hashes)'
django\t'Django\'s cache session backend (`:1:django.contrib.sessions.cache<key>`, pickle)'
flask-session\t'Flask-Session (`session:<id>`, msgpack)'
php\t'PHP\'s phpredis session handler (`PHPREDIS_SESSION:<id>`)'
json\t'Any store of JSON strings (with --prefix and --user-field)'
koa-redis\t'Koa with koa-generic-session and koa-redis (`koa:sess:<id>`, JSON)'"
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and not __fish_seen_subcommand_from list show stats expire delete help" -l prefix -d 'Key prefix of the sessions, overriding the store preset\'s (e.g. `myapp:sess:`)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and not __fish_seen_subcommand_from list show stats expire delete help" -l user-field -d 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset\'s. An object found there stands for its `id` member' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and not __fish_seen_subcommand_from list show stats expire delete help" -l timeout -d 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and not __fish_seen_subcommand_from list show stats expire delete help" -l pace -d 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications\' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and not __fish_seen_subcommand_from list show stats expire delete help" -l tls-ca -d 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system\'s' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and not __fish_seen_subcommand_from list show stats expire delete help" -l tls-cert -d 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and not __fish_seen_subcommand_from list show stats expire delete help" -l tls-key -d 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and not __fish_seen_subcommand_from list show stats expire delete help" -l tls-server-name -d 'rediss://: verify the server\'s certificate against NAME (and send it as SNI) rather than the URL\'s host: for a server reached through a tunnel or by IP address' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and not __fish_seen_subcommand_from list show stats expire delete help" -s v -l verbose -d 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys\' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and not __fish_seen_subcommand_from list show stats expire delete help" -l ask-password -d 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL\'s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and not __fish_seen_subcommand_from list show stats expire delete help" -l tls-insecure -d 'rediss://: do not verify the server\'s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and not __fish_seen_subcommand_from list show stats expire delete help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and not __fish_seen_subcommand_from list show stats expire delete help" -f -a "list" -d 'List sessions: id, user, time to live, created and last access, size'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and not __fish_seen_subcommand_from list show stats expire delete help" -f -a "show" -d 'Show one session: the whole decoded record, its key, type, TTL, size and user'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and not __fish_seen_subcommand_from list show stats expire delete help" -f -a "stats" -d 'Count sessions: logged in vs anonymous, distinct users, top users, TTL and size histograms'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and not __fish_seen_subcommand_from list show stats expire delete help" -f -a "expire" -d 'Shorten sessions\' remaining lifetime, never lengthening it (`--in 0` ends them now)'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and not __fish_seen_subcommand_from list show stats expire delete help" -f -a "delete" -d 'Delete sessions with everything that belongs to them (asks first on a terminal)'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and not __fish_seen_subcommand_from list show stats expire delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from list" -l user -d 'Only the sessions of this user id (compared exactly, as text: 42 matches a numeric 42 and the string "42", never "420")' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from list" -l limit -d 'Stop after this many sessions' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from list" -l sort -d 'Sort the listing (holds every matching session in memory; unsorted listings stream)' -r -f -a "ttl\t'Shortest time to live first; sessions that never expire last'
size\t'Largest first'
user\t'By user id (as text); anonymous sessions last'
id\t'By session id'"
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from list" -l scan-count -d 'Keys asked for per SCAN call (the COUNT hint)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line' -r -f -a "table\t'The human form: text and tables'
json\t'One JSON document'
ndjson\t'One JSON object per line per item, for streaming into jq'"
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from list" -l color -d 'When to use colour. `auto` honours NO_COLOR and colours only a terminal' -r -f -a "auto\t'Colour when the stream is a terminal, NO_COLOR is unset or empty and TERM is not dumb'
always\t'Always colour'
never\t'Never colour'"
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from list" -l redis-url -d 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number. Any node of a Redis Cluster will do; repeat the option to give several nodes of one cluster, which are tried in order until one answers' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from list" -l read-url -d 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user\'s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database. On a Redis Cluster, use --read-from replica instead' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from list" -l read-from -d 'On a Redis Cluster, where scans and value fetches go: each shard\'s `primary`, or one of its replicas (`replica`: READONLY; a shard with no replica that answers is read from its primary, as --verbose says). Writes and revoke-user\'s check before each deletion always go to the primary. On one server, give the replica with --read-url' -r -f -a "primary\t'Each shard\'s primary'
replica\t'A replica of each shard (the primary for a shard none of whose replicas answers)'"
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from list" -l cluster-address-map -d 'Reach the Redis Cluster node that the cluster advertises as FROM at TO instead (each host:port), for nodes behind NAT, a tunnel or a container network. Repeatable; in the environment, comma-separated' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from list" -l store -d 'The session format in the store (which web framework wrote it)' -r -f -a "auto\t'Recognise the format by sampling the keyspace'
connect-redis\t'express-session with connect-redis (`sess:<id>`, JSON)'
spring-session\t'Spring Session Data Redis (`spring:session:sessions:<id>` hashes)'
django\t'Django\'s cache session backend (`:1:django.contrib.sessions.cache<key>`, pickle)'
flask-session\t'Flask-Session (`session:<id>`, msgpack)'
php\t'PHP\'s phpredis session handler (`PHPREDIS_SESSION:<id>`)'
json\t'Any store of JSON strings (with --prefix and --user-field)'
koa-redis\t'Koa with koa-generic-session and koa-redis (`koa:sess:<id>`, JSON)'"
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from list" -l prefix -d 'Key prefix of the sessions, overriding the store preset\'s (e.g. `myapp:sess:`)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from list" -l user-field -d 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset\'s. An object found there stands for its `id` member' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from list" -l timeout -d 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from list" -l pace -d 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications\' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from list" -l tls-ca -d 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system\'s' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from list" -l tls-cert -d 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from list" -l tls-key -d 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from list" -l tls-server-name -d 'rediss://: verify the server\'s certificate against NAME (and send it as SNI) rather than the URL\'s host: for a server reached through a tunnel or by IP address' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys\' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from list" -l ask-password -d 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL\'s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from list" -l tls-insecure -d 'rediss://: do not verify the server\'s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line' -r -f -a "table\t'The human form: text and tables'
json\t'One JSON document'
ndjson\t'One JSON object per line per item, for streaming into jq'"
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from show" -l color -d 'When to use colour. `auto` honours NO_COLOR and colours only a terminal' -r -f -a "auto\t'Colour when the stream is a terminal, NO_COLOR is unset or empty and TERM is not dumb'
always\t'Always colour'
never\t'Never colour'"
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from show" -l redis-url -d 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number. Any node of a Redis Cluster will do; repeat the option to give several nodes of one cluster, which are tried in order until one answers' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from show" -l read-url -d 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user\'s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database. On a Redis Cluster, use --read-from replica instead' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from show" -l read-from -d 'On a Redis Cluster, where scans and value fetches go: each shard\'s `primary`, or one of its replicas (`replica`: READONLY; a shard with no replica that answers is read from its primary, as --verbose says). Writes and revoke-user\'s check before each deletion always go to the primary. On one server, give the replica with --read-url' -r -f -a "primary\t'Each shard\'s primary'
replica\t'A replica of each shard (the primary for a shard none of whose replicas answers)'"
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from show" -l cluster-address-map -d 'Reach the Redis Cluster node that the cluster advertises as FROM at TO instead (each host:port), for nodes behind NAT, a tunnel or a container network. Repeatable; in the environment, comma-separated' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from show" -l store -d 'The session format in the store (which web framework wrote it)' -r -f -a "auto\t'Recognise the format by sampling the keyspace'
connect-redis\t'express-session with connect-redis (`sess:<id>`, JSON)'
spring-session\t'Spring Session Data Redis (`spring:session:sessions:<id>` hashes)'
django\t'Django\'s cache session backend (`:1:django.contrib.sessions.cache<key>`, pickle)'
flask-session\t'Flask-Session (`session:<id>`, msgpack)'
php\t'PHP\'s phpredis session handler (`PHPREDIS_SESSION:<id>`)'
json\t'Any store of JSON strings (with --prefix and --user-field)'
koa-redis\t'Koa with koa-generic-session and koa-redis (`koa:sess:<id>`, JSON)'"
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from show" -l prefix -d 'Key prefix of the sessions, overriding the store preset\'s (e.g. `myapp:sess:`)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from show" -l user-field -d 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset\'s. An object found there stands for its `id` member' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from show" -l timeout -d 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from show" -l pace -d 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications\' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from show" -l tls-ca -d 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system\'s' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from show" -l tls-cert -d 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from show" -l tls-key -d 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from show" -l tls-server-name -d 'rediss://: verify the server\'s certificate against NAME (and send it as SNI) rather than the URL\'s host: for a server reached through a tunnel or by IP address' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys\' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from show" -l ask-password -d 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL\'s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from show" -l tls-insecure -d 'rediss://: do not verify the server\'s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from stats" -l top -d 'How many of the users with the most sessions to show' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from stats" -l scan-count -d 'Keys asked for per SCAN call (the COUNT hint)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from stats" -s o -l output -d 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line' -r -f -a "table\t'The human form: text and tables'
json\t'One JSON document'
ndjson\t'One JSON object per line per item, for streaming into jq'"
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from stats" -l color -d 'When to use colour. `auto` honours NO_COLOR and colours only a terminal' -r -f -a "auto\t'Colour when the stream is a terminal, NO_COLOR is unset or empty and TERM is not dumb'
always\t'Always colour'
never\t'Never colour'"
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from stats" -l redis-url -d 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number. Any node of a Redis Cluster will do; repeat the option to give several nodes of one cluster, which are tried in order until one answers' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from stats" -l read-url -d 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user\'s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database. On a Redis Cluster, use --read-from replica instead' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from stats" -l read-from -d 'On a Redis Cluster, where scans and value fetches go: each shard\'s `primary`, or one of its replicas (`replica`: READONLY; a shard with no replica that answers is read from its primary, as --verbose says). Writes and revoke-user\'s check before each deletion always go to the primary. On one server, give the replica with --read-url' -r -f -a "primary\t'Each shard\'s primary'
replica\t'A replica of each shard (the primary for a shard none of whose replicas answers)'"
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from stats" -l cluster-address-map -d 'Reach the Redis Cluster node that the cluster advertises as FROM at TO instead (each host:port), for nodes behind NAT, a tunnel or a container network. Repeatable; in the environment, comma-separated' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from stats" -l store -d 'The session format in the store (which web framework wrote it)' -r -f -a "auto\t'Recognise the format by sampling the keyspace'
connect-redis\t'express-session with connect-redis (`sess:<id>`, JSON)'
spring-session\t'Spring Session Data Redis (`spring:session:sessions:<id>` hashes)'
django\t'Django\'s cache session backend (`:1:django.contrib.sessions.cache<key>`, pickle)'
flask-session\t'Flask-Session (`session:<id>`, msgpack)'
php\t'PHP\'s phpredis session handler (`PHPREDIS_SESSION:<id>`)'
json\t'Any store of JSON strings (with --prefix and --user-field)'
koa-redis\t'Koa with koa-generic-session and koa-redis (`koa:sess:<id>`, JSON)'"
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from stats" -l prefix -d 'Key prefix of the sessions, overriding the store preset\'s (e.g. `myapp:sess:`)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from stats" -l user-field -d 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset\'s. An object found there stands for its `id` member' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from stats" -l timeout -d 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from stats" -l pace -d 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications\' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from stats" -l tls-ca -d 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system\'s' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from stats" -l tls-cert -d 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from stats" -l tls-key -d 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from stats" -l tls-server-name -d 'rediss://: verify the server\'s certificate against NAME (and send it as SNI) rather than the URL\'s host: for a server reached through a tunnel or by IP address' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from stats" -s v -l verbose -d 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys\' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from stats" -l ask-password -d 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL\'s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from stats" -l tls-insecure -d 'rediss://: do not verify the server\'s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from stats" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from expire" -l audit-log -d 'Append one JSON line per step of this destructive command to FILE (created when missing): time, user, host, command, arguments (secrets removed), store, what changed, result' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from expire" -l in -d 'The longest remaining lifetime: `500ms`, `30s`, `10m`, `1m30s`, `2h` (a session that ends sooner is left as it is); `0` ends the session now' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from expire" -s o -l output -d 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line' -r -f -a "table\t'The human form: text and tables'
json\t'One JSON document'
ndjson\t'One JSON object per line per item, for streaming into jq'"
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from expire" -l color -d 'When to use colour. `auto` honours NO_COLOR and colours only a terminal' -r -f -a "auto\t'Colour when the stream is a terminal, NO_COLOR is unset or empty and TERM is not dumb'
always\t'Always colour'
never\t'Never colour'"
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from expire" -l redis-url -d 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number. Any node of a Redis Cluster will do; repeat the option to give several nodes of one cluster, which are tried in order until one answers' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from expire" -l read-url -d 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user\'s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database. On a Redis Cluster, use --read-from replica instead' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from expire" -l read-from -d 'On a Redis Cluster, where scans and value fetches go: each shard\'s `primary`, or one of its replicas (`replica`: READONLY; a shard with no replica that answers is read from its primary, as --verbose says). Writes and revoke-user\'s check before each deletion always go to the primary. On one server, give the replica with --read-url' -r -f -a "primary\t'Each shard\'s primary'
replica\t'A replica of each shard (the primary for a shard none of whose replicas answers)'"
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from expire" -l cluster-address-map -d 'Reach the Redis Cluster node that the cluster advertises as FROM at TO instead (each host:port), for nodes behind NAT, a tunnel or a container network. Repeatable; in the environment, comma-separated' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from expire" -l store -d 'The session format in the store (which web framework wrote it)' -r -f -a "auto\t'Recognise the format by sampling the keyspace'
connect-redis\t'express-session with connect-redis (`sess:<id>`, JSON)'
spring-session\t'Spring Session Data Redis (`spring:session:sessions:<id>` hashes)'
django\t'Django\'s cache session backend (`:1:django.contrib.sessions.cache<key>`, pickle)'
flask-session\t'Flask-Session (`session:<id>`, msgpack)'
php\t'PHP\'s phpredis session handler (`PHPREDIS_SESSION:<id>`)'
json\t'Any store of JSON strings (with --prefix and --user-field)'
koa-redis\t'Koa with koa-generic-session and koa-redis (`koa:sess:<id>`, JSON)'"
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from expire" -l prefix -d 'Key prefix of the sessions, overriding the store preset\'s (e.g. `myapp:sess:`)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from expire" -l user-field -d 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset\'s. An object found there stands for its `id` member' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from expire" -l timeout -d 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from expire" -l pace -d 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications\' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from expire" -l tls-ca -d 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system\'s' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from expire" -l tls-cert -d 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from expire" -l tls-key -d 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from expire" -l tls-server-name -d 'rediss://: verify the server\'s certificate against NAME (and send it as SNI) rather than the URL\'s host: for a server reached through a tunnel or by IP address' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from expire" -s v -l verbose -d 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys\' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from expire" -l ask-password -d 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL\'s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from expire" -l tls-insecure -d 'rediss://: do not verify the server\'s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from expire" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from delete" -l audit-log -d 'Append one JSON line per step of this destructive command to FILE (created when missing): time, user, host, command, arguments (secrets removed), store, what changed, result' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line' -r -f -a "table\t'The human form: text and tables'
json\t'One JSON document'
ndjson\t'One JSON object per line per item, for streaming into jq'"
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from delete" -l color -d 'When to use colour. `auto` honours NO_COLOR and colours only a terminal' -r -f -a "auto\t'Colour when the stream is a terminal, NO_COLOR is unset or empty and TERM is not dumb'
always\t'Always colour'
never\t'Never colour'"
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from delete" -l redis-url -d 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number. Any node of a Redis Cluster will do; repeat the option to give several nodes of one cluster, which are tried in order until one answers' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from delete" -l read-url -d 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user\'s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database. On a Redis Cluster, use --read-from replica instead' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from delete" -l read-from -d 'On a Redis Cluster, where scans and value fetches go: each shard\'s `primary`, or one of its replicas (`replica`: READONLY; a shard with no replica that answers is read from its primary, as --verbose says). Writes and revoke-user\'s check before each deletion always go to the primary. On one server, give the replica with --read-url' -r -f -a "primary\t'Each shard\'s primary'
replica\t'A replica of each shard (the primary for a shard none of whose replicas answers)'"
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from delete" -l cluster-address-map -d 'Reach the Redis Cluster node that the cluster advertises as FROM at TO instead (each host:port), for nodes behind NAT, a tunnel or a container network. Repeatable; in the environment, comma-separated' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from delete" -l store -d 'The session format in the store (which web framework wrote it)' -r -f -a "auto\t'Recognise the format by sampling the keyspace'
connect-redis\t'express-session with connect-redis (`sess:<id>`, JSON)'
spring-session\t'Spring Session Data Redis (`spring:session:sessions:<id>` hashes)'
django\t'Django\'s cache session backend (`:1:django.contrib.sessions.cache<key>`, pickle)'
flask-session\t'Flask-Session (`session:<id>`, msgpack)'
php\t'PHP\'s phpredis session handler (`PHPREDIS_SESSION:<id>`)'
json\t'Any store of JSON strings (with --prefix and --user-field)'
koa-redis\t'Koa with koa-generic-session and koa-redis (`koa:sess:<id>`, JSON)'"
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from delete" -l prefix -d 'Key prefix of the sessions, overriding the store preset\'s (e.g. `myapp:sess:`)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from delete" -l user-field -d 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset\'s. An object found there stands for its `id` member' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from delete" -l timeout -d 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from delete" -l pace -d 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications\' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from delete" -l tls-ca -d 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system\'s' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from delete" -l tls-cert -d 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from delete" -l tls-key -d 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from delete" -l tls-server-name -d 'rediss://: verify the server\'s certificate against NAME (and send it as SNI) rather than the URL\'s host: for a server reached through a tunnel or by IP address' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from delete" -l dry-run -d 'Show what would be deleted and change nothing'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation (needed without a terminal)'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys\' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from delete" -l ask-password -d 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL\'s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from delete" -l tls-insecure -d 'rediss://: do not verify the server\'s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from help" -f -a "list" -d 'List sessions: id, user, time to live, created and last access, size'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one session: the whole decoded record, its key, type, TTL, size and user'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from help" -f -a "stats" -d 'Count sessions: logged in vs anonymous, distinct users, top users, TTL and size histograms'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from help" -f -a "expire" -d 'Shorten sessions\' remaining lifetime, never lengthening it (`--in 0` ends them now)'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete sessions with everything that belongs to them (asks first on a terminal)'
complete -c sessctl -n "__fish_sessctl_using_subcommand sessions; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sessctl -n "__fish_sessctl_using_subcommand revoke-user" -l audit-log -d 'Append one JSON line per step of this destructive command to FILE (created when missing): time, user, host, command, arguments (secrets removed), store, what changed, result' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand revoke-user" -l denylist-prefix -d 'Key namespace of the JWT denylist and the per-user cut-offs (see docs/revocation.md for the layout)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand revoke-user" -l max-passes -d 'The bound on --until-clean\'s passes' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand revoke-user" -l user-claim -d 'The JWT claim the cut-off applies to (the user id is compared with it)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand revoke-user" -l scan-count -d 'Keys asked for per SCAN call (the COUNT hint)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand revoke-user" -s o -l output -d 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line' -r -f -a "table\t'The human form: text and tables'
json\t'One JSON document'
ndjson\t'One JSON object per line per item, for streaming into jq'"
complete -c sessctl -n "__fish_sessctl_using_subcommand revoke-user" -l color -d 'When to use colour. `auto` honours NO_COLOR and colours only a terminal' -r -f -a "auto\t'Colour when the stream is a terminal, NO_COLOR is unset or empty and TERM is not dumb'
always\t'Always colour'
never\t'Never colour'"
complete -c sessctl -n "__fish_sessctl_using_subcommand revoke-user" -l redis-url -d 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number. Any node of a Redis Cluster will do; repeat the option to give several nodes of one cluster, which are tried in order until one answers' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand revoke-user" -l read-url -d 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user\'s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database. On a Redis Cluster, use --read-from replica instead' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand revoke-user" -l read-from -d 'On a Redis Cluster, where scans and value fetches go: each shard\'s `primary`, or one of its replicas (`replica`: READONLY; a shard with no replica that answers is read from its primary, as --verbose says). Writes and revoke-user\'s check before each deletion always go to the primary. On one server, give the replica with --read-url' -r -f -a "primary\t'Each shard\'s primary'
replica\t'A replica of each shard (the primary for a shard none of whose replicas answers)'"
complete -c sessctl -n "__fish_sessctl_using_subcommand revoke-user" -l cluster-address-map -d 'Reach the Redis Cluster node that the cluster advertises as FROM at TO instead (each host:port), for nodes behind NAT, a tunnel or a container network. Repeatable; in the environment, comma-separated' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand revoke-user" -l store -d 'The session format in the store (which web framework wrote it)' -r -f -a "auto\t'Recognise the format by sampling the keyspace'
connect-redis\t'express-session with connect-redis (`sess:<id>`, JSON)'
spring-session\t'Spring Session Data Redis (`spring:session:sessions:<id>` hashes)'
django\t'Django\'s cache session backend (`:1:django.contrib.sessions.cache<key>`, pickle)'
flask-session\t'Flask-Session (`session:<id>`, msgpack)'
php\t'PHP\'s phpredis session handler (`PHPREDIS_SESSION:<id>`)'
json\t'Any store of JSON strings (with --prefix and --user-field)'
koa-redis\t'Koa with koa-generic-session and koa-redis (`koa:sess:<id>`, JSON)'"
complete -c sessctl -n "__fish_sessctl_using_subcommand revoke-user" -l prefix -d 'Key prefix of the sessions, overriding the store preset\'s (e.g. `myapp:sess:`)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand revoke-user" -l user-field -d 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset\'s. An object found there stands for its `id` member' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand revoke-user" -l timeout -d 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand revoke-user" -l pace -d 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications\' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand revoke-user" -l tls-ca -d 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system\'s' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand revoke-user" -l tls-cert -d 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand revoke-user" -l tls-key -d 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand revoke-user" -l tls-server-name -d 'rediss://: verify the server\'s certificate against NAME (and send it as SNI) rather than the URL\'s host: for a server reached through a tunnel or by IP address' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand revoke-user" -l dry-run -d 'Show what would be deleted and change nothing (no cut-off is recorded either)'
complete -c sessctl -n "__fish_sessctl_using_subcommand revoke-user" -s y -l yes -d 'Do not ask for confirmation (needed without a terminal)'
complete -c sessctl -n "__fish_sessctl_using_subcommand revoke-user" -l until-clean -d 'Repeat passes until one finds no session of the user (a user logging in again during the scan can leave a new session behind); at most --max-passes'
complete -c sessctl -n "__fish_sessctl_using_subcommand revoke-user" -l full-scan -d 'Scan the whole store even where a per-user index exists (spring-session), to catch sessions the index missed'
complete -c sessctl -n "__fish_sessctl_using_subcommand revoke-user" -l include-undecodable-matching -d 'Also remove records that cannot be decoded (so whose owner is unknown) when their bytes hold the user id as a whole token. Never by default; try it with --dry-run first, which lists them first'
complete -c sessctl -n "__fish_sessctl_using_subcommand revoke-user" -l no-cutoff -d 'Do not record a JWT cut-off for the user'
complete -c sessctl -n "__fish_sessctl_using_subcommand revoke-user" -s v -l verbose -d 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys\' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from'
complete -c sessctl -n "__fish_sessctl_using_subcommand revoke-user" -l ask-password -d 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL\'s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH'
complete -c sessctl -n "__fish_sessctl_using_subcommand revoke-user" -l tls-insecure -d 'rediss://: do not verify the server\'s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time'
complete -c sessctl -n "__fish_sessctl_using_subcommand revoke-user" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessctl -n "__fish_sessctl_using_subcommand sandbox" -l redis-server -d 'The redis-server binary to start (default: `redis-server` on PATH)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sandbox" -s o -l output -d 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line' -r -f -a "table\t'The human form: text and tables'
json\t'One JSON document'
ndjson\t'One JSON object per line per item, for streaming into jq'"
complete -c sessctl -n "__fish_sessctl_using_subcommand sandbox" -l color -d 'When to use colour. `auto` honours NO_COLOR and colours only a terminal' -r -f -a "auto\t'Colour when the stream is a terminal, NO_COLOR is unset or empty and TERM is not dumb'
always\t'Always colour'
never\t'Never colour'"
complete -c sessctl -n "__fish_sessctl_using_subcommand sandbox" -l redis-url -d 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number. Any node of a Redis Cluster will do; repeat the option to give several nodes of one cluster, which are tried in order until one answers' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sandbox" -l read-url -d 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user\'s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database. On a Redis Cluster, use --read-from replica instead' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sandbox" -l read-from -d 'On a Redis Cluster, where scans and value fetches go: each shard\'s `primary`, or one of its replicas (`replica`: READONLY; a shard with no replica that answers is read from its primary, as --verbose says). Writes and revoke-user\'s check before each deletion always go to the primary. On one server, give the replica with --read-url' -r -f -a "primary\t'Each shard\'s primary'
replica\t'A replica of each shard (the primary for a shard none of whose replicas answers)'"
complete -c sessctl -n "__fish_sessctl_using_subcommand sandbox" -l cluster-address-map -d 'Reach the Redis Cluster node that the cluster advertises as FROM at TO instead (each host:port), for nodes behind NAT, a tunnel or a container network. Repeatable; in the environment, comma-separated' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sandbox" -l store -d 'The session format in the store (which web framework wrote it)' -r -f -a "auto\t'Recognise the format by sampling the keyspace'
connect-redis\t'express-session with connect-redis (`sess:<id>`, JSON)'
spring-session\t'Spring Session Data Redis (`spring:session:sessions:<id>` hashes)'
django\t'Django\'s cache session backend (`:1:django.contrib.sessions.cache<key>`, pickle)'
flask-session\t'Flask-Session (`session:<id>`, msgpack)'
php\t'PHP\'s phpredis session handler (`PHPREDIS_SESSION:<id>`)'
json\t'Any store of JSON strings (with --prefix and --user-field)'
koa-redis\t'Koa with koa-generic-session and koa-redis (`koa:sess:<id>`, JSON)'"
complete -c sessctl -n "__fish_sessctl_using_subcommand sandbox" -l prefix -d 'Key prefix of the sessions, overriding the store preset\'s (e.g. `myapp:sess:`)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sandbox" -l user-field -d 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset\'s. An object found there stands for its `id` member' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sandbox" -l timeout -d 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sandbox" -l pace -d 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications\' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sandbox" -l tls-ca -d 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system\'s' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand sandbox" -l tls-cert -d 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand sandbox" -l tls-key -d 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand sandbox" -l tls-server-name -d 'rediss://: verify the server\'s certificate against NAME (and send it as SNI) rather than the URL\'s host: for a server reached through a tunnel or by IP address' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand sandbox" -s v -l verbose -d 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys\' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from'
complete -c sessctl -n "__fish_sessctl_using_subcommand sandbox" -l ask-password -d 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL\'s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH'
complete -c sessctl -n "__fish_sessctl_using_subcommand sandbox" -l tls-insecure -d 'rediss://: do not verify the server\'s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time'
complete -c sessctl -n "__fish_sessctl_using_subcommand sandbox" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessctl -n "__fish_sessctl_using_subcommand completions" -s o -l output -d 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line' -r -f -a "table\t'The human form: text and tables'
json\t'One JSON document'
ndjson\t'One JSON object per line per item, for streaming into jq'"
complete -c sessctl -n "__fish_sessctl_using_subcommand completions" -l color -d 'When to use colour. `auto` honours NO_COLOR and colours only a terminal' -r -f -a "auto\t'Colour when the stream is a terminal, NO_COLOR is unset or empty and TERM is not dumb'
always\t'Always colour'
never\t'Never colour'"
complete -c sessctl -n "__fish_sessctl_using_subcommand completions" -l redis-url -d 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number. Any node of a Redis Cluster will do; repeat the option to give several nodes of one cluster, which are tried in order until one answers' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand completions" -l read-url -d 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user\'s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database. On a Redis Cluster, use --read-from replica instead' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand completions" -l read-from -d 'On a Redis Cluster, where scans and value fetches go: each shard\'s `primary`, or one of its replicas (`replica`: READONLY; a shard with no replica that answers is read from its primary, as --verbose says). Writes and revoke-user\'s check before each deletion always go to the primary. On one server, give the replica with --read-url' -r -f -a "primary\t'Each shard\'s primary'
replica\t'A replica of each shard (the primary for a shard none of whose replicas answers)'"
complete -c sessctl -n "__fish_sessctl_using_subcommand completions" -l cluster-address-map -d 'Reach the Redis Cluster node that the cluster advertises as FROM at TO instead (each host:port), for nodes behind NAT, a tunnel or a container network. Repeatable; in the environment, comma-separated' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand completions" -l store -d 'The session format in the store (which web framework wrote it)' -r -f -a "auto\t'Recognise the format by sampling the keyspace'
connect-redis\t'express-session with connect-redis (`sess:<id>`, JSON)'
spring-session\t'Spring Session Data Redis (`spring:session:sessions:<id>` hashes)'
django\t'Django\'s cache session backend (`:1:django.contrib.sessions.cache<key>`, pickle)'
flask-session\t'Flask-Session (`session:<id>`, msgpack)'
php\t'PHP\'s phpredis session handler (`PHPREDIS_SESSION:<id>`)'
json\t'Any store of JSON strings (with --prefix and --user-field)'
koa-redis\t'Koa with koa-generic-session and koa-redis (`koa:sess:<id>`, JSON)'"
complete -c sessctl -n "__fish_sessctl_using_subcommand completions" -l prefix -d 'Key prefix of the sessions, overriding the store preset\'s (e.g. `myapp:sess:`)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand completions" -l user-field -d 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset\'s. An object found there stands for its `id` member' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand completions" -l timeout -d 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand completions" -l pace -d 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications\' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand completions" -l tls-ca -d 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system\'s' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand completions" -l tls-cert -d 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand completions" -l tls-key -d 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand completions" -l tls-server-name -d 'rediss://: verify the server\'s certificate against NAME (and send it as SNI) rather than the URL\'s host: for a server reached through a tunnel or by IP address' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand completions" -s v -l verbose -d 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys\' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from'
complete -c sessctl -n "__fish_sessctl_using_subcommand completions" -l ask-password -d 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL\'s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH'
complete -c sessctl -n "__fish_sessctl_using_subcommand completions" -l tls-insecure -d 'rediss://: do not verify the server\'s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time'
complete -c sessctl -n "__fish_sessctl_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessctl -n "__fish_sessctl_using_subcommand man" -s o -l output -d 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line' -r -f -a "table\t'The human form: text and tables'
json\t'One JSON document'
ndjson\t'One JSON object per line per item, for streaming into jq'"
complete -c sessctl -n "__fish_sessctl_using_subcommand man" -l color -d 'When to use colour. `auto` honours NO_COLOR and colours only a terminal' -r -f -a "auto\t'Colour when the stream is a terminal, NO_COLOR is unset or empty and TERM is not dumb'
always\t'Always colour'
never\t'Never colour'"
complete -c sessctl -n "__fish_sessctl_using_subcommand man" -l redis-url -d 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number. Any node of a Redis Cluster will do; repeat the option to give several nodes of one cluster, which are tried in order until one answers' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand man" -l read-url -d 'A replica of --redis-url to read from: every scan and read goes there, every write (and revoke-user\'s check before each deletion) to --redis-url, so that a lagging replica never causes a wrong deletion. Same password, TLS options and database. On a Redis Cluster, use --read-from replica instead' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand man" -l read-from -d 'On a Redis Cluster, where scans and value fetches go: each shard\'s `primary`, or one of its replicas (`replica`: READONLY; a shard with no replica that answers is read from its primary, as --verbose says). Writes and revoke-user\'s check before each deletion always go to the primary. On one server, give the replica with --read-url' -r -f -a "primary\t'Each shard\'s primary'
replica\t'A replica of each shard (the primary for a shard none of whose replicas answers)'"
complete -c sessctl -n "__fish_sessctl_using_subcommand man" -l cluster-address-map -d 'Reach the Redis Cluster node that the cluster advertises as FROM at TO instead (each host:port), for nodes behind NAT, a tunnel or a container network. Repeatable; in the environment, comma-separated' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand man" -l store -d 'The session format in the store (which web framework wrote it)' -r -f -a "auto\t'Recognise the format by sampling the keyspace'
connect-redis\t'express-session with connect-redis (`sess:<id>`, JSON)'
spring-session\t'Spring Session Data Redis (`spring:session:sessions:<id>` hashes)'
django\t'Django\'s cache session backend (`:1:django.contrib.sessions.cache<key>`, pickle)'
flask-session\t'Flask-Session (`session:<id>`, msgpack)'
php\t'PHP\'s phpredis session handler (`PHPREDIS_SESSION:<id>`)'
json\t'Any store of JSON strings (with --prefix and --user-field)'
koa-redis\t'Koa with koa-generic-session and koa-redis (`koa:sess:<id>`, JSON)'"
complete -c sessctl -n "__fish_sessctl_using_subcommand man" -l prefix -d 'Key prefix of the sessions, overriding the store preset\'s (e.g. `myapp:sess:`)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand man" -l user-field -d 'Where the user id sits in a session, as a dotted path (e.g. `account.id`), overriding the store preset\'s. An object found there stands for its `id` member' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand man" -l timeout -d 'Timeout for connecting to Redis and for each Redis command (default 5s); for `jwt verify`, also for fetching --jwks-url (default 10s there, for both). `500ms`, `5s`, `1m30s`. An unreachable or silent server fails with exit 3 after this long' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand man" -l pace -d 'How hard to work the Redis server while scanning: `auto` (default: one small request at a time, resting half as long as each took, longer when the server slows down), `gentle` (smaller requests, rests three times as long), `full` (no pacing: fastest, but the applications\' requests wait; for emergencies), or a rate of keys scanned per second (`2000/s`)' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand man" -l tls-ca -d 'rediss://: trust the CA certificates in FILE (PEM, one or more) instead of the system\'s' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand man" -l tls-cert -d 'rediss://: present the client certificate in FILE (PEM, chain allowed), for servers with `tls-auth-clients yes`. Needs --tls-key' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand man" -l tls-key -d 'rediss://: the private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1). Never printed' -r -F
complete -c sessctl -n "__fish_sessctl_using_subcommand man" -l tls-server-name -d 'rediss://: verify the server\'s certificate against NAME (and send it as SNI) rather than the URL\'s host: for a server reached through a tunnel or by IP address' -r
complete -c sessctl -n "__fish_sessctl_using_subcommand man" -s v -l verbose -d 'Say on stderr what sessctl learns about the Redis server and how it treats it: whether reads leave the keys\' access times alone (`CLIENT NO-TOUCH`, Redis 7.2+), and the pace; on a Redis Cluster, the seed node used and where each shard is read from'
complete -c sessctl -n "__fish_sessctl_using_subcommand man" -l ask-password -d 'Ask for the Redis password on the terminal (not echoed). Otherwise the URL\'s password is used, else SESSCTL_REDIS_PASSWORD, else REDISCLI_AUTH'
complete -c sessctl -n "__fish_sessctl_using_subcommand man" -l tls-insecure -d 'rediss://: do not verify the server\'s certificate at all (anyone on the path can read and change the traffic). Warned about on stderr every time'
complete -c sessctl -n "__fish_sessctl_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessctl -n "__fish_sessctl_using_subcommand help; and not __fish_seen_subcommand_from jwt sessions revoke-user sandbox completions man help" -f -a "jwt" -d 'Decode, inspect and verify JSON Web Tokens'
complete -c sessctl -n "__fish_sessctl_using_subcommand help; and not __fish_seen_subcommand_from jwt sessions revoke-user sandbox completions man help" -f -a "sessions" -d 'List, show and count the server-side sessions web frameworks keep in Redis'
complete -c sessctl -n "__fish_sessctl_using_subcommand help; and not __fish_seen_subcommand_from jwt sessions revoke-user sandbox completions man help" -f -a "revoke-user" -d 'Remove every session of a user, and record a JWT cut-off for them'
complete -c sessctl -n "__fish_sessctl_using_subcommand help; and not __fish_seen_subcommand_from jwt sessions revoke-user sandbox completions man help" -f -a "sandbox" -d 'Start a private redis-server loaded with every store preset\'s sample sessions'
complete -c sessctl -n "__fish_sessctl_using_subcommand help; and not __fish_seen_subcommand_from jwt sessions revoke-user sandbox completions man help" -f -a "completions" -d 'Print a shell completion script'
complete -c sessctl -n "__fish_sessctl_using_subcommand help; and not __fish_seen_subcommand_from jwt sessions revoke-user sandbox completions man help" -f -a "man" -d 'Print the man page (roff) on standard output'
complete -c sessctl -n "__fish_sessctl_using_subcommand help; and not __fish_seen_subcommand_from jwt sessions revoke-user sandbox completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sessctl -n "__fish_sessctl_using_subcommand help; and __fish_seen_subcommand_from jwt" -f -a "decode" -d 'Show a token\'s header, payload and signature, and what is worth knowing about it'
complete -c sessctl -n "__fish_sessctl_using_subcommand help; and __fish_seen_subcommand_from jwt" -f -a "verify" -d 'Check a token\'s signature and claims: is it valid, and if not, why'
complete -c sessctl -n "__fish_sessctl_using_subcommand help; and __fish_seen_subcommand_from jwt" -f -a "revoke" -d 'Revoke tokens: record each in the Redis denylist until it would have expired'
complete -c sessctl -n "__fish_sessctl_using_subcommand help; and __fish_seen_subcommand_from sessions" -f -a "list" -d 'List sessions: id, user, time to live, created and last access, size'
complete -c sessctl -n "__fish_sessctl_using_subcommand help; and __fish_seen_subcommand_from sessions" -f -a "show" -d 'Show one session: the whole decoded record, its key, type, TTL, size and user'
complete -c sessctl -n "__fish_sessctl_using_subcommand help; and __fish_seen_subcommand_from sessions" -f -a "stats" -d 'Count sessions: logged in vs anonymous, distinct users, top users, TTL and size histograms'
complete -c sessctl -n "__fish_sessctl_using_subcommand help; and __fish_seen_subcommand_from sessions" -f -a "expire" -d 'Shorten sessions\' remaining lifetime, never lengthening it (`--in 0` ends them now)'
complete -c sessctl -n "__fish_sessctl_using_subcommand help; and __fish_seen_subcommand_from sessions" -f -a "delete" -d 'Delete sessions with everything that belongs to them (asks first on a terminal)'
