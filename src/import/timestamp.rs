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
    ClocksWentBack,
    Offset,
    BeforeEarliest,
    InTheFuture,
}

/// The earliest response an import takes: summaries cover periods from 2000 on, and earlier
/// dates (1970, 0000) are what spreadsheets show for a blank or broken date.
pub(super) const EARLIEST_YEAR: i32 = 2000;
/// Furthest a written zone may be from UTC, in hours: the nautical time zones. Offsets beyond
/// it are almost always a typing mistake, and would move a response into another day.
const MAX_OFFSET_HOURS: u32 = 12;
const MAX_OFFSET_SECONDS: i64 = MAX_OFFSET_HOURS as i64 * 3600;

impl Unreadable {
    pub(super) fn message(self, text: &str) -> String {
        let why = match self {
            Self::Format => return format!("`{text}` is not a date and time we can read"),
            Self::BeforeEarliest => {
                return format!(
                    "`{text}` is before {EARLIEST_YEAR}: responses are imported from 1 January {EARLIEST_YEAR} on, so check the year"
                );
            }
            Self::InTheFuture => {
                return format!(
                    "`{text}` is in the future: check the year, and the zone if one is written"
                );
            }
            Self::NoSuchDate => "there is no such date",
            Self::MonthFirst => "dates must be written day first, as in 01/04/2026",
            Self::TwoDigitYear => {
                "write the year in full: with two digits we cannot tell whether the day or the month comes first"
            }
            Self::ClocksWentForward => {
                "UK clocks went forward an hour then, so that time did not happen"
            }
            Self::ClocksWentBack => {
                "UK clocks went back an hour then, so that time happened twice; add `BST` for the first or `GMT` for the second"
            }
            Self::Offset => "a zone's offset from UTC must be between -12:00 and +12:00",
        };
        format!("`{text}` is not a date and time we can read: {why}")
    }
}

/// Reads one timestamp as form tools write them; UK local time when no zone is given.
pub fn parse_timestamp(text: &str) -> Option<DateTime<Utc>> {
    parse_explained(text).ok()
}

