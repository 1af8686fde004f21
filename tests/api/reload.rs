//! Editing a live survey: good edits are served, broken ones never take the survey down.

use crate::helpers::{backends, spawn_app};
use std::time::Duration;

async fn eventually(app: &crate::helpers::TestApp, path: &str, needle: &str) -> bool {
    for _ in 0..50 {
        if app.get(path).await.text().await.unwrap().contains(needle) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

#[tokio::test]
async fn an_edited_definition_is_served_and_a_broken_edit_keeps_the_last_good_version() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let file = app.definitions.join("page-feedback.yaml");
        let original = std::fs::read_to_string(&file).unwrap();
        assert!(
            app.get("/s/page-feedback")
                .await
                .text()
                .await
                .unwrap()
                .contains("Is this page useful?")
        );

        std::fs::write(
            &file,
            original.replace("Is this page useful?", "Was this page useful?"),
        )
        .unwrap();
        assert!(
            eventually(&app, "/s/page-feedback", "Was this page useful?").await,
            "{backend:?}: edit picked up"
        );

        std::fs::write(&file, original.replace("type: yes_no", "type: yes_or_no")).unwrap();
        tokio::time::sleep(Duration::from_millis(2_500)).await;
        let res = app.get("/s/page-feedback").await;
        assert_eq!(res.status(), 200, "{backend:?}: still serving");
        assert!(
            res.text().await.unwrap().contains("Was this page useful?"),
            "the last good version"
        );

        // Responses to each version record that version's YAML.
        let token = app.token("page-feedback").await;
        assert_eq!(
            app.post_form("/s/page-feedback", &[("_token", &token), ("useful", "yes")])
                .await
                .status(),
            303
        );
        let yaml = app
            .strings(
                "SELECT v.yaml FROM survey_versions v JOIN responses r ON r.version = v.version",
            )
            .await;
        assert!(yaml[0].contains("Was this page useful?"));
        app.stop().await;
    }
}

#[tokio::test]
async fn a_definition_that_once_crashed_the_reload_task_is_refused_and_later_edits_still_apply() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let file = app.definitions.join("page-feedback.yaml");
        let original = std::fs::read_to_string(&file).unwrap();

        // Issue 10: a scale over every i64 with a `show_if` on it killed the reload task.
        let huge = original.replace(
            "  - id: useful\n    type: yes_no\n",
            "  - id: sat\n    type: rating\n    label: { en: Sat, cy: Sat }\n    scale: { min: -9223372036854775808, max: 9223372036854775807 }\n  - id: useful\n    type: yes_no\n    show_if: { question: sat, in: [1] }\n",
        );
        assert_ne!(huge, original);
        std::fs::write(&file, &huge).unwrap();
        tokio::time::sleep(Duration::from_millis(2_500)).await;
        let res = app.get("/s/page-feedback").await;
        assert_eq!(
            res.status(),
            200,
            "{backend:?}: the last good version serves"
        );
        assert!(!res.text().await.unwrap().contains("Sat"));

        std::fs::write(
            &file,
            original.replace("Is this page useful?", "Was this page any use?"),
        )
        .unwrap();
        assert!(
            eventually(&app, "/s/page-feedback", "Was this page any use?").await,
            "{backend:?}: the reload task is still running"
        );
        app.stop().await;
    }
}
