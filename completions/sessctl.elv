
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
            cand jwt 'Decode and inspect JSON Web Tokens'
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
        &'sessctl;jwt;help'= {
            cand decode 'Show a token''s header, payload and signature, and what is worth knowing about it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessctl;jwt;help;decode'= {
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
            cand jwt 'Decode and inspect JSON Web Tokens'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff) on standard output'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessctl;help;jwt'= {
            cand decode 'Show a token''s header, payload and signature, and what is worth knowing about it'
        }
        &'sessctl;help;jwt;decode'= {
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
