//! README.md documents every exit code and every environment variable sessctl reads.

#[test]
fn readme_documents_exit_codes_and_env_vars() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for exit in sessctl::exit::Exit::ALL {
        let row = format!("| {} |", exit.code());
        assert!(
            readme.contains(&row),
            "README's exit-code table lacks {row}"
        );
    }
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
            readme.contains(&format!("`{var}`")),
            "README does not document {var}"
        );
    }
}

#[test]
fn readme_quick_start_token_decodes() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let line = readme
        .lines()
        .find(|l| l.starts_with("cargo install --path . && sessctl jwt decode "))
        .expect("README has the quick-start line");
    let token = line.rsplit(' ').next().unwrap();
    let (code, out, err) = crate::support::run(&["jwt", "decode", "--at", "1700000000", token], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"name\": \"Alice\""), "{out}");
}
