//! `dockwright lint`: find the files, work out their configuration, lint, report,
//! and exit 0 (nothing at or over the failure threshold), 1 (something is) or 2
//! (usage or configuration error, or a file that could not be read).

use std::collections::{HashMap, HashSet};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::rc::Rc;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::Args;
use dockwright::config::files::FileConfig;
use dockwright::config::{FailureThreshold, Level, RuleSelector};
use dockwright::fix::Applicability;
use dockwright::report::{self, FileReport, Format, RenderOptions};
use dockwright::rules::Registry;
use dockwright::Linter;

use crate::discover::{self, Target};
use crate::settings::{self, Env, Kind, Loaded, TomlLookup};

/// The end of `dockwright lint -h`.
pub const CONFIG_SHORT_HELP: &str = "\
Configuration: .hadolint.yaml (found as hadolint finds it), then the nearest
dockwright.toml / .dockwright.toml / pyproject.toml [tool.dockwright], then flags;
--config FILE replaces the files. `--help` says more; see docs/configuration.md.
Exit status: 0 clean, 1 findings at or over the failure threshold, 2 errors.";

/// The end of `dockwright lint --help`: where configuration comes from.
pub const CONFIG_HELP: &str = "\
Configuration:
  Settings are layered, each layer over the one before:
    1. defaults
    2. .hadolint.yaml, the first that exists of (as hadolint looks):
         ./.hadolint.yaml, ./.hadolint.yml,
         $XDG_CONFIG_HOME/hadolint.yaml (~/.config/hadolint.yaml when unset), .yml,
         ~/.hadolint/hadolint.yaml, .yml, ~/.hadolint/config.yaml, .yml,
         ~/.hadolint.yaml, ~/.hadolint.yml
    3. the nearest .dockwright.toml, dockwright.toml, or pyproject.toml with a
       [tool.dockwright] table, looked for in each linted file's directory and
       then its parents (standard input: the --stdin-filename's directory, or the
       current directory)
    4. command-line flags
  --config FILE replaces 2 and 3 with FILE (.yaml/.yml: hadolint's format; .toml:
  dockwright's; another name: by content). A later `select` replaces earlier
  `select` and `ignore` lists; `ignore`, severities and trusted registries add up.
  See docs/configuration.md.

Exit status:
  0  no finding at or over the failure threshold (or --no-fail)
  1  findings at or over the failure threshold (default: info)
  2  usage or configuration error, or a file that could not be read";

/// A `--severity CODE=LEVEL` setting.
#[derive(Debug, Clone)]
pub struct SeveritySetting(RuleSelector, Level);

fn parse_severity(s: &str) -> Result<SeveritySetting, String> {
    let Some((sel, level)) = s.split_once('=') else {
        return Err("expected CODE=LEVEL (LEVEL: error, warning, info, style or off)".into());
    };
    if sel.trim().is_empty() {
        return Err("expected CODE=LEVEL: the rule code, name or category is missing".into());
    }
    let level = Level::parse(level).ok_or_else(|| {
        format!("unknown level `{level}` (expected error, warning, info, style or off)")
    })?;
    Ok(SeveritySetting(RuleSelector::parse(sel), level))
}

fn parse_threshold(s: &str) -> Result<FailureThreshold, String> {
    FailureThreshold::parse(s).ok_or_else(|| {
        format!("unknown level `{s}` (expected error, warning, info, style or none)")
    })
}

fn format_parser() -> impl TypedValueParser<Value = Format> {
    PossibleValuesParser::new(Format::ALL.map(|f| {
        let v = PossibleValue::new(f.name()).help(f.description());
        match f {
            Format::Tty => v.alias("text"),
            Format::Gitlab => v.alias("gitlab_codeclimate"),
            _ => v,
        }
    }))
    .map(|s| Format::parse(&s).unwrap_or(Format::Tty))
}

/// Options of `dockwright lint`.
#[derive(Args, Debug)]
pub struct LintArgs {
    /// Files and directories to lint; `-` reads standard input [default: the
    /// current directory]. Directories are searched for Dockerfile, Containerfile,
    /// *.Dockerfile, *.dockerfile, Dockerfile.* and Containerfile.*, skipping what
    /// .gitignore and .ignore files exclude.
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,
    /// Output format [default: tty, or `format` from a config file].
    #[arg(long, value_parser = format_parser())]
    pub format: Option<Format>,
    /// Use this configuration file instead of looking for one.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Run only these rules: codes, code prefixes, names, categories or ALL
    /// (comma-separated; repeatable). Replaces `select` and `ignore` of config files.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub select: Option<Vec<String>>,
    /// Do not run these rules (comma-separated; repeatable).
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Set the severity of a rule, code prefix or category: error, warning, info,
    /// style or off (repeatable).
    #[arg(long, value_name = "CODE=LEVEL", value_parser = parse_severity)]
    pub severity: Vec<SeveritySetting>,
    /// Exit 1 when a finding is at least this severe: error, warning, info, style,
    /// or none to never fail [default: info].
    #[arg(long, value_name = "LEVEL", value_parser = parse_threshold)]
    pub failure_threshold: Option<FailureThreshold>,
    /// A build argument's value, as for `docker build` (repeatable; NAME alone takes
    /// the value of the environment variable NAME).
    #[arg(long = "build-arg", value_name = "NAME=VALUE")]
    pub build_args: Vec<String>,
    /// A registry images may come from (repeatable; `*.example.com` allowed).
    #[arg(long = "trusted-registry", value_name = "REGISTRY")]
    pub trusted_registries: Vec<String>,
    /// Do not colour the output (colour is used only on a terminal, and never when
    /// NO_COLOR is set).
    #[arg(long)]
    pub no_color: bool,
    /// Ignore `# hadolint ignore=` and `# dockwright: ignore[...]` comments.
    #[arg(long)]
    pub disable_ignore_pragma: bool,
    /// Exit 0 whatever is found (unreadable files still exit 2).
    #[arg(long)]
    pub no_fail: bool,
    /// The name standard input is reported under, and where its configuration is
    /// looked for. Given without PATH, standard input is read.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Print the configuration files used to standard error.
    #[arg(short, long)]
    pub verbose: bool,
    /// Apply safe fixes (they never change what the image does) and write the files
    /// back; for standard input, print the fixed text and send the report to
    /// standard error. What remains is reported.
    #[arg(long)]
    pub fix: bool,
    /// Apply unsafe fixes too (implies `--fix`); review the result.
    #[arg(long)]
    pub unsafe_fixes: bool,
}

impl LintArgs {
    /// The settings the command line makes, as a layer over the config files.
    fn layer(&self) -> Result<FileConfig, String> {
        let selectors = |list: &[String]| -> Vec<RuleSelector> {
            list.iter()
                .filter(|s| !s.trim().is_empty())
                .map(|s| RuleSelector::parse(s))
                .collect()
        };
        let mut build_args = std::collections::BTreeMap::new();
        for a in &self.build_args {
            match a.split_once('=') {
                Some(("", _)) => {
                    return Err(format!("invalid --build-arg `{a}`: the name is missing"))
                }
                Some((k, v)) => {
                    build_args.insert(k.to_string(), v.to_string());
                }
                None => {
                    // As `docker build --build-arg NAME`: the environment's value.
                    if let Ok(v) = std::env::var(a) {
                        build_args.insert(a.clone(), v);
                    }
                }
            }
        }
        Ok(FileConfig {
            select: self.select.as_deref().map(selectors),
            ignore: selectors(&self.ignore),
            levels: self.severity.iter().map(|s| (s.0.clone(), s.1)).collect(),
            trusted_registries: self.trusted_registries.clone(),
            build_args,
            failure_threshold: self.failure_threshold,
            disable_ignore_pragma: self.disable_ignore_pragma.then_some(true),
            no_color: self.no_color.then_some(true),
            no_fail: self.no_fail.then_some(true),
            format: self.format.map(|f| f.name().to_string()),
            ..FileConfig::default()
        })
    }
}

/// How a selector was written.
fn show(sel: &RuleSelector) -> String {
    match sel {
        RuleSelector::All => "ALL".into(),
        RuleSelector::Code(c) => c.clone(),
        RuleSelector::Name(n) => n.clone(),
        RuleSelector::Category(c) => c.to_string(),
    }
}

/// Warn about codes and names that match no rule (hadolint configs are not
/// checked: they name ShellCheck codes and hadolint rules dockwright may not have).
fn warn_unknown_selectors(registry: &Registry, fc: &FileConfig, origin: &str) {
    let mut seen = HashSet::new();
    for sel in fc.selectors() {
        if !matches!(sel, RuleSelector::Code(_) | RuleSelector::Name(_)) {
            continue;
        }
        if registry.rules().any(|r| sel.matches(r.meta())) || !seen.insert(sel.clone()) {
            continue;
        }
        eprintln!(
            "dockwright: warning: {origin}: `{}` matches no rule (see `dockwright rules`)",
            show(sel)
        );
    }
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Hadolint => "hadolint",
        Kind::Dockwright => "dockwright",
        Kind::Pyproject => "pyproject [tool.dockwright]",
    }
}

