//! The exec-form JSON array, read the way BuildKit reads it (Go's `encoding/json`
//! decoder: the first JSON value is read and anything after it is ignored).

/// One decoded string of the array, with its literal's offsets in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct JsonString {
    pub value: String,
    pub start: usize,
    pub end: usize,
}

/// What the text turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum JsonArray {
    /// A valid array of strings; `end` is the offset just after `]`.
    Strings(Vec<JsonString>, usize),
    /// Valid JSON, but an element is not a string: BuildKit rejects the file.
    NotStrings,
    /// Not a JSON array: BuildKit falls back to the shell form.
    Invalid,
}

/// Deepest nesting accepted inside an element (Go's decoder stops at 10000).
const MAX_DEPTH: usize = 10_000;

/// Parse `s`, which must start with `[` (after the caller trimmed leading space).
pub(crate) fn parse_array(s: &str) -> JsonArray {
    let b = s.as_bytes();
    if b.first() != Some(&b'[') {
        return JsonArray::Invalid;
    }
    let mut p = Cursor::new(s);
    p.i = 1;
    let mut out = Vec::new();
    let mut all_strings = true;
    p.ws();
    if p.peek() == Some(b']') {
        return JsonArray::Strings(out, p.i + 1);
    }
    loop {
        p.ws();
        match p.peek() {
            Some(b'"') => {
                let start = p.i;
                match p.string() {
                    Some(v) => out.push(JsonString {
                        value: v,
                        start,
                        end: p.i,
                    }),
                    None => return JsonArray::Invalid,
                }
            }
            Some(_) => {
                if !p.skip_value() {
                    return JsonArray::Invalid;
                }
                all_strings = false;
            }
            None => return JsonArray::Invalid,
        }
        p.ws();
        match p.peek() {
            Some(b',') => p.i += 1,
            Some(b']') => {
                let end = p.i + 1;
                return if all_strings {
                    JsonArray::Strings(out, end)
                } else {
                    JsonArray::NotStrings
                };
            }
            _ => return JsonArray::Invalid,
        }
    }
}

/// A reader of JSON text with Go's `encoding/json` rules (bad surrogates become
/// U+FFFD, nesting up to 10000 levels), shared by the exec form and the JSON form
/// of the `syntax` directive.
pub(crate) struct Cursor<'a> {
    b: &'a [u8],
    s: &'a str,
    i: usize,
}

impl<'a> Cursor<'a> {
    /// A reader at the start of `s`.
    pub(crate) fn new(s: &'a str) -> Self {
        Cursor {
            b: s.as_bytes(),
            s,
            i: 0,
        }
    }

    /// Whether every byte has been read.
    pub(crate) fn at_end(&self) -> bool {
        self.i >= self.b.len()
    }

    /// The next byte.
    pub(crate) fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    /// Consume `c` if it is next.
    pub(crate) fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    /// Skip JSON whitespace.
    pub(crate) fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    /// Decode a string starting at `"`; `None` on a syntax error.
    pub(crate) fn string(&mut self) -> Option<String> {
        self.i += 1;
        let mut out = String::new();
        loop {
            let run_start = self.i;
            while let Some(c) = self.peek() {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.i += 1;
            }
            out.push_str(self.s.get(run_start..self.i)?);
            match self.peek()? {
                b'"' => {
                    self.i += 1;
                    return Some(out);
                }
                b'\\' => {
                    self.i += 1;
                    let e = self.peek()?;
                    self.i += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            if (0xD800..0xDC00).contains(&hi) {
                                // A high surrogate: combine with a following low one.
                                let save = self.i;
                                if self.b.get(self.i) == Some(&b'\\')
                                    && self.b.get(self.i + 1) == Some(&b'u')
                                {
                                    self.i += 2;
                                    if let Some(lo) = self.hex4() {
                                        if (0xDC00..0xE000).contains(&lo) {
                                            let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                                            out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
                                            continue;
                                        }
                                    }
                                }
                                self.i = save;
                                out.push('\u{FFFD}');
                            } else {
                                out.push(char::from_u32(hi).unwrap_or('\u{FFFD}'));
                            }
                        }
                        _ => return None,
                    }
                }
                _ => return None, // a control character
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let h = self.s.get(self.i..self.i + 4)?;
        if !h.bytes().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        self.i += 4;
        u32::from_str_radix(h, 16).ok()
    }

