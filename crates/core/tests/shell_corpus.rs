//! Runs `parse_script` over the `RUN` instructions of the real Dockerfiles in
//! the shared corpus: no panic, every span in bounds and on char boundaries.
//! Prints a summary of the syntax problems found. Skips when the corpus is absent.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use dockwright::shell::parse_script;

/// `RUN` instructions in shell form, crudely: lines ending with `\` are
/// joined, comment lines inside them dropped, flags like `--mount=...`
/// skipped. Returns (offset of the script in the text, script).
fn run_scripts(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut offset = 0;
    let mut lines = text.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        let line_start = offset;
        offset += line.len();
        let trimmed = line.trim_start();
        let is_run = trimmed
            .get(..3)
            .is_some_and(|h| h.eq_ignore_ascii_case("RUN"))
            && trimmed[3..].starts_with([' ', '\t']);
        if !is_run {
            continue;
        }
        let mut rest = trimmed[3..].trim_start();
        while rest.starts_with("--") {
            let end = rest.find([' ', '\t']).unwrap_or(rest.len());
            rest = rest[end..].trim_start();
        }
        if rest.starts_with('[') || rest.starts_with("<<") {
            continue;
        }
        let start = line_start + (line.len() - rest.len());
        let mut script = String::new();
        let mut cur = rest;
        loop {
            let body = cur.trim_end_matches(['\n', '\r']);
            match body.trim_end().strip_suffix('\\') {
                Some(joined) => {
                    script.push_str(joined);
                    // Next non-comment line continues the instruction.
                    loop {
                        match lines.next() {
                            Some(l) => {
                                offset += l.len();
                                if l.trim_start().starts_with('#') || l.trim().is_empty() {
                                    continue;
                                }
                                cur = l;
                                break;
                            }
                            None => {
                                cur = "";
                                break;
                            }
                        }
                    }
                    if cur.is_empty() {
                        break;
                    }
                }
                None => {
                    script.push_str(body);
                    break;
                }
            }
        }
        out.push((start, script));
    }
    out
}

#[test]
fn real_run_scripts_parse_without_panic() {
    let dir = std::env::var_os("SHELL_CORPUS_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/real"),
        PathBuf::from,
    );
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("skipping: ../shared corpus not found at {}", dir.display());
        return;
    };
    let mut scripts = Vec::new();
    for e in entries.flatten() {
        let path = e.path();
        if path.extension().and_then(|x| x.to_str()) != Some("Dockerfile") {
            continue;
        }
        if let Ok(text) = std::fs::read_to_string(&path) {
            for (start, s) in run_scripts(&text) {
                scripts.push((
                    path.file_name()
                        .map(|f| f.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    start,
                    s,
                ));
            }
        }
    }
    let bytes: usize = scripts.iter().map(|(_, _, s)| s.len()).sum();
    let t = Instant::now();
    let mut with_problems = 0usize;
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut commands = 0usize;
    let mut examples = Vec::new();
    for (file, base, s) in &scripts {
        let script = parse_script(s, *base);
        commands += script.commands.len();
        let total = base + s.len();
        for span in script.all_spans() {
            assert!(
                span.start <= span.end && span.end <= total && span.start >= *base,
                "{file}: span {span:?} out of bounds"
            );
            assert!(
                s.is_char_boundary(span.start - base) && s.is_char_boundary(span.end - base),
                "{file}: span {span:?} not on a char boundary"
            );
        }
        if !script.problems.is_empty() {
            with_problems += 1;
            let mut seen = std::collections::BTreeSet::new();
            for p in &script.problems {
                let k = p.kind.to_string();
                if seen.insert(k.clone()) {
                    *kinds.entry(k).or_default() += 1;
                }
            }
            if examples.len() < 400 {
                let p = &script.problems[0];
                let at = p.span.start - base;
                let ctx: String = s
                    .get(at.saturating_sub(40)..)
                    .unwrap_or("")
                    .chars()
                    .take(100)
                    .collect();
                examples.push(format!("{file}: {}: …{ctx}…", p.kind));
            }
        }
    }
    let el = t.elapsed();
    println!(
        "shell corpus: {} scripts ({} bytes, {} simple commands) in {:?} ({:.1} MB/s); {} with syntax problems",
        scripts.len(),
        bytes,
        commands,
        el,
        bytes as f64 / el.as_secs_f64().max(1e-9) / 1e6,
        with_problems
    );
    for (k, v) in &kinds {
        println!("  {v:6} scripts: {k}");
    }
    if std::env::var_os("SHELL_CORPUS_EXAMPLES").is_some() {
        for e in &examples {
            println!("  {e}");
        }
    }
}
