use std::collections::BTreeMap;

use super::common::{
    append_to_run, cache_mount_covers, command_span, for_each_run, removes_dir, stage_is_shipped,
    target_covers, Run,
};
use crate::fix::{Edit, Fix};
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::semantic::Model;
use crate::shell::commands::npm::{node_pm, NodePm, NodeTool};
use crate::shell::commands::rm::rm;
use crate::shell::{Command, Word};
use crate::syntax::Span;

crate::declare_rule! {
    /// ## What it does
    /// Reports a RUN that installs packages with yarn (`yarn install`, a bare `yarn`,
    /// `yarn add`, `yarn global add`, `yarn upgrade`) and does not end with
    /// `yarn cache clean`.
    ///
    /// ## Why
    /// yarn keeps a copy of every package it downloads in its cache
    /// (`/usr/local/share/.cache/yarn` when it runs as root, `~/.cache/yarn` otherwise,
    /// `~/.yarn/berry/cache` for Yarn 2 and later): often hundreds of megabytes, next to
    /// the same files in `node_modules`. The cache stays in the layer of the RUN unless
    /// that same RUN removes it; cleaning in a later RUN does not shrink the image.
    ///
    /// The cache is gone when, after the last install, the RUN runs `yarn cache clean`
    /// or removes the cache directory (any `rm` whose paths cover it, including a
    /// `--cache-folder` or `YARN_CACHE_FOLDER` directory, set by ENV, on the command or
    /// through `env`, variables expanded), or when that directory is under `/dev/shm`.
    /// A `--mount=type=cache` or `type=tmpfs` on the cache directory keeps the cache
    /// out of the layer. Only
    /// stages that end up in an image are checked: the last stage and the stages
    /// another `FROM` builds on (the cache of a build stage that other stages only
    /// copy files from never reaches the final image). ONBUILD triggers and heredoc
    /// scripts are checked like any RUN.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22
    /// COPY package.json yarn.lock ./
    /// RUN yarn install --frozen-lockfile
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22
    /// COPY package.json yarn.lock ./
    /// RUN yarn install --frozen-lockfile && yarn cache clean
    /// ```
    ///
    /// ```dockerfile
    /// FROM node:22
    /// COPY package.json yarn.lock ./
    /// RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --frozen-lockfile
    /// ```
    ///
    /// ## Fix
    /// Appends `&& yarn cache clean` to the RUN (when it is a plain shell-form RUN).
    /// Unsafe: a later `yarn install --offline` that relied on the cache would fail.
    pub struct YarnCacheNotCleaned {
        code: "DL3060",
        name: "yarn-cache-not-cleaned",
        category: Size,
        severity: Info,
        fix: Sometimes,
    }
}

/// Whether a yarn command line downloads packages into the cache.
fn installs(n: &NodePm<'_>) -> bool {
    if n.tool != NodeTool::Yarn {
        return false;
    }
    match n.subcommand_name() {
        // A bare `yarn` installs, unless it only prints something.
        None => n.subcommand.is_none() && !n.args.has(&["-v", "--version", "-h", "--help"]),
        Some(s) => matches!(s, "install" | "add" | "upgrade"),
    }
}

/// `yarn cache clean`.
fn cleans(n: &NodePm<'_>) -> bool {
    n.tool == NodeTool::Yarn
        && n.subcommand_name() == Some("cache")
        && n.args.operands.get(1).and_then(|w| w.literal()) == Some("clean")
}

