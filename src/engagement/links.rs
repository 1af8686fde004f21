//! Where the engagement pages are: on the web or in the static export, English at
//! `engagement/` and each other language under `engagement/{code}/`.

use crate::definitions::Language;

/// Where the engagement pages are, seen from a page in `lang`: on the web, or as files of the
/// static export, where links are relative and end in `.html`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Links {
    web: bool,
    lang: Language,
}

impl Links {
    /// Links from a page in `lang` on the web.
    pub fn web(lang: Language) -> Self {
        Self { web: true, lang }
    }

    /// Links from a page in `lang` of the static export.
    pub fn export(lang: Language) -> Self {
        Self { web: false, lang }
    }

    /// The path back to the site's root.
    pub fn root(&self) -> &'static str {
        match (self.web, self.lang) {
            (true, _) => "/",
            (false, Language::En) => "../",
            (false, _) => "../../",
        }
    }

    /// The directory of the pages in `lang`.
    fn dir(&self, lang: Language) -> String {
        match lang {
            Language::En => format!("{}engagement/", self.root()),
            other => format!("{}engagement/{}/", self.root(), other.code()),
        }
    }

    /// The organisation's page in `lang`.
    pub fn organisation(&self, lang: Language) -> String {
        let index = if self.web { "" } else { "index.html" };
        format!("{}{index}", self.dir(lang))
    }

    /// The organisation's JSON in `lang`.
    pub fn organisation_json(&self, lang: Language) -> String {
        format!("{}index.json", self.dir(lang))
    }

    /// Team `id`'s page in `lang`.
    pub fn team(&self, id: &str, lang: Language) -> String {
        let ext = if self.web { "" } else { ".html" };
        format!("{}{id}{ext}", self.dir(lang))
    }

    /// Team `id`'s statement in `lang` as `json` or `md`.
    pub fn team_as(&self, id: &str, lang: Language, kind: &str) -> String {
        format!("{}{id}.{kind}", self.dir(lang))
    }
}

/// A link to the same page in another language.
#[derive(Debug, Clone)]
pub struct Alternate {
    pub code: &'static str,
    pub name: &'static str,
    pub href: String,
}

/// A language's name, in itself.
pub fn endonym(lang: Language) -> &'static str {
    match lang {
        Language::En => "English",
        Language::Cy => "Cymraeg",
    }
}
