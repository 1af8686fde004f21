//! Fuzz-style property tests of the doors that take input from anyone: random answer bodies
//! against the real server, and mutated spreadsheets through `yousaid import`. Each uses a
//! fixed seed, so a failure names a case that replays the same way.

use crate::fixtures;
use crate::helpers::{Backend, TestApp, backends, spawn_app_with};
use futures_util::StreamExt;
use sea_orm::EntityTrait;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use yousaid::definitions::{Catalog, Kind, Language, LoadedSurvey, OTHER, Question};
use yousaid::intake::{RawAnswers, validate};
use yousaid::storage::entities::{answer, contact, response};

#[path = "../support/splitmix.rs"]
mod splitmix;
use splitmix::SplitMix64;

/// Requests in flight at once, so the writer batches commits as it does in production.
const IN_FLIGHT: usize = 16;

const ODD_TEXT: [&str; 16] = [
    "",
    " ",
    "\u{0}",
    "a\u{0}b",
    "\r\n",
    "\u{1f}\u{1e}",
    "ŵ😀\u{202e}\u{feff}",
    "=SUM(A1)",
    "other",
    "yes",
    "no",
    "1e308",
    "-0",
    "NaN",
    "1,000",
    "%00",
];

fn surveys(app: &TestApp) -> Vec<Arc<LoadedSurvey>> {
    let (catalog, _) = Catalog::default()
        .reload(&app.definitions, chrono::Utc::now().date_naive())
        .unwrap();
    ["tiny", "food-statistics-pocketbook", "page-feedback"]
        .iter()
        .map(|id| catalog.get(id).unwrap())
        .collect()
}

fn options(q: &Question) -> Vec<String> {
    match &q.kind {
        Kind::SingleChoice { options, .. } | Kind::MultipleChoice { options, .. } => {
            options.iter().map(|o| o.value.clone()).collect()
        }
        Kind::YesNo => vec!["yes".to_owned(), "no".to_owned()],
        _ => Vec::new(),
    }
}

fn random_text(rng: &mut SplitMix64, q: &Question) -> String {
    match rng.below(6) {
        0 => (*rng.pick(&ODD_TEXT)).to_owned(),
        1 => {
            let len = rng.below(40);
            String::from_utf8_lossy(&rng.bytes(len)).into_owned()
        }
        2 => "x".repeat(rng.below(3_000)),
        3 => {
            let opts = options(q);
            if opts.is_empty() {
                "plain words".to_owned()
            } else {
                rng.pick(&opts).clone()
            }
        }
        4 => format!("{}", rng.next_u64() as i64 as f64 / 1e3),
        _ => format!("{}@example.org", rng.below(1_000)),
    }
}

fn random_number(rng: &mut SplitMix64) -> Value {
    match rng.below(6) {
        0 => json!(rng.below(12) as i64 - 2),
        1 => json!(rng.next_u64()),
        2 => json!(-(rng.next_u64() as i64).abs()),
        3 => json!(rng.next_u64() as f64 / 7.0),
        4 => json!(1e308),
        _ => json!(0.5),
    }
}

fn random_value(rng: &mut SplitMix64, q: &Question) -> Value {
    match rng.below(9) {
        0 | 1 | 2 => json!(random_text(rng, q)),
        3 => random_number(rng),
        4 => {
            let n = rng.below(5);
            Value::Array((0..n).map(|_| random_value(rng, q)).collect())
        }
        5 => json!({"other": random_text(rng, q)}),
        6 => rng
            .pick(&[json!(null), json!(true), json!({}), json!({"a": 1, "b": 2})])
            .clone(),
        _ => {
            let opts = options(q);
            if opts.is_empty() {
                random_number(rng)
            } else {
                json!(rng.pick(&opts))
            }
        }
    }
}

/// A value the question takes, as a form would send it.
fn tame_value(rng: &mut SplitMix64, q: &Question) -> Value {
    match &q.kind {
        Kind::SingleChoice { .. } | Kind::YesNo => json!(rng.pick(&options(q))),
        Kind::MultipleChoice { .. } => {
            let opts = options(q);
            json!([rng.pick(&opts), rng.pick(&opts)])
        }
        Kind::Rating { min, max, .. } => {
            json!(*min + rng.below(usize::try_from(max - min + 1).unwrap()) as i64)
        }
        Kind::Text { .. } => json!(*rng.pick(&["Too slow", "More tables\nplease", "ŵ café"])),
        Kind::Number { min, integer, .. } => {
            let n = min.unwrap_or(0.0) + rng.below(5) as f64;
            if *integer { json!(n) } else { json!(n + 0.5) }
        }
        Kind::Email { .. } => json!("someone@example.org"),
    }
}

