//! Configuration files: hadolint's `.hadolint.yaml` and dockwright's own
//! `dockwright.toml` (or a `[tool.dockwright]` table), read from text. Finding the
//! files on disk is the CLI's job; this module is pure.
//!
//! Each file is read into a [`FileConfig`]: the settings that file makes, nothing
//! more, so that several sources can be layered with [`FileConfig::merge`] (the CLI
//! layers `.hadolint.yaml`, then `dockwright.toml`, then its own flags) and turned
//! into a [`Config`] at the end with [`FileConfig::config`].
//!
//! ```
//! use dockwright::config::files::{parse_dockwright_toml, parse_hadolint_yaml};
//!
//! let hadolint = parse_hadolint_yaml("ignored: [DL3008]\nfailure-threshold: warning\n")?;
//! let ours = parse_dockwright_toml("ignore = [\"DL3003\"]\n[severity]\nDL3006 = \"error\"\n")?;
//! let config = hadolint.merge(ours).config();
//! assert_eq!(config.ignore.len(), 2);
//! assert_eq!(
//!     config.failure_threshold,
//!     dockwright::config::FailureThreshold::AtLeast(dockwright::Severity::Warning)
//! );
//! # Ok::<(), dockwright::config::files::ConfigError>(())
//! ```
//!
//! # `.hadolint.yaml`
//!
//! Read as hadolint reads it: keys `failure-threshold`, `format`, `ignored`,
//! `label-schema`, `no-color`, `no-fail`, `override` (`error`, `warning`, `info`,
//! `style`), `strict-labels`, `disable-ignore-pragma`, `trustedRegistries` and
//! `verbose`. Like hadolint, keys it does not know are ignored (hadolint's YAML
//! decoder only looks up the keys it wants), and a key whose value is `null` counts
//! as absent. A known key with a value of the wrong type is an error, as in hadolint.
//! Where hadolint takes a list, a single string is accepted too (hadolint documents
//! this for `trustedRegistries`). An empty file is an empty configuration.
//!
//! # `dockwright.toml` and `[tool.dockwright]`
//!
//! Keys, in the style of ruff: `select`, `ignore` (lists of rule codes, code
//! prefixes, rule names, categories or `ALL`), `[severity]` (selector = `"error"`,
//! `"warning"`, `"info"`, `"style"` or `"off"`), `trusted-registries` (list),
//! `[label-schema]` (label = `"text"`, `"url"`, `"semver"`, `"hash"`, `"rfc3339"`,
//! `"spdx"` or `"email"`), `strict-labels` (bool), `[build-args]` (name = value),
//! `failure-threshold` (`"error"`, `"warning"`, `"info"`, `"style"` or `"none"`),
//! `disable-ignore-pragma` (bool) and `format` (a report format name). A key that is
//! not one of these is an error naming the key, with a suggestion when one is close.
//!
//! # Layering
//!
//! [`FileConfig::merge`] puts a later source over an earlier one:
//! - single values (`failure-threshold`, `strict-labels`, `format`, ...): the later
//!   source wins when it sets them;
//! - `select`: a later `select` starts rule selection over, as in ruff: it replaces
//!   the earlier `select` and drops the earlier `ignore` list;
//! - `ignore`, severity settings and trusted registries: the later source's entries
//!   are added after the earlier ones (severity settings of equal specificity: the
//!   later wins);
//! - `label-schema` and `build-args`: merged key by key, the later source winning.

use std::collections::BTreeMap;
use std::collections::HashMap;

use super::{Config, FailureThreshold, LabelType, Level, RuleSelector};

/// The settings one configuration source makes. `None` and empty collections mean
/// "not set here"; [`FileConfig::config`] fills them with the defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileConfig {
    /// `select`: when set, only these rules run (plus rules turned on by a severity
    /// setting). An empty list selects the default rules.
    pub select: Option<Vec<RuleSelector>>,
    /// `ignore` / hadolint's `ignored`.
    pub ignore: Vec<RuleSelector>,
    /// `[severity]` / hadolint's `override`, in file order.
    pub levels: Vec<(RuleSelector, Level)>,
    /// `trusted-registries` / hadolint's `trustedRegistries`.
    pub trusted_registries: Vec<String>,
    /// `label-schema`.
    pub label_schema: BTreeMap<String, LabelType>,
    /// `strict-labels`.
    pub strict_labels: Option<bool>,
    /// `[build-args]` (dockwright.toml only).
    pub build_args: BTreeMap<String, String>,
    /// `failure-threshold`.
    pub failure_threshold: Option<FailureThreshold>,
    /// `disable-ignore-pragma`.
    pub disable_ignore_pragma: Option<bool>,
    /// `format`: the report format name as written (hadolint's names in a
    /// `.hadolint.yaml`); the CLI checks it.
    pub format: Option<String>,
    /// `no-color` (`.hadolint.yaml` only).
    pub no_color: Option<bool>,
    /// `no-fail` (`.hadolint.yaml` only): exit 0 whatever is found.
    pub no_fail: Option<bool>,
}

