use super::dl4003_multiple_cmd::report_repeated;
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::syntax::InstructionKind;

crate::declare_rule! {
    /// ## What it does
    /// Reports a `HEALTHCHECK` that follows another `HEALTHCHECK` in the same stage.
    ///
    /// ## Why
    /// An image has one health check: each `HEALTHCHECK` (`HEALTHCHECK NONE` included)
    /// replaces the previous one, so only the last of a stage takes effect and the
    /// earlier ones mislead readers. A `HEALTHCHECK` in another stage, or an
    /// `ONBUILD HEALTHCHECK` (for child images), does not count.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// HEALTHCHECK CMD ["curl", "-f", "http://localhost/"]
    /// HEALTHCHECK CMD ["curl", "-f", "http://localhost/health"]
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM nginx:1.27
    /// HEALTHCHECK CMD ["curl", "-f", "http://localhost/health"]
    /// ```
    ///
    /// ## Fix
    /// The fix deletes the overridden `HEALTHCHECK`. The image keeps the same health
    /// check, but the fix is unsafe: the report often means the other one was intended.
    pub struct MultipleHealthcheck {
        code: "DL3012",
        name: "multiple-healthcheck",
        category: Correctness,
        severity: Error,
        fix: Always,
        buildkit: "MultipleInstructionsDisallowed",
    }
}

impl Rule for MultipleHealthcheck {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        report_repeated(ctx, InstructionKind::Healthcheck);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{codes, fixed};

    #[test]
    fn repeated_in_a_stage() {
        assert_eq!(
            codes(
                "FROM debian:12\nHEALTHCHECK CMD [\"a\"]\nRUN x\nHEALTHCHECK CMD [\"b\"]\n",
                "DL3012"
            ),
            vec![4]
        );
        assert_eq!(
            codes(
                "FROM debian:12\nHEALTHCHECK NONE\nHEALTHCHECK CMD [\"b\"]\n",
                "DL3012"
            ),
            vec![3]
        );
    }

    #[test]
    fn one_per_stage_is_fine() {
        for src in [
            "FROM debian:12\nHEALTHCHECK CMD [\"a\"]\nFROM debian:12\nHEALTHCHECK CMD [\"b\"]\n",
            "FROM debian:12\nHEALTHCHECK CMD [\"a\"]\nONBUILD HEALTHCHECK CMD [\"b\"]\n",
            "FROM debian:12\nRUN x\n",
        ] {
            assert!(codes(src, "DL3012").is_empty(), "{src}");
        }
    }

    #[test]
    fn fix_is_not_safe() {
        let src = "FROM debian:12\nHEALTHCHECK NONE\nHEALTHCHECK CMD [\"b\"]\n";
        assert_eq!(fixed(src, "DL3012"), src);
    }

    fn unsafe_fixed(src: &str) -> String {
        crate::rules::test_support::fixed_with(src, "DL3012", crate::fix::Applicability::Unsafe)
    }

    #[test]
    fn unsafe_fix_deletes_the_overridden_one() {
        let src = "FROM debian:12\nHEALTHCHECK CMD [\"a\"]\nRUN x\nHEALTHCHECK CMD [\"b\"]\n";
        let out = unsafe_fixed(src);
        assert!(out.contains("HEALTHCHECK CMD [\"b\"]"), "{out}");
        assert!(!out.contains("[\"a\"]"), "{out}");
        assert!(codes(&out, "DL3012").is_empty(), "{out}");
        assert_eq!(unsafe_fixed(&out), out);
    }

    #[test]
    fn three_in_a_stage_and_triggers() {
        let src = "FROM debian:12\nHEALTHCHECK NONE\nHEALTHCHECK CMD true\nHEALTHCHECK --interval=5s CMD \\\n  curl -f http://localhost/\n";
        assert_eq!(codes(src, "DL3012"), vec![3, 4]);
        // Triggers do not count, with each other either.
        let src = "FROM debian:12\nONBUILD HEALTHCHECK CMD a\nONBUILD HEALTHCHECK CMD b\n";
        assert!(codes(src, "DL3012").is_empty());
    }
}
