//! Word lexing: quotes, escapes and expansions, for the same `Parser`.

use super::ast::*;
use super::parser::{is_meta, Parser, S_PAREN};

/// Accumulates literal text and where it started.
struct Lit {
    value: String,
    start: Option<usize>,
}

impl Lit {
    fn new() -> Self {
        Lit {
            value: String::new(),
            start: None,
        }
    }
}

impl<'s, 'o> Parser<'s, 'o> {
    /// Appends the char at `at` (or a decoded char standing for source at `at`) to a literal value.
    fn push_char(&mut self, buf: &mut String, ch: char, at: usize) {
        if self.rec.is_some() {
            let base = self.abs(at);
            let n = ch.len_utf8();
            // Bytes map one to one only when the source has this very char at `at`;
            // a char decoded from an escape (`\é`, `\u00e9`) maps every byte to the
            // start of its escape, so no span can end inside a source character.
            let same = self.src.get(at..).is_some_and(|s| s.starts_with(ch));
            if let Some(rec) = self.rec.as_mut() {
                if same {
                    rec.extend((0..n).map(|k| base + k));
                } else {
                    rec.extend(std::iter::repeat_n(base, n));
                }
            }
        }
        buf.push(ch);
    }

    fn lit_char(&mut self, lit: &mut Lit, ch: char, at: usize, token_start: usize) {
        if lit.start.is_none() {
            lit.start = Some(token_start);
        }
        self.push_char(&mut lit.value, ch, at);
    }

    fn flush(&self, lit: &mut Lit, parts: &mut Vec<WordPart>) {
        if let Some(s) = lit.start.take() {
            let value = std::mem::take(&mut lit.value);
            parts.push(WordPart::Literal {
                span: self.span(s, self.pos),
                value,
            });
        }
    }

    /// The char at `pos` (a replacement char at a bad position).
    fn cur_char(&self) -> char {
        match self.b.get(self.pos) {
            Some(&c) if c < 0x80 => c as char,
            _ => self
                .src
                .get(self.pos..)
                .and_then(|s| s.chars().next())
                .unwrap_or('\u{fffd}'),
        }
    }

    /// Reads one unquoted word at `pos`; `None` if a word cannot start here.
    pub(crate) fn read_word(&mut self) -> Option<Word> {
        self.read_word_until(false)
    }

    /// Reads a word; with `param_arg`, reads the argument of `${name op arg}`
    /// up to the closing `}` (blanks and operators are then literal).
    fn read_word_until(&mut self, param_arg: bool) -> Option<Word> {
        let start = self.pos;
        let mut parts = Vec::new();
        let mut lit = Lit::new();
        let mut braces = 0usize;
        while let Some(c) = self.peek() {
            let here = self.pos;
            if param_arg {
                if c == b'}' {
                    if braces == 0 {
                        break;
                    }
                    braces -= 1;
                } else if c == b'{' {
                    braces += 1;
                }
            } else if is_meta(c) {
                let proc_subst =
                    here == start && matches!(c, b'<' | b'>') && self.peek_at(1) == Some(b'(');
                if !proc_subst {
                    break;
                }
                self.flush(&mut lit, &mut parts);
                if let Some(p) = self.process_subst(c == b'<') {
                    parts.push(p);
                }
                continue;
            }
            match c {
                b'\\' => match self.peek_at(1) {
                    Some(b'\n') => self.pos += 2,
                    None => {
                        self.lit_char(&mut lit, '\\', here, here);
                        self.pos += 1;
                    }
                    Some(_) => {
                        // An escaped char stands for its whole `\x` sequence.
                        self.pos += 1;
                        let ch = self.cur_char();
                        self.lit_char(&mut lit, ch, here, here);
                        self.pos += ch.len_utf8();
                    }
                },
                b'\'' => {
                    self.flush(&mut lit, &mut parts);
                    parts.push(self.single_quoted());
                }
                b'"' => {
                    self.flush(&mut lit, &mut parts);
                    parts.push(self.double_quoted(here, 1));
                }
                b'`' => {
                    self.flush(&mut lit, &mut parts);
                    parts.push(self.backtick(false));
                }
                b'$' => {
                    self.flush(&mut lit, &mut parts);
                    match self.dollar() {
                        Some(p) => parts.push(p),
                        None => {
                            self.lit_char(&mut lit, '$', here, here);
                            self.pos += 1;
                        }
                    }
                }
                // (`!(` at the start of a command was already taken as negation.)
                b'@' | b'+' | b'*' | b'?' | b'!' if !param_arg && self.peek_at(1) == Some(b'(') => {
                    // extglob pattern such as @(a|b): kept as literal text.
                    let end = self.balanced_end(self.pos + 1, b'(', b')');
                    for (k, ch) in self.src.get(here..end).unwrap_or("").char_indices() {
                        self.lit_char(&mut lit, ch, here + k, here);
                    }
                    self.pos = end;
                }
                _ => {
                    let ch = self.cur_char();
                    self.lit_char(&mut lit, ch, here, here);
                    self.pos += ch.len_utf8();
                }
            }
            if self.pos == here {
                // Defensive: never stall.
                self.pos += 1;
            }
        }
        self.flush(&mut lit, &mut parts);
        if self.pos == start {
            return None;
        }
        Some(Word::new(self.span(start, self.pos), parts))
    }

