"""Reasons for disagreements of the yum/dnf rules (DL3030, DL3032, DL3033, DL3038, DL3040,
DL3041) and of DL3046 (see the package docstring).

hadolint's checks, which the tests below reproduce where they matter (hadolint 2.15.1):

- DL3030/DL3038 look only at `yum`/`dnf`/`microdnf` command lines that have one of the words
  `install`, `groupinstall`, `localinstall`;
- DL3032/DL3040 compare the position of the *first* command with the word `install` with the
  position of the *first* "cleanup": the same tool with the word `clean` or `all`, or any `rm`
  with the word `-rf` or `/var/cache/yum/*` (DL3040 does this for `dnf` and for `microdnf`);
- DL3033/DL3041 take every word of such an install that does not start with `-` as a package
  and call it versioned when, split at `-`, the parts after the first are made of letters,
  digits and `.~^_:+` and one of them starts with a digit (a `.rpm` with a `-` always is).
"""

import re

from . import EXTRA, MISS, Reason

# --------------------------------------------------------------------------- the script


def _script(case):
    """The shell text of the RUN: continuation lines joined and comment lines dropped, as
    BuildKit does; for a heredoc RUN, the heredoc body. "" for exec form."""
    lines = case.text.split("\n")
    if case.heredoc:
        first = re.sub(r"<<-?\s*[\"']?([A-Za-z_][A-Za-z0-9_]*)[\"']?", "", lines[0])
        body = lines[1:-1]
        lines = [first] + body
    out = [x for x in lines if not x.lstrip().startswith("#")]
    text = "\n".join(out)
    text = re.sub(r"\\\r?\n", " ", text)
    text = re.sub(r"^\s*(?:onbuild\s+)?run\s+(?:--\S+\s+)*", "", text, flags=re.I)
    if text.lstrip().startswith("["):
        return ""
    return text


_RESERVED = {"if", "then", "do", "else", "elif", "while", "until", "!", "{", "}", "fi", "done", "time"}


def _balanced(s, i, open_, close):
    """The index just after the `close` that matches the `open_` at s[i]."""
    depth = 0
    while i < len(s):
        if s[i] == open_:
            depth += 1
        elif s[i] == close:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(s)


def _commands(script):
    """The simple commands of a POSIX script as lists of words (quotes removed, expansions
    kept as written), split at `;`, `&`, `|`, newlines and parentheses. Good enough to
    reproduce hadolint's checks, not a shell parser."""
    cmds, words, cur = [], [], None
    i, n = 0, len(script)

    def end_word():
        nonlocal cur
        if cur is not None:
            words.append(cur)
            cur = None

    def end_command():
        nonlocal words
        end_word()
        while words and words[0] in _RESERVED:
            words.pop(0)
        if words:
            cmds.append(words)
        words = []

    while i < n:
        c = script[i]
        if c in " \t\r":
            end_word()
            i += 1
        elif c == "\\" and i + 1 < n:
            cur = (cur or "") + script[i + 1]
            i += 2
        elif c == "'":
            j = script.find("'", i + 1)
            j = n if j < 0 else j
            cur = (cur or "") + script[i + 1:j]
            i = j + 1
        elif c == '"':
            j = i + 1
            while j < n and script[j] != '"':
                j += 2 if script[j] == "\\" else 1
            cur = (cur or "") + script[i + 1:j]
            i = j + 1
        elif c == "$" and script[i + 1:i + 2] in ("(", "{"):
            j = _balanced(script, i + 1, script[i + 1], ")" if script[i + 1] == "(" else "}")
            cur = (cur or "") + script[i:j]
            i = j
        elif c == "`":
            j = script.find("`", i + 1)
            j = n if j < 0 else j
            cur = (cur or "") + script[i:j + 1]
            i = j + 1
        elif c == "#" and cur is None:
            j = script.find("\n", i)
            i = n if j < 0 else j
        elif c in ";&|\n()":
            end_command()
            i += 1
        else:
            cur = (cur or "") + c
            i += 1
    end_command()
    return cmds


