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
mod dl3028_unpinned_gem;
mod dl3030_yum_without_yes;
mod dl3032_yum_cache_not_cleaned;
mod dl3033_unpinned_yum_package;
mod dl3034_zypper_without_non_interactive;
mod dl3035_zypper_dist_upgrade;
mod dl3036_zypper_cache_not_cleaned;
mod dl3037_unpinned_zypper_package;
mod dl3038_dnf_without_yes;
mod dl3040_dnf_cache_not_cleaned;
mod dl3041_unpinned_dnf_package;
mod dl3042_pip_cache_dir;
mod dl3060_yarn_cache_not_cleaned;
mod dl3062_unpinned_go_package;
mod rpm_common;

pub use dl3008_unpinned_apt_package::UnpinnedAptPackage;
pub use dl3009_apt_lists_not_deleted::AptListsNotDeleted;
pub use dl3013_unpinned_pip_package::UnpinnedPipPackage;
pub use dl3014_apt_get_without_yes::AptGetWithoutYes;
pub use dl3015_apt_install_recommends::AptInstallRecommends;
pub use dl3016_unpinned_npm_package::UnpinnedNpmPackage;
pub use dl3018_unpinned_apk_package::UnpinnedApkPackage;
pub use dl3019_apk_add_with_cache::ApkAddWithCache;
pub use dl3027_apt_instead_of_apt_get::AptInsteadOfAptGet;
pub use dl3028_unpinned_gem::UnpinnedGem;
pub use dl3030_yum_without_yes::YumWithoutYes;
pub use dl3032_yum_cache_not_cleaned::YumCacheNotCleaned;
pub use dl3033_unpinned_yum_package::UnpinnedYumPackage;
pub use dl3034_zypper_without_non_interactive::ZypperWithoutNonInteractive;
pub use dl3035_zypper_dist_upgrade::ZypperDistUpgrade;
pub use dl3036_zypper_cache_not_cleaned::ZypperCacheNotCleaned;
pub use dl3037_unpinned_zypper_package::UnpinnedZypperPackage;
pub use dl3038_dnf_without_yes::DnfWithoutYes;
pub use dl3040_dnf_cache_not_cleaned::DnfCacheNotCleaned;
pub use dl3041_unpinned_dnf_package::UnpinnedDnfPackage;
pub use dl3042_pip_cache_dir::PipCacheDir;
pub use dl3060_yarn_cache_not_cleaned::YarnCacheNotCleaned;
pub use dl3062_unpinned_go_package::UnpinnedGoPackage;

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
        Box::new(UnpinnedGem),
        Box::new(YumWithoutYes),
        Box::new(YumCacheNotCleaned),
        Box::new(UnpinnedYumPackage),
        Box::new(ZypperWithoutNonInteractive),
        Box::new(ZypperDistUpgrade),
        Box::new(ZypperCacheNotCleaned),
        Box::new(UnpinnedZypperPackage),
        Box::new(DnfWithoutYes),
        Box::new(DnfCacheNotCleaned),
        Box::new(UnpinnedDnfPackage),
        Box::new(PipCacheDir),
        Box::new(YarnCacheNotCleaned),
        Box::new(UnpinnedGoPackage),
    ]
}
