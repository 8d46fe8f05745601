use super::*;

/// Human output wraps at the terminal's width; 100 columns when not a terminal.
#[test]
fn human_output_fits_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.ccl"),
        "role r { department: nowhere_to_be_found_at_all }\n",
    )
    .unwrap();
    for width in [60, 80, 120] {
        let cli = Cli::parse_from(["cclint", "a.ccl", "--no-config"]);
        let terminal = Terminal {
            stdout_is_terminal: true,
            no_color: true,
            width: Some(width),
        };
        let mut out = Vec::new();
        run(
            cli,
            terminal,
            dir.path(),
            &mut &b""[..],
            &mut out,
            &mut Vec::new(),
        );
        let text = String::from_utf8(out).unwrap();
        let widest = text.lines().map(|l| l.chars().count()).max().unwrap();
        assert!(widest <= width, "{width}: a line of {widest}\n{text}");
        assert!(
            widest > width / 2,
            "{width}: the text uses the width\n{text}"
        );
        assert!(
            text.contains("a.ccl"),
            "paths are relative to the given directory\n{text}"
        );
    }
}
