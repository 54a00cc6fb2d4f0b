use super::dl4003_multiple_cmd::report_repeated;
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::syntax::InstructionKind;

crate::declare_rule! {
    /// ## What it does
    /// Reports an `ENTRYPOINT` that follows another `ENTRYPOINT` in the same stage.
    ///
    /// ## Why
    /// Each `ENTRYPOINT` replaces the previous one: only the last one of a stage takes
    /// effect, the earlier ones are dead code and usually a mistake. An `ENTRYPOINT`
    /// in another stage, or an `ONBUILD ENTRYPOINT`, does not count.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENTRYPOINT ["/docker-entrypoint.sh"]
    /// ENTRYPOINT ["/usr/bin/tini", "--"]
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENTRYPOINT ["/usr/bin/tini", "--", "/docker-entrypoint.sh"]
    /// ```
    ///
    /// ## Fix
    /// The fix deletes the overridden `ENTRYPOINT`. The image keeps the same entry
    /// point, but the fix is unsafe: the report often means the other one was meant,
    /// or that both were meant to be chained.
    pub struct MultipleEntrypoint {
        code: "DL4004",
        name: "multiple-entrypoint",
        category: Correctness,
        severity: Error,
        fix: Always,
        buildkit: "MultipleInstructionsDisallowed",
    }
}

impl Rule for MultipleEntrypoint {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        report_repeated(ctx, InstructionKind::Entrypoint);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::codes;

    #[test]
    fn repeated_entrypoint_in_a_stage_is_reported() {
        assert_eq!(
            codes(
                "FROM debian:12\nENTRYPOINT bash\nRUN foo\nENTRYPOINT another\n",
                "DL4004"
            ),
            vec![4]
        );
        assert_eq!(
            codes(
                "FROM debian:12 as distro1\nENTRYPOINT bash\nRUN foo\nENTRYPOINT another\nFROM debian:12 as distro2\nENTRYPOINT another\n",
                "DL4004"
            ),
            vec![4]
        );
    }

    #[test]
    fn one_entrypoint_per_stage_is_fine() {
        for src in [
            "FROM busybox:1\n",
            "FROM debian:12 as distro1\nENTRYPOINT bash\nRUN foo\nFROM debian:12 as distro2\nENTRYPOINT another\n",
            "ENTRYPOINT /bin/true\n",
            "FROM a:1\nONBUILD ENTRYPOINT [\"a\"]\nENTRYPOINT [\"b\"]\n",
            "FROM a:1\nENTRYPOINT [\"a\"]\nCMD [\"b\"]\n",
        ] {
            assert!(codes(src, "DL4004").is_empty(), "{src}");
        }
    }

    #[test]
    fn unsafe_fix_deletes_the_overridden_entrypoint() {
        let unsafe_fixed = |src: &str| {
            crate::rules::test_support::fixed_with(src, "DL4004", crate::fix::Applicability::Unsafe)
        };
        let src = "FROM a:1\nENTRYPOINT [\"a\"]\nRUN x\nENTRYPOINT [\"b\"]\n";
        // Not a safe fix.
        assert_eq!(crate::rules::test_support::fixed(src, "DL4004"), src);
        let out = unsafe_fixed(src);
        assert_eq!(out, "FROM a:1\nRUN x\nENTRYPOINT [\"b\"]\n");
        assert!(codes(&out, "DL4004").is_empty());
        assert_eq!(unsafe_fixed(&out), out);
    }

    #[test]
    fn three_in_a_stage_and_triggers() {
        let src = "FROM a:1\nENTRYPOINT a\nENTRYPOINT b\nENTRYPOINT c\n";
        assert_eq!(codes(src, "DL4004"), vec![3, 4]);
        let src = "FROM a:1\nONBUILD ENTRYPOINT a\nONBUILD ENTRYPOINT b\n";
        assert!(codes(src, "DL4004").is_empty());
    }
}
