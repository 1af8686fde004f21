//! Importing historic responses from a spreadsheet export of a general-purpose form tool:
//! columns headed by question labels, choices by their labels, a timestamp per row.

mod explain;
mod identity;
mod quotes;
pub mod sheet;
mod timestamp;

use crate::definitions::{Kind, Language, OTHER, Question, Survey, nearest};
use crate::intake::{Problem, RawAnswers, validate};
pub use identity::row_token;
use sheet::{Sheet, SheetRow, split_choices};

/// How the columns of a sheet line up with a survey's questions.
#[derive(Debug)]
pub struct Mapping<'a> {
    /// For each non-timestamp column (by position in `SheetRow::cells`), its question.
    columns: Vec<Option<&'a Question>>,
    /// Headers that match no question and are not a form tool's own; their cells are ignored.
    pub unmatched: Vec<String>,
    /// Columns form tools add of their own accord (`ID`, `Email`, `Start time`…), left out.
    pub form_tool: Vec<String>,
}

/// Columns Google Forms and Microsoft Forms add beside the questions, in `norm` form.
const FORM_TOOL_COLUMNS: [&str; 10] = [
    "id",
    "start time",
    "completion time",
    "last modified time",
    "email",
    "email address",
    "name",
    "score",
    "total points",
    "quiz feedback",
];

/// Per-question columns of quizzes: `Points - Q1`, `Feedback - Q1`.
const FORM_TOOL_PREFIXES: [&str; 2] = ["points - ", "feedback - "];

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Matches each column header to a question by its label (any language) or id.
pub fn map_columns<'a>(survey: &'a Survey, sheet: &Sheet) -> Mapping<'a> {
    let mut columns = Vec::new();
    let mut unmatched = Vec::new();
    let mut form_tool = Vec::new();
    let Some(first) = sheet.rows.first() else {
        return Mapping {
            columns,
            unmatched,
            form_tool,
        };
    };
    for (header, _) in &first.cells {
        let wanted = norm(header);
        let question = survey.questions.iter().find(|q| {
            q.id == wanted
                || Language::ALL
                    .iter()
                    .any(|l| q.label.has(*l) && norm(q.label.get(*l)) == wanted)
        });
        if question.is_none() {
            let own = FORM_TOOL_COLUMNS.contains(&wanted.as_str())
                || FORM_TOOL_PREFIXES.iter().any(|p| wanted.starts_with(p));
            if own { &mut form_tool } else { &mut unmatched }.push(header.clone());
        }
        columns.push(question);
    }
    Mapping {
        columns,
        unmatched,
        form_tool,
    }
}

/// The question whose label (in English) is nearest to `header`, to name in an error: the one
/// sharing the most words with it (a word counts when the first five letters agree, so
/// "satisfaction" finds "satisfied"), then the fewest edits apart.
pub fn closest_question<'a>(survey: &'a Survey, header: &str) -> Option<&'a Question> {
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| w.to_lowercase().chars().take(5).collect())
            .collect()
    };
    let wanted = words(header);
    let shared = |q: &Question| {
        let label = words(q.label.get(Language::En));
        wanted.iter().filter(|w| label.contains(w)).count()
    };
    let best = survey.questions.iter().map(shared).max().unwrap_or(0);
    let candidates: Vec<&'a Question> = survey
        .questions
        .iter()
        .filter(|q| shared(q) == best)
        .collect();
    let labels: Vec<&str> = candidates
        .iter()
        .map(|q| q.label.get(Language::En))
        .collect();
    let label = nearest(header, &labels)?;
    candidates
        .into_iter()
        .find(|q| q.label.get(Language::En) == label)
}

/// The option value a cell names, by label or value.
fn option_value(q: &Question, text: &str) -> Option<String> {
    let options = match &q.kind {
        Kind::SingleChoice { options, .. } | Kind::MultipleChoice { options, .. } => options,
        _ => return None,
    };
    let wanted = norm(text);
    options
        .iter()
        .find(|o| {
            o.value == wanted
                || Language::ALL
                    .iter()
                    .any(|l| norm(o.label.get(*l)) == wanted)
        })
        .map(|o| o.value.clone())
}