def _cmds(case):
    return _commands(_script(case))


def _span_words(case):
    """For each of dockwright's spans, the words of its command line up to the end of the
    span (assignments left out; comment lines inside continuations skipped)."""
    out = []
    for _, e in case.spans:
        before = case.text_before(e)
        lines = [x for x in before.split("\n") if not x.lstrip().startswith("#")]
        text = re.sub(r"\\\r?\n", " ", "\n".join(lines))
        text = re.sub(r"^\s*(?:onbuild\s+)?run\s+(?:--\S+\s+)*", "", text, flags=re.I)
        cmds = _commands(text)
        words = cmds[-1] if cmds else []
        while words and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", words[0]):
            words = words[1:]
        out.append(words)
    return out


def _verb(words):
    """The tool (`yum`) and the first operand after it (`install`)."""
    if not words:
        return "", ""
    tool = words[0].rsplit("/", 1)[-1]
    ops = [w for w in words[1:] if not w.startswith("-")]
    return tool, (ops[0] if ops else "")


# --------------------------------------------------------------------------- -y (DL3030, DL3038)

HL_YES_VERBS = {"install", "groupinstall", "localinstall"}


def _unchecked_tool(case):
    """Every span's command is `tdnf` or `dnf5`, which hadolint does not check."""
    spans = _span_words(case)
    return bool(spans) and all(_verb(w)[0] in ("tdnf", "dnf5") for w in spans)


def _other_yes_transaction(case):
    """Every span's command is a transaction other than install (`update`, `remove`...)."""
    spans = _span_words(case)
    return bool(spans) and all(not (set(w) & HL_YES_VERBS) and _verb(w)[1] not in ("", "install")
                               for w in spans)


# --------------------------------------------------------------------------- cleanup (DL3032, DL3040)

HL_CLEAN_TOOLS = {"DL3032": ("yum",), "DL3040": ("dnf", "microdnf")}
FAMILY = {"DL3032": ("yum",), "DL3040": ("dnf", "microdnf", "tdnf", "dnf5")}
FILLS = {"install", "localinstall", "groupinstall", "reinstall", "update", "upgrade", "update-minimal",
         "upgrade-minimal", "distro-sync", "downgrade", "swap", "makecache", "group", "module"}
CACHE_PATH = re.compile(r"^/var/cache(?:/(?:yum|dnf|libdnf5|tdnf))?(?:/\*?)?$")


def _hl_install(w, tool):
    return w[0] == tool and "install" in w[1:]


def _hl_clean(w, tool):
    """What hadolint takes for a cleanup of `tool`."""
    return (w[0] == tool and ("clean" in w[1:] or "all" in w[1:])) or \
        (w[0] == "rm" and ("-rf" in w[1:] or "/var/cache/yum/*" in w[1:]))


def _real_clean(w, tool):
    """`tool clean all`, or an `rm -r` of the cache directory."""
    if w[0] == tool and "clean" in w[1:] and "all" in w[1:]:
        return True
    if w[0] == "rm" and any(re.match(r"^-[a-zA-Z]*[rR]", a) or a == "--recursive" for a in w[1:]):
        return any(CACHE_PATH.match(a) for a in w[1:])
    return False


def _fills(w, tool):
    return w[0] == tool and _verb(w)[1] in FILLS


def _hl_clean_state(case):
    """[(tool, first install, first hadolint cleanup or None)] for the tools hadolint checks."""
    cmds = _cmds(case)
    out = []
    for tool in HL_CLEAN_TOOLS[case.rule]:
        inst = [i for i, w in enumerate(cmds) if _hl_install(w, tool)]
        if inst:
            cl = [i for i, w in enumerate(cmds) if _hl_clean(w, tool)]
            out.append((tool, inst[0], cl[0] if cl else None))
    return cmds, out


