//! The parser, construct by construct: what a user of the typed tree sees.

use dockwright::syntax::{
    buildkit::buildkit_view, parse, Body, Command, Dockerfile, Instruction, InstructionKind,
    MountType, Node, PairForm, SyntaxSeverity, TokenKind,
};

fn instrs(df: &Dockerfile) -> Vec<&Instruction> {
    df.instructions().collect()
}

fn one(src: &str) -> Instruction {
    let df = parse(src);
    assert_eq!(df.print(), src);
    let i = df.instructions().next().expect("an instruction").clone();
    i
}

fn values(src: &str) -> Vec<Vec<String>> {
    let df = parse(src);
    buildkit_view(&df)
        .expect("BuildKit accepts it")
        .into_iter()
        .map(|i| i.value)
        .collect()
}

fn text(df: &Dockerfile, span: dockwright::syntax::Span) -> &str {
    df.text(span)
}

#[test]
fn all_eighteen_instructions_in_any_case() {
    let src = "from a\nRun b\nCMD c\nlabel k=v\nMaintainer m\nEXPOSE 1\nenv K=V\nadd a b\n\
               copy a b\nentrypoint e\nvolume /v\nuser u\nworkdir /w\narg A\nonbuild RUN x\n\
               stopsignal SIGTERM\nhealthcheck NONE\nshell [\"sh\"]\n";
    let df = parse(src);
    assert_eq!(df.print(), src);
    let kinds: Vec<InstructionKind> = df.instructions().map(|i| i.kind).collect();
    assert_eq!(kinds.len(), 18);
    let mut sorted = kinds.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), 18, "every instruction once: {kinds:?}");
    assert!(df
        .diagnostics()
        .iter()
        .all(|d| d.severity != SyntaxSeverity::Fatal));
}

#[test]
fn spans_lines_and_columns() {
    let src = "FROM alpine\n\n  RUN echo hi\n";
    let df = parse(src);
    let run = instrs(&df)[1];
    assert_eq!((run.start_line, run.end_line), (3, 3));
    let loc = df.location(run.keyword.span);
    assert_eq!((loc.start.line, loc.start.column), (3, 3));
    assert_eq!(text(&df, run.keyword.span), "RUN");
    let Body::Run(Command::Shell(script)) = &run.body else {
        panic!("shell form")
    };
    assert_eq!(script.text, "echo hi");
    assert_eq!(text(&df, script.span), "echo hi");
}

#[test]
fn parser_directives_at_the_top_only() {
    let df = parse("# syntax=docker/dockerfile:1\n# ESCAPE = `\n# check=skip=all\nFROM a\n");
    assert_eq!(df.directive("syntax"), Some("docker/dockerfile:1"));
    assert_eq!(df.directive("check"), Some("skip=all"));
    assert_eq!(df.escape(), '`');
    // After a comment, a blank line or an instruction, directives are plain comments.
    let df = parse("# hello\n# escape=`\nFROM a\n");
    assert_eq!(df.escape(), '\\');
    assert!(df.directives().is_empty());
    let df = parse("\n# escape=`\nFROM a\n");
    assert_eq!(df.escape(), '\\');
    // An unknown key ends directives too.
    let df = parse("# foo=bar\n# escape=`\nFROM a\n");
    assert_eq!(df.escape(), '\\');
}

#[test]
fn bad_or_repeated_directives_are_fatal() {
    let df = parse("# escape=x\nFROM a\n");
    assert!(df
        .buildkit_error()
        .unwrap()
        .message
        .contains("invalid escape token"));
    let df = parse("# syntax=a\n# syntax=b\nFROM a\n");
    assert!(df
        .buildkit_error()
        .unwrap()
        .message
        .contains("only one syntax"));
}

#[test]
fn backtick_escape_continues_lines_and_backslash_is_literal() {
    let src = "# escape=`\nFROM windows\nRUN dir c:\\ `\n    && echo done\n";
    let df = parse(src);
    assert_eq!(df.print(), src);
    let run = instrs(&df)[1];
    let Body::Run(Command::Shell(s)) = &run.body else {
        panic!()
    };
    assert_eq!(s.text, "dir c:\\     && echo done");
    assert_eq!((run.start_line, run.end_line), (3, 4));
}