/// The directories the yarn cache of `cmd` may be in.
fn cache_dirs(run: &Run<'_, '_>, cmd: &Command) -> Vec<String> {
    let home = run.env.home();
    let at = cmd.span.start;
    let mut dirs = vec![
        "/usr/local/share/.cache/yarn".to_string(),
        format!("{home}/.cache/yarn"),
        format!("{home}/.yarn/berry/cache"),
        "/root/.cache/yarn".to_string(),
    ];
    if let Some(Some(x)) = run.env.value_of("XDG_CACHE_HOME", at) {
        dirs.push(format!("{}/yarn", x.trim_end_matches('/')));
    }
    // A word's value, when it expands to exactly one known word.
    let value = |w: &Word| {
        let e = run.env.expand(w, at);
        (e.resolved && e.words.len() == 1).then(|| e.words[0].clone())
    };
    const SET: &str = "YARN_CACHE_FOLDER=";
    // `YARN_CACHE_FOLDER=DIR yarn ...`, or `env YARN_CACHE_FOLDER=DIR yarn ...`.
    let assigned = cmd
        .assignments
        .iter()
        .rev()
        .find(|a| a.name == "YARN_CACHE_FOLDER")
        .and_then(|a| value(&a.value));
    let by_wrapper = || {
        let name = cmd.name_word()?;
        let w = cmd
            .words
            .iter()
            .take_while(|w| !std::ptr::eq(*w, name))
            .filter(|w| w.lossy().starts_with(SET))
            .last()?;
        value(w).and_then(|v| v.strip_prefix(SET).map(str::to_string))
    };
    if let Some(v) = assigned
        .or_else(by_wrapper)
        .or_else(|| run.env.value_of("YARN_CACHE_FOLDER", at).flatten())
    {
        dirs.push(v);
    }
    // `--cache-folder DIR` or `--cache-folder=DIR`.
    let args = cmd.args();
    for (i, w) in args.iter().enumerate() {
        let text = w.lossy();
        if text == "--cache-folder" {
            if let Some(next) = args.get(i + 1) {
                dirs.push(value(next).unwrap_or_else(|| next.lossy()));
            }
        } else if text.starts_with("--cache-folder=") {
            let full = value(w).unwrap_or(text);
            if let Some(v) = full.strip_prefix("--cache-folder=") {
                dirs.push(v.to_string());
            }
        }
    }
    dirs.retain(|d| d.starts_with('/'));
    dirs
}

/// Whether an `rm` after byte `after` removes `$(yarn cache dir)`.
fn removes_cache_dir(model: &Model<'_>, run: &Run<'_, '_>, after: usize) -> bool {
    let df = model.dockerfile();
    run.script
        .commands
        .iter()
        .filter(|c| c.span.start > after)
        .filter_map(rm)
        .any(|r| {
            r.targets.iter().any(|t| {
                let text = df.text(t.span());
                let words: Vec<&str> = text
                    .split(|c: char| c.is_whitespace() || "$()`\"'".contains(c))
                    .filter(|w| !w.is_empty())
                    .collect();
                words.windows(3).any(|w| w == ["yarn", "cache", "dir"])
            })
        })
}

struct Unclean {
    span: Span,
    what: String,
    dirs: Vec<String>,
    cleaned: bool,
    fix: Option<Edit>,
}

