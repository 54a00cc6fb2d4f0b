//! The rules API: rule metadata, the [`Rule`] trait, the registry of built-in rules,
//! and the context a rule reports through.
//!
//! A rule is a unit struct declared with [`declare_rule!`], whose doc comment is the
//! rule's documentation (sections *What it does*, *Why*, *Example*, *Fix*; the
//! `dockerfile` blocks under *Example* must trigger the rule and those after
//! "Use instead:" must not, which a test checks for every rule), plus an `impl Rule`
//! with the check:
//!
//! ```
//! use dockwright::rules::{Rule, RuleContext};
//! use dockwright::declare_rule;
//!
//! declare_rule! {
//!     /// ## What it does
//!     /// Flags `EXPOSE 22`.
//!     ///
//!     /// ## Why
//!     /// Containers should not run an SSH daemon.
//!     ///
//!     /// ## Example
//!     /// ```dockerfile
//!     /// FROM alpine:3.20
//!     /// EXPOSE 22
//!     /// ```
//!     pub struct NoSshPort {
//!         code: "ACME001",
//!         name: "no-ssh-port",
//!         category: Security,
//!         severity: Warning,
//!         fix: None,
//!     }
//! }
//!
//! impl Rule for NoSshPort {
//!     fn meta(&self) -> &'static dockwright::rules::RuleMeta {
//!         &Self::META
//!     }
//!     fn check(&self, ctx: &mut RuleContext<'_>) {
//!         for info in ctx.model().instructions() {
//!             if let dockwright::syntax::Body::Expose(ports) = &info.effective().body {
//!                 for p in ports.iter().filter(|p| p.text == "22") {
//!                     ctx.report(p.span, "Do not expose the SSH port");
//!                 }
//!             }
//!         }
//!     }
//! }
//!
//! let mut linter = dockwright::Linter::default();
//! linter.registry_mut().register(NoSshPort);
//! let result = linter.lint("FROM alpine:3.20\nEXPOSE 22\n");
//! assert!(result.diagnostics.iter().any(|d| d.code == "ACME001" && d.line() == 2));
//! ```

use crate::config::Config;
use crate::diagnostic::{Category, Diagnostic, Severity};
use crate::fix::Fix;
use crate::semantic::Model;
use crate::syntax::{Dockerfile, Span};

pub mod docs;
mod images;
mod labels;
mod packages;
mod shell;
mod suppressions;
#[cfg(test)]
pub(crate) mod test_support;
pub(crate) mod util;

pub use suppressions::{EmptyContinuation, InvalidDockerfile, UnusedSuppression};

/// Whether a rule can fix what it finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixAvailability {
    /// The rule never offers a fix.
    None,
    /// Some findings come with a fix.
    Sometimes,
    /// Every finding comes with a fix.
    Always,
}

/// What every rule declares about itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct RuleMeta {
    /// Stable code: hadolint's `DLxxxx` where hadolint has the rule, else `DWxxxx`.
    pub code: &'static str,
    /// What is wrong, in kebab case (`apt-get-pin-versions`).
    pub name: &'static str,
    /// What the rule is about.
    pub category: Category,
    /// Severity unless configured otherwise.
    pub severity: Severity,
    /// Whether findings come with fixes.
    pub fix: FixAvailability,
    /// Whether the rule runs without being turned on in the configuration.
    pub default_enabled: bool,
    /// The name of the equivalent BuildKit check (for `# check=skip=...`), if any.
    pub buildkit: Option<&'static str>,
    /// The documentation, Markdown, from the rule's doc comment.
    #[serde(skip)]
    pub docs: &'static str,
}

impl RuleMeta {
    /// The first sentence under *What it does* (joined across wrapped lines).
    pub fn summary(&self) -> String {
        let mut in_section = false;
        let mut out = String::new();
        for line in self.docs.lines().map(str::trim) {
            if line.starts_with("## ") {
                if !out.is_empty() {
                    break;
                }
                in_section = line.to_ascii_lowercase().contains("what it does");
                continue;
            }
            if !in_section {
                continue;
            }
            if line.is_empty() || line.starts_with("```") {
                if out.is_empty() {
                    continue;
                }
                break;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(line);
            if let Some(end) = sentence_end(&out) {
                out.truncate(end);
                break;
            }
        }
        out
    }
}

/// The end of the first sentence: a `.` followed by a space or the end, outside
/// `code` spans.
fn sentence_end(s: &str) -> Option<usize> {
    let mut in_code = false;
    let b = s.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'`' => in_code = !in_code,
            b'.' if !in_code && b.get(i + 1).is_none_or(|n| *n == b' ') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// Declare a rule: a unit struct with its doc comment and a `META` constant.
///
/// Fields: `code`, `name`, `category` (a [`Category`] variant), `severity` (a
/// [`Severity`] variant), `fix` (a [`FixAvailability`] variant), and optionally
/// `default_enabled: false` and `buildkit: "CheckName"`.
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis struct $name:ident {
            code: $code:literal,
            name: $rname:literal,
            category: $cat:ident,
            severity: $sev:ident,
            fix: $fix:ident,
            $(default_enabled: $en:literal,)?
            $(buildkit: $bk:literal,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Default, Clone, Copy)]
        $vis struct $name;

        impl $name {
            /// This rule's metadata.
            pub const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                code: $code,
                name: $rname,
                category: $crate::Category::$cat,
                severity: $crate::Severity::$sev,
                fix: $crate::rules::FixAvailability::$fix,
                default_enabled: $crate::declare_rule!(@enabled $($en)?),
                buildkit: $crate::declare_rule!(@buildkit $($bk)?),
                docs: concat!($($doc, "\n"),*),
            };
        }
    };
    (@enabled) => { true };
    (@enabled $en:literal) => { $en };
    (@buildkit) => { None };
    (@buildkit $bk:literal) => { Some($bk) };
}

