//! The `dockwright` command-line tool.

mod discover;
mod input;
mod lint_cmd;
mod pyjson;
mod rules_cmd;
mod settings;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

// The syntax tree allocates many small strings; mimalloc makes that markedly cheaper
// than the system allocator (see the parse benchmark in the README).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Read Dockerfiles the way BuildKit does; lint them and fix them.
#[derive(Parser, Debug)]
#[command(name = "dockwright", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// Lint Dockerfiles.
    #[command(after_help = lint_cmd::CONFIG_SHORT_HELP, after_long_help = lint_cmd::CONFIG_HELP)]
    Lint(lint_cmd::LintArgs),
    /// List every rule: code, name, category, default severity, fix, default on/off.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = rules_cmd::RulesFormat::Text)]
        format: rules_cmd::RulesFormat,
    },
    /// Print the documentation of a rule.
    Explain {
        /// A rule code (`DL3006`) or name (`untagged-image`).
        rule: String,
    },
    /// Parse Dockerfiles and print their syntax tree.
    Parse {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ParseFormat::Json)]
        format: ParseFormat,
        /// Files to parse; `-` reads standard input.
        #[arg(required = true)]
        files: Vec<String>,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ParseFormat {
    /// One JSON object per file in the shape of BuildKit's parser output.
    Buildkit,
    /// dockwright's full syntax tree with spans, one JSON object per file.
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Cmd::Parse { format, files } => parse_cmd(format, &files),
        Cmd::Lint(args) => lint_cmd::run(args),
        Cmd::Rules { format } => rules_cmd::rules(format),
        Cmd::Explain { rule } => rules_cmd::explain(&rule),
    }
}

/// Write `text` to standard output; a closed pipe (`| head`) is not an error.
pub(crate) fn print_out(text: &str) -> bool {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => true,
        Err(e) => e.kind() == std::io::ErrorKind::BrokenPipe,
    }
}

fn parse_cmd(format: ParseFormat, files: &[String]) -> ExitCode {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = false;
    for name in files {
        let text = match input::read(name) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("dockwright: {e}");
                failed = true;
                continue;
            }
        };
        let df = dockwright::parse(&text);
        let line = match format {
            ParseFormat::Buildkit => buildkit_json(name, &df),
            ParseFormat::Json => tree_json(name, &df),
        };
        if writeln!(out, "{line}").is_err() {
            return ExitCode::from(2);
        }
    }
    if out.flush().is_err() {
        return ExitCode::from(2);
    }
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

fn buildkit_json(name: &str, df: &dockwright::Dockerfile) -> String {
    use serde_json::{json, Value};
    let v: Value = match dockwright::syntax::buildkit::buildkit_view(df) {
        Ok(list) => json!({"file": name, "instructions": list}),
        Err(e) => json!({"file": name, "error": e.message}),
    };
    pyjson::to_string(&v)
}

fn tree_json(name: &str, df: &dockwright::Dockerfile) -> String {
    use serde_json::json;
    let loc = |s: dockwright::syntax::Span| {
        let l = df.location(s);
        json!({"start": s.start, "end": s.end, "line": l.start.line, "column": l.start.column,
               "end_line": l.end.line, "end_column": l.end.column})
    };
    let nodes: Vec<_> = df
        .nodes()
        .iter()
        .map(|n| {
            let mut v = serde_json::to_value(n).unwrap_or(serde_json::Value::Null);
            if let Some(obj) = v.as_object_mut() {
                obj.insert("location".into(), loc(n.span()));
            }
            v
        })
        .collect();
    let diagnostics: Vec<_> = df
        .diagnostics()
        .iter()
        .map(|d| json!({"severity": d.severity, "message": d.message, "location": loc(d.span)}))
        .collect();
    let v = json!({
        "file": name,
        "escape": df.escape().to_string(),
        "bom": df.has_bom(),
        "directives": df.directives(),
        "nodes": nodes,
        "tokens": df.tokens(),
        "diagnostics": diagnostics,
    });
    serde_json::to_string(&v).unwrap_or_default()
}
