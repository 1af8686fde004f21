//! Every format of a published summary, rendered from the one `Summary` model: the HTML page
//! (with SVG charts), Markdown, CSV open data, JSON, Atom feeds, and the emails.

pub mod atom;
pub mod chart;
pub mod csv;
pub mod email;
pub mod formats;
pub mod html;
pub mod json;
pub mod markdown;
