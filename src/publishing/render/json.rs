//! The published JSON: a versioned envelope around the summary (schema in docs/publishing.md).

use crate::publishing::published::Published;
use crate::publishing::summary::SCHEMA;
use serde_json::{Value, json};

/// The document served at `/published/{survey}/{period}.json`.
pub fn document(p: &Published) -> Value {
    json!({
        "schema": SCHEMA,
        "revision": p.revision,
        "published_at": p.published_at,
        "change_note": p.change_note,
        "revisions": p.revisions.iter().map(|(n, at, note)| json!({
            "revision": n, "published_at": at, "change_note": note,
        })).collect::<Vec<_>>(),
        "summary": p.summary,
    })
}
