//! "Did you mean": the closest candidate by edit distance, if it is close enough.

/// The candidate closest to `word`, when it is within a third of the word's length
/// (at least one edit). Ties go to the first candidate, so callers pass sorted input.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if candidate == word {
            continue;
        }
        let distance = strsim::damerau_levenshtein(word, candidate);
        let case_only = candidate.eq_ignore_ascii_case(word);
        let distance = if case_only { 0 } else { distance };
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn finds_near_misses_only() {
        let names = ["office_worker", "buyer", "cleaner"];
        assert_eq!(closest("ofice_worker", names), Some("office_worker"));
        assert_eq!(closest("Buyer", names), Some("buyer"));
        assert_eq!(closest("zzz", names), None);
        assert_eq!(
            closest("satisfation", ["satisfaction", "travel"]),
            Some("satisfaction")
        );
    }
}
