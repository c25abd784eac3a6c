//! Meeting packages, the room's current meeting, and the sync log.

use protocol::ids::{MeetingId, Timestamp};
use protocol::meeting::MeetingPackage;
use protocol::message::status::SyncCounts;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::{Store, StoreError};

/// A meeting the room holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingRow {
    pub id: MeetingId,
    pub title: String,
    pub starts_at: String,
    pub etag: Option<String>,
    /// `central` or `bundle`.
    pub source: String,
    pub updated_at: Timestamp,
    pub documents: usize,
    pub delegates: usize,
    pub current: bool,
}

/// One sync attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncRow {
    pub at: Timestamp,
    pub ok: bool,
    pub detail: String,
    pub bytes: u64,
    /// What the pass did, if it reached the central system.
    pub counts: Option<SyncCounts>,
}

impl Store {
    /// Saves a verified package with the signed bytes it came in, replacing
    /// the previous version of the same meeting in one transaction.
    pub fn save_package(
        &mut self,
        package: &MeetingPackage,
        signed: &[u8],
        etag: Option<&str>,
        source: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let json = serde_json::to_string(package)?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO meetings (id, title, starts_at, package, signed, etag, source, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (id) DO UPDATE SET title = ?2, starts_at = ?3, package = ?4, signed = ?5,
                etag = ?6, source = ?7, updated_at = ?8",
            params![
                package.id.as_str(),
                package.title,
                package.starts_at,
                json,
                signed,
                etag,
                source,
                now.0
            ],
        )?;
        Self::audit_in(
            &tx,
            now,
            "controller",
            "package-saved",
            &format!("{} from {source}", package.id),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The stored package of a meeting.
    pub fn package(&self, id: &MeetingId) -> Result<Option<MeetingPackage>, StoreError> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT package FROM meetings WHERE id = ?1",
                [id.as_str()],
                |r| r.get(0),
            )
            .optional()?;
        Ok(json.map(|j| serde_json::from_str(&j)).transpose()?)
    }

    /// The signed bytes the stored package came in (the central system's).
    pub fn package_signed(&self, id: &MeetingId) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT signed FROM meetings WHERE id = ?1",
                [id.as_str()],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The ETag the stored package came with, for a conditional re-fetch.
    pub fn package_etag(&self, id: &MeetingId) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT etag FROM meetings WHERE id = ?1",
                [id.as_str()],
                |r| r.get(0),
            )
            .optional()?
            .flatten())
    }

    /// Every meeting held, soonest first.
    pub fn meetings(&self) -> Result<Vec<MeetingRow>, StoreError> {
        let current = self.current_meeting()?;
        let mut stmt = self.conn.prepare(
            "SELECT package, etag, source, updated_at FROM meetings ORDER BY starts_at, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (json, etag, source, updated_at) = row?;
            let p: MeetingPackage = serde_json::from_str(&json)?;
            out.push(MeetingRow {
                current: current.as_ref() == Some(&p.id),
                id: p.id,
                title: p.title,
                starts_at: p.starts_at,
                etag,
                source,
                updated_at: Timestamp(updated_at),
                documents: p.documents.len(),
                delegates: p.delegates.len(),
            });
        }
        Ok(out)
    }

    /// Makes `id` the meeting the room runs.
    pub fn set_current_meeting(
        &mut self,
        id: &MeetingId,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO current_meeting (only, meeting) VALUES (1, ?1)
             ON CONFLICT (only) DO UPDATE SET meeting = ?1",
            [id.as_str()],
        )?;
        Self::audit_in(&tx, now, "controller", "meeting-selected", id.as_str())?;
        tx.commit()?;
        Ok(())
    }

    /// The meeting the room runs, if one was chosen.
    pub fn current_meeting(&self) -> Result<Option<MeetingId>, StoreError> {
        let id: Option<String> = self
            .conn
            .query_row(
                "SELECT meeting FROM current_meeting WHERE only = 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        Ok(id.and_then(|s| MeetingId::new(s).ok()))
    }

    /// Notes a sync attempt: `counts` if it reached the central system.
    pub fn record_sync(
        &mut self,
        now: Timestamp,
        ok: bool,
        detail: &str,
        bytes: u64,
        counts: Option<&SyncCounts>,
    ) -> Result<(), StoreError> {
        let counts = counts.map(|c| serde_json::to_string(c).unwrap_or_default());
        self.conn.execute(
            "INSERT INTO sync_log (at, ok, detail, bytes, counts) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                now.0,
                ok,
                detail,
                i64::try_from(bytes).unwrap_or(i64::MAX),
                counts
            ],
        )?;
        Ok(())
    }

    /// The newest sync attempts, newest first.
    pub fn recent_syncs(&self, limit: u32) -> Result<Vec<SyncRow>, StoreError> {
        self.syncs_between(Timestamp(i64::MIN), Timestamp(i64::MAX), Some(limit))
    }

    /// Sync attempts in `[from, to)`, newest first.
    pub fn syncs_between(
        &self,
        from: Timestamp,
        to: Timestamp,
        limit: Option<u32>,
    ) -> Result<Vec<SyncRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT at, ok, detail, bytes, counts FROM sync_log WHERE at >= ?1 AND at < ?2 ORDER BY id DESC LIMIT ?3",
        )?;
        let limit = limit.map_or(-1, i64::from);
        let rows = stmt.query_map(params![from.0, to.0, limit], |r| {
            Ok(SyncRow {
                at: Timestamp(r.get(0)?),
                ok: r.get(1)?,
                detail: r.get(2)?,
                bytes: u64::try_from(r.get::<_, i64>(3)?).unwrap_or(0),
                // A row this version cannot read is shown by its detail alone.
                counts: r
                    .get::<_, Option<String>>(4)?
                    .and_then(|j| serde_json::from_str(&j).ok()),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
