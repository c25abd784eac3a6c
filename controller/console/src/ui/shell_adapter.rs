//! The top bar, the navigation rail and the message strip (`ShellAdapter`).

use slint::ComponentHandle;

use super::{AppWindow, ConnectionState, Language, Page, ShellAdapter, Tone};

/// What the frame around the pages shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ShellView {
    pub room: String,
    pub meeting: String,
    /// The session's phase and the item under way.
    pub phase: String,
    pub connection: ConnectionState,
    pub clock: String,
    pub operator_name: String,
    pub operator_role: String,
    /// Marks on the navigation rail; empty: none.
    pub seats_mark: String,
    pub ballot_mark: String,
    pub speakers_mark: String,
    /// How the last command went; empty: nothing to say.
    pub message: String,
    pub tone: Tone,
    pub counters: String,
}

/// Pushes the frame's view.
pub fn show(window: &AppWindow, v: &ShellView) {
    let a = window.global::<ShellAdapter>();
    a.set_room(v.room.as_str().into());
    a.set_meeting(v.meeting.as_str().into());
    a.set_phase(v.phase.as_str().into());
    a.set_connection(v.connection);
    a.set_clock(v.clock.as_str().into());
    a.set_operator_name(v.operator_name.as_str().into());
    a.set_operator_role(v.operator_role.as_str().into());
    a.set_seats_mark(v.seats_mark.as_str().into());
    a.set_ballot_mark(v.ballot_mark.as_str().into());
    a.set_speakers_mark(v.speakers_mark.as_str().into());
    a.set_message(v.message.as_str().into());
    a.set_message_tone(v.tone);
    a.set_counters(v.counters.as_str().into());
}

/// A page of the rail was clicked.
pub fn on_navigate(window: &AppWindow, f: impl Fn(Page) + 'static) {
    window.global::<ShellAdapter>().on_navigate(f);
}

/// "Đăng xuất" in the top bar.
pub fn on_sign_out(window: &AppWindow, f: impl Fn() + 'static) {
    window.global::<ShellAdapter>().on_sign_out(f);
}

/// A language was chosen in the top bar.
pub fn on_language_requested(window: &AppWindow, f: impl Fn(Language) + 'static) {
    window
        .global::<ShellAdapter>()
        .on_language_requested(move |code| {
            if let Some(language) = Language::from_code(&code) {
                f(language);
            }
        });
}
