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
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
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
    /// How each question's value is typed in JSON, so a value has one type in every row.
    json_types: HashMap<String, JsonType>,
}

/// The JSON type of a question's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum JsonType {
    /// Ratings and whole-number questions.
    Integer,
    Number,
    /// Multiple choice: an array even when one option was chosen.
    List,
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
        let json_types = loaded
            .survey
            .questions
            .iter()
            .filter_map(|q| {
                let kind = match q.kind {
                    Kind::Rating { .. } | Kind::Number { integer: true, .. } => JsonType::Integer,
                    Kind::Number { .. } => JsonType::Number,
                    Kind::MultipleChoice { .. } => JsonType::List,
                    _ => return None,
                };
                Some((q.id.clone(), kind))
            })
            .collect();
        Self {
            columns,
            contacts,
            json_types,
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
        row.push(crate::text::spreadsheet_safe(cell));
    }
    row
}

/// One answer in a JSON export. Each question keeps one type in every row: multiple choice is
/// always a list, a rating or whole number an integer, a number a number; "Other" is
/// `{"other": text}` in place of a choice value, as the API takes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ExportedAnswer {
    Integer(i64),
    Number(f64),
    Text(String),
    Other { other: String },
    List(Vec<ExportedValue>),
}

/// One value in a list: a choice, or "Other" with its text.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ExportedValue {
    Integer(i64),
    Number(f64),
    Text(String),
    Other { other: String },
}

impl From<ExportedValue> for ExportedAnswer {
    fn from(v: ExportedValue) -> Self {
        match v {
            ExportedValue::Integer(n) => ExportedAnswer::Integer(n),
            ExportedValue::Number(n) => ExportedAnswer::Number(n),
            ExportedValue::Text(t) => ExportedAnswer::Text(t),
            ExportedValue::Other { other } => ExportedAnswer::Other { other },
        }
    }
}

/// One response in a JSON export.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ExportedResponse {
    pub id: Uuid,
    pub submitted_at: chrono::DateTime<chrono::Utc>,
    pub version: String,
    /// `ok`, `spam` or `suspected_bot`.
    pub status: String,
    /// The embedding page (origin and path), when there was one.
    pub page: Option<String>,
    /// By question id.
    #[schema(schema_with = answers_schema)]
    pub answers: BTreeMap<String, ExportedAnswer>,
    /// Emails given with consent, by question id; only when contacts were asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contacts: Option<BTreeMap<String, String>>,
}

// anyOf, not the oneOf an untagged enum would give: an integer is a number too.
fn answers_schema() -> utoipa::openapi::Object {
    use utoipa::openapi::schema::{
        AdditionalProperties, AnyOfBuilder, ArrayBuilder, ObjectBuilder, Schema, Type,
    };
    let value = || {
        AnyOfBuilder::new()
            .item(ObjectBuilder::new().schema_type(Type::Number))
            .item(ObjectBuilder::new().schema_type(Type::String))
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::Object)
                    .property("other", ObjectBuilder::new().schema_type(Type::String))
                    .required("other")
                    .additional_properties(Some(AdditionalProperties::FreeForm(false))),
            )
    };
    let answer = value().item(ArrayBuilder::new().items(value()));
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(
            "By question id: a rating or whole number is an integer, a number a number, \
             multiple choice a list, \"Other\" `{\"other\": text}`, anything else a string",
        ))
        .additional_properties(Some(AdditionalProperties::RefOr(
            Schema::AnyOf(answer.build()).into(),
        )))
        .build()
}

/// A stored number as a JSON number; a value stored before the question became numeric stays
/// as it was written.
fn number(v: &str) -> ExportedValue {
    v.parse::<f64>()
        .map_or_else(|_| ExportedValue::Text(v.to_owned()), ExportedValue::Number)
}

fn json_row(
    layout: &Layout,
    r: &Row,
    answers: &[Value],
    contacts: &[contact::Model],
) -> ExportedResponse {
    let mut values: BTreeMap<&str, Vec<ExportedValue>> = BTreeMap::new();
    for a in answers {
        let json_type = layout.json_types.get(&a.question).copied();
        let value = match (&a.text, a.value.as_str(), json_type) {
            (Some(text), OTHER, _) => ExportedValue::Other {
                other: text.clone(),
            },
            (Some(text), "", _) => ExportedValue::Text(text.clone()),
            (_, v, Some(JsonType::Integer)) => match v.parse::<i64>() {
                Ok(n) => ExportedValue::Integer(n),
                Err(_) => number(v),
            },
            (_, v, Some(JsonType::Number)) => number(v),
            (_, v, _) => ExportedValue::Text(v.to_owned()),
        };
        values.entry(&a.question).or_default().push(value);
    }
    let answers = values
        .into_iter()
        .map(|(question, mut list)| {
            let many = layout.json_types.get(question) == Some(&JsonType::List) || list.len() > 1;
            // One value for a question that takes one; two only after a definition changed.
            let answer = match list.pop() {
                Some(only) if !many => only.into(),
                last => {
                    list.extend(last);
                    ExportedAnswer::List(list)
                }
            };
            (question.to_owned(), answer)
        })
        .collect();
    ExportedResponse {
        id: r.id,
        submitted_at: r.submitted_at,
        version: r.version.clone(),
        status: r.status.clone(),
        page: r.page.clone(),
        answers,
        contacts: layout.contacts.then(|| {
            contacts
                .iter()
                .map(|c| (c.question.clone(), c.email.clone()))
                .collect()
        }),
    }
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
    let select = filter.select(loaded, db.backend())?;
    let layout = Layout::new(loaded, contacts);
    let head = match format {
        Format::Csv => {
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer
                .write_record(layout.header())
                .map_err(|e| WorkspaceError::Corrupt(e.to_string()))?;
            writer
                .into_inner()
                .map_err(|e| WorkspaceError::Corrupt(e.to_string()))?
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
                                Err(WorkspaceError::Corrupt(e.to_string())),
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
                        let row = json_row(&layout, r, answers, contacts);
                        // Plain strings, numbers and maps: serialising cannot fail.
                        out.extend(serde_json::to_vec(&row).unwrap_or_default());
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
