//! Which files `dockwright lint` reads: files named on the command line, standard
//! input, and Dockerfiles found in directories (recursively, honouring `.gitignore`
//! and `.ignore` files whether or not the directory is in a git repository).

use std::path::{Path, PathBuf};

/// One input of a lint run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Standard input.
    Stdin,
    /// A file: named on the command line (always read, whatever its name) or found
    /// in a directory.
    File(PathBuf),
}

/// Directories never searched (version-control metadata).
const SKIP_DIRS: &[&str] = &[".git", ".hg", ".svn", ".jj"];

/// Whether a file name looks like a Dockerfile: `Dockerfile`, `Containerfile`,
/// `*.Dockerfile`, `*.dockerfile`, `Dockerfile.*`, `Containerfile.*` (but not
/// BuildKit's per-Dockerfile ignore files, `*.dockerignore`).
pub fn is_dockerfile_name(name: &str) -> bool {
    if name.ends_with(".dockerignore") || name.ends_with(".containerignore") {
        return false;
    }
    name == "Dockerfile"
        || name == "Containerfile"
        || (name.len() > ".Dockerfile".len()
            && (name.ends_with(".Dockerfile") || name.ends_with(".dockerfile")))
        || (name.len() > "Dockerfile.".len() && name.starts_with("Dockerfile."))
        || (name.len() > "Containerfile.".len() && name.starts_with("Containerfile."))
}

/// The inputs named by `paths` (the current directory when empty), in order;
/// directories expand to the Dockerfiles under them, sorted by path. Problems
/// walking a directory are returned as messages.
pub fn collect(paths: &[String]) -> (Vec<Target>, Vec<String>) {
    let default = [".".to_string()];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut targets = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p == "-" {
            targets.push(Target::Stdin);
            continue;
        }
        let path = Path::new(p);
        if path.is_dir() {
            walk(path, &mut targets, &mut errors);
        } else {
            // Named files are read whatever their name; one that does not exist
            // fails when it is read, with the other files still linted.
            targets.push(Target::File(path.to_path_buf()));
        }
    }
    // A file named twice (or named and found in a directory) is linted once.
    let mut seen = std::collections::HashSet::new();
    targets.retain(|t| match t {
        Target::File(p) => seen.insert(
            p.components()
                .filter(|c| !matches!(c, std::path::Component::CurDir))
                .collect::<PathBuf>(),
        ),
        Target::Stdin => true,
    });
    (targets, errors)
}

fn walk(dir: &Path, targets: &mut Vec<Target>, errors: &mut Vec<String>) {
    let mut builder = ignore::WalkBuilder::new(dir);
    builder
        .hidden(false)
        .require_git(false)
        .follow_links(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(|e| {
            !(e.file_type().is_some_and(|t| t.is_dir())
                && e.file_name()
                    .to_str()
                    .is_some_and(|n| SKIP_DIRS.contains(&n)))
        });
    for entry in builder.build() {
        match entry {
            Ok(e) => {
                let is_file = e.file_type().is_some_and(|t| t.is_file());
                let named = e.file_name().to_str().is_some_and(is_dockerfile_name);
                if is_file && named {
                    let p = e.path();
                    let p = p.strip_prefix("./").unwrap_or(p);
                    targets.push(Target::File(p.to_path_buf()));
                }
            }
            Err(e) => errors.push(format!("cannot search {}: {e}", dir.display())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockerfile_names() {
        for yes in [
            "Dockerfile",
            "Containerfile",
            "api.Dockerfile",
            "api.dockerfile",
            "Dockerfile.dev",
            "Containerfile.prod",
        ] {
            assert!(is_dockerfile_name(yes), "{yes}");
        }
        for no in [
            "dockerfile",
            "Dockerfile.dockerignore",
            "api.Dockerfile.dockerignore",
            ".dockerignore",
            "Dockerfile.",
            ".Dockerfile",
            "README.md",
            "Dockerfiles",
            "docker-compose.yml",
        ] {
            assert!(!is_dockerfile_name(no), "{no}");
        }
    }
}
