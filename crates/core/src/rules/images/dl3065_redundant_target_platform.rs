use crate::fix::{Edit, Fix};
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::syntax::{Body, Span};

crate::declare_rule! {
    /// ## What it does
    /// Reports `FROM --platform=$TARGETPLATFORM`.
    ///
    /// ## Why
    /// BuildKit already pulls every base image for the target platform: the flag
    /// says what happens anyway and makes readers wonder what it changes. Only the
    /// plain reference (`$TARGETPLATFORM` or `${TARGETPLATFORM}`) is redundant; a
    /// value with a default (`${TARGETPLATFORM:-linux/amd64}`) or combined with other
    /// text is not reported, nor is any when a global `ARG TARGETPLATFORM=<value>`
    /// gives the variable a value of its own.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=$TARGETPLATFORM alpine:3.20
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## Fix
    /// Removes the flag. Safe: the base image is pulled for the same platform.
    pub struct RedundantTargetPlatform {
        code: "DL3065",
        name: "redundant-target-platform",
        category: Maintainability,
        severity: Warning,
        fix: Always,
        buildkit: "RedundantTargetPlatform",
    }
}

impl Rule for RedundantTargetPlatform {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let source = ctx.source();
        // A global `ARG TARGETPLATFORM=...` gives the variable another value than
        // the target platform (unless `--build-arg` passes it again).
        let overridden = ctx
            .dockerfile()
            .instructions()
            .take_while(|ins| !matches!(ins.body, Body::From(_)))
            .any(|ins| match &ins.body {
                Body::Arg(decls) => decls
                    .iter()
                    .any(|d| d.name.text == "TARGETPLATFORM" && d.default.is_some()),
                _ => false,
            });
        if overridden {
            return;
        }
        for ins in ctx.dockerfile().instructions() {
            if !matches!(ins.body, Body::From(_)) {
                continue;
            }
            let Some(flag) = ins.flag("platform") else {
                continue;
            };
            let value = flag.value.as_deref().unwrap_or("").trim();
            if value != "$TARGETPLATFORM" && value != "${TARGETPLATFORM}" {
                continue;
            }
            let mut end = flag.span.end;
            while matches!(source.as_bytes().get(end), Some(b' ' | b'\t')) {
                end += 1;
            }
            let fix = Fix::safe(
                "Remove the redundant --platform flag",
                vec![Edit::delete(Span::new(flag.span.start, end))],
            );
            ctx.report_with_fix(
                flag.span,
                "Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior",
                fix,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{codes, fixed};

    #[test]
    fn redundant_platform() {
        for p in ["$TARGETPLATFORM", "${TARGETPLATFORM}"] {
            let src = format!("FROM --platform={p} debian:12 AS a\n");
            assert_eq!(codes(&src, "DL3065"), vec![1], "{p}");
        }
    }

    #[test]
    fn other_platforms() {
        for p in [
            "$BUILDPLATFORM",
            "linux/amd64",
            "${TARGETPLATFORM:-linux/amd64}",
            "$TARGETOS/$TARGETARCH",
        ] {
            let src = format!("FROM --platform={p} debian:12\n");
            assert!(codes(&src, "DL3065").is_empty(), "{p}");
        }
    }

    #[test]
    fn fix_removes_the_flag() {
        let src = "FROM --platform=$TARGETPLATFORM debian:12 AS a\nRUN x\n";
        let out = fixed(src, "DL3065");
        assert_eq!(out, "FROM debian:12 AS a\nRUN x\n");
        assert!(codes(&out, "DL3065").is_empty());
        assert_eq!(fixed(&out, "DL3065"), out);
    }

    #[test]
    fn every_stage_and_a_global_default() {
        let src =
            "FROM --platform=$TARGETPLATFORM a:1 AS a\nFROM --platform=${TARGETPLATFORM} b:1\n";
        assert_eq!(codes(src, "DL3065"), vec![1, 2]);
        assert_eq!(fixed(src, "DL3065"), "FROM a:1 AS a\nFROM b:1\n");
        // Redeclaring the automatic ARG without a value keeps its value.
        let src = "ARG TARGETPLATFORM\nFROM --platform=$TARGETPLATFORM a:1\n";
        assert_eq!(codes(src, "DL3065"), vec![2]);
        // A default of its own makes the flag mean something: removing it would
        // change the platform.
        let src = "ARG TARGETPLATFORM=linux/arm64\nFROM --platform=$TARGETPLATFORM a:1\n";
        assert!(codes(src, "DL3065").is_empty());
        assert_eq!(fixed(src, "DL3065"), src);
    }
}
