//! The summary as Markdown, for teams that paste it into their own publishing system.

use super::html::day;
use crate::publishing::disclosure::Cell;
use crate::publishing::published::Published;
use crate::publishing::summary::Table;
use std::fmt::Write;

/// Text safe inside Markdown: characters that would start formatting are escaped.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // A leading `-`, `+` or `1.` would start a list (inside a quote too).
    let numbered = text.split_once('.').is_some_and(|(n, rest)| {
        !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && rest.starts_with(' ')
    });
    if text.starts_with(['-', '+']) || numbered {
        out.push('\\');
    }
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        if c == '\n' || c == '\r' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

fn table(out: &mut String, t: &Table) {
    let _ = writeln!(out, "| Answer | Responses | Per cent |\n|---|---:|---:|");
    for r in &t.rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            md(&r.label),
            md(&r.count.display()),
            md(&r.percent_text())
        );
    }
    let _ = writeln!(
        out,
        "| **All who answered** | **{}** | |\n",
        md(&t.total.display())
    );
    if let Some(m) = t.mean_text() {
        let _ = writeln!(out, "{m}\n");
    }
}

/// The whole summary.
pub fn render(p: &Published, page_url: &str) -> String {
    let s = &p.summary;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {}: you said, we did, {}\n",
        md(&s.title),
        s.period_title()
    );
    if let Some(note) = s.partial_note() {
        let _ = writeln!(out, "> **Partial summary.** {}\n", md(&note));
    }
    let _ = writeln!(
        out,
        "From {}. Published {}, revision {}. Online: <{page_url}>\n",
        md(&s.published_by()),
        day(&p.published_at),
        p.revision
    );
    if let Some(note) = &p.change_note {
        let _ = writeln!(out, "> **What changed in this revision:** {}\n", md(note));
    }
    let _ = writeln!(out, "## Who answered\n");
    match s.responses {
        Cell::Shown(n) => {
            let _ = writeln!(
                out,
                "{n} people answered the survey in {}.\n",
                s.period.label()
            );
        }
        Cell::Suppressed => {
            let _ = writeln!(
                out,
                "Fewer than {} people answered the survey in {}, so no figures are published for this period.\n",
                s.min_count,
                s.period.label()
            );
        }
    }
    if let Some(x) = s.excluded_text() {
        let _ = writeln!(out, "{x}\n");
    }
    if !s.trend.is_empty() {
        let _ = writeln!(out, "| Period | Responses |\n|---|---:|");
        for t in &s.trend {
            let _ = writeln!(
                out,
                "| {} | {} |",
                t.period.label(),
                md(&t.responses.display())
            );
        }
        let _ = writeln!(
            out,
            "| {} | {} |\n",
            s.period.label(),
            md(&s.responses.display())
        );
    }
    if let Some(who) = &s.who {
        let _ = writeln!(out, "### Who they are\n");
        table(&mut out, who);
    }
    if !s.not_heard_from.is_empty() {
        let _ = writeln!(out, "### Who we have not heard from\n");
        for l in &s.not_heard_from {
            let _ = writeln!(out, "- {}", md(l));
        }
        out.push('\n');
    }
    if !s.questions.is_empty() || !s.themes.is_empty() || !s.quotes.is_empty() {
        let _ = writeln!(out, "## What you said\n");
    }
    for q in &s.questions {
        let _ = writeln!(out, "### {}\n", md(&q.label));
        table(&mut out, q);
    }
    if !s.themes.is_empty() {
        let _ = writeln!(
            out,
            "### What your comments were about\n\n| Theme | Comments |\n|---|---:|"
        );
        for t in &s.themes {
            let _ = writeln!(out, "| {} | {} |", md(&t.name), md(&t.comments.display()));
        }
        out.push('\n');
    }
    for q in &s.quotes {
        let _ = writeln!(
            out,
            "> {}\n>\n> — in answer to “{}”\n",
            md(&q.text),
            md(&q.question)
        );
    }
    let _ = writeln!(out, "## What we did\n");
    if s.actions.is_empty() {
        let _ = writeln!(out, "We have not recorded any actions yet.\n");
    }
    for a in &s.actions {
        let dates = a.dates_text().map(|d| format!(", {d}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "- **{}** ({}{dates}). {}",
            md(&a.title),
            a.status.label(),
            md(&a.description)
        );
    }
    if !s.actions.is_empty() {
        out.push('\n');
    }
    if !s.cannot_do.is_empty() {
        let _ = writeln!(out, "## What we cannot do, and why\n");
        for a in &s.cannot_do {
            let _ = writeln!(
                out,
                "- **{}**. {} Why: {}",
                md(&a.title),
                md(&a.description),
                md(a.reason.as_deref().unwrap_or(""))
            );
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## About these figures\n\n{}\n", md(&s.methods));
    if let Some(c) = &s.contact {
        let _ = writeln!(out, "Contact the team: <{c}>\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::md;

    #[test]
    fn text_cannot_start_formatting() {
        assert_eq!(md("- not a list"), "\\- not a list");
        assert_eq!(md("1. not a list"), "\\1. not a list");
        assert_eq!(md("~~struck~~ <b>"), "\\~\\~struck\\~\\~ \\<b\\>");
        assert_eq!(md("line\nbreak"), "line break");
        assert_eq!(md("3.5 stars"), "3.5 stars");
    }
}
