//! Building the model: a symbol table over all files (CC003), then each declaration's
//! fields checked against the schema and resolved (CC002, CC004, CC005, CC006).

use std::collections::HashMap;

use super::schema::{self, FieldSpec, ValueType};
use super::*;
use crate::catalog::Code;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::{Edit, Fix};
use crate::suggest::{closest, ranked, Suggester};
use crate::syntax::{name, Declaration, Field, Literal, Name, ParsedFile, Value};

/// A declared name in the symbol table.
struct Symbol {
    kind: Kind,
    file: FileId,
    span: Span,
    /// `None` for a declaration that failed to parse: its name is known, so references to
    /// it are not reported again, but it is not in the model.
    entity: Option<EntityRef>,
}

/// A checked field value before it is given its type.
#[derive(Clone, Debug)]
enum Checked {
    Text(Name),
    Word(Name),
    True,
    Int(u8),
    Entity(EntityRef),
    Keyword,
}

/// Build the model from parsed files given in path order. Returns the model and the core
/// diagnostics found while building it.
pub fn build(files: &[(FileId, &ParsedFile)]) -> (Model, Vec<Diagnostic>) {
    let mut builder = Builder {
        symbols: HashMap::new(),
        suggester: None,
        diagnostics: Vec::new(),
        model: Model::default(),
    };
    let accepted = builder.declare_all(files);
    for (file, decl, entity) in accepted {
        builder.define(file, decl, entity);
    }
    (builder.model, builder.diagnostics)
}

struct Builder {
    symbols: HashMap<Name, Symbol>,
    /// "Did you mean" over all names, built on the first unknown reference.
    suggester: Option<Suggester<Kind>>,
    diagnostics: Vec<Diagnostic>,
    model: Model,
}

fn declared(file: FileId, decl: &Declaration) -> Declared {
    Declared {
        kind: decl.kind,
        name: decl.name.clone(),
        title: decl.title.as_ref().and_then(|t| match &t.literal {
            Literal::String(s) => Some(*s),
            _ => None,
        }),
        file,
        span: decl.span,
    }
}

