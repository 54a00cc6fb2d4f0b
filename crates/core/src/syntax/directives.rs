//! Directive detection the way BuildKit's frontend selector does it
//! (`parser.DetectSyntax` and `parser.ParseDirective` in
//! `frontend/dockerfile/parser/directives.go`).
//!
//! Unlike the parser, which records the directives of the file it parses, these
//! functions look at raw file content the way BuildKit does before it picks a
//! frontend: a UTF-8 byte-order mark is discarded, a leading `#!` shebang line is
//! skipped, and the `# key=value` lines at the top are read. [`detect_syntax`] also
//! accepts `// syntax=...` lines and a whole file that is a JSON object with a
//! `"syntax"` string member.
//!
//! ```
//! use dockwright::syntax::{detect_syntax, parse_directive};
//! let src = "#!/usr/bin/env buildctl\n# syntax = docker/dockerfile:1.7 // opts\nFROM alpine\n";
//! let d = detect_syntax(src).unwrap();
//! assert_eq!(d.value, "docker/dockerfile:1.7");
//! assert_eq!(d.cmdline, "docker/dockerfile:1.7 // opts");
//! assert_eq!(d.line, 2);
//! let c = parse_directive("check", "# check=skip=all\nFROM alpine\n").unwrap();
//! assert_eq!((c.value.as_str(), c.line), ("skip=all", 1));
//! ```

use super::json::Cursor;

/// A directive found by [`detect_syntax`] or [`parse_directive`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetectedDirective {
    /// The value up to its first space (for `syntax`, the frontend image
    /// reference). For the JSON form, the whole value.
    pub value: String,
    /// The whole value, everything after `=` with surrounding whitespace removed.
    pub cmdline: String,
    /// The 1-based line of the directive. For the JSON form this is what BuildKit
    /// reports: 1 after a shebang line, otherwise 0.
    pub line: usize,
}

/// The directives BuildKit's directive parser knows; any other key ends the
/// directive block.
const VALID_DIRECTIVES: [&str; 3] = ["syntax", "escape", "check"];

/// The longest line (without its newline) Go's `bufio.Scanner` hands out with its
/// default buffer; a longer line stops the scan.
const MAX_SCAN_LINE: usize = 64 * 1024 - 1;

/// BuildKit's `DetectSyntax`: the `syntax` directive of a Dockerfile, in any of
/// the forms BuildKit accepts (`# syntax=...`, `// syntax=...`, or a file that is
/// a JSON object such as `{"syntax": "..."}`), after a leading byte-order mark and
/// `#!` line.
pub fn detect_syntax(src: &str) -> Option<DetectedDirective> {
    find_directive("syntax", src, true)
}

/// BuildKit's `ParseDirective`: the value of the `# key=value` parser directive
/// `key` (lower case: `syntax`, `escape` or `check`) in the directive block at the
/// top of the file, after a leading byte-order mark and `#!` line. Only the `#`
/// comment form counts.
pub fn parse_directive(key: &str, src: &str) -> Option<DetectedDirective> {
    find_directive(key, src, false)
}

fn find_directive(key: &str, src: &str, any_format: bool) -> Option<DetectedDirective> {
    let dt = src.strip_prefix('\u{feff}').unwrap_or(src);
    let (dt, line) = match discard_shebang(dt) {
        Some(rest) => (rest, 1),
        None => (dt, 0),
    };
    if let Some(d) = from_comments(key, dt, "#", line) {
        return Some(d);
    }
    if !any_format {
        return None;
    }
    if let Some(d) = from_comments(key, dt, "//", line) {
        return Some(d);
    }
    let v = json_object_string_member(dt, key)?;
    Some(DetectedDirective {
        value: v.clone(),
        cmdline: v,
        line,
    })
}

/// `discardShebang`: the text after the first line when that line starts with `#!`.
fn discard_shebang(dt: &str) -> Option<&str> {
    let (first, rest) = dt.split_once('\n').unwrap_or((dt, ""));
    first.starts_with("#!").then_some(rest)
}

