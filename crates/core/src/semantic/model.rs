//! The semantic model of a Dockerfile: build stages and how they depend on each
//! other, ARG and ENV scopes with BuildKit's expansion rules, the USER, WORKDIR and
//! SHELL in effect at every instruction, and the parsed shell script of every RUN.

use std::collections::BTreeMap;

use super::expand::{Env, Lex};
use crate::shell::{self, Script};
use crate::syntax::{
    Body, Command, Dockerfile, ImageRef, Instruction, InstructionKind, Node, Span, Word,
};

/// ARGs BuildKit defines for every build; usable in FROM without declaration, and
/// inside a stage after `ARG NAME`. Their values depend on the build platform, so
/// they stay unresolved unless the caller supplies them as build arguments.
pub const PLATFORM_ARGS: [&str; 8] = [
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
];

/// Proxy ARGs BuildKit passes to RUN without declaration.
pub const PROXY_ARGS: [&str; 8] = [
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
];

/// Where a variable's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarOrigin {
    /// An `ARG` (its default, or the value the caller supplied).
    Arg,
    /// An `ENV`.
    Env,
    /// A predefined platform ARG.
    Predefined,
}

/// A variable in scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Var {
    /// Its value, `None` when declared without one (or only known at build time).
    pub value: Option<String>,
    /// Where it comes from.
    pub origin: VarOrigin,
}

/// The variables in scope at some point of the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    vars: BTreeMap<String, Var>,
}

impl Scope {
    /// The variable `name`, if declared.
    pub fn get(&self, name: &str) -> Option<&Var> {
        self.vars.get(name)
    }

    /// All variables, by name.
    pub fn vars(&self) -> impl Iterator<Item = (&str, &Var)> {
        self.vars.iter().map(|(k, v)| (k.as_str(), v))
    }
}

impl Env for Scope {
    fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name).and_then(|v| v.value.as_deref())
    }
}

/// The result of expanding a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expansion {
    /// The expanded text (unresolved variables expand to nothing, as in BuildKit).
    pub value: String,
    /// Whether every variable had a known value.
    pub resolved: bool,
}

/// The image a stage starts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseImage {
    /// As written.
    pub raw: String,
    /// After ARG expansion.
    pub expanded: Expansion,
    /// The expanded reference split into parts (`None` for an earlier stage, or
    /// when expansion failed).
    pub image: Option<ImageRef>,
    /// The earlier stage it names, if any.
    pub stage: Option<usize>,
    /// Whether it is `scratch`.
    pub scratch: bool,
}

/// A build stage: a `FROM` and the instructions up to the next one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    /// 0-based index.
    pub index: usize,
    /// The `AS` name as written.
    pub name: Option<Word>,
    /// The index of its FROM in [`Model::instructions`].
    pub from: usize,
    /// Indexes of its instructions in [`Model::instructions`], FROM included.
    pub instructions: std::ops::Range<usize>,
    /// The base image.
    pub base: BaseImage,
    /// `--platform`, expanded.
    pub platform: Option<Expansion>,
    /// Earlier stages it uses: its base, `COPY --from` and `RUN --mount=from=`.
    pub uses: Vec<usize>,
    /// Whether the final stage needs it (directly or through other stages).
    pub needed_by_final: bool,
}

impl Stage {
    /// The stage name, lower-cased as BuildKit compares them.
    pub fn key(&self) -> Option<String> {
        self.name.as_ref().map(|w| w.text.to_ascii_lowercase())
    }
}

/// An instruction with its context.
#[derive(Debug, Clone)]
pub struct InstructionInfo<'a> {
    /// The instruction as written (an `ONBUILD` wrapper, for ONBUILD triggers).
    pub instruction: &'a Instruction,
    /// Its index in [`Model::instructions`].
    pub index: usize,
    /// The stage it belongs to; `None` before the first FROM.
    pub stage: Option<usize>,
    /// Whether it is an ONBUILD trigger (it runs in images built from this one).
    pub onbuild: bool,
    /// The USER in effect when it runs (expanded), `None` for the base image's.
    pub user: Option<String>,
    /// The WORKDIR in effect when it runs (expanded, absolute when known).
    pub workdir: Option<String>,
    /// The shell used for shell-form commands (`["/bin/sh", "-c"]` by default).
    pub shell: Vec<String>,
    /// The scope used to expand its arguments.
    scope: usize,
    /// The shell script of a shell-form RUN (ONBUILD RUN included), with spans
    /// into the file.
    pub script: Option<Script>,
    /// Heredoc bodies run by a POSIX shell, parsed: `(heredoc index, script)`.
    pub heredoc_scripts: Vec<(usize, Script)>,
}

