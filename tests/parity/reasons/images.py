"""Reasons for disagreements on the instruction and image rules (FROM, USER, WORKDIR,
COPY/ADD, CMD, ARG/ENV and a few RUN checks). See the package docstring."""

import json
import re

from . import ANY, EXTRA, FROM_RE, MISS, Reason  # noqa: F401
from .common import _INLINE, WRAPPERS

# A variable reference as BuildKit expands it: `$NAME` or `${NAME...}`.
VAR = re.compile(r"\$(?:\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)")
VAR_NAME = re.compile(r"^\$\{?([A-Za-z_][A-Za-z0-9_]*)")


# --------------------------------------------------------------------------- helpers


def _from(text):
    """(image, alias as written) of a FROM instruction, or (None, None)."""
    m = FROM_RE.match(text)
    return (m.group(1), m.group(2) or "") if m else (None, None)


def _raw_aliases_before(ctx, line):
    """The stage names (as written) of the FROM instructions before `line`."""
    out = []
    for s in ctx.stages():
        if s["start"] < line:
            ins = ctx.instruction_at(s["start"])
            alias = _from(ins[2])[1] if ins else ""
            if alias:
                out.append(alias)
    return out


def _as_pattern(image):
    """A regex that matches what `image` can expand to: each variable is any text."""
    parts = VAR.split(image)
    return re.compile("^" + ".*".join(re.escape(p) for p in parts) + "$", re.I)


def _with_defaults(ctx, image):
    """`image` with its variables replaced by the defaults of the global ARGs (before the
    first FROM), or None when one has no default."""
    first = ctx.stages()[0]["start"] if ctx.stages() else 10**9
    missing = []

    def value(m):
        name = VAR_NAME.match(m.group(0))
        if not name or not m.group(0).endswith(("}", name.group(1))) or ":" in m.group(0):
            missing.append(m.group(0))
            return ""
        defs = [d for d in ctx.definitions(name.group(1), first) if d is not None]
        if not defs or "$" in defs[-1]:
            missing.append(m.group(0))
            return ""
        return defs[-1]

    out = VAR.sub(value, image)
    return None if missing else out


def _variable_stage_matches(ctx, image, line):
    """The earlier stage names a variable image (`base-${ARCH}`) expands to: the one its
    defaults give, else any it can expand to."""
    if not image or "$" not in image:
        return []
    aliases = _raw_aliases_before(ctx, line)
    default = _with_defaults(ctx, image)
    if default is not None:
        return [a for a in aliases if a.lower() == default.lower()]
    pat = _as_pattern(image)
    return [a for a in aliases if pat.match(a)]


def _keyword_args(case):
    """The instruction's text after its keyword (and ONBUILD), continuations folded."""
    t = re.sub(r"\\\r?\n", " ", case.original or case.text)
    return re.sub(r"^\s*(?:onbuild\s+)?[A-Za-z]+\s*", "", t, flags=re.I)


def _copy_words(case):
    """The words of a COPY/ADD after its flags (shell form only)."""
    words = _keyword_args(case).split()
    while words and words[0].startswith("--"):
        words.pop(0)
    return words


def _stage_index_by_alias(ctx, alias, before_index):
    for s in ctx.stages():
        if s["alias"] and s["alias"] == alias.lower() and s["index"] < before_index:
            return s["index"]
    return None


def _base_stages(ctx, stage):
    """Indexes of the earlier stages `stage` is built on (several when its base is a
    variable that can name several stages)."""
    image = stage["base"]
    if "$" in image:
        names = _variable_stage_matches(ctx, image, stage["start"])
    else:
        names = [image]
    out = []
    for n in names:
        i = _stage_index_by_alias(ctx, n, stage["index"])
        if i is not None:
            out.append(i)
    return out


def _stage_instructions(ctx, index, keyword):
    st = ctx.stages()[index]
    return [i for i in ctx.instructions_of_stage(st)
            if ctx.keyword(i) == keyword and not re.match(r"^\s*onbuild", i[2], re.I)]


# --------------------------------------------------------------------------- DL3002


def _final_users(ctx):
    """Lines of the USER instructions that can be the last one of the final image: the
    last USER of the final stage or, when it has none, of the stages it is built on."""
    stages = ctx.stages()
    if not stages:
        return set()
    out, todo, seen = set(), [len(stages) - 1], set()
    while todo:
        i = todo.pop()
        if i in seen:
            continue
        seen.add(i)
        users = _stage_instructions(ctx, i, "USER")
        if users:
            out.add(users[-1][0])
        else:
            todo.extend(_base_stages(ctx, stages[i]))
    return out


