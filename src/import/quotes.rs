//! CSV quoting, checked before the file is read.
//!
//! The csv reader forgives a quote that never closes by reading the rest of the file into one
//! cell, and keeps a stray quote as text: either way rows would be merged or misread without a
//! word. Here each is an error on the line where it happens.

/// A quote where none may be: the line it is on, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct QuoteProblem {
    pub line: usize,
    pub message: String,
}

/// Where the scanner is within a cell.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start of a cell, where a quote opens a quoted cell.
    Start,
    /// Inside a cell that did not start with a quote.
    Unquoted,
    /// Inside a quoted cell, opened on this line.
    Quoted(usize),
    /// Just after a quoted cell's closing quote: only `,` or the end of the line may follow.
    Closed,
}

/// Checks that every quote opens a cell, is doubled inside one, or closes one.
pub(super) fn check(input: &[u8]) -> Result<(), QuoteProblem> {
    let mut line = 1usize;
    let mut state = State::Start;
    let mut bytes = input.iter().peekable();
    while let Some(&b) = bytes.next() {
        state = match (state, b) {
            (State::Quoted(opened), b'"') => {
                if bytes.peek() == Some(&&b'"') {
                    bytes.next();
                    State::Quoted(opened)
                } else {
                    State::Closed
                }
            }
            (State::Quoted(opened), _) => State::Quoted(opened),
            (_, b',') => State::Start,
            (_, b'\n') => State::Start,
            (State::Closed, b'\r') => State::Closed,
            (State::Start, b'"') => State::Quoted(line),
            (State::Closed, _) => return Err(text_after_closing(line)),
            (_, b'"') => return Err(stray(line)),
            _ => State::Unquoted,
        };
        if b == b'\n' {
            line = line.saturating_add(1);
        }
    }
    match state {
        State::Quoted(opened) => Err(QuoteProblem {
            line: opened,
            message: "the quote (\") that opens a cell on this line is never closed, so every \
                      row after it would be read into that one cell; add the closing quote"
                .to_owned(),
        }),
        _ => Ok(()),
    }
}

fn stray(line: usize) -> QuoteProblem {
    QuoteProblem {
        line,
        message: "a quote (\") inside a cell that does not start with one; put the whole cell \
                  in quotes and write the quote twice (\"\"), or remove it"
            .to_owned(),
    }
}

fn text_after_closing(line: usize) -> QuoteProblem {
    QuoteProblem {
        line,
        message: "text after a cell's closing quote (\"); put the whole cell in quotes and \
                  write each quote inside it twice (\"\")"
            .to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(input: &str) -> Option<usize> {
        check(input.as_bytes()).err().map(|p| p.line)
    }

    #[test]
    fn well_quoted_files_pass() {
        assert_eq!(
            line("a,b\n\"x, y\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",c\n"),
            None
        );
        assert_eq!(line("a,\"\"\n,\n"), None);
    }

    #[test]
    fn an_unterminated_quote_is_reported_where_it_opened() {
        assert_eq!(line("a,b\nx,\"Too slow\ny,z\nw,v\n"), Some(2));
        assert!(
            check(b"a\n\"x")
                .unwrap_err()
                .message
                .contains("never closed")
        );
    }

    #[test]
    fn stray_quotes_are_reported_on_their_line() {
        assert_eq!(line("a,b\nx,y\nx,5 \"stars\"\n"), Some(3));
        assert_eq!(line("a,b\n\"x\"y,z\n"), Some(2));
        assert_eq!(line("a,b\n\"x\" ,z\n"), Some(2));
    }
}
