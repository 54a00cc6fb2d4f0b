//! Runs BuildKit's own word-lexer tables (`frontend/dockerfile/shell/envVarTest`
//! and `wordsTest`, Apache-2.0, copied unchanged into the shared corpus) against
//! `dockwright::semantic::expand`, reading them the way BuildKit's
//! `lex_test.go` does.
//!
//! The corpus lives outside this repository; when it is absent the tests print
//! a note and pass.

use std::collections::HashMap;
use std::path::PathBuf;

use dockwright::semantic::expand::{Env, Lex};

fn corpus_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus/buildkit-testfiles/shell"
    ));
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipping: ../shared corpus not found (looked for {})",
            dir.display()
        );
        None
    }
}

fn read_table(name: &str) -> Option<String> {
    let path = corpus_dir()?.join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) => panic!("cannot read {}: {e}", path.display()),
    }
}

/// `envVarTest`: `PLATFORM|input|expected` lines, each field trimmed; `W` lines
/// are Windows-only and skipped, `A` and `U` lines run; `error` means the input
/// must be rejected. Comment lines start with `#`; blank lines are skipped.
#[test]
fn buildkit_env_var_table() {
    let Some(table) = read_table("envVarTest") else {
        return;
    };
    // The environment of lex_test.go's TestShellParser4EnvVars.
    let pairs = [
        ("PWD", "/home"),
        ("SHELL", "bash"),
        ("KOREAN", "한국어"),
        ("NULL", ""),
    ];
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    // BuildKit runs every line against a slice and a map environment.
    let envs: [(&str, &dyn Env); 2] = [("pairs", &pairs), ("map", &map)];

    let lex = Lex::new('\\');
    let (mut passed, mut skipped) = (0usize, 0usize);
    let mut failures = Vec::new();
    for (n, line) in table.lines().enumerate() {
        let lineno = n + 1;
        if line.starts_with('#') {
            continue;
        }
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('|').collect();
        assert_eq!(
            fields.len(),
            3,
            "line {lineno}: expected 3 fields: {line:?}"
        );
        let (platform, source, expected) = (fields[0].trim(), fields[1].trim(), fields[2].trim());
        match platform {
            "W" => {
                skipped += 1;
                continue;
            }
            "A" | "U" => {}
            other => panic!("line {lineno}: invalid platform tag {other:?}"),
        }
        let mut ok = true;
        for (env_name, env) in envs {
            let got = lex.process_word(source, env);
            let good = match (&got, expected) {
                (Err(_), "error") => true,
                (Ok(e), want) if want != "error" => e.value == want,
                _ => false,
            };
            if !good {
                ok = false;
                failures.push(format!(
                    "line {lineno} ({env_name} env): {source:?} expected {expected:?}, got {got:?}"
                ));
            }
        }
        if ok {
            passed += 1;
        }
    }
    eprintln!("envVarTest: {passed} lines passed, {skipped} Windows-only lines skipped");
    assert!(
        failures.is_empty(),
        "envVarTest failures:\n{}",
        failures.join("\n")
    );
    assert!(passed > 0, "no envVarTest lines were run");
}

/// `wordsTest`: `ENV k=v` lines add to the environment (a later value of a name
/// replaces an earlier one); other lines are `input | w1,w2,...`, the input
/// trimmed, the expected words split at commas after trimming leading spaces
/// only (trailing spaces are part of the last word); `error` means rejection.
///
/// BuildKit's test loops over a second mode (RawQuotes + SkipUnsetEnv) reusing
/// the same, already exhausted, file reader, so in effect only the normal mode
/// is checked there; the same is done here.
#[test]
fn buildkit_words_table() {
    let Some(table) = read_table("wordsTest") else {
        return;
    };
    let lex = Lex::new('\\');
    let mut env: HashMap<String, String> = HashMap::new();
    let mut passed = 0usize;
    let mut failures = Vec::new();
    for (n, line) in table.lines().enumerate() {
        let lineno = n + 1;
        if line.starts_with('#') {
            continue;
        }
        if let Some(rest) = line.strip_prefix("ENV ") {
            let rest = rest.trim_start_matches(' ');
            let (k, v) = rest.split_once('=').unwrap_or((rest, ""));
            env.insert(k.to_owned(), v.to_owned());
            continue;
        }
        let fields: Vec<&str> = line.split('|').collect();
        assert_eq!(
            fields.len(),
            2,
            "line {lineno}: expected exactly one '|': {line:?}"
        );
        let input = fields[0].trim();
        let expected: Vec<&str> = fields[1].trim_start_matches(' ').split(',').collect();
        let got = match lex.process_words(input, &env) {
            Ok(words) => words,
            Err(_) => vec!["error".to_owned()],
        };
        // process_word must split the same way.
        let got_via_word = match lex.process_word(input, &env) {
            Ok(e) => e.words,
            Err(_) => vec!["error".to_owned()],
        };
        if got == expected && got_via_word == expected {
            passed += 1;
        } else {
            failures.push(format!(
                "line {lineno}: {input:?} expected {expected:?}, got {got:?} / {got_via_word:?}"
            ));
        }
    }
    eprintln!("wordsTest: {passed} lines passed");
    assert!(
        failures.is_empty(),
        "wordsTest failures:\n{}",
        failures.join("\n")
    );
    assert!(passed > 0, "no wordsTest lines were run");
}
