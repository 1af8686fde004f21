//! Timestamps as form tools write them: Google Forms with a zone, UK day-first dates, ISO 8601.
//! A time without a zone is UK local time.

use crate::uk_time::{self, Local};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use std::ops::RangeInclusive;

/// Why a timestamp could not be read, so the problem list can say what to fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unreadable {
    Format,
    NoSuchDate,
    MonthFirst,
    TwoDigitYear,
    ClocksWentForward,
}

impl Unreadable {
    pub(super) fn message(self, text: &str) -> String {
        let why = match self {
            Self::Format => return format!("`{text}` is not a date and time we can read"),
            Self::NoSuchDate => "there is no such date",
            Self::MonthFirst => "dates must be written day first, as in 01/04/2026",
            Self::TwoDigitYear => {
                "write the year in full: with two digits we cannot tell whether the day or the month comes first"
            }
            Self::ClocksWentForward => {
                "UK clocks went forward an hour then, so that time did not happen"
            }
        };
        format!("`{text}` is not a date and time we can read: {why}")
    }
}

/// Reads one timestamp as form tools write them; UK local time when no zone is given.
pub fn parse_timestamp(text: &str) -> Option<DateTime<Utc>> {
    parse_explained(text).ok()
}

pub(super) fn parse_explained(text: &str) -> Result<DateTime<Utc>, Unreadable> {
    use Unreadable::Format;
    let text = text.trim();
    // ISO 8601 puts a `T` between date and time; everything else a space.
    let (at, separator) = text
        .char_indices()
        .find(|&(_, c)| c.is_whitespace() || c == 'T' || c == 't')
        .ok_or(Format)?;
    let date = parse_date(&text[..at])?;
    let mut words = text[at + separator.len_utf8()..].split_whitespace();
    let time_word = words.next().ok_or(Format)?;
    // `9:00AM` and `09:00:00+01:00` carry their suffix without a space.
    let cut = time_word
        .find(|c: char| c.is_ascii_alphabetic() || c == '+' || c == '-')
        .unwrap_or(time_word.len());
    let (time_text, suffix) = time_word.split_at(cut);
    let (mut pm, mut offset) = (None, None);
    for word in std::iter::once(suffix)
        .filter(|s| !s.is_empty())
        .chain(words)
    {
        let repeated = if let Some(is_pm) = parse_meridiem(word) {
            pm.replace(is_pm).is_some()
        } else if let Some(seconds) = parse_zone(word) {
            offset.replace(seconds).is_some()
        } else {
            true
        };
        if repeated {
            return Err(Format);
        }
    }
    let local = date.and_time(parse_time(time_text, pm)?);
    match offset {
        Some(seconds) => Ok((local - Duration::seconds(seconds)).and_utc()),
        None => local_to_utc(local),
    }
}

/// A run of ASCII digits of an allowed length, as a number.
fn number(text: &str, lengths: RangeInclusive<usize>) -> Result<u32, Unreadable> {
    if !lengths.contains(&text.len()) || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Unreadable::Format);
    }
    text.parse().map_err(|_| Unreadable::Format)
}

/// `2026/4/1` or `2026-04-01` (year first), or `01/04/2026` (UK order, day first).
fn parse_date(text: &str) -> Result<NaiveDate, Unreadable> {
    let separator = if text.contains('/') { '/' } else { '-' };
    let parts: Vec<&str> = text.split(separator).collect();
    let [a, b, c] = parts[..] else {
        return Err(Unreadable::Format);
    };
    let month = number(b, 1..=2)?;
    let (year, day, day_first) = if a.len() == 4 {
        (number(a, 4..=4)?, number(c, 1..=2)?, false)
    } else if c.len() == 4 {
        (number(c, 4..=4)?, number(a, 1..=2)?, true)
    } else {
        // Microsoft Forms' `4/1/26` is 4 January in the UK but 1 April in the US; refuse to guess.
        number(a, 1..=2)?;
        number(c, 1..=2)?;
        return Err(Unreadable::TwoDigitYear);
    };
    let year = i32::try_from(year).map_err(|_| Unreadable::Format)?;
    NaiveDate::from_ymd_opt(year, month, day).ok_or(if day_first && month > 12 && day <= 12 {
        Unreadable::MonthFirst
    } else {
        Unreadable::NoSuchDate
    })
}

/// `9:00`, `09:00:00` or `09:00:00.123`, on a 12-hour clock when `pm` is known.
fn parse_time(text: &str, pm: Option<bool>) -> Result<NaiveTime, Unreadable> {
    let parts: Vec<&str> = text.split(':').collect();
    let (hour, minute, seconds) = match parts[..] {
        [h, m] => (h, m, "00"),
        [h, m, s] => (h, m, s),
        _ => return Err(Unreadable::Format),
    };
    let (second, fraction) = match seconds.split_once('.') {
        Some((s, f)) => (s, number(f, 1..=9)? * 10u32.pow(9 - f.len() as u32)),
        None => (seconds, 0),
    };
    let hour = match (number(hour, 1..=2)?, pm) {
        (hour, None) => hour,
        (hour @ 1..=12, Some(pm)) => hour % 12 + if pm { 12 } else { 0 },
        _ => return Err(Unreadable::Format),
    };
    let (minute, second) = (number(minute, 2..=2)?, number(second, 2..=2)?);
    NaiveTime::from_hms_nano_opt(hour, minute, second, fraction).ok_or(Unreadable::Format)
}

/// `AM` or `PM` in any case, with or without dots: `Some(true)` for afternoon.
fn parse_meridiem(word: &str) -> Option<bool> {
    match word.replace('.', "").to_ascii_lowercase().as_str() {
        "am" => Some(false),
        "pm" => Some(true),
        _ => None,
    }
}

/// A zone as seconds east of UTC: `Z`, `UTC`, `GMT`, `BST`, `GMT+1`, `GMT+01:00`, `+0100`.
fn parse_zone(word: &str) -> Option<i64> {
    let upper = word.to_ascii_uppercase();
    match upper.as_str() {
        "Z" | "UTC" | "GMT" => return Some(0),
        "BST" => return Some(3600),
        _ => {}
    }
    let rest = ["GMT", "UTC"]
        .iter()
        .find_map(|name| upper.strip_prefix(name))
        .unwrap_or(&upper);
    let (sign, rest) = match rest.split_at_checked(1)? {
        ("+", rest) => (1, rest),
        ("-", rest) => (-1, rest),
        _ => return None,
    };
    let (hours, minutes) = match rest.split_once(':') {
        Some(parts) => parts,
        None if rest.len() == 4 => rest.split_at(2),
        None => (rest, "00"),
    };
    let (hours, minutes) = (number(hours, 1..=2).ok()?, number(minutes, 2..=2).ok()?);
    (hours <= 14 && minutes < 60).then(|| sign * i64::from(hours * 3600 + minutes * 60))
}

/// UK wall-clock time to UTC; the hour the clocks skip cannot be read.
fn local_to_utc(local: chrono::NaiveDateTime) -> Result<DateTime<Utc>, Unreadable> {
    match uk_time::local_to_utc(local) {
        Local::At(at) => Ok(at),
        Local::Skipped => Err(Unreadable::ClocksWentForward),
    }
}
