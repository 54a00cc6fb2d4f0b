//! `cargo bench -p dockwright --bench parse`: parse the whole real corpus, one thread,
//! with mimalloc, the allocator the `dockwright` binary ships with.

use criterion::{criterion_group, criterion_main, Criterion};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

include!("common/corpus.rs");

fn bench(c: &mut Criterion) {
    bench_corpus(c, "parse");
}

criterion_group!(benches, bench);
criterion_main!(benches);