def root_not_shipped(case):
    """This USER root is not the last USER of the image that ships: its stage is only a
    build stage, or a later stage built on it switches user."""
    return case.keyword == "USER" and not case.onbuild and case.line not in _final_users(case.ctx)


def windows_admin(case):
    return bool(re.match(r"^\s*USER\s+\"?ContainerAdministrator\"?\s*$", case.original, re.I))


def user_variable_root(case):
    """`USER $U` whose value dockwright resolves to root (the message names the value)."""
    return bool(re.match(r"^\s*USER\s+\S*\$", case.original, re.I)) and \
        bool(re.search(r"\(`(?:root|0)`\)", case.message))


def user_trailing_space(case):
    return bool(re.match(r"^\s*USER\s+root[ \t]+$", case.text.split("\n")[0], re.I))


# --------------------------------------------------------------------------- FROM


def from_variable_stage(case):
    """`FROM base-${ARCH}`: the variable image names earlier stages."""
    image, _ = _from(case.original)
    return bool(_variable_stage_matches(case.ctx, image, case.line))


def from_stage_other_case(case):
    """`FROM base` after `AS Base`: the same stage for BuildKit."""
    image, _ = _from(case.original)
    if not image or "$" in image:
        return False
    aliases = _raw_aliases_before(case.ctx, case.line)
    return image not in aliases and image.lower() in (a.lower() for a in aliases)


def from_digest_in_variable(case):
    """`FROM busybox${TARGETARCH:+@sha256:...}`: the digest is in a `:+` expansion of a
    variable BuildKit always sets."""
    image, _ = _from(case.original)
    return bool(image) and bool(re.search(r"\$\{TARGET[A-Z]*:\+@sha256:[0-9a-f]{64}\}", image))


def from_variable_untagged(case):
    """`FROM $BASE` whose default value has no tag (the message shows the value)."""
    image, _ = _from(case.original)
    m = re.search(r"`([^`]+)` has no tag", case.message)
    return bool(image) and image.startswith("$") and bool(m) and "$" not in m.group(1)


def from_variable(case):
    """The image of this FROM is (partly) a variable, which hadolint does not expand."""
    image, _ = _from(case.original)
    return bool(image) and "$" in image


# --------------------------------------------------------------------------- WORKDIR


def workdir_variable(case):
    """`WORKDIR $DIR` where dockwright knows the value (in the message) is relative."""
    m = re.search(r"Use absolute WORKDIR: `([^`]+)`", case.message)
    return bool(re.match(r"^\s*WORKDIR\s+[\"']?\$", case.original, re.I)) and bool(m) and \
        not m.group(1).startswith(("/", "$"))


# --------------------------------------------------------------------------- COPY/ADD


def is_add(case):
    return case.keyword == "ADD"


def copy_destination_variable(case):
    """`COPY . ${SRC}` whose value dockwright resolves to a relative path."""
    words = _copy_words(case)
    return case.keyword == "COPY" and bool(words) and words[-1].lstrip("\"'").startswith("$")


def _chain_has_workdir(ctx, index, path=()):
    """Whether stage `index`, or every chain of stages it is built on, sets a WORKDIR."""
    if index in path:
        return False
    if _stage_instructions(ctx, index, "WORKDIR"):
        return True
    bases = _base_stages(ctx, ctx.stages()[index])
    return bool(bases) and all(_chain_has_workdir(ctx, b, path + (index,)) for b in bases)


def workdir_through_variable_stage(case):
    """The COPY's stage is built on `base-${X}`, and every stage that can be has a
    WORKDIR: the destination is not resolved against the base image's directory."""
    st = case.ctx.stage_of(case.line)
    if st is None or "$" not in st["base"]:
        return False
    if any(i[0] < case.line for i in _stage_instructions(case.ctx, st["index"], "WORKDIR")):
        return False
    bases = _base_stages(case.ctx, st)
    return bool(bases) and all(_chain_has_workdir(case.ctx, b) for b in bases)


URL = re.compile(r"^(?:https?|ftp|git)://|^git@|\.git(?:#|$)", re.I)


def add_source_from_variable(case):
    """`ADD ${URL} /x`: the source is a variable whose value is a URL, or a build argument
    without a value (which may be one). hadolint takes it for a local file."""
    if case.keyword != "ADD":
        return False
    words = _copy_words(case)
    if len(words) < 2:
        return False
    for src in words[:-1]:
        m = VAR_NAME.match(src.lstrip("\"'"))
        if m:
            defs = case.ctx.definitions(m.group(1), case.line)
            defs = [v for v in defs if v is None or not re.fullmatch(r"\$\{?" + m.group(1) + r"\}?", v)]
            if defs and all(v is None or URL.search(v) for v in defs):
                return True
    # a build argument without a value anywhere in a source (`configs/$arch`)
    for src in words[:-1]:
        for name in re.findall(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)", src):
            defs = case.ctx.definitions(name, case.line)
            if defs and all(v is None for v in defs):
                return True
    return False


