use super::rpm_common::{check_clean, Family};
use crate::rules::{Rule, RuleContext, RuleMeta};

crate::declare_rule! {
    /// ## What it does
    /// Reports a RUN that installs or updates packages with dnf (`dnf5`, `microdnf`,
    /// `tdnf`) and does not end with `dnf clean all`.
    ///
    /// ## Why
    /// dnf keeps the repository metadata it downloads, and often the packages too, in
    /// `/var/cache/dnf` (`/var/cache/libdnf5` for dnf5, `/var/cache/yum` for microdnf):
    /// tens to hundreds of megabytes that stay in the layer of the RUN unless that same
    /// RUN removes them. Cleaning in a later RUN does not shrink the image.
    ///
    /// The cache is gone when, after the last dnf command that fills it (`install`,
    /// `upgrade`, `group install`, `module enable`, `makecache`...), the RUN runs
    /// `dnf clean all` (with any of the tools) or removes the cache directory
    /// (`rm -rf /var/cache/dnf`, any `rm` whose paths cover it). `dnf clean packages`
    /// or `dnf clean metadata` alone leave the rest behind and are reported. A
    /// `--mount=type=cache` or `type=tmpfs` on the cache directory keeps the cache out
    /// of the layer. Heredoc scripts and ONBUILD triggers are checked like any RUN;
    /// yum has its own rule (DL3032).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y httpd-2.4.62
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN --mount=type=cache,target=/var/cache/dnf dnf install -y httpd-2.4.62
    /// ```
    ///
    /// ## Fix
    /// Appends `&& dnf clean all` (with the tool the RUN uses) to the RUN, when it is a
    /// plain shell-form RUN. Safe: a later dnf command downloads the metadata again.
    pub struct DnfCacheNotCleaned {
        code: "DL3040",
        name: "dnf-cache-not-cleaned",
        category: Size,
        severity: Warning,
        fix: Sometimes,
    }
}

impl Rule for DnfCacheNotCleaned {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        check_clean(ctx, Family::Dnf);
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::testing::check_fix;
    use crate::fix::Applicability;
    use crate::rules::test_support::{codes, fixed};

    const C: &str = "DL3040";

    #[test]
    fn caches_left_behind_are_reported() {
        for run in [
            "dnf install -y httpd-2.4.62",
            "microdnf install -y httpd-2.4.62",
            "dnf5 install -y httpd-2.4.62",
            "tdnf install -y httpd-2.4.62",
            "dnf -y upgrade",
            "dnf module enable -y nodejs:18",
            "dnf clean all && dnf install -y httpd-2.4.62",
            "dnf install -y httpd-2.4.62 && dnf clean packages",
            "--mount=type=cache,target=/root/.cache dnf install -y httpd-2.4.62",
        ] {
            let src = format!("FROM fedora:40\nRUN {run}\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
        }
        assert_eq!(
            codes(
                "FROM fedora:40\nONBUILD RUN dnf install -y httpd-2.4.62\n",
                C
            ),
            vec![2]
        );
    }

    #[test]
    fn cleaned_caches_are_fine() {
        for run in [
            "dnf install -y httpd-2.4.62 && dnf clean all",
            "microdnf install -y httpd-2.4.62 && microdnf clean all",
            "dnf install -y httpd-2.4.62 && yum clean all",
            "dnf install -y httpd-2.4.62 && rm -rf /var/cache/dnf",
            "dnf install -y httpd-2.4.62 && rm -rf /var/cache/yum /var/cache/dnf",
            "--mount=type=cache,target=/var/cache/dnf dnf install -y httpd-2.4.62",
            "--mount=type=cache,target=/var/cache/libdnf5 dnf5 install -y httpd-2.4.62",
            "--mount=type=tmpfs,target=/var/cache/dnf dnf install -y httpd-2.4.62",
            "--mount=type=cache,target=/var/cache dnf install -y httpd-2.4.62",
            "dnf remove -y httpd",
            "yum install -y httpd-2.4.6",
        ] {
            let src = format!("FROM fedora:40\nRUN {run}\n");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
    }

    #[test]
    fn fix_appends_clean_all_with_the_same_tool() {
        let src = "FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4\nRUN microdnf install -y jq-1.6\n";
        assert_eq!(
            fixed(src, C),
            "FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4\nRUN microdnf install -y jq-1.6 && microdnf clean all\n"
        );
        check_fix(src, C, Applicability::Safe, true);
    }

    #[test]
    fn heredocs_exec_form_and_wrappers_are_checked() {
        assert_eq!(
            codes("FROM fedora:40\nRUN <<EOF\ndnf install -y jq-1.6\nEOF\n", C),
            vec![3]
        );
        assert!(codes(
            "FROM fedora:40\nRUN <<EOF bash\ndnf install -y jq-1.6\ndnf clean all\nEOF\n",
            C
        )
        .is_empty());
        for run in [
            "[\"dnf\", \"install\", \"-y\", \"jq-1.6\"]",
            "sudo dnf install -y jq-1.6",
        ] {
            let src = format!("FROM fedora:40\nRUN {run}\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
        }
        // The removed path from a variable.
        assert!(codes(
            "FROM fedora:40\nENV DNF_CACHE=/var/cache/dnf\nRUN dnf install -y jq-1.6 && rm -rf $DNF_CACHE\n",
            C
        )
        .is_empty());
        // microdnf keeps its cache in /var/cache/yum.
        assert!(codes(
            "FROM fedora:40\nRUN microdnf install -y jq-1.6 && rm -rf /var/cache/yum\n",
            C
        )
        .is_empty());
    }

    #[test]
    fn mounts_on_heredocs_and_onbuild() {
        for src in [
            "RUN --mount=type=cache,target=/var/cache/dnf <<EOF\ndnf install -y jq-1.6\nEOF\n",
            "ONBUILD RUN --mount=type=cache,target=/var/cache/dnf dnf install -y jq-1.6\n",
            "ONBUILD RUN --mount=type=tmpfs,target=/var/cache/libdnf5 dnf5 install -y jq-1.6\n",
        ] {
            let src = format!("FROM fedora:40\n{src}");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
        // A bind mount is not a cache.
        assert_eq!(
            codes(
                "FROM fedora:40\nRUN --mount=type=bind,target=/var/cache/dnf dnf install -y jq-1.6\n",
                C
            ),
            vec![2]
        );
    }

    #[test]
    fn fix_in_onbuild_not_in_heredocs_or_behind_sudo() {
        let src = "FROM fedora:40\nONBUILD RUN dnf5 install -y jq-1.6\n";
        assert_eq!(
            check_fix(src, C, Applicability::Safe, true),
            "FROM fedora:40\nONBUILD RUN dnf5 install -y jq-1.6 && dnf5 clean all\n"
        );
        for src in [
            "FROM fedora:40\nRUN <<EOF\ndnf install -y jq-1.6\nEOF\n",
            "FROM fedora:40\nRUN sudo dnf install -y jq-1.6\n",
        ] {
            assert_eq!(codes(src, C).len(), 1, "{src}");
            assert_eq!(fixed(src, C), src);
        }
    }
}
