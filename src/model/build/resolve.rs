//! Pass 2, part 2: references resolved through the symbol table: a name of the wrong
//! kind (CC005) or of nothing declared (CC002, with "did you mean" and a fix when the
//! near miss is unambiguous).

use super::super::schema::FieldSpec;
use super::define::{Definer, Ticket};
use super::{Checked, Declared, FileId, Kind, Span};
use crate::catalog::Code;
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::syntax::Name;

impl Definer<'_> {
    pub(super) fn resolve(
        &mut self,
        file: FileId,
        owner: &Declared,
        spec: &FieldSpec,
        kinds: &'static [Kind],
        name: Name,
        span: Span,
    ) -> Option<Checked> {
        let key = spec.key;
        match self.symbols.get(&name) {
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
                // Customers may be departments, but roles are what is asked for: the help
                // for no near miss, until the suggestion's ticket is served.
                let wanted = kinds[0].keyword();
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
                    .with_help(format!("declare {wanted} `{name}` in any .ccl file of the repository, or correct the name"))
                    .with_subject(format!("reference:{key}={name}"));
                self.tickets.push(Ticket {
                    word: name,
                    kinds,
                    span,
                    diagnostic: Some(self.diagnostics.len()),
                });
                self.diagnostics.push(d);
                None
            }
        }
    }
}

/// Give an unknown name's finding its near miss: the help, and a fix when the near miss
/// is of a wanted kind and the only one at its distance.
pub(super) fn suggest(d: &mut Diagnostic, ticket: &Ticket, near: String, unique: bool) {
    d.help = Some(format!("did you mean `{near}`?"));
    if unique {
        d.fixes.push(Fix::safe(
            format!("replace `{}` with `{near}`", ticket.word),
            vec![Edit {
                span: ticket.span,
                replacement: near,
            }],
        ));
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
