//! The summary as Markdown, for teams that paste it into their own publishing system.

use super::html::day;
use crate::publishing::disclosure::Cell;
use crate::publishing::published::Published;
use crate::publishing::summary::Summary;
use askama::Template;

/// Text safe inside Markdown: characters that would start formatting are escaped.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // A leading `-`, `+` or `1.` would start a list (inside a quote too).
    let numbered = text.split_once('.').is_some_and(|(n, rest)| {
        !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && rest.starts_with(' ')
    });
    if text.starts_with(['-', '+']) || numbered {
        out.push('\\');
    }
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        if c == '\n' || c == '\r' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// The Markdown escaper `askama.toml` registers for `.md` templates. It sees each value whole
/// (askama hands it one string per expression), which the leading-character rule relies on.
#[derive(Debug, Clone, Copy)]
pub struct Markdown;

impl askama::filters::Escaper for Markdown {
    fn write_escaped_str<W: std::fmt::Write>(&self, mut dest: W, string: &str) -> std::fmt::Result {
        dest.write_str(&md(string))
    }
}

/// The summary page in Markdown.
#[derive(Template)]
#[template(path = "published/period.md")]
struct PeriodMarkdown<'a> {
    s: &'a Summary,
    p: &'a Published,
    published: String,
    page_url: &'a str,
}

/// The whole summary.
pub fn render(p: &Published, page_url: &str) -> Result<String, askama::Error> {
    PeriodMarkdown {
        s: &p.summary,
        p,
        published: day(&p.published_at),
        page_url,
    }
    .render()
}

#[cfg(test)]
mod tests {
    use super::md;
    use askama::Template;

    #[derive(Template)]
    #[template(source = "- {{ text }} ({{ ours|safe }})", ext = "md")]
    struct Line<'a> {
        text: String,
        ours: &'a str,
    }

    #[test]
    fn text_cannot_start_formatting() {
        assert_eq!(md("- not a list"), "\\- not a list");
        assert_eq!(md("1. not a list"), "\\1. not a list");
        assert_eq!(md("~~struck~~ <b>"), "\\~\\~struck\\~\\~ \\<b\\>");
        assert_eq!(md("line\nbreak"), "line break");
        assert_eq!(md("3.5 stars"), "3.5 stars");
    }

    #[test]
    fn markdown_templates_escape_each_value_whole_unless_marked_safe() {
        let line = Line {
            text: "1. *first* and - second".to_owned(),
            ours: "*ours*",
        };
        assert_eq!(
            line.render().ok().as_deref(),
            Some("- \\1. \\*first\\* and - second (*ours*)")
        );
    }
}
