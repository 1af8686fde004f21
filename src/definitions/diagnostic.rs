//! Problems found in a definition, and how they are shown: compiler style for people,
//! JSON for producers' CI pipelines.

use super::raw::Pos;
use serde::Serialize;
use std::fmt::Write as _;

/// How bad a problem is: errors stop a definition from loading, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem at one place in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub line: u64,
    pub column: u64,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at `pos`.
    pub fn error(pos: Pos, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            line: pos.line,
            column: pos.column,
            message: message.into(),
            help: None,
        }
    }

    /// A warning at `pos`.
    pub fn warning(pos: Pos, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(pos, message)
        }
    }

    /// Adds a suggestion for the fix.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Whether this problem stops the definition from loading.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders as `path:line:col: error: message`, the source line with a caret, and help.
    pub fn render(&self, path: &str, source: &str) -> String {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = format!(
            "{path}:{}:{}: {severity}: {}\n",
            self.line, self.column, self.message
        );
        let line_text = usize::try_from(self.line)
            .ok()
            .and_then(|n| source.lines().nth(n.saturating_sub(1)));
        if let Some(text) = line_text {
            let number = self.line.to_string();
            let gutter = " ".repeat(number.len());
            // Columns count characters; tabs are kept so the caret lines up under them.
            let pad: String = text
                .chars()
                .take(usize::try_from(self.column.saturating_sub(1)).unwrap_or(0))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(out, "{gutter} |");
            let _ = writeln!(out, "{number} | {text}");
            let _ = writeln!(out, "{gutter} | {pad}^");
            if let Some(help) = &self.help {
                let _ = writeln!(out, "{gutter} = help: {help}");
            }
        } else if let Some(help) = &self.help {
            let _ = writeln!(out, "  = help: {help}");
        }
        out
    }
}

/// Sorts problems by position so a producer reads them top to bottom.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| (d.line, d.column));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_a_compiler_with_caret_under_the_column() {
        let d = Diagnostic::error(Pos { line: 2, column: 7 }, "unknown status `opne`")
            .help("did you mean `open`?");
        let out = d.render("s.yaml", "id: s\nstatus: opne\n");
        assert_eq!(
            out,
            "s.yaml:2:7: error: unknown status `opne`\n  |\n2 | status: opne\n  |       ^\n  = help: did you mean `open`?\n"
        );
    }
}