impl InstructionInfo<'_> {
    /// The instruction that takes effect (the inner one of `ONBUILD`).
    pub fn effective(&self) -> &Instruction {
        self.instruction.effective()
    }

    /// Its kind (the inner kind for ONBUILD triggers).
    pub fn kind(&self) -> InstructionKind {
        self.effective().kind
    }

    /// Every shell script it runs: the RUN script and POSIX-shell heredocs.
    pub fn scripts(&self) -> impl Iterator<Item = &Script> {
        self.script
            .iter()
            .chain(self.heredoc_scripts.iter().map(|(_, s)| s))
    }

    /// Whether the shell in effect is a POSIX shell (not PowerShell or cmd).
    pub fn posix_shell(&self) -> bool {
        is_posix_shell(self.shell.first().map(String::as_str).unwrap_or("/bin/sh"))
    }
}

/// Whether an executable path names a POSIX-compatible shell.
pub fn is_posix_shell(program: &str) -> bool {
    let base = program.rsplit(['/', '\\']).next().unwrap_or(program);
    let base = base.strip_suffix(".exe").unwrap_or(base);
    matches!(
        base.to_ascii_lowercase().as_str(),
        "sh" | "bash" | "dash" | "ash" | "ksh" | "mksh" | "zsh" | "busybox"
    )
}

/// The semantic model of a parsed Dockerfile.
#[derive(Debug, Clone)]
pub struct Model<'a> {
    df: &'a Dockerfile,
    instructions: Vec<InstructionInfo<'a>>,
    stages: Vec<Stage>,
    scopes: Vec<Scope>,
    global_scope: usize,
}

impl<'a> Model<'a> {
    /// Build the model of `df`; `build_args` are the values the caller supplies
    /// (like `docker build --build-arg K=V`).
    pub fn new(df: &'a Dockerfile, build_args: &BTreeMap<String, String>) -> Model<'a> {
        Builder::new(df, build_args).run()
    }

    /// The parsed file.
    pub fn dockerfile(&self) -> &'a Dockerfile {
        self.df
    }

    /// Every valid instruction, in file order.
    pub fn instructions(&self) -> &[InstructionInfo<'a>] {
        &self.instructions
    }

    /// The build stages, in file order.
    pub fn stages(&self) -> &[Stage] {
        &self.stages
    }

    /// The final stage (the default build target), if there is one.
    pub fn final_stage(&self) -> Option<&Stage> {
        self.stages.last()
    }

    /// The stage named `name` (case-insensitive) or numbered `name`, declared before
    /// instruction `before` (an index into [`Model::instructions`]).
    pub fn stage_ref(&self, name: &str, before: usize) -> Option<&Stage> {
        let key = name.to_ascii_lowercase();
        if let Ok(n) = key.parse::<usize>() {
            return self.stages.get(n).filter(|s| s.from < before);
        }
        self.stages
            .iter()
            .filter(|s| s.from < before)
            .rfind(|s| s.key().as_deref() == Some(key.as_str()))
    }

    /// The instructions of a stage.
    pub fn stage_instructions(&self, stage: &Stage) -> &[InstructionInfo<'a>] {
        self.instructions
            .get(stage.instructions.clone())
            .unwrap_or(&[])
    }

    /// The ARGs declared before the first FROM (BuildKit's meta ARGs).
    pub fn global_scope(&self) -> &Scope {
        &self.scopes[self.global_scope]
    }

    /// The variables in scope for instruction `index`.
    pub fn scope(&self, index: usize) -> &Scope {
        let s = self.instructions.get(index).map(|i| i.scope).unwrap_or(0);
        &self.scopes[s]
    }

    /// Expand `text` with the variables in scope at instruction `index`, the way
    /// BuildKit expands instruction arguments.
    pub fn expand(&self, index: usize, text: &str) -> Expansion {
        expand_in(self.df.escape(), self.scope(index), text)
    }
}

