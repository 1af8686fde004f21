//! The source as lines, read the way a person reads YAML: by indentation and `key:`.
//!
//! Used only to word and recover from errors the YAML reader reports; never to read values.

/// One source line's layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout<'a> {
    /// Spaces before the first character.
    pub indent: usize,
    /// Column (1-based) where the key starts, after any `- ` of a list item.
    pub key_column: usize,
    /// The key, when the line is `key:` or `key: value`.
    pub key: Option<&'a str>,
    /// Whether the line starts a list item (`- `).
    pub item: bool,
}

/// The layout of a line that holds something (not blank, not only a comment).
pub fn layout(line: &str) -> Option<Layout<'_>> {
    let text = line.trim_start_matches(' ');
    let indent = line.len().saturating_sub(text.len());
    if text.trim().is_empty() || text.starts_with('#') {
        return None;
    }
    let (item, rest) = match text.strip_prefix('-') {
        Some(rest) if rest.is_empty() || rest.starts_with([' ', '\t', '\r']) => {
            (true, rest.trim_start_matches(' '))
        }
        _ => (false, text),
    };
    let offset = text.len().saturating_sub(rest.len());
    let key = rest.split_once(':').and_then(|(key, after)| {
        let plain = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
        (plain && (after.is_empty() || after.starts_with([' ', '\t', '\r']))).then_some(key)
    });
    Some(Layout {
        indent,
        key_column: indent.saturating_add(offset).saturating_add(1),
        key,
        item,
    })
}

/// A line of the source by its 1-based number.
pub fn line(lines: &[String], number: u64) -> Option<&str> {
    let index = usize::try_from(number).ok()?.checked_sub(1)?;
    lines.get(index).map(String::as_str)
}

/// `n` as a 1-based line or column number.
pub fn number(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// `1 space` or `4 spaces`.
pub fn spaces(n: usize) -> String {
    format!("{n} space{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_keys_and_list_items() {
        let l = layout("  - id: q").unwrap();
        assert_eq!(
            (l.indent, l.key_column, l.key, l.item),
            (2, 5, Some("id"), true)
        );
        let l = layout("    label: Q").unwrap();
        assert_eq!(
            (l.indent, l.key_column, l.key, l.item),
            (4, 5, Some("label"), false)
        );
        assert_eq!(layout("  # comment"), None);
        assert_eq!(layout("   "), None);
        assert_eq!(layout("  - Analyst").unwrap().key, None);
        assert_eq!(layout("url: https://x").unwrap().key, Some("url"));
        assert_eq!(layout("a: b:c").unwrap().key, Some("a"));
        assert_eq!(layout("text with: colon").unwrap().key, None);
    }
}
