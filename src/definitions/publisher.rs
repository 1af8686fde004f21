//! Who publishes: the organisation's file (`organisation.yaml`) and each team's
//! (`teams/{team}.yaml`), kept in git beside the surveys and checked like them. Both are
//! optional: without them a summary names the team by its id. What only a team file holds
//! (its users, engagement and aims) is in `team.rs` and `aims.rs`.

use super::checker::Checker;
use super::diagnostic::{self, Diagnostic};
use super::raw::{self, At, Pos, RawOrganisation, RawTeam, RawText};
use super::scalars;
use super::survey::{Language, Text};
use super::team::Team;
use super::yaml_error;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The organisation's file, in the definitions directory.
pub const ORGANISATION_FILE: &str = "organisation.yaml";
/// The directory of team files, in the definitions directory.
pub const TEAMS_DIR: &str = "teams";

/// The organisation, or one team, as its file describes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    pub name: Text,
    /// Its commitments, in its own words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement: Option<Text>,
    /// An email address or an https:// link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
}

impl Profile {
    /// The languages its pages exist in: English, and any other its name is written in.
    pub fn languages(&self) -> Vec<Language> {
        Language::ALL
            .into_iter()
            .filter(|l| *l == Language::En || self.name.has(*l))
            .collect()
    }
}

/// Who publishes a survey's summaries, as its pages, feeds and emails name them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Publisher {
    /// The organisation's name, when `organisation.yaml` gives it.
    pub organisation: Option<String>,
    /// The team's name from its file, or else its id.
    pub team: String,
}

/// The organisation, as `organisation.yaml` describes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Organisation {
    #[serde(flatten)]
    pub profile: Profile,
    /// Where users find out more: its statistics pages, its own engagement strategy.
    pub links: Vec<Link>,
    /// What the privacy notice says of the organisation itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub privacy: Option<PrivacyFacts>,
}

/// The organisation's lawful basis for processing, and where to ask about personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrivacyFacts {
    pub lawful_basis: Text,
    /// An email address or an https:// link; the organisation's `contact` when not given.
    pub contact: Option<String>,
}

/// A labelled https:// link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    pub label: Text,
    pub url: String,
}

/// What checking one organisation or team file found.
#[derive(Debug)]
pub struct ParsedFile<T> {
    /// What the file defines, when it has no errors.
    pub value: Option<T>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks an organisation's file.
pub fn parse_organisation(source: &str) -> ParsedFile<Organisation> {
    checked(source, |cx, raw: RawOrganisation| cx.organisation(&raw))
}

/// Checks a team's file; `team` is the team id its file name gives.
pub fn parse_team(team: &str, source: &str) -> ParsedFile<Team> {
    let mut parsed = checked(source, |cx, raw: RawTeam| cx.team(&raw));
    if !scalars::is_slug(team) {
        parsed.diagnostics.insert(
            0,
            Diagnostic::error(
                Pos { line: 1, column: 1 },
                format!("team file `{team}.yaml` is not named by a lowercase slug"),
            )
            .help(
                "name the file after the team id its surveys give as `owner`, e.g. `food-statistics.yaml`",
            ),
        );
        parsed.value = None;
    }
    parsed
}

/// Reads `source` as `R` and converts it with `convert`, collecting every problem.
fn checked<R: DeserializeOwned, T>(
    source: &str,
    convert: impl FnOnce(&mut Checker, R) -> Option<T>,
) -> ParsedFile<T> {
    let mut cx = Checker::default();
    let value = match raw::read_as::<R>(source) {
        Ok(raw) => convert(&mut cx, raw),
        Err(e) => {
            cx.diagnostics.push(yaml_error::diagnostic(&e));
            None
        }
    };
    diagnostic::sort(&mut cx.diagnostics);
    let failed = cx.diagnostics.iter().any(Diagnostic::is_error);
    ParsedFile {
        value: if failed { None } else { value },
        diagnostics: cx.diagnostics,
    }
}

impl Checker {
    /// The keys an organisation and a team file share; sets the file's languages first.
    pub(super) fn profile(
        &mut self,
        name: &At<RawText>,
        languages: Option<&At<Vec<At<String>>>>,
        statement: Option<&At<RawText>>,
        contact: Option<&At<String>>,
    ) -> Option<Profile> {
        self.languages = self.languages(languages);
        let name = self.text(name, "name");
        let statement = statement.and_then(|t| self.text(t, "statement"));
        let contact = match contact {
            Some(c) => Some(self.contact(c)?),
            None => None,
        };
        Some(Profile {
            name: name?,
            statement,
            contact,
        })
    }

    fn organisation(&mut self, raw: &RawOrganisation) -> Option<Organisation> {
        let profile = self.profile(
            &raw.name,
            raw.languages.as_ref(),
            raw.statement.as_ref(),
            raw.contact.as_ref(),
        );
        let mut links = Vec::new();
        for link in raw.links.iter().flat_map(|l| &l.value) {
            let label = self.text(&link.value.label, "label");
            let url = self.https(&link.value.url, "url");
            if let (Some(label), Some(url)) = (label, url) {
                links.push(Link { label, url });
            }
        }
        let privacy = match &raw.privacy {
            None => None,
            Some(p) => {
                let lawful_basis = self.text(&p.value.lawful_basis, "lawful_basis");
                let contact = match &p.value.contact {
                    Some(c) => Some(self.contact(c)?),
                    None => None,
                };
                Some(PrivacyFacts {
                    lawful_basis: lawful_basis?,
                    contact,
                })
            }
        };
        Some(Organisation {
            profile: profile?,
            links,
            privacy,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_team_file_gives_the_team_its_name_in_each_language() {
        let parsed = parse_team(
            "food-statistics",
            "name: { en: Food statistics team, cy: Tîm ystadegau bwyd }\n\
             languages: [en, cy]\ncontact: food@example.gov.uk\n",
        );
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let profile = parsed.value.unwrap().profile;
        assert_eq!(
            profile.name.get(super::super::Language::Cy),
            "Tîm ystadegau bwyd"
        );
        assert_eq!(profile.contact.as_deref(), Some("food@example.gov.uk"));
    }

    #[test]
    fn mistakes_are_reported_with_their_line_and_column() {
        let parsed = parse_organisation("name: Defra\ncontcat: a@b.org\n");
        assert!(parsed.value.is_none());
        let d = &parsed.diagnostics[0];
        assert_eq!((d.line, d.column), (2, 1), "{d:?}");
        assert!(d.message.contains("unknown key `contcat`"), "{}", d.message);
        assert_eq!(d.help.as_deref(), Some("did you mean `contact`?"));

        let parsed = parse_organisation("name: Defra\ncontact: ring us\n");
        assert!(
            parsed.diagnostics[0]
                .message
                .contains("must be an email address")
        );
        let parsed = parse_team("Food", "name: Food\n");
        assert!(parsed.diagnostics[0].message.contains("lowercase slug"));
    }
}
