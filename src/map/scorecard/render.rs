//! The scorecard as text for a terminal, Markdown for a CI job summary or a pull-request
//! comment, and JSON (version 1, with a published schema).

use std::fmt::Write;

use super::{Scorecard, Share, Verdict};

/// `cclint scorecard --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScorecardFormat {
    Human,
    Json,
    Markdown,
}

pub fn render(card: &Scorecard, format: ScorecardFormat) -> String {
    match format {
        ScorecardFormat::Human => human(card),
        ScorecardFormat::Markdown => markdown(card),
        ScorecardFormat::Json => json(card),
    }
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        "none".to_string()
    } else {
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A test: its name, its verdict, and its figures as (label, value) rows.
type Test = (&'static str, Verdict, Vec<(String, String)>);

/// The three tests.
fn rows(card: &Scorecard) -> [Test; 3] {
    let i = &card.identification;
    let r = &card.roles;
    let p = &card.policy;
    let share = |s: Share| s.describe();
    [
        (
            "Customers identified",
            i.verdict,
            vec![
                (
                    "active products with an identified end user".into(),
                    share(i.end_users),
                ),
                (
                    "internal products with an internal end user".into(),
                    share(i.internal_end_users),
                ),
                (
                    "priority 1-2 products without an end user".into(),
                    list(&i.top_priority_without_end_user),
                ),
            ],
        ),
        (
            "Customers told apart by role",
            r.verdict,
            vec![
                ("active products with brokers".into(), share(r.with_brokers)),
                ("decision rules".into(), r.decision_rules.to_string()),
                (
                    "a broker decides without the end users".into(),
                    list(&r.broker_decides),
                ),
                (
                    "end users reach it only through brokers".into(),
                    list(&r.broker_only_channels),
                ),
                (
                    "accepted exceptions (suppressed)".into(),
                    r.accepted_exceptions.to_string(),
                ),
                ("known (baselined)".into(), known(card)),
            ],
        ),
        (
            "A written satisfaction policy",
            p.verdict,
            vec![
                (
                    "satisfaction policies".into(),
                    list(&p.satisfaction_policies),
                ),
                ("producing departments covered".into(), share(p.coverage)),
                ("not covered".into(), list(&p.uncovered)),
                ("reactive only".into(), list(&p.reactive_only)),
                (
                    "measures".into(),
                    format!(
                        "{} proactive, {} reactive",
                        p.proactive_measures, p.reactive_measures
                    ),
                ),
                (
                    "review".into(),
                    if p.reviews.is_empty() {
                        "none".to_string()
                    } else {
                        p.reviews.join(", ")
                    },
                ),
                (
                    "owner inside the organisation".into(),
                    share(p.owners_inside),
                ),
            ],
        ),
    ]
}

/// The decision rules among the findings the baseline records.
fn known(card: &Scorecard) -> String {
    let rules: Vec<String> = card
        .known
        .iter()
        .filter(|k| super::RULES.iter().any(|c| c.as_str() == k.code))
        .filter_map(|k| Some(k.entity.as_deref()?.strip_prefix("rule:")?.to_string()))
        .collect();
    list(&rules)
}

/// Each accepted exception: what it accepts, and why.
fn exceptions(card: &Scorecard) -> Vec<(String, String)> {
    card.exceptions
        .iter()
        .map(|e| {
            let about = match e.entity.as_deref().and_then(|e| e.split_once(':')) {
                Some((kind, name)) => format!("{kind} `{name}`"),
                None => "the repository".to_string(),
            };
            let until = e
                .until
                .as_deref()
                .map(|d| format!(" (until {d})"))
                .unwrap_or_default();
            (
                format!("{about}: {}", e.rule),
                format!("{}{until}", e.reason),
            )
        })
        .collect()
}

fn also(card: &Scorecard) -> Vec<(String, String)> {
    let t = &card.touchpoints;
    vec![
        (
            "touchpoints of active products".to_string(),
            format!(
                "{} static, {} human, {} digital, {} none given",
                t.static_, t.human, t.digital, t.none
            ),
        ),
        (
            "active products with an owner".to_string(),
            format!(
                "{} ({} owned outside the organisation)",
                card.ownership.with_owner.describe(),
                card.ownership.external_owners
            ),
        ),
    ]
}

/// Each organisation rule: whether it holds, else where it fails.
fn organisation(card: &Scorecard) -> Vec<(String, String)> {
    card.organisation_rules
        .iter()
        .map(|r| {
            let result = if r.holds {
                "holds".to_string()
            } else {
                let places: Vec<String> = r
                    .findings
                    .iter()
                    .map(|e| match e.split_once(':') {
                        Some((kind, name)) => format!("{kind} `{name}`"),
                        None => e.clone(),
                    })
                    .collect();
                format!("fails on {}: {}", places.len(), places.join(", "))
            };
            let accepted = match r.accepted_exceptions {
                0 => String::new(),
                n => format!(" ({n} accepted exception{})", if n == 1 { "" } else { "s" }),
            };
            (
                format!("{} {}", r.code, r.rule),
                format!("{result}{accepted}"),
            )
        })
        .collect()
}

fn title(card: &Scorecard) -> String {
    match &card.organisation {
        Some(name) => format!("Customer scorecard of `{name}`"),
        None => "Customer scorecard".to_string(),
    }
}

fn left_out(card: &Scorecard) -> Option<String> {
    (card.left_out > 0).then(|| {
        format!(
            "{} declaration{} left out (they do not parse or declare a name again): `cclint check` lists them",
            card.left_out,
            if card.left_out == 1 { " was" } else { "s were" }
        )
    })
}

fn human(card: &Scorecard) -> String {
    let mut out = format!(
        "{}: grade {}\n",
        title(card).replace('`', ""),
        card.grade.as_str()
    );
    for (n, (name, verdict, rows)) in rows(card).iter().enumerate() {
        let _ = writeln!(out, "\n{}. {name}: {}", n + 1, verdict.as_str());
        for (label, value) in rows {
            let _ = writeln!(out, "   {label:<44} {}", value.replace('`', ""));
        }
    }
    out.push_str("\nAlso\n");
    for (label, value) in also(card) {
        let _ = writeln!(out, "   {label:<44} {value}");
    }
    if !card.organisation_rules.is_empty() {
        out.push_str("\nOrganisation rules\n");
        for (label, value) in organisation(card) {
            let _ = writeln!(out, "   {label:<44} {}", value.replace('`', ""));
        }
    }
    if !card.exceptions.is_empty() {
        out.push_str("\nAccepted exceptions (suppressed, with the reason given)\n");
        for (label, value) in exceptions(card) {
            let _ = writeln!(out, "   {:<44} {value}", label.replace('`', ""));
        }
    }
    if !card.identification.departments.is_empty() {
        out.push_str("\nEnd users identified, by department\n");
        for d in &card.identification.departments {
            let share = Share {
                count: d.with_end_user,
                of: d.active_products,
            };
            let _ = writeln!(out, "   {:<44} {}", d.name, share.describe());
        }
    }
    if let Some(note) = left_out(card) {
        let _ = writeln!(out, "\n{}", note.replace('`', ""));
    }
    out
}

fn badge(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Pass => "✅ pass",
        Verdict::NeedsWork => "⚠️ needs work",
        Verdict::Fail => "❌ fail",
        Verdict::NotGraded => "➖ not graded",
    }
}

fn markdown(card: &Scorecard) -> String {
    let mut out = format!("## {}: grade {}\n\n", title(card), card.grade.as_str());
    out.push_str("| test | verdict |\n|---|---|\n");
    let tests = rows(card);
    for (name, verdict, _) in &tests {
        let _ = writeln!(out, "| {name} | {} |", badge(*verdict));
    }
    for (n, (name, verdict, rows)) in tests.iter().enumerate() {
        let _ = writeln!(out, "\n### {}. {name}: {}\n", n + 1, badge(*verdict));
        out.push_str("| | |\n|---|---|\n");
        for (label, value) in rows {
            let _ = writeln!(out, "| {label} | {value} |");
        }
    }
    out.push_str("\n### Also\n\n| | |\n|---|---|\n");
    for (label, value) in also(card) {
        let _ = writeln!(out, "| {label} | {value} |");
    }
    if !card.organisation_rules.is_empty() {
        out.push_str("\n### Organisation rules\n\n| rule | result |\n|---|---|\n");
        for (label, value) in organisation(card) {
            let _ = writeln!(out, "| {label} | {} |", value.replace('|', "\\|"));
        }
    }
    if !card.exceptions.is_empty() {
        out.push_str("\n### Accepted exceptions\n\n| suppressed | reason |\n|---|---|\n");
        for (label, value) in exceptions(card) {
            let _ = writeln!(out, "| {label} | {} |", value.replace('|', "\\|"));
        }
    }
    if !card.identification.departments.is_empty() {
        out.push_str(
            "\n<details><summary>End users identified, by department</summary>\n\n| department | active products with an end user |\n|---|---|\n",
        );
        for d in &card.identification.departments {
            let share = Share {
                count: d.with_end_user,
                of: d.active_products,
            };
            let _ = writeln!(out, "| `{}` | {} |", d.name, share.describe());
        }
        out.push_str("\n</details>\n");
    }
    if let Some(note) = left_out(card) {
        let _ = writeln!(out, "\n> {note}");
    }
    out
}

fn json(card: &Scorecard) -> String {
    let mut value = serde_json::to_value(card).expect("the scorecard serialises");
    if let serde_json::Value::Object(map) = &mut value {
        let mut document = serde_json::Map::new();
        document.insert("version".into(), 1.into());
        document.insert(
            "tool".into(),
            serde_json::json!({ "name": "cclint", "version": env!("CARGO_PKG_VERSION") }),
        );
        document.append(map);
        value = serde_json::Value::Object(document);
    }
    let mut text = serde_json::to_string_pretty(&value).expect("JSON values serialise");
    text.push('\n');
    text
}
