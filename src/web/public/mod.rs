//! Pages members of the public see.

pub mod engagement;
mod form_view;
pub mod involvement;
pub mod privacy;
pub mod published;
pub mod signed_up;
pub mod subscriptions;
pub mod survey;
pub mod widget;

pub use survey::insert_retry_after;
