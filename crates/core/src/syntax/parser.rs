//! The parser: physical lines -> directives, comments and logical instruction lines
//! -> typed instructions, following BuildKit's `parser.Parse` rule for rule.

use super::flags::{extract_builder_flags, go_space_byte, Flag, RawFlag};
use super::heredoc::{find_heredocs, HeredocMarker};
use super::image::ImageRef;
use super::json::{parse_array, JsonArray};
use super::span::{LineIndex, Span};
use super::tree::{
    ArgDecl, Body, Command, Comment, CopyInstr, Directive, Dockerfile, ErrorNode, FromInstr,
    HealthcheckInstr, Heredoc, Instruction, InstructionKind, KeyValue, LogicalLine, Node, PairForm,
    SyntaxDiagnostic, SyntaxSeverity, Token, TokenKind, Word,
};

/// The longest physical line BuildKit's scanner accepts, newline included.
pub const MAX_LINE_LEN: usize = 65536;

/// How deeply `ONBUILD ONBUILD ...` may nest before the rest is refused.
const MAX_ONBUILD_DEPTH: usize = 16;

/// Parse Dockerfile source text. Never fails: problems are reported in
/// [`Dockerfile::diagnostics`] and the tree always prints back to `src`.
pub fn parse(src: &str) -> Dockerfile {
    Parser::new(src).run()
}

#[derive(Clone, Copy, Debug)]
struct PhysLine {
    start: usize,
    /// End of the text with trailing `\r`s and the `\n` removed.
    text_end: usize,
    /// End including the newline.
    end: usize,
    number: usize,
}

/// A piece of an instruction's source before tokenization.
#[derive(Clone, Copy)]
enum Piece {
    Tok(TokenKind, usize, usize),
    /// Bytes that are part of the logical line.
    Seg(usize, usize),
}

struct Parser<'s> {
    src: &'s str,
    pos: usize,
    line_no: usize,
    escape: char,
    directives_done: bool,
    tokens: Vec<Token>,
    nodes: Vec<Node>,
    directives: Vec<Directive>,
    diagnostics: Vec<SyntaxDiagnostic>,
    pending_comments: Vec<Span>,
    has_bom: bool,
    saw_instruction: bool,
    /// Byte offsets where lines start, recorded while scanning.
    line_starts: Vec<usize>,
    /// Buffers reused from one instruction to the next.
    pieces: Vec<Piece>,
    marks: Vec<(TokenKind, usize, usize)>,
}

/// The result of reading one logical line as an instruction.
struct Built {
    keyword: Word,
    kind: Option<InstructionKind>,
    flags: Vec<Flag>,
    arguments: Option<Word>,
    body: Option<Body>,
    /// BuildKit's values for an instruction that is not valid for us.
    error: Option<(SyntaxSeverity, String)>,
    /// For ONBUILD: the inner instruction's keyword as written.
    sub_keyword: Option<String>,
    /// BuildKit's view when `body` is `None` (values, json).
    bk_values: Vec<String>,
    bk_json: bool,
    /// Whether BuildKit looks for heredocs on this line.
    heredoc_capable: bool,
}

impl<'s> Parser<'s> {
    fn new(src: &'s str) -> Self {
        Parser {
            src,
            pos: 0,
            line_no: 0,
            escape: '\\',
            directives_done: false,
            tokens: Vec::with_capacity(src.len() / 12 + 4),
            nodes: Vec::with_capacity(src.len() / 48 + 2),
            directives: Vec::new(),
            diagnostics: Vec::new(),
            pending_comments: Vec::new(),
            has_bom: false,
            saw_instruction: false,
            line_starts: {
                let mut v = Vec::with_capacity(src.len() / 24 + 2);
                v.push(0);
                v
            },
            pieces: Vec::new(),
            marks: Vec::new(),
        }
    }

    fn diag(&mut self, severity: SyntaxSeverity, message: String, span: Span, line: usize) {
        self.diagnostics.push(SyntaxDiagnostic {
            severity,
            message,
            span,
            line,
        });
    }

    fn tok(&mut self, kind: TokenKind, start: usize, end: usize) {
        if end > start {
            self.tokens.push(Token {
                kind,
                span: Span::new(start, end),
            });
        }
    }

    fn next_line(&mut self) -> Option<PhysLine> {
        let bytes = self.src.as_bytes();
        if self.pos >= bytes.len() {
            return None;
        }
        let start = self.pos;
        let (nl, end) = match memchr::memchr(b'\n', &bytes[start..]) {
            Some(i) => {
                self.line_starts.push(start + i + 1);
                (start + i, start + i + 1)
            }
            None => (bytes.len(), bytes.len()),
        };
        let mut text_end = nl;
        while text_end > start && bytes[text_end - 1] == b'\r' {
            text_end -= 1;
        }
        self.pos = end;
        self.line_no += 1;
        let too_long = if end > nl {
            end - start > MAX_LINE_LEN
        } else {
            end - start >= MAX_LINE_LEN
        };
        if too_long {
            self.diag(
                SyntaxSeverity::Fatal,
                format!(
                    "dockerfile line greater than max allowed size of {}",
                    MAX_LINE_LEN - 1
                ),
                Span::new(start, text_end),
                self.line_no,
            );
        }
        Some(PhysLine {
            start,
            text_end,
            end,
            number: self.line_no,
        })
    }

