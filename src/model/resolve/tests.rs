use super::build;
use crate::catalog::Code;
use crate::model::{EntityRef, Model};
use crate::source::FileId;
use crate::syntax::{parse, ParsedFile};

/// Forty files: departments, 1,200 roles, products naming roles that exist, near misses
/// of them and names nothing is near, a misspelt field key whose trial check looks an
/// unknown name up, a duplicate, and an organisation: enough declarations for several
/// runs of pass 2.
fn texts() -> Vec<String> {
    let mut texts = vec!["organisation acme \"Acme\" { mission: \"m\" }\n".to_string()];
    for f in 0..40 {
        let mut text = format!("department dept_{f} {{ lead: staff_{f}_0 }}\n");
        for r in 0..30 {
            text += &format!("role staff_{f}_{r} {{ department: dept_{f} }}\n");
        }
        for p in 0..10 {
            let user = match p % 4 {
                0 => format!("staff_{f}_{p}"),
                1 => format!("staf_{f}_{p}"),
                2 => format!("nobody_at_all_{f}_{p}"),
                _ => format!("staff_{f}_{p}, stuff_{f}_{p}"),
            };
            text += &format!(
                "product prod_{f}_{p} {{ produced_by: dept_{f}; owner: staff_{f}_1; end_user: {user}; brokers: stafff_{f}_{p} }}\n"
            );
        }
        text += &format!("rule r_{f} {{ product: prod_{f}_0; decided_by: staff_{f}_0 }}\n");
        if f % 7 == 3 {
            text += "role staff_1_1 { department: dept_1 }\n";
        }
        texts.push(text);
    }
    texts
}

fn model_of(trees: &[ParsedFile]) -> (Model, Vec<crate::diagnostic::Diagnostic>) {
    let files = trees
        .iter()
        .enumerate()
        .map(|(i, p)| {
            (
                FileId::new(i),
                std::sync::Arc::new(crate::model::lower(FileId::new(i), p)),
            )
        })
        .collect();
    build(files)
}

/// Entities are put together from parallel runs in the order pass 1 numbered them: every
/// symbol and every resolved reference names the entity declared under that name.
#[test]
fn entities_are_numbered_as_their_names() {
    let trees: Vec<ParsedFile> = texts().iter().map(|t| parse(t)).collect();
    let (model, _) = model_of(&trees);
    assert_eq!(model.roles.len(), 40 * 30);
    for (name, symbol) in &model.symbols {
        if let Some(entity) = symbol.entity {
            assert_eq!(&model.declared(entity).name.text, name);
        }
    }
    for product in &model.products {
        for item in product.end_user.iter().flat_map(|s| &s.items) {
            if let Some(customer) = item.value {
                let entity = crate::model::FieldValue::entity(&customer).unwrap();
                assert_eq!(model.declared(entity).name.text, item.text);
            }
        }
    }
    assert!(model.organisation.is_some());
    assert!(matches!(
        model.symbols["staff_1_1"].entity,
        Some(EntityRef::Role(_))
    ));
}

/// One file or forty, the same findings in the same order (a file is cut into runs just
/// as the list of files is).
#[test]
fn one_file_gives_what_its_parts_give() {
    let texts = texts();
    let parts: Vec<ParsedFile> = texts.iter().map(|t| parse(t)).collect();
    let whole = parse(&texts.concat());
    let (parts_model, parts_found) = model_of(&parts);
    let (whole_model, whole_found) = model_of(std::slice::from_ref(&whole));
    let codes = |found: &[crate::diagnostic::Diagnostic]| -> Vec<(Code, String)> {
        found
            .iter()
            .map(|d| (d.code, d.help.as_deref().unwrap_or_default().to_string()))
            .collect()
    };
    assert_eq!(codes(&parts_found), codes(&whole_found));
    assert_eq!(parts_model.products.len(), whole_model.products.len());
}

/// "Did you mean" is bounded per lookup, not per run: with 3,000 roles and 400 files
/// each with one near miss, every near miss gets its suggestion.
#[test]
fn every_near_miss_gets_its_suggestion() {
    let mut texts = vec!["department d\n".to_string()];
    texts.push(
        (0..3000)
            .map(|i| format!("role member_of_staff_{i} {{ department: d }}\n"))
            .collect(),
    );
    for i in 0..400 {
        texts.push(format!(
            "product p{i} {{ produced_by: d; end_user: membr_of_staff_{i} }}\n"
        ));
    }
    let trees: Vec<ParsedFile> = texts.iter().map(|t| parse(t)).collect();
    let (_, found) = model_of(&trees);
    let unknown: Vec<_> = found.iter().filter(|d| d.code == Code::CC002).collect();
    assert_eq!(unknown.len(), 400);
    for d in unknown {
        let help = d.help.as_deref().unwrap_or("");
        assert!(help.starts_with("did you mean `member_of_staff_"), "{help}");
        assert_eq!(d.fixes.len(), 1, "a unique near miss is a fix");
    }
}
