use super::common::{
    cache_mount_covers, for_each_command, insert_after, is_bool_word, options_from_variables,
    removes_dir,
};
use crate::fix::Fix;
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::semantic::VarOrigin;
use crate::shell::commands::pip::{pip, PipVia};
use crate::syntax::Span;

crate::declare_rule! {
    /// ## What it does
    /// Reports `pip install` that keeps pip's download cache in the image.
    ///
    /// ## Why
    /// pip keeps every package it downloads in its cache (`~/.cache/pip`). In an image
    /// nothing reuses it: it is dead weight in the layer, often as big as the installed
    /// packages themselves. `--no-cache-dir` turns it off.
    ///
    /// Also fine: `PIP_NO_CACHE_DIR` set in the environment (by `ENV`, by an `ARG`,
    /// in the script, or for the command: `PIP_NO_CACHE_DIR=1 pip ...`, `env
    /// PIP_NO_CACHE_DIR=1 pip ...`; note that pip turns the cache off for any boolean
    /// value, `0` and `false` included), `--no-cache-dir` in a variable whose value is
    /// known (`ARG PIP_FLAGS=--no-cache-dir`), a `--mount=type=cache` or `type=tmpfs`
    /// on the cache directory (any `.cache/pip` or `.cache`, or `PIP_CACHE_DIR`), or
    /// the same RUN removing the cache afterwards (`rm -rf /root/.cache/pip`, `pip
    /// cache purge`).
    /// `pip`, `pip3` and `python -m pip` are checked (not `pipx`, `pipenv` or `uv`,
    /// which have caches of their own), in heredoc scripts and ONBUILD triggers too.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12
    /// RUN pip install flask==3.0.3
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12
    /// RUN pip install --no-cache-dir flask==3.0.3
    /// ```
    ///
    /// ```dockerfile
    /// FROM python:3.12
    /// RUN --mount=type=cache,target=/root/.cache/pip pip install flask==3.0.3
    /// ```
    ///
    /// ## Fix
    /// Adds `--no-cache-dir` after `install`. Safe: the same packages are installed;
    /// only the cache is not written.
    pub struct PipCacheDir {
        code: "DL3042",
        name: "pip-cache-dir",
        category: Size,
        severity: Warning,
        fix: Sometimes,
    }
}

/// Spellings pip accepts for `--no-cache-dir` (optparse takes unambiguous prefixes).
const NO_CACHE: [&str; 5] = [
    "--no-cache-dir",
    "--no-cache-di",
    "--no-cache-d",
    "--no-cache-",
    "--no-cache",
];

