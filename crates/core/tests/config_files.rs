//! Reading configuration files: `.hadolint.yaml` as hadolint reads it, our
//! `dockwright.toml` and `[tool.dockwright]`, errors, and layering.

use dockwright::config::files::{
    parse_dockwright_toml, parse_hadolint_yaml, parse_pyproject_toml, ConfigError, FileConfig,
};
use dockwright::config::{FailureThreshold, LabelType, Level, RuleSelector};
use dockwright::{Category, Linter, Severity};

fn code(c: &str) -> RuleSelector {
    RuleSelector::Code(c.into())
}

/// The codes of DL3003, DL3006 and DL3007 found (other rules are left out, so that
/// new rules do not change these tests).
fn codes_found(config: &FileConfig, src: &str) -> Vec<&'static str> {
    Linter::new(config.config())
        .lint(src)
        .diagnostics
        .iter()
        .map(|d| d.code)
        .filter(|c| ["DL3003", "DL3006", "DL3007"].contains(c))
        .collect()
}

// ---------------------------------------------------------------------------
// .hadolint.yaml: real-world shapes
// ---------------------------------------------------------------------------

#[test]
fn hadolint_ignored_and_trusted_registries() {
    // The most common shape in the wild: a list of ignores and some registries.
    let text = "\
# Hadolint configuration
ignored:
  - DL3008 # pin versions in apt-get
  - DL3013
  - SC2086
trustedRegistries:
  - docker.io
  - my-company.com:5000
  - \"*.gcr.io\"
";
    let fc = parse_hadolint_yaml(text).unwrap();
    assert_eq!(
        fc.ignore,
        vec![code("DL3008"), code("DL3013"), code("SC2086")]
    );
    assert_eq!(
        fc.trusted_registries,
        vec!["docker.io", "my-company.com:5000", "*.gcr.io"]
    );
    assert_eq!(fc.select, None);
    assert_eq!(
        fc,
        FileConfig {
            ignore: fc.ignore.clone(),
            trusted_registries: fc.trusted_registries.clone(),
            ..FileConfig::default()
        }
    );
}

#[test]
fn hadolint_every_key() {
    // hadolint's README example, every key set.
    let text = "\
failure-threshold: warning
format: json
ignored:
  - DL3000
  - SC1010
label-schema:
  author: text
  contact: email
  created: rfc3339
  version: semver
  documentation: url
  git-revision: hash
  license: spdx
no-color: true
no-fail: false
override:
  error:
    - DL3001
    - DL3002
  warning:
    - DL3042
    - DL3033
  info:
    - DL3032
  style:
    - DL3015
strict-labels: true
disable-ignore-pragma: true
trustedRegistries: docker.io
verbose: true
";
    let fc = parse_hadolint_yaml(text).unwrap();
    assert_eq!(
        fc.failure_threshold,
        Some(FailureThreshold::AtLeast(Severity::Warning))
    );
    assert_eq!(fc.format.as_deref(), Some("json"));
    assert_eq!(fc.ignore, vec![code("DL3000"), code("SC1010")]);
    assert_eq!(fc.label_schema.len(), 7);
    assert_eq!(fc.label_schema["author"], LabelType::Text);
    assert_eq!(fc.label_schema["contact"], LabelType::Email);
    assert_eq!(fc.label_schema["created"], LabelType::Rfc3339);
    assert_eq!(fc.label_schema["version"], LabelType::Semver);
    assert_eq!(fc.label_schema["documentation"], LabelType::Url);
    assert_eq!(fc.label_schema["git-revision"], LabelType::Hash);
    assert_eq!(fc.label_schema["license"], LabelType::Spdx);
    assert_eq!(fc.no_color, Some(true));
    assert_eq!(fc.no_fail, Some(false));
    assert_eq!(fc.strict_labels, Some(true));
    assert_eq!(fc.disable_ignore_pragma, Some(true));
    // A single string for trustedRegistries, as hadolint documents.
    assert_eq!(fc.trusted_registries, vec!["docker.io"]);
    let level = |c: &str| {
        fc.levels
            .iter()
            .filter(|(s, _)| *s == code(c))
            .map(|(_, l)| *l)
            .collect::<Vec<_>>()
    };
    assert_eq!(level("DL3001"), vec![Level::Severity(Severity::Error)]);
    assert_eq!(level("DL3033"), vec![Level::Severity(Severity::Warning)]);
    assert_eq!(level("DL3032"), vec![Level::Severity(Severity::Info)]);
    assert_eq!(level("DL3015"), vec![Level::Severity(Severity::Style)]);

    let config = fc.config();
    assert!(config.strict_labels && config.disable_ignore_pragma);
    assert_eq!(
        config.failure_threshold,
        FailureThreshold::AtLeast(Severity::Warning)
    );
}

