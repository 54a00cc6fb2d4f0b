use std::collections::BTreeMap;

use super::common::{
    append_to_run, cache_mount_covers, command_span, for_each_run, insert_after, removes_dir,
    target_covers,
};
use crate::fix::{Edit, Fix};
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::shell::commands::zypper::{zypper, Zypper};
use crate::syntax::Span;

crate::declare_rule! {
    /// ## What it does
    /// Reports a RUN that installs or updates packages with zypper and does not end
    /// with `zypper clean --all`.
    ///
    /// ## Why
    /// zypper keeps the repository metadata it downloads (`/var/cache/zypp/raw` and
    /// `/var/cache/zypp/solv`, tens of megabytes for the main openSUSE repositories) and
    /// sometimes the packages, in `/var/cache/zypp`. They stay in the layer of the RUN
    /// unless that same RUN removes them; cleaning in a later RUN does not shrink the
    /// image.
    ///
    /// The cache is gone when, after the last zypper command that fills it (`install`,
    /// `update`, `patch`, `dist-upgrade`, `source-install`), the RUN runs
    /// `zypper clean --all` (`zypper cc -a`) or removes `/var/cache/zypp` (any `rm`
    /// whose paths cover it). A plain `zypper clean` only removes the downloaded
    /// packages, which zypper deletes after installing them anyway, and leaves the
    /// metadata: it is reported. A `--mount=type=cache` or `type=tmpfs` on
    /// `/var/cache/zypp` keeps the cache out of the layer. Heredoc scripts and ONBUILD
    /// triggers are checked like any RUN.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper -n install curl=8.6.0
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper -n install curl=8.6.0 && zypper clean --all
    /// ```
    ///
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN --mount=type=cache,target=/var/cache/zypp zypper -n install curl=8.6.0
    /// ```
    ///
    /// ## Fix
    /// Adds `--all` to a plain `zypper clean` that follows, or else appends
    /// `&& zypper clean --all` to the RUN (when it is a plain shell-form RUN). Safe: a
    /// later zypper command downloads the metadata again.
    pub struct ZypperCacheNotCleaned {
        code: "DL3036",
        name: "zypper-cache-not-cleaned",
        category: Size,
        severity: Warning,
        fix: Sometimes,
    }
}

const CACHE: &str = "/var/cache/zypp";

/// The zypper subcommands that download metadata and packages.
fn fills_cache(z: &Zypper<'_>) -> bool {
    matches!(
        z.subcommand_name(),
        Some(
            "install"
                | "in"
                | "update"
                | "up"
                | "patch"
                | "dist-upgrade"
                | "dup"
                | "source-install"
                | "si"
                | "install-new-recommends"
                | "inr"
        )
    )
}

/// `zypper clean --all` cleans everything; a plain `zypper clean` only the packages.
fn cleans_all(z: &Zypper<'_>) -> bool {
    z.args.has(&["-a", "--all"])
        || (z.args.has(&["-m", "--metadata"]) && z.args.has(&["-M", "--raw-metadata"]))
}

struct Unclean {
    span: Span,
    cleaned: bool,
    /// A partial `zypper clean` after the last install: where to add `--all`.
    partial: Option<Edit>,
    partial_seen: bool,
    append: Option<Edit>,
}

