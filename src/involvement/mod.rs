//! Ways to get involved: a team's opportunities (user research, user groups, webinars,
//! consultations, a user panel) and the people who register for them. A registration takes a
//! place while there are places and joins the waiting list after; each is confirmed by email
//! with a link to cancel, and a cancelled place goes to the first on the waiting list. Contact
//! details are cleared on cancelling, when the opportunity's retention ends, and by
//! `yousaid forget`; the rows stay, so the counts do.

mod export;
mod form;
mod registrations;

pub use export::{csv, user_type_label};
pub use form::{Field, OTHER, Problem, RegistrationForm, Sign};
pub use registrations::{
    Cancelled, Counts, Place, Registered, cancel, counts, forget, list, purge_expired, register,
};
