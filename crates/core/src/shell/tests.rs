//! Unit tests of the shell parser, one group per construct.

use super::*;

/// Text under `span` in `src` parsed at offset `base`.
fn at(src: &str, base: usize, span: Span) -> &str {
    &src[span.start - base..span.end - base]
}

fn names(s: &Script) -> Vec<String> {
    s.commands
        .iter()
        .map(|c| c.name_word().map(Word::lossy).unwrap_or_default())
        .collect()
}

fn args(c: &Command) -> Vec<String> {
    c.args().iter().map(Word::lossy).collect()
}

fn kinds(s: &Script) -> Vec<ProblemKind> {
    s.problems.iter().map(|p| p.kind).collect()
}

// ----- lists and pipelines ----------------------------------------------

#[test]
fn operators_split_commands_and_record_positions() {
    let src = "a 1 && b 2 || c; d & e | f |& g\nh";
    let s = parse_script(src, 0);
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    assert_eq!(names(&s), ["a", "b", "c", "d", "e", "f", "g", "h"]);
    let c = &s.commands;
    assert_eq!(c[0].position.op_after, Some(AndOrOp::And));
    assert_eq!(c[1].position.op_before, Some(AndOrOp::And));
    assert_eq!(c[1].position.op_after, Some(AndOrOp::Or));
    assert_eq!(c[2].position.op_before, Some(AndOrOp::Or));
    assert!(c[3].position.background);
    assert!(!c[4].position.background);
    assert_eq!(
        (c[5].position.pipeline_index, c[5].position.pipeline_len),
        (1, 3)
    );
    assert_eq!(c[5].position.pipe_from, Some(4));
    assert_eq!(c[5].position.pipe_to, Some(6));
    assert_eq!(s.body.items.len(), 4);
    let seps: Vec<_> = s.body.items.iter().map(|i| i.separator).collect();
    assert_eq!(
        seps,
        [
            Some(Separator::Semicolon),
            Some(Separator::Background),
            Some(Separator::Newline),
            None
        ]
    );
    assert_eq!(at(src, 0, s.body.items[0].span), "a 1 && b 2 || c");
    assert_eq!(at(src, 0, c[1].span), "b 2");
}

#[test]
fn spans_are_offset_by_base() {
    let src = "echo  hi";
    let s = parse_script(src, 100);
    let c = &s.commands[0];
    assert_eq!(c.span, Span::new(100, 108));
    assert_eq!(c.words[1].span(), Span::new(106, 108));
    assert_eq!(s.span, Span::new(100, 108));
}

#[test]
fn negation_and_newline_after_operator() {
    let s = parse_script("! grep -q x f &&\n  echo no |\n  cat", 0);
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    assert!(s.commands[0].position.negated);
    assert_eq!(names(&s), ["grep", "echo", "cat"]);
    assert_eq!(s.commands[2].position.pipe_from, Some(1));
}

#[test]
fn comments_and_continuations() {
    let src = "echo a # not this && rm -rf /\necho b \\\n  c";
    let s = parse_script(src, 0);
    assert_eq!(names(&s), ["echo", "echo"]);
    assert_eq!(args(&s.commands[0]), ["a"]);
    assert_eq!(args(&s.commands[1]), ["b", "c"]);
    // `#` inside a word is literal.
    let s = parse_script("echo a#b", 0);
    assert_eq!(args(&s.commands[0]), ["a#b"]);
}

// ----- compound commands --------------------------------------------------

#[test]
fn subshell_and_group() {
    let src = "(cd /x && make) ; { echo a; echo b; } > out";
    let s = parse_script(src, 0);
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    assert_eq!(s.commands[0].position.enclosing, [Context::Subshell]);
    assert_eq!(s.commands[2].position.enclosing, [Context::Group]);
    let Node::Compound(g) = &s.body.items[1].first.commands[0] else {
        panic!()
    };
    assert!(matches!(g.kind, CompoundKind::Group(_)));
    assert_eq!(g.redirects.len(), 1);
    assert_eq!(at(src, 0, g.span), "{ echo a; echo b; } > out");
    assert_eq!(at(src, 0, g.redirects[0].span), "> out");
}