def unbalanced_quote(case):
    """`ADD \\conf\\\\" /x`: after escapes, a quote is never closed; BuildKit fails on
    the word (hadolint reads it as a file name)."""
    args = re.sub(r"\\.", "", _keyword_args(case))
    return args.count('"') % 2 == 1


def copy_from_variable(case):
    return bool(re.search(r"--from=\S*\$", case.original))


ADD_CANNOT_EXTRACT = re.compile(r"\.(?:tar\.Z|taz|tZ|tar\.lz|tlz|lz|Z)$")


def archive_add_cannot_extract(case):
    """The archive is compressed with a format ADD does not extract (compress, lzip)."""
    words = _copy_words(case)
    return case.keyword == "COPY" and any(ADD_CANNOT_EXTRACT.search(w.strip("\"'")) for w in words[:-1])


def tar_old_style(case):
    """A later RUN extracts the archive with old-style options (`tar xzf a.tgz`)."""
    names = [t.strip("\"'").rsplit("/", 1)[-1] for t in case.span_texts()]
    if not names:
        return False
    after = "\n".join(case.ctx.lines[case.end_line:])
    for m in re.finditer(r"\btar\s+([A-Za-z]*x[A-Za-z]*)\s+([^\n]*)", after):
        if any(n and n in m.group(2) for n in names):
            return True
    return False


# --------------------------------------------------------------------------- USER (DL3066)


def user_env_numeric(case):
    """`USER $APP_UID` after `ENV APP_UID=1654`: the user is numeric."""
    m = re.match(r"^\s*USER\s+[\"']?\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?[\"']?(?::\S+)?\s*$", case.original, re.I)
    if not m:
        return False
    defs = [d for d in case.ctx.definitions(m.group(1), case.line) if d is not None]
    return bool(defs) and bool(re.fullmatch(r"\d+", defs[-1]))


def user_quoted_build_arg(case):
    """`USER "${name}"` after `ARG name=...`: a build argument, which hadolint exempts only
    when unquoted."""
    m = re.match(r"^\s*USER\s+[\"']\$\{?([A-Za-z_][A-Za-z0-9_]*)", case.original, re.I)
    if not m:
        return False
    return any(re.match(r"^\s*ARG\s", ins[2], re.I) and re.search(r"\b" + m.group(1) + r"\b", ins[2])
               for ins in case.ctx.instructions if ins[0] < case.line)


# --------------------------------------------------------------------------- files BuildKit refuses


def unterminated_heredoc(case):
    """The instruction opens a heredoc that is never closed: BuildKit refuses the file
    (dockwright reports DL1000); hadolint reads the rest of the file as instructions."""
    first = case.text.split("\n")[0]
    m = re.search(r"<<-?\s*[\"']?([^\s\"'<]+)", first)
    if not m or case.end_line < len(case.ctx.lines) - 2:
        return False
    return not any(line.strip() == m.group(1) for line in case.ctx.lines[case.line:])


def json_array_not_strings(case):
    """`CMD [ "echo", [ "x" ] ]`: BuildKit refuses a JSON array of non-strings."""
    try:
        v = json.loads(_keyword_args(case))
    except ValueError:
        return False
    return isinstance(v, list) and not all(isinstance(x, str) for x in v)


# --------------------------------------------------------------------------- CMD/ENTRYPOINT


def _json_args(case):
    try:
        v = json.loads(_keyword_args(case))
    except ValueError:
        return None
    return v if isinstance(v, list) and all(isinstance(x, str) for x in v) else None


def json_escaped_quote(case):
    """A valid exec form with an escaped quote (`\\"`), which hadolint's parser mistakes
    for the end of the string after `\\\\` or under `# escape=```."""
    return case.keyword in ("CMD", "ENTRYPOINT") and _json_args(case) is not None and '\\"' in case.original


def invalid_json_exec_form(case):
    """`CMD ["C:\\Ruby\\bin\\ruby.exe"]` is not valid JSON (`\\R`), so BuildKit runs it
    with the shell."""
    args = _keyword_args(case).strip()
    if case.keyword not in ("CMD", "ENTRYPOINT") or not args.startswith("["):
        return False
    try:
        json.loads(args)
        return False
    except ValueError:
        return bool(re.search(r'\\[^"\\/bfnrtu]', args))


# --------------------------------------------------------------------------- RUN tools


