//! "Did you mean …?" for typos in keys and names.

/// The closest candidate to `word`, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .iter()
        .map(|c| (distance(word, c), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// The candidate nearest to `word` however far it is, ignoring case; ties go to the first.
pub fn nearest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .iter()
        .min_by_key(|c| distance(&word, &c.to_lowercase()))
        .copied()
}

/// `did you mean `x`?` when one candidate is close, else the full list.
pub fn help(word: &str, what: &str, candidates: &[&str]) -> String {
    match closest(word, candidates) {
        Some(c) => format!("did you mean `{c}`?"),
        None => format!("{what}: {}", list(candidates)),
    }
}

/// `a`, `b` or `c`.
pub fn list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    crate::text::or_list(&quoted)
}

/// "a `text`" or "an `email`": a question type with its article.
pub fn a(kind: &str) -> String {
    let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} `{kind}`")
}

/// Levenshtein distance, counting a swap of two neighbouring letters as one edit.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    // The edit table a row at a time: the distances from `a` so far (`above`), and from `a`
    // a letter shorter (`before`), to each start of `b`. Distances are bounded by lengths.
    let mut before: Vec<usize> = Vec::new();
    let mut above: Vec<usize> = (0..=b.len()).collect();
    let mut previous = None;
    for x in a.chars() {
        let mut left = above[0].saturating_add(1);
        let mut row = vec![left];
        for (j, (&y, cells)) in b.iter().zip(above.windows(2)).enumerate() {
            let (diagonal, up) = (cells[0], cells[1]);
            let mut best = up
                .saturating_add(1)
                .min(left.saturating_add(1))
                .min(diagonal.saturating_add(usize::from(x != y)));
            // `previous` then `x` here, `x` then `previous` in `b`: one swap.
            if let Some(k) = j.checked_sub(1)
                && previous == Some(y)
                && b.get(k) == Some(&x)
                && let Some(&two_back) = before.get(k)
            {
                best = best.min(two_back.saturating_add(1));
            }
            row.push(best);
            left = best;
        }
        before = std::mem::replace(&mut above, row);
        previous = Some(x);
    }
    above[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_but_not_unrelated_words() {
        let types = ["single_choice", "multiple_choice", "rating"];
        assert_eq!(closest("single_choise", &types), Some("single_choice"));
        assert_eq!(closest("requred", &["required", "hint"]), Some("required"));
        assert_eq!(closest("ratnig", &types), Some("rating"));
        assert_eq!(closest("colour", &types), None);
    }

    #[test]
    fn the_nearest_candidate_is_named_however_far() {
        let labels = ["Who are you?", "Score", "Why?"];
        assert_eq!(nearest("score (1 to 5)", &labels), Some("Score"));
        assert_eq!(nearest("who r u", &labels), Some("Who are you?"));
        assert_eq!(nearest("x", &[]), None);
    }

    #[test]
    fn lists_read_as_english() {
        assert_eq!(list(&["a"]), "`a`");
        assert_eq!(list(&["a", "b", "c"]), "`a`, `b` or `c`");
    }
}
