"""Reasons for disagreements of the shell rules DL3003, DL3004, DL3059 and DL4006 (see the
package docstring)."""

import re

from . import EXTRA, MISS, Reason

# `set -o pipefail`, `set -euo pipefail`, `set -eux -o pipefail`...
PIPEFAIL = re.compile(r"(?:^|[\s;&|(])set\s+(?:[-+][A-Za-z]+\s+)*-[A-Za-z]*o\s*pipefail\b")
PIPE = re.compile(r"(?<![|>])\|(?![|&])")


def _script_text(case):
    """The RUN's text without the instruction keyword, its flags and comment lines."""
    lines = [x for x in case.text.split("\n") if not x.lstrip().startswith("#")]
    text = "\n".join(lines)
    return re.sub(r"^\s*(?:onbuild\s+)?run\s+(?:--\S+\s+)*", "", text, flags=re.I)


def _pipefail_first(case):
    """The script runs `set -o pipefail` (in any spelling) before its first pipe."""
    text = _script_text(case)
    m = PIPEFAIL.search(text)
    if not m:
        return False
    p = PIPE.search(text)
    return p is None or m.start() < p.start()


def _windows(case):
    return case.windows()


WINDOWS_CD = {"cd", "chdir", "set-location", "sl", "pushd", "push-location"}


def _windows_cd(case):
    """A Windows stage, and every span is a PowerShell/cmd directory change."""
    texts = case.span_texts()
    return case.windows() and bool(texts) and \
        all(t.split()[0].lower() in WINDOWS_CD for t in texts if t.split())


REASONS = [
    Reason(
        "pipefail-in-script", {"DL4006"}, MISS, "DL4006: `set -o pipefail` in the script",
        "the script runs `set -o pipefail` before its first pipe (hadolint only reads SHELL)",
        _pipefail_first,
        examples=[
            ("DL4006", "FROM debian:12\nRUN <<EOF\n#!/bin/bash\nset -euo pipefail\n"
                       "curl -fsSL https://example.com/x | tar xz\nEOF\n", 2, True),
            ("DL4006", "FROM debian:12\nRUN set -o pipefail && curl -fsSL https://example.com/x | tar xz\n", 2, True),
            ("DL4006", "FROM debian:12\nRUN curl -fsSL https://example.com/x | tar xz && set -o pipefail\n", 2, False),
        ],
    ),
    Reason(
        "pipefail-windows", {"DL4006"}, MISS, "DL4006: Windows shells",
        "PowerShell and cmd are no POSIX shells and have no pipefail",
        _windows,
        examples=[
            ("DL4006", "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
                       "RUN powershell Get-ChildItem C:\\ ^| Select-Object Name\n", 2, True),
            ("DL4006", "FROM debian:12\nRUN ls / | sort\n", 2, False),
        ],
    ),
    Reason(
        "run-count-windows", {"DL3059"}, MISS, "DL3059: Windows scripts",
        "hadolint counts the commands of a PowerShell/cmd script as if it were POSIX sh",
        _windows,
        examples=[
            ("DL3059", "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\n"
                       "RUN iex ((New-Object Net.WebClient).DownloadString('https://x/i.ps1')); choco feature list\n"
                       "RUN choco install -y git\n", 4, True),
            ("DL3059", "FROM debian:12\nRUN make\nRUN make install\n", 3, False),
        ],
    ),
    Reason(
        "run-count-windows-extra", {"DL3059"}, EXTRA, "DL3059: Windows scripts",
        "hadolint counts `$(...)` of a PowerShell/cmd statement as a second command",
        _windows,
        examples=[
            ("DL3059", "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\n"
                       "RUN Remove-Item x\n"
                       "RUN Invoke-WebRequest $('https://x/{0}.zip' -f $env:V) -OutFile x.zip\n", 4, True),
        ],
    ),
    Reason(
        "cd-windows", {"DL3003"}, EXTRA, "DL3003: `cd` inside shell strings",
        "`cd`/`Set-Location` in a PowerShell or cmd script, which ShellCheck cannot parse",
        _windows_cd,
        examples=[
            ("DL3003", "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\n"
                       "RUN [Net.ServicePointManager]::SecurityProtocol = 'Tls12'; cd C:\\src; ./build.ps1\n", 3, True),
            ("DL3003", "FROM debian:12\nRUN cd /src && make\n", 2, False),
        ],
    ),
]
