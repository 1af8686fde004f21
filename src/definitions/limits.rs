//! The numbers in a question's settings: rating scales, text lengths and number limits.
//!
//! Every number is bounded here before any arithmetic touches it, so no definition can make
//! the service overflow, allocate without end or divide its way to infinity.

use super::checker::Checker;
use super::raw::{At, RawQuestion, RawScale, pos};
use super::survey::{Kind, MAX_NUMBER, MAX_SCALE_BOUND, MAX_SCALE_POINTS};

/// Longest free text a question may accept.
pub const MAX_TEXT_LENGTH: i64 = 10_000;
/// Free-text length when `max_length` is not given.
const DEFAULT_TEXT_LENGTH: u32 = 500;

/// A rating question's scale.
pub(super) fn rating(cx: &mut Checker, q: &At<RawQuestion>) -> Option<Kind> {
    let Some(scale) = &q.value.scale else {
        cx.error(pos(q), "a `rating` question needs a `scale`").help = Some(
            "add `scale: { min: 1, max: 5, min_label: Very dissatisfied, max_label: Very satisfied }`"
                .to_owned(),
        );
        return None;
    };
    let RawScale {
        min: raw_min,
        max: raw_max,
        ..
    } = &scale.value;
    for (key, end) in [("min", raw_min), ("max", raw_max)] {
        if !(-MAX_SCALE_BOUND..=MAX_SCALE_BOUND).contains(&end.value) {
            cx.error(
                pos(end),
                format!(
                    "the scale's `{key}` is {}, but it must be between -{MAX_SCALE_BOUND} and {MAX_SCALE_BOUND}",
                    end.value
                ),
            )
            .help = Some("rating scales are short, e.g. 1 to 5 or 0 to 10".to_owned());
            return None;
        }
    }
    let (min, max) = (raw_min.value, raw_max.value);
    if min >= max {
        cx.error(
            pos(raw_min),
            format!("the scale's `min` ({min}) must be below its `max` ({max})"),
        );
        return None;
    }
    // Both ends are within ±1000, so this cannot overflow; checked all the same.
    let points = max.checked_sub(min).and_then(|d| d.checked_add(1));
    let allowed = i64::try_from(MAX_SCALE_POINTS).unwrap_or(i64::MAX);
    if points.is_none_or(|p| p > allowed) {
        let points = points.map_or_else(|| "too many".to_owned(), |p| p.to_string());
        cx.error(
            pos(raw_max),
            format!(
                "a scale from {min} to {max} has {points} points; at most {MAX_SCALE_POINTS} are allowed"
            ),
        )
        .help = Some("five-point scales (1 to 5) are easiest to answer".to_owned());
        return None;
    }
    Some(Kind::Rating {
        min,
        max,
        min_label: scale
            .value
            .min_label
            .as_ref()
            .and_then(|t| cx.text(t, "min_label")),
        max_label: scale
            .value
            .max_label
            .as_ref()
            .and_then(|t| cx.text(t, "max_label")),
    })
}

/// A text question's settings.
pub(super) fn text(cx: &mut Checker, raw: &RawQuestion) -> Option<Kind> {
    let max_length = match &raw.max_length {
        None => DEFAULT_TEXT_LENGTH,
        Some(m) => match u32::try_from(m.value) {
            Ok(n) if (1..=MAX_TEXT_LENGTH).contains(&m.value) => n,
            _ => {
                cx.error(
                    pos(m),
                    format!(
                        "`max_length` is {}, but it must be between 1 and {MAX_TEXT_LENGTH}",
                        m.value
                    ),
                );
                return None;
            }
        },
    };
    Some(Kind::Text {
        multiline: raw.multiline.as_ref().is_some_and(|m| m.value),
        max_length,
    })
}

/// A number question's limits: ordinary numbers within ±10^15, `min` not above `max`.
pub(super) fn number(cx: &mut Checker, raw: &RawQuestion) -> Option<Kind> {
    let (min, max) = (raw.min.as_ref(), raw.max.as_ref());
    for (key, bound) in [("min", min), ("max", max)] {
        let Some(bound) = bound else { continue };
        if !bound.value.is_finite() {
            cx.error(pos(bound), "a limit must be an ordinary number");
            return None;
        }
        if bound.value.abs() > MAX_NUMBER {
            cx.error(
                pos(bound),
                format!(
                    "`{key}` is {}, but it must be between -{} and {}",
                    plain(bound.value),
                    plain(MAX_NUMBER),
                    plain(MAX_NUMBER)
                ),
            )
            .help = Some(format!(
                "leave `{key}` out if there is no natural limit; answers are always kept within that range"
            ));
            return None;
        }
    }
    if let (Some(lo), Some(hi)) = (min, max)
        && lo.value > hi.value
    {
        cx.error(
            pos(lo),
            format!("`min` ({}) is greater than `max` ({})", lo.value, hi.value),
        )
        .help = Some("swap them, or correct one of them".to_owned());
        return None;
    }
    Some(Kind::Number {
        min: min.map(|m| m.value),
        max: max.map(|m| m.value),
        integer: raw.integer.as_ref().is_some_and(|i| i.value),
    })
}

/// A number as a producer would write it: digits when short, `1e300` when not.
fn plain(n: f64) -> String {
    if n.abs() < 1e16 {
        n.to_string()
    } else {
        format!("{n:e}")
    }
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn huge_numbers_are_shown_short() {
        assert_eq!(plain(1e15), "1000000000000000");
        assert_eq!(plain(-2.5), "-2.5");
        assert_eq!(plain(9.223372036854776e18), "9.223372036854776e18");
    }
}
