//! Conformance with BuildKit's own test material (Apache-2.0, copied into the shared
//! corpus from moby/buildkit `frontend/dockerfile/`, see its `LICENSE-NOTE.txt`):
//!
//! - `testfiles/<case>/Dockerfile` + `result`: the AST dump must match exactly;
//! - `testfiles-negative/<case>`: the parser must refuse the file;
//! - `testfile-line` and `go-tests/parser/*`, `go-tests/instructions/*`: the
//!   assertions of BuildKit's Go tests, transcribed into `expect.json`, one test
//!   function per kind of expectation;
//! - `go-tests/integration/*`: Dockerfiles from BuildKit's build tests must parse,
//!   print back unchanged and be accepted by the parser.
//!
//! The corpus lives outside this repository; when it is absent every test prints a
//! note and passes. When a folder exists but holds no case, the test fails.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use dockwright::syntax::buildkit::{buildkit_view, dump};
use dockwright::syntax::heredoc::parse_heredoc_word;
use dockwright::syntax::{
    detect_syntax, parse, parse_directive, Body, Command, Dockerfile, Heredoc, Instruction,
    InstructionKind, Node, Span, SyntaxSeverity,
};
use serde_json::Value;

// ---------------------------------------------------------------------------
// Corpus access and reporting
// ---------------------------------------------------------------------------

fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus/buildkit-testfiles"
    ));
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipping: ../shared corpus not found (looked for {})",
            dir.display()
        );
        None
    }
}

/// The case folders under `sub`, sorted by name; `None` when the corpus is absent.
fn case_dirs(sub: &str) -> Option<Vec<PathBuf>> {
    let dir = corpus()?.join(sub);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) => panic!("cannot list {}: {e}", dir.display()),
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    Some(out)
}

fn read(path: &Path) -> String {
    match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) => panic!("cannot read {}: {e}", path.display()),
    }
}

fn expect_json(dir: &Path) -> Value {
    let path = dir.join("expect.json");
    match serde_json::from_str(&read(&path)) {
        Ok(v) => v,
        Err(e) => panic!("bad JSON in {}: {e}", path.display()),
    }
}

fn name(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The Dockerfile of a case folder.
fn dockerfile(dir: &Path) -> String {
    read(&dir.join("Dockerfile"))
}

/// Passed/total bookkeeping for one kind of expectation.
struct Report {
    kind: &'static str,
    total: usize,
    failures: Vec<String>,
    unchecked: Vec<String>,
}

impl Report {
    fn new(kind: &'static str) -> Self {
        Report {
            kind,
            total: 0,
            failures: Vec::new(),
            unchecked: Vec::new(),
        }
    }

    /// Record one case and the problems found in it.
    fn case(&mut self, case: &str, problems: Vec<String>) {
        self.total += 1;
        for p in problems {
            self.failures.push(format!("{case}: {p}"));
        }
    }

    /// Note an assertion of the corpus that this test cannot check.
    fn unchecked(&mut self, case: &str, what: &str) {
        self.unchecked.push(format!("{case}: {what}"));
    }

    fn finish(self) {
        let failed_cases: BTreeSet<&str> = self
            .failures
            .iter()
            .filter_map(|f| f.split(':').next())
            .collect();
        eprintln!(
            "buildkit conformance [{}]: {}/{} cases passed",
            self.kind,
            self.total - failed_cases.len(),
            self.total
        );
        for u in &self.unchecked {
            eprintln!("  not checked: {u}");
        }
        for f in &self.failures {
            eprintln!("  FAILED {f}");
        }
        assert!(self.total > 0, "[{}]: no cases found", self.kind);
        assert!(
            self.failures.is_empty(),
            "[{}]: {} failure(s), see stderr",
            self.kind,
            self.failures.len()
        );
    }
}

/// The go-tests cases of group `group` whose `expect` is `kind`, with their JSON.
fn go_cases(group: &str, kind: &str) -> Option<Vec<(PathBuf, Value)>> {
    let dirs = case_dirs(&format!("go-tests/{group}"))?;
    assert!(!dirs.is_empty(), "go-tests/{group} holds no cases");
    Some(
        dirs.into_iter()
            .map(|d| {
                let j = expect_json(&d);
                (d, j)
            })
            .filter(|(_, j)| j["expect"] == kind)
            .collect(),
    )
}

// ---------------------------------------------------------------------------
// Views of the tree the way BuildKit's Go tests look at it
// ---------------------------------------------------------------------------

/// One child of BuildKit's AST root.
struct Child<'a> {
    instruction: Option<&'a Instruction>,
    start_line: usize,
    end_line: usize,
}

