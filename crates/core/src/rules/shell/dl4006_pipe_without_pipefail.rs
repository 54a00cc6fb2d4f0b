use super::{effective_shell, run_scripts, sets_pipefail, Runner};
use crate::fix::{Edit, Fix};
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::semantic::{InstructionInfo, Model};
use crate::shell::{
    Command, Compound, CompoundKind, List, Node, Pipeline, Redirect, Script, Word, WordPart,
};
use crate::syntax::{InstructionKind, Span};

crate::declare_rule! {
    /// ## What it does
    /// Reports a RUN with a pipe (`a | b`) run by a shell without `pipefail`.
    ///
    /// ## Why
    /// A pipeline's exit status is the status of its last command: in
    /// `RUN curl -fsSL https://example.com/install.sh | sh`, a failed download pipes
    /// nothing into `sh`, which succeeds, and the build goes on with a broken image.
    /// With `pipefail`, the pipeline fails when any of its commands fails.
    ///
    /// The rule follows the shell that really runs each pipe:
    /// - the SHELL in effect, inherited from the base stage, satisfies it when it is
    ///   a POSIX shell started with `-o pipefail` (`bash`, `zsh`, `ash`, `ksh`, and
    ///   `sh` too: a shell that does not know the option refuses to start, which
    ///   fails the build loudly instead of hiding a failure);
    /// - so does `set -o pipefail` (or `set -euo pipefail`) earlier in the same
    ///   shell (dash, which lacks the option, stops the script there with an
    ///   error); `set +o pipefail` before a pipe is taken as a deliberate choice;
    /// - a heredoc with a shebang or fed to a command (`RUN bash <<EOF`), a
    ///   `sh -c '...'` string and an exec-form `["sh", "-c", "..."]` run in a new
    ///   shell that only has its own options;
    /// - ONBUILD triggers run in the child build, under the SHELL the image ends
    ///   with;
    /// - scripts that are not POSIX shell are not checked: under a PowerShell or
    ///   `cmd` SHELL, or in a stage built on a Windows image without SHELL (its
    ///   default shell is `cmd`), and heredocs run by another interpreter.
    ///
    /// A RUN is reported once, on its first unprotected `|`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN curl -fsSL https://example.com/install.sh | sh
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    /// RUN curl -fsSL https://example.com/install.sh | sh
    /// ```
    ///
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN set -o pipefail && wget -qO- https://example.com/x.tgz | tar xz
    /// ```
    ///
    /// ## Fix
    /// Inserts a `SHELL` with `-o pipefail` before the first such RUN after the last
    /// SHELL of the stage. The fix is unsafe: later RUNs change shell (`sh` becomes
    /// `bash`) and pipes that used to hide failures start failing the build. It keeps
    /// a shell the stage already uses, picks `/bin/ash` for Alpine-based images and
    /// `/bin/bash` for Debian, Ubuntu and Red Hat based ones; for other base images,
    /// where bash may be missing, the fix is only displayed. Pipes that the SHELL does
    /// not govern (ONBUILD triggers, `sh -c` strings, heredocs with a shebang) get no
    /// fix: add `set -o pipefail` to that script.
    pub struct PipeWithoutPipefail {
        code: "DL4006",
        name: "pipe-without-pipefail",
        category: Correctness,
        severity: Warning,
        fix: Sometimes,
    }
}

const MESSAGE_SHELL: &str = "Set the SHELL option -o pipefail before RUN with a pipe in it: \
     otherwise a failing command before `|` does not fail the build";
const MESSAGE_OWN: &str = "This pipe runs in a shell started without -o pipefail: a failing \
     command before `|` does not fail the build; add `set -o pipefail` to its script";

/// A pipe that runs without pipefail.
struct Found {
    /// The `|` (or `|&`) operator.
    span: Span,
    /// Whether the shell running it is the SHELL in effect (so SHELL can fix it).
    governed: bool,
}

/// Walks a script in execution order, tracking whether `pipefail` is on.
struct Walker<'s> {
    script: &'s Script,
    src: &'s str,
    found: Vec<Found>,
    governed: bool,
}

