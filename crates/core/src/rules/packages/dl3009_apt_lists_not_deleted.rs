use std::collections::BTreeMap;

use super::common::{
    append_to_run, cache_mount_covers, for_each_run, removes_dir, stage_is_shipped, target_covers,
};
use crate::fix::{Edit, Fix};
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::shell::commands::apt::{apt, AptTool};
use crate::syntax::Span;

const LISTS: &str = "/var/lib/apt/lists";

crate::declare_rule! {
    /// ## What it does
    /// Reports a RUN that runs `apt-get update` and leaves the package lists in
    /// `/var/lib/apt/lists` behind.
    ///
    /// ## Why
    /// `apt-get update` downloads the package indexes, tens of megabytes that stay in
    /// the layer of the RUN unless that same RUN removes them; deleting them in a
    /// later RUN does not shrink the image. They are also stale by the next build:
    /// run `apt-get update` in the RUN that installs.
    ///
    /// The lists are gone when the RUN removes them after the update
    /// (`rm -rf /var/lib/apt/lists/*`, any `rm` whose paths or globs cover the
    /// directory, relative paths taken from the WORKDIR or from a `cd` before the
    /// `rm`, `apt-get dist-clean`), or when a `--mount=type=cache` or `type=tmpfs` covers
    /// `/var/lib/apt/lists` (or `/var/lib/apt`): then they never reach the layer.
    /// Only stages that end up in an image are checked: the last stage and the stages
    /// another `FROM` builds on (the lists of a build stage that other stages only
    /// copy files from never reach the final image). ONBUILD triggers are always
    /// checked. `apt update` and `sudo apt-get update` are checked too.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 \
    ///  && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ```dockerfile
    /// FROM debian:12
    /// RUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \
    ///     apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5
    /// ```
    ///
    /// ## Fix
    /// Appends `&& rm -rf /var/lib/apt/lists/*` to the RUN (when it is a plain shell
    /// form RUN, and `apt-get update` does not run through `sudo`: the RUN's own user
    /// could not remove the lists). Unsafe: a later RUN that installs without its own
    /// `apt-get update` relied on those lists and would fail.
    pub struct AptListsNotDeleted {
        code: "DL3009",
        name: "apt-lists-not-deleted",
        category: Size,
        severity: Info,
        fix: Sometimes,
    }
}