/// Reads a timestamp and checks it lies between 1 January 2000 (UK time) and `now`.
pub(super) fn parse_in_range(text: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, Unreadable> {
    let at = parse_explained(text)?;
    let earliest = NaiveDate::from_ymd_opt(EARLIEST_YEAR, 1, 1).map(uk_time::midnight);
    if earliest.is_none_or(|earliest| at < earliest) {
        return Err(Unreadable::BeforeEarliest);
    }
    if at > now {
        return Err(Unreadable::InTheFuture);
    }
    Ok(at)
}

pub(super) fn parse_explained(text: &str) -> Result<DateTime<Utc>, Unreadable> {
    use Unreadable::Format;
    let text = text.trim();
    // ISO 8601 puts a `T` between date and time; everything else a space.
    let (at, separator) = text
        .char_indices()
        .find(|&(_, c)| c.is_whitespace() || c == 'T' || c == 't')
        .ok_or(Format)?;
    let date = parse_date(text.get(..at).ok_or(Format)?)?;
    let rest = text
        .get(at..)
        .and_then(|rest| rest.strip_prefix(separator))
        .ok_or(Format)?;
    let mut words = rest.split_whitespace();
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
            offset.replace(seconds?).is_some()
        } else {
            true
        };
        if repeated {
            return Err(Format);
        }
    }
    let local = date.and_time(parse_time(time_text, pm)?);
    match offset {
        Some(seconds) => local
            .checked_sub_signed(Duration::seconds(seconds))
            .map(|utc| utc.and_utc())
            .ok_or(Unreadable::NoSuchDate),
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
        Some((s, f)) => {
            let digits = number(f, 1..=9)?;
            let scale = 9_usize
                .checked_sub(f.len())
                .and_then(|places| u32::try_from(places).ok())
                .and_then(|places| 10u32.checked_pow(places));
            let nanos = scale.and_then(|scale| digits.checked_mul(scale));
            (s, nanos.ok_or(Unreadable::Format)?)
        }
        None => (seconds, 0),
    };
    let hour = match (number(hour, 1..=2)?, pm) {
        (hour, None) => hour,
        (hour @ 1..=12, Some(pm)) => (hour % 12)
            .checked_add(if pm { 12 } else { 0 })
            .ok_or(Unreadable::Format)?,
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
/// `None` when the word is not a zone at all; an error when its offset is out of range.
fn parse_zone(word: &str) -> Option<Result<i64, Unreadable>> {
    let upper = word.to_ascii_uppercase();
    match upper.as_str() {
        "Z" | "UTC" | "GMT" => return Some(Ok(0)),
        "BST" => return Some(Ok(3600)),
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
        None if rest.len() == 4 => rest.split_at_checked(2)?,
        None => (rest, "00"),
    };
    let (hours, minutes) = (number(hours, 1..=2).ok()?, number(minutes, 2..=2).ok()?);
    if minutes >= 60 {
        return None;
    }
    let seconds = i64::from(hours)
        .checked_mul(3600)
        .zip(i64::from(minutes).checked_mul(60))
        .and_then(|(hours, minutes)| hours.checked_add(minutes))
        .filter(|&seconds| seconds <= MAX_OFFSET_SECONDS)
        .and_then(|seconds| seconds.checked_mul(sign));
    Some(seconds.ok_or(Unreadable::Offset))
}

/// UK wall-clock time to UTC; the hour the clocks skip, and the one they repeat, cannot be
/// read without a zone.
fn local_to_utc(local: chrono::NaiveDateTime) -> Result<DateTime<Utc>, Unreadable> {
    match uk_time::local_to_utc(local) {
        Local::At(at) => Ok(at),
        Local::Skipped => Err(Unreadable::ClocksWentForward),
        Local::Repeated { .. } => Err(Unreadable::ClocksWentBack),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::SecondsFormat;

    /// Each timestamp with the UTC instant it should be read as, or `None` if refused.
    fn check(cases: &[(&str, Option<&str>)]) {
        for (text, expected) in cases {
            let got = parse_timestamp(text).map(|t| t.to_rfc3339_opts(SecondsFormat::AutoSi, true));
            assert_eq!(got.as_deref(), *expected, "{text}");
        }
    }

    #[test]
    fn google_forms_times_with_a_gmt_offset_are_read() {
        check(&[
            ("2026/04/01 9:00:00 AM GMT+1", Some("2026-04-01T08:00:00Z")),
            ("2026/04/01 9:00:00 pm GMT", Some("2026-04-01T21:00:00Z")),
            ("2026/4/1 09:00:00 GMT+01:00", Some("2026-04-01T08:00:00Z")),
            ("2026/01/15 4:30:00 PM GMT-5", Some("2026-01-15T21:30:00Z")),
            ("2026/01/15 12:05:00 AM GMT", Some("2026-01-15T00:05:00Z")),
            ("2026/01/15 12:05:00 PM GMT", Some("2026-01-15T12:05:00Z")),
            ("2026/01/15 13:05:00 PM GMT", None),
            ("2026/01/15 9:00 GMT+15", None),
            ("2026/01/15 9:00 GMT+14", None),
        ]);
    }

    #[test]
    fn uk_day_first_dates_without_a_zone_are_london_time() {
        check(&[
            ("01/04/2026 09:00:00", Some("2026-04-01T08:00:00Z")),
            ("01/04/2026 9:00", Some("2026-04-01T08:00:00Z")),
            ("15/01/2026 09:00:00", Some("2026-01-15T09:00:00Z")),
        ]);
    }

    #[test]
    fn iso_8601_times_are_read_with_or_without_a_zone() {
        check(&[
            ("2026-04-01T09:00:00Z", Some("2026-04-01T09:00:00Z")),
            ("2026-04-01T09:00:00+01:00", Some("2026-04-01T08:00:00Z")),
            ("2026-04-01 09:00:00", Some("2026-04-01T08:00:00Z")),
            ("2026-04-01T09:00", Some("2026-04-01T08:00:00Z")),
            (
                "2026-01-15T09:00:00.250-05:00",
                Some("2026-01-15T14:00:00.250Z"),
            ),
        ]);
    }

    #[test]
    fn unclear_or_impossible_timestamps_are_refused_with_a_reason() {
        let why = |text| parse_explained(text).err();
        assert_eq!(why("4/1/26 9:00:00"), Some(Unreadable::TwoDigitYear));
        assert_eq!(why("25/12/26 9:00"), Some(Unreadable::TwoDigitYear));
        assert_eq!(why("31/02/2026 10:00"), Some(Unreadable::NoSuchDate));
        assert_eq!(why("2026-02-31T10:00:00Z"), Some(Unreadable::NoSuchDate));
        assert_eq!(why("04/13/2026 10:00"), Some(Unreadable::MonthFirst));
        for text in [
            "",
            "yesterday",
            "2026/04/01",
            "2026/04/01 25:00",
            "2026/04/01 9:00 AM PM",
        ] {
            assert_eq!(why(text), Some(Unreadable::Format), "{text}");
        }
    }

    #[test]
    fn the_spring_forward_gap_is_refused_but_its_edges_are_read() {
        check(&[
            ("28/03/2026 12:00", Some("2026-03-28T12:00:00Z")),
            ("29/03/2026 00:59:59", Some("2026-03-29T00:59:59Z")),
            ("29/03/2026 01:00", None),
            ("2026-03-29 01:59:59", None),
            ("29/03/2026 02:00", Some("2026-03-29T01:00:00Z")),
        ]);
        assert_eq!(
            parse_explained("29/03/2026 01:30").err(),
            Some(Unreadable::ClocksWentForward)
        );
    }

    #[test]
    fn the_repeated_autumn_hour_is_refused_unless_its_zone_is_written() {
        check(&[
            ("24/10/2026 12:00", Some("2026-10-24T11:00:00Z")),
            ("25/10/2026 00:59", Some("2026-10-24T23:59:00Z")),
            ("25/10/2026 01:00", None),
            ("25/10/2026 01:59", None),
            ("25/10/2026 01:30 BST", Some("2026-10-25T00:30:00Z")),
            ("25/10/2026 01:30 GMT", Some("2026-10-25T01:30:00Z")),
            ("25/10/2026 02:00", Some("2026-10-25T02:00:00Z")),
        ]);
        assert_eq!(
            parse_explained("2026-10-25 01:30").err(),
            Some(Unreadable::ClocksWentBack)
        );
    }

    #[test]
    fn offsets_beyond_twelve_hours_are_refused() {
        check(&[
            ("2026/01/15 9:00 GMT+12", Some("2026-01-14T21:00:00Z")),
            ("2026/01/15 9:00 GMT-12:00", Some("2026-01-15T21:00:00Z")),
        ]);
        for text in [
            "2026/01/15 9:00 GMT+14",
            "2026/01/15 9:00 GMT-13",
            "2026-01-15T09:00:00+12:30",
        ] {
            assert_eq!(
                parse_explained(text).err(),
                Some(Unreadable::Offset),
                "{text}"
            );
        }
    }

    #[test]
    fn timestamps_before_2000_or_in_the_future_are_refused() {
        let now = parse_timestamp("2026-12-01T12:00:00Z").unwrap();
        let range = |text| parse_in_range(text, now);
        assert_eq!(
            range("0000-01-01 00:00").err(),
            Some(Unreadable::BeforeEarliest)
        );
        assert_eq!(
            range("01/01/1970 00:00").err(),
            Some(Unreadable::BeforeEarliest)
        );
        assert_eq!(
            range("1999-12-31T23:59:59Z").err(),
            Some(Unreadable::BeforeEarliest)
        );
        assert!(range("2000-01-01T00:00:00Z").is_ok());
        assert!(range("2026-12-01T12:00:00Z").is_ok());
        assert_eq!(
            range("2026-12-01T12:00:01Z").err(),
            Some(Unreadable::InTheFuture)
        );
        assert_eq!(
            range("31/12/9999 23:59").err(),
            Some(Unreadable::InTheFuture)
        );
        assert!(
            Unreadable::BeforeEarliest
                .message("01/01/1970 00:00")
                .contains("before 2000")
        );
    }

    #[test]
    fn summer_time_follows_the_last_sunday_in_other_years() {
        // In 2027 the clocks change on 28 March and 31 October.
        check(&[
            ("28/03/2027 00:30", Some("2027-03-28T00:30:00Z")),
            ("28/03/2027 02:00", Some("2027-03-28T01:00:00Z")),
            ("30/10/2027 12:00", Some("2027-10-30T11:00:00Z")),
            ("31/10/2027 12:00", Some("2027-10-31T12:00:00Z")),
        ]);
    }
}
