//! The measures as a list of named figures, in one order: what the workspace table, the CSV
//! and an aim's target all read, so a measure is named and worded in one place.

use super::measures::{Measures, Share};
use super::report::{Report, Scope};
use crate::text::spreadsheet_safe;

/// One measure's value.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The stable name: the CSV's `measure` column, and what an aim names.
    pub name: &'static str,
    /// How a reader sees it named.
    pub label: &'static str,
    /// The value: a count, days, or a share from 0 to 1; none when there is nothing to measure.
    pub value: Option<f64>,
    /// For a share, its two counts.
    pub share: Option<Share>,
}

impl Figure {
    /// The value as a reader sees it: "12", "75% (3 of 4)", "6.5 days", or "–".
    pub fn text(&self) -> String {
        match (self.value, self.share) {
            (None, _) => "–".to_owned(),
            (Some(v), Some(s)) => format!("{:.0}% ({} of {})", v * 100.0, s.part, s.whole),
            (Some(v), None) if self.name.contains("days") => format!("{} days", trim(v)),
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

fn count(name: &'static str, label: &'static str, n: u64) -> Figure {
    Figure {
        name,
        label,
        value: Some(n as f64),
        share: None,
    }
}

fn share(name: &'static str, label: &'static str, s: Share) -> Figure {
    Figure {
        name,
        label,
        value: s.fraction(),
        share: Some(s),
    }
}

fn days(name: &'static str, label: &'static str, d: Option<f64>) -> Figure {
    Figure {
        name,
        label,
        value: d,
        share: None,
    }
}

impl Measures {
    /// Every measure, in the order pages list them.
    pub fn figures(&self) -> Vec<Figure> {
        vec![
            count("responses", "Responses", self.responses),
            share("coded_share", "Comments coded into a theme", self.coded),
            share(
                "themes_with_action_share",
                "Themes with comments that have an action",
                self.themes_with_action,
            ),
            days(
                "median_days_to_first_action",
                "Median time from a theme's first comment to its first action",
                self.median_days_to_first_action,
            ),
            days(
                "median_days_to_done",
                "Median time from an action's creation to done",
                self.median_days_to_done,
            ),
            count("actions_open", "Actions open", self.actions.open),
            count("actions_done", "Actions done", self.actions.done),
            count(
                "actions_cannot_do",
                "Actions we cannot do",
                self.actions.cannot_do,
            ),
            days(
                "days_to_publication",
                "Time from the end of the period to publication",
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
