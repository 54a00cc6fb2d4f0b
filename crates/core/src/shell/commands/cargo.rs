//! `cargo install` (and other cargo subcommands).

use super::{parse_args, program_in, Args, Package, Style};
use crate::shell::ast::{Command, Word};

/// A `cargo` command line.
#[derive(Debug, Clone, PartialEq)]
pub struct Cargo<'a> {
    /// The subcommand word (`install`, `build`, ...); a leading `+toolchain` is skipped.
    pub subcommand: Option<&'a Word>,
    /// Options and operands after the subcommand.
    pub args: Args<'a>,
    /// For `install`: crates as `name` or `name@version`; `--version` fills a missing version.
    pub packages: Vec<Package<'a>>,
}

const TAKES_VALUE: &[&str] = &[
    "--version",
    "--vers",
    "--git",
    "--branch",
    "--tag",
    "--rev",
    "--path",
    "--root",
    "--index",
    "--registry",
    "-j",
    "--jobs",
    "--target",
    "--target-dir",
    "-F",
    "--features",
    "--profile",
    "--bin",
    "--example",
    "--config",
    "-Z",
    "-p",
    "--package",
    "--manifest-path",
];

impl<'a> Cargo<'a> {
    /// The subcommand as text.
    pub fn subcommand_name(&self) -> Option<&str> {
        self.subcommand.and_then(Word::literal)
    }

    /// `cargo install`.
    pub fn is_install(&self) -> bool {
        self.subcommand_name() == Some("install")
    }

    /// `--locked`.
    pub fn locked(&self) -> bool {
        self.args.has(&["--locked"])
    }
}

/// Recognises `cargo`.
pub fn cargo(cmd: &Command) -> Option<Cargo<'_>> {
    program_in(cmd, &["cargo"])?;
    let all = cmd.args();
    let sub = all.iter().position(|w| {
        let t = w.lossy();
        !t.starts_with('-') && !t.starts_with('+')
    });
    let subcommand = sub.and_then(|i| all.get(i));
    let rest = sub.and_then(|i| all.get(i + 1..)).unwrap_or(&[]);
    let args = parse_args(rest, TAKES_VALUE, Style::Gnu);
    let mut packages: Vec<Package<'_>> = Vec::new();
    if subcommand.and_then(Word::literal) == Some("install") {
        let flag_version = args.value(&["--version", "--vers"]).map(str::to_string);
        for w in &args.operands {
            let text = w.lossy();
            packages.push(match text.split_once('@') {
                Some((n, v)) => Package {
                    word: w,
                    name: n.to_string(),
                    op: Some("@".into()),
                    version: Some(v.to_string()),
                },
                None => Package {
                    word: w,
                    name: text,
                    op: flag_version.as_ref().map(|_| "--version".to_string()),
                    version: flag_version.clone(),
                },
            });
        }
    }
    Some(Cargo {
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
    fn install_forms() {
        let s = parse_script("cargo install --locked ripgrep@14.1.0; cargo +nightly install cargo-watch --version 8.5; cargo build --release", 0);
        let c = cargo(&s.commands[0]).unwrap();
        assert!(c.is_install() && c.locked());
        assert_eq!(c.packages[0].version.as_deref(), Some("14.1.0"));
        let w = cargo(&s.commands[1]).unwrap();
        assert_eq!(
            (
                w.packages[0].name.as_str(),
                w.packages[0].version.as_deref()
            ),
            ("cargo-watch", Some("8.5"))
        );
        let b = cargo(&s.commands[2]).unwrap();
        assert_eq!(b.subcommand_name(), Some("build"));
        assert!(b.packages.is_empty() && b.args.has(&["--release"]));
    }
}
