use crate::fix::{Edit, Fix};
use crate::rules::util::{expand_marking_unknown, UNKNOWN_VALUE};
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::semantic::{InstructionInfo, Model};
use crate::syntax::{Body, InstructionKind};

crate::declare_rule! {
    /// ## What it does
    /// Reports a `WORKDIR` whose path is relative.
    ///
    /// ## Why
    /// A relative `WORKDIR` is resolved against the working directory in effect, which
    /// is the base image's until an absolute `WORKDIR` is set: if the base image changes
    /// its working directory, the files of the build land somewhere else. Even after an
    /// absolute `WORKDIR`, readers have to replay every `WORKDIR` to know where they
    /// are; an absolute path says it once.
    ///
    /// Variables are expanded first: `WORKDIR $APP_HOME` with `ENV APP_HOME=/srv/app`
    /// is absolute, `WORKDIR $DIR` with `ARG DIR=build` is not. A path that depends on
    /// a variable with no known value (from the base image or `--build-arg`) is not
    /// reported. `~` is not expanded by `WORKDIR`, so `~/app` is relative. Windows
    /// paths with a drive letter (`C:\app`, `c:/app`) are absolute. `ONBUILD WORKDIR`
    /// is checked too: it is resolved against the working directory of the image
    /// built later, which this file cannot know.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// WORKDIR app
    /// ```
    ///
    /// ```dockerfile
    /// FROM alpine:3.20
    /// WORKDIR /usr/src
    /// WORKDIR app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// WORKDIR /usr/src/app
    /// ```
    ///
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV APP_HOME=/srv/app
    /// WORKDIR $APP_HOME
    /// ```
    ///
    /// ## Fix
    /// When the working directory before the relative `WORKDIR` was set by absolute
    /// `WORKDIR`s of this file written without variables, the fix writes the path it
    /// resolves to (`WORKDIR /usr/src` then `WORKDIR app` becomes `WORKDIR /usr/src/app`,
    /// `..` and `.` resolved as BuildKit does). The image is the same, so the fix is
    /// safe. Otherwise there is no fix: the path depends on the base image.
    pub struct RelativeWorkdir {
        code: "DL3000",
        name: "relative-workdir",
        category: Correctness,
        severity: Error,
        fix: Sometimes,
        buildkit: "WorkdirRelativePath",
    }
}

impl Rule for RelativeWorkdir {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        for info in model.instructions() {
            let Body::Workdir(Some(word)) = &info.effective().body else {
                continue;
            };
            let text = word.text.as_str();
            // ONBUILD triggers are expanded in the child build, with its variables.
            if info.onbuild && text.contains('$') {
                continue;
            }
            let marked = expand_marking_unknown(model, info.index, text);
            let Some(marked) = marked else { continue };
            if is_absolute(&marked) || marked.starts_with(UNKNOWN_VALUE) {
                // Absolute, or starting with a value not known here.
                continue;
            }
            let value = if marked.contains(UNKNOWN_VALUE) {
                text.to_string()
            } else {
                marked
            };
            let before = if info.onbuild {
                Known::Unknown
            } else {
                workdir_before(model, info)
            };
            match before {
                Known::Literal(dir) if is_literal(text, model) && !info.onbuild => {
                    let abs = join_clean(&dir, &value);
                    ctx.report_with_fix(
                        word.span,
                        format!("Use absolute WORKDIR: `{value}` resolves to `{abs}`"),
                        Fix::safe(
                            format!("Replace with `{abs}`"),
                            vec![Edit::replace(word.span, abs)],
                        ),
                    );
                }
                Known::Literal(_) | Known::Variable => {
                    ctx.report(
                        word.span,
                        format!(
                            "Use absolute WORKDIR: `{value}` is relative to the previous WORKDIR"
                        ),
                    );
                }
                Known::Unknown => {
                    ctx.report(
                        word.span,
                        format!(
                            "Use absolute WORKDIR: `{value}` is relative to the working directory of the base image"
                        ),
                    );
                }
            }
        }
    }
}

/// What is known of the working directory before an instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Known {
    /// Set by the base image (or an unknown value): relative paths depend on it.
    Unknown,
    /// Set by absolute `WORKDIR`s of this file, written without variables: the path.
    Literal(String),
    /// Set by this file, through variables.
    Variable,
}

