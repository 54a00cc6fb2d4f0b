use super::common::{check_pin, for_each_command, list_names, Pin};
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::shell::commands::pip::pip;
use crate::shell::commands::{parse_args, Style};
use crate::shell::{Command, Word};

crate::declare_rule! {
    /// ## What it does
    /// Reports packages installed with `pip install` without a version constraint
    /// (`flask` rather than `flask==3.0.3`).
    ///
    /// ## Why
    /// Without a version, every build installs the newest release of the day: the
    /// image changes between builds of the same Dockerfile, and a new major version
    /// can break it without any change on your side. Pin the version, or install from
    /// a requirements or constraints file (`-r`, `-c`) where versions are pinned.
    ///
    /// Any version specifier counts (`==`, `~=`, `>=`, `<`, `!=`, `===`); so do local
    /// paths and archives (`.`, `./pkg`, `pkg.whl`, `pkg.tar.gz`), URLs of archives,
    /// and VCS URLs with a revision (`git+https://host/repo.git@v1.2`). A command with
    /// `-r`/`--requirement` or `-c`/`--constraint` is left alone. Variables are
    /// expanded with the ARG and ENV values in scope and the variables the script
    /// sets. `pip`, `pip3`, `python -m pip` and `uv pip` are checked, and so are
    /// `pipx install` and `pipenv install <package>` (a bare `pipenv install` uses the
    /// lockfile), in heredoc scripts and ONBUILD triggers too.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12
    /// RUN pip install --no-cache-dir flask
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12
    /// RUN pip install --no-cache-dir flask==3.0.3
    /// ```
    ///
    /// ```dockerfile
    /// FROM python:3.12
    /// COPY requirements.txt .
    /// RUN pip install --no-cache-dir -r requirements.txt
    /// ```
    ///
    /// ## Fix
    /// None: pick the version you test against (`pip freeze` shows the installed ones).
    pub struct UnpinnedPipPackage {
        code: "DL3013",
        name: "unpinned-pip-package",
        category: Correctness,
        severity: Warning,
        fix: None,
    }
}

const VCS: [&str; 4] = ["git+", "hg+", "svn+", "bzr+"];

/// Whether a pip requirement is pinned, or is not a package from an index.
pub(super) fn pip_pinned(p: &str) -> bool {
    let lower = p.to_ascii_lowercase();
    let vcs = VCS.iter().any(|s| lower.starts_with(s)) || lower.starts_with("git://");
    if vcs {
        // `git+https://user@host/org/repo.git@rev#egg=x`: an `@` in the path, after the
        // host (which may hold a user name), names a revision.
        let no_frag = p.split('#').next().unwrap_or(p);
        let after_scheme = match no_frag.split_once("://") {
            Some((_, rest)) => rest,
            // `git+git@github.com:org/repo.git@rev`
            None => no_frag.split_once(':').map(|(_, r)| r).unwrap_or(""),
        };
        let path = match no_frag.contains("://") {
            true => after_scheme.split_once('/').map(|(_, r)| r).unwrap_or(""),
            false => after_scheme,
        };
        return path.contains('@');
    }
    if p.contains("://") || p.contains('/') || p.starts_with('.') || p.starts_with('~') {
        // A URL or a local path: not resolved against an index.
        return true;
    }
    if [".whl", ".tar.gz", ".zip", ".tar.bz2", ".tgz"]
        .iter()
        .any(|s| lower.ends_with(s))
    {
        return true;
    }
    ["==", ">=", "<=", "!=", "~=", ">", "<", "@"]
        .iter()
        .any(|op| p.contains(op))
}

