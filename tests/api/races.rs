//! Two producers doing the same thing at the same moment: the loser is told it clashed (409),
//! never that the database is unavailable (503), and exactly one change is stored.

use crate::fixtures;
use crate::helpers::{backends, spawn_app_with};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn editors_creating_the_same_theme_at_once_get_one_theme_and_409_for_the_rest() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        let editor = app.api_token("test-team", "editor").await;
        for round in 0..4 {
            let name = format!("Speed {round}");
            let attempts = (0..12).map(|_| {
                app.api(
                    &editor,
                    Method::POST,
                    "/surveys/tiny/themes",
                    Some(json!({"name": name})),
                )
            });
            let statuses: Vec<u16> = futures_util::future::join_all(attempts)
                .await
                .iter()
                .map(|r| r.status().as_u16())
                .collect();
            assert_eq!(statuses.len(), 12);
            assert_eq!(
                statuses.iter().filter(|s| **s == 201).count(),
                1,
                "{backend:?} round {round}: {statuses:?}"
            );
            assert!(
                statuses.iter().all(|s| *s == 201 || *s == 409),
                "{backend:?} round {round}: {statuses:?}"
            );
        }
        assert_eq!(
            app.count("SELECT COUNT(*) FROM themes").await,
            4,
            "{backend:?}"
        );
    }
}
