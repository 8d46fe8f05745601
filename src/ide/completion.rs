//! Completion: kind keywords at the start of a declaration, the field keys of the
//! declaration's kind, names of the right kind for a reference field (roles for
//! `end_user`, departments for `produced_by`), the words of a vocabulary, and rule codes
//! and names after `# cclint: allow`.
//!
//! The context is read from the text before the cursor, not from the parse: text being
//! typed rarely parses.

use crate::catalog::Code;
use crate::model::schema::ValueType;
use crate::model::CustomFields;
use crate::source::FileId;
use crate::syntax::{is_ident_char, starts_declaration, Kind};
use crate::{Analysis, Workspace};

/// What a completion inserts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    /// A kind keyword (`product`).
    Keyword,
    /// A field key (`end_user`).
    Field,
    /// A declared name, of this kind.
    Name(Kind),
    /// A word of a vocabulary, `true`, or a keyword value (`direct`, `all`).
    Value,
    /// A rule code or name.
    Rule,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    pub label: String,
    pub kind: CompletionKind,
    pub detail: Option<String>,
    pub documentation: Option<String>,
    /// The text inserted, when it differs from the label (`end_user: `).
    pub insert: Option<String>,
}

/// The completions at `offset`, and whether the list was cut short (more names match
/// than [`MAX_NAMES`]; typing more narrows it).
pub fn complete(
    workspace: &Workspace,
    analysis: &Analysis,
    file: FileId,
    offset: usize,
) -> (Vec<Completion>, bool) {
    let Some(source) = workspace.file(file) else {
        return (Vec::new(), false);
    };
    let text = &source.text;
    let offset = offset.min(text.len());
    if !text.is_char_boundary(offset) {
        return (Vec::new(), false);
    }
    match context(text, offset) {
        Context::Rule => (rules(), false),
        Context::Kind => (kinds(), false),
        Context::Key { kind, present } => (keys(&analysis.model.fields, kind, &present), false),
        Context::Value { kind, key, prefix } => values(analysis, kind, &key, &prefix),
        Context::None => (Vec::new(), false),
    }
}

/// At most this many names are offered at once.
pub const MAX_NAMES: usize = 200;

#[derive(Debug, PartialEq, Eq)]
enum Context {
    /// After `# cclint: allow` (or a `,` after a rule there).
    Rule,
    /// At the start of a line outside any block.
    Kind,
    /// Where a field's key goes, in a block of `kind` that already has `present`.
    Key {
        kind: Kind,
        present: Vec<String>,
    },
    /// Where a value of field `key` goes, with what of it is typed so far.
    Value {
        kind: Kind,
        key: String,
        prefix: String,
    },
    None,
}

fn context(text: &str, offset: usize) -> Context {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..offset];
    if let Some(hash) = comment_start(line) {
        return suppression_context(&line[hash + 1..]);
    }
    // The partial word under the cursor, and the text before it.
    let word_start = line.rfind(|c: char| !is_ident_char(c)).map_or(0, |i| {
        i + line[i..].chars().next().map_or(1, char::len_utf8)
    });
    let prefix = &line[word_start..];
    // The declaration the cursor is in: the last line, up to the cursor, that starts one.
    let mut decl_start = None;
    let mut at = line_start;
    loop {
        let end = text[at..]
            .find('\n')
            .map_or(text.len(), |i| at + i)
            .min(offset);
        let l = &text[at..end];
        let trimmed = l.trim_start();
        if starts_declaration(trimmed) {
            decl_start = Some(at + (l.len() - trimmed.len()));
            break;
        }
        if at == 0 {
            break;
        }
        at = text[..at - 1].rfind('\n').map_or(0, |i| i + 1);
    }
    let Some(decl_start) = decl_start else {
        return if line[..word_start].trim().is_empty() {
            Context::Kind
        } else {
            Context::None
        };
    };
    let head = &text[decl_start..];
    let kind_end = head.find(|c: char| !is_ident_char(c)).unwrap_or(head.len());
    let Some(kind) = Kind::from_keyword(&head[..kind_end]) else {
        return Context::None;
    };
    match block_state(&text[decl_start..line_start + word_start]) {
        Block::Outside => {
            if line[..word_start].trim().is_empty() && line_start > decl_start {
                Context::Kind
            } else {
                Context::None
            }
        }
        Block::Closed => {
            if line[..word_start].trim().is_empty() {
                Context::Kind
            } else {
                Context::None
            }
        }
        Block::Key { present } => Context::Key { kind, present },
        Block::Value { key } => Context::Value {
            kind,
            key,
            prefix: prefix.to_string(),
        },
        Block::Other => Context::None,
    }
}

/// The offset in `line` of a `#` outside a string.
fn comment_start(line: &str) -> Option<usize> {
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match (in_string, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (_, _, '"') => in_string = !in_string,
            (false, _, '#') => return Some(i),
            _ => {}
        }
    }
    None
}

