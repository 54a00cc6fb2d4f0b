//! Recursive-descent parser for lists, pipelines, compound and simple
//! commands, redirections and here-documents. Word-level lexing lives in
//! `word.rs` (same `Parser` type).
//!
//! The parser works on bytes: every syntax character is ASCII, so positions
//! where it stops are always char boundaries of the UTF-8 text. It never
//! fails: on unexpected input it records a [`SyntaxProblem`] and moves on,
//! and every loop checks that it made progress.

use super::ast::*;
use super::wrappers;

/// Nesting limit for compound commands, substitutions and `sh -c` strings.
pub(crate) const MAX_DEPTH: usize = 64;

// Stop sets for `parse_list`: what may end the list.
pub(crate) const S_PAREN: u16 = 1;
pub(crate) const S_BRACE: u16 = 2;
pub(crate) const S_THEN: u16 = 4;
pub(crate) const S_ELSE: u16 = 8; // elif / else
pub(crate) const S_FI: u16 = 16;
pub(crate) const S_DO: u16 = 32;
pub(crate) const S_DONE: u16 = 64;
pub(crate) const S_ESAC: u16 = 128;
pub(crate) const S_DSEMI: u16 = 256;

/// What all parsers of one script share.
#[derive(Default)]
pub(crate) struct Out {
    pub(crate) commands: Vec<Command>,
    pub(crate) problems: Vec<SyntaxProblem>,
    pub(crate) gave_up: bool,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum HeredocOwner {
    /// Redirect `index` of simple command `id`.
    Command { id: usize, index: usize },
    /// Slot in `Parser::local_bodies` (redirects of compound commands).
    Local(usize),
}

#[derive(Debug)]
pub(crate) struct PendingHeredoc {
    owner: HeredocOwner,
    delimiter: String,
    strip_tabs: bool,
    quoted: bool,
    marker: Span,
}

pub(crate) struct Parser<'s, 'o> {
    pub(crate) src: &'s str,
    pub(crate) b: &'s [u8],
    pub(crate) pos: usize,
    /// Effective end of input (lowered while parsing a here-document body).
    pub(crate) end: usize,
    base: usize,
    /// For re-parsed text (backticks, `sh -c`): absolute offset of every byte, plus one sentinel.
    map: Option<Vec<usize>>,
    pub(crate) out: &'o mut Out,
    pub(crate) depth: usize,
    pub(crate) ctx: Vec<Context>,
    pending: Vec<PendingHeredoc>,
    local_bodies: Vec<Option<HeredocBody>>,
    /// The simple command being parsed (owner of substitutions).
    pub(crate) cur_cmd: Option<usize>,
    /// When set, absolute source offsets of every byte added to a literal value.
    pub(crate) rec: Option<Vec<usize>>,
}

pub(crate) fn is_blank(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r')
}

/// Bytes that end an unquoted word.
pub(crate) fn is_meta(c: u8) -> bool {
    matches!(
        c,
        b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'|' | b'(' | b')' | b'<' | b'>'
    )
}

const RESERVED: &[&str] = &[
    "if", "then", "elif", "else", "fi", "do", "done", "case", "esac", "while", "until", "for",
    "in", "function", "select", "{", "}", "!", "[[",
];

impl<'s, 'o> Parser<'s, 'o> {
    pub(crate) fn new(
        src: &'s str,
        base: usize,
        map: Option<Vec<usize>>,
        out: &'o mut Out,
    ) -> Self {
        Parser {
            src,
            b: src.as_bytes(),
            pos: 0,
            end: src.len(),
            base,
            map,
            out,
            depth: 0,
            ctx: Vec::new(),
            pending: Vec::new(),
            local_bodies: Vec::new(),
            cur_cmd: None,
            rec: None,
        }
    }

    // ----- low-level helpers -------------------------------------------

    pub(crate) fn abs(&self, local: usize) -> usize {
        match &self.map {
            Some(m) => m
                .get(local)
                .or_else(|| m.last())
                .copied()
                .unwrap_or(self.base),
            None => self.base + local,
        }
    }

    pub(crate) fn span(&self, start: usize, end: usize) -> Span {
        mk_span(self.abs(start), self.abs(end))
    }

    pub(crate) fn peek(&self) -> Option<u8> {
        self.peek_at(0)
    }

    pub(crate) fn peek_at(&self, k: usize) -> Option<u8> {
        let i = self.pos.checked_add(k)?;
        if i < self.end {
            self.b.get(i).copied()
        } else {
            None
        }
    }

    pub(crate) fn starts(&self, s: &str) -> bool {
        let e = self.pos + s.len();
        e <= self.end && self.b.get(self.pos..e) == Some(s.as_bytes())
    }

    pub(crate) fn at_end(&self) -> bool {
        self.pos >= self.end
    }

    /// Length in bytes of the char at `pos` (1 for ASCII or at a bad position).
    pub(crate) fn char_len(&self) -> usize {
        match self.b.get(self.pos) {
            Some(&c) if c < 0x80 => 1,
            Some(_) => self
                .src
                .get(self.pos..)
                .and_then(|s| s.chars().next())
                .map_or(1, char::len_utf8),
            None => 1,
        }
    }

    pub(crate) fn problem(&mut self, kind: ProblemKind, start: usize, end: usize) {
        if self.out.gave_up {
            return;
        }
        let span = self.span(start, end);
        self.out.problems.push(SyntaxProblem { span, kind });
    }

