//! Syntax tree of a shell script: words, redirections, simple commands and
//! the control structures around them.

use std::fmt;

pub use crate::syntax::Span;

/// A span that is never reversed (an inverted range becomes empty at `start`).
pub(crate) fn mk_span(start: usize, end: usize) -> Span {
    Span::new(start, end.max(start))
}

/// One piece of a [`Word`].
#[derive(Debug, Clone, PartialEq)]
pub enum WordPart {
    /// Unquoted text (or text inside double quotes), backslash escapes removed.
    Literal {
        /// Where the text is.
        span: Span,
        /// The text with escapes and line continuations removed.
        value: String,
    },
    /// `'...'`: the value is the text between the quotes.
    SingleQuoted {
        /// Span including both quotes.
        span: Span,
        /// Text between the quotes.
        value: String,
    },
    /// `$'...'`: ANSI-C quoting, escapes decoded.
    AnsiC {
        /// Span from `$` to the closing quote.
        span: Span,
        /// Decoded text.
        value: String,
    },
    /// `"..."` with its inner parts (literals and expansions).
    DoubleQuoted {
        /// Span including both quotes.
        span: Span,
        /// Inner parts; never contains quoted parts.
        parts: Vec<WordPart>,
    },
    /// `$NAME` or `${...}`.
    Param(ParamExpansion),
    /// `$(...)` or `` `...` ``; the inner commands are in [`Script::commands`].
    CommandSubst {
        /// Span of the whole substitution.
        span: Span,
        /// The inner script.
        body: List,
        /// Whether backticks were used.
        backtick: bool,
    },
    /// `<(...)` or `>(...)`; the inner commands are in [`Script::commands`].
    ProcessSubst {
        /// Span of the whole substitution.
        span: Span,
        /// The inner script.
        body: List,
        /// `true` for `<(...)` (the command's output is read).
        input: bool,
    },
    /// `$((...))` arithmetic expansion.
    Arith {
        /// Span of the whole expansion.
        span: Span,
        /// The expression text between the parentheses.
        expr: String,
        /// The expression as literal text and expansions (`$x`, `$(nproc)`...).
        parts: Vec<WordPart>,
    },
}

impl WordPart {
    /// Span of this part.
    pub fn span(&self) -> Span {
        match self {
            WordPart::Literal { span, .. }
            | WordPart::SingleQuoted { span, .. }
            | WordPart::AnsiC { span, .. }
            | WordPart::DoubleQuoted { span, .. }
            | WordPart::CommandSubst { span, .. }
            | WordPart::ProcessSubst { span, .. }
            | WordPart::Arith { span, .. } => *span,
            WordPart::Param(p) => p.span,
        }
    }

    /// Whether this part involves quoting.
    pub fn is_quoted(&self) -> bool {
        matches!(
            self,
            WordPart::SingleQuoted { .. } | WordPart::AnsiC { .. } | WordPart::DoubleQuoted { .. }
        )
    }

    fn push_literal(&self, out: &mut String) -> bool {
        match self {
            WordPart::Literal { value, .. }
            | WordPart::SingleQuoted { value, .. }
            | WordPart::AnsiC { value, .. } => {
                out.push_str(value);
                true
            }
            WordPart::DoubleQuoted { parts, .. } => parts.iter().all(|p| p.push_literal(out)),
            _ => false,
        }
    }

    fn push_lossy(&self, out: &mut String) {
        match self {
            WordPart::Literal { value, .. }
            | WordPart::SingleQuoted { value, .. }
            | WordPart::AnsiC { value, .. } => out.push_str(value),
            WordPart::DoubleQuoted { parts, .. } => parts.iter().for_each(|p| p.push_lossy(out)),
            WordPart::Param(p) => {
                out.push_str("${");
                out.push_str(&p.name);
                out.push('}');
            }
            WordPart::CommandSubst { .. } => out.push_str("$(...)"),
            WordPart::ProcessSubst { input, .. } => {
                out.push_str(if *input { "<(...)" } else { ">(...)" })
            }
            WordPart::Arith { expr, .. } => {
                out.push_str("$((");
                out.push_str(expr);
                out.push_str("))");
            }
        }
    }
}

