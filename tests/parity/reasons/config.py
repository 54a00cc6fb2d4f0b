"""Reasons for the rules that need a configuration (`tests/parity/config.yaml`): DL3026
(trusted registries), the label rules DL3049-DL3056 and DL3058, DL3057 (HEALTHCHECK)."""

import re

from . import EXTRA, MISS, Reason

LABEL_VALUE_RULES = {"DL3051", "DL3052", "DL3053", "DL3054", "DL3055", "DL3056", "DL3058"}


def _label_value(case):
    """The value, as written, of the label hadolint's message names (`Label `k` ...`)."""
    m = re.search(r"[Ll]abel `([^`]+)`", case.message)
    if not m:
        return None
    key = re.escape(m.group(1))
    text = re.sub(r"\\\r?\n", " ", case.text)
    v = re.search(r"(?:^|\s)[\"']?" + key + r"[\"']?(?:=|\s+)(\"(?:[^\"\\]|\\.)*\"|'[^']*'|\S*)", text)
    return v.group(1) if v else None


def label_value_has_variable(case):
    value = _label_value(case)
    return value is not None and "$" in value


def label_in_intermediate_stage(case):
    """DL3049 on a stage other stages build on or copy from: not an image anyone runs."""
    st = case.ctx.stage_of(case.line)
    return st is not None and st["start"] == case.line and st["index"] != len(case.ctx.stages()) - 1 \
        and case.ctx.used_later(st)


def label_legacy_form(case):
    """`LABEL key "value"` (the old one-pair form without `=`): BuildKit removes the
    quotes like in `key="value"`; hadolint validates the value with its quotes."""
    m = re.search(r"[Ll]abel `([^`]+)`", case.message)
    if not m:
        return False
    return bool(re.match(r"^\s*LABEL\s+[\"']?" + re.escape(m.group(1)) + r"[\"']?\s+[\"']", case.original, re.I))


# Deprecated SPDX license identifiers (SPDX License List 3.27, "deprecated" column):
# still on the list, so a valid `spdx` value; hadolint's table lacks them.
SPDX_DEPRECATED = {
    "agpl-1.0", "agpl-3.0", "bsd-2-clause-freebsd", "bsd-2-clause-netbsd", "bzip2-1.0.5", "ecos-2.0",
    "gfdl-1.1", "gfdl-1.2", "gfdl-1.3", "gpl-1.0", "gpl-2.0", "gpl-2.0-with-autoconf-exception",
    "gpl-2.0-with-bison-exception", "gpl-2.0-with-classpath-exception", "gpl-2.0-with-font-exception",
    "gpl-2.0-with-gcc-exception", "gpl-3.0", "gpl-3.0-with-autoconf-exception", "gpl-3.0-with-gcc-exception",
    "lgpl-2.0", "lgpl-2.1", "lgpl-3.0", "net-snmp", "nunit", "standardml-nj", "wxwindows",
}


def spdx_deprecated(case):
    value = _label_value(case)
    if value is None:
        return False
    ids = re.findall(r"[A-Za-z0-9.+-]+", value.strip("\"'"))
    ids = [i.rstrip("+").lower() for i in ids if i.upper() not in ("AND", "OR", "WITH")]
    return any(i in SPDX_DEPRECATED for i in ids)


def not_final_stage(case):
    st = case.ctx.stage_of(case.line)
    return st is not None and st["index"] != len(case.ctx.stages()) - 1


def from_through_variable(case):
    return case.keyword == "FROM" and "$" in case.original


