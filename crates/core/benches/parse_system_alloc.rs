//! `cargo bench -p dockwright --bench parse_system_alloc`: the same as `parse`, with
//! the system allocator (what an embedding program gets by default).

use criterion::{criterion_group, criterion_main, Criterion};

include!("common/corpus.rs");

fn bench(c: &mut Criterion) {
    bench_corpus(c, "parse-system-alloc");
}

criterion_group!(benches, bench);
criterion_main!(benches);
