//! Forms as they are typed: each change is kept on the device at once, so an app killed
//! mid-entry (battery, phone call, crash) reopens the form as it was.
//!
//! Invariant: drafts are local only; they never enter the outbox — the record is
//! written (with its outbox entry) only when the user saves it, and its draft is then
//! dropped in the same transaction's wake.

use rusqlite::{OptionalExtension, params};

use super::{LocalStore, MAX_RECORD_BYTES, StoreError, now};

impl LocalStore {
    /// Keeps the form `key` as `body` (JSON), replacing the previous draft.
    pub fn save_form_draft(&self, key: &str, body: &serde_json::Value) -> Result<(), StoreError> {
        let text = serde_json::to_string(body)?;
        if text.len() > MAX_RECORD_BYTES {
            return Err(StoreError::TooLarge("the form"));
        }
        self.write(|tx| {
            tx.execute(
                "INSERT INTO form_drafts (key, body, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (key) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
                params![key, text, now()],
            )?;
            Ok(())
        })
    }

    /// The draft of form `key`, if one is kept.
    pub fn form_draft(&self, key: &str) -> Result<Option<serde_json::Value>, StoreError> {
        let text: Option<String> = self
            .conn()
            .query_row("SELECT body FROM form_drafts WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
    }

    /// Drops the draft of form `key` (after the record was saved).
    pub fn clear_form_draft(&self, key: &str) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute("DELETE FROM form_drafts WHERE key = ?1", [key])?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_survive_a_reopen_and_are_dropped_on_save() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStore::open(dir.path()).unwrap();
        let draft = serde_json::json!({ "reference": "KE-CUS-2026-01", "place": "Малаба" });
        store.save_form_draft("case:new", &draft).unwrap();
        store.save_form_draft("case:new", &draft).unwrap();
        // Killed without closing: reopen and the form is there.
        std::mem::forget(store);
        let store = LocalStore::open(dir.path()).unwrap();
        assert_eq!(store.form_draft("case:new").unwrap(), Some(draft));
        assert_eq!(
            store.sync_status().unwrap().records_waiting,
            0,
            "drafts are never sent"
        );
        store.clear_form_draft("case:new").unwrap();
        assert_eq!(store.form_draft("case:new").unwrap(), None);
    }
}