#[test]
fn continuations_skip_comment_and_blank_lines() {
    let src = "RUN apt-get update \\\n  # a comment\n\n    && apt-get install -y curl \\  \n    && true\n";
    let df = parse(src);
    assert_eq!(df.print(), src);
    let run = instrs(&df)[0];
    let Body::Run(Command::Shell(s)) = &run.body else {
        panic!()
    };
    assert_eq!(
        s.text,
        "apt-get update     && apt-get install -y curl     && true"
    );
    assert_eq!((run.start_line, run.end_line), (1, 5));
    assert_eq!(run.inner_comments.len(), 1);
    assert_eq!(text(&df, run.inner_comments[0]), "# a comment");
    assert!(
        df.diagnostics()
            .iter()
            .any(|d| d.severity == SyntaxSeverity::Warning
                && d.message.contains("Empty continuation"))
    );
    // Spans of the script map back across the continuation.
    assert_eq!(&src[s.span.start..s.span.start + 14], "apt-get update");
    assert!(src[..s.span.end].ends_with("&& true"));
    let kinds: Vec<TokenKind> = df.tokens().iter().map(|t| t.kind).collect();
    assert!(kinds.contains(&TokenKind::LineContinuation));
    assert!(kinds.contains(&TokenKind::Comment));
}

#[test]
fn escaped_escape_does_not_continue() {
    assert_eq!(
        values("ENV C trailing\\\\\nENV D x\n"),
        vec![vec!["C", "trailing\\\\"], vec!["D", "x"]]
    );
}

#[test]
fn crlf_bom_and_tabs() {
    let src = "\u{feff}FROM\ta\r\nRUN echo \\\r\n\tb\r\n";
    let df = parse(src);
    assert_eq!(df.print(), src);
    assert!(df.has_bom());
    assert_eq!(df.tokens()[0].kind, TokenKind::Bom);
    let i = instrs(&df);
    let Body::From(f) = &i[0].body else { panic!() };
    assert_eq!(f.image.as_ref().unwrap().text, "a");
    let Body::Run(Command::Shell(s)) = &i[1].body else {
        panic!()
    };
    assert_eq!(s.text, "echo \tb");
    assert_eq!(i[0].logical.text, "FROM\ta");
}

#[test]
fn heredocs_basic_chomp_quoted_and_several() {
    let src = "FROM a\nRUN <<EOF\necho $HOME\nEOF\nCOPY <<-'A' <<B /dst/\n\tone\n\tA\ntwo\nB\nRUN echo next\n";
    let df = parse(src);
    assert_eq!(df.print(), src);
    let i = instrs(&df);
    assert_eq!(i.len(), 4);
    let run = i[1];
    assert_eq!(run.heredocs.len(), 1);
    assert_eq!(run.heredocs[0].name, "EOF");
    assert_eq!(run.heredocs[0].content, "echo $HOME\n");
    assert!(run.heredocs[0].expand);
    assert_eq!((run.start_line, run.end_line), (2, 4));
    assert_eq!(text(&df, run.heredocs[0].marker_span), "<<EOF");
    let copy = i[2];
    assert_eq!(copy.heredocs.len(), 2);
    assert!(copy.heredocs[0].chomp && !copy.heredocs[0].expand);
    assert_eq!(copy.heredocs[0].content, "\tone\n");
    assert_eq!(copy.heredocs[0].effective_content(), "one\n");
    assert_eq!(copy.heredocs[1].name, "B");
    assert_eq!(copy.heredocs[1].content, "two\n");
    assert_eq!(text(&df, copy.heredocs[1].terminator_span.unwrap()), "B");
    // The next instruction follows the terminator directly.
    assert_eq!(i[3].start_line, 10);
}

#[test]
fn heredoc_with_space_fd_and_not_in_json_or_quotes() {
    let df = parse("RUN 3<< EOF cat /dev/fd/3\nx\nEOF\nRUN [\"<<EOF\"]\nRUN echo '<<EOF'\n");
    let i = instrs(&df);
    assert_eq!(i.len(), 3);
    assert_eq!(i[0].heredocs[0].fd, 3);
    assert_eq!(i[0].heredocs[0].name, "EOF");
    assert!(i[1].heredocs.is_empty() && i[2].heredocs.is_empty());
}

#[test]
fn unterminated_heredoc_is_fatal_but_the_tree_is_kept() {
    let src = "FROM a\nRUN <<EOF\necho\n";
    let df = parse(src);
    assert_eq!(df.print(), src);
    assert_eq!(df.buildkit_error().unwrap().message, "unterminated heredoc");
}

