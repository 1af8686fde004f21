//! Counting comments and coded comments per period without visiting every response.
//!
//! - Each tag carries its response's time and status (`answer_themes.submitted_at`,
//!   `.status`), copied by triggers when the tag is made and whenever the status changes, so
//!   a theme's comments in a period are one range of the index `(theme_id, submitted_at)`.
//! - Responses are indexed by survey, status and time, so this quarter's counted responses
//!   so far (the overview) and the list of spam are ranges of one index.
//! - Answers are indexed by survey, question, value *and response*, so the responses that
//!   answered a question are counted from the index alone.
//! - Daily rollups count free-text answers too (`rollup_answers.texts`, and rows for free-text
//!   questions, whose value is empty). Rollups made before lack them, so they are dropped here
//!   and made again on the next draft or scheduler tick.

use crate::by_backend::run;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQLITE_UP: &[&str] = &[
    "CREATE INDEX answers_survey_question_value_response ON answers (survey_id, question, value, response_id)",
    "DROP INDEX answers_survey_question_value",
    "CREATE INDEX responses_survey_status_submitted ON responses (survey_id, status, submitted_at)",
    "ALTER TABLE answer_themes ADD COLUMN submitted_at timestamp_with_timezone_text NULL",
    "ALTER TABLE answer_themes ADD COLUMN status varchar NULL",
    "UPDATE answer_themes SET
        submitted_at = (SELECT submitted_at FROM responses WHERE id = answer_themes.response_id),
        status = (SELECT status FROM responses WHERE id = answer_themes.response_id)",
    "CREATE INDEX answer_themes_theme_time ON answer_themes (theme_id, submitted_at)",
    // SQLite cannot change NEW in a BEFORE trigger, so the new row is updated after.
    "CREATE TRIGGER answer_themes_copy_response AFTER INSERT ON answer_themes BEGIN
        UPDATE answer_themes SET
            submitted_at = (SELECT submitted_at FROM responses WHERE id = new.response_id),
            status = (SELECT status FROM responses WHERE id = new.response_id)
        WHERE response_id = new.response_id AND question = new.question
            AND theme_id = new.theme_id;
    END",
    "CREATE TRIGGER responses_status_to_tags AFTER UPDATE OF status ON responses BEGIN
        UPDATE answer_themes SET status = new.status WHERE response_id = new.id;
    END",
    "ALTER TABLE rollup_answers ADD COLUMN texts INTEGER NOT NULL DEFAULT 0",
    "DELETE FROM rollup_answers",
    "DELETE FROM rollup_responses",
    "DELETE FROM rollup_days",
];

const SQLITE_DOWN: &[&str] = &[
    "CREATE INDEX answers_survey_question_value ON answers (survey_id, question, value)",
    "DROP INDEX answers_survey_question_value_response",
    "DROP INDEX responses_survey_status_submitted",
    "DELETE FROM rollup_answers",
    "DELETE FROM rollup_responses",
    "DELETE FROM rollup_days",
    "ALTER TABLE rollup_answers DROP COLUMN texts",
    "DROP TRIGGER responses_status_to_tags",
    "DROP TRIGGER answer_themes_copy_response",
    "DROP INDEX answer_themes_theme_time",
    "ALTER TABLE answer_themes DROP COLUMN status",
    "ALTER TABLE answer_themes DROP COLUMN submitted_at",
];

const POSTGRES_UP: &[&str] = &[
    "CREATE INDEX answers_survey_question_value_response ON answers (survey_id, question, value, response_id)",
    "DROP INDEX answers_survey_question_value",
    "CREATE INDEX responses_survey_status_submitted ON responses (survey_id, status, submitted_at)",
    "ALTER TABLE answer_themes ADD COLUMN submitted_at timestamp with time zone NULL",
    "ALTER TABLE answer_themes ADD COLUMN status varchar NULL",
    "UPDATE answer_themes t SET submitted_at = r.submitted_at, status = r.status
        FROM responses r WHERE r.id = t.response_id",
    "CREATE INDEX answer_themes_theme_time ON answer_themes (theme_id, submitted_at)",
    "CREATE FUNCTION answer_themes_copy_response() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        SELECT submitted_at, status INTO NEW.submitted_at, NEW.status
            FROM responses WHERE id = NEW.response_id;
        RETURN NEW;
    END $$",
    "CREATE TRIGGER answer_themes_copy_response BEFORE INSERT ON answer_themes
        FOR EACH ROW EXECUTE FUNCTION answer_themes_copy_response()",
    "CREATE FUNCTION responses_status_to_tags() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE answer_themes SET status = NEW.status WHERE response_id = NEW.id;
        RETURN NULL;
    END $$",
    "CREATE TRIGGER responses_status_to_tags AFTER UPDATE OF status ON responses
        FOR EACH ROW EXECUTE FUNCTION responses_status_to_tags()",
    "ALTER TABLE rollup_answers ADD COLUMN texts BIGINT NOT NULL DEFAULT 0",
    "DELETE FROM rollup_answers",
    "DELETE FROM rollup_responses",
    "DELETE FROM rollup_days",
];

const POSTGRES_DOWN: &[&str] = &[
    "CREATE INDEX answers_survey_question_value ON answers (survey_id, question, value)",
    "DROP INDEX answers_survey_question_value_response",
    "DROP INDEX responses_survey_status_submitted",
    "DELETE FROM rollup_answers",
    "DELETE FROM rollup_responses",
    "DELETE FROM rollup_days",
    "ALTER TABLE rollup_answers DROP COLUMN texts",
    "DROP TRIGGER responses_status_to_tags ON responses",
    "DROP FUNCTION responses_status_to_tags",
    "DROP TRIGGER answer_themes_copy_response ON answer_themes",
    "DROP FUNCTION answer_themes_copy_response",
    "DROP INDEX answer_themes_theme_time",
    "ALTER TABLE answer_themes DROP COLUMN status",
    "ALTER TABLE answer_themes DROP COLUMN submitted_at",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, "comment counts", SQLITE_UP, POSTGRES_UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, "comment counts", SQLITE_DOWN, POSTGRES_DOWN).await
    }
}
