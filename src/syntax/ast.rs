//! The typed syntax tree of one CCL file. Every node carries its span.

use crate::source::Span;

/// A name or text of a file: shared, reference-counted, by every place the same text is
/// written in one file (the parser keeps one copy of each), and by the model that refers
/// to it; freed with the last tree or model that holds it, so that a language server's
/// memory follows the files open now, not the history of edits. It compares, hashes,
/// formats and sorts exactly as its text.
#[derive(Clone, Eq)]
pub struct Name(arcstr::ArcStr);

impl Name {
    pub fn new(text: &str) -> Self {
        Name(arcstr::ArcStr::from(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Self) -> bool {
        arcstr::ArcStr::ptr_eq(&self.0, &other.0) || self.0 == other.0
    }
}

/// As its text, so that a table of names can be searched with a `&str`.
impl std::hash::Hash for Name {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl std::borrow::Borrow<str> for Name {
    fn borrow(&self) -> &str {
        self.as_str()
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

/// The six declaration keywords (numbered from 0 in this order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Organisation = 0,
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Literal {
    Ident(Name),
    /// The string with its escapes resolved.
    String(Name),
    /// The digits as written (they may not fit any integer type).
    Integer(Name),
    Boolean(bool),
}

/// A value with its span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Value {
    pub literal: Literal,
    pub span: Span,
}

impl Value {
    pub fn new(literal: Literal, span: Span) -> Value {
        Value { literal, span }
    }

    /// The value as a name: its text (a string's with its escapes resolved), a boolean's
    /// `true` or `false`.
    pub fn text(&self) -> Name {
        match &self.literal {
            Literal::Ident(s) | Literal::String(s) | Literal::Integer(s) => s.clone(),
            Literal::Boolean(b) => name(if *b { "true" } else { "false" }),
        }
    }

    pub fn literal(&self) -> &Literal {
        &self.literal
    }

    pub fn as_ident(&self) -> Option<&str> {
        match &self.literal {
            Literal::Ident(s) => Some(s.as_str()),
            _ => None,
        }
    }

    /// A short description of the value for messages: `buyer`, `"ply"`, `3`, `true`.
    pub fn describe(&self) -> String {
        match &self.literal {
            Literal::Ident(s) => format!("`{s}`"),
            Literal::String(s) => format!("the string {:?}", s.as_str()),
            Literal::Integer(s) => format!("the integer `{s}`"),
            Literal::Boolean(b) => format!("`{b}`"),
        }
    }
}

/// The values of a field: most fields have one, held without an allocation of its own.
pub type Values = smallvec::SmallVec<[Value; 1]>;

/// `key: value, value;`
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

/// `KIND NAME ["TITLE"] [{ FIELD* }]`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declaration {
    pub kind: Kind,
    pub name: Ident,
    pub title: Option<Value>,
    pub fields: Vec<Field>,
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
