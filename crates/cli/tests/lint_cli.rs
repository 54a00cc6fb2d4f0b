//! `dockwright lint`: inputs, flags and exit codes.

mod common;

use common::{Scratch, CODES, THREE};

// ---------------------------------------------------------------------------
// Exit codes
// ---------------------------------------------------------------------------

#[test]
fn exit_0_when_clean() {
    let s = Scratch::new("clean");
    s.write("Dockerfile", "FROM debian:12\n");
    let r = s.run(&["lint", "--select", "DL3006,DL3007,DL3003", "Dockerfile"]);
    r.expect(0);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
}

#[test]
fn exit_1_on_findings_at_the_default_threshold() {
    let s = Scratch::new("findings");
    s.write("Dockerfile", "FROM debian\n");
    let r = s.run(&["lint", "Dockerfile"]);
    r.expect(1);
    assert!(r.stdout.contains("DL3006"), "{}", r.stdout);
    assert!(r.stdout.contains("Dockerfile:1:6"), "{}", r.stdout);
}

#[test]
fn failure_threshold_and_no_fail() {
    let s = Scratch::new("threshold");
    s.write("Dockerfile", "FROM debian\n");
    let sel = ["lint", "--select", "DL3006", "Dockerfile"];
    let with = |extra: &[&str]| {
        let mut a = sel.to_vec();
        a.extend_from_slice(extra);
        s.run(&a).code
    };
    // DL3006 is a warning.
    assert_eq!(with(&[]), 1);
    assert_eq!(with(&["--failure-threshold", "warning"]), 1);
    assert_eq!(with(&["--failure-threshold", "error"]), 0);
    assert_eq!(with(&["--failure-threshold", "none"]), 0);
    assert_eq!(with(&["--failure-threshold", "style"]), 1);
    assert_eq!(
        with(&["--severity", "DL3006=error", "--failure-threshold", "error"]),
        1
    );
    assert_eq!(
        with(&["--severity", "DL3006=style", "--failure-threshold", "info"]),
        0
    );
    assert_eq!(with(&["--no-fail"]), 0);
}

