//! The six kinds of declaration and their fields, each stated once (SPEC 2.3). From each
//! table come the kind's entity type in the model, its schema (what each key takes, for
//! the checks, messages, hover and completion), how its checked values are stored, and a
//! walk over its fields by key (the index of names, organisation rules). Adding a field is
//! one line here.

use super::schema::{FieldSpec, ValueType, CHANNEL, CUSTOMER, DEPARTMENT, PRODUCT, ROLE, SCOPE};
use super::vocab::{Audience, Review, Status, Touchpoint};
use super::*;

/// A field value that passed the schema's checks, before it is given its type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Checked {
    Text(Name),
    Word(Name),
    True,
    Int(u8),
    /// An integer of an organisation's field.
    Integer(i64),
    /// `true` or `false` of an organisation's field.
    Bool(bool),
    Entity(EntityRef),
    Keyword,
    /// A name in a reference field, still to be resolved across files.
    Name(Name),
}

/// A stored field value as organisation rules read it: text, a word of a vocabulary or a
/// keyword, a number, a flag, or the declaration a reference names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Datum<'a> {
    Text(&'a str),
    Word(&'static str),
    Int(i64),
    Bool(bool),
    Entity(EntityRef),
}

/// The values of a present field, as written, read one by one where they are stored.
pub trait Values {
    fn count(&self) -> usize;
    /// Value `i` (`i < count()`); `None` for a value a core check rejected.
    fn datum(&self, i: usize) -> Option<Datum<'_>>;
}

impl<T: FieldValue> Values for crate::model::Slot<T> {
    fn count(&self) -> usize {
        self.items.len()
    }

    fn datum(&self, i: usize) -> Option<Datum<'_>> {
        self.items[i].value.as_ref().map(FieldValue::datum)
    }
}

/// A type a field's values are stored as, made from a checked value of the right shape.
pub trait FieldValue: Sized {
    fn from_checked(checked: &Checked) -> Option<Self>;
    /// The value as organisation rules read it.
    fn datum(&self) -> Datum<'_>;
    /// The declaration it names, for a reference (`None` for a keyword or a plain value).
    fn entity(&self) -> Option<EntityRef> {
        None
    }
    /// Whether the field names declarations (its unresolved values are names all the same).
    const REFERENCE: bool = false;
}

impl FieldValue for Name {
    fn datum(&self) -> Datum<'_> {
        Datum::Text(self)
    }
    fn from_checked(checked: &Checked) -> Option<Self> {
        match checked {
            Checked::Text(s) | Checked::Word(s) => Some(s.clone()),
            _ => None,
        }
    }
}

impl FieldValue for bool {
    fn datum(&self) -> Datum<'_> {
        Datum::Bool(*self)
    }
    fn from_checked(checked: &Checked) -> Option<Self> {
        matches!(checked, Checked::True).then_some(true)
    }
}

impl FieldValue for u8 {
    fn datum(&self) -> Datum<'_> {
        Datum::Int(i64::from(*self))
    }
    fn from_checked(checked: &Checked) -> Option<Self> {
        match checked {
            Checked::Int(n) => Some(*n),
            _ => None,
        }
    }
}

/// Values of a vocabulary, stored as its enum.
macro_rules! words {
    ($($ty:ty),*) => {$(
        impl FieldValue for $ty {
            fn datum(&self) -> Datum<'_> {
                Datum::Word(self.as_str())
            }
            fn from_checked(checked: &Checked) -> Option<Self> {
                match checked {
                    Checked::Word(w) => <$ty>::parse(w),
                    _ => None,
                }
            }
        }
    )*};
}
words!(Audience, Touchpoint, Status, Review);

/// References, stored as what they name: `$pattern => $value` for each entity or keyword
/// the field takes.
macro_rules! references {
    ($($ty:ty { $($pattern:pat => $value:expr),* ; $this:ident => $entity:expr }),*) => {$(
        impl FieldValue for $ty {
            fn from_checked(checked: &Checked) -> Option<Self> {
                match *checked {
                    $($pattern => Some($value),)*
                    _ => None,
                }
            }
            fn entity(&self) -> Option<EntityRef> {
                let $this = *self;
                $entity
            }
            fn datum(&self) -> Datum<'_> {
                match self.entity() {
                    Some(entity) => Datum::Entity(entity),
                    // The keyword a reference field may take instead (`all`, `direct`).
                    None => Datum::Word(keyword_of(self)),
                }
            }
            const REFERENCE: bool = true;
        }
    )*};
}
references!(
    RoleId { Checked::Entity(EntityRef::Role(r)) => r; r => Some(EntityRef::Role(r)) },
    DepartmentId {
        Checked::Entity(EntityRef::Department(d)) => d;
        d => Some(EntityRef::Department(d))
    },
    ProductId { Checked::Entity(EntityRef::Product(p)) => p; p => Some(EntityRef::Product(p)) },
    Customer {
        Checked::Entity(EntityRef::Role(r)) => Customer::Role(r),
        Checked::Entity(EntityRef::Department(d)) => Customer::Department(d);
        c => Some(match c {
            Customer::Role(r) => EntityRef::Role(r),
            Customer::Department(d) => EntityRef::Department(d),
        })
    },
    Scope {
        Checked::Keyword => Scope::All,
        Checked::Entity(EntityRef::Department(d)) => Scope::Department(d);
        s => match s {
            Scope::All => None,
            Scope::Department(d) => Some(EntityRef::Department(d)),
        }
    },
    Channel {
        Checked::Keyword => Channel::Direct,
        Checked::Entity(EntityRef::Role(r)) => Channel::Role(r);
        c => match c {
            Channel::Direct => None,
            Channel::Role(r) => Some(EntityRef::Role(r)),
        }
    }
);

