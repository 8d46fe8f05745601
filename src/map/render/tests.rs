use super::*;
use crate::map::{map, MapOptions};

#[test]
fn names_are_escaped_for_each_format() {
    let mut ws = crate::Workspace::new(Default::default(), None, Default::default());
    ws.set_text(
        std::path::Path::new("a.ccl"),
        "department d-1 \"R&D \\\"Labs\\\" #1 <x>\"\nrole r-1 \"Ünïcode \\\\ back\" { department: d-1 }\nproduct p-1 \"Say \\\"hi\\\"\" { produced_by: d-1; owner: r-1; end_user: r-1 }\n".to_string(),
    );
    let analysis = ws.analysis();
    let m = map(
        &analysis.model,
        &analysis.diagnostics,
        &MapOptions::default(),
    )
    .unwrap();
    let mermaid = mermaid(&m);
    assert!(
        mermaid.contains("R&D #quot;Labs#quot; #35;1 #lt;x#gt; (d-1)"),
        "{mermaid}"
    );
    assert!(
        mermaid.contains("p0[\"p-1<br>Say #quot;hi#quot;\"]"),
        "{mermaid}"
    );
    assert!(
        mermaid.contains("r0([\"r-1<br>Ünïcode \\ back\"])"),
        "{mermaid}"
    );
    let dot = dot(&m);
    assert!(
        dot.contains("label=\"R&D \\\"Labs\\\" #1 <x> (d-1)\""),
        "{dot}"
    );
    assert!(dot.contains("label=\"r-1\\nÜnïcode \\\\ back\""), "{dot}");
    let json: serde_json::Value = serde_json::from_str(&json(&m)).unwrap();
    assert_eq!(json["products"][0]["title"], "Say \"hi\"");
}
