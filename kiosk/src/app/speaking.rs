//! Requests to speak: ask for the floor, withdraw, the place in the queue,
//! "you have the floor", and who is speaking and waiting.

use std::rc::Rc;

use kiosk_core::seat::{Floor, SeatError};
use protocol::reject::Rejection;

use super::text::{NotTaken, tr};
use super::{Ctx, Inner, Msg, State};
use crate::ui::speaking_adapter::{self, SpeakingView};
use crate::ui::{AppWindow, FloorState, Page};

/// The speaking screen's own state.
#[derive(Debug, Default)]
pub(crate) struct Local {
    /// A request or withdrawal is on its way, made when the floor stood so.
    pending: Option<Floor>,
    /// The one on its way came from the desk's microphone key.
    by_key: bool,
    /// Why the last one was not taken.
    problem: Option<NotTaken>,
    pub(super) shown: Option<SpeakingView>,
}

pub(super) fn connect(app: &Rc<Inner>, window: &AppWindow) {
    let weak = Rc::downgrade(app);
    speaking_adapter::on_request_floor(window, move || {
        if let Some(app) = weak.upgrade() {
            app.act(request);
        }
    });
    let weak = Rc::downgrade(app);
    speaking_adapter::on_withdraw_floor(window, move || {
        if let Some(app) = weak.upgrade() {
            app.act(withdraw);
        }
    });
}

fn request(cx: &Ctx<'_>, st: &mut State) {
    sending(cx, st);
    cx.command(|h| async move { Msg::Floor(h.request_floor().await) });
}

fn withdraw(cx: &Ctx<'_>, st: &mut State) {
    sending(cx, st);
    cx.command(|h| async move { Msg::Floor(h.withdraw_floor().await) });
}

fn sending(cx: &Ctx<'_>, st: &mut State) {
    let local = &mut st.speaking;
    local.pending = Some(cx.view.floor);
    local.by_key = false;
    local.problem = None;
}

/// The microphone key on the desk: asks for the floor, or withdraws the
/// request or gives the floor back. Nothing while signed out or while the
/// last press is still on its way (a second press then would undo the first).
pub(super) fn mic_key(cx: &Ctx<'_>, st: &mut State) {
    if !cx.signed_in() || st.speaking.pending.is_some() {
        return;
    }
    match cx.view.floor {
        Floor::Idle => request(cx, st),
        Floor::Queued { .. } | Floor::Speaking => withdraw(cx, st),
    }
    st.speaking.by_key = true;
}

/// The seat sent the request, or could not (offline: the status bar says so).
pub(super) fn answered(cx: &Ctx<'_>, st: &mut State, r: Result<(), SeatError>) {
    if let Err(e) = r {
        tracing::warn!(cause = %e, "the floor request was not sent");
        not_taken(cx, st, NotTaken::Failed(e.to_string()));
    }
}

/// Says why on the speaking screen; a press of the desk's key that was not
/// taken brings the screen up, since the key itself shows nothing.
fn not_taken(cx: &Ctx<'_>, st: &mut State, problem: NotTaken) {
    let local = &mut st.speaking;
    local.pending = None;
    local.problem = Some(problem);
    if std::mem::take(&mut local.by_key) {
        cx.show_page(Page::Speaking);
    }
}

/// The controller answered the request.
pub(super) fn settled(st: &mut State) {
    st.speaking.pending = None;
    st.speaking.by_key = false;
}

pub(super) fn refused(cx: &Ctx<'_>, st: &mut State, reason: Rejection) {
    tracing::info!(?reason, "the floor request was refused");
    not_taken(cx, st, NotTaken::Refused(reason));
}

fn floor_state(floor: Floor) -> FloorState {
    match floor {
        Floor::Idle => FloorState::Idle,
        Floor::Queued { .. } => FloorState::Queued,
        Floor::Speaking => FloorState::Speaking,
    }
}

/// "Name — Unit".
fn speaker(cx: &Ctx<'_>, id: &protocol::ids::DelegateId) -> String {
    match cx.manifest().and_then(|m| m.meeting.delegate(id)) {
        Some(d) if !d.unit_name.is_empty() => format!("{} — {}", d.full_name, d.unit_name),
        Some(d) => d.full_name.clone(),
        None => id.to_string(),
    }
}

pub(super) fn refresh(cx: &Ctx<'_>, st: &mut State) {
    // The floor moved: whatever was asked has been answered.
    if st.speaking.pending.is_some_and(|f| f != cx.view.floor) {
        st.speaking.pending = None;
    }
    // What the last request was refused no longer matters once the floor moved.
    if st
        .speaking
        .shown
        .as_ref()
        .is_some_and(|v| v.state != floor_state(cx.view.floor))
    {
        st.speaking.problem = None;
    }
    let speakers = cx.view.state.as_ref().map(|s| &s.speakers);
    let state = floor_state(cx.view.floor);
    let position = match cx.view.floor {
        Floor::Queued { position } => Some(position),
        Floor::Idle | Floor::Speaking => None,
    };
    let view = SpeakingView {
        state,
        position,
        floor_holder: speakers
            .and_then(|s| s.floor.as_ref())
            .map(|d| speaker(cx, d)),
        queue: speakers
            .map(|s| s.queue.iter().map(|d| cx.delegate_name(d)).collect())
            .unwrap_or_default(),
        pending: st.speaking.pending.is_some(),
        problem: st.speaking.problem.as_ref().map(say_problem),
    };
    if st.speaking.shown.as_ref() != Some(&view) {
        speaking_adapter::show(cx.window, &view);
        st.speaking.shown = Some(view);
    }
}

/// Why the last one was not taken, in the language showing.
fn say_problem(problem: &NotTaken) -> String {
    problem.say(&tr(
        "Yêu cầu chưa được ghi nhận",
        "The request was not taken",
    ))
}
