//! dockwright: reads a Dockerfile the way BuildKit does, finds what makes the image
//! big, slow to build, fragile or unsafe, and rewrites the file to fix it.
//!
//! This crate is the pure core: no I/O, no threads, no processes. It builds for
//! `wasm32-unknown-unknown`. Data flows one way:
//! text → [`syntax`] → [`semantic`] model → [`rules`] → [`Diagnostic`]s (with [`fix`]es).
//!
//! ```
//! let result = dockwright::Linter::default().lint("FROM debian\nRUN cd /src && make\n");
//! let codes: Vec<&str> = result.diagnostics.iter().map(|d| d.code).collect();
//! assert!(codes.contains(&"DL3006") && codes.contains(&"DL3003"));
//! ```
#![warn(missing_docs)]

pub mod config;
pub mod diagnostic;
pub mod fix;
pub mod lint;
pub mod report;
pub mod rules;
pub mod semantic;
pub mod shell;
pub mod suppress;
pub mod syntax;

pub use config::Config;
pub use diagnostic::{Category, Diagnostic, Severity};
pub use lint::{FixResult, LintResult, Linter};
pub use syntax::{parse, Dockerfile};
