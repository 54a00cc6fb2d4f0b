use crate::rules::{Rule, RuleContext, RuleMeta};

use super::schema::label_pairs;

crate::declare_rule! {
    /// ## What it does
    /// Reports labels of the label schema that are set to an empty value.
    ///
    /// ## Why
    /// An empty required label satisfies the schema in form only: the metadata it
    /// should carry is missing. Often a build argument that was not passed expands to
    /// nothing.
    ///
    /// ## Example
    /// With `label-schema: {maintainer: text}`:
    /// ```dockerfile label-schema=maintainer:text
    /// FROM alpine:3.20
    /// LABEL maintainer=""
    /// ```
    /// Use instead:
    /// ```dockerfile label-schema=maintainer:text
    /// FROM alpine:3.20
    /// LABEL maintainer="Jane Doe <jane@example.com>"
    /// ```
    ///
    /// ## Notes
    /// Only runs when the configuration has a `label-schema`. Values are compared
    /// after quote removal and variable expansion: `LABEL maintainer=$WHO` where `WHO`
    /// is an ARG without default and no build argument value is not reported (its
    /// value is unknown), but `ARG WHO=""` is. A value of spaces is not empty
    /// (as in hadolint). Labels under ONBUILD are not judged: they label a child
    /// image.
    pub struct EmptyLabel {
        code: "DL3051",
        name: "empty-label",
        category: Maintainability,
        severity: Warning,
        fix: None,
    }
}

impl Rule for EmptyLabel {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        if ctx.config().label_schema.is_empty() {
            return;
        }
        for p in label_pairs(ctx.model()) {
            if p.onbuild || !p.key_resolved || !p.value_resolved || !p.value.is_empty() {
                continue;
            }
            if ctx.config().label_schema.contains_key(&p.key) {
                ctx.report(p.value_span, format!("Label `{}` is empty.", p.key));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::EmptyLabel;
    use crate::config::LabelType;
    use crate::rules::labels::schema::lines_with;

    #[test]
    fn empty_schema_labels() {
        let schema = [("a", LabelType::Text), ("b", LabelType::Url)];
        let l = |src: &str| lines_with(EmptyLabel, src, &schema, false);
        assert_eq!(l("FROM x:1\nLABEL a=\"\"\nLABEL b=''\n"), vec![2, 3]);
        assert!(l("FROM x:1\nLABEL a=\" \" b=x c=\"\"\n").is_empty());
        assert!(l("FROM x:1\nARG W\nLABEL a=$W\n").is_empty());
        assert_eq!(l("FROM x:1\nARG W=\"\"\nLABEL a=$W\n"), vec![3]);
        assert!(lines_with(EmptyLabel, "FROM x:1\nLABEL a=\n", &[], false).is_empty());
    }

    #[test]
    fn onbuild_and_expanded_values() {
        let schema = [("a", LabelType::Text)];
        let l = |src: &str| lines_with(EmptyLabel, src, &schema, false);
        // ONBUILD labels belong to the child image: not judged.
        assert!(l("FROM x:1\nONBUILD LABEL a=\"\"\n").is_empty());
        // An ENV set to nothing, a key from a variable, a continuation line.
        assert_eq!(l("FROM x:1\nENV W=\nLABEL a=\"${W}\"\n"), vec![3]);
        assert_eq!(l("FROM x:1\nARG K=a\nLABEL $K=''\n"), vec![3]);
        assert_eq!(l("FROM x:1\nLABEL b=1 \\\n  a=''\n"), vec![3]);
        // A default fills an empty value.
        assert!(l("FROM x:1\nENV W=\nLABEL a=\"${W:-x}\"\n").is_empty());
    }
}
