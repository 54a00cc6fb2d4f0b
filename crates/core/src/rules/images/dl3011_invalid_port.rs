use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::syntax::Body;

crate::declare_rule! {
    /// ## What it does
    /// Reports an `EXPOSE` port (or port range) outside the valid UNIX range 0-65535.
    ///
    /// ## Why
    /// TCP and UDP ports are 16-bit numbers: `EXPOSE 80800` is a typo, and BuildKit
    /// refuses it or the container runtime fails to publish it. Both ends of a range
    /// (`8000-70000`) and ports with a protocol (`65536/udp`) are checked. Variables
    /// are expanded (`ARG PORT=70000` then `EXPOSE $PORT`); a port that depends on a
    /// variable with no known value is not judged. `ONBUILD EXPOSE` is checked too.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 80800
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 8080
    /// ```
    ///
    /// ## Fix
    /// Use the port the service listens on.
    pub struct InvalidPort {
        code: "DL3011",
        name: "invalid-port",
        category: Correctness,
        severity: Error,
        fix: None,
    }
}

impl Rule for InvalidPort {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        for info in model.instructions() {
            let Body::Expose(ports) = &info.effective().body else {
                continue;
            };
            for port in ports {
                let e = model.expand(info.index, &port.text);
                if !e.resolved {
                    continue;
                }
                if let Some(bad) = out_of_range(&e.value) {
                    ctx.report(
                        port.span,
                        format!(
                            "Valid UNIX ports range from 0 to 65535: `{}` has port {bad}",
                            port.text
                        ),
                    );
                }
            }
        }
    }
}

/// The first number of a port spec (`80`, `80/tcp`, `8000-9000/udp`) above 65535.
fn out_of_range(spec: &str) -> Option<&str> {
    let ports = spec.split('/').next().unwrap_or("");
    let (a, b) = ports.split_once('-').unwrap_or((ports, ""));
    [a, b].into_iter().find(|n| {
        !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit()) && {
            let digits = n.trim_start_matches('0');
            digits.len() > 5 || digits.parse::<u32>().is_ok_and(|v| v > 65535)
        }
    })
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::codes;

    #[test]
    fn out_of_range_ports() {
        for p in [
            "65536",
            "80 70000",
            "70000/udp",
            "8000-70000",
            "99999999999999999999",
        ] {
            let src = format!("FROM debian:12\nEXPOSE {p}\n");
            assert_eq!(codes(&src, "DL3011"), vec![2], "{p}");
        }
        assert_eq!(
            codes("FROM debian:12\nARG P=70000\nEXPOSE $P\n", "DL3011"),
            vec![3]
        );
        assert_eq!(
            codes("FROM debian:12\nONBUILD EXPOSE 70000\n", "DL3011"),
            vec![2]
        );
    }

    #[test]
    fn valid_or_unknown_ports() {
        for p in [
            "0",
            "80",
            "65535",
            "80/tcp",
            "8000-9000",
            "00080",
            "$P",
            "${P:-1}",
        ] {
            let src = format!("FROM debian:12\nEXPOSE {p}\n");
            assert!(codes(&src, "DL3011").is_empty(), "{p}");
        }
    }

    #[test]
    fn every_port_of_an_instruction_and_env_values() {
        // Two bad ports on one instruction, a continuation line.
        assert_eq!(
            codes(
                "FROM debian:12\nEXPOSE 70000 \\\n  80 80000/tcp\n",
                "DL3011"
            )
            .len(),
            2
        );
        assert_eq!(
            codes("FROM debian:12\nENV P=99999\nEXPOSE ${P}/udp\n", "DL3011"),
            vec![3]
        );
        assert!(codes("FROM debian:12\nENV P=8080\nEXPOSE $P\n", "DL3011").is_empty());
        assert!(codes("FROM debian:12\nONBUILD EXPOSE 8080/tcp\n", "DL3011").is_empty());
        assert!(codes("FROM debian:12\nONBUILD EXPOSE $P\n", "DL3011").is_empty());
    }
}
