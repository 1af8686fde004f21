//! The one model of a period's "you said, we did" summary that every format renders from,
//! with disclosure control already applied: nothing below the threshold leaves this module.

use super::aggregate::{Facts, Tally};
use super::disclosure::{Cell, Protected, below_threshold, protect};
use crate::definitions::{Kind, Language, LoadedSurvey, OTHER, Question, rating_points};
use crate::period::Period;
use crate::workspace::actions::{ActionView, Status};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
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
    /// When the team means to finish it, where they said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_date: Option<NaiveDate>,
    /// When it was done, where they said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_date: Option<NaiveDate>,
}

pub use super::wording::percent_figure;

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

pub use crate::quotes::Quote;

/// A gap in the data that users told the team about, and the public actions that answer it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gap {
    /// The theme's name.
    pub name: String,
    /// Titles of the public actions linked to the theme.
    pub answered_by: Vec<String>,
}

/// What a summary is built from besides the counts.
#[derive(Debug, Clone, Default)]
pub struct Material {
    /// The survey's actions (only public ones appear).
    pub actions: Vec<ActionView>,
    /// Theme names by id, to name the themes an action answers.
    pub theme_names: HashMap<Uuid, String>,
    /// Themes marked as gaps in the data (of any survey: only this one's are named).
    pub gaps: HashSet<Uuid>,
    /// Approved quotes from this period's counted responses.
    pub quotes: Vec<Quote>,
    /// The period before as it is published, if it is: a change of mean is measured against
    /// its published mean, as one recounted since would give late responses away.
    pub previous: Option<Summary>,
}

/// A period's summary, ready to publish.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub survey: String,
    pub title: String,
    /// The team that publishes it, by name (or id, without a team file).
    #[serde(default)]
    pub team: String,
    /// The team's id (the survey's `owner`): where its engagement statement is.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// The organisation it belongs to, when `organisation.yaml` names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    pub period: Period,
    /// Set when the period had not ended when it was counted: the last UK day counted. Such a
    /// partial summary says so wherever it appears.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partial: Option<NaiveDate>,
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
    /// A page widget's yes/no question by page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<super::pages::PagesTable>,
    /// Comments per theme.
    pub themes: Vec<ThemeCount>,
    /// Comments the team chose to quote, with personal details removed.
    pub quotes: Vec<Quote>,
    /// Public actions that are planned, in progress or done.
    pub actions: Vec<PublicAction>,
    /// Public actions the team cannot take, each with its reason.
    pub cannot_do: Vec<PublicAction>,
    /// Themes the team marked as gaps in the data, by name. Left out when there are none, so
    /// summaries published before gaps existed read the same.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gaps: Vec<Gap>,
    pub methods: String,
    /// How users reach the team, from the survey's `publish.contact`.
    pub contact: Option<String>,
}

fn shown(n: i64, min_count: u64) -> Cell {
    let n = u64::try_from(n).unwrap_or(0);
    protect(&[], n, min_count, true).total
}

/// A closed question's options as (value, label) in table order, and whether its cells add up
/// to its total (false for multiple choice); none for questions without a table.
fn options_of(q: &Question, lang: Language) -> Option<(Vec<(String, String)>, bool)> {
    let (options, other, additive) = match &q.kind {
        Kind::SingleChoice { options, other } => (options.as_slice(), *other, true),
        Kind::MultipleChoice { options, other, .. } => (options.as_slice(), *other, false),
        Kind::YesNo | Kind::Rating { .. } => (&[][..], false, true),
        _ => return None,
    };
    let mut values: Vec<(String, String)> = match &q.kind {
        Kind::YesNo => vec![("yes".into(), "Yes".into()), ("no".into(), "No".into())],
        // The ends of the scale carry their words, so a table read alone says which way is good.
        Kind::Rating {
            min,
            max,
            min_label,
            max_label,
        } => rating_points(*min, *max)
            .map(|n| {
                let words = match (n == *min, n == *max) {
                    (true, _) => min_label.as_ref(),
                    (_, true) => max_label.as_ref(),
                    _ => None,
                };
                let label =
                    words.map_or_else(|| n.to_string(), |w| format!("{n} = {}", w.get(lang)));
                (n.to_string(), label)
            })
            .collect(),
        _ => options
            .iter()
            .map(|o| (o.value.clone(), o.label.get(lang).to_owned()))
            .collect(),
    };
    if other {
        values.push((OTHER.to_owned(), "Other".to_owned()));
    }
    Some((values, additive))
}

fn counts_of(tallies: &[Tally], question: &str, values: &[(String, String)]) -> Vec<u64> {
    values
        .iter()
        .map(|(v, _)| {
            tallies
                .iter()
                .find(|t| t.question == question && &t.value == v)
                .map_or(0, |t| u64::try_from(t.count).unwrap_or(0))
        })
        .collect()
}

