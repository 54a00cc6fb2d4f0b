//! The lossless syntax tree and its typed views.
//!
//! A [`Dockerfile`] owns its source text, a flat list of [`Token`]s that tiles the
//! source (every byte belongs to exactly one token, so printing the tokens gives the
//! input back), and a list of top-level [`Node`]s that tiles it too: directives,
//! comments, blank lines, instructions and error nodes. Instructions carry typed views
//! ([`Body`]) whose parts all have byte spans.

use serde::Serialize;

use super::flags::{Flag, Mount};
use super::image::ImageRef;
use super::span::{LineIndex, Location, Position, Span};

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// The UTF-8 byte-order mark at the very start of the file.
    Bom,
    /// `\n` or `\r\n` (and any other `\r` right before the `\n`).
    Newline,
    /// Spaces and tabs (and other whitespace) that separate or indent.
    Whitespace,
    /// A `#` comment line (without its newline).
    Comment,
    /// A parser directive line such as `# syntax=docker/dockerfile:1`.
    Directive,
    /// The instruction keyword (`RUN`, `from`, ...).
    Keyword,
    /// A `--name[=value]` flag.
    Flag,
    /// Argument text.
    Text,
    /// The escape character ending a line, with any spaces or tabs after it.
    LineContinuation,
    /// Lines of a heredoc body.
    HeredocBody,
    /// The line that ends a heredoc.
    HeredocTerminator,
    /// Text that could not be understood (part of an error node).
    Error,
}

/// One token: a kind and the bytes it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Token {
    /// What the token is.
    pub kind: TokenKind,
    /// Where it is.
    pub span: Span,
}

/// How bad a syntax diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SyntaxSeverity {
    /// BuildKit's parser refuses the whole file because of this.
    Fatal,
    /// BuildKit parses the file but the build fails on this instruction.
    Error,
    /// BuildKit accepts it and warns.
    Warning,
}

/// A problem found while parsing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyntaxDiagnostic {
    /// How bad it is.
    pub severity: SyntaxSeverity,
    /// What is wrong, in words.
    pub message: String,
    /// Where.
    pub span: Span,
    /// The 1-based line where BuildKit reports it.
    pub line: usize,
}

/// The 18 Dockerfile instructions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "UPPERCASE")]
#[allow(missing_docs)]
pub enum InstructionKind {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
}

impl InstructionKind {
    /// All instructions, in alphabetical order.
    pub const ALL: [InstructionKind; 18] = [
        InstructionKind::Add,
        InstructionKind::Arg,
        InstructionKind::Cmd,
        InstructionKind::Copy,
        InstructionKind::Entrypoint,
        InstructionKind::Env,
        InstructionKind::Expose,
        InstructionKind::From,
        InstructionKind::Healthcheck,
        InstructionKind::Label,
        InstructionKind::Maintainer,
        InstructionKind::Onbuild,
        InstructionKind::Run,
        InstructionKind::Shell,
        InstructionKind::Stopsignal,
        InstructionKind::User,
        InstructionKind::Volume,
        InstructionKind::Workdir,
    ];

    /// The keyword in upper case.
    pub const fn as_str(self) -> &'static str {
        match self {
            InstructionKind::Add => "ADD",
            InstructionKind::Arg => "ARG",
            InstructionKind::Cmd => "CMD",
            InstructionKind::Copy => "COPY",
            InstructionKind::Entrypoint => "ENTRYPOINT",
            InstructionKind::Env => "ENV",
            InstructionKind::Expose => "EXPOSE",
            InstructionKind::From => "FROM",
            InstructionKind::Healthcheck => "HEALTHCHECK",
            InstructionKind::Label => "LABEL",
            InstructionKind::Maintainer => "MAINTAINER",
            InstructionKind::Onbuild => "ONBUILD",
            InstructionKind::Run => "RUN",
            InstructionKind::Shell => "SHELL",
            InstructionKind::Stopsignal => "STOPSIGNAL",
            InstructionKind::User => "USER",
            InstructionKind::Volume => "VOLUME",
            InstructionKind::Workdir => "WORKDIR",
        }
    }

    /// The instruction a keyword names, in any letter case.
    pub fn from_keyword(word: &str) -> Option<Self> {
        if word.len() > 11 {
            return None;
        }
        InstructionKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(word))
    }
}

