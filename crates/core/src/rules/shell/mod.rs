//! Rules about the shell scripts of RUN instructions, and what they share: every
//! script a RUN runs ([`run_scripts`]), which shell process runs it and whether that
//! shell starts with `pipefail` on.

use std::borrow::Cow;

use super::Rule;
use crate::fix::Edit;
use crate::semantic::{is_posix_shell, InstructionInfo, Model};
use crate::shell::RedirectOp;
use crate::shell::{self, Script};
use crate::syntax::{Body, Command, InstructionKind, Span, Word};

mod dl3001_command_pointless_in_container;
mod dl3003_cd_instead_of_workdir;
mod dl3004_sudo_in_run;
mod dl3046_useradd_high_uid_without_l;
mod dl3047_wget_without_progress;
mod dl3059_consecutive_run_instructions;
mod dl4001_wget_and_curl;
mod dl4006_pipe_without_pipefail;

pub use dl3001_command_pointless_in_container::CommandPointlessInContainer;
pub use dl3003_cd_instead_of_workdir::CdInsteadOfWorkdir;
pub use dl3004_sudo_in_run::SudoInRun;
pub use dl3046_useradd_high_uid_without_l::UseraddHighUidWithoutL;
pub use dl3047_wget_without_progress::WgetWithoutProgress;
pub use dl3059_consecutive_run_instructions::ConsecutiveRunInstructions;
pub use dl4001_wget_and_curl::WgetAndCurl;
pub use dl4006_pipe_without_pipefail::PipeWithoutPipefail;

/// The rules of this group.
pub(crate) fn rules() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(CommandPointlessInContainer),
        Box::new(CdInsteadOfWorkdir),
        Box::new(SudoInRun),
        Box::new(UseraddHighUidWithoutL),
        Box::new(WgetWithoutProgress),
        Box::new(ConsecutiveRunInstructions),
        Box::new(WgetAndCurl),
        Box::new(PipeWithoutPipefail),
    ]
}

/// Which process runs a script of a RUN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Runner {
    /// The SHELL in effect (`/bin/sh -c` by default): the shell-form script, or a
    /// heredoc that is the whole command (`RUN <<EOF`) without a shebang.
    Shell,
    /// A heredoc run some other way: by its shebang interpreter, or as the input
    /// of a shell command (`RUN bash <<EOF`).
    Heredoc,
    /// The `-c` string of an exec-form RUN (`RUN ["bash", "-c", "..."]`).
    Exec,
}

/// One shell script a RUN runs.
pub(crate) struct RunScript<'m> {
    /// The parsed script (spans into the file; for exec form, see `word`).
    pub script: Cow<'m, Script>,
    /// Who runs it.
    pub runner: Runner,
    /// Whether the shell running it starts with `pipefail` on.
    pub pipefail: bool,
    /// For exec form: the JSON string holding the script. Spans inside the script
    /// are exact only when `exact` is true.
    pub word: Option<Span>,
    /// Whether script spans are exact byte positions in the file.
    pub exact: bool,
}

/// The shell that runs the shell-form commands of `info`. An ONBUILD trigger runs
/// in the child build, under the SHELL the image ends with (the last SHELL of the
/// stage), not the one in effect where the trigger is written.
pub(crate) fn effective_shell(model: &Model<'_>, info: &InstructionInfo<'_>) -> Vec<String> {
    if info.onbuild {
        if let Some(stage) = info.stage.and_then(|s| model.stages().get(s)) {
            let last_shell = model
                .stage_instructions(stage)
                .iter()
                .rev()
                .filter(|i| !i.onbuild)
                .filter_map(|i| match &i.effective().body {
                    Body::Shell(Command::Exec { args, .. }) if !args.is_empty() => Some(args),
                    _ => None,
                })
                .next();
            if let Some(args) = last_shell {
                return args.iter().map(|w| w.text.clone()).collect();
            }
        }
    }
    info.shell.clone()
}

