//! Suppression comments: hadolint's `# hadolint ignore=...` (also `global` and
//! `stage`), dockwright's `# dockwright: ignore[...]` forms, and BuildKit's
//! `# check=skip=...` directive.
//!
//! | comment | silences |
//! | --- | --- |
//! | `# hadolint ignore=DL3008,DL3009` | those codes on the instruction below the comment block |
//! | `# hadolint global ignore=DL3008` | those codes in the whole file |
//! | `# hadolint stage ignore=DL3008` (above a `FROM`) | those codes in that stage |
//! | `# dockwright: ignore[DL3008, apt-get-pin-versions] reason` | as `hadolint ignore`; codes or names |
//! | `# dockwright: ignore-stage[...]`, `# dockwright: ignore-file[...]` | as `stage` / `global` |
//! | `# check=skip=JSONArgsRecommended,...` or `skip=all` (directive) | rules with that BuildKit check name |
//!
//! A comment applies to the instruction when it is part of the block of comment
//! lines directly above it (no blank line in between). Text after a second `#`, or
//! after the closing `]`, is the reason.

use crate::semantic::Model;
use crate::syntax::{InstructionKind, Span};

/// Where a suppression applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Diagnostics starting inside this span (an instruction or a stage).
    Span(Span),
    /// The whole file.
    File,
}

/// Which syntax the suppression was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pragma {
    /// `# hadolint ...`
    Hadolint,
    /// `# dockwright: ...`
    Dockwright,
    /// BuildKit's `# check=skip=...` directive.
    BuildkitCheck,
}

/// One code (or name) listed in a suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuppressedCode {
    /// As written (codes upper-cased, names as written).
    pub code: String,
    /// Where it is written.
    pub span: Span,
}

/// A suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// Where it applies.
    pub scope: Scope,
    /// The syntax used.
    pub pragma: Pragma,
    /// The codes or names it lists (`all` for BuildKit's `skip=all`).
    pub codes: Vec<SuppressedCode>,
    /// The comment line.
    pub comment: Span,
    /// The reason given, if any.
    pub reason: Option<String>,
}

impl Suppression {
    /// Whether it covers a diagnostic of rule (`code`, `name`, BuildKit name) starting at
    /// byte `at`; returns the index of the matching entry.
    pub fn covers(
        &self,
        code: &str,
        name: &str,
        buildkit: Option<&str>,
        at: usize,
    ) -> Option<usize> {
        let inside = match self.scope {
            Scope::File => true,
            Scope::Span(s) => s.start <= at && at < s.end.max(s.start + 1),
        };
        if !inside {
            return None;
        }
        self.codes.iter().position(|c| match self.pragma {
            Pragma::BuildkitCheck => {
                buildkit.is_some_and(|b| c.code.eq_ignore_ascii_case(b))
                    || (c.code.eq_ignore_ascii_case("all") && buildkit.is_some())
            }
            _ => c.code.eq_ignore_ascii_case(code) || c.code == name,
        })
    }
}

/// Read every suppression of the file.
pub fn collect(model: &Model<'_>) -> Vec<Suppression> {
    let df = model.dockerfile();
    let src = df.source();
    let mut out = Vec::new();

    // BuildKit's check directive.
    for d in df.directives().iter().filter(|d| d.name == "check") {
        for part in split_list(src, d.value_span, ';') {
            let text = &src[part.start..part.end];
            if let Some(rest) = text.trim_start().strip_prefix("skip=") {
                let off = part.start + (text.len() - text.trim_start().len()) + 5;
                let codes = split_list(src, Span::new(off, off + rest.len()), ',')
                    .into_iter()
                    .map(|s| SuppressedCode {
                        code: src[s.start..s.end].to_string(),
                        span: s,
                    })
                    .collect();
                out.push(Suppression {
                    scope: Scope::File,
                    pragma: Pragma::BuildkitCheck,
                    codes,
                    comment: d.span,
                    reason: None,
                });
            }
        }
    }

    // Comments above instructions; stage scope for comments above a FROM.
    for info in model.instructions() {
        let inst = info.instruction;
        for &c in &inst.comments {
            let Some(p) = parse_comment(src, c) else {
                continue;
            };
            let scope = match p.kind {
                Kind::Line => Scope::Span(inst.span),
                Kind::File => Scope::File,
                Kind::Stage => {
                    if inst.kind != InstructionKind::From {
                        // hadolint only honours stage pragmas right above a FROM.
                        continue;
                    }
                    let span = info
                        .stage
                        .and_then(|s| model.stages().get(s))
                        .map(|st| {
                            let insts = model.stage_instructions(st);
                            let end = insts
                                .last()
                                .map(|i| i.instruction.span.end)
                                .unwrap_or(inst.span.end);
                            Span::new(inst.span.start, end)
                        })
                        .unwrap_or(inst.span);
                    Scope::Span(span)
                }
            };
            out.push(Suppression {
                scope,
                pragma: p.pragma,
                codes: p.codes,
                comment: c,
                reason: p.reason,
            });
        }
    }
    // File-wide pragmas may stand anywhere, not only above an instruction.
    for c in df.comments() {
        if out.iter().any(|s| s.comment == c.span) {
            continue;
        }
        if let Some(p) = parse_comment(src, c.span) {
            if p.kind == Kind::File {
                out.push(Suppression {
                    scope: Scope::File,
                    pragma: p.pragma,
                    codes: p.codes,
                    comment: c.span,
                    reason: p.reason,
                });
            }
        }
    }
    out
}