#[test]
fn hadolint_unknown_keys_are_ignored_like_hadolint() {
    // hadolint only looks up the keys it knows: typos and other tools' keys pass.
    let text = "\
---
ignored: [DL3006]
ignore: [DL3007]
shellcheck:
  enabled: false
override:
  critical: [DL3003]
  error: [DL3007]
";
    let fc = parse_hadolint_yaml(text).unwrap();
    assert_eq!(fc.ignore, vec![code("DL3006")]);
    assert_eq!(
        fc.levels,
        vec![(code("DL3007"), Level::Severity(Severity::Error))]
    );
}

#[test]
fn hadolint_null_values_are_absent() {
    let text = "\
ignored:
override:
  error:
  warning: []
trustedRegistries:
failure-threshold:
no-fail:
label-schema:
";
    assert_eq!(parse_hadolint_yaml(text).unwrap(), FileConfig::default());
}

#[test]
fn hadolint_empty_and_comment_only_files() {
    assert_eq!(parse_hadolint_yaml("").unwrap(), FileConfig::default());
    assert_eq!(
        parse_hadolint_yaml("# nothing configured yet\n\n").unwrap(),
        FileConfig::default()
    );
    assert_eq!(parse_hadolint_yaml("---\n").unwrap(), FileConfig::default());
}

#[test]
fn hadolint_flow_style_and_quotes() {
    let text = "{ignored: ['DL3008', \"DL3009\"], failure-threshold: 'error', no-color: false}";
    let fc = parse_hadolint_yaml(text).unwrap();
    assert_eq!(fc.ignore, vec![code("DL3008"), code("DL3009")]);
    assert_eq!(
        fc.failure_threshold,
        Some(FailureThreshold::AtLeast(Severity::Error))
    );
    assert_eq!(fc.no_color, Some(false));
}

#[test]
fn hadolint_threshold_none_and_ignore() {
    for v in ["none", "ignore"] {
        let fc = parse_hadolint_yaml(&format!("failure-threshold: {v}\n")).unwrap();
        assert_eq!(fc.failure_threshold, Some(FailureThreshold::Never), "{v}");
    }
}

#[test]
fn hadolint_anchors_and_aliases() {
    let text = "\
ignored: &common
  - DL3008
override:
  style: *common
";
    let fc = parse_hadolint_yaml(text).unwrap();
    assert_eq!(fc.ignore, vec![code("DL3008")]);
    assert_eq!(
        fc.levels,
        vec![(code("DL3008"), Level::Severity(Severity::Style))]
    );
}

#[test]
fn hadolint_error_override_wins_over_others() {
    // hadolint applies `error` last: a code in several lists ends up an error.
    let fc = parse_hadolint_yaml("override:\n  error: [DL3006]\n  style: [DL3006]\n").unwrap();
    let result = Linter::new(fc.config()).lint("FROM debian\n");
    let d = result
        .diagnostics
        .iter()
        .find(|d| d.code == "DL3006")
        .unwrap();
    assert_eq!(d.severity, Severity::Error);
}

#[test]
fn hadolint_config_changes_lint_results() {
    let src = "FROM debian\nFROM alpine:latest\nRUN cd /tmp && make\n";
    assert_eq!(
        codes_found(&FileConfig::default(), src),
        vec!["DL3006", "DL3007", "DL3003"]
    );
    let fc = parse_hadolint_yaml("ignored: [DL3006, DL3003]\n").unwrap();
    assert_eq!(codes_found(&fc, src), vec!["DL3007"]);
    // Override plus ignore: hadolint drops ignored rules whatever their severity.
    let fc = parse_hadolint_yaml("ignored: [DL3006]\noverride:\n  error: [DL3006]\n").unwrap();
    assert!(!codes_found(&fc, src).contains(&"DL3006"));
}