/// `DirectiveParser.ParseAll` with comment prefix `comment`, then the first
/// directive named `key`.
fn from_comments(
    key: &str,
    dt: &str,
    comment: &str,
    first_line: usize,
) -> Option<DetectedDirective> {
    let mut seen: Vec<String> = Vec::new();
    for (line_no, line) in (first_line + 1..).zip(scan_lines(dt)) {
        let rest = line.strip_prefix(comment)?;
        let rest = rest.trim_start();
        let (name, value) = match_directive(rest)?;
        let name = name.to_ascii_lowercase();
        if !VALID_DIRECTIVES.contains(&name.as_str()) {
            return None;
        }
        if seen.contains(&name) {
            // "only one ... parser directive can be used": BuildKit stops here and
            // keeps what it found before, which did not include `key`.
            return None;
        }
        if name == key {
            let first = value.split_once(' ').map_or(value, |(a, _)| a);
            return Some(DetectedDirective {
                value: first.to_string(),
                cmdline: value.to_string(),
                line: line_no,
            });
        }
        seen.push(name);
    }
    None
}

/// The lines `bufio.Scanner` with `ScanLines` yields: split at `\n`, one trailing
/// `\r` dropped, no empty last line after a final newline; the scan stops at a
/// line too long for its buffer.
fn scan_lines(dt: &str) -> impl Iterator<Item = &str> {
    let body = dt.strip_suffix('\n').unwrap_or(dt);
    let mut lines = (!dt.is_empty())
        .then(|| body.split('\n'))
        .into_iter()
        .flatten();
    let mut stopped = false;
    std::iter::from_fn(move || {
        if stopped {
            return None;
        }
        let l = lines.next()?;
        if l.len() > MAX_SCAN_LINE {
            stopped = true;
            return None;
        }
        Some(l.strip_suffix('\r').unwrap_or(l))
    })
}

/// Go's regexp `\s`: `[\t\n\f\r ]`.
fn is_go_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0c | b'\r' | b' ')
}

/// `^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$` on `t`: the name and the value.
fn match_directive(t: &str) -> Option<(&str, &str)> {
    let b = t.as_bytes();
    if !b.first().is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let mut i = 1;
    while i < b.len() && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    let name = &t[..i];
    while i < b.len() && is_go_space(b[i]) {
        i += 1;
    }
    if b.get(i) != Some(&b'=') {
        return None;
    }
    i += 1;
    let after_eq = i;
    while i < b.len() && is_go_space(b[i]) {
        i += 1;
    }
    let mut end = b.len();
    while end > i && is_go_space(b[end - 1]) {
        end -= 1;
    }
    if end > i {
        return Some((name, &t[i..end]));
    }
    // Only whitespace after `=`: the lazy group needs one character, so the greedy
    // `\s*` before it gives one back (the last whitespace byte).
    if b.len() > after_eq {
        return Some((name, &t[b.len() - 1..]));
    }
    None
}

