"""Reasons for disagreements on the apt rules: DL3008, DL3009, DL3014, DL3015, DL3027.

hadolint recognises apt by a few literal words: `apt-get` followed somewhere by `install`
(DL3008, DL3014, DL3015), `apt-get update` without an `rm` that has the word `-rf` or
`/var/lib/apt/lists/*` (DL3009). The reasons below name the cases where that reading and
apt's own behaviour differ. Private helpers:

- `_commands(text)`: the simple commands of a script as word lists, with their offsets.
- `_covers(target, dir)`: whether removing a path (or glob) removes `dir` or its content.
"""

import fnmatch
import re

from . import ANY, EXTRA, MISS, Reason  # noqa: F401

LISTS = "/var/lib/apt/lists"
_ASSIGN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
# apt-get / apt options that take a value as the next word
_APT_VALUE_OPTS = {"-o", "--option", "-c", "--config-file", "-t", "--target-release", "--default-release",
                   "-a", "--host-architecture"}
_KEYWORDS = {"then", "do", "else", "elif", "if", "while", "until", "!", "{", "time"}


# --------------------------------------------------------------------------- helpers


def _span_words(case):
    """For each dockwright span: the words of its command line up to the end of the span
    (leading assignments dropped), read from the raw bytes."""
    raw = case.ctx.data
    out = []
    for s, e in case.spans:
        before = case.text_before(s)
        before = _fold(before)
        before = re.sub(r"^\s*(?:onbuild\s+)?run\s+(?:--\S+\s+)*", "", before, flags=re.I)
        before = re.split(r"&&|\|\||;|\||\(|\n|\bthen\b|\bdo\b|\belse\b", before)[-1]
        words = (before + raw[s:e].decode("utf-8", errors="replace")).split()
        while words and _ASSIGN.match(words[0]):
            words.pop(0)
        out.append(words)
    return out


def _subcommand(words):
    """apt/apt-get's subcommand: the first operand after the program name."""
    i = 1
    while i < len(words):
        w = words[i]
        if w in _APT_VALUE_OPTS:
            i += 2
            continue
        if w.startswith("-"):
            i += 1
            continue
        return w
    return None


def _fold(text):
    """The instruction's text with line continuations joined and comment lines dropped."""
    text = re.sub(r"^[ \t]*#[^\n]*\n", "", text, flags=re.M)
    return re.sub(r"\\[ \t]*\r?\n", " ", text)


def _commands(text):
    """[(offset, words)] of the simple commands of `text` (folded), split at `&&`, `||`,
    `;`, `|`, newlines, parentheses and backquotes; quotes are stripped from the words,
    leading assignments and shell keywords dropped."""
    text = _fold(text)
    text = re.sub(r"^\s*(?:onbuild\s+)?run\s+(?:--\S+\s+)*", "", text, flags=re.I)
    out, pos = [], 0
    for part in re.split(r"(&&|\|\||;|\||\n|\(|\)|`)", text):
        words = [w.strip("\"'") for w in part.split()]
        while words and (_ASSIGN.match(words[0]) or words[0] in _KEYWORDS):
            words.pop(0)
        if words:
            out.append((pos, words))
        pos += len(part)
    return out


def _program(words):
    return words[0].rsplit("/", 1)[-1] if words else ""


def _first_update(cmds):
    """Offset of the first `apt-get update` / `apt update` command, or None."""
    for pos, w in cmds:
        if _program(w) in ("apt-get", "apt") and _subcommand(w) == "update":
            return pos
    return None


def _covers(target, dir=LISTS):
    """Whether removing the absolute `target` (maybe a glob) removes `dir`, a parent of it,
    or entries inside it (a glob below it)."""
    pc = [c for c in target.split("/") if c and c != "."]
    dc = [c for c in dir.split("/") if c]
    if not pc or ".." in pc:
        return False
    n = min(len(pc), len(dc))
    return all(fnmatch.fnmatchcase(d, p) for p, d in zip(pc[:n], dc[:n])) \
        and all(re.search(r"[*?\[]", p) for p in pc[n:])


def _brace_expand(word):
    m = re.search(r"\{([^{}]*,[^{}]*)\}", word)
    if not m:
        return [word]
    out = []
    for alt in m.group(1).split(","):
        out.extend(_brace_expand(word[:m.start()] + alt + word[m.end():]))
    return out