    /// Position after the `close` matching the `open` at `from`, skipping
    /// quoted text; the end of input if unbalanced. Not recursive.
    pub(crate) fn balanced_end(&self, from: usize, open: u8, close: u8) -> usize {
        let mut depth = 0usize;
        let mut i = from;
        while i < self.end {
            match self.b.get(i) {
                Some(b'\\') => i += 1,
                Some(b'\'') => {
                    i += 1;
                    while i < self.end && self.b.get(i) != Some(&b'\'') {
                        i += 1;
                    }
                }
                Some(&c) if c == open => depth += 1,
                Some(&c) if c == close => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return i + 1;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        self.end
    }

    fn single_quoted(&mut self) -> WordPart {
        let start = self.pos;
        self.pos += 1;
        let mut value = String::new();
        loop {
            match self.peek() {
                None => {
                    self.problem(ProblemKind::UnterminatedSingleQuote, start, start + 1);
                    break;
                }
                Some(b'\'') => {
                    self.pos += 1;
                    break;
                }
                Some(_) => {
                    let ch = self.cur_char();
                    let at = self.pos;
                    self.push_char(&mut value, ch, at);
                    self.pos += ch.len_utf8();
                }
            }
        }
        WordPart::SingleQuoted {
            span: self.span(start, self.pos),
            value,
        }
    }

    /// `"..."`; `open_len` is 1, or 2 for `$"..."`.
    fn double_quoted(&mut self, start: usize, open_len: usize) -> WordPart {
        self.pos = start + open_len;
        let parts = self.read_dq_parts(Some(b'"'), false, false);
        if self.peek() == Some(b'"') {
            self.pos += 1;
        } else {
            self.problem(
                ProblemKind::UnterminatedDoubleQuote,
                start,
                start + open_len,
            );
        }
        WordPart::DoubleQuoted {
            span: self.span(start, self.pos),
            parts,
        }
    }

    /// Parts of double-quoted text or of an unquoted here-document body:
    /// literals, `$` expansions and backticks. Stops before `close` or at the end.
    pub(crate) fn read_dq_parts(
        &mut self,
        close: Option<u8>,
        heredoc: bool,
        strip_tabs: bool,
    ) -> Vec<WordPart> {
        let mut parts = Vec::new();
        let mut lit = Lit::new();
        let mut line_start = true;
        while let Some(c) = self.peek() {
            if close == Some(c) {
                break;
            }
            let here = self.pos;
            if strip_tabs && line_start && c == b'\t' {
                self.flush(&mut lit, &mut parts);
                self.pos += 1;
                continue;
            }
            line_start = false;
            match c {
                b'\\' => match self.peek_at(1) {
                    Some(b'\n') => self.pos += 2,
                    Some(n @ (b'$' | b'`' | b'\\')) => {
                        self.lit_char(&mut lit, n as char, here, here);
                        self.pos += 2;
                    }
                    Some(b'"') if !heredoc => {
                        self.lit_char(&mut lit, '"', here, here);
                        self.pos += 2;
                    }
                    _ => {
                        self.lit_char(&mut lit, '\\', here, here);
                        self.pos += 1;
                    }
                },
                b'`' => {
                    self.flush(&mut lit, &mut parts);
                    parts.push(self.backtick(!heredoc));
                }
                b'$' => {
                    self.flush(&mut lit, &mut parts);
                    let p = if matches!(self.peek_at(1), Some(b'\'' | b'"')) {
                        None // `$'` and `$"` are not special inside double quotes
                    } else {
                        self.dollar()
                    };
                    match p {
                        Some(p) => parts.push(p),
                        None => {
                            self.lit_char(&mut lit, '$', here, here);
                            self.pos += 1;
                        }
                    }
                }
                _ => {
                    let ch = self.cur_char();
                    self.lit_char(&mut lit, ch, here, here);
                    self.pos += ch.len_utf8();
                    if ch == '\n' {
                        line_start = true;
                        if strip_tabs {
                            self.flush(&mut lit, &mut parts);
                        }
                    }
                }
            }
            if self.pos == here {
                self.pos += 1;
            }
        }
        self.flush(&mut lit, &mut parts);
        parts
    }

    /// At `$`: an expansion or quoting form, or `None` for a literal `$`.
    fn dollar(&mut self) -> Option<WordPart> {
        let start = self.pos;
        match self.peek_at(1)? {
            b'\'' => Some(self.ansi_c()),
            b'"' => Some(self.double_quoted(start, 2)),
            b'(' => {
                if self.peek_at(2) == Some(b'(') {
                    if let Some(after) = self.arith_end(start + 3) {
                        let expr = self.src.get(start + 3..after - 2).unwrap_or("").to_string();
                        let parts = self.arith_parts(start + 3, after - 2);
                        self.pos = after;
                        return Some(WordPart::Arith {
                            span: self.span(start, after),
                            expr,
                            parts,
                        });
                    }
                }
                self.pos += 2;
                let body = self.nested_list(start, ProblemKind::UnterminatedCommandSubst);
                Some(WordPart::CommandSubst {
                    span: self.span(start, self.pos),
                    body,
                    backtick: false,
                })
            }
            b'{' => Some(self.braced_param()),
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let mut i = start + 1;
                while i < self.end
                    && self
                        .b
                        .get(i)
                        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
                {
                    i += 1;
                }
                Some(self.simple_param(start, i))
            }
            c if c.is_ascii_digit()
                || matches!(c, b'@' | b'*' | b'#' | b'?' | b'$' | b'!' | b'-') =>
            {
                Some(self.simple_param(start, start + 2))
            }
            _ => None,
        }
    }

    /// The expansions inside an arithmetic expression at `from..to`; `pos` ends at `to`.
    pub(crate) fn arith_parts(&mut self, from: usize, to: usize) -> Vec<WordPart> {
        let saved_end = self.end;
        self.pos = from;
        self.end = to.min(saved_end);
        let parts = self.read_dq_parts(None, true, false);
        self.end = saved_end;
        self.pos = to;
        parts
    }

    fn simple_param(&mut self, start: usize, end: usize) -> WordPart {
        self.pos = end;
        WordPart::Param(ParamExpansion {
            span: self.span(start, end),
            name: self.src.get(start + 1..end).unwrap_or("").to_string(),
            braced: false,
            length: false,
            indirect: false,
            op: None,
            arg: None,
        })
    }

    /// The list inside `$(`/`<(`/`>(` (`pos` just after the opening), up to `)`.
    fn nested_list(&mut self, start: usize, unterminated: ProblemKind) -> List {
        if !self.enter() {
            return List::default();
        }
        self.ctx.push(Context::Substitution {
            owner: self.cur_cmd,
        });
        let saved_cur = self.cur_cmd.take();
        let body = self.parse_list(S_PAREN);
        self.cur_cmd = saved_cur;
        self.ctx.pop();
        self.leave();
        if self.peek() == Some(b')') {
            self.pos += 1;
        } else {
            self.problem(unterminated, start, start + 2);
        }
        body
    }

    fn process_subst(&mut self, input: bool) -> Option<WordPart> {
        let start = self.pos;
        self.pos += 2;
        let body = self.nested_list(start, ProblemKind::UnclosedSubshell);
        Some(WordPart::ProcessSubst {
            span: self.span(start, self.pos),
            body,
            input,
        })
    }

    fn braced_param(&mut self) -> WordPart {
        let start = self.pos;
        self.pos += 2;
        let mut length = false;
        let mut indirect = false;
        match (self.peek(), self.peek_at(1)) {
            (Some(b'#'), Some(n)) if n != b'}' => {
                length = true;
                self.pos += 1;
            }
            (Some(b'!'), Some(n)) if n != b'}' => {
                indirect = true;
                self.pos += 1;
            }
            _ => {}
        }
        let name_start = self.pos;
        match self.peek() {
            Some(c) if c.is_ascii_alphabetic() || c == b'_' => {
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
                {
                    self.pos += 1;
                }
            }
            Some(c) if c.is_ascii_digit() => {
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.pos += 1;
                }
            }
            Some(b'@' | b'*' | b'#' | b'?' | b'$' | b'!' | b'-') => self.pos += 1,
            _ => {}
        }
        if self.peek() == Some(b'[') {
            while let Some(c) = self.peek() {
                if c == b'}' {
                    break;
                }
                self.pos += 1;
                if c == b']' {
                    break;
                }
            }
        }
        let name = self.src.get(name_start..self.pos).unwrap_or("").to_string();
        let mut op = None;
        let mut arg = None;
        if self.peek() != Some(b'}') && !self.at_end() {
            const OPS: &[&str] = &[
                ":-", ":=", ":?", ":+", "##", "%%", "//", "/#", "/%", "^^", ",,", "-", "=", "?",
                "+", "#", "%", "/", "^", ",", ":", "@",
            ];
            let found = OPS.iter().find(|o| self.starts(o)).copied();
            if let Some(o) = found {
                self.pos += o.len();
            }
            op = Some(found.unwrap_or("").to_string());
            if self.enter() {
                arg = self.read_word_until(true);
                self.leave();
            }
        }
        if self.peek() == Some(b'}') {
            self.pos += 1;
        } else {
            self.problem(ProblemKind::UnterminatedParam, start, start + 2);
        }
        WordPart::Param(ParamExpansion {
            span: self.span(start, self.pos),
            name,
            braced: true,
            length,
            indirect,
            op,
            arg,
        })
    }

