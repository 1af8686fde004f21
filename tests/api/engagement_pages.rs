//! The public engagement statement: the team's words and the data's, with disclosure control
//! on every count, matching the workspace's figures, as HTML, Markdown and JSON.

use crate::effectiveness::respond;
use crate::helpers::{Options, backends, spawn_app_with};
use crate::seed;
use chrono::Utc;
use yousaid::publishing::disclosure::{Cell, protect_two_way};

#[tokio::test]
async fn a_team_statement_shows_who_we_heard_from_with_small_counts_suppressed() {
    for backend in backends() {
        let app = spawn_app_with(backend, Options::default()).await;
        let loaded = seed::pocketbook(&app.definitions);
        let db = &app.store;
        let now = Utc::now();
        let last = yousaid::period::Period::quarter_of(now).previous();
        let (start, _) = last.bounds();
        let (before, _) = last.previous().bounds();
        // The last quarter: 7 from local government, 6 academics, 1 journalist; the one
        // before: 2 from local government.
        let mut n = 0;
        for (role, count, from) in [
            ("local-government", 7, start),
            ("academia", 6, start),
            ("media", 1, start),
            ("local-government", 2, before),
        ] {
            for _ in 0..count {
                n += 1;
                let at = from + chrono::Duration::hours(n);
                respond(db, &loaded, &format!("t{n}"), role, None, at).await;
            }
        }
        let json: serde_json::Value = app
            .get("/engagement/food-statistics.json")
            .await
            .json()
            .await
            .unwrap();
        let heard = &json["heard"];
        let rows = heard["rows"].as_array().unwrap();
        let row = |id: &str| rows.iter().find(|r| r["group"] == id).unwrap().clone();
        // Rows in the team file's order: central government, local government, researchers,
        // business, charities and media, public; columns oldest first.
        let counts: Vec<Vec<u64>> = vec![
            vec![0, 0, 0, 0],
            vec![0, 0, 2, 7],
            vec![0, 0, 0, 6],
            vec![0, 0, 0, 0],
            vec![0, 0, 0, 1],
            vec![0, 0, 0, 0],
        ];
        let protected = protect_two_way(&counts, 5);
        let cell = |c: &Cell| match c {
            Cell::Shown(n) => serde_json::json!(n),
            Cell::Suppressed => serde_json::json!("[c]"),
        };
        for (i, id) in [
            "central-government",
            "local-government",
            "researchers",
            "business",
            "charities-and-media",
            "public",
        ]
        .iter()
        .enumerate()
        {
            let want: Vec<_> = protected.cells[i].iter().map(cell).collect();
            assert_eq!(
                row(id)["cells"],
                serde_json::json!(want),
                "{backend:?} {id}"
            );
            assert_eq!(row(id)["total"], cell(&protected.row_totals[i]));
        }
        assert_eq!(row("local-government")["cells"][2], "[c]", "2 is below 5");
        assert_eq!(
            row("charities-and-media")["cells"][3],
            "[c]",
            "1 is below 5"
        );
        let not_heard = json["not_heard"].as_array().unwrap();
        assert!(not_heard.iter().any(|g| g == "Members of the public"));
        assert!(!not_heard.iter().any(|g| g == "Local government"));

        // The same figures as the workspace's report for the team.
        let token = app.api_token("food-statistics", "viewer").await;
        let report: serde_json::Value = app
            .client
            .get(format!(
                "{}/api/v1/admin/effectiveness?team=food-statistics&period={last}",
                app.address
            ))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(json["measures"], report["measures"], "{backend:?}");
        assert_eq!(json["aims"], report["aims"], "{backend:?}");

        let page = app.get("/engagement/food-statistics").await;
        assert_eq!(page.status(), 200);
        assert!(page.headers().get("set-cookie").is_none());
        let page = page.text().await.unwrap();
        for wanted in [
            "How Food statistics team engages with users",
            "We answer every theme users raise",
            "Food statistics user group",
            "[c]",
            "Hear from local government",
        ] {
            assert!(page.contains(wanted), "{backend:?}: {wanted}: {page}");
        }
        let md = app
            .get("/engagement/food-statistics.md")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            md.starts_with("# How Food statistics team engages with users"),
            "{md}"
        );
        assert!(md.contains("| Local government |"), "{md}");
        let index = app.get("/engagement/").await.text().await.unwrap();
        assert!(index.contains("/engagement/food-statistics"), "{index}");
        let org: serde_json::Value = app
            .get("/engagement/index.json")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(org["measures"]["responses"], 14, "{backend:?}: {org}");
        assert_eq!(app.get("/engagement/no-such-team").await.status(), 404);

        // The static export carries the statements, linked as files.
        let out = tempfile::tempdir().unwrap();
        let (catalog, _) = yousaid::definitions::Catalog::default()
            .reload(&app.definitions, now.date_naive())
            .unwrap();
        let site = yousaid::publishing::site::Site::new(&app.address);
        let written = yousaid::engagement::pages::export(db, &catalog, &site, out.path(), |_| {})
            .await
            .unwrap();
        let dir = out.path().join("engagement");
        for file in [
            "index.html",
            "index.json",
            "food-statistics.html",
            "food-statistics.md",
            "food-statistics.json",
        ] {
            assert!(dir.join(file).is_file(), "{backend:?}: export lacks {file}");
        }
        assert_eq!(
            written,
            2 + 3 * 3,
            "the organisation's two files, three per team"
        );
        let index = std::fs::read_to_string(dir.join("index.html")).unwrap();
        assert!(
            index.contains("href=\"../engagement/food-statistics.html\""),
            "{index}"
        );
        assert!(index.contains("href=\"../assets/app.css\""));
        app.stop().await;
    }
}
