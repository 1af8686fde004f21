//! Collects problems while a definition is converted, and checks respondent-facing text.

use super::diagnostic::Diagnostic;
use super::raw::{At, Pos, RawText, pos};
use super::survey::{Language, Text};

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
}
