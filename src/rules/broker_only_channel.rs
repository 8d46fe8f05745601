//! CC302 broker-only-channel: end users may obtain the product only through others.

use super::{Context, Findings, Rule};
use crate::catalog::Code;
use crate::diagnostic::Fix;
use crate::edit;
use crate::model::{Channel, RoleId};

pub struct BrokerOnlyChannel;

impl Rule for BrokerOnlyChannel {
    fn code(&self) -> Code {
        Code::CC302
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        for rule in &cx.model.rules {
            let (Some(channel), Some(product)) = (&rule.channel, cx.model.judged_product(rule))
            else {
                continue;
            };
            if channel.has_invalid() {
                continue;
            }
            let end_users: Vec<RoleId> = product.end_users().collect();
            let open = channel.values().any(|c| match c {
                Channel::Direct => true,
                Channel::Role(r) => end_users.contains(r),
            });
            if open {
                continue;
            }
            let through: Vec<RoleId> = channel
                .values()
                .filter_map(|c| match c {
                    Channel::Role(r) => Some(*r),
                    Channel::Direct => None,
                })
                .collect();
            let name = &product.declared.name.text;
            let r = &rule.declared;
            out.about(
                r,
                channel.key(),
                format!(
                    "end users of `{name}` can obtain it only through {}",
                    cx.list_roles(through)
                ),
            )
            .label("no direct channel")
            .help("add `direct` to `channel` so end users can obtain it without a middleman")
            .fix(Fix::unsafe_(
                "add `direct` to `channel`",
                channel
                    .items
                    .last()
                    .map(|last| edit::append_value(last.span.end(), "direct"))
                    .into_iter()
                    .collect(),
            ))
            .subject("broker-only");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::codes;

    const BASE: &str = "department d\nrole driver { external: true }\nrole dealer { external: true }\nrole o { department: d }\nproduct car { produced_by: d; owner: o; end_user: driver; broker: dealer }\n";

    #[test]
    fn fires_when_only_brokers_are_channels() {
        let text = format!("{BASE}rule r {{ product: car; channel: dealer }}\n");
        assert_eq!(codes(&text), [("CC302", 6)]);
    }

    #[test]
    fn silent_with_direct_or_an_end_user_channel_or_unknown_values() {
        for channel in ["dealer, direct", "driver", "dealer, ghost"] {
            let text = format!("{BASE}rule r {{ product: car; channel: {channel} }}\n");
            assert!(!codes(&text).iter().any(|c| c.0 == "CC302"), "{channel}");
        }
    }
}
