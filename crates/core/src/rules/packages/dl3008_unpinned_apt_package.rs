use super::common::{check_pin, for_each_command, list_names, Pin};
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::shell::commands::apt::{apt, AptTool};

crate::declare_rule! {
    /// ## What it does
    /// Reports packages installed with `apt-get install` without a version
    /// (`curl` rather than `curl=7.88.1-10+deb12u5`).
    ///
    /// ## Why
    /// Without a version, every build installs whatever the mirror has that day: the
    /// image changes between builds of the same Dockerfile, and an upgrade can break
    /// it without any change on your side. A pinned version makes the build
    /// reproducible, and makes the failure explicit when the version disappears.
    ///
    /// A package is pinned when it names a version (`pkg=1.2*` too) or a release
    /// (`pkg/bookworm-backports`); local `.deb` files need no version. Variables are
    /// expanded with the ARG and ENV values in scope and the variables the script
    /// sets itself, so `ENV PKGS="curl=8.5.0-2"` + `apt-get install $PKGS` is
    /// pinned, and `apt-get install $PKGS` with `PKGS="curl git"` reports both;
    /// options a variable expands to (`ARG APT_FLAGS="-y -q"`) are not packages.
    /// `apt install` and `aptitude install` are checked too (DL3027 reports `apt`
    /// itself). Heredoc scripts, ONBUILD triggers and exec-form RUNs
    /// (`["apt-get", "install", ...]`) are checked like any RUN.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl \
    ///  && rm -rf /var/lib/apt/lists/*
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 \
    ///  && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Fix
    /// None: the right version depends on the distribution release. `apt-cache
    /// policy <package>` in the base image shows the candidate version to pin.
    pub struct UnpinnedAptPackage {
        code: "DL3008",
        name: "unpinned-apt-package",
        category: Correctness,
        severity: Warning,
        fix: None,
    }
}

/// Whether an `apt-get install` operand is pinned (or not a repository package).
pub(super) fn apt_pinned(p: &str) -> bool {
    p.contains('=') || p.contains('/') || p.ends_with(".deb")
}

