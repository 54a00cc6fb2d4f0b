//! Properties of the parser on any input: it never panics, the tokens tile the
//! input exactly (so printing gives the input back), nodes tile it too, and every
//! span lies on character boundaries.

mod common;

use common::check;
use dockwright::syntax::parse;
use proptest::prelude::*;

fn dockerfile_like() -> impl Strategy<Value = String> {
    let pieces = prop::collection::vec(
        prop_oneof![
            Just("FROM ".to_string()),
            Just("RUN ".to_string()),
            Just("COPY ".to_string()),
            Just("ENV ".to_string()),
            Just("ONBUILD ".to_string()),
            Just("HEALTHCHECK ".to_string()),
            Just("# escape=`\n".to_string()),
            Just("\\\n".to_string()),
            Just("`\n".to_string()),
            Just("<<EOF".to_string()),
            Just("<<-'E'".to_string()),
            Just("\nEOF\n".to_string()),
            Just("\r\n".to_string()),
            Just("\n".to_string()),
            Just("\t".to_string()),
            Just(" ".to_string()),
            Just("--mount=type=cache,target=/x ".to_string()),
            Just("[\"a\", \"b\"]".to_string()),
            Just("[1, {\"x\": [".to_string()),
            Just("\"".to_string()),
            Just("'".to_string()),
            Just("=".to_string()),
            Just("${A:-b}".to_string()),
            Just("é中🐳".to_string()),
            Just("\u{feff}".to_string()),
            Just("\u{a0}\u{85}".to_string()),
            "[a-z]{1,6}",
        ],
        0..40,
    );
    pieces.prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_strings(src in any::<String>()) {
        check(&src, &parse(&src));
    }

    #[test]
    fn dockerfile_shaped_strings(src in dockerfile_like()) {
        check(&src, &parse(&src));
    }
}

fn corpus_sample() -> &'static [String] {
    static SAMPLE: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    SAMPLE.get_or_init(load_sample)
}

fn load_sample() -> Vec<String> {
    let Some(files) = common::real_corpus() else {
        return vec![
            "FROM debian:12 AS base\nRUN apt-get update \\\n && apt-get install -y curl\nCOPY <<EOF /x\nhi\nEOF\n".to_string(),
            "# escape=`\nFROM mcr.microsoft.com/windows\nRUN dir `\n  c:\\\n".to_string(),
        ];
    };
    files.into_iter().step_by(37).map(|(_, s)| s).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    /// Real files with bytes deleted, duplicated or replaced.
    #[test]
    fn mutated_real_dockerfiles(
        pick in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..4, any::<char>()), 1..12),
    ) {
        let files = corpus_sample();
        let mut chars: Vec<char> = files[pick.index(files.len())].chars().collect();
        for (at, op, c) in edits {
            if chars.is_empty() { chars.push(c); continue; }
            let i = at.index(chars.len());
            match op {
                0 => { chars.remove(i); }
                1 => { let d = chars[i]; chars.insert(i, d); }
                2 => chars[i] = c,
                _ => chars.insert(i, ['\\', '\n', '`', '"', '<'][i % 5]),
            }
        }
        let src: String = chars.into_iter().collect();
        check(&src, &parse(&src));
    }
}

#[test]
fn deeply_nested_and_huge_inputs_do_not_overflow() {
    let onbuild = format!("{}RUN x\n", "ONBUILD ".repeat(50_000));
    check(&onbuild, &parse(&onbuild));
    let json = format!("CMD [{}\n", "[".repeat(100_000));
    check(&json, &parse(&json));
    let heredocs = format!("RUN {}\n", "<<A ".repeat(5_000));
    check(&heredocs, &parse(&heredocs));
    let continuation = format!("RUN a{}\n", " \\\n".repeat(100_000));
    check(&continuation, &parse(&continuation));
}
