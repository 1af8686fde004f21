//! Two-way tables: rows and columns with their margins, where suppressing two per line is not
//! always enough, because whole rows and columns can be added and subtracted.

use super::{Cell, below_threshold, suppress_secondary, to_cell};
use serde::Serialize;

/// A two-way table after disclosure control: `cells[row][col]`, row and column totals, grand total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Protected2 {
    /// The body of the table, in the shape it was given.
    pub cells: Vec<Vec<Cell>>,
    /// One total per row.
    pub row_totals: Vec<Cell>,
    /// One total per column.
    pub col_totals: Vec<Cell>,
    /// The grand total.
    pub total: Cell,
}

/// Makes one hidden value that is still exactly derivable safe; false if none is.
///
/// Read hidden entries of the margin-extended grid as edges joining their row to their column.
/// Each published sum is an equation at one row or column, and adding and subtracting whole
/// rows and columns pins down a hidden entry exactly when it is a bridge: when no cycle of
/// hidden entries runs through it. With two per line this still happens, e.g. when a small
/// cell is the only link between two rectangles of hidden cells. Hiding the cheapest chain of
/// shown non-zero entries that joins the bridge's two sides puts it on a cycle.
///
/// Secondary suppressions are made safe too: a `[c]` anyone can work out is published in
/// effect, and says which way the values around it went.
fn close_one_bridge(values: &[u64], hidden: &mut [bool], height: usize, width: usize) -> bool {
    for e in 0..values.len() {
        if !hidden[e] {
            continue;
        }
        let Some((row, col)) = ends(e, height, width) else {
            continue;
        };
        let row_side = reach(hidden, height, width, e, row);
        if row_side[col] {
            continue;
        }
        let col_side = reach(hidden, height, width, e, col);
        // Dijkstra from the row side to the column side over shown non-zero entries, costed
        // by value so that as little as possible is withheld; zeros protect nothing.
        let mut cost: Vec<Option<u64>> = row_side.iter().map(|&s| s.then_some(0)).collect();
        let mut via: Vec<Option<usize>> = vec![None; cost.len()];
        let mut done = vec![false; cost.len()];
        while let Some(v) = (0..cost.len())
            .filter(|&v| !done[v])
            .filter_map(|v| cost[v].map(|c| (c, v)))
            .min()
            .map(|(_, v)| v)
        {
            if col_side[v] {
                let mut at = Some(v);
                while let Some(i) = at.and_then(|v| via[v]) {
                    hidden[i] = true;
                    at = at.and_then(|v| across(i, v, height, width));
                }
                return true;
            }
            done[v] = true;
            for i in (0..values.len()).filter(|&i| !hidden[i] && values[i] > 0) {
                let Some(next) = across(i, v, height, width) else {
                    continue;
                };
                let through = cost[v].unwrap_or(0).saturating_add(values[i]);
                if cost[next].is_none_or(|c| through < c) {
                    cost[next] = Some(through);
                    via[next] = Some(i);
                }
            }
        }
        // No chain of non-zero entries joins the sides; nothing short of hiding zeros helps.
    }
    false
}

/// Rows (`0..height`) and columns (`height..`) linked to `start` through hidden entries other
/// than `skip`.
pub(super) fn reach(
    hidden: &[bool],
    height: usize,
    width: usize,
    skip: usize,
    start: usize,
) -> Vec<bool> {
    let mut seen = vec![false; height.saturating_add(width)];
    seen[start] = true;
    let mut stack = vec![start];
    while let Some(v) = stack.pop() {
        let linked = (0..hidden.len()).filter(|&i| hidden[i] && i != skip);
        for next in linked.filter_map(|i| across(i, v, height, width)) {
            if !seen[next] {
                seen[next] = true;
                stack.push(next);
            }
        }
    }
    seen
}

/// The row or column at the other end of grid entry `i` from `v`, if `i` lies on `v`.
fn across(i: usize, v: usize, height: usize, width: usize) -> Option<usize> {
    let (row, col) = ends(i, height, width)?;
    (row == v).then_some(col).or((col == v).then_some(row))
}

/// The row and the column (`height..`) grid entry `i` lies on; none for a zero width.
fn ends(i: usize, height: usize, width: usize) -> Option<(usize, usize)> {
    let col = height.checked_add(i.checked_rem(width)?)?;
    Some((i.checked_div(width)?, col))
}

/// Protects a two-way table whose cells sum to their row and column totals.
pub fn protect_two_way(counts: &[Vec<u64>], min_count: u64) -> Protected2 {
    let rows = counts.len();
    // Short rows are read as having zeros in the missing columns; the output keeps the
    // caller's shape, and a zero is never hidden for its own sake anyway.
    let cols = counts.iter().map(Vec::len).max().unwrap_or(0);
    // The table with its margins as one (rows + 1) x (cols + 1) grid: the column totals are
    // the last row, the row totals the last column and the grand total the corner. Every row
    // and column of this grid is then a line of values linked by one sum, margins included.
    // Sizes and places saturate: a grid too big for memory fails to allocate, never wraps.
    let (height, width) = (rows.saturating_add(1), cols.saturating_add(1));
    let at = |r: usize, c: usize| r.saturating_mul(width).saturating_add(c);
    let mut values = vec![0_u64; height.saturating_mul(width)];
    for (r, row) in counts.iter().enumerate() {
        for (c, &v) in row.iter().enumerate() {
            for i in [at(r, c), at(r, cols), at(rows, c), at(rows, cols)] {
                values[i] = values[i].saturating_add(v);
            }
        }
    }
    let hidden = if below_threshold(values[at(rows, cols)], min_count) {
        // "Fewer than N" for the whole table, as for a one-way table.
        vec![true; values.len()]
    } else {
        // A margin below the threshold is suppressed like any count. Its non-zero cells are
        // no bigger than it, so they are already suppressed; its zeros can stay shown.
        let mut hidden: Vec<bool> = values
            .iter()
            .map(|&v| below_threshold(v, min_count))
            .collect();
        let mut lines: Vec<Vec<usize>> = (0..=rows)
            .map(|r| (0..=cols).map(|c| at(r, c)).collect())
            .collect();
        lines.extend((0..=cols).map(|c| (0..=rows).map(|r| at(r, c)).collect()));
        // Two per line is not always enough: see `close_one_bridge`.
        loop {
            suppress_secondary(&values, &mut hidden, &lines, min_count);
            if !close_one_bridge(&values, &mut hidden, height, width) {
                break hidden;
            }
        }
    };
    let show = |r: usize, c: usize| to_cell(values[at(r, c)], hidden[at(r, c)]);
    Protected2 {
        cells: counts
            .iter()
            .enumerate()
            .map(|(r, row)| (0..row.len()).map(|c| show(r, c)).collect())
            .collect(),
        row_totals: (0..rows).map(|r| show(r, cols)).collect(),
        col_totals: (0..cols).map(|c| show(rows, c)).collect(),
        total: show(rows, cols),
    }
}
