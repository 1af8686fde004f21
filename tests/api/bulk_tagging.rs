//! Coding comments at the speed of reading: many comments tagged at once, the next untagged
//! response, a theme picker with nothing chosen for you, and pages in words, not codes.

use crate::fixtures;
use crate::helpers::{PASSWORD, TestApp, backends, spawn_app_with};
use crate::workspace_forms::{assert_shown_again, id_after};
use serde_json::json;

/// The `tiny` survey with four comments and a theme, and a signed-in editor.
async fn coded(backend: crate::helpers::Backend) -> (TestApp, String, String, String) {
    let app = spawn_app_with(backend, fixtures::options()).await;
    for (score, why) in [
        (1, "Slow pages"),
        (2, "Slow tables"),
        (1, "Need regional data"),
        (2, "Slow downloads"),
    ] {
        let body = json!({"answers": {"role": "analyst", "score": score, "why": why, "topics": ["fish", "food"]}});
        assert_eq!(app.post_json("tiny", &body, None).await.status(), 201);
    }
    app.add_user("ed@example.gov.uk", Some("test-team"), "editor")
        .await;
    let cookie = app.sign_in("ed@example.gov.uk", PASSWORD).await.unwrap();
    let csrf = app.csrf(&cookie).await;
    let made = app
        .post_as(
            &cookie,
            "/admin/surveys/tiny/themes",
            &[("_csrf", &csrf), ("name", "Speed")],
        )
        .await;
    assert_eq!(made.status(), 303);
    let themes = app.get_as(&cookie, "/admin/surveys/tiny/themes").await;
    let theme = id_after(&themes.text().await.unwrap(), "/responses?theme=");
    (app, cookie, csrf, theme)
}

/// The page at `path`, as the signed-in producer sees it.
async fn html(app: &TestApp, cookie: &str, path: &str) -> String {
    app.get_as(cookie, path).await.text().await.unwrap()
}

