//! "Did you mean": the closest candidate by edit distance, if it is close enough.

use std::collections::BTreeMap;

use rayon::prelude::*;

/// Lookups among more candidates than this are searched in parallel parts.
const PARALLEL_LOOKUP: usize = 8192;

/// Words longer than this get no suggestion.
const MAX_WORD: usize = 64;

/// How far `candidate` may be from a word of `len` characters to be suggested.
fn limit(len: usize) -> usize {
    (len / 3).max(1)
}

/// The candidate closest to `word`, when it is within a third of the word's length
/// (at least one edit). Ties go to the first candidate, so callers pass sorted input.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    ranked(word, candidates).map(|(c, _)| c)
}

/// [`closest`], and whether it is the only candidate at its distance (a suggestion a fix
/// may apply without asking).
pub fn ranked<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<(&'a str, bool)> {
    nearest(
        word,
        candidates.into_iter().map(|c| (c, c.chars().count())),
        Tie::First,
    )
    .map(|n| (n.name, n.count == 1))
}

/// Which of two candidates at the same distance wins.
#[derive(Clone, Copy, PartialEq)]
enum Tie {
    /// The one met first (callers pass sorted input).
    First,
    /// The one that sorts first, in whatever order they come.
    Smallest,
}

/// The nearest candidate found, and how many are at its distance.
#[derive(Clone, Copy)]
struct Nearest<'a> {
    distance: usize,
    name: &'a str,
    count: usize,
}

/// The nearest of `candidates`, given with their length in characters.
fn nearest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = (&'a str, usize)>,
    tie: Tie,
) -> Option<Nearest<'a>> {
    let len = word.chars().count();
    // Edit distance costs the product of the lengths: no one mistypes a name this long.
    if len > MAX_WORD {
        return None;
    }
    let limit = limit(len);
    let mut best: Option<Nearest<'a>> = None;
    for (candidate, candidate_len) in candidates {
        if candidate == word || candidate_len.abs_diff(len) > limit {
            continue;
        }
        let distance = if candidate.eq_ignore_ascii_case(word) {
            0
        } else if bag_distance(word, candidate).is_some_and(|d| d > limit) {
            // Cheaply known to be too far: no need for the full distance.
            continue;
        } else {
            strsim::damerau_levenshtein(word, candidate)
        };
        if distance > limit {
            continue;
        }
        match &mut best {
            Some(b) if distance == b.distance => {
                b.count += 1;
                if tie == Tie::Smallest && candidate < b.name {
                    b.name = candidate;
                }
            }
            Some(b) if distance > b.distance => {}
            _ => {
                best = Some(Nearest {
                    distance,
                    name: candidate,
                    count: 1,
                })
            }
        }
    }
    best
}

/// The nearest of two parts' nearest ([`Tie::Smallest`]), so that a long list of
/// candidates can be searched in parallel parts with the same answer.
fn merge<'a>(a: Option<Nearest<'a>>, b: Option<Nearest<'a>>) -> Option<Nearest<'a>> {
    match (a, b) {
        (None, x) | (x, None) => x,
        (Some(a), Some(b)) => Some(match a.distance.cmp(&b.distance) {
            std::cmp::Ordering::Less => a,
            std::cmp::Ordering::Greater => b,
            std::cmp::Ordering::Equal => Nearest {
                distance: a.distance,
                name: a.name.min(b.name),
                count: a.count + b.count,
            },
        }),
    }
}

/// A lower bound of the edit distance of two ASCII words (`None` for others): each
/// edit, a transposition included, changes the multiset of characters by at most one on
/// each side, so the larger of the two one-sided differences of the multisets is at most
/// the distance. Linear, and enough to skip most candidates without the full distance.
fn bag_distance(a: &str, b: &str) -> Option<usize> {
    if !a.is_ascii() || !b.is_ascii() {
        return None;
    }
    let mut counts = [0i32; 128];
    for &c in a.as_bytes() {
        counts[usize::from(c)] += 1;
    }
    for &c in b.as_bytes() {
        counts[usize::from(c)] -= 1;
    }
    let (mut only_a, mut only_b) = (0, 0);
    for n in counts {
        if n > 0 {
            only_a += n as usize;
        } else {
            only_b += (-n) as usize;
        }
    }
    Some(only_a.max(only_b))
}

/// Many names, each with a tag (its kind, say), indexed by length so a lookup only
/// compares names that could be close, with a budget of comparisons so that a repository
/// with thousands of unknown names still lints in linear time (past the budget, no
/// suggestion is made). Candidates are counted against the budget as they are found, so
/// a lookup never costs more than what is left of it.
pub struct Suggester<'a, T> {
    by_length: BTreeMap<usize, Vec<(&'a str, T)>>,
    budget: usize,
}

impl<'a, T: Copy> Suggester<'a, T> {
    /// Comparisons allowed over one lint run.
    pub const BUDGET: usize = 200_000;

    /// How many comparisons have been made.
    pub fn used(&self) -> usize {
        Self::BUDGET - self.budget
    }

