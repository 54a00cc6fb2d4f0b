"""Why hadolint and dockwright disagree: every disagreement, explained or not.

`parity.py` finds, per rule, the findings only hadolint reports (*misses*) and those only
dockwright reports (*extras*). This package looks at each one and names the documented
reason it falls under, if any. A reason is a narrow, checkable statement about the
instruction (or the file around it) that says why hadolint is wrong there, or why the
finding is one hadolint cannot see; each points at a `###` heading of the hand-written
part of `docs/parity.md`, which explains it with a minimal Dockerfile.

A reason is a `Reason(id, rules, side, heading, summary, test)`:

- `rules`: the rule codes it applies to (a set), or `ANY`;
- `side`: `MISS` (only hadolint reports it) or `EXTRA` (only dockwright does);
- `heading`: the beginning of the `###` heading in docs/parity.md that explains it
  (`"DL3009: what really removes"`, `"ONBUILD triggers"`; `parity.py --check` fails
  when no heading starts with it);
- `test(case) -> bool`: whether the disagreement is of this kind. Tests look at the
  instruction's text, the file around it and the messages; they must be specific enough
  that a disagreement of another kind does not match.

Reasons live in the modules of this package, one per group of rules; `REASONS` lists
them all, in the order they are tried. The first reason whose test matches explains the
disagreement; a disagreement no reason matches is *unexplained*, and counts against the
rule (and is shown in the report).

Standard library only.
"""

import os
import re

MISS = "hadolint"
EXTRA = "dockwright"
ANY = None


class Reason:
    """A documented kind of disagreement (see the module docstring)."""

    def __init__(self, id, rules, side, heading, summary, test, examples=()):
        assert side in (MISS, EXTRA), side
        self.id = id
        self.rules = None if rules is ANY else frozenset(rules)
        self.side = side
        self.heading = heading
        self.summary = summary
        self.test = test
        # (rule, Dockerfile text, 1-based line of the instruction, expected bool[, message]): checked by
        # `parity.py --self-test`, so that every reason has a case that matches and, ideally,
        # one close to it that does not.
        self.examples = examples

    def applies(self, case):
        return case.side == self.side and (self.rules is None or case.rule in self.rules)

    def __repr__(self):
        return f"Reason({self.id})"


# --------------------------------------------------------------------------- the file


INSTR = re.compile(r"^\s*(?:onbuild\s+)?([A-Za-z]+)\b", re.I)
FROM_RE = re.compile(r"^\s*FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?", re.I)
WINDOWS_IMAGE = re.compile(r"windows|nanoserver|servercore|mcr\.microsoft\.com/(?:dotnet/framework|powershell)|"
                           r"ltsc20\d\d|1809|win-?\d|-windows", re.I)


def _expand(word, args):
    """`word` with its variables replaced from `args` ({name: value or None}); None when
    one has no known value."""
    unknown = []

    def sub(m):
        name = m.group(1) or m.group(2)
        op, alt = m.group(3), m.group(4)
        val = args.get(name)
        if op is not None:
            alt = (alt or "").strip("\"'")
        if op in (":-", "-"):
            return val if val else alt
        if op in (":+", "+"):
            return alt if val else ""
        if val is None:
            unknown.append(name)
            return ""
        if op == "#":
            return val[len(alt):] if val.startswith(alt) else val
        if op == "%":
            return val[:-len(alt)] if alt and val.endswith(alt) else val
        return val

    out = re.sub(r"\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+]|#|%)([^}]*))?\})", sub, word)
    return None if unknown else out


