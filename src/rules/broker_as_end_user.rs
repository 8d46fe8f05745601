//! CC303 broker-as-end-user: one role is both a broker and an end user of a product.

use super::{Context, Findings, Rule};
use crate::catalog::Code;
use crate::model::Customer;

pub struct BrokerAsEndUser;

impl Rule for BrokerAsEndUser {
    fn code(&self) -> Code {
        Code::CC303
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        for product in cx.model.products.iter().filter(|p| p.is_active()) {
            let (Some(broker), Some(end_user)) = (&product.broker, &product.end_user) else {
                continue;
            };
            for item in &broker.items {
                let Some(Customer::Role(role)) = item.value else {
                    continue;
                };
                let Some(as_end_user) = end_user
                    .items
                    .iter()
                    .find(|i| i.value == Some(Customer::Role(role)))
                else {
                    continue;
                };
                let role_name = cx.role_name(role);
                let name = &product.declared.name.text;
                out.about(
                    &product.declared,
                    item.span,
                    format!("`{role_name}` is both a broker and an end user of `{name}`"),
                )
                .label("broker")
                .note(product.declared.file, as_end_user.span, "end user")
                .help(format!(
                    "tell the roles apart: the people who use `{name}` and the people who buy or pass it on are different customers; declare a separate role for one of them"
                ))
                .subject(format!("broker={role_name}"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::codes;

    #[test]
    fn fires_on_the_broker_value() {
        let text = "department d\nrole r { department: d }\nproduct p {\n  produced_by: d; owner: r\n  end_user: r\n  broker: r\n}\n";
        assert_eq!(codes(text), [("CC303", 6)]);
    }

    #[test]
    fn silent_for_distinct_roles() {
        let text = "department d\nrole r { department: d }\nrole b { department: d }\nproduct p { produced_by: d; owner: r; end_user: r; broker: b }\n";
        assert!(codes(text).is_empty());
    }
}
