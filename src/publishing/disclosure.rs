//! Statistical disclosure control for published counts: small counts are suppressed, and so is
//! any further value that would let a suppressed count be worked out from totals or other cells.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

mod two_way;

pub use two_way::{Protected2, protect_two_way};

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

/// The note published under any table with a suppressed value.
pub const NOTE: &str = "[c] Confidential: fewer than the survey's threshold of respondents, or a value that would let one be worked out, so not published.";

/// Whether a count needs primary suppression.
///
/// Zero is deliberately published: it says that nobody gave that answer, which reveals
/// nothing about any individual, and hiding zeros would only make tables harder to read.
pub(crate) fn below_threshold(count: u64, min_count: u64) -> bool {
    count > 0 && count < min_count
}

fn to_cell(value: u64, hidden: bool) -> Cell {
    if hidden {
        Cell::Suppressed
    } else {
        Cell::Shown(value)
    }
}

/// Whether a line's hidden members can still be worked out, exactly or nearly.
///
/// One hidden member is given away by subtraction. Several hidden under a shown total (the
/// total is a line's last member) are given away together: their sum is the total minus the
/// shown cells, so it must itself pass the threshold. And as zeros are always shown, every
/// hidden cell is known to be at least 1: a sum no bigger than their number (two hidden 1s)
/// fixes each of them, and lets each respondent in one of them count the others.
fn exposed(values: &[u64], hidden: &[bool], line: &[usize], min_count: u64) -> bool {
    let members: Vec<usize> = line.iter().copied().filter(|&i| hidden[i]).collect();
    match members.len() {
        0 => false,
        1 => true,
        n => {
            let total_shown = line.last().is_some_and(|&t| !hidden[t]);
            let sum: u64 = members.iter().map(|&i| values[i]).sum();
            total_shown && (sum < min_count || sum <= n as u64)
        }
    }
}

/// Secondary suppression over a set of additive lines.
///
/// Each line lists indexes into `values` whose members are linked by one published sum (the
/// cells of a row, then its total). While a line is `exposed`, the smallest non-zero shown
/// member (the first on ties) is hidden too; the smallest costs readers least. Hiding a value
/// can expose another line, so this repeats until nothing changes. Totals are candidates like
/// cells, but as a total is at least any of its cells it is only chosen when no other non-zero
/// cell is left.
///
/// This stops derivation from any single line; two-way tables also need `close_one_bridge`
/// against combinations of lines.
fn suppress_secondary(values: &[u64], hidden: &mut [bool], lines: &[Vec<usize>], min_count: u64) {
    loop {
        let mut changed = false;
        for line in lines {
            if !exposed(values, hidden, line, min_count) {
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
        suppress_secondary(&values, &mut hidden, &[line], min_count);
    }
    let mut cells: Vec<Cell> = values
        .iter()
        .zip(&hidden)
        .map(|(&v, &h)| to_cell(v, h))
        .collect();
    let total = cells.pop().unwrap_or(Cell::Suppressed);
    Protected { cells, total }
}

#[cfg(test)]
mod tests;
