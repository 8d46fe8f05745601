//! "Did you mean": the closest candidate by edit distance, if it is close enough.

use std::collections::BTreeMap;

/// How far `candidate` may be from a word of `len` characters to be suggested.
fn limit(len: usize) -> usize {
    (len / 3).max(1)
}

/// The candidate closest to `word`, when it is within a third of the word's length
/// (at least one edit). Ties go to the first candidate, so callers pass sorted input.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let len = word.chars().count();
    let limit = limit(len);
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if candidate == word || candidate.chars().count().abs_diff(len) > limit {
            continue;
        }
        let distance = if candidate.eq_ignore_ascii_case(word) {
            0
        } else {
            strsim::damerau_levenshtein(word, candidate)
        };
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Many names, indexed by length so a lookup only compares names that could be close,
/// with a budget of comparisons so that a repository with thousands of unknown names
/// still lints in linear time (past the budget, no suggestion is made).
pub struct Suggester {
    by_length: BTreeMap<usize, Vec<String>>,
    budget: usize,
}

impl Suggester {
    /// Comparisons allowed over one lint run.
    const BUDGET: usize = 200_000;

    pub fn new(mut names: Vec<String>) -> Self {
        names.sort();
        let mut by_length: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        for name in names {
            by_length
                .entry(name.chars().count())
                .or_default()
                .push(name);
        }
        Suggester {
            by_length,
            budget: Self::BUDGET,
        }
    }

    /// The closest name accepted by `filter`, in sorted order among equals.
    pub fn closest(&mut self, word: &str, filter: impl Fn(&str) -> bool) -> Option<String> {
        let len = word.chars().count();
        let limit = limit(len);
        let mut candidates: Vec<&str> = Vec::new();
        for names in self
            .by_length
            .range(len.saturating_sub(limit)..=len + limit)
            .map(|(_, v)| v)
        {
            candidates.extend(names.iter().map(String::as_str).filter(|n| filter(n)));
        }
        if candidates.len() > self.budget {
            self.budget = 0;
            return None;
        }
        self.budget -= candidates.len();
        candidates.sort_unstable();
        closest(word, candidates).map(str::to_string)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn the_suggester_filters_and_stops_at_its_budget() {
        let mut s = Suggester::new(vec!["buyer".into(), "clener".into(), "cleaner".into()]);
        assert_eq!(s.closest("cleanr", |_| true), Some("cleaner".into()));
        assert_eq!(
            s.closest("cleanr", |n| n != "cleaner"),
            Some("clener".into())
        );
        s.budget = 0;
        assert_eq!(s.closest("cleanr", |_| true), None);
    }
}
