//! The process-wide table of interned text behind [`super::Name`].
//!
//! Each text is stored once, for the life of the process, behind a small header holding
//! its length and a hash of its bytes, so that a name is one pointer: copied, compared and
//! hashed without touching the text. The table is split in shards, each behind its own
//! lock, so that threads parsing different files seldom wait for one another.
//!
//! Why not the `ustr` crate, which did this before: its table starts at a fixed 8 MB of
//! slots and 4 MB of storage, written at random as names arrive, so a short run (an
//! editor's lint of one buffer) spent more than half its page faults, about 60 ms of
//! system time on a virtual machine, touching them. Here the table and the storage grow
//! with what is stored.

use std::hash::Hasher;
use std::ptr::NonNull;
use std::sync::Mutex;

use hashbrown::HashTable;
use rustc_hash::FxHasher;

const SHARDS: usize = 32;

/// Storage is handed out in chunks of this size at first, doubling up to the maximum.
const FIRST_CHUNK: usize = 4 * 1024;
const MAX_CHUNK: usize = 1024 * 1024;

/// A text this long gets a block of its own, so that the chunk in use is not abandoned.
const OWN_BLOCK: usize = MAX_CHUNK / 4;

/// What precedes the bytes of every stored text: 8 bytes (a text of 4 GiB or more is not
/// stored; no file that large is read).
#[repr(C, align(8))]
struct Header {
    /// The top half of the text's FxHash, its best mixed bits: [`widen`] gives the whole
    /// hash back.
    hash: u32,
    len: u32,
}

const HEADER: usize = std::mem::size_of::<Header>();

/// A stored text: a pointer to its first byte, just after its header.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) struct Text(NonNull<u8>);

// The text behind a `Text` is written once, before any `Text` to it exists, and never
// changed nor freed: it can be read from any thread.
unsafe impl Send for Text {}
unsafe impl Sync for Text {}

impl Text {
    fn header(&self) -> &Header {
        // SAFETY: every `Text` points just after a `Header` written by `Shard::store`,
        // aligned for it, which lives for the rest of the process.
        unsafe { &*(self.0.as_ptr().sub(HEADER) as *const Header) }
    }

    pub(super) fn as_str(&self) -> &'static str {
        let len = self.header().len as usize;
        // SAFETY: `Shard::store` copied `len` bytes of a `str` there, never changed.
        unsafe { std::str::from_utf8_unchecked(std::slice::from_raw_parts(self.0.as_ptr(), len)) }
    }

    /// A hash of the text's bytes, the same in every run.
    pub(super) fn hash(&self) -> u64 {
        widen(self.header().hash)
    }
}

/// A text with a tag of two bits in the low bits of its pointer (every text is at least
/// 8-aligned: it follows its header, 8 bytes aligned to 8): a literal value of
/// the syntax tree in one word.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct Tagged(NonNull<u8>);

// As for `Text`: a pointer to text never changed nor freed.
unsafe impl Send for Tagged {}
unsafe impl Sync for Tagged {}

const TAG_MASK: usize = 0b11;

impl Tagged {
    pub(super) fn new(text: Text, tag: usize) -> Tagged {
        assert!(tag <= TAG_MASK, "a tag has two bits");
        debug_assert_eq!(text.0.as_ptr().addr() & TAG_MASK, 0, "texts are aligned");
        Tagged(text.0.map_addr(|a| a | tag))
    }

    pub(super) fn text(self) -> Text {
        Text(self.0.map_addr(|a| {
            std::num::NonZero::new(a.get() & !TAG_MASK).expect("a text's address is not 0")
        }))
    }

    pub(super) fn tag(self) -> usize {
        self.0.as_ptr().addr() & TAG_MASK
    }
}

struct Shard {
    /// The stored texts, found by the hash in their headers (one pointer a slot).
    texts: HashTable<Text>,
    /// The unused end of the current chunk.
    free: Option<NonNull<u8>>,
    free_len: usize,
    next_chunk: usize,
}

// The raw pointers are into leaked chunks that only this shard, behind its lock, writes.
unsafe impl Send for Shard {}

impl Shard {
    /// Copy `text` into this shard's storage behind its header.
    fn store(&mut self, text: &str, hash: u64) -> Text {
        let need = (HEADER + text.len()).next_multiple_of(std::mem::align_of::<Header>());
        let at = if need >= OWN_BLOCK {
            allocate(need)
        } else {
            if self.free.is_none() || self.free_len < need {
                let size = self.next_chunk.max(need);
                self.next_chunk = (size * 2).min(MAX_CHUNK);
                self.free = Some(allocate(size));
                self.free_len = size;
            }
            let at = self.free.expect("a chunk was just made");
            // SAFETY: the chunk has `need` bytes free at `at`, so `at + need` is in it or
            // one past its end.
            self.free = Some(unsafe { NonNull::new_unchecked(at.as_ptr().add(need)) });
            self.free_len -= need;
            at
        };
        // SAFETY: `at` has `need` bytes, aligned for a `Header` (blocks are, and `need`
        // keeps the alignment), that nothing else refers to.
        unsafe {
            (at.as_ptr() as *mut Header).write(Header {
                hash: (hash >> 32) as u32,
                len: u32::try_from(text.len()).expect("a text under 4 GiB"),
            });
            let bytes = at.as_ptr().add(HEADER);
            std::ptr::copy_nonoverlapping(text.as_ptr(), bytes, text.len());
            Text(NonNull::new_unchecked(bytes))
        }
    }
}

