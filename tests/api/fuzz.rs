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
use yousaid::definitions::{Catalog, Kind, LoadedSurvey, OTHER, Question};
use yousaid::intake::{RawAnswers, validate};
use yousaid::storage::entities::{answer, contact, response};

use crate::splitmix::SplitMix64;

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
        0..=2 => json!(random_text(rng, q)),
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
        if let Err(errors) = validate(&loaded.survey, raw) {
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

/// A sheet for the `tiny` survey that imports cleanly.
const SHEET: &str = "Timestamp,Who are you?,Score,Why?,Topics,How many,Email
2026/04/01 9:00:00 AM GMT+1,Analyst,2,Too slow,\"Food, Fish\",3,a@example.org
01/04/2026 10:30:00,Consultant,5,,,,
2026-04-02T10:00:00Z,Journalist,1,\"Say \"\"more\"\"\",Farming,0,
02/04/2026 11:15,analyst,4,,\"Fish\",100,
";

const ODD_CELLS: [&str; 18] = [
    "\"",
    "\"\"",
    "\"a,b\"",
    "\"open",
    "x\"y",
    ";",
    "\t",
    "\r",
    "\u{0}",
    "ŵ😀",
    "31/02/2026 09:00",
    "2026-13-01T00:00:00Z",
    "1999-12-31T23:59:59Z",
    "04/01/2026 9:00:00 AM GMT+14",
    "25/10/2026 01:30:00",
    "9999999999999999999999",
    "-1",
    "",
];

fn mutate_sheet(rng: &mut SplitMix64) -> Vec<u8> {
    let mut lines: Vec<String> = SHEET.lines().map(str::to_owned).collect();
    for _ in 0..1 + rng.below(3) {
        let i = rng
            .below(lines.len().max(1))
            .min(lines.len().saturating_sub(1));
        if lines.is_empty() {
            lines.push(String::new());
        }
        match rng.below(9) {
            0 => {
                let mut cells: Vec<String> = lines[i].split(',').map(str::to_owned).collect();
                let c = rng.below(cells.len());
                cells[c] = (*rng.pick(&ODD_CELLS)).to_owned();
                lines[i] = cells.join(",");
            }
            1 => {
                let delimiter = *rng.pick(&[";", "\t", "|", ", "]);
                lines[i] = lines[i].replace(',', delimiter);
            }
            2 => {
                // Headers: case, order, blanks and repeats.
                let mut cells: Vec<String> = lines[0].split(',').map(str::to_owned).collect();
                let c = rng.below(cells.len());
                match rng.below(4) {
                    0 => cells[c] = cells[c].to_uppercase(),
                    1 => cells[c] = String::new(),
                    2 => cells.push(cells[c].clone()),
                    _ => {
                        let d = rng.below(cells.len());
                        cells.swap(c, d);
                    }
                }
                lines[0] = cells.join(",");
            }
            3 => {
                lines.remove(i);
            }
            4 => {
                let copy = lines[i].clone();
                lines.insert(i, copy);
            }
            5 => lines.insert(i, ",,,,".to_owned()),
            6 => {
                let len = rng.below(30);
                let garbage = String::from_utf8_lossy(&rng.bytes(len)).into_owned();
                lines[i].push_str(&garbage);
            }
            7 => lines[i].push_str(&",x".repeat(rng.below(4))),
            _ => lines.truncate(i),
        }
    }
    let newline = *rng.pick(&["\n", "\r\n", "\r"]);
    let mut bytes = lines.join(newline).into_bytes();
    let (at, insert): (usize, Vec<u8>) = match rng.below(8) {
        0 => (0, b"\xEF\xBB\xBF".to_vec()),
        1 => (0, b"\xFF\xFE".to_vec()),
        // Latin-1 `£` and `é`, as old spreadsheet exports write them.
        2 => (rng.below(bytes.len() + 1), b"\xA3\xE9".to_vec()),
        3 => {
            let len = rng.below(16);
            (rng.below(bytes.len() + 1), rng.bytes(len))
        }
        _ => (0, Vec::new()),
    };
    bytes.splice(at..at, insert);
    bytes
}

#[test]
fn fuzz_mutated_sheets_are_read_and_checked_without_a_panic() {
    const CASES: usize = 3_000;
    let defs = tempfile::tempdir().unwrap();
    crate::helpers::copy_definitions(defs.path());
    std::fs::write(defs.path().join("tiny.yaml"), fixtures::TINY).unwrap();
    let (catalog, _) = Catalog::default()
        .reload(defs.path(), chrono::Utc::now().date_naive())
        .unwrap();
    let tiny = catalog.get("tiny").unwrap();
    let mut rng = SplitMix64::new(0x5ee7);
    let (mut read, mut refused) = (0, 0);
    for case in 0..CASES {
        let bytes = mutate_sheet(&mut rng);
        let outcome = std::panic::catch_unwind(|| {
            let sheet = yousaid::import::sheet::read(&bytes).ok()?;
            let mapping = yousaid::import::map_columns(&tiny.survey, &sheet);
            let (good, bad) = yousaid::import::check_rows(&tiny.survey, &mapping, &sheet);
            for row in &bad {
                assert!(row.line >= 1 && !row.problems.is_empty(), "{row:?}");
            }
            Some(good.len())
        })
        .unwrap_or_else(|_| {
            panic!(
                "case {case} panicked on {:?}",
                String::from_utf8_lossy(&bytes)
            )
        });
        match outcome {
            Some(_) => read += 1,
            None => refused += 1,
        }
    }
    eprintln!("{CASES} sheets: {read} read, {refused} refused as a whole");
}

#[tokio::test]
async fn fuzz_importing_mutated_sheets_twice_exits_0_or_1_and_never_stores_a_row_twice() {
    const FILES: usize = 80;
    for backend in backends() {
        let dir = Arc::new(tempfile::tempdir().unwrap());
        let defs = dir.path().join("defs");
        crate::helpers::copy_definitions(&defs);
        std::fs::write(defs.join("tiny.yaml"), fixtures::TINY).unwrap();
        let db = crate::helpers::TestDb::new(backend, dir.clone()).await;
        let store = yousaid::storage::Db::connect(&db.url).await.unwrap();
        store.migrate().await.unwrap();
        let count = || async {
            response::Entity::find()
                .all(store.conn())
                .await
                .unwrap()
                .len()
        };
        let started = std::time::Instant::now();
        let mut rng = SplitMix64::new(0x1a2b);
        let mut codes: std::collections::BTreeMap<i32, usize> = Default::default();
        for case in 0..FILES {
            let file = dir.path().join(format!("case-{case}.csv"));
            std::fs::write(&file, mutate_sheet(&mut rng)).unwrap();
            let extra: &[&str] = if rng.one_in(2) {
                &["--skip-invalid"]
            } else {
                &[]
            };
            let run = || {
                std::process::Command::new(env!("CARGO_BIN_EXE_yousaid"))
                    .args(["import", "--survey", "tiny"])
                    .args(extra)
                    .arg(&file)
                    .env("DATABASE_URL", &db.url)
                    .env("YOUSAID_DEFINITIONS", &defs)
                    .output()
                    .unwrap()
            };
            let first = run();
            let after_first = count().await;
            let second = run();
            let after_second = count().await;
            for out in [&first, &second] {
                let code = out.status.code().unwrap_or(-1);
                let stderr = String::from_utf8_lossy(&out.stderr);
                assert!(
                    [0, 1].contains(&code) && !stderr.contains("panicked"),
                    "{backend:?}: case {case} exited {code}: {stderr}"
                );
                *codes.entry(code).or_default() += 1;
            }
            assert_eq!(
                first.status.code(),
                second.status.code(),
                "{backend:?}: case {case}"
            );
            assert_eq!(
                after_first, after_second,
                "{backend:?}: case {case} stored rows again on the second import"
            );
        }
        eprintln!(
            "{backend:?}: {FILES} sheets imported twice, exit codes {codes:?}, {} responses, in {:?}",
            count().await,
            started.elapsed()
        );
        store.conn().clone().close().await.ok();
        db.drop_database().await;
    }
}
