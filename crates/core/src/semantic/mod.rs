//! The semantic layer: what a parsed Dockerfile means (variables, stages, shells).

pub mod expand;
pub mod model;

pub use model::{
    is_posix_shell, BaseImage, Expansion, InstructionInfo, Model, Scope, Stage, Var, VarOrigin,
};
