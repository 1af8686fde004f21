//! Refused workspace forms are shown again, not left as dead ends: the same page with an error
//! summary, each message beside its field, every value as typed, header and sign-out intact.

use crate::fixtures;
use crate::helpers::{PASSWORD, TestApp, backends, spawn_app_with};

/// A signed-in editor of the `tiny` survey: the app, the session cookie and a CSRF token.
async fn editor(backend: crate::helpers::Backend) -> (TestApp, String, String) {
    let app = spawn_app_with(backend, fixtures::options()).await;
    app.add_user("ed@example.gov.uk", Some("test-team"), "editor")
        .await;
    let cookie = app.sign_in("ed@example.gov.uk", PASSWORD).await.unwrap();
    let csrf = app.csrf(&cookie).await;
    (app, cookie, csrf)
}

/// The UUID in `html` right after `marker`.
pub fn id_after(html: &str, marker: &str) -> String {
    let at = html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker}: {html}"))
        + marker.len();
    html[at..at + 36].to_owned()
}

/// Each `(href, message)` of the page's error summary.
pub fn summary(html: &str) -> Vec<(String, String)> {
    let Some(start) = html.find("class=\"error-summary\"") else {
        return Vec::new();
    };
    let end = html[start..].find("</ul>").unwrap() + start;
    html[start..end]
        .split("<li><a href=\"#")
        .skip(1)
        .map(|item| {
            let (href, rest) = item.split_once("\">").unwrap();
            let message = rest.split_once("</a>").unwrap().0;
            (href.to_owned(), message.to_owned())
        })
        .collect()
}

/// Checks what every refused form shows: the layout with its sign-out, an `Error:` title, a
/// summary of messages that start with a capital, each linking to an invalid field that has
/// the same message beside it.
pub fn assert_shown_again(html: &str, expected: &[(&str, &str)]) {
    assert!(html.contains("<title>Error: "), "{html}");
    assert!(
        html.contains(">Sign out</button>"),
        "the header keeps sign-out"
    );
    let items = summary(html);
    let hrefs: Vec<&str> = items.iter().map(|(h, _)| h.as_str()).collect();
    let wanted: Vec<&str> = expected.iter().map(|(h, _)| *h).collect();
    assert_eq!(hrefs, wanted, "{items:?}");
    for ((href, message), (_, part)) in items.iter().zip(expected) {
        assert!(message.contains(part), "{href}: {message}");
        assert!(
            message.starts_with(|c: char| c.is_uppercase()) && message.ends_with('.'),
            "{message}"
        );
        let beside = format!("<p id=\"{href}-error\" class=\"error-message\">");
        let at = html
            .find(&beside)
            .unwrap_or_else(|| panic!("{beside}: {html}"));
        assert!(html[at..].contains(message.as_str()));
        assert!(
            html.contains(&format!("id=\"{href}\""))
                && (html.contains(&format!("aria-describedby=\"{href}-error\""))),
            "{href} is described by its message"
        );
    }
}

