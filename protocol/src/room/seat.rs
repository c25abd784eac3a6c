//! The rules for requests from seats.

use super::{Fact, Room, Step, receipt};
use crate::ballot::Choice;
use crate::ids::{DelegateId, SeatId, Sha256, Timestamp};
use crate::meeting::Delegate;
use crate::message::seat::MAX_COMMENT_CHARS;
use crate::message::{CastVote, Comment, Credential, Phase, SeatReply, SeatRequest, VotePaper};
use crate::reject::Rejection;

impl Room {
    pub(super) fn seat_request(
        &mut self,
        step: &mut Step,
        now: Timestamp,
        seat: &SeatId,
        req: SeatRequest,
    ) {
        let kind = req.kind();
        let (id, result) = match req {
            SeatRequest::SignIn { credential } => {
                (None, self.sign_in(step, now, seat, &credential))
            }
            SeatRequest::SignOut => (None, self.sign_out(step, now, seat)),
            SeatRequest::CastVote(vote) => (
                Some(vote.vote_id.to_string()),
                self.cast_vote(step, now, seat, vote),
            ),
            SeatRequest::RequestFloor => (None, self.request_floor(step, now, seat)),
            SeatRequest::WithdrawFloor => (None, self.withdraw_floor(step, now, seat)),
            SeatRequest::Comment(c) => (
                Some(c.comment_id.to_string()),
                self.comment(step, now, seat, c),
            ),
        };
        let reply = match result {
            Ok(reply) => reply,
            Err(reason) => SeatReply::Rejected {
                request: kind,
                id,
                reason,
            },
        };
        self.reply(step, now, seat, reply);
    }

    fn sign_in(
        &mut self,
        step: &mut Step,
        now: Timestamp,
        seat: &SeatId,
        cred: &Credential,
    ) -> Result<SeatReply, Rejection> {
        if self.session.phase == Phase::Closed {
            return Err(Rejection::MeetingClosed);
        }
        let delegate = self.find_delegate(cred).ok_or(Rejection::BadCredential)?;
        if &delegate.seat != seat {
            return Err(Rejection::WrongSeat);
        }
        let reply = SeatReply::SignedIn {
            delegate: delegate.id.clone(),
            full_name: delegate.full_name.clone(),
            unit_name: delegate.unit_name.clone(),
        };
        let id = delegate.id.clone();
        if self.session.seat_of.get(&id) != Some(seat) {
            self.record(
                step,
                Fact::SignedIn {
                    delegate: id,
                    seat: seat.clone(),
                    at: now,
                },
            );
            self.state_changed_soon(now);
        }
        Ok(reply)
    }

    fn find_delegate(&self, cred: &Credential) -> Option<&Delegate> {
        let ds = &self.package.delegates;
        match cred {
            Credential::Card { card_hash } => {
                ds.iter().find(|d| d.card_hash.as_ref() == Some(card_hash))
            }
            Credential::Pin { delegate, pin_hash } => ds.iter().find(|d| {
                &d.id == delegate && d.pin_hash.as_ref().is_some_and(|h| ct_eq(h, pin_hash))
            }),
        }
    }

    fn sign_out(
        &mut self,
        step: &mut Step,
        now: Timestamp,
        seat: &SeatId,
    ) -> Result<SeatReply, Rejection> {
        let delegate = self.delegate_at(seat)?;
        self.record(step, Fact::SignedOut { delegate, at: now });
        self.state_changed_soon(now);
        Ok(SeatReply::SignedOut)
    }

