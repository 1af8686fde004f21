//! `GET /privacy`: the privacy notice, made from the definitions being served — what each
//! survey asks and keeps for how long, its consent texts — and from the organisation file's
//! `privacy` (the lawful basis and where to ask), in each language the organisation writes in.

use crate::definitions::{Catalog, Kind, Language, Status};
use crate::i18n::{Msg, fill, length, t};
use crate::web::page::{LangQuery, Page, language, render};
use crate::web::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

/// One survey and what it keeps.
struct Collected {
    title: String,
    lines: Vec<String>,
}

#[derive(Template)]
#[template(path = "privacy.html")]
struct PrivacyPage {
    page: Page,
    lang: Language,
    controller: String,
    /// (href, text) of where to ask about personal data.
    contact: Option<(String, String)>,
    surveys: Vec<Collected>,
    lawful_basis: String,
}

impl PrivacyPage {
    fn t(&self, msg: Msg) -> &'static str {
        t(self.lang, msg)
    }
}

/// The languages the notice exists in: the organisation's, or English.
pub fn languages(catalog: &Catalog) -> Vec<Language> {
    catalog
        .organisation()
        .map_or_else(|| vec![Language::En], |o| o.profile.languages())
}

/// A contact as a link: `mailto:` for an address.
fn link(contact: &str) -> (String, String) {
    if contact.starts_with("https://") {
        (contact.to_owned(), contact.to_owned())
    } else {
        (format!("mailto:{contact}"), contact.to_owned())
    }
}

fn collected(catalog: &Catalog, lang: Language) -> Vec<Collected> {
    let mut surveys: Vec<Collected> = catalog
        .surveys()
        .filter(|l| l.survey.status != Status::Draft)
        .map(|l| {
            let survey = &l.survey;
            let mut lines = vec![fill(
                lang,
                Msg::AnswersKept,
                &[("keep", &length(survey.retention.responses, lang))],
            )];
            for q in &survey.questions {
                if let Kind::Email { consent } = &q.kind {
                    lines.push(fill(
                        lang,
                        Msg::EmailKept,
                        &[
                            ("keep", &length(survey.retention.contact, lang)),
                            ("consent", consent.get(lang)),
                        ],
                    ));
                }
            }
            if !survey.allowed_origins.is_empty() {
                lines.push(t(lang, Msg::PageKept).to_owned());
            }
            Collected {
                title: survey.title.get(lang).to_owned(),
                lines,
            }
        })
        .collect();
    surveys.sort_by(|a, b| a.title.cmp(&b.title));
    surveys
}

/// `GET /privacy`
pub async fn privacy(state: web::Data<AppState>, query: web::Query<LangQuery>) -> HttpResponse {
    let catalog = state.catalog.current();
    let languages = languages(&catalog);
    let lang = language(query.lang.as_deref(), &languages);
    let organisation = catalog.organisation();
    let name = organisation.map_or_else(
        || t(lang, Msg::ServiceName).to_owned(),
        |o| o.profile.name.get(lang).to_owned(),
    );
    let privacy = organisation.and_then(|o| o.privacy.as_ref());
    let contact = privacy
        .and_then(|p| p.contact.clone())
        .or_else(|| organisation.and_then(|o| o.profile.contact.clone()))
        .map(|c| link(&c));
    let page = PrivacyPage {
        page: Page::new(lang, t(lang, Msg::PrivacyNotice), false)
            .with_languages_of(&languages, lang, "/privacy"),
        lang,
        controller: fill(lang, Msg::ControllerIs, &[("org", &name)]),
        contact,
        surveys: collected(&catalog, lang),
        lawful_basis: privacy.map_or_else(
            || t(lang, Msg::NoLawfulBasis).to_owned(),
            |p| p.lawful_basis.get(lang).to_owned(),
        ),
    };
    render(StatusCode::OK, &page)
}
