use crate::rules::{Rule, RuleContext, RuleMeta};

use super::schema::label_pairs;

crate::declare_rule! {
    /// ## What it does
    /// With `strict-labels`, reports labels that the label schema does not list.
    ///
    /// ## Why
    /// A strict schema is the complete list of labels images may carry; any other
    /// label is a typo of a schema label or metadata nobody agreed on.
    ///
    /// ## Example
    /// With `label-schema: {org.opencontainers.image.source: url}` and
    /// `strict-labels: true`:
    /// ```dockerfile label-schema=org.opencontainers.image.source:url strict-labels
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.sources=https://github.com/acme/app
    /// ```
    /// Use instead:
    /// ```dockerfile label-schema=org.opencontainers.image.source:url strict-labels
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.source=https://github.com/acme/app
    /// ```
    ///
    /// ## Notes
    /// Only runs with `strict-labels` (with an empty schema every label is
    /// superfluous). Each superfluous key is reported (hadolint reports each LABEL
    /// instruction once). Keys are compared after quote removal and variable
    /// expansion; a key of unknown value is not judged. Keys of `ONBUILD LABEL` are
    /// checked too (hadolint skips them).
    pub struct SuperfluousLabel {
        code: "DL3050",
        name: "superfluous-label",
        category: Maintainability,
        severity: Info,
        fix: None,
    }
}

impl Rule for SuperfluousLabel {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        if !ctx.config().strict_labels {
            return;
        }
        for p in label_pairs(ctx.model()) {
            if p.key_resolved && !ctx.config().label_schema.contains_key(&p.key) {
                let msg = format!(
                    "Superfluous label `{}` present (not in the label schema).",
                    p.key
                );
                ctx.report(p.key_span, msg);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SuperfluousLabel;
    use crate::config::LabelType;
    use crate::rules::labels::schema::lines_with;

    #[test]
    fn labels_outside_the_schema() {
        let schema = [("a", LabelType::Text)];
        let src = "FROM x:1\nLABEL a=1\nLABEL b=2 \\\n  'c'=3\nLABEL $UNSET=4\n";
        assert_eq!(lines_with(SuperfluousLabel, src, &schema, true), vec![3, 4]);
        assert!(lines_with(SuperfluousLabel, src, &schema, false).is_empty());
        assert_eq!(
            lines_with(SuperfluousLabel, "FROM x:1\nLABEL a=1\n", &[], true),
            vec![2]
        );
    }

    #[test]
    fn onbuild_and_expanded_keys() {
        let schema = [("a", LabelType::Text)];
        // Keys of ONBUILD LABEL are checked too.
        let src = "FROM x:1\nONBUILD LABEL a=1 z=2\n";
        assert_eq!(lines_with(SuperfluousLabel, src, &schema, true), vec![2]);
        // Keys are expanded.
        let src = "FROM x:1\nARG K=a\nLABEL $K=1\nARG J=b\nLABEL ${J}=2\n";
        assert_eq!(lines_with(SuperfluousLabel, src, &schema, true), vec![5]);
    }
}
