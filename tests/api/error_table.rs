//! Domain errors answer with the status of the one table in `web/error.rs`, in the workspace
//! as in the API: a race is 409, a stored record that cannot be read is 500 without its detail.

use crate::helpers::{Options, TestApp, backends, spawn_app_with};
use yousaid::period::Period;

const SURVEY: &str = "food-statistics-pocketbook";

async fn drafted(app: &TestApp) -> (String, String, Period) {
    for _ in 0..6 {
        let body = serde_json::json!({"answers": {"role": "academia", "satisfaction": 4}});
        assert_eq!(app.post_json(SURVEY, &body, None).await.status(), 201);
    }
    app.add_user("p@example.gov.uk", Some("food-statistics"), "publisher")
        .await;
    let publisher = app
        .sign_in("p@example.gov.uk", crate::helpers::PASSWORD)
        .await
        .unwrap();
    let csrf = app.csrf(&publisher).await;
    let period = Period::quarter_of(chrono::Utc::now());
    let drafted = app
        .post_as(
            &publisher,
            &format!("/admin/surveys/{SURVEY}/publication/draft"),
            &[
                ("_csrf", csrf.as_str()),
                ("period", &period.to_string()),
                ("partial", "yes"),
            ],
        )
        .await;
    assert_eq!(drafted.status(), 303);
    (publisher, csrf, period)
}

#[tokio::test]
async fn a_stored_draft_that_cannot_be_read_is_a_500_that_keeps_its_detail_in_the_log() {
    for backend in backends() {
        let app = spawn_app_with(backend, Options::default()).await;
        let (publisher, csrf, period) = drafted(&app).await;
        use sea_orm::ConnectionTrait;
        app.conn
            .execute_unprepared("UPDATE publications SET summary = '{\"not\": \"a summary\"}'")
            .await
            .unwrap();
        let res = app
            .post_as(
                &publisher,
                &format!("/admin/surveys/{SURVEY}/publication/{period}/approve"),
                &[("_csrf", csrf.as_str())],
            )
            .await;
        assert_eq!(res.status(), 500, "{backend:?}");
        let page = res.text().await.unwrap();
        assert!(
            page.contains("Something stored for this cannot be read")
                && !page.contains("missing field"),
            "the user reads what happened, not the parser's detail: {page}"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM publications WHERE state = 'published'")
                .await,
            0
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn two_publishers_signing_off_at_once_publish_once_and_the_loser_is_told_why() {
    for backend in backends() {
        let app = spawn_app_with(backend, Options::default()).await;
        let (publisher, csrf, period) = drafted(&app).await;
        let path = format!("/admin/surveys/{SURVEY}/publication/{period}/approve");
        let form = [("_csrf", csrf.as_str())];
        let tries = (0..4).map(|_| app.post_as(&publisher, &path, &form));
        let statuses: Vec<u16> = futures_util::future::join_all(tries)
            .await
            .iter()
            .map(|r| r.status().as_u16())
            .collect();
        assert_eq!(
            statuses.iter().filter(|s| **s == 303).count(),
            1,
            "{backend:?}: exactly one sign-off publishes: {statuses:?}"
        );
        assert!(
            statuses.iter().all(|s| [303, 409, 422].contains(s)),
            "{backend:?}: the others lost a race (409) or found no draft left (422): {statuses:?}"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM publications WHERE state = 'published'")
                .await,
            1
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn marking_spam_writes_its_audit_entry_in_the_same_transaction_or_not_at_all() {
    for backend in backends() {
        let app = spawn_app_with(backend, Options::default()).await;
        let body = serde_json::json!({"answers": {"role": "academia", "satisfaction": 4}});
        assert_eq!(app.post_json(SURVEY, &body, None).await.status(), 201);
        use sea_orm::EntityTrait;
        let rid = yousaid::storage::entities::response::Entity::find()
            .one(&app.conn)
            .await
            .unwrap()
            .unwrap()
            .id;
        let token = app.api_token("food-statistics", "editor").await;
        let spam = serde_json::json!({"spam": true});
        let missing = app
            .api(
                &token,
                reqwest::Method::POST,
                &format!("/surveys/{SURVEY}/responses/{}/spam", uuid::Uuid::nil()),
                Some(spam.clone()),
            )
            .await;
        assert_eq!(missing.status(), 404, "{backend:?}");
        let audited = "SELECT COUNT(*) FROM audit_events WHERE event = 'response.spam'";
        assert_eq!(
            app.count(audited).await,
            0,
            "a refused change leaves no entry"
        );
        let marked = app
            .api(
                &token,
                reqwest::Method::POST,
                &format!("/surveys/{SURVEY}/responses/{rid}/spam"),
                Some(spam),
            )
            .await;
        assert_eq!(marked.status(), 204, "{backend:?}");
        assert_eq!(app.count(audited).await, 1, "{backend:?}");
        app.stop().await;
    }
}
