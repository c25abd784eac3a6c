//! Meeting results: built from the facts when the meeting closes, signed by
//! the controller, queued in the outbox and pushed to the central system
//! until it acknowledges them.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use ed25519_dalek::SigningKey;
use protocol::central::{AttendanceRow, CommentRow, Purpose, ResultsUpload};
use protocol::ids::{DelegateId, MeetingId, Timestamp};
use protocol::message::Phase;
use protocol::room::{Fact, Room};

use crate::store::Store;

/// The idempotency key of a meeting's results.
pub fn results_key(meeting: &MeetingId) -> String {
    format!("results-{meeting}")
}

/// Builds the results of a closed meeting from its facts.
pub fn build(room: &Room, facts: &[(Timestamp, Fact)]) -> Option<ResultsUpload> {
    let session = room.session();
    if session.phase != Phase::Closed {
        return None;
    }
    let package = room.package();
    let mut first_in: BTreeMap<&DelegateId, Timestamp> = BTreeMap::new();
    let mut marked: BTreeMap<&DelegateId, bool> = BTreeMap::new();
    let mut comments = Vec::new();
    let mut notices = Vec::new();
    let mut closed_at = Timestamp(0);
    for (at, fact) in facts {
        match fact {
            Fact::SignedIn { delegate, .. } => {
                first_in.entry(delegate).or_insert(*at);
            }
            Fact::MarkedPresent { delegate, present } => {
                marked.insert(delegate, *present);
            }
            Fact::CommentRecorded { seat, comment, at } => comments.push(CommentRow {
                seat: seat.clone(),
                at: *at,
                comment: comment.clone(),
            }),
            Fact::NoticeSent { notice } => notices.push(notice.clone()),
            Fact::MeetingClosed { at } => closed_at = *at,
            _ => {}
        }
    }
    let attendance = package
        .delegates
        .iter()
        .map(|d| AttendanceRow {
            delegate: d.id.clone(),
            present: first_in.contains_key(&d.id) || marked.get(&d.id).copied().unwrap_or(false),
            first_signed_in: first_in.get(&d.id).copied(),
        })
        .collect();
    Some(ResultsUpload {
        idempotency_key: results_key(&package.id),
        meeting: package.id.clone(),
        room: package.room.clone(),
        closed_at,
        attendance,
        ballots: session.results.clone(),
        comments,
        notices,
        records: room.records(),
        minutes_pdf: None,
    })
}

/// Queues the signed results if the meeting is closed and they are not queued
/// yet. Safe to call again: after a crash between the closing fact and the
/// queueing, the next start queues them.
pub fn queue_if_closed(
    store: &mut Store,
    room: &Room,
    key: &SigningKey,
    now: Timestamp,
) -> Result<()> {
    let meeting = &room.package().id;
    if room.session().phase != Phase::Closed {
        return Ok(());
    }
    let k = results_key(meeting);
    if store.all_uploads()?.iter().any(|r| r.key == k) {
        return Ok(());
    }
    let facts = store.facts_with_time(meeting)?;
    let upload = build(room, &facts).context("a closed meeting has results")?;
    let body = protocol::central::sign(key, Purpose::Results, &upload);
    store.enqueue(&k, meeting, &body, now)?;
    tracing::info!(%meeting, key = %k, "results queued for upload");
    Ok(())
}
