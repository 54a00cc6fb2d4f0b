//! Rules about the shell scripts of RUN instructions.

use super::Rule;

mod dl3003_cd_instead_of_workdir;

pub use dl3003_cd_instead_of_workdir::CdInsteadOfWorkdir;

/// The rules of this group.
pub(crate) fn rules() -> Vec<Box<dyn Rule>> {
    vec![Box::new(CdInsteadOfWorkdir)]
}