impl Walker<'_> {
    fn list(&mut self, list: &List, pf: &mut bool) {
        for item in &list.items {
            for p in item.pipelines() {
                self.pipeline(p, pf);
            }
        }
    }

    fn pipeline(&mut self, p: &Pipeline, pf: &mut bool) {
        if p.commands.len() >= 2 {
            if !*pf {
                let span = self.pipe_operator(p);
                self.found.push(Found {
                    span,
                    governed: self.governed,
                });
            }
            // Each stage of a pipeline runs in its own subshell.
            for n in &p.commands {
                let mut local = *pf;
                self.node(n, &mut local);
            }
        } else if let Some(n) = p.commands.first() {
            self.node(n, pf);
        }
    }

    fn node_span(&self, n: &Node) -> Option<Span> {
        match n {
            Node::Simple(id) => self.script.commands.get(*id).map(|c| c.span),
            Node::Compound(c) => Some(c.span),
            Node::Function(f) => Some(f.span),
        }
    }

    /// The first `|` between the first two stages (outside comment lines), or the
    /// pipeline when it cannot be found.
    fn pipe_operator(&self, p: &Pipeline) -> Span {
        let (Some(a), Some(b)) = (
            p.commands.first().and_then(|n| self.node_span(n)),
            p.commands.get(1).and_then(|n| self.node_span(n)),
        ) else {
            return p.span;
        };
        let (from, to) = (a.end, b.start);
        if from < to && to <= self.src.len() {
            if let Some(between) = self.src.get(from..to) {
                let mut line_start = 0;
                for (i, ch) in between.char_indices() {
                    if ch == '\n' {
                        line_start = i + 1;
                        continue;
                    }
                    if ch == '|' {
                        let before = between[line_start..i].trim_start();
                        if before.starts_with('#') {
                            continue;
                        }
                        let len = if between[i + 1..].starts_with('&') {
                            2
                        } else {
                            1
                        };
                        return Span::new(from + i, from + i + len);
                    }
                }
            }
        }
        p.span
    }

    fn node(&mut self, n: &Node, pf: &mut bool) {
        match n {
            Node::Simple(id) => {
                if let Some(c) = self.script.commands.get(*id) {
                    self.command(c, pf);
                }
            }
            Node::Compound(c) => self.compound(c, pf),
            Node::Function(f) => {
                if let Some(b) = &f.body {
                    let mut local = *pf;
                    self.node(b, &mut local);
                }
            }
        }
    }

    fn command(&mut self, c: &Command, pf: &mut bool) {
        for a in &c.assignments {
            self.word(&a.value, *pf);
            for w in a.array.iter().flatten() {
                self.word(w, *pf);
            }
        }
        for w in &c.words {
            self.word(w, *pf);
        }
        for r in &c.redirects {
            self.redirect(r, *pf);
        }
        if let Some(inline) = &c.inline_script {
            // `sh -c '...'`: a new shell with only its own options.
            let mut local = is_shell(c) && sets_pipefail(shell_args(c)) == Some(true);
            let governed = std::mem::replace(&mut self.governed, false);
            self.list(inline, &mut local);
            self.governed = governed;
        }
        if c.program() == Some("set") {
            // `set -o pipefail` protects what follows; `set +o pipefail` is a
            // deliberate choice (often for `| head`), not an oversight.
            if sets_pipefail(c.args().iter().map(|a| a.literal().unwrap_or(""))).is_some() {
                *pf = true;
            }
        }
    }

    fn compound(&mut self, c: &Compound, pf: &mut bool) {
        match &c.kind {
            CompoundKind::Subshell(l) => {
                let mut local = *pf;
                self.list(l, &mut local);
            }
            CompoundKind::Group(l) => self.list(l, pf),
            CompoundKind::If {
                branches,
                else_body,
            } => {
                for (cond, body) in branches {
                    self.list(cond, pf);
                    self.list(body, pf);
                }
                if let Some(e) = else_body {
                    self.list(e, pf);
                }
            }
            CompoundKind::For { words, body, .. } => {
                for w in words.iter().flatten() {
                    self.word(w, *pf);
                }
                self.list(body, pf);
            }
            CompoundKind::ArithFor { body, .. } => self.list(body, pf),
            CompoundKind::While {
                condition, body, ..
            } => {
                self.list(condition, pf);
                self.list(body, pf);
            }
            CompoundKind::Case { word, arms } => {
                if let Some(w) = word {
                    self.word(w, *pf);
                }
                for arm in arms {
                    for p in &arm.patterns {
                        self.word(p, *pf);
                    }
                    self.list(&arm.body, pf);
                }
            }
            CompoundKind::Arith { parts, .. } => {
                for p in parts {
                    self.part(p, *pf);
                }
            }
        }
        for r in &c.redirects {
            self.redirect(r, *pf);
        }
    }

    fn word(&mut self, w: &Word, pf: bool) {
        for p in w.parts() {
            self.part(p, pf);
        }
    }

    fn part(&mut self, p: &WordPart, pf: bool) {
        match p {
            WordPart::DoubleQuoted { parts, .. } | WordPart::Arith { parts, .. } => {
                for q in parts {
                    self.part(q, pf);
                }
            }
            WordPart::CommandSubst { body, .. } | WordPart::ProcessSubst { body, .. } => {
                let mut local = pf;
                self.list(body, &mut local);
            }
            WordPart::Param(pe) => {
                if let Some(a) = &pe.arg {
                    self.word(a, pf);
                }
            }
            _ => {}
        }
    }

    fn redirect(&mut self, r: &Redirect, pf: bool) {
        if let Some(t) = &r.target {
            self.word(t, pf);
        }
        if let Some(b) = r.heredoc.as_ref().and_then(|h| h.body.as_ref()) {
            self.word(&b.content, pf);
        }
    }
}

