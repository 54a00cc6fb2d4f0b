//! Every rule's documentation is complete and its examples are true: the
//! `dockerfile` blocks under "Example" trigger the rule, the ones after
//! "Use instead:" do not.

use dockwright::config::{Config, Level, RuleSelector};
use dockwright::rules::{docs, Registry};
use dockwright::Linter;

/// Whether rule `code` reports on the example, with the example's configuration,
/// every default rule running too (some rules, like DW0001, depend on others) and
/// this one turned on.
fn fires(code: &str, severity: dockwright::Severity, example: &docs::Example) -> bool {
    let mut config: Config = example.config.clone();
    config.levels.push((
        RuleSelector::Code(code.to_string()),
        Level::Severity(severity),
    ));
    Linter::new(config)
        .lint(&example.text)
        .diagnostics
        .iter()
        .any(|d| d.code == code)
}

#[test]
fn every_rule_is_documented_and_its_examples_hold() {
    let registry = Registry::builtin();
    let mut checked = 0;
    for rule in registry.rules() {
        let meta = rule.meta();
        let lower = meta.docs.to_ascii_lowercase();
        for section in ["## what it does", "## why", "## example"] {
            assert!(
                lower.contains(section),
                "{}: missing `{section}`",
                meta.code
            );
        }
        assert!(
            meta.name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{}: name `{}` is not kebab-case",
            meta.code,
            meta.name
        );
        assert!(!meta.summary().is_empty(), "{}: empty summary", meta.code);
        let ex = docs::examples(meta.docs);
        assert!(
            !ex.bad.is_empty(),
            "{}: no example that triggers the rule",
            meta.code
        );
        for bad in &ex.bad {
            assert!(
                fires(meta.code, meta.severity, bad),
                "{}: example does not fire:\n{}",
                meta.code,
                bad.text
            );
            checked += 1;
        }
        for good in &ex.good {
            assert!(
                !fires(meta.code, meta.severity, good),
                "{}: `Use instead` example fires:\n{}",
                meta.code,
                good.text
            );
            checked += 1;
        }
    }
    eprintln!("rule docs: {checked} examples checked");
}

#[test]
fn codes_and_names_are_unique() {
    let registry = Registry::builtin();
    let mut codes: Vec<&str> = registry.rules().map(|r| r.meta().code).collect();
    let mut names: Vec<&str> = registry.rules().map(|r| r.meta().name).collect();
    let n = codes.len();
    codes.sort_unstable();
    codes.dedup();
    names.sort_unstable();
    names.dedup();
    assert_eq!((codes.len(), names.len()), (n, n));
}
