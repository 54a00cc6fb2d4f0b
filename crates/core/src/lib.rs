//! dockwright: reads a Dockerfile the way BuildKit does, finds what makes the image
//! big, slow to build, fragile or unsafe, and rewrites the file to fix it.
//!
//! This crate is the pure core: no I/O, no threads, no processes. It builds for
//! `wasm32-unknown-unknown`.
#![warn(missing_docs)]

pub mod semantic;
pub mod shell;
pub mod syntax;

pub use syntax::{parse, Dockerfile};
