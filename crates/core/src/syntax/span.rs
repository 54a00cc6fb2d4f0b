//! Source positions: byte spans, and 1-based lines and columns.

use serde::Serialize;

/// A half-open byte range `start..end` into the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (callers keep `start <= end`).
    #[inline]
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// Length in bytes.
    #[inline]
    pub const fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// True when the span covers no bytes.
    #[inline]
    pub const fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// The smallest span covering both `self` and `other`.
    #[inline]
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// The text this span covers in `src`, or `""` when it does not fit.
    #[inline]
    pub fn text(self, src: &str) -> &str {
        src.get(self.start..self.end).unwrap_or("")
    }
}

/// A 1-based line and column. Columns count Unicode scalar values, so a tab or an
/// `é` is one column, as editors and terminals number them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// A span with its start and end resolved to lines and columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Location {
    /// The byte span.
    pub span: Span,
    /// Where the span starts.
    pub start: Position,
    /// Where the span ends (the position just after its last character).
    pub end: Position,
}

/// Maps byte offsets to lines and columns. Lines end at `\n` only, as in BuildKit.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Index the line starts of `src`.
    pub fn new(src: &str) -> Self {
        let mut starts = Vec::with_capacity(src.len() / 32 + 1);
        starts.push(0);
        starts.extend(
            src.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// An index from line starts already known (sorted, starting with 0).
    pub(crate) fn from_starts(starts: Vec<usize>) -> Self {
        LineIndex { starts }
    }

    /// Number of lines (a final line without a newline counts; an empty text has one).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where 1-based `line` starts, if there is such a line.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        line.checked_sub(1)
            .and_then(|i| self.starts.get(i).copied())
    }

    /// The 1-based line and column of byte `offset` in `src`. Offsets past the end
    /// or inside a character are clamped to the nearest earlier character boundary.
    pub fn position(&self, src: &str, offset: usize) -> Position {
        let mut offset = offset.min(src.len());
        while offset > 0 && !src.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_idx = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let line_start = self.starts.get(line_idx).copied().unwrap_or(0).min(offset);
        let column = src
            .get(line_start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0)
            + 1;
        Position {
            line: line_idx + 1,
            column,
        }
    }

    /// Resolve a span to a [`Location`].
    pub fn location(&self, src: &str, span: Span) -> Location {
        Location {
            span,
            start: self.position(src, span.start),
            end: self.position(src, span.end),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let src = "FROM a\nRUN é x\n";
        let idx = LineIndex::new(src);
        assert_eq!(idx.position(src, 0), Position { line: 1, column: 1 });
        assert_eq!(idx.position(src, 7), Position { line: 2, column: 1 });
        // 'x' comes after "RUN é " = 4 + 1 + 1 characters.
        let x = src.find('x').unwrap();
        assert_eq!(idx.position(src, x), Position { line: 2, column: 7 });
        assert_eq!(idx.line_count(), 3);
    }

    #[test]
    fn offsets_inside_a_character_or_past_the_end_are_clamped() {
        let src = "é";
        let idx = LineIndex::new(src);
        assert_eq!(idx.position(src, 1), Position { line: 1, column: 1 });
        assert_eq!(idx.position(src, 99), Position { line: 1, column: 2 });
    }
}
