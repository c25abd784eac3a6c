//! The standby screen before anyone signs in (`StandbyAdapter`).

use slint::ComponentHandle;

use super::{AppWindow, StandbyAdapter};

/// What the standby screen shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StandbyView {
    /// The body holding the meeting, as printed on its letterhead ("TỈNH ỦY BÌNH ĐỊNH").
    pub organisation: String,
    pub meeting_title: String,
    pub room: String,
    /// The time ("08:42").
    pub clock: String,
    /// Day of the week, 1 = Monday … 7 = Sunday; `None` shows the date alone.
    pub weekday: Option<u8>,
    /// The date as dd/mm/yyyy.
    pub date: String,
    /// When the session starts ("08:00").
    pub starts_at: String,
    pub in_session: bool,
    pub seat: String,
    /// The delegate the seat plan puts here, if any.
    pub seat_delegate: Option<String>,
}

/// Pushes the standby view.
pub fn show(window: &AppWindow, view: &StandbyView) {
    let adapter = window.global::<StandbyAdapter>();
    adapter.set_organisation(view.organisation.as_str().into());
    adapter.set_meeting_title(view.meeting_title.as_str().into());
    adapter.set_room(view.room.as_str().into());
    adapter.set_clock(view.clock.as_str().into());
    adapter.set_weekday(
        view.weekday
            .filter(|d| (1..=7).contains(d))
            .map_or(0, i32::from),
    );
    adapter.set_date(view.date.as_str().into());
    adapter.set_starts_at(view.starts_at.as_str().into());
    adapter.set_in_session(view.in_session);
    adapter.set_seat(view.seat.as_str().into());
    adapter.set_seat_delegate(view.seat_delegate.as_deref().unwrap_or("").into());
}

/// Updates only the clock.
pub fn set_clock(window: &AppWindow, clock: &str) {
    window.global::<StandbyAdapter>().set_clock(clock.into());
}

/// The delegate touched the screen or "Đăng nhập".
pub fn on_sign_in_requested(window: &AppWindow, f: impl Fn() + 'static) {
    window.global::<StandbyAdapter>().on_sign_in_requested(f);
}
