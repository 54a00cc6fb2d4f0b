use super::common::{check_pin, for_each_command, list_names, Pin};
use crate::rules::{Rule, RuleContext, RuleMeta};
use crate::shell::commands::gem::gem;

crate::declare_rule! {
    /// ## What it does
    /// Reports gems installed with `gem install` without a version (`rails` rather
    /// than `rails:7.1.3` or `rails -v 7.1.3`).
    ///
    /// ## Why
    /// Without a version, every build installs the newest release of the day: the
    /// image changes between builds of the same Dockerfile, and a new major version
    /// can break it without any change on your side. A pinned version makes the build
    /// reproducible, and makes the failure explicit when the version disappears.
    ///
    /// A version after `:` (`rails:7.1.3`, `'rails:~> 7.1'`) or a `-v`/`--version`
    /// option counts; local `.gem` files and paths need none, and the words after `--`
    /// are build options, not gems. `gem install -g Gemfile` installs what the Gemfile
    /// says. Variables are expanded with the ARG and ENV values in scope and the
    /// variables the script sets; options a variable expands to (`ARG
    /// GEM_FLAGS=--no-document`) are not gems. `gem i` is checked too, in heredoc
    /// scripts and ONBUILD triggers as well.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM ruby:3.3
    /// RUN gem install --no-document bundler
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM ruby:3.3
    /// RUN gem install --no-document bundler:2.5.16
    /// ```
    ///
    /// ## Fix
    /// None: pick the version you test against (`gem list --remote --exact <gem>`
    /// shows the newest).
    pub struct UnpinnedGem {
        code: "DL3028",
        name: "unpinned-gem",
        category: Correctness,
        severity: Warning,
        fix: None,
    }
}

/// Whether a `gem install` operand is pinned (`name:version`), or is a local gem.
pub(super) fn gem_pinned(p: &str) -> bool {
    let p = p.trim();
    p.split_once(':')
        .is_some_and(|(n, v)| !n.is_empty() && !v.trim().is_empty())
        || p.ends_with(".gem")
        || p.starts_with(['/', '.', '~'])
}

