//! What the label rules share: the LABEL pairs of a file with their expanded keys and
//! values, and the validators for the value formats of a label schema.

use crate::config::LabelType;
use crate::rules::RuleContext;
use crate::semantic::Model;
use crate::syntax::{Body, Span};

use super::spdx_ids::{EXCEPTIONS, LICENSES};

/// One `key=value` of a LABEL instruction.
pub(super) struct LabelPair {
    /// The stage it belongs to.
    pub stage: Option<usize>,
    /// Whether it sits under ONBUILD (it then labels a later image, not this one).
    pub onbuild: bool,
    /// The key after quote removal and variable expansion.
    pub key: String,
    /// Whether every variable of the key had a known value.
    pub key_resolved: bool,
    /// The value after quote removal and variable expansion.
    pub value: String,
    /// Whether every variable of the value had a known value.
    pub value_resolved: bool,
    /// Where the key is written.
    pub key_span: Span,
    /// Where the value is written (the key when the value is empty).
    pub value_span: Span,
}

/// Every LABEL pair of the file, in order.
pub(super) fn label_pairs(model: &Model<'_>) -> Vec<LabelPair> {
    let mut out = Vec::new();
    for info in model.instructions() {
        let Body::Label(pairs) = &info.effective().body else {
            continue;
        };
        for p in pairs {
            let key = model.expand(info.index, &p.key.text);
            let value = model.expand(info.index, &p.value.text);
            let value_span = if p.value.span.is_empty() {
                p.key.span
            } else {
                p.value.span
            };
            out.push(LabelPair {
                stage: info.stage,
                onbuild: info.onbuild,
                key: key.value,
                key_resolved: key.resolved,
                value: value.value,
                value_resolved: value.resolved,
                key_span: p.key.span,
                value_span,
            });
        }
    }
    out
}

/// Report, for every label of the schema with type `ty` set in the image (not under
/// ONBUILD) whose known value `valid` rejects, `message(key)` at the value.
pub(super) fn check_values(
    ctx: &mut RuleContext<'_>,
    ty: LabelType,
    valid: fn(&str) -> bool,
    message: fn(&str) -> String,
) {
    let schema = &ctx.config().label_schema;
    if !schema.values().any(|t| *t == ty) {
        return;
    }
    let pairs = label_pairs(ctx.model());
    for p in pairs {
        if p.onbuild || !p.key_resolved || !p.value_resolved {
            continue;
        }
        if ctx.config().label_schema.get(&p.key) == Some(&ty) && !valid(&p.value) {
            ctx.report(p.value_span, message(&p.key));
        }
    }
}

/// A URI with a scheme (RFC 3986): `scheme:rest`, no whitespace, and a non-empty
/// authority after `//`.
pub(super) fn is_url(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut sc = scheme.chars();
    if !sc.next().is_some_and(|c| c.is_ascii_alphabetic())
        || !sc.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        return false;
    }
    if rest.is_empty() || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    match rest.strip_prefix("//") {
        Some(after) => !after.is_empty() && !after.starts_with(['/', '?', '#']),
        None => true,
    }
}

