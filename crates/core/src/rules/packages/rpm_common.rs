//! What the yum and dnf rules share: DL3030/DL3038 (`-y`), DL3032/DL3040 (cache
//! cleanup) and DL3033/DL3041 (pinning) are one check each, run for the yum family
//! or the dnf family: which command lines are transactions, what cleans the cache,
//! which operands are packages and whether they carry a version.

use std::collections::BTreeMap;

use super::common::{
    append_to_run, cache_mount_covers, check_pin, command_span, earlier_run_text, fed_by_yes,
    for_each_command, for_each_run, insert_after, list_names, removes_dir, target_covers, Pin, Run,
};
use crate::fix::{Edit, Fix};
use crate::rules::RuleContext;
use crate::shell::commands::rpm::{rpm, Rpm, RpmTool};
use crate::shell::{Command, Word};
use crate::syntax::Span;

/// The rules are split by tool: yum, or the dnf family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Family {
    /// `yum` (DL3030, DL3032, DL3033).
    Yum,
    /// `dnf`, `dnf5`, `microdnf` and `tdnf` (DL3038, DL3040, DL3041).
    Dnf,
}

impl Family {
    fn of(tool: RpmTool) -> Family {
        match tool {
            RpmTool::Yum => Family::Yum,
            RpmTool::Dnf | RpmTool::Microdnf | RpmTool::Tdnf => Family::Dnf,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Family::Yum => "yum",
            Family::Dnf => "dnf",
        }
    }
}

/// What a command line does, as far as the rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Action {
    /// `install`, `localinstall`, `reinstall`, `groupinstall`, `group install`,
    /// `module install`.
    Install,
    /// `update`/`upgrade`, `downgrade`, `distro-sync`, `swap`, `group update`,
    /// `module update`.
    Update,
    /// `remove`/`erase`, `autoremove`, `group remove`, `module remove`.
    Remove,
    /// `module enable`, `disable`, `reset`, `switch-to`.
    ModuleState,
    /// `makecache`.
    Makecache,
    /// `clean`.
    Clean,
    /// Anything else (`repolist`, `info`, `config-manager`...).
    Other,
}

impl Action {
    /// Whether the transaction asks for a confirmation.
    fn prompts(self) -> bool {
        matches!(
            self,
            Action::Install | Action::Update | Action::Remove | Action::ModuleState
        )
    }

    /// Whether it downloads metadata or packages into the cache.
    fn fills_cache(self) -> bool {
        matches!(
            self,
            Action::Install | Action::Update | Action::ModuleState | Action::Makecache
        )
    }
}

/// What the operands name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Operands {
    /// Packages (`curl`, `curl-7.76.1`, `./x.rpm`...).
    Packages,
    /// Package groups (`"Development Tools"`), which have no version.
    Groups,
    /// Module specs (`nodejs:18`).
    Modules,
}

/// A yum/dnf command line, classified.
pub(super) struct Transaction<'a> {
    /// The parsed command line.
    pub rpm: Rpm<'a>,
    /// What it does.
    pub action: Action,
    /// What its operands name.
    pub what: Operands,
    /// The words naming the action (`install`; `group`, `install`).
    pub verb: Vec<&'a Word>,
    /// The operands after the verb.
    pub operands: Vec<&'a Word>,
}

impl Transaction<'_> {
    /// The action as written: `install`, `group install`.
    fn verb_text(&self) -> String {
        self.verb
            .iter()
            .map(|w| w.lossy())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The tool as the user calls it (`yum`, `microdnf`).
    fn program(&self, cmd: &Command) -> String {
        cmd.program()
            .unwrap_or(Family::of(self.rpm.tool).name())
            .to_string()
    }
}

/// Options of yum and dnf that take the next word as value and that the generic
/// parser does not know.
const MORE_VALUES: &[&str] = &[
    "--disableplugin",
    "--enableplugin",
    "--repofrompath",
    "--rpmverbosity",
    "--exclude",
    "--excludepkgs",
    "--includepkgs",
    "--comment",
    "-R",
];

