//! Reading a `# cclint: allow RULE[, RULE…] [until YYYY-MM-DD] -- REASON` comment
//! (SPEC 3.3): what it allows, where, why and until when; or why it is invalid (CC008)
//! or expired (CC010).

use super::Date;
use crate::catalog::Code;
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};
use crate::syntax::Comment;

/// Today's date in UTC, from the system clock.
pub fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_from_days((secs / 86_400) as i64)
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
pub fn civil_from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as u32, m as u32, d as u32)
}

/// A date written `YYYY-MM-DD`, if it is a day of the calendar.
pub fn parse_date(text: &str) -> Option<Date> {
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&d).then_some((y, m, d))
}

/// One valid, unexpired suppression and what it covers.
pub(super) struct Active {
    pub file: FileId,
    pub comment: Span,
    pub rules: Vec<Code>,
    /// Where each rule is written in the comment.
    pub written: Vec<Span>,
    /// Whether each rule suppressed something.
    pub used: Vec<bool>,
    pub reason: String,
    pub until: Option<String>,
    /// `None` covers the whole file.
    pub covers: Option<Vec<Span>>,
}

fn invalid(file: FileId, comment: Span, message: String, help: &str) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::new(Code::CC008, file, comment, message.clone())
            .with_primary_label("invalid suppression")
            .with_help(help)
            .with_subject(message),
    )
}

/// Why a directive is invalid: what to say, and how to fix it.
type Problem = (String, String);

/// What a directive says.
struct Said<'a> {
    whole_file: bool,
    rules: Vec<(Code, &'a str)>,
    until: Option<&'a str>,
    reason: String,
}

/// Read one `cclint:` directive (`directive`, a slice of the file's `text`): the
/// suppression it makes, or its finding, invalid (CC008) or expired (CC010).
pub(super) fn parse_directive(
    id: FileId,
    covers: &[Span],
    comment: &Comment,
    (text, directive): (&str, &str),
    today: Date,
) -> Result<Active, Box<Diagnostic>> {
    let span = comment.span;
    let said = read(directive).map_err(|(message, help)| invalid(id, span, message, &help))?;
    let rules: Vec<Code> = said.rules.iter().map(|(code, _)| *code).collect();
    if let Some(date) = said
        .until
        .filter(|d| parse_date(d).is_some_and(|d| d < today))
    {
        return Err(Box::new(expired(id, span, &rules, date)));
    }
    // Where a piece of the directive (a slice of the file's text) is written.
    let at = |piece: &str| piece.as_ptr() as usize - text.as_ptr() as usize;
    let written = said
        .rules
        .iter()
        .map(|(_, w)| Span::new(at(w), at(w) + w.len()));
    Ok(Active {
        file: id,
        comment: span,
        used: vec![false; rules.len()],
        written: written.collect(),
        rules,
        reason: said.reason,
        until: said.until.map(str::to_string),
        covers: (!said.whole_file).then(|| covers.to_vec()),
    })
}

/// The rules named in the suppression `comment` of `text`, each where it is written (for
/// editors: highlighting and hover on codes). Words that name no rule are left out.
pub fn rules_written(text: &str, comment: &Comment) -> Vec<(Span, Code)> {
    let Some(directive) = super::outline::directive(comment, text) else {
        return Vec::new();
    };
    let head = directive
        .split_once("--")
        .map_or(directive, |(head, _)| head);
    let at = |piece: &str| piece.as_ptr() as usize - text.as_ptr() as usize;
    head.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .skip(1)
        .filter_map(|w| Code::parse(w).map(|code| (Span::new(at(w), at(w) + w.len()), code)))
        .collect()
}

