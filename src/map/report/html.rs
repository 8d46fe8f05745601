//! Writing HTML: escaping, and the plain-language form of a finding's message (names
//! in backticks become the titles people know).

use std::borrow::Cow;

use rustc_hash::FxHashMap;

/// `text` escaped for an HTML text node or a quoted attribute (borrowed when nothing
/// needs escaping, as most text does not).
pub fn esc(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The titles of declared names, for plain language.
#[derive(Debug, Default)]
pub struct Titles<'a>(FxHashMap<&'a str, &'a str>);

impl<'a> Titles<'a> {
    pub fn new(pairs: impl IntoIterator<Item = (&'a str, Option<&'a str>)>) -> Titles<'a> {
        Titles(
            pairs
                .into_iter()
                .filter_map(|(name, title)| Some((name, title?)))
                .collect(),
        )
    }

    /// The title of `name`, if it has one.
    pub fn get(&self, name: &str) -> Option<&'a str> {
        self.0.get(name).copied()
    }

    /// `name`'s title, else the name itself.
    pub fn or_name<'b>(&self, name: &'b str) -> &'b str
    where
        'a: 'b,
    {
        self.get(name).unwrap_or(name)
    }

    /// A title, then the identifier small beside it, as HTML.
    pub fn label(&self, name: &str) -> String {
        match self.get(name) {
            Some(title) => format!("{} <code class=\"id\">{}</code>", esc(title), esc(name)),
            None => format!("<code>{}</code>", esc(name)),
        }
    }

    /// A message as HTML, each `` `name` `` of a titled declaration written as its title
    /// (`product “Washroom paper” has no owner`), other code spans kept as code.
    pub fn plain(&self, message: &str) -> String {
        let mut out = String::new();
        let mut parts = message.split('`');
        if let Some(first) = parts.next() {
            out.push_str(&esc(first));
        }
        let rest: Vec<&str> = parts.collect();
        let mut i = 0;
        while i < rest.len() {
            let code = rest[i];
            match (self.get(code), i + 1 < rest.len()) {
                (Some(title), true) => out.push_str(&format!("“{}”", esc(title))),
                (None, true) => out.push_str(&format!("<code>{}</code>", esc(code))),
                // An unpaired backtick: as written.
                (_, false) => out.push_str(&esc(&format!("`{code}"))),
            }
            if let Some(text) = rest.get(i + 1) {
                out.push_str(&esc(text));
            }
            i += 2;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_speak_in_titles() {
        let titles = Titles::new([("washroom_paper", Some("Washroom paper")), ("buyer", None)]);
        assert_eq!(
            titles.plain("product `washroom_paper` is decided by `buyer` <alone>"),
            "product “Washroom paper” is decided by <code>buyer</code> &lt;alone&gt;"
        );
        assert_eq!(titles.plain("a ` b"), "a `` b".replacen("``", "`", 1));
        assert_eq!(esc("\"<&>'"), "&quot;&lt;&amp;&gt;&#39;");
        assert_eq!(
            titles.label("washroom_paper"),
            "Washroom paper <code class=\"id\">washroom_paper</code>"
        );
    }
}
