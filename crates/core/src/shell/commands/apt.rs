//! `apt-get`, `apt` and `aptitude`.

use super::{parse_args, program_in, split_version, Args, Package, Style};
use crate::shell::ast::{Command, Word};

/// Which front-end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AptTool {
    /// `apt-get`
    AptGet,
    /// `apt`
    Apt,
    /// `aptitude`
    Aptitude,
}

/// An apt command line.
#[derive(Debug, Clone, PartialEq)]
pub struct Apt<'a> {
    /// The front-end.
    pub tool: AptTool,
    /// The subcommand word (`install`, `update`, `clean`...).
    pub subcommand: Option<&'a Word>,
    /// All options and operands after the program name.
    pub args: Args<'a>,
    /// Packages (for `install`, `remove`, `purge`, `reinstall`, `source`, `build-dep`, `download`, `show`...):
    /// `name[=version]` or `name/release`.
    pub packages: Vec<Package<'a>>,
}

const TAKES_VALUE: &[&str] = &[
    "-o",
    "--option",
    "-c",
    "--config-file",
    "-t",
    "--target-release",
    "--default-release",
    "-a",
    "--host-architecture",
];

impl<'a> Apt<'a> {
    /// The subcommand as text.
    pub fn subcommand_name(&self) -> Option<&str> {
        self.subcommand.and_then(Word::literal)
    }

    /// `install` (or `reinstall`).
    pub fn is_install(&self) -> bool {
        matches!(self.subcommand_name(), Some("install" | "reinstall"))
    }

    /// `-y`, `--yes`, `--assume-yes`, `-o APT::Get::Assume-Yes=true`, or quiet level 2
    /// (`-qq`), which implies `-y`.
    pub fn assume_yes(&self) -> bool {
        self.args
            .has(&["-y", "--yes", "--assume-yes", "--force-yes"])
            || self.option_set("APT::Get::Assume-Yes", true)
            || self.quiet() >= 2
    }

    /// `--no-install-recommends` or `-o APT::Install-Recommends=false`.
    pub fn no_install_recommends(&self) -> bool {
        self.args.has(&["--no-install-recommends"])
            || self.option_set("APT::Install-Recommends", false)
    }

    /// Quiet level: number of `-q` plus `--quiet[=N]`.
    pub fn quiet(&self) -> usize {
        let n = self.args.count(&["-q"]);
        let long = self
            .args
            .options
            .iter()
            .filter(|o| o.name == "--quiet")
            .map(|o| o.value.as_deref().and_then(|v| v.parse().ok()).unwrap_or(1))
            .sum::<usize>();
        n + long
    }

    /// Whether `-o KEY=VALUE` sets `key` to a true (`want`) or false value.
    fn option_set(&self, key: &str, want: bool) -> bool {
        self.args.values(&["-o", "--option"]).iter().any(|v| {
            v.split_once('=').is_some_and(|(k, val)| {
                k.eq_ignore_ascii_case(key)
                    && matches!(val.to_ascii_lowercase().as_str(), "true" | "1" | "yes") == want
                    && (want || matches!(val.to_ascii_lowercase().as_str(), "false" | "0" | "no"))
            })
        })
    }
}

/// Recognises `apt-get`, `apt` and `aptitude`.
pub fn apt(cmd: &Command) -> Option<Apt<'_>> {
    let tool = match program_in(cmd, &["apt-get", "apt", "aptitude"])? {
        "apt-get" => AptTool::AptGet,
        "apt" => AptTool::Apt,
        _ => AptTool::Aptitude,
    };
    let args = parse_args(cmd.args(), TAKES_VALUE, Style::Gnu);
    let subcommand = args.operands.first().copied();
    let packages = args
        .operands
        .iter()
        .skip(1)
        .map(|w| {
            let mut p = split_version(w, &["=", "/"]);
            if p.op.as_deref() == Some("/") && p.name.starts_with('.') {
                // A local .deb path, not a release.
                p = Package {
                    word: w,
                    name: w.lossy(),
                    op: None,
                    version: None,
                };
            }
            p
        })
        .collect();
    Some(Apt {
        tool,
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
    fn install_with_flags_and_pins() {
        let src = "sudo apt-get -qq install -y --no-install-recommends curl=7.88.1-10 git ca-certificates/bookworm ./local.deb \"lib${V}\"";
        let s = parse_script(src, 0);
        let a = apt(&s.commands[0]).unwrap();
        assert_eq!(a.tool, AptTool::AptGet);
        assert!(a.is_install() && a.assume_yes() && a.no_install_recommends());
        assert_eq!(a.quiet(), 2);
        let p: Vec<_> = a
            .packages
            .iter()
            .map(|p| (p.name.as_str(), p.op.as_deref(), p.version.as_deref()))
            .collect();
        assert_eq!(
            p,
            [
                ("curl", Some("="), Some("7.88.1-10")),
                ("git", None, None),
                ("ca-certificates", Some("/"), Some("bookworm")),
                ("./local.deb", None, None),
                ("lib${V}", None, None),
            ]
        );
        assert!(a.packages[4].is_dynamic());
        assert_eq!(
            &src[a.packages[0].span().start..a.packages[0].span().end],
            "curl=7.88.1-10"
        );
    }

    #[test]
    fn option_forms_of_flags() {
        let s = parse_script(
            "apt install -o APT::Install-Recommends=false -o APT::Get::Assume-Yes=true vim",
            0,
        );
        let a = apt(&s.commands[0]).unwrap();
        assert_eq!(a.tool, AptTool::Apt);
        assert!(a.no_install_recommends() && a.assume_yes());
        assert_eq!(a.packages.len(), 1);
        let s = parse_script("apt-get install -o APT::Install-Recommends=true vim", 0);
        let a = apt(&s.commands[0]).unwrap();
        assert!(!a.no_install_recommends() && !a.assume_yes());
        let s = parse_script("apt-get install -q vim; apt-get -qq install vim", 0);
        assert!(!apt(&s.commands[0]).unwrap().assume_yes());
        assert!(apt(&s.commands[1]).unwrap().assume_yes());
    }

    #[test]
    fn other_subcommands_and_non_apt() {
        let s = parse_script("apt-get update && apt-get clean && apt-cache policy x", 0);
        assert_eq!(
            apt(&s.commands[0]).unwrap().subcommand_name(),
            Some("update")
        );
        assert_eq!(
            apt(&s.commands[1]).unwrap().subcommand_name(),
            Some("clean")
        );
        assert!(apt(&s.commands[2]).is_none());
    }
}
