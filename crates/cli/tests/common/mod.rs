//! Helpers for the CLI tests: a scratch directory with a fake home, and running
//! `dockwright` in it with a controlled environment.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A scratch directory under the system temp dir, removed on drop. `root()` is the
/// project directory the command runs in; `home()` is `$HOME`.
pub struct Scratch {
    base: PathBuf,
}

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let base =
            std::env::temp_dir().join(format!("dockwright-cli-{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        std::fs::create_dir_all(base.join("project")).unwrap();
        std::fs::create_dir_all(base.join("home")).unwrap();
        Scratch { base }
    }

    /// The project directory (the current directory of the command by default).
    pub fn root(&self) -> PathBuf {
        self.base.join("project")
    }

    /// The fake home directory.
    pub fn home(&self) -> PathBuf {
        self.base.join("home")
    }

    /// Write `text` to `rel` under the project directory.
    pub fn write(&self, rel: &str, text: &str) -> PathBuf {
        write_file(&self.root().join(rel), text)
    }

    /// Write `text` to `rel` under the home directory.
    pub fn write_home(&self, rel: &str, text: &str) -> PathBuf {
        write_file(&self.home().join(rel), text)
    }

    /// A command running `dockwright args...` in the project directory, with
    /// `$HOME` the fake home and no `XDG_CONFIG_HOME` / `NO_COLOR`.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_dockwright"));
        c.args(args)
            .current_dir(self.root())
            .env("HOME", self.home())
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("NO_COLOR")
            .stdin(Stdio::null());
        c
    }

    /// Run `dockwright args...` in the project directory.
    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(self.cmd(args).output().expect("run dockwright"))
    }

    /// Run `dockwright args...` with `stdin` as standard input.
    pub fn run_stdin(&self, args: &[&str], stdin: &str) -> Run {
        let mut cmd = self.cmd(args);
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("run dockwright");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        Run::from(child.wait_with_output().unwrap())
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.base);
    }
}

pub fn write_file(path: &Path, text: &str) -> PathBuf {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
    path.to_path_buf()
}

/// What a run produced.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Run {
    /// The JSON report on standard output.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!("not JSON ({e}):\n{}\nstderr:\n{}", self.stdout, self.stderr)
        })
    }

    /// `(path, code)` of every finding of the JSON report whose code is one of
    /// `codes` (other rules, added over time, are left out).
    pub fn findings(&self, codes: &[&str]) -> Vec<(String, String)> {
        let v = self.json();
        let mut out = Vec::new();
        for f in v["files"].as_array().unwrap() {
            for d in f["diagnostics"].as_array().unwrap() {
                let code = d["code"].as_str().unwrap();
                if codes.contains(&code) {
                    out.push((f["path"].as_str().unwrap().to_string(), code.to_string()));
                }
            }
        }
        out
    }

    /// The codes of [`Run::findings`], in order.
    pub fn codes(&self, codes: &[&str]) -> Vec<String> {
        self.findings(codes).into_iter().map(|(_, c)| c).collect()
    }

    /// The severity of the first finding of `code` in the JSON report.
    pub fn severity(&self, code: &str) -> Option<String> {
        let v = self.json();
        v["files"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|f| f["diagnostics"].as_array().unwrap())
            .find(|d| d["code"] == code)
            .map(|d| d["severity"].as_str().unwrap().to_string())
    }

    /// The paths of the files in the JSON report.
    pub fn paths(&self) -> Vec<String> {
        self.json()["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap().to_string())
            .collect()
    }

    /// Panic with both streams unless the exit status is `code`.
    #[track_caller]
    pub fn expect(&self, code: i32) -> &Run {
        assert_eq!(
            self.code, code,
            "exit status\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// Triggers DL3006 (line 1), DL3007 (line 2) and DL3003 (line 3).
pub const THREE: &str = "FROM debian AS base\nFROM alpine:latest\nRUN cd /tmp && make\n";
/// The codes the tests look at.
pub const CODES: &[&str] = &["DL3003", "DL3006", "DL3007"];
