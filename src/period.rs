//! Calendar periods (`2026-Q3`, `2026-09`, `2026`) and their boundaries in UK time.

use crate::definitions::{Every, Language};
use crate::uk_time;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What [`Period::from_str`] accepts, as a JSON Schema (ECMA 262) pattern for API documents.
pub const PATTERN: &str = "^(2[01][0-9]{2}|2200)(-[Qq][1-4]|-(0[1-9]|1[0-2]))?$";

/// Where a moment stands against a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// The period starts later.
    NotBegun,
    /// The period has begun and not ended: counting it now counts only part of it.
    Running,
    Ended,
}

/// A month, a quarter or a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Period {
    Month(i32, u32),
    Quarter(i32, u32),
    Year(i32),
}

impl From<Period> for String {
    fn from(p: Period) -> String {
        p.to_string()
    }
}

impl TryFrom<String> for Period {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        s.parse()
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Month(y, m) => write!(f, "{y}-{m:02}"),
            Period::Quarter(y, q) => write!(f, "{y}-Q{q}"),
            Period::Year(y) => write!(f, "{y}"),
        }
    }
}

impl FromStr for Period {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("`{s}` is not a period: write 2026-Q3, 2026-09 or 2026");
        // Exactly the digits PATTERN allows: `str::parse` alone would also take `+26` or `02026`.
        let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|b| b.is_ascii_digit());
        let (year, rest) = match s.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (s, None),
        };
        if !digits(year, 4) {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        if !(2000..=2200).contains(&year) {
            return Err(bad());
        }
        match rest {
            None => Ok(Period::Year(year)),
            Some(r) if r.starts_with(['Q', 'q']) && digits(&r[1..], 1) => match r[1..].parse() {
                Ok(q @ 1..=4) => Ok(Period::Quarter(year, q)),
                _ => Err(bad()),
            },
            Some(r) if digits(r, 2) => match r.parse() {
                Ok(m @ 1..=12) => Ok(Period::Month(year, m)),
                _ => Err(bad()),
            },
            Some(_) => Err(bad()),
        }
    }
}

/// Month names, January first.
const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const CY_MONTHS: [&str; 12] = [
    "Ionawr",
    "Chwefror",
    "Mawrth",
    "Ebrill",
    "Mai",
    "Mehefin",
    "Gorffennaf",
    "Awst",
    "Medi",
    "Hydref",
    "Tachwedd",
    "Rhagfyr",
];

/// A day in words in `lang`: "4 December 2026", "4 Rhagfyr 2026".
pub fn day_in(day: NaiveDate, lang: Language) -> String {
    let index = usize::try_from(day.month0()).unwrap_or(0);
    let month = match lang {
        Language::En => EN_MONTHS.get(index),
        Language::Cy => CY_MONTHS.get(index),
    };
    format!(
        "{} {} {}",
        day.day(),
        month.copied().unwrap_or_default(),
        day.year()
    )
}

