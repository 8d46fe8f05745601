//! Source files, byte spans and line/column positions.

use std::path::PathBuf;

/// A byte range in one source file, `start..end`. Offsets are stored in 32 bits (files
/// over 4 GiB are not read: see [`MAX_FILE`]), which halves the size of every node of the
/// syntax tree and the model.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    start: u32,
    end: u32,
}

/// The largest file cclint reads: offsets must fit in a [`Span`].
pub const MAX_FILE: usize = u32::MAX as usize;

fn offset32(offset: usize) -> u32 {
    // Files are at most MAX_FILE bytes, so this never saturates on their spans.
    u32::try_from(offset).unwrap_or(u32::MAX)
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start: offset32(start),
            end: offset32(end),
        }
    }

    /// The first byte.
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// One past the last byte.
    pub fn end(&self) -> usize {
        self.end as usize
    }

    /// `start..end`, for slicing the text.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start()..self.end()
    }

    pub fn len(&self) -> usize {
        self.end() - self.start()
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Whether `offset` lies in `start..end` (an empty span contains its start).
    pub fn contains(&self, offset: usize) -> bool {
        (self.start() <= offset && offset < self.end()) || offset == self.start()
    }
}

/// Index of a file in a [`crate::Workspace`] (32 bits: every entity and finding holds one).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

impl FileId {
    pub fn new(index: usize) -> Self {
        FileId(u32::try_from(index).expect("fewer than 4 billion files"))
    }

    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A 1-based line and column (columns count Unicode scalar values) and a 0-based byte offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

/// Bytes between two of [`SourceFile`]'s character-count checkpoints.
const CHECKPOINT: usize = 4096;

/// The number of characters starting in `bytes` (bytes that are not UTF-8 continuations).
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// The length in bytes of a UTF-8 byte-order mark.
pub const BOM_LEN: usize = 3;

/// One `.ccl` file as found on disk (or given on stdin).
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path used to read the file.
    pub path: PathBuf,
    /// The path shown to users: relative to the current directory when under it, `/` separators.
    pub display: String,
    pub text: String,
    /// Where each line starts (32 bits: files are at most [`MAX_FILE`] bytes), computed
    /// on first use: a check needs it only for the files it reports on.
    line_starts: std::sync::OnceLock<Vec<u32>>,
    /// Characters before every [`CHECKPOINT`]th byte, computed on first use; empty for
    /// ASCII text.
    checkpoints: std::sync::OnceLock<Vec<usize>>,
    /// Whether each line is ASCII, computed on first use.
    ascii_lines: std::sync::OnceLock<Vec<bool>>,
}

impl SourceFile {
    pub fn new(path: PathBuf, display: String, text: String) -> Self {
        SourceFile {
            path,
            display,
            text,
            line_starts: std::sync::OnceLock::new(),
            checkpoints: std::sync::OnceLock::new(),
            ascii_lines: std::sync::OnceLock::new(),
        }
    }

