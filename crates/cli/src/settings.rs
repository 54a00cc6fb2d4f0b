//! Where configuration comes from (see `docs/configuration.md`):
//!
//! 1. `--config FILE` replaces the lookup: that file alone (a `.hadolint.yaml` or a
//!    `dockwright.toml` / `pyproject.toml`, told apart by name, else by content).
//! 2. Otherwise a `.hadolint.yaml` found as hadolint finds it (the first of the
//!    current directory, `$XDG_CONFIG_HOME` or `~/.config`, `~/.hadolint/`,
//!    `~` — see [`hadolint_candidates`]), and over it the nearest
//!    `.dockwright.toml`, `dockwright.toml` or `pyproject.toml` with a
//!    `[tool.dockwright]` table, looked for in the linted file's directory and
//!    then each parent (for standard input: the `--stdin-filename`'s directory, or
//!    the current directory).
//! 3. Command-line flags over all of it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use dockwright::config::files::{self, ConfigError, FileConfig};

/// The process environment the lookup depends on (tests set these in the child).
#[derive(Debug, Clone)]
pub struct Env {
    /// The current directory.
    pub cwd: PathBuf,
    /// `$HOME`.
    pub home: Option<PathBuf>,
    /// `$XDG_CONFIG_HOME`, when set to an absolute path.
    pub xdg_config_home: Option<PathBuf>,
}

impl Env {
    /// Read the current directory and environment variables.
    pub fn from_process() -> Result<Env, String> {
        let cwd = std::env::current_dir()
            .map_err(|e| format!("cannot read the current directory: {e}"))?;
        let non_empty = |v: &str| {
            std::env::var_os(v)
                .filter(|s| !s.is_empty())
                .map(PathBuf::from)
        };
        Ok(Env {
            cwd,
            home: non_empty("HOME"),
            xdg_config_home: non_empty("XDG_CONFIG_HOME").filter(|p| p.is_absolute()),
        })
    }
}

/// What kind of configuration file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// hadolint's `.hadolint.yaml`.
    Hadolint,
    /// `dockwright.toml` / `.dockwright.toml`.
    Dockwright,
    /// `pyproject.toml` with `[tool.dockwright]`.
    Pyproject,
}

/// A configuration file that was read.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// Where it is.
    pub path: PathBuf,
    /// What kind of file.
    pub kind: Kind,
    /// What it sets.
    pub config: FileConfig,
}

fn error(path: &Path, e: &ConfigError) -> String {
    format!("{}: {e}", path.display())
}

fn read_text(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Read `path` as a configuration file of `kind`. A `pyproject.toml` without a
/// `[tool.dockwright]` table gives `None`.
pub fn load(path: &Path, kind: Kind) -> Result<Option<Loaded>, String> {
    let text = read_text(path)?;
    let config = match kind {
        Kind::Hadolint => Some(files::parse_hadolint_yaml(&text).map_err(|e| error(path, &e))?),
        Kind::Dockwright => Some(files::parse_dockwright_toml(&text).map_err(|e| error(path, &e))?),
        Kind::Pyproject => files::parse_pyproject_toml(&text).map_err(|e| error(path, &e))?,
    };
    Ok(config.map(|config| Loaded {
        path: path.to_path_buf(),
        kind,
        config,
    }))
}

/// Read the file given to `--config`: `.yaml`/`.yml` is a `.hadolint.yaml`,
/// `pyproject.toml` is read for `[tool.dockwright]`, `.toml` is a
/// `dockwright.toml`; another name is read as TOML when it is TOML, else as YAML.
pub fn load_explicit(path: &Path) -> Result<Loaded, String> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let kind = match ext.as_deref() {
        Some("yaml" | "yml") => Some(Kind::Hadolint),
        _ if name == "pyproject.toml" => Some(Kind::Pyproject),
        Some("toml") => Some(Kind::Dockwright),
        _ => None,
    };
    if let Some(kind) = kind {
        return load(path, kind)?
            .ok_or_else(|| format!("{}: no [tool.dockwright] table", path.display()));
    }
    let text = read_text(path)?;
    let config = match files::parse_dockwright_toml(&text) {
        Ok(c) => Ok((Kind::Dockwright, c)),
        // Valid TOML with a wrong key or value: a dockwright.toml with a mistake.
        Err(e) if !matches!(e, ConfigError::Syntax { .. }) => Err(error(path, &e)),
        Err(toml_err) => match files::parse_hadolint_yaml(&text) {
            Ok(c) => Ok((Kind::Hadolint, c)),
            Err(yaml_err) => Err(format!(
                "{}: neither a dockwright.toml ({toml_err}) nor a .hadolint.yaml ({yaml_err})",
                path.display()
            )),
        },
    }?;
    Ok(Loaded {
        path: path.to_path_buf(),
        kind: config.0,
        config: config.1,
    })
}

