//! What a team file says beyond its name: the user groups the team expects to hear from, the
//! question per survey that says what users use the statistics for, and the other ways the
//! team engages. Its aims are in `aims.rs`; the checks against its surveys in
//! `team_surveys.rs`, since one file alone cannot know the surveys' options.

use super::aims::Aim;
use super::checker::Checker;
use super::parse::MAX_MIN_COUNT;
use super::publisher::Profile;
use super::raw::{At, RawEngagement, RawTeam, RawUserGroup, RawUses, pos};
use super::scalars;
use super::suggest;
use super::survey::Text;
use serde::Serialize;

/// Responses a group needs in a period to count as heard from when its file does not say:
/// the default disclosure threshold of a survey, so a group counts as heard from exactly when
/// its count could be published unsuppressed.
pub const DEFAULT_GROUP_MIN_COUNT: u32 = 5;

/// A team, as its file describes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Team {
    #[serde(flatten)]
    pub profile: Profile,
    /// The user groups it expects to hear from.
    pub users: Vec<UserGroup>,
    /// Per survey, the question that says what respondents use the statistics for.
    pub uses: Vec<Uses>,
    /// The other ways it engages: user groups, newsletters, events.
    pub engagement: Vec<Engagement>,
    /// What it aims for, each measurable against a target.
    pub aims: Vec<Aim>,
    /// Ways users can sign up to take part.
    pub opportunities: Vec<super::opportunities::Opportunity>,
}

impl Team {
    /// The group an answer to a survey's `user_types` question puts a respondent in.
    pub fn group_of(&self, answer: &str) -> Option<&UserGroup> {
        self.users
            .iter()
            .find(|g| g.answers.iter().any(|a| a == answer))
    }

    /// The user group with this id.
    pub fn group(&self, id: &str) -> Option<&UserGroup> {
        self.users.iter().find(|g| g.id == id)
    }

    /// The question of `survey` that says what respondents use the statistics for.
    pub fn uses_question(&self, survey: &str) -> Option<&str> {
        self.uses
            .iter()
            .find(|u| u.survey == survey)
            .map(|u| u.question.as_str())
    }
}

/// A group of users the team expects to hear from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserGroup {
    pub id: String,
    pub label: Text,
    /// The option values of the team's surveys' `user_types` questions that put a respondent
    /// in this group; no value is in two groups.
    pub answers: Vec<String>,
    /// Responses in a period at which the group counts as heard from.
    pub min_count: u32,
}

/// Which question of a survey says what respondents use the statistics for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Uses {
    pub survey: String,
    pub question: String,
}

/// Another way the team engages with its users.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Engagement {
    pub name: Text,
    /// What happens there, for whom.
    pub what: Text,
    pub how_often: HowOften,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// How often an engagement activity happens: a closed set, so the public pages can say it in
/// English and Welsh and sort activities by it without every team translating free text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HowOften {
    /// Always open, such as a mailbox or a forum.
    Ongoing,
    Weekly,
    Monthly,
    Quarterly,
    TwiceAYear,
    Yearly,
    /// When there is something to consult on.
    AsNeeded,
}

impl HowOften {
    /// Each value by the name producers write, in the order above.
    pub const NAMES: [&'static str; 7] = [
        "ongoing",
        "weekly",
        "monthly",
        "quarterly",
        "twice_a_year",
        "yearly",
        "as_needed",
    ];
    const ALL: [HowOften; 7] = [
        HowOften::Ongoing,
        HowOften::Weekly,
        HowOften::Monthly,
        HowOften::Quarterly,
        HowOften::TwiceAYear,
        HowOften::Yearly,
        HowOften::AsNeeded,
    ];

    /// Reads a name such as `twice_a_year`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::NAMES
            .iter()
            .zip(Self::ALL)
            .find(|(n, _)| **n == name)
            .map(|(_, h)| h)
    }
}

impl Checker {
    /// A whole team file.
    pub(super) fn team(&mut self, raw: &RawTeam) -> Option<Team> {
        let profile = self.profile(
            &raw.name,
            raw.languages.as_ref(),
            raw.statement.as_ref(),
            raw.contact.as_ref(),
        );
        let users = self.users(raw.users.as_ref().map_or(&[][..], |u| &u.value));
        let uses = self.uses(raw.uses.as_ref().map_or(&[][..], |u| &u.value));
        let engagement = raw
            .engagement
            .iter()
            .flat_map(|e| &e.value)
            .filter_map(|e| self.engagement(e))
            .collect();
        let groups: Vec<&str> = users.iter().map(|g| g.id.as_str()).collect();
        let aims = self.aims(raw.aims.as_ref().map_or(&[][..], |a| &a.value), &groups);
        let opportunities =
            self.opportunities(raw.opportunities.as_ref().map_or(&[][..], |o| &o.value));
        Some(Team {
            profile: profile?,
            users,
            uses,
            engagement,
            aims,
            opportunities,
        })
    }

