//! Every report format on the same small run: two files with findings (real ones,
//! from the linter, with fixes attached by hand since the point is how fixes are
//! shown) and a clean file. Outputs are compared whole, as a user sees them; the
//! machine formats are also parsed back (JSON, XML) and SARIF is validated against
//! the OASIS SARIF 2.1.0 schema in `tests/data`.

use dockwright::diagnostic::{Category, Diagnostic, Severity};
use dockwright::fix::{Edit, Fix};
use dockwright::report::{render, FileReport, Format, RenderOptions};
use dockwright::rules::Registry;
use dockwright::syntax::{LineIndex, Position, Span};
use dockwright::Linter;

/// The rules this test relies on; other findings the linter may grow are left out,
/// so that new rules do not change these outputs.
const CODES: [&str; 3] = ["DL3003", "DL3006", "DL3007"];

const MAIN: &str = "FROM debian AS build\nRUN cd /src && make\nFROM alpine:latest\nCOPY --from=build /src/app /app\n";
const OTHER: &str = "FROM alpine:3.20\nRUN cd /app && make\n";
const OTHER_PATH: &str = "ci/my app,v2:x/Dockerfile";

fn lint(path: &str, src: &str) -> FileReport {
    let mut diagnostics = Linter::default().lint(src).diagnostics;
    diagnostics.retain(|d| CODES.contains(&d.code));
    FileReport {
        path: path.into(),
        source: src.into(),
        diagnostics,
    }
}

/// The run: `Dockerfile` (3 findings, a safe and an unsafe fix), a file in an
/// awkward directory (1 finding) and a clean file.
fn run() -> Vec<FileReport> {
    let mut main = lint("Dockerfile", MAIN);
    let codes: Vec<&str> = main.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["DL3006", "DL3003", "DL3007"]);
    let untagged = &mut main.diagnostics[0];
    untagged.fix = Some(Fix::safe(
        "Pin `debian:12`",
        vec![Edit::insert(untagged.span.end, ":12")],
    ));
    let latest = &mut main.diagnostics[2];
    latest.fix = Some(Fix::unsafe_(
        "Use `alpine:3.20`",
        vec![Edit::replace(latest.span, "3.20")],
    ));
    let other = lint(OTHER_PATH, OTHER);
    assert_eq!(other.diagnostics.len(), 1);
    vec![main, other, lint("clean/Dockerfile", "FROM alpine:3.20\n")]
}

fn out(format: Format, files: &[FileReport]) -> String {
    render(
        format,
        files,
        &Registry::builtin(),
        &RenderOptions::default(),
    )
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn xml(text: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{text}"))
}

fn schema_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-schema-2.1.0.json")
}

/// Validate a SARIF log against the SARIF 2.1.0 schema; false (with a message)
/// when the schema file is missing.
fn validate_sarif(text: &str) -> bool {
    let path = schema_path();
    let Ok(schema) = std::fs::read_to_string(&path) else {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            eprintln!(
                "SKIPPED: SARIF schema validation: {} is missing (see tests/data/README.md)",
                path.display()
            )
        });
        return false;
    };
    let schema: serde_json::Value = serde_json::from_str(&schema).expect("schema is JSON");
    let log: serde_json::Value = serde_json::from_str(text).expect("SARIF output is JSON");
    // The schema declares draft-04 but uses draft-06's `uri-reference` format:
    // validating as draft 7 too checks the URIs.
    for draft in [jsonschema::Draft::Draft4, jsonschema::Draft::Draft7] {
        let validator = jsonschema::options()
            .with_draft(draft)
            .should_validate_formats(true)
            .build(&schema)
            .expect("the SARIF schema compiles");
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(
            errors.is_empty(),
            "SARIF output does not validate ({draft:?}):\n{}\n{text}",
            errors.join("\n")
        );
    }
    true
}

