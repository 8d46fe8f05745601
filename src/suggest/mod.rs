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

/// The names of one tag, sorted by length then name, with where each length starts;
/// a group looked up often gets an index of its names' one-deletion variants.
struct Group<'a, T> {
    tag: T,
    names: Vec<Candidate<'a>>,
    /// The range of `names` of each length.
    by_length: BTreeMap<usize, std::ops::Range<usize>>,
    lookups: std::sync::atomic::AtomicUsize,
    /// Each variant's hash (top half) with the index of its name (bottom half), sorted.
    deletions: std::sync::OnceLock<Vec<u64>>,
}

/// A group looked up this often, with this many names, finds the names one edit away
/// through an index instead of comparing every name of the lengths that can be.
const INDEX_AFTER: usize = 64;
const INDEX_FROM: usize = 4096;

/// Many names, each with a tag (its kind, say), grouped by tag. A lookup first finds
/// every name at most one edit away (the usual typo), exactly; only when there is none
/// does it compare names further away, nearest lengths first, at most
/// [`Suggester::MAX_COMPARED`] of a group. So a repository with thousands of unknown
/// names still lints in linear time, and every unknown name gets the suggestion its own
/// lookup finds, the same whatever the order of lookups.
pub struct Suggester<'a, T> {
    groups: Vec<Group<'a, T>>,
}

impl<'a, T: Copy + PartialEq> Suggester<'a, T> {
    /// Names of a group one lookup compares at most, past those one edit away.
    pub const MAX_COMPARED: usize = 10_000;