    fn run(mut self) -> Dockerfile {
        while let Some(line) = self.next_line() {
            let mut start = line.start;
            if line.number == 1 && self.src.starts_with('\u{feff}') {
                self.has_bom = true;
                self.tok(TokenKind::Bom, 0, 3);
                start = 3;
            }
            let text = self.src.get(start..line.text_end).unwrap_or("");
            let trimmed = text.trim_start();
            let ws_end = line.text_end - trimmed.len();

            if !self.directives_done && self.directive(line, start, ws_end) {
                continue;
            }
            if trimmed.starts_with('#') {
                self.comment_line(line, start, ws_end);
                continue;
            }
            if trimmed.is_empty() {
                self.tok(TokenKind::Whitespace, start, line.text_end);
                self.tok(TokenKind::Newline, line.text_end, line.end);
                self.nodes.push(Node::Blank {
                    span: Span::new(start, line.end),
                });
                self.pending_comments.clear();
                continue;
            }
            self.instruction(line, start, ws_end);
        }
        if !self.saw_instruction {
            let end = self.src.len();
            let line = self.line_no;
            self.diag(
                SyntaxSeverity::Fatal,
                "file with no instructions".to_string(),
                Span::new(end, end),
                line,
            );
        }
        if self.diagnostics.len() > 1 {
            self.diagnostics.sort_by_key(|d| d.span.start);
        }
        Dockerfile {
            lines: LineIndex::from_starts(self.line_starts),
            source: self.src.to_string(),
            tokens: self.tokens,
            nodes: self.nodes,
            directives: self.directives,
            diagnostics: self.diagnostics,
            escape: self.escape,
            has_bom: self.has_bom,
        }
    }

    /// BuildKit's directive parser on one top-level line. Returns true when the line
    /// is a directive (and has been consumed).
    fn directive(&mut self, line: PhysLine, start: usize, ws_end: usize) -> bool {
        let text = self.src.get(ws_end..line.text_end).unwrap_or("");
        let Some(m) = match_directive(text) else {
            self.directives_done = true;
            return false;
        };
        let name = text[m.name.0..m.name.1].to_ascii_lowercase();
        if !matches!(name.as_str(), "syntax" | "escape" | "check") {
            self.directives_done = true;
            return false;
        }
        let span = Span::new(ws_end, line.text_end);
        let value = text[m.value.0..m.value.1].to_string();
        if self.directives.iter().any(|d| d.name == name) {
            self.diag(
                SyntaxSeverity::Fatal,
                format!("only one {name} parser directive can be used"),
                span,
                line.number,
            );
        } else if name == "escape" {
            match value.as_str() {
                "\\" => self.escape = '\\',
                "`" => self.escape = '`',
                _ => self.diag(
                    SyntaxSeverity::Fatal,
                    format!("invalid escape token '{value}' does not match ` or \\"),
                    span,
                    line.number,
                ),
            }
        }
        self.tok(TokenKind::Whitespace, start, ws_end);
        self.tok(TokenKind::Directive, ws_end, line.text_end);
        self.tok(TokenKind::Newline, line.text_end, line.end);
        let d = Directive {
            name,
            value,
            span,
            name_span: Span::new(ws_end + m.name.0, ws_end + m.name.1),
            value_span: Span::new(ws_end + m.value.0, ws_end + m.value.1),
            line: line.number,
        };
        self.directives.push(d.clone());
        self.nodes.push(Node::Directive(d));
        true
    }

    fn comment_line(&mut self, line: PhysLine, start: usize, ws_end: usize) {
        self.tok(TokenKind::Whitespace, start, ws_end);
        self.tok(TokenKind::Comment, ws_end, line.text_end);
        self.tok(TokenKind::Newline, line.text_end, line.end);
        let span = Span::new(ws_end, line.text_end);
        let text = self
            .src
            .get(ws_end + 1..line.text_end)
            .unwrap_or("")
            .trim()
            .to_string();
        self.pending_comments.push(span);
        self.nodes.push(Node::Comment(Comment {
            span,
            text,
            line: line.number,
        }));
    }