#[tokio::test]
async fn a_refused_action_is_shown_again_with_every_value_as_typed() {
    for backend in backends() {
        let (app, cookie, csrf) = editor(backend).await;
        let res = app
            .post_as(
                &cookie,
                "/admin/surveys/tiny/actions",
                &[
                    ("_csrf", &csrf),
                    ("title", "Weekly <updates>"),
                    ("description", "Every Monday"),
                    ("status", "cannot_do"),
                    ("reason", "  "),
                    ("questions", "why"),
                    ("target_date", "31/03/2027"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422, "{backend:?}");
        let html = res.text().await.unwrap();
        assert_shown_again(
            &html,
            &[
                ("new-reason", "Say why it cannot be done"),
                ("new-target_date", "YYYY-MM-DD"),
            ],
        );
        assert!(
            html.contains("value=\"Weekly &#60;updates&#62;\"")
                || html.contains("value=\"Weekly &lt;updates&gt;\""),
            "{html}"
        );
        assert!(html.contains(">Every Monday</textarea>"));
        assert!(html.contains("value=\"cannot_do\" checked"));
        assert!(html.contains("value=\"why\" checked"));
        assert!(html.contains("value=\"31/03/2027\""));
        assert!(
            html.contains("id=\"new-reason\" name=\"reason\" rows=\"2\" aria-invalid=\"true\"")
        );
        assert_eq!(app.count("SELECT COUNT(*) FROM actions").await, 0);
        app.stop().await;
    }
}

#[tokio::test]
async fn a_completion_date_needs_done_and_cannot_be_in_the_future() {
    for backend in backends() {
        let (app, cookie, csrf) = editor(backend).await;
        let tomorrow = (chrono::Utc::now() + chrono::Duration::days(2))
            .date_naive()
            .to_string();
        for (status, date, message) in [
            ("planned", "2026-01-05", "only a done action has one"),
            ("done", tomorrow.as_str(), "today or earlier"),
        ] {
            let res = app
                .post_as(
                    &cookie,
                    "/admin/surveys/tiny/actions",
                    &[
                        ("_csrf", &csrf),
                        ("title", "Faster releases"),
                        ("status", status),
                        ("completed_date", date),
                    ],
                )
                .await;
            assert_eq!(res.status(), 422, "{backend:?} {status}");
            let html = res.text().await.unwrap();
            assert_shown_again(&html, &[("new-completed_date", message)]);
            assert!(html.contains(&format!("value=\"{date}\"")));
        }
        let ok = app
            .post_as(
                &cookie,
                "/admin/surveys/tiny/actions",
                &[
                    ("_csrf", &csrf),
                    ("title", "Faster releases"),
                    ("status", "done"),
                    ("completed_date", "2026-01-05"),
                ],
            )
            .await;
        assert_eq!(ok.status(), 303, "{backend:?}");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_refused_change_to_an_action_keeps_its_form_open_with_what_was_typed() {
    for backend in backends() {
        let (app, cookie, csrf) = editor(backend).await;
        let created = app
            .post_as(
                &cookie,
                "/admin/surveys/tiny/actions",
                &[
                    ("_csrf", &csrf),
                    ("title", "Monthly data"),
                    ("status", "planned"),
                ],
            )
            .await;
        assert_eq!(created.status(), 303);
        let page = app.get_as(&cookie, "/admin/surveys/tiny/actions").await;
        let aid = id_after(&page.text().await.unwrap(), "/admin/surveys/tiny/actions/");
        let res = app
            .post_as(
                &cookie,
                &format!("/admin/surveys/tiny/actions/{aid}"),
                &[
                    ("_csrf", &csrf),
                    ("title", ""),
                    ("description", "Typed again"),
                    ("status", "in_progress"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422, "{backend:?}");
        let html = res.text().await.unwrap();
        assert_shown_again(&html, &[(&format!("{aid}-title"), "Enter a title")]);
        assert!(html.contains("<details open><summary>Change “Monthly data”</summary>"));
        assert!(html.contains(">Typed again</textarea>"));
        assert!(html.contains(&format!("id=\"{aid}-status-in_progress\" name=\"status\" type=\"radio\" value=\"in_progress\" checked")));
        assert_eq!(
            app.strings("SELECT title FROM actions").await,
            ["Monthly data"]
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn refused_theme_forms_are_shown_again_and_a_taken_name_is_a_conflict() {
    for backend in backends() {
        let (app, cookie, csrf) = editor(backend).await;
        let base = "/admin/surveys/tiny/themes";
        let empty = app
            .post_as(&cookie, base, &[("_csrf", &csrf), ("name", "   ")])
            .await;
        assert_eq!(empty.status(), 422, "{backend:?}");
        assert_shown_again(
            &empty.text().await.unwrap(),
            &[("new-name", "Enter a theme name")],
        );
        for name in ["Speed", "Tables"] {
            let ok = app
                .post_as(&cookie, base, &[("_csrf", &csrf), ("name", name)])
                .await;
            assert_eq!(ok.status(), 303);
        }
        let taken = app
            .post_as(&cookie, base, &[("_csrf", &csrf), ("name", "Speed")])
            .await;
        assert_eq!(taken.status(), 409, "{backend:?}");
        let html = taken.text().await.unwrap();
        assert_shown_again(&html, &[("new-name", "already a theme called “Speed”")]);
        assert!(html.contains("id=\"new-name\" name=\"name\" maxlength=\"80\" value=\"Speed\""));

        let page = app.get_as(&cookie, base).await.text().await.unwrap();
        let speed = id_after(
            &page,
            "<details><summary>Speed</summary>\n<form method=\"post\" action=\"/admin/surveys/tiny/themes/",
        );
        let renamed = app
            .post_as(
                &cookie,
                &format!("{base}/{speed}/rename"),
                &[("_csrf", &csrf), ("name", "Tables")],
            )
            .await;
        assert_eq!(renamed.status(), 409, "{backend:?}");
        let html = renamed.text().await.unwrap();
        assert_shown_again(
            &html,
            &[(&format!("rename-{speed}"), "choose another name")],
        );
        assert!(html.contains("<details open><summary>Speed</summary>"));
        let merged = app
            .post_as(
                &cookie,
                &format!("{base}/{speed}/merge"),
                &[("_csrf", &csrf), ("into", "")],
            )
            .await;
        assert_eq!(merged.status(), 422, "{backend:?}");
        assert_shown_again(
            &merged.text().await.unwrap(),
            &[(&format!("merge-{speed}"), "Choose a theme to merge into")],
        );
        let into_itself = app
            .post_as(
                &cookie,
                &format!("{base}/{speed}/merge"),
                &[("_csrf", &csrf), ("into", &speed)],
            )
            .await;
        assert_eq!(into_itself.status(), 422);
        assert_eq!(app.count("SELECT COUNT(*) FROM themes").await, 2);
        app.stop().await;
    }
}

#[tokio::test]
async fn a_filter_that_cannot_be_used_is_shown_again_beside_its_field() {
    for backend in backends() {
        let (app, cookie, _) = editor(backend).await;
        let res = app
            .get_as(
                &cookie,
                "/admin/surveys/tiny/responses?period=2026-Q5&q=slow&status=bogus",
            )
            .await;
        assert_eq!(res.status(), 422, "{backend:?}");
        let html = res.text().await.unwrap();
        assert_shown_again(&html, &[("period", "Enter a period like 2026-Q3")]);
        assert!(html.contains("value=\"2026-Q5\"") && html.contains("value=\"slow\""));
        let res = app
            .get_as(&cookie, "/admin/surveys/tiny/responses?status=bogus")
            .await;
        assert_eq!(res.status(), 422);
        assert_shown_again(
            &res.text().await.unwrap(),
            &[("status", "Choose a status from the list")],
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn refusals_that_cannot_show_the_form_again_keep_the_header_and_sign_out() {
    for backend in backends() {
        let (app, cookie, csrf) = editor(backend).await;
        let nul = app
            .post_as(
                &cookie,
                "/admin/surveys/tiny/themes",
                &[("_csrf", &csrf), ("name", "Sp\u{0}eed")],
            )
            .await;
        assert_eq!(nul.status(), 422, "{backend:?}");
        let missing = app.get_as(&cookie, "/admin/surveys/nowhere/themes").await;
        assert_eq!(missing.status(), 404, "{backend:?}");
        let stale = app
            .post_as(
                &cookie,
                "/admin/surveys/tiny/themes",
                &[("_csrf", "c_stale"), ("name", "Speed")],
            )
            .await;
        assert_eq!(stale.status(), 403, "{backend:?}");
        for page in [nul, missing, stale] {
            let html = page.text().await.unwrap();
            assert!(
                html.contains("<span>ed@example.gov.uk</span>")
                    && html.contains(">Sign out</button>"),
                "{html}"
            );
            assert!(html.contains(&format!("name=\"_csrf\" value=\"{csrf}\"")));
        }
        app.stop().await;
    }
}
