use super::*;

fn errors(text: &str) -> Vec<String> {
    parse(text).errors.into_iter().map(|e| e.message).collect()
}

#[test]
fn parses_every_value_kind_and_separator() {
    let parsed = parse(
        "# comment\nproduct p \"P \\\"q\\\"\" { owner: a; priority: 3 end_user: a, b # c\n ok: true }\nrole a\n",
    );
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    let p = &parsed.declarations[0];
    assert_eq!(p.kind, Kind::Product);
    assert_eq!(p.name.text, "p");
    assert_eq!(
        p.title.as_ref().unwrap().literal,
        Literal::String("P \"q\"".into())
    );
    let keys: Vec<_> = p.fields.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys, ["owner", "priority", "end_user", "ok"]);
    assert_eq!(p.fields[1].values[0].literal, Literal::Integer("3".into()));
    assert_eq!(p.fields[2].values.len(), 2);
    assert_eq!(p.fields[3].values[0].literal, Literal::Boolean(true));
    assert_eq!(parsed.declarations[1].kind, Kind::Role);
}

#[test]
fn spans_point_at_the_text() {
    let text = "role buyer { department: procurement }";
    let parsed = parse(text);
    let d = &parsed.declarations[0];
    assert_eq!(&text[d.name.span.start()..d.name.span.end()], "buyer");
    let v = &d.fields[0].values[0];
    assert_eq!(&text[v.span.start()..v.span.end()], "procurement");
    assert_eq!(d.span, Span::new(0, text.len()));
}

#[test]
fn missing_colon_is_said_in_words() {
    assert_eq!(
        errors("product p {\n  end_user office_worker\n}\n"),
        ["expected `:` after the field name `end_user`, found `office_worker`"]
    );
}

#[test]
fn three_broken_declarations_give_three_errors() {
    let text = "role a { department x }\nrole b { department: }\nrole ok\nproduct c { owner: a,, }\nrole d\n";
    let parsed = parse(text);
    assert_eq!(parsed.errors.len(), 3, "{:?}", parsed.errors);
    let names: Vec<_> = parsed
        .declarations
        .iter()
        .map(|d| d.name.text.as_str())
        .collect();
    assert_eq!(names, ["ok", "d"]);
}

#[test]
fn recovery_resumes_at_a_kind_keyword_followed_by_a_name_only() {
    let text = "rule r {\n  product: p\n  decided_by buyer\n}\nrole after\n";
    let parsed = parse(text);
    assert_eq!(parsed.errors.len(), 1);
    assert_eq!(parsed.declarations.len(), 1);
    assert_eq!(parsed.declarations[0].name.text, "after");
}

#[test]
fn unbalanced_braces_and_garbage_do_not_panic() {
    for text in [
        "{{{{{{{{",
        "}}}}",
        "product p {",
        "product p { a: \"unterminated\n}",
        "product p { a: \"bad \\q escape\" }",
        "\u{0}\u{1}\u{2}",
        "product",
        "product p \"t\" \"u\"",
        "role r { a: 99999999999999999999999999 }",
        "\u{FEFF}role r",
        "\u{FEFF}a",
        "é a",
        "ü{",
        "",
    ] {
        let _ = parse(text);
    }
    let deep = "{".repeat(100_000);
    assert_eq!(parse(&deep).errors.len(), 1);
}

/// The file parsed in one piece, each declaration on the whole rest of the text, as
/// before parsing was split and windowed for speed.
fn parse_in_one_piece(text: &str) -> ParsedFile {
    match clean_parse(text, 0) {
        Some(declarations) => ParsedFile {
            declarations,
            ..ParsedFile::default()
        },
        None => {
            let mut parsed = ParsedFile::default();
            fn whole(text: &str, pos: usize) -> DeclarationParse<'_> {
                CclParser::parse(Rule::declaration, &text[pos..]).map_err(Box::new)
            }
            recover_with(text, skip_trivia(text, 0), |_| false, &mut parsed, whole);
            parsed
        }
    }
}

