//! Reads CSV exports of general-purpose form tools (Google Forms, Microsoft Forms) into
//! timestamped rows of cells keyed by column header, before any survey is involved.

use super::quotes;
use super::timestamp::parse_in_range;
pub use super::timestamp::parse_timestamp;
use chrono::{DateTime, Utc};

/// One data row: when it was submitted, and each cell under its column header.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetRow {
    /// 1-based line number in the file (header is line 1), for error messages.
    pub line: usize,
    pub submitted_at: DateTime<Utc>,
    /// (header, cell) for every column except the timestamp column, in file order; cells trimmed.
    pub cells: Vec<(String, String)>,
}

/// A row that could not be read, with the reason in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub line: usize,
    pub message: String,
}

/// Everything read from a sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// Every column header, the timestamp's included, in file order, trimmed and made unique.
    pub headers: Vec<String>,
    pub rows: Vec<SheetRow>,
    pub problems: Vec<RowProblem>,
}

/// Why the file as a whole could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error("the file is empty")]
    Empty,
    #[error("there is no `Timestamp` column; the first row must hold the column headers")]
    NoTimestamp,
    #[error("line {line}: {message}")]
    Csv { line: usize, message: String },
}

/// Headers that hold the submission time, most wanted first: Microsoft Forms has both
/// `Start time` and `Completion time`, and a response counts from when it was completed.
const TIMESTAMP_HEADERS: [&str; 4] = ["timestamp", "submitted at", "completion time", "start time"];

/// Reads a CSV export: a header row, a `Timestamp` column (any case; also accepts `Submitted at`, `Completion time`, `Start time`), then one column per question.
pub fn read(input: &[u8]) -> Result<Sheet, SheetError> {
    read_at(input, Utc::now())
}

