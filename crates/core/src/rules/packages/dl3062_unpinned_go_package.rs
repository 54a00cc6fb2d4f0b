use super::common::{check_pin_by_value, for_each_command, list_names, Pin};
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::shell::commands::go::go;

crate::declare_rule! {
    /// ## What it does
    /// Reports remote Go packages installed with `go install`, `go get` or `go run`
    /// without a version (`golang.org/x/tools/gopls` rather than
    /// `golang.org/x/tools/gopls@v0.16.2`), or with one that moves (`@latest`,
    /// `@master`).
    ///
    /// ## Why
    /// Without a version, `go install` builds whatever the module's newest release (or
    /// default branch) is that day: the image changes between builds of the same
    /// Dockerfile, and a new release can break it without any change on your side.
    /// `pkg@v1.2.3` (or a commit hash) makes the build reproducible.
    ///
    /// `@latest`, `@upgrade`, `@patch` and the branch names `@master`, `@main` and
    /// `@HEAD` pick whatever is newest and are reported too. Packages of your own
    /// module and of the standard library need no version: local paths (`.`, `./cmd/app`,
    /// `./...`), `.go` files, and import paths whose first element has no dot
    /// (`std`, `cmd/...`, `myapp/cmd/server`). `go get pkg@none` removes a dependency.
    /// For `go run`, only the package is checked, not the program's arguments.
    /// Variables are expanded with the ARG and ENV values in scope and the variables
    /// the script sets: `pkg@$V` is judged by the value of `V` when it is known
    /// (`ARG V=latest` is reported), and counts as a version when it is not. Heredoc
    /// scripts and ONBUILD triggers are checked like any RUN.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23
    /// RUN go install golang.org/x/tools/gopls@latest
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.23
    /// RUN go install golang.org/x/tools/gopls@v0.16.2
    /// ```
    ///
    /// ## Fix
    /// None: pick the version you test against (`go list -m -versions <module>` lists
    /// them).
    pub struct UnpinnedGoPackage {
        code: "DL3062",
        name: "unpinned-go-package",
        category: Correctness,
        severity: Warning,
        fix: None,
    }
}

/// Versions that name whatever is newest: queries and usual branch names.
const MOVING: &[&str] = &["latest", "upgrade", "patch", "master", "main", "HEAD"];

/// Whether a `go install`/`go get` operand is pinned, or needs no version (local
/// code, the standard library, a `.go` file). A path with an expansion is not
/// decided here (its value is).
pub(super) fn go_pinned(p: &str) -> bool {
    let p = p.trim();
    if let Some((_, v)) = p.split_once('@') {
        return !v.is_empty() && !MOVING.contains(&v);
    }
    if p.contains('$') {
        return false;
    }
    if p.ends_with(".go") || p.starts_with(['.', '/', '~']) || p.is_empty() {
        return true;
    }
    // Only paths whose first element is a domain are downloaded.
    !p.split('/').next().unwrap_or(p).contains('.')
}