def wget_stderr_discarded(case):
    """`wget ... 2>/dev/null`: the progress output (on stderr) goes nowhere."""
    return bool(re.search(r"\bwget\b[^|;&\n]*\s2>\s*/dev/null", _keyword_args(case)))


def wget_option_value(case):
    """An option value that hadolint reads as bundled flags (`-O/tmp/fort.deb` has an `o`,
    `-lol` is `-l ol`), so it thinks `-o` is given."""
    for (s, _e), text in zip(case.spans, case.span_texts()):
        if text != "wget":
            continue
        rest = case.ctx.data[s:].decode("utf-8", "replace")
        cmd = re.split(r"&&|\|\||;|\||\n(?!\s)", rest.replace("\\\n", " "), maxsplit=1)[0]
        if re.search(r"\s-[OlPeUtTwQiBDXI][^\s=]*[oa]", cmd):
            return True
    return False


def _hidden_use(ctx, lineno, tool):
    """Whether `tool` on line `lineno` runs where hadolint does not look: behind a
    wrapper, as a path, or inside an `sh -c '...'` string."""
    ins = next((i for i in ctx.instructions if i[0] <= lineno <= i[1]), None)
    if ins is None:
        return False
    if re.match(r"^\s*onbuild\b", ins[2], re.I):
        return True
    line = ctx.lines[lineno - 1] if lineno <= len(ctx.lines) else ""
    wrappers = "|".join(map(re.escape, WRAPPERS))
    if re.search(r"(?:^|[\s;&|(])(?:" + wrappers + r")\s+(?:-\S+\s+)*" + tool + r"\b", line) or \
            re.search(r"/" + tool + r"\b", line):
        return True
    k = line.find(tool)
    before = ctx.raw(ins[0], lineno - 1) + "\n" + (line[:k] if k >= 0 else line) if lineno > ins[0] \
        else (line[:k] if k >= 0 else line)
    for m in _INLINE.finditer(before):
        q, rest = m.group(1), before[m.end():]
        if (q == "'" and "'" not in rest) or (q == '"' and len(re.findall(r'(?<!\\)"', rest)) % 2 == 0):
            return True
    return False


def other_tool_hidden(case):
    """The other download tool that makes this one a second is behind `sudo`, a path or in
    `sh -c '...'`, where hadolint does not see it."""
    m = re.search(r"`(curl|wget)` on line (\d+)", case.message)
    return bool(m) and _hidden_use(case.ctx, int(m.group(2)), m.group(1))


def ln_sh_is_target(case):
    """`ln -s /bin/sh /bin/bash` creates /bin/bash; /bin/sh is left alone."""
    return bool(re.search(r"\bln\s+(?:-\S+\s+)*/bin/sh\s+/\S+", _keyword_args(case))) and \
        not re.search(r"\bln\s+(?:-\S+\s+)*[^-\s]\S*\s+/bin/sh\b(?!\S)", _keyword_args(case))


def ln_usr_bin_sh(case):
    """`ln -sf bash /usr/bin/sh`: with merged /usr, /bin/sh is /usr/bin/sh."""
    return any("/usr/bin/sh" in t for t in case.span_texts()) or \
        bool(re.search(r"\bln\s+[^;&|\n]*\s/usr/bin/sh\b", _keyword_args(case)))


# --------------------------------------------------------------------------- ARG/ENV (DL3064)

# hadolint's fixed names that do not hold a secret (an id, a user name, an OS name...)
NOT_SECRET_NAMES = {"FACEBOOK_APP_ID", "TRAVIS_OS_NAME", "TRAVIS_SUDO", "TRAVIS_SECURE_ENV_VARS",
                    "STRIPE_DEVICE_NAME", "DOCKER_EMAIL", "OKTA_AUTHN_GROUPID", "OKTA_CLIENT_ORGURL",
                    "OKTA_OAUTH2_CLIENTID", "CI_DEPLOY_USER", "HEROKU_API_USER"}


def not_a_secret_name(case):
    names = re.findall(r"([A-Za-z_][A-Za-z0-9_]*)(?:=|\s)", _keyword_args(case) + " ")
    return any(n.upper() in NOT_SECRET_NAMES for n in names)


def key_after_glued_continuation(case):
    """`DB_USER=""\\` then `DB_PASSWORD=""` on the next line: for BuildKit two keys,
    for hadolint one value."""
    return bool(case.spans) and all(re.search(r"[^\s\\]\\\r?\n\s*$", b) for b in case.before_span(80))


