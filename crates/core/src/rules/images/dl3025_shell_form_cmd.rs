use crate::fix::{Edit, Fix};
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::syntax::{Body, Command, InstructionKind};

crate::declare_rule! {
    /// ## What it does
    /// Reports a `CMD`, `ENTRYPOINT` or `HEALTHCHECK CMD` written in shell form
    /// (`CMD node server.js`) rather than exec form (`CMD ["node", "server.js"]`).
    ///
    /// ## Why
    /// The shell form runs the command as a child of `/bin/sh -c`. The shell, not your
    /// program, is PID 1 and receives `docker stop`'s SIGTERM, which it does not pass
    /// on: the container waits for the timeout and is killed. A shell-form
    /// `ENTRYPOINT` also ignores `CMD` and the arguments of `docker run`. A shell-form
    /// `HEALTHCHECK CMD` runs under a shell too: when the check times out, only the
    /// shell is killed (hadolint checks `HEALTHCHECK` since 2.15; BuildKit's
    /// `JSONArgsRecommended` does not).
    ///
    /// An array that is not valid JSON (single quotes, a trailing comma) is shell form
    /// too: `CMD ['node', 'server.js']` runs `/bin/sh -c "['node', 'server.js']"`,
    /// which fails; it is reported with that explanation. `ONBUILD CMD` and
    /// `ONBUILD ENTRYPOINT` are checked as well: they set the command of the images
    /// built from this one.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-alpine
    /// CMD node server.js
    /// ```
    ///
    /// ```dockerfile
    /// FROM node:22-alpine
    /// ENTRYPOINT ['node', 'server.js']
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22-alpine
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Fix
    /// When the command is plain words (no variables, pipes, redirections, globs,
    /// `&&`, shell built-ins...) and the shell is a POSIX shell, the fix rewrites it in
    /// exec form, dropping a leading `exec`: `CMD exec nginx -g 'daemon off;'` becomes
    /// `CMD ["nginx", "-g", "daemon off;"]`. The fix is unsafe: the program becomes
    /// PID 1 (it then receives signals, and must reap children), an `ENTRYPOINT`
    /// starts taking `CMD` as arguments, and a `CMD` after an `ENTRYPOINT` is passed
    /// to it as words instead of as `/bin/sh -c "..."`.
    pub struct ShellFormCmd {
        code: "DL3025",
        name: "shell-form-cmd",
        category: Correctness,
        severity: Warning,
        fix: Sometimes,
        buildkit: "JSONArgsRecommended",
    }
}

impl Rule for ShellFormCmd {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        let escape = model.dockerfile().escape();
        for info in model.instructions() {
            let inst = info.effective();
            let word = match &inst.body {
                Body::Cmd(Command::Shell(w)) | Body::Entrypoint(Command::Shell(w)) => w,
                Body::Healthcheck(h) => match &h.command {
                    Command::Shell(w) => w,
                    _ => continue,
                },
                _ => continue,
            };
            let name = inst.kind.as_str();
            let text = word.text.trim();
            if text.starts_with('[') {
                ctx.report(
                    word.span,
                    format!(
                        "Use arguments JSON notation for CMD and ENTRYPOINT arguments: this {name} is not valid JSON (strings need double quotes), so it runs as a shell command"
                    ),
                );
                continue;
            }
            let message = if inst.kind == InstructionKind::Healthcheck {
                "Use arguments JSON notation for CMD and ENTRYPOINT arguments: in shell form the HEALTHCHECK runs under `/bin/sh -c`, and a timeout kills only the shell".to_string()
            } else {
                format!(
                    "Use arguments JSON notation for CMD and ENTRYPOINT arguments: in shell form, `/bin/sh -c` is PID 1 and does not pass signals to the {name} program"
                )
            };
            let fixable = info.posix_shell()
                && inst.heredocs.is_empty()
                && info.instruction.inner_comments.is_empty()
                && !text.contains('\n');
            match exec_words(text, escape).filter(|_| fixable) {
                Some(words) => {
                    let json = format!(
                        "[{}]",
                        words
                            .iter()
                            .map(|w| serde_json::to_string(w).unwrap_or_default())
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                    ctx.report_with_fix(
                        word.span,
                        message,
                        Fix::unsafe_(
                            format!("Write the {name} in exec form"),
                            vec![Edit::replace(word.span, json)],
                        ),
                    );
                }
                None => {
                    ctx.report(word.span, message);
                }
            }
        }
    }
}

