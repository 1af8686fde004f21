//! Exports of responses as CSV (one row per response) and JSON, streamed a chunk at a time so
//! memory stays flat however many responses there are.

use super::WorkspaceError;
use super::responses::Filter;
use crate::definitions::{Kind, LoadedSurvey, OTHER};
use crate::storage::Db;
use crate::storage::entities::{contact, response};
use futures_util::stream::{self, Stream};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select};
use std::collections::HashMap;
use uuid::Uuid;

/// Responses read per database round trip.
const CHUNK: u64 = 2_000;

/// One column of the CSV.
#[derive(Debug, Clone)]
enum Column {
    /// The single value of a question (choice value, rating, yes/no, number, text).
    Value(String),
    /// `1` when the option was chosen.
    Chosen(String, String),
    /// The text of an "Other" choice.
    OtherText(String),
    /// An email given with consent.
    Contact(String),
}

/// The export's shape for one survey.
#[derive(Debug, Clone)]
pub struct Layout {
    columns: Vec<Column>,
    contacts: bool,
    /// Questions whose values are numbers (ratings, numbers), for JSON.
    numeric: Vec<String>,
}

/// Fixed columns before the questions.
const META: [&str; 5] = ["response_id", "submitted_at", "version", "status", "page"];

impl Layout {
    /// Columns for the survey's current questions; contact columns only when asked for.
    pub fn new(loaded: &LoadedSurvey, contacts: bool) -> Self {
        let mut columns = Vec::new();
        for q in &loaded.survey.questions {
            match &q.kind {
                Kind::MultipleChoice { options, other, .. } => {
                    for o in options {
                        columns.push(Column::Chosen(q.id.clone(), o.value.clone()));
                    }
                    if *other {
                        columns.push(Column::Chosen(q.id.clone(), OTHER.to_owned()));
                        columns.push(Column::OtherText(q.id.clone()));
                    }
                }
                Kind::SingleChoice { other: true, .. } => {
                    columns.push(Column::Value(q.id.clone()));
                    columns.push(Column::OtherText(q.id.clone()));
                }
                Kind::Email { .. } => {
                    if contacts {
                        columns.push(Column::Contact(q.id.clone()));
                    }
                }
                _ => columns.push(Column::Value(q.id.clone())),
            }
        }
        let numeric = loaded
            .survey
            .questions
            .iter()
            .filter(|q| matches!(q.kind, Kind::Rating { .. } | Kind::Number { .. }))
            .map(|q| q.id.clone())
            .collect();
        Self {
            columns,
            contacts,
            numeric,
        }
    }

    /// The header row.
    pub fn header(&self) -> Vec<String> {
        let mut header: Vec<String> = META.iter().map(|s| (*s).to_owned()).collect();
        header.extend(self.columns.iter().map(|c| match c {
            Column::Value(q) | Column::Contact(q) => q.clone(),
            Column::Chosen(q, v) => format!("{q}/{v}"),
            Column::OtherText(q) => format!("{q}/other_text"),
        }));
        header
    }
}

