//! A realistic quarter of pocketbook responses, written through the real response writer.

use chrono::{DateTime, Duration, Utc};
use std::sync::Arc;
use yousaid::definitions::{Catalog, LoadedSurvey};
use yousaid::intake::{RawAnswers, ResponseStatus, Submission, Writer, validate};
use yousaid::period::Period;
use yousaid::storage::Db;

/// Respondents per role in the seeded quarter: media (2) is below the threshold of 5, so the
/// next smallest cell must be suppressed too, or 2 could be worked out from the total.
pub const ROLES: [(&str, u32); 8] = [
    ("central-government", 1_200),
    ("local-government", 600),
    ("academia", 500),
    ("business", 400),
    ("charity", 8),
    ("media", 2),
    ("student", 100),
    ("public", 190),
];

/// All seeded responses in the quarter (the roles' sum).
pub const IN_QUARTER: u32 = 3_000;

/// The pocketbook, as the test service loaded it.
pub fn pocketbook(definitions: &std::path::Path) -> Arc<LoadedSurvey> {
    let (catalog, _) = Catalog::default()
        .reload(definitions, Utc::now().date_naive())
        .unwrap();
    catalog.get("food-statistics-pocketbook").unwrap()
}

/// Stores one academic's response at `at`, as an import would.
pub async fn one_at(db: &Db, loaded: &LoadedSurvey, token: u32, at: DateTime<Utc>) {
    let (writer, task) = Writer::start(db.clone());
    let pairs = vec![
        ("role".to_owned(), "academia".to_owned()),
        ("satisfaction".to_owned(), "3".to_owned()),
    ];
    writer
        .submit(submission(loaded, token, pairs, at))
        .await
        .unwrap();
    drop(writer);
    task.await.unwrap();
}

fn submission(
    loaded: &LoadedSurvey,
    i: u32,
    pairs: Vec<(String, String)>,
    at: DateTime<Utc>,
) -> Submission {
    let answers = validate(&loaded.survey, RawAnswers::from_form(pairs)).unwrap();
    Submission {
        survey_id: loaded.survey.id.clone(),
        version: loaded.version.clone(),
        yaml: loaded.source.clone(),
        token: format!("seed-{i}"),
        page: None,
        status: ResponseStatus::Ok,
        answers,
        consents: Vec::new(),
        contact_retention: loaded.survey.retention.contact,
        submitted_at: at,
        fingerprint: None,
        referred: false,
    }
}

/// Seeds `quarter` with `IN_QUARTER` responses (satisfaction `1 + i % 5`, a comment on every
/// tenth, one comment with personal details) and `before` responses in the quarter before.
pub async fn quarter(db: &Db, loaded: &LoadedSurvey, quarter: Period, before: u32) {
    let (writer, task) = Writer::start(db.clone());
    let (start, _) = quarter.bounds();
    let mut pending = Vec::new();
    let mut i = 0u32;
    for (role, n) in ROLES {
        for _ in 0..n {
            let mut pairs = vec![
                ("role".to_owned(), role.to_owned()),
                ("satisfaction".to_owned(), (1 + i % 5).to_string()),
            ];
            if i.is_multiple_of(10) {
                pairs.push((
                    "comments".to_owned(),
                    format!("Please add a CSV of table {i}."),
                ));
            }
            if i == 7 {
                pairs.push((
                    "comments".to_owned(),
                    "Great tables. Email me on jo.bloggs@example.com or call 07700 900123."
                        .to_owned(),
                ));
            }
            // Spread over the quarter's 90 days.
            let at = start + Duration::minutes(i64::from(i) * 43);
            pending.push(tokio::spawn({
                let writer = writer.clone();
                let s = submission(loaded, i, pairs, at);
                async move { writer.submit(s).await }
            }));
            i += 1;
        }
    }
    let (earlier, _) = quarter.previous().bounds();
    for j in 0..before {
        let pairs = vec![
            ("role".to_owned(), "academia".to_owned()),
            ("satisfaction".to_owned(), "3".to_owned()),
        ];
        let s = submission(
            loaded,
            100_000 + j,
            pairs,
            earlier + Duration::hours(i64::from(j)),
        );
        let writer = writer.clone();
        pending.push(tokio::spawn(async move { writer.submit(s).await }));
    }
    for p in pending {
        p.await.unwrap().unwrap();
    }
    drop(writer);
    task.await.unwrap();
}