/// Pragmas for one instruction or one stage that apply to nothing: a blank line
/// (or the end of the file) separates them from the next instruction, or a stage
/// pragma stands above something else than a `FROM`. hadolint ignores them too.
/// `collected` is what [`collect`] found for the same model.
pub fn detached(model: &Model<'_>, collected: &[Suppression]) -> Vec<Span> {
    let src = model.dockerfile().source();
    model
        .dockerfile()
        .comments()
        .filter(|c| !collected.iter().any(|s| s.comment == c.span))
        .filter(|c| parse_comment(src, c.span).is_some_and(|p| p.kind != Kind::File))
        .map(|c| c.span)
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Line,
    Stage,
    File,
}

struct Parsed {
    kind: Kind,
    pragma: Pragma,
    codes: Vec<SuppressedCode>,
    reason: Option<String>,
}

/// Split `span` of `src` on `sep`, trimming whitespace; empty parts dropped.
fn split_list(src: &str, span: Span, sep: char) -> Vec<Span> {
    let text = span.text(src);
    let mut out = Vec::new();
    let mut at = span.start;
    for part in text.split(sep) {
        let lead = part.len() - part.trim_start().len();
        let t = part.trim();
        if !t.is_empty() {
            out.push(Span::new(at + lead, at + lead + t.len()));
        }
        at += part.len() + sep.len_utf8();
    }
    out
}

/// Read a suppression from the comment at `span` (`# ...`, without newline).
fn parse_comment(src: &str, span: Span) -> Option<Parsed> {
    let text = span.text(src);
    let body = text.strip_prefix('#')?;
    let body_start = span.start + 1;
    let trimmed = body.trim_start();
    let off = body_start + (body.len() - trimmed.len());

    if let Some(rest) = strip_word(trimmed, "hadolint") {
        let rest_off = off + (trimmed.len() - rest.len());
        let (kind, rest2) = if let Some(r) = strip_word(rest, "global") {
            (Kind::File, r)
        } else if let Some(r) = strip_word(rest, "stage") {
            (Kind::Stage, r)
        } else {
            (Kind::Line, rest)
        };
        let r2_off = rest_off + (rest.len() - rest2.len());
        let r3 = rest2.trim_start();
        let list = r3.strip_prefix("ignore")?.trim_start().strip_prefix('=')?;
        let list_off = r2_off + (rest2.len() - list.len());
        let (codes_text, reason) = match list.find('#') {
            Some(i) => (&list[..i], Some(list[i + 1..].trim().to_string())),
            None => (list, None),
        };
        // Codes end at the first whitespace after the list (hadolint allows no spaces).
        let codes_len = codes_text.trim_end().len();
        let codes = split_list(src, Span::new(list_off, list_off + codes_len), ',')
            .into_iter()
            .flat_map(|s| split_list(src, s, ' '))
            .map(|s| SuppressedCode {
                code: normalize(&src[s.start..s.end]),
                span: s,
            })
            .collect::<Vec<_>>();
        if codes.is_empty() {
            return None;
        }
        return Some(Parsed {
            kind,
            pragma: Pragma::Hadolint,
            codes,
            reason: reason.filter(|r| !r.is_empty()),
        });
    }

    let rest = trimmed.strip_prefix("dockwright:")?;
    let rest_off = off + (trimmed.len() - rest.len());
    let r = rest.trim_start();
    let r_off = rest_off + (rest.len() - r.len());
    let (kind, after) = if let Some(a) = r.strip_prefix("ignore-file") {
        (Kind::File, a)
    } else if let Some(a) = r.strip_prefix("ignore-stage") {
        (Kind::Stage, a)
    } else if let Some(a) = r.strip_prefix("ignore") {
        (Kind::Line, a)
    } else {
        return None;
    };
    let after_off = r_off + (r.len() - after.len());
    let inner = after.strip_prefix('[')?;
    let close = inner.find(']')?;
    let list_off = after_off + 1;
    let codes = split_list(src, Span::new(list_off, list_off + close), ',')
        .into_iter()
        .map(|s| SuppressedCode {
            code: normalize(&src[s.start..s.end]),
            span: s,
        })
        .collect::<Vec<_>>();
    if codes.is_empty() {
        return None;
    }
    let reason = inner[close + 1..]
        .trim()
        .trim_start_matches(['#', '-', ':'])
        .trim();
    Some(Parsed {
        kind,
        pragma: Pragma::Dockwright,
        codes,
        reason: (!reason.is_empty()).then(|| reason.to_string()),
    })
}

