//! The report's sections but the inventory: the header, the errors that leave verdicts
//! incomplete, the scorecard, the findings in plain words, what passes, and the accepted
//! exceptions.

use std::fmt::Write;

use super::facts::Facts;
use super::html::esc;
use super::ReportOptions;
use crate::catalog::Code;
use crate::diagnostic::{Diagnostic, Level};
use crate::map::scorecard::Verdict;

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
    let words = code.name().replace('-', " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
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
