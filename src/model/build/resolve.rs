//! Pass 2, part 2: references resolved through the symbol table: a name of the wrong
//! kind (CC005) or of nothing declared (CC002, with "did you mean" and a fix when the
//! near miss is unambiguous).

use super::super::schema::FieldSpec;
use super::{Builder, Checked, Declared, FileId, Kind, Span};
use crate::catalog::Code;
use crate::diagnostic::{Edit, Fix};
use crate::suggest::Suggester;
use crate::syntax::Name;

impl Builder {
    pub(super) fn resolve(
        &mut self,
        file: FileId,
        owner: &Declared,
        spec: &FieldSpec,
        kinds: &[Kind],
        name: Name,
        span: Span,
    ) -> Option<Checked> {
        let key = spec.key;
        match self.model.symbols.get(&name) {
            Some(symbol) if kinds.contains(&symbol.kind) => symbol.entity.map(Checked::Entity),
            Some(symbol) => {
                let (kind, sym_file, sym_span) = (symbol.kind, symbol.file, symbol.span);
                let d = self
                    .error(
                        Code::CC005,
                        file,
                        span,
                        owner,
                        format!(
                            "`{key}` of {} takes {}, but `{name}` is a {}",
                            owner.describe(),
                            spec.expects(),
                            kind.keyword()
                        ),
                    )
                    .with_primary_label(format!("a {}, not {}", kind.keyword(), spec.expects()))
                    .with_label(
                        sym_file,
                        sym_span,
                        format!("`{name}` is declared as a {} here", kind.keyword()),
                    )
                    .with_help(wrong_kind_help(key, kinds, kind))
                    .with_subject(format!("kind:{key}={name}"));
                self.diagnostics.push(d);
                None
            }
            None => {
                // Customers may be departments, but roles are what is asked for.
                let wanted = kinds[0].keyword();
                let suggestion = self.suggest_name(&name, kinds);
                let near = suggestion.as_ref().map(|(near, _)| near.clone());
                let help = match near {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("declare {wanted} `{name}` in any .ccl file of the repository, or correct the name"),
                };
                let d = self
                    .error(
                        Code::CC002,
                        file,
                        span,
                        owner,
                        format!(
                            "`{key}` of {} names `{name}`, but no {wanted} `{name}` is declared",
                            owner.describe()
                        ),
                    )
                    .with_primary_label("not declared")
                    .with_help(help)
                    .with_subject(format!("reference:{key}={name}"));
                let d = match suggestion {
                    Some((near, true)) => d.with_fix(Fix::safe(
                        format!("replace `{name}` with `{near}`"),
                        vec![Edit {
                            span,
                            replacement: near,
                        }],
                    )),
                    _ => d,
                };
                self.diagnostics.push(d);
                None
            }
        }
    }

    /// The closest declared name, preferring names of the wanted kinds; with whether a
    /// fix may apply it (it is of a wanted kind and the only one at its distance).
    pub(super) fn suggest_name(&mut self, name: &str, kinds: &[Kind]) -> Option<(String, bool)> {
        let symbols = &self.model.symbols;
        let suggester = self.suggester.get_or_insert_with(|| {
            Suggester::new(symbols.iter().map(|(n, s)| (n.as_str(), s.kind)).collect())
        });
        suggester
            .ranked(name, |kind| kinds.contains(&kind))
            .or_else(|| suggester.closest(name, |_| true).map(|near| (near, false)))
    }
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
