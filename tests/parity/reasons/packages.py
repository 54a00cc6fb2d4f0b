"""Reasons for disagreements on the language package managers and apk (see the package docstring).

DL3013 (pip pins), DL3016 (npm pins), DL3018/DL3019 (apk), DL3028 (gem pins),
DL3042 (pip cache), DL3060 (yarn cache), DL3062 (go pins).
"""

import re
import shlex

from . import ANY, EXTRA, MISS, Reason  # noqa: F401
from .common import _command_prefix, exec_form

# --------------------------------------------------------------------------- the script

_CONT = re.compile(r"\\[ \t]*\r?\n")
_RUN = re.compile(r"^\s*(?:onbuild\s+)?run\s+(?:--\S+\s+)*", re.I)
_SPLIT = re.compile(r"&&|\|\||;|\||\n|\$\(|[()`]")
_KEYWORD = re.compile(r"^\s*(?:then|do|else|elif|if|while|until|!|\{)\s+")


def _script(case):
    """The instruction's text without `RUN` and its flags, continuation lines joined
    and comment lines dropped (as BuildKit does)."""
    lines = [ln for ln in case.text.split("\n") if not ln.lstrip().startswith("#")]
    text = _CONT.sub(" ", "\n".join(lines) + "\n")
    return _RUN.sub("", text, count=1)


def _commands(case):
    """The simple commands of the script, roughly: the text between `&&`, `||`, `;`,
    `|`, newlines and parentheses, without a leading `then`/`do`/... keyword."""
    out = []
    for seg in _SPLIT.split(_script(case)):
        while True:
            m = _KEYWORD.match(seg)
            if not m:
                break
            seg = seg[m.end():]
        if seg.strip():
            out.append(seg.strip())
    return out


def _words(text):
    text = re.sub(r"(?:^|\s)#.*$", "", text, flags=re.S)  # a comment to the end
    try:
        return shlex.split(text)
    except ValueError:
        return text.split()


def _span_prefix(case, start):
    """The command line before dockwright's span at byte `start` (continuations folded)."""
    return re.sub(r"\s+", " ", _command_prefix(case, start)).lstrip()


# --------------------------------------------------------------------------- pip

_PIP = re.compile(r"^(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*(?:sudo\s+(?:-\S+\s+)*)?(?:\S*/)?"
                  r"(?:pip[0-9.]*|python[0-9.]*\s+-m\s+pip)\s+((?:-\S+\s+)*)install\b(.*)$", re.S)


def _pip_installs(case):
    """[(options before `install`, the words after it)] of every `pip install` of the RUN."""
    out = []
    for c in _commands(case):
        m = _PIP.match(c)
        if m:
            out.append((m.group(1).split(), _words(m.group(2))))
    return out


_NO_CACHE = re.compile(r"^--no-ca(?:c(?:h(?:e(?:-(?:d(?:i(?:r)?)?)?)?)?)?)?$")


def pip_no_cache_abbreviation(case):
    """Every `pip install` of the RUN has `--no-cache-dir` or an abbreviation pip
    accepts for it (`--no-cache`), and one has an abbreviation."""
    installs = _pip_installs(case)
    if not installs:
        return False
    abbreviated = False
    for before, words in installs:
        opts = [w for w in before + words if _NO_CACHE.match(w)]
        if not opts:
            return False
        abbreviated = abbreviated or any(o != "--no-cache-dir" for o in opts)
    return abbreviated


_HOME = r"(?:~|\$HOME|\$\{HOME\}|/root)"
_CACHE_PATH = re.compile(r"^" + _HOME + r"/(?:\.cache(?:/pip)?/?(?:\*)?|\.\[[^\]]*c[^\]]*\]\*?|\.c\*|\.\*)$")


