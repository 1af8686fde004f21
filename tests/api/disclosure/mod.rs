//! The proof that publications give no suppressed count away: every published figure of a
//! period, across all its public revisions, as linear equations in the counts behind it.

mod audit;
mod changes;
mod fraction;
mod random;
mod seeded;
mod traps;
mod two_way;

use std::collections::BTreeMap;
use yousaid::definitions::LoadedSurvey;
use yousaid::period::Period;
use yousaid::publishing::aggregate::{Facts, Mean, Tally};

/// The tiny fixture survey, loaded as the service would load it.
pub fn tiny() -> LoadedSurvey {
    let survey = yousaid::definitions::parse(
        "tiny",
        crate::fixtures::TINY,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
    )
    .survey
    .unwrap();
    LoadedSurvey {
        version: yousaid::definitions::Version::of(&survey),
        survey,
        source: std::sync::Arc::from(crate::fixtures::TINY),
        publisher: Default::default(),
    }
}

/// One respondent to the tiny survey.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer {
    /// 0 analyst, 1 journalist, 2 other.
    pub role: usize,
    pub score: Option<i64>,
    pub topics: [bool; 3],
}

const ROLES: [&str; 3] = ["analyst", "journalist", "other"];
const TOPICS: [&str; 3] = ["food", "farming", "fish"];

fn tallies(answers: &[Answer]) -> Vec<Tally> {
    let mut counts: BTreeMap<(String, String), i64> = BTreeMap::new();
    for a in answers {
        *counts
            .entry(("role".into(), ROLES[a.role].into()))
            .or_default() += 1;
        if let Some(s) = a.score {
            *counts.entry(("score".into(), s.to_string())).or_default() += 1;
        }
        for (t, chosen) in TOPICS.iter().zip(a.topics) {
            if chosen {
                *counts.entry(("topics".into(), (*t).into())).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .map(|((question, value), count)| Tally {
            question,
            value,
            count,
        })
        .collect()
}

fn means(answers: &[Answer]) -> Vec<Mean> {
    let scores: Vec<i64> = answers.iter().filter_map(|a| a.score).collect();
    if scores.is_empty() {
        return Vec::new();
    }
    let count = i64::try_from(scores.len()).unwrap();
    vec![Mean {
        question: "score".to_owned(),
        mean: scores.iter().sum::<i64>() as f64 / count as f64,
        count,
    }]
}

/// What the database would count for a Q3 with `now`'s answers after a Q2 with `before`'s.
pub fn facts(now: &[Answer], before: &[Answer], excluded: i64, themes: &[(&str, i64)]) -> Facts {
    let n = |a: &[Answer]| i64::try_from(a.len()).unwrap();
    Facts {
        period: Period::Quarter(2026, 3),
        responses: n(now),
        excluded,
        previous: vec![
            (Period::Quarter(2026, 1), 3),
            (Period::Quarter(2026, 2), n(before)),
        ],
        tallies: tallies(now),
        means: means(now),
        previous_means: means(before),
        previous_tallies: tallies(before),
        themes: themes.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect(),
        pages: Vec::new(),
    }
}

/// `n` respondents giving the same answers.
pub fn many(n: usize, role: usize, score: Option<i64>, topics: [bool; 3]) -> Vec<Answer> {
    vec![
        Answer {
            role,
            score,
            topics
        };
        n
    ]
}
