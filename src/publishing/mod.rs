//! "You said, we did" publications. Built so far: the period facts counted in SQL, disclosure
//! control, quote redaction, and the summary model every format will render from. Drafts,
//! sign-off, the formats themselves, feeds and mail are still to come (issue 5).

pub mod aggregate;
pub mod disclosure;
pub mod drafts;
pub mod redact;
pub mod summary;