def pip_cache_removed(case):
    """The RUN removes pip's cache (`~/.cache/pip`, `/root/.cache`, `$HOME/.cache/*`)
    after its last `pip install`."""
    cmds = _commands(case)
    last = max((i for i, c in enumerate(cmds) if _PIP.match(c)), default=None)
    if last is None:
        return False
    for c in cmds[last + 1:]:
        words = _words(c)
        while words and words[0] in ("sudo", "command"):
            words = words[1:]
        if words and words[0] == "rm" and any(_CACHE_PATH.match(w) for w in words[1:]):
            return True
    return False


_FALSY = re.compile(r"\bPIP_NO_CACHE_DIR\s*[= ]\s*[\"']?(?:0|off|false|no)[\"']?(?:\s|$)", re.I)


def pip_no_cache_falsy(case):
    """`PIP_NO_CACHE_DIR` is set to `off`/`0`/`false`/`no` earlier in the file (or in the RUN):
    pip turns the cache off for any boolean value; hadolint only for `1`/`true`/`on`/`yes`."""
    before = "\n".join(case.ctx.lines[:case.end_line])
    return bool(_FALSY.search(before))


_LOCAL = re.compile(r"^\.\.?(?:\[[^\]]*\]?)?$|^\.\.?\[")


def pip_local_project(case):
    """A `pip install` installs the local project with extras (`".[dev]"`) or the parent
    directory (`..`), which hadolint takes for a package name."""
    for _, words in _pip_installs(case):
        if any(_LOCAL.match(w) and w != "." for w in words):
            return True
    return False


def pip_combined_requirement_flag(case):
    """A `pip install` takes its requirements file through combined short options
    (`-Ur requirements.txt`), which hadolint reads as a flag and a package."""
    for _, words in _pip_installs(case):
        if any(re.match(r"^-[A-Za-z]+r$", w) and w != "-r" for w in words):
            return True
    return False


def _value_of(case, name):
    """The value the file gives `name` before the instruction (last ENV/ARG/export), or None."""
    val = None
    pat = re.compile(r"(?:^|\s)(?:ENV|ARG|export)\s+(?:[A-Za-z_]\w*=\S*\s+)*" + re.escape(name)
                     + r"(?:=|\s+)([\"']?)([^\s\"'\\]+)\1", re.I)
    text = "\n".join(case.ctx.lines[:case.end_line])
    for m in pat.finditer(_CONT.sub(" ", text)):
        val = m.group(2)
    return val


def pip_variable_is_local(case):
    """A `pip install $VAR` whose variable the file sets to a local path or a URL
    (`ENV TF_BINARY_URL=https://.../tensorflow-0.11.0-cp27-none-linux_x86_64.whl`)."""
    found = False
    for _, words in _pip_installs(case):
        for w in words:
            m = re.match(r"^\$\{?([A-Za-z_]\w*)\}?$", w)
            if not m:
                continue
            v = _value_of(case, m.group(1))
            if v is None or not re.match(r"^(?:/|\./|\.\./|~/|https?://|git\+)", v):
                return False
            found = True
    return found


def exec_form_specifier(case):
    """An exec-form RUN with a version specifier that contains `<` or `>`, which
    hadolint reads as a redirection."""
    return exec_form(case) and bool(re.search(r"\"[^\"]*[<>][^\"]*\"", case.text))


def _span_commands(case, pattern):
    """Every one of dockwright's spans belongs to a command whose text before it matches `pattern`."""
    if not case.spans:
        return False
    return all(re.search(pattern, _span_prefix(case, s)) for s, _ in case.spans)


def uv_pip(case):
    return _span_commands(case, r"(?:^|\s)uv\s+pip\s+(?:\S+\s+)*?install\b")


def pipenv_install(case):
    return _span_commands(case, r"(?:^|\s)pipenv\s+(?:-\S+\s+)*install\b")


def pip_options_before_install(case):
    """`python -m pip --no-cache-dir install x`: hadolint wants `-m pip install` in a row."""
    return _span_commands(case, r"(?:^|\s)python[0-9.]*\s+-m\s+pip\s+(?:-\S+\s+)+install\b")


