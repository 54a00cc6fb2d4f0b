use super::common::{
    earlier_run_text, fed_by_yes, for_each_command, insert_after, options_from_variables,
    sets_apt_option,
};
use crate::fix::Fix;
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::shell::commands::apt::{apt, Apt, AptTool};
use crate::syntax::Span;

crate::declare_rule! {
    /// ## What it does
    /// Reports `apt-get install` without `-y` (or `--yes`, `--assume-yes`, `-qq`,
    /// `-o APT::Get::Assume-Yes=true`).
    ///
    /// ## Why
    /// When the packages pull in dependencies, `apt-get install` asks for a
    /// confirmation; a build has no terminal to answer it, so apt-get reads the end of
    /// its input, aborts, and the build fails. `-y` answers yes.
    ///
    /// The answer can also come from elsewhere, and then nothing is reported: `yes |
    /// apt-get install ...`, or an `APT::Get::Assume-Yes "true";` line that an earlier
    /// RUN of the stage wrote to the APT configuration. The switch may come from a
    /// variable whose value is known (`ARG APT_FLAGS="-y -q"` + `apt-get install
    /// $APT_FLAGS ...`). `apt install` is checked too; heredoc scripts and ONBUILD
    /// triggers like any RUN.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install --no-install-recommends curl=7.88.1-10+deb12u5 \
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
    /// Adds `-y` after `install`. Safe: it only answers the question that would
    /// otherwise abort the build (`-y` still refuses risky changes such as removing
    /// essential packages).
    pub struct AptGetWithoutYes {
        code: "DL3014",
        name: "apt-get-without-yes",
        category: Correctness,
        severity: Warning,
        fix: Sometimes,
    }
}

/// `-y`, `--yes`, `--assume-yes`, `-o APT::Get::Assume-Yes=true`, or quiet level 2
/// (`-qq`), which implies `-y`. Not `--force-yes`: that one only lets apt go on with
/// dangerous changes, and apt still asks the usual question.
fn assume_yes(a: &Apt<'_>) -> bool {
    a.args.has(&["-y", "--yes", "--assume-yes"])
        || a.args.values(&["-o", "--option"]).iter().any(|v| {
            v.split_once('=').is_some_and(|(k, val)| {
                k.eq_ignore_ascii_case("APT::Get::Assume-Yes")
                    && matches!(val.to_ascii_lowercase().as_str(), "true" | "1" | "yes")
            })
        })
        || a.quiet() >= 2
}

/// Whether these options answer yes: `-y`, `--yes`, `--assume-yes`, a cluster with
/// `y` (`-qy`), or `-q` twice. In a cluster, what follows an option that takes a
/// value (`-o`, `-c`, `-t`, `-a`) is that value.
fn says_yes(options: &[String]) -> bool {
    let mut quiet = 0;
    for o in options {
        if matches!(o.as_str(), "--yes" | "--assume-yes") {
            return true;
        }
        let Some(cluster) = o.strip_prefix('-').filter(|c| !c.starts_with('-')) else {
            continue;
        };
        for c in cluster.chars() {
            match c {
                'y' => return true,
                'q' => quiet += 1,
                'o' | 'c' | 't' | 'a' => break,
                _ => {}
            }
        }
    }
    quiet >= 2
}

