//! Finding the effective command behind wrappers (`sudo`, `env`, `nohup`,
//! `time`, `exec`, `command`, `nice`) and the script string of `sh -c`.

use super::ast::{Word, Wrapper};

fn base(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

/// `NAME=value` as accepted by `env` and `sudo`.
pub(crate) fn is_env_assignment(s: &str) -> bool {
    match s.split_once('=') {
        Some((name, _)) => {
            let mut chars = name.chars();
            chars
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        }
        None => false,
    }
}

/// How a wrapper's options are read.
struct WrapperSpec {
    /// Short option letters that take a value.
    short_values: &'static str,
    /// Long options that take a value (when not written `--opt=value`).
    long_values: &'static [&'static str],
    /// `NAME=value` words may follow the options.
    env_assignments: bool,
    /// Options are allowed at all.
    options: bool,
}

fn spec(name: &str) -> Option<WrapperSpec> {
    Some(match name {
        "sudo" => WrapperSpec {
            short_values: "ugCDhpRrtTU",
            long_values: &[
                "--user",
                "--group",
                "--close-from",
                "--chdir",
                "--host",
                "--prompt",
                "--role",
                "--type",
                "--command-timeout",
                "--other-user",
                "--chroot",
            ],
            env_assignments: true,
            options: true,
        },
        "env" => WrapperSpec {
            short_values: "uCS",
            long_values: &["--unset", "--chdir", "--split-string"],
            env_assignments: true,
            options: true,
        },
        "nohup" => WrapperSpec {
            short_values: "",
            long_values: &[],
            env_assignments: false,
            options: false,
        },
        "time" => WrapperSpec {
            short_values: "of",
            long_values: &["--output", "--format"],
            env_assignments: false,
            options: true,
        },
        "exec" => WrapperSpec {
            short_values: "a",
            long_values: &[],
            env_assignments: false,
            options: true,
        },
        "command" => WrapperSpec {
            short_values: "",
            long_values: &[],
            env_assignments: false,
            options: true,
        },
        "nice" => WrapperSpec {
            short_values: "n",
            long_values: &["--adjustment"],
            env_assignments: false,
            options: true,
        },
        _ => return None,
    })
}

/// Index of the effective command word and the wrappers before it.
pub(crate) fn strip_wrappers(words: &[Word]) -> (Option<usize>, Vec<Wrapper>) {
    let mut wrappers = Vec::new();
    let mut i = 0;
    loop {
        let Some(word) = words.get(i) else {
            return (None, wrappers);
        };
        let Some(lit) = word.literal() else {
            return (Some(i), wrappers);
        };
        let name = base(lit);
        let Some(spec) = spec(name) else {
            return (Some(i), wrappers);
        };
        // `command -v x` and `command -V x` query, they do not run x.
        if name == "command"
            && words
                .get(i + 1)
                .and_then(Word::literal)
                .is_some_and(|a| a.starts_with('-') && (a.contains('v') || a.contains('V')))
        {
            return (Some(i), wrappers);
        }
        let mut j = i + 1;
        if spec.options {
            while let Some(a) = words.get(j).and_then(Word::literal) {
                if a == "--" {
                    j += 1;
                    break;
                }
                if name == "nice"
                    && a.len() > 1
                    && a.starts_with('-')
                    && a[1..].chars().all(|c| c.is_ascii_digit())
                {
                    j += 1;
                    continue;
                }
                if let Some(long) = a.strip_prefix("--") {
                    let takes = !long.contains('=') && spec.long_values.contains(&a);
                    j += if takes { 2 } else { 1 };
                    continue;
                }
                if a.len() > 1 && a.starts_with('-') {
                    let letters = &a[1..];
                    let mut extra = 0;
                    for (k, ch) in letters.char_indices() {
                        if spec.short_values.contains(ch) {
                            // Value attached (`-uroot`) or in the next word.
                            if k + ch.len_utf8() == letters.len() {
                                extra = 1;
                            }
                            break;
                        }
                    }
                    j += 1 + extra;
                    continue;
                }
                break;
            }
        }
        if spec.env_assignments {
            while words
                .get(j)
                .and_then(Word::literal)
                .is_some_and(is_env_assignment)
            {
                j += 1;
            }
        }
        let end_word = words.get(j.saturating_sub(1).max(i)).unwrap_or(word);
        wrappers.push(Wrapper {
            name: lit.to_string(),
            span: word.span().cover(end_word.span()),
        });
        if j >= words.len() {
            // e.g. `sudo -i` or a bare `env`: the wrapper is the command.
            wrappers.pop();
            return (Some(i), wrappers);
        }
        i = j;
    }
}

