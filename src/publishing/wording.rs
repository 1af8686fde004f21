//! How a summary's figures read in words, the same in every format: percentages, averages,
//! action dates, the partial-summary note and who publishes it.

use super::disclosure::Cell;
use super::summary::{PublicAction, Row, Summary, Table};
use chrono::NaiveDate;

impl PublicAction {
    /// Its dates in words ("Target date 31 March 2027"), where the team filled them in.
    pub fn dates_text(&self) -> Option<String> {
        let day = |d: &NaiveDate| d.format("%-d %B %Y").to_string();
        match (&self.completed_date, &self.target_date) {
            (Some(done), _) => Some(format!("Completed {}", day(done))),
            (None, Some(target)) => Some(format!("Target date {}", day(target))),
            (None, None) => None,
        }
    }
}

/// A percentage as every format writes it: one decimal place.
pub fn percent_figure(p: f64) -> String {
    format!("{p:.1}")
}

impl Row {
    /// The percentage as tables write it: `[c]` when suppressed, `–` when there is no total.
    pub fn percent_text(&self) -> String {
        match (self.count, self.percent) {
            (Cell::Suppressed, _) => self.count.display(),
            (_, Some(p)) => percent_figure(p),
            (_, None) => "–".to_owned(),
        }
    }
}

impl Summary {
    /// Who publishes it, as every format names them: "Food statistics team, Defra".
    pub fn published_by(&self) -> String {
        let team = if self.team.is_empty() {
            self.survey.as_str()
        } else {
            self.team.as_str()
        };
        match &self.organisation {
            Some(org) => format!("{team}, {org}"),
            None => team.to_owned(),
        }
    }

    /// The share left out as spam or bots, in words, when there is one to state.
    pub fn excluded_text(&self) -> Option<String> {
        let x = self.excluded_percent.filter(|x| *x > 0.0)?;
        Some(format!(
            "We left out {}% of responses as spam or automated.",
            percent_figure(x)
        ))
    }

    /// For a partial summary, the sentence every format shows: which days it counts.
    pub fn partial_note(&self) -> Option<String> {
        let to = self.partial?;
        Some(format!(
            "This is a partial summary: {} had not ended when it was counted, so it covers {} \
             to {} only, and the figures for the whole period will differ.",
            self.period.label(),
            self.period.first_day().format("%-d %B %Y"),
            to.format("%-d %B %Y")
        ))
    }

    /// The period in words, as every format's title gives it; a partial one says "so far".
    pub fn period_title(&self) -> String {
        let so_far = if self.partial.is_some() {
            " so far"
        } else {
            ""
        };
        format!("{}{so_far}", self.period.label())
    }
}

impl Table {
    /// Whether anyone answered: a question nobody answered gets a sentence, not a chart.
    pub fn answered(&self) -> bool {
        self.total != Cell::Shown(0)
    }

    /// A rating's mean and its change, in words; none when there is no mean to show.
    pub fn mean_text(&self) -> Option<String> {
        let mean = self.mean?;
        let scale = match (self.rows.first(), self.rows.last()) {
            (Some(low), Some(high)) => format!(" on a scale from {} to {}", low.label, high.label),
            _ => String::new(),
        };
        Some(match self.mean_change {
            Some(c) if c > 0.0 => {
                format!("Average {mean:.2}{scale}, up {c:.2} since the last period.")
            }
            Some(c) if c < 0.0 => {
                format!(
                    "Average {mean:.2}{scale}, down {:.2} since the last period.",
                    -c
                )
            }
            Some(_) => format!("Average {mean:.2}{scale}, unchanged since the last period."),
            None => format!("Average {mean:.2}{scale}."),
        })
    }
}

/// The methods note: how the figures were made safe to publish.
pub(super) fn methods(min_count: u64) -> String {
    format!(
        "People chose to answer this survey; they are not a representative sample of everyone \
         who uses these statistics. Counts below {min_count}, and any that would let one be \
         worked out, are shown as [c]; so is any group of them whose sum would be below \
         {min_count}, or would fix each of them. Figures worked out from counts follow the same \
         rule: percentages are given only for shown counts, an average only when no count of \
         that question is suppressed, its change only against the average the period before \
         published, and the share left out as spam only when it is none or at least \
         {min_count} responses. Who we have \
         not heard from lists every type whose count is suppressed, whatever its size, and \
         other types under 5%, so it reveals nothing the table does not. A correction publishes \
         a changed figure only when every change that could be worked out from it and an \
         earlier revision is nothing or at least {min_count} responses; otherwise it keeps the \
         figures already published."
    )
}
