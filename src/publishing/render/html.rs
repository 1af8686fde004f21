//! The published page, the index of periods and the subscription pages, as HTML. The same
//! templates serve the live site and the static export; only the links differ.

use super::chart::{self, Chart};
use crate::publishing::disclosure::Cell;
use crate::publishing::published::Published;
use crate::publishing::site::Site;
use crate::publishing::summary::{PublicAction, Summary, Table, TrendPoint};
use askama::Template;
use chrono::{DateTime, Utc};

/// Where a page will be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Served by yousaid at `/published/…`.
    Live,
    /// Files written by `yousaid publish export`, `depth` directories below the export's root.
    Static { depth: usize },
    /// The publisher's preview of a draft, inside the workspace.
    Preview,
}

impl Mode {
    /// The prefix that reaches the site's root (for the stylesheet).
    pub fn root(self) -> String {
        match self {
            Mode::Live | Mode::Preview => "/".to_owned(),
            Mode::Static { depth } => "../".repeat(depth),
        }
    }

    /// What page links end with.
    pub fn ext(self) -> &'static str {
        match self {
            Mode::Static { .. } => ".html",
            Mode::Live | Mode::Preview => "",
        }
    }

    /// The survey form: absolute from exported files, which live on another site.
    pub fn survey_url(self, site: &Site, survey: &str) -> String {
        match self {
            Mode::Static { .. } => site.survey(survey),
            Mode::Live | Mode::Preview => format!("/s/{survey}"),
        }
    }

    /// Where the subscription form posts: absolute from exported files.
    pub fn subscribe_action(self, site: &Site, survey: &str) -> String {
        match self {
            Mode::Static { .. } => site.subscribe(survey),
            Mode::Live | Mode::Preview => format!("/published/{survey}/subscribe"),
        }
    }

    /// The index of a survey's periods, from a page in its directory.
    pub fn index_link(self) -> &'static str {
        match self {
            Mode::Static { .. } => "index.html",
            Mode::Live | Mode::Preview => "./",
        }
    }
}

/// The privacy notice beside a subscription form posting to `action`: on the same site,
/// which for an exported page is the service's, not the export's.
pub fn privacy_of(action: &str) -> String {
    let site = action
        .find("/published/")
        .filter(|_| action.starts_with("http"))
        .and_then(|at| action.get(..at))
        .unwrap_or_default();
    format!("{site}/privacy")
}

/// `12 October 2026`.
pub fn day(at: &DateTime<Utc>) -> String {
    let local = crate::uk_time::clock(*at);
    local.format("%-d %B %Y").to_string()
}

/// A question with its chart.
pub struct QuestionView<'a> {
    pub table: &'a Table,
    pub chart: Chart,
}

/// One published period.
#[derive(Template)]
#[template(path = "published/period.html")]
pub struct PeriodPage<'a> {
    pub summary: &'a Summary,
    pub published: Option<&'a Published>,
    /// This page shows an earlier revision, not the newest.
    pub superseded: bool,
    pub mode: Mode,
    pub root: String,
    pub ext: &'static str,
    pub up: String,
    pub subscribe_action: String,
    pub survey_url: String,
    pub trend: Option<Chart>,
    pub who_chart: Option<Chart>,
    /// The survey's feed, from this page.
    pub feed_href: String,
    /// The newest published revision of the period.
    pub newest: i32,
    pub questions: Vec<QuestionView<'a>>,
    pub suppressed_any: bool,
}

fn any_suppressed(summary: &Summary) -> bool {
    let tables = summary.who.iter().chain(summary.questions.iter());
    summary.responses == Cell::Suppressed
        || summary
            .trend
            .iter()
            .any(|t| t.responses == Cell::Suppressed)
        || summary
            .themes
            .iter()
            .any(|t| t.comments == Cell::Suppressed)
        || tables
            .flat_map(|t| t.rows.iter().map(|r| r.count).chain([t.total]))
            .any(|c| c == Cell::Suppressed)
}