/// Which format to use: the flag, else a config file's `format`, else `tty`.
fn resolve_format(layers: &[&Loaded]) -> Result<Format, String> {
    // The last layer that sets a format wins.
    for l in layers.iter().rev() {
        let Some(name) = &l.config.format else {
            continue;
        };
        if let Some(f) = Format::parse(name) {
            return Ok(f);
        }
        if l.kind == Kind::Hadolint {
            // hadolint formats dockwright does not have: say so, and carry on.
            eprintln!(
                "dockwright: warning: {}: format `{name}` is not supported; using tty",
                l.path.display()
            );
            return Ok(Format::Tty);
        }
        return Err(format!(
            "{}: `format`: unknown format `{name}` (expected one of {})",
            l.path.display(),
            Format::names().collect::<Vec<_>>().join(", ")
        ));
    }
    Ok(Format::Tty)
}

/// Run `dockwright lint`.
pub fn run(args: LintArgs) -> ExitCode {
    match lint(args) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("dockwright: error: {msg}");
            ExitCode::from(2)
        }
    }
}

fn lint(args: LintArgs) -> Result<ExitCode, String> {
    let env = Env::from_process()?;
    let registry = Registry::builtin();
    let cli = args.layer()?;
    warn_unknown_selectors(&registry, &cli, "command line");

    // The base layer: --config, or the .hadolint.yaml hadolint would use.
    let base: Option<Loaded> = match &args.config {
        Some(path) => Some(settings::load_explicit(path)?),
        None => settings::find_hadolint(&env)?,
    };
    let lookup_toml = args.config.is_none();
    if let Some(b) = &base {
        if args.verbose {
            eprintln!(
                "dockwright: config: {} ({})",
                b.path.display(),
                kind_name(b.kind)
            );
        }
        if b.kind != Kind::Hadolint {
            warn_unknown_selectors(&registry, &b.config, &b.path.display().to_string());
        }
    }
    let base_config = base.as_ref().map(|b| b.config.clone()).unwrap_or_default();

    let mut lookup = TomlLookup::new(&env.cwd);
    let mut warned: HashSet<PathBuf> = HashSet::new();
    let mut nearest = |dir: &Path| -> Result<Option<Rc<Loaded>>, String> {
        if !lookup_toml {
            return Ok(None);
        }
        let found = lookup.nearest(dir)?;
        if let Some(l) = &found {
            if warned.insert(l.path.clone()) {
                if args.verbose {
                    eprintln!(
                        "dockwright: config: {} ({})",
                        l.path.display(),
                        kind_name(l.kind)
                    );
                }
                warn_unknown_selectors(&registry, &l.config, &l.path.display().to_string());
            }
        }
        Ok(found)
    };

    // Settings of the whole run (format, colour, no-fail): from the files that
    // apply to the current directory.
    let run_toml = nearest(&env.cwd)?;
    let run_settings = base_config
        .clone()
        .merge(
            run_toml
                .as_ref()
                .map(|l| l.config.clone())
                .unwrap_or_default(),
        )
        .merge(cli.clone());
    let format = match args.format {
        Some(f) => f,
        None => {
            let layers: Vec<&Loaded> = base.iter().chain(run_toml.as_deref()).collect();
            resolve_format(&layers)?
        }
    };
    let no_fail = run_settings.no_fail.unwrap_or(false);
    let color = format == Format::Tty
        && !run_settings.no_color.unwrap_or(false)
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::io::stdout().is_terminal();

    let mut paths = args.paths.clone();
    if paths.is_empty() && args.stdin_filename.is_some() {
        paths.push("-".into());
    }
    let (targets, walk_errors) = discover::collect(&paths);
    let mut input_error = false;
    for e in &walk_errors {
        eprintln!("dockwright: error: {e}");
        input_error = true;
    }
    if targets.is_empty() && !input_error {
        eprintln!("dockwright: warning: no Dockerfiles found");
    }

    let mut linters: HashMap<Option<PathBuf>, Rc<Linter>> = HashMap::new();
    let mut reports = Vec::new();
    let mut failing = false;
    let fix_level = if args.unsafe_fixes {
        Some(Applicability::Unsafe)
    } else if args.fix {
        Some(Applicability::Safe)
    } else {
        None
    };
    let mut stdin_fixed: Option<String> = None;
    let mut fixed_count = 0usize;
    for target in targets {
        let (name, read, dir) = match &target {
            Target::Stdin => {
                let name = args.stdin_filename.clone().unwrap_or_else(|| "-".into());
                let dir = args
                    .stdin_filename
                    .as_ref()
                    .and_then(|n| env.cwd.join(n).parent().map(Path::to_path_buf))
                    .unwrap_or_else(|| env.cwd.clone());
                (name, crate::input::read("-"), dir)
            }
            Target::File(p) => {
                let full = env.cwd.join(p);
                let dir = full
                    .parent()
                    .map_or_else(|| env.cwd.clone(), Path::to_path_buf);
                (p.display().to_string(), crate::input::read_file(p), dir)
            }
        };
        let text = match read {
            Ok(t) => t,
            Err(e) => {
                eprintln!("dockwright: error: {e}");
                input_error = true;
                continue;
            }
        };
        let toml = nearest(&dir)?;
        let key = toml.as_ref().map(|l| l.path.clone());
        let linter = linters
            .entry(key)
            .or_insert_with(|| {
                let fc = base_config
                    .clone()
                    .merge(toml.as_ref().map(|l| l.config.clone()).unwrap_or_default())
                    .merge(cli.clone());
                Rc::new(Linter::new(fc.config()))
            })
            .clone();
        let (text, result) = match fix_level {
            None => {
                let result = linter.lint(&text);
                (text, result)
            }
            Some(level) => {
                let fixed = linter.fix(&text, level);
                fixed_count += fixed.applied;
                match &target {
                    Target::Stdin => stdin_fixed = Some(fixed.text.clone()),
                    Target::File(p) if fixed.applied > 0 => {
                        if let Err(e) = std::fs::write(p, &fixed.text) {
                            eprintln!("dockwright: error: cannot write {}: {e}", p.display());
                            input_error = true;
                        }
                    }
                    Target::File(_) => {}
                }
                (fixed.text, fixed.remaining)
            }
        };
        failing |= result.fails(linter.config());
        reports.push(FileReport {
            path: name,
            source: text,
            diagnostics: result.diagnostics,
        });
    }
    if fix_level.is_some() {
        eprintln!(
            "dockwright: applied {fixed_count} fix{}",
            if fixed_count == 1 { "" } else { "es" }
        );
    }

    let out = report::render(format, &reports, &registry, &RenderOptions { color });
    match &stdin_fixed {
        // With `--fix` on standard input, the fixed text is the output.
        Some(fixed) => {
            eprint!("{out}");
            if !crate::print_out(fixed) {
                return Err("cannot write to standard output".into());
            }
        }
        None => {
            if !crate::print_out(&out) {
                return Err("cannot write to standard output".into());
            }
        }
    }
    Ok(if input_error {
        ExitCode::from(2)
    } else if failing && !no_fail {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