fn expand_in(escape: char, scope: &Scope, text: &str) -> Expansion {
    // Plain words need no lexing (most are).
    if !text.contains(['$', '"', '\'', escape]) {
        return Expansion {
            value: text.to_string(),
            resolved: true,
        };
    }
    let lex = Lex::new(escape);
    match lex.process_word(text, scope) {
        Ok(e) => Expansion {
            resolved: e.unmatched.is_empty(),
            value: e.value,
        },
        Err(_) => Expansion {
            value: text.to_string(),
            resolved: false,
        },
    }
}

struct Builder<'a, 'b> {
    df: &'a Dockerfile,
    build_args: &'b BTreeMap<String, String>,
    instructions: Vec<InstructionInfo<'a>>,
    stages: Vec<Stage>,
    scopes: Vec<Scope>,
}

/// Per-stage state while walking.
#[derive(Clone)]
struct StageState {
    vars: Scope,
    user: Option<String>,
    workdir: Option<String>,
    shell: Vec<String>,
}

impl<'a, 'b> Builder<'a, 'b> {
    fn new(df: &'a Dockerfile, build_args: &'b BTreeMap<String, String>) -> Self {
        Builder {
            df,
            build_args,
            instructions: Vec::new(),
            stages: Vec::new(),
            scopes: Vec::new(),
        }
    }

    fn snapshot(&mut self, scope: &Scope) -> usize {
        if self.scopes.last() != Some(scope) {
            self.scopes.push(scope.clone());
        }
        self.scopes.len() - 1
    }
    fn run(mut self) -> Model<'a> {
        let escape = self.df.escape();
        // Global scope: predefined platform ARGs, then meta ARGs before the first FROM.
        let mut global = Scope::default();
        for name in PLATFORM_ARGS {
            global.vars.insert(
                name.to_string(),
                Var {
                    value: self.build_args.get(name).cloned(),
                    origin: VarOrigin::Predefined,
                },
            );
        }
        // hadolint's `# hadolint shell=<name>` pragma names the shell of RUN scripts
        // for files built on images whose default shell is not /bin/sh.
        let default_shell = match shell_pragma(self.df) {
            Some(sh) => vec![sh, "-c".to_string()],
            None => vec!["/bin/sh".to_string(), "-c".to_string()],
        };
        let mut state: Option<StageState> = None;
        let mut stage_states: Vec<StageState> = Vec::new();
        let mut global_snapshot = None;

        let nodes: Vec<&'a Instruction> = self
            .df
            .nodes()
            .iter()
            .filter_map(|n| match n {
                Node::Instruction(i) => Some(&**i),
                _ => None,
            })
            .collect();

