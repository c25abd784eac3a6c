//! Voting: the open ballot (motion or election, open or secret), confirm,
//! the receipt once the controller recorded the vote, the time left, and
//! the ballot closing or being cancelled.
//!
//! Which step shows follows the seat's view: `SeatView::ability` says
//! whether the delegate may vote, `SeatView::votes` where the vote stands.
//! An election's marks are checked by the ballot itself
//! (`BallotSpec::check_choice`).

use std::collections::BTreeSet;
use std::rc::Rc;

use hardware::VoteKey;
use kiosk_core::desk;
use kiosk_core::seat::SeatError;
use protocol::ballot::{BallotKind, BallotSpec, Choice};
use protocol::client::{ActionError, VoteAbility, VoteState};
use protocol::ids::{BallotId, CandidateId};
use protocol::reject::Rejection;
use protocol::tally::BallotResult;

use super::text::{self, NotTaken, tr};
use super::{Ctx, Inner, Msg, State};
use crate::ui::voting_adapter::{
    self, BallotPaper, BallotView, CandidateView, ElectionMarks, short_receipt,
};
use crate::ui::{AppWindow, Page, VoteStep};

/// The voting screen's own state.
#[derive(Debug, Default)]
pub(crate) struct Local {
    /// The ballot the screen was opened for.
    ballot: Option<BallotId>,
    /// The names kept on an election ballot.
    marks: BTreeSet<CandidateId>,
    /// A vote was handed to the seat and its answer has not come back.
    sending: bool,
    /// "Thay đổi phiếu" was touched: choose again.
    changing: bool,
    /// The ballot shown closed (rather than cancelled).
    closed: bool,
    /// A ballot that opened: show the voting screen once the delegate may vote on it.
    bring_up: Option<BallotId>,
    /// Why the last vote was not taken.
    problem: Option<NotTaken>,
}

impl Local {
    /// The delegate signed out: nothing of their ballot stays.
    pub(super) fn forget(&mut self) {
        *self = Self::default();
    }
}

pub(super) fn connect(app: &Rc<Inner>, window: &AppWindow) {
    let weak = Rc::downgrade(app);
    voting_adapter::on_cast_motion(window, move |choice| {
        if let Some(app) = weak.upgrade() {
            app.act(|cx, st| cast(cx, st, Choice::Motion(choice)));
        }
    });
    let weak = Rc::downgrade(app);
    voting_adapter::on_toggle_candidate(window, move |id| {
        if let Some(app) = weak.upgrade() {
            app.act(|cx, st| {
                let Ok(id) = CandidateId::new(id) else { return };
                let marks = &mut st.voting.marks;
                if !marks.remove(&id) {
                    marks.insert(id);
                }
                if let Some(spec) = open_spec(cx) {
                    voting_adapter::set_marks(cx.window, &election_marks(&spec, marks));
                }
            });
        }
    });
    let weak = Rc::downgrade(app);
    voting_adapter::on_cast_election(window, move || {
        if let Some(app) = weak.upgrade() {
            app.act(|cx, st| {
                let choice = Choice::Election(st.voting.marks.clone());
                cast(cx, st, choice);
            });
        }
    });
    let weak = Rc::downgrade(app);
    voting_adapter::on_change_vote(window, move || {
        if let Some(app) = weak.upgrade() {
            app.act(|cx, st| {
                st.voting.changing = true;
                voting_adapter::choose_again(cx.window, None);
            });
        }
    });
}

/// A vote key on the desk. On an open motion this delegate may vote on, the
/// first press chooses and shows the confirm step (bringing the ballot up
/// over whatever screen showed), a second press of the same key confirms and
/// casts, another key chooses again; with a recorded vote that may be
/// changed, a press starts the change. An election is marked on the screen:
/// a key only brings the ballot up. Without a ballot the keys do nothing.
pub(super) fn key(cx: &Ctx<'_>, st: &mut State, key: VoteKey) {
    if !matches!(cx.view.ability, VoteAbility::May { .. }) {
        return;
    }
    let Some(open) = cx.view.open_ballot() else {
        return;
    };
    // The screen may not have caught up with the view that opened it.
    refresh(cx, st);
    cx.show_page(Page::Voting);
    if !matches!(open.spec.kind, BallotKind::Motion) || st.voting.sending {
        return;
    }
    let choice = desk::motion_choice(key);
    match voting_adapter::step(cx.window) {
        VoteStep::Confirm if voting_adapter::chosen(cx.window) == choice => {
            cast(cx, st, Choice::Motion(choice));
        }
        VoteStep::Choose | VoteStep::Confirm => voting_adapter::confirm(cx.window, choice),
        VoteStep::Recorded => {
            st.voting.changing = true;
            voting_adapter::confirm(cx.window, choice);
        }
        VoteStep::Idle | VoteStep::Sending | VoteStep::Closed => {}
    }
}

