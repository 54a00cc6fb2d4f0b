use super::rpm_common::{check_yes, Family};
use crate::rules::{Rule, RuleContext, RuleMeta};

crate::declare_rule! {
    /// ## What it does
    /// Reports a `yum install` (or another yum transaction: `update`, `remove`,
    /// `groupinstall`, `module install`...) without `-y` (`--assumeyes`).
    ///
    /// ## Why
    /// Before it changes anything, yum shows the transaction and asks `Is this ok
    /// [y/d/N]`. A build has no terminal to answer: yum reads the end of its input,
    /// prints `Exiting on user command` and fails, so the build fails as soon as there
    /// is something to install or update. `-y` answers yes.
    ///
    /// The answer can also come from elsewhere, and then nothing is reported:
    /// `--setopt=assumeyes=1`, `yes | yum install ...`, or an `assumeyes=1` line that
    /// an earlier RUN of the stage wrote to `/etc/yum.conf`. `--assumeno` is an answer
    /// too, and so is a switch in a variable whose value is known (`yum install
    /// $YUM_FLAGS ...` with `ARG YUM_FLAGS=-y`). Heredoc scripts and ONBUILD triggers are checked like any RUN; dnf has its
    /// own rule (DL3038).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install httpd-2.4.6 && yum clean all
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd-2.4.6 && yum clean all
    /// ```
    ///
    /// ## Fix
    /// Adds `-y` after the subcommand. Safe: it only answers the question that would
    /// otherwise abort the build.
    pub struct YumWithoutYes {
        code: "DL3030",
        name: "yum-without-yes",
        category: Correctness,
        severity: Warning,
        fix: Sometimes,
    }
}

impl Rule for YumWithoutYes {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        check_yes(ctx, Family::Yum);
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::testing::{check_fix, messages};
    use crate::fix::Applicability;
    use crate::rules::test_support::{codes, fixed};

    const C: &str = "DL3030";

    #[test]
    fn transactions_without_yes_are_reported() {
        for run in [
            "yum install httpd-2.4.6",
            "yum groupinstall 'Development Tools'",
            "yum localinstall ./x.rpm",
            "yum group install 'Development Tools'",
            "yum module install nodejs:18",
            "yum update",
            "yum -q upgrade",
            "yum remove httpd",
            "yum --enablerepo=epel install jq-1.6",
            "yum install --setopt=assumeyes=0 jq-1.6",
            "sudo yum install jq-1.6",
            "sh -c 'yum install jq-1.6'",
        ] {
            let src = format!("FROM centos:7\nRUN {run}\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
        }
        assert_eq!(
            codes("FROM centos:7\nRUN <<EOF\nyum install jq-1.6\nEOF\n", C),
            vec![3]
        );
        assert_eq!(
            codes("FROM centos:7\nONBUILD RUN yum install jq-1.6\n", C),
            vec![2]
        );
        assert_eq!(
            codes("FROM centos:7\nRUN [\"yum\", \"install\", \"jq-1.6\"]\n", C),
            vec![2]
        );
    }

    #[test]
    fn answered_transactions_and_other_commands_are_fine() {
        for run in [
            "yum install -y httpd-2.4.6",
            "yum -y install httpd-2.4.6",
            "yum install --assumeyes httpd-2.4.6",
            "yum -qy install httpd-2.4.6",
            "yum install --setopt=assumeyes=1 httpd-2.4.6",
            "yum install --setopt assumeyes=True httpd-2.4.6",
            "yum install --assumeno httpd-2.4.6",
            "yes | yum install httpd-2.4.6",
            "echo y | yum install httpd-2.4.6",
            "yum clean all",
            "yum makecache",
            "yum repolist",
            "yum info httpd",
            "dnf install httpd-2.4.6",
        ] {
            let src = format!("FROM centos:7\nRUN {run}\n");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
        // Configured by an earlier RUN of the stage.
        let src =
            "FROM centos:7\nRUN echo 'assumeyes=1' >> /etc/yum.conf\nRUN yum install jq-1.6\n";
        assert!(codes(src, C).is_empty());
    }

    #[test]
    fn messages_name_the_transaction() {
        assert_eq!(
            messages("FROM centos:7\nRUN yum install jq-1.6 && yum update\n", C),
            [
                "Use the `-y` switch to avoid manual input `yum install -y <package>`: without it the build stops at yum's confirmation prompt",
                "Use the `-y` switch to avoid manual input `yum update -y`: without it the build stops at yum's confirmation prompt",
            ]
        );
    }

    #[test]
    fn fix_adds_yes_after_the_subcommand() {
        let src = "FROM centos:7\nRUN yum install jq-1.6 && yum group install 'Development Tools' && yum clean all\n";
        assert_eq!(
            fixed(src, C),
            "FROM centos:7\nRUN yum install -y jq-1.6 && yum group install -y 'Development Tools' && yum clean all\n"
        );
        check_fix(src, C, Applicability::Safe, true);
    }

    #[test]
    fn wrappers_and_heredoc_interpreters_are_checked() {
        assert_eq!(
            codes("FROM centos:7\nRUN env LANG=C yum install jq-1.6\n", C),
            vec![2]
        );
        assert_eq!(
            codes(
                "FROM centos:7\nRUN <<EOF bash\nset -e\nyum install jq-1.6\nEOF\n",
                C
            ),
            vec![4]
        );
        assert!(codes("FROM centos:7\nONBUILD RUN yum install -y jq-1.6\n", C).is_empty());
        assert!(codes(
            "FROM centos:7\nRUN [\"yum\", \"install\", \"-y\", \"jq-1.6\"]\n",
            C
        )
        .is_empty());
    }

    #[test]
    fn fix_in_heredocs_and_onbuild_not_exec_form() {
        let src = "FROM centos:7\nRUN <<EOF\nyum install jq-1.6\nEOF\n";
        assert_eq!(
            check_fix(src, C, Applicability::Safe, true),
            "FROM centos:7\nRUN <<EOF\nyum install -y jq-1.6\nEOF\n"
        );
        let src = "FROM centos:7\nONBUILD RUN sudo yum install jq-1.6\n";
        assert_eq!(
            check_fix(src, C, Applicability::Safe, true),
            "FROM centos:7\nONBUILD RUN sudo yum install -y jq-1.6\n"
        );
        let src = "FROM centos:7\nRUN [\"yum\", \"install\", \"jq-1.6\"]\n";
        assert_eq!(fixed(src, C), src);
    }

    #[test]
    fn switches_from_variables_count() {
        for flags in ["-y", "--assumeyes --nodocs", "-qy", "--setopt=assumeyes=1"] {
            let src = format!(
                "FROM centos:7\nARG YUM_FLAGS=\"{flags}\"\nRUN yum install $YUM_FLAGS jq-1.6\n"
            );
            assert!(codes(&src, C).is_empty(), "{src}");
        }
        for src in [
            "ARG YUM_FLAGS=--nodocs\nRUN yum install $YUM_FLAGS jq-1.6\n",
            "ARG YUM_FLAGS\nRUN yum install $YUM_FLAGS jq-1.6\n",
            // After `-x` comes its value: `y` is excluded, not answered.
            "ARG YUM_FLAGS=-xy\nRUN yum install $YUM_FLAGS jq-1.6\n",
        ] {
            let src = format!("FROM centos:7\n{src}");
            assert_eq!(codes(&src, C), vec![3], "{src}");
        }
    }
}
