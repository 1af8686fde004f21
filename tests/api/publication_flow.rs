//! "You said, we did" from end to end, on both databases and with a real SMTP server: a seeded
//! pocketbook quarter is drafted by the scheduler, signed off, published in every format, and
//! mailed to a subscriber exactly once.

use crate::helpers::{Options, TestApp, backends, public_action, spawn_app_with};
use crate::seed;
use crate::smtp::{SmtpServer, free_port, header, link};
use chrono::TimeZone;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::time::Duration;
use yousaid::period::Period;
use yousaid::publishing::scheduler::{self, Outcome};
use yousaid::publishing::site::Site;
use yousaid::publishing::{drafts, subscribers};
use yousaid::storage::entities::{answer, outbox, publication};
use yousaid::workspace::actions;
use yousaid::workspace::{quotes, tagging, themes};

const SURVEY: &str = "food-statistics-pocketbook";
const Q3: Period = Period::Quarter(2026, 3);
const READER: &str = "reader@example.org";

fn after_q3() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc.with_ymd_and_hms(2026, 10, 1, 6, 0, 0).unwrap()
}

fn jing(feed: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("feed.atom");
    std::fs::write(&file, feed).unwrap();
    let schema = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/atom/atom.rnc");
    let out = std::process::Command::new("jing")
        .arg("-c")
        .arg(schema)
        .arg(&file)
        .output()
        .expect("jing (Debian package jing) validates Atom feeds");
    assert!(
        out.status.success(),
        "the feed is not valid Atom: {}\n{feed}",
        String::from_utf8_lossy(&out.stdout)
    );
    // RFC 4287 rules the grammar cannot express (its Schematron part).
    assert!(
        feed.contains("<author>"),
        "a feed or each entry needs an author"
    );
    for id in feed.split("<id>").skip(1) {
        let id = id.split("</id>").next().unwrap();
        assert!(
            id.starts_with("http://") || id.starts_with("https://"),
            "ids are absolute IRIs: {id}"
        );
    }
}

async fn subscribe_and_confirm(app: &TestApp, smtp: &SmtpServer) {
    let page = app
        .post_form(
            &format!("/published/{SURVEY}/subscribe"),
            &[("email", READER)],
        )
        .await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Check your email"));
    let confirm = smtp
        .wait_for(1, |m| m.contains("Confirm your subscription"))
        .await;
    let url = link(&confirm[0], "/confirm").expect("a confirmation link");
    let path = url.trim_start_matches(&app.address).to_owned();
    let shown = app.get(&path).await;
    assert_eq!(shown.status(), 200);
    assert_eq!(
        subscribers::confirmed(&app.conn, SURVEY)
            .await
            .unwrap()
            .len(),
        0,
        "opening the link (as a mail scanner would) does not confirm"
    );
    let done = app.post_form(&path, &[]).await;
    assert_eq!(done.status(), 200);
    assert!(done.text().await.unwrap().contains("You are subscribed"));
}