    fn instruction(&mut self, first: PhysLine, start: usize, ws_end: usize) {
        self.saw_instruction = true;
        let src = self.src;
        let esc = self.escape;
        let mut pieces = std::mem::take(&mut self.pieces);
        pieces.clear();
        let mut logical = LogicalLine {
            text: String::with_capacity(first.text_end - ws_end + 16),
            ..LogicalLine::default()
        };
        let mut inner_comments = Vec::new();
        let push_seg = |logical: &mut LogicalLine, pieces: &mut Vec<Piece>, a: usize, b: usize| {
            if b > a {
                logical.push_piece(src, a, b);
                pieces.push(Piece::Seg(a, b));
            }
        };

        pieces.push(Piece::Tok(TokenKind::Whitespace, start, ws_end));
        let text = src.get(ws_end..first.text_end).unwrap_or("");
        let mut continuing = match continuation_cut(text, esc) {
            Some(cut) => {
                push_seg(&mut logical, &mut pieces, ws_end, ws_end + cut);
                pieces.push(Piece::Tok(
                    TokenKind::LineContinuation,
                    ws_end + cut,
                    first.text_end,
                ));
                true
            }
            None => {
                push_seg(&mut logical, &mut pieces, ws_end, first.text_end);
                false
            }
        };
        pieces.push(Piece::Tok(TokenKind::Newline, first.text_end, first.end));
        let mut last = first;
        let mut empty_continuation = false;
        while continuing {
            let Some(l) = self.next_line() else { break };
            last = l;
            let text = src.get(l.start..l.text_end).unwrap_or("");
            let t = text.trim_start();
            let lead = l.text_end - t.len();
            if t.starts_with('#') {
                pieces.push(Piece::Tok(TokenKind::Whitespace, l.start, lead));
                pieces.push(Piece::Tok(TokenKind::Comment, lead, l.text_end));
                inner_comments.push(Span::new(lead, l.text_end));
            } else if t.is_empty() {
                empty_continuation = true;
                pieces.push(Piece::Tok(TokenKind::Whitespace, l.start, l.text_end));
            } else {
                match continuation_cut(text, esc) {
                    Some(cut) => {
                        push_seg(&mut logical, &mut pieces, l.start, l.start + cut);
                        pieces.push(Piece::Tok(
                            TokenKind::LineContinuation,
                            l.start + cut,
                            l.text_end,
                        ));
                    }
                    None => {
                        push_seg(&mut logical, &mut pieces, l.start, l.text_end);
                        continuing = false;
                    }
                }
            }
            pieces.push(Piece::Tok(TokenKind::Newline, l.text_end, l.end));
        }
        if logical.first.is_none() {
            // Only continuation markers: an empty line for BuildKit, anchored here.
            logical.first = Some((0, ws_end));
        }

        let built = self.build(&logical, 0, 0);
        let line_span = logical.span(0, logical.text.len());

        if empty_continuation {
            self.diag(
                SyntaxSeverity::Warning,
                format!("Empty continuation line found in: {}", logical.text),
                line_span,
                last.number,
            );
        }

        // Heredocs.
        let mut heredocs = Vec::new();
        if built.heredoc_capable && logical.text.contains("<<") {
            match find_heredocs(&logical.text) {
                Ok(markers) => {
                    for m in markers {
                        let h =
                            self.read_heredoc(m, &logical, &mut pieces, &mut last, first.number);
                        heredocs.push(h);
                    }
                }
                Err(message) => {
                    self.diag(SyntaxSeverity::Fatal, message, line_span, first.number);
                }
            }
        }

        let span = Span::new(start, last.end);
        self.emit_tokens(&pieces, &logical, &built);
        self.pieces = pieces;
        let comments = std::mem::take(&mut self.pending_comments);
        let node = self.finish(
            built,
            logical,
            span,
            first.number,
            last.number,
            heredocs,
            comments,
            inner_comments,
        );
        self.nodes.push(node);
    }

    #[allow(clippy::too_many_arguments)]
    fn finish(
        &mut self,
        built: Built,
        logical: LogicalLine,
        span: Span,
        start_line: usize,
        end_line: usize,
        heredocs: Vec<Heredoc>,
        comments: Vec<Span>,
        inner_comments: Vec<Span>,
    ) -> Node {
        let mut body = built.body;
        // An ONBUILD trigger's heredocs belong to its instruction too (BuildKit reads
        // heredocs for `ONBUILD RUN/COPY/ADD`): rules look at the trigger.
        if let Some(Body::Onbuild(Some(inner))) = &mut body {
            inner.heredocs = heredocs.clone();
        }
        match (built.kind, body, built.error) {
            (Some(kind), Some(body), None) => Node::Instruction(Box::new(Instruction {
                kind,
                span,
                keyword: built.keyword,
                flags: built.flags,
                arguments: built.arguments,
                body,
                heredocs,
                start_line,
                end_line,
                logical,
                comments,
                inner_comments,
            })),
            (kind, body, error) => {
                let (severity, message) = error.unwrap_or_else(|| {
                    (
                        SyntaxSeverity::Error,
                        format!("unknown instruction: {}", built.keyword.text),
                    )
                });
                self.diag(
                    severity,
                    message.clone(),
                    built
                        .keyword
                        .span
                        .cover(logical.span(0, logical.text.len())),
                    start_line,
                );
                let instruction = match (kind, body) {
                    (Some(kind), Some(body)) => Some(Box::new(Instruction {
                        kind,
                        span,
                        keyword: built.keyword.clone(),
                        flags: built.flags.clone(),
                        arguments: built.arguments.clone(),
                        body,
                        heredocs,
                        start_line,
                        end_line,
                        logical: logical.clone(),
                        comments,
                        inner_comments,
                    })),
                    _ => None,
                };
                Node::Error(ErrorNode {
                    span,
                    message,
                    keyword: built.keyword,
                    start_line,
                    end_line,
                    instruction,
                    logical,
                    flags: built.flags,
                    sub_keyword: built.sub_keyword,
                    bk_values: built.bk_values,
                    bk_json: built.bk_json,
                })
            }
        }
    }

