//! BuildKit's instruction stage (`frontend/dockerfile/instructions/parse.go` and
//! `bflag.go`): checks that run after the parser has accepted the file and that make
//! `docker build` fail. Argument counts, flags each instruction accepts, ONBUILD
//! triggers, heredocs as COPY/ADD destination, stage names, HEALTHCHECK options and
//! instructions before the first `FROM`.
//!
//! Each instruction gets at most one diagnostic, the first error BuildKit would
//! report for it, with [`SyntaxSeverity::Error`] and BuildKit's message. Error nodes
//! (unknown instructions and the like) already carry their diagnostic and are
//! skipped.

use super::buildkit::{body_values, go_quote};
use super::flags::Flag;
use super::heredoc::parse_heredoc_word;
use super::span::Span;
use super::tree::{
    Body, Command, Dockerfile, Instruction, InstructionKind, Node, SyntaxDiagnostic, SyntaxSeverity,
};

/// Append the instruction-stage diagnostics of `df`, keeping
/// `df.diagnostics` sorted by span start.
pub(crate) fn validate(df: &mut Dockerfile) {
    let mut found = Vec::new();
    let mut in_stage = false;
    let mut reported_no_stage = false;
    for node in &df.nodes {
        let Node::Instruction(inst) = node else {
            continue;
        };
        if let Some((message, span)) = check_instruction(inst) {
            found.push(diag(message, span, inst.start_line));
            continue;
        }
        match inst.kind {
            InstructionKind::From => in_stage = true,
            InstructionKind::Arg if !in_stage => {}
            _ if !in_stage && !reported_no_stage => {
                reported_no_stage = true;
                found.push(diag(
                    "no build stage in current context".to_string(),
                    inst.keyword.span,
                    inst.start_line,
                ));
            }
            _ => {}
        }
    }
    if found.is_empty() {
        return;
    }
    df.diagnostics.extend(found);
    // A stable sort keeps the parser's own order for diagnostics at one offset.
    df.diagnostics.sort_by_key(|d| d.span.start);
}

fn diag(message: String, span: Span, line: usize) -> SyntaxDiagnostic {
    SyntaxDiagnostic {
        severity: SyntaxSeverity::Error,
        message,
        span,
        line,
    }
}

/// A problem: BuildKit's message and the span it is about.
type Problem = (String, Span);

/// How a flag takes its value (`bflag.go` `FlagType`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum FlagType {
    /// `--link`, `--link=true|false`.
    Bool,
    /// `--from=x`, at most once.
    Str,
    /// `--mount=x`, any number of times.
    Strings,
}

use FlagType::{Bool, Str, Strings};

const COPY_FLAGS: &[(&str, FlagType)] = &[
    ("exclude", Strings),
    ("parents", Bool),
    ("chown", Str),
    ("from", Str),
    ("chmod", Str),
    ("link", Bool),
];
const ADD_FLAGS: &[(&str, FlagType)] = &[
    ("exclude", Strings),
    ("chown", Str),
    ("chmod", Str),
    ("link", Bool),
    ("keep-git-dir", Bool),
    ("checksum", Str),
    ("unpack", Bool),
];
const FROM_FLAGS: &[(&str, FlagType)] = &[("platform", Str)];
const RUN_FLAGS: &[(&str, FlagType)] = &[
    ("mount", Strings),
    ("network", Str),
    ("security", Str),
    ("device", Strings),
];
const HEALTHCHECK_FLAGS: &[(&str, FlagType)] = &[
    ("interval", Str),
    ("timeout", Str),
    ("start-period", Str),
    ("start-interval", Str),
    ("retries", Str),
];
const NO_FLAGS: &[(&str, FlagType)] = &[];

/// `errNoDestinationArgument`.
fn no_destination(cmd: &str) -> String {
    format!(
        "{cmd} requires at least two arguments, but only one was provided. Destination could not be determined"
    )
}

fn at_least_one(cmd: &str) -> String {
    format!("{cmd} requires at least one argument")
}

fn exactly_one(cmd: &str) -> String {
    format!("{cmd} requires exactly one argument")
}

