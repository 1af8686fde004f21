//! A filter of one condition alone is totalled from its own table's index; the total must be
//! what the list itself holds, and what the same filter counted through the responses says.

use crate::helpers::{Options, backends, spawn_app_with};
use crate::seed;
use chrono::{Duration, Utc};
use reqwest::Method;
use serde_json::Value;
use std::collections::HashSet;
use yousaid::intake::{Door, RawAnswers, Writer, build, validate};
use yousaid::workspace::tagging::{self, Comment};
use yousaid::workspace::themes;

const EDITOR: &str = "editor@example.gov.uk";

#[tokio::test]
async fn each_filters_total_is_the_number_of_responses_it_lists() {
    for backend in backends() {
        let app = spawn_app_with(backend, Options::default()).await;
        let loaded = seed::pocketbook(&app.definitions);
        let db = &app.store;
        // 60 responses over more than a page: several `uses` each (a multiple choice), some
        // with both free-text answers mentioning the county, some tagged twice.
        let (writer, task) = Writer::start(db.clone());
        let mut ids = Vec::new();
        for i in 0..60_u32 {
            let mut pairs = vec![
                (
                    "role",
                    if i % 3 == 0 { "academia" } else { "media" }.to_owned(),
                ),
                // Only the unsatisfied are asked why.
                (
                    "satisfaction",
                    if i % 4 == 0 { "2" } else { "4" }.to_owned(),
                ),
                ("uses", "research".to_owned()),
            ];
            if i % 2 == 0 {
                pairs.push(("uses", "teaching".to_owned()));
            }
            if i % 4 == 0 {
                pairs.push(("comments", format!("County figures, please ({i})")));
                pairs.push(("why_unsatisfied", "The county tables came late".to_owned()));
            }
            let raw = RawAnswers::from_form(pairs.into_iter().map(|(q, v)| (q.to_owned(), v)));
            let answers = validate(&loaded.survey, raw).unwrap();
            let when = Utc::now() - Duration::minutes(i64::from(i) + 1);
            let door = Door::import(format!("totals-{i}"), when);
            ids.push(
                writer
                    .submit(build(&loaded, answers, door))
                    .await
                    .unwrap()
                    .id,
            );
        }
        drop(writer);
        task.await.unwrap();
        let theme = themes::create(db, &loaded, "County").await.unwrap();
        for id in ids.iter().step_by(4) {
            for question in ["comments", "why_unsatisfied"] {
                let comment = Comment {
                    response: *id,
                    question: question.to_owned(),
                };
                tagging::tag(db, &loaded, &comment, theme, EDITOR)
                    .await
                    .unwrap();
            }
        }

        let token = app.api_token("food-statistics", "viewer").await;
        let list = |query: String| {
            let (app, token) = (&app, token.clone());
            async move {
                let mut seen = HashSet::new();
                let mut total = None;
                for page in 1.. {
                    let path = format!(
                        "/surveys/food-statistics-pocketbook/responses?{query}&page={page}"
                    );
                    let res = app.api(&token, Method::GET, &path, None).await;
                    assert_eq!(res.status(), 200, "{path}");
                    let body: Value = res.json().await.unwrap();
                    total = body["total"].as_u64();
                    for r in body["responses"].as_array().unwrap() {
                        seen.insert(r["id"].as_str().unwrap().to_owned());
                    }
                    if page >= body["pages"].as_u64().unwrap() {
                        break;
                    }
                }
                (total.unwrap(), seen.len() as u64)
            }
        };
        let quarter = yousaid::period::Period::quarter_of(Utc::now());
        // The responses go back an hour: all in this quarter unless it began since.
        let earliest = yousaid::period::Period::quarter_of(Utc::now() - Duration::hours(2));
        for (query, expected) in [
            ("user_type=academia".to_owned(), 20),
            ("question=uses".to_owned(), 60),
            ("question=comments".to_owned(), 15),
            (format!("theme={theme}"), 15),
            ("q=county".to_owned(), 15),
            ("q=%22county+tables%22".to_owned(), 15),
            ("q=nowhere".to_owned(), 0),
            ("question=no-such-question".to_owned(), 0),
        ] {
            let (total, listed) = list(query.clone()).await;
            assert_eq!((total, listed), (expected, expected), "{backend:?} {query}");
            // With a period as well, the total is counted through the responses: the same.
            if quarter == earliest {
                let (total, _) = list(format!("{query}&period={quarter}")).await;
                assert_eq!(total, expected, "{backend:?} {query} in {quarter}");
            }
        }
        // A theme of another survey finds nothing here.
        let (catalog, _) = yousaid::definitions::Catalog::default()
            .reload(&app.definitions, Utc::now().date_naive())
            .unwrap();
        let emissions = catalog.get("air-pollutant-emissions").unwrap();
        let elsewhere = themes::create(db, &emissions, "Elsewhere").await.unwrap();
        assert_eq!(
            list(format!("theme={elsewhere}")).await,
            (0, 0),
            "{backend:?}"
        );
        app.stop().await;
    }
}
