//! Every real Dockerfile of `../shared/corpus/real` parses without panic, prints back
//! byte for byte, and keeps every structural invariant.

mod common;

#[test]
fn every_real_dockerfile_round_trips() {
    let Some(files) = common::real_corpus() else {
        return;
    };
    assert!(
        files.len() > 1000,
        "corpus looks incomplete: {} files",
        files.len()
    );
    let mut refused = 0;
    let mut bytes = 0;
    for (path, src) in &files {
        let df = std::panic::catch_unwind(|| dockwright::parse(src))
            .unwrap_or_else(|_| panic!("parser panicked on {}", path.display()));
        common::check(src, &df);
        bytes += src.len();
        refused += usize::from(df.buildkit_error().is_some());
    }
    eprintln!(
        "corpus: {} files, {} bytes, all round-trip; BuildKit refuses {refused}",
        files.len(),
        bytes
    );
}
