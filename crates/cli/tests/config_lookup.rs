//! Where `dockwright lint` finds its configuration, and which layer wins.

mod common;

use common::{Scratch, CODES, THREE};

fn lint_codes(s: &Scratch, extra: &[&str]) -> Vec<String> {
    let mut a = vec!["lint", "--format", "json"];
    a.extend_from_slice(extra);
    a.push("Dockerfile");
    s.run(&a).codes(CODES)
}

// ---------------------------------------------------------------------------
// .hadolint.yaml, in hadolint's order
// ---------------------------------------------------------------------------

#[test]
fn hadolint_yaml_in_current_directory() {
    let s = Scratch::new("h-cwd");
    s.write("Dockerfile", THREE);
    s.write(".hadolint.yaml", "ignored:\n  - DL3006\n");
    assert_eq!(lint_codes(&s, &[]), vec!["DL3007", "DL3003"]);
}

#[test]
fn hadolint_yml_spelling() {
    let s = Scratch::new("h-yml");
    s.write("Dockerfile", THREE);
    s.write(".hadolint.yml", "ignored: [DL3007]\n");
    assert_eq!(lint_codes(&s, &[]), vec!["DL3006", "DL3003"]);
    // .yaml before .yml.
    s.write(".hadolint.yaml", "ignored: [DL3003]\n");
    assert_eq!(lint_codes(&s, &[]), vec!["DL3006", "DL3007"]);
}

#[test]
fn hadolint_lookup_order_first_found_wins() {
    let s = Scratch::new("h-order");
    s.write("Dockerfile", THREE);
    let xdg = s.home().join("xdg");
    // From last to first in hadolint's order; each ignores a different set.
    s.write_home(".hadolint.yaml", "ignored: [DL3006]\n");
    assert_eq!(lint_codes(&s, &[]), vec!["DL3007", "DL3003"]);

    s.write_home(".hadolint/config.yaml", "ignored: [DL3007]\n");
    assert_eq!(lint_codes(&s, &[]), vec!["DL3006", "DL3003"]);

    s.write_home(".hadolint/hadolint.yaml", "ignored: [DL3003]\n");
    assert_eq!(lint_codes(&s, &[]), vec!["DL3006", "DL3007"]);

    s.write_home(".config/hadolint.yaml", "ignored: [DL3006, DL3007]\n");
    assert_eq!(lint_codes(&s, &[]), vec!["DL3003"]);

    // $XDG_CONFIG_HOME replaces ~/.config: with it set (and empty of config),
    // ~/.config/hadolint.yaml is not read and ~/.hadolint/ is next.
    std::fs::create_dir_all(&xdg).unwrap();
    let r = common::Run::from(
        s.cmd(&["lint", "--format", "json", "Dockerfile"])
            .env("XDG_CONFIG_HOME", &xdg)
            .output()
            .unwrap(),
    );
    assert_eq!(r.codes(CODES), vec!["DL3006", "DL3007"]);
    common::write_file(&xdg.join("hadolint.yaml"), "ignored: [DL3007, DL3003]\n");
    let r = common::Run::from(
        s.cmd(&["lint", "--format", "json", "-v", "Dockerfile"])
            .env("XDG_CONFIG_HOME", &xdg)
            .output()
            .unwrap(),
    );
    assert_eq!(r.codes(CODES), vec!["DL3006"]);
    assert!(
        r.stderr.contains("xdg/hadolint.yaml (hadolint)"),
        "{}",
        r.stderr
    );

    // The current directory comes first of all.
    s.write(".hadolint.yaml", "ignored: []\n");
    assert_eq!(lint_codes(&s, &[]), vec!["DL3006", "DL3007", "DL3003"]);
}