/// A piece of text from the file: its value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Word {
    /// The value as BuildKit's parser gives it (JSON strings decoded, line
    /// continuations removed; shell quotes are kept where BuildKit keeps them).
    pub text: String,
    /// The source bytes it came from.
    pub span: Span,
}

/// A command in exec (JSON) form or shell form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum Command {
    /// No command given.
    None,
    /// `["executable", "arg", ...]`; each word's span covers its JSON string literal.
    Exec {
        /// The decoded arguments.
        args: Vec<Word>,
        /// The span of the whole JSON array.
        span: Span,
    },
    /// A shell script, continuations removed.
    Shell(Word),
}

impl Command {
    /// True for the JSON (exec) form.
    pub fn is_exec(&self) -> bool {
        matches!(self, Command::Exec { .. })
    }
}

/// `FROM [--platform=...] image [AS name]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FromInstr {
    /// The image as written.
    pub image: Option<Word>,
    /// The image reference split into its parts (variables left unexpanded).
    pub image_ref: Option<Box<ImageRef>>,
    /// The `AS` keyword, when present.
    pub as_keyword: Option<Word>,
    /// The stage name after `AS`.
    pub alias: Option<Word>,
    /// Words BuildKit would not accept (anything beyond `image AS name`).
    pub extra: Vec<Word>,
}

/// The paths of `COPY`/`ADD`: sources then destination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CopyInstr {
    /// All path words; the last is the destination.
    pub paths: Vec<Word>,
    /// Whether the JSON form was used.
    pub json: bool,
}

impl CopyInstr {
    /// The source words (all but the last).
    pub fn sources(&self) -> &[Word] {
        match self.paths.split_last() {
            Some((_, rest)) => rest,
            None => &[],
        }
    }

    /// The destination (the last word), if there are at least two words.
    pub fn destination(&self) -> Option<&Word> {
        if self.paths.len() >= 2 {
            self.paths.last()
        } else {
            None
        }
    }
}

/// How a key-value pair was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PairForm {
    /// `key=value`
    Equals,
    /// The legacy `ENV key value` form.
    Space,
}

/// One `key=value` of ENV or LABEL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyValue {
    /// The key as written (quotes kept).
    pub key: Word,
    /// The value as written (quotes and escapes kept, as BuildKit's parser keeps them).
    pub value: Word,
    /// Which form it was written in.
    pub form: PairForm,
    /// The whole pair.
    pub span: Span,
}

/// One name of ARG, with its default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArgDecl {
    /// The variable name.
    pub name: Word,
    /// The default value after `=`, as written (quotes kept); `Some("")` for `NAME=`.
    pub default: Option<Word>,
    /// The whole declaration.
    pub span: Span,
}

/// `HEALTHCHECK [flags] CMD ...` or `HEALTHCHECK NONE`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HealthcheckInstr {
    /// `CMD` or `NONE` (as written).
    pub kind: Option<Word>,
    /// The command after `CMD`.
    pub command: Command,
}

/// The typed arguments of an instruction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "args", rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Body {
    From(FromInstr),
    Run(Command),
    Cmd(Command),
    Entrypoint(Command),
    Shell(Command),
    Copy(CopyInstr),
    Add(CopyInstr),
    Env(Vec<KeyValue>),
    Label(Vec<KeyValue>),
    Arg(Vec<ArgDecl>),
    Expose(Vec<Word>),
    Volume {
        paths: Vec<Word>,
        json: bool,
    },
    User(Option<Word>),
    Workdir(Option<Word>),
    Stopsignal(Option<Word>),
    Maintainer(Option<Word>),
    Healthcheck(HealthcheckInstr),
    /// The instruction to run later; `None` when ONBUILD has no argument.
    Onbuild(Option<Box<Instruction>>),
}