impl FileConfig {
    /// Layer `later` over `self` (see the [module documentation](self) for how
    /// each setting combines).
    #[must_use]
    pub fn merge(mut self, later: FileConfig) -> FileConfig {
        if later.select.is_some() {
            self.select = later.select;
            self.ignore = later.ignore;
        } else {
            self.ignore.extend(later.ignore);
        }
        self.levels.extend(later.levels);
        for r in later.trusted_registries {
            if !self.trusted_registries.contains(&r) {
                self.trusted_registries.push(r);
            }
        }
        self.label_schema.extend(later.label_schema);
        self.build_args.extend(later.build_args);
        self.strict_labels = later.strict_labels.or(self.strict_labels);
        self.failure_threshold = later.failure_threshold.or(self.failure_threshold);
        self.disable_ignore_pragma = later.disable_ignore_pragma.or(self.disable_ignore_pragma);
        self.format = later.format.or(self.format);
        self.no_color = later.no_color.or(self.no_color);
        self.no_fail = later.no_fail.or(self.no_fail);
        self
    }

    /// The lint configuration: these settings over the defaults.
    pub fn config(&self) -> Config {
        Config {
            select: self.select.clone().unwrap_or_default(),
            ignore: self.ignore.clone(),
            levels: self.levels.clone(),
            trusted_registries: self.trusted_registries.clone(),
            label_schema: self.label_schema.clone(),
            strict_labels: self.strict_labels.unwrap_or(false),
            build_args: self.build_args.clone(),
            failure_threshold: self.failure_threshold.unwrap_or_default(),
            disable_ignore_pragma: self.disable_ignore_pragma.unwrap_or(false),
        }
    }

    /// Every rule selector these settings name (`select`, `ignore`, severity
    /// settings), for example to warn about those that match no rule.
    pub fn selectors(&self) -> impl Iterator<Item = &RuleSelector> {
        self.select
            .iter()
            .flatten()
            .chain(&self.ignore)
            .chain(self.levels.iter().map(|(s, _)| s))
    }
}

/// Why a configuration file could not be read. Lines and columns are 1-based.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// The text is not valid TOML or YAML.
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        /// Line of the error.
        line: usize,
        /// Column of the error.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// A key the file format does not have.
    #[error(
        "line {line}, column {column}: unknown key `{key}`{}; expected one of {}",
        suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default(),
        expected.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
    )]
    UnknownKey {
        /// The key, with its table (`severity.x`, `tool.dockwright.selct`).
        key: String,
        /// A known key close to it.
        suggestion: Option<String>,
        /// The keys allowed where it is.
        expected: Vec<&'static str>,
        /// Line of the key.
        line: usize,
        /// Column of the key.
        column: usize,
    },
    /// The same key twice.
    #[error("line {line}, column {column}: duplicate key `{key}`")]
    DuplicateKey {
        /// The key.
        key: String,
        /// Line of the second occurrence.
        line: usize,
        /// Column of the second occurrence.
        column: usize,
    },
    /// A value of the wrong type.
    #[error("line {line}, column {column}: `{key}`: expected {expected}, found {found}")]
    WrongType {
        /// The key whose value it is.
        key: String,
        /// What was expected (`a list of strings`).
        expected: &'static str,
        /// What was found (`an integer`).
        found: &'static str,
        /// Line of the value.
        line: usize,
        /// Column of the value.
        column: usize,
    },
    /// A value that is not one of those allowed.
    #[error("line {line}, column {column}: `{key}`: invalid value `{value}`; expected {expected}")]
    InvalidValue {
        /// The key whose value it is.
        key: String,
        /// The value as written.
        value: String,
        /// What is allowed.
        expected: &'static str,
        /// Line of the value.
        line: usize,
        /// Column of the value.
        column: usize,
    },
}

