//! The inventory (one row per product, sortable and filterable by the page's script),
//! who serves whom as a product × role matrix per department, and the data the script
//! draws the map of one product or role from.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::facts::{Facts, ProductFacts};
use super::html::esc;
use crate::map::Node;

/// Names by title, joined.
fn people(labels: &[&str]) -> String {
    labels.iter().map(|n| esc(n)).collect::<Vec<_>>().join(", ")
}

/// `<option value="VALUE">LABEL</option>`.
fn option(out: &mut String, value: &str, label: &str) {
    let _ = write!(
        out,
        "<option value=\"{}\">{}</option>",
        esc(value),
        esc(label)
    );
}

/// The filters above the inventory: each a labelled control the script reads.
fn filters(out: &mut String, facts: &Facts) {
    let departments: BTreeSet<&str> = facts.products.iter().filter_map(|p| p.department).collect();
    let codes: BTreeSet<&str> = facts
        .products
        .iter()
        .flat_map(|p| p.codes.iter().copied())
        .collect();
    out.push_str("<form class=\"filters\" role=\"search\" aria-label=\"Filter the inventory\" onsubmit=\"return false\">\n");
    out.push_str("<label>Search <input type=\"search\" id=\"f-search\" placeholder=\"title, role, code…\"></label>\n");
    out.push_str("<label>Department <select id=\"f-dept\"><option value=\"\">All</option>");
    for d in departments {
        option(out, d, facts.titles.or_name(d));
    }
    out.push_str("</select></label>\n<label>Priority <select id=\"f-priority\"><option value=\"\">All</option>");
    for p in 1..=5 {
        let _ = write!(out, "<option value=\"{p}\">{p}</option>");
    }
    out.push_str("<option value=\"none\">None given</option></select></label>\n");
    out.push_str("<label>Test <select id=\"f-test\"><option value=\"\">All</option><option value=\"identification\">Holds back: customers identified</option><option value=\"roles\">Holds back: told apart by role</option><option value=\"policy\">Holds back: satisfaction policy</option></select></label>\n");
    out.push_str("<label>Finding <select id=\"f-code\"><option value=\"\">All</option><option value=\"any\">Any finding</option>");
    for c in codes {
        let _ = write!(out, "<option value=\"{c}\">{c}</option>");
    }
    out.push_str("</select></label>\n");
    out.push_str(
        "<label><input type=\"checkbox\" id=\"f-no-end-user\"> No end user identified</label>\n",
    );
    out.push_str("<label><input type=\"checkbox\" id=\"f-internal-gap\"> Internal, with no internal end user</label>\n");
    out.push_str(
        "<label><input type=\"checkbox\" id=\"f-retired\" checked> Show retired</label>\n",
    );
    out.push_str("</form>\n");
}