    fn read_heredoc(
        &mut self,
        m: HeredocMarker,
        logical: &LogicalLine,
        pieces: &mut Vec<Piece>,
        last: &mut PhysLine,
        start_line: usize,
    ) -> Heredoc {
        let src = self.src;
        let body_start = self.pos;
        let mut content = String::new();
        let mut terminator = None;
        while let Some(l) = self.next_line() {
            *last = l;
            let mut t = src.get(l.start..l.text_end).unwrap_or("");
            if m.chomp {
                t = t.trim_start_matches('\t');
            }
            if t == m.name {
                terminator = Some(l);
                break;
            }
            content.push_str(src.get(l.start..l.end).unwrap_or(""));
        }
        let body_end = terminator.map(|l| l.start).unwrap_or(self.pos);
        pieces.push(Piece::Tok(TokenKind::HeredocBody, body_start, body_end));
        if let Some(l) = terminator {
            pieces.push(Piece::Tok(
                TokenKind::HeredocTerminator,
                l.start,
                l.text_end,
            ));
            pieces.push(Piece::Tok(TokenKind::Newline, l.text_end, l.end));
        } else {
            self.diag(
                SyntaxSeverity::Fatal,
                "unterminated heredoc".to_string(),
                logical.span(m.start, m.end),
                start_line,
            );
        }
        Heredoc {
            name: m.name,
            fd: m.fd,
            expand: m.expand,
            chomp: m.chomp,
            content,
            marker_span: logical.span(m.start, m.end),
            body_span: Span::new(body_start, body_end),
            terminator_span: terminator.map(|l| Span::new(l.start, l.text_end)),
        }
    }

    /// Turn the pieces into tokens; logical bytes are split into keyword, flags,
    /// argument text and whitespace.
    fn emit_tokens(&mut self, pieces: &[Piece], logical: &LogicalLine, built: &Built) {
        // Logical token boundaries, in logical offsets.
        let mut marks = std::mem::take(&mut self.marks);
        marks.clear();
        let kw_kind = if built.kind.is_some() {
            TokenKind::Keyword
        } else {
            TokenKind::Error
        };
        let to_logical = |s: usize| logical_of(logical, s);
        if !built.keyword.span.is_empty() {
            marks.push((
                kw_kind,
                to_logical(built.keyword.span.start),
                to_logical(built.keyword.span.end),
            ));
        }
        for f in &built.flags {
            marks.push((
                TokenKind::Flag,
                to_logical(f.span.start),
                to_logical(f.span.end),
            ));
        }
        if let Some(a) = &built.arguments {
            marks.push((
                TokenKind::Text,
                to_logical(a.span.start),
                to_logical(a.span.end),
            ));
        }
        let mut mi = 0;
        for p in pieces {
            match *p {
                Piece::Tok(kind, a, b) => self.tok(kind, a, b),
                Piece::Seg(a, b) => {
                    let la = logical_of(logical, a);
                    let lb = la + (b - a);
                    let mut cur = la;
                    while cur < lb {
                        while mi < marks.len() && marks[mi].2 <= cur {
                            mi += 1;
                        }
                        let (kind, end) = match marks.get(mi) {
                            Some(&(k, ms, me)) if ms <= cur => (k, me.min(lb)),
                            Some(&(_, ms, _)) => (TokenKind::Whitespace, ms.min(lb)),
                            None => (TokenKind::Whitespace, lb),
                        };
                        // Token ends always fall on character boundaries, even where
                        // BuildKit's byte-wise flag reading split a character.
                        let mut end_src = a + (end.max(cur + 1).min(lb) - la);
                        while end_src < b && !self.src.is_char_boundary(end_src) {
                            end_src += 1;
                        }
                        self.tok(kind, a + (cur - la), end_src);
                        cur = la + (end_src - a);
                    }
                }
            }
        }
        self.marks = marks;
    }