        for inst in nodes {
            let index = self.instructions.len();
            let onbuild = inst.kind == InstructionKind::Onbuild;
            if inst.kind == InstructionKind::From {
                // Close the previous stage.
                if let Some(st) = state.take() {
                    stage_states.push(st);
                }
                if let Some(last) = self.stages.last_mut() {
                    last.instructions.end = index;
                }
                let gs = *global_snapshot.get_or_insert_with(|| {
                    let g = global.clone();
                    self.scopes.push(g);
                    self.scopes.len() - 1
                });
                let (stage, st) = self.start_stage(inst, index, gs, &stage_states, &default_shell);
                self.stages.push(stage);
                state = Some(st);
                self.instructions.push(InstructionInfo {
                    instruction: inst,
                    index,
                    stage: Some(self.stages.len() - 1),
                    onbuild: false,
                    user: None,
                    workdir: None,
                    shell: default_shell.clone(),
                    scope: gs,
                    script: None,
                    heredoc_scripts: Vec::new(),
                });
                continue;
            }
            match state.as_mut() {
                None => {
                    // Before the first FROM: only ARG is meaningful (BuildKit's meta ARGs).
                    if let Body::Arg(decls) = &inst.body {
                        for d in decls {
                            let value = match self.build_args.get(&d.name.text) {
                                Some(v) => Some(v.clone()),
                                None => d
                                    .default
                                    .as_ref()
                                    .map(|w| expand_in(escape, &global, &w.text).value),
                            };
                            global.vars.insert(
                                d.name.text.clone(),
                                Var {
                                    value,
                                    origin: VarOrigin::Arg,
                                },
                            );
                        }
                    }
                    let scope = self.snapshot(&global);
                    self.instructions.push(InstructionInfo {
                        instruction: inst,
                        index,
                        stage: None,
                        onbuild,
                        user: None,
                        workdir: None,
                        shell: default_shell.clone(),
                        scope,
                        script: None,
                        heredoc_scripts: Vec::new(),
                    });
                }
                Some(st) => {
                    let (user, workdir, shell) =
                        (st.user.clone(), st.workdir.clone(), st.shell.clone());
                    // The instruction is expanded with the scope before its own effect.
                    let scope = if self.scopes.last() == Some(&st.vars) {
                        self.scopes.len() - 1
                    } else {
                        self.scopes.push(st.vars.clone());
                        self.scopes.len() - 1
                    };
                    if !onbuild {
                        apply_effect(inst, st, &global, self.build_args, escape);
                    }
                    let mut info = InstructionInfo {
                        instruction: inst,
                        index,
                        stage: Some(self.stages.len() - 1),
                        onbuild,
                        user,
                        workdir,
                        shell,
                        scope,
                        script: None,
                        heredoc_scripts: Vec::new(),
                    };
                    attach_scripts(inst, &mut info);
                    self.instructions.push(info);
                }
            }
        }
        if let Some(last) = self.stages.last_mut() {
            last.instructions.end = self.instructions.len();
        }
        let global_scope = match global_snapshot {
            Some(g) => g,
            None => {
                self.scopes.push(global);
                self.scopes.len() - 1
            }
        };
        if self.scopes.is_empty() {
            self.scopes.push(Scope::default());
        }
        self.link_stages();
        Model {
            df: self.df,
            instructions: self.instructions,
            stages: self.stages,
            scopes: self.scopes,
            global_scope,
        }
    }

    fn start_stage(
        &mut self,
        inst: &'a Instruction,
        index: usize,
        global_scope: usize,
        previous: &[StageState],
        default_shell: &[String],
    ) -> (Stage, StageState) {
        let escape = self.df.escape();
        let global = &self.scopes[global_scope];
        let (raw, alias) = match &inst.body {
            Body::From(f) => (
                f.image.as_ref().map(|w| w.text.clone()).unwrap_or_default(),
                f.alias.clone(),
            ),
            _ => (String::new(), None),
        };
        let expanded = expand_in(escape, global, &raw);
        let base_stage = self
            .stages
            .iter()
            .rfind(|s| s.key().as_deref() == Some(expanded.value.to_ascii_lowercase().as_str()))
            .map(|s| s.index);
        let scratch = base_stage.is_none() && expanded.value.eq_ignore_ascii_case("scratch");
        let image = (base_stage.is_none() && !expanded.value.is_empty()).then(|| {
            let span = inst
                .body_from_image_span()
                .unwrap_or(Span::new(inst.span.start, inst.span.start));
            ImageRef::parse_expanded(&expanded.value, &raw, span)
        });
        let platform = inst.platform().map(|p| expand_in(escape, global, p));
        let stage = Stage {
            index: self.stages.len(),
            name: alias,
            from: index,
            instructions: index..index + 1,
            base: BaseImage {
                raw,
                expanded,
                image,
                stage: base_stage,
                scratch,
            },
            platform,
            uses: base_stage.into_iter().collect(),
            needed_by_final: false,
        };
        // A stage built on an earlier stage inherits its ENV, USER, WORKDIR and SHELL
        // (they are part of that image's config); ARGs do not carry over.
        let state = match base_stage.and_then(|i| previous.get(i)) {
            Some(parent) => StageState {
                vars: Scope {
                    vars: parent
                        .vars
                        .vars
                        .iter()
                        .filter(|(_, v)| v.origin == VarOrigin::Env)
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect(),
                },
                user: parent.user.clone(),
                workdir: parent.workdir.clone(),
                shell: parent.shell.clone(),
            },
            None => StageState {
                vars: Scope::default(),
                user: None,
                workdir: None,
                shell: default_shell.to_vec(),
            },
        };
        (stage, state)
    }

    /// Record which stages use which, and which the final stage needs.
    fn link_stages(&mut self) {
        for si in 0..self.stages.len() {
            let range = self.stages[si].instructions.clone();
            let mut uses = self.stages[si].uses.clone();
            for idx in range {
                let info = &self.instructions[idx];
                if info.onbuild {
                    continue;
                }
                let inst = info.effective();
                let mut refs: Vec<String> = Vec::new();
                if matches!(inst.kind, InstructionKind::Copy | InstructionKind::Add) {
                    if let Some(v) = inst.flag("from").and_then(|f| f.value.clone()) {
                        refs.push(v);
                    }
                }
                if inst.kind == InstructionKind::Run {
                    refs.extend(
                        inst.mounts()
                            .iter()
                            .filter_map(|m| m.from().map(str::to_string)),
                    );
                }
                for r in refs {
                    let key = r.to_ascii_lowercase();
                    let found = if let Ok(n) = key.parse::<usize>() {
                        (n < si).then_some(n)
                    } else {
                        self.stages[..si]
                            .iter()
                            .rfind(|s| s.key().as_deref() == Some(key.as_str()))
                            .map(|s| s.index)
                    };
                    if let Some(f) = found {
                        if !uses.contains(&f) {
                            uses.push(f);
                        }
                    }
                }
            }
            uses.sort_unstable();
            self.stages[si].uses = uses;
        }
        if let Some(last) = self.stages.len().checked_sub(1) {
            let mut stack = vec![last];
            while let Some(s) = stack.pop() {
                if self.stages[s].needed_by_final {
                    continue;
                }
                self.stages[s].needed_by_final = true;
                stack.extend(self.stages[s].uses.iter().copied());
            }
        }
    }
}

