use super::common::{
    cache_mount_covers, for_each_command, insert_after, options_from_variables, target_covers,
};
use crate::fix::Fix;
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::shell::commands::apk::apk;
use crate::syntax::Span;

crate::declare_rule! {
    /// ## What it does
    /// Reports `apk add` without `--no-cache`.
    ///
    /// ## Why
    /// Without `--no-cache`, apk keeps the package indexes it downloads (with
    /// `apk update` or `--update`) in `/var/cache/apk`, megabytes that stay in the
    /// layer. `apk add --no-cache` fetches a fresh index and stores nothing, so there
    /// is no `apk update` to run and nothing to clean up afterwards.
    ///
    /// A `--mount=type=cache` or `type=tmpfs` on `/var/cache/apk` (or `/etc/apk/cache`)
    /// also keeps the cache out of the layer. `apk add --update` followed by
    /// `rm -rf /var/cache/apk/*` is still reported: `--no-cache` does both in one
    /// switch, which is what the rule asks for. The switch may come from a variable
    /// whose value is known (`ARG APK_FLAGS=--no-cache` + `apk add $APK_FLAGS ...`).
    /// Heredoc scripts and ONBUILD triggers are checked like any RUN.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk update && apk add curl=8.9.1-r0
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl=8.9.1-r0
    /// ```
    ///
    /// ## Fix
    /// Adds `--no-cache` after `add`. Unsafe: apk then resolves packages against a
    /// freshly fetched index rather than the cached one (newer versions may be
    /// picked), and a later `apk add` that relied on the cached index fails.
    pub struct ApkAddWithCache {
        code: "DL3019",
        name: "apk-add-with-cache",
        category: Size,
        severity: Info,
        fix: Sometimes,
    }
}

const CACHE: &str = "/var/cache/apk";

