//! The status bar on every screen and the navigation rail (`StatusAdapter`).

use slint::ComponentHandle;

use super::{AppWindow, ConnectionState, Language, Page, StatusAdapter, int};

/// Who is signed in at this seat, as the status bar shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DelegateBadge {
    pub full_name: String,
    pub unit_name: String,
}

/// Everything the status bar and the navigation rail show.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusView {
    pub room: String,
    /// The seat's label ("12").
    pub seat: String,
    /// The time as the seat shows it ("08:42").
    pub clock: String,
    pub connection: ConnectionState,
    /// Papers of the meeting in the seat's cache, of how many.
    pub papers_cached: u32,
    pub papers_total: u32,
    pub delegate: Option<DelegateBadge>,
    /// A ballot is open: the rail marks "Biểu quyết".
    pub ballot_open: bool,
    /// This seat's place in the speakers queue, if queued.
    pub speaking_position: Option<u32>,
    /// This seat has the floor.
    pub floor_granted: bool,
}

/// Pushes the whole status into the bar and the rail.
pub fn show(window: &AppWindow, view: &StatusView) {
    let status = window.global::<StatusAdapter>();
    status.set_room(view.room.as_str().into());
    status.set_seat(view.seat.as_str().into());
    status.set_clock(view.clock.as_str().into());
    status.set_connection(view.connection);
    status.set_papers_cached(int(view.papers_cached));
    status.set_papers_total(int(view.papers_total));
    status.set_signed_in(view.delegate.is_some());
    let (name, unit) = view
        .delegate
        .as_ref()
        .map_or(("", ""), |d| (d.full_name.as_str(), d.unit_name.as_str()));
    status.set_delegate_name(name.into());
    status.set_delegate_unit(unit.into());
    status.set_ballot_open(view.ballot_open);
    status.set_speaking_position(view.speaking_position.map_or(0, int));
    status.set_floor_granted(view.floor_granted);
}

/// Updates only the clock (every minute, without rebuilding the rest).
pub fn set_clock(window: &AppWindow, clock: &str) {
    window.global::<StatusAdapter>().set_clock(clock.into());
}

/// Updates only the connection state.
pub fn set_connection(window: &AppWindow, connection: ConnectionState) {
    window.global::<StatusAdapter>().set_connection(connection);
}

/// Updates only the paper sync progress.
pub fn set_sync(window: &AppWindow, papers_cached: u32, papers_total: u32) {
    let status = window.global::<StatusAdapter>();
    status.set_papers_cached(int(papers_cached));
    status.set_papers_total(int(papers_total));
}

/// The delegate touched a tab of the navigation rail (or a "see results" button).
pub fn on_navigate(window: &AppWindow, f: impl Fn(Page) + 'static) {
    window.global::<StatusAdapter>().on_navigate(f);
}

/// The delegate touched "Đăng xuất".
pub fn on_sign_out(window: &AppWindow, f: impl Fn() + 'static) {
    window.global::<StatusAdapter>().on_sign_out(f);
}

/// The delegate asked for another language.
pub fn on_language_requested(window: &AppWindow, f: impl Fn(Language) + 'static) {
    window
        .global::<StatusAdapter>()
        .on_language_requested(move |code| {
            if let Some(language) = Language::from_code(&code) {
                f(language);
            }
        });
}

/// Navigation that just shows the page asked for, and a language button
/// that switches at once: enough for previews and for a core that has no
/// opinion on either.
pub fn connect_default_navigation(window: &AppWindow) {
    let weak = window.as_weak();
    on_navigate(window, move |page| {
        if let Some(window) = weak.upgrade() {
            window.set_current_page(page);
        }
    });
    let weak = window.as_weak();
    on_language_requested(window, move |language| {
        if let Some(window) = weak.upgrade()
            && let Err(err) = super::set_language(&window, language)
        {
            tracing::warn!(cause = %err, "cannot switch the language");
        }
    });
}
