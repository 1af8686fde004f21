//! The one model of a period's "you said, we did" summary that every format renders from,
//! with disclosure control already applied: nothing below the threshold leaves this module.

use super::aggregate::Facts;
use super::disclosure::{Cell, protect};
use crate::definitions::{Kind, Language, LoadedSurvey, OTHER, rating_points};
use crate::period::Period;
use crate::workspace::actions::{ActionView, Status};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;

/// The version of the published JSON schema (docs/publishing.md); bump it on any breaking change.
pub const SCHEMA: &str = "yousaid-summary/1";

/// A user type makes up less than this share of responses: "very under-represented".
const UNDER_REPRESENTED: f64 = 5.0;

/// One option of a closed question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub value: String,
    pub label: String,
    pub count: Cell,
    /// Per cent of the question's total, to one decimal place; none when suppressed.
    pub percent: Option<f64>,
}

/// A closed question's distribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub question: String,
    pub label: String,
    pub rows: Vec<Row>,
    /// Respondents who answered (single choice) or all respondents (multiple choice).
    pub total: Cell,
    /// Ratings: the mean, when enough people answered, and its change since last period.
    pub mean: Option<f64>,
    pub mean_change: Option<f64>,
}

/// An action as the public sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicAction {
    pub title: String,
    pub description: String,
    pub status: Status,
    pub reason: Option<String>,
    /// Themes of comments this action answers.
    pub themes: Vec<String>,
}

/// Counted responses in one earlier period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub period: Period,
    pub responses: Cell,
}

/// Comments tagged with one theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeCount {
    pub name: String,
    pub comments: Cell,
}

/// A comment a producer chose and approved, after redaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub text: String,
    /// The question it answered.
    pub question: String,
}

/// What a summary is built from besides the counts.
#[derive(Debug, Clone, Default)]
pub struct Material {
    /// The survey's actions (only public ones appear).
    pub actions: Vec<ActionView>,
    /// Theme names by id, to name the themes an action answers.
    pub theme_names: HashMap<Uuid, String>,
    /// Approved quotes from this period's counted responses.
    pub quotes: Vec<Quote>,
}

/// A period's summary, ready to publish.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub survey: String,
    pub title: String,
    pub period: Period,
    pub min_count: u64,
    /// Counted responses; suppressed below the threshold, in which case nothing else is shown.
    pub responses: Cell,
    /// Counted responses in earlier periods, oldest first.
    pub trend: Vec<TrendPoint>,
    /// Per cent of all responses left out as spam or suspected bots.
    pub excluded_percent: Option<f64>,
    /// Who answered, when the survey says which question tells.
    pub who: Option<Table>,
    /// User types with no, or very few, responses.
    pub not_heard_from: Vec<String>,
    pub questions: Vec<Table>,
    /// Comments per theme.
    pub themes: Vec<ThemeCount>,
    /// Comments the team chose to quote, with personal details removed.
    pub quotes: Vec<Quote>,
    /// Public actions that are planned, in progress or done.
    pub actions: Vec<PublicAction>,
    /// Public actions the team cannot take, each with its reason.
    pub cannot_do: Vec<PublicAction>,
    pub methods: String,
    /// How users reach the team, from the survey's `publish.contact`.
    pub contact: Option<String>,
}

fn shown(n: i64, min_count: u64) -> Cell {
    let n = u64::try_from(n).unwrap_or(0);
    protect(&[], n, min_count, true).total
}

