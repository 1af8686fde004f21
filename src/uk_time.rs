//! UK clock time (Europe/London) without a time-zone database: British Summer Time, UTC+1,
//! runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Utc};

/// The last Sunday of a month (March or October here, so the next month is in the same year).
fn last_sunday(year: i32, month: u32) -> Option<NaiveDate> {
    let last_day = NaiveDate::from_ymd_opt(year, month.checked_add(1)?, 1)?.pred_opt()?;
    last_day.checked_sub_signed(Duration::days(i64::from(
        last_day.weekday().num_days_from_sunday(),
    )))
}

/// Whether a UTC instant falls in British Summer Time.
pub fn is_bst(utc: NaiveDateTime) -> bool {
    let change = |month| last_sunday(utc.year(), month)?.and_hms_opt(1, 0, 0);
    match (change(3), change(10)) {
        (Some(start), Some(end)) => start <= utc && utc < end,
        _ => false,
    }
}

/// How far UK clocks are ahead of UTC at `at`.
pub fn offset(at: DateTime<Utc>) -> Duration {
    if is_bst(at.naive_utc()) {
        Duration::hours(1)
    } else {
        Duration::zero()
    }
}

/// UK clock time at `at`, written as if it were UTC (for its date and its hour). At the very
/// end of chrono's range, where an hour more cannot be written, it is `at` itself.
pub fn clock(at: DateTime<Utc>) -> DateTime<Utc> {
    at.checked_add_signed(offset(at)).unwrap_or(at)
}

/// A UK wall-clock time as an instant, the hour the clocks skip in March, or the hour they
/// show twice in October.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Local {
    At(DateTime<Utc>),
    Skipped,
    /// 01:00-01:59 on the last Sunday of October: first in BST, then again an hour later in GMT.
    Repeated {
        bst: DateTime<Utc>,
        gmt: DateTime<Utc>,
    },
}

/// UK wall-clock time to UTC.
pub fn local_to_utc(local: NaiveDateTime) -> Local {
    let Some(if_bst) = local.checked_sub_signed(Duration::hours(1)) else {
        return Local::At(local.and_utc());
    };
    match (is_bst(if_bst), is_bst(local)) {
        (true, false) => Local::Repeated {
            bst: if_bst.and_utc(),
            gmt: local.and_utc(),
        },
        (true, true) => Local::At(if_bst.and_utc()),
        (false, false) => Local::At(local.and_utc()),
        // Only 01:00-01:59 on the last Sunday of March gets here: no UK clock showed it.
        (false, true) => Local::Skipped,
    }
}

/// The instant UK midnight starts `day` (midnight is never in an hour the clocks change).
pub fn midnight(day: NaiveDate) -> DateTime<Utc> {
    match local_to_utc(day.and_time(chrono::NaiveTime::MIN)) {
        Local::At(at) | Local::Repeated { bst: at, .. } => at,
        Local::Skipped => day.and_time(chrono::NaiveTime::MIN).and_utc(),
    }
}
