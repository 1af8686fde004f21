//! Open data: one row per period × question × option (tidy), with the `[c]` marker and a note.

use crate::publishing::disclosure::Cell;
use crate::publishing::summary::{Summary, Table};
// Labels come from producers' YAML: the same guard as the workspace's exports.
use crate::text::spreadsheet_safe;

/// The header row.
const COLUMNS: [&str; 10] = [
    "survey",
    "period",
    "revision",
    "question_id",
    "question",
    "option_value",
    "option",
    "count",
    "percent",
    "notes",
];

fn note(count: Cell, min_count: u64) -> String {
    match count {
        Cell::Suppressed => format!(
            "[c] confidential: below {min_count}, or would let a value below {min_count} be worked out"
        ),
        Cell::Shown(_) => String::new(),
    }
}

/// The CSV of one revision.
pub fn render(summary: &Summary, revision: i32) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS)?;
    let period = summary.period.to_string();
    let revision = revision.to_string();
    let mut row =
        |qid: &str, question: &str, value: &str, option: &str, count: Cell, percent: String| {
            w.write_record([
                summary.survey.as_str(),
                &period,
                &revision,
                qid,
                &spreadsheet_safe(question.to_owned()),
                &spreadsheet_safe(value.to_owned()),
                &spreadsheet_safe(option.to_owned()),
                &count.display(),
                &percent,
                &note(count, summary.min_count),
            ])
        };
    row("", "Responses", "", "", summary.responses, String::new())?;
    let tables: Vec<&Table> = summary.who.iter().chain(summary.questions.iter()).collect();
    for t in tables {
        for r in &t.rows {
            row(
                &t.question,
                &t.label,
                &r.value,
                &r.label,
                r.count,
                match r.count {
                    Cell::Suppressed => r.count.display(),
                    Cell::Shown(_) => r
                        .percent
                        .map(crate::publishing::summary::percent_figure)
                        .unwrap_or_default(),
                },
            )?;
        }
        row(
            &t.question,
            &t.label,
            "",
            "All who answered",
            t.total,
            String::new(),
        )?;
    }
    if let Some(pages) = &summary.pages {
        let question = format!("{} By page", pages.label);
        let rows = pages.rows.iter().map(|r| (r.page_text(), r));
        for (page, r) in rows.chain(std::iter::once(("All pages", &pages.total))) {
            for (answer, count) in [("yes", r.yes), ("no", r.no), ("", r.answered)] {
                let option = match answer {
                    "" => format!("{page}: all who answered"),
                    _ => format!("{page}: {answer}"),
                };
                let percent = match answer {
                    "yes" => r.percent_text(),
                    _ => String::new(),
                };
                row(&pages.question, &question, page, &option, count, percent)?;
            }
        }
    }
    for theme in &summary.themes {
        row(
            "",
            "Comments by theme",
            "",
            &theme.name,
            theme.comments,
            String::new(),
        )?;
    }
    // A gap is the team's judgement, not a count: its row has no figure, only what answers it.
    for gap in &summary.gaps {
        let answered = if gap.answered_by.is_empty() {
            "no action yet".to_owned()
        } else {
            format!("answered by {}", gap.answered_by.join("; "))
        };
        w.write_record([
            summary.survey.as_str(),
            &period,
            &revision,
            "",
            "Gaps in the data users told us about",
            "",
            &spreadsheet_safe(gap.name.clone()),
            "",
            "",
            &spreadsheet_safe(answered),
        ])?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}
