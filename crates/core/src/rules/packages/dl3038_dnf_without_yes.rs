use super::rpm_common::{check_yes, Family};
use crate::rules::{Rule, RuleContext, RuleMeta};

crate::declare_rule! {
    /// ## What it does
    /// Reports a `dnf install` (or another dnf transaction: `upgrade`, `remove`,
    /// `group install`, `module enable`...) without `-y` (`--assumeyes`). `dnf5`,
    /// `microdnf` and `tdnf` are checked too.
    ///
    /// ## Why
    /// Before it changes anything, dnf shows the transaction and asks `Is this ok
    /// [y/N]`. A build has no terminal to answer: dnf reads the end of its input,
    /// prints `Operation aborted` and fails, so the build fails as soon as there is
    /// something to do. `-y` answers yes.
    ///
    /// The answer can also come from elsewhere, and then nothing is reported:
    /// `--setopt=assumeyes=1`, `yes | dnf install ...`, or an `assumeyes=1` line that
    /// an earlier RUN of the stage wrote to `/etc/dnf/dnf.conf`. `--assumeno` is an
    /// answer too, and so is a switch in a variable whose value is known (`ARG
    /// DNF_FLAGS=-y` + `dnf install $DNF_FLAGS ...`). `microdnf` asks the same question since version 3.9 (older versions
    /// went ahead without asking). Heredoc scripts and ONBUILD triggers are checked
    /// like any RUN; yum has its own rule (DL3030).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install httpd-2.4.62 && dnf clean all
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// ## Fix
    /// Adds `-y` after the subcommand. Safe: it only answers the question that would
    /// otherwise abort the build.
    pub struct DnfWithoutYes {
        code: "DL3038",
        name: "dnf-without-yes",
        category: Correctness,
        severity: Warning,
        fix: Sometimes,
    }
}

impl Rule for DnfWithoutYes {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        check_yes(ctx, Family::Dnf);
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::testing::check_fix;
    use crate::fix::Applicability;
    use crate::rules::test_support::{codes, fixed};

    const C: &str = "DL3038";

    #[test]
    fn transactions_without_yes_are_reported() {
        for run in [
            "dnf install httpd-2.4.62",
            "dnf in httpd-2.4.62",
            "dnf5 install httpd-2.4.62",
            "tdnf install httpd-2.4.62",
            "microdnf update --nodocs",
            "dnf groupinstall 'Development Tools'",
            "dnf group install 'Development Tools'",
            "dnf module enable nodejs:18",
            "dnf module install nodejs:18",
            "dnf upgrade",
            "dnf remove httpd",
            "dnf --setopt=install_weak_deps=False install jq-1.6",
        ] {
            let src = format!("FROM fedora:40\nRUN {run}\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
        }
        assert_eq!(
            codes("FROM fedora:40\nONBUILD RUN dnf install jq-1.6\n", C),
            vec![2]
        );
    }

    #[test]
    fn answered_transactions_and_other_commands_are_fine() {
        for run in [
            "dnf install -y httpd-2.4.62",
            "dnf -y install httpd-2.4.62",
            "dnf --assumeyes install httpd-2.4.62",
            "dnf install --setopt=assumeyes=True httpd-2.4.62",
            "yes | dnf install httpd-2.4.62",
            "microdnf install -y httpd-2.4.62",
            "dnf clean all",
            "dnf makecache",
            "dnf config-manager --set-enabled crb",
            "dnf repolist",
            "yum install httpd-2.4.6",
        ] {
            let src = format!("FROM fedora:40\nRUN {run}\n");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
        let src = "FROM fedora:40\nRUN echo 'assumeyes=True' >> /etc/dnf/dnf.conf\nRUN dnf install jq-1.6\n";
        assert!(codes(src, C).is_empty());
    }

    #[test]
    fn fix_adds_yes_after_the_subcommand() {
        let src = "FROM fedora:40\nRUN dnf module enable nodejs:18 && dnf install nodejs-18.20.4 && dnf clean all\n";
        assert_eq!(
            fixed(src, C),
            "FROM fedora:40\nRUN dnf module enable -y nodejs:18 && dnf install -y nodejs-18.20.4 && dnf clean all\n"
        );
        check_fix(src, C, Applicability::Safe, true);
    }

    #[test]
    fn heredocs_exec_form_and_wrappers_are_checked() {
        assert_eq!(
            codes("FROM fedora:40\nRUN <<EOF\ndnf install jq-1.6\nEOF\n", C),
            vec![3]
        );
        assert_eq!(
            codes(
                "FROM fedora:40\nRUN <<EOF bash\nset -e\ndnf install jq-1.6\nEOF\n",
                C
            ),
            vec![4]
        );
        for run in [
            "[\"dnf\", \"install\", \"jq-1.6\"]",
            "sudo microdnf install jq-1.6",
            "sh -c 'dnf5 install jq-1.6'",
            "env LANG=C dnf install jq-1.6",
        ] {
            let src = format!("FROM fedora:40\nRUN {run}\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
        }
        assert!(codes(
            "FROM fedora:40\nRUN [\"dnf\", \"install\", \"-y\", \"jq-1.6\"]\n",
            C
        )
        .is_empty());
        assert!(codes("FROM fedora:40\nONBUILD RUN dnf install -y jq-1.6\n", C).is_empty());
    }

    #[test]
    fn fix_in_heredocs_and_onbuild_not_exec_form() {
        let src = "FROM fedora:40\nRUN <<EOF\ndnf install jq-1.6\nEOF\n";
        assert_eq!(
            check_fix(src, C, Applicability::Safe, true),
            "FROM fedora:40\nRUN <<EOF\ndnf install -y jq-1.6\nEOF\n"
        );
        let src = "FROM fedora:40\nONBUILD RUN sudo microdnf install jq-1.6\n";
        assert_eq!(
            check_fix(src, C, Applicability::Safe, true),
            "FROM fedora:40\nONBUILD RUN sudo microdnf install -y jq-1.6\n"
        );
        let src = "FROM fedora:40\nRUN [\"dnf\", \"install\", \"jq-1.6\"]\n";
        assert_eq!(fixed(src, C), src);
    }

    #[test]
    fn switches_from_variables_count() {
        for src in [
            "ARG DNF_FLAGS=\"-y --nodocs\"\nRUN dnf install $DNF_FLAGS jq-1.6\n",
            "ENV DNF_FLAGS=--assumeyes\nRUN microdnf install $DNF_FLAGS jq-1.6\n",
        ] {
            let src = format!("FROM fedora:40\n{src}");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
        assert_eq!(
            codes(
                "FROM fedora:40\nARG DNF_FLAGS=--nodocs\nRUN dnf install $DNF_FLAGS jq-1.6\n",
                C
            ),
            vec![3]
        );
    }
}
