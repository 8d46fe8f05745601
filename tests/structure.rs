//! The shape of the source, kept as CONTRIBUTING.md describes it: no `unsafe`, files under
//! 500 lines, functions under 80, and library modules that depend on each other in one
//! direction only (no loop), so that each can be read knowing only those below it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_FILE_LINES: usize = 500;
const MAX_FUNCTION_LINES: usize = 80;

/// Every `.rs` file under `src/`, in path order.
fn sources() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> =
        walkdir::WalkDir::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
            .into_iter()
            .map(|e| e.expect("src/ is readable").into_path())
            .filter(|p| p.extension().is_some_and(|e| e == "rs"))
            .collect();
    files.sort();
    files
}

fn relative(path: &Path) -> String {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    path.strip_prefix(&src)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

/// `text` with comments blanked and the contents of string and character literals
/// removed, line breaks kept, so that words and braces can be counted.
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let at = |i: usize, s: &str| {
        s.chars()
            .enumerate()
            .all(|(k, c)| chars.get(i + k) == Some(&c))
    };
    while i < chars.len() {
        let c = chars[i];
        if at(i, "//") {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if at(i, "/*") {
            let mut depth = 0;
            while i < chars.len() {
                if at(i, "/*") {
                    depth += 1;
                    i += 2;
                } else if at(i, "*/") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if chars[i] == '\n' {
                        out.push('\n');
                    }
                    i += 1;
                }
            }
        } else if c == 'r'
            && (at(i + 1, "\"") || at(i + 1, "#\"") || at(i + 1, "##\""))
            && !chars
                .get(i.wrapping_sub(1))
                .is_some_and(|p| p.is_alphanumeric() || *p == '_')
        {
            let hashes = chars[i + 1..].iter().take_while(|&&c| c == '#').count();
            let close: String = std::iter::once('"')
                .chain("#".repeat(hashes).chars())
                .collect();
            i += 2 + hashes;
            while i < chars.len() && !at(i, &close) {
                if chars[i] == '\n' {
                    out.push('\n');
                }
                i += 1;
            }
            i += close.len();
            out.push_str("\"\"");
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                let step = if chars[i] == '\\' { 2 } else { 1 };
                out.extend(
                    chars[i..chars.len().min(i + step)]
                        .iter()
                        .filter(|&&c| c == '\n'),
                );
                i += step;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\''
            && (at(i + 2, "'")
                || (at(i + 1, "\\") && chars[i + 2..].iter().take(10).any(|&c| c == '\'')))
        {
            // A character literal ('{', '\n', '\u{7b}'), not a lifetime.
            i += 1;
            while i < chars.len() && chars[i] != '\'' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("''");
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// The functions of `code` (from [`code_only`]) with a body: (first line, line count).
fn functions(code: &str) -> Vec<(usize, usize)> {
    let lines: Vec<&str> = code.lines().collect();
    let is_fn = |line: &str| {
        let words: Vec<&str> = line.split_whitespace().collect();
        let fn_at = words.iter().position(|w| *w == "fn");
        fn_at.is_some_and(|k| {
            words[..k].iter().all(|w| {
                w.starts_with("pub")
                    || ["const", "async", "unsafe", "extern", "default"].contains(w)
            })
        })
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !is_fn(lines[i]) {
            i += 1;
            continue;
        }
        let (mut depth, mut opened, mut j) = (0i32, false, i);
        while j < lines.len() {
            for c in lines[j].chars() {
                match c {
                    '{' => (depth, opened) = (depth + 1, true),
                    '}' => depth -= 1,
                    _ => {}
                }
            }
            if (opened && depth == 0) || (!opened && lines[j].trim_end().ends_with(';')) {
                break;
            }
            j += 1;
        }
        if opened {
            found.push((i + 1, j - i + 1));
        }
        i = j + 1;
    }
    found
}

#[test]
fn no_unsafe_code() {
    let offenders: Vec<String> = sources()
        .iter()
        .filter(|p| {
            let code = code_only(&std::fs::read_to_string(p).unwrap());
            code.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .any(|w| w == "unsafe")
        })
        .map(|p| relative(p))
        .collect();
    assert!(offenders.is_empty(), "`unsafe` in {offenders:?}");
}

#[test]
fn files_and_functions_stay_short() {
    let mut long = Vec::new();
    for path in sources() {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = relative(&path);
        let lines = text.lines().count();
        if lines >= MAX_FILE_LINES {
            long.push(format!("{name}: {lines} lines"));
        }
        for (line, count) in functions(&code_only(&text)) {
            if count >= MAX_FUNCTION_LINES {
                long.push(format!("{name}:{line}: a function of {count} lines"));
            }
        }
    }
    assert!(
        long.is_empty(),
        "files must stay under {MAX_FILE_LINES} lines and functions under \
         {MAX_FUNCTION_LINES}; split these:\n{}",
        long.join("\n")
    );
}

/// The names `lib.rs` re-exports (`pub use check::{check, lint}`), to the module they come
/// from.
fn reexports(lib: &str) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for line in lib.lines() {
        let Some(rest) = line.trim().strip_prefix("pub use ") else {
            continue;
        };
        let rest = rest.trim_end_matches(';');
        let (module, items) = rest.split_once("::").expect("pub use module::item");
        for item in items.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
            if !item.is_empty() {
                names.insert(item.to_string(), module.to_string());
            }
        }
    }
    names
}

/// The top-level names in `use crate::{a::{b, c}, d}` groups and `crate::a` paths of `code`.
fn crate_names(code: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = code;
    while let Some(k) = rest.find("crate::") {
        rest = &rest[k + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut word = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    _ => {}
                }
                if depth == 0 && (c.is_alphanumeric() || c == '_') {
                    word.push(c);
                } else if !word.is_empty() {
                    names.push(std::mem::take(&mut word));
                }
            }
            names.push(word);
        } else {
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            names.push(rest[..end].to_string());
        }
    }
    names
}