const SHELLS: &[&str] = &["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh"];

/// For `sh -c 'script'` (and `bash`, `su -c`...), the index in `words` of the script word.
pub(crate) fn inline_script_index(words: &[Word], name_index: Option<usize>) -> Option<usize> {
    let ni = name_index?;
    let name = base(words.get(ni)?.literal()?);
    if SHELLS.contains(&name) {
        let mut c_flag = false;
        let mut j = ni + 1;
        while let Some(w) = words.get(j) {
            let Some(a) = w.literal() else {
                return if c_flag { Some(j) } else { None };
            };
            if a == "--" || a == "-" {
                j += 1;
                continue;
            }
            if a.starts_with("--") {
                j += if matches!(a, "--rcfile" | "--init-file") {
                    2
                } else {
                    1
                };
                continue;
            }
            if a.len() > 1 && (a.starts_with('-') || a.starts_with('+')) {
                let letters = &a[1..];
                if letters.contains('c') {
                    c_flag = true;
                }
                j += if letters.contains('o') || letters.contains('O') {
                    2
                } else {
                    1
                };
                continue;
            }
            return if c_flag { Some(j) } else { None };
        }
        return None;
    }
    if matches!(name, "su" | "runuser") {
        let mut j = ni + 1;
        while let Some(a) = words.get(j).and_then(Word::literal) {
            if a == "-c" || a == "--command" {
                return words.get(j + 1).map(|_| j + 1);
            }
            if matches!(
                a,
                "-s" | "--shell" | "-g" | "--group" | "-G" | "--supp-group" | "-u" | "--user"
            ) {
                j += 2;
                continue;
            }
            j += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::shell::parse_script;

    fn prog(src: &str) -> (Option<String>, Vec<String>, Vec<String>) {
        let s = parse_script(src, 0);
        let c = &s.commands[0];
        (
            c.program().map(str::to_string),
            c.args().iter().map(|w| w.lossy()).collect(),
            c.wrappers.iter().map(|w| w.name.clone()).collect(),
        )
    }

    #[test]
    fn sudo_with_options_is_stripped() {
        let (p, args, wr) = prog("sudo -E -u www-data -H apt-get install -y curl");
        assert_eq!(p.as_deref(), Some("apt-get"));
        assert_eq!(args, ["install", "-y", "curl"]);
        assert_eq!(wr, ["sudo"]);
    }

    #[test]
    fn attached_sudo_user_and_env_chain() {
        let (p, args, wr) = prog("sudo -uroot env -i PATH=/bin DEBIAN_FRONTEND=noninteractive nohup /usr/bin/apt-get update");
        assert_eq!(p.as_deref(), Some("apt-get"));
        assert_eq!(args, ["update"]);
        assert_eq!(wr, ["sudo", "env", "nohup"]);
    }

    #[test]
    fn command_v_is_not_a_wrapper() {
        let (p, args, _) = prog("command -v curl");
        assert_eq!(p.as_deref(), Some("command"));
        assert_eq!(args, ["-v", "curl"]);
        let (p, _, wr) = prog("command -p ls");
        assert_eq!(p.as_deref(), Some("ls"));
        assert_eq!(wr, ["command"]);
    }

    #[test]
    fn bare_wrapper_is_the_command() {
        let (p, args, wr) = prog("sudo -i");
        assert_eq!(p.as_deref(), Some("sudo"));
        assert_eq!(args, ["-i"]);
        assert!(wr.is_empty());
        let (p, _, _) = prog("env");
        assert_eq!(p.as_deref(), Some("env"));
    }

    #[test]
    fn time_exec_nice() {
        assert_eq!(prog("time -p make").0.as_deref(), Some("make"));
        assert_eq!(prog("exec -a x gosu app").0.as_deref(), Some("gosu"));
        assert_eq!(prog("nice -n 10 make -j4").0.as_deref(), Some("make"));
        assert_eq!(prog("nice -5 make").0.as_deref(), Some("make"));
        assert_eq!(prog("xargs rm").0.as_deref(), Some("xargs"));
    }

    #[test]
    fn dynamic_name_has_no_literal() {
        let s = parse_script("sudo $CMD install", 0);
        let c = &s.commands[0];
        assert_eq!(c.name(), None);
        assert_eq!(c.name_word().map(|w| w.lossy()), Some("${CMD}".into()));
        assert_eq!(c.args().len(), 1);
    }
}