class FileContext:
    """One Dockerfile: its lines and instructions (BuildKit's line ranges), read lazily."""

    def __init__(self, path, instructions, text=None):
        self.path = path
        self.instructions = sorted(instructions or [], key=lambda i: i[0])
        self._data = text.encode("utf-8") if text is not None else None
        self._text = text
        self._stages = None

    @property
    def data(self):
        """The file's bytes, as dockwright's byte offsets count them."""
        if self._data is None:
            try:
                with open(self.path, "rb") as f:
                    self._data = f.read()
            except OSError:
                self._data = b""
        return self._data

    @property
    def text(self):
        """The file's text, line ends as written (`\r\n` stays)."""
        if self._text is None:
            self._text = self.data.decode("utf-8", errors="replace")
        return self._text

    def offset_of_line(self, line):
        """Byte offset of the start of 1-based `line`."""
        off = 0
        for _ in range(line - 1):
            i = self.data.find(b"\n", off)
            if i < 0:
                return len(self.data)
            off = i + 1
        return off

    @property
    def lines(self):
        """The lines, without their line ends."""
        return [ln[:-1] if ln.endswith("\r") else ln for ln in self.text.split("\n")]

    def definitions(self, name, before):
        """Values given to `name` by ARG/ENV instructions before line `before`, in order
        (None for `ARG NAME` without a value; the legacy `ENV NAME value` counts)."""
        out = []
        for start, _end, original in self.instructions:
            if start >= before:
                break
            m = re.match(r"^\s*(ARG|ENV)\s+(.*)$", original, re.I | re.S)
            if not m:
                continue
            body = m.group(2).strip()
            if not body:
                continue
            if m.group(1).upper() == "ENV" and "=" not in body.split()[0]:
                k, _, v = body.partition(" ")
                if k == name:
                    out.append(v.strip().strip("\"'"))
                continue
            for w in re.findall(r"(?:[^\s\"']+|\"[^\"]*\"|'[^']*')+", body):
                k, eq, v = w.partition("=")
                if k.strip("\"'") == name:
                    out.append(v.strip("\"'") if eq else None)
        return out

    def instruction_at(self, line):
        """(start, end, original) of the instruction starting at `line`, or None."""
        for ins in self.instructions:
            if ins[0] == line:
                return ins
        return None

    def raw(self, start, end):
        """The lines start..end (1-based, inclusive) as written."""
        return "\n".join(self.lines[start - 1:end])

    def keyword(self, ins):
        m = INSTR.match(ins[2])
        return m.group(1).upper() if m else ""

    def meta_args(self):
        """{name: value or None} of the ARGs before the first FROM, each default
        expanded with the ARGs before it (None: no value known here)."""
        out = {}
        for ins in self.instructions:
            kw = self.keyword(ins)
            if kw == "FROM":
                break
            if kw == "ARG":
                for m in re.finditer(r"([A-Za-z_][A-Za-z0-9_]*)(?:=(\"[^\"]*\"|'[^']*'|\S*))?", ins[2][3:]):
                    v = m.group(2)
                    if v is None:
                        out.setdefault(m.group(1), None)
                    else:
                        out[m.group(1)] = _expand(v.strip("\"'"), out)
        return out

    def expand_meta(self, word):
        """`word` with `$X`, `${X}`, `${X:-d}`, `${X:+d}`, `${X#p}`, `${X%p}` replaced
        from the meta ARGs; None when a variable has no known value."""
        return _expand(word, self.meta_args())

    def stages(self):
        """[{start, end, base, base_expanded, alias, index}] in order; `end` is the last
        line of the stage; `base_expanded` is the base with the meta ARGs' defaults
        (lower case, None when unknown)."""
        if self._stages is None:
            out = []
            for ins in self.instructions:
                if self.keyword(ins) == "FROM" and not re.match(r"^\s*onbuild", ins[2], re.I):
                    m = FROM_RE.match(ins[2])
                    base = m.group(1) if m else ""
                    alias = (m.group(2) or "") if m else ""
                    if out:
                        out[-1]["end"] = ins[0] - 1
                    exp = self.expand_meta(base)
                    out.append({"start": ins[0], "end": 10**9, "base": base, "alias": alias.lower(),
                                "base_expanded": exp.lower() if exp is not None else None,
                                "index": len(out)})
            self._stages = out
        return self._stages

    def stage_of(self, line):
        st = None
        for s in self.stages():
            if s["start"] <= line:
                st = s
        return st

    def shipped_stages(self):
        """Indexes of the stages whose filesystem ends up in the final image: the last
        stage and, transitively, the stages it (or one of them) names in FROM."""
        stages = self.stages()
        if not stages:
            return set()
        by_name = {s["alias"]: s["index"] for s in stages if s["alias"]}
        out, todo = set(), [len(stages) - 1]
        while todo:
            i = todo.pop()
            if i in out:
                continue
            out.add(i)
            base = stages[i]["base_expanded"] or stages[i]["base"].lower()
            if base in by_name and by_name[base] < i:
                todo.append(by_name[base])
            elif base.isdigit() and int(base) < i:
                todo.append(int(base))
        return out

    def parent_stage(self, stage):
        """The earlier stage `stage` builds on (FROM <name>, variables expanded), or None."""
        base = stage["base_expanded"] or stage["base"].lower()
        named = [s for s in self.stages()[:stage["index"]] if s["alias"] == base]
        if named:
            return named[-1]
        if base.isdigit() and int(base) < stage["index"]:
            return self.stages()[int(base)]
        return None

    def used_later(self, stage):
        """Whether a later stage builds on `stage` or copies/mounts from it (variables in
        FROM expanded)."""
        names = {str(stage["index"])}
        if stage["alias"]:
            names.add(stage["alias"])
        for later in self.stages()[stage["index"] + 1:]:
            if (later["base_expanded"] or later["base"].lower()) in names:
                return True
            if later["base_expanded"] is None and "$" in later["base"]:
                # `FROM exit-${VARIANT}` whose value is not known here: any stage the
                # name can expand to may be the base.
                pat = re.sub(r"\\\$\\\{[^}]*\\\}|\\\$[A-Za-z_][A-Za-z0-9_]*", ".*", re.escape(later["base"].lower()))
                if any(re.fullmatch(pat, n) for n in names):
                    return True
            for ins in self.instructions_of_stage(later):
                refs = re.findall(r"--from=(\S+)", ins[2], re.I) + \
                    re.findall(r"--mount=\S*?\bfrom=([^,\s]+)", ins[2], re.I)
                for ref in refs:
                    ref = ref.strip("\"'")
                    exp = self.expand_meta(ref)
                    if ref.lower() in names or (exp is not None and exp.lower() in names):
                        return True
        return False

    def instructions_of_stage(self, stage):
        return [i for i in self.instructions if stage["start"] <= i[0] <= stage["end"]]

    def shell_before(self, line):
        """The exec-form SHELL in effect at `line` in its stage ("" when none), following
        stage bases that are earlier stages."""
        st = self.stage_of(line)
        seen = set()
        while st is not None and st["index"] not in seen:
            seen.add(st["index"])
            shell = ""
            for ins in self.instructions_of_stage(st):
                if ins[0] >= line:
                    break
                if self.keyword(ins) == "SHELL" and not re.match(r"^\s*onbuild", ins[2], re.I):
                    shell = ins[2]
            if shell:
                return shell
            base = st["base"].lower()
            prev = [s for s in self.stages() if s["alias"] and s["alias"] == base and s["index"] < st["index"]]
            st = prev[-1] if prev else None
            line = 10**9
        return ""

    def windows(self, line):
        """Whether the stage of `line` runs Windows (a Windows base image, or a PowerShell
        or cmd SHELL)."""
        shell = self.shell_before(line).lower()
        if re.search(r"powershell|pwsh|cmd(\.exe)?\"?\s*,\s*\"/s", shell):
            return True
        st = self.stage_of(line)
        seen = set()
        while st is not None and st["index"] not in seen:
            seen.add(st["index"])
            if WINDOWS_IMAGE.search(st["base"]):
                return True
            base = st["base"].lower()
            prev = [s for s in self.stages() if s["alias"] and s["alias"] == base and s["index"] < st["index"]]
            st = prev[-1] if prev else None
        return False