/// A parameter expansion: `$NAME`, `$1`, `$@`, `${NAME}`, `${NAME:-default}`, `${#NAME}`...
#[derive(Debug, Clone, PartialEq)]
pub struct ParamExpansion {
    /// Span from `$` to the end of the expansion.
    pub span: Span,
    /// Parameter name, with any `[subscript]`.
    pub name: String,
    /// Whether braces were used.
    pub braced: bool,
    /// `${#NAME}`: length of the value.
    pub length: bool,
    /// `${!NAME}`: indirection.
    pub indirect: bool,
    /// Operator after the name (`:-`, `-`, `:=`, `:?`, `:+`, `#`, `##`, `%`, `%%`, `/`, `//`, `^`, `,`, `:`, `@`...).
    pub op: Option<String>,
    /// The word after the operator.
    pub arg: Option<Word>,
}

/// A shell word: a sequence of quoted and unquoted parts and expansions.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    span: Span,
    parts: Vec<WordPart>,
    literal: Option<String>,
}

impl Word {
    /// Builds a word from its parts and computes its static value.
    pub fn new(span: Span, parts: Vec<WordPart>) -> Self {
        let mut value = String::new();
        let literal = if parts.iter().all(|p| p.push_literal(&mut value)) {
            Some(value)
        } else {
            None
        };
        Word {
            span,
            parts,
            literal,
        }
    }

    /// Raw span of the whole word, quotes included.
    pub fn span(&self) -> Span {
        self.span
    }

    /// The parts of the word in order.
    pub fn parts(&self) -> &[WordPart] {
        &self.parts
    }

    /// The value after quote removal, when the word contains no expansion.
    pub fn literal(&self) -> Option<&str> {
        self.literal.as_deref()
    }

    /// Whether the word contains no expansion.
    pub fn is_static(&self) -> bool {
        self.literal.is_some()
    }

    /// Whether any part is quoted.
    pub fn is_quoted(&self) -> bool {
        self.parts.iter().any(WordPart::is_quoted)
    }

    /// The value with quotes removed and each expansion written as a
    /// placeholder (`${NAME}`, `$(...)`, `$((expr))`); equal to
    /// [`Word::literal`] for static words. Handy for messages and for
    /// splitting `name=${VERSION}`-like specs.
    pub fn lossy(&self) -> String {
        if let Some(l) = &self.literal {
            return l.clone();
        }
        let mut out = String::new();
        self.parts.iter().for_each(|p| p.push_lossy(&mut out));
        out
    }

    /// The static text before the first expansion (the whole value for a static word).
    pub fn static_prefix(&self) -> String {
        let mut out = String::new();
        fn walk(parts: &[WordPart], out: &mut String) -> bool {
            for p in parts {
                match p {
                    WordPart::Literal { value, .. }
                    | WordPart::SingleQuoted { value, .. }
                    | WordPart::AnsiC { value, .. } => out.push_str(value),
                    WordPart::DoubleQuoted { parts, .. } => {
                        if !walk(parts, out) {
                            return false;
                        }
                    }
                    _ => return false,
                }
            }
            true
        }
        walk(&self.parts, &mut out);
        out
    }

    /// The parameter names expanded anywhere in the word (outermost level and inside quotes).
    pub fn params(&self) -> Vec<&str> {
        fn walk<'a>(parts: &'a [WordPart], out: &mut Vec<&'a str>) {
            for p in parts {
                match p {
                    WordPart::Param(pe) => out.push(&pe.name),
                    WordPart::DoubleQuoted { parts, .. } => walk(parts, out),
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.parts, &mut out);
        out
    }
}

/// `NAME=value`, `NAME+=value` or `NAME=(a b c)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// Span of the whole assignment.
    pub span: Span,
    /// Variable name (with any `[index]`).
    pub name: String,
    /// `+=` rather than `=`.
    pub append: bool,
    /// The value word (empty for `NAME=` and for arrays).
    pub value: Word,
    /// Elements of an array assignment `NAME=(...)`.
    pub array: Option<Vec<Word>>,
}

