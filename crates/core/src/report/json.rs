//! The `json` format: one document for the whole run, with a stable schema.
//!
//! ```json
//! {
//!   "version": 1,
//!   "files": [
//!     {
//!       "path": "Dockerfile",
//!       "diagnostics": [
//!         {
//!           "code": "DL3006", "name": "untagged-image", "severity": "warning",
//!           "category": "correctness", "message": "...",
//!           "line": 1, "column": 6, "end_line": 1, "end_column": 12,
//!           "start": 5, "end": 11,
//!           "fix": null
//!         }
//!       ]
//!     }
//!   ],
//!   "summary": { "files": 1, "diagnostics": 1, "error": 0, "warning": 1, "info": 0, "style": 0 }
//! }
//! ```
//!
//! `line`/`column` are 1-based, columns count characters; `start`/`end` are byte
//! offsets. A `fix` is `{"message", "applicability": "safe"|"unsafe"|"display-only",
//! "edits": [{"start", "end", "line", "column", "end_line", "end_column",
//! "replacement"}]}`. New fields may be added; existing ones keep their meaning
//! while `version` stays 1.

use serde::Serialize;

use super::FileReport;
use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::Applicability;
use crate::syntax::LineIndex;

#[derive(Serialize)]
struct Doc<'a> {
    version: u32,
    files: Vec<File<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct File<'a> {
    path: &'a str,
    diagnostics: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct Item<'a> {
    code: &'a str,
    name: &'a str,
    severity: Severity,
    category: crate::diagnostic::Category,
    message: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    start: usize,
    end: usize,
    fix: Option<FixItem<'a>>,
}

#[derive(Serialize)]
struct FixItem<'a> {
    message: &'a str,
    applicability: Applicability,
    edits: Vec<EditItem<'a>>,
}

#[derive(Serialize)]
struct EditItem<'a> {
    start: usize,
    end: usize,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    replacement: &'a str,
}

#[derive(Serialize, Default)]
struct Summary {
    files: usize,
    diagnostics: usize,
    error: usize,
    warning: usize,
    info: usize,
    style: usize,
}

fn item<'a>(d: &'a Diagnostic, source: &str, index: &LineIndex) -> Item<'a> {
    Item {
        code: d.code,
        name: d.name,
        severity: d.severity,
        category: d.category,
        message: &d.message,
        line: d.start.line,
        column: d.start.column,
        end_line: d.end.line,
        end_column: d.end.column,
        start: d.span.start,
        end: d.span.end,
        fix: d.fix.as_ref().map(|f| FixItem {
            message: &f.message,
            applicability: f.applicability,
            edits: f
                .edits
                .iter()
                .map(|e| {
                    let l = index.location(source, e.span);
                    EditItem {
                        start: e.span.start,
                        end: e.span.end,
                        line: l.start.line,
                        column: l.start.column,
                        end_line: l.end.line,
                        end_column: l.end.column,
                        replacement: &e.replacement,
                    }
                })
                .collect(),
        }),
    }
}

/// Render the run as one JSON document.
pub fn render(files: &[FileReport]) -> String {
    let mut summary = Summary {
        files: files.len(),
        ..Summary::default()
    };
    let files: Vec<File<'_>> = files
        .iter()
        .map(|f| {
            let index = LineIndex::new(&f.source);
            for d in &f.diagnostics {
                summary.diagnostics += 1;
                match d.severity {
                    Severity::Error => summary.error += 1,
                    Severity::Warning => summary.warning += 1,
                    Severity::Info => summary.info += 1,
                    Severity::Style => summary.style += 1,
                }
            }
            File {
                path: &f.path,
                diagnostics: f
                    .diagnostics
                    .iter()
                    .map(|d| item(d, &f.source, &index))
                    .collect(),
            }
        })
        .collect();
    serde_json::to_string_pretty(&Doc {
        version: 1,
        files,
        summary,
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_fields() {
        let src = "FROM debian\n";
        let r = crate::Linter::default().lint(src);
        let out = render(&[FileReport {
            path: "Dockerfile".into(),
            source: src.into(),
            diagnostics: r.diagnostics,
        }]);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["version"], 1);
        let d = &v["files"][0]["diagnostics"][0];
        assert_eq!(d["code"], "DL3006");
        assert_eq!(
            (d["line"].as_u64(), d["column"].as_u64()),
            (Some(1), Some(6))
        );
        assert_eq!(v["summary"]["warning"], 1);
    }
}
