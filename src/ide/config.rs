//! Editor features in `cclint.yaml`: what a rule named there checks (hover), and where a
//! rule's level is set (the target of go-to-definition from a rule's code or name, in
//! `cclint.yaml` or in a suppression comment).

use super::hover::Hover;
use crate::catalog::Code;
use crate::source::Span;

/// Whether `path` names a cclint configuration file (not a CCL file).
pub fn is_config(path: &std::path::Path) -> bool {
    path.file_name()
        .is_some_and(|n| n == crate::config::FILE_NAME)
}

/// The rule code or name written at `offset` of `text`, and where.
pub fn rule_at(text: &str, offset: usize) -> Option<(Span, Code)> {
    let offset = offset.min(text.len());
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let start = text[..offset]
        .rfind(|c: char| !is_word(c))
        .map_or(0, |i| i + 1);
    let end = text[offset..]
        .find(|c: char| !is_word(c))
        .map_or(text.len(), |i| offset + i);
    let code = Code::parse(&text[start..end])?;
    Some((Span::new(start, end), code))
}

/// What the rule at `offset` of a `cclint.yaml` text checks.
pub fn hover(text: &str, offset: usize) -> Option<Hover> {
    let (span, code) = rule_at(text, offset)?;
    Some(super::hover::rule(code, span))
}

/// Where `text` (a `cclint.yaml`) sets the level of `code`: its key under `rules:`, by
/// code or name.
pub fn level_setting(text: &str, code: Code) -> Option<Span> {
    let mut in_rules = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end();
        let indented = content.starts_with([' ', '\t']);
        if !indented && !content.is_empty() && !content.starts_with('#') {
            in_rules = content.starts_with("rules:");
            continue;
        }
        if !in_rules {
            continue;
        }
        let key_start = content.len() - content.trim_start().len();
        let Some((key, _)) = content.trim_start().split_once(':') else {
            continue;
        };
        let key = key.trim().trim_matches(['"', '\'']);
        if Code::parse(key) == Some(code) {
            let at = start + key_start + content.trim_start().find(key).unwrap_or(0);
            return Some(Span::new(at, at + key.len()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str =
        "# levels\nrules:\n  broker-decides: error\n  CC502: warning\nexclude: [drafts]\n";

    #[test]
    fn a_rule_named_in_the_configuration_is_explained() {
        let at = CONFIG.find("decides").unwrap();
        let shown = hover(CONFIG, at).unwrap();
        assert!(
            shown.markdown.starts_with("**CC301** `broker-decides`"),
            "{}",
            shown.markdown
        );
        assert_eq!(
            &CONFIG[shown.span.start()..shown.span.end()],
            "broker-decides"
        );
        assert!(hover(CONFIG, CONFIG.find("drafts").unwrap()).is_none());
    }

    #[test]
    fn the_level_of_a_rule_is_found_by_code_or_name() {
        let found = |code| level_setting(CONFIG, code).map(|s: Span| &CONFIG[s.start()..s.end()]);
        assert_eq!(found(Code::CC301), Some("broker-decides"));
        assert_eq!(found(Code::CC502), Some("CC502"));
        assert_eq!(found(Code::CC302), None);
        assert_eq!(
            level_setting("exclude: [CC301]\n", Code::CC301),
            None,
            "only under rules:"
        );
        assert!(is_config(std::path::Path::new("/r/cclint.yaml")));
    }
}
