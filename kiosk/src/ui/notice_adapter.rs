//! Notices (thông báo) from the secretary over any screen (`NoticeAdapter`).

use slint::ComponentHandle;

use super::{AppWindow, NoticeAdapter, int};

/// One notice as the overlay shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeView {
    /// Numbered from 1 within the meeting.
    pub number: u32,
    pub text: String,
    /// When it was sent, as the seat shows times ("10:15").
    pub time: String,
}

/// Shows a notice over the current screen, or hides the overlay (`None`).
pub fn show(window: &AppWindow, notice: Option<&NoticeView>) {
    let adapter = window.global::<NoticeAdapter>();
    if let Some(notice) = notice {
        adapter.set_number(int(notice.number));
        adapter.set_text(notice.text.as_str().into());
        adapter.set_time(notice.time.as_str().into());
    }
    adapter.set_visible(notice.is_some());
}

/// The delegate touched "Đã xem". The overlay stays until Rust hides it.
pub fn on_dismissed(window: &AppWindow, f: impl Fn() + 'static) {
    window.global::<NoticeAdapter>().on_dismissed(f);
}
