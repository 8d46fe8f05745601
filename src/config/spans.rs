//! Where things are written in a YAML text, for labels.

/// Length of the token starting at `index`, for a label (at least 1 when there is text).
pub(super) fn token_len(text: &str, index: usize) -> usize {
    // libyaml's index may fall inside a multi-byte character: never slice there.
    let Some(rest) = text.get(index.min(text.len())..) else {
        return 1;
    };
    // At least the first character, whole (a no-break space is whitespace, and two bytes).
    let first = rest.chars().next().map_or(0, char::len_utf8);
    rest.find(|c: char| c == ':' || c.is_whitespace())
        .unwrap_or(rest.len())
        .max(first)
}

/// The span of a mapping key `key:` (quoted or not) in the YAML text.
pub(super) fn key_span(text: &str, key: &str) -> Option<(usize, usize)> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        for candidate in [key.to_string(), format!("\"{key}\""), format!("'{key}'")] {
            if let Some(after) = trimmed.strip_prefix(&candidate) {
                if after.trim_start().starts_with(':') {
                    return Some((offset + indent, candidate.len()));
                }
            }
        }
        offset += line.len();
    }
    None
}

/// The span of `value` on the line of `key`.
pub(super) fn value_span(text: &str, key: &str, value: &str) -> Option<(usize, usize)> {
    let (start, _) = key_span(text, key)?;
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    text[start..line_end]
        .rfind(value)
        .map(|i| (start + i, value.len()))
        .or(Some((start, key.len())))
}

pub(super) fn find_span(text: &str, needle: &str) -> Option<(usize, usize)> {
    text.find(needle).map(|i| (i, needle.len()))
}
