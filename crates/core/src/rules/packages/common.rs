//! Helpers shared by the package-manager rules: what a shell word expands to (with
//! the ARG/ENV scope of the instruction and the variables the script itself
//! assigns), where a fix can insert a flag, cache cleanups, and which stages end up
//! in an image.

use crate::fix::Edit;
use crate::semantic::{InstructionInfo, Model, VarOrigin};
use crate::shell::{Command, Script, Separator, Word, WordPart};
use crate::syntax::{Body, Command as SyntaxCommand, InstructionKind, Span};

/// A variable lookup for a point of a script.
pub(super) struct ShellEnv<'m> {
    model: &'m Model<'m>,
    info: &'m InstructionInfo<'m>,
    /// Assignments made by the script (`X=1`, `export X=1`), in source order:
    /// `(offset, name, value)`; `None` when the value is not known statically.
    assigned: Vec<(usize, String, Option<String>)>,
}

/// What a word expands to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Expanded {
    /// The words after expansion and field splitting (empty fields dropped).
    pub words: Vec<String>,
    /// Whether every expansion had a known value.
    pub resolved: bool,
}

const MAX_DEPTH: usize = 8;

impl<'m> ShellEnv<'m> {
    /// The environment of `script`, a script of `info`.
    pub fn new(model: &'m Model<'m>, info: &'m InstructionInfo<'m>, script: &Script) -> Self {
        let mut env = ShellEnv {
            model,
            info,
            assigned: Vec::new(),
        };
        for cmd in &script.commands {
            // `X=1` alone sets a shell variable; `X=1 cmd` only sets it for `cmd`.
            if cmd.words.is_empty() {
                for a in &cmd.assignments {
                    if a.array.is_some() || a.append {
                        env.assigned.push((a.span.start, a.name.clone(), None));
                        continue;
                    }
                    let e = env.expand_joined(&a.value, a.span.start);
                    env.assigned.push((a.span.start, a.name.clone(), e));
                }
            } else if matches!(
                cmd.program(),
                Some("export" | "readonly" | "declare" | "local")
            ) {
                for w in cmd.args() {
                    let Some((name, _)) = w
                        .lossy()
                        .split_once('=')
                        .map(|(n, v)| (n.to_string(), v.to_string()))
                    else {
                        continue;
                    };
                    if name.is_empty() || name.starts_with('-') {
                        continue;
                    }
                    // The value is the text after `=`: expand the whole word and cut.
                    let value = env
                        .expand_joined(w, w.span().start)
                        .and_then(|v| v.split_once('=').map(|(_, v)| v.to_string()));
                    env.assigned.push((w.span().start, name, value));
                }
            }
        }
        env
    }

    /// The value of variable `name` as seen at byte `at`: `Some(None)` when the
    /// variable is known to exist but its value is not known, `None` when unknown.
    fn lookup(&self, name: &str, at: usize) -> Option<Option<String>> {
        if let Some((_, _, v)) = self
            .assigned
            .iter()
            .rev()
            .find(|(off, n, _)| *off < at && n == name)
        {
            return Some(v.clone());
        }
        let Some(var) = self.model.scope(self.info.index).get(name) else {
            // The container runtime sets HOME from the user's passwd entry.
            return (name == "HOME").then(|| Some(self.home()));
        };
        // ONBUILD triggers run in a later build, where this file's ARGs do not exist.
        if self.info.onbuild && var.origin != VarOrigin::Env {
            return None;
        }
        Some(var.value.clone())
    }

    /// The home directory of the user the RUN runs as (`/root` for root, or when
    /// the user is unknown; `/home/<name>` for others: the usual layout).
    pub fn home(&self) -> String {
        if let Some(Some(h)) = self
            .model
            .scope(self.info.index)
            .get("HOME")
            .map(|v| v.value.clone())
        {
            return h;
        }
        match self
            .info
            .user
            .as_deref()
            .map(|u| u.split(':').next().unwrap_or(u))
        {
            None | Some("root") | Some("0") | Some("") => "/root".to_string(),
            Some(u) => format!("/home/{u}"),
        }
    }

    /// Whether variable `name` is set (to anything) at byte `at`, and its value.
    pub fn value_of(&self, name: &str, at: usize) -> Option<Option<String>> {
        self.lookup(name, at)
    }