/// Redirection operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RedirectOp {
    /// `<`
    In,
    /// `>`
    Out,
    /// `>>`
    Append,
    /// `>|`
    Clobber,
    /// `<>`
    ReadWrite,
    /// `<&`
    DupIn,
    /// `>&`
    DupOut,
    /// `&>` (stdout and stderr)
    OutErr,
    /// `&>>`
    AppendOutErr,
    /// `<<`
    Heredoc,
    /// `<<-` (leading tabs stripped)
    HeredocStrip,
    /// `<<<`
    HereString,
}

impl RedirectOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            RedirectOp::In => "<",
            RedirectOp::Out => ">",
            RedirectOp::Append => ">>",
            RedirectOp::Clobber => ">|",
            RedirectOp::ReadWrite => "<>",
            RedirectOp::DupIn => "<&",
            RedirectOp::DupOut => ">&",
            RedirectOp::OutErr => "&>",
            RedirectOp::AppendOutErr => "&>>",
            RedirectOp::Heredoc => "<<",
            RedirectOp::HeredocStrip => "<<-",
            RedirectOp::HereString => "<<<",
        }
    }
}

/// A redirection such as `>file`, `2>&1` or `<<EOF`.
#[derive(Debug, Clone, PartialEq)]
pub struct Redirect {
    /// Span from the fd number (or operator) to the end of the target word.
    pub span: Span,
    /// Explicit file descriptor (`2` in `2>&1`).
    pub fd: Option<u32>,
    /// The operator.
    pub op: RedirectOp,
    /// Target word (file, fd, here-string, or heredoc delimiter); `None` if missing.
    pub target: Option<Word>,
    /// For `<<` and `<<-`: the here-document.
    pub heredoc: Option<Heredoc>,
}

/// A here-document introduced by `<<DELIM` inside the script.
#[derive(Debug, Clone, PartialEq)]
pub struct Heredoc {
    /// The delimiter after quote removal.
    pub delimiter: String,
    /// Whether the delimiter was quoted (then the body is not expanded).
    pub quoted: bool,
    /// The body, when the script text contains it; `None` when the text
    /// ends on the marker's line (the Dockerfile parser may own the body).
    pub body: Option<HeredocBody>,
}

/// Body of a here-document.
#[derive(Debug, Clone, PartialEq)]
pub struct HeredocBody {
    /// Span of the body lines, without the closing delimiter line.
    pub span: Span,
    /// The content as a word: literal text plus, for an unquoted delimiter, expansions.
    pub content: Word,
    /// `false` when the delimiter line was never found.
    pub terminated: bool,
}

/// `&&` or `||`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AndOrOp {
    /// `&&`
    And,
    /// `||`
    Or,
}

/// What ends an item of a [`List`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Separator {
    /// `;`
    Semicolon,
    /// `&` (run in background)
    Background,
    /// A newline
    Newline,
}

/// A sequence of and-or lists, as found in a script or a compound body.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct List {
    /// The items in order.
    pub items: Vec<AndOr>,
}

/// Pipelines joined by `&&`/`||`.
#[derive(Debug, Clone, PartialEq)]
pub struct AndOr {
    /// Span of the item, without its separator.
    pub span: Span,
    /// First pipeline.
    pub first: Pipeline,
    /// Following pipelines with the operator before each.
    pub rest: Vec<(AndOrOp, Pipeline)>,
    /// The separator after the item, if any.
    pub separator: Option<Separator>,
}

