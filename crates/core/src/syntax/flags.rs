//! Instruction flags (`--name=value`) and `RUN --mount` options.

use serde::Serialize;

use super::span::Span;

/// One `--name[=value]` flag of an instruction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    /// The whole flag as written (for `--name value`, both words).
    pub span: Span,
    /// The name without the leading dashes (`mount`, `from`, `chmod`).
    pub name: String,
    /// Where the name is (dashes included).
    pub name_span: Span,
    /// The value after `=` (quotes removed, as BuildKit reads it); `None` for a bare
    /// boolean flag such as `--link`.
    pub value: Option<String>,
    /// Where the value is.
    pub value_span: Option<Span>,
    /// The flag exactly as BuildKit's parser reports it (`--mount=type=cache,...`).
    pub buildkit_text: String,
}

impl Flag {
    /// Build a flag from BuildKit's string for it and the source it came from.
    pub(crate) fn new(buildkit_text: String, span: Span, raw: &str) -> Flag {
        let body = buildkit_text.strip_prefix("--").unwrap_or(&buildkit_text);
        let (name, value) = match body.split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (body.to_string(), None),
        };
        // Locate name and value in the raw text; exact when no quotes or escapes moved
        // bytes around, otherwise the value span starts after the first `=`.
        let raw_eq = raw.find('=');
        let name_end =
            raw_eq.unwrap_or_else(|| raw.find(|c: char| c.is_whitespace()).unwrap_or(raw.len()));
        let name_span = Span::new(span.start, span.start + name_end);
        let value_span = if value.is_some() {
            let vstart = match raw_eq {
                Some(i) => i + 1,
                None => raw
                    .find(|c: char| c.is_whitespace())
                    .map(|i| {
                        let rest = &raw[i..];
                        i + (rest.len() - rest.trim_start().len())
                    })
                    .unwrap_or(raw.len()),
            };
            Some(Span::new(span.start + vstart.min(raw.len()), span.end))
        } else {
            None
        };
        Flag {
            span,
            name,
            name_span,
            value,
            value_span,
            buildkit_text,
        }
    }
}

/// The type of a `RUN --mount`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MountType {
    /// `type=bind` (the default).
    Bind,
    /// `type=cache`
    Cache,
    /// `type=tmpfs`
    Tmpfs,
    /// `type=secret`
    Secret,
    /// `type=ssh`
    Ssh,
    /// Any other value.
    Other(String),
}

/// One `key[=value]` field of a mount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MountOption {
    /// The key, lower-cased.
    pub key: String,
    /// The value, if any.
    pub value: Option<String>,
}

/// A parsed `RUN --mount=...` flag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mount {
    /// The flag's span.
    pub span: Span,
    /// The mount type.
    pub kind: MountType,
    /// All fields in order, `type` included.
    pub options: Vec<MountOption>,
}

impl Mount {
    /// Parse the value of a `--mount` flag (comma-separated fields, CSV quoting).
    pub fn parse(flag: &Flag) -> Mount {
        let value = flag.value.as_deref().unwrap_or("");
        let options: Vec<MountOption> = split_csv(value)
            .into_iter()
            .filter(|f| !f.is_empty())
            .map(|field| match field.split_once('=') {
                Some((k, v)) => MountOption {
                    key: k.trim().to_ascii_lowercase(),
                    value: Some(v.to_string()),
                },
                None => MountOption {
                    key: field.trim().to_ascii_lowercase(),
                    value: None,
                },
            })
            .collect();
        let kind = match options
            .iter()
            .find(|o| o.key == "type")
            .and_then(|o| o.value.as_deref())
        {
            None => MountType::Bind,
            Some(t) => match t.to_ascii_lowercase().as_str() {
                "bind" => MountType::Bind,
                "cache" => MountType::Cache,
                "tmpfs" => MountType::Tmpfs,
                "secret" => MountType::Secret,
                "ssh" => MountType::Ssh,
                _ => MountType::Other(t.to_string()),
            },
        };
        Mount {
            span: flag.span,
            kind,
            options,
        }
    }

    /// The value of the first field named any of `keys`.
    pub fn get(&self, keys: &[&str]) -> Option<&str> {
        self.options
            .iter()
            .find(|o| keys.contains(&o.key.as_str()))
            .map(|o| o.value.as_deref().unwrap_or(""))
    }

    /// `target=` / `dst=` / `destination=`.
    pub fn target(&self) -> Option<&str> {
        self.get(&["target", "dst", "destination"])
    }

    /// `source=` / `src=`.
    pub fn source(&self) -> Option<&str> {
        self.get(&["source", "src"])
    }

    /// `from=` (a stage or image).
    pub fn from(&self) -> Option<&str> {
        self.get(&["from"])
    }

    /// `id=`.
    pub fn id(&self) -> Option<&str> {
        self.get(&["id"])
    }
}

/// Split one CSV record on commas, honouring `"..."` quoting with `""` escapes.
fn split_csv(s: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut cur = String::new();
    let mut chars = s.chars().peekable();
    let mut in_quotes = false;
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    cur.push('"');
                } else {
                    in_quotes = false;
                }
            } else {
                cur.push(c);
            }
            continue;
        }
        match c {
            ',' => {
                fields.push(std::mem::take(&mut cur));
                at_field_start = true;
                continue;
            }
            '"' if at_field_start => in_quotes = true,
            _ => cur.push(c),
        }
        at_field_start = false;
    }
    fields.push(cur);
    fields
}

