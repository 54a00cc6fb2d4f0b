//! Lint every real Dockerfile of `../shared/corpus/real`: no panic, findings inside
//! the file, and fixes that behave: applying every fix (safe and unsafe) keeps the
//! file parseable by BuildKit when it was, adds no findings, and a second round
//! changes nothing (idempotent).

mod common;

use std::collections::BTreeMap;

use dockwright::fix::{self, Applicability};
use dockwright::Linter;

fn counts(diags: &[dockwright::Diagnostic]) -> BTreeMap<&'static str, usize> {
    let mut m = BTreeMap::new();
    for d in diags {
        *m.entry(d.code).or_insert(0) += 1;
    }
    m
}

#[test]
fn every_real_dockerfile_lints_and_fixes_cleanly() {
    let Some(files) = common::real_corpus() else {
        return;
    };
    let linter = Linter::default();
    let (mut findings, mut fixed_files, mut fixes_applied) = (0usize, 0usize, 0usize);
    for (path, src) in &files {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| linter.lint(src)))
            .unwrap_or_else(|_| panic!("linter panicked on {}", path.display()));
        findings += result.diagnostics.len();
        for d in &result.diagnostics {
            assert!(
                d.span.start <= d.span.end && d.span.end <= src.len(),
                "{}: span out of range: {d:?}",
                path.display()
            );
            assert!(
                d.start.line >= 1 && d.start <= d.end,
                "{}: {d:?}",
                path.display()
            );
        }
        let fixes: Vec<&fix::Fix> = result
            .diagnostics
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .collect();
        if fixes.is_empty() {
            continue;
        }
        // Apply until nothing changes (overlapping fixes need several rounds).
        let mut text = src.clone();
        let mut rounds = 0;
        loop {
            let r = linter.lint(&text);
            let fixes: Vec<&fix::Fix> = r
                .diagnostics
                .iter()
                .filter_map(|d| d.fix.as_ref())
                .collect();
            if fixes.is_empty() || rounds == 5 {
                break;
            }
            let out = fix::apply(&text, fixes, Applicability::Unsafe);
            if out.text == text {
                break;
            }
            fixes_applied += out.applied;
            text = out.text;
            rounds += 1;
        }
        assert!(rounds < 5, "{}: fixes did not settle", path.display());
        fixed_files += 1;
        let before = linter.lint(src);
        let after = linter.lint(&text);
        if before.dockerfile.buildkit_error().is_none() {
            assert!(
                after.dockerfile.buildkit_error().is_none(),
                "{}: fixes broke the file: {:?}\n{text}",
                path.display(),
                after.dockerfile.buildkit_error()
            );
        }
        let (b, a) = (counts(&before.diagnostics), counts(&after.diagnostics));
        for (code, n) in &a {
            assert!(
                *n <= b.get(code).copied().unwrap_or(0),
                "{}: fixes added {code} findings ({} -> {n})\n{text}",
                path.display(),
                b.get(code).copied().unwrap_or(0)
            );
        }
    }
    eprintln!(
        "corpus lint: {} files, {findings} findings; fixes applied in {fixed_files} files ({fixes_applied} fixes)",
        files.len()
    );
}