REASONS = [
    Reason(
        "label-value-unexpanded", LABEL_VALUE_RULES, MISS, "DL3051, DL3052",
        "hadolint validates a label value with a variable as written (`$BUILD_DATE` is no date); "
        "its value is only known at build time",
        label_value_has_variable,
        examples=[
            ("DL3053", "FROM alpine:3.20\nARG BUILD_DATE\nLABEL org.label-schema.build-date=$BUILD_DATE\n", 3, True,
             "Label `org.label-schema.build-date` is not a valid time format - must conform to RFC3339."),
            ("DL3053", "FROM alpine:3.20\nLABEL org.label-schema.build-date=yesterday\n", 2, False,
             "Label `org.label-schema.build-date` is not a valid time format - must conform to RFC3339."),
        ],
    ),
    Reason(
        "label-intermediate-stage", {"DL3049"}, MISS, "DL3049",
        "hadolint wants the labels on every stage; a stage that other stages build on or copy from "
        "is not an image anyone ships",
        label_in_intermediate_stage,
        examples=[
            ("DL3049", "FROM golang:1.22 AS build\nRUN go build\nFROM alpine:3.20\nCOPY --from=build /a /a\n"
             "LABEL maintainer=a@b.c\n", 1, True, "Label `maintainer` is missing."),
            ("DL3049", "FROM golang:1.22 AS build\nRUN go build\nFROM alpine:3.20\nLABEL maintainer=a@b.c\n",
             3, False, "Label `maintainer` is missing."),
        ],
    ),
    Reason(
        "label-legacy-form", LABEL_VALUE_RULES, MISS, "DL3051, DL3052",
        "`LABEL key \"value\"` (no `=`): BuildKit removes the quotes, hadolint validates them",
        label_legacy_form,
        examples=[
            ("DL3058", 'FROM alpine:3.20\nLABEL maintainer "jane@example.com"\n', 2, True,
             "Label `maintainer` is not a valid email format - must conform to RFC5322."),
            ("DL3058", 'FROM alpine:3.20\nLABEL maintainer "Jane <jane@example.com>"\n', 2, True,
             "Label `maintainer` is not a valid email format - must conform to RFC5322."),
            ("DL3058", "FROM alpine:3.20\nLABEL maintainer=jane\n", 2, False,
             "Label `maintainer` is not a valid email format - must conform to RFC5322."),
        ],
    ),
    Reason(
        "spdx-deprecated-id", {"DL3054"}, MISS, "DL3054",
        "a deprecated SPDX identifier (`GPL-2.0`) is still on the SPDX License List; hadolint's "
        "table lacks the deprecated ones",
        spdx_deprecated,
        examples=[
            ("DL3054", 'FROM alpine:3.20\nLABEL org.opencontainers.image.licenses="GPL-2.0"\n', 2, True,
             "Label `org.opencontainers.image.licenses` is not a valid SPDX identifier."),
            ("DL3054", 'FROM alpine:3.20\nLABEL org.opencontainers.image.licenses="GPL2"\n', 2, False,
             "Label `org.opencontainers.image.licenses` is not a valid SPDX identifier."),
        ],
    ),
    Reason(
        "label-value-from-arg", {"DL3051"}, EXTRA, "DL3051, DL3052",
        "the value is an ARG whose default is empty (`ARG BUILD_DATE=\"\"`): empty unless a build "
        "argument is passed; hadolint does not expand variables",
        lambda case: "$" in case.original,
        examples=[
            ("DL3051", 'FROM alpine:3.20\nARG BUILD_DATE=""\nLABEL org.opencontainers.image.created="$BUILD_DATE"\n',
             3, True),
        ],
    ),
    Reason(
        "healthcheck-build-stage", {"DL3057"}, MISS, "DL3057",
        "hadolint wants a HEALTHCHECK in every stage; only the final image runs",
        not_final_stage,
        examples=[
            ("DL3057", "FROM golang:1.22 AS build\nRUN go build\nFROM alpine:3.20\nCOPY --from=build /a /a\n",
             1, True),
            ("DL3057", "FROM golang:1.22 AS build\nRUN go build\nFROM alpine:3.20\nCOPY --from=build /a /a\n",
             3, False),
        ],
    ),
    Reason(
        "registry-through-variable", {"DL3026"}, EXTRA, "DL3026",
        "the image comes from a variable whose value names an untrusted registry; hadolint does not "
        "expand it",
        from_through_variable,
        examples=[
            ("DL3026", "ARG BASE=quay.io/org/app:1\nFROM $BASE\n", 2, True),
        ],
    ),
]