/// Shell built-ins and keywords that do not exist as programs: an exec-form
/// command starting with one of them would fail.
const NOT_PROGRAMS: [&str; 30] = [
    "cd", "export", "source", ".", "set", "unset", "ulimit", "umask", "alias", "eval", "exit",
    "return", "shift", "trap", "wait", "readonly", "local", "declare", "typeset", "if", "for",
    "while", "until", "case", "!", "{", "function", "select", "exec", "command",
];

/// The words a shell-form command runs, when it is plain words the shell would
/// pass through unchanged: no expansion, operator, glob, escape or assignment. Simple
/// single- and double-quoted parts are allowed. A leading `exec` is dropped.
fn exec_words(text: &str, escape: char) -> Option<Vec<String>> {
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '\'' => break,
                        c => cur.push(c),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '"' => break,
                        '$' | '`' | '\\' | '!' => return None,
                        c if c == escape => return None,
                        c => cur.push(c),
                    }
                }
            }
            c if c == escape => return None,
            c if c.is_alphanumeric() || "-_./:@%+,^=".contains(c) => {
                // `~` and `#` only matter at the start of a word; they are not allowed at all.
                in_word = true;
                cur.push(c);
            }
            _ => return None,
        }
    }
    if in_word {
        words.push(cur);
    }
    if words.first().map(String::as_str) == Some("exec") {
        words.remove(0);
        if words.first().is_some_and(|w| w.starts_with('-')) {
            return None;
        }
    }
    let first = words.first()?;
    if first.is_empty() || first.contains('=') || NOT_PROGRAMS.contains(&first.as_str()) {
        return None;
    }
    Some(words)
}

#[cfg(test)]
mod tests {
    use super::exec_words;
    use crate::rules::test_support::{codes, fixed};

    #[test]
    fn shell_form_is_reported() {
        assert_eq!(
            codes("FROM node:22 as foo\nENTRYPOINT something\n", "DL3025"),
            vec![2]
        );
        assert_eq!(
            codes("FROM node:22 as foo\nCMD something\n", "DL3025"),
            vec![2]
        );
        assert_eq!(
            codes("FROM a:1\nCMD ['node', 'app.js']\n", "DL3025"),
            vec![2]
        );
        assert_eq!(
            codes("FROM a:1\nCMD echo a \\\n  && echo b\n", "DL3025"),
            vec![2]
        );
        assert_eq!(codes("FROM a:1\nONBUILD CMD make run\n", "DL3025"), vec![2]);
        assert_eq!(
            codes(
                "FROM a:1\nHEALTHCHECK --interval=5s \\\n  CMD curl -f http://x/ || exit 1\n",
                "DL3025"
            ),
            vec![3]
        );
    }

    #[test]
    fn exec_form_is_fine() {
        for src in [
            "FROM scratch as build\nENTRYPOINT [\"foo\", \"bar\"]\n",
            "FROM scratch as build\nCMD [\"foo\", \"bar\"]\nCMD [ \"foo\", \"bar\" ]\n",
            "FROM a:1\nCMD []\n",
            "FROM a:1\nRUN echo shell form is fine for RUN\n",
            "FROM a:1\nHEALTHCHECK CMD [\"curl\", \"-f\", \"http://localhost/\"]\n",
            "FROM a:1\nHEALTHCHECK NONE\n",
        ] {
            assert!(codes(src, "DL3025").is_empty(), "{src}");
        }
    }

    /// Apply unsafe fixes of DL3025.
    fn fixed_unsafe(src: &str) -> String {
        crate::rules::test_support::fixed_with(src, "DL3025", crate::fix::Applicability::Unsafe)
    }

