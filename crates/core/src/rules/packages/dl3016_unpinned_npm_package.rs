use super::common::{check_pin_by_value, for_each_command, list_names, Pin};
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::shell::commands::npm::{node_pm, NodeTool};

crate::declare_rule! {
    /// ## What it does
    /// Reports packages installed with `npm install <package>` without a version
    /// (`express` rather than `express@4.19.2`).
    ///
    /// ## Why
    /// Without a version, every build installs the newest release of the day: the
    /// image changes between builds of the same Dockerfile, and a new major version
    /// can break it without any change on your side. `npm install` (or `npm ci`)
    /// without package names installs what `package.json` and the lockfile say, and
    /// is not reported.
    ///
    /// A version, range or tag after `@` counts as pinned (`express@4`, `@org/pkg@^1.2`),
    /// except `@latest` and `@*`, which ask for whatever is newest;
    /// so do local folders and tarballs (`./pkg`, `pkg.tgz`) and git URLs with a
    /// commit or tag (`git+https://host/repo.git#v1.0`; a branch name such as `#main`
    /// moves, and is reported). Variables are expanded with
    /// the ARG and ENV values in scope and the variables the script sets: `pkg@$V` is
    /// judged by the value of `V` when it is known (`ARG V=latest` is reported), and
    /// counts as a version when it is not; options a variable expands to are not
    /// packages. `npm i` and `npm add` are checked too, in
    /// heredoc scripts and ONBUILD triggers as well.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22
    /// RUN npm install -g typescript
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22
    /// RUN npm install -g typescript@5.6.3
    /// ```
    ///
    /// ## Fix
    /// None: pick the version you test against (`npm view <package> version` shows
    /// the newest).
    pub struct UnpinnedNpmPackage {
        code: "DL3016",
        name: "unpinned-npm-package",
        category: Correctness,
        severity: Warning,
        fix: None,
    }
}

/// Whether an `npm install` operand is pinned, or is not a registry package.
pub(super) fn npm_pinned(p: &str) -> bool {
    let lower = p.to_ascii_lowercase();
    if [
        "git://",
        "git+ssh://",
        "git+http://",
        "git+https://",
        "github:",
        "gitlab:",
        "bitbucket:",
    ]
    .iter()
    .any(|s| lower.starts_with(s))
    {
        return p.split_once('#').is_some_and(|(_, r)| git_ref_pinned(r));
    }
    if [".tar", ".tar.gz", ".tgz"]
        .iter()
        .any(|s| lower.ends_with(s))
    {
        return true;
    }
    if ["/", "./", "../", "~/", "file:"]
        .iter()
        .any(|s| p.starts_with(s))
        || p == "."
        || p == ".."
    {
        return true;
    }
    if lower.starts_with("http://") || lower.starts_with("https://") {
        // A tarball, or a git repository (`https://github.com/org/repo#ref`).
        return p.split_once('#').is_none_or(|(_, r)| git_ref_pinned(r));
    }
    // `@scope/name@version`: an `@` after the scope.
    let unscoped = if p.starts_with('@') {
        p.split_once('/').map(|(_, rest)| rest).unwrap_or("")
    } else {
        p
    };
    match unscoped.split_once('@') {
        // `latest` (the default tag) and `*` name whatever is newest: no pin at all.
        Some((_, v)) => !matches!(v.trim(), "" | "latest" | "*" | "x" | "X"),
        // `user/repo` is a GitHub shorthand: pinned with `#ref`.
        None => p.split_once('#').is_some_and(|(_, r)| git_ref_pinned(r)),
    }
}

/// Whether the `#ref` of a git dependency names a fixed revision: a commit hash or a
/// version tag (`v1.0.27`, `4.0`), or a `semver:` range. A branch name (`master`,
/// `develop`, `production`) follows whatever is pushed to it.
fn git_ref_pinned(r: &str) -> bool {
    let r = r.trim();
    r.starts_with("semver:") || r.bytes().any(|b| b.is_ascii_digit())
}

