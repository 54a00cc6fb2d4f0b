//! What the user configured: which rules run and how loud, what they allow, values
//! for build arguments, and when a run fails. Reading config files (`.hadolint.yaml`,
//! `dockwright.toml`) builds on these types.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Category, Severity};
use crate::rules::RuleMeta;

pub mod files;

/// Selects rules: all of them, one by code or name, a code prefix, or a category.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RuleSelector {
    /// Every rule.
    All,
    /// A rule code (`DL3008`) or a code prefix (`DL30`, `DL`).
    Code(String),
    /// A rule name (`apt-get-pin-versions`).
    Name(String),
    /// Every rule of a category.
    Category(Category),
}

impl RuleSelector {
    /// Read a selector: `ALL`, a category name, a code or code prefix, or a rule name.
    pub fn parse(s: &str) -> RuleSelector {
        let t = s.trim();
        if t.eq_ignore_ascii_case("all") {
            return RuleSelector::All;
        }
        if let Some(c) = Category::parse(t) {
            return RuleSelector::Category(c);
        }
        let is_code = t.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && t.chars().all(|c| c.is_ascii_alphanumeric())
            && t.chars().any(|c| c.is_ascii_digit())
            || (t.len() <= 3 && t.chars().all(|c| c.is_ascii_uppercase()));
        if is_code {
            RuleSelector::Code(t.to_ascii_uppercase())
        } else {
            RuleSelector::Name(t.to_ascii_lowercase())
        }
    }

    /// Whether this selector picks the rule described by `meta`.
    pub fn matches(&self, meta: &RuleMeta) -> bool {
        match self {
            RuleSelector::All => true,
            RuleSelector::Code(c) => meta.code.starts_with(c.as_str()),
            RuleSelector::Name(n) => meta.name == n,
            RuleSelector::Category(c) => meta.category == *c,
        }
    }

    /// How specific the selector is; more specific settings win.
    fn specificity(&self) -> usize {
        match self {
            RuleSelector::All => 0,
            RuleSelector::Category(_) => 1,
            RuleSelector::Code(c) => 2 + c.len(),
            RuleSelector::Name(_) => 100,
        }
    }
}

/// A severity setting for selected rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Level {
    /// Report at this severity (this also turns on rules that are off by default).
    Severity(Severity),
    /// Do not run the rule.
    Off,
}

impl Level {
    /// Read `error|warning|info|style|off|ignore|none`.
    pub fn parse(s: &str) -> Option<Level> {
        match s.trim().to_ascii_lowercase().as_str() {
            "off" | "ignore" | "none" | "disable" | "disabled" => Some(Level::Off),
            other => Severity::parse(other).map(Level::Severity),
        }
    }
}

/// The formats a label value can be required to have (hadolint's `label-schema`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LabelType {
    /// Any non-empty text.
    Text,
    /// A URL.
    Url,
    /// A semantic version.
    Semver,
    /// A git commit hash.
    Hash,
    /// An RFC 3339 date-time.
    Rfc3339,
    /// An SPDX license identifier or expression.
    Spdx,
    /// An RFC 5322 e-mail address.
    Email,
}

impl LabelType {
    /// Read a label type name.
    pub fn parse(s: &str) -> Option<LabelType> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "text" => LabelType::Text,
            "url" => LabelType::Url,
            "semver" => LabelType::Semver,
            "hash" => LabelType::Hash,
            "rfc3339" => LabelType::Rfc3339,
            "spdx" => LabelType::Spdx,
            "email" => LabelType::Email,
            _ => return None,
        })
    }
}

/// When a lint run counts as failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FailureThreshold {
    /// Fail when a finding is at least this severe.
    AtLeast(Severity),
    /// Never fail because of findings.
    Never,
}

impl FailureThreshold {
    /// Read `error|warning|info|style|none|ignore`.
    pub fn parse(s: &str) -> Option<FailureThreshold> {
        match s.trim().to_ascii_lowercase().as_str() {
            "none" | "ignore" | "never" | "off" => Some(FailureThreshold::Never),
            other => Severity::parse(other).map(FailureThreshold::AtLeast),
        }
    }

    /// Whether a finding of `severity` fails the run.
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            FailureThreshold::AtLeast(t) => severity >= t,
            FailureThreshold::Never => false,
        }
    }
}

impl Default for FailureThreshold {
    /// hadolint's default: findings of severity `info` and above fail.
    fn default() -> Self {
        FailureThreshold::AtLeast(Severity::Info)
    }
}

/// Everything a lint run can be configured with.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Config {
    /// When non-empty, only the rules these select run (plus rules turned on by a
    /// severity setting). Empty: every rule that is on by default.
    pub select: Vec<RuleSelector>,
    /// Rules that do not run.
    pub ignore: Vec<RuleSelector>,
    /// Severity settings, applied in order, the most specific selector winning.
    pub levels: Vec<(RuleSelector, Level)>,
    /// Registries images may come from (`docker.io`, `*.gcr.io`); empty: any.
    pub trusted_registries: Vec<String>,
    /// Labels that must be present, with the format of their value.
    pub label_schema: BTreeMap<String, LabelType>,
    /// Report labels that are not in the schema.
    pub strict_labels: bool,
    /// Values for build arguments, like `--build-arg K=V`.
    pub build_args: BTreeMap<String, String>,
    /// When the run fails.
    pub failure_threshold: FailureThreshold,
    /// Ignore `# hadolint ignore=` / `# dockwright: ignore[...]` comments.
    pub disable_ignore_pragma: bool,
}

impl Config {
    /// The severity the rule runs at, or `None` when it does not run.
    pub fn rule_severity(&self, meta: &RuleMeta) -> Option<Severity> {
        let level = self
            .levels
            .iter()
            .enumerate()
            .filter(|(_, (sel, _))| sel.matches(meta))
            .max_by_key(|(i, (sel, _))| (sel.specificity(), *i))
            .map(|(_, (_, level))| *level);
        if let Some(Level::Off) = level {
            return None;
        }
        let ignored = self
            .ignore
            .iter()
            .filter(|s| s.matches(meta))
            .map(|s| s.specificity())
            .max();
        let selected = self
            .select
            .iter()
            .filter(|s| s.matches(meta))
            .map(|s| s.specificity())
            .max();
        // A setting that names the rule more precisely than an ignore wins over it.
        let explicit_level = level.is_some();
        let on = match (selected, ignored) {
            (Some(s), Some(i)) => s > i,
            (None, Some(_)) => false,
            (Some(_), None) => true,
            (None, None) => (self.select.is_empty() && meta.default_enabled) || explicit_level,
        };
        if !on {
            return None;
        }
        Some(match level {
            Some(Level::Severity(s)) => s,
            _ => meta.severity,
        })
    }

    /// Whether `registry` (a host such as `ghcr.io`) is trusted.
    pub fn registry_trusted(&self, registry: &str) -> bool {
        if self.trusted_registries.is_empty() {
            return true;
        }
        self.trusted_registries
            .iter()
            .any(|pattern| match pattern.strip_prefix('*') {
                Some(suffix) => registry.ends_with(suffix),
                None => pattern.eq_ignore_ascii_case(registry),
            })
    }
}
