use crate::rules::{Rule, RuleContext, RuleMeta};

crate::declare_rule! {
    /// ## What it does
    /// Reports a stage named `scratch` or `context`.
    ///
    /// ## Why
    /// Both names already mean something to BuildKit: `scratch` is the empty image and
    /// `context` names the build context in `COPY --from` and `--build-context`. A
    /// stage with such a name makes `FROM scratch` or `COPY --from=context` ambiguous
    /// to readers and behave differently from what they expect. Stage names are
    /// compared without regard to case, as BuildKit lower-cases them (`AS Scratch` is
    /// the stage `scratch`).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 AS scratch
    /// RUN go build -o /out/app .
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// RUN go build -o /out/app .
    /// ```
    ///
    /// ## Fix
    /// Rename the stage (and the `COPY --from` and `FROM` lines that use it).
    pub struct ReservedStageName {
        code: "DL3063",
        name: "reserved-stage-name",
        category: Correctness,
        severity: Warning,
        fix: None,
        buildkit: "ReservedStageName",
    }
}

impl Rule for ReservedStageName {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        for stage in ctx.model().stages() {
            let Some(name) = &stage.name else { continue };
            let key = name.text.to_ascii_lowercase();
            if key == "scratch" || key == "context" {
                ctx.report(
                    name.span,
                    format!(
                        "Stage name should not be a reserved word: `{}` is reserved by BuildKit",
                        name.text
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::codes;

    #[test]
    fn reserved_names() {
        for n in ["scratch", "context", "SCRATCH", "Context"] {
            let src = format!("FROM debian:12 AS {n}\nRUN x\n");
            assert_eq!(codes(&src, "DL3063"), vec![1], "{n}");
        }
    }

    #[test]
    fn other_names() {
        for src in [
            "FROM debian:12 AS build\n",
            "FROM scratch\n",
            "FROM debian:12 AS scratchpad\n",
            "FROM debian:12\n",
        ] {
            assert!(codes(src, "DL3063").is_empty(), "{src}");
        }
    }

    #[test]
    fn each_stage_on_its_from_line() {
        let src = "FROM debian:12 AS build\nRUN x\nFROM alpine:3.20 as context\nFROM busybox:1 AS Scratch\n";
        assert_eq!(codes(src, "DL3063"), vec![3, 4]);
        // Copying from the build context by name is not a stage name.
        assert!(codes("FROM debian:12\nCOPY --from=context /a /a\n", "DL3063").is_empty());
    }
}