impl AndOr {
    /// All pipelines in order.
    pub fn pipelines(&self) -> impl Iterator<Item = &Pipeline> {
        std::iter::once(&self.first).chain(self.rest.iter().map(|(_, p)| p))
    }
}

/// Commands joined by `|` (or `|&`).
#[derive(Debug, Clone, PartialEq)]
pub struct Pipeline {
    /// Span of the pipeline.
    pub span: Span,
    /// `! pipeline`
    pub negated: bool,
    /// The stages in order.
    pub commands: Vec<Node>,
}

/// A command in the tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A simple command: index into [`Script::commands`].
    Simple(usize),
    /// A compound command.
    Compound(Box<Compound>),
    /// A function definition.
    Function(Box<FunctionDef>),
}

/// `name() body` or `function name body`.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionDef {
    /// Span of the whole definition.
    pub span: Span,
    /// Function name.
    pub name: String,
    /// Span of the name.
    pub name_span: Span,
    /// The body (usually a brace group); `None` if missing.
    pub body: Option<Node>,
}

/// A compound command with its trailing redirections.
#[derive(Debug, Clone, PartialEq)]
pub struct Compound {
    /// Span including the redirections.
    pub span: Span,
    /// What kind of compound command.
    pub kind: CompoundKind,
    /// Redirections after the closing keyword.
    pub redirects: Vec<Redirect>,
}

/// The kinds of compound commands.
#[derive(Debug, Clone, PartialEq)]
pub enum CompoundKind {
    /// `( list )`
    Subshell(List),
    /// `{ list; }`
    Group(List),
    /// `if c; then b; elif c; then b; else b; fi`
    If {
        /// `(condition, body)` for the `if` and each `elif`.
        branches: Vec<(List, List)>,
        /// The `else` body.
        else_body: Option<List>,
    },
    /// `for name [in words]; do body; done`
    For {
        /// Loop variable.
        var: String,
        /// Span of the variable name.
        var_span: Span,
        /// The words after `in`; `None` when `in` is absent (iterates `"$@"`).
        words: Option<Vec<Word>>,
        /// Loop body.
        body: List,
    },
    /// `for ((init; cond; step)); do body; done`
    ArithFor {
        /// Text between the double parentheses.
        header: String,
        /// Loop body.
        body: List,
    },
    /// `while cond; do body; done` or `until ...`.
    While {
        /// `true` for `until`.
        until: bool,
        /// Condition list.
        condition: List,
        /// Loop body.
        body: List,
    },
    /// `case word in pattern) body;; esac`
    Case {
        /// The word being matched.
        word: Option<Word>,
        /// The arms.
        arms: Vec<CaseArm>,
    },
    /// `(( expr ))`
    Arith {
        /// Expression text.
        expr: String,
        /// The expression as literal text and expansions.
        parts: Vec<WordPart>,
    },
}

/// One arm of a `case`.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseArm {
    /// Span from the first pattern to the terminator.
    pub span: Span,
    /// The alternatives separated by `|`.
    pub patterns: Vec<Word>,
    /// The arm's commands.
    pub body: List,
    /// `;;`, `;&` or `;;&`; `None` before `esac` or at the end of input.
    pub terminator: Option<String>,
}

/// Where a simple command sits inside the control structure.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Context {
    /// Inside `( ... )`.
    Subshell,
    /// Inside `{ ...; }`.
    Group,
    /// In the condition of an `if` or `elif`.
    IfCondition,
    /// In a `then` body.
    IfBody,
    /// In an `else` body.
    ElseBody,
    /// In the condition of `while`/`until`.
    LoopCondition,
    /// In the body of `for`/`while`/`until`.
    LoopBody,
    /// In an arm of `case`.
    CaseArm,
    /// In the body of a function definition.
    Function(String),
    /// Inside `$(...)`, backticks, `<(...)` or `>(...)`.
    Substitution {
        /// Index of the simple command whose words hold the substitution, if any.
        owner: Option<usize>,
    },
    /// Inside the string of `sh -c '...'` (also `bash -c`, `su -c`...).
    InlineScript {
        /// Index of the `sh -c` command.
        owner: usize,
    },
}

