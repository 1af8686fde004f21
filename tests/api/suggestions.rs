//! Theme suggestions from counts kept as comments arrive and are tagged: at every step they
//! are what counting every untagged comment afresh would suggest, on both databases; the
//! service counts in the background with no page viewed; and a page viewed while much is
//! still to count says so instead of waiting.

use crate::helpers::{TestApp, backends, spawn_app};
use reqwest::Method;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use yousaid::workspace::suggest::{scrub, suggest};

const SURVEY: &str = "food-statistics-pocketbook";

const COMMENTS: &[&str] = &[
    "More regional breakdowns, please, and the tables as CSV.",
    "Regional breakdowns for Wales would help.",
    "The county figures arrive too late for our budget planning.",
    "County figures are late again. Regional breakdowns too.",
    "Please keep the PDF: our members print the pocketbook.",
    "Keep the PDF, and email me at jo@example.org about it",
    "Mae angen mwy o ystadegau am Gymru, os gwelwch yn dda.",
    "Mwy o ystadegau am Gymru os gwelwch yn dda",
    "A chart of prices over ten years would help.",
    "Prices over ten years, as a chart.",
];

/// The suggestions the API gives, as "phrase (count)".
async fn listed(app: &TestApp, token: &str) -> Vec<String> {
    let path = format!("/surveys/{SURVEY}/themes/suggestions");
    let res = app.api(token, Method::GET, &path, None).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    let items = body.as_array().unwrap();
    items
        .iter()
        .map(|s| format!("{} ({})", s["phrase"].as_str().unwrap(), s["comments"]))
        .collect()
}

/// What counting `comments` afresh suggests.
fn recounted(comments: &[&str]) -> Vec<String> {
    let scrubbed: Vec<String> = comments.iter().map(|c| scrub(c)).collect();
    suggest(scrubbed.iter().map(String::as_str), 50)
        .iter()
        .map(|s| format!("{} ({})", s.phrase, s.comments))
        .collect()
}

async fn submit(app: &TestApp, survey: &str, question: &str, comment: &str) -> String {
    let body = json!({"answers": {"role": "academia", "satisfaction": 4, question: comment}});
    let res = app.post_json(survey, &body, None).await;
    assert_eq!(res.status(), 201);
    res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn kept_counts_suggest_what_a_full_recount_does_through_tags_untags_and_deletions() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let mut ids = Vec::new();
        for comment in COMMENTS {
            ids.push(submit(&app, SURVEY, "comments", comment).await);
        }
        // Another survey's comments never count towards this one's.
        for _ in 0..3 {
            let other = "Regional breakdowns for county figures";
            submit(&app, "air-pollutant-emissions", "improvements", other).await;
        }
        let token = app.api_token("food-statistics", "editor").await;
        let all = recounted(COMMENTS);
        assert!(
            all.contains(&"regional breakdowns (3)".to_owned()),
            "{all:?}"
        );
        assert!(!all.iter().any(|s| s.contains("example")), "{all:?}");
        assert_eq!(listed(&app, &token).await, all, "{backend:?}: at first");

        let made = app
            .api(
                &token,
                Method::POST,
                &format!("/surveys/{SURVEY}/themes"),
                Some(json!({"name": "Regional detail"})),
            )
            .await;
        assert_eq!(made.status(), 201);
        let theme = made.json::<Value>().await.unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let tag = |i: usize, remove: bool| {
            let (app, token, theme, id) = (&app, &token, &theme, ids[i].clone());
            async move {
                let path = format!("/surveys/{SURVEY}/responses/{id}/tags");
                let body = json!({"question": "comments", "theme": theme, "remove": remove});
                let res = app.api(token, Method::POST, &path, Some(body)).await;
                assert_eq!(res.status(), 204);
            }
        };
        for i in [0, 1, 3] {
            tag(i, false).await;
        }
        let untagged: Vec<&str> = [2, 4, 5, 6, 7, 8, 9].map(|i| COMMENTS[i]).to_vec();
        assert_eq!(
            listed(&app, &token).await,
            recounted(&untagged),
            "{backend:?}: tagged comments leave"
        );

        tag(1, true).await;
        let untagged: Vec<&str> = [1, 2, 4, 5, 6, 7, 8, 9].map(|i| COMMENTS[i]).to_vec();
        assert_eq!(
            listed(&app, &token).await,
            recounted(&untagged),
            "{backend:?}: an untagged comment comes back"
        );

        // Deleting the theme removes its tags, so both remaining comments come back too.
        let path = format!("/surveys/{SURVEY}/themes/{theme}");
        let res = app.api(&token, Method::DELETE, &path, None).await;
        assert_eq!(res.status(), 204);
        assert_eq!(
            listed(&app, &token).await,
            all,
            "{backend:?}: a deleted theme's comments come back"
        );

        // A response deleted from the database (as an operator might) takes its phrases along.
        let sql = format!(
            "DELETE FROM responses WHERE id IN (SELECT response_id FROM answers WHERE text = '{}')",
            COMMENTS[8]
        );
        app.conn.execute_unprepared(&sql).await.unwrap();
        let left: Vec<&str> = [0, 1, 2, 3, 4, 5, 6, 7, 9].map(|i| COMMENTS[i]).to_vec();
        assert_eq!(
            listed(&app, &token).await,
            recounted(&left),
            "{backend:?}: a deleted response leaves"
        );
        assert!(
            !listed(&app, &token)
                .await
                .iter()
                .any(|s| s.starts_with("chart "))
        );
        // Nothing counted for the survey is left over for phrases no comment holds any more.
        let stale = app
            .count(&format!(
                "SELECT COUNT(*) FROM phrase_counts WHERE survey_id = '{SURVEY}' AND comments < 1"
            ))
            .await;
        assert_eq!(stale, 0, "{backend:?}");
        app.stop().await;
    }
}

