//! A team's `opportunities`: user research sessions, user group meetings, webinars,
//! consultations and a standing user panel that users can sign up for, each with what it is,
//! when, where, how many places and until when registrations are open.

use super::checker::Checker;
use super::raw::{At, RawOpportunity, pos};
use super::scalars;
use super::suggest;
use super::survey::{Length, Text};
use chrono::NaiveDate;
use serde::Serialize;

/// The most places an opportunity may have.
const MAX_CAPACITY: i64 = 10_000;

/// What kind of opportunity it is: a closed set, so the public pages can name it in English
/// and Welsh.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OpportunityKind {
    UserResearch,
    UserGroup,
    Webinar,
    Consultation,
    UserPanel,
}

impl OpportunityKind {
    /// Each kind by the name producers write.
    pub const NAMES: [&'static str; 5] = [
        "user_research",
        "user_group",
        "webinar",
        "consultation",
        "user_panel",
    ];
    const ALL: [OpportunityKind; 5] = [
        OpportunityKind::UserResearch,
        OpportunityKind::UserGroup,
        OpportunityKind::Webinar,
        OpportunityKind::Consultation,
        OpportunityKind::UserPanel,
    ];

    fn from_name(name: &str) -> Option<Self> {
        Self::NAMES
            .iter()
            .zip(Self::ALL)
            .find(|(n, _)| **n == name)
            .map(|(_, k)| k)
    }
}

/// One way for users to get involved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Opportunity {
    pub id: String,
    pub kind: OpportunityKind,
    pub title: Text,
    pub description: Text,
    /// The day it happens; none for something ongoing, such as a panel.
    pub on: Option<NaiveDate>,
    /// When on that day, in words ("14:00 to 14:45, UK time").
    pub time: Option<Text>,
    /// Where, or how to join online.
    pub place: Text,
    /// Places; registrations beyond them join a waiting list.
    pub capacity: u32,
    /// The last day registrations are taken.
    pub closes_on: NaiveDate,
    /// How long after `closes_on` contact details are kept.
    pub keep_contacts: Length,
}

impl Opportunity {
    /// Whether it takes registrations on `today`.
    pub fn is_open_on(&self, today: NaiveDate) -> bool {
        today <= self.closes_on
    }
}

impl Checker {
    /// A team's `opportunities`.
    pub(super) fn opportunities(&mut self, raw: &[At<RawOpportunity>]) -> Vec<Opportunity> {
        raw.iter()
            .filter_map(|o| self.opportunity(o, raw))
            .collect()
    }

    fn opportunity(
        &mut self,
        at: &At<RawOpportunity>,
        all: &[At<RawOpportunity>],
    ) -> Option<Opportunity> {
        let raw = &at.value;
        let id = self.id(&raw.id, "opportunity", all.iter().map(|o| &o.value.id));
        let written = raw.kind.value.trim();
        let kind = OpportunityKind::from_name(written);
        if kind.is_none() {
            self.error(
                pos(&raw.kind),
                format!("unknown opportunity kind `{written}`"),
            )
            .help = Some(suggest::help(
                written,
                "`kind` is one of",
                &OpportunityKind::NAMES,
            ));
        }
        let title = self.text(&raw.title, "title");
        let description = self.text(&raw.description, "description");
        let place = self.text(&raw.place, "where");
        let time = raw.time.as_ref().and_then(|t| self.text(t, "time"));
        let mut date = |d: &At<super::raw::Scalar>, key: &str| {
            let date = scalars::date(&d.value.0);
            if date.is_none() {
                self.error(pos(d), format!("`{key}` `{}` is not a date", d.value.0))
                    .help = Some("write the date as YYYY-MM-DD, e.g. `2027-01-20`".to_owned());
            }
            date
        };
        let on = match &raw.on {
            Some(d) => Some(date(d, "on")?),
            None => None,
        };
        let closes_on = date(&raw.closes_on, "closes_on");
        if let (Some(on), Some(closes)) = (on, closes_on)
            && closes > on
        {
            self.error(
                pos(&raw.closes_on),
                format!("registrations close on {closes}, after the day it happens ({on})"),
            )
            .help = Some("close registrations on or before the day in `on`".to_owned());
        }
        let capacity = self
            .whole(&raw.capacity, "capacity", 1..=MAX_CAPACITY)
            .map_err(|d| {
                d.help =
                    Some("the number of places; people beyond it join a waiting list".to_owned());
            })
            .ok();
        let keep_contacts = match &raw.keep_contacts {
            None => Some(Length {
                amount: 3,
                unit: super::survey::PeriodUnit::Months,
            }),
            Some(text) => {
                let length = scalars::period(&text.value);
                if length.is_none() {
                    self.error(
                        pos(text),
                        format!("`{}` is not a length of time", text.value),
                    )
                    .help = Some("write a number and a unit, e.g. `3 months`".to_owned());
                }
                length
            }
        };
        Some(Opportunity {
            id: id?,
            kind: kind?,
            title: title?,
            description: description?,
            on,
            time,
            place: place?,
            capacity: capacity?,
            closes_on: closes_on?,
            keep_contacts: keep_contacts?,
        })
    }
}