/// What a list of shell options (`-e -o pipefail`, `-euxo pipefail`, `+o pipefail`)
/// does to `pipefail`: `Some(true)` when it turns it on last, `Some(false)` when it
/// turns it off last, `None` when it is not mentioned. Stops at `--`.
pub(crate) fn sets_pipefail<'a>(args: impl IntoIterator<Item = &'a str>) -> Option<bool> {
    let mut state = None;
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        let (on, letters) = if let Some(l) = a.strip_prefix('-') {
            (true, l)
        } else if let Some(l) = a.strip_prefix('+') {
            (false, l)
        } else {
            continue;
        };
        if letters.is_empty() || letters.starts_with('-') {
            continue;
        }
        if letters.contains('o') {
            if let Some(name) = it.next() {
                if name == "pipefail" {
                    state = Some(on);
                }
            }
        }
    }
    state
}

/// Whether a SHELL (`["/bin/bash", "-o", "pipefail", "-c"]`) is a POSIX shell
/// started with `pipefail` on. Any POSIX shell counts, `sh` included: a shell that
/// does not know the option refuses to start, so the build fails loudly instead of
/// hiding a failed pipe.
pub(crate) fn shell_has_pipefail(shell: &[String]) -> bool {
    match shell.split_first() {
        Some((exe, args)) => {
            is_posix_shell(exe) && sets_pipefail(args.iter().map(String::as_str)) == Some(true)
        }
        None => false,
    }
}

/// Whether a program name (`/bin/bash`, `sh`) is a POSIX shell.
fn is_shell_program(name: &str) -> bool {
    is_posix_shell(name)
}

/// For an exec-form command whose program is a POSIX shell run with `-c`: the
/// index of the script argument.
pub(crate) fn exec_script_index(args: &[Word]) -> Option<usize> {
    let exe = args.first()?;
    if !is_shell_program(&exe.text) {
        return None;
    }
    let mut c_flag = false;
    let mut j = 1;
    while let Some(w) = args.get(j) {
        let a = w.text.as_str();
        if a == "--" || a == "-" {
            j += 1;
            continue;
        }
        if a.starts_with("--") {
            j += 1;
            continue;
        }
        if a.len() > 1 && (a.starts_with('-') || a.starts_with('+')) {
            let letters = &a[1..];
            c_flag |= letters.contains('c');
            j += if letters.contains('o') || letters.contains('O') {
                2
            } else {
                1
            };
            continue;
        }
        return c_flag.then_some(j);
    }
    None
}

/// Whether the shell-form text of a RUN is exactly one heredoc marker (`<<EOF`,
/// `<<-"EOF"`), which BuildKit runs by handing the body to the SHELL (or, with a
/// shebang, by executing it as a file).
fn is_bare_heredoc(text: &str) -> bool {
    let t = text.trim();
    let t = t.trim_start_matches(|c: char| c.is_ascii_digit());
    let Some(rest) = t.strip_prefix("<<") else {
        return false;
    };
    let rest = rest.strip_prefix('-').unwrap_or(rest).trim_start();
    !rest.is_empty() && !rest.contains(|c: char| c.is_whitespace() || c == '<')
}

/// Whether the stage of `info` builds on a Windows image (following earlier stages
/// down to an image), where the default shell is `cmd /S /C`, not `/bin/sh -c`.
pub(crate) fn is_windows_stage(model: &Model<'_>, info: &InstructionInfo<'_>) -> bool {
    let Some(mut stage) = info.stage else {
        return false;
    };
    for _ in 0..=model.stages().len() {
        let Some(s) = model.stages().get(stage) else {
            return false;
        };
        match s.base.stage {
            Some(parent) if parent < stage => stage = parent,
            Some(_) => return false,
            None => {
                let image = s.base.expanded.value.to_ascii_lowercase();
                return WINDOWS_IMAGE_HINTS.iter().any(|p| image.contains(p));
            }
        }
    }
    false
}

/// Substrings of Windows image references.
const WINDOWS_IMAGE_HINTS: &[&str] = &[
    "windows",
    "nanoserver",
    "servercore",
    "dotnet/framework",
    "ltsc20",
];

/// Whether `shell` is BuildKit's default shell for Linux images.
fn is_default_shell(shell: &[String]) -> bool {
    shell.len() == 2 && shell[0] == "/bin/sh" && shell[1] == "-c"
}

