//! Spotting a key written at the wrong indentation, which the YAML reader reports as
//! something else: a key "missing" from the mapping above, or a syntax error.

use super::diagnostic::Diagnostic;
use super::lines::{layout, line, number, spaces};
use super::raw::Pos;

/// A mis-indented key, and the line it is on.
pub struct Misplaced {
    pub diagnostic: Diagnostic,
    pub line: u64,
}

/// `field` is missing from the mapping whose last key the reader points at (`at`): when a
/// line after it holds `field:` at another indentation, that line is the mistake.
pub fn misplaced_key(lines: &[String], at: Pos, field: &str) -> Option<Misplaced> {
    let sibling = line(lines, at.line).and_then(layout)?;
    let sibling_key = sibling.key?;
    let column = sibling.key_column;
    let after = usize::try_from(at.line).ok()?;
    for (index, text) in lines.iter().enumerate().skip(after) {
        let Some(found) = layout(text) else {
            continue;
        };
        if found.key == Some(field) && found.key_column != column {
            let here = Pos {
                line: number(index.saturating_add(1)),
                column: number(found.key_column),
            };
            let diagnostic = Diagnostic::error(
                here,
                format!(
                    "wrong indentation: `{field}` starts at column {}, but the keys it belongs with start at column {column}",
                    found.key_column
                ),
            )
            .help(format!(
                "move `{field}:` to column {column} ({} before it), in line with `{sibling_key}:` on line {}; YAML goes by indentation to know which mapping a key belongs to",
                spaces(column.saturating_sub(1)),
                at.line,
            ));
            return Some(Misplaced {
                diagnostic,
                line: here.line,
            });
        }
        if found.indent.saturating_add(1) < column {
            // Back at the parent's level: the mapping has ended.
            return None;
        }
    }
    None
}

/// Help for a syntax error on a key line indented differently from the key line above it,
/// when that one holds a value (so the line cannot be a nested mapping).
pub fn syntax_help(lines: &[String], at: Pos) -> Option<String> {
    let here = line(lines, at.line).and_then(layout)?;
    let key = here.key?;
    let before = usize::try_from(at.line.saturating_sub(1)).ok()?;
    let (index, above, text) = lines
        .iter()
        .take(before)
        .enumerate()
        .rev()
        .find_map(|(i, l)| layout(l).map(|found| (i, found, l)))?;
    let above_key = above.key?;
    let opens_block = text.trim_end().ends_with(':');
    if opens_block || above.key_column == here.key_column {
        return None;
    }
    Some(format!(
        "indentation: `{key}` starts at column {}, but `{above_key}` on line {} starts at column {}; write the keys of one mapping at the same column ({} before them)",
        here.key_column,
        index.saturating_add(1),
        above.key_column,
        spaces(above.key_column.saturating_sub(1)),
    ))
}