def _bash_like(case):
    shell = case.ctx.shell_before(case.line)
    return bool(re.search(r"\b(?:bash|zsh|ksh|mksh)\b", shell))


def _rm_targets(words):
    return [w for w in words[1:] if not w.startswith("-")]


def _var_values(ctx, name):
    """The values assigned to `name` anywhere in the file (ARG, ENV, shell), unquoted."""
    pat = re.compile(r"(?:^|[\s;&|])(?:ARG\s+|ENV\s+|export\s+)?" + re.escape(name) + r"(?:=|\s+)(\S*)",
                     re.M | re.I)
    return [m.group(1).strip("\"'") for m in pat.finditer(ctx.text)]


_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|\$([A-Za-z_][A-Za-z0-9_]*)")
_ANCESTORS = ("var", "lib", "apt", "lists")


def _last_component_excludes(target):
    """Whether the last path component of `target` is literal text (variables allowed) that
    cannot name /var, /var/lib, /var/lib/apt or the lists: then removing it cannot remove
    the lists, wherever it is."""
    last = [c for c in target.split("/") if c]
    if not last or re.search(r"[*?\[{]", last[-1]) or last[-1] in (".", ".."):
        return False
    pattern = "".join(".*" if m.group(0).startswith("$") else re.escape(m.group(0))
                      for m in re.finditer(r"\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|[^$]+|\$", last[-1]))
    return not any(re.fullmatch(pattern, a) for a in _ANCESTORS)


def _may_remove_lists(case, target, depth=0):
    """Whether an `rm` target might remove the apt lists (conservative: relative paths and
    variables that could lead there count)."""
    if target.startswith("~") or _last_component_excludes(target):
        return False
    if "$" in target:
        m = _VAR.search(target)
        vals = _var_values(case.ctx, m.group(1) or m.group(2))
        if not vals or depth > 3:
            return True
        return any(_may_remove_lists(case, target[:m.start()] + v + target[m.end():], depth + 1) for v in vals)
    alts = _brace_expand(target) if _bash_like(case) else [target]
    for t in alts:
        if t.startswith("/"):
            if _covers(t):
                return True
        elif re.search(r"apt|lists|^lib\b|^var\b|^\*|^\.{1,2}/?$", t):
            return True
    return False


# --------------------------------------------------------------------------- tests


def apt_front_end(case):
    """Every span of the finding is on an `apt` (not `apt-get`) command line."""
    words = _span_words(case)
    return bool(words) and all(w and _program(w) == "apt" for w in words)


def reinstall(case):
    """Every span of the finding is on an `apt-get reinstall` (or `apt reinstall`) command."""
    words = _span_words(case)
    return bool(words) and all(w and _program(w) in ("apt-get", "apt") and _subcommand(w) == "reinstall"
                               for w in words)


def subcommand_not_first(case):
    """An `apt-get` command has `install` among its operands, but its first operand (the
    one apt-get takes as the command) is something else: `apt-get -y curl install git`."""
    for _, w in _commands(case.text):
        if _program(w) == "apt-get":
            sub = _subcommand(w)
            if sub is not None and sub != "install" and "install" in w[w.index(sub) + 1:]:
                return True
    return False


_NO_RECOMMENDS = re.compile(r"APT::Install-Recommends\s*\\*[\"']?\s*\\*[\"']?(?:false|0|no)\b", re.I)
_ASSUME_YES = re.compile(r"APT::Get::Assume-Yes\s*\\*[\"']?\s*\\*[\"']?(?:true|1|yes)\b", re.I)


def _text_before_install(case):
    """The text of the stage (and the stages it builds on) before the case's last
    `install`: the earlier instructions and the start of this one."""
    ctx = case.ctx
    lines = ctx.lines
    parts = []
    st = ctx.stage_of(case.line)
    end = case.line - 1
    seen = set()
    while st is not None and st["index"] not in seen:
        seen.add(st["index"])
        parts.append("\n".join(lines[st["start"] - 1:min(end, st["end"])]))
        base = st["base"].lower()
        prev = [s for s in ctx.stages() if s["alias"] and s["alias"] == base and s["index"] < st["index"]]
        st = prev[-1] if prev else None
        end = 10**9
    own = case.text
    k = own.rfind("install")
    return "\n".join(parts) + "\n" + (own[:k] if k >= 0 else own)