/// Answers to a random subset of the survey's questions, mostly tame but with random ones
/// mixed in, plus now and then a question the survey lacks.
fn random_answers(rng: &mut SplitMix64, survey: &LoadedSurvey) -> serde_json::Map<String, Value> {
    let mut answers = serde_json::Map::new();
    let wild = rng.below(4);
    for q in &survey.survey.questions {
        if q.required || rng.below(3) > 0 {
            let value = if rng.below(8) < wild {
                random_value(rng, q)
            } else {
                tame_value(rng, q)
            };
            answers.insert(q.id.clone(), value);
        }
    }
    if rng.one_in(10) {
        answers.insert(random_text(rng, &survey.survey.questions[0]), json!("x"));
    }
    answers
}

/// Every stored response passes validation again, and holds nothing no database could store.
async fn check_stored(app: &TestApp, surveys: &[Arc<LoadedSurvey>], backend: Backend) -> usize {
    let responses = response::Entity::find().all(&app.conn).await.unwrap();
    let answers = answer::Entity::find().all(&app.conn).await.unwrap();
    let contacts = contact::Entity::find().all(&app.conn).await.unwrap();
    let mut pairs: HashMap<uuid::Uuid, Vec<(String, String)>> = HashMap::new();
    for a in &answers {
        let loaded = surveys.iter().find(|s| s.survey.id == a.survey_id).unwrap();
        let q = loaded.survey.question(&a.question).unwrap_or_else(|| {
            panic!(
                "{backend:?}: an answer to an unknown question {:?}",
                a.question
            )
        });
        let fields = pairs.entry(a.response_id).or_default();
        match (&q.kind, a.value.as_str(), &a.text) {
            (Kind::Text { .. }, "", Some(text)) => fields.push((q.id.clone(), text.clone())),
            (_, OTHER, Some(text)) => {
                fields.push((q.id.clone(), OTHER.to_owned()));
                fields.push((format!("{}-other", q.id), text.clone()));
            }
            (_, value, None) => fields.push((q.id.clone(), value.to_owned())),
            other => panic!("{backend:?}: a stored answer of an odd shape: {other:?}"),
        }
    }
    for c in &contacts {
        pairs
            .entry(c.response_id)
            .or_default()
            .push((c.question.clone(), c.email.clone()));
    }
    for r in &responses {
        let loaded = surveys.iter().find(|s| s.survey.id == r.survey_id).unwrap();
        let fields = pairs.remove(&r.id).unwrap_or_default();
        for (name, value) in &fields {
            assert!(
                yousaid::storable::is_storable(name) && yousaid::storable::is_storable(value),
                "{backend:?}: NUL stored in {name}"
            );
        }
        let raw = RawAnswers::from_form(fields.clone());
        if let Err(errors) = validate(&loaded.survey, raw, Language::En) {
            panic!(
                "{backend:?}: stored response {} of {} fails validation: {errors:?}\n{fields:?}",
                r.id, r.survey_id
            );
        }
    }
    assert!(pairs.is_empty(), "{backend:?}: answers without a response");
    responses.len()
}

