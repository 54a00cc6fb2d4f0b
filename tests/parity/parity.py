#!/usr/bin/env python3
"""Per-rule parity of dockwright's findings with hadolint's on a corpus of Dockerfiles.

Runs hadolint (from the peers directory, results cached by file content and hadolint
version) and `dockwright lint` over every `*.Dockerfile` of the corpus, matches their
findings per rule on (file, instruction), and prints per rule: files and findings on
each side, how many match, recall (we find what hadolint finds), precision (hadolint
agrees with what we find), which disagreements a documented reason explains
(tests/parity/reasons/) and examples of those none does.

    python3 tests/parity/parity.py                       # report on stdout
    python3 tests/parity/parity.py --write docs/parity.md
    python3 tests/parity/parity.py --rules DL3006,DL3007 --limit 500 --examples 10
    python3 tests/parity/parity.py --check               # exit 1 unless every rule reaches 97 %
                                                         # (explained disagreements left out)
    python3 tests/parity/parity.py --config tests/parity/config.yaml --rules DL3026,DL3049
    python3 tests/parity/parity.py --self-test

Standard library only. See tests/parity/README.md.
"""

import argparse
import bisect
import collections
import concurrent.futures
import datetime
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reasons  # noqa: E402  (tests/parity/reasons)

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MARKER = "<!-- hand-written below -->"
HAND_HEADING = "## Why we differ on purpose"
THRESHOLD = 97.0  # per rule, both directions (--threshold)
OVERALL = 99.0  # overall recall after explanations (--overall)

# The rules of issue 3 (the hadolint rules dockwright must match).
ISSUE3_RULES = (
    "DL3000 DL3002 DL3003 DL3004 DL3006 DL3007 DL3008 DL3009 DL3013 DL3014 DL3015 DL3016 "
    "DL3018 DL3019 DL3020 DL3022 DL3023 DL3024 DL3025 DL3027 DL3042 DL3059 DL4000 DL4003 "
    "DL4004 DL4006"
).split()

DL_CODE = re.compile(r"^DL\d{4}$")
PARSE_ERROR = "DL1000"

HAND_STUB = f"""{MARKER}
{HAND_HEADING}

Systematic differences with hadolint that we keep on purpose. Give each one a heading
`### DLxxxx: short title` and say what differs, why, and an example; `parity.py --check`
does not fail on a rule that has such a heading here. Everything from the marker line
above down is kept as it is when the report is regenerated.
"""


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- inputs


def list_corpus(corpus, limit):
    files = []
    for root, dirs, names in os.walk(corpus):
        dirs.sort()
        for n in names:
            if n.endswith(".Dockerfile"):
                files.append(os.path.join(root, n))
    files.sort()
    if limit is not None:
        files = files[:limit]
    return files


def content_hash(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def batches(seq, n):
    return [seq[i : i + n] for i in range(0, len(seq), n)]


def run_bisecting(run_batch, files, label):
    """run_batch(files) -> dict file -> result, or raises RuntimeError on a failed run.

    A failed run is split in halves until the failing files are found alone; those get
    the result None (and are named on standard error)."""
    try:
        return run_batch(files)
    except RuntimeError as e:
        if len(files) == 1:
            log(f"{label}: failed on {files[0]}: {str(e)[:300]}")
            return {files[0]: None}
        mid = len(files) // 2
        out = run_bisecting(run_batch, files[:mid], label)
        out.update(run_bisecting(run_batch, files[mid:], label))
        return out


def parallel(fn, items, jobs):
    out = {}
    if jobs <= 1 or len(items) <= 1:
        for it in items:
            out.update(fn(it))
        return out
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        for r in ex.map(fn, items):
            out.update(r)
    return out


# --------------------------------------------------------------------------- hadolint


class HadolintCache:
    """Findings per file content: target/parity-cache/hadolint/hadolint-<version>.json,
    {"version": ..., "entries": {sha256: [[code, line, column, level, message], ...]}}."""

    def __init__(self, cache_dir, version, enabled, config_hash=None):
        self.enabled = enabled
        safe = re.sub(r"[^A-Za-z0-9._-]+", "_", version.split()[-1] if version else "unknown")
        if config_hash:
            # results under a configuration are kept apart, keyed by the file's content
            safe += f"-config-{config_hash[:16]}"
            version = f"{version} (config {config_hash})"
        self.path = os.path.join(cache_dir, f"hadolint-{safe}.json")
        self.version = version
        self.entries = {}
        if enabled and os.path.exists(self.path):
            try:
                with open(self.path) as f:
                    doc = json.load(f)
                if doc.get("version") == version:
                    self.entries = doc.get("entries", {})
            except (OSError, ValueError) as e:
                log(f"hadolint cache {self.path} unreadable ({e}); starting afresh")

    def save(self):
        if not self.enabled:
            return
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        tmp = self.path + f".tmp{os.getpid()}"
        with open(tmp, "w") as f:
            json.dump({"version": self.version, "entries": self.entries}, f, separators=(",", ":"))
        os.replace(tmp, self.path)


def hadolint_version(binary):
    r = subprocess.run([binary, "--version"], capture_output=True, text=True)
    return (r.stdout or r.stderr).strip()


def run_hadolint(binary, files, hashes, cache, jobs, batch_size=200, timeout=900, config=None):
    """Returns file -> list of (code, line, column, level, message), or None where hadolint failed."""
    results = {}
    todo = []
    for f in files:
        e = cache.entries.get(hashes[f]) if cache.enabled else None
        if e is not None:
            results[f] = [tuple(x) for x in e]
        else:
            todo.append(f)
    if not todo:
        return results
    log(f"hadolint: {len(todo)} of {len(files)} files not cached; running "
        f"{(len(todo) + batch_size - 1) // batch_size} batches of {batch_size} on {jobs} processes"
        f" (about 15 files/s per process)")
    tmpdir = tempfile.mkdtemp(prefix="parity-hadolint-")
    env = {k: v for k, v in os.environ.items() if not k.startswith("HADOLINT_")}
    # No configuration file may be found: not in the working directory, not in $HOME or XDG.
    env.update(HOME=tmpdir, XDG_CONFIG_HOME=tmpdir)
    done = [0]
    started = time.time()

    def one(batch):
        cfg = ["--config", config] if config else []
        r = subprocess.run([binary, "--no-fail", "-f", "json", *cfg, *batch], cwd=tmpdir, env=env,
                           capture_output=True, text=True, timeout=timeout)
        try:
            items = json.loads(r.stdout)
            assert isinstance(items, list)
        except (ValueError, AssertionError):
            raise RuntimeError(f"exit {r.returncode}: {r.stderr.strip()[-300:]}")
        out = {f: [] for f in batch}
        for it in items:
            f = it.get("file")
            if f not in out:
                raise RuntimeError(f"unexpected file in output: {f!r}")
            out[f].append((it["code"], it["line"], it.get("column"), it.get("level"), it.get("message", "")))
        return out

    def guarded(batch):
        def once(b):
            try:
                return one(b)
            except subprocess.TimeoutExpired:
                raise RuntimeError("timed out")
        out = run_bisecting(once, batch, "hadolint")
        done[0] += len(batch)
        rate = done[0] / max(time.time() - started, 1e-6)
        log(f"hadolint: {done[0]}/{len(todo)} files, {rate:.1f} files/s")
        return out

    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(jobs, 1)) as ex:
            futs = [ex.submit(guarded, b) for b in batches(todo, batch_size)]
            for fut in concurrent.futures.as_completed(futs):
                out = fut.result()
                for f, findings in out.items():
                    results[f] = findings
                    if findings is not None:
                        cache.entries[hashes[f]] = [list(x) for x in findings]
                cache.save()  # after every batch, so an interrupted run keeps its work
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    return results


