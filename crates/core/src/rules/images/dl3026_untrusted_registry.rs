use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::syntax::{Body, ImageRef, Span};

crate::declare_rule! {
    /// ## What it does
    /// Reports an image pulled from a registry that is not in the configured list of
    /// trusted registries: in `FROM`, in `COPY --from=<image>` and in
    /// `RUN --mount=from=<image>`.
    ///
    /// ## Why
    /// An organisation that vets its base images (a mirror, an internal registry)
    /// wants every image of the build to come from there: an image from anywhere
    /// else bypasses that review. The rule does nothing until `trusted-registries` is
    /// configured. Entries are host names (`docker.io`, `registry.example.com:5000`)
    /// or wildcards (`*.gcr.io` matches `eu.gcr.io`, not `gcr.io`). An image without
    /// a registry comes from `docker.io`. Variables are expanded
    /// (`ARG REGISTRY=quay.io` then `FROM $REGISTRY/app:1` is from `quay.io`); an
    /// image whose registry depends on a variable with no known value is not judged
    /// (`FROM gcr.io/${PROJECT}/app` is: its registry is known), nor are stages and
    /// `scratch`. Images of `COPY --from` and `RUN --mount=from=` count, also in
    /// `ONBUILD` triggers (the child build pulls them; a trigger's value with a
    /// variable is not judged).
    ///
    /// ## Example
    /// With `trusted-registries = ["docker.io", "*.gcr.io"]`:
    /// ```dockerfile trusted-registry=docker.io,*.gcr.io
    /// FROM quay.io/prometheus/busybox:latest
    /// ```
    /// Use instead:
    /// ```dockerfile trusted-registry=docker.io,*.gcr.io
    /// FROM docker.io/library/busybox:1.36
    /// COPY --from=eu.gcr.io/distroless/static:nonroot /etc/passwd /etc/passwd
    /// ```
    ///
    /// ## Fix
    /// Pull the image through a trusted registry, or add the registry to the list.
    pub struct UntrustedRegistry {
        code: "DL3026",
        name: "untrusted-registry",
        category: Security,
        severity: Error,
        fix: None,
    }
}

impl Rule for UntrustedRegistry {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        if ctx.config().trusted_registries.is_empty() {
            return;
        }
        let model = ctx.model();
        let mut found: Vec<(Span, String)> = Vec::new();
        for stage in model.stages() {
            let base = &stage.base;
            if base.stage.is_some() || base.scratch {
                continue;
            }
            if !base.expanded.resolved {
                // `FROM gcr.io/${PROJECT}/app`: the registry is known even when the
                // rest of the reference is not.
                if let Some(registry) = known_registry(model, stage.from, &base.raw) {
                    if !ctx.config().registry_trusted(&registry) {
                        let ins = model.instructions()[stage.from].instruction;
                        let span = match &ins.body {
                            Body::From(f) => f.image.as_ref().map(|w| w.span),
                            _ => None,
                        }
                        .unwrap_or(ins.keyword.span);
                        found.push((span, registry));
                    }
                }
                continue;
            }
            let Some(image) = &base.image else { continue };
            let registry = registry_of(image);
            if !ctx.config().registry_trusted(&registry) {
                found.push((image.registry_span.unwrap_or(image.span), registry));
            }
        }
        for info in model.instructions() {
            // An ONBUILD trigger pulls in the child build.
            let ins = info.effective();
            let mut refs: Vec<(Span, String)> = Vec::new();
            match &ins.body {
                Body::Copy(_) | Body::Add(_) => {
                    if let Some(flag) = ins.flag("from") {
                        if let Some(v) = flag.value.as_deref() {
                            refs.push((flag.value_span.unwrap_or(flag.span), v.to_string()));
                        }
                    }
                }
                Body::Run(_) => {
                    for m in ins.mounts() {
                        if let Some(v) = m
                            .options
                            .iter()
                            .rfind(|o| o.key.eq_ignore_ascii_case("from"))
                            .and_then(|o| o.value.clone())
                        {
                            refs.push((m.span, v));
                        }
                    }
                }
                _ => {}
            }
            for (span, raw) in refs {
                // A trigger's variables take the child build's values.
                if info.onbuild && raw.contains('$') {
                    continue;
                }
                let e = model.expand(info.index, &raw);
                if !e.resolved || e.value.is_empty() || e.value.parse::<usize>().is_ok() {
                    continue;
                }
                // A trigger's stage names are the child build's; a name with a
                // registry, tag or digest (checked below) cannot be one.
                let stage = !info.onbuild && model.stage_ref(&e.value, info.index).is_some();
                if stage || e.value == "scratch" {
                    continue;
                }
                let image = ImageRef::parse(&e.value, Span::new(0, e.value.len()));
                // A bare name is a stage that does not exist (DL3022) or a Docker Hub
                // image; only names with a registry, tag or digest are images for sure.
                if image.registry.is_none() && image.tag.is_none() && image.digest.is_none() {
                    continue;
                }
                let registry = registry_of(&image);
                if !ctx.config().registry_trusted(&registry) {
                    found.push((span, registry));
                }
            }
        }
        for (span, registry) in found {
            ctx.report(
                span,
                format!("Use only an allowed registry in the FROM image: `{registry}` is not a trusted registry"),
            );
        }
    }
}

