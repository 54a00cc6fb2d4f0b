//! Rule documentation: the examples in a rule's doc comment, and the Markdown page
//! that `dockwright explain` prints.

use super::RuleMeta;
use crate::config::{Config, LabelType};

/// One `dockerfile` block of a rule's documentation.
///
/// The words after `dockerfile` on the opening fence configure the run, for rules
/// that only work with configuration: `label-schema=KEY:TYPE[,KEY:TYPE...]`,
/// `strict-labels`, `trusted-registry=HOST[,HOST...]`, `build-arg=NAME=VALUE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The Dockerfile.
    pub text: String,
    /// The configuration its fence asks for (the default configuration otherwise).
    pub config: Config,
}

/// The `dockerfile` code blocks of a rule's documentation, split into those that
/// must trigger the rule (under *Example*, before "Use instead:") and those that
/// must not (after "Use instead:").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Examples {
    /// Files the rule reports.
    pub bad: Vec<Example>,
    /// Files the rule accepts.
    pub good: Vec<Example>,
}

/// The configuration named by the words of a fence's info string.
pub fn example_config(info: &str) -> Config {
    let mut config = Config::default();
    for word in info.split_whitespace() {
        if let Some(list) = word.strip_prefix("label-schema=") {
            for entry in list.split(',') {
                if let Some((k, t)) = entry.split_once(':') {
                    if let Some(t) = LabelType::parse(t) {
                        config.label_schema.insert(k.to_string(), t);
                    }
                }
            }
        } else if word == "strict-labels" {
            config.strict_labels = true;
        } else if let Some(list) = word.strip_prefix("trusted-registry=") {
            config
                .trusted_registries
                .extend(list.split(',').map(str::to_string));
        } else if let Some(kv) = word.strip_prefix("build-arg=") {
            if let Some((k, v)) = kv.split_once('=') {
                config.build_args.insert(k.to_string(), v.to_string());
            }
        }
    }
    config
}

/// Extract the examples of a rule's documentation.
pub fn examples(docs: &str) -> Examples {
    let mut ex = Examples::default();
    let mut in_example = false;
    let mut good = false;
    let mut block: Option<Example> = None;
    for raw in docs.lines() {
        // Doc comments keep the space after `///`.
        let line = raw.strip_prefix(' ').unwrap_or(raw);
        if let Some(b) = block.as_mut() {
            if line.trim_start().starts_with("```") {
                let done = Example {
                    text: std::mem::take(&mut b.text),
                    config: b.config.clone(),
                };
                block = None;
                if in_example {
                    if good {
                        ex.good.push(done);
                    } else {
                        ex.bad.push(done);
                    }
                }
            } else {
                b.text.push_str(line);
                b.text.push('\n');
            }
            continue;
        }
        let t = line.trim();
        if let Some(h) = t.strip_prefix("## ") {
            let h = h.trim();
            in_example = h.eq_ignore_ascii_case("example") || h.eq_ignore_ascii_case("examples");
            good = false;
        } else if t.to_ascii_lowercase().starts_with("use instead") {
            good = true;
        } else if let Some(info) = t
            .strip_prefix("```dockerfile")
            .or_else(|| t.strip_prefix("```Dockerfile"))
        {
            block = Some(Example {
                text: String::new(),
                config: example_config(info),
            });
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
        let docs = " ## What it does\n x\n ## Example\n ```dockerfile strict-labels label-schema=a:url\n FROM a\n ```\n Use instead:\n ```dockerfile\n FROM a:1\n ```\n ## Fix\n ```dockerfile\n FROM ignored\n ```\n";
        let ex = examples(docs);
        assert_eq!(ex.bad.len(), 1);
        assert_eq!(ex.bad[0].text, "FROM a\n");
        assert!(ex.bad[0].config.strict_labels);
        assert_eq!(
            ex.bad[0].config.label_schema.get("a"),
            Some(&LabelType::Url)
        );
        assert_eq!(ex.good[0].text, "FROM a:1\n");
        assert_eq!(ex.good[0].config, Config::default());
    }
}