    /// BuildKit's `newNodeFromLine` on the logical line from offset `from`.
    fn build(&mut self, ll: &LogicalLine, from: usize, depth: usize) -> Built {
        let full = &ll.text;
        let line = full.get(from..).unwrap_or("");
        let t_start = from + (line.len() - line.trim_start().len());
        let t_end = from + line.trim_end().len();
        let t = full.get(t_start..t_end).unwrap_or("");
        let cmd_len = t.find(is_ws_ascii).unwrap_or(t.len());
        let keyword = Word {
            text: t[..cmd_len].to_string(),
            span: ll.span(t_start, t_start + cmd_len),
        };
        let mut flags = Vec::new();
        let mut args = (t_end, t_end);
        if cmd_len < t.len() {
            let after = t[cmd_len..].trim_start_matches(is_ws_ascii);
            let rest_start = t_end - after.len();
            let (args_off, raw) = extract_builder_flags(after);
            flags = raw
                .into_iter()
                .map(|RawFlag { text, start, end }| {
                    let (a, b) = (rest_start + start, rest_start + end);
                    Flag::new(text, ll.span(a, b), full.get(a..b).unwrap_or(""))
                })
                .collect();
            if let Some(off) = args_off {
                let a = after.get(off..).unwrap_or("");
                let a_trim = a.trim();
                let a_start = rest_start + off + (a.len() - a.trim_start().len());
                args = (a_start, a_start + a_trim.len());
            }
        }
        let rest = full.get(args.0..args.1).unwrap_or("");
        let arguments = (!rest.is_empty()).then(|| Word {
            text: rest.to_string(),
            span: ll.span(args.0, args.1),
        });
        let kind = InstructionKind::from_keyword(&keyword.text);
        let mut built = Built {
            keyword,
            kind,
            flags,
            arguments,
            body: None,
            error: None,
            sub_keyword: None,
            bk_values: Vec::new(),
            bk_json: false,
            heredoc_capable: false,
        };
        let Some(kind) = kind else {
            built.bk_values = vec![String::new()];
            return built;
        };
        let word = |a: usize, b: usize| Word {
            text: full.get(a..b).unwrap_or("").to_string(),
            span: ll.span(a, b),
        };
        let ws_words = |a: usize, b: usize| -> Vec<Word> {
            split_ws(full.get(a..b).unwrap_or(""))
                .into_iter()
                .map(|(s, e)| word(a + s, a + e))
                .collect()
        };
        let not_strings = || {
            (
                SyntaxSeverity::Fatal,
                "when using JSON array syntax, arrays must be comprised of strings only"
                    .to_string(),
            )
        };
        // parseMaybeJSON
        let maybe_json = |a: usize, b: usize| -> Result<Command, (SyntaxSeverity, String)> {
            let r = full.get(a..b).unwrap_or("");
            if r.is_empty() {
                return Ok(Command::None);
            }
            match json_at(ll, a, b) {
                JsonResult::Array(args, span) => Ok(Command::Exec { args, span }),
                JsonResult::NotStrings => Err(not_strings()),
                JsonResult::Invalid => Ok(Command::Shell(word(a, b))),
            }
        };
        let body: Result<Body, (SyntaxSeverity, String)> = match kind {
            InstructionKind::From => {
                let mut w = ws_words(args.0, args.1).into_iter();
                let image = w.next();
                let rest: Vec<Word> = w.collect();
                let (as_keyword, alias, extra) =
                    if rest.len() >= 2 && rest[0].text.eq_ignore_ascii_case("as") {
                        let mut it = rest.into_iter();
                        let a = it.next();
                        let n = it.next();
                        (a, n, it.collect())
                    } else {
                        (None, None, rest)
                    };
                Ok(Body::From(FromInstr {
                    image_ref: image
                        .as_ref()
                        .map(|i| Box::new(ImageRef::parse(&i.text, i.span))),
                    image,
                    as_keyword,
                    alias,
                    extra,
                }))
            }
            InstructionKind::Expose => Ok(Body::Expose(ws_words(args.0, args.1))),
            InstructionKind::Add | InstructionKind::Copy | InstructionKind::Volume => {
                let (paths, json) = match json_at(ll, args.0, args.1) {
                    JsonResult::Array(a, _) => (Ok(a), true),
                    JsonResult::NotStrings => (Err(not_strings()), true),
                    JsonResult::Invalid => (Ok(ws_words(args.0, args.1)), false),
                };
                paths.map(|paths| match kind {
                    InstructionKind::Add => Body::Add(CopyInstr { paths, json }),
                    InstructionKind::Copy => Body::Copy(CopyInstr { paths, json }),
                    _ => Body::Volume { paths, json },
                })
            }
            InstructionKind::Arg => Ok(Body::Arg(
                parse_words(rest, self.escape)
                    .into_iter()
                    .map(|(s, e)| {
                        let text = &rest[s..e];
                        let (s, e) = (args.0 + s, args.0 + e);
                        let decl_span = ll.span(s, e);
                        match text.find('=') {
                            Some(i) => ArgDecl {
                                name: Word {
                                    text: text[..i].to_string(),
                                    span: ll.span(s, s + i),
                                },
                                default: Some(Word {
                                    text: text[i + 1..].to_string(),
                                    span: ll.span(s + i + 1, e),
                                }),
                                span: decl_span,
                            },
                            None => ArgDecl {
                                name: Word {
                                    text: text.to_string(),
                                    span: decl_span,
                                },
                                default: None,
                                span: decl_span,
                            },
                        }
                    })
                    .collect(),
            )),
            InstructionKind::Cmd => maybe_json(args.0, args.1).map(Body::Cmd),
            InstructionKind::Entrypoint => maybe_json(args.0, args.1).map(Body::Entrypoint),
            InstructionKind::Run => maybe_json(args.0, args.1).map(Body::Run),
            InstructionKind::Shell => maybe_json(args.0, args.1).map(Body::Shell),
            InstructionKind::Env | InstructionKind::Label => {
                let label = kind == InstructionKind::Label;
                parse_name_val(ll, args.0, args.1, self.escape, kind.as_str())
                    .map(|pairs| {
                        if label {
                            Body::Label(pairs)
                        } else {
                            Body::Env(pairs)
                        }
                    })
                    .map_err(|m| (SyntaxSeverity::Fatal, m))
            }
            InstructionKind::Healthcheck => {
                let b = rest.as_bytes();
                let sep = b.iter().position(|&c| go_space_byte(c)).unwrap_or(b.len());
                let next = b[sep..]
                    .iter()
                    .position(|&c| !go_space_byte(c))
                    .map(|i| sep + i)
                    .unwrap_or(b.len());
                if sep == 0 {
                    Ok(Body::Healthcheck(HealthcheckInstr {
                        kind: None,
                        command: Command::None,
                    }))
                } else {
                    let sep = ceil_boundary(rest, sep);
                    let next = ceil_boundary(rest, next.max(sep));
                    maybe_json(args.0 + next, args.1).map(|command| {
                        Body::Healthcheck(HealthcheckInstr {
                            kind: Some(word(args.0, args.0 + sep)),
                            command,
                        })
                    })
                }
            }
            InstructionKind::Maintainer => Ok(Body::Maintainer(built.arguments.clone())),
            InstructionKind::Stopsignal => Ok(Body::Stopsignal(built.arguments.clone())),
            InstructionKind::User => Ok(Body::User(built.arguments.clone())),
            InstructionKind::Workdir => Ok(Body::Workdir(built.arguments.clone())),
            InstructionKind::Onbuild => {
                if rest.is_empty() {
                    Ok(Body::Onbuild(None))
                } else if depth >= MAX_ONBUILD_DEPTH {
                    Err((
                        SyntaxSeverity::Error,
                        format!("ONBUILD nested deeper than {MAX_ONBUILD_DEPTH} levels"),
                    ))
                } else {
                    let child = self.build(ll, args.0, depth + 1);
                    built.sub_keyword = Some(child.keyword.text.clone());
                    built.heredoc_capable = child.heredoc_capable_self();
                    match (child.kind, child.body, child.error) {
                        (Some(ck), Some(cb), None) => {
                            let inner = Instruction {
                                kind: ck,
                                span: ll.span(args.0, args.1),
                                keyword: child.keyword,
                                flags: child.flags,
                                arguments: child.arguments,
                                body: cb,
                                heredocs: Vec::new(),
                                start_line: 0,
                                end_line: 0,
                                logical: LogicalLine::default(),
                                comments: Vec::new(),
                                inner_comments: Vec::new(),
                            };
                            Ok(Body::Onbuild(Some(Box::new(inner))))
                        }
                        (ck, cb, err) => {
                            built.bk_values = match (&cb, ck) {
                                (Some(b), _) => super::buildkit::body_values(b, false),
                                _ => child.bk_values,
                            };
                            built.bk_json = cb.as_ref().is_some_and(super::buildkit::body_json);
                            Err(err.unwrap_or_else(|| {
                                (
                                    SyntaxSeverity::Error,
                                    format!(
                                        "unknown instruction in ONBUILD: {}",
                                        child.keyword.text
                                    ),
                                )
                            }))
                        }
                    }
                }
            }
        };
        match body {
            Ok(b) => {
                if built.sub_keyword.is_none() {
                    built.heredoc_capable = matches!(
                        kind,
                        InstructionKind::Add | InstructionKind::Copy | InstructionKind::Run
                    ) && !super::buildkit::body_json(&b);
                }
                built.body = Some(b);
            }
            Err(e) => built.error = Some(e),
        }
        built
    }
}