def _clean_before_install(case):
    """hadolint's first "cleanup" comes before the first install, while a real cleanup
    follows the last command that fills the cache."""
    cmds, state = _hl_clean_state(case)
    failing = [(t, i, c) for t, i, c in state if c is None or c < i]
    if not failing:
        return False
    for tool, _, first_clean in failing:
        if first_clean is None:
            return False
        last = max(i for i, w in enumerate(cmds) if _fills(w, tool))
        if not any(_real_clean(w, tool) for w in cmds[last + 1:]):
            return False
    return True


def _any_rm_is_clean(case):
    """hadolint is satisfied by a "cleanup" after the first install that is none: an `rm -rf`
    of something else, a `clean` of only part of the cache, or one followed by more installs."""
    cmds, state = _hl_clean_state(case)
    if not state or any(c is None or c < i for _, i, c in state):
        return False
    for tool, _, first_clean in state:
        last = max(i for i, w in enumerate(cmds) if _fills(w, tool))
        if not any(_real_clean(w, tool) for w in cmds[last + 1:]):
            return True
    return False


def _other_clean_transaction(case):
    """hadolint sees no install of its tools in the RUN; dockwright reports another command that
    fills the cache (`update`, `groupinstall`, `swap`, `makecache`...)."""
    cmds = _cmds(case)
    if any(_hl_install(w, t) for w in cmds for t in HL_CLEAN_TOOLS[case.rule]):
        return False
    spans = _span_words(case)
    return bool(spans) and all(_verb(w)[0] in FAMILY[case.rule] and _verb(w)[1] not in ("", "install")
                               for w in spans)


# --------------------------------------------------------------------------- versions (DL3033, DL3041)

VALUE_OPTIONS = {"--releasever", "--enablerepo", "--disablerepo", "--setopt", "--installroot", "-c",
                 "--config", "--exclude", "-x", "--repo", "--repoid", "--disableplugin", "--enableplugin",
                 "--repofrompath", "--downloaddir", "--destdir", "--forcearch", "--rpmverbosity", "-d",
                 "--debuglevel", "-e", "--errorlevel", "--excludepkgs", "--includepkgs", "--comment", "-R"}
PIN_TOOLS = {"DL3033": ("yum",), "DL3041": ("dnf", "microdnf")}


def _hl_pinned(p):
    parts = p.split("-")
    if len(parts) <= 1:
        return False
    if p.endswith(".rpm"):
        return True
    rest = parts[1:]
    return all(re.fullmatch(r"[0-9A-Za-z.~^_:+]*", x) for x in rest) and any(x[:1].isdigit() for x in rest)


def _unpinned_kinds(case):
    """What the words hadolint reports as unversioned packages are ("file", "variable",
    "capability", "glob", "group", "option value"), or None when one of them is a package
    without a version (or there is none)."""
    kinds = set()
    for w in _cmds(case):
        if w[0] not in PIN_TOOLS[case.rule] or "install" not in w[1:] or "module" in w[1:]:
            continue
        if case.rule == "DL3041" and "group" in w[1:]:
            continue
        group = _verb(w)[1] in ("group", "groups", "groupinstall")
        prev = None
        for a in w[1:]:
            if a.startswith("-"):
                prev = a
                continue
            after, prev = prev, None
            if a in ("install", "module") or _hl_pinned(a):
                continue
            if after in VALUE_OPTIONS:
                kinds.add("option value")
            elif a.startswith(("/", "./", "~")) or a.endswith(".rpm"):
                kinds.add("file")
            elif "(" in a and not a.startswith("$("):
                kinds.add("capability")
            elif "$" in a or "`" in a:
                kinds.add("variable")
            elif re.search(r"[*?\[]", a):
                kinds.add("glob")
            elif group:
                kinds.add("group")
            else:
                return None
    return kinds or None


def _pin_kind(kind):
    def test(case):
        kinds = _unpinned_kinds(case)
        return bool(kinds) and kind in kinds
    test.__doc__ = f"hadolint reports words that are no unversioned package, among them a {kind}"
    return test