fn open_spec(cx: &Ctx<'_>) -> Option<BallotSpec> {
    cx.view.open_ballot().map(|b| b.spec.clone())
}

fn cast(cx: &Ctx<'_>, st: &mut State, choice: Choice) {
    let local = &mut st.voting;
    local.sending = true;
    local.changing = false;
    local.problem = None;
    voting_adapter::sending(cx.window, "");
    cx.command(move |h| async move { Msg::Cast(h.cast(choice).await.map(|_| ())) });
}

/// The seat took the vote (it is on disk and on its way) or refused it.
pub(super) fn answered(cx: &Ctx<'_>, st: &mut State, r: Result<(), SeatError>) {
    let local = &mut st.voting;
    local.sending = false;
    match r {
        Ok(()) => {}
        Err(SeatError::Action(ActionError::CannotVote(VoteAbility::TimeUp))) => {
            local.problem = Some(NotTaken::Refused(Rejection::TooLate));
        }
        Err(e) => {
            tracing::warn!(cause = %e, "the vote was not taken");
            local.problem = Some(NotTaken::Failed(e.to_string()));
            voting_adapter::choose_again(cx.window, None);
        }
    }
}

/// The controller refused the vote: the delegate chooses again.
pub(super) fn refused(cx: &Ctx<'_>, st: &mut State, reason: Rejection) {
    st.voting.problem = Some(NotTaken::Refused(reason));
    tracing::warn!(?reason, "the room refused the vote");
    if matches!(cx.view.ability, VoteAbility::May { .. }) {
        voting_adapter::choose_again(cx.window, None);
    }
}

pub(super) fn opened(_cx: &Ctx<'_>, st: &mut State, ballot: &BallotId) {
    st.voting.bring_up = Some(ballot.clone());
}

pub(super) fn closed(cx: &Ctx<'_>, st: &mut State, result: &BallotResult) {
    let ballot = &result.ballot;
    if st.voting.ballot.as_ref() == Some(ballot) {
        st.voting.closed = true;
        // The final count, not the last one the state carried.
        voting_adapter::set_progress(
            cx.window,
            None,
            &format!("{}/{}", result.cast, result.present),
        );
    }
    if st.voting.bring_up.as_ref() == Some(ballot) {
        st.voting.bring_up = None;
    }
}

pub(super) fn cancelled(_cx: &Ctx<'_>, st: &mut State, ballot: &BallotId) {
    if st.voting.ballot.as_ref() == Some(ballot) {
        st.voting.closed = false;
    }
    if st.voting.bring_up.as_ref() == Some(ballot) {
        st.voting.bring_up = None;
    }
}

fn election_marks(spec: &BallotSpec, marks: &BTreeSet<CandidateId>) -> ElectionMarks {
    let (candidates, max) = match &spec.kind {
        BallotKind::Election {
            candidates,
            max_choices,
        } => (candidates.as_slice(), *max_choices),
        BallotKind::Motion => (&[][..], 0),
    };
    ElectionMarks {
        candidates: candidates
            .iter()
            .map(|c| CandidateView {
                id: c.id.to_string(),
                full_name: c.full_name.clone(),
                unit_name: c.unit_name.clone(),
                kept: marks.contains(&c.id),
            })
            .collect(),
        max_keep: max,
        kept: u32::try_from(marks.len()).unwrap_or(u32::MAX),
        valid: spec.check_choice(&Choice::Election(marks.clone())).is_ok(),
    }
}