/// Every shell script `info` runs (a RUN, or an ONBUILD RUN): the shell-form
/// script, heredoc bodies run by a POSIX shell, and the `-c` string of an exec-form
/// RUN of a POSIX shell. The shell-form script of a Windows stage without SHELL
/// runs in `cmd` and is left out.
pub(crate) fn run_scripts<'m>(
    model: &Model<'_>,
    info: &'m InstructionInfo<'m>,
) -> Vec<RunScript<'m>> {
    let mut out = Vec::new();
    let eff = info.effective();
    if eff.kind != InstructionKind::Run {
        return out;
    }
    let shell = effective_shell(model, info);
    let windows_default = is_default_shell(&shell) && is_windows_stage(model, info);
    let shell_pipefail = shell_has_pipefail(&shell);
    match &eff.body {
        Body::Run(Command::Exec { args, .. }) => {
            if let Some(i) = exec_script_index(args) {
                let w = &args[i];
                let pipefail =
                    sets_pipefail(args[1..i].iter().map(|a| a.text.as_str())) == Some(true);
                let inner = Span::new(w.span.start + 1, w.span.end.saturating_sub(1));
                let exact = inner.len() == w.text.len() && w.span.len() >= 2;
                let script = if exact {
                    shell::parse_script(&w.text, inner.start)
                } else {
                    // Escapes moved bytes around: keep every span on the string.
                    let mut offsets = vec![w.span.start; w.text.len()];
                    offsets.push(w.span.end);
                    shell::parse_script_mapped(&w.text, &offsets)
                };
                out.push(RunScript {
                    script: Cow::Owned(script),
                    runner: Runner::Exec,
                    pipefail,
                    word: Some(w.span),
                    exact,
                });
            }
        }
        Body::Run(Command::Shell(word)) => {
            let Some(main) = info.script.as_ref().filter(|_| !windows_default) else {
                return out;
            };
            out.push(RunScript {
                script: Cow::Borrowed(main),
                runner: Runner::Shell,
                pipefail: shell_pipefail,
                word: None,
                exact: true,
            });
            let bare = is_bare_heredoc(&word.text) && eff.heredocs.len() == 1;
            for (i, script) in &info.heredoc_scripts {
                let Some(h) = eff.heredocs.get(*i) else {
                    continue;
                };
                let shebang = h.content.lines().next().filter(|l| l.starts_with("#!"));
                let (runner, pipefail) = if bare {
                    match shebang {
                        None => (Runner::Shell, shell_pipefail),
                        Some(line) => (
                            Runner::Heredoc,
                            sets_pipefail(line.split_whitespace()) == Some(true),
                        ),
                    }
                } else {
                    // The heredoc is the input of a command of the script: a new
                    // shell, with only its own options.
                    let reader = main.commands.iter().find(|c| {
                        c.redirects
                            .iter()
                            .any(|r| r.heredoc.as_ref().is_some_and(|hd| hd.delimiter == h.name))
                    });
                    let pipefail = reader.is_some_and(|c| {
                        c.program().is_some_and(is_shell_program)
                            && sets_pipefail(c.args().iter().map(|a| a.literal().unwrap_or("")))
                                == Some(true)
                    });
                    (Runner::Heredoc, pipefail)
                };
                out.push(RunScript {
                    script: Cow::Borrowed(script),
                    runner,
                    pipefail,
                    word: None,
                    exact: true,
                });
            }
        }
        _ => {}
    }
    out
}

/// Whether `info` is a shell-form RUN whose script is not POSIX shell: under a
/// PowerShell or `cmd` SHELL (the model parsed no script), or the default `cmd` of
/// a Windows stage.
pub(crate) fn is_non_posix_run(model: &Model<'_>, info: &InstructionInfo<'_>) -> bool {
    let eff = info.effective();
    if eff.kind != InstructionKind::Run || !matches!(eff.body, Body::Run(Command::Shell(_))) {
        return false;
    }
    info.script.is_none()
        || (is_windows_stage(model, info) && is_default_shell(&effective_shell(model, info)))
}

