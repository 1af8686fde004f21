//! A page widget's answers by page, for its publication: which pages readers found useful,
//! with the same disclosure control as every other table. Pages with fewer answers than the
//! threshold are counted together as "other pages", and the table is protected as a two-way
//! table (pages by yes and no, with both margins), so no small count can be worked out from
//! the totals the question's own table publishes.

use super::disclosure::{Cell, protect_two_way};
use super::summary::Table;
use crate::definitions::Widget;
use crate::workspace::page_feedback::PageFeedback;
use serde::{Deserialize, Serialize};

/// Pages listed by name at most; the rest are "other pages".
const MAX_PAGES: usize = 50;

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageRow {
    /// Origin and path; none for the pages counted together.
    pub page: Option<String>,
    pub yes: Cell,
    pub no: Cell,
    /// Everyone who answered yes or no there.
    pub answered: Cell,
    /// Per cent answering yes, when both counts are shown.
    pub percent_yes: Option<f64>,
}

/// The widget's yes/no question by page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PagesTable {
    /// The question's id and label ("Is this page useful?").
    pub question: String,
    pub label: String,
    pub rows: Vec<PageRow>,
    /// Every page together: the question's own table gives the same figures.
    pub total: PageRow,
}

impl PageRow {
    /// The page as tables name it.
    pub fn page_text(&self) -> &str {
        self.page.as_deref().unwrap_or("Other pages")
    }

    /// The share answering yes as tables write it: `[c]` when a count is hidden.
    pub fn percent_text(&self) -> String {
        match self.percent_yes {
            Some(p) => super::wording::percent_figure(p),
            None if [self.yes, self.no].contains(&Cell::Suppressed) => Cell::Suppressed.display(),
            None => "–".to_owned(),
        }
    }
}

fn row(page: Option<String>, yes: Cell, no: Cell, answered: Cell) -> PageRow {
    let percent_yes = match (yes, answered) {
        (Cell::Shown(_), Cell::Shown(_)) if no != Cell::Suppressed => yes.percent_of(answered),
        _ => None,
    };
    PageRow {
        page,
        yes,
        no,
        answered,
        percent_yes,
    }
}

/// The table of `pages`, or none when nobody answered yes or no. `published` is how the
/// question's own table shows its yes and no totals: when the two-way protection would hide a
/// total that table shows, hiding it here protects nothing, so every page's counts are hidden.
pub fn table(
    question: &str,
    label: &str,
    pages: &[PageFeedback],
    min_count: u64,
    published: [Cell; 2],
) -> Option<PagesTable> {
    let answered = |p: &PageFeedback| p.yes.saturating_add(p.no);
    let mut named: Vec<&PageFeedback> = pages
        .iter()
        .filter(|p| p.page.is_some() && answered(p) >= min_count)
        .collect();
    named.sort_by(|a, b| answered(b).cmp(&answered(a)).then(a.page.cmp(&b.page)));
    named.truncate(MAX_PAGES);
    let (mut other_yes, mut other_no) = (0u64, 0u64);
    for p in pages
        .iter()
        .filter(|p| !named.iter().any(|n| n.page == p.page))
    {
        other_yes = other_yes.saturating_add(p.yes);
        other_no = other_no.saturating_add(p.no);
    }
    let mut counts: Vec<Vec<u64>> = named.iter().map(|p| vec![p.yes, p.no]).collect();
    let mut names: Vec<Option<String>> = named.iter().map(|p| p.page.clone()).collect();
    if other_yes.saturating_add(other_no) > 0 {
        counts.push(vec![other_yes, other_no]);
        names.push(None);
    }
    if counts.is_empty() {
        return None;
    }
    let protected = protect_two_way(&counts, min_count);
    let totals = [protected.col_totals[0], protected.col_totals[1]];
    let hidden_elsewhere_shown = totals
        .iter()
        .zip(published)
        .any(|(here, there)| *here == Cell::Suppressed && there != Cell::Suppressed);
    let rows = names
        .into_iter()
        .enumerate()
        .map(|(i, page)| {
            let cells = &protected.cells[i];
            if hidden_elsewhere_shown {
                return row(page, Cell::Suppressed, Cell::Suppressed, Cell::Suppressed);
            }
            row(page, cells[0], cells[1], protected.row_totals[i])
        })
        .collect();
    Some(PagesTable {
        question: question.to_owned(),
        label: label.to_owned(),
        rows,
        total: row(None, totals[0], totals[1], protected.total),
    })
}

