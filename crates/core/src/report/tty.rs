//! The `tty` format: for people, like rustc and ruff. Each finding is a header,
//! the source lines of its span with the span underlined, and a fix hint; a summary
//! line closes the report.
//!
//! ```text
//! Dockerfile:2:5: warning[DL3003] Use WORKDIR to switch to a directory (cd-instead-of-workdir)
//!   |
//! 2 | RUN cd /src && make
//!   |     ^^^^^^^
//!   = fix available (safe): Replace `cd` with `WORKDIR /src`
//!
//! Found 1 problem (1 warning) in 1 file; 1 fixable with --fix
//! ```
//!
//! Columns in the header count characters, as everywhere in dockwright. In the code
//! frame tabs expand to the next multiple of 4 cells, East Asian wide characters
//! take two cells, combining marks none, and control characters (which could drive
//! the terminal) are shown as their Unicode control pictures, so the underline
//! stays under what it marks. A span over several lines is drawn with a bar down
//! the left, as rustc does; more than 6 lines are shortened to the first and last
//! two.
//!
//! Colour is ANSI escapes, only when [`TtyOptions::color`] says so: the caller
//! decides (a terminal, and `NO_COLOR` unset).

use std::fmt::Write as _;

use super::util::{clamp_span, plural, prev_boundary, range, Counts};
use super::FileReport;
use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::Applicability;
use crate::syntax::LineIndex;

/// Options of the `tty` format.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TtyOptions {
    /// Colour the output with ANSI escapes.
    pub color: bool,
}

/// Tab stops in the code frame.
const TAB: usize = 4;
/// Spans over more lines than this show only their first and last two lines.
const MAX_LINES: usize = 6;

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, out: &mut String, code: &str, text: &str) {
        if self.color && !text.is_empty() {
            out.push_str("\x1b[");
            out.push_str(code);
            out.push('m');
            out.push_str(text);
            out.push_str("\x1b[0m");
        } else {
            out.push_str(text);
        }
    }
}

const BOLD: &str = "1";
const DIM: &str = "2";
const GUTTER: &str = "1;34";
const HINT: &str = "1;36";

fn severity_color(s: Severity) -> &'static str {
    match s {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Info => "1;36",
        Severity::Style => "1;35",
    }
}

/// Render the findings of `files` for a terminal.
pub fn render(files: &[FileReport], options: &TtyOptions) -> String {
    let st = Style {
        color: options.color,
    };
    let mut out = String::new();
    for f in files {
        if f.diagnostics.is_empty() {
            continue;
        }
        let index = LineIndex::new(&f.source);
        for d in &f.diagnostics {
            finding(&mut out, f, &index, d, &st);
            out.push('\n');
        }
    }
    summary(&mut out, &Counts::of(files), &st);
    out
}

fn finding(out: &mut String, f: &FileReport, index: &LineIndex, d: &Diagnostic, st: &Style) {
    let (start, _) = range(d);
    let color = severity_color(d.severity);
    st.paint(
        out,
        BOLD,
        &format!("{}:{}:{}:", clean(&f.path), start.line, start.column),
    );
    out.push(' ');
    st.paint(out, color, &format!("{}[{}]", d.severity, clean(d.code)));
    out.push(' ');
    out.push_str(&clean(&d.message));
    out.push(' ');
    st.paint(out, DIM, &format!("({})", clean(d.name)));
    out.push('\n');

    let width = frame(out, &f.source, index, d, st);
    if let Some(fix) = &d.fix {
        let label = match fix.applicability {
            Applicability::Safe => "fix available (safe)",
            Applicability::Unsafe => "fix available (unsafe)",
            Applicability::DisplayOnly => "suggestion",
        };
        out.push_str(&" ".repeat(width));
        out.push(' ');
        st.paint(out, HINT, "=");
        out.push(' ');
        st.paint(out, BOLD, label);
        let _ = writeln!(out, ": {}", clean(&fix.message));
    }
}

/// The header and hint text on one line, with control characters made visible.
fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c => push_visible(&mut out, c),
        }
    }
    out
}

