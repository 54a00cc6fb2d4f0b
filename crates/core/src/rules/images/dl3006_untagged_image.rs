use crate::rules::{Rule, RuleContext, RuleMeta};

crate::declare_rule! {
    /// ## What it does
    /// Reports a `FROM` whose image has neither a tag nor a digest.
    ///
    /// ## Why
    /// Without a tag the build takes `latest`, whatever it is that day: builds stop
    /// being reproducible and break when the image changes. Variables are expanded
    /// first, so `ARG BASE=debian:12` + `FROM ${BASE}` is pinned and `ARG BASE=debian`
    /// + `FROM ${BASE}` is not; a base that depends on a variable with no known value
    /// is not judged. A base that is an earlier stage needs no tag, also when it is
    /// named through a variable (`FROM build-${VARIANT}`) or in another letter case
    /// (BuildKit compares stage names without regard to case); neither does `scratch`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// ```
    ///
    /// ```dockerfile
    /// ARG BASE=debian:12
    /// FROM ${BASE}
    /// ```
    ///
    /// ## Fix
    /// Name the tag (or digest) you build against.
    pub struct UntaggedImage {
        code: "DL3006",
        name: "untagged-image",
        category: Correctness,
        severity: Warning,
        fix: None,
    }
}

impl Rule for UntaggedImage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        for stage in model.stages() {
            let base = &stage.base;
            if base.stage.is_some() || base.scratch || !base.expanded.resolved {
                continue;
            }
            let Some(image) = &base.image else { continue };
            if image.tag.is_none() && image.digest.is_none() && !image.repository.is_empty() {
                let span = image.span;
                ctx.report(
                    span,
                    format!(
                        "Always tag the version of an image explicitly: `{}` has no tag",
                        base.expanded.value
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::codes;

    #[test]
    fn untagged_images_are_reported() {
        assert_eq!(codes("FROM debian\n", "DL3006"), vec![1]);
        assert_eq!(codes("FROM ghcr.io/org/app AS x\n", "DL3006"), vec![1]);
        assert_eq!(codes("ARG B=debian\nFROM $B\n", "DL3006"), vec![2]);
        assert_eq!(
            codes("ARG P=mirror.gcr.io/library/\nFROM ${P}busybox\n", "DL3006"),
            vec![2]
        );
        assert_eq!(
            codes(
                "FROM golang:1.22 AS build\nFROM node AS unit-test\nFROM alpine:3.20\n",
                "DL3006"
            ),
            vec![2]
        );
    }

    #[test]
    fn tags_digests_stages_scratch_and_unknown_variables_are_fine() {
        for src in [
            "FROM debian:12\n",
            "FROM debian@sha256:0123\n",
            "FROM scratch\n",
            "FROM debian:12 AS base\nFROM base\n",
            "ARG BASE=debian:12\nFROM ${BASE}\n",
            "ARG BASE\nFROM ${BASE}\n",
            "FROM localhost:5000/app:1\n",
            "FROM golang:1.22 AS build\nFROM build as unit-test\nFROM alpine:3.7\n",
            "FROM debian:12 AS Base\nFROM base\n",
            "ARG V=prod\nFROM a:1 AS build-prod\nFROM build-${V}\n",
            "ARG TARGETARCH\nFROM a:1 AS base-amd64\nFROM base-$TARGETARCH\n",
        ] {
            assert!(codes(src, "DL3006").is_empty(), "{src}");
        }
    }

    #[test]
    fn flags_registries_and_stage_references() {
        assert_eq!(
            codes("FROM --platform=$BUILDPLATFORM golang AS b\n", "DL3006"),
            vec![1]
        );
        assert_eq!(codes("FROM localhost:5000/app\n", "DL3006"), vec![1]);
        // A stage name defined only later is an image name, and untagged.
        assert_eq!(
            codes("FROM base\nFROM debian:12 AS base\n", "DL3006"),
            vec![1]
        );
        // A build argument without default may name any image: not judged.
        assert_eq!(
            codes("ARG B\nFROM ${B:-debian}\n", "DL3006"),
            Vec::<usize>::new()
        );
    }
}