#[test]
fn if_elif_else() {
    let src = "if [ -f a ]; then x; elif test -d b\nthen y\nelse z; fi";
    let s = parse_script(src, 0);
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    assert_eq!(names(&s), ["[", "x", "test", "y", "z"]);
    let ctx: Vec<_> = s
        .commands
        .iter()
        .map(|c| c.position.enclosing.clone())
        .collect();
    assert_eq!(ctx[0], [Context::IfCondition]);
    assert_eq!(ctx[1], [Context::IfBody]);
    assert_eq!(ctx[2], [Context::IfCondition]);
    assert_eq!(ctx[4], [Context::ElseBody]);
    let Node::Compound(c) = &s.body.items[0].first.commands[0] else {
        panic!()
    };
    let CompoundKind::If {
        branches,
        else_body,
    } = &c.kind
    else {
        panic!()
    };
    assert_eq!(branches.len(), 2);
    assert!(else_body.is_some());
    assert_eq!(c.span, Span::new(0, src.len()));
}

#[test]
fn loops() {
    let s = parse_script("for f in a 'b c' $X; do echo $f; done; while read l; do :; done; until false; do break; done", 0);
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    let Node::Compound(c) = &s.body.items[0].first.commands[0] else {
        panic!()
    };
    let CompoundKind::For { var, words, .. } = &c.kind else {
        panic!()
    };
    assert_eq!(var, "f");
    let ws: Vec<_> = words.as_ref().unwrap().iter().map(Word::lossy).collect();
    assert_eq!(ws, ["a", "b c", "${X}"]);
    assert_eq!(s.commands[0].position.enclosing, [Context::LoopBody]);
    assert_eq!(s.commands[1].position.enclosing, [Context::LoopCondition]);
    let Node::Compound(u) = &s.body.items[2].first.commands[0] else {
        panic!()
    };
    assert!(matches!(u.kind, CompoundKind::While { until: true, .. }));
    let s = parse_script("for ((i=0; i<3; i++)); do echo $i; done", 0);
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    let Node::Compound(c) = &s.body.items[0].first.commands[0] else {
        panic!()
    };
    assert!(matches!(&c.kind, CompoundKind::ArithFor { header, .. } if header == "i=0; i<3; i++"));
}

#[test]
fn case_arms() {
    let src = "case \"$(uname -m)\" in\n  x86_64|amd64) A=x ;;\n  (arm*) echo arm;&\n  *) echo other\nesac";
    let s = parse_script(src, 0);
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    assert_eq!(names(&s), ["uname", "", "echo", "echo"]);
    let Node::Compound(c) = &s.body.items[0].first.commands[0] else {
        panic!()
    };
    let CompoundKind::Case { word, arms } = &c.kind else {
        panic!()
    };
    assert!(word.as_ref().is_some_and(|w| !w.is_static()));
    assert_eq!(arms.len(), 3);
    let pats: Vec<_> = arms[0].patterns.iter().map(Word::lossy).collect();
    assert_eq!(pats, ["x86_64", "amd64"]);
    assert_eq!(arms[0].terminator.as_deref(), Some(";;"));
    assert_eq!(arms[1].terminator.as_deref(), Some(";&"));
    assert_eq!(arms[2].terminator, None);
    assert_eq!(at(src, 0, arms[0].span), "x86_64|amd64) A=x ;;");
    assert_eq!(s.commands[2].position.enclosing, [Context::CaseArm]);
    // Assignment-only command in an arm.
    assert_eq!(s.commands[1].assignments[0].name, "A");
}

#[test]
fn functions() {
    let s = parse_script(
        "install_deps() {\n apt-get update\n}\nfunction cleanup { rm -rf /tmp/x; }; install_deps",
        0,
    );
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    assert_eq!(names(&s), ["apt-get", "rm", "install_deps"]);
    assert_eq!(
        s.commands[0].position.enclosing,
        [Context::Function("install_deps".into()), Context::Group]
    );
    let Node::Function(f) = &s.body.items[1].first.commands[0] else {
        panic!()
    };
    assert_eq!(f.name, "cleanup");
}

