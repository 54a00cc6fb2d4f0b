//! The `gitlab` format: a GitLab Code Quality report (a JSON array in the Code
//! Climate issue format), shown in merge requests.
//!
//! ```json
//! [
//!   {
//!     "type": "issue",
//!     "check_name": "DL3006",
//!     "description": "DL3006 untagged-image: Always tag the version of an image explicitly",
//!     "categories": ["Bug Risk"],
//!     "severity": "major",
//!     "fingerprint": "4f1c…",
//!     "location": { "path": "Dockerfile", "lines": { "begin": 1, "end": 1 } }
//!   }
//! ]
//! ```
//!
//! Severities: `error` → `critical`, `warning` → `major`, `info` → `minor`,
//! `style` → `info` (`blocker` is not used). The fingerprint, which GitLab uses to
//! tell new findings from old ones, is a hash of the path, the rule's code and the
//! text of the line where the finding starts (trimmed), plus how many times the
//! same triple came before in the file: it stays the same when lines are added or
//! removed above the finding.

use std::collections::HashMap;

use serde::Serialize;

use super::util::{last_line, range};
use super::FileReport;
use crate::diagnostic::{Category, Severity};
use crate::syntax::LineIndex;

#[derive(Serialize)]
struct Issue<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    check_name: &'a str,
    description: String,
    categories: [&'static str; 1],
    severity: &'static str,
    fingerprint: String,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

/// The Code Quality severity of a dockwright severity.
pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "critical",
        Severity::Warning => "major",
        Severity::Info => "minor",
        Severity::Style => "info",
    }
}

/// The Code Climate category of a dockwright category.
pub fn category(c: Category) -> &'static str {
    match c {
        Category::Correctness => "Bug Risk",
        Category::Security => "Security",
        Category::Size | Category::BuildSpeed => "Performance",
        Category::Maintainability => "Clarity",
        Category::Style => "Style",
    }
}

/// FNV-1a, 128 bits: small, stable across platforms and versions, and enough to
/// keep fingerprints apart.
fn fnv1a128(parts: &[&[u8]]) -> u128 {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    let mut h = OFFSET;
    for part in parts {
        for &b in *part {
            h ^= u128::from(b);
            h = h.wrapping_mul(PRIME);
        }
        // A separator, so that ("ab", "c") and ("a", "bc") differ.
        h ^= 0xff;
        h = h.wrapping_mul(PRIME);
    }
    h
}

/// The fingerprint of a finding: see the module documentation.
pub fn fingerprint(path: &str, code: &str, line_text: &str, occurrence: usize) -> String {
    let n = occurrence.to_string();
    let h = fnv1a128(&[
        path.as_bytes(),
        code.as_bytes(),
        line_text.trim().as_bytes(),
        n.as_bytes(),
    ]);
    format!("{h:032x}")
}

fn line_text<'a>(src: &'a str, index: &LineIndex, line: usize) -> &'a str {
    let Some(start) = index.line_start(line) else {
        return "";
    };
    let end = index
        .line_start(line + 1)
        .unwrap_or(src.len())
        .clamp(start.min(src.len()), src.len());
    src.get(start.min(src.len())..end).unwrap_or("")
}

/// Render the run as a GitLab Code Quality report.
pub fn render(files: &[FileReport]) -> String {
    let mut issues = Vec::new();
    for f in files {
        if f.diagnostics.is_empty() {
            continue;
        }
        let index = LineIndex::new(&f.source);
        let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
        for d in &f.diagnostics {
            let (start, _) = range(d);
            let text = line_text(&f.source, &index, start.line).trim();
            let count = seen.entry((d.code, text)).or_insert(0);
            let occurrence = *count;
            *count += 1;
            let description = if d.name.is_empty() {
                format!("{}: {}", d.code, d.message)
            } else {
                format!("{} {}: {}", d.code, d.name, d.message)
            };
            issues.push(Issue {
                kind: "issue",
                check_name: d.code,
                description,
                categories: [category(d.category)],
                severity: severity(d.severity),
                fingerprint: fingerprint(&f.path, d.code, text, occurrence),
                location: Location {
                    path: &f.path,
                    lines: Lines {
                        begin: start.line,
                        end: last_line(d).max(start.line),
                    },
                },
            });
        }
    }
    serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_distinct() {
        let a = fingerprint("Dockerfile", "DL3006", "FROM debian", 0);
        assert_eq!(a.len(), 32);
        assert_eq!(a, fingerprint("Dockerfile", "DL3006", "  FROM debian\n", 0));
        assert_ne!(a, fingerprint("Dockerfile", "DL3006", "FROM debian", 1));
        assert_ne!(a, fingerprint("Dockerfile", "DL3007", "FROM debian", 0));
        assert_ne!(
            a,
            fingerprint("other/Dockerfile", "DL3006", "FROM debian", 0)
        );
    }
}