/// A file of 30,000 products cut into many pieces: with syntax errors of several kinds near
/// the cuts (`errors`; blocks left open among them when `open_blocks`), comments before
/// declarations and suppressions.
fn large_text(errors: bool, open_blocks: bool) -> String {
    {
        let mut text = String::from("\u{FEFF}# head\n");
        for i in 0..30_000 {
            text.push_str(&format!("product p{i} \"P — {i}\" {{\n  owner: a\n"));
            // A value list continued on a line that looks like a declaration.
            if i % 997 == 0 {
                text.push_str("  end_user: a,\nrole b: c\n");
            }
            // Errors of several kinds, some near the piece boundaries.
            let error = if errors { i % 2_501 } else { usize::MAX };
            match error {
                0 => text.push_str("  broken value\n"),
                1 => text.push_str("  title: \"open\n"),
                2 => text.push_str("}\nrole\n"),
                4 => text.push_str("  end_user: a,\n"),
                5 => text.push_str("  aspect: \"x\\q\"\n"),
                _ => {}
            }
            // A block left open: the next declaration's keyword is read as a field.
            text.push_str(if error == 3 && open_blocks {
                "\n"
            } else {
                "}\n\n"
            });
            if i % 89 == 0 {
                text.push_str("# cclint: allow unprioritized-product -- kept\n\n");
            } else if i % 61 == 0 {
                text.push_str("# about the next one\n");
            }
        }
        text
    }
}

#[test]
fn a_large_file_parses_in_pieces_exactly_as_in_one() {
    let make = |errors: bool| large_text(errors, true);
    let text = make(true);
    assert!(chunk_starts(&text).len() > 3);
    let pieces = parse_declarations(&text);
    assert_eq!(pieces, parse_in_one_piece(&text));
    assert!(pieces.errors.len() > 50, "{}", pieces.errors.len());
    let clean = make(false);
    assert_eq!(parse_declarations(&clean), parse_in_one_piece(&clean));
    assert!(parse(&clean).errors.is_empty());
}

#[test]
fn string_errors_are_specific() {
    assert_eq!(
        errors("product p { a: \"open\n}\n"),
        ["unterminated string"]
    );
    assert_eq!(
        errors("product p { a: \"bad \\q\" }"),
        ["unknown escape `\\q` in a string"]
    );
}

/// Texts that fail to parse in different ways.
const BROKEN: [&str; 11] = [
    "x",
    "role",
    "role 1",
    "role r {",
    "role r { a: }",
    "role r { a b }",
    "role r { a: b, }",
    "role r { a: \"x",
    "role r { a: \"\\q\" }",
    "{{{",
    "role r \"t\" x",
];

#[test]
fn every_syntax_error_says_how_to_fix_it() {
    for text in BROKEN {
        for e in parse(text).errors {
            assert!(e.help.is_some(), "{text:?}: {}", e.message);
        }
    }
}

#[test]
fn messages_never_name_pest_rules() {
    for text in BROKEN {
        for e in parse(text).errors {
            for word in [
                "Rule::",
                "identifier",
                "lbrace",
                "rbrace",
                "EOI",
                "string_inner",
            ] {
                assert!(!e.message.contains(word), "{text:?}: {}", e.message);
            }
        }
    }
}

/// The pieces handed out one by one tell, together, what the whole file's parse tells.
#[test]
fn pieces_handed_out_add_up_to_the_whole_parse() {
    let summary = |p: &ParsedFile| {
        let comments: Vec<_> = p.comments.iter().map(|c| (c.span, c.own_line)).collect();
        (
            p.declarations.clone(),
            p.errors.clone(),
            p.broken.clone(),
            p.broken_product_words.clone(),
            comments,
        )
    };
    for (errors, open_blocks) in [(false, false), (true, false), (true, true)] {
        let text = large_text(errors, open_blocks);
        let whole = parse(&text);
        let Some(pieces) = parse_pieces(&text, |piece| piece) else {
            assert!(
                open_blocks,
                "only a block left open at a cut defeats pieces"
            );
            continue;
        };
        assert!(pieces.len() > 3);
        let mut joined = ParsedFile::default();
        for piece in pieces {
            joined.declarations.extend(piece.declarations);
            joined.errors.extend(piece.errors);
            joined.broken.extend(piece.broken);
            joined
                .broken_product_words
                .extend(piece.broken_product_words);
            joined.comments.extend(piece.comments);
        }
        assert_eq!(summary(&joined), summary(&whole), "errors {errors}");
        assert_eq!(errors, !whole.errors.is_empty());
    }
    assert!(
        parse_pieces("role r\n", |piece| piece).is_none(),
        "a small file is whole"
    );
}

/// A piece never starts right after a comment: the comment belongs to what follows it.
#[test]
fn pieces_are_not_cut_after_a_comment() {
    let mut text = String::new();
    for i in 0..40_000 {
        if i % 500 != 0 {
            text.push_str("# about it\n\n");
        }
        text.push_str(&format!("role r{i} {{ department: d }}\n"));
    }
    let starts = chunk_starts(&text);
    assert!(starts.len() > 3, "{}", starts.len());
    for &start in &starts[1..] {
        assert!(
            !after_comment(&text, start),
            "cut after a comment at {start}"
        );
        assert!(text[..start].ends_with("}\n"), "cut at a declaration line");
    }
}
