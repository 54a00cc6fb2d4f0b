use super::common::{check_pin, for_each_command, list_names, Pin};
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::shell::commands::zypper::zypper;

crate::declare_rule! {
    /// ## What it does
    /// Reports packages installed with `zypper install` without a version (`curl`
    /// rather than `curl=8.6.0`).
    ///
    /// ## Why
    /// Without a version, every build installs whatever the repositories have that
    /// day: the image changes between builds of the same Dockerfile, and an update can
    /// break it without any change on your side. A pinned version makes the build
    /// reproducible, and makes the failure explicit when the version disappears.
    ///
    /// Any version constraint counts (`=`, `>=`, `<`...). Local or remote `.rpm`
    /// files, URLs, file paths and what is not a package (`-t pattern`,
    /// `pattern:devel_basis`, `patch:...`, `product:...`) need none. Variables are
    /// expanded with the ARG and ENV values in scope and the variables the script
    /// sets; options a variable expands to (`ARG FLAGS=--no-recommends`) are not
    /// packages. Heredoc scripts and ONBUILD triggers are checked like any RUN.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper -n install curl && zypper clean --all
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper -n install curl=8.6.0 && zypper clean --all
    /// ```
    ///
    /// ## Fix
    /// None: the right version depends on the repositories (`zypper search -s
    /// <package>` shows the available ones).
    pub struct UnpinnedZypperPackage {
        code: "DL3037",
        name: "unpinned-zypper-package",
        category: Correctness,
        severity: Warning,
        fix: None,
    }
}

/// Whether a `zypper install` operand is pinned, or is not a package from a repository.
pub(super) fn zypper_pinned(p: &str) -> bool {
    let p = p.trim();
    let lower = p.to_ascii_lowercase();
    p.contains(['=', '<', '>'])
        || lower.ends_with(".rpm")
        || p.contains("://")
        || p.starts_with(['/', '.', '~'])
        || [
            "pattern:",
            "patch:",
            "product:",
            "srcpackage:",
            "application:",
        ]
        .iter()
        .any(|k| lower.starts_with(k))
}

impl Rule for UnpinnedZypperPackage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        for_each_command(model, |run, cmd| {
            let Some(z) = zypper(cmd) else { return };
            if !z.is_install() {
                return;
            }
            // `-t pattern`, `-t patch`...: not packages.
            if z.args
                .values(&["-t", "--type"])
                .iter()
                .any(|t| *t != "package")
            {
                return;
            }
            let sub = z.subcommand_name().unwrap_or("install");
            for pkg in &z.packages {
                let word = pkg.word;
                // Options from a variable (`ARG FLAGS=--quiet`) are not packages.
                let pinned_or_option = |w: &str| w.starts_with('-') || zypper_pinned(w);
                match check_pin(&run.env, word, cmd.span.start, pinned_or_option) {
                    Pin::Pinned => {}
                    Pin::Unpinned(names) => {
                        let first = names.first().cloned().unwrap_or_default();
                        ctx.report(
                            word.span(),
                            format!(
                                "Pin versions in zypper {sub}: {} {} no version; use `zypper {sub} {first}=<version>`",
                                list_names(&names),
                                if names.len() == 1 { "has" } else { "have" },
                            ),
                        );
                    }
                    Pin::Unknown => {
                        ctx.report(
                            word.span(),
                            format!(
                                "Pin versions in zypper {sub}: `{}` expands to packages not known here, which may have no version",
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

    const C: &str = "DL3037";

    #[test]
    fn unpinned_packages_are_reported() {
        assert_eq!(
            codes("FROM opensuse/leap:15.6\nRUN zypper -n in curl\n", C),
            vec![2]
        );
        assert_eq!(
            codes(
                "FROM opensuse/leap:15.6\nRUN zypper -n install \\\n  curl=8.6.0 \\\n  git-2.43\n",
                C
            ),
            vec![4]
        );
        assert_eq!(
            codes(
                "FROM opensuse/leap:15.6\nONBUILD RUN zypper -n in curl\n",
                C
            ),
            vec![2]
        );
        assert_eq!(
            messages("FROM opensuse/leap:15.6\nRUN zypper -n in curl\n", C),
            ["Pin versions in zypper in: `curl` has no version; use `zypper in curl=<version>`"]
        );
    }

    #[test]
    fn pinned_and_non_packages_are_fine() {
        for run in [
            "zypper -n in curl=8.6.0",
            "zypper -n in 'curl>=8'",
            "zypper -n in 'curl<9'",
            "zypper -n in -r myrepo curl=8.6.0",
            "zypper -n in --from myrepo curl=8.6.0",
            "zypper -n in ./x.rpm https://example.com/y.rpm",
            "zypper -n in -t pattern devel_basis",
            "zypper -n in pattern:devel_basis",
            "zypper -n in curl=${CURL_VERSION}",
            "zypper -n rm curl",
            "zypper -n up curl",
        ] {
            let src = format!("FROM opensuse/leap:15.6\nRUN {run}\n");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
        assert!(codes(
            "FROM opensuse/leap:15.6\nARG PKGS=\"curl=8.6.0 git=2.43\"\nRUN zypper -n in $PKGS\n",
            C
        )
        .is_empty());
    }

    #[test]
    fn heredocs_exec_form_and_wrappers_are_checked() {
        assert_eq!(
            codes(
                "FROM opensuse/leap:15.6\nRUN <<EOF\nzypper -n in curl\nEOF\n",
                C
            ),
            vec![3]
        );
        assert_eq!(
            codes(
                "FROM opensuse/leap:15.6\nRUN <<EOF bash\nset -e\nzypper -n in curl=8.6.0 git\nEOF\n",
                C
            ),
            vec![4]
        );
        for run in [
            "[\"zypper\", \"-n\", \"in\", \"curl\"]",
            "sudo zypper -n in curl",
            "sh -c 'zypper -n in curl'",
        ] {
            let src = format!("FROM opensuse/leap:15.6\nRUN {run}\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
            let pinned = src.replace("curl", "curl=8.6.0");
            assert!(codes(&pinned, C).is_empty(), "{pinned}");
        }
        assert!(codes(
            "FROM opensuse/leap:15.6\nONBUILD RUN zypper -n in curl=8.6.0\n",
            C
        )
        .is_empty());
    }

    #[test]
    fn variables_are_expanded() {
        assert!(codes(
            "FROM opensuse/leap:15.6\nARG CURL_V=8.6.0\nRUN zypper -n in curl=$CURL_V\n",
            C
        )
        .is_empty());
        // Set by the script: `curl` has no version.
        assert_eq!(
            codes(
                "FROM opensuse/leap:15.6\nRUN PKGS='curl git=2.43' && zypper -n in $PKGS\n",
                C
            ),
            vec![2]
        );
        // Set nowhere: may name any package.
        assert_eq!(
            codes("FROM opensuse/leap:15.6\nRUN zypper -n in $PKGS\n", C),
            vec![2]
        );
    }

    #[test]
    fn options_from_variables_are_not_packages() {
        assert!(codes("FROM opensuse/leap:15.6\nARG ZYPPER_FLAGS=\"--no-recommends -l\"\nRUN zypper -n in $ZYPPER_FLAGS curl=8.6.0\n", C).is_empty());
        assert_eq!(codes("FROM opensuse/leap:15.6\nARG ZYPPER_FLAGS=\"--no-recommends -l\"\nRUN zypper -n in $ZYPPER_FLAGS curl\n", C), vec![3]);
    }
}
