use crate::rules::util::{expand_marking_unknown, UNKNOWN_VALUE};
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::syntax::Body;

crate::declare_rule! {
    /// ## What it does
    /// Reports a `COPY` (or `ADD`) to a relative destination in a stage that has not
    /// set a `WORKDIR`.
    ///
    /// ## Why
    /// A relative destination is resolved against the working directory, which is the
    /// base image's until the Dockerfile sets one. The files then land wherever the
    /// base image's authors chose (often `/`), and move when the base image changes.
    /// Setting `WORKDIR` first, or copying to an absolute path, says where they go.
    ///
    /// A `WORKDIR` of the stage this one is built on (`FROM base`) counts. Variables
    /// are expanded: `COPY app.jar $APP_HOME/` with `ENV APP_HOME=/srv` is absolute; a
    /// destination that starts with a variable of no known value is not judged.
    /// `~` is not expanded by `COPY`: `~/app` is relative. Windows paths with a drive
    /// letter (`C:\app`) are absolute. `ONBUILD COPY` is not checked: it runs in child
    /// images, which may set their own `WORKDIR`. hadolint only checks `COPY`;
    /// `ADD` resolves its destination the same way, so dockwright checks both (and
    /// turning an `ADD` into a `COPY`, DL3020's fix, never brings a new finding).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22
    /// COPY package.json .
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22
    /// WORKDIR /app
    /// COPY package.json .
    /// ```
    ///
    /// ## Fix
    /// Add a `WORKDIR` with an absolute path before the `COPY`, or make the
    /// destination absolute.
    pub struct CopyRelativeDestination {
        code: "DL3045",
        name: "copy-relative-destination",
        category: Correctness,
        severity: Warning,
        fix: None,
    }
}

impl Rule for CopyRelativeDestination {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        for info in model.instructions() {
            if info.onbuild || info.workdir.is_some() {
                continue;
            }
            let (copy, keyword) = match &info.instruction.body {
                Body::Copy(c) => (c, "COPY"),
                Body::Add(c) => (c, "ADD"),
                _ => continue,
            };
            let Some(dest) = copy.destination() else {
                continue;
            };
            let Some(value) = expand_marking_unknown(model, info.index, &dest.text) else {
                continue;
            };
            if value.is_empty() || !is_relative(&value) {
                continue;
            }
            ctx.report(
                dest.span,
                format!(
                    "`{keyword}` to a relative destination without `WORKDIR` set: `{}` is resolved against the base image's working directory",
                    dest.text
                ),
            );
        }
    }
}

/// Whether an expanded destination is relative (and not of unknown start).
fn is_relative(p: &str) -> bool {
    let b = p.as_bytes();
    let drive = b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':';
    !(p.starts_with('/') || p.starts_with(UNKNOWN_VALUE) || drive)
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::codes;

    #[test]
    fn relative_destinations_without_workdir() {
        for dest in ["b", ".", "./", "\"b\"", "~/x", "app/"] {
            let src = format!("FROM debian:12\nCOPY a {dest}\n");
            assert_eq!(codes(&src, "DL3045"), vec![2], "{dest}");
        }
        assert_eq!(
            codes("FROM debian:12\nCOPY [\"a\", \"b\"]\n", "DL3045"),
            vec![2]
        );
        assert_eq!(
            codes("FROM debian:12\nCOPY --from=x --chown=1 a b\n", "DL3045"),
            vec![2]
        );
        assert_eq!(
            codes("FROM debian:12\nCOPY <<EOF b\nhi\nEOF\n", "DL3045"),
            vec![2]
        );
        // ADD resolves its destination the same way.
        assert_eq!(codes("FROM debian:12\nADD a.txt .\n", "DL3045"), vec![2]);
        assert!(codes("FROM debian:12\nWORKDIR /w\nADD a.txt .\n", "DL3045").is_empty());
    }

    #[test]
    fn absolute_or_unknown_destinations() {
        for dest in ["/b", "\"/b\"", "$DIR", "${HOME}/x", "C:/x", "c:\\\\x"] {
            let src = format!("FROM debian:12\nCOPY a {dest}\n");
            assert!(codes(&src, "DL3045").is_empty(), "{dest}");
        }
        assert!(codes("FROM debian:12\nARG D=/x\nCOPY a $D\n", "DL3045").is_empty());
        assert_eq!(
            codes("FROM debian:12\nARG D=x\nCOPY a $D\n", "DL3045"),
            vec![3]
        );
        assert!(codes("FROM debian:12\nADD a /b\n", "DL3045").is_empty());
    }

    #[test]
    fn workdir_in_effect() {
        for src in [
            "FROM debian:12\nWORKDIR /x\nCOPY a b\n",
            "FROM debian:12\nWORKDIR x\nCOPY a b\n",
            "FROM debian:12\nWORKDIR $X\nCOPY a b\n",
            "FROM debian:12 AS base\nWORKDIR /x\nFROM base\nCOPY a b\n",
            "FROM debian:12 AS base\nWORKDIR /x\nFROM BASE\nCOPY a b\n",
            "FROM debian:12 AS a\nWORKDIR /x\nFROM a AS b\nFROM b\nCOPY a b\n",
        ] {
            assert!(codes(src, "DL3045").is_empty(), "{src}");
        }
        // Another stage's WORKDIR does not count.
        assert_eq!(
            codes(
                "FROM debian:12 AS base\nWORKDIR /x\nFROM debian:12\nCOPY a b\n",
                "DL3045"
            ),
            vec![4]
        );
        // Only a WORKDIR before the COPY.
        assert_eq!(
            codes("FROM debian:12\nCOPY a b\nWORKDIR /x\n", "DL3045"),
            vec![2]
        );
    }

    #[test]
    fn onbuild_copy_is_not_checked() {
        assert!(codes("FROM debian:12\nONBUILD COPY a b\n", "DL3045").is_empty());
    }

    #[test]
    fn variables_in_destinations() {
        // The documented case: ENV makes the destination absolute.
        let src = "FROM debian:12\nENV APP_HOME=/srv\nCOPY app.jar $APP_HOME/\n";
        assert!(codes(src, "DL3045").is_empty());
        for (decl, dest) in [
            ("ENV D=app", "$D/"),
            ("ARG D=app", "${D}/x"),
            ("ARG D=", "${D}x"),
            ("ARG D=/abs", "x/$D"),
        ] {
            let src = format!("FROM debian:12\n{decl}\nCOPY a {dest}\n");
            assert_eq!(codes(&src, "DL3045"), vec![3], "{decl} / {dest}");
        }
        // A global ARG is not in scope in the stage without a redeclaration.
        let src = "ARG D=/x\nFROM debian:12\nCOPY a $D\n";
        assert!(codes(src, "DL3045").is_empty());
        let src = "ARG D=/x\nFROM debian:12\nARG D\nCOPY a $D\n";
        assert!(codes(src, "DL3045").is_empty());
        let src = "ARG D=x\nFROM debian:12\nARG D\nCOPY a $D\n";
        assert_eq!(codes(src, "DL3045"), vec![4]);
        // A WORKDIR of a variable of known value counts.
        let src = "FROM debian:12\nARG W=/w\nWORKDIR $W\nCOPY a b\n";
        assert!(codes(src, "DL3045").is_empty());
    }

    #[test]
    fn onbuild_add_and_heredoc_are_not_checked() {
        assert!(codes("FROM debian:12\nONBUILD ADD a .\n", "DL3045").is_empty());
        assert!(codes("FROM debian:12\nONBUILD COPY <<EOF b\nhi\nEOF\n", "DL3045").is_empty());
    }
}