/// A heredoc attached to RUN, COPY or ADD.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heredoc {
    /// The delimiter word, unquoted (`EOF`).
    pub name: String,
    /// The file descriptor prefix (`3<<EOF`), 0 when absent.
    pub fd: u64,
    /// False when the delimiter was quoted, which turns variable expansion off.
    pub expand: bool,
    /// True for `<<-`, which strips leading tabs.
    pub chomp: bool,
    /// The body as written, every line with its newline; tabs not yet stripped.
    pub content: String,
    /// Where the `<<EOF` marker is on the instruction line.
    pub marker_span: Span,
    /// The body lines.
    pub body_span: Span,
    /// The terminating line (without its newline); `None` when unterminated.
    pub terminator_span: Option<Span>,
}

impl Heredoc {
    /// The content as the build sees it (leading tabs stripped for `<<-`).
    pub fn effective_content(&self) -> String {
        if !self.chomp {
            return self.content.clone();
        }
        let mut out = String::with_capacity(self.content.len());
        for line in self.content.split_inclusive('\n') {
            out.push_str(line.trim_start_matches('\t'));
        }
        out
    }
}

/// The logical line of an instruction: physical lines joined the way BuildKit joins
/// them (continuation markers, comment lines and blank lines removed), with a map
/// from every byte of it back to the source.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LogicalLine {
    /// The joined text.
    pub text: String,
    /// `(logical offset, source offset)` at the start of the first contiguous piece
    /// (most instructions have one piece, so it is kept inline).
    pub(crate) first: Option<(usize, usize)>,
    /// The same for every further piece.
    pub(crate) more: Vec<(usize, usize)>,
}

impl LogicalLine {
    /// Append source bytes `start..end` of `src` as a new piece.
    pub(crate) fn push_piece(&mut self, src: &str, start: usize, end: usize) {
        let piece = (self.text.len(), start);
        if self.first.is_none() {
            self.first = Some(piece);
        } else {
            self.more.push(piece);
        }
        self.text.push_str(src.get(start..end).unwrap_or(""));
    }

    /// The piece containing logical offset `at` (the last piece starting at or before it).
    fn piece_at(&self, at: usize) -> Option<(usize, usize)> {
        let i = self.more.partition_point(|&(l, _)| l <= at);
        match i.checked_sub(1) {
            Some(i) => self.more.get(i).copied(),
            None => self.first,
        }
    }

    /// The logical offset of a source offset inside one of the pieces.
    pub(crate) fn to_logical(&self, source: usize) -> usize {
        let i = self.more.partition_point(|&(_, s)| s <= source);
        let piece = match i.checked_sub(1) {
            Some(i) => self.more.get(i).copied(),
            None => self.first,
        };
        match piece {
            Some((l, s)) if source >= s => l + (source - s),
            _ => 0,
        }
    }

    /// The source offset of logical offset `at` (an offset at the end of a piece maps
    /// to the end of that piece in the source).
    pub fn to_source(&self, at: usize) -> usize {
        match self.piece_at(at) {
            Some((l, s)) => s + (at - l),
            None => self.first.map(|(_, s)| s).unwrap_or(0),
        }
    }

    /// The source span of logical range `start..end`.
    pub fn span(&self, start: usize, end: usize) -> Span {
        if end <= start {
            let s = self.to_source(start);
            return Span::new(s, s);
        }
        let s = self.to_source(start);
        let e = self.to_source(end - 1) + 1;
        Span::new(s, e.max(s))
    }
}

