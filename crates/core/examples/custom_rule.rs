//! A third-party rule, registered next to the built-in ones.
//!
//! `cargo run -p dockwright --example custom_rule`

use dockwright::declare_rule;
use dockwright::rules::{Registry, Rule, RuleContext, RuleMeta};
use dockwright::syntax::Body;
use dockwright::{Config, Linter};

declare_rule! {
    /// ## What it does
    /// Reports images pulled from Docker Hub in a company that mirrors them.
    ///
    /// ## Why
    /// Pulls from the mirror are faster and survive Docker Hub rate limits.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM mirror.example.com/library/debian:12
    /// ```
    pub struct UseMirror {
        code: "ACME001",
        name: "use-registry-mirror",
        category: BuildSpeed,
        severity: Info,
        fix: Always,
    }
}

impl Rule for UseMirror {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        for stage in ctx.model().stages() {
            let Some(image) = &stage.base.image else {
                continue;
            };
            if image.registry.is_none() && !stage.base.scratch {
                let from = &ctx.model().instructions()[stage.from];
                let Body::From(f) = &from.effective().body else {
                    continue;
                };
                let Some(word) = &f.image else { continue };
                let fix = dockwright::fix::Fix::safe(
                    "Pull through the mirror",
                    vec![dockwright::fix::Edit::insert(
                        word.span.start,
                        "mirror.example.com/library/",
                    )],
                );
                ctx.report_with_fix(word.span, "Pull Docker Hub images through the mirror", fix);
            }
        }
    }
}

fn main() {
    let mut registry = Registry::builtin();
    registry.register(UseMirror);
    let linter = Linter::with_registry(registry, Config::default());
    let result = linter.lint("FROM debian:12\nRUN echo hello\n");
    for d in &result.diagnostics {
        println!(
            "{}:{} {} {}",
            d.start.line, d.start.column, d.code, d.message
        );
    }
    assert!(result.diagnostics.iter().any(|d| d.code == "ACME001"));
}
