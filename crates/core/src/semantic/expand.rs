//! Word expansion the way BuildKit's Dockerfile frontend does it.
//!
//! This is our own implementation of the behaviour of BuildKit's `shell.Lex`
//! (`frontend/dockerfile/shell/lex.go`): quote removal, the escape token,
//! `$name` / `${name}` references with the `-` `+` `?` `#` `%` `/` modifiers,
//! word splitting, and the heredoc-aware handling of `<<`. It is not a shell:
//! there is no command substitution, arithmetic, globbing or field splitting
//! other than BuildKit's.
//!
//! Points where BuildKit's behaviour is surprising, and which are kept on
//! purpose because the goal is to read a Dockerfile the way BuildKit does:
//!
//! * Inside double quotes the escape token only escapes `"`, `$` and itself;
//!   before any other character it stays in the text.
//! * In the word of `${V#p}`, `${V%p}` and `${V/p/r}` escapes are kept raw, so
//!   that `\*` reaches the pattern as a literal star. Quotes in those words are
//!   still removed, so `${V#"*"}` is a wildcard.
//! * Patterns only know `*`, `?` and backslash escapes (`\*`, `\?`, `\\`; `\}`
//!   and `\/` are literal `}` and `/`); any other escape is an error. As in
//!   BuildKit, whose patterns are compiled to Go regular expressions, `*` and
//!   `?` never match a newline, and the replacement of `${V//p/r}` may refer to
//!   the matched text as `$0` / `${0}` (`$$` is a literal `$`).
//! * `${V:#p}` and `${V:%p}` are unsupported modifiers, and so is anything but
//!   `-` `+` `?` after `:`.
//! * Text produced by a `$` expansion is split at whitespace by
//!   [`Lex::process_words`]; quoted text is not.
//! * An unquoted `<<` keeps the spaces, tabs and carriage returns after it in
//!   the same word, so that `<< EOF` is a single word (BuildKit needs this to
//!   find heredoc markers).
//! * BuildKit shares one partial-word buffer between a word and the words of
//!   the nested `${V:-...}`-style expansions inside it. Each nested expansion
//!   therefore drops the part of the current word read before it: BuildKit's
//!   `ProcessWords("ab${X:-c}d")` is `["cd"]`, not `["abcd"]`. The expanded
//!   string ([`Expanded::value`]) is not affected. This module does the same.
//! * A byte order mark at the very start of the input is skipped (Go's
//!   `text/scanner` does this), and so is one at the very start of a pattern.
//! * Variable names are made of Unicode letters (general category L), decimal
//!   digits (Nd) and `_`; whitespace is Unicode `White_Space`. These match Go's
//!   `unicode.IsLetter`, `unicode.IsDigit` and `unicode.IsSpace` (tables from
//!   Unicode 15.1).
//!
//! Error values carry BuildKit's messages, without BuildKit's outer
//! `failed to process "<word>"` wrapper.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;

/// How deeply `${...}` substitutions may nest inside each other before
/// expansion gives up with [`ExpandError::TooDeep`].
pub const MAX_NESTING: usize = 256;

/// Options of the lexer, mirroring BuildKit's `Lex` fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lex {
    /// The escape token: `\` by default, or the backtick chosen with the
    /// `# escape=` parser directive.
    pub escape: char,
    /// Keep the quote characters of quoted text in the output.
    pub raw_quotes: bool,
    /// Keep escape tokens in the output (the escaped character is still taken
    /// literally).
    pub raw_escapes: bool,
    /// Treat `'` and `"` as ordinary characters.
    pub skip_process_quotes: bool,
    /// Leave references to unset variables as written (`$X`, `${X:-d}`, ...)
    /// instead of expanding them.
    pub skip_unset_env: bool,
}

impl Default for Lex {
    /// A lexer with the default `\` escape token and all flags off.
    fn default() -> Self {
        Lex::new('\\')
    }
}

impl Lex {
    /// A lexer using `escape` as escape token, with all flags off.
    pub fn new(escape: char) -> Self {
        Lex {
            escape,
            raw_quotes: false,
            raw_escapes: false,
            skip_process_quotes: false,
            skip_unset_env: false,
        }
    }

    /// Expand `word` into one string (BuildKit `ProcessWord`), also reporting
    /// the words it splits into and which variable names were looked up.
    ///
    /// # Errors
    ///
    /// Whatever makes BuildKit reject the word: unterminated quotes or `${`,
    /// malformed or unsupported substitutions, `${V?msg}` failures and invalid
    /// patterns (see [`ExpandError`]).
    pub fn process_word(&self, word: &str, env: &dyn Env) -> Result<Expanded, ExpandError> {
        let mut ex = Expander::new(*self, word, env, true);
        let (value, words) = ex.stop_on(None, self.raw_escapes, true)?;
        Ok(Expanded {
            value,
            words,
            matched: ex.matched,
            unmatched: ex.unmatched,
        })
    }

    /// Expand and split into words (BuildKit `ProcessWords`).
    ///
    /// # Errors
    ///
    /// The same as [`Lex::process_word`].
    pub fn process_words(&self, word: &str, env: &dyn Env) -> Result<Vec<String>, ExpandError> {
        let mut ex = Expander::new(*self, word, env, false);
        let (_, words) = ex.stop_on(None, self.raw_escapes, true)?;
        Ok(words)
    }
}

/// Where variable values come from.
pub trait Env {
    /// The value of `name`, or `None` when it is not set. A variable set to the
    /// empty string is `Some("")`, which `${V:-w}` and `${V-w}` tell apart.
    fn get(&self, name: &str) -> Option<&str>;
}

/// An environment in which no variable is set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EmptyEnv;

impl Env for EmptyEnv {
    fn get(&self, _name: &str) -> Option<&str> {
        None
    }
}

impl<S: BuildHasher> Env for HashMap<String, String, S> {
    fn get(&self, name: &str) -> Option<&str> {
        HashMap::get(self, name).map(String::as_str)
    }
}

impl Env for BTreeMap<String, String> {
    fn get(&self, name: &str) -> Option<&str> {
        BTreeMap::get(self, name).map(String::as_str)
    }
}

/// `(name, value)` pairs; when a name occurs more than once the last one wins,
/// as in BuildKit's `EnvsFromSlice`.
impl<'k> Env for [(&'k str, &'k str)] {
    fn get(&self, name: &str) -> Option<&str> {
        self.iter().rev().find(|(k, _)| *k == name).map(|(_, v)| *v)
    }
}

/// `(name, value)` pairs; the last occurrence of a name wins.
impl<'k, const N: usize> Env for [(&'k str, &'k str); N] {
    fn get(&self, name: &str) -> Option<&str> {
        <[(&'k str, &'k str)] as Env>::get(self.as_slice(), name)
    }
}

/// `(name, value)` pairs; the last occurrence of a name wins.
impl Env for Vec<(String, String)> {
    fn get(&self, name: &str) -> Option<&str> {
        self.iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

impl<E: Env + ?Sized> Env for &E {
    fn get(&self, name: &str) -> Option<&str> {
        (**self).get(name)
    }
}

/// The result of [`Lex::process_word`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expanded {
    /// The expanded text, with the whitespace between words kept.
    pub value: String,
    /// The same input split into words, as [`Lex::process_words`] returns it.
    pub words: Vec<String>,
    /// Names looked up and found set, deduplicated, in first-seen order.
    pub matched: Vec<String>,
    /// Names looked up and found unset, deduplicated, in first-seen order.
    pub unmatched: Vec<String>,
}

/// Why a word could not be expanded. Each variant is one of BuildKit's
/// failures (plus [`ExpandError::TooDeep`], our guard against runaway nesting);
/// the messages are BuildKit's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExpandError {
    /// A `'` without its closing quote.
    #[error("unexpected end of statement while looking for matching single-quote")]
    UnterminatedSingleQuote,
    /// A `"` without its closing quote.
    #[error("unexpected end of statement while looking for matching double-quote")]
    UnterminatedDoubleQuote,
    /// The input ended inside `${...}`. (For `${NAME` cut off right after the
    /// name BuildKit reports an unsupported modifier instead.)
    #[error("syntax error: missing '}}'")]
    MissingBrace,
    /// The input ended inside the pattern of `${V/pattern/...}`.
    #[error("syntax error: missing '/' in ${{}}")]
    MissingSlash,
    /// `${}`, `${{...}` or `${:...}`.
    #[error("syntax error: bad substitution")]
    BadSubstitution,
    /// A modifier BuildKit does not support, such as `${V=w}`, `${V:=w}`,
    /// `${V:#p}` or `${#V}`.
    #[error("unsupported modifier ({modifier}) in substitution")]
    UnsupportedModifier {
        /// The modifier as written, with its `:` if any.
        modifier: String,
    },
    /// `${V?msg}` or `${V:?msg}` with `V` unset.
    #[error("{name}: {message}")]
    VariableUnset {
        /// The variable.
        name: String,
        /// The expanded `msg`, or `is not allowed to be unset` when it is empty.
        message: String,
    },
    /// `${V:?msg}` with `V` set to the empty string.
    #[error("{name}: {message}")]
    VariableEmpty {
        /// The variable.
        name: String,
        /// The expanded `msg`, or `is not allowed to be empty` when it is empty.
        message: String,
    },
    /// A pattern with an escape other than `\*`, `\?`, `\\`, `\}` or `\/`.
    #[error("invalid pattern ({pattern}) in substitution: {reason}")]
    InvalidPattern {
        /// The pattern, after expansion, as written (for `%` BuildKit reports
        /// it reversed; we do not).
        pattern: String,
        /// What is wrong with it.
        reason: String,
    },
    /// `${...}` nested more than [`MAX_NESTING`] levels deep.
    #[error("variable substitutions nested more than {limit} levels deep")]
    TooDeep {
        /// The limit that was exceeded.
        limit: usize,
    },
}

// ---------------------------------------------------------------------------
// Character classes (Go's unicode.IsSpace / IsLetter / IsDigit)

fn is_space(c: char) -> bool {
    // Rust's `White_Space` set is exactly Go's `unicode.IsSpace`.
    c.is_whitespace()
}

fn in_table(table: &[(u32, u32)], c: char) -> bool {
    let cp = u32::from(c);
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        in_table(tables::LETTER, c)
    }
}

fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        in_table(tables::DECIMAL_DIGIT, c)
    }
}

/// Parameters with a one-character name (`$@`, `$*`, `$#`, `$?`, `$-`, `$$`,
/// `$!`, `$0`). They are never set in a Dockerfile, but they are parsed.
fn is_special_param(c: char) -> bool {
    matches!(c, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0')
}

// ---------------------------------------------------------------------------
// The expander

/// A cursor over the input, by characters.
struct Scanner<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Scanner<'a> {
    fn new(src: &'a str) -> Self {
        // Go's text/scanner silently drops a byte order mark at the start.
        let pos = if src.starts_with('\u{FEFF}') { 3 } else { 0 };
        Scanner { src, pos }
    }

    fn peek(&self) -> Option<char> {
        self.src.get(self.pos..).and_then(|s| s.chars().next())
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    /// The source between `start` and the cursor.
    fn since(&self, start: usize) -> &'a str {
        self.src.get(start..self.pos).unwrap_or("")
    }
}

/// Word splitting state of the outermost level. The partial word itself lives
/// in [`Expander::word`], shared with the nested levels as in BuildKit.
#[derive(Default)]
struct Words {
    done: Vec<String>,
    in_word: bool,
}

