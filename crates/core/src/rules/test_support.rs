//! Helpers for rule tests.

use crate::config::{Config, RuleSelector};
use crate::Linter;

/// The lines on which rule `code` reports in `src`, with only that rule selected.
pub fn codes(src: &str, code: &str) -> Vec<usize> {
    codes_with(src, code, Config::default())
}

/// Like [`codes`], with a configuration.
pub fn codes_with(src: &str, code: &str, mut config: Config) -> Vec<usize> {
    config.select = vec![RuleSelector::Code(code.to_string())];
    let linter = Linter::new(config);
    linter
        .lint(src)
        .diagnostics
        .into_iter()
        .filter(|d| d.code == code)
        .map(|d| d.line())
        .collect()
}

/// The text after applying every safe fix of rule `code` to `src`.
pub fn fixed(src: &str, code: &str) -> String {
    fixed_with(src, code, crate::fix::Applicability::Safe)
}

/// The text after applying every fix of rule `code` at least as safe as `min`.
pub fn fixed_with(src: &str, code: &str, min: crate::fix::Applicability) -> String {
    let linter = Linter::new(Config {
        select: vec![RuleSelector::Code(code.to_string())],
        ..Config::default()
    });
    let result = linter.lint(src);
    let fixes: Vec<&crate::fix::Fix> = result
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .filter_map(|d| d.fix.as_ref())
        .collect();
    crate::fix::apply(src, fixes, min).text
}