    fn cast_vote(
        &mut self,
        step: &mut Step,
        now: Timestamp,
        seat: &SeatId,
        vote: CastVote,
    ) -> Result<SeatReply, Rejection> {
        match self.session.phase {
            Phase::InSession => {}
            Phase::Waiting => return Err(Rejection::NotInSession),
            Phase::Closed => return Err(Rejection::MeetingClosed),
        }
        self.check_claimed(seat, &vote.delegate)?;
        let eligible = self
            .package
            .delegate(&vote.delegate)
            .is_some_and(|d| d.role.is_member());
        if !eligible {
            return Err(Rejection::NotEligible);
        }
        let ballot = self
            .session
            .ballot
            .as_ref()
            .filter(|b| b.spec.id == vote.ballot)
            .ok_or(Rejection::BallotNotOpen)?;
        if ballot.closes_at.is_some_and(|t| t <= now) {
            return Err(Rejection::TooLate);
        }
        let recorded = SeatReply::VoteRecorded {
            ballot: vote.ballot.clone(),
            vote_id: vote.vote_id.clone(),
            receipt: receipt(&vote.ballot, &vote.delegate, &vote.vote_id),
        };
        if let Some(previous) = ballot.voters.get(&vote.delegate) {
            if previous.vote_id == vote.vote_id {
                // A retry of a vote already recorded: answer again, count nothing.
                return Ok(recorded);
            }
            if !ballot.spec.allow_change {
                return Err(Rejection::AlreadyVoted);
            }
        }
        let choice: Choice = match (&vote.paper, &ballot.secret) {
            (VotePaper::Plain(c), None) => c.clone(),
            (VotePaper::Sealed(s), Some(secret)) => secret
                .open(&vote.ballot, s)
                .map_err(|_| Rejection::BadSeal)?,
            (VotePaper::Plain(_), Some(_)) => return Err(Rejection::SealedRequired),
            (VotePaper::Sealed(_), None) => return Err(Rejection::PlainRequired),
        };
        ballot
            .spec
            .check_choice(&choice)
            .map_err(|_| Rejection::InvalidChoice)?;
        let secret = ballot.secret.is_some();
        let SeatReply::VoteRecorded { receipt, .. } = &recorded else {
            unreachable!("built above as VoteRecorded")
        };
        self.record(
            step,
            Fact::VoteRecorded {
                ballot: vote.ballot.clone(),
                delegate: vote.delegate,
                vote_id: vote.vote_id,
                receipt: *receipt,
                choice: (!secret).then(|| choice.clone()),
                at: now,
            },
        );
        if secret {
            self.record(
                step,
                Fact::SecretChoiceCounted {
                    ballot: vote.ballot,
                    choice,
                },
            );
        }
        // Counts may wait for the next coalesced state, but the last vote
        // the room waits for is shown at once: that is when the tally matters.
        if self.every_signed_in_member_voted() {
            self.state_changed_now(now);
        } else {
            self.state_changed_soon(now);
        }
        Ok(recorded)
    }

    fn request_floor(
        &mut self,
        step: &mut Step,
        now: Timestamp,
        seat: &SeatId,
    ) -> Result<SeatReply, Rejection> {
        if self.session.phase != Phase::InSession {
            return Err(Rejection::NotInSession);
        }
        let delegate = self.delegate_at(seat)?;
        let sp = &self.session.speakers;
        if sp.floor.as_ref() == Some(&delegate) || sp.queue.contains(&delegate) {
            return Err(Rejection::AlreadyQueued);
        }
        self.record(step, Fact::FloorRequested { delegate });
        self.state_changed_now(now);
        Ok(SeatReply::FloorQueued {
            position: crate::meeting::count(self.session.speakers.queue.iter()),
        })
    }

    fn withdraw_floor(
        &mut self,
        step: &mut Step,
        now: Timestamp,
        seat: &SeatId,
    ) -> Result<SeatReply, Rejection> {
        let delegate = self.delegate_at(seat)?;
        let sp = &self.session.speakers;
        if sp.floor.as_ref() != Some(&delegate) && !sp.queue.contains(&delegate) {
            return Err(Rejection::NotQueued);
        }
        self.record(step, Fact::FloorLeft { delegate });
        self.state_changed_now(now);
        Ok(SeatReply::FloorWithdrawn)
    }

    fn comment(
        &mut self,
        step: &mut Step,
        now: Timestamp,
        seat: &SeatId,
        c: Comment,
    ) -> Result<SeatReply, Rejection> {
        if self.session.phase == Phase::Closed {
            return Err(Rejection::MeetingClosed);
        }
        self.check_claimed(seat, &c.delegate)?;
        let recorded = SeatReply::CommentRecorded {
            comment_id: c.comment_id.clone(),
        };
        if self.session.comments.contains(&c.comment_id) {
            return Ok(recorded);
        }
        let chars = c.text.trim().chars().count();
        if chars == 0 || chars > MAX_COMMENT_CHARS {
            return Err(Rejection::BadText);
        }
        if let Some(item) = &c.item
            && !self.package.agenda.iter().any(|i| &i.id == item)
        {
            return Err(Rejection::UnknownItem);
        }
        if let Some(doc) = &c.document
            && !self.package.documents.iter().any(|d| &d.id == doc)
        {
            return Err(Rejection::UnknownDocument);
        }
        if c.page == Some(0) || (c.page.is_some() && c.document.is_none()) {
            return Err(Rejection::UnknownDocument);
        }
        self.record(
            step,
            Fact::CommentRecorded {
                seat: seat.clone(),
                comment: c,
                at: now,
            },
        );
        Ok(recorded)
    }
}

impl Room {
    /// The delegate signed in at `seat`.
    fn delegate_at(&self, seat: &SeatId) -> Result<DelegateId, Rejection> {
        self.session
            .at_seat
            .get(seat)
            .cloned()
            .ok_or(Rejection::NotSignedIn)
    }

    /// Checks the delegate a request names is the one signed in at `seat`.
    fn check_claimed(&self, seat: &SeatId, claimed: &DelegateId) -> Result<(), Rejection> {
        if self.delegate_at(seat)? == *claimed {
            Ok(())
        } else {
            Err(Rejection::WrongSeat)
        }
    }
}

/// Compares two digests in constant time.
fn ct_eq(a: &Sha256, b: &Sha256) -> bool {
    a.0.iter()
        .zip(b.0.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}
