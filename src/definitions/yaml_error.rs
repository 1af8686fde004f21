//! Turns the YAML reader's errors into producer-friendly diagnostics.

use super::diagnostic::Diagnostic;
use super::raw::Pos;
use super::suggest;
use serde_saphyr::Error;

/// One diagnostic for a file that could not be read as a survey at all.
pub fn diagnostic(err: &Error) -> Diagnostic {
    let pos = err.location().map_or(Pos { line: 1, column: 1 }, |l| Pos {
        line: l.line().max(1),
        column: l.column().max(1),
    });
    match err.without_snippet() {
        Error::SerdeUnknownField {
            field, expected, ..
        } => Diagnostic::error(pos, format!("unknown key `{field}`")).help(suggest::help(
            field,
            "the keys allowed here are",
            expected,
        )),
        Error::SerdeMissingField { field, .. } => {
            Diagnostic::error(pos, format!("missing `{field}`"))
                .help(format!("add `{field}: ...` here"))
        }
        Error::SerdeInvalidType {
            unexpected,
            expected,
            ..
        }
        | Error::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => Diagnostic::error(
            pos,
            format!(
                "expected {}, found {}",
                plain_expected(expected),
                plain_found(unexpected)
            ),
        ),
        Error::DuplicateMappingKey { key, .. } => {
            let key = key.as_deref().unwrap_or("this key");
            Diagnostic::error(pos, format!("`{key}` is written twice"))
                .help("keep one of them; YAML keys must be unique in a mapping")
        }
        Error::InvalidBooleanStrict { .. } => Diagnostic::error(pos, "expected `true` or `false`")
            .help("write `true` or `false`; `yes`, `no`, `on` and `off` are not accepted"),
        Error::InvalidScalar { ty, .. } => {
            Diagnostic::error(pos, format!("this value is not {}", plain_expected(ty)))
        }
        other => Diagnostic::error(
            pos,
            format!("YAML syntax: {}", strip_location(&other.to_string())),
        )
        .help("check the indentation and that every `key: value` pair is on its own line"),
    }
}

/// Where the reader stopped: on a key of the wrong shape, which recovery can set aside,
/// or on YAML it cannot read any further.
pub enum Stop {
    /// The text is not YAML past this point.
    Syntax,
    /// A mapping lacks this key.
    Missing(&'static str),
    /// A key or value is of the wrong kind; the YAML around it is sound.
    Shape,
}

/// What kind of problem `err` is.
pub fn stop(err: &Error) -> Stop {
    match err.without_snippet() {
        Error::SerdeMissingField { field, .. } => Stop::Missing(field),
        Error::SerdeUnknownField { .. }
        | Error::SerdeInvalidType { .. }
        | Error::SerdeInvalidValue { .. }
        | Error::DuplicateMappingKey { .. }
        | Error::InvalidBooleanStrict { .. }
        | Error::InvalidScalar { .. } => Stop::Shape,
        _ => Stop::Syntax,
    }
}

/// Serde's Rust-flavoured type names in producers' words.
fn plain_expected(expected: &str) -> String {
    let e = expected.trim();
    match e {
        "i64" | "u32" | "i32" | "u64" => "a whole number".to_owned(),
        "f64" | "f32" => "a number".to_owned(),
        "a boolean" | "bool" => "`true` or `false`".to_owned(),
        "a string" | "a borrowed string" => "text".to_owned(),
        "a sequence" => "a list (lines starting with `- `)".to_owned(),
        _ if e.starts_with("struct ") => "a mapping of `key: value` lines".to_owned(),
        _ => e.to_owned(),
    }
}

fn plain_found(found: &str) -> String {
    found
        .replace("sequence", "a list")
        .replace("map", "a mapping")
        .replace("string ", "text ")
}

/// The reader's own messages end with ` at line X column Y`; we show the position ourselves.
fn strip_location(message: &str) -> String {
    let first_line = message.lines().next().unwrap_or(message);
    match first_line.find(" at line ") {
        Some(i) => first_line[..i].to_owned(),
        None => first_line.to_owned(),
    }
}
