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
pub mod flags;
pub mod heredoc;
pub mod image;
mod json;
mod parser;
pub mod span;
pub mod tree;

pub use flags::{Flag, Mount, MountOption, MountType};
pub use image::ImageRef;
pub use parser::MAX_LINE_LEN;
pub use span::{LineIndex, Location, Position, Span};
pub use tree::*;

/// Parse Dockerfile source text the way BuildKit reads it. Never fails and never
/// panics: the tree always prints back to `src`, and problems are reported in
/// [`Dockerfile::diagnostics`], in source order.
pub fn parse(src: &str) -> Dockerfile {
    parser::parse(src)
}
