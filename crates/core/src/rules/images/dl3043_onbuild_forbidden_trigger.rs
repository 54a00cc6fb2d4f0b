use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::syntax::{Body, InstructionKind};

crate::declare_rule! {
    /// ## What it does
    /// Reports `ONBUILD FROM`, `ONBUILD MAINTAINER` and `ONBUILD ONBUILD`.
    ///
    /// ## Why
    /// An `ONBUILD` trigger runs as part of a child image's build, right after its
    /// `FROM`: it cannot start a new stage, chain another trigger, or set the
    /// deprecated author field. BuildKit refuses the Dockerfile ("FROM isn't allowed
    /// as an ONBUILD trigger").
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22
    /// ONBUILD FROM node:22-slim
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22
    /// ONBUILD COPY package.json /app/
    /// ```
    ///
    /// ## Fix
    /// Remove the trigger; child images choose their own base with `FROM`.
    pub struct OnbuildForbiddenTrigger {
        code: "DL3043",
        name: "onbuild-forbidden-trigger",
        category: Correctness,
        severity: Error,
        fix: None,
    }
}

impl Rule for OnbuildForbiddenTrigger {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        for ins in ctx.dockerfile().instructions() {
            let Body::Onbuild(Some(inner)) = &ins.body else {
                continue;
            };
            let name = match inner.kind {
                InstructionKind::From => "FROM",
                InstructionKind::Maintainer => "MAINTAINER",
                InstructionKind::Onbuild => "ONBUILD",
                _ => continue,
            };
            ctx.report(
                inner.keyword.span,
                format!("`ONBUILD`, `FROM` or `MAINTAINER` triggered from within `ONBUILD` instruction: `{name}` cannot be an ONBUILD trigger"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::codes;

    #[test]
    fn forbidden_triggers() {
        for t in ["FROM debian:12", "MAINTAINER me", "ONBUILD RUN x", "from x"] {
            let src = format!("FROM debian:12\nONBUILD {t}\n");
            assert_eq!(codes(&src, "DL3043"), vec![2], "{t}");
        }
    }

    #[test]
    fn allowed_triggers() {
        for t in ["RUN x", "COPY a /b", "ENV A=1", "USER app"] {
            let src = format!("FROM debian:12\nONBUILD {t}\n");
            assert!(codes(&src, "DL3043").is_empty(), "{t}");
        }
        assert!(codes("FROM debian:12\nMAINTAINER me\n", "DL3043").is_empty());
    }

    #[test]
    fn any_case_and_each_line() {
        let src = "FROM debian:12\nonbuild Onbuild run x\nRUN y\nONBUILD \\\n  FROM alpine:3.20\n";
        // Reported on the trigger, which may sit on a continuation line.
        assert_eq!(codes(src, "DL3043"), vec![2, 5]);
        // A MAINTAINER or FROM word inside an allowed trigger is not a trigger.
        assert!(codes("FROM debian:12\nONBUILD RUN echo FROM x\n", "DL3043").is_empty());
    }
}
