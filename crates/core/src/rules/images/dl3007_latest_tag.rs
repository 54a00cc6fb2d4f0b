use crate::rules::{Rule, RuleContext, RuleMeta};

crate::declare_rule! {
    /// ## What it does
    /// Reports a `FROM` that uses the `latest` tag (after expanding variables).
    ///
    /// ## Why
    /// `latest` moves: the same Dockerfile builds a different image next week, and a
    /// new major version can break the build without any change on your side.
    /// Variables are expanded first (`ARG TAG=latest` then `FROM node:${TAG}` is
    /// reported). A digest pins the image whatever the tag says, so
    /// `node:latest@sha256:...` is not reported.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:latest
    /// ```
    ///
    /// ```dockerfile
    /// ARG TAG=latest
    /// FROM node:${TAG}
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22-bookworm
    /// ```
    ///
    /// ## Fix
    /// Pin a release tag, or a digest.
    pub struct LatestTag {
        code: "DL3007",
        name: "latest-tag",
        category: Correctness,
        severity: Warning,
        fix: None,
    }
}

impl Rule for LatestTag {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        for stage in model.stages() {
            let Some(image) = &stage.base.image else {
                continue;
            };
            // A digest pins the image whatever the tag says.
            if image.digest.is_none() && image.tag.as_deref() == Some("latest") {
                let span = image.tag_span.unwrap_or(image.span);
                ctx.report(
                    span,
                    "Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::codes;

    #[test]
    fn latest_is_reported_also_through_variables() {
        assert_eq!(codes("FROM debian:latest\n", "DL3007"), vec![1]);
        assert_eq!(codes("ARG T=latest\nFROM debian:$T\n", "DL3007"), vec![2]);
    }

    #[test]
    fn pinned_or_digest_is_fine() {
        assert!(codes("FROM debian:12\n", "DL3007").is_empty());
        assert!(codes("FROM debian:latest@sha256:0123\n", "DL3007").is_empty());
        assert!(codes("FROM debian\n", "DL3007").is_empty());
    }

    #[test]
    fn registries_stages_flags_and_variables() {
        for src in [
            "FROM ghcr.io/org/app:latest AS app\n",
            "FROM localhost:5000/app:latest\n",
            "FROM --platform=linux/amd64 debian:latest\n",
            "ARG IMG=debian:latest\nFROM $IMG\n",
            "ARG T\nFROM debian:${T:-latest}\n",
        ] {
            let n = src.lines().count();
            assert_eq!(codes(src, "DL3007"), vec![n], "{src}");
        }
        // Only the stage that uses latest.
        assert_eq!(
            codes(
                "FROM golang:1.22 AS b\nFROM alpine:latest\nFROM b\n",
                "DL3007"
            ),
            vec![2]
        );
        for src in [
            // A port is not a tag.
            "FROM localhost:5000/latest\n",
            // Tags are case-sensitive: `Latest` is another tag.
            "FROM debian:Latest\n",
            "FROM debian:latest-slim\n",
            "ARG T\nFROM debian:$T\n",
            "ARG T=12\nFROM debian:${T}\n",
            // A stage named latest.
            "FROM debian:12 AS latest\nFROM latest\n",
        ] {
            assert!(codes(src, "DL3007").is_empty(), "{src}");
        }
    }
}