    /// The names in any order: a lookup's answer does not depend on it.
    pub fn new(names: impl IntoIterator<Item = (&'a str, T)>) -> Self {
        let mut groups: Vec<Group<'a, T>> = Vec::new();
        for (name, tag) in names {
            let i = match groups.iter().position(|g| g.tag == tag) {
                Some(i) => i,
                None => {
                    groups.push(Group {
                        tag,
                        names: Vec::new(),
                        by_length: BTreeMap::new(),
                        lookups: Default::default(),
                        deletions: std::sync::OnceLock::new(),
                    });
                    groups.len() - 1
                }
            };
            let len = name.chars().count();
            let letters = letters(name);
            groups[i].names.push(Candidate { name, len, letters });
        }
        for group in &mut groups {
            group
                .names
                .sort_unstable_by(|a, b| (a.len, a.name).cmp(&(b.len, b.name)));
            let mut start = 0;
            while start < group.names.len() {
                let len = group.names[start].len;
                let end = start + group.names[start..].partition_point(|c| c.len == len);
                group.by_length.insert(len, start..end);
                start = end;
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
        let found = self
            .groups
            .iter()
            .filter(|g| filter(g.tag))
            .map(|g| g.nearest(word, len))
            .fold(None, merge);
        found.map(|n| (n.name.to_string(), n.count == 1))
    }
}

impl<'a, T> Group<'a, T> {
    /// The nearest of this group's names to `word` (of `len` characters): the nearest of
    /// those at most one edit away if there are any (nothing further can win), else of a
    /// bounded scan.
    fn nearest(&self, word: &str, len: usize) -> Option<Nearest<'a>> {
        let close = self
            .one_edit_away(word, len)
            .into_iter()
            .filter(|(name, _)| *name != word)
            .filter_map(|(name, _)| Some((within_one(word, name)?, name)))
            .map(|(distance, name)| {
                Some(Nearest {
                    distance,
                    name,
                    count: 1,
                })
            })
            .fold(None, merge);
        close.or_else(|| self.scan(word, len))
    }

    /// Every name at most one edit from `word` (and some others): through the index when
    /// the group has one, else among the names of the lengths that can be.
    fn one_edit_away(&self, word: &str, len: usize) -> Vec<(&'a str, usize)> {
        let lookups = self
            .lookups
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if self.names.len() >= INDEX_FROM && lookups >= INDEX_AFTER {
            return self.indexed(word);
        }
        let word_letters = letters(word);
        (len.saturating_sub(1)..=len + 1)
            .filter_map(|length| self.by_length.get(&length))
            .flat_map(|range| &self.names[range.clone()])
            .filter(|c| {
                let only_word = (word_letters & !c.letters).count_ones();
                let only_name = (c.letters & !word_letters).count_ones();
                only_word.max(only_name) <= 1
            })
            .map(|c| (c.name, c.len))
            .collect()
    }

    /// The names that share a one-deletion variant (or none deleted) with `word`, ignoring
    /// case: every name one edit away, and some others.
    fn indexed(&self, word: &str) -> Vec<(&'a str, usize)> {
        let index = self.deletions.get_or_init(|| {
            let mut index: Vec<u64> = Vec::new();
            for (i, c) in self.names.iter().enumerate() {
                let i = u64::try_from(i).expect("fewer names than a u32 counts");
                index.extend(variants(c.name).map(|h| (h << 32) | i));
            }
            index.sort_unstable();
            index
        });
        let mut found: Vec<usize> = variants(word)
            .flat_map(|h| {
                let start = index.partition_point(|&e| e >> 32 < h);
                let entries = index[start..].iter().take_while(move |&&e| e >> 32 == h);
                entries.map(|e| (e & 0xFFFF_FFFF) as usize)
            })
            .collect();
        found.sort_unstable();
        found.dedup();
        found
            .into_iter()
            .map(|i| (self.names[i].name, self.names[i].len))
            .collect()
    }

    /// The names of lengths near `word`'s, nearest lengths first, at most
    /// [`Suggester::MAX_COMPARED`] of them, through the cheap filter of their letters.
    fn scan(&self, word: &str, len: usize) -> Option<Nearest<'a>> {
        let limit = limit(len);
        let word_letters = letters(word);
        let lengths = (0..=limit).flat_map(|d| {
            let shorter = (d > 0).then(|| len.checked_sub(d)).flatten();
            shorter.into_iter().chain([len + d])
        });
        let in_reach = lengths
            .filter_map(|length| self.by_length.get(&length))
            .flat_map(|range| &self.names[range.clone()])
            .take(Suggester::<()>::MAX_COMPARED)
            .filter(|c| {
                let only_word = (word_letters & !c.letters).count_ones();
                let only_name = (c.letters & !word_letters).count_ones();
                only_word.max(only_name) as usize <= limit
            })
            .map(|c| (c.name, c.len));
        nearest(word, in_reach, Tie::Smallest)
    }
}

/// The distance of two words when it is at most one, as [`nearest`] measures it: 0 when
/// they are equal but for ASCII case, else 1 when one character is inserted, deleted,
/// replaced, or two neighbours swapped (their Damerau-Levenshtein distance), in linear
/// time.
fn within_one(a: &str, b: &str) -> Option<usize> {
    if a.eq_ignore_ascii_case(b) {
        return Some(0);
    }
    let (mut a, mut b) = (a.chars(), b.chars());
    // Past the common start, what is left must be one edit apart.
    loop {
        let (x, y) = (a.clone().next(), b.clone().next());
        match (x, y) {
            (Some(x), Some(y)) if x == y => {
                a.next();
                b.next();
            }
            _ => break,
        }
    }
    let (rest_a, rest_b) = (a.as_str(), b.as_str());
    fn after(s: &str) -> std::iter::Skip<std::str::Chars<'_>> {
        s.chars().skip(1)
    }
    let one = after(rest_a).eq(after(rest_b))
        || after(rest_a).eq(rest_b.chars())
        || rest_a.chars().eq(after(rest_b))
        || {
            let (mut x, mut y) = (rest_a.chars(), rest_b.chars());
            let (x0, x1, y0, y1) = (x.next(), x.next(), y.next(), y.next());
            x0.is_some() && x0 == y1 && x1 == y0 && x.as_str() == y.as_str()
        };
    one.then_some(1)
}

/// The hashes (32 bits) of `word` lowercased and of each of its variants with one
/// character deleted.
fn variants(word: &str) -> impl Iterator<Item = u64> + '_ {
    use std::hash::Hasher;
    let lower: Vec<char> = word.chars().map(|c| c.to_ascii_lowercase()).collect();
    let n = lower.len();
    (0..=n).map(move |skip| {
        let mut hasher = rustc_hash::FxHasher::default();
        for (i, c) in lower.iter().enumerate() {
            if i != skip {
                hasher.write_u32(*c as u32);
            }
        }
        hasher.write_usize(n - usize::from(skip < n));
        hasher.finish() >> 32
    })
}

/// The nearest of two groups' nearest ([`Tie::Smallest`]).
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

#[cfg(test)]
mod tests;
