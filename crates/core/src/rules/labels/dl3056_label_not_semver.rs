use crate::config::LabelType;
use crate::rules::{Rule, RuleContext, RuleMeta};

use super::schema::{check_values, is_semver};

crate::declare_rule! {
    /// ## What it does
    /// Reports labels that the label schema declares as `semver` whose value is not
    /// a Semantic Versioning 2.0.0 version: `MAJOR.MINOR.PATCH` without leading
    /// zeros, with an optional `-prerelease` and `+build`.
    ///
    /// ## Why
    /// Tools that read image labels expect the format the schema promises; a value in
    /// another form is ignored or misread downstream.
    ///
    /// ## Example
    /// With `label-schema: {org.opencontainers.image.version: semver}`:
    /// ```dockerfile label-schema=org.opencontainers.image.version:semver
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.version=v1.2
    /// ```
    /// Use instead:
    /// ```dockerfile label-schema=org.opencontainers.image.version:semver
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.version=1.2.0
    /// ```
    ///
    /// ## Notes
    /// Only runs when the configuration has a `label-schema`. Values are checked after
    /// quote removal and variable expansion; a value with a variable of unknown value
    /// is not judged, nor are labels under ONBUILD. hadolint accepts leading zeros
    /// (`01.2.3`, `1.2.3-01`), which SemVer forbids; they are reported here.
    pub struct NotSemverLabel {
        code: "DL3056",
        name: "label-not-semver",
        category: Maintainability,
        severity: Warning,
        fix: None,
    }
}

impl Rule for NotSemverLabel {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        check_values(ctx, LabelType::Semver, is_semver, |key| {
            format!("Label `{key}` does not conform to semantic versioning.")
        });
    }
}

#[cfg(test)]
mod tests {
    use super::NotSemverLabel;
    use crate::config::LabelType;
    use crate::rules::labels::schema::lines_with;

    fn lines(src: &str) -> Vec<usize> {
        lines_with(
            NotSemverLabel,
            src,
            &[("org.opencontainers.image.version", LabelType::Semver)],
            false,
        )
    }

    #[test]
    fn checks_schema_labels() {
        for ok in ["1.2.3", "1.2.3-rc.1+b5"] {
            let src = format!("FROM a:1\nLABEL org.opencontainers.image.version='{ok}'\n");
            assert!(lines(&src).is_empty(), "{ok}");
        }
        for bad in ["v1.2.3", "1.2"] {
            let src =
                format!("FROM a:1\nRUN true\nLABEL org.opencontainers.image.version='{bad}'\n");
            assert_eq!(lines(&src), vec![3], "{bad}");
        }
    }

    #[test]
    fn other_labels_unknown_values_and_no_schema_are_not_checked() {
        assert!(lines("FROM a:1\nLABEL other='v1.2.3'\n").is_empty());
        assert!(lines("FROM a:1\nLABEL org.opencontainers.image.version=$UNSET\n").is_empty());
        let src = "FROM a:1\nARG V='v1.2.3'\nLABEL org.opencontainers.image.version=\"$V\"\n";
        assert_eq!(lines(src), vec![3]);
        let src = "FROM a:1\nLABEL org.opencontainers.image.version='v1.2.3'\n";
        assert!(lines_with(NotSemverLabel, src, &[], false).is_empty());
    }

    #[test]
    fn onbuild_labels_are_not_judged() {
        // They label the child image, which may set its own value.
        assert!(
            lines("FROM a:1\nONBUILD LABEL org.opencontainers.image.version='v1.2.3'\n").is_empty()
        );
        assert_eq!(
            lines("FROM a:1\nONBUILD LABEL org.opencontainers.image.version='1.2.3'\nLABEL org.opencontainers.image.version='v1.2.3'\n"),
            vec![3]
        );
    }

    #[test]
    fn keys_values_and_lines() {
        // The key may come from a variable; each bad pair is on its own line.
        let src = "FROM a:1\nARG K=org.opencontainers.image.version\nLABEL $K='v1.2.3'\n";
        assert_eq!(lines(src), vec![3]);
        let src = "FROM a:1\nLABEL x=1 \\\n  org.opencontainers.image.version='v1.2.3'\nENV V='1.2.3'\nLABEL org.opencontainers.image.version=\"${V}\"\n";
        assert_eq!(lines(src), vec![3]);
        // A build argument without default may be set to anything: not judged.
        let src = "FROM a:1\nARG V\nLABEL org.opencontainers.image.version=\"${V:-v1.2.3}\"\n";
        assert!(lines(src).is_empty());
    }
}