#[test]
fn hadolint_errors() {
    let err = |t: &str| parse_hadolint_yaml(t).unwrap_err();

    let e = err("ignored: [DL3008\n");
    assert!(matches!(e, ConfigError::Syntax { .. }), "{e:?}");

    let e = err("ignored:\n  - DL3008\nno-fail: yes\n");
    assert_eq!(
        e.to_string(),
        "line 3, column 10: `no-fail`: expected a boolean (`true` or `false`), found a string"
    );
    assert_eq!(e.location(), (3, 10));

    let e = err("failure-threshold: critical\n");
    assert_eq!(
        e.to_string(),
        "line 1, column 20: `failure-threshold`: invalid value `critical`; \
         expected `error`, `warning`, `info`, `style` or `none`"
    );

    let e = err("label-schema:\n  version: semvr\n");
    assert!(
        matches!(&e, ConfigError::InvalidValue { key, value, .. } if key == "label-schema.version" && value == "semvr"),
        "{e:?}"
    );

    let e = err("ignored:\n  DL3008: true\n");
    assert!(
        matches!(&e, ConfigError::WrongType { key, found: "a mapping", .. } if key == "ignored"),
        "{e:?}"
    );

    let e = err("ignored: [3008]\n");
    assert!(
        matches!(
            &e,
            ConfigError::WrongType {
                found: "an integer",
                line: 1,
                column: 11,
                ..
            }
        ),
        "{e:?}"
    );

    let e = err("- DL3008\n- DL3009\n");
    assert!(
        matches!(
            &e,
            ConfigError::WrongType {
                found: "a list",
                ..
            }
        ),
        "{e:?}"
    );

    let e = err("override:\n  error: DL3008\n  warning: {a: b}\n");
    assert!(
        matches!(&e, ConfigError::WrongType { key, line: 3, .. } if key == "override.warning"),
        "{e:?}"
    );

    let e = err("ignored: [DL3008]\nignored: [DL3009]\n");
    assert_eq!(e.to_string(), "line 2, column 1: duplicate key `ignored`");

    let e = err("ignored: []\n---\nignored: []\n");
    assert!(e.to_string().contains("one YAML document"), "{e}");
}

// ---------------------------------------------------------------------------
// dockwright.toml
// ---------------------------------------------------------------------------

const FULL_TOML: &str = r#"
# dockwright.toml
select = ["DL", "security", "untagged-image"]
ignore = ["DL3008", "DL30"]
trusted-registries = ["docker.io", "ghcr.io"]
strict-labels = true
failure-threshold = "warning"
disable-ignore-pragma = false
format = "sarif"

[severity]
DL3006 = "error"
style = "off"
"latest-tag" = "info"

[label-schema]
"org.opencontainers.image.version" = "semver"
maintainer = "email"

[build-args]
BASE_TAG = "3.20"
PY_MAJOR = 3
DEBUG = false
"#;

#[test]
fn toml_every_key() {
    let fc = parse_dockwright_toml(FULL_TOML).unwrap();
    assert_eq!(
        fc.select,
        Some(vec![
            code("DL"),
            RuleSelector::Category(Category::Security),
            RuleSelector::Name("untagged-image".into())
        ])
    );
    assert_eq!(fc.ignore, vec![code("DL3008"), code("DL30")]);
    assert_eq!(fc.trusted_registries, vec!["docker.io", "ghcr.io"]);
    assert_eq!(fc.strict_labels, Some(true));
    assert_eq!(
        fc.failure_threshold,
        Some(FailureThreshold::AtLeast(Severity::Warning))
    );
    assert_eq!(fc.disable_ignore_pragma, Some(false));
    assert_eq!(fc.format.as_deref(), Some("sarif"));
    // Severity settings stay in file order.
    assert_eq!(
        fc.levels,
        vec![
            (code("DL3006"), Level::Severity(Severity::Error)),
            (RuleSelector::Category(Category::Style), Level::Off),
            (
                RuleSelector::Name("latest-tag".into()),
                Level::Severity(Severity::Info)
            ),
        ]
    );
    assert_eq!(
        fc.label_schema["org.opencontainers.image.version"],
        LabelType::Semver
    );
    assert_eq!(fc.label_schema["maintainer"], LabelType::Email);
    assert_eq!(fc.build_args["BASE_TAG"], "3.20");
    assert_eq!(fc.build_args["PY_MAJOR"], "3");
    assert_eq!(fc.build_args["DEBUG"], "false");
    assert_eq!(fc.no_color, None);
    assert_eq!(fc.no_fail, None);
}

#[test]
fn toml_empty_file_sets_nothing() {
    assert_eq!(parse_dockwright_toml("").unwrap(), FileConfig::default());
    assert_eq!(
        parse_dockwright_toml("# comment\n").unwrap(),
        FileConfig::default()
    );
}

#[test]
fn toml_severity_changes_lint_results() {
    let fc = parse_dockwright_toml("[severity]\nDL3006 = \"error\"\nDL3003 = \"off\"\n").unwrap();
    let result = Linter::new(fc.config()).lint("FROM debian\nRUN cd /x && make\n");
    let got: Vec<_> = result
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with("DL300"))
        .map(|d| (d.code, d.severity))
        .collect();
    assert_eq!(got, vec![("DL3006", Severity::Error)]);
}