/// In a comment: rules after `cclint: allow` or `allow-file`, before the reason.
fn suppression_context(comment: &str) -> Context {
    let Some(rest) = comment.trim_start().strip_prefix("cclint:") else {
        return Context::None;
    };
    let rest = rest.trim_start();
    let Some(rules) = rest
        .strip_prefix("allow-file")
        .or_else(|| rest.strip_prefix("allow"))
    else {
        return Context::None;
    };
    if !rules.starts_with([' ', '\t']) || rules.contains("--") || rules.contains("until") {
        return Context::None;
    }
    let before_word = rules.trim_end_matches(|c: char| is_ident_char(c));
    let before_word = before_word.trim_end();
    if before_word.is_empty() || before_word.ends_with(',') {
        Context::Rule
    } else {
        Context::None
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Block {
    /// Not in a block yet (the header).
    Outside,
    /// After the block's `}`.
    Closed,
    /// Where a key goes; the keys written so far.
    Key { present: Vec<String> },
    /// Where a value of `key` goes.
    Value { key: String },
    /// In a string, after a key without `:`, or somewhere nothing is offered.
    Other,
}

/// Where `text` (a declaration from its keyword up to the cursor's word) leaves the
/// cursor: a small scan of CCL's tokens.
/// Skip the rest of a string whose opening quote was just read; whether it was closed.
fn skip_string(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>) -> bool {
    while let Some((_, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '"' => return true,
            '\n' => return false,
            _ => {}
        }
    }
    false
}

/// Skip the rest of a word whose first character ends at `end`; where the word ends.
fn skip_word(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>, mut end: usize) -> usize {
    while let Some(&(j, d)) = chars.peek() {
        if !is_ident_char(d) {
            break;
        }
        end = j + d.len_utf8();
        chars.next();
    }
    end
}

fn block_state(text: &str) -> Block {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Header,
        Key,
        AfterKey,
        Value,
        AfterValue,
        Done,
    }
    let mut state = State::Header;
    let mut key = String::new();
    let mut present = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '#' => {
                while chars.peek().is_some_and(|&(_, c)| c != '\n') {
                    chars.next();
                }
            }
            '"' => {
                if !skip_string(&mut chars) && chars.peek().is_none() {
                    return Block::Other;
                }
                if state == State::Value {
                    state = State::AfterValue;
                }
            }
            '{' if state == State::Header => state = State::Key,
            '}' if state != State::Header => state = State::Done,
            ':' if state == State::AfterKey => state = State::Value,
            ',' if state == State::AfterValue => state = State::Value,
            ';' if state != State::Header && state != State::Done => state = State::Key,
            '\n' if state == State::AfterValue => state = State::Key,
            c if is_ident_char(c) => {
                let end = skip_word(&mut chars, i + c.len_utf8());
                match state {
                    State::Key => {
                        key = text[i..end].to_string();
                        present.push(key.clone());
                        state = State::AfterKey;
                    }
                    State::Value => state = State::AfterValue,
                    _ => {}
                }
            }
            _ => {}
        }
    }
    match state {
        State::Header => Block::Outside,
        State::Done => Block::Closed,
        State::Key => Block::Key { present },
        State::Value => Block::Value { key },
        // After a value and spaces, with no `,`: a new field starts only on a new line.
        State::AfterKey | State::AfterValue => Block::Other,
    }
}

fn kinds() -> Vec<Completion> {
    Kind::ALL
        .iter()
        .map(|k| Completion {
            label: k.keyword().to_string(),
            kind: CompletionKind::Keyword,
            detail: Some("declaration".to_string()),
            documentation: None,
            insert: Some(format!("{} ", k.keyword())),
        })
        .collect()
}

fn keys(fields: &CustomFields, kind: Kind, present: &[String]) -> Vec<Completion> {
    fields
        .all(kind)
        .filter(|f| !present.iter().any(|p| p == f.key))
        .map(|f| Completion {
            label: f.key.to_string(),
            kind: CompletionKind::Field,
            detail: Some(f.expects().into_owned()),
            documentation: Some(f.meaning.to_string()),
            insert: Some(format!("{}: ", f.key)),
        })
        .collect()
}

