use crate::fix::{Edit, Fix};
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::semantic::InstructionInfo;
use crate::syntax::InstructionKind;

crate::declare_rule! {
    /// ## What it does
    /// Reports a `CMD` that follows another `CMD` in the same stage.
    ///
    /// ## Why
    /// An image has one command: each `CMD` replaces the previous one, so only the last
    /// `CMD` of a stage takes effect and the earlier ones are dead code that misleads
    /// readers (and often hides a mistake: which one was meant?). A `CMD` in another
    /// stage, or an `ONBUILD CMD` (it sets the command of a later image), does not
    /// count.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// CMD ["python", "manage.py", "migrate"]
    /// CMD ["gunicorn", "app.wsgi"]
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// CMD ["gunicorn", "app.wsgi"]
    /// ```
    ///
    /// ## Fix
    /// The fix deletes the overridden `CMD`. The image keeps the same command, but the
    /// fix is unsafe: the report often means the other `CMD` was the one intended.
    pub struct MultipleCmd {
        code: "DL4003",
        name: "multiple-cmd",
        category: Correctness,
        severity: Warning,
        fix: Always,
        buildkit: "MultipleInstructionsDisallowed",
    }
}

impl Rule for MultipleCmd {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        report_repeated(ctx, InstructionKind::Cmd);
    }
}

/// Report every `kind` instruction that follows another one in the same stage (or
/// before the first `FROM`), with an unsafe fix deleting the one it overrides.
pub(super) fn report_repeated(ctx: &mut RuleContext<'_>, kind: InstructionKind) {
    let model = ctx.model();
    let name = kind.as_str();
    let mut previous: Option<&InstructionInfo<'_>> = None;
    for info in model.instructions() {
        if info.instruction.kind == InstructionKind::From {
            previous = None;
            continue;
        }
        if info.onbuild || info.instruction.kind != kind {
            continue;
        }
        if let Some(prev) = previous {
            let line = prev.instruction.start_line;
            ctx.report_with_fix(
                info.instruction.keyword.span,
                format!(
                    "Multiple `{name}` instructions found. If you list more than one `{name}` then only the last `{name}` will take effect: this one overrides the `{name}` on line {line}"
                ),
                Fix::unsafe_(
                    format!("Delete the overridden `{name}` on line {line}"),
                    vec![Edit::delete(prev.instruction.span)],
                ),
            );
        }
        previous = Some(info);
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, RuleSelector};
    use crate::fix::Applicability;
    use crate::rules::test_support::codes;
    use crate::Linter;

    #[test]
    fn repeated_cmd_in_a_stage_is_reported() {
        assert_eq!(
            codes("FROM debian:12\nCMD bash\nRUN foo\nCMD another\n", "DL4003"),
            vec![4]
        );
        assert_eq!(
            codes(
                "FROM debian:12 as distro1\nCMD bash\nRUN foo\nCMD another\nFROM debian:12 as distro2\nCMD another\n",
                "DL4003"
            ),
            vec![4]
        );
        assert_eq!(
            codes("FROM a:1\nCMD [\"a\"]\nCMD b\nCMD [\"c\"]\n", "DL4003"),
            vec![3, 4]
        );
    }

    #[test]
    fn one_cmd_per_stage_is_fine() {
        for src in [
            "FROM debian:12 as distro1\nCMD bash\nRUN foo\nFROM debian:12 as distro2\nCMD another\n",
            "CMD /bin/true\n",
            "FROM a:1\nONBUILD CMD [\"a\"]\nCMD [\"b\"]\n",
            "FROM a:1\nHEALTHCHECK CMD curl -f http://localhost/\nCMD [\"b\"]\n",
        ] {
            assert!(codes(src, "DL4003").is_empty(), "{src}");
        }
    }

    #[test]
    fn unsafe_fix_deletes_the_overridden_cmd() {
        let src = "FROM a:1\nCMD [\"a\"]\nRUN x\nCMD [\"b\"]\nCMD [\"c\"]\n";
        let linter = Linter::new(Config {
            select: vec![RuleSelector::Code("DL4003".into())],
            ..Config::default()
        });
        let result = linter.lint(src);
        let fixes: Vec<_> = result
            .diagnostics
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .collect();
        assert_eq!(
            crate::fix::apply(src, fixes.iter().copied(), Applicability::Safe).text,
            src
        );
        let out = crate::fix::apply(src, fixes, Applicability::Unsafe).text;
        assert_eq!(out, "FROM a:1\nRUN x\nCMD [\"c\"]\n");
        assert!(codes(&out, "DL4003").is_empty());
    }

    #[test]
    fn triggers_and_unsafe_fix_idempotence() {
        // Triggers set a child's command: they do not count, among themselves either.
        let src = "FROM a:1\nONBUILD CMD [\"a\"]\nONBUILD CMD [\"b\"]\n";
        assert!(codes(src, "DL4003").is_empty());
        let unsafe_fixed = |src: &str| {
            crate::rules::test_support::fixed_with(src, "DL4003", Applicability::Unsafe)
        };
        let src = "FROM a:1\nCMD a \\\n  --flag\nCMD [\"b\"]\n";
        let out = unsafe_fixed(src);
        assert_eq!(out, "FROM a:1\nCMD [\"b\"]\n");
        assert_eq!(unsafe_fixed(&out), out);
    }
}
