//! The typed syntax tree of one CCL file. Every node carries its span.

use crate::source::Span;

/// An interned name or text: 8 bytes, `Copy`, compared by pointer, read as a
/// `&str`. The same identifier written in many places is stored once, for the life of
/// the process (a language server keeps the names it has seen, as rustc and
/// rust-analyzer do). It formats, compares and sorts exactly as its text.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Name(super::intern::Text);

impl Name {
    pub fn new(text: &str) -> Self {
        Name(super::intern::intern(text))
    }

    /// The name for `text` if it was ever interned (a lookup that adds nothing).
    pub fn existing(text: &str) -> Option<Self> {
        super::intern::existing(text).map(Name)
    }

    pub fn as_str(&self) -> &'static str {
        self.0.as_str()
    }
}

/// By a hash of the text, stored with it: the same in every run, so that the order of a
/// table of names never depends on where the text happens to be in memory.
impl std::hash::Hash for Name {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.0.hash());
    }
}

impl std::ops::Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Name {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl From<&str> for Name {
    fn from(text: &str) -> Self {
        Name::new(text)
    }
}

/// Intern `text`.
pub fn name(text: &str) -> Name {
    Name::new(text)
}

/// The six declaration keywords.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Organisation,
    Department,
    Role,
    Product,
    Policy,
    Rule,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Organisation,
        Kind::Department,
        Kind::Role,
        Kind::Product,
        Kind::Policy,
        Kind::Rule,
    ];

    pub fn keyword(self) -> &'static str {
        match self {
            Kind::Organisation => "organisation",
            Kind::Department => "department",
            Kind::Role => "role",
            Kind::Product => "product",
            Kind::Policy => "policy",
            Kind::Rule => "rule",
        }
    }

    pub fn from_keyword(word: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.keyword() == word)
    }
}

/// An identifier with its span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ident {
    pub text: Name,
    pub span: Span,
}

/// A literal value as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Literal {
    Ident(Name),
    /// The string with its escapes resolved.
    String(Name),
    /// The digits as written (they may not fit any integer type).
    Integer(Name),
    Boolean(bool),
}

/// A value with its span: 16 bytes, the literal packed in one word (its text's pointer,
/// tagged with its kind; a boolean is the text `true` or `false`).
#[derive(Clone, PartialEq, Eq)]
pub struct Value {
    literal: super::intern::Tagged,
    pub span: Span,
}

impl Value {
    const IDENT: usize = 0;
    const STRING: usize = 1;
    const INTEGER: usize = 2;
    const BOOLEAN: usize = 3;

    pub fn new(literal: Literal, span: Span) -> Value {
        use super::intern::Tagged;
        let literal = match literal {
            Literal::Ident(s) => Tagged::new(s.0, Self::IDENT),
            Literal::String(s) => Tagged::new(s.0, Self::STRING),
            Literal::Integer(s) => Tagged::new(s.0, Self::INTEGER),
            Literal::Boolean(b) => {
                Tagged::new(name(if b { "true" } else { "false" }).0, Self::BOOLEAN)
            }
        };
        Value { literal, span }
    }

    /// The value as a name: its text (a string's with its escapes resolved), a boolean's
    /// `true` or `false`.
    pub fn text(&self) -> Name {
        Name(self.literal.text())
    }

    pub fn literal(&self) -> Literal {
        let text = self.text();
        match self.literal.tag() {
            Self::IDENT => Literal::Ident(text),
            Self::STRING => Literal::String(text),
            Self::INTEGER => Literal::Integer(text),
            _ => Literal::Boolean(text == "true"),
        }
    }

    pub fn as_ident(&self) -> Option<&str> {
        match self.literal() {
            Literal::Ident(s) => Some(s.as_str()),
            _ => None,
        }
    }

    /// A short description of the value for messages: `buyer`, `"ply"`, `3`, `true`.
    pub fn describe(&self) -> String {
        match self.literal() {
            Literal::Ident(s) => format!("`{s}`"),
            Literal::String(s) => format!("the string {s:?}"),
            Literal::Integer(s) => format!("the integer `{s}`"),
            Literal::Boolean(b) => format!("`{b}`"),
        }
    }
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Value")
            .field("literal", &self.literal())
            .field("span", &self.span)
            .finish()
    }
}

