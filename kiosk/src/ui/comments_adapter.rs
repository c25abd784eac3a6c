//! Comments (góp ý) with the on-screen keyboard (`CommentsAdapter`).
//!
//! Keys come out as [`Key`]s; the core composes Telex (`kiosk_core::telex`) and
//! sends the text back with [`set_text`].

use slint::ComponentHandle;

use super::{AppWindow, CommentTarget, CommentsAdapter, int};

/// A key of the on-screen keyboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    /// Letters (upper-case when Shift was on), digits, punctuation, space.
    Text(String),
    Backspace,
    Enter,
}

impl Key {
    /// What the `.slint` keyboard sends, as a key: Slint's `Key.Backspace`
    /// ("\u{8}") and "\n" are the two special ones.
    pub fn from_ui(text: &str) -> Self {
        match text {
            "\u{8}" => Self::Backspace,
            "\n" | "\r" => Self::Enter,
            other => Self::Text(other.to_owned()),
        }
    }
}

/// The comments screen, except the text itself.
#[derive(Debug, Clone, PartialEq)]
pub struct CommentsView {
    pub target: CommentTarget,
    /// What the comment is about, in words.
    pub target_label: String,
    /// A paper is open, so "Tài liệu" and "Trang này" make sense.
    pub paper_available: bool,
    pub max_chars: u32,
    pub sending: bool,
    /// The outcome of the last send, and whether it is an error.
    pub status: Option<(String, bool)>,
}

/// Pushes the comments screen.
pub fn show(window: &AppWindow, view: &CommentsView) {
    let adapter = window.global::<CommentsAdapter>();
    adapter.set_target(view.target);
    adapter.set_target_label(view.target_label.as_str().into());
    adapter.set_paper_available(view.paper_available);
    adapter.set_max_chars(int(view.max_chars));
    adapter.set_sending(view.sending);
    let (status, is_error) = view
        .status
        .as_ref()
        .map_or(("", false), |(s, e)| (s.as_str(), *e));
    adapter.set_status(status.into());
    adapter.set_status_is_error(is_error);
}

/// Shows the comment text as composed so far.
pub fn set_text(window: &AppWindow, text: &str) {
    window.global::<CommentsAdapter>().set_text(text.into());
}

/// The delegate pressed a key of the on-screen keyboard.
pub fn on_key_pressed(window: &AppWindow, f: impl Fn(Key) + 'static) {
    window
        .global::<CommentsAdapter>()
        .on_key_pressed(move |text| f(Key::from_ui(&text)));
}

/// The delegate chose what the comment is about.
pub fn on_target_selected(window: &AppWindow, f: impl Fn(CommentTarget) + 'static) {
    window.global::<CommentsAdapter>().on_target_selected(f);
}

/// The whole text was replaced at once (a screen reader, a test).
pub fn on_text_replaced(window: &AppWindow, f: impl Fn(String) + 'static) {
    window
        .global::<CommentsAdapter>()
        .on_text_replaced(move |text| f(text.to_string()));
}

/// The delegate touched "Gửi góp ý".
pub fn on_send(window: &AppWindow, f: impl Fn() + 'static) {
    window.global::<CommentsAdapter>().on_send(f);
}

/// The delegate touched "Xóa hết".
pub fn on_clear(window: &AppWindow, f: impl Fn() + 'static) {
    window.global::<CommentsAdapter>().on_clear(f);
}

#[cfg(test)]
mod tests {
    use super::Key;

    #[test]
    fn keyboard_backspace_and_enter_become_special_keys() {
        assert_eq!(Key::from_ui("\u{8}"), Key::Backspace);
        assert_eq!(Key::from_ui("\n"), Key::Enter);
        assert_eq!(Key::from_ui("A"), Key::Text("A".into()));
        assert_eq!(Key::from_ui(" "), Key::Text(" ".into()));
    }
}
