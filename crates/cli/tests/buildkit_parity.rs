//! `dockwright parse --format buildkit` against BuildKit's own parser
//! (`../shared/peers/parse-peer.py`) on every file of `../shared/corpus/real`.
//!
//! Passes when at least 99.5% of the files give the same JSON (error messages aside)
//! and every file that differs is listed, with its reason, in
//! `tests/parse-differences.md`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn shared() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let peer = dir.join("peers/parse-peer.py");
    let venv = std::env::var_os("PEERS_DIR")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/dockwright-peers"))
        })
        .map(|p| p.join("venv/bin/python"));
    if !peer.is_file() || !dir.join("corpus/real").is_dir() {
        eprintln!("skipping: ../shared (corpus and peers) not found beside the repository");
        return None;
    }
    if !venv.is_some_and(|v| v.is_file()) {
        eprintln!(
            "skipping: BuildKit peer parser not installed (run bash ../shared/peers/setup.sh)"
        );
        return None;
    }
    Some(dir)
}

/// One JSON line per file, keyed by file name; error texts replaced by a marker.
fn run(cmd: &mut Command) -> BTreeMap<String, Value> {
    let out = cmd.output().expect("run parser");
    assert!(
        out.status.success() || !out.stdout.is_empty(),
        "parser failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .map(|mut v| {
            if let Some(o) = v.as_object_mut() {
                if o.contains_key("error") {
                    o.insert("error".into(), Value::Bool(true));
                }
            }
            let name = v["file"]
                .as_str()
                .and_then(|f| Path::new(f).file_name())
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            (name, v)
        })
        .collect()
}

#[test]
fn buildkit_format_matches_buildkit_on_the_real_corpus() {
    let Some(shared) = shared() else { return };
    let corpus = shared.join("corpus/real");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .expect("corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "Dockerfile"))
        .collect();
    files.sort();

    let peer = run(Command::new("python3")
        .arg(shared.join("peers/parse-peer.py"))
        .args(&files));
    let ours = run(Command::new(env!("CARGO_BIN_EXE_dockwright"))
        .args(["parse", "--format", "buildkit"])
        .args(&files));
    assert_eq!(peer.len(), files.len(), "peer answered for every file");
    assert_eq!(ours.len(), files.len(), "we answered for every file");

    let documented = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/parse-differences.md"),
    )
    .expect("tests/parse-differences.md");
    let mut differing = Vec::new();
    for (name, p) in &peer {
        if ours.get(name) != Some(p) {
            differing.push(name.clone());
        }
    }
    let same = peer.len() - differing.len();
    let share = same as f64 / peer.len() as f64 * 100.0;
    eprintln!(
        "buildkit parity: {same}/{} files identical ({share:.3}%); differing: {differing:?}",
        peer.len()
    );
    let undocumented: Vec<&String> = differing
        .iter()
        .filter(|d| !documented.contains(d.as_str()))
        .collect();
    assert!(
        undocumented.is_empty(),
        "differences not explained in tests/parse-differences.md: {undocumented:?}"
    );
    assert!(share >= 99.5, "only {share:.3}% identical");
}
