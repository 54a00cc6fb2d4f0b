//! `pip`, `pip3`, `python -m pip`, `uv pip`.

use super::{parse_args, split_version, Args, Package, Style};
use crate::shell::ast::{Command, Word};

/// How pip was invoked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PipVia {
    /// `pip`, `pip3`, `pip3.11`...
    Pip,
    /// `python -m pip`, `python3.12 -m pip`...
    PythonModule,
    /// `uv pip`
    Uv,
}

/// A pip command line.
#[derive(Debug, Clone, PartialEq)]
pub struct Pip<'a> {
    /// How pip was invoked.
    pub via: PipVia,
    /// The subcommand word (`install`, `uninstall`, `download`...).
    pub subcommand: Option<&'a Word>,
    /// Options and operands after `pip`.
    pub args: Args<'a>,
    /// Requirement specifiers for install: `name`, `name==1.0`, `name>=1`, `name[extra]~=2`...;
    /// paths and URLs appear with no version.
    pub packages: Vec<Package<'a>>,
}

const TAKES_VALUE: &[&str] = &[
    "-r",
    "--requirement",
    "-c",
    "--constraint",
    "-e",
    "--editable",
    "-i",
    "--index-url",
    "--extra-index-url",
    "-f",
    "--find-links",
    "-t",
    "--target",
    "--prefix",
    "--root",
    "--trusted-host",
    "--platform",
    "--python-version",
    "--implementation",
    "--abi",
    "--progress-bar",
    "--cache-dir",
    "--src",
    "--upgrade-strategy",
    "--global-option",
    "--install-option",
    "-C",
    "--config-settings",
    "--only-binary",
    "--no-binary",
    "--python",
    "-p",
    "--log",
    "--timeout",
    "--retries",
    "--proxy",
    "--cert",
    "--client-cert",
    "--exists-action",
    "--report",
];

impl<'a> Pip<'a> {
    /// The subcommand as text.
    pub fn subcommand_name(&self) -> Option<&str> {
        self.subcommand.and_then(Word::literal)
    }

    /// `install`.
    pub fn is_install(&self) -> bool {
        self.subcommand_name() == Some("install")
    }

    /// `--no-cache-dir` (pip) or `--no-cache` (uv).
    pub fn no_cache(&self) -> bool {
        self.args.has(&["--no-cache-dir", "--no-cache"])
    }

    /// Files given with `-r`/`--requirement`.
    pub fn requirement_files(&self) -> Vec<&str> {
        self.args.values(&["-r", "--requirement"])
    }

    /// `-U`/`--upgrade`.
    pub fn upgrade(&self) -> bool {
        self.args.has(&["-U", "--upgrade"])
    }
}

fn is_python(p: &str) -> bool {
    p.strip_prefix("python")
        .is_some_and(|v| v.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

fn is_pip(p: &str) -> bool {
    p.strip_prefix("pip")
        .is_some_and(|v| v.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

/// Recognises pip in its usual spellings.
pub fn pip(cmd: &Command) -> Option<Pip<'_>> {
    let program = cmd.program()?;
    let all = cmd.args();
    let (via, rest) = if is_pip(program) {
        (PipVia::Pip, all)
    } else if is_python(program) {
        // python [opts] -m pip ...
        let m = all.iter().position(|w| {
            w.literal()
                .is_some_and(|l| l == "-m" || !l.starts_with('-'))
        })?;
        if all.get(m)?.literal() != Some("-m") || !all.get(m + 1)?.literal().is_some_and(is_pip) {
            return None;
        }
        (PipVia::PythonModule, all.get(m + 2..)?)
    } else if program == "uv" && all.first()?.literal() == Some("pip") {
        (PipVia::Uv, all.get(1..)?)
    } else {
        return None;
    };
    let args = parse_args(rest, TAKES_VALUE, Style::Gnu);
    let subcommand = args.operands.first().copied();
    let packages = if matches!(
        subcommand.and_then(Word::literal),
        Some("install" | "download" | "wheel" | "uninstall")
    ) {
        args.operands
            .iter()
            .skip(1)
            .map(|w| {
                let text = w.lossy();
                if text.contains("://") || text.starts_with('.') || text.starts_with('/') {
                    Package {
                        word: w,
                        name: text,
                        op: None,
                        version: None,
                    }
                } else {
                    split_version(
                        w,
                        &["===", "==", "~=", "!=", ">=", "<=", ">", "<", "@", ";"],
                    )
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    Some(Pip {
        via,
        subcommand,
        args,
        packages,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::parse_script;

    #[test]
    fn spellings() {
        let s = parse_script(
            "pip install x; pip3.11 install y; python3 -m pip install -U pip; python -u -m pip list; uv pip install --system z; python3 setup.py install",
            0,
        );
        let v: Vec<_> = s.commands.iter().map(|c| pip(c).map(|p| p.via)).collect();
        assert_eq!(
            v,
            [
                Some(PipVia::Pip),
                Some(PipVia::Pip),
                Some(PipVia::PythonModule),
                Some(PipVia::PythonModule),
                Some(PipVia::Uv),
                None
            ]
        );
        let p = pip(&s.commands[2]).unwrap();
        assert!(p.upgrade());
        assert_eq!(p.packages[0].name, "pip");
    }

    #[test]
    fn install_options_and_specifiers() {
        let s = parse_script(
            "pip install --no-cache-dir -r requirements.txt 'django==4.2' \"requests[socks]>=2\" flask . git+https://x/y.git",
            0,
        );
        let p = pip(&s.commands[0]).unwrap();
        assert!(p.is_install() && p.no_cache());
        assert_eq!(p.requirement_files(), ["requirements.txt"]);
        let v: Vec<_> = p
            .packages
            .iter()
            .map(|p| (p.name.as_str(), p.op.as_deref(), p.version.as_deref()))
            .collect();
        assert_eq!(
            v,
            [
                ("django", Some("=="), Some("4.2")),
                ("requests[socks]", Some(">="), Some("2")),
                ("flask", None, None),
                (".", None, None),
                ("git+https://x/y.git", None, None),
            ]
        );
    }
}