fn digits(s: &str, n: usize) -> Option<u32> {
    (s.len() == n && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// An RFC 3339 `date-time`: `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`, `T`/`Z` in
/// either case, with real calendar days and leap seconds allowed.
pub(super) fn is_rfc3339(s: &str) -> bool {
    let s = s.as_bytes();
    if s.len() < 20 || !matches!(s[10], b'T' | b't') {
        return false;
    }
    let Ok(s) = std::str::from_utf8(s) else {
        return false;
    };
    let (date, time) = (&s[..10], &s[11..]);
    let (Some(y), Some(m), Some(d)) = (
        digits(&date[..4], 4),
        date.get(5..7).and_then(|x| digits(x, 2)),
        date.get(8..10).and_then(|x| digits(x, 2)),
    ) else {
        return false;
    };
    if &date[4..5] != "-" || &date[7..8] != "-" || !(1..=12).contains(&m) {
        return false;
    }
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if d == 0 || d > days[m as usize - 1] {
        return false;
    }
    let hms = |t: &str, secs: bool| -> bool {
        let parts: Vec<&str> = t.split(':').collect();
        let n = if secs { 3 } else { 2 };
        if parts.len() != n {
            return false;
        }
        let h = digits(parts[0], 2);
        let mi = digits(parts[1], 2);
        let sec = if secs { digits(parts[2], 2) } else { Some(0) };
        matches!((h, mi, sec), (Some(h), Some(mi), Some(s)) if h < 24 && mi < 60 && s <= 60)
    };
    // Split the offset off the time.
    let (clock, offset) = if let Some(t) = time.strip_suffix(['Z', 'z']) {
        (t, None)
    } else if time.len() > 6 && matches!(&time[time.len() - 6..time.len() - 5], "+" | "-") {
        (&time[..time.len() - 6], Some(&time[time.len() - 5..]))
    } else {
        return false;
    };
    if offset.is_some_and(|o| !hms(o, false)) {
        return false;
    }
    let (clock, frac) = match clock.split_once('.') {
        Some((c, f)) => (c, Some(f)),
        None => (clock, None),
    };
    if frac.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    hms(clock, true)
}

/// A git object name: 40 (SHA-1) or 64 (SHA-256) lowercase hexadecimal digits.
pub(super) fn is_git_hash(s: &str) -> bool {
    (s.len() == 40 || s.len() == 64) && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A version as Semantic Versioning 2.0.0 defines it: `MAJOR.MINOR.PATCH`, numbers
/// without leading zeros, optional `-pre.release` and `+build.meta`.
pub(super) fn is_semver(s: &str) -> bool {
    let (rest, build) = match s.split_once('+') {
        Some((r, b)) => (r, Some(b)),
        None => (s, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (rest, None),
    };
    let ident =
        |i: &str| !i.is_empty() && i.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let number = |n: &str| {
        !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && (n == "0" || !n.starts_with('0'))
    };
    let nums: Vec<&str> = core.split('.').collect();
    nums.len() == 3
        && nums.iter().all(|n| number(n))
        && pre.is_none_or(|p| {
            p.split('.')
                .all(|i| ident(i) && (!i.bytes().all(|b| b.is_ascii_digit()) || number(i)))
        })
        && build.is_none_or(|b| b.split('.').all(ident))
}

/// An RFC 5322 `addr-spec`: a dot-atom or quoted-string local part, `@`, and a
/// dot-atom or `[domain literal]` domain.
pub(super) fn is_email(s: &str) -> bool {
    let Some(at) = s.rfind('@') else {
        return false;
    };
    let (Some(local), Some(domain)) = (strip_cfws(&s[..at]), strip_cfws(&s[at + 1..])) else {
        return false;
    };
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c);
    let dot_atom =
        |t: &str| !t.is_empty() && t.split('.').all(|a| !a.is_empty() && a.chars().all(atext));
    let quoted = |t: &str| {
        let Some(inner) = t.strip_prefix('"').and_then(|t| t.strip_suffix('"')) else {
            return false;
        };
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    if chars
                        .next()
                        .is_none_or(|n| !(' '..='~').contains(&n) && n != '\t')
                    {
                        return false;
                    }
                }
                '"' => return false,
                c if (' '..='~').contains(&c) || c == '\t' => {}
                _ => return false,
            }
        }
        true
    };
    let literal = |t: &str| {
        t.strip_prefix('[')
            .and_then(|t| t.strip_suffix(']'))
            .is_some_and(|i| {
                i.chars()
                    .all(|c| ('!'..='~').contains(&c) && !"[]\\".contains(c))
            })
    };
    (dot_atom(local) || quoted(local)) && (dot_atom(domain) || literal(domain))
}