/// The working directory in effect before `info`, as far as this file sets it; a
/// stage built on an earlier stage starts where that stage ended.
fn workdir_before(model: &Model<'_>, info: &InstructionInfo<'_>) -> Known {
    let Some(si) = info.stage else {
        return Known::Unknown;
    };
    let stages = model.stages();
    // The chain of stages: this one, its base stage, that one's base stage...
    let mut chain = vec![si];
    let mut cur = si;
    while let Some(parent) = stages[cur].base.stage {
        if chain.contains(&parent) {
            break;
        }
        chain.push(parent);
        cur = parent;
    }
    let mut known = Known::Unknown;
    for &s in chain.iter().rev() {
        for i in model.stage_instructions(&stages[s]) {
            if s == si && i.index >= info.index {
                break;
            }
            if i.onbuild || i.kind() != InstructionKind::Workdir {
                continue;
            }
            let Body::Workdir(Some(w)) = &i.effective().body else {
                continue;
            };
            let literal = is_literal(&w.text, model);
            let value = if literal {
                w.text.clone()
            } else {
                model.expand(i.index, &w.text).value
            };
            known = match (known, literal) {
                (_, true) if value.starts_with('/') => Known::Literal(join_clean("/", &value)),
                (Known::Literal(dir), true) if !is_absolute(&value) => {
                    Known::Literal(join_clean(&dir, &value))
                }
                (Known::Unknown, _) if !is_absolute(&value) => Known::Unknown,
                _ => Known::Variable,
            };
        }
    }
    known
}

/// Whether a path word is plain text: no variables, quotes, escapes or spaces.
fn is_literal(text: &str, model: &Model<'_>) -> bool {
    let escape = model.dockerfile().escape();
    !text.is_empty()
        && !text
            .chars()
            .any(|c| matches!(c, '$' | '\'' | '"') || c == escape || c.is_whitespace())
}

/// Whether BuildKit treats `path` as absolute: a leading `/`, or a Windows path
/// with a drive letter (`C:\`, `c:/`, also a bare `C:`), or a leading `\`.
fn is_absolute(path: &str) -> bool {
    let b = path.as_bytes();
    path.starts_with('/')
        || path.starts_with('\\')
        || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':')
}

