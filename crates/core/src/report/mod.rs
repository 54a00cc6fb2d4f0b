//! Reporters: findings of one or more files rendered as text for people and tools.
//! Reporters only format; every finding and position is computed before.
//!
//! Each format is a pure function from the [`FileReport`]s of a run to a `String`;
//! [`render`] picks one by [`Format`]:
//!
//! ```
//! use dockwright::report::{render, FileReport, Format, RenderOptions};
//!
//! let linter = dockwright::Linter::default();
//! let src = "FROM debian\n";
//! let files = [FileReport {
//!     path: "Dockerfile".into(),
//!     source: src.into(),
//!     diagnostics: linter.lint(src).diagnostics,
//! }];
//! let format = Format::parse("gnu").unwrap();
//! let out = render(format, &files, linter.registry(), &RenderOptions::default());
//! assert!(out.starts_with("Dockerfile:1:6-11: warning: "));
//! ```
//!
//! No format panics, whatever the spans and positions of the findings: spans are
//! clamped to the source, positions to at least line 1, column 1.

use serde::Serialize;

pub mod checkstyle;
pub mod github;
pub mod gitlab;
pub mod gnu;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod tty;
mod util;

pub use tty::TtyOptions;

use crate::diagnostic::Diagnostic;
use crate::rules::Registry;

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

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// For people: headers, code frames, fix hints and a summary ([`tty`]).
    Tty,
    /// One JSON document with a stable schema ([`json`]).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and SARIF viewers ([`sarif`]).
    Sarif,
    /// Checkstyle XML ([`checkstyle`]).
    Checkstyle,
    /// `file:line:col-endcol: severity: message [CODE]` lines ([`gnu`]).
    Gnu,
    /// A GitLab Code Quality report ([`gitlab`]).
    Gitlab,
    /// JUnit XML ([`junit`]).
    Junit,
    /// GitHub Actions workflow commands ([`github`]).
    Github,
}

impl Format {
    /// Every format, in the order of their names in help texts.
    pub const ALL: [Format; 8] = [
        Format::Tty,
        Format::Json,
        Format::Sarif,
        Format::Checkstyle,
        Format::Gnu,
        Format::Gitlab,
        Format::Junit,
        Format::Github,
    ];

    /// The name, as [`Format::parse`] reads it.
    pub const fn name(self) -> &'static str {
        match self {
            Format::Tty => "tty",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Checkstyle => "checkstyle",
            Format::Gnu => "gnu",
            Format::Gitlab => "gitlab",
            Format::Junit => "junit",
            Format::Github => "github",
        }
    }

    /// What the format is for, in a few words (for help texts).
    pub const fn description(self) -> &'static str {
        match self {
            Format::Tty => "for people: code frames, fix hints and a summary",
            Format::Json => "one JSON document with a stable schema",
            Format::Sarif => "SARIF 2.1.0 (GitHub code scanning, SARIF viewers)",
            Format::Checkstyle => "Checkstyle XML (Jenkins, reviewdog)",
            Format::Gnu => "GNU-style lines: file:line:col-endcol: severity: message [CODE]",
            Format::Gitlab => "GitLab Code Quality JSON",
            Format::Junit => "JUnit XML test report",
            Format::Github => "GitHub Actions annotations (workflow commands)",
        }
    }

    /// The names of every format.
    pub fn names() -> impl Iterator<Item = &'static str> {
        Format::ALL.into_iter().map(Format::name)
    }

    /// Read a format name, any case, `_` accepted for `-`. Also reads `text` (the
    /// `tty` format) and hadolint's `gitlab_codeclimate` (the `gitlab` format).
    pub fn parse(s: &str) -> Option<Format> {
        let s = s.trim().to_ascii_lowercase().replace('_', "-");
        match s.as_str() {
            "text" => return Some(Format::Tty),
            "gitlab-codeclimate" => return Some(Format::Gitlab),
            _ => {}
        }
        Format::ALL.into_iter().find(|f| f.name() == s)
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<Format, UnknownFormat> {
        Format::parse(s).ok_or_else(|| UnknownFormat(s.to_string()))
    }
}

/// A format name [`Format::parse`] does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown format `{0}` (expected one of: tty, json, sarif, checkstyle, gnu, gitlab, junit, github)")]
pub struct UnknownFormat(pub String);

/// Options of [`render`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// Colour the `tty` format with ANSI escapes (the caller decides: standard
    /// output is a terminal and `NO_COLOR` is unset). Other formats never colour.
    pub color: bool,
}

/// Render the findings of a run in `format`. `registry` gives rule metadata where a
/// format includes it (`sarif`). The text ends with a newline unless it is empty
/// (`gnu` and `github` with no findings).
pub fn render(
    format: Format,
    files: &[FileReport],
    registry: &Registry,
    options: &RenderOptions,
) -> String {
    let mut out = match format {
        Format::Tty => tty::render(
            files,
            &TtyOptions {
                color: options.color,
            },
        ),
        Format::Json => json::render(files),
        Format::Sarif => sarif::render(files, registry),
        Format::Checkstyle => checkstyle::render(files),
        Format::Gnu => gnu::render(files),
        Format::Gitlab => gitlab::render(files),
        Format::Junit => junit::render(files),
        Format::Github => github::render(files),
    };
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out
}
