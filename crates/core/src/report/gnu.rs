//! The `gnu` format: one line per finding in the GNU Coding Standards' form for
//! compiler messages, which Emacs' compilation mode and other editors jump from.
//!
//! ```text
//! Dockerfile:1:6-11: warning: Always tag the version of an image explicitly [DL3006]
//! Dockerfile:3:1-4.9: error: ... [DL1000]
//! ```
//!
//! `line:column`, then `-endcolumn` when the span ends on the same line, or
//! `-endline.endcolumn` when it ends on a later one; the end is the last character
//! of the span (inclusive, as GNU tools print ranges), and an empty span has no end.
//! Columns count characters from 1. Severities are dockwright's (`error`,
//! `warning`, `info`, `style`); a message on several lines is joined on one.

use std::fmt::Write as _;

use super::util::{last_char, one_line, range};
use super::FileReport;
use crate::syntax::LineIndex;

/// Render the findings as GNU-style lines.
pub fn render(files: &[FileReport]) -> String {
    let mut out = String::new();
    for f in files {
        if f.diagnostics.is_empty() {
            continue;
        }
        let index = LineIndex::new(&f.source);
        let path = one_line(&f.path);
        for d in &f.diagnostics {
            let (start, _) = range(d);
            let _ = write!(out, "{path}:{}:{}", start.line, start.column);
            if !d.span.is_empty() {
                let end = last_char(&f.source, &index, d);
                if end.line == start.line {
                    if end.column != start.column {
                        let _ = write!(out, "-{}", end.column);
                    }
                } else {
                    let _ = write!(out, "-{}.{}", end.line, end.column);
                }
            }
            let _ = writeln!(
                out,
                ": {}: {} [{}]",
                d.severity,
                one_line(&d.message),
                one_line(d.code)
            );
        }
    }
    out
}
