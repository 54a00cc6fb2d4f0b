use crate::config::LabelType;
use crate::rules::{Rule, RuleContext, RuleMeta};

use super::schema::{check_values, is_url};

crate::declare_rule! {
    /// ## What it does
    /// Reports labels that the label schema declares as `url` whose value is not
    /// a URL: a scheme such as `https:` followed by the rest of the address, with
    /// no spaces, and a host after `//`.
    ///
    /// ## Why
    /// Tools that read image labels expect the format the schema promises; a value in
    /// another form is ignored or misread downstream.
    ///
    /// ## Example
    /// With `label-schema: {org.opencontainers.image.source: url}`:
    /// ```dockerfile label-schema=org.opencontainers.image.source:url
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.source=github.com/acme/app
    /// ```
    /// Use instead:
    /// ```dockerfile label-schema=org.opencontainers.image.source:url
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.source=https://github.com/acme/app
    /// ```
    ///
    /// ## Notes
    /// Only runs when the configuration has a `label-schema`. Values are checked after
    /// quote removal and variable expansion; a value with a variable of unknown value
    /// is not judged, nor are labels under ONBUILD. hadolint accepts `http://` (no
    /// host) and URLs with spaces; both are reported here.
    pub struct NotUrlLabel {
        code: "DL3052",
        name: "label-not-url",
        category: Maintainability,
        severity: Warning,
        fix: None,
    }
}

impl Rule for NotUrlLabel {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        check_values(ctx, LabelType::Url, is_url, |key| {
            format!("Label `{key}` is not a valid URL.")
        });
    }
}

#[cfg(test)]
mod tests {
    use super::NotUrlLabel;
    use crate::config::LabelType;
    use crate::rules::labels::schema::lines_with;

    fn lines(src: &str) -> Vec<usize> {
        lines_with(
            NotUrlLabel,
            src,
            &[("org.opencontainers.image.source", LabelType::Url)],
            false,
        )
    }

    #[test]
    fn checks_schema_labels() {
        for ok in ["https://x.org/a", "mailto:a@b.c"] {
            let src = format!("FROM a:1\nLABEL org.opencontainers.image.source='{ok}'\n");
            assert!(lines(&src).is_empty(), "{ok}");
        }
        for bad in ["github.com/a/b", "http://"] {
            let src =
                format!("FROM a:1\nRUN true\nLABEL org.opencontainers.image.source='{bad}'\n");
            assert_eq!(lines(&src), vec![3], "{bad}");
        }
    }

    #[test]
    fn other_labels_unknown_values_and_no_schema_are_not_checked() {
        assert!(lines("FROM a:1\nLABEL other='github.com/a/b'\n").is_empty());
        assert!(lines("FROM a:1\nLABEL org.opencontainers.image.source=$UNSET\n").is_empty());
        let src =
            "FROM a:1\nARG V='github.com/a/b'\nLABEL org.opencontainers.image.source=\"$V\"\n";
        assert_eq!(lines(src), vec![3]);
        let src = "FROM a:1\nLABEL org.opencontainers.image.source='github.com/a/b'\n";
        assert!(lines_with(NotUrlLabel, src, &[], false).is_empty());
    }

    #[test]
    fn onbuild_labels_are_not_judged() {
        // They label the child image, which may set its own value.
        assert!(lines(
            "FROM a:1\nONBUILD LABEL org.opencontainers.image.source='github.com/a/b'\n"
        )
        .is_empty());
        assert_eq!(
            lines("FROM a:1\nONBUILD LABEL org.opencontainers.image.source='https://x.org/a'\nLABEL org.opencontainers.image.source='github.com/a/b'\n"),
            vec![3]
        );
    }

    #[test]
    fn keys_values_and_lines() {
        // The key may come from a variable; each bad pair is on its own line.
        let src = "FROM a:1\nARG K=org.opencontainers.image.source\nLABEL $K='github.com/a/b'\n";
        assert_eq!(lines(src), vec![3]);
        let src = "FROM a:1\nLABEL x=1 \\\n  org.opencontainers.image.source='github.com/a/b'\nENV V='https://x.org/a'\nLABEL org.opencontainers.image.source=\"${V}\"\n";
        assert_eq!(lines(src), vec![3]);
        // A build argument without default may be set to anything: not judged.
        let src =
            "FROM a:1\nARG V\nLABEL org.opencontainers.image.source=\"${V:-github.com/a/b}\"\n";
        assert!(lines(src).is_empty());
    }
}