/// Classify a command line; `None` when it is not yum or dnf.
pub(super) fn transaction(cmd: &Command) -> Option<Transaction<'_>> {
    let rpm = rpm(cmd)?;
    let ops = rpm.args.operands.clone();
    let first = ops.first().copied();
    let sub = first.and_then(Word::literal).unwrap_or("");
    let second = ops.get(1).copied();
    let sub2 = second.and_then(Word::literal).unwrap_or("");
    let one = |action, what| (action, what, 1);
    let (action, what, verb_len) = match sub {
        "install" | "in" | "localinstall" | "reinstall" | "rei" => {
            one(Action::Install, Operands::Packages)
        }
        "groupinstall" => one(Action::Install, Operands::Groups),
        "groupupdate" => one(Action::Update, Operands::Groups),
        "groupremove" | "grouperase" => one(Action::Remove, Operands::Groups),
        "group" | "groups" | "grp" => match sub2 {
            "install" => (Action::Install, Operands::Groups, 2),
            "update" | "upgrade" => (Action::Update, Operands::Groups, 2),
            "remove" | "erase" => (Action::Remove, Operands::Groups, 2),
            _ => (Action::Other, Operands::Groups, 2),
        },
        "module" => match sub2 {
            "install" => (Action::Install, Operands::Modules, 2),
            "update" | "upgrade" => (Action::Update, Operands::Modules, 2),
            "remove" | "erase" => (Action::Remove, Operands::Modules, 2),
            "enable" | "disable" | "reset" | "switch-to" => {
                (Action::ModuleState, Operands::Modules, 2)
            }
            _ => (Action::Other, Operands::Modules, 2),
        },
        "update"
        | "upgrade"
        | "update-to"
        | "upgrade-to"
        | "localupdate"
        | "up"
        | "upgrade-minimal"
        | "update-minimal"
        | "up-min"
        | "downgrade"
        | "dg"
        | "distro-sync"
        | "distribution-synchronization"
        | "dsync"
        | "swap" => one(Action::Update, Operands::Packages),
        "remove" | "erase" | "rm" | "autoremove" => one(Action::Remove, Operands::Packages),
        "makecache" | "mc" => one(Action::Makecache, Operands::Packages),
        "clean" => one(Action::Clean, Operands::Packages),
        _ => one(Action::Other, Operands::Packages),
    };
    let verb: Vec<&Word> = ops.iter().take(verb_len).copied().collect();
    if verb.is_empty() {
        return None;
    }
    // Operands, without the values of options the parser took for operands.
    let args = cmd.args();
    let operands = ops
        .iter()
        .skip(verb_len)
        .copied()
        .filter(|w| {
            let i = args.iter().position(|a| std::ptr::eq(a, *w));
            !i.and_then(|i| i.checked_sub(1))
                .and_then(|p| args[p].literal())
                .is_some_and(|prev| MORE_VALUES.contains(&prev))
        })
        .collect();
    Some(Transaction {
        rpm,
        action,
        what,
        verb,
        operands,
    })
}

/// `-y`, `--assumeyes`, `--setopt=assumeyes=1`; `--assumeno` answers too (no).
fn answered(t: &Transaction<'_>) -> bool {
    t.rpm.args.has(&["-y", "--assumeyes", "--assumeno"])
        || t.rpm
            .args
            .values(&["--setopt"])
            .iter()
            .any(|v| sets_assumeyes(v))
}

/// The same answers in the options that the command's arguments with expansions
/// stand for, when their values are known (`ARG DNF_FLAGS="-y --nodocs"` +
/// `dnf install $DNF_FLAGS ...`).
fn answered_by_variables(run: &Run<'_, '_>, cmd: &Command) -> bool {
    super::common::options_from_variables(run, cmd)
        .into_iter()
        .any(|o| {
            matches!(o.as_str(), "--assumeyes" | "--assumeno")
                || o.strip_prefix("--setopt=").is_some_and(sets_assumeyes)
                // `-y` in a cluster (`-qy`), before any option that takes a value.
                || o.strip_prefix('-').is_some_and(|c| {
                    !c.starts_with('-')
                        && c.chars()
                            .take_while(|c| !"cdexR".contains(*c))
                            .any(|c| c == 'y')
                })
        })
}

/// Whether `text` has `assumeyes=1` (or `True`, `yes`).
fn sets_assumeyes(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("assumeyes") {
        let rest = lower[from + i + "assumeyes".len()..].trim_start_matches([' ', '\t']);
        if let Some(v) = rest.strip_prefix('=') {
            let v: String = v
                .trim_start_matches([' ', '\t'])
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if matches!(v.as_str(), "1" | "true" | "yes") {
                return true;
            }
        }
        from += i + "assumeyes".len();
    }
    false
}

