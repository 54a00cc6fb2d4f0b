use super::common::{command_span, for_each_command};
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::shell::commands::zypper::zypper;

crate::declare_rule! {
    /// ## What it does
    /// Reports `zypper dist-upgrade` (`zypper dup`).
    ///
    /// ## Why
    /// `dist-upgrade` moves every package of the base image to whatever the
    /// repositories hold the day of the build, allowing vendor changes, downgrades and
    /// the removal of packages: the image is then a different distribution release
    /// than the base image says, and two builds of the same Dockerfile differ. Build
    /// from a newer base image instead (or, on a rolling release, one with a recent
    /// tag), and install the packages you need with pinned versions.
    ///
    /// Heredoc scripts and ONBUILD triggers are checked like any RUN. `zypper update`
    /// and `zypper patch`, which stay within the release, are not reported.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.5
    /// RUN zypper -n dist-upgrade && zypper clean --all
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper -n patch && zypper clean --all
    /// ```
    ///
    /// ## Fix
    /// None: picking the base image to build from is a decision to make.
    pub struct ZypperDistUpgrade {
        code: "DL3035",
        name: "zypper-dist-upgrade",
        category: Correctness,
        severity: Warning,
        fix: None,
    }
}

impl Rule for ZypperDistUpgrade {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        for_each_command(model, |_, cmd| {
            let Some(z) = zypper(cmd) else { return };
            let Some(sub @ ("dist-upgrade" | "dup")) = z.subcommand_name() else {
                return;
            };
            ctx.report(
                command_span(cmd, z.subcommand),
                format!(
                    "Do not use `zypper {sub}`: it turns the base image into whatever release the repositories hold that day; build from a newer base image instead"
                ),
            );
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::codes;

    const C: &str = "DL3035";

    #[test]
    fn dist_upgrade_is_reported() {
        for run in [
            "zypper dist-upgrade",
            "zypper -n dup",
            "zypper --non-interactive dup --no-recommends && zypper clean -a",
            "sudo zypper dup -y",
        ] {
            let src = format!("FROM opensuse/tumbleweed:latest\nRUN {run}\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
        }
        assert_eq!(
            codes(
                "FROM opensuse/tumbleweed:latest\nONBUILD RUN zypper -n dup\n",
                C
            ),
            vec![2]
        );
    }

    #[test]
    fn other_subcommands_are_fine() {
        for run in [
            "zypper -n update",
            "zypper -n up",
            "zypper -n patch",
            "zypper -n in dup=1",
            "zypper refresh",
        ] {
            let src = format!("FROM opensuse/leap:15.6\nRUN {run}\n");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
    }

    #[test]
    fn heredocs_exec_form_and_wrappers_are_checked() {
        for src in [
            "RUN <<EOF\nzypper -n ref\nzypper -n dup\nEOF\n",
            "RUN <<EOF bash\nset -e\nzypper -n dup\nEOF\n",
        ] {
            let src = format!("FROM opensuse/tumbleweed:latest\n{src}");
            assert_eq!(codes(&src, C).len(), 1, "{src}");
        }
        assert_eq!(
            codes(
                "FROM opensuse/tumbleweed:latest\nRUN <<EOF\nzypper -n ref\nzypper -n dup\nEOF\n",
                C
            ),
            vec![4]
        );
        for run in [
            "[\"zypper\", \"-n\", \"dist-upgrade\"]",
            "sh -c 'zypper -n dup'",
            "env LANG=C zypper -n dup",
        ] {
            let src = format!("FROM opensuse/tumbleweed:latest\nRUN {run}\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
        }
        // The word alone, not run by zypper.
        assert!(codes("FROM opensuse/tumbleweed:latest\nRUN echo zypper dup\n", C).is_empty());
    }
}
