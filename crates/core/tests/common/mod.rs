//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

use dockwright::syntax::Dockerfile;

/// `../shared/corpus/<sub>` next to the repository, when it is there.
pub fn shared_dir(sub: &str) -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared")
        .join(sub);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipping: ../shared corpus not found at {} (clone the project beside shared/ to run this)",
            dir.display()
        );
        None
    }
}

/// The real Dockerfiles of the corpus, sorted by name, decoded lossily.
pub fn real_corpus() -> Option<Vec<(PathBuf, String)>> {
    let dir = shared_dir("corpus/real")?;
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "Dockerfile"))
        .collect();
    paths.sort();
    Some(
        paths
            .into_iter()
            .filter_map(|p| {
                let b = std::fs::read(&p).ok()?;
                Some((p, String::from_utf8_lossy(&b).into_owned()))
            })
            .collect(),
    )
}

/// Check every structural invariant of a parse result.
pub fn check(src: &str, df: &Dockerfile) {
    assert_eq!(df.print(), src, "round-trip");
    let mut at = 0;
    for t in df.tokens() {
        assert_eq!(t.span.start, at, "tokens are contiguous");
        assert!(t.span.end > t.span.start, "no empty tokens");
        assert!(src.is_char_boundary(t.span.start) && src.is_char_boundary(t.span.end));
        at = t.span.end;
    }
    assert_eq!(at, src.len(), "tokens cover the input");
    let mut at = if df.has_bom() { 3 } else { 0 };
    for n in df.nodes() {
        let s = n.span();
        assert!(s.start >= at, "nodes in order");
        assert!(src.is_char_boundary(s.start) && src.is_char_boundary(s.end));
        at = s.end.max(at);
    }
    for i in df.instructions() {
        for span in [i.span, i.keyword.span] {
            assert!(span.end <= src.len() && span.start <= span.end);
            assert!(src.is_char_boundary(span.start) && src.is_char_boundary(span.end));
        }
        for f in &i.flags {
            assert!(src.is_char_boundary(f.span.start) && src.is_char_boundary(f.span.end));
        }
        assert!(i.start_line <= i.end_line);
        let _ = df.location(i.span);
    }
    for d in df.diagnostics() {
        assert!(d.span.end <= src.len());
    }
    let _ = dockwright::syntax::buildkit::buildkit_view(df);
    let _ = dockwright::syntax::buildkit::dump(df);
}