def apt_config_recommends(case):
    """`APT::Install-Recommends "false"` is written to APT's configuration before the install."""
    return bool(_NO_RECOMMENDS.search(_text_before_install(case)))


def apt_config_assume_yes(case):
    """`APT::Get::Assume-Yes "true"` is written to APT's configuration before the install."""
    return bool(_ASSUME_YES.search(_text_before_install(case)))


def dist_clean(case):
    """`apt-get dist-clean` (apt 2.7+) runs after the update: it removes the lists."""
    cmds = _commands(case.text)
    upd = _first_update(cmds)
    return upd is not None and any(
        pos > upd and _program(w) in ("apt-get", "apt") and _subcommand(w) in ("dist-clean", "distclean")
        for pos, w in cmds)


def rm_spelled_otherwise(case):
    """An `rm` after the update removes the lists, but is not spelled the way hadolint wants
    (`rm -rf` with that exact word, or `/var/lib/apt/lists/*`): `rm /var/lib/apt/lists/*_*`,
    `rm -fr /var/lib/apt/lists/`."""
    cmds = _commands(case.text)
    upd = _first_update(cmds)
    if upd is None:
        return False
    for pos, w in cmds:
        if pos > upd and _program(w) == "rm" and "-rf" not in w:
            if any(t.startswith("/") and _covers(t) for t in _rm_targets(w)):
                return True
    return False


def rm_elsewhere(case):
    """hadolint takes any `rm -rf` (or an `rm` of `/var/lib/apt/lists/*` anywhere in the RUN,
    even before the update) for the cleanup; here no `rm` after the update can remove the
    lists: other paths, typos, brace expansion under /bin/sh."""
    cmds = _commands(case.text)
    upd = _first_update(cmds)
    if upd is None:
        return False
    rms = [(pos, w) for pos, w in cmds if _program(w) == "rm"]
    if not any("-rf" in w or LISTS + "/*" in w for _, w in rms):
        return False
    return not any(pos > upd and any(_may_remove_lists(case, t) for t in _rm_targets(w)) for pos, w in rms)


def shipped_through_variable(case):
    """The stage ships because the final stage's `FROM ${VAR}` names it (through the default
    of a global ARG); hadolint compares the literal text of FROM with stage names."""
    if not case.shipped():
        return False
    stages = case.ctx.stages()
    by_name = {s["alias"]: s["index"] for s in stages if s["alias"]}
    literal, todo = set(), [len(stages) - 1]  # the stages hadolint sees as shipped
    while todo:
        i = todo.pop()
        if i in literal:
            continue
        literal.add(i)
        base = stages[i]["base"].lower()
        if base in by_name and by_name[base] < i:
            todo.append(by_name[base])
    st = case.ctx.stage_of(case.line)
    return st is not None and st["index"] not in literal


def same_from_as_final(case):
    """A build stage whose FROM line is the same as the final stage's (no aliases): hadolint
    compares FROM lines to find the last stage, so it takes this one for the final stage."""
    if case.shipped():
        return False
    ctx = case.ctx
    st, last = ctx.stage_of(case.line), ctx.stages()[-1]
    if st is None or st["alias"] or last["alias"]:
        return False

    def from_text(s):
        ins = ctx.instruction_at(s["start"])
        return " ".join(ins[2].split()).lower() if ins else None

    return from_text(st) is not None and from_text(st) == from_text(last)


# --------------------------------------------------------------------------- reasons