impl Built {
    /// Whether this node itself (not as an ONBUILD child) may carry heredocs.
    fn heredoc_capable_self(&self) -> bool {
        matches!(
            self.kind,
            Some(InstructionKind::Add | InstructionKind::Copy | InstructionKind::Run)
        ) && !self.body.as_ref().is_some_and(super::buildkit::body_json)
    }
}

/// Result of reading a JSON array at a logical range.
enum JsonResult {
    Array(Vec<Word>, Span),
    NotStrings,
    Invalid,
}

fn json_at(ll: &LogicalLine, a: usize, b: usize) -> JsonResult {
    let r = ll.text.get(a..b).unwrap_or("");
    let t = r.trim_start();
    let off = a + (r.len() - t.len());
    if !t.starts_with('[') {
        return JsonResult::Invalid;
    }
    match parse_array(t) {
        JsonArray::Strings(items, end) => JsonResult::Array(
            items
                .into_iter()
                .map(|j| Word {
                    text: j.value,
                    span: ll.span(off + j.start, off + j.end),
                })
                .collect(),
            ll.span(off, off + end),
        ),
        JsonArray::NotStrings => JsonResult::NotStrings,
        JsonArray::Invalid => JsonResult::Invalid,
    }
}

fn logical_of(ll: &LogicalLine, source: usize) -> usize {
    ll.to_logical(source)
}