/// Which library modules (top-level `src/` entries) each library module uses.
fn module_edges() -> BTreeMap<String, BTreeSet<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(root.join("lib.rs")).unwrap();
    let reexported = reexports(&lib);
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let modules: BTreeSet<String> = sources()
        .iter()
        .map(|p| {
            relative(p)
                .split('/')
                .next()
                .unwrap()
                .trim_end_matches(".rs")
                .to_string()
        })
        .collect();
    for path in sources() {
        let name = relative(&path);
        let module = name
            .split('/')
            .next()
            .unwrap()
            .trim_end_matches(".rs")
            .to_string();
        // The binary and the tests sit above the library; tests follow `#[cfg(test)]`.
        if ["main", "cli", "lib"].contains(&module.as_str()) || name.ends_with("/tests.rs") {
            continue;
        }
        let code = code_only(&std::fs::read_to_string(&path).unwrap());
        let code = code.split("#[cfg(test)]").next().unwrap();
        for used in crate_names(code) {
            let target = reexported.get(&used).cloned().unwrap_or(used);
            if target != module && modules.contains(&target) {
                edges.entry(module.clone()).or_default().insert(target);
            }
        }
    }
    edges
}

#[test]
fn library_modules_do_not_depend_on_each_other_in_a_loop() {
    let edges = module_edges();
    // Depth-first search for a module that reaches itself.
    fn visit<'a>(
        module: &'a str,
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<&'a str, bool>,
        path: &mut Vec<&'a str>,
    ) -> Option<Vec<String>> {
        match state.get(module) {
            Some(true) => {
                let start = path.iter().position(|m| *m == module).unwrap();
                let mut cycle: Vec<String> = path[start..].iter().map(|m| m.to_string()).collect();
                cycle.push(module.to_string());
                return Some(cycle);
            }
            Some(false) => return None,
            None => {}
        }
        state.insert(module, true);
        path.push(module);
        for next in edges.get(module).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, state, path) {
                return Some(cycle);
            }
        }
        path.pop();
        state.insert(module, false);
        None
    }
    let mut state = BTreeMap::new();
    for module in edges.keys() {
        if let Some(cycle) = visit(module, &edges, &mut state, &mut Vec::new()) {
            panic!(
                "library modules depend on each other in a loop: {}",
                cycle.join(" -> ")
            );
        }
    }
    // The check sees real dependencies (a parser that found none would pass anything).
    assert!(edges["workspace"].contains("model") && edges["model"].contains("syntax"));
}

/// Whether `to` can be reached from `from` without taking the edge `from -> to` itself.
fn reachable_otherwise(edges: &BTreeMap<String, BTreeSet<String>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&str> = edges[from]
        .iter()
        .map(String::as_str)
        .filter(|m| *m != to)
        .collect();
    while let Some(module) = stack.pop() {
        if module == to {
            return true;
        }
        if seen.insert(module) {
            stack.extend(edges.get(module).into_iter().flatten().map(String::as_str));
        }
    }
    false
}

/// The drawing of the library's layers in CONTRIBUTING.md is the one the code gives (its
/// transitive reduction: an arrow is left out when another path implies it). Rewritten
/// with `CCLINT_UPDATE_STRUCTURE=1`.
#[test]
fn the_structure_drawing_is_current() {
    let edges = module_edges();
    let mut drawing = String::from("```mermaid\nflowchart TD\n");
    for (from, targets) in &edges {
        for to in targets {
            if !reachable_otherwise(&edges, from, to) {
                drawing.push_str(&format!("    {from} --> {to}\n"));
            }
        }
    }
    drawing.push_str("```\n");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("CONTRIBUTING.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let (start, end) = ("<!-- structure:start -->\n", "<!-- structure:end -->");
    let from = text
        .find(start)
        .expect("CONTRIBUTING.md has the structure markers")
        + start.len();
    let to = text.find(end).unwrap();
    if std::env::var_os("CCLINT_UPDATE_STRUCTURE").is_some() {
        let updated = format!("{}{drawing}{}", &text[..from], &text[to..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    assert_eq!(
        text[from..to],
        drawing,
        "the structure drawing in CONTRIBUTING.md is stale: run with CCLINT_UPDATE_STRUCTURE=1"
    );
}

#[test]
fn the_scanner_skips_comments_strings_and_characters() {
    let code =
        code_only("fn a() { let s = \"}\"; let c = '}'; // }\n let r = r#\"{\"#; }\n/* { */");
    assert_eq!(code.matches('{').count(), code.matches('}').count());
    assert_eq!(
        functions("fn a() {\n  x\n}\nfn b();\npub(crate) fn c() {}\n"),
        vec![(1, 3), (5, 1)]
    );
    assert_eq!(
        crate_names("use crate::{a::{b, c}, d};\ncrate::e::f"),
        ["a", "d", "e"]
    );
}