    /// The names in any order: a lookup's answer does not depend on it.
    pub fn new(names: Vec<(&'a str, T)>) -> Self {
        let mut by_length: BTreeMap<usize, Vec<(&'a str, T)>> = BTreeMap::new();
        for (name, tag) in names {
            by_length
                .entry(name.chars().count())
                .or_default()
                .push((name, tag));
        }
        Suggester {
            by_length,
            budget: Self::BUDGET,
        }
    }

    /// The closest name whose tag is accepted by `filter`, in sorted order among equals.
    pub fn closest(&mut self, word: &str, filter: impl Fn(T) -> bool) -> Option<String> {
        self.ranked(word, filter).map(|(name, _)| name)
    }

    /// [`Suggester::closest`], and whether it is the only name at its distance.
    pub fn ranked(&mut self, word: &str, filter: impl Fn(T) -> bool) -> Option<(String, bool)> {
        let len = word.chars().count();
        if len > MAX_WORD {
            return None;
        }
        let limit = limit(len);
        // Every name looked at counts, accepted by `filter` or not: scanning thousands of
        // names of another kind for each of thousands of unknown words is the quadratic
        // path the budget is there to stop.
        let mut candidates: Vec<(&str, usize)> = Vec::new();
        let mut scanned = 0;
        let in_reach = self
            .by_length
            .range(len.saturating_sub(limit)..=len + limit)
            .flat_map(|(length, v)| v.iter().map(move |(name, tag)| (*name, *length, *tag)));
        for (name, length, tag) in in_reach {
            if scanned == self.budget {
                self.budget = 0;
                return None;
            }
            scanned += 1;
            if filter(tag) {
                candidates.push((name, length));
            }
        }
        self.budget -= scanned;
        // Ties go to the name that sorts first, without sorting them all; a long list is
        // searched in parallel parts.
        let found = if candidates.len() >= PARALLEL_LOOKUP {
            candidates
                .par_chunks(PARALLEL_LOOKUP / 2)
                .map(|part| nearest(word, part.iter().copied(), Tie::Smallest))
                .reduce(|| None, merge)
        } else {
            nearest(word, candidates, Tie::Smallest)
        };
        found.map(|n| (n.name.to_string(), n.count == 1))
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
        assert_eq!(ranked("ofice_worker", names), Some(("office_worker", true)));
        assert_eq!(ranked("cat", ["bat", "car"]), Some(("bat", false)));
        assert_eq!(
            closest("satisfation", ["satisfaction", "travel"]),
            Some("satisfaction")
        );
    }

    #[test]
    fn a_lookup_does_not_depend_on_the_order_of_the_names() {
        let names = ["car", "bat", "cat_", "hat", "dog"];
        let mut reversed = names;
        reversed.reverse();
        for order in [names, reversed] {
            let mut suggester = Suggester::new(order.iter().map(|n| (*n, ())).collect());
            // Three names at one edit from `cat`: the one that sorts first, not unique.
            assert_eq!(
                suggester.ranked("cat", |_| true),
                Some(("bat".to_string(), false))
            );
            assert_eq!(
                suggester.ranked("dgo", |_| true),
                Some(("dog".to_string(), true))
            );
        }
    }

    #[test]
    fn a_long_lookup_in_parallel_parts_agrees_with_one_pass() {
        let mut names: Vec<String> = (0..30_000).map(|i| format!("name_{i}")).collect();
        names.push("nmae_1".to_string());
        names.sort();
        let mut suggester = Suggester::new(names.iter().map(|n| (n.as_str(), ())).collect());
        for word in ["name_1234x", "nme_5", "name_", "name_29999", "zzzz_1"] {
            let one_pass = ranked(word, names.iter().map(String::as_str))
                .map(|(near, unique)| (near.to_string(), unique));
            assert_eq!(suggester.ranked(word, |_| true), one_pass, "{word}");
        }
    }

    #[test]
    fn the_bag_distance_never_exceeds_the_edit_distance() {
        let words = [
            "office_worker",
            "ofice_worker",
            "officeworker",
            "buyer",
            "byuer",
            "cleaner",
            "clener",
            "staff_1_0",
            "staff_10_0",
            "head_1",
            "dept_20",
            "x",
            "",
        ];
        for a in words {
            for b in words {
                let bound = bag_distance(a, b).unwrap();
                assert!(bound <= strsim::damerau_levenshtein(a, b), "{a} {b}");
            }
        }
        assert_eq!(bag_distance("é", "e"), None);
    }

    #[test]
    fn very_long_words_get_no_suggestion() {
        let long = "a".repeat(10_000);
        let near = format!("{long}b");
        assert_eq!(closest(&long, [near.as_str()]), None);
        let mut s = Suggester::new(vec![(near.as_str(), ())]);
        assert_eq!(s.closest(&long, |_| true), None);
        assert_eq!(s.budget, Suggester::<()>::BUDGET);
    }

    #[test]
    fn the_suggester_filters_and_stops_at_its_budget() {
        let mut s = Suggester::new(vec![("buyer", 1), ("clener", 2), ("cleaner", 1)]);
        assert_eq!(s.closest("cleanr", |_| true), Some("cleaner".into()));
        assert_eq!(s.closest("cleanr", |tag| tag == 2), Some("clener".into()));
        assert_eq!(s.budget, Suggester::<i32>::BUDGET - 6);
        s.budget = 0;
        assert_eq!(s.closest("cleanr", |_| true), None);
    }
}