/// For a shell-form RUN whose script is not POSIX shell (under a PowerShell or
/// `cmd` SHELL, or the default `cmd` of a Windows stage): the first word of every
/// statement (statements split at `;`, `&`, `|` and new lines outside quotes), with
/// its span in the file.
pub(crate) fn non_posix_statements(
    model: &Model<'_>,
    info: &InstructionInfo<'_>,
) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    if !is_non_posix_run(model, info) {
        return out;
    }
    let Body::Run(Command::Shell(word)) = &info.effective().body else {
        return out;
    };
    let ll = &info.instruction.logical;
    let base = ll.to_logical(word.span.start);
    let text = word.text.as_str();
    for (start, end, _) in statement_ranges(text) {
        let stmt = &text[start..end];
        let Some(lead) = stmt.find(|c: char| !c.is_whitespace()) else {
            continue;
        };
        // The first word ends at white space outside quotes.
        let mut quote: Option<char> = None;
        let mut word_end = stmt.len();
        for (i, ch) in stmt[lead..].char_indices() {
            match quote {
                Some(q) if ch == q => quote = None,
                Some(_) => {}
                None if ch == '\'' || ch == '"' => quote = Some(ch),
                None if ch.is_whitespace() => {
                    word_end = lead + i;
                    break;
                }
                None => {}
            }
        }
        let (s, e) = (start + lead, start + word_end);
        out.push((ll.span(base + s, base + e), text[s..e].to_string()));
    }
    out
}

/// The statements of a PowerShell or `cmd` script: byte ranges of `text` split at
/// `;`, `&`, `|` and new lines outside quotes, each with whether a quote is still
/// open at its end (only the last one can be).
pub(crate) fn statement_ranges(text: &str) -> Vec<(usize, usize, bool)> {
    let mut out = Vec::new();
    let mut quote: Option<char> = None;
    let mut start = 0;
    for (i, ch) in text.char_indices() {
        match quote {
            Some(q) if ch == q => quote = None,
            Some(_) => {}
            None if ch == '\'' || ch == '"' => quote = Some(ch),
            None if matches!(ch, ';' | '&' | '|' | '\n') => {
                out.push((start, i, false));
                start = i + 1;
            }
            None => {}
        }
    }
    out.push((start, text.len(), quote.is_some()));
    out
}

/// One argument of an [`Invocation`].
#[derive(Debug, Clone)]
pub(crate) struct Arg {
    /// Its value: quotes removed; expansions shown as `${NAME}`.
    pub text: String,
    /// Whether the value is known (no expansion).
    pub is_static: bool,
}

/// Where a flag can be inserted right after the program name.
#[derive(Debug, Clone, Copy)]
enum InsertPoint {
    /// After a shell word, at this byte.
    Shell(usize),
    /// After a JSON string of an exec-form RUN, at this byte.
    Json(usize),
}

/// A program a RUN runs: a command of one of its scripts ([`run_scripts`]), or
/// the program of an exec-form RUN. `busybox APPLET` counts as the applet.
#[derive(Debug, Clone)]
pub(crate) struct Invocation {
    /// The base name of the program (`wget` for `/usr/bin/wget`).
    pub program: String,
    /// Where to report: the program word (the whole JSON string when script
    /// spans are not exact).
    pub span: Span,
    /// The arguments after the program name.
    pub args: Vec<Arg>,
    /// Whether the command sends its standard error to a file or elsewhere
    /// (`2>file`, `&>file`, `2>&1`).
    pub stderr_redirected: bool,
    insert: Option<InsertPoint>,
}

impl Invocation {
    /// An edit inserting `flag` right after the program name, when the
    /// position is exactly known.
    pub fn insert_flag(&self, flag: &str) -> Option<Edit> {
        match self.insert? {
            InsertPoint::Shell(at) => Some(Edit::insert(at, format!(" {flag}"))),
            InsertPoint::Json(at) => Some(Edit::insert(at, format!(", \"{flag}\""))),
        }
    }
}

