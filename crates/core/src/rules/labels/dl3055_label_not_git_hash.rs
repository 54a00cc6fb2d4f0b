use crate::config::LabelType;
use crate::rules::{Rule, RuleContext, RuleMeta};

use super::schema::{check_values, is_git_hash};

crate::declare_rule! {
    /// ## What it does
    /// Reports labels that the label schema declares as `hash` whose value is not
    /// a full git commit id: 40 (SHA-1) or 64 (SHA-256) lowercase hexadecimal digits.
    ///
    /// ## Why
    /// Tools that read image labels expect the format the schema promises; a value in
    /// another form is ignored or misread downstream.
    ///
    /// ## Example
    /// With `label-schema: {org.opencontainers.image.revision: hash}`:
    /// ```dockerfile label-schema=org.opencontainers.image.revision:hash
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.revision=a1b2c3d
    /// ```
    /// Use instead:
    /// ```dockerfile label-schema=org.opencontainers.image.revision:hash
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.revision=0123456789abcdef0123456789abcdef01234567
    /// ```
    ///
    /// ## Notes
    /// Only runs when the configuration has a `label-schema`. Values are checked after
    /// quote removal and variable expansion; a value with a variable of unknown value
    /// is not judged, nor are labels under ONBUILD. hadolint accepts only 40
    /// digits; 64-digit SHA-256 ids are accepted here.
    pub struct NotGitHashLabel {
        code: "DL3055",
        name: "label-not-git-hash",
        category: Maintainability,
        severity: Warning,
        fix: None,
    }
}

impl Rule for NotGitHashLabel {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        check_values(ctx, LabelType::Hash, is_git_hash, |key| {
            format!("Label `{key}` is not a valid git hash.")
        });
    }
}

#[cfg(test)]
mod tests {
    use super::NotGitHashLabel;
    use crate::config::LabelType;
    use crate::rules::labels::schema::lines_with;

    fn lines(src: &str) -> Vec<usize> {
        lines_with(
            NotGitHashLabel,
            src,
            &[("org.opencontainers.image.revision", LabelType::Hash)],
            false,
        )
    }

    #[test]
    fn checks_schema_labels() {
        for ok in [
            "0123456789abcdef0123456789abcdef01234567",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        ] {
            let src = format!("FROM a:1\nLABEL org.opencontainers.image.revision='{ok}'\n");
            assert!(lines(&src).is_empty(), "{ok}");
        }
        for bad in ["a1b2c3d", "0123456789ABCDEF0123456789abcdef01234567"] {
            let src =
                format!("FROM a:1\nRUN true\nLABEL org.opencontainers.image.revision='{bad}'\n");
            assert_eq!(lines(&src), vec![3], "{bad}");
        }
    }

    #[test]
    fn other_labels_unknown_values_and_no_schema_are_not_checked() {
        assert!(lines("FROM a:1\nLABEL other='a1b2c3d'\n").is_empty());
        assert!(lines("FROM a:1\nLABEL org.opencontainers.image.revision=$UNSET\n").is_empty());
        let src = "FROM a:1\nARG V='a1b2c3d'\nLABEL org.opencontainers.image.revision=\"$V\"\n";
        assert_eq!(lines(src), vec![3]);
        let src = "FROM a:1\nLABEL org.opencontainers.image.revision='a1b2c3d'\n";
        assert!(lines_with(NotGitHashLabel, src, &[], false).is_empty());
    }

    #[test]
    fn onbuild_labels_are_not_judged() {
        // They label the child image, which may set its own value.
        assert!(
            lines("FROM a:1\nONBUILD LABEL org.opencontainers.image.revision='a1b2c3d'\n")
                .is_empty()
        );
        assert_eq!(
            lines("FROM a:1\nONBUILD LABEL org.opencontainers.image.revision='0123456789abcdef0123456789abcdef01234567'\nLABEL org.opencontainers.image.revision='a1b2c3d'\n"),
            vec![3]
        );
    }

    #[test]
    fn keys_values_and_lines() {
        // The key may come from a variable; each bad pair is on its own line.
        let src = "FROM a:1\nARG K=org.opencontainers.image.revision\nLABEL $K='a1b2c3d'\n";
        assert_eq!(lines(src), vec![3]);
        let src = "FROM a:1\nLABEL x=1 \\\n  org.opencontainers.image.revision='a1b2c3d'\nENV V='0123456789abcdef0123456789abcdef01234567'\nLABEL org.opencontainers.image.revision=\"${V}\"\n";
        assert_eq!(lines(src), vec![3]);
        // A build argument without default may be set to anything: not judged.
        let src = "FROM a:1\nARG V\nLABEL org.opencontainers.image.revision=\"${V:-a1b2c3d}\"\n";
        assert!(lines(src).is_empty());
    }
}
