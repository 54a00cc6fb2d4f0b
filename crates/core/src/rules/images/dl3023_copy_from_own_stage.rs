use super::dl3022_copy_from_undefined_stage::{copy_from, resolve, From};
use crate::rules::{Rule, RuleContext, RuleMeta};

crate::declare_rule! {
    /// ## What it does
    /// Reports a `COPY --from` that names the stage it is in.
    ///
    /// ## Why
    /// A stage cannot copy from itself: its files are already there, and BuildKit
    /// stops with a circular dependency. It is usually a copy-paste slip, or a stage
    /// renamed while its `COPY --from` lines were not. Stage names are compared
    /// without regard to case, as BuildKit does, and the stage's index counts too
    /// (`--from=1` in the second stage). `ONBUILD COPY --from` is not checked: it runs
    /// in another build.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22 AS build
    /// COPY --from=build /app/dist /srv/
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22 AS build
    /// RUN npm run build
    /// FROM nginx:1.27
    /// COPY --from=build /app/dist /usr/share/nginx/html/
    /// ```
    ///
    /// ## Fix
    /// Copy from the stage that produces the files, or copy from the build context
    /// without `--from`.
    pub struct CopyFromOwnStage {
        code: "DL3023",
        name: "copy-from-own-stage",
        category: Correctness,
        severity: Error,
        fix: None,
    }
}

impl Rule for CopyFromOwnStage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        for info in model.instructions() {
            let Some((flag, value)) = copy_from(info) else {
                continue;
            };
            let Some(current) = info.stage.map(|s| &model.stages()[s]) else {
                continue;
            };
            if let From::Current = resolve(model, info, current, value) {
                ctx.report(
                    flag.value_span.unwrap_or(flag.span),
                    format!(
                        "`COPY --from` cannot reference its own `FROM` alias: `{value}` is the stage this COPY is in"
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::codes;

    #[test]
    fn own_stage_is_reported() {
        assert_eq!(
            codes("FROM node:22 as foo\nCOPY --from=foo bar .\n", "DL3023"),
            vec![2]
        );
        assert_eq!(
            codes("FROM node:22 AS Foo\nCOPY --from=foo bar .\n", "DL3023"),
            vec![2]
        );
        assert_eq!(
            codes("FROM a:1\nFROM b:1\nCOPY --from=1 /x /x\n", "DL3023"),
            vec![3]
        );
        assert_eq!(
            codes(
                "FROM a:1 AS x\nFROM b:1 AS y\nRUN true\nCOPY --from=y /x /x\n",
                "DL3023"
            ),
            vec![4]
        );
    }

    #[test]
    fn other_sources_are_fine() {
        for src in [
            "FROM scratch as build\nRUN foo\nFROM node:22 as run\nCOPY --from=build foo .\nRUN baz\n",
            "FROM a:1 AS x\nFROM b:1\nCOPY --from=0 /x /x\n",
            "FROM a:1 AS x\nCOPY --from=y /x /x\n",
            "FROM a:1 AS x\nONBUILD COPY --from=x /x /x\n",
            "FROM a:1 AS x\nCOPY /x /x\n",
        ] {
            assert!(codes(src, "DL3023").is_empty(), "{src}");
        }
    }

    #[test]
    fn variables_and_later_indexes() {
        // A variable is DL3022's business (BuildKit refuses it).
        assert!(codes("ARG S=x\nFROM a:1 AS x\nCOPY --from=$S /x /x\n", "DL3023").is_empty());
        // The index of the stage itself, in the first stage.
        assert_eq!(codes("FROM a:1\nCOPY --from=0 /x /x\n", "DL3023"), vec![2]);
        // An index or name of a later stage is not this stage.
        assert!(codes("FROM a:1\nCOPY --from=1 /x /x\nFROM b:1\n", "DL3023").is_empty());
        // Every such COPY is reported.
        assert_eq!(
            codes(
                "FROM a:1 AS me\nCOPY --from=me /a /a\nCOPY --from=ME /b /b\n",
                "DL3023"
            ),
            vec![2, 3]
        );
    }
}