/// A block of `size` bytes aligned for a `Header`, never freed.
fn allocate(size: usize) -> NonNull<u8> {
    let layout = std::alloc::Layout::from_size_align(size, std::mem::align_of::<Header>())
        .expect("a block's size fits in memory");
    // SAFETY: `size` is not zero (a header at least).
    let block = unsafe { std::alloc::alloc(layout) };
    NonNull::new(block).unwrap_or_else(|| std::alloc::handle_alloc_error(layout))
}

static TABLE: [Mutex<Shard>; SHARDS] = [const {
    Mutex::new(Shard {
        texts: HashTable::new(),
        free: None,
        free_len: 0,
        next_chunk: FIRST_CHUNK,
    })
}; SHARDS];

/// The hash of `text`: the top half of its FxHash, widened by [`widen`] (so that it is
/// what a stored text's header gives back).
fn hash_of(text: &str) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(text.as_bytes());
    widen((hasher.finish() >> 32) as u32)
}

/// A 64-bit hash from the 32 bits stored: those as its top half (which choose the shard),
/// and a mix of them as its bottom half.
fn widen(half: u32) -> u64 {
    (u64::from(half) << 32) | u64::from(half.wrapping_mul(0x9E37_79B9))
}

fn shard(hash: u64) -> std::sync::MutexGuard<'static, Shard> {
    // The top bits: FxHash mixes them best.
    let index = (hash >> 58) as usize % SHARDS;
    // A panic while holding the lock leaves the shard consistent (a text is stored
    // before it is entered), so a poisoned lock is still good.
    TABLE[index]
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The hash a shard's table files a text under: its top bits, which the table tells
/// texts apart by, must not be the ones that chose the shard (all the same there).
fn in_shard(hash: u64) -> u64 {
    hash.rotate_left(32)
}

/// The stored `text`, stored now if it was not.
pub(super) fn intern(text: &str) -> Text {
    let hash = hash_of(text);
    let mut shard = shard(hash);
    if let Some(found) = shard.texts.find(in_shard(hash), |t| t.as_str() == text) {
        return *found;
    }
    let stored = shard.store(text, hash);
    shard
        .texts
        .insert_unique(in_shard(hash), stored, |t| in_shard(t.hash()));
    stored
}

/// The stored `text`, if it was ever stored.
pub(super) fn existing(text: &str) -> Option<Text> {
    let hash = hash_of(text);
    shard(hash)
        .texts
        .find(in_shard(hash), |t| t.as_str() == text)
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_text_is_stored_once_and_reads_back() {
        // Short texts share chunks; one larger than a first chunk gets a larger chunk; a
        // long one a block of its own.
        let middle = "y".repeat(OWN_BLOCK - HEADER - 8);
        let long = "x".repeat(3 * MAX_CHUNK);
        let texts = [
            "",
            "a",
            "office_worker",
            "für alle — 🙂",
            middle.as_str(),
            long.as_str(),
        ];
        let first: Vec<Text> = texts.iter().map(|t| intern(t)).collect();
        for (text, stored) in texts.iter().zip(&first) {
            assert_eq!(stored.as_str(), *text);
            assert_eq!(intern(text), *stored);
            assert_eq!(existing(text), Some(*stored));
            assert_eq!(stored.hash(), hash_of(text));
        }
        assert_eq!(existing("never interned anywhere 1f3a"), None);
    }

    #[test]
    fn a_tag_keeps_its_text() {
        for (i, text) in ["", "a", "office_worker", "für alle"].iter().enumerate() {
            let stored = intern(text);
            let tagged = Tagged::new(stored, i % 4);
            assert_eq!(tagged.tag(), i % 4);
            assert_eq!(tagged.text(), stored);
            assert_eq!(tagged.text().as_str(), *text);
        }
    }

    #[test]
    fn threads_agree_on_what_they_intern() {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                std::thread::spawn(|| {
                    (0..5000)
                        .map(|i| intern(&format!("name_{i}")))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let results: Vec<Vec<Text>> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        for other in &results[1..] {
            assert!(other == &results[0]);
        }
        assert_eq!(results[0][1234].as_str(), "name_1234");
    }
}
