use super::*;

pub(crate) fn acme() -> (crate::Workspace, std::sync::Arc<crate::Analysis>) {
    let config = crate::config::Config::load(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/acme/cclint.yaml"
    )))
    .unwrap();
    let mut ws = crate::Workspace::new(
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        Some(config),
        crate::Settings::default(),
    );
    ws.add_paths(&[std::path::PathBuf::from("fixtures/acme")], false)
        .unwrap();
    let analysis = ws.analysis();
    (ws, analysis)
}

fn links_of(map: &Map) -> Vec<String> {
    let name = |n: Node| match n {
        Node::Department(i) => map.departments[i].name.clone(),
        Node::Product(i) => map.products[i].name.clone(),
        Node::Role(i) => map.roles[i].name.clone(),
    };
    map.links
        .iter()
        .map(|l| format!("{} -{}-> {}", name(l.from), l.kind.as_str(), name(l.to)))
        .collect()
}

#[test]
fn the_acme_map_links_products_to_their_customers() {
    let (_, analysis) = acme();
    let map = map(
        &analysis.model,
        &analysis.diagnostics,
        &MapOptions::default(),
    )
    .unwrap();
    let links = links_of(&map);
    assert!(links.contains(&"hatchback -end_user-> driver".to_string()));
    assert!(links.contains(&"hatchback -broker-> dealer".to_string()));
    assert!(links.contains(&"buyer -decides-> laptops".to_string()));
    assert!(
        links.contains(&"budget_pack -end_user-> procurement".to_string()),
        "a department as customer"
    );
    assert!(
        !map.products.iter().any(|p| p.name == "sedan_2019"),
        "retired left out"
    );
    let laptops = map.products.iter().find(|p| p.name == "laptops").unwrap();
    assert_eq!(laptops.errors, [Code::CC301]);
    let decides = map
        .links
        .iter()
        .find(|l| l.kind == LinkKind::Decides && l.errors == [Code::CC301]);
    assert!(decides.is_some(), "the broker deciding alone is marked");
    let paper = map
        .links
        .iter()
        .filter(|l| l.kind == LinkKind::Decides && l.errors.is_empty())
        .count();
    assert!(paper >= 1, "a suppressed finding marks nothing");
    let with_retired = super::map(
        &analysis.model,
        &analysis.diagnostics,
        &MapOptions {
            include_retired: true,
            ..MapOptions::default()
        },
    )
    .unwrap();
    assert!(with_retired
        .products
        .iter()
        .any(|p| p.name == "sedan_2019" && p.retired));
}

#[test]
fn focus_keeps_what_is_within_one_link() {
    let (_, analysis) = acme();
    let focus = |names: &[&str]| {
        super::map(
            &analysis.model,
            &analysis.diagnostics,
            &MapOptions {
                focus: names.iter().map(|s| s.to_string()).collect(),
                ..MapOptions::default()
            },
        )
    };
    let hr = focus(&["hr"]).unwrap();
    let names: Vec<&str> = hr.products.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["engagement_report", "shift_rota"]);
    let links = links_of(&hr);
    assert!(
        links.contains(&"shift_rota -end_user-> line_worker".to_string()),
        "{links:?}"
    );
    assert!(
        links.contains(&"line_manager -decides-> shift_rota".to_string()),
        "{links:?}"
    );
    let driver = focus(&["driver"]).unwrap();
    assert!(
        driver.links.iter().all(|l| l.kind == LinkKind::EndUser),
        "{:?}",
        links_of(&driver)
    );
    assert_eq!(driver.products.len(), 5);
    let err = focus(&["drivr"]).unwrap_err();
    assert_eq!(err.help.as_deref(), Some("did you mean `driver`?"));
}
