//! The scorecard as the report shows it: the grade, the three tests with every figure
//! opening to its list, and the organisation's rules.

use std::fmt::Write;

use super::facts::{Facts, ProductFacts};
use super::html::esc;
use crate::map::scorecard::{Share, Verdict};

pub(super) fn verdict_badge(verdict: Verdict) -> String {
    let class = match verdict {
        Verdict::Pass => "pass",
        Verdict::NeedsWork => "work",
        Verdict::Fail => "fail",
        Verdict::NotGraded => "none",
    };
    format!(
        "<span class=\"verdict {class}\">{}</span>",
        verdict.as_str()
    )
}

/// `count of of`, then the lists behind both parts.
fn share<S: AsRef<str>, T: AsRef<str>>(
    out: &mut String,
    facts: &Facts,
    text: &str,
    share: Share,
    yes: &[S],
    no: &[T],
) {
    let _ = write!(
        out,
        "<li><strong>{} of {}</strong> {}",
        share.count,
        share.of,
        esc(text)
    );
    names(out, facts, "which", yes);
    names(out, facts, "which not", no);
    out.push_str("</li>\n");
}

/// The names of `products` that are `f`, and of those that are not.
fn split<'a>(
    products: &[&ProductFacts<'a>],
    f: impl Fn(&ProductFacts) -> bool,
) -> (Vec<&'a str>, Vec<&'a str>) {
    let (yes, no): (Vec<&&ProductFacts>, Vec<&&ProductFacts>) = products.iter().partition(|p| f(p));
    let names = |list: Vec<&&ProductFacts<'a>>| list.iter().map(|p| p.name).collect();
    (names(yes), names(no))
}

/// `<li>` with the number of `list`, `text`, and the list folded.
fn counted<S: AsRef<str>>(out: &mut String, facts: &Facts, text: &str, list: &[S]) {
    let _ = write!(out, "<li><strong>{}</strong> {}", list.len(), esc(text));
    names(out, facts, "which", list);
    out.push_str("</li>\n");
}

/// A list of declarations by title, folded under `summary` (nothing when empty).
fn names<S: AsRef<str>>(out: &mut String, facts: &Facts, summary: &str, names: &[S]) {
    if names.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<details><summary>{} ({})</summary><ul class=\"names\">",
        esc(summary),
        names.len()
    );
    for name in names {
        let _ = write!(out, "<li>{}</li>", facts.titles.label(name.as_ref()));
    }
    out.push_str("</ul></details>");
}

/// The grade and the three tests, each number with its list.
pub fn scorecard(out: &mut String, facts: &Facts) {
    let card = facts.input.card;
    let _ = writeln!(
        out,
        "<section id=\"scorecard\" aria-labelledby=\"scorecard-h\">\n<h2 id=\"scorecard-h\">Scorecard</h2>\n\
         <p class=\"grade\">Grade <strong class=\"grade-{g}\">{g}</strong> on the three tests of a customer-centred organisation{incomplete}.</p>\n<div class=\"tests\">",
        g = card.grade.as_str(),
        incomplete = if facts.core_errors.is_empty() { "" } else { " (incomplete: see the errors above)" },
    );
    identification(out, facts);
    roles(out, facts);
    policy(out, facts);
    out.push_str("</div>\n");
    organisation_rules(out, facts);
    out.push_str("</section>\n");
}

fn test_head(out: &mut String, title: &str, verdict: Verdict, question: &str) {
    let _ = writeln!(
        out,
        "<article class=\"test\"><h3>{title} {}</h3>\n<p>{question}</p>\n<ul>",
        verdict_badge(verdict)
    );
}

fn identification(out: &mut String, facts: &Facts) {
    let i = &facts.input.card.identification;
    test_head(
        out,
        "Customers identified",
        i.verdict,
        "Does every product name the people who use it?",
    );
    let active: Vec<&ProductFacts> = facts.products.iter().filter(|p| !p.retired).collect();
    let (yes, no) = split(&active, |p| p.identified);
    share(
        out,
        facts,
        "active products name an end user",
        i.end_users,
        &yes,
        &no,
    );
    let internal: Vec<&ProductFacts> = active.iter().copied().filter(|p| p.internal).collect();
    let (yes, no) = split(&internal, |p| !p.internal_gap);
    share(
        out,
        facts,
        "internal products have an employee among their end users",
        i.internal_end_users,
        &yes,
        &no,
    );
    counted(
        out,
        facts,
        "products of priority 1 or 2 name no end user",
        &i.top_priority_without_end_user,
    );
    out.push_str("</ul></article>\n");
}

