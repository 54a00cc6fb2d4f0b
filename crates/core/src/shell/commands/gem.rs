//! Ruby's `gem`.

use super::{parse_args, program_in, Args, Package, Style};
use crate::shell::ast::{Command, Word};

/// A `gem` command line.
#[derive(Debug, Clone, PartialEq)]
pub struct Gem<'a> {
    /// The subcommand word (`install`, `update`, `uninstall`...).
    pub subcommand: Option<&'a Word>,
    /// Options and operands after the program name.
    pub args: Args<'a>,
    /// Gems: `name` or `name:1.2` (op `:`); a `-v` applies to all of them, see [`Gem::version`].
    pub packages: Vec<Package<'a>>,
}

const TAKES_VALUE: &[&str] = &[
    "-v",
    "--version",
    "-i",
    "--install-dir",
    "-n",
    "--bindir",
    "-s",
    "--source",
    "--platform",
    "-P",
    "--trust-policy",
    "-g",
    "--file",
    "--document",
];

impl<'a> Gem<'a> {
    /// The subcommand as text.
    pub fn subcommand_name(&self) -> Option<&str> {
        self.subcommand.and_then(Word::literal)
    }

    /// `install` or `i`.
    pub fn is_install(&self) -> bool {
        matches!(self.subcommand_name(), Some("install" | "i"))
    }

    /// The `-v`/`--version` value.
    pub fn version(&self) -> Option<&str> {
        self.args.value(&["-v", "--version"])
    }

    /// `--no-document`, `-N`, `--no-doc`, or both `--no-ri` and `--no-rdoc`.
    pub fn no_document(&self) -> bool {
        self.args.has(&["--no-document", "-N", "--no-doc"])
            || (self.args.has(&["--no-ri"]) && self.args.has(&["--no-rdoc"]))
    }
}

/// Recognises `gem`.
pub fn gem(cmd: &Command) -> Option<Gem<'_>> {
    program_in(cmd, &["gem"])?;
    let args = parse_args(cmd.args(), TAKES_VALUE, Style::Gnu);
    let subcommand = args.operands.first().copied();
    let packages = args
        .operands
        .iter()
        .skip(1)
        .map(|w| {
            let text = w.lossy();
            match text.split_once(':') {
                Some((n, v)) if !n.is_empty() => Package {
                    word: w,
                    name: n.to_string(),
                    op: Some(":".into()),
                    version: Some(v.to_string()),
                },
                _ => Package {
                    word: w,
                    name: text,
                    op: None,
                    version: None,
                },
            }
        })
        .collect();
    Some(Gem {
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
        let s = parse_script("gem install bundler -v 2.4.22 --no-document && gem install rails:7.1 --no-ri --no-rdoc", 0);
        let g = gem(&s.commands[0]).unwrap();
        assert!(g.is_install() && g.no_document());
        assert_eq!(g.version(), Some("2.4.22"));
        assert_eq!(g.packages[0].name, "bundler");
        let r = gem(&s.commands[1]).unwrap();
        assert!(r.no_document());
        assert_eq!(
            (
                r.packages[0].name.as_str(),
                r.packages[0].version.as_deref()
            ),
            ("rails", Some("7.1"))
        );
    }
}