impl Rule for UnpinnedNpmPackage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        for_each_command(model, |run, cmd| {
            let Some(n) = node_pm(cmd) else { return };
            if n.tool != NodeTool::Npm
                || !matches!(
                    n.subcommand_name(),
                    Some("install" | "i" | "in" | "add" | "isntall")
                )
            {
                return;
            }
            for pkg in &n.packages {
                let word = pkg.word;
                // Options from a variable (`ARG FLAGS=--quiet`) are not packages.
                let pinned_or_option = |w: &str| w.starts_with('-') || npm_pinned(w);
                match check_pin_by_value(&run.env, word, cmd.span.start, pinned_or_option) {
                    Pin::Pinned => {}
                    Pin::Unpinned(names) => {
                        let first = names.first().cloned().unwrap_or_default();
                        let bare = match first.strip_prefix('@') {
                            Some(rest) => format!("@{}", rest.split('@').next().unwrap_or(rest)),
                            None => first.split('@').next().unwrap_or(&first).to_string(),
                        };
                        let what = if names
                            .iter()
                            .any(|n| n.contains('@') && n.rfind('@') != Some(0))
                        {
                            "names no version (`latest` is whatever is newest)"
                        } else if names.len() == 1 {
                            "has no version"
                        } else {
                            "have no version"
                        };
                        ctx.report(
                            word.span(),
                            format!(
                                "Pin versions in npm: {} {what}; use `npm install {bare}@<version>`",
                                list_names(&names),
                            ),
                        );
                    }
                    Pin::Unknown => {
                        ctx.report(
                            word.span(),
                            format!(
                                "Pin versions in npm: `{}` expands to packages not known here, which may have no version",
                                word.lossy()
                            ),
                        );
                    }
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::testing::messages;
    use crate::rules::test_support::codes;

    const C: &str = "DL3016";

    #[test]
    fn unpinned_packages_are_reported() {
        for run in [
            "npm install express",
            "npm install @myorg/privatepackage",
            "npm install express sax@0.1.1",
            "npm install --global express",
            "npm i -g express",
            "npm install git+ssh://git@github.com:npm/npm.git",
            "npm install git+http://isaacs@github.com/npm/npm",
            "npm install git+https://isaacs@github.com/npm/npm.git",
            "npm install git://github.com/npm/npm.git",
            "npm install --registry https://example.com express",
            "npm install --registry=https://example.com express",
            "npm install expressjs/express",
            "npm install -g npm@latest",
            "npm install -g @angular/cli@latest",
            "npm install -g 'yarn@*'",
            "npm install -g strongloop/strong-pm#production",
            "npm install git+https://github.com/org/repo.git#develop",
            "npm install -g 'https://github.com/org/repo#some-branch'",
        ] {
            let src = format!("FROM node:22\nRUN {run}\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
        }
        assert_eq!(
            codes("FROM node:22\nONBUILD RUN npm install express\n", C),
            vec![2]
        );
        assert_eq!(
            codes("FROM node:22\nRUN <<EOF\nnpm install express\nEOF\n", C),
            vec![3]
        );
    }

    #[test]
    fn pinned_local_and_lockfile_installs_are_fine() {
        for run in [
            "npm install",
            "npm install --progress=false",
            "npm ci",
            "npm install express@4.1.1",
            "npm install @myorg/privatepackage@\">=0.1.0\"",
            "npm install express@\"4.1.1\" sax@0.1.1",
            "npm install --global express@\"4.1.1\"",
            "npm install -g express@\"4.1.1\"",
            "npm install package-v1.2.3.tar",
            "npm install package-v1.2.3.tar.gz",
            "npm install package-v1.2.3.tgz",
            "npm install /folder",
            "npm install ./folder",
            "npm install ../folder",
            "npm install ~/folder",
            "npm install git+ssh://git@github.com:npm/npm.git#v1.0.27",
            "npm install git+http://isaacs@github.com/npm/npm#semver:^5.0",
            "npm install git+https://isaacs@github.com/npm/npm.git#v1.0.27",
            "npm install git://github.com/npm/npm.git#v1.0.27",
            "npm install -g gulpjs/gulp-cli#4.0",
            "npm install github:org/repo#0a1b2c3d",
            "npm install https://github.com/org/repo#v2.1.0",
            "npm install https://example.com/pkg.tgz",
            "npm run --crazy install",
            "npm install @myorg/privatepackage@\">=0.1.0 <0.2.0\"",
            "npm install --loglevel verbose sax@0.1.1",
            "npm install --registry https://example.com sax@0.1.1",
            "yarn add express",
            "npm uninstall express",
        ] {
            let src = format!("FROM node:22\nRUN {run}\n");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
    }

    #[test]
    fn messages_name_the_package() {
        assert_eq!(
            messages("FROM node:22\nRUN npm i -g @angular/cli@latest eslint\n", C),
            [
                "Pin versions in npm: `@angular/cli@latest` names no version (`latest` is whatever is newest); use `npm install @angular/cli@<version>`",
                "Pin versions in npm: `eslint` has no version; use `npm install eslint@<version>`",
            ]
        );
    }

    #[test]
    fn variables_are_expanded() {
        assert!(codes(
            "FROM node:22\nARG TS=typescript@5.6.3\nRUN npm install -g $TS\n",
            C
        )
        .is_empty());
        assert!(codes(
            "FROM node:22\nRUN npm install -g \"typescript@${TS_VERSION}\"\n",
            C
        )
        .is_empty());
        assert_eq!(
            codes(
                "FROM node:22\nENV TOOLS=\"typescript eslint@9\"\nRUN npm i -g $TOOLS\n",
                C
            ),
            vec![3]
        );
    }

    #[test]
    fn exec_form_wrappers_and_heredoc_interpreters_are_checked() {
        for run in [
            "[\"npm\", \"install\", \"-g\", \"express\"]",
            "sudo npm install -g express",
            "env NODE_ENV=production npm install express",
            "sh -c 'npm i express'",
            "npm add express",
        ] {
            let src = format!("FROM node:22\nRUN {run}\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
            let pinned = src.replace("express", "express@4.19.2");
            assert!(codes(&pinned, C).is_empty(), "{pinned}");
        }
        assert_eq!(
            codes(
                "FROM node:22\nRUN <<EOF bash\nset -e\nnpm install -g express@4 typescript\nEOF\n",
                C
            ),
            vec![4]
        );
        assert!(codes("FROM node:22\nONBUILD RUN npm install -g typescript@5\n", C).is_empty());
    }

    #[test]
    fn unknown_and_script_variables() {
        // A variable set nowhere may name any package.
        assert_eq!(
            codes("FROM node:22\nRUN npm install -g $TOOLS\n", C),
            vec![2]
        );
        assert!(codes(
            "FROM node:22\nRUN V=5.6.3 && npm install -g \"typescript@$V\"\n",
            C
        )
        .is_empty());
        assert_eq!(
            codes(
                "FROM node:22\nRUN TOOLS='typescript eslint' && npm install -g $TOOLS\n",
                C
            ),
            vec![2]
        );
    }

    #[test]
    fn known_variable_values_are_judged_by_value() {
        for src in [
            "ARG V=latest\nRUN npm install -g typescript@$V\n",
            "ENV V=*\nRUN npm install -g \"typescript@${V}\"\n",
        ] {
            let src = format!("FROM node:22\n{src}");
            assert_eq!(codes(&src, C), vec![3], "{src}");
        }
        assert_eq!(
            codes(
                "FROM node:22\nRUN V=latest && npm install -g \"typescript@$V\"\n",
                C
            ),
            vec![2]
        );
        assert!(codes(
            "FROM node:22\nARG V=5.6.3\nRUN npm install -g typescript@$V\n",
            C
        )
        .is_empty());
        // In a trigger, this file's ARG is not set: the text names a version.
        assert!(codes(
            "FROM node:22\nARG V=latest\nONBUILD RUN npm install -g typescript@$V\n",
            C
        )
        .is_empty());
    }

    #[test]
    fn options_from_variables_are_not_packages() {
        assert!(codes("FROM node:22\nARG NPM_FLAGS=\"--omit=dev --no-fund\"\nRUN npm install -g $NPM_FLAGS typescript@5.6.3\n", C).is_empty());
        assert_eq!(codes("FROM node:22\nARG NPM_FLAGS=\"--omit=dev --no-fund\"\nRUN npm install -g $NPM_FLAGS typescript\n", C), vec![3]);
    }
}