/// The span of the instruction line: keyword through the last argument.
fn line_span(inst: &Instruction) -> Span {
    let mut s = inst.keyword.span;
    if let Some(f) = inst.flags.last() {
        s = s.cover(f.span);
    }
    if let Some(a) = &inst.arguments {
        s = s.cover(a.span);
    }
    s
}

/// The first error BuildKit's `ParseInstruction` reports for `inst`, if any.
fn check_instruction(inst: &Instruction) -> Option<Problem> {
    let cmd = inst.kind.as_str();
    let args = body_values(&inst.body, false);
    let whole = line_span(inst);
    match &inst.body {
        Body::Env(pairs) | Body::Label(pairs) => {
            if let Err(p) = parse_flags(&inst.flags, NO_FLAGS) {
                return Some(p);
            }
            if pairs.is_empty() {
                return Some((at_least_one(cmd), whole));
            }
            if let Some(p) = pairs.iter().find(|p| p.key.text.is_empty()) {
                return Some((format!("{cmd} names can not be blank"), p.span));
            }
            None
        }
        Body::Maintainer(_) | Body::Workdir(_) | Body::User(_) => {
            if args.len() != 1 {
                return Some((exactly_one(cmd), whole));
            }
            parse_flags(&inst.flags, NO_FLAGS).err()
        }
        Body::Stopsignal(_) => (args.len() != 1).then(|| (exactly_one(cmd), whole)),
        Body::Copy(c) | Body::Add(c) => {
            if c.paths.len() < 2 {
                return Some((no_destination(cmd), whole));
            }
            let allowed = if inst.kind == InstructionKind::Add {
                ADD_FLAGS
            } else {
                COPY_FLAGS
            };
            if let Err(p) = parse_flags(&inst.flags, allowed) {
                return Some(p);
            }
            let dest = c.paths.last()?;
            if matches!(parse_heredoc_word(&dest.text), Ok(Some(_))) {
                return Some((
                    format!("{cmd} cannot accept a heredoc as a destination"),
                    dest.span,
                ));
            }
            None
        }
        Body::From(f) => {
            if args.len() == 3 && args[1].eq_ignore_ascii_case("as") {
                let name = args[2].to_lowercase();
                if !valid_stage_name(&name) {
                    let span = f.alias.as_ref().map_or(whole, |a| a.span);
                    return Some((
                        format!(
                            "invalid name for build stage: {}, name can't start with a number or contain symbols",
                            go_quote(&args[2])
                        ),
                        span,
                    ));
                }
            } else if args.len() != 1 {
                let span = match f.extra.first() {
                    Some(w) => w.span.cover(f.extra.last().map_or(w.span, |l| l.span)),
                    None => whole,
                };
                return Some((
                    "FROM requires either one or three arguments".to_string(),
                    span,
                ));
            }
            parse_flags(&inst.flags, FROM_FLAGS).err()
        }
        Body::Onbuild(inner) => {
            let Some(inner) = inner else {
                return Some((at_least_one(cmd), whole));
            };
            if let Err(p) = parse_flags(&inst.flags, NO_FLAGS) {
                return Some(p);
            }
            let trigger = inner.keyword.text.trim().to_uppercase();
            match trigger.as_str() {
                "ONBUILD" => Some((
                    "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed".to_string(),
                    inner.keyword.span,
                )),
                "MAINTAINER" | "FROM" => Some((
                    format!("{trigger} isn't allowed as an ONBUILD trigger"),
                    inner.keyword.span,
                )),
                _ => None,
            }
        }
        Body::Run(_) => parse_flags(&inst.flags, RUN_FLAGS).err(),
        Body::Cmd(_) | Body::Entrypoint(_) => parse_flags(&inst.flags, NO_FLAGS).err(),
        Body::Healthcheck(h) => {
            let Some(kind) = &h.kind else {
                return Some((at_least_one(cmd), whole));
            };
            if args.is_empty() {
                return Some((at_least_one(cmd), whole));
            }
            let typ = kind.text.to_uppercase();
            if typ == "NONE" {
                if args.len() > 1 {
                    return Some((
                        "HEALTHCHECK NONE takes no arguments".to_string(),
                        command_span(&h.command).unwrap_or(whole),
                    ));
                }
                return None;
            }
            let values = match parse_flags(&inst.flags, HEALTHCHECK_FLAGS) {
                Ok(v) => v,
                Err(p) => return Some(p),
            };
            if typ != "CMD" {
                return Some((
                    format!("Unknown type {} in HEALTHCHECK (try CMD)", go_quote(&typ)),
                    kind.span,
                ));
            }
            if args.len() < 2 {
                return Some(("Missing command after HEALTHCHECK CMD".to_string(), whole));
            }
            for name in ["interval", "timeout", "start-period", "start-interval"] {
                if let Some((flag, value)) = values.get(name) {
                    if let Err(message) = check_interval(name, value) {
                        return Some((message, flag_value_span(flag)));
                    }
                }
            }
            if let Some((flag, value)) = values.get("retries") {
                if !value.is_empty() {
                    match parse_int32(value) {
                        Err(message) => return Some((message, flag_value_span(flag))),
                        Ok(n) if n < 0 => {
                            return Some((
                                format!("--retries cannot be negative ({n})"),
                                flag_value_span(flag),
                            ))
                        }
                        Ok(_) => {}
                    }
                }
            }
            None
        }
        Body::Expose(_) => {
            if args.is_empty() {
                return Some((at_least_one(cmd), whole));
            }
            parse_flags(&inst.flags, NO_FLAGS).err()
        }
        Body::Volume { paths, .. } => {
            if paths.is_empty() {
                return Some((at_least_one(cmd), whole));
            }
            if let Err(p) = parse_flags(&inst.flags, NO_FLAGS) {
                return Some(p);
            }
            paths.iter().find(|p| p.text.trim().is_empty()).map(|p| {
                (
                    "VOLUME specified can not be an empty string".to_string(),
                    p.span,
                )
            })
        }
        Body::Arg(decls) => {
            if decls.is_empty() {
                return Some((at_least_one(cmd), whole));
            }
            decls
                .iter()
                .find(|d| d.default.is_some() && d.name.text.is_empty())
                .map(|d| ("ARG names can not be blank".to_string(), d.span))
        }
        Body::Shell(c) => {
            if let Err(p) = parse_flags(&inst.flags, NO_FLAGS) {
                return Some(p);
            }
            match c {
                Command::None => Some((at_least_one(cmd), whole)),
                Command::Exec { args, .. } if args.is_empty() => Some((at_least_one(cmd), whole)),
                Command::Exec { .. } => None,
                Command::Shell(w) => Some((not_json(cmd, &inst.logical.text), w.span)),
            }
        }
    }
}

