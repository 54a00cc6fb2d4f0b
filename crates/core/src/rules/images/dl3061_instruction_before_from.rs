use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::syntax::InstructionKind;

crate::declare_rule! {
    /// ## What it does
    /// Reports an instruction other than `ARG` before the first `FROM`.
    ///
    /// ## Why
    /// A Dockerfile must begin with `FROM`, optionally preceded by parser
    /// directives, comments and global `ARG`s. Any other instruction has no stage to
    /// apply to, and BuildKit refuses the file ("no build stage in current context").
    ///
    /// ## Example
    /// ```dockerfile
    /// LABEL org.opencontainers.image.authors="team@example.com"
    /// FROM debian:12
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// ARG DEBIAN_VERSION=12
    /// FROM debian:${DEBIAN_VERSION}
    /// LABEL org.opencontainers.image.authors="team@example.com"
    /// ```
    ///
    /// ## Fix
    /// Move the instruction after `FROM`.
    pub struct InstructionBeforeFrom {
        code: "DL3061",
        name: "instruction-before-from",
        category: Correctness,
        severity: Error,
        fix: None,
    }
}

impl Rule for InstructionBeforeFrom {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        for ins in ctx.dockerfile().instructions() {
            match ins.kind {
                InstructionKind::From => break,
                InstructionKind::Arg => {}
                _ => {
                    ctx.report(
                        ins.keyword.span,
                        format!(
                            "Invalid instruction order. Dockerfile must begin with `FROM`, `ARG` or comment: `{}` comes before any `FROM`",
                            ins.keyword.text.to_ascii_uppercase()
                        ),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::codes;

    #[test]
    fn instructions_before_from() {
        assert_eq!(
            codes("RUN x\nLABEL y=z\nFROM debian:12\n", "DL3061"),
            vec![1, 2]
        );
        assert_eq!(
            codes("# c\nARG A\nENV B=1\nFROM debian:12\n", "DL3061"),
            vec![3]
        );
        assert_eq!(codes("ONBUILD RUN x\nFROM debian:12\n", "DL3061"), vec![1]);
        assert_eq!(codes("RUN x\n", "DL3061"), vec![1]);
    }

    #[test]
    fn from_or_arg_first() {
        for src in [
            "FROM debian:12\nRUN x\n",
            "# syntax=docker/dockerfile:1\n# c\nARG A\nFROM debian:12\nFROM x\nARG B\n",
        ] {
            assert!(codes(src, "DL3061").is_empty(), "{src}");
        }
    }

    #[test]
    fn heredocs_and_continuations_count_once() {
        let src = "RUN <<EOF\necho FROM debian\nEOF\nFROM debian:12\n";
        assert_eq!(codes(src, "DL3061"), vec![1]);
        let src = "# escape=\\\n\nARG A=1\nLABEL a=1 \\\n  b=2\nFROM debian:12\n";
        assert_eq!(codes(src, "DL3061"), vec![4]);
        // Lowercase instructions are instructions.
        assert_eq!(codes("arg A\nenv B=1\nfrom debian:12\n", "DL3061"), vec![2]);
    }
}
