use super::{gnu_options, invocations, GnuOpt, Invocation};
use crate::fix::Fix;
use crate::rules::{Rule, RuleContext, RuleMeta};

crate::declare_rule! {
    /// ## What it does
    /// Reports `wget` run without `--progress`, `-nv`, `-q` or another option
    /// that keeps its progress output short.
    ///
    /// ## Why
    /// A build has no terminal, so wget falls back to its "dot" progress display:
    /// one dot per kilobyte, a line every 50 KB. Downloading a 200 MB archive
    /// writes some 4,000 lines to the build log, which buries the useful output
    /// and can hit the log size limit of CI systems. `--progress=dot:giga` (one
    /// line per 32 MB), `-nv` (one line per file, errors kept) or `-q` (silent)
    /// keep the log readable.
    ///
    /// Every wget a RUN runs is checked: behind wrappers (`sudo wget`, `env ...
    /// wget`), written as a path (`/usr/bin/wget`), as `busybox wget`, inside
    /// `$(...)`, `sh -c '...'` strings, heredoc scripts, exec-form RUNs and ONBUILD
    /// triggers. Also fine: `-o`/`-a` (log to a file), `-b` (background, logs to
    /// `wget-log`), `-e progress=...`, `--version`, and a standard error
    /// redirected away from the log (`2>/dev/null`, `&>file`, `2>&1`). An
    /// explicit `--progress=dot` or `--progress=bar` (which falls back to dots
    /// without a terminal) is reported.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN wget https://example.com/app.tar.gz
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// RUN wget -nv https://example.com/app.tar.gz
    /// ```
    ///
    /// ```dockerfile
    /// FROM debian:12
    /// RUN wget --progress=dot:giga https://example.com/app.tar.gz
    /// ```
    ///
    /// ## Fix
    /// Safe: adds `-nv` right after `wget` (only the log changes; `-nv` is
    /// understood by GNU wget, wget2 and BusyBox wget, unlike `--progress`, which
    /// BusyBox rejects). Not offered where the position of `wget` in the file is
    /// not exactly known (an exec-form string with escapes).
    pub struct WgetWithoutProgress {
        code: "DL3047",
        name: "wget-without-progress",
        category: Maintainability,
        severity: Info,
        fix: Sometimes,
    }
}

const MESSAGE: &str = "Avoid wget without a progress option: its progress dots fill the build log; use `wget --progress=dot:giga <url>`, or `-nv` (`--no-verbose`) or `-q` (`--quiet`)";

/// Short options of GNU wget that take a value.
const SHORT_VALUES: &str = "OoaPtTUiewQBlADRIXn";

/// Long options of GNU wget that take a value.
const LONG_VALUES: &[&str] = &[
    "--output-document",
    "--output-file",
    "--append-output",
    "--directory-prefix",
    "--tries",
    "--timeout",
    "--user-agent",
    "--header",
    "--user",
    "--password",
    "--http-user",
    "--http-password",
    "--input-file",
    "--execute",
    "--wait",
    "--quota",
    "--post-data",
    "--post-file",
    "--base",
    "--bind-address",
    "--limit-rate",
    "--ca-certificate",
    "--certificate",
    "--private-key",
    "--level",
    "--accept",
    "--reject",
    "--domains",
    "--exclude-domains",
    "--load-cookies",
    "--save-cookies",
    "--method",
    "--body-data",
    "--ca-directory",
    "--progress",
    "--referer",
];

/// Whether a `--progress` style writes the default dots without a terminal.
fn progress_is_default(style: &str) -> bool {
    matches!(
        style.trim().to_ascii_lowercase().as_str(),
        "dot" | "dot:default" | "bar"
    )
}

/// Whether one option keeps wget's progress out of the build log.
fn keeps_log_short(o: &GnuOpt) -> bool {
    let value = o.value.as_deref().unwrap_or("");
    match o.name.as_str() {
        "-q" | "--quiet" | "--no-verbose" | "-o" | "--output-file" | "-a" | "--append-output"
        | "-b" | "--background" | "-V" | "--version" | "-h" | "--help" => true,
        // `-nv`: `-n` takes letters, `v` is "no verbose".
        "-n" => value.contains('v'),
        "--progress" => !o.value_static || !progress_is_default(value),
        "-e" | "--execute" => {
            let v = value.to_ascii_lowercase().replace([' ', '_', '-'], "");
            match v.split_once('=') {
                Some(("progress", style)) => !progress_is_default(style),
                Some(("quiet", on)) => matches!(on, "on" | "1" | "yes" | "true"),
                Some(("verbose", off)) => matches!(off, "off" | "0" | "no" | "false"),
                _ => false,
            }
        }
        _ => false,
    }
}

/// Whether this wget writes its default progress to the build log.
pub(super) fn bloats_log(inv: &Invocation) -> bool {
    inv.program == "wget"
        && !inv.stderr_redirected
        && !gnu_options(&inv.args, SHORT_VALUES, LONG_VALUES)
            .iter()
            .any(keeps_log_short)
}

