//! Helpers shared by rules.

/// The character [`expand_marking_unknown`] puts where a variable with no known
/// value was.
pub const UNKNOWN_VALUE: char = '\u{0}';

/// Expand `text` like [`Model::expand`](crate::semantic::Model::expand), but every
/// variable with no known value (declared without default, set by the base image,
/// or undeclared) expands to [`UNKNOWN_VALUE`] instead of nothing, so a caller can
/// tell `$X/app` (unknown start) from `/app/$X` (absolute whatever `X` is). `None`
/// when BuildKit would reject the word.
pub fn expand_marking_unknown(
    model: &crate::semantic::Model<'_>,
    index: usize,
    text: &str,
) -> Option<String> {
    struct Marking<'s>(&'s crate::semantic::Scope);
    impl crate::semantic::expand::Env for Marking<'_> {
        fn get(&self, name: &str) -> Option<&str> {
            Some(
                self.0
                    .get(name)
                    .and_then(|v| v.value.as_deref())
                    .unwrap_or("\u{0}"),
            )
        }
    }
    let lex = crate::semantic::expand::Lex::new(model.dockerfile().escape());
    lex.process_word(text, &Marking(model.scope(index)))
        .ok()
        .map(|e| e.value)
}
