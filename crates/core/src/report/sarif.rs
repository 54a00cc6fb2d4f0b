//! The `sarif` format: one SARIF 2.1.0 log for the whole run, as GitHub code
//! scanning and other SARIF viewers read it.
//!
//! One run, whose tool is `dockwright` with the rules that have findings (id = code,
//! name, short description = the summary, full description = the prose of *What it
//! does* and *Why*, help = the whole documentation as text and as the Markdown page
//! of `dockwright explain`, default level, category in the properties). Each
//! finding is a result with its rule's id and index, a level (`error`, `warning`,
//! or `note` for `info` and `style`), the message, one location, and its fix as a
//! SARIF fix (the fix's applicability in the fix's properties).
//!
//! Locations: the URI is the path as given, with `\` turned into `/` and characters
//! a URI cannot hold percent-encoded; a relative path gets `uriBaseId` `%SRCROOT%`,
//! an absolute one becomes a `file://` URI. Regions give start and end line and
//! column (the end column just after the last character) and `charOffset` /
//! `charLength`; the run's `columnKind` is `unicodeCodePoints`, as dockwright counts
//! columns in characters.

use std::collections::BTreeMap;

use serde::Serialize;

use super::util::{fits, range};
use super::FileReport;
use crate::diagnostic::{Category, Diagnostic, Severity};
use crate::fix::{Applicability, Fix};
use crate::rules::{docs, FixAvailability, Registry, RuleMeta};
use crate::syntax::{LineIndex, Span};

/// The schema URI written in `$schema`.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<Descriptor>,
}

#[derive(Serialize)]
struct Message {
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    markdown: Option<String>,
}

impl Message {
    fn text(text: impl Into<String>) -> Message {
        Message {
            text: text.into(),
            markdown: None,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    short_description: Option<Message>,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Message>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Message>,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Configuration {
    enabled: bool,
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    category: Category,
    tags: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<FixAvailability>,
    #[serde(skip_serializing_if = "Option::is_none")]
    buildkit: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Message,
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    char_offset: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    char_length: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    description: Message,
    artifact_changes: Vec<ArtifactChange<'a>>,
    properties: FixProperties,
}

#[derive(Serialize)]
struct FixProperties {
    applicability: Applicability,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    inserted_content: Content<'a>,
}

#[derive(Serialize)]
struct Content<'a> {
    text: &'a str,
}

/// The SARIF level of a severity.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "note",
    }
}

/// The rule documentation without the leading space doc comments keep.
fn dedent(docs: &str) -> String {
    let mut out = String::with_capacity(docs.len());
    for line in docs.lines() {
        out.push_str(line.strip_prefix(' ').unwrap_or(line));
        out.push('\n');
    }
    out.trim().to_string()
}

/// The prose of a rule's documentation before its examples (*What it does* and
/// *Why*), without headings.
fn description(docs: &str) -> String {
    let mut out = String::new();
    for line in dedent(docs).lines() {
        let t = line.trim();
        if let Some(h) = t.strip_prefix("## ") {
            let h = h.trim().to_ascii_lowercase();
            if h.starts_with("example") || h == "fix" {
                break;
            }
            if !out.is_empty() && !out.ends_with("\n\n") {
                out.push('\n');
            }
            continue;
        }
        if t.starts_with("```") {
            break;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.trim().to_string()
}

fn descriptor_of(meta: &RuleMeta) -> Descriptor {
    let summary = meta.summary();
    let full = description(meta.docs);
    let body = dedent(meta.docs);
    Descriptor {
        id: meta.code.to_string(),
        name: Some(meta.name.to_string()),
        short_description: (!summary.is_empty()).then(|| Message::text(summary)),
        full_description: (!full.is_empty()).then(|| Message::text(full)),
        help: Some(Message {
            text: if body.is_empty() {
                meta.name.to_string()
            } else {
                body
            },
            markdown: Some(docs::page(meta)),
        }),
        default_configuration: Configuration {
            enabled: meta.default_enabled,
            level: level(meta.severity),
        },
        properties: RuleProperties {
            category: meta.category,
            tags: vec![meta.category.as_str()],
            fix: Some(meta.fix),
            buildkit: meta.buildkit,
        },
    }
}

/// A rule the registry does not know: what the finding itself says.
fn descriptor_of_finding(d: &Diagnostic) -> Descriptor {
    Descriptor {
        id: d.code.to_string(),
        name: (!d.name.is_empty()).then(|| d.name.to_string()),
        short_description: None,
        full_description: None,
        help: None,
        default_configuration: Configuration {
            enabled: true,
            level: level(d.severity),
        },
        properties: RuleProperties {
            category: d.category,
            tags: vec![d.category.as_str()],
            fix: None,
            buildkit: None,
        },
    }
}

/// Whether `b` may stand in a URI reference as it is.
fn uri_safe(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&b)
}

fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if uri_safe(b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The artifact location of a path as the user gave it.
fn artifact(path: &str) -> ArtifactLocation {
    let p = path.replace('\\', "/");
    let bytes = p.as_bytes();
    let drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    if drive {
        return ArtifactLocation {
            uri: format!("file:///{}", percent_encode(&p)),
            uri_base_id: None,
        };
    }
    if let Some(unc) = p.strip_prefix("//") {
        // A network path: file://server/share/...
        return ArtifactLocation {
            uri: format!("file://{}", percent_encode(unc)),
            uri_base_id: None,
        };
    }
    if p.starts_with('/') {
        return ArtifactLocation {
            uri: format!("file://{}", percent_encode(&p)),
            uri_base_id: None,
        };
    }
    let mut uri = percent_encode(&p);
    // A relative reference whose first segment holds `:` would read as a scheme.
    if uri.split('/').next().is_some_and(|seg| seg.contains(':')) {
        uri = format!("./{uri}");
    }
    if uri.is_empty() {
        uri = "-".to_string();
    }
    ArtifactLocation {
        uri,
        uri_base_id: Some("%SRCROOT%"),
    }
}

/// Characters (Unicode scalar values) before byte `at`.
fn chars_before(src: &str, at: usize) -> usize {
    src.get(..at).map(|s| s.chars().count()).unwrap_or(0)
}

fn region(src: &str, index: &LineIndex, span: Span) -> Option<Region> {
    if !fits(src, span) {
        return None;
    }
    let loc = index.location(src, span);
    let offset = chars_before(src, span.start);
    Some(Region {
        start_line: loc.start.line.max(1),
        start_column: loc.start.column.max(1),
        end_line: loc.end.line.max(1),
        end_column: loc.end.column.max(1),
        char_offset: Some(offset),
        char_length: Some(span.text(src).chars().count()),
    })
}

fn finding_region(src: &str, d: &Diagnostic) -> Region {
    let (start, end) = range(d);
    let (char_offset, char_length) = if fits(src, d.span) {
        (
            Some(chars_before(src, d.span.start)),
            Some(d.span.text(src).chars().count()),
        )
    } else {
        (None, None)
    };
    Region {
        start_line: start.line,
        start_column: start.column,
        end_line: end.line,
        end_column: end.column,
        char_offset,
        char_length,
    }
}

fn fix_of<'a>(
    fix: &'a Fix,
    src: &str,
    index: &LineIndex,
    location: &ArtifactLocation,
) -> Option<SarifFix<'a>> {
    let replacements: Vec<Replacement<'a>> = fix
        .edits
        .iter()
        .filter_map(|e| {
            Some(Replacement {
                deleted_region: region(src, index, e.span)?,
                inserted_content: Content {
                    text: &e.replacement,
                },
            })
        })
        .collect();
    if replacements.is_empty() || replacements.len() != fix.edits.len() {
        return None;
    }
    Some(SarifFix {
        description: Message::text(fix.message.clone()),
        artifact_changes: vec![ArtifactChange {
            artifact_location: location.clone(),
            replacements,
        }],
        properties: FixProperties {
            applicability: fix.applicability,
        },
    })
}

