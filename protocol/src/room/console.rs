//! The rules for secretary commands from the console.

use super::{Action, Fact, Outgoing, Room, Step};
use crate::ballot::BallotSpec;
use crate::ids::{BallotId, DelegateId, ItemId, MeetingId, Sha256, Timestamp};
use crate::message::console::MAX_NOTICE_CHARS;
use crate::message::record::{MAX_CONCLUSION_CHARS, MAX_RECORD_BYTES, json_weight, text_fits};
use crate::message::status::CentralLink;
use crate::message::{
    BallotRef, Conclusion, ConsoleCommand, ConsoleReply, ConsoleRequest, Notice, PageRef, Phase,
    RoomEvent, Task,
};
use crate::reject::Rejection;
use crate::sealed::BallotSecret;
use crate::tally;
use crate::topic::Topic;

impl Room {
    pub(super) fn console_request(&mut self, step: &mut Step, now: Timestamp, req: ConsoleRequest) {
        let result = if req.operator.role.permits(&req.command) {
            self.console_command(step, now, req.command)
        } else {
            Err(Rejection::NotPermitted)
        };
        let reply = match result {
            Ok(()) => ConsoleReply::Done {
                command_id: req.command_id,
            },
            Err(reason) => {
                *self.stats.refused.entry(reason).or_default() += 1;
                ConsoleReply::Rejected {
                    command_id: req.command_id,
                    reason,
                }
            }
        };
        let topic = Topic::ConsoleDown(self.id.clone());
        self.send(step, now, &topic, Outgoing::Console(Box::new(reply)));
    }

    fn console_command(
        &mut self,
        step: &mut Step,
        now: Timestamp,
        cmd: ConsoleCommand,
    ) -> Result<(), Rejection> {
        // What the controller does outside the session comes first: it is
        // allowed whether or not the meeting is closed.
        let action = match cmd {
            ConsoleCommand::LoadMeeting { meeting } => self
                .may_load(&meeting)?
                .then_some(Action::LoadMeeting(meeting)),
            ConsoleCommand::RetryUpload => Some(self.with_central(Action::PushResults)?),
            ConsoleCommand::SyncNow => Some(self.with_central(Action::SyncNow)?),
            cmd => return self.session_command(step, now, cmd),
        };
        step.actions.extend(action);
        Ok(())
    }

    /// Whether `meeting` may replace the current one, and whether that
    /// changes anything (loading the current meeting does not).
    fn may_load(&self, meeting: &MeetingId) -> Result<bool, Rejection> {
        if self.session.phase == Phase::InSession {
            return Err(Rejection::MeetingInProgress);
        }
        let stored = self
            .status
            .as_ref()
            .and_then(|s| s.meeting(meeting))
            .filter(|m| m.room == self.id)
            .ok_or(Rejection::UnknownMeeting)?;
        if stored.papers.missing > 0 {
            return Err(Rejection::PapersMissing);
        }
        Ok(*meeting != self.package.id)
    }

    fn with_central(&self, action: Action) -> Result<Action, Rejection> {
        match self.status.as_ref().map(|s| &s.central) {
            None | Some(CentralLink::NotConfigured) => Err(Rejection::NoCentralSystem),
            Some(_) => Ok(action),
        }
    }

