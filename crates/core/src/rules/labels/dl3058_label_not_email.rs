use crate::config::LabelType;
use crate::rules::{Rule, RuleContext, RuleMeta};

use super::schema::{check_values, is_email};

crate::declare_rule! {
    /// ## What it does
    /// Reports labels that the label schema declares as `email` whose value is not
    /// an RFC 5322 address (`addr-spec`): `local@domain`, without a display name or
    /// angle brackets.
    ///
    /// ## Why
    /// Tools that read image labels expect the format the schema promises; a value in
    /// another form is ignored or misread downstream.
    ///
    /// ## Example
    /// With `label-schema: {org.opencontainers.image.authors: email}`:
    /// ```dockerfile label-schema=org.opencontainers.image.authors:email
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.authors="Jane <jane@example.com>"
    /// ```
    /// Use instead:
    /// ```dockerfile label-schema=org.opencontainers.image.authors:email
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.authors=jane@example.com
    /// ```
    ///
    /// ## Notes
    /// Only runs when the configuration has a `label-schema`. Values are checked after
    /// quote removal and variable expansion; a value with a variable of unknown value
    /// is not judged, nor are labels under ONBUILD. A display name (`Jane
    /// <jane@example.com>`) is not an address.
    /// Quoted local parts (`'"a b"@example.com'`) and domain literals are accepted,
    /// as in hadolint, and so are the comments RFC 5322 allows around the local part
    /// and the domain (`jane@example.com (Jane)`).
    pub struct NotEmailLabel {
        code: "DL3058",
        name: "label-not-email",
        category: Maintainability,
        severity: Warning,
        fix: None,
    }
}

impl Rule for NotEmailLabel {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        check_values(ctx, LabelType::Email, is_email, |key| {
            format!("Label `{key}` is not a valid email format - must conform to RFC5322.")
        });
    }
}

#[cfg(test)]
mod tests {
    use super::NotEmailLabel;
    use crate::config::LabelType;
    use crate::rules::labels::schema::lines_with;

    fn lines(src: &str) -> Vec<usize> {
        lines_with(
            NotEmailLabel,
            src,
            &[("org.opencontainers.image.authors", LabelType::Email)],
            false,
        )
    }

    #[test]
    fn checks_schema_labels() {
        // RFC 5322 allows comments around the local part and the domain.
        for ok in [
            "jane@example.com",
            "a.b+c@x-y.org",
            "admin@example.org(Jane)",
            "(ops) jane@example.com",
            "jane@example.com (Jane (ops))",
        ] {
            let src = format!("FROM a:1\nLABEL org.opencontainers.image.authors='{ok}'\n");
            assert!(lines(&src).is_empty(), "{ok}");
        }
        for bad in [
            "Jane <jane@example.com>",
            "a..b@c.d",
            "jane@example.com (unclosed",
            "jane@()",
        ] {
            let src =
                format!("FROM a:1\nRUN true\nLABEL org.opencontainers.image.authors='{bad}'\n");
            assert_eq!(lines(&src), vec![3], "{bad}");
        }
    }

    #[test]
    fn other_labels_unknown_values_and_no_schema_are_not_checked() {
        assert!(lines("FROM a:1\nLABEL other='Jane <jane@example.com>'\n").is_empty());
        assert!(lines("FROM a:1\nLABEL org.opencontainers.image.authors=$UNSET\n").is_empty());
        let src = "FROM a:1\nARG V='Jane <jane@example.com>'\nLABEL org.opencontainers.image.authors=\"$V\"\n";
        assert_eq!(lines(src), vec![3]);
        let src = "FROM a:1\nLABEL org.opencontainers.image.authors='Jane <jane@example.com>'\n";
        assert!(lines_with(NotEmailLabel, src, &[], false).is_empty());
    }

    #[test]
    fn onbuild_labels_are_not_judged() {
        // They label the child image, which may set its own value.
        assert!(lines(
            "FROM a:1\nONBUILD LABEL org.opencontainers.image.authors='Jane <jane@example.com>'\n"
        )
        .is_empty());
        assert_eq!(
            lines("FROM a:1\nONBUILD LABEL org.opencontainers.image.authors='jane@example.com'\nLABEL org.opencontainers.image.authors='Jane <jane@example.com>'\n"),
            vec![3]
        );
    }

    #[test]
    fn keys_values_and_lines() {
        // The key may come from a variable; each bad pair is on its own line.
        let src = "FROM a:1\nARG K=org.opencontainers.image.authors\nLABEL $K='Jane <jane@example.com>'\n";
        assert_eq!(lines(src), vec![3]);
        let src = "FROM a:1\nLABEL x=1 \\\n  org.opencontainers.image.authors='Jane <jane@example.com>'\nENV V='jane@example.com'\nLABEL org.opencontainers.image.authors=\"${V}\"\n";
        assert_eq!(lines(src), vec![3]);
        // A build argument without default may be set to anything: not judged.
        let src = "FROM a:1\nARG V\nLABEL org.opencontainers.image.authors=\"${V:-Jane <jane@example.com>}\"\n";
        assert!(lines(src).is_empty());
    }
}