impl Rule for PipCacheDir {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        for_each_command(model, |run, cmd| {
            let Some(p) = pip(cmd) else { return };
            if p.via == PipVia::Uv
                || !p.is_install()
                || p.args.has(&NO_CACHE)
                || options_from_variables(run, cmd)
                    .iter()
                    .any(|o| NO_CACHE.contains(&o.as_str()))
            {
                return;
            }
            let at = cmd.span.start;
            // PIP_NO_CACHE_DIR: on the command, in the script, or from ENV/ARG.
            let on_command = cmd
                .assignments
                .iter()
                .rfind(|a| a.name == "PIP_NO_CACHE_DIR")
                .is_some_and(|a| a.value.literal().is_none_or(is_bool_word));
            // `env PIP_NO_CACHE_DIR=1 pip ...` (or `sudo`): set by the wrapper.
            let by_wrapper = cmd.name_word().is_some_and(|name| {
                const SET: &str = "PIP_NO_CACHE_DIR=";
                cmd.words
                    .iter()
                    .take_while(|w| !std::ptr::eq(*w, name))
                    .filter(|w| w.lossy().starts_with(SET))
                    .last()
                    .is_some_and(|w| w.literal().is_none_or(|l| is_bool_word(&l[SET.len()..])))
            });
            let in_env = match run.env.value_of("PIP_NO_CACHE_DIR", at) {
                Some(Some(v)) => is_bool_word(&v),
                // Set to something unknown: by the script, or by an ENV. An ARG
                // without a default is only set when the build passes it.
                Some(None) => model
                    .scope(run.info.index)
                    .get("PIP_NO_CACHE_DIR")
                    .is_none_or(|v| v.origin == VarOrigin::Env),
                None => false,
            };
            if on_command || by_wrapper || in_env {
                return;
            }
            let home = match run.env.value_of("HOME", at) {
                Some(Some(h)) => h,
                _ => run.env.home(),
            };
            let cache_dir = match run.env.value_of("PIP_CACHE_DIR", at) {
                Some(Some(d)) if !d.is_empty() => d,
                _ => format!("{}/.cache/pip", home.trim_end_matches('/')),
            };
            let mounted = cache_mount_covers(model, run.info, |t| {
                t.ends_with("/.cache/pip")
                    || t.ends_with("/.cache")
                    || super::common::target_covers(t, &cache_dir)
            });
            let purged = removes_dir(&run.env, run.script, &cache_dir, at)
                || run.script.commands.iter().any(|c| {
                    c.span.start > at
                        && pip(c).is_some_and(|q| {
                            q.subcommand_name() == Some("cache")
                                && q.args.operands.get(1).and_then(|w| w.literal()) == Some("purge")
                        })
                });
            if mounted || purged {
                return;
            }
            let Some(sub) = p.subcommand else { return };
            let start = cmd
                .name_word()
                .map(|w| w.span().start)
                .unwrap_or(cmd.span.start);
            let span = Span::new(start, sub.span().end.max(start));
            let msg =
                "Avoid use of cache directory with pip. Use `pip install --no-cache-dir <package>`";
            match insert_after(model, sub, "--no-cache-dir") {
                Some(edit) => {
                    ctx.report_with_fix(span, msg, Fix::safe("Add `--no-cache-dir`", vec![edit]))
                }
                None => {
                    ctx.report(span, msg);
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::testing::check_fix;
    use crate::fix::Applicability;
    use crate::rules::test_support::{codes, fixed};

    const C: &str = "DL3042";

    #[test]
    fn installs_that_keep_the_cache_are_reported() {
        for run in [
            "pip install MySQL_python",
            "pip2 install MySQL_python",
            "pip3 install -r requirements.txt",
            "python3 -m pip install --user x==1",
            "PIP_NO_CACHE_DIR=bad pip install x",
            "--mount=type=cache,target=/tmp/foo pip install x==1",
        ] {
            let src = format!("FROM python:3.12\nRUN {run}\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
        }
        assert_eq!(
            codes("FROM python:3.12\nONBUILD RUN pip install x\n", C),
            vec![2]
        );
        assert_eq!(
            codes("FROM python:3.12\nRUN <<EOF\npip install x\nEOF\n", C),
            vec![3]
        );
        // An ARG without a value is unset unless the build passes it.
        assert_eq!(
            codes(
                "FROM python:3.12\nARG PIP_NO_CACHE_DIR\nRUN pip install x\n",
                C
            ),
            vec![3]
        );
        // The ENV of another stage does not count.
        assert_eq!(
            codes(
                "FROM debian:12 AS base\nENV PIP_NO_CACHE_DIR=1\nFROM debian:12\nRUN pip install six\n",
                C
            ),
            vec![4]
        );
    }

    #[test]
    fn no_cache_in_any_form_is_fine() {
        for run in [
            "pip install MySQL_python --no-cache-dir",
            "pip3 install --no-cache-dir MySQL_python",
            "pip install --no-cache MySQL_python",
            "PIP_NO_CACHE_DIR=1 pip install x",
            "PIP_NO_CACHE_DIR=off pip install x",
            "export PIP_NO_CACHE_DIR=true && pip install x",
            "--mount=type=cache,target=/root/.cache/pip pip install x",
            "--mount=type=cache,target=/root/.cache pip install x",
            "--mount=type=tmpfs,target=/root/.cache/pip pip install x",
            "--mount=type=cache,target=/home/app/.cache/pip pip install x",
            "pip install x && rm -rf /root/.cache/pip",
            "pip install x && rm -rf ~/.cache",
            "pip install x && pip cache purge",
            "pipx install x",
            "pipenv install x",
            "uv pip install x",
            "pip download x",
            "pip list",
        ] {
            let src = format!("FROM python:3.12\nRUN {run}\n");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
        for env in [
            "ENV PIP_NO_CACHE_DIR=1",
            "ENV PIP_NO_CACHE_DIR=yes",
            "ENV PIP_NO_CACHE_DIR=false",
            "ARG PIP_NO_CACHE_DIR=1",
        ] {
            let src = format!("FROM python:3.12\n{env}\nRUN pip install x\n");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
        // Inherited from the stage it builds on.
        assert!(codes(
            "FROM debian:12 AS base\nENV PIP_NO_CACHE_DIR=1\nFROM base\nRUN pip install six\n",
            C
        )
        .is_empty());
        // A custom cache directory under a cache mount.
        assert!(codes(
            "FROM python:3.12\nENV PIP_CACHE_DIR=/cache/pip\nRUN --mount=type=cache,target=/cache pip install x\n",
            C
        )
        .is_empty());
    }

    #[test]
    fn fix_adds_no_cache_dir() {
        let src = "FROM python:3.12\nRUN pip install -U pip && python3 -m pip install x==1\n";
        assert_eq!(
            fixed(src, C),
            "FROM python:3.12\nRUN pip install --no-cache-dir -U pip && python3 -m pip install --no-cache-dir x==1\n"
        );
        check_fix(src, C, Applicability::Safe, true);
    }

    #[test]
    fn heredocs_exec_form_and_wrappers_are_checked() {
        assert_eq!(
            codes(
                "FROM python:3.12\nRUN <<EOF bash\nset -e\npip install x==1\nEOF\n",
                C
            ),
            vec![4]
        );
        for run in [
            "[\"pip\", \"install\", \"x==1\"]",
            "sudo pip install x==1",
            "sh -c 'pip install x==1'",
            "env PYTHONDONTWRITEBYTECODE=1 pip install x==1",
        ] {
            let src = format!("FROM python:3.12\nRUN {run}\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
        }
        for run in [
            "[\"pip\", \"install\", \"--no-cache-dir\", \"x==1\"]",
            "env PIP_NO_CACHE_DIR=1 pip install x==1",
            "sudo PIP_NO_CACHE_DIR=1 pip install x==1",
            "env PIP_NO_CACHE_DIR=\"$OFF\" pip install x==1",
        ] {
            let src = format!("FROM python:3.12\nRUN {run}\n");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
        // Not a boolean: pip refuses it, and the cache stays on.
        assert_eq!(
            codes(
                "FROM python:3.12\nRUN env PIP_NO_CACHE_DIR=bad pip install x==1\n",
                C
            ),
            vec![2]
        );
    }

    #[test]
    fn onbuild_sees_env_but_not_arg() {
        // The ENV is in the image, so the trigger runs with it.
        assert!(codes(
            "FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nONBUILD RUN pip install x==1\n",
            C
        )
        .is_empty());
        // An ARG is not set in the later build that runs the trigger.
        assert_eq!(
            codes(
                "FROM python:3.12\nARG PIP_NO_CACHE_DIR=1\nONBUILD RUN pip install x==1\n",
                C
            ),
            vec![3]
        );
    }

    #[test]
    fn mounts_on_heredocs_and_non_cache_mounts() {
        for src in [
            "RUN --mount=type=cache,target=/root/.cache/pip <<EOF\npip install x==1\nEOF\n",
            "ONBUILD RUN --mount=type=cache,target=/root/.cache/pip pip install x==1\n",
            "USER app\nRUN --mount=type=cache,target=/home/app/.cache/pip pip install x==1\n",
        ] {
            let src = format!("FROM python:3.12\n{src}");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
        assert_eq!(
            codes(
                "FROM python:3.12\nRUN --mount=type=bind,target=/root/.cache/pip pip install x==1\n",
                C
            ),
            vec![2]
        );
    }

    #[test]
    fn fix_in_heredocs_and_onbuild_not_exec_form() {
        let src = "FROM python:3.12\nRUN <<EOF\npip install x==1\nEOF\n";
        assert_eq!(
            check_fix(src, C, Applicability::Safe, true),
            "FROM python:3.12\nRUN <<EOF\npip install --no-cache-dir x==1\nEOF\n"
        );
        let src = "FROM python:3.12\nONBUILD RUN sudo pip install x==1\n";
        assert_eq!(
            check_fix(src, C, Applicability::Safe, true),
            "FROM python:3.12\nONBUILD RUN sudo pip install --no-cache-dir x==1\n"
        );
        let src = "FROM python:3.12\nRUN [\"pip\", \"install\", \"x==1\"]\n";
        assert_eq!(fixed(src, C), src);
    }

    #[test]
    fn switches_from_variables_count() {
        assert!(codes(
            "FROM python:3.12\nARG PIP_FLAGS=\"--no-cache-dir --quiet\"\nRUN pip install $PIP_FLAGS x==1\n",
            C
        )
        .is_empty());
        assert_eq!(
            codes(
                "FROM python:3.12\nARG PIP_FLAGS=--quiet\nRUN pip install $PIP_FLAGS x==1\n",
                C
            ),
            vec![3]
        );
    }
}
