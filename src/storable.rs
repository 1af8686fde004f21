//! Text the databases can store. PostgreSQL's `text` type refuses NUL (SQLite would keep it),
//! so every door that takes text from outside checks it here before it reaches a query, and
//! both databases give the same 4xx answer instead of a failed statement.

/// A text that cannot be stored, named by the field or parameter it came in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` contains a NUL character (%00), which cannot be stored; remove it and try again")]
pub struct Unstorable(pub String);

/// Whether `text` can be stored as it is. Rust strings are always valid UTF-8, so NUL is the
/// only character PostgreSQL refuses.
pub fn is_storable(text: &str) -> bool {
    !text.contains('\0')
}

/// Checks named texts; the first one that cannot be stored is named in the error.
pub fn check<'a, N: AsRef<str>>(
    fields: impl IntoIterator<Item = (N, &'a str)>,
) -> Result<(), Unstorable> {
    for (name, text) in fields {
        if !is_storable(name.as_ref()) {
            return Err(Unstorable(name.as_ref().replace('\0', "%00")));
        }
        if !is_storable(text) {
            return Err(Unstorable(name.as_ref().to_owned()));
        }
    }
    Ok(())
}

/// Checks every string, and every key, in a JSON value; the error names the first bad one by
/// its path (`answers.why`, `themes[2]`).
pub fn check_json(value: &serde_json::Value) -> Result<(), Unstorable> {
    fn walk(value: &serde_json::Value, path: &mut String) -> Result<(), Unstorable> {
        match value {
            serde_json::Value::String(s) if !is_storable(s) => Err(Unstorable(path.clone())),
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    walk(item, path)?;
                    path.truncate(len);
                }
                Ok(())
            }
            serde_json::Value::Object(map) => {
                for (key, item) in map {
                    let len = path.len();
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(&key.replace('\0', "%00"));
                    if !is_storable(key) {
                        return Err(Unstorable(path.clone()));
                    }
                    walk(item, path)?;
                    path.truncate(len);
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
    walk(value, &mut String::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_is_the_one_character_refused_and_the_field_is_named() {
        assert!(is_storable("ŵ ✓ \u{1f} \u{feff} \r\n"));
        assert!(!is_storable("a\0b"));
        assert_eq!(
            check([("q", "fine"), ("period", "2026\0")]),
            Err(Unstorable("period".to_owned()))
        );
        assert_eq!(check([("a\0", "x")]), Err(Unstorable("a%00".to_owned())));
        assert_eq!(check::<&str>([]), Ok(()));
    }

    #[test]
    fn json_is_checked_at_every_depth_with_a_path() {
        let ok = serde_json::json!({"name": "Théme", "themes": ["a", 1, null]});
        assert_eq!(check_json(&ok), Ok(()));
        let bad = serde_json::json!({"title": "t", "questions": ["q", "x\u{0}"]});
        assert_eq!(check_json(&bad), Err(Unstorable("questions[1]".to_owned())));
        let key = serde_json::json!({"a": {"b\u{0}": 1}});
        assert_eq!(check_json(&key), Err(Unstorable("a.b%00".to_owned())));
    }
}
