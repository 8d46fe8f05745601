//! The customer map as Mermaid (renders on GitHub), Graphviz DOT and JSON. Departments
//! are groups (subgraphs, clusters) holding their products and their people; external
//! roles are grouped apart; each kind of link has its own line style and label; products
//! and links with error findings are red, with the codes in their labels; retired
//! products are grey.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{Link, LinkKind, Map, Node};

/// GitHub draws Mermaid diagrams of at most this many links.
pub const MERMAID_MAX_EDGES: usize = 500;

/// Where a node is drawn: in its department's group, with the external roles, or alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Group {
    Department(usize),
    Outside,
    Loose,
}

fn group_of(map: &Map, node: Node) -> Group {
    match node {
        Node::Department(d) => Group::Department(d),
        Node::Product(p) => map.products[p]
            .department
            .map_or(Group::Loose, Group::Department),
        Node::Role(r) => {
            let role = &map.roles[r];
            match (role.internal, role.department) {
                (Some(false), _) => Group::Outside,
                (_, Some(d)) => Group::Department(d),
                _ => Group::Loose,
            }
        }
    }
}

/// The nodes drawn, by group: every product, the roles and departments that are linked.
fn nodes_by_group(map: &Map) -> BTreeMap<Group, Vec<Node>> {
    let mut nodes: Vec<Node> = (0..map.products.len()).map(Node::Product).collect();
    nodes.extend(map.linked_roles().into_iter().map(Node::Role));
    let mut departments: Vec<Node> = map
        .links
        .iter()
        .flat_map(|l| [l.from, l.to])
        .filter(|n| matches!(n, Node::Department(_)))
        .collect();
    departments.sort();
    departments.dedup();
    nodes.extend(departments);
    let mut groups: BTreeMap<Group, Vec<Node>> = BTreeMap::new();
    for node in nodes {
        groups.entry(group_of(map, node)).or_default().push(node);
    }
    groups
}

fn id(node: Node) -> String {
    match node {
        // A department as a customer: a node inside its own group.
        Node::Department(d) => format!("dn{d}"),
        Node::Product(p) => format!("p{p}"),
        Node::Role(r) => format!("r{r}"),
    }
}

