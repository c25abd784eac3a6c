//! Sign-in: a card tapped on the reader ([`super::App::card_tapped`]) or a
//! PIN typed for the delegate the seat plan puts here. The controller
//! decides; this screen says what it answered.

use std::rc::Rc;

use kiosk_core::seat::SeatError;
use protocol::reject::Rejection;

use super::text::{self, tr};
use super::{Ctx, Inner, Msg, State};
use crate::ui::sign_in_adapter::{self, SignInView};
use crate::ui::standby_adapter;
use crate::ui::{AppWindow, Page};

/// How the delegate is signing in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Method {
    #[default]
    Card,
    Pin,
}

/// Why the last sign-in did not work, said in the language showing.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Problem {
    /// A PIN, but the seat plan has nobody at this seat.
    NotInSeatPlan,
    Offline,
    NoMeeting,
    Failed(String),
    Refused(Rejection),
}

impl Problem {
    fn say(&self, method: Method) -> String {
        match (self, method) {
            (Self::NotInSeatPlan, _) => tr(
                "Ghế không có trong sơ đồ; xin dùng thẻ đại biểu.",
                "This seat is not in the seat plan; use your card.",
            ),
            (Self::Offline, _) => tr(
                "Mất kết nối với phòng họp, chưa đăng nhập được.",
                "No connection to the room; cannot sign in yet.",
            ),
            (Self::NoMeeting, _) => tr(
                "Ghế chưa nhận được chương trình họp. Xin chờ.",
                "The meeting has not reached this seat yet.",
            ),
            (Self::Failed(why), _) => {
                format!("{}: {why}", tr("Không đăng nhập được", "Cannot sign in"))
            }
            (Self::Refused(Rejection::BadCredential), Method::Pin) => tr(
                "Mã PIN không đúng. Đồng chí vui lòng nhập lại.",
                "Wrong PIN. Please try again.",
            ),
            (Self::Refused(Rejection::BadCredential), Method::Card) => tr(
                "Thẻ không có trong danh sách đại biểu.",
                "This card is not a delegate's card.",
            ),
            (Self::Refused(Rejection::WrongSeat), _) => tr(
                "Đồng chí được xếp ngồi ở ghế khác.",
                "Your seat is another one.",
            ),
            (Self::Refused(other), _) => text::rejection(*other),
        }
    }
}

/// The sign-in screen's own state.
#[derive(Debug, Default)]
pub(crate) struct Local {
    /// A sign-in is on its way.
    busy: bool,
    method: Method,
    problem: Option<Problem>,
    pub(super) shown: Option<SignInView>,
}

pub(super) fn connect(app: &Rc<Inner>, window: &AppWindow) {
    let weak = Rc::downgrade(app);
    standby_adapter::on_sign_in_requested(window, move || {
        if let Some(app) = weak.upgrade() {
            app.act(|cx, st| {
                if !cx.signed_in() {
                    st.sign_in.problem = None;
                    cx.show_page(Page::SignIn);
                }
            });
        }
    });
    let weak = Rc::downgrade(app);
    sign_in_adapter::on_sign_in_pin(window, move |pin| {
        if let Some(app) = weak.upgrade() {
            app.act(|cx, st| self::pin(cx, st, pin));
        }
    });
    let weak = Rc::downgrade(app);
    sign_in_adapter::on_cancel(window, move || {
        if let Some(app) = weak.upgrade() {
            app.act(|cx, st| {
                st.sign_in.problem = None;
                if !cx.signed_in() {
                    cx.show_page(Page::Standby);
                }
            });
        }
    });
}

fn pin(cx: &Ctx<'_>, st: &mut State, pin: String) {
    let local = &mut st.sign_in;
    local.method = Method::Pin;
    let Some(delegate) = cx.seat_delegate().map(|d| d.id.clone()) else {
        local.problem = Some(Problem::NotInSeatPlan);
        return;
    };
    local.busy = true;
    local.problem = None;
    cx.command(move |h| async move { Msg::SignIn(h.sign_in_pin(&delegate, &pin).await) });
}

/// A card was tapped.
pub(super) fn card(cx: &Ctx<'_>, st: &mut State, uid: Vec<u8>) {
    if cx.signed_in() {
        return;
    }
    let local = &mut st.sign_in;
    local.method = Method::Card;
    local.busy = true;
    local.problem = None;
    cx.show_page(Page::SignIn);
    cx.command(move |h| async move { Msg::SignIn(h.sign_in_card(&uid).await) });
}

/// The seat took the sign-in (it is on its way) or could not send it.
pub(super) fn answered(_cx: &Ctx<'_>, st: &mut State, r: Result<(), SeatError>) {
    let local = &mut st.sign_in;
    let problem = match r {
        Ok(()) => return,
        Err(SeatError::Offline) => Problem::Offline,
        Err(SeatError::NoMeeting) => Problem::NoMeeting,
        Err(e) => Problem::Failed(e.to_string()),
    };
    local.busy = false;
    local.problem = Some(problem);
}

pub(super) fn signed_in(cx: &Ctx<'_>, st: &mut State) {
    st.sign_in.busy = false;
    st.sign_in.problem = None;
    if matches!(cx.page(), Page::Standby | Page::SignIn) {
        cx.show_page(Page::Agenda);
    }
}

pub(super) fn refused(_cx: &Ctx<'_>, st: &mut State, reason: Rejection) {
    st.sign_in.busy = false;
    st.sign_in.problem = Some(Problem::Refused(reason));
}

pub(super) fn refresh(cx: &Ctx<'_>, st: &mut State) {
    if cx.signed_in() && matches!(cx.page(), Page::Standby | Page::SignIn) {
        signed_in(cx, st);
    }
    let delegate = cx.seat_delegate();
    let view = SignInView {
        delegate_name: delegate.map(|d| d.full_name.clone()),
        delegate_unit: delegate.map(|d| d.unit_name.clone()).unwrap_or_default(),
        busy: st.sign_in.busy,
        error: st
            .sign_in
            .problem
            .as_ref()
            .map(|p| p.say(st.sign_in.method)),
        ..SignInView::default()
    };
    if st.sign_in.shown.as_ref() != Some(&view) {
        sign_in_adapter::show(cx.window, &view);
        st.sign_in.shown = Some(view);
    }
}