/// DL3030 and DL3038: a transaction without `-y`.
pub(super) fn check_yes(ctx: &mut RuleContext<'_>, family: Family) {
    let model = ctx.model();
    for_each_command(model, |run, cmd| {
        let Some(t) = transaction(cmd) else { return };
        if Family::of(t.rpm.tool) != family
            || !t.action.prompts()
            || answered(&t)
            || answered_by_variables(run, cmd)
            || fed_by_yes(run, cmd)
        {
            return;
        }
        // `assumeyes=1` written to yum.conf or dnf.conf by an earlier RUN.
        if earlier_run_text(model, run.info, cmd.span.start, |text| {
            sets_assumeyes(text)
                && ["yum.conf", "dnf.conf", "/etc/yum", "/etc/dnf"]
                    .iter()
                    .any(|f| text.contains(f))
        }) {
            return;
        }
        let Some(last) = t.verb.last().copied() else {
            return;
        };
        let program = t.program(cmd);
        let verb = t.verb_text();
        let what = if t.action == Action::Install {
            " <package>"
        } else {
            ""
        };
        let msg = format!(
            "Use the `-y` switch to avoid manual input `{program} {verb} -y{what}`: without it the build stops at {program}'s confirmation prompt"
        );
        let span = command_span(cmd, Some(last));
        match insert_after(model, last, "-y") {
            Some(edit) => ctx.report_with_fix(span, msg, Fix::safe("Add `-y`", vec![edit])),
            None => {
                ctx.report(span, msg);
            }
        }
    });
}

/// Where yum, dnf, dnf5, microdnf and tdnf keep their metadata and packages.
pub(super) const CACHE_DIRS: &[&str] = &[
    "/var/cache/yum",
    "/var/cache/dnf",
    "/var/cache/libdnf5",
    "/var/cache/tdnf",
];

/// `clean all` (or `clean metadata packages`): the cache is gone. Other targets
/// (`packages`, `expire-cache`...) leave the metadata.
fn clean_targets(t: &Transaction<'_>) -> Option<bool> {
    if t.action != Action::Clean {
        return None;
    }
    let targets: Vec<String> = t.operands.iter().map(|w| w.lossy()).collect();
    let has = |x: &str| targets.iter().any(|t| t == x);
    Some(has("all") || (has("metadata") && has("packages")))
}

/// The last command of one instruction that filled the cache, and what follows it.
struct Unclean {
    /// Where to report: the command and its action.
    span: Span,
    /// The tool and action, for the message (`yum install`).
    what: String,
    /// The tool as called, for the cleanup command.
    program: String,
    /// A cleanup comes after the last such command.
    cleaned: bool,
    /// A partial `clean` (not `all`) comes after it: its text.
    partial: Option<String>,
    /// The fix: append the cleanup to the RUN.
    fix: Option<Edit>,
}

