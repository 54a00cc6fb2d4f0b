use super::common::{
    earlier_run_text, for_each_command, insert_after, options_from_variables, sets_apt_option,
};
use crate::fix::Fix;
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::shell::commands::apt::{apt, AptTool};
use crate::syntax::Span;

crate::declare_rule! {
    /// ## What it does
    /// Reports `apt-get install` without `--no-install-recommends`.
    ///
    /// ## Why
    /// By default APT also installs the packages the requested ones *recommend*:
    /// documentation, optional helpers, sometimes a whole X11 stack. They make the
    /// image bigger and slower to build, and widen its attack surface, for code
    /// nothing uses. Install what you need by name instead.
    ///
    /// `-o APT::Install-Recommends=false` works too, and so does an
    /// `APT::Install-Recommends "false";` line that an earlier RUN of the stage wrote
    /// to the APT configuration. The switch may come from a variable whose value is
    /// known (`ARG APT_FLAGS="-y --no-install-recommends"`). `apt install` is checked
    /// too; heredoc scripts and ONBUILD triggers like any RUN.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y curl=7.88.1-10+deb12u5 \
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
    /// Adds `--no-install-recommends` after `install`. Unsafe: the image no longer
    /// gets the recommended packages, and something may have relied on one of them
    /// (add it by name).
    pub struct AptInstallRecommends {
        code: "DL3015",
        name: "apt-install-recommends",
        category: Size,
        severity: Info,
        fix: Sometimes,
    }
}

impl Rule for AptInstallRecommends {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        for_each_command(model, |run, cmd| {
            let Some(a) = apt(cmd) else { return };
            if a.tool == AptTool::Aptitude
                || !a.is_install()
                || a.no_install_recommends()
                || options_from_variables(run, cmd)
                    .iter()
                    .any(|o| o == "--no-install-recommends")
            {
                return;
            }
            if earlier_run_text(model, run.info, cmd.span.start, |t| {
                sets_apt_option(t, "APT::Install-Recommends", &["false", "0", "no", "off"])
            }) {
                return;
            }
            let Some(sub) = a.subcommand else { return };
            let start = cmd
                .name_word()
                .map(|w| w.span().start)
                .unwrap_or(cmd.span.start);
            let span = Span::new(start, sub.span().end.max(start));
            let msg = "Avoid additional packages by specifying `--no-install-recommends`";
            match insert_after(model, sub, "--no-install-recommends") {
                Some(edit) => ctx.report_with_fix(
                    span,
                    msg,
                    Fix::unsafe_("Add `--no-install-recommends`", vec![edit]),
                ),
                None => {
                    ctx.report(span, msg);
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::testing::{check_fix, fixed_unsafe};
    use crate::fix::Applicability;
    use crate::rules::test_support::{codes, fixed};

    const C: &str = "DL3015";

    #[test]
    fn install_with_recommends_is_reported() {
        assert_eq!(
            codes("FROM debian:12\nRUN apt-get install -y python=2.7\n", C),
            vec![2]
        );
        assert_eq!(
            codes(
                "FROM debian:12\nRUN apt-get update && apt install -y curl=1\n",
                C
            ),
            vec![2]
        );
        assert_eq!(
            codes("FROM debian:12\nONBUILD RUN apt-get install -y curl=1\n", C),
            vec![2]
        );
        assert_eq!(
            codes(
                "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl=1\nEOF\n",
                C
            ),
            vec![4]
        );
        // A setting that keeps recommendations on.
        assert_eq!(
            codes(
                "FROM debian:12\nRUN apt-get install -y -o APT::Install-Recommends=true curl=1\n",
                C
            ),
            vec![2]
        );
    }

    #[test]
    fn no_recommends_in_any_spelling_is_fine() {
        for run in [
            "apt-get install -y --no-install-recommends python=2.7",
            "apt-get --no-install-recommends install -y python=2.7",
            "apt-get install -y -o APT::Install-Recommends=false python=2.7",
            "apt-get update",
            "apt-get purge -y python",
            "[\"apt-get\", \"install\", \"-y\", \"--no-install-recommends\", \"curl=1\"]",
        ] {
            let src = format!("FROM debian:12\nRUN {run}\n");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
        let src = "FROM debian:12\nRUN echo 'APT::Install-Recommends \"0\";' > /etc/apt/apt.conf.d/01norecommend\n\
                   RUN apt-get install -y curl=1\n";
        assert!(codes(src, C).is_empty());
        let src = "FROM debian:12\nRUN echo 'APT::Install-Recommends \"false\";' >> /etc/apt/apt.conf \\\n \
                   && apt-get install -y curl=1\n";
        assert!(codes(src, C).is_empty());
    }

    #[test]
    fn exec_form_is_checked() {
        assert_eq!(
            codes(
                "FROM debian:12\nRUN [\"apt-get\", \"install\", \"-y\", \"curl=1\"]\n",
                C
            ),
            vec![2]
        );
    }

    #[test]
    fn fix_is_unsafe() {
        let src = "FROM debian:12\nRUN apt-get install -y curl=1\n";
        assert_eq!(fixed(src, C), src);
        assert_eq!(
            fixed_unsafe(src, C),
            "FROM debian:12\nRUN apt-get install --no-install-recommends -y curl=1\n"
        );
        check_fix(src, C, Applicability::Unsafe, true);
    }

    #[test]
    fn wrappers_and_heredoc_interpreters_are_checked() {
        for run in [
            "sudo apt-get install -y curl=1",
            "env DEBIAN_FRONTEND=noninteractive apt-get install -y curl=1",
            "sh -c 'apt-get install -y curl=1'",
        ] {
            let src = format!("FROM debian:12\nRUN {run}\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
            let fine = src.replace("install -y", "install -y --no-install-recommends");
            assert!(codes(&fine, C).is_empty(), "{fine}");
        }
        assert_eq!(
            codes(
                "FROM debian:12\nRUN <<EOF bash\nset -e\napt-get install -y curl=1\nEOF\n",
                C
            ),
            vec![4]
        );
    }

    #[test]
    fn fix_in_heredocs_and_onbuild() {
        let src = "FROM debian:12\nRUN <<EOF\napt-get install -y curl=1\nEOF\n";
        assert_eq!(
            check_fix(src, C, Applicability::Unsafe, true),
            "FROM debian:12\nRUN <<EOF\napt-get install --no-install-recommends -y curl=1\nEOF\n"
        );
        let src = "FROM debian:12\nONBUILD RUN sudo apt-get install -y curl=1\n";
        assert_eq!(
            check_fix(src, C, Applicability::Unsafe, true),
            "FROM debian:12\nONBUILD RUN sudo apt-get install --no-install-recommends -y curl=1\n"
        );
        // Exec form: no fix offered.
        let src = "FROM debian:12\nRUN [\"apt-get\", \"install\", \"-y\", \"curl=1\"]\n";
        assert_eq!(fixed_unsafe(src, C), src);
    }

    #[test]
    fn switches_from_variables_count() {
        assert!(codes(
            "FROM debian:12\nARG APT_FLAGS=\"-y --no-install-recommends\"\nRUN apt-get install $APT_FLAGS curl=1\n",
            C
        )
        .is_empty());
        assert_eq!(
            codes(
                "FROM debian:12\nARG APT_FLAGS=\"-y -q\"\nRUN apt-get install $APT_FLAGS curl=1\n",
                C
            ),
            vec![3]
        );
        assert_eq!(
            codes(
                "FROM debian:12\nRUN apt-get install -y $APT_FLAGS curl=1\n",
                C
            ),
            vec![2]
        );
    }
}