/// Apply what an instruction changes in its stage: ARG, ENV, USER, WORKDIR, SHELL.
fn apply_effect(
    inst: &Instruction,
    st: &mut StageState,
    global: &Scope,
    build_args: &BTreeMap<String, String>,
    escape: char,
) {
    match &inst.body {
        Body::Arg(decls) => {
            for d in decls {
                let name = &d.name.text;
                // An ENV of the same name wins over the ARG.
                if st
                    .vars
                    .vars
                    .get(name)
                    .is_some_and(|v| v.origin == VarOrigin::Env)
                {
                    continue;
                }
                let value = if let Some(v) = build_args.get(name) {
                    Some(v.clone())
                } else if let Some(def) = &d.default {
                    Some(expand_in(escape, &st.vars, &def.text).value)
                } else {
                    global.vars.get(name).and_then(|v| v.value.clone())
                };
                let origin = if PLATFORM_ARGS.contains(&name.as_str()) && d.default.is_none() {
                    VarOrigin::Predefined
                } else {
                    VarOrigin::Arg
                };
                st.vars.vars.insert(name.clone(), Var { value, origin });
            }
        }
        Body::Env(pairs) => {
            // All pairs of one ENV are expanded with the scope before it.
            let before = st.vars.clone();
            for p in pairs {
                let value = expand_in(escape, &before, &unquote_env(&p.value.text, escape));
                st.vars.vars.insert(
                    p.key.text.clone(),
                    Var {
                        value: value.resolved.then_some(value.value),
                        origin: VarOrigin::Env,
                    },
                );
            }
        }
        Body::User(Some(w)) => {
            let e = expand_in(escape, &st.vars, &w.text);
            st.user = Some(e.value);
        }
        Body::Workdir(Some(w)) => {
            let e = expand_in(escape, &st.vars, &w.text);
            let dir = e.value;
            st.workdir = Some(if dir.starts_with('/') || is_windows_abs(&dir) {
                dir
            } else {
                match &st.workdir {
                    Some(prev) => format!("{}/{}", prev.trim_end_matches('/'), dir),
                    None => format!("/{dir}"),
                }
            });
        }
        Body::Shell(Command::Exec { args, .. }) if !args.is_empty() => {
            st.shell = args.iter().map(|w| w.text.clone()).collect();
        }
        _ => {}
    }
}

/// The shell named by a `# hadolint shell=<name>` comment, if any.
fn shell_pragma(df: &Dockerfile) -> Option<String> {
    df.comments().find_map(|c| {
        let rest = c.text.strip_prefix("hadolint")?.trim_start();
        let name = rest
            .strip_prefix("shell")?
            .trim_start()
            .strip_prefix('=')?
            .trim();
        let name = name.split_whitespace().next()?;
        (!name.is_empty()).then(|| name.to_string())
    })
}

