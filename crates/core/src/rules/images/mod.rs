//! Rules about base images, stages and the instructions that shape the image.

use super::Rule;

mod dl3006_untagged_image;
mod dl3007_latest_tag;

pub use dl3006_untagged_image::UntaggedImage;
pub use dl3007_latest_tag::LatestTag;

/// The rules of this group.
pub(crate) fn rules() -> Vec<Box<dyn Rule>> {
    vec![Box::new(UntaggedImage), Box::new(LatestTag)]
}
