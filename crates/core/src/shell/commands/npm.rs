//! `npm`, `yarn` and `pnpm`.

use super::{parse_args, program_in, Args, Package, Style};
use crate::shell::ast::{Command, Word};

/// Which tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeTool {
    /// `npm`
    Npm,
    /// `yarn`
    Yarn,
    /// `pnpm`
    Pnpm,
}

/// A Node.js package manager command line.
#[derive(Debug, Clone, PartialEq)]
pub struct NodePm<'a> {
    /// The tool.
    pub tool: NodeTool,
    /// The subcommand (`install`, `i`, `ci`, `add`, ...); `None` for a bare `yarn` (which installs).
    /// For `yarn global add`, this is `add`.
    pub subcommand: Option<&'a Word>,
    /// Options and operands after the program name.
    pub args: Args<'a>,
    /// `yarn global ...`.
    pub yarn_global: bool,
    /// Packages for install/add: `name`, `name@1.2`, `@scope/name@^3`...
    pub packages: Vec<Package<'a>>,
}

const TAKES_VALUE: &[&str] = &[
    "--registry",
    "--prefix",
    "--cache",
    "--omit",
    "--include",
    "--loglevel",
    "--userconfig",
    "--cwd",
    "--network-timeout",
    "--modules-folder",
    "-C",
    "--dir",
    "--filter",
    "--workspace",
    "-w",
    "--tag",
];

impl<'a> NodePm<'a> {
    /// The subcommand as text.
    pub fn subcommand_name(&self) -> Option<&str> {
        self.subcommand.and_then(Word::literal)
    }

    /// Whether this installs packages (`install`, `i`, `ci`, `add`, bare `yarn`...).
    pub fn is_install(&self) -> bool {
        match self.subcommand_name() {
            None => self.tool == NodeTool::Yarn && self.subcommand.is_none(),
            Some(s) => matches!(
                s,
                "install" | "i" | "in" | "ci" | "add" | "isntall" | "clean-install"
            ),
        }
    }

    /// `-g`, `--global`, `--location=global` or `yarn global`.
    pub fn global(&self) -> bool {
        self.yarn_global
            || self.args.has(&["-g", "--global"])
            || self.args.value(&["--location"]) == Some("global")
    }

    /// Production-only installs: `--production`, `--prod`, `-P`, `--omit=dev`.
    pub fn production(&self) -> bool {
        self.args.has(&["--production", "--prod", "-P"])
            || self.args.values(&["--omit"]).contains(&"dev")
    }

    /// Lockfile-respecting installs: `npm ci`, `--frozen-lockfile`, `--immutable`.
    pub fn frozen_lockfile(&self) -> bool {
        matches!(self.subcommand_name(), Some("ci" | "clean-install"))
            || self.args.has(&["--frozen-lockfile", "--immutable"])
    }
}

fn split_at_version(word: &Word) -> Package<'_> {
    let text = word.lossy();
    // The version `@` is the last one that is not the scope's leading `@`.
    match text.rfind('@').filter(|&i| i > 0) {
        Some(i) => Package {
            word,
            name: text[..i].to_string(),
            op: Some("@".into()),
            version: Some(text[i + 1..].to_string()),
        },
        None => Package {
            word,
            name: text,
            op: None,
            version: None,
        },
    }
}

/// Recognises `npm`, `yarn` and `pnpm`.
pub fn node_pm(cmd: &Command) -> Option<NodePm<'_>> {
    let tool = match program_in(cmd, &["npm", "yarn", "yarnpkg", "pnpm"])? {
        "npm" => NodeTool::Npm,
        "pnpm" => NodeTool::Pnpm,
        _ => NodeTool::Yarn,
    };
    let args = parse_args(cmd.args(), TAKES_VALUE, Style::Gnu);
    let mut ops = args.operands.iter().copied();
    let mut subcommand = ops.next();
    let mut yarn_global = false;
    if tool == NodeTool::Yarn && subcommand.and_then(Word::literal) == Some("global") {
        yarn_global = true;
        subcommand = ops.next();
    }
    let installs = matches!(
        subcommand.and_then(Word::literal),
        Some(
            "install"
                | "i"
                | "in"
                | "add"
                | "isntall"
                | "remove"
                | "rm"
                | "uninstall"
                | "un"
                | "update"
                | "up"
        )
    );
    let packages = if installs {
        ops.map(split_at_version).collect()
    } else {
        Vec::new()
    };
    Some(NodePm {
        tool,
        subcommand,
        args,
        yarn_global,
        packages,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::parse_script;

    #[test]
    fn npm_forms() {
        let s = parse_script(
            "npm install -g @angular/cli@17.1 typescript node-gyp@latest && npm ci --omit=dev",
            0,
        );
        let n = node_pm(&s.commands[0]).unwrap();
        assert!(n.is_install() && n.global());
        let v: Vec<_> = n
            .packages
            .iter()
            .map(|p| (p.name.as_str(), p.version.as_deref()))
            .collect();
        assert_eq!(
            v,
            [
                ("@angular/cli", Some("17.1")),
                ("typescript", None),
                ("node-gyp", Some("latest"))
            ]
        );
        let c = node_pm(&s.commands[1]).unwrap();
        assert!(c.is_install() && c.frozen_lockfile() && c.production() && !c.global());
    }

    #[test]
    fn yarn_and_pnpm() {
        let s = parse_script(
            "yarn global add pm2@5; yarn --frozen-lockfile; pnpm add -D vite",
            0,
        );
        let y = node_pm(&s.commands[0]).unwrap();
        assert!(y.global() && y.is_install());
        assert_eq!(y.packages[0].name, "pm2");
        let y2 = node_pm(&s.commands[1]).unwrap();
        assert!(y2.is_install() && y2.frozen_lockfile());
        let p = node_pm(&s.commands[2]).unwrap();
        assert_eq!(p.tool, NodeTool::Pnpm);
        assert_eq!(p.packages[0].name, "vite");
    }
}
