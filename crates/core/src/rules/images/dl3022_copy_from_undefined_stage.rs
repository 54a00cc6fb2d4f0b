use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::semantic::{InstructionInfo, Model, Stage};
use crate::syntax::{Flag, ImageRef, InstructionKind};

crate::declare_rule! {
    /// ## What it does
    /// Reports a `COPY --from` that names neither a stage defined before it nor a
    /// tagged image.
    ///
    /// ## Why
    /// `COPY --from=<name>` copies from the earlier stage of that name (compared
    /// without regard to case, as BuildKit does) or from the stage with that index.
    /// Any other name is pulled as an image: a misspelt stage name becomes a pull of
    /// `docker.io/library/<name>:latest`, which fails or, worse, succeeds. A stage
    /// defined further down cannot be copied from (BuildKit stops with "it needs to be
    /// defined before current stage"), neither can an index past the current stage.
    /// BuildKit does not expand variables in `--from` and refuses the build.
    ///
    /// Copying from an image is fine when the reference has a tag or a digest
    /// (`--from=nginx:1.27`); an untagged name is taken for a missing stage. A
    /// `COPY --from` naming its own stage is DL3023. `ONBUILD COPY --from` is not
    /// checked: it refers to stages of the build that uses the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// RUN go build -o /out/app .
    /// FROM alpine:3.20
    /// COPY --from=builder /out/app /usr/local/bin/app
    /// ```
    ///
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY --from=build /out/app /usr/local/bin/app
    /// FROM golang:1.22 AS build
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// RUN go build -o /out/app .
    /// FROM alpine:3.20
    /// COPY --from=build /out/app /usr/local/bin/app
    /// COPY --from=0 /etc/ssl/certs /etc/ssl/certs
    /// COPY --from=nginx:1.27 /etc/nginx/nginx.conf /etc/nginx/
    /// ```
    ///
    /// ## Fix
    /// Name a stage defined above (check the spelling of its `AS` name), move the
    /// stage before the one that copies from it, or tag the image.
    pub struct CopyFromUndefinedStage {
        code: "DL3022",
        name: "copy-from-undefined-stage",
        category: Correctness,
        severity: Warning,
        fix: None,
    }
}

impl Rule for CopyFromUndefinedStage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        for info in model.instructions() {
            let Some((flag, value)) = copy_from(info) else {
                continue;
            };
            let span = flag.value_span.unwrap_or(flag.span);
            let Some(current) = info.stage.map(|s| &model.stages()[s]) else {
                // Before the first FROM BuildKit fails anyway; say what hadolint says.
                ctx.report(
                    span,
                    format!("`COPY --from` should reference a previously defined `FROM` alias: `{value}` is not a stage"),
                );
                continue;
            };
            match resolve(model, info, current, value) {
                From::Stage | From::Current | From::Image => {}
                From::Variable => {
                    ctx.report(
                    span,
                    format!(
                        "`COPY --from` should reference a previously defined `FROM` alias: BuildKit does not expand variables in `--from` (`{value}`); use a stage `FROM {value} AS <name>` and copy from it"
                        ),
                    );
                }
                From::Later(stage) => {
                    let line = model
                        .dockerfile()
                        .position(model.instructions()[stage.from].instruction.span.start)
                        .line;
                    ctx.report(
                        span,
                        format!(
                            "`COPY --from` should reference a previously defined `FROM` alias: stage `{value}` is only defined later, on line {line}"
                        ),
                    );
                }
                From::BadIndex(n) => {
                    ctx.report(
                    span,
                    format!(
                        "`COPY --from` should reference a previously defined `FROM` alias: there is no stage {n} before this one"
                        ),
                    );
                }
                From::Unknown => {
                    ctx.report(
                    span,
                    format!(
                        "`COPY --from` should reference a previously defined `FROM` alias: no stage is named `{value}` (an image needs a tag or digest)"
                        ),
                    );
                }
            }
        }
    }
}

/// What a `COPY --from` value refers to.
#[derive(Debug, Clone, Copy)]
pub(super) enum From<'m> {
    /// An earlier stage.
    Stage,
    /// The stage the COPY is in.
    Current,
    /// A tagged or digested image.
    Image,
    /// A stage defined after the COPY.
    Later(&'m Stage),
    /// An index that is not an earlier stage (and not the current one).
    BadIndex(usize),
    /// A value with a variable, which BuildKit refuses.
    Variable,
    /// Anything else.
    Unknown,
}

/// The `--from` flag of a COPY (not an ONBUILD trigger), with its value.
pub(super) fn copy_from<'m>(info: &'m InstructionInfo<'_>) -> Option<(&'m Flag, &'m str)> {
    if info.onbuild || info.kind() != InstructionKind::Copy {
        return None;
    }
    let flag = info.instruction.flag("from")?;
    let value = flag.value.as_deref().filter(|v| !v.is_empty())?;
    Some((flag, value))
}

