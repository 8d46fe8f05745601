use super::*;

#[test]
fn headers_are_recognised_in_any_spelling() {
    let fields = CustomFields::default();
    let headers: Vec<String> = ["End users", "Product", "dept", "Name", "PRIORITY", "Notes"]
        .map(String::from)
        .to_vec();
    assert_eq!(detect(&headers, &fields), Some(TableKind::Products));
    let found = recognise(TableKind::Products, &headers, &fields);
    let keys: Vec<String> = found
        .iter()
        .map(|c| match c {
            Some(Column::Name) => "name".to_string(),
            Some(Column::Title) => "title".to_string(),
            Some(Column::Field(s)) => s.key.to_string(),
            Some(Column::Findings) => "findings".to_string(),
            None => "-".to_string(),
        })
        .collect();
    assert_eq!(
        keys,
        ["end_user", "name", "produced_by", "title", "priority", "-"]
    );
    let roles: Vec<String> = ["Role", "Title", "External"].map(String::from).to_vec();
    assert_eq!(detect(&roles, &fields), Some(TableKind::Roles));
}

#[test]
fn column_letters_go_on_after_z() {
    assert_eq!(column_letter(0), "A");
    assert_eq!(column_letter(25), "Z");
    assert_eq!(column_letter(26), "AA");
    assert_eq!(column_letter(27), "AB");
    assert_eq!(humanise("reviewed_on"), "Reviewed on");
}