impl Rule for WgetWithoutProgress {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        for info in model.instructions() {
            for inv in invocations(model, info) {
                if !bloats_log(&inv) {
                    continue;
                }
                match inv.insert_flag("-nv") {
                    Some(edit) => ctx.report_with_fix(
                        inv.span,
                        MESSAGE,
                        Fix::safe("Add `-nv` (`--no-verbose`)", vec![edit]),
                    ),
                    None => {
                        ctx.report(inv.span, MESSAGE);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{codes, fixed};

    const C: &str = "DL3047";

    #[test]
    fn plain_wget_is_reported_wherever_it_runs() {
        for (src, lines) in [
            ("FROM a:1\nRUN wget https://e.x/a.tgz\n", vec![2]),
            ("FROM a:1\nRUN wget -O /tmp/a https://e.x/a\n", vec![2]),
            ("FROM a:1\nRUN set -e; \\\n  wget https://e.x/a\n", vec![3]),
            ("FROM a:1\nONBUILD RUN wget https://e.x/a\n", vec![2]),
            (
                "FROM a:1\nRUN <<EOF\nset -e\nwget https://e.x/a\nEOF\n",
                vec![4],
            ),
            ("FROM a:1\nRUN sudo wget https://e.x/a\n", vec![2]),
            ("FROM a:1\nRUN /usr/bin/wget https://e.x/a\n", vec![2]),
            ("FROM a:1\nRUN busybox wget https://e.x/a\n", vec![2]),
            ("FROM a:1\nRUN echo $(wget -O- https://e.x/v)\n", vec![2]),
            ("FROM a:1\nRUN sh -c 'wget https://e.x/a'\n", vec![2]),
            ("FROM a:1\nRUN [\"wget\", \"https://e.x/a\"]\n", vec![2]),
            ("FROM a:1\nRUN wget --progress=dot https://e.x/a\n", vec![2]),
            ("FROM a:1\nRUN wget $URL && wget $URL2\n", vec![2, 2]),
        ] {
            assert_eq!(codes(src, C), lines, "{src}");
        }
    }

    #[test]
    fn quiet_or_short_progress_is_fine() {
        for src in [
            "FROM a:1\nRUN wget -q https://e.x/a\n",
            "FROM a:1\nRUN wget -qO- https://e.x/a | tar xz\n",
            "FROM a:1\nRUN wget --quiet https://e.x/a\n",
            "FROM a:1\nRUN wget -nv https://e.x/a\n",
            "FROM a:1\nRUN wget --no-verbose https://e.x/a\n",
            "FROM a:1\nRUN wget --progress=dot:giga https://e.x/a\n",
            "FROM a:1\nRUN wget --progress dot:mega https://e.x/a\n",
            "FROM a:1\nRUN wget --progress=bar:force https://e.x/a\n",
            "FROM a:1\nRUN wget -o /tmp/log https://e.x/a\n",
            "FROM a:1\nRUN wget -a /tmp/log https://e.x/a\n",
            "FROM a:1\nRUN wget -e progress=dot:giga https://e.x/a\n",
            "FROM a:1\nRUN wget https://e.x/a 2>/dev/null\n",
            "FROM a:1\nRUN wget https://e.x/a &> /tmp/log\n",
            "FROM a:1\nRUN wget --version\n",
            "FROM a:1\nRUN apt-get install -y wget\n",
            "FROM a:1\nRUN python3 <<EOF\nwget = 1\nEOF\n",
            "FROM a:1\nRUN [\"wget\", \"-q\", \"https://e.x/a\"]\n",
            // The URL looks like an option only to a careless reader.
            "FROM a:1\nRUN wget --header 'X: 1' -q https://e.x/a\n",
        ] {
            assert!(codes(src, C).is_empty(), "{src}");
        }
    }

    #[test]
    fn option_values_are_not_options() {
        // `-q` here is the value of `-O`, a file name.
        assert_eq!(
            codes("FROM a:1\nRUN wget -O -q https://e.x/a\n", C),
            vec![2]
        );
    }

    #[test]
    fn fix_adds_no_verbose() {
        assert_eq!(
            fixed(
                "FROM a:1\nRUN wget https://e.x/a && sudo wget -O b https://e.x/b\n",
                C
            ),
            "FROM a:1\nRUN wget -nv https://e.x/a && sudo wget -nv -O b https://e.x/b\n"
        );
        assert_eq!(
            fixed("FROM a:1\nRUN [\"wget\", \"https://e.x/a\"]\n", C),
            "FROM a:1\nRUN [\"wget\", \"-nv\", \"https://e.x/a\"]\n"
        );
        assert_eq!(
            fixed("FROM a:1\nRUN sh -c 'wget https://e.x/a'\n", C),
            "FROM a:1\nRUN sh -c 'wget -nv https://e.x/a'\n"
        );
        for src in [
            "FROM a:1\nRUN wget https://e.x/a\n",
            "FROM a:1\nRUN <<EOF\nwget https://e.x/a\nEOF\n",
            "FROM a:1\nONBUILD RUN busybox wget https://e.x/a\n",
        ] {
            let once = fixed(src, C);
            assert!(codes(&once, C).is_empty(), "{once}");
            assert_eq!(fixed(&once, C), once);
        }
    }

    #[test]
    fn heredoc_shells_and_escaped_strings() {
        assert_eq!(
            codes(
                "FROM a:1\nRUN <<EOF bash\nset -e\nwget https://e.x/a\nEOF\n",
                C
            ),
            vec![4]
        );
        assert!(codes("FROM a:1\nCOPY <<EOF /get.sh\nwget https://e.x/a\nEOF\n", C).is_empty());
        // In an exec-form string with escapes the position is not exact: no fix.
        let src = "FROM a:1\nRUN [\"sh\", \"-c\", \"wget \\\"https://e.x/a\\\"\"]\n";
        assert_eq!(codes(src, C), vec![2]);
        assert_eq!(fixed(src, C), src);
    }
}
