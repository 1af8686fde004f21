//! What a stretch of time counted, and the rows the database sums it from.

use sea_orm::FromQueryResult;
use std::collections::BTreeMap;

/// One value's tally: answers, and the sum and count of the numbers among them.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tally {
    pub answers: i64,
    pub number_sum: f64,
    pub number_count: i64,
    /// Answers that carried text: every free-text answer, and "Other" with its text.
    pub texts: i64,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.answers = self.answers.saturating_add(other.answers);
        self.number_sum += other.number_sum;
        self.number_count = self.number_count.saturating_add(other.number_count);
        self.texts = self.texts.saturating_add(other.texts);
    }
}

/// What a stretch of time counted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counts {
    /// Responses by status.
    pub statuses: BTreeMap<String, i64>,
    /// Of those, the ones that arrived through a link another user shared, by status.
    pub referred: BTreeMap<String, i64>,
    /// Counted responses' answers by (question, value); free text (empty value) is left out.
    pub tallies: BTreeMap<(String, String), Tally>,
    /// Counted responses' free-text answers, by question.
    pub free_text: BTreeMap<String, Tally>,
}

impl Counts {
    pub(super) fn from_rows(statuses: Vec<StatusRow>, tallies: Vec<TallyRow>) -> Self {
        let mut counts = Counts::default();
        for r in statuses {
            counts.referred.insert(r.status.clone(), r.referred);
            counts.statuses.insert(r.status, r.n);
        }
        for r in tallies {
            let tally = Tally {
                answers: r.n,
                number_sum: r.number_sum.unwrap_or(0.0),
                number_count: r.number_count,
                texts: r.texts,
            };
            counts.put(r.question, r.value, tally);
        }
        counts
    }

    /// Adds `tally` to the count of `value` of `question`.
    fn put(&mut self, question: String, value: String, tally: Tally) {
        let mine = if value.is_empty() {
            self.free_text.entry(question).or_default()
        } else {
            self.tallies.entry((question, value)).or_default()
        };
        mine.add(tally);
    }

    pub(super) fn add(&mut self, other: Counts) {
        for (status, n) in other.statuses {
            let mine = self.statuses.entry(status).or_default();
            *mine = mine.saturating_add(n);
        }
        for (status, n) in other.referred {
            let mine = self.referred.entry(status).or_default();
            *mine = mine.saturating_add(n);
        }
        for ((question, value), t) in other.tallies {
            self.put(question, value, t);
        }
        for (question, t) in other.free_text {
            self.put(question, String::new(), t);
        }
    }

    /// Every (question, value) with its tally, free text under an empty value: as stored.
    pub(super) fn rows(self) -> impl Iterator<Item = ((String, String), Tally)> {
        let free = self
            .free_text
            .into_iter()
            .map(|(question, t)| ((question, String::new()), t));
        self.tallies.into_iter().chain(free)
    }

    /// Answers that carried text, of every question: the comments a team can code.
    pub fn comments(&self) -> i64 {
        self.tallies
            .values()
            .chain(self.free_text.values())
            .fold(0, |n, t| n.saturating_add(t.texts))
    }
}

#[derive(FromQueryResult)]
pub(super) struct StatusRow {
    pub status: String,
    pub n: i64,
    pub referred: i64,
}

#[derive(FromQueryResult)]
pub(super) struct TallyRow {
    pub question: String,
    pub value: String,
    pub n: i64,
    pub number_sum: Option<f64>,
    pub number_count: i64,
    pub texts: i64,
}
