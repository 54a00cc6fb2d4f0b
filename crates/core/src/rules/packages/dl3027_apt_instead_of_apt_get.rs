use super::common::{for_each_command, is_plain};
use crate::fix::{Edit, Fix};
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::shell::commands::apt::{apt, AptTool};
use crate::syntax::Span;

crate::declare_rule! {
    /// ## What it does
    /// Reports `apt` in RUN scripts, where `apt-get` or `apt-cache` should be used.
    ///
    /// ## Why
    /// `apt` is the interactive front-end: its output and defaults are made for people
    /// at a terminal and may change between releases, and it warns that its
    /// command-line interface is not stable for scripts. `apt-get` and `apt-cache`
    /// are the stable, scriptable interfaces to the same operations.
    ///
    /// `apt` behind `sudo` or in a `sh -c` string is reported too; heredoc scripts and
    /// ONBUILD triggers are checked like any RUN.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt update && apt install -y --no-install-recommends curl=7.88.1-10+deb12u5 \
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
    /// Replaces `apt` with `apt-get` (`update`, `remove`, `purge`, `autoremove`,
    /// `clean`...) or `apt-cache` (`search`, `show`, `policy`, `depends`...): safe,
    /// these do the same thing. For `install` and `reinstall` the replacement is
    /// unsafe: `apt` deletes the downloaded `.deb` files after installing, `apt-get`
    /// keeps them in `/var/cache/apt/archives` unless the image configures otherwise
    /// (Debian and Ubuntu images do). `apt upgrade`, `full-upgrade`, `list` and the
    /// others have no exact equivalent and get no fix.
    pub struct AptInsteadOfAptGet {
        code: "DL3027",
        name: "apt-instead-of-apt-get",
        category: Maintainability,
        severity: Warning,
        fix: Sometimes,
    }
}

/// The replacement of `apt <sub>` and whether it is safe.
fn replacement(sub: Option<&str>) -> Option<(&'static str, bool)> {
    Some(match sub? {
        "update" | "remove" | "purge" | "autoremove" | "autopurge" | "clean" | "autoclean"
        | "source" | "build-dep" | "download" | "changelog" | "check" | "satisfy" => {
            ("apt-get", true)
        }
        "search" | "show" | "showsrc" | "policy" | "depends" | "rdepends" | "madison" => {
            ("apt-cache", true)
        }
        "install" | "reinstall" => ("apt-get", false),
        _ => return None,
    })
}