    #[test]
    fn fix_writes_exec_form_for_plain_commands() {
        assert_eq!(
            fixed_unsafe("FROM a:1\nCMD node server.js\n"),
            "FROM a:1\nCMD [\"node\", \"server.js\"]\n"
        );
        assert_eq!(
            fixed_unsafe("FROM a:1\nCMD exec nginx -g 'daemon off;'\n"),
            "FROM a:1\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n"
        );
        assert_eq!(
            fixed_unsafe("FROM a:1\nonbuild entrypoint /docker-entrypoint.sh \"a b\"\n"),
            "FROM a:1\nonbuild entrypoint [\"/docker-entrypoint.sh\", \"a b\"]\n"
        );
        assert_eq!(
            fixed_unsafe("FROM a:1\nCMD a \\\n  b\n"),
            "FROM a:1\nCMD [\"a\", \"b\"]\n"
        );
        assert_eq!(
            fixed_unsafe("FROM a:1\nHEALTHCHECK --retries=3 CMD /healthcheck.sh\n"),
            "FROM a:1\nHEALTHCHECK --retries=3 CMD [\"/healthcheck.sh\"]\n"
        );
        // Unsafe: never applied as a safe fix.
        let src = "FROM a:1\nCMD node server.js\n";
        assert_eq!(fixed(src, "DL3025"), src);
        // The result is clean and stable.
        let out = fixed_unsafe(src);
        assert!(codes(&out, "DL3025").is_empty());
        assert_eq!(fixed_unsafe(&out), out);
    }

    #[test]
    fn no_fix_for_shell_syntax() {
        for src in [
            "FROM a:1\nCMD node $APP\n",
            "FROM a:1\nCMD a && b\n",
            "FROM a:1\nCMD a | b\n",
            "FROM a:1\nCMD a > /log\n",
            "FROM a:1\nCMD ls *.txt\n",
            "FROM a:1\nCMD cd /app; ./run\n",
            "FROM a:1\nCMD cd /app\n",
            "FROM a:1\nCMD PORT=80 node app.js\n",
            "FROM a:1\nCMD ~/bin/app\n",
            "FROM a:1\nCMD echo \"$HOME\"\n",
            "FROM a:1\nCMD echo a\\ b\n",
            "FROM a:1\nCMD ['a']\n",
            "FROM a:1\nSHELL [\"pwsh\", \"-Command\"]\nCMD Start-Service x\n",
        ] {
            assert_eq!(fixed_unsafe(src), src, "{src}");
        }
    }

    #[test]
    fn words() {
        assert_eq!(
            exec_words("java -jar /app.jar --port=80", '\\'),
            Some(vec![
                "java".into(),
                "-jar".into(),
                "/app.jar".into(),
                "--port=80".into()
            ])
        );
        assert_eq!(exec_words("exec", '\\'), None);
        assert_eq!(exec_words("exec -a x y", '\\'), None);
        assert_eq!(exec_words("a 'b", '\\'), None);
        assert_eq!(
            exec_words("a '' b", '\\'),
            Some(vec!["a".into(), "".into(), "b".into()])
        );
    }

    #[test]
    fn triggers_shells_and_lines() {
        assert_eq!(
            codes(
                "FROM a:1\nONBUILD HEALTHCHECK CMD curl -f http://x/\n",
                "DL3025"
            ),
            vec![2]
        );
        assert!(codes("FROM a:1\nONBUILD CMD [\"make\", \"run\"]\n", "DL3025").is_empty());
        // Another SHELL does not make the shell form exec form.
        assert_eq!(
            codes(
                "FROM a:1\nSHELL [\"/bin/bash\", \"-c\"]\nCMD node app.js\n",
                "DL3025"
            ),
            vec![3]
        );
        // Each instruction is reported on its own line.
        assert_eq!(
            codes("FROM a:1\nENTRYPOINT run\nCMD serve\n", "DL3025"),
            vec![2, 3]
        );
        // The fix of a trigger keeps ONBUILD; a CMD of a variable has none.
        assert_eq!(
            fixed_unsafe("FROM a:1\nONBUILD CMD make run\n"),
            "FROM a:1\nONBUILD CMD [\"make\", \"run\"]\n"
        );
        let src = "FROM a:1\nARG APP=x\nCMD ${APP}\n";
        assert_eq!(codes(src, "DL3025"), vec![3]);
        assert_eq!(fixed_unsafe(src), src);
    }
}
