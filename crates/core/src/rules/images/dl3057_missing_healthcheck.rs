use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::syntax::Body;

crate::declare_rule! {
    /// ## What it does
    /// Reports a final image without a `HEALTHCHECK`. Off by default.
    ///
    /// ## Why
    /// Without a health check, Docker and Swarm only know whether the process runs,
    /// not whether it serves: a hung server stays "up". A `HEALTHCHECK` (or an
    /// explicit `HEALTHCHECK NONE`) in the final stage, or in the stage it is built
    /// on (`FROM base`), counts; one in a build stage the final stage merely copies
    /// from does not, nor does an `ONBUILD HEALTHCHECK` (it is for child images).
    /// Orchestrators such as Kubernetes ignore `HEALTHCHECK` and use their own
    /// probes, which is why the rule is off by default.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// COPY site/ /usr/share/nginx/html/
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM nginx:1.27
    /// COPY site/ /usr/share/nginx/html/
    /// HEALTHCHECK CMD ["curl", "-fsS", "http://localhost/"]
    /// ```
    ///
    /// ## Fix
    /// Add a `HEALTHCHECK` that checks the service, or `HEALTHCHECK NONE` to say
    /// there is none on purpose.
    pub struct MissingHealthcheck {
        code: "DL3057",
        name: "missing-healthcheck",
        category: Maintainability,
        severity: Info,
        fix: None,
        default_enabled: false,
    }
}

impl Rule for MissingHealthcheck {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        let stages = model.stages();
        let Some(last) = stages.last() else { return };
        let mut stage = last;
        let mut visited = vec![stage.index];
        loop {
            let has = model
                .stage_instructions(stage)
                .iter()
                .any(|i| !i.onbuild && matches!(i.instruction.body, Body::Healthcheck(_)));
            if has {
                return;
            }
            match stage.base.stage {
                Some(p) if !visited.contains(&p) => {
                    visited.push(p);
                    stage = &stages[p];
                }
                _ => break,
            }
        }
        let from = &model.instructions()[last.from];
        ctx.report(
            from.instruction.keyword.span,
            "`HEALTHCHECK` instruction missing: the final image has no health check",
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, RuleSelector};
    use crate::rules::test_support::{codes, codes_with};

    #[test]
    fn off_by_default() {
        let linter = crate::Linter::new(Config::default());
        let result = linter.lint("FROM debian:12\nRUN x\n");
        assert!(result.diagnostics.iter().all(|d| d.code != "DL3057"));
    }

    #[test]
    fn missing_in_the_final_stage() {
        assert_eq!(codes("FROM debian:12\nRUN x\n", "DL3057"), vec![1]);
        assert_eq!(
            codes(
                "FROM debian:12 AS a\nHEALTHCHECK CMD [\"x\"]\nFROM debian:12\nRUN x\n",
                "DL3057"
            ),
            vec![3]
        );
        assert_eq!(
            codes(
                "FROM debian:12\nONBUILD HEALTHCHECK CMD [\"x\"]\n",
                "DL3057"
            ),
            vec![1]
        );
        let cfg = Config {
            select: vec![RuleSelector::Code("DL3057".into())],
            ..Config::default()
        };
        assert_eq!(codes_with("FROM debian:12\n", "DL3057", cfg), vec![1]);
    }

    #[test]
    fn present_or_inherited() {
        for src in [
            "FROM debian:12\nHEALTHCHECK NONE\n",
            "FROM debian:12 AS a\nHEALTHCHECK CMD [\"x\"]\nFROM a\nRUN x\n",
            "FROM debian:12\nRUN x\nFROM debian:12 AS b\nHEALTHCHECK CMD [\"y\"]\n",
        ] {
            assert!(codes(src, "DL3057").is_empty(), "{src}");
        }
    }

    #[test]
    fn inherited_through_a_chain_of_stages() {
        let src = "FROM debian:12 AS a\nHEALTHCHECK NONE\nFROM a AS b\nRUN x\nFROM B\nRUN y\n";
        assert!(codes(src, "DL3057").is_empty());
        // Only reported once, on the final FROM, whatever the number of stages.
        let src = "FROM debian:12 AS a\nRUN x\nFROM debian:12 AS b\nCOPY --from=a /x /x\nFROM debian:12\nCOPY --from=b /x /x\n";
        assert_eq!(codes(src, "DL3057"), vec![5]);
    }
}
