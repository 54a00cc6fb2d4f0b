use crate::rules::shell::invocations;
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::syntax::{Body, Span};

crate::declare_rule! {
    /// ## What it does
    /// Reports a `COPY` of a local tar archive that a later `RUN` of the same stage
    /// extracts (`tar -x`, or decompresses with `gunzip`, `xz -d`...).
    ///
    /// ## Why
    /// `ADD` extracts a local tar archive (plain, gzip, bzip2 or xz) into the image by
    /// itself. Copying the archive and extracting it in a `RUN` leaves the archive in
    /// a layer, making the image larger, and takes an extra step. Only archives `ADD`
    /// can extract count: a `.zip`, a `.zst` or a plain `.gz` that is not a tar is not
    /// reported. The archive is recognised by its file name in the `RUN` (any
    /// directory, `/` or Windows `\` separated, variables expanded), and only
    /// `RUN`s of the stage that copied it count. Heredoc scripts, exec-form `RUN`s,
    /// `sh -c` strings and `sudo`/`env` wrappers are looked into. An `ONBUILD COPY`
    /// counts with the `ONBUILD RUN`s after it (both run in the child image's
    /// build), not with the stage's own `RUN`s.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// COPY app.tar.gz /tmp/
    /// RUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// ADD app.tar.gz /opt/
    /// ```
    ///
    /// ## Fix
    /// Replace the `COPY` and the extraction with `ADD archive /destination/`.
    pub struct ExtractWithAdd {
        code: "DL3010",
        name: "extract-with-add",
        category: Size,
        severity: Info,
        fix: None,
    }
}

/// File name endings of tar archives `ADD` extracts.
const TAR_ENDINGS: &[&str] = &[
    ".tar", ".tar.gz", ".tgz", ".taz", ".tar.bz2", ".tbz", ".tbz2", ".tb2", ".tar.xz", ".txz",
];

fn is_tar_archive(name: &str) -> bool {
    TAR_ENDINGS
        .iter()
        .any(|e| name.len() > e.len() && name.ends_with(e))
}

/// The last component of a path, `/` or (Windows) `\` separated.
fn basename(path: &str) -> &str {
    path.trim_end_matches(['/', '\\'])
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(path)
}

/// Whether a program run with `args` extracts or decompresses its file arguments.
fn extracts(program: &str, args: &[String]) -> bool {
    match program {
        "tar" | "bsdtar" | "gtar" => args.iter().enumerate().any(|(i, a)| {
            a == "--extract"
                || a == "--get"
                || (a.starts_with('-') && !a.starts_with("--") && a.contains('x'))
                || (i == 0 && !a.starts_with('-') && a.contains('x'))
        }),
        "gunzip" | "bunzip2" | "unxz" | "zcat" | "bzcat" | "xzcat" => true,
        "gzip" | "bzip2" | "xz" => args.iter().any(|a| {
            a == "--decompress" || (a.starts_with('-') && !a.starts_with("--") && a.contains('d'))
        }),
        _ => false,
    }
}

