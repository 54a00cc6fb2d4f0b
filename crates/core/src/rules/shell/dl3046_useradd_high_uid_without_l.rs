use super::{gnu_options, invocations};
use crate::fix::Fix;
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::semantic::{Model, VarOrigin};
use crate::syntax::Body;

crate::declare_rule! {
    /// ## What it does
    /// Reports `useradd` with a high UID (100000 or more, or one a build argument
    /// sets) and without `-l` (`--no-log-init`).
    ///
    /// ## Why
    /// `useradd` records the new user in `/var/log/lastlog` and
    /// `/var/log/faillog`, files indexed by UID: for UID 1,000,000 lastlog grows
    /// to some 290 MB. On disk the file is sparse, but image layers do not keep
    /// holes, so the image carries every byte. `-l` skips these records, which a
    /// container never reads.
    ///
    /// The UID is read however it is written: `-u 123456`, `-u123456`,
    /// `--uid 123456`, `--uid=123456`, in clusters such as `-ru 123456`. A UID
    /// from a build argument (`ARG uid=1000` then `useradd -u ${uid}`, also
    /// through an `ENV uid=$uid`) is reported whatever its default: such an
    /// argument exists to be set, typically to the builder's own UID, and host
    /// UIDs from a directory service are often in the millions. A UID from an
    /// `ENV` with a fixed value is checked as that number; one whose value is not
    /// known at all (a shell variable, a variable set by the base image) is
    /// reported.
    /// `useradd` is found behind wrappers (`sudo`), inside `sh -c '...'`
    /// strings, heredoc scripts, exec-form RUNs and ONBUILD triggers.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN useradd -u 1000000 -m app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// RUN useradd -l -u 1000000 -m app
    /// ```
    ///
    /// ```dockerfile
    /// FROM debian:12
    /// RUN useradd -u 1000 -m app
    /// ```
    ///
    /// ## Fix
    /// Safe: adds `-l` right after `useradd` (it only leaves out the lastlog and
    /// faillog records). Not offered where the position of `useradd` in the file
    /// is not exactly known (an exec-form string with escapes).
    pub struct UseraddHighUidWithoutL {
        code: "DL3046",
        name: "useradd-high-uid-without-l",
        category: Size,
        severity: Warning,
        fix: Sometimes,
    }
}

/// Short options of shadow's useradd that take a value.
const SHORT_VALUES: &str = "bcdefgGkKpPRsuZ";

/// Long options of shadow's useradd that take a value.
const LONG_VALUES: &[&str] = &[
    "--base-dir",
    "--comment",
    "--home-dir",
    "--expiredate",
    "--inactive",
    "--gid",
    "--groups",
    "--skel",
    "--key",
    "--password",
    "--prefix",
    "--root",
    "--shell",
    "--uid",
    "--selinux-user",
    "--btrfs-subvolume-home",
];

/// The smallest UID reported.
const HIGH_UID: u64 = 100_000;

/// Names of the variables `$NAME` and `${NAME...}` in `text`.
fn variable_names(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        rest = &rest[at + 1..];
        let body = rest.strip_prefix('{').unwrap_or(rest);
        let len = body
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(body.len());
        if len > 0 {
            out.push(&body[..len]);
        }
    }
    out
}

/// Whether the value of `name`, as seen by instruction `index`, comes from a
/// build argument: an ARG, or an ENV whose value uses one.
fn from_build_arg(model: &Model<'_>, index: usize, name: &str, depth: usize) -> bool {
    let Some(var) = model.scope(index).get(name) else {
        return false;
    };
    match var.origin {
        VarOrigin::Arg => true,
        VarOrigin::Predefined => false,
        VarOrigin::Env => {
            if depth > 8 {
                return false;
            }
            let stage = model.instructions().get(index).and_then(|i| i.stage);
            let env = model.instructions()[..index.min(model.instructions().len())]
                .iter()
                .rev()
                .filter(|i| i.stage == stage && !i.onbuild)
                .find_map(|i| match &i.effective().body {
                    Body::Env(pairs) => pairs
                        .iter()
                        .rev()
                        .find(|p| p.key.text == name)
                        .map(|p| (i.index, p.value.text.clone())),
                    _ => None,
                });
            env.is_some_and(|(at, value)| {
                variable_names(&value)
                    .into_iter()
                    .any(|n| from_build_arg(model, at, n, depth + 1))
            })
        }
    }
}