impl Rule for AptGetWithoutYes {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        for_each_command(model, |run, cmd| {
            let Some(a) = apt(cmd) else { return };
            if a.tool == AptTool::Aptitude
                || !a.is_install()
                || assume_yes(&a)
                || says_yes(&options_from_variables(run, cmd))
            {
                return;
            }
            // `yes | apt-get install ...` (or `echo y |`) answers the prompt.
            if fed_by_yes(run, cmd)
                || earlier_run_text(model, run.info, cmd.span.start, |t| {
                    sets_apt_option(t, "APT::Get::Assume-Yes", &["true", "1", "yes"])
                })
            {
                return;
            }
            let Some(sub) = a.subcommand else { return };
            let tool = if a.tool == AptTool::Apt {
                "apt"
            } else {
                "apt-get"
            };
            let start = cmd
                .name_word()
                .map(|w| w.span().start)
                .unwrap_or(cmd.span.start);
            let span = Span::new(start, sub.span().end.max(start));
            let msg = format!(
                "Use the `-y` switch to avoid manual input `{tool} -y install <package>`: without it the build stops at apt's confirmation prompt"
            );
            match insert_after(model, sub, "-y") {
                Some(edit) => ctx.report_with_fix(span, msg, Fix::safe("Add `-y`", vec![edit])),
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

    const C: &str = "DL3014";

    #[test]
    fn install_without_yes_is_reported() {
        assert_eq!(
            codes("FROM debian:12\nRUN apt-get install python=2.7\n", C),
            vec![2]
        );
        assert_eq!(
            codes(
                "FROM debian:12\nRUN apt-get update && apt-get install python=2.7\n",
                C
            ),
            vec![2]
        );
        // One `-q` is not enough (it does not imply `-y`).
        assert_eq!(
            codes("FROM debian:12\nRUN apt-get -q install curl=1\n", C),
            vec![2]
        );
        assert_eq!(
            codes("FROM debian:12\nRUN apt install curl=1\n", C),
            vec![2]
        );
        // `--force-yes` does not answer the question.
        assert_eq!(
            codes(
                "FROM debian:12\nRUN apt-get install --force-yes curl=1\n",
                C
            ),
            vec![2]
        );
        assert_eq!(
            codes(
                "FROM debian:12\nRUN <<EOF\napt-get install curl=1\nEOF\n",
                C
            ),
            vec![3]
        );
        assert_eq!(
            codes("FROM debian:12\nONBUILD RUN apt-get install curl=1\n", C),
            vec![2]
        );
    }

    #[test]
    fn yes_in_any_spelling_is_fine() {
        for run in [
            "apt-get install -y python=2.7",
            "apt-get -y install python=2.7",
            "apt-get install --yes python=2.7",
            "apt-get install --assume-yes python=2.7",
            "apt-get -qq install python=2.7",
            "apt-get -yqq install python=2.7",
            "apt-get install -o APT::Get::Assume-Yes=true python=2.7",
            "yes | apt-get install python=2.7",
            "echo y | apt install python=2.7",
            "apt-get update",
            "apt-get remove python",
        ] {
            let src = format!("FROM debian:12\nRUN {run}\n");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
        // Configured by an earlier RUN of the stage (or of its base stage).
        let src = "FROM debian:12 AS base\nRUN echo 'APT::Get::Assume-Yes \"true\";' > /etc/apt/apt.conf.d/90yes\n\
                   FROM base\nRUN apt-get install curl=1\n";
        assert!(codes(src, C).is_empty());
        // But not by another, unrelated stage.
        let src = "FROM debian:12 AS a\nRUN echo 'APT::Get::Assume-Yes \"true\";' > /etc/apt/apt.conf.d/90yes\n\
                   FROM debian:12\nRUN apt-get install curl=1\n";
        assert_eq!(codes(src, C), vec![4]);
    }

    #[test]
    fn fix_adds_yes_after_install() {
        let src = "FROM debian:12\nRUN apt-get update && apt-get install curl=1 && echo done\n";
        assert_eq!(
            fixed(src, C),
            "FROM debian:12\nRUN apt-get update && apt-get install -y curl=1 && echo done\n"
        );
        check_fix(src, C, Applicability::Safe, true);
        let src = "FROM debian:12\nRUN sh -c 'apt install \\\n  curl=1'\n";
        assert_eq!(
            check_fix(src, C, Applicability::Safe, true),
            "FROM debian:12\nRUN sh -c 'apt install -y \\\n  curl=1'\n"
        );
        // A quoted subcommand gets no fix (still reported).
        let src = "FROM debian:12\nRUN apt-get \"install\" curl=1\n";
        assert_eq!(codes(src, C), vec![2]);
        assert_eq!(fixed(src, C), src);
    }

    #[test]
    fn wrappers_exec_form_and_heredoc_interpreters_are_checked() {
        for run in [
            "sudo apt-get install curl=1",
            "env DEBIAN_FRONTEND=noninteractive apt-get install curl=1",
            "sh -c 'apt-get install curl=1'",
            "[\"apt-get\", \"install\", \"curl=1\"]",
        ] {
            let src = format!("FROM debian:12\nRUN {run}\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
        }
        assert!(codes(
            "FROM debian:12\nRUN [\"apt-get\", \"install\", \"-y\", \"curl=1\"]\n",
            C
        )
        .is_empty());
        assert_eq!(
            codes(
                "FROM debian:12\nRUN <<EOF bash\nset -eux\napt-get install curl=1\nEOF\n",
                C
            ),
            vec![4]
        );
        assert!(codes("FROM debian:12\nONBUILD RUN apt-get install -y curl=1\n", C).is_empty());
    }

    #[test]
    fn fix_in_heredocs_and_behind_wrappers() {
        let src = "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install curl=1\nEOF\n";
        assert_eq!(
            check_fix(src, C, Applicability::Safe, true),
            "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl=1\nEOF\n"
        );
        let src = "FROM debian:12\nONBUILD RUN sudo apt-get install curl=1\n";
        assert_eq!(
            check_fix(src, C, Applicability::Safe, true),
            "FROM debian:12\nONBUILD RUN sudo apt-get install -y curl=1\n"
        );
        // Exec form: adding a JSON element is not offered (still reported).
        let src = "FROM debian:12\nRUN [\"apt-get\", \"install\", \"curl=1\"]\n";
        assert_eq!(fixed(src, C), src);
    }

    #[test]
    fn switches_from_variables_count() {
        for flags in [
            "-y -q",
            "--yes",
            "-qy",
            "-qq",
            "--assume-yes --no-install-recommends",
        ] {
            let src = format!(
                "FROM debian:12\nARG APT_FLAGS=\"{flags}\"\nRUN apt-get install $APT_FLAGS curl=1\n"
            );
            assert!(codes(&src, C).is_empty(), "{src}");
        }
        // No yes in the value, a value of `-t`, or a value not known here.
        for src in [
            "ARG APT_FLAGS=\"-q --no-install-recommends\"\nRUN apt-get install $APT_FLAGS curl=1\n",
            "ARG APT_FLAGS=-tjammy\nRUN apt-get install $APT_FLAGS curl=1\n",
            "ARG APT_FLAGS\nRUN apt-get install $APT_FLAGS curl=1\n",
        ] {
            let src = format!("FROM debian:12\n{src}");
            assert_eq!(codes(&src, C), vec![3], "{src}");
        }
        assert!(codes("FROM debian:12\nRUN Y=-y && apt-get install $Y curl=1\n", C).is_empty());
    }
}
