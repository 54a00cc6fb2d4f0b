use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::syntax::{Body, Command as DfCommand, Span};

crate::declare_rule! {
    /// ## What it does
    /// Reports a `RUN` that replaces `/bin/sh` with a link (`ln -sf /bin/bash /bin/sh`).
    ///
    /// ## Why
    /// Relinking `/bin/sh` changes the shell of every script in the image, including
    /// the package manager's maintainer scripts, which expect the distribution's
    /// shell. To run the Dockerfile's own commands with another shell, say so with
    /// `SHELL ["/bin/bash", "-c"]`: it affects the build only, and readers see it.
    /// `/usr/bin/sh` counts too (the same file on merged-`/usr` systems). Shell-form
    /// and exec-form `RUN` are checked, `ONBUILD RUN` too.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN ln -sf /bin/bash /bin/sh
    /// RUN source /etc/profile && make
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// SHELL ["/bin/bash", "-c"]
    /// RUN source /etc/profile && make
    /// ```
    ///
    /// ## Fix
    /// Remove the link and add a `SHELL` instruction before the `RUN`s that need the
    /// other shell.
    pub struct LnBinSh {
        code: "DL4005",
        name: "ln-bin-sh",
        category: Correctness,
        severity: Warning,
        fix: None,
    }
}

const MESSAGE: &str = "Use SHELL to change the default shell: linking over `/bin/sh` changes the shell of every script in the image";

fn is_sh(path: &str) -> bool {
    path == "/bin/sh" || path == "/usr/bin/sh"
}

impl Rule for LnBinSh {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        for info in model.instructions() {
            let ins = info.effective();
            let Body::Run(cmd) = &ins.body else {
                continue;
            };
            let mut spans: Vec<Span> = Vec::new();
            if let DfCommand::Exec { args, .. } = cmd {
                let is_ln = args
                    .first()
                    .is_some_and(|a| a.text.rsplit('/').next() == Some("ln"));
                if let Some(last) = args
                    .last()
                    .filter(|l| is_ln && args.len() > 2 && is_sh(&l.text))
                {
                    spans.push(last.span);
                }
            }
            for script in info.scripts() {
                for c in script.commands_named("ln") {
                    if let Some(last) = c.args().last() {
                        if c.args().len() >= 2 && last.literal().is_some_and(is_sh) {
                            spans.push(c.span);
                        }
                    }
                }
            }
            for span in spans {
                ctx.report(span, MESSAGE);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::codes;

    #[test]
    fn relinking_sh() {
        for run in [
            "RUN ln -sf /bin/bash /bin/sh",
            "RUN ln -s /bin/bash /bin/sh",
            "RUN ln -sf bash /bin/sh",
            "RUN ln /bin/bash /bin/sh",
            "RUN ln --symbolic --force /bin/bash /bin/sh",
            "RUN rm /bin/sh && ln -s /bin/bash /bin/sh",
            "RUN ln -sf /bin/bash \"/bin/sh\"",
            "RUN ln -sf /bin/bash /usr/bin/sh",
            "RUN sudo ln -sf /bin/bash /bin/sh",
            "RUN [\"ln\", \"-sf\", \"/bin/bash\", \"/bin/sh\"]",
            "ONBUILD RUN ln -sf /bin/bash /bin/sh",
        ] {
            let src = format!("FROM debian:12\n{run}\n");
            assert_eq!(codes(&src, "DL4005"), vec![2], "{run}");
        }
    }

    #[test]
    fn other_links() {
        for run in [
            "RUN ln -sf /bin/bash /bin/sh2",
            "RUN ln -sf /bin/sh /usr/local/bin/mysh",
            "RUN echo ln -sf /bin/bash /bin/sh",
            "RUN ln /bin/sh",
            "SHELL [\"/bin/bash\", \"-c\"]",
        ] {
            let src = format!("FROM debian:12\n{run}\n");
            assert!(codes(&src, "DL4005").is_empty(), "{run}");
        }
    }
}
