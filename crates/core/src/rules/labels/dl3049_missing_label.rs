use crate::rules::{Rule, RuleContext, RuleMeta};

use super::schema::label_pairs;

crate::declare_rule! {
    /// ## What it does
    /// Reports labels of the label schema that an image does not set.
    ///
    /// ## Why
    /// A label schema lists the metadata every image must carry (its source, version,
    /// licenses...); an image without one of them is harder to trace or audit.
    ///
    /// ## Example
    /// With `label-schema: {org.opencontainers.image.source: url}`:
    /// ```dockerfile label-schema=org.opencontainers.image.source:url
    /// FROM alpine:3.20
    /// LABEL maintainer=jane
    /// ```
    /// Use instead:
    /// ```dockerfile label-schema=org.opencontainers.image.source:url
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.source=https://github.com/acme/app
    /// ```
    ///
    /// ## Notes
    /// Only runs when the configuration has a `label-schema`. The finding is on the
    /// `FROM` of each stage that is an image: the final stage, and any stage that no
    /// other stage builds on or copies from (another `--target`). A stage counts the
    /// labels it inherits through `FROM <stage>`. Stages only used as a base or by
    /// `COPY --from` are not reported, as in hadolint. A stage with a label key of
    /// unknown value
    /// (`LABEL $KEY=...`) is not judged. Labels under ONBUILD do not count.
    pub struct MissingLabel {
        code: "DL3049",
        name: "missing-label",
        category: Maintainability,
        severity: Info,
        fix: None,
    }
}

impl Rule for MissingLabel {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let schema = &ctx.config().label_schema;
        if schema.is_empty() {
            return;
        }
        let model = ctx.model();
        let stages = model.stages();
        let pairs = label_pairs(model);
        for stage in stages {
            let used = stages.iter().any(|s| s.uses.contains(&stage.index));
            if used && stage.index + 1 != stages.len() {
                continue;
            }
            // The stage and the stages it builds on.
            let mut chain = vec![stage.index];
            let mut cur = stage;
            while let Some(b) = cur.base.stage.and_then(|b| stages.get(b)) {
                if chain.contains(&b.index) {
                    break;
                }
                chain.push(b.index);
                cur = b;
            }
            let own: Vec<_> = pairs
                .iter()
                .filter(|p| !p.onbuild && p.stage.is_some_and(|s| chain.contains(&s)))
                .collect();
            if own.iter().any(|p| !p.key_resolved) {
                continue;
            }
            let span = model.instructions()[stage.from].instruction.keyword.span;
            for key in schema.keys() {
                if !own.iter().any(|p| &p.key == key) {
                    ctx.report(span, format!("Label `{key}` is missing."));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::MissingLabel;
    use crate::config::LabelType;
    use crate::rules::labels::schema::lines_with;

    fn lines(src: &str) -> Vec<usize> {
        let schema = [("a", LabelType::Text), ("b", LabelType::Url)];
        lines_with(MissingLabel, src, &schema, false)
    }

    #[test]
    fn each_missing_label_is_reported_on_from() {
        assert_eq!(lines("FROM x:1\nRUN true\n"), vec![1, 1]);
        assert_eq!(lines("FROM x:1\nLABEL a=1\n"), vec![1]);
        assert!(lines("FROM x:1\nLABEL a=1 \"b\"=2\n").is_empty());
        assert!(lines_with(MissingLabel, "FROM x:1\n", &[], true).is_empty());
    }

    #[test]
    fn stages_that_are_images() {
        // Inherited labels count; the base stage itself is not an image.
        assert!(lines("FROM x:1 AS base\nLABEL a=1\nFROM base\nLABEL b=2\n").is_empty());
        // A builder stage used by COPY --from is not reported.
        assert_eq!(
            lines("FROM x:1 AS build\nRUN make\nFROM y:1\nCOPY --from=build /a /a\n"),
            vec![3, 3]
        );
        // Two independent targets are both reported.
        assert_eq!(lines("FROM x:1\nLABEL a=1 b=2\nFROM y:1\n"), vec![3, 3]);
        // ONBUILD labels and unknown keys.
        assert_eq!(lines("FROM x:1\nONBUILD LABEL a=1 b=2\n"), vec![1, 1]);
        assert!(lines("FROM x:1\nLABEL $K=1\n").is_empty());
        assert!(lines("FROM x:1\nARG K=a\nLABEL $K=1 b=2\n").is_empty());
    }

    #[test]
    fn keys_from_variables_and_continuations() {
        // Keys set through known variables and on continuation lines count.
        assert!(lines("FROM x:1\nENV K=a\nLABEL $K=1 \\\n  b=2\n").is_empty());
        // A label of another, unrelated stage does not.
        assert_eq!(
            lines("FROM x:1 AS one\nLABEL a=1 b=2\nFROM x:1\nLABEL a=1\n"),
            vec![3]
        );
    }
}
