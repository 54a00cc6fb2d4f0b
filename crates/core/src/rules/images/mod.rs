//! Rules about base images, stages and the instructions that shape the image.

use super::Rule;

mod dl3000_relative_workdir;
mod dl3002_root_user;
mod dl3006_untagged_image;
mod dl3007_latest_tag;
mod dl3020_add_instead_of_copy;
mod dl3022_copy_from_undefined_stage;
mod dl3023_copy_from_own_stage;
mod dl3024_duplicate_stage_name;
mod dl3025_shell_form_cmd;
mod dl4000_maintainer_deprecated;
mod dl4003_multiple_cmd;
mod dl4004_multiple_entrypoint;

pub use dl3000_relative_workdir::RelativeWorkdir;
pub use dl3002_root_user::RootUser;
pub use dl3006_untagged_image::UntaggedImage;
pub use dl3007_latest_tag::LatestTag;
pub use dl3020_add_instead_of_copy::AddInsteadOfCopy;
pub use dl3022_copy_from_undefined_stage::CopyFromUndefinedStage;
pub use dl3023_copy_from_own_stage::CopyFromOwnStage;
pub use dl3024_duplicate_stage_name::DuplicateStageName;
pub use dl3025_shell_form_cmd::ShellFormCmd;
pub use dl4000_maintainer_deprecated::MaintainerDeprecated;
pub use dl4003_multiple_cmd::MultipleCmd;
pub use dl4004_multiple_entrypoint::MultipleEntrypoint;

/// The rules of this group.
pub(crate) fn rules() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(RelativeWorkdir),
        Box::new(RootUser),
        Box::new(UntaggedImage),
        Box::new(LatestTag),
        Box::new(AddInsteadOfCopy),
        Box::new(CopyFromUndefinedStage),
        Box::new(CopyFromOwnStage),
        Box::new(DuplicateStageName),
        Box::new(ShellFormCmd),
        Box::new(MaintainerDeprecated),
        Box::new(MultipleCmd),
        Box::new(MultipleEntrypoint),
    ]
}