impl Words {
    /// An unquoted character: whitespace ends the current word.
    fn add_char(&mut self, buf: &mut String, c: char) {
        if is_space(c) {
            // BuildKit only ends a word that has text; an empty one stays open.
            if self.in_word && !buf.is_empty() {
                self.done.push(std::mem::take(buf));
                self.in_word = false;
            }
        } else {
            self.add_raw_char(buf, c);
        }
    }

    fn add_raw_char(&mut self, buf: &mut String, c: char) {
        buf.push(c);
        self.in_word = true;
    }

    /// Text from a `$` expansion: split at whitespace.
    fn add_string(&mut self, buf: &mut String, s: &str) {
        for c in s.chars() {
            self.add_char(buf, c);
        }
    }

    /// Quoted text: never split.
    fn add_raw_string(&mut self, buf: &mut String, s: &str) {
        buf.push_str(s);
        self.in_word = true;
    }

    fn finish(mut self, buf: &mut String) -> Vec<String> {
        if !buf.is_empty() {
            self.done.push(std::mem::take(buf));
        }
        self.done
    }
}

struct Expander<'a> {
    lex: Lex,
    env: &'a dyn Env,
    sc: Scanner<'a>,
    /// The escape mode in force: the lexer's, or raw inside `#`/`%`/`/` words.
    raw_escapes: bool,
    /// Whether to record matched and unmatched names.
    capture: bool,
    matched: Vec<String>,
    unmatched: Vec<String>,
    /// The partial word, shared by every level (see the module docs).
    word: String,
    depth: usize,
}

impl<'a> Expander<'a> {
    fn new(lex: Lex, src: &'a str, env: &'a dyn Env, capture: bool) -> Self {
        Expander {
            lex,
            env,
            sc: Scanner::new(src),
            raw_escapes: lex.raw_escapes,
            capture,
            matched: Vec::new(),
            unmatched: Vec::new(),
            word: String::new(),
            depth: 0,
        }
    }

    /// Process up to `stop` (consumed) or the end of the input when `stop` is
    /// `None`. Only the outermost level (`outer`) tracks words.
    fn stop_on(
        &mut self,
        stop: Option<char>,
        raw_escapes: bool,
        outer: bool,
    ) -> Result<(String, Vec<String>), ExpandError> {
        let saved = std::mem::replace(&mut self.raw_escapes, raw_escapes);
        let r = self.stop_on_inner(stop, outer);
        self.raw_escapes = saved;
        r
    }

    fn stop_on_inner(
        &mut self,
        stop: Option<char>,
        outer: bool,
    ) -> Result<(String, Vec<String>), ExpandError> {
        let mut result = String::new();
        let mut words = Words::default();
        // BuildKit resets its shared word buffer here, at every level.
        self.word.clear();
        let quotes = !self.lex.skip_process_quotes;
        while let Some(ch) = self.sc.peek() {
            if stop == Some(ch) {
                self.sc.next();
                return Ok((result, words.finish(&mut self.word)));
            }
            match ch {
                '$' => {
                    let text = self.dollar()?;
                    result.push_str(&text);
                    if outer {
                        words.add_string(&mut self.word, &text);
                    }
                }
                '<' => {
                    let text = self.possible_heredoc();
                    result.push_str(text);
                    if outer {
                        words.add_raw_string(&mut self.word, text);
                    }
                }
                '\'' if quotes => {
                    let text = self.single_quoted()?;
                    result.push_str(&text);
                    if outer {
                        words.add_raw_string(&mut self.word, &text);
                    }
                }
                '"' if quotes => {
                    let text = self.double_quoted()?;
                    result.push_str(&text);
                    if outer {
                        words.add_raw_string(&mut self.word, &text);
                    }
                }
                _ => {
                    self.sc.next();
                    let mut c = ch;
                    if c == self.lex.escape {
                        if self.raw_escapes {
                            result.push(c);
                            if outer {
                                words.add_raw_char(&mut self.word, c);
                            }
                        }
                        // An escape token at the very end is dropped.
                        let Some(escaped) = self.sc.next() else {
                            break;
                        };
                        c = escaped;
                        if outer {
                            words.add_raw_char(&mut self.word, c);
                        }
                    } else if outer {
                        words.add_char(&mut self.word, c);
                    }
                    result.push(c);
                }
            }
        }
        match stop {
            Some('/') => Err(ExpandError::MissingSlash),
            Some(_) => Err(ExpandError::MissingBrace),
            None => Ok((result, words.finish(&mut self.word))),
        }
    }

    /// `'...'`: everything up to the next `'` is literal.
    fn single_quoted(&mut self) -> Result<String, ExpandError> {
        let mut out = String::new();
        self.sc.next();
        if self.lex.raw_quotes {
            out.push('\'');
        }
        loop {
            match self.sc.next() {
                None => return Err(ExpandError::UnterminatedSingleQuote),
                Some('\'') => {
                    if self.lex.raw_quotes {
                        out.push('\'');
                    }
                    return Ok(out);
                }
                Some(c) => out.push(c),
            }
        }
    }

    /// `"..."`: `$` expands; the escape token escapes only `"`, `$` and itself.
    fn double_quoted(&mut self) -> Result<String, ExpandError> {
        let mut out = String::new();
        self.sc.next();
        if self.lex.raw_quotes {
            out.push('"');
        }
        loop {
            match self.sc.peek() {
                None => return Err(ExpandError::UnterminatedDoubleQuote),
                Some('"') => {
                    self.sc.next();
                    if self.lex.raw_quotes {
                        out.push('"');
                    }
                    return Ok(out);
                }
                Some('$') => {
                    let text = self.dollar()?;
                    out.push_str(&text);
                }
                Some(mut c) => {
                    self.sc.next();
                    if c == self.lex.escape {
                        if self.raw_escapes {
                            out.push(c);
                        }
                        match self.sc.peek() {
                            // Dropped; the missing quote is reported next.
                            None => continue,
                            Some(n) if n == '"' || n == '$' || n == self.lex.escape => {
                                self.sc.next();
                                c = n;
                            }
                            // Not escapable here: the escape token stays (twice
                            // when escapes are kept raw, as in BuildKit).
                            Some(_) => {}
                        }
                    }
                    out.push(c);
                }
            }
        }
    }

    /// `<`: a lone `<` is itself; `<<` takes the blanks after it along, so that
    /// `<< EOF` stays one word.
    fn possible_heredoc(&mut self) -> &'a str {
        let start = self.sc.pos;
        self.sc.next();
        if self.sc.peek() == Some('<') {
            self.sc.next();
            while let Some(' ' | '\t' | '\r') = self.sc.peek() {
                self.sc.next();
            }
        }
        self.sc.since(start)
    }

    /// A parameter name: a run of decimal digits, one special character, or
    /// letters, digits and `_`. May be empty.
    fn name(&mut self) -> &'a str {
        let start = self.sc.pos;
        match self.sc.peek() {
            Some(c) if is_digit(c) => {
                while self.sc.peek().is_some_and(is_digit) {
                    self.sc.next();
                }
            }
            Some(c) if is_special_param(c) => {
                self.sc.next();
            }
            _ => {
                while self
                    .sc
                    .peek()
                    .is_some_and(|c| is_letter(c) || is_digit(c) || c == '_')
                {
                    self.sc.next();
                }
            }
        }
        self.sc.since(start)
    }

    fn lookup(&mut self, name: &str) -> Option<&'a str> {
        let env: &'a dyn Env = self.env;
        let value = env.get(name);
        if self.capture {
            let list = if value.is_some() {
                &mut self.matched
            } else {
                &mut self.unmatched
            };
            if !list.iter().any(|n| n == name) {
                list.push(name.to_owned());
            }
        }
        value
    }

    /// `$...`, with the cursor on the `$`.
    fn dollar(&mut self) -> Result<Cow<'a, str>, ExpandError> {
        self.sc.next();
        if self.sc.peek() != Some('{') {
            let name = self.name();
            if name.is_empty() {
                return Ok(Cow::Borrowed("$"));
            }
            return Ok(match self.lookup(name) {
                Some(v) => Cow::Borrowed(v),
                None if self.lex.skip_unset_env => Cow::Owned(format!("${name}")),
                None => Cow::Borrowed(""),
            });
        }
        self.sc.next();
        match self.sc.peek() {
            None => return Err(ExpandError::MissingBrace),
            Some('{' | '}' | ':') => return Err(ExpandError::BadSubstitution),
            Some(_) => {}
        }
        if self.depth >= MAX_NESTING {
            return Err(ExpandError::TooDeep { limit: MAX_NESTING });
        }
        self.depth += 1;
        let r = self.braced();
        self.depth -= 1;
        r
    }

    /// `${...}`, with the cursor after the `{`.
    fn braced(&mut self) -> Result<Cow<'a, str>, ExpandError> {
        let name = self.name();
        match self.sc.next() {
            Some('}') => Ok(match self.lookup(name) {
                Some(v) => Cow::Borrowed(v),
                None if self.lex.skip_unset_env => Cow::Owned(format!("${{{name}}}")),
                None => Cow::Borrowed(""),
            }),
            Some(':') => {
                let op = self.sc.next();
                self.modifier(name, true, op)
            }
            Some(op @ ('+' | '-' | '?' | '#' | '%')) => self.modifier(name, false, Some(op)),
            Some('/') => self.substitute(name),
            Some(op) => Err(ExpandError::UnsupportedModifier {
                modifier: op.to_string(),
            }),
            // BuildKit: "unsupported modifier (\u{FFFD}) in substitution".
            None => Err(ExpandError::MissingBrace),
        }
    }

    /// `${name:op word}` (`colon`) or `${name op word}`, with the cursor after
    /// `op`. `op` is `None` when the input ended right after the `:`.
    fn modifier(
        &mut self,
        name: &'a str,
        colon: bool,
        op: Option<char>,
    ) -> Result<Cow<'a, str>, ExpandError> {
        let mut spelled = String::with_capacity(2);
        if colon {
            spelled.push(':');
        }
        spelled.push(op.unwrap_or(char::REPLACEMENT_CHARACTER));
        let pattern = matches!(op, Some('#' | '%'));
        if colon && pattern {
            return Err(ExpandError::UnsupportedModifier { modifier: spelled });
        }
        let word = match self.stop_on(Some('}'), pattern, false) {
            Ok((w, _)) => w,
            Err(e) => return Err(self.at_end_or(ExpandError::MissingBrace, e)),
        };
        let value = self.lookup(name);
        if self.lex.skip_unset_env && value.is_none() {
            return Ok(Cow::Owned(format!("${{{name}{spelled}{word}}}")));
        }
        // With a colon, an empty value counts as unset.
        let missing = match value {
            Some(v) => colon && v.is_empty(),
            None => true,
        };
        match op {
            Some('-') => Ok(match value {
                Some(v) if !missing => Cow::Borrowed(v),
                _ => Cow::Owned(word),
            }),
            Some('+') => Ok(if missing {
                Cow::Borrowed("")
            } else {
                Cow::Owned(word)
            }),
            Some('?') => match value {
                None => Err(ExpandError::VariableUnset {
                    name: name.to_owned(),
                    message: message_or(word, "is not allowed to be unset"),
                }),
                Some("") if colon => Err(ExpandError::VariableEmpty {
                    name: name.to_owned(),
                    message: message_or(word, "is not allowed to be empty"),
                }),
                Some(v) => Ok(Cow::Borrowed(v)),
            },
            Some(c @ ('#' | '%')) => {
                // A doubled operator (`##`, `%%`) asks for the longest match.
                let (pattern, longest) = match word.strip_prefix(c) {
                    Some(rest) => (rest, true),
                    None => (word.as_str(), false),
                };
                let value = value.unwrap_or("");
                let out = if c == '#' {
                    trim_prefix(pattern, value, longest)?
                } else {
                    trim_suffix(pattern, value, longest)?
                };
                Ok(Cow::Owned(out))
            }
            _ => Err(ExpandError::UnsupportedModifier { modifier: spelled }),
        }
    }

    /// `${name/pattern/replacement}` or `${name//pattern/replacement}`, with
    /// the cursor after the first `/`.
    fn substitute(&mut self, name: &'a str) -> Result<Cow<'a, str>, ExpandError> {
        let all = self.sc.peek() == Some('/');
        if all {
            self.sc.next();
        }
        let pattern = match self.stop_on(Some('/'), true, false) {
            Ok((p, _)) => p,
            Err(e) => return Err(self.at_end_or(ExpandError::MissingSlash, e)),
        };
        let replacement = match self.stop_on(Some('}'), true, false) {
            Ok((r, _)) => r,
            Err(e) => return Err(self.at_end_or(ExpandError::MissingBrace, e)),
        };
        let value = self.lookup(name);
        if self.lex.skip_unset_env && value.is_none() {
            // BuildKit writes a single `/` here even for `//`.
            return Ok(Cow::Owned(format!("${{{name}/{pattern}/{replacement}}}")));
        }
        let toks = compile_pattern(&pattern).map_err(|reason| ExpandError::InvalidPattern {
            pattern: pattern.clone(),
            reason,
        })?;
        let value = value.unwrap_or("");
        Ok(Cow::Owned(if all {
            replace_all(&toks, value, &replacement)
        } else {
            replace_first(&toks, value, &replacement)
        }))
    }

    /// BuildKit turns any failure of a nested word that ends at the end of the
    /// input into the "missing delimiter" error of the enclosing `${`.
    fn at_end_or(&self, at_end: ExpandError, other: ExpandError) -> ExpandError {
        if self.sc.peek().is_none() {
            at_end
        } else {
            other
        }
    }
}

