use super::dl3066_non_numeric_user::variable_names;
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::semantic::expand::{Env, Lex};
use crate::semantic::Scope;
use crate::syntax::Body;
use std::cell::RefCell;

crate::declare_rule! {
    /// ## What it does
    /// Reports an `ENV` value that references a variable set earlier in the same `ENV`
    /// instruction (`ENV A=1 B=$A`).
    ///
    /// ## Why
    /// All the values of one `ENV` are expanded with the variables as they were
    /// before the instruction: in `ENV DIR=/opt/app BIN=$DIR/bin`, `BIN` gets the old
    /// `DIR` (usually empty, giving `/bin`), not `/opt/app`. Only references that are
    /// actually expanded count: `'$A'` in single quotes and `\$A` are literal text, and
    /// `ENV PATH=/opt/bin:$PATH` refers to the previous `PATH`, as intended. A
    /// reference whose value would be the same either way is not reported either,
    /// whatever the variables the Dockerfile does not set hold: the re-export idiom
    /// `ENV VERSION=$VERSION URL=.../$VERSION` after `ARG VERSION`, or a default
    /// repeated on purpose (`ENV ROOT=${ROOT:-/u01} HOME=${ROOT:-/u01}/home`). A
    /// variable set earlier in the file does not excuse the reference: in
    /// `ENV A=2 B=$A` after `ENV A=1`, `B` is `1`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// ENV APP_HOME=/opt/app APP_BIN=$APP_HOME/bin
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// ENV APP_HOME=/opt/app
    /// ENV APP_BIN=$APP_HOME/bin
    /// ```
    ///
    /// ## Fix
    /// Split the instruction: set the variable in one `ENV` and use it in a later one.
    pub struct EnvSelfReference {
        code: "DL3044",
        name: "env-self-reference",
        category: Correctness,
        severity: Error,
        fix: None,
    }
}

/// The variables before the `ENV` (from the model), overlaid with values set by
/// earlier pairs of the same `ENV`; a variable with no known value is either unset
/// or set to a marker, depending on `marker`. Records the names looked up.
struct Overlay<'s> {
    scope: &'s Scope,
    over: Vec<(String, String)>,
    marker: bool,
    markers: &'s [(String, String)],
    looked_up: RefCell<Vec<String>>,
}

impl Env for Overlay<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        self.looked_up.borrow_mut().push(name.to_string());
        if let Some((_, v)) = self.over.iter().rev().find(|(k, _)| k == name) {
            return Some(v);
        }
        if let Some(v) = self.scope.get(name).and_then(|v| v.value.as_deref()) {
            return Some(v);
        }
        if !self.marker {
            return None;
        }
        self.markers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

impl Rule for EnvSelfReference {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        let lex = Lex::new(ctx.dockerfile().escape());
        for info in model.instructions() {
            let Body::Env(pairs) = &info.effective().body else {
                continue;
            };
            let scope = model.scope(info.index);
            // A distinct value for every variable the instruction reads.
            let markers: Vec<(String, String)> = pairs
                .iter()
                .flat_map(|p| variable_names(&p.value.text))
                .map(|n| {
                    let m = format!("\u{1}{n}\u{1}");
                    (n, m)
                })
                .collect();
            for (i, pair) in pairs.iter().enumerate() {
                let earlier = &pairs[..i];
                // Which earlier-set names the value reads, and whether its value
                // would change if it saw them, whatever the unknown variables hold.
                let mut referenced: Option<String> = None;
                let mut differs = false;
                for marker in [false, true] {
                    let env = |over: Vec<(String, String)>| Overlay {
                        scope,
                        over,
                        marker,
                        markers: &markers,
                        looked_up: RefCell::new(Vec::new()),
                    };
                    let before = env(Vec::new());
                    let Ok(old) = lex.process_word(&pair.value.text, &before) else {
                        differs = false;
                        break;
                    };
                    let Some(name) = before
                        .looked_up
                        .borrow()
                        .iter()
                        .find(|n| earlier.iter().any(|p| &p.key.text == *n))
                        .cloned()
                    else {
                        break;
                    };
                    referenced = Some(name);
                    // The values the earlier pairs set, all expanded before the ENV.
                    let mut over = Vec::new();
                    for p in earlier {
                        match lex.process_word(&p.value.text, &before) {
                            Ok(e) => over.push((p.key.text.clone(), e.value)),
                            Err(_) => differs = true,
                        }
                    }
                    let after = env(over);
                    match lex.process_word(&pair.value.text, &after) {
                        Ok(new) if new.value == old.value => {}
                        _ => differs = true,
                    }
                }
                let (Some(name), true) = (referenced, differs) else {
                    continue;
                };
                ctx.report(
                    pair.value.span,
                    format!(
                        "Do not refer to an environment variable within the same `ENV` statement where it is defined: `{name}` still has the value it had before this instruction"
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
    fn same_statement_references() {
        for env in [
            "ENV A=1 B=$A",
            "ENV A=1 B=${A}",
            "ENV A=1 B=\"$A\"",
            "ENV A=1 B=${A:-x}",
            "ENV A=1 A=$A:2",
            "ONBUILD ENV A=1 B=$A",
        ] {
            let src = format!("FROM debian:12\n{env}\n");
            assert_eq!(codes(&src, "DL3044"), vec![2], "{env}");
        }
    }

    #[test]
    fn earlier_value_differs() {
        // B gets 1, not 2.
        assert_eq!(
            codes("FROM debian:12\nENV A=1\nENV A=2 B=$A\n", "DL3044"),
            vec![3]
        );
        assert_eq!(
            codes("FROM debian:12\nENV PATH=/x:$PATH OLD=$PATH\n", "DL3044"),
            vec![2]
        );
    }

    #[test]
    fn other_references() {
        for env in [
            "ENV A=1\nENV B=$A",
            "ENV A=$A:1",
            "ENV PATH=/x:$PATH",
            "ENV A=1 B=$AB",
            "ENV A=1 B='$A'",
            "ENV A=1 B=\\$A",
            "ENV A 1 $A",
            "ENV B=$A A=1",
            "ARG A\nENV A=$A B=$A",
            "ENV A=${A:-x} B=${A:-x}/y",
        ] {
            let src = format!("FROM debian:12\n{env}\n");
            assert!(codes(&src, "DL3044").is_empty(), "{env}");
        }
    }

    #[test]
    fn continuation_lines_and_expansion_forms() {
        // Reported on the ENV, also when the reference is on a continuation line.
        assert_eq!(
            codes(
                "FROM debian:12\nENV HOME_DIR=/srv \\\n    DATA=$HOME_DIR/data\n",
                "DL3044"
            )
            .len(),
            1
        );
        for env in [
            "ENV A=1 B=${A:+set}",
            "ENV A=1 B=pre${A}post",
            "ENV A=x B=\"a $A b\"",
        ] {
            let src = format!("FROM debian:12\n{env}\n");
            assert_eq!(codes(&src, "DL3044"), vec![2], "{env}");
        }
        // A variable of another stage does not matter; only this ENV's keys do.
        let src = "FROM debian:12 AS a\nENV A=1\nFROM debian:12\nENV B=$A\n";
        assert!(codes(src, "DL3044").is_empty());
        // ARG is another instruction.
        assert!(codes("FROM debian:12\nARG A=1\nENV B=$A\n", "DL3044").is_empty());
    }
}
