//! The `github` format: GitHub Actions workflow commands, which turn into
//! annotations on the pull request when printed by a step.
//!
//! ```text
//! ::warning file=Dockerfile,line=1,col=6,endLine=1,endColumn=12,title=DL3006::Always tag ...
//! ```
//!
//! `error` stays `error`, `warning` `warning`, `info` and `style` become `notice`.
//! `col`/`endColumn` (the end column just after the span, as in every dockwright
//! format but `gnu`) are given only when the span starts and ends on one line, as GitHub
//! accepts columns only then. Values are escaped as GitHub's toolkit does: `%`, CR and LF
//! in the message, and also `:` and `,` in properties.

use std::fmt::Write as _;

use super::util::{last_line, range};
use super::FileReport;
use crate::diagnostic::Severity;

/// The workflow command of a severity.
pub fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "notice",
    }
}

/// Escape the message of a workflow command.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value of a workflow command.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Render the findings as GitHub Actions workflow commands.
pub fn render(files: &[FileReport]) -> String {
    let mut out = String::new();
    for f in files {
        let file = escape_property(&f.path);
        for d in &f.diagnostics {
            let (start, end) = range(d);
            let end_line = last_line(d).max(start.line);
            let _ = write!(
                out,
                "::{} file={file},line={},",
                command(d.severity),
                start.line
            );
            if end.line == start.line {
                let _ = write!(
                    out,
                    "col={},endLine={end_line},endColumn={},",
                    start.column, end.column
                );
            } else {
                let _ = write!(out, "endLine={end_line},");
            }
            let _ = writeln!(
                out,
                "title={}::{}",
                escape_property(d.code),
                escape_data(&d.message)
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_toolkit_does() {
        assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
