//! Heredoc markers on RUN/COPY/ADD lines, found the way BuildKit finds them: the
//! line is split into words by BuildKit's word lexer (quotes, escapes and unset
//! variables kept raw), and each word is matched against `^(\d*)<<(-?)\s*([^<]*)$`.

use crate::semantic::expand::{EmptyEnv, Lex};

/// A heredoc marker found on an instruction line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HeredocMarker {
    pub name: String,
    pub fd: u64,
    pub expand: bool,
    pub chomp: bool,
    /// Offsets of the marker word in the line.
    pub start: usize,
    pub end: usize,
}

/// What one heredoc marker word means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeredocWord {
    /// The delimiter, unquoted.
    pub name: String,
    /// The file descriptor before `<<` (0 when absent).
    pub fd: u64,
    /// False when any part of the delimiter was quoted.
    pub expand: bool,
    /// True for `<<-`.
    pub chomp: bool,
}

/// BuildKit's `ParseHeredoc`: whether `word` is a heredoc marker such as `<<EOF`,
/// `<<-'EOF'`, `3<<EOF` or `<< EOF`. `Err` for a malformed delimiter
/// (an unterminated quote), which makes BuildKit refuse the file.
pub fn parse_heredoc_word(word: &str) -> Result<Option<HeredocWord>, String> {
    let b = word.as_bytes();
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let digits = &word[..i];
    if !word[i..].starts_with("<<") {
        return Ok(None);
    }
    i += 2;
    let chomp = b.get(i) == Some(&b'-');
    if chomp {
        i += 1;
    }
    while i < b.len() && matches!(b[i], b'\t' | b'\n' | 0x0c | b'\r' | b' ') {
        i += 1;
    }
    let rest = &word[i..];
    if rest.is_empty() || rest.contains('<') {
        return Ok(None);
    }
    let fd = if digits.is_empty() {
        0
    } else {
        digits.parse::<u64>().unwrap_or(u64::MAX)
    };
    let mut lex = Lex::new('\\');
    lex.skip_unset_env = true;
    let words = lex
        .process_words(rest, &EmptyEnv)
        .map_err(|e| e.to_string())?;
    if words.len() != 1 {
        return Ok(None);
    }
    lex.raw_quotes = true;
    let raw = lex
        .process_words(rest, &EmptyEnv)
        .map_err(|e| e.to_string())?;
    if raw.len() != words.len() {
        return Err(format!(
            "internal lexing of heredoc produced inconsistent results: {rest}"
        ));
    }
    let quotes = |s: &str| s.matches(['\'', '"']).count();
    let name = words.into_iter().next().unwrap_or_default();
    let expand = quotes(&name) == raw.first().map(|r| quotes(r)).unwrap_or(0);
    Ok(Some(HeredocWord {
        name,
        fd,
        expand,
        chomp,
    }))
}

/// BuildKit's `heredocsFromLine`: the heredoc markers of an instruction line, in
/// order. A line the word lexer cannot read has none; a malformed delimiter is an
/// error.
pub(crate) fn find_heredocs(line: &str) -> Result<Vec<HeredocMarker>, String> {
    let mut lex = Lex::new('\\');
    lex.raw_quotes = true;
    lex.raw_escapes = true;
    lex.skip_unset_env = true;
    let Ok(words) = lex.process_words(line, &EmptyEnv) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let mut from = 0;
    for w in words {
        let found = line
            .get(from..)
            .and_then(|s| s.find(w.as_str()))
            .map(|i| from + i);
        let Some(h) = parse_heredoc_word(&w)? else {
            if let Some(q) = found {
                from = q + w.len();
            }
            continue;
        };
        let (start, end) = match found {
            Some(q) => (q, q + w.len()),
            None => {
                let p = line
                    .get(from..)
                    .and_then(|s| s.find("<<"))
                    .map(|i| from + i)
                    .unwrap_or(from.min(line.len()));
                let end = line
                    .get(p..)
                    .and_then(|s| s.find(char::is_whitespace))
                    .map(|i| p + i)
                    .unwrap_or(line.len());
                (p, end.max(p))
            }
        };
        from = end;
        out.push(HeredocMarker {
            name: h.name,
            fd: h.fd,
            expand: h.expand,
            chomp: h.chomp,
            start,
            end,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str) -> Vec<String> {
        find_heredocs(line)
            .unwrap()
            .into_iter()
            .map(|h| h.name)
            .collect()
    }

    #[test]
    fn marker_forms() {
        assert_eq!(names("RUN <<EOF"), vec!["EOF"]);
        assert_eq!(names("RUN <<-EOF"), vec!["EOF"]);
        // `<<-` followed by a space: BuildKit's lexer only keeps the spaces right
        // after `<<` in the marker word, so `<<-` and `EOF` are two words and there
        // is no heredoc (BuildKit's own table test only checks heredocs it finds).
        assert!(names("RUN <<- EOF").is_empty());
        assert_eq!(names("RUN << -EOF"), vec!["-EOF"]);
        assert_eq!(names("RUN 4<<EOF"), vec!["EOF"]);
        assert_eq!(names("COPY <<A <<B /dst"), vec!["A", "B"]);
        assert!(names("RUN '<<EOF'").is_empty());
        assert!(names("RUN \"<<EOF\"").is_empty());
        assert!(names("RUN cat<<EOF").is_empty());
    }

    #[test]
    fn quoting_turns_expansion_off() {
        let h = find_heredocs("RUN <<'EOF' <<\"X\" <<E\"O\"F <<PLAIN").unwrap();
        let v: Vec<(&str, bool)> = h.iter().map(|h| (h.name.as_str(), h.expand)).collect();
        assert_eq!(
            v,
            vec![
                ("EOF", false),
                ("X", false),
                ("EOF", false),
                ("PLAIN", true)
            ]
        );
    }

    #[test]
    fn marker_offsets() {
        let line = "RUN 3<<-EOF cat";
        let h = find_heredocs(line).unwrap();
        assert_eq!(&line[h[0].start..h[0].end], "3<<-EOF");
        assert_eq!(h[0].fd, 3);
        assert!(h[0].chomp);
    }

    #[test]
    fn malformed_delimiters() {
        assert!(parse_heredoc_word("<<'EOF").is_err());
        assert!(parse_heredoc_word("<<EOF\"").is_err());
        assert_eq!(parse_heredoc_word("<<EOF sh").unwrap(), None);
        assert_eq!(parse_heredoc_word("<<<EOF").unwrap(), None);
        assert_eq!(parse_heredoc_word("<<").unwrap(), None);
    }
}