/// The `{response}/{question}` value of each comment checkbox on a page, in page order.
fn checkboxes(html: &str) -> Vec<String> {
    html.split("name=\"comments\" type=\"checkbox\" value=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn comments_containing_a_phrase_are_tagged_at_once_in_one_audited_change() {
    for backend in backends() {
        let (app, cookie, csrf, theme) = coded(backend).await;
        let list = html(&app, &cookie, "/admin/surveys/tiny/responses?q=slow").await;
        let picked = checkboxes(&list);
        assert_eq!(picked.len(), 3, "{backend:?}: one box per comment shown");
        assert!(picked.iter().all(|p| p.ends_with("/why")));
        assert!(list.contains("<option value=\"\">Choose a theme</option>"));
        let res = app
            .post_as(
                &cookie,
                "/admin/surveys/tiny/tags",
                &[
                    ("_csrf", &csrf),
                    ("back", "q=slow"),
                    ("theme", &theme),
                    ("comments", &picked[0]),
                    ("comments", &picked[2]),
                ],
            )
            .await;
        assert_eq!(res.status(), 303, "{backend:?}");
        assert_eq!(
            res.headers()["location"],
            "/admin/surveys/tiny/responses?q=slow&tagged=2"
        );
        assert_eq!(app.count("SELECT COUNT(*) FROM answer_themes").await, 2);
        let audited = app
            .strings("SELECT detail FROM audit_events WHERE event = 'response.tag'")
            .await;
        assert_eq!(audited.len(), 1, "{backend:?}: one entry for the change");
        assert!(
            audited[0].contains("\"theme\":\"Speed\"") && audited[0].contains(&picked[2][..36])
        );
        let after = html(
            &app,
            &cookie,
            "/admin/surveys/tiny/responses?q=slow&tagged=2",
        )
        .await;
        assert!(after.contains("<div class=\"notice\" role=\"status\"><p>Tagged 2 comments.</p>"));
        assert_eq!(
            after
                .matches("<span class=\"tag\">Speed (Why?)</span>")
                .count(),
            2
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn bulk_tagging_without_a_theme_or_a_comment_is_shown_again_with_the_selection_kept() {
    for backend in backends() {
        let (app, cookie, csrf, theme) = coded(backend).await;
        let list = html(&app, &cookie, "/admin/surveys/tiny/responses?q=slow").await;
        let picked = checkboxes(&list);
        let res = app
            .post_as(
                &cookie,
                "/admin/surveys/tiny/tags",
                &[
                    ("_csrf", &csrf),
                    ("back", "q=slow"),
                    ("theme", ""),
                    ("comments", &picked[1]),
                ],
            )
            .await;
        assert_eq!(res.status(), 422, "{backend:?}");
        let html = res.text().await.unwrap();
        assert_shown_again(&html, &[("bulk-theme", "Choose a theme")]);
        assert!(html.contains(&format!("value=\"{}\" checked", picked[1])));
        assert_eq!(
            html.matches("\" checked").count(),
            1,
            "only that one stays selected"
        );
        assert!(html.contains("value=\"slow\""), "the filter is kept");

        let none = app
            .post_as(
                &cookie,
                "/admin/surveys/tiny/tags",
                &[("_csrf", &csrf), ("back", "q=slow"), ("theme", &theme)],
            )
            .await;
        assert_eq!(none.status(), 422);
        let html = none.text().await.unwrap();
        let first = format!("pick-{}", picked[0].replace('/', "-"));
        assert_shown_again(&html, &[(&first, "Select at least one comment")]);
        assert!(html.contains(&format!(
            "<option value=\"{theme}\" selected>Speed</option>"
        )));
        let other = app
            .post_as(
                &cookie,
                "/admin/surveys/tiny/tags",
                &[
                    ("_csrf", &csrf),
                    ("theme", &theme),
                    ("comments", &format!("{}/score", &picked[0][..36])),
                ],
            )
            .await;
        assert_eq!(other.status(), 422, "a rating is no comment to tag");
        assert_eq!(app.count("SELECT COUNT(*) FROM answer_themes").await, 0);
        app.stop().await;
    }
}

#[tokio::test]
async fn tagging_one_response_can_go_on_to_the_next_untagged_one_in_list_order() {
    for backend in backends() {
        let (app, cookie, csrf, theme) = coded(backend).await;
        let list = html(&app, &cookie, "/admin/surveys/tiny/responses").await;
        let order: Vec<String> = checkboxes(&list)
            .iter()
            .map(|p| p[..36].to_owned())
            .collect();
        assert_eq!(order.len(), 4);
        // The second in the list is already coded, so the first's next untagged is the third.
        let tagged = app
            .post_as(
                &cookie,
                &format!("/admin/surveys/tiny/responses/{}/tags", order[1]),
                &[("_csrf", &csrf), ("question", "why"), ("theme", &theme)],
            )
            .await;
        assert_eq!(tagged.status(), 303, "{backend:?}");
        let first = app
            .get_as(
                &cookie,
                &format!("/admin/surveys/tiny/responses/{}", order[0]),
            )
            .await
            .text()
            .await
            .unwrap();
        assert!(first.contains(&format!(
            "<a href=\"/admin/surveys/tiny/responses/{}\">Next untagged response</a>",
            order[2]
        )));
        assert!(first.contains("<option value=\"\">Choose a theme</option><option value"));
        assert!(!first.contains(" selected"), "no theme is chosen for you");
        assert!(
            first.contains("<dd>Food; Fish"),
            "choices in the survey's order"
        );
        assert!(first.contains("Status: <strong>Counted</strong>"));

        let then = app
            .post_as(
                &cookie,
                &format!("/admin/surveys/tiny/responses/{}/tags", order[0]),
                &[
                    ("_csrf", &csrf),
                    ("question", "why"),
                    ("theme", &theme),
                    ("then", "next"),
                ],
            )
            .await;
        assert_eq!(then.status(), 303);
        assert_eq!(
            then.headers()["location"],
            format!("/admin/surveys/tiny/responses/{}", order[2]).as_str()
        );
        let shown = app
            .get_as(
                &cookie,
                &format!("/admin/surveys/tiny/responses/{}", order[0]),
            )
            .await
            .text()
            .await
            .unwrap();
        assert!(shown.contains("<li>Speed (Why?)"), "the label, not the id");
        let audited = app
            .count("SELECT COUNT(*) FROM audit_events WHERE event = 'response.tag'")
            .await;
        assert_eq!(audited, 2, "single tagging is audited too");
        app.stop().await;
    }
}

#[tokio::test]
async fn tagging_with_the_placeholder_theme_is_refused_beside_the_picker() {
    for backend in backends() {
        let (app, cookie, csrf, _) = coded(backend).await;
        let list = html(&app, &cookie, "/admin/surveys/tiny/responses").await;
        let rid = checkboxes(&list)[0][..36].to_owned();
        let res = app
            .post_as(
                &cookie,
                &format!("/admin/surveys/tiny/responses/{rid}/tags"),
                &[("_csrf", &csrf), ("question", "why"), ("theme", "")],
            )
            .await;
        assert_eq!(res.status(), 422, "{backend:?}");
        assert_shown_again(
            &res.text().await.unwrap(),
            &[("theme-why", "Choose a theme")],
        );
        let gone = uuid::Uuid::now_v7().to_string();
        let res = app
            .post_as(
                &cookie,
                &format!("/admin/surveys/tiny/responses/{rid}/tags"),
                &[("_csrf", &csrf), ("question", "why"), ("theme", &gone)],
            )
            .await;
        assert_eq!(res.status(), 422, "{backend:?}: a theme deleted meanwhile");
        assert_shown_again(
            &res.text().await.unwrap(),
            &[("theme-why", "no longer exists")],
        );
        assert_eq!(app.count("SELECT COUNT(*) FROM answer_themes").await, 0);
        app.stop().await;
    }
}

#[tokio::test]
async fn statuses_and_history_are_in_words_and_suggestions_skip_personal_details() {
    for backend in backends() {
        let (app, cookie, csrf, _) = coded(backend).await;
        for why in ["Mail me@ab.org", "me@ab.org data"] {
            let body = json!({"answers": {"role": "analyst", "score": 1, "why": why}});
            assert_eq!(app.post_json("tiny", &body, None).await.status(), 201);
        }
        let themes = html(&app, &cookie, "/admin/surveys/tiny/themes").await;
        assert!(
            themes.contains("?q=slow\">slow</a> (3 comments)"),
            "{themes}"
        );
        assert!(
            !themes.contains("?q=org") && !themes.contains("?q=ab"),
            "{themes}"
        );

        let list = html(&app, &cookie, "/admin/surveys/tiny/responses").await;
        assert!(list.contains(">Suspected bot</option>") && list.contains(">Counted</option>"));
        assert!(!list.contains(">suspected_bot<"));
        for (status, reason) in [
            ("planned", ""),
            ("in_progress", ""),
            ("cannot_do", "No data"),
        ] {
            let res = if status == "planned" {
                app.post_as(
                    &cookie,
                    "/admin/surveys/tiny/actions",
                    &[("_csrf", &csrf), ("title", "Faster"), ("status", status)],
                )
                .await
            } else {
                let page = app.get_as(&cookie, "/admin/surveys/tiny/actions").await;
                let aid = id_after(&page.text().await.unwrap(), "/admin/surveys/tiny/actions/");
                app.post_as(
                    &cookie,
                    &format!("/admin/surveys/tiny/actions/{aid}"),
                    &[
                        ("_csrf", &csrf),
                        ("title", "Faster"),
                        ("status", status),
                        ("reason", reason),
                    ],
                )
                .await
            };
            assert_eq!(res.status(), 303, "{backend:?} {status}");
        }
        let actions = html(&app, &cookie, "/admin/surveys/tiny/actions").await;
        assert!(
            actions.contains("History: Planned by ed@example.gov.uk on "),
            "{actions}"
        );
        assert!(actions.contains("; In progress by ") && actions.contains("; Cannot do by "));
        assert!(!actions.contains("in_progress by") && !actions.contains("cannot_do by"));
        app.stop().await;
    }
}

#[tokio::test]
async fn bulk_tagging_needs_the_csrf_token_and_the_editor_role() {
    for backend in backends() {
        let (app, cookie, _, theme) = coded(backend).await;
        let list = html(&app, &cookie, "/admin/surveys/tiny/responses").await;
        let picked = checkboxes(&list);
        let forged = app
            .post_as(
                &cookie,
                "/admin/surveys/tiny/tags",
                &[("theme", theme.as_str()), ("comments", &picked[0])],
            )
            .await;
        assert_eq!(forged.status(), 403, "{backend:?}");
        app.add_user("viewer@example.gov.uk", Some("test-team"), "viewer")
            .await;
        let viewer = app
            .sign_in("viewer@example.gov.uk", PASSWORD)
            .await
            .unwrap();
        let seen = html(&app, &viewer, "/admin/surveys/tiny/responses").await;
        assert!(
            checkboxes(&seen).is_empty(),
            "a viewer gets no tagging form"
        );
        let csrf = app.csrf(&viewer).await;
        let refused = app
            .post_as(
                &viewer,
                "/admin/surveys/tiny/tags",
                &[
                    ("_csrf", &csrf),
                    ("theme", &theme),
                    ("comments", &picked[0]),
                ],
            )
            .await;
        assert_eq!(refused.status(), 403, "{backend:?}");
        assert_eq!(app.count("SELECT COUNT(*) FROM answer_themes").await, 0);
        app.stop().await;
    }
}
