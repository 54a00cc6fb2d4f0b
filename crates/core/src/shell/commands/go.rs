//! The `go` tool.

use super::{parse_args, program_in, Args, Package, Style};
use crate::shell::ast::{Command, Word};

/// A `go` command line.
#[derive(Debug, Clone, PartialEq)]
pub struct Go<'a> {
    /// The subcommand word (`install`, `build`, `get`, `mod`...).
    pub subcommand: Option<&'a Word>,
    /// Options (Go style, `-name[=value]`) and operands after the subcommand.
    pub args: Args<'a>,
    /// Package operands: `pkg` or `pkg@version` (op `@`).
    pub packages: Vec<Package<'a>>,
}

const TAKES_VALUE: &[&str] = &[
    "-o",
    "-ldflags",
    "-gcflags",
    "-asmflags",
    "-tags",
    "-mod",
    "-modfile",
    "-p",
    "-C",
    "-buildmode",
    "-compiler",
    "-gccgoflags",
    "-installsuffix",
    "-pkgdir",
    "-toolexec",
    "-overlay",
    "-pgo",
    "-exec",
    "-run",
    "-bench",
    "-count",
    "-timeout",
    "-coverprofile",
    "-covermode",
];

impl<'a> Go<'a> {
    /// The subcommand as text.
    pub fn subcommand_name(&self) -> Option<&str> {
        self.subcommand.and_then(Word::literal)
    }

    /// The `-o` output.
    pub fn output(&self) -> Option<&str> {
        self.args.value(&["-o"])
    }
}

/// Recognises `go`.
pub fn go(cmd: &Command) -> Option<Go<'_>> {
    program_in(cmd, &["go"])?;
    let all = cmd.args();
    let sub = all.iter().position(|w| !w.lossy().starts_with('-'));
    let subcommand = sub.and_then(|i| all.get(i));
    let rest = sub.and_then(|i| all.get(i + 1..)).unwrap_or(&[]);
    let args = parse_args(rest, TAKES_VALUE, Style::SingleDashLong);
    let packages = if matches!(
        subcommand.and_then(Word::literal),
        Some("install" | "get" | "build" | "run")
    ) {
        args.operands
            .iter()
            .map(|w| {
                let text = w.lossy();
                match text.split_once('@') {
                    Some((n, v)) => Package {
                        word: w,
                        name: n.to_string(),
                        op: Some("@".into()),
                        version: Some(v.to_string()),
                    },
                    None => Package {
                        word: w,
                        name: text,
                        op: None,
                        version: None,
                    },
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    Some(Go {
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
    fn install_and_build() {
        let s = parse_script(
            "go install github.com/x/tool@v1.2.3 golang.org/x/y@latest; CGO_ENABLED=0 go build -ldflags=\"-s -w\" -o /out/app ./cmd/app",
            0,
        );
        let g = go(&s.commands[0]).unwrap();
        assert_eq!(g.subcommand_name(), Some("install"));
        let v: Vec<_> = g
            .packages
            .iter()
            .map(|p| (p.name.as_str(), p.version.as_deref()))
            .collect();
        assert_eq!(
            v,
            [
                ("github.com/x/tool", Some("v1.2.3")),
                ("golang.org/x/y", Some("latest"))
            ]
        );
        let b = go(&s.commands[1]).unwrap();
        assert_eq!(b.output(), Some("/out/app"));
        assert_eq!(b.args.value(&["-ldflags"]), Some("-s -w"));
        assert_eq!(b.packages[0].name, "./cmd/app");
    }
}
