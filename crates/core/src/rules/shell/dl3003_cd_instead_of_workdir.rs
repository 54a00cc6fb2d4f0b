use crate::rules::util::run_commands;
use crate::rules::{Rule, RuleContext, RuleMeta};

crate::declare_rule! {
    /// ## What it does
    /// Reports `cd` in a RUN script, where `WORKDIR` would do.
    ///
    /// ## Why
    /// A `cd` lasts until the end of its `RUN`; the next instruction starts in the old
    /// directory again, which surprises readers. `WORKDIR` states the directory once,
    /// for every following instruction, and creates it if needed.
    ///
    /// `cd` inside a subshell `( cd x && make )` or a `sh -c` string is also reported,
    /// as hadolint does; `cd` in heredoc scripts is checked like any RUN script.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN cd /usr/src/app && make
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// WORKDIR /usr/src/app
    /// RUN make
    /// ```
    ///
    /// ## Fix
    /// Move the directory into a `WORKDIR` instruction before the `RUN`.
    pub struct CdInsteadOfWorkdir {
        code: "DL3003",
        name: "cd-instead-of-workdir",
        category: Maintainability,
        severity: Warning,
        fix: None,
    }
}

impl Rule for CdInsteadOfWorkdir {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        for (_, _, cmd) in run_commands(model.instructions()) {
            if cmd.program() == Some("cd") {
                ctx.report(cmd.span, "Use WORKDIR to switch to a directory");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::codes;

    #[test]
    fn cd_is_reported_in_scripts_heredocs_and_onbuild() {
        assert_eq!(codes("FROM a:1\nRUN cd /x && make\n", "DL3003"), vec![2]);
        assert_eq!(
            codes("FROM a:1\nRUN <<EOF\nset -e\ncd /x\nEOF\n", "DL3003"),
            vec![4]
        );
        assert_eq!(
            codes("FROM a:1\nONBUILD RUN cd /x && make\n", "DL3003"),
            vec![2]
        );
        assert_eq!(
            codes("FROM a:1\nRUN make \\\n && cd /y\n", "DL3003"),
            vec![3]
        );
    }

    #[test]
    fn other_commands_and_exec_form_are_fine() {
        assert!(codes("FROM a:1\nRUN make cd\n", "DL3003").is_empty());
        assert!(codes("FROM a:1\nRUN [\"cd\", \"/x\"]\n", "DL3003").is_empty());
        assert!(codes("FROM a:1\nWORKDIR /x\nRUN make\n", "DL3003").is_empty());
    }
}