impl ConfigError {
    /// The 1-based line and column the error is about.
    pub fn location(&self) -> (usize, usize) {
        match self {
            ConfigError::Syntax { line, column, .. }
            | ConfigError::UnknownKey { line, column, .. }
            | ConfigError::DuplicateKey { line, column, .. }
            | ConfigError::WrongType { line, column, .. }
            | ConfigError::InvalidValue { line, column, .. } => (*line, *column),
        }
    }
}

const SEVERITY_VALUES: &str = "`error`, `warning`, `info`, `style` or `off`";
const THRESHOLD_VALUES: &str = "`error`, `warning`, `info`, `style` or `none`";
const LABEL_VALUES: &str = "`text`, `url`, `semver`, `hash`, `rfc3339`, `spdx` or `email`";
const SELECTOR_VALUES: &str = "a rule code, code prefix, rule name, category or `ALL`";

fn parse_selector(s: &str) -> Option<RuleSelector> {
    if s.trim().is_empty() {
        None
    } else {
        Some(RuleSelector::parse(s))
    }
}

/// The known key closest to `key`, if it is close enough to be a typo.
fn suggest(key: &str, known: &[&'static str]) -> Option<String> {
    let key = key.to_ascii_lowercase();
    known
        .iter()
        .map(|k| (edit_distance(&key, k), *k))
        .filter(|(d, k)| {
            *d <= (k.len() / 3).max(1) || k.replace('-', "") == key.replace(['-', '_'], "")
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k.to_string())
}

/// Levenshtein distance over characters.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

// ---------------------------------------------------------------------------
// TOML
// ---------------------------------------------------------------------------

/// The keys of `dockwright.toml` and `[tool.dockwright]`.
pub const TOML_KEYS: &[&str] = &[
    "select",
    "ignore",
    "severity",
    "trusted-registries",
    "label-schema",
    "strict-labels",
    "build-args",
    "failure-threshold",
    "disable-ignore-pragma",
    "format",
];

use toml::de::{DeTable, DeValue};
type Spanned<T> = toml::Spanned<T>;

/// 1-based line and column (in characters) of byte `offset` of `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

fn toml_type(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

struct Toml<'t> {
    text: &'t str,
    /// `tool.dockwright.` for pyproject.toml.
    prefix: &'static str,
}

impl<'t> Toml<'t> {
    fn at(&self, span: std::ops::Range<usize>) -> (usize, usize) {
        line_col(self.text, span.start)
    }

    fn syntax(text: &str, e: &toml::de::Error) -> ConfigError {
        let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
        ConfigError::Syntax {
            line,
            column,
            message: e.message().trim().to_string(),
        }
    }

    fn wrong_type(
        &self,
        key: &str,
        expected: &'static str,
        v: &Spanned<DeValue<'_>>,
    ) -> ConfigError {
        let (line, column) = self.at(v.span());
        ConfigError::WrongType {
            key: format!("{}{key}", self.prefix),
            expected,
            found: toml_type(v.get_ref()),
            line,
            column,
        }
    }

    fn invalid(
        &self,
        key: &str,
        value: &str,
        expected: &'static str,
        span: std::ops::Range<usize>,
    ) -> ConfigError {
        let (line, column) = self.at(span);
        ConfigError::InvalidValue {
            key: format!("{}{key}", self.prefix),
            value: value.to_string(),
            expected,
            line,
            column,
        }
    }

    fn string<'v>(&self, key: &str, v: &'v Spanned<DeValue<'_>>) -> Result<&'v str, ConfigError> {
        v.get_ref()
            .as_str()
            .ok_or_else(|| self.wrong_type(key, "a string", v))
    }

    fn bool(&self, key: &str, v: &Spanned<DeValue<'_>>) -> Result<bool, ConfigError> {
        v.get_ref()
            .as_bool()
            .ok_or_else(|| self.wrong_type(key, "a boolean (`true` or `false`)", v))
    }

    fn table<'v, 'i>(
        &self,
        key: &str,
        v: &'v Spanned<DeValue<'i>>,
    ) -> Result<&'v DeTable<'i>, ConfigError> {
        v.get_ref()
            .as_table()
            .ok_or_else(|| self.wrong_type(key, "a table", v))
    }

    /// A list of strings, each with its span.
    fn strings(
        &self,
        key: &str,
        v: &Spanned<DeValue<'_>>,
    ) -> Result<Vec<(String, std::ops::Range<usize>)>, ConfigError> {
        let Some(items) = v.get_ref().as_array() else {
            return Err(self.wrong_type(key, "a list of strings", v));
        };
        items
            .iter()
            .map(|item| {
                item.get_ref()
                    .as_str()
                    .map(|s| (s.to_string(), item.span()))
                    .ok_or_else(|| self.wrong_type(key, "a list of strings", item))
            })
            .collect()
    }

    fn selectors(
        &self,
        key: &str,
        v: &Spanned<DeValue<'_>>,
    ) -> Result<Vec<RuleSelector>, ConfigError> {
        self.strings(key, v)?
            .into_iter()
            .map(|(s, span)| {
                parse_selector(&s).ok_or_else(|| self.invalid(key, &s, SELECTOR_VALUES, span))
            })
            .collect()
    }

    /// The entries of a table in file order.
    fn entries<'v, 'i>(
        table: &'v DeTable<'i>,
    ) -> Vec<(
        &'v Spanned<std::borrow::Cow<'i, str>>,
        &'v Spanned<DeValue<'i>>,
    )> {
        let mut entries: Vec<_> = table.iter().collect();
        entries.sort_by_key(|(k, _)| k.span().start);
        entries
    }

    fn read(&self, table: &DeTable<'_>) -> Result<FileConfig, ConfigError> {
        let mut fc = FileConfig::default();
        for (k, v) in Self::entries(table) {
            let key: &str = k.get_ref();
            match key {
                "select" => fc.select = Some(self.selectors(key, v)?),
                "ignore" => fc.ignore = self.selectors(key, v)?,
                "severity" => {
                    for (sk, sv) in Self::entries(self.table(key, v)?) {
                        let path = format!("severity.{}", sk.get_ref());
                        let sel = parse_selector(sk.get_ref()).ok_or_else(|| {
                            self.invalid("severity", sk.get_ref(), SELECTOR_VALUES, sk.span())
                        })?;
                        let s = self.string(&path, sv)?;
                        let level = Level::parse(s)
                            .ok_or_else(|| self.invalid(&path, s, SEVERITY_VALUES, sv.span()))?;
                        fc.levels.push((sel, level));
                    }
                }
                "trusted-registries" => {
                    fc.trusted_registries =
                        self.strings(key, v)?.into_iter().map(|(s, _)| s).collect();
                }
                "label-schema" => {
                    for (lk, lv) in Self::entries(self.table(key, v)?) {
                        let path = format!("label-schema.{}", lk.get_ref());
                        let s = self.string(&path, lv)?;
                        let ty = LabelType::parse(s)
                            .ok_or_else(|| self.invalid(&path, s, LABEL_VALUES, lv.span()))?;
                        fc.label_schema.insert(lk.get_ref().to_string(), ty);
                    }
                }
                "strict-labels" => fc.strict_labels = Some(self.bool(key, v)?),
                "build-args" => {
                    for (bk, bv) in Self::entries(self.table(key, v)?) {
                        let path = format!("build-args.{}", bk.get_ref());
                        let value = match bv.get_ref() {
                            DeValue::String(s) => s.to_string(),
                            DeValue::Integer(i) => i.as_str().to_string(),
                            DeValue::Float(f) => f.as_str().to_string(),
                            DeValue::Boolean(b) => b.to_string(),
                            _ => return Err(self.wrong_type(&path, "a string", bv)),
                        };
                        fc.build_args.insert(bk.get_ref().to_string(), value);
                    }
                }
                "failure-threshold" => {
                    let s = self.string(key, v)?;
                    fc.failure_threshold = Some(
                        FailureThreshold::parse(s)
                            .ok_or_else(|| self.invalid(key, s, THRESHOLD_VALUES, v.span()))?,
                    );
                }
                "disable-ignore-pragma" => fc.disable_ignore_pragma = Some(self.bool(key, v)?),
                "format" => fc.format = Some(self.string(key, v)?.to_string()),
                other => {
                    let (line, column) = self.at(k.span());
                    return Err(ConfigError::UnknownKey {
                        key: format!("{}{other}", self.prefix),
                        suggestion: suggest(other, TOML_KEYS),
                        expected: TOML_KEYS.to_vec(),
                        line,
                        column,
                    });
                }
            }
        }
        Ok(fc)
    }
}

/// Read a `dockwright.toml` (or `.dockwright.toml`).
pub fn parse_dockwright_toml(text: &str) -> Result<FileConfig, ConfigError> {
    let doc = DeTable::parse(text).map_err(|e| Toml::syntax(text, &e))?;
    Toml { text, prefix: "" }.read(doc.get_ref())
}

/// Read the `[tool.dockwright]` table of a `pyproject.toml`: `None` when the file
/// has no such table (other tables are not looked at).
pub fn parse_pyproject_toml(text: &str) -> Result<Option<FileConfig>, ConfigError> {
    let doc = DeTable::parse(text).map_err(|e| Toml::syntax(text, &e))?;
    let reader = Toml {
        text,
        prefix: "tool.dockwright.",
    };
    let Some((_, tool)) = doc.get_ref().iter().find(|(k, _)| k.get_ref() == "tool") else {
        return Ok(None);
    };
    let Some(tool) = tool.get_ref().as_table() else {
        return Ok(None);
    };
    let Some((_, ours)) = tool.iter().find(|(k, _)| k.get_ref() == "dockwright") else {
        return Ok(None);
    };
    let Some(table) = ours.get_ref().as_table() else {
        let (line, column) = reader.at(ours.span());
        return Err(ConfigError::WrongType {
            key: "tool.dockwright".into(),
            expected: "a table",
            found: toml_type(ours.get_ref()),
            line,
            column,
        });
    };
    reader.read(table).map(Some)
}

// ---------------------------------------------------------------------------
// YAML
// ---------------------------------------------------------------------------

/// The keys hadolint reads from `.hadolint.yaml`.
pub const HADOLINT_KEYS: &[&str] = &[
    "disable-ignore-pragma",
    "failure-threshold",
    "format",
    "ignored",
    "label-schema",
    "no-color",
    "no-fail",
    "override",
    "strict-labels",
    "trustedRegistries",
    "verbose",
];

/// A YAML node with the position where it starts.
#[derive(Debug, Clone)]
struct Node {
    kind: Kind,
    line: usize,
    column: usize,
}

#[derive(Debug, Clone)]
enum Kind {
    Null,
    Bool(bool),
    Int(String),
    Float(String),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Node {
    fn type_name(&self) -> &'static str {
        match self.kind {
            Kind::Null => "null",
            Kind::Bool(_) => "a boolean",
            Kind::Int(_) => "an integer",
            Kind::Float(_) => "a float",
            Kind::Str(_) => "a string",
            Kind::Seq(_) => "a list",
            Kind::Map(_) => "a mapping",
        }
    }

    /// The text of a scalar key or value.
    fn scalar_text(&self) -> Option<&str> {
        match &self.kind {
            Kind::Str(s) | Kind::Int(s) | Kind::Float(s) => Some(s),
            Kind::Bool(true) => Some("true"),
            Kind::Bool(false) => Some("false"),
            Kind::Null => Some("null"),
            _ => None,
        }
    }
}

/// Builds [`Node`]s from the parser's events (yaml-rust2's own loader drops the
/// positions).
#[derive(Default)]
struct Loader {
    docs: Vec<Node>,
    /// Open collections, with the key waiting for its value in a mapping.
    stack: Vec<(Node, Option<Node>, usize)>,
    anchors: HashMap<usize, Node>,
}

impl Loader {
    fn insert(&mut self, node: Node, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.docs.push(node),
            Some((parent, key, _)) => match &mut parent.kind {
                Kind::Seq(items) => items.push(node),
                Kind::Map(entries) => match key.take() {
                    None => *key = Some(node),
                    Some(k) => entries.push((k, node)),
                },
                _ => {}
            },
        }
    }
}

impl yaml_rust2::parser::MarkedEventReceiver for Loader {
    fn on_event(&mut self, ev: yaml_rust2::Event, mark: yaml_rust2::scanner::Marker) {
        use yaml_rust2::scanner::TScalarStyle;
        use yaml_rust2::Event;
        let at = |kind| Node {
            kind,
            line: mark.line(),
            column: mark.col() + 1,
        };
        match ev {
            Event::Scalar(v, style, anchor, tag) => {
                let core_str = tag
                    .as_ref()
                    .is_some_and(|t| t.suffix == "str" || t.suffix.ends_with(":str"));
                let kind = if style != TScalarStyle::Plain || core_str {
                    Kind::Str(v)
                } else {
                    match yaml_rust2::Yaml::from_str(&v) {
                        yaml_rust2::Yaml::Null => Kind::Null,
                        yaml_rust2::Yaml::Boolean(b) => Kind::Bool(b),
                        yaml_rust2::Yaml::Integer(_) => Kind::Int(v),
                        yaml_rust2::Yaml::Real(_) => Kind::Float(v),
                        _ => Kind::Str(v),
                    }
                };
                self.insert(at(kind), anchor);
            }
            Event::SequenceStart(anchor, _) => {
                self.stack.push((at(Kind::Seq(Vec::new())), None, anchor))
            }
            Event::MappingStart(anchor, _) => {
                self.stack.push((at(Kind::Map(Vec::new())), None, anchor))
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((node, _, anchor)) = self.stack.pop() {
                    self.insert(node, anchor);
                }
            }
            Event::Alias(id) => {
                let node = self
                    .anchors
                    .get(&id)
                    .cloned()
                    .unwrap_or_else(|| at(Kind::Null));
                self.insert(node, 0);
            }
            _ => {}
        }
    }
}

fn yaml_wrong_type(key: &str, expected: &'static str, v: &Node) -> ConfigError {
    ConfigError::WrongType {
        key: key.to_string(),
        expected,
        found: v.type_name(),
        line: v.line,
        column: v.column,
    }
}

fn yaml_invalid(key: &str, value: &str, expected: &'static str, v: &Node) -> ConfigError {
    ConfigError::InvalidValue {
        key: key.to_string(),
        value: value.to_string(),
        expected,
        line: v.line,
        column: v.column,
    }
}

/// `None` for null (hadolint treats `key:` with no value as absent).
fn yaml_bool(key: &str, v: &Node) -> Result<Option<bool>, ConfigError> {
    match v.kind {
        Kind::Null => Ok(None),
        Kind::Bool(b) => Ok(Some(b)),
        _ => Err(yaml_wrong_type(key, "a boolean (`true` or `false`)", v)),
    }
}

fn yaml_string<'n>(key: &str, v: &'n Node) -> Result<Option<&'n str>, ConfigError> {
    match &v.kind {
        Kind::Null => Ok(None),
        Kind::Str(s) => Ok(Some(s)),
        _ => Err(yaml_wrong_type(key, "a string", v)),
    }
}