impl Period {
    /// First day of the period.
    pub fn first_day(self) -> NaiveDate {
        let (y, m) = match self {
            Period::Month(y, m) => (y, m),
            Period::Quarter(y, q) => (y, q.saturating_mul(3).saturating_sub(2)),
            Period::Year(y) => (y, 1),
        };
        NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MIN)
    }

    /// Last day of the period.
    pub fn last_day(self) -> NaiveDate {
        let next = self.next().first_day();
        next.pred_opt().unwrap_or(next)
    }

    /// Whether the period has begun, or ended, by `now`.
    pub fn progress(self, now: DateTime<Utc>) -> Progress {
        let (start, end) = self.bounds();
        if now < start {
            Progress::NotBegun
        } else if now < end {
            Progress::Running
        } else {
            Progress::Ended
        }
    }

    /// The period after this one.
    pub fn next(self) -> Period {
        match self {
            Period::Month(y, 12) => Period::Month(y.saturating_add(1), 1),
            Period::Month(y, m) => Period::Month(y, m.saturating_add(1)),
            Period::Quarter(y, 4) => Period::Quarter(y.saturating_add(1), 1),
            Period::Quarter(y, q) => Period::Quarter(y, q.saturating_add(1)),
            Period::Year(y) => Period::Year(y.saturating_add(1)),
        }
    }

    /// The period before this one.
    pub fn previous(self) -> Period {
        match self {
            Period::Month(y, 1) => Period::Month(y.saturating_sub(1), 12),
            Period::Month(y, m) => Period::Month(y, m.saturating_sub(1)),
            Period::Quarter(y, 1) => Period::Quarter(y.saturating_sub(1), 4),
            Period::Quarter(y, q) => Period::Quarter(y, q.saturating_sub(1)),
            Period::Year(y) => Period::Year(y.saturating_sub(1)),
        }
    }

    /// `[start, end)` in UTC: from UK midnight on the first day to UK midnight after the last.
    pub fn bounds(self) -> (DateTime<Utc>, DateTime<Utc>) {
        (
            uk_time::midnight(self.first_day()),
            uk_time::midnight(self.next().first_day()),
        )
    }

    /// In words, as a page title says it: "July to September 2026", "September 2026", "2026".
    pub fn label(self) -> String {
        self.label_in(Language::En)
    }

    /// In words in `lang`: "Gorffennaf i Fedi 2026" in Welsh, where "i" softens the month
    /// after it.
    pub fn label_in(self, lang: Language) -> String {
        // The months that end a quarter, after "i" (soft mutation).
        const CY_AFTER_I: [&str; 4] = ["Fawrth", "Fehefin", "Fedi", "Ragfyr"];
        let index = |m: u32| usize::try_from(m.clamp(1, 12).saturating_sub(1)).unwrap_or(0);
        let month = |m: u32| match lang {
            Language::En => EN_MONTHS[index(m)],
            Language::Cy => CY_MONTHS[index(m)],
        };
        match self {
            Period::Month(y, m) => format!("{} {y}", month(m)),
            Period::Quarter(y, q) => {
                let last = q.clamp(1, 4).saturating_mul(3);
                let first = month(last.saturating_sub(2));
                match lang {
                    Language::En => format!("{first} to {} {y}", month(last)),
                    Language::Cy => {
                        let end = CY_AFTER_I
                            [usize::try_from(q.clamp(1, 4).saturating_sub(1)).unwrap_or(0)];
                        format!("{first} i {end} {y}")
                    }
                }
            }
            Period::Year(y) => y.to_string(),
        }
    }

    /// The quarter containing `at`, in UK time.
    pub fn quarter_of(at: DateTime<Utc>) -> Period {
        Period::containing(Every::Quarter, at)
    }

    /// The month, quarter or year containing `at`, in UK time.
    pub fn containing(every: Every, at: DateTime<Utc>) -> Period {
        let local = uk_time::clock(at);
        match every {
            Every::Month => Period::Month(local.year(), local.month()),
            Every::Quarter => Period::Quarter(local.year(), local.month().div_ceil(3)),
            Every::Year => Period::Year(local.year()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_are_named_in_welsh_with_the_month_after_i_softened() {
        assert_eq!(
            Period::Quarter(2026, 3).label_in(Language::Cy),
            "Gorffennaf i Fedi 2026"
        );
        assert_eq!(
            Period::Quarter(2027, 1).label_in(Language::Cy),
            "Ionawr i Fawrth 2027"
        );
        assert_eq!(
            Period::Month(2026, 2).label_in(Language::Cy),
            "Chwefror 2026"
        );
        assert_eq!(Period::Quarter(2026, 4).label(), "October to December 2026");
    }
    use chrono::TimeZone;

    #[test]
    fn periods_are_written_and_read_back() {
        for text in ["2026-Q3", "2026-09", "2026"] {
            assert_eq!(text.parse::<Period>().unwrap().to_string(), text);
        }
        assert!("2026-Q5".parse::<Period>().is_err());
        assert!("2026-13".parse::<Period>().is_err());
        assert!("26".parse::<Period>().is_err());
        for loose in [
            "+2026", "02026", "2026-+1", "2026-Q+1", " 2026", "1999", "2201-Q1",
        ] {
            assert!(loose.parse::<Period>().is_err(), "{loose}");
        }
    }

    #[test]
    fn periods_are_said_in_words() {
        assert_eq!(Period::Quarter(2026, 3).label(), "July to September 2026");
        assert_eq!(Period::Month(2026, 9).label(), "September 2026");
        assert_eq!(Period::Year(2026).label(), "2026");
    }

    #[test]
    fn summer_periods_start_at_uk_midnight() {
        let (start, end) = "2026-Q3".parse::<Period>().unwrap().bounds();
        assert_eq!(start.to_rfc3339(), "2026-06-30T23:00:00+00:00");
        assert_eq!(end.to_rfc3339(), "2026-09-30T23:00:00+00:00");
        let (start, end) = "2026".parse::<Period>().unwrap().bounds();
        assert_eq!(start.to_rfc3339(), "2026-01-01T00:00:00+00:00");
        assert_eq!(end.to_rfc3339(), "2027-01-01T00:00:00+00:00");
        let (_, end) = "2026-10".parse::<Period>().unwrap().bounds();
        assert_eq!(
            end.to_rfc3339(),
            "2026-11-01T00:00:00+00:00",
            "GMT again after 25 October"
        );
    }

    #[test]
    fn a_late_evening_in_june_belongs_to_the_next_quarter_in_uk_time() {
        let at = Utc.with_ymd_and_hms(2026, 6, 30, 23, 30, 0).unwrap();
        assert_eq!(Period::quarter_of(at), Period::Quarter(2026, 3));
        assert_eq!(
            Period::Quarter(2026, 1).previous(),
            Period::Quarter(2025, 4)
        );
    }
}