/// DL3032 and DL3040: a RUN that fills the cache and does not clean it.
pub(super) fn check_clean(ctx: &mut RuleContext<'_>, family: Family) {
    let model = ctx.model();
    let mut found: BTreeMap<usize, Unclean> = BTreeMap::new();
    for_each_run(model, |run| {
        let mut last: Option<(&Command, Transaction<'_>)> = None;
        let mut cleans: Vec<(usize, bool, String)> = Vec::new();
        for cmd in &run.script.commands {
            let Some(t) = transaction(cmd) else { continue };
            if let Some(full) = clean_targets(&t) {
                let text = format!("{} clean {}", t.program(cmd), {
                    let v: Vec<String> = t.operands.iter().map(|w| w.lossy()).collect();
                    v.join(" ")
                });
                cleans.push((cmd.span.start, full, text.trim_end().to_string()));
            } else if Family::of(t.rpm.tool) == family && t.action.fills_cache() {
                last = Some((cmd, t));
            }
        }
        let cleaned_after = |after: usize| {
            cleans.iter().any(|(at, full, _)| *full && *at > after)
                || CACHE_DIRS
                    .iter()
                    .any(|d| removes_dir(&run.env, run.script, d, after))
        };
        let partial_after = |after: usize| {
            cleans
                .iter()
                .find(|(at, full, _)| !*full && *at > after)
                .map(|c| c.2.clone())
        };
        match last {
            Some((cmd, t)) => {
                let at = cmd.span.start;
                let program = t.program(cmd);
                let fix = if cmd.wrappers.is_empty() && is_plain_name(cmd) {
                    append_to_run(model, run, &format!("{program} clean all"))
                } else {
                    None
                };
                found.insert(
                    run.info.index,
                    Unclean {
                        span: command_span(cmd, t.verb.last().copied()),
                        what: format!("{program} {}", t.verb_text()),
                        program,
                        cleaned: cleaned_after(at),
                        partial: partial_after(at),
                        fix,
                    },
                );
            }
            None => {
                if let Some(u) = found.get_mut(&run.info.index) {
                    u.cleaned |= cleaned_after(0);
                }
            }
        }
    });
    for (index, u) in found {
        let info = &model.instructions()[index];
        if u.cleaned
            || cache_mount_covers(model, info, |t| {
                CACHE_DIRS.iter().any(|d| target_covers(t, d))
            })
        {
            continue;
        }
        let program = &u.program;
        let msg = match &u.partial {
            Some(p) => format!(
                "`{program} clean all` missing after `{}`: `{p}` leaves the rest of the cache (/var/cache/{}) in the layer; use `{program} clean all`",
                u.what,
                cache_dir_name(family),
            ),
            None => format!(
                "`{program} clean all` missing after `{}`: the downloaded metadata and packages (/var/cache/{}) stay in the layer; add `{program} clean all` at the end of this RUN",
                u.what,
                cache_dir_name(family),
            ),
        };
        match u.fix {
            Some(edit) if u.partial.is_none() => ctx.report_with_fix(
                u.span,
                msg,
                Fix::safe(format!("Add `{program} clean all`"), vec![edit]),
            ),
            _ => {
                ctx.report(u.span, msg);
            }
        }
    }
}

fn cache_dir_name(family: Family) -> &'static str {
    match family {
        Family::Yum => "yum",
        Family::Dnf => "dnf",
    }
}

/// Whether the command name is a plain word (`yum`, `/usr/bin/dnf`), so that a
/// fix can call the tool by the same name.
fn is_plain_name(cmd: &Command) -> bool {
    cmd.name_word().and_then(Word::literal).is_some_and(|n| {
        !n.is_empty()
            && n.chars()
                .all(|c| c.is_ascii_alphanumeric() || "/._-".contains(c))
    })
}

/// Whether a package operand of `install` carries a version (`name-1.2.3-4.el9`,
/// `name-0:1.2`, `name-${VERSION}`), or needs none: a local or remote `.rpm`, a URL,
/// a file path (`/usr/bin/python3` names a file that some package provides), a
/// capability (`dnf-command(config-manager)`), a group or module (`@...`), or a
/// version constraint (`'name >= 1.2'`).
pub(super) fn rpm_pinned(p: &str) -> bool {
    let p = p.trim();
    if p.ends_with(".rpm")
        || p.contains("://")
        || p.starts_with(['/', '@', '.', '~'])
        || p.contains(['<', '>', '='])
    {
        return true;
    }
    // A capability: `name(what)` (an expansion `$(...)` is not one).
    if let Some((name, _)) = p.split_once('(') {
        if !name.is_empty() && !name.contains('$') && p.ends_with(')') {
            return true;
        }
    }
    // `name-version[-release]`: a `-` followed by a digit (or an expansion) after
    // which every `-`-separated part starts with a digit (or an expansion).
    p.match_indices('-').any(|(d, _)| {
        let rest = &p[d + 1..];
        d > 0
            && !rest.is_empty()
            && rest.split('-').all(|seg| {
                seg.chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_digit() || c == '$')
            })
    })
}

/// Whether a `module install` operand names its stream (`nodejs:18`, `nodejs:18/common`).
pub(super) fn module_pinned(p: &str) -> bool {
    p.split_once(':')
        .is_some_and(|(n, s)| !n.is_empty() && !s.is_empty())
}

/// The packages a `swap` installs: those after `install` in yum's
/// `swap -- remove A -- install B` (up to the next `--`), else the second operand of
/// `swap A B` (A is removed, B installed).
fn swap_installs<'a>(operands: &[&'a Word]) -> Vec<&'a Word> {
    fn lit<'w>(w: &&'w Word) -> &'w str {
        w.literal().unwrap_or("")
    }
    if let Some(i) = operands.iter().position(|w| lit(w) == "install") {
        return operands[i + 1..]
            .iter()
            .take_while(|w| !matches!(lit(w), "--" | "remove"))
            .copied()
            .collect();
    }
    if operands.iter().any(|w| matches!(lit(w), "--" | "remove")) {
        return Vec::new();
    }
    operands.get(1).copied().into_iter().collect()
}

