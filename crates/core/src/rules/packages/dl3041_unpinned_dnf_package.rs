use super::rpm_common::{check_pins, Family};
use crate::rules::{Rule, RuleContext, RuleMeta};

crate::declare_rule! {
    /// ## What it does
    /// Reports packages installed with `dnf install` (`dnf5`, `microdnf`, `tdnf`)
    /// without a version (`httpd` rather than `httpd-2.4.62`), and modules installed
    /// with `dnf module install` without a stream (`nodejs` rather than `nodejs:18`).
    ///
    /// ## Why
    /// Without a version, every build installs whatever the repositories have that
    /// day: the image changes between builds of the same Dockerfile, and an update can
    /// break it without any change on your side. A pinned version makes the build
    /// reproducible, and makes the failure explicit when the version disappears.
    ///
    /// A version is `name-version[-release]` (`httpd-2.4.62-1.fc40`, `httpd-${V}`),
    /// with every part after the `-` that starts the version beginning with a digit:
    /// `python3-pip` and `java-17-openjdk` are package names without a version. Local
    /// or remote `.rpm` files, URLs, what a package provides (a file path,
    /// `dnf-command(config-manager)`), groups (`group install`, `@group`) and version
    /// constraints (`'name >= 1.2'`) need no version; `reinstall` puts back the
    /// installed one and `localinstall` takes files. `swap` installs packages too:
    /// those after `install` in `swap -- remove A -- install B`, or B in `swap A B`.
    /// Variables are expanded with the ARG and ENV values in scope and the variables
    /// the script sets; options a variable expands to (`ARG FLAGS=--nodocs`) are not
    /// packages. Heredoc scripts and ONBUILD triggers are checked like any RUN; yum
    /// has its own rule (DL3033).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y httpd && dnf clean all
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// ## Fix
    /// None: the right version depends on the repositories (`dnf list --showduplicates
    /// <package>` shows the available ones).
    pub struct UnpinnedDnfPackage {
        code: "DL3041",
        name: "unpinned-dnf-package",
        category: Correctness,
        severity: Warning,
        fix: None,
    }
}