impl Rule for UnpinnedGem {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let model = ctx.model();
        for_each_command(model, |run, cmd| {
            let Some(g) = gem(cmd) else { return };
            if !g.is_install() || g.version().is_some() {
                return;
            }
            // After `--` come options for the gem's build (`-- --use-system-libraries`).
            let end = cmd
                .args()
                .iter()
                .find(|w| w.literal() == Some("--"))
                .map(|w| w.span().start)
                .unwrap_or(usize::MAX);
            for pkg in g.packages.iter().filter(|p| p.word.span().start < end) {
                let word = pkg.word;
                // Options from a variable (`ARG FLAGS=--quiet`) are not packages.
                let pinned_or_option = |w: &str| w.starts_with('-') || gem_pinned(w);
                match check_pin(&run.env, word, cmd.span.start, pinned_or_option) {
                    Pin::Pinned => {}
                    Pin::Unpinned(names) => {
                        let first = names.first().cloned().unwrap_or_default();
                        let bare = first.split(':').next().unwrap_or(&first).to_string();
                        ctx.report(
                            word.span(),
                            format!(
                                "Pin versions in gem install: {} {} no version; use `gem install {bare}:<version>`",
                                list_names(&names),
                                if names.len() == 1 { "has" } else { "have" },
                            ),
                        );
                    }
                    Pin::Unknown => {
                        ctx.report(
                            word.span(),
                            format!(
                                "Pin versions in gem install: `{}` expands to gems not known here, which may have no version",
                                word.lossy()
                            ),
                        );
                    }
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::testing::messages;
    use crate::rules::test_support::codes;

    const C: &str = "DL3028";

    #[test]
    fn unpinned_gems_are_reported() {
        for run in [
            "gem install bundler",
            "gem i bundler",
            "gem install --no-document bundler",
            "gem install -N bundler",
            "gem install bundler --pre",
            "gem install -i /usr/local/bundle bundler",
            "gem install nokogiri -- --use-system-libraries",
            "gem install rails:",
            "sudo gem install bundler",
        ] {
            let src = format!("FROM ruby:3.3\nRUN {run}\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
        }
        assert_eq!(
            codes(
                "FROM ruby:3.3\nRUN gem install bundler rake:13.2.1 rspec\n",
                C
            )
            .len(),
            2
        );
        assert_eq!(
            codes("FROM ruby:3.3\nONBUILD RUN gem install bundler\n", C),
            vec![2]
        );
        assert_eq!(
            messages("FROM ruby:3.3\nRUN gem install bundler\n", C),
            ["Pin versions in gem install: `bundler` has no version; use `gem install bundler:<version>`"]
        );
    }

    #[test]
    fn pinned_and_local_gems_are_fine() {
        for run in [
            "gem install bundler:2.5.16",
            "gem install 'rails:~> 7.1'",
            "gem install bundler -v 2.5.16",
            "gem install -v 2.5.16 bundler",
            "gem install bundler -v2.5.16",
            "gem install bundler --version 2.5.16",
            "gem install bundler --version=2.5.16",
            "gem install --no-document --source https://rubygems.org bundler:2.5.16",
            "gem install ./pkg/mygem-1.0.gem",
            "gem install mygem-1.0.gem",
            "gem install -g Gemfile",
            "gem install bundler:${BUNDLER_VERSION}",
            "gem install bundler -v \"$BUNDLER_VERSION\"",
            "gem install nokogiri:1.16.7 -- --use-system-libraries",
            "gem update --system",
            "gem list",
        ] {
            let src = format!("FROM ruby:3.3\nRUN {run}\n");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
    }

    #[test]
    fn variables_are_expanded() {
        assert!(codes(
            "FROM ruby:3.3\nARG GEMS=\"bundler:2.5.16 rake:13.2.1\"\nRUN gem install $GEMS\n",
            C
        )
        .is_empty());
        assert_eq!(codes("FROM ruby:3.3\nRUN gem install $GEMS\n", C), vec![2]);
    }

    #[test]
    fn exec_form_wrappers_and_heredocs_are_checked() {
        for run in [
            "[\"gem\", \"install\", \"rails\"]",
            "sh -c 'gem install rails'",
            "env GEM_HOME=/opt/gems gem install rails",
        ] {
            let src = format!("FROM ruby:3.3\nRUN {run}\n");
            assert_eq!(codes(&src, C), vec![2], "{src}");
            let pinned = src.replace("rails", "rails:7.1.3");
            assert!(codes(&pinned, C).is_empty(), "{pinned}");
        }
        assert_eq!(
            codes("FROM ruby:3.3\nRUN <<EOF\ngem install rails\nEOF\n", C),
            vec![3]
        );
        assert_eq!(
            codes(
                "FROM ruby:3.3\nRUN <<EOF bash\nset -e\ngem install rails:7.1.3 rake\nEOF\n",
                C
            ),
            vec![4]
        );
        assert!(codes("FROM ruby:3.3\nONBUILD RUN gem install rails:7.1.3\n", C).is_empty());
    }

    #[test]
    fn versions_from_args_and_script_variables() {
        for src in [
            "ARG V=7.1.3\nRUN gem install rails -v $V\n",
            "ARG V=7.1.3\nRUN gem install \"rails:$V\"\n",
            "RUN V=7.1.3 && gem install \"rails:$V\"\n",
        ] {
            let src = format!("FROM ruby:3.3\n{src}");
            assert!(codes(&src, C).is_empty(), "{src}");
        }
        assert_eq!(
            codes(
                "FROM ruby:3.3\nRUN GEMS='rails rake:13.2.1' && gem install $GEMS\n",
                C
            ),
            vec![2]
        );
    }

    #[test]
    fn options_from_variables_are_not_packages() {
        assert!(codes("FROM ruby:3.3\nARG GEM_FLAGS=\"--no-document --quiet\"\nRUN gem install $GEM_FLAGS rails:7.1.3\n", C).is_empty());
        assert_eq!(codes("FROM ruby:3.3\nARG GEM_FLAGS=\"--no-document --quiet\"\nRUN gem install $GEM_FLAGS rails\n", C), vec![3]);
    }
}
