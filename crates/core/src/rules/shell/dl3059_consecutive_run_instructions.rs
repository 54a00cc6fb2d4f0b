use super::{non_posix_statements, run_scripts};
use crate::fix::{Edit, Fix};
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::semantic::InstructionInfo;
use crate::shell::{Context, Separator};
use crate::syntax::{Body, Command, Instruction, InstructionKind, Mount, Node, Span};

crate::declare_rule! {
    /// ## What it does
    /// Reports a RUN that directly follows another RUN of the same stage when both
    /// run a single command, with the same flags.
    ///
    /// ## Why
    /// Every RUN makes a layer. Files deleted by a later RUN still take room in the
    /// earlier layer, and many small layers make the image slower to pull. Joining
    /// related commands with `&&` in one RUN gives one layer.
    ///
    /// Comments and blank lines between the RUNs do not break the sequence; any other
    /// instruction does, ONBUILD triggers included. As in hadolint, the rule stays
    /// silent when either RUN already runs two commands or more (the split is
    /// deliberate then), and when their flags differ (`--mount`, `--network`,
    /// `--security`: such RUNs cannot be merged; equal mounts written in another
    /// order are equal). Commands are counted in the RUN's own script, heredoc
    /// scripts and `$(...)` included; a `sh -c '...'` string counts as one command
    /// and `[ ... ]` tests count for none, as in hadolint. Under PowerShell or `cmd`
    /// (a non-POSIX SHELL, or a Windows base image) statements are counted instead.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update
    /// RUN apt-get install -y --no-install-recommends curl
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && \
    ///     apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Fix
    /// Joins the second RUN onto the first with `&& \`. The fix is unsafe: it changes
    /// the layers and what the build cache reuses. It is offered only when both RUNs
    /// are plain shell form (no heredoc, no comment in the script), nothing but
    /// blank space separates them, and the first command does not change the state
    /// of the shell (`cd`, `export`, `set`, `source`, variable assignments...), which
    /// would change what the second command does.
    pub struct ConsecutiveRunInstructions {
        code: "DL3059",
        name: "consecutive-run-instructions",
        category: Size,
        severity: Info,
        fix: Sometimes,
    }
}

const MESSAGE: &str = "Multiple consecutive `RUN` instructions. Consider consolidation.";

/// Builtins whose effect lasts for the rest of the script: merging a RUN that
/// runs one of these into the next RUN changes what the next one does.
const STATEFUL: &[&str] = &[
    "cd", "pushd", "popd", "export", "set", "source", ".", "unset", "umask", "alias", "shopt",
    "ulimit", "trap", "exec", "exit", "eval", "declare", "typeset", "readonly", "local", "hash",
    "enable", "builtin", "return", "shift", "unalias",
];

/// A RUN's flags in a form where equal flags compare equal (mount fields in any
/// order, flag names in any case).
type FlagsKey = Vec<(String, String)>;

/// The [`FlagsKey`] of a RUN.
fn flags_key(inst: &Instruction) -> FlagsKey {
    let mut key: FlagsKey = inst
        .flags
        .iter()
        .map(|f| {
            let name = f.name.to_ascii_lowercase();
            let value = if name == "mount" {
                let m = Mount::parse(f);
                let mut opts: Vec<String> = m
                    .options
                    .iter()
                    .map(|o| format!("{}={}", o.key, o.value.as_deref().unwrap_or("")))
                    .collect();
                opts.sort();
                opts.join(",")
            } else {
                f.value.clone().unwrap_or_default()
            };
            (name, value)
        })
        .collect();
    key.sort();
    key
}

/// How many commands a RUN runs (commands with a static name, in every script of
/// the RUN, `$(...)` included); an exec-form RUN of a program is one command.
fn command_count(model: &crate::semantic::Model<'_>, info: &InstructionInfo<'_>) -> usize {
    let scripts = run_scripts(model, info);
    if scripts.is_empty() {
        // Not a POSIX script (PowerShell, cmd): count its statements.
        return match &info.effective().body {
            Body::Run(Command::Exec { .. }) => 1,
            _ => non_posix_statements(model, info).len(),
        };
    }
    // As in hadolint, a `sh -c '...'` string is one command: the string is not
    // looked into, and `[`/`[[` tests are not commands.
    let n: usize = scripts
        .iter()
        .map(|rs| {
            rs.script
                .commands
                .iter()
                .filter(|c| c.name().is_some_and(|n| n != "[" && n != "[["))
                .filter(|c| {
                    !c.position
                        .enclosing
                        .iter()
                        .any(|e| matches!(e, Context::InlineScript { .. }))
                })
                .count()
        })
        .sum();
    match &info.effective().body {
        Body::Run(Command::Exec { .. }) => n.max(1),
        _ => n,
    }
}

