use crate::rules::{Rule, RuleContext, RuleMeta};

crate::declare_rule! {
    /// ## What it does
    /// Reports a `FROM ... AS <name>` whose name an earlier stage already has.
    ///
    /// ## Why
    /// `COPY --from=<name>`, `FROM <name>` and `--target <name>` pick one stage by its
    /// name; with two stages of the same name, which one they get is easy to get
    /// wrong and changes when stages move. Stage names are compared without regard to
    /// case, as BuildKit does (`AS Build` and `AS build` are the same stage name).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22 AS build
    /// RUN npm ci
    /// FROM golang:1.22 AS build
    /// RUN go build ./...
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22 AS web
    /// RUN npm ci
    /// FROM golang:1.22 AS server
    /// RUN go build ./...
    /// ```
    ///
    /// ## Fix
    /// Rename one of the stages (and the references to it).
    pub struct DuplicateStageName {
        code: "DL3024",
        name: "duplicate-stage-name",
        category: Correctness,
        severity: Error,
        fix: None,
        buildkit: "DuplicateStageName",
    }
}

impl Rule for DuplicateStageName {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        let stages = model.stages();
        for (i, stage) in stages.iter().enumerate() {
            let (Some(name), Some(key)) = (&stage.name, stage.key()) else {
                continue;
            };
            let Some(first) = stages[..i]
                .iter()
                .find(|s| s.key().as_deref() == Some(key.as_str()))
            else {
                continue;
            };
            let line = model
                .dockerfile()
                .position(model.instructions()[first.from].instruction.span.start)
                .line;
            ctx.report(
                name.span,
                format!(
                    "FROM aliases (stage names) must be unique: `{}` is already the name of the stage on line {line}",
                    name.text
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::codes;

    #[test]
    fn duplicates_are_reported_after_the_first() {
        assert_eq!(
            codes(
                "FROM node:22 as foo\nRUN something\nFROM scratch as foo\nRUN something\n",
                "DL3024"
            ),
            vec![3]
        );
        assert_eq!(
            codes("FROM a:1 AS x\nFROM b:1 AS X\nFROM c:1 AS x\n", "DL3024"),
            vec![2, 3]
        );
    }

    #[test]
    fn unique_names_are_fine() {
        assert!(codes(
            "FROM scratch as build\nRUN foo\nFROM node:22 as run\nRUN baz\n",
            "DL3024"
        )
        .is_empty());
        assert!(codes("FROM a:1\nFROM a:1\n", "DL3024").is_empty());
        assert!(codes("FROM a:1 AS x\nFROM x AS y\n", "DL3024").is_empty());
    }

    #[test]
    fn similar_names_are_distinct() {
        assert!(codes(
            "FROM a:1 AS x\nFROM b:1 AS x-1\nFROM c:1 AS x_1\n",
            "DL3024"
        )
        .is_empty());
        // The report is on the later FROM, also far apart.
        assert_eq!(
            codes(
                "FROM a:1 AS build\nRUN a\nFROM b:1 AS test\nRUN b\nFROM c:1 AS Build\n",
                "DL3024"
            ),
            vec![5]
        );
    }
}