/// What `directive` says, or why it says nothing valid.
fn read(directive: &str) -> Result<Said<'_>, Problem> {
    let word_end = directive
        .find(|c: char| c.is_whitespace() || c == ',')
        .unwrap_or(directive.len());
    let (word, rest) = directive.split_at(word_end);
    let whole_file = match word {
        "allow-file" => true,
        "allow" => false,
        _ => {
            let help = match crate::suggest::closest(word, ["allow", "allow-file"]) {
                Some(near) => format!("did you mean `{near}`? Write `# cclint: {near} RULE -- REASON`"),
                None => "write `# cclint: allow RULE -- REASON` or `# cclint: allow-file RULE -- REASON`".to_string(),
            };
            return Err((format!("unknown cclint directive `{word}`"), help));
        }
    };
    let (head, reason) = match rest.split_once("--") {
        Some((head, reason)) if !reason.trim().is_empty() => (head, reason.trim().to_string()),
        _ => {
            let help =
                "say why the finding is acceptable after ` -- `: `# cclint: allow RULE -- REASON`";
            return Err((
                "this suppression gives no reason".to_string(),
                help.to_string(),
            ));
        }
    };
    let (rules, until) = rules_and_date(head)?;
    Ok(Said {
        whole_file,
        rules,
        until,
        reason,
    })
}

/// The rules a directive names, each with the word it is written as.
type Rules<'a> = Vec<(Code, &'a str)>;

/// The rules a directive's head names, and its `until` date.
fn rules_and_date(head: &str) -> Result<(Rules<'_>, Option<&str>), Problem> {
    const ORDER: &str = "write the rules, then the date: `allow RULE until 2027-06-30 -- REASON`";
    let mut words = head
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty());
    let mut rules = Vec::new();
    let mut until = None;
    while let Some(word) = words.next() {
        if word != "until" {
            rules.push((rule(word)?, word));
            continue;
        }
        let date = words.next().unwrap_or("");
        if rules.is_empty() {
            return Err((
                "`until` comes after the rules it limits".to_string(),
                ORDER.to_string(),
            ));
        }
        if parse_date(date).is_none() {
            let help = "write the date as YYYY-MM-DD after the rules: `allow RULE until 2027-06-30 -- REASON`";
            return Err((format!("malformed `until` date `{date}`"), help.to_string()));
        }
        if let Some(extra) = words.next() {
            let message =
                format!("`{extra}` after the `until` date: the date ends the list of rules");
            return Err((message, ORDER.to_string()));
        }
        until = Some(date);
    }
    if rules.is_empty() {
        let help = "name the rules it allows: `# cclint: allow broker-decides -- REASON`";
        return Err((
            "this suppression names no rule".to_string(),
            help.to_string(),
        ));
    }
    Ok((rules, until))
}

/// The rule `word` names, if a comment may suppress it.
fn rule(word: &str) -> Result<Code, Problem> {
    let Some(code) = Code::parse(word) else {
        let help = match Code::suggest(word) {
            Some(near) => format!("did you mean `{near}`? (`cclint rules` lists them all)"),
            None => "name a rule by code or name; `cclint rules` lists them".to_string(),
        };
        return Err((format!("unknown rule `{word}` in suppression"), help));
    };
    let (code_text, name) = (code.as_str(), code.name());
    if code.is_core() {
        return Err((
            format!("{code_text} ({name}) is a core diagnostic and cannot be suppressed"),
            "fix the problem instead: core diagnostics mean cclint cannot read the policy as written".to_string(),
        ));
    }
    // A comment cannot excuse a malformed comment: CC008 would be its own judge.
    if code == Code::CC008 {
        return Err((
            format!("{code_text} ({name}) cannot be suppressed by a comment"),
            "correct the suppression instead, or set the rule's level in cclint.yaml".to_string(),
        ));
    }
    Ok(code)
}

/// CC010 for a suppression of `rules` whose date has passed.
fn expired(id: FileId, span: Span, rules: &[Code], date: &str) -> Diagnostic {
    let names: Vec<&str> = rules.iter().map(|c| c.name()).collect();
    Diagnostic::new(
        Code::CC010,
        id,
        span,
        format!("this suppression of {} expired on {date}", names.join(", ")),
    )
    .with_primary_label("expired")
    .with_help("fix the finding it covered, or extend the date if the reason still holds")
    .with_subject(format!("expired:{}:{date}", names.join(",")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_779), (2026, 11, 22));
        assert_eq!(parse_date("2027-06-30"), Some((2027, 6, 30)));
        assert_eq!(parse_date("2027-02-29"), None);
        assert_eq!(parse_date("2028-02-29"), Some((2028, 2, 29)));
        assert_eq!(parse_date("27-6-30"), None);
    }
}
