//! A team's aims: a target on one of a closed set of measures, so that "how well we close the
//! loop" can compute each aim's value and say whether it meets its target. Each measure's
//! own settings (`group`, `within`, `min_comments`) live in its variant, so an aim that holds
//! one has the settings it needs and no others.

use super::checker::Checker;
use super::raw::{At, Pos, RawAim, RawTarget, Scalar, pos};
use super::scalars;
use super::suggest;
use super::survey::{Every, Length, MAX_NUMBER, Text};
use serde::Serialize;

/// A measurable engagement aim.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Aim {
    pub id: String,
    pub label: Text,
    #[serde(flatten)]
    pub measure: Measure,
    pub target: Target,
    /// The period each value is computed over; `None`: the one the team's surveys publish
    /// in (`check` makes sure they agree when it is left out).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per: Option<Every>,
}

impl Aim {
    /// The period each value is computed over, given the team's surveys' `publish.every`.
    pub fn period(&self, surveys: Every) -> Every {
        self.per.unwrap_or(surveys)
    }
}

/// What an aim measures, for a team in one period; each is defined in
/// `docs/survey-definitions.md` as point 2 of issue 13 computes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "measure", rename_all = "snake_case")]
pub enum Measure {
    Responses,
    /// Free-text answers coded into a theme, of all free-text answers.
    CodedShare,
    /// Themes with comments in the period that have a linked action.
    ThemesWithActionShare {
        /// Only actions linked within this time of the theme's first comment count.
        #[serde(skip_serializing_if = "Option::is_none")]
        within: Option<Length>,
        /// Only themes with at least this many comments in the period count.
        min_comments: u32,
    },
    MedianDaysToFirstAction,
    MedianDaysToDone,
    ActionsOpen,
    ActionsDone,
    ActionsCannotDo,
    DaysToPublication,
    /// User groups heard from at or above their `min_count`, of those the team expects.
    UserGroupCoverage,
    /// One group's responses, of all responses.
    GroupShare {
        group: String,
    },
}

/// What a measure's value is: how its target is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Count,
    /// A fraction from 0 to 1, written as a percentage.
    Share,
    Days,
}

impl Measure {
    /// Every measure by the name producers write.
    pub const NAMES: [&'static str; 11] = [
        "responses",
        "coded_share",
        "themes_with_action_share",
        "median_days_to_first_action",
        "median_days_to_done",
        "actions_open",
        "actions_done",
        "actions_cannot_do",
        "days_to_publication",
        "user_group_coverage",
        "group_share",
    ];

    /// The name producers write after `measure:`.
    pub fn name(&self) -> &'static str {
        let i = match self {
            Measure::Responses => 0,
            Measure::CodedShare => 1,
            Measure::ThemesWithActionShare { .. } => 2,
            Measure::MedianDaysToFirstAction => 3,
            Measure::MedianDaysToDone => 4,
            Measure::ActionsOpen => 5,
            Measure::ActionsDone => 6,
            Measure::ActionsCannotDo => 7,
            Measure::DaysToPublication => 8,
            Measure::UserGroupCoverage => 9,
            Measure::GroupShare { .. } => 10,
        };
        Self::NAMES.get(i).copied().unwrap_or_default()
    }

    /// What its value is.
    pub fn unit(&self) -> Unit {
        match self {
            Measure::Responses
            | Measure::ActionsOpen
            | Measure::ActionsDone
            | Measure::ActionsCannotDo => Unit::Count,
            Measure::CodedShare
            | Measure::ThemesWithActionShare { .. }
            | Measure::UserGroupCoverage
            | Measure::GroupShare { .. } => Unit::Share,
            Measure::MedianDaysToFirstAction
            | Measure::MedianDaysToDone
            | Measure::DaysToPublication => Unit::Days,
        }
    }
}

/// The value an aim wants: a share as a fraction from 0 to 1 (written `10%`), else a number.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    AtLeast(f64),
    AtMost(f64),
}

impl Target {
    /// Whether `value`, in the measure's unit, meets the target.
    pub fn is_met(self, value: f64) -> bool {
        match self {
            Target::AtLeast(t) => value >= t,
            Target::AtMost(t) => value <= t,
        }
    }
}

impl Checker {
    /// A team's aims; `groups` are the ids of its user groups.
    pub(super) fn aims(&mut self, raw: &[At<RawAim>], groups: &[&str]) -> Vec<Aim> {
        raw.iter()
            .filter_map(|aim| {
                let id = self.id(&aim.value.id, "aim", raw.iter().map(|a| &a.value.id));
                let aim = self.aim(&aim.value, groups);
                Some(Aim { id: id?, ..aim? })
            })
            .collect()
    }

    fn aim(&mut self, raw: &RawAim, groups: &[&str]) -> Option<Aim> {
        let label = self.text(&raw.label, "label");
        let measure = self.measure(raw, groups);
        let per = raw.per.as_ref().and_then(|per| {
            let name = per.value.trim();
            let every = Every::from_name(name);
            if every.is_none() {
                self.error(pos(per), format!("unknown period `{name}` in `per`"))
                    .help = Some(suggest::help(name, "`per` is one of", &Every::NAMES));
            }
            every
        });
        let target = self.target(&raw.target, measure.as_ref()?);
        if raw.per.is_some() && per.is_none() {
            return None;
        }
        Some(Aim {
            id: String::new(),
            label: label?,
            measure: measure?,
            target: target?,
            per,
        })
    }

