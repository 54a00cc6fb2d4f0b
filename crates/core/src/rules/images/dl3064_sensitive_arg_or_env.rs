use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::syntax::{Body, Word};

crate::declare_rule! {
    /// ## What it does
    /// Reports an `ARG` or `ENV` whose name suggests it holds a secret: a name that
    /// contains `password`, `secret`, `token`, `private`, `username`, `api_key` or
    /// `client_key`, or is `AWS_ACCESS_KEY_ID` or `APPLICATION_KEY` (in any case).
    ///
    /// ## Why
    /// `ENV` values are stored in the image configuration, and the values of build
    /// arguments used by `RUN` are recorded in the image history: anyone who can pull
    /// the image can read them. Secrets needed during the build belong in secret
    /// mounts (`RUN --mount=type=secret`), secrets needed at run time in the runtime
    /// environment. A declaration without a value is reported too: the value passed
    /// with `--build-arg` leaks the same way. `ONBUILD ARG` and `ONBUILD ENV` are
    /// checked as well.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22
    /// ARG NPM_TOKEN
    /// RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22
    /// RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
    /// ```
    ///
    /// ## Fix
    /// Pass the secret with a secret mount (`docker build --secret`) or at run time.
    pub struct SensitiveArgOrEnv {
        code: "DL3064",
        name: "sensitive-arg-or-env",
        category: Security,
        severity: Warning,
        fix: None,
    }
}

/// Parts of a name that suggest a secret (lower case).
const SENSITIVE_PARTS: &[&str] = &[
    "password",
    "secret",
    "token",
    "private",
    "username",
    "api_key",
    "client_key",
];

/// Names that are secrets as a whole (lower case).
const SENSITIVE_NAMES: &[&str] = &["aws_access_key_id", "application_key"];

/// Whether a variable name suggests a secret.
pub(crate) fn is_sensitive(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    SENSITIVE_PARTS.iter().any(|p| lower.contains(p)) || SENSITIVE_NAMES.contains(&lower.as_str())
}

impl Rule for SensitiveArgOrEnv {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        for node in ctx.dockerfile().instructions() {
            let ins = node.effective();
            let (keyword, names): (&str, Vec<&Word>) = match &ins.body {
                Body::Arg(decls) => ("ARG", decls.iter().map(|d| &d.name).collect()),
                Body::Env(pairs) => ("ENV", pairs.iter().map(|p| &p.key).collect()),
                _ => continue,
            };
            let found: Vec<&Word> = names
                .into_iter()
                .filter(|w| is_sensitive(&w.text))
                .collect();
            let Some(first) = found.first() else { continue };
            let list = found
                .iter()
                .map(|w| format!("`{}`", w.text))
                .collect::<Vec<_>>()
                .join(", ");
            ctx.report(
                first.span,
                format!(
                    "Potentially sensitive data should not be used in the `ARG` or `ENV` commands: {keyword} {list}"
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::codes;

    #[test]
    fn sensitive_names() {
        for name in [
            "PASSWORD",
            "DB_PASSWORD",
            "dbPassword",
            "MY_SECRET",
            "SECRET_KEY_BASE",
            "GITHUB_TOKEN",
            "AUTHTOKEN",
            "PRIVATE_KEY",
            "GIT_USERNAME",
            "api_key",
            "MY_API_KEYS",
            "AWS_ACCESS_KEY_ID",
            "VAULT_CLIENT_KEY",
            "tls_client_key_file",
            "APPLICATION_KEY",
        ] {
            for src in [
                format!("FROM debian:12\nARG {name}\n"),
                format!("FROM debian:12\nARG {name}=x\n"),
                format!("FROM debian:12\nENV {name}=x\n"),
                format!("FROM debian:12\nENV {name} x\n"),
            ] {
                assert_eq!(codes(&src, "DL3064"), vec![2], "{src}");
            }
        }
    }

    #[test]
    fn other_names() {
        for name in [
            "APIKEY",
            "API-KEY",
            "KEY",
            "SSH_KEY",
            "PUBLIC_KEY",
            "GPG_KEY",
            "CREDENTIALS",
            "PASSWD",
            "AUTH",
            "ACCESS_KEY",
            "X_AWS_ACCESS_KEY_ID",
            "CLIENT_ID",
            "MY_APPLICATION_KEY",
        ] {
            let src = format!("FROM debian:12\nARG {name}=x\n");
            assert!(codes(&src, "DL3064").is_empty(), "{src}");
        }
        assert!(codes("FROM debian:12\nLABEL PASSWORD=x\n", "DL3064").is_empty());
    }

    #[test]
    fn one_finding_per_instruction_anywhere() {
        assert_eq!(
            codes("FROM debian:12\nENV A=1 TOKEN=2 PASSWORD=3\n", "DL3064"),
            vec![2]
        );
        assert_eq!(codes("ARG PASSWORD\nFROM debian:12\n", "DL3064"), vec![1]);
        assert_eq!(
            codes("FROM debian:12\nONBUILD ENV PASSWORD=x\n", "DL3064"),
            vec![2]
        );
    }

    #[test]
    fn triggers_several_names_and_continuations() {
        assert_eq!(
            codes("FROM debian:12\nONBUILD ARG NPM_TOKEN\n", "DL3064"),
            vec![2]
        );
        assert_eq!(
            codes("FROM debian:12\nARG VERSION DB_PASSWORD\n", "DL3064"),
            vec![2]
        );
        // Reported on the name, which may be on a continuation line.
        assert_eq!(
            codes(
                "FROM debian:12\nENV A=1 \\\n    GITHUB_TOKEN=x\nARG B\n",
                "DL3064"
            ),
            vec![3]
        );
        // A sensitive word in the value is not a sensitive name.
        assert!(codes(
            "FROM debian:12\nENV MODE=password\nARG X=$SECRET\n",
            "DL3064"
        )
        .is_empty());
    }
}
