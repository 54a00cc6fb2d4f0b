//! Rules about package managers in RUN: pinning, caches, prompts, recommendations.

use super::Rule;

mod common;
mod dl3008_unpinned_apt_package;
mod dl3009_apt_lists_not_deleted;
mod dl3013_unpinned_pip_package;
mod dl3014_apt_get_without_yes;
mod dl3015_apt_install_recommends;
mod dl3016_unpinned_npm_package;
mod dl3018_unpinned_apk_package;
mod dl3019_apk_add_with_cache;
mod dl3027_apt_instead_of_apt_get;
mod dl3042_pip_cache_dir;

pub use dl3008_unpinned_apt_package::UnpinnedAptPackage;
pub use dl3009_apt_lists_not_deleted::AptListsNotDeleted;
pub use dl3013_unpinned_pip_package::UnpinnedPipPackage;
pub use dl3014_apt_get_without_yes::AptGetWithoutYes;
pub use dl3015_apt_install_recommends::AptInstallRecommends;
pub use dl3016_unpinned_npm_package::UnpinnedNpmPackage;
pub use dl3018_unpinned_apk_package::UnpinnedApkPackage;
pub use dl3019_apk_add_with_cache::ApkAddWithCache;
pub use dl3027_apt_instead_of_apt_get::AptInsteadOfAptGet;
pub use dl3042_pip_cache_dir::PipCacheDir;

/// The rules of this group.
pub(crate) fn rules() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(UnpinnedAptPackage),
        Box::new(AptListsNotDeleted),
        Box::new(UnpinnedPipPackage),
        Box::new(AptGetWithoutYes),
        Box::new(AptInstallRecommends),
        Box::new(UnpinnedNpmPackage),
        Box::new(UnpinnedApkPackage),
        Box::new(ApkAddWithCache),
        Box::new(AptInsteadOfAptGet),
        Box::new(PipCacheDir),
    ]
}