/// `t` without the comments and folding white space RFC 5322 allows around the
/// local part and the domain of an address (`jane@example.com (Jane)`); `None` when
/// a comment is not closed.
fn strip_cfws(t: &str) -> Option<&str> {
    // One balanced `(...)` comment at the start (`from_start`) or the end of `t`.
    fn comment_len(t: &str, from_start: bool) -> Option<usize> {
        let b = t.as_bytes();
        let (open, close) = if from_start {
            (b'(', b')')
        } else {
            (b')', b'(')
        };
        let at = |i: usize| if from_start { b[i] } else { b[b.len() - 1 - i] };
        if b.is_empty() || at(0) != open {
            return Some(0);
        }
        let mut depth = 0usize;
        for i in 0..b.len() {
            let c = at(i);
            if c == open {
                depth += 1;
            } else if c == close {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
        }
        None
    }
    let mut t = t.trim_matches([' ', '\t']);
    loop {
        let n = comment_len(t, true)?;
        if n == 0 {
            break;
        }
        t = t[n..].trim_start_matches([' ', '\t']);
    }
    loop {
        let n = comment_len(t, false)?;
        if n == 0 {
            break;
        }
        t = t[..t.len() - n].trim_end_matches([' ', '\t']);
    }
    Some(t)
}

/// Whether `id` is on the SPDX list (`table`), compared case-insensitively as the
/// SPDX specification asks.
fn listed(table: &[&str], id: &str) -> bool {
    let key = |s: &str| {
        s.bytes()
            .map(|b| b.to_ascii_lowercase())
            .collect::<Vec<u8>>()
    };
    let want = key(id);
    table.binary_search_by(|t| key(t).cmp(&want)).is_ok()
}

/// A user-defined license reference: `[DocumentRef-x:]LicenseRef-y`.
fn license_ref(id: &str) -> bool {
    let idstring = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
    };
    let (doc, lic) = match id.split_once(':') {
        Some((d, l)) => (Some(d), l),
        None => (None, id),
    };
    doc.is_none_or(|d| d.strip_prefix("DocumentRef-").is_some_and(idstring))
        && lic.strip_prefix("LicenseRef-").is_some_and(idstring)
}

/// An SPDX license expression (SPDX specification, annex D): license identifiers
/// from the SPDX list or `LicenseRef-`s, optionally with `+`, combined with `AND`,
/// `OR`, `WITH <exception>` and parentheses.
pub(super) fn is_spdx(s: &str) -> bool {
    // Tokens: parentheses and words separated by whitespace.
    let mut tokens = Vec::new();
    for word in s.split_whitespace() {
        let mut cur = String::new();
        for c in word.chars() {
            if c == '(' || c == ')' {
                if !cur.is_empty() {
                    tokens.push(std::mem::take(&mut cur));
                }
                tokens.push(c.to_string());
            } else {
                cur.push(c);
            }
        }
        if !cur.is_empty() {
            tokens.push(cur);
        }
    }
    let mut pos = 0;
    compound(&tokens, &mut pos, 0) && pos == tokens.len()
}

/// Parse `or-expr` (level 0) or `and-expr` (level 1) from `t[pos..]`.
fn compound(t: &[String], pos: &mut usize, level: u8) -> bool {
    let op = if level == 0 { "OR" } else { "AND" };
    let operand = |t: &[String], pos: &mut usize| {
        if level == 0 {
            compound(t, pos, 1)
        } else {
            simple(t, pos)
        }
    };
    if !operand(t, pos) {
        return false;
    }
    while t.get(*pos).is_some_and(|w| w.eq_ignore_ascii_case(op)) {
        *pos += 1;
        if !operand(t, pos) {
            return false;
        }
    }
    true
}

/// A parenthesized expression, or a license (with `+`) optionally `WITH` an exception.
fn simple(t: &[String], pos: &mut usize) -> bool {
    let Some(tok) = t.get(*pos) else {
        return false;
    };
    *pos += 1;
    if tok == "(" {
        return compound(t, pos, 0) && t.get(*pos).is_some_and(|c| c == ")") && {
            *pos += 1;
            true
        };
    }
    let id = tok.strip_suffix('+').unwrap_or(tok);
    if !(listed(LICENSES, id) || (id.len() == tok.len() && license_ref(id))) {
        return false;
    }
    if t.get(*pos).is_some_and(|w| w.eq_ignore_ascii_case("WITH")) {
        *pos += 1;
        let Some(ex) = t.get(*pos) else {
            return false;
        };
        *pos += 1;
        return listed(EXCEPTIONS, ex) || license_ref(ex);
    }
    true
}