/// `[\t\v\f\r ]`, BuildKit's `reWhitespace`.
fn is_ws_ascii(c: char) -> bool {
    matches!(c, '\t' | '\u{b}' | '\u{c}' | '\r' | ' ')
}

/// Split on runs of `[\t\v\f\r ]` like `regexp.Split(s, -1)`; empty input gives none.
fn split_ws(s: &str) -> Vec<(usize, usize)> {
    if s.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        if matches!(b[i], b'\t' | 0x0b | 0x0c | b'\r' | b' ') {
            let ws = i;
            while i < b.len() && matches!(b[i], b'\t' | 0x0b | 0x0c | b'\r' | b' ') {
                i += 1;
            }
            out.push((start, ws));
            start = i;
        } else {
            i += 1;
        }
    }
    out.push((start, b.len()));
    out
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i.min(s.len())
}

/// Where BuildKit's line-continuation regex cuts `line` (text after the newline was
/// trimmed): the offset of a trailing escape character followed only by spaces and
/// tabs, unless that escape is itself preceded by an escape character.
pub(crate) fn continuation_cut(line: &str, esc: char) -> Option<usize> {
    // The escape character is ASCII (`\\` or `` ` ``), so byte tests are exact.
    let esc = u8::try_from(esc).ok()?;
    let t = line.trim_end_matches([' ', '\t']).as_bytes();
    let at = t.len().checked_sub(1)?;
    if t[at] != esc {
        return None;
    }
    if at == 0 {
        return Some(0);
    }
    if t[at - 1] == esc {
        return None;
    }
    Some(at)
}

struct DirectiveMatch {
    name: (usize, usize),
    value: (usize, usize),
}

/// `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$` with Go's `\s` = `[\t\n\f\r ]`.
fn match_directive(t: &str) -> Option<DirectiveMatch> {
    let b = t.as_bytes();
    let is_s = |c: u8| matches!(c, b'\t' | b'\n' | 0x0c | b'\r' | b' ');
    if b.first() != Some(&b'#') {
        return None;
    }
    let mut i = 1;
    while i < b.len() && is_s(b[i]) {
        i += 1;
    }
    let name_start = i;
    if !b.get(i).is_some_and(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    while i < b.len() && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    let name_end = i;
    while i < b.len() && is_s(b[i]) {
        i += 1;
    }
    if b.get(i) != Some(&b'=') {
        return None;
    }
    i += 1;
    let after_eq = i;
    while i < b.len() && is_s(b[i]) {
        i += 1;
    }
    let value = if i == b.len() {
        // Only whitespace after `=`: the lazy group takes its last character.
        if after_eq == b.len() {
            return None;
        }
        (b.len() - 1, b.len())
    } else {
        let mut end = b.len();
        while end > i && is_s(b[end - 1]) {
            end -= 1;
        }
        (i, end)
    };
    Some(DirectiveMatch {
        name: (name_start, name_end),
        value,
    })
}

/// BuildKit's `parseWords`: split on Unicode whitespace outside quotes, keeping
/// quotes and escapes in the words. Every word is a contiguous piece of `rest`
/// (an escape character at the very end is dropped), so words are returned as
/// offset ranges.
pub(crate) fn parse_words(rest: &str, esc: char) -> Vec<(usize, usize)> {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote,
    }
    let mut words = Vec::new();
    let mut phase = Phase::Spaces;
    let mut start = 0;
    let mut quote = '\0';
    let mut blank_ok = false;
    let mut end_trim = 0;
    let mut it = rest.char_indices();
    while let Some((pos, ch)) = it.next() {
        let next_pos = pos + ch.len_utf8();
        if phase == Phase::Spaces {
            if ch.is_whitespace() {
                continue;
            }
            phase = Phase::Word;
            start = pos;
        }
        if phase == Phase::Word {
            if ch.is_whitespace() {
                phase = Phase::Spaces;
                if blank_ok || pos > start {
                    words.push((start, pos));
                }
                blank_ok = false;
                continue;
            }
            if ch == '\'' || ch == '"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
                continue;
            }
            if ch == esc {
                if next_pos == rest.len() {
                    end_trim = ch.len_utf8();
                    continue;
                }
                it.next();
            }
            continue;
        }
        // Phase::Quote
        if ch == quote {
            phase = Phase::Word;
        }
        if ch == esc && quote != '\'' {
            if next_pos == rest.len() {
                phase = Phase::Word;
                end_trim = ch.len_utf8();
                continue;
            }
            it.next();
        }
    }
    let end = rest.len() - end_trim;
    if phase != Phase::Spaces && (blank_ok || end > start) {
        words.push((start, end));
    }
    words
}