fn message_or(word: String, default: &str) -> String {
    if word.is_empty() {
        default.to_owned()
    } else {
        word
    }
}

// ---------------------------------------------------------------------------
// Patterns

/// One element of a compiled pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    /// This character.
    Lit(char),
    /// `?`: any one character but a newline.
    Any,
    /// `*`: any run of characters without a newline.
    Star,
}

/// Compile a shell pattern. `*` and `?` are wildcards; `\*`, `\?` and `\\` are
/// literal; the backslash of `\}` and `\/` is dropped; any other escape, or a
/// backslash at the end, is an error. A leading byte order mark is ignored.
fn compile_pattern(pattern: &str) -> Result<Vec<Tok>, String> {
    let mut toks = Vec::with_capacity(pattern.len());
    let mut chars = pattern
        .strip_prefix('\u{FEFF}')
        .unwrap_or(pattern)
        .chars()
        .peekable();
    while let Some(c) = chars.next() {
        let tok = match c {
            '*' => {
                if toks.last() == Some(&Tok::Star) {
                    continue;
                }
                Tok::Star
            }
            '?' => Tok::Any,
            '\\' => {
                if matches!(chars.peek(), Some('}' | '/')) {
                    continue;
                }
                match chars.next() {
                    Some(e @ ('*' | '?' | '\\')) => Tok::Lit(e),
                    other => {
                        let shown = other.unwrap_or(char::REPLACEMENT_CHARACTER);
                        return Err(format!("invalid escape '\\{shown}'"));
                    }
                }
            }
            c => Tok::Lit(c),
        };
        toks.push(tok);
    }
    Ok(toks)
}

/// Finds the match a backtracking matcher would report: the leftmost start,
/// and among the matches there the one preferred by greedy (or lazy) stars.
/// This is a Pike-style simulation, linear in the haystack per search.
struct Matcher<'t> {
    toks: &'t [Tok],
    greedy: bool,
    /// Generation marks, one per program counter.
    mark: Vec<usize>,
    /// The current generation; bumped for every thread list built.
    gen: usize,
    stack: Vec<usize>,
}

// Program counters: 2*i is "at token i" (2*len is the match state); 2*i+1 is
// "inside the star at token i, ready to take a character".
impl<'t> Matcher<'t> {
    fn new(toks: &'t [Tok], greedy: bool) -> Self {
        Matcher {
            toks,
            greedy,
            mark: vec![0; 2 * toks.len() + 1],
            gen: 0,
            stack: Vec::new(),
        }
    }

    /// Add the thread at `pc` (started at `start`) and everything it reaches
    /// without input, in priority order, skipping states already in `list`.
    fn add(&mut self, list: &mut Vec<(usize, usize)>, pc: usize, start: usize, gen: usize) {
        self.stack.push(pc);
        while let Some(pc) = self.stack.pop() {
            match self.mark.get_mut(pc) {
                Some(m) if *m != gen => *m = gen,
                _ => continue,
            }
            let i = pc / 2;
            if pc % 2 == 0 && self.toks.get(i) == Some(&Tok::Star) {
                // Pushed in reverse: the preferred branch is explored first.
                if self.greedy {
                    self.stack.push(2 * (i + 1));
                    self.stack.push(pc + 1);
                } else {
                    self.stack.push(pc + 1);
                    self.stack.push(2 * (i + 1));
                }
            } else {
                list.push((pc, start));
            }
        }
    }

    /// Search `hay` from byte `from`; with `anchored`, only at `from`.
    fn find(&mut self, hay: &str, from: usize, anchored: bool) -> Option<(usize, usize)> {
        let done = 2 * self.toks.len();
        self.gen += 1;
        let mut clist = Vec::new();
        let mut nlist = Vec::new();
        let mut found = None;
        let mut pos = from;
        self.add(&mut clist, 0, from, self.gen);
        while !clist.is_empty() {
            let c = hay.get(pos..).and_then(|s| s.chars().next());
            self.gen += 1;
            nlist.clear();
            for &(pc, start) in &clist {
                if pc == done {
                    // Lower-priority threads can no longer win.
                    found = Some((start, pos));
                    break;
                }
                let Some(ch) = c else { continue };
                let i = pc / 2;
                let Some(&tok) = self.toks.get(i) else {
                    continue;
                };
                let accepts = match tok {
                    Tok::Lit(l) => l == ch,
                    Tok::Any | Tok::Star => ch != '\n',
                };
                if accepts {
                    let next = if pc % 2 == 1 { 2 * i } else { 2 * (i + 1) };
                    self.add(&mut nlist, next, start, self.gen);
                }
            }
            let Some(ch) = c else { break };
            pos += ch.len_utf8();
            if found.is_none() && !anchored {
                self.add(&mut nlist, 0, pos, self.gen);
            }
            std::mem::swap(&mut clist, &mut nlist);
        }
        found
    }
}

/// `${V#p}` / `${V##p}`: drop the shortest (longest) prefix matching `pattern`.
fn trim_prefix(pattern: &str, value: &str, longest: bool) -> Result<String, ExpandError> {
    let toks = compile_pattern(pattern).map_err(|reason| ExpandError::InvalidPattern {
        pattern: pattern.to_owned(),
        reason,
    })?;
    let end = Matcher::new(&toks, longest)
        .find(value, 0, true)
        .map_or(0, |(_, end)| end);
    Ok(value.get(end..).unwrap_or("").to_owned())
}

/// `${V%p}` / `${V%%p}`: drop the shortest (longest) suffix matching
/// `pattern`. Done as BuildKit does it, by trimming the prefix of the reversed
/// value with the reversed pattern (escape pairs kept in order), which gives
/// the same answers including for malformed patterns.
fn trim_suffix(pattern: &str, value: &str, longest: bool) -> Result<String, ExpandError> {
    let reversed_value: String = value.chars().rev().collect();
    let kept =
        trim_prefix(&reverse_pattern(pattern), &reversed_value, longest).map_err(|e| match e {
            ExpandError::InvalidPattern { reason, .. } => ExpandError::InvalidPattern {
                pattern: pattern.to_owned(),
                reason,
            },
            other => other,
        })?;
    Ok(kept.chars().rev().collect())
}

/// Reverse a pattern, keeping each `\x` pair as `\x`. A backslash that is the
/// last character stands alone.
fn reverse_pattern(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut units: Vec<&[char]> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let len = if chars[i] == '\\' && i + 1 < chars.len() {
            2
        } else {
            1
        };
        units.push(&chars[i..i + len]);
        i += len;
    }
    units.iter().rev().flat_map(|u| u.iter()).collect()
}

/// `${V/p/r}`: replace the leftmost (longest there) match, literally.
fn replace_first(toks: &[Tok], value: &str, replacement: &str) -> String {
    match Matcher::new(toks, true).find(value, 0, false) {
        Some((a, b)) => {
            let mut out = String::with_capacity(value.len() + replacement.len());
            out.push_str(value.get(..a).unwrap_or(""));
            out.push_str(replacement);
            out.push_str(value.get(b..).unwrap_or(""));
            out
        }
        None => value.to_owned(),
    }
}

/// `${V//p/r}`: replace every match, scanning as Go's `ReplaceAllString` does
/// (an empty match right after a match is not replaced; the scan always moves
/// on by at least one character), with `replacement` read as a Go template.
fn replace_all(toks: &[Tok], value: &str, replacement: &str) -> String {
    let mut m = Matcher::new(toks, true);
    let mut out = String::with_capacity(value.len());
    let mut last_end = 0;
    let mut search = 0;
    while search <= value.len() {
        let Some((a, b)) = m.find(value, search, false) else {
            break;
        };
        out.push_str(value.get(last_end..a).unwrap_or(""));
        if b > last_end || a == 0 {
            expand_template(&mut out, replacement, value.get(a..b).unwrap_or(""));
        }
        last_end = b;
        let width = value
            .get(search..)
            .and_then(|s| s.chars().next())
            .map_or(0, char::len_utf8);
        if search + width > b {
            search += width;
        } else if search + 1 > b {
            search += 1;
        } else {
            search = b;
        }
    }
    out.push_str(value.get(last_end..).unwrap_or(""));
    out
}

/// Go's `Regexp.Expand` for a pattern without groups: `$$` is `$`, `$0` and
/// `${0}` are the whole match, other well-formed references are empty, and a
/// malformed one is a literal `$`.
fn expand_template(out: &mut String, template: &str, whole: &str) {
    let mut rest = template;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        if let Some(after) = rest.strip_prefix('$') {
            out.push('$');
            rest = after;
            continue;
        }
        match template_ref(rest) {
            Some((name, after)) => {
                if name == "0" {
                    out.push_str(whole);
                }
                rest = after;
            }
            None => out.push('$'),
        }
    }
    out.push_str(rest);
}

