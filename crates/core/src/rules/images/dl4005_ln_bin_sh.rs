use crate::rules::shell::invocations;
use crate::rules::{Rule, RuleContext, RuleMeta};

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
    /// and exec-form `RUN` are checked, heredoc scripts, `sh -c` strings and
    /// `sudo`/`env` wrappers included, and `ONBUILD RUN` too.
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
            // Shell-form, heredoc and exec-form RUNs, `sh -c` strings, `sudo`/`env`.
            for inv in invocations(model, info) {
                let links_sh = inv.program == "ln"
                    && inv.args.len() >= 2
                    && inv
                        .args
                        .last()
                        .is_some_and(|a| a.is_static && is_sh(&a.text));
                if links_sh {
                    ctx.report(inv.span, MESSAGE);
                }
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

    #[test]
    fn heredocs_and_shell_strings() {
        for run in [
            "RUN bash -c 'ln -sf /bin/bash /bin/sh'",
            "RUN [\"/bin/sh\", \"-c\", \"ln -sf /bin/bash /bin/sh\"]",
            "RUN env ln -sf /bin/bash /bin/sh",
        ] {
            let src = format!("FROM debian:12\n{run}\n");
            assert_eq!(codes(&src, "DL4005"), vec![2], "{run}");
        }
        // In a heredoc, on the line of the command.
        for run in [
            "RUN <<EOF\nset -e\nln -sf /bin/bash /bin/sh\nEOF",
            "RUN <<EOF bash\nset -e\nln -sf /bin/bash /bin/sh\nEOF",
        ] {
            let src = format!("FROM debian:12\n{run}\n");
            assert_eq!(codes(&src, "DL4005"), vec![4], "{run}");
        }
        // A heredoc written to a file is not run.
        let src = "FROM debian:12\nCOPY <<EOF /setup.sh\nln -sf /bin/bash /bin/sh\nEOF\n";
        assert!(codes(src, "DL4005").is_empty());
    }
}