fn values(analysis: &Analysis, kind: Kind, key: &str, prefix: &str) -> (Vec<Completion>, bool) {
    let Some(spec) = analysis.model.fields.any(kind, key) else {
        return (Vec::new(), false);
    };
    let value = |label: &str, doc: &str| Completion {
        label: label.to_string(),
        kind: CompletionKind::Value,
        detail: None,
        documentation: (!doc.is_empty()).then(|| doc.to_string()),
        insert: None,
    };
    match spec.ty {
        ValueType::Words(vocabulary) => (
            vocabulary
                .words
                .iter()
                .zip(vocabulary.descriptions)
                .map(|(w, d)| value(w, d))
                .collect(),
            false,
        ),
        ValueType::True => (vec![value("true", "an external role")], false),
        ValueType::Boolean => (vec![value("true", ""), value("false", "")], false),
        ValueType::Word => (
            vec![value("satisfaction", "the customer satisfaction policy")],
            false,
        ),
        ValueType::Reference { kinds, keyword } => {
            // Customers may be departments, but roles are what is asked for (CC203).
            let wanted = kinds[0];
            let mut names: Vec<Completion> = analysis
                .model
                .entities()
                .filter(|(_, d)| d.kind == wanted && d.name.text.starts_with(prefix))
                .map(|(_, d)| Completion {
                    label: d.name.text.to_string(),
                    kind: CompletionKind::Name(wanted),
                    detail: Some(match &d.title {
                        Some(title) => format!("{} — {title}", wanted.keyword()),
                        None => wanted.keyword().to_string(),
                    }),
                    documentation: None,
                    insert: None,
                })
                .collect();
            names.sort_by(|a, b| a.label.cmp(&b.label));
            let cut = names.len() > MAX_NAMES;
            names.truncate(MAX_NAMES);
            if let Some(keyword) = keyword {
                let doc = match keyword {
                    "direct" => "end users obtain it directly, without a middleman",
                    _ => "every department",
                };
                names.insert(0, value(keyword, doc));
            }
            (names, cut)
        }
        ValueType::Text | ValueType::Priority | ValueType::Integer { .. } | ValueType::Date => {
            (Vec::new(), false)
        }
    }
}

fn rules() -> Vec<Completion> {
    Code::ALL
        .iter()
        .filter(|c| c.suppressible_by_comment())
        .flat_map(|&c| {
            let doc = c.doc();
            [doc.name.as_str(), doc.code.as_str()].map(|label| Completion {
                label: label.to_string(),
                kind: CompletionKind::Rule,
                detail: Some(format!("{} {}", doc.code, doc.name)),
                documentation: Some(doc.summary.clone()),
                insert: None,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::test_support::{workspace, ROLES};

    fn labels(files: &[(&str, &str)]) -> Vec<String> {
        let (mut ws, cursor) = workspace(files);
        let (file, offset) = cursor.unwrap();
        let analysis = ws.analysis();
        complete(&ws, &analysis, file, offset)
            .0
            .into_iter()
            .map(|c| c.label)
            .collect()
    }

    fn at(text: &str) -> Vec<String> {
        labels(&[("roles.ccl", ROLES), ("edit.ccl", text)])
    }

    #[test]
    fn keys_of_the_kind_not_yet_given() {
        let keys = at("product p {\n  produced_by: hr\n  |\n}\n");
        assert!(keys.contains(&"end_user".to_string()), "{keys:?}");
        assert!(!keys.contains(&"produced_by".to_string()), "{keys:?}");
        assert!(!keys.contains(&"lead".to_string()), "{keys:?}");
        assert_eq!(at("role r { dep| }\n"), ["department", "external"]);
        assert_eq!(
            at("rule r { product: p; |"),
            at("rule r {\n  product: p\n  |")
        );
    }

    #[test]
    fn names_of_the_right_kind_for_a_reference() {
        assert_eq!(at("product p { end_user: |"), ["clerk", "head", "visitor"]);
        assert_eq!(at("product p { end_user: clerk, h|"), ["head"]);
        assert_eq!(at("product p {\n  produced_by: |\n}"), ["hr"]);
        assert_eq!(
            at("rule r { channel: |"),
            ["direct", "clerk", "head", "visitor"]
        );
        assert_eq!(at("policy s { scope: |"), ["all", "hr"]);
        assert_eq!(
            at("product p {\n  end_user: clerk,\n    |"),
            ["clerk", "head", "visitor"],
            "a list continued on the next line"
        );
    }

    #[test]
    fn words_of_a_vocabulary() {
        assert_eq!(
            at("product p { audience: |"),
            ["internal", "external", "mixed"]
        );
        assert_eq!(
            at("policy s { review: q|"),
            ["weekly", "monthly", "quarterly", "yearly"]
        );
        assert!(at("product p { aspect: \"|").is_empty());
    }

    #[test]
    fn kinds_at_the_start_of_a_line_and_rules_in_suppressions() {
        assert_eq!(at("|").len(), 6);
        assert_eq!(at("role r { external: true }\npro|").len(), 6);
        assert!(at("role |").is_empty(), "a new name is not completed");
        let rules = at("# cclint: allow |");
        assert!(rules.contains(&"broker-decides".to_string()), "{rules:?}");
        assert!(rules.contains(&"CC301".to_string()), "{rules:?}");
        assert!(
            !rules.contains(&"CC001".to_string()),
            "core rules cannot be allowed"
        );
        assert!(
            !rules
                .iter()
                .any(|r| r == "CC008" || r == "invalid-suppression"),
            "a comment cannot excuse a malformed comment"
        );
        assert!(!at("# cclint: allow CC301, |").is_empty());
        assert!(at("# cclint: allow CC301 -- |").is_empty());
        assert!(at("# a comment |").is_empty());
    }
}
