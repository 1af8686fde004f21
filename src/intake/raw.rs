//! Answers as they arrive, from an HTML form or a JSON body, before any checking.

use std::collections::BTreeMap;

/// One value given for a question.
#[derive(Debug, Clone, PartialEq)]
pub enum RawValue {
    /// A string: a choice value, `yes`/`no`, text, an email, or a number typed in a form.
    Text(String),
    /// A JSON number.
    Number(f64),
    /// The text of an "Other (please specify)" choice.
    Other(String),
    /// A JSON value of a kind no question takes (`null`, `true`, an object…), by its name.
    Wrong(&'static str),
}

/// Everything a submission said, keyed by field name, in arrival order within a field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawAnswers {
    fields: BTreeMap<String, Vec<RawValue>>,
}

/// The suffix of the form field that carries an "Other" choice's text: `role-other`.
pub const OTHER_SUFFIX: &str = "-other";

impl RawAnswers {
    /// From `application/x-www-form-urlencoded` pairs; empty fields count as unanswered.
    pub fn from_form<I: IntoIterator<Item = (String, String)>>(pairs: I) -> Self {
        let mut raw = Self::default();
        for (name, value) in pairs {
            let entry = raw.fields.entry(name).or_default();
            if !value.trim().is_empty() {
                entry.push(RawValue::Text(value));
            }
        }
        raw
    }

    /// From the API's `answers` object.
    pub fn from_json(answers: serde_json::Map<String, serde_json::Value>) -> Self {
        let mut raw = Self::default();
        for (name, value) in answers {
            let values = match value {
                serde_json::Value::Array(items) => items.into_iter().map(json_value).collect(),
                other => vec![json_value(other)],
            };
            raw.fields.insert(name, values);
        }
        raw
    }

    /// Takes the values given for `field`, leaving it out of what remains unread.
    pub fn take(&mut self, field: &str) -> Vec<RawValue> {
        self.fields.remove(field).unwrap_or_default()
    }

    /// The values given for `field`, for re-showing a form.
    pub fn get(&self, field: &str) -> &[RawValue] {
        self.fields.get(field).map_or(&[], Vec::as_slice)
    }

    /// The first string given for `field`, for re-showing a form.
    pub fn first_text(&self, field: &str) -> Option<&str> {
        self.get(field).iter().find_map(|v| match v {
            RawValue::Text(s) | RawValue::Other(s) => Some(s.as_str()),
            _ => None,
        })
    }

    /// Whether `value` was given for `field`, as a string.
    pub fn has_text(&self, field: &str, value: &str) -> bool {
        self.get(field)
            .iter()
            .any(|v| matches!(v, RawValue::Text(s) if s == value))
    }

    /// Drops fields `keep` rejects: a form from an older version may name a question that is
    /// gone, and the person could not fix that.
    pub fn retain(&mut self, keep: impl Fn(&str) -> bool) {
        self.fields.retain(|name, _| keep(name));
    }

    /// Names of fields not read yet.
    pub fn remaining(&self) -> impl Iterator<Item = &str> {
        self.fields.keys().map(String::as_str)
    }
}

fn json_value(value: serde_json::Value) -> RawValue {
    use serde_json::Value;
    match value {
        Value::String(s) => RawValue::Text(s),
        Value::Number(n) => n
            .as_f64()
            .map_or(RawValue::Wrong("number"), RawValue::Number),
        Value::Object(mut map) if map.len() == 1 => match map.remove("other") {
            Some(Value::String(s)) => RawValue::Other(s),
            _ => RawValue::Wrong("object"),
        },
        Value::Object(_) => RawValue::Wrong("object"),
        Value::Null => RawValue::Wrong("null"),
        Value::Bool(_) => RawValue::Wrong("boolean"),
        Value::Array(_) => RawValue::Wrong("array"),
    }
}