impl Rule for UnpinnedAptPackage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        for_each_command(model, |run, cmd| {
            let Some(a) = apt(cmd) else { return };
            if !a.is_install() {
                return;
            }
            let tool = match a.tool {
                AptTool::AptGet => "apt-get",
                AptTool::Apt => "apt",
                AptTool::Aptitude => "aptitude",
            };
            for p in &a.packages {
                let word = p.word;
                // Options from a variable (`ARG FLAGS=--quiet`) are not packages.
                let pinned_or_option = |w: &str| w.starts_with('-') || apt_pinned(w);
                match check_pin(&run.env, word, cmd.span.start, pinned_or_option) {
                    Pin::Pinned => {}
                    Pin::Unpinned(names) => {
                        let example = names.first().cloned().unwrap_or_default();
                        ctx.report(
                            word.span(),
                            format!(
                                "Pin versions in {tool} install: {} {} no version; use `{tool} install {example}=<version>`",
                                list_names(&names),
                                if names.len() == 1 { "has" } else { "have" },
                            ),
                        );
                    }
                    Pin::Unknown => {
                        ctx.report(
                            word.span(),
                            format!(
                                "Pin versions in {tool} install: `{}` expands to packages not known here, which may have no version",
                                word.lossy()
                            ),
                        );
                    }
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::testing::messages;
    use crate::rules::test_support::codes;

    const C: &str = "DL3008";

    #[test]
    fn unpinned_packages_are_reported_one_by_one() {
        assert_eq!(
            codes(
                "FROM debian:12\nRUN apt-get update && apt-get install python\n",
                C
            ),
            vec![2]
        );
        assert_eq!(
            codes(
                "FROM debian:12\nRUN apt-get install -y \\\n    curl=7.88 \\\n    git \\\n    vim\n",
                C
            ),
            vec![4, 5]
        );
        // Also `apt install` and behind `sudo`, in `sh -c` strings.
        assert_eq!(
            codes("FROM debian:12\nRUN apt install -y curl\n", C),
            vec![2]
        );
        assert_eq!(
            codes("FROM debian:12\nRUN sudo apt-get install -y curl\n", C),
            vec![2]
        );
        assert_eq!(
            codes("FROM debian:12\nRUN sh -c 'apt-get install -y curl'\n", C),
            vec![2]
        );
    }

    #[test]
    fn pinned_releases_and_local_files_are_fine() {
        for src in [
            "RUN apt-get -yqq --no-install-recommends install nodejs=0.10 \\\n && rm -rf /var/lib/apt/lists/*\n",
            "RUN apt-get install --no-install-recommends -y \\\npython-demjson=2.2.2* \\\nwget=1.16.1* \\\ngit=1:2.5.0* \\\nruby=1:2.1.*\n",
            "RUN apt-get install -y python=1.2.2\n",
            "RUN apt-get install ./wkhtmltox_0.12.5-1.bionic_amd64.deb\n",
            "RUN apt-get install /tmp/pkg.deb\n",
            "RUN apt-get install -y --no-install-recommends -t jessie-backports openjdk-8-jdk=8u131-b11-1~bpo8+1\n",
            "RUN apt-get install -y -o Dpkg::Options::=--force-confold curl=7\n",
            "RUN apt-get install -y curl/bookworm-backports\n",
            "RUN apt-get update\n",
            "RUN apt-get install -y \"curl=${CURL_VERSION}\"\n",
        ] {
            let src = format!("FROM debian:12\n{src}");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
    }

    #[test]
    fn messages_name_the_packages() {
        assert_eq!(
            messages(
                "FROM debian:12\nARG DEPS=\"gcc make=4 git\"\nRUN apt-get install -y $DEPS $OTHER\n",
                C
            ),
            [
                "Pin versions in apt-get install: `gcc` and `git` have no version; use `apt-get install gcc=<version>`",
                "Pin versions in apt-get install: `${OTHER}` expands to packages not known here, which may have no version",
            ]
        );
    }

    #[test]
    fn variables_are_expanded() {
        // ENV/ARG values in scope.
        assert!(codes(
            "FROM debian:12\nENV PKGS=\"curl=1 git=2\"\nRUN apt-get install -y $PKGS\n",
            C
        )
        .is_empty());
        assert_eq!(
            codes(
                "FROM debian:12\nARG PKGS=\"curl=1 git\"\nRUN apt-get install -y $PKGS\n",
                C
            ),
            vec![3]
        );
        // Variables the script sets.
        assert_eq!(
            codes(
                "FROM debian:12\nRUN deps='gcc make' && apt-get install -y $deps\n",
                C
            ),
            vec![2]
        );
        assert!(codes(
            "FROM debian:12\nRUN deps='gcc=12 make=4' && apt-get install -y $deps\n",
            C
        )
        .is_empty());
        // Unknown variables may hold anything: reported, like hadolint.
        assert_eq!(
            codes("FROM debian:12\nRUN apt-get install -y $PKGS\n", C),
            vec![2]
        );
        // A quoted variable is one package.
        assert!(codes(
            "FROM debian:12\nENV P=\"curl=1 git\"\nRUN apt-get install -y \"$P\"\n",
            C
        )
        .is_empty());
    }

    #[test]
    fn heredocs_and_onbuild_are_checked() {
        assert_eq!(
            codes(
                "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n",
                C
            ),
            vec![4]
        );
        assert_eq!(
            codes("FROM debian:12\nONBUILD RUN apt-get install -y curl\n", C),
            vec![2]
        );
        assert!(codes("FROM debian:12\nONBUILD RUN apt-get install -y curl=1\n", C).is_empty());
        // ONBUILD runs in a later build, where this file's ARGs are not set.
        assert_eq!(
            codes(
                "FROM debian:12\nARG P=curl=1\nONBUILD RUN apt-get install -y $P\n",
                C
            ),
            vec![3]
        );
    }

    #[test]
    fn exec_form_is_checked() {
        assert_eq!(
            codes(
                "FROM debian:12\nRUN [\"apt-get\", \"install\", \"-y\", \"curl\"]\n",
                C
            ),
            vec![2]
        );
        assert_eq!(
            codes(
                "FROM debian:12\nRUN [\"/bin/sh\", \"-c\", \"apt-get install -y curl\"]\n",
                C
            ),
            vec![2]
        );
        assert!(codes(
            "FROM debian:12\nRUN [\"apt-get\", \"install\", \"-y\", \"curl=1\"]\n",
            C
        )
        .is_empty());
    }

    #[test]
    fn powershell_statements_are_checked_only_when_plain() {
        let ps = "FROM debian:12\nSHELL [\"pwsh\", \"-c\"]\n";
        // A plain command reads the same in PowerShell and sh.
        assert_eq!(
            codes(&format!("{ps}RUN apt-get install -y curl\n"), C),
            vec![3]
        );
        // PowerShell variables and sub-expressions are not sh: left alone.
        for run in [
            "apt-get install -y $env:PKG",
            "apt-get install -y (Get-Content pkgs.txt)",
            "apt-get install -y curl=1; Write-Host done",
        ] {
            let src = format!("{ps}RUN {run}\n");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
    }

    #[test]
    fn heredoc_interpreters_and_wrappers_are_checked() {
        // A heredoc run by bash, and the variants that wrap the command.
        assert_eq!(
            codes(
                "FROM debian:12\nRUN <<EOF bash\nset -e\napt-get install -y curl=8 wget\nEOF\n",
                C
            ),
            vec![4]
        );
        for run in [
            "env DEBIAN_FRONTEND=noninteractive apt-get install -y git",
            "DEBIAN_FRONTEND=noninteractive apt-get install -y git",
            "aptitude install -y git",
        ] {
            let src = format!("FROM debian:12\nRUN {run}\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
            let pinned = src.replace(" git", " git=1:2.39.5-0+deb12u1");
            assert!(codes(&pinned, C).is_empty(), "{pinned}");
        }
        // A version from an ARG, quoted or not.
        assert!(codes(
            "FROM debian:12\nARG CURL_V=8.5.0-2\nRUN apt-get install -y curl=$CURL_V \"git=${CURL_V}\"\n",
            C
        )
        .is_empty());
    }

    #[test]
    fn options_from_variables_are_not_packages() {
        assert!(codes("FROM debian:12\nARG APT_FLAGS=\"-y --no-install-recommends\"\nRUN apt-get install $APT_FLAGS curl=8.5.0-2\n", C).is_empty());
        assert_eq!(codes("FROM debian:12\nARG APT_FLAGS=\"-y --no-install-recommends\"\nRUN apt-get install $APT_FLAGS curl\n", C), vec![3]);
    }
}
