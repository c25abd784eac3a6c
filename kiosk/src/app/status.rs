//! The status bar, the standby screen, the navigation rail, sign-out and
//! the language switch; and which screen shows when nobody is signed in.

use std::rc::Rc;

use kiosk_core::seat::{Connection, Floor};
use protocol::message::Phase;

use super::text::{self, LocalTime};
use super::{Ctx, Inner, Msg, State, viewer};
use crate::ui::standby_adapter::{self, StandbyView};
use crate::ui::status_adapter::{self, DelegateBadge, StatusView};
use crate::ui::{self, AppWindow, ConnectionState, Page};

pub(super) fn connect(app: &Rc<Inner>, window: &AppWindow) {
    let weak = Rc::downgrade(app);
    status_adapter::on_navigate(window, move |page| {
        if let Some(app) = weak.upgrade() {
            app.act(|cx, st| navigate(cx, st, page));
        }
    });
    let weak = Rc::downgrade(app);
    status_adapter::on_sign_out(window, move || {
        if let Some(app) = weak.upgrade() {
            app.act(|cx, _| {
                cx.command(|h| async move { Msg::SignOut(h.sign_out().await) });
            });
        }
    });
    let weak = Rc::downgrade(app);
    status_adapter::on_language_requested(window, move |language| {
        if let Some(app) = weak.upgrade() {
            app.act(|cx, _| {
                if let Err(e) = ui::set_language(cx.window, language) {
                    tracing::warn!(cause = %e, "cannot switch the language");
                }
            });
        }
    });
}

/// The delegate touched a tab of the rail (or "Xem kết quả").
fn navigate(cx: &Ctx<'_>, st: &mut State, page: Page) {
    if !cx.signed_in() {
        return;
    }
    match page {
        // "Tài liệu" with no paper open: open the first one of the item in view.
        Page::Viewer if st.viewer.doc.is_none() => match super::agenda::first_paper(cx, st) {
            Some(doc) => viewer::open(cx, st, &doc, 1),
            None => cx.show_page(Page::Agenda),
        },
        Page::Standby | Page::SignIn => {}
        page => cx.show_page(page),
    }
}

/// The delegate signed out: back to standby, and nothing of theirs stays on screen.
pub(super) fn signed_out(cx: &Ctx<'_>, st: &mut State) {
    st.comments.forget(cx);
    st.voting.forget();
    viewer::close(cx, st);
    cx.show_page(Page::Standby);
}

pub(super) fn refresh(cx: &Ctx<'_>, st: &mut State) {
    let view = cx.view;
    let progress = view.papers;
    let settings = &cx.app.settings;
    status_adapter::show(
        cx.window,
        &StatusView {
            room: room_name(cx),
            seat: settings.seat_label.clone(),
            clock: now(cx).clock(),
            connection: connection(&view.connection),
            papers_cached: u32::try_from(progress.ready).unwrap_or(u32::MAX),
            papers_total: u32::try_from(progress.total).unwrap_or(u32::MAX),
            delegate: view.signed_in.as_ref().map(|d| DelegateBadge {
                full_name: d.full_name.clone(),
                unit_name: d.unit_name.clone(),
            }),
            ballot_open: matches!(view.ability, protocol::client::VoteAbility::May { .. }),
            speaking_position: match view.floor {
                Floor::Queued { position } => Some(position),
                _ => None,
            },
            floor_granted: view.floor == Floor::Speaking,
        },
    );
    standby(cx);
    // Nobody signed in: only standby and sign-in make sense.
    let page = cx.page();
    if view.signed_in.is_none() && !matches!(page, Page::Standby | Page::SignIn) {
        signed_out(cx, st);
    }
}

fn standby(cx: &Ctx<'_>) {
    let time = now(cx);
    let meeting = cx.manifest().map(|m| &m.meeting);
    standby_adapter::show(
        cx.window,
        &StandbyView {
            organisation: cx.app.settings.organisation.clone(),
            meeting_title: meeting.map_or_else(
                || text::tr("Đang chờ chương trình họp…", "Waiting for the meeting…"),
                |m| m.title.clone(),
            ),
            room: room_name(cx),
            clock: time.clock(),
            weekday: Some(time.weekday),
            date: time.date(),
            starts_at: meeting
                .map(|m| text::starts_at(&m.starts_at))
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| "--:--".to_owned()),
            in_session: cx
                .view
                .state
                .as_ref()
                .is_some_and(|s| s.phase == Phase::InSession),
            seat: cx.app.settings.seat_label.clone(),
            seat_delegate: cx.seat_delegate().map(|d| d.full_name.clone()),
        },
    );
}

/// Every second: the clocks.
pub(super) fn tick(cx: &Ctx<'_>, _st: &mut State) {
    let clock = now(cx).clock();
    status_adapter::set_clock(cx.window, &clock);
    standby_adapter::set_clock(cx.window, &clock);
}

fn now(cx: &Ctx<'_>) -> LocalTime {
    LocalTime::at(cx.now, cx.app.settings.utc_offset_minutes)
}

fn room_name(cx: &Ctx<'_>) -> String {
    let settings = &cx.app.settings;
    if settings.room_name.is_empty() {
        cx.manifest().map_or_else(String::new, |m| {
            text::tr(
                &format!("Phòng họp {}", m.meeting.room),
                &format!("Room {}", m.meeting.room),
            )
        })
    } else {
        settings.room_name.clone()
    }
}

/// The link to the room as the status bar says it: before the first
/// connection the seat is "connecting again", after a drop it is offline.
fn connection(c: &Connection) -> ConnectionState {
    match c {
        Connection::Online => ConnectionState::Online,
        Connection::Connecting => ConnectionState::Reconnecting,
        Connection::Offline { .. } => ConnectionState::Offline,
    }
}
