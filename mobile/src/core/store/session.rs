//! The signed-in session on this device: who is signed in to which server with which
//! token, and signing out.
//!
//! Invariant: signing out forgets the user's work on the device only once all of it is
//! on the server; while anything waits to be sent it refuses and changes nothing.

use rusqlite::params;
use serde_json::Value;

use super::{LocalStore, StoreError};

/// The signed-in user on this device.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    /// Base URL of the server, e.g. `https://tracemark.example.org`.
    pub server_url: String,
    /// Bearer token of this device.
    pub token: String,
    /// The device's id at the server.
    pub device_id: Option<String>,
    /// The user as the server described them at sign-in.
    pub user: Value,
}

impl LocalStore {
    /// Remembers the session after sign-in (the token stays in the app's private
    /// storage; a platform keystore would be better once the UI shell exists).
    pub fn save_session(&self, session: &Session) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "UPDATE sync_state SET server_url = ?1, token = ?2, device_id = ?3, user_json = ?4",
                params![
                    session.server_url,
                    session.token,
                    session.device_id,
                    serde_json::to_string(&session.user)?
                ],
            )?;
            Ok(())
        })
    }

    /// Signs the user out: once everything they recorded is on the server, forgets
    /// the session and their work on this device (records, assignments, decisions,
    /// forms being typed, photo copies), so the next user of the device sees none of
    /// it. Refuses, changing nothing, while changes or photos wait to be sent.
    pub fn sign_out(&self) -> Result<(), StoreError> {
        let photos: Vec<String> = self.write(|tx| {
            let records: i64 = tx.query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0))?;
            let photos: i64 = tx.query_row(
                "SELECT COUNT(*) FROM photos WHERE state = 'local'",
                [],
                |r| r.get(0),
            )?;
            if records > 0 || photos > 0 {
                return Err(StoreError::WorkWaiting {
                    records: usize::try_from(records).unwrap_or(usize::MAX),
                    photos: usize::try_from(photos).unwrap_or(usize::MAX),
                });
            }
            let shas = {
                let mut stmt = tx.prepare("SELECT sha256 FROM photos")?;
                let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
                rows.collect::<Result<Vec<_>, _>>()?
            };
            for table in ["records", "photos", "assignments", "reviews", "form_drafts"] {
                tx.execute(&format!("DELETE FROM {table}"), [])?;
            }
            tx.execute(
                "UPDATE sync_state SET cursor = NULL, last_sync_at = NULL, last_error = NULL,
                     token = NULL, device_id = NULL, user_json = NULL",
                [],
            )?;
            Ok(shas)
        })?;
        for sha in photos {
            if let Ok(sha) = sha.parse() {
                let _ = std::fs::remove_file(self.photo_path(&sha));
            }
        }
        Ok(())
    }

    /// The signed-in session, if any.
    pub fn session(&self) -> Result<Option<Session>, StoreError> {
        self.read(|c| {
            let row: (
                Option<String>,
                Option<String>,
                Option<String>,
                Option<String>,
            ) = c.query_row(
                "SELECT server_url, token, device_id, user_json FROM sync_state",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?;
            Ok(match row {
                (Some(server_url), Some(token), device_id, user) => Some(Session {
                    server_url,
                    token,
                    device_id,
                    user: user
                        .map(|u| serde_json::from_str(&u))
                        .transpose()?
                        .unwrap_or(Value::Null),
                }),
                _ => None,
            })
        })
    }
}