#[test]
fn toml_unknown_key_names_it_and_suggests() {
    let e = parse_dockwright_toml("ignore = []\nselct = [\"DL3006\"]\n").unwrap_err();
    match &e {
        ConfigError::UnknownKey {
            key,
            suggestion,
            line,
            column,
            expected,
        } => {
            assert_eq!(key, "selct");
            assert_eq!(suggestion.as_deref(), Some("select"));
            assert_eq!((*line, *column), (2, 1));
            assert!(expected.contains(&"trusted-registries"));
        }
        other => panic!("{other:?}"),
    }
    let msg = e.to_string();
    assert!(
        msg.starts_with("line 2, column 1: unknown key `selct` (did you mean `select`?)"),
        "{msg}"
    );
    assert!(msg.contains("`failure-threshold`"), "{msg}");

    // hadolint's spelling in our file: pointed at ours.
    let e = parse_dockwright_toml("trustedRegistries = [\"docker.io\"]\n").unwrap_err();
    assert!(
        matches!(&e, ConfigError::UnknownKey { suggestion: Some(s), .. } if s == "trusted-registries"),
        "{e:?}"
    );
    let e = parse_dockwright_toml("[tool]\nx = 1\n").unwrap_err();
    assert!(
        matches!(&e, ConfigError::UnknownKey { key, suggestion: None, .. } if key == "tool"),
        "{e:?}"
    );
}

#[test]
fn toml_value_errors() {
    let err = |t: &str| parse_dockwright_toml(t).unwrap_err();

    let e = err("select = \"DL3006\"\n");
    assert_eq!(
        e.to_string(),
        "line 1, column 10: `select`: expected a list of strings, found a string"
    );

    let e = err("ignore = [\"DL3006\", 7]\n");
    assert!(
        matches!(
            &e,
            ConfigError::WrongType {
                found: "an integer",
                line: 1,
                column: 21,
                ..
            }
        ),
        "{e:?}"
    );

    let e = err("[severity]\nDL3006 = \"fatal\"\n");
    assert_eq!(
        e.to_string(),
        "line 2, column 10: `severity.DL3006`: invalid value `fatal`; \
         expected `error`, `warning`, `info`, `style` or `off`"
    );

    let e = err("severity = [\"DL3006\"]\n");
    assert!(
        matches!(
            &e,
            ConfigError::WrongType {
                expected: "a table",
                ..
            }
        ),
        "{e:?}"
    );

    let e = err("failure-threshold = \"critical\"\n");
    assert!(
        matches!(&e, ConfigError::InvalidValue { key, .. } if key == "failure-threshold"),
        "{e:?}"
    );

    let e = err("strict-labels = \"yes\"\n");
    assert!(
        matches!(&e, ConfigError::WrongType { key, found: "a string", .. } if key == "strict-labels"),
        "{e:?}"
    );

    let e = err("[label-schema]\nversion = \"semvr\"\n");
    assert!(
        matches!(&e, ConfigError::InvalidValue { key, .. } if key == "label-schema.version"),
        "{e:?}"
    );

    let e = err("[build-args]\nX = [1]\n");
    assert!(
        matches!(&e, ConfigError::WrongType { key, .. } if key == "build-args.X"),
        "{e:?}"
    );

    let e = err("ignore = [\"\"]\n");
    assert!(matches!(&e, ConfigError::InvalidValue { .. }), "{e:?}");

    let e = err("select = [\"DL3006\"\nignore = []\n");
    assert!(matches!(&e, ConfigError::Syntax { line: 2, .. }), "{e:?}");
    let e = err("select = [\"DL3006\"]\nselect = []\n");
    assert!(matches!(&e, ConfigError::Syntax { line: 2, .. }), "{e:?}");
}

// ---------------------------------------------------------------------------
// pyproject.toml
// ---------------------------------------------------------------------------

#[test]
fn pyproject_table() {
    let text = r#"
[project]
name = "svc"
version = "1.0"

[tool.ruff]
select = ["E"]

[tool.dockwright]
ignore = ["DL3003"]
failure-threshold = "error"

[tool.dockwright.severity]
DL3007 = "style"
"#;
    let fc = parse_pyproject_toml(text).unwrap().unwrap();
    assert_eq!(fc.ignore, vec![code("DL3003")]);
    assert_eq!(
        fc.failure_threshold,
        Some(FailureThreshold::AtLeast(Severity::Error))
    );
    assert_eq!(
        fc.levels,
        vec![(code("DL3007"), Level::Severity(Severity::Style))]
    );
}