/// Render the run as a SARIF 2.1.0 log, pretty-printed.
pub fn render(files: &[FileReport], registry: &Registry) -> String {
    // The rules with findings, by code; their index in `rules` is the ruleIndex.
    let mut first: BTreeMap<&str, &Diagnostic> = BTreeMap::new();
    for d in files.iter().flat_map(|f| &f.diagnostics) {
        first.entry(d.code).or_insert(d);
    }
    let codes: Vec<&str> = first.keys().copied().collect();
    let rules: Vec<Descriptor> = first
        .iter()
        .map(|(code, d)| match registry.get(code).map(|r| r.meta()) {
            Some(meta) if meta.code == *code => descriptor_of(meta),
            _ => descriptor_of_finding(d),
        })
        .collect();

    let mut results = Vec::new();
    for f in files {
        if f.diagnostics.is_empty() {
            continue;
        }
        let index = LineIndex::new(&f.source);
        let location = artifact(&f.path);
        for d in &f.diagnostics {
            let rule_index = codes.binary_search(&d.code).unwrap_or(0);
            let fixes = d
                .fix
                .as_ref()
                .and_then(|fix| fix_of(fix, &f.source, &index, &location))
                .into_iter()
                .collect();
            results.push(SarifResult {
                rule_id: d.code,
                rule_index,
                level: level(d.severity),
                message: Message::text(d.message.clone()),
                locations: vec![Location {
                    physical_location: PhysicalLocation {
                        artifact_location: location.clone(),
                        region: finding_region(&f.source, d),
                    },
                }],
                fixes,
            });
        }
    }

    let version = env!("CARGO_PKG_VERSION");
    let repository = env!("CARGO_PKG_REPOSITORY");
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "dockwright",
                    version,
                    semantic_version: version,
                    information_uri: (!repository.is_empty()).then_some(repository),
                    rules,
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    serde_json::to_string_pretty(&log).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_of_paths() {
        let a = artifact("Dockerfile");
        assert_eq!(
            (a.uri.as_str(), a.uri_base_id),
            ("Dockerfile", Some("%SRCROOT%"))
        );
        assert_eq!(artifact("my dir/Dockerfile").uri, "my%20dir/Dockerfile");
        assert_eq!(artifact("/src/Dockerfile").uri, "file:///src/Dockerfile");
        assert_eq!(
            artifact("C:\\src\\Dockerfile").uri,
            "file:///C:/src/Dockerfile"
        );
        assert_eq!(artifact("ab:c/Dockerfile").uri, "./ab:c/Dockerfile");
        assert_eq!(artifact("c:/x").uri, "file:///c:/x");
        assert_eq!(artifact("x/é").uri, "x/%C3%A9");
        assert_eq!(
            artifact("//host/share/Dockerfile").uri,
            "file://host/share/Dockerfile"
        );
        assert_eq!(artifact("").uri, "-");
    }
}
