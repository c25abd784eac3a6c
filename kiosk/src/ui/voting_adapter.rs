//! Voting: motions and elections, confirm, receipt (`VotingAdapter`).
//!
//! The screen moves between "choose" and "confirm" by itself; everything
//! else (a ballot opening, sending, recorded, closed) comes from Rust through
//! the functions here. Whether a choice is valid, and whether a vote may be
//! cast or changed, is the core's decision: it sets `election_valid` and
//! `can_change`, and answers the callbacks.

use protocol::ballot::MotionChoice;
use slint::ComponentHandle;

use super::generated::{self, BallotKind, CandidateEntry};
use super::{AppWindow, VoteStep, VotingAdapter, int, model};

/// One candidate on an election ballot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandidateView {
    pub id: String,
    pub full_name: String,
    pub unit_name: String,
    /// Kept (giữ) rather than struck (gạch tên).
    pub kept: bool,
}

/// The marks on an election ballot, and what the core thinks of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElectionMarks {
    pub candidates: Vec<CandidateView>,
    /// At most this many names may be kept.
    pub max_keep: u32,
    pub kept: u32,
    /// The marks make a valid ballot ("Tiếp tục" is enabled).
    pub valid: bool,
}

/// Motion or election.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BallotPaper {
    Motion,
    Election(ElectionMarks),
}

/// An open ballot as the seat shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BallotView {
    pub title: String,
    /// The agenda item it decides, in words.
    pub item: String,
    pub paper: BallotPaper,
    pub secret: bool,
    /// Time left as the seat shows it ("01:45"); `None` without a timer.
    pub time_left: Option<String>,
    /// How many have voted, of how many ("32/45").
    pub turnout: String,
}

/// The UI's motion choice as the protocol's.
pub fn motion_choice(choice: generated::MotionChoice) -> MotionChoice {
    match choice {
        generated::MotionChoice::InFavour => MotionChoice::For,
        generated::MotionChoice::Against => MotionChoice::Against,
        generated::MotionChoice::Abstain => MotionChoice::Abstain,
    }
}

fn ui_motion_choice(choice: MotionChoice) -> generated::MotionChoice {
    match choice {
        MotionChoice::For => generated::MotionChoice::InFavour,
        MotionChoice::Against => generated::MotionChoice::Against,
        MotionChoice::Abstain => generated::MotionChoice::Abstain,
    }
}

/// A short receipt code to read out and find in the minutes: the first
/// eight hex digits of the receipt hash, upper-case, in two groups ("7F3A-92CD").
pub fn short_receipt(receipt: &protocol::ids::Sha256) -> String {
    let hex = receipt.to_hex().to_uppercase();
    format!("{}-{}", &hex[..4], &hex[4..8])
}

/// Shows a ballot that just opened, at the "choose" step.
pub fn open(window: &AppWindow, view: &BallotView) {
    let adapter = window.global::<VotingAdapter>();
    adapter.set_title(view.title.as_str().into());
    adapter.set_item(view.item.as_str().into());
    adapter.set_secret(view.secret);
    adapter.set_time_left(view.time_left.as_deref().unwrap_or("").into());
    adapter.set_turnout(view.turnout.as_str().into());
    adapter.set_receipt("".into());
    adapter.set_status("".into());
    adapter.set_can_change(false);
    match &view.paper {
        BallotPaper::Motion => adapter.set_kind(BallotKind::Motion),
        BallotPaper::Election(marks) => {
            adapter.set_kind(BallotKind::Election);
            set_marks(window, marks);
        }
    }
    adapter.set_step(VoteStep::Choose);
}

/// Updates the election marks after a touch (the core toggled a name).
pub fn set_marks(window: &AppWindow, marks: &ElectionMarks) {
    let adapter = window.global::<VotingAdapter>();
    let rows = marks
        .candidates
        .iter()
        .map(|c| CandidateEntry {
            id: c.id.as_str().into(),
            name: c.full_name.as_str().into(),
            unit: c.unit_name.as_str().into(),
            kept: c.kept,
        })
        .collect();
    adapter.set_candidates(model(rows));
    adapter.set_max_keep(int(marks.max_keep));
    adapter.set_kept_count(int(marks.kept));
    adapter.set_election_valid(marks.valid);
}