#[test]
fn flags_equals_bare_and_mounts() {
    let run = one(
        "RUN --mount=type=cache,target=/var/cache/apt,sharing=locked --network=none --security=insecure apt-get update\n",
    );
    assert_eq!(run.flags.len(), 3);
    let mounts = run.mounts();
    assert_eq!(mounts[0].kind, MountType::Cache);
    assert_eq!(mounts[0].target(), Some("/var/cache/apt"));
    assert_eq!(run.flag("network").unwrap().value.as_deref(), Some("none"));
    assert_eq!(
        run.flag("security").unwrap().value.as_deref(),
        Some("insecure")
    );
    let Body::Run(Command::Shell(s)) = &run.body else {
        panic!()
    };
    assert_eq!(s.text, "apt-get update");

    let copy = one("COPY --from=build --chown=app:app --chmod=0755 --link --exclude=*.md --parents a/ b/ /app/\n");
    let names: Vec<&str> = copy.flags.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        ["from", "chown", "chmod", "link", "exclude", "parents"]
    );
    assert_eq!(copy.flag("link").unwrap().value, None);
    let Body::Copy(c) = &copy.body else { panic!() };
    let src: Vec<&str> = c.sources().iter().map(|w| w.text.as_str()).collect();
    assert_eq!(src, ["a/", "b/"]);
    assert_eq!(c.destination().unwrap().text, "/app/");

    let add =
        one("ADD --checksum=sha256:abc --keep-git-dir=true --unpack=false https://x/y.tgz /y\n");
    assert_eq!(
        add.flag("checksum").unwrap().value.as_deref(),
        Some("sha256:abc")
    );
    assert_eq!(
        add.flag("keep-git-dir").unwrap().value.as_deref(),
        Some("true")
    );

    let hc = one("HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --start-interval=1s --retries=3 CMD curl -f http://localhost/\n");
    assert_eq!(hc.flags.len(), 5);
    let Body::Healthcheck(h) = &hc.body else {
        panic!()
    };
    assert_eq!(h.kind.as_ref().unwrap().text, "CMD");
    assert!(matches!(&h.command, Command::Shell(w) if w.text == "curl -f http://localhost/"));
}

#[test]
fn flag_spans_point_at_name_and_value() {
    let src = "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n";
    let df = parse(src);
    let from = instrs(&df)[0];
    let f = from.flag("platform").unwrap();
    assert_eq!(text(&df, f.span), "--platform=$BUILDPLATFORM");
    assert_eq!(text(&df, f.name_span), "--platform");
    assert_eq!(text(&df, f.value_span.unwrap()), "$BUILDPLATFORM");
}

#[test]
fn exec_form_and_fallback_to_shell_form() {
    let cmd = one("CMD [\"nginx\", \"-g\", \"daemon off;\"]\n");
    let Body::Cmd(Command::Exec { args, .. }) = &cmd.body else {
        panic!("exec")
    };
    let a: Vec<&str> = args.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(a, ["nginx", "-g", "daemon off;"]);
    // Invalid JSON falls back to shell form, as BuildKit does.
    let cmd = one("CMD ['single', 'quotes']\n");
    assert!(matches!(&cmd.body, Body::Cmd(Command::Shell(w)) if w.text == "['single', 'quotes']"));
    // A valid array with a non-string makes BuildKit refuse the file.
    assert!(parse("CMD [\"a\", 1]\n").buildkit_error().is_some());
    // The span of each exec argument covers its JSON literal.
    let src = "ENTRYPOINT [\"/bin/sh\", \"-c\"]\n";
    let df = parse(src);
    let Body::Entrypoint(Command::Exec { args, .. }) = &instrs(&df)[0].body else {
        panic!()
    };
    assert_eq!(text(&df, args[1].span), "\"-c\"");
}

#[test]
fn env_label_and_arg_pairs() {
    let env = one("ENV A=1 B=\"two words\" C=x\\ y\n");
    let Body::Env(p) = &env.body else { panic!() };
    let kv: Vec<(&str, &str)> = p
        .iter()
        .map(|p| (p.key.text.as_str(), p.value.text.as_str()))
        .collect();
    assert_eq!(kv, [("A", "1"), ("B", "\"two words\""), ("C", "x\\ y")]);
    assert!(p.iter().all(|p| p.form == PairForm::Equals));

    let legacy = one("ENV PATH /usr/local/bin:$PATH and more\n");
    let Body::Env(p) = &legacy.body else { panic!() };
    assert_eq!(p[0].form, PairForm::Space);
    assert_eq!(p[0].value.text, "/usr/local/bin:$PATH and more");

    assert!(parse("ENV ONLYKEY\n").buildkit_error().is_some());
    assert!(parse("ENV A=1 B\n").buildkit_error().is_some());

    let arg = one("ARG VERSION=1.2.3 DEBUG\n");
    let Body::Arg(d) = &arg.body else { panic!() };
    assert_eq!(d[0].name.text, "VERSION");
    assert_eq!(d[0].default.as_ref().unwrap().text, "1.2.3");
    assert_eq!(d[1].name.text, "DEBUG");
    assert!(d[1].default.is_none());
}