impl Child<'_> {
    fn heredocs(&self) -> &[Heredoc] {
        self.instruction.map_or(&[], |i| i.heredocs.as_slice())
    }
}

/// BuildKit's AST children: every instruction line, valid or not.
fn ast_children(df: &Dockerfile) -> Vec<Child<'_>> {
    df.nodes()
        .iter()
        .filter_map(|n| match n {
            Node::Instruction(i) => Some(Child {
                instruction: Some(i),
                start_line: i.start_line,
                end_line: i.end_line,
            }),
            Node::Error(e) => Some(Child {
                instruction: e.instruction.as_deref(),
                start_line: e.start_line,
                end_line: e.end_line,
            }),
            _ => None,
        })
        .collect()
}

/// BuildKit's `Node.PrevComment` for each AST child, derived from the comment
/// nodes: every comment line since the previous instruction, the text being the
/// raw line minus its first byte, trimmed; a comment with no text clears the list;
/// parser directives are not included; blank lines do not clear the list.
fn prev_comments(df: &Dockerfile) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut pending: Vec<String> = Vec::new();
    for n in df.nodes() {
        match n {
            Node::Comment(c) => {
                let start = df.line_index().line_start(c.line).unwrap_or(c.span.start);
                let mut start = start.min(c.span.start);
                if c.line == 1 && df.has_bom() {
                    start += 3;
                }
                let raw = df.text(Span::new(start, c.span.end));
                let text = raw.get(1..).unwrap_or("").trim().to_string();
                if text.is_empty() {
                    pending.clear();
                } else {
                    pending.push(text);
                }
            }
            Node::Instruction(_) | Node::Error(_) => out.push(std::mem::take(&mut pending)),
            Node::Directive(_) | Node::Blank { .. } => {}
        }
    }
    out
}

/// `getComment`: the doc comment of `name`.
fn get_comment(comments: &[String], name: &str) -> String {
    if name.is_empty() {
        return String::new();
    }
    let prefix = format!("{name} ");
    comments
        .iter()
        .find_map(|c| c.strip_prefix(&prefix))
        .unwrap_or("")
        .to_string()
}

fn errors_of(df: &Dockerfile) -> Vec<String> {
    df.diagnostics()
        .iter()
        .filter(|d| d.severity != SyntaxSeverity::Warning)
        .map(|d| d.message.clone())
        .collect()
}

fn as_str_vec(v: &Value) -> Option<Vec<String>> {
    v.as_array()?
        .iter()
        .map(|s| s.as_str().map(str::to_string))
        .collect()
}

fn check_eq<T: PartialEq + std::fmt::Debug>(
    problems: &mut Vec<String>,
    what: &str,
    expected: T,
    actual: T,
) {
    if expected != actual {
        problems.push(format!("{what}: expected {expected:?}, got {actual:?}"));
    }
}

/// Keys of expect.json that are bookkeeping, not assertions.
const META_KEYS: [&str; 4] = ["source", "expect", "note", "parse"];

// ---------------------------------------------------------------------------
// testfiles and testfiles-negative
// ---------------------------------------------------------------------------

#[test]
fn testfiles_dump_matches_result() {
    let Some(dirs) = case_dirs("testfiles") else {
        return;
    };
    let mut report = Report::new("testfiles dump");
    for dir in dirs {
        let src = dockerfile(&dir);
        let expected = read(&dir.join("result"));
        let df = parse(&src);
        let mut problems = Vec::new();
        if df.print() != src {
            problems.push("print() differs from the input".to_string());
        }
        match dump(&df) {
            Ok(actual) if actual == expected => {}
            Ok(actual) => problems.push(format!(
                "dump differs\n--- expected\n{expected}--- actual\n{actual}---"
            )),
            Err(e) => problems.push(format!(
                "refused: {} (line {})\n--- expected\n{expected}---",
                e.message, e.line
            )),
        }
        report.case(&name(&dir), problems);
    }
    report.finish();
}

#[test]
fn testfiles_negative_are_refused() {
    let Some(dirs) = case_dirs("testfiles-negative") else {
        return;
    };
    let mut report = Report::new("testfiles-negative");
    for dir in dirs {
        let src = dockerfile(&dir);
        let df = parse(&src);
        let mut problems = Vec::new();
        if df.print() != src {
            problems.push("print() differs from the input".to_string());
        }
        if df.buildkit_error().is_none() {
            problems.push("accepted, but BuildKit refuses it".to_string());
        }
        report.case(&name(&dir), problems);
    }
    report.finish();
}

