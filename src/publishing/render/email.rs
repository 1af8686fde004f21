//! The bodies of subscriber emails, plain text always and a simple HTML part, from the
//! templates in `templates/email/`: askama escapes the HTML part and leaves the text as it is.

use crate::publishing::disclosure::Cell;
use crate::publishing::summary::Summary;
use askama::Template;

/// An email's two parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bodies {
    pub text: String,
    pub html: String,
}

/// What the confirmation email says.
struct Confirm<'a> {
    title: &'a str,
    confirm: &'a str,
    hours: i64,
}

#[derive(Template)]
#[template(path = "email/confirmation.txt")]
struct ConfirmText<'a> {
    c: &'a Confirm<'a>,
}

#[derive(Template)]
#[template(path = "email/confirmation.html")]
struct ConfirmHtml<'a> {
    c: &'a Confirm<'a>,
}

/// The email that asks to confirm a subscription to `title` by opening `confirm` within
/// `hours`.
pub fn confirmation(title: &str, confirm: &str, hours: i64) -> Result<Bodies, askama::Error> {
    let c = Confirm {
        title,
        confirm,
        hours,
    };
    Ok(Bodies {
        text: ConfirmText { c: &c }.render()?,
        html: ConfirmHtml { c: &c }.render()?,
    })
}

/// What the publication email says, in both parts.
struct Publication<'a> {
    s: &'a Summary,
    link: &'a str,
    unsubscribe: &'a str,
    /// What a correction changed.
    note: Option<&'a str>,
    responses: String,
}

#[derive(Template)]
#[template(path = "email/publication.txt")]
struct PublicationText<'a> {
    m: &'a Publication<'a>,
}

#[derive(Template)]
#[template(path = "email/publication.html")]
struct PublicationHtml<'a> {
    m: &'a Publication<'a>,
}

fn responses(s: &Summary) -> String {
    match s.responses {
        Cell::Shown(n) => format!("{n} people answered the survey"),
        Cell::Suppressed => format!("Fewer than {} people answered the survey", s.min_count),
    }
}

/// The email telling a subscriber that `s` is published at `link`; `note` says what a
/// correction changed.
pub fn publication(
    s: &Summary,
    link: &str,
    unsubscribe: &str,
    note: Option<&str>,
) -> Result<Bodies, askama::Error> {
    let m = Publication {
        s,
        link,
        unsubscribe,
        note,
        responses: responses(s),
    };
    Ok(Bodies {
        text: PublicationText { m: &m }.render()?,
        html: PublicationHtml { m: &m }.render()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(title: &str) -> Summary {
        serde_json::from_value(serde_json::json!({
            "survey": "trade", "title": title, "period": "2026-Q3", "min_count": 10,
            "responses": 30, "trend": [], "excluded_percent": null, "who": null,
            "not_heard_from": [], "questions": [], "themes": [], "quotes": [],
            "actions": [{"title": "Fix <b>", "description": "", "status": "planned",
                         "reason": null, "themes": []}],
            "cannot_do": [], "methods": "", "contact": null,
            "gaps": [{"name": "Regional <figures>", "answered_by": []}]
        }))
        .expect("a summary")
    }

    #[test]
    fn the_html_part_escapes_producers_text_and_the_text_part_keeps_it() {
        let mail = publication(
            &summary("Trade & <stats>"),
            "https://x/?a&b",
            "https://u",
            None,
        )
        .expect("rendered");
        assert!(
            mail.text
                .starts_with("Trade & <stats>: you said, we did, July to September")
        );
        assert!(mail.text.contains("- Fix <b> (Planned)\n"));
        assert!(
            mail.text
                .contains("Gaps in the data you told us about:\n- Regional <figures>\n")
        );
        assert!(mail.html.contains("<li>Regional &#60;figures&#62;</li>"));
        assert!(mail.text.ends_with("Unsubscribe: https://u\n"));
        assert!(
            mail.html
                .contains("<h1>Trade &#38; &#60;stats&#62;: you said")
        );
        assert!(mail.html.contains("<li>Fix &#60;b&#62; (Planned)</li>"));
        assert!(mail.html.contains("href=\"https://x/?a&#38;b\""));
    }

    #[test]
    fn the_confirmation_names_the_survey_and_how_long_the_link_works() {
        let mail = confirmation("A \"quoted\" survey", "https://c/abc", 48).expect("rendered");
        assert!(mail.text.contains("when \"A \"quoted\" survey\" publishes"));
        assert!(mail.text.contains("within 48 hours:\nhttps://c/abc\n\n"));
        assert!(mail.html.contains("“A &#34;quoted&#34; survey”"));
        assert!(mail.html.contains("works for 48 hours"));
    }
}
