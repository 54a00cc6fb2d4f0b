//! Read-only traversal of a [`Script`].
//!
//! Implement [`Visit`] and call [`walk_script`]; every list, node, simple
//! command, word, word part and redirection is visited once, in source
//! order for each level. Simple commands are visited where they appear in
//! the tree (a [`Node::Simple`]), so commands inside substitutions are
//! reached through the words that hold them.

use super::ast::*;

/// Callbacks for [`walk_script`]; every method defaults to doing nothing.
pub trait Visit {
    /// A simple command, before its parts.
    fn command(&mut self, _command: &Command) {}
    /// A compound command, before its parts.
    fn compound(&mut self, _compound: &Compound) {}
    /// A word, before its parts.
    fn word(&mut self, _word: &Word) {}
    /// A word part, before its nested parts.
    fn part(&mut self, _part: &WordPart) {}
    /// A redirection, before its words.
    fn redirect(&mut self, _redirect: &Redirect) {}
    /// Any span met on the way (of every item above, plus lists, pipelines, arms and problems).
    fn span(&mut self, _span: Span) {}
}

/// Visits the whole script: the tree from [`Script::body`] and the problems.
pub fn walk_script<V: Visit>(v: &mut V, script: &Script) {
    v.span(script.span);
    walk_list(v, script, &script.body, 0);
    for p in &script.problems {
        v.span(p.span);
    }
}

// Depth is bounded by the parser's own nesting limit; the counter here only
// protects against hand-built cyclic-looking index graphs.
const MAX_WALK_DEPTH: usize = 512;

fn walk_list<V: Visit>(v: &mut V, s: &Script, list: &List, depth: usize) {
    if depth > MAX_WALK_DEPTH {
        return;
    }
    for item in &list.items {
        v.span(item.span);
        for pipeline in item.pipelines() {
            v.span(pipeline.span);
            for node in &pipeline.commands {
                walk_node(v, s, node, depth + 1);
            }
        }
    }
}

fn walk_node<V: Visit>(v: &mut V, s: &Script, node: &Node, depth: usize) {
    match node {
        Node::Simple(id) => {
            if let Some(c) = s.commands.get(*id) {
                walk_command(v, s, c, depth);
            }
        }
        Node::Function(f) => {
            v.span(f.span);
            v.span(f.name_span);
            if let Some(body) = &f.body {
                walk_node(v, s, body, depth + 1);
            }
        }
        Node::Compound(c) => {
            v.compound(c);
            v.span(c.span);
            match &c.kind {
                CompoundKind::Subshell(l) | CompoundKind::Group(l) => walk_list(v, s, l, depth + 1),
                CompoundKind::If {
                    branches,
                    else_body,
                } => {
                    for (cond, body) in branches {
                        walk_list(v, s, cond, depth + 1);
                        walk_list(v, s, body, depth + 1);
                    }
                    if let Some(e) = else_body {
                        walk_list(v, s, e, depth + 1);
                    }
                }
                CompoundKind::For {
                    var_span,
                    words,
                    body,
                    ..
                } => {
                    v.span(*var_span);
                    for w in words.iter().flatten() {
                        walk_word(v, s, w, depth + 1);
                    }
                    walk_list(v, s, body, depth + 1);
                }
                CompoundKind::ArithFor { body, .. } => walk_list(v, s, body, depth + 1),
                CompoundKind::While {
                    condition, body, ..
                } => {
                    walk_list(v, s, condition, depth + 1);
                    walk_list(v, s, body, depth + 1);
                }
                CompoundKind::Case { word, arms } => {
                    if let Some(w) = word {
                        walk_word(v, s, w, depth + 1);
                    }
                    for arm in arms {
                        v.span(arm.span);
                        for p in &arm.patterns {
                            walk_word(v, s, p, depth + 1);
                        }
                        walk_list(v, s, &arm.body, depth + 1);
                    }
                }
                CompoundKind::Arith { parts, .. } => walk_parts(v, s, parts, depth + 1),
            }
            for r in &c.redirects {
                walk_redirect(v, s, r, depth + 1);
            }
        }
    }
}

fn walk_command<V: Visit>(v: &mut V, s: &Script, c: &Command, depth: usize) {
    v.command(c);
    v.span(c.span);
    for a in &c.assignments {
        v.span(a.span);
        walk_word(v, s, &a.value, depth + 1);
        for w in a.array.iter().flatten() {
            walk_word(v, s, w, depth + 1);
        }
    }
    for w in &c.words {
        walk_word(v, s, w, depth + 1);
    }
    for w in &c.wrappers {
        v.span(w.span);
    }
    for r in &c.redirects {
        walk_redirect(v, s, r, depth + 1);
    }
    if let Some(l) = &c.inline_script {
        walk_list(v, s, l, depth + 1);
    }
}

fn walk_redirect<V: Visit>(v: &mut V, s: &Script, r: &Redirect, depth: usize) {
    v.redirect(r);
    v.span(r.span);
    if let Some(t) = &r.target {
        walk_word(v, s, t, depth + 1);
    }
    if let Some(body) = r.heredoc.as_ref().and_then(|h| h.body.as_ref()) {
        v.span(body.span);
        walk_word(v, s, &body.content, depth + 1);
    }
}

fn walk_word<V: Visit>(v: &mut V, s: &Script, w: &Word, depth: usize) {
    v.word(w);
    v.span(w.span());
    walk_parts(v, s, w.parts(), depth + 1);
}

fn walk_parts<V: Visit>(v: &mut V, s: &Script, parts: &[WordPart], depth: usize) {
    if depth > MAX_WALK_DEPTH {
        return;
    }
    for p in parts {
        v.part(p);
        v.span(p.span());
        match p {
            WordPart::DoubleQuoted { parts, .. } => walk_parts(v, s, parts, depth + 1),
            WordPart::Param(pe) => {
                if let Some(arg) = &pe.arg {
                    walk_word(v, s, arg, depth + 1);
                }
            }
            WordPart::CommandSubst { body, .. } | WordPart::ProcessSubst { body, .. } => {
                walk_list(v, s, body, depth + 1)
            }
            WordPart::Arith { parts, .. } => walk_parts(v, s, parts, depth + 1),
            _ => {}
        }
    }
}

/// Every span of the script: the tree walk plus each command of the flat
/// list walked on its own (covers commands whose tree position was lost,
/// e.g. in a here-document attached to a pipeline's compound stage).
pub(crate) fn collect_spans(script: &Script) -> Vec<Span> {
    let mut v = SpanCollector::default();
    walk_script(&mut v, script);
    for c in &script.commands {
        v.span(c.span);
        for w in &c.words {
            walk_word(&mut v, script, w, 1);
        }
        for r in &c.redirects {
            walk_redirect(&mut v, script, r, 1);
        }
    }
    v.spans
}

#[derive(Default)]
pub(crate) struct SpanCollector {
    pub(crate) spans: Vec<Span>,
}

impl Visit for SpanCollector {
    fn span(&mut self, span: Span) {
        self.spans.push(span);
    }
}
