//! The session's data and the one function that changes it: [`Session::apply`].

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::fact::Fact;
use crate::ballot::{BallotSpec, Choice};
use crate::ids::{BallotId, CommentId, DelegateId, ItemId, SeatId, Sha256, Timestamp, VoteId};
use crate::message::record::json_weight;
use crate::message::{ItemRecord, Notice, PageRef, Phase, Speakers};
use crate::sealed::BallotSecret;
use crate::tally::{BallotResult, Counts};

/// Everything the facts say about the session. Plain data: it can be
/// inspected and serialized, and a secret ballot's part of it holds no
/// delegate→choice link.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Session {
    pub phase: Phase,
    pub current_item: Option<ItemId>,
    pub presenter: Option<PageRef>,
    /// Who is signed in at which seat (both ways).
    pub seat_of: BTreeMap<DelegateId, SeatId>,
    pub at_seat: BTreeMap<SeatId, DelegateId>,
    /// Marked present by the secretary (roll call by hand).
    pub marked_present: BTreeSet<DelegateId>,
    pub ballot: Option<RunningBallot>,
    /// Ids of every ballot held or cancelled, so none runs twice.
    pub ballots_done: BTreeSet<BallotId>,
    pub results: Vec<BallotResult>,
    pub speakers: Speakers,
    pub comments: BTreeSet<CommentId>,
    pub comment_count: u32,
    pub last_notice: Option<Notice>,
    /// Conclusions and tasks by agenda item.
    #[serde(default)]
    pub records: BTreeMap<ItemId, ItemRecord>,
    /// The last conclusion number given (numbers are never reused).
    #[serde(default)]
    pub conclusions_made: u32,
    /// The last task number given.
    #[serde(default)]
    pub tasks_made: u32,
    /// What the conclusions and tasks weigh as JSON (see [`MAX_RECORD_BYTES`]).
    ///
    /// [`MAX_RECORD_BYTES`]: crate::message::record::MAX_RECORD_BYTES
    #[serde(default)]
    pub record_bytes: usize,
}

/// The ballot that is open.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunningBallot {
    pub spec: BallotSpec,
    pub opened_at: Timestamp,
    pub closes_at: Option<Timestamp>,
    #[serde(skip)]
    pub secret: Option<BallotSecret>,
    /// Who voted, with their vote id and receipt; the choice only on open ballots.
    pub voters: BTreeMap<DelegateId, Voter>,
    pub counts: Counts,
}

/// One delegate's vote as the room keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Voter {
    pub vote_id: VoteId,
    pub receipt: Sha256,
    /// `None` on secret ballots.
    pub choice: Option<Choice>,
}

impl Session {
    /// A session that has not started.
    pub fn new() -> Self {
        Self {
            phase: Phase::Waiting,
            current_item: None,
            presenter: None,
            seat_of: BTreeMap::new(),
            at_seat: BTreeMap::new(),
            marked_present: BTreeSet::new(),
            ballot: None,
            ballots_done: BTreeSet::new(),
            results: Vec::new(),
            speakers: Speakers::default(),
            comments: BTreeSet::new(),
            comment_count: 0,
            last_notice: None,
            records: BTreeMap::new(),
            conclusions_made: 0,
            tasks_made: 0,
            record_bytes: 0,
        }
    }

    /// Whether a delegate counts as present.
    pub fn is_present(&self, d: &DelegateId) -> bool {
        self.seat_of.contains_key(d) || self.marked_present.contains(d)
    }

