//! Word and phrase counts of untagged comments, kept up to date instead of recounted on every
//! view of the themes page. The database marks each response whose comments or tags change
//! (`phrase_queue`, written by triggers inside the transaction that makes the change); the
//! service later recounts just those responses against what it counted before
//! (`phrase_counted`) and adjusts `phrase_counts`. Tokenising stays in Rust, one rule for both
//! databases.

use crate::by_backend::run;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQLITE_UP: &[&str] = &[
    "CREATE TABLE phrase_queue (id INTEGER PRIMARY KEY, response_id BLOB NOT NULL)",
    "CREATE INDEX phrase_queue_response ON phrase_queue (response_id)",
    // No foreign key: a row must outlive the response it counted, so it can be subtracted.
    "CREATE TABLE phrase_counted (
        response_id BLOB NOT NULL,
        question TEXT NOT NULL,
        value TEXT NOT NULL,
        survey_id TEXT NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (response_id, question, value)
    )",
    "CREATE TABLE phrase_counts (
        survey_id TEXT NOT NULL,
        phrase TEXT NOT NULL,
        words INTEGER NOT NULL,
        comments INTEGER NOT NULL,
        PRIMARY KEY (survey_id, phrase)
    )",
    "CREATE INDEX phrase_counts_ranked ON phrase_counts (survey_id, comments DESC, words DESC, phrase)",
    "CREATE TRIGGER answers_phrases_insert AFTER INSERT ON answers WHEN new.text IS NOT NULL BEGIN
        INSERT INTO phrase_queue (response_id) VALUES (new.response_id);
    END",
    "CREATE TRIGGER answers_phrases_delete AFTER DELETE ON answers WHEN old.text IS NOT NULL BEGIN
        INSERT INTO phrase_queue (response_id) VALUES (old.response_id);
    END",
    "CREATE TRIGGER answers_phrases_update AFTER UPDATE OF text ON answers BEGIN
        INSERT INTO phrase_queue (response_id) VALUES (new.response_id);
    END",
    "CREATE TRIGGER answer_themes_phrases_insert AFTER INSERT ON answer_themes BEGIN
        INSERT INTO phrase_queue (response_id) VALUES (new.response_id);
    END",
    "CREATE TRIGGER answer_themes_phrases_delete AFTER DELETE ON answer_themes BEGIN
        INSERT INTO phrase_queue (response_id) VALUES (old.response_id);
    END",
    // Comments stored before this migration are counted like new ones.
    "INSERT INTO phrase_queue (response_id) SELECT DISTINCT response_id FROM answers WHERE text IS NOT NULL",
];

const SQLITE_DOWN: &[&str] = &[
    "DROP TRIGGER answer_themes_phrases_delete",
    "DROP TRIGGER answer_themes_phrases_insert",
    "DROP TRIGGER answers_phrases_update",
    "DROP TRIGGER answers_phrases_delete",
    "DROP TRIGGER answers_phrases_insert",
    "DROP TABLE phrase_counts",
    "DROP TABLE phrase_counted",
    "DROP TABLE phrase_queue",
];

// Statement-level triggers with transition tables on PostgreSQL: a bulk insert of a million
// answers queues each response once per statement rather than running a function per row.
// (A trigger limited to `UPDATE OF text` may not have transition tables, so that one is per
// row.) Phrases sort byte by byte (`COLLATE "C"`), as the service orders them.
const POSTGRES_UP: &[&str] = &[
    "CREATE TABLE phrase_queue (id BIGSERIAL PRIMARY KEY, response_id uuid NOT NULL)",
    "CREATE INDEX phrase_queue_response ON phrase_queue (response_id)",
    "CREATE TABLE phrase_counted (
        response_id uuid NOT NULL,
        question TEXT NOT NULL,
        value TEXT NOT NULL,
        survey_id TEXT NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (response_id, question, value)
    )",
    r#"CREATE TABLE phrase_counts (
        survey_id TEXT NOT NULL,
        phrase TEXT COLLATE "C" NOT NULL,
        words INTEGER NOT NULL,
        comments BIGINT NOT NULL,
        PRIMARY KEY (survey_id, phrase)
    )"#,
    "CREATE INDEX phrase_counts_ranked ON phrase_counts (survey_id, comments DESC, words DESC, phrase)",
    // One function per table: plpgsql plans a statement only when it first runs it, so the
    // branch naming the transition table this trigger lacks is never planned.
    "CREATE FUNCTION phrase_queue_answers() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            INSERT INTO phrase_queue (response_id)
                SELECT DISTINCT response_id FROM new_rows WHERE text IS NOT NULL;
        ELSE
            INSERT INTO phrase_queue (response_id)
                SELECT DISTINCT response_id FROM old_rows WHERE text IS NOT NULL;
        END IF;
        RETURN NULL;
    END $$",
    "CREATE FUNCTION phrase_queue_tags() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            INSERT INTO phrase_queue (response_id) SELECT DISTINCT response_id FROM new_rows;
        ELSE
            INSERT INTO phrase_queue (response_id) SELECT DISTINCT response_id FROM old_rows;
        END IF;
        RETURN NULL;
    END $$",
    "CREATE FUNCTION phrase_queue_row() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO phrase_queue (response_id) VALUES (NEW.response_id);
        RETURN NULL;
    END $$",
    "CREATE TRIGGER answers_phrases_insert AFTER INSERT ON answers
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION phrase_queue_answers()",
    "CREATE TRIGGER answers_phrases_delete AFTER DELETE ON answers
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION phrase_queue_answers()",
    "CREATE TRIGGER answers_phrases_update AFTER UPDATE OF text ON answers
        FOR EACH ROW EXECUTE FUNCTION phrase_queue_row()",
    "CREATE TRIGGER answer_themes_phrases_insert AFTER INSERT ON answer_themes
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION phrase_queue_tags()",
    "CREATE TRIGGER answer_themes_phrases_delete AFTER DELETE ON answer_themes
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION phrase_queue_tags()",
    "INSERT INTO phrase_queue (response_id) SELECT DISTINCT response_id FROM answers WHERE text IS NOT NULL",
];

const POSTGRES_DOWN: &[&str] = &[
    "DROP TRIGGER answer_themes_phrases_delete ON answer_themes",
    "DROP TRIGGER answer_themes_phrases_insert ON answer_themes",
    "DROP TRIGGER answers_phrases_update ON answers",
    "DROP TRIGGER answers_phrases_delete ON answers",
    "DROP TRIGGER answers_phrases_insert ON answers",
    "DROP FUNCTION phrase_queue_row",
    "DROP FUNCTION phrase_queue_tags",
    "DROP FUNCTION phrase_queue_answers",
    "DROP TABLE phrase_counts",
    "DROP TABLE phrase_counted",
    "DROP TABLE phrase_queue",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, "phrase counts", SQLITE_UP, POSTGRES_UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, "phrase counts", SQLITE_DOWN, POSTGRES_DOWN).await
    }
}
