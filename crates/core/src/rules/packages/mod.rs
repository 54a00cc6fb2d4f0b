//! Rules about package managers in RUN: pinning, caches, prompts, recommendations.

use super::Rule;

/// The rules of this group.
pub(crate) fn rules() -> Vec<Box<dyn Rule>> {
    Vec::new()
}
