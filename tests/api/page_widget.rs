//! "Is this page useful?": the widget's yes, no-then-comment and report-a-problem paths as
//! plain forms (no JavaScript), framed only by allowed sites, in Welsh too; and the workspace
//! table that shows which page fails its readers — on both databases.

use crate::helpers::{
    Options, PASSWORD, TestApp, backends, hidden_value, publish_running_period, spawn_app_with,
};

const WIDGET: &str = "/s/page-feedback/widget";

/// Posts the widget's form, with a fresh token, from `page`.
async fn post(app: &TestApp, page: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let html = app.get(WIDGET).await.text().await.unwrap();
    let token = hidden_value(&html, "_token").unwrap();
    let mut pairs = vec![("_token", token.as_str()), ("_lang", "en"), ("_page", page)];
    pairs.extend_from_slice(fields);
    app.post_form(WIDGET, &pairs).await
}

async fn stored(app: &TestApp) -> Vec<String> {
    app.strings(
        "SELECT r.page || ' ' || a.question || '=' || COALESCE(a.text, a.value) \
         FROM responses r JOIN answers a ON a.response_id = r.id \
         ORDER BY r.submitted_at, a.question",
    )
    .await
}

#[tokio::test]
async fn the_widget_takes_yes_no_and_problems_without_javascript_and_shows_which_page_fails() {
    for backend in backends() {
        let app = spawn_app_with(backend, Options::default()).await;
        let a = "https://www.gov.uk/food-statistics/pocketbook";
        let b = "https://www.gov.uk/food-statistics/prices";

        let res = app.get(&format!("{WIDGET}?page={a}%3Fq%3Dsecret")).await;
        assert_eq!(res.status(), 200);
        assert!(res.headers().get("set-cookie").is_none());
        let csp = res.headers()["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("frame-ancestors 'self' https://www.gov.uk"),
            "{csp}"
        );
        let html = res.text().await.unwrap();
        assert!(html.contains("Is this page useful?"), "{html}");
        assert_eq!(hidden_value(&html, "_page").as_deref(), Some(a));
        assert!(
            !html.contains("<script src=\"http"),
            "no third-party script"
        );

        // Yes: stored at once.
        let res = post(&app, a, &[("useful", "yes")]).await;
        assert_eq!(res.status(), 303, "{backend:?}");
        let thanks = res.headers()["location"].to_str().unwrap().to_owned();
        assert_eq!(thanks, "/s/page-feedback/widget/thanks?lang=en");
        let html = app.get(&thanks).await.text().await.unwrap();
        assert!(html.contains("Thank you for your feedback."), "{html}");
        assert_eq!(stored(&app).await, [format!("{a} useful=yes")]);

        // No: stored at once, so leaving now still counts; then the question, whose answer
        // is a response of its own.
        let res = post(&app, a, &[("useful", "no")]).await;
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap();
        assert!(html.contains("What were you trying to do?"), "{html}");
        assert_eq!(hidden_value(&html, "useful"), None);
        assert_eq!(
            stored(&app).await,
            [format!("{a} useful=yes"), format!("{a} useful=no")],
            "{backend:?}: the No is stored"
        );
        let token = hidden_value(&html, "_token").unwrap();
        let res = app
            .post_form(
                WIDGET,
                &[
                    ("_token", &token),
                    ("_lang", "en"),
                    ("_page", a),
                    ("_step", "asked"),
                    ("trying_to_do", "Find the 2024 table of food prices"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303, "{backend:?}");

        // Report a problem: the question alone; an empty report is refused, with the reason.
        let html = app
            .get(&format!("{WIDGET}?ask=1&page={b}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(html.contains("name=\"trying_to_do\""), "{html}");
        assert_eq!(hidden_value(&html, "useful"), None);
        let res = post(&app, b, &[("_step", "asked")]).await;
        assert_eq!(res.status(), 422, "{backend:?}");
        let html = res.text().await.unwrap();
        assert!(
            html.contains("Tell us what you were trying to do"),
            "{html}"
        );
        assert!(html.contains("<title>Error:"), "{html}");
        let res = post(
            &app,
            b,
            &[
                ("_step", "asked"),
                ("trying_to_do", "The chart will not load"),
            ],
        )
        .await;
        assert_eq!(res.status(), 303, "{backend:?}");
        for _ in 0..3 {
            assert_eq!(post(&app, b, &[("useful", "yes")]).await.status(), 303);
        }
        let got = stored(&app).await;
        assert_eq!(got.len(), 7, "{backend:?}: {got:?}");
        assert!(got.contains(&format!("{a} useful=no")), "{got:?}");
        assert!(got.contains(&format!(
            "{a} trying_to_do=Find the 2024 table of food prices"
        )));
        assert!(got.contains(&format!("{b} trying_to_do=The chart will not load")));

        // In Welsh; and a survey that is no widget has none.
        let html = app
            .get(&format!("{WIDGET}?lang=cy"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            html.contains("Ydy&#39;r dudalen hon yn ddefnyddiol?"),
            "{html}"
        );
        assert!(html.contains(">Ie<"), "{html}");
        assert!(html.contains("lang=\"cy\""), "{html}");
        let other = app.get("/s/food-statistics-pocketbook/widget").await;
        assert_eq!(other.status(), 404);

        // The team sees page a fail (1 yes of 2) above page b (3 of 3).
        app.add_user(
            "viewer@example.gov.uk",
            Some("statistics-dissemination"),
            "viewer",
        )
        .await;
        let cookie = app
            .sign_in("viewer@example.gov.uk", PASSWORD)
            .await
            .unwrap();
        let res = app
            .get_as(&cookie, "/admin/surveys/page-feedback/pages")
            .await;
        assert_eq!(res.status(), 200, "{backend:?}");
        let html = res.text().await.unwrap();
        let at = |page: &str| html.find(&format!("<a href=\"{page}\">")).unwrap();
        assert!(at(a) < at(b), "{html}");
        assert!(
            html.contains(
                "<td class=\"num\">50%</td><td class=\"num\">1</td><td class=\"num\">1</td>"
            ),
            "{html}"
        );
        assert!(
            html.contains(
                "<td class=\"num\">100%</td><td class=\"num\">3</td><td class=\"num\">0</td>"
            ),
            "{html}"
        );
        let html = app
            .get_as(&cookie, "/admin/surveys/page-feedback/pages?sort=answers")
            .await
            .text()
            .await
            .unwrap();
        let at = |page: &str| html.find(&format!("<a href=\"{page}\">")).unwrap();
        assert!(at(b) < at(a), "most answered first: {html}");
        assert!(html.contains("aria-sort=\"descending\""), "{html}");

        // Each page's comments are a link to those responses.
        let start = html
            .find("/admin/surveys/page-feedback/responses?")
            .unwrap();
        let href = &html[start..start + html[start..].find('"').unwrap()];
        let res = app
            .get_as(&cookie, &href.replace("&#38;", "&").replace("&amp;", "&"))
            .await;
        assert_eq!(res.status(), 200);
        let list = res.text().await.unwrap();
        assert!(list.contains("1 responses."), "{list}");
        // Not a widget survey: no table.
        let res = app
            .get_as(&cookie, "/admin/surveys/food-statistics-pocketbook/pages")
            .await;
        assert_ne!(res.status(), 200);
        app.stop().await;
    }
}

#[tokio::test]
async fn the_publication_of_a_widget_survey_has_its_table_by_page_with_small_counts_hidden() {
    for backend in backends() {
        let app = spawn_app_with(backend, Options::default()).await;
        let a = "https://www.gov.uk/food-statistics/pocketbook";
        let b = "https://www.gov.uk/food-statistics/prices";
        let c = "https://www.gov.uk/food-statistics/rare";
        let answers = [
            (a, "yes", 20),
            (a, "no", 10),
            (b, "yes", 15),
            (b, "no", 12),
            (c, "yes", 3),
        ];
        for (page, useful, n) in answers {
            for _ in 0..n {
                let body = serde_json::json!({"answers": {"useful": useful}, "page": page});
                let res = app.post_json("page-feedback", &body, None).await;
                assert_eq!(res.status(), 201, "{backend:?}");
            }
        }
        let path = publish_running_period(&app, "page-feedback").await;
        let json = app.get_json(&format!("{path}.json")).await;
        let pages = &json["summary"]["pages"];
        assert_eq!(pages["question"], "useful", "{backend:?}: {json}");
        let rows = pages["rows"].as_array().unwrap();
        let named: Vec<&serde_json::Value> = rows.iter().map(|r| &r["page"]).collect();
        assert_eq!(
            named,
            [a, b]
                .map(serde_json::Value::from)
                .iter()
                .chain([&serde_json::Value::Null])
                .collect::<Vec<_>>()
        );
        // The same totals as the question's own table.
        let total = &pages["total"];
        assert_eq!(
            (&total["yes"], &total["no"], &total["answered"]),
            (&38.into(), &22.into(), &60.into())
        );
        // c's 3 answers are "other pages": hidden, and so is enough else that nothing hidden can
        // be worked out from a row or column total: no line of the table has one `[c]` alone.
        assert_eq!(rows[2]["yes"], "[c]");
        let hidden = |v: &serde_json::Value| v == "[c]";
        let mut columns = [0usize; 3];
        for r in rows {
            let line = [&r["yes"], &r["no"], &r["answered"]];
            assert_ne!(line.iter().filter(|v| hidden(v)).count(), 1, "{pages}");
            for (n, v) in columns.iter_mut().zip(line) {
                *n += usize::from(hidden(v));
                assert!(!v.as_u64().is_some_and(|n| n > 0 && n < 10), "{pages}");
            }
            assert_eq!(
                r["percent_yes"].is_number(),
                !hidden(&r["yes"]) && !hidden(&r["no"])
            );
        }
        assert!(columns.iter().all(|&n| n != 1), "{pages}");
        let shown = rows
            .iter()
            .find(|r| r["percent_yes"].is_number())
            .expect("a page shown whole");

        let html = app.get(&path).await.text().await.unwrap();
        assert!(html.contains("Is this page useful? By page"), "{html}");
        assert!(html.contains(&format!(
            "<th scope=\"row\" class=\"page-address\">{a}</th>"
        )));
        assert!(
            !html.contains(c),
            "a page with 3 answers is not named: {html}"
        );
        let md = app.get(&format!("{path}.md")).await.text().await.unwrap();
        let line = format!(
            "| {} | {} | {} | {} | {} |",
            shown["page"].as_str().unwrap(),
            shown["yes"],
            shown["no"],
            shown["answered"],
            shown["percent_yes"]
        );
        assert!(md.contains(&line), "{line}\n{md}");
        let csv = app.get(&format!("{path}.csv")).await.text().await.unwrap();
        assert!(csv.contains("All pages: all who answered,60"), "{csv}");
        assert!(
            csv.contains(&format!(
                "useful,Is this page useful? By page,{a},{a}: yes,"
            )),
            "{csv}"
        );
        app.stop().await;
    }
}