    /// Enters one nesting level; past the limit, records the problem once
    /// and skips the rest of this text.
    pub(crate) fn enter(&mut self) -> bool {
        if self.depth >= MAX_DEPTH {
            if !self.out.gave_up {
                let (s, e) = (self.pos, (self.pos + self.char_len()).min(self.end));
                self.problem(ProblemKind::TooDeep, s, e);
                self.out.gave_up = true;
            }
            self.pos = self.end;
            return false;
        }
        self.depth += 1;
        true
    }

    pub(crate) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Skips blanks, line continuations and a comment (up to, not including, the newline).
    pub(crate) fn skip_blanks(&mut self) {
        loop {
            match self.peek() {
                Some(c) if is_blank(c) => self.pos += 1,
                Some(b'\\') if self.peek_at(1) == Some(b'\n') => self.pos += 2,
                Some(b'\\') if self.peek_at(1) == Some(b'\r') && self.peek_at(2) == Some(b'\n') => {
                    self.pos += 3
                }
                Some(b'#') => {
                    while let Some(c) = self.peek() {
                        if c == b'\n' {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                _ => break,
            }
        }
    }

    /// Skips blanks, comments and newlines (reading pending here-documents).
    fn skip_linebreaks(&mut self) {
        loop {
            self.skip_blanks();
            if self.peek() == Some(b'\n') {
                self.newline();
            } else {
                break;
            }
        }
    }

    /// The reserved word at `pos`, if one stands there as a whole word.
    fn reserved(&self) -> Option<&'static str> {
        let mut i = self.pos;
        while i < self.end && i - self.pos < 9 {
            match self.b.get(i) {
                Some(c) if c.is_ascii_lowercase() || matches!(c, b'{' | b'}' | b'!' | b'[') => {
                    i += 1
                }
                _ => break,
            }
        }
        if i == self.pos {
            return None;
        }
        let delimited = i >= self.end || self.b.get(i).is_some_and(|&c| is_meta(c));
        if !delimited {
            return None;
        }
        let w = self.src.get(self.pos..i)?;
        RESERVED.iter().copied().find(|r| *r == w)
    }

    fn at_stop(&self, stops: u16) -> bool {
        if stops & S_PAREN != 0 && self.peek() == Some(b')') {
            return true;
        }
        if stops & S_DSEMI != 0 && (self.starts(";;") || self.starts(";&")) {
            return true;
        }
        match self.reserved() {
            Some("}") => stops & S_BRACE != 0,
            Some("then") => stops & S_THEN != 0,
            Some("elif" | "else") => stops & S_ELSE != 0,
            Some("fi") => stops & S_FI != 0,
            Some("do") => stops & S_DO != 0,
            Some("done") => stops & S_DONE != 0,
            Some("esac") => stops & S_ESAC != 0,
            _ => false,
        }
    }

    /// Length of a token that cannot start a command here.
    fn stray_token_len(&self) -> Option<usize> {
        match self.peek()? {
            b')' => Some(1),
            b';' => Some(if self.starts(";;&") {
                3
            } else if self.starts(";;") || self.starts(";&") {
                2
            } else {
                1
            }),
            b'&' if self.starts("&>") => None,
            b'&' | b'|' => Some(if self.starts("&&") || self.starts("||") {
                2
            } else {
                1
            }),
            _ => match self.reserved() {
                Some(
                    r @ ("then" | "elif" | "else" | "fi" | "do" | "done" | "esac" | "}" | "in"),
                ) => Some(r.len()),
                _ => None,
            },
        }
    }

    // ----- lists ----------------------------------------------------------

    /// Parses commands until end of input or a token in `stops`.
    pub(crate) fn parse_list(&mut self, stops: u16) -> List {
        let mut items = Vec::new();
        loop {
            self.skip_linebreaks();
            if self.at_end() || self.at_stop(stops) {
                break;
            }
            let before = self.pos;
            if let Some(len) = self.stray_token_len() {
                self.problem(ProblemKind::UnexpectedToken, before, before + len);
                self.pos += len;
                continue;
            }
            if let Some(mut item) = self.parse_and_or(stops) {
                self.skip_blanks();
                let sep = match self.peek() {
                    Some(b';') if !self.starts(";;") && !self.starts(";&") => {
                        self.pos += 1;
                        Some(Separator::Semicolon)
                    }
                    Some(b'&') if !self.starts("&&") && !self.starts("&>") => {
                        self.pos += 1;
                        Some(Separator::Background)
                    }
                    Some(b'\n') => {
                        self.newline();
                        Some(Separator::Newline)
                    }
                    _ => None,
                };
                if sep == Some(Separator::Background) {
                    for p in item.pipelines() {
                        for n in &p.commands {
                            if let Node::Simple(id) = n {
                                if let Some(c) = self.out.commands.get_mut(*id) {
                                    c.position.background = true;
                                }
                            }
                        }
                    }
                }
                item.separator = sep;
                items.push(item);
            }
            if self.pos == before {
                let len = self.char_len();
                self.problem(
                    ProblemKind::UnexpectedToken,
                    before,
                    (before + len).min(self.end),
                );
                self.pos = (before + len).min(self.end.max(before + 1));
            }
        }
        List { items }
    }

    fn parse_and_or(&mut self, stops: u16) -> Option<AndOr> {
        let start = self.pos;
        let first = self.parse_pipeline(stops)?;
        let mut rest: Vec<(AndOrOp, Pipeline)> = Vec::new();
        loop {
            self.skip_blanks();
            let op = if self.starts("&&") {
                AndOrOp::And
            } else if self.starts("||") {
                AndOrOp::Or
            } else {
                break;
            };
            let op_start = self.pos;
            self.pos += 2;
            self.skip_linebreaks();
            match self.parse_pipeline(stops) {
                Some(p) => rest.push((op, p)),
                None => {
                    self.problem(ProblemKind::MissingCommand, op_start, op_start + 2);
                    break;
                }
            }
        }
        let end_span = rest.last().map_or(first.span, |(_, p)| p.span);
        // Tell each simple command its and-or neighbours.
        let ops: Vec<AndOrOp> = rest.iter().map(|(o, _)| *o).collect();
        let all = std::iter::once(&first).chain(rest.iter().map(|(_, p)| p));
        for (i, p) in all.enumerate() {
            for n in &p.commands {
                if let Node::Simple(id) = n {
                    if let Some(c) = self.out.commands.get_mut(*id) {
                        c.position.op_before = i.checked_sub(1).and_then(|j| ops.get(j)).copied();
                        c.position.op_after = ops.get(i).copied();
                    }
                }
            }
        }
        Some(AndOr {
            span: mk_span(self.abs(start), end_span.end),
            first,
            rest,
            separator: None,
        })
    }

    fn parse_pipeline(&mut self, stops: u16) -> Option<Pipeline> {
        self.skip_blanks();
        let start = self.pos;
        let mut negated = false;
        if self.reserved() == Some("!") {
            negated = true;
            self.pos += 1;
            self.skip_blanks();
        }
        let first = match self.parse_command(stops) {
            Some(n) => n,
            None => {
                if negated {
                    self.problem(ProblemKind::MissingCommand, start, start + 1);
                }
                return None;
            }
        };
        let mut commands = vec![first];
        loop {
            self.skip_blanks();
            if self.peek() != Some(b'|') || self.starts("||") {
                break;
            }
            let op_start = self.pos;
            self.pos += if self.starts("|&") { 2 } else { 1 };
            self.skip_linebreaks();
            match self.parse_command(stops) {
                Some(n) => commands.push(n),
                None => {
                    self.problem(ProblemKind::MissingCommand, op_start, op_start + 1);
                    break;
                }
            }
        }
        let len = commands.len();
        let ids: Vec<Option<usize>> = commands
            .iter()
            .map(|n| match n {
                Node::Simple(id) => Some(*id),
                _ => None,
            })
            .collect();
        for (i, id) in ids.iter().enumerate() {
            if let Some(c) = id.and_then(|id| self.out.commands.get_mut(id)) {
                c.position.pipeline_index = i;
                c.position.pipeline_len = len;
                c.position.negated = negated;
                c.position.pipe_from = i.checked_sub(1).and_then(|j| ids.get(j).copied().flatten());
                c.position.pipe_to = ids.get(i + 1).copied().flatten();
            }
        }
        let end = commands
            .last()
            .map_or(self.abs(self.pos), |n| self.node_end(n));
        Some(Pipeline {
            span: mk_span(self.abs(start), end),
            negated,
            commands,
        })
    }

    fn node_end(&self, n: &Node) -> usize {
        match n {
            Node::Simple(id) => self.out.commands.get(*id).map_or(0, |c| c.span.end),
            Node::Compound(c) => c.span.end,
            Node::Function(f) => f.span.end,
        }
    }

    // ----- commands -------------------------------------------------------

    fn parse_command(&mut self, stops: u16) -> Option<Node> {
        self.skip_blanks();
        if self.at_end() || self.at_stop(stops) {
            return None;
        }
        match self.peek()? {
            b'(' => {
                if self.peek_at(1) == Some(b'(') {
                    if let Some(after) = self.arith_end(self.pos + 2) {
                        let inner = self.src.get(self.pos + 2..after - 2).unwrap_or("");
                        if looks_arithmetic(inner) {
                            return self.parse_arith_command(after);
                        }
                    }
                }
                return self.parse_subshell();
            }
            b')' | b';' | b'|' | b'\n' => return None,
            b'&' if !self.starts("&>") => return None,
            _ => {}
        }
        match self.reserved() {
            Some("{") => return self.parse_group(),
            Some("if") => return self.parse_if(),
            Some("while") => return self.parse_while(false),
            Some("until") => return self.parse_while(true),
            Some("for" | "select") => return self.parse_for(),
            Some("case") => return self.parse_case(),
            Some("function") => return self.parse_function_keyword(),
            Some("then" | "elif" | "else" | "fi" | "do" | "done" | "esac" | "}") => return None,
            _ => {}
        }
        if let Some((name_end, body_start)) = self.function_lookahead() {
            return self.parse_function(self.pos, self.pos, name_end, body_start);
        }
        self.parse_simple()
    }

    /// Position after the `))` closing an arithmetic `((`/`$((` whose
    /// content starts at `from`; `None` if it does not close like one.
    pub(crate) fn arith_end(&self, from: usize) -> Option<usize> {
        const LIMIT: usize = 16 * 1024;
        let mut depth = 0usize;
        let mut i = from;
        while i < self.end && i - from < LIMIT {
            match self.b.get(i)? {
                b'(' => depth += 1,
                b')' => {
                    if depth == 0 {
                        return (i + 1 < self.end && self.b.get(i + 1) == Some(&b')'))
                            .then_some(i + 2);
                    }
                    depth -= 1;
                }
                b'\n' if depth == 0 => return None,
                _ => {}
            }
            i += 1;
        }
        None
    }

    fn parse_arith_command(&mut self, after: usize) -> Option<Node> {
        let start = self.pos;
        let expr = self.src.get(start + 2..after - 2).unwrap_or("").to_string();
        let parts = self.arith_parts(start + 2, after - 2);
        self.pos = after;
        Some(self.finish_compound(start, CompoundKind::Arith { expr, parts }))
    }

    fn parse_subshell(&mut self) -> Option<Node> {
        let start = self.pos;
        self.pos += 1;
        if !self.enter() {
            return None;
        }
        self.ctx.push(Context::Subshell);
        let body = self.parse_list(S_PAREN);
        self.ctx.pop();
        self.leave();
        if self.peek() == Some(b')') {
            self.pos += 1;
        } else {
            self.problem(ProblemKind::UnclosedSubshell, start, start + 1);
        }
        Some(self.finish_compound(start, CompoundKind::Subshell(body)))
    }

    /// Consumes `kw` if it is the reserved word at `pos`, else records it missing at `open`.
    fn expect_keyword(&mut self, kw: &'static str, open: (usize, usize)) -> bool {
        self.skip_linebreaks();
        if self.reserved() == Some(kw) {
            self.pos += kw.len();
            true
        } else {
            self.problem(ProblemKind::MissingKeyword(kw), open.0, open.1);
            false
        }
    }

    fn parse_group(&mut self) -> Option<Node> {
        let start = self.pos;
        self.pos += 1;
        if !self.enter() {
            return None;
        }
        self.ctx.push(Context::Group);
        let body = self.parse_list(S_BRACE);
        self.ctx.pop();
        self.leave();
        self.expect_keyword("}", (start, start + 1));
        Some(self.finish_compound(start, CompoundKind::Group(body)))
    }

    fn body_list(&mut self, ctx: Context, stops: u16) -> List {
        self.ctx.push(ctx);
        let l = self.parse_list(stops);
        self.ctx.pop();
        l
    }

    fn parse_if(&mut self) -> Option<Node> {
        let start = self.pos;
        let open = (start, start + 2);
        self.pos += 2;
        if !self.enter() {
            return None;
        }
        let mut branches = Vec::new();
        let mut else_body = None;
        let cond = self.body_list(Context::IfCondition, S_THEN | S_ELSE | S_FI);
        self.expect_keyword("then", open);
        let body = self.body_list(Context::IfBody, S_ELSE | S_FI);
        branches.push((cond, body));
        loop {
            self.skip_linebreaks();
            match self.reserved() {
                Some("elif") => {
                    let s = self.pos;
                    self.pos += 4;
                    let cond = self.body_list(Context::IfCondition, S_THEN | S_ELSE | S_FI);
                    self.expect_keyword("then", (s, s + 4));
                    let body = self.body_list(Context::IfBody, S_ELSE | S_FI);
                    branches.push((cond, body));
                }
                Some("else") => {
                    self.pos += 4;
                    else_body = Some(self.body_list(Context::ElseBody, S_FI | S_ELSE));
                    if matches!(self.reserved(), Some("else" | "elif")) {
                        let s = self.pos;
                        self.problem(ProblemKind::UnexpectedToken, s, s + 4);
                        self.pos += 4;
                        continue;
                    }
                    self.expect_keyword("fi", open);
                    break;
                }
                _ => {
                    self.expect_keyword("fi", open);
                    break;
                }
            }
        }
        self.leave();
        Some(self.finish_compound(
            start,
            CompoundKind::If {
                branches,
                else_body,
            },
        ))
    }

    fn parse_while(&mut self, until: bool) -> Option<Node> {
        let start = self.pos;
        let kw_len = 5; // `while` and `until`
        let open = (start, start + kw_len);
        self.pos += kw_len;
        if !self.enter() {
            return None;
        }
        let condition = self.body_list(Context::LoopCondition, S_DO | S_DONE);
        self.expect_keyword("do", open);
        let body = self.body_list(Context::LoopBody, S_DONE);
        self.expect_keyword("done", open);
        self.leave();
        Some(self.finish_compound(
            start,
            CompoundKind::While {
                until,
                condition,
                body,
            },
        ))
    }

    fn parse_for(&mut self) -> Option<Node> {
        let start = self.pos;
        let kw_len = if self.starts("select") { 6 } else { 3 };
        let open = (start, start + kw_len);
        self.pos += kw_len;
        if !self.enter() {
            return None;
        }
        self.skip_blanks();
        if self.starts("((") {
            let hstart = self.pos + 2;
            let after = match self.arith_end(hstart) {
                Some(a) => a,
                None => {
                    self.problem(ProblemKind::UnterminatedArith, self.pos, self.pos + 2);
                    self.skip_to_line_end();
                    self.pos
                }
            };
            let header = self
                .src
                .get(hstart..after.saturating_sub(2).max(hstart))
                .unwrap_or("")
                .to_string();
            self.pos = after;
            self.skip_blanks();
            if self.peek() == Some(b';') {
                self.pos += 1;
            }
            self.expect_keyword("do", open);
            let body = self.body_list(Context::LoopBody, S_DONE);
            self.expect_keyword("done", open);
            self.leave();
            return Some(self.finish_compound(start, CompoundKind::ArithFor { header, body }));
        }
        let var_start = self.pos;
        let var = self.read_word().map(|w| w.lossy()).unwrap_or_default();
        let var_span = self.span(var_start, self.pos);
        if var.is_empty() {
            self.problem(ProblemKind::UnexpectedToken, start, start + kw_len);
        }
        self.skip_linebreaks();
        let mut words = None;
        if self.reserved() == Some("in") {
            self.pos += 2;
            let mut ws = Vec::new();
            loop {
                self.skip_blanks();
                match self.peek() {
                    None | Some(b';' | b'\n' | b'&' | b'|' | b')') => break,
                    _ => {}
                }
                let before = self.pos;
                match self.read_word() {
                    Some(w) => ws.push(w),
                    None => {
                        if self.pos == before {
                            break;
                        }
                    }
                }
            }
            words = Some(ws);
        }
        self.skip_blanks();
        if self.peek() == Some(b';') && !self.starts(";;") {
            self.pos += 1;
        }
        self.expect_keyword("do", open);
        let body = self.body_list(Context::LoopBody, S_DONE);
        self.expect_keyword("done", open);
        self.leave();
        Some(self.finish_compound(
            start,
            CompoundKind::For {
                var,
                var_span,
                words,
                body,
            },
        ))
    }

    fn skip_to_line_end(&mut self) {
        while let Some(c) = self.peek() {
            if c == b'\n' {
                break;
            }
            self.pos += 1;
        }
    }

    fn parse_case(&mut self) -> Option<Node> {
        let start = self.pos;
        let open = (start, start + 4);
        self.pos += 4;
        if !self.enter() {
            return None;
        }
        self.skip_blanks();
        let word = self.read_word();
        self.skip_linebreaks();
        let mut arms = Vec::new();
        if self.expect_keyword("in", open) {
            loop {
                self.skip_linebreaks();
                if self.at_end() {
                    self.problem(ProblemKind::MissingKeyword("esac"), open.0, open.1);
                    break;
                }
                if self.reserved() == Some("esac") {
                    self.pos += 4;
                    break;
                }
                let arm_start = self.pos;
                if self.peek() == Some(b'(') {
                    self.pos += 1;
                }
                let mut patterns = Vec::new();
                loop {
                    self.skip_blanks();
                    if let Some(w) = self.read_word() {
                        patterns.push(w);
                    }
                    self.skip_blanks();
                    if self.peek() == Some(b'|') {
                        self.pos += 1;
                    } else {
                        break;
                    }
                }
                if self.peek() == Some(b')') {
                    self.pos += 1;
                } else {
                    let e = (self.pos + self.char_len()).min(self.end);
                    self.problem(ProblemKind::MissingKeyword(")"), self.pos, e.max(self.pos));
                    if patterns.is_empty() {
                        // Nothing usable here: skip a char so the loop advances.
                        if self.pos == arm_start {
                            self.pos = (self.pos + self.char_len()).min(self.end);
                        }
                        continue;
                    }
                }
                let body = self.body_list(Context::CaseArm, S_DSEMI | S_ESAC);
                let body_end = self.pos;
                let terminator = [";;&", ";;", ";&"]
                    .iter()
                    .find(|t| self.starts(t))
                    .map(|t| {
                        self.pos += t.len();
                        (*t).to_string()
                    });
                let arm_end = if terminator.is_some() {
                    self.pos
                } else {
                    body_end
                };
                arms.push(CaseArm {
                    span: self.span(arm_start, arm_end),
                    patterns,
                    body,
                    terminator,
                });
                if self.pos == arm_start {
                    self.pos = (self.pos + self.char_len()).min(self.end);
                }
            }
        }
        self.leave();
        Some(self.finish_compound(start, CompoundKind::Case { word, arms }))
    }

    /// `name ( )` at `pos`: returns (end of name, position after `)`).
    fn function_lookahead(&self) -> Option<(usize, usize)> {
        let mut i = self.pos;
        while i < self.end {
            match self.b.get(i) {
                Some(c)
                    if c.is_ascii_alphanumeric()
                        || matches!(c, b'_' | b'-' | b'.' | b':' | b'@' | b'+') =>
                {
                    i += 1
                }
                _ => break,
            }
        }
        let name_end = i;
        if name_end == self.pos {
            return None;
        }
        while i < self.end && matches!(self.b.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
        if self.b.get(i) != Some(&b'(') || i >= self.end {
            return None;
        }
        i += 1;
        while i < self.end && matches!(self.b.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
        (i < self.end && self.b.get(i) == Some(&b')')).then_some((name_end, i + 1))
    }

    fn parse_function_keyword(&mut self) -> Option<Node> {
        let start = self.pos;
        self.pos += "function".len();
        self.skip_blanks();
        let name_start = self.pos;
        if let Some((name_end, after)) = self.function_lookahead() {
            return self.parse_function(start, name_start, name_end, after);
        }
        let w = self.read_word();
        let name_end = self.pos;
        if w.is_none() {
            self.problem(ProblemKind::UnexpectedToken, start, start + 8);
        }
        self.parse_function(start, name_start, name_end, name_end)
    }

    fn parse_function(
        &mut self,
        start: usize,
        name_start: usize,
        name_end: usize,
        body_at: usize,
    ) -> Option<Node> {
        let name = self.src.get(name_start..name_end).unwrap_or("").to_string();
        let name_span = self.span(name_start, name_end);
        self.pos = body_at;
        self.skip_linebreaks();
        if !self.enter() {
            return None;
        }
        self.ctx.push(Context::Function(name.clone()));
        let body = self.parse_command(0);
        self.ctx.pop();
        self.leave();
        if body.is_none() {
            self.problem(ProblemKind::MissingCommand, name_start, name_end);
        }
        let end = body
            .as_ref()
            .map_or(self.abs(body_at), |b| self.node_end(b));
        Some(Node::Function(Box::new(FunctionDef {
            span: mk_span(self.abs(start), end),
            name,
            name_span,
            body,
        })))
    }

    /// Parses redirections after a compound command and builds the node.
    fn finish_compound(&mut self, start: usize, kind: CompoundKind) -> Node {
        let mut redirects = Vec::new();
        let mut end = self.pos;
        let mut slots = Vec::new();
        loop {
            self.skip_blanks();
            let slot = self.local_bodies.len();
            match self.try_redirect(HeredocOwner::Local(slot)) {
                Some(r) => {
                    if r.heredoc.is_some() {
                        self.local_bodies.push(None);
                        slots.push((redirects.len(), slot));
                    }
                    redirects.push(r);
                    end = self.pos;
                }
                None => break,
            }
        }
        if !slots.is_empty() {
            // Read the bodies now, so they can be attached to this node.
            self.skip_blanks();
            if self.peek() == Some(b'\n') {
                self.newline();
            }
            for (ri, slot) in slots {
                let body = self.local_bodies.get_mut(slot).and_then(Option::take);
                if let Some(h) = redirects
                    .get_mut(ri)
                    .and_then(|r: &mut Redirect| r.heredoc.as_mut())
                {
                    h.body = body;
                }
            }
        }
        self.pos = self.pos.max(end);
        Node::Compound(Box::new(Compound {
            span: self.span(start, end),
            kind,
            redirects,
        }))
    }

    fn parse_simple(&mut self) -> Option<Node> {
        let start = self.pos;
        let id = self.out.commands.len();
        self.out
            .commands
            .push(Command::placeholder(id, self.span(start, start)));
        let saved_cur = self.cur_cmd.replace(id);
        let mut assignments = Vec::new();
        let mut words: Vec<Word> = Vec::new();
        let mut word_local: Vec<(usize, usize)> = Vec::new();
        let mut redirects: Vec<Redirect> = Vec::new();
        let mut test_mode = false;
        let mut last_end = start;
        loop {
            self.skip_blanks();
            let Some(c) = self.peek() else { break };
            let before = self.pos;
            if test_mode {
                if matches!(c, b'\n' | b';') {
                    break;
                }
                let w = if matches!(c, b'&' | b'|' | b'(' | b')' | b'<' | b'>') {
                    let mut i = self.pos;
                    while i < self.end && self.b.get(i).is_some_and(|c| b"&|()<>".contains(c)) {
                        i += 1;
                    }
                    let text = self.src.get(self.pos..i).unwrap_or("").to_string();
                    let span = self.span(self.pos, i);
                    self.pos = i;
                    Some(Word::new(
                        span,
                        vec![WordPart::Literal { span, value: text }],
                    ))
                } else {
                    self.read_word()
                };
                if let Some(w) = w {
                    if w.literal() == Some("]]") {
                        test_mode = false;
                    }
                    word_local.push((before, self.pos));
                    words.push(w);
                }
                if self.pos == before {
                    break;
                }
                last_end = self.pos;
                continue;
            }
            if let Some(r) = self.try_redirect(HeredocOwner::Command {
                id,
                index: redirects.len(),
            }) {
                redirects.push(r);
                last_end = self.pos;
                continue;
            }
            if matches!(c, b'\n' | b';' | b'&' | b'|' | b')' | b'(') {
                break;
            }
            let Some(w) = self.read_word() else { break };
            last_end = self.pos;
            if words.is_empty() {
                if let Some(mut a) = self.assignment(&w) {
                    if a.value.parts().is_empty() && self.peek() == Some(b'(') {
                        a.array = Some(self.read_array());
                        a.span = mk_span(a.span.start, self.abs(self.pos));
                        last_end = self.pos;
                    }
                    assignments.push(a);
                    continue;
                }
                if w.literal() == Some("[[") {
                    test_mode = true;
                }
            }
            word_local.push((before, self.pos));
            words.push(w);
        }
        self.cur_cmd = saved_cur;
        if last_end == start && words.is_empty() && assignments.is_empty() && redirects.is_empty() {
            if self.out.commands.len() == id + 1 {
                self.out.commands.pop();
            }
            return None;
        }
        let (name_index, wrappers) = wrappers::strip_wrappers(&words);
        let span = self.span(start, last_end);
        let script_word = wrappers::inline_script_index(&words, name_index);
        if let Some(cmd) = self.out.commands.get_mut(id) {
            cmd.span = span;
            cmd.assignments = assignments;
            cmd.words = words;
            cmd.redirects = redirects;
            cmd.wrappers = wrappers;
            cmd.name_index = name_index;
            cmd.position.enclosing = self.ctx.clone();
        }
        if let Some(wi) = script_word {
            if let Some(&(ls, le)) = word_local.get(wi) {
                let list = self.parse_inline_script(id, wi, ls, le);
                if let Some(cmd) = self.out.commands.get_mut(id) {
                    cmd.inline_script = list;
                }
            }
        }
        Some(Node::Simple(id))
    }

    /// `NAME=value` at the start of `w`.
    fn assignment(&self, w: &Word) -> Option<Assignment> {
        let WordPart::Literal { span, value } = w.parts().first()? else {
            return None;
        };
        let bytes = value.as_bytes();
        let first = *bytes.first()?;
        if !(first.is_ascii_alphabetic() || first == b'_') {
            return None;
        }
        let mut i = 1;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
            i += 1;
        }
        if bytes.get(i) == Some(&b'[') {
            while i < bytes.len() && bytes[i] != b']' {
                i += 1;
            }
            i += 1;
        }
        let name = value.get(..i)?.to_string();
        let (append, eq_len) = match bytes.get(i..) {
            Some([b'+', b'=', ..]) => (true, 2),
            Some([b'=', ..]) => (false, 1),
            _ => return None,
        };
        let prefix = i + eq_len;
        let cut = (span.start + prefix).min(span.end);
        let mut parts: Vec<WordPart> = Vec::new();
        let rest = value.get(prefix..).unwrap_or("");
        if !rest.is_empty() {
            parts.push(WordPart::Literal {
                span: mk_span(cut, span.end),
                value: rest.to_string(),
            });
        }
        parts.extend(w.parts().iter().skip(1).cloned());
        let vspan = mk_span(cut, w.span().end);
        Some(Assignment {
            span: w.span(),
            name,
            append,
            value: Word::new(vspan, parts),
            array: None,
        })
    }

    /// Elements of `NAME=( ... )`; `pos` is at `(`.
    fn read_array(&mut self) -> Vec<Word> {
        let open = self.pos;
        self.pos += 1;
        let mut out = Vec::new();
        loop {
            self.skip_linebreaks();
            match self.peek() {
                None => {
                    self.problem(ProblemKind::MissingKeyword(")"), open, open + 1);
                    break;
                }
                Some(b')') => {
                    self.pos += 1;
                    break;
                }
                _ => {}
            }
            let before = self.pos;
            if let Some(w) = self.read_word() {
                out.push(w);
            }
            if self.pos == before {
                self.problem(ProblemKind::UnexpectedToken, before, before + 1);
                self.pos += self.char_len();
            }
        }
        out
    }

    /// Parses the static string of `sh -c '...'` (word `wi` of command `id`,
    /// local range `ls..le`) as a script with spans inside the quotes.
    fn parse_inline_script(&mut self, id: usize, wi: usize, ls: usize, le: usize) -> Option<List> {
        let text = self
            .out
            .commands
            .get(id)?
            .words
            .get(wi)?
            .literal()?
            .to_string();
        // Re-read the word, recording where each byte of its value comes from.
        let (saved_pos, saved_end, nprob) = (self.pos, self.end, self.out.problems.len());
        self.pos = ls;
        self.end = le;
        self.rec = Some(Vec::with_capacity(text.len() + 1));
        let _ = self.read_word();
        let mut map = self.rec.take().unwrap_or_default();
        self.out.problems.truncate(nprob);
        self.pos = saved_pos;
        self.end = saved_end;
        if map.len() != text.len() {
            return None;
        }
        let sentinel = map.last().map_or_else(|| self.abs(le), |l| l + 1);
        map.push(sentinel);
        Some(self.sub_parse(&text, map, Context::InlineScript { owner: id }))
    }

    /// Parses `text` (whose bytes come from the absolute offsets in `map`) as a nested script.
    pub(crate) fn sub_parse(&mut self, text: &str, map: Vec<usize>, ctx: Context) -> List {
        if !self.enter() {
            return List::default();
        }
        let mut ctxs = self.ctx.clone();
        ctxs.push(ctx);
        let depth = self.depth;
        let mut p = Parser::new(text, 0, Some(map), self.out);
        p.depth = depth;
        p.ctx = ctxs;
        let list = p.parse_list(0);
        self.leave();
        list
    }

    // ----- redirections and here-documents ------------------------------

    /// Parses a redirection at `pos`, if one starts there.
    fn try_redirect(&mut self, owner: HeredocOwner) -> Option<Redirect> {
        let start = self.pos;
        let mut i = self.pos;
        while i < self.end && i - start < 10 && self.b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        let fd = if i > start {
            if !matches!(self.b.get(i), Some(b'<' | b'>')) || i >= self.end {
                return None;
            }
            self.src.get(start..i).and_then(|d| d.parse::<u32>().ok())
        } else {
            None
        };
        self.pos = i;
        let ops: &[(&str, RedirectOp)] = &[
            ("&>>", RedirectOp::AppendOutErr),
            ("&>", RedirectOp::OutErr),
            ("<<<", RedirectOp::HereString),
            ("<<-", RedirectOp::HeredocStrip),
            ("<<", RedirectOp::Heredoc),
            ("<>", RedirectOp::ReadWrite),
            ("<&", RedirectOp::DupIn),
            (">>", RedirectOp::Append),
            (">|", RedirectOp::Clobber),
            (">&", RedirectOp::DupOut),
            ("<", RedirectOp::In),
            (">", RedirectOp::Out),
        ];
        let found = ops.iter().find(|(s, _)| self.starts(s)).copied();
        let Some((text, op)) = found else {
            self.pos = start;
            return None;
        };
        if fd.is_some() && matches!(op, RedirectOp::OutErr | RedirectOp::AppendOutErr) {
            self.pos = start;
            return None;
        }
        // `<(` and `>(` are process substitutions, read as words.
        if matches!(op, RedirectOp::In | RedirectOp::Out) && self.peek_at(1) == Some(b'(') {
            self.pos = start;
            return None;
        }
        self.pos += text.len();
        let op_end = self.pos;
        self.skip_blanks();
        let target_start = self.pos;
        let target = match self.peek() {
            Some(c) if !is_meta(c) || self.starts("<(") || self.starts(">(") => self.read_word(),
            _ => None,
        };
        if target.is_none() {
            self.pos = op_end;
            self.problem(ProblemKind::MissingRedirectTarget, start, op_end);
        }
        let end = self.pos;
        let mut heredoc = None;
        if matches!(op, RedirectOp::Heredoc | RedirectOp::HeredocStrip) {
            if let Some(t) = &target {
                let raw = self.src.get(target_start..end).unwrap_or("");
                let quoted = t.is_quoted() || raw.contains('\\');
                let delimiter = t.lossy();
                self.pending.push(PendingHeredoc {
                    owner,
                    delimiter: delimiter.clone(),
                    strip_tabs: op == RedirectOp::HeredocStrip,
                    quoted,
                    marker: self.span(start, end),
                });
                heredoc = Some(Heredoc {
                    delimiter,
                    quoted,
                    body: None,
                });
            }
        }
        Some(Redirect {
            span: self.span(start, end),
            fd,
            op,
            target,
            heredoc,
        })
    }

    /// Consumes a newline and reads the bodies of pending here-documents.
    pub(crate) fn newline(&mut self) {
        self.pos += 1;
        if self.pending.is_empty() {
            return;
        }
        let pending = std::mem::take(&mut self.pending);
        let saved_cur = self.cur_cmd;
        for h in pending {
            // Substitutions in the body belong to the command with the redirection.
            self.cur_cmd = match h.owner {
                HeredocOwner::Command { id, .. } => Some(id),
                HeredocOwner::Local(_) => None,
            };
            let body = self.read_heredoc_body(&h);
            match h.owner {
                HeredocOwner::Command { id, index } => {
                    let slot = self
                        .out
                        .commands
                        .get_mut(id)
                        .and_then(|c| c.redirects.get_mut(index))
                        .and_then(|r| r.heredoc.as_mut());
                    if let Some(hd) = slot {
                        hd.body = body;
                    }
                }
                HeredocOwner::Local(slot) => {
                    if let Some(s) = self.local_bodies.get_mut(slot) {
                        *s = body;
                    }
                }
            }
        }
        self.cur_cmd = saved_cur;
    }

    fn read_heredoc_body(&mut self, h: &PendingHeredoc) -> Option<HeredocBody> {
        let body_start = self.pos;
        if body_start >= self.end {
            return None;
        }
        let mut line_start = body_start;
        let (body_end, terminated) = loop {
            if line_start >= self.end {
                self.out.problems.push(SyntaxProblem {
                    span: h.marker,
                    kind: ProblemKind::UnterminatedHeredoc,
                });
                self.pos = self.end;
                break (self.end, false);
            }
            let line_end = self.b[line_start..self.end]
                .iter()
                .position(|&c| c == b'\n')
                .map_or(self.end, |k| line_start + k);
            let mut line = self.src.get(line_start..line_end).unwrap_or("");
            line = line.strip_suffix('\r').unwrap_or(line);
            if h.strip_tabs {
                line = line.trim_start_matches('\t');
            }
            if line == h.delimiter {
                self.pos = (line_end + 1).min(self.end);
                break (line_start, true);
            }
            line_start = line_end + 1;
        };
        let after = self.pos;
        let content = if h.quoted {
            let mut value = String::new();
            let mut at_line_start = true;
            for ch in self.src.get(body_start..body_end).unwrap_or("").chars() {
                if at_line_start && h.strip_tabs && ch == '\t' {
                    continue;
                }
                at_line_start = ch == '\n';
                value.push(ch);
            }
            let span = self.span(body_start, body_end);
            let parts = if value.is_empty() {
                Vec::new()
            } else {
                vec![WordPart::Literal { span, value }]
            };
            Word::new(span, parts)
        } else {
            let saved_end = self.end;
            self.pos = body_start;
            self.end = body_end;
            let parts = self.read_dq_parts(None, true, h.strip_tabs);
            self.end = saved_end;
            self.pos = after;
            Word::new(self.span(body_start, body_end), parts)
        };
        Some(HeredocBody {
            span: self.span(body_start, body_end),
            content,
            terminated,
        })
    }
}

/// Whether the text between `((` and `))` of a command reads as an arithmetic
/// expression. POSIX leaves `((` unspecified and dash (Debian's `/bin/sh`) always
/// reads two subshells; bash reads arithmetic. Text where two operands follow each
/// other with only blanks between (`find /doc -type f | xargs rm`: `type f`) is no
/// expression in any shell, so it is read as nested subshells.
fn looks_arithmetic(inner: &str) -> bool {
    let b = inner.as_bytes();
    let mut i = 0;
    let mut prev_operand = false;
    let mut blank_since_operand = false;
    while i < b.len() {
        let c = b[i];
        let operand_len = if c.is_ascii_alphanumeric() || c == b'_' {
            b[i..]
                .iter()
                .take_while(|x| x.is_ascii_alphanumeric() || **x == b'_' || **x == b'#')
                .count()
        } else if c == b'$' {
            let rest = &b[i + 1..];
            1 + match rest.first() {
                Some(b'{') => rest
                    .iter()
                    .position(|x| *x == b'}')
                    .map_or(rest.len(), |p| p + 1),
                Some(b'(') => return true, // `$(...)` inside: leave it to the arithmetic reader
                _ => rest
                    .iter()
                    .take_while(|x| x.is_ascii_alphanumeric() || **x == b'_')
                    .count(),
            }
        } else {
            0
        };
        if operand_len > 0 {
            if prev_operand && blank_since_operand {
                return false;
            }
            prev_operand = true;
            blank_since_operand = false;
            i += operand_len;
            continue;
        }
        if matches!(c, b' ' | b'\t' | b'\n' | b'\r') {
            blank_since_operand = prev_operand;
        } else {
            prev_operand = false;
            blank_since_operand = false;
        }
        i += 1;
    }
    true
}
