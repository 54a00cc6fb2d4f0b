//! The linter: parse, build the model, run the enabled rules, apply suppressions,
//! and return the findings sorted by position.

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Registry, RuleContext, UnusedSuppression};
use crate::semantic::Model;
use crate::suppress::{self, Suppression};
use crate::syntax::{self, Dockerfile};

/// Runs rules over Dockerfiles.
pub struct Linter {
    registry: Registry,
    config: Config,
}

impl Default for Linter {
    /// All built-in rules with the default configuration.
    fn default() -> Self {
        Linter::new(Config::default())
    }
}

/// What linting one file produced.
#[derive(Debug, Clone)]
pub struct LintResult {
    /// The parsed file.
    pub dockerfile: Dockerfile,
    /// The findings, sorted by position, then code.
    pub diagnostics: Vec<Diagnostic>,
}

impl LintResult {
    /// Whether a finding reaches the configured failure threshold.
    pub fn fails(&self, config: &Config) -> bool {
        self.diagnostics
            .iter()
            .any(|d| config.failure_threshold.fails(d.severity))
    }

    /// The most serious severity found.
    pub fn max_severity(&self) -> Option<Severity> {
        self.diagnostics.iter().map(|d| d.severity).max()
    }
}

impl Linter {
    /// All built-in rules with `config`.
    pub fn new(config: Config) -> Linter {
        Linter {
            registry: Registry::builtin(),
            config,
        }
    }

    /// A linter with a given registry (for example with third-party rules).
    pub fn with_registry(registry: Registry, config: Config) -> Linter {
        Linter { registry, config }
    }

    /// The rules.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// The rules, to register more.
    pub fn registry_mut(&mut self) -> &mut Registry {
        &mut self.registry
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Parse and lint `src`.
    pub fn lint(&self, src: &str) -> LintResult {
        let dockerfile = syntax::parse(src);
        let diagnostics = self.lint_dockerfile(&dockerfile);
        LintResult {
            dockerfile,
            diagnostics,
        }
    }

    /// Lint an already parsed file.
    pub fn lint_dockerfile(&self, df: &Dockerfile) -> Vec<Diagnostic> {
        let model = Model::new(df, &self.config.build_args);
        let mut found = Vec::new();
        for rule in self.registry.rules() {
            let meta = rule.meta();
            if meta.code == UnusedSuppression::META.code {
                continue;
            }
            let Some(severity) = self.config.rule_severity(meta) else {
                continue;
            };
            let mut ctx = RuleContext::new(&model, &self.config, meta, severity, &mut found);
            rule.check(&mut ctx);
        }
        let mut out = if self.config.disable_ignore_pragma {
            found
        } else {
            let suppressions = suppress::collect(&model);
            let mut used: Vec<Vec<bool>> = suppressions
                .iter()
                .map(|s| vec![false; s.codes.len()])
                .collect();
            let kept: Vec<Diagnostic> = found
                .into_iter()
                .filter(|d| {
                    let buildkit = self.registry.get(d.code).and_then(|r| r.meta().buildkit);
                    let mut hit = false;
                    for (i, s) in suppressions.iter().enumerate() {
                        if let Some(j) = s.covers(d.code, d.name, buildkit, d.span.start) {
                            used[i][j] = true;
                            hit = true;
                        }
                    }
                    !hit
                })
                .collect();
            let mut kept = kept;
            self.report_unused(&model, &suppressions, &used, &mut kept);
            kept
        };
        out.sort_by(|a, b| {
            (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code))
        });
        out.dedup_by(|a, b| a.code == b.code && a.span == b.span && a.message == b.message);
        out
    }

    /// Report suppression entries that silenced nothing (rule DW0001), for codes of
    /// rules that ran.
    fn report_unused(
        &self,
        model: &Model<'_>,
        suppressions: &[Suppression],
        used: &[Vec<bool>],
        out: &mut Vec<Diagnostic>,
    ) {
        let meta = &UnusedSuppression::META;
        let Some(severity) = self.config.rule_severity(meta) else {
            return;
        };
        let mut ctx = RuleContext::new(model, &self.config, meta, severity, out);
        for (s, used) in suppressions.iter().zip(used) {
            for (c, was_used) in s.codes.iter().zip(used) {
                if *was_used || c.code.eq_ignore_ascii_case("all") {
                    continue;
                }
                let rule = self.registry.rules().find(|r| {
                    let m = r.meta();
                    match s.pragma {
                        suppress::Pragma::BuildkitCheck => {
                            m.buildkit.is_some_and(|b| b.eq_ignore_ascii_case(&c.code))
                        }
                        _ => m.code.eq_ignore_ascii_case(&c.code) || m.name == c.code,
                    }
                });
                let Some(rule) = rule else { continue };
                if self.config.rule_severity(rule.meta()).is_none() {
                    continue;
                }
                ctx.report(
                    c.span,
                    format!("Unused suppression: {} reported nothing here", c.code),
                );
            }
        }
    }
}