#[test]
fn format_names() {
    for f in Format::ALL {
        assert_eq!(Format::parse(f.name()), Some(f));
        assert_eq!(f.to_string().parse::<Format>(), Ok(f));
    }
    assert_eq!(
        Format::names().collect::<Vec<_>>(),
        [
            "tty",
            "json",
            "sarif",
            "checkstyle",
            "gnu",
            "gitlab",
            "junit",
            "github"
        ]
    );
    assert_eq!(Format::parse(" SARIF "), Some(Format::Sarif));
    assert_eq!(Format::parse("text"), Some(Format::Tty));
    assert_eq!(Format::parse("gitlab_codeclimate"), Some(Format::Gitlab));
    assert_eq!(Format::parse("xml"), None);
    let err = "xml".parse::<Format>().unwrap_err();
    assert!(err.to_string().contains("unknown format `xml`"), "{err}");
}

#[test]
fn tty() {
    let expected = "\
Dockerfile:1:6: warning[DL3006] Always tag the version of an image explicitly: `debian` has no tag (untagged-image)
  |
1 | FROM debian AS build
  |      ^^^^^^
  = fix available (safe): Pin `debian:12`

Dockerfile:2:5: warning[DL3003] Use WORKDIR to switch to a directory (cd-instead-of-workdir)
  |
2 | RUN cd /src && make
  |     ^^^^^^^

Dockerfile:3:13: warning[DL3007] Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag (latest-tag)
  |
3 | FROM alpine:latest
  |             ^^^^^^
  = fix available (unsafe): Use `alpine:3.20`

ci/my app,v2:x/Dockerfile:2:5: warning[DL3003] Use WORKDIR to switch to a directory (cd-instead-of-workdir)
  |
2 | RUN cd /app && make
  |     ^^^^^^^

Found 4 problems (4 warnings) in 2 files; 1 fixable with --fix (1 more with --unsafe-fixes)
";
    assert_eq!(out(Format::Tty, &run()), expected);
}

#[test]
fn tty_in_colour_is_the_same_text_with_ansi_escapes() {
    let files = run();
    let plain = out(Format::Tty, &files);
    let coloured = render(
        Format::Tty,
        &files,
        &Registry::builtin(),
        &RenderOptions { color: true },
    );
    assert_ne!(coloured, plain);
    assert!(coloured.contains("\x1b[1;33mwarning[DL3006]\x1b[0m"));
    assert!(coloured.contains("\x1b[1;33m^^^^^^\x1b[0m"));
    assert_eq!(strip_ansi(&coloured), plain);
    assert!(!plain.contains('\x1b'));
}

#[test]
fn tty_without_findings() {
    let files = [lint("Dockerfile", "FROM alpine:3.20\n")];
    assert_eq!(out(Format::Tty, &files), "No problems found in 1 file\n");
    assert_eq!(out(Format::Tty, &[]), "No problems found in 0 files\n");
}

/// A finding over `text` (its first occurrence in `src`).
fn finding(src: &str, text: &str, severity: Severity) -> Diagnostic {
    let start = src.find(text).expect("text in source");
    span_finding(src, Span::new(start, start + text.len()), severity)
}

fn span_finding(src: &str, span: Span, severity: Severity) -> Diagnostic {
    let loc = LineIndex::new(src).location(src, span);
    Diagnostic {
        code: "DW9999",
        name: "test-rule",
        severity,
        category: Category::Style,
        message: "Something here".into(),
        span,
        start: loc.start,
        end: loc.end,
        fix: None,
    }
}

fn one(src: &str, d: Diagnostic) -> Vec<FileReport> {
    vec![FileReport {
        path: "Dockerfile".into(),
        source: src.into(),
        diagnostics: vec![d],
    }]
}

