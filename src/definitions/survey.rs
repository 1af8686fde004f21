//! The checked survey: the only shape the rest of the service ever sees.
//!
//! A `Survey` can only be made by `definitions::parse`, so holding one means every rule in
//! `docs/survey-definitions.md` holds. Serialising it gives the normalised form that is hashed
//! into the version and served by the public API.

use chrono::{DateTime, Duration, Months, NaiveDate, Utc};
use serde::Serialize;
use std::fmt;

/// The questions the "Is this page useful?" widget asks, by id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Widget {
    /// A yes/no question: is this page useful?
    pub useful: String,
    /// A free-text question: what were you trying to do?
    pub comment: String,
}

/// A language a survey can be answered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    En,
    Cy,
}

impl Language {
    /// Every supported language, English first.
    pub const ALL: [Language; 2] = [Language::En, Language::Cy];

    /// The BCP 47 code.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Cy => "cy",
        }
    }

    /// Reads a code such as `cy`.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == code)
    }
}

/// Text shown to respondents, in one or more languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Text(pub(super) Vec<(Language, String)>);

impl Text {
    /// The text in `lang`, falling back to English, then to whatever there is.
    pub fn get(&self, lang: Language) -> &str {
        self.0
            .iter()
            .find(|(l, _)| *l == lang)
            .or_else(|| self.0.iter().find(|(l, _)| *l == Language::En))
            .or_else(|| self.0.first())
            .map_or("", |(_, t)| t.as_str())
    }

    /// Whether there is text written for `lang` itself.
    pub fn has(&self, lang: Language) -> bool {
        self.0.iter().any(|(l, _)| *l == lang)
    }
}

/// Whether a survey takes answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Open,
    Closed,
}

/// How often a summary is published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Every {
    Month,
    Quarter,
    Year,
}

impl Every {
    /// Each rhythm by the name producers write, shortest first.
    pub const NAMES: [&'static str; 3] = ["month", "quarter", "year"];

    /// The name producers write.
    pub fn name(self) -> &'static str {
        match self {
            Every::Month => "month",
            Every::Quarter => "quarter",
            Every::Year => "year",
        }
    }

    /// Reads a name such as `quarter`.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "month" => Some(Every::Month),
            "quarter" => Some(Every::Quarter),
            "year" => Some(Every::Year),
            _ => None,
        }
    }
}

/// The publication rhythm and disclosure threshold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Publish {
    pub every: Every,
    pub min_count: u32,
    pub auto: bool,
    /// Where users can reach the team: an email address or an https:// link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
}

/// A length of time written as `18 months`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Length {
    pub amount: u32,
    pub unit: PeriodUnit,
}

impl Length {
    /// The moment this long after `from`; at the very end of chrono's range, `from` itself.
    pub fn after(self, from: DateTime<Utc>) -> DateTime<Utc> {
        let n = self.amount;
        let later = match self.unit {
            PeriodUnit::Days => from.checked_add_signed(Duration::days(i64::from(n))),
            PeriodUnit::Weeks => from.checked_add_signed(Duration::weeks(i64::from(n))),
            PeriodUnit::Months => from.checked_add_months(Months::new(n)),
            PeriodUnit::Years => from.checked_add_months(Months::new(n.saturating_mul(12))),
        };
        later.unwrap_or(from)
    }
}

/// Units a retention period may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PeriodUnit {
    Days,
    Weeks,
    Months,
    Years,
}

impl Length {
    /// Rough length in days, for comparing two periods.
    pub fn approx_days(self) -> u64 {
        let per = match self.unit {
            PeriodUnit::Days => 1,
            PeriodUnit::Weeks => 7,
            PeriodUnit::Months => 30,
            PeriodUnit::Years => 365,
        };
        u64::from(self.amount).saturating_mul(per)
    }
}

impl fmt::Display for Length {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            PeriodUnit::Days => "day",
            PeriodUnit::Weeks => "week",
            PeriodUnit::Months => "month",
            PeriodUnit::Years => "year",
        };
        let plural = if self.amount == 1 { "" } else { "s" };
        write!(f, "{} {unit}{plural}", self.amount)
    }
}

/// How long answers and contact details are kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Retention {
    pub responses: Length,
    pub contact: Length,
}