/// `json.Unmarshal(dt, &map[string]any{})` then `m[key].(string)`: the value of
/// member `key` when `dt` is exactly one JSON object (surrounded by JSON
/// whitespace) and that member (the last one, for repeated keys) is a string.
fn json_object_string_member(dt: &str, key: &str) -> Option<String> {
    let mut p = Cursor::new(dt);
    p.ws();
    if !p.eat(b'{') {
        // `null` decodes into a nil map (no members); anything else is not an object.
        return None;
    }
    let mut found: Option<Option<String>> = None;
    p.ws();
    if !p.eat(b'}') {
        loop {
            p.ws();
            if p.peek() != Some(b'"') {
                return None;
            }
            let name = p.string()?;
            p.ws();
            if !p.eat(b':') {
                return None;
            }
            p.ws();
            if p.peek() == Some(b'"') {
                let v = p.string()?;
                if name == key {
                    found = Some(Some(v));
                }
            } else {
                if !p.skip_value() {
                    return None;
                }
                if name == key {
                    found = Some(None);
                }
            }
            p.ws();
            if p.eat(b',') {
                continue;
            }
            if p.eat(b'}') {
                break;
            }
            return None;
        }
    }
    p.ws();
    if !p.at_end() {
        return None;
    }
    found.flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn syntax(src: &str) -> Option<(String, String, usize)> {
        detect_syntax(src).map(|d| (d.value, d.cmdline, d.line))
    }

    #[test]
    fn comment_forms() {
        assert_eq!(
            syntax("# syntax = a/b:1 // x\nFROM s\n"),
            Some(("a/b:1".into(), "a/b:1 // x".into(), 1))
        );
        assert_eq!(
            syntax("#escape=`\n#SYNTAX=x\n"),
            Some(("x".into(), "x".into(), 2))
        );
        assert_eq!(
            syntax("#!/bin/sh\n//syntax=x"),
            Some(("x".into(), "x".into(), 2))
        );
        assert_eq!(syntax("#!/bin/sh\n\n# syntax=x\n"), None);
        assert_eq!(syntax("FROM a\n# syntax=x\n"), None);
        assert_eq!(syntax("# foo=bar\n# syntax=x\n"), None);
        assert_eq!(
            syntax("# syntax=a\n# syntax=b\n"),
            Some(("a".into(), "a".into(), 1))
        );
        assert_eq!(
            syntax("\u{feff}# syntax=x\r\n"),
            Some(("x".into(), "x".into(), 1))
        );
        assert_eq!(syntax("# syntax=  "), Some(("".into(), " ".into(), 1)));
        assert_eq!(syntax("# syntax="), None);
        assert_eq!(syntax(""), None);
    }

    #[test]
    fn parse_directive_only_hash() {
        assert!(parse_directive("check", "//check=skip=all\n").is_none());
        let d = parse_directive("check", "# check = skip=all // o\n").unwrap();
        assert_eq!(
            (d.value.as_str(), d.cmdline.as_str()),
            ("skip=all", "skip=all // o")
        );
        assert!(parse_directive("escape", "# check=a\n# check=b\n# escape=`\n").is_none());
    }

    #[test]
    fn json_form() {
        assert_eq!(
            syntax("{\"syntax\": \"foo bar\", \"x\": [1, {\"a\": null}, -2.5e3]}"),
            Some(("foo bar".into(), "foo bar".into(), 0))
        );
        assert_eq!(
            syntax("#!x\n {\"syntax\":\"a\\u00e9\"} \n"),
            Some(("aé".into(), "aé".into(), 1))
        );
        assert_eq!(
            syntax("{\"syntax\": \"a\", \"syntax\": \"b\"}"),
            Some(("b".into(), "b".into(), 0))
        );
        assert_eq!(syntax("{\"syntax\": \"a\", \"syntax\": 1}"), None);
        assert_eq!(syntax("{\"syntax\": 1}"), None);
        assert_eq!(syntax("{\"syntax\": \"foo\""), None);
        assert_eq!(syntax("{\"syntax\": \"foo\"}\n# syntax=bar"), None);
        assert_eq!(syntax("{\"syntax\": \"foo\", \"x\": [1,]}"), None);
        assert_eq!(syntax("{\"syntax\": \"foo\", \"x\": 01}"), None);
        assert_eq!(syntax("null"), None);
        assert_eq!(syntax("[\"syntax\"]"), None);
        let deep = format!(
            "{{\"syntax\": \"s\", \"x\": {}{}}}",
            "[".repeat(20_000),
            "]".repeat(20_000)
        );
        assert_eq!(syntax(&deep), None);
        let ok = format!(
            "{{\"syntax\": \"s\", \"x\": {}{}}}",
            "[".repeat(100),
            "]".repeat(100)
        );
        assert_eq!(syntax(&ok), Some(("s".into(), "s".into(), 0)));
    }

    #[test]
    fn too_long_line_stops_scan() {
        let long = format!("# escape={}\n# syntax=x\n", "a".repeat(70_000));
        assert!(detect_syntax(&long).is_none());
    }
}
