//! `dockwright rules` and `dockwright explain`.

mod common;

use common::Scratch;

#[test]
fn rules_text_table() {
    let s = Scratch::new("rules-text");
    let r = s.run(&["rules"]);
    r.expect(0);
    let mut lines = r.stdout.lines();
    let header: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    assert_eq!(
        header,
        ["CODE", "NAME", "CATEGORY", "SEVERITY", "FIX", "DEFAULT", "SUMMARY"]
    );
    let row = r
        .stdout
        .lines()
        .find(|l| l.starts_with("DL3006 "))
        .expect("DL3006 listed");
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(
        &cells[..6],
        [
            "DL3006",
            "untagged-image",
            "correctness",
            "warning",
            "none",
            "on"
        ]
    );
    assert!(row.contains("Reports a `FROM`"), "{row}");
    // Sorted by code, one line a rule.
    let codes: Vec<&str> = r
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(codes, sorted);
    assert!(codes.contains(&"DL3003") && codes.contains(&"DL3007"));
}

#[test]
fn rules_json() {
    let s = Scratch::new("rules-json");
    let r = s.run(&["rules", "--format", "json"]);
    r.expect(0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let list = v.as_array().unwrap();
    assert!(list.len() >= 3);
    for rule in list {
        for key in [
            "code",
            "name",
            "category",
            "severity",
            "fix",
            "default_enabled",
            "summary",
        ] {
            assert!(rule.get(key).is_some(), "{key} missing in {rule}");
        }
    }
    let dl3003 = list.iter().find(|r| r["code"] == "DL3003").unwrap();
    assert_eq!(dl3003["name"], "cd-instead-of-workdir");
    assert_eq!(dl3003["category"], "maintainability");
    assert_eq!(dl3003["severity"], "warning");
    assert_eq!(dl3003["default_enabled"], true);
    assert!(dl3003["summary"].as_str().unwrap().ends_with('.'));
}

#[test]
fn rules_bad_format_is_a_usage_error() {
    let s = Scratch::new("rules-bad");
    s.run(&["rules", "--format", "yaml"]).expect(2);
}

#[test]
fn explain_by_code_and_name() {
    let s = Scratch::new("explain");
    let r = s.run(&["explain", "DL3006"]);
    r.expect(0);
    assert!(
        r.stdout.starts_with("# DL3006 `untagged-image`"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("## What it does"), "{}", r.stdout);
    for key in ["dl3006", "untagged-image", "Untagged-Image"] {
        let again = s.run(&["explain", key]);
        again.expect(0);
        assert_eq!(again.stdout, r.stdout, "{key}");
    }
}

#[test]
fn explain_unknown_rule_lists_close_matches() {
    let s = Scratch::new("explain-unknown");
    // A typo (the letter O for a zero) still finds the rule.
    let r = s.run(&["explain", "DL3O06"]);
    r.expect(2);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("unknown rule `DL3O06`"), "{}", r.stderr);
    assert!(r.stderr.contains("DL3006"), "{}", r.stderr);

    let r = s.run(&["explain", "untaged-image"]);
    r.expect(2);
    assert!(r.stderr.contains("DL3006 (untagged-image)"), "{}", r.stderr);

    let r = s.run(&["explain", "zzzzzzzzzzzzzzzzzz"]);
    r.expect(2);
    assert!(r.stderr.contains("dockwright rules"), "{}", r.stderr);
}

#[test]
fn lint_help_says_where_configuration_comes_from() {
    let s = Scratch::new("help");
    let r = s.run(&["lint", "--help"]);
    r.expect(0);
    for needle in [
        ".hadolint.yaml",
        "$XDG_CONFIG_HOME/hadolint.yaml",
        "~/.hadolint/config.yaml",
        "dockwright.toml",
        "[tool.dockwright]",
        "--config",
        "--stdin-filename",
        "Exit status",
    ] {
        assert!(r.stdout.contains(needle), "{needle} missing:\n{}", r.stdout);
    }
}