/// A survey definition that passed every check.
// Not `#[non_exhaustive]`: code inside this crate must not build one by hand either.
#[allow(clippy::manual_non_exhaustive)]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Survey {
    pub id: String,
    pub title: Text,
    pub intro: Option<Text>,
    pub owner: String,
    pub status: Status,
    pub closes_on: Option<NaiveDate>,
    pub languages: Vec<Language>,
    pub publish: Publish,
    pub user_types: Option<String>,
    pub allowed_origins: Vec<String>,
    /// Shown as the "Is this page useful?" widget, when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub widget: Option<Widget>,
    pub thank_you: Option<Text>,
    pub retention: Retention,
    pub questions: Vec<Question>,
    /// Private so that only `parse` can build a `Survey`.
    #[serde(skip)]
    pub(super) sealed: (),
}

impl Survey {
    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// Whether the survey takes answers on `today`.
    pub fn is_open_on(&self, today: NaiveDate) -> bool {
        self.status == Status::Open && self.closes_on.is_none_or(|d| today <= d)
    }

    /// The language to show and answer it in: the one `asked` for by its code when the survey
    /// offers it, else the survey's first.
    pub fn language(&self, asked: Option<&str>) -> Language {
        asked
            .and_then(Language::from_code)
            .filter(|l| self.languages.contains(l))
            .or_else(|| self.languages.first().copied())
            .unwrap_or(Language::En)
    }
}

/// One question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Question {
    pub id: String,
    pub label: Text,
    pub hint: Option<Text>,
    pub required: bool,
    pub show_if: Option<Condition>,
    #[serde(flatten)]
    pub kind: Kind,
}

/// What kind of answer a question takes, with the settings of that kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Kind {
    SingleChoice {
        options: Vec<Choice>,
        other: bool,
    },
    MultipleChoice {
        options: Vec<Choice>,
        other: bool,
        min_selected: Option<u32>,
        max_selected: Option<u32>,
    },
    Rating {
        min: i64,
        max: i64,
        min_label: Option<Text>,
        max_label: Option<Text>,
    },
    YesNo,
    Text {
        multiline: bool,
        max_length: u32,
    },
    Number {
        min: Option<f64>,
        max: Option<f64>,
        integer: bool,
    },
    Email {
        consent: Text,
    },
}

impl Kind {
    /// The name producers write after `type:`.
    pub fn name(&self) -> &'static str {
        match self {
            Kind::SingleChoice { .. } => "single_choice",
            Kind::MultipleChoice { .. } => "multiple_choice",
            Kind::Rating { .. } => "rating",
            Kind::YesNo => "yes_no",
            Kind::Text { .. } => "text",
            Kind::Number { .. } => "number",
            Kind::Email { .. } => "email",
        }
    }

    /// The stored values this question can take, where there is a fixed set.
    pub fn values(&self) -> Option<Vec<String>> {
        match self {
            Kind::SingleChoice { options, other } | Kind::MultipleChoice { options, other, .. } => {
                let mut values: Vec<String> = options.iter().map(|o| o.value.clone()).collect();
                if *other {
                    values.push(OTHER.to_owned());
                }
                Some(values)
            }
            Kind::Rating { min, max, .. } => {
                Some(rating_points(*min, *max).map(|v| v.to_string()).collect())
            }
            Kind::YesNo => Some(vec!["yes".to_owned(), "no".to_owned()]),
            Kind::Text { .. } | Kind::Number { .. } | Kind::Email { .. } => None,
        }
    }
}

/// Most points a rating scale may have (0 to 10).
pub const MAX_SCALE_POINTS: usize = 11;
/// Largest magnitude of a rating scale's ends.
pub const MAX_SCALE_BOUND: i64 = 1_000;
/// Largest magnitude of a number question's limits, and of any number answer: 15 digits is
/// what an `f64` holds exactly, so sums and means stay finite and exact enough.
pub const MAX_NUMBER: f64 = 1e15;

/// The points of a rating scale, lowest first. `take` keeps a caller from ever building an
/// unbounded list, even though `parse` already refuses long scales.
pub fn rating_points(min: i64, max: i64) -> impl Iterator<Item = i64> {
    (min..=max).take(MAX_SCALE_POINTS)
}

/// The stored value of the "Other (please specify)" choice.
pub const OTHER: &str = "other";

/// One option of a choice question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Choice {
    pub value: String,
    pub label: Text,
    pub hint: Option<Text>,
}

/// When a question is shown: a test on an earlier question's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Condition {
    pub question: String,
    #[serde(flatten)]
    pub test: Test,
}

/// The test a `show_if` applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Test {
    Equals(String),
    In(Vec<String>),
    Includes(String),
    Answered(bool),
}
