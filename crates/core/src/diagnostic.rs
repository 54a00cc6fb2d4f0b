//! Findings: what a rule reports, where, how bad, and how to fix it.

use serde::{Deserialize, Serialize};

use crate::fix::Fix;
use crate::syntax::{Position, Span};

/// How serious a finding is. Ordered: `Style < Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Cosmetic.
    Style,
    /// Worth knowing.
    Info,
    /// Likely a problem.
    Warning,
    /// A problem: the build breaks, or the image is wrong or unsafe.
    Error,
}

impl Severity {
    /// All severities, most serious first.
    pub const ALL: [Severity; 4] = [
        Severity::Error,
        Severity::Warning,
        Severity::Info,
        Severity::Style,
    ];

    /// The lower-case name (`error`, `warning`, `info`, `style`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Style => "style",
        }
    }

    /// Parse a severity name, any case.
    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL
            .into_iter()
            .find(|v| v.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a rule is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// The build fails or the image does not do what was meant.
    Correctness,
    /// The image is unsafe.
    Security,
    /// The image is bigger than it needs to be.
    Size,
    /// The build is slower than it needs to be (caching, layers).
    BuildSpeed,
    /// The file is harder to read or change than it needs to be.
    Maintainability,
    /// Formatting and naming.
    Style,
}

impl Category {
    /// All categories.
    pub const ALL: [Category; 6] = [
        Category::Correctness,
        Category::Security,
        Category::Size,
        Category::BuildSpeed,
        Category::Maintainability,
        Category::Style,
    ];

    /// The kebab-case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Category::Correctness => "correctness",
            Category::Security => "security",
            Category::Size => "size",
            Category::BuildSpeed => "build-speed",
            Category::Maintainability => "maintainability",
            Category::Style => "style",
        }
    }

    /// Parse a category name (kebab-case, any case, `_` accepted for `-`).
    pub fn parse(s: &str) -> Option<Category> {
        let s = s.trim().replace('_', "-");
        Category::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(&s))
    }
}

impl std::fmt::Display for Category {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The rule's stable code (`DL3008`, `DW0001`).
    pub code: &'static str,
    /// The rule's kebab-case name.
    pub name: &'static str,
    /// How serious it is (after configuration overrides).
    pub severity: Severity,
    /// What the rule is about.
    pub category: Category,
    /// What is wrong here.
    pub message: String,
    /// Where, as bytes.
    pub span: Span,
    /// Where the span starts (1-based line and column).
    pub start: Position,
    /// Where the span ends (1-based line and column, just after the last character).
    pub end: Position,
    /// A way to fix it, if the rule knows one.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// The 1-based line where the finding starts.
    pub fn line(&self) -> usize {
        self.start.line
    }
}
