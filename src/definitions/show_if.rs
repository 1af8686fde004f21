//! Checks `show_if`: it may only look back, and only at values the earlier question can take.

use super::checker::Checker;
use super::raw::{At, RawShowIf, Scalar, pos};
use super::suggest;
use super::survey::{Condition, Kind, Question, Test};

/// Where the questions around this one stand.
pub(super) struct Around<'a> {
    /// This question's id.
    pub this: &'a str,
    /// Questions before this one that passed their checks.
    pub earlier: &'a [Question],
    /// Ids of every question before this one, checked or not.
    pub earlier_ids: &'a [String],
    /// Ids of the questions after this one.
    pub later_ids: &'a [&'a str],
}

/// A checked condition, or `None` after reporting why not.
pub(super) fn check(cx: &mut Checker, raw: &At<RawShowIf>, around: &Around) -> Option<Condition> {
    let r = &raw.value;
    let target_id = r.question.value.trim();
    let at = pos(&r.question);
    if target_id == around.this {
        cx.error(at, "a question cannot be shown depending on its own answer")
            .help = Some("refer to an earlier question".to_owned());
        return None;
    }
    if around.later_ids.contains(&target_id) {
        cx.error(
            at,
            format!("`show_if` refers to `{target_id}`, which comes after this question"),
        )
        .help = Some(format!(
            "move this question below `{target_id}`, or refer to an earlier question"
        ));
        return None;
    }
    let Some(target) = around.earlier.iter().find(|q| q.id == target_id) else {
        if !around.earlier_ids.iter().any(|id| id == target_id) {
            let ids: Vec<&str> = around.earlier_ids.iter().map(String::as_str).collect();
            cx.error(at, format!("`show_if` refers to `{target_id}`, but there is no question `{target_id}` before this one"))
                .help = Some(if ids.is_empty() {
                "the first question cannot have `show_if`".to_owned()
            } else {
                suggest::help(target_id, "earlier questions are", &ids)
            });
        }
        return None;
    };

    let given = [
        r.equals.is_some(),
        r.in_.is_some(),
        r.includes.is_some(),
        r.answered.is_some(),
    ]
    .into_iter()
    .filter(|g| *g)
    .count();
    if given != 1 {
        let message = if given == 0 {
            "`show_if` needs a condition"
        } else {
            "`show_if` may have only one condition"
        };
        cx.error(pos(raw), message).help =
            Some("use one of `equals`, `in`, `includes` or `answered`".to_owned());
        return None;
    }

    let test = if let Some(answered) = &r.answered {
        Test::Answered(answered.value)
    } else if let Some(value) = &r.includes {
        if !matches!(target.kind, Kind::MultipleChoice { .. }) {
            cx.error(pos(value), format!("`includes` only works with a `multiple_choice` question, but `{target_id}` is {} question", suggest::a(target.kind.name())))
                .help = Some("use `equals` or `in` instead".to_owned());
            return None;
        }
        Test::Includes(value_for(cx, value, target)?)
    } else if let Some(value) = &r.equals {
        if matches!(target.kind, Kind::MultipleChoice { .. }) {
            cx.error(
                pos(value),
                format!("`{target_id}` allows several answers, so test it with `includes`"),
            )
            .help = Some(format!("write `includes: {}`", value.value.0));
            return None;
        }
        Test::Equals(value_for(cx, value, target)?)
    } else if let Some(values) = &r.in_ {
        if matches!(target.kind, Kind::MultipleChoice { .. }) {
            cx.error(
                pos(values),
                format!("`{target_id}` allows several answers, so test it with `includes`"),
            );
            return None;
        }
        if values.value.is_empty() {
            cx.error(pos(values), "`in` needs at least one value");
            return None;
        }
        let mut checked = Vec::new();
        for v in &values.value {
            checked.push(value_for(cx, v, target)?);
        }
        Test::In(checked)
    } else {
        return None;
    };
    Some(Condition {
        question: target_id.to_owned(),
        test,
    })
}

/// A value the target question can take, written the way answers are stored.
fn value_for(cx: &mut Checker, value: &At<Scalar>, target: &Question) -> Option<String> {
    let written = value.value.0.trim();
    match (&target.kind, target.kind.values()) {
        (_, Some(values)) => {
            if values.iter().any(|v| v == written) {
                return Some(written.to_owned());
            }
            let names: Vec<&str> = values.iter().map(String::as_str).collect();
            cx.error(
                pos(value),
                format!("`{}` can never be `{written}`", target.id),
            )
            .help = Some(suggest::help(written, "its values are", &names));
            None
        }
        (Kind::Number { .. }, None) => match written.parse::<f64>() {
            Ok(n) if n.is_finite() => Some(written.to_owned()),
            _ => {
                cx.error(
                    pos(value),
                    format!(
                        "`{}` is a number question, but `{written}` is not a number",
                        target.id
                    ),
                );
                None
            }
        },
        (kind, None) => {
            cx.error(
                pos(value),
                format!(
                    "{} answer cannot be tested for a value",
                    suggest::a(kind.name())
                ),
            )
            .help = Some(
                "use `answered: true` to show this question whenever it was answered".to_owned(),
            );
            None
        }
    }
}
