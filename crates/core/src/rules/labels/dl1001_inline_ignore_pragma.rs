use crate::rules::{Rule, RuleContext, RuleMeta};

crate::declare_rule! {
    /// ## What it does
    /// Reports inline suppression comments: `# hadolint ignore=...` and
    /// `# dockwright: ignore[...]`, wherever they are (one that a blank line
    /// separates from the next instruction silences nothing, but is reported too).
    ///
    /// ## Why
    /// Teams that want every exception to the rules in one reviewed place (the
    /// configuration file, or one file-wide pragma) turn this rule on to keep
    /// per-instruction exceptions from spreading through Dockerfiles.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// # hadolint ignore=DL3018
    /// RUN apk add --no-cache curl
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl=8.9.1-r1
    /// ```
    ///
    /// ## Notes
    /// Off by default. As in hadolint, only per-instruction pragmas are reported:
    /// file-wide (`# hadolint global ignore=`, `# dockwright: ignore-file[...]`) and
    /// stage-wide (`# hadolint stage ignore=`, `# dockwright: ignore-stage[...]`)
    /// pragmas and BuildKit's `# check=skip=` directive are not. dockwright's own
    /// `# dockwright: ignore[...]` is the same kind of inline exception, so it is
    /// reported too (hadolint does not know it). Suppressing DL1001 itself with an
    /// inline pragma does not work: the comment is what is reported.
    pub struct InlineIgnorePragma {
        code: "DL1001",
        name: "inline-ignore-pragma",
        category: Maintainability,
        severity: Info,
        fix: None,
        default_enabled: false,
    }
}

impl Rule for InlineIgnorePragma {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        // Every comment line, also one that is not directly above an instruction (a
        // blank line in between): such a pragma silences nothing, but it is still one.
        let comments: Vec<(crate::syntax::Span, String)> = ctx
            .dockerfile()
            .comments()
            .map(|c| (c.span, c.text.clone()))
            .collect();
        for (span, text) in comments {
            let body = text.trim_start_matches('#').trim_start();
            let msg = if body
                .strip_prefix("hadolint")
                .is_some_and(|r| r.starts_with([' ', '\t']) && r.trim_start().starts_with("ignore"))
            {
                "Please refrain from using inline ignore pragmas `# hadolint ignore=DLxxxx`."
            } else if body
                .strip_prefix("dockwright:")
                .is_some_and(|r| r.trim_start().starts_with("ignore["))
            {
                "Please refrain from using inline ignore pragmas `# dockwright: ignore[...]`."
            } else {
                continue;
            };
            ctx.report(span, msg);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, Level, RuleSelector};
    use crate::Linter;

    fn lines(src: &str) -> Vec<usize> {
        let config = Config {
            levels: vec![(
                RuleSelector::Code("DL1001".into()),
                Level::Severity(crate::Severity::Info),
            )],
            ..Config::default()
        };
        Linter::new(config)
            .lint(src)
            .diagnostics
            .into_iter()
            .filter(|d| d.code == "DL1001")
            .map(|d| d.line())
            .collect()
    }

    #[test]
    fn inline_pragmas_only() {
        let src = "# hadolint global ignore=DL3006\nFROM alpine\n# hadolint ignore=DL3018\n\
                   RUN apk add curl\n# hadolint ignore=DL3059\n# note\nRUN true\n\
                   # dockwright: ignore[DL3059] reason\nRUN true\n\
                   # dockwright: ignore-file[DL3007]\n# hadolint stage ignore=DL3002\n\
                   FROM alpine:3 AS b\n#hadolint ignore=DL3008\nRUN true\n";
        assert_eq!(lines(src), vec![3, 5, 8, 13]);
        // A pragma a blank line away from the instruction silences nothing, but it is
        // an inline pragma all the same (hadolint reports it too).
        let src = "# hadolint ignore=DL3006\n\nARG B=debian\nFROM $B\n# hadolint ignore=DL3059\n\nRUN true\n";
        assert_eq!(lines(src), vec![1, 5]);
        assert!(lines("FROM a:1\n# just a comment\nRUN true\n").is_empty());
    }

    #[test]
    fn off_by_default() {
        let src = "FROM a:1\n# hadolint ignore=DL3059\nRUN true\n";
        let linter = Linter::new(Config::default());
        assert!(!linter
            .lint(src)
            .diagnostics
            .iter()
            .any(|d| d.code == "DL1001"));
    }

    #[test]
    fn before_onbuild_and_not_in_heredocs() {
        // A pragma before an ONBUILD trigger is inline like any other.
        let src = "FROM a:1\n# hadolint ignore=DL3059\nONBUILD RUN true\n";
        assert_eq!(lines(src), vec![2]);
        // A line of a heredoc body is data, not a comment.
        let src = "FROM a:1\nRUN <<EOF\n# hadolint ignore=DL3059\ntrue\nEOF\n";
        assert!(lines(src).is_empty());
        let src = "FROM a:1\nCOPY <<EOF /etc/x.conf\n# dockwright: ignore[DL3059]\nEOF\n";
        assert!(lines(src).is_empty());
        // Nor is text inside a shell string.
        assert!(lines("FROM a:1\nRUN echo '# hadolint ignore=DL3059'\n").is_empty());
    }
}
