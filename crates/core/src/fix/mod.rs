//! Fixes are data: a list of text edits and how safe it is to apply them.

use serde::{Deserialize, Serialize};

use crate::syntax::Span;

/// Replace the bytes of `span` with `replacement` (an insertion when the span is
/// empty, a deletion when the replacement is).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Edit {
    /// What to replace.
    pub span: Span,
    /// The new text.
    pub replacement: String,
}

impl Edit {
    /// Replace `span` by `text`.
    pub fn replace(span: Span, text: impl Into<String>) -> Edit {
        Edit {
            span,
            replacement: text.into(),
        }
    }

    /// Insert `text` at byte `at`.
    pub fn insert(at: usize, text: impl Into<String>) -> Edit {
        Edit::replace(Span::new(at, at), text)
    }

    /// Delete `span`.
    pub fn delete(span: Span) -> Edit {
        Edit::replace(span, "")
    }
}

/// How safe a fix is. Ordered: `DisplayOnly < Unsafe < Safe`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Shown as a suggestion, never applied automatically.
    DisplayOnly,
    /// Applied on request (`--unsafe-fixes`): it may change what the image does.
    Unsafe,
    /// Never changes what the image does; applied by `--fix`.
    Safe,
}

/// A fix: edits applied together, and how safe that is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Fix {
    /// What the fix does, in words ("Add `--no-install-recommends`").
    pub message: String,
    /// The edits, non-overlapping.
    pub edits: Vec<Edit>,
    /// How safe it is.
    pub applicability: Applicability,
}

impl Fix {
    /// A safe fix.
    pub fn safe(message: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            message: message.into(),
            edits,
            applicability: Applicability::Safe,
        }
    }

    /// An unsafe fix.
    pub fn unsafe_(message: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            message: message.into(),
            edits,
            applicability: Applicability::Unsafe,
        }
    }

    /// A suggestion that is only displayed.
    pub fn display_only(message: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            message: message.into(),
            edits,
            applicability: Applicability::DisplayOnly,
        }
    }

    /// The smallest span covering every edit.
    pub fn span(&self) -> Option<Span> {
        self.edits.iter().map(|e| e.span).reduce(Span::cover)
    }
}

/// The result of applying fixes to a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixOutcome {
    /// The new text.
    pub text: String,
    /// How many fixes were applied.
    pub applied: usize,
    /// How many were skipped (not safe enough, overlapping another, or out of range).
    pub skipped: usize,
}

/// Apply every fix at least as safe as `min` to `src`, in source order; a fix whose
/// edits overlap an already applied one, or do not fall on character boundaries,
/// is skipped (a later run picks it up).
pub fn apply<'a>(
    src: &str,
    fixes: impl IntoIterator<Item = &'a Fix>,
    min: Applicability,
) -> FixOutcome {
    let mut chosen: Vec<&Fix> = Vec::new();
    let mut skipped = 0;
    let mut all: Vec<&Fix> = fixes.into_iter().collect();
    all.sort_by_key(|f| f.span().map(|s| (s.start, s.end)));
    let mut taken: Vec<Span> = Vec::new();
    for f in all {
        let ok = f.applicability >= min
            && !f.edits.is_empty()
            && f.edits.iter().all(|e| {
                e.span.start <= e.span.end
                    && e.span.end <= src.len()
                    && src.is_char_boundary(e.span.start)
                    && src.is_char_boundary(e.span.end)
            })
            && !f.edits.iter().any(|e| {
                taken.iter().any(|t| {
                    (e.span.start < t.end && t.start < e.span.end)
                        || (e.span.is_empty() && t.start < e.span.start && e.span.start < t.end)
                        || (e.span.is_empty() && t.is_empty() && e.span.start == t.start)
                })
            });
        if ok {
            taken.extend(f.edits.iter().map(|e| e.span));
            chosen.push(f);
        } else {
            skipped += 1;
        }
    }
    let mut edits: Vec<&Edit> = chosen.iter().flat_map(|f| f.edits.iter()).collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(src.len() + 64);
    let mut at = 0;
    for e in edits {
        if e.span.start < at {
            continue;
        }
        out.push_str(&src[at..e.span.start]);
        out.push_str(&e.replacement);
        at = e.span.end;
    }
    out.push_str(&src[at..]);
    FixOutcome {
        text: out,
        applied: chosen.len(),
        skipped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_non_overlapping_fixes_in_order() {
        let src = "RUN apt-get install curl\n";
        let a = Fix::safe("flag", vec![Edit::insert(19, " -y")]);
        let b = Fix::safe("pin", vec![Edit::replace(Span::new(20, 24), "curl=8.5")]);
        let out = apply(src, [&b, &a], Applicability::Safe);
        assert_eq!(out.text, "RUN apt-get install -y curl=8.5\n");
        assert_eq!((out.applied, out.skipped), (2, 0));
    }

    #[test]
    fn skips_unsafe_and_overlapping_fixes() {
        let src = "abcdef";
        let a = Fix::safe("a", vec![Edit::replace(Span::new(1, 3), "X")]);
        let b = Fix::safe("b", vec![Edit::replace(Span::new(2, 4), "Y")]);
        let c = Fix::unsafe_("c", vec![Edit::delete(Span::new(5, 6))]);
        let out = apply(src, [&a, &b, &c], Applicability::Safe);
        assert_eq!(out.text, "aXdef");
        assert_eq!((out.applied, out.skipped), (1, 2));
        let out = apply(src, [&c], Applicability::Unsafe);
        assert_eq!(out.text, "abcde");
    }
}
