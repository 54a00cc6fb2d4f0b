//! Alpine's `apk`.

use super::{parse_args, program_in, split_version, Args, Package, Style};
use crate::shell::ast::{Command, Word};

/// An `apk` command line.
#[derive(Debug, Clone, PartialEq)]
pub struct Apk<'a> {
    /// The subcommand word (`add`, `del`, `update`, `upgrade`...).
    pub subcommand: Option<&'a Word>,
    /// All options and operands after the program name.
    pub args: Args<'a>,
    /// Packages for `add`/`del`: `name`, `name=1.2`, `name~=1.2`, `name~1.2`, `name>1`, `name<1`, `name@repo`.
    pub packages: Vec<Package<'a>>,
}

const TAKES_VALUE: &[&str] = &[
    "-X",
    "--repository",
    "-t",
    "--virtual",
    "-p",
    "--root",
    "--arch",
    "--keys-dir",
    "--repositories-file",
    "--cache-dir",
    "--cache-max-age",
    "--progress-fd",
    "--timeout",
];

impl<'a> Apk<'a> {
    /// The subcommand as text.
    pub fn subcommand_name(&self) -> Option<&str> {
        self.subcommand.and_then(Word::literal)
    }

    /// `apk add`.
    pub fn is_add(&self) -> bool {
        self.subcommand_name() == Some("add")
    }

    /// `--no-cache`.
    pub fn no_cache(&self) -> bool {
        self.args.has(&["--no-cache"])
    }

    /// `-U`/`--update-cache`/`--update`.
    pub fn update_cache(&self) -> bool {
        self.args.has(&["-U", "--update-cache", "--update"])
    }

    /// The name given with `-t`/`--virtual`.
    pub fn virtual_name(&self) -> Option<&str> {
        self.args.value(&["-t", "--virtual"])
    }
}

/// Recognises `apk`.
pub fn apk(cmd: &Command) -> Option<Apk<'_>> {
    program_in(cmd, &["apk"])?;
    let args = parse_args(cmd.args(), TAKES_VALUE, Style::Gnu);
    let subcommand = args.operands.first().copied();
    let with_packages = matches!(
        subcommand.and_then(Word::literal),
        Some("add" | "del" | "fix" | "fetch" | "info" | "dot")
    );
    let packages = if with_packages {
        args.operands
            .iter()
            .skip(1)
            .map(|w| split_version(w, &["~=", ">=", "<=", "=", "~", ">", "<", "@"]))
            .collect()
    } else {
        Vec::new()
    };
    Some(Apk {
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
    fn add_with_virtual_and_versions() {
        let s = parse_script(
            "apk add --no-cache --virtual .build-deps gcc=12.2.1-r4 musl-dev~=1.2 make bash@edge",
            0,
        );
        let a = apk(&s.commands[0]).unwrap();
        assert!(a.is_add() && a.no_cache() && !a.update_cache());
        assert_eq!(a.virtual_name(), Some(".build-deps"));
        let p: Vec<_> = a
            .packages
            .iter()
            .map(|p| (p.name.as_str(), p.op.as_deref(), p.version.as_deref()))
            .collect();
        assert_eq!(
            p,
            [
                ("gcc", Some("="), Some("12.2.1-r4")),
                ("musl-dev", Some("~="), Some("1.2")),
                ("make", None, None),
                ("bash", Some("@"), Some("edge")),
            ]
        );
    }

    #[test]
    fn del_and_update() {
        let s = parse_script("apk -U upgrade && apk del .build-deps", 0);
        let a = apk(&s.commands[0]).unwrap();
        assert!(a.update_cache());
        assert_eq!(a.subcommand_name(), Some("upgrade"));
        assert!(a.packages.is_empty());
        let d = apk(&s.commands[1]).unwrap();
        assert_eq!(d.packages[0].name, ".build-deps");
    }
}
