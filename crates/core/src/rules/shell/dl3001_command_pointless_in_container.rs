use super::invocations;
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::syntax::MountType;

crate::declare_rule! {
    /// ## What it does
    /// Reports commands that make no sense in an image build: `ssh`, `vim`,
    /// `shutdown`, `service`, `ps`, `free`, `top`, `kill` and `mount`.
    ///
    /// ## Why
    /// A RUN step is a short-lived process without a terminal, an init system or
    /// the privileges of a real machine. An editor or `top` waits for a terminal
    /// that never comes; `service` and `shutdown` talk to an init system that is
    /// not running, and a daemon started with `service` dies when the step ends;
    /// `ps`, `free` and `kill` look at the processes and memory of a throw-away
    /// build container; `mount` needs privileges a build does not have; `ssh`
    /// needs keys that should never be baked into an image (use
    /// `RUN --mount=type=ssh` for a one-off). Usually such a line is left over from
    /// an interactive session, or belongs in the entrypoint.
    ///
    /// The commands are found wherever they run: behind wrappers (`sudo service`),
    /// written as a path (`/usr/sbin/service`), as `busybox ps`, inside `$(...)`,
    /// `sh -c '...'` strings, heredoc scripts, exec-form RUNs and ONBUILD
    /// triggers. Installing them (`apt-get install -y vim`) or naming them
    /// (`command -v ps`) is not reported, nor is `ssh` in a RUN that forwards
    /// the builder's SSH agent (`RUN --mount=type=ssh`), where it has what it
    /// needs without keys in the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y nginx && service nginx start
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y nginx
    /// CMD ["nginx", "-g", "daemon off;"]
    /// ```
    ///
    /// ## Fix
    /// None: what the command was meant for decides what replaces it.
    pub struct CommandPointlessInContainer {
        code: "DL3001",
        name: "command-pointless-in-container",
        category: Maintainability,
        severity: Info,
        fix: None,
    }
}

/// The commands reported.
const POINTLESS: &[&str] = &[
    "free", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim",
];

impl Rule for CommandPointlessInContainer {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        for info in model.instructions() {
            // With the builder's SSH agent forwarded, ssh is how the step
            // reaches a private host.
            let ssh_mount = info
                .effective()
                .mounts()
                .iter()
                .any(|m| m.kind == MountType::Ssh);
            for inv in invocations(model, info) {
                if !POINTLESS.contains(&inv.program.as_str()) || (ssh_mount && inv.program == "ssh")
                {
                    continue;
                }
                ctx.report(
                    inv.span,
                    format!(
                        "`{}` makes no sense in a container build (like `ssh`, `vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount`)",
                        inv.program
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::codes;

    const C: &str = "DL3001";

    #[test]
    fn pointless_commands_are_reported_wherever_they_run() {
        for (src, lines) in [
            ("FROM a:1\nRUN service nginx start\n", vec![2]),
            ("FROM a:1\nRUN ps aux | grep x\n", vec![2]),
            ("FROM a:1\nRUN vim /etc/hosts\n", vec![2]),
            ("FROM a:1\nRUN kill -9 $(cat /run/x.pid)\n", vec![2]),
            ("FROM a:1\nRUN make && \\\n  shutdown -h now\n", vec![3]),
            ("FROM a:1\nONBUILD RUN service x start\n", vec![2]),
            ("FROM a:1\nRUN <<EOF\nset -e\nfree -m\nEOF\n", vec![4]),
            ("FROM a:1\nRUN echo $(ps -o pid=)\n", vec![2]),
            ("FROM a:1\nRUN sudo service x start\n", vec![2]),
            ("FROM a:1\nRUN /usr/sbin/service x start\n", vec![2]),
            ("FROM a:1\nRUN busybox top -b -n1\n", vec![2]),
            ("FROM a:1\nRUN sh -c 'mount -t tmpfs none /x'\n", vec![2]),
            ("FROM a:1\nRUN [\"ssh\", \"host\"]\n", vec![2]),
            (
                "FROM a:1\nRUN --mount=type=ssh ps aux && ssh host\n",
                vec![2],
            ),
            (
                "FROM a:1\nRUN service a start && service b start\n",
                vec![2, 2],
            ),
        ] {
            assert_eq!(codes(src, C), lines, "{src}");
        }
    }

    #[test]
    fn installing_or_naming_them_is_fine() {
        for src in [
            "FROM a:1\nRUN apt-get install -y vim openssh-client procps\n",
            "FROM a:1\nRUN command -v ps\n",
            "FROM a:1\nRUN which ps\n",
            "FROM a:1\nRUN ssh-keygen -A && pkill -f x && killall y\n",
            "FROM a:1\nRUN echo service\n",
            "FROM a:1\nRUN python3 <<EOF\nps = 1\nEOF\n",
            "FROM a:1\nRUN --mount=type=ssh git clone git@e.x:a/b.git\n",
            "FROM a:1\nRUN --mount=type=ssh ssh -T git@e.x || true\n",
        ] {
            assert!(codes(src, C).is_empty(), "{src}");
        }
    }

    #[test]
    fn heredocs_run_by_a_shell_and_files() {
        assert_eq!(
            codes(
                "FROM a:1\nRUN <<EOF bash\nset -e\nservice x start\nEOF\n",
                C
            ),
            vec![4]
        );
        assert_eq!(
            codes("FROM a:1\nRUN <<EOF\n#!/bin/bash\ntop -b -n1\nEOF\n", C),
            vec![4]
        );
        // A heredoc copied into the image is not run.
        assert!(codes(
            "FROM a:1\nCOPY <<EOF /usr/local/bin/x\nservice x start\nEOF\n",
            C
        )
        .is_empty());
        // A variable naming the program is not judged.
        assert!(codes("FROM a:1\nARG TOOL=ps\nRUN $TOOL aux\n", C).is_empty());
    }
}