/// The registry of an image reference whose expansion has unknown parts, when the
/// registry itself is known: the first `/`-separated component, fully known, looks
/// like a host (`gcr.io`, `localhost:5000`), and a `/` follows it.
fn known_registry(model: &crate::semantic::Model<'_>, index: usize, raw: &str) -> Option<String> {
    let marked = crate::rules::util::expand_marking_unknown(model, index, raw)?;
    let (first, _) = marked.split_once('/')?;
    if first.is_empty() || first.contains(crate::rules::util::UNKNOWN_VALUE) {
        return None;
    }
    let host = first.contains('.') || first.contains(':') || first == "localhost";
    host.then(|| first.to_ascii_lowercase())
}

/// The registry an image comes from (`docker.io` when it names none).
fn registry_of(image: &ImageRef) -> String {
    image
        .registry
        .clone()
        .unwrap_or_else(|| "docker.io".to_string())
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::rules::test_support::{codes, codes_with};

    fn trusting(list: &[&str]) -> Config {
        Config {
            trusted_registries: list.iter().map(|s| s.to_string()).collect(),
            ..Config::default()
        }
    }

    fn check(src: &str) -> Vec<usize> {
        codes_with(src, "DL3026", trusting(&["docker.io", "*.gcr.io"]))
    }

    #[test]
    fn off_without_configuration() {
        assert!(codes("FROM quay.io/x/y:1\n", "DL3026").is_empty());
    }

    #[test]
    fn untrusted_registries() {
        for src in [
            "FROM quay.io/x/y:1\n",
            "FROM gcr.io/x/y:1\n",
            "FROM registry-1.docker.io/x:1\n",
            "FROM localhost:5000/x:1\n",
            "ARG R=quay.io\nFROM $R/x:1\n",
            // The registry is known even when the rest of the reference is not.
            "ARG PROJECT\nFROM gcr.io/${PROJECT}/app\n",
            "FROM quay.io/org/app:${TAG}\n",
        ] {
            assert_eq!(check(src).len(), 1, "{src}");
        }
        assert_eq!(
            check("FROM debian:12\nCOPY --from=quay.io/x/y:1 /a /b\n"),
            vec![2]
        );
        assert_eq!(
            check("FROM debian:12\nRUN --mount=type=bind,from=quay.io/x/y:1,target=/x true\n"),
            vec![2]
        );
    }

    #[test]
    fn trusted_registries_stages_and_unknowns() {
        for src in [
            "FROM debian:12\n",
            "FROM docker.io/debian:12\n",
            "FROM eu.gcr.io/x/y:1\n",
            "FROM scratch\n",
            "FROM debian:12 AS a\nFROM a\n",
            "FROM $IMG\n",
            "ARG REGISTRY\nFROM ${REGISTRY}/app:1\n",
            "ARG P\nFROM ${P}gcr.io/app:1\n",
            "ARG PROJECT\nFROM eu.gcr.io/${PROJECT}/app\n",
            "ARG ORG\nFROM ${ORG}/app:1\n",
            "FROM debian:12\nCOPY --from=0 /a /b\n",
            "FROM debian:12 AS a\nFROM debian:12\nCOPY --from=a /a /b\n",
            "FROM debian:12\nCOPY --from=alpine:3 /a /b\n",
            "FROM debian:12 AS a\nFROM debian:12\nRUN --mount=from=a,target=/x true\n",
        ] {
            assert!(check(src).is_empty(), "{src}");
        }
        // Exact host names, any case.
        assert!(codes_with("FROM Quay.io/x/y:1\n", "DL3026", trusting(&["quay.io"])).is_empty());
    }

    #[test]
    fn flags_triggers_and_wildcards() {
        assert_eq!(
            check("FROM --platform=linux/arm64 quay.io/x/y:1 AS b\n"),
            vec![1]
        );
        // A trigger pulls in the child build: checked too.
        assert_eq!(
            check("FROM debian:12\nONBUILD COPY --from=quay.io/x/y:1 /a /b\n"),
            vec![2]
        );
        assert_eq!(
            check("FROM debian:12\nONBUILD RUN --mount=from=gcr.io/x/y:1,target=/x true\n"),
            vec![2]
        );
        for src in [
            "FROM debian:12\nONBUILD COPY --from=alpine:3 /a /b\n",
            "FROM debian:12\nONBUILD COPY --from=build /a /b\n",
            "ARG R=quay.io\nFROM debian:12\nARG R\nONBUILD COPY --from=$R/x:1 /a /b\n",
        ] {
            assert!(check(src).is_empty(), "{src}");
        }
        // `*.gcr.io` does not match a longer host that only ends like it.
        assert_eq!(check("FROM notgcr.io/x/y:1\n"), vec![1]);
        assert!(check("FROM a.b.gcr.io/x/y:1\n").is_empty());
        // Global ARG values are used; a build argument without default is unknown.
        assert!(check("ARG R=docker.io\nFROM ${R}/library/debian:12\n").is_empty());
        assert_eq!(check("ARG R\nFROM ${R:-quay.io}/x:1\n").len(), 0);
    }
}