#[test]
fn exit_2_on_usage_errors() {
    let s = Scratch::new("usage");
    s.write("Dockerfile", "FROM debian\n");
    for args in [
        &["lint", "--severity", "DL3006=fatal", "Dockerfile"][..],
        &["lint", "--severity", "DL3006", "Dockerfile"],
        &["lint", "--severity", "=error", "Dockerfile"],
        &["lint", "--failure-threshold", "critical", "Dockerfile"],
        &["lint", "--format", "xml", "Dockerfile"],
        &["lint", "--no-such-flag", "Dockerfile"],
        &["lint", "--build-arg", "=x", "Dockerfile"],
        &["lint", "--config", "missing.toml", "Dockerfile"],
        &["frobnicate"],
    ] {
        let r = s.run(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(!r.stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn unreadable_file_and_good_file_both_reported() {
    let s = Scratch::new("unreadable");
    s.write("Dockerfile", "FROM debian\n");
    let r = s.run(&[
        "lint",
        "--format",
        "json",
        "missing/Dockerfile",
        "Dockerfile",
    ]);
    r.expect(2);
    assert!(
        r.stderr.contains("missing/Dockerfile"),
        "stderr should name the file: {}",
        r.stderr
    );
    // The readable file is still linted and reported.
    assert_eq!(r.paths(), vec!["Dockerfile"]);
    assert_eq!(r.codes(CODES), vec!["DL3006"]);

    // Findings do not hide the read error: still 2, and 2 with --no-fail.
    let r = s.run(&["lint", "--no-fail", "Dockerfile", "nope"]);
    r.expect(2);
    assert!(r.stderr.contains("nope"), "{}", r.stderr);
}

#[test]
fn invalid_utf8_is_read_with_a_warning() {
    let s = Scratch::new("utf8");
    std::fs::write(s.root().join("Dockerfile"), b"FROM debian\n# caf\xe9\n").unwrap();
    let r = s.run(&["lint", "--format", "json", "Dockerfile"]);
    r.expect(1);
    assert!(r.stderr.contains("UTF-8"), "{}", r.stderr);
    assert_eq!(r.codes(CODES), vec!["DL3006"]);
}

// ---------------------------------------------------------------------------
// Standard input
// ---------------------------------------------------------------------------

#[test]
fn stdin_dash() {
    let s = Scratch::new("stdin");
    let r = s.run_stdin(&["lint", "--format", "json", "-"], "FROM debian\n");
    r.expect(1);
    assert_eq!(r.findings(CODES), vec![("-".into(), "DL3006".into())]);
}

#[test]
fn stdin_filename_names_the_report() {
    let s = Scratch::new("stdin-name");
    let r = s.run_stdin(
        &[
            "lint",
            "--format",
            "json",
            "--stdin-filename",
            "services/api/Dockerfile",
            "-",
        ],
        "FROM debian\n",
    );
    r.expect(1);
    assert_eq!(
        r.findings(CODES),
        vec![("services/api/Dockerfile".into(), "DL3006".into())]
    );
    // Without PATH, --stdin-filename reads standard input.
    let r = s.run_stdin(
        &[
            "lint",
            "--format",
            "gnu",
            "--stdin-filename",
            "x/Dockerfile",
        ],
        "FROM alpine:latest\n",
    );
    r.expect(1);
    assert!(r.stdout.starts_with("x/Dockerfile:1:"), "{}", r.stdout);
}

#[test]
fn stdin_filename_is_used_for_config_lookup() {
    let s = Scratch::new("stdin-config");
    s.write("services/api/dockwright.toml", "ignore = [\"DL3006\"]\n");
    let args = [
        "lint",
        "--format",
        "json",
        "--stdin-filename",
        "services/api/Dockerfile",
        "-",
    ];
    let r = s.run_stdin(&args, THREE);
    r.expect(1);
    assert_eq!(r.codes(CODES), vec!["DL3007", "DL3003"]);
    // Without the name, the lookup starts in the current directory: nothing found.
    let r = s.run_stdin(&["lint", "--format", "json", "-"], THREE);
    assert_eq!(r.codes(CODES), vec!["DL3006", "DL3007", "DL3003"]);
}

// ---------------------------------------------------------------------------
// Directories
// ---------------------------------------------------------------------------

fn tree(s: &Scratch) {
    for f in [
        "Dockerfile",
        "Containerfile",
        "sub/app.Dockerfile",
        "sub/worker.dockerfile",
        "sub/Dockerfile.dev",
        "sub/Containerfile.prod",
        "sub/deeper/Dockerfile",
        ".devcontainer/Dockerfile",
        "build/Dockerfile",
        "vendor/lib/Dockerfile",
        "local.Dockerfile",
        ".git/Dockerfile",
    ] {
        s.write(f, "FROM debian\n");
    }
    // Not Dockerfiles.
    s.write("Dockerfile.dockerignore", "node_modules\n");
    s.write("README.md", "FROM debian\n");
    s.write("dockerfile", "FROM debian\n");
    s.write(".gitignore", "build/\n*.local\nlocal.Dockerfile\n");
    s.write("vendor/.gitignore", "lib/\n");
}

#[test]
fn directories_are_searched_honouring_gitignore_without_a_repository() {
    let s = Scratch::new("walk");
    tree(&s);
    let r = s.run(&["lint", "--format", "json", "--select", "DL3006"]);
    r.expect(1);
    assert_eq!(
        r.paths(),
        vec![
            ".devcontainer/Dockerfile",
            "Containerfile",
            "Dockerfile",
            "sub/Containerfile.prod",
            "sub/Dockerfile.dev",
            "sub/app.Dockerfile",
            "sub/deeper/Dockerfile",
            "sub/worker.dockerfile",
        ]
    );
    // The same with `.` and with the directory named.
    let r2 = s.run(&["lint", "--format", "json", "--select", "DL3006", "."]);
    assert_eq!(r2.paths(), r.paths());
    let r3 = s.run(&["lint", "--format", "json", "--select", "DL3006", "sub"]);
    assert_eq!(
        r3.paths(),
        vec![
            "sub/Containerfile.prod",
            "sub/Dockerfile.dev",
            "sub/app.Dockerfile",
            "sub/deeper/Dockerfile",
            "sub/worker.dockerfile",
        ]
    );
}

#[test]
fn directories_inside_a_git_repository() {
    let s = Scratch::new("walk-git");
    tree(&s);
    // A repository (only its marker directory: no git binary needed).
    std::fs::create_dir_all(s.root().join(".git/info")).unwrap();
    s.write(".git/info/exclude", "sub/deeper/\n");
    let r = s.run(&["lint", "--format", "json", "--select", "DL3006"]);
    let paths = r.paths();
    assert!(paths.contains(&"Dockerfile".to_string()), "{paths:?}");
    assert!(!paths.iter().any(|p| p.starts_with("build/")), "{paths:?}");
    assert!(!paths.iter().any(|p| p.starts_with(".git/")), "{paths:?}");
    assert!(
        !paths.iter().any(|p| p.starts_with("sub/deeper")),
        "{paths:?}"
    );
}

#[test]
fn named_files_are_linted_even_when_ignored_or_oddly_named() {
    let s = Scratch::new("named");
    tree(&s);
    let r = s.run(&[
        "lint",
        "--format",
        "json",
        "--select",
        "DL3006",
        "build/Dockerfile",
        "README.md",
    ]);
    r.expect(1);
    assert_eq!(r.paths(), vec!["build/Dockerfile", "README.md"]);
}

#[test]
fn a_file_named_twice_is_linted_once() {
    let s = Scratch::new("twice");
    s.write("Dockerfile", "FROM debian\n");
    let r = s.run(&[
        "lint",
        "--format",
        "json",
        "Dockerfile",
        "./Dockerfile",
        ".",
    ]);
    assert_eq!(r.paths(), vec!["Dockerfile"]);
}

#[test]
fn no_dockerfiles_found() {
    let s = Scratch::new("empty");
    s.write("README.md", "hello\n");
    let r = s.run(&["lint"]);
    r.expect(0);
    assert!(r.stderr.contains("no Dockerfiles found"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------
// Rule selection and severities
// ---------------------------------------------------------------------------

#[test]
fn select_and_ignore() {
    let s = Scratch::new("select");
    s.write("Dockerfile", THREE);
    let codes = |args: &[&str]| {
        let mut a = vec!["lint", "--format", "json"];
        a.extend_from_slice(args);
        a.push("Dockerfile");
        s.run(&a).codes(CODES)
    };
    assert_eq!(codes(&[]), vec!["DL3006", "DL3007", "DL3003"]);
    assert_eq!(codes(&["--select", "DL3006"]), vec!["DL3006"]);
    // Comma lists and repetition.
    assert_eq!(
        codes(&["--select", "DL3006,DL3003"]),
        vec!["DL3006", "DL3003"]
    );
    assert_eq!(
        codes(&["--select", "DL3006", "--select", "DL3007"]),
        vec!["DL3006", "DL3007"]
    );
    assert_eq!(codes(&["--ignore", "DL3006,DL3007"]), vec!["DL3003"]);
    assert_eq!(
        codes(&["--ignore", "DL3006", "--ignore", "DL3003"]),
        vec!["DL3007"]
    );
    // Prefixes, names and categories.
    assert_eq!(
        codes(&["--select", "DL300"]),
        vec!["DL3006", "DL3007", "DL3003"]
    );
    assert_eq!(codes(&["--select", "latest-tag"]), vec!["DL3007"]);
    assert_eq!(codes(&["--select", "maintainability"]), vec!["DL3003"]);
    assert_eq!(
        codes(&["--select", "DL300", "--ignore", "untagged-image"]),
        vec!["DL3007", "DL3003"]
    );
    // A more specific select beats a broader ignore.
    assert_eq!(
        codes(&["--select", "DL3006", "--ignore", "DL30"]),
        vec!["DL3006"]
    );
}

#[test]
fn unknown_selectors_warn() {
    let s = Scratch::new("unknown-sel");
    s.write("Dockerfile", "FROM debian:12\n");
    let r = s.run(&["lint", "--ignore", "DL9999,no-such-rule", "Dockerfile"]);
    assert!(
        r.stderr.contains("`DL9999` matches no rule"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("`no-such-rule` matches no rule"),
        "{}",
        r.stderr
    );
}

#[test]
fn severity_flag() {
    let s = Scratch::new("severity");
    s.write("Dockerfile", THREE);
    let r = s.run(&[
        "lint",
        "--format",
        "json",
        "--severity",
        "DL3006=error",
        "--severity",
        "DL3003=off",
        "--severity",
        "correctness=info",
        "Dockerfile",
    ]);
    let sev = |code: &str| r.severity(code);
    // The code beats the category; the category applies to DL3007.
    assert_eq!(sev("DL3006").as_deref(), Some("error"));
    assert_eq!(sev("DL3007").as_deref(), Some("info"));
    assert_eq!(sev("DL3003"), None);
}

#[test]
fn build_args() {
    let s = Scratch::new("build-arg");
    s.write("Dockerfile", "ARG TAG=latest\nFROM alpine:$TAG\n");
    s.write(
        "untagged.Dockerfile",
        "ARG IMAGE=alpine:3.20\nFROM $IMAGE\n",
    );
    let codes = |args: &[&str]| {
        let mut a = vec!["lint", "--format", "json"];
        a.extend_from_slice(args);
        s.run(&a).findings(CODES)
    };
    let f = |p: &str, c: &str| (p.to_string(), c.to_string());
    assert_eq!(
        codes(&["Dockerfile", "untagged.Dockerfile"]),
        vec![f("Dockerfile", "DL3007")]
    );
    assert_eq!(
        codes(&["--build-arg", "TAG=3.20", "Dockerfile"]),
        Vec::<(String, String)>::new()
    );
    assert_eq!(
        codes(&["--build-arg", "IMAGE=debian", "untagged.Dockerfile"]),
        vec![f("untagged.Dockerfile", "DL3006")]
    );
    // NAME alone takes the environment's value, as docker build does.
    let r = s
        .cmd(&[
            "lint",
            "--format",
            "json",
            "--build-arg",
            "IMAGE",
            "untagged.Dockerfile",
        ])
        .env("IMAGE", "debian")
        .output()
        .unwrap();
    let r = common::Run::from(r);
    assert_eq!(r.findings(CODES), vec![f("untagged.Dockerfile", "DL3006")]);
}

#[test]
fn trusted_registry_and_pragma_flags_are_accepted() {
    let s = Scratch::new("flags");
    s.write("Dockerfile", "# hadolint ignore=DL3006\nFROM debian\n");
    let r = s.run(&[
        "lint",
        "--format",
        "json",
        "--trusted-registry",
        "docker.io",
        "--trusted-registry",
        "*.gcr.io",
        "Dockerfile",
    ]);
    r.expect(0);
    assert!(r.codes(CODES).is_empty());
    let r = s.run(&[
        "lint",
        "--format",
        "json",
        "--disable-ignore-pragma",
        "Dockerfile",
    ]);
    r.expect(1);
    assert_eq!(r.codes(CODES), vec!["DL3006"]);
}

// ---------------------------------------------------------------------------
// Formats and colour
// ---------------------------------------------------------------------------

#[test]
fn formats() {
    let s = Scratch::new("formats");
    s.write("Dockerfile", "FROM debian\n");
    for (format, needle) in [
        ("tty", "DL3006"),
        ("text", "DL3006"),
        ("json", "\"version\""),
        ("sarif", "\"2.1.0\""),
        ("checkstyle", "<checkstyle"),
        ("gnu", "Dockerfile:1:6"),
        ("gitlab", "\"fingerprint\""),
        ("junit", "<testsuite"),
        ("github", "::warning"),
    ] {
        let r = s.run(&[
            "lint",
            "--select",
            "DL3006",
            "--format",
            format,
            "Dockerfile",
        ]);
        assert_eq!(r.code, 1, "{format}: {}", r.stderr);
        assert!(r.stdout.contains(needle), "{format}: {}", r.stdout);
    }
}

#[test]
fn no_colour_when_not_a_terminal() {
    let s = Scratch::new("colour");
    s.write("Dockerfile", "FROM debian\n");
    let r = s.run(&["lint", "Dockerfile"]);
    assert!(!r.stdout.contains('\x1b'), "{:?}", r.stdout);
    let r = s.run(&["lint", "--no-color", "Dockerfile"]);
    assert!(!r.stdout.contains('\x1b'), "{:?}", r.stdout);
}

#[test]
fn parse_subcommand_still_works() {
    let s = Scratch::new("parse");
    let r = s.run_stdin(&["parse", "--format", "buildkit", "-"], "FROM debian\n");
    r.expect(0);
    assert!(r.stdout.contains("\"instructions\""), "{}", r.stdout);
}

#[test]
fn fix_rewrites_files_with_safe_fixes_only_and_reports_what_remains() {
    let dir = std::env::temp_dir().join(format!("dockwright-fix-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("Dockerfile");
    std::fs::write(
        &file,
        "FROM debian:12\nMAINTAINER Jane <jane@example.com>\nRUN wget https://example.com/x\nCMD app --serve\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dockwright"))
        .args(["lint", "--fix", "--format", "json"])
        .arg(&file)
        .current_dir(&dir)
        .output()
        .unwrap();
    let fixed = std::fs::read_to_string(&file).unwrap();
    assert!(fixed.contains("LABEL maintainer="), "{fixed}");
    assert!(fixed.contains("wget -nv https://example.com/x"), "{fixed}");
    // The unsafe exec-form fix is not applied; its finding remains and fails the run.
    assert!(fixed.contains("CMD app --serve"), "{fixed}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("DL3025") && !stdout.contains("DL4000"),
        "{stdout}"
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("applied 2 fixes"));

    // --unsafe-fixes goes further; a second run has nothing left to apply.
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_dockwright"))
            .args(args)
            .arg(&file)
            .current_dir(&dir)
            .output()
            .unwrap()
    };
    run(&["lint", "--unsafe-fixes"]);
    let fixed = std::fs::read_to_string(&file).unwrap();
    assert!(fixed.contains("CMD [\"app\", \"--serve\"]"), "{fixed}");
    let again = run(&["lint", "--unsafe-fixes"]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("applied 0 fixes"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), fixed);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn fix_on_stdin_prints_the_fixed_text() {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dockwright"))
        .args(["lint", "--fix", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"FROM debian:12\nRUN wget https://example.com/x\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "FROM debian:12\nRUN wget -nv https://example.com/x\n"
    );
}
