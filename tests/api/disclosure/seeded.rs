//! The seeded publications, made by the running service on each database, audited from what
//! it serves: the pocketbook quarter, and a tiny survey corrected for late responses.

use super::audit::{Revision, audit};
use crate::fixtures;
use crate::helpers::{Options, TestApp, backends, spawn_app_with};
use crate::seed;
use yousaid::definitions::LoadedSurvey;
use yousaid::period::Period;
use yousaid::publishing::aggregate::{self, Facts};
use yousaid::publishing::disclosure::Cell;
use yousaid::publishing::drafts;
use yousaid::publishing::site::Site;
use yousaid::publishing::summary::Summary;

/// What drafting counts (with the same four periods of trend), for the audit's truth.
async fn counted(app: &TestApp, loaded: &LoadedSurvey, period: Period) -> Facts {
    aggregate::gather(&app.store, loaded, period, 4)
        .await
        .unwrap()
}

async fn publish(app: &TestApp, loaded: &LoadedSurvey, period: Period, note: Option<&str>) -> i32 {
    let site = Site::new(&app.address);
    drafts::draft(
        &app.store,
        &site,
        loaded,
        period,
        "test",
        drafts::Unended::DraftPartial,
    )
    .await
    .unwrap();
    drafts::approve(
        &app.store,
        &site,
        &loaded.survey.id,
        period,
        "test",
        note,
        None,
    )
    .await
    .unwrap()
}

async fn revision(app: &TestApp, survey: &str, period: Period, n: i32) -> Summary {
    drafts::published(&app.store, survey, period, Some(n))
        .await
        .unwrap()
        .unwrap()
        .summary
}

#[tokio::test]
async fn every_figure_of_the_seeded_pocketbook_quarter_leaves_its_suppressed_counts_unknown() {
    const Q3: Period = Period::Quarter(2026, 3);
    for backend in backends() {
        let app = spawn_app_with(backend, Options::default()).await;
        let loaded = seed::pocketbook(&app.definitions);
        seed::quarter(&app.store, &loaded, Q3, 40).await;
        publish(&app, &loaded, Q3, None).await;
        let facts = counted(&app, &loaded, Q3).await;
        let doc = app
            .get_json(&format!("/published/food-statistics-pocketbook/{Q3}.json"))
            .await;
        let summary: Summary = serde_json::from_value(doc["summary"].clone()).unwrap();
        assert!(
            summary
                .who
                .as_ref()
                .unwrap()
                .rows
                .iter()
                .any(|r| r.count == Cell::Suppressed),
            "{backend:?}: the seeded quarter has suppressed cells to protect"
        );
        let problems = audit(
            &loaded,
            &[Revision {
                summary: &summary,
                facts: &facts,
            }],
        );
        assert!(problems.is_empty(), "{backend:?}: {problems:?}");
        app.stop().await;
    }
}

async fn answer(app: &TestApp, role: &str, score: u8, topics: &[&str], n: usize) {
    for _ in 0..n {
        let body = serde_json::json!({"answers": {"role": role, "score": score, "topics": topics}});
        assert_eq!(app.post_json("tiny", &body, None).await.status(), 201);
    }
}

fn f3_tables(loaded: &LoadedSurvey, facts: &Facts) -> Vec<yousaid::publishing::summary::Table> {
    yousaid::publishing::summary::build(loaded, facts, &Default::default()).questions
}

#[tokio::test]
async fn a_correction_for_one_late_response_gives_none_of_its_answers_away() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        let loaded = super::tiny();
        let period = Period::quarter_of(chrono::Utc::now());
        // 45 answers, two of the ratings too rare to show: 1 (2 people) and 2 (3 people).
        answer(&app, "analyst", 1, &["food"], 2).await;
        answer(&app, "analyst", 2, &["food"], 3).await;
        answer(&app, "journalist", 3, &["farming"], 10).await;
        answer(&app, "analyst", 4, &["food", "fish"], 15).await;
        answer(&app, "analyst", 5, &["farming"], 15).await;
        publish(&app, &loaded, period, None).await;
        let f1 = counted(&app, &loaded, period).await;
        let s1 = revision(&app, "tiny", period, 1).await;
        let score = s1.questions.iter().find(|t| t.question == "score").unwrap();
        assert_eq!(
            score.mean, None,
            "{backend:?}: the mean would fix the hidden 2 and 3"
        );
        let json = app
            .get(&format!("/published/tiny/{period}.json"))
            .await
            .text()
            .await
            .unwrap();
        let md = app
            .get(&format!("/published/tiny/{period}.md"))
            .await
            .text()
            .await
            .unwrap();
        let page = app
            .get(&format!("/published/tiny/{period}"))
            .await
            .text()
            .await
            .unwrap();
        for (format, body) in [("JSON", &json), ("Markdown", &md), ("page", &page)] {
            assert!(
                !body.contains("Average"),
                "{backend:?}: the {format} publishes a mean"
            );
        }
        assert!(json.contains(r#""mean":null"#), "{backend:?}: {json}");

        // One late response, then a correction: revision 1 stays public beside it.
        answer(&app, "journalist", 5, &["fish"], 1).await;
        assert_eq!(
            publish(&app, &loaded, period, Some("One late response")).await,
            2
        );
        let f2 = counted(&app, &loaded, period).await;
        let s2 = revision(&app, "tiny", period, 2).await;
        assert_eq!(s2.responses, Cell::Shown(46), "{backend:?}");
        assert_eq!(
            (&s2.who, &s2.questions),
            (&s1.who, &s1.questions),
            "{backend:?}: a change of one response keeps the published tables"
        );
        assert!(s2.methods.contains("keeps the figures already published"));
        let both = [
            Revision {
                summary: &s1,
                facts: &f1,
            },
            Revision {
                summary: &s2,
                facts: &f2,
            },
        ];
        let problems = audit(&loaded, &both);
        assert!(problems.is_empty(), "{backend:?}: {problems:?}");

        // Enough late responses to publish a change: with four more like the first late one,
        // every cell that changed since revision 1 changed by at least 5.
        answer(&app, "analyst", 4, &["food"], 10).await;
        answer(&app, "journalist", 5, &["fish"], 4).await;
        let note = Some("Fourteen late responses");
        assert_eq!(publish(&app, &loaded, period, note).await, 3);
        let f3 = counted(&app, &loaded, period).await;
        let s3 = revision(&app, "tiny", period, 3).await;
        let role = s3.who.as_ref().unwrap();
        assert_eq!(
            role.total,
            Cell::Shown(60),
            "{backend:?}: the who table is updated"
        );
        assert_eq!(
            s3.questions,
            f3_tables(&loaded, &f3),
            "{backend:?}: so is every question"
        );
        let all = [
            Revision {
                summary: &s1,
                facts: &f1,
            },
            Revision {
                summary: &s2,
                facts: &f2,
            },
            Revision {
                summary: &s3,
                facts: &f3,
            },
        ];
        let problems = audit(&loaded, &all);
        assert!(problems.is_empty(), "{backend:?}: {problems:?}");
        app.stop().await;
    }
}
