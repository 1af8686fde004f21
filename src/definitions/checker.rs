//! Collects problems while a definition is converted, and checks respondent-facing text.

use super::diagnostic::Diagnostic;
use super::raw::{At, Pos, RawText, pos};
use super::scalars;
use super::survey::{Language, Text};
use std::ops::RangeInclusive;

/// Collects problems while converting; shared with the question checks.
#[derive(Default)]
pub(super) struct Checker {
    pub diagnostics: Vec<Diagnostic>,
    pub languages: Vec<Language>,
}

impl Checker {
    pub fn error(&mut self, at: Pos, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Diagnostic::error(at, message))
    }

    pub fn warning(&mut self, at: Pos, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Diagnostic::warning(at, message))
    }

    fn push(&mut self, diagnostic: Diagnostic) -> &mut Diagnostic {
        let i = self.diagnostics.len();
        self.diagnostics.push(diagnostic);
        &mut self.diagnostics[i]
    }

    /// Respondent-facing text, checked against the survey's languages.
    pub fn text(&mut self, raw: &At<RawText>, key: &str) -> Option<Text> {
        let at = pos(raw);
        let mut entries = Vec::new();
        match &raw.value {
            RawText::Plain(s) => entries.push((Language::En, s.trim().to_owned())),
            RawText::ByLanguage(map) => {
                for (code, s) in map {
                    match Language::from_code(code) {
                        Some(lang) if self.languages.contains(&lang) => {
                            entries.push((lang, s.trim().to_owned()));
                        }
                        Some(lang) => {
                            self.error(at, format!("`{key}` has `{code}` text, but `{code}` is not in the survey's `languages`"))
                                .help = Some(format!("add `{}` to `languages`, or remove this text", lang.code()));
                        }
                        None => {
                            self.error(at, format!("unknown language `{code}` in `{key}`"))
                                .help = Some(
                                "languages are written `en` (English) or `cy` (Welsh)".to_owned(),
                            );
                        }
                    }
                }
            }
        }
        if entries.iter().any(|(_, s)| s.is_empty()) {
            self.error(at, format!("`{key}` is empty")).help =
                Some("write the text respondents should see".to_owned());
            return None;
        }
        for lang in self.languages.clone() {
            if !entries.iter().any(|(l, _)| *l == lang) {
                let name = match lang {
                    Language::En => "English",
                    Language::Cy => "Welsh",
                };
                self.error(
                    at,
                    format!("`{key}` has no {name} (`{}`) text", lang.code()),
                )
                .help = Some(format!(
                    "the survey lists `{}` in `languages`; write this as `{{ {} }}`",
                    lang.code(),
                    self.languages
                        .iter()
                        .map(|l| format!("{}: ...", l.code()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        Some(Text(entries))
    }

    /// The languages a file lists (English when it lists none).
    pub fn languages(&mut self, raw: Option<&At<Vec<At<String>>>>) -> Vec<Language> {
        let Some(raw) = raw else {
            return vec![Language::En];
        };
        let mut languages = Vec::new();
        for code in &raw.value {
            match Language::from_code(code.value.trim()) {
                Some(lang) if languages.contains(&lang) => {
                    self.error(
                        pos(code),
                        format!("language `{}` is listed twice", code.value),
                    );
                }
                Some(lang) => languages.push(lang),
                None => {
                    self.error(pos(code), format!("unknown language `{}`", code.value))
                        .help =
                        Some("languages are written `en` (English) or `cy` (Welsh)".to_owned());
                }
            }
        }
        if raw.value.is_empty() {
            self.error(pos(raw), "`languages` is empty").help =
                Some("list at least one language, e.g. `[en]` or `[en, cy]`".to_owned());
        }
        if languages.is_empty() {
            languages.push(Language::En);
        }
        languages
    }

    /// A `contact`: an email address or an https:// link; none (with an error) otherwise.
    pub fn contact(&mut self, contact: &At<String>) -> Option<String> {
        let value = contact.value.trim();
        let email = value.split_once('@').is_some_and(|(user, domain)| {
            !user.is_empty() && domain.contains('.') && !value.contains(char::is_whitespace)
        });
        if !email && !scalars::is_https(value) {
            self.error(
                pos(contact),
                format!(
                    "`contact` is `{value}`, but it must be an email address or an https:// link"
                ),
            )
            .help = Some(
                "write the team's address, e.g. `contact: food-statistics@example.gov.uk`"
                    .to_owned(),
            );
            return None;
        }
        Some(value.to_owned())
    }

    /// A link users follow: https:// only, as every page the service links to is.
    pub fn https(&mut self, url: &At<String>, key: &str) -> Option<String> {
        let value = url.value.trim();
        if scalars::is_https(value) {
            return Some(value.to_owned());
        }
        self.error(
            pos(url),
            format!("`{key}` is `{value}`, but it must be an https:// link"),
        )
        .help = Some("write the whole address, e.g. `https://www.gov.uk/...`".to_owned());
        None
    }

    /// A whole number within `range`; out of it, the error, for the caller's help.
    pub fn whole(
        &mut self,
        raw: &At<i64>,
        key: &str,
        range: RangeInclusive<i64>,
    ) -> Result<u32, &mut Diagnostic> {
        let (min, max) = (*range.start(), *range.end());
        let bound = if raw.value < min {
            format!("at least {min}")
        } else if raw.value > max {
            format!("at most {max}")
        } else {
            return u32::try_from(raw.value).map_err(|_| {
                self.error(
                    pos(raw),
                    format!(
                        "`{key}` is {}, but it must be a whole number from 0",
                        raw.value
                    ),
                )
            });
        };
        Err(self.error(
            pos(raw),
            format!("`{key}` is {}, but it must be {bound}", raw.value),
        ))
    }
}