/// The keyword a reference value stands for when it names no declaration.
fn keyword_of<T: std::any::Any>(value: &T) -> &'static str {
    let any: &dyn std::any::Any = value;
    if any.is::<Scope>() {
        "all"
    } else if any.is::<Channel>() {
        "direct"
    } else {
        ""
    }
}

/// What walks an entity's fields by key (see each entity's `visit`).
pub trait SlotVisitor {
    fn visit<T: FieldValue>(&mut self, key: &'static str, slot: Option<&Slot<T>>);
}

/// A checked field's values by key, handed to an entity to store as it types them.
pub trait TakeSlot {
    /// Remove `key`'s slot, its values typed (a value of the wrong shape, already
    /// reported, becomes `None`).
    fn take<T: FieldValue>(&mut self, key: &str) -> Option<Slot<T>>;
}

/// An entity of the model: what a declaration of one kind becomes.
pub trait Entity: Sized + Send {
    /// The kind of declaration it comes from.
    const KIND: Kind;
    /// The fields this kind accepts.
    const FIELDS: &'static [FieldSpec];
    /// The entity declared by `declared`, its fields taken from `slots`.
    fn from_slots(declared: Declared, slots: &mut impl TakeSlot) -> Self;
    fn declared(&self) -> &Declared;
    fn declared_mut(&mut self) -> &mut Declared;
    /// Walk the fields, by key: the built-in ones, then the organisation's that are written.
    fn visit(&self, visitor: &mut impl SlotVisitor);
    /// Value `index` of field `field` (its place in [`Entity::FIELDS`]), as written.
    fn written(&self, field: usize, index: usize) -> Option<(&Name, Span)>;
    /// Set value `index` of field `field` from a checked value (a name resolved).
    fn set(&mut self, field: usize, index: usize, checked: &Checked);
    /// The entity, if `any` is of this kind.
    fn from_any(any: AnyEntity) -> Option<Self>;
    /// The values of field `field` (its place in [`Entity::FIELDS`]); `None` when it is
    /// not written.
    fn values_at(&self, field: usize) -> Option<&dyn Values>;
}

/// Declares each kind's entity type and its table of fields: `Kind => Type { field:
/// StoredType = FieldSpec, … }`, fields in the order SPEC 2.3 lists them.
macro_rules! kinds {
    ($(
        $(#[$doc:meta])*
        $kind:ident => $ty:ident { $($field:ident : $value:ty = $spec:expr,)* }
    )*) => {
        $(
            $(#[$doc])*
            #[derive(Clone, Debug, PartialEq, Eq)]
            pub struct $ty {
                pub declared: Declared,
                $(pub $field: Option<Slot<$value>>,)*
            }

            impl Entity for $ty {
                const KIND: Kind = Kind::$kind;
                const FIELDS: &'static [FieldSpec] = &[$($spec.keyed(stringify!($field)),)*];

                fn from_slots(declared: Declared, slots: &mut impl TakeSlot) -> Self {
                    $ty { declared, $($field: slots.take(stringify!($field)),)* }
                }

                fn declared(&self) -> &Declared {
                    &self.declared
                }

                fn declared_mut(&mut self) -> &mut Declared {
                    &mut self.declared
                }

                fn visit(&self, visitor: &mut impl SlotVisitor) {
                    $(visitor.visit(stringify!($field), self.$field.as_ref());)*
                    for custom in self.declared.customs() {
                        visitor.visit(custom.spec.key, Some(&custom.slot));
                    }
                }

                fn written(&self, field: usize, index: usize) -> Option<(&Name, Span)> {
                    let key = Self::FIELDS.get(field)?.key;
                    $(if key == stringify!($field) {
                        let item = self.$field.as_ref()?.items.get(index)?;
                        return Some((&item.text, item.span));
                    })*
                    None
                }

                fn set(&mut self, field: usize, index: usize, checked: &Checked) {
                    let Some(spec) = Self::FIELDS.get(field) else { return };
                    $(if spec.key == stringify!($field) {
                        if let Some(item) = self.$field.as_mut().and_then(|s| s.items.get_mut(index)) {
                            item.value = FieldValue::from_checked(checked);
                        }
                    })*
                }

                fn values_at(&self, field: usize) -> Option<&dyn Values> {
                    // One reader per field, in the order of FIELDS: a lookup, not a
                    // comparison per field.
                    type Reader = for<'e> fn(&'e $ty) -> Option<&'e dyn Values>;
                    const READERS: &[Reader] = &[$(
                        |e: &$ty| e.$field.as_ref().map(|slot| slot as &dyn Values),
                    )*];
                    READERS.get(field)?(self)
                }

                fn from_any(any: AnyEntity) -> Option<Self> {
                    match any {
                        AnyEntity::$kind(entity) => Some(entity),
                        #[allow(unreachable_patterns)]
                        _ => None,
                    }
                }
            }
        )*

        /// The fields `kind` accepts.
        pub fn fields(kind: Kind) -> &'static [FieldSpec] {
            match kind {
                $(Kind::$kind => $ty::FIELDS,)*
            }
        }

        /// An entity of any kind.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub enum AnyEntity {
            $($kind($ty),)*
        }

        impl AnyEntity {
            /// The entity of `kind` declared by `declared`, its fields taken from `slots`.
            pub fn from_slots(kind: Kind, declared: Declared, slots: &mut impl TakeSlot) -> Self {
                match kind {
                    $(Kind::$kind => AnyEntity::$kind($ty::from_slots(declared, slots)),)*
                }
            }

            pub fn declared(&self) -> &Declared {
                match self {
                    $(AnyEntity::$kind(entity) => &entity.declared,)*
                }
            }
        }
    };
}