fn ballot_view(cx: &Ctx<'_>, spec: &BallotSpec, marks: &BTreeSet<CandidateId>) -> BallotView {
    let item = spec
        .item
        .as_ref()
        .and_then(|i| {
            let agenda = &cx.manifest()?.meeting.agenda;
            let at = agenda.iter().position(|a| &a.id == i)?;
            Some(format!(
                "{} {} — {}",
                tr("Mục", "Item"),
                at + 1,
                agenda[at].title
            ))
        })
        .unwrap_or_default();
    let (time_left, turnout) = progress(cx);
    BallotView {
        title: spec.title.clone(),
        item,
        paper: match spec.kind {
            BallotKind::Motion => BallotPaper::Motion,
            BallotKind::Election { .. } => BallotPaper::Election(election_marks(spec, marks)),
        },
        secret: spec.secret,
        time_left,
        turnout,
    }
}

/// Time left and how many of those present have voted.
fn progress(cx: &Ctx<'_>) -> (Option<String>, String) {
    let Some(b) = cx.view.open_ballot() else {
        return (None, String::new());
    };
    let present = cx.view.state.as_ref().map_or(0, |s| s.attendance.present);
    (
        b.closes_at.map(|t| text::time_left(t, cx.now)),
        format!("{}/{present}", b.voted),
    )
}

pub(super) fn refresh(cx: &Ctx<'_>, st: &mut State) {
    let local = &mut st.voting;
    let Some(open) = cx.view.open_ballot() else {
        if local.ballot.take().is_some() {
            if local.closed {
                voting_adapter::closed(cx.window);
            } else {
                voting_adapter::idle(cx.window);
            }
        }
        return;
    };
    let spec = &open.spec;
    if local.ballot.as_ref() != Some(&spec.id) {
        // A new ballot: every name kept until the delegate strikes some.
        local.ballot = Some(spec.id.clone());
        local.marks = match &spec.kind {
            BallotKind::Election { candidates, .. } => {
                candidates.iter().map(|c| c.id.clone()).collect()
            }
            BallotKind::Motion => BTreeSet::new(),
        };
        local.sending = false;
        local.changing = false;
        local.closed = false;
        local.problem = None;
        voting_adapter::open(cx.window, &ballot_view(cx, spec, &local.marks));
    }
    if local.bring_up.as_ref() == Some(&spec.id)
        && matches!(cx.view.ability, VoteAbility::May { .. })
    {
        local.bring_up = None;
        cx.show_page(Page::Voting);
    }
    let step = voting_adapter::step(cx.window);
    let waiting = || {
        if cx.view.is_online() {
            tr(
                "Đang chờ phòng họp xác nhận…",
                "Waiting for the room to confirm…",
            )
        } else {
            tr(
                "Mất kết nối — phiếu đã lưu trên máy này và sẽ tự gửi lại khi có kết nối.",
                "No connection — the vote is saved on this seat and will be sent when the connection is back.",
            )
        }
    };
    match (&cx.view.ability, cx.view.vote(&spec.id)) {
        (_, Some(VoteState::Recorded { receipt })) if !local.changing => {
            let may_change = matches!(cx.view.ability, VoteAbility::May { .. });
            voting_adapter::recorded(cx.window, &short_receipt(receipt), may_change);
        }
        (VoteAbility::AlreadyVoted { receipt: Some(r) }, _) => {
            voting_adapter::recorded(cx.window, &short_receipt(r), false);
        }
        (VoteAbility::AlreadyVoted { receipt: None }, _) | (_, Some(VoteState::Waiting)) => {
            voting_adapter::sending(cx.window, &waiting());
        }
        (VoteAbility::May { .. }, _) => {
            if local.sending {
                voting_adapter::sending(cx.window, "");
            } else {
                if !matches!(step, VoteStep::Choose | VoteStep::Confirm) {
                    voting_adapter::choose_again(cx.window, None);
                }
                let problem = local.problem.as_ref().map(say_problem);
                voting_adapter::set_problem(cx.window, problem.as_deref());
            }
        }
        (VoteAbility::TimeUp, _) => voting_adapter::closed(cx.window),
        (VoteAbility::NotAMember, _) => voting_adapter::observing(cx.window),
        _ => voting_adapter::idle(cx.window),
    }
}

/// Every second: the time left and the turnout.
pub(super) fn tick(cx: &Ctx<'_>, _st: &mut State) {
    if cx.view.open_ballot().is_some() {
        let (time_left, turnout) = progress(cx);
        voting_adapter::set_progress(cx.window, time_left.as_deref(), &turnout);
    }
}

/// Why the last one was not taken, in the language showing.
fn say_problem(problem: &NotTaken) -> String {
    problem.say(&tr("Phiếu chưa được ghi nhận", "The vote was not taken"))
}
