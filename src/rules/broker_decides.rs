//! CC301 broker-decides: a broker of the product, not one of its end users, holds a
//! decision about it, and no end user is consulted.

use std::collections::HashSet;

use super::{Context, Findings, Rule};
use crate::catalog::Code;
use crate::diagnostic::Fix;
use crate::edit;
use crate::model::RoleId;

pub struct BrokerDecides;

impl Rule for BrokerDecides {
    fn code(&self) -> Code {
        Code::CC301
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        for rule in &cx.model.rules {
            let (Some(decided_by), Some(product)) =
                (&rule.decided_by, cx.model.judged_product(rule))
            else {
                continue;
            };
            let end_users: HashSet<RoleId> = product.end_users().collect();
            let brokers: HashSet<RoleId> = product.brokers().collect();
            if let Some(consulting) = &rule.consulting {
                if consulting.has_invalid() || consulting.values().any(|r| end_users.contains(r)) {
                    continue;
                }
            }
            let mut end_user_list: Vec<RoleId> = end_users.iter().copied().collect();
            end_user_list.sort();
            let product_name = &product.declared.name.text;
            let decides = match rule.aspect.as_ref().and_then(|a| a.single()) {
                Some(aspect) => format!("decides its {aspect:?}"),
                None => "decides about it".to_string(),
            };
            for item in &decided_by.items {
                let Some(role) = item.value else { continue };
                if !brokers.contains(&role) || end_users.contains(&role) {
                    continue;
                }
                let role_name = cx.role_name(role);
                let help = if end_user_list.is_empty() {
                    format!("identify the end users of `{product_name}` and let them decide, or consult them")
                } else {
                    let list = cx.list_roles(end_user_list.iter().copied());
                    let first = cx.role_name(end_user_list[0]);
                    format!("let {list} decide, or add `consulting: {first}`")
                };
                let r = &rule.declared;
                let fix = end_user_list.first().map(|&first| {
                    let first = cx.role_name(first);
                    let text = cx.texts[r.file.index()];
                    let edit = match rule.consulting.as_ref().and_then(|c| c.items.last()) {
                        Some(last) => edit::append_value(last.span.end(), first),
                        None => {
                            let last = decided_by
                                .items
                                .last()
                                .map_or(decided_by.key().end(), |i| i.span.end());
                            edit::add_field_after(
                                text,
                                decided_by.key().start(),
                                last,
                                &format!("consulting: {first}"),
                            )
                        }
                    };
                    Fix::unsafe_(
                        format!("consult `{first}`, an end user of `{product_name}`"),
                        vec![edit],
                    )
                });
                out.about(
                    r,
                    item.span,
                    format!("`{role_name}` is a broker of `{product_name}` and {decides} without its end users"),
                )
                .label("a broker holds the decision")
                .note(product.declared.file, product.declared.name.span, format!("`{role_name}` is a broker of this product"))
                .help(help)
                .subject(format!("decided_by={role_name}"))
                .fix(fix);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::codes;

    const BASE: &str = "department d\nrole user { department: d }\nrole buyer { department: d }\nproduct p { produced_by: d; owner: user; end_user: user; broker: buyer }\n";

    #[test]
    fn fires_once_per_broker_deciding_without_end_users() {
        let text = format!("{BASE}rule r {{ product: p; decided_by: buyer, user }}\n");
        assert_eq!(codes(&text), [("CC301", 5)]);
    }

    #[test]
    fn silent_when_consulting_end_users_or_the_broker_is_also_an_end_user() {
        let consulted =
            format!("{BASE}rule r {{ product: p; decided_by: buyer; consulting: user }}\n");
        assert!(codes(&consulted).is_empty());
        let both = "department d\nrole buyer { department: d }\nproduct p { produced_by: d; owner: buyer; end_user: buyer; broker: buyer }\nrule r { product: p; decided_by: buyer }\n";
        assert_eq!(codes(both), [("CC303", 3)]);
        let unknown =
            format!("{BASE}rule r {{ product: p; decided_by: buyer; consulting: ghost }}\n");
        assert_eq!(codes(&unknown), [("CC002", 5)]);
        // A typo among the brokers does not hide what the known brokers decide.
        let typo = "department d\nrole user { department: d }\nrole buyer { department: d }\nproduct p { produced_by: d; owner: user; end_user: user; broker: buyer, delaer }\nrule r { product: p; decided_by: buyer }\nrule s { product: p; channel: buyer }\n";
        assert_eq!(codes(typo), [("CC002", 4), ("CC301", 5), ("CC302", 6)]);
        let typo_in_end_users = typo.replace("end_user: user", "end_user: user, usre");
        assert_eq!(codes(&typo_in_end_users), [("CC002", 4), ("CC002", 4)]);
        let retired = "department d\nrole u { department: d }\nrole b { department: d }\nproduct p { produced_by: d; status: retired; end_user: u; broker: b }\nrule r { product: p; decided_by: b }\n";
        assert!(codes(retired).is_empty());
    }
}
