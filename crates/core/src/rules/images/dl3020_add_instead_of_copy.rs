use crate::fix::{Edit, Fix};
use crate::rules::util::{expand_marking_unknown, UNKNOWN_VALUE};
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::syntax::{Body, Word};

crate::declare_rule! {
    /// ## What it does
    /// Reports an `ADD` of a local file or directory, which `COPY` does the same way.
    ///
    /// ## Why
    /// `ADD` does more than copy: it downloads URLs, clones Git repositories and unpacks
    /// local tar archives. Using it for plain files hides which of these is meant, and
    /// a file that happens to be a tar archive gets unpacked by surprise. `COPY` says
    /// what happens.
    ///
    /// A source is fine with `ADD` when it is a URL (`http://`, `https://`), a Git
    /// repository (`git@host:repo`, `git://`, `ssh://`), or a local archive by its
    /// extension (`.tar`, `.tgz`, `.gz`, `.bz2`, `.xz`, `.zst` and their short forms).
    /// `ADD` does not unpack `.zip`, `.Z`, `.lz` or `.lzma` files, nor directories
    /// (`dist.tar/`), so those are reported. Variables are expanded
    /// (`ARG URL=https://...` then `ADD $URL /tmp/`); a source whose start or end
    /// depends on a variable with no known value is not judged. The instruction is
    /// reported when any of its sources is a plain local path. `ONBUILD ADD` is checked
    /// too.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ADD app.py requirements.txt /srv/
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY app.py requirements.txt /srv/
    /// ADD https://example.com/tool.tar.gz /opt/
    /// ADD rootfs.tar.xz /
    /// ```
    ///
    /// ## Fix
    /// When every source is a plain local path (or a heredoc), the fix replaces `ADD`
    /// with `COPY`. It is safe: for such sources both instructions copy the same files
    /// with the same flags. It is unsafe when a source comes from a variable, which a
    /// build argument could turn into a URL or an archive. There is no fix when an `ADD` mixes plain files with
    /// archives or URLs (split it by hand), nor with `ADD`-only flags (`--checksum`,
    /// `--keep-git-dir`, `--unpack`).
    pub struct AddInsteadOfCopy {
        code: "DL3020",
        name: "add-instead-of-copy",
        category: Maintainability,
        severity: Error,
        fix: Sometimes,
    }
}

/// What an `ADD` source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// A URL or a Git repository: `ADD` is needed.
    Remote,
    /// A local archive that `ADD` unpacks.
    Archive,
    /// A plain local file or directory (or a heredoc).
    Local,
    /// Depends on a value not known here.
    Unknown,
}

impl Rule for AddInsteadOfCopy {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        for info in model.instructions() {
            let inst = info.effective();
            let Body::Add(add) = &inst.body else { continue };
            let heredoc = !inst.heredocs.is_empty();
            let kinds: Vec<(&Word, Source)> = add
                .sources()
                .iter()
                .map(|w| {
                    let kind = if heredoc && w.text.starts_with("<<") {
                        Source::Local
                    } else if info.onbuild && w.text.contains('$') {
                        // Expanded in the child build, with its variables.
                        Source::Unknown
                    } else {
                        match expand_marking_unknown(model, info.index, &w.text) {
                            Some(v) => classify(&v),
                            None => Source::Unknown,
                        }
                    };
                    (w, kind)
                })
                .collect();
            let Some((first_local, _)) = kinds.iter().find(|(_, k)| *k == Source::Local) else {
                continue;
            };
            let all_local = kinds.iter().all(|(_, k)| *k == Source::Local);
            let add_only_flag = ["checksum", "keep-git-dir", "unpack"]
                .iter()
                .any(|f| inst.flag(f).is_some());
            let message = if all_local {
                "Use COPY instead of ADD for files and folders".to_string()
            } else {
                format!(
                    "Use COPY instead of ADD for files and folders: `{}` is a local path; copy it with a separate COPY",
                    first_local.text
                )
            };
            let keyword = &inst.keyword;
            if all_local && !add_only_flag {
                let copy = if keyword.text.chars().any(|c| c.is_ascii_lowercase()) {
                    "copy"
                } else {
                    "COPY"
                };
                let edits = vec![Edit::replace(keyword.span, copy)];
                // A build argument could turn a source given through a variable into
                // a URL or an archive, which COPY would not fetch or unpack.
                let fix = if kinds.iter().any(|(w, _)| w.text.contains('$')) {
                    Fix::unsafe_("Replace ADD with COPY", edits)
                } else {
                    Fix::safe("Replace ADD with COPY", edits)
                };
                ctx.report_with_fix(keyword.span, message, fix);
            } else {
                ctx.report(keyword.span, message);
            }
        }
    }
}

