//! Hover: what a name stands for (its declaration's kind, name, title and key facts,
//! from the model's query layer), what a field or vocabulary word means, and what a rule
//! named in a suppression comment checks (from the catalog).

use super::{declaration_at, name_at};
use crate::catalog::Code;
use crate::model::schema::ValueType;
use crate::model::{Channel, Customer, EntityRef, Item, Model, Scope, Slot};
use crate::source::{FileId, Span};
use crate::{Analysis, Workspace};

/// Markdown about what is at a place, and the span it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    pub span: Span,
    pub markdown: String,
}

/// What to show when the pointer rests at `offset` in `file`.
pub fn hover(
    workspace: &Workspace,
    analysis: &Analysis,
    file: FileId,
    offset: usize,
) -> Option<Hover> {
    if let Some(hover) = suppression(workspace, file, offset) {
        return Some(hover);
    }
    if let Some(at) = name_at(workspace, analysis, file, offset) {
        let markdown = match at.entity {
            Some(entity) => describe(workspace, &analysis.model, entity),
            None => match analysis.model.symbols.get(&at.name) {
                Some(symbol) => format!(
                    "**{}** `{}` (it did not parse: see the syntax error there)",
                    symbol.kind.keyword(),
                    at.name
                ),
                None => format!("`{}` is not declared in this repository", at.name),
            },
        };
        return Some(Hover {
            span: at.span,
            markdown,
        });
    }
    field(workspace, &analysis.model.fields, file, offset)
}

/// `**role** `clerk` — Clerk`, then the declaration's facts and where it is.
pub fn describe(workspace: &Workspace, model: &Model, entity: EntityRef) -> String {
    let declared = model.declared(entity);
    let mut out = format!("**{}** `{}`", declared.kind.keyword(), declared.name.text);
    if let Some(title) = &declared.title {
        out.push_str(&format!(" — {title}"));
    }
    out.push_str("\n\n");
    let facts = match entity {
        EntityRef::Organisation => organisation_facts(model),
        EntityRef::Department(id) => department_facts(model, id),
        EntityRef::Role(id) => role_facts(model, id),
        EntityRef::Product(id) => product_facts(model, model.product(id)),
        EntityRef::Policy(id) => policy_facts(model.policy(id)),
        EntityRef::Rule(id) => rule_facts(&model.rules[id.index()]),
    };
    let lines: Vec<String> = facts
        .into_iter()
        .map(|(label, value)| format!("- {label}: {value}"))
        .collect();
    out.push_str(&lines.join("\n"));
    if let Some(file) = workspace.file(declared.file) {
        let line = file.position(declared.name.span.start()).line;
        out.push_str(&format!("\n\n*declared in {}:{line}*", file.display));
    }
    out
}