/// Resolve a `--from` value the way BuildKit does.
pub(super) fn resolve<'m>(
    model: &'m Model<'_>,
    info: &InstructionInfo<'_>,
    current: &Stage,
    value: &str,
) -> From<'m> {
    if value.contains('$') {
        return From::Variable;
    }
    if let Ok(n) = value.parse::<usize>() {
        return match n {
            n if n == current.index => From::Current,
            n if n < current.index => From::Stage,
            n => From::BadIndex(n),
        };
    }
    if let Some(stage) = model.stage_ref(value, info.index) {
        return if stage.index == current.index {
            From::Current
        } else {
            From::Stage
        };
    }
    let key = value.to_ascii_lowercase();
    if let Some(later) = model
        .stages()
        .iter()
        .find(|s| s.from > info.index && s.key().as_deref() == Some(key.as_str()))
    {
        return From::Later(later);
    }
    let image = ImageRef::parse(value, crate::syntax::Span::new(0, value.len()));
    if image.tag.is_some() || image.digest.is_some() {
        From::Image
    } else {
        From::Unknown
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::codes;

    #[test]
    fn undefined_names_are_reported() {
        assert_eq!(codes("COPY --from=foo bar .\n", "DL3022"), vec![1]);
        assert_eq!(
            codes("FROM scratch\nCOPY --from=build foo .\n", "DL3022"),
            vec![2]
        );
        assert_eq!(
            codes(
                "FROM a:1 AS builder\nFROM b:1\nCOPY --from=biulder /x /x\n",
                "DL3022"
            ),
            vec![3]
        );
        // Untagged image names look like missing stages.
        assert_eq!(
            codes("FROM a:1\nCOPY --from=nginx /x /x\n", "DL3022"),
            vec![2]
        );
        assert_eq!(
            codes(
                "FROM a:1\nCOPY --from=docker.io/library/nginx /x /x\n",
                "DL3022"
            ),
            vec![2]
        );
    }

    #[test]
    fn stages_defined_later_are_reported() {
        assert_eq!(
            codes(
                "FROM scratch\nCOPY --from=build foo .\nFROM node:22 as build\nRUN baz\n",
                "DL3022"
            ),
            vec![2]
        );
        assert_eq!(
            codes("FROM a:1\nCOPY --from=1 /x /x\nFROM b:1\n", "DL3022"),
            vec![2]
        );
        assert_eq!(
            codes("FROM a:1\nFROM b:1\nCOPY --from=5 /x /x\n", "DL3022"),
            vec![3]
        );
    }

    #[test]
    fn variables_are_refused_by_buildkit() {
        assert_eq!(
            codes(
                "ARG S=build\nFROM a:1 AS build\nFROM b:1\nCOPY --from=$S /x /x\n",
                "DL3022"
            ),
            vec![4]
        );
    }

    #[test]
    fn earlier_stages_indexes_and_images_are_fine() {
        for src in [
            "FROM scratch as build\nRUN foo\nFROM node:22\nCOPY --from=build foo .\nRUN baz\n",
            "FROM a:1 AS Build\nFROM b:1\nCOPY --from=build /x /x\n",
            "FROM a:1 AS build\nFROM b:1\nCOPY --from=BUILD /x /x\n",
            "FROM a:1\nFROM b:1\nCOPY --from=0 /x /x\n",
            "FROM a:1\nCOPY --from=nginx:1.27 /x /x\n",
            "FROM a:1\nCOPY --from=nginx@sha256:0123 /x /x\n",
            "FROM a:1\nCOPY --from=ghcr.io/org/tool:v1 /x /x\n",
            "FROM a:1\nCOPY /x /x\n",
            // Its own stage is DL3023.
            "FROM a:1 AS me\nCOPY --from=me /x /x\n",
            "FROM a:1\nCOPY --from=0 /x /x\n",
            // ONBUILD refers to the stages of the child build.
            "FROM a:1\nONBUILD COPY --from=assets /x /x\n",
            // RUN --mount is not COPY --from.
            "FROM a:1\nRUN --mount=from=cache,target=/c true\n",
        ] {
            assert!(codes(src, "DL3022").is_empty(), "{src}");
        }
    }

    #[test]
    fn every_variable_form_is_reported() {
        for from in ["${S}", "$UNSET", "build-$V", "${S:-build}"] {
            let src = format!(
                "ARG S=build\nARG V=1\nFROM a:1 AS build\nFROM b:1\nCOPY --from={from} /x /x\n"
            );
            assert_eq!(codes(&src, "DL3022"), vec![5], "{from}");
        }
        // A variable in the FROM of the stage copied from is fine.
        let src = "ARG IMG=golang:1.22\nFROM $IMG AS build\nFROM b:1\nCOPY --from=build /x /x\n";
        assert!(codes(src, "DL3022").is_empty());
        // ONBUILD is not checked, with a variable either.
        assert!(codes("FROM a:1\nONBUILD COPY --from=$S /x /x\n", "DL3022").is_empty());
    }

    #[test]
    fn one_finding_per_copy() {
        let src =
            "FROM a:1\nCOPY --from=nope /x /x\nCOPY --from=nope /y /y\nADD --from=nope /z /z\n";
        assert_eq!(codes(src, "DL3022"), vec![2, 3]);
    }
}