kinds! {
    /// The organisation the repository describes (at most one).
    Organisation => Organisation {
        mission: Name = FieldSpec::one(ValueType::Text, "a string", "what the organisation is for"),
    }

    Department => Department {
        lead: RoleId = FieldSpec::one(ROLE, "a role", "the role that leads the department"),
    }

    /// A role people or customers play: internal (an employee) or external.
    Role => Role {
        department: DepartmentId = FieldSpec::one(DEPARTMENT, "a department",
            "the department this role works in: an employee (internal role)"),
        external: bool = FieldSpec::one(ValueType::True, "`true`",
            "`true`: a role outside the organisation (a customer, a partner)"),
    }

    Product => Product {
        produced_by: DepartmentId = FieldSpec::one(DEPARTMENT, "a department",
            "the department that produces it (required)").required(),
        owner: RoleId = FieldSpec::one(ROLE, "a role", "the role who answers for it"),
        audience: Audience = FieldSpec::words(&Audience::VOCABULARY, false,
            "who it is made for: `internal`, `external` or `mixed`"),
        end_user: Customer = FieldSpec::many(CUSTOMER, "one or more roles", "the roles who use it"),
        broker: Customer = FieldSpec::many(CUSTOMER, "one or more roles",
            "the roles who pass it on or buy it for others"),
        fixer: Customer = FieldSpec::many(CUSTOMER, "one or more roles",
            "the roles who repair or support it"),
        touchpoints: Touchpoint = FieldSpec::words(&Touchpoint::VOCABULARY, true,
            "how its experience reaches customers: `static`, `human`, `digital`"),
        priority: u8 = FieldSpec::one(ValueType::Priority, "an integer from 1 to 5",
            "1 (the highest) to 5"),
        status: Status = FieldSpec::words(&Status::VOCABULARY, false,
            "`active` (the default) or `retired`"),
    }

    Policy => Policy {
        kind: Name = FieldSpec::one(ValueType::Word, "an identifier such as `satisfaction`",
            "what the policy is about; `satisfaction` marks the customer satisfaction policy (required)")
            .required(),
        owner: RoleId = FieldSpec::one(ROLE, "a role", "the role who answers for it"),
        scope: Scope = FieldSpec::many(SCOPE, "`all` or one or more departments",
            "`all` (the default) or the departments it covers"),
        statement: Name = FieldSpec::one(ValueType::Text, "a string", "what the policy says"),
        proactive_measures: Name = FieldSpec::many(ValueType::Text, "one or more strings",
            "what is done before customers complain"),
        reactive_measures: Name = FieldSpec::many(ValueType::Text, "one or more strings",
            "what is done when customers complain"),
        review: Review = FieldSpec::words(&Review::VOCABULARY, false,
            "how often it is reviewed: `weekly`, `monthly`, `quarterly`, `yearly`"),
    }

    /// A `rule` declaration: a decision about a product.
    Rule => DecisionRule {
        product: ProductId = FieldSpec::one(PRODUCT, "a product",
            "the product the decision is about (required)").required(),
        aspect: Name = FieldSpec::one(ValueType::Text, "a string",
            "which aspect of the product is decided"),
        decided_by: RoleId = FieldSpec::many(ROLE, "one or more roles",
            "the roles who hold the decision"),
        consulting: RoleId = FieldSpec::many(ROLE, "one or more roles",
            "the roles who must be consulted"),
        channel: Channel = FieldSpec::many(CHANNEL, "`direct` or one or more roles",
            "the only ways end users may obtain the product: roles, or `direct`"),
    }
}