/// The position of a simple command: enclosing structures and its place in its pipeline and and-or list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Position {
    /// Enclosing structures, outermost first.
    pub enclosing: Vec<Context>,
    /// Index of the command's stage in its pipeline.
    pub pipeline_index: usize,
    /// Number of stages in its pipeline.
    pub pipeline_len: usize,
    /// Index of the previous stage, if it is a simple command.
    pub pipe_from: Option<usize>,
    /// Index of the next stage, if it is a simple command.
    pub pipe_to: Option<usize>,
    /// The pipeline is negated with `!`.
    pub negated: bool,
    /// Operator before the command's pipeline in its and-or list (`b` in `a && b`).
    pub op_before: Option<AndOrOp>,
    /// Operator after the command's pipeline in its and-or list (`a` in `a && b`).
    pub op_after: Option<AndOrOp>,
    /// The and-or list runs in the background (`&`).
    pub background: bool,
}

impl Position {
    /// Whether any enclosing structure is conditional (if, loop, case, function, `||`/`&&` right-hand side...).
    pub fn is_conditional(&self) -> bool {
        self.op_before.is_some()
            || self.enclosing.iter().any(|c| {
                matches!(
                    c,
                    Context::IfBody
                        | Context::ElseBody
                        | Context::LoopBody
                        | Context::LoopCondition
                        | Context::CaseArm
                        | Context::Function(_)
                )
            })
    }
}

/// A wrapper stripped off a command line (`sudo -u x`, `env A=b`, `nohup`...).
#[derive(Debug, Clone, PartialEq)]
pub struct Wrapper {
    /// The wrapper's name as written (`sudo`, `/usr/bin/env`...).
    pub name: String,
    /// Span of the wrapper word and its options.
    pub span: Span,
}

/// A simple command: assignments, words and redirections.
#[derive(Debug, Clone, PartialEq)]
pub struct Command {
    /// Index of the command in [`Script::commands`].
    pub id: usize,
    /// Span of the whole command.
    pub span: Span,
    /// Leading `NAME=value` assignments.
    pub assignments: Vec<Assignment>,
    /// All words after the assignments, wrappers included.
    pub words: Vec<Word>,
    /// Redirections, in order.
    pub redirects: Vec<Redirect>,
    /// Where the command is.
    pub position: Position,
    /// Wrappers before the effective command (`sudo`, `env`, `nohup`, `time`, `exec`, `command`, `nice`).
    pub wrappers: Vec<Wrapper>,
    /// For `sh -c 'script'` with a static string: the parsed script (its commands are in [`Script::commands`]).
    pub inline_script: Option<List>,
    /// Index into `words` of the effective command name.
    pub(crate) name_index: Option<usize>,
}

impl Command {
    pub(crate) fn placeholder(id: usize, span: Span) -> Self {
        Command {
            id,
            span,
            assignments: Vec::new(),
            words: Vec::new(),
            redirects: Vec::new(),
            position: Position::default(),
            wrappers: Vec::new(),
            inline_script: None,
            name_index: None,
        }
    }

    /// The word naming the effective command, after wrappers.
    pub fn name_word(&self) -> Option<&Word> {
        self.name_index.and_then(|i| self.words.get(i))
    }

    /// The effective command name as written (`/usr/bin/apt-get`), if static.
    pub fn name(&self) -> Option<&str> {
        self.name_word().and_then(Word::literal)
    }

    /// The base name of the effective command (`apt-get` for `/usr/bin/apt-get`).
    pub fn program(&self) -> Option<&str> {
        self.name().map(|n| n.rsplit('/').next().unwrap_or(n))
    }

    /// The arguments after the effective command name (empty without a name).
    pub fn args(&self) -> &[Word] {
        match self.name_index {
            Some(i) => self.words.get(i + 1..).unwrap_or(&[]),
            None => &[],
        }
    }

