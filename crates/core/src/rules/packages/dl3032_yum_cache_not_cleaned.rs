use super::rpm_common::{check_clean, Family};
use crate::rules::{Rule, RuleContext, RuleMeta};

crate::declare_rule! {
    /// ## What it does
    /// Reports a RUN that installs or updates packages with yum and does not end with
    /// `yum clean all`.
    ///
    /// ## Why
    /// yum keeps the repository metadata it downloads, and often the packages too, in
    /// `/var/cache/yum`: tens to hundreds of megabytes that stay in the layer of the
    /// RUN unless that same RUN removes them. Cleaning in a later RUN does not shrink
    /// the image.
    ///
    /// The cache is gone when, after the last yum command that fills it (`install`,
    /// `update`, `groupinstall`, `module install`, `makecache`...), the RUN runs
    /// `yum clean all` (or `dnf clean all`) or removes the cache directory
    /// (`rm -rf /var/cache/yum`, any `rm` whose paths cover it). `yum clean packages`
    /// or `yum clean metadata` alone leave the rest behind and are reported. A
    /// `--mount=type=cache` or `type=tmpfs` on `/var/cache/yum` keeps the cache out
    /// of the layer. Heredoc scripts and ONBUILD triggers are checked like any RUN;
    /// dnf has its own rule (DL3040).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd-2.4.6
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd-2.4.6 && yum clean all
    /// ```
    ///
    /// ```dockerfile
    /// FROM centos:7
    /// RUN --mount=type=cache,target=/var/cache/yum yum install -y httpd-2.4.6
    /// ```
    ///
    /// ## Fix
    /// Appends `&& yum clean all` to the RUN (when it is a plain shell-form RUN).
    /// Safe: a later yum command downloads the metadata again.
    pub struct YumCacheNotCleaned {
        code: "DL3032",
        name: "yum-cache-not-cleaned",
        category: Size,
        severity: Warning,
        fix: Sometimes,
    }
}

impl Rule for YumCacheNotCleaned {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        check_clean(ctx, Family::Yum);
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::testing::check_fix;
    use crate::fix::Applicability;
    use crate::rules::test_support::{codes, fixed};

    const C: &str = "DL3032";