    fn measure(&mut self, raw: &RawAim, groups: &[&str]) -> Option<Measure> {
        let name = raw.measure.value.trim();
        let at = pos(&raw.measure);
        let measure = match name {
            "responses" => Measure::Responses,
            "coded_share" => Measure::CodedShare,
            "themes_with_action_share" => Measure::ThemesWithActionShare {
                within: match &raw.within {
                    Some(w) => Some(self.within(w)?),
                    None => None,
                },
                min_comments: match &raw.min_comments {
                    Some(m) => self
                        .whole(m, "min_comments", 1..=i64::from(u32::MAX))
                        .ok()?,
                    None => 1,
                },
            },
            "median_days_to_first_action" => Measure::MedianDaysToFirstAction,
            "median_days_to_done" => Measure::MedianDaysToDone,
            "actions_open" => Measure::ActionsOpen,
            "actions_done" => Measure::ActionsDone,
            "actions_cannot_do" => Measure::ActionsCannotDo,
            "days_to_publication" => Measure::DaysToPublication,
            "user_group_coverage" if groups.is_empty() => {
                self.error(at, "`user_group_coverage` needs the team's `users`")
                    .help = Some(
                    "list the user groups the team expects to hear from under `users`".to_owned(),
                );
                return None;
            }
            "user_group_coverage" => Measure::UserGroupCoverage,
            "group_share" => Measure::GroupShare {
                group: self.group(raw, at, groups)?,
            },
            _ => {
                self.error(at, format!("unknown measure `{name}`")).help =
                    Some(suggest::help(name, "the measures are", &Measure::NAMES));
                return None;
            }
        };
        self.misplaced(raw, &measure);
        Some(measure)
    }

    /// Reports the settings of other measures that this aim's measure has no use for.
    fn misplaced(&mut self, raw: &RawAim, measure: &Measure) {
        let name = measure.name();
        let settings: [(&str, Option<Pos>, bool); 3] = [
            (
                "group",
                raw.group.as_ref().map(pos),
                matches!(measure, Measure::GroupShare { .. }),
            ),
            (
                "within",
                raw.within.as_ref().map(pos),
                matches!(measure, Measure::ThemesWithActionShare { .. }),
            ),
            (
                "min_comments",
                raw.min_comments.as_ref().map(pos),
                matches!(measure, Measure::ThemesWithActionShare { .. }),
            ),
        ];
        for (key, at, applies) in settings {
            if let (Some(at), false) = (at, applies) {
                let home = if key == "group" {
                    "group_share"
                } else {
                    "themes_with_action_share"
                };
                self.error(at, format!("`{key}` does not apply to measure `{name}`"))
                    .help = Some(format!("`{key}` is for `{home}` only; remove it here"));
            }
        }
    }

    fn group(&mut self, raw: &RawAim, at: Pos, groups: &[&str]) -> Option<String> {
        let Some(group) = &raw.group else {
            self.error(at, "`group_share` needs a `group`").help =
                Some("add `group:` with the id of one of the team's `users`".to_owned());
            return None;
        };
        let id = group.value.trim();
        if groups.contains(&id) {
            return Some(id.to_owned());
        }
        let help = if groups.is_empty() {
            "the team lists no `users` yet: add the group there first".to_owned()
        } else {
            suggest::help(id, "the team's user groups are", groups)
        };
        self.error(pos(group), format!("unknown user group `{id}`"))
            .help = Some(help);
        None
    }

    fn within(&mut self, within: &At<String>) -> Option<Length> {
        let length = scalars::period(&within.value);
        if length.is_none() {
            self.error(
                pos(within),
                format!("`{}` is not a length of time", within.value.trim()),
            )
            .help = Some("write it as `90 days`, `6 weeks` or `3 months`".to_owned());
        }
        length
    }

    fn target(&mut self, raw: &At<RawTarget>, measure: &Measure) -> Option<Target> {
        let (written, bound): (&At<Scalar>, fn(f64) -> Target) =
            match (&raw.value.at_least, &raw.value.at_most) {
                (Some(v), None) => (v, Target::AtLeast),
                (None, Some(v)) => (v, Target::AtMost),
                (both, _) => {
                    let message = if both.is_some() {
                        "a target is either `at_least` or `at_most`, not both"
                    } else {
                        "`target` needs `at_least` or `at_most`"
                    };
                    self.error(pos(raw), message).help = Some(example(measure));
                    return None;
                }
            };
        let text = written.value.0.trim();
        let at = pos(written);
        let (number, percent) = match text.strip_suffix('%') {
            Some(n) => (n.trim().parse::<f64>().ok(), true),
            None => (text.parse::<f64>().ok(), false),
        };
        let name = measure.name();
        let share = measure.unit() == Unit::Share;
        let Some(number) = number.filter(|n| n.is_finite()) else {
            self.error(at, format!("the target `{text}` is not a number"))
                .help = Some(example(measure));
            return None;
        };
        if share != percent {
            let (what, needs) = if share {
                ("a share", "a percentage")
            } else {
                ("a number of responses, actions or days", "a number")
            };
            self.error(
                at,
                format!("`{name}` is {what}, so its target is {needs}, not `{text}`"),
            )
            .help = Some(example(measure));
            return None;
        }
        let max = if share { 100.0 } else { MAX_NUMBER };
        if !(0.0..=max).contains(&number) {
            let shown = if share { "100%" } else { "1000000000000000" };
            self.error(
                at,
                format!("the target `{text}` must be between 0 and {shown}"),
            )
            .help = Some(example(measure));
            return None;
        }
        Some(bound(if share { number / 100.0 } else { number }))
    }
}

/// A target the measure could have, for the help of a mistake in one.
fn example(measure: &Measure) -> String {
    let example = match measure.unit() {
        Unit::Share => "{ at_least: 10% }",
        Unit::Count => "{ at_least: 30 }",
        Unit::Days => "{ at_most: 90 }",
    };
    format!("write it as, e.g., `target: {example}`")
}
