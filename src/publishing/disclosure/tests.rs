use super::two_way::reach;
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
    if shown_total != Suppressed && hidden_cells >= 2 {
        let sum: u64 = counts
            .iter()
            .zip(cells)
            .filter(|(_, c)| **c == Suppressed)
            .map(|(v, _)| *v)
            .sum();
        assert!(
            sum >= min && sum > hidden_cells as u64,
            "the hidden cells' sum {sum} is small or fixes them: {counts:?} -> {cells:?}"
        );
    }
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
fn two_suppressed_ones_in_a_line_get_a_third_suppression_so_neither_is_fixed() {
    // Zeros are shown, so a hidden cell is at least 1: two hidden cells summing to 2 are both
    // 1, and each of those two respondents would know the other's answer.
    let p = protect(&[1, 1, 40, 12], 54, 5, true);
    assert_eq!(p.cells, vec![Suppressed, Suppressed, Shown(40), Suppressed]);
}

#[test]
fn hidden_cells_that_together_fall_below_the_threshold_get_another_partner() {
    let p = protect(&[2, 1, 30, 9], 42, 5, true);
    assert_eq!(p.cells, vec![Suppressed, Suppressed, Shown(30), Suppressed]);
    let many_ones = protect(&[1, 1, 1, 1, 1, 1, 20], 26, 5, true);
    assert_eq!(
        many_ones.cells[6], Suppressed,
        "six 1s summing to 6 fix each other"
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
