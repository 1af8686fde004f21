//! Two-way tables: every published row, column and margin as equations, by elimination.

use super::fraction::{Fraction, RowSpace};
use yousaid::publishing::disclosure::{Cell, Protected2, protect_two_way};

/// The suppressed entries (cells and margins) that the published table fixes, with values.
fn fixed(counts: &[Vec<u64>], p: &Protected2) -> Vec<(String, u64)> {
    let (rows, cols) = (counts.len(), counts[0].len());
    // Unknowns: the cells row by row, then row totals, column totals, the grand total.
    let cell = |r: usize, c: usize| r * cols + c;
    let row_total = |r: usize| rows * cols + r;
    let col_total = |c: usize| rows * cols + rows + c;
    let grand = rows * cols + rows + cols;
    let n = grand + 1;
    let mut value = vec![0_u64; n];
    let mut shown = vec![false; n];
    for r in 0..rows {
        for c in 0..cols {
            let v = counts[r][c];
            for i in [cell(r, c), row_total(r), col_total(c), grand] {
                value[i] += v;
            }
            shown[cell(r, c)] = p.cells[r][c] != Cell::Suppressed;
        }
        shown[row_total(r)] = p.row_totals[r] != Cell::Suppressed;
    }
    for c in 0..cols {
        shown[col_total(c)] = p.col_totals[c] != Cell::Suppressed;
    }
    shown[grand] = p.total != Cell::Suppressed;
    let mut space = RowSpace::default();
    let line = |members: Vec<usize>, total: usize| {
        let mut v = vec![Fraction::ZERO; n];
        for m in members {
            v[m] = Fraction::int(1);
        }
        v[total] = Fraction::int(-1);
        v
    };
    for r in 0..rows {
        space.add(line((0..cols).map(|c| cell(r, c)).collect(), row_total(r)));
    }
    for c in 0..cols {
        space.add(line((0..rows).map(|r| cell(r, c)).collect(), col_total(c)));
    }
    space.add(line((0..rows).map(row_total).collect(), grand));
    space.add(line((0..cols).map(col_total).collect(), grand));
    let unit = |i: usize| {
        let mut v = vec![Fraction::ZERO; n];
        v[i] = Fraction::int(1);
        v
    };
    for i in (0..n).filter(|&i| shown[i]) {
        space.add(unit(i));
    }
    (0..n)
        .filter(|&i| !shown[i] && space.contains(&unit(i)))
        .map(|i| (format!("entry {i}"), value[i]))
        .collect()
}

#[test]
fn a_table_with_two_suppressions_in_every_line_can_still_give_one_away_and_protect_does_not() {
    let counts = vec![
        vec![26, 4, 0, 3],
        vec![0, 0, 2, 8],
        vec![0, 26, 15, 2],
        vec![13, 16, 0, 13],
    ];
    // Two per line, the old way: every row and column holds two [c], yet the 3 follows from
    // row 1, columns 1-2 and row 4.
    let s = Cell::Suppressed;
    let shown = |v: u64| Cell::Shown(v);
    let two_per_line = Protected2 {
        cells: vec![
            vec![s, s, shown(0), s],
            vec![shown(0), shown(0), s, s],
            vec![shown(0), shown(26), s, s],
            vec![s, s, shown(0), shown(13)],
        ],
        row_totals: vec![shown(33), shown(10), shown(43), shown(42)],
        col_totals: vec![shown(39), shown(46), shown(17), shown(26)],
        total: shown(128),
    };
    let leaked = fixed(&counts, &two_per_line);
    assert!(leaked.iter().any(|(_, v)| *v == 3), "{leaked:?}");
    let p = protect_two_way(&counts, 4);
    assert_eq!(fixed(&counts, &p), Vec::new());
}

#[test]
fn random_two_way_tables_leave_no_suppressed_entry_fixed() {
    let mut rng = super::random::SplitMix(23);
    for _ in 0..1500 {
        let (rows, cols) = (1 + rng.below(5) as usize, 1 + rng.below(5) as usize);
        let counts: Vec<Vec<u64>> = (0..rows)
            .map(|_| (0..cols).map(|_| rng.count()).collect())
            .collect();
        let min = 1 + rng.below(6);
        let p = protect_two_way(&counts, min);
        let leaked = fixed(&counts, &p);
        assert!(
            leaked.iter().all(|(_, v)| *v == 0 || *v >= min),
            "{counts:?} (min {min}): a small suppressed entry is fixed: {leaked:?}"
        );
        assert_eq!(leaked, Vec::new(), "{counts:?} (min {min}): {p:?}");
    }
}