# --------------------------------------------------------------------------- dockwright


def newest_source_mtime():
    newest = 0.0
    for top in ("Cargo.toml", "Cargo.lock"):
        p = os.path.join(REPO, top)
        if os.path.exists(p):
            newest = max(newest, os.path.getmtime(p))
    for root, dirs, names in os.walk(os.path.join(REPO, "crates")):
        dirs[:] = [d for d in dirs if d not in ("target", "tests", "benches")]
        for n in names:
            if n.endswith(".rs") or n == "Cargo.toml":
                newest = max(newest, os.path.getmtime(os.path.join(root, n)))
    return newest


def ensure_dockwright(path, explicit, build):
    """(binary, note): note says when the binary is older than the sources."""
    if explicit:
        if not os.path.exists(path):
            sys.exit(f"parity: no dockwright at {path}")
        return path, ""
    stale = not os.path.exists(path) or os.path.getmtime(path) < newest_source_mtime()
    if stale and build:
        log("dockwright: binary missing or older than the sources; cargo build --release -p dockwright-cli")
        r = subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "dockwright-cli"], cwd=REPO)
        if r.returncode != 0:
            if os.path.exists(path):
                log("dockwright: build failed; using the existing (older) binary")
                return path, "binary older than the sources: the build failed"
            sys.exit("parity: cargo build failed and there is no dockwright binary")
    elif stale:
        log("dockwright: binary older than the sources (--no-build given); using it anyway")
        return path, "binary older than the sources: --no-build"
    return path, ""


def dockwright_version(binary):
    r = subprocess.run([binary, "--version"], capture_output=True, text=True)
    v = (r.stdout or r.stderr).strip()
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                              capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO,
                               capture_output=True, text=True).stdout.strip()
        if head:
            v += f" (commit {head}{', with uncommitted changes' if dirty else ''})"
    except OSError:
        pass
    return v