    fn session_command(
        &mut self,
        step: &mut Step,
        now: Timestamp,
        cmd: ConsoleCommand,
    ) -> Result<(), Rejection> {
        if self.session.phase == Phase::Closed {
            return Err(Rejection::MeetingClosed);
        }
        match cmd {
            ConsoleCommand::OpenSession => {
                if self.session.phase == Phase::Waiting {
                    self.record(step, Fact::SessionOpened { at: now });
                }
            }
            ConsoleCommand::SetItem { item } => {
                if !self.package.agenda.iter().any(|i| i.id == item) {
                    return Err(Rejection::UnknownItem);
                }
                self.record(step, Fact::ItemChanged { item });
            }
            ConsoleCommand::ShowPage { document, page } => {
                if page == 0 || !self.package.documents.iter().any(|d| d.id == document) {
                    return Err(Rejection::UnknownDocument);
                }
                let page = PageRef { document, page };
                self.record(
                    step,
                    Fact::Presenting {
                        page: Some(page.clone()),
                    },
                );
                self.event(step, now, RoomEvent::PageSync { page });
            }
            ConsoleCommand::StopPresenting => self.record(step, Fact::Presenting { page: None }),
            ConsoleCommand::MarkPresent { delegate, present } => {
                self.known_delegate(&delegate)?;
                self.record(step, Fact::MarkedPresent { delegate, present });
            }
            ConsoleCommand::OpenBallot { ballot } => self.open_ballot(step, now, ballot)?,
            ConsoleCommand::CloseBallot { ballot } => {
                self.open_ballot_id(&ballot)?;
                self.close_ballot(step, now, &ballot);
            }
            ConsoleCommand::CancelBallot { ballot } => {
                self.open_ballot_id(&ballot)?;
                self.record(
                    step,
                    Fact::BallotCancelled {
                        ballot: ballot.clone(),
                        at: now,
                    },
                );
                self.event(step, now, RoomEvent::BallotCancelled { ballot });
            }
            ConsoleCommand::GrantFloor { delegate } => {
                self.known_delegate(&delegate)?;
                self.record(step, Fact::FloorGranted { delegate });
            }
            ConsoleCommand::NextSpeaker => {
                let delegate = self
                    .session
                    .speakers
                    .queue
                    .first()
                    .cloned()
                    .ok_or(Rejection::QueueEmpty)?;
                self.record(step, Fact::FloorGranted { delegate });
            }
            ConsoleCommand::RemoveSpeaker { delegate } => {
                if !self.session.speakers.queue.contains(&delegate) {
                    return Err(Rejection::NotQueued);
                }
                self.record(step, Fact::FloorLeft { delegate });
            }
            ConsoleCommand::EndFloor => self.record(step, Fact::FloorEnded),
            ConsoleCommand::Notice { text } => {
                let chars = text.trim().chars().count();
                if chars == 0 || chars > MAX_NOTICE_CHARS {
                    return Err(Rejection::BadText);
                }
                let number = self
                    .session
                    .last_notice
                    .as_ref()
                    .map_or(1, |n| n.number + 1);
                let notice = Notice {
                    number,
                    text,
                    at: now,
                };
                self.record(
                    step,
                    Fact::NoticeSent {
                        notice: notice.clone(),
                    },
                );
                self.event(step, now, RoomEvent::Notice { notice });
            }
            ConsoleCommand::AddConclusion { item, text } => {
                self.may_record_on(&item)?;
                if !text_fits(&text, MAX_CONCLUSION_CHARS) {
                    return Err(Rejection::BadText);
                }
                let conclusion = Conclusion {
                    number: self.session.conclusions_made + 1,
                    text,
                    at: now,
                };
                self.within_record_budget(json_weight(&conclusion))?;
                self.record(step, Fact::ConclusionAdded { item, conclusion });
            }
            ConsoleCommand::RemoveConclusion { item, conclusion } => {
                self.may_record_on(&item)?;
                let known = self
                    .session
                    .records
                    .get(&item)
                    .is_some_and(|r| r.conclusions.iter().any(|c| c.number == conclusion));
                if !known {
                    return Err(Rejection::UnknownEntry);
                }
                self.record(
                    step,
                    Fact::ConclusionRemoved {
                        item,
                        number: conclusion,
                    },
                );
            }
            ConsoleCommand::AssignTask { item, task } => {
                self.may_record_on(&item)?;
                if !task.texts_fit() {
                    return Err(Rejection::BadText);
                }
                let task = Task {
                    number: self.session.tasks_made + 1,
                    task,
                    at: now,
                };
                self.within_record_budget(json_weight(&task))?;
                self.record(step, Fact::TaskAssigned { item, task });
            }
            ConsoleCommand::RemoveTask { item, task } => {
                self.may_record_on(&item)?;
                let known = self
                    .session
                    .records
                    .get(&item)
                    .is_some_and(|r| r.tasks.iter().any(|t| t.number == task));
                if !known {
                    return Err(Rejection::UnknownEntry);
                }
                self.record(step, Fact::TaskRemoved { item, number: task });
            }
            ConsoleCommand::CloseMeeting => {
                if self.session.ballot.is_some() {
                    return Err(Rejection::BallotStillOpen);
                }
                self.record(step, Fact::MeetingClosed { at: now });
            }
            ConsoleCommand::LoadMeeting { .. }
            | ConsoleCommand::RetryUpload
            | ConsoleCommand::SyncNow => unreachable!("handled by console_command"),
        }
        self.state_changed_now(now);
        Ok(())
    }

