//! Typed views over common commands, for lint rules.
//!
//! Each submodule has a function taking a [`Command`] and returning
//! `Some(view)` when the command is that tool (after wrappers such as `sudo`
//! are stripped, see [`Command::program`]). Views borrow the command's words,
//! so spans for diagnostics and fixes are at hand.
//!
//! Options are read GNU-style by [`parse_args`]: short clusters (`-qy`),
//! `--long=value`, values in the next word for options known to take one,
//! options after operands, and `--` ending options.

pub mod apk;
pub mod apt;
pub mod cargo;
pub mod cd;
pub mod download;
pub mod gem;
pub mod go;
pub mod npm;
pub mod pip;
pub mod rm;
pub mod rpm;
pub mod user;
pub mod zypper;

use super::ast::{Command, Span, Word};

/// One option found on a command line.
#[derive(Debug, Clone, PartialEq)]
pub struct Opt<'a> {
    /// The option as a flag name: `-y`, `--yes` (for a cluster `-qy`, one `Opt` per letter).
    pub name: String,
    /// Its value: attached (`-ofile`, `--out=file`) or the next word.
    pub value: Option<String>,
    /// The word holding the option.
    pub word: &'a Word,
    /// Span of the option word and, for a separate value, of the value word too.
    pub span: Span,
}

/// Options and operands of a command line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Args<'a> {
    /// Options in order.
    pub options: Vec<Opt<'a>>,
    /// Non-option words in order.
    pub operands: Vec<&'a Word>,
}

impl<'a> Args<'a> {
    /// Whether any of `names` (e.g. `["-y", "--yes"]`) was given.
    pub fn has(&self, names: &[&str]) -> bool {
        self.options
            .iter()
            .any(|o| names.contains(&o.name.as_str()))
    }

    /// The value of the last of `names` that was given with a value.
    pub fn value(&self, names: &[&str]) -> Option<&str> {
        self.options
            .iter()
            .rev()
            .find(|o| names.contains(&o.name.as_str()) && o.value.is_some())
            .and_then(|o| o.value.as_deref())
    }

    /// All values given for `names`, in order.
    pub fn values(&self, names: &[&str]) -> Vec<&str> {
        self.options
            .iter()
            .filter(|o| names.contains(&o.name.as_str()))
            .filter_map(|o| o.value.as_deref())
            .collect()
    }

    /// How many times any of `names` was given (`-qq` counts 2).
    pub fn count(&self, names: &[&str]) -> usize {
        self.options
            .iter()
            .filter(|o| names.contains(&o.name.as_str()))
            .count()
    }
}

/// How a tool spells its options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// GNU: `-abc` is three flags, `--long[=value]`.
    Gnu,
    /// Go-like: `-name[=value]` and `--name[=value]` are one option each.
    SingleDashLong,
}

/// Splits `args` into options and operands. `takes_value` lists the options
/// (short like `-o` or long like `--output`) whose value may be the next word.
pub fn parse_args<'a>(args: &'a [Word], takes_value: &[&str], style: Style) -> Args<'a> {
    let mut out = Args::default();
    let mut i = 0;
    let mut only_operands = false;
    while let Some(w) = args.get(i) {
        i += 1;
        let lit = w.lossy();
        if only_operands
            || !lit.starts_with('-')
            || lit == "-"
            || !w.parts().first().is_some_and(starts_static)
        {
            out.operands.push(w);
            continue;
        }
        if lit == "--" {
            only_operands = true;
            continue;
        }
        let mut push =
            |name: String, attached: Option<String>, wants_value: bool, i: &mut usize| {
                let mut span = w.span();
                let value = match attached {
                    Some(v) => Some(v),
                    None if wants_value => args.get(*i).map(|next| {
                        *i += 1;
                        span = span.cover(next.span());
                        next.lossy()
                    }),
                    None => None,
                };
                out.options.push(Opt {
                    name,
                    value,
                    word: w,
                    span,
                });
            };
        if lit.starts_with("--") || style == Style::SingleDashLong {
            match lit.split_once('=') {
                Some((n, v)) => push(n.to_string(), Some(v.to_string()), false, &mut i),
                None => {
                    let wants = takes_value.contains(&lit.as_str());
                    push(lit.clone(), None, wants, &mut i)
                }
            }
            continue;
        }
        // Short cluster.
        for (at, ch) in lit.char_indices().skip(1) {
            let name = format!("-{ch}");
            if takes_value.contains(&name.as_str()) {
                let rest = &lit[at + ch.len_utf8()..];
                let attached = (!rest.is_empty()).then(|| rest.trim_start_matches('=').to_string());
                push(name, attached, true, &mut i);
                break;
            }
            push(name, None, false, &mut i);
        }
    }
    out
}

