//! The organisation's engagement as a whole: how well each team closes the loop (measures
//! computed from its surveys' facts), for the workspace and the public engagement statement.

pub mod aims;
pub mod ask;
pub mod export;
pub mod facts;
pub mod figures;
pub mod links;
pub mod measures;
pub mod pages;
pub mod report;
pub mod statement;
pub mod uses;

pub use facts::Facts;
pub use measures::{ActionCounts, Measures, Share, measure};
pub use report::{Report, Scope, report};