impl Rule for YarnCacheNotCleaned {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        let mut found: BTreeMap<usize, Unclean> = BTreeMap::new();
        for_each_run(model, |run| {
            let mut last = None;
            let mut clean_at = Vec::new();
            for cmd in &run.script.commands {
                let Some(n) = node_pm(cmd) else { continue };
                if cleans(&n) {
                    clean_at.push(cmd.span.start);
                } else if installs(&n) {
                    last = Some((cmd, n));
                }
            }
            match last {
                Some((cmd, n)) => {
                    let at = cmd.span.start;
                    let dirs = cache_dirs(run, cmd);
                    let cleaned = clean_at.iter().any(|c| *c > at)
                        || removes_cache_dir(model, run, at)
                        || dirs.iter().any(|d| {
                            d.starts_with("/dev/shm/") || removes_dir(&run.env, run.script, d, at)
                        });
                    let plain = cmd.wrappers.is_empty()
                        && cmd.name_word().and_then(Word::literal) == Some("yarn");
                    let what = match n.subcommand {
                        Some(_) => {
                            let words: Vec<String> = n
                                .args
                                .operands
                                .iter()
                                .take(if n.yarn_global { 2 } else { 1 })
                                .map(|w| w.lossy())
                                .collect();
                            format!("yarn {}", words.join(" "))
                        }
                        None => "yarn".to_string(),
                    };
                    found.insert(
                        run.info.index,
                        Unclean {
                            span: command_span(cmd, n.subcommand),
                            what,
                            dirs,
                            cleaned,
                            fix: if plain {
                                append_to_run(model, run, "yarn cache clean")
                            } else {
                                None
                            },
                        },
                    );
                }
                None => {
                    if let Some(u) = found.get_mut(&run.info.index) {
                        u.cleaned |= !clean_at.is_empty()
                            || removes_cache_dir(model, run, 0)
                            || u.dirs
                                .iter()
                                .any(|d| removes_dir(&run.env, run.script, d, 0));
                    }
                }
            }
        });
        for (index, u) in found {
            let info = &model.instructions()[index];
            if u.cleaned
                || !stage_is_shipped(model, info)
                || cache_mount_covers(model, info, |t| u.dirs.iter().any(|d| target_covers(t, d)))
            {
                continue;
            }
            let msg = format!(
                "`yarn cache clean` missing after `{}`: yarn's copy of every downloaded package stays in the layer; add `yarn cache clean` at the end of this RUN",
                u.what
            );
            match u.fix {
                Some(edit) => ctx.report_with_fix(
                    u.span,
                    msg,
                    Fix::unsafe_("Add `yarn cache clean`", vec![edit]),
                ),
                None => {
                    ctx.report(u.span, msg);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::testing::{check_fix, fixed_unsafe, messages};
    use crate::fix::Applicability;
    use crate::rules::test_support::{codes, fixed};

    const C: &str = "DL3060";

    #[test]
    fn caches_left_behind_are_reported() {
        for run in [
            "yarn install",
            "yarn",
            "yarn --frozen-lockfile",
            "yarn install --production && yarn build",
            "yarn --cwd app install",
            "yarn add left-pad@1.3.0",
            "yarn global add pm2@5.4.2",
            "yarn cache clean && yarn install",
            "yarn install && rm -rf /tmp/yarn",
            "YARN_CACHE_FOLDER=/tmp/c yarn install",
            "--mount=type=cache,target=/root/.npm yarn install",
        ] {
            let src = format!("FROM node:22\nRUN {run}\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
        }
        assert_eq!(
            codes("FROM node:22\nRUN yarn install\nRUN yarn cache clean\n", C),
            vec![2]
        );
        assert_eq!(
            codes("FROM node:22\nONBUILD RUN yarn install\n", C),
            vec![2]
        );
        assert_eq!(
            codes("FROM node:22\nRUN <<EOF\nyarn install\nEOF\n", C),
            vec![3]
        );
        assert_eq!(
            messages("FROM node:22\nRUN yarn global add pm2@5.4.2\n", C),
            ["`yarn cache clean` missing after `yarn global add`: yarn's copy of every downloaded package stays in the layer; add `yarn cache clean` at the end of this RUN"]
        );
    }

    #[test]
    fn cleaned_caches_are_fine() {
        for run in [
            "yarn install && yarn cache clean",
            "yarn install; yarn cache clean --force",
            "yarn install && yarn build && yarn cache clean",
            "yarn install && rm -rf /usr/local/share/.cache/yarn",
            "yarn install && rm -rf /usr/local/share/.cache",
            "yarn install && rm -rf ~/.cache/yarn",
            "yarn install && rm -rf \"$(yarn cache dir)\"",
            "yarn install && rm -rf `yarn cache dir`",
            "yarn install --cache-folder /tmp/yc && rm -rf /tmp/yc",
            "YARN_CACHE_FOLDER=/dev/shm/yarn yarn install",
            "--mount=type=cache,target=/usr/local/share/.cache/yarn yarn install",
            "--mount=type=cache,target=/root/.cache/yarn yarn install",
            "--mount=type=cache,target=/root/.yarn yarn install",
            "--mount=type=cache,target=/yc yarn install --cache-folder /yc",
            "--mount=type=tmpfs,target=/usr/local/share/.cache yarn install",
            "yarn build",
            "yarn run test",
            "yarn --version",
            "npm install",
        ] {
            let src = format!("FROM node:22\nRUN {run}\n");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
        let src = "FROM node:22\nENV YARN_CACHE_FOLDER=/yc\nRUN --mount=type=cache,target=/yc yarn install\n";
        assert!(codes(src, C).is_empty());
        // A non-root user's cache is in its home.
        let src = "FROM node:22\nUSER node\nRUN yarn install && rm -rf /home/node/.cache/yarn\n";
        assert!(codes(src, C).is_empty());
    }

    #[test]
    fn only_stages_that_reach_an_image() {
        let src = "FROM node:22 AS build\nRUN yarn install\nFROM nginx:1.27\nCOPY --from=build /app /app\n";
        assert!(codes(src, C).is_empty());
        let src = "FROM node:22 AS deps\nRUN yarn install\nFROM deps\nRUN yarn build\n";
        assert_eq!(codes(src, C), vec![2]);
    }

    #[test]
    fn fix_appends_cache_clean_unsafely() {
        let src = "FROM node:22\nRUN yarn install --frozen-lockfile && yarn build\n";
        assert_eq!(fixed(src, C), src);
        assert_eq!(
            fixed_unsafe(src, C),
            "FROM node:22\nRUN yarn install --frozen-lockfile && yarn build && yarn cache clean\n"
        );
        check_fix(src, C, Applicability::Unsafe, true);
    }

    #[test]
    fn heredocs_exec_form_and_wrappers_are_checked() {
        assert_eq!(
            codes(
                "FROM node:22\nRUN <<EOF bash\nset -e\nyarn install\nEOF\n",
                C
            ),
            vec![4]
        );
        assert!(codes(
            "FROM node:22\nRUN <<EOF\nyarn install\nyarn cache clean\nEOF\n",
            C
        )
        .is_empty());
        for run in [
            "[\"yarn\", \"install\"]",
            "sudo yarn install",
            "sh -c 'yarn install'",
        ] {
            let src = format!("FROM node:22\nRUN {run}\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
        }
    }

    #[test]
    fn cache_folders_from_variables_and_wrappers() {
        for src in [
            "ENV D=/usr/local/share/.cache/yarn\nRUN yarn install && rm -rf $D\n",
            "ARG YC=/tmp/yc\nRUN yarn install --cache-folder $YC && rm -rf $YC\n",
            "ARG YC=/tmp/yc\nRUN yarn install --cache-folder=$YC && rm -rf /tmp/yc\n",
            "RUN env YARN_CACHE_FOLDER=/dev/shm/yarn yarn install\n",
            "ARG YC=/tmp/yc\nRUN YARN_CACHE_FOLDER=$YC yarn install && rm -rf /tmp/yc\n",
        ] {
            let src = format!("FROM node:22\n{src}");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
        // The folder is not where the `rm` removes.
        assert_eq!(
            codes(
                "FROM node:22\nARG YC=/tmp/yc\nRUN yarn install --cache-folder $YC && rm -rf /tmp/other\n",
                C
            ),
            vec![3]
        );
        assert_eq!(
            codes(
                "FROM node:22\nRUN env YARN_CACHE_FOLDER=/tmp/yc yarn install\n",
                C
            ),
            vec![2]
        );
    }

    #[test]
    fn mounts_on_heredocs_and_onbuild() {
        for src in [
            "RUN --mount=type=cache,target=/usr/local/share/.cache/yarn <<EOF\nyarn install\nEOF\n",
            "ONBUILD RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install\n",
            "ONBUILD RUN --mount=type=tmpfs,target=/usr/local/share/.cache/yarn yarn install\n",
        ] {
            let src = format!("FROM node:22\n{src}");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
        assert_eq!(
            codes(
                "FROM node:22\nRUN --mount=type=bind,target=/usr/local/share/.cache/yarn yarn install\n",
                C
            ),
            vec![2]
        );
    }

    #[test]
    fn fix_in_onbuild_not_in_heredocs_or_behind_sudo() {
        let src = "FROM node:22\nONBUILD RUN yarn install\n";
        assert_eq!(
            check_fix(src, C, Applicability::Unsafe, true),
            "FROM node:22\nONBUILD RUN yarn install && yarn cache clean\n"
        );
        for src in [
            "FROM node:22\nRUN <<EOF\nyarn install\nEOF\n",
            "FROM node:22\nRUN sudo yarn install\n",
        ] {
            assert_eq!(codes(src, C).len(), 1, "{src}");
            assert_eq!(fixed_unsafe(src, C), src);
        }
    }

    #[test]
    fn onbuild_triggers_are_checked_in_any_stage() {
        // The trigger runs in the image built from this one, whatever the stage.
        assert_eq!(
            codes(
                "FROM node:22 AS tools\nONBUILD RUN yarn install\nFROM nginx:1.27\nRUN echo hi\n",
                C
            ),
            vec![2]
        );
        // A stage built on, cleaned where it installs.
        assert!(codes(
            "FROM node:22 AS deps\nRUN yarn install && yarn cache clean\nFROM deps\nRUN yarn build\n",
            C
        )
        .is_empty());
    }
}