impl Builder {
    /// Pass 1: give every first definition an id; report later ones (CC003).
    fn declare_all<'a>(
        &mut self,
        files: &[(FileId, &'a ParsedFile)],
    ) -> Vec<(FileId, &'a Declaration, EntityRef)> {
        let mut accepted = Vec::new();
        let mut organisation: Option<(FileId, Span, Name)> = None;
        for &(file, parsed) in files {
            for decl in &parsed.declarations {
                let name = &decl.name.text;
                if let Some(first) = self.symbols.get(name) {
                    let d = Diagnostic::new(
                        Code::CC003,
                        file,
                        decl.name.span,
                        format!(
                            "`{name}` is declared twice: as a {} here and as a {} before",
                            decl.kind.keyword(),
                            first.kind.keyword()
                        ),
                    )
                    .with_primary_label("declared again here")
                    .with_label(first.file, first.span, format!("`{name}` is first declared here"))
                    .with_help(format!(
                        "names are shared by every kind and file; rename this {} or remove one of the two",
                        decl.kind.keyword()
                    ))
                    .with_entity(decl.kind.keyword(), name)
                    .with_subject("duplicate");
                    self.diagnostics.push(d);
                    continue;
                }
                if decl.kind == Kind::Organisation {
                    if let Some((first_file, first_span, first_name)) = &organisation {
                        let d = Diagnostic::new(
                            Code::CC003,
                            file,
                            decl.name.span,
                            format!(
                                "a second organisation `{name}`: this repository already describes organisation `{first_name}`"
                            ),
                        )
                        .with_primary_label("second organisation")
                        .with_label(*first_file, *first_span, "the first organisation")
                        .with_help("a repository describes one organisation; move the other into its own repository")
                        .with_entity("organisation", name)
                        .with_subject("second-organisation");
                        self.diagnostics.push(d);
                        continue;
                    }
                    organisation = Some((file, decl.name.span, *name));
                }
                let entity = self.allocate(file, decl);
                self.symbols.insert(
                    *name,
                    Symbol {
                        kind: decl.kind,
                        file,
                        span: decl.name.span,
                        entity: Some(entity),
                    },
                );
                accepted.push((file, decl, entity));
            }
        }
        // The names of declarations that failed to parse are known (references to them
        // are not reported again) but never displace a valid declaration, whatever the
        // order of the files.
        for &(file, parsed) in files {
            let words = parsed.broken_product_words.iter().copied();
            self.model.named_by_broken_products.extend(words);
            for broken in &parsed.broken {
                self.model.unparsed_kinds.insert(broken.0);
                self.symbols.entry(broken.1.text).or_insert(Symbol {
                    kind: broken.0,
                    file,
                    span: broken.1.span,
                    entity: None,
                });
            }
        }
        accepted
    }

    /// Reserve the declaration's place in the model; its fields are filled in by `define`.
    fn allocate(&mut self, file: FileId, decl: &Declaration) -> EntityRef {
        let declared = declared(file, decl);
        let m = &mut self.model;
        match decl.kind {
            Kind::Organisation => {
                m.organisation = Some(Organisation {
                    declared,
                    mission: None,
                });
                EntityRef::Organisation
            }
            Kind::Department => {
                m.departments.push(Department {
                    declared,
                    lead: None,
                });
                EntityRef::Department(DepartmentId(m.departments.len() - 1))
            }
            Kind::Role => {
                m.roles.push(Role {
                    declared,
                    department: None,
                    external: None,
                });
                EntityRef::Role(RoleId(m.roles.len() - 1))
            }
            Kind::Product => {
                m.products.push(Product {
                    declared,
                    produced_by: None,
                    owner: None,
                    audience: None,
                    end_user: None,
                    broker: None,
                    fixer: None,
                    touchpoints: None,
                    priority: None,
                    status: None,
                });
                EntityRef::Product(ProductId(m.products.len() - 1))
            }
            Kind::Policy => {
                m.policies.push(Policy {
                    declared,
                    kind: None,
                    owner: None,
                    scope: None,
                    statement: None,
                    proactive_measures: None,
                    reactive_measures: None,
                    review: None,
                });
                EntityRef::Policy(PolicyId(m.policies.len() - 1))
            }
            Kind::Rule => {
                m.rules.push(DecisionRule {
                    declared,
                    product: None,
                    aspect: None,
                    decided_by: None,
                    consulting: None,
                    channel: None,
                });
                EntityRef::Rule(DecisionRuleId(m.rules.len() - 1))
            }
        }
    }

    /// Pass 2: check the declaration's fields and store them, typed, in the model.
    fn define(&mut self, file: FileId, decl: &Declaration, entity: EntityRef) {
        let owner = declared(file, decl);
        let mut slots = self.check_fields(file, decl, &owner);
        self.check_required(file, decl, &owner, &slots);
        let m = &mut self.model;
        match entity {
            EntityRef::Organisation => {
                let o = m.organisation.as_mut().expect("allocated in pass 1");
                o.mission = take(&mut slots, "mission", text);
            }
            EntityRef::Department(id) => {
                m.departments[id.0].lead = take(&mut slots, "lead", role);
            }
            EntityRef::Role(id) => {
                let r = &mut m.roles[id.0];
                r.department = take(&mut slots, "department", department);
                r.external = take(&mut slots, "external", |c| {
                    matches!(c, Checked::True).then_some(true)
                });
            }
            EntityRef::Product(id) => {
                let p = &mut m.products[id.0];
                p.produced_by = take(&mut slots, "produced_by", department);
                p.owner = take(&mut slots, "owner", role);
                p.audience = take(&mut slots, "audience", |c| {
                    word(c).and_then(|w| Audience::parse(&w))
                });
                p.end_user = take(&mut slots, "end_user", customer);
                p.broker = take(&mut slots, "broker", customer);
                p.fixer = take(&mut slots, "fixer", customer);
                p.touchpoints = take(&mut slots, "touchpoints", |c| {
                    word(c).and_then(|w| Touchpoint::parse(&w))
                });
                p.priority = take(&mut slots, "priority", |c| match c {
                    Checked::Int(n) => Some(n),
                    _ => None,
                });
                p.status = take(&mut slots, "status", |c| {
                    word(c).and_then(|w| Status::parse(&w))
                });
            }
            EntityRef::Policy(id) => {
                let p = &mut m.policies[id.0];
                p.kind = take(&mut slots, "kind", word);
                p.owner = take(&mut slots, "owner", role);
                p.scope = take(&mut slots, "scope", |c| match c {
                    Checked::Keyword => Some(Scope::All),
                    Checked::Entity(EntityRef::Department(d)) => Some(Scope::Department(d)),
                    _ => None,
                });
                p.statement = take(&mut slots, "statement", text);
                p.proactive_measures = take(&mut slots, "proactive_measures", text);
                p.reactive_measures = take(&mut slots, "reactive_measures", text);
                p.review = take(&mut slots, "review", |c| {
                    word(c).and_then(|w| Review::parse(&w))
                });
            }
            EntityRef::Rule(id) => {
                let r = &mut m.rules[id.0];
                r.product = take(&mut slots, "product", |c| match c {
                    Checked::Entity(EntityRef::Product(p)) => Some(p),
                    _ => None,
                });
                r.aspect = take(&mut slots, "aspect", text);
                r.decided_by = take(&mut slots, "decided_by", role);
                r.consulting = take(&mut slots, "consulting", role);
                r.channel = take(&mut slots, "channel", |c| match c {
                    Checked::Keyword => Some(Channel::Direct),
                    Checked::Entity(EntityRef::Role(r)) => Some(Channel::Role(r)),
                    _ => None,
                });
            }
        }
    }

    fn check_fields(
        &mut self,
        file: FileId,
        decl: &Declaration,
        owner: &Declared,
    ) -> HashMap<&'static str, Slot<Checked>> {
        let mut slots: HashMap<&'static str, Slot<Checked>> = HashMap::new();
        let mut first_key: HashMap<&'static str, Span> = HashMap::new();
        for field in &decl.fields {
            let key = &field.key.text;
            let Some(spec) = schema::lookup(decl.kind, key) else {
                // A near miss (`end_users`) stands for the field it misspells, present but
                // invalid, so that lint rules do not also report that field missing.
                if let Some(near) = self.unknown_field(file, decl, owner, field) {
                    let fixable = self.diagnostics.last().is_some_and(|d| !d.fixes.is_empty());
                    if fixable && !self.valid_as(file, decl, owner, field, near) {
                        // Renaming the key would only trade this error for another.
                        if let Some(d) = self.diagnostics.last_mut() {
                            d.fixes.clear();
                        }
                    }
                    slots.entry(near).or_insert_with(|| Slot {
                        key: field.key.span,
                        items: field.values.iter().map(|v| item(v, None)).collect(),
                    });
                }
                continue;
            };
            if let Some(first) = first_key.get(spec.key) {
                let d = self
                    .error(Code::CC005, file, field.key.span, owner, format!("`{key}` is given twice in {}", owner.describe()))
                    .with_primary_label("given again")
                    .with_label(file, *first, format!("`{key}` is first given here"))
                    .with_help(format!("a field appears once per block; keep one `{key}` (list several values with `,`)"))
                    .with_subject(format!("repeated:{key}"));
                self.diagnostics.push(d);
                continue;
            }
            first_key.insert(spec.key, field.key.span);
            let items = if !spec.many && field.values.len() > 1 {
                let extra = &field.values[1];
                let d = self
                    .error(
                        Code::CC005,
                        file,
                        extra.span,
                        owner,
                        format!(
                            "`{key}` of {} takes one value, but {} are given",
                            owner.describe(),
                            field.values.len()
                        ),
                    )
                    .with_primary_label("a second value")
                    .with_help(format!("`{key}` takes {}; keep one value", spec.expects()))
                    .with_subject(format!("list:{key}"));
                self.diagnostics.push(d);
                field.values.iter().map(|v| item(v, None)).collect()
            } else {
                field
                    .values
                    .iter()
                    .map(|v| {
                        let checked = self.check_value(file, owner, spec, v);
                        item(v, checked)
                    })
                    .collect()
            };
            slots.insert(
                spec.key,
                Slot {
                    key: field.key.span,
                    items,
                },
            );
        }
        if decl.kind == Kind::Role {
            if let (Some(dept), Some(external)) = (slots.get("department"), slots.get("external")) {
                let (first, second, second_key) = if dept.key.start < external.key.start {
                    (dept.key, external.key, "external")
                } else {
                    (external.key, dept.key, "department")
                };
                let d = self
                    .error(
                        Code::CC005,
                        file,
                        second,
                        owner,
                        format!("{} has both `department` and `external`", owner.describe()),
                    )
                    .with_primary_label("contradicts the other")
                    .with_label(file, first, "the other one")
                    .with_help("a role is either an employee (`department: …`) or external (`external: true`), not both")
                    .with_subject(format!("both:{second_key}"));
                self.diagnostics.push(d);
            }
        }
        slots
    }

