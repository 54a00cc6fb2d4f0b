//! BuildKit's own view of a parsed file: the node list that `parser.Parse` returns
//! (command, flags, values, lines, original text, heredocs) and its `Dump()` text.
//! Used by `dockwright parse --format buildkit` and by the conformance tests.

use serde::Serialize;

use super::tree::{Body, Command, Dockerfile, Instruction, Node, PairForm, SyntaxDiagnostic};

/// A heredoc as BuildKit reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BuildkitHeredoc {
    /// The delimiter.
    pub name: String,
    /// The file descriptor.
    pub fd: u64,
    /// The raw body.
    pub content: String,
}

/// One instruction as BuildKit's parser reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BuildkitInstruction {
    /// The keyword as written (`None` when empty).
    pub cmd: Option<String>,
    /// For ONBUILD, the inner keyword as written.
    pub sub_cmd: Option<String>,
    /// Whether the JSON (exec) form was used.
    pub json: bool,
    /// Flags, as `--name=value` strings.
    pub flags: Vec<String>,
    /// The argument values.
    pub value: Vec<String>,
    /// 1-based first line.
    pub start_line: usize,
    /// 1-based last line.
    pub end_line: usize,
    /// The logical line (`None` when empty).
    pub original: Option<String>,
    /// Heredocs.
    pub heredocs: Vec<BuildkitHeredoc>,
}

