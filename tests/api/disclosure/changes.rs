//! Changes between two public revisions of a period: each cell and total both published, and
//! the suppressed cells of either taken together, must be nothing or at least the threshold.

use super::audit::{Combination, Revision, Shape, System};
use super::fraction::Fraction;
use std::collections::HashMap;
use yousaid::publishing::disclosure::Cell;
use yousaid::publishing::summary::Table;

fn change(sys: &System, a: &str, b: &str) -> Option<Combination> {
    let (Some(&x), Some(&y)) = (sys.keys.get(a), sys.keys.get(b)) else {
        return None;
    };
    Some(vec![(y, Fraction::int(1)), (x, Fraction::int(-1))])
}

fn suppressed_in(summary: &yousaid::publishing::summary::Summary, q: &str, value: &str) -> bool {
    summary
        .who
        .iter()
        .chain(&summary.questions)
        .filter(|t| t.question == q)
        .flat_map(|t| &t.rows)
        .any(|r| r.value == value && r.count == Cell::Suppressed)
}

fn table(sys: &mut System, revisions: &[Revision], (a, b): (usize, usize), t: &Table, s: Shape) {
    let q = &t.question;
    let mut union = Combination::new();
    for row in &t.rows {
        let v = &row.value;
        let Some(d) = change(sys, &format!("{a}/{q}/{v}"), &format!("{b}/{q}/{v}")) else {
            continue;
        };
        if row.count == Cell::Suppressed || suppressed_in(revisions[a].summary, q, v) {
            union.extend(d.clone());
        }
        let what = format!("the change of {q} = {v} from {a} to {b}");
        sys.groups.push((d, what, 0));
    }
    if s.additive && !union.is_empty() {
        let what = format!("the change of {q}'s suppressed cells from {a} to {b}");
        sys.groups.push((union, what, 0));
    }
    // A total that is the number of responses changes with it, and that is public.
    if !s.total_is_responses
        && let Some(d) = change(sys, &format!("{a}/{q}/T"), &format!("{b}/{q}/T"))
    {
        let what = format!("the change of {q}'s total from {a} to {b}");
        sys.groups.push((d, what, 0));
    }
}

/// Adds, for every pair of revisions that both published a table, its changes as groups.
pub(super) fn differences(
    sys: &mut System,
    revisions: &[Revision],
    published: &HashMap<(usize, String), Shape>,
) {
    for b in 0..revisions.len() {
        for a in 0..b {
            let later = revisions[b].summary;
            for t in later.who.iter().chain(&later.questions) {
                let q = t.question.clone();
                if let (Some(&shape), true) = (
                    published.get(&(b, q.clone())),
                    published.contains_key(&(a, q)),
                ) {
                    table(sys, revisions, (a, b), t, shape);
                }
            }
            for t in &later.themes {
                let key = |r: usize| format!("{r}/theme/{}", t.name);
                if let Some(d) = change(sys, &key(a), &key(b)) {
                    let what = format!("the change of theme {} from {a} to {b}", t.name);
                    sys.groups.push((d, what, 0));
                }
            }
        }
    }
}