/// The reference at the start of `s` (after a `$`): a name of letters, digits
/// and `_`, optionally in braces. Returns the name and what follows.
fn template_ref(s: &str) -> Option<(&str, &str)> {
    let (body, braced) = match s.strip_prefix('{') {
        Some(b) => (b, true),
        None => (s, false),
    };
    let len = body
        .char_indices()
        .find(|&(_, c)| !(is_letter(c) || is_digit(c) || c == '_'))
        .map_or(body.len(), |(i, _)| i);
    if len == 0 {
        return None;
    }
    let name = &body[..len];
    let after = &body[len..];
    if braced {
        after.strip_prefix('}').map(|a| (name, a))
    } else {
        Some((name, after))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> Vec<(String, String)> {
        [
            ("HOME", "/root"),
            ("EMPTY", ""),
            ("SPACED", "  one two  "),
            ("FILE", "archive.tar.gz"),
            ("PATHS", "/usr/local/bin:/usr/bin"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
    }

    fn word(input: &str) -> String {
        match Lex::default().process_word(input, &env()) {
            Ok(e) => e.value,
            Err(e) => panic!("{input:?} failed: {e}"),
        }
    }

    fn words(input: &str) -> Vec<String> {
        match Lex::default().process_words(input, &env()) {
            Ok(w) => w,
            Err(e) => panic!("{input:?} failed: {e}"),
        }
    }

    fn fails(input: &str) -> ExpandError {
        match Lex::default().process_word(input, &env()) {
            Ok(e) => panic!("{input:?} should fail, gave {:?}", e.value),
            Err(e) => e,
        }
    }

    fn with(lex: Lex, input: &str) -> String {
        match lex.process_word(input, &env()) {
            Ok(e) => e.value,
            Err(e) => panic!("{input:?} failed: {e}"),
        }
    }

    fn unsupported(m: &str) -> ExpandError {
        ExpandError::UnsupportedModifier {
            modifier: m.to_owned(),
        }
    }

    #[test]
    fn plain_text_and_splitting() {
        assert_eq!(word("abc"), "abc");
        assert_eq!(word("a  b\tc"), "a  b\tc");
        assert_eq!(words("  a  b\tc  "), ["a", "b", "c"]);
        assert!(words("").is_empty());
        assert!(words(" \t ").is_empty());
        // Any Unicode white space separates words.
        assert_eq!(words("a\u{3000}b\u{a0}c\u{2003}d"), ["a", "b", "c", "d"]);
        // Non-ASCII text is kept whole.
        assert_eq!(words("héllo wörld 한국어"), ["héllo", "wörld", "한국어"]);
    }

    #[test]
    fn single_quotes() {
        assert_eq!(word("'a $HOME \\n \"x\"'"), "a $HOME \\n \"x\"");
        assert_eq!(words("x'a b'y z"), ["xa by", "z"]);
        assert_eq!(fails("'open"), ExpandError::UnterminatedSingleQuote);
        // No escaping inside: the backslash is literal and the quote closes.
        assert_eq!(word("'a\\'"), "a\\");
        let raw = Lex {
            raw_quotes: true,
            ..Lex::default()
        };
        assert_eq!(with(raw, "x'a b'"), "x'a b'");
    }

    #[test]
    fn double_quotes() {
        assert_eq!(word("\"$HOME is home\""), "/root is home");
        assert_eq!(words("\"a  b\" c"), ["a  b", "c"]);
        assert_eq!(word("\"it's\""), "it's");
        // The escape token only escapes `"`, `$` and itself in double quotes.
        assert_eq!(word(r#""\"\$\\\t\a""#), r#""$\\t\a"#);
        assert_eq!(fails("\"open"), ExpandError::UnterminatedDoubleQuote);
        // An escape right before the end is dropped, then the quote is missing.
        assert_eq!(fails("\"open\\"), ExpandError::UnterminatedDoubleQuote);
        assert_eq!(fails("\"a\\\""), ExpandError::UnterminatedDoubleQuote);
        let raw = Lex {
            raw_quotes: true,
            ..Lex::default()
        };
        assert_eq!(with(raw, "\"a $HOME\""), "\"a /root\"");
    }

    #[test]
    fn escapes_outside_quotes() {
        assert_eq!(word("a\\ b"), "a b");
        assert_eq!(words("a\\ b c"), ["a b", "c"]);
        assert_eq!(word("\\$HOME"), "$HOME");
        assert_eq!(word("\\'x"), "'x");
        assert_eq!(word("a\\tb"), "atb");
        assert_eq!(word("a\\\\b"), "a\\b");
        // A trailing escape token is dropped.
        assert_eq!(word("abc\\"), "abc");
        // An escaped space still joins words, even when it is the last char.
        assert_eq!(words("a\\ "), ["a "]);
    }

    #[test]
    fn backtick_escape_token() {
        let lex = Lex::new('`');
        assert_eq!(with(lex, "a`$HOME b"), "a$HOME b");
        assert_eq!(with(lex, "C:\\dir\\$HOME"), "C:\\dir\\/root");
        assert_eq!(with(lex, "\"x`\"y\""), "x\"y");
        assert_eq!(with(lex, "\"x\\\"y"), "x\\y");
        let w = lex.process_words("a` b c", &EmptyEnv).unwrap();
        assert_eq!(w, ["a b", "c"]);
    }

    #[test]
    fn raw_escapes() {
        let lex = Lex {
            raw_escapes: true,
            ..Lex::default()
        };
        assert_eq!(with(lex, "a\\ b\\$HOME"), "a\\ b\\$HOME");
        assert_eq!(
            lex.process_words("a\\ b c", &EmptyEnv).unwrap(),
            ["a\\ b", "c"]
        );
        // Inside double quotes an escape before an ordinary character is
        // written twice, as BuildKit does.
        assert_eq!(with(lex, "\"a\\b\""), "a\\\\b");
        assert_eq!(with(lex, "\"a\\\"b\""), "a\\\"b");
    }

    #[test]
    fn quotes_can_be_ordinary() {
        let lex = Lex {
            skip_process_quotes: true,
            ..Lex::default()
        };
        assert_eq!(with(lex, "'$HOME' \"$HOME\""), "'/root' \"/root\"");
        assert_eq!(lex.process_words("'a b'", &EmptyEnv).unwrap(), ["'a", "b'"]);
        // An unbalanced quote is then not an error.
        assert_eq!(with(lex, "it's"), "it's");
    }

    #[test]
    fn simple_references() {
        assert_eq!(word("$HOME/x"), "/root/x");
        assert_eq!(word("${HOME}x"), "/rootx");
        assert_eq!(word("a${NOPE}b$NOPE.c"), "ab.c");
        assert_eq!(word("$"), "$");
        assert_eq!(word("a$.b"), "a$.b");
        assert_eq!(word("$ x"), "$ x");
        assert_eq!(word("$HOME_x"), "");
        assert_eq!(word("\"$\""), "$");
    }

    #[test]
    fn names_are_unicode_letters_digits_underscore() {
        let env = [("é_1", "E"), ("한국어", "K"), ("ab", "AB")];
        let lex = Lex::default();
        assert_eq!(lex.process_word("$é_1.", &env).unwrap().value, "E.");
        assert_eq!(lex.process_word("$한국어!", &env).unwrap().value, "K!");
        // A combining mark is not a letter: it ends the name.
        assert_eq!(
            lex.process_word("$ab\u{301}", &env).unwrap().value,
            "AB\u{301}"
        );
        // Nor is a letter-like number.
        assert_eq!(
            lex.process_word("$ab\u{2162}", &env).unwrap().value,
            "AB\u{2162}"
        );
    }

    #[test]
    fn positional_and_special_parameters() {
        let env = [("12", "twelve"), ("@", "at"), ("\u{661}\u{662}", "arabic")];
        let lex = Lex::default();
        let got = |w: &str| lex.process_word(w, &env).unwrap().value;
        // A leading digit starts a run of digits only.
        assert_eq!(got("$12ab"), "twelveab");
        assert_eq!(got("${12}"), "twelve");
        assert_eq!(got("$\u{661}\u{662}x"), "arabicx");
        // Special parameters are one character.
        assert_eq!(got("$@@"), "at@");
        assert_eq!(got("${@:-d}"), "at");
        for special in ["$*", "$#", "$?", "$-", "$$", "$!", "$0", "${#}", "${0}"] {
            assert_eq!(got(special), "", "{special}");
        }
        assert_eq!(got("${#:-x}"), "x");
    }

    #[test]
    fn default_and_alternative() {
        assert_eq!(word("${NOPE:-d}|${EMPTY:-d}|${HOME:-d}"), "d|d|/root");
        assert_eq!(word("${NOPE-d}|${EMPTY-d}|${HOME-d}"), "d||/root");
        assert_eq!(word("${NOPE:+a}|${EMPTY:+a}|${HOME:+a}"), "||a");
        assert_eq!(word("${NOPE+a}|${EMPTY+a}|${HOME+a}"), "|a|a");
        assert_eq!(word("${NOPE:-}"), "");
        assert_eq!(word("${NOPE:-a b}"), "a b");
    }

    #[test]
    fn modifier_words_are_expanded() {
        assert_eq!(word("${NOPE:-$HOME/x}"), "/root/x");
        assert_eq!(word("${NOPE:-${NADA:-${HOME}}}"), "/root");
        assert_eq!(word("${HOME:+<$FILE>}"), "<archive.tar.gz>");
        assert_eq!(word("${NOPE:-'a }'\"$HOME\"}"), "a }/root");
        assert_eq!(word("${NOPE:-a\\}b}"), "a}b");
        assert_eq!(word("${NOPE:-\\$HOME}"), "$HOME");
        assert_eq!(word("${NOPE:-x}}"), "x}");
        assert_eq!(word("\"${NOPE:-a \"b\"}\""), "a b");
    }

    #[test]
    fn required_variables() {
        assert_eq!(word("${HOME?}${HOME:?}"), "/root/root");
        assert_eq!(word("${EMPTY?}"), "");
        assert_eq!(
            fails("${NOPE?}"),
            ExpandError::VariableUnset {
                name: "NOPE".into(),
                message: "is not allowed to be unset".into()
            }
        );
        assert_eq!(
            fails("${NOPE:?set it: $HOME}"),
            ExpandError::VariableUnset {
                name: "NOPE".into(),
                message: "set it: /root".into()
            }
        );
        let e = fails("${EMPTY:?}");
        assert_eq!(
            e,
            ExpandError::VariableEmpty {
                name: "EMPTY".into(),
                message: "is not allowed to be empty".into()
            }
        );
        assert_eq!(e.to_string(), "EMPTY: is not allowed to be empty");
    }

    #[test]
    fn prefix_removal() {
        assert_eq!(word("${FILE#*.}"), "tar.gz");
        assert_eq!(word("${FILE##*.}"), "gz");
        assert_eq!(word("${FILE#archive}"), ".tar.gz");
        assert_eq!(word("${FILE#nomatch}"), "archive.tar.gz");
        assert_eq!(word("${FILE#}${FILE##}"), "archive.tar.gzarchive.tar.gz");
        assert_eq!(word("${FILE#???}"), "hive.tar.gz");
        assert_eq!(word("${FILE#*}"), "archive.tar.gz");
        assert_eq!(word("${FILE##*}"), "");
        assert_eq!(word("${NOPE#x}"), "");
        // The pattern may come from a variable.
        let env = [("V", "a*b*c"), ("P", "a\\*")];
        let lex = Lex::default();
        assert_eq!(lex.process_word("${V#$P}", &env).unwrap().value, "b*c");
    }

    #[test]
    fn suffix_removal() {
        assert_eq!(word("${FILE%.*}"), "archive.tar");
        assert_eq!(word("${FILE%%.*}"), "archive");
        assert_eq!(word("${FILE%.gz}"), "archive.tar");
        assert_eq!(word("${FILE%?}"), "archive.tar.g");
        assert_eq!(word("${FILE%x}"), "archive.tar.gz");
        assert_eq!(word("${PATHS%:*}"), "/usr/local/bin");
        assert_eq!(word("${PATHS##*/}"), "bin");
    }

    #[test]
    fn pattern_escapes() {
        let env = [("V", "x*y?z\\w}v/u"), ("NL", "a\nb")];
        let lex = Lex::default();
        let got = |w: &str| lex.process_word(w, &env).map(|e| e.value);
        assert_eq!(got("${V#x\\*}").unwrap(), "y?z\\w}v/u");
        assert_eq!(got("${V#*\\?}").unwrap(), "z\\w}v/u");
        assert_eq!(got("${V#*\\\\}").unwrap(), "w}v/u");
        assert_eq!(got("${V#*\\}}").unwrap(), "v/u");
        assert_eq!(got("${V%\\/*}").unwrap(), "x*y?z\\w}v");
        // Regex metacharacters are plain characters.
        let meta = [("M", "a.b(c)[d]{e}+^$|f")];
        assert_eq!(
            lex.process_word("${M#a.b(c)[d]{e\\}+^$|}", &meta)
                .unwrap()
                .value,
            "f"
        );
        // Wildcards do not cross a newline.
        assert_eq!(got("${NL#*b}").unwrap(), "a\nb");
        assert_eq!(got("${NL#?}").unwrap(), "\nb");
        assert_eq!(got("${NL#a?}").unwrap(), "a\nb");
        assert_eq!(got("${NL##*}").unwrap(), "\nb");
        // Other escapes are errors.
        assert_eq!(
            got("${V#\\x}"),
            Err(ExpandError::InvalidPattern {
                pattern: "\\x".into(),
                reason: "invalid escape '\\x'".into()
            })
        );
        assert!(matches!(
            got("${V%a\\b}"),
            Err(ExpandError::InvalidPattern { .. })
        ));
    }

    #[test]
    fn reversed_suffix_patterns_keep_buildkit_quirks() {
        // A lone trailing backslash (only possible through a variable) is an
        // error for `#` but, once reversed, escapes the star for `%`.
        let env = [("V", "bca*"), ("P", "a*\\")];
        let lex = Lex::default();
        assert!(matches!(
            lex.process_word("${V#$P}", &env),
            Err(ExpandError::InvalidPattern { .. })
        ));
        assert_eq!(lex.process_word("${V%$P}", &env).unwrap().value, "bc");
        assert_eq!(reverse_pattern("a\\*c"), "c\\*a");
        assert_eq!(reverse_pattern("\\\\\\ab"), "b\\a\\\\");
        assert_eq!(reverse_pattern("ab\\"), "\\ba");
    }

    #[test]
    fn colon_with_pattern_operators_is_unsupported() {
        assert_eq!(fails("${FILE:#x}"), unsupported(":#"));
        assert_eq!(fails("${FILE:%x}"), unsupported(":%"));
    }

    #[test]
    fn replacement() {
        assert_eq!(word("${PATHS/usr/opt}"), "/opt/local/bin:/usr/bin");
        assert_eq!(word("${PATHS//usr/opt}"), "/opt/local/bin:/opt/bin");
        assert_eq!(word("${PATHS//:/ }"), "/usr/local/bin /usr/bin");
        assert_eq!(word("${PATHS/\\/usr/}"), "/local/bin:/usr/bin");
        assert_eq!(word("${FILE/.*/}"), "archive");
        assert_eq!(word("${FILE//a?/_}"), "_chive.t_.gz");
        assert_eq!(word("${FILE/x/$HOME}"), "archive.tar.gz");
        assert_eq!(word("${NOPE/a/b}"), "");
        assert_eq!(word("${FILE/nomatch/b}"), "archive.tar.gz");
        // An empty pattern matches the empty string.
        assert_eq!(word("${FILE/$NOPE/>}"), ">archive.tar.gz");
        assert_eq!(word("${HOME//$NOPE/-}"), "-/-r-o-o-t-");
        assert_eq!(word("${HOME///}"), "/root");
    }

    #[test]
    fn replace_all_follows_go_scanning() {
        // The star cannot take the newline; the empty match right after the
        // first match is not replaced.
        let env = [("V", "ab\ncd")];
        let lex = Lex::default();
        assert_eq!(lex.process_word("${V//*/-}", &env).unwrap().value, "-\n-");
        assert_eq!(lex.process_word("${V/*/-}", &env).unwrap().value, "-\ncd");
    }

    #[test]
    fn replace_all_reads_the_replacement_as_a_template() {
        let env = [("V", "abc"), ("R", "[$0]")];
        let lex = Lex::default();
        let got = |w: &str| lex.process_word(w, &env).unwrap().value;
        assert_eq!(got("${V//b/'[$0]'}"), "a[b]c");
        assert_eq!(got("${V//b/$R}"), "a[b]c");
        assert_eq!(got("${V//b/'<${0}>'}"), "a<b>c");
        assert_eq!(got("${V//b/'$$'}"), "a$c");
        assert_eq!(got("${V//b/'$1$x${y}'}"), "ac");
        assert_eq!(got("${V//b/'$'}"), "a$c");
        assert_eq!(got("${V//b/'${0'}"), "a${0c");
        // A single replacement is literal.
        assert_eq!(got("${V/b/$R}"), "a[$0]c");
    }

    #[test]
    fn replacement_errors() {
        assert_eq!(fails("${FILE//}"), ExpandError::MissingSlash);
        assert_eq!(fails("${FILE//ww}"), ExpandError::MissingSlash);
        assert_eq!(fails("${FILE/a/b"), ExpandError::MissingBrace);
        assert!(matches!(
            fails("${FILE/\\q/b}"),
            ExpandError::InvalidPattern { .. }
        ));
    }

    #[test]
    fn syntax_errors() {
        assert_eq!(fails("${}"), ExpandError::BadSubstitution);
        assert_eq!(fails("${:-x}"), ExpandError::BadSubstitution);
        assert_eq!(fails("${{x}"), ExpandError::BadSubstitution);
        assert_eq!(fails("${"), ExpandError::MissingBrace);
        assert_eq!(fails("${HOME"), ExpandError::MissingBrace);
        assert_eq!(fails("${HOME:"), ExpandError::MissingBrace);
        assert_eq!(fails("${HOME:-x"), ExpandError::MissingBrace);
        assert_eq!(fails("${NOPE:-${HOME}"), ExpandError::MissingBrace);
        // Any failure that runs into the end of the input inside `${` is a
        // missing brace.
        assert_eq!(fails("${NOPE:-'x"), ExpandError::MissingBrace);
        assert_eq!(fails("${NOPE:-${HOME?}"), ExpandError::MissingBrace);
        // Otherwise the inner error comes through.
        assert_eq!(fails("${NOPE:-${}}"), ExpandError::BadSubstitution);
        assert_eq!(fails("${.}"), unsupported("."));
        assert_eq!(fails("${HOME=x}"), unsupported("="));
        assert_eq!(fails("${HOME:=x}"), unsupported(":="));
        assert_eq!(fails("${HOME:x}"), unsupported(":x"));
        assert_eq!(fails("${HOME:}x}"), unsupported(":}"));
        assert_eq!(fails("${#HOME}"), unsupported("H"));
        assert_eq!(
            fails("${HOME:=x}").to_string(),
            "unsupported modifier (:=) in substitution"
        );
        assert_eq!(fails("${").to_string(), "syntax error: missing '}'");
        assert_eq!(
            fails("${F//}").to_string(),
            "syntax error: missing '/' in ${}"
        );
    }

    #[test]
    fn empty_name_is_looked_up() {
        let e = Lex::default()
            .process_word("${+x}${--y}", &EmptyEnv)
            .unwrap();
        // `${+x}`: the name is empty; `${--y}`: `-` is a special parameter.
        assert_eq!(e.value, "y");
        assert_eq!(fails("${-y}"), unsupported("y"));
        assert_eq!(e.unmatched, ["", "-"]);
    }

    #[test]
    fn skip_unset_env_keeps_references() {
        let lex = Lex {
            skip_unset_env: true,
            ..Lex::default()
        };
        assert_eq!(with(lex, "$NOPE ${NOPE} $HOME"), "$NOPE ${NOPE} /root");
        assert_eq!(with(lex, "${NOPE:-$HOME}"), "${NOPE:-/root}");
        assert_eq!(with(lex, "${NOPE#a\\*}"), "${NOPE#a\\*}");
        assert_eq!(with(lex, "${NOPE/a/b}"), "${NOPE/a/b}");
        // BuildKit writes one slash back, even for `//`.
        assert_eq!(with(lex, "${NOPE//a/b}"), "${NOPE/a/b}");
        // Unsupported modifiers read as a word pass through for unset names...
        assert_eq!(with(lex, "${NOPE:=x}"), "${NOPE:=x}");
        assert_eq!(with(lex, "${NOPE?msg}"), "${NOPE?msg}");
        // ...but not for set ones, nor without the colon.
        assert_eq!(
            lex.process_word("${HOME:=x}", &env()),
            Err(unsupported(":="))
        );
        assert_eq!(lex.process_word("${NOPE=x}", &env()), Err(unsupported("=")));
        assert_eq!(with(lex, "$1 ${@}"), "$1 ${@}");
    }

    #[test]
    fn heredoc_markers_stay_one_word() {
        let w = |s: &str| Lex::default().process_words(s, &EmptyEnv).unwrap();
        assert_eq!(w("RUN << EOF"), ["RUN", "<< EOF"]);
        assert_eq!(w("RUN <<  \t EOF x"), ["RUN", "<<  \t EOF", "x"]);
        assert_eq!(w("RUN <<\r EOF"), ["RUN", "<<\r EOF"]);
        assert_eq!(w("RUN 3<<EOF"), ["RUN", "3<<EOF"]);
        assert_eq!(w("RUN <<-EOF"), ["RUN", "<<-EOF"]);
        // Only blanks right after `<<` are taken.
        assert_eq!(w("RUN <<- EOF"), ["RUN", "<<-", "EOF"]);
        assert_eq!(w("a <<\nb"), ["a", "<<", "b"]);
        assert_eq!(w("a <<\u{b}b"), ["a", "<<", "b"]);
        assert_eq!(w("a << "), ["a", "<< "]);
        assert_eq!(w("a < b <<<c"), ["a", "<", "b", "<<<c"]);
        assert_eq!(w("'<< EOF'"), ["<< EOF"]);
        assert_eq!(w("\"<<\" EOF"), ["<<", "EOF"]);
        let e = Lex::default()
            .process_word("cat << EOF", &EmptyEnv)
            .unwrap();
        assert_eq!(e.value, "cat << EOF");
    }

    #[test]
    fn heredoc_scan_settings() {
        // The settings BuildKit uses to look for heredoc markers.
        let lex = Lex {
            raw_quotes: true,
            raw_escapes: true,
            skip_unset_env: true,
            ..Lex::default()
        };
        let w = |s: &str| lex.process_words(s, &EmptyEnv).unwrap();
        assert_eq!(
            w("RUN <<'EOF' <<\"X\" <<$Y"),
            ["RUN", "<<'EOF'", "<<\"X\"", "<<$Y"]
        );
        assert_eq!(w("COPY <<eo\\'f /x"), ["COPY", "<<eo\\'f", "/x"]);
        assert_eq!(w("RUN '<<EOF'"), ["RUN", "'<<EOF'"]);
    }

    #[test]
    fn expansion_text_is_split_but_quoted_text_is_not() {
        assert_eq!(words("x${SPACED}y"), ["x", "one", "two", "y"]);
        assert_eq!(words("x\"${SPACED}\"y"), ["x  one two  y"]);
        assert_eq!(words("$SPACED"), ["one", "two"]);
        // Quoting nothing does not make an empty word.
        assert_eq!(words("a \"\" ''"), ["a"]);
        assert_eq!(words("$EMPTY $NOPE"), Vec::<String>::new());
    }

    #[test]
    fn nested_expansions_drop_the_start_of_the_current_word() {
        // BuildKit's shared word buffer: the part of a word read before a
        // nested `${V<op>word}` is lost from the words (not from the value).
        let e = Lex::default()
            .process_word("ab${NOPE:-c}d e", &env())
            .unwrap();
        assert_eq!(e.value, "abcd e");
        assert_eq!(e.words, ["cd", "e"]);
        assert_eq!(words("a\"b${NOPE:-c}\"d"), ["bcd"]);
        assert_eq!(words("ab${HOME}"), ["ab/root"]);
        assert_eq!(words("ab${NOPE:-}"), Vec::<String>::new());
        assert_eq!(words("x ab${NOPE:-} y"), ["x", "y"]);
        assert_eq!(words("<<${NOPE:-EOF}"), ["EOF"]);
    }

    #[test]
    fn matched_and_unmatched_names() {
        let e = Lex::default()
            .process_word(
                "$HOME ${NOPE:-$EMPTY} $HOME ${X#$NOPE} ${FILE/a/$Z}",
                &env(),
            )
            .unwrap();
        assert_eq!(e.matched, ["HOME", "EMPTY", "FILE"]);
        assert_eq!(e.unmatched, ["NOPE", "X", "Z"]);
        let plain = Lex::default().process_word("no refs", &env()).unwrap();
        assert!(plain.matched.is_empty() && plain.unmatched.is_empty());
    }

    #[test]
    fn process_word_reports_the_same_words() {
        for input in [
            "a b",
            "x${SPACED}y",
            "'a b' c",
            "<< EOF",
            "a\\ b",
            "${NOPE:-q} r",
        ] {
            let e = Lex::default().process_word(input, &env()).unwrap();
            assert_eq!(e.words, words(input), "{input:?}");
        }
    }

    #[test]
    fn leading_byte_order_mark_is_ignored() {
        assert_eq!(word("\u{feff}$HOME"), "/root");
        assert_eq!(word("a\u{feff}"), "a\u{feff}");
        let env = [("V", "abc"), ("P", "\u{feff}a")];
        let lex = Lex::default();
        assert_eq!(lex.process_word("${V#$P}", &env).unwrap().value, "bc");
    }

    #[test]
    fn nesting_is_bounded() {
        let nested = |n: usize| format!("{}x{}", "${A:-".repeat(n), "}".repeat(n));
        assert_eq!(word(&nested(MAX_NESTING)), "x");
        assert_eq!(
            fails(&nested(MAX_NESTING + 1)),
            ExpandError::TooDeep { limit: MAX_NESTING }
        );
        let quoted = |n: usize| format!("{}x{}", "\"${A:-".repeat(n), "}\"".repeat(n));
        assert_eq!(word(&quoted(MAX_NESTING)), "x");
        assert!(matches!(
            fails(&quoted(100_000)),
            ExpandError::TooDeep { .. }
        ));
        // Unclosed openers are reported, not overflowed.
        assert!(Lex::default()
            .process_word(&"${A:-".repeat(100_000), &EmptyEnv)
            .is_err());
    }

    #[test]
    fn environments() {
        let lex = Lex::default();
        let pairs: &[(&str, &str)] = &[("A", "1"), ("A", "2")];
        assert_eq!(lex.process_word("$A", &pairs).unwrap().value, "2");
        assert_eq!(lex.process_word("$A", &[("A", "x")]).unwrap().value, "x");
        let v = vec![
            ("A".to_owned(), "1".to_owned()),
            ("A".to_owned(), "3".to_owned()),
        ];
        assert_eq!(lex.process_word("$A", &v).unwrap().value, "3");
        let b: BTreeMap<String, String> = [("A".to_owned(), "4".to_owned())].into();
        assert_eq!(lex.process_word("$A", &b).unwrap().value, "4");
        let h: HashMap<String, String> = [("A".to_owned(), "5".to_owned())].into();
        assert_eq!(lex.process_word("$A", &h).unwrap().value, "5");
        assert_eq!(lex.process_word("[$A]", &EmptyEnv).unwrap().value, "[]");
    }

    #[test]
    fn matcher_prefers_like_a_backtracker() {
        let toks = compile_pattern("*x*y").unwrap();
        assert_eq!(
            Matcher::new(&toks, false).find("xxyy", 0, true),
            Some((0, 3))
        );
        assert_eq!(
            Matcher::new(&toks, true).find("xxyy", 0, true),
            Some((0, 4))
        );
        let toks = compile_pattern("b*").unwrap();
        assert_eq!(
            Matcher::new(&toks, true).find("abcb", 0, false),
            Some((1, 4))
        );
        assert_eq!(
            Matcher::new(&toks, false).find("abcb", 0, false),
            Some((1, 2))
        );
        assert_eq!(Matcher::new(&toks, true).find("abcb", 0, true), None);
        let toks = compile_pattern("").unwrap();
        assert_eq!(Matcher::new(&toks, true).find("ab", 2, false), Some((2, 2)));
        assert_eq!(compile_pattern("a**b").unwrap().len(), 3);
        assert!(compile_pattern("\\").is_err());
    }

    #[test]
    fn character_classes() {
        assert!(is_letter('a') && is_letter('Z') && is_letter('é') && is_letter('한'));
        assert!(is_letter('\u{2ee5d}') && is_letter('\u{1e4d0}'));
        assert!(!is_letter('_') && !is_letter('1') && !is_letter('\u{301}'));
        assert!(!is_letter('\u{2160}') && !is_letter('\u{24b6}'));
        assert!(is_digit('7') && is_digit('\u{669}') && is_digit('\u{1e4f9}'));
        assert!(!is_digit('a') && !is_digit('\u{b2}') && !is_digit('\u{2160}'));
        assert!(is_space('\u{85}') && is_space('\u{a0}') && is_space('\u{3000}'));
        assert!(!is_space('\u{200b}') && !is_space('\u{180e}'));
    }

    /// Deterministic stress: arbitrary inputs built from the characters that
    /// matter must never panic, under every option combination.
    #[test]
    fn never_panics() {
        let alphabet: Vec<char> = "$${}:-+?#%/\\`'\"<< \t\nab_1é한\u{feff}*".chars().collect();
        let env = [("a", "x*y"), ("b", ""), ("ab", "\\"), ("1", "$0 ${0} $$")];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for round in 0..20_000u32 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 24) as usize;
            let mut s = String::new();
            let mut k = seed;
            for _ in 0..len {
                k = k.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                s.push(alphabet[(k >> 33) as usize % alphabet.len()]);
            }
            let bits = round % 32;
            let lex = Lex {
                escape: if bits & 16 == 0 { '\\' } else { '`' },
                raw_quotes: bits & 1 != 0,
                raw_escapes: bits & 2 != 0,
                skip_process_quotes: bits & 4 != 0,
                skip_unset_env: bits & 8 != 0,
            };
            if let Ok(e) = lex.process_word(&s, &env) {
                assert_eq!(Ok(e.words), lex.process_words(&s, &env), "{s:?}");
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Unicode tables, generated from the Unicode Character Database (15.1):
// code points above U+007F by general category.

#[rustfmt::skip]
mod tables {
    /// Non-ASCII code points of general category L (Lu, Ll, Lt, Lm, Lo), as merged ranges.
    pub(super) const LETTER: &[(u32, u32)] = &[
        (0x00AA, 0x00AA), (0x00B5, 0x00B5), (0x00BA, 0x00BA), (0x00C0, 0x00D6), (0x00D8, 0x00F6),
        (0x00F8, 0x02C1), (0x02C6, 0x02D1), (0x02E0, 0x02E4), (0x02EC, 0x02EC), (0x02EE, 0x02EE),
        (0x0370, 0x0374), (0x0376, 0x0377), (0x037A, 0x037D), (0x037F, 0x037F), (0x0386, 0x0386),
        (0x0388, 0x038A), (0x038C, 0x038C), (0x038E, 0x03A1), (0x03A3, 0x03F5), (0x03F7, 0x0481),
        (0x048A, 0x052F), (0x0531, 0x0556), (0x0559, 0x0559), (0x0560, 0x0588), (0x05D0, 0x05EA),
        (0x05EF, 0x05F2), (0x0620, 0x064A), (0x066E, 0x066F), (0x0671, 0x06D3), (0x06D5, 0x06D5),
        (0x06E5, 0x06E6), (0x06EE, 0x06EF), (0x06FA, 0x06FC), (0x06FF, 0x06FF), (0x0710, 0x0710),
        (0x0712, 0x072F), (0x074D, 0x07A5), (0x07B1, 0x07B1), (0x07CA, 0x07EA), (0x07F4, 0x07F5),
        (0x07FA, 0x07FA), (0x0800, 0x0815), (0x081A, 0x081A), (0x0824, 0x0824), (0x0828, 0x0828),
        (0x0840, 0x0858), (0x0860, 0x086A), (0x0870, 0x0887), (0x0889, 0x088E), (0x08A0, 0x08C9),
        (0x0904, 0x0939), (0x093D, 0x093D), (0x0950, 0x0950), (0x0958, 0x0961), (0x0971, 0x0980),
        (0x0985, 0x098C), (0x098F, 0x0990), (0x0993, 0x09A8), (0x09AA, 0x09B0), (0x09B2, 0x09B2),
        (0x09B6, 0x09B9), (0x09BD, 0x09BD), (0x09CE, 0x09CE), (0x09DC, 0x09DD), (0x09DF, 0x09E1),
        (0x09F0, 0x09F1), (0x09FC, 0x09FC), (0x0A05, 0x0A0A), (0x0A0F, 0x0A10), (0x0A13, 0x0A28),
        (0x0A2A, 0x0A30), (0x0A32, 0x0A33), (0x0A35, 0x0A36), (0x0A38, 0x0A39), (0x0A59, 0x0A5C),
        (0x0A5E, 0x0A5E), (0x0A72, 0x0A74), (0x0A85, 0x0A8D), (0x0A8F, 0x0A91), (0x0A93, 0x0AA8),
        (0x0AAA, 0x0AB0), (0x0AB2, 0x0AB3), (0x0AB5, 0x0AB9), (0x0ABD, 0x0ABD), (0x0AD0, 0x0AD0),
        (0x0AE0, 0x0AE1), (0x0AF9, 0x0AF9), (0x0B05, 0x0B0C), (0x0B0F, 0x0B10), (0x0B13, 0x0B28),
        (0x0B2A, 0x0B30), (0x0B32, 0x0B33), (0x0B35, 0x0B39), (0x0B3D, 0x0B3D), (0x0B5C, 0x0B5D),
        (0x0B5F, 0x0B61), (0x0B71, 0x0B71), (0x0B83, 0x0B83), (0x0B85, 0x0B8A), (0x0B8E, 0x0B90),
        (0x0B92, 0x0B95), (0x0B99, 0x0B9A), (0x0B9C, 0x0B9C), (0x0B9E, 0x0B9F), (0x0BA3, 0x0BA4),
        (0x0BA8, 0x0BAA), (0x0BAE, 0x0BB9), (0x0BD0, 0x0BD0), (0x0C05, 0x0C0C), (0x0C0E, 0x0C10),
        (0x0C12, 0x0C28), (0x0C2A, 0x0C39), (0x0C3D, 0x0C3D), (0x0C58, 0x0C5A), (0x0C5D, 0x0C5D),
        (0x0C60, 0x0C61), (0x0C80, 0x0C80), (0x0C85, 0x0C8C), (0x0C8E, 0x0C90), (0x0C92, 0x0CA8),
        (0x0CAA, 0x0CB3), (0x0CB5, 0x0CB9), (0x0CBD, 0x0CBD), (0x0CDD, 0x0CDE), (0x0CE0, 0x0CE1),
        (0x0CF1, 0x0CF2), (0x0D04, 0x0D0C), (0x0D0E, 0x0D10), (0x0D12, 0x0D3A), (0x0D3D, 0x0D3D),
        (0x0D4E, 0x0D4E), (0x0D54, 0x0D56), (0x0D5F, 0x0D61), (0x0D7A, 0x0D7F), (0x0D85, 0x0D96),
        (0x0D9A, 0x0DB1), (0x0DB3, 0x0DBB), (0x0DBD, 0x0DBD), (0x0DC0, 0x0DC6), (0x0E01, 0x0E30),
        (0x0E32, 0x0E33), (0x0E40, 0x0E46), (0x0E81, 0x0E82), (0x0E84, 0x0E84), (0x0E86, 0x0E8A),
        (0x0E8C, 0x0EA3), (0x0EA5, 0x0EA5), (0x0EA7, 0x0EB0), (0x0EB2, 0x0EB3), (0x0EBD, 0x0EBD),
        (0x0EC0, 0x0EC4), (0x0EC6, 0x0EC6), (0x0EDC, 0x0EDF), (0x0F00, 0x0F00), (0x0F40, 0x0F47),
        (0x0F49, 0x0F6C), (0x0F88, 0x0F8C), (0x1000, 0x102A), (0x103F, 0x103F), (0x1050, 0x1055),
        (0x105A, 0x105D), (0x1061, 0x1061), (0x1065, 0x1066), (0x106E, 0x1070), (0x1075, 0x1081),
        (0x108E, 0x108E), (0x10A0, 0x10C5), (0x10C7, 0x10C7), (0x10CD, 0x10CD), (0x10D0, 0x10FA),
        (0x10FC, 0x1248), (0x124A, 0x124D), (0x1250, 0x1256), (0x1258, 0x1258), (0x125A, 0x125D),
        (0x1260, 0x1288), (0x128A, 0x128D), (0x1290, 0x12B0), (0x12B2, 0x12B5), (0x12B8, 0x12BE),
        (0x12C0, 0x12C0), (0x12C2, 0x12C5), (0x12C8, 0x12D6), (0x12D8, 0x1310), (0x1312, 0x1315),
        (0x1318, 0x135A), (0x1380, 0x138F), (0x13A0, 0x13F5), (0x13F8, 0x13FD), (0x1401, 0x166C),
        (0x166F, 0x167F), (0x1681, 0x169A), (0x16A0, 0x16EA), (0x16F1, 0x16F8), (0x1700, 0x1711),
        (0x171F, 0x1731), (0x1740, 0x1751), (0x1760, 0x176C), (0x176E, 0x1770), (0x1780, 0x17B3),
        (0x17D7, 0x17D7), (0x17DC, 0x17DC), (0x1820, 0x1878), (0x1880, 0x1884), (0x1887, 0x18A8),
        (0x18AA, 0x18AA), (0x18B0, 0x18F5), (0x1900, 0x191E), (0x1950, 0x196D), (0x1970, 0x1974),
        (0x1980, 0x19AB), (0x19B0, 0x19C9), (0x1A00, 0x1A16), (0x1A20, 0x1A54), (0x1AA7, 0x1AA7),
        (0x1B05, 0x1B33), (0x1B45, 0x1B4C), (0x1B83, 0x1BA0), (0x1BAE, 0x1BAF), (0x1BBA, 0x1BE5),
        (0x1C00, 0x1C23), (0x1C4D, 0x1C4F), (0x1C5A, 0x1C7D), (0x1C80, 0x1C88), (0x1C90, 0x1CBA),
        (0x1CBD, 0x1CBF), (0x1CE9, 0x1CEC), (0x1CEE, 0x1CF3), (0x1CF5, 0x1CF6), (0x1CFA, 0x1CFA),
        (0x1D00, 0x1DBF), (0x1E00, 0x1F15), (0x1F18, 0x1F1D), (0x1F20, 0x1F45), (0x1F48, 0x1F4D),
        (0x1F50, 0x1F57), (0x1F59, 0x1F59), (0x1F5B, 0x1F5B), (0x1F5D, 0x1F5D), (0x1F5F, 0x1F7D),
        (0x1F80, 0x1FB4), (0x1FB6, 0x1FBC), (0x1FBE, 0x1FBE), (0x1FC2, 0x1FC4), (0x1FC6, 0x1FCC),
        (0x1FD0, 0x1FD3), (0x1FD6, 0x1FDB), (0x1FE0, 0x1FEC), (0x1FF2, 0x1FF4), (0x1FF6, 0x1FFC),
        (0x2071, 0x2071), (0x207F, 0x207F), (0x2090, 0x209C), (0x2102, 0x2102), (0x2107, 0x2107),
        (0x210A, 0x2113), (0x2115, 0x2115), (0x2119, 0x211D), (0x2124, 0x2124), (0x2126, 0x2126),
        (0x2128, 0x2128), (0x212A, 0x212D), (0x212F, 0x2139), (0x213C, 0x213F), (0x2145, 0x2149),
        (0x214E, 0x214E), (0x2183, 0x2184), (0x2C00, 0x2CE4), (0x2CEB, 0x2CEE), (0x2CF2, 0x2CF3),
        (0x2D00, 0x2D25), (0x2D27, 0x2D27), (0x2D2D, 0x2D2D), (0x2D30, 0x2D67), (0x2D6F, 0x2D6F),
        (0x2D80, 0x2D96), (0x2DA0, 0x2DA6), (0x2DA8, 0x2DAE), (0x2DB0, 0x2DB6), (0x2DB8, 0x2DBE),
        (0x2DC0, 0x2DC6), (0x2DC8, 0x2DCE), (0x2DD0, 0x2DD6), (0x2DD8, 0x2DDE), (0x2E2F, 0x2E2F),
        (0x3005, 0x3006), (0x3031, 0x3035), (0x303B, 0x303C), (0x3041, 0x3096), (0x309D, 0x309F),
        (0x30A1, 0x30FA), (0x30FC, 0x30FF), (0x3105, 0x312F), (0x3131, 0x318E), (0x31A0, 0x31BF),
        (0x31F0, 0x31FF), (0x3400, 0x4DBF), (0x4E00, 0xA48C), (0xA4D0, 0xA4FD), (0xA500, 0xA60C),
        (0xA610, 0xA61F), (0xA62A, 0xA62B), (0xA640, 0xA66E), (0xA67F, 0xA69D), (0xA6A0, 0xA6E5),
        (0xA717, 0xA71F), (0xA722, 0xA788), (0xA78B, 0xA7CA), (0xA7D0, 0xA7D1), (0xA7D3, 0xA7D3),
        (0xA7D5, 0xA7D9), (0xA7F2, 0xA801), (0xA803, 0xA805), (0xA807, 0xA80A), (0xA80C, 0xA822),
        (0xA840, 0xA873), (0xA882, 0xA8B3), (0xA8F2, 0xA8F7), (0xA8FB, 0xA8FB), (0xA8FD, 0xA8FE),
        (0xA90A, 0xA925), (0xA930, 0xA946), (0xA960, 0xA97C), (0xA984, 0xA9B2), (0xA9CF, 0xA9CF),
        (0xA9E0, 0xA9E4), (0xA9E6, 0xA9EF), (0xA9FA, 0xA9FE), (0xAA00, 0xAA28), (0xAA40, 0xAA42),
        (0xAA44, 0xAA4B), (0xAA60, 0xAA76), (0xAA7A, 0xAA7A), (0xAA7E, 0xAAAF), (0xAAB1, 0xAAB1),
        (0xAAB5, 0xAAB6), (0xAAB9, 0xAABD), (0xAAC0, 0xAAC0), (0xAAC2, 0xAAC2), (0xAADB, 0xAADD),
        (0xAAE0, 0xAAEA), (0xAAF2, 0xAAF4), (0xAB01, 0xAB06), (0xAB09, 0xAB0E), (0xAB11, 0xAB16),
        (0xAB20, 0xAB26), (0xAB28, 0xAB2E), (0xAB30, 0xAB5A), (0xAB5C, 0xAB69), (0xAB70, 0xABE2),
        (0xAC00, 0xD7A3), (0xD7B0, 0xD7C6), (0xD7CB, 0xD7FB), (0xF900, 0xFA6D), (0xFA70, 0xFAD9),
        (0xFB00, 0xFB06), (0xFB13, 0xFB17), (0xFB1D, 0xFB1D), (0xFB1F, 0xFB28), (0xFB2A, 0xFB36),
        (0xFB38, 0xFB3C), (0xFB3E, 0xFB3E), (0xFB40, 0xFB41), (0xFB43, 0xFB44), (0xFB46, 0xFBB1),
        (0xFBD3, 0xFD3D), (0xFD50, 0xFD8F), (0xFD92, 0xFDC7), (0xFDF0, 0xFDFB), (0xFE70, 0xFE74),
        (0xFE76, 0xFEFC), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A), (0xFF66, 0xFFBE), (0xFFC2, 0xFFC7),
        (0xFFCA, 0xFFCF), (0xFFD2, 0xFFD7), (0xFFDA, 0xFFDC), (0x10000, 0x1000B), (0x1000D, 0x10026),
        (0x10028, 0x1003A), (0x1003C, 0x1003D), (0x1003F, 0x1004D), (0x10050, 0x1005D), (0x10080, 0x100FA),
        (0x10280, 0x1029C), (0x102A0, 0x102D0), (0x10300, 0x1031F), (0x1032D, 0x10340), (0x10342, 0x10349),
        (0x10350, 0x10375), (0x10380, 0x1039D), (0x103A0, 0x103C3), (0x103C8, 0x103CF), (0x10400, 0x1049D),
        (0x104B0, 0x104D3), (0x104D8, 0x104FB), (0x10500, 0x10527), (0x10530, 0x10563), (0x10570, 0x1057A),
        (0x1057C, 0x1058A), (0x1058C, 0x10592), (0x10594, 0x10595), (0x10597, 0x105A1), (0x105A3, 0x105B1),
        (0x105B3, 0x105B9), (0x105BB, 0x105BC), (0x10600, 0x10736), (0x10740, 0x10755), (0x10760, 0x10767),
        (0x10780, 0x10785), (0x10787, 0x107B0), (0x107B2, 0x107BA), (0x10800, 0x10805), (0x10808, 0x10808),
        (0x1080A, 0x10835), (0x10837, 0x10838), (0x1083C, 0x1083C), (0x1083F, 0x10855), (0x10860, 0x10876),
        (0x10880, 0x1089E), (0x108E0, 0x108F2), (0x108F4, 0x108F5), (0x10900, 0x10915), (0x10920, 0x10939),
        (0x10980, 0x109B7), (0x109BE, 0x109BF), (0x10A00, 0x10A00), (0x10A10, 0x10A13), (0x10A15, 0x10A17),
        (0x10A19, 0x10A35), (0x10A60, 0x10A7C), (0x10A80, 0x10A9C), (0x10AC0, 0x10AC7), (0x10AC9, 0x10AE4),
        (0x10B00, 0x10B35), (0x10B40, 0x10B55), (0x10B60, 0x10B72), (0x10B80, 0x10B91), (0x10C00, 0x10C48),
        (0x10C80, 0x10CB2), (0x10CC0, 0x10CF2), (0x10D00, 0x10D23), (0x10E80, 0x10EA9), (0x10EB0, 0x10EB1),
        (0x10F00, 0x10F1C), (0x10F27, 0x10F27), (0x10F30, 0x10F45), (0x10F70, 0x10F81), (0x10FB0, 0x10FC4),
        (0x10FE0, 0x10FF6), (0x11003, 0x11037), (0x11071, 0x11072), (0x11075, 0x11075), (0x11083, 0x110AF),
        (0x110D0, 0x110E8), (0x11103, 0x11126), (0x11144, 0x11144), (0x11147, 0x11147), (0x11150, 0x11172),
        (0x11176, 0x11176), (0x11183, 0x111B2), (0x111C1, 0x111C4), (0x111DA, 0x111DA), (0x111DC, 0x111DC),
        (0x11200, 0x11211), (0x11213, 0x1122B), (0x1123F, 0x11240), (0x11280, 0x11286), (0x11288, 0x11288),
        (0x1128A, 0x1128D), (0x1128F, 0x1129D), (0x1129F, 0x112A8), (0x112B0, 0x112DE), (0x11305, 0x1130C),
        (0x1130F, 0x11310), (0x11313, 0x11328), (0x1132A, 0x11330), (0x11332, 0x11333), (0x11335, 0x11339),
        (0x1133D, 0x1133D), (0x11350, 0x11350), (0x1135D, 0x11361), (0x11400, 0x11434), (0x11447, 0x1144A),
        (0x1145F, 0x11461), (0x11480, 0x114AF), (0x114C4, 0x114C5), (0x114C7, 0x114C7), (0x11580, 0x115AE),
        (0x115D8, 0x115DB), (0x11600, 0x1162F), (0x11644, 0x11644), (0x11680, 0x116AA), (0x116B8, 0x116B8),
        (0x11700, 0x1171A), (0x11740, 0x11746), (0x11800, 0x1182B), (0x118A0, 0x118DF), (0x118FF, 0x11906),
        (0x11909, 0x11909), (0x1190C, 0x11913), (0x11915, 0x11916), (0x11918, 0x1192F), (0x1193F, 0x1193F),
        (0x11941, 0x11941), (0x119A0, 0x119A7), (0x119AA, 0x119D0), (0x119E1, 0x119E1), (0x119E3, 0x119E3),
        (0x11A00, 0x11A00), (0x11A0B, 0x11A32), (0x11A3A, 0x11A3A), (0x11A50, 0x11A50), (0x11A5C, 0x11A89),
        (0x11A9D, 0x11A9D), (0x11AB0, 0x11AF8), (0x11C00, 0x11C08), (0x11C0A, 0x11C2E), (0x11C40, 0x11C40),
        (0x11C72, 0x11C8F), (0x11D00, 0x11D06), (0x11D08, 0x11D09), (0x11D0B, 0x11D30), (0x11D46, 0x11D46),
        (0x11D60, 0x11D65), (0x11D67, 0x11D68), (0x11D6A, 0x11D89), (0x11D98, 0x11D98), (0x11EE0, 0x11EF2),
        (0x11F02, 0x11F02), (0x11F04, 0x11F10), (0x11F12, 0x11F33), (0x11FB0, 0x11FB0), (0x12000, 0x12399),
        (0x12480, 0x12543), (0x12F90, 0x12FF0), (0x13000, 0x1342F), (0x13441, 0x13446), (0x14400, 0x14646),
        (0x16800, 0x16A38), (0x16A40, 0x16A5E), (0x16A70, 0x16ABE), (0x16AD0, 0x16AED), (0x16B00, 0x16B2F),
        (0x16B40, 0x16B43), (0x16B63, 0x16B77), (0x16B7D, 0x16B8F), (0x16E40, 0x16E7F), (0x16F00, 0x16F4A),
        (0x16F50, 0x16F50), (0x16F93, 0x16F9F), (0x16FE0, 0x16FE1), (0x16FE3, 0x16FE3), (0x17000, 0x187F7),
        (0x18800, 0x18CD5), (0x18D00, 0x18D08), (0x1AFF0, 0x1AFF3), (0x1AFF5, 0x1AFFB), (0x1AFFD, 0x1AFFE),
        (0x1B000, 0x1B122), (0x1B132, 0x1B132), (0x1B150, 0x1B152), (0x1B155, 0x1B155), (0x1B164, 0x1B167),
        (0x1B170, 0x1B2FB), (0x1BC00, 0x1BC6A), (0x1BC70, 0x1BC7C), (0x1BC80, 0x1BC88), (0x1BC90, 0x1BC99),
        (0x1D400, 0x1D454), (0x1D456, 0x1D49C), (0x1D49E, 0x1D49F), (0x1D4A2, 0x1D4A2), (0x1D4A5, 0x1D4A6),
        (0x1D4A9, 0x1D4AC), (0x1D4AE, 0x1D4B9), (0x1D4BB, 0x1D4BB), (0x1D4BD, 0x1D4C3), (0x1D4C5, 0x1D505),
        (0x1D507, 0x1D50A), (0x1D50D, 0x1D514), (0x1D516, 0x1D51C), (0x1D51E, 0x1D539), (0x1D53B, 0x1D53E),
        (0x1D540, 0x1D544), (0x1D546, 0x1D546), (0x1D54A, 0x1D550), (0x1D552, 0x1D6A5), (0x1D6A8, 0x1D6C0),
        (0x1D6C2, 0x1D6DA), (0x1D6DC, 0x1D6FA), (0x1D6FC, 0x1D714), (0x1D716, 0x1D734), (0x1D736, 0x1D74E),
        (0x1D750, 0x1D76E), (0x1D770, 0x1D788), (0x1D78A, 0x1D7A8), (0x1D7AA, 0x1D7C2), (0x1D7C4, 0x1D7CB),
        (0x1DF00, 0x1DF1E), (0x1DF25, 0x1DF2A), (0x1E030, 0x1E06D), (0x1E100, 0x1E12C), (0x1E137, 0x1E13D),
        (0x1E14E, 0x1E14E), (0x1E290, 0x1E2AD), (0x1E2C0, 0x1E2EB), (0x1E4D0, 0x1E4EB), (0x1E7E0, 0x1E7E6),
        (0x1E7E8, 0x1E7EB), (0x1E7ED, 0x1E7EE), (0x1E7F0, 0x1E7FE), (0x1E800, 0x1E8C4), (0x1E900, 0x1E943),
        (0x1E94B, 0x1E94B), (0x1EE00, 0x1EE03), (0x1EE05, 0x1EE1F), (0x1EE21, 0x1EE22), (0x1EE24, 0x1EE24),
        (0x1EE27, 0x1EE27), (0x1EE29, 0x1EE32), (0x1EE34, 0x1EE37), (0x1EE39, 0x1EE39), (0x1EE3B, 0x1EE3B),
        (0x1EE42, 0x1EE42), (0x1EE47, 0x1EE47), (0x1EE49, 0x1EE49), (0x1EE4B, 0x1EE4B), (0x1EE4D, 0x1EE4F),
        (0x1EE51, 0x1EE52), (0x1EE54, 0x1EE54), (0x1EE57, 0x1EE57), (0x1EE59, 0x1EE59), (0x1EE5B, 0x1EE5B),
        (0x1EE5D, 0x1EE5D), (0x1EE5F, 0x1EE5F), (0x1EE61, 0x1EE62), (0x1EE64, 0x1EE64), (0x1EE67, 0x1EE6A),
        (0x1EE6C, 0x1EE72), (0x1EE74, 0x1EE77), (0x1EE79, 0x1EE7C), (0x1EE7E, 0x1EE7E), (0x1EE80, 0x1EE89),
        (0x1EE8B, 0x1EE9B), (0x1EEA1, 0x1EEA3), (0x1EEA5, 0x1EEA9), (0x1EEAB, 0x1EEBB), (0x20000, 0x2A6DF),
        (0x2A700, 0x2B739), (0x2B740, 0x2B81D), (0x2B820, 0x2CEA1), (0x2CEB0, 0x2EBE0), (0x2EBF0, 0x2EE5D),
        (0x2F800, 0x2FA1D), (0x30000, 0x3134A), (0x31350, 0x323AF),
    ];

    /// Non-ASCII code points of general category Nd, as merged ranges.
    pub(super) const DECIMAL_DIGIT: &[(u32, u32)] = &[
        (0x0660, 0x0669), (0x06F0, 0x06F9), (0x07C0, 0x07C9), (0x0966, 0x096F), (0x09E6, 0x09EF),
        (0x0A66, 0x0A6F), (0x0AE6, 0x0AEF), (0x0B66, 0x0B6F), (0x0BE6, 0x0BEF), (0x0C66, 0x0C6F),
        (0x0CE6, 0x0CEF), (0x0D66, 0x0D6F), (0x0DE6, 0x0DEF), (0x0E50, 0x0E59), (0x0ED0, 0x0ED9),
        (0x0F20, 0x0F29), (0x1040, 0x1049), (0x1090, 0x1099), (0x17E0, 0x17E9), (0x1810, 0x1819),
        (0x1946, 0x194F), (0x19D0, 0x19D9), (0x1A80, 0x1A89), (0x1A90, 0x1A99), (0x1B50, 0x1B59),
        (0x1BB0, 0x1BB9), (0x1C40, 0x1C49), (0x1C50, 0x1C59), (0xA620, 0xA629), (0xA8D0, 0xA8D9),
        (0xA900, 0xA909), (0xA9D0, 0xA9D9), (0xA9F0, 0xA9F9), (0xAA50, 0xAA59), (0xABF0, 0xABF9),
        (0xFF10, 0xFF19), (0x104A0, 0x104A9), (0x10D30, 0x10D39), (0x11066, 0x1106F), (0x110F0, 0x110F9),
        (0x11136, 0x1113F), (0x111D0, 0x111D9), (0x112F0, 0x112F9), (0x11450, 0x11459), (0x114D0, 0x114D9),
        (0x11650, 0x11659), (0x116C0, 0x116C9), (0x11730, 0x11739), (0x118E0, 0x118E9), (0x11950, 0x11959),
        (0x11C50, 0x11C59), (0x11D50, 0x11D59), (0x11DA0, 0x11DA9), (0x11F50, 0x11F59), (0x16A60, 0x16A69),
        (0x16AC0, 0x16AC9), (0x16B50, 0x16B59), (0x1D7CE, 0x1D7FF), (0x1E140, 0x1E149), (0x1E2F0, 0x1E2F9),
        (0x1E4F0, 0x1E4F9), (0x1E950, 0x1E959), (0x1FBF0, 0x1FBF9),
    ];
}
