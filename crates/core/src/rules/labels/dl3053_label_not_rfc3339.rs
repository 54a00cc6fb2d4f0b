use crate::config::LabelType;
use crate::rules::{Rule, RuleContext, RuleMeta};

use super::schema::{check_values, is_rfc3339};

crate::declare_rule! {
    /// ## What it does
    /// Reports labels that the label schema declares as `rfc3339` whose value is not
    /// an RFC 3339 date and time such as `2024-05-01T12:00:00Z` (a real calendar
    /// day, seconds, and `Z` or an offset).
    ///
    /// ## Why
    /// Tools that read image labels expect the format the schema promises; a value in
    /// another form is ignored or misread downstream.
    ///
    /// ## Example
    /// With `label-schema: {org.opencontainers.image.created: rfc3339}`:
    /// ```dockerfile label-schema=org.opencontainers.image.created:rfc3339
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.created=2024-05-01
    /// ```
    /// Use instead:
    /// ```dockerfile label-schema=org.opencontainers.image.created:rfc3339
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.created=2024-05-01T12:00:00Z
    /// ```
    ///
    /// ## Notes
    /// Only runs when the configuration has a `label-schema`. Values are checked after
    /// quote removal and variable expansion; a value with a variable of unknown value
    /// is not judged, nor are labels under ONBUILD. This is hadolint's behaviour.
    pub struct NotRfc3339Label {
        code: "DL3053",
        name: "label-not-rfc3339",
        category: Maintainability,
        severity: Warning,
        fix: None,
    }
}

impl Rule for NotRfc3339Label {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        check_values(ctx, LabelType::Rfc3339, is_rfc3339, |key| {
            format!("Label `{key}` is not a valid time format - must conform to RFC3339.")
        });
    }
}

#[cfg(test)]
mod tests {
    use super::NotRfc3339Label;
    use crate::config::LabelType;
    use crate::rules::labels::schema::lines_with;

    fn lines(src: &str) -> Vec<usize> {
        lines_with(
            NotRfc3339Label,
            src,
            &[("org.opencontainers.image.created", LabelType::Rfc3339)],
            false,
        )
    }

    #[test]
    fn checks_schema_labels() {
        for ok in ["2024-05-01T12:00:00Z", "2024-02-29T00:00:00+01:00"] {
            let src = format!("FROM a:1\nLABEL org.opencontainers.image.created='{ok}'\n");
            assert!(lines(&src).is_empty(), "{ok}");
        }
        for bad in ["2024-05-01", "2023-02-29T00:00:00Z"] {
            let src =
                format!("FROM a:1\nRUN true\nLABEL org.opencontainers.image.created='{bad}'\n");
            assert_eq!(lines(&src), vec![3], "{bad}");
        }
    }

    #[test]
    fn other_labels_unknown_values_and_no_schema_are_not_checked() {
        assert!(lines("FROM a:1\nLABEL other='2024-05-01'\n").is_empty());
        assert!(lines("FROM a:1\nLABEL org.opencontainers.image.created=$UNSET\n").is_empty());
        let src = "FROM a:1\nARG V='2024-05-01'\nLABEL org.opencontainers.image.created=\"$V\"\n";
        assert_eq!(lines(src), vec![3]);
        let src = "FROM a:1\nLABEL org.opencontainers.image.created='2024-05-01'\n";
        assert!(lines_with(NotRfc3339Label, src, &[], false).is_empty());
    }

    #[test]
    fn onbuild_labels_are_not_judged() {
        // They label the child image, which may set its own value.
        assert!(
            lines("FROM a:1\nONBUILD LABEL org.opencontainers.image.created='2024-05-01'\n")
                .is_empty()
        );
        assert_eq!(
            lines("FROM a:1\nONBUILD LABEL org.opencontainers.image.created='2024-05-01T12:00:00Z'\nLABEL org.opencontainers.image.created='2024-05-01'\n"),
            vec![3]
        );
    }

    #[test]
    fn keys_values_and_lines() {
        // The key may come from a variable; each bad pair is on its own line.
        let src = "FROM a:1\nARG K=org.opencontainers.image.created\nLABEL $K='2024-05-01'\n";
        assert_eq!(lines(src), vec![3]);
        let src = "FROM a:1\nLABEL x=1 \\\n  org.opencontainers.image.created='2024-05-01'\nENV V='2024-05-01T12:00:00Z'\nLABEL org.opencontainers.image.created=\"${V}\"\n";
        assert_eq!(lines(src), vec![3]);
        // A build argument without default may be set to anything: not judged.
        let src = "FROM a:1\nARG V\nLABEL org.opencontainers.image.created=\"${V:-2024-05-01}\"\n";
        assert!(lines(src).is_empty());
    }
}
