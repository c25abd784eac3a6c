//! The results outbox: signed uploads waiting for the central system's ack.
//! A row stays until acknowledged, across restarts; the key makes the upload
//! idempotent on the central side.

use protocol::ids::{MeetingId, Timestamp};
use rusqlite::params;
use serde::Serialize;

use super::{Store, StoreError};

/// One upload in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutboxRow {
    pub key: String,
    pub meeting: MeetingId,
    #[serde(skip)]
    pub body: Vec<u8>,
    pub created_at: Timestamp,
    pub attempts: u32,
    pub last_error: Option<String>,
    pub acked_at: Option<Timestamp>,
}

impl Store {
    /// Queues a signed upload; queuing the same key again changes nothing.
    pub fn enqueue(
        &mut self,
        key: &str,
        meeting: &MeetingId,
        body: &[u8],
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let added = tx.execute(
            "INSERT INTO outbox (key, meeting, body, created_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (key) DO NOTHING",
            params![key, meeting.as_str(), body, now.0],
        )?;
        if added > 0 {
            Self::audit_in(
                &tx,
                now,
                "controller",
                "results-queued",
                &format!("{meeting} {key}"),
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Uploads not yet acknowledged, oldest first.
    pub fn pending_uploads(&self) -> Result<Vec<OutboxRow>, StoreError> {
        self.outbox_rows("WHERE acked_at IS NULL")
    }

    /// Every upload, oldest first.
    pub fn all_uploads(&self) -> Result<Vec<OutboxRow>, StoreError> {
        self.outbox_rows("")
    }

    fn outbox_rows(&self, filter: &str) -> Result<Vec<OutboxRow>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT key, meeting, body, created_at, attempts, last_error, acked_at FROM outbox {filter} ORDER BY created_at, key"
        ))?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Vec<u8>>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<i64>>(6)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (key, meeting, body, created_at, attempts, last_error, acked_at) = row?;
            let Ok(meeting) = MeetingId::new(meeting) else {
                continue;
            };
            out.push(OutboxRow {
                key,
                meeting,
                body,
                created_at: Timestamp(created_at),
                attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
                last_error,
                acked_at: acked_at.map(Timestamp),
            });
        }
        Ok(out)
    }

    /// Notes a failed attempt.
    pub fn upload_failed(&mut self, key: &str, error: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?2 WHERE key = ?1",
            params![key, error],
        )?;
        Ok(())
    }

    /// Notes the central system's acknowledgement.
    pub fn upload_acked(&mut self, key: &str, now: Timestamp) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE outbox SET attempts = attempts + 1, last_error = NULL, acked_at = ?2 WHERE key = ?1",
            params![key, now.0],
        )?;
        Self::audit_in(&tx, now, "controller", "results-acked", key)?;
        tx.commit()?;
        Ok(())
    }
}
