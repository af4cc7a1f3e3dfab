
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
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The session format in the store (which web framework wrote it)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('jwt', 'jwt', [CompletionResultType]::ParameterValue, 'Decode and inspect JSON Web Tokens')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff) on standard output')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessctl;jwt' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `auto` honours NO_COLOR and colours only a terminal')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The session format in the store (which web framework wrote it)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('decode', 'decode', [CompletionResultType]::ParameterValue, 'Show a token''s header, payload and signature, and what is worth knowing about it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessctl;jwt;decode' {
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Evaluate the time claims as of this moment instead of now (RFC 3339 or unix seconds)')
            [CompletionResult]::new('--max-size', '--max-size', [CompletionResultType]::ParameterName, 'Refuse any token larger than this many bytes (accepts K, M suffixes: 64K, 1M)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `auto` honours NO_COLOR and colours only a terminal')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The session format in the store (which web framework wrote it)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessctl;jwt;help' {
            [CompletionResult]::new('decode', 'decode', [CompletionResultType]::ParameterValue, 'Show a token''s header, payload and signature, and what is worth knowing about it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessctl;jwt;help;decode' {
            break
        }
        'sessctl;jwt;help;help' {
            break
        }
        'sessctl;completions' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `auto` honours NO_COLOR and colours only a terminal')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The session format in the store (which web framework wrote it)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessctl;man' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for one document, `ndjson` for one object per line')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `auto` honours NO_COLOR and colours only a terminal')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'The Redis server holding sessions: redis://, rediss:// (TLS) or redis+unix:// URL, with an optional user:password@ and database number')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The session format in the store (which web framework wrote it)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessctl;help' {
            [CompletionResult]::new('jwt', 'jwt', [CompletionResultType]::ParameterValue, 'Decode and inspect JSON Web Tokens')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff) on standard output')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessctl;help;jwt' {
            [CompletionResult]::new('decode', 'decode', [CompletionResultType]::ParameterValue, 'Show a token''s header, payload and signature, and what is worth knowing about it')
            break
        }
        'sessctl;help;jwt;decode' {
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