#[tokio::test]
async fn comments_are_counted_in_the_background_with_no_page_viewed() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        for comment in COMMENTS {
            submit(&app, SURVEY, "comments", comment).await;
        }
        let started = Instant::now();
        while app.count("SELECT COUNT(*) FROM phrase_queue").await > 0 {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "{backend:?}: the queue was not counted"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let regional = app
            .count(&format!(
                "SELECT comments FROM phrase_counts WHERE survey_id = '{SURVEY}' AND phrase = 'regional breakdowns'"
            ))
            .await;
        assert_eq!(regional, 3, "{backend:?}");
        assert_eq!(
            app.count("SELECT COUNT(*) FROM phrase_counted").await,
            i64::try_from(COMMENTS.len()).unwrap(),
            "{backend:?}: one counted row per comment"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn a_page_viewed_with_much_still_to_count_says_so_and_does_not_wait() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        submit(&app, SURVEY, "comments", COMMENTS[0]).await;
        submit(&app, SURVEY, "comments", COMMENTS[1]).await;
        // Fifty thousand changes to responses that have since gone, queued as a bulk load
        // into the database would queue them.
        let uuid = match app.conn.get_database_backend() {
            sea_orm::DbBackend::Postgres => "gen_random_uuid()",
            _ => "randomblob(16)",
        };
        app.conn
            .execute_unprepared(&format!(
                "INSERT INTO phrase_queue (response_id)
                 WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 50000)
                 SELECT {uuid} FROM seq"
            ))
            .await
            .unwrap();
        app.add_user("ed@example.gov.uk", Some("food-statistics"), "editor")
            .await;
        let cookie = app
            .sign_in("ed@example.gov.uk", crate::helpers::PASSWORD)
            .await
            .unwrap();
        let path = format!("/admin/surveys/{SURVEY}/themes");
        let viewed = Instant::now();
        let page = app.get_as(&cookie, &path).await.text().await.unwrap();
        let took = viewed.elapsed();
        assert!(page.contains("Still counting "), "{backend:?}: {page}");
        assert!(took < Duration::from_secs(5), "{backend:?}: {took:?}");

        let started = Instant::now();
        loop {
            let page = app.get_as(&cookie, &path).await.text().await.unwrap();
            if !page.contains("Still counting ") {
                assert!(
                    page.contains("regional breakdowns</a> (2 comments)"),
                    "{backend:?}: {page}"
                );
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "{backend:?}: never caught up"
            );
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        app.stop().await;
    }
}