/// `dir` joined with `rel` and cleaned like Go's `path.Join` (`.`, `..` and repeated
/// slashes resolved); `dir` is absolute.
fn join_clean(dir: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in dir.split('/').chain(rel.split('/')) {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::join_clean;
    use crate::rules::test_support::{codes, fixed};

    #[test]
    fn relative_paths_are_reported() {
        assert_eq!(codes("FROM a:1\nWORKDIR relative/dir\n", "DL3000"), vec![2]);
        assert_eq!(
            codes("FROM a:1\nWORKDIR 'relative/dir'\n", "DL3000"),
            vec![2]
        );
        assert_eq!(
            codes("FROM a:1\nWORKDIR \"relative/dir\"\n", "DL3000"),
            vec![2]
        );
        assert_eq!(codes("FROM a:1\nWORKDIR ~/app\n", "DL3000"), vec![2]);
        assert_eq!(codes("FROM a:1\nWORKDIR .\n", "DL3000"), vec![2]);
        // After an absolute WORKDIR, as hadolint does.
        assert_eq!(
            codes("FROM a:1\nWORKDIR /a\nWORKDIR b\n", "DL3000"),
            vec![3]
        );
    }

    #[test]
    fn absolute_paths_are_fine() {
        for src in [
            "FROM a:1\nWORKDIR /usr/local\n",
            "FROM a:1\nWORKDIR '/usr/local'\n",
            "FROM a:1\nWORKDIR \"/usr/local\"\n",
            "FROM a:1\nWORKDIR C:\\\\\n",
            "FROM a:1\nWORKDIR 'C:\\'\n",
            "FROM a:1\nWORKDIR C:/\n",
            "FROM a:1\nWORKDIR \"C:/\"\n",
            "FROM a:1\nWORKDIR c:\\app\n",
            "FROM a:1\nWORKDIR \"C:\\\"\n",
            "# escape=`\nFROM a:1\nWORKDIR C:\\app\\bin\n",
        ] {
            assert!(codes(src, "DL3000").is_empty(), "{src}");
        }
    }

    #[test]
    fn variables_are_expanded() {
        // Unknown variables (base image ENV, build args without default) are not judged.
        assert!(codes("FROM a:1\nWORKDIR ${work}\n", "DL3000").is_empty());
        assert!(codes("FROM a:1\nWORKDIR \"${dir}\"\n", "DL3000").is_empty());
        assert!(codes("FROM a:1\nWORKDIR $HOME/app\n", "DL3000").is_empty());
        assert!(codes("FROM a:1\nARG D\nWORKDIR $D/app\n", "DL3000").is_empty());
        // Known values.
        assert!(codes("FROM a:1\nENV H=/srv\nWORKDIR $H/app\n", "DL3000").is_empty());
        assert!(codes("FROM a:1\nARG D=/opt\nWORKDIR ${D}\n", "DL3000").is_empty());
        assert_eq!(
            codes("FROM a:1\nARG D=build\nWORKDIR $D\n", "DL3000"),
            vec![3]
        );
        assert_eq!(
            codes("FROM a:1\nENV D=x\nWORKDIR ${D}/y\n", "DL3000"),
            vec![3]
        );
        // An unset variable in the middle does not make a relative path absolute.
        assert_eq!(codes("FROM a:1\nWORKDIR src/$X\n", "DL3000"), vec![2]);
        // Single quotes keep `$` literal: `$x` is a relative directory name.
        assert_eq!(codes("FROM a:1\nWORKDIR '$x'\n", "DL3000"), vec![2]);
    }

    #[test]
    fn onbuild_is_checked_without_expansion() {
        assert_eq!(codes("FROM a:1\nONBUILD WORKDIR app\n", "DL3000"), vec![2]);
        assert!(codes("FROM a:1\nONBUILD WORKDIR /app\n", "DL3000").is_empty());
        assert!(codes("FROM a:1\nONBUILD WORKDIR $APP\n", "DL3000").is_empty());
    }

    #[test]
    fn fix_writes_the_resolved_path_when_known() {
        assert_eq!(
            fixed("FROM a:1\nWORKDIR /usr/src\nWORKDIR app\n", "DL3000"),
            "FROM a:1\nWORKDIR /usr/src\nWORKDIR /usr/src/app\n"
        );
        assert_eq!(
            fixed(
                "FROM a:1\nWORKDIR /a/b\nWORKDIR ../c\nWORKDIR ./d/\n",
                "DL3000"
            ),
            "FROM a:1\nWORKDIR /a/b\nWORKDIR /a/c\nWORKDIR /a/c/d\n"
        );
        // Inherited from an earlier stage of the file.
        assert_eq!(
            fixed(
                "FROM a:1 AS base\nWORKDIR /w\nFROM base\nWORKDIR x\n",
                "DL3000"
            ),
            "FROM a:1 AS base\nWORKDIR /w\nFROM base\nWORKDIR /w/x\n"
        );
        // Unknown base directory, variables, ONBUILD: no fix.
        for src in [
            "FROM a:1\nWORKDIR app\n",
            "FROM a:1\nENV D=/x\nWORKDIR $D\nWORKDIR app\n",
            "FROM a:1\nWORKDIR /x\nARG S=app\nWORKDIR $S\n",
            "FROM a:1\nWORKDIR /x\nONBUILD WORKDIR app\n",
            "FROM a:1\nWORKDIR /x\nFROM a:1\nWORKDIR app\n",
        ] {
            assert_eq!(fixed(src, "DL3000"), src);
        }
        // The fixed file has no finding left.
        let out = fixed("FROM a:1\nWORKDIR /usr/src\nWORKDIR app\n", "DL3000");
        assert!(codes(&out, "DL3000").is_empty());
        assert_eq!(fixed(&out, "DL3000"), out);
    }

    #[test]
    fn join_clean_resolves_dots() {
        assert_eq!(join_clean("/", "a"), "/a");
        assert_eq!(join_clean("/a/b", ".."), "/a");
        assert_eq!(join_clean("/a", "../../.."), "/");
        assert_eq!(join_clean("/a//b/", "./c//"), "/a/b/c");
    }

    #[test]
    fn fix_of_consecutive_relative_workdirs() {
        let src = "FROM a:1\nWORKDIR /a\nWORKDIR b\nWORKDIR c\n";
        assert_eq!(codes(src, "DL3000"), vec![3, 4]);
        let out = fixed(src, "DL3000");
        assert_eq!(out, "FROM a:1\nWORKDIR /a\nWORKDIR /a/b\nWORKDIR /a/b/c\n");
        assert_eq!(fixed(&out, "DL3000"), out);
        // A quoted path is reported but not rewritten.
        let src = "FROM a:1\nWORKDIR /a\nWORKDIR 'c d'\n";
        assert_eq!(codes(src, "DL3000"), vec![3]);
        assert_eq!(fixed(src, "DL3000"), src);
    }
}
