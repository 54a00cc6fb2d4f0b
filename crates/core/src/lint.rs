//! The linter: parse, build the model, run the enabled rules, apply suppressions,
//! and return the findings sorted by position.

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{self, Applicability};
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

/// What fixing one file produced.
#[derive(Debug, Clone)]
pub struct FixResult {
    /// The fixed text (the input when nothing applied).
    pub text: String,
    /// How many fixes were applied, over all rounds.
    pub applied: usize,
    /// The findings that remain in the fixed text.
    pub remaining: LintResult,
}

/// Rounds of fixing before giving up on fixes that keep producing new ones.
const MAX_FIX_ROUNDS: usize = 10;

impl Linter {
    /// Lint `src` and apply every fix at least as safe as `min`, linting again until
    /// nothing is left to apply (fixes that overlap wait for the next round).
    pub fn fix(&self, src: &str, min: Applicability) -> FixResult {
        let mut text = src.to_string();
        let mut applied = 0;
        let mut result = self.lint(&text);
        for _ in 0..MAX_FIX_ROUNDS {
            let fixes = result
                .diagnostics
                .iter()
                .filter_map(|d| d.fix.as_ref())
                .filter(|f| f.applicability >= min);
            let out = fix::apply(&text, fixes, min);
            if out.applied == 0 || out.text == text {
                break;
            }
            applied += out.applied;
            text = out.text;
            result = self.lint(&text);
        }
        FixResult {
            text,
            applied,
            remaining: result,
        }
    }

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
        for span in suppress::detached(model, suppressions) {
            ctx.report(
                span,
                "Unused suppression: this pragma applies to no instruction (it must be on the \
                 line directly above one; a stage pragma directly above a `FROM`)",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unused_lines(src: &str) -> Vec<usize> {
        Linter::default()
            .lint(src)
            .diagnostics
            .iter()
            .filter(|d| d.code == "DW0001")
            .map(|d| d.line())
            .collect()
    }

    #[test]
    fn pragmas_that_apply_to_no_instruction_are_unused() {
        // A blank line between the pragma and the RUN: it silences nothing.
        let src = "FROM debian:12\n# hadolint ignore=DL3003\n\nRUN cd /x && make\n";
        assert_eq!(unused_lines(src), vec![2]);
        let r = Linter::default().lint(src);
        assert!(r.diagnostics.iter().any(|d| d.code == "DL3003"));
        // A stage pragma above something else than a FROM; one at the end of the file.
        let src = "FROM debian:12\n# hadolint stage ignore=DL3003\nRUN cd /x && make\n# dockwright: ignore[DL3059]\n";
        assert_eq!(unused_lines(src), vec![2, 4]);
        // Attached pragmas that silence something, and file-wide ones anywhere, are fine.
        let src = "FROM debian:12\n# hadolint ignore=DL3003\nRUN cd /x && make\n\n# hadolint global ignore=DL3003\n\nRUN cd /y && make\n";
        assert!(unused_lines(src).is_empty(), "{:?}", unused_lines(src));
    }

    #[test]
    fn fix_applies_safe_fixes_until_settled_and_reports_what_remains() {
        let linter = Linter::default();
        let src =
            "FROM debian:12\nMAINTAINER Jane <jane@example.com>\nRUN wget https://example.com/x\n";
        let r = linter.fix(src, Applicability::Safe);
        assert_eq!(r.applied, 2);
        assert!(r.text.contains("LABEL maintainer="));
        assert!(r.text.contains("wget -nv https://example.com/x"));
        assert!(!r
            .remaining
            .diagnostics
            .iter()
            .any(|d| d.code == "DL4000" || d.code == "DL3047"));
        // Fixing again changes nothing.
        let again = linter.fix(&r.text, Applicability::Safe);
        assert_eq!((again.applied, again.text.as_str()), (0, r.text.as_str()));
        // Unsafe fixes are left alone unless asked for.
        let src = "FROM debian:12\nCMD app --serve\n";
        assert_eq!(linter.fix(src, Applicability::Safe).applied, 0);
        let r = linter.fix(src, Applicability::Unsafe);
        assert!(r.text.contains("CMD [\"app\", \"--serve\"]"), "{}", r.text);
    }
}
