use crate::rules::{Rule, RuleContext, RuleMeta};

use super::schema::label_pairs;

crate::declare_rule! {
    /// ## What it does
    /// Reports LABEL keys that do not follow Docker's key format or that use a
    /// namespace reserved for Docker.
    ///
    /// ## Why
    /// Docker's guidelines ask for label keys that start with a lowercase letter, end
    /// with a lowercase letter or a digit, and otherwise hold only lowercase letters,
    /// digits, `.`, `-` (and, as hadolint accepts, `_` and `/`), with no `..` or `--`.
    /// Keys under `com.docker.`, `io.docker.` and `org.dockerproject.` are reserved for
    /// Docker's own use. Keys in any other form are easy to mistype and hard to query
    /// consistently (`docker ps --filter label=...` compares keys exactly).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL Version=1.0 com.docker.owner=me
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.version=1.0 com.example.owner=me
    /// ```
    ///
    /// ## Notes
    /// Keys are checked after quote removal and variable expansion, so
    /// `ARG NS=com.example` / `LABEL ${NS}.team=x` is fine. A key whose variables have
    /// no known value is not judged (hadolint reports every key with a `$`). Keys of
    /// `ONBUILD LABEL` are checked too (hadolint skips them).
    pub struct InvalidLabelKey {
        code: "DL3048",
        name: "invalid-label-key",
        category: Maintainability,
        severity: Style,
        fix: None,
    }
}

impl Rule for InvalidLabelKey {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        for p in label_pairs(ctx.model()) {
            if !p.key_resolved {
                continue;
            }
            if let Some(why) = key_problem(&p.key) {
                ctx.report(p.key_span, format!("Invalid label key `{}`: {why}", p.key));
            }
        }
    }
}

/// Namespaces reserved for Docker.
const RESERVED: [&str; 3] = ["com.docker.", "io.docker.", "org.dockerproject."];

/// What is wrong with a label key, if anything.
fn key_problem(key: &str) -> Option<&'static str> {
    let lower = key.to_ascii_lowercase();
    if RESERVED.iter().any(|r| lower.starts_with(r)) {
        return Some("the namespace is reserved for Docker");
    }
    let b = key.as_bytes();
    if !b.first().is_some_and(|c| c.is_ascii_lowercase()) {
        return Some("it must start with a lowercase letter");
    }
    if !b
        .last()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    {
        return Some("it must end with a lowercase letter or a digit");
    }
    if !b
        .iter()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || b"._-/".contains(c))
    {
        return Some("use only lowercase letters, digits, `.`, `-`, `_` and `/`");
    }
    if key.contains("..") || key.contains("--") {
        return Some("it must not contain `..` or `--`");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::key_problem;
    use crate::rules::test_support::codes;

    #[test]
    fn key_format() {
        for ok in [
            "a",
            "abc1",
            "a.b-c",
            "a_b",
            "a/b",
            "a__b",
            "a.-b",
            "a.1",
            "org.opencontainers.image.source",
            "com.docker",
            "com.dockerx",
            "x.com.docker.y",
        ] {
            assert_eq!(key_problem(ok), None, "{ok}");
        }
        for bad in [
            "",
            "A",
            "aB",
            "1abc",
            "-a",
            "a-",
            "ab.",
            ".ab",
            "a..b",
            "a--b",
            "a:b",
            "a b",
            "a+b",
            "com.docker.x",
            "io.docker.y",
            "org.dockerproject.z",
            "COM.docker.x",
        ] {
            assert!(key_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn reports_each_bad_key_on_its_line() {
        assert_eq!(
            codes(
                "FROM a:1\nLABEL ok=1 Bad=2\nLABEL a=1 \\\n  b..c=2\n",
                "DL3048"
            ),
            vec![2, 4]
        );
        assert!(codes("FROM a:1\nLABEL \"quoted.key\"=1 'sq'=2\n", "DL3048").is_empty());
        assert_eq!(codes("FROM a:1\nLABEL \"Foo\"=1\n", "DL3048"), vec![2]);
        // Legacy form: the key is the first word.
        assert!(codes("FROM a:1\nLABEL description some text\n", "DL3048").is_empty());
    }

    #[test]
    fn keys_are_expanded() {
        let src = "FROM a:1\nARG NS=com.example\nLABEL ${NS}.team=x\n";
        assert!(codes(src, "DL3048").is_empty());
        let src = "FROM a:1\nARG NS=Com.Example\nLABEL ${NS}.team=x\n";
        assert_eq!(codes(src, "DL3048"), vec![3]);
        // Unknown values are not judged.
        assert!(codes("FROM a:1\nLABEL $FOO=1\n", "DL3048").is_empty());
    }

    #[test]
    fn onbuild_label_keys_are_checked() {
        assert_eq!(
            codes("FROM a:1\nONBUILD LABEL Team=x ok.key=y\n", "DL3048"),
            vec![2]
        );
        assert_eq!(
            codes("FROM a:1\nONBUILD LABEL com.docker.x=1\n", "DL3048"),
            vec![2]
        );
        assert!(codes("FROM a:1\nONBUILD LABEL com.example.team=x\n", "DL3048").is_empty());
        // Variables are expanded in triggers too.
        let src = "FROM a:1\nARG NS=Example\nONBUILD LABEL $NS.team=x\n";
        assert_eq!(codes(src, "DL3048"), vec![3]);
    }

    #[test]
    fn each_key_of_a_label_is_checked() {
        // Two bad keys on one line give two findings; ENV values expand too.
        assert_eq!(codes("FROM a:1\nLABEL A=1 b=2 C=3\n", "DL3048"), vec![2, 2]);
        let src = "FROM a:1\nENV NS=io.docker\nLABEL ${NS}.x=1\n";
        assert_eq!(codes(src, "DL3048"), vec![3]);
    }
}