/// A lint rule.
pub trait Rule: Send + Sync {
    /// The rule's metadata.
    fn meta(&self) -> &'static RuleMeta;
    /// Inspect the model and report findings through `ctx`.
    fn check(&self, ctx: &mut RuleContext<'_>);
}

/// What a rule sees while it runs, and where it reports.
pub struct RuleContext<'a> {
    model: &'a Model<'a>,
    config: &'a Config,
    meta: &'static RuleMeta,
    severity: Severity,
    out: &'a mut Vec<Diagnostic>,
}

impl<'a> RuleContext<'a> {
    /// A context for running the rule `meta` at `severity`.
    pub fn new(
        model: &'a Model<'a>,
        config: &'a Config,
        meta: &'static RuleMeta,
        severity: Severity,
        out: &'a mut Vec<Diagnostic>,
    ) -> Self {
        RuleContext {
            model,
            config,
            meta,
            severity,
            out,
        }
    }

    /// The semantic model of the file.
    pub fn model(&self) -> &'a Model<'a> {
        self.model
    }

    /// The parsed file.
    pub fn dockerfile(&self) -> &'a Dockerfile {
        self.model.dockerfile()
    }

    /// The source text.
    pub fn source(&self) -> &'a str {
        self.model.dockerfile().source()
    }

    /// The configuration.
    pub fn config(&self) -> &'a Config {
        self.config
    }

    /// Report a finding at `span`.
    pub fn report(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        let df = self.model.dockerfile();
        let loc = df.location(span);
        self.out.push(Diagnostic {
            code: self.meta.code,
            name: self.meta.name,
            severity: self.severity,
            category: self.meta.category,
            message: message.into(),
            span,
            start: loc.start,
            end: loc.end,
            fix: None,
        });
        let last = self.out.len() - 1;
        &mut self.out[last]
    }

    /// Report a finding at `span` with a fix.
    pub fn report_with_fix(&mut self, span: Span, message: impl Into<String>, fix: Fix) {
        self.report(span, message).fix = Some(fix);
    }
}

/// The rules a linter can run.
pub struct Registry {
    rules: Vec<Box<dyn Rule>>,
}

impl Default for Registry {
    /// All built-in rules.
    fn default() -> Self {
        Registry::builtin()
    }
}

impl Registry {
    /// An empty registry.
    pub fn empty() -> Self {
        Registry { rules: Vec::new() }
    }

    /// All built-in rules, sorted by code.
    pub fn builtin() -> Self {
        let mut rules: Vec<Box<dyn Rule>> = Vec::new();
        rules.extend(images::rules());
        rules.extend(labels::rules());
        rules.extend(packages::rules());
        rules.extend(shell::rules());
        rules.push(Box::new(UnusedSuppression));
        rules.push(Box::new(InvalidDockerfile));
        rules.push(Box::new(EmptyContinuation));
        rules.sort_by_key(|r| r.meta().code);
        Registry { rules }
    }

    /// Add a rule (a third-party rule, for example). A rule with the same code
    /// replaces the earlier one.
    pub fn register(&mut self, rule: impl Rule + 'static) {
        let code = rule.meta().code;
        self.rules.retain(|r| r.meta().code != code);
        self.rules.push(Box::new(rule));
    }

    /// Every rule, in registration order (built-ins sorted by code).
    pub fn rules(&self) -> impl Iterator<Item = &dyn Rule> {
        self.rules.iter().map(|r| r.as_ref())
    }

    /// The rule with this code or name (codes in any case).
    pub fn get(&self, code_or_name: &str) -> Option<&dyn Rule> {
        let key = code_or_name.trim();
        self.rules()
            .find(|r| r.meta().code.eq_ignore_ascii_case(key) || r.meta().name == key)
    }
}