fn roles(out: &mut String, facts: &Facts) {
    let r = &facts.input.card.roles;
    test_head(
        out,
        "Customers told apart by role",
        r.verdict,
        "Do the people who use a product have a say, rather than those who buy or pass it on?",
    );
    let model = facts.input.model;
    let rules: Vec<String> = model
        .rules
        .iter()
        .filter(|d| {
            d.product
                .as_ref()
                .and_then(|s| s.single())
                .is_some_and(|p| model.product(*p).is_active())
        })
        .map(|d| d.declared.name.text.to_string())
        .collect();
    let _ = write!(
        out,
        "<li><strong>{}</strong> decision rule{} about active products",
        r.decision_rules,
        if r.decision_rules == 1 { "" } else { "s" }
    );
    names(out, facts, "which", &rules);
    out.push_str("</li>\n");
    counted(
        out,
        facts,
        "let a broker decide without the end users",
        &r.broker_decides,
    );
    counted(
        out,
        facts,
        "leave end users only brokers' channels",
        &r.broker_only_channels,
    );
    let brokered: Vec<&str> = facts
        .products
        .iter()
        .filter(|p| !p.retired && !p.brokers.is_empty())
        .map(|p| p.name)
        .collect();
    let _ = write!(
        out,
        "<li><strong>{} of {}</strong> active products have brokers",
        r.with_brokers.count, r.with_brokers.of
    );
    names(out, facts, "which", &brokered);
    out.push_str("</li>\n</ul></article>\n");
}

fn policy(out: &mut String, facts: &Facts) {
    let p = &facts.input.card.policy;
    test_head(out, "A written satisfaction policy", p.verdict, "Is there a customer satisfaction policy that covers every department, acts before complaints and is reviewed?");
    let n = p.satisfaction_policies.len();
    let _ = write!(
        out,
        "<li><strong>{n}</strong> satisfaction polic{}",
        if n == 1 { "y" } else { "ies" }
    );
    names(out, facts, "which", &p.satisfaction_policies);
    out.push_str("</li>\n");
    let covered: Vec<&str> = facts
        .products
        .iter()
        .filter(|x| !x.retired)
        .filter_map(|x| x.department)
        .filter(|d| !p.uncovered.iter().any(|u| u == d))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    share(
        out,
        facts,
        "departments producing active products are covered",
        p.coverage,
        &covered,
        &p.uncovered,
    );
    measures_and_owners(out, facts);
    counted(
        out,
        facts,
        "policies only react to complaints",
        &p.reactive_only,
    );
    out.push_str("</ul></article>\n");
}

fn organisation_rules(out: &mut String, facts: &Facts) {
    let rules = &facts.input.card.organisation_rules;
    if rules.is_empty() {
        return;
    }
    out.push_str("<h3>Organisation rules</h3>\n<ul class=\"org-rules\">\n");
    for rule in rules {
        let verdict = if rule.holds {
            Verdict::Pass
        } else {
            Verdict::Fail
        };
        let _ = write!(
            out,
            "<li>{} <strong>{}</strong> <code class=\"id\">{}</code> {}",
            verdict_badge(verdict),
            facts.titles.plain(&rule.summary),
            esc(rule.code),
            esc(rule.rule)
        );
        let failing: Vec<String> = rule
            .findings
            .iter()
            .map(|e| e.split_once(':').map_or(e.clone(), |(_, n)| n.to_string()))
            .collect();
        names(out, facts, "where it does not hold", &failing);
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
}

/// The satisfaction policies' measures, their review and who owns each.
fn measures_and_owners(out: &mut String, facts: &Facts) {
    let p = &facts.input.card.policy;
    // The measures themselves, and who owns each policy.
    let policies: Vec<&crate::model::Policy> = facts
        .input
        .model
        .policies
        .iter()
        .filter(|x| x.is_satisfaction())
        .collect();
    let measures =
        |slot: fn(&crate::model::Policy) -> &Option<crate::model::Slot<crate::syntax::Name>>| {
            policies
                .iter()
                .flat_map(|x| {
                    slot(x)
                        .iter()
                        .flat_map(|s| s.items.iter().map(|i| i.text.to_string()))
                })
                .collect::<Vec<String>>()
        };
    for (what, list) in [
        (
            "proactive measures (before customers complain)",
            measures(|x| &x.proactive_measures),
        ),
        (
            "reactive measures (when they complain)",
            measures(|x| &x.reactive_measures),
        ),
    ] {
        let _ = write!(out, "<li><strong>{}</strong> {what}", list.len());
        if !list.is_empty() {
            out.push_str("<details><summary>which</summary><ul class=\"names\">");
            for text in &list {
                let _ = write!(out, "<li>{}</li>", esc(text));
            }
            out.push_str("</ul></details>");
        }
        out.push_str("</li>\n");
    }
    let _ = writeln!(
        out,
        "<li>Reviewed: {}</li>",
        esc(&if p.reviews.is_empty() {
            "no policy".to_string()
        } else {
            p.reviews.join(", ")
        })
    );
    let model = facts.input.model;
    let inside = |x: &&&crate::model::Policy| {
        x.owner
            .as_ref()
            .and_then(|s| s.single())
            .is_some_and(|r| model.role(*r).is_internal() == Some(true))
    };
    let (yes, no): (Vec<_>, Vec<_>) = policies.iter().partition(inside);
    let names_of = |list: Vec<&&crate::model::Policy>| -> Vec<String> {
        list.iter()
            .map(|x| x.declared.name.text.to_string())
            .collect()
    };
    share(
        out,
        facts,
        "policies are owned inside the organisation",
        p.owners_inside,
        &names_of(yes),
        &names_of(no),
    );
}