    /// Skip one JSON value of any type; false on a syntax error. Iterative, so deep
    /// nesting cannot overflow the stack.
    pub(crate) fn skip_value(&mut self) -> bool {
        // Each entry: true for an object, false for an array.
        let mut stack: Vec<bool> = Vec::new();
        loop {
            self.ws();
            // Read one value start.
            match self.peek() {
                Some(b'{') => {
                    self.i += 1;
                    self.ws();
                    if self.peek() == Some(b'}') {
                        self.i += 1;
                    } else {
                        if stack.len() >= MAX_DEPTH {
                            return false;
                        }
                        stack.push(true);
                        if !self.object_key() {
                            return false;
                        }
                        continue;
                    }
                }
                Some(b'[') => {
                    self.i += 1;
                    self.ws();
                    if self.peek() == Some(b']') {
                        self.i += 1;
                    } else {
                        if stack.len() >= MAX_DEPTH {
                            return false;
                        }
                        stack.push(false);
                        continue;
                    }
                }
                Some(b'"') => {
                    if self.string().is_none() {
                        return false;
                    }
                }
                Some(b't') => {
                    if !self.literal("true") {
                        return false;
                    }
                }
                Some(b'f') => {
                    if !self.literal("false") {
                        return false;
                    }
                }
                Some(b'n') => {
                    if !self.literal("null") {
                        return false;
                    }
                }
                Some(b'-' | b'0'..=b'9') => {
                    if !self.number() {
                        return false;
                    }
                }
                _ => return false,
            }
            // After a complete value: close containers or continue with siblings.
            loop {
                let Some(&is_object) = stack.last() else {
                    return true;
                };
                self.ws();
                match self.peek() {
                    Some(b',') => {
                        self.i += 1;
                        if is_object && !self.object_key() {
                            return false;
                        }
                        break;
                    }
                    Some(b'}') if is_object => {
                        self.i += 1;
                        stack.pop();
                    }
                    Some(b']') if !is_object => {
                        self.i += 1;
                        stack.pop();
                    }
                    _ => return false,
                }
            }
        }
    }

    /// `"key" :` inside an object.
    fn object_key(&mut self) -> bool {
        self.ws();
        if self.peek() != Some(b'"') || self.string().is_none() {
            return false;
        }
        self.ws();
        if self.peek() != Some(b':') {
            return false;
        }
        self.i += 1;
        true
    }

    fn literal(&mut self, word: &str) -> bool {
        if self.b[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            true
        } else {
            false
        }
    }

    fn number(&mut self) -> bool {
        let digits = |c: &mut Self| {
            let start = c.i;
            while matches!(c.peek(), Some(b'0'..=b'9')) {
                c.i += 1;
            }
            c.i > start
        };
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek() {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                digits(self);
            }
            _ => return false,
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if !digits(self) {
                return false;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if !digits(self) {
                return false;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(s: &str) -> Option<Vec<String>> {
        match parse_array(s) {
            JsonArray::Strings(v, _) => Some(v.into_iter().map(|j| j.value).collect()),
            _ => None,
        }
    }

    #[test]
    fn arrays_of_strings() {
        assert_eq!(strings("[]"), Some(vec![]));
        assert_eq!(
            strings("[ \"a\" , \"b\" ]"),
            Some(vec!["a".into(), "b".into()])
        );
        assert_eq!(
            strings(r#"["\" \\ \/ \b \f \n \r \t \u0000 \u2665"]"#),
            Some(vec!["\" \\ / \u{8} \u{c} \n \r \t \u{0} ♥".into()])
        );
        assert_eq!(
            strings(r#"["\ud83d\ude00", "\ud800"]"#),
            Some(vec!["😀".into(), "\u{FFFD}".into()])
        );
    }

    #[test]
    fn trailing_text_after_the_array_is_ignored() {
        assert_eq!(strings("[\"a\"] b"), Some(vec!["a".into()]));
    }

    #[test]
    fn non_string_elements_are_rejected_only_when_the_json_is_valid() {
        assert_eq!(parse_array("[\"a\", 1]"), JsonArray::NotStrings);
        assert_eq!(
            parse_array("[\"a\", {\"b\": [1, null, true]}]"),
            JsonArray::NotStrings
        );
        assert_eq!(parse_array("[1, \"a\""), JsonArray::Invalid);
        assert_eq!(parse_array("['a']"), JsonArray::Invalid);
        assert_eq!(parse_array("[\"a\nb\"]"), JsonArray::Invalid);
        assert_eq!(parse_array("[01]"), JsonArray::Invalid);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let deep = format!("[{}", "[".repeat(200_000));
        assert_eq!(parse_array(&deep), JsonArray::Invalid);
        let ok = format!("[{}{}]", "[".repeat(5000), "]".repeat(5000));
        assert_eq!(parse_array(&ok), JsonArray::NotStrings);
    }
}