    /// Where each line starts.
    fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            let mut starts: Vec<u32> = std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| offset32(i + 1)))
                .collect();
            starts.shrink_to_fit();
            starts
        })
    }

    /// Line and column of a byte offset; offsets past the end clamp to the end, and offsets
    /// inside a multi-byte character count as that character.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line_index = self.line_index(offset);
        // A byte-order mark is not text: columns on the first line count from after it.
        let line_start = match self.line_starts()[line_index] as usize {
            0 if self.text.starts_with('\u{FEFF}') && offset >= BOM_LEN => BOM_LEN,
            start => start,
        };
        // On an ASCII line the column is a subtraction; otherwise the characters are
        // counted from the line's start, or from a checkpoint when that is nearer.
        let from = offset.max(line_start);
        let column = if self.ascii_lines()[line_index] {
            from - line_start + 1
        } else if from - line_start <= CHECKPOINT {
            char_starts(&self.text.as_bytes()[line_start..from]) + 1
        } else {
            self.chars_before(from) - self.chars_before(line_start) + 1
        };
        // `offset` can sit inside a character only if a span was built wrongly; clamp anyway.
        let offset = (line_start..=offset)
            .rev()
            .find(|&o| self.text.is_char_boundary(o))
            .unwrap_or(line_start);
        Position {
            line: line_index + 1,
            column,
            offset,
        }
    }

    /// Whether each line is pure ASCII (a byte-order mark aside), computed on first use.
    fn ascii_lines(&self) -> &[bool] {
        self.ascii_lines.get_or_init(|| {
            let bom = if self.text.starts_with('\u{FEFF}') {
                BOM_LEN
            } else {
                0
            };
            let ends = self.line_starts()[1..]
                .iter()
                .map(|&s| s as usize)
                .chain([self.text.len()]);
            self.line_starts()
                .iter()
                .map(|&s| s as usize)
                .zip(ends)
                .map(|(start, end)| self.text.as_bytes()[start.max(bom).min(end)..end].is_ascii())
                .collect()
        })
    }

    /// The number of characters (Unicode scalar values) before byte `offset` (clamped to
    /// the text), not counting a byte-order mark. Linear to set up once, then a lookup.
    pub fn char_offset(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        let bom = if self.text.starts_with('\u{FEFF}') && offset >= BOM_LEN {
            1
        } else {
            0
        };
        self.chars_before(offset) - bom
    }

    /// The characters starting before byte `offset` (a character `offset` falls inside
    /// counts), from the checkpoint at or before it.
    fn chars_before(&self, offset: usize) -> usize {
        let checkpoints = self.checkpoints.get_or_init(|| {
            if self.text.is_ascii() {
                return Vec::new();
            }
            let mut chars = 0;
            let mut out = vec![0];
            for chunk in self.text.as_bytes().chunks(CHECKPOINT) {
                chars += char_starts(chunk);
                out.push(chars);
            }
            out
        });
        if checkpoints.is_empty() {
            return offset;
        }
        let k = offset / CHECKPOINT;
        checkpoints[k] + char_starts(&self.text.as_bytes()[k * CHECKPOINT..offset])
    }

    /// The 0-based index of the line holding `offset` (lines end at `\n`).
    pub fn line_index(&self, offset: usize) -> usize {
        self.line_starts()
            .partition_point(|&s| s as usize <= offset)
            .saturating_sub(1)
    }

    /// Where line `index` (0-based) starts, if the text has that many lines.
    pub fn line_start_at(&self, index: usize) -> Option<usize> {
        self.line_starts().get(index).map(|&s| s as usize)
    }

    /// How many lines the text has (a final line break starts an empty last line).
    pub fn line_count(&self) -> usize {
        self.line_starts().len()
    }

    /// The byte offset where the line holding `offset` starts.
    pub fn line_start(&self, offset: usize) -> usize {
        self.line_starts()[self.line_index(offset)] as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let file = SourceFile::new("a.ccl".into(), "a.ccl".into(), "ab\né x\n".into());
        assert_eq!(
            file.position(0),
            Position {
                line: 1,
                column: 1,
                offset: 0
            }
        );
        assert_eq!(file.position(3).line, 2);
        // `x` is after `é` (2 bytes) and a space.
        let x = file.text.find('x').unwrap();
        assert_eq!(file.position(x).column, 3);
        assert_eq!(file.position(1000).line, 3);
        assert_eq!(file.char_offset(x), 5);
        assert_eq!(file.char_offset(2), 2);
        assert_eq!(file.char_offset(1000), 7);
    }

    #[test]
    fn columns_on_the_first_line_count_from_after_a_byte_order_mark() {
        let file = SourceFile::new("a.ccl".into(), "a.ccl".into(), "\u{FEFF}ab\ncd".into());
        assert_eq!(file.position(3).column, 1);
        assert_eq!(file.position(4).column, 2);
        assert_eq!(file.position(0).column, 1);
        assert_eq!(file.position(7).column, 2);
        assert_eq!(file.char_offset(3), 0);
        assert_eq!(file.char_offset(7), 4); // `a`, `b`, `\n`, `c` before `d`
    }

    #[test]
    fn columns_on_long_non_ascii_lines_agree_with_a_count() {
        let text: String =
            "\u{FEFF}é".to_string() + &"aé€🙂\n".repeat(3) + &"xé€🙂 ".repeat(3000) + "\nlast";
        let file = SourceFile::new("a.ccl".into(), "a.ccl".into(), text.clone());
        for offset in (0..=text.len()).filter(|o| text.is_char_boundary(*o)) {
            let before = &text[..offset];
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let from = if line_start == 0 {
                BOM_LEN.min(offset)
            } else {
                line_start
            };
            let column = text[from..offset].chars().count() + 1;
            assert_eq!(file.position(offset).column, column, "at {offset}");
            let chars = text[BOM_LEN.min(offset)..offset].chars().count();
            assert_eq!(file.char_offset(offset), chars, "at {offset}");
        }
    }
}
