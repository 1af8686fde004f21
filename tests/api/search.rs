//! Text search in comments through each database's full-text index: English stemming, prefixes,
//! phrases, Welsh by its exact words, one survey at a time, and the index in step with the
//! answers when they are written and when they are deleted.

use crate::helpers::{backends, spawn_app};
use reqwest::Method;

const SURVEY: &str = "food-statistics-pocketbook";

#[tokio::test]
async fn search_stems_english_finds_prefixes_phrases_and_welsh_words_and_follows_deletions() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        for comment in [
            "The county tables are late",
            "Counties are missing from the regional figures",
            "Regional figures please",
            "The figures, regional and national",
            "Mae angen mwy o ystadegau am Gymru",
            "E-mail me the tables",
        ] {
            let body = serde_json::json!({"answers": {"role": "academia", "satisfaction": 4, "comments": comment}});
            assert_eq!(app.post_json(SURVEY, &body, None).await.status(), 201);
        }
        // Another survey's comment is never found from this one.
        let other = serde_json::json!({"answers": {"role": "academia", "satisfaction": 4, "improvements": "county data"}});
        assert_eq!(
            app.post_json("air-pollutant-emissions", &other, None)
                .await
                .status(),
            201
        );
        let token = app.api_token("food-statistics", "viewer").await;
        let found = |q: &'static str| {
            let app = &app;
            let token = &token;
            async move {
                let path = format!(
                    "/surveys/{SURVEY}/responses?q={}",
                    q.replace(' ', "%20").replace('"', "%22")
                );
                let res = app.api(token, Method::GET, &path, None).await;
                assert_eq!(res.status(), 200, "{q}");
                let json: serde_json::Value = res.json().await.unwrap();
                json["total"].as_u64().unwrap()
            }
        };
        assert_eq!(
            found("county").await,
            2,
            "{backend:?}: county finds counties"
        );
        assert_eq!(found("COUNTIES").await, 2, "{backend:?}: any case");
        assert_eq!(found("regio*").await, 3, "{backend:?}: a prefix");
        assert_eq!(
            found("\"regional figures\"").await,
            2,
            "{backend:?}: a phrase, in its order"
        );
        assert_eq!(
            found("figures regional").await,
            3,
            "{backend:?}: words in any order"
        );
        assert_eq!(found("ystadegau").await, 1, "{backend:?}: a Welsh word");
        assert_eq!(found("Gymru").await, 1, "{backend:?}");
        assert_eq!(found("e-mail").await, 1, "{backend:?}: a hyphenated word");
        assert_eq!(found("tables late").await, 1, "{backend:?}: every word");
        assert_eq!(found("!!!").await, 0, "{backend:?}: nothing to find");
        assert_eq!(
            found("NEAR(county").await,
            0,
            "{backend:?}: no operator gets through"
        );

        // Deleted responses leave the index with their answers, in the same statement.
        let deleted = app
            .count("SELECT COUNT(*) FROM answers WHERE text = 'The county tables are late'")
            .await;
        assert_eq!(deleted, 1);
        let sql = "DELETE FROM responses WHERE id IN \
                   (SELECT response_id FROM answers WHERE text = 'The county tables are late')";
        sea_orm::ConnectionTrait::execute_unprepared(&app.conn, sql)
            .await
            .unwrap();
        assert_eq!(found("county").await, 1, "{backend:?}");
        if backend == crate::helpers::Backend::Sqlite {
            assert_eq!(
                app.count("SELECT COUNT(*) FROM answer_search_keys").await,
                app.count("SELECT COUNT(*) FROM answers WHERE text IS NOT NULL")
                    .await,
                "one index entry per free-text answer"
            );
        }
        app.stop().await;
    }
}