def dockwright_rule_codes(binary):
    """The codes of `dockwright rules`, or None where that command does not exist (yet)."""
    try:
        r = subprocess.run([binary, "rules"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if r.returncode != 0:
        return None
    # the first column of its table (a code named in a summary does not count)
    codes = sorted({ln.split()[0] for ln in r.stdout.splitlines()
                    if ln.split() and DL_CODE.match(ln.split()[0])} - {PARSE_ERROR})
    return codes or None


def run_dockwright_lint(binary, files, jobs, batch_size=500, config=None):
    """file -> list of (code, line, message, start, end), or None where dockwright crashed on
    the file (start/end: the finding's byte offsets)."""

    def once(batch):
        cfg = ["--config", config] if config else []
        r = subprocess.run([binary, "lint", "--format", "json", *cfg, *batch], capture_output=True, text=True)
        if r.returncode not in (0, 1):
            raise RuntimeError(f"exit {r.returncode}: {r.stderr.strip()[-300:]}")
        try:
            doc = json.loads(r.stdout)
        except ValueError as e:
            raise RuntimeError(f"bad JSON: {e}")
        out = {}
        for fr in doc["files"]:
            out[fr["path"]] = [(d["code"], d["line"], d.get("message", ""), d.get("start"), d.get("end"))
                               for d in fr["diagnostics"]]
        missing = [f for f in batch if f not in out]
        if missing:
            raise RuntimeError(f"no report for {missing[0]}")
        return out

    return parallel(lambda b: run_bisecting(once, b, "dockwright lint"), batches(files, batch_size), jobs)


def run_dockwright_parse(binary, files, jobs, batch_size=500):
    """file -> list of (start_line, end_line, original) in order, or None where dockwright
    failed on the file. The ranges are BuildKit's (`parse --format buildkit`); for a file
    BuildKit refuses they come from dockwright's recovering parser (`parse --format json`),
    whose instruction nodes carry the same start_line/end_line/original."""
    out = run_buildkit_parse(binary, files, jobs, batch_size)
    refused = [f for f in files if out.get(f) is None]
    if refused:
        out.update(run_tree_parse(binary, refused, jobs, 100))
    return out


def run_tree_parse(binary, files, jobs, batch_size):
    def once(batch):
        r = subprocess.run([binary, "parse", "--format", "json", *batch], capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"exit {r.returncode}: {r.stderr.strip()[-300:]}")
        out = {f: None for f in batch}
        for line in r.stdout.splitlines():
            if line.strip():
                doc = json.loads(line)
                out[doc["file"]] = [(n["start_line"], n["end_line"], n.get("original", ""))
                                    for n in doc.get("nodes", [])
                                    if n.get("type") == "instruction" and n.get("start_line")]
        return out

    return parallel(lambda b: run_bisecting(once, b, "dockwright parse --format json"),
                    batches(files, batch_size), jobs)


def run_buildkit_parse(binary, files, jobs, batch_size):
    """file -> [(start_line, end_line, original)] from `parse --format buildkit`; None where
    BuildKit refuses the file."""

    def once(batch):
        r = subprocess.run([binary, "parse", "--format", "buildkit", *batch], capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"exit {r.returncode}: {r.stderr.strip()[-300:]}")
        out = {}
        for line in r.stdout.splitlines():
            if not line.strip():
                continue
            doc = json.loads(line)
            if "instructions" in doc:
                out[doc["file"]] = [(i["start_line"], i["end_line"], i.get("original", ""))
                                    for i in doc["instructions"]]
            else:
                out[doc["file"]] = None
        for f in batch:
            out.setdefault(f, None)
        return out

    return parallel(lambda b: run_bisecting(once, b, "dockwright parse"), batches(files, batch_size), jobs)


# --------------------------------------------------------------------------- matching


class InstructionMap:
    """Maps a line to the start line of the instruction whose lines contain it (heredoc
    bodies and continuation lines included); a line outside every instruction maps to itself."""

    def __init__(self, instructions):
        self.instructions = sorted(instructions or [], key=lambda i: i[0])
        self.starts = [i[0] for i in self.instructions]

    def find(self, line):
        k = bisect.bisect_right(self.starts, line) - 1
        if k >= 0 and self.instructions[k][0] <= line <= self.instructions[k][1]:
            return self.instructions[k]
        return None

    def start(self, line):
        i = self.find(line)
        return i[0] if i else line


def compare(rules, hl, dw, imaps, files):
    """Per-rule agreement over `files` (the files both tools linted and hadolint parsed).

    hl/dw: file -> [(code, line, ...)]; imaps: file -> InstructionMap.
    Returns {rule: stats} where the findings are sets of (file, instruction start line):
    hadolint reports a code at most once per instruction, dockwright once per span, so
    several dockwright findings of one code in one instruction count as one."""
    stats = {}
    for rule in rules:
        H, D = set(), set()
        d_raw = 0
        d_lines = {}
        d_msgs = {}
        d_spans = {}
        h_msgs = {}
        for f in files:
            m = imaps[f]
            for x in hl[f]:
                if x[0] == rule:
                    k = (f, m.start(x[1]))
                    H.add(k)
                    h_msgs.setdefault(k, x[-1])
            for x in dw[f]:
                if x[0] == rule:
                    d_raw += 1
                    k = (f, m.start(x[1]))
                    D.add(k)
                    d_lines.setdefault(k, x[1])
                    d_msgs.setdefault(k, x[2] if len(x) > 2 else "")
                    if len(x) > 4 and x[3] is not None:
                        d_spans.setdefault(k, []).append((x[3], x[4]))
        M = H & D
        stats[rule] = {
            "H": H, "D": D, "M": M, "d_raw": d_raw, "d_lines": d_lines, "d_msgs": d_msgs, "h_msgs": h_msgs,
            "d_spans": d_spans,
            "hadolint_files": len({f for f, _ in H}),
            "dockwright_files": len({f for f, _ in D}),
            "hadolint_findings": len(H),
            "dockwright_findings": len(D),
            "dockwright_raw_findings": d_raw,
            "matched": len(M),
            "recall": pct(len(M), len(H)),
            "precision": pct(len(M), len(D)),
        }
        stats[rule]["pass"] = passes(stats[rule])
    return stats


def pct(a, b):
    return None if b == 0 else 100.0 * a / b


def passes(s, adjusted=False):
    """Both directions at THRESHOLD or better; a direction with nothing to compare passes.
    `adjusted`: on the numbers after explanations (see `account`)."""
    keys = ("adj_recall", "adj_precision") if adjusted else ("recall", "precision")
    return all(s.get(k) is None or s[k] >= THRESHOLD for k in keys)


def status(s):
    if s["hadolint_findings"] == 0 and s["dockwright_findings"] == 0:
        return "no findings"
    if s["pass"]:
        return "pass"
    if s["dockwright_raw_findings"] == 0:
        return "not implemented?"
    return "explained" if s.get("explained_pass") else "FAIL"


def account(stats, rules, imaps):
    """Names the documented reason of every disagreement (`reasons.explain`) and adds to
    each rule's stats: `why` {(file, line): reason id or None}, `by_reason` Counter,
    `explained_miss`/`explained_extra` counts, and the numbers after explanations:
    adj_recall = M / (H - explained misses), adj_precision = M / (D - explained extras),
    with `explained_pass` (both at THRESHOLD or better)."""
    ctxs = {}

    def ctx(f):
        c = ctxs.get(f)
        if c is None:
            c = ctxs[f] = reasons.FileContext(f, imaps[f].instructions)
        return c

    for r in rules:
        s = stats[r]
        why, by = {}, collections.Counter()
        em = ee = 0
        for key in sorted(s["H"] - s["D"]):
            case = reasons.Case(r, reasons.MISS, ctx(key[0]), key[1], s["h_msgs"].get(key, ""))
            found = reasons.explain(case)
            why[key] = found.id if found else None
            if found:
                em += 1
                by[found.id] += 1
        for key in sorted(s["D"] - s["H"]):
            case = reasons.Case(r, reasons.EXTRA, ctx(key[0]), key[1], s["d_msgs"].get(key, ""),
                                s["d_spans"].get(key, ()))
            found = reasons.explain(case)
            why[key] = found.id if found else None
            if found:
                ee += 1
                by[found.id] += 1
        M, H, D = s["matched"], s["hadolint_findings"], s["dockwright_findings"]
        s.update(why=why, by_reason=by, explained_miss=em, explained_extra=ee,
                 adj_recall=pct(M, H - em), adj_precision=pct(M, D - ee))
        s["explained_pass"] = passes(s, adjusted=True)
    return stats


def totals(stats, rules):
    tH = sum(stats[r]["hadolint_findings"] for r in rules)
    tD = sum(stats[r]["dockwright_findings"] for r in rules)
    tM = sum(stats[r]["matched"] for r in rules)
    eM = sum(stats[r].get("explained_miss", 0) for r in rules)
    eE = sum(stats[r].get("explained_extra", 0) for r in rules)
    return {"hadolint_findings": tH, "dockwright_findings": tD, "matched": tM,
            "recall": pct(tM, tH), "precision": pct(tM, tD),
            "explained_misses": eM, "explained_extras": eE,
            "unexplained_misses": tH - tM - eM, "unexplained_extras": tD - tM - eE,
            "adj_recall": pct(tM, tH - eM), "adj_precision": pct(tM, tD - eE)}


def pick_examples(keys, k):
    """Up to k keys, one per file first, chosen by a stable hash so they spread over the corpus."""
    ordered = sorted(keys, key=lambda x: (zlib.crc32(f"{x[0]}:{x[1]}".encode()), x))
    out, seen = [], set()
    for key in ordered:
        if len(out) >= k:
            break
        if key[0] not in seen:
            out.append(key)
            seen.add(key[0])
    for key in ordered:
        if len(out) >= k:
            break
        if key not in out:
            out.append(key)
    return out


# --------------------------------------------------------------------------- report


def fmt_pct(v):
    return "—" if v is None else f"{v:.1f} %"


def code_span(text):
    text = " ".join(text.split())
    if len(text) > 120:
        text = text[:120] + "…"
    if not text:
        return "(empty)"
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def instruction_text(path, imap, line):
    i = imap.find(line)
    if i is not None:
        return i[2]
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else ""
    except OSError:
        return ""


def documented_rules(hand_text):
    """Rules named at the start of a `### DLxxxx[, DLyyyy...]: title` heading in the
    hand-written section."""
    found = set()
    for head in re.findall(r"^###\s+((?:DL\d{4}\s*,\s*)*DL\d{4})\b", hand_text or "", re.M):
        found.update(re.findall(r"DL\d{4}", head))
    return sorted(found)


def split_existing(path):
    """(generated part, hand-written part starting at the marker) of an existing report."""
    if not path or not os.path.exists(path):
        return "", HAND_STUB
    with open(path) as f:
        text = f.read()
    if MARKER in text:
        i = text.index(MARKER)
        return text[:i], text[i:]
    if HAND_HEADING in text:
        i = text.index(HAND_HEADING)
        return text[:i], MARKER + "\n" + text[i:]
    return text, HAND_STUB


def render(meta, stats, rules, documented, examples, rel, imaps, extra):
    L = []
    L.append("# Parity with hadolint")
    L.append("")
    L.append("Generated by `python3 tests/parity/parity.py --write docs/parity.md` "
             "(see [`tests/parity/README.md`](../tests/parity/README.md)); everything above the "
             "hand-written marker is regenerated.")
    L.append("")
    L.append(f"- date: {meta['date']}")
    L.append(f"- hadolint: {meta['hadolint_version']}")
    L.append(f"- dockwright: {meta['dockwright_version']}")
    L.append(f"- corpus: `{meta['corpus']}`, {meta['files_total']:,} files"
             + (f" (first {meta['limit']:,} only, `--limit`)" if meta.get("limit") else ""))
    if meta.get("config"):
        L.append(f"- configuration, given to both tools: `{meta['config']}`")
    L.append(f"- compared: **{meta['files_compared']:,} files** (hadolint parses them and both tools "
             f"linted them); run time {meta['run_seconds']:.1f} s"
             + (f", of which {meta['build_seconds']:.0f} s building dockwright" if meta["build_seconds"] >= 1 else "")
             + f" ({meta['hadolint_cached']:,} of {meta['files_total']:,} hadolint results from the cache)")
    L.append("")
    T = totals(stats, rules)
    L.append("## Summary")
    L.append("")
    L.append(f"- hadolint's findings: {T['hadolint_findings']:,}; dockwright's: {T['dockwright_findings']:,}; "
             f"both: {T['matched']:,}.")
    L.append(f"- **recall** (dockwright reports what hadolint reports): {fmt_pct(T['recall'])}. "
             f"Of the {T['hadolint_findings'] - T['matched']:,} findings only hadolint reports, "
             f"{T['explained_misses']:,} {'is' if T['explained_misses'] == 1 else 'are'} explained below "
             f"(hadolint is wrong there) and **{T['unexplained_misses']:,} "
             f"{'is' if T['unexplained_misses'] == 1 else 'are'} not**; leaving out the explained ones, recall is "
             f"**{fmt_pct(T['adj_recall'])}** (target {OVERALL:.0f} %).")
    L.append(f"- **precision** (hadolint reports what dockwright reports): {fmt_pct(T['precision'])}. "
             f"Of the {T['dockwright_findings'] - T['matched']:,} findings only dockwright reports, "
             f"{T['explained_extras']:,} {'is' if T['explained_extras'] == 1 else 'are'} explained and "
             f"**{T['unexplained_extras']:,} {'is' if T['unexplained_extras'] == 1 else 'are'} not**; "
             f"leaving out the explained ones, precision is **{fmt_pct(T['adj_precision'])}**.")
    counts = collections.Counter(status(stats[r]) for r in rules)
    L.append("- rules: " + ", ".join(f"{counts[k]} {k}" for k in
                                     ("pass", "explained", "FAIL", "not implemented?", "no findings") if counts[k])
             + f" (threshold {THRESHOLD:.0f} % in both directions).")
    L.append("")
    L.append("A finding is a rule code on an instruction: each line is mapped to the first line of "
             "the instruction that contains it (BuildKit's line ranges, heredoc bodies included), "
             "and several findings of one code in one instruction count once. "
             "**recall** = matched / hadolint's; **precision** = matched / dockwright's. "
             "Every disagreement is checked against the reasons of the hand-written section "
             "(`tests/parity/reasons/`): **explained misses** are hadolint's findings we do not "
             "report for a documented reason, **explained extras** ours that hadolint misses for "
             "one; the last two columns leave them out "
             "(recall = matched / (hadolint's − explained misses), and likewise for precision).")
    L.append("")
    L.append("| rule | hadolint files | hadolint findings | dockwright files | dockwright findings | matched "
             "| recall | precision | explained misses | explained extras | recall, unexplained only "
             "| precision, unexplained only | status |")
    L.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for r in rules:
        s = stats[r]
        st = status(s)
        if st == "FAIL":
            st = "**FAIL**"
        L.append(f"| {r} | {s['hadolint_files']:,} | {s['hadolint_findings']:,} | {s['dockwright_files']:,} "
                 f"| {s['dockwright_findings']:,} | {s['matched']:,} | {fmt_pct(s['recall'])} "
                 f"| {fmt_pct(s['precision'])} | {s['explained_miss']:,} | {s['explained_extra']:,} "
                 f"| {fmt_pct(s['adj_recall'])} | {fmt_pct(s['adj_precision'])} | {st} |")
    L.append(f"| **all** ({len(rules)}) | | {T['hadolint_findings']:,} | | {T['dockwright_findings']:,} "
             f"| {T['matched']:,} | {fmt_pct(T['recall'])} | {fmt_pct(T['precision'])} "
             f"| {T['explained_misses']:,} | {T['explained_extras']:,} | {fmt_pct(T['adj_recall'])} "
             f"| {fmt_pct(T['adj_precision'])} | |")
    L.append("")
    collapsed = [(r, stats[r]) for r in rules if stats[r]["dockwright_raw_findings"] != stats[r]["dockwright_findings"]]
    if collapsed:
        L.append("Several dockwright findings on one instruction, counted once above: "
                 + "; ".join(f"{r}: {s['dockwright_raw_findings']:,} findings on {s['dockwright_findings']:,} "
                             f"instructions" for r, s in collapsed) + ".")
        L.append("")
    L.append(f"Status: *pass* both directions ≥ {THRESHOLD:.0f} %; *explained* under it, but ≥ "
             f"{THRESHOLD:.0f} % in both directions once the disagreements explained in the "
             "hand-written section are left out; *FAIL* neither; *not implemented?* dockwright "
             "reported nothing for the rule; *no findings* neither tool reported it.")
    L.append("")

    L.append("## Reasons")
    L.append("")
    L.append("Each reason is a test in `tests/parity/reasons/` that recognises one kind of "
             "disagreement, and a heading of the hand-written section below that explains it "
             "with a minimal Dockerfile.")
    L.append("")
    L.append("| reason | side | rules | explains | see |")
    L.append("| --- | --- | --- | ---: | --- |")
    used = collections.Counter()
    for r in rules:
        used.update(stats[r]["by_reason"])
    for rs in reasons.REASONS:
        if rs.rules is not None and not rs.rules & set(rules):
            continue
        side = "only hadolint" if rs.side == reasons.MISS else "only dockwright"
        rl = "any" if rs.rules is None else ", ".join(sorted(rs.rules))
        L.append(f"| `{rs.id}`: {rs.summary} | {side} | {rl} | {used[rs.id]:,} | {rs.heading} |")
    L.append("")

    L.append("## Files hadolint cannot parse")
    L.append("")
    L.append(f"- hadolint reports **{extra['hl_parse_fail']:,}** files as `DL1000` (cannot parse); they are "
             "left out of the numbers above.")
    L.append(f"- dockwright lints all of them: **{extra['hl_fail_findings']:,} findings** on "
             f"{extra['hl_fail_files_with_findings']:,} of these files. {extra['hl_fail_dw_ok']:,} have no syntax "
             f"error for dockwright (no `DL1000`); on {extra['hl_fail_dw_fail']:,} BuildKit fails too, and "
             f"dockwright reports `DL1000` at the line BuildKit refuses and still checks the rest of the file "
             f"({extra['hl_fail_dw_fail_findings']:,} of the findings are on those).")
    if extra["hl_fail_dw_ok_reasons"]:
        L.append("- what hadolint says about the files dockwright lints fully (the gist of its message, "
                 "most frequent first):")
        for msg, n, f in extra["hl_fail_dw_ok_reasons"]:
            L.append(f"  - {n:,} × {code_span(msg)}, e.g. `{rel(f)}`")
    L.append(f"- the other way round, dockwright reports `DL1000` on {extra['dw_fail_hl_ok']:,} files that "
             "hadolint parses (these stay in the numbers above)" + (":" if extra["dw_fail_hl_ok_examples"] else "."))
    for f, line, msg in extra["dw_fail_hl_ok_examples"]:
        L.append(f"  - `{rel(f)}:{line}` {msg}")
    if extra["hl_error"] or extra["dw_error"]:
        L.append(f"- tool failures (left out): hadolint on {len(extra['hl_error'])} files, dockwright on "
                 f"{len(extra['dw_error'])} files" +
                 (": " + ", ".join(f"`{rel(f)}`" for f in (extra["hl_error"] + extra["dw_error"])[:10])))
    L.append("")

    L.append("## Disagreements, by rule")
    L.append("")
    L.append(f"Per rule and direction: how many disagreements each reason explains, then up to {examples} "
             "of those no reason explains (and one example per reason), as `file:line` (the "
             "instruction's first line) and the instruction's text (first 120 characters).")
    L.append("")
    any_ex = False
    missing = [r for r in rules if status(stats[r]) == "not implemented?"]
    if missing:
        L.append("Not shown: the rules dockwright reported nothing for (" + ", ".join(missing) + "); "
                 "`--rules CODE` shows hadolint's findings for one of them.")
        L.append("")

    def example(r, s, key, side):
        f, line = key
        text = code_span(instruction_text(f, imaps[f], line))
        if side == reasons.MISS:
            return f"`{rel(f)}:{line}` {text}"
        exact = s["d_lines"].get(key, line)
        at = f" (reported at line {exact})" if exact != line else ""
        msg = " ".join(s["d_msgs"].get(key, "").split())
        msg = (msg[:100] + "…") if len(msg) > 100 else msg
        return f"`{rel(f)}:{line}`{at} {text}" + (f" — {msg}" if msg else "")

    for r in rules:
        s = stats[r]
        only_h = s["H"] - s["D"]
        only_d = s["D"] - s["H"]
        if (not only_h and not only_d) or (r in missing and len(rules) > 1):
            continue
        any_ex = True
        L.append(f"### {r}")
        L.append("")
        for side, keys, title in ((reasons.MISS, only_h, "Only hadolint"), (reasons.EXTRA, only_d, "Only dockwright")):
            if not keys:
                continue
            by = collections.Counter(s["why"][k] for k in keys if s["why"].get(k))
            unexplained = {k for k in keys if not s["why"].get(k)}
            head = f"{title} ({len(keys):,}): "
            if by:
                ranked = sorted(by.items(), key=lambda kv: (-kv[1], kv[0]))  # stable across runs
                head += "explained " + ", ".join(f"`{rid}` × {n:,}" for rid, n in ranked)
                head += f"; **unexplained {len(unexplained):,}**" if unexplained else "; none unexplained"
            else:
                head += f"**unexplained {len(unexplained):,}**"
            L.append(head + ("." if not unexplained else ":"))
            L.append("")
            for key in pick_examples(unexplained, examples):
                L.append(f"- {example(r, s, key, side)}")
            for rid, _ in sorted(by.items()):
                key = pick_examples({k for k in keys if s["why"].get(k) == rid}, 1)[0]
                L.append(f"- `{rid}`: {example(r, s, key, side)}")
            L.append("")
    if not any_ex:
        L.append("None.")
        L.append("")
    return "\n".join(L)


def json_report(meta, stats, rules, documented, extra, rel):
    keep = ("hadolint_files", "hadolint_findings", "dockwright_files", "dockwright_findings",
            "dockwright_raw_findings", "matched", "recall", "precision", "pass",
            "explained_miss", "explained_extra", "adj_recall", "adj_precision", "explained_pass")
    out = {"meta": meta, "rules": {}, "parse_errors": {
        "hadolint_dl1000_files": extra["hl_parse_fail"],
        "of_which_dockwright_lints_fully": extra["hl_fail_dw_ok"],
        "dockwright_findings_on_them": extra["hl_fail_findings"],
        "dockwright_dl1000_on_hadolint_parsed": extra["dw_fail_hl_ok"],
        "hadolint_failed": len(extra["hl_error"]),
        "dockwright_failed": len(extra["dw_error"]),
    }}
    for r in rules:
        s = stats[r]
        d = {k: s.get(k) for k in keep}
        d["status"] = status(s)
        d["by_reason"] = dict(s["by_reason"])
        d["only_hadolint"] = [{"at": f"{rel(f)}:{line}", "reason": s["why"].get((f, line))}
                              for f, line in sorted(s["H"] - s["D"])]
        d["only_dockwright"] = [{"at": f"{rel(f)}:{line}", "reason": s["why"].get((f, line)),
                                 "message": s["d_msgs"].get((f, line), "")}
                                for f, line in sorted(s["D"] - s["H"])]
        out["rules"][r] = d
    out["totals"] = totals(stats, rules)
    out["thresholds"] = {"rule": THRESHOLD, "overall_recall": OVERALL}
    return out


# --------------------------------------------------------------------------- self-test


def self_test(binary=None):
    """The matching logic on hand-made cases; with `binary`, also the instruction
    ranges it gives and every reason's examples (which need it)."""
    ok = True

    def check(name, got, want):
        nonlocal ok
        if got != want:
            ok = False
            print(f"FAIL {name}: got {got!r}, want {want!r}")
        else:
            print(f"ok   {name}")

    # FROM alpine            1
    # RUN <<EOF              2..5 (heredoc body 3-4, EOF on 5)
    # RUN echo a \           6..8 (comment line 7 inside the continuation)
    # # c                    7
    #   && cd /b             8
    # (blank)                9
    # FROM x                 10
    m = InstructionMap([(1, 1, "FROM alpine"), (2, 5, "RUN <<EOF"), (6, 8, "RUN echo a && cd /b"), (10, 10, "FROM x")])
    check("line in heredoc body maps to the RUN", m.start(3), 2)
    check("heredoc terminator maps to the RUN", m.start(5), 2)
    check("continuation line maps to its start", m.start(8), 6)
    check("comment inside continuation maps to its start", m.start(7), 6)
    check("blank line between instructions maps to itself", m.start(9), 9)
    check("line after the last instruction maps to itself", m.start(42), 42)
    check("start line maps to itself", m.start(10), 10)
    check("no instructions: identity", InstructionMap(None).start(3), 3)

    f, g, p = "a.Dockerfile", "b.Dockerfile", "bad.Dockerfile"
    hl = {
        f: [("DL3003", 2, 1, "warning", "Use WORKDIR"), ("DL3006", 1, 1, "warning", "tag"),
            ("DL3006", 10, 1, "warning", "tag"), ("SC2086", 6, 1, "info", "quote")],
        g: [("DL3003", 1, 1, "warning", "Use WORKDIR")],
    }
    dw = {
        # two `cd` in the heredoc (lines 3 and 4): one finding on instruction 2; one in the
        # continuation (line 8) that hadolint missed; DL3006 only on line 1.
        f: [("DL3003", 3, "cd"), ("DL3003", 4, "cd"), ("DL3003", 8, "cd"), ("DL3006", 1, "untagged"),
            ("SC2086", 6, "x")],
        g: [],
    }
    imaps = {f: m, g: InstructionMap([(1, 1, "RUN cd /x")])}
    st = compare(["DL3003", "DL3006", "DL3007"], hl, dw, imaps, [f, g])
    s = st["DL3003"]
    check("DL3003 hadolint findings", s["hadolint_findings"], 2)
    check("DL3003 dockwright findings collapse per instruction", (s["dockwright_findings"], s["dockwright_raw_findings"]), (2, 3))
    check("DL3003 matched", s["matched"], 1)
    check("DL3003 only-hadolint", s["H"] - s["D"], {(g, 1)})
    check("DL3003 only-dockwright", s["D"] - s["H"], {(f, 6)})
    check("DL3003 files", (s["hadolint_files"], s["dockwright_files"]), (2, 1))
    check("DL3003 recall/precision", (s["recall"], s["precision"]), (50.0, 50.0))
    check("DL3003 fails", s["pass"], False)
    account(st, ["DL3003", "DL3006", "DL3007"], imaps)
    check("DL3003 every disagreement has a verdict", sorted(st["DL3003"]["why"]), [(f, 6), (g, 1)])
    s = st["DL3006"]
    check("DL3006 recall/precision", (s["recall"], s["precision"]), (50.0, 100.0))
    s = st["DL3007"]
    check("DL3007 nothing to compare", (s["recall"], s["precision"], s["pass"], status(s)), (None, None, True, "no findings"))
    check("not implemented status", status(compare(["DL3006"], hl, {f: [], g: []}, imaps, [f, g])["DL3006"]), "not implemented?")
    # adjusted numbers: one explained miss out of 2 hadolint findings, 1 matched
    s = dict(st["DL3003"], explained_miss=1, explained_extra=0)
    s.update(adj_recall=pct(1, 2 - 1), adj_precision=pct(1, 2))
    s["explained_pass"] = passes(s, adjusted=True)
    check("adjusted recall", s["adj_recall"], 100.0)
    check("still FAIL while precision stays at 50 %", status(s), "FAIL")
    s.update(adj_precision=100.0, explained_pass=True)
    check("explained status", status(s), "explained")
    tot = totals({"A": dict(hadolint_findings=100, dockwright_findings=90, matched=80, explained_miss=15,
                            explained_extra=5)}, ["A"])
    check("totals", (tot["adj_recall"], tot["adj_precision"], tot["unexplained_misses"], tot["unexplained_extras"]),
          (pct(80, 85), pct(80, 85), 5, 5))

    # DL1000 files are left out: a file hadolint cannot parse contributes nothing.
    hl[p] = [("DL1000", 3, 1, "error", "unexpected")]
    dw[p] = [("DL3006", 1, "untagged")]
    imaps[p] = InstructionMap([(1, 1, "FROM a")])
    split = classify_files([f, g, p], hl, dw)
    check("classify: compared", split["compared"], [f, g])
    check("classify: hadolint cannot parse", split["hl_parse_fail"], [p])
    check("classify: dockwright lints it fully", split["hl_fail_dw_ok"], [p])

    check("pick_examples: one per file first", [k[0] for k in pick_examples({(f, 1), (f, 2), (g, 1)}, 2)].count(f), 1)
    check("pick_examples: stable", pick_examples({(f, 1), (f, 2), (g, 1)}, 3), pick_examples({(g, 1), (f, 2), (f, 1)}, 3))

    check("documented_rules", documented_rules(f"{MARKER}\n## Why\n### DL3006: ARG images\ntext DL3007\n###DL3003 x\n"), ["DL3006"])
    check("documented_rules lists", documented_rules(f"{MARKER}\n### DL3014, DL3015: apt\n### x DL3016\n"), ["DL3014", "DL3015"])
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "parity.md")
        with open(path, "w") as fh:
            fh.write("# old\nold numbers\n" + MARKER + "\n## Why we differ on purpose\n### DL3006: kept\n")
        gen, hand = split_existing(path)
        check("split_existing keeps the hand-written part", hand, MARKER + "\n## Why we differ on purpose\n### DL3006: kept\n")
        check("split_existing: generated part", gen, "# old\nold numbers\n")
        check("split_existing: no file gives the stub", split_existing(os.path.join(d, "none.md"))[1], HAND_STUB)
    check("code_span with backtick", code_span("RUN echo `date`"), "`` RUN echo `date` ``")
    check("code_span collapses whitespace", code_span("RUN a \n   b"), "`RUN a b`")

    # End to end with the dockwright binary, when there is one: the instruction ranges of a
    # valid file and of one BuildKit refuses (an unterminated heredoc).
    if binary and os.path.exists(binary):
        with tempfile.TemporaryDirectory() as d:
            good, bad = os.path.join(d, "good.Dockerfile"), os.path.join(d, "bad.Dockerfile")
            with open(good, "w") as fh:
                fh.write("FROM alpine\nRUN <<EOF\ncd /x\nEOF\nRUN echo a \\\n# c\n  && cd /b\n\nFROM x\n")
            with open(bad, "w") as fh:
                fh.write("FROM alpine\nRUN echo a \\\n  && cd /b\nRUN <<EOF\necho\n")
            got = run_dockwright_parse(binary, [good, bad], 1)
            check("e2e: BuildKit ranges", [i[:2] for i in got[good]], [(1, 1), (2, 4), (5, 7), (9, 9)])
            check("e2e: recovering parser's ranges for a refused file", [i[:2] for i in (got[bad] or [])],
                  [(1, 1), (2, 3), (4, 5)])
        n = sum(len(r.examples) for r in reasons.REASONS)
        bad_examples = reasons.check_examples(lambda path: run_dockwright_parse(binary, [path], 1)[path],
                                              lambda path: run_dockwright_lint(binary, [path], 1)[path])
        for rid, rule, line, want, got in bad_examples:
            check(f"reason {rid} on its {rule} example at line {line}", got, want)
        check(f"every reason has an example that it explains ({n} examples)",
              [r.id for r in reasons.REASONS if not any(e[3] for e in r.examples)], [])
        if not bad_examples:
            print(f"ok   the {n} examples of the {len(reasons.REASONS)} reasons")
    else:
        print("skip e2e and the reasons' examples: no dockwright binary (--no-build)")
    print("self-test " + ("passed" if ok else "FAILED"))
    return 0 if ok else 1


def first_parse_errors(files, dw):
    """(file, line, message) of dockwright's first DL1000 in each file."""
    out = []
    for f in files:
        for x in dw[f]:
            if x[0] == PARSE_ERROR:
                out.append((f, x[1], " ".join(x[2].split())))
                break
    return out


def parse_error_reasons(files, hl, top=6):
    """[(gist of hadolint's DL1000 message, count, an example file)], most frequent first."""
    counts, example = collections.Counter(), {}
    for f in files:
        for x in hl[f]:
            if x[0] == PARSE_ERROR:
                lines = (x[-1] or "").strip().splitlines() or ["(no message)"]
                msg = lines[0]
                if msg.startswith("unexpected") and len(lines) > 1:
                    # "unexpected 'R'" / "expecting ...": group on what hadolint expected
                    msg = re.sub(r"'.'", "'…'", msg) + " / " + lines[1][:60]
                counts[msg] += 1
                example.setdefault(msg, f)
                break
    return [(m, n, example[m]) for m, n in counts.most_common(top)]


def classify_files(files, hl, dw):
    out = {"compared": [], "hl_parse_fail": [], "hl_fail_dw_ok": [], "hl_fail_dw_fail": [],
           "dw_fail_hl_ok": [], "hl_error": [], "dw_error": []}
    for f in files:
        h, d = hl.get(f), dw.get(f)
        if h is None:
            out["hl_error"].append(f)
            continue
        if d is None:
            out["dw_error"].append(f)
            continue
        dw_parse_fail = any(x[0] == PARSE_ERROR for x in d)
        if any(x[0] == PARSE_ERROR for x in h):
            out["hl_parse_fail"].append(f)
            (out["hl_fail_dw_fail"] if dw_parse_fail else out["hl_fail_dw_ok"]).append(f)
            continue
        if dw_parse_fail:
            out["dw_fail_hl_ok"].append(f)
        out["compared"].append(f)
    return out


# --------------------------------------------------------------------------- main


def main():
    global THRESHOLD, OVERALL
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=os.path.join(REPO, "..", "shared", "corpus", "real"),
                    help="directory of *.Dockerfile files (default ../shared/corpus/real)")
    ap.add_argument("--hadolint", help="hadolint binary (default $PEERS_DIR/venv/bin/hadolint, "
                    "PEERS_DIR defaulting to ~/.cache/dockwright-peers)")
    ap.add_argument("--dockwright", help="dockwright binary (default target/release/dockwright, "
                    "rebuilt when older than the sources)")
    ap.add_argument("--no-build", action="store_true", help="never run cargo build")
    ap.add_argument("--rules", help="comma-separated rule codes (default: `dockwright rules`, or the DL "
                    "codes dockwright reports plus those of issue 3)")
    ap.add_argument("--limit", type=int, help="only the first N files (sorted by name)")
    ap.add_argument("--examples", type=int, default=5, help="examples of each disagreement kind per rule (5)")
    ap.add_argument("--cache-dir", default=os.path.join(REPO, "target", "parity-cache", "hadolint"))
    ap.add_argument("--no-cache", action="store_true", help="run hadolint on every file, write no cache")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes in parallel")
    ap.add_argument("--write", metavar="MD", help="write the report as Markdown (keeps the hand-written part)")
    ap.add_argument("--json", metavar="OUT", help="write per-rule numbers as JSON")
    ap.add_argument("--check", action="store_true",
                    help="exit 1 when a rule is under --threshold in a direction once the explained "
                         "disagreements are left out, when recall so computed is under --overall, or when a "
                         "reason points at a heading docs/parity.md does not have")
    ap.add_argument("--threshold", type=float, default=THRESHOLD,
                    help="per-rule agreement required in both directions, in %% (default %(default)s)")
    ap.add_argument("--overall", type=float, default=OVERALL,
                    help="overall recall required once explained misses are left out, in %% (default %(default)s)")
    ap.add_argument("--config", metavar="YAML",
                    help="a hadolint configuration file given to both tools (`--config`), e.g. "
                         "tests/parity/config.yaml for the rules that need one; hadolint's results under it "
                         "are cached apart")
    ap.add_argument("--dump", metavar="JSONL",
                    help="write every disagreement (rule, side, file, line, reason, message, text) as JSON lines")
    ap.add_argument("--quiet", action="store_true", help="print only the table, not the examples")
    ap.add_argument("--self-test", action="store_true", help="test the matching logic and exit")
    args = ap.parse_args()

    THRESHOLD, OVERALL = args.threshold, args.overall
    if args.self_test:
        binary = None
        default = os.path.join(REPO, "target", "release", "dockwright")
        if args.dockwright or not args.no_build or os.path.exists(default):
            # The reasons' examples run through the binary: build it when needed.
            binary, _ = ensure_dockwright(args.dockwright or default, bool(args.dockwright), not args.no_build)
        return self_test(binary)

    t0 = time.time()
    corpus = os.path.abspath(args.corpus)
    files = list_corpus(corpus, args.limit)
    if not files:
        sys.exit(f"parity: no *.Dockerfile under {corpus}")

    def rel(f):
        return os.path.relpath(f, corpus)

    peers = os.environ.get("PEERS_DIR") or os.path.expanduser("~/.cache/dockwright-peers")
    hl_bin = args.hadolint or os.path.join(peers, "venv", "bin", "hadolint")
    if not os.path.exists(hl_bin):
        sys.exit(f"parity: no hadolint at {hl_bin} (bash ../shared/peers/setup.sh installs it)")
    t = time.time()
    dw_bin, dw_note = ensure_dockwright(args.dockwright or os.path.join(REPO, "target", "release", "dockwright"),
                               bool(args.dockwright), not args.no_build)

    hl_ver = hadolint_version(hl_bin)
    build_seconds = time.time() - t
    dw_ver = dockwright_version(dw_bin)
    if dw_note:
        dw_ver += f" [{dw_note}]"
    hashes = {f: content_hash(f) for f in files}
    config = os.path.abspath(args.config) if args.config else None
    config_hash = content_hash(config) if config else None
    cache = HadolintCache(args.cache_dir, hl_ver, not args.no_cache, config_hash)
    cached = sum(1 for f in files if hashes[f] in cache.entries) if cache.enabled else 0

    t = time.time()
    dw = run_dockwright_lint(dw_bin, files, args.jobs, config=config)
    parsed = run_dockwright_parse(dw_bin, files, args.jobs)
    log(f"dockwright: linted and parsed {len(files)} files in {time.time() - t:.1f} s")
    t = time.time()
    hl = run_hadolint(hl_bin, files, hashes, cache, args.jobs, config=config)
    log(f"hadolint: {len(files)} files in {time.time() - t:.1f} s ({cached} from the cache)")
    imaps = {f: InstructionMap(parsed.get(f)) for f in files}

    if args.rules:
        rules = sorted({r.strip().upper() for r in args.rules.split(",") if r.strip()})
        bad = [r for r in rules if not DL_CODE.match(r)]
        if bad:
            sys.exit(f"parity: not DL rule codes: {', '.join(bad)}")
    else:
        rules = dockwright_rule_codes(dw_bin)
        if rules is None:
            reported = {x[0] for v in dw.values() if v for x in v}
            rules = sorted({r for r in reported | set(ISSUE3_RULES) if DL_CODE.match(r)} - {PARSE_ERROR})

    split = classify_files(files, hl, dw)
    stats = compare(rules, hl, dw, imaps, split["compared"])
    account(stats, rules, imaps)

    gen_old, hand = split_existing(args.write) if args.write else ("", "")
    # The explanations live in the hand-written part of docs/parity.md, whichever report
    # is written (or the one being written, when that is docs/parity.md itself).
    main_doc = os.path.join(REPO, "docs", "parity.md")
    if args.write and os.path.abspath(args.write) == os.path.abspath(main_doc):
        explanations = hand
    else:
        explanations = split_existing(main_doc)[1] if os.path.exists(main_doc) else ""
    if not args.write:
        hand = explanations
    documented = set(documented_rules(explanations))

    meta = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "hadolint_version": hl_ver,
        "dockwright_version": dw_ver,
        "corpus": os.path.relpath(corpus, REPO) if corpus.startswith(os.path.dirname(REPO)) else corpus,
        "config": os.path.relpath(config, REPO) if config else None,
        "limit": args.limit,
        "files_total": len(files),
        "files_compared": len(split["compared"]),
        "hadolint_cached": cached,
        "run_seconds": time.time() - t0,
        "build_seconds": build_seconds,
        "rules": rules,
    }
    extra = {
        "hl_parse_fail": len(split["hl_parse_fail"]),
        "hl_fail_dw_ok": len(split["hl_fail_dw_ok"]),
        "hl_fail_dw_fail": len(split["hl_fail_dw_fail"]),
        # What dockwright reports besides DL1000 on the files hadolint cannot parse.
        "hl_fail_findings": sum(1 for f in split["hl_parse_fail"] for x in dw[f] if x[0] != PARSE_ERROR),
        "hl_fail_dw_fail_findings": sum(1 for f in split["hl_fail_dw_fail"] for x in dw[f] if x[0] != PARSE_ERROR),
        "hl_fail_files_with_findings": sum(1 for f in split["hl_parse_fail"]
                                           if any(x[0] != PARSE_ERROR for x in dw[f])),
        "dw_fail_hl_ok": len(split["dw_fail_hl_ok"]),
        "dw_fail_hl_ok_examples": first_parse_errors(split["dw_fail_hl_ok"][:20], dw),
        "hl_fail_dw_ok_reasons": parse_error_reasons(split["hl_fail_dw_ok"], hl),
        "hl_error": split["hl_error"],
        "dw_error": split["dw_error"],
    }
    report = render(meta, stats, rules, documented, args.examples, rel, imaps, extra)
    if args.quiet:
        print(report.split("\n## Disagreements, by rule")[0].rstrip())
    else:
        print(report)

    if args.write:
        with open(args.write, "w") as fh:
            fh.write(report.rstrip("\n") + "\n\n" + hand.lstrip("\n"))
        log(f"parity: wrote {args.write}")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(json_report(meta, stats, rules, documented, extra, rel), fh, indent=2)
            fh.write("\n")
        log(f"parity: wrote {args.json}")

    log(f"parity: done in {time.time() - t0:.1f} s")
    if args.dump:
        with open(args.dump, "w") as fh:
            for r in rules:
                st = stats[r]
                for side, keys in ((reasons.MISS, st["H"] - st["D"]), (reasons.EXTRA, st["D"] - st["H"])):
                    for f, line in sorted(keys):
                        i = imaps[f].find(line)
                        ctx = reasons.FileContext(f, imaps[f].instructions)
                        fh.write(json.dumps({
                            "rule": r, "side": side, "file": rel(f), "line": line,
                            "reason": st["why"].get((f, line)),
                            "message": (st["h_msgs"] if side == reasons.MISS else st["d_msgs"]).get((f, line), ""),
                            "spans": st["d_spans"].get((f, line), []),
                            "text": ctx.raw(line, i[1] if i else line)}) + "\n")
        log(f"parity: wrote {args.dump}")

    if args.check:
        failed = False
        T = totals(stats, rules)
        failing = [r for r in rules if status(stats[r]) == "FAIL"]
        explained = [r for r in rules if status(stats[r]) == "explained"]
        if explained:
            log(f"parity --check: under {THRESHOLD:g} % but explained: {', '.join(explained)}")
        if failing:
            log(f"parity --check: under {THRESHOLD:g} % even without the explained disagreements: "
                f"{', '.join(failing)}")
            failed = True
        headings = re.findall(r"^###\s+(.+?)\s*$", explanations or "", re.M)
        no_heading = [rs.id for rs in reasons.REASONS if not any(h.startswith(rs.heading) for h in headings)]
        if no_heading:
            log(f"parity --check: reasons whose heading is missing from the hand-written section: "
                f"{', '.join(no_heading)}")
            failed = True
        if T["adj_recall"] is not None and T["adj_recall"] < OVERALL:
            log(f"parity --check: overall recall {T['adj_recall']:.2f} % (unexplained misses left in) is under "
                f"{OVERALL:g} %")
            failed = True
        if failed:
            return 1
        log(f"parity --check: every rule passes or is explained; overall recall {fmt_pct(T['recall'])}, "
            f"{fmt_pct(T['adj_recall'])} leaving out {T['explained_misses']:,} explained misses")
    return 0


if __name__ == "__main__":
    sys.exit(main())