    /// Whether a wrapper with this base name was stripped (e.g. `"sudo"`).
    pub fn has_wrapper(&self, name: &str) -> bool {
        self.wrappers
            .iter()
            .any(|w| w.name.rsplit('/').next() == Some(name))
    }
}

/// The kinds of syntax problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    /// `'` without its closing quote.
    UnterminatedSingleQuote,
    /// `"` without its closing quote.
    UnterminatedDoubleQuote,
    /// `$'` without its closing quote.
    UnterminatedAnsiC,
    /// `` ` `` without its closing backtick.
    UnterminatedBacktick,
    /// `$(` without `)`.
    UnterminatedCommandSubst,
    /// `${` without `}`.
    UnterminatedParam,
    /// `$((` or `((` without `))`.
    UnterminatedArith,
    /// `(` without `)`.
    UnclosedSubshell,
    /// A keyword or `}` that was expected was not found.
    MissingKeyword(&'static str),
    /// A token that cannot appear here (stray `)`, `fi`, `;;`, leading `&&`...).
    UnexpectedToken,
    /// An operator not followed by a command (`a &&` at the end, `| |`).
    MissingCommand,
    /// A redirection operator without its target.
    MissingRedirectTarget,
    /// A here-document whose delimiter line never appears.
    UnterminatedHeredoc,
    /// Nesting deeper than the parser follows; the rest is skipped.
    TooDeep,
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProblemKind::UnterminatedSingleQuote => f.write_str("unterminated single quote"),
            ProblemKind::UnterminatedDoubleQuote => f.write_str("unterminated double quote"),
            ProblemKind::UnterminatedAnsiC => f.write_str("unterminated $'...' string"),
            ProblemKind::UnterminatedBacktick => f.write_str("unterminated backtick substitution"),
            ProblemKind::UnterminatedCommandSubst => f.write_str("unterminated $(...)"),
            ProblemKind::UnterminatedParam => f.write_str("unterminated ${...}"),
            ProblemKind::UnterminatedArith => f.write_str("unterminated arithmetic (( ))"),
            ProblemKind::UnclosedSubshell => f.write_str("missing ) to close the subshell"),
            ProblemKind::MissingKeyword(k) => write!(f, "expected `{k}`"),
            ProblemKind::UnexpectedToken => f.write_str("unexpected token"),
            ProblemKind::MissingCommand => f.write_str("missing command after operator"),
            ProblemKind::MissingRedirectTarget => f.write_str("missing redirection target"),
            ProblemKind::UnterminatedHeredoc => f.write_str("here-document delimiter not found"),
            ProblemKind::TooDeep => f.write_str("nesting too deep; rest not analysed"),
        }
    }
}

/// A syntax problem found while parsing; parsing continued after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxProblem {
    /// Where the problem is (often the opening token).
    pub span: Span,
    /// What is wrong.
    pub kind: ProblemKind,
}

/// A parsed script.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Script {
    /// Span of the parsed text.
    pub span: Span,
    /// The top-level list.
    pub body: List,
    /// Every simple command in source order, including those inside
    /// substitutions and `sh -c` strings; [`Node::Simple`] indexes into it.
    pub commands: Vec<Command>,
    /// Syntax problems, in the order found.
    pub problems: Vec<SyntaxProblem>,
}

impl Script {
    /// The command at `id`.
    pub fn command(&self, id: usize) -> Option<&Command> {
        self.commands.get(id)
    }

    /// Commands whose [`Command::program`] is `name`.
    pub fn commands_named<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s Command> + 's {
        self.commands
            .iter()
            .filter(move |c| c.program() == Some(name))
    }

    /// Every span in the script (commands, words, parts, redirections, nodes, problems); for checks and tooling.
    pub fn all_spans(&self) -> Vec<Span> {
        crate::shell::visit::collect_spans(self)
    }
}
