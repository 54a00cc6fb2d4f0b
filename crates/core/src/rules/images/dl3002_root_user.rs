use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::semantic::InstructionInfo;
use crate::syntax::Body;

crate::declare_rule! {
    /// ## What it does
    /// Reports a final image whose last `USER` is root (`root`, UID `0`, with or without
    /// a group, or Windows' `ContainerAdministrator`).
    ///
    /// ## Why
    /// A container that runs as root gives whoever breaks into the process root in the
    /// container, one step away from the host. Switching to an unprivileged user at the
    /// end of the Dockerfile limits that.
    ///
    /// Only the image the Dockerfile builds by default matters: build stages that the
    /// final stage copies from may run as root, nobody runs them. The last `USER` that
    /// takes effect in the final stage is what counts, including one inherited from
    /// the stage it is built on (`FROM base`). Variables are expanded
    /// (`ARG RUN_AS=root` then `USER $RUN_AS`). A file that never sets `USER` is not
    /// reported: the user then comes from the base image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN useradd --create-home app
    /// USER root
    /// ```
    ///
    /// ```dockerfile
    /// FROM debian:12 AS base
    /// USER 0:0
    /// FROM base
    /// CMD ["bash"]
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// RUN useradd --create-home app
    /// USER app
    /// ```
    ///
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// USER root
    /// RUN go build -o /out/app .
    /// FROM gcr.io/distroless/static-debian12:nonroot
    /// COPY --from=build /out/app /app
    /// ```
    ///
    /// ## Fix
    /// Create an unprivileged user and switch to it with `USER` before the end of the
    /// final stage.
    pub struct RootUser {
        code: "DL3002",
        name: "root-user",
        category: Security,
        severity: Warning,
        fix: None,
    }
}

impl Rule for RootUser {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        let stages = model.stages();
        let Some(last) = stages.last() else { return };
        // The last USER of the final stage, or of the stage it is built on, and so on.
        let mut stage = last;
        let mut visited = vec![stage.index];
        let found: Option<&InstructionInfo<'_>> = loop {
            let user = model
                .stage_instructions(stage)
                .iter()
                .rev()
                .find(|i| !i.onbuild && matches!(i.effective().body, Body::User(Some(_))));
            if user.is_some() {
                break user;
            }
            match stage.base.stage {
                Some(p) if !visited.contains(&p) => {
                    visited.push(p);
                    stage = &stages[p];
                }
                _ => break None,
            }
        };
        let Some(info) = found else { return };
        let Body::User(Some(word)) = &info.effective().body else {
            return;
        };
        let e = model.expand(info.index, &word.text);
        if !e.resolved || !is_root(&e.value) {
            return;
        }
        let inherited = info.stage != Some(last.index);
        let what = if e.value == word.text {
            format!("`{}`", e.value)
        } else {
            format!("`{}` (`{}`)", word.text, e.value)
        };
        let message = if inherited {
            format!(
                "Last USER should not be root: {what} is the user of the final stage, which is built on this one"
            )
        } else {
            format!("Last USER should not be root: the final image runs as {what}")
        };
        ctx.report(word.span, message);
    }
}

/// Whether a `USER` value (`user[:group]`) names the superuser.
fn is_root(value: &str) -> bool {
    let user = value.split(':').next().unwrap_or("").trim();
    user == "root"
        || (!user.is_empty() && user.bytes().all(|b| b == b'0'))
        || user.eq_ignore_ascii_case("ContainerAdministrator")
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::codes;

    #[test]
    fn root_in_any_spelling_is_reported() {
        for user in [
            "root",
            "0",
            "root:root",
            "0:0",
            "root:1000",
            "ContainerAdministrator",
        ] {
            let src = format!("FROM scratch\nUSER {user}\n");
            assert_eq!(codes(&src, "DL3002"), vec![2], "{user}");
        }
    }

    #[test]
    fn other_users_are_fine() {
        for src in [
            "FROM scratch\nUSER foo\n",
            "FROM scratch\nUSER 1000:0\n",
            "FROM scratch\nUSER rootless\n",
            "FROM scratch\nUSER 10\n",
            "FROM scratch\nRUN id\n",
            "FROM scratch\nUSER root\nRUN something\nUSER foo\n",
        ] {
            assert!(codes(src, "DL3002").is_empty(), "{src}");
        }
    }

    #[test]
    fn only_the_final_stage_counts() {
        // A build stage may run as root.
        assert!(codes(
            "FROM debian:12 AS base\nUSER root\nRUN x\nFROM scratch\nUSER foo\nRUN y\n",
            "DL3002"
        )
        .is_empty());
        assert!(codes(
            "FROM debian:12 AS build\nUSER root\nFROM scratch\nCOPY --from=build /a /a\n",
            "DL3002"
        )
        .is_empty());
        // Switching back in the same stage.
        assert!(codes(
            "FROM debian:12 AS base\nUSER root\nRUN x\nUSER foo\nFROM scratch\nRUN y\n",
            "DL3002"
        )
        .is_empty());
        // The final stage's own USER.
        assert_eq!(
            codes(
                "FROM debian:12 AS b\nUSER foo\nFROM scratch\nUSER root\n",
                "DL3002"
            ),
            vec![4]
        );
    }

    #[test]
    fn user_inherited_from_the_parent_stage_counts() {
        assert_eq!(
            codes(
                "FROM debian:12 as base\nUSER root\nRUN something\nFROM base\nRUN something else\n",
                "DL3002"
            ),
            vec![2]
        );
        assert_eq!(
            codes(
                "FROM debian:12 AS a\nUSER root\nFROM a AS b\nRUN x\nFROM B\nRUN y\n",
                "DL3002"
            ),
            vec![2]
        );
        // The child switches away from root.
        assert!(codes(
            "FROM debian:12 AS a\nUSER root\nFROM a\nUSER app\n",
            "DL3002"
        )
        .is_empty());
    }

    #[test]
    fn variables_are_expanded() {
        assert_eq!(
            codes("FROM debian:12\nARG U=root\nUSER $U\n", "DL3002"),
            vec![3]
        );
        assert_eq!(
            codes("FROM debian:12\nENV UID=0\nUSER ${UID}:${UID}\n", "DL3002"),
            vec![3]
        );
        assert!(codes("FROM debian:12\nARG U=app\nUSER $U\n", "DL3002").is_empty());
        // Unknown value: not judged.
        assert!(codes("FROM debian:12\nARG U\nUSER $U\n", "DL3002").is_empty());
    }

    #[test]
    fn onbuild_user_is_for_child_images() {
        assert!(codes("FROM debian:12\nONBUILD USER root\n", "DL3002").is_empty());
        assert_eq!(
            codes("FROM debian:12\nUSER root\nONBUILD USER app\n", "DL3002"),
            vec![2]
        );
    }
}
