//! Survey definitions: YAML files in `survey-definitions/`, parsed into checked `Survey`s.
//!
//! Pure parsing and checking: this module touches no database and no network, so
//! `yousaid check` runs anywhere a producer's CI does.

mod catalog;
mod checker;
mod diagnostic;
mod files;
mod indentation;
mod limits;
mod lines;
mod options;
mod parse;
mod publisher;
mod questions;
mod raw;
mod recover;
mod scalars;
mod show_if;
mod stale;
mod suggest;
mod survey;
mod version;
mod yaml_error;

pub use catalog::{Catalog, LoadReport, LoadedSurvey, SharedCatalog};
pub use diagnostic::{Diagnostic, Severity};
pub use files::{CheckedFile, FilesError, check_paths, check_source};
pub use parse::{MAX_SUGGESTED_QUESTIONS, Parsed, parse};
pub use publisher::{
    ORGANISATION_FILE, ParsedProfile, Profile, Publisher, TEAMS_DIR, parse_profile,
};
pub use scalars::is_slug;
pub use stale::{Answered, Earlier, compare, read_earlier};
pub use suggest::nearest;
pub use survey::{
    Choice, Condition, Every, Kind, Language, Length, MAX_NUMBER, MAX_SCALE_BOUND,
    MAX_SCALE_POINTS, OTHER, PeriodUnit, Publish, Question, Retention, Status, Survey, Test, Text,
    rating_points,
};
pub use version::Version;