// ---------------------------------------------------------------------------
// go-tests/parser
// ---------------------------------------------------------------------------

/// The assertions of a parser "parse-ok" case on `df`.
fn check_parse_ok(case: &str, df: &Dockerfile, j: &Value, report: &mut Report) -> Vec<String> {
    let mut problems = Vec::new();
    if let Some(e) = df.buildkit_error() {
        problems.push(format!("refused: {} (line {})", e.message, e.line));
        return problems;
    }
    let children = ast_children(df);
    let Some(obj) = j.as_object() else {
        return vec!["expect.json is not an object".into()];
    };
    for (key, v) in obj {
        match key.as_str() {
            k if META_KEYS.contains(&k) => {}
            "children" => check_eq(
                &mut problems,
                "children",
                v.as_u64(),
                Some(children.len() as u64),
            ),
            "ast_start_line" => check_eq(
                &mut problems,
                "AST start line",
                v.as_u64(),
                children.first().map(|c| c.start_line as u64),
            ),
            "ast_end_line" => check_eq(
                &mut problems,
                "AST end line",
                v.as_u64(),
                children.last().map(|c| c.end_line as u64),
            ),
            "children_lines" => {
                let expected: Vec<Vec<u64>> = serde_json::from_value(v.clone()).unwrap_or_default();
                let actual: Vec<Vec<u64>> = children
                    .iter()
                    .map(|c| vec![c.start_line as u64, c.end_line as u64])
                    .collect();
                check_eq(&mut problems, "children lines", expected, actual);
            }
            "children_heredocs" => {
                let Some(list) = v.as_array() else {
                    problems.push("children_heredocs is not a list".into());
                    continue;
                };
                check_eq(&mut problems, "children", list.len() + 1, children.len());
                for (i, exp) in list.iter().enumerate() {
                    let actual: Vec<Value> = children
                        .get(i + 1)
                        .map(|c| c.heredocs())
                        .unwrap_or_default()
                        .iter()
                        .map(|h| {
                            serde_json::json!({
                                "name": h.name,
                                "content": h.content,
                                "expand": h.expand,
                                "chomp": h.chomp,
                                "fileDescriptor": h.fd,
                            })
                        })
                        .collect();
                    let expected: Vec<Value> = exp.as_array().cloned().unwrap_or_default();
                    check_eq(
                        &mut problems,
                        &format!("heredocs of child {}", i + 1),
                        expected,
                        actual,
                    );
                }
            }
            "children_without_heredocs" => {
                for i in v.as_array().into_iter().flatten().filter_map(Value::as_u64) {
                    match children.get(i as usize) {
                        Some(c) if c.heredocs().is_empty() => {}
                        Some(c) => problems
                            .push(format!("child {i} has {} heredoc(s)", c.heredocs().len())),
                        None => problems.push(format!("no child {i}")),
                    }
                }
            }
            "warnings_count" => {
                let n = df
                    .diagnostics()
                    .iter()
                    .filter(|d| d.severity == SyntaxSeverity::Warning)
                    .count();
                check_eq(&mut problems, "warnings", v.as_u64(), Some(n as u64));
            }
            "warnings_short_contains" => {
                let warnings: Vec<&str> = df
                    .diagnostics()
                    .iter()
                    .filter(|d| d.severity == SyntaxSeverity::Warning)
                    .map(|d| d.message.as_str())
                    .collect();
                for (i, subs) in v.as_array().into_iter().flatten().enumerate() {
                    let w = warnings.get(i).copied().unwrap_or("");
                    for s in as_str_vec(subs).unwrap_or_default() {
                        if !w.contains(&s) {
                            problems.push(format!("warning {i} {w:?} does not contain {s:?}"));
                        }
                    }
                }
            }
            "warning0_detail_contains" => report.unchecked(
                case,
                "warning detail text (our diagnostics have a message only)",
            ),
            other => problems.push(format!("unknown assertion {other:?}")),
        }
    }
    problems
}

