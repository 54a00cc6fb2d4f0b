//! Rules about the file itself: syntax problems and suppression comments.

use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::syntax::SyntaxSeverity;

crate::declare_rule! {
    /// ## What it does
    /// Reports suppression comments (`# hadolint ignore=...`, `# dockwright: ignore[...]`,
    /// `# check=skip=...`) that silence nothing: the rule they name found nothing there,
    /// or the pragma applies to no instruction at all (a blank line separates it from
    /// the next one, or a stage pragma does not stand directly above a `FROM`).
    ///
    /// ## Why
    /// A stale suppression hides the next real finding of that rule, and tells
    /// readers about a problem that is gone.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// # hadolint ignore=DL3003
    /// RUN make
    /// ```
    ///
    /// A pragma a blank line away from its instruction applies to nothing:
    /// ```dockerfile
    /// FROM debian:12
    /// # hadolint ignore=DL3003
    ///
    /// RUN cd /opt/vendor && ./install.sh
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// RUN make
    /// ```
    ///
    /// ```dockerfile
    /// FROM debian:12
    /// # dockwright: ignore[DL3003] the vendor script needs it
    /// RUN cd /opt/vendor && ./install.sh
    /// ```
    ///
    /// ## Fix
    /// Delete the comment, or the code from its list. The linter checks this rule
    /// after every other rule has run, since it needs to know what they reported.
    pub struct UnusedSuppression {
        code: "DW0001",
        name: "unused-suppression",
        category: Maintainability,
        severity: Warning,
        fix: None,
    }
}

impl Rule for UnusedSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    /// Nothing to do here: [`crate::Linter`] reports unused suppressions once all
    /// other rules have run.
    fn check(&self, _ctx: &mut RuleContext<'_>) {}
}

crate::declare_rule! {
    /// ## What it does
    /// Reports what makes BuildKit refuse the file or fail the build before any step
    /// runs: unknown instructions, malformed lines, unterminated heredocs, wrong
    /// argument counts, unknown flags.
    ///
    /// ## Why
    /// `docker build` stops on these. hadolint reports a file it cannot parse as
    /// `DL1000` and nothing else; dockwright reports the exact line and keeps linting
    /// the rest of the file.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY --chmod=644 app.sh
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY --chmod=644 app.sh /usr/local/bin/
    /// ```
    pub struct InvalidDockerfile {
        code: "DL1000",
        name: "invalid-dockerfile",
        category: Correctness,
        severity: Error,
        fix: None,
    }
}

impl Rule for InvalidDockerfile {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let df = ctx.dockerfile();
        for d in df.diagnostics() {
            if matches!(d.severity, SyntaxSeverity::Fatal | SyntaxSeverity::Error) {
                ctx.report(d.span, d.message.clone());
            }
        }
    }
}

crate::declare_rule! {
    /// ## What it does
    /// Reports blank lines inside a line continuation.
    ///
    /// ## Why
    /// BuildKit warns that empty continuation lines will become errors in a future
    /// release; they also make a `RUN` look like it ended.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl \
    ///
    ///     jq
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl \
    ///     jq
    /// ```
    pub struct EmptyContinuation {
        code: "DW0002",
        name: "empty-continuation-line",
        category: Correctness,
        severity: Warning,
        fix: None,
        buildkit: "NoEmptyContinuation",
    }
}

impl Rule for EmptyContinuation {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let df = ctx.dockerfile();
        for d in df.diagnostics() {
            if d.severity == SyntaxSeverity::Warning && d.message.starts_with("Empty continuation")
            {
                ctx.report(d.span, "Empty continuation line inside this instruction");
            }
        }
    }
}
