//! README.md and docs/ are true mechanically: the exit-code table is the one `src/exit.rs`
//! generates, every environment variable sessctl reads is documented, the quick-start line works,
//! and every `console` example runs and prints what it shows (the session examples against the
//! sandbox's connect-redis data in a throwaway redis-server).

use crate::support::redis::TestRedis;

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn readme_exit_codes_are_generated_from_exit_rs() {
    let readme = read("README.md");
    let table = sessctl::exit::Exit::markdown_table();
    assert!(
        readme.contains(&table),
        "README's exit-code table differs from src/exit.rs; it should read:\n{table}"
    );
}

#[test]
fn every_environment_variable_is_documented() {
    let docs = read("docs/options.md");
    let mut vars = vec![];
    fn collect(cmd: &clap::Command, vars: &mut Vec<String>) {
        for arg in cmd.get_arguments() {
            if let Some(env) = arg.get_env() {
                vars.push(env.to_string_lossy().into_owned());
            }
        }
        for sub in cmd.get_subcommands() {
            collect(sub, vars);
        }
    }
    collect(&sessctl::cli::Cli::full_command(), &mut vars);
    vars.push("NO_COLOR".into());
    for var in vars {
        assert!(
            docs.contains(&format!("`{var}`")),
            "docs/options.md does not document {var}"
        );
    }
}

#[test]
fn readme_quick_start_token_decodes() {
    let readme = read("README.md");
    let line = readme
        .lines()
        .find(|l| l.starts_with("cargo install --path . && sessctl jwt decode "))
        .expect("README has the quick-start line");
    let token = line.rsplit(' ').next().unwrap();
    let (code, out, err) = crate::support::run(&["jwt", "decode", "--at", "1700000000", token], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"name\": \"Alice\""), "{out}");
}

/// Output compared loosely where it depends on when the data was loaded: runs of spaces are one
/// space (column widths follow the values) and times to live are `[TTL]`.
fn normalize(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            let mut out: Vec<String> = Vec::new();
            let mut i = 0;
            while i < words.len() {
                let w = words[i];
                let unit = |w: &str, u: char| {
                    w.len() > 1
                        && w.ends_with(u)
                        && w[..w.len() - 1].bytes().all(|b| b.is_ascii_digit())
                };
                let is_ttl = |w: &str| ['d', 'h', 'm', 's'].iter().any(|u| unit(w, *u));
                if is_ttl(w) && !l.contains("expires in") && !l.contains("ago") {
                    while i + 1 < words.len() && is_ttl(words[i + 1]) {
                        i += 1;
                    }
                    out.push("[TTL]".into());
                } else {
                    out.push(w.to_owned());
                }
                i += 1;
            }
            out.join(" ")
        })
        .collect()
}

/// The `console` blocks of `markdown`: (command line, expected output lines).
fn examples(markdown: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut in_block = false;
    for line in markdown.lines() {
        if line.starts_with("```console") {
            in_block = true;
        } else if line.starts_with("```") {
            in_block = false;
        } else if in_block {
            match line.strip_prefix("$ ") {
                Some(cmd) => out.push((cmd.to_owned(), Vec::new())),
                None => out.last_mut().unwrap().1.push(line.to_owned()),
            }
        }
    }
    out
}

#[test]
fn readme_and_docs_console_examples_print_what_they_show() {
    let r = TestRedis::start();
    let mut c = r.conn(0);
    sessctl::store::records::load_jsonl(&mut c, &read("assets/sandbox/connect-redis.jsonl"))
        .unwrap();
    let url = r.url(0);
    let mut cases = examples(&read("README.md"));
    assert!(cases.len() >= 5, "README has its examples");
    for doc in ["jwt", "sessions", "revocation", "options", "development"] {
        cases.extend(examples(&read(&format!("docs/{doc}.md"))));
    }
    for (cmd, expected) in cases {
        let args: Vec<&str> = cmd.split_whitespace().collect();
        assert_eq!(args[0], "sessctl", "{cmd}");
        let out = crate::support::sessctl(&args[1..])
            .env("SESSCTL_REDIS_URL", &url)
            .output()
            .unwrap();
        let actual = normalize(&String::from_utf8_lossy(&out.stdout));
        let expected = normalize(&expected.join("\n"));
        // A last line `...` stands for the rest of the output.
        let (expected, rest) = match expected.split_last() {
            Some((last, head)) if last == "..." => (head.to_vec(), true),
            _ => (expected, false),
        };
        let shown = if rest {
            actual.get(..expected.len()).unwrap_or(&actual).to_vec()
        } else {
            actual.clone()
        };
        assert_eq!(
            shown,
            expected,
            "README example `{cmd}` printed:\n{}\nstderr: {}",
            actual.join("\n"),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
