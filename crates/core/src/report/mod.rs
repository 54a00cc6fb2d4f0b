//! Reporters: findings of one or more files rendered as text for people and tools.
//! Reporters only format; every finding and position is computed before.

use serde::Serialize;

pub mod json;

use crate::diagnostic::Diagnostic;

/// The findings of one file, ready to report.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    /// The path as the user named it (`-` or the `--stdin-filename` for stdin).
    pub path: String,
    /// The source text (for code frames).
    #[serde(skip)]
    pub source: String,
    /// The findings, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}
