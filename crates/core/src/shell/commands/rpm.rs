//! `yum`, `dnf`, `microdnf` and `tdnf`.

use super::{parse_args, program_in, Args, Package, Style};
use crate::shell::ast::{Command, Word};

/// Which tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RpmTool {
    /// `yum`
    Yum,
    /// `dnf` (also `dnf5`)
    Dnf,
    /// `microdnf`
    Microdnf,
    /// `tdnf`
    Tdnf,
}

/// A yum/dnf command line.
#[derive(Debug, Clone, PartialEq)]
pub struct Rpm<'a> {
    /// The tool.
    pub tool: RpmTool,
    /// The subcommand word (`install`, `clean`, `update`...).
    pub subcommand: Option<&'a Word>,
    /// All options and operands after the program name.
    pub args: Args<'a>,
    /// Packages for install/remove/update...: `name` or `name-version[-release]` (op `-`).
    pub packages: Vec<Package<'a>>,
}

const TAKES_VALUE: &[&str] = &[
    "-c",
    "--config",
    "--setopt",
    "--enablerepo",
    "--disablerepo",
    "--repo",
    "--repoid",
    "--installroot",
    "--releasever",
    "-x",
    "--exclude",
    "-d",
    "--debuglevel",
    "-e",
    "--errorlevel",
    "--forcearch",
    "--downloaddir",
    "--destdir",
    "--color",
];

impl<'a> Rpm<'a> {
    /// The subcommand as text.
    pub fn subcommand_name(&self) -> Option<&str> {
        self.subcommand.and_then(Word::literal)
    }

    /// `install` (or `localinstall`, `reinstall`, `groupinstall`).
    pub fn is_install(&self) -> bool {
        matches!(
            self.subcommand_name(),
            Some("install" | "localinstall" | "reinstall" | "groupinstall")
        )
    }

    /// `-y`/`--assumeyes`.
    pub fn assume_yes(&self) -> bool {
        self.args.has(&["-y", "--assumeyes"])
    }

    /// `clean all` (or another `clean` target): returns the target.
    pub fn clean_target(&self) -> Option<&str> {
        if self.subcommand_name() != Some("clean") {
            return None;
        }
        self.args.operands.get(1).and_then(|w| w.literal())
    }

    /// `--nodocs` or `--setopt=tsflags=nodocs`.
    pub fn nodocs(&self) -> bool {
        self.args.has(&["--nodocs"])
            || self
                .args
                .values(&["--setopt"])
                .iter()
                .any(|v| v.contains("nodocs"))
    }
}

/// Splits `name-1.2.3-4.el8` at the first `-` followed by a digit after
/// which every `-`-separated segment starts with a digit.
/// Local `.rpm` files and URLs carry no version.
fn split_rpm(word: &Word) -> Package<'_> {
    let text = word.lossy();
    if text.ends_with(".rpm") || text.contains('/') {
        return Package {
            word,
            name: text,
            op: None,
            version: None,
        };
    }
    let dashes: Vec<usize> = text.match_indices('-').map(|(i, _)| i).collect();
    for &d in &dashes {
        let rest = &text[d + 1..];
        let versiony = !rest.is_empty()
            && rest.split('-').all(|seg| {
                seg.chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_digit() || c == '$')
            });
        if d > 0 && versiony {
            return Package {
                word,
                name: text[..d].to_string(),
                op: Some("-".into()),
                version: Some(rest.to_string()),
            };
        }
    }
    Package {
        word,
        name: text,
        op: None,
        version: None,
    }
}

/// Recognises `yum`, `dnf`, `microdnf` and `tdnf`.
pub fn rpm(cmd: &Command) -> Option<Rpm<'_>> {
    let tool = match program_in(cmd, &["yum", "dnf", "dnf5", "microdnf", "tdnf"])? {
        "yum" => RpmTool::Yum,
        "microdnf" => RpmTool::Microdnf,
        "tdnf" => RpmTool::Tdnf,
        _ => RpmTool::Dnf,
    };
    let args = parse_args(cmd.args(), TAKES_VALUE, Style::Gnu);
    let subcommand = args.operands.first().copied();
    let with_packages = !matches!(
        subcommand.and_then(Word::literal),
        Some("clean" | "makecache" | "repolist" | "config-manager" | "module")
    );
    let packages = if with_packages {
        args.operands.iter().skip(1).map(|w| split_rpm(w)).collect()
    } else {
        Vec::new()
    };
    Some(Rpm {
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
    fn install_and_versions() {
        let s = parse_script(
            "yum install -y --setopt=tsflags=nodocs nginx-1.20.1-1.el8 java-1.8.0-openjdk python3-pip httpd-${V} epel-release-8.noarch.rpm && yum clean all",
            0,
        );
        let y = rpm(&s.commands[0]).unwrap();
        assert_eq!(y.tool, RpmTool::Yum);
        assert!(y.is_install() && y.assume_yes() && y.nodocs());
        let p: Vec<_> = y
            .packages
            .iter()
            .map(|p| (p.name.as_str(), p.version.as_deref()))
            .collect();
        assert_eq!(
            p,
            [
                ("nginx", Some("1.20.1-1.el8")),
                ("java-1.8.0-openjdk", None),
                ("python3-pip", None),
                ("httpd", Some("${V}")),
                ("epel-release-8.noarch.rpm", None),
            ]
        );
        let c = rpm(&s.commands[1]).unwrap();
        assert_eq!(c.clean_target(), Some("all"));
        assert!(c.packages.is_empty());
    }

    #[test]
    fn dnf_and_microdnf() {
        let s = parse_script(
            "microdnf install --nodocs shadow-utils; dnf -y install x",
            0,
        );
        let m = rpm(&s.commands[0]).unwrap();
        assert_eq!(m.tool, RpmTool::Microdnf);
        assert!(m.nodocs() && !m.assume_yes());
        let d = rpm(&s.commands[1]).unwrap();
        assert_eq!(d.tool, RpmTool::Dnf);
        assert!(d.assume_yes() && d.is_install());
    }
}
