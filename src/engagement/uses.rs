//! What respondents use the statistics for: the team file's `uses` question of each survey,
//! counted over the statement's periods under the publications' disclosure control.

use super::facts::Facts;
use crate::definitions::{Kind, Language, LoadedSurvey, OTHER, Team};
use crate::i18n::{Msg, t};
use crate::publishing::disclosure::{Cell, protect};
use serde::Serialize;
use std::sync::Arc;

/// One use, and how many said it.
#[derive(Debug, Clone, Serialize)]
pub struct UseRow {
    pub label: String,
    pub count: Cell,
}

/// One survey's answers about what the statistics are used for.
#[derive(Debug, Clone, Serialize)]
pub struct UsesTable {
    pub survey: String,
    pub question: String,
    pub rows: Vec<UseRow>,
    /// Everyone who answered the survey in the periods (a person may give several uses).
    pub total: Cell,
}

/// The uses tables of `surveys`, whose facts per period are `by_period[period][survey]`.
/// A `uses` question answered in words has no table: its comments are coded into themes.
pub fn tables(
    team: Option<&Team>,
    surveys: &[&Arc<LoadedSurvey>],
    by_period: &[Vec<Facts>],
    min_count: u64,
    lang: Language,
) -> Vec<UsesTable> {
    let Some(team) = team else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, loaded) in surveys.iter().enumerate() {
        let survey = &loaded.survey;
        let Some(question) = team
            .uses_question(&survey.id)
            .and_then(|q| survey.question(q))
        else {
            continue;
        };
        let (options, other, additive) = match &question.kind {
            Kind::SingleChoice { options, other } => (options, *other, true),
            Kind::MultipleChoice { options, other, .. } => (options, *other, false),
            _ => continue,
        };
        let mut values: Vec<(String, String)> = options
            .iter()
            .map(|o| (o.value.clone(), o.label.get(lang).to_owned()))
            .collect();
        if other {
            values.push((OTHER.to_owned(), t(lang, Msg::Other).to_owned()));
        }
        let facts: Vec<&Facts> = by_period.iter().filter_map(|p| p.get(i)).collect();
        let counts: Vec<u64> = values
            .iter()
            .map(|(value, _)| {
                let key = (question.id.clone(), value.clone());
                facts.iter().filter_map(|f| f.answers.get(&key)).sum()
            })
            .collect();
        let total = if additive {
            counts.iter().sum()
        } else {
            facts.iter().map(|f| f.responses).sum()
        };
        // Nobody to count: a table of `[c]` would say less than leaving it out.
        if total == 0 {
            continue;
        }
        let protected = protect(&counts, total, min_count, additive);
        out.push(UsesTable {
            survey: survey.title.get(lang).to_owned(),
            question: question.label.get(lang).to_owned(),
            rows: values
                .into_iter()
                .zip(protected.cells)
                .map(|((_, label), count)| UseRow { label, count })
                .collect(),
            total: protected.total,
        });
    }
    out
}