/// BuildKit's node list for `df`, or the error for which BuildKit refuses it.
pub fn buildkit_view(df: &Dockerfile) -> Result<Vec<BuildkitInstruction>, &SyntaxDiagnostic> {
    if let Some(e) = df.buildkit_error() {
        return Err(e);
    }
    let mut out = Vec::new();
    for node in df.nodes() {
        match node {
            Node::Instruction(i) => out.push(view(i)),
            Node::Error(e) => {
                if let Some(i) = &e.instruction {
                    out.push(view(i));
                    continue;
                }
                out.push(BuildkitInstruction {
                    cmd: non_empty(&e.keyword.text),
                    sub_cmd: e.sub_keyword.clone(),
                    json: e.bk_json,
                    flags: e.flags.iter().map(|f| f.buildkit_text.clone()).collect(),
                    value: e.bk_values.clone(),
                    start_line: e.start_line,
                    end_line: e.end_line,
                    original: non_empty(&e.logical.text),
                    heredocs: Vec::new(),
                });
            }
            _ => {}
        }
    }
    Ok(out)
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

/// BuildKit's `Original` of a node: the logical line, and for heredocs each body
/// followed by its delimiter.
fn original(i: &Instruction) -> Option<String> {
    if i.heredocs.is_empty() {
        return non_empty(&i.logical.text);
    }
    let mut s = i.logical.text.clone();
    s.push('\n');
    for h in &i.heredocs {
        s.push_str(&h.content);
        s.push_str(&h.name);
        s.push('\n');
    }
    Some(s)
}

fn view(i: &Instruction) -> BuildkitInstruction {
    let (sub_cmd, values, json) = match &i.body {
        Body::Onbuild(Some(inner)) => (
            Some(inner.keyword.text.clone()),
            body_values(&inner.body, false),
            body_json(&inner.body),
        ),
        b => (None, body_values(b, false), body_json(b)),
    };
    BuildkitInstruction {
        cmd: non_empty(&i.keyword.text),
        sub_cmd,
        json,
        flags: i.flags.iter().map(|f| f.buildkit_text.clone()).collect(),
        value: values,
        start_line: i.start_line,
        end_line: i.end_line,
        original: original(i),
        heredocs: i
            .heredocs
            .iter()
            .map(|h| BuildkitHeredoc {
                name: h.name.clone(),
                fd: h.fd,
                content: h.content.clone(),
            })
            .collect(),
    }
}

/// Whether BuildKit marks the node as JSON form.
pub(crate) fn body_json(b: &Body) -> bool {
    match b {
        Body::Run(c) | Body::Cmd(c) | Body::Entrypoint(c) | Body::Shell(c) => c.is_exec(),
        Body::Healthcheck(h) => h.command.is_exec(),
        Body::Copy(c) | Body::Add(c) => c.json,
        Body::Volume { json, .. } => *json,
        Body::Onbuild(Some(i)) => body_json(&i.body),
        _ => false,
    }
}

fn command_values(c: &Command, out: &mut Vec<String>) {
    match c {
        Command::None => {}
        Command::Exec { args, .. } => out.extend(args.iter().map(|w| w.text.clone())),
        Command::Shell(w) => out.push(w.text.clone()),
    }
}

/// BuildKit's node values for a body. `with_separators` adds the third value of each
/// ENV/LABEL pair (`=` or empty) that newer BuildKit versions record.
pub(crate) fn body_values(b: &Body, with_separators: bool) -> Vec<String> {
    let mut out = Vec::new();
    match b {
        Body::From(f) => {
            out.extend(f.image.iter().map(|w| w.text.clone()));
            out.extend(f.as_keyword.iter().map(|w| w.text.clone()));
            out.extend(f.alias.iter().map(|w| w.text.clone()));
            out.extend(f.extra.iter().map(|w| w.text.clone()));
        }
        Body::Run(c) | Body::Cmd(c) | Body::Entrypoint(c) | Body::Shell(c) => {
            command_values(c, &mut out)
        }
        Body::Copy(c) | Body::Add(c) => out.extend(c.paths.iter().map(|w| w.text.clone())),
        Body::Volume { paths, .. } => out.extend(paths.iter().map(|w| w.text.clone())),
        Body::Expose(w) => out.extend(w.iter().map(|w| w.text.clone())),
        Body::Env(pairs) | Body::Label(pairs) => {
            for p in pairs {
                out.push(p.key.text.clone());
                out.push(p.value.text.clone());
                if with_separators {
                    out.push(match p.form {
                        PairForm::Equals => "=".to_string(),
                        PairForm::Space => String::new(),
                    });
                }
            }
        }
        Body::Arg(decls) => {
            for d in decls {
                match &d.default {
                    Some(v) => out.push(format!("{}={}", d.name.text, v.text)),
                    None => out.push(d.name.text.clone()),
                }
            }
        }
        Body::User(w) | Body::Workdir(w) | Body::Stopsignal(w) | Body::Maintainer(w) => {
            out.extend(w.iter().map(|w| w.text.clone()))
        }
        Body::Healthcheck(h) => {
            out.extend(h.kind.iter().map(|w| w.text.clone()));
            command_values(&h.command, &mut out);
        }
        Body::Onbuild(Some(i)) => out = body_values(&i.body, with_separators),
        Body::Onbuild(None) => {}
    }
    out
}

/// The text of BuildKit's `Node.Dump()` for the whole file (newest BuildKit format,
/// as in its `testfiles/*/result`), or the error for which BuildKit refuses it.
pub fn dump(df: &Dockerfile) -> Result<String, &SyntaxDiagnostic> {
    if let Some(e) = df.buildkit_error() {
        return Err(e);
    }
    let mut out = String::new();
    for node in df.nodes() {
        let line = match node {
            Node::Instruction(i) => dump_instruction(i),
            Node::Error(e) => match &e.instruction {
                Some(i) => dump_instruction(i),
                None => {
                    let mut s = e.keyword.text.to_lowercase();
                    dump_flags(&mut s, e.flags.iter().map(|f| f.buildkit_text.as_str()));
                    match &e.sub_keyword {
                        Some(sub) => {
                            s.push_str(" (");
                            s.push_str(&sub.to_lowercase());
                            for v in &e.bk_values {
                                s.push(' ');
                                s.push_str(&go_quote(v));
                            }
                            s.push(')');
                        }
                        None => {
                            for v in &e.bk_values {
                                s.push(' ');
                                s.push_str(&go_quote(v));
                            }
                        }
                    }
                    s
                }
            },
            _ => continue,
        };
        out.push('(');
        out.push_str(line.trim());
        out.push_str(")\n");
    }
    Ok(out)
}

fn dump_flags<'a>(s: &mut String, flags: impl Iterator<Item = &'a str>) {
    let quoted: Vec<String> = flags.map(go_quote).collect();
    if !quoted.is_empty() {
        s.push_str(" [");
        s.push_str(&quoted.join(" "));
        s.push(']');
    }
}

fn dump_instruction(i: &Instruction) -> String {
    let mut s = i.keyword.text.to_lowercase();
    dump_flags(&mut s, i.flags.iter().map(|f| f.buildkit_text.as_str()));
    match &i.body {
        Body::Onbuild(Some(inner)) => {
            s.push_str(" (");
            s.push_str(dump_instruction(inner).trim());
            s.push(')');
        }
        b => {
            for v in body_values(b, true) {
                s.push(' ');
                s.push_str(&go_quote(&v));
            }
        }
    }
    s
}

/// Go's `strconv.Quote`.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            ' ' => out.push(' '),
            c if c.is_control() || c.is_whitespace() || c == '\u{FEFF}' => {
                if (c as u32) < 0x10000 {
                    out.push_str(&format!("\\u{:04x}", c as u32));
                } else {
                    out.push_str(&format!("\\U{:08x}", c as u32));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