    /// Expand `word` as the shell would at byte `at`.
    pub fn expand(&self, word: &Word, at: usize) -> Expanded {
        let mut out = String::new();
        let mut resolved = true;
        // Tilde expansion of an unquoted leading `~` or `~/`.
        if let Some(WordPart::Literal { value, .. }) = word.parts().first() {
            if value == "~" || value.starts_with("~/") {
                out.push_str(&self.home());
                let mut rest = word.parts().to_vec();
                if let Some(WordPart::Literal { value, .. }) = rest.first_mut() {
                    value.remove(0);
                }
                self.parts(&rest, at, false, &mut out, &mut resolved, 0);
                return Expanded {
                    words: split_fields(&out),
                    resolved,
                };
            }
        }
        self.parts(word.parts(), at, false, &mut out, &mut resolved, 0);
        let words = out
            .split('\0')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        Expanded { words, resolved }
    }

    /// Expand `word` without field splitting; `None` when something is unknown.
    fn expand_joined(&self, word: &Word, at: usize) -> Option<String> {
        let mut out = String::new();
        let mut resolved = true;
        self.parts(word.parts(), at, true, &mut out, &mut resolved, 0);
        resolved.then_some(out)
    }

    fn parts(
        &self,
        parts: &[WordPart],
        at: usize,
        quoted: bool,
        out: &mut String,
        resolved: &mut bool,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            *resolved = false;
            return;
        }
        for p in parts {
            match p {
                WordPart::Literal { value, .. }
                | WordPart::SingleQuoted { value, .. }
                | WordPart::AnsiC { value, .. } => out.push_str(value),
                WordPart::DoubleQuoted { parts, .. } => {
                    self.parts(parts, at, true, out, resolved, depth + 1)
                }
                WordPart::Param(pe) => {
                    if pe.length || pe.indirect || !is_name(&pe.name) {
                        *resolved = false;
                        continue;
                    }
                    let var = self.lookup(&pe.name, at);
                    let value: Option<String> = match pe.op.as_deref() {
                        None => var.flatten(),
                        Some(op @ (":-" | "-" | ":=" | "=")) => {
                            let set = match &var {
                                Some(Some(v)) => !(op.starts_with(':') && v.is_empty()),
                                Some(None) => {
                                    *resolved = false;
                                    continue;
                                }
                                None => false,
                            };
                            if set {
                                var.flatten()
                            } else {
                                let mut d = String::new();
                                if let Some(arg) = &pe.arg {
                                    self.parts(
                                        arg.parts(),
                                        at,
                                        quoted,
                                        &mut d,
                                        resolved,
                                        depth + 1,
                                    );
                                }
                                // Already split as needed by the recursive call.
                                out.push_str(&d);
                                continue;
                            }
                        }
                        Some(op @ (":+" | "+")) => match &var {
                            Some(Some(v)) if !(op.starts_with(':') && v.is_empty()) => {
                                let mut d = String::new();
                                if let Some(arg) = &pe.arg {
                                    self.parts(
                                        arg.parts(),
                                        at,
                                        quoted,
                                        &mut d,
                                        resolved,
                                        depth + 1,
                                    );
                                }
                                out.push_str(&d);
                                continue;
                            }
                            Some(None) => None,
                            _ => Some(String::new()),
                        },
                        Some(_) => None,
                    };
                    match value {
                        Some(v) if quoted => out.push_str(&v),
                        Some(v) => {
                            // Unquoted: field splitting on blanks.
                            out.extend(v.chars().map(|c| if c.is_whitespace() { '\0' } else { c }))
                        }
                        None => *resolved = false,
                    }
                }
                WordPart::CommandSubst { .. }
                | WordPart::ProcessSubst { .. }
                | WordPart::Arith { .. } => *resolved = false,
            }
        }
    }
}

