//! `dockwright rules` (the list of rules) and `dockwright explain` (one rule's
//! documentation).

use std::process::ExitCode;

use clap::ValueEnum;
use dockwright::rules::{docs, FixAvailability, Registry, RuleMeta};

/// Output format of `dockwright rules`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum RulesFormat {
    /// A table, one rule a line.
    Text,
    /// A JSON array of rule objects.
    Json,
}

fn fix_name(fix: FixAvailability) -> &'static str {
    match fix {
        FixAvailability::None => "none",
        FixAvailability::Sometimes => "sometimes",
        FixAvailability::Always => "always",
    }
}

fn json(metas: &[&RuleMeta]) -> String {
    let list: Vec<serde_json::Value> = metas
        .iter()
        .map(|m| {
            serde_json::json!({
                "code": m.code,
                "name": m.name,
                "category": m.category,
                "severity": m.severity,
                "fix": fix_name(m.fix),
                "default_enabled": m.default_enabled,
                "buildkit": m.buildkit,
                "summary": m.summary(),
            })
        })
        .collect();
    serde_json::to_string_pretty(&list).unwrap_or_default() + "\n"
}

fn table(metas: &[&RuleMeta]) -> String {
    let header = [
        "CODE", "NAME", "CATEGORY", "SEVERITY", "FIX", "DEFAULT", "SUMMARY",
    ];
    let rows: Vec<[String; 7]> = metas
        .iter()
        .map(|m| {
            [
                m.code.to_string(),
                m.name.to_string(),
                m.category.to_string(),
                m.severity.to_string(),
                fix_name(m.fix).to_string(),
                if m.default_enabled { "on" } else { "off" }.to_string(),
                m.summary(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: [&str; 7]| {
        let mut l = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                l.push_str(c);
            } else {
                l.push_str(c);
                l.push_str(&" ".repeat(widths[i] - c.chars().count() + 2));
            }
        }
        out.push_str(l.trim_end());
        out.push('\n');
    };
    line(header);
    for r in &rows {
        line([&r[0], &r[1], &r[2], &r[3], &r[4], &r[5], &r[6]]);
    }
    out
}

/// `dockwright rules`.
pub fn rules(format: RulesFormat) -> ExitCode {
    let registry = Registry::builtin();
    let metas: Vec<&RuleMeta> = registry.rules().map(|r| r.meta()).collect();
    let out = match format {
        RulesFormat::Text => table(&metas),
        RulesFormat::Json => json(&metas),
    };
    if crate::print_out(&out) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}

/// Levenshtein distance over characters, case-insensitive.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Rules whose code or name is close to `key`, closest first.
fn close_matches(registry: &Registry, key: &str) -> Vec<String> {
    let lower = key.trim().to_lowercase();
    let mut scored: Vec<(usize, String)> = registry
        .rules()
        .map(|r| r.meta())
        .filter_map(|m| {
            let code = distance(&lower, m.code);
            let name = distance(&lower, m.name);
            let prefix = !lower.is_empty()
                && (m.code.to_lowercase().starts_with(&lower) || m.name.contains(lower.as_str()));
            let score = if prefix { 0 } else { code.min(name) };
            let limit = if code <= name {
                2
            } else {
                (m.name.len() / 3).max(2)
            };
            (prefix || score <= limit).then(|| (score, format!("{} ({})", m.code, m.name)))
        })
        .collect();
    scored.sort();
    scored.into_iter().take(8).map(|(_, s)| s).collect()
}

/// `dockwright explain CODE|NAME`.
pub fn explain(key: &str) -> ExitCode {
    let registry = Registry::builtin();
    let rule = registry
        .get(key)
        .or_else(|| registry.get(&key.trim().to_lowercase()));
    match rule {
        Some(rule) => {
            let mut page = docs::page(rule.meta());
            if !page.ends_with('\n') {
                page.push('\n');
            }
            if crate::print_out(&page) {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            }
        }
        None => {
            let close = close_matches(&registry, key);
            if close.is_empty() {
                eprintln!(
                    "dockwright: error: unknown rule `{key}` (`dockwright rules` lists them)"
                );
            } else {
                eprintln!(
                    "dockwright: error: unknown rule `{key}`; close matches: {}",
                    close.join(", ")
                );
            }
            ExitCode::from(2)
        }
    }
}
