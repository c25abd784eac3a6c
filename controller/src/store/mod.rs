//! The controller's SQLite database: meeting packages, the session's facts,
//! secret-ballot counts, the audit chain, the results outbox and the sync log.
//!
//! WAL mode with `synchronous=FULL`: a transaction that returned is on disk,
//! so a reply sent after [`Store::commit_step`] never outruns its facts.
//! Schema migrations are in code ([`MIGRATIONS`]), applied in order at open.

mod audit;
mod facts;
mod meetings;
mod outbox;
#[cfg(test)]
mod tests;

use std::path::Path;

use rusqlite::Connection;

pub use audit::{AuditEntry, AuditReport};
pub use meetings::{MeetingRow, SyncRow};
pub use outbox::OutboxRow;

/// A store failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("stored JSON does not decode: {0}")]
    Json(#[from] serde_json::Error),
    #[error("database schema version {found} is newer than this controller knows ({known})")]
    TooNew { found: i64, known: i64 },
    #[error("audit chain broken at row {seq}: {problem}")]
    AuditBroken { seq: i64, problem: String },
}

/// Schema migrations, applied in order; the index + 1 is the schema version.
const MIGRATIONS: &[&str] = &[
    // 1: the first schema.
    "CREATE TABLE meetings (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        starts_at TEXT NOT NULL,
        package TEXT NOT NULL,
        signed BLOB NOT NULL,
        etag TEXT,
        source TEXT NOT NULL,
        updated_at INTEGER NOT NULL
    );
    CREATE TABLE current_meeting (
        only INTEGER PRIMARY KEY CHECK (only = 1),
        meeting TEXT NOT NULL REFERENCES meetings(id)
    );
    CREATE TABLE facts (
        meeting TEXT NOT NULL,
        seq INTEGER NOT NULL,
        at INTEGER NOT NULL,
        fact TEXT NOT NULL,
        PRIMARY KEY (meeting, seq)
    );
    CREATE TABLE secret_counts (
        meeting TEXT NOT NULL,
        ballot TEXT NOT NULL,
        choice TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (meeting, ballot, choice)
    );
    CREATE TABLE session_meta (
        meeting TEXT PRIMARY KEY,
        revision INTEGER NOT NULL
    );
    CREATE TABLE audit (
        seq INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        detail TEXT NOT NULL,
        prev TEXT NOT NULL,
        hash TEXT NOT NULL
    );
    CREATE TABLE audit_head (
        only INTEGER PRIMARY KEY CHECK (only = 1),
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL
    );
    CREATE TABLE outbox (
        key TEXT PRIMARY KEY,
        meeting TEXT NOT NULL,
        body BLOB NOT NULL,
        created_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        acked_at INTEGER
    );
    CREATE TABLE sync_log (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        ok INTEGER NOT NULL,
        detail TEXT NOT NULL,
        bytes INTEGER NOT NULL
    );",
    // 2: what a sync pass did, as JSON (`SyncCounts`); NULL when it could
    // not list the meetings, and for passes logged before this column.
    "ALTER TABLE sync_log ADD COLUMN counts TEXT;",
];

/// The controller's database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (or creates) the database at `path` and migrates it.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        Self::init(Connection::open(path)?)
    }

    /// A database in memory, for tests and dry runs.
    pub fn open_in_memory() -> Result<Self, StoreError> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(conn: Connection) -> Result<Self, StoreError> {
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // `journal_mode` answers with the mode; in-memory databases stay "memory".
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")?;
        let mut store = Self { conn };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let known = i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX);
        if version > known {
            return Err(StoreError::TooNew {
                found: version,
                known,
            });
        }
        let tx = self.conn.transaction()?;
        for (i, sql) in MIGRATIONS
            .iter()
            .enumerate()
            .skip(usize::try_from(version).unwrap_or(0))
        {
            tx.execute_batch(sql)?;
            tx.pragma_update(
                None,
                "user_version",
                i64::try_from(i + 1).unwrap_or(i64::MAX),
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The schema version.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }
}