/// A list of strings; a single string is a list of one.
fn yaml_strings<'n>(key: &str, v: &'n Node) -> Result<Vec<(&'n str, &'n Node)>, ConfigError> {
    match &v.kind {
        Kind::Null => Ok(Vec::new()),
        Kind::Str(s) => Ok(vec![(s.as_str(), v)]),
        Kind::Seq(items) => items
            .iter()
            .filter(|i| !matches!(i.kind, Kind::Null))
            .map(|i| match &i.kind {
                Kind::Str(s) => Ok((s.as_str(), i)),
                _ => Err(yaml_wrong_type(key, "a list of strings", i)),
            })
            .collect(),
        _ => Err(yaml_wrong_type(key, "a list of strings", v)),
    }
}

fn yaml_selectors(key: &str, v: &Node) -> Result<Vec<RuleSelector>, ConfigError> {
    yaml_strings(key, v)?
        .into_iter()
        .map(|(s, n)| parse_selector(s).ok_or_else(|| yaml_invalid(key, s, SELECTOR_VALUES, n)))
        .collect()
}

fn yaml_map<'n>(key: &str, v: &'n Node) -> Result<&'n [(Node, Node)], ConfigError> {
    match &v.kind {
        Kind::Null => Ok(&[]),
        Kind::Map(entries) => Ok(entries),
        _ => Err(yaml_wrong_type(key, "a mapping", v)),
    }
}

