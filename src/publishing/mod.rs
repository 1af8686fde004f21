//! "You said, we did" publications: period facts counted in SQL, disclosure control, quote
//! redaction, the summary model, drafts with sign-off, every published format, the scheduler
//! that drafts when a period ends, subscriptions, and the emails all of these send.

pub mod aggregate;
pub mod disclosure;
pub mod drafts;
pub mod export;
pub mod notices;
pub mod pages;
pub mod periods;
pub mod published;
pub mod render;
pub mod revisions;
pub mod scheduler;
pub mod site;
pub mod state;
pub mod subscribers;
pub mod summary;
pub mod wording;