/// Whether the command is a POSIX shell (`bash -o pipefail -c '...'`).
fn is_shell(c: &Command) -> bool {
    c.program().is_some_and(crate::semantic::is_posix_shell)
}

/// The arguments of a shell command (`-o pipefail -c '...'`), dynamic ones empty.
fn shell_args(c: &Command) -> impl Iterator<Item = &str> {
    c.args().iter().map(|w| w.literal().unwrap_or(""))
}

/// The base image of a stage, following earlier stages down to an image.
fn root_image<'m>(model: &'m Model<'m>, mut stage: usize) -> Option<&'m crate::syntax::ImageRef> {
    for _ in 0..=model.stages().len() {
        let s = model.stages().get(stage)?;
        match s.base.stage {
            Some(parent) if parent < stage => stage = parent,
            Some(_) => return None,
            None => return s.base.image.as_ref(),
        }
    }
    None
}

/// Images known to ship bash (Debian, Ubuntu and Red Hat families, and the
/// official language images built on them).
const BASH_IMAGES: &[&str] = &[
    "debian",
    "ubuntu",
    "buildpack-deps",
    "centos",
    "fedora",
    "rockylinux",
    "almalinux",
    "amazonlinux",
    "oraclelinux",
    "ubi8",
    "ubi9",
    "ubi",
    "python",
    "node",
    "golang",
    "ruby",
    "rust",
    "openjdk",
    "eclipse-temurin",
    "amazoncorretto",
    "maven",
    "gradle",
    "php",
    "perl",
    "gcc",
    "cuda",
];

/// The shell to put in the inserted SHELL, and whether it is known to exist.
fn pipefail_shell(
    model: &Model<'_>,
    info: &InstructionInfo<'_>,
    shell: &[String],
) -> (Vec<String>, bool) {
    let exe = shell.first().map(String::as_str).unwrap_or("/bin/sh");
    let base = exe.rsplit(['/', '\\']).next().unwrap_or(exe);
    let rest: Vec<String> = shell.iter().skip(1).cloned().collect();
    let with = |exe: &str, rest: Vec<String>| {
        let mut v = vec![exe.to_string(), "-o".to_string(), "pipefail".to_string()];
        v.extend(rest);
        v
    };
    if base != "sh" {
        return (with(exe, rest), true);
    }
    let image = info.stage.and_then(|s| root_image(model, s));
    let (repo, tag) = match image {
        Some(i) => (
            i.repository.to_ascii_lowercase(),
            i.tag.clone().unwrap_or_default().to_ascii_lowercase(),
        ),
        None => (String::new(), String::new()),
    };
    let last = repo.rsplit('/').next().unwrap_or("");
    if last == "alpine" || tag.contains("alpine") {
        return (with("/bin/ash", rest), true);
    }
    let known = BASH_IMAGES.contains(&last) && !tag.contains("alpine");
    (with("/bin/bash", rest), known)
}