/// Every product, one row each.
pub fn inventory(out: &mut String, facts: &Facts) {
    let n = facts.products.len();
    let _ = writeln!(out, "<section id=\"inventory\" aria-labelledby=\"inventory-h\">\n<h2 id=\"inventory-h\">Inventory</h2>\n<p>{n} product{} by department. Sort by a column's heading; filter below.</p>", if n == 1 { "" } else { "s" });
    filters(out, facts);
    let _ = writeln!(
        out,
        "<p id=\"f-count\" role=\"status\" aria-live=\"polite\">Showing {n} of {n} products.</p>\n<p id=\"f-more\" hidden><button type=\"button\" data-more>Show 500 more</button> <button type=\"button\" data-all>Show all</button></p>"
    );
    out.push_str("<div class=\"scroll\"><table id=\"inventory-table\">\n<caption class=\"visually-hidden\">Products</caption>\n<thead><tr>");
    let headers = [
        "Product",
        "Department",
        "Priority",
        "Owner",
        "End users",
        "Brokers",
        "Fixers",
        "Touchpoints",
        "Status",
        "Findings",
    ];
    for (i, h) in headers.iter().enumerate() {
        let kind = if i == 2 { "number" } else { "text" };
        let _ = write!(out, "<th scope=\"col\" aria-sort=\"none\"><button type=\"button\" data-col=\"{i}\" data-kind=\"{kind}\">{h}</button></th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for p in &facts.products {
        row(out, facts, p);
    }
    out.push_str("</tbody></table></div>\n</section>\n");
}

fn row(out: &mut String, facts: &Facts, p: &ProductFacts) {
    let dept = p.department.unwrap_or("");
    // Only what the filters need, and flags only when set: a row is read by the script
    // (its text is what the search looks in), and 10,000 rows must stay light.
    let _ = write!(
        out,
        "<tr data-dept=\"{}\" data-priority=\"{}\"",
        esc(dept),
        p.priority.map_or("none".to_string(), |n| n.to_string()),
    );
    if !p.codes.is_empty() {
        let _ = write!(out, " data-codes=\"{}\"", p.codes.join(" "));
    }
    if !p.tests.is_empty() {
        let _ = write!(out, " data-tests=\"{}\"", p.tests.join(" "));
    }
    for (flag, set) in [
        ("no-end-user", !p.identified && !p.retired),
        ("internal-gap", p.internal_gap),
        ("retired", p.retired),
    ] {
        if set {
            let _ = write!(out, " data-{flag}=\"true\"");
        }
    }
    out.push('>');
    let _ = write!(out, "<th scope=\"row\">{}</th>", facts.titles.label(p.name));
    let _ = write!(out, "<td>{}</td>", esc(p.department_label.unwrap_or("")));
    let _ = write!(
        out,
        "<td>{}</td>",
        p.priority.map_or(String::new(), |n| n.to_string())
    );
    let _ = write!(
        out,
        "<td>{}</td>",
        p.owner.map_or("<em>none</em>".into(), esc)
    );
    let end_users = if p.end_users.is_empty() {
        "<em>not identified</em>".to_string()
    } else {
        people(&p.end_users)
    };
    let _ = write!(
        out,
        "<td>{end_users}</td><td>{}</td><td>{}</td>",
        people(&p.brokers),
        people(&p.fixers)
    );
    let _ = write!(out, "<td>{}</td>", p.touchpoints.join(", "));
    let _ = write!(
        out,
        "<td>{}</td>",
        if p.retired { "retired" } else { "active" }
    );
    let codes: Vec<String> = p
        .codes
        .iter()
        .map(|c| format!("<a href=\"#rule-{c}\">{c}</a>"))
        .collect();
    let _ = writeln!(out, "<td>{}</td></tr>", codes.join(" "));
}

/// Who serves whom: per department, its products against the roles they serve, and the
/// map of one product or role, drawn on demand.
pub fn matrix(out: &mut String, facts: &Facts) {
    let map = facts.input.map;
    out.push_str("<section id=\"serves\" aria-labelledby=\"serves-h\">\n<h2 id=\"serves-h\">Who serves whom</h2>\n");
    out.push_str("<p>For each department, its products (rows) and the roles they serve (columns): <abbr title=\"end user\">E</abbr> uses it, <abbr title=\"broker\">B</abbr> passes it on or buys it for others, <abbr title=\"fixer\">F</abbr> repairs or supports it, <abbr title=\"decides\">D</abbr> holds a decision about it.</p>\n");
    out.push_str("<div class=\"drawing\"><label>Draw the map of <select id=\"draw\"><option value=\"\">choose a product or role…</option><optgroup label=\"Products\">");
    let mut products: Vec<(String, &str)> = map
        .products
        .iter()
        .map(|p| {
            (
                facts.titles.or_name(&p.name).to_lowercase(),
                p.name.as_str(),
            )
        })
        .collect();
    products.sort();
    for (_, name) in &products {
        option(out, &format!("p:{name}"), facts.titles.or_name(name));
    }
    out.push_str("</optgroup><optgroup label=\"Roles\">");
    for r in &map.roles {
        option(out, &format!("r:{}", r.name), facts.titles.or_name(&r.name));
    }
    out.push_str(
        "</optgroup></select></label>\n<div id=\"drawn\" aria-live=\"polite\"></div></div>\n",
    );
    // Each department's matrix is drawn by the script when it is opened (or printed):
    // at 10,000 products, drawn all at once, it would be most of the page.
    for (d, department) in map.departments.iter().enumerate() {
        let products = map
            .products
            .iter()
            .filter(|p| p.department == Some(d))
            .count();
        if products == 0 {
            continue;
        }
        let title = esc(department.title.as_deref().unwrap_or(&department.name));
        let _ = writeln!(
            out,
            "<details class=\"matrix\" data-dept=\"{d}\"><summary>{title} ({products} product{})</summary><div class=\"scroll\"></div></details>",
            if products == 1 { "" } else { "s" }
        );
    }
    out.push_str("</section>\n");
}

/// The map as JSON for the page's script: titles, and links by index.
pub fn map_data(facts: &Facts) -> String {
    #[derive(serde::Serialize)]
    struct Data<'a> {
        /// Title, name, retired, department.
        products: Vec<(&'a str, &'a str, bool, Option<usize>)>,
        /// Title, name, internal.
        roles: Vec<(&'a str, &'a str, Option<bool>)>,
        /// Product, role, kind.
        links: Vec<(usize, usize, &'static str)>,
    }
    let map = facts.input.map;
    let data = Data {
        products: map
            .products
            .iter()
            .map(|p| {
                (
                    facts.titles.or_name(&p.name),
                    p.name.as_str(),
                    p.retired,
                    p.department,
                )
            })
            .collect(),
        roles: map
            .roles
            .iter()
            .map(|r| (facts.titles.or_name(&r.name), r.name.as_str(), r.internal))
            .collect(),
        links: map
            .links
            .iter()
            .filter_map(|l| match (l.from, l.to) {
                (Node::Product(p), Node::Role(r)) | (Node::Role(r), Node::Product(p)) => {
                    Some((p, r, l.kind.as_str()))
                }
                _ => None,
            })
            .collect(),
    };
    serde_json::to_string(&data).unwrap_or_else(|_| "{}".to_string())
}