#[tokio::test]
async fn a_seeded_quarter_is_drafted_signed_off_published_everywhere_and_mailed_once() {
    for backend in backends() {
        let smtp = SmtpServer::start(free_port()).await;
        let app = spawn_app_with(
            backend,
            Options {
                smtp_url: Some(smtp.url()),
                ..Options::default()
            },
        )
        .await;
        let site = Site::new(&app.address);
        let loaded = seed::pocketbook(&app.definitions);
        seed::quarter(&app.store, &loaded, Q3, 40).await;
        app.add_user(
            "publisher@example.gov.uk",
            Some("food-statistics"),
            "publisher",
        )
        .await;
        subscribe_and_confirm(&app, &smtp).await;

        // The team's work: a theme, a quote with personal details, actions.
        let with_details = answer::Entity::find()
            .filter(answer::Column::Question.eq("comments"))
            .filter(answer::Column::Text.contains("jo.bloggs"))
            .one(&app.conn)
            .await
            .unwrap()
            .unwrap();
        let theme = themes::create(&app.store, &loaded, "Downloads")
            .await
            .unwrap();
        let comment = tagging::Comment {
            response: with_details.response_id,
            question: "comments".to_owned(),
        };
        tagging::tag(
            &app.store,
            &loaded,
            &comment,
            theme,
            "editor@example.gov.uk",
        )
        .await
        .unwrap();
        let quote = quotes::select(
            &app.store,
            &loaded,
            with_details.response_id,
            "comments",
            "editor@example.gov.uk",
        )
        .await
        .unwrap();
        let chosen = quotes::list(&app.store, &loaded).await.unwrap();
        assert_eq!(
            chosen[0].text,
            "Great tables. Email me on [email removed] or call [phone number removed].",
            "the producer sees the redacted text"
        );
        quotes::review(
            &app.store,
            SURVEY,
            quote,
            &chosen[0].text,
            true,
            "editor@example.gov.uk",
        )
        .await
        .unwrap();
        let action = |title: &str, status: &str, reason: Option<&str>| {
            public_action(title, status, reason, vec![theme])
        };
        actions::create(
            &app.store,
            &loaded,
            &action("CSV downloads of every table", "done", None),
            "e",
        )
        .await
        .unwrap();
        actions::create(
            &app.store,
            &loaded,
            &action(
                "Weekly updates",
                "cannot_do",
                Some("The source data is collected monthly."),
            ),
            "e",
        )
        .await
        .unwrap();

        // The period ends: the scheduler drafts it and tells the publisher. Nothing is public.
        let catalog = app_catalog(&app);
        let done = scheduler::run_once(&app.store, &site, &catalog, after_q3())
            .await
            .unwrap();
        assert_eq!(
            done,
            vec![Outcome::Drafted(SURVEY.to_owned(), Q3)],
            "{backend:?}"
        );
        smtp.wait_for(1, |m| {
            m.contains("Draft ready to review") && m.contains("publisher@example.gov.uk")
        })
        .await;
        assert_eq!(
            app.get(&format!("/published/{SURVEY}/{Q3}")).await.status(),
            404
        );
        assert_eq!(
            app.get(&format!("/published/{SURVEY}/{Q3}.json"))
                .await
                .status(),
            404
        );
        assert!(
            scheduler::run_once(&app.store, &site, &catalog, after_q3())
                .await
                .unwrap()
                .is_empty(),
            "a drafted period is not drafted again"
        );

        // The publisher signs off.
        drafts::approve(
            &app.store,
            &site,
            SURVEY,
            Q3,
            "publisher@example.gov.uk",
            None,
            None,
        )
        .await
        .unwrap();

        // JSON: the counts, trend, suppression and actions.
        let doc: serde_json::Value = app
            .get_json(&format!("/published/{SURVEY}/{Q3}.json"))
            .await;
        assert_eq!(doc["schema"], "yousaid-summary/1");
        let s = &doc["summary"];
        assert_eq!(s["responses"], seed::IN_QUARTER);
        let trend = s["trend"].as_array().unwrap();
        assert_eq!(
            trend.last().unwrap(),
            &serde_json::json!({"period": "2026-Q2", "responses": 40})
        );
        let who = &s["who"]["rows"];
        let cell = |value: &str| {
            who.as_array()
                .unwrap()
                .iter()
                .find(|r| r["value"] == value)
                .unwrap()
                .clone()
        };
        assert_eq!(cell("central-government")["count"], 1_200);
        assert_eq!(cell("central-government")["percent"], 40.0);
        assert_eq!(cell("media")["count"], "[c]", "2 is below min_count 5");
        assert_eq!(
            cell("charity")["count"],
            "[c]",
            "secondary: else 2 = total − the rest"
        );
        assert!(cell("charity")["percent"].is_null());
        assert_eq!(s["who"]["total"], seed::IN_QUARTER);
        let not_heard: Vec<&str> = s["not_heard_from"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert!(
            not_heard.contains(&"Journalist or media") && not_heard.contains(&"Student"),
            "{not_heard:?}"
        );
        let satisfaction = s["questions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["question"] == "satisfaction")
            .unwrap();
        assert_eq!(satisfaction["mean"], 3.0, "1..5 evenly");
        assert_eq!(
            satisfaction["mean_change"], 0.0,
            "last quarter's 40 all said 3"
        );
        assert_eq!(satisfaction["rows"][0]["count"], 600);
        assert_eq!(satisfaction["rows"][0]["percent"], 20.0);
        assert_eq!(
            s["quotes"][0]["text"],
            "Great tables. Email me on [email removed] or call [phone number removed]."
        );
        assert_eq!(s["actions"][0]["status"], "done");
        assert_eq!(s["actions"][0]["themes"][0], "Downloads");
        assert_eq!(
            s["cannot_do"][0]["reason"],
            "The source data is collected monthly."
        );

        // HTML, Markdown, CSV, index and feeds.
        let page = app.get(&format!("/published/{SURVEY}/{Q3}")).await;
        assert_eq!(page.status(), 200);
        assert!(page.headers().get("set-cookie").is_none());
        let html = page.text().await.unwrap();
        for expected in [
            "3000 people answered",
            "What we cannot do, and why",
            "The source data is collected monthly.",
            "<svg role=\"img\"",
            "[c]",
            "Who we have not heard from",
            "[email removed]",
        ] {
            assert!(
                html.contains(expected),
                "{backend:?}: page lacks {expected}"
            );
        }
        assert!(
            !html.contains("jo.bloggs") && !html.contains("<script"),
            "no personal data, no script"
        );
        let md = app
            .get(&format!("/published/{SURVEY}/{Q3}.md"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            md.contains("## What we cannot do, and why")
                && md.contains("| Journalist or media | \\[c\\] | \\[c\\] |"),
            "{md}"
        );
        let csv = app
            .get(&format!("/published/{SURVEY}/{Q3}.csv"))
            .await
            .text()
            .await
            .unwrap();
        let rows: Vec<&str> = csv.lines().collect();
        assert_eq!(
            rows[0],
            "survey,period,revision,question_id,question,option_value,option,count,percent,notes"
        );
        let media = rows.iter().find(|r| r.contains(",media,")).unwrap();
        assert!(
            media.contains(",[c],[c],") && media.contains("confidential"),
            "{media}"
        );
        assert!(rows.iter().any(|r| r.starts_with("food-statistics-pocketbook,2026-Q3,1,role,Which of these best describes you?,central-government,Central government,1200,40.0,")));
        let index = app
            .get(&format!("/published/{SURVEY}/"))
            .await
            .text()
            .await
            .unwrap();
        assert!(index.contains("July to September 2026"));
        for feed in [
            format!("/published/{SURVEY}/feed.atom"),
            "/published/feed.atom".to_owned(),
        ] {
            let response = app.get(&feed).await;
            assert_eq!(
                response.headers()["content-type"],
                "application/atom+xml; charset=utf-8"
            );
            let body = response.text().await.unwrap();
            assert!(body.contains(&format!("{}/published/{SURVEY}/{Q3}", app.address)));
            jing(&body);
        }

        // The subscriber gets the publication once, with both parts and one-click unsubscribe.
        let mails = smtp
            .wait_for(1, |m| m.contains("You said, we did: Food Statistics"))
            .await;
        let mail = &mails[0];
        assert!(mail.contains("text/plain") && mail.contains("text/html"));
        assert_eq!(
            header(mail, "List-Unsubscribe-Post").as_deref(),
            Some("List-Unsubscribe=One-Click")
        );
        let unsubscribe = header(mail, "List-Unsubscribe").unwrap();
        let unsubscribe = unsubscribe.trim_matches(|c| c == '<' || c == '>');
        tokio::time::sleep(Duration::from_secs(2)).await;
        assert_eq!(
            smtp.messages()
                .iter()
                .filter(|m| m.contains("You said, we did: Food Statistics"))
                .count(),
            1,
            "exactly once"
        );

        // A correction is a new revision with a note; the old one stays readable.
        drafts::draft(
            &app.store,
            &site,
            &loaded,
            Q3,
            "editor@example.gov.uk",
            drafts::Unended::DraftPartial,
        )
        .await
        .unwrap();
        drafts::approve(
            &app.store,
            &site,
            SURVEY,
            Q3,
            "publisher@example.gov.uk",
            Some("Added the team's contact details"),
            None,
        )
        .await
        .unwrap();
        let doc: serde_json::Value = app
            .get_json(&format!("/published/{SURVEY}/{Q3}.json"))
            .await;
        assert_eq!(doc["revision"], 2);
        assert_eq!(doc["revisions"].as_array().unwrap().len(), 2);
        let newest = app
            .get(&format!("/published/{SURVEY}/{Q3}/revisions/2"))
            .await;
        assert_eq!(
            newest.status(),
            303,
            "the newest revision lives at the period's address"
        );
        let old = app
            .get(&format!("/published/{SURVEY}/{Q3}/revisions/1"))
            .await;
        assert_eq!(old.status(), 200);
        assert!(
            old.text()
                .await
                .unwrap()
                .contains("This is an earlier revision")
        );
        smtp.wait_for(1, |m| m.contains("Corrected:")).await;

        // One-click unsubscribe, as a mail client does it (RFC 8058).
        let gone = app
            .client
            .post(unsubscribe)
            .header("content-type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
            .send()
            .await
            .unwrap();
        assert_eq!(gone.status(), 200);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM subscribers").await,
            0,
            "the address is deleted"
        );
        app.stop().await;
    }
}

fn app_catalog(app: &TestApp) -> yousaid::definitions::Catalog {
    yousaid::definitions::Catalog::default()
        .reload(&app.definitions, chrono::Utc::now().date_naive())
        .unwrap()
        .0
}

#[tokio::test]
async fn mail_written_while_smtp_is_down_arrives_once_it_is_back_exactly_once() {
    for backend in backends() {
        let port = free_port();
        let app = spawn_app_with(
            backend,
            Options {
                smtp_url: Some(format!("smtp://127.0.0.1:{port}")),
                ..Options::default()
            },
        )
        .await;
        let site = Site::new(&app.address);
        let loaded = seed::pocketbook(&app.definitions);
        subscribers::subscribe(&app.store, &site, SURVEY, "Pocketbook", READER)
            .await
            .unwrap();
        let token: String = subscriber_token(&app).await;
        subscribers::confirm(&app.store, &token).await.unwrap();
        for _ in 0..6 {
            let body = serde_json::json!({"answers": {"role": "academia", "satisfaction": 4}});
            assert_eq!(app.post_json(SURVEY, &body, None).await.status(), 201);
        }
        let now = Period::quarter_of(chrono::Utc::now());
        drafts::draft(
            &app.store,
            &site,
            &loaded,
            now,
            "e",
            drafts::Unended::DraftPartial,
        )
        .await
        .unwrap();
        drafts::approve(&app.store, &site, SURVEY, now, "p", None, None)
            .await
            .unwrap();

        // Down: the worker tries, fails and backs off; nothing is lost.
        tokio::time::sleep(Duration::from_secs(2)).await;
        let waiting = outbox::Entity::find().all(&app.conn).await.unwrap();
        assert_eq!(
            waiting.len(),
            2,
            "{backend:?}: confirmation and publication"
        );
        assert!(
            waiting
                .iter()
                .all(|m| m.sent_at.is_none() && m.attempts >= 1 && m.last_error.is_some())
        );

        // Back: both arrive, once.
        let smtp = SmtpServer::start(port).await;
        smtp.wait_for(2, |_| true).await;
        // The worker marks a message sent after the server has taken it: wait for the mark.
        let mut sent = Vec::new();
        for _ in 0..100 {
            sent = outbox::Entity::find().all(&app.conn).await.unwrap();
            if sent.iter().all(|m| m.sent_at.is_some()) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(sent.len(), 2, "{backend:?}: the same two messages");
        assert!(
            sent.iter().all(|m| m.sent_at.is_some()),
            "{backend:?}: both marked sent within 10 s"
        );
        assert!(
            sent.iter()
                .all(|m| m.recipient == "…@example.org" && m.text_body.is_empty()),
            "once sent, only the domain is kept"
        );
        // A restarted worker finds nothing left to send.
        let (transport, from) = yousaid::mail::Transport::from_args(&yousaid::mail::MailArgs {
            smtp_url: Some(smtp.url()),
            mail_from: "noreply@stats.example".into(),
            outbox_dir: "unused".into(),
            mail_retry_seconds: 1,
        })
        .unwrap();
        assert_eq!(
            yousaid::mail::worker::send_due(&app.store, &transport, &from, 1)
                .await
                .unwrap(),
            0
        );
        tokio::time::sleep(Duration::from_secs(2)).await;
        assert_eq!(smtp.messages().len(), 2, "{backend:?}: exactly once");
        app.stop().await;
    }
}

/// A link secret for the (only) subscription: the database keeps only hashes, so the test
/// asks for a fresh one, as the service does for each email.
async fn subscriber_token(app: &TestApp) -> String {
    let subscription = yousaid::storage::entities::subscriber::Entity::find()
        .one(&app.conn)
        .await
        .unwrap()
        .unwrap();
    subscribers::issue_token(&app.conn, subscription.id)
        .await
        .unwrap()
}

#[tokio::test]
async fn two_schedulers_racing_for_the_same_period_draft_it_once() {
    for backend in backends() {
        let app = spawn_app_with(backend, Options::default()).await;
        let site = Site::new(&app.address);
        let loaded = seed::pocketbook(&app.definitions);
        seed::quarter(&app.store, &loaded, Q3, 0).await;
        app.add_user(
            "publisher@example.gov.uk",
            Some("food-statistics"),
            "publisher",
        )
        .await;
        let catalog = std::sync::Arc::new(app_catalog(&app));
        // Four replicas, each with its own connection pool.
        let mut replicas = Vec::new();
        for _ in 0..4 {
            let db = yousaid::storage::Db::connect(&app.db.url).await.unwrap();
            let (site, catalog) = (site.clone(), catalog.clone());
            replicas.push(tokio::spawn(async move {
                scheduler::run_once(&db, &site, &catalog, after_q3()).await
            }));
        }
        let mut drafted = 0;
        for r in replicas {
            drafted += r.await.unwrap().unwrap().len();
        }
        assert_eq!(drafted, 1, "{backend:?}: exactly one replica drafted");
        let rows = publication::Entity::find()
            .filter(publication::Column::Period.eq(Q3.to_string()))
            .all(&app.conn)
            .await
            .unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM outbox").await,
            1,
            "one email to the one publisher"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn publish_auto_publishes_without_sign_off_and_the_static_export_has_every_format() {
    for backend in backends() {
        let auto = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/survey-definitions/food-statistics-pocketbook.yaml"
        ))
        .unwrap()
        .replace("auto: false", "auto: true");
        let app = spawn_app_with(backend, Options::default()).await;
        std::fs::write(
            app.definitions.join("food-statistics-pocketbook.yaml"),
            auto,
        )
        .unwrap();
        let site = Site::new("https://feedback.example.gov.uk");
        let loaded = seed::pocketbook(&app.definitions);
        assert!(loaded.survey.publish.auto);
        seed::quarter(&app.store, &loaded, Q3, 0).await;
        let done = scheduler::run_once(&app.store, &site, &app_catalog(&app), after_q3())
            .await
            .unwrap();
        assert_eq!(done, vec![Outcome::Published(SURVEY.to_owned(), Q3)]);
        assert_eq!(
            app.get(&format!("/published/{SURVEY}/{Q3}.json"))
                .await
                .status(),
            200
        );

        let out = tempfile::tempdir().unwrap();
        let files = yousaid::publishing::export::export(
            &app.store,
            &site,
            &app_catalog(&app),
            out.path(),
            |_| {},
        )
        .await
        .unwrap();
        let css = yousaid::assets::href("app.css");
        for file in [
            "feed.atom",
            css.as_str(),
            &format!("{SURVEY}/index.html"),
            &format!("{SURVEY}/feed.atom"),
            &format!("{SURVEY}/{Q3}.html"),
            &format!("{SURVEY}/{Q3}.md"),
            &format!("{SURVEY}/{Q3}.json"),
            &format!("{SURVEY}/{Q3}.csv"),
        ] {
            assert!(
                out.path().join(file).is_file(),
                "{backend:?}: export lacks {file}"
            );
        }
        // The stylesheet and the two scripts, under the names pages link them by.
        assert_eq!(files, 10);
        let page = std::fs::read_to_string(out.path().join(format!("{SURVEY}/{Q3}.html"))).unwrap();
        assert!(
            page.contains(&format!("href=\"../{css}\"")) && page.contains("href=\"index.html\""),
            "links work from files"
        );
        assert!(page.contains("action=\"https://feedback.example.gov.uk/published/food-statistics-pocketbook/subscribe\""));
        jing(&std::fs::read_to_string(out.path().join("feed.atom")).unwrap());
        app.stop().await;
    }
}

#[tokio::test]
async fn subscribing_rejects_bad_addresses_and_expired_links() {
    let app = spawn_app_with(crate::helpers::Backend::Sqlite, Options::default()).await;
    let path = format!("/published/{SURVEY}/subscribe");
    let bad = app.post_form(&path, &[("email", "not an address")]).await;
    assert_eq!(bad.status(), 422);
    let body = bad.text().await.unwrap();
    assert!(
        body.contains("Enter an email address in the correct format")
            && body.contains("aria-invalid=\"true\"")
    );
    let bot = app
        .post_form(&path, &[("email", READER), ("website", "spam")])
        .await;
    assert_eq!(bot.status(), 200);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM subscribers").await,
        0,
        "the honeypot stores nothing"
    );
    assert_eq!(
        app.post_form("/published/no-such-survey/subscribe", &[("email", READER)])
            .await
            .status(),
        404
    );

    app.post_form(&path, &[("email", READER)]).await;
    let token = subscriber_token(&app).await;
    yousaid::storage::entities::subscriber::Entity::update_many()
        .col_expr(
            yousaid::storage::entities::subscriber::Column::ConfirmBy,
            sea_orm::sea_query::Expr::value(chrono::Utc::now() - chrono::Duration::hours(1)),
        )
        .exec(&app.conn)
        .await
        .unwrap();
    let expired = app
        .post_form(&format!("/subscriptions/{token}/confirm"), &[])
        .await;
    assert_eq!(expired.status(), 410);
    assert_eq!(
        app.post_form("/subscriptions/nonsense/confirm", &[])
            .await
            .status(),
        404
    );
    assert!(
        app.count("SELECT COUNT(*) FROM outbox").await == 1,
        "one confirmation email, written to the outbox"
    );
    app.stop().await;
}

#[tokio::test]
async fn in_the_workspace_an_editor_drafts_and_quotes_and_only_a_publisher_signs_off() {
    use yousaid::storage::entities::quote;
    for backend in backends() {
        let app = spawn_app_with(backend, Options::default()).await;
        for i in 0..6 {
            let body = serde_json::json!({"answers": {"role": "academia", "satisfaction": 4,
                "comments": format!("Answer {i}. Reach me at someone{i}@example.org")}});
            assert_eq!(app.post_json(SURVEY, &body, None).await.status(), 201);
        }
        app.add_user("editor@example.gov.uk", Some("food-statistics"), "editor")
            .await;
        app.add_user(
            "publisher@example.gov.uk",
            Some("food-statistics"),
            "publisher",
        )
        .await;
        let editor = app
            .sign_in("editor@example.gov.uk", crate::helpers::PASSWORD)
            .await
            .unwrap();
        let publisher = app
            .sign_in("publisher@example.gov.uk", crate::helpers::PASSWORD)
            .await
            .unwrap();
        let (e_csrf, p_csrf) = (app.csrf(&editor).await, app.csrf(&publisher).await);
        let base = format!("/admin/surveys/{SURVEY}");
        let period = Period::quarter_of(chrono::Utc::now()).to_string();

        // The editor quotes a comment: it is redacted and waits for review.
        let commented = answer::Entity::find()
            .filter(answer::Column::Question.eq("comments"))
            .one(&app.conn)
            .await
            .unwrap()
            .unwrap();
        let rid = commented.response_id.to_string();
        let chosen = app
            .post_as(
                &editor,
                &format!("{base}/quotes"),
                &[
                    ("_csrf", &e_csrf),
                    ("response", &rid),
                    ("question", "comments"),
                ],
            )
            .await;
        assert_eq!(chosen.status(), 303, "{backend:?}");
        let page = app
            .get_as(&editor, &format!("{base}/publication"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("Reach me at [email removed]") && page.contains("Waiting for review")
        );
        let qid = quote::Entity::find()
            .one(&app.conn)
            .await
            .unwrap()
            .unwrap()
            .id
            .to_string();
        let approved = app
            .post_as(
                &editor,
                &format!("{base}/quotes/{qid}"),
                &[
                    ("_csrf", &e_csrf),
                    ("do", "approve"),
                    ("text", "Reach me at [email removed]"),
                ],
            )
            .await;
        assert_eq!(approved.status(), 303);

        // The editor drafts; the preview is the page as it will be; nothing is public.
        let drafted = app
            .post_as(
                &editor,
                &format!("{base}/publication/draft"),
                &[("_csrf", &e_csrf), ("period", &period), ("partial", "yes")],
            )
            .await;
        assert_eq!(drafted.status(), 303);
        let preview = app
            .get_as(&editor, &format!("{base}/publication/{period}/preview"))
            .await;
        assert_eq!(preview.status(), 200);
        let preview = preview.text().await.unwrap();
        assert!(
            preview.contains("Draft preview")
                && preview.contains("6 people answered")
                && preview.contains("Reach me at [email removed]")
        );
        assert_eq!(
            app.get(&format!("/published/{SURVEY}/{period}"))
                .await
                .status(),
            404
        );

        // Only a publisher signs off; sending back needs a reason.
        let stale = app
            .post_as(
                &publisher,
                &format!("{base}/publication/{period}/approve"),
                &[("_csrf", &p_csrf), ("drafted", "0")],
            )
            .await;
        assert_eq!(
            stale.status(),
            422,
            "a draft regenerated since the preview is not published"
        );
        let refused = app
            .post_as(
                &editor,
                &format!("{base}/publication/{period}/approve"),
                &[("_csrf", &e_csrf)],
            )
            .await;
        assert_eq!(refused.status(), 403);
        let no_reason = app
            .post_as(
                &publisher,
                &format!("{base}/publication/{period}/send-back"),
                &[("_csrf", &p_csrf), ("note", " ")],
            )
            .await;
        assert_eq!(no_reason.status(), 422);
        let back = app
            .post_as(
                &publisher,
                &format!("{base}/publication/{period}/send-back"),
                &[("_csrf", &p_csrf), ("note", "Add the October actions")],
            )
            .await;
        assert_eq!(back.status(), 303);
        let page = app
            .get_as(&editor, &format!("{base}/publication"))
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("Sent back: Add the October actions"));

        // Regenerating says what changed; then the publisher publishes.
        let body = serde_json::json!({"answers": {"role": "academia", "satisfaction": 2}});
        assert_eq!(app.post_json(SURVEY, &body, None).await.status(), 201);
        let loaded = seed::pocketbook(&app.definitions);
        let again = drafts::draft(
            &app.store,
            &Site::new(&app.address),
            &loaded,
            period.parse().unwrap(),
            "editor@example.gov.uk",
            drafts::Unended::DraftPartial,
        )
        .await
        .unwrap();
        assert!(
            again.changes.contains(&"responses: 6 → 7".to_owned()),
            "{:?}",
            again.changes
        );
        let published = app
            .post_as(
                &publisher,
                &format!("{base}/publication/{period}/approve"),
                &[("_csrf", &p_csrf)],
            )
            .await;
        assert_eq!(published.status(), 303);
        let public = app.get(&format!("/published/{SURVEY}/{period}")).await;
        assert_eq!(public.status(), 200);
        assert!(public.text().await.unwrap().contains("7 people answered"));
        app.stop().await;
    }
}

#[tokio::test]
async fn the_same_address_subscribing_several_times_at_once_is_one_subscription() {
    for backend in backends() {
        let app = spawn_app_with(backend, Options::default()).await;
        let path = format!("/published/{SURVEY}/subscribe");
        let tries = (0..4).map(|_| app.post_form(&path, &[("email", READER)]));
        for response in futures_util::future::join_all(tries).await {
            assert_eq!(response.status(), 200, "{backend:?}");
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM subscribers").await, 1);
        app.stop().await;
    }
}