    /// Whether `field`'s values would be valid under the key `near`: the condition for
    /// offering to rename the key (the checks run and their diagnostics are dropped).
    fn valid_as(
        &mut self,
        file: FileId,
        decl: &Declaration,
        owner: &Declared,
        field: &Field,
        near: &str,
    ) -> bool {
        let Some(spec) = schema::lookup(decl.kind, near) else {
            return false;
        };
        if !spec.many && field.values.len() > 1 {
            return false;
        }
        let has = |key: &str| decl.fields.iter().any(|f| f.key.text == key);
        if decl.kind == Kind::Role
            && ((near == "department" && has("external"))
                || (near == "external" && has("department")))
        {
            return false;
        }
        let mark = self.diagnostics.len();
        let resolved = field
            .values
            .iter()
            .all(|v| self.check_value(file, owner, spec, v).is_some());
        let clean = self.diagnostics.len() == mark;
        self.diagnostics.truncate(mark);
        resolved && clean
    }

    /// Report an unknown field; return the field it is a near miss of, if any.
    fn unknown_field(
        &mut self,
        file: FileId,
        decl: &Declaration,
        owner: &Declared,
        field: &Field,
    ) -> Option<&'static str> {
        let key = &field.key.text;
        let keys = schema::fields(decl.kind).iter().map(|f| f.key);
        let kind = decl.kind.keyword();
        let ranked = ranked(key, keys.clone());
        let near = ranked.map(|(near, _)| near);
        let help = match near {
            Some(near) => format!("did you mean `{near}`?"),
            None => {
                let list: Vec<String> = keys.map(|k| format!("`{k}`")).collect();
                if list.is_empty() {
                    format!("a {kind} takes no fields")
                } else {
                    format!("a {kind} takes {}", list.join(", "))
                }
            }
        };
        let d = self
            .error(
                Code::CC004,
                file,
                field.key.span,
                owner,
                format!("unknown field `{key}` in {}", owner.describe()),
            )
            .with_primary_label(format!("not a field of a {kind}"))
            .with_help(help)
            .with_subject(format!("field:{key}"));
        // The fix is safe when the near miss is the only one and not already a field.
        let d = match ranked {
            Some((near, true)) if !decl.fields.iter().any(|f| f.key.text == near) => {
                d.with_fix(Fix::safe(
                    format!("replace `{key}` with `{near}`"),
                    vec![Edit {
                        span: field.key.span,
                        replacement: near.to_string(),
                    }],
                ))
            }
            _ => d,
        };
        self.diagnostics.push(d);
        near
    }

    fn check_required(
        &mut self,
        file: FileId,
        decl: &Declaration,
        owner: &Declared,
        slots: &HashMap<&'static str, Slot<Checked>>,
    ) {
        let describe = owner.describe();
        let mut missing: Vec<(String, String)> = schema::fields(decl.kind)
            .iter()
            .filter(|f: &&FieldSpec| f.required && !slots.contains_key(f.key))
            .map(|f| {
                (
                    format!("{describe} is missing the required field `{}`", f.key),
                    format!("add `{}: …` with {}", f.key, f.expects()),
                )
            })
            .collect();
        match decl.kind {
            Kind::Role if !slots.contains_key("department") && !slots.contains_key("external") => {
                missing.push((
                    format!("{describe} is neither internal nor external"),
                    "add `department: …` for an employee, or `external: true` for a customer or partner outside the organisation".to_string(),
                ));
            }
            Kind::Rule if !slots.contains_key("decided_by") && !slots.contains_key("channel") => {
                missing.push((
                    format!("{describe} says neither who decides nor through which channel"),
                    "add `decided_by: …` (who holds the decision), `channel: …` (how end users obtain the product), or both".to_string(),
                ));
            }
            _ => {}
        }
        for (message, help) in missing {
            let subject = format!("missing:{message}");
            let d = self
                .error(Code::CC006, file, decl.name.span, owner, message)
                .with_primary_label("incomplete declaration")
                .with_help(help)
                .with_subject(subject);
            self.diagnostics.push(d);
        }
    }

    /// Check one value against its field's type; report and return `None` when it fails.
    fn check_value(
        &mut self,
        file: FileId,
        owner: &Declared,
        spec: &FieldSpec,
        value: &Value,
    ) -> Option<Checked> {
        let key = spec.key;
        let wrong = |this: &mut Self| {
            let d = this
                .error(
                    Code::CC005,
                    file,
                    value.span,
                    owner,
                    format!(
                        "`{key}` of {} takes {}, not {}",
                        owner.describe(),
                        spec.expects(),
                        value.describe()
                    ),
                )
                .with_primary_label(format!("expected {}", spec.expects()))
                .with_subject(format!("value:{key}={}", value.describe()));
            d
        };
        match (spec.ty, &value.literal) {
            (ValueType::Text, Literal::String(s)) => Some(Checked::Text(*s)),
            (ValueType::Word, Literal::Ident(s)) => Some(Checked::Word(*s)),
            (ValueType::True, Literal::Boolean(true)) => Some(Checked::True),
            (ValueType::True, Literal::Boolean(false)) => {
                let d = wrong(self).with_help(
                    "`external` only takes `true`; for an employee write `department: …` instead",
                );
                self.diagnostics.push(d);
                None
            }
            (ValueType::Priority, Literal::Integer(digits)) => match digits.parse::<u8>() {
                Ok(n @ 1..=5) => Some(Checked::Int(n)),
                _ => {
                    let d = wrong(self).with_help("priorities go from 1 (the highest) to 5");
                    self.diagnostics.push(d);
                    None
                }
            },
            (ValueType::Words(vocabulary), Literal::Ident(s)) => {
                if vocabulary.words.contains(&s.as_str()) {
                    return Some(Checked::Word(*s));
                }
                let help = match closest(s, vocabulary.words.iter().copied()) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("`{key}` takes {}", spec.expects()),
                };
                let d = wrong(self).with_help(help);
                self.diagnostics.push(d);
                None
            }
            (ValueType::Reference { kinds, keyword }, Literal::Ident(name)) => {
                if keyword == Some(name.as_str()) {
                    return Some(Checked::Keyword);
                }
                self.resolve(file, owner, spec, kinds, *name, value.span)
            }
            (ValueType::Text, Literal::Ident(s)) => {
                let d = wrong(self).with_help(format!("put the text in quotes: \"{s}\""));
                self.diagnostics.push(d);
                None
            }
            _ => {
                let help = match (spec.ty, &value.literal) {
                    (ValueType::Reference { .. }, Literal::String(s)) => {
                        format!("write the declared name without quotes: `{s}`")
                    }
                    (ValueType::Word | ValueType::Words(_), Literal::String(s)) => {
                        format!("write it without quotes: `{s}`")
                    }
                    _ => format!("`{key}` takes {}", spec.expects()),
                };
                let d = wrong(self).with_help(help);
                self.diagnostics.push(d);
                None
            }
        }
    }

    fn resolve(
        &mut self,
        file: FileId,
        owner: &Declared,
        spec: &FieldSpec,
        kinds: &[Kind],
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
    fn suggest_name(&mut self, name: &str, kinds: &[Kind]) -> Option<(String, bool)> {
        let symbols = &self.symbols;
        let suggester = self.suggester.get_or_insert_with(|| {
            Suggester::new(
                symbols
                    .iter()
                    .map(|(n, s)| (n.to_string(), s.kind))
                    .collect(),
            )
        });
        suggester
            .ranked(name, |kind| kinds.contains(&kind))
            .or_else(|| suggester.closest(name, |_| true).map(|near| (near, false)))
    }

    fn error(
        &self,
        code: Code,
        file: FileId,
        span: Span,
        owner: &Declared,
        message: String,
    ) -> Diagnostic {
        Diagnostic::new(code, file, span, message)
            .with_entity(owner.kind.keyword(), &owner.name.text)
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

fn item(value: &Value, checked: Option<Checked>) -> Item<Checked> {
    Item {
        span: value.span,
        text: match &value.literal {
            Literal::Ident(s) | Literal::String(s) | Literal::Integer(s) => *s,
            Literal::Boolean(b) => name(if *b { "true" } else { "false" }),
        },
        value: checked,
    }
}

/// Remove a checked slot and give its values their type; a value of the wrong shape
/// (already reported) becomes `None`.
fn take<T>(
    slots: &mut HashMap<&'static str, Slot<Checked>>,
    key: &str,
    convert: impl Fn(Checked) -> Option<T>,
) -> Option<Slot<T>> {
    let slot = slots.remove(key)?;
    Some(Slot {
        key: slot.key,
        items: slot
            .items
            .into_iter()
            .map(|i| Item {
                span: i.span,
                text: i.text,
                value: i.value.and_then(&convert),
            })
            .collect(),
    })
}

fn text(c: Checked) -> Option<Name> {
    match c {
        Checked::Text(s) => Some(s),
        _ => None,
    }
}

fn word(c: Checked) -> Option<Name> {
    match c {
        Checked::Word(s) => Some(s),
        _ => None,
    }
}

fn role(c: Checked) -> Option<RoleId> {
    match c {
        Checked::Entity(EntityRef::Role(r)) => Some(r),
        _ => None,
    }
}

fn department(c: Checked) -> Option<DepartmentId> {
    match c {
        Checked::Entity(EntityRef::Department(d)) => Some(d),
        _ => None,
    }
}

fn customer(c: Checked) -> Option<Customer> {
    match c {
        Checked::Entity(EntityRef::Role(r)) => Some(Customer::Role(r)),
        Checked::Entity(EntityRef::Department(d)) => Some(Customer::Department(d)),
        _ => None,
    }
}