#[test]
fn arithmetic_command_and_expansion() {
    let s = parse_script("(( n = 1 + 2 )); echo $((n * 2)) $( (echo sub) )", 0);
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    let Node::Compound(c) = &s.body.items[0].first.commands[0] else {
        panic!()
    };
    assert!(matches!(&c.kind, CompoundKind::Arith { expr, .. } if expr == " n = 1 + 2 "));
    let w = &s.commands[0].words[1];
    assert!(matches!(&w.parts()[0], WordPart::Arith { expr, .. } if expr == "n * 2"));
    assert!(matches!(
        &s.commands[0].words[2].parts()[0],
        WordPart::CommandSubst { .. }
    ));
    assert_eq!(names(&s), ["echo", "echo"]);
    // Command substitutions inside arithmetic are parsed too.
    let src = "make -j$(( $(nproc) + 1 ))";
    let s = parse_script(src, 0);
    assert_eq!(names(&s), ["make", "nproc"]);
    assert_eq!(at(src, 0, s.commands[1].span), "nproc");
}

#[test]
fn double_paren_around_commands_is_two_subshells() {
    // dash reads `((` as two subshells; text that is no arithmetic expression (two
    // operands in a row) is read that way in every dialect.
    let s = parse_script("(( find /doc -type f ! -name c|xargs rm || true ))", 0);
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    assert_eq!(names(&s), ["find", "xargs", "true"]);
    // Arithmetic stays arithmetic.
    for src in [
        "(( i++ ))",
        "((x = y + 2))",
        "(( ${n} > 3 ))",
        "((a[1] == 0x1f))",
        "(( $(nproc) > 2 ))",
    ] {
        let s = parse_script(src, 0);
        assert!(
            matches!(&s.body.items[0].first.commands[0], Node::Compound(c) if matches!(c.kind, CompoundKind::Arith { .. })),
            "{src}"
        );
    }
}

#[test]
fn double_bracket_test_keeps_operators_as_words() {
    let s = parse_script("[[ -n $A && ( $B == x || -z $C ) ]] && echo ok", 0);
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    assert_eq!(names(&s), ["[[", "echo"]);
    assert_eq!(
        s.commands[0].words.last().and_then(Word::literal),
        Some("]]")
    );
}

// ----- words ------------------------------------------------------------------

#[test]
fn quoting_and_literal_values() {
    let src = r#"echo 'a b' "c $d" e\ f $'g\n\x41' "h\"i" ''"#;
    let s = parse_script(src, 0);
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    let w = &s.commands[0].words;
    assert_eq!(w[1].literal(), Some("a b"));
    assert_eq!(w[2].literal(), None);
    assert_eq!(w[2].lossy(), "c ${d}");
    assert_eq!(w[2].static_prefix(), "c ");
    assert_eq!(w[2].params(), ["d"]);
    assert_eq!(w[3].literal(), Some("e f"));
    assert_eq!(w[4].literal(), Some("g\nA"));
    assert_eq!(w[5].literal(), Some("h\"i"));
    assert_eq!(w[6].literal(), Some(""));
    assert_eq!(at(src, 0, w[4].span()), r"$'g\n\x41'");
    assert!(w[1].is_quoted() && !w[3].is_quoted());
}

#[test]
fn parameter_expansions() {
    let s = parse_script(
        r#"echo ${A:-"x y"} ${#B} ${C%%.*} $1 $@ ${D[0]} ${!E} $ ${F}"#,
        0,
    );
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    let p = |i: usize| match &s.commands[0].words[i].parts()[0] {
        WordPart::Param(p) => p.clone(),
        other => panic!("{other:?}"),
    };
    let a = p(1);
    assert_eq!((a.name.as_str(), a.op.as_deref()), ("A", Some(":-")));
    assert_eq!(a.arg.as_ref().and_then(Word::literal), Some("x y"));
    assert!(p(2).length);
    assert_eq!(p(3).op.as_deref(), Some("%%"));
    assert_eq!(p(4).name, "1");
    assert_eq!(p(5).name, "@");
    assert_eq!(p(6).name, "D[0]");
    assert!(p(7).indirect);
    assert_eq!(s.commands[0].words[8].literal(), Some("$"));
    assert!(p(9).braced);
}

