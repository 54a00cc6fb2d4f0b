//! The `checkstyle` format: Checkstyle's XML report, which Jenkins (Warnings NG),
//! reviewdog, SonarQube and others read.
//!
//! ```xml
//! <?xml version="1.0" encoding="UTF-8"?>
//! <checkstyle version="4.3">
//!   <file name="Dockerfile">
//!     <error line="1" column="6" severity="warning" message="..." source="dockwright.DL3006"/>
//!   </file>
//! </checkstyle>
//! ```
//!
//! Every file linted has a `<file>`, with or without findings. Severities are
//! Checkstyle's: `error`, `warning`, and `info` for dockwright's `info` and `style`.

use std::fmt::Write as _;

use super::util::{range, xml_escape};
use super::FileReport;
use crate::diagnostic::Severity;

/// The Checkstyle severity of a dockwright severity.
pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "info",
    }
}

/// Render the run as a Checkstyle XML report.
pub fn render(files: &[FileReport]) -> String {
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n");
    for f in files {
        if f.diagnostics.is_empty() {
            let _ = writeln!(out, "  <file name=\"{}\"/>", xml_escape(&f.path));
            continue;
        }
        let _ = writeln!(out, "  <file name=\"{}\">", xml_escape(&f.path));
        for d in &f.diagnostics {
            let (start, _) = range(d);
            let _ = writeln!(
                out,
                "    <error line=\"{}\" column=\"{}\" severity=\"{}\" message=\"{}\" source=\"dockwright.{}\"/>",
                start.line,
                start.column,
                severity(d.severity),
                xml_escape(&d.message),
                xml_escape(d.code),
            );
        }
        out.push_str("  </file>\n");
    }
    out.push_str("</checkstyle>\n");
    out
}
