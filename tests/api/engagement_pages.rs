//! The public engagement statement: the team's words and the data's, with disclosure control
//! on every count, matching the workspace's figures, as HTML, Markdown and JSON.

use crate::effectiveness::respond;
use crate::helpers::{Options, backends, spawn_app_with};
use crate::seed;
use chrono::Utc;
use yousaid::definitions::Language;
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
        let written = yousaid::engagement::export::export(db, &catalog, &site, out.path(), |_| {})
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
            2 + 3 * 3 + 2 + 3,
            "the organisation's two files and three per team, and the same in Welsh for the \
             organisation and the one team whose file is written in Welsh"
        );
        let welsh = std::fs::read_to_string(dir.join("cy/index.html")).unwrap();
        assert!(
            welsh.contains("<html lang=\"cy\">")
                && welsh.contains(&format!(
                    "href=\"../../{}\"",
                    yousaid::assets::href("app.css")
                ))
                && welsh.contains("href=\"../../engagement/cy/statistics-dissemination.html\"")
                && welsh.contains("href=\"../../engagement/food-statistics.html\""),
            "Welsh pages link to Welsh teams' pages, and to English ones otherwise: {welsh}"
        );
        assert!(dir.join("cy/statistics-dissemination.md").is_file());
        let index = std::fs::read_to_string(dir.join("index.html")).unwrap();
        assert!(
            index.contains("href=\"../engagement/food-statistics.html\""),
            "{index}"
        );
        let css = yousaid::assets::href("app.css");
        assert!(index.contains(&format!("href=\"../{css}\"")));
        app.stop().await;
    }
}

#[tokio::test]
async fn a_team_file_written_in_welsh_gives_its_statement_in_welsh_beside_the_english() {
    for backend in backends() {
        let app = spawn_app_with(backend, Options::default()).await;
        let welsh = app.get("/engagement/cy/statistics-dissemination").await;
        assert_eq!(welsh.status(), 200, "{backend:?}");
        let html = welsh.text().await.unwrap();
        let last = yousaid::period::Period::quarter_of(Utc::now()).previous();
        for expected in [
            "<html lang=\"cy\">",
            "Tîm lledaenu ystadegau",
            "<h2>Pwy yw ein defnyddwyr</h2>",
            "Neidio i&#39;r prif gynnwys",
            "hreflang=\"en\" href=\"/engagement/statistics-dissemination\"",
            "Profi defnyddioldeb",
            &format!(
                "Pa mor gyflym rydym yn gweithredu, {}",
                last.label_in(Language::Cy)
            ),
            "Codio o leiaf 80% o&#39;r sylwadau i thema bob mis",
        ] {
            assert!(
                html.contains(expected),
                "{backend:?}: no {expected:?} in {html}"
            );
        }
        assert!(
            !html.contains("Who our users are"),
            "no English headings left"
        );
        let english = app
            .get("/engagement/statistics-dissemination")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            english.contains("<html lang=\"en\">")
                && english
                    .contains("hreflang=\"cy\" href=\"/engagement/cy/statistics-dissemination\"")
                && english.contains(">Cymraeg</a>"),
            "the English page offers the Welsh one"
        );
        let json = app
            .get_json("/engagement/cy/statistics-dissemination.json")
            .await;
        assert_eq!(json["language"], "cy");
        assert_eq!(json["languages"], serde_json::json!(["en", "cy"]));
        assert_eq!(json["name"], "Tîm lledaenu ystadegau");
        let md = app
            .get("/engagement/cy/statistics-dissemination.md")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            md.starts_with("# Sut mae Tîm lledaenu ystadegau yn ymgysylltu â defnyddwyr"),
            "{md}"
        );

        // The organisation's file is written in Welsh too; the food team's is not.
        let index = app.get("/engagement/cy/").await.text().await.unwrap();
        assert!(
            index.contains("Adran yr Amgylchedd, Bwyd a Materion Gwledig")
                && index.contains("href=\"/engagement/cy/statistics-dissemination\"")
                && index.contains("href=\"/engagement/food-statistics\""),
            "{index}"
        );
        assert_eq!(
            app.get("/engagement/cy/food-statistics").await.status(),
            404
        );
        assert_eq!(app.get("/engagement/xx/").await.status(), 404);
        assert_eq!(
            app.get("/engagement/en/").await.status(),
            404,
            "English is at /engagement/"
        );
        let redirect = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
            .get(format!("{}/engagement/cy", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(redirect.status(), 308);
        assert_eq!(redirect.headers()["location"], "/engagement/cy/");
        app.stop().await;
    }
}