/// The table of a widget survey's summary, beside the question tables already built (none
/// for a survey that is no widget, or a period too small to publish).
pub fn of_survey(
    widget: Option<&Widget>,
    pages: &[PageFeedback],
    min_count: u64,
    questions: &[Table],
) -> Option<PagesTable> {
    let widget = widget?;
    let own = questions.iter().find(|t| t.question == widget.useful)?;
    let cell = |value: &str| {
        own.rows
            .iter()
            .find(|r| r.value == value)
            .map_or(Cell::Suppressed, |r| r.count)
    };
    table(
        &widget.useful,
        &own.label,
        pages,
        min_count,
        [cell("yes"), cell("no")],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(name: &str, yes: u64, no: u64) -> PageFeedback {
        PageFeedback {
            page: Some(format!("https://www.gov.uk/{name}")),
            yes,
            no,
            comments: 0,
        }
    }

    fn cells(t: &PagesTable) -> Vec<(Option<&str>, String, String, String)> {
        t.rows
            .iter()
            .map(|r| {
                (
                    r.page.as_deref(),
                    r.yes.display(),
                    r.no.display(),
                    r.answered.display(),
                )
            })
            .collect()
    }

    #[test]
    fn small_pages_are_counted_together_and_no_small_count_can_be_worked_out() {
        let pages = [
            page("a", 40, 12),
            page("b", 30, 2),
            page("c", 3, 1),
            page("d", 1, 0),
        ];
        let shown = [Cell::Shown(74), Cell::Shown(15)];
        let t = table("useful", "Is this page useful?", &pages, 5, shown).unwrap();
        let got = cells(&t);
        // Most answered first; c and d (4 and 1 answers) are one row, last.
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[0].0, Some("https://www.gov.uk/a"));
        assert_eq!(got[0].3, "52");
        assert_eq!(got[2].0, None);
        assert_eq!(got[2].3, "5");
        // Every count below 5 is hidden, and with it one more in each row and column it is
        // in, so it cannot be worked out from the row or column total.
        assert_eq!(
            (got[1].2.as_str(), got[1].1.as_str()),
            ("[c]", "[c]"),
            "{got:?}"
        );
        assert_eq!(
            (got[2].1.as_str(), got[2].2.as_str()),
            ("[c]", "[c]"),
            "{got:?}"
        );
        for r in &t.rows {
            for c in [r.yes, r.no, r.answered] {
                assert!(!matches!(c, Cell::Shown(n) if n > 0 && n < 5), "{got:?}");
            }
            assert_eq!(
                r.percent_yes.is_some(),
                r.yes != Cell::Suppressed && r.no != Cell::Suppressed
            );
        }
        assert_eq!(t.total.yes, Cell::Shown(74));
        assert_eq!(t.total.answered, Cell::Shown(89));
        assert_eq!(t.total.percent_yes, Some(83.1));
    }

    #[test]
    fn a_total_shown_elsewhere_but_hidden_here_hides_every_page() {
        // 3 "no" in all: the question's table hides it, and so does this one.
        let pages = [page("a", 40, 2), page("b", 30, 1)];
        let hidden = [Cell::Shown(70), Cell::Suppressed];
        let t = table("useful", "Useful?", &pages, 5, hidden).unwrap();
        assert_eq!(t.total.no, Cell::Suppressed);
        assert!(t.rows.iter().all(|r| r.no == Cell::Suppressed));
        // Had the question's table shown it, hiding it here would protect nothing.
        let shown = [Cell::Shown(70), Cell::Shown(3)];
        let t = table("useful", "Useful?", &pages, 5, shown).unwrap();
        assert!(t.rows.iter().all(|r| r.answered == Cell::Suppressed));
        assert_eq!(
            table("useful", "Useful?", &[page("a", 0, 0)], 5, shown),
            None
        );
    }
}
