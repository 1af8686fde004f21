//! Full-text search in free-text answers, kept in step with `answers` by the database itself
//! inside the transaction that writes them. SQLite: an FTS5 index (Porter stemming over
//! Unicode words, diacritics folded) fed by triggers, with a keys table mapping each indexed
//! row back to its answer, because `answers` has no integer key of its own that VACUUM keeps.
//! PostgreSQL: a generated `tsvector` column (English configuration) with a GIN index.

use crate::by_backend::run;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQLITE_UP: &[&str] = &[
    "CREATE VIRTUAL TABLE answer_search USING fts5(text, tokenize = 'porter unicode61 remove_diacritics 2')",
    "CREATE TABLE answer_search_keys (
        id INTEGER PRIMARY KEY,
        response_id BLOB NOT NULL,
        survey_id TEXT NOT NULL,
        question TEXT NOT NULL,
        value TEXT NOT NULL
    )",
    "CREATE UNIQUE INDEX answer_search_keys_answer ON answer_search_keys (response_id, question, value)",
    "CREATE INDEX answer_search_keys_survey ON answer_search_keys (survey_id, id)",
    // Inside a trigger, last_insert_rowid() is the row the trigger itself just inserted.
    "CREATE TRIGGER answers_search_insert AFTER INSERT ON answers WHEN new.text IS NOT NULL BEGIN
        INSERT INTO answer_search_keys (response_id, survey_id, question, value)
            VALUES (new.response_id, new.survey_id, new.question, new.value);
        INSERT INTO answer_search (rowid, text) VALUES (last_insert_rowid(), new.text);
    END",
    "CREATE TRIGGER answers_search_delete AFTER DELETE ON answers WHEN old.text IS NOT NULL BEGIN
        DELETE FROM answer_search WHERE rowid IN (SELECT id FROM answer_search_keys
            WHERE response_id = old.response_id AND question = old.question AND value = old.value);
        DELETE FROM answer_search_keys
            WHERE response_id = old.response_id AND question = old.question AND value = old.value;
    END",
    "CREATE TRIGGER answers_search_update AFTER UPDATE OF text ON answers BEGIN
        DELETE FROM answer_search WHERE rowid IN (SELECT id FROM answer_search_keys
            WHERE response_id = old.response_id AND question = old.question AND value = old.value);
        DELETE FROM answer_search_keys
            WHERE response_id = old.response_id AND question = old.question AND value = old.value;
        INSERT INTO answer_search_keys (response_id, survey_id, question, value)
            SELECT new.response_id, new.survey_id, new.question, new.value WHERE new.text IS NOT NULL;
        INSERT INTO answer_search (rowid, text)
            SELECT last_insert_rowid(), new.text WHERE new.text IS NOT NULL;
    END",
    // Answers stored before this migration.
    "INSERT INTO answer_search_keys (response_id, survey_id, question, value)
        SELECT response_id, survey_id, question, value FROM answers WHERE text IS NOT NULL",
    "INSERT INTO answer_search (rowid, text)
        SELECT k.id, a.text FROM answer_search_keys k JOIN answers a
            ON a.response_id = k.response_id AND a.question = k.question AND a.value = k.value",
];

const SQLITE_DOWN: &[&str] = &[
    "DROP TRIGGER answers_search_update",
    "DROP TRIGGER answers_search_delete",
    "DROP TRIGGER answers_search_insert",
    "DROP TABLE answer_search_keys",
    "DROP TABLE answer_search",
];

const POSTGRES_UP: &[&str] = &[
    "ALTER TABLE answers ADD COLUMN search tsvector
        GENERATED ALWAYS AS (to_tsvector('english', coalesce(text, ''))) STORED",
    "CREATE INDEX answers_search ON answers USING GIN (search)",
];

const POSTGRES_DOWN: &[&str] = &[
    "DROP INDEX answers_search",
    "ALTER TABLE answers DROP COLUMN search",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, "search index", SQLITE_UP, POSTGRES_UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, "search index", SQLITE_DOWN, POSTGRES_DOWN).await
    }
}
