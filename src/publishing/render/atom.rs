//! Atom feeds (RFC 4287) of publications: one per survey and one for the whole service.

use super::html::day;
use crate::publishing::disclosure::Cell;
use crate::publishing::published::Published;
use crate::publishing::site::Site;
use askama::Template;

/// One entry: a period's newest revision.
pub struct Entry {
    pub id: String,
    pub title: String,
    pub link: String,
    pub updated: String,
    pub published: String,
    pub author: String,
    pub summary: String,
}

/// A feed document.
#[derive(Template)]
#[template(path = "published/feed.xml", escape = "html")]
pub struct Feed {
    pub id: String,
    pub title: String,
    pub self_link: String,
    pub alternate: String,
    pub updated: String,
    pub entries: Vec<Entry>,
}

/// Text without the control characters XML 1.0 forbids (one pasted into a note would make
/// the whole feed unreadable).
fn xml_text(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

fn summary_text(p: &Published) -> String {
    let s = &p.summary;
    let responses = match s.responses {
        Cell::Shown(n) => format!("{n} responses"),
        Cell::Suppressed => format!("fewer than {} responses", s.min_count),
    };
    let mut text = s
        .partial_note()
        .map(|n| format!("{n} "))
        .unwrap_or_default();
    text += &format!(
        "{} in {}: {responses}; {} actions, {} we cannot do.",
        s.title,
        s.period.label(),
        s.actions.len(),
        s.cannot_do.len()
    );
    if let Some(note) = &p.change_note {
        text.push_str(&format!(" Revised {}: {note}", day(&p.published_at)));
    }
    text
}

/// The feed of `list` (newest revision of each period); `survey` names a survey's own feed.
pub fn feed(site: &Site, survey: Option<(&str, &str, &str)>, list: &[Published]) -> Feed {
    let mut list: Vec<&Published> = list.iter().collect();
    list.sort_by_key(|p| std::cmp::Reverse(p.published_at));
    let first_published = |p: &Published| {
        p.revisions
            .iter()
            .map(|(_, at, _)| *at)
            .min()
            .unwrap_or(p.published_at)
    };
    let entries: Vec<Entry> = list
        .iter()
        .map(|p| {
            let link = site.period(&p.summary.survey, p.summary.period);
            Entry {
                // The page's address is a permanent, unique IRI: corrections update the entry.
                id: link.clone(),
                title: xml_text(&format!(
                    "{}: you said, we did, {}",
                    p.summary.title,
                    p.summary.period_title()
                )),
                link,
                updated: p
                    .published_at
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                published: first_published(p).to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                author: xml_text(&p.summary.published_by()),
                summary: xml_text(&summary_text(p)),
            }
        })
        .collect();
    let updated = list
        .first()
        .map(|p| p.published_at)
        .unwrap_or_else(|| chrono::DateTime::UNIX_EPOCH)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    match survey {
        Some((id, title, _)) => Feed {
            id: site.feed(Some(id)),
            title: format!("{title}: you said, we did"),
            self_link: site.feed(Some(id)),
            alternate: site.index(id),
            updated,
            entries,
        },
        None => Feed {
            id: site.feed(None),
            title: "You said, we did: every survey".to_owned(),
            self_link: site.feed(None),
            alternate: format!("{}/published/", site.base()),
            updated,
            entries,
        },
    }
}
