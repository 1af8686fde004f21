//! The module arrows run one way: each module of `src/` uses only modules in layers below its
//! own, as `docs/architecture.md` draws them. This reads the source, so a new `use` of a
//! module above fails here, naming the file and line.

use std::path::{Path, PathBuf};

/// The layers, lowest first; keep in step with `docs/architecture.md`.
const LAYERS: &[&[&str]] = &[
    &[
        "storable",
        "net",
        "uk_time",
        "telemetry",
        "text",
        "assets",
        "metrics",
    ],
    &["definitions"],
    &["i18n", "period", "storage"],
    &["audit", "mail"],
    &["auth", "counts", "quotes"],
    &["intake", "workspace"],
    &["publishing", "import", "involvement"],
    &["privacy", "reload", "engagement"],
    &["web"],
    &["config"],
    &["app"],
    &["cli"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to (`src/publishing/render/html.rs` → `publishing`).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let first = file.strip_prefix(src).ok()?.components().next()?;
    let name = first.as_os_str().to_str()?.trim_end_matches(".rs");
    (!matches!(name, "lib" | "main")).then(|| name.to_owned())
}

/// Every `crate::name` a line uses, with `use crate::{a, b}` groups read too.
fn used_modules(line: &str) -> Vec<String> {
    let mut found = Vec::new();
    let code = line.split("//").next().unwrap_or_default();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                found.push(name);
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            found.push(name);
        }
    }
    found
}

#[test]
fn every_module_uses_only_modules_in_lower_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut unknown = Vec::new();
    let mut upward = Vec::new();
    let mut arrows = 0;
    for file in &files {
        let Some(from) = module_of(&src, file) else {
            continue;
        };
        let Some(from_layer) = layer(&from) else {
            unknown.push(format!("{} (module `{from}`)", file.display()));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            for to in used_modules(line) {
                if to == from || to.is_empty() {
                    continue;
                }
                let Some(to_layer) = layer(&to) else {
                    unknown.push(format!("{}:{}: `crate::{to}`", file.display(), n + 1));
                    continue;
                };
                arrows += 1;
                if to_layer >= from_layer {
                    upward.push(format!(
                        "{}:{}: `{from}` (layer {}) uses `{to}` (layer {})",
                        file.strip_prefix(&src).unwrap().display(),
                        n + 1,
                        from_layer + 1,
                        to_layer + 1
                    ));
                }
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "modules missing from LAYERS (and docs/architecture.md):\n{}",
        unknown.join("\n")
    );
    assert!(
        arrows > 100,
        "only {arrows} uses read: is the scan still finding them?"
    );
    assert!(
        upward.is_empty(),
        "{} uses of a module in the same or a higher layer:\n{}",
        upward.len(),
        upward.join("\n")
    );
}

#[test]
fn the_scan_reads_paths_and_groups_and_ignores_comments() {
    assert_eq!(used_modules("use crate::storage::Db;"), ["storage"]);
    assert_eq!(
        used_modules("use crate::{audit, definitions::Kind};"),
        ["audit", "definitions"]
    );
    assert_eq!(
        used_modules("let x = crate::web::stylesheet(); // crate::cli"),
        ["web"]
    );
    assert!(used_modules("// crate::web is above").is_empty());
}