#[test]
fn pyproject_without_our_table() {
    assert_eq!(
        parse_pyproject_toml("[project]\nname = \"x\"\n").unwrap(),
        None
    );
    assert_eq!(
        parse_pyproject_toml("[tool.black]\nline-length = 100\n").unwrap(),
        None
    );
    assert_eq!(parse_pyproject_toml("").unwrap(), None);
}

#[test]
fn pyproject_errors_name_the_full_key() {
    let e = parse_pyproject_toml("[tool.dockwright]\nignored = [\"DL3006\"]\n").unwrap_err();
    assert!(
        matches!(&e, ConfigError::UnknownKey { key, suggestion: Some(s), line: 2, .. }
            if key == "tool.dockwright.ignored" && s == "ignore"),
        "{e:?}"
    );
    let e = parse_pyproject_toml("[tool]\ndockwright = 1\n").unwrap_err();
    assert!(
        matches!(&e, ConfigError::WrongType { key, .. } if key == "tool.dockwright"),
        "{e:?}"
    );
    let e = parse_pyproject_toml("[tool.dockwright\n").unwrap_err();
    assert!(matches!(&e, ConfigError::Syntax { line: 1, .. }), "{e:?}");
}

// ---------------------------------------------------------------------------
// Layering
// ---------------------------------------------------------------------------

#[test]
fn merge_single_values_later_wins() {
    let a = parse_hadolint_yaml(
        "failure-threshold: error\nstrict-labels: true\nformat: json\nno-fail: true\n",
    )
    .unwrap();
    let b = parse_dockwright_toml("failure-threshold = \"style\"\n").unwrap();
    let m = a.merge(b);
    assert_eq!(
        m.failure_threshold,
        Some(FailureThreshold::AtLeast(Severity::Style))
    );
    // Unset in the later layer: the earlier value stays.
    assert_eq!(m.strict_labels, Some(true));
    assert_eq!(m.format.as_deref(), Some("json"));
    assert_eq!(m.no_fail, Some(true));
}

#[test]
fn merge_lists_and_maps() {
    let a = parse_hadolint_yaml(
        "ignored: [DL3006]\ntrustedRegistries: [docker.io]\nlabel-schema: {a: text, b: url}\noverride: {error: [DL3007]}\n",
    )
    .unwrap();
    let b = parse_dockwright_toml(
        "ignore = [\"DL3003\"]\ntrusted-registries = [\"docker.io\", \"ghcr.io\"]\n\
         [label-schema]\nb = \"semver\"\n[severity]\nDL3007 = \"info\"\n[build-args]\nX = \"1\"\n",
    )
    .unwrap();
    let m = a.merge(b);
    assert_eq!(m.ignore, vec![code("DL3006"), code("DL3003")]);
    assert_eq!(m.trusted_registries, vec!["docker.io", "ghcr.io"]);
    assert_eq!(m.label_schema["a"], LabelType::Text);
    assert_eq!(m.label_schema["b"], LabelType::Semver);
    assert_eq!(m.build_args["X"], "1");
    // Both severity settings kept; the later one wins.
    assert_eq!(m.levels.len(), 2);
    let r = Linter::new(m.config()).lint("FROM alpine:latest\n");
    let d = r.diagnostics.iter().find(|d| d.code == "DL3007").unwrap();
    assert_eq!(d.severity, Severity::Info);
}

#[test]
fn merge_select_starts_over() {
    let a = parse_hadolint_yaml("ignored: [DL3006, DL3007]\n").unwrap();
    let b = parse_dockwright_toml("select = [\"DL3006\", \"DL3003\"]\n").unwrap();
    let m = a.clone().merge(b);
    assert_eq!(m.select, Some(vec![code("DL3006"), code("DL3003")]));
    assert!(m.ignore.is_empty());
    let src = "FROM debian\nFROM alpine:latest\nRUN cd /tmp && make\n";
    assert_eq!(codes_found(&m, src), vec!["DL3006", "DL3003"]);

    // A later layer without `select` keeps it and adds its ignores.
    let c = parse_dockwright_toml("ignore = [\"DL3003\"]\n").unwrap();
    let m = m.merge(c);
    assert_eq!(codes_found(&m, src), vec!["DL3006"]);

    // Merging an empty layer changes nothing.
    assert_eq!(a.clone().merge(FileConfig::default()), a);
}

#[test]
fn selectors_lists_every_named_selector() {
    let fc = parse_dockwright_toml(FULL_TOML).unwrap();
    assert_eq!(fc.selectors().count(), 3 + 2 + 3);
}