/// A declaration's facts, as (label, value).
type Facts = Vec<(&'static str, String)>;

fn organisation_facts(model: &Model) -> Facts {
    let o = model
        .organisation
        .as_ref()
        .expect("an organisation reference implies one");
    let mission = o.mission.as_ref().and_then(|m| m.single());
    mission
        .map(|m| ("mission", m.to_string()))
        .into_iter()
        .collect()
}

fn department_facts(model: &Model, id: crate::model::DepartmentId) -> Facts {
    let d = model.department(id);
    let mut facts = Facts::new();
    if let Some(lead) = &d.lead {
        facts.push(("lead", names(&lead.items)));
    }
    let (all, active) = model
        .products
        .iter()
        .filter(|p| p.produced_by.as_ref().and_then(|s| s.single()) == Some(&id))
        .fold((0, 0), |(all, active), p| {
            (all + 1, active + usize::from(p.is_active()))
        });
    facts.push((
        "produces",
        format!("{all} product{} ({active} active)", plural(all)),
    ));
    facts
}

fn role_facts(model: &Model, id: crate::model::RoleId) -> Facts {
    let r = model.role(id);
    let what = match (r.is_internal(), &r.department) {
        (Some(true), Some(d)) => format!("internal: an employee of {}", names(&d.items)),
        (Some(false), _) => "external: outside the organisation".to_string(),
        _ => "neither clearly internal nor external".to_string(),
    };
    let mut facts = vec![("role", what)];
    let mut roles = [0usize; 3];
    for p in model.products.iter().filter(|p| p.is_active()) {
        roles[0] += usize::from(p.end_users().any(|r| r == id));
        roles[1] += usize::from(p.brokers().any(|r| r == id));
        roles[2] += usize::from(p.fixers().any(|r| r == id));
    }
    for (n, what) in roles.iter().zip(["end user", "broker", "fixer"]) {
        if *n > 0 {
            facts.push((what, format!("of {n} active product{}", plural(*n))));
        }
    }
    facts
}

fn product_facts(model: &Model, p: &crate::model::Product) -> Facts {
    let audience = match model.product_is_internal(p) {
        Some(true) => "internal (for employees)",
        Some(false) => "for customers outside the organisation too",
        None => "unknown",
    };
    let status = if p.is_active() { "active" } else { "retired" };
    let mut facts = vec![
        ("audience", audience.to_string()),
        ("status", status.to_string()),
    ];
    if let Some(produced_by) = &p.produced_by {
        facts.push(("produced by", names(&produced_by.items)));
    }
    if let Some(owner) = &p.owner {
        facts.push(("owner", names(&owner.items)));
    }
    for (label, slot) in [
        ("end users", &p.end_user),
        ("brokers", &p.broker),
        ("fixers", &p.fixer),
    ] {
        let slot: &Option<Slot<Customer>> = slot;
        facts.push((
            label,
            slot.as_ref()
                .map_or("none".to_string(), |s| names(&s.items)),
        ));
    }
    if let Some(priority) = p.priority.as_ref().and_then(|s| s.single()) {
        facts.push(("priority", priority.to_string()));
    }
    facts
}

fn policy_facts(p: &crate::model::Policy) -> Facts {
    let mut facts = Facts::new();
    if let Some(kind) = &p.kind {
        facts.push(("kind", names(&kind.items)));
    }
    if let Some(owner) = &p.owner {
        facts.push(("owner", names(&owner.items)));
    }
    let scope = match &p.scope {
        None => "all departments".to_string(),
        Some(s) if s.values().any(|v| *v == Scope::All) => "all departments".to_string(),
        Some(s) => names(&s.items),
    };
    facts.push(("scope", scope));
    let count = |s: &Option<Slot<_>>| s.as_ref().map_or(0, |s: &Slot<_>| s.items.len());
    let (proactive, reactive) = (count(&p.proactive_measures), count(&p.reactive_measures));
    facts.push((
        "measures",
        format!("{proactive} proactive, {reactive} reactive"),
    ));
    if let Some(review) = p.review.as_ref().and_then(|r| r.single()) {
        facts.push(("review", review.as_str().to_string()));
    }
    facts
}

fn rule_facts(r: &crate::model::DecisionRule) -> Facts {
    let mut facts = Facts::new();
    if let Some(product) = &r.product {
        facts.push(("about product", names(&product.items)));
    }
    if let Some(decided) = &r.decided_by {
        facts.push(("decided by", names(&decided.items)));
    }
    if let Some(consulting) = &r.consulting {
        facts.push(("consulting", names(&consulting.items)));
    }
    if let Some(channel) = &r.channel {
        let direct = channel.values().any(|c| *c == Channel::Direct);
        let direct = if direct { " (direct)" } else { "" };
        facts.push(("channel", format!("{}{direct}", names(&channel.items))));
    }
    facts
}

/// `` `a`, `b` `` : the values of a field as written.
fn names<T>(items: &[Item<T>]) -> String {
    items
        .iter()
        .map(|i| format!("`{}`", i.text))
        .collect::<Vec<_>>()
        .join(", ")
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A rule named in a `# cclint: allow …` comment: its summary from the catalog.
fn suppression(workspace: &Workspace, file: FileId, offset: usize) -> Option<Hover> {
    let (span, code) = rule_in_suppression(workspace, file, offset)?;
    Some(rule(code, span))
}

/// The rule named at `offset` in a `# cclint: allow …` comment of `file`, and where.
pub fn rule_in_suppression(
    workspace: &Workspace,
    file: FileId,
    offset: usize,
) -> Option<(Span, Code)> {
    let parsed = workspace.parsed(file)?;
    let text = &workspace.file(file)?.text;
    let comment = parsed
        .comments
        .iter()
        .find(|c| c.span.start() <= offset && offset <= c.span.end())?;
    crate::suppress::rules_written(text, comment)
        .into_iter()
        .find(|(span, _)| span.start() <= offset && offset <= span.end())
}

/// What rule `code` checks, from the catalog, shown over `span`.
pub(crate) fn rule(code: Code, span: Span) -> Hover {
    let doc = code.doc();
    let mut markdown = format!(
        "**{}** `{}` ({}, {} by default)\n\n{}\n\nWhy: {}",
        doc.code,
        doc.name,
        doc.family.as_str(),
        doc.level.as_str(),
        doc.summary,
        doc.why.trim()
    );
    if let Some(url) = crate::catalog::doc_url(doc) {
        markdown.push_str(&format!("\n\n[Documentation]({url})"));
    } else {
        markdown.push_str(&format!("\n\n`cclint explain {}` tells more", doc.code));
    }
    Hover { span, markdown }
}

/// A field's key (what the field means) or a vocabulary word (what the word means).
fn field(
    workspace: &Workspace,
    fields: &crate::model::CustomFields,
    file: FileId,
    offset: usize,
) -> Option<Hover> {
    let decl = declaration_at(workspace, file, offset)?;
    let within = |span: Span| span.start() <= offset && offset <= span.end();
    for field in &decl.fields {
        let spec = fields.any(decl.kind, &field.key);
        if within(field.key_span()) {
            let spec = spec?;
            return Some(Hover {
                span: field.key_span(),
                markdown: format!(
                    "`{}` of a {}: {}\n\nTakes {}{}.",
                    spec.key,
                    decl.kind.keyword(),
                    spec.meaning,
                    spec.expects(),
                    if spec.required { " (required)" } else { "" }
                ),
            });
        }
        if let Some(value) = field.values.iter().find(|v| within(v.span)) {
            let ValueType::Words(vocabulary) = spec?.ty else {
                return None;
            };
            let word = value.as_ident()?;
            return Some(Hover {
                span: value.span,
                markdown: format!("`{word}`: {}", vocabulary.describe(word)?),
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::test_support::{workspace, ROLES};

    fn hover_at(files: &[(&str, &str)]) -> String {
        let (mut ws, cursor) = workspace(files);
        let (file, offset) = cursor.unwrap();
        let analysis = ws.analysis();
        hover(&ws, &analysis, file, offset).map_or(String::new(), |h| h.markdown)
    }

    #[test]
    fn a_reference_shows_its_declaration() {
        let text = hover_at(&[
            ("roles.ccl", ROLES),
            ("p.ccl", "product p { produced_by: hr; end_user: cle|rk }\n"),
        ]);
        assert!(text.starts_with("**role** `clerk` — Clerk"), "{text}");
        assert!(text.contains("internal: an employee of `hr`"), "{text}");
        assert!(text.contains("end user: of 1 active product"), "{text}");
        assert!(text.contains("*declared in roles.ccl:4*"), "{text}");
        let external = hover_at(&[
            ("roles.ccl", ROLES),
            (
                "p.ccl",
                "product p { produced_by: hr; end_user: visi|tor }\n",
            ),
        ]);
        assert!(
            external.contains("external: outside the organisation"),
            "{external}"
        );
        let product = hover_at(&[
            ("roles.ccl", ROLES),
            (
                "p.ccl",
                "product |p \"Payslip\" { produced_by: hr; end_user: clerk; broker: head }\n",
            ),
        ]);
        assert!(
            product.contains("- audience: internal (for employees)"),
            "{product}"
        );
        assert!(product.contains("- end users: `clerk`"), "{product}");
        assert!(product.contains("- brokers: `head`"), "{product}");
        let unknown = hover_at(&[("p.ccl", "product p { produced_by: no|where }\n")]);
        assert_eq!(unknown, "`nowhere` is not declared in this repository");
    }

    #[test]
    fn a_rule_in_a_suppression_shows_its_summary() {
        let text = hover_at(&[(
            "a.ccl",
            "# cclint: allow CC204, broker-de|cides -- reason\ndepartment d\n",
        )]);
        assert!(text.starts_with("**CC301** `broker-decides`"), "{text}");
        assert!(text.contains(Code::CC301.doc().summary.as_str()), "{text}");
        let reason = hover_at(&[("a.ccl", "# cclint: allow CC204 -- broker-de|cides\n")]);
        assert_eq!(reason, "", "words of the reason are not rules");
    }

    #[test]
    fn fields_and_words_say_what_they_mean() {
        let key = hover_at(&[(
            "a.ccl",
            "department d\nproduct p { produced_by: d; aud|ience: mixed }\n",
        )]);
        assert!(
            key.starts_with("`audience` of a product: who it is made for"),
            "{key}"
        );
        assert!(
            key.contains("Takes `internal`, `external` or `mixed`."),
            "{key}"
        );
        let word = hover_at(&[(
            "a.ccl",
            "department d\nproduct p { produced_by: d; audience: mi|xed }\n",
        )]);
        assert_eq!(
            word,
            format!("`mixed`: {}", crate::model::Audience::Mixed.description())
        );
    }
}