/// `pipx install` and `pipenv install`: the tool and the package operands (`None`
/// when not an install, or when pipenv installs from a requirements file).
fn pipx_or_pipenv(cmd: &Command) -> Option<(&'static str, Vec<&Word>)> {
    let tool = match cmd.program()? {
        "pipx" => "pipx",
        "pipenv" => "pipenv",
        _ => return None,
    };
    let args = parse_args(
        cmd.args(),
        &[
            "--python",
            "--pip-args",
            "--index-url",
            "-i",
            "--suffix",
            "--preinstall",
            "--pypi-mirror",
            "-r",
            "--requirements",
            "-c",
            "--constraints",
            "--categories",
            "-e",
            "--editable",
        ],
        Style::Gnu,
    );
    if args.operands.first()?.literal() != Some("install")
        || args.has(&["-r", "--requirements", "-c", "--constraints"])
    {
        return None;
    }
    Some((tool, args.operands[1..].to_vec()))
}

impl Rule for UnpinnedPipPackage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        for_each_command(model, |run, cmd| {
            let (tool, words): (&str, Vec<&Word>) = match pip(cmd) {
                Some(p) => {
                    if !p.is_install()
                        || !p.requirement_files().is_empty()
                        || p.args.has(&["-c", "--constraint", "-r", "--requirement"])
                    {
                        return;
                    }
                    ("pip", p.packages.iter().map(|p| p.word).collect())
                }
                None => match pipx_or_pipenv(cmd) {
                    Some(found) => found,
                    None => return,
                },
            };
            for word in words {
                // A variable may hold options as well as packages
                // (`ARG PIPENV_ARGS=--deploy`): the options are not packages.
                let pinned = |w: &str| w.starts_with('-') || pip_pinned(w);
                match check_pin(&run.env, word, cmd.span.start, pinned) {
                    Pin::Pinned => {}
                    Pin::Unpinned(names) => {
                        let example = names.first().cloned().unwrap_or_default();
                        ctx.report(
                            word.span(),
                            format!(
                                "Pin versions in pip: {} {} no version; use `{tool} install {example}==<version>`{}",
                                list_names(&names),
                                if names.len() == 1 { "has" } else { "have" },
                                if tool == "pip" {
                                    " or `pip install --requirement <requirements file>`"
                                } else {
                                    ""
                                },
                            ),
                        );
                    }
                    Pin::Unknown => {
                        ctx.report(
                            word.span(),
                            format!(
                                "Pin versions in pip: `{}` expands to packages not known here, which may have no version",
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
    use crate::rules::test_support::codes;

    const C: &str = "DL3013";

    #[test]
    fn unpinned_packages_are_reported() {
        for run in [
            "pip install MySQL_python",
            "pip2 install MySQL_python",
            "pip3 install MySQL_python",
            "pip3.11 install --no-cache-dir MySQL_python",
            "python -m pip install example",
            "python3 -m pip install --index-url https://example.org/simple example",
            "pip install --upgrade pip",
            "pip install 'requests[socks]'",
            "pip install git+https://github.com/rtfd/read-ext.git#egg=read-ext",
            "pip install git+ssh://git@github.com/org/repo.git",
            "pip install --prefix /opt/x example",
            "uv pip install --system example",
            "sudo pip install example",
            "pipx install --include-deps transformers",
            "pipenv install flask",
        ] {
            let src = format!("FROM python:3.12\nRUN {run}\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
        }
        assert_eq!(
            codes(
                "FROM python:3.12\nRUN pip install a==1 \\\n    b \\\n    'c>=2'\n",
                C
            ),
            vec![3]
        );
        assert_eq!(
            codes("FROM python:3.12\nONBUILD RUN pip install x\n", C),
            vec![2]
        );
        assert_eq!(
            codes("FROM python:3.12\nRUN <<EOF\npip install x\nEOF\n", C),
            vec![3]
        );
    }

    #[test]
    fn pinned_local_and_requirement_installs_are_fine() {
        for run in [
            "pip3 install MySQL_python==1.2.2",
            "pip install MySQL_python~=1.2.2",
            "pip install MySQL_python===1.2.2",
            "pip install 'alabaster>=0.7'",
            "pip install 'alabaster<0.7'",
            "pip install 'alabaster!=0.7'",
            "pip install --ignore-installed MySQL_python==1.2.2",
            "pip3 install --build /opt/yamllint yamllint==1.20.0",
            "pip3 install --prefix /opt/yamllint yamllint==1.20.0",
            "pip3 install --root /opt/yamllint yamllint==1.20.0",
            "pip3 install --target /opt/yamllint yamllint==1.20.0",
            "pip3 install --trusted-host host example==1.2.2",
            "pip install --index-url https://user:pass@eg.com/foo --extra-index-url https://ex-eg.io/foo foobar==1.0.0",
            "pip install MySQL_python==1.2.2 --user --disable-pip-version-check --no-cache-dir",
            "python -m pip install example==1.2.2",
            "pip3 install mypkg.whl",
            "pip3 install mypkg.tar.gz",
            "pip install -r requirements.txt",
            "pip install --requirement requirements.txt",
            "pip install .",
            "pip install -e .",
            "pip install ./src/pkg",
            "pip install pykafka --constraint http://foo.bar.baz",
            "pip install pykafka -c constraints.txt",
            "pip install git+https://github.com/rtfd/r-ext.git@0.6-alpha#egg=r-ext",
            "pip install git+https://github.com/org/repo@support/0.3",
            "pip install git+ssh://git@github.com/org/repo.git@v1",
            "pip install https://example.org/pkg-1.0.tar.gz",
            "pip install 'pkg @ https://example.org/pkg-1.0.zip'",
            "pip install \"poetry==${POETRY_VERSION}\"",
            "pip download flask",
            "pip uninstall -y flask",
            "pipx install black==24.1.0",
            "pipenv install --system --deploy",
            "pipenv install -r requirements.txt",
        ] {
            let src = format!("FROM python:3.12\nRUN {run}\n");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
    }

    #[test]
    fn variables_are_expanded() {
        assert!(codes(
            "FROM python:3.12\nARG PKGS=\"flask==3.0 gunicorn==22.0\"\nRUN pip install $PKGS\n",
            C
        )
        .is_empty());
        // Options in a variable are not packages.
        assert!(codes(
            "FROM python:3.12\nARG ARGS=\"--deploy\"\nRUN pipenv install $ARGS\n",
            C
        )
        .is_empty());
        assert_eq!(
            codes(
                "FROM python:3.12\nARG ARGS=\"--upgrade flask\"\nRUN pip install $ARGS\n",
                C
            ),
            vec![3]
        );
        assert_eq!(
            codes(
                "FROM python:3.12\nENV PKG=flask\nRUN pip install \"$PKG\"\n",
                C
            ),
            vec![3]
        );
    }

    #[test]
    fn exec_form_wrappers_and_heredoc_interpreters_are_checked() {
        for run in [
            "[\"pip\", \"install\", \"flask\"]",
            "[\"/bin/sh\", \"-c\", \"pip install flask\"]",
            "sh -c 'pip install flask'",
            "env PIP_NO_CACHE_DIR=1 pip install flask",
        ] {
            let src = format!("FROM python:3.12\nRUN {run}\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
        }
        assert!(codes(
            "FROM python:3.12\nRUN [\"pip\", \"install\", \"flask==3.0.3\"]\n",
            C
        )
        .is_empty());
        assert_eq!(
            codes(
                "FROM python:3.12\nRUN <<EOF bash\nset -e\npip install flask==3.0.3 gunicorn\nEOF\n",
                C
            ),
            vec![4]
        );
        assert!(codes(
            "FROM python:3.12\nONBUILD RUN pip install flask==3.0.3\n",
            C
        )
        .is_empty());
    }

    #[test]
    fn unknown_variables_and_script_variables() {
        // A variable set nowhere may hold anything: reported.
        assert_eq!(
            codes("FROM python:3.12\nRUN pip install $PKGS\n", C),
            vec![2]
        );
        // Only the version comes from a variable: the package is pinned.
        for run in [
            "pip install \"flask==$FLASK_VERSION\"",
            "V=3.0.3 && pip install \"flask==$V\"",
        ] {
            let src = format!("FROM python:3.12\nRUN {run}\n");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
        assert_eq!(
            codes(
                "FROM python:3.12\nRUN PKGS='flask gunicorn==22.0' && pip install $PKGS\n",
                C
            ),
            vec![2]
        );
    }
}