/// The merge of `cur` onto `prev`, when it is safe enough to offer.
fn merge_fix(
    ctx: &RuleContext<'_>,
    prev: &InstructionInfo<'_>,
    cur: &InstructionInfo<'_>,
) -> Option<Fix> {
    let src = ctx.source();
    let (p, c) = (prev.effective(), cur.effective());
    if prev.onbuild || cur.onbuild || !p.heredocs.is_empty() || !c.heredocs.is_empty() {
        return None;
    }
    let (Body::Run(Command::Shell(pw)), Body::Run(Command::Shell(cw))) = (&p.body, &c.body) else {
        return None;
    };
    let (Some(ps), Some(cs)) = (&prev.script, &cur.script) else {
        return None;
    };
    // One and-or list each, no trailing `;`/`&` on the first, no `&` on the second.
    if ps.body.items.len() != 1
        || cs.body.items.len() != 1
        || !ps.problems.is_empty()
        || !cs.problems.is_empty()
    {
        return None;
    }
    if ps.body.items[0].separator.is_some()
        || cs.body.items[0].separator == Some(Separator::Background)
    {
        return None;
    }
    if ps.commands.iter().any(|cmd| {
        cmd.program().is_some_and(|n| STATEFUL.contains(&n))
            || (cmd.name_word().is_none() && !cmd.assignments.is_empty())
    }) {
        return None;
    }
    // No comment inside either script, nothing but blank space between the RUNs.
    let prev_text = src.get(pw.span.start..pw.span.end)?;
    let cur_text = src.get(cw.span.start..cw.span.end)?;
    if prev_text.contains('#') || cur_text.contains('#') || !p.inner_comments.is_empty() {
        return None;
    }
    let between = src.get(pw.span.end..c.keyword.span.start)?;
    if !between.chars().all(char::is_whitespace) {
        return None;
    }
    let esc = ctx.dockerfile().escape();
    let newline = if between.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    Some(Fix::unsafe_(
        "Join this RUN onto the previous one with `&&`",
        vec![Edit::replace(
            Span::new(pw.span.end, cw.span.start),
            format!(" && {esc}{newline}    "),
        )],
    ))
}

