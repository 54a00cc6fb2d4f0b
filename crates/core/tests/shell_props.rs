//! Property tests: `parse_script` never panics, and every span it returns
//! lies inside the parsed text, on char boundaries.

use dockwright::shell::{parse_script, Node, Script};
use proptest::prelude::*;

const SAMPLES: &[&str] = &[
    "apt-get update && apt-get install -y --no-install-recommends curl=7.88 ca-certificates && rm -rf /var/lib/apt/lists/*",
    "set -eux; ARCH=\"$(dpkg --print-architecture)\"; case \"$ARCH\" in amd64) A=x64;; arm64|aarch64) A=arm64;; *) echo \"bad $ARCH\" >&2; exit 1;; esac",
    "curl -fsSL https://example.invalid/install.sh | sudo -E bash - && pip install --no-cache-dir -r requirements.txt",
    "if [ -f /etc/alpine-release ]; then apk add --no-cache --virtual .build-deps gcc musl-dev; else yum install -y gcc && yum clean all; fi",
    "for f in $(ls /opt/*.tar.gz); do tar -xzf \"$f\" -C /opt; done; while read -r l; do echo \"${l%%#*}\"; done < /etc/list",
    "cat <<'EOF' > /etc/app.conf\nkey=${VALUE:-default}\n`not run`\nEOF\nbash -c 'echo \"$((1 + 2))\"' 2>&1 | tee /log",
    "f() { { echo a; echo b; } > /x; }; (cd /src && make -j\"$(nproc)\") || exit 1; echo $'a\\tb' `date +%s` ${#ARR[@]}",
    "su app -c \"npm ci && npm cache clean --force\" ; [[ -n $X && ( $Y == z ) ]] && echo ok <<< \"$(id -u)\"",
];

fn check(src: &str, base: usize) -> Result<Script, TestCaseError> {
    let script = parse_script(src, base);
    for span in script.all_spans() {
        prop_assert!(span.start <= span.end, "reversed span {:?}", span);
        prop_assert!(
            span.start >= base && span.end <= base + src.len(),
            "span {:?} outside {}..{}",
            span,
            base,
            base + src.len()
        );
        prop_assert!(
            src.is_char_boundary(span.start - base) && src.is_char_boundary(span.end - base),
            "span {:?} splits a char",
            span
        );
    }
    for (i, c) in script.commands.iter().enumerate() {
        prop_assert_eq!(c.id, i);
    }
    fn ids_ok(script: &Script, list: &dockwright::shell::List) -> bool {
        list.items.iter().all(|i| {
            i.pipelines().all(|p| {
                p.commands.iter().all(|n| match n {
                    Node::Simple(id) => *id < script.commands.len(),
                    _ => true,
                })
            })
        })
    }
    prop_assert!(ids_ok(&script, &script.body));
    Ok(script)
}

/// Strings biased towards shell syntax characters.
fn shellish() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "'", "\"", "`", "$", "$(", "${", "$((", "))", "(", ")", "{", "}", "[[", "]]", ";", ";;",
        "&", "&&", "|", "||", "<", ">", "<<", "<<-", "<<<", "EOF", "\n", "\\", "\\\n", " ", "\t",
        "#", "if", "then", "fi", "else", "elif", "for", "in", "do", "done", "while", "case",
        "esac", "!", "=", "a", "x=1", "-c", "sh", "é", "日", "\r\n", "*", "2>&1",
    ]);
    prop::collection::vec(atoms, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn never_panics_on_arbitrary_strings(src in any::<String>(), base in 0usize..1000) {
        check(&src, base)?;
    }

    #[test]
    fn never_panics_on_shellish_strings(src in shellish(), base in 0usize..10) {
        check(&src, base)?;
    }

    #[test]
    fn never_panics_on_mutated_scripts(
        idx in 0..SAMPLES.len(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, shellish()), 1..6),
    ) {
        let mut src = SAMPLES[idx].to_string();
        for (at, kind, text) in edits {
            let mut pos = at.index(src.len() + 1);
            while !src.is_char_boundary(pos) {
                pos -= 1;
            }
            match kind {
                0 => src.insert_str(pos, &text),
                1 => {
                    let mut end = (pos + text.len().max(1)).min(src.len());
                    while !src.is_char_boundary(end) {
                        end += 1;
                    }
                    src.replace_range(pos..end, "");
                }
                _ => {
                    let mut end = (pos + 3).min(src.len());
                    while !src.is_char_boundary(end) {
                        end += 1;
                    }
                    src.replace_range(pos..end, &text);
                }
            }
        }
        check(&src, 7)?;
    }
}

#[test]
fn realistic_samples_parse_cleanly() {
    for s in SAMPLES {
        let script = parse_script(s, 0);
        assert!(script.problems.is_empty(), "{s}: {:?}", script.problems);
    }
}

#[test]
fn pathological_inputs_stay_linear() {
    // Each pattern repeated to ~200 KB must parse quickly (no quadratic rescans).
    let patterns = [
        "((a) ",
        "$(",
        "`",
        "\"$(",
        "${a:-",
        "a && ",
        "a | ",
        "<<EOF ",
        "<<EOF\n",
        "if a; then ",
        "case x in a) ",
        "f() ",
        "x=( ",
        "'",
        "$((",
        "(( ",
        "for x in ",
        "echo \\\n",
        "{ ",
        "}",
        ")",
        "fi ",
        ";; ",
        "sh -c 'sh -c ",
    ];
    for p in patterns {
        let src = p.repeat(200_000 / p.len());
        let t = std::time::Instant::now();
        let s = parse_script(&src, 0);
        let el = t.elapsed();
        assert!(el.as_secs_f64() < 2.0, "{p:?}: {el:?}");
        drop(s);
    }
}

proptest! {
    #[test]
    fn mapped_parse_stays_inside_the_map(src in shellish(), start in 0usize..100, stretch in 1usize..4) {
        let offsets: Vec<usize> = (0..=src.len()).map(|i| start + i * stretch).collect();
        let script = dockwright::shell::parse_script_mapped(&src, &offsets);
        let hi = start + src.len() * stretch;
        for span in script.all_spans() {
            prop_assert!(span.start >= start && span.start <= span.end && span.end <= hi, "{:?}", span);
        }
    }
}