fn is_windows_abs(p: &str) -> bool {
    let b = p.as_bytes();
    b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':'
}

/// ENV values keep their quotes in the syntax tree; the value BuildKit stores is the
/// word with quotes processed. Expansion handles quotes itself, so this only
/// returns the text (kept as a hook for the legacy `ENV k v` form, whose value is
/// taken literally apart from quotes and escapes).
fn unquote_env(text: &str, _escape: char) -> String {
    text.to_string()
}

/// Parse the RUN script and shell heredocs of an instruction.
fn attach_scripts(inst: &Instruction, info: &mut InstructionInfo<'_>) {
    let eff = inst.effective();
    if eff.kind != InstructionKind::Run || !info.posix_shell() {
        return;
    }
    let Body::Run(Command::Shell(word)) = &eff.body else {
        return;
    };
    // The outer instruction carries the logical line and its map to the source.
    let ll = &inst.logical;
    let start = ll.to_logical(word.span.start);
    let offsets: Vec<usize> = (0..=word.text.len())
        .map(|i| {
            if i == word.text.len() {
                word.span.end
            } else {
                ll.to_source(start + i)
            }
        })
        .collect();
    let script = shell::parse_script_mapped(&word.text, &offsets);
    // Heredocs: a body is a shell script when the command is only the marker(s) (the
    // shell in effect runs it, unless a shebang names another interpreter) or when it
    // is the input of a POSIX shell (`bash <<EOF`).
    let only_markers = script.commands.iter().all(|c| c.name().is_none());
    for (i, h) in inst.heredocs.iter().enumerate() {
        let shebang = h.content.lines().next().filter(|l| l.starts_with("#!"));
        let runs_as_shell = match shebang {
            Some(line) => line
                .trim_start_matches("#!")
                .split_whitespace()
                .find(|w| !w.ends_with("/env") && *w != "env" && !w.starts_with('-'))
                .is_some_and(is_posix_shell),
            None => {
                only_markers
                    || script.commands.iter().any(|c| {
                        c.program().is_some_and(is_posix_shell)
                            && !c.words.iter().any(|w| w.literal() == Some("-c"))
                    })
            }
        };
        if runs_as_shell {
            info.heredoc_scripts
                .push((i, shell::parse_script(&h.content, h.body_span.start)));
        }
    }
    info.script = Some(script);
}

/// Convenience on instructions used by the model.
trait FromImageSpan {
    fn body_from_image_span(&self) -> Option<Span>;
}

