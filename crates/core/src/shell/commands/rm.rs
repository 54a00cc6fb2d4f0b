//! `rm`.

use super::{parse_args, program_in, Args, Style};
use crate::shell::ast::{Command, Word};

/// An `rm` command line.
#[derive(Debug, Clone, PartialEq)]
pub struct Rm<'a> {
    /// Options and operands.
    pub args: Args<'a>,
    /// The paths removed.
    pub targets: Vec<&'a Word>,
}

impl<'a> Rm<'a> {
    /// `-r`, `-R` or `--recursive`.
    pub fn recursive(&self) -> bool {
        self.args.has(&["-r", "-R", "--recursive"])
    }

    /// `-f` or `--force`.
    pub fn force(&self) -> bool {
        self.args.has(&["-f", "--force"])
    }

    /// Targets as text (expansions shown as `${NAME}`).
    pub fn target_texts(&self) -> Vec<String> {
        self.targets.iter().map(|w| w.lossy()).collect()
    }

    /// Whether a target is `dir` itself or a path/glob inside it (`/var/lib/apt/lists/*`).
    pub fn removes_under(&self, dir: &str) -> bool {
        let dir = dir.trim_end_matches('/');
        self.target_texts().iter().any(|t| {
            let t = t.trim_end_matches('/');
            t == dir
                || t.strip_prefix(dir)
                    .is_some_and(|rest| rest.starts_with('/'))
        })
    }
}

/// Recognises `rm`.
pub fn rm(cmd: &Command) -> Option<Rm<'_>> {
    program_in(cmd, &["rm"])?;
    let args = parse_args(cmd.args(), &[], Style::Gnu);
    let targets = args.operands.clone();
    Some(Rm { args, targets })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::parse_script;

    #[test]
    fn apt_lists_cleanup() {
        let s = parse_script("rm -rf /var/lib/apt/lists/* /tmp/*; rm -f x", 0);
        let r = rm(&s.commands[0]).unwrap();
        assert!(r.recursive() && r.force());
        assert!(r.removes_under("/var/lib/apt/lists"));
        assert!(!r.removes_under("/var/cache/apt"));
        assert_eq!(r.target_texts(), ["/var/lib/apt/lists/*", "/tmp/*"]);
        let f = rm(&s.commands[1]).unwrap();
        assert!(!f.recursive() && f.force());
    }
}
