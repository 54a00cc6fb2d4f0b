use crate::fix::{Edit, Fix};
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::syntax::{Body, Span};

crate::declare_rule! {
    /// ## What it does
    /// Reports the deprecated `MAINTAINER` instruction.
    ///
    /// ## Why
    /// `MAINTAINER` sets the image's `Author` field, which Docker deprecated long ago in
    /// favour of labels: tools and registries read the `maintainer` label (or
    /// `org.opencontainers.image.authors`), and labels can hold any other metadata
    /// too.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// MAINTAINER Jane Doe <jane@example.com>
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL maintainer="Jane Doe <jane@example.com>"
    /// ```
    ///
    /// ## Fix
    /// The fix rewrites the instruction as `LABEL maintainer="..."`, quoting the text
    /// so that it keeps its exact value (quotes, `$` and the escape character are
    /// escaped; a value that is one double-quoted string keeps its content). It is
    /// safe: what the image runs is unchanged, only the deprecated `Author` field
    /// gives way to the label Docker recommends for the same information. It is
    /// unsafe when the file already sets a `maintainer` label, since the two would then
    /// compete for the label's value, and absent when comments sit inside the
    /// instruction's continuation lines.
    pub struct MaintainerDeprecated {
        code: "DL4000",
        name: "maintainer-deprecated",
        category: Maintainability,
        severity: Error,
        fix: Sometimes,
        buildkit: "MaintainerDeprecated",
    }
}

impl Rule for MaintainerDeprecated {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        let escape = model.dockerfile().escape();
        let has_label = model.instructions().iter().any(|i| {
            let Body::Label(pairs) = &i.effective().body else {
                return false;
            };
            pairs
                .iter()
                .any(|p| p.key.text.trim_matches(['"', '\'']) == "maintainer")
        });
        for info in model.instructions() {
            if info.onbuild {
                continue;
            }
            let inst = info.instruction;
            let Body::Maintainer(word) = &inst.body else {
                continue;
            };
            let keyword = &inst.keyword;
            let Some(word) = word.as_ref().filter(|w| !w.text.trim().is_empty()) else {
                ctx.report(keyword.span, "MAINTAINER is deprecated");
                continue;
            };
            let value = label_value(word.text.trim(), escape);
            let label = if keyword.text.chars().any(|c| c.is_ascii_lowercase()) {
                "label"
            } else {
                "LABEL"
            };
            let replacement = format!("{label} maintainer={value}");
            let message = format!("MAINTAINER is deprecated: use `LABEL maintainer={value}`");
            if !inst.inner_comments.is_empty() {
                ctx.report(keyword.span, message);
                continue;
            }
            let edit = Edit::replace(Span::new(keyword.span.start, word.span.end), replacement);
            let fix = if has_label {
                Fix::unsafe_("Replace with a `maintainer` label", vec![edit])
            } else {
                Fix::safe("Replace with a `maintainer` label", vec![edit])
            };
            ctx.report_with_fix(keyword.span, message, fix);
        }
    }
}

/// A double-quoted LABEL value that expands to exactly `text`; a `text` that is
/// already one plain double-quoted string is kept as it is.
fn label_value(text: &str, escape: char) -> String {
    if let Some(inner) = text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        if !inner.contains(['"', '$']) && !inner.contains(escape) {
            return text.to_string();
        }
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if c == '"' || c == '$' || c == escape {
            out.push(escape);
        }
        out.push(c);
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::label_value;
    use crate::rules::test_support::{codes, fixed};
    use crate::semantic::expand::{EmptyEnv, Lex};

    #[test]
    fn maintainer_is_reported() {
        assert_eq!(
            codes("FROM busybox:1\nMAINTAINER hudu@mail.com\n", "DL4000"),
            vec![2]
        );
        assert_eq!(
            codes("FROM debian:12\nMAINTAINER Lukas\n", "DL4000"),
            vec![2]
        );
        assert_eq!(
            codes("MAINTAINER Lukas\nFROM debian:12\n", "DL4000"),
            vec![1]
        );
        assert!(codes("FROM debian:12\n", "DL4000").is_empty());
        assert!(codes("FROM debian:12\nLABEL maintainer=Lukas\n", "DL4000").is_empty());
    }

    #[test]
    fn fix_writes_a_label() {
        assert_eq!(
            fixed(
                "FROM a:1\nMAINTAINER Jane Doe <jane@example.com>\n",
                "DL4000"
            ),
            "FROM a:1\nLABEL maintainer=\"Jane Doe <jane@example.com>\"\n"
        );
        assert_eq!(
            fixed("FROM a:1\nmaintainer \"Jane\"\n", "DL4000"),
            "FROM a:1\nlabel maintainer=\"Jane\"\n"
        );
        assert_eq!(
            fixed("FROM a:1\nMAINTAINER Jane \\\n  Doe\nRUN x\n", "DL4000"),
            "FROM a:1\nLABEL maintainer=\"Jane   Doe\"\nRUN x\n"
        );
        // An existing maintainer label makes the fix unsafe.
        let src = "FROM a:1\nLABEL maintainer=x\nMAINTAINER y\n";
        assert_eq!(fixed(src, "DL4000"), src);
        // The result has no finding and is stable.
        let out = fixed("FROM a:1\nMAINTAINER \"A\" <a@b.c> $HOME\n", "DL4000");
        assert!(codes(&out, "DL4000").is_empty());
        assert_eq!(fixed(&out, "DL4000"), out);
    }

    #[test]
    fn label_values_expand_to_the_original_text() {
        for text in [
            "Jane <j@x.org>",
            "\"Jane\" <j@x.org>",
            "a $HOME \\ b",
            "it's",
            "\"quoted\"",
        ] {
            let v = label_value(text, '\\');
            let got = Lex::new('\\').process_word(&v, &EmptyEnv).unwrap().value;
            let want = text.trim_matches('"');
            if text.starts_with('"')
                && text.ends_with('"')
                && !text[1..text.len() - 1].contains('"')
            {
                assert_eq!(got, want, "{text} -> {v}");
            } else {
                assert_eq!(got, text, "{text} -> {v}");
            }
        }
        let v = label_value("a`b$c", '`');
        assert_eq!(v, "\"a``b`$c\"");
    }

    #[test]
    fn unsafe_fix_escape_directive_and_comments() {
        let unsafe_fixed = |src: &str| {
            crate::rules::test_support::fixed_with(src, "DL4000", crate::fix::Applicability::Unsafe)
        };
        // With a maintainer label already there, only as an unsafe fix.
        assert_eq!(
            unsafe_fixed("FROM a:1\nLABEL maintainer=x\nMAINTAINER y\n"),
            "FROM a:1\nLABEL maintainer=x\nLABEL maintainer=\"y\"\n"
        );
        // The escape directive is respected.
        let src = "# escape=`\nFROM a:1\nMAINTAINER a`b $c\n";
        let out = fixed(src, "DL4000");
        assert_eq!(out, "# escape=`\nFROM a:1\nLABEL maintainer=\"a``b `$c\"\n");
        assert_eq!(fixed(&out, "DL4000"), out);
        // A comment inside the continuation lines: reported, no fix.
        let src = "FROM a:1\nMAINTAINER Jane \\\n# team\n  Doe\n";
        assert_eq!(codes(src, "DL4000"), vec![2]);
        assert_eq!(unsafe_fixed(src), src);
    }
}