impl Serialize for LogicalLine {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

/// A Dockerfile instruction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Instruction {
    /// Which instruction.
    pub kind: InstructionKind,
    /// The whole instruction: all its lines, heredoc bodies and the final newline.
    pub span: Span,
    /// The keyword as written.
    pub keyword: Word,
    /// `--name=value` flags, in order.
    pub flags: Vec<Flag>,
    /// The argument text after the flags, continuations removed, trimmed.
    pub arguments: Option<Word>,
    /// Typed arguments.
    pub body: Body,
    /// Heredocs, in the order their bodies follow.
    pub heredocs: Vec<Heredoc>,
    /// 1-based first line.
    pub start_line: usize,
    /// 1-based last line (the heredoc terminator, when there is one).
    pub end_line: usize,
    /// The logical line (BuildKit's `Original`), with its map back to the source.
    #[serde(rename = "original")]
    pub logical: LogicalLine,
    /// The comment lines directly above the instruction (no blank line between).
    pub comments: Vec<Span>,
    /// Comment lines inside the instruction's line continuations.
    pub inner_comments: Vec<Span>,
}

impl Instruction {
    /// The flag named `name` (without dashes, ASCII case-insensitive), last one wins
    /// as in BuildKit.
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags
            .iter()
            .rev()
            .find(|f| f.name.eq_ignore_ascii_case(name))
    }

    /// The `--mount` flags of a RUN, parsed.
    pub fn mounts(&self) -> Vec<Mount> {
        self.flags
            .iter()
            .filter(|f| f.name.eq_ignore_ascii_case("mount"))
            .map(Mount::parse)
            .collect()
    }

    /// The value of `--platform` (FROM).
    pub fn platform(&self) -> Option<&str> {
        self.flag("platform").and_then(|f| f.value.as_deref())
    }

    /// The value of `--network` (RUN).
    pub fn network(&self) -> Option<&str> {
        self.flag("network").and_then(|f| f.value.as_deref())
    }

    /// The value of `--security` (RUN).
    pub fn security(&self) -> Option<&str> {
        self.flag("security").and_then(|f| f.value.as_deref())
    }

    /// The instruction that takes effect: the inner one for `ONBUILD X`, else self.
    pub fn effective(&self) -> &Instruction {
        let mut cur = self;
        while let Body::Onbuild(Some(inner)) = &cur.body {
            cur = inner;
        }
        cur
    }

    /// For RUN, CMD, ENTRYPOINT and SHELL: the command.
    pub fn command(&self) -> Option<&Command> {
        match &self.body {
            Body::Run(c) | Body::Cmd(c) | Body::Entrypoint(c) | Body::Shell(c) => Some(c),
            Body::Healthcheck(h) => Some(&h.command),
            _ => None,
        }
    }
}

/// A parser directive at the top of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Directive {
    /// The name, lower-cased (`syntax`, `escape`, `check`).
    pub name: String,
    /// The value.
    pub value: String,
    /// The whole line, without its newline.
    pub span: Span,
    /// Where the name is.
    pub name_span: Span,
    /// Where the value is.
    pub value_span: Span,
    /// 1-based line.
    pub line: usize,
}

/// A comment line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comment {
    /// From `#` to the end of the line (no newline).
    pub span: Span,
    /// The text after `#`, trimmed.
    pub text: String,
    /// 1-based line.
    pub line: usize,
}

/// Something that could not be parsed as a valid instruction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorNode {
    /// The lines it covers.
    pub span: Span,
    /// Why it is an error.
    pub message: String,
    /// The keyword as written (an unknown instruction's name).
    pub keyword: Word,
    /// 1-based first line.
    pub start_line: usize,
    /// 1-based last line.
    pub end_line: usize,
    /// As much of an instruction as could be read, when the keyword is known.
    pub instruction: Option<Box<Instruction>>,
    /// The logical line.
    #[serde(rename = "original")]
    pub logical: LogicalLine,
    /// Flags as BuildKit extracted them.
    pub flags: Vec<Flag>,
    /// For ONBUILD: the inner keyword as written.
    #[serde(skip)]
    pub(crate) sub_keyword: Option<String>,
    /// BuildKit's node values for this line.
    #[serde(skip)]
    pub(crate) bk_values: Vec<String>,
    /// Whether BuildKit marks the line as JSON form.
    #[serde(skip)]
    pub(crate) bk_json: bool,
}

