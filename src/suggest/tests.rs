use super::*;

#[test]
fn finds_near_misses_only() {
    let names = ["office_worker", "buyer", "cleaner"];
    assert_eq!(closest("ofice_worker", names), Some("office_worker"));
    assert_eq!(closest("Buyer", names), Some("buyer"));
    assert_eq!(closest("zzz", names), None);
    assert_eq!(ranked("ofice_worker", names), Some(("office_worker", true)));
    assert_eq!(ranked("cat", ["bat", "car"]), Some(("bat", false)));
    assert_eq!(
        closest("satisfation", ["satisfaction", "travel"]),
        Some("satisfaction")
    );
}

#[test]
fn a_lookup_does_not_depend_on_the_order_of_the_names() {
    let names = ["car", "bat", "cat_", "hat", "dog"];
    let mut reversed = names;
    reversed.reverse();
    for order in [names, reversed] {
        let suggester = Suggester::new(order.iter().map(|n| (*n, ())));
        // Three names at one edit from `cat`: the one that sorts first, not unique.
        assert_eq!(
            suggester.ranked("cat", |_| true),
            Some(("bat".to_string(), false))
        );
        assert_eq!(
            suggester.ranked("dgo", |_| true),
            Some(("dog".to_string(), true))
        );
    }
}

#[test]
fn the_suggester_agrees_with_one_pass_over_every_name() {
    let mut names: Vec<String> = (0..30_000).map(|i| format!("name_{i}")).collect();
    names.extend(["nmae_1", "NAME_7", "näme_8", "x"].map(String::from));
    names.sort();
    let suggester = Suggester::new(names.iter().map(|n| (n.as_str(), ())));
    for word in [
        "name_1234x",
        "nme_5",
        "name_",
        "name_29999",
        "zzzz_1",
        "name_7",
        "name_8",
        "y",
    ] {
        let one_pass = ranked(word, names.iter().map(String::as_str))
            .map(|(near, unique)| (near.to_string(), unique));
        assert_eq!(suggester.ranked(word, |_| true), one_pass, "{word}");
    }
}

#[test]
fn within_one_is_the_distance_when_it_is_at_most_one() {
    let words = [
        "office_worker",
        "ofice_worker",
        "offcie_worker",
        "Office_worker",
        "OFFICE_WORKER",
        "office_workers",
        "xoffice_worker",
        "office_wrker",
        "ab",
        "ba",
        "a",
        "",
        "é",
        "e",
        "éa",
        "aé",
        "abc",
        "acb",
        "bca",
    ];
    for a in words {
        for b in words {
            let full = if a.eq_ignore_ascii_case(b) {
                0
            } else {
                strsim::damerau_levenshtein(a, b)
            };
            let expected = (full <= 1).then_some(full);
            assert_eq!(within_one(a, b), expected, "{a} {b}");
        }
    }
}

#[test]
fn the_bag_distance_never_exceeds_the_edit_distance() {
    let words = [
        "office_worker",
        "ofice_worker",
        "officeworker",
        "buyer",
        "byuer",
        "cleaner",
        "clener",
        "staff_1_0",
        "staff_10_0",
        "head_1",
        "dept_20",
        "x",
        "",
    ];
    for a in words {
        for b in words {
            let distance = strsim::damerau_levenshtein(a, b);
            assert!(bag_distance(a, b).unwrap() <= distance, "{a} {b}");
            let (la, lb) = (letters(a), letters(b));
            let sets = (la & !lb).count_ones().max((lb & !la).count_ones());
            assert!(sets as usize <= distance, "{a} {b}");
        }
    }
    assert_eq!(bag_distance("é", "e"), None);
}

#[test]
fn very_long_words_get_no_suggestion() {
    let long = "a".repeat(10_000);
    let near = format!("{long}b");
    assert_eq!(closest(&long, [near.as_str()]), None);
    let s = Suggester::new([(near.as_str(), ())]);
    assert_eq!(s.closest(&long, |_| true), None);
}

#[test]
fn the_suggester_filters_by_tag() {
    let s = Suggester::new([("buyer", 1), ("clener", 2), ("cleaner", 1)]);
    assert_eq!(s.closest("cleanr", |_| true), Some("cleaner".into()));
    assert_eq!(s.closest("cleanr", |tag| tag == 2), Some("clener".into()));
    assert_eq!(s.closest("cleanr", |tag| tag == 3), None);
}

/// A large group's lookups through its index (built after its first lookups) give
/// what a scan of every name gives.
#[test]
fn an_indexed_group_agrees_with_a_scan() {
    let mut names: Vec<String> = (0..5000).map(|i| format!("paper_{i}")).collect();
    names.extend(["Paper_77", "papre_1", "x_1", "payroll_12"].map(String::from));
    names.sort();
    let suggester = Suggester::new(names.iter().map(|n| (n.as_str(), ())));
    let words = [
        "papr_12",
        "paper_12x",
        "PAPER_77",
        "paper_77",
        "apper_1",
        "payrol_12",
        "zzz",
        "pa_1",
        "papre_1",
    ];
    for round in 0..20 {
        for word in words {
            let scan = ranked(word, names.iter().map(String::as_str))
                .map(|(near, unique)| (near.to_string(), unique));
            assert_eq!(
                suggester.ranked(word, |_| true),
                scan,
                "{word} in round {round}"
            );
        }
    }
    assert!(
        suggester.groups[0].deletions.get().is_some(),
        "the index was built"
    );
}

/// Each lookup compares a bounded number of names, whatever came before: the
/// thousandth unknown name gets its suggestion as the first did.
#[test]
fn every_lookup_gets_its_suggestion() {
    let names: Vec<String> = (0..3000).map(|i| format!("role_number_{i}")).collect();
    let s = Suggester::new(names.iter().map(|n| (n.as_str(), ())));
    for i in 0..3000 {
        let typo = format!("role_numbr_{i}");
        assert_eq!(s.closest(&typo, |_| true), Some(format!("role_number_{i}")));
    }
}
