//! Text as people type it and as spreadsheets read it: cleaning what comes in, guarding what
//! goes out. Below every module that takes or exports text, so none of them needs another.

/// Trims, drops control characters, and keeps line breaks only where a question allows them.
pub fn clean(text: &str, multiline: bool) -> String {
    let text = text.replace("\r\n", "\n");
    let kept: String = text
        .chars()
        .map(|c| if c == '\n' && !multiline { ' ' } else { c })
        .filter(|c| !c.is_control() || (*c == '\n' && multiline))
        .collect();
    kept.trim().to_owned()
}

/// Spreadsheet programs run cells that start like a formula; a leading quote stops that. A
/// plain number (`-5`, `-2.5`) is no formula and stays a number.
pub fn spreadsheet_safe(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(&cell) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// `-` and digits with at most one decimal point, as a number question or rating stores them.
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && !fraction.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// A number as people type it: thousands separators and stray spaces are allowed; infinities
/// and NaN are not numbers.
pub fn typed_number(text: &str) -> Option<f64> {
    let typed: String = text
        .chars()
        .filter(|c| *c != ',' && !c.is_whitespace())
        .collect();
    typed.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Items as English lists them: `a`, `a or b`, `a, b or c`.
pub fn or_list(items: &[String]) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}