/// Read a `.hadolint.yaml` (or `.hadolint.yml`) the way hadolint does.
pub fn parse_hadolint_yaml(text: &str) -> Result<FileConfig, ConfigError> {
    let mut loader = Loader::default();
    let mut parser = yaml_rust2::parser::Parser::new_from_str(text);
    parser
        .load(&mut loader, true)
        .map_err(|e| ConfigError::Syntax {
            line: e.marker().line(),
            column: e.marker().col() + 1,
            message: e.info().to_string(),
        })?;
    let mut docs = loader.docs.into_iter();
    let Some(root) = docs.next() else {
        return Ok(FileConfig::default());
    };
    if let Some(second) = docs.next() {
        return Err(ConfigError::Syntax {
            line: second.line,
            column: second.column,
            message: "expected one YAML document, found several".into(),
        });
    }
    let entries = match &root.kind {
        Kind::Null => return Ok(FileConfig::default()),
        Kind::Map(entries) => entries,
        _ => return Err(yaml_wrong_type("(top level)", "a mapping", &root)),
    };
    let mut fc = FileConfig::default();
    let mut seen: Vec<&str> = Vec::new();
    for (k, v) in entries {
        let Some(key) = k.scalar_text() else {
            continue;
        };
        if HADOLINT_KEYS.contains(&key) {
            if seen.contains(&key) {
                return Err(ConfigError::DuplicateKey {
                    key: key.to_string(),
                    line: k.line,
                    column: k.column,
                });
            }
            seen.push(key);
        }
        match key {
            "no-fail" => fc.no_fail = yaml_bool(key, v)?,
            "no-color" => fc.no_color = yaml_bool(key, v)?,
            "verbose" => {
                yaml_bool(key, v)?;
            }
            "strict-labels" => fc.strict_labels = yaml_bool(key, v)?,
            "disable-ignore-pragma" => fc.disable_ignore_pragma = yaml_bool(key, v)?,
            "format" => fc.format = yaml_string(key, v)?.map(str::to_string),
            "failure-threshold" => {
                if let Some(s) = yaml_string(key, v)? {
                    fc.failure_threshold = Some(
                        FailureThreshold::parse(s)
                            .ok_or_else(|| yaml_invalid(key, s, THRESHOLD_VALUES, v))?,
                    );
                }
            }
            "ignored" => fc.ignore = yaml_selectors(key, v)?,
            "trustedRegistries" => {
                fc.trusted_registries = yaml_strings(key, v)?
                    .into_iter()
                    .map(|(s, _)| s.to_string())
                    .collect();
            }
            "label-schema" => {
                for (lk, lv) in yaml_map(key, v)? {
                    let Some(label) = lk.scalar_text() else {
                        return Err(yaml_wrong_type(
                            key,
                            "a mapping from label names to types",
                            lk,
                        ));
                    };
                    let path = format!("label-schema.{label}");
                    let s = yaml_string(&path, lv)?
                        .ok_or_else(|| yaml_wrong_type(&path, "a label type", lv))?;
                    let ty = LabelType::parse(s)
                        .ok_or_else(|| yaml_invalid(&path, s, LABEL_VALUES, lv))?;
                    fc.label_schema.insert(label.to_string(), ty);
                }
            }
            "override" => {
                // hadolint reads the four lists and ignores any other key.
                let mut by_level: [Vec<RuleSelector>; 4] = Default::default();
                for (ok, ov) in yaml_map(key, v)? {
                    let slot = match ok.scalar_text() {
                        Some("error") => 0,
                        Some("warning") => 1,
                        Some("info") => 2,
                        Some("style") => 3,
                        _ => continue,
                    };
                    let path = format!("override.{}", ok.scalar_text().unwrap_or_default());
                    by_level[slot] = yaml_selectors(&path, ov)?;
                }
                let severities = [
                    crate::Severity::Error,
                    crate::Severity::Warning,
                    crate::Severity::Info,
                    crate::Severity::Style,
                ];
                // A code in several lists: hadolint applies `error` last, then
                // `warning`, `info`, `style`; later settings win here, so push in
                // reverse.
                for (sels, sev) in by_level.into_iter().zip(severities).rev() {
                    fc.levels
                        .extend(sels.into_iter().map(|s| (s, Level::Severity(sev))));
                }
            }
            _ => {}
        }
    }
    Ok(fc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\ncé=x", 6), (2, 3));
        assert_eq!(line_col("", 0), (1, 1));
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("selct", TOML_KEYS).as_deref(), Some("select"));
        assert_eq!(
            suggest("trusted_registries", TOML_KEYS).as_deref(),
            Some("trusted-registries")
        );
        assert_eq!(suggest("zzzzzz", TOML_KEYS), None);
    }
}
