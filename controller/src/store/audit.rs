//! The append-only audit log. Each row's hash covers the previous row's hash
//! and the row's own fields, and `audit_head` keeps the last hash, so a
//! changed, removed or reordered row, or a cut tail, breaks the chain.
//!
//! The chain proves the log was not edited by someone who did not also
//! recompute every later hash; sealing the head with the controller's key
//! for auditors is planned with signed minutes.

use protocol::ids::{Sha256, Timestamp};
use rusqlite::{Transaction, params};
use serde::Serialize;

use super::{Store, StoreError};

/// The hash before the first row.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One audit row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: Timestamp,
    pub actor: String,
    pub action: String,
    pub detail: String,
}

/// The outcome of a full check of the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditReport {
    pub rows: u64,
    pub head: String,
}

fn row_hash(prev: &str, seq: i64, at: i64, actor: &str, action: &str, detail: &str) -> String {
    let text = format!("phonghop/v1 audit\0{prev}\0{seq}\0{at}\0{actor}\0{action}\0{detail}");
    Sha256::of(text.as_bytes()).to_hex()
}

impl Store {
    /// Appends an audit row inside a transaction.
    pub(super) fn audit_in(
        tx: &Transaction<'_>,
        now: Timestamp,
        actor: &str,
        action: &str,
        detail: &str,
    ) -> Result<(), StoreError> {
        let (seq, prev): (i64, String) = tx
            .query_row("SELECT seq, hash FROM audit_head WHERE only = 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok((0, GENESIS.to_owned())),
                e => Err(e),
            })?;
        let seq = seq + 1;
        let hash = row_hash(&prev, seq, now.0, actor, action, detail);
        tx.execute(
            "INSERT INTO audit (seq, at, actor, action, detail, prev, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![seq, now.0, actor, action, detail, prev, hash],
        )?;
        tx.execute(
            "INSERT INTO audit_head (only, seq, hash) VALUES (1, ?1, ?2)
             ON CONFLICT (only) DO UPDATE SET seq = ?1, hash = ?2",
            params![seq, hash],
        )?;
        Ok(())
    }

    /// Appends an audit row on its own.
    pub fn audit(
        &mut self,
        now: Timestamp,
        actor: &str,
        action: &str,
        detail: &str,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        Self::audit_in(&tx, now, actor, action, detail)?;
        tx.commit()?;
        Ok(())
    }

    /// The newest audit rows, newest first.
    pub fn recent_audit(&self, limit: u32) -> Result<Vec<AuditEntry>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, at, actor, action, detail FROM audit ORDER BY seq DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit], |r| {
            Ok(AuditEntry {
                seq: r.get(0)?,
                at: Timestamp(r.get(1)?),
                actor: r.get(2)?,
                action: r.get(3)?,
                detail: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Walks the whole chain and checks every link and the head.
    pub fn verify_audit(&self) -> Result<AuditReport, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT seq, at, actor, action, detail, prev, hash FROM audit ORDER BY seq")?;
        let mut rows = stmt.query([])?;
        let mut expected_seq = 1i64;
        let mut prev_hash = GENESIS.to_owned();
        let mut count = 0u64;
        while let Some(r) = rows.next()? {
            let seq: i64 = r.get(0)?;
            let (at, actor, action, detail): (i64, String, String, String) =
                (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
            let (prev, hash): (String, String) = (r.get(5)?, r.get(6)?);
            let broken = |problem: &str| StoreError::AuditBroken {
                seq,
                problem: problem.to_owned(),
            };
            if seq != expected_seq {
                return Err(StoreError::AuditBroken {
                    seq: expected_seq,
                    problem: format!("row {expected_seq} is missing (next row is {seq})"),
                });
            }
            if prev != prev_hash {
                return Err(broken("its link to the previous row does not match"));
            }
            if row_hash(&prev, seq, at, &actor, &action, &detail) != hash {
                return Err(broken("its content was changed"));
            }
            prev_hash = hash;
            expected_seq += 1;
            count += 1;
        }
        let head: Option<(i64, String)> = self
            .conn
            .query_row("SELECT seq, hash FROM audit_head WHERE only = 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .map(Some)
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })?;
        match head {
            None if count == 0 => {}
            Some((seq, hash)) if seq == expected_seq - 1 && hash == prev_hash => {}
            _ => {
                return Err(StoreError::AuditBroken {
                    seq: expected_seq,
                    problem: "the last rows were removed (the head does not match the chain)"
                        .to_owned(),
                });
            }
        }
        Ok(AuditReport {
            rows: count,
            head: prev_hash,
        })
    }
}
