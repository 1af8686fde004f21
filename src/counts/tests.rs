//! The rollup's day arithmetic.

use super::*;
use chrono::TimeZone;

#[test]
fn only_days_that_ended_an_hour_ago_are_rolled_up() {
    let q3 = Period::Quarter(2026, 3);
    // 30 September ends at 23:00 UTC (BST).
    let just_after = Utc.with_ymd_and_hms(2026, 9, 30, 23, 30, 0).unwrap();
    assert_eq!(
        last_rollable(q3, just_after),
        NaiveDate::from_ymd_opt(2026, 9, 29)
    );
    let later = Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).unwrap();
    assert_eq!(
        last_rollable(q3, later),
        NaiveDate::from_ymd_opt(2026, 9, 30)
    );
    let first_day = Utc.with_ymd_and_hms(2026, 7, 1, 10, 0, 0).unwrap();
    assert_eq!(last_rollable(q3, first_day), None);
}

#[test]
fn days_are_uk_days() {
    let late = Utc.with_ymd_and_hms(2026, 6, 30, 23, 30, 0).unwrap();
    assert_eq!(day_of(late), NaiveDate::from_ymd_opt(2026, 7, 1).unwrap());
}
