//! The measures as a list of named figures, in one order: what the workspace table, the CSV
//! and an aim's target all read, so a measure is named and worded in one place.

use super::measures::{Measures, Share};
use super::report::{Report, Scope};
use crate::definitions::Language;
use crate::i18n::{Msg, fill, t};
use crate::text::spreadsheet_safe;

/// One measure's value.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The stable name: the CSV's `measure` column, and what an aim names.
    pub name: &'static str,
    /// Its name in the translation table.
    msg: Msg,
    /// The value: a count, days, or a share from 0 to 1; none when there is nothing to measure.
    pub value: Option<f64>,
    /// For a share, its two counts.
    pub share: Option<Share>,
}

impl Figure {
    /// The value as a reader sees it: "12", "75% (3 of 4)", "6.5 days", or "–".
    pub fn text(&self) -> String {
        self.text_in(Language::En)
    }

    /// How a reader sees it named, in English.
    pub fn label(&self) -> &'static str {
        self.label_in(Language::En)
    }

    /// The name in `lang`.
    pub fn label_in(&self, lang: Language) -> &'static str {
        t(lang, self.msg)
    }

    /// The value as a reader in `lang` sees it.
    pub fn text_in(&self, lang: Language) -> String {
        match (self.value, self.share) {
            (None, _) => "–".to_owned(),
            (Some(v), Some(s)) => fill(
                lang,
                Msg::ShareOf,
                &[
                    ("percent", &format!("{:.0}", v * 100.0)),
                    ("part", &s.part.to_string()),
                    ("whole", &s.whole.to_string()),
                ],
            ),
            (Some(v), None) if self.name.contains("days") => {
                fill(lang, Msg::Days, &[("n", &trim(v))])
            }
            (Some(v), None) => trim(v),
        }
    }
}

/// `6.5`, `61`: no trailing `.0`.
fn trim(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

fn figure(name: &'static str, msg: Msg, value: Option<f64>, share: Option<Share>) -> Figure {
    Figure {
        name,
        msg,
        value,
        share,
    }
}

fn count(name: &'static str, msg: Msg, n: u64) -> Figure {
    figure(name, msg, Some(n as f64), None)
}

fn share(name: &'static str, msg: Msg, s: Share) -> Figure {
    figure(name, msg, s.fraction(), Some(s))
}

fn days(name: &'static str, msg: Msg, d: Option<f64>) -> Figure {
    figure(name, msg, d, None)
}

impl Measures {
    /// Every measure, in the order pages list them.
    pub fn figures(&self) -> Vec<Figure> {
        vec![
            count("responses", Msg::Responses, self.responses),
            share("referred_share", Msg::ReferredShare, self.referred),
            share("coded_share", Msg::CodedShare, self.coded),
            share(
                "themes_with_action_share",
                Msg::ThemesWithAction,
                self.themes_with_action,
            ),
            days(
                "median_days_to_first_action",
                Msg::DaysToFirstAction,
                self.median_days_to_first_action,
            ),
            days(
                "median_days_to_done",
                Msg::DaysToDone,
                self.median_days_to_done,
            ),
            count("actions_open", Msg::ActionsOpen, self.actions.open),
            count("actions_done", Msg::ActionsDone, self.actions.done),
            count(
                "actions_cannot_do",
                Msg::ActionsCannotDo,
                self.actions.cannot_do,
            ),
            days(
                "days_to_publication",
                Msg::DaysToPublication,
                self.days_to_publication.map(|d| d as f64),
            ),
        ]
    }
}

/// The CSV columns.
const COLUMNS: [&str; 7] = [
    "scope", "period", "survey", "measure", "value", "part", "whole",
];

/// The report as tidy CSV: one row per period, survey (blank for the total) and measure.
pub fn csv(report: &Report) -> Result<Vec<u8>, csv::Error> {
    let scope = match &report.scope {
        Scope::Team(team) => team.clone(),
        Scope::Organisation => "organisation".to_owned(),
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS)?;
    let mut write = |period: String, survey: &str, m: &Measures| -> Result<(), csv::Error> {
        for f in m.figures() {
            let number = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_default();
            w.write_record([
                spreadsheet_safe(scope.clone()),
                period.clone(),
                spreadsheet_safe(survey.to_owned()),
                f.name.to_owned(),
                f.value.map(|v| v.to_string()).unwrap_or_default(),
                number(f.share.map(|s| s.part)),
                number(f.share.map(|s| s.whole)),
            ])?;
        }
        Ok(())
    };
    for t in &report.trend {
        write(t.period.to_string(), "", &t.measures)?;
    }
    for s in &report.surveys {
        write(report.period.to_string(), &s.id, &s.measures)?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}