impl Rule for AptListsNotDeleted {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        // Per instruction: the first `apt-get update` and whether the lists are removed.
        let mut found: BTreeMap<usize, (Span, bool, Option<Edit>)> = BTreeMap::new();
        for_each_run(model, |run| {
            let info = run.info;
            let update = run.script.commands.iter().find(|c| {
                apt(c).is_some_and(|a| {
                    a.tool != AptTool::Aptitude && a.subcommand_name() == Some("update")
                })
            });
            let entry = found.entry(info.index);
            // `rm -rf /var/lib/apt/lists/*`, or `apt-get dist-clean` (apt 2.7+).
            let cleaned = |after: usize| {
                removes_dir(&run.env, run.script, LISTS, after)
                    || run.script.commands.iter().any(|c| {
                        c.span.start >= after
                            && apt(c).is_some_and(|a| a.subcommand_name() == Some("dist-clean"))
                    })
            };
            match update {
                Some(u) => {
                    // Behind `sudo`, the RUN's user could not remove the lists.
                    let fix = if u.has_wrapper("sudo") {
                        None
                    } else {
                        append_to_run(model, run, "rm -rf /var/lib/apt/lists/*")
                    };
                    let e = entry.or_insert((u.span, false, fix));
                    e.1 |= cleaned(u.span.start);
                }
                None => {
                    if let std::collections::btree_map::Entry::Occupied(mut e) = entry {
                        e.get_mut().1 |= cleaned(0);
                    }
                }
            }
        });
        for (index, (span, cleaned, fix)) in found {
            let info = &model.instructions()[index];
            if cleaned
                || !stage_is_shipped(model, info)
                || cache_mount_covers(model, info, |t| target_covers(t, LISTS))
            {
                continue;
            }
            let msg = "Delete the apt lists (/var/lib/apt/lists) after installing something: add `rm -rf /var/lib/apt/lists/*` at the end of this RUN";
            match fix {
                Some(edit) => ctx.report_with_fix(
                    span,
                    msg,
                    Fix::unsafe_("Remove the apt lists at the end of the RUN", vec![edit]),
                ),
                None => {
                    ctx.report(span, msg);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::testing::{check_fix, fixed_unsafe};
    use crate::fix::Applicability;
    use crate::rules::test_support::{codes, fixed};

    const C: &str = "DL3009";

    #[test]
    fn lists_left_behind_are_reported() {
        assert_eq!(
            codes(
                "FROM debian:12\nRUN apt-get update && apt-get install -y python\n",
                C
            ),
            vec![2]
        );
        assert_eq!(codes("FROM debian:12\nRUN apt-get update\n", C), vec![2]);
        assert_eq!(
            codes("FROM debian:12\nRUN apt update && apt install -y x\n", C),
            vec![2]
        );
        // Removing them in a later RUN is too late.
        assert_eq!(
            codes(
                "FROM debian:12\nRUN apt-get update && apt-get install -y x\nRUN rm -rf /var/lib/apt/lists/*\n",
                C
            ),
            vec![2]
        );
        // Removing them before the update does nothing.
        assert_eq!(
            codes(
                "FROM debian:12\nRUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y x\n",
                C
            ),
            vec![2]
        );
        // Brace expansion is a bash feature: /bin/sh removes nothing here.
        assert_eq!(
            codes(
                "FROM debian:12\nRUN apt-get update && apt-get install -y x && rm -rf /var/lib/{apt,dpkg}/\n",
                C
            ),
            vec![2]
        );
        assert!(codes(
            "FROM debian:12\nSHELL [\"/bin/bash\", \"-c\"]\nRUN apt-get update && apt-get install -y x && rm -rf /var/lib/{apt,dpkg}/\n",
            C
        )
        .is_empty());
        // Relative paths are resolved from the WORKDIR, or from where a `cd` in the
        // script moved to.
        assert!(codes(
            "FROM debian:12\nWORKDIR /var/lib/apt\nRUN apt-get update && apt-get install -y x && rm -rf lists/*\n",
            C
        )
        .is_empty());
        for cd in [
            "cd /var/lib && rm -rf apt",
            "cd /var && cd lib/apt && rm -rf lists",
        ] {
            let src =
                format!("FROM debian:12\nRUN apt-get update && apt-get install -y x && {cd}\n");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
        for cd in [
            "cd /tmp && rm -rf apt",
            "(cd /var/lib) && rm -rf apt",
            "cd \"$DIR\" && rm -rf apt",
        ] {
            let src = format!(
                "FROM debian:12\nWORKDIR /srv\nRUN apt-get update && apt-get install -y x && {cd}\n"
            );
            assert_eq!(codes(&src, C), vec![3], "{src}");
        }
        // Removing one file of the directory is not cleaning it.
        assert_eq!(
            codes(
                "FROM debian:12\nRUN apt-get update && rm -f /var/lib/apt/lists/lock\n",
                C
            ),
            vec![2]
        );
        // Removing something else does not help.
        assert_eq!(
            codes(
                "FROM debian:12\nRUN apt-get update && apt-get install -y x && rm -rf /tmp/*\n",
                C
            ),
            vec![2]
        );
        assert_eq!(
            codes(
                "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y x\nEOF\n",
                C
            ),
            vec![3]
        );
    }

    #[test]
    fn cleanups_are_recognised() {
        for run in [
            "apt-get update && apt-get install -y python && rm -rf /var/lib/apt/lists/*",
            "apt-get update && apt-get install -y python && rm -rf /var/lib/apt/lists",
            "apt-get update && apt-get install -y python && rm -fr /var/lib/apt/lists/ /tmp/*",
            "apt-get update && apt-get install -y python && apt-get clean && rm -rf /var/lib/apt/*",
            "apt-get update; apt-get install -y python; rm -rf /var/lib/apt/lists/*",
            "apt-get update && apt-get install -y python && rm /var/lib/apt/lists/*_*",
            "apt-get update && apt-get install -y python && rm -rf /var/lib/apt/lists*",
            "apt-get update && apt-get install -y python && apt-get dist-clean",
            "apt-get install -y python=1",
            "[\"apt-get\", \"install\", \"-y\", \"python\"]",
        ] {
            let src = format!("FROM debian:12\nRUN {run}\n");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
        assert!(codes(
            "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y x\nrm -rf /var/lib/apt/lists/*\nEOF\n",
            C
        )
        .is_empty());
        assert!(codes(
            "FROM debian:12\nENV LISTS=/var/lib/apt/lists\nRUN apt-get update && apt-get install -y x && rm -rf $LISTS/*\n",
            C
        )
        .is_empty());
    }

    #[test]
    fn cache_and_tmpfs_mounts_keep_lists_out_of_the_layer() {
        for mount in [
            "--mount=type=cache,target=/var/lib/apt/lists",
            "--mount=type=cache,target=/var/lib/apt,sharing=locked --mount=type=cache,target=/var/cache/apt",
            "--mount=type=cache,target=/var/lib/apt",
            "--mount=type=tmpfs,target=/var/lib/apt/lists",
        ] {
            let src = format!("FROM debian:12\nRUN {mount} apt-get update && apt-get install -y x\n");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
        // A cache on the archives only.
        assert_eq!(
            codes(
                "FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y x\n",
                C
            ),
            vec![2]
        );
    }

    #[test]
    fn only_stages_that_end_up_in_an_image() {
        // A build stage that is only copied from.
        assert!(codes(
            "FROM ubuntu:24.04 AS foo\nRUN apt-get update && apt-get install -y python\nFROM scratch\nRUN echo hey!\n",
            C
        )
        .is_empty());
        // The last stage.
        assert_eq!(
            codes(
                "FROM ubuntu:24.04 AS foo\nRUN echo hey\nFROM scratch\nRUN apt-get update && apt-get install -y python\n",
                C
            ),
            vec![4]
        );
        // A stage another stage builds on.
        assert_eq!(
            codes(
                "FROM ubuntu:24.04 AS foo\nRUN apt-get update && apt-get install -y python\nFROM foo\nRUN hey\n",
                C
            ),
            vec![2]
        );
        // ONBUILD triggers run in the next image, whatever the stage.
        assert_eq!(
            codes(
                "FROM ubuntu:24.04 AS foo\nONBUILD RUN apt-get update && apt-get install -y python\nFROM scratch\nRUN x\n",
                C
            ),
            vec![2]
        );
    }

    #[test]
    fn fix_appends_the_cleanup() {
        let src = "FROM debian:12\nRUN apt-get update && apt-get install -y x\n";
        assert_eq!(fixed(src, C), src);
        assert_eq!(
            fixed_unsafe(src, C),
            "FROM debian:12\nRUN apt-get update && apt-get install -y x && rm -rf /var/lib/apt/lists/*\n"
        );
        check_fix(src, C, Applicability::Unsafe, true);
        let src =
            "FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y x\nCMD [\"x\"]\n";
        assert_eq!(
            check_fix(src, C, Applicability::Unsafe, true),
            "FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y x \\\n    && rm -rf /var/lib/apt/lists/*\nCMD [\"x\"]\n"
        );
        // No fix for heredocs or background jobs.
        let src = "FROM debian:12\nRUN <<EOF\napt-get update\nEOF\n";
        assert_eq!(fixed_unsafe(src, C), src);
        let src = "FROM debian:12\nRUN apt-get update &\n";
        assert_eq!(fixed_unsafe(src, C), src);
    }

    #[test]
    fn exec_form_wrappers_and_heredoc_interpreters_are_checked() {
        for run in [
            "[\"apt-get\", \"update\"]",
            "sudo apt-get update && sudo apt-get install -y x=1",
            "sh -c 'apt-get update && apt-get install -y x=1'",
        ] {
            let src = format!("FROM debian:12\nRUN {run}\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
        }
        assert_eq!(
            codes(
                "FROM debian:12\nRUN <<EOF bash\nset -e\napt-get update\nEOF\n",
                C
            ),
            vec![4]
        );
        for src in [
            "RUN sudo apt-get update && sudo rm -rf /var/lib/apt/lists/*\n",
            "ARG LISTS=/var/lib/apt/lists\nRUN apt-get update && rm -rf $LISTS\n",
            "RUN --mount=type=cache,target=/var/lib/apt/lists <<EOF\napt-get update\nEOF\n",
            "ONBUILD RUN --mount=type=tmpfs,target=/var/lib/apt apt-get update\n",
        ] {
            let src = format!("FROM debian:12\n{src}");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
        // A path from a variable set nowhere may be anything.
        assert_eq!(
            codes(
                "FROM debian:12\nRUN apt-get update && rm -rf $DIR/lists\n",
                C
            ),
            vec![2]
        );
    }

    #[test]
    fn fix_in_onbuild_but_not_behind_sudo() {
        let src = "FROM debian:12\nONBUILD RUN apt-get update\n";
        assert_eq!(
            check_fix(src, C, Applicability::Unsafe, true),
            "FROM debian:12\nONBUILD RUN apt-get update && rm -rf /var/lib/apt/lists/*\n"
        );
        // The RUN's user needs sudo for apt-get: a plain `rm` would fail.
        let src = "FROM debian:12\nRUN sudo apt-get update\n";
        assert_eq!(codes(src, C), vec![2]);
        assert_eq!(fixed_unsafe(src, C), src);
    }
}
