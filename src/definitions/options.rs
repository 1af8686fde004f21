//! Options of choice questions: values derived or written, unique, and how many may be chosen.

use super::checker::Checker;
use super::raw::{At, Pos, RawOption, RawQuestion, RawText, pos};
use super::scalars;
use super::suggest;
use super::survey::{Choice, Language, OTHER};

/// The options of a choice question.
pub(super) fn check(cx: &mut Checker, q: &At<RawQuestion>, other: bool) -> Option<Vec<Choice>> {
    let kind = q.value.kind.value.trim();
    let Some(raw) = &q.value.options else {
        cx.error(
            pos(q),
            format!("{} question needs `options`", suggest::a(kind)),
        )
        .help = Some(
            "add `options:` with a list of answers, e.g. `options: [Daily, Weekly, Monthly]`"
                .to_owned(),
        );
        return None;
    };
    let mut choices: Vec<(Choice, Pos)> = Vec::new();
    let mut ok = true;
    for option in &raw.value {
        let at = pos(option);
        let Some(choice) = choice(cx, option) else {
            ok = false;
            continue;
        };
        let taken = choices
            .iter()
            .find(|(c, _)| c.value == choice.value)
            .map(|(_, p)| *p);
        if let Some(first) = taken {
            cx.error(
                at,
                format!(
                    "option value `{}` is used twice in this question",
                    choice.value
                ),
            )
            .help = Some(format!(
                "the first is on line {}; give one of them a different `value`",
                first.line
            ));
            ok = false;
        } else if other && choice.value == OTHER {
            cx.error(at, "option value `other` clashes with `other: true`")
                .help = Some(
                "remove this option: `other: true` already adds \"Other (please specify)\""
                    .to_owned(),
            );
            ok = false;
        } else {
            choices.push((choice, at));
        }
    }
    if ok && choices.len().saturating_add(usize::from(other)) < 2 {
        cx.error(
            pos(raw),
            format!("{} question needs at least two options", suggest::a(kind)),
        )
        .help = Some("with a single answer, use a `yes_no` question instead".to_owned());
        return None;
    }
    ok.then(|| choices.into_iter().map(|(c, _)| c).collect())
}

fn choice(cx: &mut Checker, option: &At<RawOption>) -> Option<Choice> {
    let at = pos(option);
    let spanned = |t: &RawText| At::new(t.clone(), option.referenced, option.defined);
    let (value, label, hint) = match &option.value {
        RawOption::Plain(text) => (None, spanned(&RawText::Plain(text.clone())), None),
        RawOption::Full { value, label, hint } => {
            let Some(label) = label else {
                cx.error(at, "this option has no `label`").help =
                    Some("write it as `{ value: ..., label: ... }`, or as plain text".to_owned());
                return None;
            };
            (value.clone(), spanned(label), hint.as_ref().map(spanned))
        }
    };
    let label = cx.text(&label, "label")?;
    let hint = hint.and_then(|h| cx.text(&h, "hint"));
    let value = match value {
        Some(v) if scalars::is_option_value(v.trim()) => v.trim().to_owned(),
        Some(v) => {
            cx.error(at, format!("option value `{v}` is not a lowercase value"))
                .help = Some(format!(
                "use lowercase letters, digits, `-` or `_`, e.g. `{}`",
                scalars::slugify(&v)
            ));
            return None;
        }
        None => {
            let derived = scalars::slugify(label.get(Language::En));
            if derived.is_empty() {
                cx.error(at, "cannot make a value from this option's text")
                    .help = Some("write it as `{ value: ..., label: ... }` with a value in lowercase letters and digits".to_owned());
                return None;
            }
            derived
        }
    };
    Some(Choice { value, label, hint })
}

/// `min_selected` and `max_selected`, checked against the number of options.
pub(super) fn selection_limits(
    cx: &mut Checker,
    raw: &RawQuestion,
    count: usize,
) -> Option<(Option<u32>, Option<u32>)> {
    let limit = |cx: &mut Checker, v: &Option<At<i64>>, key: &str| -> Result<Option<u32>, ()> {
        match v {
            None => Ok(None),
            Some(n) if n.value < 0 || (key == "max_selected" && n.value == 0) => {
                cx.error(
                    pos(n),
                    format!(
                        "`{key}` must be {}",
                        if key == "max_selected" {
                            "at least 1"
                        } else {
                            "0 or more"
                        }
                    ),
                );
                Err(())
            }
            Some(n) => Ok(Some(u32::try_from(n.value).unwrap_or(u32::MAX))),
        }
    };
    let min = limit(cx, &raw.min_selected, "min_selected").ok()?;
    let max = limit(cx, &raw.max_selected, "max_selected").ok()?;
    if let (Some(lo), Some(hi), Some(at)) = (min, max, &raw.min_selected)
        && lo > hi
    {
        cx.error(
            pos(at),
            format!("`min_selected` ({lo}) is greater than `max_selected` ({hi})"),
        );
        return None;
    }
    for (n, at, key) in [
        (min, &raw.min_selected, "min_selected"),
        (max, &raw.max_selected, "max_selected"),
    ] {
        if let (Some(n), Some(at)) = (n, at)
            && usize::try_from(n).unwrap_or(usize::MAX) > count
        {
            cx.error(
                pos(at),
                format!("`{key}` is {n}, but the question has only {count} options"),
            )
            .help = Some(format!("lower `{key}` to {count} or less, or add options"));
            return None;
        }
    }
    Some((min, max))
}