def pin_needs_build_arg(case):
    """Every span pins only when a build argument without a default is passed
    (`ARG V` + `pkg${V:+==$V}`): built without it, the package has no version."""
    if not case.spans:
        return False
    before = "\n".join(case.ctx.lines[:case.line - 1])
    for t in case.span_texts():
        m = re.search(r"\$\{([A-Za-z_]\w*):?\+", t)
        if not m or not re.search(r"(?im)^\s*ARG\s+" + m.group(1) + r"\s*$", before):
            return False
    return True


# --------------------------------------------------------------------------- npm, yarn

_NPM_ALIAS = r"(?:^|\s)npm\s+(?:-\S+\s+)*(?:i|in|ins|inst|insta|instal|isnt|isnta|isntal|isntall|add)\s"


def npm_alias(case):
    """`npm i`/`npm add`: the aliases of `npm install`, which hadolint does not know."""
    return _span_commands(case, _NPM_ALIAS)


def npm_latest(case):
    """Every span names the `latest` tag (`yarn@latest`), which hadolint takes for a version."""
    return bool(case.spans) and all(re.search(r"@latest[\"']?$", t) for t in case.span_texts())


def version_variable_latest(case):
    """Every span is `pkg@$V` whose variable holds `latest` (dockwright's message names
    `pkg@latest`); hadolint takes any text after `@` for a version."""
    if not case.spans or "@latest" not in case.message:
        return False
    return all(re.search(r"@[\"']?\$\{?[A-Za-z_]", t) for t in case.span_texts())


def npm_git_ref(case):
    """`npm install user/repo#4.0`: a GitHub shorthand pinned to a tag."""
    for c in _commands(case):
        m = re.match(r"^(?:\S*/)?npm\s+(?:-\S+\s+)*(?:install|i|add)\s+(.*)$", c)
        if m and any(re.match(r"^[\w.-]+/[\w.-]+#v?\d[\w.-]*$", w) for w in _words(m.group(1))):
            return True
    return False


def npm_git_branch(case):
    """Every span is a git URL whose `#ref` is a branch name (no digit: `#develop`);
    hadolint accepts any `#ref` on a git URL."""
    return bool(case.spans) and all(
        re.match(r"^[\"']?(?:git\+\w+://|git://|github:|gitlab:|bitbucket:)[^#]*#(?!semver:)[^\d\"']*[\"']?$", t)
        for t in case.span_texts())


def windows_powershell_syntax(case):
    """A RUN of a Windows stage that calls .NET the PowerShell way (`[Environment]::...`):
    ShellCheck cannot parse it (SC1072), so hadolint checks none of its commands."""
    return case.windows() and bool(re.search(r"\[[\w.]+\]::\w", case.text))


def yarn_other_installs(case):
    """Every span is a bare `yarn`, `yarn add` or `yarn global add`, which fill yarn's
    cache like `yarn install`; hadolint only looks for the word `install`."""
    return bool(case.spans) and all(re.match(r"^yarn(?:\s+(?:global\s+)?add)?\s*$", t)
                                    for t in case.span_texts())


# --------------------------------------------------------------------------- gem

_GEM_FLAGS = ("-N", "--no-document", "--no-ri", "--no-rdoc", "--user-install", "--no-user-install",
              "--pre", "--prerelease", "--force", "-f", "--conservative", "--minimal-deps", "--quiet",
              "-q", "--verbose", "-V", "--ignore-dependencies", "--development", "-E", "--env-shebang",
              "--no-wrappers", "--local", "-l", "--remote", "-r", "--both", "-b", "--clear-sources",
              "--no-suggestions", "--default", "--explain", "--no-lock", "--lock", "--document",
              "--no-post-install-message", "--update-sources", "--no-env-shebang", "--system",
              "--no-format-executable", "--format-executable", "--no-force")


def gem_flag_before_name(case):
    """The gem follows an option without a value (`gem install --no-document bundler`),
    which hadolint takes for that option's value."""
    if not case.spans:
        return False
    for s, _ in case.spans:
        prefix = _span_prefix(case, s)
        m = re.search(r"(?:^|\s)gem\s+install\s+(.*)$", prefix)
        if not m:
            return False
        words = m.group(1).split()
        if not words or words[-1] not in _GEM_FLAGS:
            return False
    return True


