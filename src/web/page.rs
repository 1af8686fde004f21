//! The layout every public page shares, and rendering a template into a response.

use crate::definitions::{Language, Survey};
use crate::i18n::{Msg, t};
use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;

/// `?lang=cy` on a public page.
#[derive(serde::Deserialize)]
pub struct LangQuery {
    pub lang: Option<String>,
}

/// The language asked for, when `offered` has it; else English.
pub fn language(asked: Option<&str>, offered: &[Language]) -> Language {
    asked
        .and_then(Language::from_code)
        .filter(|l| offered.contains(l))
        .unwrap_or(Language::En)
}

/// `?lang=cy` for a page in Welsh, nothing for English.
pub fn lang_query(lang: Language) -> String {
    match lang {
        Language::En => String::new(),
        other => format!("?lang={}", other.code()),
    }
}

/// A link to the same page in another language.
pub struct LanguageLink {
    pub code: &'static str,
    pub name: &'static str,
    pub href: String,
}

/// Layout fields shared by every page.
pub struct Page {
    pub lang: &'static str,
    pub title: String,
    pub has_errors: bool,
    pub embed: bool,
    pub languages: Vec<LanguageLink>,
    pub error_prefix: &'static str,
    pub skip_link: &'static str,
    pub service_name: &'static str,
    pub privacy: &'static str,
    /// The privacy notice, in the page's language.
    pub privacy_notice: (String, &'static str),
}

impl Page {
    /// A page in `lang`, titled `title`.
    pub fn new(lang: Language, title: impl Into<String>, embed: bool) -> Self {
        Self {
            lang: lang.code(),
            title: title.into(),
            has_errors: false,
            embed,
            languages: Vec::new(),
            error_prefix: t(lang, Msg::ErrorPrefix),
            skip_link: t(lang, Msg::SkipLink),
            service_name: t(lang, Msg::ServiceName),
            privacy: t(lang, Msg::Privacy),
            privacy_notice: (
                format!("/privacy{}", lang_query(lang)),
                t(lang, Msg::PrivacyNotice),
            ),
        }
    }

    /// Adds links to `path` in the survey's other languages.
    pub fn with_languages(self, survey: &Survey, lang: Language, path: &str) -> Self {
        self.with_languages_of(&survey.languages, lang, path)
    }

    /// Adds links to `path` in the other languages of `languages`.
    pub fn with_languages_of(mut self, languages: &[Language], lang: Language, path: &str) -> Self {
        self.languages = languages
            .iter()
            .filter(|l| **l != lang)
            .map(|l| LanguageLink {
                code: l.code(),
                name: match l {
                    Language::En => "English",
                    Language::Cy => "Cymraeg",
                },
                href: format!("{path}?lang={}", l.code()),
            })
            .collect();
        self
    }
}

/// A plain page: a heading and some paragraphs.
#[derive(Template)]
#[template(path = "message.html")]
pub struct MessagePage {
    pub page: Page,
    pub success: bool,
    pub paragraphs: Vec<String>,
    /// Where to go next: (href, text).
    pub links: Vec<(String, String)>,
}

/// Renders a template as an HTML response with `status`.
pub fn render(status: StatusCode, template: &impl Template) -> HttpResponse {
    match template.render() {
        Ok(html) => HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .body(html),
        Err(err) => {
            tracing::error!(error = %err, "template failed to render");
            HttpResponse::InternalServerError()
                .content_type("text/plain; charset=utf-8")
                .body("Sorry, this page could not be shown.")
        }
    }
}

/// `text` as one URL path segment: everything but unreserved characters percent-encoded, so
/// a value written into a link, a form action or a `Location` cannot change its meaning.
pub fn path_segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