/// The values of a field: most fields have one, held without an allocation of its own.
pub type Values = smallvec::SmallVec<[Value; 1]>;

/// `key: value, value;` (40 bytes: the key's span is where the field starts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub key: Name,
    pub values: Values,
    pub span: Span,
}

impl Field {
    /// Where the key is written: the start of the field.
    pub fn key_span(&self) -> Span {
        Span::new(self.span.start(), self.span.start() + self.key.len())
    }
}

/// A declaration's fields, read as a slice: its range of the fields of the file (or of
/// the piece of a large file) it was parsed in, which are stored together. One
/// allocation for a file's fields rather than one per declaration: freed with the last of
/// its declarations, it leaves whole pages to give back, not holes between the texts and
/// names that stay.
#[derive(Clone)]
pub struct Fields {
    all: std::sync::Arc<[Field]>,
    start: u32,
    end: u32,
}

/// No fields, shared.
static NO_FIELDS: std::sync::LazyLock<std::sync::Arc<[Field]>> =
    std::sync::LazyLock::new(|| std::sync::Arc::from([]));

impl Fields {
    /// The fields `range` of a file's, while they are lowered: to be read only once
    /// [`Fields::stored_in`] gives them their storage.
    pub(super) fn pending(range: std::ops::Range<usize>) -> Fields {
        let index = |i: usize| u32::try_from(i).expect("a file under 4 GiB has fewer fields");
        Fields {
            all: NO_FIELDS.clone(),
            start: index(range.start),
            end: index(range.end),
        }
    }

    /// Their range of `all`, the file's fields stored together.
    pub(super) fn stored_in(&mut self, all: &std::sync::Arc<[Field]>) {
        assert!(
            self.end as usize <= all.len(),
            "the range is within the fields"
        );
        self.all = all.clone();
    }
}

impl Default for Fields {
    fn default() -> Self {
        Fields::pending(0..0)
    }
}

impl std::ops::Deref for Fields {
    type Target = [Field];
    fn deref(&self) -> &[Field] {
        &self.all[self.start as usize..self.end as usize]
    }
}

impl<'a> IntoIterator for &'a Fields {
    type Item = &'a Field;
    type IntoIter = std::slice::Iter<'a, Field>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl PartialEq for Fields {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for Fields {}

impl std::fmt::Debug for Fields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// `KIND NAME ["TITLE"] [{ FIELD* }]`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declaration {
    pub kind: Kind,
    pub name: Ident,
    pub title: Option<Value>,
    pub fields: Fields,
    /// The block `{ … }`, braces included, when there is one (it may be empty).
    pub block: Option<Span>,
    /// From the kind keyword to the end of the declaration; without a block, this takes in
    /// the whitespace and comments after the name or title (see [`Declaration::code_end`]).
    pub span: Span,
}

impl Declaration {
    /// Where the kind keyword is written: the start of the declaration.
    pub fn kind_span(&self) -> Span {
        Span::new(
            self.span.start(),
            self.span.start() + self.kind.keyword().len(),
        )
    }

    /// Where the declaration's last token ends: its `}`, else its title or name.
    pub fn code_end(&self) -> usize {
        match (&self.block, &self.title) {
            (Some(block), _) => block.end(),
            (None, Some(title)) => title.span.end(),
            (None, None) => self.name.span.end(),
        }
    }
}

/// A CC001 finding: where the text stops matching the grammar, in plain words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
}

/// The result of parsing one file: the declarations that parsed, and the errors of those
/// that did not.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedFile {
    pub declarations: Vec<Declaration>,
    pub errors: Vec<SyntaxError>,
    /// Kind and name of the declarations that failed to parse, when they got that far:
    /// references to them are known names, not unknown ones.
    pub broken: Vec<(Kind, Ident)>,
    /// The identifiers written in product declarations that failed to parse: the
    /// departments such a product could be produced by.
    pub broken_product_words: Vec<Name>,
    /// Every comment of the file, in order, with what it belongs to.
    pub comments: Vec<super::Comment>,
}
