//! The `junit` format: JUnit XML, which CI systems (GitLab, Jenkins, Azure
//! Pipelines, CircleCI) show as test results.
//!
//! One `<testsuite>` per file; each finding is a failed `<testcase>` named after
//! its rule and position, with the file as class name, and a `<failure>` whose
//! `message` is the finding's message, `type` its severity, and body the finding in
//! `path:line:column: severity[CODE] message` form. A file without findings has one
//! passing test case, so that it shows as checked.
//!
//! ```xml
//! <?xml version="1.0" encoding="UTF-8"?>
//! <testsuites name="dockwright" tests="1" failures="1" errors="0">
//!   <testsuite name="Dockerfile" tests="1" failures="1" errors="0" skipped="0">
//!     <testcase name="DL3006 untagged-image at 1:6" classname="Dockerfile" file="Dockerfile" line="1">
//!       <failure message="..." type="warning">Dockerfile:1:6: warning[DL3006] ...</failure>
//!     </testcase>
//!   </testsuite>
//! </testsuites>
//! ```

use std::fmt::Write as _;

use super::util::{range, xml_escape};
use super::FileReport;

/// Render the run as a JUnit XML report.
pub fn render(files: &[FileReport]) -> String {
    let total: usize = files.iter().map(|f| f.diagnostics.len().max(1)).sum();
    let failures: usize = files.iter().map(|f| f.diagnostics.len()).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"dockwright\" tests=\"{total}\" failures=\"{failures}\" errors=\"0\">"
    );
    for f in files {
        let path = xml_escape(&f.path);
        let n = f.diagnostics.len();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{n}\" errors=\"0\" skipped=\"0\">",
            n.max(1)
        );
        if n == 0 {
            let _ = writeln!(
                out,
                "    <testcase name=\"dockwright\" classname=\"{path}\" file=\"{path}\"/>"
            );
        }
        for d in &f.diagnostics {
            let (start, _) = range(d);
            let name = if d.name.is_empty() {
                format!("{} at {}:{}", d.code, start.line, start.column)
            } else {
                format!("{} {} at {}:{}", d.code, d.name, start.line, start.column)
            };
            let _ = writeln!(
                out,
                "    <testcase name=\"{}\" classname=\"{path}\" file=\"{path}\" line=\"{}\">",
                xml_escape(&name),
                start.line
            );
            let body = format!(
                "{}:{}:{}: {}[{}] {}",
                f.path, start.line, start.column, d.severity, d.code, d.message
            );
            let _ = writeln!(
                out,
                "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                xml_escape(&d.message),
                d.severity,
                xml_escape(&body)
            );
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}
