use super::{non_posix_statements, run_scripts, Runner};
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
    /// `cd` inside a subshell `( cd x && make )` is reported, as hadolint does, and
    /// so is `cd` in places hadolint does not look: `sh -c '...'` strings, exec-form
    /// `["sh", "-c", "..."]` RUNs and ONBUILD triggers. Heredoc scripts are checked
    /// like any RUN script. Under PowerShell or `cmd` (a non-POSIX SHELL, or a
    /// Windows base image), a statement starting with `cd`, `chdir`, `sl` or
    /// `Set-Location` is reported.
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

const MESSAGE: &str = "Use WORKDIR to switch to a directory";

impl Rule for CdInsteadOfWorkdir {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        for info in model.instructions() {
            for rs in run_scripts(model, info) {
                for cmd in &rs.script.commands {
                    if cmd.program() == Some("cd") {
                        let span = match (rs.runner, rs.exact, rs.word) {
                            (Runner::Exec, false, Some(w)) => w,
                            _ => cmd.span,
                        };
                        ctx.report(span, MESSAGE);
                    }
                }
            }
            for (span, first) in non_posix_statements(model, info) {
                if ["cd", "chdir", "sl", "set-location"]
                    .iter()
                    .any(|c| first.eq_ignore_ascii_case(c))
                {
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
    fn cd_in_shell_strings_and_exec_form_shells() {
        assert_eq!(
            codes("FROM a:1\nRUN bash -c 'cd /x && make'\n", "DL3003"),
            vec![2]
        );
        assert_eq!(
            codes(
                "FROM a:1\nRUN [\"sh\", \"-c\", \"cd /x && make\"]\n",
                "DL3003"
            ),
            vec![2]
        );
        assert_eq!(codes("FROM a:1\nRUN (cd /x && make)\n", "DL3003"), vec![2]);
    }

    #[test]
    fn cd_in_powershell_and_cmd() {
        assert_eq!(
            codes(
                "FROM a:1\nSHELL [\"powershell\", \"-Command\"]\nRUN mkdir x ; \\\n    Set-Location x ; git clone y\n",
                "DL3003"
            ),
            vec![4]
        );
        assert_eq!(
            codes(
                "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN cd C:\\src && nmake\n",
                "DL3003"
            ),
            vec![2]
        );
        assert!(codes(
            "FROM a:1\nSHELL [\"pwsh\", \"-c\"]\nRUN Write-Host 'cd x'; Get-Item cd\n",
            "DL3003"
        )
        .is_empty());
    }

    #[test]
    fn other_commands_and_exec_form_are_fine() {
        assert!(codes("FROM a:1\nRUN make cd\n", "DL3003").is_empty());
        assert!(codes("FROM a:1\nRUN [\"cd\", \"/x\"]\n", "DL3003").is_empty());
        assert!(codes("FROM a:1\nWORKDIR /x\nRUN make\n", "DL3003").is_empty());
        assert!(codes("FROM a:1\nRUN echo 'cd /x'\n", "DL3003").is_empty());
    }

    #[test]
    fn heredoc_forms_and_wrappers() {
        assert_eq!(
            codes(
                "FROM a:1\nRUN <<EOF bash\nset -e\ncd /src\nmake\nEOF\n",
                "DL3003"
            ),
            vec![4]
        );
        assert_eq!(
            codes(
                "FROM a:1\nRUN [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\", \"cd /x\"]\n",
                "DL3003"
            ),
            vec![2]
        );
        // A heredoc written to a file, or read by a non-shell, is not run as a script.
        for src in [
            "FROM a:1\nCOPY <<EOF /build.sh\ncd /src\nEOF\n",
            "FROM a:1\nRUN python3 <<EOF\ncd = 1\nEOF\n",
            "FROM a:1\nRUN cat <<EOF > /x.sh\ncd /src\nEOF\n",
        ] {
            assert!(codes(src, "DL3003").is_empty(), "{src}");
        }
    }
}