fn starts_static(p: &super::ast::WordPart) -> bool {
    use super::ast::WordPart;
    match p {
        WordPart::Literal { value, .. }
        | WordPart::SingleQuoted { value, .. }
        | WordPart::AnsiC { value, .. } => value.starts_with('-'),
        WordPart::DoubleQuoted { parts, .. } => parts.first().is_some_and(starts_static),
        _ => false,
    }
}

/// A package named on a command line, split into name and version.
#[derive(Debug, Clone, PartialEq)]
pub struct Package<'a> {
    /// The word as written.
    pub word: &'a Word,
    /// The package name (text before the version operator; expansions shown as `${NAME}`).
    pub name: String,
    /// The version operator: `=`, `==`, `~=`, `>=`, `@`, `-`...
    pub op: Option<String>,
    /// The version text after the operator.
    pub version: Option<String>,
}

impl Package<'_> {
    /// Whether the package carries any version constraint.
    pub fn has_version(&self) -> bool {
        self.version.as_deref().is_some_and(|v| !v.is_empty())
    }

    /// Whether the word contains an expansion (e.g. `pkg=${VERSION}`).
    pub fn is_dynamic(&self) -> bool {
        !self.word.is_static()
    }

    /// Span of the package word.
    pub fn span(&self) -> Span {
        self.word.span()
    }
}

/// Splits `text` at the first of the operators `ops` (tried in order at each position).
pub(crate) fn split_version<'a>(word: &'a Word, ops: &[&str]) -> Package<'a> {
    let text = word.lossy();
    for (i, _) in text.char_indices() {
        if i == 0 {
            continue;
        }
        if let Some(op) = ops.iter().find(|op| text[i..].starts_with(**op)) {
            return Package {
                word,
                name: text[..i].to_string(),
                op: Some((*op).to_string()),
                version: Some(text[i + op.len()..].to_string()),
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

/// The command's program if it is one of `names`.
pub(crate) fn program_in<'c>(cmd: &'c Command, names: &[&str]) -> Option<&'c str> {
    cmd.program().filter(|p| names.contains(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::parse_script;

    #[test]
    fn gnu_clusters_values_and_double_dash() {
        let s = parse_script("x -qy -o out --level=3 --file in pkg -Dv -- -notopt", 0);
        let a = parse_args(s.commands[0].args(), &["-o", "--file", "-D"], Style::Gnu);
        let names: Vec<_> = a
            .options
            .iter()
            .map(|o| (o.name.as_str(), o.value.as_deref()))
            .collect();
        assert_eq!(
            names,
            [
                ("-q", None),
                ("-y", None),
                ("-o", Some("out")),
                ("--level", Some("3")),
                ("--file", Some("in")),
                ("-D", Some("v"))
            ]
        );
        let ops: Vec<_> = a.operands.iter().map(|w| w.lossy()).collect();
        assert_eq!(ops, ["pkg", "-notopt"]);
        assert!(a.has(&["-y"]));
        assert_eq!(a.value(&["--file"]), Some("in"));
        assert_eq!(a.options[2].span, Span::new(6, 12));
    }

    #[test]
    fn single_dash_long_style() {
        let s = parse_script("go build -ldflags '-s -w' -o /bin/app -trimpath ./cmd", 0);
        let a = parse_args(
            &s.commands[0].args()[1..],
            &["-ldflags", "-o"],
            Style::SingleDashLong,
        );
        assert_eq!(a.value(&["-ldflags"]), Some("-s -w"));
        assert_eq!(a.value(&["-o"]), Some("/bin/app"));
        assert!(a.has(&["-trimpath"]));
        assert_eq!(a.operands.len(), 1);
    }

    #[test]
    fn dynamic_words_are_operands() {
        let s = parse_script("x $FLAGS \"-y\"", 0);
        let a = parse_args(s.commands[0].args(), &[], Style::Gnu);
        assert_eq!(a.operands.len(), 1);
        assert!(a.has(&["-y"]));
    }

    #[test]
    fn version_split() {
        let s = parse_script("x curl=7.8 @scope/pkg@1.2 plain", 0);
        let w = s.commands[0].args();
        let p = split_version(&w[0], &["="]);
        assert_eq!(
            (p.name.as_str(), p.version.as_deref()),
            ("curl", Some("7.8"))
        );
        let p = split_version(&w[1], &["@"]);
        assert_eq!(
            (p.name.as_str(), p.version.as_deref()),
            ("@scope/pkg", Some("1.2"))
        );
        assert!(!split_version(&w[2], &["="]).has_version());
    }
}