def arg_later_declaration(case):
    """`ARG A=1 B_PASSWORD`: BuildKit declares every name; hadolint reads only the first."""
    if case.keyword != "ARG" or not case.spans:
        return False
    m = re.match(r"^\s*(?:onbuild\s+)?ARG\s+", case.text, re.I)
    first = case.ctx.offset_of_line(case.line) + len(m.group(0).encode()) if m else None
    return first is not None and all(s > first for s, _ in case.spans)


def env_defined_before(case):
    """`ENV PATH=/a:$PATH DB_PATH=$PATH` after an earlier `ENV PATH=...`: hadolint exempts
    any variable an earlier instruction defines; the reference still reads the old value."""
    m = re.search(r"`([A-Za-z_][A-Za-z0-9_]*)` still has the value", case.message)
    if case.keyword != "ENV" or not m:
        return False
    name = m.group(1)
    set_here = re.search(r"(?:^|\s)" + name + r"=", _keyword_args(case))
    return bool(set_here) and bool(case.ctx.definitions(name, case.line))


# --------------------------------------------------------------------------- the reasons

REASONS = [
    # DL3002
    Reason(
        "root-not-shipped", {"DL3002"}, MISS, "DL3002: only the image that ships",
        "the `USER root` is in a build stage, or a later stage of the shipped image switches user",
        root_not_shipped,
        examples=[
            ("DL3002", "FROM debian:12 AS build\nUSER root\nRUN make\nFROM debian:12\nUSER app\n", 2, True),
            ("DL3002", "FROM debian:12 AS base\nUSER root\nFROM base\nUSER app\n", 2, True),
            ("DL3002", "FROM debian:12 AS build\nUSER root\nFROM build\nRUN make\n", 2, False),
        ],
    ),
    Reason(
        "windows-admin", {"DL3002"}, EXTRA, "DL3002: only the image that ships",
        "`ContainerAdministrator` is Windows' root",
        windows_admin,
        examples=[
            ("DL3002", "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nUSER ContainerAdministrator\n", 2, True),
            ("DL3002", "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nUSER ContainerUser\nUSER root\n", 3,
             False),
        ],
    ),
    Reason(
        "user-variable-root", {"DL3002"}, EXTRA, "DL3002: only the image that ships",
        "the user is a variable whose value is root",
        user_variable_root,
        examples=[
            ("DL3002", "FROM debian:12\nENV U=root\nUSER $U\n", 3, True),
            ("DL3002", "FROM debian:12\nUSER root\n", 2, False),
        ],
    ),
    Reason(
        "user-root-trailing-space", {"DL3002"}, EXTRA, "DL3002: only the image that ships",
        "`USER root ` with trailing blanks is root for BuildKit; hadolint compares the text with the blanks",
        user_trailing_space,
        examples=[
            ("DL3002", "FROM debian:12\nUSER root \n", 2, True),
            ("DL3002", "FROM debian:12\nUSER root\n", 2, False),
        ],
    ),
    # DL3006, DL3007, DL3045: stages and images through variables
    Reason(
        "from-variable-stage", {"DL3006"}, MISS, "DL3006: stage names hadolint cannot resolve",
        "the image `base-${ARCH}` expands to the name of an earlier stage",
        from_variable_stage,
        examples=[
            ("DL3006", "FROM debian:12 AS base-amd64\nFROM debian:12 AS base-arm64\nFROM base-$TARGETARCH\n", 3,
             True),
            ("DL3006", "FROM debian:12 AS base-amd64\nARG V=x\nFROM other-${V}\n", 3, False),
        ],
    ),
    Reason(
        "from-stage-other-case", {"DL3006"}, MISS, "DL3006: stage names hadolint cannot resolve",
        "the image is an earlier stage written in another case",
        from_stage_other_case,
        examples=[
            ("DL3006", "FROM debian:12 AS Base\nFROM base\n", 2, True),
            ("DL3006", "FROM debian:12 AS Base\nFROM basic\n", 2, False),
        ],
    ),
    Reason(
        "from-digest-in-variable", {"DL3006"}, MISS, "DL3006: stage names hadolint cannot resolve",
        "the digest is added by `${TARGETARCH:+@sha256:...}`, which is always set",
        from_digest_in_variable,
        examples=[
            ("DL3006", "FROM busybox${TARGETARCH:+@sha256:" + "a" * 64 + "} AS amd64\n", 1, True),
            ("DL3006", "FROM busybox\n", 1, False),
        ],
    ),
    Reason(
        "from-variable-untagged", {"DL3006"}, EXTRA, "DL3006: stage names hadolint cannot resolve",
        "`FROM $BASE` whose default is an untagged image; hadolint skips images starting with `$`",
        from_variable_untagged,
        examples=[
            ("DL3006", "ARG BASE=debian\nFROM $BASE\n", 2, True),
            ("DL3006", "FROM debian\n", 1, False),
        ],
    ),
    Reason(
        "from-variable-latest", {"DL3007"}, EXTRA, "DL3007: `latest` through a variable",
        "the tag (or the image) is a variable whose default is `latest`",
        from_variable,
        examples=[
            ("DL3007", "ARG TAG=latest\nFROM debian:$TAG\n", 2, True),
            ("DL3007", "FROM debian:latest\n", 1, False),
        ],
    ),
    Reason(
        "workdir-variable", {"DL3000"}, EXTRA, "DL3000: WORKDIR through a variable",
        "`WORKDIR $DIR` whose value is relative; hadolint skips values starting with `$`",
        workdir_variable,
        examples=[
            ("DL3000", "FROM debian:12\nENV DIR=build\nWORKDIR $DIR\n", 3, True),
            ("DL3000", "FROM debian:12\nWORKDIR build\n", 2, False),
        ],
    ),
    Reason(
        "workdir-through-variable-stage", {"DL3045"}, MISS, "DL3066, DL3045: values and stages",
        "the stage is built on `base-${X}`, and every stage that can be sets a WORKDIR",
        workdir_through_variable_stage,
        examples=[
            ("DL3045", "ARG T=a\nFROM debian:12 AS base-a\nWORKDIR /w\nFROM base-${T}\nCOPY x y\n", 5, True),
            ("DL3045", "ARG T=a\nFROM debian:12 AS base-a\nFROM base-${T}\nCOPY x y\n", 4, False),
        ],
    ),
    Reason(
        "add-relative-destination", {"DL3045"}, EXTRA, "DL3045: ADD too",
        "ADD resolves a relative destination like COPY; hadolint checks only COPY",
        is_add,
        examples=[
            ("DL3045", "FROM debian:12\nADD a.txt .\n", 2, True),
            ("DL3045", "FROM debian:12\nCOPY . ${SRC}\n", 2, False),
        ],
    ),
    Reason(
        "copy-destination-variable", {"DL3045"}, EXTRA, "DL3066, DL3045: values and stages",
        "the destination is a variable with a relative value; hadolint skips destinations starting with `$`",
        copy_destination_variable,
        examples=[
            ("DL3045", "FROM debian:12\nENV SRC=md\nCOPY . ${SRC}\n", 3, True),
            ("DL3045", "FROM debian:12\nADD . ${SRC}\n", 2, False),
        ],
    ),
    # DL3066
    Reason(
        "user-env-numeric", {"DL3066"}, MISS, "DL3066, DL3045: values and stages",
        "`USER $UID` whose ENV value is a number",
        user_env_numeric,
        examples=[
            ("DL3066", "FROM debian:12\nENV APP_UID=1654\nUSER $APP_UID\n", 3, True),
            ("DL3066", "FROM debian:12\nENV APP=app\nUSER $APP\n", 3, False),
        ],
    ),
    Reason(
        "user-quoted-build-arg", {"DL3066"}, MISS, "DL3066, DL3045: values and stages",
        "`USER \"${name}\"` is a build argument; hadolint exempts build arguments only without quotes",
        user_quoted_build_arg,
        examples=[
            ("DL3066", "FROM debian:12\nARG name=app\nUSER \"${name:-unset}\"\n", 3, True),
            ("DL3066", "FROM debian:12\nUSER \"app\"\n", 2, False),
        ],
    ),
    # DL3020, DL3021, DL3022
    Reason(
        "add-source-from-variable", {"DL3020"}, MISS, "DL3020: ONBUILD ADD, sources through variables",
        "the ADD source is a variable holding a URL, or a build argument without a value",
        add_source_from_variable,
        examples=[
            ("DL3020", "FROM debian:12\nARG PKG=https://example.com/p.deb\nADD ${PKG} /tmp/p.deb\n", 3, True),
            ("DL3020", "FROM debian:12\nARG PKG\nADD $PKG /tmp/\n", 3, True),
            ("DL3020", "FROM debian:12\nARG PKG=p.deb\nADD ${PKG} /tmp/p.deb\n", 3, False),
        ],
    ),
    Reason(
        "add-unbalanced-quote", {"DL3020"}, MISS, "DL3020: ONBUILD ADD, sources through variables",
        "a quote of the ADD is never closed, so BuildKit cannot read its words",
        lambda case: case.keyword == "ADD" and unbalanced_quote(case),
        examples=[
            ("DL3020", 'FROM debian:12\nADD \\conf\\\\" /.znc\n', 2, True),
            ("DL3020", 'FROM debian:12\nADD "conf" /.znc\n', 2, False),
        ],
    ),
    Reason(
        "add-multiple-sources", {"DL3021"}, EXTRA, "DL3021: ADD has the same requirement",
        "ADD with several sources needs a directory destination like COPY; hadolint checks only COPY",
        is_add,
        examples=[
            ("DL3021", "FROM debian:12\nADD a.sh b.sh .\n", 2, True),
        ],
    ),
    Reason(
        "copy-from-variable", {"DL3022"}, EXTRA, "DL3022: variables in `--from`",
        "BuildKit refuses variables in `COPY --from`",
        copy_from_variable,
        examples=[
            ("DL3022", "FROM scratch\nCOPY --from=traefik:${VERSION}-alpine /t /t\n", 2, True),
            ("DL3022", "FROM scratch\nCOPY --from=nope /t /t\n", 2, False),
        ],
    ),
    # DL3010
    Reason(
        "tar-old-style", {"DL3010"}, EXTRA, "DL3010: archives extracted after COPY",
        "a later RUN extracts the archive with old-style options (`tar xzf`), which hadolint does not read",
        tar_old_style,
        examples=[
            ("DL3010", "FROM debian:12\nCOPY a.tgz /tmp/\nRUN tar xzf /tmp/a.tgz\n", 2, True),
        ],
    ),
    Reason(
        "archive-add-cannot-extract", {"DL3010"}, MISS, "DL3010: archives extracted after COPY",
        "ADD does not extract this compression (`.Z`, `.lz`), so COPY and RUN tar is right",
        archive_add_cannot_extract,
        examples=[
            ("DL3010", "FROM debian:12\nCOPY a.tar.Z /tmp/\nRUN tar -xf /tmp/a.tar.Z\n", 2, True),
            ("DL3010", "FROM debian:12\nCOPY a.tar.gz /tmp/\nRUN tar -xf /tmp/a.tar.gz\n", 2, False),
        ],
    ),
    # files BuildKit refuses, CMD
    Reason(
        "unterminated-heredoc", {"DL3025", "DL3066"}, MISS, "DL3025, DL3061: JSON hadolint misreads",
        "the instruction opens a heredoc that is never closed; BuildKit refuses the file",
        unterminated_heredoc,
        examples=[
            ("DL3066", "FROM debian:12\nRUN useradd -u <<UID>> app\nUSER app\n", 2, True),
            ("DL3066", "FROM debian:12\nRUN <<EOF\nuseradd app\nEOF\nUSER app\n", 2, False),
        ],
    ),
    Reason(
        "json-array-not-strings", {"DL3025", "DL3061"}, MISS, "DL3025, DL3061: JSON hadolint misreads",
        "a JSON array with a nested array: BuildKit refuses the file",
        json_array_not_strings,
        examples=[
            ("DL3061", 'CMD [ "echo", [ "nested json" ] ]\nFROM debian:12\n', 1, True),
            ("DL3061", 'CMD [ "echo" ]\nFROM debian:12\n', 1, False),
        ],
    ),
    Reason(
        "json-escaped-quote", {"DL3025"}, MISS, "DL3025, DL3061: JSON hadolint misreads",
        "valid JSON with an escaped quote, which hadolint's parser misreads",
        json_escaped_quote,
        examples=[
            ("DL3025", 'FROM debian:12\nCMD ["a\\\\\\"b"]\n', 2, True),
            ("DL3025", "FROM debian:12\nCMD a b\n", 2, False),
        ],
    ),
    Reason(
        "invalid-json-exec-form", {"DL3025"}, EXTRA, "DL3025, DL3061: JSON hadolint misreads",
        "not valid JSON (`\\R`), so BuildKit runs it with the shell",
        invalid_json_exec_form,
        examples=[
            ("DL3025", 'FROM debian:12\nCMD ["C:\\Ruby\\bin\\ruby.exe"]\n', 2, True),
            ("DL3025", "FROM debian:12\nCMD ruby\n", 2, False),
        ],
    ),
    # DL3047, DL4001, DL4005
    Reason(
        "wget-stderr-discarded", {"DL3047"}, MISS, "DL3001, DL4001, DL3047: commands behind wrappers",
        "`wget ... 2>/dev/null` sends the progress output nowhere",
        wget_stderr_discarded,
        examples=[
            ("DL3047", "FROM debian:12\nRUN wget http://x/k -O- 2> /dev/null | apt-key add -\n", 2, True),
            ("DL3047", "FROM debian:12\nRUN wget http://x/k -O- | apt-key add -\n", 2, False),
        ],
    ),
    Reason(
        "wget-powershell", {"DL3047"}, MISS, "DL3001, DL4001, DL3047: commands behind wrappers",
        "in Windows PowerShell `wget` is `Invoke-WebRequest`, which has no progress dots",
        lambda case: bool(re.search(r"\bpowershell\b", _keyword_args(case), re.I)
                          or re.search(r"powershell", case.ctx.shell_before(case.line), re.I)),
        examples=[
            ("DL3047", "FROM debian:12\nRUN powershell -Command wget https://x/y -OutFile y\n", 2, True),
            ("DL3047", "FROM debian:12\nRUN wget https://x/y\n", 2, False),
        ],
    ),
    Reason(
        "wget-option-value", {"DL3047"}, EXTRA, "DL3001, DL4001, DL3047: commands behind wrappers",
        "hadolint reads an option's value (`-O/tmp/fort.deb`) as bundled flags that include `-o`",
        wget_option_value,
        examples=[
            ("DL3047", "FROM debian:12\nRUN wget https://x/y -O/tmp/fort.deb\n", 2, True),
            ("DL3047", "FROM debian:12\nRUN wget https://x/y -O /tmp/y\n", 2, False),
        ],
    ),
    Reason(
        "other-tool-hidden", {"DL4001"}, EXTRA, "DL3001, DL4001, DL3047: commands behind wrappers",
        "the other download tool runs behind `sudo`, as a path or in `sh -c '...'`",
        other_tool_hidden,
        examples=[
            ("DL4001", "FROM debian:12\nRUN sudo wget -q http://x/y\nRUN curl -fsS http://x/z\n", 3, True),
            ("DL4001", "FROM debian:12\nRUN bash -c 'wget -q http://x/y'\nRUN curl -fsS http://x/z\n", 3, True),
        ],
    ),
    Reason(
        "ln-sh-is-target", {"DL4005"}, MISS, "DL4005: links that really replace /bin/sh",
        "`ln -s /bin/sh /bin/bash` links to /bin/sh and leaves it alone",
        ln_sh_is_target,
        examples=[
            ("DL4005", "FROM debian:12\nRUN ln -s /bin/sh /bin/bash\n", 2, True),
            ("DL4005", "FROM debian:12\nRUN ln -sf /bin/bash /bin/sh\n", 2, False),
        ],
    ),
    Reason(
        "ln-usr-bin-sh", {"DL4005"}, EXTRA, "DL4005: links that really replace /bin/sh",
        "`/usr/bin/sh` is `/bin/sh` on merged-/usr systems",
        ln_usr_bin_sh,
        examples=[
            ("DL4005", "FROM debian:12\nRUN ln -sf /usr/bin/bash /usr/bin/sh\n", 2, True),
        ],
    ),
    # DL3064
    Reason(
        "not-a-secret-name", {"DL3064"}, MISS, "DL3064: names, not secrets",
        "hadolint's list of names includes ones that hold no secret (`FACEBOOK_APP_ID`, `TRAVIS_OS_NAME`)",
        not_a_secret_name,
        examples=[
            ("DL3064", "FROM debian:12\nENV FACEBOOK_APP_ID appid\n", 2, True),
            ("DL3064", "FROM debian:12\nENV GITHUB_TOKEN x\n", 2, False),
        ],
    ),
    Reason(
        "key-after-glued-continuation", {"DL3064"}, EXTRA, "DL3064: names, not secrets",
        "a key after a line ending in `\"\"\\` with no blank: hadolint reads it as part of the previous value",
        key_after_glued_continuation,
        examples=[
            ("DL3064", 'FROM debian:12\nENV DB_USER=""\\\n    DB_PASSWORD=""\\\n    PORT="80"\n', 2, True),
            ("DL3064", 'FROM debian:12\nENV DB_USER="" \\\n    DB_PASSWORD=""\n', 2, False),
        ],
    ),
    Reason(
        "arg-later-declaration", {"DL3064"}, EXTRA, "DL3064: names, not secrets",
        "a second name of a multi-name `ARG`, which hadolint does not read",
        arg_later_declaration,
        examples=[
            ("DL3064", "FROM debian:12\nARG A=1 B_PASSWORD\n", 2, True),
            ("DL3064", "FROM debian:12\nARG B_PASSWORD A=1\n", 2, False),
        ],
    ),
    # DL3044
    Reason(
        "env-defined-before", {"DL3044"}, EXTRA, "DL3044: only when the value really changes",
        "the variable is set earlier in the same ENV; hadolint exempts it because an earlier instruction defines it",
        env_defined_before,
        examples=[
            ("DL3044", "FROM debian:12\nENV PATH=/a:$PATH\nENV PATH=/b:$PATH B=$PATH\n", 3, True),
        ],
    ),
]
