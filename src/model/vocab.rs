//! The fixed vocabularies of CCL (`audience`, `touchpoints`, `status`, `review`): one
//! table each, from which the value type, its parsing, the schema's word list and the
//! descriptions shown by hover and completion all come.

/// A word list with what each word means, as the schema and the editor features see it.
#[derive(Debug, PartialEq, Eq)]
pub struct Vocabulary {
    /// The words, in the order the language documents them.
    pub words: &'static [&'static str],
    /// What each word means (same order as `words`).
    pub descriptions: &'static [&'static str],
}

impl Vocabulary {
    /// What `word` means, if it is one of the words.
    pub fn describe(&self, word: &str) -> Option<&'static str> {
        let i = self.words.iter().position(|w| *w == word)?;
        Some(self.descriptions[i])
    }

    /// `` `a`, `b` or `c` `` (one value) or `` one or more of `a`, `b` and `c` `` (a list),
    /// for messages.
    pub fn expects(&self, many: bool) -> String {
        let quoted: Vec<String> = self.words.iter().map(|w| format!("`{w}`")).collect();
        let (last, rest) = quoted.split_last().expect("a vocabulary has words");
        let joined = if rest.is_empty() {
            last.clone()
        } else {
            format!(
                "{} {} {last}",
                rest.join(", "),
                if many { "and" } else { "or" }
            )
        };
        if many {
            format!("one or more of {joined}")
        } else {
            joined
        }
    }
}

/// Declares a vocabulary's enum and its table: `Enum { Variant = "word": "meaning", … }`.
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $word:literal : $meaning:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($variant,)+
        }

        impl $name {
            /// Every value, in the documented order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];
            /// The words and their meanings.
            pub const VOCABULARY: Vocabulary = Vocabulary {
                words: &[$($word,)+],
                descriptions: &[$($meaning,)+],
            };

            /// The value `word` names.
            pub fn parse(word: &str) -> Option<$name> {
                match word {
                    $($word => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// The word for this value, as written in CCL.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word,)+
                }
            }

            /// What this value means.
            pub fn description(self) -> &'static str {
                match self {
                    $($name::$variant => $meaning,)+
                }
            }
        }
    };
}

vocabulary! {
    /// Who a product is for (`audience`).
    Audience {
        Internal = "internal": "made for the organisation's own people (employees)",
        External = "external": "made for customers outside the organisation",
        Mixed = "mixed": "made for both employees and outside customers",
    }
}

vocabulary! {
    /// How the experience of a product reaches its customers (`touchpoints`).
    Touchpoint {
        Static = "static": "the product itself, its packaging and price",
        Human = "human": "people: staff who serve, advise or support",
        Digital = "digital": "the web, apps and other digital channels",
    }
}

vocabulary! {
    /// Whether a product is still produced (`status`).
    Status {
        Active = "active": "still produced (the default): every product rule applies",
        Retired = "retired": "no longer produced: exempt from the product rules, still a name others may refer to",
    }
}

vocabulary! {
    /// How often a policy is reviewed (`review`).
    Review {
        Weekly = "weekly": "reviewed every week",
        Monthly = "monthly": "reviewed every month",
        Quarterly = "quarterly": "reviewed every three months",
        Yearly = "yearly": "reviewed once a year",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_parse_to_their_values_and_back() {
        for a in Audience::ALL {
            assert_eq!(Audience::parse(a.as_str()), Some(*a));
            assert_eq!(
                Audience::VOCABULARY.describe(a.as_str()),
                Some(a.description())
            );
        }
        assert_eq!(Review::parse("quarterly"), Some(Review::Quarterly));
        assert_eq!(Status::parse("Retired"), None);
    }

    #[test]
    fn what_a_field_expects_is_said_from_the_words() {
        assert_eq!(
            Audience::VOCABULARY.expects(false),
            "`internal`, `external` or `mixed`"
        );
        assert_eq!(
            Touchpoint::VOCABULARY.expects(true),
            "one or more of `static`, `human` and `digital`"
        );
    }
}