#[test]
fn tty_multi_line_spans() {
    let src = "FROM alpine:3.20\nRUN apk add \\\n      curl \\\n    && make\n";
    let d = finding(
        src,
        "apk add \\\n      curl \\\n    && make",
        Severity::Error,
    );
    assert_eq!(
        out(Format::Tty, &one(src, d)),
        "\
Dockerfile:2:5: error[DW9999] Something here (test-rule)
  |
2 |   RUN apk add \\
  |  _____^
3 | |       curl \\
4 | |     && make
  | |___________^

Found 1 problem (1 error) in 1 file
"
    );
    // A span from the start of its first line gets a `/`; its newline is not a
    // line of its own.
    let d = finding(src, "RUN apk add \\\n      curl \\\n", Severity::Info);
    assert_eq!(
        out(Format::Tty, &one(src, d)),
        "\
Dockerfile:2:1: info[DW9999] Something here (test-rule)
  |
2 | / RUN apk add \\
3 | |       curl \\
  | |_____________^

Found 1 problem (1 info) in 1 file
"
    );
}

#[test]
fn tty_long_spans_are_shortened() {
    let src: String = (1..=12).map(|i| format!("RUN step{i}\n")).collect();
    let d = span_finding(&src, Span::new(0, src.len() - 1), Severity::Style);
    assert_eq!(
        out(Format::Tty, &one(&src, d)),
        "\
Dockerfile:1:1: style[DW9999] Something here (test-rule)
    |
  1 | / RUN step1
  2 | | RUN step2
... | |
 11 | | RUN step11
 12 | | RUN step12
    | |__________^

Found 1 problem (1 style) in 1 file
"
    );
}