/// DL3033 and DL3041: packages installed without a version.
pub(super) fn check_pins(ctx: &mut RuleContext<'_>, family: Family) {
    let model = ctx.model();
    for_each_command(model, |run, cmd| {
        let Some(t) = transaction(cmd) else { return };
        let swap = t.verb.first().and_then(|w| w.literal()) == Some("swap");
        if Family::of(t.rpm.tool) != family || (t.action != Action::Install && !swap) {
            return;
        }
        // `reinstall` puts back the version that is there; `localinstall` takes files.
        if t.verb
            .first()
            .and_then(|w| w.literal())
            .is_some_and(|v| matches!(v, "reinstall" | "rei" | "localinstall"))
        {
            return;
        }
        let program = t.program(cmd);
        let verb = t.verb_text();
        let (pinned, what, example): (fn(&str) -> bool, &str, &str) = match t.what {
            Operands::Groups => return,
            Operands::Packages => (rpm_pinned, "no version", "-<version>"),
            Operands::Modules => (module_pinned, "no stream", ":<stream>"),
        };
        let operands = if swap {
            swap_installs(&t.operands)
        } else {
            t.operands.clone()
        };
        for word in &operands {
            // Options from a variable (`ARG FLAGS=--quiet`) are not packages.
            let pinned_or_option = |w: &str| w.starts_with('-') || pinned(w);
            match check_pin(&run.env, word, cmd.span.start, pinned_or_option) {
                Pin::Pinned => {}
                Pin::Unpinned(names) => {
                    let first = names.first().cloned().unwrap_or_default();
                    let msg = if t.what == Operands::Modules {
                        format!(
                            "Pin the stream in {program} {verb}: {} {} {what}; use `{program} {verb} {first}{example}`",
                            list_names(&names),
                            if names.len() == 1 { "has" } else { "have" },
                        )
                    } else {
                        format!(
                            "Pin versions in {program} {verb}: {} {} {what}; use `{program} {verb} {first}{example}`",
                            list_names(&names),
                            if names.len() == 1 { "has" } else { "have" },
                        )
                    };
                    ctx.report(word.span(), msg);
                }
                Pin::Unknown => {
                    ctx.report(
                        word.span(),
                        format!(
                            "Pin versions in {program} {verb}: `{}` expands to packages not known here, which may have no version",
                            word.lossy()
                        ),
                    );
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::{module_pinned, rpm_pinned, sets_assumeyes};

    #[test]
    fn versions_of_rpm_packages() {
        for p in [
            "nginx-1.20.1",
            "nginx-1.20.1-1.el8",
            "nginx-1:1.20.1-1.el8.x86_64",
            "java-1.8.0-openjdk-1.8.0.412.b08-2.el8",
            "httpd-${HTTPD_VERSION}",
            "foo-1.*",
            "./x.rpm",
            "https://example.com/x.rpm",
            "https://download.example.com/repo/",
            "/usr/bin/python3",
            "@development",
            "@nodejs:18",
            "python3 >= 3.9",
            "dnf-command(config-manager)",
        ] {
            assert!(rpm_pinned(p), "{p}");
        }
        for p in [
            "nginx",
            "python3-pip",
            "java-1.8.0-openjdk",
            "java-11-openjdk-devel",
            "gcc-c++",
            "epel-release",
            "foo-v1",
            "python3.11",
            "$(...)",
        ] {
            assert!(!rpm_pinned(p), "{p}");
        }
        assert!(module_pinned("nodejs:18"));
        assert!(module_pinned("nodejs:18/minimal"));
        assert!(!module_pinned("nodejs"));
        assert!(!module_pinned("nodejs:"));
    }

    #[test]
    fn assumeyes_in_configuration() {
        assert!(sets_assumeyes("echo 'assumeyes=1' >> /etc/yum.conf"));
        assert!(sets_assumeyes("assumeyes = True"));
        assert!(!sets_assumeyes("assumeyes=0"));
        assert!(!sets_assumeyes("--assumeyes"));
    }
}
