//! Ballots: prepared, open (timer, who has voted), results.

use std::rc::Rc;

use protocol::ballot::{BallotKind, BallotSpec};
use protocol::ids::BallotId;
use protocol::message::{BallotRef, ConsoleCommand};

use crate::text;
use crate::ui::ballots_adapter::{self, BallotsView, OpenView, result_view};
use crate::ui::{AppWindow, BallotState, PreparedBallot, ResultTab};

use super::{Cx, Inner};

/// How many waiting names the open ballot lists.
const WAITING_SHOWN: usize = 12;
/// A timer under this many milliseconds is shown as urgent.
const URGENT_MS: i64 = 15_000;

/// Which result is shown (`None`: the newest).
#[derive(Default)]
pub(super) struct Local {
    pub(super) selected: Option<usize>,
}

fn kind(spec: &BallotSpec, vi: bool) -> String {
    match (&spec.kind, vi) {
        (BallotKind::Motion, true) => "Biểu quyết".to_owned(),
        (BallotKind::Motion, false) => "Motion".to_owned(),
        (
            BallotKind::Election {
                candidates,
                max_choices,
            },
            true,
        ) => {
            format!("Bầu cử: chọn {max_choices} trong {}", candidates.len())
        }
        (
            BallotKind::Election {
                candidates,
                max_choices,
            },
            false,
        ) => {
            format!("Election: choose {max_choices} of {}", candidates.len())
        }
    }
}

pub(super) fn view(cx: &Cx<'_>, local: &Local) -> BallotsView {
    let vi = cx.vi();
    let state = cx.view.state.as_ref();
    let attendance = state.map(|s| s.attendance).unwrap_or_default();
    let open_id = state.and_then(|s| s.ballot.as_ref()).map(|b| &b.spec.id);
    let decided = |id: &BallotId| state.is_some_and(|s| s.results.iter().any(|r| &r.ballot == id));
    let members = cx
        .manifest()
        .map_or(attendance.members, |m| m.meeting.member_count());
    let prepared = cx.manifest().map_or_else(Vec::new, |m| {
        m.meeting
            .ballots
            .iter()
            .map(|b| {
                let command = ConsoleCommand::OpenBallot {
                    ballot: BallotRef::Prepared(b.id.clone()),
                };
                let state_now = if open_id == Some(&b.id) {
                    BallotState::Open
                } else if decided(&b.id) {
                    BallotState::Decided
                } else {
                    BallotState::Ready
                };
                let quorum = match text::quorum(b.quorum, cx.language) {
                    None if vi => "Không kiểm tra số lượng có mặt".to_owned(),
                    None => "No quorum check".to_owned(),
                    Some(rule) if vi => format!(
                        "Cần có mặt: {rule} ({} người); đang có mặt {}",
                        b.quorum.required(members),
                        attendance.present
                    ),
                    Some(rule) => format!(
                        "Quorum: {rule} ({}); present now {}",
                        b.quorum.required(members),
                        attendance.present
                    ),
                };
                PreparedBallot {
                    id: b.id.as_str().into(),
                    title: b.title.as_str().into(),
                    kind: kind(b, vi).into(),
                    secret: b.secret,
                    rule: text::capitalised(text::majority(b.majority, cx.language)).into(),
                    quorum: quorum.into(),
                    quorum_met: b.quorum.is_met(attendance.present, members),
                    duration: text::duration(b.duration_secs, cx.language).into(),
                    state: state_now,
                    can_open: cx.permits(&command)
                        && open_id.is_none()
                        && state_now == BallotState::Ready,
                }
            })
            .collect()
    });
    let open = state.and_then(|s| s.ballot.as_ref()).map(|b| {
        let (timer, caption, urgent) = match b.closes_at {
            Some(end) => {
                let left = end.millis_since(cx.now);
                (
                    text::mmss(left),
                    if vi {
                        "Thời gian còn lại"
                    } else {
                        "Time left"
                    },
                    left < URGENT_MS,
                )
            }
            None => (
                text::mmss(cx.now.millis_since(b.opened_at)),
                if vi { "Đã mở được" } else { "Open for" },
                false,
            ),
        };
        let waiting: Vec<String> = cx.view.seat_map.as_ref().map_or_else(Vec::new, |map| {
            map.seats
                .iter()
                .filter(|r| r.present && !r.voted)
                .filter(|r| cx.delegate(&r.delegate).is_some_and(|d| d.role.is_member()))
                .map(|r| cx.name(&r.delegate))
                .collect()
        });
        let more = waiting.len().saturating_sub(WAITING_SHOWN);
        let mut names = waiting
            .into_iter()
            .take(WAITING_SHOWN)
            .collect::<Vec<_>>()
            .join(", ");
        let rest = match (more, vi) {
            (0, _) => String::new(),
            (n, true) => format!(" và {n} người khác"),
            (n, false) => format!(" and {n} more"),
        };
        names.push_str(&rest);
        OpenView {
            title: b.spec.title.clone(),
            secret: b.spec.secret,
            timer,
            timer_caption: caption.to_owned(),
            timer_urgent: urgent,
            voted: b.voted,
            voters: attendance.present.max(b.voted),
            waiting: names,
        }
    });
    let results = state.map_or(&[][..], |s| s.results.as_slice());
    let selected = local
        .selected
        .filter(|i| *i < results.len())
        .unwrap_or(results.len().saturating_sub(1));
    let sample = ConsoleCommand::NextSpeaker;
    let close = open_id.map(|id| ConsoleCommand::CloseBallot { ballot: id.clone() });
    let close = close.as_ref().unwrap_or(&sample);
    BallotsView {
        prepared,
        open,
        tabs: results
            .iter()
            .map(|r| ResultTab {
                title: r.title.as_str().into(),
                secret: r.secret,
            })
            .collect(),
        selected,
        result: results.get(selected).map(|r| result_view(r, cx.language)),
        can_run: cx.permits(close),
        why_not: cx.why_not(close),
    }
}

pub(super) fn connect(inner: &Rc<Inner>, window: &AppWindow) {
    let weak = Rc::downgrade(inner);
    ballots_adapter::on_open_ballot(window, move |id| {
        let Some(app) = weak.upgrade() else { return };
        let Ok(id) = BallotId::new(id) else { return };
        app.act(|app, _, st| {
            st.ballots.selected = None;
            app.send(
                st,
                ConsoleCommand::OpenBallot {
                    ballot: BallotRef::Prepared(id),
                },
            );
        });
    });
    let open_ballot = |app: &Inner| {
        app.handle
            .view()
            .state
            .as_ref()
            .and_then(|s| s.ballot.as_ref())
            .map(|b| b.spec.id.clone())
    };
    let weak = Rc::downgrade(inner);
    ballots_adapter::on_close_ballot(window, move || {
        let Some(app) = weak.upgrade() else { return };
        let Some(ballot) = open_ballot(&app) else {
            return;
        };
        app.act(|app, _, st| app.send(st, ConsoleCommand::CloseBallot { ballot }));
    });
    let weak = Rc::downgrade(inner);
    ballots_adapter::on_cancel_ballot(window, move || {
        let Some(app) = weak.upgrade() else { return };
        let Some(ballot) = open_ballot(&app) else {
            return;
        };
        app.act(|app, _, st| app.send(st, ConsoleCommand::CancelBallot { ballot }));
    });
    let weak = Rc::downgrade(inner);
    ballots_adapter::on_select_result(window, move |i| {
        if let Some(app) = weak.upgrade() {
            app.act(|_, _, st| st.ballots.selected = Some(i));
        }
    });
}
