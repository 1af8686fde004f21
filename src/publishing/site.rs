//! The public addresses of published summaries, surveys and subscriptions, for links in pages,
//! feeds and emails (which need absolute URLs).

use crate::period::Period;

/// The service's public base URL, without a trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    base: String,
}

impl Site {
    /// `base` as configured (`YOUSAID_BASE_URL`), e.g. `https://feedback.example.gov.uk`.
    pub fn new(base: &str) -> Self {
        Self {
            base: base.trim_end_matches('/').to_owned(),
        }
    }

    /// The base URL.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The origin browsers send for the service's own pages: scheme, host and port.
    pub fn origin(&self) -> &str {
        let rest = self
            .base
            .split_once("://")
            .map_or(self.base.as_str(), |(_, rest)| rest);
        // Without the path, which is what follows the first `/` after the scheme.
        match rest.find('/') {
            Some(slash) => self.base.strip_suffix(&rest[slash..]).unwrap_or(&self.base),
            None => &self.base,
        }
    }

    /// The survey form.
    pub fn survey(&self, survey: &str) -> String {
        format!("{}/s/{survey}", self.base)
    }

    /// The survey's page as a respondent shares it: the link marks responses as referred.
    pub fn shared_survey(&self, survey: &str) -> String {
        format!("{}/s/{survey}?via=share", self.base)
    }

    /// The index of a survey's published periods.
    pub fn index(&self, survey: &str) -> String {
        format!("{}/published/{survey}/", self.base)
    }

    /// One published period.
    pub fn period(&self, survey: &str, period: Period) -> String {
        format!("{}/published/{survey}/{period}", self.base)
    }

    /// A survey's feed.
    pub fn feed(&self, survey: Option<&str>) -> String {
        match survey {
            Some(s) => format!("{}/published/{s}/feed.atom", self.base),
            None => format!("{}/published/feed.atom", self.base),
        }
    }

    /// The subscription form (it posts here too).
    pub fn subscribe(&self, survey: &str) -> String {
        format!("{}/published/{survey}/subscribe", self.base)
    }

    /// Where a subscription is confirmed.
    pub fn confirm(&self, token: &str) -> String {
        format!("{}/subscriptions/{token}/confirm", self.base)
    }

    /// Where a subscription ends, in one click.
    pub fn unsubscribe(&self, token: &str) -> String {
        format!("{}/subscriptions/{token}/unsubscribe", self.base)
    }

    /// The workspace page where a publisher reviews drafts.
    pub fn review(&self, survey: &str) -> String {
        format!("{}/admin/surveys/{survey}/publication", self.base)
    }
}