#[test]
fn tty_tabs_wide_characters_and_control_characters() {
    let src = "FROM 日本\tx\u{1b}[31m\nRUN\tcd\t/x\n";
    let files = vec![FileReport {
        path: "Dockerfile".into(),
        source: src.into(),
        diagnostics: vec![
            finding(src, "x\u{1b}[31m", Severity::Warning),
            finding(src, "cd\t/x", Severity::Warning),
        ],
    }];
    // Columns in the header count characters; the frame expands tabs to 4-cell
    // stops, gives 日 and 本 two cells each, and shows ESC as ␛.
    assert_eq!(
        out(Format::Tty, &files),
        "\
Dockerfile:1:9: warning[DW9999] Something here (test-rule)
  |
1 | FROM 日本   x␛[31m
  |             ^^^^^^

Dockerfile:2:5: warning[DW9999] Something here (test-rule)
  |
2 | RUN cd  /x
  |     ^^^^^^

Found 2 problems (2 warnings) in 1 file
"
    );
}

#[test]
fn json() {
    let text = out(Format::Json, &run());
    assert!(text.ends_with("}\n"));
    let v: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(v["summary"]["diagnostics"], 4);
    assert_eq!(
        v["files"][0]["diagnostics"][0]["fix"]["applicability"],
        "safe"
    );
    assert_eq!(v["files"][2]["path"], "clean/Dockerfile");
}

#[test]
fn sarif() {
    let text = out(Format::Sarif, &run());
    let v: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(
        v["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "dockwright");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(driver["informationUri"].is_string());
    assert_eq!(run["columnKind"], "unicodeCodePoints");

    let ids: Vec<&str> = driver["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["DL3003", "DL3006", "DL3007"]);
    let rule = &driver["rules"][1];
    assert_eq!(rule["name"], "untagged-image");
    assert_eq!(
        rule["shortDescription"]["text"],
        "Reports a `FROM` whose image has neither a tag nor a digest."
    );
    assert!(rule["fullDescription"]["text"]
        .as_str()
        .unwrap()
        .starts_with(
            "Reports a `FROM` whose image has neither a tag nor a digest.\n\nWithout a tag"
        ));
    assert!(rule["help"]["markdown"]
        .as_str()
        .unwrap()
        .starts_with("# DL3006 `untagged-image`"));
    assert_eq!(rule["defaultConfiguration"]["level"], "warning");
    assert_eq!(rule["properties"]["category"], "correctness");

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);
    let r = &results[0];
    assert_eq!(r["ruleId"], "DL3006");
    assert_eq!(r["ruleIndex"], 1);
    assert_eq!(r["level"], "warning");
    assert_eq!(
        r["message"]["text"],
        "Always tag the version of an image explicitly: `debian` has no tag"
    );
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(
        loc["artifactLocation"],
        serde_json::json!({"uri": "Dockerfile", "uriBaseId": "%SRCROOT%"})
    );
    assert_eq!(
        loc["region"],
        serde_json::json!({"startLine": 1, "startColumn": 6, "endLine": 1, "endColumn": 12,
                           "charOffset": 5, "charLength": 6})
    );
    assert_eq!(
        r["fixes"],
        serde_json::json!([{
            "description": {"text": "Pin `debian:12`"},
            "artifactChanges": [{
                "artifactLocation": {"uri": "Dockerfile", "uriBaseId": "%SRCROOT%"},
                "replacements": [{
                    "deletedRegion": {"startLine": 1, "startColumn": 12, "endLine": 1,
                                      "endColumn": 12, "charOffset": 11, "charLength": 0},
                    "insertedContent": {"text": ":12"}
                }]
            }],
            "properties": {"applicability": "safe"}
        }])
    );
    assert_eq!(results[1]["ruleIndex"], 0);
    assert!(results[1].get("fixes").is_none());
    assert_eq!(
        results[2]["fixes"][0]["properties"]["applicability"],
        "unsafe"
    );
    assert_eq!(
        results[3]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "ci/my%20app,v2:x/Dockerfile"
    );
    validate_sarif(&text);
}

#[test]
fn sarif_levels_and_an_empty_run_validate() {
    let src = "FROM a\n";
    for (severity, level) in [
        (Severity::Error, "error"),
        (Severity::Warning, "warning"),
        (Severity::Info, "note"),
        (Severity::Style, "note"),
    ] {
        let text = out(Format::Sarif, &one(src, finding(src, "a", severity)));
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["runs"][0]["results"][0]["level"], level);
        // A rule the registry does not know still gets a descriptor.
        assert_eq!(v["runs"][0]["tool"]["driver"]["rules"][0]["id"], "DW9999");
        validate_sarif(&text);
    }
    let text = out(Format::Sarif, &[]);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["runs"][0]["results"], serde_json::json!([]));
    validate_sarif(&text);
}

#[test]
fn sarif_validation_rejects_what_is_not_sarif() {
    // Guards against a validator that accepts anything.
    let Ok(schema) = std::fs::read_to_string(schema_path()) else {
        eprintln!(
            "SKIPPED: SARIF schema validation: {} is missing (see tests/data/README.md)",
            schema_path().display()
        );
        return;
    };
    let schema: serde_json::Value = serde_json::from_str(&schema).unwrap();
    let validator = jsonschema::draft4::new(&schema).unwrap();
    assert!(validator.is_valid(&serde_json::json!({"version": "2.1.0", "runs": []})));
    // A run needs a tool; the version is fixed; levels are a closed set.
    assert!(
        !validator.is_valid(&serde_json::json!({"version": "2.1.0", "runs": [{"results": []}]}))
    );
    assert!(!validator.is_valid(&serde_json::json!({"version": "2.0.0", "runs": []})));
    let mut log: serde_json::Value = serde_json::from_str(&out(Format::Sarif, &run())).unwrap();
    assert!(validator.is_valid(&log));
    log["runs"][0]["results"][0]["level"] = "style".into();
    assert!(!validator.is_valid(&log));
}

#[test]
fn checkstyle() {
    let text = out(Format::Checkstyle, &run());
    assert_eq!(
        text,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<checkstyle version="4.3">
  <file name="Dockerfile">
    <error line="1" column="6" severity="warning" message="Always tag the version of an image explicitly: `debian` has no tag" source="dockwright.DL3006"/>
    <error line="2" column="5" severity="warning" message="Use WORKDIR to switch to a directory" source="dockwright.DL3003"/>
    <error line="3" column="13" severity="warning" message="Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag" source="dockwright.DL3007"/>
  </file>
  <file name="ci/my app,v2:x/Dockerfile">
    <error line="2" column="5" severity="warning" message="Use WORKDIR to switch to a directory" source="dockwright.DL3003"/>
  </file>
  <file name="clean/Dockerfile"/>
</checkstyle>
"#
    );
    let doc = xml(&text);
    let errors: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("error"))
        .collect();
    assert_eq!(errors.len(), 4);
    assert_eq!(errors[2].attribute("source"), Some("dockwright.DL3007"));
}

