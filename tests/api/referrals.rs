//! "Know someone else who uses these statistics?": the thank-you page passes the survey on
//! with a plain link and a prepared email, and a response that arrives through that link is
//! counted as referred — live and from the daily rollups, on both databases.

use crate::helpers::{Options, backends, hidden_value, spawn_app_with};
use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use yousaid::period::Period;
use yousaid::storage::entities::response;

const SURVEY: &str = "food-statistics-pocketbook";

/// The `href` of the first link whose address starts with `prefix`, unescaped.
fn href_starting(html: &str, prefix: &str) -> Option<String> {
    let start = html.find(&format!("href=\"{prefix}"))?;
    let rest = html.get(start.checked_add(6)?..)?;
    let end = rest.find('"')?;
    Some(rest.get(..end)?.replace("&#38;", "&").replace("&amp;", "&"))
}

fn decoded(part: &str) -> String {
    percent_encoding::percent_decode_str(part)
        .decode_utf8()
        .unwrap()
        .into_owned()
}

#[tokio::test]
async fn the_thank_you_page_passes_the_survey_on_and_responses_through_the_link_count_as_referred()
{
    for backend in backends() {
        let app = spawn_app_with(backend, Options::default()).await;
        let shared = format!("{}/s/{SURVEY}?via=share", app.address);

        let thanks = app.get(&format!("/s/{SURVEY}/thanks?lang=en")).await;
        assert_eq!(thanks.status(), 200);
        let html = thanks.text().await.unwrap();
        assert!(
            html.contains("Know someone else who uses these statistics?"),
            "{html}"
        );
        assert!(html.contains(&shared.replace('&', "&amp;")), "{html}");
        let mailto = href_starting(&html, "mailto:").expect("a mailto link");
        let query = mailto.strip_prefix("mailto:?").unwrap();
        let (subject, body) = query.split_once('&').expect(&mailto);
        assert_eq!(
            decoded(subject.strip_prefix("subject=").unwrap()),
            "Have your say: Food Statistics Pocketbook user survey"
        );
        let body = decoded(body.strip_prefix("body=").unwrap());
        assert!(body.ends_with(&shared), "{body}");
        // No share buttons of other sites: every absolute link is the service's own.
        for (i, _) in html.match_indices("href=\"http") {
            let link = html.get(i.saturating_add(6)..).unwrap();
            assert!(link.starts_with(&app.address), "{}", &link[..60]);
        }

        // The shared link's form carries the flag; the plain one does not.
        let page = app.get(&format!("/s/{SURVEY}?via=share")).await;
        let html = page.text().await.unwrap();
        assert_eq!(hidden_value(&html, "_via").as_deref(), Some("share"));
        let plain = app.get(&format!("/s/{SURVEY}")).await.text().await.unwrap();
        assert_eq!(hidden_value(&plain, "_via"), None);

        for via in [Some("share"), Some("share"), None, Some("elsewhere")] {
            let token = app.token(SURVEY).await;
            let mut pairs = vec![
                ("_token", token.as_str()),
                ("role", "academia"),
                ("satisfaction", "4"),
            ];
            if let Some(via) = via {
                pairs.push(("_via", via));
            }
            let res = app.post_form(&format!("/s/{SURVEY}"), &pairs).await;
            assert_eq!(res.status(), 303, "{backend:?}");
        }
        assert_eq!(
            app.count("SELECT COUNT(*) FROM responses WHERE referred")
                .await,
            2,
            "{backend:?}"
        );

        // Counted live this quarter; then one referred and one not moved back a quarter, where
        // the rollup of their day counts them.
        let now = Utc::now();
        let this = Period::quarter_of(now);
        let last = this.previous();
        let token = app.api_token("food-statistics", "viewer").await;
        let share_in = |period: Period| {
            let token = token.clone();
            let app = &app;
            async move {
                let res = app
                    .client
                    .get(format!(
                        "{}/api/v1/admin/effectiveness?team=food-statistics&period={period}",
                        app.address
                    ))
                    .bearer_auth(token)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 200);
                let json: serde_json::Value = res.json().await.unwrap();
                (
                    json["measures"]["referred"]["part"].as_u64().unwrap(),
                    json["measures"]["referred"]["whole"].as_u64().unwrap(),
                )
            }
        };
        assert_eq!(share_in(this).await, (2, 4), "{backend:?}");

        let back = last.bounds().0 + Duration::days(20);
        for referred in [true, false] {
            let id = response::Entity::find()
                .filter(response::Column::Referred.eq(referred))
                .one(&app.conn)
                .await
                .unwrap()
                .unwrap()
                .id;
            response::Entity::update_many()
                .col_expr(response::Column::SubmittedAt, Expr::value(back))
                .filter(response::Column::Id.eq(id))
                .exec(&app.conn)
                .await
                .unwrap();
        }
        assert_eq!(share_in(last).await, (1, 2), "{backend:?}");
        assert_eq!(
            app.count(
                "SELECT CAST(COALESCE(SUM(referred), 0) AS BIGINT) FROM rollup_responses \
                 WHERE status = 'ok'"
            )
            .await,
            1,
            "{backend:?}: the quarter's day was rolled up with its referral"
        );
        assert_eq!(share_in(last).await, (1, 2), "{backend:?}: from the rollup");
        assert_eq!(share_in(this).await, (1, 2), "{backend:?}");
        app.stop().await;
    }
}