def options_in_variable(case):
    """The apt command takes a variable whose ENV/ARG value is options (`ENV OPTS_APT -y
    --no-install-recommends` + `apt-get install ${OPTS_APT} ...`): hadolint does not expand
    it, misses the options and takes the variable for an unpinned package."""
    text = re.sub(r"\\\r?\n", " ", case.text)
    for m in re.finditer(r"\bapt(?:-get)?\s+(?:[^;&|]*?\s)?install\s+([^;&|]*)", text):
        for v in re.findall(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?", m.group(1)):
            values = [d for d in case.ctx.definitions(v, case.line) if d is not None]
            if values and values[-1].startswith("-"):
                return True
    return False


REASONS = [
    Reason(
        "apt-options-in-variable", {"DL3008", "DL3014", "DL3015"}, MISS,
        "DL3008, DL3014, DL3015: `apt install`",
        "the options come from a variable (`apt-get install $APT_OPTS ...`); hadolint does not expand it",
        options_in_variable,
        examples=[
            ("DL3014", "FROM debian:12\nENV APT_OPTS -y --no-install-recommends\n"
                       "RUN apt-get install ${APT_OPTS} curl=7.88.1-10\n", 3, True),
            ("DL3014", "FROM debian:12\nENV PKG curl=7.88.1-10\nRUN apt-get install ${PKG}\n", 3, False),
        ],
    ),
    Reason(
        "apt-front-end", {"DL3008", "DL3014", "DL3015"}, EXTRA, "DL3008, DL3014, DL3015: `apt install`",
        "`apt install` installs like `apt-get install`; hadolint only checks `apt-get` (and reports DL3027)",
        apt_front_end,
        examples=[
            ("DL3015", "FROM debian:12\nRUN apt update && apt install -y curl=7.88.1-10\n", 2, True),
            ("DL3008", "FROM debian:12\nRUN apt update && apt install -y --no-install-recommends curl\n", 2, True),
            ("DL3014", "FROM debian:12\nRUN apt install --no-install-recommends curl=7.88.1-10\n", 2, True),
            ("DL3008", "FROM debian:12\nRUN apt update && apt-get install -y --no-install-recommends curl\n", 2,
             False),
        ],
    ),
    Reason(
        "apt-reinstall", {"DL3008", "DL3015"}, EXTRA, "DL3008, DL3015: `apt-get reinstall`",
        "`apt-get reinstall` is `install --reinstall`; hadolint only checks `install`",
        reinstall,
        examples=[
            ("DL3008", "FROM debian:12\nRUN apt-get update && apt-get reinstall -y --no-install-recommends "
                       "ca-certificates && rm -rf /var/lib/apt/lists/*\n", 2, True),
            ("DL3015", "FROM debian:12\nRUN apt-get update && apt-get reinstall -y ca-certificates=20230311 "
                       "&& rm -rf /var/lib/apt/lists/*\n", 2, True),
            ("DL3008", "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends "
                       "ca-certificates && rm -rf /var/lib/apt/lists/*\n", 2, False),
        ],
    ),
    Reason(
        "apt-get-command-first", {"DL3008", "DL3015"}, MISS, "DL3008, DL3015: the command is the first operand",
        "apt-get takes its first operand as the command (`apt-get -y curl install git` fails); hadolint "
        "finds `install` anywhere",
        subcommand_not_first,
        examples=[
            ("DL3008", "FROM debian:12\nRUN apt-get update && apt-get -y curl install git\n", 2, True),
            ("DL3015", "FROM debian:12\nRUN apt-get update && apt-get -y -o Dpkg::Use-Pty=0 curl install git\n",
             2, True),
            ("DL3008", "FROM debian:12\nRUN apt-get update && apt-get -y install curl git\n", 2, False),
        ],
    ),
    Reason(
        "apt-config-recommends", {"DL3015"}, MISS, "DL3014, DL3015: APT settings",
        "an earlier RUN (or the same one) writes `APT::Install-Recommends \"false\"` to APT's configuration",
        apt_config_recommends,
        examples=[
            ("DL3015", "FROM debian:12\nRUN echo 'APT::Install-Recommends \"false\";' > /etc/apt/apt.conf.d/99norec\n"
                       "RUN apt-get update && apt-get install -y curl=7.88.1-10 && rm -rf /var/lib/apt/lists/*\n",
             3, True),
            ("DL3015", "FROM debian:12\nRUN echo 'APT::Install-Recommends \"true\";' > /etc/apt/apt.conf.d/99rec\n"
                       "RUN apt-get update && apt-get install -y curl=7.88.1-10 && rm -rf /var/lib/apt/lists/*\n",
             3, False),
            ("DL3015", "FROM debian:12 AS a\nRUN echo 'APT::Install-Recommends \"0\";' > /etc/apt/apt.conf\n"
                       "FROM debian:12\nRUN apt-get update && apt-get install -y curl=7.88.1-10\n", 4, False),
        ],
    ),
    Reason(
        "apt-config-assume-yes", {"DL3014"}, MISS, "DL3014, DL3015: APT settings",
        "an earlier RUN (or the same one) writes `APT::Get::Assume-Yes \"true\"` to APT's configuration",
        apt_config_assume_yes,
        examples=[
            ("DL3014", "FROM debian:12\nRUN echo 'APT::Get::Assume-Yes \"true\";' > /etc/apt/apt.conf.d/90yes\n"
                       "RUN apt-get update && apt-get install --no-install-recommends curl=7.88.1-10\n", 3, True),
            ("DL3014", "FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends "
                       "curl=7.88.1-10\n", 2, False),
        ],
    ),
    Reason(
        "apt-dist-clean", {"DL3009"}, MISS, "DL3009: what really removes the lists",
        "`apt-get dist-clean` (apt 2.7+) after the update removes the lists",
        dist_clean,
        examples=[
            ("DL3009", "FROM debian:13\nRUN apt-get update && apt-get install -y --no-install-recommends "
                       "curl=8.14.1-2 && apt-get dist-clean\n", 2, True),
            ("DL3009", "FROM debian:13\nRUN apt-get dist-clean && apt-get update && apt-get install -y "
                       "--no-install-recommends curl=8.14.1-2\n", 2, False),
        ],
    ),
    Reason(
        "apt-lists-rm-spelling", {"DL3009"}, MISS, "DL3009: what really removes the lists",
        "an `rm` after the update removes the lists, spelled otherwise than `rm -rf` "
        "(`rm /var/lib/apt/lists/*_*`, `rm -fr ...`)",
        rm_spelled_otherwise,
        examples=[
            ("DL3009", "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends "
                       "curl=7.88.1-10 && rm /var/lib/apt/lists/*_*\n", 2, True),
            ("DL3009", "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends "
                       "curl=7.88.1-10 && rm -fr /var/lib/apt/lists\n", 2, True),
            ("DL3009", "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends "
                       "curl=7.88.1-10 && rm /var/lib/apt/lists/lock\n", 2, False),
        ],
    ),
    Reason(
        "apt-lists-same-from", {"DL3009"}, MISS, "DL3009: which stages count",
        "a build stage with the same FROM line as the final stage: hadolint takes it for the final stage",
        same_from_as_final,
        examples=[
            ("DL3009", "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends "
                       "curl=7.88.1-10\nFROM debian:12\nCOPY --from=0 /usr/bin/curl /usr/bin/\n", 2, True),
            ("DL3009", "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends "
                       "curl=7.88.1-10\nFROM debian:12-slim\nCOPY --from=0 /usr/bin/curl /usr/bin/\n", 2, False),
        ],
    ),
    Reason(
        "apt-lists-from-variable", {"DL3009"}, EXTRA, "DL3009: which stages count",
        "the final stage is `FROM ${VAR}` and the ARG's default names this stage, so it ships",
        shipped_through_variable,
        examples=[
            ("DL3009", "ARG FLAVOUR=gpu\nFROM debian:12 AS gpu\nRUN apt-get update && apt-get install -y "
                       "--no-install-recommends curl=7.88.1-10\nFROM debian:12 AS cpu\nFROM ${FLAVOUR}\n", 3, True),
            ("DL3009", "ARG FLAVOUR=gpu\nFROM debian:12 AS gpu\nRUN apt-get update && apt-get install -y "
                       "--no-install-recommends curl=7.88.1-10\nFROM debian:12 AS cpu\nFROM gpu\n", 3, False),
        ],
    ),
    Reason(
        "apt-lists-rm-elsewhere", {"DL3009"}, EXTRA, "DL3009: what really removes the lists",
        "hadolint accepts any `rm -rf` as the cleanup; no `rm` after the update removes the lists",
        rm_elsewhere,
        examples=[
            ("DL3009", "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends "
                       "curl=7.88.1-10 && rm -rf /tmp/*\n", 2, True),
            ("DL3009", "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends "
                       "curl=7.88.1-10 && rm -rf /var/lib/{apt,dpkg,cache,log}/\n", 2, True),
            ("DL3009", "FROM debian:12\nRUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y "
                       "--no-install-recommends curl=7.88.1-10\n", 2, True),
            ("DL3009", "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends "
                       "curl=7.88.1-10 && cd /var/lib && rm -rf apt\n", 2, False),
        ],
    ),
]
