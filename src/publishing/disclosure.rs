//! Statistical disclosure control for published counts: small counts are suppressed, and so is
//! any further value that would let a suppressed count be worked out from totals or other cells.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The marker official statistics tables use for a confidential value.
const MARKER: &str = "[c]";

/// A published number, or the official-statistics marker for a suppressed one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    /// A count that is safe to publish.
    Shown(u64),
    /// A count withheld for confidentiality.
    Suppressed,
}

impl Cell {
    /// `[c]`, as official statistics tables mark a suppressed value, or the number.
    pub fn display(&self) -> String {
        match self {
            Cell::Shown(n) => n.to_string(),
            Cell::Suppressed => MARKER.to_owned(),
        }
    }

    /// The value as a percentage of `total` to one decimal place, unless suppressed.
    pub fn percent_of(&self, total: Cell) -> Option<f64> {
        match (*self, total) {
            // A zero total has no meaningful percentage, so it is treated like a missing one.
            (Cell::Shown(n), Cell::Shown(t)) if t > 0 => {
                Some((n as f64 * 1000.0 / t as f64).round() / 10.0)
            }
            _ => None,
        }
    }
}

// Written by hand because `#[serde(untagged)]` would serialise the unit variant as `null`,
// and published JSON must carry the same `[c]` marker as the HTML and CSV tables.
impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Shown(n) => serializer.serialize_u64(*n),
            Cell::Suppressed => serializer.serialize_str(MARKER),
        }
    }
}

impl<'de> Deserialize<'de> for Cell {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Count(u64),
            Marker(String),
        }
        match Raw::deserialize(deserializer)? {
            Raw::Count(n) => Ok(Cell::Shown(n)),
            Raw::Marker(m) if m == MARKER => Ok(Cell::Suppressed),
            Raw::Marker(m) => Err(serde::de::Error::custom(format!(
                "expected a count or {MARKER}, found `{m}`"
            ))),
        }
    }
}

/// A one-way table after disclosure control.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Protected {
    /// One entry per option, in the order given.
    pub cells: Vec<Cell>,
    /// The number of respondents to the question.
    pub total: Cell,
}

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

/// The note published under any table with a suppressed value.
pub const NOTE: &str = "[c] Confidential: fewer than the survey's threshold of respondents, or a value that would let one be worked out, so not published.";

/// Whether a count needs primary suppression.
///
/// Zero is deliberately published: it says that nobody gave that answer, which reveals
/// nothing about any individual, and hiding zeros would only make tables harder to read.
fn below_threshold(count: u64, min_count: u64) -> bool {
    count > 0 && count < min_count
}

fn to_cell(value: u64, hidden: bool) -> Cell {
    if hidden {
        Cell::Suppressed
    } else {
        Cell::Shown(value)
    }
}

/// Secondary suppression over a set of additive lines.
///
/// Each line lists indexes into `values` whose members are linked by one published sum (the
/// cells of a row together with its total). A line with exactly one hidden member gives that
/// member away by subtraction, so the smallest non-zero shown member (the first on ties) is
/// hidden too; the smallest costs readers least. Hiding a value can expose another line, so
/// this repeats until nothing changes. Totals are candidates like cells, but as a total is at
/// least any of its cells it is only chosen when no other non-zero cell is left.
///
/// Two hidden members per line stops derivation from any single line; two-way tables also
/// need `close_one_bridge` against combinations of lines.
fn suppress_secondary(values: &[u64], hidden: &mut [bool], lines: &[Vec<usize>]) {
    loop {
        let mut changed = false;
        for line in lines {
            if line.iter().filter(|&&i| hidden[i]).count() != 1 {
                continue;
            }
            // Zeros are never chosen: hiding one protects nothing. With consistent totals a
            // non-zero partner always exists (the total at least), so `None` means the
            // caller's total disagreed with its cells and there is nothing better to hide.
            let partner = line
                .iter()
                .copied()
                .filter(|&i| !hidden[i] && values[i] > 0)
                .min_by_key(|&i| values[i]);
            if let Some(i) = partner {
                hidden[i] = true;
                changed = true;
            }
        }
        if !changed {
            return;
        }
    }
}