def _hl_thinks_pinned(case):
    """Every package dockwright reports has a part after a `-` that starts with a digit, which
    hadolint takes for a version (`java-1.8.0-openjdk`, `gcc-toolset-13-gcc`)."""
    texts = case.span_texts()
    return bool(texts) and all(_hl_pinned(t.strip("'\"")) and "$" not in t for t in texts)


def _expanded(case):
    """Every package dockwright reports is written with a variable, which it expands."""
    texts = case.span_texts()
    return bool(texts) and all("$" in t for t in texts)


def _pin_unchecked_tool(case):
    """Every reported package is installed by `tdnf` or `dnf5`."""
    spans = _span_words(case)
    return bool(spans) and all(w and w[0].rsplit("/", 1)[-1] in ("tdnf", "dnf5") for w in spans)


def _swap_pin(case):
    """Every reported package is installed by `swap A B`, which hadolint does not read (it
    only reads commands with the word `install`)."""
    spans = _span_words(case)
    return bool(spans) and all(_verb(w)[1] == "swap" and "install" not in w for w in spans)


# --------------------------------------------------------------------------- DL3046


def _uid_option(case):
    """Every `useradd` dockwright reports gives its UID with `--uid`, which hadolint does not
    read (it only reads `-u`)."""
    cmds = [w for w in _cmds(case) if w and w[0].rsplit("/", 1)[-1] == "useradd"]
    return bool(cmds) and all(any(a == "--uid" or a.startswith("--uid=") for a in w) and
                              not any(re.match(r"^-[a-zA-Z]*u", a) for a in w) for w in cmds)