impl FromImageSpan for Instruction {
    fn body_from_image_span(&self) -> Option<Span> {
        match &self.body {
            Body::From(f) => f.image.as_ref().map(|w| w.span),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn model_of(src: &str) -> (Dockerfile, BTreeMap<String, String>) {
        (parse(src), BTreeMap::new())
    }

    #[test]
    fn stages_aliases_and_dependencies() {
        let (df, args) = model_of(
            "FROM golang:1.22 AS build\nRUN go build\nFROM alpine:3.20 AS tools\nFROM build AS test\n\
             FROM scratch\nCOPY --from=build /app /app\nRUN --mount=from=tools,target=/t true\n",
        );
        let m = Model::new(&df, &args);
        let s = m.stages();
        assert_eq!(s.len(), 4);
        assert_eq!(s[0].name.as_ref().unwrap().text, "build");
        assert_eq!(s[2].base.stage, Some(0));
        assert!(s[3].base.scratch);
        assert_eq!(s[3].uses, vec![0, 1]);
        assert!(s[0].needed_by_final && s[1].needed_by_final && !s[2].needed_by_final);
        assert_eq!(m.stage_instructions(&s[0]).len(), 2);
    }

    #[test]
    fn global_args_expand_in_from_but_not_in_stages() {
        let (df, mut args) = model_of(
            "ARG BASE=debian\nARG TAG=12\nFROM ${BASE}:${TAG}\nRUN echo $TAG\nARG TAG\nRUN echo $TAG\n",
        );
        let m = Model::new(&df, &args);
        let st = &m.stages()[0];
        assert_eq!(st.base.expanded.value, "debian:12");
        assert_eq!(st.base.image.as_ref().unwrap().tag.as_deref(), Some("12"));
        // Inside the stage TAG is unknown until re-declared.
        assert!(m.scope(3).get("TAG").is_none());
        assert_eq!(m.expand(5, "$TAG").value, "12");
        args.insert("TAG".into(), "13".into());
        let m = Model::new(&df, &args);
        assert_eq!(m.stages()[0].base.expanded.value, "debian:13");
    }

    #[test]
    fn quotes_are_processed_like_buildkit() {
        let (df, args) =
            model_of("FROM a:1\nENV APP=\"/usr/app\" B='x y'\nWORKDIR $APP\nRUN true\n");
        let m = Model::new(&df, &args);
        assert_eq!(m.instructions()[3].workdir.as_deref(), Some("/usr/app"));
        assert_eq!(m.expand(3, "$B").value, "x y");
        assert_eq!(m.expand(3, "\"quoted\"").value, "quoted");
    }

    #[test]
    fn env_user_workdir_and_shell_in_effect() {
        let (df, args) = model_of(
            "FROM debian:12\nENV HOME=/home/app\nWORKDIR $HOME\nWORKDIR src\nUSER app\n\
             SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN ls | wc -l\n",
        );
        let m = Model::new(&df, &args);
        let run = &m.instructions()[6];
        assert_eq!(run.workdir.as_deref(), Some("/home/app/src"));
        assert_eq!(run.user.as_deref(), Some("app"));
        assert_eq!(run.shell[0], "/bin/bash");
        assert!(run.script.is_some());
        // The USER instruction itself runs as the previous user.
        assert_eq!(m.instructions()[4].user, None);
    }

    #[test]
    fn child_stage_inherits_env_and_user_but_not_args() {
        let (df, args) = model_of(
            "FROM alpine:3.20 AS base\nARG A=1\nENV E=2\nUSER nobody\nFROM base\nRUN true\n",
        );
        let m = Model::new(&df, &args);
        let run = m.instructions().last().unwrap();
        assert_eq!(run.user.as_deref(), Some("nobody"));
        let scope = m.scope(run.index);
        assert!(scope.get("A").is_none());
        assert_eq!(scope.get("E").and_then(|v| v.value.as_deref()), Some("2"));
    }

    #[test]
    fn scripts_for_run_and_shell_heredocs_only() {
        let (df, args) = model_of(
            "FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl\nRUN <<EOF\napt-get clean\nEOF\n\
             RUN python3 <<EOF\nprint(1)\nEOF\nRUN [\"echo\", \"x\"]\n",
        );
        let m = Model::new(&df, &args);
        let i = m.instructions();
        let s = i[1].script.as_ref().unwrap();
        let install = s
            .commands
            .iter()
            .find(|c| c.args().iter().any(|a| a.literal() == Some("install")))
            .unwrap();
        // Spans map back across the line continuation.
        assert_eq!(df.text(install.span), "apt-get install -y curl");
        assert_eq!(i[2].heredoc_scripts.len(), 1);
        assert_eq!(
            df.text(i[2].heredoc_scripts[0].1.commands[0].span),
            "apt-get clean"
        );
        assert!(i[3].heredoc_scripts.is_empty());
        assert!(i[4].script.is_none());
    }

    #[test]
    fn onbuild_triggers_do_not_change_state() {
        let (df, args) = model_of("FROM debian:12\nONBUILD USER app\nONBUILD RUN make\nRUN id\n");
        let m = Model::new(&df, &args);
        let i = m.instructions();
        assert!(i[1].onbuild && i[2].onbuild);
        assert!(i[2].script.is_some());
        assert_eq!(i[3].user, None);
    }

    #[test]
    fn shell_pragma_sets_the_default_shell() {
        let (df, args) = model_of("# hadolint shell=powershell\nFROM mcr.microsoft.com/windows\nRUN Get-Item x | Out-Null\n");
        let m = Model::new(&df, &args);
        assert!(!m.instructions()[1].posix_shell());
        assert!(m.instructions()[1].script.is_none());
    }

    #[test]
    fn powershell_runs_get_no_posix_script() {
        let (df, args) =
            model_of("FROM mcr.microsoft.com/windows\nSHELL [\"powershell\", \"-Command\"]\nRUN Get-Item x | Out-Null\n");
        let m = Model::new(&df, &args);
        assert!(!m.instructions()[2].posix_shell());
        assert!(m.instructions()[2].script.is_none());
    }
}