impl<'a> PeriodPage<'a> {
    /// The page for `summary`; `published` is none for a draft preview.
    pub fn new(
        site: &Site,
        summary: &'a Summary,
        published: Option<&'a Published>,
        superseded: bool,
        mode: Mode,
    ) -> Self {
        let depth_up = if superseded { "../../" } else { "" };
        let now = TrendPoint {
            period: summary.period,
            responses: summary.responses,
        };
        Self {
            summary,
            published,
            superseded,
            mode,
            root: mode.root(),
            ext: mode.ext(),
            up: format!("{depth_up}{}", mode.index_link()),
            subscribe_action: mode.subscribe_action(site, &summary.survey),
            survey_url: mode.survey_url(site, &summary.survey),
            trend: (!summary.trend.is_empty()).then(|| chart::of_trend(&summary.trend, &now)),
            feed_href: match mode {
                Mode::Preview => format!("/published/{}/feed.atom", summary.survey),
                _ => format!("{depth_up}feed.atom"),
            },
            newest: published
                .and_then(|p| p.revisions.first())
                .map_or(0, |(n, _, _)| *n),
            who_chart: summary.who.as_ref().map(chart::of_table),
            questions: summary
                .questions
                .iter()
                .map(|table| QuestionView {
                    chart: chart::of_table(table),
                    table,
                })
                .collect(),
            suppressed_any: any_suppressed(summary),
        }
    }

    /// Actions as the page lists them.
    pub fn status(&self, action: &PublicAction) -> &'static str {
        action.status.label()
    }

    /// A date as the page writes it.
    pub fn day(&self, at: &DateTime<Utc>) -> String {
        day(at)
    }
}

/// One entry of a survey's index.
pub struct IndexEntry {
    pub href: String,
    pub label: String,
    pub published: String,
    pub revision: i32,
    pub responses: String,
}

/// A survey's published periods, newest first.
#[derive(Template)]
#[template(path = "published/index.html")]
pub struct IndexPage {
    pub title: String,
    pub survey: String,
    pub root: String,
    pub entries: Vec<IndexEntry>,
    pub survey_url: String,
    pub subscribe_action: String,
    /// Who publishes them, as the newest summary names them.
    pub published_by: Option<String>,
}

impl IndexPage {
    /// The index of `survey`'s publications (`list`: newest revision of each period).
    pub fn new(site: &Site, survey: &str, title: &str, list: &[Published], mode: Mode) -> Self {
        let mut list: Vec<&Published> = list.iter().collect();
        list.sort_by_key(|p| std::cmp::Reverse(p.summary.period));
        Self {
            published_by: list.first().map(|p| p.summary.published_by()),
            title: title.to_owned(),
            survey: survey.to_owned(),
            root: mode.root(),
            entries: list
                .into_iter()
                .map(|p| IndexEntry {
                    href: format!("{}{}", p.summary.period, mode.ext()),
                    label: p.summary.period.label(),
                    published: day(&p.published_at),
                    revision: p.revision,
                    responses: match p.summary.responses {
                        Cell::Shown(n) => n.to_string(),
                        Cell::Suppressed => format!("fewer than {}", p.summary.min_count),
                    },
                })
                .collect(),
            survey_url: mode.survey_url(site, survey),
            subscribe_action: mode.subscribe_action(site, survey),
        }
    }
}

/// A subscription page: the form, or what happened.
#[derive(Template)]
#[template(path = "published/subscribe.html")]
pub struct SubscribePage {
    pub root: String,
    pub heading: String,
    pub paragraphs: Vec<String>,
    /// Show the subscription form, posting here.
    pub form_action: Option<String>,
    /// A button that confirms or unsubscribes, posting here.
    pub button: Option<(String, String)>,
    pub error: Option<String>,
    pub email: String,
    pub back: Option<(String, String)>,
}