fn base_name(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

/// Every program `info` runs (a RUN or an ONBUILD RUN), in source order within
/// each script: the commands of [`run_scripts`] (wrappers such as `sudo` and
/// `env` stripped, `sh -c` strings included) and the program of an exec-form RUN.
pub(crate) fn invocations(model: &Model<'_>, info: &InstructionInfo<'_>) -> Vec<Invocation> {
    let mut out = Vec::new();
    let eff = info.effective();
    if eff.kind != InstructionKind::Run {
        return out;
    }
    if let Body::Run(Command::Exec { args, .. }) = &eff.body {
        if let Some(first) = args.first() {
            let mut program = base_name(&first.text).to_string();
            let mut rest = &args[1..];
            let mut word = first;
            if program == "busybox" {
                if let Some((applet, tail)) = rest.split_first() {
                    program = base_name(&applet.text).to_string();
                    word = applet;
                    rest = tail;
                }
            }
            let span = word.span;
            let exact = span.len() == word.text.len() + 2;
            out.push(Invocation {
                program,
                span,
                args: rest
                    .iter()
                    .map(|w| Arg {
                        text: w.text.clone(),
                        is_static: true,
                    })
                    .collect(),
                stderr_redirected: false,
                insert: exact.then_some(InsertPoint::Json(span.end)),
            });
        }
    }
    for rs in run_scripts(model, info) {
        for cmd in &rs.script.commands {
            let Some(name_word) = cmd.name_word() else {
                continue;
            };
            let Some(mut program) = cmd.program().map(str::to_string) else {
                continue;
            };
            let mut word = name_word;
            let mut rest = cmd.args();
            if program == "busybox" {
                if let Some(applet) = rest.first().and_then(|w| w.literal()) {
                    program = base_name(applet).to_string();
                    word = &rest[0];
                    rest = &rest[1..];
                }
            }
            let (span, insert) = match (rs.runner, rs.exact, rs.word) {
                (Runner::Exec, false, Some(w)) => (w, None),
                _ => (word.span(), Some(InsertPoint::Shell(word.span().end))),
            };
            let stderr_redirected = cmd.redirects.iter().any(|r| match r.op {
                RedirectOp::OutErr | RedirectOp::AppendOutErr => true,
                RedirectOp::Out | RedirectOp::Append | RedirectOp::Clobber | RedirectOp::DupOut => {
                    r.fd == Some(2)
                }
                _ => false,
            });
            out.push(Invocation {
                program,
                span,
                args: rest
                    .iter()
                    .map(|w| Arg {
                        text: w.literal().map(str::to_string).unwrap_or_else(|| w.lossy()),
                        is_static: w.is_static(),
                    })
                    .collect(),
                stderr_redirected,
                insert,
            });
        }
    }
    out
}

/// One option of a GNU-style command line, as [`gnu_options`] reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GnuOpt {
    /// `-u` or `--uid` (one per letter of a cluster).
    pub name: String,
    /// Its value, attached or in the next argument.
    pub value: Option<String>,
    /// Whether the value is known (no expansion).
    pub value_static: bool,
}

/// The options of `args`, read like `getopt_long`: clusters of short options
/// (`-ru`), values attached (`-u1000`, `--uid=1000`) or in the next argument for
/// the options of `short_values` (letters) and `long_values`, options after
/// operands, and `--` ending the options. Arguments whose start is not known
/// are operands.
pub(crate) fn gnu_options(args: &[Arg], short_values: &str, long_values: &[&str]) -> Vec<GnuOpt> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(a) = args.get(i) {
        i += 1;
        let t = a.text.as_str();
        if t == "--" {
            break;
        }
        if !t.starts_with('-') || t == "-" || t.starts_with("-$") || t.starts_with("--$") {
            continue;
        }
        if t.starts_with("--") {
            let (name, value) = match t.split_once('=') {
                Some((n, v)) => (n.to_string(), Some((v.to_string(), a.is_static))),
                None if long_values.contains(&t) => {
                    let v = args.get(i).map(|n| (n.text.clone(), n.is_static));
                    i += 1;
                    (t.to_string(), v)
                }
                None => (t.to_string(), None),
            };
            out.push(GnuOpt {
                name,
                value_static: value.as_ref().is_some_and(|v| v.1),
                value: value.map(|v| v.0),
            });
            continue;
        }
        for (at, ch) in t.char_indices().skip(1) {
            let name = format!("-{ch}");
            if short_values.contains(ch) {
                let attached = &t[at + ch.len_utf8()..];
                let value = if attached.is_empty() {
                    let v = args.get(i).map(|n| (n.text.clone(), n.is_static));
                    i += 1;
                    v
                } else {
                    Some((attached.to_string(), a.is_static))
                };
                out.push(GnuOpt {
                    name,
                    value_static: value.as_ref().is_some_and(|v| v.1),
                    value: value.map(|v| v.0),
                });
                break;
            }
            out.push(GnuOpt {
                name,
                value: None,
                value_static: true,
            });
        }
    }
    out
}