#[test]
fn command_substitution_spans_are_absolute() {
    let src = "X=$(curl -fsSL https://e.x | sha256sum) cmd `id -u`";
    let base = 1000;
    let s = parse_script(src, base);
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    // Source order: the outer command comes first.
    assert_eq!(names(&s), ["cmd", "curl", "sha256sum", "id"]);
    assert_eq!(at(src, base, s.commands[1].span), "curl -fsSL https://e.x");
    assert_eq!(at(src, base, s.commands[3].span), "id -u");
    assert_eq!(
        s.commands[1].position.enclosing,
        [Context::Substitution { owner: Some(0) }]
    );
    assert_eq!(s.commands[0].assignments[0].name, "X");
    assert_eq!(
        at(src, base, s.commands[0].assignments[0].value.span()),
        "$(curl -fsSL https://e.x | sha256sum)"
    );
}

#[test]
fn nested_backticks_are_unescaped() {
    let src = r"echo `echo \`date\``";
    let s = parse_script(src, 0);
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    assert_eq!(names(&s), ["echo", "echo", "date"]);
    assert_eq!(at(src, 0, s.commands[2].span), "date");
}

#[test]
fn process_substitution() {
    let s = parse_script("bash <(curl -s https://x) && diff <(a) >(b)", 0);
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    assert_eq!(names(&s), ["bash", "curl", "diff", "a", "b"]);
    assert!(matches!(
        s.commands[0].words[1].parts()[0],
        WordPart::ProcessSubst { input: true, .. }
    ));
}

#[test]
fn extglob_is_literal() {
    let s = parse_script("rm -rf !(keep) @(a|b).txt", 0);
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    assert_eq!(args(&s.commands[0]), ["-rf", "!(keep)", "@(a|b).txt"]);
}

#[test]
fn unicode_words() {
    let src = "echo héllo 'wörld' \"ünï $X\" 日本";
    let s = parse_script(src, 3);
    assert!(s.problems.is_empty());
    let w = &s.commands[0].words;
    assert_eq!(w[1].literal(), Some("héllo"));
    assert_eq!(at(src, 3, w[2].span()), "'wörld'");
    assert_eq!(w[4].literal(), Some("日本"));
}

// ----- assignments and redirections -----------------------------------------

#[test]
fn assignments_prefix() {
    let src = "DEBIAN_FRONTEND=noninteractive A+=x ARR=(1 \"2 3\") apt-get install x";
    let s = parse_script(src, 0);
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    let c = &s.commands[0];
    assert_eq!(c.assignments.len(), 3);
    assert_eq!(c.assignments[0].value.literal(), Some("noninteractive"));
    assert_eq!(at(src, 0, c.assignments[0].value.span()), "noninteractive");
    assert!(c.assignments[1].append);
    let arr: Vec<_> = c.assignments[2]
        .array
        .as_ref()
        .unwrap()
        .iter()
        .map(Word::lossy)
        .collect();
    assert_eq!(arr, ["1", "2 3"]);
    assert_eq!(at(src, 0, c.assignments[2].span), "ARR=(1 \"2 3\")");
    assert_eq!(c.program(), Some("apt-get"));
    // Only leading words are assignments.
    let s = parse_script("echo A=b", 0);
    assert!(s.commands[0].assignments.is_empty());
    assert_eq!(args(&s.commands[0]), ["A=b"]);
}

#[test]
fn redirections() {
    let src = "cmd >out 2>&1 <in >>log &>all 3<>rw <<<\"$s\" 2> /dev/null";
    let s = parse_script(src, 0);
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    let r = &s.commands[0].redirects;
    let ops: Vec<_> = r.iter().map(|r| (r.fd, r.op)).collect();
    assert_eq!(
        ops,
        [
            (None, RedirectOp::Out),
            (Some(2), RedirectOp::DupOut),
            (None, RedirectOp::In),
            (None, RedirectOp::Append),
            (None, RedirectOp::OutErr),
            (Some(3), RedirectOp::ReadWrite),
            (None, RedirectOp::HereString),
            (Some(2), RedirectOp::Out),
        ]
    );
    assert_eq!(r[1].target.as_ref().and_then(Word::literal), Some("1"));
    assert_eq!(at(src, 0, r[1].span), "2>&1");
    assert_eq!(at(src, 0, r[7].span), "2> /dev/null");
    assert_eq!(s.commands[0].words.len(), 1);
    // A number not followed by a redirection operator is a word.
    let s = parse_script("sleep 2 >x", 0);
    assert_eq!(args(&s.commands[0]), ["2"]);
}

