//! Horizontal bar charts as data for the page template to draw as inline SVG. Suppressed values
//! get no bar, and the text alternative says so.

use crate::publishing::disclosure::Cell;
use crate::publishing::summary::{Table, TrendPoint};

/// Width of the drawing, in SVG units. Small on purpose: at a 375 px phone the chart is drawn
/// at about 0.86 px per unit, so labels of `FONT` units stay above 14 px.
pub const WIDTH: u32 = 400;
/// Label and value text size, in SVG units (the stylesheet sets the same).
const FONT: u32 = 17;
/// Height of one bar's row, in SVG units: its label on one line, the bar under it.
const ROW: u32 = 50;
/// Where the bar starts below the row's top.
const BAR_TOP: u32 = 24;
/// The bar's thickness.
const BAR_HEIGHT: u32 = 18;
/// The widest bar: room is left after it for the value.
const BAR_MAX: f64 = 320.0;

/// One bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    /// Shown after the bar: the percentage or count, or `[c]`.
    pub value: String,
    pub y: u32,
    pub width: u32,
}

impl Bar {
    /// Where the label's baseline sits: above its bar, so it may use the whole width.
    pub fn text_y(&self) -> u32 {
        self.y.saturating_add(FONT)
    }

    /// Where the bar's top edge is.
    pub fn bar_y(&self) -> u32 {
        self.y.saturating_add(BAR_TOP)
    }

    /// The bar's thickness.
    pub fn bar_height(&self) -> u32 {
        BAR_HEIGHT
    }

    /// Where the value's baseline sits, level with the bar.
    pub fn value_y(&self) -> u32 {
        self.y
            .saturating_add(BAR_TOP)
            .saturating_add(BAR_HEIGHT)
            .saturating_sub(3)
    }

    /// Where the value is written: just after the bar.
    pub fn value_x(&self) -> u32 {
        self.width.saturating_add(6)
    }
}

/// A chart ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub id: String,
    pub title: String,
    /// The text alternative: every bar in words.
    pub description: String,
    pub bars: Vec<Bar>,
    pub width: u32,
    pub height: u32,
}

fn shorten(label: &str) -> String {
    // Longer labels would run past the drawing's edge; the table after it has them in full.
    if label.chars().count() > 40 {
        label.chars().take(38).collect::<String>() + "…"
    } else {
        label.to_owned()
    }
}

/// A chart of `values` (label, value, value as text); a value of none gets no bar.
pub fn chart(id: String, title: String, values: Vec<(String, Option<f64>, String)>) -> Chart {
    let max = values
        .iter()
        .filter_map(|(_, v, _)| *v)
        .fold(0.0_f64, f64::max);
    let mut said = Vec::new();
    let bars = values
        .into_iter()
        .enumerate()
        .map(|(i, (label, value, text))| {
            said.push(match value {
                Some(_) => format!("{label}: {text}"),
                None => format!("{label}: not shown ({text}, see note)"),
            });
            let width = match value {
                Some(v) if max > 0.0 && v > 0.0 => (v / max * BAR_MAX).round().max(1.0) as u32,
                _ => 0,
            };
            Bar {
                label: shorten(&label),
                value: text,
                y: u32::try_from(i).unwrap_or(0).saturating_mul(ROW),
                width,
            }
        })
        .collect::<Vec<_>>();
    Chart {
        height: u32::try_from(bars.len())
            .unwrap_or(0)
            .saturating_mul(ROW)
            .saturating_add(4),
        width: WIDTH,
        description: format!("Bar chart. {}.", said.join("; ")),
        id,
        title,
        bars,
    }
}

/// A question's distribution, in per cent.
pub fn of_table(table: &Table) -> Chart {
    chart(
        format!("chart-{}", table.question),
        table.label.clone(),
        table
            .rows
            .iter()
            .map(|r| {
                let text = match r.percent {
                    Some(p) => format!("{}%", crate::publishing::summary::percent_figure(p)),
                    None => r.count.display(),
                };
                (r.label.clone(), r.percent, text)
            })
            .collect(),
    )
}

/// Responses per period, this one last.
pub fn of_trend(trend: &[TrendPoint], now: &TrendPoint) -> Chart {
    chart(
        "chart-trend".to_owned(),
        "Responses by period".to_owned(),
        trend
            .iter()
            .chain(std::iter::once(now))
            .map(|p| {
                let value = match p.responses {
                    Cell::Shown(n) => Some(n as f64),
                    Cell::Suppressed => None,
                };
                (p.period.label(), value, p.responses.display())
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publishing::summary::Row;

    #[test]
    fn suppressed_values_have_no_bar_and_are_named_in_the_text_alternative() {
        let table = Table {
            question: "role".into(),
            label: "Role".into(),
            rows: vec![
                Row {
                    value: "a".into(),
                    label: "Analyst".into(),
                    count: Cell::Shown(40),
                    percent: Some(80.0),
                },
                Row {
                    value: "b".into(),
                    label: "Journalist".into(),
                    count: Cell::Suppressed,
                    percent: None,
                },
            ],
            total: Cell::Shown(50),
            mean: None,
            mean_change: None,
        };
        let c = of_table(&table);
        assert_eq!(
            c.bars[0].width, BAR_MAX as u32,
            "the largest value gets the widest bar"
        );
        assert_eq!(c.bars[1].width, 0);
        assert_eq!(c.bars[1].value, "[c]");
        assert!(c.description.contains("Analyst: 80.0%"));
        assert!(
            c.description
                .contains("Journalist: not shown ([c], see note)")
        );
    }
}