    #[test]
    fn caches_left_behind_are_reported() {
        for run in [
            "yum install -y httpd-2.4.6",
            "yum -y update",
            "yum groupinstall -y 'Development Tools'",
            "yum makecache fast",
            "yum clean all && yum install -y httpd-2.4.6",
            "yum install -y a-1 && yum clean all && yum install -y b-1",
            "yum install -y httpd-2.4.6 && yum clean packages",
            "yum install -y httpd-2.4.6 && rm -rf /var/cache/yum/x86_64/7/base/packages",
            "--mount=type=cache,target=/var/cache/other yum install -y httpd-2.4.6",
        ] {
            let src = format!("FROM centos:7\nRUN {run}\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
        }
        // Cleaning in a later RUN is too late.
        assert_eq!(
            codes(
                "FROM centos:7\nRUN yum install -y httpd-2.4.6\nRUN yum clean all\n",
                C
            ),
            vec![2]
        );
        assert_eq!(
            codes("FROM centos:7\nONBUILD RUN yum install -y httpd-2.4.6\n", C),
            vec![2]
        );
        assert_eq!(
            codes(
                "FROM centos:7\nRUN <<EOF\nyum install -y httpd-2.4.6\nEOF\n",
                C
            ),
            vec![3]
        );
    }

    #[test]
    fn cleaned_caches_are_fine() {
        for run in [
            "yum install -y httpd-2.4.6 && yum clean all",
            "yum install -y httpd-2.4.6; yum -y clean all",
            "yum install -y httpd-2.4.6 && yum clean metadata packages",
            "yum install -y httpd-2.4.6 && dnf clean all",
            "yum install -y httpd-2.4.6 && rm -rf /var/cache/yum",
            "yum install -y httpd-2.4.6 && rm -rf /var/cache/yum/*",
            "yum install -y httpd-2.4.6 && rm -rf /var/cache/*",
            "--mount=type=cache,target=/var/cache/yum yum install -y httpd-2.4.6",
            "--mount=type=tmpfs,target=/var/cache yum install -y httpd-2.4.6",
            "yum remove -y httpd",
            "yum repolist",
            "dnf install -y httpd-2.4.62",
        ] {
            let src = format!("FROM centos:7\nRUN {run}\n");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
        let src = "FROM centos:7\nRUN <<EOF\nyum install -y httpd-2.4.6\nyum clean all\nEOF\n";
        assert!(codes(src, C).is_empty());
    }

    #[test]
    fn fix_appends_clean_all() {
        let src = "FROM centos:7\nRUN yum install -y httpd-2.4.6\n";
        assert_eq!(
            fixed(src, C),
            "FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all\n"
        );
        check_fix(src, C, Applicability::Safe, true);
        let src = "FROM centos:7\nRUN yum install -y \\\n      httpd-2.4.6 \\\n  && echo done\n";
        assert_eq!(
            check_fix(src, C, Applicability::Safe, true),
            "FROM centos:7\nRUN yum install -y \\\n      httpd-2.4.6 \\\n  && echo done \\\n  && yum clean all\n"
        );
        // No fix through sudo, nor for a partial clean.
        for src in [
            "FROM centos:7\nRUN sudo yum install -y httpd-2.4.6\n",
            "FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean packages\n",
        ] {
            assert_eq!(codes(src, C), vec![2]);
            assert_eq!(fixed(src, C), src);
        }
    }

    #[test]
    fn heredocs_exec_form_and_onbuild_mounts() {
        assert_eq!(
            codes(
                "FROM centos:7\nRUN <<EOF bash\nset -e\nyum install -y jq-1.6\nEOF\n",
                C
            ),
            vec![4]
        );
        assert_eq!(
            codes(
                "FROM centos:7\nRUN [\"yum\", \"install\", \"-y\", \"jq-1.6\"]\n",
                C
            ),
            vec![2]
        );
        for src in [
            "RUN --mount=type=cache,target=/var/cache/yum <<EOF\nyum install -y jq-1.6\nEOF\n",
            "ONBUILD RUN --mount=type=cache,target=/var/cache/yum yum install -y jq-1.6\n",
            "ONBUILD RUN --mount=type=tmpfs,target=/var/cache/yum yum install -y jq-1.6\n",
        ] {
            let src = format!("FROM centos:7\n{src}");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
        // A bind mount is not a cache: what yum writes there is not kept out.
        assert_eq!(
            codes(
                "FROM centos:7\nRUN --mount=type=bind,target=/var/cache/yum yum install -y jq-1.6\n",
                C
            ),
            vec![2]
        );
    }

    #[test]
    fn removal_paths_from_variables() {
        assert!(codes(
            "FROM centos:7\nENV YUM_CACHE=/var/cache/yum\nRUN yum install -y jq-1.6 && rm -rf $YUM_CACHE\n",
            C
        )
        .is_empty());
        // An unknown variable may name anything.
        assert_eq!(
            codes(
                "FROM centos:7\nRUN yum install -y jq-1.6 && rm -rf $DIR\n",
                C
            ),
            vec![2]
        );
    }

    #[test]
    fn fix_in_onbuild_but_not_heredocs() {
        let src = "FROM centos:7\nONBUILD RUN yum install -y jq-1.6\n";
        assert_eq!(
            check_fix(src, C, Applicability::Safe, true),
            "FROM centos:7\nONBUILD RUN yum install -y jq-1.6 && yum clean all\n"
        );
        let src = "FROM centos:7\nRUN <<EOF\nyum install -y jq-1.6\nEOF\n";
        assert_eq!(fixed(src, C), src);
    }
}