fn split_fields(s: &str) -> Vec<String> {
    s.split('\0')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn is_name(s: &str) -> bool {
    let mut c = s.chars();
    c.next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && c.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether the source text of `word` is exactly its literal value (no quotes, no
/// escapes, no expansion), so that a fix can edit around it safely.
pub(super) fn is_plain(model: &Model<'_>, word: &Word) -> bool {
    word.literal()
        .is_some_and(|l| !l.is_empty() && model.dockerfile().text(word.span()) == l)
}

/// An edit inserting ` text` right after `word`, when the word is plain.
pub(super) fn insert_after(model: &Model<'_>, word: &Word, text: &str) -> Option<Edit> {
    is_plain(model, word).then(|| Edit::insert(word.span().end, format!(" {text}")))
}

/// Whether the stage of `info` ends up in an image someone runs or builds on: the
/// last stage, or a stage a later `FROM` builds on. ONBUILD triggers always count
/// (they run in the image built from this one).
pub(super) fn stage_is_shipped(model: &Model<'_>, info: &InstructionInfo<'_>) -> bool {
    if info.onbuild {
        return true;
    }
    let Some(stage) = info.stage else {
        return true;
    };
    let stages = model.stages();
    stage + 1 >= stages.len() || stages.iter().any(|s| s.base.stage == Some(stage))
}

/// The working directory at command `at` of `script`: the last static `cd` before
/// it in its own scope or an enclosing one (`cd /var/lib && rm -rf apt`), else the
/// WORKDIR; `None` when unknown (`cd "$DIR"`, `cd -`, no WORKDIR).
fn cwd_at(script: &Script, at: &crate::shell::Command, workdir: Option<&str>) -> Option<String> {
    let mut cwd = workdir.map(str::to_string);
    for c in script
        .commands
        .iter()
        .filter(|c| c.span.start < at.span.start)
    {
        if !at.position.enclosing.starts_with(&c.position.enclosing) {
            continue; // a `cd` inside a subshell, loop or function body that `at` is not in
        }
        let Some(cd) = crate::shell::commands::cd::cd(c) else {
            continue;
        };
        cwd = match cd.target_text() {
            Some(t) if t.starts_with('/') => Some(t.to_string()),
            Some(t) if !t.is_empty() && !t.starts_with(['-', '~']) => {
                cwd.map(|w| format!("{}/{}", w.trim_end_matches('/'), t))
            }
            _ => None,
        };
    }
    cwd
}

/// Whether an `rm` in `script` removes `dir` (the directory, its contents, or a
/// parent of it), after byte `after`. Globs are matched; brace expansion applies
/// when the shell is bash, zsh or ksh; relative paths are taken from the directory
/// a `cd` earlier in the script moved to, or else the WORKDIR.
pub(super) fn removes_dir(env: &ShellEnv<'_>, script: &Script, dir: &str, after: usize) -> bool {
    let braces = env.info.shell.first().is_some_and(|sh| {
        let base = sh.rsplit('/').next().unwrap_or(sh);
        matches!(base, "bash" | "zsh" | "ksh" | "mksh")
    });
    script
        .commands
        .iter()
        .filter(|c| c.span.start >= after)
        .filter_map(|c| crate::shell::commands::rm::rm(c).map(|r| (c, r)))
        .any(|(c, r)| {
            r.targets.iter().any(|t| {
                let e = env.expand(t, c.span.start);
                let mut words = e.words;
                if !e.resolved {
                    words.push(t.lossy());
                }
                words.iter().any(|w| {
                    let alts = if braces {
                        brace_expand(w)
                    } else {
                        vec![w.clone()]
                    };
                    alts.iter().any(|alt| {
                        let abs = if alt.starts_with('/') {
                            alt.clone()
                        } else if let Some(wd) = cwd_at(script, c, env.info.workdir.as_deref()) {
                            format!("{}/{}", wd.trim_end_matches('/'), alt)
                        } else {
                            return false;
                        };
                        path_covers(&abs, dir)
                    })
                })
            })
        })
}

/// Whether removing `target` (an absolute path, maybe a glob like `dir/*`) removes
/// `dir`, a parent of it, or several entries inside it.
pub(super) fn path_covers(target: &str, dir: &str) -> bool {
    let pc: Vec<&str> = target
        .split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .collect();
    let dc: Vec<&str> = dir.split('/').filter(|c| !c.is_empty()).collect();
    if pc.is_empty() || pc.contains(&"..") {
        return false;
    }
    let n = pc.len().min(dc.len());
    pc[..n].iter().zip(&dc[..n]).all(|(p, d)| glob_match(p, d))
        && pc[n..].iter().all(|p| p.contains(['*', '?', '[']))
}

/// Shell pattern matching of one path component: `*`, `?` and `[...]`.
fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() {
            match p[pi] {
                '*' => {
                    star = Some((pi, ti));
                    pi += 1;
                    continue;
                }
                '?' => {
                    pi += 1;
                    ti += 1;
                    continue;
                }
                '[' => {
                    if let Some(close) = p[pi + 1..].iter().position(|&c| c == ']') {
                        let set = &p[pi + 1..pi + 1 + close];
                        let (neg, set) = match set.first() {
                            Some('!' | '^') => (true, &set[1..]),
                            _ => (false, set),
                        };
                        let mut hit = false;
                        let mut i = 0;
                        while i < set.len() {
                            if i + 2 < set.len() && set[i + 1] == '-' {
                                hit |= set[i] <= t[ti] && t[ti] <= set[i + 2];
                                i += 3;
                            } else {
                                hit |= set[i] == t[ti];
                                i += 1;
                            }
                        }
                        if hit != neg {
                            pi += close + 2;
                            ti += 1;
                            continue;
                        }
                    } else if t[ti] == '[' {
                        pi += 1;
                        ti += 1;
                        continue;
                    }
                }
                c if c == t[ti] => {
                    pi += 1;
                    ti += 1;
                    continue;
                }
                _ => {}
            }
        }
        match star {
            Some((sp, st)) => {
                pi = sp + 1;
                ti = st + 1;
                star = Some((sp, st + 1));
            }
            None => return false,
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// Bash brace expansion of `a{b,c}d` (nested and repeated braces; at most 64 words).
fn brace_expand(word: &str) -> Vec<String> {
    let mut out = Vec::new();
    brace_into(word, &mut out, 0);
    if out.is_empty() {
        out.push(word.to_string());
    }
    out
}

fn brace_into(word: &str, out: &mut Vec<String>, depth: usize) {
    if out.len() >= 64 || depth > 8 {
        out.push(word.to_string());
        return;
    }
    let bytes = word.as_bytes();
    let Some(open) = word.find('{') else {
        out.push(word.to_string());
        return;
    };
    // The matching close brace and the top-level commas between.
    let mut level = 0;
    let mut commas = Vec::new();
    let mut close = None;
    for (i, &b) in bytes.iter().enumerate().skip(open) {
        match b {
            b'{' => level += 1,
            b'}' => {
                level -= 1;
                if level == 0 {
                    close = Some(i);
                    break;
                }
            }
            b',' if level == 1 => commas.push(i),
            _ => {}
        }
    }
    let Some(close) = close else {
        out.push(word.to_string());
        return;
    };
    if commas.is_empty() {
        out.push(word.to_string());
        return;
    }
    let (pre, post) = (&word[..open], &word[close + 1..]);
    let mut start = open + 1;
    for end in commas.into_iter().chain(std::iter::once(close)) {
        let alt = &word[start..end];
        brace_into(&format!("{pre}{alt}{post}"), out, depth + 1);
        start = end + 1;
    }
}

/// A script the file runs: a shell-form RUN, a POSIX heredoc, or an exec-form RUN
/// (its command, or the script of `["sh", "-c", "..."]`), ONBUILD triggers included.
pub(super) struct Run<'a, 'm> {
    /// The instruction.
    pub info: &'m InstructionInfo<'m>,
    /// The script.
    pub script: &'a Script,
    /// Variables at every point of the script.
    pub env: ShellEnv<'m>,
}

/// Call `f` on every script the file runs.
pub(super) fn for_each_run<'m>(model: &'m Model<'m>, mut f: impl FnMut(&Run<'_, 'm>)) {
    for info in model.instructions() {
        // The shell-form script of a Windows stage without SHELL runs in `cmd`: not a
        // POSIX script (its plain commands are in `windows_statements`).
        let windows_cmd =
            info.script.is_some() && crate::rules::shell::is_non_posix_run(model, info);
        for script in info.scripts() {
            if windows_cmd
                && info
                    .script
                    .as_ref()
                    .is_some_and(|s| std::ptr::eq(s, script))
            {
                continue;
            }
            let env = ShellEnv::new(model, info, script);
            f(&Run { info, script, env });
        }
        if let Some(script) = exec_script(info) {
            let env = ShellEnv::new(model, info, &script);
            f(&Run {
                info,
                script: &script,
                env,
            });
        }
    }
}

/// Call `f` on every simple command the file runs; under PowerShell or `cmd` (no
/// POSIX script), on the statements that are plain commands ([`windows_statements`]).
pub(super) fn for_each_command<'m>(
    model: &'m Model<'m>,
    mut f: impl FnMut(&Run<'_, 'm>, &Command),
) {
    for_each_run(model, |run| {
        for c in &run.script.commands {
            f(run, c);
        }
    });
    for info in model.instructions() {
        for script in windows_statements(model, info) {
            let env = ShellEnv::new(model, info, &script);
            let run = Run {
                info,
                script: &script,
                env,
            };
            for c in &script.commands {
                f(&run, c);
            }
        }
    }
}

/// For a shell-form RUN whose script is PowerShell or `cmd` rather than POSIX
/// shell: its statements (split at `;`, `&`, `|` and new lines outside quotes) that
/// are plain commands, `pip install flask` or `npm install -g yarn@4`, each parsed
/// as a one-command script with spans into the file. A statement with anything
/// these shells read differently from sh (`$`, backtick, parentheses, braces,
/// brackets, `%`, `^`, backslash, `<`, `>`, `#`) is left out, so the package rules
/// check only what reads the same in every shell.
pub(super) fn windows_statements(model: &Model<'_>, info: &InstructionInfo<'_>) -> Vec<Script> {
    let eff = info.effective();
    let Body::Run(SyntaxCommand::Shell(word)) = &eff.body else {
        return Vec::new();
    };
    if !crate::rules::shell::is_non_posix_run(model, info) {
        return Vec::new();
    }
    let ll = &info.instruction.logical;
    let base = ll.to_logical(word.span.start);
    let text = word.text.as_str();
    let mut out = Vec::new();
    for (from, to, open_quote) in crate::rules::shell::statement_ranges(text) {
        let stmt = &text[from..to];
        let trimmed = stmt.trim();
        if open_quote
            || trimmed.is_empty()
            || trimmed.contains([
                '$', '`', '(', ')', '{', '}', '[', ']', '%', '^', '\\', '<', '>', '#',
            ])
        {
            continue;
        }
        let lead = stmt.len() - stmt.trim_start().len();
        let (from, to) = (from + lead, from + lead + trimmed.len());
        let offsets: Vec<usize> = (from..=to).map(|i| ll.to_source(base + i)).collect();
        out.push(crate::shell::parse_script_mapped(&text[from..to], &offsets));
    }
    out
}

/// The command of an exec-form RUN as a one-command script (its words are taken
/// literally: no shell runs), or the parsed script of `["sh", "-c", "script"]`.
fn exec_script(info: &InstructionInfo<'_>) -> Option<Script> {
    let eff = info.effective();
    if eff.kind != InstructionKind::Run {
        return None;
    }
    let Body::Run(SyntaxCommand::Exec { args, span }) = &eff.body else {
        return None;
    };
    let first = args.first()?;
    let program = first.text.rsplit('/').next().unwrap_or(&first.text);
    if crate::semantic::is_posix_shell(program) {
        let c = args.iter().position(|a| a.text == "-c")?;
        let body = args.get(c + 1)?;
        // The script text starts after the opening quote of its JSON string.
        return Some(crate::shell::parse_script(&body.text, body.span.start + 1));
    }
    let words: Vec<Word> = args
        .iter()
        .map(|a| {
            Word::new(
                a.span,
                vec![WordPart::Literal {
                    span: a.span,
                    value: a.text.clone(),
                }],
            )
        })
        .collect();
    let mut cmd = Command::placeholder(0, *span);
    cmd.words = words;
    cmd.name_index = Some(0);
    Some(Script {
        span: *span,
        body: Default::default(),
        commands: vec![cmd],
        problems: Vec::new(),
    })
}

/// An edit appending `&& <command>` to the RUN's script, when the RUN is a plain
/// shell-form script (no heredocs, no syntax problems) whose last item can be
/// extended. A RUN written over several lines gets the command on a new line of
/// its own, indented like the last one.
pub(super) fn append_to_run(model: &Model<'_>, run: &Run<'_, '_>, command: &str) -> Option<Edit> {
    let info = run.info;
    let inst = info.effective();
    let is_main = info
        .script
        .as_ref()
        .is_some_and(|s| std::ptr::eq(s, run.script));
    if !is_main || !inst.heredocs.is_empty() || !run.script.problems.is_empty() {
        return None;
    }
    let last = run.script.body.items.last()?;
    if matches!(last.separator, Some(Separator::Background)) {
        return None;
    }
    let df = model.dockerfile();
    let end = last.span.end;
    let src = df.source();
    if end == 0 || end > src.len() {
        return None;
    }
    // Continue on a new line when the RUN is written over several lines.
    let line_start = src[..end].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let multi = line_start > info.instruction.span.start;
    let text = if multi {
        let indent: String = src[line_start..end]
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        format!(" {}\n{indent}&& {command}", df.escape())
    } else {
        format!(" && {command}")
    };
    Some(Edit::insert(end, text))
}

/// The options that the command's arguments with expansions stand for, when their
/// values are known (`$APT_FLAGS` with `ARG APT_FLAGS="-y -q"`): the expanded words
/// that start with `-`.
pub(super) fn options_from_variables(run: &Run<'_, '_>, cmd: &Command) -> Vec<String> {
    cmd.args()
        .iter()
        .filter(|w| w.literal().is_none())
        .map(|w| run.env.expand(w, cmd.span.start))
        .filter(|e| e.resolved)
        .flat_map(|e| e.words)
        .filter(|w| w.starts_with('-'))
        .collect()
}

/// Whether the command reads its answers from a `yes` (or `echo y`, `printf 'y'`)
/// piped into it: `yes | yum install ...`.
pub(super) fn fed_by_yes(run: &Run<'_, '_>, cmd: &Command) -> bool {
    cmd.position
        .pipe_from
        .and_then(|i| run.script.command(i))
        .is_some_and(|c| match c.program() {
            Some("yes") => true,
            Some("echo" | "printf") => c
                .args()
                .iter()
                .filter_map(|w| w.literal())
                .find(|l| !l.starts_with('-'))
                .is_some_and(|l| l.trim_start().starts_with(['y', 'Y'])),
            _ => false,
        })
}

/// The start of a command as a span for a finding: from the command name to the
/// end of `last` (its subcommand, usually).
pub(super) fn command_span(cmd: &Command, last: Option<&Word>) -> Span {
    let start = cmd
        .name_word()
        .map(|w| w.span().start)
        .unwrap_or(cmd.span.start);
    let end = last
        .or(cmd.name_word())
        .map(|w| w.span().end)
        .unwrap_or(cmd.span.end);
    Span::new(start, end.max(start))
}

/// Truthy or falsy values pip's `strtobool` accepts.
pub(super) fn is_bool_word(v: &str) -> bool {
    matches!(
        v.trim().to_ascii_lowercase().as_str(),
        "y" | "yes" | "t" | "true" | "on" | "1" | "n" | "no" | "f" | "false" | "off" | "0"
    )
}

/// Whether a package operand is pinned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Pin {
    /// Pinned (or not a registry package: a local file, a path...).
    Pinned,
    /// These packages (after expansion) have no version.
    Unpinned(Vec<String>),
    /// The word has an expansion whose value is unknown.
    Unknown,
}

/// Check a package operand with `pinned` (which gets one package text): the text
/// as written first (`curl=${V}` is pinned whatever `V` is), then the expanded words.
pub(super) fn check_pin(
    env: &ShellEnv<'_>,
    word: &Word,
    at: usize,
    pinned: impl Fn(&str) -> bool,
) -> Pin {
    if let Some(l) = word.literal() {
        return if pinned(l) {
            Pin::Pinned
        } else {
            Pin::Unpinned(vec![l.to_string()])
        };
    }
    // The text with expansions as placeholders: `curl=${V}` is pinned whatever `V` is.
    if pinned(&word.lossy()) {
        return Pin::Pinned;
    }
    let e = env.expand(word, at);
    if !e.resolved {
        return Pin::Unknown;
    }
    let bad: Vec<String> = without_option_values(e.words)
        .into_iter()
        .filter(|w| !pinned(w))
        .collect();
    if bad.is_empty() {
        Pin::Pinned
    } else {
        Pin::Unpinned(bad)
    }
}

/// Like [`check_pin`], but a word whose variables all have known values is judged
/// by its value, not by its text: `ARG V=latest` + `npm install pkg@$V` or
/// `go install pkg@$V` asks for whatever is newest.
pub(super) fn check_pin_by_value(
    env: &ShellEnv<'_>,
    word: &Word,
    at: usize,
    pinned: impl Fn(&str) -> bool,
) -> Pin {
    if word.literal().is_none() {
        let e = env.expand(word, at);
        if e.resolved {
            let bad: Vec<String> = without_option_values(e.words)
                .into_iter()
                .filter(|w| !pinned(w))
                .collect();
            return if bad.is_empty() {
                Pin::Pinned
            } else {
                Pin::Unpinned(bad)
            };
        }
    }
    check_pin(env, word, at, pinned)
}

/// The words of an expanded variable without the options it holds and their values
/// (`ARG APT_OPTS="-t bookworm-backports"`, `ARG PIP_OPTS="--index-url https://x/simple"`):
/// an option word, the word after a two-letter option (`-t x`), and a URL or path
/// after a long option. What is left may be a package (`--upgrade flask`).
fn without_option_values(words: Vec<String>) -> Vec<String> {
    let mut out = Vec::new();
    let mut after: Option<String> = None;
    for w in words {
        if w.starts_with('-') {
            after = Some(w);
            continue;
        }
        let value = after.take().is_some_and(|opt| {
            (opt.len() == 2 && opt != "--")
                || (!opt.contains('=')
                    && (w.contains("://") || w.starts_with('/') || w.starts_with("./")))
        });
        if !value {
            out.push(w);
        }
    }
    out
}

/// `a`, `a` and `b`, `a`, `b` and 3 more: package names for a message.
pub(super) fn list_names(names: &[String]) -> String {
    let q: Vec<String> = names.iter().take(3).map(|n| format!("`{n}`")).collect();
    match (q.len(), names.len()) {
        (0, _) => String::new(),
        (1, 1) => q[0].clone(),
        (_, n) if n <= 3 => format!("{} and {}", q[..q.len() - 1].join(", "), q[q.len() - 1]),
        (_, n) => format!("{} and {} more", q.join(", "), n - 3),
    }
}

/// Whether a RUN before `before` (a byte offset inside the RUN of `info`, or in
/// an earlier instruction) has text for which `pred` holds: earlier RUNs of the
/// stage and of the stages it is built on, and the text of this RUN before `before`.
/// Used to find configuration files written by the Dockerfile itself
/// (`echo 'APT::Install-Recommends "false";' > /etc/apt/apt.conf.d/...`).
pub(super) fn earlier_run_text(
    model: &Model<'_>,
    info: &InstructionInfo<'_>,
    before: usize,
    pred: impl Fn(&str) -> bool,
) -> bool {
    let df = model.dockerfile();
    let own = &info.instruction.span;
    if before > own.start && pred(df.text(Span::new(own.start, before.min(own.end)))) {
        return true;
    }
    let mut stage = info.stage;
    let mut limit = info.index;
    let mut seen = 0;
    while let Some(si) = stage {
        let Some(st) = model.stages().get(si) else {
            break;
        };
        for other in model.stage_instructions(st) {
            if other.index >= limit || other.onbuild || other.kind() != InstructionKind::Run {
                continue;
            }
            if pred(df.text(other.instruction.span)) {
                return true;
            }
        }
        stage = st.base.stage;
        limit = usize::MAX;
        seen += 1;
        if seen > model.stages().len() {
            break;
        }
    }
    false
}

/// Whether `text` sets the APT option `key` (in an apt.conf snippet: `Key "value";`)
/// to one of `values`.
pub(super) fn sets_apt_option(text: &str, key: &str, values: &[&str]) -> bool {
    let lower = text.to_ascii_lowercase();
    let key = key.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(&key) {
        let rest = &lower[from + i + key.len()..];
        let v: String = rest
            .trim_start_matches(|c: char| c.is_whitespace() || c == '\\' || c == '"' || c == '\'')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if values.contains(&v.as_str()) {
            return true;
        }
        from += i + key.len();
    }
    false
}

/// Whether a cache or tmpfs mount of the RUN has a target for which `covers` holds
/// (variables in mount targets are expanded).
pub(super) fn cache_mount_covers(
    model: &Model<'_>,
    info: &InstructionInfo<'_>,
    covers: impl Fn(&str) -> bool,
) -> bool {
    use crate::syntax::MountType;
    info.effective().mounts().iter().any(|m| {
        matches!(m.kind, MountType::Cache | MountType::Tmpfs)
            && m.target().is_some_and(|t| {
                let t = model.expand(info.index, t).value;
                let t = t.trim_end_matches('/');
                !t.is_empty() && covers(t)
            })
    })
}

/// Whether the mount target `target` is `path` or a parent of it.
pub(super) fn target_covers(target: &str, path: &str) -> bool {
    let t = target.trim_end_matches('/');
    let p = path.trim_end_matches('/');
    !t.is_empty() && (p == t || p.starts_with(&format!("{t}/")))
}

#[cfg(test)]
pub(super) mod testing {
    use crate::config::{Config, RuleSelector};
    use crate::fix::Applicability;
    use crate::Linter;

    /// The text after applying every fix (safe and unsafe) of rule `code` to `src`.
    pub fn fixed_unsafe(src: &str, code: &str) -> String {
        fixed_at(src, code, Applicability::Unsafe)
    }

    /// The text after applying fixes of rule `code` at least as safe as `min`.
    pub fn fixed_at(src: &str, code: &str, min: Applicability) -> String {
        crate::rules::test_support::fixed_with(src, code, min)
    }

    /// The messages of rule `code` on `src`.
    pub fn messages(src: &str, code: &str) -> Vec<String> {
        let linter = Linter::new(Config {
            select: vec![RuleSelector::Code(code.to_string())],
            ..Config::default()
        });
        linter
            .lint(src)
            .diagnostics
            .into_iter()
            .filter(|d| d.code == code)
            .map(|d| d.message)
            .collect()
    }

    /// Apply the fixes (down to `min`) twice; check the result is stable, still
    /// parses without new syntax errors, adds no finding of any rule, and has no
    /// finding of `code` left when `clean` is set. Returns the once-fixed text.
    pub fn check_fix(src: &str, code: &str, min: Applicability, clean: bool) -> String {
        let once = fixed_at(src, code, min);
        assert_ne!(once, src, "no fix applied:\n{src}");
        let twice = fixed_at(&once, code, min);
        assert_eq!(once, twice, "fix is not idempotent:\n{src}");
        let before = crate::syntax::parse(src).diagnostics().len();
        let after = crate::syntax::parse(&once).diagnostics().len();
        assert!(after <= before, "fix broke parsing:\n{once}");
        let count = |text: &str| {
            let mut m = std::collections::BTreeMap::new();
            for d in Linter::default().lint(text).diagnostics {
                *m.entry(d.code).or_insert(0usize) += 1;
            }
            m
        };
        let (b, a) = (count(src), count(&once));
        for (c, n) in &a {
            assert!(
                *n <= b.get(c).copied().unwrap_or(0),
                "fix added a {c} finding:\n{once}"
            );
        }
        if clean {
            assert!(
                crate::rules::test_support::codes(&once, code).is_empty(),
                "findings left after fix:\n{once}"
            );
        }
        once
    }
}

#[cfg(test)]
mod tests {
    use super::{brace_expand, glob_match, path_covers};
    use crate::rules::test_support::codes;

    #[test]
    fn a_variable_of_options_holds_their_values_too() {
        let src = "FROM debian:12\nARG A=\"-t bookworm-backports\"\nRUN apt-get install -y $A curl=7.88.1-10\n";
        assert!(codes(src, "DL3008").is_empty());
        let src = "FROM alpine:3.20\nARG A=\"-X https://dl-cdn.alpinelinux.org/alpine/edge/main\"\nRUN apk add $A curl\n";
        assert_eq!(codes(src, "DL3018"), vec![3]);
        let src = "FROM alpine:3.20\nARG A=\"-X https://dl-cdn.alpinelinux.org/alpine/edge/main\"\nRUN apk add $A curl=8.9.1-r0\n";
        assert!(codes(src, "DL3018").is_empty());
        let src = "FROM python:3.12\nARG A=\"--index-url https://pypi.example.org/simple\"\nRUN pip install $A flask==3.0.0\n";
        assert!(codes(src, "DL3013").is_empty());
        // A flag is not followed by its value: the package after it is judged.
        let src = "FROM python:3.12\nARG A=\"--upgrade flask\"\nRUN pip install $A\n";
        assert_eq!(codes(src, "DL3013"), vec![3]);
    }

    #[test]
    fn plain_commands_of_powershell_and_cmd_runs_are_checked() {
        let ps = "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\n";
        // Plain statements read the same in every shell.
        let src =
            format!("{ps}RUN pip install virtualenv; $x = 1\nRUN npm install -g yarn | Out-Null\n");
        assert_eq!(codes(&src, "DL3013"), vec![3]);
        assert_eq!(codes(&src, "DL3016"), vec![4]);
        // Pinned, or not a plain command (variables, sub-expressions): nothing.
        let src = format!(
            "{ps}RUN pip install \"flask==3.0.0\"\nRUN pip install $env:PKG\nRUN pip install (Get-Content req.txt)\n"
        );
        assert!(codes(&src, "DL3013").is_empty());
        // cmd: statements split at `&&`; `%VAR%` is not plain.
        let src = "FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nRUN npm install -g yarn && npm install -g %PKG%\n";
        assert_eq!(codes(src, "DL3016"), vec![2]);
    }

    #[test]
    fn globs_braces_and_covering_paths() {
        assert!(glob_match("*_*", "deb.debian.org_debian_dists"));
        assert!(glob_match("lists*", "lists"));
        assert!(glob_match("l?st[a-z]", "lists"));
        assert!(!glob_match("l[!i]sts", "lists"));
        assert!(!glob_match("*.deb", "lists"));
        assert_eq!(
            brace_expand("/var/lib/{apt,dpkg}/x{1,2}"),
            [
                "/var/lib/apt/x1",
                "/var/lib/apt/x2",
                "/var/lib/dpkg/x1",
                "/var/lib/dpkg/x2"
            ]
        );
        assert_eq!(brace_expand("{a}"), ["{a}"]);
        for t in [
            "/var/lib/apt/lists/*",
            "/var/lib/apt/lists",
            "/var/lib/apt/lists/",
            "/var/lib/apt",
            "/var/lib/apt/*",
            "/var/lib/apt/lists/*_*",
            "/var/lib/apt/lists*",
            "/var/lib/apt/lists/*/",
        ] {
            assert!(path_covers(t, "/var/lib/apt/lists"), "{t}");
        }
        for t in [
            "/var/lib/apt/lists/lock",
            "/tmp/*",
            "/var/libs/apt/lists/*",
            "lists/*",
        ] {
            assert!(!path_covers(t, "/var/lib/apt/lists"), "{t}");
        }
    }
}