/// A top-level piece of a Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Node {
    /// A parser directive.
    Directive(Directive),
    /// A comment line.
    Comment(Comment),
    /// An empty or whitespace-only line.
    Blank {
        /// The line, with its newline.
        span: Span,
    },
    /// An instruction (boxed: comment and blank nodes stay small).
    Instruction(Box<Instruction>),
    /// Something that is not a valid instruction.
    Error(ErrorNode),
}

impl Node {
    /// The bytes this node covers.
    pub fn span(&self) -> Span {
        match self {
            Node::Directive(d) => d.span,
            Node::Comment(c) => c.span,
            Node::Blank { span } => *span,
            Node::Instruction(i) => i.span,
            Node::Error(e) => e.span,
        }
    }
}

/// A parsed Dockerfile.
#[derive(Debug, Clone)]
pub struct Dockerfile {
    pub(crate) source: String,
    pub(crate) tokens: Vec<Token>,
    pub(crate) nodes: Vec<Node>,
    pub(crate) directives: Vec<Directive>,
    pub(crate) diagnostics: Vec<SyntaxDiagnostic>,
    pub(crate) escape: char,
    pub(crate) has_bom: bool,
    pub(crate) lines: LineIndex,
}

impl Dockerfile {
    /// The source text.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// All tokens, in order; they tile the source.
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// Top-level nodes, in order.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The valid instructions, in order.
    pub fn instructions(&self) -> impl Iterator<Item = &Instruction> {
        self.nodes.iter().filter_map(|n| match n {
            Node::Instruction(i) => Some(&**i),
            _ => None,
        })
    }

    /// All comment lines at the top level.
    pub fn comments(&self) -> impl Iterator<Item = &Comment> {
        self.nodes.iter().filter_map(|n| match n {
            Node::Comment(c) => Some(c),
            _ => None,
        })
    }

    /// The parser directives.
    pub fn directives(&self) -> &[Directive] {
        &self.directives
    }

    /// The value of directive `name` (lower case), if given.
    pub fn directive(&self, name: &str) -> Option<&str> {
        self.directives
            .iter()
            .find(|d| d.name == name)
            .map(|d| d.value.as_str())
    }

    /// Problems found while parsing, in source order.
    pub fn diagnostics(&self) -> &[SyntaxDiagnostic] {
        &self.diagnostics
    }

    /// The first problem for which BuildKit refuses the whole file, if any.
    pub fn buildkit_error(&self) -> Option<&SyntaxDiagnostic> {
        self.diagnostics
            .iter()
            .find(|d| d.severity == SyntaxSeverity::Fatal)
    }

    /// The escape character in effect (`\` or `` ` ``).
    pub fn escape(&self) -> char {
        self.escape
    }

    /// True when the file starts with a UTF-8 byte-order mark.
    pub fn has_bom(&self) -> bool {
        self.has_bom
    }

    /// The line index of the source.
    pub fn line_index(&self) -> &LineIndex {
        &self.lines
    }

    /// 1-based line and column of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(&self.source, offset)
    }

    /// A span resolved to lines and columns.
    pub fn location(&self, span: Span) -> Location {
        self.lines.location(&self.source, span)
    }

    /// The text of a span.
    pub fn text(&self, span: Span) -> &str {
        span.text(&self.source)
    }

    /// Print the tree back: the concatenation of all tokens. Always equals the input.
    pub fn print(&self) -> String {
        let mut out = String::with_capacity(self.source.len());
        for t in &self.tokens {
            out.push_str(t.span.text(&self.source));
        }
        out
    }
}
