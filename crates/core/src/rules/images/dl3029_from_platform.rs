use super::dl3066_non_numeric_user::variable_names;
use crate::fix::{Edit, Fix};
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::syntax::{Body, Span};

crate::declare_rule! {
    /// ## What it does
    /// Reports `FROM --platform` with a value other than the build platform
    /// (`$BUILDPLATFORM`).
    ///
    /// ## Why
    /// Pinning the platform of a base image (`--platform=linux/amd64`) makes the image
    /// build for that platform whatever the builder is asked for: a multi-platform
    /// build silently produces amd64 binaries in its arm64 image, or runs them under
    /// emulation. The target platform is the builder's choice
    /// (`docker build --platform`).
    ///
    /// `--platform=$BUILDPLATFORM` is the standard way to run build tools natively in
    /// a cross-compiling stage and is not reported, nor is one built from
    /// `$BUILDOS`/`$BUILDARCH`/`$BUILDVARIANT` only. `--platform=$TARGETPLATFORM` is
    /// reported by DL3065 instead.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=linux/amd64 debian:12
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// ```
    ///
    /// ```dockerfile
    /// FROM --platform=$BUILDPLATFORM golang:1.22 AS build
    /// ```
    ///
    /// ## Fix
    /// Removes the `--platform` flag (unsafe: the image is then built for the platform
    /// the build asks for, not the pinned one).
    pub struct FromPlatform {
        code: "DL3029",
        name: "from-platform",
        category: Correctness,
        severity: Warning,
        fix: Always,
    }
}

impl Rule for FromPlatform {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let source = ctx.source();
        for ins in ctx.dockerfile().instructions() {
            if !matches!(ins.body, Body::From(_)) {
                continue;
            }
            let Some(flag) = ins.flag("platform") else {
                continue;
            };
            let value = flag.value.as_deref().unwrap_or("");
            let vars = variable_names(value);
            if vars
                .iter()
                .any(|v| v == "BUILDPLATFORM" || v == "TARGETPLATFORM")
            {
                continue;
            }
            if !vars.is_empty()
                && vars
                    .iter()
                    .all(|v| matches!(v.as_str(), "BUILDOS" | "BUILDARCH" | "BUILDVARIANT"))
            {
                continue;
            }
            // Delete the flag and the blanks after it.
            let mut end = flag.span.end;
            while matches!(source.as_bytes().get(end), Some(b' ' | b'\t')) {
                end += 1;
            }
            let fix = Fix::unsafe_(
                "Remove the --platform flag",
                vec![Edit::delete(Span::new(flag.span.start, end))],
            );
            ctx.report_with_fix(
                flag.span,
                format!("Do not use --platform flag with FROM: `{value}` pins the base image's platform"),
                fix,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{codes, fixed};

    #[test]
    fn fixed_platforms_are_reported() {
        for src in [
            "FROM --platform=linux/amd64 debian:12\n",
            "ARG P=linux/amd64\nFROM --platform=$P debian:12\n",
            "FROM --platform=$TARGETOS/$TARGETARCH debian:12\n",
            "FROM debian:12 AS a\nFROM --platform=linux/arm64 a\n",
        ] {
            assert_eq!(codes(src, "DL3029").len(), 1, "{src}");
        }
    }

    #[test]
    fn build_platform_is_fine() {
        for src in [
            "FROM debian:12\n",
            "FROM --platform=$BUILDPLATFORM debian:12\n",
            "FROM --platform=${BUILDPLATFORM} debian:12\n",
            "FROM --platform=${BUILDPLATFORM:-linux/amd64} debian:12\n",
            "FROM --platform=$BUILDOS/$BUILDARCH debian:12\n",
            "FROM --platform=$TARGETPLATFORM debian:12\n",
        ] {
            assert!(codes(src, "DL3029").is_empty(), "{src}");
        }
    }

    #[test]
    fn fix_is_unsafe_only() {
        let src = "FROM --platform=linux/amd64 debian:12\n";
        // Not applied as a safe fix.
        assert_eq!(fixed(src, "DL3029"), src);
        let linter = crate::Linter::new(crate::config::Config {
            select: vec![crate::config::RuleSelector::Code("DL3029".into())],
            ..Default::default()
        });
        let result = linter.lint(src);
        let fixes: Vec<_> = result
            .diagnostics
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .collect();
        let out = crate::fix::apply(src, fixes, crate::fix::Applicability::Unsafe).text;
        assert_eq!(out, "FROM debian:12\n");
        assert!(codes(&out, "DL3029").is_empty());
    }

    #[test]
    fn each_stage_and_unknown_values() {
        assert_eq!(
            codes(
                "FROM --platform=$BUILDPLATFORM golang:1.22 AS b\nFROM --platform=linux/arm64 alpine:3.20\nFROM --platform=windows/amd64 c:1\n",
                "DL3029"
            ),
            vec![2, 3]
        );
        // Any other variable pins the platform to what the build argument says.
        assert_eq!(
            codes("ARG P\nFROM --platform=$P debian:12\n", "DL3029"),
            vec![2]
        );
    }

    #[test]
    fn unsafe_fix_keeps_the_rest() {
        let unsafe_fixed = |src: &str| {
            crate::rules::test_support::fixed_with(src, "DL3029", crate::fix::Applicability::Unsafe)
        };
        let out = unsafe_fixed("FROM --platform=linux/amd64 debian:12 AS build\nRUN true\n");
        assert_eq!(out, "FROM debian:12 AS build\nRUN true\n");
        assert_eq!(unsafe_fixed(&out), out);
        // BUILDPLATFORM is left alone.
        let src = "FROM --platform=$BUILDPLATFORM golang:1.22 AS b\n";
        assert_eq!(unsafe_fixed(src), src);
    }
}