fn codes(codes: &[crate::catalog::Code]) -> String {
    codes
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn header(map: &Map) -> Vec<String> {
    let errors = map.links.iter().filter(|l| !l.errors.is_empty()).count()
        + map.products.iter().filter(|p| !p.errors.is_empty()).count();
    let mut lines = vec![format!(
        "cclint map: {} departments, {} products, {} roles, {} links; {} marked with errors",
        nodes_by_group(map)
            .keys()
            .filter(|g| matches!(g, Group::Department(_)))
            .count(),
        map.products.len(),
        map.linked_roles().len(),
        map.links.len(),
        errors
    )];
    if map.left_out > 0 {
        lines.push(format!(
            "{} declaration{} left out: {} not parse or declare a name again (see cclint check)",
            map.left_out,
            if map.left_out == 1 { "" } else { "s" },
            if map.left_out == 1 {
                "it does"
            } else {
                "they do"
            }
        ));
    }
    lines
}

/// A label for Mermaid: its entity codes for the characters Mermaid would read.
fn mermaid_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn node_label(map: &Map, node: Node, line_break: &str, escape: fn(&str) -> String) -> String {
    let (name, title, errors, extra) = match node {
        Node::Department(d) => (
            &map.departments[d].name,
            &map.departments[d].title,
            &[][..],
            Some("(the whole department)"),
        ),
        Node::Product(p) => {
            let product = &map.products[p];
            (
                &product.name,
                &product.title,
                &product.errors[..],
                product.retired.then_some("(retired)"),
            )
        }
        Node::Role(r) => (&map.roles[r].name, &map.roles[r].title, &[][..], None),
    };
    let mut label = escape(name);
    if let Some(title) = title {
        label.push_str(line_break);
        label.push_str(&escape(title));
    }
    if let Some(extra) = extra {
        label.push_str(line_break);
        label.push_str(extra);
    }
    if !errors.is_empty() {
        label.push_str(line_break);
        label.push_str(&escape(&format!("errors: {}", codes(errors))));
    }
    label
}

fn link_label(link: &Link) -> String {
    let mut label = link.kind.label().to_string();
    if let Some(aspect) = &link.label {
        label.push_str(&format!(": {aspect}"));
    }
    if !link.errors.is_empty() {
        label.push_str(&format!(" ({})", codes(&link.errors)));
    }
    label
}

fn group_title(map: &Map, group: Group) -> String {
    match group {
        Group::Department(d) => {
            let dept = &map.departments[d];
            match &dept.title {
                Some(title) => format!("{title} ({})", dept.name),
                None => dept.name.clone(),
            }
        }
        Group::Outside => "Outside the organisation".to_string(),
        Group::Loose => "Not placed".to_string(),
    }
}

/// The map in Mermaid's flowchart syntax. Above [`MERMAID_MAX_EDGES`] links (and without
/// `--focus`), departments stand for their products and people, with links counted, and
/// a comment says so.
pub fn mermaid(map: &Map) -> String {
    let mut out = String::new();
    for line in header(map) {
        let _ = writeln!(out, "%% {line}");
    }
    if map.links.len() > MERMAID_MAX_EDGES && !map.focused {
        return mermaid_collapsed(map, out);
    }
    out.push_str("flowchart LR\n");
    out.push_str("  classDef error fill:#fde8e8,stroke:#c00,color:#900\n");
    out.push_str("  classDef retired fill:#eee,stroke:#999,color:#777,stroke-dasharray:4 2\n");
    out.push_str("  classDef department fill:#fff,stroke:#555,stroke-dasharray:2 2\n");
    mermaid_nodes(map, &mut out);
    mermaid_links(map, &mut out);
    out
}

/// The nodes, in a subgraph per department.
fn mermaid_nodes(map: &Map, out: &mut String) {
    for (group, nodes) in nodes_by_group(map) {
        let indent = if group == Group::Loose { "  " } else { "    " };
        if group != Group::Loose {
            let gid = match group {
                Group::Department(d) => format!("d{d}"),
                _ => "outside".to_string(),
            };
            let _ = writeln!(
                out,
                "  subgraph {gid}[\"{}\"]",
                mermaid_text(&group_title(map, group))
            );
        }
        for node in nodes {
            let label = node_label(map, node, "<br>", mermaid_text);
            let shape = match node {
                Node::Product(_) => format!("[\"{label}\"]"),
                Node::Role(_) => format!("([\"{label}\"])"),
                Node::Department(_) => format!("[/\"{label}\"/]"),
            };
            let _ = writeln!(out, "{indent}{}{shape}", id(node));
        }
        if group != Group::Loose {
            out.push_str("  end\n");
        }
    }
}

/// The links, then the classes that mark errors, retired products and departments.
fn mermaid_links(map: &Map, out: &mut String) {
    let mut red = Vec::new();
    for (i, link) in map.links.iter().enumerate() {
        let arrow = match link.kind {
            LinkKind::EndUser => "-->",
            LinkKind::Broker => "-.->",
            LinkKind::Fixer => "--o",
            LinkKind::Decides => "==>",
        };
        let _ = writeln!(
            out,
            "  {} {arrow}|\"{}\"| {}",
            id(link.from),
            mermaid_text(&link_label(link)),
            id(link.to)
        );
        if !link.errors.is_empty() {
            red.push(i.to_string());
        }
    }
    for (i, product) in map.products.iter().enumerate() {
        if !product.errors.is_empty() {
            let _ = writeln!(out, "  class p{i} error");
        } else if product.retired {
            let _ = writeln!(out, "  class p{i} retired");
        }
    }
    let departments: Vec<String> = map
        .links
        .iter()
        .flat_map(|l| [l.from, l.to])
        .filter(|n| matches!(n, Node::Department(_)))
        .map(id)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    if !departments.is_empty() {
        let _ = writeln!(out, "  class {} department", departments.join(","));
    }
    if !red.is_empty() {
        let _ = writeln!(out, "  linkStyle {} stroke:#c00,color:#c00", red.join(","));
    }
}

/// Links between two groups, of one kind: how many, and how many with errors.
type Counted = ((Group, Group, LinkKind), (usize, usize));

/// One node per department (its products and people), links counted by kind.
fn mermaid_collapsed(map: &Map, mut out: String) -> String {
    let total = map.links.len();
    let mut counts: BTreeMap<(Group, Group, LinkKind), (usize, usize)> = BTreeMap::new();
    for link in &map.links {
        let entry = counts
            .entry((group_of(map, link.from), group_of(map, link.to), link.kind))
            .or_default();
        entry.0 += 1;
        entry.1 += usize::from(!link.errors.is_empty());
    }
    let mut edges: Vec<Counted> = counts.into_iter().collect();
    let grouped = edges.len();
    if grouped > MERMAID_MAX_EDGES {
        // The heaviest links, the rest left out and said so.
        edges.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(&b.0)));
        edges.truncate(MERMAID_MAX_EDGES);
        edges.sort_by_key(|e| e.0);
    }
    let _ = writeln!(
        out,
        "%% {total} links are more than GitHub draws ({MERMAID_MAX_EDGES}): one node per department, its links counted.{} Narrow it with --focus NAME.",
        if grouped > MERMAID_MAX_EDGES {
            format!(" The {MERMAID_MAX_EDGES} heaviest of {grouped} are drawn.")
        } else {
            String::new()
        }
    );
    out.push_str("flowchart LR\n");
    let gid = |g: Group| match g {
        Group::Department(d) => format!("d{d}"),
        Group::Outside => "outside".to_string(),
        Group::Loose => "loose".to_string(),
    };
    let mut groups: Vec<Group> = edges.iter().flat_map(|((a, b, _), _)| [*a, *b]).collect();
    groups.sort();
    groups.dedup();
    for group in groups {
        let products = map
            .products
            .iter()
            .filter(|p| group == p.department.map_or(Group::Loose, Group::Department))
            .count();
        let _ = writeln!(
            out,
            "  {}[\"{}<br>{products} product{}\"]",
            gid(group),
            mermaid_text(&group_title(map, group)),
            if products == 1 { "" } else { "s" }
        );
    }
    for ((from, to, kind), (n, errors)) in &edges {
        let mut label = format!("{} ×{n}", kind.label());
        if *errors > 0 {
            label.push_str(&format!(", {errors} with errors"));
        }
        let _ = writeln!(
            out,
            "  {} -->|\"{}\"| {}",
            gid(*from),
            mermaid_text(&label),
            gid(*to)
        );
    }
    out
}