/// Whether a rating's mean may be published beside its table: only when nothing in the table
/// is suppressed, as the mean with the total and the shown cells would fix two hidden ones.
fn complete(protected: &Protected, min_count: u64) -> bool {
    matches!(protected.total, Cell::Shown(n) if n >= min_count)
        && protected.cells.iter().all(|c| matches!(c, Cell::Shown(_)))
}

/// User types with no, or under 5% of, responses, read from the published table only, so the
/// list says nothing the table does not. Every suppressed type is listed whatever its hidden
/// size: listing only some would narrow them down.
pub fn not_heard_from(who: &Table) -> Vec<String> {
    who.rows
        .iter()
        .filter(|r| r.value != OTHER && r.percent.is_none_or(|p| p < UNDER_REPRESENTED))
        .map(|r| r.label.clone())
        .collect()
}

/// This survey's themes marked as gaps, by name, each with the public actions answering it.
fn gaps(material: &Material) -> Vec<Gap> {
    let mut gaps: Vec<Gap> = material
        .gaps
        .iter()
        .filter_map(|id| {
            Some(Gap {
                name: material.theme_names.get(id)?.clone(),
                answered_by: material
                    .actions
                    .iter()
                    .filter(|a| a.public && a.themes.contains(id))
                    .map(|a| a.title.clone())
                    .collect(),
            })
        })
        .collect();
    gaps.sort_by(|a, b| a.name.cmp(&b.name));
    gaps
}

/// Builds the summary of `facts`.
pub fn build(loaded: &LoadedSurvey, facts: &Facts, material: &Material) -> Summary {
    let actions = &material.actions;
    let survey = &loaded.survey;
    let lang = Language::En;
    let min_count = u64::from(survey.publish.min_count);
    let responses = shown(facts.responses, min_count);
    let enough = matches!(responses, Cell::Shown(_));
    let all = facts.responses.saturating_add(facts.excluded);
    let mut questions = Vec::new();
    let mut who = None;
    for q in &survey.questions {
        let Some((values, additive)) = options_of(q, lang) else {
            continue;
        };
        let counts = counts_of(&facts.tallies, &q.id, &values);
        let total = if additive {
            counts.iter().sum()
        } else {
            u64::try_from(facts.responses).unwrap_or(0)
        };
        let protected = protect(&counts, total, min_count, additive);
        let before = counts_of(&facts.previous_tallies, &q.id, &values);
        let before_total = before.iter().sum();
        let comparable = complete(&protect(&before, before_total, min_count, true), min_count);
        let mean = facts
            .means
            .iter()
            .find(|m| m.question == q.id && complete(&protected, min_count))
            .map(|m| (m.mean * 100.0).round() / 100.0);
        let before = match &material.previous {
            Some(published) => published
                .questions
                .iter()
                .chain(&published.who)
                .find(|t| t.question == q.id)
                .and_then(|t| t.mean),
            None => facts
                .previous_means
                .iter()
                .find(|m| {
                    m.question == q.id
                        && comparable
                        && u64::try_from(m.count).unwrap_or(0) >= min_count
                })
                .map(|m| m.mean),
        };
        let rows = values
            .into_iter()
            .zip(&protected.cells)
            .map(|((value, label), &count)| Row {
                percent: count.percent_of(protected.total),
                value,
                label,
                count,
            })
            .collect::<Vec<_>>();
        let table = Table {
            question: q.id.clone(),
            label: q.label.get(lang).to_owned(),
            mean_change: mean
                .zip(before)
                .map(|(now, b)| ((now - b) * 100.0).round() / 100.0),
            mean,
            rows,
            total: protected.total,
        };
        if survey.user_types.as_deref() == Some(q.id.as_str()) {
            who = Some(table);
        } else {
            questions.push(table);
        }
    }
    let excluded_small = below_threshold(u64::try_from(facts.excluded).unwrap_or(0), min_count);
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
                target_date: a.target_date,
                completed_date: a.completed_date,
            })
            .collect::<Vec<_>>()
    };
    Summary {
        survey: survey.id.clone(),
        title: survey.title.get(lang).to_owned(),
        team: loaded.publisher.team.clone(),
        owner: loaded.survey.owner.clone(),
        organisation: loaded.publisher.organisation.clone(),
        period: facts.period,
        partial: None,
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
        // With the responses shown, the share would give a small number of exclusions away.
        excluded_percent: (all > 0 && enough && !excluded_small)
            .then(|| (1000.0 * facts.excluded as f64 / all as f64).round() / 10.0),
        not_heard_from: match (&who, enough) {
            (Some(t), true) => not_heard_from(t),
            _ => Vec::new(),
        },
        who: if enough { who } else { None },
        pages: enough
            .then(|| {
                let widget = survey.widget.as_ref();
                super::pages::of_survey(widget, &facts.pages, min_count, &questions)
            })
            .flatten(),
        questions: if enough { questions } else { Vec::new() },
        // "Fewer than N" publishes nothing else about the period's answers.
        themes: facts
            .themes
            .iter()
            .filter(|_| enough)
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
        gaps: gaps(material),
        methods: super::wording::methods(min_count),
        contact: survey.publish.contact.clone(),
    }
}