/// Reads a CSV export as [`read`] does, refusing timestamps after `now`.
pub fn read_at(input: &[u8], now: DateTime<Utc>) -> Result<Sheet, SheetError> {
    // Excel's "CSV UTF-8" starts with a byte order mark, which would stick to the first header.
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    quotes::check(input).map_err(|p| SheetError::Csv {
        line: p.line,
        message: p.message,
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let mut records = reader.byte_records();
    let Some((_, raw_headers)) = next_record(input, &mut records)? else {
        return Err(SheetError::Empty);
    };
    let headers = unique_headers(&raw_headers);
    let stamp_column = TIMESTAMP_HEADERS
        .iter()
        .find_map(|name| headers.iter().position(|h| h.eq_ignore_ascii_case(name)))
        .ok_or(SheetError::NoTimestamp)?;
    let (mut rows, mut problems) = (Vec::new(), Vec::new());
    while let Some((line, cells)) = next_record(input, &mut records)? {
        match read_row(line, &headers, stamp_column, cells, now) {
            Ok(row) => rows.push(row),
            Err(message) => problems.push(RowProblem { line, message }),
        }
    }
    Ok(Sheet {
        headers,
        rows,
        problems,
    })
}

/// The next record that has something in it, with its line number and trimmed cells.
fn next_record(
    input: &[u8],
    records: &mut csv::ByteRecordsIter<'_, &[u8]>,
) -> Result<Option<(usize, Vec<String>)>, SheetError> {
    // csv reports where it started looking, which is before any blank lines it then skipped.
    let line_of = |pos: Option<&csv::Position>| {
        pos.map_or(0, |pos| {
            let start = usize::try_from(pos.byte()).unwrap_or(usize::MAX);
            let blank = input.get(start..).unwrap_or_default().iter();
            let skipped = blank
                .take_while(|b| matches!(b, b'\n' | b'\r'))
                .filter(|&&b| b == b'\n');
            (pos.line() as usize).saturating_add(skipped.count())
        })
    };
    for record in records.by_ref() {
        let record = record.map_err(|e| SheetError::Csv {
            line: line_of(e.position()),
            message: e.to_string(),
        })?;
        let line = line_of(record.position());
        let cells = record
            .iter()
            .map(|cell| std::str::from_utf8(cell).map(|text| text.trim().to_owned()))
            .collect::<Result<Vec<_>, _>>()
            // Guessing another encoding could silently garble `£` and accented names.
            .map_err(|_| SheetError::Csv {
                line,
                message:
                    "this line is not UTF-8 text; save the file as \"CSV UTF-8\" and try again"
                        .to_owned(),
            })?;
        // Spreadsheets export rows they once formatted as `,,,`: those are blank lines too.
        if cells.iter().any(|cell| !cell.is_empty()) {
            return Ok(Some((line, cells)));
        }
    }
    Ok(None)
}

/// Trims headers, names blank ones by position and numbers repeats: `Q`, `Q (2)`, `Q (3)`.
fn unique_headers(raw: &[String]) -> Vec<String> {
    let mut headers: Vec<String> = Vec::with_capacity(raw.len());
    for (i, name) in raw.iter().enumerate() {
        let name = if name.is_empty() {
            format!("Column {}", i.saturating_add(1))
        } else {
            name.clone()
        };
        let mut unique = name.clone();
        let after = raw.get(i.saturating_add(1)..).unwrap_or_default();
        // Skip names a later header already has, so that header keeps its own name.
        for n in 2.. {
            let later = unique != name && after.contains(&unique);
            if !headers.contains(&unique) && !later {
                break;
            }
            unique = format!("{name} ({n})");
        }
        headers.push(unique);
    }
    headers
}

/// One data row, or why it cannot be used.
fn read_row(
    line: usize,
    headers: &[String],
    stamp_column: usize,
    mut cells: Vec<String>,
    now: DateTime<Utc>,
) -> Result<SheetRow, String> {
    // Trailing empty cells are padding some tools add; only cells with something in them are lost.
    let used = cells
        .iter()
        .rposition(|cell| !cell.is_empty())
        .map_or(0, |i| i.saturating_add(1));
    if used > headers.len() {
        return Err(format!(
            "this row has {used} cells but there are only {} column headers",
            headers.len()
        ));
    }
    cells.resize(headers.len(), String::new());
    if let Some(i) = cells
        .iter()
        .position(|cell| !crate::storable::is_storable(cell))
    {
        let header = headers
            .get(i)
            .map_or("", String::as_str)
            .replace('\0', "%00");
        return Err(format!(
            "column {} (`{header}`) holds a NUL character (%00), which cannot be stored; remove it",
            i.saturating_add(1)
        ));
    }
    let stamp = cells.get(stamp_column).map_or("", String::as_str);
    if stamp.is_empty() {
        let header = headers
            .get(stamp_column)
            .map_or("Timestamp", String::as_str);
        return Err(format!("the `{header}` cell is empty"));
    }
    let submitted_at = parse_in_range(stamp, now).map_err(|why| why.message(stamp))?;
    let cells = headers
        .iter()
        .zip(cells)
        .enumerate()
        .filter(|(i, _)| *i != stamp_column)
        .map(|(_, (header, cell))| (header.clone(), cell))
        .collect();
    Ok(SheetRow {
        line,
        submitted_at,
        cells,
    })
}

/// Splits a cell holding several choices, as form tools write them (`A, B, C`), keeping commas that are part of a known option label together.
pub fn split_choices(cell: &str, known_labels: &[&str]) -> Vec<String> {
    let mut choices = Vec::new();
    let mut rest = cell.trim();
    while !rest.is_empty() {
        // The longest known label wins, so "Prices, expenditure and income" beats "Prices".
        let label = known_labels
            .iter()
            .map(|label| label.trim())
            .filter(|label| {
                !label.is_empty()
                    && rest
                        .strip_prefix(label)
                        .is_some_and(|after| after.is_empty() || after.starts_with(", "))
            })
            .max_by_key(|label| label.len());
        let end = label.map_or_else(|| rest.find(", ").unwrap_or(rest.len()), str::len);
        let choice = rest[..end].trim();
        if !choice.is_empty() {
            choices.push(choice.to_owned());
        }
        rest = rest[end..]
            .strip_prefix(',')
            .unwrap_or_default()
            .trim_start();
    }
    choices
}

#[cfg(test)]
mod tests {
    use super::super::timestamp::Unreadable;
    use super::*;

    fn lines(sheet: &Sheet) -> Vec<usize> {
        sheet.rows.iter().map(|row| row.line).collect()
    }

    #[test]
    fn a_sheet_is_read_into_rows_of_trimmed_cells_by_header() {
        let csv =
            "Timestamp,How did you find us?,Comments\n01/04/2026 09:00, Search ,\"Good, thanks\"\n";
        let sheet = read(csv.as_bytes()).unwrap();
        assert_eq!(
            sheet.headers,
            ["Timestamp", "How did you find us?", "Comments"]
        );
        assert_eq!(sheet.problems, []);
        let cells = vec![
            ("How did you find us?".to_owned(), "Search".to_owned()),
            ("Comments".to_owned(), "Good, thanks".to_owned()),
        ];
        let submitted_at = parse_timestamp("2026-04-01T08:00:00Z").unwrap();
        assert_eq!(
            sheet.rows,
            [SheetRow {
                line: 2,
                submitted_at,
                cells
            }]
        );
    }

    #[test]
    fn a_byte_order_mark_and_blank_lines_are_skipped_and_lines_still_counted() {
        let csv =
            "\u{feff}timestamp,Q\n\n2026-04-01T09:00Z,\"two\nlines\"\n,\n2026-04-02T09:00Z,b\n";
        let sheet = read(csv.as_bytes()).unwrap();
        assert_eq!(sheet.headers, ["timestamp", "Q"]);
        assert_eq!(lines(&sheet), [3, 6]);
        assert_eq!(
            sheet.rows[0].cells,
            [("Q".to_owned(), "two\nlines".to_owned())]
        );
        let crlf =
            read(b"Timestamp,Q\r\n\r\n2026-04-01 09:00,\"a\r\nb\"\r\n2026-04-01 09:00,c\r\n");
        assert_eq!(lines(&crlf.unwrap()), [3, 5]);
    }

    #[test]
    fn microsoft_forms_completion_time_is_preferred_to_start_time() {
        let csv =
            "ID,Start time,Completion time,Email\n1,2026-04-01 08:55,2026-04-01 09:00,anonymous\n";
        let row = &read(csv.as_bytes()).unwrap().rows[0];
        assert_eq!(
            row.submitted_at,
            parse_timestamp("2026-04-01T08:00:00Z").unwrap()
        );
        let headers: Vec<&str> = row.cells.iter().map(|(h, _)| h.as_str()).collect();
        assert_eq!(headers, ["ID", "Start time", "Email"]);
    }

    #[test]
    fn duplicate_and_blank_headers_are_made_unique() {
        let sheet = read(b"Submitted at,Q,Q,Q (2),Q,\n").unwrap();
        let expected = ["Submitted at", "Q", "Q (3)", "Q (2)", "Q (4)", "Column 6"];
        assert_eq!(sheet.headers, expected);
    }

    #[test]
    fn unreadable_rows_are_listed_as_problems_and_left_out() {
        let csv = "Timestamp,Q1,Q2\n31/02/2026 10:00,a,b\n,a,b\n01/04/2026 10:00,a,b,c\n\
                   01/04/2026 10:00,a,b,,\n01/04/2026 11:00,a\n4/1/26 9:00:00,a,b\n";
        let sheet = read(csv.as_bytes()).unwrap();
        let problem = |line, message: &str| RowProblem {
            line,
            message: message.to_owned(),
        };
        let unreadable = "is not a date and time we can read";
        assert_eq!(
            sheet.problems,
            [
                problem(
                    2,
                    &format!("`31/02/2026 10:00` {unreadable}: there is no such date")
                ),
                problem(3, "the `Timestamp` cell is empty"),
                problem(
                    4,
                    "this row has 4 cells but there are only 3 column headers"
                ),
                problem(7, &Unreadable::TwoDigitYear.message("4/1/26 9:00:00")),
            ]
        );
        assert!(
            sheet.problems[3]
                .message
                .starts_with("`4/1/26 9:00:00` is not")
        );
        assert_eq!(lines(&sheet), [5, 6]);
        assert_eq!(sheet.rows[1].cells[1], ("Q2".to_owned(), String::new()));
    }

    #[test]
    fn a_file_without_rows_or_a_timestamp_column_is_refused() {
        assert!(matches!(read(b""), Err(SheetError::Empty)));
        assert!(matches!(
            read(b"\xEF\xBB\xBF\n\n , \n"),
            Err(SheetError::Empty)
        ));
        assert!(matches!(
            read(b"Name,Q1\nA,b\n"),
            Err(SheetError::NoTimestamp)
        ));
        let latin1 = read(b"Timestamp,Q\n2026-04-01 09:00,\xA3\n").unwrap_err();
        assert!(
            matches!(latin1, SheetError::Csv { line: 2, .. }),
            "{latin1}"
        );
    }

    #[test]
    fn choices_are_split_at_commas_followed_by_a_space() {
        assert_eq!(
            split_choices(" Email,  Website , ,Other ", &[]),
            ["Email", "Website", ",Other"]
        );
        assert_eq!(split_choices("", &["A"]), Vec::<String>::new());
    }

    #[test]
    fn commas_inside_known_labels_are_kept() {
        let labels = [
            "Prices",
            "Prices, expenditure and income",
            "Trade, industry",
        ];
        let cell = "Prices, expenditure and income, Health, Trade, industry";
        let expected = [
            "Prices, expenditure and income",
            "Health",
            "Trade, industry",
        ];
        assert_eq!(split_choices(cell, &labels), expected);
        assert_eq!(
            split_choices("Prices, Health", &labels),
            ["Prices", "Health"]
        );
        // A label counts only where a choice ends, not as the start of a longer word.
        assert_eq!(
            split_choices("Trade, industryish", &labels),
            ["Trade", "industryish"]
        );
    }
}