impl Rule for ZypperCacheNotCleaned {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        let mut found: BTreeMap<usize, Unclean> = BTreeMap::new();
        for_each_run(model, |run| {
            let mut last = None;
            // (offset, cleans everything, edit adding `--all`)
            let mut cleans: Vec<(usize, bool, Option<Edit>)> = Vec::new();
            for cmd in &run.script.commands {
                let Some(z) = zypper(cmd) else { continue };
                if z.is_clean() {
                    let edit = z.subcommand.and_then(|w| insert_after(model, w, "--all"));
                    cleans.push((cmd.span.start, cleans_all(&z), edit));
                } else if fills_cache(&z) {
                    last = Some((cmd, z.subcommand));
                }
            }
            let cleaned_after = |after: usize| {
                cleans.iter().any(|(at, all, _)| *all && *at > after)
                    || removes_dir(&run.env, run.script, CACHE, after)
            };
            match last {
                Some((cmd, sub)) => {
                    let at = cmd.span.start;
                    let partial = cleans.iter().find(|(o, all, _)| !*all && *o > at);
                    found.insert(
                        run.info.index,
                        Unclean {
                            span: command_span(cmd, sub),
                            cleaned: cleaned_after(at),
                            partial_seen: partial.is_some(),
                            partial: partial.and_then(|p| p.2.clone()),
                            append: if cmd.wrappers.is_empty() {
                                append_to_run(model, run, "zypper clean --all")
                            } else {
                                None
                            },
                        },
                    );
                }
                None => {
                    if let Some(u) = found.get_mut(&run.info.index) {
                        u.cleaned |= cleaned_after(0);
                    }
                }
            }
        });
        for (index, u) in found {
            let info = &model.instructions()[index];
            if u.cleaned || cache_mount_covers(model, info, |t| target_covers(t, CACHE)) {
                continue;
            }
            if u.partial_seen {
                let msg = "`zypper clean` without `--all` only removes the downloaded packages: the repository metadata in /var/cache/zypp stays in the layer; use `zypper clean --all`";
                match u.partial {
                    Some(edit) => {
                        ctx.report_with_fix(u.span, msg, Fix::safe("Add `--all`", vec![edit]))
                    }
                    None => {
                        ctx.report(u.span, msg);
                    }
                }
                continue;
            }
            let msg = "`zypper clean --all` missing after zypper use: the downloaded metadata and packages (/var/cache/zypp) stay in the layer; add `zypper clean --all` at the end of this RUN";
            match u.append {
                Some(edit) => ctx.report_with_fix(
                    u.span,
                    msg,
                    Fix::safe("Add `zypper clean --all`", vec![edit]),
                ),
                None => {
                    ctx.report(u.span, msg);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::testing::check_fix;
    use crate::fix::Applicability;
    use crate::rules::test_support::{codes, fixed};

    const C: &str = "DL3036";

    #[test]
    fn caches_left_behind_are_reported() {
        for run in [
            "zypper -n install curl=8.6.0",
            "zypper -n in curl=8.6.0",
            "zypper -n up",
            "zypper -n patch",
            "zypper -n dup",
            "zypper clean -a && zypper -n in curl=8.6.0",
            "zypper -n in curl=8.6.0 && zypper clean",
            "zypper -n in curl=8.6.0 && zypper cc",
            "zypper -n in curl=8.6.0 && rm -rf /var/cache/zypp/packages",
            "--mount=type=cache,target=/var/cache/other zypper -n in curl=8.6.0",
        ] {
            let src = format!("FROM opensuse/leap:15.6\nRUN {run}\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
        }
        assert_eq!(
            codes(
                "FROM opensuse/leap:15.6\nRUN zypper -n in curl=8.6.0\nRUN zypper clean -a\n",
                C
            ),
            vec![2]
        );
        assert_eq!(
            codes(
                "FROM opensuse/leap:15.6\nONBUILD RUN zypper -n in curl=8.6.0\n",
                C
            ),
            vec![2]
        );
    }

    #[test]
    fn cleaned_caches_are_fine() {
        for run in [
            "zypper -n in curl=8.6.0 && zypper clean -a",
            "zypper -n in curl=8.6.0 && zypper clean --all",
            "zypper -n in curl=8.6.0 && zypper cc -a",
            "zypper -n in curl=8.6.0 && zypper clean -m -M",
            "zypper -n in curl=8.6.0 && rm -rf /var/cache/zypp",
            "zypper -n in curl=8.6.0 && rm -rf /var/cache/zypp/*",
            "--mount=type=cache,target=/var/cache/zypp zypper -n in curl=8.6.0",
            "--mount=type=tmpfs,target=/var/cache zypper -n in curl=8.6.0",
            "zypper -n rm curl",
            "zypper refresh",
        ] {
            let src = format!("FROM opensuse/leap:15.6\nRUN {run}\n");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
    }

    #[test]
    fn fix_appends_clean_or_completes_it() {
        let src = "FROM opensuse/leap:15.6\nRUN zypper -n in curl=8.6.0\n";
        assert_eq!(
            fixed(src, C),
            "FROM opensuse/leap:15.6\nRUN zypper -n in curl=8.6.0 && zypper clean --all\n"
        );
        check_fix(src, C, Applicability::Safe, true);
        let src = "FROM opensuse/leap:15.6\nRUN zypper -n in curl=8.6.0 && zypper clean\n";
        assert_eq!(
            fixed(src, C),
            "FROM opensuse/leap:15.6\nRUN zypper -n in curl=8.6.0 && zypper clean --all\n"
        );
        check_fix(src, C, Applicability::Safe, true);
    }

    #[test]
    fn heredocs_exec_form_and_wrappers_are_checked() {
        assert_eq!(
            codes(
                "FROM opensuse/leap:15.6\nRUN <<EOF\nzypper -n in curl=8.6.0\nEOF\n",
                C
            ),
            vec![3]
        );
        assert!(codes(
            "FROM opensuse/leap:15.6\nRUN <<EOF bash\nzypper -n in curl=8.6.0\nzypper clean -a\nEOF\n",
            C
        )
        .is_empty());
        for run in [
            "[\"zypper\", \"-n\", \"in\", \"curl=8.6.0\"]",
            "sudo zypper -n in curl=8.6.0",
        ] {
            let src = format!("FROM opensuse/leap:15.6\nRUN {run}\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
        }
        assert!(codes(
            "FROM opensuse/leap:15.6\nENV ZYPP_CACHE=/var/cache/zypp\nRUN zypper -n in curl=8.6.0 && rm -rf $ZYPP_CACHE\n",
            C
        )
        .is_empty());
    }

    #[test]
    fn mounts_on_heredocs_and_onbuild() {
        for src in [
            "RUN --mount=type=cache,target=/var/cache/zypp <<EOF\nzypper -n in curl=8.6.0\nEOF\n",
            "ONBUILD RUN --mount=type=cache,target=/var/cache/zypp zypper -n in curl=8.6.0\n",
            "ONBUILD RUN --mount=type=tmpfs,target=/var/cache/zypp zypper -n in curl=8.6.0\n",
        ] {
            let src = format!("FROM opensuse/leap:15.6\n{src}");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
        assert_eq!(
            codes(
                "FROM opensuse/leap:15.6\nRUN --mount=type=bind,target=/var/cache/zypp zypper -n in curl=8.6.0\n",
                C
            ),
            vec![2]
        );
    }

    #[test]
    fn fix_in_heredocs_and_onbuild() {
        // In a heredoc, a plain `zypper clean` is completed; nothing is appended.
        let src =
            "FROM opensuse/leap:15.6\nRUN <<EOF\nzypper -n in curl=8.6.0\nzypper clean\nEOF\n";
        assert_eq!(
            check_fix(src, C, Applicability::Safe, true),
            "FROM opensuse/leap:15.6\nRUN <<EOF\nzypper -n in curl=8.6.0\nzypper clean --all\nEOF\n"
        );
        let src = "FROM opensuse/leap:15.6\nRUN <<EOF\nzypper -n in curl=8.6.0\nEOF\n";
        assert_eq!(fixed(src, C), src);
        let src = "FROM opensuse/leap:15.6\nONBUILD RUN zypper -n in curl=8.6.0\n";
        assert_eq!(
            check_fix(src, C, Applicability::Safe, true),
            "FROM opensuse/leap:15.6\nONBUILD RUN zypper -n in curl=8.6.0 && zypper clean --all\n"
        );
        // Behind sudo: no fix (the cleanup would need it too).
        let src = "FROM opensuse/leap:15.6\nRUN sudo zypper -n in curl=8.6.0\n";
        assert_eq!(fixed(src, C), src);
    }
}