impl Rule for ConsecutiveRunInstructions {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        let infos = model.instructions();
        let mut k = 0;
        // The previous RUN of the sequence: (index, flags, command count).
        let mut prev: Option<(usize, FlagsKey, usize)> = None;
        for node in ctx.dockerfile().nodes() {
            match node {
                Node::Comment(_) | Node::Blank { .. } | Node::Directive(_) => continue,
                Node::Error(_) => {
                    prev = None;
                    continue;
                }
                Node::Instruction(_) => {}
            }
            let Some(info) = infos.get(k) else { break };
            k += 1;
            if info.onbuild || info.kind() != InstructionKind::Run {
                prev = None;
                continue;
            }
            let key = flags_key(info.effective());
            let count = command_count(model, info);
            if let Some((pi, pkey, pcount)) = &prev {
                if *pkey == key && *pcount <= 1 && count <= 1 {
                    let span = info.effective().keyword.span;
                    match merge_fix(ctx, &infos[*pi], info) {
                        Some(fix) => ctx.report_with_fix(span, MESSAGE, fix),
                        None => {
                            ctx.report(span, MESSAGE);
                        }
                    }
                }
            }
            prev = Some((info.index, key, count));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{codes, fixed};

    fn unsafe_fixed(src: &str) -> String {
        crate::rules::test_support::fixed_with(src, "DL3059", crate::fix::Applicability::Unsafe)
    }

    #[test]
    fn consecutive_single_command_runs_are_reported() {
        assert_eq!(
            codes("FROM a:1\nRUN /foo.sh\nRUN /bar.sh\n", "DL3059"),
            vec![3]
        );
        assert_eq!(
            codes("FROM a:1\nRUN a\n# note\n\n# more\nRUN b\n", "DL3059"),
            vec![6]
        );
        assert_eq!(
            codes("FROM a:1\nRUN a\nRUN b\nRUN c\n", "DL3059"),
            vec![3, 4]
        );
        assert_eq!(
            codes("FROM a:1\nRUN a && b\nRUN c\nRUN d\n", "DL3059"),
            vec![4]
        );
        // Same flags, in any order.
        assert_eq!(
            codes("FROM a:1\nRUN --mount=type=cache,target=/x,id=1 a\nRUN --mount=id=1,type=cache,target=/x b\n", "DL3059"),
            vec![3]
        );
        // Heredoc scripts count their commands.
        assert_eq!(
            codes("FROM a:1\nRUN a\nRUN <<EOF\nb\nEOF\n", "DL3059"),
            vec![3]
        );
        assert_eq!(
            codes("FROM a:1\nRUN [\"a\"]\nRUN [\"b\", \"c\"]\n", "DL3059"),
            vec![3]
        );
        assert_eq!(codes("FROM a:1\nRUN A=1\nRUN b > /x\n", "DL3059"), vec![3]);
    }

    #[test]
    fn chained_commands_other_flags_and_other_instructions_break_it() {
        for src in [
            "FROM a:1\nRUN a\nWORKDIR /\nRUN b\n",
            "FROM a:1\nRUN a && b\nRUN c\n",
            "FROM a:1\nRUN c\nRUN a; b\n",
            "FROM a:1\nRUN echo $(date)\nRUN c\n",
            "FROM a:1\nRUN a | b\nRUN c\n",
            "FROM a:1\nRUN --mount=type=secret,id=foo a\nRUN b\n",
            "FROM a:1\nRUN --mount=type=secret,id=foo a\nRUN --mount=type=secret,id=bar b\n",
            "FROM a:1\nRUN a\nRUN --network=none b\n",
            "FROM a:1\nRUN a\nONBUILD RUN b\nRUN c\n",
            "FROM a:1\nONBUILD RUN a\nONBUILD RUN b\n",
            "FROM a:1\nRUN a\nFROM b:1\nRUN b\n",
            "FROM a:1\nRUN <<EOF\na\nb\nEOF\nRUN c\n",
            "FROM a:1\nRUN [\"sh\", \"-c\", \"a && b\"]\nRUN c\n",
        ] {
            assert!(codes(src, "DL3059").is_empty(), "{src}");
        }
    }

    #[test]
    fn powershell_and_cmd_statements_count_as_commands() {
        let ps = "FROM a:1\nSHELL [\"powershell\", \"-Command\"]\n";
        assert_eq!(
            codes(
                &format!("{ps}RUN Write-Host 'a; b'\nRUN Remove-Item x\n"),
                "DL3059"
            ),
            vec![4]
        );
        assert!(codes(
            &format!("{ps}RUN Invoke-WebRequest $u -OutFile x.zip; Expand-Archive x.zip\nRUN Remove-Item x.zip\n"),
            "DL3059"
        )
        .is_empty());
        let win = "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n";
        assert_eq!(
            codes(
                &format!("{win}RUN mkdir C:\\x\nRUN setx /M PATH \"%PATH%;C:\\x\"\n"),
                "DL3059"
            ),
            vec![3]
        );
        assert!(codes(
            &format!("{win}RUN mkdir C:\\x && echo y\nRUN z\n"),
            "DL3059"
        )
        .is_empty());
    }

    #[test]
    fn fix_joins_runs_with_and() {
        let src = "FROM a:1\nRUN apt-get update\nRUN apt-get install -y curl\n\nRUN make\n";
        let out = unsafe_fixed(src);
        assert_eq!(
            out,
            "FROM a:1\nRUN apt-get update && \\\n    apt-get install -y curl && \\\n    make\n"
        );
        assert!(codes(&out, "DL3059").is_empty());
        assert_eq!(unsafe_fixed(&out), out);
        // Unsafe only.
        assert_eq!(fixed(src, "DL3059"), src);
        // Same flags are kept once.
        assert_eq!(
            unsafe_fixed("FROM a:1\nRUN --network=none a\nRUN --network=none b\n"),
            "FROM a:1\nRUN --network=none a && \\\n    b\n"
        );
        // The escape character of the file.
        assert_eq!(
            unsafe_fixed("# escape=`\nFROM a:1\nRUN a\nRUN b\n"),
            "# escape=`\nFROM a:1\nRUN a && `\n    b\n"
        );
    }

    #[test]
    fn no_fix_where_merging_changes_meaning_or_loses_text() {
        for src in [
            "FROM a:1\nRUN cd /src\nRUN make\n",
            "FROM a:1\nRUN export A=1\nRUN make\n",
            "FROM a:1\nRUN A=1\nRUN make\n",
            "FROM a:1\nRUN a\n# why\nRUN b\n",
            "FROM a:1\nRUN a # note\nRUN b\n",
            "FROM a:1\nRUN a;\nRUN b\n",
            "FROM a:1\nRUN a\nRUN b &\n",
            "FROM a:1\nRUN a\nRUN <<EOF\nb\nEOF\n",
            "FROM a:1\nRUN [\"a\"]\nRUN b\n",
        ] {
            assert_eq!(unsafe_fixed(src), src, "{src}");
        }
    }

    #[test]
    fn cache_mounts_and_heredoc_shells() {
        let m = "--mount=type=cache,target=/var/cache/apt";
        // Equal cache mounts: reported, and the fix keeps the mount once.
        let src = format!("FROM a:1\nRUN {m} apt-get update\nRUN {m} apt-get install -y x\n");
        assert_eq!(codes(&src, "DL3059"), vec![3]);
        assert_eq!(
            unsafe_fixed(&src),
            format!("FROM a:1\nRUN {m} apt-get update && \\\n    apt-get install -y x\n")
        );
        // A mount on another target, or a mount on one only: cannot be merged.
        for src in [
            format!("FROM a:1\nRUN {m} a\nRUN --mount=type=cache,target=/root/.cache b\n"),
            format!("FROM a:1\nRUN {m} a\nRUN b\n"),
        ] {
            assert!(codes(&src, "DL3059").is_empty(), "{src}");
        }
        // A heredoc run by bash counts its commands, and bash itself.
        assert!(codes("FROM a:1\nRUN a\nRUN <<EOF bash\nb\nEOF\n", "DL3059").is_empty());
    }
}