/// `word` followed by whitespace or the end, ASCII case-insensitively.
fn strip_word<'t>(s: &'t str, word: &str) -> Option<&'t str> {
    let head = s.get(..word.len())?;
    if !head.eq_ignore_ascii_case(word) {
        return None;
    }
    let rest = &s[word.len()..];
    if rest.is_empty() || rest.starts_with(char::is_whitespace) {
        Some(rest.trim_start())
    } else {
        None
    }
}

/// Codes are compared upper-case; names stay as written.
fn normalize(code: &str) -> String {
    if code.chars().any(|c| c.is_ascii_digit()) && !code.contains('-') {
        code.to_ascii_uppercase()
    } else {
        code.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn sups(src: &str) -> Vec<Suppression> {
        let df = crate::syntax::parse(src);
        let m = Model::new(&df, &BTreeMap::new());
        collect(&m)
    }

    #[test]
    fn hadolint_forms() {
        let s = sups(
            "# hadolint global ignore=DL3006\nFROM debian\n# hadolint ignore=DL3008,dl3009 # legacy\nRUN apt-get install curl\n",
        );
        assert_eq!(s.len(), 2);
        let line = s.iter().find(|s| s.scope != Scope::File).unwrap();
        let codes: Vec<&str> = line.codes.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(codes, ["DL3008", "DL3009"]);
        assert_eq!(line.reason.as_deref(), Some("legacy"));
        assert!(line.covers("DL3008", "x", None, 90).is_some());
        assert!(line.covers("DL3008", "x", None, 70).is_none());
        assert!(s
            .iter()
            .any(|s| s.scope == Scope::File && s.codes[0].code == "DL3006"));
    }

    #[test]
    fn stage_pragma_covers_the_stage_only() {
        let src =
            "FROM a:1 AS one\nRUN x\n# hadolint stage ignore=DL3059\nFROM b:1\nRUN y\nRUN z\n";
        let s = sups(src);
        assert_eq!(s.len(), 1);
        let Scope::Span(span) = s[0].scope else {
            panic!()
        };
        assert_eq!(&src[span.start..span.end], "FROM b:1\nRUN y\nRUN z\n");
    }

    #[test]
    fn dockwright_forms_and_spans() {
        let src = "FROM a:1\n# dockwright: ignore[DL3008, apt-get-pin-versions] vendored\nRUN apt-get install x\n";
        let s = sups(src);
        assert_eq!(s[0].pragma, Pragma::Dockwright);
        assert_eq!(
            &src[s[0].codes[1].span.start..s[0].codes[1].span.end],
            "apt-get-pin-versions"
        );
        assert_eq!(s[0].reason.as_deref(), Some("vendored"));
        assert!(s[0]
            .covers("DLXXXX", "apt-get-pin-versions", None, 80)
            .is_some());
    }

    #[test]
    fn buildkit_check_skip() {
        let s = sups("# check=skip=JSONArgsRecommended,StageNameCasing\nFROM a:1\nCMD x\n");
        assert_eq!(s.len(), 1);
        assert!(s[0]
            .covers("DL3025", "x", Some("JSONArgsRecommended"), 40)
            .is_some());
        assert!(s[0].covers("DL3025", "x", None, 40).is_none());
        let s = sups("# check=skip=all\nFROM a:1\n");
        assert!(s[0].covers("DL3025", "x", Some("Anything"), 20).is_some());
    }

    #[test]
    fn a_blank_line_detaches_the_comment() {
        assert!(sups("FROM a:1\n# hadolint ignore=DL3008\n\nRUN x\n").is_empty());
    }
}
