//! Notices (`NoticesAdapter`).

use slint::ComponentHandle;

use super::{AppWindow, NoticeRow, NoticesAdapter, model};

/// What the notices page shows (the draft itself stays as typed).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NoticesView {
    /// "12/1000 ký tự".
    pub count: String,
    /// The draft may be sent (not empty, not too long).
    pub draft_ok: bool,
    pub sending: bool,
    /// Newest first.
    pub sent: Vec<NoticeRow>,
    pub can_send: bool,
    pub why_not: String,
}

/// Pushes the view.
pub fn show(window: &AppWindow, v: &NoticesView) {
    let a = window.global::<NoticesAdapter>();
    a.set_count(v.count.as_str().into());
    a.set_draft_ok(v.draft_ok);
    a.set_sending(v.sending);
    a.set_sent(model(v.sent.clone()));
    a.set_can_send(v.can_send);
    a.set_why_not(v.why_not.as_str().into());
}

/// Replaces the draft (empties it once a notice is sent).
pub fn set_draft(window: &AppWindow, text: &str) {
    window.global::<NoticesAdapter>().set_draft(text.into());
}

/// The draft changed.
pub fn on_draft_edited(window: &AppWindow, f: impl Fn(String) + 'static) {
    window
        .global::<NoticesAdapter>()
        .on_draft_edited(move |t| f(t.to_string()));
}

/// "Gửi thông báo" with the draft.
pub fn on_send(window: &AppWindow, f: impl Fn(String) + 'static) {
    window
        .global::<NoticesAdapter>()
        .on_send(move |t| f(t.to_string()));
}
