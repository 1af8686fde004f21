//! The organisation's engagement as a whole: how well each team closes the loop (measures
//! computed from its surveys' facts), for the workspace and the public engagement statement.

pub mod facts;
pub mod measures;

pub use facts::Facts;
pub use measures::{ActionCounts, Measures, Share, measure};
