//! "Did you mean": the closest candidate by edit distance, if it is close enough.

use std::collections::BTreeMap;

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

/// The characters of a word as a set of 64 bits (ASCII letters folded to lower case,
/// other characters folded onto the bits): the larger of the two one-sided differences
/// of two such sets is at most the edit distance of the words, ignoring case (see
/// [`bag_distance`]: folding characters together only shrinks the difference), so most
/// names too far from a word are skipped with two instructions.
fn letters(word: &str) -> u64 {
    word.chars().fold(0, |set, c| {
        let bit = match c.to_ascii_lowercase() {
            c @ 'a'..='z' => c as u32 - 'a' as u32,
            c @ '0'..='9' => 26 + c as u32 - '0' as u32,
            '_' => 36,
            '-' => 37,
            c => 38 + c as u32 % 26,
        };
        set | 1 << bit
    })
}

/// One name a [`Suggester`] may suggest.
struct Candidate<'a> {
    name: &'a str,
    len: usize,
    letters: u64,
}

/// Many names, each with a tag (its kind, say), grouped by tag and indexed by length so
/// that a lookup only compares names of the tags it accepts that could be close. Each
/// lookup compares at most [`Suggester::MAX_COMPARED`] names, nearest lengths first, so
/// that a repository with thousands of unknown names still lints in linear time and
/// every unknown name gets the suggestion its own lookup finds.
pub struct Suggester<'a, T> {
    /// Per tag, its names by length, each list sorted.
    groups: Vec<(T, BTreeMap<usize, Vec<Candidate<'a>>>)>,
}

impl<'a, T: Copy + PartialEq> Suggester<'a, T> {
    /// Names one lookup compares at most (the closest lengths first).
    pub const MAX_COMPARED: usize = 50_000;

    /// The names in any order: a lookup's answer does not depend on it.
    pub fn new(names: impl IntoIterator<Item = (&'a str, T)>) -> Self {
        let mut groups: Vec<(T, BTreeMap<usize, Vec<Candidate<'a>>>)> = Vec::new();
        for (name, tag) in names {
            let group = match groups.iter().position(|(t, _)| *t == tag) {
                Some(i) => &mut groups[i].1,
                None => {
                    groups.push((tag, BTreeMap::new()));
                    &mut groups.last_mut().expect("just pushed").1
                }
            };
            let len = name.chars().count();
            let letters = letters(name);
            group
                .entry(len)
                .or_default()
                .push(Candidate { name, len, letters });
        }
        for (_, by_length) in &mut groups {
            for list in by_length.values_mut() {
                list.sort_unstable_by(|a, b| a.name.cmp(b.name));
            }
        }
        Suggester { groups }
    }

    /// The closest name whose tag is accepted by `filter`, in sorted order among equals.
    pub fn closest(&self, word: &str, filter: impl Fn(T) -> bool) -> Option<String> {
        self.ranked(word, filter).map(|(name, _)| name)
    }

    /// [`Suggester::closest`], and whether it is the only name at its distance.
    pub fn ranked(&self, word: &str, filter: impl Fn(T) -> bool) -> Option<(String, bool)> {
        let len = word.chars().count();
        if len > MAX_WORD {
            return None;
        }
        let limit = limit(len);
        let word_letters = letters(word);
        let groups: Vec<_> = self
            .groups
            .iter()
            .filter(|(tag, _)| filter(*tag))
            .map(|(_, by_length)| by_length)
            .collect();
        // Lengths from the word's own outwards: the likeliest names are compared first.
        let lengths = (0..=limit).flat_map(|d| {
            let shorter = (d > 0).then(|| len.checked_sub(d)).flatten();
            shorter.into_iter().chain([len + d])
        });
        let in_reach = lengths
            .flat_map(|length| groups.iter().filter_map(move |g| g.get(&length)))
            .flatten()
            .take(Self::MAX_COMPARED)
            .filter(|c| {
                let only_word = (word_letters & !c.letters).count_ones();
                let only_name = (c.letters & !word_letters).count_ones();
                only_word.max(only_name) as usize <= limit
            })
            .map(|c| (c.name, c.len));
        nearest(word, in_reach, Tie::Smallest).map(|n| (n.name.to_string(), n.count == 1))
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
            let suggester = Suggester::new(order.iter().map(|n| (*n, ())));
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
    fn the_suggester_agrees_with_one_pass_over_every_name() {
        let mut names: Vec<String> = (0..30_000).map(|i| format!("name_{i}")).collect();
        names.extend(["nmae_1", "NAME_7", "näme_8", "x"].map(String::from));
        names.sort();
        let suggester = Suggester::new(names.iter().map(|n| (n.as_str(), ())));
        for word in [
            "name_1234x",
            "nme_5",
            "name_",
            "name_29999",
            "zzzz_1",
            "name_7",
            "name_8",
            "y",
        ] {
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
                let distance = strsim::damerau_levenshtein(a, b);
                assert!(bag_distance(a, b).unwrap() <= distance, "{a} {b}");
                let (la, lb) = (letters(a), letters(b));
                let sets = (la & !lb).count_ones().max((lb & !la).count_ones());
                assert!(sets as usize <= distance, "{a} {b}");
            }
        }
        assert_eq!(bag_distance("é", "e"), None);
    }

    #[test]
    fn very_long_words_get_no_suggestion() {
        let long = "a".repeat(10_000);
        let near = format!("{long}b");
        assert_eq!(closest(&long, [near.as_str()]), None);
        let s = Suggester::new([(near.as_str(), ())]);
        assert_eq!(s.closest(&long, |_| true), None);
    }

    #[test]
    fn the_suggester_filters_by_tag() {
        let s = Suggester::new([("buyer", 1), ("clener", 2), ("cleaner", 1)]);
        assert_eq!(s.closest("cleanr", |_| true), Some("cleaner".into()));
        assert_eq!(s.closest("cleanr", |tag| tag == 2), Some("clener".into()));
        assert_eq!(s.closest("cleanr", |tag| tag == 3), None);
    }

    /// Each lookup compares a bounded number of names, whatever came before: the
    /// thousandth unknown name gets its suggestion as the first did.
    #[test]
    fn every_lookup_gets_its_suggestion() {
        let names: Vec<String> = (0..3000).map(|i| format!("role_number_{i}")).collect();
        let s = Suggester::new(names.iter().map(|n| (n.as_str(), ())));
        for i in 0..3000 {
            let typo = format!("role_numbr_{i}");
            assert_eq!(s.closest(&typo, |_| true), Some(format!("role_number_{i}")));
        }
    }
}