impl Rule for ExtractWithAdd {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        for stage in model.stages() {
            // Archives copied so far: (file name in the image, where to report), for
            // the stage's own build ([0]) and for ONBUILD triggers ([1]), which run
            // together in the build of a child image.
            let mut archives: [Vec<(String, Span)>; 2] = [Vec::new(), Vec::new()];
            let mut reported: Vec<Span> = Vec::new();
            for info in model.stage_instructions(stage) {
                let archives = &mut archives[usize::from(info.onbuild)];
                match &info.effective().body {
                    Body::Copy(copy) if info.effective().flag("from").is_none() => {
                        let Some(dest) = copy.destination() else {
                            continue;
                        };
                        let dest = model.expand(info.index, &dest.text).value;
                        for src in copy.sources() {
                            let name = model.expand(info.index, &src.text).value;
                            if !is_tar_archive(basename(&name)) {
                                continue;
                            }
                            archives.push((basename(&name).to_string(), src.span));
                            if copy.sources().len() == 1
                                && !dest.ends_with(['/', '\\'])
                                && dest != "."
                            {
                                archives.push((basename(&dest).to_string(), src.span));
                            }
                        }
                    }
                    Body::Run(_) => {
                        for inv in invocations(model, info) {
                            let args: Vec<String> = inv
                                .args
                                .iter()
                                .map(|a| model.expand(info.index, &a.text).value)
                                .collect();
                            if !extracts(&inv.program, &args) {
                                continue;
                            }
                            for a in &args {
                                let name = basename(a);
                                for (archive, span) in archives.iter() {
                                    if archive == name && !reported.contains(span) {
                                        reported.push(*span);
                                    }
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
            reported.sort_by_key(|s| s.start);
            for span in reported {
                ctx.report(
                    span,
                    "Use ADD for extracting archives into an image: this archive is copied, then extracted by a later RUN",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::codes;

    #[test]
    fn copied_then_extracted() {
        for (copy, run) in [
            ("COPY a.tar.gz /tmp/", "tar -xzf /tmp/a.tar.gz"),
            ("COPY a.tar.gz /tmp/a.tar.gz", "tar -xzf /tmp/a.tar.gz"),
            ("COPY a.tar.gz /tmp/x.tar.gz", "tar -xzf /tmp/x.tar.gz"),
            ("COPY a.tar /tmp/", "tar xf /tmp/a.tar"),
            ("COPY a.tar /tmp/", "tar --extract -f /tmp/a.tar"),
            ("COPY a.tar.xz /tmp/", "tar -C /opt -xJf /tmp/a.tar.xz"),
            ("COPY a.tgz b.tar /tmp/", "cd /tmp && tar -xf b.tar"),
            ("COPY a.tar.gz /tmp/", "gunzip /tmp/a.tar.gz"),
            ("COPY a.tar.gz /tmp/", "zcat /tmp/a.tar.gz | tar x"),
            ("COPY a.tar.bz2 /tmp/", "bzip2 -d /tmp/a.tar.bz2"),
        ] {
            let src = format!("FROM debian:12\n{copy}\nRUN {run}\n");
            assert_eq!(codes(&src, "DL3010"), vec![2], "{copy} / {run}");
        }
    }

    #[test]
    fn other_cases() {
        for (copy, run) in [
            ("COPY a.tar.gz /tmp/", "echo /tmp/a.tar.gz"),
            ("COPY a.tar.gz /tmp/", "tar -tzf /tmp/a.tar.gz"),
            ("COPY a.tar.gz /tmp/", "tar -xzf /tmp/b.tar.gz"),
            ("COPY a.zip /tmp/", "unzip /tmp/a.zip"),
            ("COPY a.gz /tmp/", "gunzip /tmp/a.gz"),
            ("COPY a.tar.zst /tmp/", "tar -xf /tmp/a.tar.zst"),
            ("COPY --from=x a.tar.gz /tmp/", "tar -xzf /tmp/a.tar.gz"),
            ("ADD a.tar.gz /tmp/", "tar -xzf /tmp/a.tar.gz"),
        ] {
            let src = format!("FROM debian:12\n{copy}\nRUN {run}\n");
            assert!(codes(&src, "DL3010").is_empty(), "{copy} / {run}");
        }
        // Another stage.
        assert!(codes(
            "FROM debian:12\nCOPY a.tar.gz /tmp/\nFROM debian:12\nRUN tar -xzf /tmp/a.tar.gz\n",
            "DL3010"
        )
        .is_empty());
        // Extraction before the copy.
        assert!(codes(
            "FROM debian:12\nRUN tar -xzf /tmp/a.tar.gz\nCOPY a.tar.gz /tmp/\n",
            "DL3010"
        )
        .is_empty());
    }

    #[test]
    fn heredoc_exec_form_and_wrappers() {
        for run in [
            "<<EOF\ncd /tmp\ntar -xzf a.tar.gz\nEOF",
            "<<EOF bash\ntar -xzf /tmp/a.tar.gz\nEOF",
            "[\"tar\", \"-xzf\", \"/tmp/a.tar.gz\"]",
            "[\"/bin/sh\", \"-c\", \"tar -xzf /tmp/a.tar.gz\"]",
            "sh -c 'tar -xzf /tmp/a.tar.gz'",
            "sudo tar -xzf /tmp/a.tar.gz",
            "env LC_ALL=C tar -xzf /tmp/a.tar.gz",
        ] {
            let src = format!("FROM debian:12\nCOPY a.tar.gz /tmp/\nRUN {run}\n");
            assert_eq!(codes(&src, "DL3010"), vec![2], "{run}");
        }
        let src =
            "FROM debian:12\nCOPY a.tar.gz /tmp/\nRUN [\"tar\", \"-tzf\", \"/tmp/a.tar.gz\"]\n";
        assert!(codes(src, "DL3010").is_empty());
    }

    #[test]
    fn variables_are_expanded() {
        // In the COPY source and destination.
        let src = "FROM debian:12\nARG PKG=app-1.2.tar.gz\nCOPY $PKG /tmp/\nRUN tar -xzf /tmp/app-1.2.tar.gz\n";
        assert_eq!(codes(src, "DL3010"), vec![3]);
        let src =
            "FROM debian:12\nENV DEST=/tmp/x.tgz\nCOPY a.tgz ${DEST}\nRUN tar -xzf /tmp/x.tgz\n";
        assert_eq!(codes(src, "DL3010"), vec![3]);
        // In the RUN.
        let src =
            "FROM debian:12\nARG V=1.2\nCOPY app-1.2.tar /tmp/\nRUN tar -xf /tmp/app-$V.tar\n";
        assert_eq!(codes(src, "DL3010"), vec![3]);
        // A name of unknown value matches nothing.
        let src = "FROM debian:12\nCOPY $UNSET /tmp/\nRUN tar -xf /tmp/a.tar\n";
        assert!(codes(src, "DL3010").is_empty());
        let src =
            "FROM debian:12\nARG V=2.0\nCOPY app-1.2.tar /tmp/\nRUN tar -xf /tmp/app-$V.tar\n";
        assert!(codes(src, "DL3010").is_empty());
    }

    #[test]
    fn onbuild_triggers_are_checked_together() {
        let src =
            "FROM debian:12\nONBUILD COPY a.tar.gz /tmp/\nONBUILD RUN tar -xzf /tmp/a.tar.gz\n";
        assert_eq!(codes(src, "DL3010"), vec![2]);
        // A trigger runs in another build than the stage's own instructions.
        let src = "FROM debian:12\nONBUILD COPY a.tar.gz /tmp/\nRUN tar -xzf /tmp/a.tar.gz\n";
        assert!(codes(src, "DL3010").is_empty());
        let src = "FROM debian:12\nCOPY a.tar.gz /tmp/\nONBUILD RUN tar -xzf /tmp/a.tar.gz\n";
        assert!(codes(src, "DL3010").is_empty());
    }

    #[test]
    fn each_copy_is_reported_once() {
        let src = "FROM debian:12\nCOPY b.tar a.tar /tmp/\nRUN tar -xf /tmp/a.tar && tar -xf /tmp/b.tar\nRUN tar -xf /tmp/a.tar\n";
        assert_eq!(codes(src, "DL3010"), vec![2, 2]);
    }

    #[test]
    fn windows_paths() {
        let src = "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"bash\", \"-c\"]\nCOPY build\\foo\\bar.tar.gz \"C:\\Program Files\\Foo\\\"\nRUN tar -xf \"C:\\Program Files\\Foo\\bar.tar.gz\"\n";
        assert_eq!(codes(src, "DL3010"), vec![4], "{src}");
    }
}