def gem_local_or_equals_version(case):
    """`gem install ./pkg/app-1.0.gem` (a local file) or `-v=$VERSION` (a version)."""
    for c in _commands(case):
        m = re.match(r"^(?:\S*/)?gem\s+install\s+(.*)$", c)
        if m and re.search(r"(?:^|\s)(?:\S*\.gem|-v=\S+|--version=\S+)(?:\s|$)", m.group(1)):
            return True
    return False


# --------------------------------------------------------------------------- go

_GO_VALUED = ("-tags", "--tags", "-ldflags", "-gcflags", "-asmflags", "-installsuffix", "-o", "-mod",
              "-modfile", "-p", "-pkgdir", "-toolexec", "-overlay", "-exec", "-buildmode", "-compiler",
              "-gccgoflags", "-pgo", "-covermode", "-coverpkg")


def _go_commands(case):
    out = []
    for c in _commands(case):
        m = re.match(r"^(?:[A-Za-z_]\w*=\S*\s+)*(?:\S*/)?go\s+(install|get|run)\b(.*)$", c)
        if m:
            out.append((m.group(1), _words(m.group(2))))
    return out


def go_option_values(case):
    """A go command has an option with a separate value (`-tags netgo`, `-ldflags "..."`),
    which hadolint takes for a package."""
    text = _script(case)
    if not re.search(r"(?:^|[\s;&|(])(?:\S*/)?go\s+(?:install|get|run)\b", text):
        return False
    return bool(re.search(r"\sgo\s+(?:install|get|run)\b[^;&|\n]*\s(?:" + "|".join(
        re.escape(f) for f in _GO_VALUED) + r")\s+\S", " " + text))


def go_local_package(case):
    """A go command names a `.go` file or a package that is not downloaded (its first
    path element has no dot: `std`, `hello-app`)."""
    for _, words in _go_commands(case):
        for w in words:
            if w.startswith("-"):
                continue
            first = w.split("/")[0]
            if w.endswith(".go") or (first and "." not in first and "$" not in w and "@" not in w):
                return True
    return False


def go_moving_version(case):
    """Every span is pinned to a branch (`@master`), which hadolint takes for a version."""
    return bool(case.spans) and all(re.search(r"@(?:master|main|HEAD)$", t) for t in case.span_texts())


# --------------------------------------------------------------------------- apk


def apk_after_backslash_space(case):
    """A line of the RUN ends with a backslash followed by blanks: BuildKit joins the
    lines, so `apk update \\ ` + `apk add bash` is one `apk update` command."""
    m = re.search(r"\\[ \t]+\r?\n", case.text)
    return bool(m) and bool(re.search(r"(?:^|\s)apk\s+(?:\S+\s+)*add\b", case.text[m.end():].split("\n")[0]))


