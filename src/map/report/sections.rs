//! The report's sections but the inventory: the header, the errors that leave verdicts
//! incomplete, the scorecard, the findings in plain words, what passes, and the accepted
//! exceptions.

use std::fmt::Write;

use super::facts::{Facts, ProductFacts};
use super::html::esc;
use super::ReportOptions;
use crate::catalog::Code;
use crate::diagnostic::{Diagnostic, Level};
use crate::map::scorecard::{Share, Verdict};

/// The title, what the report is about, and the way around it.
pub fn header(out: &mut String, heading: &str, facts: &Facts, options: &ReportOptions) {
    let _ = write!(
        out,
        "<header>\n<h1>{}</h1>\n<p class=\"meta\">",
        esc(heading)
    );
    if let (Some(org), Some(_)) = (&facts.organisation, &options.title) {
        let _ = write!(out, "{} · ", esc(org));
    }
    let _ = write!(out, "Report of {}", esc(&options.date));
    if let Some(commit) = &options.commit {
        let _ = write!(out, " · commit <code>{}</code>", esc(commit));
    }
    let _ = writeln!(out, " · cclint {}</p>", esc(&options.version));
    out.push_str("<nav aria-label=\"Sections\"><ul>");
    let mut links = vec![("scorecard", "Scorecard"), ("findings", "What to improve")];
    if !facts.core_errors.is_empty() {
        links.insert(0, ("errors", "Errors in the files"));
    }
    links.extend([
        ("passing", "What holds"),
        ("inventory", "Inventory"),
        ("serves", "Who serves whom"),
        ("exceptions", "Accepted exceptions"),
    ]);
    for (id, text) in links {
        let _ = write!(out, "<li><a href=\"#{id}\">{text}</a></li>");
    }
    out.push_str("</ul></nav>\n</header>\n");
}

/// The errors in the files, first: until they are fixed, the verdicts are incomplete.
pub fn errors(out: &mut String, facts: &Facts) {
    if facts.core_errors.is_empty() {
        return;
    }
    let n = facts.core_errors.len();
    let _ = writeln!(
        out,
        "<section id=\"errors\" class=\"alert\" aria-labelledby=\"errors-h\">\n\
         <h2 id=\"errors-h\">Errors in the files: the verdicts are incomplete</h2>\n\
         <p>cclint could not read everything the files say ({n} error{}). What it could not \
         read is left out of the verdicts below, so they may be better or worse than the \
         truth until the files are corrected.</p>\n<ul class=\"findings\">",
        if n == 1 { "" } else { "s" }
    );
    for d in &facts.core_errors {
        finding(out, facts, d);
    }
    out.push_str("</ul>\n</section>\n");
}

