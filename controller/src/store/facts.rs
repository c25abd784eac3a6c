//! The session's facts, committed one step (or one batch of steps) at a time.
//!
//! Secret ballots: [`Fact::SecretChoiceCounted`] never enters the fact log or
//! the audit log. It only raises a counter in `secret_counts`, keyed by the
//! choice, so no row anywhere links a delegate to a choice. On restore the
//! counters come back as facts after the log (counting is commutative, and a
//! closed ballot carries its result in `BallotClosed`).

use protocol::ballot::Choice;
use protocol::ids::{BallotId, MeetingId, Timestamp};
use protocol::room::Fact;
use rusqlite::{OptionalExtension, Transaction, params};

use super::{Store, StoreError};

impl Store {
    /// Makes a step's facts durable, with their audit rows and the state
    /// revision, in one transaction. Only after this returns may the step's
    /// messages be published.
    pub fn commit_step(
        &mut self,
        meeting: &MeetingId,
        facts: &[Fact],
        revision: u64,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let mut seq: i64 = tx.query_row(
            "SELECT COALESCE(MAX(seq), 0) FROM facts WHERE meeting = ?1",
            [meeting.as_str()],
            |r| r.get(0),
        )?;
        for fact in facts {
            if let Fact::SecretChoiceCounted { ballot, choice } = fact {
                count_secret(&tx, meeting, ballot, choice)?;
                continue;
            }
            seq += 1;
            tx.execute(
                "INSERT INTO facts (meeting, seq, at, fact) VALUES (?1, ?2, ?3, ?4)",
                params![meeting.as_str(), seq, now.0, serde_json::to_string(fact)?],
            )?;
            let (actor, action, detail) = audit_line(fact);
            Self::audit_in(&tx, now, &actor, action, &detail)?;
        }
        tx.execute(
            "INSERT INTO session_meta (meeting, revision) VALUES (?1, ?2)
             ON CONFLICT (meeting) DO UPDATE SET revision = MAX(revision, ?2)",
            params![
                meeting.as_str(),
                i64::try_from(revision).unwrap_or(i64::MAX)
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Every fact of a meeting in order, then the secret counters as facts:
    /// what `Room::restore` needs.
    pub fn load_facts(&self, meeting: &MeetingId) -> Result<Vec<Fact>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT fact FROM facts WHERE meeting = ?1 ORDER BY seq")?;
        let mut out = stmt
            .query_map([meeting.as_str()], |r| r.get::<_, String>(0))?
            .map(|r| Ok(serde_json::from_str::<Fact>(&r?)?))
            .collect::<Result<Vec<_>, StoreError>>()?;
        let mut stmt = self
            .conn
            .prepare("SELECT ballot, choice, n FROM secret_counts WHERE meeting = ?1 ORDER BY ballot, choice")?;
        let rows = stmt.query_map([meeting.as_str()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        for row in rows {
            let (ballot, choice, n) = row?;
            let ballot: BallotId = serde_json::from_value(serde_json::Value::String(ballot))?;
            let choice: Choice = serde_json::from_str(&choice)?;
            for _ in 0..n {
                out.push(Fact::SecretChoiceCounted {
                    ballot: ballot.clone(),
                    choice: choice.clone(),
                });
            }
        }
        Ok(out)
    }

    /// The last state revision published for a meeting.
    pub fn revision(&self, meeting: &MeetingId) -> Result<u64, StoreError> {
        let r: Option<i64> = self
            .conn
            .query_row(
                "SELECT revision FROM session_meta WHERE meeting = ?1",
                [meeting.as_str()],
                |r| r.get(0),
            )
            .optional()?;
        Ok(r.map_or(0, |r| u64::try_from(r).unwrap_or(0)))
    }

    /// How many facts a meeting has (for status and reports).
    pub fn fact_count(&self, meeting: &MeetingId) -> Result<u64, StoreError> {
        let n: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM facts WHERE meeting = ?1",
            [meeting.as_str()],
            |r| r.get(0),
        )?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Every fact of a meeting with its time, for reports and results.
    pub fn facts_with_time(
        &self,
        meeting: &MeetingId,
    ) -> Result<Vec<(Timestamp, Fact)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT at, fact FROM facts WHERE meeting = ?1 ORDER BY seq")?;
        let rows = stmt.query_map([meeting.as_str()], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })?;
        rows.map(|r| {
            let (at, json) = r?;
            Ok((Timestamp(at), serde_json::from_str(&json)?))
        })
        .collect()
    }
}

fn count_secret(
    tx: &Transaction<'_>,
    meeting: &MeetingId,
    ballot: &BallotId,
    choice: &Choice,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO secret_counts (meeting, ballot, choice, n) VALUES (?1, ?2, ?3, 1)
         ON CONFLICT (meeting, ballot, choice) DO UPDATE SET n = n + 1",
        params![
            meeting.as_str(),
            ballot.as_str(),
            serde_json::to_string(choice)?
        ],
    )?;
    Ok(())
}

/// Who did what, for the audit log. Never a secret choice.
fn audit_line(fact: &Fact) -> (String, &'static str, String) {
    let console = || "console".to_owned();
    match fact {
        Fact::SessionOpened { .. } => (console(), "session-opened", String::new()),
        Fact::ItemChanged { item } => (console(), "item-changed", item.to_string()),
        Fact::Presenting { page } => (
            console(),
            "presenting",
            page.as_ref()
                .map_or_else(String::new, |p| format!("{} p.{}", p.document, p.page)),
        ),
        Fact::SignedIn { delegate, seat, .. } => {
            (delegate.to_string(), "signed-in", format!("seat {seat}"))
        }
        Fact::SignedOut { delegate, .. } => (delegate.to_string(), "signed-out", String::new()),
        Fact::MarkedPresent { delegate, present } => {
            (console(), "marked-present", format!("{delegate} {present}"))
        }
        Fact::BallotOpened { spec, .. } => (
            console(),
            "ballot-opened",
            format!(
                "{} ({})",
                spec.id,
                if spec.secret { "secret" } else { "open" }
            ),
        ),
        Fact::VoteRecorded {
            ballot,
            delegate,
            vote_id,
            choice,
            ..
        } => (
            delegate.to_string(),
            "vote-recorded",
            match choice {
                Some(c) => format!(
                    "{ballot} {vote_id} {}",
                    serde_json::to_string(c).unwrap_or_default()
                ),
                None => format!("{ballot} {vote_id} (secret)"),
            },
        ),
        Fact::SecretChoiceCounted { ballot, .. } => (
            "controller".to_owned(),
            "secret-counted",
            ballot.to_string(),
        ),
        Fact::BallotClosed { result, .. } => (
            console(),
            "ballot-closed",
            format!("{} cast {}", result.ballot, result.cast),
        ),
        Fact::BallotCancelled { ballot, .. } => (console(), "ballot-cancelled", ballot.to_string()),
        Fact::FloorRequested { delegate } => {
            (delegate.to_string(), "floor-requested", String::new())
        }
        Fact::FloorLeft { delegate } => (delegate.to_string(), "floor-left", String::new()),
        Fact::FloorGranted { delegate } => (console(), "floor-granted", delegate.to_string()),
        Fact::FloorEnded => (console(), "floor-ended", String::new()),
        Fact::CommentRecorded { comment, .. } => (
            comment.delegate.to_string(),
            "comment-recorded",
            comment.comment_id.to_string(),
        ),
        Fact::NoticeSent { notice } => (console(), "notice-sent", notice.number.to_string()),
        Fact::ConclusionAdded { item, conclusion } => (
            console(),
            "conclusion-added",
            format!("{item} #{}", conclusion.number),
        ),
        Fact::ConclusionRemoved { item, number } => {
            (console(), "conclusion-removed", format!("{item} #{number}"))
        }
        Fact::TaskAssigned { item, task } => (
            console(),
            "task-assigned",
            format!("{item} #{} {}", task.number, task.task.unit.code),
        ),
        Fact::TaskRemoved { item, number } => {
            (console(), "task-removed", format!("{item} #{number}"))
        }
        Fact::MeetingClosed { .. } => (console(), "meeting-closed", String::new()),
    }
}