/// One row as the answers a form would have sent.
fn raw_answers(mapping: &Mapping<'_>, row: &SheetRow) -> RawAnswers {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (i, (_, cell)) in row.cells.iter().enumerate() {
        let Some(Some(q)) = mapping.columns.get(i) else {
            continue;
        };
        if cell.trim().is_empty() {
            continue;
        }
        match &q.kind {
            Kind::SingleChoice { other, .. } => match option_value(q, cell) {
                Some(v) => pairs.push((q.id.clone(), v)),
                None if *other => {
                    pairs.push((q.id.clone(), OTHER.to_owned()));
                    pairs.push((format!("{}-other", q.id), cell.clone()));
                }
                None => pairs.push((q.id.clone(), cell.clone())),
            },
            Kind::MultipleChoice { options, other, .. } => {
                let labels: Vec<&str> = options.iter().map(|o| o.label.get(Language::En)).collect();
                let mut others = Vec::new();
                for part in split_choices(cell, &labels) {
                    match option_value(q, &part) {
                        Some(v) => pairs.push((q.id.clone(), v)),
                        None if *other => others.push(part),
                        None => pairs.push((q.id.clone(), part)),
                    }
                }
                if !others.is_empty() {
                    pairs.push((q.id.clone(), OTHER.to_owned()));
                    pairs.push((format!("{}-other", q.id), others.join(", ")));
                }
            }
            Kind::YesNo => {
                let v = match norm(cell).as_str() {
                    "yes" | "ie" | "ydw" | "ydy" => "yes".to_owned(),
                    "no" | "na" | "nac ydw" | "nac ydy" => "no".to_owned(),
                    _ => cell.clone(),
                };
                pairs.push((q.id.clone(), v));
            }
            _ => pairs.push((q.id.clone(), cell.clone())),
        }
    }
    RawAnswers::from_form(pairs)
}

/// What was wrong with `question`'s cell of `row`, in terms of the sheet.
fn in_importer_terms(
    mapping: &Mapping<'_>,
    row: &SheetRow,
    question: &str,
    problem: Problem,
) -> String {
    let column = mapping
        .columns
        .iter()
        .position(|q| q.is_some_and(|q| q.id == question));
    let question = column.and_then(|i| mapping.columns.get(i).copied().flatten());
    let cell = column.and_then(|i| row.cells.get(i)).map(|(_, cell)| cell);
    match (question, cell) {
        (Some(q), Some(cell)) => explain::explain(q, problem, cell),
        // A required question with no column at all.
        _ if matches!(problem, Problem::Required { .. }) => {
            "no column holds this question, and it must be answered".to_owned()
        }
        _ => problem.message(Language::En),
    }
}

/// A row that failed, with where and why.
#[derive(Debug, Clone)]
pub struct RowError {
    pub line: usize,
    pub problems: Vec<String>,
}

/// Checks every row; returns the checked ones (with their timestamps) and the failures.
pub fn check_rows<'a>(
    survey: &Survey,
    mapping: &Mapping<'a>,
    sheet: &Sheet,
) -> (Vec<(SheetRow, crate::intake::Answers)>, Vec<RowError>) {
    let mut good = Vec::new();
    let mut bad: Vec<RowError> = sheet
        .problems
        .iter()
        .map(|p| RowError {
            line: p.line,
            problems: vec![p.message.clone()],
        })
        .collect();
    for row in &sheet.rows {
        match validate(survey, raw_answers(mapping, row)) {
            Ok(answers) => good.push((row.clone(), answers)),
            Err(problems) => bad.push(RowError {
                line: row.line,
                problems: problems
                    .iter()
                    .map(|(question, problem)| {
                        let why = in_importer_terms(mapping, row, question, problem);
                        format!("{question}: {why}")
                    })
                    .collect(),
            }),
        }
    }
    bad.sort_by_key(|e| e.line);
    (good, bad)
}
