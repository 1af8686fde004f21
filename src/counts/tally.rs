//! What a stretch of time counted, and the rows the database sums it from.

use sea_orm::FromQueryResult;
use std::collections::BTreeMap;

/// One value's tally: answers, and the sum and count of the numbers among them.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tally {
    pub answers: i64,
    pub number_sum: f64,
    pub number_count: i64,
}

/// What a stretch of time counted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counts {
    /// Responses by status.
    pub statuses: BTreeMap<String, i64>,
    /// Counted responses' answers by (question, value); free text (empty value) is left out.
    pub tallies: BTreeMap<(String, String), Tally>,
}

impl Counts {
    pub(super) fn from_rows(statuses: Vec<StatusRow>, tallies: Vec<TallyRow>) -> Self {
        Counts {
            statuses: statuses.into_iter().map(|r| (r.status, r.n)).collect(),
            tallies: tallies
                .into_iter()
                .map(|r| {
                    let tally = Tally {
                        answers: r.n,
                        number_sum: r.number_sum.unwrap_or(0.0),
                        number_count: r.number_count,
                    };
                    ((r.question, r.value), tally)
                })
                .collect(),
        }
    }

    pub(super) fn add(&mut self, other: Counts) {
        for (status, n) in other.statuses {
            let mine = self.statuses.entry(status).or_default();
            *mine = mine.saturating_add(n);
        }
        for (key, t) in other.tallies {
            let mine = self.tallies.entry(key).or_default();
            mine.answers = mine.answers.saturating_add(t.answers);
            mine.number_sum += t.number_sum;
            mine.number_count = mine.number_count.saturating_add(t.number_count);
        }
    }
}

#[derive(FromQueryResult)]
pub(super) struct StatusRow {
    pub status: String,
    pub n: i64,
}

#[derive(FromQueryResult)]
pub(super) struct TallyRow {
    pub question: String,
    pub value: String,
    pub n: i64,
    pub number_sum: Option<f64>,
    pub number_count: i64,
}