/// Makes one below-threshold value that is still exactly derivable safe; false if none is.
///
/// Read hidden entries of the margin-extended grid as edges joining their row to their column.
/// Each published sum is an equation at one row or column, and adding and subtracting whole
/// rows and columns pins down a hidden entry exactly when it is a bridge: when no cycle of
/// hidden entries runs through it. With two per line this still happens, e.g. when a small
/// cell is the only link between two rectangles of hidden cells. Hiding the cheapest chain of
/// shown non-zero entries that joins the bridge's two sides puts it on a cycle.
fn close_one_bridge(
    values: &[u64],
    hidden: &mut [bool],
    height: usize,
    width: usize,
    min_count: u64,
) -> bool {
    for e in 0..values.len() {
        if !hidden[e] || !below_threshold(values[e], min_count) {
            continue;
        }
        let (row, col) = (e / width, height + e % width);
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
fn reach(hidden: &[bool], height: usize, width: usize, skip: usize, start: usize) -> Vec<bool> {
    let mut seen = vec![false; height + width];
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
    let (row, col) = (i / width, height + i % width);
    (row == v).then_some(col).or((col == v).then_some(row))
}

/// Protects a one-way table. `additive`: the cells sum to `total` (single choice); false for
/// multiple choice, where one respondent can be in several cells.
pub fn protect(counts: &[u64], total: u64, min_count: u64, additive: bool) -> Protected {
    // "Fewer than N responded": with the total withheld, nothing about the question is shown,
    // zeros included, as otherwise the shown cells would narrow down the hidden ones.
    if below_threshold(total, min_count) {
        return Protected {
            cells: vec![Cell::Suppressed; counts.len()],
            total: Cell::Suppressed,
        };
    }
    // The total is the last member of the single line, so it loses ties with cells.
    let mut values = counts.to_vec();
    values.push(total);
    let mut hidden: Vec<bool> = values
        .iter()
        .map(|&v| below_threshold(v, min_count))
        .collect();
    // Multiple-choice cells overlap, so total minus the shown cells is not the hidden one.
    if additive {
        let line: Vec<usize> = (0..values.len()).collect();
        suppress_secondary(&values, &mut hidden, &[line]);
    }
    let mut cells: Vec<Cell> = values
        .iter()
        .zip(&hidden)
        .map(|(&v, &h)| to_cell(v, h))
        .collect();
    let total = cells.pop().unwrap_or(Cell::Suppressed);
    Protected { cells, total }
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
    let width = cols + 1;
    let at = |r: usize, c: usize| r * width + c;
    let mut values = vec![0_u64; (rows + 1) * width];
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
            suppress_secondary(&values, &mut hidden, &lines);
            if !close_one_bridge(&values, &mut hidden, rows + 1, width, min_count) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use Cell::{Shown, Suppressed};

    /// A tiny deterministic PRNG (SplitMix64), so the property tests need no `rand` crate.
    struct SplitMix(u64);

    impl SplitMix {
        fn below(&mut self, n: u64) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            (z ^ (z >> 31)) % n
        }

        /// Mostly small counts, so that suppression actually happens, with some zeros.
        fn count(&mut self) -> u64 {
            match self.below(4) {
                0 => 0,
                1 => self.below(5),
                _ => self.below(30),
            }
        }
    }

    /// Checks one line (cells plus their total) against its input and the threshold.
    fn check_line(counts: &[u64], total: u64, cells: &[Cell], shown_total: Cell, min: u64) {
        let members = counts
            .iter()
            .chain([&total])
            .zip(cells.iter().chain([&shown_total]));
        for (&count, &cell) in members.clone() {
            if below_threshold(count, min) {
                assert_eq!(cell, Suppressed, "{count} is below {min} but shown");
            }
            if let Shown(n) = cell {
                assert_eq!(n, count, "a shown value differs from the input");
            }
        }
        let hidden = members.filter(|(_, c)| **c == Suppressed).count();
        let hidden_cells = cells.iter().filter(|c| **c == Suppressed).count();
        assert!(
            hidden_cells != 1 || shown_total == Suppressed,
            "exactly one suppressed cell under a shown total: {counts:?} -> {cells:?}"
        );
        // Stronger: a hidden total with every cell shown could be summed back up.
        assert_ne!(
            hidden, 1,
            "one suppressed value is derivable: {counts:?}, {total}"
        );
    }

    /// Checks every row, column and the margins of a protected two-way table.
    fn check_two_way(counts: &[Vec<u64>], min: u64, p: &Protected2) {
        let row_sums: Vec<u64> = counts.iter().map(|r| r.iter().sum()).collect();
        let col_sums: Vec<u64> = (0..counts[0].len())
            .map(|c| counts.iter().map(|r| r[c]).sum())
            .collect();
        let grand: u64 = row_sums.iter().sum();
        for (r, row) in counts.iter().enumerate() {
            check_line(row, row_sums[r], &p.cells[r], p.row_totals[r], min);
        }
        for (c, &sum) in col_sums.iter().enumerate() {
            let column: Vec<u64> = counts.iter().map(|r| r[c]).collect();
            let cells: Vec<Cell> = p.cells.iter().map(|r| r[c]).collect();
            check_line(&column, sum, &cells, p.col_totals[c], min);
        }
        check_line(&row_sums, grand, &p.row_totals, p.total, min);
        check_line(&col_sums, grand, &p.col_totals, p.total, min);
        // Nor may one follow from adding and subtracting several rows and columns.
        let mut grid: Vec<(u64, Cell)> = Vec::new();
        for (r, row) in counts.iter().enumerate() {
            grid.extend(row.iter().copied().zip(p.cells[r].iter().copied()));
            grid.push((row_sums[r], p.row_totals[r]));
        }
        grid.extend(col_sums.iter().copied().zip(p.col_totals.iter().copied()));
        grid.push((grand, p.total));
        let hidden: Vec<bool> = grid.iter().map(|(_, c)| *c == Suppressed).collect();
        let (height, width) = (counts.len() + 1, col_sums.len() + 1);
        for (e, &(v, _)) in grid.iter().enumerate() {
            if hidden[e] && below_threshold(v, min) {
                let side = reach(&hidden, height, width, e, e / width);
                assert!(side[height + e % width], "{v} is derivable in {counts:?}");
            }
        }
    }

    #[test]
    fn nothing_is_suppressed_when_every_count_meets_the_threshold() {
        let p = protect(&[12, 5, 30], 47, 5, true);
        assert_eq!(p.cells, vec![Shown(12), Shown(5), Shown(30)]);
        assert_eq!(p.total, Shown(47));
    }

    #[test]
    fn a_single_small_cell_forces_the_smallest_other_non_zero_cell_to_be_suppressed() {
        let p = protect(&[20, 3, 9, 14], 46, 5, true);
        assert_eq!(p.cells, vec![Shown(20), Suppressed, Suppressed, Shown(14)]);
        assert_eq!(p.total, Shown(46));
    }

    #[test]
    fn ties_for_secondary_suppression_go_to_the_first_cell() {
        let p = protect(&[8, 2, 8], 18, 5, true);
        assert_eq!(p.cells, vec![Suppressed, Suppressed, Shown(8)]);
    }

    #[test]
    fn two_small_cells_protect_each_other_without_further_suppression() {
        let p = protect(&[2, 3, 9], 14, 5, true);
        assert_eq!(p.cells, vec![Suppressed, Suppressed, Shown(9)]);
    }

    #[test]
    fn zero_cells_stay_shown_and_are_never_picked_for_secondary_suppression() {
        let p = protect(&[0, 4, 0, 11, 7], 22, 5, true);
        assert_eq!(
            p.cells,
            vec![Shown(0), Suppressed, Shown(0), Shown(11), Suppressed]
        );
    }

    #[test]
    fn a_total_below_the_threshold_suppresses_every_cell() {
        let p = protect(&[2, 0, 1], 3, 5, true);
        assert_eq!(p.cells, vec![Suppressed; 3]);
        assert_eq!(p.total, Suppressed);
    }

    #[test]
    fn a_question_nobody_answered_is_published_as_zeros() {
        let p = protect(&[0, 0], 0, 5, true);
        assert_eq!(p.cells, vec![Shown(0), Shown(0)]);
        assert_eq!(p.total, Shown(0));
    }

    #[test]
    fn multiple_choice_questions_get_no_secondary_suppression() {
        let p = protect(&[3, 9, 14], 20, 5, false);
        assert_eq!(p.cells, vec![Suppressed, Shown(9), Shown(14)]);
        assert_eq!(p.total, Shown(20));
    }

    #[test]
    fn percentages_of_suppressed_cells_are_none() {
        let p = protect(&[3, 9, 14], 26, 5, true);
        let percents: Vec<_> = p.cells.iter().map(|c| c.percent_of(p.total)).collect();
        assert_eq!(percents, vec![None, None, Some(53.8)]);
        assert_eq!(Shown(1).percent_of(Suppressed), None);
        assert_eq!(Shown(0).percent_of(Shown(0)), None);
    }

    #[test]
    fn cells_display_and_serialise_as_the_number_or_the_marker() {
        assert_eq!(Shown(42).display(), "42");
        assert_eq!(Suppressed.display(), "[c]");
        let json = serde_json::to_string(&protect(&[3, 9, 14], 26, 5, true)).unwrap();
        assert_eq!(json, r#"{"cells":["[c]","[c]",14],"total":26}"#);
        assert!(NOTE.starts_with(MARKER));
    }

    #[test]
    fn one_suppressed_cell_in_a_two_way_table_forces_suppressions_in_its_row_and_column() {
        let counts = vec![vec![10, 2, 8], vec![7, 9, 12], vec![11, 6, 15]];
        let p = protect_two_way(&counts, 5);
        let pattern: Vec<Vec<bool>> = p
            .cells
            .iter()
            .map(|r| r.iter().map(|c| *c == Suppressed).collect())
            .collect();
        // 2 is primary; 8 and 6 protect it in its row and column, then 12, 7 and 11 protect
        // those, closing a cycle through every row and column.
        let expected = [
            [false, true, true],
            [true, false, true],
            [true, true, false],
        ];
        assert_eq!(pattern, expected.map(Vec::from).to_vec());
        assert_eq!(p.row_totals, vec![Shown(20), Shown(28), Shown(32)]);
        assert_eq!(p.col_totals, vec![Shown(28), Shown(17), Shown(35)]);
        assert_eq!(p.total, Shown(80));
        check_two_way(&counts, 5, &p);
    }

    #[test]
    fn a_small_cell_linking_two_blocks_of_suppressions_is_not_left_derivable() {
        let counts = vec![
            vec![26, 4, 0, 3],
            vec![0, 0, 2, 8],
            vec![0, 26, 15, 2],
            vec![13, 16, 0, 13],
        ];
        let p = protect_two_way(&counts, 4);
        // Two per line hides 26, 4, 3 / 2, 8 / 15, 2 / 13, 16, yet the 3 would follow from
        // row 1, columns 1-2 and row 4: 33 - (39 + 20 - 29). Hiding the last 13 prevents it.
        assert_eq!(p.cells[0][3], Suppressed);
        assert_eq!(p.cells[3][3], Suppressed);
        check_two_way(&counts, 4, &p);
    }

    #[test]
    fn a_small_margin_in_a_two_way_table_is_suppressed_and_protected() {
        let counts = vec![vec![1, 0, 2], vec![9, 6, 12], vec![10, 7, 20]];
        let p = protect_two_way(&counts, 5);
        assert_eq!(p.row_totals[0], Suppressed);
        assert_eq!(p.cells[0][1], Shown(0));
        check_two_way(&counts, 5, &p);
    }

    #[test]
    fn a_two_way_grand_total_below_the_threshold_suppresses_everything() {
        let p = protect_two_way(&[vec![1, 0], vec![2, 0]], 5);
        assert_eq!(p.cells, vec![vec![Suppressed; 2]; 2]);
        assert_eq!(p.row_totals, vec![Suppressed; 2]);
        assert_eq!(p.col_totals, vec![Suppressed; 2]);
        assert_eq!(p.total, Suppressed);
    }

    #[test]
    fn random_one_way_tables_never_leave_a_suppressed_value_derivable() {
        let mut rng = SplitMix(7);
        for _ in 0..2000 {
            let counts: Vec<u64> = (0..=rng.below(6)).map(|_| rng.count()).collect();
            let total = counts.iter().sum();
            let min = 1 + rng.below(6);
            let p = protect(&counts, total, min, true);
            check_line(&counts, total, &p.cells, p.total, min);
        }
    }

    #[test]
    fn random_two_way_tables_never_leave_a_lone_suppression_or_a_derivable_small_value() {
        let mut rng = SplitMix(11);
        for _ in 0..2000 {
            let (rows, cols) = (1 + rng.below(5), 1 + rng.below(5));
            let counts: Vec<Vec<u64>> = (0..rows)
                .map(|_| (0..cols).map(|_| rng.count()).collect())
                .collect();
            let min = 1 + rng.below(6);
            let p = protect_two_way(&counts, min);
            check_two_way(&counts, min, &p);
        }
    }
}
