use super::rpm_common::{check_pins, Family};
use crate::rules::{Rule, RuleContext, RuleMeta};

crate::declare_rule! {
    /// ## What it does
    /// Reports packages installed with `yum install` without a version (`httpd`
    /// rather than `httpd-2.4.6`), and modules installed with `yum module install`
    /// without a stream (`nodejs` rather than `nodejs:18`).
    ///
    /// ## Why
    /// Without a version, every build installs whatever the repositories have that
    /// day: the image changes between builds of the same Dockerfile, and an update can
    /// break it without any change on your side. A pinned version makes the build
    /// reproducible, and makes the failure explicit when the version disappears.
    ///
    /// A version is `name-version[-release]` (`httpd-2.4.6-99.el7`, `httpd-${V}`),
    /// with every part after the `-` that starts the version beginning with a digit:
    /// `python3-pip` and `java-11-openjdk` are package names without a version. Local
    /// or remote `.rpm` files, URLs, what a package provides (a file path,
    /// `dnf-command(config-manager)`), groups (`groupinstall`, `@group`) and version
    /// constraints (`'name >= 1.2'`) need no version; `reinstall` puts back the
    /// installed one and `localinstall` takes files. `swap` installs packages too:
    /// those after `install` in `swap -- remove A -- install B`, or B in `swap A B`.
    /// Variables are expanded with the ARG and ENV values in scope and the variables
    /// the script sets; options a variable expands to (`ARG FLAGS=--nodocs`) are not
    /// packages. Heredoc scripts and ONBUILD triggers are checked like any RUN; dnf
    /// has its own rule (DL3041).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd && yum clean all
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd-2.4.6 && yum clean all
    /// ```
    ///
    /// ## Fix
    /// None: the right version depends on the repositories (`yum list --showduplicates
    /// <package>` shows the available ones).
    pub struct UnpinnedYumPackage {
        code: "DL3033",
        name: "unpinned-yum-package",
        category: Correctness,
        severity: Warning,
        fix: None,
    }
}

impl Rule for UnpinnedYumPackage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        check_pins(ctx, Family::Yum);
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::testing::messages;
    use crate::rules::test_support::codes;

    const C: &str = "DL3033";

    #[test]
    fn unpinned_packages_are_reported() {
        assert_eq!(
            codes(
                "FROM centos:7\nRUN yum install -y httpd && yum clean all\n",
                C
            ),
            vec![2]
        );
        assert_eq!(
            codes(
                "FROM centos:7\nRUN yum install -y \\\n  httpd-2.4.6 \\\n  python3-pip \\\n  java-11-openjdk\n",
                C
            ),
            vec![4, 5]
        );
        assert_eq!(
            codes("FROM centos:7\nRUN yum module install -y nodejs\n", C),
            vec![2]
        );
        assert_eq!(
            codes("FROM centos:7\nONBUILD RUN yum install -y httpd\n", C),
            vec![2]
        );
        assert_eq!(
            codes("FROM centos:7\nRUN <<EOF\nyum install -y httpd\nEOF\n", C),
            vec![3]
        );
        assert_eq!(
            messages("FROM centos:7\nRUN yum install -y httpd\n", C),
            ["Pin versions in yum install: `httpd` has no version; use `yum install httpd-<version>`"]
        );
        assert_eq!(
            messages("FROM centos:7\nRUN yum module install -y nodejs\n", C),
            ["Pin the stream in yum module install: `nodejs` has no stream; use `yum module install nodejs:<stream>`"]
        );
    }

    #[test]
    fn swap_installs_are_checked() {
        assert_eq!(
            codes(
                "FROM centos:7\nRUN yum -y swap -- remove fakesystemd -- install systemd systemd-libs-219\n",
                C
            ),
            vec![2]
        );
        assert_eq!(
            messages("FROM centos:7\nRUN yum -y swap curl-minimal curl\n", C),
            ["Pin versions in yum swap: `curl` has no version; use `yum swap curl-<version>`"]
        );
        for run in [
            "yum -y swap curl-minimal curl-8.6.0",
            "yum -y swap -- remove fakesystemd -- install systemd-219",
        ] {
            let src = format!("FROM centos:7\nRUN {run}\n");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
    }

    #[test]
    fn pinned_and_unversioned_operands_are_fine() {
        for run in [
            "yum install -y httpd-2.4.6",
            "yum install -y httpd-2.4.6-99.el7.x86_64",
            "yum install -y java-1.8.0-openjdk-1.8.0.412.b08-1.el7",
            "yum install -y --enablerepo epel jq-1.6",
            "yum install -y --disableplugin subscription-manager jq-1.6",
            "yum install -y https://example.com/x-1.rpm ./local.rpm",
            "yum localinstall -y /tmp/x.rpm",
            "yum install -y /usr/bin/python3",
            "yum install -y @development",
            "yum groupinstall -y 'Development Tools'",
            "yum group install -y 'Development Tools'",
            "yum module install -y nodejs:18/common",
            "yum reinstall -y httpd",
            "yum update -y httpd",
            "yum remove -y httpd",
            "dnf install -y httpd",
        ] {
            let src = format!("FROM centos:7\nRUN {run}\n");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
    }

    #[test]
    fn variables_are_expanded() {
        assert!(codes(
            "FROM centos:7\nARG V=2.4.6\nRUN yum install -y httpd-${V}\n",
            C
        )
        .is_empty());
        assert!(codes(
            "FROM centos:7\nENV PKGS=\"httpd-2.4.6 jq-1.6\"\nRUN yum install -y $PKGS\n",
            C
        )
        .is_empty());
        assert_eq!(
            codes(
                "FROM centos:7\nRUN PKGS='httpd jq' && yum install -y $PKGS\n",
                C
            ),
            vec![2]
        );
        assert_eq!(
            codes("FROM centos:7\nRUN yum install -y $(cat /pkgs)\n", C),
            vec![2]
        );
    }

    #[test]
    fn options_from_variables_are_not_packages() {
        assert!(codes("FROM centos:7\nARG YUM_FLAGS=\"--nodocs --setopt=tsflags=nodocs\"\nRUN yum install -y $YUM_FLAGS httpd-2.4.6\n", C).is_empty());
        assert_eq!(codes("FROM centos:7\nARG YUM_FLAGS=\"--nodocs --setopt=tsflags=nodocs\"\nRUN yum install -y $YUM_FLAGS httpd\n", C), vec![3]);
    }
}
