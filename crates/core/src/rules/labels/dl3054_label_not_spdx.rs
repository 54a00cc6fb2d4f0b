use crate::config::LabelType;
use crate::rules::{Rule, RuleContext, RuleMeta};

use super::schema::{check_values, is_spdx};

crate::declare_rule! {
    /// ## What it does
    /// Reports labels that the label schema declares as `spdx` whose value is not
    /// an SPDX license expression: identifiers from the SPDX License List (3.27,
    /// deprecated ones included) or `LicenseRef-...`, with an optional `+`,
    /// combined with `AND`, `OR`, `WITH <exception>` and parentheses; identifiers
    /// compare case-insensitively, as the SPDX specification says.
    ///
    /// ## Why
    /// Tools that read image labels expect the format the schema promises; a value in
    /// another form is ignored or misread downstream.
    ///
    /// ## Example
    /// With `label-schema: {org.opencontainers.image.licenses: spdx}`:
    /// ```dockerfile label-schema=org.opencontainers.image.licenses:spdx
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.licenses=Apache2
    /// ```
    /// Use instead:
    /// ```dockerfile label-schema=org.opencontainers.image.licenses:spdx
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.licenses="Apache-2.0 OR MIT"
    /// ```
    ///
    /// ## Notes
    /// Only runs when the configuration has a `label-schema`. Values are checked after
    /// quote removal and variable expansion; a value with a variable of unknown value
    /// is not judged, nor are labels under ONBUILD. hadolint accepts only a single
    /// identifier, case-sensitively: it reports expressions (`MIT OR Apache-2.0`),
    /// `GPL-2.0+`, `LicenseRef-...` and `mit`, which are all valid SPDX.
    pub struct NotSpdxLabel {
        code: "DL3054",
        name: "label-not-spdx",
        category: Maintainability,
        severity: Warning,
        fix: None,
    }
}

impl Rule for NotSpdxLabel {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        check_values(ctx, LabelType::Spdx, is_spdx, |key| {
            format!("Label `{key}` is not a valid SPDX identifier.")
        });
    }
}

#[cfg(test)]
mod tests {
    use super::NotSpdxLabel;
    use crate::config::LabelType;
    use crate::rules::labels::schema::lines_with;

    fn lines(src: &str) -> Vec<usize> {
        lines_with(
            NotSpdxLabel,
            src,
            &[("org.opencontainers.image.licenses", LabelType::Spdx)],
            false,
        )
    }

    #[test]
    fn checks_schema_labels() {
        for ok in ["MIT", "(MIT OR Apache-2.0) AND BSD-3-Clause"] {
            let src = format!("FROM a:1\nLABEL org.opencontainers.image.licenses='{ok}'\n");
            assert!(lines(&src).is_empty(), "{ok}");
        }
        for bad in ["Apache2", "MIT,Apache-2.0"] {
            let src =
                format!("FROM a:1\nRUN true\nLABEL org.opencontainers.image.licenses='{bad}'\n");
            assert_eq!(lines(&src), vec![3], "{bad}");
        }
    }

    #[test]
    fn other_labels_unknown_values_and_no_schema_are_not_checked() {
        assert!(lines("FROM a:1\nLABEL other='Apache2'\n").is_empty());
        assert!(lines("FROM a:1\nLABEL org.opencontainers.image.licenses=$UNSET\n").is_empty());
        let src = "FROM a:1\nARG V='Apache2'\nLABEL org.opencontainers.image.licenses=\"$V\"\n";
        assert_eq!(lines(src), vec![3]);
        let src = "FROM a:1\nLABEL org.opencontainers.image.licenses='Apache2'\n";
        assert!(lines_with(NotSpdxLabel, src, &[], false).is_empty());
    }

    #[test]
    fn onbuild_labels_are_not_judged() {
        // They label the child image, which may set its own value.
        assert!(
            lines("FROM a:1\nONBUILD LABEL org.opencontainers.image.licenses='Apache2'\n")
                .is_empty()
        );
        assert_eq!(
            lines("FROM a:1\nONBUILD LABEL org.opencontainers.image.licenses='MIT'\nLABEL org.opencontainers.image.licenses='Apache2'\n"),
            vec![3]
        );
    }

    #[test]
    fn keys_values_and_lines() {
        // The key may come from a variable; each bad pair is on its own line.
        let src = "FROM a:1\nARG K=org.opencontainers.image.licenses\nLABEL $K='Apache2'\n";
        assert_eq!(lines(src), vec![3]);
        let src = "FROM a:1\nLABEL x=1 \\\n  org.opencontainers.image.licenses='Apache2'\nENV V='MIT'\nLABEL org.opencontainers.image.licenses=\"${V}\"\n";
        assert_eq!(lines(src), vec![3]);
        // A build argument without default may be set to anything: not judged.
        let src = "FROM a:1\nARG V\nLABEL org.opencontainers.image.licenses=\"${V:-Apache2}\"\n";
        assert!(lines(src).is_empty());
    }
}