#[test]
fn heredoc_bodies_are_read() {
    let src = "cat <<EOF >/etc/x && echo done\nline $HOME\n`id`\nEOF\ncat <<-'END'\n\tliteral $X\n\tEND\necho after";
    let s = parse_script(src, 0);
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    assert_eq!(names(&s), ["cat", "echo", "id", "cat", "echo"]);
    let h = s.commands[0].redirects[0].heredoc.as_ref().unwrap();
    assert_eq!(h.delimiter, "EOF");
    assert!(!h.quoted);
    let body = h.body.as_ref().unwrap();
    assert!(body.terminated);
    assert_eq!(at(src, 0, body.span), "line $HOME\n`id`\n");
    assert_eq!(body.content.lossy(), "line ${HOME}\n$(...)\n");
    let h2 = s.commands[3].redirects[0].heredoc.as_ref().unwrap();
    assert!(h2.quoted);
    let b2 = h2.body.as_ref().unwrap();
    assert_eq!(b2.content.literal(), Some("literal $X\n"));
    assert_eq!(
        s.commands[2].position.enclosing,
        [Context::Substitution { owner: Some(0) }]
    );
}

#[test]
fn heredoc_on_a_loop_and_missing_bodies() {
    let s = parse_script(
        "while read p; do apt-get install $p; done <<EOF\ncurl\ngit\nEOF\necho x",
        0,
    );
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    let Node::Compound(c) = &s.body.items[0].first.commands[0] else {
        panic!()
    };
    let body = c.redirects[0]
        .heredoc
        .as_ref()
        .unwrap()
        .body
        .as_ref()
        .unwrap();
    assert_eq!(body.content.literal(), Some("curl\ngit\n"));
    assert_eq!(names(&s), ["read", "apt-get", "echo"]);
    // Marker on the last line: the body belongs to someone else, no problem.
    let s = parse_script("cat <<EOF > /x", 0);
    assert!(s.problems.is_empty());
    assert!(s.commands[0].redirects[0]
        .heredoc
        .as_ref()
        .unwrap()
        .body
        .is_none());
    // Body present but delimiter never found.
    let s = parse_script("cat <<EOF\nabc\n", 0);
    assert_eq!(kinds(&s), [ProblemKind::UnterminatedHeredoc]);
    let b = s.commands[0].redirects[0]
        .heredoc
        .as_ref()
        .unwrap()
        .body
        .as_ref()
        .unwrap();
    assert!(!b.terminated);
}

#[test]
fn heredoc_body_with_continuations() {
    let src = "set -e\napt-get update && \\\n  apt-get install -y \\\n    curl\n";
    let s = parse_script(src, 0);
    assert!(s.problems.is_empty());
    assert_eq!(args(&s.commands[2]), ["install", "-y", "curl"]);
    assert_eq!(
        at(src, 0, s.commands[2].span),
        "apt-get install -y \\\n    curl"
    );
}

// ----- sh -c --------------------------------------------------------------------

