//! Survey definitions: YAML files in `survey-definitions/`, parsed into checked `Survey`s,
//! and the organisation's and teams' files beside them.
//!
//! Pure parsing and checking: this module touches no database and no network, so
//! `yousaid check` runs anywhere a producer's CI does.

mod aims;
mod catalog;
mod checker;
mod diagnostic;
mod files;
mod indentation;
mod limits;
mod lines;
mod opportunities;
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
mod team;
mod team_surveys;
mod version;
mod widget;
mod yaml_error;

pub use aims::{Aim, Measure, Target, Unit};
pub use catalog::{Catalog, LoadReport, LoadedSurvey, SharedCatalog};
pub use diagnostic::{Diagnostic, Severity};
pub use files::{CheckedFile, Described, FilesError, check_paths, check_source};
pub use opportunities::{Opportunity, OpportunityKind};
pub use parse::{MAX_SUGGESTED_QUESTIONS, Parsed, parse};
pub use publisher::{
    Link, ORGANISATION_FILE, Organisation, ParsedFile, PrivacyFacts, Profile, Publisher, TEAMS_DIR,
    parse_organisation, parse_team,
};
pub use scalars::is_slug;
pub use stale::{Answered, Earlier, compare, read_earlier};
pub use suggest::nearest;
pub use survey::{
    Choice, Condition, Every, Kind, Language, Length, MAX_NUMBER, MAX_SCALE_BOUND,
    MAX_SCALE_POINTS, OTHER, PeriodUnit, Publish, Question, Retention, Status, Survey, Test, Text,
    Widget, rating_points,
};
pub use team::{DEFAULT_GROUP_MIN_COUNT, Engagement, HowOften, Team, UserGroup, Uses};
pub use version::Version;
