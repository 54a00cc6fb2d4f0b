use super::common::{command_span, fed_by_yes, for_each_command, insert_after};
use crate::fix::Fix;
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::shell::commands::zypper::{zypper, Zypper};

crate::declare_rule! {
    /// ## What it does
    /// Reports a `zypper install` (or another zypper transaction: `remove`, `update`,
    /// `patch`, `dist-upgrade`, `source-install`...) that may ask a question: without
    /// `-n` (`--non-interactive`) before the subcommand, or `-y` (`--no-confirm`).
    ///
    /// ## Why
    /// Before it changes anything, zypper shows what it is going to do and asks
    /// `Continue? [y/n/v/...? shows all options] (y)`. A build has no terminal to
    /// answer, and the build fails. `-n` makes zypper take the default answers to this
    /// question and to the others it may ask (an unknown key, a conflict).
    ///
    /// After the subcommand, `-n` means `--name`, not `--non-interactive`: only a `-n`
    /// before the subcommand counts. `yes | zypper install ...` answers the question
    /// too. Heredoc scripts and ONBUILD triggers are checked like any RUN.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install curl=8.6.0 && zypper clean --all
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper -n install curl=8.6.0 && zypper clean --all
    /// ```
    ///
    /// ## Fix
    /// Adds `-n` after `zypper`. Safe: it only answers the questions that would
    /// otherwise abort the build, with zypper's defaults.
    pub struct ZypperWithoutNonInteractive {
        code: "DL3034",
        name: "zypper-without-non-interactive",
        category: Correctness,
        severity: Warning,
        fix: Sometimes,
    }
}

/// The zypper subcommands that change packages and ask for a confirmation.
pub(super) fn is_transaction(z: &Zypper<'_>) -> bool {
    matches!(
        z.subcommand_name(),
        Some(
            "install"
                | "in"
                | "remove"
                | "rm"
                | "update"
                | "up"
                | "patch"
                | "dist-upgrade"
                | "dup"
                | "source-install"
                | "si"
                | "install-new-recommends"
                | "inr"
                | "verify"
                | "ve"
        )
    )
}

/// `-n`/`--non-interactive` before the subcommand, `--non-interactive` or
/// `-y`/`--no-confirm` anywhere.
fn non_interactive(z: &Zypper<'_>) -> bool {
    let sub_at = z.subcommand.map(|w| w.span().start).unwrap_or(usize::MAX);
    z.args.options.iter().any(|o| match o.name.as_str() {
        "-n" => o.word.span().start < sub_at,
        "--non-interactive" | "-y" | "--no-confirm" => true,
        _ => false,
    })
}

impl Rule for ZypperWithoutNonInteractive {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        for_each_command(model, |run, cmd| {
            let Some(z) = zypper(cmd) else { return };
            if !is_transaction(&z) || non_interactive(&z) || fed_by_yes(run, cmd) {
                return;
            }
            let sub = z.subcommand_name().unwrap_or("install");
            let msg = format!(
                "Non-interactive switch missing from `zypper {sub}`: use `zypper -n {sub}`, or the build stops at zypper's confirmation prompt"
            );
            let span = command_span(cmd, z.subcommand);
            match cmd.name_word().and_then(|w| insert_after(model, w, "-n")) {
                Some(edit) => ctx.report_with_fix(span, msg, Fix::safe("Add `-n`", vec![edit])),
                None => {
                    ctx.report(span, msg);
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::testing::check_fix;
    use crate::fix::Applicability;
    use crate::rules::test_support::{codes, fixed};

    const C: &str = "DL3034";

    #[test]
    fn transactions_without_non_interactive_are_reported() {
        for run in [
            "zypper install curl=8.6.0",
            "zypper in curl=8.6.0",
            "zypper -q in curl=8.6.0",
            "zypper in -n curl",
            "zypper --gpg-auto-import-keys install curl=8.6.0",
            "zypper remove curl",
            "zypper rm curl",
            "zypper update",
            "zypper patch",
            "zypper dup",
            "zypper si curl",
        ] {
            let src = format!("FROM opensuse/leap:15.6\nRUN {run}\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
        }
        assert_eq!(
            codes(
                "FROM opensuse/leap:15.6\nONBUILD RUN zypper in curl=8.6.0\n",
                C
            ),
            vec![2]
        );
    }

    #[test]
    fn non_interactive_transactions_and_other_commands_are_fine() {
        for run in [
            "zypper -n install curl=8.6.0",
            "zypper --non-interactive install curl=8.6.0",
            "zypper -n --gpg-auto-import-keys in curl=8.6.0",
            "zypper in -y curl=8.6.0",
            "zypper install --no-confirm curl=8.6.0",
            "yes | zypper in curl=8.6.0",
            "zypper refresh",
            "zypper addrepo https://example.com/repo example",
            "zypper clean --all",
            "zypper search curl",
        ] {
            let src = format!("FROM opensuse/leap:15.6\nRUN {run}\n");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
    }

    #[test]
    fn fix_adds_n_after_zypper() {
        let src = "FROM opensuse/leap:15.6\nRUN zypper --gpg-auto-import-keys ref && zypper in curl=8.6.0 && zypper clean --all\n";
        assert_eq!(
            fixed(src, C),
            "FROM opensuse/leap:15.6\nRUN zypper --gpg-auto-import-keys ref && zypper -n in curl=8.6.0 && zypper clean --all\n"
        );
        check_fix(src, C, Applicability::Safe, true);
    }

    #[test]
    fn heredocs_exec_form_and_wrappers_are_checked() {
        assert_eq!(
            codes(
                "FROM opensuse/leap:15.6\nRUN <<EOF\nzypper refresh\nzypper in curl=8.6.0\nEOF\n",
                C
            ),
            vec![4]
        );
        assert!(codes(
            "FROM opensuse/leap:15.6\nRUN <<EOF bash\nzypper -n in curl=8.6.0\nEOF\n",
            C
        )
        .is_empty());
        for run in [
            "[\"zypper\", \"in\", \"curl=8.6.0\"]",
            "sudo zypper in curl=8.6.0",
            "sh -c 'zypper in curl=8.6.0'",
        ] {
            let src = format!("FROM opensuse/leap:15.6\nRUN {run}\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
        }
        assert!(codes(
            "FROM opensuse/leap:15.6\nRUN [\"zypper\", \"-n\", \"in\", \"curl=8.6.0\"]\n",
            C
        )
        .is_empty());
        assert!(codes(
            "FROM opensuse/leap:15.6\nONBUILD RUN zypper -n in curl=8.6.0\n",
            C
        )
        .is_empty());
    }

    #[test]
    fn fix_in_heredocs_and_onbuild_not_exec_form() {
        let src = "FROM opensuse/leap:15.6\nRUN <<EOF\nzypper in curl=8.6.0\nEOF\n";
        assert_eq!(
            check_fix(src, C, Applicability::Safe, true),
            "FROM opensuse/leap:15.6\nRUN <<EOF\nzypper -n in curl=8.6.0\nEOF\n"
        );
        let src = "FROM opensuse/leap:15.6\nONBUILD RUN sudo zypper in curl=8.6.0\n";
        assert_eq!(
            check_fix(src, C, Applicability::Safe, true),
            "FROM opensuse/leap:15.6\nONBUILD RUN sudo zypper -n in curl=8.6.0\n"
        );
        let src = "FROM opensuse/leap:15.6\nRUN [\"zypper\", \"in\", \"curl=8.6.0\"]\n";
        assert_eq!(fixed(src, C), src);
    }
}