fn command_span(c: &Command) -> Option<Span> {
    match c {
        Command::None => None,
        Command::Exec { span, .. } => Some(*span),
        Command::Shell(w) => Some(w.span),
    }
}

fn flag_value_span(f: &Flag) -> Span {
    f.value_span.unwrap_or(f.span)
}

/// `^[a-z][a-z0-9-_.]*$`
fn valid_stage_name(name: &str) -> bool {
    let mut b = name.bytes();
    b.next().is_some_and(|c| c.is_ascii_lowercase())
        && b.all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'-' | b'_' | b'.')
        })
}

/// `errNotJSON` (with its hint for unescaped Windows paths).
fn not_json(cmd: &str, original: &str) -> String {
    let lower = original.to_lowercase();
    let o = lower.replace(&format!("{} ", cmd.to_lowercase()), "");
    let looks_like_path = o.match_indices('"').any(|(i, _)| {
        let b = o.as_bytes();
        b.get(i + 1).is_some_and(u8::is_ascii_lowercase)
            && b.get(i + 2) == Some(&b':')
            && b.get(i + 3) == Some(&b'\\')
    });
    let extra = if looks_like_path && !o.contains("\\\\") && o.contains('[') && o.contains(']') {
        format!(
            ". It looks like '{o}' includes a file path without an escaped back-slash. JSON requires back-slashes to be escaped such as [\"c:\\\\path\\\\to\\\\file.exe\", \"/parameter\"]"
        )
    } else {
        String::new()
    };
    format!("{cmd} requires the arguments to be in JSON form{extra}")
}

/// The flags that were given, by name: the flag and its (last) value.
struct FlagValues<'a> {
    values: Vec<(&'static str, &'a Flag, &'a str)>,
}