#[test]
fn parser_parse_ok() {
    let Some(cases) = go_cases("parser", "parse-ok") else {
        return;
    };
    let mut report = Report::new("parser parse-ok");
    for (dir, j) in &cases {
        let src = dockerfile(dir);
        let df = parse(&src);
        let problems = check_parse_ok(&name(dir), &df, j, &mut report);
        report.case(&name(dir), problems);
    }
    // testfile-line/Dockerfile is the input of TestParseIncludesLineNumbers, whose
    // expectations are in go-tests/parser/line-numbers.
    if let Some(root) = corpus() {
        let src = dockerfile(&root.join("testfile-line"));
        let j = expect_json(&root.join("go-tests/parser/line-numbers"));
        let df = parse(&src);
        let mut problems = check_parse_ok("testfile-line", &df, &j, &mut report);
        if df.print() != src {
            problems.push("print() differs from the input".into());
        }
        report.case("testfile-line", problems);
    }
    report.finish();
}

#[test]
fn parser_parse_error() {
    let Some(cases) = go_cases("parser", "parse-error") else {
        return;
    };
    let mut report = Report::new("parser parse-error");
    for (dir, j) in &cases {
        let src = dockerfile(dir);
        let df = parse(&src);
        let mut problems = Vec::new();
        match (
            df.buildkit_error(),
            j["error"].as_str(),
            j["error_contains"].as_str(),
        ) {
            (None, _, _) => problems.push("accepted, but BuildKit refuses it".into()),
            (Some(e), Some(exp), _) => check_eq(&mut problems, "error", exp, e.message.as_str()),
            (Some(e), None, Some(sub)) => {
                if !e.message.contains(sub) {
                    problems.push(format!("error {:?} does not contain {sub:?}", e.message));
                }
            }
            (Some(_), None, None) => {}
        }
        if df.print() != src {
            problems.push("print() differs from the input".into());
        }
        report.case(&name(dir), problems);
    }
    report.finish();
}

