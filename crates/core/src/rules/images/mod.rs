//! Rules about base images, stages and the instructions that shape the image.

use super::Rule;

mod dl3000_relative_workdir;
mod dl3002_root_user;
mod dl3006_untagged_image;
mod dl3007_latest_tag;
mod dl3010_extract_with_add;
mod dl3011_invalid_port;
mod dl3012_multiple_healthcheck;
mod dl3020_add_instead_of_copy;
mod dl3021_copy_multiple_sources_destination;
mod dl3022_copy_from_undefined_stage;
mod dl3023_copy_from_own_stage;
mod dl3024_duplicate_stage_name;
mod dl3025_shell_form_cmd;
mod dl3026_untrusted_registry;
mod dl3029_from_platform;
mod dl3043_onbuild_forbidden_trigger;
mod dl3044_env_self_reference;
mod dl3045_copy_relative_destination;
mod dl3057_missing_healthcheck;
mod dl3061_instruction_before_from;
mod dl3063_reserved_stage_name;
mod dl3064_sensitive_arg_or_env;
mod dl3065_redundant_target_platform;
mod dl3066_non_numeric_user;
mod dl3067_copy_whole_filesystem;
mod dl4000_maintainer_deprecated;
mod dl4003_multiple_cmd;
mod dl4004_multiple_entrypoint;
mod dl4005_ln_bin_sh;

pub use dl3000_relative_workdir::RelativeWorkdir;
pub use dl3002_root_user::RootUser;
pub use dl3006_untagged_image::UntaggedImage;
pub use dl3007_latest_tag::LatestTag;
pub use dl3010_extract_with_add::ExtractWithAdd;
pub use dl3011_invalid_port::InvalidPort;
pub use dl3012_multiple_healthcheck::MultipleHealthcheck;
pub use dl3020_add_instead_of_copy::AddInsteadOfCopy;
pub use dl3021_copy_multiple_sources_destination::CopyMultipleSourcesDestination;
pub use dl3022_copy_from_undefined_stage::CopyFromUndefinedStage;
pub use dl3023_copy_from_own_stage::CopyFromOwnStage;
pub use dl3024_duplicate_stage_name::DuplicateStageName;
pub use dl3025_shell_form_cmd::ShellFormCmd;
pub use dl3026_untrusted_registry::UntrustedRegistry;
pub use dl3029_from_platform::FromPlatform;
pub use dl3043_onbuild_forbidden_trigger::OnbuildForbiddenTrigger;
pub use dl3044_env_self_reference::EnvSelfReference;
pub use dl3045_copy_relative_destination::CopyRelativeDestination;
pub use dl3057_missing_healthcheck::MissingHealthcheck;
pub use dl3061_instruction_before_from::InstructionBeforeFrom;
pub use dl3063_reserved_stage_name::ReservedStageName;
pub use dl3064_sensitive_arg_or_env::SensitiveArgOrEnv;
pub use dl3065_redundant_target_platform::RedundantTargetPlatform;
pub use dl3066_non_numeric_user::NonNumericUser;
pub use dl3067_copy_whole_filesystem::CopyWholeFilesystem;
pub use dl4000_maintainer_deprecated::MaintainerDeprecated;
pub use dl4003_multiple_cmd::MultipleCmd;
pub use dl4004_multiple_entrypoint::MultipleEntrypoint;
pub use dl4005_ln_bin_sh::LnBinSh;

/// The rules of this group.
pub(crate) fn rules() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(RelativeWorkdir),
        Box::new(RootUser),
        Box::new(UntaggedImage),
        Box::new(LatestTag),
        Box::new(ExtractWithAdd),
        Box::new(InvalidPort),
        Box::new(MultipleHealthcheck),
        Box::new(AddInsteadOfCopy),
        Box::new(CopyMultipleSourcesDestination),
        Box::new(CopyFromUndefinedStage),
        Box::new(CopyFromOwnStage),
        Box::new(DuplicateStageName),
        Box::new(ShellFormCmd),
        Box::new(UntrustedRegistry),
        Box::new(FromPlatform),
        Box::new(OnbuildForbiddenTrigger),
        Box::new(EnvSelfReference),
        Box::new(CopyRelativeDestination),
        Box::new(MissingHealthcheck),
        Box::new(InstructionBeforeFrom),
        Box::new(ReservedStageName),
        Box::new(SensitiveArgOrEnv),
        Box::new(RedundantTargetPlatform),
        Box::new(NonNumericUser),
        Box::new(CopyWholeFilesystem),
        Box::new(MaintainerDeprecated),
        Box::new(MultipleCmd),
        Box::new(MultipleEntrypoint),
        Box::new(LnBinSh),
    ]
}
