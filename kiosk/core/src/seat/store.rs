//! What the delegate entered at this seat, kept on its disk (`seat.db`):
//! votes until recorded (so a restart resends them with the same ids),
//! comments and their outbox, and private notes (text and ink per page).
//!
//! SQLite in WAL mode with `synchronous=FULL`: a vote or comment is on disk
//! before it is handed to the broker.

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use protocol::client::{TrackedComment, TrackedVote};
use protocol::ids::{CommentId, DocumentId, MeetingId};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

/// Errors of the seat's local store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the seat's local database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("a row in the seat's local database does not decode: {0}")]
    Decode(#[from] serde_json::Error),
    #[error("cannot create the seat's data folder {path}: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
    },
}

const SCHEMA_VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS votes (
    meeting TEXT NOT NULL, ballot TEXT NOT NULL, body TEXT NOT NULL,
    PRIMARY KEY (meeting, ballot));
CREATE TABLE IF NOT EXISTS comments (
    meeting TEXT NOT NULL, comment_id TEXT NOT NULL, body TEXT NOT NULL,
    recorded INTEGER NOT NULL, made_at INTEGER NOT NULL,
    PRIMARY KEY (meeting, comment_id));
CREATE TABLE IF NOT EXISTS notes (
    meeting TEXT NOT NULL, document TEXT NOT NULL, page INTEGER NOT NULL,
    text TEXT NOT NULL, updated_at INTEGER NOT NULL,
    PRIMARY KEY (meeting, document, page));
CREATE TABLE IF NOT EXISTS ink (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting TEXT NOT NULL, document TEXT NOT NULL, page INTEGER NOT NULL,
    stroke TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS ink_page ON ink (meeting, document, page);
";

/// One ink stroke on a page: points in page coordinates from 0.0 to 1.0
/// (so the stroke stays put at any zoom), a width as a share of the page
/// width, and an RGB colour.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stroke {
    pub points: Vec<(f32, f32)>,
    pub width: f32,
    pub color: [u8; 3],
}

/// A comment this seat made, and whether the controller has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedComment {
    pub comment: TrackedComment,
    pub made_at: i64,
}

/// The seat's local database. Cheap to clone; one connection behind a lock
/// (every call is a few small rows).
#[derive(Debug, Clone)]
pub struct SeatStore {
    conn: Arc<Mutex<Connection>>,
}

