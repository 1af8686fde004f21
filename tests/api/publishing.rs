//! Period facts for "you said, we did", counted by the database on both back-ends.

use crate::fixtures;
use crate::helpers::{backends, spawn_app_with};
use yousaid::definitions::Catalog;
use yousaid::intake::{RawAnswers, ResponseStatus, Submission, Writer, validate};
use yousaid::period::Period;
use yousaid::publishing::site::Site;
use yousaid::publishing::summary::{ThemeCount, TrendPoint};

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
            let answers = validate(&loaded.survey, RawAnswers::from_form(pairs)).unwrap();
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
                fingerprint: None,
                referred: false,
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

fn tiny() -> yousaid::definitions::LoadedSurvey {
    let survey = yousaid::definitions::parse(
        "tiny",
        fixtures::TINY,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
    )
    .survey
    .unwrap();
    yousaid::definitions::LoadedSurvey {
        version: yousaid::definitions::Version::of(&survey),
        survey,
        source: std::sync::Arc::from(fixtures::TINY),
        publisher: Default::default(),
    }
}

fn tally(question: &str, value: &str, count: i64) -> yousaid::publishing::aggregate::Tally {
    yousaid::publishing::aggregate::Tally {
        question: question.to_owned(),
        value: value.to_owned(),
        count,
    }
}

#[test]
fn a_summary_suppresses_small_cells_and_the_cell_that_would_reveal_them() {
    use yousaid::publishing::disclosure::Cell;
    let facts = yousaid::publishing::aggregate::Facts {
        period: Period::Quarter(2026, 3),
        responses: 40,
        excluded: 10,
        previous: vec![(Period::Quarter(2026, 2), 3), (Period::Quarter(2026, 1), 0)],
        // 30 analysts, 8 journalists, 2 "Other": 2 is below 5, and alone it could be worked out
        // from the total, so the next smallest (8) goes too.
        tallies: vec![
            tally("role", "analyst", 30),
            tally("role", "journalist", 8),
            tally("role", "other", 2),
            tally("score", "4", 40),
        ],
        means: vec![yousaid::publishing::aggregate::Mean {
            question: "score".to_owned(),
            mean: 4.0,
            count: 40,
        }],
        previous_means: vec![yousaid::publishing::aggregate::Mean {
            question: "score".to_owned(),
            mean: 3.5,
            count: 3,
        }],
        previous_tallies: Vec::new(),
        themes: [("Formats".to_owned(), 12), ("Prices".to_owned(), 1)]
            .into_iter()
            .collect(),
        pages: Vec::new(),
    };
    let summary = yousaid::publishing::summary::build(&tiny(), &facts, &Default::default());
    assert_eq!(summary.responses, Cell::Shown(40));
    assert_eq!(
        summary.trend,
        vec![
            TrendPoint {
                period: Period::Quarter(2026, 2),
                responses: Cell::Suppressed
            },
            TrendPoint {
                period: Period::Quarter(2026, 1),
                responses: Cell::Shown(0)
            }
        ]
    );
    assert_eq!(summary.excluded_percent, Some(20.0));
    let who = summary.who.as_ref().unwrap();
    let cells: Vec<(&str, Cell, Option<f64>)> = who
        .rows
        .iter()
        .map(|r| (r.value.as_str(), r.count, r.percent))
        .collect();
    assert_eq!(
        cells,
        [
            ("analyst", Cell::Shown(30), Some(75.0)),
            ("journalist", Cell::Suppressed, None),
            ("other", Cell::Suppressed, None)
        ]
    );
    assert_eq!(
        summary.not_heard_from,
        ["Journalist"],
        "suppressed user types count as not heard from enough"
    );
    let score = summary
        .questions
        .iter()
        .find(|t| t.question == "score")
        .unwrap();
    assert_eq!(score.mean, Some(4.0));
    assert_eq!(
        score.mean_change, None,
        "last period's mean came from too few answers to compare"
    );
    assert_eq!(
        summary.themes,
        [
            ThemeCount {
                name: "Formats".to_owned(),
                comments: Cell::Shown(12)
            },
            ThemeCount {
                name: "Prices".to_owned(),
                comments: Cell::Suppressed
            }
        ]
    );
    assert!(summary.methods.contains("not a representative sample"));

    let few = yousaid::publishing::aggregate::Facts {
        responses: 4,
        ..facts
    };
    let summary = yousaid::publishing::summary::build(&tiny(), &few, &Default::default());
    assert_eq!(
        summary.responses,
        Cell::Suppressed,
        "fewer than the threshold in total"
    );
    assert!(
        summary.questions.is_empty() && summary.who.is_none(),
        "then only counts, as \"fewer than N\""
    );
}

