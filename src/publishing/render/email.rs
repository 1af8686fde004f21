//! The bodies of subscriber emails: plain text always, and a simple HTML part.

use crate::publishing::disclosure::Cell;
use crate::publishing::summary::Summary;
use std::fmt::Write;

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn wrap(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title></head>\
         <body style=\"font-family: Arial, sans-serif; font-size: 16px; line-height: 1.4; color: #0b0c0c; max-width: 40em\">{body}</body></html>",
        escape(title)
    )
}

/// The confirmation email's HTML part.
pub fn confirmation_html(title: &str, confirm: &str) -> String {
    wrap(
        "Confirm your subscription",
        &format!(
            "<h1>Confirm your subscription</h1><p>Someone, hopefully you, asked to be emailed when \
             “{}” publishes what users said and what the team did about it.</p>\
             <p><a href=\"{}\">Confirm your subscription</a> (the link works for 48 hours).</p>\
             <p>If it was not you, ignore this email: nothing will be sent.</p>",
            escape(title),
            escape(confirm)
        ),
    )
}

fn responses(s: &Summary) -> String {
    match s.responses {
        Cell::Shown(n) => format!("{n} people answered the survey"),
        Cell::Suppressed => format!("Fewer than {} people answered the survey", s.min_count),
    }
}

/// The publication email, as plain text.
pub fn publication_text(s: &Summary, link: &str, unsubscribe: &str, note: Option<&str>) -> String {
    let mut out = format!("{}: you said, we did, {}\n\n", s.title, s.period_title());
    if let Some(partial) = s.partial_note() {
        let _ = writeln!(out, "{partial}\n");
    }
    if let Some(note) = note {
        let _ = writeln!(out, "This is a correction. What changed: {note}\n");
    }
    let _ = writeln!(out, "{} in {}.\n", responses(s), s.period.label());
    if !s.actions.is_empty() {
        let _ = writeln!(out, "What we did:");
        for a in &s.actions {
            let dates = a.dates_text().map(|d| format!(", {d}")).unwrap_or_default();
            let _ = writeln!(out, "- {} ({}{dates})", a.title, a.status.label());
        }
        out.push('\n');
    }
    if !s.cannot_do.is_empty() {
        let _ = writeln!(out, "What we cannot do, and why:");
        for a in &s.cannot_do {
            let _ = writeln!(out, "- {}: {}", a.title, a.reason.as_deref().unwrap_or(""));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "Read the full summary: {link}\n");
    let _ = writeln!(
        out,
        "From {}. You get this email because you subscribed to {}. Unsubscribe: {unsubscribe}",
        s.published_by(),
        s.title
    );
    out
}

/// The publication email's HTML part.
pub fn publication_html(s: &Summary, link: &str, unsubscribe: &str, note: Option<&str>) -> String {
    let mut body = format!(
        "<h1>{}: you said, we did, {}</h1>",
        escape(&s.title),
        escape(&s.period_title())
    );
    if let Some(partial) = s.partial_note() {
        let _ = write!(
            body,
            "<p><strong>Partial summary.</strong> {}</p>",
            escape(&partial)
        );
    }
    if let Some(note) = note {
        let _ = write!(
            body,
            "<p><strong>This is a correction.</strong> What changed: {}</p>",
            escape(note)
        );
    }
    let _ = write!(
        body,
        "<p>{} in {}.</p>",
        escape(&responses(s)),
        escape(&s.period.label())
    );
    if !s.actions.is_empty() {
        body.push_str("<h2>What we did</h2><ul>");
        for a in &s.actions {
            let dates = a.dates_text().map(|d| format!(", {d}")).unwrap_or_default();
            let _ = write!(
                body,
                "<li>{} ({}{})</li>",
                escape(&a.title),
                a.status.label(),
                escape(&dates)
            );
        }
        body.push_str("</ul>");
    }
    if !s.cannot_do.is_empty() {
        body.push_str("<h2>What we cannot do, and why</h2><ul>");
        for a in &s.cannot_do {
            let _ = write!(
                body,
                "<li>{}: {}</li>",
                escape(&a.title),
                escape(a.reason.as_deref().unwrap_or(""))
            );
        }
        body.push_str("</ul>");
    }
    let _ = write!(
        body,
        "<p><a href=\"{}\">Read the full summary</a></p><hr><p style=\"font-size: 14px\">From {}. \
         You get this email because you subscribed to {}. <a href=\"{}\">Unsubscribe</a>.</p>",
        escape(link),
        escape(&s.published_by()),
        escape(&s.title),
        escape(unsubscribe)
    );
    wrap(&s.title, &body)
}
