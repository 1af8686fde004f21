//! "You said, we did" publications. Built so far: the period facts counted in SQL, disclosure
//! control of published counts, and redaction of quotes. Drafts, sign-off, formats, feeds and
//! mail are still to come (issue 5).

pub mod aggregate;
pub mod disclosure;
pub mod redact;