impl<'a> FlagValues<'a> {
    fn get(&self, name: &str) -> Option<(&'a Flag, &'a str)> {
        self.values
            .iter()
            .rev()
            .find(|(n, _, _)| *n == name)
            .map(|&(_, f, v)| (f, v))
    }
}

/// `BFlags.Parse` over the flags as BuildKit's parser extracted them.
fn parse_flags<'a>(
    flags: &'a [Flag],
    allowed: &[(&'static str, FlagType)],
) -> Result<FlagValues<'a>, Problem> {
    let mut values = FlagValues { values: Vec::new() };
    let mut used: Vec<&str> = Vec::new();
    for f in flags {
        let text = f.buildkit_text.as_str();
        if text == "--" {
            break;
        }
        let Some(body) = text.strip_prefix("--") else {
            return Err((format!("arg should start with -- : {text}"), f.span));
        };
        let (arg, value, has_value) = match body.split_once('=') {
            Some((n, v)) => (n, v, true),
            None => (body, "", false),
        };
        let flag_name = &text[..arg.len() + 2];
        let Some(&(name, ty)) = allowed.iter().find(|(n, _)| *n == arg) else {
            let mut message = format!("unknown flag: {flag_name}");
            if let Some(s) = suggest(arg, allowed.iter().map(|(n, _)| *n)) {
                message.push_str(&format!(" (did you mean {s}?)"));
            }
            return Err((message, f.name_span));
        };
        if used.contains(&name) && ty != Strings {
            return Err((format!("duplicate flag specified: {flag_name}"), f.span));
        }
        used.push(name);
        match ty {
            Bool => {
                if has_value && value.is_empty() {
                    return Err((format!("missing a value on flag: {flag_name}"), f.span));
                }
                if !matches!(value.to_lowercase().as_str(), "true" | "false" | "") {
                    return Err((
                        format!("expecting boolean value for flag {flag_name}, not: {value}"),
                        flag_value_span(f),
                    ));
                }
            }
            Str | Strings => {
                if !has_value {
                    return Err((format!("missing a value on flag: {flag_name}"), f.span));
                }
            }
        }
        values.values.push((name, f, value));
    }
    Ok(values)
}

/// `suggest.WrapError` (case-sensitive): the option closest to `val` by
/// Levenshtein distance, if it is less than 3 edits away.
fn suggest<'o>(val: &str, options: impl Iterator<Item = &'o str>) -> Option<&'o str> {
    let mut best = None;
    let mut min = 3;
    for opt in options {
        if opt == val {
            return None;
        }
        let d = levenshtein(val, opt);
        if d < min {
            min = d;
            best = Some(opt);
        }
    }
    best
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// `parseOptInterval`: a duration flag must parse and be 0 or at least 1ms.
fn check_interval(name: &str, value: &str) -> Result<(), String> {
    if value.is_empty() {
        return Ok(());
    }
    let d = parse_go_duration(value)?;
    if d != 0 && d < 1_000_000 {
        return Err(format!(
            "Interval {} cannot be less than 1ms",
            go_quote(name)
        ));
    }
    Ok(())
}