def _env_uid(case):
    """The UID is `$VAR` and an `ENV` before sets VAR to a number below 100000 (hadolint
    judges the length of the text `$VAR`)."""
    for w in _cmds(case):
        if not w or w[0].rsplit("/", 1)[-1] != "useradd":
            continue
        for k, a in enumerate(w[:-1]):
            if re.match(r"^-[a-zA-Z]*u$", a):
                m = re.fullmatch(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?", w[k + 1])
                if not m:
                    return False
                before = "\n".join(case.ctx.lines[:case.line - 1])
                env = re.findall(r"^\s*ENV\b.*?\b" + m.group(1) + r"(?:\s*=\s*|\s+)[\"']?(\d+)[\"']?(?:\s|\\|$)",
                                 before, re.M | re.I)
                env += re.findall(r"^\s+" + m.group(1) + r"=(\d+)\b", before, re.M)  # ENV continuation lines
                return bool(env) and int(env[-1]) < 100000
    return False


# --------------------------------------------------------------------------- reasons

_YES_H = "DL3030, DL3038: every transaction asks"
_CLEAN_H = "DL3032, DL3040: what cleans the cache"
_PIN_H = "DL3033, DL3041: what a version looks like"

REASONS = [
    Reason(
        "rpm-tdnf-dnf5", {"DL3038", "DL3040"}, EXTRA, "DL3038, DL3040, DL3041: tdnf and dnf5",
        "the command is `tdnf` or `dnf5`, which hadolint does not check",
        _unchecked_tool,
        examples=[
            ("DL3038", "FROM photon:5.0\nRUN tdnf install python3-3.11.9 && tdnf clean all\n", 2, True),
            ("DL3040", "FROM photon:5.0\nRUN tdnf install -y python3-3.11.9\n", 2, True),
            ("DL3040", "FROM fedora:40\nRUN microdnf install -y python3-3.12.1 && rm -rf /tmp/x\n", 2, False),
        ],
    ),
    Reason(
        "rpm-pin-tdnf-dnf5", {"DL3041"}, EXTRA, "DL3038, DL3040, DL3041: tdnf and dnf5",
        "the packages are installed by `tdnf` or `dnf5`, which hadolint does not check",
        _pin_unchecked_tool,
        examples=[
            ("DL3041", "FROM photon:5.0\nRUN tdnf install -y python3 && tdnf clean all\n", 2, True),
            ("DL3041", "FROM fedora:40\nRUN dnf install -y gcc-toolset-13-gcc && dnf clean all\n", 2, False),
        ],
    ),
    Reason(
        "rpm-yes-other-transaction", {"DL3030", "DL3038"}, EXTRA, _YES_H,
        "`update`, `upgrade`, `remove`, `distro-sync` prompt like `install`; hadolint only checks installs",
        _other_yes_transaction,
        examples=[
            ("DL3030", "FROM centos:7\nRUN yum update\n", 2, True),
            ("DL3038", "FROM fedora:40\nRUN microdnf update && microdnf clean all\n", 2, True),
            ("DL3030", "FROM centos:7\nRUN yum update && yum install httpd-2.4.6 && yum clean all\n", 2, False),
        ],
    ),
    Reason(
        "rpm-clean-before-install", {"DL3032", "DL3040"}, MISS, _CLEAN_H,
        "a cleanup-like command before the first install makes hadolint report a RUN that cleans at the end",
        _clean_before_install,
        examples=[
            ("DL3032", "FROM centos:7\nRUN yum clean all && yum install -y httpd-2.4.6 && yum clean all\n", 2, True),
            ("DL3040", "FROM fedora:40\nRUN rm -rf /tmp/x && microdnf install -y jq-1.7 && microdnf clean all\n",
             2, True),
            ("DL3032", "FROM centos:7\nRUN yum clean all && yum install -y httpd-2.4.6\n", 2, False),
        ],
    ),
    Reason(
        "rpm-clean-any-rm", {"DL3032", "DL3040"}, EXTRA, _CLEAN_H,
        "hadolint takes any `rm -rf` (or partial `clean`) after the first install for a cleanup",
        _any_rm_is_clean,
        examples=[
            ("DL3032", "FROM centos:7\nRUN yum install -y httpd-2.4.6 && rm -rf /tmp/*\n", 2, True),
            ("DL3040", "FROM fedora:40\nRUN microdnf install -y jq-1.7 && rm -rf /tmp/x\n", 2, True),
            ("DL3032", "FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean metadata\n", 2, True),
            ("DL3032", "FROM centos:7\nRUN yum install -y httpd-2.4.6\n", 2, False),
        ],
    ),
    Reason(
        "rpm-clean-other-transaction", {"DL3032", "DL3040"}, EXTRA, _CLEAN_H,
        "`update`, `upgrade`, `groupinstall`, `swap`, `makecache` fill the cache too; hadolint only checks `install`",
        _other_clean_transaction,
        examples=[
            ("DL3032", "FROM centos:7\nRUN yum -y update\n", 2, True),
            ("DL3040", "FROM fedora:40\nRUN dnf -y swap curl-minimal curl\n", 2, True),
            ("DL3032", "FROM centos:7\nRUN yum -y update && yum install -y httpd-2.4.6\n", 2, False),
        ],
    ),
    Reason(
        "rpm-pin-digit-part", {"DL3033", "DL3041"}, EXTRA, _PIN_H,
        "hadolint takes any part after a `-` that starts with a digit for a version (`java-1.8.0-openjdk`)",
        _hl_thinks_pinned,
        examples=[
            ("DL3033", "FROM centos:7\nRUN yum install -y java-1.8.0-openjdk && yum clean all\n", 2, True),
            ("DL3041", "FROM fedora:40\nRUN dnf install -y gcc-toolset-13-gcc && dnf clean all\n", 2, True),
            ("DL3041", "FROM fedora:40\nRUN dnf install -y httpd && dnf clean all\n", 2, False),
        ],
    ),
    Reason(
        "rpm-pin-swap", {"DL3033", "DL3041"}, EXTRA, _PIN_H,
        "`swap A B` installs B; hadolint only checks commands with the word `install`",
        _swap_pin,
        examples=[
            ("DL3041", "FROM fedora:40\nRUN dnf -y swap gnupg2-minimal gnupg2-full && dnf clean all\n", 2, True),
            ("DL3041", "FROM fedora:40\nRUN dnf -y install gnupg2-full && dnf clean all\n", 2, False),
        ],
    ),
    Reason(
        "rpm-pin-expanded", {"DL3033", "DL3041"}, EXTRA, _PIN_H,
        "the package is written with a variable that dockwright expands to a name without version",
        _expanded,
        examples=[
            ("DL3041", "FROM fedora:40\nENV V=16\nRUN microdnf install -y percona-hll_${V} && microdnf clean all\n",
             3, True),
            ("DL3041", "FROM fedora:40\nRUN microdnf install -y percona-hll && microdnf clean all\n", 2, False),
        ],
    ),
    Reason(
        "rpm-pin-file", {"DL3033", "DL3041"}, MISS, _PIN_H,
        "hadolint asks a version of a local `.rpm` file or path",
        _pin_kind("file"),
        examples=[
            ("DL3033", "FROM centos:7\nRUN yum install -y /tmp/kong.rpm && yum clean all\n", 2, True),
            ("DL3033", "FROM centos:7\nRUN yum install -y /tmp/kong.rpm kong && yum clean all\n", 2, False),
        ],
    ),
    Reason(
        "rpm-pin-variable", {"DL3033", "DL3041"}, MISS, _PIN_H,
        "hadolint cannot read a version given through a variable (`nginx-${NGINX_VERSION}`)",
        _pin_kind("variable"),
        examples=[
            ("DL3041", "FROM fedora:40\nRUN dnf install -y nginx-${NGINX_VERSION} && dnf clean all\n", 2, True),
        ],
    ),
    Reason(
        "rpm-pin-capability", {"DL3033", "DL3041"}, MISS, _PIN_H,
        "hadolint asks a version of a capability such as `dnf-command(config-manager)`",
        _pin_kind("capability"),
        examples=[
            ("DL3041", "FROM fedora:40\nRUN dnf install -y 'dnf-command(config-manager)' && dnf clean all\n",
             2, True),
            ("DL3033", "FROM centos:7\nRUN yum install -y 'perl(Data::Dumper)' && yum clean all\n", 2, True),
        ],
    ),
    Reason(
        "rpm-pin-glob", {"DL3033", "DL3041"}, MISS, _PIN_H,
        "hadolint does not take a version glob (`libuv-1.44*`) for a version",
        _pin_kind("glob"),
        examples=[
            ("DL3041", "FROM fedora:40\nRUN dnf install -y libuv-1.44* && dnf clean all\n", 2, True),
        ],
    ),
    Reason(
        "rpm-pin-group", {"DL3033"}, MISS, _PIN_H,
        "hadolint asks a version of the group names of `yum group install`",
        _pin_kind("group"),
        examples=[
            ("DL3033", "FROM centos:7\nRUN yum -y group install \"development tools\" && yum clean all\n", 2, True),
        ],
    ),
    Reason(
        "useradd-uid-option", {"DL3046"}, EXTRA, "DL3046: `--uid` and build-argument UIDs",
        "hadolint reads the UID only from `-u`, not from `--uid`",
        _uid_option,
        examples=[
            ("DL3046", "FROM debian:12\nRUN useradd --uid 100000 app\n", 2, True),
            ("DL3046", "FROM debian:12\nRUN useradd -u 100000 app\n", 2, False),
        ],
    ),
    Reason(
        "useradd-env-uid", {"DL3046"}, MISS, "DL3046: `--uid` and build-argument UIDs",
        "the UID is a variable that ENV sets to a small number; hadolint judges the length of `$VAR`",
        _env_uid,
        examples=[
            ("DL3046", "FROM debian:12\nENV USER_ID=1000\nRUN useradd -u $USER_ID app\n", 3, True),
            ("DL3046", "FROM debian:12\nENV USER_ID 1000\nRUN useradd -u ${USER_ID} app\n", 3, True),
            ("DL3046", "FROM debian:12\nENV USER_ID=1000000\nRUN useradd -u $USER_ID app\n", 3, False),
        ],
    ),
]
