//! "You said, we did" publications: period facts counted in SQL, disclosure control, quote
//! redaction, the summary model, and drafts with sign-off. Still to come (issue 5): the page,
//! Markdown, CSV, feeds, static export, the scheduler, subscribers and mail.

pub mod aggregate;
pub mod disclosure;
pub mod drafts;
pub mod redact;
pub mod summary;