#[tokio::test]
async fn nothing_is_public_before_sign_off_and_a_correction_is_a_new_revision() {
    use yousaid::publishing::drafts;
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        let post = |n: usize| {
            let app = &app;
            async move {
                for _ in 0..n {
                    let body = serde_json::json!({"answers": {"role": "analyst", "score": 4}});
                    assert_eq!(app.post_json("tiny", &body, None).await.status(), 201);
                }
            }
        };
        post(6).await;
        let (catalog, _) = Catalog::default()
            .reload(&app.definitions, chrono::Utc::now().date_naive())
            .unwrap();
        let loaded = catalog.get("tiny").unwrap();
        let period = Period::quarter_of(chrono::Utc::now());
        let path = format!("/published/tiny/{period}.json");
        let site = Site::new(&app.address);

        let first = drafts::draft(
            &app.store,
            &site,
            &loaded,
            period,
            "test",
            drafts::Unended::DraftPartial,
        )
        .await
        .unwrap();
        assert_eq!(first.revision, 1, "{backend:?}");
        assert_eq!(app.get(&path).await.status(), 404, "a draft is not public");
        let again = drafts::draft(
            &app.store,
            &site,
            &loaded,
            period,
            "test",
            drafts::Unended::DraftPartial,
        )
        .await
        .unwrap();
        assert_eq!(
            (again.revision, again.changed),
            (1, false),
            "regenerating shows nothing changed"
        );
        assert_eq!(
            drafts::approve(&app.store, &site, "tiny", period, "test", None, None)
                .await
                .unwrap(),
            1
        );
        let published: serde_json::Value = app.get_json(&path).await;
        assert_eq!(published["revision"], 1);
        assert_eq!(published["summary"]["responses"], 6);

        post(2).await;
        let correction = drafts::draft(
            &app.store,
            &site,
            &loaded,
            period,
            "test",
            drafts::Unended::DraftPartial,
        )
        .await
        .unwrap();
        assert_eq!(correction.revision, 2);
        let still: serde_json::Value = app.get_json(&path).await;
        assert_eq!(
            still["summary"]["responses"], 6,
            "the published revision stays until the correction is approved"
        );
        assert!(
            drafts::approve(&app.store, &site, "tiny", period, "test", None, None)
                .await
                .is_err(),
            "a correction needs a note"
        );
        drafts::approve(
            &app.store,
            &site,
            "tiny",
            period,
            "test",
            Some("Two late responses added"),
            None,
        )
        .await
        .unwrap();
        let corrected: serde_json::Value = app.get_json(&path).await;
        assert_eq!(
            (
                corrected["revision"].as_i64(),
                corrected["summary"]["responses"].as_i64()
            ),
            (Some(2), Some(8))
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM publications").await,
            2,
            "the old revision stays"
        );
        assert_eq!(app.get("/published/tiny/2001-Q1.json").await.status(), 404);
        app.stop().await;
    }
}

#[tokio::test]
async fn rolled_up_days_are_counted_again_after_spam_marking_and_back_dated_responses() {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    use yousaid::storage::entities::response;
    for backend in backends() {
        let app = spawn_app_with(backend, crate::helpers::Options::default()).await;
        let loaded = crate::seed::pocketbook(&app.definitions);
        let q2 = Period::Quarter(2026, 2);
        crate::seed::quarter(&app.store, &loaded, Period::Quarter(2026, 3), 20).await;
        let gather = || yousaid::publishing::aggregate::gather(&app.store, &loaded, q2, 1);
        let first = gather().await.unwrap();
        assert_eq!((first.responses, first.excluded), (20, 0), "{backend:?}");
        assert!(
            app.count("SELECT COUNT(*) FROM rollup_days").await >= 90,
            "the quarter's days are rolled up"
        );

        // Spam: that day is counted again.
        let one = response::Entity::find()
            .filter(response::Column::Token.eq("seed-100003"))
            .one(&app.conn)
            .await
            .unwrap()
            .unwrap();
        yousaid::workspace::responses::set_spam(&app.store, &loaded, one.id, true, "test")
            .await
            .unwrap();
        let after = gather().await.unwrap();
        assert_eq!((after.responses, after.excluded), (19, 1), "{backend:?}");
        let academia = |f: &yousaid::publishing::aggregate::Facts| {
            f.tallies
                .iter()
                .find(|t| t.question == "role" && t.value == "academia")
                .map(|t| t.count)
        };
        assert_eq!(academia(&after), Some(19));

        // A back-dated response (as an import writes) lands on a rolled-up day.
        let (start, _) = q2.bounds();
        crate::seed::one_at(
            &app.store,
            &loaded,
            999_999,
            start + chrono::Duration::days(40),
        )
        .await;
        let imported = gather().await.unwrap();
        assert_eq!(
            imported.responses, 20,
            "{backend:?}: the imported response counts"
        );
        assert_eq!(academia(&imported), Some(20));
        app.stop().await;
    }
}
