//! `cd`.

use super::{parse_args, program_in, Style};
use crate::shell::ast::{Command, Word};

/// A `cd` command.
#[derive(Debug, Clone, PartialEq)]
pub struct Cd<'a> {
    /// The target directory; `None` for a bare `cd` (home).
    pub target: Option<&'a Word>,
}

impl<'a> Cd<'a> {
    /// The target, if static.
    pub fn target_text(&self) -> Option<&str> {
        self.target.and_then(Word::literal)
    }
}

/// Recognises `cd` (also `pushd`).
pub fn cd(cmd: &Command) -> Option<Cd<'_>> {
    program_in(cmd, &["cd", "pushd"])?;
    let args = parse_args(cmd.args(), &[], Style::Gnu);
    Some(Cd {
        target: args.operands.first().copied(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::parse_script;

    #[test]
    fn targets() {
        let src = "cd -P /usr/src/app && cd \"$HOME\" && cd";
        let s = parse_script(src, 0);
        let a = cd(&s.commands[0]).unwrap();
        assert_eq!(a.target_text(), Some("/usr/src/app"));
        let t = a.target.unwrap().span();
        assert_eq!(&src[t.start..t.end], "/usr/src/app");
        assert_eq!(cd(&s.commands[1]).unwrap().target_text(), None);
        assert!(cd(&s.commands[2]).unwrap().target.is_none());
    }
}