#[test]
fn sh_c_inline_script_spans_map_into_quotes() {
    let src = r#"su app -c "cd /srv && npm ci" ; bash -euxo pipefail -c 'apt-get update' ; sh -c "echo \"a b\"; ls""#;
    let s = parse_script(src, 10);
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    assert_eq!(
        names(&s),
        ["su", "cd", "npm", "bash", "apt-get", "sh", "echo", "ls"]
    );
    assert_eq!(at(src, 10, s.commands[2].span), "npm ci");
    assert_eq!(at(src, 10, s.commands[4].span), "apt-get update");
    assert_eq!(
        s.commands[4].position.enclosing,
        [Context::InlineScript { owner: 3 }]
    );
    // Escaped quotes inside the string: spans still land on the source text.
    assert_eq!(at(src, 10, s.commands[6].words[1].span()), r#"\"a b\""#);
    assert_eq!(s.commands[6].words[1].literal(), Some("a b"));
    assert_eq!(at(src, 10, s.commands[7].span), "ls");
    assert!(s.commands[3].inline_script.is_some());
    // A dynamic string is not parsed.
    let s = parse_script(r#"sh -c "$CMD""#, 0);
    assert_eq!(s.commands.len(), 1);
    // Without -c the operand is a script file.
    let s = parse_script("bash install.sh -c x", 0);
    assert!(s.commands[0].inline_script.is_none());
}

// ----- malformed input ------------------------------------------------------------

#[test]
fn malformed_input_reports_problems() {
    let cases: &[(&str, ProblemKind)] = &[
        ("echo 'abc", ProblemKind::UnterminatedSingleQuote),
        ("echo \"abc", ProblemKind::UnterminatedDoubleQuote),
        ("echo $'abc", ProblemKind::UnterminatedAnsiC),
        ("echo `abc", ProblemKind::UnterminatedBacktick),
        ("echo $(abc", ProblemKind::UnterminatedCommandSubst),
        ("echo ${abc", ProblemKind::UnterminatedParam),
        ("(echo", ProblemKind::UnclosedSubshell),
        ("if true; then echo", ProblemKind::MissingKeyword("fi")),
        ("if true; echo; fi", ProblemKind::MissingKeyword("then")),
        ("while true; do echo", ProblemKind::MissingKeyword("done")),
        ("{ echo", ProblemKind::MissingKeyword("}")),
        ("case x in a) echo", ProblemKind::MissingKeyword("esac")),
        ("echo )", ProblemKind::UnexpectedToken),
        ("fi", ProblemKind::UnexpectedToken),
        ("&& echo", ProblemKind::UnexpectedToken),
        ("echo &&", ProblemKind::MissingCommand),
        ("echo | ", ProblemKind::MissingCommand),
        ("echo >", ProblemKind::MissingRedirectTarget),
    ];
    for (src, kind) in cases {
        let s = parse_script(src, 0);
        assert!(kinds(&s).contains(kind), "{src:?}: {:?}", s.problems);
        assert!(!s.commands.is_empty() || src.starts_with("fi"), "{src:?}");
    }
    // Best effort: commands before and after the damage are still found.
    let s = parse_script("apt-get update; echo 'oops\n", 0);
    assert_eq!(names(&s), ["apt-get", "echo"]);
    let s = parse_script("a ) b", 0);
    assert_eq!(names(&s), ["a", "b"]);
}

#[test]
fn deep_nesting_degrades() {
    let depth = 500;
    let src = format!("{}echo x{}", "$(".repeat(depth), ")".repeat(depth));
    let s = parse_script(&src, 0);
    assert!(kinds(&s).contains(&ProblemKind::TooDeep));
    let src = format!("{}echo x{}", "( ".repeat(depth), ")".repeat(depth));
    let s = parse_script(&src, 0);
    assert!(kinds(&s).contains(&ProblemKind::TooDeep));
    let src = "`echo \\`".repeat(200);
    let _ = parse_script(&src, 0);
    let src = "${a:-".repeat(300);
    let _ = parse_script(&src, 0);
    let src = "sh -c '".to_string() + &"sh -c \"".repeat(100);
    let _ = parse_script(&src, 0);
}

#[test]
fn deep_nesting_fits_a_small_stack() {
    // WASM and test threads have small stacks: the nesting limit must hold there.
    let handle = std::thread::Builder::new()
        .stack_size(1024 * 1024)
        .spawn(|| {
            for open in ["$(", "(", "{ ", "if a; then ", "`", "\"$(", "${x:-", "<("] {
                let src = format!("{}echo x", open.repeat(1000));
                let _ = parse_script(&src, 0);
            }
        })
        .unwrap();
    handle.join().unwrap();
}

#[test]
fn mapped_offsets_point_into_the_original_text() {
    // Original: "apt-get install \\\n  # comment\n  curl" with the continuation and
    // the comment line removed by the Dockerfile reader.
    let original = "RUN apt-get install \\\n# c\n  curl";
    let logical = "apt-get install   curl";
    let mut offsets: Vec<usize> = (4..20).collect(); // "apt-get install "
    offsets.extend(26..32); // "  curl" after the removed lines
    offsets.push(32);
    assert_eq!(offsets.len(), logical.len() + 1);
    let s = parse_script_mapped(logical, &offsets);
    let w = &s.commands[0].words;
    assert_eq!(&original[w[2].span().start..w[2].span().end], "curl");
    assert_eq!(
        &original[s.commands[0].span.start..s.commands[0].span.end],
        "apt-get install \\\n# c\n  curl"
    );
    // A bad map falls back to a plain offset.
    let s = parse_script_mapped("ls", &[5]);
    assert_eq!(s.commands[0].span, Span::new(5, 7));
}