/// Where hadolint looks for its configuration, in its order (the first file that
/// exists wins): `./.hadolint.yaml`, `./.hadolint.yml`, then in
/// `$XDG_CONFIG_HOME` (or `~/.config` when unset) `hadolint.yaml`, `hadolint.yml`,
/// then `~/.hadolint/` `hadolint.yaml`, `hadolint.yml`, `config.yaml`,
/// `config.yml`, then `~/.hadolint.yaml`, `~/.hadolint.yml`.
pub fn hadolint_candidates(env: &Env) -> Vec<PathBuf> {
    let hidden = [".hadolint.yaml", ".hadolint.yml"];
    let visible = ["hadolint.yaml", "hadolint.yml"];
    let more = ["config.yaml", "config.yml"];
    let mut out: Vec<PathBuf> = hidden.iter().map(|f| env.cwd.join(f)).collect();
    let xdg = env
        .xdg_config_home
        .clone()
        .or_else(|| env.home.as_ref().map(|h| h.join(".config")));
    if let Some(xdg) = xdg {
        out.extend(visible.iter().map(|f| xdg.join(f)));
    }
    if let Some(home) = &env.home {
        let app = home.join(".hadolint");
        out.extend(visible.iter().chain(&more).map(|f| app.join(f)));
        out.extend(hidden.iter().map(|f| home.join(f)));
    }
    out
}

/// The `.hadolint.yaml` hadolint would use, read.
pub fn find_hadolint(env: &Env) -> Result<Option<Loaded>, String> {
    match hadolint_candidates(env).into_iter().find(|p| p.is_file()) {
        Some(path) => load(&path, Kind::Hadolint),
        None => Ok(None),
    }
}

/// The names looked for in each directory, in order.
const OUR_FILES: [(&str, Kind); 3] = [
    (".dockwright.toml", Kind::Dockwright),
    ("dockwright.toml", Kind::Dockwright),
    ("pyproject.toml", Kind::Pyproject),
];

/// Finds the nearest `dockwright.toml` (or `.dockwright.toml`, or `pyproject.toml`
/// with `[tool.dockwright]`) of a directory, remembering what it found.
pub struct TomlLookup {
    cache: HashMap<PathBuf, Option<Rc<Loaded>>>,
    /// The current directory, canonical: files under it are named relative to it.
    cwd: Option<PathBuf>,
}

impl TomlLookup {
    /// A lookup that names files under `cwd` relative to it.
    pub fn new(cwd: &Path) -> TomlLookup {
        TomlLookup {
            cache: HashMap::new(),
            cwd: cwd.canonicalize().ok(),
        }
    }

    /// The configuration file nearest to `dir`: in `dir`, else in its parents.
    pub fn nearest(&mut self, dir: &Path) -> Result<Option<Rc<Loaded>>, String> {
        let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        let mut visited = Vec::new();
        let mut found = None;
        for d in dir.ancestors() {
            if let Some(hit) = self.cache.get(d) {
                found = hit.clone();
                break;
            }
            visited.push(d.to_path_buf());
            if let Some(loaded) = self.in_dir(d)? {
                found = Some(Rc::new(loaded));
                break;
            }
        }
        for d in visited {
            self.cache.insert(d, found.clone());
        }
        Ok(found)
    }

    fn in_dir(&self, dir: &Path) -> Result<Option<Loaded>, String> {
        for (name, kind) in OUR_FILES {
            let path = dir.join(name);
            if path.is_file() {
                let path = match self.cwd.as_ref().and_then(|c| path.strip_prefix(c).ok()) {
                    Some(rel) => rel.to_path_buf(),
                    None => path,
                };
                if let Some(loaded) = load(&path, kind)? {
                    return Ok(Some(loaded));
                }
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hadolint_order() {
        let env = Env {
            cwd: "/w".into(),
            home: Some("/h".into()),
            xdg_config_home: None,
        };
        let got: Vec<String> = hadolint_candidates(&env)
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        assert_eq!(
            got,
            [
                "/w/.hadolint.yaml",
                "/w/.hadolint.yml",
                "/h/.config/hadolint.yaml",
                "/h/.config/hadolint.yml",
                "/h/.hadolint/hadolint.yaml",
                "/h/.hadolint/hadolint.yml",
                "/h/.hadolint/config.yaml",
                "/h/.hadolint/config.yml",
                "/h/.hadolint.yaml",
                "/h/.hadolint.yml",
            ]
        );
        let env = Env {
            xdg_config_home: Some("/x".into()),
            ..env
        };
        assert_eq!(
            hadolint_candidates(&env)[2],
            PathBuf::from("/x/hadolint.yaml")
        );
    }
}