#[tokio::test]
async fn fuzz_random_json_answers_never_get_a_5xx_and_every_stored_response_is_valid() {
    const CASES: usize = 2_500;
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        let surveys = surveys(&app);
        let started = std::time::Instant::now();
        let mut rng = SplitMix64::new(0x0a11_50a1);
        let mut requests = Vec::with_capacity(CASES);
        for case in 0..CASES {
            let loaded = rng.pick(&surveys).clone();
            let body: Vec<u8> = match rng.below(10) {
                0 => {
                    let len = rng.below(200);
                    rng.bytes(len)
                }
                1 => {
                    let mut b = serde_json::to_vec(&json!({"answers": random_answers(&mut rng, &loaded)})).unwrap();
                    let cut = rng.below(b.len());
                    b.truncate(cut);
                    b
                }
                2 => serde_json::to_vec(&json!({"answers": random_answers(&mut rng, &loaded), "page": random_text(&mut rng, &loaded.survey.questions[0]), "lang": "cy", "extra": 1})).unwrap(),
                3 => serde_json::to_vec(&json!({"answers": [1, 2], "page": 5})).unwrap(),
                _ => serde_json::to_vec(&json!({
                    "answers": random_answers(&mut rng, &loaded),
                    "page": *rng.pick(&["https://stats.example.org/a?b=c", "javascript:x", "https://\u{0}/"]),
                    "lang": *rng.pick(&["en", "cy", "\u{0}", "xx"]),
                }))
                .unwrap(),
            };
            let key = rng.one_in(4).then(|| format!("key-{}", rng.below(50)));
            requests.push((case, loaded.survey.id.clone(), body, key));
        }
        let client = app.client.clone();
        let address = app.address.clone();
        let statuses: Vec<(usize, u16, String)> = futures_util::stream::iter(requests)
            .map(|(case, survey, body, key)| {
                let (client, address) = (client.clone(), address.clone());
                async move {
                    let mut request = client
                        .post(format!("{address}/api/v1/surveys/{survey}/responses"))
                        .header("Content-Type", "application/json")
                        .body(body);
                    if let Some(key) = key {
                        request = request.header("Idempotency-Key", key);
                    }
                    let res = request.send().await.unwrap();
                    let status = res.status().as_u16();
                    (case, status, res.text().await.unwrap_or_default())
                }
            })
            .buffer_unordered(IN_FLIGHT)
            .collect()
            .await;
        let mut by_status: std::collections::BTreeMap<u16, usize> = Default::default();
        for (case, status, body) in &statuses {
            assert!(
                [200, 201, 400, 413, 422].contains(status),
                "{backend:?}: case {case} answered {status}: {body}"
            );
            *by_status.entry(*status).or_default() += 1;
        }
        let stored = check_stored(&app, &surveys, backend).await;
        eprintln!(
            "{backend:?}: {CASES} JSON bodies, statuses {by_status:?}, {stored} stored, in {:?}",
            started.elapsed()
        );
        assert!(stored > CASES / 10, "{backend:?}: the cases reach storage");
        app.stop().await;
    }
}

#[tokio::test]
async fn fuzz_random_form_answers_never_get_a_5xx_and_every_stored_response_is_valid() {
    const CASES: usize = 2_500;
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        let surveys = surveys(&app);
        let started = std::time::Instant::now();
        let mut rng = SplitMix64::new(0xf0_4a5);
        let mut requests = Vec::with_capacity(CASES);
        for case in 0..CASES {
            let loaded = rng.pick(&surveys).clone();
            let body: Vec<u8> = if rng.one_in(8) {
                let len = rng.below(300);
                rng.bytes(len)
            } else {
                let mut pairs: Vec<(String, String)> = Vec::new();
                for (name, value) in random_answers(&mut rng, &loaded) {
                    let values = match value {
                        Value::Array(items) => items,
                        other => vec![other],
                    };
                    for v in values {
                        match v {
                            Value::String(s) => pairs.push((name.clone(), s)),
                            Value::Object(o) => {
                                pairs.push((name.clone(), OTHER.to_owned()));
                                let text = o.get("other").and_then(Value::as_str).unwrap_or("");
                                pairs.push((format!("{name}-other"), text.to_owned()));
                            }
                            other => pairs.push((name.clone(), other.to_string())),
                        }
                    }
                }
                for hidden in ["_token", "_page", "_lang", "website"] {
                    if rng.one_in(12) {
                        pairs.push((
                            hidden.to_owned(),
                            random_text(&mut rng, &loaded.survey.questions[0]),
                        ));
                    }
                }
                let mut body = form_urlencoded::Serializer::new(String::new());
                body.extend_pairs(pairs);
                body.finish().into_bytes()
            };
            let path = if rng.one_in(3) { "/embed" } else { "" };
            requests.push((case, format!("/s/{}{path}", loaded.survey.id), body));
        }
        let client = app.client.clone();
        let address = app.address.clone();
        let statuses: Vec<(usize, u16)> = futures_util::stream::iter(requests)
            .map(|(case, path, body)| {
                let (client, address) = (client.clone(), address.clone());
                async move {
                    let res = client
                        .post(format!("{address}{path}"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .body(body)
                        .send()
                        .await
                        .unwrap();
                    (case, res.status().as_u16())
                }
            })
            .buffer_unordered(IN_FLIGHT)
            .collect()
            .await;
        let mut by_status: std::collections::BTreeMap<u16, usize> = Default::default();
        for (case, status) in &statuses {
            assert!(
                [303, 413, 422].contains(status),
                "{backend:?}: case {case} answered {status}"
            );
            *by_status.entry(*status).or_default() += 1;
        }
        let stored = check_stored(&app, &surveys, backend).await;
        eprintln!(
            "{backend:?}: {CASES} forms, statuses {by_status:?}, {stored} stored, in {:?}",
            started.elapsed()
        );
        assert!(stored > CASES / 10, "{backend:?}: the cases reach storage");
        app.stop().await;
    }
}