/// Go's `time.ParseDuration`, in nanoseconds.
fn parse_go_duration(orig: &str) -> Result<i128, String> {
    let invalid = || format!("time: invalid duration {}", go_quote(orig));
    let mut s = orig;
    let mut neg = false;
    if let Some(c) = s.chars().next() {
        if c == '-' || c == '+' {
            neg = c == '-';
            s = &s[1..];
        }
    }
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    const LIMIT: u128 = 1 << 63;
    let mut total: u128 = 0;
    while !s.is_empty() {
        let b = s.as_bytes();
        if !(b[0] == b'.' || b[0].is_ascii_digit()) {
            return Err(invalid());
        }
        // [0-9]*
        let int_len = b.iter().take_while(|c| c.is_ascii_digit()).count();
        let mut v: u128 = 0;
        for &c in &b[..int_len] {
            v = v * 10 + u128::from(c - b'0');
            if v > LIMIT {
                return Err(invalid());
            }
        }
        let pre = int_len > 0;
        s = &s[int_len..];
        // (\.[0-9]*)?
        let mut post = false;
        let mut frac: u128 = 0;
        let mut scale: f64 = 1.0;
        if s.starts_with('.') {
            s = &s[1..];
            let flen = s.bytes().take_while(|c| c.is_ascii_digit()).count();
            let mut overflow = false;
            for c in s[..flen].bytes() {
                if overflow {
                    continue;
                }
                let y = frac * 10 + u128::from(c - b'0');
                if y > LIMIT {
                    overflow = true;
                    continue;
                }
                frac = y;
                scale *= 10.0;
            }
            post = flen > 0;
            s = &s[flen..];
        }
        if !pre && !post {
            return Err(invalid());
        }
        // The unit: everything up to the next `.` or digit.
        let ulen = s
            .bytes()
            .take_while(|c| *c != b'.' && !c.is_ascii_digit())
            .count();
        if ulen == 0 {
            return Err(format!("time: missing unit in duration {}", go_quote(orig)));
        }
        let u = &s[..ulen];
        s = &s[ulen..];
        let unit: u128 = match u {
            "ns" => 1,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => {
                return Err(format!(
                    "time: unknown unit {} in duration {}",
                    go_quote(u),
                    go_quote(orig)
                ))
            }
        };
        if v > LIMIT / unit {
            return Err(invalid());
        }
        v *= unit;
        if frac > 0 {
            v += (frac as f64 * (unit as f64 / scale)) as u128;
            if v > LIMIT {
                return Err(invalid());
            }
        }
        total += v;
        if total > LIMIT {
            return Err(invalid());
        }
    }
    if neg {
        return Ok(-(total as i128));
    }
    if total > LIMIT - 1 {
        return Err(invalid());
    }
    Ok(total as i128)
}