impl Rule for AptInsteadOfAptGet {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        for_each_command(model, |_, cmd| {
            let Some(a) = apt(cmd) else { return };
            if a.tool != AptTool::Apt {
                return;
            }
            let Some(name) = cmd.name_word() else { return };
            let sub = a.subcommand_name();
            let rep = replacement(sub);
            let instead = match (sub, rep) {
                (Some(s), Some((tool, _))) => format!(": use `{tool} {s}`"),
                _ => String::new(),
            };
            let msg = format!(
                "Do not use apt as it is meant to be an end-user tool, use apt-get or apt-cache instead{instead}"
            );
            let fix = rep.filter(|_| is_plain(model, name)).map(|(tool, safe)| {
                // Keep a directory prefix (`/usr/bin/apt`): replace the last three bytes.
                let end = name.span().end;
                let edit = Edit::replace(Span::new(end - 3, end), tool);
                let message = format!("Replace `apt` with `{tool}`");
                if safe {
                    Fix::safe(message, vec![edit])
                } else {
                    Fix::unsafe_(message, vec![edit])
                }
            });
            match fix {
                Some(f) => ctx.report_with_fix(name.span(), msg, f),
                None => {
                    ctx.report(name.span(), msg);
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

    const C: &str = "DL3027";

    #[test]
    fn apt_is_reported_wherever_it_runs() {
        assert_eq!(
            codes("FROM ubuntu:24.04\nRUN apt install python\n", C),
            vec![2]
        );
        assert_eq!(
            codes(
                "FROM ubuntu:24.04\nRUN apt update \\\n && apt install -y x\n",
                C
            ),
            vec![2, 3]
        );
        assert_eq!(
            codes("FROM ubuntu:24.04\nRUN sudo apt update\n", C),
            vec![2]
        );
        assert_eq!(
            codes("FROM ubuntu:24.04\nRUN /usr/bin/apt update\n", C),
            vec![2]
        );
        assert_eq!(
            codes("FROM ubuntu:24.04\nONBUILD RUN apt update\n", C),
            vec![2]
        );
        assert_eq!(
            codes("FROM ubuntu:24.04\nRUN <<EOF\napt update\nEOF\n", C),
            vec![3]
        );
        assert_eq!(
            codes("FROM ubuntu:24.04\nRUN [\"apt\", \"update\"]\n", C),
            vec![2]
        );
    }

    #[test]
    fn apt_get_apt_cache_and_words_named_apt_are_fine() {
        for run in [
            "apt-get install python",
            "apt-cache madison python",
            "echo apt",
            "mkdir -p /etc/apt",
        ] {
            let src = format!("FROM ubuntu:24.04\nRUN {run}\n");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
    }

    #[test]
    fn fixes_by_subcommand() {
        let src =
            "FROM ubuntu:24.04\nRUN apt update && apt install -y x && apt search y && apt list\n";
        assert_eq!(
            fixed(src, C),
            "FROM ubuntu:24.04\nRUN apt-get update && apt install -y x && apt-cache search y && apt list\n"
        );
        assert_eq!(
            fixed_unsafe(src, C),
            "FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y x && apt-cache search y && apt list\n"
        );
        check_fix(src, C, Applicability::Unsafe, false);
        let src = "FROM ubuntu:24.04\nRUN /usr/bin/apt remove -y x\n";
        assert_eq!(
            check_fix(src, C, Applicability::Safe, true),
            "FROM ubuntu:24.04\nRUN /usr/bin/apt-get remove -y x\n"
        );
    }

    #[test]
    fn wrappers_and_heredoc_interpreters_are_checked() {
        for run in [
            "sh -c 'apt update'",
            "env DEBIAN_FRONTEND=noninteractive apt update",
        ] {
            let src = format!("FROM ubuntu:24.04\nRUN {run}\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
        }
        assert_eq!(
            codes(
                "FROM ubuntu:24.04\nRUN <<EOF bash\nset -e\napt update\nEOF\n",
                C
            ),
            vec![4]
        );
        assert!(codes("FROM ubuntu:24.04\nRUN echo apt update\n", C).is_empty());
    }

    #[test]
    fn fixes_in_heredocs_onbuild_and_strings() {
        let src = "FROM ubuntu:24.04\nRUN <<EOF\napt update\napt purge -y x\nEOF\n";
        assert_eq!(
            check_fix(src, C, Applicability::Safe, true),
            "FROM ubuntu:24.04\nRUN <<EOF\napt-get update\napt-get purge -y x\nEOF\n"
        );
        let src = "FROM ubuntu:24.04\nONBUILD RUN sudo apt remove -y x\n";
        assert_eq!(
            check_fix(src, C, Applicability::Safe, true),
            "FROM ubuntu:24.04\nONBUILD RUN sudo apt-get remove -y x\n"
        );
        let src = "FROM ubuntu:24.04\nRUN sh -c 'apt show x'\n";
        assert_eq!(
            check_fix(src, C, Applicability::Safe, true),
            "FROM ubuntu:24.04\nRUN sh -c 'apt-cache show x'\n"
        );
        // Exec form: reported, but the JSON is left alone.
        let src = "FROM ubuntu:24.04\nRUN [\"apt\", \"update\"]\n";
        assert_eq!(fixed_unsafe(src, C), src);
    }
}
