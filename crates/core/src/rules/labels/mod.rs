//! Rules about image labels (hadolint's label schema) and suppression pragmas.

use super::Rule;

mod dl1001_inline_ignore_pragma;
mod dl3048_invalid_label_key;
mod dl3049_missing_label;
mod dl3050_superfluous_label;
mod dl3051_empty_label;
mod dl3052_label_not_url;
mod dl3053_label_not_rfc3339;
mod dl3054_label_not_spdx;
mod dl3055_label_not_git_hash;
mod dl3056_label_not_semver;
mod dl3058_label_not_email;
mod schema;
mod spdx_ids;

pub use dl1001_inline_ignore_pragma::InlineIgnorePragma;
pub use dl3048_invalid_label_key::InvalidLabelKey;
pub use dl3049_missing_label::MissingLabel;
pub use dl3050_superfluous_label::SuperfluousLabel;
pub use dl3051_empty_label::EmptyLabel;
pub use dl3052_label_not_url::NotUrlLabel;
pub use dl3053_label_not_rfc3339::NotRfc3339Label;
pub use dl3054_label_not_spdx::NotSpdxLabel;
pub use dl3055_label_not_git_hash::NotGitHashLabel;
pub use dl3056_label_not_semver::NotSemverLabel;
pub use dl3058_label_not_email::NotEmailLabel;

/// The rules of this group.
pub(crate) fn rules() -> Vec<Box<dyn Rule>> {
    let mut v: Vec<Box<dyn Rule>> = vec![Box::new(InlineIgnorePragma), Box::new(InvalidLabelKey)];
    v.extend(schema_rules());
    v
}

/// The label-schema rules: they only fire with a `label-schema` / `strict-labels`
/// configuration, which their documented examples carry in the fence's info string
/// (```` ```dockerfile label-schema=KEY:TYPE[,KEY:TYPE] strict-labels ````, read by
/// [`super::docs::examples`]).
pub(crate) fn schema_rules() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(MissingLabel),
        Box::new(SuperfluousLabel),
        Box::new(EmptyLabel),
        Box::new(NotUrlLabel),
        Box::new(NotRfc3339Label),
        Box::new(NotSpdxLabel),
        Box::new(NotGitHashLabel),
        Box::new(NotSemverLabel),
        Box::new(NotEmailLabel),
    ]
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, LabelType, Level, RuleSelector};
    use crate::Linter;

    /// The configuration an example's fence info string asks for
    /// (`dockerfile label-schema=KEY:TYPE[,KEY:TYPE] strict-labels`).
    fn config_of(info: &str) -> Config {
        let mut config = Config::default();
        for word in info.split_whitespace().skip(1) {
            if let Some(list) = word.strip_prefix("label-schema=") {
                for entry in list.split(',') {
                    let (k, t) = entry.split_once(':').expect("KEY:TYPE");
                    let t = LabelType::parse(t).expect("label type");
                    config.label_schema.insert(k.to_string(), t);
                }
            } else if word == "strict-labels" {
                config.strict_labels = true;
            }
        }
        config
    }

    /// What `tests/rule_docs.rs` checks, with the configuration of the fence's info
    /// string: the schema rules' examples hold.
    #[test]
    fn schema_rule_examples_hold_with_their_configuration() {
        for rule in super::schema_rules() {
            let meta = rule.meta();
            let (mut bad, mut good) = (0, 0);
            let mut in_example = false;
            let mut use_instead = false;
            let mut block: Option<(String, String)> = None;
            for raw in meta.docs.lines() {
                let line = raw.strip_prefix(' ').unwrap_or(raw);
                if let Some((info, text)) = block.as_mut() {
                    if line.trim_start().starts_with("```") {
                        let mut config = config_of(info);
                        config.levels = vec![(
                            RuleSelector::Code(meta.code.to_string()),
                            Level::Severity(meta.severity),
                        )];
                        let mut linter = Linter::new(config);
                        let reg = linter.registry_mut();
                        reg.register(super::MissingLabel);
                        reg.register(super::SuperfluousLabel);
                        reg.register(super::EmptyLabel);
                        reg.register(super::NotUrlLabel);
                        reg.register(super::NotRfc3339Label);
                        reg.register(super::NotSpdxLabel);
                        reg.register(super::NotGitHashLabel);
                        reg.register(super::NotSemverLabel);
                        reg.register(super::NotEmailLabel);
                        let fired = linter
                            .lint(text)
                            .diagnostics
                            .iter()
                            .any(|d| d.code == meta.code);
                        assert_eq!(fired, !use_instead, "{}: {text}", meta.code);
                        if use_instead {
                            good += 1;
                        } else {
                            bad += 1;
                        }
                        block = None;
                    } else {
                        text.push_str(line);
                        text.push('\n');
                    }
                    continue;
                }
                let t = line.trim();
                if let Some(h) = t.strip_prefix("## ") {
                    in_example = h.eq_ignore_ascii_case("example");
                } else if t.to_ascii_lowercase().starts_with("use instead") {
                    use_instead = true;
                } else if in_example && t.starts_with("```dockerfile") {
                    block = Some((t.trim_start_matches('`').to_string(), String::new()));
                }
            }
            assert!(bad > 0 && good > 0, "{}", meta.code);
        }
    }
}