/// `strconv.ParseInt(s, 10, 32)`.
fn parse_int32(s: &str) -> Result<i64, String> {
    let syntax = || format!("strconv.ParseInt: parsing {}: invalid syntax", go_quote(s));
    let range = || {
        format!(
            "strconv.ParseInt: parsing {}: value out of range",
            go_quote(s)
        )
    };
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return Err(syntax());
    }
    let mut v: i64 = 0;
    for c in digits.bytes() {
        v = v.saturating_mul(10).saturating_add(i64::from(c - b'0'));
    }
    let v = if neg { -v } else { v };
    if v > i64::from(i32::MAX) || v < i64::from(i32::MIN) {
        return Err(range());
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn errors(src: &str) -> Vec<String> {
        parse(src)
            .diagnostics()
            .iter()
            .filter(|d| d.severity == SyntaxSeverity::Error)
            .map(|d| d.message.clone())
            .collect()
    }

    fn first_error(src: &str) -> String {
        errors(src).into_iter().next().unwrap_or_default()
    }

    #[test]
    fn valid_files_have_no_errors() {
        let src = "# syntax=docker/dockerfile:1\nARG BASE=alpine\nFROM --platform=$BUILDPLATFORM $BASE AS build\n\
                   RUN --mount=type=cache,target=/c --network=none --security=insecure make\n\
                   COPY --from=build --chown=1:1 --chmod=755 --link --parents --exclude=*.md a b /dst/\n\
                   ADD --checksum=sha256:abc --keep-git-dir=true --unpack=false --link https://x/y /z\n\
                   ENV A=1 B=2\nLABEL a=b\nEXPOSE 80\nVOLUME /data\nUSER me\nWORKDIR /w\nSTOPSIGNAL TERM\n\
                   HEALTHCHECK --interval=30s --timeout=1m30s --start-period=0 --retries=3 CMD curl -f x\n\
                   HEALTHCHECK NONE\nSHELL [\"/bin/sh\", \"-c\"]\nONBUILD RUN x\nCMD [\"a\"]\nENTRYPOINT b\n\
                   MAINTAINER me\nARG X\n";
        assert_eq!(errors(src), Vec::<String>::new());
    }

    #[test]
    fn argument_counts() {
        for (src, msg) in [
            ("FROM a\nENV\n", "ENV requires at least one argument"),
            ("FROM a\nLABEL\n", "LABEL requires at least one argument"),
            ("FROM a\nEXPOSE\n", "EXPOSE requires at least one argument"),
            ("FROM a\nVOLUME\n", "VOLUME requires at least one argument"),
            (
                "FROM a\nVOLUME []\n",
                "VOLUME requires at least one argument",
            ),
            (
                "FROM a\nONBUILD\n",
                "ONBUILD requires at least one argument",
            ),
            (
                "FROM a\nHEALTHCHECK\n",
                "HEALTHCHECK requires at least one argument",
            ),
            ("FROM a\nARG\n", "ARG requires at least one argument"),
            ("FROM a\nSHELL\n", "SHELL requires at least one argument"),
            ("FROM a\nSHELL []\n", "SHELL requires at least one argument"),
            ("FROM a\nUSER\n", "USER requires exactly one argument"),
            ("FROM a\nWORKDIR\n", "WORKDIR requires exactly one argument"),
            (
                "FROM a\nSTOPSIGNAL\n",
                "STOPSIGNAL requires exactly one argument",
            ),
            ("MAINTAINER\n", "MAINTAINER requires exactly one argument"),
            ("FROM\n", "FROM requires either one or three arguments"),
            ("FROM a b\n", "FROM requires either one or three arguments"),
            (
                "FROM a AS b c\n",
                "FROM requires either one or three arguments",
            ),
        ] {
            assert_eq!(first_error(src), msg, "{src:?}");
        }
        assert_eq!(
            first_error("FROM a\nCOPY x\n"),
            "COPY requires at least two arguments, but only one was provided. Destination could not be determined"
        );
        assert_eq!(
            first_error("FROM a\nADD\n"),
            "ADD requires at least two arguments, but only one was provided. Destination could not be determined"
        );
    }

    #[test]
    fn flags() {
        assert_eq!(first_error("MAINTAINER --boo joe\n"), "unknown flag: --boo");
        assert_eq!(
            first_error("FROM a\nCOPY --form=b x y\n"),
            "unknown flag: --form (did you mean from?)"
        );
        assert_eq!(
            first_error("FROM a\nRUN --mount=a --mount=b --network=host --network=none x\n"),
            "duplicate flag specified: --network"
        );
        assert_eq!(
            first_error("FROM a\nCOPY --link=maybe x y\n"),
            "expecting boolean value for flag --link, not: maybe"
        );
        assert_eq!(
            first_error("FROM a\nCOPY --link= x y\n"),
            "missing a value on flag: --link"
        );
        assert_eq!(
            first_error("FROM a\nCOPY --from x y\n"),
            "missing a value on flag: --from"
        );
        assert_eq!(
            first_error("FROM --platfrom=x a\n"),
            "unknown flag: --platfrom (did you mean platform?)"
        );
        assert_eq!(
            first_error("FROM a\nCMD --x [\"a\"]\n"),
            "unknown flag: --x"
        );
        // STOPSIGNAL, ARG and HEALTHCHECK NONE never look at their flags.
        assert!(
            errors("FROM a\nSTOPSIGNAL --x TERM\nARG --y z\nHEALTHCHECK --z NONE\n").is_empty()
        );
        let df = parse("FROM a\nCOPY --boo x y\n");
        let d = &df.diagnostics()[0];
        assert_eq!(df.text(d.span), "--boo");
        assert_eq!(d.line, 2);
    }

    #[test]
    fn onbuild_rules() {
        assert_eq!(
            first_error("ONBUILD ONBUILD RUN touch foobar\n"),
            "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"
        );
        assert_eq!(
            first_error("FROM a\nONBUILD from scratch\n"),
            "FROM isn't allowed as an ONBUILD trigger"
        );
        assert_eq!(
            first_error("FROM a\nONBUILD MAINTAINER me\n"),
            "MAINTAINER isn't allowed as an ONBUILD trigger"
        );
        assert_eq!(
            first_error("FROM a\nONBUILD --x RUN y\n"),
            "unknown flag: --x"
        );
        let df = parse("FROM a\nONBUILD onbuild RUN x\n");
        assert_eq!(df.text(df.diagnostics()[0].span), "onbuild");
    }

    #[test]
    fn copy_heredoc_destination() {
        let df = parse("FROM a\nCOPY /foo <<EOF\nEOF\n");
        let d = &df.diagnostics()[0];
        assert_eq!(d.message, "COPY cannot accept a heredoc as a destination");
        assert_eq!(df.text(d.span), "<<EOF");
        assert!(errors("FROM a\nCOPY <<EOF /bar\nhi\nEOF\n").is_empty());
    }

    #[test]
    fn other_checks() {
        assert_eq!(
            first_error("FROM a AS 1st\n"),
            "invalid name for build stage: \"1st\", name can't start with a number or contain symbols"
        );
        assert!(errors("FROM a AS Build.x_1-2\n").is_empty());
        assert_eq!(
            first_error("FROM a\nENV =x\n"),
            "ENV names can not be blank"
        );
        assert_eq!(
            first_error("FROM a\nARG =x\n"),
            "ARG names can not be blank"
        );
        assert_eq!(
            first_error("FROM a\nVOLUME [\" \"]\n"),
            "VOLUME specified can not be an empty string"
        );
        assert_eq!(
            first_error("FROM a\nSHELL sh -c\n"),
            "SHELL requires the arguments to be in JSON form"
        );
        assert_eq!(
            first_error("FROM a\nHEALTHCHECK NONE x\n"),
            "HEALTHCHECK NONE takes no arguments"
        );
        assert_eq!(
            first_error("FROM a\nHEALTHCHECK CMD\n"),
            "Missing command after HEALTHCHECK CMD"
        );
        assert_eq!(
            first_error("FROM a\nHEALTHCHECK CMD []\n"),
            "Missing command after HEALTHCHECK CMD"
        );
        assert_eq!(
            first_error("FROM a\nHEALTHCHECK foo x\n"),
            "Unknown type \"FOO\" in HEALTHCHECK (try CMD)"
        );
        assert_eq!(
            first_error("FROM a\nHEALTHCHECK --interval=1us CMD x\n"),
            "Interval \"interval\" cannot be less than 1ms"
        );
        assert_eq!(
            first_error("FROM a\nHEALTHCHECK --timeout=5 CMD x\n"),
            "time: missing unit in duration \"5\""
        );
        assert_eq!(
            first_error("FROM a\nHEALTHCHECK --timeout=5y CMD x\n"),
            "time: unknown unit \"y\" in duration \"5y\""
        );
        assert_eq!(
            first_error("FROM a\nHEALTHCHECK --start-period=x CMD x\n"),
            "time: invalid duration \"x\""
        );
        assert_eq!(
            first_error("FROM a\nHEALTHCHECK --retries=-1 CMD x\n"),
            "--retries cannot be negative (-1)"
        );
        assert_eq!(
            first_error("FROM a\nHEALTHCHECK --retries=x CMD x\n"),
            "strconv.ParseInt: parsing \"x\": invalid syntax"
        );
        assert_eq!(
            first_error("FROM a\nHEALTHCHECK --retries=9999999999 CMD x\n"),
            "strconv.ParseInt: parsing \"9999999999\": value out of range"
        );
        assert!(errors(
            "FROM a\nHEALTHCHECK --interval=1.5ms --timeout=-0 --start-interval=1h2m3.5s CMD x\n"
        )
        .is_empty());
    }

    #[test]
    fn stage_context() {
        assert_eq!(
            errors("ARG A\nRUN x\nENV a=b\nFROM a\n"),
            vec!["no build stage in current context"]
        );
        assert!(errors("ARG A\nFROM a\nRUN x\n").is_empty());
        // Unknown instructions keep the parser's diagnostic only.
        let df = parse("FROM a\nFOO bar\n");
        assert_eq!(df.diagnostics().len(), 1);
    }

    #[test]
    fn go_duration() {
        assert_eq!(parse_go_duration("1h2m3s"), Ok(3_723_000_000_000));
        assert_eq!(parse_go_duration("1.5s"), Ok(1_500_000_000));
        assert_eq!(parse_go_duration(".5us"), Ok(500));
        assert_eq!(parse_go_duration("-2ms"), Ok(-2_000_000));
        assert_eq!(parse_go_duration("0"), Ok(0));
        assert!(parse_go_duration("").is_err());
        assert!(parse_go_duration(".s").is_err());
        assert!(parse_go_duration("9999999999999999999h").is_err());
        assert_eq!(levenshtein("kitten", "sitting"), 3);
    }
}