/// The lines on which `rule` reports in `src`, with `schema` as the label schema,
/// `strict_labels` set as given, and only that rule selected.
#[cfg(test)]
pub(super) fn lines_with(
    rule: impl crate::rules::Rule + 'static,
    src: &str,
    schema: &[(&str, LabelType)],
    strict: bool,
) -> Vec<usize> {
    use crate::config::{Config, RuleSelector};
    let code = rule.meta().code;
    let config = Config {
        select: vec![RuleSelector::Code(code.to_string())],
        label_schema: schema.iter().map(|(k, t)| (k.to_string(), *t)).collect(),
        strict_labels: strict,
        ..Config::default()
    };
    let mut linter = crate::Linter::new(config);
    linter.registry_mut().register(rule);
    linter
        .lint(src)
        .diagnostics
        .into_iter()
        .filter(|d| d.code == code)
        .map(|d| d.line())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_for_binary_search() {
        for table in [LICENSES, EXCEPTIONS] {
            for w in table.windows(2) {
                assert!(
                    w[0].to_ascii_lowercase() < w[1].to_ascii_lowercase(),
                    "{} {}",
                    w[0],
                    w[1]
                );
            }
        }
    }

    #[test]
    fn spdx_expressions() {
        for ok in [
            "MIT",
            "mit",
            "Apache-2.0",
            "MIT OR Apache-2.0",
            "(MIT OR Apache-2.0) AND BSD-3-Clause",
            "GPL-2.0+",
            "GPL-2.0-or-later",
            "GPL-2.0 WITH Classpath-exception-2.0",
            "LicenseRef-acme",
            "DocumentRef-spdx:LicenseRef-x.1",
            "((MIT))",
            "MIT and Apache-2.0",
        ] {
            assert!(is_spdx(ok), "{ok}");
        }
        for bad in [
            "",
            "MIT,Apache-2.0",
            "Foo",
            "MIT OR",
            "(MIT",
            "MIT)",
            "MIT WITH",
            "MIT WITH MIT",
            "NOASSERTION",
            "LicenseRef-",
            "LicenseRef-a+",
            "OR MIT",
        ] {
            assert!(!is_spdx(bad), "{bad}");
        }
    }

    #[test]
    fn urls() {
        for ok in [
            "https://x.org/a",
            "http://x",
            "ftp://x.y",
            "mailto:a@b.c",
            "urn:isbn:1",
        ] {
            assert!(is_url(ok), "{ok}");
        }
        for bad in [
            "",
            "github.com/a/b",
            "git@github.com:a/b",
            "http://",
            "https://a b",
            "1x:y",
            "x:",
        ] {
            assert!(!is_url(bad), "{bad}");
        }
    }

    #[test]
    fn times() {
        for ok in [
            "2020-01-01T00:00:00Z",
            "2020-01-01t00:00:00.123z",
            "2020-01-01T00:00:00+01:00",
            "2016-12-31T23:59:60Z",
            "2024-02-29T12:00:00-05:30",
        ] {
            assert!(is_rfc3339(ok), "{ok}");
        }
        for bad in [
            "2020-01-01",
            "2020-01-01 00:00:00Z",
            "2020-13-01T00:00:00Z",
            "2020-02-30T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2020-01-01T24:00:00Z",
            "2020-01-01T00:00:00",
            "2020-01-01T00:00:00.Z",
            "2020-01-01T00:00:00+0100",
        ] {
            assert!(!is_rfc3339(bad), "{bad}");
        }
    }

    #[test]
    fn hashes_versions_emails() {
        assert!(is_git_hash("0123456789abcdef0123456789abcdef01234567"));
        assert!(is_git_hash(&"ab".repeat(32)));
        assert!(!is_git_hash("abcdef"));
        assert!(!is_git_hash("0123456789ABCDEF0123456789abcdef01234567"));
        for ok in [
            "1.2.3",
            "0.0.0",
            "1.2.3-rc.1+b5",
            "1.0.0-alpha-1",
            "1.0.0+20130313144700",
        ] {
            assert!(is_semver(ok), "{ok}");
        }
        for bad in [
            "",
            "v1.2.3",
            "1.2",
            "01.2.3",
            "1.2.3-01",
            "1.2.3-",
            "1.2.3+",
            "1.2.3-a..b",
        ] {
            assert!(!is_semver(bad), "{bad}");
        }
        for ok in [
            "a@b.c",
            "a@b",
            "a.b+c@x-y.org",
            "\"a b\"@x.org",
            "a@[1.2.3.4]",
        ] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in ["", "Bob <a@b.c>", "a@@b", "a..b@c.d", ".a@b.c", "a@", "@b"] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}
