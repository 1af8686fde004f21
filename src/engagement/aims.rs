//! A team's aims against what was measured: who we heard from (each user group's responses
//! against its `min_count`) and each aim's value beside its target.

use super::facts::Facts;
use super::measures::{Measures, needs};
use crate::definitions::{Aim, Language, Measure, Target, Team, Unit};
use crate::i18n::{Msg, fill, t};
use serde::Serialize;

/// One expected user group in a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct GroupHeard {
    pub id: String,
    pub label: String,
    pub responses: u64,
    /// Responses at which it counts as heard from.
    pub min_count: u32,
    pub heard: bool,
}

/// One aim in a period.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct AimResult {
    pub id: String,
    pub label: String,
    /// The measure's name, as the team file writes it.
    pub measure: &'static str,
    /// What the value is counted in.
    #[serde(skip)]
    pub unit: Unit,
    /// The target in words: "at least 10%", "at most 30 days".
    pub target: String,
    /// The value, in the measure's unit (a share from 0 to 1); none with nothing to measure.
    pub value: Option<f64>,
    /// Whether the value meets the target; none without a value.
    pub met: Option<bool>,
}

impl AimResult {
    /// The value as a reader sees it: "12%", "40 days", "3", or "–".
    pub fn value_text(&self) -> String {
        self.value_text_in(Language::En)
    }

    /// The value as a reader in `lang` sees it.
    pub fn value_text_in(&self, lang: Language) -> String {
        let Some(v) = self.value else {
            return "–".to_owned();
        };
        match self.unit {
            Unit::Share => format!("{:.0}%", v * 100.0),
            Unit::Days => fill(lang, Msg::Days, &[("n", &format!("{v:.0}"))]),
            Unit::Count => format!("{v:.0}"),
        }
    }

    /// "Met", "Not met", or "Nothing to measure yet".
    pub fn verdict(&self) -> &'static str {
        self.verdict_in(Language::En)
    }

    /// The verdict in `lang`.
    pub fn verdict_in(&self, lang: Language) -> &'static str {
        t(
            lang,
            match self.met {
                Some(true) => Msg::Met,
                Some(false) => Msg::NotMet,
                None => Msg::NothingToMeasure,
            },
        )
    }
}

/// Each of the team's user groups with its responses in the measured period.
pub fn groups_heard(team: &Team, measures: &Measures) -> Vec<GroupHeard> {
    team.users
        .iter()
        .map(|g| {
            let responses: u64 = g
                .answers
                .iter()
                .filter_map(|a| measures.by_user_type.get(a))
                .sum();
            GroupHeard {
                id: g.id.clone(),
                label: g.label.get(Language::En).to_owned(),
                responses,
                min_count: g.min_count,
                heard: responses >= u64::from(g.min_count),
            }
        })
        .collect()
}

/// The share of the team's groups heard from; none when it expects none.
pub fn coverage(groups: &[GroupHeard]) -> Option<f64> {
    let heard = groups.iter().filter(|g| g.heard).count();
    (!groups.is_empty()).then(|| heard as f64 / groups.len() as f64)
}

/// Every aim of `team`, valued from the period's `facts` and `measures`, worded in `lang`.
pub fn evaluate(
    team: &Team,
    facts: &[Facts],
    measures: &Measures,
    lang: Language,
) -> Vec<AimResult> {
    let groups = groups_heard(team, measures);
    team.aims
        .iter()
        .map(|aim| {
            let value = value(aim, facts, measures, &groups);
            AimResult {
                id: aim.id.clone(),
                label: aim.label.get(lang).to_owned(),
                measure: aim.measure.name(),
                unit: aim.measure.unit(),
                target: target_text(aim, lang),
                met: value.map(|v| aim.target.is_met(v)),
                value,
            }
        })
        .collect()
}

fn value(aim: &Aim, facts: &[Facts], m: &Measures, groups: &[GroupHeard]) -> Option<f64> {
    let share = |part: u64, whole: u64| (whole > 0).then(|| part as f64 / whole as f64);
    match &aim.measure {
        Measure::Responses => Some(m.responses as f64),
        Measure::CodedShare => m.coded.fraction(),
        Measure::ThemesWithActionShare {
            within,
            min_comments,
        } => {
            let themes: Vec<_> = needs(facts)
                .into_iter()
                .filter(|t| t.in_period >= u64::from(*min_comments).max(1))
                .collect();
            let answered = themes
                .iter()
                .filter(|t| match (t.first_comment, t.first_action, within) {
                    (_, None, _) => false,
                    (Some(first), Some(action), Some(within)) => action <= within.after(first),
                    (_, Some(_), _) => true,
                })
                .count();
            share(answered as u64, themes.len() as u64)
        }
        Measure::MedianDaysToFirstAction => m.median_days_to_first_action,
        Measure::MedianDaysToDone => m.median_days_to_done,
        Measure::ActionsOpen => Some(m.actions.open as f64),
        Measure::ActionsDone => Some(m.actions.done as f64),
        Measure::ActionsCannotDo => Some(m.actions.cannot_do as f64),
        Measure::DaysToPublication => m.days_to_publication.map(|d| d as f64),
        Measure::UserGroupCoverage => coverage(groups),
        Measure::GroupShare { group } => {
            let heard = groups.iter().find(|g| g.id == *group)?;
            share(heard.responses, m.responses)
        }
    }
}

/// "at least 10%", "at most 30 days", "at least 100".
fn target_text(aim: &Aim, lang: Language) -> String {
    let (word, n) = match aim.target {
        Target::AtLeast(n) => (t(lang, Msg::AtLeast), n),
        Target::AtMost(n) => (t(lang, Msg::AtMost), n),
    };
    let number = |v: f64| {
        if v.fract() == 0.0 {
            format!("{v:.0}")
        } else {
            format!("{v}")
        }
    };
    match aim.measure.unit() {
        Unit::Share => format!("{word} {}%", number(n * 100.0)),
        Unit::Days => format!("{word} {}", fill(lang, Msg::Days, &[("n", &number(n))])),
        Unit::Count => format!("{word} {}", number(n)),
    }
}
