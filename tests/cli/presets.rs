//! The preset table (`store::preset::PRESETS`) is the one place the rest of sessctl reads: every
//! module in src/store/preset/ is a row of it, every preset in it is a `--store` value with its
//! help, has real-library fixtures that the listing
//! and auto-detection tests load (tests/cli/sessions_list.rs `SETS`), is served by the sandbox in
//! a database of its own where `--store auto` finds it, and has its row in docs/sessions.md. A
//! preset left out of any of these fails here.

use sessctl::store::preset::{self, PRESETS};

use crate::sessions_list::SETS;
use crate::support::redis::TestRedis;
use crate::support::{fixture, run, run_json};

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_preset_is_a_store_value_with_its_help() {
    for args in [
        &["sessions", "list", "--help"][..],
        &["revoke-user", "--help"],
    ] {
        let (code, out, err) = run(args, "");
        assert_eq!((code, err.as_str()), (0, ""), "{args:?}");
        let out = words(&out);
        for k in PRESETS {
            let value = words(&format!("- {}: {}", k.name(), k.help()));
            assert!(out.contains(&value), "{args:?} lacks `{value}`:\n{out}");
        }
    }
    let (code, _, err) = run(&["sessions", "list", "--store", "nosuch"], "");
    assert_eq!(code, 2);
    let names: Vec<&str> = PRESETS.iter().map(|k| k.name()).collect();
    assert!(
        err.contains(&format!("[possible values: auto, {}]", names.join(", "))),
        "{err}"
    );
}

#[test]
fn every_preset_module_is_a_row_of_the_table() {
    // One module per preset, named after it (`connect_redis.rs` is `connect-redis`): a module
    // written but left out of the table is caught here.
    let dir = format!("{}/src/store/preset", env!("CARGO_MANIFEST_DIR"));
    let mut modules: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f != "mod.rs")
        .map(|f| f.strip_suffix(".rs").unwrap_or(&f).replace('_', "-"))
        .collect();
    modules.sort();
    let mut names: Vec<String> = PRESETS.iter().map(|k| k.name().to_owned()).collect();
    names.sort();
    assert_eq!(modules, names, "src/store/preset/*.rs against PRESETS");
}

#[test]
fn every_preset_has_real_library_fixtures_that_the_listing_tests_load() {
    for k in PRESETS {
        let sets: Vec<&str> = SETS
            .iter()
            .filter(|(_, store)| *store == k.name())
            .map(|(file, _)| *file)
            .collect();
        assert!(
            !sets.is_empty(),
            "{}: no fixture in tests/cli/sessions_list.rs SETS",
            k.name()
        );
        for file in sets {
            assert!(fixture(&format!("sessions/{file}")).is_file(), "{file}");
        }
    }
    assert!(
        SETS.iter().all(|(_, store)| preset::named(store).is_some()),
        "a fixture set names a preset that is not in the table"
    );
}

#[test]
fn every_sandbox_sample_is_found_by_auto_detection_as_its_preset() {
    let r = TestRedis::start();
    let samples: Vec<_> = preset::sandbox().collect();
    assert!(samples.len() <= 16, "one database per sample");
    for k in PRESETS {
        assert!(
            samples.iter().any(|(s, _)| s == k),
            "{} has no sandbox database",
            k.name()
        );
    }
    for (db, (k, sample)) in samples.iter().enumerate() {
        let db = u8::try_from(db).unwrap();
        let n = sessctl::store::records::load_jsonl(&mut r.conn(db), sample.records).unwrap();
        assert!(n > 0, "{}: {}", k.name(), sample.what);
        let (code, v, err) = run_json(
            &["sessions", "stats", "-o", "json", "--redis-url", &r.url(db)],
            "",
        );
        assert_eq!(
            (code, err.as_str()),
            (0, ""),
            "{}: {}",
            k.name(),
            sample.what
        );
        assert_eq!(v["store"], k.name(), "{}", sample.what);
        assert!(v["logged_in"].as_u64().unwrap() > 0, "{}: {v}", sample.what);
    }
}

/// `markdown` with the table that starts with `table`'s header line replaced by `table`.
fn with_table(markdown: &str, table: &str) -> String {
    let header = table.lines().next().unwrap();
    let mut out = String::new();
    let mut lines = markdown.lines().peekable();
    while let Some(line) = lines.next() {
        if line == header {
            while lines.peek().is_some_and(|l| l.starts_with('|')) {
                lines.next();
            }
            out.push_str(table);
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Regenerate with `SNAPSHOTS=overwrite cargo test --test cli presets`.
#[test]
fn the_docs_preset_table_and_sandbox_list_are_the_tables() {
    let path = format!("{}/docs/sessions.md", env!("CARGO_MANIFEST_DIR"));
    let docs = std::fs::read_to_string(&path).unwrap();
    let tables = [
        ("preset table", preset::markdown_table()),
        ("sandbox database list", preset::sandbox_markdown()),
    ];
    if std::env::var_os("SNAPSHOTS").is_some_and(|v| v == "overwrite") {
        let updated = tables
            .iter()
            .fold(docs.clone(), |d, (_, table)| with_table(&d, table));
        if updated != docs {
            std::fs::write(&path, updated).unwrap();
        }
        return;
    }
    for (what, table) in tables {
        assert!(
            docs.contains(&table),
            "docs/sessions.md's {what} differs from src/store/preset (regenerate with SNAPSHOTS=overwrite cargo test --test cli presets); it should read:\n{table}"
        );
    }
}