fn json_array(items: &[String]) -> String {
    let quoted: Vec<String> = items
        .iter()
        .map(|s| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"")))
        .collect();
    format!("[{}]", quoted.join(", "))
}

/// The SHELL insertion before `info` (above the comments attached to it).
fn shell_fix(model: &Model<'_>, src: &str, info: &InstructionInfo<'_>, shell: &[String]) -> Fix {
    let inst = info.instruction;
    let at = inst
        .comments
        .first()
        .map(|c| c.start)
        .unwrap_or(inst.span.start)
        .min(inst.span.start);
    let line_start = src[..at].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let indent = &src[line_start..at];
    let indent = if indent.chars().all(|c| c == ' ' || c == '\t') {
        indent
    } else {
        ""
    };
    let newline = if src.contains("\r\n") { "\r\n" } else { "\n" };
    let (new_shell, known) = pipefail_shell(model, info, shell);
    let text = format!("{indent}SHELL {}{newline}", json_array(&new_shell));
    let message = format!("Insert `SHELL {}`", json_array(&new_shell));
    let edits = vec![Edit::insert(line_start, text)];
    if known {
        Fix::unsafe_(message, edits)
    } else {
        Fix::display_only(message, edits)
    }
}

impl Rule for PipeWithoutPipefail {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        let src = ctx.source();
        // One SHELL insertion per stretch of a stage without SHELL: every finding of
        // the stretch gets the same fix, so applying them all inserts one SHELL.
        let mut region_fix: Option<Fix> = None;
        for info in model.instructions() {
            if !info.onbuild
                && matches!(info.kind(), InstructionKind::From | InstructionKind::Shell)
            {
                region_fix = None;
                continue;
            }
            if info.kind() != InstructionKind::Run {
                continue;
            }
            let shell = effective_shell(model, info);
            let mut found: Vec<Found> = Vec::new();
            for rs in run_scripts(model, info) {
                let mut w = Walker {
                    script: &rs.script,
                    src,
                    found: Vec::new(),
                    governed: rs.runner == Runner::Shell && !info.onbuild,
                };
                let mut pf = rs.pipefail;
                w.list(&rs.script.body, &mut pf);
                for mut f in w.found {
                    if !rs.exact {
                        f.span = rs.word.unwrap_or(f.span);
                    }
                    found.push(f);
                }
            }
            let Some(first) = found.first() else { continue };
            match found.iter().find(|f| f.governed) {
                Some(g) => {
                    let fix = region_fix
                        .get_or_insert_with(|| shell_fix(model, src, info, &shell))
                        .clone();
                    ctx.report_with_fix(g.span, MESSAGE_SHELL, fix);
                }
                None => {
                    ctx.report(first.span, MESSAGE_OWN);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{codes, fixed};

    fn unsafe_fixed(src: &str) -> String {
        crate::rules::test_support::fixed_with(src, "DL4006", crate::fix::Applicability::Unsafe)
    }

    fn span_text(src: &str) -> Vec<String> {
        let linter = crate::Linter::new(crate::Config {
            select: vec![crate::config::RuleSelector::Code("DL4006".into())],
            ..crate::Config::default()
        });
        linter
            .lint(src)
            .diagnostics
            .iter()
            .map(|d| src[d.span.start..d.span.end].to_string())
            .collect()
    }

    #[test]
    fn pipes_without_pipefail_are_reported() {
        assert_eq!(
            codes("FROM a:1\nRUN wget -O - https://x | wc -l > /n\n", "DL4006"),
            vec![2]
        );
        // Once per RUN, on the first pipe.
        assert_eq!(codes("FROM a:1\nRUN a | b && c | d\n", "DL4006"), vec![2]);
        assert_eq!(span_text("FROM a:1\nRUN a \\\n  | b\n"), vec!["|"]);
        assert_eq!(span_text("FROM a:1\nRUN a |& b\n"), vec!["|&"]);
        assert_eq!(
            codes("FROM a:1\nRUN v=$(curl x | jq .v) && echo $v\n", "DL4006"),
            vec![2]
        );
        assert_eq!(codes("FROM a:1\nRUN (a | b)\n", "DL4006"), vec![2]);
        assert_eq!(
            codes("FROM a:1\nRUN <<EOF\nset -e\na | b\nEOF\n", "DL4006"),
            vec![4]
        );
        assert_eq!(
            span_text("FROM a:1\nRUN <<EOF\nset -e\na | b\nEOF\n"),
            vec!["|"]
        );
    }

    #[test]
    fn shell_with_pipefail_satisfies_it() {
        for shell in [
            r#"["/bin/bash", "-o", "pipefail", "-c"]"#,
            r#"["/bin/bash", "-eo", "pipefail", "-c"]"#,
            r#"["/bin/bash", "-e", "-o", "pipefail", "-c"]"#,
            r#"["/bin/bash", "-o", "errexit", "-o", "pipefail", "-c"]"#,
            r#"["bash", "-euxo", "pipefail", "-c"]"#,
            r#"["/usr/local/bin/zsh", "-o", "pipefail", "-c"]"#,
            r#"["/bin/ash", "-o", "pipefail", "-c"]"#,
            r#"["/bin/ksh", "-o", "pipefail", "-c"]"#,
            r#"["/bin/sh", "-o", "pipefail", "-c"]"#,
            r#"["/bin/bash", "-c", "-o", "pipefail"]"#,
        ] {
            let src = format!("FROM a:1\nSHELL {shell}\nRUN a | b\nRUN <<EOF\nc | d\nEOF\n");
            assert!(codes(&src, "DL4006").is_empty(), "{shell}");
        }
    }

    #[test]
    fn shell_state_follows_stages_and_later_shells() {
        // A new stage starts with /bin/sh again...
        assert_eq!(
            codes("FROM a:1\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\nFROM a:1\nRUN a | b\n", "DL4006"),
            vec![5]
        );
        // ...unless it is built on a stage that set it.
        assert!(codes(
            "FROM a:1 AS base\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nFROM base\nRUN a | b\n",
            "DL4006"
        )
        .is_empty());
        // A later SHELL without the option.
        assert_eq!(
            codes("FROM a:1\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nSHELL [\"/bin/sh\", \"-c\"]\nRUN a | b\n", "DL4006"),
            vec![4]
        );
    }

    #[test]
    fn set_o_pipefail_in_the_script_satisfies_it() {
        for src in [
            "FROM a:1\nRUN set -o pipefail && a | b\n",
            "FROM a:1\nRUN set -euxo pipefail; a | b\n",
            "FROM a:1\nRUN <<EOF\nset -euo pipefail\na | b\nEOF\n",
            "FROM a:1\nRUN bash -o pipefail -c 'a | b'\n",
            "FROM a:1\nRUN bash -c 'set -o pipefail; a | b'\n",
            "FROM a:1\nRUN [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\", \"a | b\"]\n",
        ] {
            assert!(codes(src, "DL4006").is_empty(), "{src}");
        }
        // Only after it, and not from a subshell.
        assert_eq!(
            codes("FROM a:1\nRUN a | b; set -o pipefail\n", "DL4006"),
            vec![2]
        );
        assert_eq!(
            codes("FROM a:1\nRUN (set -o pipefail); a | b\n", "DL4006"),
            vec![2]
        );
        // Turning it off on purpose is a choice, not an oversight.
        assert!(codes(
            "FROM a:1\nRUN set +o pipefail; a | head -n1; set -o pipefail\n",
            "DL4006"
        )
        .is_empty());
    }

    #[test]
    fn shells_started_inside_the_run_have_their_own_options() {
        let pf = "FROM a:1\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n";
        // `sh -c` strings and heredocs fed to a shell, or run by their shebang.
        assert_eq!(
            codes(&format!("{pf}RUN sh -c 'a | b'\n"), "DL4006"),
            vec![3]
        );
        assert_eq!(
            codes(&format!("{pf}RUN bash <<EOF\na | b\nEOF\n"), "DL4006"),
            vec![4]
        );
        assert_eq!(
            codes(
                &format!("{pf}RUN <<EOF\n#!/bin/bash\na | b\nEOF\n"),
                "DL4006"
            ),
            vec![5]
        );
        assert_eq!(
            codes("FROM a:1\nRUN [\"sh\", \"-c\", \"a | b\"]\n", "DL4006"),
            vec![2]
        );
        assert!(codes(
            &format!("{pf}RUN bash -o pipefail <<EOF\na | b\nEOF\n"),
            "DL4006"
        )
        .is_empty());
    }

    #[test]
    fn onbuild_uses_the_shell_the_image_ends_with() {
        assert_eq!(codes("FROM a:1\nONBUILD RUN a | b\n", "DL4006"), vec![2]);
        assert!(codes(
            "FROM a:1\nONBUILD RUN a | b\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n",
            "DL4006"
        )
        .is_empty());
    }

    #[test]
    fn non_pipes_and_non_posix_shells_are_fine() {
        for src in [
            "FROM a:1\nRUN a && b || c\n",
            "FROM a:1\nRUN case $x in a|b) echo;; esac\n",
            "FROM a:1\nRUN echo 'a | b' \"c|d\"\n",
            "FROM a:1\nRUN [\"/bin/echo\", \"a | b\"]\n",
            "FROM a:1\nRUN python3 <<EOF\nprint(1 | 2)\nEOF\n",
            "FROM a:1\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1 | 2)\nEOF\n",
            "FROM a:1\nRUN cat <<EOF > /x.sh\na | b\nEOF\n",
            "FROM a:1\nSHELL [\"pwsh\", \"-c\"]\nRUN Get-ChildItem | Select-Object Name\n",
            "FROM a:1\nSHELL [\"C:\\\\Windows\\\\System32\\\\WindowsPowerShell\\\\v1.0\\\\powershell.exe\", \"-Command\"]\nRUN Get-ChildItem | Out-Null\n",
            "FROM a:1\nSHELL [\"cmd\", \"/S\", \"/C\"]\nRUN dir | more\n",
            // A Windows image runs shell-form RUNs with `cmd /S /C`.
            "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir | more\n",
            "FROM mcr.microsoft.com/dotnet/framework/sdk:4.8 AS build\nFROM build\nRUN dir | more\n",
        ] {
            assert!(codes(src, "DL4006").is_empty(), "{src}");
        }
    }

    #[test]
    fn fix_inserts_one_shell_per_stretch() {
        let src = "FROM debian:12\nRUN a\n# get it\nRUN a | b\nRUN c | d\n";
        let out = unsafe_fixed(src);
        assert_eq!(
            out,
            "FROM debian:12\nRUN a\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n# get it\nRUN a | b\nRUN c | d\n"
        );
        assert!(codes(&out, "DL4006").is_empty());
        assert_eq!(unsafe_fixed(&out), out);
        // Not a safe fix.
        assert_eq!(fixed(src, "DL4006"), src);
        // Alpine gets ash; a shell already in use is kept.
        assert!(unsafe_fixed("FROM alpine:3.20\nRUN a | b\n")
            .contains("SHELL [\"/bin/ash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b"));
        assert!(
            unsafe_fixed("FROM x:1\nSHELL [\"/bin/bash\", \"-l\", \"-c\"]\nRUN a | b\n")
                .contains("SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-l\", \"-c\"]\nRUN a | b")
        );
        // Unknown base image: only displayed.
        let unknown = "FROM example/app:1\nRUN a | b\n";
        assert_eq!(unsafe_fixed(unknown), unknown);
        // No fix for pipes the SHELL does not govern.
        let own = "FROM debian:12\nRUN sh -c 'a | b'\n";
        assert_eq!(unsafe_fixed(own), own);
    }

    #[test]
    fn heredoc_read_by_a_shell_and_trigger_fix() {
        // `RUN <<EOF bash`: the heredoc is the input of a new bash, without options.
        let pf = "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n";
        assert_eq!(
            codes(
                &format!("{pf}RUN <<EOF bash\nset -e\na | b\nEOF\n"),
                "DL4006"
            ),
            vec![5]
        );
        assert!(codes(
            &format!("{pf}RUN <<EOF bash\nset -eo pipefail\na | b\nEOF\n"),
            "DL4006"
        )
        .is_empty());
        // A trigger is reported but gets no SHELL fix.
        let src = "FROM debian:12\nONBUILD RUN a | b\n";
        assert_eq!(codes(src, "DL4006"), vec![2]);
        assert_eq!(unsafe_fixed(src), src);
        // A cache mount changes nothing.
        assert_eq!(
            codes(
                "FROM a:1\nRUN --mount=type=cache,target=/root/.cache a | b\n",
                "DL4006"
            ),
            vec![2]
        );
    }
}
