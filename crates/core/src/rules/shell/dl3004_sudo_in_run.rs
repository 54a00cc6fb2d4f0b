use super::{run_scripts, Runner};
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::shell::Command as ShellCommand;
use crate::syntax::{Body, Command, Span};

crate::declare_rule! {
    /// ## What it does
    /// Reports `sudo` in a RUN instruction.
    ///
    /// ## Why
    /// RUN already runs as the `USER` in effect, root by default: `sudo` adds
    /// nothing but a package to install, a TTY and PAM setup that behave differently
    /// from one base image to the next, and a setuid binary left in the image. To
    /// run a step as another user, switch with `USER`; to drop privileges in an
    /// entrypoint, use a tool made for it such as `gosu` or `su-exec`.
    ///
    /// Every place where sudo runs a command is reported: `sudo` behind other
    /// wrappers (`env sudo make`) or written as a path (`/usr/bin/sudo`), inside
    /// `$(...)`, `sh -c '...'` strings, heredoc scripts, exec-form RUNs and ONBUILD
    /// triggers. Installing the `sudo` package, or `command -v sudo`, is not
    /// reported.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN sudo apt-get update
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update
    /// ```
    ///
    /// ```dockerfile
    /// FROM debian:12
    /// USER app
    /// RUN make install
    /// ```
    ///
    /// ## Fix
    /// None: remove `sudo` (the RUN is usually root already), or switch users with
    /// `USER`; which one is right depends on the build.
    pub struct SudoInRun {
        code: "DL3004",
        name: "sudo-in-run",
        category: Security,
        severity: Error,
        fix: None,
    }
}

const MESSAGE: &str =
    "Do not use sudo: it leads to unpredictable behaviour; switch users with USER, or use gosu";

/// The span of the `sudo` word of a command, if sudo runs it (as a wrapper, or as
/// the command itself, like `sudo -i`).
fn sudo_span(cmd: &ShellCommand) -> Option<Span> {
    if cmd.program() == Some("sudo") {
        return cmd.name_word().map(|w| w.span());
    }
    let wrapper = cmd
        .wrappers
        .iter()
        .find(|w| w.name.rsplit('/').next() == Some("sudo"))?;
    let word = cmd
        .words
        .iter()
        .find(|w| w.span().start == wrapper.span.start)
        .map(|w| w.span());
    Some(word.unwrap_or(wrapper.span))
}

impl Rule for SudoInRun {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        for info in model.instructions() {
            let eff = info.effective();
            if let Body::Run(Command::Exec { args, .. }) = &eff.body {
                if let Some(first) = args.first() {
                    if first.text.rsplit('/').next() == Some("sudo") {
                        ctx.report(first.span, MESSAGE);
                    }
                }
            }
            for rs in run_scripts(model, info) {
                for cmd in &rs.script.commands {
                    let Some(span) = sudo_span(cmd) else { continue };
                    let span = match (rs.runner, rs.exact, rs.word) {
                        (Runner::Exec, false, Some(w)) => w,
                        _ => span,
                    };
                    ctx.report(span, MESSAGE);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::codes;

    #[test]
    fn sudo_is_reported_wherever_it_runs_a_command() {
        assert_eq!(
            codes("FROM a:1\nRUN sudo apt-get update\n", "DL3004"),
            vec![2]
        );
        assert_eq!(
            codes(
                "FROM a:1\nRUN apt-get update && \\\n    sudo apt-get install -y x\n",
                "DL3004"
            ),
            vec![3]
        );
        assert_eq!(
            codes("FROM a:1\nONBUILD RUN sudo make\n", "DL3004"),
            vec![2]
        );
        assert_eq!(
            codes("FROM a:1\nRUN <<EOF\nset -e\nsudo make\nEOF\n", "DL3004"),
            vec![4]
        );
        assert_eq!(
            codes("FROM a:1\nRUN /usr/bin/sudo -u app make\n", "DL3004"),
            vec![2]
        );
        assert_eq!(
            codes("FROM a:1\nRUN env HOME=/x sudo make\n", "DL3004"),
            vec![2]
        );
        assert_eq!(
            codes("FROM a:1\nRUN echo $(sudo id -u)\n", "DL3004"),
            vec![2]
        );
        assert_eq!(
            codes("FROM a:1\nRUN sh -c 'sudo make'\n", "DL3004"),
            vec![2]
        );
        assert_eq!(codes("FROM a:1\nRUN sudo -i\n", "DL3004"), vec![2]);
        assert_eq!(
            codes("FROM a:1\nRUN [\"sudo\", \"make\"]\n", "DL3004"),
            vec![2]
        );
        assert_eq!(
            codes("FROM a:1\nRUN [\"sh\", \"-c\", \"sudo make\"]\n", "DL3004"),
            vec![2]
        );
        // One finding per sudo.
        assert_eq!(
            codes("FROM a:1\nRUN sudo a && sudo b\n", "DL3004"),
            vec![2, 2]
        );
    }

    #[test]
    fn the_finding_is_on_the_sudo_word() {
        let src = "FROM a:1\nRUN make && sudo -E -u app make install\n";
        let linter = crate::Linter::new(crate::Config {
            select: vec![crate::config::RuleSelector::Code("DL3004".into())],
            ..crate::Config::default()
        });
        let d = &linter.lint(src).diagnostics[0];
        assert_eq!(&src[d.span.start..d.span.end], "sudo");
    }

    #[test]
    fn installing_or_querying_sudo_is_fine() {
        for src in [
            "FROM a:1\nRUN apt-get install -y sudo\n",
            "FROM a:1\nRUN command -v sudo && echo ok\n",
            "FROM a:1\nRUN echo 'app ALL=(ALL) NOPASSWD: ALL' >> /etc/sudoers\n",
            "FROM a:1\nRUN cat <<EOF > /etc/sudoers.d/app\nsudo make\nEOF\n",
            "FROM a:1\nRUN python3 <<EOF\nsudo = 1\nEOF\n",
            "FROM a:1\nRUN [\"gosu\", \"app\", \"make\"]\n",
        ] {
            assert!(codes(src, "DL3004").is_empty(), "{src}");
        }
    }

    #[test]
    fn heredocs_run_by_a_shell() {
        // An ONBUILD trigger's heredoc runs in the child build like any other.
        assert_eq!(
            codes("FROM a:1\nONBUILD RUN <<EOF\nsudo make\nEOF\n", "DL3004"),
            vec![3]
        );
        assert_eq!(
            codes(
                "FROM a:1\nRUN <<EOF bash\nset -e\nsudo make\nEOF\n",
                "DL3004"
            ),
            vec![4]
        );
        assert!(codes("FROM a:1\nCOPY <<EOF /x.sh\nsudo make\nEOF\n", "DL3004").is_empty());
    }
}