    /// Changes the session by one fact. Facts were checked when they were
    /// made; applying one never fails, so replay after a restart cannot either.
    pub fn apply(&mut self, fact: &Fact) {
        match fact {
            Fact::SessionOpened { .. } => self.phase = Phase::InSession,
            Fact::ItemChanged { item } => self.current_item = Some(item.clone()),
            Fact::Presenting { page } => self.presenter.clone_from(page),
            Fact::SignedIn { delegate, seat, .. } => {
                if let Some(old) = self.seat_of.insert(delegate.clone(), seat.clone()) {
                    self.at_seat.remove(&old);
                }
                self.at_seat.insert(seat.clone(), delegate.clone());
            }
            Fact::SignedOut { delegate, .. } => {
                if let Some(seat) = self.seat_of.remove(delegate) {
                    self.at_seat.remove(&seat);
                }
            }
            Fact::MarkedPresent { delegate, present } => {
                if *present {
                    self.marked_present.insert(delegate.clone());
                } else {
                    self.marked_present.remove(delegate);
                }
            }
            Fact::BallotOpened {
                spec,
                at,
                closes_at,
                secret_key,
            } => {
                self.ballot = Some(RunningBallot {
                    counts: Counts::new(spec),
                    spec: spec.clone(),
                    opened_at: *at,
                    closes_at: *closes_at,
                    secret: secret_key.map(|k| BallotSecret::from_entropy(k.0)),
                    voters: BTreeMap::new(),
                });
            }
            Fact::VoteRecorded {
                ballot,
                delegate,
                vote_id,
                receipt,
                choice,
                ..
            } => {
                if let Some(b) = self.ballot.as_mut().filter(|b| &b.spec.id == ballot) {
                    let old = b.voters.insert(
                        delegate.clone(),
                        Voter {
                            vote_id: vote_id.clone(),
                            receipt: *receipt,
                            choice: choice.clone(),
                        },
                    );
                    if let Some(old) = old.and_then(|v| v.choice) {
                        b.counts.remove(&b.spec, &old);
                    }
                    if let Some(c) = choice {
                        b.counts.add(&b.spec, c);
                    }
                }
            }
            Fact::SecretChoiceCounted { ballot, choice } => {
                if let Some(b) = self.ballot.as_mut().filter(|b| &b.spec.id == ballot) {
                    b.counts.add(&b.spec, choice);
                }
            }
            Fact::BallotClosed { result, .. } => {
                self.ballot = None;
                self.ballots_done.insert(result.ballot.clone());
                self.results.push(result.clone());
            }
            Fact::BallotCancelled { ballot, .. } => {
                self.ballot = None;
                self.ballots_done.insert(ballot.clone());
            }
            Fact::FloorRequested { delegate } => self.speakers.queue.push(delegate.clone()),
            Fact::FloorLeft { delegate } => {
                self.speakers.queue.retain(|d| d != delegate);
                if self.speakers.floor.as_ref() == Some(delegate) {
                    self.speakers.floor = None;
                }
            }
            Fact::FloorGranted { delegate } => {
                self.speakers.queue.retain(|d| d != delegate);
                self.speakers.floor = Some(delegate.clone());
            }
            Fact::FloorEnded => self.speakers.floor = None,
            Fact::CommentRecorded { comment, .. } => {
                self.comments.insert(comment.comment_id.clone());
                self.comment_count += 1;
            }
            Fact::NoticeSent { notice } => self.last_notice = Some(notice.clone()),
            Fact::ConclusionAdded { item, conclusion } => {
                self.conclusions_made = self.conclusions_made.max(conclusion.number);
                self.record_bytes += json_weight(conclusion);
                self.record_of(item).conclusions.push(conclusion.clone());
            }
            Fact::ConclusionRemoved { item, number } => {
                if let Some(r) = self.records.get_mut(item)
                    && let Some(i) = r.conclusions.iter().position(|c| c.number == *number)
                {
                    let gone = r.conclusions.remove(i);
                    self.record_bytes = self.record_bytes.saturating_sub(json_weight(&gone));
                }
                self.drop_empty_record(item);
            }
            Fact::TaskAssigned { item, task } => {
                self.tasks_made = self.tasks_made.max(task.number);
                self.record_bytes += json_weight(task);
                self.record_of(item).tasks.push(task.clone());
            }
            Fact::TaskRemoved { item, number } => {
                if let Some(r) = self.records.get_mut(item)
                    && let Some(i) = r.tasks.iter().position(|t| t.number == *number)
                {
                    let gone = r.tasks.remove(i);
                    self.record_bytes = self.record_bytes.saturating_sub(json_weight(&gone));
                }
                self.drop_empty_record(item);
            }
            Fact::MeetingClosed { .. } => {
                self.phase = Phase::Closed;
                self.presenter = None;
                self.speakers = Speakers::default();
            }
        }
    }
}

impl Session {
    fn record_of(&mut self, item: &ItemId) -> &mut ItemRecord {
        self.records
            .entry(item.clone())
            .or_insert_with(|| ItemRecord::new(item.clone()))
    }

    fn drop_empty_record(&mut self, item: &ItemId) {
        if self.records.get(item).is_some_and(ItemRecord::is_empty) {
            self.records.remove(item);
        }
    }
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}