/// BuildKit's `parseNameVal` for ENV and LABEL over logical range `a..b`.
fn parse_name_val(
    ll: &LogicalLine,
    a: usize,
    b: usize,
    esc: char,
    key: &str,
) -> Result<Vec<KeyValue>, String> {
    let rest = ll.text.get(a..b).unwrap_or("");
    let words = parse_words(rest, esc);
    let Some(&(fs, fe)) = words.first() else {
        return Ok(Vec::new());
    };
    if !rest[fs..fe].contains('=') {
        let parts = split_ws(rest);
        let Some(&(ks, ke)) = parts.first() else {
            return Err(format!("{key} must have two arguments"));
        };
        let Some(&(vs, _)) = parts.get(1) else {
            return Err(format!("{key} must have two arguments"));
        };
        return Ok(vec![KeyValue {
            key: Word {
                text: rest[ks..ke].to_string(),
                span: ll.span(a + ks, a + ke),
            },
            value: Word {
                text: rest[vs..].to_string(),
                span: ll.span(a + vs, b),
            },
            form: PairForm::Space,
            span: ll.span(a, b),
        }]);
    }
    let mut out = Vec::with_capacity(words.len());
    for (s, e) in words {
        let text = &rest[s..e];
        let Some(i) = text.find('=') else {
            return Err(format!(
                "Syntax error - can't find = in {text:?}. Must be of the form: name=value"
            ));
        };
        let (s, e) = (a + s, a + e);
        out.push(KeyValue {
            key: Word {
                text: text[..i].to_string(),
                span: ll.span(s, s + i),
            },
            value: Word {
                text: text[i + 1..].to_string(),
                span: ll.span(s + i + 1, e),
            },
            form: PairForm::Equals,
            span: ll.span(s, e),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuation_rules() {
        assert_eq!(continuation_cut("RUN a \\", '\\'), Some(6));
        assert_eq!(continuation_cut("RUN a \\ \t", '\\'), Some(6));
        assert_eq!(continuation_cut("\\", '\\'), Some(0));
        assert_eq!(continuation_cut("RUN a \\\\", '\\'), None);
        assert_eq!(continuation_cut("RUN a", '\\'), None);
        assert_eq!(continuation_cut("RUN a `", '`'), Some(6));
        assert_eq!(continuation_cut("RUN a \\", '`'), None);
    }

    #[test]
    fn directive_regex() {
        let m = match_directive("# escape = `").unwrap();
        assert_eq!((m.value.0, m.value.1), (11, 12));
        assert!(match_directive("#escape=").is_none());
        assert!(match_directive("# 1abc=x").is_none());
        let m = match_directive("# escape=  ").unwrap();
        assert_eq!(m.value, (10, 11));
    }

    #[test]
    fn words_keep_quotes_and_escapes() {
        let src = "foo bar \"abc xyz\" a\\ b 'c d' end\\";
        let w: Vec<&str> = parse_words(src, '\\')
            .into_iter()
            .map(|(s, e)| &src[s..e])
            .collect();
        assert_eq!(
            w,
            vec!["foo", "bar", "\"abc xyz\"", "a\\ b", "'c d'", "end"]
        );
        assert_eq!(parse_words("föo bàr", '\\')[1], (5, 9));
        // Empty quotes make a word; a lone escape at the end does not.
        assert_eq!(parse_words("'' \\", '\\'), vec![(0, 2)]);
    }

    #[test]
    fn whitespace_split() {
        assert_eq!(split_ws("a  b\tc"), vec![(0, 1), (3, 4), (5, 6)]);
        assert!(split_ws("").is_empty());
    }
}