#[test]
fn from_image_reference_and_alias() {
    let src = "FROM --platform=linux/amd64 ghcr.io/org/app:1.2@sha256:0123 as Builder\n";
    let df = parse(src);
    let Body::From(f) = &instrs(&df)[0].body else {
        panic!()
    };
    let r = f.image_ref.as_ref().unwrap();
    assert_eq!(r.registry.as_deref(), Some("ghcr.io"));
    assert_eq!(r.repository, "org/app");
    assert_eq!(r.tag.as_deref(), Some("1.2"));
    assert_eq!(r.digest.as_deref(), Some("sha256:0123"));
    assert_eq!(text(&df, r.tag_span.unwrap()), "1.2");
    assert_eq!(f.alias.as_ref().unwrap().text, "Builder");
    let v = one("FROM ${BASE:-debian}:${TAG}\n");
    let Body::From(f) = &v.body else { panic!() };
    assert!(f.image_ref.as_ref().unwrap().has_variables());
}

#[test]
fn onbuild_wraps_an_instruction() {
    let src = "ONBUILD RUN --mount=type=secret,id=npm npm ci\n";
    let df = parse(src);
    let ob = instrs(&df)[0];
    assert_eq!(ob.kind, InstructionKind::Onbuild);
    let inner = ob.effective();
    assert_eq!(inner.kind, InstructionKind::Run);
    assert_eq!(inner.mounts()[0].kind, MountType::Secret);
    assert_eq!(text(&df, inner.keyword.span), "RUN");
    let v = buildkit_view(&df).unwrap();
    assert_eq!(v[0].sub_cmd.as_deref(), Some("RUN"));
    assert_eq!(v[0].value, ["npm ci"]);
}

#[test]
fn onbuild_trigger_carries_its_heredocs() {
    // BuildKit reads heredocs for ONBUILD RUN/COPY/ADD; the trigger has them too.
    let src = "FROM a\nONBUILD RUN <<EOF\nsudo make\nEOF\n";
    let df = parse(src);
    assert_eq!(df.print(), src);
    let ob = instrs(&df)[1];
    assert_eq!(ob.heredocs.len(), 1);
    let inner = ob.effective();
    assert_eq!(inner.kind, InstructionKind::Run);
    assert_eq!(inner.heredocs.len(), 1);
    assert_eq!(inner.heredocs[0].content, "sudo make\n");
}

#[test]
fn unknown_instructions_become_error_nodes_and_parsing_continues() {
    let src = "FROM a\nFOO bar baz\nRUN ok\n";
    let df = parse(src);
    assert_eq!(df.print(), src);
    assert!(matches!(&df.nodes()[1], Node::Error(e) if e.keyword.text == "FOO"));
    assert_eq!(df.instructions().count(), 2);
    let d = &df.diagnostics()[0];
    assert_eq!(d.severity, SyntaxSeverity::Error);
    assert!(d.message.contains("FOO"));
    assert_eq!(df.location(d.span).start.line, 2);
    // BuildKit's parser accepts the line (the build fails later).
    assert!(df.buildkit_error().is_none());
}

#[test]
fn comments_above_instructions_are_kept_for_pragmas() {
    let src =
        "# hadolint ignore=DL3008\n# another\nRUN apt-get install -y curl\n\n# detached\n\nRUN x\n";
    let df = parse(src);
    let i = instrs(&df);
    assert_eq!(i[0].comments.len(), 2);
    assert_eq!(text(&df, i[0].comments[0]), "# hadolint ignore=DL3008");
    assert!(i[1].comments.is_empty());
    assert_eq!(df.comments().count(), 3);
}

#[test]
fn empty_and_comment_only_files_have_no_instructions() {
    for src in ["", "# just a comment\n", "\n\n  \n"] {
        let df = parse(src);
        assert_eq!(df.print(), src);
        assert_eq!(
            df.buildkit_error().unwrap().message,
            "file with no instructions"
        );
    }
}

#[test]
fn overlong_lines_are_refused_like_buildkit() {
    let long = format!("LABEL a={}\n", "x".repeat(70_000));
    let df = parse(&long);
    assert_eq!(df.print(), long);
    assert!(df
        .buildkit_error()
        .unwrap()
        .message
        .contains("max allowed size"));
}

#[test]
fn whitespace_after_escape_still_continues() {
    let df = parse("RUN a \\   \t\n b\n");
    let Body::Run(Command::Shell(s)) = &instrs(&df)[0].body else {
        panic!()
    };
    assert_eq!(s.text, "a  b");
}