#[test]
fn gnu() {
    assert_eq!(
        out(Format::Gnu, &run()),
        "\
Dockerfile:1:6-11: warning: Always tag the version of an image explicitly: `debian` has no tag [DL3006]
Dockerfile:2:5-11: warning: Use WORKDIR to switch to a directory [DL3003]
Dockerfile:3:13-18: warning: Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag [DL3007]
ci/my app,v2:x/Dockerfile:2:5-11: warning: Use WORKDIR to switch to a directory [DL3003]
"
    );
    let src = "FROM alpine:3.20\nRUN apk add \\\n    && make\n";
    let d = finding(src, "apk add \\\n    && make", Severity::Error);
    assert_eq!(
        out(Format::Gnu, &one(src, d)),
        "Dockerfile:2:5-3.11: error: Something here [DW9999]\n"
    );
    let d = finding(src, "", Severity::Info);
    assert_eq!(
        out(Format::Gnu, &one(src, d)),
        "Dockerfile:1:1: info: Something here [DW9999]\n"
    );
    assert_eq!(out(Format::Gnu, &[]), "");
}

#[test]
fn gitlab() {
    let text = out(Format::Gitlab, &run());
    let v: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let issues = v.as_array().unwrap();
    assert_eq!(issues.len(), 4);
    assert_eq!(
        issues[0],
        serde_json::json!({
            "type": "issue",
            "check_name": "DL3006",
            "description": "DL3006 untagged-image: Always tag the version of an image explicitly: `debian` has no tag",
            "categories": ["Bug Risk"],
            "severity": "major",
            "fingerprint": issues[0]["fingerprint"],
            "location": {"path": "Dockerfile", "lines": {"begin": 1, "end": 1}}
        })
    );
    assert_eq!(issues[3]["location"]["path"], OTHER_PATH);
    let prints: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    // Fingerprints are pinned: GitLab compares them across runs and versions.
    assert_eq!(
        prints,
        [
            "0531a3d61046687b29eba4f2a8e17bfb",
            "ae2a89610cf03f1a3833f65484f67066",
            "71ecc6caafb1f3bc807ab06668dfd2e5",
            "fe0d9c8218c65d0f8daebd1ced3ba0d0",
        ]
    );

    // Lines added above a finding do not change its fingerprint; the same finding
    // on two identical lines gets two fingerprints.
    let moved = lint("Dockerfile", &format!("# a comment\n\n{MAIN}"));
    let moved = out(Format::Gitlab, &[moved]);
    let moved: serde_json::Value = serde_json::from_str(&moved).unwrap();
    assert_eq!(moved[1]["fingerprint"], issues[1]["fingerprint"]);
    assert_eq!(moved[1]["location"]["lines"]["begin"], 4);
    let twice = lint("Dockerfile", "FROM debian\nFROM debian\n");
    let twice: serde_json::Value = serde_json::from_str(&out(Format::Gitlab, &[twice])).unwrap();
    assert_ne!(twice[0]["fingerprint"], twice[1]["fingerprint"]);

    let severities = [
        (Severity::Error, "critical"),
        (Severity::Warning, "major"),
        (Severity::Info, "minor"),
        (Severity::Style, "info"),
    ];
    for (severity, expected) in severities {
        let src = "FROM a\n";
        let v: serde_json::Value =
            serde_json::from_str(&out(Format::Gitlab, &one(src, finding(src, "a", severity))))
                .unwrap();
        assert_eq!(v[0]["severity"], expected);
    }
    assert_eq!(out(Format::Gitlab, &[]), "[]\n");
}

