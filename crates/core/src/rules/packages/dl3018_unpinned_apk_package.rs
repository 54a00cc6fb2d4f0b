use super::common::{check_pin, for_each_command, list_names, Pin};
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::shell::commands::apk::apk;

crate::declare_rule! {
    /// ## What it does
    /// Reports packages installed with `apk add` without a version
    /// (`curl` rather than `curl=8.9.1-r0`).
    ///
    /// ## Why
    /// Without a version, every build installs whatever the repository has that day:
    /// the image changes between builds of the same Dockerfile, and an upgrade can
    /// break it without any change on your side. A pinned version makes the build
    /// reproducible, and makes the failure explicit when the version disappears.
    ///
    /// Any version constraint counts (`=`, `~`, `~=`, `>=`, `<`...); local `.apk`
    /// files need none, and a `--virtual`/`-t` name is not a package. Variables are
    /// expanded with the ARG and ENV values in scope and the variables the script
    /// sets; options a variable expands to (`ARG APK_FLAGS=--no-cache`) are not
    /// packages. Heredoc scripts and ONBUILD triggers are checked like any RUN.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl=8.9.1-r0
    /// ```
    ///
    /// ## Fix
    /// None: the right version depends on the Alpine release (`apk policy <package>`
    /// shows the available ones).
    pub struct UnpinnedApkPackage {
        code: "DL3018",
        name: "unpinned-apk-package",
        category: Correctness,
        severity: Warning,
        fix: None,
    }
}

/// Whether an `apk add` operand is pinned, or is a local package file.
pub(super) fn apk_pinned(p: &str) -> bool {
    p.contains(['=', '~', '<', '>']) || p.ends_with(".apk")
}

impl Rule for UnpinnedApkPackage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        for_each_command(model, |run, cmd| {
            let Some(a) = apk(cmd) else { return };
            if !a.is_add() {
                return;
            }
            for pkg in &a.packages {
                let word = pkg.word;
                // Options from a variable (`ARG FLAGS=--quiet`) are not packages.
                let pinned_or_option = |w: &str| w.starts_with('-') || apk_pinned(w);
                match check_pin(&run.env, word, cmd.span.start, pinned_or_option) {
                    Pin::Pinned => {}
                    Pin::Unpinned(names) => {
                        let example = names.first().cloned().unwrap_or_default();
                        ctx.report(
                            word.span(),
                            format!(
                                "Pin versions in apk add: {} {} no version; use `apk add {example}=<version>`",
                                list_names(&names),
                                if names.len() == 1 { "has" } else { "have" },
                            ),
                        );
                    }
                    Pin::Unknown => {
                        ctx.report(
                            word.span(),
                            format!(
                                "Pin versions in apk add: `{}` expands to packages not known here, which may have no version",
                                word.lossy()
                            ),
                        );
                    }
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::codes;

    const C: &str = "DL3018";

    #[test]
    fn unpinned_packages_are_reported() {
        assert_eq!(codes("FROM alpine:3.20\nRUN apk add flex\n", C), vec![2]);
        assert_eq!(
            codes(
                "FROM alpine:3.20\nRUN apk add --no-cache \\\nflex=2.6.4-r1 \\\nlibffi \\\npython2=2.7.13-r1\n",
                C
            ),
            vec![4]
        );
        assert_eq!(
            codes("FROM alpine:3.20\nRUN apk add --no-cache bash@edge\n", C),
            vec![2]
        );
        assert_eq!(
            codes("FROM alpine:3.20\nONBUILD RUN apk add flex\n", C),
            vec![2]
        );
        assert_eq!(
            codes("FROM alpine:3.20\nRUN <<EOF\napk add flex\nEOF\n", C),
            vec![3]
        );
    }

    #[test]
    fn pinned_virtual_and_local_packages_are_fine() {
        for run in [
            "apk add flex=2.6.4-r1",
            "apk add --no-cache git~2.52.0",
            "apk add --no-cache flex=2.6.4-r1 \\\n && pip install -r requirements.txt",
            "apk add \\\n--virtual build-dependencies \\\npython-dev=1.1.1 build-base=2.2.2 wget=3.3.3 \\\n&& apk del build-dependencies",
            "apk add -t .deps gcc=1",
            "apk add --no-cache \\\n--repository https://nl.alpinelinux.org/alpine/edge/testing \\\nflow=0.78.0-r0",
            "apk add --no-cache \\\n--repository=https://nl.alpinelinux.org/alpine/edge/testing \\\nflow=0.78.0-r0",
            "apk add --no-cache \\\n-X https://nl.alpinelinux.org/alpine/edge/testing \\\nflow=0.78.0-r0",
            "apk add mypackage-1.1.1.apk",
            "apk add 'curl>8'",
            "apk del curl",
            "apk update",
        ] {
            let src = format!("FROM alpine:3.20\nRUN {run}\n");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
    }

    #[test]
    fn variables_are_expanded() {
        assert!(codes(
            "FROM alpine:3.20\nENV DEPS=\"gcc=13.2.1-r0 make=4.4.1-r2\"\nRUN apk add --no-cache $DEPS\n",
            C
        )
        .is_empty());
        assert_eq!(
            codes(
                "FROM alpine:3.20\nRUN DEPS='gcc make' && apk add --no-cache $DEPS\n",
                C
            ),
            vec![2]
        );
        assert!(codes(
            "FROM alpine:3.20\nRUN apk add --no-cache \"curl=${CURL_VERSION}\"\n",
            C
        )
        .is_empty());
    }

    #[test]
    fn exec_form_wrappers_and_heredoc_interpreters_are_checked() {
        for run in [
            "[\"apk\", \"add\", \"curl\"]",
            "sudo apk add curl",
            "sh -c 'apk add --no-cache curl'",
        ] {
            let src = format!("FROM alpine:3.20\nRUN {run}\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
            let pinned = src.replace("curl", "curl=8.9.1-r0");
            assert!(codes(&pinned, C).is_empty(), "{pinned}");
        }
        assert_eq!(
            codes(
                "FROM alpine:3.20\nRUN <<EOF sh\nset -e\napk add --no-cache curl=8.9.1-r0 git\nEOF\n",
                C
            ),
            vec![4]
        );
        assert!(codes("FROM alpine:3.20\nONBUILD RUN apk add curl=8.9.1-r0\n", C).is_empty());
    }

    #[test]
    fn arg_versions_and_unknown_variables() {
        assert!(codes(
            "FROM alpine:3.20\nARG CURL_V=8.9.1-r0\nRUN apk add --no-cache curl=$CURL_V\n",
            C
        )
        .is_empty());
        // A variable set nowhere may name any package.
        assert_eq!(
            codes("FROM alpine:3.20\nRUN apk add --no-cache $DEPS\n", C),
            vec![2]
        );
    }

    #[test]
    fn options_from_variables_are_not_packages() {
        assert!(codes("FROM alpine:3.20\nARG APK_FLAGS=\"--no-cache --quiet\"\nRUN apk add $APK_FLAGS curl=8.9.1-r0\n", C).is_empty());
        assert_eq!(codes("FROM alpine:3.20\nARG APK_FLAGS=\"--no-cache --quiet\"\nRUN apk add $APK_FLAGS curl\n", C), vec![3]);
    }
}
