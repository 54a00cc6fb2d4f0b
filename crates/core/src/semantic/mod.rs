//! The semantic layer: what a parsed Dockerfile means (variables, stages, shells).

pub mod expand;
