//! Period facts for "you said, we did", counted by the database on both back-ends.

use crate::fixtures;
use crate::helpers::{backends, spawn_app_with};
use yousaid::definitions::{Catalog, Language};
use yousaid::intake::{RawAnswers, ResponseStatus, Submission, Writer, validate};
use yousaid::period::Period;

#[tokio::test]
async fn a_seeded_quarter_yields_its_counts_trend_means_and_exclusions() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        let (catalog, _) = Catalog::default()
            .reload(&app.definitions, chrono::Utc::now().date_naive())
            .unwrap();
        let loaded = catalog.get("tiny").unwrap();
        let (writer, task) = Writer::start(app.store.clone());
        let q2 = Period::Quarter(2026, 2);
        let (start, _) = q2.bounds();
        let mut pending = Vec::new();
        for i in 0..2_000u32 {
            let role = if i % 4 == 0 { "journalist" } else { "analyst" };
            let score = (1 + i % 5).to_string();
            let mut pairs = vec![
                ("role".to_owned(), role.to_owned()),
                ("score".to_owned(), score),
            ];
            if i % 2 == 0 {
                pairs.push(("topics".to_owned(), "food".to_owned()));
            }
            let answers =
                validate(&loaded.survey, RawAnswers::from_form(pairs), Language::En).unwrap();
            let when = if i < 10 {
                Period::Quarter(2026, 1).bounds().0
            } else {
                start + chrono::Duration::minutes(i64::from(i))
            };
            let status = if (10..13).contains(&i) {
                ResponseStatus::SuspectedBot
            } else {
                ResponseStatus::Ok
            };
            let submission = Submission {
                survey_id: "tiny".to_owned(),
                version: loaded.version.clone(),
                yaml: loaded.source.clone(),
                token: format!("seed-{i}"),
                page: None,
                status,
                answers,
                consents: Vec::new(),
                contact_retention: loaded.survey.retention.contact,
                submitted_at: when,
            };
            let writer = writer.clone();
            pending.push(tokio::spawn(async move { writer.submit(submission).await }));
        }
        for p in pending {
            p.await.unwrap().unwrap();
        }
        drop(writer);
        task.await.unwrap();

        let facts = yousaid::publishing::aggregate::gather(&app.store, &loaded, q2, 2)
            .await
            .unwrap();
        assert_eq!(
            facts.responses, 1_987,
            "{backend:?}: 2,000 − 10 in Q1 − 3 suspected bots"
        );
        assert_eq!(facts.excluded, 3);
        assert_eq!(
            facts.previous,
            vec![
                (Period::Quarter(2025, 4), 0),
                (Period::Quarter(2026, 1), 10)
            ]
        );
        let tally = |q: &str, v: &str| {
            facts
                .tallies
                .iter()
                .find(|t| t.question == q && t.value == v)
                .map_or(0, |t| t.count)
        };
        // Counted responses are i = 13..2000.
        let counted = 13..2_000u32;
        assert_eq!(
            tally("role", "journalist"),
            counted.clone().filter(|i| i % 4 == 0).count() as i64
        );
        assert_eq!(
            tally("role", "analyst"),
            counted.clone().filter(|i| i % 4 != 0).count() as i64
        );
        assert_eq!(
            tally("topics", "food"),
            counted.clone().filter(|i| i % 2 == 0).count() as i64
        );
        assert_eq!(
            tally("score", "5"),
            counted.clone().filter(|i| i % 5 == 4).count() as i64
        );
        let mean = facts.means.iter().find(|m| m.question == "score").unwrap();
        let expected: f64 = counted.clone().map(|i| f64::from(1 + i % 5)).sum::<f64>() / 1_987.0;
        assert!(
            (mean.mean - expected).abs() < 1e-9,
            "{backend:?}: {} vs {expected}",
            mean.mean
        );
        let before = facts
            .previous_means
            .iter()
            .find(|m| m.question == "score")
            .unwrap();
        assert_eq!(before.count, 10);
        app.stop().await;
    }
}
