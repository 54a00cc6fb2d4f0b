use crate::fix::{Edit, Fix};
use crate::rules::util::{expand_marking_unknown, UNKNOWN_VALUE};
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::syntax::Body;

crate::declare_rule! {
    /// ## What it does
    /// Reports a `COPY` or `ADD` with several sources whose destination does not end with `/`.
    ///
    /// ## Why
    /// Several files can only be copied into a directory, and the trailing `/` is what
    /// says the destination is one. The classic builder refuses the instruction ("When
    /// using COPY with more than one source file, the destination must be a directory
    /// and end with a /"); BuildKit accepts it but copies each source to the same path
    /// in turn, so files can overwrite each other (moby/buildkit#1853). Heredoc
    /// sources count as sources. `ADD` has the same requirement, so it is checked too.
    /// The destination is checked after variable expansion (`COPY a b $DIR` with
    /// `ARG DIR=/app/` is fine); one that ends with a variable of no known value is not
    /// judged.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22
    /// COPY package.json package-lock.json /app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22
    /// COPY package.json package-lock.json /app/
    /// ```
    ///
    /// ## Fix
    /// Appends `/` to the destination when it is written without quotes or variables.
    /// The fix is safe for `.`, which BuildKit already treats as a directory, and
    /// unsafe otherwise: the copy then lands in a directory rather than on one path.
    pub struct CopyMultipleSourcesDestination {
        code: "DL3021",
        name: "copy-multiple-sources-destination",
        category: Correctness,
        severity: Error,
        fix: Sometimes,
    }
}

impl Rule for CopyMultipleSourcesDestination {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        let source = ctx.source();
        for info in model.instructions() {
            let (keyword, copy) = match &info.effective().body {
                Body::Copy(c) => ("COPY", c),
                Body::Add(c) => ("ADD", c),
                _ => continue,
            };
            if copy.sources().len() < 2 {
                continue;
            }
            let Some(dest) = copy.destination() else {
                continue;
            };
            let Some(value) = expand_marking_unknown(model, info.index, &dest.text) else {
                continue;
            };
            if value.ends_with('/') || value.ends_with(UNKNOWN_VALUE) {
                continue;
            }
            let message = format!(
                "{keyword} with more than 2 arguments requires the last argument to end with /: `{}` receives {} sources",
                dest.text,
                copy.sources().len()
            );
            let plain = !copy.json
                && dest.span.text(source) == dest.text
                && !dest
                    .text
                    .contains(['$', '"', '\'', ctx.dockerfile().escape()]);
            if plain {
                let edits = vec![Edit::insert(dest.span.end, "/")];
                let fix = if dest.text == "." {
                    Fix::safe("Append `/` to the destination", edits)
                } else {
                    Fix::unsafe_("Append `/` to the destination", edits)
                };
                ctx.report_with_fix(dest.span, message, fix);
            } else {
                ctx.report(dest.span, message);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{codes, fixed};

    #[test]
    fn destination_without_slash() {
        for copy in [
            "COPY a b c",
            "COPY [\"a\", \"b\", \"c\"]",
            "COPY --chown=1 a b /app",
            "COPY <<A <<B c\na\nA\nb\nB",
            "ONBUILD COPY a b c",
            "ADD a b c",
        ] {
            let src = format!("FROM debian:12\n{copy}\n");
            assert_eq!(codes(&src, "DL3021"), vec![2], "{copy}");
        }
        assert_eq!(
            codes("FROM debian:12\nARG D=/app\nCOPY a b $D\n", "DL3021"),
            vec![3]
        );
    }

    #[test]
    fn directory_destination_or_single_source() {
        for copy in [
            "COPY a b c/",
            "COPY a b \"c/\"",
            "COPY a c",
            "COPY a* c",
            "COPY a b $D",
        ] {
            let src = format!("FROM debian:12\n{copy}\n");
            assert!(codes(&src, "DL3021").is_empty(), "{copy}");
        }
        assert!(codes("FROM debian:12\nARG D=/app/\nCOPY a b $D\n", "DL3021").is_empty());
    }

    #[test]
    fn fix_appends_a_slash() {
        // Unsafe for a path: not applied as a safe fix.
        let src = "FROM debian:12\nCOPY a b /app\n";
        assert_eq!(fixed(src, "DL3021"), src);
        let src = "FROM debian:12\nWORKDIR /app\nCOPY a b .\n";
        let out = fixed(src, "DL3021");
        assert_eq!(out, "FROM debian:12\nWORKDIR /app\nCOPY a b ./\n");
        assert_eq!(fixed(&out, "DL3021"), out);
        assert!(codes(&out, "DL3021").is_empty());
        // JSON form: no fix.
        let json = "FROM debian:12\nCOPY [\"a\", \"b\", \"c\"]\n";
        assert_eq!(fixed(json, "DL3021"), json);
    }

    #[test]
    fn unsafe_fix_for_paths() {
        let unsafe_fixed = |src: &str| {
            crate::rules::test_support::fixed_with(src, "DL3021", crate::fix::Applicability::Unsafe)
        };
        let out = unsafe_fixed("FROM debian:12\nCOPY --chown=1 a b /app\n");
        assert_eq!(out, "FROM debian:12\nCOPY --chown=1 a b /app/\n");
        assert_eq!(unsafe_fixed(&out), out);
        assert_eq!(
            unsafe_fixed("FROM debian:12\nONBUILD ADD a b c\n"),
            "FROM debian:12\nONBUILD ADD a b c/\n"
        );
        // Quotes or variables: no fix.
        for src in [
            "FROM debian:12\nCOPY a b \"/app\"\n",
            "FROM debian:12\nARG D=/app\nCOPY a b $D\n",
        ] {
            assert_eq!(unsafe_fixed(src), src);
        }
    }

    #[test]
    fn variables_in_destinations() {
        for dest in ["${D}/", "$UNSET", "/app/$UNSET"] {
            let src = format!("FROM debian:12\nARG D=/app\nCOPY a b {dest}\n");
            assert!(codes(&src, "DL3021").is_empty(), "{dest}");
        }
        assert_eq!(
            codes("FROM debian:12\nENV D=/app\nCOPY a b ${D}\n", "DL3021"),
            vec![3]
        );
        // Sources from variables count as sources.
        assert_eq!(
            codes("FROM debian:12\nARG A=a\nCOPY $A b /app\n", "DL3021"),
            vec![3]
        );
    }
}