#[test]
fn junit() {
    let text = out(Format::Junit, &run());
    assert_eq!(
        text,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="dockwright" tests="5" failures="4" errors="0">
  <testsuite name="Dockerfile" tests="3" failures="3" errors="0" skipped="0">
    <testcase name="DL3006 untagged-image at 1:6" classname="Dockerfile" file="Dockerfile" line="1">
      <failure message="Always tag the version of an image explicitly: `debian` has no tag" type="warning">Dockerfile:1:6: warning[DL3006] Always tag the version of an image explicitly: `debian` has no tag</failure>
    </testcase>
    <testcase name="DL3003 cd-instead-of-workdir at 2:5" classname="Dockerfile" file="Dockerfile" line="2">
      <failure message="Use WORKDIR to switch to a directory" type="warning">Dockerfile:2:5: warning[DL3003] Use WORKDIR to switch to a directory</failure>
    </testcase>
    <testcase name="DL3007 latest-tag at 3:13" classname="Dockerfile" file="Dockerfile" line="3">
      <failure message="Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag" type="warning">Dockerfile:3:13: warning[DL3007] Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag</failure>
    </testcase>
  </testsuite>
  <testsuite name="ci/my app,v2:x/Dockerfile" tests="1" failures="1" errors="0" skipped="0">
    <testcase name="DL3003 cd-instead-of-workdir at 2:5" classname="ci/my app,v2:x/Dockerfile" file="ci/my app,v2:x/Dockerfile" line="2">
      <failure message="Use WORKDIR to switch to a directory" type="warning">ci/my app,v2:x/Dockerfile:2:5: warning[DL3003] Use WORKDIR to switch to a directory</failure>
    </testcase>
  </testsuite>
  <testsuite name="clean/Dockerfile" tests="1" failures="0" errors="0" skipped="0">
    <testcase name="dockwright" classname="clean/Dockerfile" file="clean/Dockerfile"/>
  </testsuite>
</testsuites>
"#
    );
    let doc = xml(&text);
    let failures = doc
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .count();
    assert_eq!(failures, 4);
}

#[test]
fn github() {
    assert_eq!(
        out(Format::Github, &run()),
        "\
::warning file=Dockerfile,line=1,col=6,endLine=1,endColumn=12,title=DL3006::Always tag the version of an image explicitly: `debian` has no tag
::warning file=Dockerfile,line=2,col=5,endLine=2,endColumn=12,title=DL3003::Use WORKDIR to switch to a directory
::warning file=Dockerfile,line=3,col=13,endLine=3,endColumn=19,title=DL3007::Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag
::warning file=ci/my app%2Cv2%3Ax/Dockerfile,line=2,col=5,endLine=2,endColumn=12,title=DL3003::Use WORKDIR to switch to a directory
"
    );
    let src = "FROM a\nRUN x \\\n  y\n";
    let mut d = finding(src, "x \\\n  y", Severity::Info);
    d.message = "100% wrong\nsecond line".into();
    assert_eq!(
        out(Format::Github, &one(src, d)),
        "::notice file=Dockerfile,line=2,endLine=3,title=DW9999::100%25 wrong%0Asecond line\n"
    );
    assert_eq!(out(Format::Github, &[]), "");
}

