//! The cache index in SQLite (`papers.db`): which meetings the kiosk knows,
//! which papers each lists, the current meeting, when a paper was last read.
//!
//! Whether a paper's bytes are on disk is not kept here: a blob file with
//! its final name is complete and verified, and the directory is the truth
//! (read once at open). WAL with `synchronous=NORMAL`: this is a cache, a
//! lost last transaction is rebuilt from the next manifest.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use protocol::ids::{MeetingId, Sha256, Timestamp};
use protocol::meeting::Classification;
use rusqlite::{Connection, OptionalExtension, params};

use super::error::PaperError;

/// The schema this code writes; `PRAGMA user_version` holds the one on disk.
const SCHEMA_VERSION: i64 = 1;

/// Migrations, in order: `MIGRATIONS[n]` takes the schema from `n` to `n + 1`.
const MIGRATIONS: [&str; 1] = [r"
    CREATE TABLE meetings (
        id      TEXT PRIMARY KEY,
        set_at  INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE papers (
        meeting        TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        sha256         TEXT NOT NULL,
        position       INTEGER NOT NULL,
        document       TEXT NOT NULL,
        title          TEXT NOT NULL,
        size           INTEGER NOT NULL,
        classification TEXT NOT NULL,
        last_used      INTEGER,
        PRIMARY KEY (meeting, sha256)
    ) STRICT;
    CREATE INDEX papers_by_sha ON papers(sha256);
    CREATE TABLE current (
        one     INTEGER PRIMARY KEY CHECK (one = 1),
        meeting TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE
    ) STRICT;
"];

/// One paper of a meeting, as the cache needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PaperRow {
    pub(crate) sha: Sha256,
    pub(crate) size: u64,
    pub(crate) title: String,
    pub(crate) classified: bool,
}

/// A document of a manifest, reduced to a row (the first of several
/// documents with one hash; classified if any of them is).
#[derive(Debug, Clone)]
pub(crate) struct NewPaper {
    pub(crate) row: PaperRow,
    pub(crate) document: String,
    pub(crate) classification: Classification,
}

/// The SQLite index.
#[derive(Debug)]
pub(crate) struct Index {
    conn: Connection,
}

impl Index {
    /// Opens (or creates) the index at `path` and brings its schema up to date.
    pub(crate) fn open(path: &Path) -> Result<Self, PaperError> {
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if found > SCHEMA_VERSION {
            return Err(PaperError::NewerSchema {
                path: path.to_path_buf(),
                found,
                known: SCHEMA_VERSION,
            });
        }
        let tx = conn.transaction()?;
        for (from, sql) in MIGRATIONS
            .iter()
            .enumerate()
            .skip(usize::try_from(found).unwrap_or(0))
        {
            tx.execute_batch(sql)?;
            tx.pragma_update(
                None,
                "user_version",
                i64::try_from(from + 1).unwrap_or(i64::MAX),
            )?;
        }
        tx.commit()?;
        Ok(Self { conn })
    }

    /// The schema version on disk.
    #[cfg(test)]
    pub(crate) fn schema_version(&self) -> Result<i64, PaperError> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// Records `meeting` with `papers` (in agenda order) and makes it current.
    /// Papers it listed before and lists no more are forgotten; those it
    /// still lists keep their last-used time.
    pub(crate) fn set_meeting(
        &mut self,
        meeting: &MeetingId,
        papers: &[NewPaper],
        now: Timestamp,
    ) -> Result<(), PaperError> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO meetings (id, set_at) VALUES (?1, ?2)
             ON CONFLICT (id) DO UPDATE SET set_at = excluded.set_at",
            params![meeting.as_str(), now.0],
        )?;
        let keep: HashSet<String> = papers.iter().map(|p| p.row.sha.to_hex()).collect();
        let listed: Vec<String> = {
            let mut stmt = tx.prepare("SELECT sha256 FROM papers WHERE meeting = ?1")?;
            stmt.query_map([meeting.as_str()], |r| r.get(0))?
                .collect::<Result<_, _>>()?
        };
        for sha in listed.iter().filter(|s| !keep.contains(*s)) {
            tx.execute(
                "DELETE FROM papers WHERE meeting = ?1 AND sha256 = ?2",
                params![meeting.as_str(), sha],
            )?;
        }
        {
            let mut upsert = tx.prepare(
                "INSERT INTO papers (meeting, sha256, position, document, title, size, classification)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (meeting, sha256) DO UPDATE SET
                    position = excluded.position, document = excluded.document,
                    title = excluded.title, size = excluded.size,
                    classification = excluded.classification",
            )?;
            for (position, p) in papers.iter().enumerate() {
                upsert.execute(params![
                    meeting.as_str(),
                    p.row.sha.to_hex(),
                    i64::try_from(position).unwrap_or(i64::MAX),
                    p.document,
                    p.row.title,
                    i64::try_from(p.row.size).unwrap_or(i64::MAX),
                    classification_name(p.classification),
                ])?;
            }
        }
        tx.execute(
            "INSERT INTO current (one, meeting) VALUES (1, ?1)
             ON CONFLICT (one) DO UPDATE SET meeting = excluded.meeting",
            [meeting.as_str()],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The current meeting, if one is set.
    pub(crate) fn current(&self) -> Result<Option<MeetingId>, PaperError> {
        let id: Option<String> = self
            .conn
            .query_row("SELECT meeting FROM current WHERE one = 1", [], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(id.and_then(|id| MeetingId::new(id).ok()))
    }

    /// No meeting is current any more (if `meeting` was).
    pub(crate) fn clear_current(&self, meeting: &MeetingId) -> Result<(), PaperError> {
        self.conn
            .execute("DELETE FROM current WHERE meeting = ?1", [meeting.as_str()])?;
        Ok(())
    }

    /// The papers of `meeting`, in agenda order.
    pub(crate) fn papers(&self, meeting: &MeetingId) -> Result<Vec<PaperRow>, PaperError> {
        let mut stmt = self.conn.prepare(
            "SELECT sha256, size, title, classification FROM papers
             WHERE meeting = ?1 ORDER BY position",
        )?;
        let rows = stmt.query_map([meeting.as_str()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut papers = Vec::new();
        for row in rows {
            let (sha, size, title, classification) = row?;
            let Ok(sha) = Sha256::from_hex(&sha) else {
                continue;
            };
            papers.push(PaperRow {
                sha,
                size: u64::try_from(size).unwrap_or(0),
                title,
                classified: classification != classification_name(Classification::Normal),
            });
        }
        Ok(papers)
    }

    /// Every paper the index lists, with its size and whether any meeting
    /// classifies it.
    pub(crate) fn all_papers(&self) -> Result<HashMap<Sha256, (u64, bool)>, PaperError> {
        let mut stmt = self.conn.prepare(
            "SELECT sha256, MAX(size), MAX(classification <> ?1) FROM papers GROUP BY sha256",
        )?;
        let rows = stmt.query_map([classification_name(Classification::Normal)], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, bool>(2)?,
            ))
        })?;
        let mut all = HashMap::new();
        for row in rows {
            let (sha, size, classified) = row?;
            if let Ok(sha) = Sha256::from_hex(&sha) {
                all.insert(sha, (u64::try_from(size).unwrap_or(0), classified));
            }
        }
        Ok(all)
    }

    /// The meetings that list `sha`, and whether any of them classifies it.
    pub(crate) fn meetings_of(&self, sha: &Sha256) -> Result<(Vec<MeetingId>, bool), PaperError> {
        let mut stmt = self
            .conn
            .prepare("SELECT meeting, classification FROM papers WHERE sha256 = ?1")?;
        let rows = stmt.query_map([sha.to_hex()], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        let mut meetings = Vec::new();
        let mut classified = false;
        for row in rows {
            let (meeting, classification) = row?;
            classified |= classification != classification_name(Classification::Normal);
            if let Ok(m) = MeetingId::new(meeting) {
                meetings.push(m);
            }
        }
        Ok((meetings, classified))
    }

    /// Every meeting the index knows.
    pub(crate) fn meetings(&self) -> Result<Vec<MeetingId>, PaperError> {
        let mut stmt = self.conn.prepare("SELECT id FROM meetings ORDER BY id")?;
        let ids = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ids
            .into_iter()
            .filter_map(|id| MeetingId::new(id).ok())
            .collect())
    }

    /// Forgets `meetings` and their paper rows.
    pub(crate) fn remove_meetings(&mut self, meetings: &[MeetingId]) -> Result<(), PaperError> {
        let tx = self.conn.transaction()?;
        for m in meetings {
            tx.execute("DELETE FROM meetings WHERE id = ?1", [m.as_str()])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Notes that `sha` was read now.
    pub(crate) fn touch(&self, sha: &Sha256, now: Timestamp) -> Result<(), PaperError> {
        self.conn.execute(
            "UPDATE papers SET last_used = ?2 WHERE sha256 = ?1",
            params![sha.to_hex(), now.0],
        )?;
        Ok(())
    }

    /// When `sha` was last read (the latest over its meetings).
    #[cfg(test)]
    pub(crate) fn last_used(&self, sha: &Sha256) -> Result<Option<Timestamp>, PaperError> {
        let at: Option<i64> = self.conn.query_row(
            "SELECT MAX(last_used) FROM papers WHERE sha256 = ?1",
            [sha.to_hex()],
            |r| r.get(0),
        )?;
        Ok(at.map(Timestamp))
    }
}

/// The manifest's name for a classification, as stored.
fn classification_name(c: Classification) -> &'static str {
    match c {
        Classification::Normal => "thuong",
        Classification::Confidential => "mat",
        Classification::Secret => "toi-mat",
    }
}
