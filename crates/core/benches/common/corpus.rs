// Shared body of the `parse` benchmarks (included by each bench target, which choose
// the global allocator): parse every Dockerfile of `../shared/corpus/real`, one thread.

use std::path::PathBuf;

use criterion::Throughput;

fn corpus() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/real");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipping: ../shared corpus not found at {}", dir.display());
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "Dockerfile"))
        .collect();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .collect()
}

fn bench_corpus(c: &mut Criterion, name: &str) {
    let files = corpus();
    if files.is_empty() {
        return;
    }
    let bytes: usize = files.iter().map(|f| f.len()).sum();
    let mut g = c.benchmark_group(name);
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function(format!("real-corpus/{}-files", files.len()), |b| {
        b.iter(|| {
            let mut n = 0usize;
            for f in &files {
                n += dockwright::parse(std::hint::black_box(f)).nodes().len();
            }
            n
        })
    });
    g.finish();
}