/// BuildKit's flag extraction (`extractBuilderFlags`): reads `--flags` off the front
/// of `line`. Byte-wise like BuildKit: quotes are removed and `\\` escapes the next
/// byte; the first word that does not start with `--` starts the arguments; a lone
/// `--` ends the flags. Returns the offset where the arguments start (`None` when
/// none are left) and the flags with their offsets in `line`.
pub(crate) fn extract_builder_flags(line: &str) -> (Option<usize>, Vec<RawFlag>) {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote,
    }
    let b = line.as_bytes();
    let n = b.len();
    let mut words: Vec<RawFlag> = Vec::new();
    let mut phase = Phase::Spaces;
    let mut word = String::new();
    let mut word_start = 0;
    let mut quote = 0u8;
    let mut blank_ok = false;
    let mut pos = 0;
    while pos <= n {
        let ch = b.get(pos).copied().unwrap_or(0);
        if phase == Phase::Spaces {
            if pos == n {
                break;
            }
            if go_space_byte(ch) {
                pos += 1;
                continue;
            }
            if ch != b'-' || pos + 1 == n || b.get(pos + 1) != Some(&b'-') {
                return (Some(next_boundary(line, pos)), words);
            }
            phase = Phase::Word;
            word_start = pos;
        }
        if pos == n {
            if word != "--" && (blank_ok || !word.is_empty()) {
                words.push(RawFlag {
                    text: std::mem::take(&mut word),
                    start: word_start,
                    end: n,
                });
            }
            break;
        }
        if phase == Phase::Word {
            if go_space_byte(ch) {
                phase = Phase::Spaces;
                if word == "--" {
                    return (Some(next_boundary(line, pos)), words);
                }
                if blank_ok || !word.is_empty() {
                    words.push(RawFlag {
                        text: std::mem::take(&mut word),
                        start: word_start,
                        end: next_boundary(line, pos),
                    });
                }
                word.clear();
                blank_ok = false;
                pos += 1;
                continue;
            }
            if ch == b'\'' || ch == b'"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
                pos += 1;
                continue;
            }
            let mut c = ch;
            if ch == b'\\' {
                if pos + 1 == n {
                    pos += 1;
                    continue;
                }
                pos += 1;
                c = b.get(pos).copied().unwrap_or(0);
            }
            word.push(c as char);
            pos += 1;
            continue;
        }
        // Phase::Quote
        if ch == quote {
            phase = Phase::Word;
            pos += 1;
            continue;
        }
        let mut c = ch;
        if ch == b'\\' {
            if pos + 1 == n {
                phase = Phase::Word;
                pos += 1;
                continue;
            }
            pos += 1;
            c = b.get(pos).copied().unwrap_or(0);
        }
        word.push(c as char);
        pos += 1;
    }
    (None, words)
}

/// A flag as extracted from a logical line, before it is mapped to the source.
#[derive(Debug, Clone)]
pub(crate) struct RawFlag {
    /// BuildKit's string for the flag.
    pub text: String,
    /// Start offset in the line.
    pub start: usize,
    /// End offset in the line.
    pub end: usize,
}

/// Go's `unicode.IsSpace(rune(b))` for a single byte, as BuildKit applies it byte-wise.
#[inline]
pub(crate) fn go_space_byte(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ' | 0x85 | 0xa0)
}

fn next_boundary(s: &str, mut pos: usize) -> usize {
    while pos < s.len() && !s.is_char_boundary(pos) {
        pos += 1;
    }
    pos
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(line: &str) -> (Option<&str>, Vec<String>) {
        let (rest, f) = extract_builder_flags(line);
        (
            rest.map(|r| &line[r..]),
            f.into_iter().map(|f| f.text).collect(),
        )
    }

    #[test]
    fn equals_and_bare_flags() {
        assert_eq!(
            flags("--from=build --link a b"),
            (Some("a b"), vec!["--from=build".into(), "--link".into()])
        );
        assert_eq!(
            flags("--chmod=755 --chown=1:1 a b"),
            (
                Some("a b"),
                vec!["--chmod=755".into(), "--chown=1:1".into()]
            )
        );
    }

    #[test]
    fn double_dash_ends_flags_and_quotes_are_removed() {
        assert_eq!(
            flags("--x=\"a b\" -- --not-a-flag"),
            (Some(" --not-a-flag"), vec!["--x=a b".into()])
        );
        assert_eq!(flags("-- foo"), (Some(" foo"), vec![]));
    }

    #[test]
    fn flags_without_arguments() {
        assert_eq!(flags("--doit"), (None, vec!["--doit".into()]));
    }

    #[test]
    fn mount_fields() {
        let raw = "--mount=type=cache,target=/root/.cache,sharing=locked";
        let f = Flag::new(raw.to_string(), Span::new(0, raw.len()), raw);
        assert_eq!(f.name, "mount");
        let m = Mount::parse(&f);
        assert_eq!(m.kind, MountType::Cache);
        assert_eq!(m.target(), Some("/root/.cache"));
        assert_eq!(m.get(&["sharing"]), Some("locked"));
        let raw = "--mount=\"type=secret,id=a,b\",required";
        let f = Flag::new(
            "--mount=type=secret,id=a,b,required".into(),
            Span::new(0, 1),
            raw,
        );
        assert_eq!(Mount::parse(&f).kind, MountType::Secret);
    }

    #[test]
    fn csv_quoting() {
        assert_eq!(split_csv("a,\"b,c\",d"), vec!["a", "b,c", "d"]);
        assert_eq!(split_csv("\"x\"\"y\""), vec!["x\"y"]);
    }
}