class Case:
    """One disagreement: `rule` reported on the instruction starting at `line` of `ctx` by
    one tool only (`side`)."""

    def __init__(self, rule, side, ctx, line, message="", spans=()):
        self.rule = rule
        self.side = side
        self.ctx = ctx
        self.line = line
        self.message = message or ""
        # dockwright's findings of this rule on this instruction: [(start, end)] byte offsets
        self.spans = list(spans)
        ins = ctx.instruction_at(line)
        self.end_line = ins[1] if ins else line
        self.original = ins[2] if ins else ""
        self.text = ctx.raw(line, self.end_line)

    @property
    def keyword(self):
        m = INSTR.match(self.original or self.text)
        return m.group(1).upper() if m else ""

    @property
    def onbuild(self):
        return bool(re.match(r"^\s*onbuild\b", self.original or self.text, re.I))

    @property
    def heredoc(self):
        return bool(re.search(r"<<-?\s*[\"']?[A-Za-z_][A-Za-z0-9_]*", self.text.split("\n")[0])) \
            and self.end_line > self.line

    def text_before(self, offset):
        """The instruction's text as written, from its first byte up to byte `offset`
        (a dockwright span's start or end)."""
        return self.ctx.data[self.ctx.offset_of_line(self.line):offset].decode("utf-8", errors="replace")

    def span_texts(self):
        t = self.ctx.data
        return [t[s:e].decode("utf-8", errors="replace") for s, e in self.spans]

    def before_span(self, n=40):
        """The `n` bytes of text before each of dockwright's spans."""
        t = self.ctx.data
        return [t[max(0, s - n):s].decode("utf-8", errors="replace") for s, _ in self.spans]

    def shipped(self):
        st = self.ctx.stage_of(self.line)
        return st is None or st["index"] in self.ctx.shipped_stages()

    def windows(self):
        return self.ctx.windows(self.line)