/// Spreadsheet programs run cells that start like a formula; a leading quote stops that. A
/// plain number (`-5`, `-2.5`) is no formula and stays a number.
pub fn spreadsheet_safe(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(&cell) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// `-` and digits with at most one decimal point, as a number question or rating stores them.
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && !fraction.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// One stored answer value, as an export needs it.
struct Value {
    question: String,
    value: String,
    text: Option<String>,
}

/// The response columns an export shows.
#[derive(sea_orm::FromQueryResult)]
struct Row {
    id: Uuid,
    submitted_at: chrono::DateTime<chrono::Utc>,
    version: String,
    status: String,
    page: Option<String>,
    packed: Option<String>,
}

struct Chunk {
    rows: Vec<(Row, Vec<Value>)>,
    contacts: HashMap<Uuid, Vec<contact::Model>>,
}

// Unit and record separators: `intake::clean` strips control characters from every answer,
// so they cannot occur inside one.
const UNIT: char = '\u{1f}';
const RECORD: char = '\u{1e}';

/// Aggregates each response's answers into one string, so an export moves one row per
/// response out of the database instead of one per answer: most of an export's cost.
fn packed_answers(backend: DbBackend) -> Expr {
    let (agg, chr) = match backend {
        DbBackend::Postgres => ("string_agg", "chr"),
        _ => ("group_concat", "char"),
    };
    // A subquery in the select list runs for the rows the LIMIT keeps, using the answers'
    // primary key, so each chunk costs its own size whatever the table holds.
    Expr::cust(format!(
        "(SELECT {agg}(a.question || {chr}(31) || a.value || {chr}(31) || coalesce(a.text, '') || {chr}(31) || (CASE WHEN a.text IS NULL THEN '0' ELSE '1' END), {chr}(30)) FROM answers a WHERE a.response_id = \"responses\".\"id\")"
    ))
}

fn unpack(packed: &str) -> Vec<Value> {
    packed
        .split(RECORD)
        .filter_map(|record| {
            let mut parts = record.split(UNIT);
            let (question, value, text, has_text) =
                (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
            Some(Value {
                question: question.to_owned(),
                value: value.to_owned(),
                text: (has_text == "1").then(|| text.to_owned()),
            })
        })
        .collect()
}

async fn next_chunk(
    db: &Db,
    select: &Select<response::Entity>,
    after: Option<Uuid>,
    contacts: bool,
) -> Result<Chunk, WorkspaceError> {
    let mut query = select.clone();
    if let Some(last) = after {
        query = query.filter(response::Column::Id.gt(last));
    }
    let found: Vec<Row> = query
        .select_only()
        .columns([
            response::Column::Id,
            response::Column::SubmittedAt,
            response::Column::Version,
            response::Column::Status,
            response::Column::Page,
        ])
        .column_as(packed_answers(db.backend()), "packed")
        .order_by_asc(response::Column::Id)
        .limit(CHUNK)
        .into_model()
        .all(db.conn())
        .await?;
    let (Some(first), Some(last)) = (found.first().map(|r| r.id), found.last().map(|r| r.id))
    else {
        return Ok(Chunk {
            rows: Vec::new(),
            contacts: HashMap::new(),
        });
    };
    let mut by_response: HashMap<Uuid, Vec<contact::Model>> = HashMap::new();
    if contacts {
        for c in contact::Entity::find()
            .filter(contact::Column::ResponseId.between(first, last))
            .all(db.conn())
            .await?
        {
            by_response.entry(c.response_id).or_default().push(c);
        }
    }
    let rows = found
        .into_iter()
        .map(|r| {
            let values = r.packed.as_deref().map(unpack).unwrap_or_default();
            (r, values)
        })
        .collect();
    Ok(Chunk {
        rows,
        contacts: by_response,
    })
}

fn csv_row(
    layout: &Layout,
    r: &Row,
    answers: &[Value],
    contacts: &[contact::Model],
) -> Vec<String> {
    let mut row = vec![
        r.id.to_string(),
        r.submitted_at.to_rfc3339(),
        r.version.chars().take(12).collect(),
        r.status.clone(),
        r.page.clone().unwrap_or_default(),
    ];
    for column in &layout.columns {
        let cell = match column {
            Column::Value(q) => answers
                .iter()
                .find(|a| &a.question == q)
                .map(|a| match (&a.text, a.value.is_empty()) {
                    (Some(text), true) => text.clone(),
                    _ => a.value.clone(),
                })
                .unwrap_or_default(),
            Column::Chosen(q, v) => {
                if answers.iter().any(|a| &a.question == q && &a.value == v) {
                    "1".to_owned()
                } else {
                    String::new()
                }
            }
            Column::OtherText(q) => answers
                .iter()
                .find(|a| &a.question == q && a.value == OTHER)
                .and_then(|a| a.text.clone())
                .unwrap_or_default(),
            Column::Contact(q) => contacts
                .iter()
                .find(|c| &c.question == q)
                .map(|c| c.email.clone())
                .unwrap_or_default(),
        };
        row.push(spreadsheet_safe(cell));
    }
    row
}

fn json_row(
    layout: &Layout,
    r: &Row,
    answers: &[Value],
    contacts: &[contact::Model],
) -> serde_json::Value {
    let mut by_question: serde_json::Map<String, serde_json::Value> = serde_json::Map::new();
    for a in answers {
        let value = match (&a.text, a.value.as_str()) {
            (Some(text), OTHER) => serde_json::json!({"other": text}),
            (Some(text), "") => serde_json::json!(text),
            (_, v) if layout.numeric.contains(&a.question) => v
                .parse::<f64>()
                .map_or_else(|_| serde_json::json!(v), |n| serde_json::json!(n)),
            (_, v) => serde_json::json!(v),
        };
        match by_question.get_mut(&a.question) {
            Some(serde_json::Value::Array(list)) => list.push(value),
            Some(existing) => {
                let first = existing.take();
                *existing = serde_json::Value::Array(vec![first, value]);
            }
            None => {
                by_question.insert(a.question.clone(), value);
            }
        }
    }
    let mut object = serde_json::json!({
        "id": r.id,
        "submitted_at": r.submitted_at,
        "version": r.version,
        "status": r.status,
        "page": r.page,
        "answers": by_question,
    });
    if layout.contacts {
        object["contacts"] = contacts
            .iter()
            .map(|c| (c.question.clone(), serde_json::json!(c.email)))
            .collect::<serde_json::Map<_, _>>()
            .into();
    }
    object
}

/// The export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

/// Streams the filtered responses, oldest first, as CSV or a JSON array.
pub fn stream(
    db: Db,
    loaded: &LoadedSurvey,
    filter: &Filter,
    contacts: bool,
    format: Format,
) -> Result<impl Stream<Item = Result<Vec<u8>, WorkspaceError>> + use<>, WorkspaceError> {
    let select = filter.select(loaded)?;
    let layout = Layout::new(loaded, contacts);
    let head = match format {
        Format::Csv => {
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer
                .write_record(layout.header())
                .map_err(|e| WorkspaceError::Invalid(e.to_string()))?;
            writer
                .into_inner()
                .map_err(|e| WorkspaceError::Invalid(e.to_string()))?
        }
        Format::Json => b"[".to_vec(),
    };
    // State: (last id, first chunk?, finished?).
    let body = stream::unfold((None::<Uuid>, true, false), move |(after, first, done)| {
        let (db, select, layout) = (db.clone(), select.clone(), layout.clone());
        async move {
            if done {
                return None;
            }
            let chunk = match next_chunk(&db, &select, after, layout.contacts).await {
                Ok(chunk) => chunk,
                Err(e) => return Some((Err(e), (after, first, true))),
            };
            let last = chunk.rows.last().map(|(r, _)| r.id);
            let finished = (chunk.rows.len() as u64) < CHUNK;
            let mut out = Vec::new();
            match format {
                Format::Csv => {
                    let mut writer = csv::Writer::from_writer(&mut out);
                    for (r, answers) in &chunk.rows {
                        let contacts = chunk.contacts.get(&r.id).map_or(&[][..], Vec::as_slice);
                        if let Err(e) = writer.write_record(csv_row(&layout, r, answers, contacts))
                        {
                            return Some((
                                Err(WorkspaceError::Invalid(e.to_string())),
                                (after, first, true),
                            ));
                        }
                    }
                    drop(writer);
                }
                Format::Json => {
                    for (i, (r, answers)) in chunk.rows.iter().enumerate() {
                        if !(first && i == 0) {
                            out.push(b',');
                        }
                        let contacts = chunk.contacts.get(&r.id).map_or(&[][..], Vec::as_slice);
                        out.extend(
                            json_row(&layout, r, answers, contacts)
                                .to_string()
                                .into_bytes(),
                        );
                    }
                    if finished {
                        out.push(b']');
                    }
                }
            }
            let first = first && chunk.rows.is_empty();
            Some((Ok(out), (last.or(after), first, finished)))
        }
    });
    Ok(stream::once(async move { Ok(head) }).chain(body))
}

use futures_util::StreamExt;
