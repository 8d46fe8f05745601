//! Pass 2: names resolved through the symbol table: a name of the wrong kind (CC005) or
//! of nothing declared (CC002, with "did you mean" and a fix when the near miss is
//! unambiguous).

use super::super::kinds::Checked;
use super::super::schema::{FieldSpec, ValueType};
use super::{Declared, Kind, Resolver, Span};
use crate::catalog::Code;
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::suggest::Suggester;
use crate::syntax::Name;

impl Resolver<'_> {
    /// Resolve a pending name of `owner`'s field: what it names, or `None` after
    /// reporting, in `diagnostics`, a name of the wrong kind (CC005) or of nothing
    /// declared (CC002).
    pub(super) fn resolve_name(
        &self,
        owner: &Declared,
        spec: &FieldSpec,
        name: &Name,
        span: Span,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Checked> {
        let key = spec.key;
        let ValueType::Reference { kinds, .. } = spec.ty else {
            unreachable!("only reference fields hold names to resolve")
        };
        let error = |code: Code, message: String| {
            Diagnostic::new(code, owner.file, span, message)
                .with_entity(owner.kind.keyword(), &owner.name.text)
        };
        match self.symbols.get(name) {
            Some(symbol) if kinds.contains(&symbol.kind) => symbol.entity.map(Checked::Entity),
            Some(symbol) => {
                let kind = symbol.kind;
                let d = error(
                    Code::CC005,
                    format!(
                        "`{key}` of {} takes {}, but `{name}` is a {}",
                        owner.describe(),
                        spec.expects(),
                        kind.keyword()
                    ),
                )
                .with_primary_label(format!("a {}, not {}", kind.keyword(), spec.expects()))
                .with_label(
                    symbol.file,
                    symbol.span,
                    format!("`{name}` is declared as a {} here", kind.keyword()),
                )
                .with_help(wrong_kind_help(key, kinds, kind))
                .with_subject(format!("kind:{key}={name}"));
                diagnostics.push(d);
                None
            }
            None => {
                // Customers may be departments, but roles are what is asked for.
                let wanted = kinds[0].keyword();
                let d = error(
                    Code::CC002,
                    format!(
                        "`{key}` of {} names `{name}`, but no {wanted} `{name}` is declared",
                        owner.describe()
                    ),
                )
                .with_primary_label("not declared")
                .with_help(format!("declare {wanted} `{name}` in any .ccl file of the repository, or correct the name"))
                .with_subject(format!("reference:{key}={name}"));
                let d = match self.near_miss(name, kinds) {
                    Some((near, unique)) => suggest(d, name, span, near, unique),
                    None => d,
                };
                diagnostics.push(d);
                None
            }
        }
    }

    /// Whether every one of `names` names a declaration of a kind `spec` takes.
    pub(super) fn all_resolve(&self, names: &[Name], spec: &FieldSpec) -> bool {
        let ValueType::Reference { kinds, .. } = spec.ty else {
            return false;
        };
        names.iter().all(|name| {
            self.symbols
                .get(name)
                .is_some_and(|s| kinds.contains(&s.kind) && s.entity.is_some())
        })
    }
}

impl Resolver<'_> {
    /// The declared name closest to `word`: of a wanted kind (and whether it is the only
    /// one at its distance), else of any kind (never unique: it would be the wrong kind).
    fn near_miss(&self, word: &str, kinds: &[Kind]) -> Option<(String, bool)> {
        let names = self
            .names
            .get_or_init(|| Suggester::new(self.symbols.iter().map(|(n, s)| (n.as_str(), s.kind))));
        names
            .ranked(word, |kind| kinds.contains(&kind))
            .or_else(|| names.closest(word, |_| true).map(|near| (near, false)))
    }
}

/// An unknown name's finding with its near miss: the help, and a fix when the near miss
/// is of a wanted kind and the only one at its distance.
fn suggest(mut d: Diagnostic, word: &str, span: Span, near: String, unique: bool) -> Diagnostic {
    d.help = Some(format!("did you mean `{near}`?").into());
    if unique {
        d.fixes.push(Fix::safe(
            format!("replace `{word}` with `{near}`"),
            vec![Edit {
                span,
                replacement: near,
            }],
        ));
    }
    d
}

fn wrong_kind_help(key: &str, wanted: &[Kind], found: Kind) -> String {
    match (wanted, found) {
        ([Kind::Role], Kind::Department) => format!(
            "`{key}` names people by the role they play; name a role of that department (one with `department: …`)"
        ),
        ([Kind::Department], Kind::Role) => {
            format!("`{key}` takes the department itself; name the role's department instead")
        }
        _ => format!(
            "`{key}` takes {}",
            wanted.iter().map(|k| k.keyword()).collect::<Vec<_>>().join(" or ")
        ),
    }
}