# --------------------------------------------------------------------------- registry


def _load():
    from . import apt, common, config, images, packages, rpm, shell  # noqa: F401  (each defines REASONS)
    out = []
    for mod in (common, apt, config, images, packages, rpm, shell):
        out.extend(mod.REASONS)
    ids = [r.id for r in out]
    dup = {i for i in ids if ids.count(i) > 1}
    assert not dup, f"duplicate reason ids: {dup}"
    return out


REASONS = _load()


def explain(case):
    """The first reason that explains `case`, or None."""
    for r in REASONS:
        if r.applies(case):
            try:
                if r.test(case):
                    return r
            except Exception as e:  # a reason's bug must not hide a disagreement
                raise RuntimeError(f"reason {r.id} failed on {case.ctx.path}:{case.line}: {e}") from e
    return None


def check_examples(instructions_of, findings_of=None):
    """Runs every reason's examples; `instructions_of(path) -> [(start, end, original)]`
    gives the instruction ranges of a file, `findings_of(path) -> [(code, line, message,
    start, end)]` dockwright's findings (for the message and spans of an EXTRA example).
    Returns [(reason id, rule, line, expected, got)] of the examples that fail."""
    import tempfile
    bad = []
    with tempfile.TemporaryDirectory() as d:
        for r in REASONS:
            for k, ex in enumerate(r.examples):
                rule, text, line, want = ex[:4]
                message = ex[4] if len(ex) > 4 else ""
                path = os.path.join(d, f"{r.id}-{k}.Dockerfile")
                with open(path, "w") as f:
                    f.write(text)
                ctx = FileContext(path, instructions_of(path), text)
                spans = []
                if r.side == EXTRA and findings_of is not None:
                    ins = ctx.instruction_at(line)
                    end = ins[1] if ins else line
                    for x in findings_of(path) or []:
                        if x[0] == rule and line <= x[1] <= end:
                            message = message or x[2]
                            if len(x) > 4 and x[3] is not None:
                                spans.append((x[3], x[4]))
                case = Case(rule, r.side, ctx, line, message, spans)
                got = explain(case) is r
                if got != want:
                    bad.append((r.id, rule, line, want, got))
    return bad