REASONS = [
    # ------------------------------------------------------------------ DL3042
    Reason(
        "pip-no-cache-abbreviation", {"DL3042"}, MISS, "DL3042: what turns pip's cache off",
        "`pip install --no-cache`: pip accepts unambiguous abbreviations of `--no-cache-dir`",
        pip_no_cache_abbreviation,
        examples=[
            ("DL3042", "FROM python:3.12\nRUN pip install --no-cache flask==3.0.0\n", 2, True),
            ("DL3042", "FROM python:3.12\nRUN pip install --no-cache flask==3.0.0 && pip install x==1\n", 2, False),
        ],
    ),
    Reason(
        "pip-cache-removed", {"DL3042"}, MISS, "DL3042: what turns pip's cache off",
        "the same RUN removes pip's cache (`rm -rf ~/.cache/pip`) after installing",
        pip_cache_removed,
        examples=[
            ("DL3042", "FROM python:3.12\nRUN pip install flask==3.0.0 && rm -rf /root/.cache/pip\n", 2, True),
            ("DL3042", "FROM python:3.12\nRUN pip install flask==3.0.0 && rm -rf /tmp/x\n", 2, False),
        ],
    ),
    Reason(
        "pip-no-cache-dir-falsy", {"DL3042"}, MISS, "DL3042: what turns pip's cache off",
        "`PIP_NO_CACHE_DIR=off` (or `0`, `false`) turns the cache off too, for backward compatibility",
        pip_no_cache_falsy,
        examples=[
            ("DL3042", "FROM python:3.12\nENV PIP_NO_CACHE_DIR=off\nRUN pip install flask==3.0.0\n", 3, True),
            ("DL3042", "FROM python:3.12\nENV PIP_NO_COMPILE=off\nRUN pip install flask==3.0.0\n", 3, False),
        ],
    ),
    # ------------------------------------------------------------------ DL3013
    Reason(
        "pip-local-project", {"DL3013"}, MISS, "DL3013: local projects, requirement files, variables",
        "`pip install \".[dev]\"` or `pip install ..` installs a local project, not a package from an index",
        pip_local_project,
        examples=[
            ("DL3013", "FROM python:3.12\nRUN pip install --no-cache-dir \".[dev]\"\n", 2, True),
            ("DL3013", "FROM python:3.12\nRUN pip install --no-cache-dir \"flask[async]\"\n", 2, False),
        ],
    ),
    Reason(
        "pip-combined-requirement-flag", {"DL3013"}, MISS, "DL3013: local projects, requirement files, variables",
        "`pip install -Ur requirements.txt` installs from a requirements file",
        pip_combined_requirement_flag,
        examples=[
            ("DL3013", "FROM python:3.12\nRUN pip install --no-cache-dir -Ur requirements.txt\n", 2, True),
            ("DL3013", "FROM python:3.12\nRUN pip install --no-cache-dir -U requests\n", 2, False),
        ],
    ),
    Reason(
        "pip-variable-is-local", {"DL3013"}, MISS, "DL3013: local projects, requirement files, variables",
        "`pip install $VAR` where the file sets the variable to a local path or a URL",
        pip_variable_is_local,
        examples=[
            ("DL3013", "FROM python:3.12\nENV SRC=/usr/local/src/app\nRUN pip install --no-cache-dir $SRC\n", 3, True),
            ("DL3013", "FROM python:3.12\nENV SRC=flask\nRUN pip install --no-cache-dir $SRC\n", 3, False),
        ],
    ),
    Reason(
        "exec-form-specifier", {"DL3013"}, MISS, "DL3013: local projects, requirement files, variables",
        "`RUN [\"pip\", \"install\", \"flask<4\"]`: no shell runs, `<4` is a version specifier, not a redirection",
        exec_form_specifier,
        examples=[
            ("DL3013", "FROM python:3.12\nRUN [\"pip\", \"install\", \"--no-cache-dir\", \"flask<4\"]\n", 2, True),
            ("DL3013", "FROM python:3.12\nRUN [\"pip\", \"install\", \"--no-cache-dir\", \"flask\"]\n", 2, False),
        ],
    ),
    Reason(
        "uv-pip", {"DL3013"}, EXTRA, "DL3013: pip behind other front ends",
        "`uv pip install` is pip's interface of uv, which hadolint does not check",
        uv_pip,
        examples=[
            ("DL3013", "FROM python:3.12\nRUN uv pip install --system flask\n", 2, True),
            ("DL3013", "FROM python:3.12\nRUN pip install --no-cache-dir flask\n", 2, False),
        ],
    ),
    Reason(
        "pipenv-install", {"DL3013"}, EXTRA, "DL3013: pip behind other front ends",
        "`pipenv install <package>`, which hadolint does not check",
        pipenv_install,
        examples=[
            ("DL3013", "FROM python:3.12\nRUN pipenv install flask\n", 2, True),
            ("DL3013", "FROM python:3.12\nRUN pip install --no-cache-dir flask\n", 2, False),
        ],
    ),
    Reason(
        "pip-options-before-install", {"DL3013"}, EXTRA, "DL3013: pip behind other front ends",
        "`python -m pip --no-cache-dir install x`: hadolint does not see the install behind options",
        pip_options_before_install,
        examples=[
            ("DL3013", "FROM python:3.12\nRUN python3 -m pip --no-cache-dir install radian\n", 2, True),
            ("DL3013", "FROM python:3.12\nRUN python3 -m pip install --no-cache-dir radian\n", 2, False),
        ],
    ),
    Reason(
        "pin-needs-build-arg", {"DL3013", "DL3016", "DL3018", "DL3028", "DL3062"}, EXTRA,
        "DL3013: versions that need a build argument",
        "`ARG V` without a default + `pkg${V:+==$V}`: without the build argument there is no version",
        pin_needs_build_arg,
        examples=[
            ("DL3013", "FROM python:3.12\nARG V\nRUN pip install --no-cache-dir app${V:+==$V}\n", 3, True),
            ("DL3013", "FROM python:3.12\nARG V\nRUN pip install --no-cache-dir app==$V\n", 3, False),
        ],
    ),
    # ------------------------------------------------------------------ DL3016
    Reason(
        "npm-alias", {"DL3016"}, EXTRA, "DL3016: npm aliases",
        "`npm i`/`npm add` are `npm install`",
        npm_alias,
        examples=[
            ("DL3016", "FROM node:22\nRUN npm i -g pm2\n", 2, True),
            ("DL3016", "FROM node:22\nRUN npm install -g yarn@latest\n", 2, False),
        ],
    ),
    Reason(
        "npm-latest", {"DL3016"}, EXTRA, "DL3016: npm aliases",
        "`pkg@latest` names whatever is newest, not a version",
        npm_latest,
        examples=[
            ("DL3016", "FROM node:22\nRUN npm install -g yarn@latest\n", 2, True),
            ("DL3016", "FROM node:22\nRUN npm install -g yarn\n", 2, False),
        ],
    ),
    Reason(
        "version-variable-latest", {"DL3016", "DL3062"}, EXTRA, "DL3016: npm aliases",
        "`pkg@$V` where `ARG V=latest`: the variable names no version; hadolint reads the text only",
        version_variable_latest,
        examples=[
            ("DL3016", "FROM node:22\nARG V=latest\nRUN npm install -g typescript@$V\n", 3, True),
            ("DL3016", "FROM node:22\nRUN npm install -g typescript@latest\n", 2, False),
        ],
    ),
    Reason(
        "npm-git-branch", {"DL3016"}, EXTRA, "DL3016: npm aliases",
        "`git+https://host/repo.git#develop` follows a branch",
        npm_git_branch,
        examples=[
            ("DL3016", "FROM node:22\nRUN npm install git+https://github.com/org/repo.git#develop\n", 2, True),
            ("DL3016", "FROM node:22\nRUN npm install git+https://github.com/org/repo.git\n", 2, False),
        ],
    ),
    Reason(
        "windows-powershell-syntax", {"DL3013", "DL3016", "DL3028", "DL3042", "DL3062"}, EXTRA,
        "DL3016: npm aliases",
        "a Windows RUN that calls .NET as PowerShell does (`[Environment]::...`), which hadolint cannot parse",
        windows_powershell_syntax,
        examples=[
            ("DL3016", "FROM node:8.9.2-windowsservercore\nRUN npm install --global windows-build-tools ; "
             "[Environment]::SetEnvironmentVariable('PATH', $env:PATH, [EnvironmentVariableTarget]::Machine)\n",
             2, True),
            ("DL3016", "FROM node:8.9.2-windowsservercore\nRUN npm install --global windows-build-tools\n", 2, False),
        ],
    ),
    Reason(
        "npm-git-ref", {"DL3016"}, MISS, "DL3016: npm aliases",
        "`npm install user/repo#4.0` is pinned by its `#ref`",
        npm_git_ref,
        examples=[
            ("DL3016", "FROM node:22\nRUN npm install -g gulpjs/gulp-cli#4.0\n", 2, True),
            ("DL3016", "FROM node:22\nRUN npm install -g gulp-cli\n", 2, False),
        ],
    ),
    # ------------------------------------------------------------------ DL3060
    Reason(
        "yarn-other-installs", {"DL3060"}, EXTRA, "DL3060: every yarn command that fills the cache",
        "a bare `yarn`, `yarn add` and `yarn global add` fill yarn's cache like `yarn install`",
        yarn_other_installs,
        examples=[
            ("DL3060", "FROM node:22\nRUN yarn global add pm2@5.4.2\n", 2, True),
            ("DL3060", "FROM node:22\nRUN yarn --production\n", 2, True),
            ("DL3060", "FROM node:22\nRUN yarn install\n", 2, False),
        ],
    ),
    # ------------------------------------------------------------------ DL3028
    Reason(
        "gem-flag-before-name", {"DL3028"}, EXTRA, "DL3028: gems after an option, local gems",
        "`gem install --no-document bundler`: hadolint takes the gem for the option's value",
        gem_flag_before_name,
        examples=[
            ("DL3028", "FROM ruby:3.3\nRUN gem install --no-document bundler\n", 2, True),
            ("DL3028", "FROM ruby:3.3\nRUN gem install bundler --no-document\n", 2, False),
        ],
    ),
    Reason(
        "gem-local-or-equals-version", {"DL3028"}, MISS, "DL3028: gems after an option, local gems",
        "`gem install ./app-1.0.gem` is a local file; `-v=$V` gives a version",
        gem_local_or_equals_version,
        examples=[
            ("DL3028", "FROM ruby:3.3\nRUN gem install /tmp/app-1.0.gem\n", 2, True),
            ("DL3028", "FROM ruby:3.3\nRUN gem install bundler\n", 2, False),
        ],
    ),
    # ------------------------------------------------------------------ DL3062
    Reason(
        "go-option-values", {"DL3062"}, MISS, "DL3062: option values, files and local packages",
        "hadolint takes the values of go's options (`-tags netgo`, `-ldflags \"...\"`) for packages",
        go_option_values,
        examples=[
            ("DL3062", "FROM golang:1.23\nRUN go install -tags netgo github.com/x/y@v1.0.0\n", 2, True),
            ("DL3062", "FROM golang:1.23\nRUN go install -v github.com/x/y\n", 2, False),
        ],
    ),
    Reason(
        "go-local-package", {"DL3062"}, MISS, "DL3062: option values, files and local packages",
        "`go run main.go`, `go install std`: files and packages that are not downloaded",
        go_local_package,
        examples=[
            ("DL3062", "FROM golang:1.23\nRUN go run main.go\n", 2, True),
            ("DL3062", "FROM golang:1.23\nRUN go install github.com/x/y\n", 2, False),
        ],
    ),
    Reason(
        "go-moving-version", {"DL3062"}, EXTRA, "DL3062: option values, files and local packages",
        "`pkg@master` follows a branch: no version",
        go_moving_version,
        examples=[
            ("DL3062", "FROM golang:1.23\nRUN go install github.com/x/y@master\n", 2, True),
            ("DL3062", "FROM golang:1.23\nRUN go install github.com/x/y@latest\n", 2, False),
        ],
    ),
    # ------------------------------------------------------------------ DL3018, DL3019
    Reason(
        "apk-after-backslash-space", {"DL3018", "DL3019"}, MISS, "DL3018, DL3019: a backslash followed by blanks",
        "`apk update \\ ` + `apk add x`: BuildKit joins the lines into one `apk update` command",
        apk_after_backslash_space,
        examples=[
            ("DL3018", "FROM alpine:3.20\nRUN apk update \\ \n    apk add bash\n", 2, True),
            ("DL3018", "FROM alpine:3.20\nRUN apk update && \\\n    apk add bash\n", 2, False),
        ],
    ),
]