    fn ansi_c(&mut self) -> WordPart {
        let start = self.pos;
        self.pos += 2;
        let mut value = String::new();
        loop {
            let here = self.pos;
            match self.peek() {
                None => {
                    self.problem(ProblemKind::UnterminatedAnsiC, start, start + 2);
                    break;
                }
                Some(b'\'') => {
                    self.pos += 1;
                    break;
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let Some(e) = self.peek() else { continue };
                    self.pos += 1;
                    let decoded = match e {
                        b'n' => Some('\n'),
                        b't' => Some('\t'),
                        b'r' => Some('\r'),
                        b'a' => Some('\u{7}'),
                        b'b' => Some('\u{8}'),
                        b'e' | b'E' => Some('\u{1b}'),
                        b'f' => Some('\u{c}'),
                        b'v' => Some('\u{b}'),
                        b'\\' | b'\'' | b'"' | b'?' => Some(e as char),
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            char::from_u32(v & 0xff)
                        }
                        b'x' | b'u' | b'U' => {
                            let max = match e {
                                b'x' => 2,
                                b'u' => 4,
                                _ => 8,
                            };
                            let mut v: u32 = 0;
                            let mut n = 0;
                            while n < max {
                                match self.peek().and_then(|d| (d as char).to_digit(16)) {
                                    Some(d) => {
                                        v = v.saturating_mul(16).saturating_add(d);
                                        self.pos += 1;
                                        n += 1;
                                    }
                                    None => break,
                                }
                            }
                            if n == 0 {
                                None
                            } else {
                                Some(char::from_u32(v).unwrap_or('\u{fffd}'))
                            }
                        }
                        b'c' => match self.peek() {
                            Some(x) if x.is_ascii() => {
                                self.pos += 1;
                                char::from_u32(u32::from(x & 0x1f))
                            }
                            _ => None,
                        },
                        _ => None,
                    };
                    match decoded {
                        Some(ch) => self.push_char(&mut value, ch, here),
                        None => {
                            // Unknown escape: keep it as written.
                            self.pos = here + 1;
                            self.push_char(&mut value, '\\', here);
                        }
                    }
                }
                Some(_) => {
                    let ch = self.cur_char();
                    self.push_char(&mut value, ch, here);
                    self.pos += ch.len_utf8();
                }
            }
        }
        WordPart::AnsiC {
            span: self.span(start, self.pos),
            value,
        }
    }

    /// `` `...` ``: unescapes the inner text and parses it as a script.
    fn backtick(&mut self, in_dquotes: bool) -> WordPart {
        let start = self.pos;
        self.pos += 1;
        let mut inner = String::new();
        let mut map = Vec::new();
        let mut closed = false;
        loop {
            let here = self.pos;
            match self.peek() {
                None => {
                    self.problem(ProblemKind::UnterminatedBacktick, start, start + 1);
                    break;
                }
                Some(b'`') => {
                    self.pos += 1;
                    closed = true;
                    break;
                }
                Some(b'\\')
                    if matches!(self.peek_at(1), Some(b'`' | b'$' | b'\\'))
                        || (in_dquotes && self.peek_at(1) == Some(b'"')) =>
                {
                    let c = self.peek_at(1).unwrap_or(b'\\');
                    inner.push(c as char);
                    map.push(self.abs(here));
                    self.pos += 2;
                }
                Some(_) => {
                    let ch = self.cur_char();
                    let base = self.abs(here);
                    map.extend((0..ch.len_utf8()).map(|k| base + k));
                    inner.push(ch);
                    self.pos += ch.len_utf8();
                }
            }
        }
        let close = if closed { self.pos - 1 } else { self.pos };
        map.push(self.abs(close));
        let body = self.sub_parse(
            &inner,
            map,
            Context::Substitution {
                owner: self.cur_cmd,
            },
        );
        WordPart::CommandSubst {
            span: self.span(start, self.pos),
            body,
            backtick: true,
        }
    }
}