impl SeatStore {
    /// Opens (or creates) `dir/seat.db`.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Folder {
            path: dir.display().to_string(),
            source,
        })?;
        let conn = Connection::open(dir.join("seat.db"))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version < SCHEMA_VERSION {
            conn.execute_batch(SCHEMA)?;
            conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        }
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves SQLite consistent (every
        // write is one statement or transaction), so a poisoned lock is usable.
        self.conn
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The meeting this seat last worked in.
    pub fn meeting(&self) -> Result<Option<MeetingId>, StoreError> {
        let v: Option<String> = self
            .conn()
            .query_row("SELECT value FROM meta WHERE key = 'meeting'", [], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(v.and_then(|v| MeetingId::new(v).ok()))
    }

    /// Remembers the meeting this seat works in now.
    pub fn set_meeting(&self, meeting: &MeetingId) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO meta (key, value) VALUES ('meeting', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![meeting.as_str()],
        )?;
        Ok(())
    }

    /// Saves a vote (new, or with a new state).
    pub fn save_vote(&self, meeting: &MeetingId, vote: &TrackedVote) -> Result<(), StoreError> {
        let body = serde_json::to_string(vote)?;
        self.conn().execute(
            "INSERT INTO votes (meeting, ballot, body) VALUES (?1, ?2, ?3)
             ON CONFLICT (meeting, ballot) DO UPDATE SET body = excluded.body",
            params![meeting.as_str(), vote.request.ballot.as_str(), body],
        )?;
        Ok(())
    }

    /// The votes this seat cast in `meeting`.
    pub fn votes(&self, meeting: &MeetingId) -> Result<Vec<TrackedVote>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare("SELECT body FROM votes WHERE meeting = ?1 ORDER BY ballot")?;
        let rows = stmt.query_map(params![meeting.as_str()], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for body in rows {
            out.push(serde_json::from_str(&body?)?);
        }
        Ok(out)
    }

    /// Saves a comment (new, or now recorded).
    pub fn save_comment(
        &self,
        meeting: &MeetingId,
        comment: &TrackedComment,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        let body = serde_json::to_string(comment)?;
        self.conn().execute(
            "INSERT INTO comments (meeting, comment_id, body, recorded, made_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (meeting, comment_id)
             DO UPDATE SET body = excluded.body, recorded = excluded.recorded",
            params![
                meeting.as_str(),
                comment.comment.comment_id.as_str(),
                body,
                comment.recorded,
                now_ms
            ],
        )?;
        Ok(())
    }

    /// Marks a comment as recorded by the controller.
    pub fn comment_recorded(&self, meeting: &MeetingId, id: &CommentId) -> Result<(), StoreError> {
        let conn = self.conn();
        let body: Option<String> = conn
            .query_row(
                "SELECT body FROM comments WHERE meeting = ?1 AND comment_id = ?2",
                params![meeting.as_str(), id.as_str()],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(body) = body {
            let mut c: TrackedComment = serde_json::from_str(&body)?;
            c.recorded = true;
            conn.execute(
                "UPDATE comments SET body = ?3, recorded = 1 WHERE meeting = ?1 AND comment_id = ?2",
                params![meeting.as_str(), id.as_str(), serde_json::to_string(&c)?],
            )?;
        }
        Ok(())
    }

    /// Forgets a comment the controller refused.
    pub fn drop_comment(&self, meeting: &MeetingId, id: &CommentId) -> Result<(), StoreError> {
        self.conn().execute(
            "DELETE FROM comments WHERE meeting = ?1 AND comment_id = ?2",
            params![meeting.as_str(), id.as_str()],
        )?;
        Ok(())
    }

    /// The comments this seat made in `meeting`, oldest first.
    pub fn comments(&self, meeting: &MeetingId) -> Result<Vec<SavedComment>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT body, made_at FROM comments WHERE meeting = ?1 ORDER BY made_at, comment_id",
        )?;
        let rows = stmt.query_map(params![meeting.as_str()], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (body, made_at) = row?;
            out.push(SavedComment {
                comment: serde_json::from_str(&body)?,
                made_at,
            });
        }
        Ok(out)
    }

    /// The delegate's text note on a page ("" when none).
    pub fn note(
        &self,
        meeting: &MeetingId,
        document: &DocumentId,
        page: u32,
    ) -> Result<String, StoreError> {
        let text: Option<String> = self
            .conn()
            .query_row(
                "SELECT text FROM notes WHERE meeting = ?1 AND document = ?2 AND page = ?3",
                params![meeting.as_str(), document.as_str(), page],
                |r| r.get(0),
            )
            .optional()?;
        Ok(text.unwrap_or_default())
    }

    /// Saves the text note on a page; an empty text removes it.
    pub fn set_note(
        &self,
        meeting: &MeetingId,
        document: &DocumentId,
        page: u32,
        text: &str,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        let conn = self.conn();
        if text.trim().is_empty() {
            conn.execute(
                "DELETE FROM notes WHERE meeting = ?1 AND document = ?2 AND page = ?3",
                params![meeting.as_str(), document.as_str(), page],
            )?;
        } else {
            conn.execute(
                "INSERT INTO notes (meeting, document, page, text, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (meeting, document, page)
                 DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
                params![meeting.as_str(), document.as_str(), page, text, now_ms],
            )?;
        }
        Ok(())
    }

    /// Adds an ink stroke to a page.
    pub fn add_stroke(
        &self,
        meeting: &MeetingId,
        document: &DocumentId,
        page: u32,
        stroke: &Stroke,
    ) -> Result<(), StoreError> {
        let body = serde_json::to_string(stroke)?;
        self.conn().execute(
            "INSERT INTO ink (meeting, document, page, stroke) VALUES (?1, ?2, ?3, ?4)",
            params![meeting.as_str(), document.as_str(), page, body],
        )?;
        Ok(())
    }

    /// Removes the newest stroke on a page; false when there was none.
    pub fn undo_stroke(
        &self,
        meeting: &MeetingId,
        document: &DocumentId,
        page: u32,
    ) -> Result<bool, StoreError> {
        let n = self.conn().execute(
            "DELETE FROM ink WHERE id = (SELECT MAX(id) FROM ink
             WHERE meeting = ?1 AND document = ?2 AND page = ?3)",
            params![meeting.as_str(), document.as_str(), page],
        )?;
        Ok(n > 0)
    }

    /// Removes every stroke on a page.
    pub fn clear_ink(
        &self,
        meeting: &MeetingId,
        document: &DocumentId,
        page: u32,
    ) -> Result<(), StoreError> {
        self.conn().execute(
            "DELETE FROM ink WHERE meeting = ?1 AND document = ?2 AND page = ?3",
            params![meeting.as_str(), document.as_str(), page],
        )?;
        Ok(())
    }

    /// The strokes on a page, oldest first.
    pub fn strokes(
        &self,
        meeting: &MeetingId,
        document: &DocumentId,
        page: u32,
    ) -> Result<Vec<Stroke>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT stroke FROM ink WHERE meeting = ?1 AND document = ?2 AND page = ?3 ORDER BY id",
        )?;
        let rows = stmt.query_map(params![meeting.as_str(), document.as_str(), page], |r| {
            r.get::<_, String>(0)
        })?;
        let mut out = Vec::new();
        for body in rows {
            out.push(serde_json::from_str(&body?)?);
        }
        Ok(out)
    }

    /// The pages of a paper that carry a note or ink, ascending.
    pub fn annotated_pages(
        &self,
        meeting: &MeetingId,
        document: &DocumentId,
    ) -> Result<Vec<u32>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT page FROM notes WHERE meeting = ?1 AND document = ?2
             UNION SELECT page FROM ink WHERE meeting = ?1 AND document = ?2
             ORDER BY page",
        )?;
        let rows = stmt.query_map(params![meeting.as_str(), document.as_str()], |r| {
            r.get::<_, u32>(0)
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
