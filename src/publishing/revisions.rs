//! Corrections: what a later revision of a period may publish so that comparing it with any
//! earlier public revision does not give away the responses that changed in between.
//!
//! The changes a reader can work out from two revisions of a table form a table of their own:
//! each cell shown in both, the total, and the suppressed cells of either taken together. A
//! correction publishes a table's new figures only when every such change, against every
//! earlier public revision, is nothing or at least `min_count` responses; otherwise it keeps
//! the figures the newest earlier revision published, which passed the same test before.

use super::disclosure::Cell;
use super::summary::{self, Summary, Table, ThemeCount};

/// Whether a change that can be worked out from two revisions may be public.
fn safe(change: i128, min_count: u64) -> bool {
    change == 0 || change.unsigned_abs() >= u128::from(min_count)
}

fn shown_change(old: Cell, new: Cell) -> Option<i128> {
    match (old, new) {
        // Exact: two u64s are never further apart than i128 can count.
        (Cell::Shown(a), Cell::Shown(b)) => Some(i128::from(b).saturating_sub(i128::from(a))),
        _ => None,
    }
}

/// Every change between two published versions of one table that a reader can work out.
fn table_changes(old: &Table, new: &Table) -> Vec<i128> {
    let Some(total) = shown_change(old.total, new.total) else {
        // "Fewer than N" in either revision leaves nothing of that revision to subtract.
        return Vec::new();
    };
    // An option missing from one revision (the definition changed) had nobody in it there.
    let count = |t: &Table, value: &str| {
        t.rows
            .iter()
            .find(|r| r.value == value)
            .map_or(Cell::Shown(0), |r| r.count)
    };
    let mut values: Vec<&str> = Vec::new();
    for row in old.rows.iter().chain(&new.rows) {
        if !values.contains(&row.value.as_str()) {
            values.push(&row.value);
        }
    }
    let mut changes = vec![total];
    changes.extend(
        values
            .iter()
            .filter_map(|v| shown_change(count(old, v), count(new, v))),
    );
    // For single choice the cells suppressed in either revision together make up the rest of
    // the total; for multiple choice this is no sum of anyone, and checking it only holds
    // back more.
    let shown: i128 = changes[1..].iter().sum();
    changes.push(total.saturating_sub(shown));
    changes
}

/// The same for theme counts, which have no total: each theme shown in both.
fn theme_changes(old: &[ThemeCount], new: &[ThemeCount]) -> Vec<i128> {
    let count = |list: &[ThemeCount], name: &str| {
        list.iter()
            .find(|t| t.name == name)
            .map_or(Cell::Shown(0), |t| t.comments)
    };
    old.iter()
        .chain(new)
        .filter_map(|t| shown_change(count(old, &t.name), count(new, &t.name)))
        .collect()
}

/// `new`, or the newest earlier revision's version (`earlier[0]`) when `new` is not safe against
/// every earlier one; `None` in `earlier` means that revision published no such table.
fn settle(
    new: Table,
    earlier: &[Option<&Table>],
    min_count: u64,
    kept: &mut Vec<String>,
) -> Option<Table> {
    let fine = earlier.iter().all(|old| {
        old.is_none_or(|old| {
            table_changes(old, &new)
                .into_iter()
                .all(|c| safe(c, min_count))
        })
    });
    if fine {
        return Some(new);
    }
    kept.push(new.label.clone());
    earlier.first().copied().flatten().cloned()
}

/// Makes `candidate`, a correction, safe to publish beside `earlier`: the period's published
/// revisions, newest first. Tables and theme counts that would give a small change away keep
/// their published figures, and the methods note says which and why.
pub fn hold_back(candidate: &mut Summary, earlier: &[Summary]) {
    if earlier.is_empty() {
        return;
    }
    let min_count = candidate.min_count;
    let mut kept = Vec::new();
    if let Some(who) = candidate.who.take() {
        let olds: Vec<Option<&Table>> = earlier.iter().map(|e| e.who.as_ref()).collect();
        candidate.who = settle(who, &olds, min_count, &mut kept);
        candidate.not_heard_from = candidate
            .who
            .as_ref()
            .map(summary::not_heard_from)
            .unwrap_or_default();
    }
    let questions = std::mem::take(&mut candidate.questions);
    for table in questions {
        let olds: Vec<Option<&Table>> = earlier
            .iter()
            .map(|e| e.questions.iter().find(|t| t.question == table.question))
            .collect();
        if let Some(settled) = settle(table, &olds, min_count, &mut kept) {
            candidate.questions.push(settled);
        }
    }
    let themes_fine = earlier.iter().all(|e| {
        theme_changes(&e.themes, &candidate.themes)
            .into_iter()
            .all(|c| safe(c, min_count))
    });
    if !themes_fine {
        candidate.themes = earlier[0].themes.clone();
        kept.push("comments by theme".to_owned());
    }
    if !kept.is_empty() {
        candidate.methods.push_str(&format!(
            " This revision keeps the figures already published for: {}. They changed by fewer \
             than {min_count} responses since an earlier revision, and publishing the change \
             would let those responses be worked out.",
            kept.join("; ")
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publishing::summary::Row;
    use Cell::{Shown, Suppressed};

    fn table(cells: &[Cell], total: Cell) -> Table {
        Table {
            question: "q".to_owned(),
            label: "Q".to_owned(),
            rows: cells
                .iter()
                .enumerate()
                .map(|(i, &count)| Row {
                    value: i.to_string(),
                    label: i.to_string(),
                    count,
                    percent: None,
                })
                .collect(),
            total,
            mean: None,
            mean_change: None,
        }
    }

    #[test]
    fn a_change_of_fewer_than_the_threshold_keeps_the_published_table() {
        let old = table(&[Shown(20), Shown(25)], Shown(45));
        let one_more = table(&[Shown(21), Shown(25)], Shown(46));
        let mut kept = Vec::new();
        assert_eq!(settle(one_more, &[Some(&old)], 5, &mut kept), Some(old));
        assert_eq!(kept, ["Q"]);
    }

    #[test]
    fn a_change_hidden_in_suppressed_cells_is_still_a_change_of_their_sum() {
        let old = table(&[Suppressed, Suppressed, Shown(40)], Shown(49));
        let new = table(&[Suppressed, Suppressed, Shown(40)], Shown(51));
        assert!(!table_changes(&old, &new).into_iter().all(|c| safe(c, 5)));
        let enough = table(&[Shown(6), Suppressed, Suppressed, Shown(45)], Shown(60));
        let before = table(&[Shown(0), Suppressed, Suppressed, Shown(40)], Shown(49));
        assert!(
            table_changes(&before, &enough)
                .into_iter()
                .all(|c| safe(c, 5))
        );
    }

    #[test]
    fn changes_of_at_least_the_threshold_are_published() {
        let old = table(&[Shown(20), Shown(25)], Shown(45));
        let new = table(&[Shown(26), Shown(25)], Shown(51));
        let mut kept = Vec::new();
        assert_eq!(settle(new.clone(), &[Some(&old)], 5, &mut kept), Some(new));
        assert!(kept.is_empty());
    }
}
