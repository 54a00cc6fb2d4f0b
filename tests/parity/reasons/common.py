"""Reasons that hold for many rules, and helpers the other modules share.

Helpers (use them in the rule-group modules rather than writing new ones):

- `onbuild(case)`: the instruction is an ONBUILD trigger.
- `in_heredoc_body(case)`: every dockwright span of the case lies in a heredoc body.
- `behind_wrapper(case)`: a dockwright span's command follows a wrapper on the same command
  line (`sudo`, `env`, `nice`, `xargs`, `su ... -c` ...) or is an absolute/relative path
  (`/usr/bin/pip`, `./venv/bin/pip`).
- `in_inline_script(case)`: a dockwright span lies inside the quoted string of
  `sh -c '...'`, `bash -lc "..."`, `su -c "..."`, `/bin/sh -c ...`.
- `windows(case)`: the stage runs Windows or a PowerShell/cmd SHELL.
- `exec_form(case)`: the RUN is exec form (`RUN ["..."]`).
"""

import re

from . import ANY, EXTRA, MISS, Reason  # noqa: F401

WRAPPERS = ("sudo", "env", "nice", "ionice", "nohup", "time", "xargs", "chroot", "gosu", "su-exec",
            "runuser", "setpriv", "unbuffer", "stdbuf", "timeout", "eatmydata", "fakeroot", "strace",
            "chronic", "retry", "exec", "command", "builtin", "doas")
# `sh -c '`, `/bin/bash -lc "`, `bin/bash -c "` (a relative path), `su app -c '`
_INLINE = re.compile(r"(?:^|[\s;&|(])(?:[\w.-]*/)*(?:sh|bash|dash|ash|zsh|ksh|su)\b[^;&|\n]*?\s-\w*c\w*\s+([\"'])")


def onbuild(case):
    return case.onbuild


def _line_start(text, pos):
    i = text.rfind("\n", 0, pos)
    return i + 1


def in_heredoc_body(case):
    """Every span of dockwright's finding lies after the first line of a heredoc RUN."""
    if not case.spans or not case.heredoc:
        return False
    first_end = case.ctx.offset_of_line(case.line + 1)  # offset just after the first line
    return all(s >= first_end for s, _ in case.spans)


def _command_prefix(case, start):
    """The text of the command line before byte offset `start`, from the last `&&`, `||`,
    `;`, `|`, `(` or start of script; continuation backslash-newlines are folded."""
    before = case.text_before(start)
    before = re.sub(r"\\\r?\n", " ", before)
    before = re.sub(r"^\s*(?:onbuild\s+)?run\s+(?:--\S+\s+)*", "", before, flags=re.I)
    parts = re.split(r"&&|\|\||;|\||\(|\n|\bthen\b|\bdo\b|\belse\b", before)
    return parts[-1] if parts else before


def behind_wrapper(case):
    """A span's command is behind a wrapper (`sudo apt-get`, `env A=1 pip`) or is named by a
    path (`/usr/local/bin/pip`, `venv/bin/pip`)."""
    for (s, e), text in zip(case.spans, case.span_texts()):
        words = (_command_prefix(case, s) + text).split()
        while words and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", words[0]):
            words.pop(0)  # assignments before the command
        if not words:
            continue
        if words[0].rsplit("/", 1)[-1] in WRAPPERS:
            return True
        if "/" in words[0] and not words[0].startswith(("-", "http")):
            return True
    return False


def in_inline_script(case):
    """A span lies inside the quoted string of `sh -c '...'` (or bash/su -c)."""
    for s, _ in case.spans:
        before = case.text_before(s)
        for m in _INLINE.finditer(before):
            q = m.group(1)
            rest = before[m.end():]
            # the quote opened by `-c "` is still open at the span
            if q == "'" and "'" not in rest:
                return True
            if q == '"' and len(re.findall(r'(?<!\\)"', rest)) % 2 == 0:
                return True
    return False


def windows(case):
    return case.windows()


def exec_form(case):
    return bool(re.match(r"^\s*(?:onbuild\s+)?run\s+(?:--\S+\s+)*\[", case.original or case.text, re.I))


REASONS = [
    Reason(
        "onbuild-trigger", ANY, EXTRA, "ONBUILD triggers",
        "hadolint does not check the instruction inside `ONBUILD`",
        onbuild,
        examples=[
            ("DL3003", "FROM debian:12\nONBUILD RUN cd /app && make\n", 2, True),
            ("DL3003", "FROM debian:12\nRUN cd /app && make\n", 2, False),
        ],
    ),
    Reason(
        "wrapped-command", ANY, EXTRA, "Wrappers, paths and inline scripts",
        "the command is behind `sudo`/`env`/... or named by its path, which hadolint does not look through",
        behind_wrapper,
        examples=[
            ("DL3008", "FROM debian:12\nRUN sudo apt-get install -y --no-install-recommends curl\n", 2, True),
            ("DL3042", "FROM python:3.12\nRUN /opt/venv/bin/pip install flask==3.0.0\n", 2, True),
            ("DL3008", "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n", 2, False),
        ],
    ),
    Reason(
        "inline-script", ANY, EXTRA, "Wrappers, paths and inline scripts",
        "the command is in the string of `sh -c '...'`, which hadolint does not parse",
        in_inline_script,
        examples=[
            ("DL3003", "FROM debian:12\nRUN bash -c 'cd /src && make'\n", 2, True),
            ("DL3003", "FROM debian:12\nRUN bin/bash -c \"source /.bashrc && cd /src && make\"\n", 2, True),
            ("DL3003", "FROM debian:12\nRUN cd /src && bash -c 'make'\n", 2, False),
        ],
    ),
]