    /// Conclusions and tasks are recorded in session, on an item of the agenda.
    fn may_record_on(&self, item: &ItemId) -> Result<(), Rejection> {
        if self.session.phase != Phase::InSession {
            return Err(Rejection::NotInSession);
        }
        if !self.package.agenda.iter().any(|i| &i.id == item) {
            return Err(Rejection::UnknownItem);
        }
        Ok(())
    }

    /// Keeps the retained state small: see [`MAX_RECORD_BYTES`].
    fn within_record_budget(&self, weight: usize) -> Result<(), Rejection> {
        if self.session.record_bytes + weight > MAX_RECORD_BYTES {
            return Err(Rejection::RecordFull);
        }
        Ok(())
    }

    fn known_delegate(&self, id: &DelegateId) -> Result<(), Rejection> {
        self.package
            .delegate(id)
            .map(|_| ())
            .ok_or(Rejection::UnknownDelegate)
    }

    fn open_ballot_id(&self, id: &BallotId) -> Result<(), Rejection> {
        match &self.session.ballot {
            Some(b) if &b.spec.id == id => Ok(()),
            _ => Err(Rejection::BallotNotOpen),
        }
    }

    fn open_ballot(
        &mut self,
        step: &mut Step,
        now: Timestamp,
        r: BallotRef,
    ) -> Result<(), Rejection> {
        if self.session.phase != Phase::InSession {
            return Err(Rejection::NotInSession);
        }
        if self.session.ballot.is_some() {
            return Err(Rejection::BallotAlreadyOpen);
        }
        let spec: BallotSpec = match r {
            BallotRef::Prepared(id) => self
                .package
                .ballots
                .iter()
                .find(|b| b.id == id)
                .cloned()
                .ok_or(Rejection::InvalidBallot)?,
            BallotRef::New(spec) => spec,
        };
        spec.validate().map_err(|_| Rejection::InvalidBallot)?;
        if self.session.ballots_done.contains(&spec.id) {
            return Err(Rejection::InvalidBallot);
        }
        if let Some(item) = &spec.item
            && !self.package.agenda.iter().any(|i| &i.id == item)
        {
            return Err(Rejection::UnknownItem);
        }
        let a = self.attendance();
        if !spec.quorum.is_met(a.present, a.members) {
            return Err(Rejection::QuorumNotMet);
        }
        let secret_key = spec
            .secret
            .then(|| Sha256(BallotSecret::from_entropy(self.entropy()).to_bytes()));
        let closes_at = spec
            .duration_secs
            .map(|s| now.plus_millis(i64::from(s) * 1000));
        let id = spec.id.clone();
        self.record(
            step,
            Fact::BallotOpened {
                spec,
                at: now,
                closes_at,
                secret_key,
            },
        );
        self.event(step, now, RoomEvent::BallotOpened { ballot: id });
        Ok(())
    }

    /// Decides and closes the open ballot `id` (by the secretary or the timer).
    pub(super) fn close_ballot(&mut self, step: &mut Step, now: Timestamp, id: &BallotId) {
        let Some(b) = self.session.ballot.as_ref().filter(|b| &b.spec.id == id) else {
            return;
        };
        // Everyone who voted was present, even if they signed out since.
        let present = crate::meeting::count(self.package.delegates.iter().filter(|d| {
            d.role.is_member() && (self.session.is_present(&d.id) || b.voters.contains_key(&d.id))
        }));
        let result = tally::decide(&b.spec, &b.counts, self.members, present);
        self.record(
            step,
            Fact::BallotClosed {
                result: result.clone(),
                at: now,
            },
        );
        self.event(step, now, RoomEvent::BallotClosed { result });
        self.state_changed_now(now);
    }
}
