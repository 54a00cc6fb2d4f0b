use crate::rules::util::{expand_marking_unknown, UNKNOWN_VALUE};
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::syntax::{Body, InstructionKind, Span};

crate::declare_rule! {
    /// ## What it does
    /// Reports a `USER` whose user is a name (`USER app`) rather than a numeric id
    /// (`USER 10001`).
    ///
    /// ## Why
    /// A user name only means something inside the image, through its `/etc/passwd`.
    /// Tools outside the container cannot resolve it: Kubernetes cannot verify
    /// `runAsNonRoot` for a named user and refuses to start the pod, and files written
    /// to volumes are owned by whatever id the name happened to map to. A numeric id
    /// says exactly who the process runs as.
    ///
    /// Only the user part counts (`USER 10001:app` is fine). Variables are expanded:
    /// `ENV APP_UID=10001` then `USER $APP_UID` is numeric. A user that comes from a
    /// build argument (`USER $USERNAME` after `ARG USERNAME`) is not judged, since the
    /// build can pass a numeric id. A user that depends on a variable with no known
    /// value (undeclared, or set by the base image) is reported: nothing shows it is
    /// numeric. `ONBUILD USER` is checked too: it sets the user of child images.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN useradd --uid 10001 app
    /// USER app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// RUN useradd --uid 10001 app
    /// USER 10001
    /// ```
    ///
    /// ## Fix
    /// Give the user a fixed id when creating it and switch to it by number.
    pub struct NonNumericUser {
        code: "DL3066",
        name: "non-numeric-user",
        category: Correctness,
        severity: Info,
        fix: None,
    }
}

impl Rule for NonNumericUser {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        // Names declared by ARG so far, anywhere in the file.
        let mut args: Vec<String> = Vec::new();
        for info in model.instructions() {
            let ins = info.effective();
            if let Body::Arg(decls) = &ins.body {
                args.extend(decls.iter().map(|d| d.name.text.clone()));
                continue;
            }
            if ins.kind != InstructionKind::User {
                continue;
            }
            let Body::User(Some(word)) = &ins.body else {
                continue;
            };
            if variable_names(&word.text).iter().any(|n| args.contains(n)) {
                continue;
            }
            let Some(value) = expand_marking_unknown(model, info.index, &word.text) else {
                continue;
            };
            let user = value.split(':').next().unwrap_or("").trim();
            if user.is_empty() || user.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let span = user_span(word.span, &word.text);
            let message = if user.contains(UNKNOWN_VALUE) {
                format!(
                    "Non-numeric user-id may not be resolvable by host system: `{}` has no known numeric value",
                    word.text.split(':').next().unwrap_or("")
                )
            } else {
                format!("Non-numeric user-id may not be resolvable by host system: `{user}` is a user name, use its numeric id")
            };
            ctx.report(span, message);
        }
    }
}

/// The span of the user part (before `:`) of a `USER` word written as-is.
fn user_span(span: Span, text: &str) -> Span {
    match text.find(':') {
        Some(i) if span.end - span.start == text.len() => Span::new(span.start, span.start + i),
        _ => span,
    }
}

/// The names of the variables `text` references (`$NAME`, `${NAME}`, `${NAME:-x}`).
pub(super) fn variable_names(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'$' {
            let start = if b.get(i + 1) == Some(&b'{') {
                i + 2
            } else {
                i + 1
            };
            let mut end = start;
            while end < b.len() && (b[end].is_ascii_alphanumeric() || b[end] == b'_') {
                end += 1;
            }
            if end > start {
                out.push(text[start..end].to_string());
            }
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::codes;

    #[test]
    fn user_names_are_reported() {
        for user in ["app", "app:app", "app:1000", "root", "nobody", "0x10"] {
            let src = format!("FROM debian:12\nUSER {user}\n");
            assert_eq!(codes(&src, "DL3066"), vec![2], "{user}");
        }
    }

    #[test]
    fn numeric_ids_are_fine() {
        for user in ["1000", "0", "1000:1000", "1000:app", ":app", "65534"] {
            let src = format!("FROM debian:12\nUSER {user}\n");
            assert!(codes(&src, "DL3066").is_empty(), "{user}");
        }
    }

    #[test]
    fn variables() {
        // A fixed ENV value is known.
        assert!(codes("FROM debian:12\nENV U=1000\nUSER $U\n", "DL3066").is_empty());
        assert_eq!(
            codes("FROM debian:12\nENV U=app\nUSER $U\n", "DL3066"),
            vec![3]
        );
        // A build argument may be given a numeric id.
        for src in [
            "FROM debian:12\nARG U=app\nUSER $U\n",
            "FROM debian:12\nARG U\nUSER ${U}:grp\n",
            "ARG U=app\nFROM debian:12\nUSER $U\n",
            "FROM debian:12\nARG UID=1\nUSER app:$UID\n",
        ] {
            assert!(codes(src, "DL3066").is_empty(), "{src}");
        }
        // Unknown: nothing shows it is numeric.
        assert_eq!(codes("FROM debian:12\nUSER $FOO\n", "DL3066"), vec![2]);
        assert_eq!(
            codes("FROM debian:12\nUSER $U\nARG U=1\n", "DL3066"),
            vec![2]
        );
    }

    #[test]
    fn onbuild_user_is_checked() {
        assert_eq!(
            codes("FROM debian:12\nONBUILD USER app\n", "DL3066"),
            vec![2]
        );
    }

    #[test]
    fn variable_names_are_read() {
        assert_eq!(
            super::variable_names("a$B-${C_D:-x}$"),
            vec!["B".to_string(), "C_D".to_string()]
        );
    }

    #[test]
    fn stages_triggers_and_defaults() {
        // Each stage that switches to a name.
        assert_eq!(
            codes(
                "FROM a:1 AS b\nUSER build\nFROM a:1\nUSER 1000\nUSER app\n",
                "DL3066"
            ),
            vec![2, 5]
        );
        assert!(codes("FROM debian:12\nONBUILD USER 1000:1000\n", "DL3066").is_empty());
        // ENV values count in triggers and with defaults.
        assert_eq!(
            codes("FROM debian:12\nENV U=app\nONBUILD USER $U\n", "DL3066"),
            vec![3]
        );
        assert!(codes("FROM debian:12\nENV U=\nUSER ${U:-1000}\n", "DL3066").is_empty());
        assert_eq!(
            codes("FROM debian:12\nENV U=\nUSER ${U:-app}\n", "DL3066"),
            vec![3]
        );
        // Quotes are removed.
        assert!(codes("FROM debian:12\nUSER \"1000\"\n", "DL3066").is_empty());
    }
}
