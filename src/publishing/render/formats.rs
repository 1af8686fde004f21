//! The one list of data formats a published period is offered in beside its page: the web
//! handler and the static export both serve exactly these, named and typed the same way.

use crate::publishing::published::Published;

/// A data format of a published period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Json,
    Csv,
}

/// Why a format could not be rendered.
#[derive(Debug, thiserror::Error)]
#[error("the {format} could not be rendered: {detail}")]
pub struct RenderError {
    format: &'static str,
    detail: String,
}

impl Format {
    /// Every data format, in the order pages list them.
    pub const ALL: [Format; 3] = [Format::Csv, Format::Json, Format::Markdown];

    /// The file extension, after the period: `2026-Q3.csv`.
    pub fn ext(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Json => "json",
            Format::Csv => "csv",
        }
    }

    /// The format a file extension names.
    pub fn from_ext(ext: &str) -> Option<Format> {
        Self::ALL.into_iter().find(|f| f.ext() == ext)
    }

    /// The `Content-Type` it is served with.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Markdown => "text/markdown; charset=utf-8",
            Format::Json => "application/json",
            Format::Csv => "text/csv; charset=utf-8",
        }
    }

    /// `p` in this format; `page_url` is the period's page, which Markdown links to.
    pub fn render(self, p: &Published, page_url: &str) -> Result<Vec<u8>, RenderError> {
        let fail = |format: &'static str| {
            move |e: &dyn std::fmt::Display| RenderError {
                format,
                detail: e.to_string(),
            }
        };
        match self {
            Format::Markdown => super::markdown::render(p, page_url)
                .map(String::into_bytes)
                .map_err(|e| fail("Markdown")(&e)),
            Format::Json => {
                serde_json::to_vec(&super::json::document(p)).map_err(|e| fail("JSON")(&e))
            }
            Format::Csv => super::csv::render(&p.summary, p.revision).map_err(|e| fail("CSV")(&e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_is_found_by_its_extension() {
        for f in Format::ALL {
            assert_eq!(Format::from_ext(f.ext()), Some(f));
        }
        assert_eq!(Format::from_ext("html"), None);
    }
}
