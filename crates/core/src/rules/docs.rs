//! Rule documentation: the examples in a rule's doc comment, and the Markdown page
//! that `dockwright explain` prints.

use super::RuleMeta;

/// The `dockerfile` code blocks of a rule's documentation, split into those that
/// must trigger the rule (under *Example*, before "Use instead:") and those that
/// must not (after "Use instead:").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Examples {
    /// Files the rule reports.
    pub bad: Vec<String>,
    /// Files the rule accepts.
    pub good: Vec<String>,
}

/// Extract the examples of a rule's documentation.
pub fn examples(docs: &str) -> Examples {
    let mut ex = Examples::default();
    let mut in_example = false;
    let mut good = false;
    let mut block: Option<String> = None;
    for raw in docs.lines() {
        // Doc comments keep the space after `///`.
        let line = raw.strip_prefix(' ').unwrap_or(raw);
        if let Some(b) = block.as_mut() {
            if line.trim_start().starts_with("```") {
                let text = std::mem::take(b);
                block = None;
                if in_example {
                    if good {
                        ex.good.push(text);
                    } else {
                        ex.bad.push(text);
                    }
                }
            } else {
                b.push_str(line);
                b.push('\n');
            }
            continue;
        }
        let t = line.trim();
        if let Some(h) = t.strip_prefix("## ") {
            in_example = h.trim().eq_ignore_ascii_case("example")
                || h.trim().eq_ignore_ascii_case("examples");
            good = false;
        } else if t.to_ascii_lowercase().starts_with("use instead") {
            good = true;
        } else if t.starts_with("```dockerfile") || t.starts_with("```Dockerfile") {
            block = Some(String::new());
        } else if t.starts_with("```") {
            // Another language: skip the block.
            block = None;
            let _ = t;
        }
    }
    ex
}

/// The documentation page of a rule, in Markdown.
pub fn page(meta: &RuleMeta) -> String {
    let mut out = format!(
        "# {} `{}`\n\nCategory: {} · Default severity: {} · Fix: {}{}{}\n\n",
        meta.code,
        meta.name,
        meta.category,
        meta.severity,
        match meta.fix {
            super::FixAvailability::None => "none",
            super::FixAvailability::Sometimes => "sometimes",
            super::FixAvailability::Always => "always",
        },
        if meta.default_enabled {
            ""
        } else {
            " · Off by default"
        },
        meta.buildkit
            .map(|b| format!(" · BuildKit check: `{b}`"))
            .unwrap_or_default(),
    );
    for line in meta.docs.lines() {
        out.push_str(line.strip_prefix(' ').unwrap_or(line));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_bad_and_good_examples() {
        let docs = " ## What it does\n x\n ## Example\n ```dockerfile\n FROM a\n ```\n Use instead:\n ```dockerfile\n FROM a:1\n ```\n ## Fix\n ```dockerfile\n FROM ignored\n ```\n";
        let ex = examples(docs);
        assert_eq!(ex.bad, vec!["FROM a\n".to_string()]);
        assert_eq!(ex.good, vec!["FROM a:1\n".to_string()]);
    }
}