/// Bytes of `/var/log/lastlog` per UID (one `struct lastlog` each).
const LASTLOG_ENTRY: u64 = 292;

/// What an unknown UID can cost.
const UNKNOWN_SIZE: &str = "/var/log/lastlog can grow to hundreds of megabytes";

/// What a known high UID costs.
fn known_size(uid: u64, from: String) -> String {
    let mb = (uid.saturating_add(1)).saturating_mul(LASTLOG_ENTRY) / 1_000_000;
    format!("with UID {uid}{from}, /var/log/lastlog alone grows to about {mb} MB")
}

/// Why a UID is a problem (a clause for the message), or `None` when it is not.
fn uid_problem(model: &Model<'_>, index: usize, uid: &str, is_static: bool) -> Option<String> {
    let uid = uid.trim();
    if is_static {
        let n: u64 = uid.parse().ok()?;
        return (n >= HIGH_UID).then(|| known_size(n, String::new()));
    }
    // `${NAME}` (the text of an expansion).
    let name = uid
        .strip_prefix("${")
        .and_then(|r| r.strip_suffix('}'))
        .filter(|n| n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    let Some(name) = name else {
        return Some(format!(
            "with UID `{uid}`, whose value is not known, {UNKNOWN_SIZE}"
        ));
    };
    if from_build_arg(model, index, name, 0) {
        return Some(format!(
            "with a UID from build argument `${name}`, which the build may set high, {UNKNOWN_SIZE}"
        ));
    }
    match model
        .scope(index)
        .get(name)
        .and_then(|v| v.value.as_deref())
    {
        Some(v) => {
            let n: u64 = v.trim().parse().ok()?;
            (n >= HIGH_UID).then(|| known_size(n, format!(" (from `${name}`)")))
        }
        None => Some(format!(
            "with UID `${name}`, whose value is not known, {UNKNOWN_SIZE}"
        )),
    }
}

impl Rule for UseraddHighUidWithoutL {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        for info in model.instructions() {
            for inv in invocations(model, info) {
                if inv.program != "useradd" {
                    continue;
                }
                let opts = gnu_options(&inv.args, SHORT_VALUES, LONG_VALUES);
                if opts
                    .iter()
                    .any(|o| o.name == "-l" || o.name == "--no-log-init")
                {
                    continue;
                }
                let Some(uid) = opts
                    .iter()
                    .rev()
                    .find(|o| (o.name == "-u" || o.name == "--uid") && o.value.is_some())
                else {
                    continue;
                };
                let value = uid.value.as_deref().unwrap_or("");
                let Some(why) = uid_problem(model, info.index, value, uid.value_static) else {
                    continue;
                };
                let msg = format!(
                    "`useradd` without `-l` and a high UID bloats the image: {why}; add `-l` (`--no-log-init`)"
                );
                match inv.insert_flag("-l") {
                    Some(edit) => {
                        ctx.report_with_fix(inv.span, msg, Fix::safe("Add `-l`", vec![edit]))
                    }
                    None => {
                        ctx.report(inv.span, msg);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{codes, fixed};

    const C: &str = "DL3046";

    #[test]
    fn high_uids_without_l_are_reported() {
        for (src, lines) in [
            ("FROM a:1\nRUN useradd -u 123456 app\n", vec![2]),
            ("FROM a:1\nRUN useradd -u123456 app\n", vec![2]),
            ("FROM a:1\nRUN useradd --uid 123456 app\n", vec![2]),
            ("FROM a:1\nRUN useradd --uid=123456 app\n", vec![2]),
            ("FROM a:1\nRUN useradd -ru 123456 app\n", vec![2]),
            ("FROM a:1\nRUN useradd -u \"100000\" app\n", vec![2]),
            ("FROM a:1\nRUN sudo useradd -u 123456 app\n", vec![2]),
            (
                "FROM a:1\nRUN set -e; \\\n  useradd -m -u 999999 app\n",
                vec![3],
            ),
            ("FROM a:1\nONBUILD RUN useradd -u 123456 app\n", vec![2]),
            ("FROM a:1\nRUN <<EOF\nuseradd -u 123456 app\nEOF\n", vec![3]),
            ("FROM a:1\nRUN sh -c 'useradd -u 123456 app'\n", vec![2]),
            (
                "FROM a:1\nRUN [\"useradd\", \"-u\", \"123456\", \"app\"]\n",
                vec![2],
            ),
            // A value the Dockerfile does not give, or a high one.
            ("FROM a:1\nRUN useradd -u \"$(id -u)\" app\n", vec![2]),
            (
                "FROM a:1\nARG UID=123456\nRUN useradd -u ${UID} app\n",
                vec![3],
            ),
            (
                "FROM a:1\nARG USER_ID\nRUN useradd -u $USER_ID app\n",
                vec![3],
            ),
            (
                "FROM a:1\nENV UID=200000\nRUN useradd -u $UID app\n",
                vec![3],
            ),
        ] {
            assert_eq!(codes(src, C), lines, "{src}");
        }
    }

    #[test]
    fn low_uids_or_l_are_fine() {
        for src in [
            "FROM a:1\nRUN useradd -u 99999 app\n",
            "FROM a:1\nRUN useradd -u 1000 app\n",
            "FROM a:1\nRUN useradd app\n",
            "FROM a:1\nRUN useradd -l -u 123456 app\n",
            "FROM a:1\nRUN useradd -lu 123456 app\n",
            "FROM a:1\nRUN useradd --no-log-init --uid 123456 app\n",
            "FROM a:1\nRUN useradd -u 1000 -G 123456 app\n",
            "FROM a:1\nRUN useradd -u 1000 -c 123456 app\n",
            "FROM a:1\nRUN adduser -u 123456 app\n",
            "FROM a:1\nENV UID=1000\nRUN useradd -u ${UID} app\n",
            "FROM a:1\nENV UID=1000 HOME=/home/app\nRUN useradd -u $UID app\n",
            "FROM a:1\nRUN python3 <<EOF\nuseradd = '-u 123456'\nEOF\n",
        ] {
            assert!(codes(src, C).is_empty(), "{src}");
        }
    }

    #[test]
    fn message_gives_the_size() {
        let linter = crate::Linter::new(crate::Config {
            select: vec![crate::config::RuleSelector::Code(C.into())],
            ..crate::Config::default()
        });
        let src = "FROM a:1\nRUN useradd -m -u 1000000 app\n";
        let d = &linter.lint(src).diagnostics[0];
        assert_eq!(&src[d.span.start..d.span.end], "useradd");
        assert!(d.message.contains("about 292 MB"), "{}", d.message);
    }

    #[test]
    fn fix_adds_l() {
        assert_eq!(
            fixed("FROM a:1\nRUN useradd -m -u 123456 app\n", C),
            "FROM a:1\nRUN useradd -l -m -u 123456 app\n"
        );
        assert_eq!(
            fixed(
                "FROM a:1\nRUN [\"useradd\", \"-u\", \"123456\", \"app\"]\n",
                C
            ),
            "FROM a:1\nRUN [\"useradd\", \"-l\", \"-u\", \"123456\", \"app\"]\n"
        );
        for src in [
            "FROM a:1\nARG UID\nRUN sudo useradd --uid=${UID} app\n",
            "FROM a:1\nRUN <<EOF bash\nset -e\nuseradd -u 123456 app\nEOF\n",
        ] {
            let once = fixed(src, C);
            assert!(codes(&once, C).is_empty(), "{once}");
            assert_eq!(fixed(&once, C), once);
        }
    }

    #[test]
    fn fix_in_triggers_heredocs_and_escaped_strings() {
        assert_eq!(
            fixed("FROM a:1\nONBUILD RUN useradd -u 123456 app\n", C),
            "FROM a:1\nONBUILD RUN useradd -l -u 123456 app\n"
        );
        assert_eq!(
            fixed("FROM a:1\nRUN <<EOF\nuseradd --uid=123456 app\nEOF\n", C),
            "FROM a:1\nRUN <<EOF\nuseradd -l --uid=123456 app\nEOF\n"
        );
        // In an exec-form string with escapes the position is not exact: no fix.
        let src = "FROM a:1\nRUN [\"sh\", \"-c\", \"useradd -u 123456 \\\"app\\\"\"]\n";
        assert_eq!(codes(src, C), vec![2]);
        assert_eq!(fixed(src, C), src);
    }
}