#[test]
fn parser_directives() {
    let Some(cases) = go_cases("parser", "directives") else {
        return;
    };
    let mut report = Report::new("parser directives");
    for (dir, j) in &cases {
        let df = parse(&dockerfile(dir));
        let expected: Vec<(String, String)> = j["directives"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| {
                (
                    d["name"].as_str().unwrap_or("").to_string(),
                    d["value"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        let actual: Vec<(String, String)> = df
            .directives()
            .iter()
            .map(|d| (d.name.clone(), d.value.clone()))
            .collect();
        let mut problems = Vec::new();
        check_eq(&mut problems, "directives", expected, actual);
        report.case(&name(dir), problems);
    }
    report.finish();
}

/// Compare a detected directive with `{ok, <value_key>, cmdline, line}`.
fn check_detected(
    exp: &Value,
    value_key: &str,
    got: Option<dockwright::syntax::DetectedDirective>,
) -> Vec<String> {
    let mut problems = Vec::new();
    let ok = exp["ok"].as_bool().unwrap_or(false);
    match (ok, got) {
        (false, None) => {}
        (false, Some(d)) => problems.push(format!("found {d:?}, expected none")),
        (true, None) => problems.push("not found".into()),
        (true, Some(d)) => {
            if let Some(v) = exp[value_key].as_str() {
                check_eq(&mut problems, value_key, v, d.value.as_str());
            }
            if let Some(v) = exp["cmdline"].as_str() {
                check_eq(&mut problems, "cmdline", v, d.cmdline.as_str());
            }
            if let Some(v) = exp["line"].as_u64() {
                check_eq(&mut problems, "line", v, d.line as u64);
            }
        }
    }
    problems
}

#[test]
fn parser_detect_syntax() {
    let Some(cases) = go_cases("parser", "detect-syntax") else {
        return;
    };
    let mut report = Report::new("parser detect-syntax");
    for (dir, j) in &cases {
        let got = detect_syntax(&dockerfile(dir));
        report.case(&name(dir), check_detected(&j["syntax"], "ref", got));
    }
    report.finish();
}

#[test]
fn parser_parse_directive() {
    let Some(cases) = go_cases("parser", "parse-directive") else {
        return;
    };
    let mut report = Report::new("parser parse-directive");
    for (dir, j) in &cases {
        let key = j["directive"].as_str().unwrap_or("");
        let got = parse_directive(key, &dockerfile(dir));
        report.case(&name(dir), check_detected(&j["result"], "value", got));
    }
    report.finish();
}

/// `TestHeredocChomp`: `ChompHeredocContent`.
fn table_chomp(j: &Value) -> (usize, Vec<String>) {
    let mut problems = Vec::new();
    let rows = j["cases"].as_array().cloned().unwrap_or_default();
    for row in &rows {
        let input = row["input"].as_str().unwrap_or("");
        let h = Heredoc {
            name: "EOF".into(),
            fd: 0,
            expand: true,
            chomp: true,
            content: input.to_string(),
            marker_span: Span::new(0, 0),
            body_span: Span::new(0, 0),
            terminator_span: None,
        };
        check_eq(
            &mut problems,
            &format!("chomp {input:?}"),
            row["output"].as_str().unwrap_or(""),
            h.effective_content().as_str(),
        );
    }
    (rows.len(), problems)
}

/// `TestParseHeredocHelpers`: `ParseHeredoc` on single words.
fn table_markers(j: &Value) -> (usize, Vec<String>) {
    let mut problems = Vec::new();
    let mut rows = 0;
    for (word, want) in j["valid"].as_object().into_iter().flatten() {
        rows += 1;
        match parse_heredoc_word(word) {
            Ok(Some(h)) => check_eq(
                &mut problems,
                &format!("name of {word:?}"),
                want.as_str(),
                Some(h.name.as_str()),
            ),
            other => problems.push(format!("{word:?}: expected a heredoc, got {other:?}")),
        }
    }
    for word in as_str_vec(&j["invalid"]).unwrap_or_default() {
        rows += 1;
        if parse_heredoc_word(&word).is_ok() {
            problems.push(format!("{word:?}: expected an error"));
        }
    }
    for word in as_str_vec(&j["not_heredoc"]).unwrap_or_default() {
        rows += 1;
        match parse_heredoc_word(&word) {
            Ok(None) => {}
            other => problems.push(format!("{word:?}: expected no heredoc, got {other:?}")),
        }
    }
    (rows, problems)
}

/// `TestHeredocsFromLine`: the heredoc names the parser finds on a line. The Go
/// test checks every heredoc found against the listed name at the same index
/// (`for i, heredoc := range heredocs`), so finding fewer than listed passes there;
/// such rows are printed.
fn table_heredocs_from_line(j: &Value) -> (usize, Vec<String>) {
    let mut problems = Vec::new();
    let rows = j["lines"].as_array().cloned().unwrap_or_default();
    for row in &rows {
        let line = row["line"].as_str().unwrap_or("");
        let expected = as_str_vec(&row["names"]).unwrap_or_default();
        // The line, then one terminator per listed heredoc (bodies empty).
        let mut src = format!("{line}\n");
        for n in &expected {
            src.push_str(n);
            src.push('\n');
        }
        let df = parse(&src);
        let actual: Vec<String> = df
            .instructions()
            .next()
            .map(|i| i.heredocs.iter().map(|h| h.name.clone()).collect())
            .unwrap_or_default();
        for (i, found) in actual.iter().enumerate() {
            match expected.get(i) {
                Some(e) if e == found => {}
                Some(e) => problems.push(format!(
                    "{line:?}: heredoc {i} is {found:?}, expected {e:?}"
                )),
                None => problems.push(format!(
                    "{line:?}: unexpected heredoc {found:?} (expected {expected:?})"
                )),
            }
        }
        if actual.len() < expected.len() {
            eprintln!(
                "  note: heredocs of {line:?}: found {actual:?}, table lists {expected:?} \
                 (the Go test only checks heredocs found)"
            );
        }
    }
    (rows.len(), problems)
}

/// `TestJSONArraysOfStrings`: `CMD <input>` is the exec form with these values,
/// or the file is refused.
fn table_json_arrays(j: &Value) -> (usize, Vec<String>) {
    let mut problems = Vec::new();
    let mut rows = 0;
    for row in j["valid"].as_array().into_iter().flatten() {
        rows += 1;
        let input = row["input"].as_str().unwrap_or("");
        let expected = as_str_vec(&row["values"]).unwrap_or_default();
        let df = parse(&format!("CMD {input}\n"));
        let actual = match df.instructions().next().map(|i| &i.body) {
            Some(Body::Cmd(Command::Exec { args, .. })) => {
                Some(args.iter().map(|w| w.text.clone()).collect::<Vec<_>>())
            }
            _ => None,
        };
        check_eq(
            &mut problems,
            &format!("CMD {input:?}"),
            Some(expected),
            actual,
        );
    }
    for input in as_str_vec(&j["invalid"]).unwrap_or_default() {
        rows += 1;
        if parse(&format!("CMD {input}\n")).buildkit_error().is_none() {
            problems.push(format!("CMD {input:?}: accepted, expected a parse error"));
        }
    }
    (rows, problems)
}

/// `TestParseWords`: the values of `ARG <input>` are `parseWords(input)`.
fn table_parse_words(j: &Value) -> (usize, Vec<String>) {
    let mut problems = Vec::new();
    let rows = j["cases"].as_array().cloned().unwrap_or_default();
    for row in &rows {
        let input = row["input"].as_str().unwrap_or("");
        let expected = as_str_vec(&row["words"]).unwrap_or_default();
        let df = parse(&format!("ARG {input}\n"));
        let actual = match buildkit_view(&df) {
            Ok(v) => v.first().map(|i| i.value.clone()).unwrap_or_default(),
            Err(e) => vec![format!("refused: {}", e.message)],
        };
        check_eq(
            &mut problems,
            &format!("words of {input:?}"),
            expected,
            actual,
        );
    }
    (rows.len(), problems)
}

#[test]
fn parser_tables() {
    let Some(cases) = go_cases("parser", "table") else {
        return;
    };
    let mut report = Report::new("parser table");
    let mut rows_total = 0;
    for (dir, j) in &cases {
        let test = j["source"]["test"].as_str().unwrap_or("");
        let (rows, problems) = match test {
            "TestHeredocChomp" => table_chomp(j),
            "TestParseHeredocHelpers" => table_markers(j),
            "TestHeredocsFromLine" => table_heredocs_from_line(j),
            "TestJSONArraysOfStrings" => table_json_arrays(j),
            "TestParseWords" => table_parse_words(j),
            other => (0, vec![format!("unknown table test {other:?}")]),
        };
        if rows == 0 {
            report.case(&name(dir), vec!["table has no rows".into()]);
            continue;
        }
        rows_total += rows;
        report.case(&name(dir), problems);
    }
    eprintln!("buildkit conformance [parser table]: {rows_total} table rows checked");
    report.finish();
}

// ---------------------------------------------------------------------------
// go-tests/instructions
// ---------------------------------------------------------------------------

/// "no build stage in current context" comes from `instructions.Parse` over the
/// whole file; BuildKit's instruction tests call `ParseInstruction` on a lone node,
/// so it is not part of what they assert.
fn is_stage_context(message: &str) -> bool {
    message == "no build stage in current context"
}

#[test]
fn instructions_errors() {
    let Some(cases) = go_cases("instructions", "instruction-error") else {
        return;
    };
    let mut report = Report::new("instructions instruction-error");
    for (dir, j) in &cases {
        let src = dockerfile(dir);
        let df = parse(&src);
        let mut problems = Vec::new();
        if j["parse"] == "ok" {
            if let Some(e) = df.buildkit_error() {
                problems.push(format!("refused by the parser: {}", e.message));
            }
        }
        let errors: Vec<&str> = df
            .diagnostics()
            .iter()
            .filter(|d| d.severity == SyntaxSeverity::Error)
            .map(|d| d.message.as_str())
            .collect();
        let matched = match (j["error"].as_str(), j["error_contains"].as_str()) {
            (Some(exact), _) => errors.contains(&exact),
            (None, Some(sub)) => errors.iter().any(|e| e.contains(sub)),
            (None, None) => {
                problems.push("no error in expect.json".into());
                true
            }
        };
        if !matched {
            problems.push(format!(
                "expected {}, got errors {errors:?}",
                j.get("error").unwrap_or(&j["error_contains"])
            ));
        }
        if df.print() != src {
            problems.push("print() differs from the input".into());
        }
        report.case(&name(dir), problems);
    }
    report.finish();
}

/// `parseSourcesAndDest`: source paths, heredoc sources and destination.
fn sources_and_dest(inst: &Instruction) -> Option<Value> {
    let paths = match &inst.body {
        Body::Copy(c) | Body::Add(c) => &c.paths,
        _ => return None,
    };
    let (dest, srcs) = paths.split_last()?;
    let mut source_paths = Vec::new();
    let mut source_contents = Vec::new();
    for src in srcs {
        match parse_heredoc_word(&src.text) {
            Ok(Some(word)) => {
                // Later heredocs of the same name win, as in BuildKit's lookup map.
                let data = inst
                    .heredocs
                    .iter()
                    .rev()
                    .find(|h| h.name == word.name)
                    .map(|h| {
                        if word.chomp {
                            h.effective_content()
                        } else {
                            h.content.clone()
                        }
                    })
                    .unwrap_or_default();
                source_contents.push(serde_json::json!({
                    "path": word.name,
                    "data": data,
                    "expand": word.expand,
                }));
            }
            _ => source_paths.push(Value::String(src.text.clone())),
        }
    }
    Some(serde_json::json!({
        "dest": dest.text,
        "source_paths": source_paths,
        "source_contents": source_contents,
    }))
}

/// `parseShellDependentCommand` for RUN: prepend_shell, cmd_line and files.
fn run_command(inst: &Instruction) -> Option<Value> {
    let Body::Run(cmd) = &inst.body else {
        return None;
    };
    let (prepend_shell, cmd_line): (bool, Vec<String>) = match cmd {
        Command::None => (true, Vec::new()),
        Command::Exec { args, .. } => (false, args.iter().map(|w| w.text.clone()).collect()),
        Command::Shell(w) => (true, vec![w.text.clone()]),
    };
    let files: Vec<Value> = inst
        .heredocs
        .iter()
        .map(|h| serde_json::json!({"name": h.name, "data": h.content, "chomp": h.chomp}))
        .collect();
    Some(serde_json::json!({
        "prepend_shell": prepend_shell,
        "cmd_line": cmd_line,
        "files": files,
    }))
}

/// `instructions.Parse`: stages (doc comment and commands, ARGs with doc comments)
/// and meta args, as the corpus writes them.
fn stages_and_meta_args(df: &Dockerfile) -> Result<(Vec<Value>, Vec<Value>), String> {
    let comments = prev_comments(df);
    let children = ast_children(df);
    let mut stages: Vec<Value> = Vec::new();
    let mut meta_args: Vec<Value> = Vec::new();
    for (child, prev) in children.iter().zip(&comments) {
        let Some(inst) = child.instruction else {
            return Err(format!(
                "line {}: not a valid instruction",
                child.start_line
            ));
        };
        let args = |decls: &[dockwright::syntax::ArgDecl]| -> Vec<Value> {
            decls
                .iter()
                .map(|d| {
                    serde_json::json!({
                        "key": d.name.text,
                        "doc_comment": get_comment(prev, &d.name.text),
                    })
                })
                .collect()
        };
        match &inst.body {
            Body::From(f) => {
                let stage_name = f
                    .alias
                    .as_ref()
                    .map(|a| a.text.to_lowercase())
                    .unwrap_or_default();
                stages.push(serde_json::json!({
                    "doc_comment": get_comment(prev, &stage_name),
                    "commands": [],
                }));
            }
            Body::Arg(decls) if stages.is_empty() => meta_args.extend(args(decls)),
            body => {
                let Some(stage) = stages.last_mut() else {
                    return Err(format!("line {}: no build stage", child.start_line));
                };
                let cmd = match body {
                    Body::Arg(decls) => serde_json::json!({ "ARG": args(decls) }),
                    _ => serde_json::json!({ inst.kind.as_str(): Value::Null }),
                };
                if let Some(list) = stage["commands"].as_array_mut() {
                    list.push(cmd);
                }
            }
        }
    }
    Ok((stages, meta_args))
}

#[test]
fn instructions_parse_ok() {
    let Some(cases) = go_cases("instructions", "parse-ok") else {
        return;
    };
    let mut report = Report::new("instructions parse-ok");
    for (dir, j) in &cases {
        let case = name(dir);
        let src = dockerfile(dir);
        let df = parse(&src);
        let mut problems = Vec::new();
        if df.print() != src {
            problems.push("print() differs from the input".into());
        }
        let errors: Vec<String> = errors_of(&df)
            .into_iter()
            .filter(|m| !is_stage_context(m))
            .collect();
        if !errors.is_empty() {
            problems.push(format!("unexpected errors {errors:?}"));
        }
        let kind = j["instruction"].as_str();
        let inst = kind.and_then(|k| {
            let k = InstructionKind::from_keyword(k)?;
            df.instructions().find(|i| i.kind == k)
        });
        if kind.is_some() && inst.is_none() {
            problems.push(format!("no {} instruction", kind.unwrap_or("")));
        }
        let Some(obj) = j.as_object() else {
            report.case(&case, vec!["expect.json is not an object".into()]);
            continue;
        };
        for (key, v) in obj {
            match key.as_str() {
                k if META_KEYS.contains(&k) || k == "instruction" => {}
                "sources_and_dest" => check_eq(
                    &mut problems,
                    key,
                    Some(v.clone()),
                    inst.and_then(sources_and_dest),
                ),
                "run" => check_eq(
                    &mut problems,
                    key,
                    Some(v.clone()),
                    inst.and_then(run_command),
                ),
                "flags_used" => {
                    let expected: BTreeSet<String> =
                        as_str_vec(v).unwrap_or_default().into_iter().collect();
                    let actual: BTreeSet<String> = inst
                        .map(|i| i.flags.iter().map(|f| f.name.clone()).collect())
                        .unwrap_or_default();
                    check_eq(&mut problems, key, expected, actual);
                }
                "stages" | "meta_args" => match stages_and_meta_args(&df) {
                    Ok((stages, meta)) => {
                        let actual = if key == "stages" {
                            Value::Array(stages)
                        } else {
                            Value::Array(meta)
                        };
                        check_eq(&mut problems, key, v.clone(), actual);
                    }
                    Err(e) => problems.push(format!("{key}: {e}")),
                },
                other => problems.push(format!("unknown assertion {other:?}")),
            }
        }
        report.case(&case, problems);
    }
    report.finish();
}

// ---------------------------------------------------------------------------
// Every case has a kind that one of the tests above checks
// ---------------------------------------------------------------------------

#[test]
fn every_go_test_case_is_checked() {
    let known: [(&str, &[&str]); 2] = [
        (
            "parser",
            &[
                "parse-ok",
                "parse-error",
                "directives",
                "detect-syntax",
                "parse-directive",
                "table",
            ],
        ),
        ("instructions", &["instruction-error", "parse-ok"]),
    ];
    for (group, kinds) in known {
        let Some(dirs) = case_dirs(&format!("go-tests/{group}")) else {
            return;
        };
        assert!(!dirs.is_empty(), "go-tests/{group} holds no cases");
        for d in dirs {
            let j = expect_json(&d);
            let kind = j["expect"].as_str().unwrap_or("");
            assert!(
                kinds.contains(&kind),
                "go-tests/{group}/{}: expect kind {kind:?} is not checked by any test",
                name(&d)
            );
        }
    }
}

// ---------------------------------------------------------------------------
// go-tests/integration
// ---------------------------------------------------------------------------

/// Integration Dockerfiles that BuildKit's parser refuses, as their Go tests
/// expect: (case, why).
const EXPECTED_PARSE_FAILURES: &[(&str, &str)] = &[];

#[test]
fn integration_files_parse() {
    let Some(dirs) = case_dirs("go-tests/integration") else {
        return;
    };
    let mut report = Report::new("integration");
    let mut refused_as_expected = 0;
    let mut with_errors = Vec::new();
    for dir in dirs {
        let case = name(&dir);
        let src = dockerfile(&dir);
        let j = expect_json(&dir);
        let mut problems = Vec::new();
        let df = match std::panic::catch_unwind(|| parse(&src)) {
            Ok(df) => df,
            Err(_) => {
                report.case(&case, vec!["parse panicked".into()]);
                continue;
            }
        };
        if df.print() != src {
            problems.push("print() differs from the input".into());
        }
        let expected_failure = EXPECTED_PARSE_FAILURES.iter().find(|(c, _)| *c == case);
        match (df.buildkit_error(), expected_failure) {
            (None, None) => {}
            (Some(_), Some(_)) => refused_as_expected += 1,
            (Some(e), None) => problems.push(format!(
                "refused: {} (line {}); expect {:?}, test {}",
                e.message, e.line, j["expect"], j["source"]["test"]
            )),
            (None, Some((_, why))) => {
                problems.push(format!("accepted, but expected to fail: {why}"))
            }
        }
        let errors: Vec<String> = df
            .diagnostics()
            .iter()
            .filter(|d| d.severity == SyntaxSeverity::Error)
            .map(|d| format!("line {}: {}", d.line, d.message))
            .collect();
        if !errors.is_empty() {
            with_errors.push(format!(
                "{case} ({}): {}",
                j["source"]["test"],
                errors.join("; ")
            ));
        }
        report.case(&case, problems);
    }
    eprintln!(
        "buildkit conformance [integration]: {refused_as_expected} refused as their tests expect; \
         {} file(s) with instruction-stage errors (the build fails there):",
        with_errors.len()
    );
    for e in &with_errors {
        eprintln!("  {e}");
    }
    report.finish();
}