fn verdict_badge(verdict: Verdict) -> String {
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
    let _ = writeln!(
        out,
        "<li><strong>{}</strong> proactive and <strong>{}</strong> reactive measures</li>",
        p.proactive_measures, p.reactive_measures
    );
    let _ = writeln!(
        out,
        "<li>Reviewed: {}</li>",
        esc(&if p.reviews.is_empty() {
            "no policy".to_string()
        } else {
            p.reviews.join(", ")
        })
    );
    let _ = writeln!(
        out,
        "<li><strong>{} of {}</strong> policies are owned inside the organisation</li>",
        p.owners_inside.count, p.owners_inside.of
    );
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

/// One finding: what it is about (title first), what is wrong in plain words, and the
/// engineer's detail folded.
fn finding(out: &mut String, facts: &Facts, d: &Diagnostic) {
    let about = Facts::entity_name(d)
        .map(|n| facts.titles.label(n))
        .unwrap_or_else(|| "The repository".to_string());
    let level = if d.level == Level::Error {
        "error"
    } else {
        "warning"
    };
    let known = if d.suppressed.is_some() {
        " <span class=\"tag\">known (baseline)</span>"
    } else {
        ""
    };
    let _ = write!(out, "<li class=\"finding {level}\"><p><span class=\"level\">{level}</span> <strong>{about}</strong>{known}: {}</p>", facts.titles.plain(&d.message));
    let place = facts
        .place(d)
        .map(|p| format!("<p>In <code>{}</code>.</p>", esc(&p)))
        .unwrap_or_default();
    if let Some(help) = &d.help {
        let _ = write!(
            out,
            "<details><summary>For the engineer</summary><p>{}</p>{place}</details>",
            facts.titles.plain(help)
        );
    } else if !place.is_empty() {
        let _ = write!(
            out,
            "<details><summary>For the engineer</summary>{place}</details>"
        );
    }
    out.push_str("</li>\n");
}

/// A rule's name as words: `broker-decides` → `Broker decides`.
fn rule_words(code: Code) -> String {
    crate::sheet::humanise(&code.name().replace('-', "_"))
}

/// The findings by rule: what is wrong, why it matters, what to do, then each finding.
pub fn findings(out: &mut String, facts: &Facts) {
    let total = facts.finding_count();
    let _ = writeln!(out, "<section id=\"findings\" aria-labelledby=\"findings-h\">\n<h2 id=\"findings-h\">What to improve</h2>\n<p>{total} finding{} from {} rule{}.</p>",
        if total == 1 { "" } else { "s" }, facts.by_code.len(), if facts.by_code.len() == 1 { "" } else { "s" });
    for (code, list) in &facts.by_code {
        let doc = code.doc();
        let _ = writeln!(out, "<article class=\"rule\" id=\"rule-{c}\"><h3>{} <code class=\"id\">{c}</code> <span class=\"count\">{}</span></h3>\n<p class=\"summary\">{}</p>",
            esc(&rule_words(*code)), list.len(), facts.titles.plain(&doc.summary), c = code.as_str());
        let why = doc
            .why
            .split("\n\n")
            .next()
            .unwrap_or("")
            .replace('\n', " ");
        if !why.is_empty() {
            let _ = writeln!(
                out,
                "<p><strong>Why it matters.</strong> {}</p>",
                facts.titles.plain(&why)
            );
        }
        if !doc.fix.is_empty() {
            let _ = writeln!(
                out,
                "<p><strong>What to do.</strong> {}</p>",
                facts.titles.plain(&doc.fix.replace('\n', " "))
            );
        }
        // A long list is folded, so that every rule's explanation stays in sight.
        let folded = list.len() > 10;
        if folded {
            let _ = write!(
                out,
                "<details><summary>The {} findings</summary>",
                list.len()
            );
        }
        out.push_str("<ul class=\"findings\">\n");
        for d in list {
            finding(out, facts, d);
        }
        out.push_str("</ul>");
        if folded {
            out.push_str("</details>");
        }
        out.push_str("</article>\n");
    }
    out.push_str("</section>\n");
}

/// The tests and rules that hold: progress to show.
pub fn passing(out: &mut String, facts: &Facts) {
    out.push_str("<section id=\"passing\" aria-labelledby=\"passing-h\">\n<h2 id=\"passing-h\">What holds</h2>\n");
    let card = facts.input.card;
    let tests = [
        ("Customers identified", card.identification.verdict),
        ("Customers told apart by role", card.roles.verdict),
        ("A written satisfaction policy", card.policy.verdict),
    ];
    let passed: Vec<&str> = tests
        .iter()
        .filter(|t| t.1 == Verdict::Pass)
        .map(|t| t.0)
        .collect();
    let _ = writeln!(
        out,
        "<p>Tests passed: {}.</p>",
        if passed.is_empty() {
            "none yet".to_string()
        } else {
            passed.join(", ")
        }
    );
    let holding: Vec<Code> = facts
        .input
        .enabled
        .iter()
        .copied()
        .filter(|c| !c.is_core() && !facts.by_code.contains_key(c))
        .collect();
    let _ = writeln!(
        out,
        "<p>{} of {} rules in force find nothing:</p>\n<ul class=\"rules-holding\">",
        holding.len(),
        facts.input.enabled.iter().filter(|c| !c.is_core()).count()
    );
    for code in holding {
        let _ = writeln!(out, "<li><span class=\"verdict pass\">holds</span> {} <code class=\"id\">{}</code>: {}</li>", esc(&rule_words(code)), code.as_str(), facts.titles.plain(&code.doc().summary));
    }
    out.push_str("</ul>\n</section>\n");
}

/// Every suppression with its reason, expiry and place; the baseline's known findings.
pub fn exceptions(out: &mut String, facts: &Facts) {
    out.push_str("<section id=\"exceptions\" aria-labelledby=\"exceptions-h\">\n<h2 id=\"exceptions-h\">Accepted exceptions</h2>\n");
    if facts.exceptions.is_empty() {
        out.push_str("<p>No finding is suppressed.</p>\n");
    } else {
        out.push_str("<table><caption>Findings suppressed by a comment, with the reason given</caption>\n<thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">About</th><th scope=\"col\">Reason</th><th scope=\"col\">Until</th><th scope=\"col\">Where</th></tr></thead>\n<tbody>\n");
        for d in &facts.exceptions {
            let s = d.suppressed.as_ref().expect("an exception is suppressed");
            let about = Facts::entity_name(d)
                .map(|n| facts.titles.label(n))
                .unwrap_or_else(|| "the repository".into());
            let _ = writeln!(out, "<tr><td>{} <code class=\"id\">{}</code></td><td>{about}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
                esc(&rule_words(d.code)), d.code.as_str(), esc(&s.reason), esc(s.until.as_deref().unwrap_or("no end date")), esc(&facts.place(d).unwrap_or_default()));
        }
        out.push_str("</tbody></table>\n");
    }
    let n = facts.known.len();
    if n > 0 {
        let _ = writeln!(out, "<p>The baseline records <strong>{n}</strong> known finding{}: they are counted above as findings, marked “known (baseline)”.</p>", if n == 1 { "" } else { "s" });
    }
    out.push_str("</section>\n");
}