/// Push `c`, or a visible stand-in for a character that would act on the terminal
/// (controls, bidirectional overrides) instead of showing.
fn push_visible(out: &mut String, c: char) {
    match c {
        '\0'..='\u{1f}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}')),
        '\u{7f}' => out.push('\u{2421}'),
        '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
            out.push('\u{FFFD}')
        }
        c => out.push(c),
    }
}

/// How many terminal cells `c` takes (tabs aside): an approximation of
/// `wcwidth` good for code: wide East Asian ranges and emoji 2, combining marks
/// and zero-width characters 0, everything else 1.
fn char_width(c: char) -> usize {
    let u = c as u32;
    match u {
        0x0300..=0x036F
        | 0x0483..=0x0489
        | 0x0591..=0x05BD
        | 0x0610..=0x061A
        | 0x064B..=0x065F
        | 0x0E31
        | 0x0E34..=0x0E3A
        | 0x200B..=0x200F
        | 0x20D0..=0x20FF
        | 0xFE00..=0xFE0F
        | 0xFE20..=0xFE2F
        | 0xFEFF => 0,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F
        | 0x1F900..=0x1F9FF
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

/// The cells `c` takes at cell `at`.
fn cells(c: char, at: usize) -> usize {
    match c {
        '\t' => TAB - at % TAB,
        '\0'..='\u{1f}' | '\u{7f}'..='\u{9f}' => 1,
        c => char_width(c),
    }
}

/// A source line as shown: tabs expanded, controls made visible.
fn display(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut at = 0;
    for c in line.chars() {
        let w = cells(c, at);
        if c == '\t' {
            out.push_str(&" ".repeat(w));
        } else {
            push_visible(&mut out, c);
        }
        at += w;
    }
    out
}

/// The cell where byte `byte` of `line` is shown.
fn cell_at(line: &str, byte: usize) -> usize {
    let mut at = 0;
    for (i, c) in line.char_indices() {
        if i >= byte {
            break;
        }
        at += cells(c, at);
    }
    at
}

/// A line of the source: where it starts and its text without the line break.
fn line_of<'a>(src: &'a str, index: &LineIndex, line: usize) -> (usize, &'a str) {
    let start = index.line_start(line).unwrap_or(src.len()).min(src.len());
    let end = index
        .line_start(line + 1)
        .map(|n| n.saturating_sub(1))
        .unwrap_or(src.len())
        .clamp(start, src.len());
    let text = src.get(start..end).unwrap_or("");
    (start, text.strip_suffix('\r').unwrap_or(text))
}

/// Draw the code frame of `d`; returns the gutter width.
fn frame(out: &mut String, src: &str, index: &LineIndex, d: &Diagnostic, st: &Style) -> usize {
    let span = clamp_span(src, d.span);
    let first = index.position(src, span.start).line;
    let last_byte = if span.is_empty() {
        span.start
    } else {
        prev_boundary(src, span.end)
    };
    let last = index.position(src, last_byte).line.max(first);
    let color = severity_color(d.severity);
    let count = last - first + 1;
    let elide = count > MAX_LINES;
    let mut width = digits(last);
    if elide {
        width = width.max(3);
    }
    let gutter = |out: &mut String, label: &str| {
        st.paint(out, GUTTER, &format!("{label:>width$} |"));
    };
    gutter(out, "");
    out.push('\n');

    if first == last {
        let (ls, text) = line_of(src, index, first);
        let s = span.start.saturating_sub(ls).min(text.len());
        let e = span.end.saturating_sub(ls).min(text.len()).max(s);
        let c0 = cell_at(text, s);
        let c1 = cell_at(text, e);
        gutter(out, &first.to_string());
        push_code(out, &display(text), "");
        gutter(out, "");
        out.push(' ');
        out.push_str(&" ".repeat(c0));
        st.paint(out, color, &"^".repeat((c1 - c0).max(1)));
        out.push('\n');
        return width;
    }

    let (fs, ftext) = line_of(src, index, first);
    let s = span.start.saturating_sub(fs).min(ftext.len());
    let indent = ftext.len() - ftext.trim_start().len();
    let slash = s <= indent;
    let shown: Vec<Option<usize>> = if elide {
        vec![
            Some(first),
            Some(first + 1),
            None,
            Some(last - 1),
            Some(last),
        ]
    } else {
        (first..=last).map(Some).collect()
    };
    for n in shown {
        let Some(n) = n else {
            gutter(out, "...");
            out.push(' ');
            st.paint(out, color, "|");
            out.push('\n');
            continue;
        };
        let (_, text) = line_of(src, index, n);
        gutter(out, &n.to_string());
        let mark = if n != first {
            "|"
        } else if slash {
            "/"
        } else {
            " "
        };
        let mut m = String::new();
        st.paint(&mut m, color, mark);
        push_code(out, &display(text), &m);
        if n == first && !slash {
            gutter(out, "");
            out.push_str("  ");
            st.paint(
                out,
                color,
                &format!("{}^", "_".repeat(cell_at(ftext, s) + 1)),
            );
            out.push('\n');
        }
    }
    let (ls, ltext) = line_of(src, index, last);
    let end_cell = if last_byte >= ls && last_byte < ls + ltext.len() {
        cell_at(ltext, last_byte - ls)
    } else {
        cell_at(ltext, ltext.len())
    };
    gutter(out, "");
    out.push(' ');
    st.paint(out, color, &format!("|{}^", "_".repeat(end_cell + 1)));
    out.push('\n');
    width
}

/// Push ` {mark} {code}` (or ` {code}` without a mark) and a newline, without
/// trailing blanks.
fn push_code(out: &mut String, code: &str, mark: &str) {
    out.push(' ');
    if !mark.is_empty() {
        out.push_str(mark);
        out.push(' ');
    }
    out.push_str(code);
    let trimmed = out.trim_end_matches(' ').len();
    out.truncate(trimmed);
    out.push('\n');
}

fn digits(mut n: usize) -> usize {
    let mut d = 1;
    while n >= 10 {
        n /= 10;
        d += 1;
    }
    d
}

/// The closing line: how many problems, how serious, where, and how many fixable.
pub(crate) fn summary_text(c: &Counts) -> String {
    if c.total == 0 {
        return format!("No problems found in {}", plural(c.files, "file", "files"));
    }
    let mut kinds = Vec::new();
    if c.error > 0 {
        kinds.push(plural(c.error, "error", "errors"));
    }
    if c.warning > 0 {
        kinds.push(plural(c.warning, "warning", "warnings"));
    }
    if c.info > 0 {
        kinds.push(format!("{} info", c.info));
    }
    if c.style > 0 {
        kinds.push(format!("{} style", c.style));
    }
    let mut s = format!(
        "Found {} ({}) in {}",
        plural(c.total, "problem", "problems"),
        kinds.join(", "),
        plural(c.files_with_findings, "file", "files")
    );
    match (c.safe_fixes, c.unsafe_fixes) {
        (0, 0) => {}
        (0, u) => {
            let _ = write!(s, "; {u} fixable with --unsafe-fixes");
        }
        (n, 0) => {
            let _ = write!(s, "; {n} fixable with --fix");
        }
        (n, u) => {
            let _ = write!(s, "; {n} fixable with --fix ({u} more with --unsafe-fixes)");
        }
    }
    s
}

fn summary(out: &mut String, c: &Counts, st: &Style) {
    st.paint(out, BOLD, &summary_text(c));
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_and_wide_characters_take_their_cells() {
        assert_eq!(display("\tx"), "    x");
        assert_eq!(cell_at("a\tb", 2), 4);
        assert_eq!(cell_at("日本x", "日本".len()), 4);
        assert_eq!(cell_at("e\u{301}x", 3), 1);
        assert_eq!(display("a\u{1b}[31m"), "a\u{241b}[31m");
    }

    #[test]
    fn summary_wording() {
        let c = Counts {
            files: 3,
            files_with_findings: 2,
            total: 3,
            error: 1,
            warning: 2,
            safe_fixes: 1,
            ..Counts::default()
        };
        assert_eq!(
            summary_text(&c),
            "Found 3 problems (1 error, 2 warnings) in 2 files; 1 fixable with --fix"
        );
        let c = Counts {
            files: 1,
            ..Counts::default()
        };
        assert_eq!(summary_text(&c), "No problems found in 1 file");
    }
}