impl Rule for UnpinnedDnfPackage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        check_pins(ctx, Family::Dnf);
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::testing::messages;
    use crate::rules::test_support::codes;

    const C: &str = "DL3041";

    #[test]
    fn unpinned_packages_are_reported() {
        for run in [
            "dnf install -y httpd",
            "microdnf install -y httpd",
            "dnf5 install -y httpd",
            "dnf module install -y nodejs",
            "dnf install -y --setopt=install_weak_deps=False python3-pip",
        ] {
            let src = format!("FROM fedora:40\nRUN {run} && dnf clean all\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
        }
        assert_eq!(
            messages("FROM fedora:40\nRUN microdnf install -y httpd jq gcc git\n", C),
            [
                "Pin versions in microdnf install: `httpd` has no version; use `microdnf install httpd-<version>`",
                "Pin versions in microdnf install: `jq` has no version; use `microdnf install jq-<version>`",
                "Pin versions in microdnf install: `gcc` has no version; use `microdnf install gcc-<version>`",
                "Pin versions in microdnf install: `git` has no version; use `microdnf install git-<version>`",
            ]
        );
    }

    #[test]
    fn swap_installs_are_checked() {
        assert_eq!(
            codes(
                "FROM fedora:40\nRUN dnf -y swap -- remove fakesystemd -- install systemd systemd-libs-219\n",
                C
            ),
            vec![2]
        );
        assert_eq!(
            messages("FROM fedora:40\nRUN dnf -y swap curl-minimal curl\n", C),
            ["Pin versions in dnf swap: `curl` has no version; use `dnf swap curl-<version>`"]
        );
        for run in [
            "dnf -y swap curl-minimal curl-8.6.0",
            "dnf -y swap -- remove fakesystemd -- install systemd-219",
        ] {
            let src = format!("FROM fedora:40\nRUN {run}\n");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
    }

    #[test]
    fn pinned_and_unversioned_operands_are_fine() {
        for run in [
            "dnf install -y httpd-2.4.62",
            "dnf install -y httpd-2.4.62-1.fc40",
            "dnf install -y 'python3 >= 3.12'",
            "dnf install -y https://example.com/x-1.rpm",
            "dnf install -y @nodejs:18",
            "dnf group install -y 'Development Tools'",
            "dnf module install -y nodejs:18",
            "dnf reinstall -y httpd",
            "dnf upgrade -y httpd",
            "yum install -y httpd",
        ] {
            let src = format!("FROM fedora:40\nRUN {run}\n");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
    }

    #[test]
    fn onbuild_heredocs_and_wrappers_are_checked() {
        assert_eq!(
            codes("FROM fedora:40\nONBUILD RUN dnf install -y httpd\n", C),
            vec![2]
        );
        assert!(codes(
            "FROM fedora:40\nONBUILD RUN dnf install -y httpd-2.4.62\n",
            C
        )
        .is_empty());
        assert_eq!(
            codes(
                "FROM fedora:40\nRUN <<EOF\ndnf install -y httpd-2.4.62 jq\ndnf clean all\nEOF\n",
                C
            ),
            vec![3]
        );
        assert_eq!(
            codes(
                "FROM fedora:40\nRUN <<EOF bash\nset -e\ntdnf install -y jq\nEOF\n",
                C
            ),
            vec![4]
        );
        for run in [
            "[\"dnf\", \"install\", \"-y\", \"vim\"]",
            "sudo dnf install -y vim",
            "sh -c 'dnf install -y vim'",
            "env LANG=C dnf install -y vim",
        ] {
            let src = format!("FROM fedora:40\nRUN {run}\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
            let pinned = src.replace("vim", "vim-enhanced-9.1.825");
            assert!(codes(&pinned, C).is_empty(), "{pinned}");
        }
    }

    #[test]
    fn variables_are_expanded() {
        for src in [
            "ARG V=2.4.62\nRUN dnf install -y httpd-$V\n",
            "ENV PKGS=\"httpd-2.4.62 jq-1.7.1\"\nRUN dnf install -y $PKGS\n",
            "RUN V=2.4.62 && dnf install -y \"httpd-$V\"\n",
            // A version from a variable set nowhere still names a version.
            "RUN dnf install -y \"httpd-${HTTPD_VERSION}\"\n",
        ] {
            let src = format!("FROM fedora:40\n{src}");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
        assert_eq!(
            codes(
                "FROM fedora:40\nARG PKGS=\"httpd-2.4.62 jq\"\nRUN dnf install -y $PKGS\n",
                C
            ),
            vec![3]
        );
        assert_eq!(
            codes("FROM fedora:40\nRUN dnf install -y $PKGS\n", C),
            vec![2]
        );
        // ONBUILD runs in a later build, where this file's ARGs are not set.
        assert_eq!(
            codes(
                "FROM fedora:40\nARG PKGS=httpd-2.4.62\nONBUILD RUN dnf install -y $PKGS\n",
                C
            ),
            vec![3]
        );
    }

    #[test]
    fn options_from_variables_are_not_packages() {
        assert!(codes("FROM fedora:40\nARG DNF_FLAGS=\"--nodocs --setopt=install_weak_deps=False\"\nRUN dnf install -y $DNF_FLAGS httpd-2.4.62\n", C).is_empty());
        assert_eq!(codes("FROM fedora:40\nARG DNF_FLAGS=\"--nodocs --setopt=install_weak_deps=False\"\nRUN dnf install -y $DNF_FLAGS httpd\n", C), vec![3]);
    }

    #[test]
    fn names_with_dashes_epochs_and_other_tools() {
        for run in [
            "dnf install -y rpm-sign",
            "dnf install -y gcc-c++",
            "microdnf module install -y tomcat",
        ] {
            let src = format!("FROM fedora:40\nRUN {run}\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
        }
        for run in [
            "dnf install -y rpm-sign-4.16.1.3",
            "dnf install -y gcc-c++-13.3.1",
            "microdnf install -y openssl-1:3.2.2",
            "microdnf module install -y tomcat:9",
            // Not dnf.
            "notdnf install tomcat",
        ] {
            let src = format!("FROM fedora:40\nRUN {run}\n");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
    }
}
