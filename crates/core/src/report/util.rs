//! Helpers the reporters share: spans clamped to the text, counts for summaries,
//! and escaping. Nothing here panics, whatever the positions and spans say.

use super::FileReport;
use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::Applicability;
use crate::syntax::{LineIndex, Position, Span};

/// `span` moved inside `src`: both ends at most `src.len()`, the start on the
/// character boundary at or before it, the end on the one at or after it, and
/// `start <= end`; an empty (or reversed) span stays empty.
pub(crate) fn clamp_span(src: &str, span: Span) -> Span {
    let mut start = span.start.min(src.len());
    while start > 0 && !src.is_char_boundary(start) {
        start -= 1;
    }
    if span.end <= span.start {
        return Span::new(start, start);
    }
    let mut end = span.end.min(src.len()).max(start);
    while end < src.len() && !src.is_char_boundary(end) {
        end += 1;
    }
    Span::new(start, end)
}

/// Whether `span` is a well-formed range of `src` (in bounds, on character
/// boundaries).
pub(crate) fn fits(src: &str, span: Span) -> bool {
    span.start <= span.end
        && span.end <= src.len()
        && src.is_char_boundary(span.start)
        && src.is_char_boundary(span.end)
}

/// The character boundary just before byte `at` (0 stays 0).
pub(crate) fn prev_boundary(src: &str, at: usize) -> usize {
    let mut i = at.min(src.len());
    if i == 0 {
        return 0;
    }
    i -= 1;
    while i > 0 && !src.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A position with line and column at least 1.
pub(crate) fn pos(p: Position) -> Position {
    Position {
        line: p.line.max(1),
        column: p.column.max(1),
    }
}

/// The start and (exclusive) end of a finding, at least 1 and never before each
/// other.
pub(crate) fn range(d: &Diagnostic) -> (Position, Position) {
    let start = pos(d.start);
    let mut end = pos(d.end);
    if (end.line, end.column) < (start.line, start.column) {
        end = start;
    }
    (start, end)
}

/// The last line a finding covers: a span that ends just after a newline ends on
/// the line of that newline.
pub(crate) fn last_line(d: &Diagnostic) -> usize {
    let (start, end) = range(d);
    if end.line > start.line && end.column == 1 {
        end.line - 1
    } else {
        end.line
    }
}

/// The position of the last character of a finding (inclusive end), computed from
/// the source when the span fits it; an empty span gives its start.
pub(crate) fn last_char(src: &str, index: &LineIndex, d: &Diagnostic) -> Position {
    let (start, end) = range(d);
    if d.span.is_empty() {
        return start;
    }
    if fits(src, d.span) {
        let p = pos(index.position(src, prev_boundary(src, d.span.end)));
        if (p.line, p.column) >= (start.line, start.column) {
            return p;
        }
        return start;
    }
    if end.line == start.line {
        Position {
            line: end.line,
            column: (end.column - 1).max(start.column),
        }
    } else {
        Position {
            line: last_line(d),
            column: if end.column > 1 { end.column - 1 } else { 1 },
        }
    }
}

/// Counts of a run, for summaries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub files: usize,
    pub files_with_findings: usize,
    pub total: usize,
    pub error: usize,
    pub warning: usize,
    pub info: usize,
    pub style: usize,
    pub safe_fixes: usize,
    pub unsafe_fixes: usize,
}

impl Counts {
    pub(crate) fn of(files: &[FileReport]) -> Counts {
        let mut c = Counts {
            files: files.len(),
            ..Counts::default()
        };
        for f in files {
            if !f.diagnostics.is_empty() {
                c.files_with_findings += 1;
            }
            for d in &f.diagnostics {
                c.total += 1;
                match d.severity {
                    Severity::Error => c.error += 1,
                    Severity::Warning => c.warning += 1,
                    Severity::Info => c.info += 1,
                    Severity::Style => c.style += 1,
                }
                match d.fix.as_ref().map(|f| f.applicability) {
                    Some(Applicability::Safe) => c.safe_fixes += 1,
                    Some(Applicability::Unsafe) => c.unsafe_fixes += 1,
                    _ => {}
                }
            }
        }
        c
    }
}

/// Text on one line: line breaks (and other control characters but tab) become
/// spaces, a CR LF pair one space.
pub(crate) fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_cr = false;
    for c in s.chars() {
        if c == '\n' && prev_cr {
            prev_cr = false;
            continue;
        }
        prev_cr = c == '\r';
        if c.is_control() && c != '\t' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether XML 1.0 allows `c` in a document.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escape `s` for XML character data and attribute values (either quote): the five
/// markup characters as entities, tab and line breaks as character references (so
/// attribute values keep them), characters XML cannot hold as U+FFFD.
pub(crate) fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// `n` and the noun, plural unless `n == 1`.
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clamps_spans_into_the_text() {
        let src = "aé";
        assert_eq!(clamp_span(src, Span::new(2, 2)), Span::new(1, 1));
        assert_eq!(clamp_span(src, Span::new(1, 2)), Span::new(1, 3));
        assert_eq!(clamp_span(src, Span::new(9, 4)), Span::new(3, 3));
        assert!(!fits(src, Span::new(0, 2)));
        assert!(fits(src, Span::new(0, 3)));
        assert_eq!(prev_boundary(src, 3), 1);
        assert_eq!(prev_boundary(src, 0), 0);
    }

    #[test]
    fn escapes_xml_and_drops_what_xml_cannot_hold() {
        assert_eq!(
            xml_escape("a<b>&\"'\n\u{1b}"),
            "a&lt;b&gt;&amp;&quot;&apos;&#10;\u{FFFD}"
        );
        assert_eq!(one_line("a\r\nb\nc\u{7}"), "a b c ");
    }
}