/// Builds the summary of `facts`.
pub fn build(loaded: &LoadedSurvey, facts: &Facts, material: &Material) -> Summary {
    let actions = &material.actions;
    let survey = &loaded.survey;
    let lang = Language::En;
    let min_count = u64::from(survey.publish.min_count);
    let responses = shown(facts.responses, min_count);
    let enough = matches!(responses, Cell::Shown(_));
    let all = facts.responses + facts.excluded;
    let mut questions = Vec::new();
    let mut who = None;
    let mut not_heard_from = Vec::new();
    for q in &survey.questions {
        let (options, other, additive) = match &q.kind {
            Kind::SingleChoice { options, other } => (options.clone(), *other, true),
            Kind::MultipleChoice { options, other, .. } => (options.clone(), *other, false),
            Kind::YesNo | Kind::Rating { .. } => (Vec::new(), false, true),
            _ => continue,
        };
        let mut values: Vec<(String, String)> = options
            .iter()
            .map(|o| (o.value.clone(), o.label.get(lang).to_owned()))
            .collect();
        match &q.kind {
            Kind::YesNo => values = vec![("yes".into(), "Yes".into()), ("no".into(), "No".into())],
            Kind::Rating { min, max, .. } => {
                values = rating_points(*min, *max)
                    .map(|n| (n.to_string(), n.to_string()))
                    .collect()
            }
            _ => {}
        }
        if other {
            values.push((OTHER.to_owned(), "Other".to_owned()));
        }
        let counts: Vec<u64> = values
            .iter()
            .map(|(v, _)| {
                facts
                    .tallies
                    .iter()
                    .find(|t| t.question == q.id && &t.value == v)
                    .map_or(0, |t| u64::try_from(t.count).unwrap_or(0))
            })
            .collect();
        let total = if additive {
            counts.iter().sum()
        } else {
            u64::try_from(facts.responses).unwrap_or(0)
        };
        let protected = protect(&counts, total, min_count, additive);
        let rows = values
            .into_iter()
            .zip(protected.cells)
            .map(|((value, label), count)| Row {
                percent: count.percent_of(protected.total),
                value,
                label,
                count,
            })
            .collect::<Vec<_>>();
        let mean = facts
            .means
            .iter()
            .find(|m| m.question == q.id && u64::try_from(m.count).unwrap_or(0) >= min_count)
            .map(|m| (m.mean * 100.0).round() / 100.0);
        let before = facts
            .previous_means
            .iter()
            .find(|m| m.question == q.id && u64::try_from(m.count).unwrap_or(0) >= min_count);
        let table = Table {
            question: q.id.clone(),
            label: q.label.get(lang).to_owned(),
            mean_change: mean
                .zip(before)
                .map(|(now, b)| ((now - b.mean) * 100.0).round() / 100.0),
            mean,
            rows,
            total: protected.total,
        };
        if survey.user_types.as_deref() == Some(q.id.as_str()) {
            not_heard_from = table
                .rows
                .iter()
                .filter(|r| r.value != OTHER && r.percent.is_none_or(|p| p < UNDER_REPRESENTED))
                .map(|r| r.label.clone())
                .collect();
            who = Some(table);
        } else {
            questions.push(table);
        }
    }
    let public = |wanted: bool| {
        actions
            .iter()
            .filter(|a| a.public && (a.status == Status::CannotDo) == wanted)
            .map(|a| PublicAction {
                title: a.title.clone(),
                description: a.description.clone(),
                status: a.status,
                reason: a.reason.clone(),
                themes: a
                    .themes
                    .iter()
                    .filter_map(|t| material.theme_names.get(t).cloned())
                    .collect(),
            })
            .collect::<Vec<_>>()
    };
    Summary {
        survey: survey.id.clone(),
        title: survey.title.get(lang).to_owned(),
        period: facts.period,
        min_count,
        responses,
        trend: facts
            .previous
            .iter()
            .map(|(p, n)| TrendPoint {
                period: *p,
                responses: shown(*n, min_count),
            })
            .collect(),
        excluded_percent: (all > 0 && enough)
            .then(|| (1000.0 * facts.excluded as f64 / all as f64).round() / 10.0),
        who: if enough { who } else { None },
        not_heard_from: if enough { not_heard_from } else { Vec::new() },
        questions: if enough { questions } else { Vec::new() },
        themes: facts
            .themes
            .iter()
            .map(|(name, n)| ThemeCount {
                name: name.clone(),
                comments: shown(*n, min_count),
            })
            .collect(),
        // A single quote from a period too small to publish could identify its author.
        quotes: if enough {
            material.quotes.clone()
        } else {
            Vec::new()
        },
        actions: public(false),
        cannot_do: public(true),
        methods: format!(
            "People chose to answer this survey; they are not a representative sample of everyone \
             who uses these statistics. Counts below {min_count}, and any that would let one be \
             worked out, are shown as [c]."
        ),
        contact: survey.publish.contact.clone(),
    }
}

impl Row {
    /// The percentage as tables write it: `[c]` when suppressed, `–` when there is no total.
    pub fn percent_text(&self) -> String {
        match (self.count, self.percent) {
            (Cell::Suppressed, _) => self.count.display(),
            (_, Some(p)) => format!("{p:.1}"),
            (_, None) => "–".to_owned(),
        }
    }
}

impl Table {
    /// Whether anyone answered: a question nobody answered gets a sentence, not a chart.
    pub fn answered(&self) -> bool {
        self.total != Cell::Shown(0)
    }

    /// A rating's mean and its change, in words; none when there is no mean to show.
    pub fn mean_text(&self) -> Option<String> {
        let mean = self.mean?;
        Some(match self.mean_change {
            Some(c) if c > 0.0 => format!("Average {mean:.2}, up {c:.2} since the last period."),
            Some(c) if c < 0.0 => {
                format!("Average {mean:.2}, down {:.2} since the last period.", -c)
            }
            Some(_) => format!("Average {mean:.2}, unchanged since the last period."),
            None => format!("Average {mean:.2}."),
        })
    }
}
