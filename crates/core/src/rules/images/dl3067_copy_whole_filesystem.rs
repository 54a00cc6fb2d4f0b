use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::syntax::Body;

crate::declare_rule! {
    /// ## What it does
    /// Reports `COPY --from=<stage> / /`: copying another stage's (or image's) whole
    /// filesystem onto the root of this one.
    ///
    /// ## Why
    /// The whole filesystem of the source overwrites this stage's: its package
    /// database, `/etc/passwd`, libraries and everything else, mixed file by file
    /// with what is already there. The result is an image nobody can reason about,
    /// usually far larger than needed. Copy the directories the image needs instead,
    /// or build on the stage with `FROM`.
    ///
    /// Paths are compared after variable expansion and normalisation (`//` and `/.`
    /// are the root too). `ONBUILD COPY` is checked as well.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// RUN go build -o /out/app .
    /// FROM scratch
    /// COPY --from=build / /
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// RUN go build -o /out/app .
    /// FROM scratch
    /// COPY --from=build /out/app /app
    /// ```
    ///
    /// ## Fix
    /// Copy only the paths the image needs, or use the stage as the base (`FROM build`).
    pub struct CopyWholeFilesystem {
        code: "DL3067",
        name: "copy-whole-filesystem",
        category: Correctness,
        severity: Warning,
        fix: None,
    }
}

impl Rule for CopyWholeFilesystem {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        for info in model.instructions() {
            let ins = info.effective();
            let Body::Copy(copy) = &ins.body else {
                continue;
            };
            let Some(from) = ins.flag("from") else {
                continue;
            };
            let Some(dest) = copy.destination() else {
                continue;
            };
            let is_root = |text: &str| {
                let e = model.expand(info.index, text);
                e.resolved && is_root_path(&e.value)
            };
            if !is_root(&dest.text) {
                continue;
            }
            let Some(src) = copy.sources().iter().find(|s| is_root(&s.text)) else {
                continue;
            };
            ctx.report(
                src.span.cover(dest.span),
                format!(
                    "Do not copy an entire filesystem from another stage: `{}` copies the root of `{}` onto this image's root",
                    ins.logical.text.trim(),
                    from.value.as_deref().unwrap_or("")
                ),
            );
        }
    }
}

/// Whether a path is the root directory (`/`, `//`, `/.`, `/./`).
fn is_root_path(p: &str) -> bool {
    p.starts_with('/') && p.split('/').all(|c| c.is_empty() || c == ".")
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::codes;

    #[test]
    fn whole_filesystem_copies_are_reported() {
        for copy in [
            "COPY --from=a / /",
            "COPY --from=a [\"/\", \"/\"]",
            "COPY --from=debian:12 / /",
            "COPY --from=a --chown=1:1 / /",
            "COPY --from=a / /x /",
            "COPY --from=a // /",
            "COPY --from=a /. /",
            "ONBUILD COPY --from=a / /",
        ] {
            let src = format!("FROM debian:12 AS a\nFROM scratch\n{copy}\n");
            assert_eq!(codes(&src, "DL3067"), vec![3], "{copy}");
        }
        assert_eq!(
            codes(
                "FROM debian:12 AS a\nFROM scratch\nARG R=/\nCOPY --from=a $R $R\n",
                "DL3067"
            ),
            vec![4]
        );
    }

    #[test]
    fn partial_copies_are_fine() {
        for copy in [
            "COPY --from=a / /x/",
            "COPY --from=a /x /",
            "COPY --from=a / .",
            "COPY --from=a ./ /",
            "COPY --from=a /* /",
            "COPY / /",
            "ADD --from=a / /",
            "COPY --from=a $X /",
        ] {
            let src = format!("FROM debian:12 AS a\nFROM scratch\n{copy}\n");
            assert!(codes(&src, "DL3067").is_empty(), "{copy}");
        }
    }

    #[test]
    fn indexes_flags_and_variables() {
        for copy in [
            "COPY --from=0 / /",
            "COPY --link --from=a / /",
            "COPY --from=a / //",
            "COPY --from=a \"/\" \"/\"",
        ] {
            let src = format!("FROM debian:12 AS a\nFROM scratch\n{copy}\n");
            assert_eq!(codes(&src, "DL3067"), vec![3], "{copy}");
        }
        // A destination of unknown value, or one set through ENV to a subdirectory.
        for copy in ["COPY --from=a / $UNSET", "COPY --from=a / ${D}"] {
            let src = format!("FROM debian:12 AS a\nFROM scratch\nENV D=/sub/\n{copy}\n");
            assert!(codes(&src, "DL3067").is_empty(), "{copy}");
        }
        // Several stages: each such COPY.
        let src = "FROM debian:12 AS a\nFROM scratch AS b\nCOPY --from=a / /\nFROM scratch\nCOPY --from=b / /\n";
        assert_eq!(codes(src, "DL3067"), vec![3, 5]);
    }
}