#[test]
fn hadolint_every_setting_takes_effect() {
    let s = Scratch::new("h-all");
    s.write("Dockerfile", THREE);
    s.write(
        ".hadolint.yaml",
        "\
# Shared with CI
failure-threshold: error
format: json
ignored:
  - DL3003
override:
  error:
    - DL3007
  style:
    - DL3006
no-color: true
unknown-key: is ignored like hadolint does
",
    );
    let r = s.run(&["lint", "Dockerfile"]);
    // format: json from the file; DL3007 is an error, so the run fails.
    r.expect(1);
    let v = r.json();
    let diags = v["files"][0]["diagnostics"].as_array().unwrap();
    let sev = |c: &str| {
        diags
            .iter()
            .find(|d| d["code"] == c)
            .map(|d| d["severity"].as_str().unwrap())
    };
    assert_eq!(sev("DL3006"), Some("style"));
    assert_eq!(sev("DL3007"), Some("error"));
    assert_eq!(sev("DL3003"), None);
    // Threshold error: without the error finding the run passes.
    let r = s.run(&["lint", "--ignore", "DL3007", "Dockerfile"]);
    r.expect(0);
}

#[test]
fn hadolint_no_fail_and_unsupported_format() {
    let s = Scratch::new("h-nofail");
    s.write("Dockerfile", "FROM debian\n");
    s.write(".hadolint.yaml", "no-fail: true\nformat: codacy\n");
    let r = s.run(&["lint", "Dockerfile"]);
    r.expect(0);
    assert!(
        r.stderr.contains("format `codacy` is not supported"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("DL3006"), "{}", r.stdout);
    // hadolint's gitlab_codeclimate is our gitlab format.
    s.write(".hadolint.yaml", "format: gitlab_codeclimate\n");
    let r = s.run(&["lint", "Dockerfile"]);
    r.expect(1);
    assert!(r.stdout.contains("\"fingerprint\""), "{}", r.stdout);
}

#[test]
fn hadolint_errors_exit_2_naming_the_file() {
    let s = Scratch::new("h-error");
    s.write("Dockerfile", "FROM debian\n");
    s.write(".hadolint.yaml", "ignored: [DL3006]\nno-fail: yes\n");
    let r = s.run(&["lint", "Dockerfile"]);
    r.expect(2);
    assert!(
        r.stderr
            .contains(".hadolint.yaml: line 2, column 10: `no-fail`"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty(), "{}", r.stdout);
}

// ---------------------------------------------------------------------------
// dockwright.toml
// ---------------------------------------------------------------------------

#[test]
fn dockwright_toml_in_current_directory() {
    let s = Scratch::new("t-cwd");
    s.write("Dockerfile", THREE);
    s.write(
        "dockwright.toml",
        "ignore = [\"DL3003\"]\nformat = \"json\"\n[severity]\nDL3006 = \"error\"\n",
    );
    let r = s.run(&["lint", "Dockerfile"]);
    r.expect(1);
    assert_eq!(r.codes(CODES), vec!["DL3006", "DL3007"]);
    assert_eq!(r.severity("DL3006").as_deref(), Some("error"));
}

#[test]
fn dockwright_toml_nearest_wins_per_file() {
    let s = Scratch::new("t-nearest");
    s.write("Dockerfile", THREE);
    s.write("svc/Dockerfile", THREE);
    s.write("svc/deep/er/Dockerfile", THREE);
    s.write("dockwright.toml", "ignore = [\"DL3006\"]\n");
    s.write("svc/dockwright.toml", "ignore = [\"DL3007\"]\n");
    let r = s.run(&["lint", "--format", "json"]);
    let f = |p: &str, c: &str| (p.to_string(), c.to_string());
    // No merging between dockwright.toml files: the nearest alone applies.
    assert_eq!(
        r.findings(CODES),
        vec![
            f("Dockerfile", "DL3007"),
            f("Dockerfile", "DL3003"),
            f("svc/Dockerfile", "DL3006"),
            f("svc/Dockerfile", "DL3003"),
            f("svc/deep/er/Dockerfile", "DL3006"),
            f("svc/deep/er/Dockerfile", "DL3003"),
        ]
    );
    // Linting from a subdirectory walks up to the parent's file.
    let r = common::Run::from(
        s.cmd(&["lint", "--format", "json", "er/Dockerfile"])
            .current_dir(s.root().join("svc/deep"))
            .output()
            .unwrap(),
    );
    assert_eq!(r.codes(CODES), vec!["DL3006", "DL3003"]);
}

#[test]
fn dotted_name_first_and_pyproject_last() {
    let s = Scratch::new("t-names");
    s.write("Dockerfile", THREE);
    s.write(
        "pyproject.toml",
        "[tool.dockwright]\nignore = [\"DL3003\"]\n",
    );
    assert_eq!(lint_codes(&s, &[]), vec!["DL3006", "DL3007"]);
    s.write("dockwright.toml", "ignore = [\"DL3007\"]\n");
    assert_eq!(lint_codes(&s, &[]), vec!["DL3006", "DL3003"]);
    s.write(".dockwright.toml", "ignore = [\"DL3006\"]\n");
    assert_eq!(lint_codes(&s, &[]), vec!["DL3007", "DL3003"]);
}

#[test]
fn pyproject_without_our_table_is_passed_over() {
    let s = Scratch::new("t-pyproject");
    s.write("svc/Dockerfile", THREE);
    s.write("svc/pyproject.toml", "[project]\nname = \"svc\"\n");
    s.write(
        "pyproject.toml",
        "[tool.dockwright]\nignore = [\"DL3006\"]\n",
    );
    let r = s.run(&["lint", "--format", "json", "svc/Dockerfile"]);
    assert_eq!(r.codes(CODES), vec!["DL3007", "DL3003"]);
}

#[test]
fn dockwright_toml_error_names_file_line_and_key() {
    let s = Scratch::new("t-error");
    s.write("Dockerfile", "FROM debian\n");
    s.write("dockwright.toml", "ignore = []\nselct = [\"DL3006\"]\n");
    let r = s.run(&["lint", "Dockerfile"]);
    r.expect(2);
    assert!(
        r.stderr.contains(
            "dockwright.toml: line 2, column 1: unknown key `selct` (did you mean `select`?)"
        ),
        "{}",
        r.stderr
    );
    s.write("dockwright.toml", "format = \"yaml\"\n");
    let r = s.run(&["lint", "Dockerfile"]);
    r.expect(2);
    assert!(r.stderr.contains("unknown format `yaml`"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------
// Precedence: flags > dockwright.toml > .hadolint.yaml > defaults
// ---------------------------------------------------------------------------

#[test]
fn precedence_of_layers() {
    let s = Scratch::new("precedence");
    s.write("Dockerfile", "FROM debian\n");
    // DL3006 is a warning. hadolint says fail on errors only...
    s.write(".hadolint.yaml", "failure-threshold: error\n");
    s.run(&["lint", "Dockerfile"]).expect(0);
    // ...dockwright.toml says fail on warnings...
    s.write("dockwright.toml", "failure-threshold = \"warning\"\n");
    s.run(&["lint", "Dockerfile"]).expect(1);
    // ...and the flag says errors again.
    s.run(&["lint", "--failure-threshold", "error", "Dockerfile"])
        .expect(0);
}

#[test]
fn ignores_add_up_across_layers() {
    let s = Scratch::new("ignores-add");
    s.write("Dockerfile", THREE);
    s.write(".hadolint.yaml", "ignored: [DL3006]\n");
    s.write("dockwright.toml", "ignore = [\"DL3007\"]\n");
    assert_eq!(lint_codes(&s, &[]), vec!["DL3003"]);
    assert_eq!(
        lint_codes(&s, &["--ignore", "DL3003"]),
        Vec::<String>::new()
    );
}

#[test]
fn select_flag_starts_over() {
    let s = Scratch::new("select-over");
    s.write("Dockerfile", THREE);
    s.write(".hadolint.yaml", "ignored: [DL3006]\n");
    s.write("dockwright.toml", "ignore = [\"DL3007\"]\n");
    // --select replaces the files' select and ignore lists, as in ruff.
    assert_eq!(
        lint_codes(&s, &["--select", "DL3006,DL3007"]),
        vec!["DL3006", "DL3007"]
    );
    // A severity from a file still applies to a selected rule.
    s.write("dockwright.toml", "[severity]\nDL3006 = \"error\"\n");
    let r = s.run(&[
        "lint",
        "--format",
        "json",
        "--select",
        "DL3006",
        "Dockerfile",
    ]);
    assert_eq!(r.severity("DL3006").as_deref(), Some("error"));
}

#[test]
fn severity_flag_beats_file_severity() {
    let s = Scratch::new("severity-over");
    s.write("Dockerfile", "FROM debian\n");
    s.write(".hadolint.yaml", "override:\n  error: [DL3006]\n");
    s.write("dockwright.toml", "[severity]\nDL3006 = \"info\"\n");
    let r = s.run(&[
        "lint",
        "--format",
        "json",
        "--severity",
        "DL3006=style",
        "Dockerfile",
    ]);
    assert_eq!(r.severity("DL3006").as_deref(), Some("style"));
    let r = s.run(&["lint", "--format", "json", "Dockerfile"]);
    assert_eq!(r.severity("DL3006").as_deref(), Some("info"));
    // Without the toml, hadolint's override applies.
    std::fs::remove_file(s.root().join("dockwright.toml")).unwrap();
    let r = s.run(&["lint", "--format", "json", "Dockerfile"]);
    assert_eq!(r.severity("DL3006").as_deref(), Some("error"));
}

// ---------------------------------------------------------------------------
// --config
// ---------------------------------------------------------------------------

#[test]
fn config_flag_replaces_the_lookup() {
    let s = Scratch::new("config-flag");
    s.write("Dockerfile", THREE);
    s.write(".hadolint.yaml", "ignored: [DL3006]\n");
    s.write("dockwright.toml", "ignore = [\"DL3007\"]\n");
    s.write_home(".hadolint.yaml", "ignored: [DL3003]\n");
    assert_eq!(lint_codes(&s, &[]), vec!["DL3003"]);

    s.write("ci/strict.toml", "ignore = [\"DL3003\"]\n");
    assert_eq!(
        lint_codes(&s, &["--config", "ci/strict.toml"]),
        vec!["DL3006", "DL3007"]
    );
    s.write("ci/hadolint.yml", "ignored: [DL3007]\n");
    assert_eq!(
        lint_codes(&s, &["--config", "ci/hadolint.yml"]),
        vec!["DL3006", "DL3003"]
    );
    // Flags still go over --config.
    assert_eq!(
        lint_codes(&s, &["--config", "ci/hadolint.yml", "--ignore", "DL3006"]),
        vec!["DL3003"]
    );
}

#[test]
fn config_flag_tells_formats_apart_by_content() {
    let s = Scratch::new("config-sniff");
    s.write("Dockerfile", THREE);
    s.write("lint-settings", "ignored:\n  - DL3006\n");
    assert_eq!(
        lint_codes(&s, &["--config", "lint-settings"]),
        vec!["DL3007", "DL3003"]
    );
    s.write("lint-settings", "ignore = [\"DL3007\"]\n");
    assert_eq!(
        lint_codes(&s, &["--config", "lint-settings"]),
        vec!["DL3006", "DL3003"]
    );
    s.write("lint-settings", "ignorez = [\"DL3007\"]\n");
    let r = s.run(&["lint", "--config", "lint-settings", "Dockerfile"]);
    r.expect(2);
    assert!(r.stderr.contains("unknown key `ignorez`"), "{}", r.stderr);
    s.write("pyproject.toml", "[project]\nname = \"x\"\n");
    let r = s.run(&["lint", "--config", "pyproject.toml", "Dockerfile"]);
    r.expect(2);
    assert!(
        r.stderr.contains("no [tool.dockwright] table"),
        "{}",
        r.stderr
    );
}
