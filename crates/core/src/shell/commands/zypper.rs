//! openSUSE's `zypper`.

use super::{parse_args, program_in, split_version, Args, Package, Style};
use crate::shell::ast::{Command, Word};

/// A `zypper` command line.
#[derive(Debug, Clone, PartialEq)]
pub struct Zypper<'a> {
    /// The subcommand word (`install`/`in`, `remove`/`rm`, `refresh`/`ref`, `clean`/`cc`...).
    pub subcommand: Option<&'a Word>,
    /// All options and operands after the program name (global and command options alike).
    pub args: Args<'a>,
    /// Packages for install/remove: `name`, `name=1.0`, `name>=1.0`...
    pub packages: Vec<Package<'a>>,
}

const TAKES_VALUE: &[&str] = &[
    "-t",
    "--type",
    "-r",
    "--repo",
    "--from",
    "-c",
    "--config",
    "-R",
    "--root",
    "--installroot",
    "--download",
    "-p",
    "--plus-repo",
    "--releasever",
];

impl<'a> Zypper<'a> {
    /// The subcommand as text.
    pub fn subcommand_name(&self) -> Option<&str> {
        self.subcommand.and_then(Word::literal)
    }

    /// `install` or `in`.
    pub fn is_install(&self) -> bool {
        matches!(self.subcommand_name(), Some("install" | "in"))
    }

    /// `clean` or `cc`.
    pub fn is_clean(&self) -> bool {
        matches!(self.subcommand_name(), Some("clean" | "cc"))
    }

    /// `-n`/`--non-interactive` (global) or `-y`/`--no-confirm` (command).
    pub fn non_interactive(&self) -> bool {
        self.args
            .has(&["-n", "--non-interactive", "-y", "--no-confirm"])
    }

    /// `--no-recommends`.
    pub fn no_recommends(&self) -> bool {
        self.args.has(&["--no-recommends"])
    }
}

/// Recognises `zypper`.
pub fn zypper(cmd: &Command) -> Option<Zypper<'_>> {
    program_in(cmd, &["zypper"])?;
    let args = parse_args(cmd.args(), TAKES_VALUE, Style::Gnu);
    let subcommand = args.operands.first().copied();
    let with_packages = matches!(
        subcommand.and_then(Word::literal),
        Some(
            "install" | "in" | "remove" | "rm" | "update" | "up" | "info" | "source-install" | "si"
        )
    );
    let packages = if with_packages {
        args.operands
            .iter()
            .skip(1)
            .map(|w| split_version(w, &[">=", "<=", "=", ">", "<"]))
            .collect()
    } else {
        Vec::new()
    };
    Some(Zypper {
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
    fn install_clean() {
        let s = parse_script(
            "zypper -n in --no-recommends curl=8.0 git && zypper cc -a",
            0,
        );
        let z = zypper(&s.commands[0]).unwrap();
        assert!(z.is_install() && z.non_interactive() && z.no_recommends());
        assert_eq!(z.packages[0].version.as_deref(), Some("8.0"));
        assert_eq!(z.packages[1].name, "git");
        assert!(zypper(&s.commands[1]).unwrap().is_clean());
        let s = parse_script("zypper install vim", 0);
        assert!(!zypper(&s.commands[0]).unwrap().non_interactive());
    }
}
