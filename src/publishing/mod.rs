//! "You said, we did" publications. So far: disclosure control of published counts and
//! redaction of quotes; drafts, formats, feeds and mail are still to come (issue 5).

pub mod aggregate;
pub mod disclosure;
pub mod redact;