/// A string for DOT's double quotes.
fn dot_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The map in Graphviz's DOT language (`dot -Tsvg`).
pub fn dot(map: &Map) -> String {
    let mut out = String::new();
    for line in header(map) {
        let _ = writeln!(out, "// {line}");
    }
    out.push_str("digraph customers {\n");
    out.push_str("  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=12];\n");
    out.push_str("  node [fontname=\"Helvetica\", fontsize=11, shape=box, style=\"rounded\"];\n");
    out.push_str("  edge [fontname=\"Helvetica\", fontsize=9];\n");
    for (group, nodes) in nodes_by_group(map) {
        let indent = if group == Group::Loose { "  " } else { "    " };
        match group {
            Group::Department(d) => {
                let _ = writeln!(out, "  subgraph cluster_d{d} {{");
                let _ = writeln!(out, "    label=\"{}\";", dot_text(&group_title(map, group)));
            }
            Group::Outside => {
                out.push_str("  subgraph cluster_outside {\n");
                out.push_str("    label=\"Outside the organisation\"; style=dashed;\n");
            }
            Group::Loose => {}
        }
        for node in nodes {
            let label =
                dot_text(&node_label(map, node, "\n", |s| s.to_string()).replace('\n', "\u{1}"))
                    .replace('\u{1}', "\\n");
            let mut attributes = vec![format!("label=\"{label}\"")];
            match node {
                Node::Product(p) => {
                    let product = &map.products[p];
                    if !product.errors.is_empty() {
                        attributes.push("color=\"#cc0000\", fontcolor=\"#990000\"".to_string());
                    } else if product.retired {
                        attributes.push(
                            "style=\"rounded,filled,dashed\", fillcolor=\"#eeeeee\", fontcolor=\"#777777\"".to_string(),
                        );
                    }
                }
                Node::Role(_) => attributes.push("shape=ellipse".to_string()),
                Node::Department(_) => attributes.push("shape=folder".to_string()),
            }
            let _ = writeln!(out, "{indent}{} [{}];", id(node), attributes.join(", "));
        }
        if group != Group::Loose {
            out.push_str("  }\n");
        }
    }
    for link in &map.links {
        let mut attributes = vec![format!("label=\"{}\"", dot_text(&link_label(link)))];
        match link.kind {
            LinkKind::EndUser => {}
            LinkKind::Broker => attributes.push("style=dashed".to_string()),
            LinkKind::Fixer => attributes.push("arrowhead=odot".to_string()),
            LinkKind::Decides => attributes.push("style=bold".to_string()),
        }
        if !link.errors.is_empty() {
            attributes.push("color=\"#cc0000\", fontcolor=\"#cc0000\"".to_string());
        }
        let _ = writeln!(
            out,
            "  {} -> {} [{}];",
            id(link.from),
            id(link.to),
            attributes.join(", ")
        );
    }
    out.push_str("}\n");
    out
}

/// The map as JSON (version 1): departments, products, roles and links by name.
pub fn json(map: &Map) -> String {
    let name = |node: Node| match node {
        Node::Department(d) => {
            serde_json::json!({ "kind": "department", "name": map.departments[d].name })
        }
        Node::Product(p) => serde_json::json!({ "kind": "product", "name": map.products[p].name }),
        Node::Role(r) => serde_json::json!({ "kind": "role", "name": map.roles[r].name }),
    };
    let department_name = |d: Option<usize>| d.map(|d| map.departments[d].name.clone());
    let linked = map.linked_roles();
    let document = serde_json::json!({
        "version": 1,
        "tool": { "name": "cclint", "version": env!("CARGO_PKG_VERSION") },
        "departments": map.departments.iter().map(|d| serde_json::json!({
            "name": d.name, "title": d.title,
        })).collect::<Vec<_>>(),
        "products": map.products.iter().map(|p| serde_json::json!({
            "name": p.name,
            "title": p.title,
            "department": department_name(p.department),
            "retired": p.retired,
            "errors": p.errors.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "roles": linked.iter().map(|&r| {
            let role = &map.roles[r];
            serde_json::json!({
                "name": role.name,
                "title": role.title,
                "internal": role.internal,
                "department": department_name(role.department),
            })
        }).collect::<Vec<_>>(),
        "links": map.links.iter().map(|l| serde_json::json!({
            "from": name(l.from),
            "to": name(l.to),
            "kind": l.kind.as_str(),
            "aspect": l.label,
            "errors": l.errors.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "left_out": map.left_out,
    });
    let mut text = serde_json::to_string_pretty(&document).expect("JSON values serialise");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests;