impl Rule for ApkAddWithCache {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        for_each_command(model, |run, cmd| {
            let Some(a) = apk(cmd) else { return };
            if !a.is_add()
                || a.no_cache()
                || options_from_variables(run, cmd)
                    .iter()
                    .any(|o| o == "--no-cache")
            {
                return;
            }
            if cache_mount_covers(model, run.info, |t| {
                target_covers(t, CACHE) || target_covers(t, "/etc/apk/cache")
            }) {
                return;
            }
            let Some(sub) = a.subcommand else { return };
            let start = cmd
                .name_word()
                .map(|w| w.span().start)
                .unwrap_or(cmd.span.start);
            let span = Span::new(start, sub.span().end.max(start));
            let msg = "Use the `--no-cache` switch to avoid the need to use `--update` and remove `/var/cache/apk/*` when done installing packages";
            match insert_after(model, sub, "--no-cache") {
                Some(edit) => {
                    ctx.report_with_fix(span, msg, Fix::unsafe_("Add `--no-cache`", vec![edit]))
                }
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

    const C: &str = "DL3019";

    #[test]
    fn add_without_no_cache_is_reported() {
        assert_eq!(
            codes("FROM alpine:3.20\nRUN apk add flex=2.6.4-r1\n", C),
            vec![2]
        );
        assert_eq!(
            codes(
                "FROM alpine:3.20\nRUN apk update && apk add -U flex=2.6.4-r1\n",
                C
            ),
            vec![2]
        );
        assert_eq!(
            codes(
                "FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/foo apk add -U curl=7.77.0\n",
                C
            ),
            vec![2]
        );
        assert_eq!(
            codes("FROM alpine:3.20\nONBUILD RUN apk add flex=2\n", C),
            vec![2]
        );
        assert_eq!(
            codes("FROM alpine:3.20\nRUN <<EOF\napk add flex=2\nEOF\n", C),
            vec![3]
        );
        // Cleaning up afterwards is what `--no-cache` avoids.
        assert_eq!(
            codes(
                "FROM alpine:3.20\nRUN apk add -U flex=2 && rm -rf /var/cache/apk/*\n",
                C
            ),
            vec![2]
        );
    }

    #[test]
    fn no_cache_mounts_and_cleanups_are_fine() {
        for run in [
            "apk add --no-cache flex=2.6.4-r1",
            "apk --no-cache add flex=2.6.4-r1",
            "--mount=type=cache,target=/var/cache/apk apk add -U curl=7.77.0",
            "--mount=type=cache,target=/var/cache apk add -U curl=7.77.0",
            "--mount=type=cache,target=/etc/apk/cache apk add -U curl=7.77.0",
            "--mount=type=tmpfs,target=/var/cache/apk apk add -U curl=7.77.0",
            "--mount=type=cache,target=/var/cache/foo apk add --no-cache -U curl=7.77.0",
            "apk del flex",
            "apk update",
        ] {
            let src = format!("FROM alpine:3.20\nRUN {run}\n");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
    }

    #[test]
    fn fix_adds_no_cache_unsafely() {
        let src = "FROM alpine:3.20\nRUN apk add -U curl=1 && apk --quiet add git=2\n";
        assert_eq!(fixed(src, C), src);
        assert_eq!(
            fixed_unsafe(src, C),
            "FROM alpine:3.20\nRUN apk add --no-cache -U curl=1 && apk --quiet add --no-cache git=2\n"
        );
        check_fix(src, C, Applicability::Unsafe, true);
    }

    #[test]
    fn exec_form_wrappers_and_heredocs_are_checked() {
        for run in [
            "[\"apk\", \"add\", \"curl=1\"]",
            "sudo apk add curl=1",
            "sh -c 'apk add curl=1'",
        ] {
            let src = format!("FROM alpine:3.20\nRUN {run}\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
        }
        assert_eq!(
            codes(
                "FROM alpine:3.20\nRUN <<EOF sh\nset -e\napk add curl=1\nEOF\n",
                C
            ),
            vec![4]
        );
        assert!(codes(
            "FROM alpine:3.20\nRUN <<EOF\napk add --no-cache curl=1\nEOF\n",
            C
        )
        .is_empty());
    }

    #[test]
    fn mounts_must_be_caches_on_the_apk_cache() {
        // Cache mounts, spelled with any target key, on heredocs and ONBUILD too.
        for src in [
            "RUN --mount=type=cache,dst=/var/cache/apk apk add curl=1\n",
            "RUN --mount=type=cache,destination=/var/cache/apk apk add curl=1\n",
            "RUN --mount=type=cache,target=/etc/apk/cache,id=apk <<EOF\napk add curl=1\nEOF\n",
            "ONBUILD RUN --mount=type=cache,target=/var/cache/apk apk add curl=1\n",
        ] {
            let src = format!("FROM alpine:3.20\n{src}");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
        // A bind mount, or a cache on a subdirectory only, keeps nothing out.
        for mount in [
            "--mount=type=bind,target=/var/cache/apk",
            "--mount=type=cache,target=/var/cache/apk/sub",
        ] {
            let src = format!("FROM alpine:3.20\nRUN {mount} apk add curl=1\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
        }
    }

    #[test]
    fn fix_in_heredocs_and_onbuild() {
        let src = "FROM alpine:3.20\nRUN <<EOF\napk add curl=1\nEOF\n";
        assert_eq!(
            check_fix(src, C, Applicability::Unsafe, true),
            "FROM alpine:3.20\nRUN <<EOF\napk add --no-cache curl=1\nEOF\n"
        );
        let src = "FROM alpine:3.20\nONBUILD RUN sudo apk add curl=1\n";
        assert_eq!(
            check_fix(src, C, Applicability::Unsafe, true),
            "FROM alpine:3.20\nONBUILD RUN sudo apk add --no-cache curl=1\n"
        );
        // Exec form: no fix offered.
        let src = "FROM alpine:3.20\nRUN [\"apk\", \"add\", \"curl=1\"]\n";
        assert_eq!(fixed_unsafe(src, C), src);
    }

    #[test]
    fn switches_from_variables_count() {
        for src in [
            "ARG APK_FLAGS=\"--no-cache --quiet\"\nRUN apk add $APK_FLAGS curl=1\n",
            "ENV APK_FLAGS=--no-cache\nRUN <<EOF\napk add $APK_FLAGS curl=1\nEOF\n",
        ] {
            let src = format!("FROM alpine:3.20\n{src}");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
        for src in [
            "ARG APK_FLAGS=--quiet\nRUN apk add $APK_FLAGS curl=1\n",
            "ARG APK_FLAGS\nRUN apk add $APK_FLAGS curl=1\n",
        ] {
            let src = format!("FROM alpine:3.20\n{src}");
            assert_eq!(codes(&src, C), vec![3], "{src}");
        }
    }
}
