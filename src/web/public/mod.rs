//! Pages members of the public see.

mod form_view;
pub mod published;
pub mod subscriptions;
pub mod survey;

pub use survey::insert_retry_after;