/// Classify an expanded source (unknown variable values marked with
/// [`UNKNOWN_VALUE`]).
fn classify(src: &str) -> Source {
    if src.starts_with(UNKNOWN_VALUE) {
        return Source::Unknown;
    }
    let lower = src.to_ascii_lowercase();
    if ["http://", "https://", "git://", "ssh://", "git@"]
        .iter()
        .any(|p| lower.starts_with(p))
    {
        return Source::Remote;
    }
    if src.ends_with(UNKNOWN_VALUE) {
        return Source::Unknown;
    }
    if is_archive(&lower) {
        Source::Archive
    } else {
        Source::Local
    }
}

/// Whether a (lower-cased) path names a tar archive, plain or compressed in a format
/// BuildKit detects (gzip, bzip2, xz, zstd), by its extension; a wildcard
/// (`*.tar.gz`) counts. A trailing `/` names a directory, which is never unpacked;
/// `.zip`, `.Z`, `.lz` and `.lzma` files are copied as they are.
fn is_archive(path: &str) -> bool {
    const EXTENSIONS: [&str; 11] = [
        ".tar", ".tgz", ".gz", ".bz2", ".tbz", ".tbz2", ".tb2", ".xz", ".txz", ".zst", ".tzst",
    ];
    EXTENSIONS.iter().any(|e| path.ends_with(e))
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{codes, fixed};

    #[test]
    fn archives_and_urls_are_fine() {
        for add in [
            "ADD file.tar /usr/src/app/",
            "ADD file.gz /usr/src/app/",
            "ADD file.bz2 /usr/src/app/",
            "ADD file.xz /usr/src/app/",
            "ADD file.tgz /usr/src/app/",
            "ADD rootfs.tar.zst /",
            "ADD \"file.tgz\" /usr/src/app/",
            "ADD http://file.com /usr/src/app/",
            "ADD \"http://file.com\" /usr/src/app/",
            "ADD --checksum=sha256:0123 https://example.com/a /a",
            "ADD git@github.com:moby/buildkit.git /src",
            "ADD --keep-git-dir=true https://github.com/moby/buildkit.git#v0.13 /src",
            "ADD [\"a.tgz\", \"b.tar.xz\", \"/x/\"]",
            "ADD *.tar.gz /x/",
        ] {
            let src = format!("FROM a:1\n{add}\n");
            assert!(codes(&src, "DL3020").is_empty(), "{add}");
        }
    }

    #[test]
    fn local_files_are_reported() {
        for add in [
            "ADD file /usr/src/app/",
            "ADD file.zip /usr/src/app/",
            "ADD \"file.zip\" /usr/src/app/",
            "ADD . /app",
            "ADD --chown=1000 a /x",
            "ADD --link a /x",
            "ADD [\"a\", \"/x/\"]",
            "ADD a.tar.gz b /x/",
            "ADD <<EOF /x\nhello\nEOF",
            "ADD file.lzma /x/",
            "ADD file.tar.gz/ /x/",
        ] {
            let src = format!("FROM a:1\n{add}\n");
            assert_eq!(codes(&src, "DL3020"), vec![2], "{add}");
        }
        assert_eq!(codes("FROM a:1\nONBUILD ADD . /app\n", "DL3020"), vec![2]);
    }

    #[test]
    fn variables_are_expanded() {
        assert!(codes(
            "FROM a:1\nARG URL=https://example.com/x.bin\nADD $URL /x\n",
            "DL3020"
        )
        .is_empty());
        assert!(codes("FROM a:1\nENV PKG=jdk.tar.gz\nADD ${PKG} /opt\n", "DL3020").is_empty());
        assert_eq!(
            codes("FROM a:1\nARG F=config.yml\nADD $F /etc/\n", "DL3020"),
            vec![3]
        );
        // Unknown: could be a URL or an archive.
        assert!(codes("FROM a:1\nARG URL\nADD $URL /x\n", "DL3020").is_empty());
        assert!(codes("FROM a:1\nADD app-$VERSION /x\n", "DL3020").is_empty());
        assert!(codes("FROM a:1\nONBUILD ADD $SRC /x\n", "DL3020").is_empty());
        // Known to be a local non-archive whatever the variable is.
        assert_eq!(
            codes("FROM a:1\nADD app-$VERSION.jar /x\n", "DL3020"),
            vec![2]
        );
        // The destination does not matter.
        assert_eq!(codes("FROM a:1\nADD . $APP_HOME\n", "DL3020"), vec![2]);
    }

    #[test]
    fn fix_turns_add_into_copy_for_plain_sources() {
        assert_eq!(
            fixed("FROM a:1\nADD --chown=app a b /x/\n", "DL3020"),
            "FROM a:1\nCOPY --chown=app a b /x/\n"
        );
        assert_eq!(
            fixed("FROM a:1\nadd . /app\n", "DL3020"),
            "FROM a:1\ncopy . /app\n"
        );
        assert_eq!(
            fixed("FROM a:1\nONBUILD ADD . /app\n", "DL3020"),
            "FROM a:1\nONBUILD COPY . /app\n"
        );
        assert_eq!(
            fixed("FROM a:1\nADD <<EOF /x\nhi\nEOF\n", "DL3020"),
            "FROM a:1\nCOPY <<EOF /x\nhi\nEOF\n"
        );
        // A source from a variable: unsafe.
        let var = "FROM a:1\nARG F=config.yml\nADD $F /etc/\n";
        assert_eq!(fixed(var, "DL3020"), var);
        // Mixed sources: report, no fix.
        let mixed = "FROM a:1\nADD a.tar.gz b /x/\n";
        assert_eq!(fixed(mixed, "DL3020"), mixed);
        let out = fixed("FROM a:1\nADD a /x\n", "DL3020");
        assert!(codes(&out, "DL3020").is_empty());
    }

    #[test]
    fn fix_details() {
        let unsafe_fixed = |src: &str| {
            crate::rules::test_support::fixed_with(src, "DL3020", crate::fix::Applicability::Unsafe)
        };
        // Exec form and flags COPY knows are kept.
        assert_eq!(
            fixed("FROM a:1\nADD --chmod=644 [\"a\", \"/x/\"]\n", "DL3020"),
            "FROM a:1\nCOPY --chmod=644 [\"a\", \"/x/\"]\n"
        );
        // Idempotent: a second run changes nothing.
        let out = fixed("FROM a:1\nADD a /x\nADD b /y\n", "DL3020");
        assert_eq!(out, "FROM a:1\nCOPY a /x\nCOPY b /y\n");
        assert_eq!(fixed(&out, "DL3020"), out);
        // A source from a variable: offered as an unsafe fix.
        assert_eq!(
            unsafe_fixed("FROM a:1\nARG F=config.yml\nADD $F /etc/\n"),
            "FROM a:1\nARG F=config.yml\nCOPY $F /etc/\n"
        );
        // ADD-only flags: reported, no fix at all.
        let src = "FROM a:1\nADD --keep-git-dir=true a /x\n";
        assert_eq!(codes(src, "DL3020"), vec![2]);
        assert_eq!(unsafe_fixed(src), src);
    }
}
