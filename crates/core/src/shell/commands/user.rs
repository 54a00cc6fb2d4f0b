//! `useradd`, `adduser`, `groupadd` and `addgroup` (shadow-utils, Debian and BusyBox flavours).

use super::{parse_args, program_in, Args, Style};
use crate::shell::ast::{Command, Word};

/// Which tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserTool {
    /// `useradd`
    Useradd,
    /// `adduser`
    Adduser,
    /// `groupadd`
    Groupadd,
    /// `addgroup`
    Addgroup,
}

/// A user or group creation command line.
#[derive(Debug, Clone, PartialEq)]
pub struct UserAdd<'a> {
    /// The tool.
    pub tool: UserTool,
    /// Options and operands after the program name.
    pub args: Args<'a>,
    /// The user (or group) being created: the first operand.
    pub name: Option<&'a Word>,
}

const TAKES_VALUE: &[&str] = &[
    "-u",
    "--uid",
    "-g",
    "--gid",
    "-G",
    "--groups",
    "-d",
    "--home-dir",
    "--home",
    "-h",
    "-s",
    "--shell",
    "-c",
    "--comment",
    "--gecos",
    "-k",
    "--skel",
    "-e",
    "--expiredate",
    "-f",
    "--inactive",
    "-K",
    "--key",
    "-p",
    "--password",
    "-R",
    "--root",
    "-P",
    "--prefix",
    "-b",
    "--base-dir",
    "--ingroup",
    "--firstuid",
    "--lastuid",
    "--firstgid",
    "--lastgid",
    "-Z",
    "--selinux-user",
    "--conf",
];

impl<'a> UserAdd<'a> {
    /// The name being created, if static.
    pub fn name_text(&self) -> Option<&str> {
        self.name.and_then(Word::literal)
    }

    /// `-u`/`--uid` (for groups: `-g`/`--gid`).
    pub fn id(&self) -> Option<&str> {
        match self.tool {
            UserTool::Groupadd => self.args.value(&["-g", "--gid"]),
            UserTool::Addgroup => self.args.value(&["-g", "--gid"]),
            _ => self.args.value(&["-u", "--uid"]),
        }
    }

    /// System account: `-r`/`--system`, or BusyBox `-S`.
    pub fn system(&self) -> bool {
        self.args.has(&["-r", "--system", "-S"])
    }

    /// The shell: `-s`/`--shell`.
    pub fn shell(&self) -> Option<&str> {
        self.args.value(&["-s", "--shell"])
    }

    /// Home creation disabled: `-M`/`--no-create-home`, BusyBox `-H`.
    pub fn no_create_home(&self) -> bool {
        self.args.has(&["-M", "--no-create-home", "-H"])
    }

    /// `-l`/`--no-log-init` (avoids huge sparse lastlog files with large UIDs).
    pub fn no_log_init(&self) -> bool {
        self.args.has(&["-l", "--no-log-init"])
    }
}

/// Recognises `useradd`, `adduser`, `groupadd` and `addgroup`.
pub fn user_add(cmd: &Command) -> Option<UserAdd<'_>> {
    let tool = match program_in(cmd, &["useradd", "adduser", "groupadd", "addgroup"])? {
        "useradd" => UserTool::Useradd,
        "adduser" => UserTool::Adduser,
        "groupadd" => UserTool::Groupadd,
        _ => UserTool::Addgroup,
    };
    let args = parse_args(cmd.args(), TAKES_VALUE, Style::Gnu);
    let name = args.operands.first().copied();
    Some(UserAdd { tool, args, name })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::parse_script;

    #[test]
    fn forms() {
        let s = parse_script(
            "groupadd -r -g 1001 app && useradd -l -r -u 1001 -g app -s /sbin/nologin -M app; adduser -D -S -H -u 1000 web; addgroup --system --gid 10 grp",
            0,
        );
        let g = user_add(&s.commands[0]).unwrap();
        assert_eq!(
            (g.tool, g.id(), g.name_text()),
            (UserTool::Groupadd, Some("1001"), Some("app"))
        );
        let u = user_add(&s.commands[1]).unwrap();
        assert!(u.system() && u.no_create_home() && u.no_log_init());
        assert_eq!(
            (u.id(), u.shell(), u.name_text()),
            (Some("1001"), Some("/sbin/nologin"), Some("app"))
        );
        let b = user_add(&s.commands[2]).unwrap();
        assert!(b.system() && b.no_create_home());
        assert_eq!(b.name_text(), Some("web"));
        let a = user_add(&s.commands[3]).unwrap();
        assert_eq!((a.id(), a.name_text()), (Some("10"), Some("grp")));
    }
}
