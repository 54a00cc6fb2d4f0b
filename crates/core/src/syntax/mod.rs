//! The syntax layer: a lossless Dockerfile parser that reads files the way BuildKit
//! does, with byte spans and typed views of every instruction.
//!
//! ```
//! let df = dockwright::syntax::parse("FROM alpine:3.20 AS base\nRUN apk add curl\n");
//! assert_eq!(df.print(), "FROM alpine:3.20 AS base\nRUN apk add curl\n");
//! let from = df.instructions().next().unwrap();
//! if let dockwright::syntax::Body::From(f) = &from.body {
//!     assert_eq!(f.image_ref.as_ref().unwrap().tag.as_deref(), Some("3.20"));
//!     assert_eq!(f.alias.as_ref().unwrap().text, "base");
//! }
//! ```

pub mod buildkit;
pub mod directives;
pub mod flags;
pub mod heredoc;
pub mod image;
mod json;
mod parser;
pub mod span;
pub mod tree;
mod validate;

pub use directives::{detect_syntax, parse_directive, DetectedDirective};
pub use flags::{Flag, Mount, MountOption, MountType};
pub use image::ImageRef;
pub use parser::MAX_LINE_LEN;
pub use span::{LineIndex, Location, Position, Span};
pub use tree::*;

/// Parse Dockerfile source text the way BuildKit reads it. Never fails and never
/// panics: the tree always prints back to `src`, and problems are reported in
/// [`Dockerfile::diagnostics`], in source order:
///
/// - [`SyntaxSeverity::Fatal`]: BuildKit's parser refuses the whole file (see
///   [`Dockerfile::buildkit_error`]);
/// - [`SyntaxSeverity::Error`]: the file parses, but BuildKit's instruction stage
///   rejects an instruction, so `docker build` fails (wrong argument counts,
///   unknown flags, forbidden ONBUILD triggers, unknown instructions, ...);
/// - [`SyntaxSeverity::Warning`]: BuildKit accepts it and warns.
///
/// ```
/// use dockwright::syntax::{parse, SyntaxSeverity};
/// let df = parse("FROM alpine\nCOPY --boo a b\n");
/// assert!(df.buildkit_error().is_none());
/// let d = &df.diagnostics()[0];
/// assert_eq!(d.severity, SyntaxSeverity::Error);
/// assert_eq!(d.message, "unknown flag: --boo");
/// assert_eq!(d.line, 2);
/// ```
pub fn parse(src: &str) -> Dockerfile {
    let mut df = parser::parse(src);
    validate::validate(&mut df);
    df
}