    fn users(&mut self, raw: &[At<RawUserGroup>]) -> Vec<UserGroup> {
        let mut users: Vec<UserGroup> = Vec::new();
        for group in raw {
            let group = &group.value;
            let id = self.id(&group.id, "user group", raw.iter().map(|g| &g.value.id));
            let label = self.text(&group.label, "label");
            let mut answers = Vec::new();
            for answer in &group.answers.value {
                let value = answer.value.0.trim().to_owned();
                let taken = users
                    .iter()
                    .find(|g| g.answers.contains(&value))
                    .map(|g| g.id.clone());
                if !scalars::is_option_value(&value) {
                    self.error(pos(answer), format!("`{value}` is not an option value"))
                        .help = Some("write the `value` of an option of the survey's `user_types` question, e.g. `local-government`".to_owned());
                } else if let Some(other) = taken {
                    self.error(
                        pos(answer),
                        format!("answer `{value}` is already in user group `{other}`"),
                    )
                    .help = Some(
                        "a respondent is counted in one group only: keep the answer in one of them"
                            .to_owned(),
                    );
                } else if answers.contains(&value) {
                    self.error(pos(answer), format!("answer `{value}` is listed twice"));
                } else {
                    answers.push(value);
                }
            }
            if group.answers.value.is_empty() {
                self.error(pos(&group.answers), "`answers` is empty").help = Some("list the options of the `user_types` question that put a respondent in this group".to_owned());
            }
            let min_count = match &group.min_count {
                None => Some(DEFAULT_GROUP_MIN_COUNT),
                Some(min) => self
                    .whole(min, "min_count", 1..=MAX_MIN_COUNT)
                    .map_err(|d| {
                        d.help = Some(format!("a group counts as heard from in a period with at least this many responses; {DEFAULT_GROUP_MIN_COUNT} when not given"));
                    })
                    .ok(),
            };
            if let (Some(id), Some(label), Some(min_count)) = (id, label, min_count) {
                users.push(UserGroup {
                    id,
                    label,
                    answers,
                    min_count,
                });
            }
        }
        users
    }

    fn uses(&mut self, raw: &[At<RawUses>]) -> Vec<Uses> {
        let mut uses: Vec<Uses> = Vec::new();
        for entry in raw {
            let survey = entry.value.survey.value.trim().to_owned();
            if let Some(first) = uses.iter().find(|u| u.survey == survey) {
                self.error(
                    pos(&entry.value.survey),
                    format!("`uses` names survey `{survey}` twice"),
                )
                .help = Some(format!(
                    "a survey has one question for what the statistics are used for; keep `{}` or this one",
                    first.question
                ));
                continue;
            }
            uses.push(Uses {
                survey,
                question: entry.value.question.value.trim().to_owned(),
            });
        }
        uses
    }

    fn engagement(&mut self, raw: &At<RawEngagement>) -> Option<Engagement> {
        let raw = &raw.value;
        let name = self.text(&raw.name, "name");
        let what = self.text(&raw.what, "what");
        let written = raw.how_often.value.trim();
        let how_often = HowOften::from_name(written);
        if how_often.is_none() {
            self.error(
                pos(&raw.how_often),
                format!("unknown `how_often` `{written}`"),
            )
            .help = Some(suggest::help(
                written,
                "`how_often` is one of",
                &HowOften::NAMES,
            ));
        }
        let link = match &raw.link {
            Some(link) => Some(self.https(link, "link")?),
            None => None,
        };
        Some(Engagement {
            name: name?,
            what: what?,
            how_often: how_often?,
            link,
        })
    }

    /// An id that is a slug and unique among `all` (which includes itself); none otherwise.
    pub(super) fn id<'a>(
        &mut self,
        id: &At<String>,
        what: &str,
        all: impl Iterator<Item = &'a At<String>>,
    ) -> Option<String> {
        let value = id.value.trim();
        if !scalars::is_slug(value) {
            self.error(
                pos(id),
                format!("{what} id `{value}` is not a lowercase slug"),
            )
            .help =
                Some("use lowercase letters, digits and `-`, e.g. `local-government`".to_owned());
            return None;
        }
        let first = all.into_iter().find(|other| other.value.trim() == value)?;
        if pos(first) != pos(id) {
            let line = pos(first).line;
            self.error(pos(id), format!("{what} id `{value}` is used twice"))
                .help = Some(format!(
                "the first one is on line {line}; give each its own id"
            ));
            return None;
        }
        Some(value.to_owned())
    }
}

#[cfg(test)]
mod tests;