impl Rule for UnpinnedGoPackage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        for_each_command(model, |run, cmd| {
            let Some(g) = go(cmd) else { return };
            let sub = match g.subcommand_name() {
                Some(s @ ("install" | "get" | "run")) => s,
                _ => return,
            };
            // `go run pkg args...`: the words after the package are its arguments.
            let n = if sub == "run" { 1 } else { usize::MAX };
            for pkg in g.packages.iter().take(n) {
                let word = pkg.word;
                match check_pin_by_value(&run.env, word, cmd.span.start, go_pinned) {
                    Pin::Pinned => {}
                    Pin::Unpinned(names) => {
                        let first = names.first().cloned().unwrap_or_default();
                        let (path, version) = match first.split_once('@') {
                            Some((p, v)) => (p.to_string(), Some(v.to_string())),
                            None => (first.clone(), None),
                        };
                        let what = match version {
                            Some(v) => format!(
                                "{} names no version (`{v}` is whatever is newest)",
                                list_names(&names)
                            ),
                            None => format!(
                                "{} {} no version",
                                list_names(&names),
                                if names.len() == 1 { "has" } else { "have" }
                            ),
                        };
                        ctx.report(
                            word.span(),
                            format!(
                                "Pin versions in go {sub}: {what}; use `go {sub} {path}@<version>`"
                            ),
                        );
                    }
                    Pin::Unknown => {
                        ctx.report(
                            word.span(),
                            format!(
                                "Pin versions in go {sub}: `{}` expands to packages not known here, which may have no version",
                                word.lossy()
                            ),
                        );
                    }
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::testing::messages;
    use crate::rules::test_support::codes;

    const C: &str = "DL3062";

    #[test]
    fn unpinned_packages_are_reported() {
        for run in [
            "go install github.com/go-delve/delve/cmd/dlv",
            "go install github.com/go-delve/delve/cmd/dlv@latest",
            "go install github.com/go-delve/delve/cmd/dlv@master",
            "go install -tags netgo -ldflags '-s -w' github.com/x/y",
            "go get github.com/x/y",
            "go get -u github.com/x/y/...",
            "go get golang.org/x/tools@upgrade",
            "go run github.com/x/y",
            "GO111MODULE=on go get gopkg.in/yaml.v3",
            "go install $TOOL",
        ] {
            let src = format!("FROM golang:1.23\nRUN {run}\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
        }
        assert_eq!(
            codes(
                "FROM golang:1.23\nRUN go install github.com/x/y@v1.0.0 github.com/a/b\n",
                C
            ),
            vec![2]
        );
        assert_eq!(
            codes(
                "FROM golang:1.23\nONBUILD RUN go install github.com/x/y\n",
                C
            ),
            vec![2]
        );
        assert_eq!(
            messages("FROM golang:1.23\nRUN go install golang.org/x/tools/gopls@latest\n", C),
            ["Pin versions in go install: `golang.org/x/tools/gopls@latest` names no version (`latest` is whatever is newest); use `go install golang.org/x/tools/gopls@<version>`"]
        );
    }

    #[test]
    fn pinned_and_local_packages_are_fine() {
        for run in [
            "go install github.com/go-delve/delve/cmd/dlv@v1.23.1",
            "go install github.com/x/y@1a2b3c4d",
            "go install golang.org/x/tools/gopls@${GOPLS_VERSION}",
            "go install \"github.com/x/y@v1\"",
            "go install -ldflags=-X=main.v=1 ./cmd/app",
            "go install -o /bin/app ./cmd",
            "go install .",
            "go install ./...",
            "go install",
            "go install std",
            "go install cmd/app",
            "go install myapp/cmd/server",
            "go get",
            "go get -d ./...",
            "go get github.com/x/y@none",
            "go run main.go",
            "go run ./cmd/tool --config config.yaml",
            "go run github.com/x/y@v1.0.0 example.com",
            "go build github.com/x/y",
            "go mod download",
        ] {
            let src = format!("FROM golang:1.23\nRUN {run}\n");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
    }

    #[test]
    fn variables_are_expanded() {
        assert!(codes(
            "FROM golang:1.23\nARG DLV=github.com/go-delve/delve/cmd/dlv@v1.23.1\nRUN go install $DLV\n",
            C
        )
        .is_empty());
        assert!(codes(
            "FROM golang:1.23\nARG V=v1.23.1\nRUN go install github.com/go-delve/delve/cmd/dlv@$V\n",
            C
        )
        .is_empty());
        assert_eq!(
            codes(
                "FROM golang:1.23\nARG REPO=github.com/x/y\nRUN go install $REPO/cmd/tool\n",
                C
            ),
            vec![3]
        );
    }

    #[test]
    fn heredocs_exec_form_and_wrappers_are_checked() {
        assert_eq!(
            codes(
                "FROM golang:1.23\nRUN <<EOF\ngo install github.com/x/y\nEOF\n",
                C
            ),
            vec![3]
        );
        assert_eq!(
            codes(
                "FROM golang:1.23\nRUN <<EOF bash\nset -e\ngo install github.com/x/y@v1.0.0 github.com/a/b@latest\nEOF\n",
                C
            ),
            vec![4]
        );
        for run in [
            "[\"go\", \"install\", \"github.com/x/y\"]",
            "sudo go install github.com/x/y",
            "sh -c 'go install github.com/x/y'",
            "env CGO_ENABLED=0 go install github.com/x/y",
        ] {
            let src = format!("FROM golang:1.23\nRUN {run}\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
            let pinned = src.replace("github.com/x/y", "github.com/x/y@v1.2.3");
            assert!(codes(&pinned, C).is_empty(), "{pinned}");
        }
        assert!(codes(
            "FROM golang:1.23\nONBUILD RUN go install github.com/x/y@v1.2.3\n",
            C
        )
        .is_empty());
    }

    #[test]
    fn script_and_unknown_variables() {
        assert!(codes(
            "FROM golang:1.23\nRUN V=v1.2.3 && go install \"github.com/x/y@$V\"\n",
            C
        )
        .is_empty());
        assert_eq!(
            codes(
                "FROM golang:1.23\nRUN V=latest && go install \"github.com/x/y@$V\"\n",
                C
            ),
            vec![2]
        );
        // Set nowhere: may name any package.
        assert_eq!(
            codes("FROM golang:1.23\nRUN go install $TOOLS\n", C),
            vec![2]
        );
    }

    #[test]
    fn known_variable_values_are_judged_by_value() {
        for src in [
            "ARG V=latest\nRUN go install github.com/x/y@$V\n",
            "ENV V=master\nRUN go install \"github.com/x/y@${V}\"\n",
        ] {
            let src = format!("FROM golang:1.23\n{src}");
            assert_eq!(codes(&src, C), vec![3], "{src}");
        }
        assert_eq!(
            messages(
                "FROM golang:1.23\nARG V=latest\nRUN go install github.com/x/y@$V\n",
                C
            ),
            ["Pin versions in go install: `github.com/x/y@latest` names no version (`latest` is whatever is newest); use `go install github.com/x/y@<version>`"]
        );
        // In a trigger, this file's ARG is not set: the text names a version.
        assert!(codes(
            "FROM golang:1.23\nARG V=latest\nONBUILD RUN go install github.com/x/y@$V\n",
            C
        )
        .is_empty());
    }
}