/// Updates the timer and the turnout (every second while open).
pub fn set_progress(window: &AppWindow, time_left: Option<&str>, turnout: &str) {
    let adapter = window.global::<VotingAdapter>();
    adapter.set_time_left(time_left.unwrap_or("").into());
    adapter.set_turnout(turnout.into());
}

/// The vote is on its way (or being retried: `status` says so).
pub fn sending(window: &AppWindow, status: &str) {
    let adapter = window.global::<VotingAdapter>();
    adapter.set_status(status.into());
    adapter.set_step(VoteStep::Sending);
}

/// The controller recorded the vote: show the receipt.
pub fn recorded(window: &AppWindow, receipt_code: &str, can_change: bool) {
    let adapter = window.global::<VotingAdapter>();
    adapter.set_receipt(receipt_code.into());
    adapter.set_can_change(can_change);
    adapter.set_status("".into());
    adapter.set_step(VoteStep::Recorded);
}

/// Back to "choose" (a rejected vote, or "Thay đổi phiếu" allowed), with the
/// previous motion answer preselected if any.
pub fn choose_again(window: &AppWindow, previous: Option<MotionChoice>) {
    let adapter = window.global::<VotingAdapter>();
    if let Some(choice) = previous {
        adapter.set_chosen(ui_motion_choice(choice));
    }
    adapter.set_step(VoteStep::Choose);
}

/// Shows the confirm step for a motion answer chosen with a desk key.
pub fn confirm(window: &AppWindow, choice: MotionChoice) {
    let adapter = window.global::<VotingAdapter>();
    adapter.set_chosen(ui_motion_choice(choice));
    adapter.set_step(VoteStep::Confirm);
}

/// The motion answer the screen holds (meaningful from the confirm step on).
pub fn chosen(window: &AppWindow) -> MotionChoice {
    motion_choice(window.global::<VotingAdapter>().get_chosen())
}

/// The seat has vote keys: a motion's confirm step says that pressing the
/// same key again confirms.
pub fn set_desk_keys(window: &AppWindow, present: bool) {
    window.global::<VotingAdapter>().set_desk_keys(present);
}

/// Says why the last vote was not taken (shown over the ballot at the
/// "choose" step); `None` clears it.
pub fn set_problem(window: &AppWindow, problem: Option<&str>) {
    window
        .global::<VotingAdapter>()
        .set_status(problem.unwrap_or("").into());
}

/// The ballot closed.
pub fn closed(window: &AppWindow) {
    window.global::<VotingAdapter>().set_step(VoteStep::Closed);
}

/// No ballot is open.
pub fn idle(window: &AppWindow) {
    let adapter = window.global::<VotingAdapter>();
    adapter.set_observing(false);
    adapter.set_step(VoteStep::Idle);
}

/// A ballot is open that this seat does not vote on (an observer).
pub fn observing(window: &AppWindow) {
    let adapter = window.global::<VotingAdapter>();
    adapter.set_observing(true);
    adapter.set_step(VoteStep::Idle);
}

/// The step showing now.
pub fn step(window: &AppWindow) -> VoteStep {
    window.global::<VotingAdapter>().get_step()
}

/// The delegate confirmed a motion answer.
pub fn on_cast_motion(window: &AppWindow, f: impl Fn(MotionChoice) + 'static) {
    window
        .global::<VotingAdapter>()
        .on_cast_motion(move |choice| f(motion_choice(choice)));
}

/// The delegate touched a candidate (its id): keep or strike, as the core decides.
pub fn on_toggle_candidate(window: &AppWindow, f: impl Fn(String) + 'static) {
    window
        .global::<VotingAdapter>()
        .on_toggle_candidate(move |id| f(id.to_string()));
}

/// The delegate confirmed the election ballot as marked.
pub fn on_cast_election(window: &AppWindow, f: impl Fn() + 'static) {
    window.global::<VotingAdapter>().on_cast_election(f);
}

/// The delegate touched "Thay đổi phiếu".
pub fn on_change_vote(window: &AppWindow, f: impl Fn() + 'static) {
    window.global::<VotingAdapter>().on_change_vote(f);
}
