//! Rules about image labels (hadolint's label schema) and suppression pragmas.

use super::Rule;

/// The rules of this group.
pub(crate) fn rules() -> Vec<Box<dyn Rule>> {
    Vec::new()
}
