//! `/privacy`: the privacy notice made from the definitions being served and the organisation
//! file, in English and Welsh, and linked from every form that asks for an email address.

use crate::helpers::{backends, spawn_app};

#[tokio::test]
async fn the_privacy_notice_says_what_each_survey_keeps_and_every_email_form_links_it() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let res = app.get("/privacy").await;
        assert_eq!(res.status(), 200, "{backend:?}");
        assert!(res.headers().get("set-cookie").is_none());
        let html = res.text().await.unwrap();
        for want in [
            "Department for Environment, Food &#38; Rural Affairs is the controller",
            "<h3>Food Statistics Pocketbook user survey</h3>",
            "<h3>Page feedback</h3>",
            "Your answers to its questions, kept for 5 years.",
            "Your email address, if you give it, kept for 12 months and used only as the form says: “We will only use your email address",
            "UK GDPR Article 6(1)(e)",
            "href=\"mailto:data.protection@defra.gov.uk\"",
            "deleted after 48 hours",
            "hreflang=\"cy\"",
        ] {
            assert!(html.contains(want), "{want}:\n{html}");
        }
        let welsh = app.get("/privacy?lang=cy").await.text().await.unwrap();
        assert!(welsh.contains("<html lang=\"cy\">"), "{welsh}");
        assert!(welsh.contains("<h1>Hysbysiad preifatrwydd</h1>"), "{welsh}");
        assert!(welsh.contains("<h3>Adborth am y dudalen</h3>"), "{welsh}");
        assert!(welsh.contains("a gedwir am 5 blynedd"), "{welsh}");
        assert!(welsh.contains("Erthygl 6(1)(e)"), "{welsh}");

        // Every form that asks for an email address links to it.
        for (path, link) in [
            ("/s/food-statistics-pocketbook", "href=\"/privacy\""),
            ("/s/food-statistics-pocketbook/embed", "href=\"/privacy\""),
            (
                "/published/food-statistics-pocketbook/subscribe",
                "href=\"/privacy\"",
            ),
            ("/get-involved/", "href=\"/privacy\""),
            ("/s/page-feedback?lang=cy", "href=\"/privacy?lang=cy\""),
        ] {
            let html = app.get(path).await.text().await.unwrap();
            assert!(html.contains(link), "{path}: {html}");
        }
        app.stop().await;
    }
}