/// Findings no rule would make: spans out of the text, reversed, inside a
/// character, positions of 0, hostile text in messages and paths, fixes whose edits
/// fall outside the text. Every format renders them without panicking, and the
/// machine formats stay valid.
fn hostile() -> Vec<FileReport> {
    let src = "FROM é\n\nRUN x";
    let base = span_finding(src, Span::new(0, 4), Severity::Error);
    let with = |span: Span, start: Position, end: Position| Diagnostic {
        span,
        start,
        end,
        message: "<&>\"' \u{1b}[31m\u{0}\r\nnext ]]> %,:".into(),
        fix: Some(Fix::display_only(
            "Edit out of range",
            vec![Edit::replace(Span::new(90, 99), "x")],
        )),
        ..base.clone()
    };
    let p = |line, column| Position { line, column };
    vec![
        FileReport {
            path: "we<ird> & \"path\",:%\n".into(),
            source: src.into(),
            diagnostics: vec![
                base.clone(),
                with(Span::new(100, 200), p(50, 3), p(50, 9)),
                with(Span::new(5, 2), p(0, 0), p(0, 0)),
                with(Span::new(6, 7), p(1, 6), p(1, 7)),
                with(Span::new(0, src.len()), p(3, 5), p(1, 1)),
                with(Span::new(src.len(), src.len()), p(3, 6), p(3, 6)),
            ],
        },
        FileReport {
            path: String::new(),
            source: String::new(),
            diagnostics: vec![with(Span::new(0, 3), p(1, 1), p(1, 4))],
        },
    ]
}

fn check_all_formats(files: &[FileReport]) {
    for format in Format::ALL {
        for color in [false, true] {
            let text = render(
                format,
                files,
                &Registry::builtin(),
                &RenderOptions { color },
            );
            match format {
                Format::Json | Format::Gitlab => {
                    serde_json::from_str::<serde_json::Value>(&text)
                        .unwrap_or_else(|e| panic!("{format}: invalid JSON: {e}\n{text}"));
                }
                Format::Sarif => {
                    validate_sarif(&text);
                }
                Format::Checkstyle | Format::Junit => {
                    xml(&text);
                }
                Format::Gnu | Format::Github => {
                    // One line per finding, whatever the messages hold.
                    let n: usize = files.iter().map(|f| f.diagnostics.len()).sum();
                    assert_eq!(text.lines().count(), n, "{format}:\n{text}");
                }
                Format::Tty => {
                    if !color {
                        assert!(!text.contains('\x1b'), "{text}");
                        assert!(!text.contains('\0'), "{text}");
                    }
                }
            }
            assert!(text.is_empty() || text.ends_with('\n'), "{format}");
        }
    }
}

#[test]
fn hostile_findings_render_in_every_format() {
    check_all_formats(&hostile());
    let text = out(Format::Github, &hostile());
    assert!(text.starts_with("::error file=we<ird> & \"path\"%2C%3A%25%0A,line=1,col=1,"));
    let text = out(Format::Checkstyle, &hostile());
    assert!(text.contains(
        "message=\"&lt;&amp;&gt;&quot;&apos; \u{FFFD}[31m\u{FFFD}&#13;&#10;next ]]&gt; %,:\""
    ));
}

mod props {
    use super::*;
    use proptest::prelude::*;

    fn arb_source() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("FROM"),
                Just(" "),
                Just("\t"),
                Just("\n"),
                Just("\r\n"),
                Just("\\\n"),
                Just("é"),
                Just("日"),
                Just("👍"),
                Just("<&>"),
                Just("\u{1b}"),
                Just("x"),
            ],
            0..40,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn any_span_renders_in_every_format(
            src in arb_source(),
            spans in proptest::collection::vec((0usize..160, 0usize..160, 0usize..9, 0usize..30), 1..5),
        ) {
            let index = LineIndex::new(&src);
            let diagnostics = spans
                .into_iter()
                .map(|(a, b, line, column)| {
                    let span = Span::new(a, b);
                    let mut d = span_finding(&src, Span::new(0, 0), Severity::Warning);
                    d.span = span;
                    if line == 0 {
                        // Positions unrelated to the span.
                        d.start = Position { line, column };
                        d.end = Position { line: column % 4, column: line };
                    } else {
                        let loc = index.location(&src, span);
                        d.start = loc.start;
                        d.end = loc.end;
                    }
                    d.fix = Some(Fix::safe("f", vec![Edit::replace(span, "é")]));
                    d
                })
                .collect();
            check_all_formats(&[FileReport {
                path: "Dockerfile".into(),
                source: src,
                diagnostics,
            }]);
        }
    }
}
