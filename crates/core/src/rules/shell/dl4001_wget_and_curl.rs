use std::collections::HashMap;

use super::invocations;
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::syntax::Span;

crate::declare_rule! {
    /// ## What it does
    /// Reports a build stage that downloads with both `curl` and `wget`.
    ///
    /// ## Why
    /// Both tools do the same job. Using both means both have to be installed
    /// (and kept up to date, and scanned), and readers have to know the options
    /// of two tools whose flags clash (`-O` and `-o` mean opposite things). Pick
    /// one per stage.
    ///
    /// Every RUN of a stage that runs curl or wget is reported once the stage has
    /// run both. A stage starts afresh at each `FROM`, even one built on an
    /// earlier stage, and ONBUILD triggers, which run in another build, are
    /// counted apart from the stage's own RUNs. Every way of running the tools
    /// counts: behind wrappers (`sudo curl`), as a path (`/usr/bin/wget`), as
    /// `busybox wget`, inside `$(...)`, `sh -c '...'` strings, heredoc scripts and
    /// exec-form RUNs. Installing the packages or `command -v curl` does not.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz
    /// RUN wget -q https://example.com/b.tgz
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// RUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz
    /// RUN curl -fsSLO https://example.com/b.tgz
    /// ```
    ///
    /// ## Fix
    /// None: rewriting the options of one tool into the other's is left to you.
    pub struct WgetAndCurl {
        code: "DL4001",
        name: "wget-and-curl",
        category: Maintainability,
        severity: Warning,
        fix: None,
    }
}

/// Which tools a group of RUNs (a stage, or its ONBUILD triggers) has run, and
/// where each was first seen.
#[derive(Default)]
struct Seen {
    curl: Option<usize>,
    wget: Option<usize>,
}

impl Rule for WgetAndCurl {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        let df = model.dockerfile();
        let mut seen: HashMap<(Option<usize>, bool), Seen> = HashMap::new();
        for info in model.instructions() {
            let mut first: Option<(Span, bool)> = None;
            let mut here = Seen::default();
            for inv in invocations(model, info) {
                let is_curl = match inv.program.as_str() {
                    "curl" => true,
                    "wget" => false,
                    _ => continue,
                };
                let line = df.location(inv.span).start.line;
                let slot = if is_curl {
                    &mut here.curl
                } else {
                    &mut here.wget
                };
                slot.get_or_insert(line);
                first.get_or_insert((inv.span, is_curl));
            }
            let Some((span, is_curl)) = first else {
                continue;
            };
            let group = seen.entry((info.stage, info.onbuild)).or_default();
            if group.curl.is_none() {
                group.curl = here.curl;
            }
            if group.wget.is_none() {
                group.wget = here.wget;
            }
            let (Some(curl), Some(wget)) = (group.curl, group.wget) else {
                continue;
            };
            let (other, other_line) = if is_curl {
                ("wget", wget)
            } else {
                ("curl", curl)
            };
            let this = if is_curl { "curl" } else { "wget" };
            ctx.report(
                span,
                format!(
                    "Either use wget or curl but not both: this stage runs `{this}` here and `{other}` on line {other_line}"
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::codes;

    const C: &str = "DL4001";

    #[test]
    fn every_download_after_both_tools_is_reported() {
        let src = "FROM a:1\nRUN curl -o x https://e.x\nRUN echo hi\nRUN wget -q https://e.x\nRUN curl -O https://e.x/y\nRUN echo done\n";
        assert_eq!(codes(src, C), vec![4, 5]);
        // Both in one RUN.
        assert_eq!(
            codes(
                "FROM a:1\nRUN curl -fsSL https://e.x | sh && wget -q https://e.y\n",
                C
            ),
            vec![2]
        );
        // Any way of running them.
        assert_eq!(
            codes(
                "FROM a:1\nRUN sudo curl https://e.x\nRUN sh -c 'wget -q https://e.y'\n",
                C
            ),
            vec![3]
        );
        assert_eq!(
            codes(
                "FROM a:1\nRUN /usr/bin/curl https://e.x\nRUN [\"wget\", \"https://e.y\"]\n",
                C
            ),
            vec![3]
        );
        assert_eq!(
            codes(
                "FROM a:1\nRUN curl https://e.x\nRUN <<EOF\nset -e\nwget https://e.y\nEOF\n",
                C
            ),
            vec![5]
        );
        assert_eq!(
            codes(
                "FROM a:1\nRUN curl https://e.x\nRUN V=$(wget -qO- https://e.y)\n",
                C
            ),
            vec![3]
        );
    }

    #[test]
    fn stages_and_onbuild_are_counted_apart() {
        let src = "FROM a:1 AS one\nRUN curl https://e.x\nFROM one\nRUN wget -q https://e.y\n";
        assert!(codes(src, C).is_empty());
        let src = "FROM a:1\nRUN curl https://e.x\nONBUILD RUN wget -q https://e.y\n";
        assert!(codes(src, C).is_empty());
        let src = "FROM a:1\nONBUILD RUN curl https://e.x\nONBUILD RUN wget -q https://e.y\n";
        assert_eq!(codes(src, C), vec![3]);
    }

    #[test]
    fn installing_or_querying_is_not_using() {
        for src in [
            "FROM a:1\nRUN apt-get install -y curl wget\n",
            "FROM a:1\nRUN curl https://e.x\nRUN command -v wget || apk add wget\n",
            "FROM a:1\nRUN curl https://e.x\nRUN echo wget\n",
            "FROM a:1\nRUN curl https://e.x\nRUN python3 <<EOF\nwget = 1\nEOF\n",
        ] {
            assert!(codes(src, C).is_empty(), "{src}");
        }
    }

    #[test]
    fn message_names_the_other_tool() {
        let linter = crate::Linter::new(crate::Config {
            select: vec![crate::config::RuleSelector::Code(C.into())],
            ..crate::Config::default()
        });
        let src = "FROM a:1\nRUN curl https://e.x\nRUN set -e && wget -q https://e.y\n";
        let d = &linter.lint(src).diagnostics[0];
        assert_eq!(&src[d.span.start..d.span.end], "wget");
        assert!(d.message.contains("`curl` on line 2"), "{}", d.message);
    }

    #[test]
    fn busybox_and_heredocs_run_by_a_shell() {
        assert_eq!(
            codes(
                "FROM a:1\nRUN curl https://e.x\nRUN busybox wget https://e.y\n",
                C
            ),
            vec![3]
        );
        assert_eq!(
            codes(
                "FROM a:1\nRUN wget -q https://e.x\nRUN <<EOF bash\ncurl -fsS https://e.y\nEOF\n",
                C
            ),
            vec![4]
        );
        // A script copied into the image is not run by the build.
        let src = "FROM a:1\nRUN curl https://e.x\nCOPY <<EOF /get.sh\nwget https://e.y\nEOF\n";
        assert!(codes(src, C).is_empty());
    }
}
