//! Image references as written in `FROM`: `[registry/]repository[:tag][@digest]`.

use serde::Serialize;

use super::span::Span;

/// An image reference split into its parts, as written (variables not expanded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImageRef {
    /// The registry host (`ghcr.io`, `localhost:5000`), when one is written.
    pub registry: Option<String>,
    /// The repository path without registry (`library/ubuntu`, `ubuntu`).
    pub repository: String,
    /// The tag after `:`.
    pub tag: Option<String>,
    /// The digest after `@` (`sha256:...`).
    pub digest: Option<String>,
    /// Span of the whole reference.
    pub span: Span,
    /// Span of the registry part.
    pub registry_span: Option<Span>,
    /// Span of the repository part.
    pub repository_span: Span,
    /// Span of the tag (without `:`).
    pub tag_span: Option<Span>,
    /// Span of the digest (without `@`).
    pub digest_span: Option<Span>,
}

impl ImageRef {
    /// Split `text`, which starts at byte `start` of the source. When the text does
    /// not map byte for byte onto the source (a line continuation inside it), part
    /// spans fall back to the span of the whole reference.
    pub fn parse(text: &str, span: Span) -> ImageRef {
        Self::parse_inner(text, span, span.len() == text.len())
    }

    /// Split `text`, the expansion of the word at `span`: part spans are exact only
    /// when expansion changed nothing, otherwise they are the whole word's span.
    pub fn parse_expanded(text: &str, raw: &str, span: Span) -> ImageRef {
        Self::parse_inner(text, span, text == raw && span.len() == text.len())
    }

    fn parse_inner(text: &str, span: Span, exact: bool) -> ImageRef {
        let sub = |a: usize, b: usize| {
            if exact {
                Span::new(span.start + a, span.start + b)
            } else {
                span
            }
        };
        let (name_part, digest, digest_at) = match text.find('@') {
            Some(i) => (&text[..i], Some(text[i + 1..].to_string()), Some(i + 1)),
            None => (text, None, None),
        };
        let last_slash = name_part.rfind('/');
        let (name, tag, tag_at) = match name_part.rfind(':') {
            Some(i) if last_slash.is_none_or(|s| i > s) => (
                &name_part[..i],
                Some(name_part[i + 1..].to_string()),
                Some(i + 1),
            ),
            _ => (name_part, None, None),
        };
        let (registry, repo_start) = match name.find('/') {
            Some(i) => {
                let first = &name[..i];
                let is_domain = first.contains(['.', ':'])
                    || first == "localhost"
                    || first.chars().any(|c| c.is_ascii_uppercase());
                if is_domain {
                    (Some(first.to_string()), i + 1)
                } else {
                    (None, 0)
                }
            }
            None => (None, 0),
        };
        ImageRef {
            registry_span: registry.as_ref().map(|r| sub(0, r.len())),
            registry,
            repository: name[repo_start..].to_string(),
            repository_span: sub(repo_start, name.len()),
            tag_span: tag_at.map(|a| sub(a, name_part.len())),
            tag,
            digest_span: digest_at.map(|a| sub(a, text.len())),
            digest,
            span,
        }
    }

    /// True for the empty base image `scratch`.
    pub fn is_scratch(&self) -> bool {
        self.registry.is_none()
            && self.tag.is_none()
            && self.digest.is_none()
            && self.repository.eq_ignore_ascii_case("scratch")
    }

    /// True when any part contains a variable reference (`$VAR`, `${VAR}`).
    pub fn has_variables(&self) -> bool {
        self.registry.as_deref().is_some_and(|r| r.contains('$'))
            || self.repository.contains('$')
            || self.tag.as_deref().is_some_and(|t| t.contains('$'))
            || self.digest.as_deref().is_some_and(|d| d.contains('$'))
    }

    /// The fully qualified name: `docker.io/library/ubuntu` for `ubuntu`.
    pub fn normalized_name(&self) -> String {
        let registry = self.registry.as_deref().unwrap_or("docker.io");
        if self.registry.is_none() && !self.repository.contains('/') {
            format!("{registry}/library/{}", self.repository)
        } else {
            format!("{registry}/{}", self.repository)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> ImageRef {
        ImageRef::parse(s, Span::new(10, 10 + s.len()))
    }

    #[test]
    fn plain_name_and_tag() {
        let i = r("ubuntu:22.04");
        assert_eq!(i.registry, None);
        assert_eq!(i.repository, "ubuntu");
        assert_eq!(i.tag.as_deref(), Some("22.04"));
        assert_eq!(i.tag_span, Some(Span::new(17, 22)));
        assert_eq!(i.normalized_name(), "docker.io/library/ubuntu");
    }

    #[test]
    fn registry_with_port_tag_and_digest() {
        let i = r("localhost:5000/team/app:1.2@sha256:abc");
        assert_eq!(i.registry.as_deref(), Some("localhost:5000"));
        assert_eq!(i.repository, "team/app");
        assert_eq!(i.tag.as_deref(), Some("1.2"));
        assert_eq!(i.digest.as_deref(), Some("sha256:abc"));
        assert_eq!(i.registry_span, Some(Span::new(10, 24)));
    }

    #[test]
    fn user_repository_is_not_a_registry() {
        let i = r("bitnami/redis");
        assert_eq!(i.registry, None);
        assert_eq!(i.repository, "bitnami/redis");
        assert_eq!(i.tag, None);
        assert_eq!(i.normalized_name(), "docker.io/bitnami/redis");
    }

    #[test]
    fn variables_and_scratch() {
        assert!(r("${BASE}:${TAG}").has_variables());
        assert!(r("scratch").is_scratch());
        assert!(!r("scratch:1").is_scratch());
    }
}
