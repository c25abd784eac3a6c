//! Private notes in the viewer (`NotesAdapter`): the page's text note typed
//! on the on-screen keyboard, and ink drawn over the page.
//!
//! Keys come out as [`Key`]s (the app composes Telex and sends the text back
//! with [`set_text`]); pen touches come out in page coordinates from 0 to 1.
//! Strokes go in as [`InkView`]s, already made into path commands.

use slint::{Color, ComponentHandle};

use super::comments_adapter::Key;
use super::generated::{InkStroke, NotesAdapter};
use super::{AppWindow, model};

/// One stroke as the page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct InkView {
    /// SVG path commands in a 1000 × 1000 box stretched over the page.
    pub commands: String,
    /// A share of the page width.
    pub width: f32,
    pub color: [u8; 3],
}

/// The notes panel, except the text and the ink.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NotesView {
    pub open: bool,
    /// "Trang 3".
    pub page_label: String,
    /// Touches on the page draw.
    pub pen: bool,
    /// Whether what is shown is saved, in words ("" says nothing).
    pub status: String,
}

fn ink(view: &InkView) -> InkStroke {
    let [r, g, b] = view.color;
    InkStroke {
        commands: view.commands.as_str().into(),
        width: view.width,
        color: Color::from_rgb_u8(r, g, b),
    }
}

/// Pushes the panel.
pub fn show(window: &AppWindow, view: &NotesView) {
    let adapter = window.global::<NotesAdapter>();
    adapter.set_open(view.open);
    adapter.set_page_label(view.page_label.as_str().into());
    adapter.set_pen(view.pen);
    adapter.set_status(view.status.as_str().into());
}

/// Shows the note as composed so far.
pub fn set_text(window: &AppWindow, text: &str) {
    window.global::<NotesAdapter>().set_text(text.into());
}

/// Shows the page's strokes, oldest first.
pub fn set_strokes(window: &AppWindow, strokes: &[InkView]) {
    window
        .global::<NotesAdapter>()
        .set_strokes(model(strokes.iter().map(ink).collect()));
}

/// Shows the stroke being drawn (`None`: none).
pub fn set_live(window: &AppWindow, stroke: Option<&InkView>) {
    let live = stroke.map(ink).unwrap_or_default();
    window.global::<NotesAdapter>().set_live(live);
}

/// The delegate pressed a key of the notes keyboard.
pub fn on_key_pressed(window: &AppWindow, f: impl Fn(Key) + 'static) {
    window
        .global::<NotesAdapter>()
        .on_key_pressed(move |text| f(Key::from_ui(&text)));
}

/// The whole text was replaced at once (a screen reader, a test).
pub fn on_text_replaced(window: &AppWindow, f: impl Fn(String) + 'static) {
    window
        .global::<NotesAdapter>()
        .on_text_replaced(move |text| f(text.to_string()));
}

/// The delegate chose the pen (`true`) or typing.
pub fn on_pen_toggled(window: &AppWindow, f: impl Fn(bool) + 'static) {
    window.global::<NotesAdapter>().on_pen_toggled(f);
}

/// The pen touched the page at (x, y), from 0 to 1.
pub fn on_pen_down(window: &AppWindow, f: impl Fn(f32, f32) + 'static) {
    window.global::<NotesAdapter>().on_pen_down(f);
}

/// The pen moved to (x, y), from 0 to 1.
pub fn on_pen_moved(window: &AppWindow, f: impl Fn(f32, f32) + 'static) {
    window.global::<NotesAdapter>().on_pen_moved(f);
}

/// The pen left the page.
pub fn on_pen_up(window: &AppWindow, f: impl Fn() + 'static) {
    window.global::<NotesAdapter>().on_pen_up(f);
}

/// The delegate touched "Hoàn tác nét".
pub fn on_undo(window: &AppWindow, f: impl Fn() + 'static) {
    window.global::<NotesAdapter>().on_undo(f);
}

/// The delegate touched "Xóa nét vẽ".
pub fn on_clear_ink(window: &AppWindow, f: impl Fn() + 'static) {
    window.global::<NotesAdapter>().on_clear_ink(f);
}

/// The delegate touched "Lưu và đóng", with the text shown.
pub fn on_save(window: &AppWindow, f: impl Fn(String) + 'static) {
    window
        .global::<NotesAdapter>()
        .on_save(move |text| f(text.to_string()));
}
