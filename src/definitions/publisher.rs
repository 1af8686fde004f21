//! Who publishes: the organisation's file (`organisation.yaml`) and each team's
//! (`teams/{team}.yaml`), kept in git beside the surveys and checked like them. Both are
//! optional: without them a summary names the team by its id.

use super::checker::Checker;
use super::diagnostic::{self, Diagnostic};
use super::raw::{self, Pos, RawPublisher};
use super::scalars;
use super::survey::Text;
use super::yaml_error;
use serde::Serialize;

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

/// Who publishes a survey's summaries, as its pages, feeds and emails name them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Publisher {
    /// The organisation's name, when `organisation.yaml` gives it.
    pub organisation: Option<String>,
    /// The team's name from its file, or else its id.
    pub team: String,
}

/// What checking one organisation or team file found.
#[derive(Debug)]
pub struct ParsedProfile {
    pub profile: Option<Profile>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks an organisation or team file; `team` is the team id its file name gives.
pub fn parse_profile(team: Option<&str>, source: &str) -> ParsedProfile {
    let mut cx = Checker::default();
    let profile = match raw::read_as::<RawPublisher>(source) {
        Ok(raw) => cx.profile(raw),
        Err(e) => {
            cx.diagnostics.push(yaml_error::diagnostic(&e));
            None
        }
    };
    if let Some(id) = team.filter(|id| !scalars::is_slug(id)) {
        cx.error(
            Pos { line: 1, column: 1 },
            format!("team file `{id}.yaml` is not named by a lowercase slug"),
        )
        .help = Some(
            "name the file after the team id its surveys give as `owner`, e.g. `food-statistics.yaml`"
                .to_owned(),
        );
    }
    diagnostic::sort(&mut cx.diagnostics);
    let failed = cx.diagnostics.iter().any(Diagnostic::is_error);
    ParsedProfile {
        profile: if failed { None } else { profile },
        diagnostics: cx.diagnostics,
    }
}

impl Checker {
    fn profile(&mut self, raw: RawPublisher) -> Option<Profile> {
        self.languages = self.languages(raw.languages.as_ref());
        let name = self.text(&raw.name, "name");
        let statement = raw
            .statement
            .as_ref()
            .and_then(|t| self.text(t, "statement"));
        let contact = match &raw.contact {
            Some(c) => Some(self.contact(c)?),
            None => None,
        };
        Some(Profile {
            name: name?,
            statement,
            contact,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_team_file_gives_the_team_its_name_in_each_language() {
        let parsed = parse_profile(
            Some("food-statistics"),
            "name: { en: Food statistics team, cy: Tîm ystadegau bwyd }\n\
             languages: [en, cy]\ncontact: food@example.gov.uk\n",
        );
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let profile = parsed.profile.unwrap();
        assert_eq!(
            profile.name.get(super::super::Language::Cy),
            "Tîm ystadegau bwyd"
        );
        assert_eq!(profile.contact.as_deref(), Some("food@example.gov.uk"));
    }

    #[test]
    fn mistakes_are_reported_with_their_line_and_column() {
        let parsed = parse_profile(None, "name: Defra\ncontcat: a@b.org\n");
        assert!(parsed.profile.is_none());
        let d = &parsed.diagnostics[0];
        assert_eq!((d.line, d.column), (2, 1), "{d:?}");
        assert!(d.message.contains("unknown key `contcat`"), "{}", d.message);
        assert_eq!(d.help.as_deref(), Some("did you mean `contact`?"));

        let parsed = parse_profile(None, "name: Defra\ncontact: ring us\n");
        assert!(
            parsed.diagnostics[0]
                .message
                .contains("must be an email address")
        );
        let parsed = parse_profile(Some("Food"), "name: Food\n");
        assert!(parsed.diagnostics[0].message.contains("lowercase slug"));
    }
}
