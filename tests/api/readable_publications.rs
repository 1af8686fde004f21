//! Publications readers understand on their own: rating scales in words in every format, the
//! dates of actions, one precision for percentages, and a way from the thank-you page to what
//! the team published.

use crate::helpers::{Options, TestApp, backends, public_action, spawn_app_with};
use crate::seed;
use yousaid::period::Period;
use yousaid::publishing::drafts;
use yousaid::publishing::site::Site;

const SURVEY: &str = "food-statistics-pocketbook";

/// Publishes the running quarter as a partial summary, after `n` answers of 4 out of 5.
pub async fn published(app: &TestApp, n: usize) -> Period {
    for _ in 0..n {
        let body = serde_json::json!({"answers": {"role": "academia", "satisfaction": 4}});
        assert_eq!(app.post_json(SURVEY, &body, None).await.status(), 201);
    }
    let loaded = seed::pocketbook(&app.definitions);
    let site = Site::new(&app.address);
    let period = Period::quarter_of(chrono::Utc::now());
    drafts::draft(
        &app.store,
        &site,
        &loaded,
        period,
        "e",
        drafts::Unended::DraftPartial,
    )
    .await
    .unwrap();
    drafts::approve(&app.store, &site, SURVEY, period, "p", None, None)
        .await
        .unwrap();
    period
}

#[tokio::test]
async fn rating_tables_carry_the_scale_in_words_and_percentages_one_decimal_in_every_format() {
    for backend in backends() {
        let app = spawn_app_with(backend, Options::default()).await;
        let period = published(&app, 6).await;
        let base = format!("/published/{SURVEY}/{period}");
        let page = app.get(&base).await.text().await.unwrap();
        assert!(
            page.contains("<th scope=\"row\">1 = Very dissatisfied</th>")
                && page.contains("<th scope=\"row\">5 = Very satisfied</th>")
                && page.contains("class=\"chart-label\">1 = Very dissatisfied</text>"),
            "{backend:?}: the table and the chart name the ends of the scale"
        );
        assert!(
            page.contains(
                "Average 4.00 on a scale from 1 = Very dissatisfied to 5 = Very satisfied."
            ),
            "{page}"
        );
        assert!(
            page.contains(">100.0%</text>") && page.contains(">100.0</td>"),
            "chart and table give percentages to one decimal place"
        );
        assert!(!page.contains(">100%<"), "no whole-number percentages");
        let md = app.get(&format!("{base}.md")).await.text().await.unwrap();
        assert!(
            md.contains("| 1 = Very dissatisfied | 0 | 0.0 |") && md.contains("| 4 | 6 | 100.0 |"),
            "{md}"
        );
        let csv = app.get(&format!("{base}.csv")).await.text().await.unwrap();
        assert!(csv.contains("5 = Very satisfied"), "{csv}");
        let json = app.get_json(&format!("{base}.json")).await;
        let satisfaction = json["summary"]["questions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["question"] == "satisfaction")
            .unwrap()
            .clone();
        assert_eq!(satisfaction["rows"][0]["label"], "1 = Very dissatisfied");
        assert_eq!(satisfaction["rows"][2]["label"], "3");
        app.stop().await;
    }
}

#[tokio::test]
async fn action_dates_appear_where_the_team_filled_them_in() {
    for backend in backends() {
        let app = spawn_app_with(backend, Options::default()).await;
        let loaded = seed::pocketbook(&app.definitions);
        let mut planned = public_action("Publish CSV files", "in_progress", None, vec![]);
        planned.target_date = chrono::NaiveDate::from_ymd_opt(2027, 3, 31);
        let mut done = public_action("Fix the broken link", "done", None, vec![]);
        done.completed_date = chrono::NaiveDate::from_ymd_opt(2026, 10, 12);
        let undated = public_action("Add a glossary", "planned", None, vec![]);
        for action in [&planned, &done, &undated] {
            yousaid::workspace::actions::create(&app.store, &loaded, action, "e")
                .await
                .unwrap();
        }
        let period = published(&app, 6).await;
        let base = format!("/published/{SURVEY}/{period}");
        let page = app.get(&base).await.text().await.unwrap();
        assert!(
            page.contains("<p class=\"meta\">Target date 31 March 2027</p>")
                && page.contains("<p class=\"meta\">Completed 12 October 2026</p>"),
            "{backend:?}: {page}"
        );
        assert_eq!(
            page.matches("<p class=\"meta\">Target date").count()
                + page.matches("<p class=\"meta\">Completed").count(),
            2,
            "an action without dates shows none"
        );
        let md = app.get(&format!("{base}.md")).await.text().await.unwrap();
        assert!(
            md.contains("(In progress, Target date 31 March 2027)")
                && md.contains("(Done, Completed 12 October 2026)"),
            "{md}"
        );
        let json = app.get_json(&format!("{base}.json")).await;
        let actions = json["summary"]["actions"].as_array().unwrap();
        assert!(
            actions
                .iter()
                .any(|a| a["target_date"] == "2027-03-31" && a.get("completed_date").is_none()),
            "{actions:?}"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn the_thank_you_page_links_to_the_latest_publication_once_there_is_one() {
    for backend in backends() {
        let app = spawn_app_with(backend, Options::default()).await;
        let thanks = format!("/s/{SURVEY}/thanks");
        let before = app.get(&thanks).await.text().await.unwrap();
        assert!(
            !before.contains("/published/"),
            "{backend:?}: nothing to link to before a publication"
        );
        let period = published(&app, 6).await;
        let after = app.get(&thanks).await.text().await.unwrap();
        assert!(
            after.contains(&format!(
                "<a href=\"/published/{SURVEY}/{period}\">Read what people told us last time"
            )) && after.contains(&format!("<a href=\"/published/{SURVEY}/subscribe\">")),
            "{after}"
        );
        let embedded = app
            .get(&format!("{thanks}?embed=1"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            embedded.contains("target=\"_top\""),
            "inside a frame the links open in the page around it"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn every_format_names_the_team_and_organisation_that_publish_it() {
    for backend in backends() {
        let app = spawn_app_with(backend, Options::default()).await;
        let period = published(&app, 6).await;
        let by = "Food statistics team, Department for Environment, Food &#38; Rural Affairs";
        let base = format!("/published/{SURVEY}/{period}");
        let page = app.get(&base).await.text().await.unwrap();
        assert!(page.contains(&format!("From {by}.")), "{backend:?}: {page}");
        let index = app
            .get(&format!("/published/{SURVEY}/"))
            .await
            .text()
            .await
            .unwrap();
        assert!(index.contains(&format!("From {by}.")), "{index}");
        let feed = app
            .get(&format!("/published/{SURVEY}/feed.atom"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            feed.contains(&format!("<author><name>{by}</name></author>")),
            "{feed}"
        );
        let md = app.get(&format!("{base}.md")).await.text().await.unwrap();
        assert!(
            md.contains(
                "From Food statistics team, Department for Environment, Food & Rural Affairs."
            ),
            "{md}"
        );
        let json = app.get_json(&format!("{base}.json")).await;
        assert_eq!(json["summary"]["team"], "Food statistics team");
        assert_eq!(
            json["summary"]["organisation"],
            "Department for Environment, Food & Rural Affairs"
        );
        app.stop().await;
    }
}
